"""ListUsers latency on 100k profiles holding 1M user skills (10 each), straight against the repository.

`python -m bench.users_list [--users 100000] [--runs 40]`: creates a scratch database on the embedded
server in `.data/bench-users`, applies the migrations, loads profiles with COPY (skills as the
`skill_keys` read model, a Zipf-like skill popularity, 1-3 weekly slots each), ANALYZEs, then times each
query shape of ListUsers through `UserRepository.list_users` (the SQL the RPC runs, without gRPC) and
prints p50/p95 per shape. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from prometheus_client import CollectorRegistry
from sqlalchemy import event

from internal.user.models import AvailabilityWindow, SkillFilter, UserFilter, UserOrder
from internal.user.repository import ListQuery, UserRepository
from internal.user.service import window_minutes_of_week, zones_with_offset
from pkg.db import Database, UnitOfWorkFactory, migrate
from pkg.db.embedded import start_embedded, with_database

ROOT = Path(__file__).resolve().parent.parent
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "America/Sao_Paulo", "Asia/Kolkata", "Etc/UTC"]
LANGUAGES = [["en"], ["en", "de"], ["pt-BR"], ["es"], ["ja", "en"], ["fr"], ["hi", "en"]]
COUNTRIES = ["DE", "US", "JP", "BR", "IN", "GB", "FR", "ES"]
WORDS = ["backend", "design", "data", "music", "language", "finance", "marketing", "cooking", "math", "writing"]


async def load(url: str, users: int, seed: int) -> list[uuid.UUID]:
    rng = random.Random(seed)
    conn = await asyncpg.connect(url)
    try:
        skills = [r["id"] for r in await conn.fetch("SELECT id FROM skills WHERE status = 'approved' ORDER BY name")]
        weights = [1 / (rank + 1) for rank in range(len(skills))]  # a few skills are very popular
        now = datetime.now(UTC)
        accounts, profiles = [], []
        for n in range(users):
            user_id = uuid.uuid4()
            accounts.append((user_id, f"bench{n}@bench.invalid", ["learner"], True))
            keys: set[str] = set()
            for skill in set(rng.choices(skills, weights, k=10)):
                kind = "offered" if rng.random() < 0.6 else "wanted"
                keys.update(f"{kind}:{skill}:{level}" for level in range(1, rng.randint(1, 5) + 1))
            languages = rng.choice(LANGUAGES)
            slots = []
            for _ in range(rng.randint(1, 3)):
                start = rng.randrange(0, 10080 - 240, 30)
                slots.append(asyncpg.Range(start, start + rng.choice([60, 120, 180])))
            rated = rng.random() < 0.5
            profiles.append(
                (
                    user_id,
                    f"User{n} {rng.choice(WORDS)}",
                    f"Teaching {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                    languages,
                    sorted({*languages, *(c.split("-")[0] for c in languages)}),
                    rng.choice(ZONES),
                    rng.choice(COUNTRIES),
                    rng.random() < 0.3,
                    rng.choice(["public", "public", "public", "members", "private"]),
                    round(rng.uniform(3, 5), 2) if rated else 0.0,
                    rng.randint(1, 40) if rated else 0,
                    sorted(keys),
                    slots,
                    now - timedelta(seconds=n),
                    now - timedelta(seconds=n),
                )
            )
        await conn.copy_records_to_table(
            "accounts", records=accounts, columns=["id", "email", "roles", "email_verified"]
        )
        await conn.copy_records_to_table(
            "user_profiles",
            records=profiles,
            columns=[
                "id",
                "display_name",
                "headline",
                "language_codes",
                "language_keys",
                "time_zone",
                "country_code",
                "is_mentor",
                "visibility",
                "average_rating",
                "rating_count",
                "skill_keys",
                "weekly_utc",
                "created_at",
                "updated_at",
            ],
        )
        await conn.execute("VACUUM ANALYZE user_profiles")
        return skills
    finally:
        await conn.close()


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


async def main(users: int, runs: int, keep: bool = False, explain: bool = False, only: str = "") -> None:
    admin_url = await start_embedded(ROOT / ".data" / "bench-users", database="postgres")
    name = f"bench_users_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = with_database(admin_url, name)
    db = Database(url, registry=CollectorRegistry())
    try:
        await migrate.upgrade(db.engine)
        started = time.perf_counter()
        skills = await load(url.replace("postgresql+asyncpg", "postgresql"), users, seed=7)
        print(f"loaded {users} profiles in {time.perf_counter() - started:.1f} s")
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
        if keep:
            print(f"kept database: {url}")
        else:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the database (to EXPLAIN queries by hand)")
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument("--only", default="", help="run only the query shapes whose label contains this")
    args = parser.parse_args()
    asyncio.run(main(args.users, args.runs, args.keep, args.explain, args.only))
