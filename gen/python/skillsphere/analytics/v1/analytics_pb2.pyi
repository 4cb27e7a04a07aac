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

class Granularity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GRANULARITY_UNSPECIFIED: _ClassVar[Granularity]
    GRANULARITY_HOUR: _ClassVar[Granularity]
    GRANULARITY_DAY: _ClassVar[Granularity]
    GRANULARITY_WEEK: _ClassVar[Granularity]
    GRANULARITY_MONTH: _ClassVar[Granularity]

class SkillTrendOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SKILL_TREND_ORDER_UNSPECIFIED: _ClassVar[SkillTrendOrder]
    SKILL_TREND_ORDER_DEMAND_GROWTH: _ClassVar[SkillTrendOrder]
    SKILL_TREND_ORDER_DEMAND: _ClassVar[SkillTrendOrder]
    SKILL_TREND_ORDER_SUPPLY_GAP: _ClassVar[SkillTrendOrder]

class RevenueSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVENUE_SOURCE_UNSPECIFIED: _ClassVar[RevenueSource]
    REVENUE_SOURCE_SUBSCRIPTIONS: _ClassVar[RevenueSource]
    REVENUE_SOURCE_SESSIONS: _ClassVar[RevenueSource]
    REVENUE_SOURCE_GIGS: _ClassVar[RevenueSource]
    REVENUE_SOURCE_REVIEWS: _ClassVar[RevenueSource]
    REVENUE_SOURCE_WORKSHOPS: _ClassVar[RevenueSource]

class Report(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_UNSPECIFIED: _ClassVar[Report]
    REPORT_PLATFORM_STATS: _ClassVar[Report]
    REPORT_USER_ANALYTICS: _ClassVar[Report]
    REPORT_SKILL_TRENDS: _ClassVar[Report]
    REPORT_SESSION_METRICS: _ClassVar[Report]
    REPORT_REVENUE_METRICS: _ClassVar[Report]
    REPORT_ENGAGEMENT_METRICS: _ClassVar[Report]

class ExportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_FORMAT_UNSPECIFIED: _ClassVar[ExportFormat]
    EXPORT_FORMAT_CSV: _ClassVar[ExportFormat]
    EXPORT_FORMAT_JSON_LINES: _ClassVar[ExportFormat]

class ExportStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_STATUS_UNSPECIFIED: _ClassVar[ExportStatus]
    EXPORT_STATUS_PENDING: _ClassVar[ExportStatus]
    EXPORT_STATUS_RUNNING: _ClassVar[ExportStatus]
    EXPORT_STATUS_SUCCEEDED: _ClassVar[ExportStatus]
    EXPORT_STATUS_FAILED: _ClassVar[ExportStatus]
GRANULARITY_UNSPECIFIED: Granularity
GRANULARITY_HOUR: Granularity
GRANULARITY_DAY: Granularity
GRANULARITY_WEEK: Granularity
GRANULARITY_MONTH: Granularity
SKILL_TREND_ORDER_UNSPECIFIED: SkillTrendOrder
SKILL_TREND_ORDER_DEMAND_GROWTH: SkillTrendOrder
SKILL_TREND_ORDER_DEMAND: SkillTrendOrder
SKILL_TREND_ORDER_SUPPLY_GAP: SkillTrendOrder
REVENUE_SOURCE_UNSPECIFIED: RevenueSource
REVENUE_SOURCE_SUBSCRIPTIONS: RevenueSource
REVENUE_SOURCE_SESSIONS: RevenueSource
REVENUE_SOURCE_GIGS: RevenueSource
REVENUE_SOURCE_REVIEWS: RevenueSource
REVENUE_SOURCE_WORKSHOPS: RevenueSource
REPORT_UNSPECIFIED: Report
REPORT_PLATFORM_STATS: Report
REPORT_USER_ANALYTICS: Report
REPORT_SKILL_TRENDS: Report
REPORT_SESSION_METRICS: Report
REPORT_REVENUE_METRICS: Report
REPORT_ENGAGEMENT_METRICS: Report
EXPORT_FORMAT_UNSPECIFIED: ExportFormat
EXPORT_FORMAT_CSV: ExportFormat
EXPORT_FORMAT_JSON_LINES: ExportFormat
EXPORT_STATUS_UNSPECIFIED: ExportStatus
EXPORT_STATUS_PENDING: ExportStatus
EXPORT_STATUS_RUNNING: ExportStatus
EXPORT_STATUS_SUCCEEDED: ExportStatus
EXPORT_STATUS_FAILED: ExportStatus

class TimeRange(_message.Message):
    __slots__ = ("start_time", "end_time")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TimeSeriesPoint(_message.Message):
    __slots__ = ("start_time", "value")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    value: float
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., value: _Optional[float] = ...) -> None: ...

class MoneyPoint(_message.Message):
    __slots__ = ("start_time", "amount")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    amount: _common_pb2.Money
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class PlatformStats(_message.Message):
    __slots__ = ("total_users", "new_users", "daily_active_users", "monthly_active_users", "total_skills", "sessions_completed", "session_minutes", "average_session_rating", "open_gigs", "upcoming_workshops", "active_challenges", "active_subscriptions", "gross_volume", "open_reports", "open_disputes")
    TOTAL_USERS_FIELD_NUMBER: _ClassVar[int]
    NEW_USERS_FIELD_NUMBER: _ClassVar[int]
    DAILY_ACTIVE_USERS_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_ACTIVE_USERS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SKILLS_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    SESSION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_SESSION_RATING_FIELD_NUMBER: _ClassVar[int]
    OPEN_GIGS_FIELD_NUMBER: _ClassVar[int]
    UPCOMING_WORKSHOPS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_CHALLENGES_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_SUBSCRIPTIONS_FIELD_NUMBER: _ClassVar[int]
    GROSS_VOLUME_FIELD_NUMBER: _ClassVar[int]
    OPEN_REPORTS_FIELD_NUMBER: _ClassVar[int]
    OPEN_DISPUTES_FIELD_NUMBER: _ClassVar[int]
    total_users: int
    new_users: int
    daily_active_users: int
    monthly_active_users: int
    total_skills: int
    sessions_completed: int
    session_minutes: int
    average_session_rating: float
    open_gigs: int
    upcoming_workshops: int
    active_challenges: int
    active_subscriptions: int
    gross_volume: _common_pb2.Money
    open_reports: int
    open_disputes: int
    def __init__(self, total_users: _Optional[int] = ..., new_users: _Optional[int] = ..., daily_active_users: _Optional[int] = ..., monthly_active_users: _Optional[int] = ..., total_skills: _Optional[int] = ..., sessions_completed: _Optional[int] = ..., session_minutes: _Optional[int] = ..., average_session_rating: _Optional[float] = ..., open_gigs: _Optional[int] = ..., upcoming_workshops: _Optional[int] = ..., active_challenges: _Optional[int] = ..., active_subscriptions: _Optional[int] = ..., gross_volume: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., open_reports: _Optional[int] = ..., open_disputes: _Optional[int] = ...) -> None: ...

class GetPlatformStatsRequest(_message.Message):
    __slots__ = ("time_range",)
    TIME_RANGE_FIELD_NUMBER: _ClassVar[int]
    time_range: TimeRange
    def __init__(self, time_range: _Optional[_Union[TimeRange, _Mapping]] = ...) -> None: ...

class GetPlatformStatsResponse(_message.Message):
    __slots__ = ("stats", "as_of_time")
    STATS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_TIME_FIELD_NUMBER: _ClassVar[int]
    stats: PlatformStats
    as_of_time: _timestamp_pb2.Timestamp
    def __init__(self, stats: _Optional[_Union[PlatformStats, _Mapping]] = ..., as_of_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetUserAnalyticsRequest(_message.Message):
    __slots__ = ("user_id", "time_range", "granularity", "time_zone")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_RANGE_FIELD_NUMBER: _ClassVar[int]
    GRANULARITY_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    time_range: TimeRange
    granularity: Granularity
    time_zone: str
    def __init__(self, user_id: _Optional[str] = ..., time_range: _Optional[_Union[TimeRange, _Mapping]] = ..., granularity: _Optional[_Union[Granularity, str]] = ..., time_zone: _Optional[str] = ...) -> None: ...

class UserAnalytics(_message.Message):
    __slots__ = ("profile_views", "search_appearances", "sessions_taught", "sessions_learned", "teaching_minutes", "learning_minutes", "average_rating", "rating_count", "earnings", "profile_views_series", "sessions_completed_series", "teaching_minutes_series", "earnings_series")
    PROFILE_VIEWS_FIELD_NUMBER: _ClassVar[int]
    SEARCH_APPEARANCES_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_TAUGHT_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_LEARNED_FIELD_NUMBER: _ClassVar[int]
    TEACHING_MINUTES_FIELD_NUMBER: _ClassVar[int]
    LEARNING_MINUTES_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_RATING_FIELD_NUMBER: _ClassVar[int]
    RATING_COUNT_FIELD_NUMBER: _ClassVar[int]
    EARNINGS_FIELD_NUMBER: _ClassVar[int]
    PROFILE_VIEWS_SERIES_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_COMPLETED_SERIES_FIELD_NUMBER: _ClassVar[int]
    TEACHING_MINUTES_SERIES_FIELD_NUMBER: _ClassVar[int]
    EARNINGS_SERIES_FIELD_NUMBER: _ClassVar[int]
    profile_views: int
    search_appearances: int
    sessions_taught: int
    sessions_learned: int
    teaching_minutes: int
    learning_minutes: int
    average_rating: float
    rating_count: int
    earnings: _common_pb2.Money
    profile_views_series: _containers.RepeatedCompositeFieldContainer[TimeSeriesPoint]
    sessions_completed_series: _containers.RepeatedCompositeFieldContainer[TimeSeriesPoint]
    teaching_minutes_series: _containers.RepeatedCompositeFieldContainer[TimeSeriesPoint]
    earnings_series: _containers.RepeatedCompositeFieldContainer[MoneyPoint]
    def __init__(self, profile_views: _Optional[int] = ..., search_appearances: _Optional[int] = ..., sessions_taught: _Optional[int] = ..., sessions_learned: _Optional[int] = ..., teaching_minutes: _Optional[int] = ..., learning_minutes: _Optional[int] = ..., average_rating: _Optional[float] = ..., rating_count: _Optional[int] = ..., earnings: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., profile_views_series: _Optional[_Iterable[_Union[TimeSeriesPoint, _Mapping]]] = ..., sessions_completed_series: _Optional[_Iterable[_Union[TimeSeriesPoint, _Mapping]]] = ..., teaching_minutes_series: _Optional[_Iterable[_Union[TimeSeriesPoint, _Mapping]]] = ..., earnings_series: _Optional[_Iterable[_Union[MoneyPoint, _Mapping]]] = ...) -> None: ...

class GetUserAnalyticsResponse(_message.Message):
    __slots__ = ("analytics", "as_of_time")
    ANALYTICS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_TIME_FIELD_NUMBER: _ClassVar[int]
    analytics: UserAnalytics
    as_of_time: _timestamp_pb2.Timestamp
    def __init__(self, analytics: _Optional[_Union[UserAnalytics, _Mapping]] = ..., as_of_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetSkillTrendsRequest(_message.Message):
    __slots__ = ("time_range", "granularity", "time_zone", "skill_ids", "category_id", "limit", "order")
    TIME_RANGE_FIELD_NUMBER: _ClassVar[int]
    GRANULARITY_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    time_range: TimeRange
    granularity: Granularity
    time_zone: str
    skill_ids: _containers.RepeatedScalarFieldContainer[str]
    category_id: str
    limit: int
    order: SkillTrendOrder
    def __init__(self, time_range: _Optional[_Union[TimeRange, _Mapping]] = ..., granularity: _Optional[_Union[Granularity, str]] = ..., time_zone: _Optional[str] = ..., skill_ids: _Optional[_Iterable[str]] = ..., category_id: _Optional[str] = ..., limit: _Optional[int] = ..., order: _Optional[_Union[SkillTrendOrder, str]] = ...) -> None: ...

class SkillTrend(_message.Message):
    __slots__ = ("skill_id", "skill_name", "demand", "teachers", "sessions_completed", "demand_growth_percent", "demand_series")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_NAME_FIELD_NUMBER: _ClassVar[int]
    DEMAND_FIELD_NUMBER: _ClassVar[int]
    TEACHERS_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    DEMAND_GROWTH_PERCENT_FIELD_NUMBER: _ClassVar[int]
    DEMAND_SERIES_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    skill_name: str
    demand: int
    teachers: int
    sessions_completed: int
    demand_growth_percent: float
    demand_series: _containers.RepeatedCompositeFieldContainer[TimeSeriesPoint]
    def __init__(self, skill_id: _Optional[str] = ..., skill_name: _Optional[str] = ..., demand: _Optional[int] = ..., teachers: _Optional[int] = ..., sessions_completed: _Optional[int] = ..., demand_growth_percent: _Optional[float] = ..., demand_series: _Optional[_Iterable[_Union[TimeSeriesPoint, _Mapping]]] = ...) -> None: ...

class GetSkillTrendsResponse(_message.Message):
    __slots__ = ("trends", "as_of_time")
    TRENDS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_TIME_FIELD_NUMBER: _ClassVar[int]
    trends: _containers.RepeatedCompositeFieldContainer[SkillTrend]
    as_of_time: _timestamp_pb2.Timestamp
    def __init__(self, trends: _Optional[_Iterable[_Union[SkillTrend, _Mapping]]] = ..., as_of_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetSessionMetricsRequest(_message.Message):
    __slots__ = ("time_range", "granularity", "time_zone", "user_id", "skill_id")
    TIME_RANGE_FIELD_NUMBER: _ClassVar[int]
    GRANULARITY_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    time_range: TimeRange
    granularity: Granularity
    time_zone: str
    user_id: str
    skill_id: str
    def __init__(self, time_range: _Optional[_Union[TimeRange, _Mapping]] = ..., granularity: _Optional[_Union[Granularity, str]] = ..., time_zone: _Optional[str] = ..., user_id: _Optional[str] = ..., skill_id: _Optional[str] = ...) -> None: ...

class SessionMetricsPoint(_message.Message):
    __slots__ = ("start_time", "scheduled_count", "completed_count", "cancelled_count", "no_show_count", "completed_minutes", "average_rating")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_COUNT_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_COUNT_FIELD_NUMBER: _ClassVar[int]
    NO_SHOW_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_MINUTES_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_RATING_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    scheduled_count: int
    completed_count: int
    cancelled_count: int
    no_show_count: int
    completed_minutes: int
    average_rating: float
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., scheduled_count: _Optional[int] = ..., completed_count: _Optional[int] = ..., cancelled_count: _Optional[int] = ..., no_show_count: _Optional[int] = ..., completed_minutes: _Optional[int] = ..., average_rating: _Optional[float] = ...) -> None: ...

class SessionMetrics(_message.Message):
    __slots__ = ("scheduled_count", "completed_count", "cancelled_count", "no_show_count", "completion_rate", "completed_minutes", "average_duration_minutes", "average_rating", "points")
    SCHEDULED_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_COUNT_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_COUNT_FIELD_NUMBER: _ClassVar[int]
    NO_SHOW_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_RATE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_MINUTES_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_RATING_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    scheduled_count: int
    completed_count: int
    cancelled_count: int
    no_show_count: int
    completion_rate: float
    completed_minutes: int
    average_duration_minutes: float
    average_rating: float
    points: _containers.RepeatedCompositeFieldContainer[SessionMetricsPoint]
    def __init__(self, scheduled_count: _Optional[int] = ..., completed_count: _Optional[int] = ..., cancelled_count: _Optional[int] = ..., no_show_count: _Optional[int] = ..., completion_rate: _Optional[float] = ..., completed_minutes: _Optional[int] = ..., average_duration_minutes: _Optional[float] = ..., average_rating: _Optional[float] = ..., points: _Optional[_Iterable[_Union[SessionMetricsPoint, _Mapping]]] = ...) -> None: ...

class GetSessionMetricsResponse(_message.Message):
    __slots__ = ("metrics", "as_of_time")
    METRICS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_TIME_FIELD_NUMBER: _ClassVar[int]
    metrics: SessionMetrics
    as_of_time: _timestamp_pb2.Timestamp
    def __init__(self, metrics: _Optional[_Union[SessionMetrics, _Mapping]] = ..., as_of_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetRevenueMetricsRequest(_message.Message):
    __slots__ = ("time_range", "granularity", "time_zone", "currency_code")
    TIME_RANGE_FIELD_NUMBER: _ClassVar[int]
    GRANULARITY_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    time_range: TimeRange
    granularity: Granularity
    time_zone: str
    currency_code: str
    def __init__(self, time_range: _Optional[_Union[TimeRange, _Mapping]] = ..., granularity: _Optional[_Union[Granularity, str]] = ..., time_zone: _Optional[str] = ..., currency_code: _Optional[str] = ...) -> None: ...

class RevenuePoint(_message.Message):
    __slots__ = ("start_time", "gross_volume", "platform_revenue", "refunds", "payouts")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    GROSS_VOLUME_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_REVENUE_FIELD_NUMBER: _ClassVar[int]
    REFUNDS_FIELD_NUMBER: _ClassVar[int]
    PAYOUTS_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    gross_volume: _common_pb2.Money
    platform_revenue: _common_pb2.Money
    refunds: _common_pb2.Money
    payouts: _common_pb2.Money
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., gross_volume: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., platform_revenue: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., refunds: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payouts: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class RevenueBySource(_message.Message):
    __slots__ = ("source", "gross_volume", "platform_revenue", "payment_count")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    GROSS_VOLUME_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_REVENUE_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    source: RevenueSource
    gross_volume: _common_pb2.Money
    platform_revenue: _common_pb2.Money
    payment_count: int
    def __init__(self, source: _Optional[_Union[RevenueSource, str]] = ..., gross_volume: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., platform_revenue: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payment_count: _Optional[int] = ...) -> None: ...

class RevenueMetrics(_message.Message):
    __slots__ = ("gross_volume", "platform_revenue", "refunds", "payouts", "monthly_recurring_revenue", "paying_users", "by_source", "points")
    GROSS_VOLUME_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_REVENUE_FIELD_NUMBER: _ClassVar[int]
    REFUNDS_FIELD_NUMBER: _ClassVar[int]
    PAYOUTS_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_RECURRING_REVENUE_FIELD_NUMBER: _ClassVar[int]
    PAYING_USERS_FIELD_NUMBER: _ClassVar[int]
    BY_SOURCE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    gross_volume: _common_pb2.Money
    platform_revenue: _common_pb2.Money
    refunds: _common_pb2.Money
    payouts: _common_pb2.Money
    monthly_recurring_revenue: _common_pb2.Money
    paying_users: int
    by_source: _containers.RepeatedCompositeFieldContainer[RevenueBySource]
    points: _containers.RepeatedCompositeFieldContainer[RevenuePoint]
    def __init__(self, gross_volume: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., platform_revenue: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., refunds: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payouts: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., monthly_recurring_revenue: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., paying_users: _Optional[int] = ..., by_source: _Optional[_Iterable[_Union[RevenueBySource, _Mapping]]] = ..., points: _Optional[_Iterable[_Union[RevenuePoint, _Mapping]]] = ...) -> None: ...

class GetRevenueMetricsResponse(_message.Message):
    __slots__ = ("metrics", "as_of_time")
    METRICS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_TIME_FIELD_NUMBER: _ClassVar[int]
    metrics: RevenueMetrics
    as_of_time: _timestamp_pb2.Timestamp
    def __init__(self, metrics: _Optional[_Union[RevenueMetrics, _Mapping]] = ..., as_of_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetEngagementMetricsRequest(_message.Message):
    __slots__ = ("time_range", "granularity", "time_zone")
    TIME_RANGE_FIELD_NUMBER: _ClassVar[int]
    GRANULARITY_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    time_range: TimeRange
    granularity: Granularity
    time_zone: str
    def __init__(self, time_range: _Optional[_Union[TimeRange, _Mapping]] = ..., granularity: _Optional[_Union[Granularity, str]] = ..., time_zone: _Optional[str] = ...) -> None: ...

class EngagementPoint(_message.Message):
    __slots__ = ("start_time", "active_users", "new_users", "messages_sent", "sessions_booked", "matches_made")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_USERS_FIELD_NUMBER: _ClassVar[int]
    NEW_USERS_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_SENT_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_BOOKED_FIELD_NUMBER: _ClassVar[int]
    MATCHES_MADE_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    active_users: int
    new_users: int
    messages_sent: int
    sessions_booked: int
    matches_made: int
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., active_users: _Optional[int] = ..., new_users: _Optional[int] = ..., messages_sent: _Optional[int] = ..., sessions_booked: _Optional[int] = ..., matches_made: _Optional[int] = ...) -> None: ...

class EngagementMetrics(_message.Message):
    __slots__ = ("average_daily_active_users", "weekly_active_users", "monthly_active_users", "stickiness", "day_1_retention", "day_7_retention", "day_30_retention", "points")
    AVERAGE_DAILY_ACTIVE_USERS_FIELD_NUMBER: _ClassVar[int]
    WEEKLY_ACTIVE_USERS_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_ACTIVE_USERS_FIELD_NUMBER: _ClassVar[int]
    STICKINESS_FIELD_NUMBER: _ClassVar[int]
    DAY_1_RETENTION_FIELD_NUMBER: _ClassVar[int]
    DAY_7_RETENTION_FIELD_NUMBER: _ClassVar[int]
    DAY_30_RETENTION_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    average_daily_active_users: float
    weekly_active_users: int
    monthly_active_users: int
    stickiness: float
    day_1_retention: float
    day_7_retention: float
    day_30_retention: float
    points: _containers.RepeatedCompositeFieldContainer[EngagementPoint]
    def __init__(self, average_daily_active_users: _Optional[float] = ..., weekly_active_users: _Optional[int] = ..., monthly_active_users: _Optional[int] = ..., stickiness: _Optional[float] = ..., day_1_retention: _Optional[float] = ..., day_7_retention: _Optional[float] = ..., day_30_retention: _Optional[float] = ..., points: _Optional[_Iterable[_Union[EngagementPoint, _Mapping]]] = ...) -> None: ...

class GetEngagementMetricsResponse(_message.Message):
    __slots__ = ("metrics", "as_of_time")
    METRICS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_TIME_FIELD_NUMBER: _ClassVar[int]
    metrics: EngagementMetrics
    as_of_time: _timestamp_pb2.Timestamp
    def __init__(self, metrics: _Optional[_Union[EngagementMetrics, _Mapping]] = ..., as_of_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Export(_message.Message):
    __slots__ = ("id", "requested_by_user_id", "report", "format", "time_range", "granularity", "status", "download_url", "download_url_expire_time", "file_expire_time", "row_count", "size_bytes", "error_message", "create_time", "complete_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    TIME_RANGE_FIELD_NUMBER: _ClassVar[int]
    GRANULARITY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DOWNLOAD_URL_FIELD_NUMBER: _ClassVar[int]
    DOWNLOAD_URL_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    FILE_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    ROW_COUNT_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    requested_by_user_id: str
    report: Report
    format: ExportFormat
    time_range: TimeRange
    granularity: Granularity
    status: ExportStatus
    download_url: str
    download_url_expire_time: _timestamp_pb2.Timestamp
    file_expire_time: _timestamp_pb2.Timestamp
    row_count: int
    size_bytes: int
    error_message: str
    create_time: _timestamp_pb2.Timestamp
    complete_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., requested_by_user_id: _Optional[str] = ..., report: _Optional[_Union[Report, str]] = ..., format: _Optional[_Union[ExportFormat, str]] = ..., time_range: _Optional[_Union[TimeRange, _Mapping]] = ..., granularity: _Optional[_Union[Granularity, str]] = ..., status: _Optional[_Union[ExportStatus, str]] = ..., download_url: _Optional[str] = ..., download_url_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., file_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., row_count: _Optional[int] = ..., size_bytes: _Optional[int] = ..., error_message: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ExportAnalyticsRequest(_message.Message):
    __slots__ = ("report", "time_range", "granularity", "time_zone", "format", "user_id", "currency_code", "idempotency_key")
    REPORT_FIELD_NUMBER: _ClassVar[int]
    TIME_RANGE_FIELD_NUMBER: _ClassVar[int]
    GRANULARITY_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    report: Report
    time_range: TimeRange
    granularity: Granularity
    time_zone: str
    format: ExportFormat
    user_id: str
    currency_code: str
    idempotency_key: str
    def __init__(self, report: _Optional[_Union[Report, str]] = ..., time_range: _Optional[_Union[TimeRange, _Mapping]] = ..., granularity: _Optional[_Union[Granularity, str]] = ..., time_zone: _Optional[str] = ..., format: _Optional[_Union[ExportFormat, str]] = ..., user_id: _Optional[str] = ..., currency_code: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ExportAnalyticsResponse(_message.Message):
    __slots__ = ("export",)
    EXPORT_FIELD_NUMBER: _ClassVar[int]
    export: Export
    def __init__(self, export: _Optional[_Union[Export, _Mapping]] = ...) -> None: ...

class GetExportRequest(_message.Message):
    __slots__ = ("export_id",)
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    def __init__(self, export_id: _Optional[str] = ...) -> None: ...

class GetExportResponse(_message.Message):
    __slots__ = ("export",)
    EXPORT_FIELD_NUMBER: _ClassVar[int]
    export: Export
    def __init__(self, export: _Optional[_Union[Export, _Mapping]] = ...) -> None: ...
