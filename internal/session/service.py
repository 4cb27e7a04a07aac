"""SessionService: the use cases of skillsphere.session.v1.SessionService.

Every write is one unit of work: the session row (locked), its holds (the exclusion constraint that makes
double booking impossible), its delayed jobs (timed transitions, reminders) and its emails are written in
the same transaction, so nothing is scheduled or sent for a change that rolled back. Who may take each step
and from which status is `states.decide` (one pure table); the time rules are there too.

A paid session (a price above zero) opens its escrow through the `Escrow` port (ports.py, PaymentService's
`SessionEscrows`) in CreateSession's transaction; it can be confirmed once the learner's money is held, and
every terminal transition settles the escrow in its own transaction: COMPLETED releases it to the teacher,
CANCELLED refunds by the cancellation policy, DECLINED and EXPIRED refund in full, and NO_SHOW refunds in
full `no_show_refund_after` later unless a participant reported the no-show (then an admin settles it).
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from skillsphere.session.v1.error_reason import ErrorReason
from sqlalchemy.ext.asyncio import AsyncSession

from internal.session import calendar
from internal.session.models import (
    BOOKING_PATHS,
    DURATION_MAX,
    DURATION_MIN,
    BookingRules,
    BookingSettingsRecord,
    BookingSettingsView,
    CancelOutcome,
    CancelReason,
    Card,
    HoldKind,
    Mode,
    Money,
    Rating,
    Report,
    ReportReason,
    ReportStatus,
    Role,
    Session,
    SessionQuery,
    SessionView,
    SlotsView,
    SlotView,
)
from internal.session.ports import (
    Escrow,
    Member,
    Members,
    MemberStats,
    RatingSummary,
    SessionSummary,
    SkillCatalog,
)
from internal.session.repository import SessionRepository
from internal.session.slots import Busy, available_starts, local_iso
from internal.session.states import (
    RATING_WINDOW,
    REPORT_WINDOW,
    Action,
    Actor,
    Canceller,
    Refusal,
    Status,
    decide,
    may_start,
    refund_amount,
    refund_percent,
)
from pkg.authz import Caller
from pkg.db import UnitOfWork, UnitOfWorkFactory
from pkg.email import enqueue_email
from pkg.errors import (
    Aborted,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unimplemented,
)
from pkg.fieldmask import check_update_mask
from pkg.jobs import cancel_pending, enqueue
from pkg.log import get_logger
from pkg.pagination import Page, Paginator

log = get_logger("session")

# The value types the composition root and other domains use come from here (not from models.py).
__all__ = ["BookingRules", "NewSession", "SessionChanges", "SessionService", "SessionSettings"]

TIMER_JOB = "session.timer"
REMIND_JOB = "session.remind"
UPDATE_PATHS = ("title", "description", "time_zone", "mode", "location", "meeting_url")
SLOTS_WINDOW_MAX = timedelta(days=31)
UPCOMING_DEFAULT_DAYS = 7
# A timed job may run a moment before the service's clock agrees it is due (the worker claims by the
# database's clock); within this it still acts.
CLOCK_TOLERANCE = timedelta(seconds=2)
PAID_UNAVAILABLE = (
    "Paid sessions are not available on this server (no payment processor is configured); book a free session "
    "or skill swap (price unset or zero)."
)


T = TypeVar("T")


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SessionSettings:
    """Platform defaults and timings (pkg.config `session_*`)."""

    defaults: BookingRules
    start_early: timedelta = timedelta(minutes=15)
    auto_complete_after: timedelta = timedelta(hours=2)
    no_show_refund_after: timedelta = timedelta(hours=48)
    reminder_offsets: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(minutes=15))
    meeting_base_url: str = "https://meet.jit.si"


@dataclass(frozen=True)
class NewSession:
    """CreateSession's input."""

    idempotency_key: str
    skill_id: uuid.UUID
    teacher_id: uuid.UUID
    learner_id: uuid.UUID
    title: str
    description: str
    start: datetime
    duration_minutes: int
    time_zone: str
    mode: Mode
    location: str
    price: Money | None


@dataclass(frozen=True)
class SessionChanges:
    """UpdateSession's values (only the masked paths are used)."""

    title: str = ""
    description: str = ""
    time_zone: str = ""
    mode: Mode | None = None
    location: str = ""
    meeting_url: str = ""


def session_not_found(session_id: uuid.UUID | str) -> NotFound:
    """The answer for a session that does not exist or that the caller may not see."""
    return NotFound(
        "No such session, or you are not one of its participants.",
        reason=ErrorReason.SESSION_NOT_FOUND,
        metadata={"session_id": str(session_id)},
    )


def participant_not_found(user_id: uuid.UUID) -> NotFound:
    """A teacher or learner without a live profile the caller may see."""
    return NotFound(
        "No such member, or their profile is not visible to you.",
        reason=ErrorReason.PARTICIPANT_NOT_FOUND,
        metadata={"user_id": str(user_id)},
    )


def invalid_transition(row: Session, what: str) -> FailedPrecondition:
    """FAILED_PRECONDITION INVALID_TRANSITION with the current status."""
    return FailedPrecondition(
        f"The session is {row.status.upper()}, so it cannot be {what}.",
        reason=ErrorReason.INVALID_TRANSITION,
        metadata={"status": row.status.upper()},
    )


def meeting_room_url(base_url: str) -> str:
    """An unguessable room at the video provider (128 random bits)."""
    return f"{base_url.rstrip('/')}/skillsphere-{secrets.token_urlsafe(16)}"


def _job_prefix(session_id: uuid.UUID) -> str:
    return f"session:{session_id}:"


def _check_https(url: str) -> str:
    if url and not url.startswith("https://"):
        raise InvalidArgument(field="session.meeting_url", description="must be an absolute https URL")
    return url


class SessionService:
    """Booking, running, rating and reporting sessions. One unit of work per use case."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        members: Members,
        skills: SkillCatalog,
        settings: SessionSettings,
        escrow: Escrow | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._members = members
        self._skills = skills
        self._settings = settings
        self._escrow = escrow
        self._now = clock

    # ================================================================================ booking

    async def create_session(self, *, caller: Caller, new: NewSession) -> tuple[SessionView, str]:
        """CreateSession: REQUESTED, holding its time for both participants. Returns the session and, for a
        paid session booked by its learner, the client secret to pay its escrow with (empty otherwise)."""
        caller_id = caller.require_signed_in()
        if caller_id not in (new.teacher_id, new.learner_id):
            raise PermissionDenied(
                "You can only book sessions you take part in (as teacher or learner).",
                reason=ErrorReason.NOT_A_PARTICIPANT,
            )
        if new.teacher_id == new.learner_id:
            raise InvalidArgument(
                field="learner_user_id",
                description="must differ from teacher_user_id",
                reason=ErrorReason.SAME_PARTICIPANT,
            )
        # The reads a booking needs are independent of each other, so they run at once (each on its own
        # connection); their answers are then judged in a fixed order, so errors do not depend on timing.
        prior, found, skill, blocked = await asyncio.gather(
            self._booking_prior(caller_id, new),
            self._members.members([new.teacher_id, new.learner_id], caller),
            self._skills.get_skill(caller=caller, skill_id=new.skill_id),
            # Blocked members are hidden from each other (members() already leaves them out for the caller);
            # checked again between the two, whoever asks. No answer reveals a block.
            self._members.is_blocked_between(new.teacher_id, new.learner_id),
            return_exceptions=True,
        )
        existing, rules = _value(prior)
        if existing is not None:
            return await self._replay(caller, caller_id, existing)
        paid = new.price is not None and new.price.amount_minor > 0
        if paid and self._escrow is None:
            raise Unimplemented(PAID_UNAVAILABLE)
        title = new.title.strip()
        if not title:
            raise InvalidArgument(field="title", description="must not be blank")
        if new.mode is Mode.IN_PERSON and not new.location.strip():
            raise InvalidArgument(field="location", description="is required for in-person sessions")
        other = new.learner_id if caller_id == new.teacher_id else new.teacher_id
        found = _value(found)
        for user_id in (other, caller_id):
            if user_id not in found:
                raise participant_not_found(user_id)
        _value(skill)
        if new.skill_id not in found[new.teacher_id].teaches:
            raise FailedPrecondition(
                "The teacher does not offer this skill.",
                reason=ErrorReason.SKILL_NOT_TAUGHT,
                metadata={"skill_id": str(new.skill_id)},
            )
        if _value(blocked):
            raise participant_not_found(other)
        now = self._now()
        self._check_booking_window(rules, new.start, now, "scheduled_start_time")
        duration = timedelta(minutes=new.duration_minutes)
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            if caller_id == new.learner_id:
                await self._require_open_slot(repo, new.teacher_id, new.learner_id, rules, new.start, duration, now)
            row = Session(
                id=uuid.uuid4(),
                title=title,
                description=new.description.strip(),
                skill_id=new.skill_id,
                teacher_id=new.teacher_id,
                learner_id=new.learner_id,
                requested_by=caller_id,
                awaiting_user_id=other,
                status=Status.REQUESTED.value,
                scheduled_start=new.start,
                duration_minutes=new.duration_minutes,
                time_zone=new.time_zone,
                mode=new.mode.value,
                location=new.location.strip() if new.mode is Mode.IN_PERSON else "",
                meeting_url="",
                price_minor=new.price.amount_minor if paid and new.price else None,
                price_currency=new.price.currency if new.price else None,
                version=1,
                calendar_sequence=0,
                created_at=now,
                updated_at=now,
            )
            await repo.add(row)
            if not await repo.remember_key(caller_id, new.idempotency_key, row.id):
                # A concurrent call with the same key won; answer with its session.
                await uow.rollback()
                first = await self._idempotent(caller_id, new.idempotency_key)
                return await self._replay(caller, caller_id, first)
            await repo.hold(
                row.id, [row.teacher_id, row.learner_id], HoldKind.BOOKED, row.scheduled_start, row.scheduled_end
            )
            client_secret = ""
            if paid and self._escrow is not None and new.price is not None:
                opened = await self._escrow.hold(
                    uow.session,
                    session_id=row.id,
                    learner_id=row.learner_id,
                    teacher_id=row.teacher_id,
                    amount_minor=new.price.amount_minor,
                    currency=new.price.currency,
                )
                row.escrow_id = opened.escrow_id
                # Only the payer gets the secret; a learner invited by the teacher pays through GetEscrow.
                client_secret = opened.client_secret if caller_id == row.learner_id else ""
            await self._schedule_expiry(uow.session, row)
            await self._notify(
                uow.session, row, found, "session_requested", to=[other], what="You have a new session request."
            )
            await uow.commit()
        log.info("session_created", session_id=str(row.id), by=str(caller_id), paid=paid)
        return self._view(row, [], found, caller), client_secret

    async def _booking_prior(self, caller_id: uuid.UUID, new: NewSession) -> tuple[uuid.UUID | None, BookingRules]:
        """The session an earlier call with this idempotency key created, and the teacher's booking rules."""
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            existing = await repo.idempotent_session(caller_id, new.idempotency_key)
            rules = self._rules(await repo.booking_settings(new.teacher_id))
            await uow.commit()
        return existing, rules

    async def _replay(self, caller: Caller, caller_id: uuid.UUID, session_id: uuid.UUID) -> tuple[SessionView, str]:
        """The first answer again for a repeated idempotency key: the session and, while the learner's
        payment is still awaited, its client secret."""
        view = await self.get_session(caller=caller, session_id=session_id)
        row = view.session
        if self._escrow is None or not row.escrow_id or caller_id != row.learner_id:
            return view, ""
        return view, await self._escrow.payment_secret(row.escrow_id)

    async def _idempotent(self, caller_id: uuid.UUID, key: str) -> uuid.UUID:
        async with self._uow() as uow:
            found = await SessionRepository(uow.session).idempotent_session(caller_id, key)
            await uow.commit()
        if found is None:  # the concurrent call rolled back after all
            raise Aborted("A concurrent request with this idempotency key failed; retry.")
        return found

    def _check_booking_window(self, rules: BookingRules, start: datetime, now: datetime, field: str) -> None:
        earliest = now + timedelta(minutes=rules.minimum_notice_minutes)
        latest = now + timedelta(days=rules.booking_horizon_days)
        if start < earliest or start > latest:
            raise InvalidArgument(
                field=field,
                description=(
                    f"must be at least {rules.minimum_notice_minutes} minutes and at most "
                    f"{rules.booking_horizon_days} days from now"
                ),
                reason=ErrorReason.OUTSIDE_BOOKING_WINDOW,
            )

    async def _require_open_slot(
        self,
        repo: SessionRepository,
        teacher_id: uuid.UUID,
        learner_id: uuid.UUID,
        rules: BookingRules,
        start: datetime,
        duration: timedelta,
        now: datetime,
        ignore_session: uuid.UUID | None = None,
    ) -> None:
        """SLOT_UNAVAILABLE unless `start` is one of the teacher's available slots for the learner."""
        availability = await self._members.availability(teacher_id)
        starts: list[datetime] = []
        if availability is not None:
            busy = await self._busy(repo, teacher_id, learner_id, start - timedelta(days=2), start + timedelta(days=2))
            starts = available_starts(
                availability=availability,
                rules=rules,
                busy=busy,
                duration=duration,
                window_start=start,
                window_end=start + timedelta(seconds=1),
                now=now,
            )
        if start not in starts:
            raise FailedPrecondition(
                "This time is not one of the teacher's available slots (see ListAvailableSlots).",
                reason=ErrorReason.SLOT_UNAVAILABLE,
            )

    async def _busy(
        self, repo: SessionRepository, teacher_id: uuid.UUID, other_id: uuid.UUID | None, start: datetime, end: datetime
    ) -> list[Busy]:
        users = [teacher_id] + ([other_id] if other_id else [])
        return [Busy(s, e, user == teacher_id) for user, s, e in await repo.busy(users, start, end)]

    async def list_available_slots(
        self,
        *,
        caller: Caller,
        teacher_id: uuid.UUID,
        duration_minutes: int,
        window_start: datetime,
        window_end: datetime,
        time_zone: str,
    ) -> SlotsView:
        """ListAvailableSlots."""
        caller.require_signed_in()
        if window_end <= window_start:
            raise InvalidArgument(field="window_end_time", description="must be after window_start_time")
        if window_end - window_start > SLOTS_WINDOW_MAX:
            raise InvalidArgument(
                field="window_end_time", description="must be at most 31 days after window_start_time"
            )
        if not (await self._members.members([teacher_id], caller, contact=False)).get(teacher_id):
            raise participant_not_found(teacher_id)
        availability = await self._members.availability(teacher_id)
        zone = time_zone or "UTC"
        if availability is None or not availability.time_zone:
            return SlotsView((), "", zone)
        asker = caller.account_id if caller.account_id != teacher_id else None
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            rules = self._rules(await repo.booking_settings(teacher_id))
            margin = timedelta(days=1, minutes=rules.buffer_before_minutes + rules.buffer_after_minutes)
            busy = await self._busy(repo, teacher_id, asker, window_start - margin, window_end + margin)
            # The daily limit counts the teacher's sessions per local day: read whole days around the window.
            await uow.commit()
        duration = timedelta(minutes=duration_minutes)
        starts = available_starts(
            availability=availability,
            rules=rules,
            busy=busy,
            duration=duration,
            window_start=window_start,
            window_end=window_end,
            now=self._now(),
        )
        return SlotsView(
            tuple(SlotView(s, s + duration, local_iso(s, zone)) for s in starts), availability.time_zone, zone
        )

    # ============================================================================ booking settings

    async def booking_rules(self, user_id: uuid.UUID) -> BookingRules:
        """A teacher's effective booking rules."""
        async with self._uow() as uow:
            record = await SessionRepository(uow.session).booking_settings(user_id)
            await uow.commit()
        return self._rules(record)

    def _rules(self, record: BookingSettingsRecord | None) -> BookingRules:
        defaults = self._settings.defaults
        if record is None:
            return defaults
        values = {p: getattr(record, p) for p in BOOKING_PATHS if getattr(record, p) is not None}
        return replace(defaults, **values)

    async def get_booking_settings(self, *, caller: Caller, user_id: uuid.UUID) -> BookingSettingsView:
        """GetBookingSettings."""
        caller.require_signed_in()
        if not (await self._members.members([user_id], caller, contact=False)).get(user_id):
            raise participant_not_found(user_id)
        async with self._uow() as uow:
            record = await SessionRepository(uow.session).booking_settings(user_id)
            await uow.commit()
        return self._settings_view(user_id, record)

    def _settings_view(self, user_id: uuid.UUID, record: BookingSettingsRecord | None) -> BookingSettingsView:
        custom = tuple(p for p in BOOKING_PATHS if record is not None and getattr(record, p) is not None)
        return BookingSettingsView(user_id, self._rules(record), custom)

    async def update_booking_settings(
        self, *, caller: Caller, user_id: uuid.UUID, paths: Sequence[str], values: dict[str, int | None]
    ) -> BookingSettingsView:
        """UpdateBookingSettings: masked paths set (or reset to the default when unset)."""
        caller.require_self_or_admin(
            user_id,
            reason=ErrorReason.NOT_SETTINGS_OWNER,
            message="Only the member themselves or an admin may change their booking settings.",
        )
        paths = check_update_mask(paths, BOOKING_PATHS)
        if not (await self._members.members([user_id], caller, contact=False)).get(user_id):
            raise participant_not_found(user_id)
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            record = await repo.booking_settings(user_id)
            if record is None:
                record = BookingSettingsRecord(user_id=user_id, updated_at=self._now())
                await repo.add_booking_settings(record)
            for path in paths:
                setattr(record, path, values.get(path))
            record.updated_at = self._now()
            await repo.flush()
            await uow.commit()
        log.info("booking_settings_updated", user_id=str(user_id), paths=paths, by=str(caller.account_id))
        return self._settings_view(user_id, record)

    # ================================================================================ reading

    async def get_session(self, *, caller: Caller, session_id: uuid.UUID) -> SessionView:
        """GetSession: participants and admins only."""
        caller.require_signed_in()
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row = await repo.get(session_id)
            if row is None or not self._may_see(row, caller):
                raise session_not_found(session_id)
            ratings = (await repo.ratings_of([row.id])).get(row.id, [])
            await uow.commit()
        return (await self._views([row], {row.id: ratings}, caller))[0]

    async def participants(self, session_id: uuid.UUID) -> frozenset[uuid.UUID] | None:
        """Teacher and learner of a session; None when it does not exist (the chat domain asks)."""
        async with self._uow() as uow:
            pair = await SessionRepository(uow.session).participants(session_id)
            await uow.commit()
        return frozenset(pair) if pair else None

    async def list_user_sessions(
        self, *, caller: Caller, query: SessionQuery, page_size: int, page_token: str
    ) -> Page[SessionView]:
        """A member's sessions, latest scheduled start first: the one implementation behind both
        SessionService.ListUserSessions and UserService.ListUserSessions."""
        caller.require_self_or_admin(
            query.user_id,
            reason=ErrorReason.NOT_A_PARTICIPANT,
            message="Only admins may list another member's sessions.",
        )
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={
                "rpc": "ListUserSessions",
                "user": str(query.user_id),
                "statuses": sorted(s.value for s in query.statuses),
                "role": query.role.value if query.role else "",
                "from": query.start_from.isoformat() if query.start_from else "",
                "to": query.start_to.isoformat() if query.start_to else "",
                "with": str(query.counterpart_id or ""),
            },
        )
        after = request.position(lambda p: (datetime.fromisoformat(p["start"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            rows = await repo.list_for_user(query, after=after, limit=request.limit)
            page = request.page(rows, key=lambda r: {"start": r.scheduled_start.isoformat(), "id": str(r.id)})
            ratings = await repo.ratings_of([r.id for r in page.items])
            await uow.commit()
        return page.with_items(await self._views(page.items, ratings, caller))

    async def get_upcoming_sessions(
        self, *, caller: Caller, within_days: int, include_requested: bool, page_size: int, page_token: str
    ) -> Page[SessionView]:
        """GetUpcomingSessions: the caller's sessions not ended yet, IN_PROGRESS first, then soonest."""
        caller_id = caller.require_signed_in()
        days = within_days or UPCOMING_DEFAULT_DAYS
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "GetUpcomingSessions", "user": str(caller_id), "days": days, "requested": include_requested},
        )
        after = request.position(lambda p: (int(p["rank"]), datetime.fromisoformat(p["start"]), uuid.UUID(p["id"])))
        statuses = [Status.CONFIRMED, Status.IN_PROGRESS] + ([Status.REQUESTED] if include_requested else [])
        now = self._now()
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            rows = await repo.upcoming(
                caller_id,
                statuses=statuses,
                now=now,
                until=now + timedelta(days=days),
                after=after,
                limit=request.limit,
            )
            page = request.page(
                rows,
                key=lambda r: {
                    "rank": 0 if r.state is Status.IN_PROGRESS else 1,
                    "start": r.scheduled_start.isoformat(),
                    "id": str(r.id),
                },
            )
            ratings = await repo.ratings_of([r.id for r in page.items])
            await uow.commit()
        return page.with_items(await self._views(page.items, ratings, caller))

    async def ratings_received(
        self, *, user_id: uuid.UUID, role: Role | None, page_size: int, page_token: str
    ) -> Page[Rating]:
        """Ratings a member received, newest first (UserService.ListUserRatings; the caller's right to see
        the profile is checked there)."""
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "ListUserRatings", "user": str(user_id), "role": role.value if role else ""},
        )
        after = request.position(lambda p: (datetime.fromisoformat(p["at"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            rows = await SessionRepository(uow.session).ratings_received(
                user_id, role, after=after, limit=request.limit
            )
            await uow.commit()
        return request.page(rows, key=lambda r: {"at": r.created_at.isoformat(), "id": str(r.id)})

    async def member_sessions(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID,
        role: str | None,
        statuses: frozenset[str],
        page_size: int,
        page_token: str,
    ) -> Page[SessionSummary]:
        """UserService.ListUserSessions, answered by `list_user_sessions` (the one implementation)."""
        query = SessionQuery(
            user_id=user_id, statuses=frozenset(Status(s) for s in statuses), role=Role(role) if role else None
        )
        page = await self.list_user_sessions(caller=caller, query=query, page_size=page_size, page_token=page_token)
        names = await self._skills.skill_names(sorted({v.session.skill_id for v in page.items}))
        return page.map(
            lambda v: SessionSummary(
                session_id=v.session.id,
                skill_id=v.session.skill_id,
                skill_name=names.get(v.session.skill_id, ""),
                role=(v.session.role_of(user_id) or Role.LEARNER).value,
                counterpart_id=v.session.other(user_id),
                status=v.session.status,
                start=v.session.scheduled_start,
                duration_minutes=v.session.duration_minutes,
            )
        )

    async def member_ratings(
        self, *, user_id: uuid.UUID, role: str | None, page_size: int, page_token: str
    ) -> Page[RatingSummary]:
        """UserService.ListUserRatings."""
        page = await self.ratings_received(
            user_id=user_id, role=Role(role) if role else None, page_size=page_size, page_token=page_token
        )
        return page.map(
            lambda r: RatingSummary(
                rating_id=r.id,
                session_id=r.session_id,
                rater_id=r.rater_id,
                rated_id=r.rated_id,
                role=r.rated_role,
                score=r.rating,
                comment=r.comment,
                created_at=r.created_at,
            )
        )

    # ================================================================================ changes

    async def update_session(
        self, *, caller: Caller, session_id: uuid.UUID, paths: Sequence[str], changes: SessionChanges, etag: str
    ) -> SessionView:
        """UpdateSession: details of a REQUESTED or CONFIRMED session; ETAG_MISMATCH on a stale etag."""
        paths = check_update_mask(paths, UPDATE_PATHS)
        if "title" in paths and not changes.title.strip():
            raise InvalidArgument(field="session.title", description="must not be blank")
        _check_https(changes.meeting_url if "meeting_url" in paths else "")
        if "time_zone" in paths:
            try:
                zoneinfo.ZoneInfo(changes.time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise InvalidArgument(field="session.time_zone", description="must be an IANA time zone") from None
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row, _ = await self._load_for(repo, caller, session_id, Action.UPDATE, "updated")
            if etag and etag != row.etag:
                raise Aborted(
                    "The session changed since you read it; read it again and retry.",
                    reason=ErrorReason.ETAG_MISMATCH,
                    metadata={"etag": row.etag},
                )
            now = self._now()
            for path in paths:
                if path == "mode":
                    row.mode = (changes.mode or Mode.ONLINE).value
                elif path in ("title", "description", "location"):
                    setattr(row, path, getattr(changes, path).strip())
                else:
                    setattr(row, path, getattr(changes, path))
            if row.mode == Mode.IN_PERSON.value and not row.location:
                raise InvalidArgument(field="session.location", description="is required for in-person sessions")
            if row.mode == Mode.ONLINE.value:
                row.location = ""
                if row.state is Status.CONFIRMED and not row.meeting_url:
                    row.meeting_url = meeting_room_url(self._settings.meeting_base_url)
            self._bump(row, now)
            await repo.flush()
            ratings = (await repo.ratings_of([row.id])).get(row.id, [])
            await uow.commit()
        log.info("session_updated", session_id=str(session_id), paths=paths, by=str(caller.account_id))
        return (await self._views([row], {row.id: ratings}, caller))[0]

    async def confirm_session(self, *, caller: Caller, session_id: uuid.UUID) -> SessionView:
        """ConfirmSession."""
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row, changed = await self._load_for(repo, caller, session_id, Action.CONFIRM, "confirmed")
            if changed:
                now = self._now()
                if row.scheduled_start <= now:
                    raise FailedPrecondition("The session's start time has passed.", reason=ErrorReason.SESSION_STARTED)
                if row.price_minor and not await self._funded(row):
                    raise FailedPrecondition(
                        "The learner has not paid for this session yet.", reason=ErrorReason.PAYMENT_REQUIRED
                    )
                row.status = Status.CONFIRMED.value
                row.awaiting_user_id = None
                if row.mode == Mode.ONLINE.value and not row.meeting_url:
                    row.meeting_url = meeting_room_url(self._settings.meeting_base_url)
                row.calendar_sequence += 1
                self._bump(row, now)
                await cancel_pending(uow.session, _job_prefix(row.id))
                await self._schedule_confirmed(uow.session, row, now)
                members = await self._members.members(list(row.participants), None)
                await self._invite(uow.session, row, members, "session_confirmed", "Your session is confirmed.", now)
                await self._refresh_stats(repo, uow.session, row.participants, now)
            await uow.commit()
        if changed:
            log.info("session_confirmed", session_id=str(session_id), by=str(caller.account_id))
        return await self.get_session(caller=caller, session_id=session_id)

    async def decline_session(
        self, *, caller: Caller, session_id: uuid.UUID, reason: CancelReason, note: str
    ) -> SessionView:
        """DeclineSession."""
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row, _ = await self._load_for(repo, caller, session_id, Action.DECLINE, "declined")
            now = self._now()
            await self._end(
                repo, uow.session, row, Status.DECLINED, now, by=caller.account_id, reason=reason, note=note
            )
            members = await self._members.members(list(row.participants), None)
            await self._notify(
                uow.session,
                row,
                members,
                "session_declined",
                to=[row.requested_by],
                what="Your session request was declined.",
            )
            await uow.commit()
        log.info("session_declined", session_id=str(session_id), by=str(caller.account_id))
        return await self.get_session(caller=caller, session_id=session_id)

    async def cancel_session(
        self, *, caller: Caller, session_id: uuid.UUID, reason: CancelReason, note: str, validate_only: bool
    ) -> CancelOutcome:
        """CancelSession, or its refund preview with `validate_only`."""
        caller_id = caller.require_signed_in()
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row = await repo.get(session_id, for_update=not validate_only)
            if row is None or not self._may_see(row, caller):
                raise session_not_found(session_id)
            repeat = row.state is Status.CANCELLED and row.cancelled_by == caller_id
            decision = decide(row.state, Action.CANCEL, self._actors(row, caller), already_done=repeat)
            if not decision.allowed:
                raise invalid_transition(row, "cancelled")
            now = self._now()
            role = row.role_of(caller_id)
            canceller = (
                Canceller.ADMIN if role is None else (Canceller.TEACHER if role is Role.TEACHER else Canceller.LEARNER)
            )
            percent = refund_percent(canceller, start=row.scheduled_start, now=now)
            refund = (
                Money(refund_amount(row.price_minor or 0, percent), row.price_currency) if row.price_currency else None
            )
            if decision.changed and not validate_only:
                was_confirmed = row.state is Status.CONFIRMED
                await self._end(
                    repo,
                    uow.session,
                    row,
                    Status.CANCELLED,
                    now,
                    by=caller_id,
                    reason=reason,
                    note=note,
                    refund_percent=percent,
                )
                members = await self._members.members(list(row.participants), None)
                if was_confirmed:
                    row.calendar_sequence += 1
                    await self._invite(
                        uow.session, row, members, "session_cancelled", "Your session was cancelled.", now, cancel=True
                    )
                else:
                    others = [p for p in row.participants if p != caller_id]
                    await self._notify(
                        uow.session,
                        row,
                        members,
                        "session_cancelled",
                        to=others,
                        what="A session request was cancelled.",
                    )
                await uow.commit()
                log.info("session_cancelled", session_id=str(session_id), by=str(caller_id), refund_percent=percent)
            else:
                await uow.commit()
        return CancelOutcome(await self.get_session(caller=caller, session_id=session_id), percent, refund)

    async def start_session(self, *, caller: Caller, session_id: uuid.UUID) -> SessionView:
        """StartSession: from `start_early` before the start until the scheduled end."""
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row, changed = await self._load_for(repo, caller, session_id, Action.START, "started")
            if changed:
                now = self._now()
                if not may_start(now, row.scheduled_start, row.scheduled_end, self._settings.start_early):
                    raise FailedPrecondition(
                        "A session can be started from 15 minutes before its start until its scheduled end.",
                        reason=ErrorReason.OUTSIDE_START_WINDOW,
                    )
                row.status = Status.IN_PROGRESS.value
                row.started_at = now
                await self._drop_proposal(repo, row)
                self._bump(row, now)
                await cancel_pending(uow.session, _job_prefix(row.id))
                after = self._settings.auto_complete_after
                await self._timer(uow.session, row, "auto_complete", row.scheduled_end + after, after)
            await uow.commit()
        if changed:
            log.info("session_started", session_id=str(session_id), by=str(caller.account_id))
        return await self.get_session(caller=caller, session_id=session_id)

    async def complete_session(self, *, caller: Caller, session_id: uuid.UUID) -> SessionView:
        """CompleteSession."""
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row, changed = await self._load_for(repo, caller, session_id, Action.COMPLETE, "completed")
            if changed:
                await self._end(repo, uow.session, row, Status.COMPLETED, self._now())
            await uow.commit()
        if changed:
            log.info("session_completed", session_id=str(session_id), by=str(caller.account_id))
        return await self.get_session(caller=caller, session_id=session_id)

    async def reschedule_session(
        self, *, caller: Caller, session_id: uuid.UUID, start: datetime, duration_minutes: int, note: str
    ) -> SessionView:
        """RescheduleSession: a REQUESTED session moves at once; a CONFIRMED one keeps its time held until
        the other participant answers, with the proposed time held too."""
        caller_id = caller.require_signed_in()
        if duration_minutes and not DURATION_MIN <= duration_minutes <= DURATION_MAX:
            raise InvalidArgument(field="duration_minutes", description="must be 15 to 480")
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row, _ = await self._load_for(repo, caller, session_id, Action.RESCHEDULE, "rescheduled")
            if not caller.is_self(row.teacher_id) and not caller.is_self(row.learner_id):
                raise PermissionDenied("Only participants can reschedule.", reason=ErrorReason.NOT_A_PARTICIPANT)
            now = self._now()
            rules = await self.booking_rules(row.teacher_id)
            self._check_booking_window(rules, start, now, "scheduled_start_time")
            minutes = duration_minutes or row.duration_minutes
            end = start + timedelta(minutes=minutes)
            members = await self._members.members(list(row.participants), None)
            other = row.other(caller_id)
            if row.state is Status.REQUESTED:
                await repo.release(row.id)
                await repo.hold(row.id, [row.teacher_id, row.learner_id], HoldKind.BOOKED, start, end)
                row.scheduled_start, row.duration_minutes = start, minutes
                row.requested_by, row.awaiting_user_id = caller_id, other
                self._bump(row, now)
                await cancel_pending(uow.session, _job_prefix(row.id))
                await self._schedule_expiry(uow.session, row)
                await self._notify(
                    uow.session, row, members, "session_requested", to=[other], what="A session request has a new time."
                )
            else:
                if row.proposed_start is not None:
                    raise FailedPrecondition(
                        "A reschedule of this session is already waiting for an answer.",
                        reason=ErrorReason.RESCHEDULE_PENDING,
                    )
                await repo.hold(row.id, [row.teacher_id, row.learner_id], HoldKind.PROPOSED, start, end)
                row.proposed_start, row.proposed_duration_minutes = start, minutes
                row.proposed_by, row.proposed_note, row.proposed_at = caller_id, note.strip(), now
                self._bump(row, now)
                await self._notify(
                    uow.session,
                    row,
                    members,
                    "session_reschedule_proposed",
                    to=[other],
                    what="A new time was proposed for your session.",
                    start=start,
                )
            await uow.commit()
        log.info("session_rescheduled", session_id=str(session_id), by=str(caller_id))
        return await self.get_session(caller=caller, session_id=session_id)

    async def respond_to_reschedule(self, *, caller: Caller, session_id: uuid.UUID, accept: bool) -> SessionView:
        """RespondToReschedule: accept moves the session (reminders, invites), decline frees the proposal."""
        caller_id = caller.require_signed_in()
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row, _ = await self._load_for(repo, caller, session_id, Action.RESPOND_RESCHEDULE, "rescheduled")
            if row.proposed_start is None or row.proposed_duration_minutes is None:
                raise FailedPrecondition(
                    "This session has no pending reschedule.", reason=ErrorReason.NO_PENDING_RESCHEDULE
                )
            if row.proposed_by == caller_id:
                raise PermissionDenied(
                    "You proposed this time; the other participant answers.",
                    reason=ErrorReason.AWAITING_OTHER_PARTICIPANT,
                )
            now = self._now()
            members = await self._members.members(list(row.participants), None)
            if accept:
                await repo.promote_proposed(row.id)
                row.scheduled_start, row.duration_minutes = row.proposed_start, row.proposed_duration_minutes
                self._clear_proposal(row)
                row.calendar_sequence += 1
                self._bump(row, now)
                await cancel_pending(uow.session, _job_prefix(row.id))
                await self._schedule_confirmed(uow.session, row, now)
                await self._invite(uow.session, row, members, "session_rescheduled", "Your session was moved.", now)
            else:
                await self._drop_proposal(repo, row)
                self._bump(row, now)
            await uow.commit()
        log.info("session_reschedule_answered", session_id=str(session_id), by=str(caller_id), accepted=accept)
        return await self.get_session(caller=caller, session_id=session_id)

    async def rate_session(self, *, caller: Caller, session_id: uuid.UUID, rating: int, comment: str) -> Rating:
        """RateSession: once per participant, within 30 days of completion; stats follow in the same
        transaction."""
        caller_id = caller.require_signed_in()
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row = await repo.get(session_id)
            if row is None or row.role_of(caller_id) is None:
                raise session_not_found(session_id)
            if not decide(row.state, Action.RATE, self._actors(row, caller)).allowed:
                raise invalid_transition(row, "rated")
            now = self._now()
            if row.completed_at is not None and now - row.completed_at > RATING_WINDOW:
                raise FailedPrecondition(
                    "Sessions can be rated within 30 days of completion.", reason=ErrorReason.RATING_WINDOW_CLOSED
                )
            rated = row.other(caller_id)
            record = Rating(
                id=uuid.uuid4(),
                session_id=row.id,
                rater_id=caller_id,
                rated_id=rated,
                rated_role=(row.role_of(rated) or Role.LEARNER).value,
                rating=rating,
                comment=comment.strip(),
                created_at=now,
            )
            await repo.add_rating(record)
            await repo.touch(row.id, now)
            await self._refresh_stats(repo, uow.session, [rated], now)
            await uow.commit()
        log.info("session_rated", session_id=str(session_id), by=str(caller_id), rating=rating)
        return record

    async def report_session(
        self, *, caller: Caller, session_id: uuid.UUID, reason: ReportReason, details: str
    ) -> Report:
        """ReportSession: a report for moderation (a NO_SHOW report would put the escrow on hold)."""
        caller_id = caller.require_signed_in()
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row = await repo.get(session_id, for_update=True)
            if row is None or row.role_of(caller_id) is None:
                raise session_not_found(session_id)
            if not decide(row.state, Action.REPORT, self._actors(row, caller)).allowed:
                raise invalid_transition(row, "reported")
            now = self._now()
            ended = row.completed_at or row.cancelled_at
            if ended is not None and now - ended > REPORT_WINDOW:
                raise FailedPrecondition(
                    "Sessions can be reported within 30 days of their end.", reason=ErrorReason.REPORT_WINDOW_CLOSED
                )
            report = Report(
                id=uuid.uuid4(),
                session_id=row.id,
                reporter_id=caller_id,
                reason=reason.value,
                details=details.strip(),
                status=ReportStatus.OPEN.value,
                created_at=now,
                updated_at=now,
            )
            await repo.add_report(report)
            if reason is ReportReason.NO_SHOW and row.escrow_id and self._escrow is not None:
                await self._escrow.put_on_hold(uow.session, row.escrow_id, reason="no_show_report")
            await uow.commit()
        log.info("session_reported", session_id=str(session_id), by=str(caller_id), reason=reason.value)
        return report

    # =========================================================================== timed transitions

    async def run_timer(self, session_id: uuid.UUID, action: str, after: timedelta | None = None) -> bool:
        """A delayed job's step: EXPIRED, NO_SHOW or auto-completion, if the session is still in the state and
        past the time that called for it (a moved or answered session makes the job a no-op). Idempotent:
        the row lock and the status check make a second run, on this or another replica, do nothing."""
        async with self._uow() as uow:
            repo = SessionRepository(uow.session)
            row = await repo.get(session_id, for_update=True)
            if row is None:
                return False
            now = self._now() + CLOCK_TOLERANCE
            step = {
                "expire": (Status.REQUESTED, Action.EXPIRE, row.scheduled_start, Status.EXPIRED),
                "no_show": (Status.CONFIRMED, Action.MARK_NO_SHOW, row.scheduled_end, Status.NO_SHOW),
                "auto_complete": (
                    Status.IN_PROGRESS,
                    Action.AUTO_COMPLETE,
                    row.scheduled_end + (self._settings.auto_complete_after if after is None else after),
                    Status.COMPLETED,
                ),
            }.get(action)
            if action == "no_show_refund":
                return await self._refund_no_show(uow, row)
            if step is None:
                return False
            source, act, due, target = step
            if row.state is not source or now < due:
                return False
            if not decide(row.state, act, frozenset({Actor.SYSTEM})).allowed:
                return False
            await self._end(repo, uow.session, row, target, self._now())
            await uow.commit()
        log.info("session_timed_transition", session_id=str(session_id), status=target.value)
        return True

    async def _refund_no_show(self, uow: UnitOfWork, row: Session) -> bool:
        """The NO_SHOW refund, due `no_show_refund_after` after the transition (the job's run time): the
        learner's money back unless a report put the escrow on hold."""
        if row.state is not Status.NO_SHOW or self._escrow is None or not row.escrow_id:
            return False
        refunded = await self._escrow.refund(uow.session, row.escrow_id, percent=100)
        await uow.commit()
        log.info("session_no_show_refunded", session_id=str(row.id), refunded_minor=refunded)
        return True

    async def remind(self, session_id: uuid.UUID, start_iso: str, minutes: int) -> bool:
        """A reminder's job: emails both participants who want reminders, if the session is still CONFIRMED
        at the time the reminder was scheduled for."""
        async with self._uow() as uow:
            row = await SessionRepository(uow.session).get(session_id)
            if row is None or row.state is not Status.CONFIRMED or row.scheduled_start.isoformat() != start_iso:
                return False
            members = await self._members.members(list(row.participants), None)
            wanted = [m.user_id for m in members.values() if m.email_reminders]
            await self._notify(
                uow.session,
                row,
                members,
                "session_reminder",
                to=wanted,
                what=f"Your session starts in {minutes} minutes.",
                preference=False,
            )
            await uow.commit()
        log.info("session_reminder_sent", session_id=str(session_id), minutes=minutes)
        return True

    # ================================================================================ helpers

    def _may_see(self, row: Session, caller: Caller) -> bool:
        return caller.is_admin or row.role_of(caller.account_id or uuid.UUID(int=0)) is not None

    def _actors(self, row: Session, caller: Caller) -> frozenset[Actor]:
        actors: set[Actor] = set()
        if caller.is_admin:
            actors.add(Actor.ADMIN)
        if caller.account_id is not None and row.role_of(caller.account_id) is not None:
            actors.add(Actor.PARTICIPANT)
            if row.state is Status.REQUESTED:
                actors.add(Actor.AWAITED if caller.account_id == row.awaiting_user_id else Actor.REQUESTER)
        return frozenset(actors)

    async def _load_for(
        self, repo: SessionRepository, caller: Caller, session_id: uuid.UUID, action: Action, what: str
    ) -> tuple[Session, bool]:
        """The locked session and whether `action` changes it; NOT_FOUND, INVALID_TRANSITION or
        AWAITING_OTHER_PARTICIPANT as `decide` says."""
        caller.require_signed_in()
        row = await repo.get(session_id, for_update=True)
        if row is None or not self._may_see(row, caller):
            raise session_not_found(session_id)
        target = {Action.CONFIRM: Status.CONFIRMED, Action.START: Status.IN_PROGRESS, Action.COMPLETE: Status.COMPLETED}
        repeat = target.get(action) is row.state
        decision = decide(row.state, action, self._actors(row, caller), already_done=repeat)
        if decision.refusal is Refusal.WRONG_STATUS:
            raise invalid_transition(row, what)
        if decision.refusal is Refusal.WRONG_ACTOR:
            if Actor.PARTICIPANT in self._actors(row, caller):
                raise PermissionDenied(
                    "You made this request; the other participant answers it.",
                    reason=ErrorReason.AWAITING_OTHER_PARTICIPANT,
                )
            raise PermissionDenied("Only participants can do this.", reason=ErrorReason.NOT_A_PARTICIPANT)
        return row, decision.changed

    @staticmethod
    def _bump(row: Session, now: datetime) -> None:
        row.version += 1
        row.updated_at = now

    @staticmethod
    def _clear_proposal(row: Session) -> None:
        row.proposed_start = row.proposed_duration_minutes = row.proposed_by = row.proposed_at = None
        row.proposed_note = ""

    async def _drop_proposal(self, repo: SessionRepository, row: Session) -> None:
        if row.proposed_start is not None:
            await repo.release(row.id, HoldKind.PROPOSED)
            self._clear_proposal(row)

    async def _end(
        self,
        repo: SessionRepository,
        db: AsyncSession,
        row: Session,
        status: Status,
        now: datetime,
        *,
        by: uuid.UUID | None = None,
        reason: CancelReason | None = None,
        note: str = "",
        refund_percent: int = 100,
    ) -> None:
        """Move to a terminal status: free the holds, drop pending timers and reminders, settle the escrow,
        update stats. `refund_percent` is the cancellation policy's share (CANCELLED only)."""
        row.status = status.value
        row.awaiting_user_id = None
        self._clear_proposal(row)
        if status is Status.COMPLETED:
            row.completed_at = now
        else:
            row.cancelled_at = now
            row.cancelled_by = by
            if status in (Status.CANCELLED, Status.DECLINED):
                row.cancellation_reason = (reason or CancelReason.OTHER).value
                row.cancellation_note = note.strip()
        self._bump(row, now)
        await repo.flush()
        await repo.release(row.id)
        await cancel_pending(db, _job_prefix(row.id))
        await self._settle(db, row, status, refund_percent, now)
        await self._refresh_stats(repo, db, row.participants, now)

    async def _settle(self, db: AsyncSession, row: Session, status: Status, refund_percent: int, now: datetime) -> None:
        """Move a paid session's money for its terminal status, in the transition's transaction."""
        if self._escrow is None or not row.escrow_id:
            return
        if status is Status.COMPLETED:
            await self._escrow.release(db, row.escrow_id)
        elif status is Status.CANCELLED:
            await self._escrow.refund(db, row.escrow_id, percent=refund_percent)
        elif status is Status.NO_SHOW:
            # Refunded later, so a participant has time to report the no-show (which puts it on hold).
            await self._timer(db, row, "no_show_refund", now + self._settings.no_show_refund_after)
        else:  # DECLINED, EXPIRED
            await self._escrow.refund(db, row.escrow_id, percent=100)

    async def _funded(self, row: Session) -> bool:
        return self._escrow is not None and bool(row.escrow_id) and await self._escrow.is_funded(row.escrow_id or "")

    async def _refresh_stats(
        self,
        repo: SessionRepository,
        db: AsyncSession,
        user_ids: Sequence[uuid.UUID] | frozenset[uuid.UUID],
        now: datetime,
    ) -> None:
        """Recompute the members' statistics from this domain's tables and hand them to the user domain, in
        this transaction (GetUserStats reflects the change as soon as it commits)."""
        await repo.flush()
        for user_id in sorted(user_ids):
            await repo.lock_member_stats(user_id)
            f = await repo.member_figures(user_id)
            await self._members.store_session_stats(
                db,
                MemberStats(
                    user_id=user_id,
                    sessions_taught_count=int(f["taught"]),
                    sessions_learned_count=int(f["learned"]),
                    teaching_minutes=int(f["teaching_minutes"]),
                    learning_minutes=int(f["learning_minutes"]),
                    average_rating=round(float(f["average_rating"]), 4),
                    rating_count=int(f["rating_count"]),
                    response_rate=(f["answered"] / f["asked"]) if f["asked"] else 0.0,
                    no_show_count=int(f["no_shows"]),
                ),
                now,
            )

    async def _timer(
        self, db: AsyncSession, row: Session, action: str, due: datetime, after: timedelta | None = None
    ) -> None:
        payload: dict[str, Any] = {"session_id": str(row.id), "action": action}
        if after is not None:
            payload["after_seconds"] = after.total_seconds()
        await enqueue(
            db,
            TIMER_JOB,
            payload,
            run_at=due,
            dedupe_key=f"{_job_prefix(row.id)}{action}:{due.isoformat()}",
        )

    async def _schedule_expiry(self, db: AsyncSession, row: Session) -> None:
        await self._timer(db, row, "expire", row.scheduled_start)

    async def _schedule_confirmed(self, db: AsyncSession, row: Session, now: datetime) -> None:
        """NO_SHOW at the end and the reminders still ahead, for a CONFIRMED session's current time."""
        await self._timer(db, row, "no_show", row.scheduled_end)
        for offset in self._settings.reminder_offsets:
            due = row.scheduled_start - offset
            if due <= now:
                continue
            minutes = int(offset.total_seconds() // 60)
            await enqueue(
                db,
                REMIND_JOB,
                {"session_id": str(row.id), "start": row.scheduled_start.isoformat(), "minutes": minutes},
                run_at=due,
                dedupe_key=f"{_job_prefix(row.id)}remind:{minutes}:{row.scheduled_start.isoformat()}",
            )

    async def _notify(
        self,
        db: AsyncSession,
        row: Session,
        members: dict[uuid.UUID, Member],
        template: str,
        *,
        to: Sequence[uuid.UUID],
        what: str,
        start: datetime | None = None,
        preference: bool = True,
    ) -> None:
        """A plain email about the session to `to` (those whose preferences allow session emails)."""
        for user_id in to:
            member = members.get(user_id)
            if member is None or not member.email or (preference and not member.email_session_changes):
                continue
            await enqueue_email(
                db,
                template,
                to=member.email,
                name=member.display_name,
                title=row.title,
                what=what,
                time=_local_text(start or row.scheduled_start, member.time_zone or row.time_zone),
                where=row.location,
            )

    async def _invite(
        self,
        db: AsyncSession,
        row: Session,
        members: dict[uuid.UUID, Member],
        template: str,
        what: str,
        now: datetime,
        *,
        cancel: bool = False,
    ) -> None:
        """Emails with the calendar invite (REQUEST or CANCEL) to both participants, each in their zone."""
        teacher, learner = members.get(row.teacher_id), members.get(row.learner_id)
        if teacher is None or learner is None:
            return
        attendees = tuple(calendar.Attendee(m.email, m.display_name) for m in (teacher, learner) if m.email)
        for member in (teacher, learner):
            if not member.email or not member.email_session_changes:
                continue
            ics = calendar.invite(
                session_id=row.id,
                sequence=row.calendar_sequence,
                cancel=cancel,
                start=row.scheduled_start,
                end=row.scheduled_end,
                time_zone=member.time_zone or row.time_zone,
                summary=row.title,
                description=row.description,
                location=row.location or row.meeting_url,
                organizer=calendar.Attendee(teacher.email or "sessions@skillsphere.invalid", teacher.display_name),
                attendees=attendees,
                now=now,
            )
            await enqueue_email(
                db,
                template,
                to=member.email,
                attachments=(calendar.invite_attachment(ics, cancel=cancel),),
                name=member.display_name,
                title=row.title,
                what=what,
                time=_local_text(row.scheduled_start, member.time_zone or row.time_zone),
                where=row.location or row.meeting_url,
            )

    async def _views(
        self, rows: Sequence[Session], ratings: dict[uuid.UUID, list[Rating]], caller: Caller
    ) -> list[SessionView]:
        ids = sorted({u for r in rows for u in r.participants})
        members = await self._members.members(ids, None) if ids else {}
        return [self._view(r, ratings.get(r.id, []), members, caller) for r in rows]

    def _view(
        self, row: Session, ratings: Sequence[Rating], members: dict[uuid.UUID, Member], caller: Caller
    ) -> SessionView:
        cards = {
            m.user_id: Card(m.user_id, m.display_name, m.headline, m.average_rating, m.rating_count)
            for m in members.values()
            if m.user_id in row.participants
        }
        return SessionView(row, tuple(ratings), cards, show_meeting_url=self._may_see(row, caller))

    # ---------------------------------------------------------------------------------- job entry points

    async def forget_idempotency_keys(self) -> int:
        """Drop CreateSession idempotency keys older than 24 hours (the contract remembers them that long)."""
        async with self._uow() as uow:
            count = await SessionRepository(uow.session).forget_keys_before(self._now() - timedelta(hours=24))
            await uow.commit()
        return count

    async def handle_timer(self, payload: dict[str, Any]) -> None:
        """Job `session.timer`."""
        # The delay travels with the job, so whichever replica runs it applies the one it was scheduled with.
        after = payload.get("after_seconds")
        await self.run_timer(
            uuid.UUID(payload["session_id"]),
            str(payload["action"]),
            timedelta(seconds=float(after)) if after is not None else None,
        )

    async def handle_reminder(self, payload: dict[str, Any]) -> None:
        """Job `session.remind`."""
        await self.remind(uuid.UUID(payload["session_id"]), str(payload["start"]), int(payload["minutes"]))


def _value(result: T | BaseException) -> T:
    """The answer of one of `asyncio.gather(..., return_exceptions=True)`'s calls, or its error raised."""
    if isinstance(result, BaseException):
        raise result
    return result


def _local_text(instant: datetime, time_zone: str) -> str:
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = instant.astimezone(zone)
    return f"{local:%A %d %B %Y, %H:%M} ({time_zone})"
