"""`skillsphere seed --demo N`: realistic demo users, so a newcomer can try everything right after `make run`.

Every demo user is created through the same services the RPCs use (accounts, profiles, user skills,
availability), acting as that user, so the data obeys every rule and the background jobs (embeddings,
trending) pick it up like any other. The data is deterministic for a given `--random-seed`; running the
command again creates only the users that are missing (`demo-0001@skillsphere.example` ... by number).
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from internal.auth.service import AuthService
from internal.skill.service import Skill, SkillOrder, SkillService, UserSkillKind
from internal.user.service import (
    Link,
    LinkType,
    Location,
    Money,
    ProfileFields,
    TimeSpan,
    UserService,
    Visibility,
    WeeklySlot,
)
from pkg.authz import Caller
from pkg.errors import AlreadyExists
from pkg.log import get_logger

log = get_logger("seed")

DEMO_DOMAIN = "skillsphere.example"  # reserved for examples (RFC 2606): no mail ever leaves for it
# Public on purpose (printed by the command): demo accounts exist only outside production.
DEMO_PASSWORD = "demo-orchard-lantern-1987"  # noqa: S105


@dataclass(frozen=True)
class Place:
    """Where a demo user lives: country, city, IANA zone, languages, currency, coordinates."""

    country: str
    city: str
    time_zone: str
    languages: tuple[str, ...]
    currency: str
    latitude: float
    longitude: float


PLACES = (
    Place("DE", "Berlin", "Europe/Berlin", ("de", "en"), "EUR", 52.52, 13.405),
    Place("FR", "Lyon", "Europe/Paris", ("fr", "en"), "EUR", 45.764, 4.8357),
    Place("ES", "Valencia", "Europe/Madrid", ("es", "ca", "en"), "EUR", 39.4699, -0.3763),
    Place("PL", "Kraków", "Europe/Warsaw", ("pl", "en"), "PLN", 50.0647, 19.945),
    Place("GB", "Manchester", "Europe/London", ("en",), "GBP", 53.4808, -2.2426),
    Place("US", "Austin", "America/Chicago", ("en", "es"), "USD", 30.2672, -97.7431),
    Place("US", "Seattle", "America/Los_Angeles", ("en",), "USD", 47.6062, -122.3321),
    Place("US", "Boston", "America/New_York", ("en",), "USD", 42.3601, -71.0589),
    Place("CA", "Montréal", "America/Toronto", ("fr", "en"), "CAD", 45.5019, -73.5674),
    Place("MX", "Guadalajara", "America/Mexico_City", ("es", "en"), "MXN", 20.6597, -103.3496),
    Place("BR", "Recife", "America/Recife", ("pt-BR", "en"), "BRL", -8.0476, -34.877),
    Place("AR", "Córdoba", "America/Argentina/Cordoba", ("es",), "ARS", -31.4201, -64.1888),
    Place("NG", "Lagos", "Africa/Lagos", ("en", "yo"), "NGN", 6.5244, 3.3792),
    Place("KE", "Nairobi", "Africa/Nairobi", ("en", "sw"), "KES", -1.2921, 36.8219),
    Place("ZA", "Cape Town", "Africa/Johannesburg", ("en", "af"), "ZAR", -33.9249, 18.4241),
    Place("IN", "Pune", "Asia/Kolkata", ("en", "hi", "mr"), "INR", 18.5204, 73.8567),
    Place("JP", "Fukuoka", "Asia/Tokyo", ("ja", "en"), "JPY", 33.5902, 130.4017),
    Place("KR", "Busan", "Asia/Seoul", ("ko", "en"), "KRW", 35.1796, 129.0756),
    Place("SG", "Singapore", "Asia/Singapore", ("en", "zh"), "SGD", 1.3521, 103.8198),
    Place("AU", "Brisbane", "Australia/Brisbane", ("en",), "AUD", -27.4698, 153.0251),
    Place("NZ", "Wellington", "Pacific/Auckland", ("en", "mi"), "NZD", -41.2865, 174.7762),
)
FIRST_NAMES = (
    "Ada", "Amara", "Ana", "Aroha", "Chen", "Chidi", "Dmitri", "Elena", "Farah", "Hana", "Ines", "Jonas", "Kai",
    "Kofi", "Lars", "Leila", "Lucía", "Mateo", "Mei", "Nia", "Noah", "Olu", "Priya", "Rafael", "Rin", "Sakura",
    "Sana", "Sofia", "Tariq", "Wanjiru", "Yara", "Zofia",
)  # fmt: skip
LAST_NAMES = (
    "Abebe", "Almeida", "Bauer", "Castillo", "Dubois", "Eze", "Fischer", "García", "Haddad", "Ito", "Kamau",
    "Kim", "Kowalski", "Lopez", "Mbeki", "Müller", "Nakamura", "Novak", "Okafor", "Patel", "Rossi", "Santos",
    "Silva", "Tanaka", "Walker", "Wong", "Yilmaz",
)  # fmt: skip
ROLES = ("engineer", "designer", "teacher", "consultant", "researcher", "coach", "freelancer", "student")
MOTIVES = (
    "I like explaining things until they click.",
    "Teaching is how I learn best.",
    "Happy to pair on real problems rather than toy examples.",
    "I keep sessions practical: we build something every time.",
    "Looking for patient people to trade skills with.",
)
# Weekly patterns in local time: (ISO weekdays, start minute, end minute).
PATTERNS = (
    ((1, 2, 3, 4), 18 * 60, 21 * 60),
    ((1, 3, 5), 7 * 60, 9 * 60),
    ((6, 7), 10 * 60, 14 * 60),
    ((2, 4), 12 * 60, 13 * 60 + 30),
    ((1, 2, 3, 4, 5), 20 * 60, 22 * 60),
)
# Typical hourly rates in minor units of each currency, roughly 25 to 60 US dollars.
RATE_RANGE = {
    "EUR": (2500, 6000), "PLN": (10000, 24000), "GBP": (2000, 5000), "USD": (2500, 6000), "CAD": (3500, 8000),
    "MXN": (45000, 100000), "BRL": (12000, 30000), "ARS": (2500000, 6000000), "NGN": (3800000, 9000000),
    "KES": (320000, 780000), "ZAR": (45000, 110000), "INR": (200000, 500000), "JPY": (3800, 9000),
    "KRW": (34000, 80000), "SGD": (3400, 8000), "AUD": (3800, 9000), "NZD": (4200, 10000),
}  # fmt: skip


def demo_email(number: int) -> str:
    """The address of demo user `number` (1-based)."""
    return f"demo-{number:04d}@{DEMO_DOMAIN}"


async def catalog_by_category(skills: SkillService) -> dict[uuid.UUID, list[Skill]]:
    """Every approved skill, grouped by category."""
    grouped: dict[uuid.UUID, list[Skill]] = defaultdict(list)
    token = ""
    while True:
        page = await skills.list_skills(
            caller=Caller.ANONYMOUS,
            status=None,
            category_id=None,
            tag="",
            proposer_user_id=None,
            order=SkillOrder.NAME,
            page_size=100,
            page_token=token,
        )
        for skill in page.items:
            grouped[skill.category_id].append(skill)
        token = page.next_page_token
        if not token:
            return dict(grouped)


async def seed_demo(
    *, auth: AuthService, users: UserService, skills: SkillService, count: int, random_seed: int = 7
) -> tuple[int, int]:
    """Create demo users 1..count that do not exist yet; returns (created, already there)."""
    rng = random.Random(random_seed)
    catalog = await catalog_by_category(skills)
    categories = sorted(c for c, s in catalog.items() if len(s) >= 4)
    emails = [demo_email(n) for n in range(1, count + 1)]
    accounts = await auth.ensure_demo_accounts(emails, DEMO_PASSWORD)
    created = existing = 0
    for email in emails:
        # Draw every choice before knowing whether the user exists, so user N is the same on every run.
        place = rng.choice(PLACES)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        home, other = rng.sample(categories, 2)
        offered = rng.sample(catalog[home], rng.randint(2, 4))
        wanted = rng.sample(catalog[other], rng.randint(1, 3))
        is_mentor = rng.random() < 0.4
        low, high = RATE_RANGE[place.currency]
        rate = Money(rng.randrange(low, high, max((high - low) // 20, 1)), place.currency) if is_mentor else None
        pattern_days, start, end = rng.choice(PATTERNS)
        user_id = accounts[email]
        fields = ProfileFields(
            display_name=name,
            headline=f"{offered[0].name} {rng.choice(ROLES)} in {place.city}",
            bio=f"I work with {', '.join(s.name for s in offered)} and want to learn "
            f"{', '.join(s.name for s in wanted)}. {rng.choice(MOTIVES)}",
            language_codes=place.languages,
            time_zone=place.time_zone,
            country_code=place.country,
            city=place.city,
            location=Location(
                round(place.latitude + rng.uniform(-0.05, 0.05), 5),
                round(place.longitude + rng.uniform(-0.05, 0.05), 5),
            ),
            links=(Link(LinkType.WEBSITE, f"https://{name.split()[0].lower()}.{DEMO_DOMAIN}/"),),
            is_mentor=is_mentor,
            hourly_rate=rate,
            visibility=Visibility.PUBLIC if rng.random() < 0.85 else Visibility.MEMBERS,
        )
        proficiencies = [rng.randint(3, 5) for _ in offered] + [rng.randint(1, 2) for _ in wanted]
        years = [rng.randint(1, 15) for _ in offered]
        caller = Caller.account(user_id, "learner")
        try:
            await users.profiles.create_user(caller=caller, fields=fields)
        except AlreadyExists:
            existing += 1
            continue
        for index, skill in enumerate(offered):
            await skills.add_user_skill(
                caller=caller,
                user_id=user_id,
                skill_id=skill.id,
                kind=UserSkillKind.OFFERED,
                proficiency=proficiencies[index],
                years_of_experience=years[index],
                description="",
            )
        for index, skill in enumerate(wanted, start=len(offered)):
            await skills.add_user_skill(
                caller=caller,
                user_id=user_id,
                skill_id=skill.id,
                kind=UserSkillKind.WANTED,
                proficiency=proficiencies[index],
                years_of_experience=0,
                description="",
            )
        await users.availability.update_availability(
            caller=caller,
            user_id=user_id,
            paths=["weekly_slots"],
            weekly=[WeeklySlot(day, TimeSpan(start, end)) for day in pattern_days],
            exceptions=[],
        )
        created += 1
    log.info("demo_seeded", created=created, existing=existing)
    return created, existing
