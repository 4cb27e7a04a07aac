import datetime

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

class SearchEntityType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEARCH_ENTITY_TYPE_UNSPECIFIED: _ClassVar[SearchEntityType]
    SEARCH_ENTITY_TYPE_USER: _ClassVar[SearchEntityType]
    SEARCH_ENTITY_TYPE_SKILL: _ClassVar[SearchEntityType]

class SearchSortOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEARCH_SORT_ORDER_UNSPECIFIED: _ClassVar[SearchSortOrder]
    SEARCH_SORT_ORDER_RELEVANCE: _ClassVar[SearchSortOrder]
    SEARCH_SORT_ORDER_RATING: _ClassVar[SearchSortOrder]
    SEARCH_SORT_ORDER_PRICE_LOW_TO_HIGH: _ClassVar[SearchSortOrder]
    SEARCH_SORT_ORDER_PRICE_HIGH_TO_LOW: _ClassVar[SearchSortOrder]
    SEARCH_SORT_ORDER_NEWEST: _ClassVar[SearchSortOrder]
    SEARCH_SORT_ORDER_POPULARITY: _ClassVar[SearchSortOrder]
    SEARCH_SORT_ORDER_DISTANCE: _ClassVar[SearchSortOrder]

class RankingMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RANKING_MODE_UNSPECIFIED: _ClassVar[RankingMode]
    RANKING_MODE_KEYWORD: _ClassVar[RankingMode]
    RANKING_MODE_SEMANTIC: _ClassVar[RankingMode]
    RANKING_MODE_HYBRID: _ClassVar[RankingMode]

class TrendWindow(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TREND_WINDOW_UNSPECIFIED: _ClassVar[TrendWindow]
    TREND_WINDOW_DAY: _ClassVar[TrendWindow]
    TREND_WINDOW_WEEK: _ClassVar[TrendWindow]
    TREND_WINDOW_MONTH: _ClassVar[TrendWindow]

class SuggestionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUGGESTION_TYPE_UNSPECIFIED: _ClassVar[SuggestionType]
    SUGGESTION_TYPE_SKILL: _ClassVar[SuggestionType]
    SUGGESTION_TYPE_USER: _ClassVar[SuggestionType]
    SUGGESTION_TYPE_CATEGORY: _ClassVar[SuggestionType]
    SUGGESTION_TYPE_POPULAR_QUERY: _ClassVar[SuggestionType]
    SUGGESTION_TYPE_RECENT_QUERY: _ClassVar[SuggestionType]

class FacetField(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FACET_FIELD_UNSPECIFIED: _ClassVar[FacetField]
    FACET_FIELD_CATEGORY: _ClassVar[FacetField]
    FACET_FIELD_SKILL: _ClassVar[FacetField]
    FACET_FIELD_LANGUAGE: _ClassVar[FacetField]
    FACET_FIELD_COUNTRY: _ClassVar[FacetField]
    FACET_FIELD_RATING: _ClassVar[FacetField]
    FACET_FIELD_TAG: _ClassVar[FacetField]
    FACET_FIELD_MENTOR: _ClassVar[FacetField]

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_LOCATION_NEEDS_SIGN_IN: _ClassVar[ErrorReason]
    ERROR_REASON_DISTANCE_NEEDS_NEAR: _ClassVar[ErrorReason]
    ERROR_REASON_SORT_NOT_APPLICABLE: _ClassVar[ErrorReason]
    ERROR_REASON_FACET_NOT_APPLICABLE: _ClassVar[ErrorReason]
    ERROR_REASON_HISTORY_SELECTION_REQUIRED: _ClassVar[ErrorReason]
    ERROR_REASON_SEMANTIC_UNAVAILABLE: _ClassVar[ErrorReason]
SEARCH_ENTITY_TYPE_UNSPECIFIED: SearchEntityType
SEARCH_ENTITY_TYPE_USER: SearchEntityType
SEARCH_ENTITY_TYPE_SKILL: SearchEntityType
SEARCH_SORT_ORDER_UNSPECIFIED: SearchSortOrder
SEARCH_SORT_ORDER_RELEVANCE: SearchSortOrder
SEARCH_SORT_ORDER_RATING: SearchSortOrder
SEARCH_SORT_ORDER_PRICE_LOW_TO_HIGH: SearchSortOrder
SEARCH_SORT_ORDER_PRICE_HIGH_TO_LOW: SearchSortOrder
SEARCH_SORT_ORDER_NEWEST: SearchSortOrder
SEARCH_SORT_ORDER_POPULARITY: SearchSortOrder
SEARCH_SORT_ORDER_DISTANCE: SearchSortOrder
RANKING_MODE_UNSPECIFIED: RankingMode
RANKING_MODE_KEYWORD: RankingMode
RANKING_MODE_SEMANTIC: RankingMode
RANKING_MODE_HYBRID: RankingMode
TREND_WINDOW_UNSPECIFIED: TrendWindow
TREND_WINDOW_DAY: TrendWindow
TREND_WINDOW_WEEK: TrendWindow
TREND_WINDOW_MONTH: TrendWindow
SUGGESTION_TYPE_UNSPECIFIED: SuggestionType
SUGGESTION_TYPE_SKILL: SuggestionType
SUGGESTION_TYPE_USER: SuggestionType
SUGGESTION_TYPE_CATEGORY: SuggestionType
SUGGESTION_TYPE_POPULAR_QUERY: SuggestionType
SUGGESTION_TYPE_RECENT_QUERY: SuggestionType
FACET_FIELD_UNSPECIFIED: FacetField
FACET_FIELD_CATEGORY: FacetField
FACET_FIELD_SKILL: FacetField
FACET_FIELD_LANGUAGE: FacetField
FACET_FIELD_COUNTRY: FacetField
FACET_FIELD_RATING: FacetField
FACET_FIELD_TAG: FacetField
FACET_FIELD_MENTOR: FacetField
ERROR_REASON_UNSPECIFIED: ErrorReason
ERROR_REASON_LOCATION_NEEDS_SIGN_IN: ErrorReason
ERROR_REASON_DISTANCE_NEEDS_NEAR: ErrorReason
ERROR_REASON_SORT_NOT_APPLICABLE: ErrorReason
ERROR_REASON_FACET_NOT_APPLICABLE: ErrorReason
ERROR_REASON_HISTORY_SELECTION_REQUIRED: ErrorReason
ERROR_REASON_SEMANTIC_UNAVAILABLE: ErrorReason

class HighlightRange(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: int
    end: int
    def __init__(self, start: _Optional[int] = ..., end: _Optional[int] = ...) -> None: ...

class Highlight(_message.Message):
    __slots__ = ("field", "text", "ranges")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    RANGES_FIELD_NUMBER: _ClassVar[int]
    field: str
    text: str
    ranges: _containers.RepeatedCompositeFieldContainer[HighlightRange]
    def __init__(self, field: _Optional[str] = ..., text: _Optional[str] = ..., ranges: _Optional[_Iterable[_Union[HighlightRange, _Mapping]]] = ...) -> None: ...

class SkillSummary(_message.Message):
    __slots__ = ("skill_id", "name", "category_id", "category_name", "short_description", "tags", "teacher_count", "learner_count")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_NAME_FIELD_NUMBER: _ClassVar[int]
    SHORT_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    TEACHER_COUNT_FIELD_NUMBER: _ClassVar[int]
    LEARNER_COUNT_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    name: str
    category_id: str
    category_name: str
    short_description: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    teacher_count: int
    learner_count: int
    def __init__(self, skill_id: _Optional[str] = ..., name: _Optional[str] = ..., category_id: _Optional[str] = ..., category_name: _Optional[str] = ..., short_description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., teacher_count: _Optional[int] = ..., learner_count: _Optional[int] = ...) -> None: ...

class UserSearchFilter(_message.Message):
    __slots__ = ("teaches_skill_ids", "learns_skill_ids", "category_ids", "language_tags", "country_code", "min_rating", "max_hourly_rate", "accepts_skill_swap", "verified_only", "near", "radius_km", "mentors_only")
    TEACHES_SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    LEARNS_SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_IDS_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_TAGS_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    MIN_RATING_FIELD_NUMBER: _ClassVar[int]
    MAX_HOURLY_RATE_FIELD_NUMBER: _ClassVar[int]
    ACCEPTS_SKILL_SWAP_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_ONLY_FIELD_NUMBER: _ClassVar[int]
    NEAR_FIELD_NUMBER: _ClassVar[int]
    RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    MENTORS_ONLY_FIELD_NUMBER: _ClassVar[int]
    teaches_skill_ids: _containers.RepeatedScalarFieldContainer[str]
    learns_skill_ids: _containers.RepeatedScalarFieldContainer[str]
    category_ids: _containers.RepeatedScalarFieldContainer[str]
    language_tags: _containers.RepeatedScalarFieldContainer[str]
    country_code: str
    min_rating: float
    max_hourly_rate: _common_pb2.Money
    accepts_skill_swap: bool
    verified_only: bool
    near: _common_pb2.LatLng
    radius_km: float
    mentors_only: bool
    def __init__(self, teaches_skill_ids: _Optional[_Iterable[str]] = ..., learns_skill_ids: _Optional[_Iterable[str]] = ..., category_ids: _Optional[_Iterable[str]] = ..., language_tags: _Optional[_Iterable[str]] = ..., country_code: _Optional[str] = ..., min_rating: _Optional[float] = ..., max_hourly_rate: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., accepts_skill_swap: _Optional[bool] = ..., verified_only: _Optional[bool] = ..., near: _Optional[_Union[_common_pb2.LatLng, _Mapping]] = ..., radius_km: _Optional[float] = ..., mentors_only: _Optional[bool] = ...) -> None: ...

class SkillSearchFilter(_message.Message):
    __slots__ = ("tags", "category_id")
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    tags: _containers.RepeatedScalarFieldContainer[str]
    category_id: str
    def __init__(self, tags: _Optional[_Iterable[str]] = ..., category_id: _Optional[str] = ...) -> None: ...

class UserSearchResult(_message.Message):
    __slots__ = ("user", "relevance_score", "distance_km", "pinned", "highlights")
    USER_FIELD_NUMBER: _ClassVar[int]
    RELEVANCE_SCORE_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    PINNED_FIELD_NUMBER: _ClassVar[int]
    HIGHLIGHTS_FIELD_NUMBER: _ClassVar[int]
    user: _user_pb2.UserSummary
    relevance_score: float
    distance_km: float
    pinned: bool
    highlights: _containers.RepeatedCompositeFieldContainer[Highlight]
    def __init__(self, user: _Optional[_Union[_user_pb2.UserSummary, _Mapping]] = ..., relevance_score: _Optional[float] = ..., distance_km: _Optional[float] = ..., pinned: _Optional[bool] = ..., highlights: _Optional[_Iterable[_Union[Highlight, _Mapping]]] = ...) -> None: ...

class SkillSearchResult(_message.Message):
    __slots__ = ("skill", "relevance_score", "highlights")
    SKILL_FIELD_NUMBER: _ClassVar[int]
    RELEVANCE_SCORE_FIELD_NUMBER: _ClassVar[int]
    HIGHLIGHTS_FIELD_NUMBER: _ClassVar[int]
    skill: SkillSummary
    relevance_score: float
    highlights: _containers.RepeatedCompositeFieldContainer[Highlight]
    def __init__(self, skill: _Optional[_Union[SkillSummary, _Mapping]] = ..., relevance_score: _Optional[float] = ..., highlights: _Optional[_Iterable[_Union[Highlight, _Mapping]]] = ...) -> None: ...

class SearchUsersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query", "filter", "sort")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    filter: UserSearchFilter
    sort: SearchSortOrder
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ..., filter: _Optional[_Union[UserSearchFilter, _Mapping]] = ..., sort: _Optional[_Union[SearchSortOrder, str]] = ...) -> None: ...

class SearchUsersResponse(_message.Message):
    __slots__ = ("results", "next_page_token", "total_size")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[UserSearchResult]
    next_page_token: str
    total_size: int
    def __init__(self, results: _Optional[_Iterable[_Union[UserSearchResult, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class SearchSkillsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query", "filter", "sort")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    filter: SkillSearchFilter
    sort: SearchSortOrder
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ..., filter: _Optional[_Union[SkillSearchFilter, _Mapping]] = ..., sort: _Optional[_Union[SearchSortOrder, str]] = ...) -> None: ...

class SearchSkillsResponse(_message.Message):
    __slots__ = ("results", "next_page_token", "total_size")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[SkillSearchResult]
    next_page_token: str
    total_size: int
    def __init__(self, results: _Optional[_Iterable[_Union[SkillSearchResult, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class TrendingSkill(_message.Message):
    __slots__ = ("skill", "rank", "trend_score", "search_count", "session_count", "rank_change", "new_user_skill_count")
    SKILL_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    TREND_SCORE_FIELD_NUMBER: _ClassVar[int]
    SEARCH_COUNT_FIELD_NUMBER: _ClassVar[int]
    SESSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    RANK_CHANGE_FIELD_NUMBER: _ClassVar[int]
    NEW_USER_SKILL_COUNT_FIELD_NUMBER: _ClassVar[int]
    skill: SkillSummary
    rank: int
    trend_score: float
    search_count: int
    session_count: int
    rank_change: int
    new_user_skill_count: int
    def __init__(self, skill: _Optional[_Union[SkillSummary, _Mapping]] = ..., rank: _Optional[int] = ..., trend_score: _Optional[float] = ..., search_count: _Optional[int] = ..., session_count: _Optional[int] = ..., rank_change: _Optional[int] = ..., new_user_skill_count: _Optional[int] = ...) -> None: ...

class TrendingSkillsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "window", "category_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    window: TrendWindow
    category_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., window: _Optional[_Union[TrendWindow, str]] = ..., category_id: _Optional[str] = ...) -> None: ...

class TrendingSkillsResponse(_message.Message):
    __slots__ = ("skills", "next_page_token", "window_start_time", "window_end_time")
    SKILLS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    WINDOW_START_TIME_FIELD_NUMBER: _ClassVar[int]
    WINDOW_END_TIME_FIELD_NUMBER: _ClassVar[int]
    skills: _containers.RepeatedCompositeFieldContainer[TrendingSkill]
    next_page_token: str
    window_start_time: _timestamp_pb2.Timestamp
    window_end_time: _timestamp_pb2.Timestamp
    def __init__(self, skills: _Optional[_Iterable[_Union[TrendingSkill, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., window_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., window_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FeaturedUser(_message.Message):
    __slots__ = ("user", "blurb", "feature_end_time")
    USER_FIELD_NUMBER: _ClassVar[int]
    BLURB_FIELD_NUMBER: _ClassVar[int]
    FEATURE_END_TIME_FIELD_NUMBER: _ClassVar[int]
    user: _user_pb2.UserSummary
    blurb: str
    feature_end_time: _timestamp_pb2.Timestamp
    def __init__(self, user: _Optional[_Union[_user_pb2.UserSummary, _Mapping]] = ..., blurb: _Optional[str] = ..., feature_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FeaturedUsersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "category_id", "skill_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    category_id: str
    skill_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., category_id: _Optional[str] = ..., skill_id: _Optional[str] = ...) -> None: ...

class FeaturedUsersResponse(_message.Message):
    __slots__ = ("users", "next_page_token")
    USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[FeaturedUser]
    next_page_token: str
    def __init__(self, users: _Optional[_Iterable[_Union[FeaturedUser, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Suggestion(_message.Message):
    __slots__ = ("type", "text", "id", "secondary_text", "image_uri", "matched_ranges")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    SECONDARY_TEXT_FIELD_NUMBER: _ClassVar[int]
    IMAGE_URI_FIELD_NUMBER: _ClassVar[int]
    MATCHED_RANGES_FIELD_NUMBER: _ClassVar[int]
    type: SuggestionType
    text: str
    id: str
    secondary_text: str
    image_uri: str
    matched_ranges: _containers.RepeatedCompositeFieldContainer[HighlightRange]
    def __init__(self, type: _Optional[_Union[SuggestionType, str]] = ..., text: _Optional[str] = ..., id: _Optional[str] = ..., secondary_text: _Optional[str] = ..., image_uri: _Optional[str] = ..., matched_ranges: _Optional[_Iterable[_Union[HighlightRange, _Mapping]]] = ...) -> None: ...

class SuggestionsRequest(_message.Message):
    __slots__ = ("query", "types", "limit")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    TYPES_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    query: str
    types: _containers.RepeatedScalarFieldContainer[SuggestionType]
    limit: int
    def __init__(self, query: _Optional[str] = ..., types: _Optional[_Iterable[_Union[SuggestionType, str]]] = ..., limit: _Optional[int] = ...) -> None: ...

class SuggestionsResponse(_message.Message):
    __slots__ = ("suggestions",)
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[Suggestion]
    def __init__(self, suggestions: _Optional[_Iterable[_Union[Suggestion, _Mapping]]] = ...) -> None: ...

class SearchResult(_message.Message):
    __slots__ = ("user", "skill")
    USER_FIELD_NUMBER: _ClassVar[int]
    SKILL_FIELD_NUMBER: _ClassVar[int]
    user: UserSearchResult
    skill: SkillSearchResult
    def __init__(self, user: _Optional[_Union[UserSearchResult, _Mapping]] = ..., skill: _Optional[_Union[SkillSearchResult, _Mapping]] = ...) -> None: ...

class FacetValue(_message.Message):
    __slots__ = ("value", "label", "count")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    value: str
    label: str
    count: int
    def __init__(self, value: _Optional[str] = ..., label: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class Facet(_message.Message):
    __slots__ = ("field", "values")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    field: FacetField
    values: _containers.RepeatedCompositeFieldContainer[FacetValue]
    def __init__(self, field: _Optional[_Union[FacetField, str]] = ..., values: _Optional[_Iterable[_Union[FacetValue, _Mapping]]] = ...) -> None: ...

class AdvancedSearchRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query", "entity_types", "user_filter", "skill_filter", "ranking_mode", "sort", "facets")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPES_FIELD_NUMBER: _ClassVar[int]
    USER_FILTER_FIELD_NUMBER: _ClassVar[int]
    SKILL_FILTER_FIELD_NUMBER: _ClassVar[int]
    RANKING_MODE_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    FACETS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    entity_types: _containers.RepeatedScalarFieldContainer[SearchEntityType]
    user_filter: UserSearchFilter
    skill_filter: SkillSearchFilter
    ranking_mode: RankingMode
    sort: SearchSortOrder
    facets: _containers.RepeatedScalarFieldContainer[FacetField]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ..., entity_types: _Optional[_Iterable[_Union[SearchEntityType, str]]] = ..., user_filter: _Optional[_Union[UserSearchFilter, _Mapping]] = ..., skill_filter: _Optional[_Union[SkillSearchFilter, _Mapping]] = ..., ranking_mode: _Optional[_Union[RankingMode, str]] = ..., sort: _Optional[_Union[SearchSortOrder, str]] = ..., facets: _Optional[_Iterable[_Union[FacetField, str]]] = ...) -> None: ...

class AdvancedSearchResponse(_message.Message):
    __slots__ = ("results", "next_page_token", "total_size", "facets", "ranking_mode")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    FACETS_FIELD_NUMBER: _ClassVar[int]
    RANKING_MODE_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[SearchResult]
    next_page_token: str
    total_size: int
    facets: _containers.RepeatedCompositeFieldContainer[Facet]
    ranking_mode: RankingMode
    def __init__(self, results: _Optional[_Iterable[_Union[SearchResult, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ..., facets: _Optional[_Iterable[_Union[Facet, _Mapping]]] = ..., ranking_mode: _Optional[_Union[RankingMode, str]] = ...) -> None: ...

class SearchHistoryEntry(_message.Message):
    __slots__ = ("id", "query", "entity_types", "result_count", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPES_FIELD_NUMBER: _ClassVar[int]
    RESULT_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    query: str
    entity_types: _containers.RepeatedScalarFieldContainer[SearchEntityType]
    result_count: int
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., query: _Optional[str] = ..., entity_types: _Optional[_Iterable[_Union[SearchEntityType, str]]] = ..., result_count: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListSearchHistoryRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSearchHistoryResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[SearchHistoryEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[SearchHistoryEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ClearSearchHistoryRequest(_message.Message):
    __slots__ = ("entry_ids", "all")
    ENTRY_IDS_FIELD_NUMBER: _ClassVar[int]
    ALL_FIELD_NUMBER: _ClassVar[int]
    entry_ids: _containers.RepeatedScalarFieldContainer[str]
    all: bool
    def __init__(self, entry_ids: _Optional[_Iterable[str]] = ..., all: _Optional[bool] = ...) -> None: ...

class ClearSearchHistoryResponse(_message.Message):
    __slots__ = ("deleted_count",)
    DELETED_COUNT_FIELD_NUMBER: _ClassVar[int]
    deleted_count: int
    def __init__(self, deleted_count: _Optional[int] = ...) -> None: ...
