"""A real SkillSphere server for the e2e tests, on free ports, against the test database."""

from __future__ import annotations

import asyncio
import concurrent.futures
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import asyncpg
import grpc
import pytest
from prometheus_client import CollectorRegistry
from skillsphere.challenge.v1 import challenge_pb2, challenge_pb2_grpc

from internal.app import Application
from pkg.tokens import TokenIssuer
from tests.conftest import make_settings

RATE_LIMITED_RPC = "skillsphere.workshop.v1.WorkshopService/ListWorkshops"
# Sessions may start right away and are reminded a minute ahead, so the session tests wait on real jobs for
# seconds, not hours (tests/e2e/test_session*.py).
SESSION_TIMINGS: dict[str, Any] = {"session_minimum_notice_minutes": 0, "session_reminder_minutes": [1]}


class ProbeChallenges(challenge_pb2_grpc.ChallengeServiceServicer):
    """A stand-in handler for two RPCs, to observe the chain around a crash and a slow call."""

    def __init__(self) -> None:
        self.slow_started = asyncio.Event()

    async def GetChallenge(self, request: Any, context: Any) -> Any:  # noqa: N802
        raise RuntimeError("connection to 10.0.0.7 failed: password=hunter2")

    async def GetLeaderboard(self, request: Any, context: Any) -> Any:  # noqa: N802
        self.slow_started.set()
        await asyncio.sleep(1.0)
        return challenge_pb2.GetLeaderboardResponse()


async def start_app(database_url: str, data_dir: Path, **overrides: Any) -> tuple[Application, ProbeChallenges]:
    """Create and start an application with the probe handler; the caller stops it."""
    probe = ProbeChallenges()
    settings = make_settings(database_url, data_dir, **overrides)
    app = await Application.create(
        settings, registry=CollectorRegistry(), handlers={"skillsphere.challenge.v1.ChallengeService": probe}
    )
    await app.start()
    return app, probe


@pytest.fixture(scope="session")
async def server(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, log_capture: Any
) -> AsyncIterator[Application]:
    """The shared running server."""
    app, _ = await start_app(
        database_url, tmp_path_factory.mktemp("data"), rate_limits={RATE_LIMITED_RPC: "2/minute"}, **SESSION_TIMINGS
    )
    yield app
    await app.stop()


@pytest.fixture(scope="session")
async def channel(server: Application) -> AsyncIterator[grpc.aio.Channel]:
    """A client channel to the shared server's gRPC port."""
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.grpc.port}") as ch:
        yield ch


@pytest.fixture(scope="session")
def http_base(server: Application) -> str:
    """Base URL of the shared server's HTTP port."""
    assert server.http is not None
    return f"http://127.0.0.1:{server.http.port}"


def _ensure_account_and_session(database_url: str, subject: str, roles: tuple[str, ...]) -> str:
    """Create (once) an account with `subject` as id and a live session for it; returns the session id.

    Runs on its own thread and loop so `token_for` stays a plain function inside async tests.
    """

    async def insert() -> str:
        conn = await asyncpg.connect(database_url)
        try:
            await conn.execute(
                "INSERT INTO accounts (id, email, roles, email_verified) VALUES ($1, $2, $3, true) "
                "ON CONFLICT (id) DO UPDATE SET roles = EXCLUDED.roles",
                uuid.UUID(subject),
                f"{subject}@test.example",
                list(roles),
            )
            session_id = uuid.uuid4()
            await conn.execute(
                "INSERT INTO auth_sessions (id, account_id, sign_in_method, device_name, created_at, last_used_at,"
                " expires_at) VALUES ($1, $2, 'password', 'test', now(), now(), now() + interval '1 day')",
                session_id,
                uuid.UUID(subject),
            )
            return str(session_id)
        finally:
            await conn.close()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, insert()).result()


@pytest.fixture(scope="session")
def token_for(server: Application) -> Callable[..., str]:
    """Access tokens for real accounts with live sessions, signed with the server's key as AuthService does."""
    issuer = TokenIssuer(
        server.keys,
        issuer=server.settings.jwt_issuer,
        audience=server.settings.jwt_audience,
        ttl_seconds=900,
    )

    def mint(subject: str = "00000000-0000-4000-8000-000000000001", roles: tuple[str, ...] = ("learner",)) -> str:
        session_id = _ensure_account_and_session(server.database.url, subject, roles)
        token, _ = issuer.issue(subject=subject, session_id=session_id, roles=roles, email_verified=True)
        return token

    return mint
