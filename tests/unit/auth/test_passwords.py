"""Password policy (length, zxcvbn strength) and argon2id hashing: parameters, rehash, bounded concurrency."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from argon2 import PasswordHasher as Argon2Hasher
from argon2 import Type
from prometheus_client import CollectorRegistry

from internal.auth.passwords import PasswordHasher, PasswordPolicy, email_words
from pkg.errors import InvalidArgument, ResourceExhausted

OWASP = {"memory_kib": 19456, "time_cost": 2, "parallelism": 1}


@pytest.fixture
def hasher() -> PasswordHasher:
    return PasswordHasher(**OWASP, concurrency=2)


@pytest.mark.parametrize(
    "password",
    [
        "password123",  # common
        "qwertyuiop",  # keyboard walk
        "aaaaaaaaaaaa",  # repeats
        "abcdefghijk",  # sequence
    ],
)
async def test_common_and_guessable_passwords_are_refused_with_the_estimators_reason(password: str) -> None:
    with pytest.raises(InvalidArgument) as err:
        await PasswordPolicy().check(password, field="password")
    assert err.value.reason == "PASSWORD_TOO_WEAK"
    [violation] = err.value.violations
    assert violation.field == "password"
    assert violation.description.startswith("is too easy to guess")
    assert len(violation.description) > len("is too easy to guess")  # carries zxcvbn's feedback


async def test_long_unusual_passphrases_pass_without_composition_rules() -> None:
    policy = PasswordPolicy()
    await policy.check("correct horse battery staple", field="password")  # no digit, no capital, no symbol
    await policy.check("ünïcödé kätzchen wanders the fjord", field="password")
    await policy.check("x" * 3 + "plumbing violet origami tundra " * 4, field="password")  # 127 chars


async def test_length_limits_are_10_to_128_characters() -> None:
    policy = PasswordPolicy()
    assert policy.problem("Zq8!vR2#") == "must be at least 10 characters"
    assert policy.problem("tangerine submarine " * 7) == "must be at most 128 characters"


async def test_passwords_built_from_the_email_are_refused() -> None:
    policy = PasswordPolicy()
    words = email_words("margaret.hamilton@apollo.example")
    assert policy.problem("margaret.hamilton") is None  # fine for anyone else
    with pytest.raises(InvalidArgument):
        await policy.check("Margaret.Hamilton", field="new_password", user_inputs=words)


async def test_the_violation_names_the_request_field() -> None:
    with pytest.raises(InvalidArgument) as err:
        await PasswordPolicy().check("password1234", field="new_password")
    assert err.value.violations[0].field == "new_password"


async def test_hashes_are_argon2id_with_at_least_owasp_parameters(hasher: PasswordHasher) -> None:
    stored = await hasher.hash("correct horse battery staple")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert (await hasher.verify(stored, "correct horse battery staple")).ok
    assert not (await hasher.verify(stored, "correct horse battery stapler")).ok
    assert not (await hasher.verify("not a hash", "anything at all")).ok
    assert "m=19456,t=2,p=1" in hasher.parameters


async def test_hash_with_old_parameters_verifies_and_asks_for_a_rehash(hasher: PasswordHasher) -> None:
    weaker = Argon2Hasher(time_cost=1, memory_cost=8192, parallelism=1, type=Type.ID).hash("tangerine submarine")
    result = await hasher.verify(weaker, "tangerine submarine")
    assert result.ok and result.needs_rehash
    current = await hasher.hash("tangerine submarine")
    assert not (await hasher.verify(current, "tangerine submarine")).needs_rehash
    stronger = PasswordHasher(memory_kib=19456, time_cost=3, parallelism=1, concurrency=1)
    assert (await stronger.verify(current, "tangerine submarine")).needs_rehash


async def test_unknown_accounts_cost_a_real_hash() -> None:
    registry = CollectorRegistry()
    hasher = PasswordHasher(**OWASP, concurrency=1, registry=registry)
    stored = await hasher.hash("tangerine submarine")

    def verifications() -> float:
        return registry.get_sample_value("auth_password_verifications_total") or 0.0

    assert not (await hasher.verify(stored, "wrong password here")).ok
    assert verifications() == 1
    # No account: the password is checked against a dummy argon2id hash with the same parameters, so the
    # answer costs the same work (counted here; timing it would measure the machine's load).
    assert not (await hasher.verify(None, "tangerine submarine")).ok
    assert verifications() == 2
    hasher.close()


async def test_hashing_runs_off_the_event_loop_with_bounded_concurrency() -> None:
    hasher = PasswordHasher(**OWASP, concurrency=2)
    in_flight = 0
    peak = 0
    lock = threading.Lock()
    original = hasher.verify_sync

    def counting(stored: str | None, password: str):  # type: ignore[no-untyped-def]
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        try:
            return original(stored, password)
        finally:
            with lock:
                in_flight -= 1

    hasher.verify_sync = counting  # type: ignore[method-assign]
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    tick_task = asyncio.create_task(ticker())
    started = time.perf_counter()
    await asyncio.gather(*(hasher.verify(None, "flood attempt") for _ in range(12)))
    elapsed = time.perf_counter() - started
    tick_task.cancel()
    hasher.close()
    assert peak <= 2
    # The loop kept running while hashes were computed. A loop blocked by each hash would tick at most once
    # per finished hash (12); a proportion of elapsed/5 ms would depend on how busy the machine is.
    assert ticks > 2 * 12, (ticks, elapsed)


async def test_waiting_too_long_for_a_hashing_slot_is_resource_exhausted() -> None:
    hasher = PasswordHasher(**OWASP, concurrency=1, queue_timeout_seconds=0.01)
    results = await asyncio.gather(*(hasher.hash("tangerine submarine") for _ in range(4)), return_exceptions=True)
    hasher.close()
    refused = [r for r in results if isinstance(r, ResourceExhausted)]
    assert refused and all(r.retry_after > 0 for r in refused)
    assert any(isinstance(r, str) for r in results)
