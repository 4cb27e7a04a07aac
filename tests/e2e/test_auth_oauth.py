"""Sign-in with Google and GitHub through the real server: StartOAuthLogin → the provider → OAuthLogin.

The identity provider is the local Google/GitHub-like server of tests/support/oauth_provider.py; the
browser's part (opening the authorization URL and reading the redirect back) is done with httpx.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import grpc
import httpx
import pytest
from google.rpc import error_details_pb2, status_pb2
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
from sqlalchemy import text

from internal.app import Application
from internal.auth.crypto import token_hash
from internal.auth.oauth import code_challenge
from tests.e2e.conftest import start_app
from tests.support.oauth_provider import REDIRECT_URI, GitHubAccount, GoogleAccount, LocalOAuthProvider

GOOGLE = auth_pb2.IDENTITY_PROVIDER_GOOGLE
GITHUB = auth_pb2.IDENTITY_PROVIDER_GITHUB


@pytest.fixture(scope="module")
async def provider(log_capture: Any) -> AsyncIterator[LocalOAuthProvider]:
    async with LocalOAuthProvider.running() as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_provider(provider: LocalOAuthProvider) -> None:
    provider.reset()


@pytest.fixture(scope="module")
async def oauth_server(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, provider: LocalOAuthProvider
) -> AsyncIterator[Application]:
    """A server whose Google and GitHub sign-in point at the local provider."""
    app, _ = await start_app(database_url, tmp_path_factory.mktemp("oauth-data"), **provider.settings())
    yield app
    await app.stop()


@pytest.fixture(scope="module")
async def auth(oauth_server: Application) -> AsyncIterator[auth_pb2_grpc.AuthServiceStub]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{oauth_server.grpc.port}") as channel:
        yield auth_pb2_grpc.AuthServiceStub(channel)


def error_reason(error: grpc.aio.AioRpcError) -> str | None:
    """The ErrorInfo reason of a failed call."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            for detail in status_pb2.Status.FromString(value).details:
                info = error_details_pb2.ErrorInfo()
                if detail.Unpack(info):
                    return info.reason
    return None


def unique_email(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.com"


async def follow_provider(authorization_url: str) -> tuple[str, str]:
    """Do the browser's part: open the provider's page and read `code` and `state` from the redirect back."""
    async with httpx.AsyncClient() as browser:
        response = await browser.get(authorization_url)
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    query = parse_qs(location.query)
    return query["code"][0], query["state"][0]


async def start(auth: auth_pb2_grpc.AuthServiceStub, provider: auth_pb2.IdentityProvider) -> tuple[str, str]:
    """StartOAuthLogin and the provider's redirect: the (code, state) the client passes to OAuthLogin."""
    started = await auth.StartOAuthLogin(auth_pb2.StartOAuthLoginRequest(provider=provider, redirect_uri=REDIRECT_URI))
    code, state = await follow_provider(started.authorization_url)
    assert state == started.state
    return code, state


async def sign_in(
    auth: auth_pb2_grpc.AuthServiceStub, provider: auth_pb2.IdentityProvider
) -> auth_pb2.OAuthLoginResponse:
    code, state = await start(auth, provider)
    return await auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=provider, code=code, state=state))


async def register(auth: auth_pb2_grpc.AuthServiceStub, email: str) -> tuple[str, str]:
    """A password account; returns (user id, password)."""
    password = f"Quiet-Lantern-{uuid.uuid4().hex[:8]}-Orbit"
    response = await auth.Register(auth_pb2.RegisterRequest(email=email, password=password))
    return response.tokens.user_id, password


async def expect_error(call: Any, code: grpc.StatusCode, reason: str) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    assert caught.value.code() == code, caught.value.details()
    assert error_reason(caught.value) == reason


# ------------------------------------------------------------------------------------------ StartOAuthLogin


async def test_start_returns_the_provider_url_with_state_pkce_and_nonce(
    auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    before = time.time()
    started = await auth.StartOAuthLogin(
        auth_pb2.StartOAuthLoginRequest(provider=GOOGLE, redirect_uri=REDIRECT_URI, login_hint="ada@example.com")
    )
    url = urlsplit(started.authorization_url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == provider.settings()["oauth_google_authorize_url"]
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["state"] == started.state
    assert len(started.state) >= 32
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert query["nonce"]
    assert query["redirect_uri"] == REDIRECT_URI
    assert query["client_id"] == provider.google_client_id
    assert query["scope"] == "openid email profile"
    assert before + 600 - 1 <= started.expire_time.seconds <= time.time() + 600  # 10 minutes from the server's now


async def test_start_refuses_a_redirect_uri_off_the_allow_list(auth: auth_pb2_grpc.AuthServiceStub) -> None:
    await expect_error(
        auth.StartOAuthLogin(
            auth_pb2.StartOAuthLoginRequest(provider=GITHUB, redirect_uri="https://evil.test/oauth/callback")
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "REDIRECT_URI_NOT_ALLOWED",
    )


async def test_start_on_a_server_without_providers_fails_precondition(channel: grpc.aio.Channel) -> None:
    # The shared e2e server has no OAuth configuration.
    await expect_error(
        auth_pb2_grpc.AuthServiceStub(channel).StartOAuthLogin(
            auth_pb2.StartOAuthLoginRequest(provider=GOOGLE, redirect_uri=REDIRECT_URI)
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
        "PROVIDER_NOT_CONFIGURED",
    )


# --------------------------------------------------------------------------------- new accounts, sign-in


async def test_google_sign_in_creates_a_verified_account_then_signs_into_it(
    auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    email = unique_email("google-new")
    provider.google_account = GoogleAccount(sub=f"g-{uuid.uuid4()}", email=email, email_verified=True)

    first = await sign_in(auth, GOOGLE)
    assert first.account_created is True
    assert first.identity_linked is False
    assert first.tokens.email_verified is True
    assert list(first.tokens.roles) == [auth_pb2.ROLE_LEARNER]
    assert first.tokens.refresh_token
    claims = (await auth.ValidateToken(auth_pb2.ValidateTokenRequest(access_token=first.tokens.access_token))).claims
    assert claims.user_id == first.tokens.user_id
    # The PKCE verifier the server kept matched the challenge the provider saw.
    assert provider.authorize_requests[-1]["code_challenge"] == code_challenge(
        provider.token_requests[-1]["code_verifier"]
    )

    again = await sign_in(auth, GOOGLE)
    assert again.tokens.user_id == first.tokens.user_id
    assert (again.account_created, again.identity_linked) == (False, False)
    assert again.tokens.session_id != first.tokens.session_id


async def test_github_sign_in_creates_an_account_with_the_primary_verified_email(
    auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    email = unique_email("github-new")
    provider.github_account = GitHubAccount(
        id=uuid.uuid4().int % 2**52,
        login="octo",
        emails=[
            {"email": unique_email("secondary"), "primary": False, "verified": True, "visibility": None},
            {"email": email, "primary": True, "verified": True, "visibility": "public"},
        ],
    )
    first = await sign_in(auth, GITHUB)
    assert first.account_created is True
    assert first.tokens.email_verified is True

    # The account now owns that email: a password registration with it is refused.
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await register(auth, email)
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS

    again = await sign_in(auth, GITHUB)
    assert again.tokens.user_id == first.tokens.user_id
    assert again.account_created is False


# ----------------------------------------------------------------------------------------------- linking


async def test_verified_google_email_links_to_an_existing_verified_account_and_keeps_its_password(
    oauth_server: Application, auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    email = unique_email("linked")
    password = f"Quiet-Lantern-{uuid.uuid4().hex[:8]}-Orbit"
    # An account whose email is verified, with a password: what `skillsphere admin create` makes.
    assert oauth_server.auth is not None
    account_id, _ = await oauth_server.auth.bootstrap_admin(email=email, password=password)
    provider.google_account = GoogleAccount(sub=f"g-{uuid.uuid4()}", email=email.upper(), email_verified=True)

    linked = await sign_in(auth, GOOGLE)
    assert linked.tokens.user_id == str(account_id)
    assert (linked.account_created, linked.identity_linked) == (False, True)

    again = await sign_in(auth, GOOGLE)
    assert again.tokens.user_id == str(account_id)
    assert (again.account_created, again.identity_linked) == (False, False)
    # The password still works: linking added a way in, it did not replace one.
    login = await auth.Login(auth_pb2.LoginRequest(email=email, password=password))
    assert login.tokens.user_id == str(account_id)


async def test_verified_google_email_claims_an_unverified_registration_and_drops_the_squatters_access(
    auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    # Someone registered the address without proving control of it (account pre-hijacking); the person
    # Google vouches for gets the account, and the unproven password and sessions stop working.
    email = unique_email("squatted")
    password = f"Quiet-Lantern-{uuid.uuid4().hex[:8]}-Orbit"
    registered = await auth.Register(auth_pb2.RegisterRequest(email=email, password=password))
    provider.google_account = GoogleAccount(sub=f"g-{uuid.uuid4()}", email=email, email_verified=True)

    linked = await sign_in(auth, GOOGLE)
    assert linked.tokens.user_id == registered.tokens.user_id
    assert linked.identity_linked is True
    assert linked.tokens.email_verified is True
    await expect_error(
        auth.Login(auth_pb2.LoginRequest(email=email, password=password)),
        grpc.StatusCode.UNAUTHENTICATED,
        "INVALID_CREDENTIALS",
    )
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await auth.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=registered.tokens.refresh_token))
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_verified_github_email_links_to_the_existing_password_account(
    auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    email = unique_email("gh-linked")
    user_id, _ = await register(auth, email)
    provider.github_account = GitHubAccount(
        id=uuid.uuid4().int % 2**52,
        emails=[{"email": email, "primary": True, "verified": True, "visibility": None}],
    )
    linked = await sign_in(auth, GITHUB)
    assert linked.tokens.user_id == user_id
    assert linked.identity_linked is True


async def test_unverified_github_email_does_not_take_over_an_existing_password_account(
    auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    email = unique_email("victim")
    user_id, password = await register(auth, email)
    github_id = uuid.uuid4().int % 2**52
    provider.github_account = GitHubAccount(
        id=github_id,
        login="attacker",
        public_email=email,
        emails=[{"email": email, "primary": True, "verified": False, "visibility": "public"}],
    )
    code, state = await start(auth, GITHUB)
    await expect_error(
        auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GITHUB, code=code, state=state)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "OAUTH_EMAIL_NOT_VERIFIED",
    )
    # Nothing was linked: once the same GitHub user has a verified address of its own, it gets its own account.
    own = unique_email("attacker")
    provider.github_account = GitHubAccount(
        id=github_id,
        login="attacker",
        emails=[
            {"email": email, "primary": False, "verified": False, "visibility": None},
            {"email": own, "primary": True, "verified": True, "visibility": None},
        ],
    )
    attacker = await sign_in(auth, GITHUB)
    assert attacker.tokens.user_id != user_id
    assert attacker.account_created is True
    login = await auth.Login(auth_pb2.LoginRequest(email=email, password=password))
    assert login.tokens.user_id == user_id


async def test_unverified_google_email_does_not_take_over_an_existing_password_account(
    auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    email = unique_email("victim-g")
    await register(auth, email)
    provider.google_account = GoogleAccount(sub=f"g-{uuid.uuid4()}", email=email, email_verified=False)
    code, state = await start(auth, GOOGLE)
    await expect_error(
        auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GOOGLE, code=code, state=state)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "OAUTH_EMAIL_NOT_VERIFIED",
    )


# ------------------------------------------------------------------------------------------------- state


async def test_state_is_single_use(auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider) -> None:
    provider.google_account = GoogleAccount(sub=f"g-{uuid.uuid4()}", email=unique_email("once"))
    code, state = await start(auth, GOOGLE)
    await auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GOOGLE, code=code, state=state))
    # A replay, even with a fresh code from the provider, is refused.
    fresh_code, _ = await start(auth, GOOGLE)
    await expect_error(
        auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GOOGLE, code=fresh_code, state=state)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "OAUTH_STATE_INVALID",
    )


async def test_state_is_used_up_even_when_the_provider_refuses_the_code(
    auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    code, state = await start(auth, GITHUB)
    await expect_error(
        auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GITHUB, code="not-" + code, state=state)),
        grpc.StatusCode.UNAUTHENTICATED,
        "OAUTH_CODE_REJECTED",
    )
    await expect_error(
        auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GITHUB, code=code, state=state)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "OAUTH_STATE_INVALID",
    )


async def test_expired_state_is_refused(
    oauth_server: Application, auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    provider.google_account = GoogleAccount(sub=f"g-{uuid.uuid4()}", email=unique_email("late"))
    code, state = await start(auth, GOOGLE)
    # Ten minutes pass: the stored flow's expiry moves into the past.
    async with oauth_server.uow() as uow:
        aged = await uow.session.execute(
            text("UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE state_hash = :hash"),
            {"hash": token_hash(state)},
        )
        assert aged.rowcount == 1  # type: ignore[attr-defined]
        await uow.commit()
    await expect_error(
        auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GOOGLE, code=code, state=state)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "OAUTH_STATE_INVALID",
    )


async def test_unknown_state_and_state_of_another_provider_are_refused(
    auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider
) -> None:
    code, state = await start(auth, GOOGLE)
    await expect_error(
        auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GOOGLE, code=code, state="made-up-state")),
        grpc.StatusCode.FAILED_PRECONDITION,
        "OAUTH_STATE_INVALID",
    )
    await expect_error(
        auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GITHUB, code=code, state=state)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "OAUTH_STATE_INVALID",
    )


# -------------------------------------------------------------------------------------- provider failures


async def test_provider_down_is_unavailable(auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider) -> None:
    code, state = await start(auth, GOOGLE)
    provider.down = True
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GOOGLE, code=code, state=state))
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE


async def test_forged_id_token_is_refused(auth: auth_pb2_grpc.AuthServiceStub, provider: LocalOAuthProvider) -> None:
    provider.id_token_claims = {"aud": "someone-elses-client"}
    code, state = await start(auth, GOOGLE)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await auth.OAuthLogin(auth_pb2.OAuthLoginRequest(provider=GOOGLE, code=code, state=state))
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
