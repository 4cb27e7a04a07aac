import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from skillsphere.auth.v1 import auth_pb2 as _auth_pb2
from skillsphere.common.v1 import common_pb2 as _common_pb2
from skillsphere.common.v1 import validate_pb2 as _validate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UserStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_STATUS_UNSPECIFIED: _ClassVar[UserStatus]
    USER_STATUS_ACTIVE: _ClassVar[UserStatus]
    USER_STATUS_SUSPENDED: _ClassVar[UserStatus]
    USER_STATUS_DELETED: _ClassVar[UserStatus]

class SubjectType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBJECT_TYPE_UNSPECIFIED: _ClassVar[SubjectType]
    SUBJECT_TYPE_USER: _ClassVar[SubjectType]
    SUBJECT_TYPE_MESSAGE: _ClassVar[SubjectType]
    SUBJECT_TYPE_SESSION: _ClassVar[SubjectType]
    SUBJECT_TYPE_GIG: _ClassVar[SubjectType]
    SUBJECT_TYPE_REVIEW: _ClassVar[SubjectType]
    SUBJECT_TYPE_WORKSHOP: _ClassVar[SubjectType]
    SUBJECT_TYPE_CHALLENGE: _ClassVar[SubjectType]
    SUBJECT_TYPE_CHALLENGE_ENTRY: _ClassVar[SubjectType]
    SUBJECT_TYPE_SKILL: _ClassVar[SubjectType]

class ReportReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_REASON_UNSPECIFIED: _ClassVar[ReportReason]
    REPORT_REASON_SPAM: _ClassVar[ReportReason]
    REPORT_REASON_HARASSMENT: _ClassVar[ReportReason]
    REPORT_REASON_HATE_SPEECH: _ClassVar[ReportReason]
    REPORT_REASON_INAPPROPRIATE_CONTENT: _ClassVar[ReportReason]
    REPORT_REASON_INAPPROPRIATE_BEHAVIOR: _ClassVar[ReportReason]
    REPORT_REASON_SCAM: _ClassVar[ReportReason]
    REPORT_REASON_NO_SHOW: _ClassVar[ReportReason]
    REPORT_REASON_LATE_OR_LEFT_EARLY: _ClassVar[ReportReason]
    REPORT_REASON_NOT_AS_DESCRIBED: _ClassVar[ReportReason]
    REPORT_REASON_TECHNICAL_ISSUE: _ClassVar[ReportReason]
    REPORT_REASON_IMPERSONATION: _ClassVar[ReportReason]
    REPORT_REASON_INTELLECTUAL_PROPERTY: _ClassVar[ReportReason]
    REPORT_REASON_OTHER: _ClassVar[ReportReason]

class ReportSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_SOURCE_UNSPECIFIED: _ClassVar[ReportSource]
    REPORT_SOURCE_USER: _ClassVar[ReportSource]
    REPORT_SOURCE_AUTOMATED: _ClassVar[ReportSource]

class ReportStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_STATUS_UNSPECIFIED: _ClassVar[ReportStatus]
    REPORT_STATUS_OPEN: _ClassVar[ReportStatus]
    REPORT_STATUS_RESOLVED: _ClassVar[ReportStatus]

class ModerationAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MODERATION_ACTION_UNSPECIFIED: _ClassVar[ModerationAction]
    MODERATION_ACTION_NO_ACTION: _ClassVar[ModerationAction]
    MODERATION_ACTION_WARN_USER: _ClassVar[ModerationAction]
    MODERATION_ACTION_REMOVE_CONTENT: _ClassVar[ModerationAction]
    MODERATION_ACTION_SUSPEND_USER: _ClassVar[ModerationAction]
    MODERATION_ACTION_BAN_USER: _ClassVar[ModerationAction]

class DisputeStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISPUTE_STATUS_UNSPECIFIED: _ClassVar[DisputeStatus]
    DISPUTE_STATUS_OPEN: _ClassVar[DisputeStatus]
    DISPUTE_STATUS_RESOLVED: _ClassVar[DisputeStatus]

class DisputeOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISPUTE_OUTCOME_UNSPECIFIED: _ClassVar[DisputeOutcome]
    DISPUTE_OUTCOME_RELEASE_TO_PROVIDER: _ClassVar[DisputeOutcome]
    DISPUTE_OUTCOME_REFUND_TO_CUSTOMER: _ClassVar[DisputeOutcome]
    DISPUTE_OUTCOME_SPLIT: _ClassVar[DisputeOutcome]
    DISPUTE_OUTCOME_DISMISSED: _ClassVar[DisputeOutcome]

class ModerationQueue(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MODERATION_QUEUE_UNSPECIFIED: _ClassVar[ModerationQueue]
    MODERATION_QUEUE_USER_REPORTS: _ClassVar[ModerationQueue]
    MODERATION_QUEUE_AUTOMATED_FLAGS: _ClassVar[ModerationQueue]
    MODERATION_QUEUE_DISPUTES: _ClassVar[ModerationQueue]

class HealthStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HEALTH_STATUS_UNSPECIFIED: _ClassVar[HealthStatus]
    HEALTH_STATUS_HEALTHY: _ClassVar[HealthStatus]
    HEALTH_STATUS_DEGRADED: _ClassVar[HealthStatus]
    HEALTH_STATUS_UNHEALTHY: _ClassVar[HealthStatus]
USER_STATUS_UNSPECIFIED: UserStatus
USER_STATUS_ACTIVE: UserStatus
USER_STATUS_SUSPENDED: UserStatus
USER_STATUS_DELETED: UserStatus
SUBJECT_TYPE_UNSPECIFIED: SubjectType
SUBJECT_TYPE_USER: SubjectType
SUBJECT_TYPE_MESSAGE: SubjectType
SUBJECT_TYPE_SESSION: SubjectType
SUBJECT_TYPE_GIG: SubjectType
SUBJECT_TYPE_REVIEW: SubjectType
SUBJECT_TYPE_WORKSHOP: SubjectType
SUBJECT_TYPE_CHALLENGE: SubjectType
SUBJECT_TYPE_CHALLENGE_ENTRY: SubjectType
SUBJECT_TYPE_SKILL: SubjectType
REPORT_REASON_UNSPECIFIED: ReportReason
REPORT_REASON_SPAM: ReportReason
REPORT_REASON_HARASSMENT: ReportReason
REPORT_REASON_HATE_SPEECH: ReportReason
REPORT_REASON_INAPPROPRIATE_CONTENT: ReportReason
REPORT_REASON_INAPPROPRIATE_BEHAVIOR: ReportReason
REPORT_REASON_SCAM: ReportReason
REPORT_REASON_NO_SHOW: ReportReason
REPORT_REASON_LATE_OR_LEFT_EARLY: ReportReason
REPORT_REASON_NOT_AS_DESCRIBED: ReportReason
REPORT_REASON_TECHNICAL_ISSUE: ReportReason
REPORT_REASON_IMPERSONATION: ReportReason
REPORT_REASON_INTELLECTUAL_PROPERTY: ReportReason
REPORT_REASON_OTHER: ReportReason
REPORT_SOURCE_UNSPECIFIED: ReportSource
REPORT_SOURCE_USER: ReportSource
REPORT_SOURCE_AUTOMATED: ReportSource
REPORT_STATUS_UNSPECIFIED: ReportStatus
REPORT_STATUS_OPEN: ReportStatus
REPORT_STATUS_RESOLVED: ReportStatus
MODERATION_ACTION_UNSPECIFIED: ModerationAction
MODERATION_ACTION_NO_ACTION: ModerationAction
MODERATION_ACTION_WARN_USER: ModerationAction
MODERATION_ACTION_REMOVE_CONTENT: ModerationAction
MODERATION_ACTION_SUSPEND_USER: ModerationAction
MODERATION_ACTION_BAN_USER: ModerationAction
DISPUTE_STATUS_UNSPECIFIED: DisputeStatus
DISPUTE_STATUS_OPEN: DisputeStatus
DISPUTE_STATUS_RESOLVED: DisputeStatus
DISPUTE_OUTCOME_UNSPECIFIED: DisputeOutcome
DISPUTE_OUTCOME_RELEASE_TO_PROVIDER: DisputeOutcome
DISPUTE_OUTCOME_REFUND_TO_CUSTOMER: DisputeOutcome
DISPUTE_OUTCOME_SPLIT: DisputeOutcome
DISPUTE_OUTCOME_DISMISSED: DisputeOutcome
MODERATION_QUEUE_UNSPECIFIED: ModerationQueue
MODERATION_QUEUE_USER_REPORTS: ModerationQueue
MODERATION_QUEUE_AUTOMATED_FLAGS: ModerationQueue
MODERATION_QUEUE_DISPUTES: ModerationQueue
HEALTH_STATUS_UNSPECIFIED: HealthStatus
HEALTH_STATUS_HEALTHY: HealthStatus
HEALTH_STATUS_DEGRADED: HealthStatus
HEALTH_STATUS_UNHEALTHY: HealthStatus

class Suspension(_message.Message):
    __slots__ = ("reason", "suspended_by_user_id", "suspend_time", "suspend_until", "report_id")
    REASON_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPEND_TIME_FIELD_NUMBER: _ClassVar[int]
    SUSPEND_UNTIL_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    reason: str
    suspended_by_user_id: str
    suspend_time: _timestamp_pb2.Timestamp
    suspend_until: _timestamp_pb2.Timestamp
    report_id: str
    def __init__(self, reason: _Optional[str] = ..., suspended_by_user_id: _Optional[str] = ..., suspend_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., suspend_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., report_id: _Optional[str] = ...) -> None: ...

class AdminUser(_message.Message):
    __slots__ = ("id", "email", "email_verified", "display_name", "roles", "status", "suspension", "report_count", "open_report_count", "featured", "last_active_time", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUSPENSION_FIELD_NUMBER: _ClassVar[int]
    REPORT_COUNT_FIELD_NUMBER: _ClassVar[int]
    OPEN_REPORT_COUNT_FIELD_NUMBER: _ClassVar[int]
    FEATURED_FIELD_NUMBER: _ClassVar[int]
    LAST_ACTIVE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    email: str
    email_verified: bool
    display_name: str
    roles: _containers.RepeatedScalarFieldContainer[_auth_pb2.Role]
    status: UserStatus
    suspension: Suspension
    report_count: int
    open_report_count: int
    featured: bool
    last_active_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., email: _Optional[str] = ..., email_verified: _Optional[bool] = ..., display_name: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[_auth_pb2.Role, str]]] = ..., status: _Optional[_Union[UserStatus, str]] = ..., suspension: _Optional[_Union[Suspension, _Mapping]] = ..., report_count: _Optional[int] = ..., open_report_count: _Optional[int] = ..., featured: _Optional[bool] = ..., last_active_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query", "statuses", "role", "has_open_reports", "created_after", "created_before")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    HAS_OPEN_REPORTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    statuses: _containers.RepeatedScalarFieldContainer[UserStatus]
    role: _auth_pb2.Role
    has_open_reports: bool
    created_after: _timestamp_pb2.Timestamp
    created_before: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[UserStatus, str]]] = ..., role: _Optional[_Union[_auth_pb2.Role, str]] = ..., has_open_reports: _Optional[bool] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListUsersResponse(_message.Message):
    __slots__ = ("users", "next_page_token")
    USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[AdminUser]
    next_page_token: str
    def __init__(self, users: _Optional[_Iterable[_Union[AdminUser, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: AdminUser
    def __init__(self, user: _Optional[_Union[AdminUser, _Mapping]] = ...) -> None: ...

class SuspendUserRequest(_message.Message):
    __slots__ = ("user_id", "reason", "suspend_until", "report_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SUSPEND_UNTIL_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    reason: str
    suspend_until: _timestamp_pb2.Timestamp
    report_id: str
    def __init__(self, user_id: _Optional[str] = ..., reason: _Optional[str] = ..., suspend_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., report_id: _Optional[str] = ...) -> None: ...

class SuspendUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: AdminUser
    def __init__(self, user: _Optional[_Union[AdminUser, _Mapping]] = ...) -> None: ...

class UnsuspendUserRequest(_message.Message):
    __slots__ = ("user_id", "note")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    note: str
    def __init__(self, user_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class UnsuspendUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: AdminUser
    def __init__(self, user: _Optional[_Union[AdminUser, _Mapping]] = ...) -> None: ...

class SetUserRolesRequest(_message.Message):
    __slots__ = ("user_id", "roles")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    roles: _containers.RepeatedScalarFieldContainer[_auth_pb2.Role]
    def __init__(self, user_id: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[_auth_pb2.Role, str]]] = ...) -> None: ...

class SetUserRolesResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: AdminUser
    def __init__(self, user: _Optional[_Union[AdminUser, _Mapping]] = ...) -> None: ...

class ReportResolution(_message.Message):
    __slots__ = ("action", "note", "resolved_by_user_id", "resolve_time")
    ACTION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLVE_TIME_FIELD_NUMBER: _ClassVar[int]
    action: ModerationAction
    note: str
    resolved_by_user_id: str
    resolve_time: _timestamp_pb2.Timestamp
    def __init__(self, action: _Optional[_Union[ModerationAction, str]] = ..., note: _Optional[str] = ..., resolved_by_user_id: _Optional[str] = ..., resolve_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Report(_message.Message):
    __slots__ = ("id", "source", "reporter_user_id", "subject_type", "subject_id", "subject_owner_user_id", "reason", "details", "content_snapshot", "status", "resolution", "claimed_by_user_id", "claim_expire_time", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REPORTER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    CONTENT_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CLAIM_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    source: ReportSource
    reporter_user_id: str
    subject_type: SubjectType
    subject_id: str
    subject_owner_user_id: str
    reason: ReportReason
    details: str
    content_snapshot: str
    status: ReportStatus
    resolution: ReportResolution
    claimed_by_user_id: str
    claim_expire_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., source: _Optional[_Union[ReportSource, str]] = ..., reporter_user_id: _Optional[str] = ..., subject_type: _Optional[_Union[SubjectType, str]] = ..., subject_id: _Optional[str] = ..., subject_owner_user_id: _Optional[str] = ..., reason: _Optional[_Union[ReportReason, str]] = ..., details: _Optional[str] = ..., content_snapshot: _Optional[str] = ..., status: _Optional[_Union[ReportStatus, str]] = ..., resolution: _Optional[_Union[ReportResolution, _Mapping]] = ..., claimed_by_user_id: _Optional[str] = ..., claim_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListReportsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "statuses", "subject_types", "reasons", "source", "subject_owner_user_id", "subject_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_TYPES_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    statuses: _containers.RepeatedScalarFieldContainer[ReportStatus]
    subject_types: _containers.RepeatedScalarFieldContainer[SubjectType]
    reasons: _containers.RepeatedScalarFieldContainer[ReportReason]
    source: ReportSource
    subject_owner_user_id: str
    subject_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[ReportStatus, str]]] = ..., subject_types: _Optional[_Iterable[_Union[SubjectType, str]]] = ..., reasons: _Optional[_Iterable[_Union[ReportReason, str]]] = ..., source: _Optional[_Union[ReportSource, str]] = ..., subject_owner_user_id: _Optional[str] = ..., subject_id: _Optional[str] = ...) -> None: ...

class ListReportsResponse(_message.Message):
    __slots__ = ("reports", "next_page_token")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[Report]
    next_page_token: str
    def __init__(self, reports: _Optional[_Iterable[_Union[Report, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetReportRequest(_message.Message):
    __slots__ = ("report_id",)
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    def __init__(self, report_id: _Optional[str] = ...) -> None: ...

class GetReportResponse(_message.Message):
    __slots__ = ("report", "related_reports")
    REPORT_FIELD_NUMBER: _ClassVar[int]
    RELATED_REPORTS_FIELD_NUMBER: _ClassVar[int]
    report: Report
    related_reports: _containers.RepeatedCompositeFieldContainer[Report]
    def __init__(self, report: _Optional[_Union[Report, _Mapping]] = ..., related_reports: _Optional[_Iterable[_Union[Report, _Mapping]]] = ...) -> None: ...

class ResolveReportRequest(_message.Message):
    __slots__ = ("report_id", "action", "note", "suspend_until", "resolve_related")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    SUSPEND_UNTIL_FIELD_NUMBER: _ClassVar[int]
    RESOLVE_RELATED_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    action: ModerationAction
    note: str
    suspend_until: _timestamp_pb2.Timestamp
    resolve_related: bool
    def __init__(self, report_id: _Optional[str] = ..., action: _Optional[_Union[ModerationAction, str]] = ..., note: _Optional[str] = ..., suspend_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolve_related: _Optional[bool] = ...) -> None: ...

class ResolveReportResponse(_message.Message):
    __slots__ = ("report", "related_resolved_count", "subject_owner")
    REPORT_FIELD_NUMBER: _ClassVar[int]
    RELATED_RESOLVED_COUNT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_OWNER_FIELD_NUMBER: _ClassVar[int]
    report: Report
    related_resolved_count: int
    subject_owner: AdminUser
    def __init__(self, report: _Optional[_Union[Report, _Mapping]] = ..., related_resolved_count: _Optional[int] = ..., subject_owner: _Optional[_Union[AdminUser, _Mapping]] = ...) -> None: ...

class DisputeResolution(_message.Message):
    __slots__ = ("outcome", "provider_amount", "note", "resolved_by_user_id", "resolve_time")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLVE_TIME_FIELD_NUMBER: _ClassVar[int]
    outcome: DisputeOutcome
    provider_amount: _common_pb2.Money
    note: str
    resolved_by_user_id: str
    resolve_time: _timestamp_pb2.Timestamp
    def __init__(self, outcome: _Optional[_Union[DisputeOutcome, str]] = ..., provider_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., note: _Optional[str] = ..., resolved_by_user_id: _Optional[str] = ..., resolve_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Dispute(_message.Message):
    __slots__ = ("id", "subject_type", "subject_id", "opened_by_user_id", "customer_user_id", "provider_user_id", "reason", "description", "requested_outcome", "requested_provider_amount", "escrowed_amount", "payment_id", "status", "resolution", "claimed_by_user_id", "claim_expire_time", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    OPENED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_PROVIDER_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ESCROWED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CLAIM_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    subject_type: SubjectType
    subject_id: str
    opened_by_user_id: str
    customer_user_id: str
    provider_user_id: str
    reason: str
    description: str
    requested_outcome: DisputeOutcome
    requested_provider_amount: _common_pb2.Money
    escrowed_amount: _common_pb2.Money
    payment_id: str
    status: DisputeStatus
    resolution: DisputeResolution
    claimed_by_user_id: str
    claim_expire_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., subject_type: _Optional[_Union[SubjectType, str]] = ..., subject_id: _Optional[str] = ..., opened_by_user_id: _Optional[str] = ..., customer_user_id: _Optional[str] = ..., provider_user_id: _Optional[str] = ..., reason: _Optional[str] = ..., description: _Optional[str] = ..., requested_outcome: _Optional[_Union[DisputeOutcome, str]] = ..., requested_provider_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., escrowed_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payment_id: _Optional[str] = ..., status: _Optional[_Union[DisputeStatus, str]] = ..., resolution: _Optional[_Union[DisputeResolution, _Mapping]] = ..., claimed_by_user_id: _Optional[str] = ..., claim_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListDisputesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "statuses", "subject_types", "party_user_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_TYPES_FIELD_NUMBER: _ClassVar[int]
    PARTY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    statuses: _containers.RepeatedScalarFieldContainer[DisputeStatus]
    subject_types: _containers.RepeatedScalarFieldContainer[SubjectType]
    party_user_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[DisputeStatus, str]]] = ..., subject_types: _Optional[_Iterable[_Union[SubjectType, str]]] = ..., party_user_id: _Optional[str] = ...) -> None: ...

class ListDisputesResponse(_message.Message):
    __slots__ = ("disputes", "next_page_token")
    DISPUTES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    disputes: _containers.RepeatedCompositeFieldContainer[Dispute]
    next_page_token: str
    def __init__(self, disputes: _Optional[_Iterable[_Union[Dispute, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ResolveDisputeRequest(_message.Message):
    __slots__ = ("dispute_id", "outcome", "provider_amount", "note", "idempotency_key")
    DISPUTE_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    dispute_id: str
    outcome: DisputeOutcome
    provider_amount: _common_pb2.Money
    note: str
    idempotency_key: str
    def __init__(self, dispute_id: _Optional[str] = ..., outcome: _Optional[_Union[DisputeOutcome, str]] = ..., provider_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., note: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ResolveDisputeResponse(_message.Message):
    __slots__ = ("dispute",)
    DISPUTE_FIELD_NUMBER: _ClassVar[int]
    dispute: Dispute
    def __init__(self, dispute: _Optional[_Union[Dispute, _Mapping]] = ...) -> None: ...

class FeaturedUser(_message.Message):
    __slots__ = ("user_id", "skill_id", "blurb", "position", "start_time", "end_time", "featured_by_user_id", "create_time", "update_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    BLURB_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    FEATURED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    skill_id: str
    blurb: str
    position: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    featured_by_user_id: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., skill_id: _Optional[str] = ..., blurb: _Optional[str] = ..., position: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., featured_by_user_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetFeaturedUserRequest(_message.Message):
    __slots__ = ("user_id", "skill_id", "blurb", "position", "start_time", "end_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    BLURB_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    skill_id: str
    blurb: str
    position: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., skill_id: _Optional[str] = ..., blurb: _Optional[str] = ..., position: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetFeaturedUserResponse(_message.Message):
    __slots__ = ("featured_user",)
    FEATURED_USER_FIELD_NUMBER: _ClassVar[int]
    featured_user: FeaturedUser
    def __init__(self, featured_user: _Optional[_Union[FeaturedUser, _Mapping]] = ...) -> None: ...

class RemoveFeaturedUserRequest(_message.Message):
    __slots__ = ("user_id", "skill_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    skill_id: str
    def __init__(self, user_id: _Optional[str] = ..., skill_id: _Optional[str] = ...) -> None: ...

class RemoveFeaturedUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListFeaturedUsersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "include_scheduled", "include_expired", "skill_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_SCHEDULED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_EXPIRED_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    include_scheduled: bool
    include_expired: bool
    skill_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., include_scheduled: _Optional[bool] = ..., include_expired: _Optional[bool] = ..., skill_id: _Optional[str] = ...) -> None: ...

class ListFeaturedUsersResponse(_message.Message):
    __slots__ = ("featured_users", "next_page_token")
    FEATURED_USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    featured_users: _containers.RepeatedCompositeFieldContainer[FeaturedUser]
    next_page_token: str
    def __init__(self, featured_users: _Optional[_Iterable[_Union[FeaturedUser, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class FeaturedSkill(_message.Message):
    __slots__ = ("skill_id", "blurb", "position", "start_time", "end_time", "featured_by_user_id", "create_time", "update_time")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    BLURB_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    FEATURED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    blurb: str
    position: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    featured_by_user_id: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, skill_id: _Optional[str] = ..., blurb: _Optional[str] = ..., position: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., featured_by_user_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetFeaturedSkillRequest(_message.Message):
    __slots__ = ("skill_id", "blurb", "position", "start_time", "end_time")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    BLURB_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    blurb: str
    position: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, skill_id: _Optional[str] = ..., blurb: _Optional[str] = ..., position: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetFeaturedSkillResponse(_message.Message):
    __slots__ = ("featured_skill",)
    FEATURED_SKILL_FIELD_NUMBER: _ClassVar[int]
    featured_skill: FeaturedSkill
    def __init__(self, featured_skill: _Optional[_Union[FeaturedSkill, _Mapping]] = ...) -> None: ...

class RemoveFeaturedSkillRequest(_message.Message):
    __slots__ = ("skill_id",)
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    def __init__(self, skill_id: _Optional[str] = ...) -> None: ...

class RemoveFeaturedSkillResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListFeaturedSkillsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "include_scheduled", "include_expired")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_SCHEDULED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_EXPIRED_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    include_scheduled: bool
    include_expired: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., include_scheduled: _Optional[bool] = ..., include_expired: _Optional[bool] = ...) -> None: ...

class ListFeaturedSkillsResponse(_message.Message):
    __slots__ = ("featured_skills", "next_page_token")
    FEATURED_SKILLS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    featured_skills: _containers.RepeatedCompositeFieldContainer[FeaturedSkill]
    next_page_token: str
    def __init__(self, featured_skills: _Optional[_Iterable[_Union[FeaturedSkill, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ModerationQueueSummary(_message.Message):
    __slots__ = ("queue", "open_count", "unclaimed_count", "claimed_by_caller_count", "oldest_open_create_time")
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    OPEN_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNCLAIMED_COUNT_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_BY_CALLER_COUNT_FIELD_NUMBER: _ClassVar[int]
    OLDEST_OPEN_CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    queue: ModerationQueue
    open_count: int
    unclaimed_count: int
    claimed_by_caller_count: int
    oldest_open_create_time: _timestamp_pb2.Timestamp
    def __init__(self, queue: _Optional[_Union[ModerationQueue, str]] = ..., open_count: _Optional[int] = ..., unclaimed_count: _Optional[int] = ..., claimed_by_caller_count: _Optional[int] = ..., oldest_open_create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetModerationQueuesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetModerationQueuesResponse(_message.Message):
    __slots__ = ("queues",)
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    queues: _containers.RepeatedCompositeFieldContainer[ModerationQueueSummary]
    def __init__(self, queues: _Optional[_Iterable[_Union[ModerationQueueSummary, _Mapping]]] = ...) -> None: ...

class ClaimModerationItemRequest(_message.Message):
    __slots__ = ("queue",)
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    queue: ModerationQueue
    def __init__(self, queue: _Optional[_Union[ModerationQueue, str]] = ...) -> None: ...

class ClaimModerationItemResponse(_message.Message):
    __slots__ = ("report", "dispute")
    REPORT_FIELD_NUMBER: _ClassVar[int]
    DISPUTE_FIELD_NUMBER: _ClassVar[int]
    report: Report
    dispute: Dispute
    def __init__(self, report: _Optional[_Union[Report, _Mapping]] = ..., dispute: _Optional[_Union[Dispute, _Mapping]] = ...) -> None: ...

class ComponentHealth(_message.Message):
    __slots__ = ("name", "status", "latency", "message", "provider", "check_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LATENCY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    CHECK_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    status: HealthStatus
    latency: _duration_pb2.Duration
    message: str
    provider: str
    check_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., status: _Optional[_Union[HealthStatus, str]] = ..., latency: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., message: _Optional[str] = ..., provider: _Optional[str] = ..., check_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class JobQueueHealth(_message.Message):
    __slots__ = ("pending_count", "running_count", "scheduled_count", "failed_last_hour_count", "oldest_pending_age")
    PENDING_COUNT_FIELD_NUMBER: _ClassVar[int]
    RUNNING_COUNT_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_COUNT_FIELD_NUMBER: _ClassVar[int]
    FAILED_LAST_HOUR_COUNT_FIELD_NUMBER: _ClassVar[int]
    OLDEST_PENDING_AGE_FIELD_NUMBER: _ClassVar[int]
    pending_count: int
    running_count: int
    scheduled_count: int
    failed_last_hour_count: int
    oldest_pending_age: _duration_pb2.Duration
    def __init__(self, pending_count: _Optional[int] = ..., running_count: _Optional[int] = ..., scheduled_count: _Optional[int] = ..., failed_last_hour_count: _Optional[int] = ..., oldest_pending_age: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class GetPlatformHealthRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPlatformHealthResponse(_message.Message):
    __slots__ = ("status", "components", "job_queue", "server_version", "uptime", "check_time")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    JOB_QUEUE_FIELD_NUMBER: _ClassVar[int]
    SERVER_VERSION_FIELD_NUMBER: _ClassVar[int]
    UPTIME_FIELD_NUMBER: _ClassVar[int]
    CHECK_TIME_FIELD_NUMBER: _ClassVar[int]
    status: HealthStatus
    components: _containers.RepeatedCompositeFieldContainer[ComponentHealth]
    job_queue: JobQueueHealth
    server_version: str
    uptime: _duration_pb2.Duration
    check_time: _timestamp_pb2.Timestamp
    def __init__(self, status: _Optional[_Union[HealthStatus, str]] = ..., components: _Optional[_Iterable[_Union[ComponentHealth, _Mapping]]] = ..., job_queue: _Optional[_Union[JobQueueHealth, _Mapping]] = ..., server_version: _Optional[str] = ..., uptime: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., check_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AuditLogEntry(_message.Message):
    __slots__ = ("id", "actor_user_id", "action", "target_type", "target_id", "details", "request_id", "ip_address", "user_agent", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_TYPE_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    IP_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    USER_AGENT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    actor_user_id: str
    action: str
    target_type: str
    target_id: str
    details: _struct_pb2.Struct
    request_id: str
    ip_address: str
    user_agent: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., actor_user_id: _Optional[str] = ..., action: _Optional[str] = ..., target_type: _Optional[str] = ..., target_id: _Optional[str] = ..., details: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., request_id: _Optional[str] = ..., ip_address: _Optional[str] = ..., user_agent: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListAuditLogsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "actor_user_id", "action", "target_type", "target_id", "start_time", "end_time")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_TYPE_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    actor_user_id: str
    action: str
    target_type: str
    target_id: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., actor_user_id: _Optional[str] = ..., action: _Optional[str] = ..., target_type: _Optional[str] = ..., target_id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListAuditLogsResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AuditLogEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[AuditLogEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SecurityEvent(_message.Message):
    __slots__ = ("id", "event_type", "user_id", "email", "ip_address", "user_agent", "details", "create_time")
    class DetailsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    IP_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    USER_AGENT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    event_type: str
    user_id: str
    email: str
    ip_address: str
    user_agent: str
    details: _containers.ScalarMap[str, str]
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., event_type: _Optional[str] = ..., user_id: _Optional[str] = ..., email: _Optional[str] = ..., ip_address: _Optional[str] = ..., user_agent: _Optional[str] = ..., details: _Optional[_Mapping[str, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListSecurityEventsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "event_types", "ip_address", "start_time", "end_time")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    IP_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    event_types: _containers.RepeatedScalarFieldContainer[str]
    ip_address: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., event_types: _Optional[_Iterable[str]] = ..., ip_address: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListSecurityEventsResponse(_message.Message):
    __slots__ = ("events", "next_page_token")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[SecurityEvent]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[SecurityEvent, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
