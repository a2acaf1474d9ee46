"""The web application: mounts each domain's API router and the UI."""

from __future__ import annotations

from importlib import import_module

from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse

from pko import __version__
from pko.auth.cookies import SessionCookie
from pko.auth.permissions import refuse_undeclared, require
from pko.config import get_settings
from pko.http import answer_errors, reject_unknown_query, reject_unstorable_body
from pko.openapi import document
from pko.web import mount
from pko.web.headers import SecurityHeaders

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
    "pko.footprint.api",
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

# Swagger UI from /static, started by a script file of its own (the Content-Security-Policy forbids inline scripts).
DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PKO API</title><link rel="icon" href="/static/pko.svg">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui" data-openapi-url="{openapi_url}"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script><script src="/static/swagger-start.js"></script>
</body></html>"""


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
    app.add_middleware(SessionCookie, secret=settings.signing_key, https_only=settings.environment != "development")
    app.add_middleware(SecurityHeaders, production=settings.environment == "production")
    answer_errors(app)

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(require("record", "read"))])
    def api_docs() -> HTMLResponse:
        """The interactive API documentation, with Swagger UI served from /static (no CDN)."""
        return HTMLResponse(DOCS_PAGE.format(openapi_url=app.openapi_url))

    for module_name in ROUTERS:
        app.include_router(import_module(module_name).router)
    mount(app)
    refuse_undeclared(app)
    document(app)
    return app
