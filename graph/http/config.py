"""Settings of the HTTP endpoint (filled from ``unga-kg serve`` options)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from graph.service_policy import DEFAULT_ALLOW
from graph.vocab import DEFAULT_BASE


@dataclass
class EndpointConfig:
    """Limits and policies of one server."""

    timeout: float = 30.0
    allow_service: list[str] = field(default_factory=lambda: list(DEFAULT_ALLOW))
    service_aliases: dict[str, str] = field(default_factory=dict)
    update_token: str | None = None
    update_timeout: float = 600.0
    """Seconds an update may run before its process is killed (nothing is written then)."""
    workers: int = 3
    query_memory_mb: int | None = None
    """MiB of memory each query worker and update process may use (None: no limit).

    See ``default_query_memory``.
    """
    max_body: int = 1 << 20
    base: str = DEFAULT_BASE


def default_query_memory(workers: int) -> int:
    """MiB per query worker when ``--query-memory`` is not given: the machine's RAM / (workers + 1).

    Every worker at its limit then leaves a share for the server, the page cache and the rest.
    """
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(256, total // (workers + 1) >> 20)
