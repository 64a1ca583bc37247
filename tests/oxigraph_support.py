"""The ``oxigraph`` server binary (PyPI package ``oxigraph``) as a throw-away remote store for tests.

Not a test module; test modules import it by name.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from test_endpoint_support import free_port


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` executable (on PATH or next to this Python)."""
    return shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@contextmanager
def oxigraph_server(location: Path, *, read_only: bool = False, load: Path | None = None) -> Iterator[str]:
    """``oxigraph serve`` (or ``serve-read-only``) on a free 127.0.0.1 port; yields its base URL.

    ``load`` is an RDF file loaded into ``location`` first. The query endpoint is
    ``URL/query``, the Graph Store endpoint ``URL/store``.
    """
    binary = oxigraph_binary()
    if load is not None:
        subprocess.run([binary, "load", "--location", str(location), "--file", str(load)],
                       check=True, capture_output=True)
    port = free_port()
    command = "serve-read-only" if read_only else "serve"
    proc = subprocess.Popen([binary, command, "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
