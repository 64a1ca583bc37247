"""Schemathesis on the app's OpenAPI schema: generated requests to every documented route of a
real server on 127.0.0.1 never get a 5xx answer.

Runs the ``st`` command line (schemathesis' pytest plugin does not work with this pytest):
``FUZZ_EXAMPLES`` examples per operation, 25 by default for ``make test``; ``make soak``
runs many more.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_endpoint_support import fixture_server

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


def run_schemathesis(url: str, examples: int, workdir: Path) -> subprocess.CompletedProcess[str]:
    """``st run`` against ``url``/openapi.json with the not_a_server_error check only."""
    st = Path(sys.executable).parent / "st"
    command = [str(st), "run", f"{url}/openapi.json", "--checks", "not_a_server_error",
               "--max-examples", str(examples), "--request-timeout", "30", "--seed", "1",
               "--generation-database", ":memory:", "--suppress-health-check", "all",
               "--workers", "2"]
    return subprocess.run(command, capture_output=True, text=True, cwd=workdir, timeout=900,
                          env={**os.environ, "NO_COLOR": "1"})


def test_no_server_errors(tmp_path: Path) -> None:
    with fixture_server(tmp_path, "--timeout", "2") as url:
        done = run_schemathesis(url, EXAMPLES, tmp_path)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout, done.stdout
