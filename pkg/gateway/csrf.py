"""CSRF protection for the HTML forms the HTTP port serves: a signed double-submit token plus origin checks.

A GET that renders a form sets a random cookie (HttpOnly, SameSite=Lax) and puts into the form an HMAC of
that cookie and the form's name under a server secret. A POST is accepted only when

- the form's token is the HMAC of the cookie it arrived with (another site can neither read the cookie nor
  compute the HMAC without the secret, and cannot set our cookie; the cookie alone is not enough);
- `Sec-Fetch-Site`, when the browser sends it, is `same-origin`;
- `Origin`, when sent and not `null`, is this server's or the public base URL's origin. (Pages served with
  `Referrer-Policy: no-referrer` make browsers send `Origin: null` on their own form posts, so `null` cannot
  be refused; the token and Sec-Fetch-Site carry the check then.)

The secret is shared by replicas (derived from the page-token secret), so any replica accepts any form.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "skillsphere_csrf"
FIELD = "csrf_token"
_COOKIE_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
_MAX_AGE_SECONDS = 2 * 3600


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


class CsrfGuard:
    """Issues and checks per-form CSRF tokens bound to a cookie (see the module docstring)."""

    def __init__(self, secret: bytes, *, trusted_origins: Iterable[str] = ()) -> None:
        if len(secret) < 16:
            raise ValueError("the CSRF secret needs at least 16 bytes")
        self._key = hashlib.sha256(b"skillsphere csrf\0" + secret).digest()
        self._origins = {o for o in (_origin(u) for u in trusted_origins) if o}

    def _sign(self, cookie: str, form: str) -> str:
        mac = hmac.new(self._key, f"{form}\0{cookie}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()

    def issue(self, request: Request, form: str) -> tuple[str, str]:
        """(cookie value, form token) for rendering `form`; reuses the request's cookie when it has one, so
        forms open in other tabs stay valid."""
        cookie = request.cookies.get(COOKIE, "")
        if not _COOKIE_SHAPE.match(cookie):
            cookie = secrets.token_urlsafe(32)
        return cookie, self._sign(cookie, form)

    @staticmethod
    def set_cookie(response: Response, request: Request, cookie: str) -> None:
        """Attach the CSRF cookie (Secure when the page was reached over HTTPS)."""
        response.set_cookie(
            COOKIE,
            cookie,
            max_age=_MAX_AGE_SECONDS,
            path="/",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https",
        )

    def problem(self, request: Request, form: str, submitted: str) -> str | None:
        """Why this POST of `form` is refused, or None when it passes."""
        fetch_site = request.headers.get("sec-fetch-site")
        if fetch_site is not None and fetch_site != "same-origin":
            return "cross-site request"
        origin = request.headers.get("origin")
        if origin is not None and origin != "null":
            host = request.headers.get("host", "")
            allowed = {*self._origins, f"{request.url.scheme}://{host}".lower()}
            if origin.lower() not in allowed:
                return "foreign origin"
        cookie = request.cookies.get(COOKIE, "")
        if not _COOKIE_SHAPE.match(cookie):
            return "missing cookie"
        if not submitted or not hmac.compare_digest(submitted, self._sign(cookie, form)):
            return "token mismatch"
        return None
