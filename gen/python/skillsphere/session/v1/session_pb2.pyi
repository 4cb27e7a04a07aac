import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from skillsphere.common.v1 import common_pb2 as _common_pb2
from skillsphere.common.v1 import errors_pb2 as _errors_pb2
from skillsphere.common.v1 import validate_pb2 as _validate_pb2
from skillsphere.user.v1 import user_pb2 as _user_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SessionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_STATUS_UNSPECIFIED: _ClassVar[SessionStatus]
    SESSION_STATUS_REQUESTED: _ClassVar[SessionStatus]
    SESSION_STATUS_CONFIRMED: _ClassVar[SessionStatus]
    SESSION_STATUS_IN_PROGRESS: _ClassVar[SessionStatus]
    SESSION_STATUS_COMPLETED: _ClassVar[SessionStatus]
    SESSION_STATUS_CANCELLED: _ClassVar[SessionStatus]
    SESSION_STATUS_DECLINED: _ClassVar[SessionStatus]
    SESSION_STATUS_EXPIRED: _ClassVar[SessionStatus]
    SESSION_STATUS_NO_SHOW: _ClassVar[SessionStatus]

class SessionMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_MODE_UNSPECIFIED: _ClassVar[SessionMode]
    SESSION_MODE_ONLINE: _ClassVar[SessionMode]
    SESSION_MODE_IN_PERSON: _ClassVar[SessionMode]

class SessionRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_ROLE_UNSPECIFIED: _ClassVar[SessionRole]
    SESSION_ROLE_TEACHER: _ClassVar[SessionRole]
    SESSION_ROLE_LEARNER: _ClassVar[SessionRole]

class CancellationReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CANCELLATION_REASON_UNSPECIFIED: _ClassVar[CancellationReason]
    CANCELLATION_REASON_SCHEDULE_CONFLICT: _ClassVar[CancellationReason]
    CANCELLATION_REASON_PERSONAL: _ClassVar[CancellationReason]
    CANCELLATION_REASON_NO_LONGER_NEEDED: _ClassVar[CancellationReason]
    CANCELLATION_REASON_NOT_A_FIT: _ClassVar[CancellationReason]
    CANCELLATION_REASON_MODERATION: _ClassVar[CancellationReason]
    CANCELLATION_REASON_OTHER: _ClassVar[CancellationReason]

class SessionReportReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_REPORT_REASON_UNSPECIFIED: _ClassVar[SessionReportReason]
    SESSION_REPORT_REASON_NO_SHOW: _ClassVar[SessionReportReason]
    SESSION_REPORT_REASON_LATE_OR_LEFT_EARLY: _ClassVar[SessionReportReason]
    SESSION_REPORT_REASON_INAPPROPRIATE_BEHAVIOR: _ClassVar[SessionReportReason]
    SESSION_REPORT_REASON_HARASSMENT: _ClassVar[SessionReportReason]
    SESSION_REPORT_REASON_SCAM: _ClassVar[SessionReportReason]
    SESSION_REPORT_REASON_NOT_AS_DESCRIBED: _ClassVar[SessionReportReason]
    SESSION_REPORT_REASON_TECHNICAL_ISSUE: _ClassVar[SessionReportReason]
    SESSION_REPORT_REASON_OTHER: _ClassVar[SessionReportReason]

class SessionReportStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_REPORT_STATUS_UNSPECIFIED: _ClassVar[SessionReportStatus]
    SESSION_REPORT_STATUS_OPEN: _ClassVar[SessionReportStatus]
    SESSION_REPORT_STATUS_UNDER_REVIEW: _ClassVar[SessionReportStatus]
    SESSION_REPORT_STATUS_RESOLVED: _ClassVar[SessionReportStatus]
    SESSION_REPORT_STATUS_DISMISSED: _ClassVar[SessionReportStatus]

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_SESSION_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_PARTICIPANT_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_SAME_PARTICIPANT: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_A_PARTICIPANT: _ClassVar[ErrorReason]
    ERROR_REASON_SKILL_NOT_TAUGHT: _ClassVar[ErrorReason]
    ERROR_REASON_SLOT_CONFLICT: _ClassVar[ErrorReason]
    ERROR_REASON_SLOT_UNAVAILABLE: _ClassVar[ErrorReason]
    ERROR_REASON_OUTSIDE_BOOKING_WINDOW: _ClassVar[ErrorReason]
    ERROR_REASON_INVALID_TRANSITION: _ClassVar[ErrorReason]
    ERROR_REASON_AWAITING_OTHER_PARTICIPANT: _ClassVar[ErrorReason]
    ERROR_REASON_SESSION_STARTED: _ClassVar[ErrorReason]
    ERROR_REASON_OUTSIDE_START_WINDOW: _ClassVar[ErrorReason]
    ERROR_REASON_PAYMENT_REQUIRED: _ClassVar[ErrorReason]
    ERROR_REASON_ETAG_MISMATCH: _ClassVar[ErrorReason]
    ERROR_REASON_ALREADY_RATED: _ClassVar[ErrorReason]
    ERROR_REASON_RATING_WINDOW_CLOSED: _ClassVar[ErrorReason]
    ERROR_REASON_REPORT_EXISTS: _ClassVar[ErrorReason]
    ERROR_REASON_REPORT_WINDOW_CLOSED: _ClassVar[ErrorReason]
    ERROR_REASON_RESCHEDULE_PENDING: _ClassVar[ErrorReason]
    ERROR_REASON_NO_PENDING_RESCHEDULE: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_SETTINGS_OWNER: _ClassVar[ErrorReason]
SESSION_STATUS_UNSPECIFIED: SessionStatus
SESSION_STATUS_REQUESTED: SessionStatus
SESSION_STATUS_CONFIRMED: SessionStatus
SESSION_STATUS_IN_PROGRESS: SessionStatus
SESSION_STATUS_COMPLETED: SessionStatus
SESSION_STATUS_CANCELLED: SessionStatus
SESSION_STATUS_DECLINED: SessionStatus
SESSION_STATUS_EXPIRED: SessionStatus
SESSION_STATUS_NO_SHOW: SessionStatus
SESSION_MODE_UNSPECIFIED: SessionMode
SESSION_MODE_ONLINE: SessionMode
SESSION_MODE_IN_PERSON: SessionMode
SESSION_ROLE_UNSPECIFIED: SessionRole
SESSION_ROLE_TEACHER: SessionRole
SESSION_ROLE_LEARNER: SessionRole
CANCELLATION_REASON_UNSPECIFIED: CancellationReason
CANCELLATION_REASON_SCHEDULE_CONFLICT: CancellationReason
CANCELLATION_REASON_PERSONAL: CancellationReason
CANCELLATION_REASON_NO_LONGER_NEEDED: CancellationReason
CANCELLATION_REASON_NOT_A_FIT: CancellationReason
CANCELLATION_REASON_MODERATION: CancellationReason
CANCELLATION_REASON_OTHER: CancellationReason
SESSION_REPORT_REASON_UNSPECIFIED: SessionReportReason
SESSION_REPORT_REASON_NO_SHOW: SessionReportReason
SESSION_REPORT_REASON_LATE_OR_LEFT_EARLY: SessionReportReason
SESSION_REPORT_REASON_INAPPROPRIATE_BEHAVIOR: SessionReportReason
SESSION_REPORT_REASON_HARASSMENT: SessionReportReason
SESSION_REPORT_REASON_SCAM: SessionReportReason
SESSION_REPORT_REASON_NOT_AS_DESCRIBED: SessionReportReason
SESSION_REPORT_REASON_TECHNICAL_ISSUE: SessionReportReason
SESSION_REPORT_REASON_OTHER: SessionReportReason
SESSION_REPORT_STATUS_UNSPECIFIED: SessionReportStatus
SESSION_REPORT_STATUS_OPEN: SessionReportStatus
SESSION_REPORT_STATUS_UNDER_REVIEW: SessionReportStatus
SESSION_REPORT_STATUS_RESOLVED: SessionReportStatus
SESSION_REPORT_STATUS_DISMISSED: SessionReportStatus
ERROR_REASON_UNSPECIFIED: ErrorReason
ERROR_REASON_SESSION_NOT_FOUND: ErrorReason
ERROR_REASON_PARTICIPANT_NOT_FOUND: ErrorReason
ERROR_REASON_SAME_PARTICIPANT: ErrorReason
ERROR_REASON_NOT_A_PARTICIPANT: ErrorReason
ERROR_REASON_SKILL_NOT_TAUGHT: ErrorReason
ERROR_REASON_SLOT_CONFLICT: ErrorReason
ERROR_REASON_SLOT_UNAVAILABLE: ErrorReason
ERROR_REASON_OUTSIDE_BOOKING_WINDOW: ErrorReason
ERROR_REASON_INVALID_TRANSITION: ErrorReason
ERROR_REASON_AWAITING_OTHER_PARTICIPANT: ErrorReason
ERROR_REASON_SESSION_STARTED: ErrorReason
ERROR_REASON_OUTSIDE_START_WINDOW: ErrorReason
ERROR_REASON_PAYMENT_REQUIRED: ErrorReason
ERROR_REASON_ETAG_MISMATCH: ErrorReason
ERROR_REASON_ALREADY_RATED: ErrorReason
ERROR_REASON_RATING_WINDOW_CLOSED: ErrorReason
ERROR_REASON_REPORT_EXISTS: ErrorReason
ERROR_REASON_REPORT_WINDOW_CLOSED: ErrorReason
ERROR_REASON_RESCHEDULE_PENDING: ErrorReason
ERROR_REASON_NO_PENDING_RESCHEDULE: ErrorReason
ERROR_REASON_NOT_SETTINGS_OWNER: ErrorReason

class SessionRating(_message.Message):
    __slots__ = ("session_id", "rater_user_id", "rated_user_id", "rating", "comment", "create_time")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    RATER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RATED_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    rater_user_id: str
    rated_user_id: str
    rating: int
    comment: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, session_id: _Optional[str] = ..., rater_user_id: _Optional[str] = ..., rated_user_id: _Optional[str] = ..., rating: _Optional[int] = ..., comment: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Session(_message.Message):
    __slots__ = ("id", "title", "description", "skill_id", "teacher_user_id", "learner_user_id", "requested_by_user_id", "awaiting_user_id", "status", "scheduled_start_time", "duration_minutes", "scheduled_end_time", "time_zone", "mode", "location", "meeting_url", "price", "escrow_id", "start_time", "complete_time", "cancel_time", "cancelled_by_user_id", "cancellation_reason", "cancellation_note", "ratings", "create_time", "update_time", "etag", "pending_reschedule", "teacher", "learner")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    TEACHER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    LEARNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AWAITING_USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_START_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_END_TIME_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    MEETING_URL_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    ESCROW_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_TIME_FIELD_NUMBER: _ClassVar[int]
    CANCEL_TIME_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_REASON_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_NOTE_FIELD_NUMBER: _ClassVar[int]
    RATINGS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    PENDING_RESCHEDULE_FIELD_NUMBER: _ClassVar[int]
    TEACHER_FIELD_NUMBER: _ClassVar[int]
    LEARNER_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: str
    description: str
    skill_id: str
    teacher_user_id: str
    learner_user_id: str
    requested_by_user_id: str
    awaiting_user_id: str
    status: SessionStatus
    scheduled_start_time: _timestamp_pb2.Timestamp
    duration_minutes: int
    scheduled_end_time: _timestamp_pb2.Timestamp
    time_zone: str
    mode: SessionMode
    location: str
    meeting_url: str
    price: _common_pb2.Money
    escrow_id: str
    start_time: _timestamp_pb2.Timestamp
    complete_time: _timestamp_pb2.Timestamp
    cancel_time: _timestamp_pb2.Timestamp
    cancelled_by_user_id: str
    cancellation_reason: CancellationReason
    cancellation_note: str
    ratings: _containers.RepeatedCompositeFieldContainer[SessionRating]
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    pending_reschedule: ProposedTime
    teacher: _user_pb2.UserSummary
    learner: _user_pb2.UserSummary
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., skill_id: _Optional[str] = ..., teacher_user_id: _Optional[str] = ..., learner_user_id: _Optional[str] = ..., requested_by_user_id: _Optional[str] = ..., awaiting_user_id: _Optional[str] = ..., status: _Optional[_Union[SessionStatus, str]] = ..., scheduled_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_minutes: _Optional[int] = ..., scheduled_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., time_zone: _Optional[str] = ..., mode: _Optional[_Union[SessionMode, str]] = ..., location: _Optional[str] = ..., meeting_url: _Optional[str] = ..., price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., escrow_id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cancel_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cancelled_by_user_id: _Optional[str] = ..., cancellation_reason: _Optional[_Union[CancellationReason, str]] = ..., cancellation_note: _Optional[str] = ..., ratings: _Optional[_Iterable[_Union[SessionRating, _Mapping]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., pending_reschedule: _Optional[_Union[ProposedTime, _Mapping]] = ..., teacher: _Optional[_Union[_user_pb2.UserSummary, _Mapping]] = ..., learner: _Optional[_Union[_user_pb2.UserSummary, _Mapping]] = ...) -> None: ...

class ProposedTime(_message.Message):
    __slots__ = ("scheduled_start_time", "duration_minutes", "proposed_by_user_id", "note", "create_time")
    SCHEDULED_START_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    scheduled_start_time: _timestamp_pb2.Timestamp
    duration_minutes: int
    proposed_by_user_id: str
    note: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, scheduled_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_minutes: _Optional[int] = ..., proposed_by_user_id: _Optional[str] = ..., note: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AvailableSlot(_message.Message):
    __slots__ = ("start_time", "end_time", "local_start")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    LOCAL_START_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    local_start: str
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., local_start: _Optional[str] = ...) -> None: ...

class BookingSettings(_message.Message):
    __slots__ = ("user_id", "buffer_before_minutes", "buffer_after_minutes", "minimum_notice_minutes", "booking_horizon_days", "daily_limit", "slot_interval_minutes")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    BUFFER_BEFORE_MINUTES_FIELD_NUMBER: _ClassVar[int]
    BUFFER_AFTER_MINUTES_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_NOTICE_MINUTES_FIELD_NUMBER: _ClassVar[int]
    BOOKING_HORIZON_DAYS_FIELD_NUMBER: _ClassVar[int]
    DAILY_LIMIT_FIELD_NUMBER: _ClassVar[int]
    SLOT_INTERVAL_MINUTES_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    buffer_before_minutes: int
    buffer_after_minutes: int
    minimum_notice_minutes: int
    booking_horizon_days: int
    daily_limit: int
    slot_interval_minutes: int
    def __init__(self, user_id: _Optional[str] = ..., buffer_before_minutes: _Optional[int] = ..., buffer_after_minutes: _Optional[int] = ..., minimum_notice_minutes: _Optional[int] = ..., booking_horizon_days: _Optional[int] = ..., daily_limit: _Optional[int] = ..., slot_interval_minutes: _Optional[int] = ...) -> None: ...

class SessionReport(_message.Message):
    __slots__ = ("id", "session_id", "reporter_user_id", "reason", "details", "status", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    REPORTER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    session_id: str
    reporter_user_id: str
    reason: SessionReportReason
    details: str
    status: SessionReportStatus
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., session_id: _Optional[str] = ..., reporter_user_id: _Optional[str] = ..., reason: _Optional[_Union[SessionReportReason, str]] = ..., details: _Optional[str] = ..., status: _Optional[_Union[SessionReportStatus, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateSessionRequest(_message.Message):
    __slots__ = ("idempotency_key", "skill_id", "teacher_user_id", "learner_user_id", "title", "description", "scheduled_start_time", "duration_minutes", "time_zone", "mode", "location", "price")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    TEACHER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    LEARNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_START_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    skill_id: str
    teacher_user_id: str
    learner_user_id: str
    title: str
    description: str
    scheduled_start_time: _timestamp_pb2.Timestamp
    duration_minutes: int
    time_zone: str
    mode: SessionMode
    location: str
    price: _common_pb2.Money
    def __init__(self, idempotency_key: _Optional[str] = ..., skill_id: _Optional[str] = ..., teacher_user_id: _Optional[str] = ..., learner_user_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., scheduled_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_minutes: _Optional[int] = ..., time_zone: _Optional[str] = ..., mode: _Optional[_Union[SessionMode, str]] = ..., location: _Optional[str] = ..., price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class CreateSessionResponse(_message.Message):
    __slots__ = ("session", "payment_client_secret")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    session: Session
    payment_client_secret: str
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ..., payment_client_secret: _Optional[str] = ...) -> None: ...

class GetSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class GetSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class UpdateSessionRequest(_message.Message):
    __slots__ = ("session", "update_mask")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    session: Session
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class CancelSessionRequest(_message.Message):
    __slots__ = ("session_id", "reason", "note", "validate_only")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    reason: CancellationReason
    note: str
    validate_only: bool
    def __init__(self, session_id: _Optional[str] = ..., reason: _Optional[_Union[CancellationReason, str]] = ..., note: _Optional[str] = ..., validate_only: _Optional[bool] = ...) -> None: ...

class CancelSessionResponse(_message.Message):
    __slots__ = ("session", "refund_amount", "refund_percent")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    REFUND_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REFUND_PERCENT_FIELD_NUMBER: _ClassVar[int]
    session: Session
    refund_amount: _common_pb2.Money
    refund_percent: int
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ..., refund_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., refund_percent: _Optional[int] = ...) -> None: ...

class ConfirmSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class ConfirmSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class DeclineSessionRequest(_message.Message):
    __slots__ = ("session_id", "reason", "note")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    reason: CancellationReason
    note: str
    def __init__(self, session_id: _Optional[str] = ..., reason: _Optional[_Union[CancellationReason, str]] = ..., note: _Optional[str] = ...) -> None: ...

class DeclineSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class StartSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class StartSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class CompleteSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class CompleteSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class ListUserSessionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "statuses", "role", "start_time_from", "start_time_to", "counterpart_user_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FROM_FIELD_NUMBER: _ClassVar[int]
    START_TIME_TO_FIELD_NUMBER: _ClassVar[int]
    COUNTERPART_USER_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    statuses: _containers.RepeatedScalarFieldContainer[SessionStatus]
    role: SessionRole
    start_time_from: _timestamp_pb2.Timestamp
    start_time_to: _timestamp_pb2.Timestamp
    counterpart_user_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[SessionStatus, str]]] = ..., role: _Optional[_Union[SessionRole, str]] = ..., start_time_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., start_time_to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., counterpart_user_id: _Optional[str] = ...) -> None: ...

class ListUserSessionsResponse(_message.Message):
    __slots__ = ("sessions", "next_page_token")
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    next_page_token: str
    def __init__(self, sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RateSessionRequest(_message.Message):
    __slots__ = ("session_id", "rating", "comment")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    rating: int
    comment: str
    def __init__(self, session_id: _Optional[str] = ..., rating: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class RateSessionResponse(_message.Message):
    __slots__ = ("rating",)
    RATING_FIELD_NUMBER: _ClassVar[int]
    rating: SessionRating
    def __init__(self, rating: _Optional[_Union[SessionRating, _Mapping]] = ...) -> None: ...

class ReportSessionRequest(_message.Message):
    __slots__ = ("session_id", "reason", "details")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    reason: SessionReportReason
    details: str
    def __init__(self, session_id: _Optional[str] = ..., reason: _Optional[_Union[SessionReportReason, str]] = ..., details: _Optional[str] = ...) -> None: ...

class ReportSessionResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: SessionReport
    def __init__(self, report: _Optional[_Union[SessionReport, _Mapping]] = ...) -> None: ...

class GetUpcomingSessionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "within_days", "include_requested")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    WITHIN_DAYS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    within_days: int
    include_requested: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., within_days: _Optional[int] = ..., include_requested: _Optional[bool] = ...) -> None: ...

class GetUpcomingSessionsResponse(_message.Message):
    __slots__ = ("sessions", "next_page_token")
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    next_page_token: str
    def __init__(self, sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListAvailableSlotsRequest(_message.Message):
    __slots__ = ("teacher_user_id", "duration_minutes", "window_start_time", "window_end_time", "time_zone")
    TEACHER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    WINDOW_START_TIME_FIELD_NUMBER: _ClassVar[int]
    WINDOW_END_TIME_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    teacher_user_id: str
    duration_minutes: int
    window_start_time: _timestamp_pb2.Timestamp
    window_end_time: _timestamp_pb2.Timestamp
    time_zone: str
    def __init__(self, teacher_user_id: _Optional[str] = ..., duration_minutes: _Optional[int] = ..., window_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., window_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., time_zone: _Optional[str] = ...) -> None: ...

class ListAvailableSlotsResponse(_message.Message):
    __slots__ = ("slots", "teacher_time_zone", "time_zone")
    SLOTS_FIELD_NUMBER: _ClassVar[int]
    TEACHER_TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    slots: _containers.RepeatedCompositeFieldContainer[AvailableSlot]
    teacher_time_zone: str
    time_zone: str
    def __init__(self, slots: _Optional[_Iterable[_Union[AvailableSlot, _Mapping]]] = ..., teacher_time_zone: _Optional[str] = ..., time_zone: _Optional[str] = ...) -> None: ...

class RescheduleSessionRequest(_message.Message):
    __slots__ = ("session_id", "scheduled_start_time", "duration_minutes", "note")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_START_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    scheduled_start_time: _timestamp_pb2.Timestamp
    duration_minutes: int
    note: str
    def __init__(self, session_id: _Optional[str] = ..., scheduled_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_minutes: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...

class RescheduleSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class RespondToRescheduleRequest(_message.Message):
    __slots__ = ("session_id", "accept")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    accept: bool
    def __init__(self, session_id: _Optional[str] = ..., accept: _Optional[bool] = ...) -> None: ...

class RespondToRescheduleResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class GetBookingSettingsRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetBookingSettingsResponse(_message.Message):
    __slots__ = ("settings", "custom_paths")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_PATHS_FIELD_NUMBER: _ClassVar[int]
    settings: BookingSettings
    custom_paths: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, settings: _Optional[_Union[BookingSettings, _Mapping]] = ..., custom_paths: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateBookingSettingsRequest(_message.Message):
    __slots__ = ("user_id", "settings", "update_mask")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    settings: BookingSettings
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, user_id: _Optional[str] = ..., settings: _Optional[_Union[BookingSettings, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateBookingSettingsResponse(_message.Message):
    __slots__ = ("settings", "custom_paths")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_PATHS_FIELD_NUMBER: _ClassVar[int]
    settings: BookingSettings
    custom_paths: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, settings: _Optional[_Union[BookingSettings, _Mapping]] = ..., custom_paths: _Optional[_Iterable[str]] = ...) -> None: ...
