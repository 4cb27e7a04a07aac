"""SessionService latency: ListAvailableSlots and CreateSession over real gRPC, at 1 and 8 calls in flight,
and CreateSession under contention for a few slots (correctness plus throughput).

`python -m bench.sessions [--teachers 200] [--learners 800] [--history 200000] [--calls 300]`: an in-process
server (worker off, uvloop) on a fresh database of the embedded server in `.data/bench-sessions`. Members
are created through the API (profile, Python offered by teachers, availability every day 08:00-20:00
Berlin); `--history` past COMPLETED sessions between them and one upcoming CONFIRMED session per teacher
and day for the next two weeks (with their holds) are inserted in SQL, so the holds index and the
teachers' lists have realistic depth. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import asyncpg
import grpc
import uvloop
from google.protobuf.field_mask_pb2 import FieldMask
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2, status_pb2
from prometheus_client import CollectorRegistry
from skillsphere.common.v1 import common_pb2
from skillsphere.session.v1 import session_pb2, session_pb2_grpc
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.app import Application
from pkg.config import Settings
from pkg.db.embedded import start_embedded, with_database
from pkg.log import configure_logging
from pkg.tokens import TokenIssuer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data" / "bench-sessions"


def ts(value: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


async def account(conn: asyncpg.Connection, issuer: TokenIssuer) -> tuple[str, tuple[tuple[str, str], ...]]:
    subject = uuid.uuid4()
    session_id = uuid.uuid4()
    await conn.execute(
        "INSERT INTO accounts (id, email, roles, email_verified) VALUES ($1, $2, $3, true)",
        subject,
        f"{subject}@bench.example",
        ["learner"],
    )
    await conn.execute(
        "INSERT INTO auth_sessions (id, account_id, sign_in_method, device_name, created_at, last_used_at,"
        " expires_at) VALUES ($1, $2, 'password', 'bench', now(), now(), now() + interval '1 day')",
        session_id,
        subject,
    )
    token, _ = issuer.issue(subject=str(subject), session_id=str(session_id), roles=("learner",), email_verified=True)
    return str(subject), (("authorization", f"Bearer {token}"),)


async def timed(calls: list[Callable[[], Awaitable[Any]]], in_flight: int) -> tuple[list[float], int, float]:
    """Run `calls` with at most `in_flight` at once: latencies (ms), failures, wall seconds."""
    latencies: list[float] = []
    failures = 0
    queue = list(reversed(calls))

    async def worker() -> None:
        nonlocal failures
        while queue:
            call = queue.pop()
            begin = time.perf_counter()
            try:
                await call()
            except grpc.aio.AioRpcError:
                failures += 1
            latencies.append((time.perf_counter() - begin) * 1000)

    begin = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    return latencies, failures, time.perf_counter() - begin


def reason(error: grpc.aio.AioRpcError) -> str:
    """The ErrorInfo reason of a failed call (its status code when it has none)."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            for detail in status_pb2.Status.FromString(value).details:
                info = error_details_pb2.ErrorInfo()
                if detail.Unpack(info):
                    return info.reason
    return error.code().name


def counting(call: Callable[[], Awaitable[Any]], reasons: dict[str, int]) -> Callable[[], Awaitable[Any]]:
    """`call`, counting its failures by reason into `reasons`."""

    async def wrapped() -> Any:
        try:
            return await call()
        except grpc.aio.AioRpcError as error:
            found = reason(error)
            reasons[found] = reasons.get(found, 0) + 1
            raise

    return wrapped


def row(label: str, latencies: list[float], failures: int, seconds: float) -> str:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"| {label} | {len(latencies) / seconds:,.0f} | {statistics.median(ordered):.1f} | {p95:.1f} | {failures} |"


async def main(teachers: int, learners: int, history: int, calls: int) -> None:
    admin_url = await start_embedded(DATA, database="postgres")
    name = f"bench_sessions_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin_url)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    url = with_database(admin_url, name)
    settings = Settings(
        env="test",
        database_url=url,
        data_dir=DATA / "app",
        grpc_port=0,
        http_port=0,
        worker_enabled=False,
        rate_limit_default="1000000/second",
        session_minimum_notice_minutes=0,
        log_level="warning",
    )
    app = await Application.create(settings, registry=CollectorRegistry())
    await app.start()
    try:
        issuer = TokenIssuer(app.keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl_seconds=3600)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
            users = user_pb2_grpc.UserServiceStub(channel)
            skills = skill_pb2_grpc.SkillServiceStub(channel)
            sessions = session_pb2_grpc.SessionServiceStub(channel)
            found = await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query="Python", page_size=5))
            skill = next(r.skill.id for r in found.results if r.skill.name == "Python")
            db = await asyncpg.connect(url)
            began = time.perf_counter()
            members = [await account(db, issuer) for _ in range(teachers + learners)]
            every_day = [
                user_pb2.WeeklySlot(
                    day_of_week=d,  # type: ignore[arg-type]
                    slot=user_pb2.TimeSlot(start=common_pb2.TimeOfDay(hours=8), end=common_pb2.TimeOfDay(hours=20)),
                )
                for d in range(1, 8)
            ]
            for index, (user_id, md) in enumerate(members):
                await users.CreateUser(
                    user_pb2.CreateUserRequest(user=user_pb2.User(display_name=f"M{index}", time_zone="Europe/Berlin")),
                    metadata=md,
                )
                if index < teachers:
                    await skills.AddUserSkill(
                        skill_pb2.AddUserSkillRequest(
                            user_id=user_id,
                            skill_id=skill,
                            kind=skill_pb2.USER_SKILL_KIND_OFFERED,
                            proficiency=skill_pb2.PROFICIENCY_LEVEL_ADVANCED,
                        ),
                        metadata=md,
                    )
                    await users.UpdateAvailability(
                        user_pb2.UpdateAvailabilityRequest(
                            availability=user_pb2.Availability(user_id=user_id, weekly_slots=every_day),
                            update_mask=FieldMask(paths=["weekly_slots"]),
                        ),
                        metadata=md,
                    )
            teacher_ids = [uuid.UUID(m[0]) for m in members[:teachers]]
            learner_ids = [uuid.UUID(m[0]) for m in members[teachers:]]
            # History: past COMPLETED sessions, and one CONFIRMED session per teacher and day ahead (12:00 Berlin).
            await db.execute(
                """
                INSERT INTO sessions (id, title, skill_id, teacher_id, learner_id, requested_by, status,
                  scheduled_start, duration_minutes, time_zone, mode, completed_at)
                SELECT gen_random_uuid(), 'History', $1, t[1 + (i % cardinality(t))], l[1 + (i % cardinality(l))],
                  t[1 + (i % cardinality(t))], 'completed', now() - make_interval(hours => 1 + i % 20000), 60,
                  'Europe/Berlin', 'online', now() - make_interval(hours => i % 20000)
                FROM generate_series(1, $4) AS i, (SELECT $2::uuid[] AS t, $3::uuid[] AS l) AS a
                """,
                uuid.UUID(skill),
                teacher_ids,
                learner_ids,
                history,
            )
            noon = datetime.now(UTC).replace(hour=11, minute=0, second=0, microsecond=0)
            for day in range(1, 15):
                rows = [(uuid.uuid4(), t, uuid.uuid4(), noon + timedelta(days=day)) for t in teacher_ids]
                await db.executemany(
                    "INSERT INTO sessions (id, title, skill_id, teacher_id, learner_id, requested_by, status,"
                    " scheduled_start, duration_minutes, time_zone, mode) VALUES ($1, 'Upcoming', $5, $2, $3, $2,"
                    " 'confirmed', $4, 60, 'Europe/Berlin', 'online')",
                    [(*r, uuid.UUID(skill)) for r in rows],
                )
                await db.executemany(
                    "INSERT INTO session_holds (session_id, user_id, kind, during) VALUES"
                    " ($1, $2, 'booked', tstzrange($4::timestamptz, $4::timestamptz + interval '60 minutes')),"
                    " ($1, $3, 'booked', tstzrange($4::timestamptz, $4::timestamptz + interval '60 minutes'))",
                    rows,
                )
            await db.execute("VACUUM ANALYZE sessions")
            await db.execute("VACUUM ANALYZE session_holds")
            count = await db.fetchval("SELECT count(*) FROM sessions")
            await db.close()
            took = time.perf_counter() - began
            print(f"seeded {teachers} teachers, {learners} learners, {count} sessions in {took:.0f} s")

            asker = members[teachers]
            lines = ["| call | requests/s | p50 ms | p95 ms | failed |", "|---|---|---|---|---|"]
            for in_flight in (1, 8):

                def slots_call(t: uuid.UUID = teacher_ids[0]) -> Callable[[], Awaitable[Any]]:
                    start = datetime.now(UTC) + timedelta(days=random.randint(0, 6))
                    return lambda: sessions.ListAvailableSlots(
                        session_pb2.ListAvailableSlotsRequest(
                            teacher_user_id=str(t),
                            duration_minutes=60,
                            window_start_time=ts(start),
                            window_end_time=ts(start + timedelta(days=7)),
                            time_zone="America/New_York",
                        ),
                        metadata=asker[1],
                    )

                batch = [slots_call(random.choice(teacher_ids)) for _ in range(calls)]
                lines.append(row(f"ListAvailableSlots, 7 days, {in_flight} in flight", *await timed(batch, in_flight)))

            # CreateSession without contention: each call a distinct teacher-hour (teachers propose).
            base = (datetime.now(UTC) + timedelta(days=20)).replace(minute=0, second=0, microsecond=0)
            hour = iter(range(10**6))
            for in_flight in (1, 8):

                def create_call() -> Callable[[], Awaitable[Any]]:
                    k = next(hour)
                    t = members[k % teachers]
                    learner = members[teachers + (k % learners)]
                    start = base + timedelta(hours=2 * (k // teachers) + (k % 2))
                    request = session_pb2.CreateSessionRequest(
                        idempotency_key=str(uuid.uuid4()),
                        skill_id=skill,
                        teacher_user_id=t[0],
                        learner_user_id=learner[0],
                        title="Bench",
                        scheduled_start_time=ts(start),
                        duration_minutes=60,
                        time_zone="Europe/Berlin",
                    )
                    return lambda: sessions.CreateSession(request, metadata=t[1])

                batch = [create_call() for _ in range(calls)]
                lines.append(row(f"CreateSession, free slots, {in_flight} in flight", *await timed(batch, in_flight)))

            # Contention: 8 in flight, every 20 learners asking one of the first teacher's slots.
            slot_response = await sessions.ListAvailableSlots(
                session_pb2.ListAvailableSlotsRequest(
                    teacher_user_id=str(teacher_ids[1]),
                    duration_minutes=60,
                    window_start_time=ts(base + timedelta(days=30)),
                    window_end_time=ts(base + timedelta(days=31)),
                ),
                metadata=asker[1],
            )
            starts = [s.start_time for s in slot_response.slots[::2]][:8]  # the default daily limit is 8
            contended: list[Callable[[], Awaitable[Any]]] = []
            refusals: dict[str, int] = {}
            for i in range(len(starts) * 20):
                learner = members[teachers + i % learners]
                request = session_pb2.CreateSessionRequest(
                    idempotency_key=str(uuid.uuid4()),
                    skill_id=skill,
                    teacher_user_id=str(teacher_ids[1]),
                    learner_user_id=learner[0],
                    title="Contended",
                    scheduled_start_time=starts[i % len(starts)],
                    duration_minutes=60,
                    time_zone="Europe/Berlin",
                )
                contended.append(counting(partial(sessions.CreateSession, request, metadata=learner[1]), refusals))
            random.shuffle(contended)
            latencies, failures, seconds = await timed(contended, 8)
            lines.append(
                row(
                    f"CreateSession, {len(contended)} calls for {len(starts)} slots, 8 in flight",
                    latencies,
                    failures,
                    seconds,
                )
            )
            booked = len(latencies) - failures
            lines.append("")
            lines.append(
                f"Contention: {booked} sessions booked for {len(starts)} slots "
                f"({'correct' if booked == len(starts) else 'WRONG'}), refused: "
                + ", ".join(f"{n} {reason}" for reason, n in sorted(refusals.items()))
                + "."
            )
            print("\n".join(lines))
    finally:
        await app.stop()
        conn = await asyncpg.connect(admin_url)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teachers", type=int, default=200)
    parser.add_argument("--learners", type=int, default=800)
    parser.add_argument("--history", type=int, help="sessions of history (default 200000; 1000000 with --scale)")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument(
        "--scale", type=int, metavar="N", help="use the N-member dataset of bench/dataset.py (at scale: 100000)"
    )
    parser.add_argument("--out", type=Path, help="with --scale: write the section into this page (docs/benchmarks.md)")
    args = parser.parse_args()
    configure_logging("warning", "json")
    if args.scale:
        from bench.sessions_scale import run_scale, write

        lines = uvloop.run(run_scale(args.scale, history=args.history or 1_000_000, calls=args.calls))
        write(args.out, lines)
        return
    uvloop.run(main(args.teachers, args.learners, args.history or 200_000, args.calls))


if __name__ == "__main__":
    cli()
