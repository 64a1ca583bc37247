"""Linked-data pages and the other GET routes of ``unga-kg serve``, timed through a real server.

    python bench/pages.py [--stores full] [--repeat 3] [--write]

What a visitor waits for: each route below is requested ``--repeat`` times in turn (keep-alive
httpx client, 127.0.0.1) and its first and median times are reported with the status and the
size of the body. The server is given time to compute the state pages' heat map first
(``UNGA_KG_HEATMAP_WAIT`` and graph/http/views/heatmap.py), so state pages are timed with it
ready. The resources are ones every store has: the shipped roll calls and the first state.
"""

from __future__ import annotations

import statistics
import sys
import time

import httpx
from harness import our_server, repeated_runs_main, store

ROUTES = [
    ("/", "text/html"),
    ("/queries", "application/json"),
    ("/.well-known/void", "text/turtle"),
    ("/id/resolution/A-RES-ES-11-4", "text/html"),
    ("/id/resolution/A-RES-ES-11-4", "text/turtle"),
    ("/id/vote/A-RES-ES-11-4", "text/html"),
    ("/id/state/USA", "text/html"),
    ("/id/state/USA", "text/turtle"),
    ("/id/state/GHA", "text/html"),
    ("/id/session/ES-11", "text/html"),
    ("/queries/state_record?iso3=USA", "application/sparql-results+json"),
    ("/queries/cohesion?states=DEU+FRA+POL", "text/csv"),
]
HEATMAP_READY_TIMEOUT = 300.0


def wait_for_heat_map(client: httpx.Client, base: str) -> None:
    """Until a state page no longer says its heat map is being computed (or the timeout)."""
    deadline = time.monotonic() + HEATMAP_READY_TIMEOUT
    while time.monotonic() < deadline:
        page = client.get(base + "/id/state/USA", headers={"accept": "text/html"}).text
        if "being computed" not in page:
            return
        time.sleep(2)
    raise RuntimeError("the heat map was not ready within the timeout")


def run(kind: str, repeat: int) -> str:
    """Markdown table: route, Accept, status, bytes, first and median milliseconds."""
    lines = ["| route | Accept | status | bytes | first ms | median ms |", "|---|---|---:|---:|---:|---:|"]
    with our_server(store(kind)) as url, httpx.Client(timeout=120) as client:
        base = url.rsplit("/sparql", 1)[0]
        wait_for_heat_map(client, base)
        for path, accept in ROUTES:
            times, response = [], None
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(base + path, headers={"accept": accept})
                times.append((time.perf_counter() - started) * 1000)
            assert response is not None
            row = (f"| `{path}` | {accept} | {response.status_code} | {len(response.content):,} | "
                   f"{times[0]:,.0f} | {statistics.median(times):,.0f} |")
            print(row, file=sys.stderr)
            lines.append(row)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return repeated_runs_main("pages.py", "Pages and routes through the server", __doc__, run, argv,
                              stores="full")


if __name__ == "__main__":
    sys.exit(main())
