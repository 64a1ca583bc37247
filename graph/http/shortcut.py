"""An ASGI middleware that hands one exact path to its own ASGI app, ahead of the framework."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class ExactPath:
    """HTTP requests for exactly ``path`` (or ``path/``) go to ``target``; the rest go to ``app``.

    Added as the innermost middleware it keeps the outer ones (body limit, CORS, the 500
    handler) and skips only the framework's routing and per-route machinery.
    """

    def __init__(self, app: ASGIApp, path: str, target: ASGIApp) -> None:
        self.app = app
        self.paths = (path, path.rstrip("/") + "/")
        self.target = target

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in self.paths:
            await self.target(scope, receive, send)
        else:
            await self.app(scope, receive, send)
