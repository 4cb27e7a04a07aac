import datetime

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

class ReviewStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVIEW_STATUS_UNSPECIFIED: _ClassVar[ReviewStatus]
    REVIEW_STATUS_AWAITING_PAYMENT: _ClassVar[ReviewStatus]
    REVIEW_STATUS_REQUESTED: _ClassVar[ReviewStatus]
    REVIEW_STATUS_ACCEPTED: _ClassVar[ReviewStatus]
    REVIEW_STATUS_DECLINED: _ClassVar[ReviewStatus]
    REVIEW_STATUS_CANCELLED: _ClassVar[ReviewStatus]
    REVIEW_STATUS_EXPIRED: _ClassVar[ReviewStatus]
    REVIEW_STATUS_DELIVERED: _ClassVar[ReviewStatus]
    REVIEW_STATUS_REVISION_REQUESTED: _ClassVar[ReviewStatus]
    REVIEW_STATUS_COMPLETED: _ClassVar[ReviewStatus]

class SubjectKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBJECT_KIND_UNSPECIFIED: _ClassVar[SubjectKind]
    SUBJECT_KIND_PORTFOLIO: _ClassVar[SubjectKind]
    SUBJECT_KIND_CODE: _ClassVar[SubjectKind]
    SUBJECT_KIND_DOCUMENT: _ClassVar[SubjectKind]
    SUBJECT_KIND_DESIGN: _ClassVar[SubjectKind]
    SUBJECT_KIND_MEDIA: _ClassVar[SubjectKind]
    SUBJECT_KIND_OTHER: _ClassVar[SubjectKind]

class AttachmentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ATTACHMENT_KIND_UNSPECIFIED: _ClassVar[AttachmentKind]
    ATTACHMENT_KIND_FILE: _ClassVar[AttachmentKind]
    ATTACHMENT_KIND_LINK: _ClassVar[AttachmentKind]

class ReviewRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVIEW_ROLE_UNSPECIFIED: _ClassVar[ReviewRole]
    REVIEW_ROLE_REQUESTER: _ClassVar[ReviewRole]
    REVIEW_ROLE_REVIEWER: _ClassVar[ReviewRole]
REVIEW_STATUS_UNSPECIFIED: ReviewStatus
REVIEW_STATUS_AWAITING_PAYMENT: ReviewStatus
REVIEW_STATUS_REQUESTED: ReviewStatus
REVIEW_STATUS_ACCEPTED: ReviewStatus
REVIEW_STATUS_DECLINED: ReviewStatus
REVIEW_STATUS_CANCELLED: ReviewStatus
REVIEW_STATUS_EXPIRED: ReviewStatus
REVIEW_STATUS_DELIVERED: ReviewStatus
REVIEW_STATUS_REVISION_REQUESTED: ReviewStatus
REVIEW_STATUS_COMPLETED: ReviewStatus
SUBJECT_KIND_UNSPECIFIED: SubjectKind
SUBJECT_KIND_PORTFOLIO: SubjectKind
SUBJECT_KIND_CODE: SubjectKind
SUBJECT_KIND_DOCUMENT: SubjectKind
SUBJECT_KIND_DESIGN: SubjectKind
SUBJECT_KIND_MEDIA: SubjectKind
SUBJECT_KIND_OTHER: SubjectKind
ATTACHMENT_KIND_UNSPECIFIED: AttachmentKind
ATTACHMENT_KIND_FILE: AttachmentKind
ATTACHMENT_KIND_LINK: AttachmentKind
REVIEW_ROLE_UNSPECIFIED: ReviewRole
REVIEW_ROLE_REQUESTER: ReviewRole
REVIEW_ROLE_REVIEWER: ReviewRole

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

class ReviewSection(_message.Message):
    __slots__ = ("title", "body", "score")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    title: str
    body: str
    score: int
    def __init__(self, title: _Optional[str] = ..., body: _Optional[str] = ..., score: _Optional[int] = ...) -> None: ...

class ReviewDelivery(_message.Message):
    __slots__ = ("number", "summary", "sections", "overall_score", "attachments", "revision_feedback", "deliver_time")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    SECTIONS_FIELD_NUMBER: _ClassVar[int]
    OVERALL_SCORE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    REVISION_FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    DELIVER_TIME_FIELD_NUMBER: _ClassVar[int]
    number: int
    summary: str
    sections: _containers.RepeatedCompositeFieldContainer[ReviewSection]
    overall_score: int
    attachments: _containers.RepeatedCompositeFieldContainer[Attachment]
    revision_feedback: str
    deliver_time: _timestamp_pb2.Timestamp
    def __init__(self, number: _Optional[int] = ..., summary: _Optional[str] = ..., sections: _Optional[_Iterable[_Union[ReviewSection, _Mapping]]] = ..., overall_score: _Optional[int] = ..., attachments: _Optional[_Iterable[_Union[Attachment, _Mapping]]] = ..., revision_feedback: _Optional[str] = ..., deliver_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReviewRating(_message.Message):
    __slots__ = ("stars", "comment", "create_time")
    STARS_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    stars: int
    comment: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, stars: _Optional[int] = ..., comment: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Review(_message.Message):
    __slots__ = ("id", "requester_user_id", "reviewer_user_id", "skill_id", "subject_kind", "title", "instructions", "attachments", "price", "escrow_id", "status", "turnaround_hours", "respond_deadline", "due_time", "max_revisions", "revisions_used", "deliveries", "auto_complete_time", "rating", "decline_reason", "create_time", "update_time", "complete_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    ESCROW_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TURNAROUND_HOURS_FIELD_NUMBER: _ClassVar[int]
    RESPOND_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    MAX_REVISIONS_FIELD_NUMBER: _ClassVar[int]
    REVISIONS_USED_FIELD_NUMBER: _ClassVar[int]
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    AUTO_COMPLETE_TIME_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    DECLINE_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    requester_user_id: str
    reviewer_user_id: str
    skill_id: str
    subject_kind: SubjectKind
    title: str
    instructions: str
    attachments: _containers.RepeatedCompositeFieldContainer[Attachment]
    price: _common_pb2.Money
    escrow_id: str
    status: ReviewStatus
    turnaround_hours: int
    respond_deadline: _timestamp_pb2.Timestamp
    due_time: _timestamp_pb2.Timestamp
    max_revisions: int
    revisions_used: int
    deliveries: _containers.RepeatedCompositeFieldContainer[ReviewDelivery]
    auto_complete_time: _timestamp_pb2.Timestamp
    rating: ReviewRating
    decline_reason: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    complete_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., requester_user_id: _Optional[str] = ..., reviewer_user_id: _Optional[str] = ..., skill_id: _Optional[str] = ..., subject_kind: _Optional[_Union[SubjectKind, str]] = ..., title: _Optional[str] = ..., instructions: _Optional[str] = ..., attachments: _Optional[_Iterable[_Union[Attachment, _Mapping]]] = ..., price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., escrow_id: _Optional[str] = ..., status: _Optional[_Union[ReviewStatus, str]] = ..., turnaround_hours: _Optional[int] = ..., respond_deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_revisions: _Optional[int] = ..., revisions_used: _Optional[int] = ..., deliveries: _Optional[_Iterable[_Union[ReviewDelivery, _Mapping]]] = ..., auto_complete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rating: _Optional[_Union[ReviewRating, _Mapping]] = ..., decline_reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

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

class RequestReviewRequest(_message.Message):
    __slots__ = ("reviewer_user_id", "skill_id", "subject_kind", "title", "instructions", "attachment_ids", "link_urls", "price", "turnaround_hours", "max_revisions", "idempotency_key")
    REVIEWER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    LINK_URLS_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    TURNAROUND_HOURS_FIELD_NUMBER: _ClassVar[int]
    MAX_REVISIONS_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    reviewer_user_id: str
    skill_id: str
    subject_kind: SubjectKind
    title: str
    instructions: str
    attachment_ids: _containers.RepeatedScalarFieldContainer[str]
    link_urls: _containers.RepeatedScalarFieldContainer[str]
    price: _common_pb2.Money
    turnaround_hours: int
    max_revisions: int
    idempotency_key: str
    def __init__(self, reviewer_user_id: _Optional[str] = ..., skill_id: _Optional[str] = ..., subject_kind: _Optional[_Union[SubjectKind, str]] = ..., title: _Optional[str] = ..., instructions: _Optional[str] = ..., attachment_ids: _Optional[_Iterable[str]] = ..., link_urls: _Optional[_Iterable[str]] = ..., price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., turnaround_hours: _Optional[int] = ..., max_revisions: _Optional[int] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class RequestReviewResponse(_message.Message):
    __slots__ = ("review", "client_secret")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    review: Review
    client_secret: str
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ..., client_secret: _Optional[str] = ...) -> None: ...

class GetReviewRequest(_message.Message):
    __slots__ = ("review_id",)
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    def __init__(self, review_id: _Optional[str] = ...) -> None: ...

class GetReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: Review
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ...) -> None: ...

class ListReviewsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "role", "statuses")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    role: ReviewRole
    statuses: _containers.RepeatedScalarFieldContainer[ReviewStatus]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., role: _Optional[_Union[ReviewRole, str]] = ..., statuses: _Optional[_Iterable[_Union[ReviewStatus, str]]] = ...) -> None: ...

class ListReviewsResponse(_message.Message):
    __slots__ = ("reviews", "next_page_token")
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reviews: _containers.RepeatedCompositeFieldContainer[Review]
    next_page_token: str
    def __init__(self, reviews: _Optional[_Iterable[_Union[Review, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AcceptReviewRequest(_message.Message):
    __slots__ = ("review_id",)
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    def __init__(self, review_id: _Optional[str] = ...) -> None: ...

class AcceptReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: Review
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ...) -> None: ...

class DeclineReviewRequest(_message.Message):
    __slots__ = ("review_id", "reason")
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    reason: str
    def __init__(self, review_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DeclineReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: Review
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ...) -> None: ...

class CancelReviewRequest(_message.Message):
    __slots__ = ("review_id",)
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    def __init__(self, review_id: _Optional[str] = ...) -> None: ...

class CancelReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: Review
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ...) -> None: ...

class DeliverReviewRequest(_message.Message):
    __slots__ = ("review_id", "summary", "sections", "overall_score", "attachment_ids", "link_urls")
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    SECTIONS_FIELD_NUMBER: _ClassVar[int]
    OVERALL_SCORE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    LINK_URLS_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    summary: str
    sections: _containers.RepeatedCompositeFieldContainer[ReviewSection]
    overall_score: int
    attachment_ids: _containers.RepeatedScalarFieldContainer[str]
    link_urls: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, review_id: _Optional[str] = ..., summary: _Optional[str] = ..., sections: _Optional[_Iterable[_Union[ReviewSection, _Mapping]]] = ..., overall_score: _Optional[int] = ..., attachment_ids: _Optional[_Iterable[str]] = ..., link_urls: _Optional[_Iterable[str]] = ...) -> None: ...

class DeliverReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: Review
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ...) -> None: ...

class RequestRevisionRequest(_message.Message):
    __slots__ = ("review_id", "feedback")
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    feedback: str
    def __init__(self, review_id: _Optional[str] = ..., feedback: _Optional[str] = ...) -> None: ...

class RequestRevisionResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: Review
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ...) -> None: ...

class RateReviewRequest(_message.Message):
    __slots__ = ("review_id", "stars", "comment")
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    STARS_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    stars: int
    comment: str
    def __init__(self, review_id: _Optional[str] = ..., stars: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class RateReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: Review
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ...) -> None: ...
