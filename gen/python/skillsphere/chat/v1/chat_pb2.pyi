import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
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

class ConversationType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONVERSATION_TYPE_UNSPECIFIED: _ClassVar[ConversationType]
    CONVERSATION_TYPE_DIRECT: _ClassVar[ConversationType]
    CONVERSATION_TYPE_GROUP: _ClassVar[ConversationType]

class ParticipantRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARTICIPANT_ROLE_UNSPECIFIED: _ClassVar[ParticipantRole]
    PARTICIPANT_ROLE_MEMBER: _ClassVar[ParticipantRole]
    PARTICIPANT_ROLE_OWNER: _ClassVar[ParticipantRole]

class MessageKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MESSAGE_KIND_UNSPECIFIED: _ClassVar[MessageKind]
    MESSAGE_KIND_USER: _ClassVar[MessageKind]
    MESSAGE_KIND_SYSTEM: _ClassVar[MessageKind]

class MessageReportReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MESSAGE_REPORT_REASON_UNSPECIFIED: _ClassVar[MessageReportReason]
    MESSAGE_REPORT_REASON_SPAM: _ClassVar[MessageReportReason]
    MESSAGE_REPORT_REASON_HARASSMENT: _ClassVar[MessageReportReason]
    MESSAGE_REPORT_REASON_HATE_SPEECH: _ClassVar[MessageReportReason]
    MESSAGE_REPORT_REASON_SCAM: _ClassVar[MessageReportReason]
    MESSAGE_REPORT_REASON_INAPPROPRIATE_CONTENT: _ClassVar[MessageReportReason]
    MESSAGE_REPORT_REASON_OTHER: _ClassVar[MessageReportReason]

class MessageReportStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MESSAGE_REPORT_STATUS_UNSPECIFIED: _ClassVar[MessageReportStatus]
    MESSAGE_REPORT_STATUS_OPEN: _ClassVar[MessageReportStatus]
    MESSAGE_REPORT_STATUS_UNDER_REVIEW: _ClassVar[MessageReportStatus]
    MESSAGE_REPORT_STATUS_RESOLVED: _ClassVar[MessageReportStatus]
    MESSAGE_REPORT_STATUS_DISMISSED: _ClassVar[MessageReportStatus]

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_CONVERSATION_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_MESSAGE_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_ATTACHMENT_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_SESSION_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_PARTICIPANT_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_SESSION_PARTICIPANT: _ClassVar[ErrorReason]
    ERROR_REASON_USER_BLOCKED: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_SENDER: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_OWNER: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_A_GROUP: _ClassVar[ErrorReason]
    ERROR_REASON_GROUP_FULL: _ClassVar[ErrorReason]
    ERROR_REASON_MESSAGE_DELETED: _ClassVar[ErrorReason]
    ERROR_REASON_EDIT_WINDOW_CLOSED: _ClassVar[ErrorReason]
    ERROR_REASON_REACTION_LIMIT: _ClassVar[ErrorReason]
    ERROR_REASON_OWN_MESSAGE: _ClassVar[ErrorReason]
    ERROR_REASON_ALREADY_REPORTED: _ClassVar[ErrorReason]
    ERROR_REASON_ATTACHMENT_NOT_UPLOADED: _ClassVar[ErrorReason]
    ERROR_REASON_ATTACHMENT_IN_OTHER_CONVERSATION: _ClassVar[ErrorReason]
    ERROR_REASON_ATTACHMENT_REJECTED: _ClassVar[ErrorReason]
    ERROR_REASON_CONTENT_TYPE_NOT_ALLOWED: _ClassVar[ErrorReason]
    ERROR_REASON_FLOOD_LIMIT: _ClassVar[ErrorReason]
    ERROR_REASON_TYPING_RATE_LIMITED: _ClassVar[ErrorReason]
    ERROR_REASON_UPLOAD_LIMIT: _ClassVar[ErrorReason]
    ERROR_REASON_RESUME_TOKEN_INVALID: _ClassVar[ErrorReason]
    ERROR_REASON_RESUME_TOKEN_EXPIRED: _ClassVar[ErrorReason]
    ERROR_REASON_SLOW_CONSUMER: _ClassVar[ErrorReason]
    ERROR_REASON_EMOJI_INVALID: _ClassVar[ErrorReason]
    ERROR_REASON_IDEMPOTENCY_KEY_REUSED: _ClassVar[ErrorReason]
CONVERSATION_TYPE_UNSPECIFIED: ConversationType
CONVERSATION_TYPE_DIRECT: ConversationType
CONVERSATION_TYPE_GROUP: ConversationType
PARTICIPANT_ROLE_UNSPECIFIED: ParticipantRole
PARTICIPANT_ROLE_MEMBER: ParticipantRole
PARTICIPANT_ROLE_OWNER: ParticipantRole
MESSAGE_KIND_UNSPECIFIED: MessageKind
MESSAGE_KIND_USER: MessageKind
MESSAGE_KIND_SYSTEM: MessageKind
MESSAGE_REPORT_REASON_UNSPECIFIED: MessageReportReason
MESSAGE_REPORT_REASON_SPAM: MessageReportReason
MESSAGE_REPORT_REASON_HARASSMENT: MessageReportReason
MESSAGE_REPORT_REASON_HATE_SPEECH: MessageReportReason
MESSAGE_REPORT_REASON_SCAM: MessageReportReason
MESSAGE_REPORT_REASON_INAPPROPRIATE_CONTENT: MessageReportReason
MESSAGE_REPORT_REASON_OTHER: MessageReportReason
MESSAGE_REPORT_STATUS_UNSPECIFIED: MessageReportStatus
MESSAGE_REPORT_STATUS_OPEN: MessageReportStatus
MESSAGE_REPORT_STATUS_UNDER_REVIEW: MessageReportStatus
MESSAGE_REPORT_STATUS_RESOLVED: MessageReportStatus
MESSAGE_REPORT_STATUS_DISMISSED: MessageReportStatus
ERROR_REASON_UNSPECIFIED: ErrorReason
ERROR_REASON_CONVERSATION_NOT_FOUND: ErrorReason
ERROR_REASON_MESSAGE_NOT_FOUND: ErrorReason
ERROR_REASON_ATTACHMENT_NOT_FOUND: ErrorReason
ERROR_REASON_SESSION_NOT_FOUND: ErrorReason
ERROR_REASON_PARTICIPANT_NOT_FOUND: ErrorReason
ERROR_REASON_NOT_SESSION_PARTICIPANT: ErrorReason
ERROR_REASON_USER_BLOCKED: ErrorReason
ERROR_REASON_NOT_SENDER: ErrorReason
ERROR_REASON_NOT_OWNER: ErrorReason
ERROR_REASON_NOT_A_GROUP: ErrorReason
ERROR_REASON_GROUP_FULL: ErrorReason
ERROR_REASON_MESSAGE_DELETED: ErrorReason
ERROR_REASON_EDIT_WINDOW_CLOSED: ErrorReason
ERROR_REASON_REACTION_LIMIT: ErrorReason
ERROR_REASON_OWN_MESSAGE: ErrorReason
ERROR_REASON_ALREADY_REPORTED: ErrorReason
ERROR_REASON_ATTACHMENT_NOT_UPLOADED: ErrorReason
ERROR_REASON_ATTACHMENT_IN_OTHER_CONVERSATION: ErrorReason
ERROR_REASON_ATTACHMENT_REJECTED: ErrorReason
ERROR_REASON_CONTENT_TYPE_NOT_ALLOWED: ErrorReason
ERROR_REASON_FLOOD_LIMIT: ErrorReason
ERROR_REASON_TYPING_RATE_LIMITED: ErrorReason
ERROR_REASON_UPLOAD_LIMIT: ErrorReason
ERROR_REASON_RESUME_TOKEN_INVALID: ErrorReason
ERROR_REASON_RESUME_TOKEN_EXPIRED: ErrorReason
ERROR_REASON_SLOW_CONSUMER: ErrorReason
ERROR_REASON_EMOJI_INVALID: ErrorReason
ERROR_REASON_IDEMPOTENCY_KEY_REUSED: ErrorReason

class Participant(_message.Message):
    __slots__ = ("user_id", "role", "join_time", "last_read_message_id", "last_read_time", "muted", "user")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    JOIN_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_READ_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_READ_TIME_FIELD_NUMBER: _ClassVar[int]
    MUTED_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    role: ParticipantRole
    join_time: _timestamp_pb2.Timestamp
    last_read_message_id: str
    last_read_time: _timestamp_pb2.Timestamp
    muted: bool
    user: _user_pb2.UserSummary
    def __init__(self, user_id: _Optional[str] = ..., role: _Optional[_Union[ParticipantRole, str]] = ..., join_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_read_message_id: _Optional[str] = ..., last_read_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., muted: _Optional[bool] = ..., user: _Optional[_Union[_user_pb2.UserSummary, _Mapping]] = ...) -> None: ...

class Conversation(_message.Message):
    __slots__ = ("id", "type", "title", "participants", "last_message", "unread_count", "session_id", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    LAST_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: ConversationType
    title: str
    participants: _containers.RepeatedCompositeFieldContainer[Participant]
    last_message: Message
    unread_count: int
    session_id: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., type: _Optional[_Union[ConversationType, str]] = ..., title: _Optional[str] = ..., participants: _Optional[_Iterable[_Union[Participant, _Mapping]]] = ..., last_message: _Optional[_Union[Message, _Mapping]] = ..., unread_count: _Optional[int] = ..., session_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Attachment(_message.Message):
    __slots__ = ("id", "file_name", "content_type", "size_bytes", "url", "url_expire_time", "thumbnail_url", "width", "height")
    ID_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    URL_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    THUMBNAIL_URL_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    id: str
    file_name: str
    content_type: str
    size_bytes: int
    url: str
    url_expire_time: _timestamp_pb2.Timestamp
    thumbnail_url: str
    width: int
    height: int
    def __init__(self, id: _Optional[str] = ..., file_name: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., url: _Optional[str] = ..., url_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., thumbnail_url: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ...) -> None: ...

class ReactionSummary(_message.Message):
    __slots__ = ("emoji", "count", "reacted_by_me", "sample_user_ids")
    EMOJI_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    REACTED_BY_ME_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    emoji: str
    count: int
    reacted_by_me: bool
    sample_user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, emoji: _Optional[str] = ..., count: _Optional[int] = ..., reacted_by_me: _Optional[bool] = ..., sample_user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Message(_message.Message):
    __slots__ = ("id", "conversation_id", "sender_user_id", "kind", "text", "attachments", "reply_to_message_id", "reactions", "deleted", "idempotency_key", "create_time", "edit_time", "update_time", "sequence", "sender_deleted")
    ID_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    SENDER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    REPLY_TO_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    EDIT_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SENDER_DELETED_FIELD_NUMBER: _ClassVar[int]
    id: str
    conversation_id: str
    sender_user_id: str
    kind: MessageKind
    text: str
    attachments: _containers.RepeatedCompositeFieldContainer[Attachment]
    reply_to_message_id: str
    reactions: _containers.RepeatedCompositeFieldContainer[ReactionSummary]
    deleted: bool
    idempotency_key: str
    create_time: _timestamp_pb2.Timestamp
    edit_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    sequence: int
    sender_deleted: bool
    def __init__(self, id: _Optional[str] = ..., conversation_id: _Optional[str] = ..., sender_user_id: _Optional[str] = ..., kind: _Optional[_Union[MessageKind, str]] = ..., text: _Optional[str] = ..., attachments: _Optional[_Iterable[_Union[Attachment, _Mapping]]] = ..., reply_to_message_id: _Optional[str] = ..., reactions: _Optional[_Iterable[_Union[ReactionSummary, _Mapping]]] = ..., deleted: _Optional[bool] = ..., idempotency_key: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., edit_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sequence: _Optional[int] = ..., sender_deleted: _Optional[bool] = ...) -> None: ...

class MessageReport(_message.Message):
    __slots__ = ("id", "message_id", "conversation_id", "reporter_user_id", "reason", "details", "status", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    REPORTER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    message_id: str
    conversation_id: str
    reporter_user_id: str
    reason: MessageReportReason
    details: str
    status: MessageReportStatus
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., message_id: _Optional[str] = ..., conversation_id: _Optional[str] = ..., reporter_user_id: _Optional[str] = ..., reason: _Optional[_Union[MessageReportReason, str]] = ..., details: _Optional[str] = ..., status: _Optional[_Union[MessageReportStatus, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateConversationRequest(_message.Message):
    __slots__ = ("idempotency_key", "type", "participant_user_ids", "title", "session_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    type: ConversationType
    participant_user_ids: _containers.RepeatedScalarFieldContainer[str]
    title: str
    session_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., type: _Optional[_Union[ConversationType, str]] = ..., participant_user_ids: _Optional[_Iterable[str]] = ..., title: _Optional[str] = ..., session_id: _Optional[str] = ...) -> None: ...

class CreateConversationResponse(_message.Message):
    __slots__ = ("conversation", "created")
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    conversation: Conversation
    created: bool
    def __init__(self, conversation: _Optional[_Union[Conversation, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class GetConversationRequest(_message.Message):
    __slots__ = ("conversation_id",)
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    def __init__(self, conversation_id: _Optional[str] = ...) -> None: ...

class GetConversationResponse(_message.Message):
    __slots__ = ("conversation",)
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    conversation: Conversation
    def __init__(self, conversation: _Optional[_Union[Conversation, _Mapping]] = ...) -> None: ...

class ListConversationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "type", "unread_only")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    UNREAD_ONLY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    type: ConversationType
    unread_only: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., type: _Optional[_Union[ConversationType, str]] = ..., unread_only: _Optional[bool] = ...) -> None: ...

class ListConversationsResponse(_message.Message):
    __slots__ = ("conversations", "next_page_token", "total_unread_conversations")
    CONVERSATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_UNREAD_CONVERSATIONS_FIELD_NUMBER: _ClassVar[int]
    conversations: _containers.RepeatedCompositeFieldContainer[Conversation]
    next_page_token: str
    total_unread_conversations: int
    def __init__(self, conversations: _Optional[_Iterable[_Union[Conversation, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_unread_conversations: _Optional[int] = ...) -> None: ...

class CreateAttachmentUploadRequest(_message.Message):
    __slots__ = ("conversation_id", "file_name", "content_type", "size_bytes")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    file_name: str
    content_type: str
    size_bytes: int
    def __init__(self, conversation_id: _Optional[str] = ..., file_name: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class CreateAttachmentUploadResponse(_message.Message):
    __slots__ = ("attachment_id", "upload_url", "upload_method", "upload_headers", "upload_expire_time")
    class UploadHeadersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ATTACHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_URL_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_METHOD_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_HEADERS_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    attachment_id: str
    upload_url: str
    upload_method: str
    upload_headers: _containers.ScalarMap[str, str]
    upload_expire_time: _timestamp_pb2.Timestamp
    def __init__(self, attachment_id: _Optional[str] = ..., upload_url: _Optional[str] = ..., upload_method: _Optional[str] = ..., upload_headers: _Optional[_Mapping[str, str]] = ..., upload_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SendMessageRequest(_message.Message):
    __slots__ = ("conversation_id", "idempotency_key", "text", "attachment_ids", "reply_to_message_id")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    REPLY_TO_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    idempotency_key: str
    text: str
    attachment_ids: _containers.RepeatedScalarFieldContainer[str]
    reply_to_message_id: str
    def __init__(self, conversation_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., text: _Optional[str] = ..., attachment_ids: _Optional[_Iterable[str]] = ..., reply_to_message_id: _Optional[str] = ...) -> None: ...

class SendMessageResponse(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: Message
    def __init__(self, message: _Optional[_Union[Message, _Mapping]] = ...) -> None: ...

class ListMessagesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "conversation_id", "before_message_id", "after_message_id", "around_message_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    BEFORE_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    AROUND_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    conversation_id: str
    before_message_id: str
    after_message_id: str
    around_message_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., conversation_id: _Optional[str] = ..., before_message_id: _Optional[str] = ..., after_message_id: _Optional[str] = ..., around_message_id: _Optional[str] = ...) -> None: ...

class ListMessagesResponse(_message.Message):
    __slots__ = ("messages", "next_page_token")
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    messages: _containers.RepeatedCompositeFieldContainer[Message]
    next_page_token: str
    def __init__(self, messages: _Optional[_Iterable[_Union[Message, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class StreamMessagesRequest(_message.Message):
    __slots__ = ("conversation_ids", "resume_token")
    CONVERSATION_IDS_FIELD_NUMBER: _ClassVar[int]
    RESUME_TOKEN_FIELD_NUMBER: _ClassVar[int]
    conversation_ids: _containers.RepeatedScalarFieldContainer[str]
    resume_token: str
    def __init__(self, conversation_ids: _Optional[_Iterable[str]] = ..., resume_token: _Optional[str] = ...) -> None: ...

class ConversationCursor(_message.Message):
    __slots__ = ("conversation_id", "sequence")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    sequence: int
    def __init__(self, conversation_id: _Optional[str] = ..., sequence: _Optional[int] = ...) -> None: ...

class StreamMessagesResponse(_message.Message):
    __slots__ = ("event_id", "event_time", "conversation_id", "message_created", "message_updated", "message_deleted", "reaction_changed", "typing", "read_receipt", "conversation_updated", "heartbeat", "live", "sequence", "resume_token")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TIME_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_CREATED_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_UPDATED_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_DELETED_FIELD_NUMBER: _ClassVar[int]
    REACTION_CHANGED_FIELD_NUMBER: _ClassVar[int]
    TYPING_FIELD_NUMBER: _ClassVar[int]
    READ_RECEIPT_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_UPDATED_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    LIVE_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    RESUME_TOKEN_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    event_time: _timestamp_pb2.Timestamp
    conversation_id: str
    message_created: MessageCreatedEvent
    message_updated: MessageUpdatedEvent
    message_deleted: MessageDeletedEvent
    reaction_changed: ReactionChangedEvent
    typing: TypingEvent
    read_receipt: ReadReceiptEvent
    conversation_updated: ConversationUpdatedEvent
    heartbeat: HeartbeatEvent
    live: LiveEvent
    sequence: int
    resume_token: str
    def __init__(self, event_id: _Optional[str] = ..., event_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., conversation_id: _Optional[str] = ..., message_created: _Optional[_Union[MessageCreatedEvent, _Mapping]] = ..., message_updated: _Optional[_Union[MessageUpdatedEvent, _Mapping]] = ..., message_deleted: _Optional[_Union[MessageDeletedEvent, _Mapping]] = ..., reaction_changed: _Optional[_Union[ReactionChangedEvent, _Mapping]] = ..., typing: _Optional[_Union[TypingEvent, _Mapping]] = ..., read_receipt: _Optional[_Union[ReadReceiptEvent, _Mapping]] = ..., conversation_updated: _Optional[_Union[ConversationUpdatedEvent, _Mapping]] = ..., heartbeat: _Optional[_Union[HeartbeatEvent, _Mapping]] = ..., live: _Optional[_Union[LiveEvent, _Mapping]] = ..., sequence: _Optional[int] = ..., resume_token: _Optional[str] = ...) -> None: ...

class LiveEvent(_message.Message):
    __slots__ = ("cursors", "replayed_events")
    CURSORS_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_EVENTS_FIELD_NUMBER: _ClassVar[int]
    cursors: _containers.RepeatedCompositeFieldContainer[ConversationCursor]
    replayed_events: int
    def __init__(self, cursors: _Optional[_Iterable[_Union[ConversationCursor, _Mapping]]] = ..., replayed_events: _Optional[int] = ...) -> None: ...

class MessageCreatedEvent(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: Message
    def __init__(self, message: _Optional[_Union[Message, _Mapping]] = ...) -> None: ...

class MessageUpdatedEvent(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: Message
    def __init__(self, message: _Optional[_Union[Message, _Mapping]] = ...) -> None: ...

class MessageDeletedEvent(_message.Message):
    __slots__ = ("message_id", "deleted_by_user_id")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    deleted_by_user_id: str
    def __init__(self, message_id: _Optional[str] = ..., deleted_by_user_id: _Optional[str] = ...) -> None: ...

class ReactionChangedEvent(_message.Message):
    __slots__ = ("message_id", "user_id", "emoji", "removed", "reactions")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EMOJI_FIELD_NUMBER: _ClassVar[int]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    user_id: str
    emoji: str
    removed: bool
    reactions: _containers.RepeatedCompositeFieldContainer[ReactionSummary]
    def __init__(self, message_id: _Optional[str] = ..., user_id: _Optional[str] = ..., emoji: _Optional[str] = ..., removed: _Optional[bool] = ..., reactions: _Optional[_Iterable[_Union[ReactionSummary, _Mapping]]] = ...) -> None: ...

class TypingEvent(_message.Message):
    __slots__ = ("user_id", "typing", "expire_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TYPING_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    typing: bool
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., typing: _Optional[bool] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReadReceiptEvent(_message.Message):
    __slots__ = ("user_id", "last_read_message_id", "read_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_READ_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    READ_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    last_read_message_id: str
    read_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., last_read_message_id: _Optional[str] = ..., read_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConversationUpdatedEvent(_message.Message):
    __slots__ = ("conversation", "actor_user_id", "added_user_ids", "removed_user_ids")
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ADDED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    REMOVED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    conversation: Conversation
    actor_user_id: str
    added_user_ids: _containers.RepeatedScalarFieldContainer[str]
    removed_user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, conversation: _Optional[_Union[Conversation, _Mapping]] = ..., actor_user_id: _Optional[str] = ..., added_user_ids: _Optional[_Iterable[str]] = ..., removed_user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class HeartbeatEvent(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MarkAsReadRequest(_message.Message):
    __slots__ = ("conversation_id", "message_id", "private")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    message_id: str
    private: bool
    def __init__(self, conversation_id: _Optional[str] = ..., message_id: _Optional[str] = ..., private: _Optional[bool] = ...) -> None: ...

class MarkAsReadResponse(_message.Message):
    __slots__ = ("last_read_message_id", "last_read_time", "unread_count")
    LAST_READ_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_READ_TIME_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    last_read_message_id: str
    last_read_time: _timestamp_pb2.Timestamp
    unread_count: int
    def __init__(self, last_read_message_id: _Optional[str] = ..., last_read_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., unread_count: _Optional[int] = ...) -> None: ...

class UpdateMessageRequest(_message.Message):
    __slots__ = ("message", "update_mask")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    message: Message
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, message: _Optional[_Union[Message, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateMessageResponse(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: Message
    def __init__(self, message: _Optional[_Union[Message, _Mapping]] = ...) -> None: ...

class DeleteMessageRequest(_message.Message):
    __slots__ = ("message_id",)
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    def __init__(self, message_id: _Optional[str] = ...) -> None: ...

class DeleteMessageResponse(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: Message
    def __init__(self, message: _Optional[_Union[Message, _Mapping]] = ...) -> None: ...

class ReactToMessageRequest(_message.Message):
    __slots__ = ("message_id", "emoji", "remove")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    EMOJI_FIELD_NUMBER: _ClassVar[int]
    REMOVE_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    emoji: str
    remove: bool
    def __init__(self, message_id: _Optional[str] = ..., emoji: _Optional[str] = ..., remove: _Optional[bool] = ...) -> None: ...

class ReactToMessageResponse(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: Message
    def __init__(self, message: _Optional[_Union[Message, _Mapping]] = ...) -> None: ...

class ReportMessageRequest(_message.Message):
    __slots__ = ("message_id", "reason", "details")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    reason: MessageReportReason
    details: str
    def __init__(self, message_id: _Optional[str] = ..., reason: _Optional[_Union[MessageReportReason, str]] = ..., details: _Optional[str] = ...) -> None: ...

class ReportMessageResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: MessageReport
    def __init__(self, report: _Optional[_Union[MessageReport, _Mapping]] = ...) -> None: ...

class ListMessageReportsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "status")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    status: MessageReportStatus
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[_Union[MessageReportStatus, str]] = ...) -> None: ...

class ListMessageReportsResponse(_message.Message):
    __slots__ = ("reports", "next_page_token")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[MessageReport]
    next_page_token: str
    def __init__(self, reports: _Optional[_Iterable[_Union[MessageReport, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateConversationRequest(_message.Message):
    __slots__ = ("conversation", "update_mask")
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    conversation: Conversation
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, conversation: _Optional[_Union[Conversation, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateConversationResponse(_message.Message):
    __slots__ = ("conversation",)
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    conversation: Conversation
    def __init__(self, conversation: _Optional[_Union[Conversation, _Mapping]] = ...) -> None: ...

class AddParticipantsRequest(_message.Message):
    __slots__ = ("conversation_id", "user_ids")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, conversation_id: _Optional[str] = ..., user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class AddParticipantsResponse(_message.Message):
    __slots__ = ("conversation",)
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    conversation: Conversation
    def __init__(self, conversation: _Optional[_Union[Conversation, _Mapping]] = ...) -> None: ...

class RemoveParticipantRequest(_message.Message):
    __slots__ = ("conversation_id", "user_id")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    user_id: str
    def __init__(self, conversation_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class RemoveParticipantResponse(_message.Message):
    __slots__ = ("conversation",)
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    conversation: Conversation
    def __init__(self, conversation: _Optional[_Union[Conversation, _Mapping]] = ...) -> None: ...

class LeaveConversationRequest(_message.Message):
    __slots__ = ("conversation_id",)
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    def __init__(self, conversation_id: _Optional[str] = ...) -> None: ...

class LeaveConversationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MuteConversationRequest(_message.Message):
    __slots__ = ("conversation_id", "muted")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MUTED_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    muted: bool
    def __init__(self, conversation_id: _Optional[str] = ..., muted: _Optional[bool] = ...) -> None: ...

class MuteConversationResponse(_message.Message):
    __slots__ = ("participant",)
    PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    participant: Participant
    def __init__(self, participant: _Optional[_Union[Participant, _Mapping]] = ...) -> None: ...

class SendTypingIndicatorRequest(_message.Message):
    __slots__ = ("conversation_id", "typing")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    TYPING_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    typing: bool
    def __init__(self, conversation_id: _Optional[str] = ..., typing: _Optional[bool] = ...) -> None: ...

class SendTypingIndicatorResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MessageSearchResult(_message.Message):
    __slots__ = ("message", "snippet", "highlights")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    SNIPPET_FIELD_NUMBER: _ClassVar[int]
    HIGHLIGHTS_FIELD_NUMBER: _ClassVar[int]
    message: Message
    snippet: str
    highlights: _containers.RepeatedCompositeFieldContainer[HighlightRange]
    def __init__(self, message: _Optional[_Union[Message, _Mapping]] = ..., snippet: _Optional[str] = ..., highlights: _Optional[_Iterable[_Union[HighlightRange, _Mapping]]] = ...) -> None: ...

class HighlightRange(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: int
    end: int
    def __init__(self, start: _Optional[int] = ..., end: _Optional[int] = ...) -> None: ...

class SearchMessagesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query", "conversation_id", "sender_user_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    SENDER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    conversation_id: str
    sender_user_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ..., conversation_id: _Optional[str] = ..., sender_user_id: _Optional[str] = ...) -> None: ...

class SearchMessagesResponse(_message.Message):
    __slots__ = ("results", "next_page_token")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[MessageSearchResult]
    next_page_token: str
    def __init__(self, results: _Optional[_Iterable[_Union[MessageSearchResult, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
