"""ListUsers latency on 100k profiles holding 1M user skills (10 each), straight against the repository.

`python -m bench.users_list [--users 100000] [--runs 40]`: uses the at-scale dataset of `make bench`
(bench/dataset.py: loaded once into `.data/bench-scale` and kept, with `user_skills`, `user_availability`
and the profiles' read models as the services write them), then times each query shape of ListUsers
through `UserRepository.list_users` (the SQL the RPC runs, without gRPC) and prints p50/p95 per shape.
"Popular", "middling" and "rare" are the skills ranked 1st, 21st and 301st by holders.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import UTC, datetime, timedelta

from prometheus_client import CollectorRegistry
from sqlalchemy import event

from bench.dataset import dataset
from internal.user.availability import window_minutes_of_week, zones_with_offset
from internal.user.models import AvailabilityWindow, SkillFilter, UserFilter, UserOrder
from internal.user.repository import ListQuery, UserRepository
from pkg.db import Database, UnitOfWorkFactory


async def print_plan(db: Database, uow: UnitOfWorkFactory, query: ListQuery) -> None:
    """EXPLAIN ANALYZE the statement `list_users` sends (captured from the driver)."""
    captured: list[tuple[str, object]] = []

    def capture(_conn: object, _cursor: object, statement: str, parameters: object, *_: object) -> None:
        captured.append((statement, parameters))

    event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
    try:
        async with uow() as unit:
            await UserRepository(unit.session).list_users(query)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", capture)
    statement, parameters = captured[-1]
    async with db.engine.connect() as conn:
        plan = await conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)  # type: ignore[arg-type]
        print("\n".join("    " + row[0] for row in plan))


async def main(users: int, runs: int, explain: bool = False, only: str = "") -> None:
    ds = await dataset(users)
    print(f"{ds.name}: " + ("reused" if ds.load_seconds is None else f"loaded in {ds.load_seconds:.1f} s"))
    db = Database(ds.url, registry=CollectorRegistry())
    try:
        async with db.engine.connect() as conn:
            skills = list(
                (
                    await conn.exec_driver_sql(
                        "SELECT id FROM skills WHERE status = 'approved' AND deleted_at IS NULL "
                        "ORDER BY offered_user_count + wanted_user_count DESC, id"
                    )
                ).scalars()
            )
        uow = UnitOfWorkFactory(db.engine)
        popular, middling, rare = skills[0], skills[20], skills[300]
        monday = datetime.now(UTC).date() + timedelta(days=7 - datetime.now(UTC).weekday())
        start = datetime(monday.year, monday.month, monday.day, 9, tzinfo=UTC)
        window = AvailabilityWindow(start, start + timedelta(hours=2), 60)
        week = AvailabilityWindow(start, start + timedelta(days=7), 0)
        shapes: dict[str, tuple[UserFilter, str, UserOrder]] = {
            "recency, no filter": (UserFilter(), "", UserOrder.RECENCY),
            "rating order": (UserFilter(), "", UserOrder.RATING),
            "popular skill offered >= 3, relevance": (
                UserFilter(skills=(SkillFilter(popular, "offered", 3),)),
                "",
                UserOrder.RELEVANCE,
            ),
            "middling skill >= 4, recency": (
                UserFilter(skills=(SkillFilter(middling, None, 4),)),
                "",
                UserOrder.RECENCY,
            ),
            "rare skill, relevance": (UserFilter(skills=(SkillFilter(rare, None, 0),)), "", UserOrder.RELEVANCE),
            "two skills + mentors + language": (
                UserFilter(
                    skills=(SkillFilter(popular, "offered", 2), SkillFilter(skills[5], None, 1)),
                    mentors_only=True,
                    language_codes=("en",),
                ),
                "",
                UserOrder.RELEVANCE,
            ),
            "country + rating >= 4.5 + utc offset": (
                UserFilter(
                    country_codes=("DE", "FR"), min_rating=4.5, min_utc_offset_minutes=0, max_utc_offset_minutes=180
                ),
                "",
                UserOrder.RATING,
            ),
            "available 2h window, 60 min": (UserFilter(available_during=window), "", UserOrder.RECENCY),
            "available 7-day window": (UserFilter(available_during=week), "", UserOrder.RECENCY),
            "skill + availability": (
                UserFilter(skills=(SkillFilter(middling, None, 1),), available_during=window),
                "",
                UserOrder.RELEVANCE,
            ),
            "text query": (UserFilter(), "cooking", UserOrder.RELEVANCE),
            "text query with typo": (UserFilter(), "markting", UserOrder.RELEVANCE),
        }
        now = datetime.now(UTC)
        print(f"{'query':45} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8}")
        for label, (user_filter, text_query, order) in shapes.items():
            if only and only not in label:
                continue
            zones = None
            if user_filter.min_utc_offset_minutes is not None:
                zones = zones_with_offset(user_filter.min_utc_offset_minutes, user_filter.max_utc_offset_minutes, now)
            during = user_filter.available_during
            query = ListQuery(
                filter=user_filter,
                text=text_query,
                fuzzy="typo" in label,
                order=order,
                visible_to=("public", "members"),
                caller_id=None,
                time_zones=zones,
                weekly_window=window_minutes_of_week(during.start, during.end) if during else None,
                after=None,
                limit=21,
            )
            timings, rows = [], 0
            for run in range(runs + 3):
                began = time.perf_counter()
                async with uow() as unit:
                    rows = len(await UserRepository(unit.session).list_users(query))
                if run >= 3:  # warm-up runs excluded
                    timings.append((time.perf_counter() - began) * 1000)
            if explain:
                await print_plan(db, uow, query)
            timings.sort()
            p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
            print(f"{label:45} {rows:>5} {statistics.median(timings):>8.1f} {p95:>8.1f}")
    finally:
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument("--only", default="", help="run only the query shapes whose label contains this")
    args = parser.parse_args()
    asyncio.run(main(args.users, args.runs, args.explain, args.only))
