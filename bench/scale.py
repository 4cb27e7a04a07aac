"""`make bench`, section "Users and skills at scale": GetUser, ListUsers and SearchSkills against the real
`skillsphere serve` on the generated dataset of bench/dataset.py (100k users, 1M user skills by default).

Two `serve` processes share the dataset's database: one as configured (profile cache on), one with
SKILLSPHERE_CACHE_ENABLED=false, both with the job worker off (background jobs are not what is measured,
and the daily availability refresh would rewrite 85k rows meanwhile). A caller registered through
AuthService signs every call. h2load drives each RPC with one prebuilt request, the same client settings
for all; a grpc.aio client drives GetUser over a Zipf mix of profile ids. The statements ListUsers and
SearchSkills send are captured from the repositories and EXPLAIN (ANALYZE, BUFFERS)ed on the same database.
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.dataset import Dataset, dataset

# h2load settings of every timed RPC: 4 connections x 2 streams = 8 requests in flight.
CLIENTS, STREAMS = 4, 2
GET_USER = "/skillsphere.user.v1.UserService/GetUser"
LIST_USERS = "/skillsphere.user.v1.UserService/ListUsers"
SEARCH_SKILLS = "/skillsphere.skill.v1.SkillService/SearchSkills"
TYPO = "pyhton"
# Calls per timed run (GetUser: per round and server; unloaded: per RPC at 1 in flight; mixed: per server).
SCALE_REQUESTS = {"GetUser": 10_000, "ListUsers": 1_500, "SearchSkills": 3_000, "unloaded": 300, "mixed": 6_000}


@dataclass
class ScaleResults:
    dataset: Dataset
    requests: dict[str, int]
    results: dict[str, Any] = field(default_factory=dict)  # label -> bench.run.Result
    unloaded: dict[str, Any] = field(default_factory=dict)  # label -> Result at 1 request in flight
    cache: dict[str, dict[str, float]] = field(default_factory=dict)  # label -> hit/miss/bypass deltas
    mixed: dict[str, Any] = field(default_factory=dict)
    explain: dict[str, list[str]] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)
    targets: dict[str, str] = field(default_factory=dict)
    postgres: dict[str, str] = field(default_factory=dict)


def _metrics(http_port: int) -> dict[str, float]:
    """From one server's /metrics: cache_requests_total{cache="user_profile",result=...} (hit, miss, bypass)
    and the totals of db_query_duration_seconds (sql_seconds, statements) over every statement kind."""
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics", timeout=10) as reply:  # noqa: S310
        body = reply.read().decode()
    out = {"hit": 0.0, "miss": 0.0, "bypass": 0.0, "sql_seconds": 0.0, "statements": 0.0}
    pattern = re.compile(r'^cache_requests_total\{cache="user_profile",result="(\w+)"\} ([0-9.e+]+)$', re.M)
    for result, value in pattern.findall(body):
        out[result] = float(value)
    for name, key in (("sum", "sql_seconds"), ("count", "statements")):
        for value in re.findall(rf"^db_query_duration_seconds_{name}\{{[^}}]*\}} ([0-9.e+]+)$", body, re.M):
            out[key] += float(value)
    return out


def _delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {k: after[k] - before[k] for k in before}


async def _targets(ds: Dataset, seed: int = 11) -> dict[str, Any]:
    """The profile, skill and id mix the RPCs ask for."""
    import asyncpg

    from pkg.db.engine import asyncpg_url

    conn = await asyncpg.connect(asyncpg_url(ds.url))
    try:
        # A public profile with skills and availability, as a profile page would show.
        profile = await conn.fetchval(
            "SELECT id FROM user_profiles WHERE visibility = 'public' AND deleted_at IS NULL "
            "AND NOT isempty(weekly_utc) ORDER BY created_at DESC LIMIT 1"
        )
        popular = await conn.fetchrow(
            "SELECT id, name, offered_user_count, wanted_user_count FROM skills WHERE status = 'approved' "
            "AND deleted_at IS NULL ORDER BY offered_user_count + wanted_user_count DESC, id LIMIT 1"
        )
        visible = [
            r["id"]
            for r in await conn.fetch(
                "SELECT id FROM user_profiles WHERE visibility IN ('public', 'members') AND deleted_at IS NULL "
                "ORDER BY id"
            )
        ]
        settings = {
            r["name"]: r["setting"] + (r["unit"] or "")
            for r in await conn.fetch(
                "SELECT name, setting, unit FROM pg_settings WHERE name IN "
                "('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather')"
            )
        }
        settings["version"] = (await conn.fetchval("SHOW server_version")).split()[0]
    finally:
        await conn.close()
    rng = random.Random(seed)
    rng.shuffle(visible)
    return {"profile": profile, "popular": popular, "visible": visible, "postgres": settings}


def _window() -> tuple[datetime, datetime]:
    """Next Monday 09:00-11:00 UTC."""
    today = datetime.now(UTC).date()
    monday = today + timedelta(days=7 - today.weekday())
    start = datetime(monday.year, monday.month, monday.day, 9, tzinfo=UTC)
    return start, start + timedelta(hours=2)


def _requests(profile: uuid.UUID, skill_id: uuid.UUID) -> dict[str, bytes]:
    from google.protobuf.timestamp_pb2 import Timestamp
    from skillsphere.skill.v1 import skill_pb2
    from skillsphere.user.v1 import user_pb2

    start, end = _window()
    window = user_pb2.AvailabilityWindow(
        start_time=Timestamp(seconds=int(start.timestamp())),
        end_time=Timestamp(seconds=int(end.timestamp())),
        min_overlap_minutes=60,
    )
    list_users = user_pb2.ListUsersRequest(
        filter=user_pb2.UserFilter(
            skills=[
                user_pb2.UserSkillFilter(
                    skill_id=str(skill_id),
                    kind=skill_pb2.USER_SKILL_KIND_OFFERED,
                    min_proficiency=skill_pb2.PROFICIENCY_LEVEL_INTERMEDIATE,
                )
            ],
            available_during=window,
        )
    )
    return {
        "GetUser": user_pb2.GetUserRequest(user_id=str(profile)).SerializeToString(),
        "ListUsers": list_users.SerializeToString(),
        "SearchSkills": skill_pb2.SearchSkillsRequest(query=TYPO).SerializeToString(),
    }


async def _check(port: int, token: str, bodies: dict[str, bytes], popular_name: str) -> list[str]:
    """Each timed call once over real gRPC: it must succeed and answer what the benchmark claims."""
    import grpc
    from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
    from skillsphere.user.v1 import user_pb2, user_pb2_grpc

    metadata = (("authorization", f"Bearer {token}"),)
    notes = []
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        users = user_pb2_grpc.UserServiceStub(channel)
        skills = skill_pb2_grpc.SkillServiceStub(channel)
        got = await users.GetUser(user_pb2.GetUserRequest.FromString(bodies["GetUser"]), metadata=metadata)
        notes.append(f"GetUser answers the profile of {got.user.display_name!r}.")
        listed = await users.ListUsers(user_pb2.ListUsersRequest.FromString(bodies["ListUsers"]), metadata=metadata)
        if not listed.users:
            raise RuntimeError("ListUsers benchmark request matches no user")
        notes.append(
            f"ListUsers answers {len(listed.users)} users offering {popular_name} at level ≥ 3 and free for "
            f"≥ 60 min in the window (a next page: {'yes' if listed.next_page_token else 'no'})."
        )
        found = await skills.SearchSkills(
            skill_pb2.SearchSkillsRequest.FromString(bodies["SearchSkills"]), metadata=metadata
        )
        names = [r.skill.name for r in found.results]
        if not names or names[0] != "Python":
            raise RuntimeError(f"SearchSkills {TYPO!r} does not put Python first: {names[:5]}")
        notes.append(
            f"SearchSkills {TYPO!r} answers {', '.join(names[:3])}{', ...' if len(names) > 3 else ''} "
            f"({len(names)} result{'s' if len(names) != 1 else ''}): Python first."
        )
    return notes


async def _mixed_get_user(port: int, token: str, ids: list[uuid.UUID], requests: int, seed: int) -> Any:
    """GetUser over a Zipf mix (s = 1.1) of the visible profiles, 8 calls in flight, from one grpc.aio client."""
    import grpc
    from skillsphere.user.v1 import user_pb2

    from bench.run import Result

    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(ids))]
    drawn = rng.choices(ids, weights, k=requests)
    bodies = [user_pb2.GetUserRequest(user_id=str(i)).SerializeToString() for i in drawn]
    metadata = (("authorization", f"Bearer {token}"),)
    durations: list[float] = []
    failed = 0
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        call = channel.unary_unary(GET_USER)  # bytes in, bytes out: no client-side (de)serialisation
        queue = iter(bodies)

        async def worker() -> None:
            nonlocal failed
            for body in queue:
                started = time.perf_counter()
                try:
                    await call(body, metadata=metadata, timeout=30)
                except grpc.aio.AioRpcError as exc:
                    if exc.code() != grpc.StatusCode.NOT_FOUND:  # never: only visible ids are drawn
                        failed += 1
                durations.append((time.perf_counter() - started) * 1000)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CLIENTS * STREAMS)))
        elapsed = time.perf_counter() - began
    q = statistics.quantiles(durations, n=100)
    result = Result("GetUser mixed", len(durations) / elapsed, q[49], q[94], q[98], failed)
    result.distinct = len(set(drawn))  # type: ignore[attr-defined]
    return result


# ----------------------------------------------------------------------------------------------- EXPLAIN


def _plan_notes(plan: dict[str, Any]) -> list[str]:
    """A few lines out of a JSON plan: execution time, rows, buffers and every index scan."""
    root = plan["Plan"]
    indexes: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        if "Index Name" in node:
            loops = node.get("Actual Loops", 1)
            rows = node.get("Actual Rows", 0)
            rows_text = f"{rows:,.0f} rows" + (f" × {loops:,} loops" if loops > 1 else "")
            recheck = node.get("Rows Removed by Index Recheck")
            indexes.append(
                f"`{node['Index Name']}` ({node['Node Type']}, {rows_text}"
                + (f", {recheck:,} removed by recheck" if recheck else "")
                + ")"
            )
        if node.get("Node Type") == "Seq Scan":
            indexes.append(
                f"Seq Scan on {node.get('Relation Name')}: {node.get('Actual Rows', 0):,.0f} rows kept, "
                f"{node.get('Rows Removed by Filter', 0):,} removed by the filter"
            )
        if node.get("Node Type") == "Bitmap Heap Scan":
            removed = node.get("Rows Removed by Filter", 0)
            indexes.append(
                f"Bitmap Heap Scan on {node.get('Relation Name')}: {node.get('Actual Rows', 0):,.0f} rows kept, "
                f"{removed:,} removed by the filter, {node.get('Exact Heap Blocks', 0):,} heap blocks"
            )
        for child in node.get("Plans", []):
            walk(child)

    walk(root)
    hit, read = root.get("Shared Hit Blocks", 0), root.get("Shared Read Blocks", 0)
    return [
        f"execution {plan['Execution Time']:.1f} ms (planning {plan['Planning Time']:.1f} ms), "
        f"{root.get('Actual Rows', 0):,.0f} rows returned, buffers: {hit:,} hit, {read:,} read",
        *indexes,
    ]


async def _explain(ds: Dataset, caller_id: uuid.UUID, skill_id: uuid.UUID) -> dict[str, list[str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of the statements the two searches send, as their services build them."""
    import json

    from prometheus_client import CollectorRegistry
    from sqlalchemy import event

    from internal.skill.repository import SkillRepository
    from internal.user.availability import window_minutes_of_week
    from internal.user.models import AvailabilityWindow, SkillFilter, UserFilter, UserOrder
    from internal.user.repository import ListQuery, UserRepository
    from pkg.db import Database, UnitOfWorkFactory

    db = Database(ds.url, registry=CollectorRegistry(), statement_timeout_ms=0)
    uow = UnitOfWorkFactory(db.engine)
    start, end = _window()
    window = AvailabilityWindow(start, end, 60)
    # What UserService.list_users passes for the benchmark's request and a signed-in, non-admin caller.
    list_query = ListQuery(
        filter=UserFilter(skills=(SkillFilter(skill_id, "offered", 3),), available_during=window),
        text="",
        fuzzy=False,
        order=UserOrder.RELEVANCE,
        visible_to=("public", "members"),
        caller_id=caller_id,
        time_zones=None,
        weekly_window=window_minutes_of_week(start, end),
        after=None,
        limit=21,
    )

    async def list_users(session: Any) -> None:
        await UserRepository(session).list_users(list_query)

    async def search(session: Any) -> None:
        # What SkillService.search_skills passes for query "pyhton", first page of 20.
        await SkillRepository(session).search(query=TYPO, key=TYPO, category_ids=None, tags=[], after=None, limit=21)

    out: dict[str, list[str]] = {}
    try:
        for label, run in (("ListUsers", list_users), ("SearchSkills", search)):
            captured: list[tuple[str, Any]] = []

            def capture(_c: object, _cur: object, statement: str, parameters: Any, *_: object) -> None:
                captured.append((statement, parameters))  # noqa: B023 - used within this iteration only

            event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
            try:
                async with uow() as unit:
                    await run(unit.session)
                    await unit.commit()
            finally:
                event.remove(db.engine.sync_engine, "before_cursor_execute", capture)
            *settings, (statement, parameters) = captured
            async with db.engine.connect() as conn, conn.begin():
                for setting, setting_parameters in settings:  # SET LOCAL / set_config of the same transaction
                    await conn.exec_driver_sql(setting, setting_parameters)
                await conn.exec_driver_sql(statement, parameters)  # warm, as under load
                # SQL functions that PostgreSQL cannot inline run once per row: count them and their time.
                await conn.exec_driver_sql("SET LOCAL track_functions = 'all'")
                functions = "SELECT funcid, funcname, calls, total_time FROM pg_stat_xact_user_functions"
                before = {row[0]: row for row in (await conn.exec_driver_sql(functions)).all()}
                rows = await conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, parameters)
                plan = rows.scalar_one()
                plan = json.loads(plan) if isinstance(plan, str) else plan
                after = (await conn.exec_driver_sql(functions)).all()
            calls = [
                (name, n - before.get(oid, (0, 0, 0, 0.0))[2], total - before.get(oid, (0, 0, 0, 0.0))[3])
                for oid, name, n, total in after
            ]
            out[label] = _plan_notes(plan[0]) + [
                f"function `{name}()`: {n:,} calls, {total:.1f} ms in total"
                for name, n, total in sorted(calls, key=lambda c: -c[2])
                if n
            ]
    finally:
        await db.dispose()
    return out


# ------------------------------------------------------------------------------------------------ runner


def run_scale(users: int, log: Path, requests: dict[str, int]) -> ScaleResults:
    """Load or reuse the dataset, start the two servers, time the three RPCs and EXPLAIN the searches."""
    from bench import run as base

    ds = asyncio.run(dataset(users))
    print(
        f"dataset {ds.name}: {ds.users} users, {ds.user_skills} user skills, "
        f"{'reused' if ds.load_seconds is None else f'loaded in {ds.load_seconds:.0f} s'}",
        flush=True,
    )
    log.write_text("")
    out = ScaleResults(ds, requests)
    targets = asyncio.run(_targets(ds))
    out.postgres = targets["postgres"]
    out.targets["visible"] = f"{len(targets['visible']):,}"
    popular = targets["popular"]
    bodies = _requests(targets["profile"], popular["id"])
    out.targets |= {
        "profile": str(targets["profile"]),
        "skill": f"{popular['name']} (held by {popular['offered_user_count']:,} users as offered, "
        f"{popular['wanted_user_count']:,} as wanted)",
        "window": "{:%Y-%m-%d %H:%M}-{:%H:%M} UTC".format(*_window()),
    }
    python = sys.executable
    common = {
        **base.AUTH_BENCH_LIMITS,
        "DATABASE_URL": ds.url,
        "SKILLSPHERE_DATA_DIR": str(base.DATA),  # the signing key both servers share
        "SKILLSPHERE_RATE_LIMIT_DEFAULT": "1000000/second",
        "SKILLSPHERE_WORKER_ENABLED": "false",
    }
    cached_port, plain_port = base._free_port(), base._free_port()
    cached_http, plain_http = base._free_port(), base._free_port()
    cached_env = {**common, "SKILLSPHERE_GRPC_PORT": str(cached_port), "SKILLSPHERE_HTTP_PORT": str(cached_http)}
    plain_env = {
        **common,
        "SKILLSPHERE_GRPC_PORT": str(plain_port),
        "SKILLSPHERE_HTTP_PORT": str(plain_http),
        "SKILLSPHERE_CACHE_ENABLED": "false",
    }
    serve = [python, "cmd/skillsphere/main.py", "serve", "--workers", "1"]
    with base._process(serve, cached_env, log, cached_port), base._process(serve, plain_env, log, plain_port):
        _login, tokens = asyncio.run(base._bench_account(cached_port))
        token = tokens.access_token
        caller_id = uuid.UUID(_claims_subject(token))
        out.checks = asyncio.run(_check(cached_port, token, bodies, popular["name"]))

        http_of = {cached_port: cached_http, plain_port: plain_http}

        def h2load(port: int, label: str, rpc: str, method: str, n: int, clients: int, streams: int) -> Any:
            offset = log.stat().st_size
            before = _metrics(http_of[port]) | _cpu_seconds(port)
            result = base._h2load(
                port, n, token, label, method=method, message=bodies[rpc], clients=clients, streams=streams
            )
            result.failed += base._grpc_failures(log, offset, method)
            result.metrics = _delta(before, _metrics(http_of[port]) | _cpu_seconds(port))
            result.metrics["calls"] = n
            return result

        methods = {"GetUser": GET_USER, "ListUsers": LIST_USERS, "SearchSkills": SEARCH_SKILLS}
        # Warm-up: connections, caches, the statements' plans, the touched pages.
        for port in (cached_port, plain_port):
            h2load(port, "warmup", "GetUser", GET_USER, 2000, CLIENTS, STREAMS)
        for rpc in ("ListUsers", "SearchSkills"):
            h2load(cached_port, "warmup", rpc, methods[rpc], 200, CLIENTS, STREAMS)
        # GetUser, cache on and off, alternating rounds (median kept), with the cache counters of each.
        rounds: dict[str, list[Any]] = {"GetUser, cache on": [], "GetUser, cache off": []}
        for _ in range(3):
            for label, port in (("GetUser, cache on", cached_port), ("GetUser, cache off", plain_port)):
                result = h2load(port, label, "GetUser", GET_USER, requests["GetUser"], CLIENTS, STREAMS)
                rounds[label].append(result)
                for key, value in result.metrics.items():
                    out.cache.setdefault(label, {}).setdefault(key, 0.0)
                    out.cache[label][key] += value
        for label, results in rounds.items():
            out.results[label] = sorted(results, key=lambda r: r.rps)[1]
        for rpc in ("ListUsers", "SearchSkills"):
            out.results[rpc] = h2load(cached_port, rpc, rpc, methods[rpc], requests[rpc], CLIENTS, STREAMS)
        # Service time: one request in flight.
        for label, port, rpc in (
            ("GetUser, cache on", cached_port, "GetUser"),
            ("GetUser, cache off", plain_port, "GetUser"),
            ("ListUsers", cached_port, "ListUsers"),
            ("SearchSkills", cached_port, "SearchSkills"),
        ):
            out.unloaded[label] = h2load(port, label, rpc, methods[rpc], requests["unloaded"], 1, 1)
        # A Zipf mix of profiles on both servers (fresh processes would start cold; these are warm only for the
        # single profile above, a small part of the mix).
        for label, port, http in (("cache on", cached_port, cached_http), ("cache off", plain_port, plain_http)):
            before = _metrics(http)
            result = asyncio.run(_mixed_get_user(port, token, targets["visible"], requests["mixed"], seed=3))
            out.mixed[label] = (result, _delta(before, _metrics(http)))
    out.explain = asyncio.run(_explain(ds, caller_id, popular["id"]))
    return out


def _claims_subject(token: str) -> str:
    """The `sub` of an access token (read only, the server verified it)."""
    import base64
    import json

    payload = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"])


def _per_call(r: Any) -> str:
    m, calls = r.metrics, r.metrics["calls"]
    return (
        f"{m['statements'] / calls:.1f} | {m['sql_seconds'] * 1000 / calls:.2f} "
        f"| {m['server_cpu'] * 1000 / calls:.2f} | {m['postgres_cpu'] * 1000 / calls:.2f}"
    )


def _cpu_seconds(port: int) -> dict[str, float]:
    """CPU time (user + system) so far of the server listening on `port` and of the dataset's PostgreSQL
    (postmaster and backends; the servers' pooled connections keep their backends for the whole run)."""
    import psutil

    from bench.dataset import DATA

    server = next(c.pid for c in psutil.net_connections("tcp") if c.laddr.port == port and c.status == "LISTEN")
    postmaster = int((DATA / "postgres" / "postmaster.pid").read_text().split()[0])
    out = {"server_cpu": 0.0, "postgres_cpu": 0.0}
    for key, pid in (("server_cpu", server), ("postgres_cpu", postmaster)):
        process = psutil.Process(pid)
        family = [process, *process.children(recursive=True)] if key == "postgres_cpu" else [process]
        for member in family:
            try:
                times = member.cpu_times()
            except psutil.NoSuchProcess:
                continue
            out[key] += times.user + times.system
    return out


def hit_rate(counts: dict[str, float]) -> float:
    total = counts["hit"] + counts["miss"] + counts["bypass"]
    return counts.get("hit", 0.0) / total if total else 0.0


def report(s: ScaleResults, target_ms: float = 50.0) -> list[str]:
    """The section's lines for docs/benchmarks.md."""
    ds = s.dataset
    load = "reused from an earlier run" if ds.load_seconds is None else f"loaded in {ds.load_seconds:.0f} s"
    pg = s.postgres
    lines = [
        "## Users and skills at scale",
        "",
        f"- Dataset (bench/dataset.py): {ds.users:,} users, {ds.user_skills:,} user skills, database `{ds.name}` "
        f"on the embedded PostgreSQL {pg.get('version', '')} in `.data/bench-scale` ({load}; kept for the next "
        f"run). PostgreSQL settings are the embedded defaults: shared_buffers {pg.get('shared_buffers')}, "
        f"work_mem {pg.get('work_mem')}.",
        "- Servers: two `skillsphere serve` processes on that database, one as configured and one with "
        "`SKILLSPHERE_CACHE_ENABLED=false`; job worker off in both. Caller: an account registered through "
        "AuthService (Bearer token on every call).",
        f"- Command: `make bench` (or `python -m bench.run --only scale --users {ds.users}`) → h2load, "
        f"{CLIENTS} connections × {STREAMS} streams (8 requests in flight; with 2 cores shared by the server, "
        "PostgreSQL and h2load that saturates the machine, and more in flight only adds queueing: "
        "latency ≈ in flight / throughput), one prebuilt request per RPC, warmed up first.",
        f"  GetUser: {s.requests['GetUser']:,} calls × 3 alternating rounds per server (median); ListUsers "
        f"{s.requests['ListUsers']:,} calls; SearchSkills {s.requests['SearchSkills']:,} calls.",
        f"- GetUser: public profile `{s.targets['profile']}`. ListUsers: offering {s.targets['skill']} at "
        f"level ≥ 3 (the most held skill), free for ≥ 60 min in {s.targets['window']}, default (relevance) order, "
        f"first page of 20. SearchSkills: `{TYPO}`, first page of 20.",
        *(f"- Checked once over gRPC: {c}" for c in s.checks),
        "",
        "| RPC | requests/s | p50 ms | p95 ms | p99 ms | failed | p95 < 50 ms "
        "| SQL statements / call | SQL ms / call | CPU ms / call: server | CPU ms / call: PostgreSQL |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for label, r in s.results.items():
        ok = "yes" if r.p95_ms < target_ms else "**no**"
        lines.append(
            f"| {label} | {r.rps:,.0f} | {r.p50_ms:.2f} | {r.p95_ms:.2f} | {r.p99_ms:.2f} | {r.failed} | {ok} "
            f"| {_per_call(r)} |"
        )
    on, off = s.results["GetUser, cache on"], s.results["GetUser, cache off"]
    lines += [
        "",
        "One request in flight (h2load 1 × 1, "
        f"{s.requests['unloaded']} calls each): the service time, without queueing.",
        "",
        "| RPC | requests/s | p50 ms | p95 ms | p99 ms | failed "
        "| SQL statements / call | SQL ms / call | CPU ms / call: server | CPU ms / call: PostgreSQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in s.unloaded.items():
        lines.append(
            f"| {label} | {r.rps:,.0f} | {r.p50_ms:.2f} | {r.p95_ms:.2f} | {r.p99_ms:.2f} | {r.failed} "
            f"| {_per_call(r)} |"
        )
    lines += [
        "",
        "SQL columns: `db_query_duration_seconds` of the server over the run (its sum and count, every statement",
        "kind; BEGIN and COMMIT are not counted) per call: the time the handler awaited the driver, PostgreSQL's",
        "work plus the round trip (and, under load, waiting for a CPU). CPU columns: user + system time of the",
        "`serve` process and of every PostgreSQL process over the run, per call (psutil). The rest of a call's",
        "latency is queueing: for the CPU (2 cores for h2load, the server and PostgreSQL) and behind other calls.",
    ]
    cache_on = s.cache["GetUser, cache on"]
    lines += [
        "",
        "### Profile cache (`user_profile`)",
        "",
        f"- One hot profile (h2load rounds above): hit rate {hit_rate(cache_on):.1%} "
        f"({cache_on['hit']:,.0f} hits, {cache_on['miss']:,.0f} misses, {cache_on['bypass']:,.0f} bypasses, "
        "from `cache_requests_total` on the server's /metrics); the server without cache counted "
        f"{s.cache['GetUser, cache off']['bypass']:,.0f} bypasses. **Speed-up: {on.rps / off.rps:.2f}× "
        f"requests/s, p95 {off.p95_ms:.1f} → {on.p95_ms:.1f} ms.**",
    ]
    if s.mixed:
        (mon, con), (moff, _coff) = s.mixed["cache on"], s.mixed["cache off"]
        lines += [
            f"- Mixed ids: {s.requests['mixed']:,} GetUser calls over a Zipf mix (s = 1.1) of the "
            f"{s.targets['visible']} public and members profiles ({mon.distinct:,} distinct ids), from one "
            "grpc.aio client with 8 calls in flight (the Python client shares the 2 cores, so its requests/s "
            "are lower than h2load's; compare the two servers, not with the table above):",
            f"  cache on {mon.rps:,.0f} requests/s, p95 {mon.p95_ms:.1f} ms, hit rate {hit_rate(con):.1%} "
            f"({con['hit']:,.0f} hits, {con['miss']:,.0f} misses); cache off {moff.rps:,.0f} requests/s, p95 "
            f"{moff.p95_ms:.1f} ms; speed-up {mon.rps / moff.rps:.2f}×; failed {mon.failed + moff.failed}.",
        ]
    lines += [
        "",
        "### EXPLAIN (ANALYZE, BUFFERS) of the searches",
        "",
        "The statements the repositories send for the requests above (captured from the driver with the",
        "same parameters, `SET LOCAL`s of the same transaction applied), run once warm, then explained; the",
        "function lines count the functions PostgreSQL called during the EXPLAIN (`track_functions = all`), e.g. a",
        "SQL function it could not inline, run once per row:",
        "",
    ]
    for label, notes in s.explain.items():
        lines.append(f"- {label}: {notes[0]}")
        lines += [f"  - {note}" for note in notes[1:]]
    misses = [label for label, r in s.results.items() if r.p95_ms >= target_ms]
    lines += [
        "",
        "**Target p95 < 50 ms: "
        + ("met by every RPC above." if not misses else "missed by " + ", ".join(misses) + ".")
        + "**",
        "",
    ]
    return lines
