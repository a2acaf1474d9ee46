"""The web application: mounts each domain's API router and the UI."""

from __future__ import annotations

from importlib import import_module

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from pko import __version__
from pko.auth.permissions import require
from pko.errors import Conflict, NotFound, QueryError, StaleVersion
from pko.http import reject_unknown_query
from pko.web import mount

ROUTERS = (
    "pko.registry.api",
    "pko.missions.api",
    "pko.missions.mandates.api",
    "pko.contributions.api",
    "pko.safety.api",
    "pko.locations.api",
    "pko.sources.api",
    "pko.audit.api",
    "pko.web.pages",
)


def create_app() -> FastAPI:
    """A new application with every domain's routes."""
    app = FastAPI(
        title="PKO",
        version=__version__,
        description="Open planning and coordination platform for peacekeeping partnerships.",
        dependencies=[Depends(reject_unknown_query)],
        docs_url=None,
        redoc_url=None,
    )

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(require("record", "read"))])
    def api_docs() -> HTMLResponse:
        """The interactive API documentation, with Swagger UI served from /static (no CDN)."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url, title="PKO API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/pko.svg",
        )

    @app.exception_handler(QueryError)
    async def _unanswerable(_request: Request, error: QueryError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=422)

    @app.exception_handler(NotFound)
    async def _not_found(_request: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=404)

    @app.exception_handler(Conflict)
    async def _conflict(_request: Request, error: Conflict) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=409)

    @app.exception_handler(StaleVersion)
    async def _stale(_request: Request, error: StaleVersion) -> JSONResponse:
        headers = {"ETag": f'"{error.current}"'} if error.current is not None else {}
        return JSONResponse({"detail": str(error)}, status_code=412 if error.current is not None else 409, headers=headers)

    for module_name in ROUTERS:
        app.include_router(import_module(module_name).router)
    mount(app)
    return app
