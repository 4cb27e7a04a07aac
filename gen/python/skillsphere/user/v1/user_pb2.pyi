import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from skillsphere.common.v1 import common_pb2 as _common_pb2
from skillsphere.common.v1 import errors_pb2 as _errors_pb2
from skillsphere.common.v1 import validate_pb2 as _validate_pb2
from skillsphere.skill.v1 import skill_pb2 as _skill_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ProfileVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROFILE_VISIBILITY_UNSPECIFIED: _ClassVar[ProfileVisibility]
    PROFILE_VISIBILITY_PUBLIC: _ClassVar[ProfileVisibility]
    PROFILE_VISIBILITY_MEMBERS: _ClassVar[ProfileVisibility]
    PROFILE_VISIBILITY_PRIVATE: _ClassVar[ProfileVisibility]

class ProfileLinkType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROFILE_LINK_TYPE_UNSPECIFIED: _ClassVar[ProfileLinkType]
    PROFILE_LINK_TYPE_WEBSITE: _ClassVar[ProfileLinkType]
    PROFILE_LINK_TYPE_GITHUB: _ClassVar[ProfileLinkType]
    PROFILE_LINK_TYPE_LINKEDIN: _ClassVar[ProfileLinkType]
    PROFILE_LINK_TYPE_X: _ClassVar[ProfileLinkType]
    PROFILE_LINK_TYPE_YOUTUBE: _ClassVar[ProfileLinkType]
    PROFILE_LINK_TYPE_PORTFOLIO: _ClassVar[ProfileLinkType]
    PROFILE_LINK_TYPE_OTHER: _ClassVar[ProfileLinkType]

class UserOrderBy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_ORDER_BY_UNSPECIFIED: _ClassVar[UserOrderBy]
    USER_ORDER_BY_RELEVANCE: _ClassVar[UserOrderBy]
    USER_ORDER_BY_RATING: _ClassVar[UserOrderBy]
    USER_ORDER_BY_RECENCY: _ClassVar[UserOrderBy]

class NotificationChannel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTIFICATION_CHANNEL_UNSPECIFIED: _ClassVar[NotificationChannel]
    NOTIFICATION_CHANNEL_EMAIL: _ClassVar[NotificationChannel]
    NOTIFICATION_CHANNEL_PUSH: _ClassVar[NotificationChannel]
    NOTIFICATION_CHANNEL_IN_APP: _ClassVar[NotificationChannel]

class NotificationEventType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTIFICATION_EVENT_TYPE_UNSPECIFIED: _ClassVar[NotificationEventType]
    NOTIFICATION_EVENT_TYPE_SESSION_REQUESTED: _ClassVar[NotificationEventType]
    NOTIFICATION_EVENT_TYPE_SESSION_CHANGED: _ClassVar[NotificationEventType]
    NOTIFICATION_EVENT_TYPE_SESSION_REMINDER: _ClassVar[NotificationEventType]
    NOTIFICATION_EVENT_TYPE_NEW_MESSAGE: _ClassVar[NotificationEventType]
    NOTIFICATION_EVENT_TYPE_NEW_RATING: _ClassVar[NotificationEventType]
    NOTIFICATION_EVENT_TYPE_MATCH_SUGGESTION: _ClassVar[NotificationEventType]
    NOTIFICATION_EVENT_TYPE_PAYMENT: _ClassVar[NotificationEventType]
    NOTIFICATION_EVENT_TYPE_SKILL_PROPOSAL_REVIEWED: _ClassVar[NotificationEventType]
    NOTIFICATION_EVENT_TYPE_PRODUCT_NEWS: _ClassVar[NotificationEventType]

class UserSessionRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_SESSION_ROLE_UNSPECIFIED: _ClassVar[UserSessionRole]
    USER_SESSION_ROLE_MENTOR: _ClassVar[UserSessionRole]
    USER_SESSION_ROLE_LEARNER: _ClassVar[UserSessionRole]

class UserSessionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_SESSION_STATUS_UNSPECIFIED: _ClassVar[UserSessionStatus]
    USER_SESSION_STATUS_SCHEDULED: _ClassVar[UserSessionStatus]
    USER_SESSION_STATUS_IN_PROGRESS: _ClassVar[UserSessionStatus]
    USER_SESSION_STATUS_COMPLETED: _ClassVar[UserSessionStatus]
    USER_SESSION_STATUS_CANCELLED: _ClassVar[UserSessionStatus]
    USER_SESSION_STATUS_NO_SHOW: _ClassVar[UserSessionStatus]

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_USER_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_PROFILE_EXISTS: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_PROFILE_OWNER: _ClassVar[ErrorReason]
    ERROR_REASON_AVAILABILITY_INVALID: _ClassVar[ErrorReason]
    ERROR_REASON_UPLOAD_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_AVATAR_TYPE_NOT_ALLOWED: _ClassVar[ErrorReason]
    ERROR_REASON_AVATAR_TOO_LARGE: _ClassVar[ErrorReason]
    ERROR_REASON_AVATAR_TOO_SMALL: _ClassVar[ErrorReason]
    ERROR_REASON_AVATAR_NOT_AN_IMAGE: _ClassVar[ErrorReason]
    ERROR_REASON_AVATAR_NOT_UPLOADED: _ClassVar[ErrorReason]
    ERROR_REASON_AVATAR_UPLOAD_EXPIRED: _ClassVar[ErrorReason]
PROFILE_VISIBILITY_UNSPECIFIED: ProfileVisibility
PROFILE_VISIBILITY_PUBLIC: ProfileVisibility
PROFILE_VISIBILITY_MEMBERS: ProfileVisibility
PROFILE_VISIBILITY_PRIVATE: ProfileVisibility
PROFILE_LINK_TYPE_UNSPECIFIED: ProfileLinkType
PROFILE_LINK_TYPE_WEBSITE: ProfileLinkType
PROFILE_LINK_TYPE_GITHUB: ProfileLinkType
PROFILE_LINK_TYPE_LINKEDIN: ProfileLinkType
PROFILE_LINK_TYPE_X: ProfileLinkType
PROFILE_LINK_TYPE_YOUTUBE: ProfileLinkType
PROFILE_LINK_TYPE_PORTFOLIO: ProfileLinkType
PROFILE_LINK_TYPE_OTHER: ProfileLinkType
USER_ORDER_BY_UNSPECIFIED: UserOrderBy
USER_ORDER_BY_RELEVANCE: UserOrderBy
USER_ORDER_BY_RATING: UserOrderBy
USER_ORDER_BY_RECENCY: UserOrderBy
NOTIFICATION_CHANNEL_UNSPECIFIED: NotificationChannel
NOTIFICATION_CHANNEL_EMAIL: NotificationChannel
NOTIFICATION_CHANNEL_PUSH: NotificationChannel
NOTIFICATION_CHANNEL_IN_APP: NotificationChannel
NOTIFICATION_EVENT_TYPE_UNSPECIFIED: NotificationEventType
NOTIFICATION_EVENT_TYPE_SESSION_REQUESTED: NotificationEventType
NOTIFICATION_EVENT_TYPE_SESSION_CHANGED: NotificationEventType
NOTIFICATION_EVENT_TYPE_SESSION_REMINDER: NotificationEventType
NOTIFICATION_EVENT_TYPE_NEW_MESSAGE: NotificationEventType
NOTIFICATION_EVENT_TYPE_NEW_RATING: NotificationEventType
NOTIFICATION_EVENT_TYPE_MATCH_SUGGESTION: NotificationEventType
NOTIFICATION_EVENT_TYPE_PAYMENT: NotificationEventType
NOTIFICATION_EVENT_TYPE_SKILL_PROPOSAL_REVIEWED: NotificationEventType
NOTIFICATION_EVENT_TYPE_PRODUCT_NEWS: NotificationEventType
USER_SESSION_ROLE_UNSPECIFIED: UserSessionRole
USER_SESSION_ROLE_MENTOR: UserSessionRole
USER_SESSION_ROLE_LEARNER: UserSessionRole
USER_SESSION_STATUS_UNSPECIFIED: UserSessionStatus
USER_SESSION_STATUS_SCHEDULED: UserSessionStatus
USER_SESSION_STATUS_IN_PROGRESS: UserSessionStatus
USER_SESSION_STATUS_COMPLETED: UserSessionStatus
USER_SESSION_STATUS_CANCELLED: UserSessionStatus
USER_SESSION_STATUS_NO_SHOW: UserSessionStatus
ERROR_REASON_UNSPECIFIED: ErrorReason
ERROR_REASON_USER_NOT_FOUND: ErrorReason
ERROR_REASON_PROFILE_EXISTS: ErrorReason
ERROR_REASON_NOT_PROFILE_OWNER: ErrorReason
ERROR_REASON_AVAILABILITY_INVALID: ErrorReason
ERROR_REASON_UPLOAD_NOT_FOUND: ErrorReason
ERROR_REASON_AVATAR_TYPE_NOT_ALLOWED: ErrorReason
ERROR_REASON_AVATAR_TOO_LARGE: ErrorReason
ERROR_REASON_AVATAR_TOO_SMALL: ErrorReason
ERROR_REASON_AVATAR_NOT_AN_IMAGE: ErrorReason
ERROR_REASON_AVATAR_NOT_UPLOADED: ErrorReason
ERROR_REASON_AVATAR_UPLOAD_EXPIRED: ErrorReason

class ProfileLink(_message.Message):
    __slots__ = ("type", "url", "label")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    type: ProfileLinkType
    url: str
    label: str
    def __init__(self, type: _Optional[_Union[ProfileLinkType, str]] = ..., url: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class AvatarThumbnail(_message.Message):
    __slots__ = ("size_px", "url")
    SIZE_PX_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    size_px: int
    url: str
    def __init__(self, size_px: _Optional[int] = ..., url: _Optional[str] = ...) -> None: ...

class Avatar(_message.Message):
    __slots__ = ("original_url", "thumbnails", "update_time")
    ORIGINAL_URL_FIELD_NUMBER: _ClassVar[int]
    THUMBNAILS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    original_url: str
    thumbnails: _containers.RepeatedCompositeFieldContainer[AvatarThumbnail]
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, original_url: _Optional[str] = ..., thumbnails: _Optional[_Iterable[_Union[AvatarThumbnail, _Mapping]]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class User(_message.Message):
    __slots__ = ("id", "display_name", "headline", "bio", "avatar", "language_codes", "time_zone", "country_code", "city", "location", "links", "is_mentor", "hourly_rate", "visibility", "verified", "verify_time", "email", "average_rating", "rating_count", "create_time", "update_time", "delete_time", "accepts_skill_swap")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    HEADLINE_FIELD_NUMBER: _ClassVar[int]
    BIO_FIELD_NUMBER: _ClassVar[int]
    AVATAR_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_CODES_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    CITY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    IS_MENTOR_FIELD_NUMBER: _ClassVar[int]
    HOURLY_RATE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_FIELD_NUMBER: _ClassVar[int]
    VERIFY_TIME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_RATING_FIELD_NUMBER: _ClassVar[int]
    RATING_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DELETE_TIME_FIELD_NUMBER: _ClassVar[int]
    ACCEPTS_SKILL_SWAP_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_name: str
    headline: str
    bio: str
    avatar: Avatar
    language_codes: _containers.RepeatedScalarFieldContainer[str]
    time_zone: str
    country_code: str
    city: str
    location: _common_pb2.LatLng
    links: _containers.RepeatedCompositeFieldContainer[ProfileLink]
    is_mentor: bool
    hourly_rate: _common_pb2.Money
    visibility: ProfileVisibility
    verified: bool
    verify_time: _timestamp_pb2.Timestamp
    email: str
    average_rating: float
    rating_count: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    delete_time: _timestamp_pb2.Timestamp
    accepts_skill_swap: bool
    def __init__(self, id: _Optional[str] = ..., display_name: _Optional[str] = ..., headline: _Optional[str] = ..., bio: _Optional[str] = ..., avatar: _Optional[_Union[Avatar, _Mapping]] = ..., language_codes: _Optional[_Iterable[str]] = ..., time_zone: _Optional[str] = ..., country_code: _Optional[str] = ..., city: _Optional[str] = ..., location: _Optional[_Union[_common_pb2.LatLng, _Mapping]] = ..., links: _Optional[_Iterable[_Union[ProfileLink, _Mapping]]] = ..., is_mentor: _Optional[bool] = ..., hourly_rate: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., visibility: _Optional[_Union[ProfileVisibility, str]] = ..., verified: _Optional[bool] = ..., verify_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., email: _Optional[str] = ..., average_rating: _Optional[float] = ..., rating_count: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., accepts_skill_swap: _Optional[bool] = ...) -> None: ...

class UserSummary(_message.Message):
    __slots__ = ("user_id", "display_name", "headline", "avatar_uri", "teaches", "learns", "average_rating", "rating_count", "hourly_rate", "accepts_skill_swap", "country_code", "time_zone", "language_tags", "verified", "is_mentor")
    class Skill(_message.Message):
        __slots__ = ("skill_id", "name", "proficiency")
        SKILL_ID_FIELD_NUMBER: _ClassVar[int]
        NAME_FIELD_NUMBER: _ClassVar[int]
        PROFICIENCY_FIELD_NUMBER: _ClassVar[int]
        skill_id: str
        name: str
        proficiency: int
        def __init__(self, skill_id: _Optional[str] = ..., name: _Optional[str] = ..., proficiency: _Optional[int] = ...) -> None: ...
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    HEADLINE_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URI_FIELD_NUMBER: _ClassVar[int]
    TEACHES_FIELD_NUMBER: _ClassVar[int]
    LEARNS_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_RATING_FIELD_NUMBER: _ClassVar[int]
    RATING_COUNT_FIELD_NUMBER: _ClassVar[int]
    HOURLY_RATE_FIELD_NUMBER: _ClassVar[int]
    ACCEPTS_SKILL_SWAP_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_TAGS_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_FIELD_NUMBER: _ClassVar[int]
    IS_MENTOR_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    display_name: str
    headline: str
    avatar_uri: str
    teaches: _containers.RepeatedCompositeFieldContainer[UserSummary.Skill]
    learns: _containers.RepeatedCompositeFieldContainer[UserSummary.Skill]
    average_rating: float
    rating_count: int
    hourly_rate: _common_pb2.Money
    accepts_skill_swap: bool
    country_code: str
    time_zone: str
    language_tags: _containers.RepeatedScalarFieldContainer[str]
    verified: bool
    is_mentor: bool
    def __init__(self, user_id: _Optional[str] = ..., display_name: _Optional[str] = ..., headline: _Optional[str] = ..., avatar_uri: _Optional[str] = ..., teaches: _Optional[_Iterable[_Union[UserSummary.Skill, _Mapping]]] = ..., learns: _Optional[_Iterable[_Union[UserSummary.Skill, _Mapping]]] = ..., average_rating: _Optional[float] = ..., rating_count: _Optional[int] = ..., hourly_rate: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., accepts_skill_swap: _Optional[bool] = ..., country_code: _Optional[str] = ..., time_zone: _Optional[str] = ..., language_tags: _Optional[_Iterable[str]] = ..., verified: _Optional[bool] = ..., is_mentor: _Optional[bool] = ...) -> None: ...

class UserStats(_message.Message):
    __slots__ = ("user_id", "sessions_taught_count", "sessions_learned_count", "teaching_minutes", "learning_minutes", "average_rating", "rating_count", "response_rate", "no_show_count", "compute_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_TAUGHT_COUNT_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_LEARNED_COUNT_FIELD_NUMBER: _ClassVar[int]
    TEACHING_MINUTES_FIELD_NUMBER: _ClassVar[int]
    LEARNING_MINUTES_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_RATING_FIELD_NUMBER: _ClassVar[int]
    RATING_COUNT_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_RATE_FIELD_NUMBER: _ClassVar[int]
    NO_SHOW_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMPUTE_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    sessions_taught_count: int
    sessions_learned_count: int
    teaching_minutes: int
    learning_minutes: int
    average_rating: float
    rating_count: int
    response_rate: float
    no_show_count: int
    compute_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., sessions_taught_count: _Optional[int] = ..., sessions_learned_count: _Optional[int] = ..., teaching_minutes: _Optional[int] = ..., learning_minutes: _Optional[int] = ..., average_rating: _Optional[float] = ..., rating_count: _Optional[int] = ..., response_rate: _Optional[float] = ..., no_show_count: _Optional[int] = ..., compute_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TimeSlot(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: _common_pb2.TimeOfDay
    end: _common_pb2.TimeOfDay
    def __init__(self, start: _Optional[_Union[_common_pb2.TimeOfDay, _Mapping]] = ..., end: _Optional[_Union[_common_pb2.TimeOfDay, _Mapping]] = ...) -> None: ...

class WeeklySlot(_message.Message):
    __slots__ = ("day_of_week", "slot")
    DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    SLOT_FIELD_NUMBER: _ClassVar[int]
    day_of_week: _common_pb2.DayOfWeek
    slot: TimeSlot
    def __init__(self, day_of_week: _Optional[_Union[_common_pb2.DayOfWeek, str]] = ..., slot: _Optional[_Union[TimeSlot, _Mapping]] = ...) -> None: ...

class AvailabilityException(_message.Message):
    __slots__ = ("date", "slots")
    DATE_FIELD_NUMBER: _ClassVar[int]
    SLOTS_FIELD_NUMBER: _ClassVar[int]
    date: _common_pb2.Date
    slots: _containers.RepeatedCompositeFieldContainer[TimeSlot]
    def __init__(self, date: _Optional[_Union[_common_pb2.Date, _Mapping]] = ..., slots: _Optional[_Iterable[_Union[TimeSlot, _Mapping]]] = ...) -> None: ...

class Availability(_message.Message):
    __slots__ = ("user_id", "time_zone", "weekly_slots", "exceptions", "update_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    WEEKLY_SLOTS_FIELD_NUMBER: _ClassVar[int]
    EXCEPTIONS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    time_zone: str
    weekly_slots: _containers.RepeatedCompositeFieldContainer[WeeklySlot]
    exceptions: _containers.RepeatedCompositeFieldContainer[AvailabilityException]
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., time_zone: _Optional[str] = ..., weekly_slots: _Optional[_Iterable[_Union[WeeklySlot, _Mapping]]] = ..., exceptions: _Optional[_Iterable[_Union[AvailabilityException, _Mapping]]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class NotificationPreference(_message.Message):
    __slots__ = ("event_type", "channel", "enabled")
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    event_type: NotificationEventType
    channel: NotificationChannel
    enabled: bool
    def __init__(self, event_type: _Optional[_Union[NotificationEventType, str]] = ..., channel: _Optional[_Union[NotificationChannel, str]] = ..., enabled: _Optional[bool] = ...) -> None: ...

class QuietHours(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: _common_pb2.TimeOfDay
    end: _common_pb2.TimeOfDay
    def __init__(self, start: _Optional[_Union[_common_pb2.TimeOfDay, _Mapping]] = ..., end: _Optional[_Union[_common_pb2.TimeOfDay, _Mapping]] = ...) -> None: ...

class NotificationPreferences(_message.Message):
    __slots__ = ("user_id", "preferences", "quiet_hours", "update_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    QUIET_HOURS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    preferences: _containers.RepeatedCompositeFieldContainer[NotificationPreference]
    quiet_hours: QuietHours
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., preferences: _Optional[_Iterable[_Union[NotificationPreference, _Mapping]]] = ..., quiet_hours: _Optional[_Union[QuietHours, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserSkillFilter(_message.Message):
    __slots__ = ("skill_id", "kind", "min_proficiency")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MIN_PROFICIENCY_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    kind: _skill_pb2.UserSkillKind
    min_proficiency: _skill_pb2.ProficiencyLevel
    def __init__(self, skill_id: _Optional[str] = ..., kind: _Optional[_Union[_skill_pb2.UserSkillKind, str]] = ..., min_proficiency: _Optional[_Union[_skill_pb2.ProficiencyLevel, str]] = ...) -> None: ...

class AvailabilityWindow(_message.Message):
    __slots__ = ("start_time", "end_time", "min_overlap_minutes")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    MIN_OVERLAP_MINUTES_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    min_overlap_minutes: int
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., min_overlap_minutes: _Optional[int] = ...) -> None: ...

class UserFilter(_message.Message):
    __slots__ = ("skills", "mentors_only", "language_codes", "country_codes", "min_utc_offset_minutes", "max_utc_offset_minutes", "available_during", "min_rating", "verified_only", "exclude_user_ids")
    SKILLS_FIELD_NUMBER: _ClassVar[int]
    MENTORS_ONLY_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_CODES_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODES_FIELD_NUMBER: _ClassVar[int]
    MIN_UTC_OFFSET_MINUTES_FIELD_NUMBER: _ClassVar[int]
    MAX_UTC_OFFSET_MINUTES_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_DURING_FIELD_NUMBER: _ClassVar[int]
    MIN_RATING_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_ONLY_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    skills: _containers.RepeatedCompositeFieldContainer[UserSkillFilter]
    mentors_only: bool
    language_codes: _containers.RepeatedScalarFieldContainer[str]
    country_codes: _containers.RepeatedScalarFieldContainer[str]
    min_utc_offset_minutes: int
    max_utc_offset_minutes: int
    available_during: AvailabilityWindow
    min_rating: float
    verified_only: bool
    exclude_user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, skills: _Optional[_Iterable[_Union[UserSkillFilter, _Mapping]]] = ..., mentors_only: _Optional[bool] = ..., language_codes: _Optional[_Iterable[str]] = ..., country_codes: _Optional[_Iterable[str]] = ..., min_utc_offset_minutes: _Optional[int] = ..., max_utc_offset_minutes: _Optional[int] = ..., available_during: _Optional[_Union[AvailabilityWindow, _Mapping]] = ..., min_rating: _Optional[float] = ..., verified_only: _Optional[bool] = ..., exclude_user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class UserSessionSummary(_message.Message):
    __slots__ = ("session_id", "skill_id", "skill_name", "role", "counterpart_user_id", "status", "start_time", "duration_minutes")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    COUNTERPART_USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    skill_id: str
    skill_name: str
    role: UserSessionRole
    counterpart_user_id: str
    status: UserSessionStatus
    start_time: _timestamp_pb2.Timestamp
    duration_minutes: int
    def __init__(self, session_id: _Optional[str] = ..., skill_id: _Optional[str] = ..., skill_name: _Optional[str] = ..., role: _Optional[_Union[UserSessionRole, str]] = ..., counterpart_user_id: _Optional[str] = ..., status: _Optional[_Union[UserSessionStatus, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_minutes: _Optional[int] = ...) -> None: ...

class UserRating(_message.Message):
    __slots__ = ("id", "session_id", "rater_user_id", "user_id", "role", "score", "comment", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    RATER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    session_id: str
    rater_user_id: str
    user_id: str
    role: UserSessionRole
    score: int
    comment: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., session_id: _Optional[str] = ..., rater_user_id: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[UserSessionRole, str]] = ..., score: _Optional[int] = ..., comment: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateUserRequest(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class CreateUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class BatchGetUsersRequest(_message.Message):
    __slots__ = ("user_ids",)
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetUsersResponse(_message.Message):
    __slots__ = ("users", "missing_user_ids")
    USERS_FIELD_NUMBER: _ClassVar[int]
    MISSING_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    missing_user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ..., missing_user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateUserRequest(_message.Message):
    __slots__ = ("user", "update_mask")
    USER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    user: User
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class DeleteUserRequest(_message.Message):
    __slots__ = ("user_id", "reason")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    reason: str
    def __init__(self, user_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DeleteUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query", "filter", "order_by")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    filter: UserFilter
    order_by: UserOrderBy
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ..., filter: _Optional[_Union[UserFilter, _Mapping]] = ..., order_by: _Optional[_Union[UserOrderBy, str]] = ...) -> None: ...

class ListUsersResponse(_message.Message):
    __slots__ = ("users", "next_page_token")
    USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    next_page_token: str
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetUserStatsRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetUserStatsResponse(_message.Message):
    __slots__ = ("stats",)
    STATS_FIELD_NUMBER: _ClassVar[int]
    stats: UserStats
    def __init__(self, stats: _Optional[_Union[UserStats, _Mapping]] = ...) -> None: ...

class GetAvailabilityRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetAvailabilityResponse(_message.Message):
    __slots__ = ("availability",)
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    availability: Availability
    def __init__(self, availability: _Optional[_Union[Availability, _Mapping]] = ...) -> None: ...

class UpdateAvailabilityRequest(_message.Message):
    __slots__ = ("availability", "update_mask")
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    availability: Availability
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, availability: _Optional[_Union[Availability, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateAvailabilityResponse(_message.Message):
    __slots__ = ("availability",)
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    availability: Availability
    def __init__(self, availability: _Optional[_Union[Availability, _Mapping]] = ...) -> None: ...

class GetNotificationPreferencesRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetNotificationPreferencesResponse(_message.Message):
    __slots__ = ("notification_preferences",)
    NOTIFICATION_PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    notification_preferences: NotificationPreferences
    def __init__(self, notification_preferences: _Optional[_Union[NotificationPreferences, _Mapping]] = ...) -> None: ...

class UpdateNotificationPreferencesRequest(_message.Message):
    __slots__ = ("notification_preferences", "update_mask")
    NOTIFICATION_PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    notification_preferences: NotificationPreferences
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, notification_preferences: _Optional[_Union[NotificationPreferences, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateNotificationPreferencesResponse(_message.Message):
    __slots__ = ("notification_preferences",)
    NOTIFICATION_PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    notification_preferences: NotificationPreferences
    def __init__(self, notification_preferences: _Optional[_Union[NotificationPreferences, _Mapping]] = ...) -> None: ...

class ListUserSessionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "role", "status")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    role: UserSessionRole
    status: UserSessionStatus
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[UserSessionRole, str]] = ..., status: _Optional[_Union[UserSessionStatus, str]] = ...) -> None: ...

class ListUserSessionsResponse(_message.Message):
    __slots__ = ("sessions", "next_page_token")
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[UserSessionSummary]
    next_page_token: str
    def __init__(self, sessions: _Optional[_Iterable[_Union[UserSessionSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListUserRatingsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "role")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    role: UserSessionRole
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[UserSessionRole, str]] = ...) -> None: ...

class ListUserRatingsResponse(_message.Message):
    __slots__ = ("ratings", "next_page_token")
    RATINGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ratings: _containers.RepeatedCompositeFieldContainer[UserRating]
    next_page_token: str
    def __init__(self, ratings: _Optional[_Iterable[_Union[UserRating, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class VerifyUserRequest(_message.Message):
    __slots__ = ("user_id", "verified", "note")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    verified: bool
    note: str
    def __init__(self, user_id: _Optional[str] = ..., verified: _Optional[bool] = ..., note: _Optional[str] = ...) -> None: ...

class VerifyUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class CreateAvatarUploadRequest(_message.Message):
    __slots__ = ("user_id", "content_type", "size_bytes")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    content_type: str
    size_bytes: int
    def __init__(self, user_id: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class CreateAvatarUploadResponse(_message.Message):
    __slots__ = ("upload_id", "upload_url", "http_method", "upload_headers", "expire_time", "allowed_content_types", "max_size_bytes")
    class UploadHeadersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_URL_FIELD_NUMBER: _ClassVar[int]
    HTTP_METHOD_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_HEADERS_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_CONTENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    MAX_SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    upload_url: str
    http_method: str
    upload_headers: _containers.ScalarMap[str, str]
    expire_time: _timestamp_pb2.Timestamp
    allowed_content_types: _containers.RepeatedScalarFieldContainer[str]
    max_size_bytes: int
    def __init__(self, upload_id: _Optional[str] = ..., upload_url: _Optional[str] = ..., http_method: _Optional[str] = ..., upload_headers: _Optional[_Mapping[str, str]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., allowed_content_types: _Optional[_Iterable[str]] = ..., max_size_bytes: _Optional[int] = ...) -> None: ...

class FinalizeAvatarUploadRequest(_message.Message):
    __slots__ = ("user_id", "upload_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    upload_id: str
    def __init__(self, user_id: _Optional[str] = ..., upload_id: _Optional[str] = ...) -> None: ...

class FinalizeAvatarUploadResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class BlockedUser(_message.Message):
    __slots__ = ("user_id", "display_name", "block_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    BLOCK_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    display_name: str
    block_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., display_name: _Optional[str] = ..., block_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class BlockUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class BlockUserResponse(_message.Message):
    __slots__ = ("blocked_user",)
    BLOCKED_USER_FIELD_NUMBER: _ClassVar[int]
    blocked_user: BlockedUser
    def __init__(self, blocked_user: _Optional[_Union[BlockedUser, _Mapping]] = ...) -> None: ...

class UnblockUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class UnblockUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListBlockedUsersRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListBlockedUsersResponse(_message.Message):
    __slots__ = ("blocked_users", "next_page_token")
    BLOCKED_USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    blocked_users: _containers.RepeatedCompositeFieldContainer[BlockedUser]
    next_page_token: str
    def __init__(self, blocked_users: _Optional[_Iterable[_Union[BlockedUser, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
