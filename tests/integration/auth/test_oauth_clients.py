"""OAuth clients (internal/auth/oauth.py) against a local Google/GitHub-like provider over real HTTP."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from internal.auth.oauth import (
    ExternalIdentity,
    OAuthClients,
    code_challenge,
    new_code_verifier,
    new_nonce,
    new_state,
)
from pkg.config import Settings
from pkg.errors import FailedPrecondition, InvalidArgument, Unauthenticated, Unavailable
from tests.conftest import free_port
from tests.support.oauth_provider import (
    REDIRECT_URI,
    GitHubAccount,
    GoogleAccount,
    LocalOAuthProvider,
    new_signing_key,
)


@pytest.fixture(scope="module")
async def provider(log_capture: Any) -> AsyncIterator[LocalOAuthProvider]:
    async with LocalOAuthProvider.running() as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_provider(provider: LocalOAuthProvider) -> None:
    provider.reset()


def settings_for(provider: LocalOAuthProvider, **overrides: Any) -> Settings:
    return Settings(**{"env": "test", **provider.settings(**overrides)})


@pytest.fixture
async def clients(provider: LocalOAuthProvider) -> AsyncIterator[OAuthClients]:
    async with OAuthClients(settings_for(provider), jwks_min_refresh_seconds=0) as made:
        yield made


class Flow:
    """One sign-in attempt: the values our server keeps between StartOAuthLogin and OAuthLogin."""

    def __init__(self) -> None:
        self.state = new_state()
        self.verifier = new_code_verifier()
        self.nonce = new_nonce()


async def authorize(clients: OAuthClients, provider_name: str, flow: Flow) -> str:
    """Open the authorization URL like a browser and return the code the provider redirected back with."""
    url = clients.authorization_url(
        provider_name, redirect_uri=REDIRECT_URI, state=flow.state, code_verifier=flow.verifier, nonce=flow.nonce
    )
    async with httpx.AsyncClient() as browser:
        response = await browser.get(url)
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    query = parse_qs(location.query)
    assert query["state"] == [flow.state]
    return query["code"][0]


async def sign_in(clients: OAuthClients, provider_name: str, flow: Flow | None = None) -> ExternalIdentity:
    flow = flow or Flow()
    code = await authorize(clients, provider_name, flow)
    return await clients.exchange(
        provider_name, code=code, redirect_uri=REDIRECT_URI, code_verifier=flow.verifier, nonce=flow.nonce
    )


# ------------------------------------------------------------------------------------ authorization URL


def test_google_authorization_url_carries_state_s256_challenge_nonce_and_openid_scopes(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    flow = Flow()
    url = clients.authorization_url(
        "google",
        redirect_uri=REDIRECT_URI,
        state=flow.state,
        code_verifier=flow.verifier,
        nonce=flow.nonce,
        login_hint="ada@example.com",
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == provider.settings()["oauth_google_authorize_url"]
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {
        "response_type": "code",
        "client_id": provider.google_client_id,
        "redirect_uri": REDIRECT_URI,
        "state": flow.state,
        "code_challenge": code_challenge(flow.verifier),
        "code_challenge_method": "S256",
        "scope": "openid email profile",
        "nonce": flow.nonce,
        "login_hint": "ada@example.com",
    }
    assert flow.verifier not in url


def test_github_authorization_url_asks_for_user_and_email_scopes_with_pkce(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    flow = Flow()
    url = clients.authorization_url(
        "github", redirect_uri=REDIRECT_URI, state=flow.state, code_verifier=flow.verifier, nonce=flow.nonce
    )
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(provider.settings()["oauth_github_authorize_url"] + "?")
    assert query["scope"] == "read:user user:email"
    assert query["state"] == flow.state
    assert query["code_challenge"] == code_challenge(flow.verifier)
    assert query["code_challenge_method"] == "S256"
    assert query["client_id"] == provider.github_client_id
    assert "nonce" not in query


def test_s256_challenge_matches_the_rfc_7636_example() -> None:
    assert (
        code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


async def test_provider_sees_the_challenge_and_redirects_back_with_code_and_state(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    flow = Flow()
    code = await authorize(clients, "google", flow)
    assert code
    seen = provider.authorize_requests[-1]
    assert seen["code_challenge"] == code_challenge(flow.verifier)
    assert seen["nonce"] == flow.nonce


def test_redirect_uri_off_the_allow_list_is_refused(clients: OAuthClients) -> None:
    flow = Flow()
    with pytest.raises(InvalidArgument) as caught:
        clients.authorization_url(
            "google",
            redirect_uri="https://evil.test/callback",
            state=flow.state,
            code_verifier=flow.verifier,
            nonce=flow.nonce,
        )
    assert caught.value.reason == "REDIRECT_URI_NOT_ALLOWED"
    assert caught.value.violations[0].field == "redirect_uri"


async def test_empty_allow_list_accepts_any_http_uri_in_development_only(provider: LocalOAuthProvider) -> None:
    async with (
        OAuthClients(Settings(**{**provider.settings(oauth_redirect_uris_allowed=[]), "env": "development"})) as dev,
        OAuthClients(settings_for(provider, oauth_redirect_uris_allowed=[])) as test,
    ):
        dev.check_redirect_uri("http://localhost:3000/callback")
        with pytest.raises(InvalidArgument):
            dev.check_redirect_uri("javascript:alert(1)")
        with pytest.raises(InvalidArgument):
            test.check_redirect_uri("http://localhost:3000/callback")


async def test_unconfigured_provider_fails_precondition(provider: LocalOAuthProvider) -> None:
    settings = settings_for(provider, oauth_github_client_id=None, oauth_github_client_secret=None)
    async with OAuthClients(settings) as clients:
        assert clients.configured("google")
        assert not clients.configured("github")
        flow = Flow()
        with pytest.raises(FailedPrecondition) as caught:
            clients.authorization_url(
                "github", redirect_uri=REDIRECT_URI, state=flow.state, code_verifier=flow.verifier, nonce=flow.nonce
            )
        assert caught.value.reason == "PROVIDER_NOT_CONFIGURED"
        with pytest.raises(FailedPrecondition) as caught:
            await clients.exchange("github", code="x", redirect_uri=REDIRECT_URI, code_verifier="v", nonce="n")
        assert caught.value.reason == "PROVIDER_NOT_CONFIGURED"


# ------------------------------------------------------------------------------------------------ Google


async def test_google_exchange_returns_the_identity_from_the_verified_id_token(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    provider.google_account = GoogleAccount(sub="g-42", email="grace@example.com", name="Grace Hopper")
    identity = await sign_in(clients, "google")
    assert identity == ExternalIdentity(
        provider="google",
        subject="g-42",
        email="grace@example.com",
        email_verified=True,
        display_name="Grace Hopper",
    )
    token_request = provider.token_requests[-1]
    assert token_request["grant_type"] == "authorization_code"
    assert token_request["redirect_uri"] == REDIRECT_URI


async def test_google_unverified_email_is_reported_unverified(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    provider.google_account = GoogleAccount(sub="g-43", email="maybe@example.com", email_verified=False)
    identity = await sign_in(clients, "google")
    assert identity.email == "maybe@example.com"
    assert identity.email_verified is False


async def test_google_issuer_without_scheme_is_accepted_like_google_sends_it(
    provider: LocalOAuthProvider,
) -> None:
    settings = settings_for(provider, oauth_google_issuer="https://accounts.google.test")
    async with OAuthClients(settings) as clients:
        provider.id_token_claims = {"iss": "accounts.google.test"}
        assert (await sign_in(clients, "google")).subject == "google-sub-1"


async def expect_oauth_failed(clients: OAuthClients, provider_name: str, flow: Flow | None = None) -> Unauthenticated:
    with pytest.raises(Unauthenticated) as caught:
        await sign_in(clients, provider_name, flow)
    assert caught.value.reason == "OAUTH_CODE_REJECTED"
    assert caught.value.domain == "skillsphere.auth"
    return caught.value


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"aud": "someone-elses-client"}, id="wrong-audience"),
        pytest.param({"aud": ["someone-else", "google-client-id.apps.local"], "azp": "someone-else"}, id="wrong-azp"),
        pytest.param({"nonce": "a-nonce-from-another-attempt"}, id="wrong-nonce"),
        pytest.param({"nonce": None}, id="missing-nonce"),
        pytest.param({"iss": "https://accounts.evil.test"}, id="wrong-issuer"),
        pytest.param({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, id="expired"),
    ],
)
async def test_google_id_token_with_bad_claims_is_rejected(
    clients: OAuthClients, provider: LocalOAuthProvider, claims: dict[str, Any]
) -> None:
    provider.id_token_claims = claims
    await expect_oauth_failed(clients, "google")


async def test_google_exchange_with_another_attempts_nonce_is_rejected(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    flow = Flow()
    code = await authorize(clients, "google", flow)
    # The provider echoes the nonce of the authorize request; a different one at exchange means a replay.
    with pytest.raises(Unauthenticated) as caught:
        await clients.exchange(
            "google", code=code, redirect_uri=REDIRECT_URI, code_verifier=flow.verifier, nonce=new_nonce()
        )
    assert caught.value.reason == "OAUTH_CODE_REJECTED"


async def test_google_id_token_with_forged_signature_is_rejected(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    published_kid = provider.keys[0][0]
    _, forger_key = new_signing_key()
    provider.sign_with = (published_kid, forger_key)
    await expect_oauth_failed(clients, "google")


async def test_google_id_token_signed_by_an_unknown_key_is_rejected_after_one_refetch(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    await sign_in(clients, "google")  # keys cached
    before = provider.jwks_requests
    provider.sign_with = new_signing_key()
    await expect_oauth_failed(clients, "google")
    assert provider.jwks_requests == before + 1


async def test_unknown_kids_refetch_the_keys_at_most_once_per_interval(provider: LocalOAuthProvider) -> None:
    async with OAuthClients(settings_for(provider), jwks_min_refresh_seconds=3600) as clients:
        await sign_in(clients, "google")
        before = provider.jwks_requests
        provider.sign_with = new_signing_key()
        for _ in range(3):
            await expect_oauth_failed(clients, "google")
        assert provider.jwks_requests == before


async def test_google_key_rotation_is_followed_without_restart(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    await sign_in(clients, "google")
    before = provider.jwks_requests
    provider.rotate_key()
    identity = await sign_in(clients, "google")
    assert identity.subject == "google-sub-1"
    assert provider.jwks_requests == before + 1


async def test_pkce_verifier_mismatch_is_rejected(clients: OAuthClients, provider: LocalOAuthProvider) -> None:
    for provider_name in ("google", "github"):
        flow = Flow()
        code = await authorize(clients, provider_name, flow)
        with pytest.raises(Unauthenticated) as caught:
            await clients.exchange(
                provider_name,
                code=code,
                redirect_uri=REDIRECT_URI,
                code_verifier=new_code_verifier(),
                nonce=flow.nonce,
            )
        assert caught.value.reason == "OAUTH_CODE_REJECTED"


async def test_authorization_code_works_once(clients: OAuthClients) -> None:
    for provider_name in ("google", "github"):
        flow = Flow()
        code = await authorize(clients, provider_name, flow)
        kwargs = {"code": code, "redirect_uri": REDIRECT_URI, "code_verifier": flow.verifier, "nonce": flow.nonce}
        await clients.exchange(provider_name, **kwargs)
        with pytest.raises(Unauthenticated):
            await clients.exchange(provider_name, **kwargs)


async def test_wrong_client_secret_is_a_failed_sign_in(provider: LocalOAuthProvider) -> None:
    settings = settings_for(
        provider, oauth_google_client_secret="not-the-secret", oauth_github_client_secret="not-the-secret"
    )
    async with OAuthClients(settings) as clients:
        await expect_oauth_failed(clients, "google")
        await expect_oauth_failed(clients, "github")


# ------------------------------------------------------------------------------------------------ GitHub


async def test_github_picks_the_primary_verified_email(clients: OAuthClients, provider: LocalOAuthProvider) -> None:
    provider.github_account = GitHubAccount(
        id=7,
        login="octo",
        name=None,
        public_email="public@example.com",
        emails=[
            {"email": "old@example.com", "primary": False, "verified": True, "visibility": None},
            {"email": "unverified@example.com", "primary": False, "verified": False, "visibility": None},
            {"email": "main@example.com", "primary": True, "verified": True, "visibility": "public"},
        ],
    )
    identity = await sign_in(clients, "github")
    assert identity == ExternalIdentity(
        provider="github", subject="7", email="main@example.com", email_verified=True, display_name="octo"
    )


async def test_github_unverified_primary_email_is_reported_unverified(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    provider.github_account = GitHubAccount(
        id=8,
        emails=[{"email": "new@example.com", "primary": True, "verified": False, "visibility": None}],
    )
    identity = await sign_in(clients, "github")
    assert identity.email == "new@example.com"
    assert identity.email_verified is False


async def test_github_without_emails_falls_back_to_the_public_email_unverified(
    clients: OAuthClients, provider: LocalOAuthProvider
) -> None:
    provider.github_account = GitHubAccount(id=9, public_email="public@example.com", emails=[])
    identity = await sign_in(clients, "github")
    assert (identity.email, identity.email_verified) == ("public@example.com", False)


# --------------------------------------------------------------------------------------- provider outage


async def test_provider_answering_503_is_unavailable(clients: OAuthClients, provider: LocalOAuthProvider) -> None:
    for provider_name in ("google", "github"):
        flow = Flow()
        code = await authorize(clients, provider_name, flow)
        provider.down = True
        with pytest.raises(Unavailable) as caught:
            await clients.exchange(
                provider_name, code=code, redirect_uri=REDIRECT_URI, code_verifier=flow.verifier, nonce=flow.nonce
            )
        assert caught.value.reason == "OAUTH_PROVIDER_UNAVAILABLE"
        provider.down = False


async def test_unreachable_provider_is_unavailable(provider: LocalOAuthProvider) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    settings = settings_for(
        provider,
        oauth_google_token_url=f"{dead}/token",
        oauth_github_token_url=f"{dead}/token",
        oauth_http_timeout_seconds=2,
    )
    async with OAuthClients(settings) as clients:
        for provider_name in ("google", "github"):
            with pytest.raises(Unavailable) as caught:
                await clients.exchange(
                    provider_name, code="c", redirect_uri=REDIRECT_URI, code_verifier=new_code_verifier(), nonce="n"
                )
            assert caught.value.reason == "OAUTH_PROVIDER_UNAVAILABLE"


async def test_unreachable_jwks_is_unavailable(provider: LocalOAuthProvider) -> None:
    settings = settings_for(provider, oauth_google_jwks_url=f"http://127.0.0.1:{free_port()}/certs")
    async with OAuthClients(settings) as clients:
        with pytest.raises(Unavailable):
            await sign_in(clients, "google")


async def test_codes_tokens_and_secrets_never_reach_the_logs(
    clients: OAuthClients, provider: LocalOAuthProvider, log_capture: Any
) -> None:
    flow = Flow()
    code = await authorize(clients, "github", flow)
    with pytest.raises(Unauthenticated):
        await clients.exchange(
            "github", code=code, redirect_uri=REDIRECT_URI, code_verifier=new_code_verifier(), nonce=flow.nonce
        )
    provider.id_token_claims = {"aud": "other"}
    await expect_oauth_failed(clients, "google")
    logged = "\n".join(log_capture.lines)
    assert "oauth_code_rejected" in logged
    assert "oauth_id_token_rejected" in logged
    for secret in (code, flow.verifier, provider.google_client_secret, provider.github_client_secret, "eyJ"):
        assert secret not in logged
