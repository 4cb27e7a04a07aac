"""`make bench`, section "Matching at scale": FindMatches and GetSimilarUsers on the 100k dataset, and recall@10 of
the filtered vector path against exact search.

1. The dataset of bench/dataset.py (100k users, 1M user skills) gets its matching read model: every member's
   snapshot from the user domain's `UserDirectory.member_snapshots`, turned into rows by the service's own
   `row_of` (as the `matching.refresh` job writes them), COPYed in bulk; the profile embedding (the dataset
   has none) from the offline embedding provider over each member's card text; then the HNSW index is built.
   Done once per dataset database (`match_members` filled means done).
2. Recall: for sampled members, `MatchingRepository.nearest` with a filter (intent LEARN on the member's wanted
   skills, a language, mentors only) through HNSW + iterative scan, against the same query run exactly; and
   the time of each path.
3. Speed: `skillsphere serve --workers 1` on the dataset (worker off); members sign in (every dataset account
   has the bench password) and a grpc.aio client calls FindMatches (HYBRID, for themselves) and
   GetSimilarUsers (EMBEDDING, of another member) with 1 and 8 requests in flight.
4. EXPLAIN (ANALYZE, BUFFERS) of the candidate statements for one member.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg

from bench.dataset import Dataset, dataset

SUBJECTS = 40
RECALL_SAMPLES = 40
CALLS = {1: 200, 8: 480}


@dataclass
class Timing:
    """One timed RPC run."""

    rps: float
    p50_ms: float
    p95_ms: float
    failed: int


@dataclass
class MatchingScale:
    dataset: Dataset
    prepare_seconds: float | None = None
    members: int = 0
    recall: dict[str, float] = field(default_factory=dict)
    path_ms: dict[str, float] = field(default_factory=dict)
    timings: dict[str, Timing] = field(default_factory=dict)
    explain: dict[str, list[str]] = field(default_factory=dict)


def _card_text(card: dict[str, Any]) -> str:
    teaches = ", ".join(s["name"] for s in card.get("teaches", []))
    learns = ", ".join(s["name"] for s in card.get("learns", []))
    return f"{card.get('headline', '')}. Teaches {teaches}. Wants to learn {learns}."


async def prepare(ds: Dataset) -> tuple[float | None, int]:
    """Fill the read model of the dataset's database once (see the module docstring)."""
    from prometheus_client import CollectorRegistry

    from internal.matching.repository import multirange_literal, vector_literal
    from internal.matching.service import row_of
    from internal.skill.service import SkillService
    from internal.user.directory import UserDirectory
    from pkg.cache import CacheHub
    from pkg.db import Database, UnitOfWorkFactory
    from pkg.db.engine import asyncpg_url
    from pkg.llm.embeddings import OfflineEmbeddingProvider
    from pkg.pagination import Paginator

    conn = await asyncpg.connect(asyncpg_url(ds.url))
    try:
        have = await conn.fetchval("SELECT count(*) FROM match_members")
        if have:
            await conn.execute("ANALYZE match_members")
            await conn.execute("ANALYZE match_member_skills")
            return None, int(have)
        dimension = await conn.fetchval(
            "SELECT atttypmod FROM pg_attribute WHERE attrelid = 'match_members'::regclass AND attname = 'embedding'"
        )
        started = time.perf_counter()
        db = Database(ds.url, registry=CollectorRegistry(), statement_timeout_ms=0)
        uow = UnitOfWorkFactory(db.engine)
        cache = CacheHub(asyncpg_url(ds.url), registry=CollectorRegistry(), enabled=False)
        directory = UserDirectory(uow=uow, cache=cache)
        embeddings = OfflineEmbeddingProvider(dimension)
        directory.use_skill_catalog(
            SkillService(uow=uow, pages=Paginator(b"bench"), embeddings=embeddings, profiles=directory)
        )
        await conn.execute("DROP INDEX IF EXISTS ix_match_members_embedding")
        await conn.execute("SET synchronous_commit = off")
        after: uuid.UUID | None = None
        stamp = datetime.now(UTC)
        total = 0
        while True:
            ids = await directory.member_ids_after(after, 2000)
            if not ids:
                break
            after = ids[-1]
            snapshots = await directory.member_snapshots(ids)
            rows = [row_of(s, stamp) for s in snapshots.values() if s.live and s.visibility != "private"]
            vectors = await embeddings.embed([_card_text(r.card) for r in rows])
            members = [
                (
                    r.user_id,
                    str(r.visibility),
                    json.dumps(r.card),
                    [s for s, _ in r.offered],
                    [lvl for _, lvl in r.offered],
                    [s for s, _ in r.wanted],
                    [lvl for _, lvl in r.wanted],
                    list(r.languages),
                    r.utc_offset_minutes,
                    multirange_literal(r.weekly),
                    r.average_rating,
                    r.rating_count,
                    r.is_mentor,
                    r.verified,
                    r.accepts_skill_swap,
                    r.hourly_rate_minor,
                    r.hourly_rate_currency,
                    r.latitude,
                    r.longitude,
                    vector_literal(v),
                    r.member_since,
                    r.source_update_time,
                    stamp,
                )
                for r, v in zip(rows, vectors, strict=True)
            ]
            await conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS load_members (user_id uuid, visibility text, card text, "
                "offered_ids uuid[], offered_levels int2[], wanted_ids uuid[], wanted_levels int2[], languages text[], "
                "utc_offset_minutes int, weekly text, average_rating float8, rating_count int, is_mentor bool, "
                "verified bool, accepts_skill_swap bool, hourly_rate_minor bigint, hourly_rate_currency text, "
                "latitude float8, longitude float8, embedding text, member_since timestamptz, "
                "source_update_time timestamptz, refreshed_at timestamptz)"
            )
            await conn.execute("TRUNCATE load_members")
            await conn.copy_records_to_table("load_members", records=members)
            await conn.execute(
                "INSERT INTO match_members SELECT user_id, visibility, card::jsonb, offered_ids, offered_levels, "
                "wanted_ids, wanted_levels, languages, utc_offset_minutes, weekly::int4multirange, average_rating, "
                "rating_count, is_mentor, verified, accepts_skill_swap, hourly_rate_minor, hourly_rate_currency, "
                "latitude, longitude, embedding::vector, member_since, source_update_time, refreshed_at "
                "FROM load_members"
            )
            skills = [
                (s, kind, r.user_id, level, 0.7 * level / 5 + 0.3 * r.rank_quality)
                for r in rows
                for kind, held in (("offered", r.offered), ("wanted", r.wanted))
                for s, level in held
            ]
            await conn.copy_records_to_table(
                "match_member_skills", records=skills, columns=["skill_id", "kind", "user_id", "level", "rank_score"]
            )
            total += len(rows)
            print(f"matching read model: {total:,} members", flush=True)
        await conn.execute("SET maintenance_work_mem = '1GB'")
        await conn.execute(
            "CREATE INDEX ix_match_members_embedding ON match_members USING hnsw (embedding vector_cosine_ops) "
            "WHERE embedding IS NOT NULL"
        )
        await conn.execute("VACUUM ANALYZE match_members")
        await conn.execute("VACUUM ANALYZE match_member_skills")
        await db.dispose()
        return time.perf_counter() - started, total
    finally:
        await conn.close()


async def _profile_embeddings(conn: asyncpg.Connection, user_ids: list[uuid.UUID]) -> None:
    """The same vectors on the subjects' profiles, as the `user.embed` job would have stored them (the subject
    of a request is read from the user domain, not from matching's copy). Only the sampled subjects: writing
    90k vectors into `user_profiles` maintains its own HNSW index row by row, far slower than the rest."""
    await conn.execute(
        "UPDATE user_profiles p SET embedding = m.embedding, embedding_model = 'offline-hashing-v1' "
        "FROM match_members m WHERE p.id = m.user_id AND p.id = ANY($1::uuid[]) AND p.embedding IS NULL",
        user_ids,
    )


async def _subjects(ds: Dataset, count: int, seed: int = 5) -> list[tuple[uuid.UUID, int]]:
    """Members with wanted skills (id, dataset index for the sign-in email)."""
    from pkg.db.engine import asyncpg_url

    conn = await asyncpg.connect(asyncpg_url(ds.url))
    try:
        rows = await conn.fetch(
            "SELECT m.user_id, a.email FROM match_members m JOIN accounts a ON a.id = m.user_id "
            "WHERE cardinality(m.wanted_ids) > 0 AND cardinality(m.offered_ids) > 0 AND m.embedding IS NOT NULL "
            "ORDER BY m.user_id LIMIT 5000"
        )
    finally:
        await conn.close()
    rng = random.Random(seed)
    picked = rng.sample(list(rows), count)
    conn = await asyncpg.connect(asyncpg_url(ds.url))
    try:
        await _profile_embeddings(conn, [r["user_id"] for r in picked])
    finally:
        await conn.close()
    return [(r["user_id"], int(r["email"].removeprefix("bench").split("@")[0])) for r in picked]


async def recall(ds: Dataset, subjects: list[uuid.UUID]) -> tuple[dict[str, float], dict[str, float]]:
    """recall@10 of the HNSW path against exact search, per filter, and the mean time of each path."""
    from prometheus_client import CollectorRegistry

    from internal.matching.algorithms import Intent
    from internal.matching.models import CandidateFilter
    from internal.matching.repository import MatchingRepository
    from pkg.db import Database, UnitOfWorkFactory

    db = Database(ds.url, registry=CollectorRegistry(), statement_timeout_ms=0)
    uow = UnitOfWorkFactory(db.engine)
    recalls: dict[str, list[float]] = {}
    times: dict[str, list[float]] = {}
    try:
        for user_id in subjects:
            async with uow() as unit:
                repo = MatchingRepository(unit.session)
                vector = await repo.embedding(user_id)
                found = await repo.candidates([user_id], None)
                await unit.commit()
            if vector is None or not found:
                continue
            wanted = tuple(found[0].member.wanted)
            filters = {
                "none": CandidateFilter(exclude_ids=frozenset({user_id}), skill_gate=False),
                "learn (skills)": CandidateFilter(
                    exclude_ids=frozenset({user_id}), intent=Intent.LEARN, learn_skill_ids=wanted
                ),
                "learn + language + mentors": CandidateFilter(
                    exclude_ids=frozenset({user_id}),
                    intent=Intent.LEARN,
                    learn_skill_ids=wanted,
                    languages=("es",),
                    mentors_only=True,
                ),
            }
            for label, flt in filters.items():
                got: dict[bool, list[uuid.UUID]] = {}
                for exact in (False, True):
                    async with uow() as unit:
                        started = time.perf_counter()
                        rows = await MatchingRepository(unit.session).nearest(vector, flt, 10, exact=exact)
                        times.setdefault(f"{label}, {'exact' if exact else 'hnsw'}", []).append(
                            (time.perf_counter() - started) * 1000
                        )
                        await unit.commit()
                    got[exact] = [r for r, _ in rows]
                if got[True]:
                    recalls.setdefault(label, []).append(len(set(got[False]) & set(got[True])) / len(got[True]))
    finally:
        await db.dispose()
    return (
        {k: statistics.mean(v) for k, v in recalls.items()},
        {k: statistics.median(v) for k, v in times.items()},
    )


async def _timed(port: int, calls: list[tuple[str, Any, tuple[tuple[str, str], ...]]], in_flight: int) -> Timing:
    import grpc

    latencies: list[float] = []
    failed = 0
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        queue = list(calls)

        async def worker() -> None:
            nonlocal failed
            while queue:
                method, request, metadata = queue.pop()
                call = channel.unary_unary(
                    method, request_serializer=lambda m: m.SerializeToString(), response_deserializer=lambda b: b
                )
                started = time.perf_counter()
                try:
                    await call(request, metadata=metadata, timeout=30)
                except grpc.aio.AioRpcError:
                    failed += 1
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return Timing(
        rps=len(latencies) / elapsed,
        p50_ms=latencies[len(latencies) // 2],
        p95_ms=latencies[int(len(latencies) * 0.95) - 1],
        failed=failed,
    )


async def _speed(port: int, subjects: list[tuple[uuid.UUID, int]]) -> dict[str, Timing]:
    import grpc
    from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
    from skillsphere.matching.v1 import matching_pb2

    from bench.run import BENCH_PASSWORD

    tokens: list[tuple[uuid.UUID, tuple[tuple[str, str], ...]]] = []
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        auth = auth_pb2_grpc.AuthServiceStub(channel)
        for user_id, index in subjects:
            login = await auth.Login(
                auth_pb2.LoginRequest(email=f"bench{index}@bench.invalid", password=BENCH_PASSWORD)
            )
            tokens.append((user_id, (("authorization", f"Bearer {login.tokens.access_token}"),)))
    find = "/skillsphere.matching.v1.MatchingService/FindMatches"
    similar = "/skillsphere.matching.v1.MatchingService/GetSimilarUsers"
    out: dict[str, Timing] = {}
    warm = [(find, matching_pb2.FindMatchesRequest(), md) for _, md in tokens]
    warm += [(similar, matching_pb2.GetSimilarUsersRequest(user_id=str(u)), md) for u, md in tokens]
    await _timed(port, warm * 2, 4)
    for in_flight, n in CALLS.items():
        finds = [(find, matching_pb2.FindMatchesRequest(), tokens[i % len(tokens)][1]) for i in range(n)]
        out[f"FindMatches, {in_flight} in flight"] = await _timed(port, finds, in_flight)
        sims = [
            (
                similar,
                matching_pb2.GetSimilarUsersRequest(user_id=str(tokens[(i + 1) % len(tokens)][0])),
                tokens[i % len(tokens)][1],
            )
            for i in range(n)
        ]
        out[f"GetSimilarUsers, {in_flight} in flight"] = await _timed(port, sims, in_flight)
    return out


async def _explain(ds: Dataset, user_id: uuid.UUID) -> dict[str, list[str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of by_skill and nearest as FindMatches sends them for one member."""
    from prometheus_client import CollectorRegistry
    from sqlalchemy import event

    from internal.matching.algorithms import Intent
    from internal.matching.models import CandidateFilter
    from internal.matching.repository import MatchingRepository
    from pkg.db import Database, UnitOfWorkFactory

    db = Database(ds.url, registry=CollectorRegistry(), statement_timeout_ms=0)
    uow = UnitOfWorkFactory(db.engine)
    out: dict[str, list[str]] = {}
    try:
        async with uow() as unit:
            repo = MatchingRepository(unit.session)
            vector = await repo.embedding(user_id)
            member = (await repo.candidates([user_id], None))[0].member
            await unit.commit()
        assert vector is not None
        flt = CandidateFilter(
            exclude_ids=frozenset({user_id}),
            intent=Intent.ANY,
            learn_skill_ids=tuple(member.wanted),
            teach_skill_ids=tuple(member.offered),
        )
        pairs = [(s, "offered") for s in member.wanted] + [(s, "wanted") for s in member.offered]

        async def by_skill(repo: MatchingRepository) -> None:
            await repo.by_skill(pairs, flt, max(20, min(100, 240 // len(pairs))), vector)

        async def nearest(repo: MatchingRepository) -> None:
            await repo.nearest(vector, flt, 50)

        for label, run in (("by skill", by_skill), ("nearest (HNSW, iterative scan)", nearest)):
            captured: list[tuple[str, Any]] = []

            def capture(_c: object, _cur: object, statement: str, parameters: Any, *_: object) -> None:
                captured.append((statement, parameters))  # noqa: B023 - used within this iteration only

            event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
            try:
                async with uow() as unit:
                    await run(MatchingRepository(unit.session))
                    await unit.commit()
            finally:
                event.remove(db.engine.sync_engine, "before_cursor_execute", capture)
            *settings, (statement, parameters) = captured
            async with db.engine.connect() as conn, conn.begin():
                for setting, setting_parameters in settings:
                    await conn.exec_driver_sql(setting, setting_parameters)
                rows = await conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, parameters)
                out[label] = [re.sub(r"'\[[-0-9.,e]+\]'", "'[…]'", row[0]) for row in rows.all()]
    finally:
        await db.dispose()
    return out


def run_matching_scale(users: int, log: Path) -> MatchingScale:
    """Prepare, measure recall, time the RPCs on a real server, EXPLAIN."""
    from bench import run as base

    ds = asyncio.run(dataset(users))
    out = MatchingScale(ds)
    out.prepare_seconds, out.members = asyncio.run(prepare(ds))
    print(f"matching read model: {out.members:,} members", flush=True)
    subjects = asyncio.run(_subjects(ds, SUBJECTS))
    sample = asyncio.run(_subjects(ds, RECALL_SAMPLES, seed=9))
    out.recall, out.path_ms = asyncio.run(recall(ds, [u for u, _ in sample]))
    print(f"recall@10: {out.recall}; path ms: {out.path_ms}", flush=True)
    port, http = base._free_port(), base._free_port()
    env = {
        **base.AUTH_BENCH_LIMITS,
        "DATABASE_URL": ds.url,
        "SKILLSPHERE_DATA_DIR": str(base.DATA),
        "SKILLSPHERE_RATE_LIMIT_DEFAULT": "1000000/second",
        "SKILLSPHERE_WORKER_ENABLED": "false",
        "SKILLSPHERE_GRPC_PORT": str(port),
        "SKILLSPHERE_HTTP_PORT": str(http),
    }
    log.write_text("")
    with base._process([sys.executable, "cmd/skillsphere/main.py", "serve", "--workers", "1"], env, log, port):
        out.timings = asyncio.run(_speed(port, subjects))
    out.explain = asyncio.run(_explain(ds, subjects[0][0]))
    return out


def report(s: MatchingScale) -> list[str]:
    """Markdown lines of the section."""
    lines = [
        "## Matching at scale",
        "",
        f"`python -m bench.run --only matching` on the dataset `{s.dataset.name}` ({s.dataset.users:,} users, "
        f"{s.dataset.user_skills:,} user skills); read model: {s.members:,} live non-private members"
        + (f", built in {s.prepare_seconds:.0f} s" if s.prepare_seconds else " (reused)")
        + ", embeddings from the offline provider over each member's card text.",
        "",
        "### recall@10 of the filtered vector path against exact search",
        "",
        f"{RECALL_SAMPLES} sampled members; HNSW with `hnsw.iterative_scan = relaxed_order` and ef_search 100 (and "
        "the exact fallback when the index yields fewer than asked) against the same statement as a sequential "
        "scan with an exact sort.",
        "",
        "| filter | recall@10 | HNSW path, median ms | exact, median ms |",
        "|---|---|---|---|",
    ]
    for label, value in s.recall.items():
        lines.append(
            f"| {label} | {value:.3f} | {s.path_ms.get(f'{label}, hnsw', 0):.1f} | "
            f"{s.path_ms.get(f'{label}, exact', 0):.1f} |"
        )
    lines += [
        "",
        "### FindMatches and GetSimilarUsers",
        "",
        f"`skillsphere serve --workers 1`, worker off; {SUBJECTS} members signed in, each calling FindMatches "
        "(HYBRID, no filter, first page of 20) for themselves and GetSimilarUsers (EMBEDDING) of another; a "
        f"grpc.aio client on the same machine; {CALLS[1]} calls at 1 in flight, {CALLS[8]} at 8. Targets: p95 < "
        "20 ms at 1 in flight; FindMatches p95 < 60 ms at 8.",
        "",
        "| RPC | requests/s | p50 ms | p95 ms | failed |",
        "|---|---|---|---|---|",
    ]
    for label, t in s.timings.items():
        lines.append(f"| {label} | {t.rps:.0f} | {t.p50_ms:.1f} | {t.p95_ms:.1f} | {t.failed} |")
    lines += ["", "### EXPLAIN (ANALYZE, BUFFERS) of the candidate statements (one member)", ""]
    for label, plan in s.explain.items():
        lines += [f"{label}:", "", "```", *plan[:40], "```", ""]
    return lines
