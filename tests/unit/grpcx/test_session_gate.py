"""The session gate asks the auth domain once per session per TTL and repeats its refusals."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from skillsphere.auth.v1.error_reason import ErrorReason as AuthReason

import pkg.grpcx.auth
from pkg.errors import Unauthenticated
from pkg.grpcx.auth import SessionGate
from pkg.tokens import AccessClaims


def _claims(session_id: str) -> AccessClaims:
    return AccessClaims("u", session_id, ("learner",), True, "j", 0, 2**31)


async def test_answers_are_cached_until_the_ttl_runs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # The gate reads time.monotonic(); a clock the test moves keeps the TTL independent of machine load.
    now = [1000.0]
    monkeypatch.setattr(pkg.grpcx.auth, "time", SimpleNamespace(monotonic=lambda: now[0]))
    revoked: set[str] = set()
    asked: list[str] = []

    async def check(claims: AccessClaims) -> None:
        asked.append(claims.session_id)
        if claims.session_id in revoked:
            raise Unauthenticated("revoked", reason=AuthReason.SESSION_REVOKED)

    gate = SessionGate(check, ttl_seconds=0.1)
    for _ in range(5):
        await gate.ensure_live(_claims("s1"))
    assert asked == ["s1"]
    revoked.add("s1")
    now[0] += 0.09
    await gate.ensure_live(_claims("s1"))  # still the cached answer
    now[0] += 0.02
    with pytest.raises(Unauthenticated):
        await gate.ensure_live(_claims("s1"))
    with pytest.raises(Unauthenticated):
        await gate.ensure_live(_claims("s1"))  # refusal cached too
    assert asked == ["s1", "s1"]
