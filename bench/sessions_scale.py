"""`python -m bench.sessions --scale 100000` (`python -m bench.run --only sessions`): ListAvailableSlots and
CreateSession on the at-scale dataset of bench/dataset.py with 1M sessions of history.

Databases, all on the embedded server in `.data/bench-scale`:

- the dataset `bench_scale_<N>_r<rev>_v<ver>` is only ever used as a template, never written;
- `<dataset>_sessions_h<HISTORY_VERSION>`: a copy of it (`CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY`) with
  the history inserted once in SQL (loaded as `…_loading` and renamed at the end, so a half-loaded copy is
  never reused; a rerun finds it and inserts nothing): `history` past sessions between dataset members where
  the teacher offers the skill (`user_skills` kind offered), 85 % COMPLETED, 10 % CANCELLED, 5 % NO_SHOW,
  over the last two years; a fifth of them on the bench teachers (the first `TEACHERS` public members with
  availability and an offered skill, by id), so their lists are a thousand sessions deep; a learner's
  rating of the teacher for 40 % of the completed ones. VACUUM ANALYZEd.
- per run, a throw-away copy of that one (same statement), where the "upcoming" part is written relative to
  now: `UPCOMING` (at most half the members) CONFIRMED sessions with their two `session_holds` rows at random
  hours of the next 14 days between random members (a row whose hold would overlap another is dropped, as
  the exclusion constraint says), and for each bench teacher a CONFIRMED session (with holds) at every other
  free slot of the next 14 days, as ListAvailableSlots lists them, with a member drawn from 5,000 others.
  Dropped at the end.

Members sign in as bench/sessions.py's `account()` does: an `auth_sessions` row for the dataset's existing
account and a token from TokenIssuer with the account's roles. The server is in this process (worker off,
uvloop, default booking rules: one hour minimum notice, 30-minute slot interval, 8 sessions a day), the
client is grpc.aio over a real channel.
"""

from __future__ import annotations

import json
import os
import platform
import random
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import asyncpg
import grpc
from prometheus_client import CollectorRegistry
from skillsphere.session.v1 import session_pb2, session_pb2_grpc

from bench.dataset import DATA, dataset
from bench.sessions import counting, row, timed, ts
from internal.app import Application
from pkg.config import Settings
from pkg.db.embedded import with_database
from pkg.db.engine import asyncpg_url
from pkg.tokens import TokenIssuer

BEGIN, END = "<!-- sessions:begin -->", "<!-- sessions:end -->"
HISTORY_VERSION = 1
TEACHERS = 200
UPCOMING = 50_000

# The bench teachers: public, live, with availability and at least one offered skill; stable order.
TEACHERS_SQL = """
SELECT p.id FROM user_profiles p
WHERE p.deleted_at IS NULL AND p.visibility = 'public'
  AND EXISTS (SELECT 1 FROM user_availability a WHERE a.user_id = p.id)
  AND EXISTS (SELECT 1 FROM user_skills s WHERE s.user_id = p.id AND s.kind = 'offered')
ORDER BY p.id LIMIT $1
"""

# One INSERT … SELECT per share of the history: `$1` sessions drawn from the offers in `offers_table`.
HISTORY_SQL = """
INSERT INTO sessions (id, title, skill_id, teacher_id, learner_id, requested_by, status, scheduled_start,
  duration_minutes, time_zone, mode, completed_at, cancelled_at, cancelled_by, cancellation_reason,
  created_at, updated_at)
SELECT gen_random_uuid(), 'History', o.skill_id, o.user_id, p.id, p.id, d.status, d.start, d.minutes, 'UTC',
  'online',
  CASE WHEN d.status = 'completed' THEN d.start + make_interval(mins => d.minutes) END,
  CASE WHEN d.status = 'cancelled' THEN d.start - interval '1 day' END,
  CASE WHEN d.status = 'cancelled' THEN p.id END,
  CASE WHEN d.status = 'cancelled' THEN 'personal' END,
  d.start - interval '3 days', d.start + make_interval(mins => d.minutes)
FROM (
  SELECT 1 + floor(random() * (SELECT count(*) FROM {offers}))::bigint AS offer,
    1 + floor(random() * (SELECT count(*) FROM bench_people))::bigint AS person,
    CASE WHEN r < 0.85 THEN 'completed' WHEN r < 0.95 THEN 'cancelled' ELSE 'no_show' END AS status,
    date_trunc('hour', now() - random() * interval '730 days') AS start,
    (ARRAY[30, 45, 60, 60, 60, 90, 120])[1 + floor(random() * 7)::int] AS minutes
  FROM (SELECT i, random() AS r FROM generate_series(1, $1::int + $1::int / 100) AS i) AS g
) AS d
JOIN {offers} o ON o.n = d.offer
JOIN bench_people p ON p.n = d.person
WHERE p.id <> o.user_id
LIMIT $1::int
"""


@dataclass
class Member:
    user_id: uuid.UUID
    metadata: tuple[tuple[str, str], ...]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M")


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


async def _copy(admin: asyncpg.Connection, template: str, name: str) -> float:
    """CREATE DATABASE `name` as a file copy of `template`; seconds taken."""
    began = time.perf_counter()
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    return time.perf_counter() - began


async def history_database(admin: asyncpg.Connection, admin_url: str, template: str, history: int) -> dict[str, Any]:
    """The dataset's copy with the session history, made once; what it took."""
    name = f"{template}_sessions_h{HISTORY_VERSION}" + ("" if history == 1_000_000 else f"_{history}")
    info: dict[str, Any] = {"name": name, "copy_seconds": None, "insert_seconds": None}
    if await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
        return info
    loading = name + "_loading"
    info["copy_seconds"] = await _copy(admin, template, loading)
    print(f"copied {template} in {info['copy_seconds']:.1f} s", flush=True)
    began = time.perf_counter()
    conn = await asyncpg.connect(asyncpg_url(with_database(admin_url, loading)))
    try:
        await conn.execute("SET synchronous_commit = off; SET work_mem = '256MB'")
        await conn.execute(
            "CREATE TEMP TABLE bench_offers AS SELECT row_number() OVER (ORDER BY s.user_id, s.skill_id) AS n,"
            " s.user_id, s.skill_id FROM user_skills s JOIN user_profiles p ON p.id = s.user_id"
            " WHERE s.kind = 'offered' AND p.deleted_at IS NULL"
        )
        await conn.execute(
            "CREATE TEMP TABLE bench_people AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM user_profiles"
            " WHERE deleted_at IS NULL"
        )
        teachers = [r["id"] for r in await conn.fetch(TEACHERS_SQL, TEACHERS)]
        await conn.execute(
            "CREATE TEMP TABLE bench_teacher_offers AS SELECT row_number() OVER (ORDER BY user_id, skill_id) AS n,"
            " user_id, skill_id FROM bench_offers WHERE user_id = ANY($1::uuid[])",
            teachers,
        )
        for table in ("bench_offers", "bench_people", "bench_teacher_offers"):
            await conn.execute(f"CREATE UNIQUE INDEX ON {table} (n); ANALYZE {table}")
        focused = history // 5
        await conn.execute(HISTORY_SQL.format(offers="bench_teacher_offers"), focused)
        await conn.execute(HISTORY_SQL.format(offers="bench_offers"), history - focused)
        await conn.execute(
            "INSERT INTO session_ratings (id, session_id, rater_id, rated_id, rated_role, rating, comment, created_at)"
            " SELECT gen_random_uuid(), id, learner_id, teacher_id, 'teacher', 3 + floor(random() * 3)::int, '',"
            " completed_at FROM sessions WHERE status = 'completed' AND random() < 0.4"
        )
        await conn.execute("VACUUM ANALYZE sessions")
        await conn.execute("VACUUM ANALYZE session_ratings")
        count = await conn.fetchval("SELECT count(*) FROM sessions")
    finally:
        await conn.close()
    info["insert_seconds"] = time.perf_counter() - began
    print(f"inserted {count:,} sessions of history in {info['insert_seconds']:.0f} s", flush=True)
    await admin.execute(f'ALTER DATABASE "{loading}" RENAME TO "{name}"')
    return info


async def _upcoming(conn: asyncpg.Connection, count: int) -> int:
    """`count` CONFIRMED sessions at random hours of the next 14 days between random members, with holds;
    those that would overlap a participant's other hold are dropped. How many stayed."""
    await conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS bench_offers AS SELECT row_number() OVER (ORDER BY user_id, skill_id) AS n,"
        " user_id, skill_id FROM user_skills WHERE kind = 'offered';"
        " CREATE TEMP TABLE IF NOT EXISTS bench_people AS SELECT row_number() OVER (ORDER BY id) AS n, id"
        " FROM user_profiles WHERE deleted_at IS NULL;"
        " CREATE UNIQUE INDEX IF NOT EXISTS bench_offers_n ON bench_offers (n);"
        " CREATE UNIQUE INDEX IF NOT EXISTS bench_people_n ON bench_people (n);"
        " ANALYZE bench_offers; ANALYZE bench_people"
    )
    await conn.execute(
        """
        INSERT INTO sessions (id, title, skill_id, teacher_id, learner_id, requested_by, status, scheduled_start,
          duration_minutes, time_zone, mode, created_at, updated_at)
        SELECT gen_random_uuid(), 'Upcoming', o.skill_id, o.user_id, p.id, p.id, 'confirmed', d.start, 60, 'UTC',
          'online', now(), now()
        FROM (
          SELECT 1 + floor(random() * (SELECT count(*) FROM bench_offers))::bigint AS offer,
            1 + floor(random() * (SELECT count(*) FROM bench_people))::bigint AS person,
            date_trunc('hour', now()) + make_interval(hours => 2 + floor(random() * 14 * 24)::int) AS start
          FROM generate_series(1, $1)
        ) AS d
        JOIN bench_offers o ON o.n = d.offer JOIN bench_people p ON p.n = d.person
        WHERE p.id <> o.user_id
        """,
        count,
    )
    return await _hold_upcoming(conn)


async def _hold_upcoming(conn: asyncpg.Connection) -> int:
    await conn.execute(
        "INSERT INTO session_holds (session_id, user_id, kind, during)"
        " SELECT s.id, u, 'booked', tstzrange(s.scheduled_start, s.scheduled_start + interval '60 minutes', '[)')"
        " FROM sessions s CROSS JOIN LATERAL unnest(ARRAY[s.teacher_id, s.learner_id]) AS u"
        " WHERE s.title LIKE 'Upcoming%' AND NOT EXISTS (SELECT 1 FROM session_holds h WHERE h.session_id = s.id)"
        " ON CONFLICT DO NOTHING"
    )
    # A session whose two holds did not both go in overlapped another: drop it (its one hold goes with it).
    await conn.execute(
        "DELETE FROM sessions s WHERE s.title LIKE 'Upcoming%'"
        " AND (SELECT count(*) FROM session_holds h WHERE h.session_id = s.id) < 2"
    )
    return int(await conn.fetchval("SELECT count(*) FROM sessions WHERE title LIKE 'Upcoming%'"))


async def sign_in(conn: asyncpg.Connection, issuer: TokenIssuer, user_ids: list[uuid.UUID]) -> list[Member]:
    """An auth session and an access token for each existing account."""
    rows = await conn.fetch("SELECT id, roles FROM accounts WHERE id = ANY($1::uuid[])", user_ids)
    roles = {r["id"]: tuple(r["roles"]) for r in rows}
    sessions = [(uuid.uuid4(), user_id) for user_id in user_ids]
    await conn.executemany(
        "INSERT INTO auth_sessions (id, account_id, sign_in_method, device_name, created_at, last_used_at,"
        " expires_at) VALUES ($1, $2, 'password', 'bench', now(), now(), now() + interval '1 day')",
        sessions,
    )
    members = []
    for session_id, user_id in sessions:
        token, _ = issuer.issue(
            subject=str(user_id), session_id=str(session_id), roles=roles[user_id], email_verified=True
        )
        members.append(Member(user_id, (("authorization", f"Bearer {token}"),)))
    return members


def _non_overlapping(starts: list[datetime], minutes: int = 60) -> list[datetime]:
    """Starts at least `minutes` apart, earliest first."""
    chosen: list[datetime] = []
    for start in sorted(starts):
        if not chosen or start >= chosen[-1] + timedelta(minutes=minutes):
            chosen.append(start)
    return chosen


async def _slots(
    stub: session_pb2_grpc.SessionServiceStub, asker: Member, teacher: uuid.UUID, start: datetime, days: int
) -> list[datetime]:
    response = await stub.ListAvailableSlots(
        session_pb2.ListAvailableSlotsRequest(
            teacher_user_id=str(teacher),
            duration_minutes=60,
            window_start_time=ts(start),
            window_end_time=ts(start + timedelta(days=days)),
        ),
        metadata=asker.metadata,
    )
    return [s.start_time.ToDatetime(tzinfo=UTC) for s in response.slots]


class Statements:
    """The statements the server's engine sends while active, with their time."""

    def __init__(self, app: Application) -> None:
        self._engine = app.database.engine.sync_engine
        self.seen: list[tuple[str, float]] = []
        self._started: dict[int, float] = {}

    def _before(self, _conn: object, cursor: object, *_: object) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, _conn: object, cursor: object, statement: str, *_: object) -> None:
        began = self._started.pop(id(cursor), None)
        if began is not None:
            self.seen.append((" ".join(statement.split()), (time.perf_counter() - began) * 1000))

    def __enter__(self) -> Statements:
        from sqlalchemy import event

        event.listen(self._engine, "before_cursor_execute", self._before)
        event.listen(self._engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_: object) -> None:
        from sqlalchemy import event

        event.remove(self._engine, "before_cursor_execute", self._before)
        event.remove(self._engine, "after_cursor_execute", self._after)


def _short(statement: str, limit: int = 160) -> str:
    text = statement.replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _explain(conn: asyncpg.Connection, statement: str, *args: Any) -> list[str]:
    from bench.scale import _plan_notes

    plan = await conn.fetchval("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, *args)
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return _plan_notes(plan[0])


async def run_scale(users: int, *, history: int = 1_000_000, calls: int = 300) -> list[str]:
    """Load or reuse the dataset and its history copy, copy it for this run, measure; the section's lines."""
    load_before = _uptime()
    ds = await dataset(users)
    admin_url = with_database(ds.url, "postgres")
    admin = await asyncpg.connect(asyncpg_url(admin_url))
    run_name = f"bench_sessions_run_{uuid.uuid4().hex[:8]}"
    try:
        made = await history_database(admin, admin_url, ds.name, history)
        copy_seconds = await _copy(admin, made["name"], run_name)
        print(f"run copy {run_name} in {copy_seconds:.1f} s", flush=True)
    finally:
        await admin.close()
    url = with_database(ds.url, run_name)
    try:
        return await _measure(ds, made, url, copy_seconds, calls, load_before)
    finally:
        admin = await asyncpg.connect(asyncpg_url(admin_url))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{run_name}" WITH (FORCE)')
        finally:
            await admin.close()


async def _measure(
    ds: Any, made: dict[str, Any], url: str, copy_seconds: float, calls: int, load_before: str
) -> list[str]:
    db = await asyncpg.connect(asyncpg_url(url))
    began = time.perf_counter()
    drawn = min(UPCOMING, ds.users // 2)
    upcoming = await _upcoming(db, drawn)
    steps = {"random upcoming sessions and their holds": time.perf_counter() - began}
    teacher_ids = [r["id"] for r in await db.fetch(TEACHERS_SQL, TEACHERS)]
    # Learners: public members with no upcoming session, so each booking below is free on both sides.
    learner_ids = [
        r["id"]
        for r in await db.fetch(
            "SELECT p.id FROM user_profiles p WHERE p.deleted_at IS NULL AND p.visibility = 'public'"
            " AND NOT EXISTS (SELECT 1 FROM session_holds h WHERE h.user_id = p.id)"
            " AND p.id <> ALL($1::uuid[]) ORDER BY p.id DESC LIMIT $2",
            teacher_ids,
            2 * calls + 200,
        )
    ]
    history = await db.fetchval("SELECT count(*) FROM sessions WHERE title = 'History'")
    settings = Settings(
        env="test",
        database_url=url,
        data_dir=DATA / "app",
        grpc_port=0,
        http_port=0,
        worker_enabled=False,
        rate_limit_default="1000000/second",
        log_level="warning",
    )  # type: ignore[call-arg]
    app = await Application.create(settings, registry=CollectorRegistry())
    await app.start()
    lines: list[str] = []
    try:
        issuer = TokenIssuer(app.keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl_seconds=3600)
        await sign_in(db, issuer, teacher_ids)  # teachers sign in too (an auth session each), as in real use
        learners = await sign_in(db, issuer, learner_ids)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
            stub = session_pb2_grpc.SessionServiceStub(channel)
            asker = learners[-1]
            now = datetime.now(UTC)
            # Each bench teacher: CONFIRMED sessions at every other free slot of the next 14 days.
            skills = {
                r["user_id"]: r["skill_id"]
                for r in await db.fetch(
                    "SELECT DISTINCT ON (user_id) user_id, skill_id FROM user_skills"
                    " WHERE kind = 'offered' AND user_id = ANY($1::uuid[]) ORDER BY user_id, skill_id",
                    teacher_ids,
                )
            }
            # Their learners: a random sample of other members, large enough that few overlap one another.
            others = [
                r["id"]
                for r in await db.fetch(
                    "SELECT id FROM user_profiles WHERE deleted_at IS NULL AND id <> ALL($1::uuid[])"
                    " ORDER BY random() LIMIT 5000",
                    teacher_ids + learner_ids,
                )
            ]
            step = time.perf_counter()
            rows = []
            for teacher in teacher_ids:
                free = _non_overlapping(await _slots(stub, asker, teacher, now, 14))
                people = random.sample(others, k=min(len(free), 50))
                for start, learner in zip(free[::2], people, strict=False):
                    rows.append((uuid.uuid4(), skills[teacher], teacher, learner, start))
            await db.executemany(
                "INSERT INTO sessions (id, title, skill_id, teacher_id, learner_id, requested_by, status,"
                " scheduled_start, duration_minutes, time_zone, mode) VALUES ($1, 'Upcoming slot', $2, $3, $4, $4,"
                " 'confirmed', $5, 60, 'UTC', 'online')",
                rows,
            )
            upcoming = await _hold_upcoming(db)
            kept = await db.fetchval("SELECT count(*) FROM sessions WHERE title = 'Upcoming slot'")
            steps["bench teachers' slots listed, their sessions inserted"] = time.perf_counter() - step
            step = time.perf_counter()
            for statement in ("VACUUM ANALYZE sessions", "VACUUM ANALYZE session_holds", "ANALYZE auth_sessions"):
                await db.execute(statement)
            holds = await db.fetchval("SELECT count(*) FROM session_holds")
            steps["VACUUM ANALYZE"] = time.perf_counter() - step
            seed_seconds = time.perf_counter() - began
            print(
                f"upcoming {upcoming:,} sessions ({kept} of {len(rows)} on bench teachers), {holds:,} holds", flush=True
            )

            # Free slots 15-45 days ahead for the bookings, by teacher (non-overlapping, so all can be booked).
            free_by_teacher: dict[uuid.UUID, list[datetime]] = {}
            for teacher in teacher_ids:
                free_by_teacher[teacher] = _non_overlapping(
                    await _slots(stub, asker, teacher, now + timedelta(days=15), 30)
                )
            contended_teacher = max(teacher_ids, key=lambda t: len(free_by_teacher[t]))
            contended_starts = free_by_teacher.pop(contended_teacher)[:8]
            bookable = [(t, s) for t, starts in free_by_teacher.items() for s in starts]
            random.shuffle(bookable)

            header = ["| call | in flight | requests/s | p50 ms | p95 ms | failed |", "|---|---|---|---|---|---|"]
            lines += header
            warm = [
                partial(
                    stub.ListAvailableSlots,
                    session_pb2.ListAvailableSlotsRequest(
                        teacher_user_id=str(t),
                        duration_minutes=60,
                        window_start_time=ts(now),
                        window_end_time=ts(now + timedelta(days=7)),
                    ),
                    metadata=learners[i % len(learners)].metadata,
                )
                for i, t in enumerate(teacher_ids[:50])
            ]
            await timed(list(warm), 4)
            answered: list[int] = []
            for in_flight in (1, 8):

                def slots_call(teacher: uuid.UUID, learner: Member) -> Callable[[], Awaitable[Any]]:
                    start = datetime.now(UTC) + timedelta(days=random.randint(0, 6), hours=random.randint(0, 23))

                    async def call() -> None:
                        response = await stub.ListAvailableSlots(
                            session_pb2.ListAvailableSlotsRequest(
                                teacher_user_id=str(teacher),
                                duration_minutes=60,
                                window_start_time=ts(start),
                                window_end_time=ts(start + timedelta(days=7)),
                                time_zone="America/New_York",
                            ),
                            metadata=learner.metadata,
                        )
                        answered.append(len(response.slots))

                    return call

                batch = [slots_call(random.choice(teacher_ids), random.choice(learners)) for _ in range(calls)]
                lines.append(_row("ListAvailableSlots, 7-day window", in_flight, *await timed(batch, in_flight)))

            # CreateSession by learners into free slots (each learner books once, each slot once).
            spare = iter(learners[-2 * calls - 50 :])
            slots_iter = iter(bookable)
            reasons: dict[str, int] = {}
            for in_flight in (1, 8):
                batch = []
                for _ in range(calls):
                    teacher, start = next(slots_iter)
                    learner = next(spare)
                    request = session_pb2.CreateSessionRequest(
                        idempotency_key=str(uuid.uuid4()),
                        skill_id=str(skills[teacher]),
                        teacher_user_id=str(teacher),
                        learner_user_id=str(learner.user_id),
                        title="Bench",
                        scheduled_start_time=ts(start),
                        duration_minutes=60,
                        time_zone="Europe/Berlin",
                    )
                    batch.append(counting(partial(stub.CreateSession, request, metadata=learner.metadata), reasons))
                label = "CreateSession, learner books a free slot"
                lines.append(_row(label, in_flight, *await timed(batch, in_flight)))

            # Contention: 20 learners for each of 8 slots of one teacher, 8 in flight.
            conflicts: dict[str, int] = {}
            contended = []
            for i in range(len(contended_starts) * 20):
                learner = learners[i % (len(learners) - 2 * calls - 50)]
                request = session_pb2.CreateSessionRequest(
                    idempotency_key=str(uuid.uuid4()),
                    skill_id=str(skills[contended_teacher]),
                    teacher_user_id=str(contended_teacher),
                    learner_user_id=str(learner.user_id),
                    title="Contended",
                    scheduled_start_time=ts(contended_starts[i % len(contended_starts)]),
                    duration_minutes=60,
                    time_zone="Europe/Berlin",
                )
                contended.append(counting(partial(stub.CreateSession, request, metadata=learner.metadata), conflicts))
            random.shuffle(contended)
            latencies, failures, seconds = await timed(contended, 8)
            lines.append(
                _row(
                    f"CreateSession, {len(contended)} learners for {len(contended_starts)} slots",
                    8,
                    latencies,
                    failures,
                    seconds,
                )
            )
            booked = await db.fetch(
                "SELECT scheduled_start, count(*) AS n FROM sessions WHERE teacher_id = $1 AND title = 'Contended'"
                " GROUP BY scheduled_start",
                contended_teacher,
            )
            per_slot = {r["scheduled_start"]: r["n"] for r in booked}
            correct = len(per_slot) == len(contended_starts) and all(n == 1 for n in per_slot.values())

            # The statements of one ListAvailableSlots and one CreateSession (warm caches).
            teacher, start = next(slots_iter)
            learner = next(spare)
            with Statements(app) as listed:
                began_call = time.perf_counter()
                await _slots(stub, learner, teacher, now + timedelta(days=1), 7)
                list_ms = (time.perf_counter() - began_call) * 1000
            with Statements(app) as created:
                began_call = time.perf_counter()
                await stub.CreateSession(
                    session_pb2.CreateSessionRequest(
                        idempotency_key=str(uuid.uuid4()),
                        skill_id=str(skills[teacher]),
                        teacher_user_id=str(teacher),
                        learner_user_id=str(learner.user_id),
                        title="Bench",
                        scheduled_start_time=ts(start),
                        duration_minutes=60,
                        time_zone="Europe/Berlin",
                    ),
                    metadata=learner.metadata,
                )
                create_ms = (time.perf_counter() - began_call) * 1000
            depth = await db.fetchval("SELECT count(*) FROM sessions WHERE teacher_id = $1", contended_teacher)
            busy_plan = await _explain(
                db,
                "SELECT user_id, lower(during), upper(during) FROM session_holds"
                " WHERE user_id = ANY($1::uuid[]) AND during && tstzrange($2, $3, '[)')",
                [contended_teacher, learner.user_id],
                now - timedelta(days=1),
                now + timedelta(days=8),
            )
            list_plan = await _explain(
                db,
                "SELECT * FROM sessions WHERE teacher_id = $1 OR learner_id = $1"
                " ORDER BY scheduled_start DESC, id DESC LIMIT 21",
                contended_teacher,
            )
            teacher_plan = await _explain(
                db,
                "SELECT * FROM sessions WHERE teacher_id = $1 ORDER BY scheduled_start DESC, id DESC LIMIT 21",
                contended_teacher,
            )
            figures = await db.fetchrow(
                "SELECT (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM session_ratings) AS ratings,"
                " pg_size_pretty(pg_database_size(current_database())) AS size"
            )
    finally:
        await app.stop()
        await db.close()
    load_after = _uptime()
    mean_slots = sum(answered) / len(answered) if answered else 0
    made_text = (
        f"made now: file copy of the dataset {made['copy_seconds']:.0f} s, history inserted in "
        f"{made['insert_seconds']:.0f} s"
        if made["copy_seconds"] is not None
        else "made by an earlier run (found by name, nothing inserted)"
    )
    head = [
        BEGIN,
        "## Sessions: ListAvailableSlots and CreateSession at scale",
        "",
        f"- When: {_now()} UTC; machine: {platform.machine()}, {os.cpu_count()} cores shared with other agents' test "
        "suites. Load before and after the run:",
        f"  - `{load_before}`",
        f"  - `{load_after}`",
        f"- Command: `python -m bench.run --only sessions` (= `python -m bench.sessions --scale {ds.users} "
        "--out docs/benchmarks.md`), module `bench/sessions_scale.py`. In-process server (worker off, uvloop, "
        "default booking rules) and grpc.aio client in the same process, real gRPC channel, embedded PostgreSQL.",
        f"- Dataset `{ds.name}` ({ds.users:,} members, {ds.user_skills:,} user skills, availability for 85 %), "
        f"copied once into `{made['name']}` with {history:,} sessions of history between members where the "
        f"teacher offers the skill (85 % COMPLETED, 10 % CANCELLED, 5 % NO_SHOW, two years; a fifth on the "
        f"{TEACHERS} bench teachers) and {figures['ratings']:,} ratings ({made_text}). The dataset itself is "
        "only a template and is never written.",
        f"- This run: a file copy of that database in {copy_seconds:.1f} s (`CREATE DATABASE … TEMPLATE … "
        f"STRATEGY FILE_COPY`, {figures['size']}), then {upcoming:,} upcoming CONFIRMED sessions with "
        f"{holds:,} `session_holds` rows: {drawn:,} drawn between random members at random hours of the next 14 "
        f"days, and {len(rows):,} at every other free slot of the bench teachers with a random member ({kept:,} "
        "of those bench-teacher sessions stayed, counted after the holds went in: a session whose hold would "
        "overlap another of its member's is dropped), in "
        f"{seed_seconds:.0f} s ({', '.join(f'{k} {v:.0f} s' for k, v in steps.items())}). "
        f"{figures['sessions']:,} sessions in "
        f"all; the contended teacher has {depth:,} sessions in either role.",
        f"- Callers: {len(learners):,} dataset members signed in (an `auth_sessions` row each and a TokenIssuer "
        f"token). {calls} calls per row. ListAvailableSlots: a random bench teacher, window of 7 days starting "
        f"0-6 days and 0-23 hours ahead, asked by a random learner (mean {mean_slots:.1f} slots answered). "
        "CreateSession: a learner with no other session books one free slot (listed beforehand, 15-45 days "
        "ahead) of a bench teacher; every booking is a distinct learner and slot.",
        "- `python -m bench.sessions` without `--scale` still runs the earlier small setup (200 teachers and 800 "
        "learners created through the API, 200,000 sessions), which prints its table without writing this page.",
        "",
    ]
    tail = [
        "",
        f"Contention: {len(contended)} CreateSession calls, 20 learners for each of {len(contended_starts)} "
        f"free slots of one teacher, shuffled, 8 in flight: {len(per_slot)} sessions booked, "
        f"{'exactly one per slot (correct)' if correct else f'WRONG: {per_slot}'}; the others answered "
        + ", ".join(f"{n} {reason}" for reason, n in sorted(conflicts.items()))
        + " (SLOT_CONFLICT: lost the race on the holds' exclusion constraint; SLOT_UNAVAILABLE: arrived after "
        "the winner committed, so the slot was no longer listed). Failures of the uncontended bookings: "
        + (", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items())) or "none")
        + ".",
        "",
        f"### Statements of one ListAvailableSlots ({list_ms:.1f} ms at the client)",
        "",
        *_statement_table(listed.seen),
        "",
        f"### Statements of one CreateSession ({create_ms:.1f} ms at the client)",
        "",
        *_statement_table(created.seen),
        "",
        "### EXPLAIN (ANALYZE, BUFFERS) of the heavy statements (the contended teacher)",
        "",
        "- **Busy times** (`SessionRepository.busy`, teacher and learner, 9 days):",
        *[f"  - {n}" for n in busy_plan],
        "- **The teacher's sessions, either role, first page** (`list_for_user`, ListUserSessions):",
        *[f"  - {n}" for n in list_plan],
        "- **The teacher's sessions as teacher, first page**:",
        *[f"  - {n}" for n in teacher_plan],
        "",
        END,
    ]
    return head + lines + tail


def _statement_table(seen: list[tuple[str, float]]) -> list[str]:
    out = ["| # | ms | statement |", "|---|---|---|"]
    for index, (statement, ms) in enumerate(seen, 1):
        out.append(f"| {index} | {ms:.2f} | `{_short(statement)}` |")
    out.append(f"| | **{sum(ms for _, ms in seen):.1f}** | {len(seen)} statements |")
    return out


def _row(label: str, in_flight: int, latencies: list[float], failures: int, seconds: float) -> str:
    cells = row(label, latencies, failures, seconds).split(" | ")
    return " | ".join([cells[0], str(in_flight), *cells[1:]])


def write(out: Path | None, lines: list[str]) -> None:
    """Print the section; with `out`, replace it between its markers in that page."""
    if out is None:
        print("\n".join(lines))
        return
    from bench.search import write_section

    write_section(out, lines, BEGIN, END)
