"""The web application: mounts each domain's API router and the UI."""

from __future__ import annotations

from importlib import import_module

from fastapi import Depends, FastAPI

from pko import __version__
from pko.http import reject_unknown_query

ROUTERS = (
    "pko.registry.api",
    "pko.missions.api",
    "pko.contributions.api",
    "pko.safety.api",
    "pko.locations.api",
    "pko.sources.api",
    "pko.web.pages",
)


def create_app() -> FastAPI:
    """A new application with every domain's routes."""
    app = FastAPI(
        title="PKO",
        version=__version__,
        description="Open planning and coordination platform for peacekeeping partnerships.",
        dependencies=[Depends(reject_unknown_query)],
    )
    for module_name in ROUTERS:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        app.include_router(module.router)
    if hasattr(import_module("pko.web"), "mount"):
        import_module("pko.web").mount(app)
    return app
