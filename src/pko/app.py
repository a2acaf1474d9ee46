"""The web application: mounts each domain's API router and the UI."""

from __future__ import annotations

from importlib import import_module

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.middleware.sessions import SessionMiddleware

from pko import __version__
from pko.auth.permissions import refuse_undeclared, require
from pko.config import get_settings
from pko.http import answer_errors, reject_unknown_query, reject_unstorable_body
from pko.web import mount

ROUTERS = (
    "pko.registry.api",
    "pko.registry.organizations_api",
    "pko.auth.api",
    "pko.missions.api",
    "pko.missions.mandates.api",
    "pko.contributions.api",
    "pko.safety.api",
    "pko.safety.analytics_api",
    "pko.incidents.api",
    "pko.locations.api",
    "pko.finance.api",
    "pko.finance.bills_api",
    "pko.sources.api",
    "pko.audit.api",
    "pko.forcegen.api",
    "pko.roads.api",
    "pko.partnership.api",
    "pko.consult.api",
    "pko.actions.api",
    "pko.actions.joint_api",
    "pko.web.pages",
    "pko.web.finance_pages",
    "pko.web.forcegen_pages",
    "pko.web.forcegen_forms",
    "pko.web.account_pages",
    "pko.web.mandate_pages",
    "pko.web.partnership_pages",
    "pko.web.incident_pages",
    "pko.web.action_pages",
    "pko.web.record_pages",
    "pko.web.consult_pages",
    "pko.web.route_pages",
)


def create_app() -> FastAPI:
    """A new application with every domain's routes."""
    settings = get_settings()
    app = FastAPI(
        title="PKO",
        version=__version__,
        description="Open planning and coordination platform for peacekeeping partnerships.",
        dependencies=[Depends(reject_unknown_query), Depends(reject_unstorable_body)],
        docs_url=None,
        redoc_url=None,
        max_body_size=settings.max_body_bytes,
    )
    app.add_middleware(
        SessionMiddleware, secret_key=settings.secret_key, session_cookie="pko_session", max_age=8 * 3600,
        same_site="strict", https_only=settings.environment != "development",
    )
    answer_errors(app)

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(require("record", "read"))])
    def api_docs() -> HTMLResponse:
        """The interactive API documentation, with Swagger UI served from /static (no CDN)."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url, title="PKO API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/pko.svg",
        )

    for module_name in ROUTERS:
        app.include_router(import_module(module_name).router)
    mount(app)
    refuse_undeclared(app)
    return app
