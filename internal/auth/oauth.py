"""Sign-in with Google (OpenID Connect) and GitHub (OAuth 2.0): the provider side of OAuthLogin.

`OAuthClients` builds the authorization URL (authorization-code flow with PKCE S256, `state`, and an
OIDC `nonce` for Google) and turns the code the provider sent back into an `ExternalIdentity`:

- Google: the code is exchanged at the token endpoint and the returned id_token is verified here —
  RS256 signature against the provider's JWKS (cached, refetched when an unknown `kid` shows up, at most
  once per `jwks_min_refresh_seconds`), `iss`, `aud` = our client id (`azp` too when there are several
  audiences), `exp`, `iat` and our `nonce`. Only then are `sub`, `email`, `email_verified` and `name` read.
- GitHub: the code is exchanged (GitHub answers errors with HTTP 200 and an `error` field), then
  `GET /user` and `GET /user/emails` are read; the email is the primary verified one, else any verified
  one, else the unverified primary with `email_verified=False`.

State storage, account lookup and linking belong to the AuthService; this module only talks to the
providers. Errors: a provider that is not configured → FailedPrecondition PROVIDER_NOT_CONFIGURED; a
refused code or a bad id_token → Unauthenticated OAUTH_CODE_REJECTED; a provider that cannot be reached or
answers 5xx/429 → Unavailable OAUTH_PROVIDER_UNAVAILABLE. Codes, tokens and secrets are never logged.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import jwt
from skillsphere.auth.v1.error_reason import ErrorReason

from pkg.config import Settings
from pkg.config.settings import Environment
from pkg.errors import FailedPrecondition, InvalidArgument, Unauthenticated, Unavailable
from pkg.log import get_logger

log = get_logger("auth.oauth")

GOOGLE: Final = "google"
GITHUB: Final = "github"
PROVIDERS: Final = (GOOGLE, GITHUB)

GOOGLE_SCOPES: Final = "openid email profile"
GITHUB_SCOPES: Final = "read:user user:email"

# Google signs id_tokens with RS256 only; accepting nothing else rules out algorithm confusion.
_ID_TOKEN_ALGORITHMS: Final = ("RS256",)
_CLOCK_LEEWAY_SECONDS: Final = 60
_VERIFIER_PATTERN = re.compile(r"[A-Za-z0-9\-._~]{43,128}")  # RFC 7636 section 4.1
_MAX_AGE = re.compile(r"max-age=(\d+)")
_USER_AGENT = "SkillSphere-OAuth/1"


@dataclass(frozen=True)
class ExternalIdentity:
    """Who the provider says signed in: a stable subject and, maybe, an email it vouches for."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool
    display_name: str | None


def new_state() -> str:
    """An unguessable `state` value (256 random bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def new_nonce() -> str:
    """An unguessable OIDC `nonce` (256 random bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def new_code_verifier() -> str:
    """A PKCE code verifier: 86 URL-safe characters (512 random bits), within RFC 7636's 43..128."""
    return secrets.token_urlsafe(64)


def code_challenge(code_verifier: str) -> str:
    """The PKCE S256 challenge of a verifier: BASE64URL(SHA256(verifier)) without padding."""
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _with_query(url: str, params: dict[str, str]) -> str:
    """`url` with `params` added to whatever query it already has."""
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *params.items()]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def provider_not_configured(provider: str) -> FailedPrecondition:
    """The answer when sign-in with `provider` is not enabled on this server."""
    return FailedPrecondition(
        f"Sign-in with {provider} is not enabled on this server.",
        reason=ErrorReason.PROVIDER_NOT_CONFIGURED,
        metadata={"provider": provider},
    )


def _failed(provider: str, message: str) -> Unauthenticated:
    return Unauthenticated(message, reason=ErrorReason.OAUTH_CODE_REJECTED, metadata={"provider": provider})


def _unavailable(provider: str) -> Unavailable:
    return Unavailable(
        f"The {provider} sign-in service cannot be reached right now; try again in a minute.",
        reason=ErrorReason.OAUTH_PROVIDER_UNAVAILABLE,
        metadata={"provider": provider},
    )


class _KeyCache:
    """A provider's signing keys (JWKS) by `kid`, fetched lazily and refreshed on expiry or an unknown kid.

    Refetching on an unknown kid follows key rotation without a restart; the minimum interval between
    refetches keeps a stream of forged tokens from turning into a stream of requests to the provider.
    Each replica keeps its own copy, which is fine: the keys are public and the provider's.
    """

    def __init__(self, http: httpx.AsyncClient, url: str, *, timeout: float, min_refresh_seconds: float) -> None:
        self._http = http
        self._url = url
        self._timeout = timeout
        self._min_refresh = min_refresh_seconds
        self._keys: dict[str, Any] = {}
        self._expires_at = 0.0
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    async def key(self, provider: str, kid: str) -> Any:
        """The public key with this kid; raises Unauthenticated if the provider has no such key."""
        if kid in self._keys and time.monotonic() < self._expires_at:
            return self._keys[kid]
        async with self._lock:
            now = time.monotonic()
            stale = now >= self._expires_at
            may_refetch = self._fetched_at is None or now - self._fetched_at >= self._min_refresh
            if stale or (kid not in self._keys and may_refetch):
                try:
                    await self._fetch(provider)
                except Unavailable:
                    if kid not in self._keys:
                        raise
                    # The key is known from the last fetch: an expired cache is better than no sign-in.
                    log.warning("oauth_jwks_refresh_failed", provider=provider, using_cached=True)
        found = self._keys.get(kid)
        if found is None:
            raise _failed(provider, f"The {provider} id_token was signed by a key the provider does not publish.")
        return found

    async def _fetch(self, provider: str) -> None:
        try:
            response = await self._http.get(
                self._url, timeout=self._timeout, headers={"accept": "application/json", "user-agent": _USER_AGENT}
            )
        except httpx.HTTPError as exc:
            log.warning("oauth_jwks_fetch_failed", provider=provider, error=type(exc).__name__)
            raise _unavailable(provider) from exc
        self._fetched_at = time.monotonic()
        if response.status_code != 200:
            log.warning("oauth_jwks_fetch_failed", provider=provider, status=response.status_code)
            raise _unavailable(provider)
        try:
            document = response.json()
            entries = document["keys"]
            if not isinstance(entries, list):
                raise TypeError("keys is not a list")
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("oauth_jwks_malformed", provider=provider)
            raise _unavailable(provider) from exc
        keys: dict[str, Any] = {}
        for entry in entries:
            if not isinstance(entry, dict) or entry.get("use", "sig") != "sig" or "kid" not in entry:
                continue
            try:
                keys[str(entry["kid"])] = jwt.PyJWK(entry).key
            except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, KeyError, TypeError):
                log.warning("oauth_jwks_key_skipped", provider=provider, kid=str(entry["kid"]))
        self._keys = keys
        max_age = _MAX_AGE.search(response.headers.get("cache-control", ""))
        ttl = min(max(int(max_age.group(1)), 60), 86_400) if max_age else 3_600
        self._expires_at = self._fetched_at + ttl
        log.info("oauth_jwks_fetched", provider=provider, key_count=len(keys), ttl_seconds=ttl)


@dataclass(frozen=True)
class _Client:
    client_id: str
    client_secret: str


class OAuthClients:
    """Clients of the configured identity providers, sharing one HTTP connection pool.

    Give it an `httpx.AsyncClient` to share one; otherwise it opens its own, closed by `aclose()`.
    """

    def __init__(
        self,
        settings: Settings,
        http: httpx.AsyncClient | None = None,
        *,
        jwks_min_refresh_seconds: float = 30.0,
    ) -> None:
        self._settings = settings
        self._owns_http = http is None
        self._timeout = settings.oauth_http_timeout_seconds
        self._http = http or httpx.AsyncClient(timeout=self._timeout, follow_redirects=False)
        self._clients: dict[str, _Client] = {}
        for provider, client_id, secret in (
            (GOOGLE, settings.oauth_google_client_id, settings.oauth_google_client_secret),
            (GITHUB, settings.oauth_github_client_id, settings.oauth_github_client_secret),
        ):
            if client_id and secret is not None and secret.get_secret_value():
                self._clients[provider] = _Client(client_id, secret.get_secret_value())
        self._google_keys = _KeyCache(
            self._http,
            settings.oauth_google_jwks_url,
            timeout=self._timeout,
            min_refresh_seconds=jwks_min_refresh_seconds,
        )
        issuer = settings.oauth_google_issuer.rstrip("/")
        # Google's id_tokens say either "https://accounts.google.com" or "accounts.google.com".
        self._google_issuers = frozenset({issuer, issuer.removeprefix("https://")})

    async def aclose(self) -> None:
        """Close the HTTP client if this object opened it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> OAuthClients:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # ------------------------------------------------------------------------------------------- start

    def configured(self, provider: str) -> bool:
        """Whether sign-in with this provider is enabled (its client id and secret are set)."""
        return provider in self._clients

    def check_redirect_uri(self, redirect_uri: str) -> None:
        """Raise InvalidArgument (REDIRECT_URI_NOT_ALLOWED) unless the URI is on the allow-list.

        An empty allow-list accepts any http(s) URI in development only, so `make run` works without
        configuration; test and production must list their redirect URIs.
        """
        allowed = self._settings.oauth_redirect_uris_allowed
        if allowed:
            ok = redirect_uri in allowed
        elif self._settings.env is Environment.DEVELOPMENT:
            parts = urlsplit(redirect_uri)
            ok = parts.scheme in ("http", "https") and bool(parts.netloc)
        else:
            ok = False
        if not ok:
            raise InvalidArgument(
                "The redirect_uri is not on this server's allow-list of OAuth redirect URIs.",
                field="redirect_uri",
                description="must be one of the configured OAuth redirect URIs",
                reason=ErrorReason.REDIRECT_URI_NOT_ALLOWED,
            )

    def authorization_url(
        self,
        provider: str,
        *,
        redirect_uri: str,
        state: str,
        code_verifier: str,
        nonce: str,
        login_hint: str | None = None,
    ) -> str:
        """The provider URL to send the browser to, with client_id, scope, state and the S256 challenge.

        Google also gets the OIDC `nonce` (echoed in the id_token); GitHub ignores it. `login_hint`
        pre-fills the account (Google `login_hint`, GitHub `login`).
        """
        client = self._client(provider)
        self.check_redirect_uri(redirect_uri)
        if not _VERIFIER_PATTERN.fullmatch(code_verifier):
            raise ValueError("code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636)")
        params = {
            "response_type": "code",
            "client_id": client.client_id,
            "redirect_uri": redirect_uri,
            "state": state,
            "code_challenge": code_challenge(code_verifier),
            "code_challenge_method": "S256",
        }
        if provider == GOOGLE:
            params |= {"scope": GOOGLE_SCOPES, "nonce": nonce}
            if login_hint:
                params["login_hint"] = login_hint
            return _with_query(self._settings.oauth_google_authorize_url, params)
        params["scope"] = GITHUB_SCOPES
        if login_hint:
            params["login"] = login_hint
        return _with_query(self._settings.oauth_github_authorize_url, params)

    # ---------------------------------------------------------------------------------------- exchange

    async def exchange(
        self, provider: str, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ExternalIdentity:
        """Redeem the authorization code and return the verified identity behind it."""
        client = self._client(provider)
        if provider == GOOGLE:
            return await self._exchange_google(
                client, code=code, redirect_uri=redirect_uri, code_verifier=code_verifier, nonce=nonce
            )
        return await self._exchange_github(client, code=code, redirect_uri=redirect_uri, code_verifier=code_verifier)

    async def _exchange_google(
        self, client: _Client, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ExternalIdentity:
        tokens = await self._redeem_code(
            GOOGLE, self._settings.oauth_google_token_url, client, code, redirect_uri, code_verifier
        )
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str) or not id_token:
            log.warning("oauth_id_token_missing", provider=GOOGLE)
            raise _failed(GOOGLE, "Google returned no id_token; sign in again.")
        claims = await self._verify_id_token(id_token, client_id=client.client_id, nonce=nonce)
        email = claims.get("email")
        email = email.strip() if isinstance(email, str) and email.strip() else None
        name = claims.get("name")
        return ExternalIdentity(
            provider=GOOGLE,
            subject=str(claims["sub"]),
            email=email,
            email_verified=email is not None and claims.get("email_verified") in (True, "true"),
            display_name=name if isinstance(name, str) and name else None,
        )

    async def _verify_id_token(self, id_token: str, *, client_id: str, nonce: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise _failed(GOOGLE, "The Google id_token is malformed.") from exc
        if header.get("alg") not in _ID_TOKEN_ALGORITHMS:
            log.warning("oauth_id_token_rejected", provider=GOOGLE, why="algorithm", alg=str(header.get("alg")))
            raise _failed(GOOGLE, "The Google id_token is signed with an unsupported algorithm.")
        key = await self._google_keys.key(GOOGLE, str(header.get("kid", "")))
        try:
            claims = jwt.decode(
                id_token,
                key,
                algorithms=list(_ID_TOKEN_ALGORITHMS),
                audience=client_id,
                issuer=self._google_issuers,
                leeway=_CLOCK_LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.PyJWTError as exc:
            log.warning("oauth_id_token_rejected", provider=GOOGLE, why=type(exc).__name__)
            raise _failed(GOOGLE, "The Google id_token could not be verified; sign in again.") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        # OIDC Core 3.1.3.7: with several audiences the token must have been issued to us (azp).
        if len(audiences) > 1 and claims.get("azp") != client_id:
            log.warning("oauth_id_token_rejected", provider=GOOGLE, why="azp")
            raise _failed(GOOGLE, "The Google id_token was issued to another client.")
        token_nonce = claims.get("nonce")
        if not isinstance(token_nonce, str) or not hmac.compare_digest(token_nonce.encode(), nonce.encode()):
            log.warning("oauth_id_token_rejected", provider=GOOGLE, why="nonce")
            raise _failed(GOOGLE, "The Google id_token does not belong to this sign-in attempt.")
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise _failed(GOOGLE, "The Google id_token names no subject.")
        return claims

    async def _exchange_github(
        self, client: _Client, *, code: str, redirect_uri: str, code_verifier: str
    ) -> ExternalIdentity:
        tokens = await self._redeem_code(
            GITHUB, self._settings.oauth_github_token_url, client, code, redirect_uri, code_verifier
        )
        access_token = tokens.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            log.warning("oauth_access_token_missing", provider=GITHUB)
            raise _failed(GITHUB, "GitHub returned no access token; sign in again.")
        api = self._settings.oauth_github_api_url.rstrip("/")
        headers = {
            "authorization": f"Bearer {access_token}",
            "accept": "application/vnd.github+json",
            "x-github-api-version": "2022-11-28",
            "user-agent": _USER_AGENT,
        }
        user_response = await self._request(GITHUB, "user", "GET", f"{api}/user", headers=headers)
        if user_response.status_code != 200:
            log.warning("oauth_user_rejected", provider=GITHUB, status=user_response.status_code)
            raise _failed(GITHUB, "GitHub refused to tell who signed in; sign in again.")
        user = self._json(GITHUB, user_response)
        if not isinstance(user, dict) or user.get("id") in (None, ""):
            raise _unavailable(GITHUB)
        emails_response = await self._request(GITHUB, "user_emails", "GET", f"{api}/user/emails", headers=headers)
        emails: list[dict[str, Any]] = []
        if emails_response.status_code == 200:
            listed = self._json(GITHUB, emails_response)
            if isinstance(listed, list):
                emails = [e for e in listed if isinstance(e, dict) and isinstance(e.get("email"), str)]
        else:
            # Without the user:email grant the list is refused: fall back to the public, unverified email.
            log.warning("oauth_emails_unavailable", provider=GITHUB, status=emails_response.status_code)
        email, verified = _pick_github_email(emails, user.get("email"))
        name = user.get("name") or user.get("login")
        return ExternalIdentity(
            provider=GITHUB,
            subject=str(user["id"]),
            email=email,
            email_verified=verified,
            display_name=name if isinstance(name, str) and name else None,
        )

    # ----------------------------------------------------------------------------------------- helpers

    def _client(self, provider: str) -> _Client:
        if provider not in PROVIDERS:
            raise InvalidArgument(field="provider", description=f"unknown identity provider {provider!r}")
        client = self._clients.get(provider)
        if client is None:
            raise provider_not_configured(provider)
        return client

    async def _redeem_code(
        self, provider: str, url: str, client: _Client, code: str, redirect_uri: str, code_verifier: str
    ) -> dict[str, Any]:
        """POST the code to the token endpoint; the provider's answer as a dict, or a domain error."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "code_verifier": code_verifier,
        }
        response = await self._request(
            provider,
            "token",
            "POST",
            url,
            data=form,
            headers={"accept": "application/json", "user-agent": _USER_AGENT},
        )
        body = self._json(provider, response) if response.status_code == 200 else _json_or_none(response)
        error = body.get("error") if isinstance(body, dict) else None
        # GitHub reports a bad code with HTTP 200 and an `error` field.
        if response.status_code != 200 or error:
            level = log.error if error == "invalid_client" or response.status_code == 401 else log.warning
            level(
                "oauth_code_rejected",
                provider=provider,
                status=response.status_code,
                error=str(error) if error else None,
            )
            raise _failed(provider, f"{provider.capitalize()} refused the authorization code; sign in again.")
        if not isinstance(body, dict):
            raise _unavailable(provider)
        return body

    async def _request(self, provider: str, endpoint: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One call to a provider; transport failures, 5xx and 429 become Unavailable."""
        try:
            response = await self._http.request(method, url, timeout=self._timeout, **kwargs)
        except httpx.HTTPError as exc:
            # Only the class name: some exception texts quote the request.
            log.warning("oauth_provider_unreachable", provider=provider, endpoint=endpoint, error=type(exc).__name__)
            raise _unavailable(provider) from exc
        if response.status_code >= 500 or response.status_code == 429:
            log.warning("oauth_provider_failed", provider=provider, endpoint=endpoint, status=response.status_code)
            raise _unavailable(provider)
        return response

    @staticmethod
    def _json(provider: str, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            log.warning("oauth_provider_malformed", provider=provider, status=response.status_code)
            raise _unavailable(provider) from exc


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _pick_github_email(emails: list[dict[str, Any]], public_email: object) -> tuple[str | None, bool]:
    """The primary verified email; else any verified one; else the primary (or public) one, unverified."""
    for wanted in (
        lambda e: e.get("primary") is True and e.get("verified") is True,
        lambda e: e.get("verified") is True,
        lambda e: e.get("primary") is True,
    ):
        for entry in emails:
            if wanted(entry):
                return str(entry["email"]).strip(), entry.get("verified") is True
    if isinstance(public_email, str) and public_email.strip():
        return public_email.strip(), False
    return None, False
