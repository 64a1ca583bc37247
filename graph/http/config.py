"""Settings of the HTTP endpoint (filled from ``unga-kg serve`` options)."""

from __future__ import annotations

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
    max_body: int = 1 << 20
    base: str = DEFAULT_BASE
