"""The web UI: server-rendered pages (Jinja2 + htmx) and their locally served assets."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def mount(app: FastAPI) -> None:
    """Serve the UI's static files (stylesheet, scripts, vendored libraries, basemap) under /static."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
