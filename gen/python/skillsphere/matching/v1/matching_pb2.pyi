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

class MatchAlgorithm(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATCH_ALGORITHM_UNSPECIFIED: _ClassVar[MatchAlgorithm]
    MATCH_ALGORITHM_COSINE: _ClassVar[MatchAlgorithm]
    MATCH_ALGORITHM_EUCLIDEAN: _ClassVar[MatchAlgorithm]
    MATCH_ALGORITHM_EMBEDDING: _ClassVar[MatchAlgorithm]
    MATCH_ALGORITHM_HYBRID: _ClassVar[MatchAlgorithm]

class MatchIntent(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATCH_INTENT_UNSPECIFIED: _ClassVar[MatchIntent]
    MATCH_INTENT_LEARN: _ClassVar[MatchIntent]
    MATCH_INTENT_TEACH: _ClassVar[MatchIntent]
    MATCH_INTENT_EXCHANGE: _ClassVar[MatchIntent]

class MatchFactor(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATCH_FACTOR_UNSPECIFIED: _ClassVar[MatchFactor]
    MATCH_FACTOR_SKILL_FIT: _ClassVar[MatchFactor]
    MATCH_FACTOR_RECIPROCITY: _ClassVar[MatchFactor]
    MATCH_FACTOR_AVAILABILITY: _ClassVar[MatchFactor]
    MATCH_FACTOR_LANGUAGE: _ClassVar[MatchFactor]
    MATCH_FACTOR_TIME_ZONE: _ClassVar[MatchFactor]
    MATCH_FACTOR_RATING: _ClassVar[MatchFactor]
    MATCH_FACTOR_LOCATION: _ClassVar[MatchFactor]
    MATCH_FACTOR_PRICE: _ClassVar[MatchFactor]
    MATCH_FACTOR_SEMANTIC_SIMILARITY: _ClassVar[MatchFactor]

class MatchDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATCH_DIRECTION_UNSPECIFIED: _ClassVar[MatchDirection]
    MATCH_DIRECTION_CANDIDATE_TEACHES: _ClassVar[MatchDirection]
    MATCH_DIRECTION_USER_TEACHES: _ClassVar[MatchDirection]

class RecommendationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECOMMENDATION_KIND_UNSPECIFIED: _ClassVar[RecommendationKind]
    RECOMMENDATION_KIND_MENTOR: _ClassVar[RecommendationKind]
    RECOMMENDATION_KIND_LEARNER: _ClassVar[RecommendationKind]
    RECOMMENDATION_KIND_EXCHANGE_PARTNER: _ClassVar[RecommendationKind]

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_USER_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_MATCH_OWNER: _ClassVar[ErrorReason]
    ERROR_REASON_NO_SKILLS: _ClassVar[ErrorReason]
    ERROR_REASON_EMBEDDING_MISSING: _ClassVar[ErrorReason]
    ERROR_REASON_SELF_MATCH: _ClassVar[ErrorReason]
    ERROR_REASON_ALGORITHM_NOT_SUPPORTED: _ClassVar[ErrorReason]
    ERROR_REASON_REFRESH_TOO_SOON: _ClassVar[ErrorReason]
    ERROR_REASON_DISMISSAL_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_NO_LOCATION: _ClassVar[ErrorReason]
    ERROR_REASON_SKILL_NOT_HELD: _ClassVar[ErrorReason]
MATCH_ALGORITHM_UNSPECIFIED: MatchAlgorithm
MATCH_ALGORITHM_COSINE: MatchAlgorithm
MATCH_ALGORITHM_EUCLIDEAN: MatchAlgorithm
MATCH_ALGORITHM_EMBEDDING: MatchAlgorithm
MATCH_ALGORITHM_HYBRID: MatchAlgorithm
MATCH_INTENT_UNSPECIFIED: MatchIntent
MATCH_INTENT_LEARN: MatchIntent
MATCH_INTENT_TEACH: MatchIntent
MATCH_INTENT_EXCHANGE: MatchIntent
MATCH_FACTOR_UNSPECIFIED: MatchFactor
MATCH_FACTOR_SKILL_FIT: MatchFactor
MATCH_FACTOR_RECIPROCITY: MatchFactor
MATCH_FACTOR_AVAILABILITY: MatchFactor
MATCH_FACTOR_LANGUAGE: MatchFactor
MATCH_FACTOR_TIME_ZONE: MatchFactor
MATCH_FACTOR_RATING: MatchFactor
MATCH_FACTOR_LOCATION: MatchFactor
MATCH_FACTOR_PRICE: MatchFactor
MATCH_FACTOR_SEMANTIC_SIMILARITY: MatchFactor
MATCH_DIRECTION_UNSPECIFIED: MatchDirection
MATCH_DIRECTION_CANDIDATE_TEACHES: MatchDirection
MATCH_DIRECTION_USER_TEACHES: MatchDirection
RECOMMENDATION_KIND_UNSPECIFIED: RecommendationKind
RECOMMENDATION_KIND_MENTOR: RecommendationKind
RECOMMENDATION_KIND_LEARNER: RecommendationKind
RECOMMENDATION_KIND_EXCHANGE_PARTNER: RecommendationKind
ERROR_REASON_UNSPECIFIED: ErrorReason
ERROR_REASON_USER_NOT_FOUND: ErrorReason
ERROR_REASON_NOT_MATCH_OWNER: ErrorReason
ERROR_REASON_NO_SKILLS: ErrorReason
ERROR_REASON_EMBEDDING_MISSING: ErrorReason
ERROR_REASON_SELF_MATCH: ErrorReason
ERROR_REASON_ALGORITHM_NOT_SUPPORTED: ErrorReason
ERROR_REASON_REFRESH_TOO_SOON: ErrorReason
ERROR_REASON_DISMISSAL_NOT_FOUND: ErrorReason
ERROR_REASON_NO_LOCATION: ErrorReason
ERROR_REASON_SKILL_NOT_HELD: ErrorReason

class SkillRef(_message.Message):
    __slots__ = ("skill_id", "name")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    name: str
    def __init__(self, skill_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ScoreComponent(_message.Message):
    __slots__ = ("factor", "score", "weight", "contribution", "explanation")
    FACTOR_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTION_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    factor: MatchFactor
    score: float
    weight: float
    contribution: float
    explanation: str
    def __init__(self, factor: _Optional[_Union[MatchFactor, str]] = ..., score: _Optional[float] = ..., weight: _Optional[float] = ..., contribution: _Optional[float] = ..., explanation: _Optional[str] = ...) -> None: ...

class MatchedSkill(_message.Message):
    __slots__ = ("skill", "direction")
    SKILL_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    skill: SkillRef
    direction: MatchDirection
    def __init__(self, skill: _Optional[_Union[SkillRef, _Mapping]] = ..., direction: _Optional[_Union[MatchDirection, str]] = ...) -> None: ...

class Match(_message.Message):
    __slots__ = ("id", "user_id", "candidate", "score", "algorithm", "score_breakdown", "matched_skills", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    SCORE_BREAKDOWN_FIELD_NUMBER: _ClassVar[int]
    MATCHED_SKILLS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    user_id: str
    candidate: _user_pb2.UserSummary
    score: float
    algorithm: MatchAlgorithm
    score_breakdown: _containers.RepeatedCompositeFieldContainer[ScoreComponent]
    matched_skills: _containers.RepeatedCompositeFieldContainer[MatchedSkill]
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., user_id: _Optional[str] = ..., candidate: _Optional[_Union[_user_pb2.UserSummary, _Mapping]] = ..., score: _Optional[float] = ..., algorithm: _Optional[_Union[MatchAlgorithm, str]] = ..., score_breakdown: _Optional[_Iterable[_Union[ScoreComponent, _Mapping]]] = ..., matched_skills: _Optional[_Iterable[_Union[MatchedSkill, _Mapping]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MatchFilter(_message.Message):
    __slots__ = ("intent", "skill_ids", "min_score", "language_tags", "max_time_zone_difference_hours", "max_distance_km", "max_hourly_rate", "require_availability_overlap", "exclude_user_ids", "min_proficiency", "min_rating", "mentors_only", "verified_only")
    INTENT_FIELD_NUMBER: _ClassVar[int]
    SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    MIN_SCORE_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_TAGS_FIELD_NUMBER: _ClassVar[int]
    MAX_TIME_ZONE_DIFFERENCE_HOURS_FIELD_NUMBER: _ClassVar[int]
    MAX_DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    MAX_HOURLY_RATE_FIELD_NUMBER: _ClassVar[int]
    REQUIRE_AVAILABILITY_OVERLAP_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    MIN_PROFICIENCY_FIELD_NUMBER: _ClassVar[int]
    MIN_RATING_FIELD_NUMBER: _ClassVar[int]
    MENTORS_ONLY_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_ONLY_FIELD_NUMBER: _ClassVar[int]
    intent: MatchIntent
    skill_ids: _containers.RepeatedScalarFieldContainer[str]
    min_score: float
    language_tags: _containers.RepeatedScalarFieldContainer[str]
    max_time_zone_difference_hours: int
    max_distance_km: float
    max_hourly_rate: _common_pb2.Money
    require_availability_overlap: bool
    exclude_user_ids: _containers.RepeatedScalarFieldContainer[str]
    min_proficiency: int
    min_rating: float
    mentors_only: bool
    verified_only: bool
    def __init__(self, intent: _Optional[_Union[MatchIntent, str]] = ..., skill_ids: _Optional[_Iterable[str]] = ..., min_score: _Optional[float] = ..., language_tags: _Optional[_Iterable[str]] = ..., max_time_zone_difference_hours: _Optional[int] = ..., max_distance_km: _Optional[float] = ..., max_hourly_rate: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., require_availability_overlap: _Optional[bool] = ..., exclude_user_ids: _Optional[_Iterable[str]] = ..., min_proficiency: _Optional[int] = ..., min_rating: _Optional[float] = ..., mentors_only: _Optional[bool] = ..., verified_only: _Optional[bool] = ...) -> None: ...

class FindMatchesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "algorithm", "filter")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    algorithm: MatchAlgorithm
    filter: MatchFilter
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., algorithm: _Optional[_Union[MatchAlgorithm, str]] = ..., filter: _Optional[_Union[MatchFilter, _Mapping]] = ...) -> None: ...

class FindMatchesResponse(_message.Message):
    __slots__ = ("matches", "next_page_token", "algorithm")
    MATCHES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    matches: _containers.RepeatedCompositeFieldContainer[Match]
    next_page_token: str
    algorithm: MatchAlgorithm
    def __init__(self, matches: _Optional[_Iterable[_Union[Match, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., algorithm: _Optional[_Union[MatchAlgorithm, str]] = ...) -> None: ...

class GetMatchScoreRequest(_message.Message):
    __slots__ = ("user_id", "candidate_user_id", "algorithm")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    candidate_user_id: str
    algorithm: MatchAlgorithm
    def __init__(self, user_id: _Optional[str] = ..., candidate_user_id: _Optional[str] = ..., algorithm: _Optional[_Union[MatchAlgorithm, str]] = ...) -> None: ...

class GetMatchScoreResponse(_message.Message):
    __slots__ = ("match",)
    MATCH_FIELD_NUMBER: _ClassVar[int]
    match: Match
    def __init__(self, match: _Optional[_Union[Match, _Mapping]] = ...) -> None: ...

class Recommendation(_message.Message):
    __slots__ = ("id", "kind", "match", "reason", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MATCH_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: RecommendationKind
    match: Match
    reason: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[_Union[RecommendationKind, str]] = ..., match: _Optional[_Union[Match, _Mapping]] = ..., reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetRecommendationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "kinds", "refresh")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    REFRESH_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    kinds: _containers.RepeatedScalarFieldContainer[RecommendationKind]
    refresh: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., kinds: _Optional[_Iterable[_Union[RecommendationKind, str]]] = ..., refresh: _Optional[bool] = ...) -> None: ...

class GetRecommendationsResponse(_message.Message):
    __slots__ = ("recommendations", "next_page_token", "generate_time")
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    GENERATE_TIME_FIELD_NUMBER: _ClassVar[int]
    recommendations: _containers.RepeatedCompositeFieldContainer[Recommendation]
    next_page_token: str
    generate_time: _timestamp_pb2.Timestamp
    def __init__(self, recommendations: _Optional[_Iterable[_Union[Recommendation, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., generate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SimilarUser(_message.Message):
    __slots__ = ("user", "similarity", "shared_skills")
    USER_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    SHARED_SKILLS_FIELD_NUMBER: _ClassVar[int]
    user: _user_pb2.UserSummary
    similarity: float
    shared_skills: _containers.RepeatedCompositeFieldContainer[SkillRef]
    def __init__(self, user: _Optional[_Union[_user_pb2.UserSummary, _Mapping]] = ..., similarity: _Optional[float] = ..., shared_skills: _Optional[_Iterable[_Union[SkillRef, _Mapping]]] = ...) -> None: ...

class GetSimilarUsersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "algorithm")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    algorithm: MatchAlgorithm
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., algorithm: _Optional[_Union[MatchAlgorithm, str]] = ...) -> None: ...

class GetSimilarUsersResponse(_message.Message):
    __slots__ = ("similar_users", "next_page_token")
    SIMILAR_USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    similar_users: _containers.RepeatedCompositeFieldContainer[SimilarUser]
    next_page_token: str
    def __init__(self, similar_users: _Optional[_Iterable[_Union[SimilarUser, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListMatchHistoryRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "candidate_user_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    candidate_user_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., candidate_user_id: _Optional[str] = ...) -> None: ...

class ListMatchHistoryResponse(_message.Message):
    __slots__ = ("matches", "next_page_token")
    MATCHES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    matches: _containers.RepeatedCompositeFieldContainer[Match]
    next_page_token: str
    def __init__(self, matches: _Optional[_Iterable[_Union[Match, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Dismissal(_message.Message):
    __slots__ = ("user_id", "candidate", "create_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    candidate: _user_pb2.UserSummary
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., candidate: _Optional[_Union[_user_pb2.UserSummary, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DismissMatchRequest(_message.Message):
    __slots__ = ("candidate_user_id",)
    CANDIDATE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    candidate_user_id: str
    def __init__(self, candidate_user_id: _Optional[str] = ...) -> None: ...

class DismissMatchResponse(_message.Message):
    __slots__ = ("dismissal",)
    DISMISSAL_FIELD_NUMBER: _ClassVar[int]
    dismissal: Dismissal
    def __init__(self, dismissal: _Optional[_Union[Dismissal, _Mapping]] = ...) -> None: ...

class UndoDismissMatchRequest(_message.Message):
    __slots__ = ("candidate_user_id",)
    CANDIDATE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    candidate_user_id: str
    def __init__(self, candidate_user_id: _Optional[str] = ...) -> None: ...

class UndoDismissMatchResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListDismissedMatchesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDismissedMatchesResponse(_message.Message):
    __slots__ = ("dismissals", "next_page_token")
    DISMISSALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    dismissals: _containers.RepeatedCompositeFieldContainer[Dismissal]
    next_page_token: str
    def __init__(self, dismissals: _Optional[_Iterable[_Union[Dismissal, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
