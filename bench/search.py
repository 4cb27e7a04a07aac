"""`make bench`, section "Search at scale": SearchUsers and Suggestions against the real `skillsphere serve` on
the dataset of bench/dataset.py (100k members, 1M user skills by default).

The search read model (`search_members`) is filled once per dataset database by the `search.backfill` job's
own code (SearchService.backfill, in this process), so what is measured is what the refresh job writes. One
`serve` process (job worker off) answers; a caller registered through AuthService signs every call, so the
measured path includes the signed-in extras (blocks, search history). h2load drives each request at 1 and at 8
in flight (4 connections x 2 streams). The statement SearchUsers sends is captured from the repository and
EXPLAIN (ANALYZE, BUFFERS)ed on the same database.

`python -m bench.run --only search` runs only this section and rewrites only its part of docs/benchmarks.md
(between the `search:begin` / `search:end` markers), keeping every other section as it is.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.dataset import Dataset, dataset

SEARCH_USERS = "/skillsphere.search.v1.SearchService/SearchUsers"
SUGGESTIONS = "/skillsphere.search.v1.SearchService/Suggestions"
REQUESTS = {"loaded": 3000, "unloaded": 500}
BEGIN, END = "<!-- search:begin -->", "<!-- search:end -->"


@dataclass
class SearchResults:
    dataset: Dataset
    indexed: int = 0
    index_seconds: float | None = None
    results: dict[str, Any] = field(default_factory=dict)  # label -> bench.run.Result
    explain: dict[str, list[str]] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)


def _bodies() -> dict[str, bytes]:
    from skillsphere.search.v1 import search_pb2

    return {
        # A typo of the most held skill: resolved through the catalog, thousands of candidates.
        "SearchUsers 'pyhton' (typo, broad)": search_pb2.SearchUsersRequest(query="pyhton").SerializeToString(),
        # A name: trigram and text match, few candidates.
        "SearchUsers 'hana kim'": search_pb2.SearchUsersRequest(query="hana kim").SerializeToString(),
        # Browsing with filters and no query.
        "SearchUsers mentors in DE": search_pb2.SearchUsersRequest(
            filter=search_pb2.UserSearchFilter(country_code="DE", mentors_only=True)
        ).SerializeToString(),
        "Suggestions 'pyt'": search_pb2.SuggestionsRequest(query="pyt").SerializeToString(),
        "Suggestions 'han'": search_pb2.SuggestionsRequest(query="han").SerializeToString(),
    }


async def _index(ds: Dataset) -> tuple[int, float | None]:
    """Fill search_members of the dataset database (once) with SearchService.backfill."""
    from prometheus_client import CollectorRegistry

    from internal.app import Application
    from pkg.config import Settings

    settings = Settings(database_url=ds.url, worker_enabled=False, data_dir=Path(".data/bench"))  # type: ignore[call-arg]
    app = await Application.create(settings, registry=CollectorRegistry())
    try:
        assert app.search is not None
        async with app.uow() as uow:
            from sqlalchemy import text

            count = int((await uow.session.execute(text("SELECT count(*) FROM search_members"))).scalar_one())
            profiles = int(
                (
                    await uow.session.execute(text("SELECT count(*) FROM user_profiles WHERE deleted_at IS NULL"))
                ).scalar_one()
            )
            await uow.commit()
        if count >= profiles:
            return count, None
        started = time.perf_counter()
        await app.search.backfill(limit_batches=10_000_000)
        async with app.uow() as uow:
            await uow.session.execute(text("ANALYZE search_members"))
            count = int((await uow.session.execute(text("SELECT count(*) FROM search_members"))).scalar_one())
            await uow.commit()
        return count, time.perf_counter() - started
    finally:
        await app.close_providers()
        await app.database.dispose()


async def _check(port: int, token: str) -> list[str]:
    """What the timed requests answer, so the figures are known to measure real work."""
    import grpc
    from skillsphere.search.v1 import search_pb2, search_pb2_grpc

    notes = []
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = search_pb2_grpc.SearchServiceStub(channel)
        metadata = (("authorization", f"Bearer {token}"),)
        for label, body in _bodies().items():
            if label.startswith("Suggestions"):
                suggestions = await stub.Suggestions(search_pb2.SuggestionsRequest.FromString(body), metadata=metadata)
                texts = ", ".join(s.text for s in suggestions.suggestions[:5])
                notes.append(f"{label}: {len(suggestions.suggestions)} suggestions ({texts}, ...)")
            else:
                found = await stub.SearchUsers(search_pb2.SearchUsersRequest.FromString(body), metadata=metadata)
                top = found.results[0].user if found.results else None
                notes.append(
                    f"{label}: {found.total_size:,} matches, first page {len(found.results)}"
                    + (f", first: {top.display_name!r} teaching {[s.name for s in top.teaches][:3]}" if top else "")
                )
    return notes


async def _explain(ds: Dataset, caller_id: uuid.UUID) -> dict[str, list[str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of the member query SearchUsers sends for 'pyhton' (resolved to Python)."""
    from prometheus_client import CollectorRegistry
    from sqlalchemy import event, text

    from bench.scale import _plan_notes
    from internal.search.models import MemberFilter, SortOrder
    from internal.search.repository import Audience, MemberQuery, SearchRepository
    from pkg.db import Database, UnitOfWorkFactory

    db = Database(ds.url, registry=CollectorRegistry(), statement_timeout_ms=0)
    uow = UnitOfWorkFactory(db.engine)
    out: dict[str, list[str]] = {}
    try:
        async with uow() as unit:
            python = (
                await unit.session.execute(text("SELECT id FROM skills WHERE name = 'Python'"))
            ).scalar_one_or_none()
            await unit.commit()
        audience = Audience(caller_id=caller_id, admin=False, blocked=frozenset())
        queries = {
            "SearchUsers 'pyhton'": MemberQuery(
                audience=audience,
                filter=MemberFilter(),
                order=SortOrder.RELEVANCE,
                text="pyhton",
                words=("pyhton",),
                resolved_skills=(python,) if python else (),
            ),
            "SearchUsers 'hana kim'": MemberQuery(
                audience=audience,
                filter=MemberFilter(),
                order=SortOrder.RELEVANCE,
                text="hana kim",
                words=("hana", "kim"),
            ),
        }
        for label, member_query in queries.items():
            captured: list[tuple[str, Any]] = []

            def capture(_c: object, _cur: object, statement: str, parameters: Any, *_: object) -> None:
                captured.append((statement, parameters))  # noqa: B023 - used within this iteration only

            event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
            try:
                async with uow() as unit:
                    await SearchRepository(unit.session).search_members(member_query)
                    await unit.commit()
            finally:
                event.remove(db.engine.sync_engine, "before_cursor_execute", capture)
            setting, (statement, parameters) = captured[0], captured[1]
            async with db.engine.connect() as conn, conn.begin():
                await conn.exec_driver_sql(*setting)
                await conn.exec_driver_sql(statement, parameters)
                rows = await conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, parameters)
                plan = rows.scalar_one()
                plan = json.loads(plan) if isinstance(plan, str) else plan
            out[label] = _plan_notes(plan[0])
    finally:
        await db.dispose()
    return out


def run_search(users: int, log: Path) -> SearchResults:
    """Load or reuse the dataset, index it, start a server and time SearchUsers and Suggestions."""
    from bench import run as base
    from bench.scale import _claims_subject

    ds = asyncio.run(dataset(users))
    out = SearchResults(ds)
    out.indexed, out.index_seconds = asyncio.run(_index(ds))
    print(f"search_members: {out.indexed:,} rows", flush=True)
    log.write_text("")
    env = {
        **base.AUTH_BENCH_LIMITS,
        "DATABASE_URL": ds.url,
        "SKILLSPHERE_DATA_DIR": str(base.DATA),
        "SKILLSPHERE_RATE_LIMIT_DEFAULT": "1000000/second",
        "SKILLSPHERE_WORKER_ENABLED": "false",
    }
    port, http = base._free_port(), base._free_port()
    env |= {"SKILLSPHERE_GRPC_PORT": str(port), "SKILLSPHERE_HTTP_PORT": str(http)}
    serve = [sys.executable, "cmd/skillsphere/main.py", "serve", "--workers", "1"]
    bodies = _bodies()
    with base._process(serve, env, log, port):
        _login, tokens = asyncio.run(base._bench_account(port))
        token = tokens.access_token
        out.checks = asyncio.run(_check(port, token))
        for label, body in bodies.items():
            method = SUGGESTIONS if label.startswith("Suggestions") else SEARCH_USERS
            base._h2load(port, 200, token, "warmup", method=method, message=body, clients=4, streams=2)
            for clients, streams, n in ((1, 1, REQUESTS["unloaded"]), (4, 2, REQUESTS["loaded"])):
                offset = log.stat().st_size
                result = base._h2load(
                    port, n, token, label, method=method, message=body, clients=clients, streams=streams
                )
                result.failed += base._grpc_failures(log, offset, method)
                out.results[f"{label} @ {clients * streams}"] = result
        out.explain = asyncio.run(_explain(ds, uuid.UUID(_claims_subject(token))))
    return out


def report(s: SearchResults) -> list[str]:
    """The section's Markdown, between its markers."""
    indexed = (
        f"indexed now in {s.index_seconds:.0f} s by SearchService.backfill"
        if s.index_seconds is not None
        else "indexed by an earlier run"
    )
    lines = [
        BEGIN,
        "## Search at scale",
        "",
        f"Dataset `{s.dataset.name}`: {s.dataset.users:,} members, {s.dataset.user_skills:,} user skills; "
        f"`search_members` {s.indexed:,} rows ({indexed}). One `serve --workers 1` (job worker off), a signed-in "
        "caller (so blocks are looked up and each first page is written to the search history), h2load with 1 "
        "request in flight and with 8 (4 connections x 2 streams). Targets: SearchUsers p95 < 20 ms at 1 in "
        "flight, Suggestions p95 < 30 ms at 8.",
        "",
        "| request | in flight | requests/s | p50 ms | p95 ms | p99 ms | failed |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, r in s.results.items():
        name, flight = label.rsplit(" @ ", 1)
        lines.append(
            f"| {name} | {flight} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.failed} |"
        )
    lines += ["", "What the timed requests answered:", ""]
    lines += [f"- {check}" for check in s.checks]
    lines += ["", "### EXPLAIN (ANALYZE, BUFFERS) of the member query", ""]
    for label, notes in s.explain.items():
        lines.append(f"- **{label}**")
        lines += [f"  - {note}" for note in notes]
    lines += ["", END]
    return lines


def write_section(out: Path, lines: list[str], begin: str = BEGIN, end: str = END) -> None:
    """Replace the section between its markers (or append it), keeping the rest of the page. Other benches'
    sections (bench/sessions_scale.py) pass their own markers."""
    page = out.read_text() if out.exists() else "# Benchmarks\n"
    block = "\n".join(lines)
    if begin in page and end in page:
        head, rest = page.split(begin, 1)
        _, tail = rest.split(end, 1)
        page = head + block + tail
    else:
        page = page.rstrip("\n") + "\n\n" + block + "\n"
    out.write_text(page)
    print(block)
