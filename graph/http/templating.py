"""Jinja2 templates and static files of graph/web, shared by the HTML routes."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

WEB = Path(__file__).resolve().parent.parent / "web"
STATIC = WEB / "static"
YASGUI = STATIC / "vendor" / "node_modules" / "@zazuko" / "yasgui" / "build"
templates = Jinja2Templates(directory=str(WEB / "templates"))

