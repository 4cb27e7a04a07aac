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

class WorkshopStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WORKSHOP_STATUS_UNSPECIFIED: _ClassVar[WorkshopStatus]
    WORKSHOP_STATUS_SCHEDULED: _ClassVar[WorkshopStatus]
    WORKSHOP_STATUS_LIVE: _ClassVar[WorkshopStatus]
    WORKSHOP_STATUS_ENDED: _ClassVar[WorkshopStatus]
    WORKSHOP_STATUS_CANCELLED: _ClassVar[WorkshopStatus]

class WorkshopLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WORKSHOP_LEVEL_UNSPECIFIED: _ClassVar[WorkshopLevel]
    WORKSHOP_LEVEL_BEGINNER: _ClassVar[WorkshopLevel]
    WORKSHOP_LEVEL_INTERMEDIATE: _ClassVar[WorkshopLevel]
    WORKSHOP_LEVEL_ADVANCED: _ClassVar[WorkshopLevel]

class RegistrationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRATION_STATUS_UNSPECIFIED: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_PENDING_PAYMENT: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_CONFIRMED: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_CANCELLED: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_EXPIRED: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_WORKSHOP_CANCELLED: _ClassVar[RegistrationStatus]

class MaterialStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATERIAL_STATUS_UNSPECIFIED: _ClassVar[MaterialStatus]
    MATERIAL_STATUS_PENDING_UPLOAD: _ClassVar[MaterialStatus]
    MATERIAL_STATUS_READY: _ClassVar[MaterialStatus]
WORKSHOP_STATUS_UNSPECIFIED: WorkshopStatus
WORKSHOP_STATUS_SCHEDULED: WorkshopStatus
WORKSHOP_STATUS_LIVE: WorkshopStatus
WORKSHOP_STATUS_ENDED: WorkshopStatus
WORKSHOP_STATUS_CANCELLED: WorkshopStatus
WORKSHOP_LEVEL_UNSPECIFIED: WorkshopLevel
WORKSHOP_LEVEL_BEGINNER: WorkshopLevel
WORKSHOP_LEVEL_INTERMEDIATE: WorkshopLevel
WORKSHOP_LEVEL_ADVANCED: WorkshopLevel
REGISTRATION_STATUS_UNSPECIFIED: RegistrationStatus
REGISTRATION_STATUS_PENDING_PAYMENT: RegistrationStatus
REGISTRATION_STATUS_CONFIRMED: RegistrationStatus
REGISTRATION_STATUS_CANCELLED: RegistrationStatus
REGISTRATION_STATUS_EXPIRED: RegistrationStatus
REGISTRATION_STATUS_WORKSHOP_CANCELLED: RegistrationStatus
MATERIAL_STATUS_UNSPECIFIED: MaterialStatus
MATERIAL_STATUS_PENDING_UPLOAD: MaterialStatus
MATERIAL_STATUS_READY: MaterialStatus

class Workshop(_message.Message):
    __slots__ = ("id", "host_user_id", "title", "description", "skill_ids", "level", "language", "start_time", "duration_minutes", "time_zone", "capacity", "registered_count", "price", "refund_deadline", "status", "meeting_url", "cover_image_url", "cancel_reason", "caller_registration", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    HOST_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_COUNT_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    REFUND_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MEETING_URL_FIELD_NUMBER: _ClassVar[int]
    COVER_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REASON_FIELD_NUMBER: _ClassVar[int]
    CALLER_REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    host_user_id: str
    title: str
    description: str
    skill_ids: _containers.RepeatedScalarFieldContainer[str]
    level: WorkshopLevel
    language: str
    start_time: _timestamp_pb2.Timestamp
    duration_minutes: int
    time_zone: str
    capacity: int
    registered_count: int
    price: _common_pb2.Money
    refund_deadline: _timestamp_pb2.Timestamp
    status: WorkshopStatus
    meeting_url: str
    cover_image_url: str
    cancel_reason: str
    caller_registration: Registration
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., host_user_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., skill_ids: _Optional[_Iterable[str]] = ..., level: _Optional[_Union[WorkshopLevel, str]] = ..., language: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_minutes: _Optional[int] = ..., time_zone: _Optional[str] = ..., capacity: _Optional[int] = ..., registered_count: _Optional[int] = ..., price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., refund_deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[_Union[WorkshopStatus, str]] = ..., meeting_url: _Optional[str] = ..., cover_image_url: _Optional[str] = ..., cancel_reason: _Optional[str] = ..., caller_registration: _Optional[_Union[Registration, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Registration(_message.Message):
    __slots__ = ("id", "workshop_id", "user_id", "status", "price", "payment_id", "amount_refunded", "hold_expire_time", "create_time", "cancel_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_REFUNDED_FIELD_NUMBER: _ClassVar[int]
    HOLD_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CANCEL_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    workshop_id: str
    user_id: str
    status: RegistrationStatus
    price: _common_pb2.Money
    payment_id: str
    amount_refunded: _common_pb2.Money
    hold_expire_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    cancel_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., workshop_id: _Optional[str] = ..., user_id: _Optional[str] = ..., status: _Optional[_Union[RegistrationStatus, str]] = ..., price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payment_id: _Optional[str] = ..., amount_refunded: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., hold_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cancel_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Material(_message.Message):
    __slots__ = ("id", "workshop_id", "title", "description", "file_name", "content_type", "size_bytes", "status", "download_url", "download_url_expire_time", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DOWNLOAD_URL_FIELD_NUMBER: _ClassVar[int]
    DOWNLOAD_URL_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    workshop_id: str
    title: str
    description: str
    file_name: str
    content_type: str
    size_bytes: int
    status: MaterialStatus
    download_url: str
    download_url_expire_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., workshop_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., file_name: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., status: _Optional[_Union[MaterialStatus, str]] = ..., download_url: _Optional[str] = ..., download_url_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Recording(_message.Message):
    __slots__ = ("id", "workshop_id", "title", "video_url", "duration_minutes", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VIDEO_URL_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    workshop_id: str
    title: str
    video_url: str
    duration_minutes: int
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., workshop_id: _Optional[str] = ..., title: _Optional[str] = ..., video_url: _Optional[str] = ..., duration_minutes: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateWorkshopRequest(_message.Message):
    __slots__ = ("title", "description", "skill_ids", "level", "language", "start_time", "duration_minutes", "time_zone", "capacity", "price", "refund_deadline", "meeting_url", "cover_image_url")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    REFUND_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    MEETING_URL_FIELD_NUMBER: _ClassVar[int]
    COVER_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    title: str
    description: str
    skill_ids: _containers.RepeatedScalarFieldContainer[str]
    level: WorkshopLevel
    language: str
    start_time: _timestamp_pb2.Timestamp
    duration_minutes: int
    time_zone: str
    capacity: int
    price: _common_pb2.Money
    refund_deadline: _timestamp_pb2.Timestamp
    meeting_url: str
    cover_image_url: str
    def __init__(self, title: _Optional[str] = ..., description: _Optional[str] = ..., skill_ids: _Optional[_Iterable[str]] = ..., level: _Optional[_Union[WorkshopLevel, str]] = ..., language: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_minutes: _Optional[int] = ..., time_zone: _Optional[str] = ..., capacity: _Optional[int] = ..., price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., refund_deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meeting_url: _Optional[str] = ..., cover_image_url: _Optional[str] = ...) -> None: ...

class CreateWorkshopResponse(_message.Message):
    __slots__ = ("workshop",)
    WORKSHOP_FIELD_NUMBER: _ClassVar[int]
    workshop: Workshop
    def __init__(self, workshop: _Optional[_Union[Workshop, _Mapping]] = ...) -> None: ...

class GetWorkshopRequest(_message.Message):
    __slots__ = ("workshop_id",)
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    workshop_id: str
    def __init__(self, workshop_id: _Optional[str] = ...) -> None: ...

class GetWorkshopResponse(_message.Message):
    __slots__ = ("workshop",)
    WORKSHOP_FIELD_NUMBER: _ClassVar[int]
    workshop: Workshop
    def __init__(self, workshop: _Optional[_Union[Workshop, _Mapping]] = ...) -> None: ...

class ListWorkshopsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "host_user_id", "skill_id", "starts_after", "starts_before", "statuses", "registered_only", "free_only", "language")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    HOST_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    STARTS_AFTER_FIELD_NUMBER: _ClassVar[int]
    STARTS_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_ONLY_FIELD_NUMBER: _ClassVar[int]
    FREE_ONLY_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    host_user_id: str
    skill_id: str
    starts_after: _timestamp_pb2.Timestamp
    starts_before: _timestamp_pb2.Timestamp
    statuses: _containers.RepeatedScalarFieldContainer[WorkshopStatus]
    registered_only: bool
    free_only: bool
    language: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., host_user_id: _Optional[str] = ..., skill_id: _Optional[str] = ..., starts_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., starts_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., statuses: _Optional[_Iterable[_Union[WorkshopStatus, str]]] = ..., registered_only: _Optional[bool] = ..., free_only: _Optional[bool] = ..., language: _Optional[str] = ...) -> None: ...

class ListWorkshopsResponse(_message.Message):
    __slots__ = ("workshops", "next_page_token")
    WORKSHOPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    workshops: _containers.RepeatedCompositeFieldContainer[Workshop]
    next_page_token: str
    def __init__(self, workshops: _Optional[_Iterable[_Union[Workshop, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateWorkshopRequest(_message.Message):
    __slots__ = ("workshop", "update_mask")
    WORKSHOP_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    workshop: Workshop
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, workshop: _Optional[_Union[Workshop, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateWorkshopResponse(_message.Message):
    __slots__ = ("workshop",)
    WORKSHOP_FIELD_NUMBER: _ClassVar[int]
    workshop: Workshop
    def __init__(self, workshop: _Optional[_Union[Workshop, _Mapping]] = ...) -> None: ...

class CancelWorkshopRequest(_message.Message):
    __slots__ = ("workshop_id", "reason")
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    workshop_id: str
    reason: str
    def __init__(self, workshop_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CancelWorkshopResponse(_message.Message):
    __slots__ = ("workshop",)
    WORKSHOP_FIELD_NUMBER: _ClassVar[int]
    workshop: Workshop
    def __init__(self, workshop: _Optional[_Union[Workshop, _Mapping]] = ...) -> None: ...

class RegisterForWorkshopRequest(_message.Message):
    __slots__ = ("workshop_id", "idempotency_key")
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    workshop_id: str
    idempotency_key: str
    def __init__(self, workshop_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class RegisterForWorkshopResponse(_message.Message):
    __slots__ = ("registration", "workshop", "client_secret")
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    WORKSHOP_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    registration: Registration
    workshop: Workshop
    client_secret: str
    def __init__(self, registration: _Optional[_Union[Registration, _Mapping]] = ..., workshop: _Optional[_Union[Workshop, _Mapping]] = ..., client_secret: _Optional[str] = ...) -> None: ...

class CancelRegistrationRequest(_message.Message):
    __slots__ = ("workshop_id",)
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    workshop_id: str
    def __init__(self, workshop_id: _Optional[str] = ...) -> None: ...

class CancelRegistrationResponse(_message.Message):
    __slots__ = ("registration",)
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    registration: Registration
    def __init__(self, registration: _Optional[_Union[Registration, _Mapping]] = ...) -> None: ...

class ListAttendeesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "workshop_id", "include_cancelled")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CANCELLED_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    workshop_id: str
    include_cancelled: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., workshop_id: _Optional[str] = ..., include_cancelled: _Optional[bool] = ...) -> None: ...

class ListAttendeesResponse(_message.Message):
    __slots__ = ("registrations", "next_page_token")
    REGISTRATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    registrations: _containers.RepeatedCompositeFieldContainer[Registration]
    next_page_token: str
    def __init__(self, registrations: _Optional[_Iterable[_Union[Registration, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CreateMaterialUploadUrlRequest(_message.Message):
    __slots__ = ("workshop_id", "title", "description", "file_name", "content_type", "size_bytes")
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    workshop_id: str
    title: str
    description: str
    file_name: str
    content_type: str
    size_bytes: int
    def __init__(self, workshop_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., file_name: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class CreateMaterialUploadUrlResponse(_message.Message):
    __slots__ = ("material", "upload_url", "required_headers", "expire_time")
    class RequiredHeadersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    MATERIAL_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_URL_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_HEADERS_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    material: Material
    upload_url: str
    required_headers: _containers.ScalarMap[str, str]
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, material: _Optional[_Union[Material, _Mapping]] = ..., upload_url: _Optional[str] = ..., required_headers: _Optional[_Mapping[str, str]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListMaterialsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "workshop_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    workshop_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., workshop_id: _Optional[str] = ...) -> None: ...

class ListMaterialsResponse(_message.Message):
    __slots__ = ("materials", "next_page_token")
    MATERIALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    materials: _containers.RepeatedCompositeFieldContainer[Material]
    next_page_token: str
    def __init__(self, materials: _Optional[_Iterable[_Union[Material, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteMaterialRequest(_message.Message):
    __slots__ = ("material_id",)
    MATERIAL_ID_FIELD_NUMBER: _ClassVar[int]
    material_id: str
    def __init__(self, material_id: _Optional[str] = ...) -> None: ...

class DeleteMaterialResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AddRecordingRequest(_message.Message):
    __slots__ = ("workshop_id", "title", "video_url", "duration_minutes")
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VIDEO_URL_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    workshop_id: str
    title: str
    video_url: str
    duration_minutes: int
    def __init__(self, workshop_id: _Optional[str] = ..., title: _Optional[str] = ..., video_url: _Optional[str] = ..., duration_minutes: _Optional[int] = ...) -> None: ...

class AddRecordingResponse(_message.Message):
    __slots__ = ("recording",)
    RECORDING_FIELD_NUMBER: _ClassVar[int]
    recording: Recording
    def __init__(self, recording: _Optional[_Union[Recording, _Mapping]] = ...) -> None: ...

class ListRecordingsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "workshop_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    WORKSHOP_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    workshop_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., workshop_id: _Optional[str] = ...) -> None: ...

class ListRecordingsResponse(_message.Message):
    __slots__ = ("recordings", "next_page_token")
    RECORDINGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    recordings: _containers.RepeatedCompositeFieldContainer[Recording]
    next_page_token: str
    def __init__(self, recordings: _Optional[_Iterable[_Union[Recording, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteRecordingRequest(_message.Message):
    __slots__ = ("recording_id",)
    RECORDING_ID_FIELD_NUMBER: _ClassVar[int]
    recording_id: str
    def __init__(self, recording_id: _Optional[str] = ...) -> None: ...

class DeleteRecordingResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
