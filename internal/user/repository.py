"""Queries of the user domain. Never commits; a duplicate profile becomes AlreadyExists (PROFILE_EXISTS).

ListUsers runs as one query on `user_profiles`: every filter is a column of that table (the skill domain's
`user_skills` is never read here; `skill_keys` is this domain's read model of it).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from skillsphere.user.v1.error_reason import ErrorReason
from sqlalchemy import (
    ColumnElement,
    DateTime,
    Float,
    and_,
    case,
    cast,
    delete,
    false,
    func,
    literal,
    or_,
    select,
    text,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import TextClause

from internal.user.models import (
    AuditEntry,
    AvailabilityRecord,
    AvatarUpload,
    NotificationSettings,
    UserBlock,
    UserFilter,
    UserOrder,
    UserProfile,
    UserStats,
)
from pkg.errors import AlreadyExists


def profile_exists_error() -> AlreadyExists:
    """The answer when the account has a profile already."""
    return AlreadyExists(
        "This account has a profile already; change it with UpdateUser.", reason=ErrorReason.PROFILE_EXISTS
    )


_TSQUERY = "(websearch_to_tsquery('english', CAST(:q AS text)) || websearch_to_tsquery('simple', CAST(:q AS text)))"
_TEXT_MATCH = "user_profiles.search_vector @@ " + _TSQUERY
_TEXT_RANK = "ts_rank(user_profiles.search_vector, " + _TSQUERY + ")"
# Typo tolerance: trigram word similarity to the display name (GIN trigram index), used when no word matches.
_FUZZY_MATCH = "lower(CAST(:q AS text)) <% lower(user_profiles.display_name)"
_FUZZY_RANK = "word_similarity(lower(CAST(:q AS text)), lower(user_profiles.display_name))"
# Relevance prefers users who said when they are available.
_HAS_AVAILABILITY = "(CASE WHEN isempty(user_profiles.weekly_utc) THEN 0.0 ELSE 0.1 END)"
# Relevance ranks at most this many matches: the best rated ones (walking the rating index), so a broad
# filter (a popular skill, a common word) costs a bounded amount of work. RATING and RECENCY walk all.
RELEVANCE_CANDIDATES = 1000


def available_spans_sql(weekly: str, days: str, spans: str, start: str, end: str) -> str:
    """The body of migration 0006's `user_available_spans(weekly, days, spans, start, end)` as an SQL expression
    over the given operands: the weekly ranges repeated over every week the window touches, minus the
    exception days, plus the exceptions' spans, clipped to the window.

    ListUsers inlines it: PostgreSQL cannot inline an SQL function whose body holds a sub-SELECT, and calling
    the function once per candidate row took 38 of the 62 ms of a ListUsers on 100k users (`make bench`).
    tests/integration/user/test_availability_model.py checks that both give the same spans.
    """
    # The operands are fixed SQL fragments of this module and the tests (columns, casts of bound parameters).
    repeated = (
        "SELECT coalesce(range_agg(tstzrange(w + make_interval(mins => lower(r)),"  # noqa: S608
        " w + make_interval(mins => upper(r)))), '{}'::tstzmultirange) "
        f"FROM generate_series(date_trunc('week', {start} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', {end},"
        f" interval '7 days') AS w, unnest({weekly}) AS r"
    )
    return f"((({repeated}) - {days} + {spans}) * tstzmultirange(tstzrange({start}, {end})))"


_W_START, _W_END = "CAST(:w_start AS timestamptz)", "CAST(:w_end AS timestamptz)"
_W_WEEKLY = "CAST(CAST(:w_weekly AS text) AS int4multirange)"
_RANGE = re.compile(r"\[(\d+),(\d+)\)")


def week_hours(minutes_of_week: str) -> list[int]:
    """The hours of the week (0..167) an int4multirange literal of minutes of the week touches; in SQL the same
    is user_week_hours() (migration 0007), which ListUsers must not call per row."""
    hours: set[int] = set()
    for lower, upper in _RANGE.findall(minutes_of_week):
        if int(upper) > int(lower):
            hours.update(range(int(lower) // 60, (int(upper) - 1) // 60 + 1))
    return sorted(hours)


# The && conditions are the index-assisted prefilter (weekly_hours shares a GIN index with skill_keys, intersected in
# one bitmap; migration 0007); the spans are exact. Fixed fragments, bound values.
_AVAILABLE_DURING = (
    f"((user_profiles.weekly_hours && CAST(:w_hours AS int2[]) AND user_profiles.weekly_utc && {_W_WEEKLY}) "  # noqa: S608
    f"OR user_profiles.exception_spans && tstzmultirange(tstzrange({_W_START}, {_W_END}))) "
    "AND EXISTS (SELECT 1 FROM unnest("
    + available_spans_sql(
        "user_profiles.weekly_utc", "user_profiles.exception_days", "user_profiles.exception_spans", _W_START, _W_END
    )
    + ") AS s WHERE upper(s) - lower(s) >= make_interval(mins => :w_min) AND NOT isempty(s))"
)

_KINDS = ("offered", "wanted")


@dataclass(frozen=True)
class ListPosition:
    """Where a ListUsers page continues: the last row's sort key in the query's order (the other fields
    stay None), and whether the text is matched as a misspelt name."""

    id: uuid.UUID
    fuzzy: bool = False
    score: float | None = None  # RELEVANCE
    rating: float | None = None  # RATING, with count
    count: int | None = None
    created_at: datetime | None = None  # RECENCY

    @staticmethod
    def of(row: ListedUser, order: UserOrder, *, fuzzy: bool) -> dict[str, Any]:
        """The page-token position after `row` (what `parse` reads back)."""
        position: dict[str, Any] = {"id": str(row.profile.id)}
        if fuzzy:
            position["fuzzy"] = True
        if order is UserOrder.RELEVANCE:
            position["score"] = row.score
        elif order is UserOrder.RATING:
            position["rating"] = row.profile.average_rating
            position["count"] = row.profile.rating_count
        else:
            position["created_at"] = row.profile.created_at.isoformat()
        return position

    @classmethod
    def parse(cls, position: dict[str, Any], order: UserOrder) -> ListPosition:
        """A position written by `of` for `order`; KeyError, ValueError or TypeError for anything else."""
        after = cls(id=uuid.UUID(position["id"]), fuzzy=bool(position.get("fuzzy", False)))
        if order is UserOrder.RELEVANCE:
            return replace(after, score=float(position["score"]))
        if order is UserOrder.RATING:
            return replace(after, rating=float(position["rating"]), count=int(position["count"]))
        return replace(after, created_at=datetime.fromisoformat(position["created_at"]))


@dataclass(frozen=True)
class ListQuery:
    """A ListUsers query as the repository runs it (the service resolved skills, zones and visibility)."""

    filter: UserFilter
    text: str
    fuzzy: bool  # match the text by trigram similarity to display names instead of words
    order: UserOrder
    visible_to: tuple[str, ...] | None  # None: every visibility (admins)
    caller_id: uuid.UUID | None
    time_zones: tuple[str, ...] | None  # None: no UTC-offset filter
    weekly_window: str | None  # int4multirange literal of the window's minutes of the week
    after: ListPosition | None
    limit: int
    hidden_ids: frozenset[uuid.UUID] = frozenset()  # blocked either way with the caller


@dataclass(frozen=True)
class ListedUser:
    """A ListUsers row with the score a relevance order sorted it by."""

    profile: UserProfile
    score: float


class UserRepository:
    """Every query UserService needs, on the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ------------------------------------------------------------------------------------------ profiles

    async def add_profile(self, profile: UserProfile, stats: UserStats) -> None:
        """Insert a profile and its stats row; PROFILE_EXISTS when the account has one."""
        self._session.add(profile)
        try:
            async with self._session.begin_nested():
                await self._session.flush()
        except IntegrityError as exc:
            if "pk_user_profiles" in str(exc.orig):
                raise profile_exists_error() from exc
            raise
        self._session.add(stats)
        await self._session.flush()

    async def add(self, row: Any) -> None:
        """Insert any new row (audit entries, uploads, availability, preferences)."""
        self._session.add(row)
        await self._session.flush()

    async def profile(self, user_id: uuid.UUID, *, for_update: bool = False) -> UserProfile | None:
        """The profile with this id (deleted ones included)."""
        query = select(UserProfile).where(UserProfile.id == user_id)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def live_ids_after(self, after: uuid.UUID | None, limit: int) -> list[uuid.UUID]:
        """Ids of live (not deleted) profiles in id order after `after`."""
        query = select(UserProfile.id).where(UserProfile.deleted_at.is_(None)).order_by(UserProfile.id).limit(limit)
        if after is not None:
            query = query.where(UserProfile.id > after)
        return list((await self._session.execute(query)).scalars())

    async def profiles(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, UserProfile]:
        """The profiles with these ids, by id."""
        if not user_ids:
            return {}
        rows = await self._session.execute(select(UserProfile).where(UserProfile.id.in_(set(user_ids))))
        return {p.id: p for p in rows.scalars().all()}

    async def flush(self) -> None:
        """Write pending changes of loaded rows."""
        await self._session.flush()

    async def set_skill_keys(self, user_id: uuid.UUID, keys: Sequence[str], now: datetime) -> bool:
        """Replace the skill read model of a live profile; False when there is none."""
        result = await self._session.execute(
            update(UserProfile)
            .where(UserProfile.id == user_id, UserProfile.deleted_at.is_(None))
            .values(skill_keys=list(keys), updated_at=now)
            .returning(UserProfile.id)
            .execution_options(synchronize_session=False)
        )
        return result.first() is not None

    async def set_availability_model(
        self, user_id: uuid.UUID, *, weekly_utc: str, exception_days: str, exception_spans: str
    ) -> bool:
        """Store the SQL-filterable form of a user's availability (multirange literals); False when it was
        already that (nothing written)."""
        result = await self._session.execute(
            text(
                "UPDATE user_profiles SET weekly_utc = CAST(CAST(:weekly AS text) AS int4multirange), "
                "exception_days = CAST(CAST(:days AS text) AS tstzmultirange), "
                "exception_spans = CAST(CAST(:spans AS text) AS tstzmultirange) "
                "WHERE id = :id AND (weekly_utc, exception_days, exception_spans) IS DISTINCT FROM "
                "(CAST(CAST(:weekly AS text) AS int4multirange), CAST(CAST(:days AS text) AS tstzmultirange), "
                "CAST(CAST(:spans AS text) AS tstzmultirange)) RETURNING id"
            ),
            {"weekly": weekly_utc, "days": exception_days, "spans": exception_spans, "id": user_id},
        )
        return result.first() is not None

    async def discovery_columns(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str | None, str]]:
        """(embedding as pgvector text or None, weekly_utc as multirange text) by id: the read-model columns
        not mapped on UserProfile, for member snapshots."""
        if not user_ids:
            return {}
        rows = await self._session.execute(
            text(
                "SELECT id, CAST(embedding AS text), CAST(weekly_utc AS text) FROM user_profiles "
                "WHERE id = ANY(CAST(:ids AS uuid[]))"
            ),
            {"ids": list(set(user_ids))},
        )
        return {row[0]: (row[1], row[2]) for row in rows.all()}

    # ------------------------------------------------------------------------------------------- blocks

    async def add_block(self, blocker_id: uuid.UUID, blocked_id: uuid.UUID, now: datetime) -> datetime:
        """Insert the block unless it exists; when it was first placed."""
        await self._session.execute(
            pg_insert(UserBlock)
            .values(blocker_id=blocker_id, blocked_id=blocked_id, created_at=now)
            .on_conflict_do_nothing(index_elements=["blocker_id", "blocked_id"])
        )
        found = await self._session.execute(
            select(UserBlock.created_at).where(UserBlock.blocker_id == blocker_id, UserBlock.blocked_id == blocked_id)
        )
        return found.scalar_one()

    async def remove_block(self, blocker_id: uuid.UUID, blocked_id: uuid.UUID) -> bool:
        """Delete the block; False when there was none."""
        result = await self._session.execute(
            delete(UserBlock)
            .where(UserBlock.blocker_id == blocker_id, UserBlock.blocked_id == blocked_id)
            .returning(UserBlock.blocker_id)
        )
        return result.first() is not None

    async def blocks_of(
        self, blocker_id: uuid.UUID, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[UserBlock]:
        """The members `blocker_id` blocked, newest first, after a (created_at, blocked_id) keyset position."""
        query = select(UserBlock).where(UserBlock.blocker_id == blocker_id)
        if after is not None:
            query = query.where(
                tuple_(UserBlock.created_at, UserBlock.blocked_id)
                < tuple_(literal(after[0], DateTime(timezone=True)), literal(after[1]))
            )
        query = query.order_by(UserBlock.created_at.desc(), UserBlock.blocked_id.desc()).limit(limit)
        return list((await self._session.execute(query)).scalars().all())

    async def blocked_either_way(self, user_id: uuid.UUID) -> frozenset[uuid.UUID]:
        """Members the user blocked and members who blocked the user."""
        rows = await self._session.execute(
            select(UserBlock.blocked_id)
            .where(UserBlock.blocker_id == user_id)
            .union(select(UserBlock.blocker_id).where(UserBlock.blocked_id == user_id))
        )
        return frozenset(rows.scalars().all())

    async def clear_read_model(self, user_id: uuid.UUID) -> None:
        """Forget what a deleted user was found by: skills, availability, embedding."""
        await self._session.execute(
            text(
                "UPDATE user_profiles SET skill_keys = '{}', skill_text = '', weekly_utc = '{}', "
                "exception_days = '{}', exception_spans = '{}', embedding = NULL, embedding_model = NULL, "
                "embedding_source_hash = NULL, embedded_at = NULL WHERE id = :id"
            ),
            {"id": user_id},
        )
        await self._session.execute(delete(AvailabilityRecord).where(AvailabilityRecord.user_id == user_id))
        await self._session.execute(delete(NotificationSettings).where(NotificationSettings.user_id == user_id))

    # ------------------------------------------------------------------------- stats, availability, prefs

    async def stats(self, user_id: uuid.UUID) -> UserStats | None:
        """The stored statistics row."""
        return await self._session.get(UserStats, user_id)

    async def availability(self, user_id: uuid.UUID) -> AvailabilityRecord | None:
        """The availability as entered."""
        return await self._session.get(AvailabilityRecord, user_id)

    async def notification_settings(self, user_id: uuid.UUID) -> NotificationSettings | None:
        """The changed preferences and quiet hours."""
        return await self._session.get(NotificationSettings, user_id)

    async def notification_settings_of(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, NotificationSettings]:
        """The changed preferences and quiet hours of those of `user_ids` who changed any, in one statement."""
        query = select(NotificationSettings).where(NotificationSettings.user_id.in_(user_ids))
        rows = await self._session.scalars(query)
        return {row.user_id: row for row in rows}

    async def availability_batch(
        self, after: uuid.UUID | None, limit: int
    ) -> list[tuple[UserProfile, AvailabilityRecord]]:
        """Live profiles with availability, by id after `after` (the periodic DST refresh walks them)."""
        query = (
            select(UserProfile, AvailabilityRecord)
            .join(AvailabilityRecord, AvailabilityRecord.user_id == UserProfile.id)
            .where(UserProfile.deleted_at.is_(None))
            .order_by(UserProfile.id)
            .limit(limit)
        )
        if after is not None:
            query = query.where(UserProfile.id > after)
        return [(profile, record) for profile, record in (await self._session.execute(query)).all()]

    # ---------------------------------------------------------------------------------------- uploads

    async def lock_user(self, user_id: uuid.UUID) -> None:
        """Serialise per-user counted limits across replicas (until the transaction ends)."""
        await self._session.execute(
            select(func.pg_advisory_xact_lock(func.hashtextextended(literal(f"user:{user_id}"), 0)))
        )

    async def uploads_since(self, user_id: uuid.UUID, since: datetime) -> list[datetime]:
        """Creation times of the user's uploads since `since`, oldest first."""
        rows = await self._session.execute(
            select(AvatarUpload.created_at)
            .where(AvatarUpload.user_id == user_id, AvatarUpload.created_at >= since)
            .order_by(AvatarUpload.created_at)
        )
        return list(rows.scalars().all())

    async def upload(self, upload_id: uuid.UUID, *, for_update: bool = False) -> AvatarUpload | None:
        """One upload."""
        query = select(AvatarUpload).where(AvatarUpload.id == upload_id)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def audit(self, entry: AuditEntry) -> None:
        """Append to the user audit log."""
        await self.add(entry)

    async def audit_entries(self, user_id: uuid.UUID) -> list[AuditEntry]:
        """A user's audit entries, oldest first."""
        rows = await self._session.execute(
            select(AuditEntry).where(AuditEntry.user_id == user_id).order_by(AuditEntry.id)
        )
        return list(rows.scalars().all())

    # ------------------------------------------------------------------------------------- embeddings

    async def store_embedding(
        self,
        user_id: uuid.UUID,
        *,
        vector: Sequence[float] | None,
        model: str,
        source_hash: str,
        seen_updated_at: datetime,
        now: datetime,
    ) -> int:
        """Store a vector unless the profile changed since it was read (then the next job does it)."""
        literal_vector = None if vector is None else "[" + ",".join(repr(float(v)) for v in vector) + "]"
        result = await self._session.execute(
            text(
                "UPDATE user_profiles SET embedding = CAST(CAST(:vector AS text) AS vector), embedding_model = :model, "
                "embedding_source_hash = :hash, embedded_at = :now "
                "WHERE id = :id AND updated_at = :seen AND deleted_at IS NULL"
            ),
            {
                "vector": literal_vector,
                "model": model,
                "hash": source_hash,
                "now": now,
                "id": user_id,
                "seen": seen_updated_at,
            },
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def set_skill_text(self, user_id: uuid.UUID, skill_text: str) -> None:
        """Store the names of the user's skills for the text match (not a profile change: updated_at stays)."""
        await self._session.execute(
            text("UPDATE user_profiles SET skill_text = :t WHERE id = :id AND skill_text IS DISTINCT FROM :t"),
            {"t": skill_text, "id": user_id},
        )

    async def has_embedding(self, user_id: uuid.UUID) -> bool:
        """Whether a vector is stored for the user."""
        row = await self._session.execute(
            text("SELECT embedding IS NOT NULL FROM user_profiles WHERE id = :id"), {"id": user_id}
        )
        return bool(row.scalar_one_or_none())

    async def stale_embeddings(self, model: str, limit: int) -> list[uuid.UUID]:
        """Live profiles never embedded or embedded by another model."""
        rows = await self._session.execute(
            select(UserProfile.id)
            .where(
                UserProfile.deleted_at.is_(None),
                or_(UserProfile.embedded_at.is_(None), UserProfile.embedding_model != model),
            )
            .limit(limit)
        )
        return list(rows.scalars().all())

    # ------------------------------------------------------------------------------------------- list

    async def list_users(self, query: ListQuery) -> list[ListedUser]:
        """One page of ListUsers (`limit` rows after `after` in `order`)."""
        f = query.filter
        conditions: list[ColumnElement[bool] | TextClause] = [UserProfile.deleted_at.is_(None)]
        if query.visible_to is not None:
            visible = UserProfile.visibility.in_(query.visible_to)
            conditions.append(or_(visible, UserProfile.id == query.caller_id) if query.caller_id else visible)
        for skill in f.skills:
            level = max(skill.min_level, 1)
            kinds = [skill.kind] if skill.kind else ["offered", "wanted"]
            conditions.append(
                or_(*(UserProfile.skill_keys.contains([f"{kind}:{skill.skill_id}:{level}"]) for kind in kinds))
            )
        if f.mentors_only:
            conditions.append(UserProfile.is_mentor.is_(true()))
        if f.language_codes:
            conditions.append(UserProfile.language_keys.overlap(list(f.language_codes)))
        if f.country_codes:
            conditions.append(UserProfile.country_code.in_(f.country_codes))
        if query.time_zones is not None:
            conditions.append(UserProfile.time_zone.in_(query.time_zones) if query.time_zones else false())
        if f.min_rating is not None:
            conditions.append(and_(UserProfile.rating_count > 0, UserProfile.average_rating >= f.min_rating))
        if f.verified_only:
            conditions.append(UserProfile.verified.is_(true()))
        if f.exclude_user_ids:
            conditions.append(UserProfile.id.not_in(f.exclude_user_ids))
        if query.hidden_ids:
            conditions.append(UserProfile.id.not_in(sorted(query.hidden_ids, key=str)))
        params: dict[str, Any] = {}
        window = f.available_during
        if window is not None:
            params.update(
                w_start=window.start,
                w_end=window.end,
                w_weekly=query.weekly_window,
                w_hours=week_hours(query.weekly_window or ""),
                w_min=window.min_overlap_minutes,
            )
            conditions.append(text(_AVAILABLE_DURING))
        rank: ColumnElement[float] | None = None
        if query.text:
            params["q"] = query.text
            conditions.append(text(_FUZZY_MATCH if query.fuzzy else _TEXT_MATCH))
            rank = cast(text(_FUZZY_RANK if query.fuzzy else _TEXT_RANK), Float)
        score: ColumnElement[float]
        if query.order is UserOrder.RELEVANCE:
            score = cast(literal(0.0), Float) if rank is None else rank
            for skill in f.skills:
                # The held level, tested against the keys (cheap array containment, no unnest per row).
                kinds = [skill.kind] if skill.kind else list(_KINDS)
                held = case(
                    *(
                        (
                            or_(*(UserProfile.skill_keys.contains([f"{kind}:{skill.skill_id}:{n}"]) for kind in kinds)),
                            n,
                        )
                        for n in range(5, 1, -1)
                    ),
                    else_=1,
                )
                score = score + cast(held, Float) * 0.2
            score = score + UserProfile.average_rating * 0.05 + cast(text(_HAS_AVAILABILITY), Float)
        else:
            score = cast(literal(0.0), Float)
        score_column = score.label("score")
        if query.order is UserOrder.RELEVANCE:
            candidates = (
                select(UserProfile.id)
                .where(*conditions)
                .order_by(UserProfile.average_rating.desc(), UserProfile.rating_count.desc(), UserProfile.id.desc())
                .limit(RELEVANCE_CANDIDATES)
                .correlate(None)
            )
            statement = select(UserProfile, score_column).where(UserProfile.id.in_(candidates))
        else:
            statement = select(UserProfile, score_column).where(*conditions)
        after = query.after
        if query.order is UserOrder.RELEVANCE:
            if after:
                conditions_after = tuple_(score, UserProfile.id) < tuple_(
                    literal(after.score, Float), literal(after.id)
                )
                statement = statement.where(conditions_after)
            statement = statement.order_by(score.desc(), UserProfile.id.desc())
        elif query.order is UserOrder.RATING:
            if after:
                statement = statement.where(
                    tuple_(UserProfile.average_rating, UserProfile.rating_count, UserProfile.id)
                    < tuple_(literal(after.rating, Float), literal(after.count), literal(after.id))
                )
            statement = statement.order_by(
                UserProfile.average_rating.desc(), UserProfile.rating_count.desc(), UserProfile.id.desc()
            )
        else:
            if after:
                statement = statement.where(
                    tuple_(UserProfile.created_at, UserProfile.id)
                    < tuple_(literal(after.created_at, DateTime(timezone=True)), literal(after.id))
                )
            statement = statement.order_by(UserProfile.created_at.desc(), UserProfile.id.desc())
        statement = statement.limit(query.limit)
        # The best plan depends on the values (a popular skill or a rare one): never let PostgreSQL switch
        # this prepared statement to a generic plan, which measured 5x slower on broad filters.
        await self._session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        rows = await self._session.execute(statement, params)
        return [ListedUser(profile, float(row_score)) for profile, row_score in rows.all()]
