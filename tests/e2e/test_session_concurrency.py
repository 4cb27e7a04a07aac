"""Sessions under concurrency and restarts: one slot booked by 20 callers through two server processes,
and timed transitions that fire from the durable queue after the server that scheduled them is gone."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from skillsphere.session.v1 import session_pb2, session_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc
from sqlalchemy import text

from internal.app import Application
from internal.session.models import HoldKind, Session
from internal.session.repository import SessionRepository
from pkg.errors import FailedPrecondition
from pkg.tokens import TokenIssuer
from tests.conftest import scratch_database
from tests.e2e.conftest import _ensure_account_and_session, start_app
from tests.e2e.session_helpers import (
    available_all_week,
    catalog_skill,
    create_request,
    member,
    on_the_hour,
    propose,
    shift_into_the_past,
    soon,
    teacher,
)
from tests.support.rpc import bearer
from tests.support.server_process import ServerProcess
from tests.support.waiting import DEADLINE, eventually

S = session_pb2


@pytest.fixture
async def second_channel(server: Application, database_url: str) -> AsyncIterator[grpc.aio.Channel]:
    """A channel to a second server process sharing the test database."""
    other = ServerProcess(database_url, server.settings.data_dir, SKILLSPHERE_SESSION_MINIMUM_NOTICE_MINUTES="0")
    try:
        port = await other.grpc_port()
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield channel
    finally:
        other.stop()


async def test_twenty_learners_asking_for_one_slot_through_two_processes_book_it_once(
    channel: grpc.aio.Channel, second_channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    await available_all_week(channel, grace)
    learners = [await member(channel, token_for, f"Learner {i}") for i in range(20)]
    start = on_the_hour(240)
    stubs = [session_pb2_grpc.SessionServiceStub(c) for c in (channel, second_channel)]
    results = await asyncio.gather(
        *(
            stubs[i % 2].CreateSession(create_request(skill, grace.id, who.id, start), metadata=who.metadata)
            for i, who in enumerate(learners)
        ),
        return_exceptions=True,
    )
    won = [r for r in results if isinstance(r, session_pb2.CreateSessionResponse)]
    lost = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert len(won) == 1 and len(lost) == 19, [r for r in results if not isinstance(r, grpc.aio.AioRpcError)] or lost
    assert {e.code() for e in lost} == {grpc.StatusCode.FAILED_PRECONDITION}, {e.details() for e in lost}
    listed = await stubs[1].ListUserSessions(S.ListUserSessionsRequest(user_id=grace.id), metadata=grace.metadata)
    assert [s.id for s in listed.sessions] == [won[0].session.id]


# ----------------------------------------------------------------------------------------- restarts


@pytest.fixture
async def scratch_url(postgres_admin_url: str) -> AsyncIterator[str]:
    """A database of its own, so no other server's worker runs these jobs."""
    async with scratch_database(postgres_admin_url, "sessions_restart") as url:
        yield url


def _token(app: Application, subject: str) -> tuple[tuple[str, str], ...]:
    session_id = _ensure_account_and_session(app.database.url, subject, ("learner",))
    issuer = TokenIssuer(app.keys, issuer=app.settings.jwt_issuer, audience=app.settings.jwt_audience, ttl_seconds=900)
    token, _ = issuer.issue(subject=subject, session_id=session_id, roles=("learner",), email_verified=True)
    return bearer(token)


async def test_timed_transitions_fire_from_the_queue_after_a_restart(scratch_url: str, tmp_data_dir: Path) -> None:
    first, _ = await start_app(scratch_url, tmp_data_dir, session_minimum_notice_minutes=0)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{first.grpc.port}") as channel:
            stub = session_pb2_grpc.SessionServiceStub(channel)

            def token_for(subject: str, roles: tuple[str, ...] = ("learner",)) -> str:
                return _token(first, subject)[0][1].removeprefix("Bearer ")

            skill = await catalog_skill(channel)
            grace = await teacher(channel, token_for, skill)
            ada = await member(channel, token_for, "Ada")
            requested = await propose(stub, skill, grace, ada, soon(200))
            confirmed = await propose(stub, skill, grace, ada, soon(120))
            await stub.ConfirmSession(S.ConfirmSessionRequest(session_id=confirmed.id), metadata=ada.metadata)
            running = await propose(stub, skill, grace, ada, soon(5))
            await stub.ConfirmSession(S.ConfirmSessionRequest(session_id=running.id), metadata=ada.metadata)
            await stub.StartSession(S.StartSessionRequest(session_id=running.id), metadata=grace.metadata)
    finally:
        await first.stop()

    # While no server runs, the sessions' times pass.
    await shift_into_the_past(scratch_url, requested.id, 4)
    await shift_into_the_past(scratch_url, confirmed.id, 4)
    await shift_into_the_past(scratch_url, running.id, 6)

    second, _ = await start_app(scratch_url, tmp_data_dir, session_minimum_notice_minutes=0)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{second.grpc.port}") as channel:
            stub = session_pb2_grpc.SessionServiceStub(channel)

            async def status(session_id: str) -> int:
                got = await stub.GetSession(S.GetSessionRequest(session_id=session_id), metadata=ada.metadata)
                return got.session.status

            await eventually(lambda: _is(status(requested.id), S.SESSION_STATUS_EXPIRED))
            await eventually(lambda: _is(status(confirmed.id), S.SESSION_STATUS_NO_SHOW))
            await eventually(lambda: _is(status(running.id), S.SESSION_STATUS_COMPLETED))
            stats = await user_pb2_grpc.UserServiceStub(channel).GetUserStats(
                user_pb2.GetUserStatsRequest(user_id=grace.id)
            )
            assert (stats.stats.no_show_count, stats.stats.sessions_taught_count) == (1, 1)
    finally:
        await second.stop()


async def _is(value: Any, expected: int) -> bool:
    return (await value) == expected


async def test_two_bookings_whose_holds_wait_on_each_other_end_in_one_slot_conflict(server: Application) -> None:
    """Exclusion checks of two transactions can each wait on the other's uncommitted row; the database then
    cancels one with a deadlock. That booking lost the slot: SLOT_CONFLICT, not INTERNAL."""
    teacher_id, learner_id = sorted([uuid.uuid4(), uuid.uuid4()], reverse=True)  # the learner's row goes first
    start = soon(24 * 60).replace(microsecond=0)
    end = start + timedelta(hours=1)

    def session_row(teacher: uuid.UUID, learner: uuid.UUID) -> Session:
        return Session(
            id=uuid.uuid4(), title="Deadlock probe", skill_id=uuid.uuid4(), teacher_id=teacher,
            learner_id=learner, requested_by=learner, status="REQUESTED", scheduled_start=start,
            duration_minutes=60, time_zone="UTC", mode="ONLINE",
        )  # fmt: skip

    first_row, second_row = session_row(teacher_id, uuid.uuid4()), session_row(teacher_id, learner_id)
    async with server.uow() as uow:
        uow.session.add_all([first_row, second_row])
        await uow.commit()

    first_holds_teacher = asyncio.Event()
    outcomes: dict[str, BaseException | None] = {}

    async def first() -> None:
        try:
            async with server.uow() as uow:
                repo = SessionRepository(uow.session)
                await repo.hold(first_row.id, [teacher_id], HoldKind.BOOKED, start, end)
                first_holds_teacher.set()
                # The second booking now holds the learner and waits on this transaction for the teacher;
                # waiting on it for the learner closes the cycle.
                await eventually(lambda: _waiting_on_lock(server), message="the second booking never waited")
                await repo.hold(first_row.id, [learner_id], HoldKind.PROPOSED, start, end)
                await uow.commit()
            outcomes["first"] = None
        except BaseException as exc:  # noqa: BLE001 - recorded and asserted below
            outcomes["first"] = exc

    async def second() -> None:
        await first_holds_teacher.wait()
        try:
            async with server.uow() as uow:
                await SessionRepository(uow.session).hold(
                    second_row.id, [teacher_id, learner_id], HoldKind.BOOKED, start, end
                )
                await uow.commit()
            outcomes["second"] = None
        except BaseException as exc:  # noqa: BLE001
            outcomes["second"] = exc

    await asyncio.wait_for(asyncio.gather(first(), second()), 2 * DEADLINE)
    failed = [exc for exc in outcomes.values() if exc is not None]
    assert len(failed) == 1, outcomes
    assert isinstance(failed[0], FailedPrecondition) and failed[0].reason == "SLOT_CONFLICT", repr(failed[0])


async def _waiting_on_lock(server: Application) -> bool:
    async with server.uow() as uow:
        waiting = await uow.session.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO session_holds%'"
            )
        )
        return bool(waiting.scalar_one())
