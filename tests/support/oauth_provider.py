"""A local identity provider that speaks Google's OIDC and GitHub's OAuth wire format, for tests.

It is a real HTTP server (Starlette on uvicorn, a free port on 127.0.0.1) so our OAuth clients are tested
over sockets exactly as they talk to Google and GitHub:

- Google-like: `GET /google/o/oauth2/v2/auth` (records the request, redirects to redirect_uri with `code`
  and `state`), `POST /google/token` (client id/secret, single-use code, redirect_uri and the PKCE
  `code_verifier` against the stored S256 challenge; answers with an RS256 id_token carrying `iss`, `aud`,
  `azp`, `nonce`), `GET /google/oauth2/v3/certs` (JWKS).
- GitHub-like: `GET /github/login/oauth/authorize`, `POST /github/login/oauth/access_token` (PKCE-checked;
  errors as HTTP 200 with an `error` field, like GitHub), `GET /github/api/user`, `GET /github/api/user/emails`.

Tests choose who signs in (`google_account`, `github_account`) before the authorize step; the identity is
bound to the code at that moment, as when a real person signs in. Knobs for failure tests:
`id_token_claims` (claims merged into id_tokens, e.g. a wrong `aud`), `sign_with` (a foreign key and
kid), `rotate_key()`, and `down` (every endpoint answers 503).

Usage:
    async with LocalOAuthProvider.running() as provider:
        settings = make_settings(database_url, data_dir, **provider.settings())
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from pkg.gateway import HttpServer

CODE_TTL_SECONDS = 600
REDIRECT_URI = "https://app.skillsphere.test/oauth/callback"


@dataclass
class GoogleAccount:
    """A Google user: `sub` is the stable id, the rest goes into the id_token."""

    sub: str = "google-sub-1"
    email: str | None = "ada@example.com"
    email_verified: bool = True
    name: str | None = "Ada Lovelace"


@dataclass
class GitHubAccount:
    """A GitHub user and its email list (`/user/emails` entries: email, primary, verified, visibility)."""

    id: int = 1001
    login: str = "ada"
    name: str | None = "Ada Lovelace"
    public_email: str | None = None
    emails: list[dict[str, Any]] = field(
        default_factory=lambda: [{"email": "ada@example.com", "primary": True, "verified": True, "visibility": None}]
    )


@dataclass
class _Grant:
    provider: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str | None
    account: GoogleAccount | GitHubAccount
    created: float = field(default_factory=time.time)
    used: bool = False


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *params.items()]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def new_signing_key() -> tuple[str, rsa.RSAPrivateKey]:
    """A fresh RSA key and a kid for it."""
    return f"local-{secrets.token_hex(4)}", rsa.generate_private_key(public_exponent=65537, key_size=2048)


class LocalOAuthProvider:
    """The provider server and everything it saw; attributes are meant to be read and set by tests."""

    def __init__(self) -> None:
        self.google_client_id = "google-client-id.apps.local"
        self.google_client_secret = "google-client-secret"
        self.github_client_id = "github-client-id"
        self.github_client_secret = "github-client-secret"
        self.google_account = GoogleAccount()
        self.github_account = GitHubAccount()
        # (kid, private key) pairs whose public halves the JWKS publishes; the first one signs.
        self.keys: list[tuple[str, rsa.RSAPrivateKey]] = [new_signing_key()]
        self.id_token_claims: dict[str, Any] = {}
        self.sign_with: tuple[str, rsa.RSAPrivateKey] | None = None
        self.down = False
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self.jwks_requests = 0
        self._grants: dict[str, _Grant] = {}
        self._github_tokens: dict[str, GitHubAccount] = {}
        self._server: HttpServer | None = None

    # ------------------------------------------------------------------------------------------ running

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls) -> AsyncIterator[LocalOAuthProvider]:
        """Start a provider on a free port and stop it afterwards."""
        provider = cls()
        await provider.start()
        try:
            yield provider
        finally:
            await provider.stop()

    async def start(self) -> None:
        """Serve on a free port of 127.0.0.1."""
        self._server = HttpServer(self._app(), host="127.0.0.1", port=0, graceful_timeout=1)
        await self._server.start()

    async def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            await self._server.stop()
            self._server = None

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>"""
        assert self._server is not None, "provider not started"
        return f"http://127.0.0.1:{self._server.port}"

    @property
    def google_issuer(self) -> str:
        """The `iss` of this provider's id_tokens."""
        return f"{self.base_url}/google"

    def settings(self, **extra: Any) -> dict[str, Any]:
        """Settings overrides that point both providers at this server."""
        values: dict[str, Any] = {
            "oauth_google_client_id": self.google_client_id,
            "oauth_google_client_secret": self.google_client_secret,
            "oauth_google_authorize_url": f"{self.base_url}/google/o/oauth2/v2/auth",
            "oauth_google_token_url": f"{self.base_url}/google/token",
            "oauth_google_jwks_url": f"{self.base_url}/google/oauth2/v3/certs",
            "oauth_google_issuer": self.google_issuer,
            "oauth_github_client_id": self.github_client_id,
            "oauth_github_client_secret": self.github_client_secret,
            "oauth_github_authorize_url": f"{self.base_url}/github/login/oauth/authorize",
            "oauth_github_token_url": f"{self.base_url}/github/login/oauth/access_token",
            "oauth_github_api_url": f"{self.base_url}/github/api",
            "oauth_redirect_uris_allowed": [REDIRECT_URI],
        }
        values.update(extra)
        return values

    def rotate_key(self) -> str:
        """Start signing with a new key (published next to the old one); returns its kid."""
        self.keys.insert(0, new_signing_key())
        return self.keys[0][0]

    def reset(self) -> None:
        """Back to the default accounts and no failure knobs (keys and recorded requests stay)."""
        self.google_account = GoogleAccount()
        self.github_account = GitHubAccount()
        self.id_token_claims = {}
        self.sign_with = None
        self.down = False

    # -------------------------------------------------------------------------------------- endpoints

    def _app(self) -> Starlette:
        def guarded(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
            async def endpoint(request: Request) -> Response:
                if self.down:
                    return PlainTextResponse("provider is down", status_code=503)
                return await handler(request)

            return endpoint

        return Starlette(
            routes=[
                Route("/google/o/oauth2/v2/auth", guarded(self._google_authorize), methods=["GET"]),
                Route("/google/token", guarded(self._google_token), methods=["POST"]),
                Route("/google/oauth2/v3/certs", guarded(self._google_jwks), methods=["GET"]),
                Route("/github/login/oauth/authorize", guarded(self._github_authorize), methods=["GET"]),
                Route("/github/login/oauth/access_token", guarded(self._github_token), methods=["POST"]),
                Route("/github/api/user", guarded(self._github_user), methods=["GET"]),
                Route("/github/api/user/emails", guarded(self._github_emails), methods=["GET"]),
            ]
        )

    def _authorize(self, request: Request, provider: str, client_id: str) -> Response:
        params = dict(request.query_params)
        self.authorize_requests.append({"provider": provider, **params})
        redirect_uri = params.get("redirect_uri", "")
        if params.get("client_id") != client_id or not redirect_uri:
            return PlainTextResponse("unknown client or missing redirect_uri", status_code=400)
        if params.get("response_type", "code") != "code":
            return PlainTextResponse("only response_type=code", status_code=400)
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return RedirectResponse(
                _with_query(redirect_uri, {"error": "invalid_request", "state": params.get("state", "")}), 302
            )
        account = self.google_account if provider == "google" else self.github_account
        code = secrets.token_urlsafe(24)
        self._grants[code] = _Grant(
            provider=provider,
            client_id=client_id,
            redirect_uri=redirect_uri,
            code_challenge=params["code_challenge"],
            nonce=params.get("nonce"),
            account=replace(account),
        )
        return RedirectResponse(_with_query(redirect_uri, {"code": code, "state": params.get("state", "")}), 302)

    async def _redeem(self, request: Request, provider: str, client_id: str, secret: str) -> _Grant | str:
        """The grant for a valid token request, or an OAuth error code."""
        # urlencoded like every OAuth token request; parsed by hand to need no multipart library
        form = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
        self.token_requests.append({"provider": provider, **{k: v for k, v in form.items() if k != "client_secret"}})
        given_id, given_secret = form.get("client_id"), form.get("client_secret")
        basic = request.headers.get("authorization", "")
        if basic.lower().startswith("basic "):
            given_id, _, given_secret = base64.b64decode(basic[6:]).decode().partition(":")
        if given_id != client_id or given_secret != secret:
            return "invalid_client"
        if form.get("grant_type", "authorization_code") != "authorization_code":
            return "unsupported_grant_type"
        grant = self._grants.get(form.get("code", ""))
        if grant is None or grant.used or grant.provider != provider or time.time() - grant.created > CODE_TTL_SECONDS:
            return "invalid_grant"
        if form.get("redirect_uri") != grant.redirect_uri:
            return "invalid_grant"
        verifier = form.get("code_verifier", "")
        if not verifier or not secrets.compare_digest(_s256(verifier), grant.code_challenge):
            return "invalid_grant"
        grant.used = True
        return grant

    async def _google_authorize(self, request: Request) -> Response:
        return self._authorize(request, "google", self.google_client_id)

    async def _google_token(self, request: Request) -> Response:
        outcome = await self._redeem(request, "google", self.google_client_id, self.google_client_secret)
        if isinstance(outcome, str):
            return JSONResponse({"error": outcome}, status_code=401 if outcome == "invalid_client" else 400)
        account = outcome.account
        assert isinstance(account, GoogleAccount)
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.google_issuer,
            "azp": self.google_client_id,
            "aud": self.google_client_id,
            "sub": account.sub,
            "iat": now,
            "exp": now + 3600,
        }
        if account.email is not None:
            claims |= {"email": account.email, "email_verified": account.email_verified}
        if account.name is not None:
            claims["name"] = account.name
        if outcome.nonce is not None:
            claims["nonce"] = outcome.nonce
        claims.update(self.id_token_claims)
        kid, key = self.sign_with or self.keys[0]
        id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})
        return JSONResponse(
            {
                "access_token": "ya29." + secrets.token_urlsafe(24),
                "expires_in": 3599,
                "token_type": "Bearer",
                "scope": "openid https://www.googleapis.com/auth/userinfo.email",
                "id_token": id_token,
            }
        )

    async def _google_jwks(self, request: Request) -> Response:
        self.jwks_requests += 1
        keys = []
        for kid, key in self.keys:
            jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
            keys.append({**jwk, "kid": kid, "alg": "RS256", "use": "sig"})
        return JSONResponse({"keys": keys}, headers={"cache-control": "public, max-age=300"})

    async def _github_authorize(self, request: Request) -> Response:
        return self._authorize(request, "github", self.github_client_id)

    async def _github_token(self, request: Request) -> Response:
        outcome = await self._redeem(request, "github", self.github_client_id, self.github_client_secret)
        if isinstance(outcome, str):
            # GitHub answers token errors with HTTP 200 and an error field.
            error = {"invalid_client": "incorrect_client_credentials", "invalid_grant": "bad_verification_code"}
            return JSONResponse({"error": error.get(outcome, outcome), "error_description": "refused"})
        token = "gho_" + secrets.token_urlsafe(24)
        assert isinstance(outcome.account, GitHubAccount)
        self._github_tokens[token] = outcome.account
        return JSONResponse({"access_token": token, "token_type": "bearer", "scope": "read:user,user:email"})

    def _github_caller(self, request: Request) -> GitHubAccount | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return self._github_tokens.get(token) if scheme.lower() in ("bearer", "token") else None

    async def _github_user(self, request: Request) -> Response:
        account = self._github_caller(request)
        if account is None:
            return JSONResponse({"message": "Bad credentials"}, status_code=401)
        return JSONResponse(
            {"id": account.id, "login": account.login, "name": account.name, "email": account.public_email}
        )

    async def _github_emails(self, request: Request) -> Response:
        account = self._github_caller(request)
        if account is None:
            return JSONResponse({"message": "Bad credentials"}, status_code=401)
        return JSONResponse(account.emails)
