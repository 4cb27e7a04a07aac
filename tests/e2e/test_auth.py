"""AuthService end to end: real servers, real PostgreSQL, generated stubs over real channels.

Most tests share one server (`auth_app`) whose abuse limits are generous. Its refresh grace window and
lock are long enough (30 s, 60 s) that a loaded machine cannot outrun them mid-test; the resend cooldown is
1 s so a test can wait for it to pass (by polling, not sleeping). How these durations play out over time is
tested with a moved clock in tests/integration/auth/test_auth_clock.py. Tests that need other limits start
their own server.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import grpc
import httpx
import pytest
from google.rpc import error_details_pb2, status_pb2
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
from skillsphere.common.v1.error_reason import ErrorReason as PlatformReason
from sqlalchemy import text

from internal.app import Application
from internal.auth.service import require_verified_email
from pkg.authz import Caller
from pkg.errors import FailedPrecondition
from pkg.tokens import TokenIssuer, TokenVerifier
from tests.conftest import ROOT
from tests.e2e.conftest import start_app
from tests.e2e.test_grpcweb import frame, grpc_web_headers, unframe
from tests.support.waiting import DEADLINE, eventually

GENEROUS = {
    "auth_login_limit_per_ip": "100000/minute",
    "auth_login_limit_per_email": "100000/minute",
    "auth_register_limit_per_ip": "100000/minute",
    "auth_register_limit_per_email": "100000/minute",
    "auth_password_reset_limit_per_ip": "100000/minute",
    "auth_password_reset_limit_per_email": "100000/minute",
    "auth_resend_limit_per_ip": "100000/minute",
}
FAST = {
    "auth_refresh_reuse_grace_seconds": 30.0,
    "auth_lockout_base_seconds": 60,
    "auth_lockout_max_seconds": 480,
    "auth_verification_resend_cooldown_seconds": 1,
    "auth_verification_resend_hourly_cap": 3,
    "jobs_poll_interval_seconds": 0.1,
}
PASSWORD = "Velvet-Harbor-Compass-42"


# ------------------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
async def auth_app(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, log_capture: Any
) -> AsyncIterator[Application]:
    app, _ = await start_app(database_url, tmp_path_factory.mktemp("auth-data"), **GENEROUS, **FAST)
    yield app
    await app.stop()


@pytest.fixture(scope="module")
async def stub(auth_app: Application) -> AsyncIterator[auth_pb2_grpc.AuthServiceStub]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{auth_app.grpc.port}") as channel:
        yield auth_pb2_grpc.AuthServiceStub(channel)


# ------------------------------------------------------------------------------------------------- helpers


def email(label: str = "user") -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.com"


def bearer(tokens: auth_pb2.AuthTokens) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {tokens.access_token}"),)


def details(error: grpc.aio.AioRpcError) -> dict[str, Any]:
    """The google.rpc details of a failed call, by kind."""
    found: dict[str, Any] = {}
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            for detail in status_pb2.Status.FromString(value).details:
                for kind in (error_details_pb2.ErrorInfo, error_details_pb2.BadRequest, error_details_pb2.RetryInfo):
                    message = kind()
                    if detail.Unpack(message):
                        found[kind.DESCRIPTOR.name] = message
    return found


async def fails(call: Any, code: grpc.StatusCode, reason: str | None = None) -> grpc.aio.AioRpcError:
    """Await `call`, expecting it to fail with `code` (and ErrorInfo `reason`)."""
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    error = caught.value
    assert error.code() == code, f"{error.code()} {error.details()}"
    if reason is not None:
        assert details(error)["ErrorInfo"].reason == reason, details(error)
        platform = reason in PlatformReason.__members__
        assert details(error)["ErrorInfo"].domain == ("skillsphere" if platform else "skillsphere.auth")
    return error


def retry_seconds(error: grpc.aio.AioRpcError) -> float:
    delay = details(error)["RetryInfo"].retry_delay
    return float(delay.seconds + delay.nanos / 1e9)


async def register(
    stub: auth_pb2_grpc.AuthServiceStub, address: str | None = None, password: str = PASSWORD, device: str = ""
) -> tuple[str, auth_pb2.AuthTokens]:
    address = address or email()
    response = await stub.Register(auth_pb2.RegisterRequest(email=address, password=password, device_name=device))
    return address, response.tokens


async def login(
    stub: auth_pb2_grpc.AuthServiceStub, address: str, password: str = PASSWORD, device: str = ""
) -> auth_pb2.AuthTokens:
    return (await stub.Login(auth_pb2.LoginRequest(email=address, password=password, device_name=device))).tokens


async def mail_token(
    app: Application, address: str, template_path: str, *, count: int = 1, timeout: float = DEADLINE
) -> str:
    """The token of the `count`-th email to `address` whose link points at `template_path`, once the worker
    has sent it through the dev provider."""
    deadline = time.monotonic() + timeout
    while True:
        links = [m.link for m in app.email.sent_to(address) if m.link and urlsplit(m.link).path == template_path]  # type: ignore[attr-defined]
        if len(links) >= count:
            return parse_qs(urlsplit(links[count - 1]).query)["token"][0]
        assert time.monotonic() < deadline, f"no email #{count} to {template_path} for {address}"
        await asyncio.sleep(0.05)


async def mails(
    app: Application, address: str, subject_part: str, *, at_least: int = 1, timeout: float = DEADLINE
) -> list[Any]:
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in app.email.sent_to(address) if subject_part in m.subject]  # type: ignore[attr-defined]
        if len(found) >= at_least or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.05)


async def security_events(app: Application, user_id: str) -> list[dict[str, Any]]:
    async with app.uow() as uow:
        rows = await uow.session.execute(
            text(
                "SELECT type, ip_address, user_agent, details FROM security_events WHERE account_id = :id ORDER BY id"
            ),
            {"id": uuid.UUID(user_id)},
        )
        return [dict(row._mapping) for row in rows]


# ---------------------------------------------------------------------------------------------- Register


async def test_register_signs_in_a_learner_with_an_unverified_email(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    before = time.time()
    _, tokens = await register(stub, device="Ada's laptop")
    after = time.time()  # the server chose its "now" in between, however long a loaded machine took
    assert tokens.token_type == "Bearer"
    assert list(tokens.roles) == [auth_pb2.ROLE_LEARNER]
    assert tokens.email_verified is False
    assert uuid.UUID(tokens.user_id) and uuid.UUID(tokens.session_id)
    assert before + 15 * 60 - 1 <= tokens.access_token_expire_time.seconds <= after + 15 * 60
    assert before + 30 * 86400 - 1 <= tokens.refresh_token_expire_time.seconds <= after + 30 * 86400
    assert len(tokens.refresh_token) == 43  # 256 bits, URL-safe base64
    claims = (await stub.ValidateToken(auth_pb2.ValidateTokenRequest(access_token=tokens.access_token))).claims
    assert (claims.user_id, claims.session_id) == (tokens.user_id, tokens.session_id)
    sessions = (await stub.ListSessions(auth_pb2.ListSessionsRequest(), metadata=bearer(tokens))).sessions
    assert [(s.device_name, s.sign_in_method, s.current) for s in sessions] == [
        ("Ada's laptop", auth_pb2.SIGN_IN_METHOD_PASSWORD, True)
    ]


async def test_register_normalises_the_email_and_refuses_a_taken_one(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    address = email("Mixed.Case")
    _, tokens = await register(stub, address.upper())
    assert (await login(stub, address.lower())).user_id == tokens.user_id
    await fails(register(stub, address.lower()), grpc.StatusCode.ALREADY_EXISTS, "EMAIL_TAKEN")


async def test_register_refuses_a_weak_password_with_the_estimators_reason(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    error = await fails(register(stub, password="password1234"), grpc.StatusCode.INVALID_ARGUMENT, "PASSWORD_TOO_WEAK")
    [violation] = details(error)["BadRequest"].field_violations
    assert violation.field == "password"
    assert "common" in violation.description.lower()


# ------------------------------------------------------------------------------------------------- Login


async def test_login_starts_a_new_session_each_time(stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application) -> None:
    address, first = await register(stub)
    second = await login(stub, address, device="Phone")
    assert second.user_id == first.user_id and second.session_id != first.session_id
    sessions = (await stub.ListSessions(auth_pb2.ListSessionsRequest(), metadata=bearer(second))).sessions
    assert [s.device_name for s in sessions] == ["Phone", sessions[1].device_name]
    assert sessions[1].device_name.startswith("grpc-")  # derived from the user agent
    assert sessions[0].ip_address == "127.0.0.1"
    events = [e["type"] for e in await security_events(auth_app, first.user_id)]
    assert events[:1] == ["account_registered"] and "login_succeeded" in events


async def test_concurrent_logins_of_one_account_all_succeed(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    # Regression: the per-email attempt counter used "insert, do nothing, select" and lost its row when a
    # concurrent successful sign-in cleared it, answering INTERNAL (found by make bench).
    # Four clients signing in back to back, so one's success (which clears the counter) overlaps
    # another's attempt; four, because attempts are counted before the password check and five in
    # flight at once would lock the account by design.
    address, _ = await register(stub)
    failures: list[str] = []

    async def client() -> None:
        for _ in range(25):
            try:
                await login(stub, address)
            except grpc.aio.AioRpcError as error:
                failures.append(f"{error.code().name}: {error.details()}")

    await asyncio.gather(*(client() for _ in range(4)))
    assert failures == []


async def test_unknown_email_and_wrong_password_get_the_same_answer_and_cost_the_same_hash(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    assert auth_app.http is not None
    http_base = f"http://127.0.0.1:{auth_app.http.port}"
    address, _ = await register(stub)
    wrong = await fails(login(stub, address, "Wrong-Harbor-Compass-41"), grpc.StatusCode.UNAUTHENTICATED)
    unknown = await fails(login(stub, email("nobody")), grpc.StatusCode.UNAUTHENTICATED)
    assert wrong.details() == unknown.details() == "The email or password is incorrect."
    assert details(wrong)["ErrorInfo"] == details(unknown)["ErrorInfo"]

    async def verifications() -> float:
        async with httpx.AsyncClient() as http:
            metrics = (await http.get(f"{http_base}/metrics")).text
        [line] = [m for m in metrics.splitlines() if m.startswith("auth_password_verifications_total ")]
        return float(line.split()[1])

    async def hashes_spent(address: str, password: str) -> float:
        before = await verifications()
        with pytest.raises(grpc.aio.AioRpcError):
            await login(stub, address, password)
        return await verifications() - before

    # The time an attacker measures is the argon2 verification: an unknown email pays it too (against a
    # dummy hash), so both answers cost one verification. (Counted, not timed: wall-clock comparisons in a
    # test measure the machine's load.)
    assert await hashes_spent(address, "Wrong-Harbor-Compass-42") == 1
    assert await hashes_spent(email("nobody"), PASSWORD) == 1


async def test_five_failures_lock_the_account_with_retry_info(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    # The lock's growth and expiry: test_auth_clock.py, on a moved clock.
    address, tokens = await register(stub)
    for _ in range(4):
        await fails(login(stub, address, "Wrong-Harbor-Compass-41"), grpc.StatusCode.UNAUTHENTICATED)
    assert (await login(stub, address)).user_id == tokens.user_id  # success clears the counters
    for _ in range(5):
        await fails(
            login(stub, address, "Wrong-Harbor-Compass-41"), grpc.StatusCode.UNAUTHENTICATED, "INVALID_CREDENTIALS"
        )
    locked = await fails(login(stub, address), grpc.StatusCode.RESOURCE_EXHAUSTED, "ACCOUNT_LOCKED")
    assert 0 < retry_seconds(locked) <= 60  # even the right password waits out the lock
    events = [e["type"] for e in await security_events(auth_app, tokens.user_id)]
    assert events.count("account_locked") == 1 and events.count("login_failed") == 9


async def test_unknown_emails_are_locked_the_same_way(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    address = email("ghost")
    for _ in range(5):
        await fails(login(stub, address), grpc.StatusCode.UNAUTHENTICATED, "INVALID_CREDENTIALS")
    await fails(login(stub, address), grpc.StatusCode.RESOURCE_EXHAUSTED, "ACCOUNT_LOCKED")


async def test_parallel_guesses_cannot_slip_past_the_lock(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    address, _ = await register(stub)
    results = await asyncio.gather(
        *(login(stub, address, f"Wrong-Harbor-{i}-Compass") for i in range(12)), return_exceptions=True
    )
    codes = [r.code() for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert len(codes) == 12
    assert codes.count(grpc.StatusCode.UNAUTHENTICATED) == 5  # exactly the allowance was checked
    assert codes.count(grpc.StatusCode.RESOURCE_EXHAUSTED) == 7


async def test_lock_counters_are_shared_by_replicas(
    stub: auth_pb2_grpc.AuthServiceStub, database_url: str, tmp_path: Path
) -> None:
    address, _ = await register(stub)
    replica, _ = await start_app(database_url, tmp_path, **GENEROUS, **FAST)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{replica.grpc.port}") as channel:
            other = auth_pb2_grpc.AuthServiceStub(channel)
            for target in (stub, other, stub, other, stub):
                await fails(login(target, address, "Wrong-Harbor-Compass-41"), grpc.StatusCode.UNAUTHENTICATED)
            await fails(login(other, address), grpc.StatusCode.RESOURCE_EXHAUSTED, "ACCOUNT_LOCKED")
    finally:
        await replica.stop()


async def test_login_register_reset_and_resend_are_rate_limited_per_ip_and_email(
    database_url: str, tmp_path: Path
) -> None:
    app, _ = await start_app(
        database_url,
        tmp_path,
        # Hour-long windows and cooldown: on a saturated machine a minute can pass between two of these calls
        # (argon2 hashing on a shared core), which would reset a per-minute window and fail the test.
        auth_login_limit_per_ip="100/hour",
        auth_login_limit_per_email="3/hour",
        auth_register_limit_per_ip="2/hour",
        auth_password_reset_limit_per_email="2/hour",
        auth_resend_limit_per_ip="1/hour",
        auth_verification_resend_cooldown_seconds=3600,
    )
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
            auth = auth_pb2_grpc.AuthServiceStub(channel)
            address, tokens = await register(auth)
            await register(auth)
            limited = await fails(register(auth), grpc.StatusCode.RESOURCE_EXHAUSTED, "RATE_LIMITED")
            assert 0 < retry_seconds(limited) <= 3600

            for _ in range(3):
                await login(auth, address)
            await fails(login(auth, address), grpc.StatusCode.RESOURCE_EXHAUSTED, "RATE_LIMITED")

            target = email("reset-limit")
            for _ in range(2):
                await auth.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=target))
            limited = await fails(
                auth.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=target)),
                grpc.StatusCode.RESOURCE_EXHAUSTED,
                "RATE_LIMITED",
            )
            assert retry_seconds(limited) > 60

            await fails(
                auth.ResendVerificationEmail(auth_pb2.ResendVerificationEmailRequest(), metadata=bearer(tokens)),
                grpc.StatusCode.RESOURCE_EXHAUSTED,
                "RESEND_COOLDOWN",  # the sign-up email was just sent (PostgreSQL cooldown)
            )
            await fails(
                auth.ResendVerificationEmail(auth_pb2.ResendVerificationEmailRequest(), metadata=bearer(tokens)),
                grpc.StatusCode.RESOURCE_EXHAUSTED,
                "RATE_LIMITED",  # the per-IP limit (1/hour) is used up
            )
    finally:
        await app.stop()


async def test_login_rehashes_a_password_hashed_with_older_parameters(
    stub: auth_pb2_grpc.AuthServiceStub, database_url: str, tmp_path: Path
) -> None:
    address, tokens = await register(stub)

    async def stored_hash(app: Application) -> str:
        async with app.uow() as uow:
            return str(
                (
                    await uow.session.execute(
                        text("SELECT password_hash FROM accounts WHERE email = :e"), {"e": address}
                    )
                ).scalar_one()
            )

    stronger, _ = await start_app(database_url, tmp_path, **GENEROUS, auth_argon2_time_cost=3)
    try:
        assert "t=2," in await stored_hash(stronger)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{stronger.grpc.port}") as channel:
            assert (await login(auth_pb2_grpc.AuthServiceStub(channel), address)).user_id == tokens.user_id
        assert "$argon2id$v=19$m=19456,t=3,p=1$" in await stored_hash(stronger)
    finally:
        await stronger.stop()
    assert (await login(stub, address)).user_id == tokens.user_id  # still verifies with the old server


# -------------------------------------------------------------------------------------------- RefreshToken


async def test_refresh_rotates_the_refresh_token(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    _, tokens = await register(stub)
    refreshed = (await stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=tokens.refresh_token))).tokens
    assert refreshed.refresh_token != tokens.refresh_token
    assert refreshed.session_id == tokens.session_id
    assert refreshed.refresh_token_expire_time == tokens.refresh_token_expire_time  # never extended
    again = (await stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=refreshed.refresh_token))).tokens
    assert again.session_id == tokens.session_id


async def test_racing_refreshes_get_the_same_successor(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    # What reuse after the grace window does (and the window's length): test_auth_clock.py, on a moved clock.
    _, tokens = await register(stub)
    request = auth_pb2.RefreshTokenRequest(refresh_token=tokens.refresh_token)
    first, second = await asyncio.gather(stub.RefreshToken(request), stub.RefreshToken(request))
    assert first.tokens.refresh_token == second.tokens.refresh_token  # exactly one rotation happened
    async with auth_app.uow() as uow:
        rows = await uow.session.execute(
            text("SELECT count(*) FROM refresh_tokens WHERE session_id = :s"), {"s": uuid.UUID(tokens.session_id)}
        )
        assert rows.scalar_one() == 2
    successor = first.tokens.refresh_token
    assert (await stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=successor))).tokens.refresh_token


async def test_unknown_refresh_token_is_invalid(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    await fails(
        stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token="not-a-token")),
        grpc.StatusCode.UNAUTHENTICATED,
        "REFRESH_TOKEN_INVALID",
    )


# ------------------------------------------------------------------------------------------- ValidateToken


async def test_validate_token_returns_the_claims(stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application) -> None:
    _, tokens = await register(stub)
    claims = (await stub.ValidateToken(auth_pb2.ValidateTokenRequest(access_token=tokens.access_token))).claims
    assert claims.user_id == tokens.user_id and claims.session_id == tokens.session_id
    assert list(claims.roles) == [auth_pb2.ROLE_LEARNER] and claims.email_verified is False
    assert claims.issuer == auth_app.settings.jwt_issuer
    assert list(claims.audiences) == [auth_app.settings.jwt_audience]
    assert claims.expire_time.seconds - claims.issue_time.seconds == 900
    assert claims.key_id in {key["kid"] for key in auth_app.keys.jwks()["keys"]}
    assert claims.token_id


async def test_validate_token_refuses_forged_expired_and_revoked_tokens(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    _, tokens = await register(stub)
    await fails(
        stub.ValidateToken(auth_pb2.ValidateTokenRequest(access_token=tokens.access_token[:-4] + "AAAA")),
        grpc.StatusCode.UNAUTHENTICATED,
        "TOKEN_INVALID",
    )
    expired, _ = TokenIssuer(
        auth_app.keys, issuer=auth_app.settings.jwt_issuer, audience=auth_app.settings.jwt_audience, ttl_seconds=-120
    ).issue(subject=tokens.user_id, session_id=tokens.session_id, roles=("learner",), email_verified=False)
    await fails(
        stub.ValidateToken(auth_pb2.ValidateTokenRequest(access_token=expired)),
        grpc.StatusCode.UNAUTHENTICATED,
        "TOKEN_EXPIRED",
    )
    await stub.Logout(auth_pb2.LogoutRequest(), metadata=bearer(tokens))
    await fails(
        stub.ValidateToken(auth_pb2.ValidateTokenRequest(access_token=tokens.access_token)),
        grpc.StatusCode.UNAUTHENTICATED,
        "SESSION_REVOKED",
    )


# ---------------------------------------------------------------------------------------- Logout, sessions


async def test_logout_revokes_the_calling_session_only(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    address, tokens = await register(stub)
    other = await login(stub, address)
    assert (await stub.Logout(auth_pb2.LogoutRequest(), metadata=bearer(tokens))).revoked_session_count == 1
    await fails(
        stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=tokens.refresh_token)),
        grpc.StatusCode.UNAUTHENTICATED,
        "REFRESH_TOKEN_INVALID",
    )
    await fails(
        stub.Logout(auth_pb2.LogoutRequest(), metadata=bearer(tokens)),
        grpc.StatusCode.UNAUTHENTICATED,
        "SESSION_REVOKED",
    )
    await stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=other.refresh_token))


async def test_logout_of_all_sessions_signs_out_every_device(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    address, tokens = await register(stub)
    others = [await login(stub, address) for _ in range(2)]
    response = await stub.Logout(auth_pb2.LogoutRequest(all_sessions=True), metadata=bearer(tokens))
    assert response.revoked_session_count == 3
    for other in others:
        await fails(
            stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=other.refresh_token)),
            grpc.StatusCode.UNAUTHENTICATED,
            "REFRESH_TOKEN_INVALID",
        )


async def test_logout_needs_an_access_token(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    await fails(stub.Logout(auth_pb2.LogoutRequest()), grpc.StatusCode.UNAUTHENTICATED, "AUTHENTICATION_REQUIRED")


async def test_list_sessions_pages_most_recently_used_first_marking_the_current_one(
    stub: auth_pb2_grpc.AuthServiceStub,
) -> None:
    address, first = await register(stub, device="one")
    devices = ["two", "three", "four"]
    sessions = [await login(stub, address, device=d) for d in devices]
    current = sessions[-1]
    await stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=first.refresh_token))  # "one" used last
    page = await stub.ListSessions(auth_pb2.ListSessionsRequest(page_size=3), metadata=bearer(current))
    assert [s.device_name for s in page.sessions] == ["one", "four", "three"]
    assert [s.current for s in page.sessions] == [False, True, False]
    assert page.next_page_token
    rest = await stub.ListSessions(
        auth_pb2.ListSessionsRequest(page_size=3, page_token=page.next_page_token), metadata=bearer(current)
    )
    assert [s.device_name for s in rest.sessions] == ["two"] and rest.next_page_token == ""
    session = page.sessions[0]
    assert session.expire_time.seconds - session.create_time.seconds == 30 * 86400
    assert session.last_use_time.seconds >= session.create_time.seconds

    _, stranger = await register(stub)
    await fails(
        stub.ListSessions(auth_pb2.ListSessionsRequest(page_token=page.next_page_token), metadata=bearer(stranger)),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    await fails(
        stub.ListSessions(auth_pb2.ListSessionsRequest(page_size=-1), metadata=bearer(current)),
        grpc.StatusCode.INVALID_ARGUMENT,
    )


async def test_revoke_one_session_and_every_other_session(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    address, tokens = await register(stub)
    lost_phone = await login(stub, address, device="lost phone")
    tablet = await login(stub, address, device="tablet")
    await stub.RevokeSession(auth_pb2.RevokeSessionRequest(session_id=lost_phone.session_id), metadata=bearer(tokens))
    await fails(
        stub.RevokeSession(auth_pb2.RevokeSessionRequest(session_id=lost_phone.session_id), metadata=bearer(tokens)),
        grpc.StatusCode.NOT_FOUND,
        "SESSION_NOT_FOUND",
    )
    _, stranger = await register(stub)
    await fails(
        stub.RevokeSession(auth_pb2.RevokeSessionRequest(session_id=tablet.session_id), metadata=bearer(stranger)),
        grpc.StatusCode.NOT_FOUND,
    )
    remaining = (await stub.ListSessions(auth_pb2.ListSessionsRequest(), metadata=bearer(tokens))).sessions
    assert len(remaining) == 2 and "lost phone" not in [s.device_name for s in remaining]

    revoked = await stub.RevokeOtherSessions(auth_pb2.RevokeOtherSessionsRequest(), metadata=bearer(tokens))
    assert revoked.revoked_session_count == 1
    assert (
        await stub.RevokeOtherSessions(auth_pb2.RevokeOtherSessionsRequest(), metadata=bearer(tokens))
    ).revoked_session_count == 0
    remaining = (await stub.ListSessions(auth_pb2.ListSessionsRequest(), metadata=bearer(tokens))).sessions
    assert [s.id for s in remaining] == [tokens.session_id]
    await fails(
        stub.ValidateToken(auth_pb2.ValidateTokenRequest(access_token=tablet.access_token)),
        grpc.StatusCode.UNAUTHENTICATED,
        "SESSION_REVOKED",
    )
    events = [e["type"] for e in await security_events(auth_app, tokens.user_id)]
    assert events.count("session_revoked") == 2


# ---------------------------------------------------------------------------------- email verification


async def test_email_verification_end_to_end(stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application) -> None:
    address, tokens = await register(stub)
    token = await mail_token(auth_app, address, "/verify-email")
    verified = await stub.VerifyEmail(auth_pb2.VerifyEmailRequest(token=token))
    assert (verified.user_id, verified.email) == (tokens.user_id, address)
    # A second click on the link is fine.
    assert (await stub.VerifyEmail(auth_pb2.VerifyEmailRequest(token=token))).user_id == tokens.user_id
    # The old access token keeps its claim until the next refresh.
    old = (await stub.ValidateToken(auth_pb2.ValidateTokenRequest(access_token=tokens.access_token))).claims
    assert old.email_verified is False
    refreshed = (await stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=tokens.refresh_token))).tokens
    assert refreshed.email_verified is True
    await fails(
        stub.ResendVerificationEmail(auth_pb2.ResendVerificationEmailRequest(), metadata=bearer(refreshed)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "EMAIL_ALREADY_VERIFIED",
    )
    assert "email_verified" in [e["type"] for e in await security_events(auth_app, tokens.user_id)]


async def test_unknown_verification_token_is_invalid(stub: auth_pb2_grpc.AuthServiceStub) -> None:
    error = await fails(
        stub.VerifyEmail(auth_pb2.VerifyEmailRequest(token="made-up")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "VERIFICATION_TOKEN_INVALID",
    )
    assert details(error)["BadRequest"].field_violations[0].field == "token"


async def test_resend_has_a_cooldown_an_hourly_cap_and_supersedes_earlier_links(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    # The cooldown and cap arithmetic: test_auth_clock.py, on a moved clock. Here: the RPC's answers, and
    # that each new link supersedes the earlier ones.
    address, tokens = await register(stub)
    first = await mail_token(auth_app, address, "/verify-email")
    sent_between: list[float] = []

    async def resend() -> Any:
        """The response once the 1 s cooldown allows a resend; refusals on the way carry RetryInfo."""
        try:
            before = time.time()
            answer = await stub.ResendVerificationEmail(
                auth_pb2.ResendVerificationEmailRequest(), metadata=bearer(tokens)
            )
            sent_between[:] = [before, time.time()]
            return answer
        except grpc.aio.AioRpcError as error:
            assert details(error)["ErrorInfo"].reason == "RESEND_COOLDOWN"
            assert 0 < retry_seconds(error) <= 1
            return None

    response = await eventually(resend)
    # The next resend is one cooldown (1 s) after the server's "now", which lies between the two readings.
    assert sent_between[0] - 1 <= response.next_resend_time.seconds - 1 <= sent_between[1]
    second = await mail_token(auth_app, address, "/verify-email", count=2)
    await fails(
        stub.VerifyEmail(auth_pb2.VerifyEmailRequest(token=first)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "VERIFICATION_TOKEN_INVALID",
    )
    capped = await eventually(resend)
    assert capped.next_resend_time.seconds - time.time() > 3000  # the third email of the hour: cap reached
    limited = await fails(
        stub.ResendVerificationEmail(auth_pb2.ResendVerificationEmailRequest(), metadata=bearer(tokens)),
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "RESEND_COOLDOWN",
    )
    assert retry_seconds(limited) > 3000
    third = await mail_token(auth_app, address, "/verify-email", count=3)
    await fails(stub.VerifyEmail(auth_pb2.VerifyEmailRequest(token=second)), grpc.StatusCode.INVALID_ARGUMENT)
    assert (await stub.VerifyEmail(auth_pb2.VerifyEmailRequest(token=third))).email == address


async def test_email_not_verified_check_for_other_domains(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    address, tokens = await register(stub)
    verifier = TokenVerifier(
        auth_app.keys, issuer=auth_app.settings.jwt_issuer, audience=auth_app.settings.jwt_audience
    )
    verifier_claims = verifier.verify(tokens.access_token)
    with pytest.raises(FailedPrecondition) as refused:
        require_verified_email(Caller.from_claims(verifier_claims))
    assert refused.value.reason == "EMAIL_NOT_VERIFIED" and refused.value.domain == "skillsphere.auth"
    await stub.VerifyEmail(auth_pb2.VerifyEmailRequest(token=await mail_token(auth_app, address, "/verify-email")))
    refreshed = (await stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=tokens.refresh_token))).tokens
    fresh_claims = verifier.verify(refreshed.access_token)
    assert require_verified_email(Caller.from_claims(fresh_claims)) == uuid.UUID(tokens.user_id)


# ------------------------------------------------------------------------------------------ password reset


async def test_password_reset_end_to_end(stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application) -> None:
    address, tokens = await register(stub)
    other = await login(stub, address)
    await stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=address.upper()))
    token = await mail_token(auth_app, address, "/reset-password")

    weak = await fails(
        stub.ResetPassword(auth_pb2.ResetPasswordRequest(token=token, new_password="password1234")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "PASSWORD_TOO_WEAK",
    )
    assert details(weak)["BadRequest"].field_violations[0].field == "new_password"
    new_password = "Amber-Glacier-Lantern-7"
    reset = await stub.ResetPassword(auth_pb2.ResetPasswordRequest(token=token, new_password=new_password))
    assert reset.revoked_session_count == 2  # the refused password left the link usable
    for old in (tokens, other):
        await fails(
            stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=old.refresh_token)),
            grpc.StatusCode.UNAUTHENTICATED,
            "REFRESH_TOKEN_INVALID",
        )
    await fails(login(stub, address), grpc.StatusCode.UNAUTHENTICATED, "INVALID_CREDENTIALS")
    signed_in = await login(stub, address, new_password)
    assert signed_in.email_verified is True  # the reset link proved control of the address
    await fails(
        stub.ResetPassword(auth_pb2.ResetPasswordRequest(token=token, new_password="Other-Glacier-Lantern-8")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "RESET_TOKEN_INVALID",
    )
    assert await mails(auth_app, address, "password was changed")
    assert "password_reset" in [e["type"] for e in await security_events(auth_app, tokens.user_id)]


async def test_password_reset_request_never_reveals_whether_an_account_exists(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    address, _ = await register(stub)
    nobody = email("nobody")
    known = stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=address))
    unknown = stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=nobody))
    assert await known == await unknown == auth_pb2.RequestPasswordResetResponse()
    assert await known.code() == await unknown.code() == grpc.StatusCode.OK
    assert await known.details() == await unknown.details()
    await mail_token(auth_app, address, "/reset-password")
    await asyncio.sleep(0.3)
    assert auth_app.email.sent_to(nobody) == []  # type: ignore[attr-defined]


async def test_reset_token_is_single_use_and_superseded_by_a_newer_one(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    address, _ = await register(stub)
    await stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=address))
    first = await mail_token(auth_app, address, "/reset-password")
    await stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=address))
    second = await mail_token(auth_app, address, "/reset-password", count=2)
    await fails(
        stub.ResetPassword(auth_pb2.ResetPasswordRequest(token=first, new_password="Amber-Glacier-Lantern-7")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "RESET_TOKEN_INVALID",
    )
    await stub.ResetPassword(auth_pb2.ResetPasswordRequest(token=second, new_password="Amber-Glacier-Lantern-7"))


# ------------------------------------------------------------------------------------------ change password


async def test_change_password_keeps_this_session_revokes_the_others_and_sends_a_notice(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    address, tokens = await register(stub)
    other = await login(stub, address)
    new_password = "Copper-Meadow-Falcon-93"
    response = await stub.ChangePassword(
        auth_pb2.ChangePasswordRequest(current_password=PASSWORD, new_password=new_password), metadata=bearer(tokens)
    )
    assert response.revoked_session_count == 1
    await stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=tokens.refresh_token))
    await fails(
        stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=other.refresh_token)),
        grpc.StatusCode.UNAUTHENTICATED,
        "REFRESH_TOKEN_INVALID",
    )
    await fails(login(stub, address), grpc.StatusCode.UNAUTHENTICATED)
    assert (await login(stub, address, new_password)).user_id == tokens.user_id
    notices = await mails(auth_app, address, "password was changed")
    assert len(notices) == 1 and notices[0].link.endswith("/forgot-password")
    assert "password_changed" in [e["type"] for e in await security_events(auth_app, tokens.user_id)]


async def test_change_password_refuses_a_wrong_current_or_a_weak_new_password(
    stub: auth_pb2_grpc.AuthServiceStub,
) -> None:
    address, tokens = await register(stub)
    weak = auth_pb2.ChangePasswordRequest(current_password=PASSWORD, new_password="qwertyuiop1")
    await fails(
        stub.ChangePassword(weak, metadata=bearer(tokens)), grpc.StatusCode.INVALID_ARGUMENT, "PASSWORD_TOO_WEAK"
    )
    wrong = auth_pb2.ChangePasswordRequest(
        current_password="Wrong-Harbor-Compass-41", new_password="Copper-Meadow-Falcon-93"
    )
    error = await fails(
        stub.ChangePassword(wrong, metadata=bearer(tokens)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "CURRENT_PASSWORD_INCORRECT",
    )
    assert details(error)["BadRequest"].field_violations[0].field == "current_password"
    # Wrong current passwords count towards the account lock, like failed logins.
    for _ in range(4):
        await fails(stub.ChangePassword(wrong, metadata=bearer(tokens)), grpc.StatusCode.INVALID_ARGUMENT)
    await fails(login(stub, address), grpc.StatusCode.RESOURCE_EXHAUSTED, "ACCOUNT_LOCKED")
    await fails(
        stub.ChangePassword(wrong, metadata=bearer(tokens)), grpc.StatusCode.RESOURCE_EXHAUSTED, "ACCOUNT_LOCKED"
    )


async def test_accounts_without_a_password_set_one_through_password_reset(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    address, tokens = await register(stub)
    async with auth_app.uow() as uow:  # what an account created through OAuth looks like
        await uow.session.execute(text("UPDATE accounts SET password_hash = NULL WHERE email = :e"), {"e": address})
        await uow.commit()
    change = auth_pb2.ChangePasswordRequest(current_password=PASSWORD, new_password="Copper-Meadow-Falcon-93")
    await fails(
        stub.ChangePassword(change, metadata=bearer(tokens)), grpc.StatusCode.FAILED_PRECONDITION, "NO_PASSWORD_SET"
    )
    await fails(login(stub, address), grpc.StatusCode.UNAUTHENTICATED, "INVALID_CREDENTIALS")
    await stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=address))
    token = await mail_token(auth_app, address, "/reset-password")
    await stub.ResetPassword(auth_pb2.ResetPasswordRequest(token=token, new_password=PASSWORD))
    assert (await login(stub, address)).user_id == tokens.user_id


async def test_suspended_accounts_cannot_sign_in_or_refresh(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    address, tokens = await register(stub)
    async with auth_app.uow() as uow:
        await uow.session.execute(text("UPDATE accounts SET disabled_at = now() WHERE email = :e"), {"e": address})
        await uow.commit()
    await fails(login(stub, address), grpc.StatusCode.PERMISSION_DENIED, "ACCOUNT_DISABLED")
    # Only the right password learns that the account is suspended.
    await fails(login(stub, address, "Wrong-Harbor-Compass-41"), grpc.StatusCode.UNAUTHENTICATED, "INVALID_CREDENTIALS")
    await fails(
        stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=tokens.refresh_token)),
        grpc.StatusCode.UNAUTHENTICATED,
        "REFRESH_TOKEN_INVALID",
    )


# --------------------------------------------------------------------------------------- admin bootstrap


def run_admin_create(app: Application, address: str, password: str | None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": str(app.settings.database_url),
        "SKILLSPHERE_DATA_DIR": str(app.settings.data_dir),
        "SKILLSPHERE_ENV": "test",
        "SKILLSPHERE_LOG_LEVEL": "warning",
    }
    command = [sys.executable, "-c", "import sys; from internal.app import main; sys.exit(main())", "admin", "create"]
    command += ["--email", address] + (["--password-stdin"] if password is not None else [])
    return subprocess.run(
        command,
        input=(password or "") + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


async def test_admin_create_bootstraps_a_verified_admin_or_promotes_an_account(
    stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application
) -> None:
    address = email("admin")
    result = await asyncio.to_thread(run_admin_create, auth_app, f" {address.upper()} ", PASSWORD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("created admin ")
    tokens = await login(stub, address)
    assert set(tokens.roles) == {auth_pb2.ROLE_LEARNER, auth_pb2.ROLE_ADMIN} and tokens.email_verified

    learner, learner_tokens = await register(stub)
    result = await asyncio.to_thread(run_admin_create, auth_app, learner, None)
    assert result.returncode == 0 and result.stdout.startswith("promoted admin"), result.stderr
    refreshed = (
        await stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=learner_tokens.refresh_token))
    ).tokens
    assert auth_pb2.ROLE_ADMIN in refreshed.roles
    assert (await login(stub, learner)).user_id == learner_tokens.user_id  # password kept

    weak = await asyncio.to_thread(run_admin_create, auth_app, email("admin"), "password1234")
    assert weak.returncode == 2 and "too easy to guess" in weak.stderr


# ----------------------------------------------------------------------------------------------- grpc-web


async def test_login_over_grpc_web(stub: auth_pb2_grpc.AuthServiceStub, auth_app: Application) -> None:
    address, _ = await register(stub)
    assert auth_app.http is not None
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{auth_app.http.port}") as client:
        ok = await client.post(
            "/skillsphere.auth.v1.AuthService/Login",
            content=frame(auth_pb2.LoginRequest(email=address, password=PASSWORD).SerializeToString()),
            headers=grpc_web_headers(**{"user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Firefox/130.0"}),
        )
        wrong = await client.post(
            "/skillsphere.auth.v1.AuthService/Login",
            content=frame(auth_pb2.LoginRequest(email=address, password="Wrong-Harbor-Compass-41").SerializeToString()),
            headers=grpc_web_headers(),
        )
    messages, trailers = unframe(ok.content)
    assert trailers["grpc-status"] == "0"
    tokens = auth_pb2.LoginResponse.FromString(messages[0]).tokens
    sessions = (await stub.ListSessions(auth_pb2.ListSessionsRequest(), metadata=bearer(tokens))).sessions
    assert sessions[0].current and sessions[0].device_name == "Firefox on macOS"
    assert wrong.headers.get("grpc-status") == "16" or unframe(wrong.content)[1].get("grpc-status") == "16"
