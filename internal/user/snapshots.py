"""Member snapshots: everything discovery (matching, search) needs about a member, read in one batch.

`UserDirectory.member_snapshots(ids)` (directory.py) builds them; the pure parsing lives here so it is
unit-tested without a database.

- `live` is False for deleted members and for members whose account is disabled (suspended or closed):
  projections drop them.
- `skills` come from this domain's skill read model (`skill_keys`, kept in step by the skill domain) with
  their names from the SkillCatalog port; skills the catalog does not show publicly (proposals, deleted
  ones) are left out.
- `weekly_availability` is the stored `weekly_utc` read model: [start, end) minutes since Monday 00:00 UTC,
  sorted, ranges crossing the end of the week split in two. DST convention: each weekly slot is converted
  with the UTC offset of its next occurrence on the day the ranges were last written (by UpdateAvailability,
  a time-zone change, or the daily `user.refresh_availability` job, which also tells the listeners when the
  ranges moved). So after a DST change the ranges follow within a day; they describe "this week", not
  weeks on the far side of a future change.
- `embedding` is the stored vector (None until the `user.embed` job ran) with the model that made it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from internal.user.models import Visibility

SkillKind = Literal["offered", "wanted"]

_RANGE = re.compile(r"[\[(](-?\d+),(-?\d+)[\])]")


@dataclass(frozen=True, slots=True)
class MemberSkill:
    """A skill a member offers or wants, with their proficiency 1..5."""

    kind: SkillKind
    skill_id: uuid.UUID
    name: str
    proficiency: int


@dataclass(frozen=True, slots=True)
class MemberSnapshot:
    """One member as discovery sees them (see the module docstring for each field's source)."""

    user_id: uuid.UUID
    display_name: str
    headline: str
    bio: str
    avatar_uri: str
    language_codes: tuple[str, ...]
    time_zone: str
    country_code: str
    city: str
    latitude: float | None
    longitude: float | None
    is_mentor: bool
    hourly_rate_minor: int | None
    hourly_rate_currency: str | None
    accepts_skill_swap: bool
    visibility: Visibility
    verified: bool
    average_rating: float
    rating_count: int
    live: bool
    skills: tuple[MemberSkill, ...]
    embedding: tuple[float, ...] | None
    embedding_model: str | None
    weekly_availability: tuple[tuple[int, int], ...]
    create_time: datetime
    update_time: datetime


def parse_vector(value: str | None) -> tuple[float, ...] | None:
    """A pgvector text value ('[0.1,0.2]') as floats; None stays None."""
    if value is None:
        return None
    body = value.strip().strip("[]")
    return tuple(float(v) for v in body.split(",")) if body else ()


def parse_int_multirange(value: str | None) -> tuple[tuple[int, int], ...]:
    """An int4multirange text value ('{[0,60),[120,180)}') as sorted [start, end) pairs.

    PostgreSQL prints integer ranges canonically as [a,b); other bounds are normalised anyway."""
    if not value:
        return ()
    ranges: list[tuple[int, int]] = []
    for match in _RANGE.finditer(value):
        start, end = int(match.group(1)), int(match.group(2))
        text = match.group(0)
        if text.startswith("("):
            start += 1
        if text.endswith("]"):
            end += 1
        if end > start:
            ranges.append((start, end))
    return tuple(sorted(ranges))


def avatar_thumbnail_key(avatar: dict[str, object] | None, *, min_size: int = 128) -> str | None:
    """The storage key of the smallest thumbnail at least `min_size` pixels (else the largest), or None."""
    if not avatar:
        return None
    thumbnails = avatar.get("thumbnails")
    if not isinstance(thumbnails, dict) or not thumbnails:
        original = avatar.get("original_key")
        return str(original) if original else None
    sizes = sorted(thumbnails.items(), key=lambda item: int(item[0]))
    for size, key in sizes:
        if int(size) >= min_size:
            return str(key)
    return str(sizes[-1][1])
