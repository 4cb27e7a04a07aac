"""The at-scale dataset of `make bench`: N users holding ~10 skills each, as the services would have written it.

`await dataset_url(users)` returns the URL of a database named `bench_scale_<users>_r<revision>_v<version>`
on the embedded server in `.data/bench-scale`, loading it first when it is missing (the load goes into a
`..._loading` database renamed at the end, so a half-loaded database is never reused). What is loaded, with
asyncpg COPY, for every user (the functions of internal/user/ compute the derived columns):

- `accounts` (roles learner, plus mentor for mentors, as UserService keeps them in step with is_mentor;
  one shared argon2id hash, so every account can sign in with `BENCH_PASSWORD`);
- `user_profiles` with varied visibility (70 % public, 20 % members, 10 % private), time zones with their
  countries, languages (`language_keys`), mentors with hourly rates, ratings for about half of them, and the
  read models: `skill_keys` (`skill_keys()` over the user's `user_skills` rows), `skill_text` (the skill
  names the `user.embed` job stores) and `weekly_utc` / `exception_days` / `exception_spans`
  (`weekly_utc()` and `exception_ranges()` over the `user_availability` row, as UpdateAvailability does);
- `user_skills`: `skills_per_user` distinct catalog skills per user, Zipf-like popularity over the approved
  catalog (weight 1/(rank + 5): the top skill is held by about a third of the users), 55 % offered / 45 %
  wanted, proficiency 1..5;
- `user_availability` for 85 % of users (1-4 weekly slots in local time; 5 % also have one dated exception
  within the next 30 days) and one `user_stats` row per profile (CreateUser inserts one).

Then the skills' offered/wanted user counts are refreshed with the trending job's own SQL
(`SkillRepository.refresh_user_counts`) and the database is VACUUM ANALYZEd. Embeddings are not computed
(`embedding` stays NULL, as before the `user.embed` job's first run).
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from prometheus_client import CollectorRegistry

from internal.skill.repository import SkillRepository
from internal.user.availability import exception_ranges, weekly_utc
from internal.user.directory import skill_keys
from internal.user.models import DatedException, TimeSpan, WeeklySlot
from internal.user.validation import language_keys
from pkg.db import Database, UnitOfWorkFactory, migrate
from pkg.db.embedded import start_embedded, with_database
from pkg.db.engine import asyncpg_url

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data" / "bench-scale"
# Bump when the generated data changes: the cached database of another version is not reused.
DATASET_VERSION = 2

# (time zone, country, languages): countries and languages that go with the zone.
PLACES = [
    ("Europe/Berlin", "DE", ["de", "en"]),
    ("Europe/London", "GB", ["en"]),
    ("Europe/Paris", "FR", ["fr", "en"]),
    ("Europe/Madrid", "ES", ["es"]),
    ("America/New_York", "US", ["en"]),
    ("America/Chicago", "US", ["en", "es"]),
    ("America/Los_Angeles", "US", ["en"]),
    ("America/Sao_Paulo", "BR", ["pt-BR"]),
    ("America/Mexico_City", "MX", ["es-MX", "en"]),
    ("Asia/Kolkata", "IN", ["hi", "en"]),
    ("Asia/Tokyo", "JP", ["ja"]),
    ("Asia/Shanghai", "CN", ["zh-Hans-CN"]),
    ("Australia/Sydney", "AU", ["en-AU"]),
    ("Africa/Lagos", "NG", ["en", "yo"]),
    ("Etc/UTC", "", ["en"]),
]
PLACE_WEIGHTS = [10, 8, 6, 5, 12, 6, 8, 6, 4, 12, 5, 5, 3, 3, 2]
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Farah", "Goro", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Mateo"]
LAST = ["Silva", "Novak", "Okafor", "Tanaka", "Meyer", "Garcia", "Khan", "Dubois", "Smith", "Rossi", "Kim"]
WORDS = ["backend", "design", "data", "music", "language", "finance", "marketing", "cooking", "math", "writing"]
PROFICIENCY_WEIGHTS = [15, 25, 30, 20, 10]


@dataclass(frozen=True)
class Dataset:
    """A loaded dataset: where it is and what it holds."""

    url: str
    name: str
    users: int
    user_skills: int
    load_seconds: float | None  # None: reused from an earlier run


def database_name(users: int) -> str:
    return f"bench_scale_{users}_r{migrate.head_revision()}_v{DATASET_VERSION}"


async def dataset(users: int = 100_000, skills_per_user: int = 10, seed: int = 7) -> Dataset:
    """The dataset's database on the embedded server in `.data/bench-scale`, loaded if missing.

    The server runs as long as this process (it stops when the last process that started it exits)."""
    admin_url = await start_embedded(DATA, database="postgres")
    name = database_name(users) + ("" if (skills_per_user, seed) == (10, 7) else f"_{skills_per_user}_{seed}")
    admin = await asyncpg.connect(asyncpg_url(admin_url))
    load_seconds: float | None = None
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            loading = name + "_loading"
            await admin.execute(f'DROP DATABASE IF EXISTS "{loading}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{loading}"')
            started = time.perf_counter()
            await load_dataset(with_database(admin_url, loading), users, skills_per_user, seed)
            load_seconds = time.perf_counter() - started
            await admin.execute(f'ALTER DATABASE "{loading}" RENAME TO "{name}"')
        url = with_database(admin_url, name)
        conn = await asyncpg.connect(asyncpg_url(url))
        try:
            count = await conn.fetchval("SELECT count(*) FROM user_skills")
        finally:
            await conn.close()
    finally:
        await admin.close()
    return Dataset(url, name, users, int(count), load_seconds)


def _password_hash() -> str:
    from argon2 import PasswordHasher

    from bench.run import BENCH_PASSWORD
    from pkg.config import Settings

    settings = Settings()
    return PasswordHasher(
        time_cost=settings.auth_argon2_time_cost,
        memory_cost=settings.auth_argon2_memory_kib,
        parallelism=settings.auth_argon2_parallelism,
    ).hash(BENCH_PASSWORD)


def _weekly(rng: random.Random) -> list[WeeklySlot]:
    """1-4 weekly slots on distinct days, ordered as check_weekly orders them."""
    days = sorted(rng.sample(range(1, 8), rng.randint(1, 4)))
    slots = []
    for day in days:
        start = rng.randrange(7 * 60, 20 * 60 + 1, 30)
        end = min(start + rng.choice([60, 90, 120, 180, 240]), 1440)
        slots.append(WeeklySlot(day, TimeSpan(start, end)))
    return slots


async def load_dataset(url: str, users: int = 100_000, skills_per_user: int = 10, seed: int = 7) -> None:
    """Migrate the (empty) database at `url` and load the dataset into it (see the module docstring)."""
    database = Database(url, registry=CollectorRegistry(), statement_timeout_ms=0)
    try:
        await migrate.upgrade(database.engine)
    finally:
        await database.dispose()
    rng = random.Random(seed)
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        await conn.execute("SET synchronous_commit = off; SET maintenance_work_mem = '256MB'")
        catalog = await conn.fetch(
            "SELECT id, name FROM skills WHERE status = 'approved' AND deleted_at IS NULL ORDER BY id"
        )
        # Popularity by a seeded shuffle of the catalog, so popular skills are spread over categories.
        ranked = list(catalog)
        rng.shuffle(ranked)
        skill_ids = [row["id"] for row in ranked]
        names = {row["id"]: row["name"] for row in ranked}
        weights = [1 / (rank + 5) for rank in range(len(ranked))]
        cumulative = []
        total = 0.0
        for weight in weights:
            total += weight
            cumulative.append(total)
        password_hash = await asyncio.to_thread(_password_hash)
        now = datetime.now(UTC)
        accounts, profiles, user_skills, availability, stats = [], [], [], [], []
        for n in range(users):
            user_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            zone_name, country, languages = rng.choices(PLACES, PLACE_WEIGHTS)[0]
            zone = zoneinfo.ZoneInfo(zone_name)
            created = now - timedelta(seconds=rng.randrange(2 * 365 * 86400))
            is_mentor = rng.random() < 0.25
            accounts.append(
                (
                    user_id,
                    f"bench{n}@bench.invalid",
                    password_hash,
                    ["learner", "mentor"] if is_mentor else ["learner"],
                    True,
                    created,
                    created,
                    created,
                )
            )
            held: dict[uuid.UUID, tuple[str, int]] = {}
            while len(held) < min(skills_per_user, len(skill_ids)):
                skill_id = rng.choices(skill_ids, cum_weights=cumulative)[0]
                if skill_id not in held:
                    kind = "offered" if rng.random() < 0.55 else "wanted"
                    held[skill_id] = (kind, rng.choices(range(1, 6), PROFICIENCY_WEIGHTS)[0])
            for skill_id, (kind, level) in held.items():
                added = created + (now - created) * rng.random()
                user_skills.append((uuid.uuid4(), user_id, skill_id, kind, level, rng.randint(0, 10), "", added, added))
            keys = skill_keys([(kind, skill_id, level) for skill_id, (kind, level) in held.items()])
            skill_text = " ".join(sorted({names[s] for s in held}))
            today = now.astimezone(zone).date()
            weekly_literal, days, spans = [], [], []
            if rng.random() < 0.85:
                weekly = _weekly(rng)
                exceptions = []
                if rng.random() < 0.05:
                    exceptions = [DatedException(today + timedelta(days=rng.randint(1, 30)), ())]
                weekly_literal = _multirange(weekly_utc(weekly, zone_name, today))
                exception_days, exception_spans = exception_ranges(exceptions, zone_name)
                days, spans = _tstz_multirange(exception_days), _tstz_multirange(exception_spans)
                availability.append(
                    (
                        user_id,
                        _json([{"day": s.day, "start": s.span.start, "end": s.span.end} for s in weekly]),
                        _json([{"date": e.date.isoformat(), "slots": []} for e in exceptions]),
                        created,
                    )
                )
            rated = rng.random() < 0.5
            rating = round(rng.uniform(2.5, 5.0), 2) if rated else 0.0
            rating_count = rng.randint(1, 60) if rated else 0
            stats.append((user_id, rating, rating_count, created))
            first, last = rng.choice(FIRST), rng.choice(LAST)
            profiles.append(
                (
                    user_id,
                    f"{first} {last} {n}",
                    f"{rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)} enthusiast",
                    f"I am {first}; I like {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
                    languages,
                    language_keys(languages),
                    zone_name,
                    country,
                    is_mentor,
                    rng.choice([2000, 3500, 5000]) if is_mentor else None,
                    "USD" if is_mentor else None,
                    rng.choices(["public", "members", "private"], [70, 20, 10])[0],
                    rng.random() < 0.1,
                    rating,
                    rating_count,
                    keys,
                    skill_text,
                    weekly_literal,
                    days,
                    spans,
                    created,
                    created,
                )
            )
        await conn.copy_records_to_table(
            "accounts",
            records=accounts,
            columns=[
                "id",
                "email",
                "password_hash",
                "roles",
                "email_verified",
                "email_verified_at",
                "created_at",
                "updated_at",
            ],
        )
        await conn.copy_records_to_table(
            "user_profiles",
            records=profiles,
            columns=[
                "id",
                "display_name",
                "headline",
                "bio",
                "language_codes",
                "language_keys",
                "time_zone",
                "country_code",
                "is_mentor",
                "hourly_rate_minor",
                "hourly_rate_currency",
                "visibility",
                "verified",
                "average_rating",
                "rating_count",
                "skill_keys",
                "skill_text",
                "weekly_utc",
                "exception_days",
                "exception_spans",
                "created_at",
                "updated_at",
            ],
        )
        await conn.copy_records_to_table(
            "user_stats", records=stats, columns=["user_id", "average_rating", "rating_count", "computed_at"]
        )
        await conn.copy_records_to_table(
            "user_availability", records=availability, columns=["user_id", "weekly_slots", "exceptions", "updated_at"]
        )
        await conn.copy_records_to_table(
            "user_skills",
            records=user_skills,
            columns=[
                "id",
                "user_id",
                "skill_id",
                "kind",
                "proficiency",
                "years_of_experience",
                "description",
                "created_at",
                "updated_at",
            ],
        )
    finally:
        await conn.close()
    # The skills' offered/wanted user counts, with the trending job's SQL.
    database = Database(url, registry=CollectorRegistry(), statement_timeout_ms=0)
    try:
        async with UnitOfWorkFactory(database.engine)() as uow:
            await SkillRepository(uow.session).refresh_user_counts()
            await uow.commit()
    finally:
        await database.dispose()
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def _json(value: object) -> str:
    import json

    return json.dumps(value)


def _multirange(literal: str) -> list[asyncpg.Range]:
    """'{[a,b),[c,d)}' → asyncpg ranges (COPY sends them in binary)."""
    inner = literal.strip("{}")
    if not inner:
        return []
    return [
        asyncpg.Range(int(a), int(b))
        for a, b in (part.strip("[)").split(",") for part in inner.replace("),[", ")|[").split("|"))
    ]


def _tstz_multirange(literal: str) -> list[asyncpg.Range]:
    inner = literal.strip("{}")
    if not inner:
        return []
    out = []
    for part in inner.replace('"),["', '")|["').split("|"):
        a, b = part.strip('[)"').split('","')
        out.append(asyncpg.Range(datetime.fromisoformat(a), datetime.fromisoformat(b)))
    return out
