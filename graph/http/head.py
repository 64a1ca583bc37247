"""HEAD for every route (RFC 9110 §9.3.2): answered as GET, same status and headers, no body.

FastAPI's routes take GET only, so :class:`HeadAsGet` (an ASGI middleware) hands a HEAD request
to the app as a GET marked with :func:`is_head`, and drops the body of the answer. Routes whose
GET is expensive look at the mark and answer headers only (/dump); the rest run as for GET.
It also adds HEAD to the ``Allow`` header of a 405 that allows GET.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MARK = "unga_kg.head"
PATHSEND = "http.response.pathsend"  # a file the server would send itself: not for HEAD


def is_head(scope: Scope) -> bool:
    """True when this (GET) request came as HEAD through :class:`HeadAsGet`."""
    return bool(scope.get(MARK))


class HeadersOnly(Response):
    """The status and headers of ``response``, without its body or background task."""

    def __init__(self, response: Response) -> None:
        self.status_code = response.status_code
        self.raw_headers = list(response.raw_headers)
        self.body = b""
        self.background = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": b""})


def _allow_head(message: Message) -> Message:
    headers = list(message.get("headers", []))
    for i, (name, value) in enumerate(headers):
        if name.lower() != b"allow":
            continue
        methods = [m.strip() for m in value.decode("latin-1").split(",")]
        if "GET" in methods and "HEAD" not in methods:
            headers[i] = (name, ", ".join([*methods, "HEAD"]).encode("latin-1"))
    return {**message, "headers": headers}


class HeadAsGet:
    """Serve HEAD as GET without the body; add HEAD to 405s' ``Allow`` where GET is allowed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method") if scope["type"] == "http" else None
        if method is None or method == "GET":
            await self.app(scope, receive, send)
            return
        head = method == "HEAD"

        async def amend(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                message = _allow_head(message)
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        if head:  # a copy: the server's own scope still says HEAD, so it sends no body either
            extensions = {k: v for k, v in (scope.get("extensions") or {}).items() if k != PATHSEND}
            scope = {**scope, "method": "GET", "extensions": extensions, MARK: True}
        await self.app(scope, receive, amend)
