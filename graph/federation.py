"""Federated queries from the command line: fail fast and clearly when a SERVICE endpoint is down.

pyoxigraph 0.5.13 calls SERVICE endpoints itself, with no time limit and an engine-level error
message ("Connection refused (os error 111)"). ``unga-kg query`` therefore, for a query with
SERVICE clauses (after graph.service_policy.check_services has applied the allow-list and the
aliases):

1. connects to every endpoint first (TCP, a few seconds at most) and names the one that
   cannot be reached;
2. runs the query in a worker thread (evaluation releases the GIL) and gives up after a
   deadline, so that an endpoint that accepts the connection but never answers cannot hang
   the command; the process then exits, which ends the stuck thread;
3. rewrites engine errors as "SERVICE call to <endpoint> failed: …".

The HTTP endpoint has its own mechanism (killable worker processes with a timeout).
"""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Callable
from typing import BinaryIO
from urllib.parse import urlsplit

from graph.service_policy import _service_target  # the allow-list's own parser of SERVICE targets
from graph.sparql_lexer import prefixes, tokens

CONNECT_TIMEOUT = 5.0
DEFAULT_DEADLINE = 60.0


class FederationError(OSError):
    """A SERVICE endpoint could not be reached, failed, or did not answer in time."""


def service_endpoints(query: str) -> list[str]:
    """The endpoint IRIs named by ``SERVICE`` in ``query``, in order, without repeats."""
    items = list(tokens(query))
    declared = prefixes(query)
    found: list[str] = []
    for i, token in enumerate(items):
        if token.kind == "word" and token.text.upper() == "SERVICE":
            _, endpoint = _service_target(items, i, declared)
            if endpoint not in found:
                found.append(endpoint)
    return found


def probe(endpoint: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Open (and close) a TCP connection to ``endpoint``; FederationError if that fails."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FederationError(f"SERVICE <{endpoint}>: not an http(s) endpoint")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            pass
    except TimeoutError:
        raise FederationError(
            f"SERVICE endpoint <{endpoint}> is unreachable: no connection within {timeout:g} s"
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FederationError(f"SERVICE endpoint <{endpoint}> is unreachable: {reason}") from None


def run_with_deadline(
    work: Callable[[BinaryIO], None], output: BinaryIO, endpoints: list[str], deadline: float
) -> None:
    """Run ``work`` (query + serialization into a buffer) in a thread; copy its output when done.

    Raises FederationError when it fails with an engine error or runs past ``deadline``
    seconds (the thread is left behind; the caller is expected to exit).
    """
    buffer = io.BytesIO()
    failure: list[BaseException] = []

    def target() -> None:
        try:
            work(buffer)
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    names = ", ".join(f"<{e}>" for e in endpoints)
    thread = threading.Thread(target=target, name="federated-query", daemon=True)
    thread.start()
    thread.join(deadline)
    if thread.is_alive():
        raise FederationError(f"no answer from SERVICE endpoint {names} within {deadline:g} s")
    if failure:
        exc = failure[0]
        if isinstance(exc, OSError) and not isinstance(exc, FederationError):
            raise FederationError(f"SERVICE call to {names} failed: {exc}") from None
        raise exc
    output.write(buffer.getvalue())


def run_federated(
    work: Callable[[BinaryIO], None], output: BinaryIO, query: str,
    deadline: float = DEFAULT_DEADLINE, connect_timeout: float = CONNECT_TIMEOUT,
) -> None:
    """Probe the SERVICE endpoints of ``query`` (already rewritten), then run ``work`` with a deadline."""
    endpoints = service_endpoints(query)
    for endpoint in endpoints:
        probe(endpoint, connect_timeout)
    run_with_deadline(work, output, endpoints, deadline)
