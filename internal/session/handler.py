"""gRPC servicer of skillsphere.session.v1.SessionService: proto ⇄ domain, one service call per RPC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp
from skillsphere.common.v1 import common_pb2
from skillsphere.session.v1 import session_pb2, session_pb2_grpc
from skillsphere.user.v1 import user_pb2

from internal.session.models import (
    BookingSettingsView,
    CancelReason,
    Mode,
    Money,
    Rating,
    Report,
    ReportReason,
    Role,
    SessionQuery,
    SessionView,
)
from internal.session.service import NewSession, SessionChanges, SessionService
from internal.session.states import Status
from pkg.errors import InvalidArgument
from pkg.grpcx.context import current_caller
from pkg.grpcx.convert import parse_optional_uuid, parse_uuid, timestamp

STATUS = {
    Status.REQUESTED: session_pb2.SESSION_STATUS_REQUESTED,
    Status.CONFIRMED: session_pb2.SESSION_STATUS_CONFIRMED,
    Status.IN_PROGRESS: session_pb2.SESSION_STATUS_IN_PROGRESS,
    Status.COMPLETED: session_pb2.SESSION_STATUS_COMPLETED,
    Status.CANCELLED: session_pb2.SESSION_STATUS_CANCELLED,
    Status.DECLINED: session_pb2.SESSION_STATUS_DECLINED,
    Status.EXPIRED: session_pb2.SESSION_STATUS_EXPIRED,
    Status.NO_SHOW: session_pb2.SESSION_STATUS_NO_SHOW,
}
STATUS_IN = {number: status for status, number in STATUS.items()}
_MODE = {Mode.ONLINE: session_pb2.SESSION_MODE_ONLINE, Mode.IN_PERSON: session_pb2.SESSION_MODE_IN_PERSON}
_MODE_IN = {number: mode for mode, number in _MODE.items()}
_ROLE_IN = {session_pb2.SESSION_ROLE_TEACHER: Role.TEACHER, session_pb2.SESSION_ROLE_LEARNER: Role.LEARNER}
_CANCEL = {
    CancelReason.SCHEDULE_CONFLICT: session_pb2.CANCELLATION_REASON_SCHEDULE_CONFLICT,
    CancelReason.PERSONAL: session_pb2.CANCELLATION_REASON_PERSONAL,
    CancelReason.NO_LONGER_NEEDED: session_pb2.CANCELLATION_REASON_NO_LONGER_NEEDED,
    CancelReason.NOT_A_FIT: session_pb2.CANCELLATION_REASON_NOT_A_FIT,
    CancelReason.MODERATION: session_pb2.CANCELLATION_REASON_MODERATION,
    CancelReason.OTHER: session_pb2.CANCELLATION_REASON_OTHER,
}
_CANCEL_IN = {number: reason for reason, number in _CANCEL.items()}
_REPORT = {
    ReportReason.NO_SHOW: session_pb2.SESSION_REPORT_REASON_NO_SHOW,
    ReportReason.LATE_OR_LEFT_EARLY: session_pb2.SESSION_REPORT_REASON_LATE_OR_LEFT_EARLY,
    ReportReason.INAPPROPRIATE_BEHAVIOR: session_pb2.SESSION_REPORT_REASON_INAPPROPRIATE_BEHAVIOR,
    ReportReason.HARASSMENT: session_pb2.SESSION_REPORT_REASON_HARASSMENT,
    ReportReason.SCAM: session_pb2.SESSION_REPORT_REASON_SCAM,
    ReportReason.NOT_AS_DESCRIBED: session_pb2.SESSION_REPORT_REASON_NOT_AS_DESCRIBED,
    ReportReason.TECHNICAL_ISSUE: session_pb2.SESSION_REPORT_REASON_TECHNICAL_ISSUE,
    ReportReason.OTHER: session_pb2.SESSION_REPORT_REASON_OTHER,
}
_REPORT_IN = {number: reason for reason, number in _REPORT.items()}
_REPORT_STATUS = {
    "open": session_pb2.SESSION_REPORT_STATUS_OPEN,
    "under_review": session_pb2.SESSION_REPORT_STATUS_UNDER_REVIEW,
    "resolved": session_pb2.SESSION_REPORT_STATUS_RESOLVED,
    "dismissed": session_pb2.SESSION_REPORT_STATUS_DISMISSED,
}


_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _time(value: Timestamp, field: str) -> datetime:
    """A request time; INVALID_ARGUMENT naming `field` outside 2000-2200 (or not a valid Timestamp), so no
    arithmetic on it can overflow."""
    try:
        moment = value.ToDatetime(tzinfo=UTC)
    except (ValueError, OverflowError):
        moment = None
    if moment is None or not _EARLIEST <= moment < _LATEST:
        raise InvalidArgument(field=field, description="must be a valid time between the years 2000 and 2200")
    return moment


def rating_to_proto(rating: Rating) -> session_pb2.SessionRating:
    """A rating on a session."""
    return session_pb2.SessionRating(
        session_id=str(rating.session_id),
        rater_user_id=str(rating.rater_id),
        rated_user_id=str(rating.rated_id),
        rating=rating.rating,
        comment=rating.comment,
        create_time=timestamp(rating.created_at),
    )


def session_to_proto(view: SessionView) -> session_pb2.Session:
    """A session as its viewer may see it."""
    row = view.session
    message = session_pb2.Session(
        id=str(row.id),
        title=row.title,
        description=row.description,
        skill_id=str(row.skill_id),
        teacher_user_id=str(row.teacher_id),
        learner_user_id=str(row.learner_id),
        requested_by_user_id=str(row.requested_by),
        awaiting_user_id=str(row.awaiting_user_id or ""),
        status=STATUS[row.state],
        scheduled_start_time=timestamp(row.scheduled_start),
        duration_minutes=row.duration_minutes,
        scheduled_end_time=timestamp(row.scheduled_end),
        time_zone=row.time_zone,
        mode=_MODE[Mode(row.mode)],
        location=row.location,
        meeting_url=row.meeting_url if view.show_meeting_url else "",
        escrow_id=row.escrow_id or "",
        cancelled_by_user_id=str(row.cancelled_by or ""),
        cancellation_note=row.cancellation_note,
        ratings=[rating_to_proto(r) for r in view.ratings],
        create_time=timestamp(row.created_at),
        update_time=timestamp(row.updated_at),
        etag=row.etag,
    )
    if row.price_currency:
        message.price.CopyFrom(common_pb2.Money(currency_code=row.price_currency, amount_minor=row.price_minor or 0))
    if row.started_at:
        message.start_time.CopyFrom(timestamp(row.started_at))
    if row.completed_at:
        message.complete_time.CopyFrom(timestamp(row.completed_at))
    if row.cancelled_at:
        message.cancel_time.CopyFrom(timestamp(row.cancelled_at))
    if row.cancellation_reason:
        message.cancellation_reason = _CANCEL[CancelReason(row.cancellation_reason)]
    if row.proposed_start is not None and row.proposed_at is not None:
        message.pending_reschedule.CopyFrom(
            session_pb2.ProposedTime(
                scheduled_start_time=timestamp(row.proposed_start),
                duration_minutes=row.proposed_duration_minutes or 0,
                proposed_by_user_id=str(row.proposed_by or ""),
                note=row.proposed_note,
                create_time=timestamp(row.proposed_at),
            )
        )
    for field, user_id in (("teacher", row.teacher_id), ("learner", row.learner_id)):
        card = view.cards.get(user_id)
        summary = user_pb2.UserSummary(user_id=str(user_id))
        if card is not None:
            summary.display_name = card.display_name
            summary.headline = card.headline
            summary.average_rating = card.average_rating
            summary.rating_count = card.rating_count
        getattr(message, field).CopyFrom(summary)
    return message


def report_to_proto(report: Report) -> session_pb2.SessionReport:
    """A report as stored."""
    return session_pb2.SessionReport(
        id=str(report.id),
        session_id=str(report.session_id),
        reporter_user_id=str(report.reporter_id),
        reason=_REPORT[ReportReason(report.reason)],
        details=report.details,
        status=_REPORT_STATUS[report.status],
        create_time=timestamp(report.created_at),
        update_time=timestamp(report.updated_at),
    )


def settings_to_proto(view: BookingSettingsView) -> session_pb2.BookingSettings:
    """Effective booking settings."""
    rules = view.rules
    return session_pb2.BookingSettings(
        user_id=str(view.user_id),
        buffer_before_minutes=rules.buffer_before_minutes,
        buffer_after_minutes=rules.buffer_after_minutes,
        minimum_notice_minutes=rules.minimum_notice_minutes,
        booking_horizon_days=rules.booking_horizon_days,
        daily_limit=rules.daily_limit,
        slot_interval_minutes=rules.slot_interval_minutes,
    )


def _money(message: common_pb2.Money, present: bool) -> Money | None:
    if not present:
        return None
    if message.amount_minor < 0:
        raise InvalidArgument(field="price.amount_minor", description="must not be negative")
    if message.amount_minor > 0 or message.currency_code:
        code = message.currency_code
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            raise InvalidArgument(field="price.currency_code", description="must be a three-letter ISO 4217 code")
    return Money(message.amount_minor, message.currency_code) if message.currency_code else None


def query_from_proto(request: session_pb2.ListUserSessionsRequest, caller_id: Any) -> SessionQuery:
    """ListUserSessions' filters (user_id empty: the caller)."""
    user_id = parse_optional_uuid(request.user_id, "user_id") or caller_id
    if user_id is None:
        raise InvalidArgument(field="user_id", description="is required when not signed in")
    statuses = set()
    for index, number in enumerate(request.statuses):
        if number == session_pb2.SESSION_STATUS_UNSPECIFIED:
            continue
        if number not in STATUS_IN:
            raise InvalidArgument(field=f"statuses[{index}]", description="is not a session status")
        statuses.add(STATUS_IN[number])
    return SessionQuery(
        user_id=user_id,
        statuses=frozenset(statuses),
        role=_ROLE_IN.get(request.role),
        start_from=_time(request.start_time_from, "start_time_from") if request.HasField("start_time_from") else None,
        start_to=_time(request.start_time_to, "start_time_to") if request.HasField("start_time_to") else None,
        counterpart_id=parse_optional_uuid(request.counterpart_user_id, "counterpart_user_id"),
    )


class SessionHandler(session_pb2_grpc.SessionServiceServicer):
    """SessionService over gRPC (and grpc-web through the gateway)."""

    def __init__(self, service: SessionService) -> None:
        self._service = service

    async def CreateSession(  # noqa: N802
        self, request: session_pb2.CreateSessionRequest, context: Any
    ) -> session_pb2.CreateSessionResponse:
        view, secret = await self._service.create_session(
            caller=current_caller(),
            new=NewSession(
                idempotency_key=request.idempotency_key,
                skill_id=parse_uuid(request.skill_id, "skill_id"),
                teacher_id=parse_uuid(request.teacher_user_id, "teacher_user_id"),
                learner_id=parse_uuid(request.learner_user_id, "learner_user_id"),
                title=request.title,
                description=request.description,
                start=_time(request.scheduled_start_time, "scheduled_start_time"),
                duration_minutes=request.duration_minutes,
                time_zone=request.time_zone,
                mode=_MODE_IN.get(request.mode, Mode.ONLINE),
                location=request.location,
                price=_money(request.price, request.HasField("price")),
            ),
        )
        return session_pb2.CreateSessionResponse(session=session_to_proto(view), payment_client_secret=secret)

    async def ListAvailableSlots(  # noqa: N802
        self, request: session_pb2.ListAvailableSlotsRequest, context: Any
    ) -> session_pb2.ListAvailableSlotsResponse:
        view = await self._service.list_available_slots(
            caller=current_caller(),
            teacher_id=parse_uuid(request.teacher_user_id, "teacher_user_id"),
            duration_minutes=request.duration_minutes,
            window_start=_time(request.window_start_time, "window_start_time"),
            window_end=_time(request.window_end_time, "window_end_time"),
            time_zone=request.time_zone,
        )
        return session_pb2.ListAvailableSlotsResponse(
            slots=[
                session_pb2.AvailableSlot(
                    start_time=timestamp(slot.start), end_time=timestamp(slot.end), local_start=slot.local_start
                )
                for slot in view.slots
            ],
            teacher_time_zone=view.teacher_time_zone,
            time_zone=view.time_zone,
        )

    async def GetSession(self, request: session_pb2.GetSessionRequest, context: Any) -> session_pb2.GetSessionResponse:  # noqa: N802
        view = await self._service.get_session(
            caller=current_caller(), session_id=parse_uuid(request.session_id, "session_id")
        )
        return session_pb2.GetSessionResponse(session=session_to_proto(view))

    async def UpdateSession(  # noqa: N802
        self, request: session_pb2.UpdateSessionRequest, context: Any
    ) -> session_pb2.UpdateSessionResponse:
        session = request.session
        view = await self._service.update_session(
            caller=current_caller(),
            session_id=parse_uuid(session.id, "session.id"),
            paths=list(request.update_mask.paths),
            changes=SessionChanges(
                title=session.title,
                description=session.description,
                time_zone=session.time_zone,
                mode=_MODE_IN.get(session.mode),
                location=session.location,
                meeting_url=session.meeting_url,
            ),
            etag=session.etag,
        )
        return session_pb2.UpdateSessionResponse(session=session_to_proto(view))

    async def CancelSession(  # noqa: N802
        self, request: session_pb2.CancelSessionRequest, context: Any
    ) -> session_pb2.CancelSessionResponse:
        outcome = await self._service.cancel_session(
            caller=current_caller(),
            session_id=parse_uuid(request.session_id, "session_id"),
            reason=_CANCEL_IN.get(request.reason, CancelReason.OTHER),
            note=request.note,
            validate_only=request.validate_only,
        )
        response = session_pb2.CancelSessionResponse(
            session=session_to_proto(outcome.session), refund_percent=outcome.refund_percent
        )
        if outcome.refund is not None:
            response.refund_amount.CopyFrom(
                common_pb2.Money(currency_code=outcome.refund.currency, amount_minor=outcome.refund.amount_minor)
            )
        return response

    async def ConfirmSession(  # noqa: N802
        self, request: session_pb2.ConfirmSessionRequest, context: Any
    ) -> session_pb2.ConfirmSessionResponse:
        view = await self._service.confirm_session(
            caller=current_caller(), session_id=parse_uuid(request.session_id, "session_id")
        )
        return session_pb2.ConfirmSessionResponse(session=session_to_proto(view))

    async def DeclineSession(  # noqa: N802
        self, request: session_pb2.DeclineSessionRequest, context: Any
    ) -> session_pb2.DeclineSessionResponse:
        view = await self._service.decline_session(
            caller=current_caller(),
            session_id=parse_uuid(request.session_id, "session_id"),
            reason=_CANCEL_IN.get(request.reason, CancelReason.OTHER),
            note=request.note,
        )
        return session_pb2.DeclineSessionResponse(session=session_to_proto(view))

    async def StartSession(  # noqa: N802
        self, request: session_pb2.StartSessionRequest, context: Any
    ) -> session_pb2.StartSessionResponse:
        view = await self._service.start_session(
            caller=current_caller(), session_id=parse_uuid(request.session_id, "session_id")
        )
        return session_pb2.StartSessionResponse(session=session_to_proto(view))

    async def CompleteSession(  # noqa: N802
        self, request: session_pb2.CompleteSessionRequest, context: Any
    ) -> session_pb2.CompleteSessionResponse:
        view = await self._service.complete_session(
            caller=current_caller(), session_id=parse_uuid(request.session_id, "session_id")
        )
        return session_pb2.CompleteSessionResponse(session=session_to_proto(view))

    async def RescheduleSession(  # noqa: N802
        self, request: session_pb2.RescheduleSessionRequest, context: Any
    ) -> session_pb2.RescheduleSessionResponse:
        view = await self._service.reschedule_session(
            caller=current_caller(),
            session_id=parse_uuid(request.session_id, "session_id"),
            start=_time(request.scheduled_start_time, "scheduled_start_time"),
            duration_minutes=request.duration_minutes,
            note=request.note,
        )
        return session_pb2.RescheduleSessionResponse(session=session_to_proto(view))

    async def RespondToReschedule(  # noqa: N802
        self, request: session_pb2.RespondToRescheduleRequest, context: Any
    ) -> session_pb2.RespondToRescheduleResponse:
        view = await self._service.respond_to_reschedule(
            caller=current_caller(), session_id=parse_uuid(request.session_id, "session_id"), accept=request.accept
        )
        return session_pb2.RespondToRescheduleResponse(session=session_to_proto(view))

    async def ListUserSessions(  # noqa: N802
        self, request: session_pb2.ListUserSessionsRequest, context: Any
    ) -> session_pb2.ListUserSessionsResponse:
        caller = current_caller()
        page = await self._service.list_user_sessions(
            caller=caller,
            query=query_from_proto(request, caller.account_id),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return session_pb2.ListUserSessionsResponse(
            sessions=[session_to_proto(v) for v in page.items], next_page_token=page.next_page_token
        )

    async def RateSession(  # noqa: N802
        self, request: session_pb2.RateSessionRequest, context: Any
    ) -> session_pb2.RateSessionResponse:
        rating = await self._service.rate_session(
            caller=current_caller(),
            session_id=parse_uuid(request.session_id, "session_id"),
            rating=request.rating,
            comment=request.comment,
        )
        return session_pb2.RateSessionResponse(rating=rating_to_proto(rating))

    async def ReportSession(  # noqa: N802
        self, request: session_pb2.ReportSessionRequest, context: Any
    ) -> session_pb2.ReportSessionResponse:
        reason = _REPORT_IN.get(request.reason)
        if reason is None:
            raise InvalidArgument(field="reason", description="must be set")
        report = await self._service.report_session(
            caller=current_caller(),
            session_id=parse_uuid(request.session_id, "session_id"),
            reason=reason,
            details=request.details,
        )
        return session_pb2.ReportSessionResponse(report=report_to_proto(report))

    async def GetUpcomingSessions(  # noqa: N802
        self, request: session_pb2.GetUpcomingSessionsRequest, context: Any
    ) -> session_pb2.GetUpcomingSessionsResponse:
        page = await self._service.get_upcoming_sessions(
            caller=current_caller(),
            within_days=request.within_days,
            include_requested=request.include_requested,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return session_pb2.GetUpcomingSessionsResponse(
            sessions=[session_to_proto(v) for v in page.items], next_page_token=page.next_page_token
        )

    async def GetBookingSettings(  # noqa: N802
        self, request: session_pb2.GetBookingSettingsRequest, context: Any
    ) -> session_pb2.GetBookingSettingsResponse:
        view = await self._service.get_booking_settings(
            caller=current_caller(), user_id=parse_uuid(request.user_id, "user_id")
        )
        return session_pb2.GetBookingSettingsResponse(
            settings=settings_to_proto(view), custom_paths=list(view.custom_paths)
        )

    async def UpdateBookingSettings(  # noqa: N802
        self, request: session_pb2.UpdateBookingSettingsRequest, context: Any
    ) -> session_pb2.UpdateBookingSettingsResponse:
        settings = request.settings
        values = {
            path: getattr(settings, path) if settings.HasField(path) else None
            for path in (
                "buffer_before_minutes",
                "buffer_after_minutes",
                "minimum_notice_minutes",
                "booking_horizon_days",
                "daily_limit",
                "slot_interval_minutes",
            )
        }
        view = await self._service.update_booking_settings(
            caller=current_caller(),
            user_id=parse_uuid(request.user_id, "user_id"),
            paths=list(request.update_mask.paths),
            values=values,
        )
        return session_pb2.UpdateBookingSettingsResponse(
            settings=settings_to_proto(view), custom_paths=list(view.custom_paths)
        )
