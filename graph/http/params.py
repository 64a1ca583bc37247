"""Request parameters decoded strictly: percent-encoded bytes must be UTF-8, names must not repeat.

``urllib.parse.parse_qsl`` and Starlette's ``request.query_params`` decode bytes that are not
UTF-8 to U+FFFD, so ``%E9`` (Latin-1 "é") would silently run a different query. Here such a
request is refused (400) instead, as a direct POST whose body is not UTF-8 already is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import PlainTextResponse

Pairs = list[tuple[str, str]]
PAIRS = "unga_kg.query_pairs"
"""Where :class:`StrictQueryString` leaves the decoded query string in the ASGI scope."""


class BadParameters(ValueError):
    """Parameters that cannot be read as the protocol means them (HTTP 400)."""


def decode_pairs(encoded: bytes | str, where: str) -> Pairs:
    """The ``name=value`` pairs of a query string or form body, in order, blank values kept.

    ``where`` names the source for the message ("query string", "form body"). BadParameters
    when a percent-encoded (or raw) byte sequence is not UTF-8.
    """
    try:
        text = encoded.decode("utf-8") if isinstance(encoded, bytes) else encoded
        return parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise BadParameters(
            f"the {where} is not valid UTF-8 after percent-decoding (byte "
            f"0x{exc.object[exc.start]:02X}); percent-encode the text as UTF-8") from None


def single(pairs: Pairs, name: str) -> str | None:
    """The value of parameter ``name`` (None if absent); BadParameters if it is given twice."""
    values = [v for k, v in pairs if k == name]
    if len(values) > 1:
        raise BadParameters(f"parameter {name!r} given more than once")
    return values[0] if values else None


def unique(pairs: Pairs) -> dict[str, str]:
    """The pairs as a mapping; BadParameters naming any parameter given more than once."""
    names = [k for k, _ in pairs]
    repeated = sorted({k for k in names if names.count(k) > 1})
    if repeated:
        listed = ", ".join(repr(k) for k in repeated)
        raise BadParameters(f"parameter {listed} given more than once" if len(repeated) == 1
                            else f"parameters {listed} given more than once")
    return dict(pairs)


def every(pairs: Pairs, name: str) -> list[str] | None:
    """All values of parameter ``name`` in order (None if absent)."""
    values = [v for k, v in pairs if k == name]
    return values or None


def query_string(scope: dict[str, object]) -> bytes:
    """The raw query string of an ASGI HTTP scope."""
    raw = scope.get("query_string", b"")
    return raw if isinstance(raw, bytes) else b""


def query_pairs(scope: dict[str, Any]) -> Pairs:
    """The pairs of the request's query string, decoded strictly once per request: the copy
    :class:`StrictQueryString` keeps in the scope, else decoded here (an app without it)."""
    pairs = scope.get(PAIRS)
    return pairs if pairs is not None else decode_pairs(query_string(scope), "query string")


class StrictQueryString:
    """ASGI middleware: every route's query string is read as the protocol routes read it.

    /sparql and /queries/{name} read their parameters with :func:`query_pairs`; the other
    routes (``/id/…?format=``, ``/dump``, ``/.well-known/void``) get theirs from Starlette,
    which would turn bytes that are not UTF-8 into U+FFFD and keep the last of repeated
    values. Here such a request gets 400, naming the problem, on every route. The decoded
    pairs go down in the scope, so that no route decodes them again.
    """

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any],
                       send: Callable[..., Awaitable[None]]) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            try:
                pairs = decode_pairs(query_string(scope), "query string")
                single(pairs, "format")
            except BadParameters as exc:
                await PlainTextResponse(f"{exc}\n", status_code=400)(scope, receive, send)
                return
            scope = {**scope, PAIRS: pairs}
        await self.app(scope, receive, send)
