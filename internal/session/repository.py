"""SQL of the session domain. Never commits; turns the exclusion and unique violations into domain errors."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from skillsphere.session.v1.error_reason import ErrorReason
from sqlalchemy import Select, and_, case, delete, func, literal, or_, select, text, tuple_, union_all, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from internal.session.models import (
    BookingSettingsRecord,
    HoldKind,
    IdempotencyKey,
    Rating,
    Report,
    Role,
    Session,
    SessionQuery,
)
from internal.session.states import Status
from pkg.db.faults import is_transaction_conflict
from pkg.errors import AlreadyExists, FailedPrecondition

_CONFLICT_USER = re.compile(r"\(user_id, during\)=\(([0-9a-f-]{36})")


def slot_conflict(user_id: str | None = None) -> FailedPrecondition:
    """FAILED_PRECONDITION SLOT_CONFLICT, naming who is already booked when known."""
    return FailedPrecondition(
        "A participant already has a session at an overlapping time; pick another time.",
        reason=ErrorReason.SLOT_CONFLICT,
        metadata={"user_id": user_id} if user_id else None,
    )


class SessionRepository:
    """Queries over sessions, holds, ratings, reports, idempotency keys and booking settings."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ---------------------------------------------------------------------------------------- sessions

    async def get(self, session_id: uuid.UUID, *, for_update: bool = False) -> Session | None:
        """The session, locked for the transaction when `for_update`."""
        stmt = select(Session).where(Session.id == session_id)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self._session.execute(stmt)).scalar_one_or_none()

    async def add(self, row: Session) -> None:
        """Insert a session."""
        self._session.add(row)
        await self._session.flush()

    async def flush(self) -> None:
        """Send pending changes (so constraint violations surface here)."""
        await self._session.flush()

    # ------------------------------------------------------------------------------------------- holds

    async def hold(
        self, session_id: uuid.UUID, user_ids: Sequence[uuid.UUID], kind: HoldKind, start: datetime, end: datetime
    ) -> None:
        """Hold [start, end) for each user; SLOT_CONFLICT if one of them has an overlapping hold.

        Rows go in user-id order, so two bookings touching the same two members lock in the same order; a
        concurrent booking of an overlapping time waits for this transaction and fails (or goes ahead if this
        one rolls back). Two bookings that insert their overlapping rows at the same instant can still wait
        for each other (each exclusion check sees the other's uncommitted row): the database cancels one
        with a deadlock, and that one is a slot conflict too.
        """
        params = {
            "session_id": session_id,
            "users": sorted(user_ids),
            "kind": kind.value,
            "start": start,
            "end": end,
        }
        # No savepoint: a conflict ends the whole booking (every caller rolls back), so it saves two round trips.
        try:
            await self._session.execute(
                text(
                    "INSERT INTO session_holds (session_id, user_id, kind, during) "
                    "SELECT :session_id, u, :kind, tstzrange(:start, :end, '[)') "
                    "FROM unnest(CAST(:users AS uuid[])) AS u ORDER BY u"
                ),
                params,
            )
        except IntegrityError as exc:
            message = str(exc.orig)
            if "session_holds_no_overlap" in message:
                found = _CONFLICT_USER.search(message)
                raise slot_conflict(found.group(1) if found else None) from exc
            raise
        except DBAPIError as exc:
            if is_transaction_conflict(exc):
                raise slot_conflict() from exc
            raise

    async def release(self, session_id: uuid.UUID, kind: HoldKind | None = None) -> None:
        """Free the session's holds (of one kind, or all)."""
        sql = "DELETE FROM session_holds WHERE session_id = :session_id"
        params: dict[str, object] = {"session_id": session_id}
        if kind is not None:
            sql += " AND kind = :kind"
            params["kind"] = kind.value
        await self._session.execute(text(sql), params)

    async def promote_proposed(self, session_id: uuid.UUID) -> None:
        """The proposed time becomes the agreed one: the old holds go, the proposed ones become booked."""
        await self.release(session_id, HoldKind.BOOKED)
        await self._session.execute(
            text("UPDATE session_holds SET kind = 'booked' WHERE session_id = :session_id AND kind = 'proposed'"),
            {"session_id": session_id},
        )

    async def busy(
        self, user_ids: Sequence[uuid.UUID], start: datetime, end: datetime
    ) -> list[tuple[uuid.UUID, datetime, datetime]]:
        """(user, start, end) of every hold of `user_ids` overlapping [start, end)."""
        rows = await self._session.execute(
            text(
                "SELECT user_id, lower(during), upper(during) FROM session_holds "
                "WHERE user_id = ANY(:users) AND during && tstzrange(:start, :end, '[)')"
            ),
            {"users": list(user_ids), "start": start, "end": end},
        )
        return [(row[0], row[1], row[2]) for row in rows]

    # ---------------------------------------------------------------------------------- idempotency

    async def idempotent_session(self, caller_id: uuid.UUID, key: str) -> uuid.UUID | None:
        """The session an earlier CreateSession with this key created."""
        row = await self._session.get(IdempotencyKey, (caller_id, key))
        return row.session_id if row else None

    async def remember_key(self, caller_id: uuid.UUID, key: str, session_id: uuid.UUID) -> bool:
        """Record the key; False when a concurrent call with the same key got there first."""
        result = await self._session.execute(
            text(
                "INSERT INTO session_idempotency_keys (caller_id, key, session_id) VALUES (:caller, :key, :session) "
                "ON CONFLICT DO NOTHING RETURNING session_id"
            ),
            {"caller": caller_id, "key": key, "session": session_id},
        )
        return result.scalar_one_or_none() is not None

    async def forget_keys_before(self, before: datetime) -> int:
        """Drop idempotency keys older than `before`."""
        result = await self._session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < before))
        return int(getattr(result, "rowcount", 0) or 0)

    # ------------------------------------------------------------------------------------------ lists

    async def list_for_user(
        self, query: SessionQuery, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Session]:
        """A member's sessions, latest scheduled start first (keyset on start, id).

        In either role, each role's page is read in its own index order and the two are merged: one
        `teacher_id = u OR learner_id = u` scan would read and sort every session of the member (9 ms for a
        teacher with 1,100 sessions, against 0.1 ms per role; docs/benchmarks.md, Sessions)."""
        if query.role is None:
            pages = [
                self._page(replace(query, role=role), after, limit).subquery() for role in (Role.TEACHER, Role.LEARNER)
            ]
            ids = union_all(*(select(page.c.id) for page in pages)).subquery()
            stmt = select(Session).where(Session.id.in_(select(ids.c.id)))
        else:
            stmt = self._page(query, after, limit)
        stmt = stmt.order_by(Session.scheduled_start.desc(), Session.id.desc()).limit(limit)
        return list((await self._session.execute(stmt)).scalars())

    @staticmethod
    def _page(query: SessionQuery, after: tuple[datetime, uuid.UUID] | None, limit: int) -> Select[Session]:
        stmt = select(Session).where(_member_filter(query))
        if after is not None:
            stmt = stmt.where(
                tuple_(Session.scheduled_start, Session.id) < tuple_(literal(after[0]), literal(after[1]))
            )
        return stmt.order_by(Session.scheduled_start.desc(), Session.id.desc()).limit(limit)

    async def upcoming(
        self,
        user_id: uuid.UUID,
        *,
        statuses: Sequence[Status],
        now: datetime,
        until: datetime,
        after: tuple[int, datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Session]:
        """Sessions not ended yet, IN_PROGRESS first, then soonest start (keyset on rank, start, id)."""
        rank = case((Session.status == Status.IN_PROGRESS.value, 0), else_=1)
        end = Session.scheduled_start + func.make_interval(0, 0, 0, 0, 0, Session.duration_minutes)
        stmt = select(Session).where(
            or_(Session.teacher_id == user_id, Session.learner_id == user_id),
            Session.status.in_([s.value for s in statuses]),
            or_(Session.status == Status.IN_PROGRESS.value, end > now),
            Session.scheduled_start < until,
        )
        if after is not None:
            stmt = stmt.where(
                tuple_(rank, Session.scheduled_start, Session.id)
                > tuple_(literal(after[0]), literal(after[1]), literal(after[2]))
            )
        stmt = stmt.order_by(rank, Session.scheduled_start, Session.id).limit(limit)
        return list((await self._session.execute(stmt)).scalars())

    async def participants(self, session_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID] | None:
        """(teacher, learner) of a session."""
        row = (
            await self._session.execute(select(Session.teacher_id, Session.learner_id).where(Session.id == session_id))
        ).first()
        return (row[0], row[1]) if row else None

    # ---------------------------------------------------------------------------------------- ratings

    async def ratings_of(self, session_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Rating]]:
        """Ratings by session."""
        found: dict[uuid.UUID, list[Rating]] = {}
        if not session_ids:
            return found
        rows = await self._session.execute(
            select(Rating).where(Rating.session_id.in_(session_ids)).order_by(Rating.created_at)
        )
        for rating in rows.scalars():
            found.setdefault(rating.session_id, []).append(rating)
        return found

    async def add_rating(self, rating: Rating) -> None:
        """Insert a rating; ALREADY_RATED when the rater rated this session before."""
        try:
            async with self._session.begin_nested():
                self._session.add(rating)
                await self._session.flush()
        except IntegrityError as exc:
            raise AlreadyExists("You have already rated this session.", reason=ErrorReason.ALREADY_RATED) from exc

    async def ratings_received(
        self, user_id: uuid.UUID, role: Role | None, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Rating]:
        """Ratings a member received, newest first (keyset on created_at, id)."""
        stmt = select(Rating).where(Rating.rated_id == user_id)
        if role is not None:
            stmt = stmt.where(Rating.rated_role == role.value)
        if after is not None:
            stmt = stmt.where(tuple_(Rating.created_at, Rating.id) < tuple_(literal(after[0]), literal(after[1])))
        stmt = stmt.order_by(Rating.created_at.desc(), Rating.id.desc()).limit(limit)
        return list((await self._session.execute(stmt)).scalars())

    # ---------------------------------------------------------------------------------------- reports

    async def add_report(self, report: Report) -> None:
        """Insert a report; REPORT_EXISTS when the reporter has an open one on this session."""
        try:
            async with self._session.begin_nested():
                self._session.add(report)
                await self._session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(
                "You already have an open report on this session.", reason=ErrorReason.REPORT_EXISTS
            ) from exc

    # ------------------------------------------------------------------------------------------ stats

    async def lock_member_stats(self, user_id: uuid.UUID) -> None:
        """Serialise stats recomputation per member until the transaction ends (so two concurrent changes
        cannot each store a figure that misses the other)."""
        await self._session.execute(
            select(func.pg_advisory_xact_lock(func.hashtextextended(literal(f"session-stats:{user_id}"), 0)))
        )

    async def member_figures(self, user_id: uuid.UUID) -> dict[str, float]:
        """Counts, minutes, rating and response figures of one member from sessions and ratings."""
        completed = Status.COMPLETED.value
        row = (
            await self._session.execute(
                text(
                    """
                    SELECT
                      count(*) FILTER (WHERE status = :completed AND teacher_id = :u) AS taught,
                      count(*) FILTER (WHERE status = :completed AND learner_id = :u) AS learned,
                      coalesce(sum(duration_minutes) FILTER (WHERE status = :completed AND teacher_id = :u), 0)
                        AS teaching_minutes,
                      coalesce(sum(duration_minutes) FILTER (WHERE status = :completed AND learner_id = :u), 0)
                        AS learning_minutes,
                      count(*) FILTER (WHERE status = :no_show) AS no_shows,
                      count(*) FILTER (WHERE requested_by <> :u AND status NOT IN (:requested, :cancelled)) AS asked,
                      count(*) FILTER (WHERE requested_by <> :u AND status NOT IN (:requested, :cancelled, :expired))
                        AS answered
                    FROM sessions WHERE teacher_id = :u OR learner_id = :u
                    """
                ),
                {
                    "u": user_id,
                    "completed": completed,
                    "no_show": Status.NO_SHOW.value,
                    "requested": Status.REQUESTED.value,
                    "cancelled": Status.CANCELLED.value,
                    "expired": Status.EXPIRED.value,
                },
            )
        ).one()
        rating = (
            await self._session.execute(
                select(func.coalesce(func.avg(Rating.rating), 0.0), func.count()).where(Rating.rated_id == user_id)
            )
        ).one()
        return {
            "taught": row.taught,
            "learned": row.learned,
            "teaching_minutes": row.teaching_minutes,
            "learning_minutes": row.learning_minutes,
            "no_shows": row.no_shows,
            "asked": row.asked,
            "answered": row.answered,
            "average_rating": float(rating[0]),
            "rating_count": int(rating[1]),
        }

    # ------------------------------------------------------------------------------- booking settings

    async def booking_settings(self, user_id: uuid.UUID) -> BookingSettingsRecord | None:
        """A member's own booking settings."""
        return await self._session.get(BookingSettingsRecord, user_id)

    async def add_booking_settings(self, record: BookingSettingsRecord) -> None:
        """Insert a member's settings row."""
        self._session.add(record)
        await self._session.flush()

    async def touch(self, session_id: uuid.UUID, now: datetime) -> None:
        """Bump a session's version (etag) without other changes."""
        await self._session.execute(
            update(Session).where(Session.id == session_id).values(version=Session.version + 1, updated_at=now)
        )


def _member_filter(query: SessionQuery):  # type: ignore[no-untyped-def]
    """WHERE clause of a member's session list."""
    user = query.user_id
    if query.role is Role.TEACHER:
        conditions = [Session.teacher_id == user]
    elif query.role is Role.LEARNER:
        conditions = [Session.learner_id == user]
    else:
        conditions = [or_(Session.teacher_id == user, Session.learner_id == user)]
    if query.statuses:
        conditions.append(Session.status.in_(sorted(s.value for s in query.statuses)))
    if query.start_from is not None:
        conditions.append(Session.scheduled_start >= query.start_from)
    if query.start_to is not None:
        conditions.append(Session.scheduled_start < query.start_to)
    if query.counterpart_id is not None:
        other = query.counterpart_id
        conditions.append(
            or_(
                and_(Session.teacher_id == user, Session.learner_id == other),
                and_(Session.learner_id == user, Session.teacher_id == other),
            )
        )
    return and_(*conditions)
