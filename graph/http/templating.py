"""Jinja2 templates and static files of graph/web, shared by the HTML routes."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

WEB = Path(__file__).resolve().parent.parent / "web"
STATIC = WEB / "static"
YASGUI = STATIC / "vendor" / "node_modules" / "@zazuko" / "yasgui" / "build"
templates = Jinja2Templates(directory=str(WEB / "templates"))


def wants_html(accept: str | None) -> bool:
    """True when a browser asks for HTML ahead of any RDF or JSON type."""
    if not accept:
        return False
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media and media != "*/*":
            return False
    return False
