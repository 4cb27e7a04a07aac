"""AuthService rules where time is the subject (lockout schedule, refresh grace window, resend cooldown and
hourly cap), on the real PostgreSQL with the service's injected `clock` moved by the test.

Waiting on the wall clock made these checks depend on how fast a loaded machine answers; here a second
passes exactly when the test says so. The e2e tests keep the same RPCs' wiring (status codes, RetryInfo).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import text

from internal.app import load_keys, page_token_secret
from internal.auth.crypto import Sealer, derive_key
from internal.auth.models import ClientInfo, IssuedTokens
from internal.auth.passwords import PasswordHasher, PasswordPolicy
from internal.auth.service import AuthService
from pkg.authz import Caller
from pkg.config import Settings
from pkg.db import Database, UnitOfWorkFactory, migrate
from pkg.errors import ResourceExhausted, Unauthenticated
from pkg.pagination import Paginator
from pkg.ratelimit import RateLimiter
from pkg.tokens import TokenIssuer, TokenVerifier
from tests.conftest import make_settings, scratch_database

PASSWORD = "Velvet-Harbor-Compass-42"
WRONG = "Wrong-Harbor-Compass-41"
CLIENT = ClientInfo(ip_address="127.0.0.1", user_agent="clock-test", device_name="test")
TIMINGS: dict[str, Any] = {
    "auth_refresh_reuse_grace_seconds": 1.0,
    "auth_lockout_base_seconds": 1,
    "auth_lockout_max_seconds": 8,
    "auth_verification_resend_cooldown_seconds": 1,
    "auth_verification_resend_hourly_cap": 3,
    "auth_login_limit_per_ip": "100000/minute",
    "auth_login_limit_per_email": "100000/minute",
    "auth_register_limit_per_ip": "100000/minute",
    "auth_register_limit_per_email": "100000/minute",
    "auth_resend_limit_per_ip": "100000/minute",
}


class MovableClock:
    """A UTC clock that stands still until the test moves it."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(scope="module")
async def auth_database_url(postgres_admin_url: str) -> AsyncIterator[str]:
    async with scratch_database(postgres_admin_url, "auth_clock") as url:
        database = Database(url, registry=CollectorRegistry())
        await migrate.upgrade(database.engine)
        await database.dispose()
        yield url


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def settings(auth_database_url: str, tmp_data_dir: Path) -> Settings:
    return make_settings(auth_database_url, tmp_data_dir, **TIMINGS)


@pytest.fixture
def verifier(settings: Settings) -> TokenVerifier:
    return TokenVerifier(load_keys(settings), issuer=settings.jwt_issuer, audience=settings.jwt_audience)


@pytest.fixture
async def auth(settings: Settings, verifier: TokenVerifier, clock: MovableClock) -> AsyncIterator[AuthService]:
    """AuthService wired as the composition root wires it, except for the clock."""
    database = Database(settings.database_url or "", registry=CollectorRegistry())
    keys = load_keys(settings)
    service = AuthService(
        settings=settings,
        uow=UnitOfWorkFactory(database.engine),
        hasher=PasswordHasher(
            memory_kib=settings.auth_argon2_memory_kib,
            time_cost=settings.auth_argon2_time_cost,
            parallelism=settings.auth_argon2_parallelism,
        ),
        policy=PasswordPolicy(min_score=settings.auth_password_min_score),
        issuer=TokenIssuer(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl_seconds=900),
        verifier=verifier,
        limiter=RateLimiter(settings.rate_limit_storage_uri, settings.rate_limit_default, settings.rate_limits),
        pages=Paginator(page_token_secret(settings, keys)),
        sealer=Sealer(derive_key(b"clock test sealing secret", "refresh-token-successor")),
        clock=clock,
    )
    yield service
    await service.close()
    await database.dispose()


def _email() -> str:
    return f"clock-{uuid.uuid4().hex[:10]}@example.com"


async def _login(auth: AuthService, address: str, password: str = PASSWORD) -> IssuedTokens:
    return await auth.login(email=address, password=password, client=CLIENT)


async def _fail_logins(auth: AuthService, address: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(Unauthenticated) as failed:
            await _login(auth, address, WRONG)
        assert failed.value.reason == "INVALID_CREDENTIALS"


async def _locked_for(auth: AuthService, address: str) -> float:
    """Seconds the account stays locked, as the refusal of the right password says."""
    with pytest.raises(ResourceExhausted) as locked:
        await _login(auth, address)
    assert locked.value.reason == "ACCOUNT_LOCKED"
    return locked.value.retry_after


async def test_five_failures_lock_for_the_base_time_and_each_new_lock_doubles_it(
    auth: AuthService, clock: MovableClock
) -> None:
    address = _email()
    registered = await auth.register(email=address, password=PASSWORD, client=CLIENT)
    await _fail_logins(auth, address, 5)
    assert await _locked_for(auth, address) == pytest.approx(1.0)
    clock.advance(0.9)
    assert await _locked_for(auth, address) == 1.0  # 0.1 s left; even the right password waits (RetryInfo >= 1 s)
    clock.advance(0.2)
    await _fail_logins(auth, address, 5)
    assert await _locked_for(auth, address) == pytest.approx(2.0)
    clock.advance(2.1)
    await _fail_logins(auth, address, 5)
    assert await _locked_for(auth, address) == pytest.approx(4.0)
    clock.advance(4.1)
    assert (await _login(auth, address)).account_id == registered.account_id  # success clears the counters
    await _fail_logins(auth, address, 4)
    assert (await _login(auth, address)).account_id == registered.account_id
    await _fail_logins(auth, address, 5)
    assert await _locked_for(auth, address) == pytest.approx(1.0)  # the lock count started over


async def test_the_lock_duration_is_capped(auth: AuthService, clock: MovableClock) -> None:
    address = _email()
    await auth.register(email=address, password=PASSWORD, client=CLIENT)
    durations = []
    for _ in range(5):
        await _fail_logins(auth, address, 5)
        durations.append(await _locked_for(auth, address))
        clock.advance(durations[-1] + 0.1)
    assert durations == pytest.approx([1.0, 2.0, 4.0, 8.0, 8.0])


async def test_a_rotated_token_gets_the_same_successor_within_the_grace_window_and_revokes_after_it(
    auth: AuthService, clock: MovableClock
) -> None:
    issued = await auth.register(email=_email(), password=PASSWORD, client=CLIENT)
    successor = await auth.refresh_token(refresh_token=issued.refresh_token, client=CLIENT)
    clock.advance(0.9)
    again = await auth.refresh_token(refresh_token=issued.refresh_token, client=CLIENT)
    assert again.refresh_token == successor.refresh_token  # a retried or racing call, not a theft
    clock.advance(0.2)
    with pytest.raises(Unauthenticated) as reused:
        await auth.refresh_token(refresh_token=issued.refresh_token, client=CLIENT)
    assert reused.value.reason == "REFRESH_TOKEN_REUSED"
    with pytest.raises(Unauthenticated) as revoked:
        await auth.refresh_token(refresh_token=successor.refresh_token, client=CLIENT)
    assert revoked.value.reason == "REFRESH_TOKEN_INVALID"  # the whole session went


async def test_reuse_after_the_grace_window_revokes_only_that_session(auth: AuthService, clock: MovableClock) -> None:
    address = _email()
    issued = await auth.register(email=address, password=PASSWORD, client=CLIENT)
    other = await _login(auth, address)
    await auth.refresh_token(refresh_token=issued.refresh_token, client=CLIENT)
    clock.advance(1.1)
    with pytest.raises(Unauthenticated):
        await auth.refresh_token(refresh_token=issued.refresh_token, client=CLIENT)
    assert (await auth.refresh_token(refresh_token=other.refresh_token, client=CLIENT)).session_id == other.session_id


async def test_sealed_successors_are_wiped_once_the_grace_window_is_over(
    auth: AuthService, clock: MovableClock, auth_database_url: str
) -> None:
    issued = await auth.register(email=_email(), password=PASSWORD, client=CLIENT)
    await auth.refresh_token(refresh_token=issued.refresh_token, client=CLIENT)
    database = Database(auth_database_url, registry=CollectorRegistry())

    async def sealed() -> int:
        async with database.engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT count(*) FROM refresh_tokens WHERE sealed_successor IS NOT NULL AND session_id = :s"),
                {"s": issued.session_id},
            )
            return int(rows.scalar_one())

    try:
        await auth.purge_expired()  # what the periodic auth.purge_expired job runs
        assert await sealed() == 1  # still within the grace window
        clock.advance(1.1)
        await auth.purge_expired()
        assert await sealed() == 0
    finally:
        await database.dispose()


async def test_resend_has_a_cooldown_and_an_hourly_cap(
    auth: AuthService, clock: MovableClock, verifier: TokenVerifier
) -> None:
    issued = await auth.register(email=_email(), password=PASSWORD, client=CLIENT)  # the first email of the hour
    caller = Caller.from_claims(verifier.verify(issued.access_token))

    async def refused_for() -> float:
        with pytest.raises(ResourceExhausted) as cooling:
            await auth.resend_verification_email(caller=caller, client=CLIENT)
        assert cooling.value.reason == "RESEND_COOLDOWN"
        return cooling.value.retry_after

    assert await refused_for() == pytest.approx(1.0)
    clock.advance(1.0)
    assert await auth.resend_verification_email(caller=caller, client=CLIENT) == clock.now + timedelta(seconds=1)
    clock.advance(1.0)
    # The third email of the hour: the next one waits for the first to be an hour old.
    capped = await auth.resend_verification_email(caller=caller, client=CLIENT)
    first_sent = clock.now - timedelta(seconds=2)
    assert capped == first_sent + timedelta(hours=1)
    clock.advance(1.0)
    assert await refused_for() == pytest.approx(3600 - 3)
    clock.advance(3600 - 3)
    assert await auth.resend_verification_email(caller=caller, client=CLIENT) > clock.now
