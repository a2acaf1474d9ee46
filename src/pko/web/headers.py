"""Security headers on every answer (pages, API, static files): what the browser may load and run, no framing,
no MIME sniffing, no full referrer sent away, HTTPS remembered in production, confidential answers never cached."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Scripts only from PKO's own files (no inline script, no eval); inline style attributes stay allowed.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
                           "frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """Middleware adding the headers; an answer to a caller with credentials (a session cookie or a bearer
    token) is marked `Cache-Control: no-store`, as is one that sets a cookie."""

    def __init__(self, app: ASGIApp, *, production: bool):
        self.app, self.production = app, production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = Headers(scope=scope)
        credentials = "authorization" in asked or "pko_session=" in asked.get("cookie", "")
        static = scope["path"].startswith("/static/")

        async def send_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "same-origin"
                if self.production:
                    headers["Strict-Transport-Security"] = HSTS
                if not static and (credentials or "set-cookie" in headers):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_headers)
