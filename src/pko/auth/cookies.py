"""The browser's cookies: `pko_session` carries only the signed, random id of a server-side session (or, before
signing in, the sign-in form's CSRF token); `pko_flash` carries a saved change's message to the next page;
`pko_device` marks a browser that signed in before as an account."""

from __future__ import annotations

from base64 import urlsafe_b64decode, urlsafe_b64encode

from itsdangerous import BadSignature, TimestampSigner
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pko.auth.sessions import service as sessions
from pko.auth.service import utcnow

SESSION_COOKIE = "pko_session"
FLASH_COOKIE = "pko_flash"
FLASH_SECONDS = 120
DEVICE_COOKIE = "pko_device"
DEVICE_DAYS = 180


def _current(token: str) -> sessions.SignedIn | None:
    from pko.db import session_scope

    with session_scope() as session:
        return sessions.current(session, token=token, at=utcnow())


def _cookie(name: str, value: str, max_age: int, secure: bool) -> str:
    return f"{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict" + ("; Secure" if secure else "")


class SessionCookie:
    """Middleware: the cookie's session id becomes `request.session` ({sid, username, csrf} of a live session,
    {csrf} for a visitor's sign-in form, else empty, plus the `flash` message a write left for the next page);
    what a route leaves there becomes the cookies again."""

    def __init__(self, app: ASGIApp, *, secret: str, https_only: bool, max_age: int = int(sessions.LIFETIME.total_seconds())):
        self.app, self.https_only, self.max_age = app, https_only, max_age
        self.signer = TimestampSigner(secret, salt="pko-session")
        self.flash_signer = TimestampSigner(secret, salt="pko-flash")

    def _flash(self, raw: str | None) -> str | None:
        try:
            signed = self.flash_signer.unsign(raw or "", max_age=FLASH_SECONDS)
            return urlsafe_b64decode(signed).decode("utf-8")
        except (BadSignature, ValueError):
            return None

    def _read(self, raw: str | None) -> str | None:
        if not raw:
            return None
        try:
            return self.signer.unsign(raw, max_age=self.max_age).decode()
        except BadSignature:
            return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        cookies = HTTPConnection(scope).cookies
        raw = cookies.get(SESSION_COOKIE)
        value, data = self._read(raw), {}
        if value and value.startswith("s:"):
            found = await run_in_threadpool(_current, value[2:])
            if found is not None:
                data = {"sid": value[2:], "username": found.username, "csrf": found.csrf}
        elif value and value.startswith("a:"):
            data = {"csrf": value[2:]}
        flash = self._flash(cookies.get(FLASH_COOKIE))
        scope["session"] = {**data, "flash": flash} if flash else data
        kept = _value(data)

        async def send_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                now = _value(scope["session"])
                if now is not None and now != kept:
                    signed = self.signer.sign(now).decode()
                    MutableHeaders(scope=message).append("Set-Cookie", _cookie(SESSION_COOKIE, signed, self.max_age, self.https_only))
                elif now is None and raw:
                    MutableHeaders(scope=message).append("Set-Cookie", _cookie(SESSION_COOKIE, '""', 0, self.https_only))
                left = scope["session"].get("flash")
                if left != flash:
                    signed = self.flash_signer.sign(urlsafe_b64encode(left.encode("utf-8"))).decode() if left else '""'
                    MutableHeaders(scope=message).append(
                        "Set-Cookie", _cookie(FLASH_COOKIE, signed, FLASH_SECONDS if left else 0, self.https_only))
            await send(message)

        await self.app(scope, receive, send_cookie)


def _value(data: dict) -> str | None:
    if "sid" in data:
        return f"s:{data['sid']}"
    if "csrf" in data:
        return f"a:{data['csrf']}"
    return None


class DeviceCookie:
    """Signs and reads the known-device cookie: which account signed in from this browser, under which random id."""

    def __init__(self, secret: str, https_only: bool):
        self.signer, self.https_only = TimestampSigner(secret, salt="pko-device"), https_only

    def read(self, raw: str | None) -> tuple[str, str] | None:
        """(username, device id) of a valid cookie, else None."""
        try:
            username, _, device = self.signer.unsign(raw or "", max_age=DEVICE_DAYS * 86400).decode().rpartition("|")
        except BadSignature:
            return None
        return (username, device) if username and device else None

    def header(self, username: str, device: str) -> str:
        """The Set-Cookie value that marks this browser as a known device of the account."""
        return _cookie(DEVICE_COOKIE, self.signer.sign(f"{username}|{device}").decode(), DEVICE_DAYS * 86400, self.https_only)
