import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from skillsphere.common.v1 import common_pb2 as _common_pb2
from skillsphere.common.v1 import validate_pb2 as _validate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GigStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GIG_STATUS_UNSPECIFIED: _ClassVar[GigStatus]
    GIG_STATUS_OPEN: _ClassVar[GigStatus]
    GIG_STATUS_AWAITING_FUNDING: _ClassVar[GigStatus]
    GIG_STATUS_IN_PROGRESS: _ClassVar[GigStatus]
    GIG_STATUS_DELIVERED: _ClassVar[GigStatus]
    GIG_STATUS_COMPLETED: _ClassVar[GigStatus]
    GIG_STATUS_DISPUTED: _ClassVar[GigStatus]
    GIG_STATUS_CANCELLED: _ClassVar[GigStatus]

class AttachmentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ATTACHMENT_KIND_UNSPECIFIED: _ClassVar[AttachmentKind]
    ATTACHMENT_KIND_FILE: _ClassVar[AttachmentKind]
    ATTACHMENT_KIND_LINK: _ClassVar[AttachmentKind]

class ApplicationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    APPLICATION_STATUS_UNSPECIFIED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_PENDING: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_ACCEPTED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_REJECTED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_WITHDRAWN: _ClassVar[ApplicationStatus]

class SubmissionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBMISSION_STATUS_UNSPECIFIED: _ClassVar[SubmissionStatus]
    SUBMISSION_STATUS_PENDING_REVIEW: _ClassVar[SubmissionStatus]
    SUBMISSION_STATUS_REVISION_REQUESTED: _ClassVar[SubmissionStatus]
    SUBMISSION_STATUS_ACCEPTED: _ClassVar[SubmissionStatus]
    SUBMISSION_STATUS_CLOSED: _ClassVar[SubmissionStatus]

class DisputeReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISPUTE_REASON_UNSPECIFIED: _ClassVar[DisputeReason]
    DISPUTE_REASON_NOT_AS_DESCRIBED: _ClassVar[DisputeReason]
    DISPUTE_REASON_NOT_DELIVERED: _ClassVar[DisputeReason]
    DISPUTE_REASON_QUALITY: _ClassVar[DisputeReason]
    DISPUTE_REASON_UNRESPONSIVE_OWNER: _ClassVar[DisputeReason]
    DISPUTE_REASON_OTHER: _ClassVar[DisputeReason]

class DisputeOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISPUTE_OUTCOME_UNSPECIFIED: _ClassVar[DisputeOutcome]
    DISPUTE_OUTCOME_RELEASE_TO_FREELANCER: _ClassVar[DisputeOutcome]
    DISPUTE_OUTCOME_REFUND_TO_OWNER: _ClassVar[DisputeOutcome]
    DISPUTE_OUTCOME_SPLIT: _ClassVar[DisputeOutcome]
    DISPUTE_OUTCOME_WITHDRAWN: _ClassVar[DisputeOutcome]

class DisputeStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISPUTE_STATUS_UNSPECIFIED: _ClassVar[DisputeStatus]
    DISPUTE_STATUS_OPEN: _ClassVar[DisputeStatus]
    DISPUTE_STATUS_RESOLVED: _ClassVar[DisputeStatus]

class GigRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GIG_ROLE_UNSPECIFIED: _ClassVar[GigRole]
    GIG_ROLE_OWNER: _ClassVar[GigRole]
    GIG_ROLE_FREELANCER: _ClassVar[GigRole]

class GigSortOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GIG_SORT_ORDER_UNSPECIFIED: _ClassVar[GigSortOrder]
    GIG_SORT_ORDER_NEWEST: _ClassVar[GigSortOrder]
    GIG_SORT_ORDER_BUDGET_HIGH_TO_LOW: _ClassVar[GigSortOrder]
    GIG_SORT_ORDER_DEADLINE_SOONEST: _ClassVar[GigSortOrder]
    GIG_SORT_ORDER_FEWEST_APPLICATIONS: _ClassVar[GigSortOrder]
GIG_STATUS_UNSPECIFIED: GigStatus
GIG_STATUS_OPEN: GigStatus
GIG_STATUS_AWAITING_FUNDING: GigStatus
GIG_STATUS_IN_PROGRESS: GigStatus
GIG_STATUS_DELIVERED: GigStatus
GIG_STATUS_COMPLETED: GigStatus
GIG_STATUS_DISPUTED: GigStatus
GIG_STATUS_CANCELLED: GigStatus
ATTACHMENT_KIND_UNSPECIFIED: AttachmentKind
ATTACHMENT_KIND_FILE: AttachmentKind
ATTACHMENT_KIND_LINK: AttachmentKind
APPLICATION_STATUS_UNSPECIFIED: ApplicationStatus
APPLICATION_STATUS_PENDING: ApplicationStatus
APPLICATION_STATUS_ACCEPTED: ApplicationStatus
APPLICATION_STATUS_REJECTED: ApplicationStatus
APPLICATION_STATUS_WITHDRAWN: ApplicationStatus
SUBMISSION_STATUS_UNSPECIFIED: SubmissionStatus
SUBMISSION_STATUS_PENDING_REVIEW: SubmissionStatus
SUBMISSION_STATUS_REVISION_REQUESTED: SubmissionStatus
SUBMISSION_STATUS_ACCEPTED: SubmissionStatus
SUBMISSION_STATUS_CLOSED: SubmissionStatus
DISPUTE_REASON_UNSPECIFIED: DisputeReason
DISPUTE_REASON_NOT_AS_DESCRIBED: DisputeReason
DISPUTE_REASON_NOT_DELIVERED: DisputeReason
DISPUTE_REASON_QUALITY: DisputeReason
DISPUTE_REASON_UNRESPONSIVE_OWNER: DisputeReason
DISPUTE_REASON_OTHER: DisputeReason
DISPUTE_OUTCOME_UNSPECIFIED: DisputeOutcome
DISPUTE_OUTCOME_RELEASE_TO_FREELANCER: DisputeOutcome
DISPUTE_OUTCOME_REFUND_TO_OWNER: DisputeOutcome
DISPUTE_OUTCOME_SPLIT: DisputeOutcome
DISPUTE_OUTCOME_WITHDRAWN: DisputeOutcome
DISPUTE_STATUS_UNSPECIFIED: DisputeStatus
DISPUTE_STATUS_OPEN: DisputeStatus
DISPUTE_STATUS_RESOLVED: DisputeStatus
GIG_ROLE_UNSPECIFIED: GigRole
GIG_ROLE_OWNER: GigRole
GIG_ROLE_FREELANCER: GigRole
GIG_SORT_ORDER_UNSPECIFIED: GigSortOrder
GIG_SORT_ORDER_NEWEST: GigSortOrder
GIG_SORT_ORDER_BUDGET_HIGH_TO_LOW: GigSortOrder
GIG_SORT_ORDER_DEADLINE_SOONEST: GigSortOrder
GIG_SORT_ORDER_FEWEST_APPLICATIONS: GigSortOrder

class Attachment(_message.Message):
    __slots__ = ("id", "kind", "file_name", "content_type", "size_bytes", "url", "url_expire_time", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    URL_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: AttachmentKind
    file_name: str
    content_type: str
    size_bytes: int
    url: str
    url_expire_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[_Union[AttachmentKind, str]] = ..., file_name: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., url: _Optional[str] = ..., url_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Gig(_message.Message):
    __slots__ = ("id", "owner_user_id", "title", "description", "skill_ids", "budget", "deadline", "max_revisions", "revisions_used", "status", "assigned_user_id", "accepted_application_id", "agreed_price", "escrow_id", "application_count", "open_dispute_id", "auto_complete_time", "create_time", "update_time", "close_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    BUDGET_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    MAX_REVISIONS_FIELD_NUMBER: _ClassVar[int]
    REVISIONS_USED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    AGREED_PRICE_FIELD_NUMBER: _ClassVar[int]
    ESCROW_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    OPEN_DISPUTE_ID_FIELD_NUMBER: _ClassVar[int]
    AUTO_COMPLETE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    owner_user_id: str
    title: str
    description: str
    skill_ids: _containers.RepeatedScalarFieldContainer[str]
    budget: _common_pb2.Money
    deadline: _timestamp_pb2.Timestamp
    max_revisions: int
    revisions_used: int
    status: GigStatus
    assigned_user_id: str
    accepted_application_id: str
    agreed_price: _common_pb2.Money
    escrow_id: str
    application_count: int
    open_dispute_id: str
    auto_complete_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    close_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., owner_user_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., skill_ids: _Optional[_Iterable[str]] = ..., budget: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_revisions: _Optional[int] = ..., revisions_used: _Optional[int] = ..., status: _Optional[_Union[GigStatus, str]] = ..., assigned_user_id: _Optional[str] = ..., accepted_application_id: _Optional[str] = ..., agreed_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., escrow_id: _Optional[str] = ..., application_count: _Optional[int] = ..., open_dispute_id: _Optional[str] = ..., auto_complete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., close_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Application(_message.Message):
    __slots__ = ("id", "gig_id", "applicant_user_id", "proposal", "proposed_price", "estimated_days", "portfolio_urls", "status", "rejection_reason", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_USER_ID_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_PRICE_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_DAYS_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_URLS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REJECTION_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    gig_id: str
    applicant_user_id: str
    proposal: str
    proposed_price: _common_pb2.Money
    estimated_days: int
    portfolio_urls: _containers.RepeatedScalarFieldContainer[str]
    status: ApplicationStatus
    rejection_reason: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., gig_id: _Optional[str] = ..., applicant_user_id: _Optional[str] = ..., proposal: _Optional[str] = ..., proposed_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., estimated_days: _Optional[int] = ..., portfolio_urls: _Optional[_Iterable[str]] = ..., status: _Optional[_Union[ApplicationStatus, str]] = ..., rejection_reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RevisionRequest(_message.Message):
    __slots__ = ("requested_by_user_id", "feedback", "create_time")
    REQUESTED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    requested_by_user_id: str
    feedback: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, requested_by_user_id: _Optional[str] = ..., feedback: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Submission(_message.Message):
    __slots__ = ("id", "gig_id", "submitter_user_id", "number", "message", "attachments", "status", "revision_request", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REVISION_REQUEST_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    gig_id: str
    submitter_user_id: str
    number: int
    message: str
    attachments: _containers.RepeatedCompositeFieldContainer[Attachment]
    status: SubmissionStatus
    revision_request: RevisionRequest
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., gig_id: _Optional[str] = ..., submitter_user_id: _Optional[str] = ..., number: _Optional[int] = ..., message: _Optional[str] = ..., attachments: _Optional[_Iterable[_Union[Attachment, _Mapping]]] = ..., status: _Optional[_Union[SubmissionStatus, str]] = ..., revision_request: _Optional[_Union[RevisionRequest, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DisputeResolution(_message.Message):
    __slots__ = ("outcome", "freelancer_amount", "note", "resolved_by_user_id", "resolve_time")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    FREELANCER_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLVE_TIME_FIELD_NUMBER: _ClassVar[int]
    outcome: DisputeOutcome
    freelancer_amount: _common_pb2.Money
    note: str
    resolved_by_user_id: str
    resolve_time: _timestamp_pb2.Timestamp
    def __init__(self, outcome: _Optional[_Union[DisputeOutcome, str]] = ..., freelancer_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., note: _Optional[str] = ..., resolved_by_user_id: _Optional[str] = ..., resolve_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Dispute(_message.Message):
    __slots__ = ("id", "gig_id", "opened_by_user_id", "reason", "description", "requested_outcome", "requested_freelancer_amount", "attachments", "escrowed_amount", "status", "resolution", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    OPENED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_FREELANCER_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    ESCROWED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    gig_id: str
    opened_by_user_id: str
    reason: DisputeReason
    description: str
    requested_outcome: DisputeOutcome
    requested_freelancer_amount: _common_pb2.Money
    attachments: _containers.RepeatedCompositeFieldContainer[Attachment]
    escrowed_amount: _common_pb2.Money
    status: DisputeStatus
    resolution: DisputeResolution
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., gig_id: _Optional[str] = ..., opened_by_user_id: _Optional[str] = ..., reason: _Optional[_Union[DisputeReason, str]] = ..., description: _Optional[str] = ..., requested_outcome: _Optional[_Union[DisputeOutcome, str]] = ..., requested_freelancer_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., attachments: _Optional[_Iterable[_Union[Attachment, _Mapping]]] = ..., escrowed_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., status: _Optional[_Union[DisputeStatus, str]] = ..., resolution: _Optional[_Union[DisputeResolution, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateGigRequest(_message.Message):
    __slots__ = ("title", "description", "skill_ids", "budget", "deadline", "max_revisions")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    BUDGET_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    MAX_REVISIONS_FIELD_NUMBER: _ClassVar[int]
    title: str
    description: str
    skill_ids: _containers.RepeatedScalarFieldContainer[str]
    budget: _common_pb2.Money
    deadline: _timestamp_pb2.Timestamp
    max_revisions: int
    def __init__(self, title: _Optional[str] = ..., description: _Optional[str] = ..., skill_ids: _Optional[_Iterable[str]] = ..., budget: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_revisions: _Optional[int] = ...) -> None: ...

class CreateGigResponse(_message.Message):
    __slots__ = ("gig",)
    GIG_FIELD_NUMBER: _ClassVar[int]
    gig: Gig
    def __init__(self, gig: _Optional[_Union[Gig, _Mapping]] = ...) -> None: ...

class GetGigRequest(_message.Message):
    __slots__ = ("gig_id",)
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    gig_id: str
    def __init__(self, gig_id: _Optional[str] = ...) -> None: ...

class GetGigResponse(_message.Message):
    __slots__ = ("gig",)
    GIG_FIELD_NUMBER: _ClassVar[int]
    gig: Gig
    def __init__(self, gig: _Optional[_Union[Gig, _Mapping]] = ...) -> None: ...

class ListGigsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "role", "statuses", "user_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    role: GigRole
    statuses: _containers.RepeatedScalarFieldContainer[GigStatus]
    user_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., role: _Optional[_Union[GigRole, str]] = ..., statuses: _Optional[_Iterable[_Union[GigStatus, str]]] = ..., user_id: _Optional[str] = ...) -> None: ...

class ListGigsResponse(_message.Message):
    __slots__ = ("gigs", "next_page_token")
    GIGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    gigs: _containers.RepeatedCompositeFieldContainer[Gig]
    next_page_token: str
    def __init__(self, gigs: _Optional[_Iterable[_Union[Gig, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateGigRequest(_message.Message):
    __slots__ = ("gig", "update_mask")
    GIG_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    gig: Gig
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, gig: _Optional[_Union[Gig, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateGigResponse(_message.Message):
    __slots__ = ("gig",)
    GIG_FIELD_NUMBER: _ClassVar[int]
    gig: Gig
    def __init__(self, gig: _Optional[_Union[Gig, _Mapping]] = ...) -> None: ...

class DeleteGigRequest(_message.Message):
    __slots__ = ("gig_id",)
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    gig_id: str
    def __init__(self, gig_id: _Optional[str] = ...) -> None: ...

class DeleteGigResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SearchGigsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query", "skill_ids", "min_budget", "max_budget", "deadline_after", "deadline_before", "order")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    MIN_BUDGET_FIELD_NUMBER: _ClassVar[int]
    MAX_BUDGET_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_AFTER_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    skill_ids: _containers.RepeatedScalarFieldContainer[str]
    min_budget: _common_pb2.Money
    max_budget: _common_pb2.Money
    deadline_after: _timestamp_pb2.Timestamp
    deadline_before: _timestamp_pb2.Timestamp
    order: GigSortOrder
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ..., skill_ids: _Optional[_Iterable[str]] = ..., min_budget: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., max_budget: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., deadline_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deadline_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., order: _Optional[_Union[GigSortOrder, str]] = ...) -> None: ...

class SearchGigsResponse(_message.Message):
    __slots__ = ("gigs", "next_page_token", "total_size")
    GIGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    gigs: _containers.RepeatedCompositeFieldContainer[Gig]
    next_page_token: str
    total_size: int
    def __init__(self, gigs: _Optional[_Iterable[_Union[Gig, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class ApplyToGigRequest(_message.Message):
    __slots__ = ("gig_id", "proposal", "proposed_price", "estimated_days", "portfolio_urls")
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_PRICE_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_DAYS_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_URLS_FIELD_NUMBER: _ClassVar[int]
    gig_id: str
    proposal: str
    proposed_price: _common_pb2.Money
    estimated_days: int
    portfolio_urls: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, gig_id: _Optional[str] = ..., proposal: _Optional[str] = ..., proposed_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., estimated_days: _Optional[int] = ..., portfolio_urls: _Optional[_Iterable[str]] = ...) -> None: ...

class ApplyToGigResponse(_message.Message):
    __slots__ = ("application",)
    APPLICATION_FIELD_NUMBER: _ClassVar[int]
    application: Application
    def __init__(self, application: _Optional[_Union[Application, _Mapping]] = ...) -> None: ...

class GetApplicationRequest(_message.Message):
    __slots__ = ("application_id",)
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    def __init__(self, application_id: _Optional[str] = ...) -> None: ...

class GetApplicationResponse(_message.Message):
    __slots__ = ("application",)
    APPLICATION_FIELD_NUMBER: _ClassVar[int]
    application: Application
    def __init__(self, application: _Optional[_Union[Application, _Mapping]] = ...) -> None: ...

class ListApplicationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "gig_id", "statuses")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    gig_id: str
    statuses: _containers.RepeatedScalarFieldContainer[ApplicationStatus]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., gig_id: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[ApplicationStatus, str]]] = ...) -> None: ...

class ListApplicationsResponse(_message.Message):
    __slots__ = ("applications", "next_page_token")
    APPLICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    applications: _containers.RepeatedCompositeFieldContainer[Application]
    next_page_token: str
    def __init__(self, applications: _Optional[_Iterable[_Union[Application, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class WithdrawApplicationRequest(_message.Message):
    __slots__ = ("application_id",)
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    def __init__(self, application_id: _Optional[str] = ...) -> None: ...

class WithdrawApplicationResponse(_message.Message):
    __slots__ = ("application",)
    APPLICATION_FIELD_NUMBER: _ClassVar[int]
    application: Application
    def __init__(self, application: _Optional[_Union[Application, _Mapping]] = ...) -> None: ...

class AcceptApplicationRequest(_message.Message):
    __slots__ = ("application_id", "idempotency_key")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    idempotency_key: str
    def __init__(self, application_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class AcceptApplicationResponse(_message.Message):
    __slots__ = ("gig", "application", "client_secret")
    GIG_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    gig: Gig
    application: Application
    client_secret: str
    def __init__(self, gig: _Optional[_Union[Gig, _Mapping]] = ..., application: _Optional[_Union[Application, _Mapping]] = ..., client_secret: _Optional[str] = ...) -> None: ...

class RejectApplicationRequest(_message.Message):
    __slots__ = ("application_id", "reason")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    reason: str
    def __init__(self, application_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RejectApplicationResponse(_message.Message):
    __slots__ = ("application",)
    APPLICATION_FIELD_NUMBER: _ClassVar[int]
    application: Application
    def __init__(self, application: _Optional[_Union[Application, _Mapping]] = ...) -> None: ...

class CreateAttachmentUploadUrlRequest(_message.Message):
    __slots__ = ("file_name", "content_type", "size_bytes")
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    file_name: str
    content_type: str
    size_bytes: int
    def __init__(self, file_name: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class CreateAttachmentUploadUrlResponse(_message.Message):
    __slots__ = ("attachment_id", "upload_url", "required_headers", "expire_time")
    class RequiredHeadersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ATTACHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_URL_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_HEADERS_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    attachment_id: str
    upload_url: str
    required_headers: _containers.ScalarMap[str, str]
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, attachment_id: _Optional[str] = ..., upload_url: _Optional[str] = ..., required_headers: _Optional[_Mapping[str, str]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SubmitWorkRequest(_message.Message):
    __slots__ = ("gig_id", "message", "attachment_ids", "link_urls")
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    LINK_URLS_FIELD_NUMBER: _ClassVar[int]
    gig_id: str
    message: str
    attachment_ids: _containers.RepeatedScalarFieldContainer[str]
    link_urls: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, gig_id: _Optional[str] = ..., message: _Optional[str] = ..., attachment_ids: _Optional[_Iterable[str]] = ..., link_urls: _Optional[_Iterable[str]] = ...) -> None: ...

class SubmitWorkResponse(_message.Message):
    __slots__ = ("submission", "gig")
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    GIG_FIELD_NUMBER: _ClassVar[int]
    submission: Submission
    gig: Gig
    def __init__(self, submission: _Optional[_Union[Submission, _Mapping]] = ..., gig: _Optional[_Union[Gig, _Mapping]] = ...) -> None: ...

class ListSubmissionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "gig_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    gig_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., gig_id: _Optional[str] = ...) -> None: ...

class ListSubmissionsResponse(_message.Message):
    __slots__ = ("submissions", "next_page_token")
    SUBMISSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    submissions: _containers.RepeatedCompositeFieldContainer[Submission]
    next_page_token: str
    def __init__(self, submissions: _Optional[_Iterable[_Union[Submission, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RequestRevisionRequest(_message.Message):
    __slots__ = ("submission_id", "feedback")
    SUBMISSION_ID_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    submission_id: str
    feedback: str
    def __init__(self, submission_id: _Optional[str] = ..., feedback: _Optional[str] = ...) -> None: ...

class RequestRevisionResponse(_message.Message):
    __slots__ = ("submission", "gig")
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    GIG_FIELD_NUMBER: _ClassVar[int]
    submission: Submission
    gig: Gig
    def __init__(self, submission: _Optional[_Union[Submission, _Mapping]] = ..., gig: _Optional[_Union[Gig, _Mapping]] = ...) -> None: ...

class CompleteGigRequest(_message.Message):
    __slots__ = ("gig_id", "idempotency_key")
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    gig_id: str
    idempotency_key: str
    def __init__(self, gig_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class CompleteGigResponse(_message.Message):
    __slots__ = ("gig",)
    GIG_FIELD_NUMBER: _ClassVar[int]
    gig: Gig
    def __init__(self, gig: _Optional[_Union[Gig, _Mapping]] = ...) -> None: ...

class OpenDisputeRequest(_message.Message):
    __slots__ = ("gig_id", "reason", "description", "requested_outcome", "requested_freelancer_amount", "attachment_ids", "link_urls")
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_FREELANCER_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    LINK_URLS_FIELD_NUMBER: _ClassVar[int]
    gig_id: str
    reason: DisputeReason
    description: str
    requested_outcome: DisputeOutcome
    requested_freelancer_amount: _common_pb2.Money
    attachment_ids: _containers.RepeatedScalarFieldContainer[str]
    link_urls: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, gig_id: _Optional[str] = ..., reason: _Optional[_Union[DisputeReason, str]] = ..., description: _Optional[str] = ..., requested_outcome: _Optional[_Union[DisputeOutcome, str]] = ..., requested_freelancer_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., attachment_ids: _Optional[_Iterable[str]] = ..., link_urls: _Optional[_Iterable[str]] = ...) -> None: ...

class OpenDisputeResponse(_message.Message):
    __slots__ = ("dispute", "gig")
    DISPUTE_FIELD_NUMBER: _ClassVar[int]
    GIG_FIELD_NUMBER: _ClassVar[int]
    dispute: Dispute
    gig: Gig
    def __init__(self, dispute: _Optional[_Union[Dispute, _Mapping]] = ..., gig: _Optional[_Union[Gig, _Mapping]] = ...) -> None: ...

class GetDisputeRequest(_message.Message):
    __slots__ = ("dispute_id",)
    DISPUTE_ID_FIELD_NUMBER: _ClassVar[int]
    dispute_id: str
    def __init__(self, dispute_id: _Optional[str] = ...) -> None: ...

class GetDisputeResponse(_message.Message):
    __slots__ = ("dispute",)
    DISPUTE_FIELD_NUMBER: _ClassVar[int]
    dispute: Dispute
    def __init__(self, dispute: _Optional[_Union[Dispute, _Mapping]] = ...) -> None: ...

class ResolveDisputeRequest(_message.Message):
    __slots__ = ("dispute_id", "outcome", "freelancer_amount", "note", "idempotency_key")
    DISPUTE_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    FREELANCER_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    dispute_id: str
    outcome: DisputeOutcome
    freelancer_amount: _common_pb2.Money
    note: str
    idempotency_key: str
    def __init__(self, dispute_id: _Optional[str] = ..., outcome: _Optional[_Union[DisputeOutcome, str]] = ..., freelancer_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., note: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ResolveDisputeResponse(_message.Message):
    __slots__ = ("dispute", "gig")
    DISPUTE_FIELD_NUMBER: _ClassVar[int]
    GIG_FIELD_NUMBER: _ClassVar[int]
    dispute: Dispute
    gig: Gig
    def __init__(self, dispute: _Optional[_Union[Dispute, _Mapping]] = ..., gig: _Optional[_Union[Gig, _Mapping]] = ...) -> None: ...

class GetGigAnalyticsRequest(_message.Message):
    __slots__ = ("gig_id",)
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    gig_id: str
    def __init__(self, gig_id: _Optional[str] = ...) -> None: ...

class GigAnalytics(_message.Message):
    __slots__ = ("gig_id", "view_count", "unique_viewer_count", "search_impression_count", "application_count", "pending_application_count", "min_proposed_price", "median_proposed_price", "max_proposed_price", "average_estimated_days", "first_application_time", "compute_time")
    GIG_ID_FIELD_NUMBER: _ClassVar[int]
    VIEW_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNIQUE_VIEWER_COUNT_FIELD_NUMBER: _ClassVar[int]
    SEARCH_IMPRESSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    PENDING_APPLICATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    MIN_PROPOSED_PRICE_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_PROPOSED_PRICE_FIELD_NUMBER: _ClassVar[int]
    MAX_PROPOSED_PRICE_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_ESTIMATED_DAYS_FIELD_NUMBER: _ClassVar[int]
    FIRST_APPLICATION_TIME_FIELD_NUMBER: _ClassVar[int]
    COMPUTE_TIME_FIELD_NUMBER: _ClassVar[int]
    gig_id: str
    view_count: int
    unique_viewer_count: int
    search_impression_count: int
    application_count: int
    pending_application_count: int
    min_proposed_price: _common_pb2.Money
    median_proposed_price: _common_pb2.Money
    max_proposed_price: _common_pb2.Money
    average_estimated_days: float
    first_application_time: _timestamp_pb2.Timestamp
    compute_time: _timestamp_pb2.Timestamp
    def __init__(self, gig_id: _Optional[str] = ..., view_count: _Optional[int] = ..., unique_viewer_count: _Optional[int] = ..., search_impression_count: _Optional[int] = ..., application_count: _Optional[int] = ..., pending_application_count: _Optional[int] = ..., min_proposed_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., median_proposed_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., max_proposed_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., average_estimated_days: _Optional[float] = ..., first_application_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., compute_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetGigAnalyticsResponse(_message.Message):
    __slots__ = ("analytics",)
    ANALYTICS_FIELD_NUMBER: _ClassVar[int]
    analytics: GigAnalytics
    def __init__(self, analytics: _Optional[_Union[GigAnalytics, _Mapping]] = ...) -> None: ...
