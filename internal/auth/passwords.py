"""Password hashing (argon2id) off the event loop with bounded concurrency, and the password policy.

Hashing costs ~19 MiB and tens of milliseconds of CPU per call on purpose. It runs in a thread pool sized
to the CPU cores; a semaphore of the same size admits callers, so at most `concurrency` hashes (and
`concurrency` × memory_kib of RAM) are in flight however many logins arrive. The event loop never
blocks on it (argon2-cffi releases the GIL while hashing), so other RPCs keep being served during a login
flood; callers that wait longer than `queue_timeout` for a slot get RESOURCE_EXHAUSTED instead of piling up.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from argon2 import PasswordHasher as Argon2Hasher
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from prometheus_client import CollectorRegistry, Counter
from skillsphere.auth.v1.error_reason import ErrorReason
from zxcvbn import zxcvbn

from pkg.errors import InvalidArgument, ResourceExhausted

_T = TypeVar("_T")

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128


@dataclass(frozen=True, slots=True)
class Verification:
    """Outcome of checking a password: whether it matched and whether its hash uses old parameters."""

    ok: bool
    needs_rehash: bool = False


class PasswordHasher:
    """argon2id hashing and verification run in a bounded thread pool."""

    def __init__(
        self,
        *,
        memory_kib: int,
        time_cost: int,
        parallelism: int,
        concurrency: int | None = None,
        queue_timeout_seconds: float = 5.0,
        registry: CollectorRegistry | None = None,
    ) -> None:
        # Every check costs one argon2 verification, for a known account or not (the dummy hash below):
        # counted, so operators see the hashing load and a test can see that unknown emails pay it too.
        self._verifications = Counter(
            "auth_password_verifications_total",
            "argon2id password verifications computed (real and dummy hashes alike).",
            registry=registry,
        )
        self._argon = Argon2Hasher(
            time_cost=time_cost,
            memory_cost=memory_kib,
            parallelism=parallelism,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )
        self.concurrency = concurrency or os.cpu_count() or 1
        self._executor = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="argon2")
        self._slots = asyncio.Semaphore(self.concurrency)
        self._queue_timeout = queue_timeout_seconds
        # Unknown emails are checked against this, so they cost the same time as a wrong password.
        self._dummy_hash = self._argon.hash(secrets.token_urlsafe(16))

    @property
    def parameters(self) -> str:
        """The argon2 parameters in PHC notation (for logs and benchmarks)."""
        return f"argon2id m={self._argon.memory_cost},t={self._argon.time_cost},p={self._argon.parallelism}"

    async def _run(self, fn: Callable[[], _T]) -> _T:
        try:
            async with asyncio.timeout(self._queue_timeout):
                await self._slots.acquire()
        except TimeoutError as exc:
            # The platform's RATE_LIMITED (ResourceExhausted's default reason): a load limit, not an auth rule.
            raise ResourceExhausted(
                "The server is busy checking passwords; retry in a moment.", retry_after=1.0
            ) from exc
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn)
        finally:
            self._slots.release()

    async def hash(self, password: str) -> str:
        """A new argon2id hash (PHC string) of `password` with the current parameters."""
        return await self._run(lambda: self._argon.hash(password))

    async def verify(self, stored_hash: str | None, password: str) -> Verification:
        """Check `password`; with no stored hash a dummy one is checked so the time is the same."""
        return await self._run(lambda: self.verify_sync(stored_hash, password))

    def verify_sync(self, stored_hash: str | None, password: str) -> Verification:
        """The blocking check behind `verify` (runs in the pool)."""
        self._verifications.inc()
        if stored_hash is None:
            self._check(self._dummy_hash, password)
            return Verification(ok=False)
        if not self._check(stored_hash, password):
            return Verification(ok=False)
        return Verification(ok=True, needs_rehash=self._argon.check_needs_rehash(stored_hash))

    def _check(self, stored_hash: str, password: str) -> bool:
        try:
            return self._argon.verify(stored_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def close(self) -> None:
        """Stop the worker threads."""
        self._executor.shutdown(wait=False, cancel_futures=True)


class PasswordPolicy:
    """10 to 128 characters, no composition rules; guessable passwords are refused (zxcvbn score).

    zxcvbn keeps the user inputs of the call in a module-level dictionary, so calls are serialised by a
    lock; they run in a worker thread because a long password takes tens of milliseconds to score.
    """

    def __init__(self, *, min_score: int = 3) -> None:
        self._min_score = min_score
        self._lock = threading.Lock()

    def problem(self, password: str, user_inputs: Iterable[str] = ()) -> str | None:
        """Why `password` is refused, or None when it is acceptable (blocking)."""
        if len(password) < MIN_PASSWORD_LENGTH:
            return f"must be at least {MIN_PASSWORD_LENGTH} characters"
        if len(password) > MAX_PASSWORD_LENGTH:
            return f"must be at most {MAX_PASSWORD_LENGTH} characters"
        with self._lock:
            result = zxcvbn(password, user_inputs=list(user_inputs), max_length=MAX_PASSWORD_LENGTH)
        if result["score"] >= self._min_score:
            return None
        feedback = result.get("feedback") or {}
        parts = [str(feedback.get("warning") or "").strip(), *(str(s).strip() for s in feedback.get("suggestions", []))]
        advice = " ".join(p if p.endswith(".") else f"{p}." for p in parts if p)
        return "is too easy to guess" + (f": {advice}" if advice else "; add another word or two.")

    async def check(self, password: str, *, field: str, user_inputs: Iterable[str] = ()) -> None:
        """Raise InvalidArgument (PASSWORD_TOO_WEAK) naming `field` when the password is refused."""
        problem = await asyncio.to_thread(self.problem, password, list(user_inputs))
        if problem is not None:
            raise InvalidArgument(
                f"The password {problem}",
                field=field,
                description=problem,
                reason=ErrorReason.PASSWORD_TOO_WEAK,
            )


def email_words(email: str) -> list[str]:
    """Parts of an email a password should not be built from (fed to zxcvbn as user inputs)."""
    local, _, domain = email.partition("@")
    words = [email, local, *local.replace("_", ".").replace("-", ".").replace("+", ".").split(".")]
    words.append(domain.split(".", 1)[0])
    return [w for w in words if len(w) >= 3]
