import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from skillsphere.common.v1 import errors_pb2 as _errors_pb2
from skillsphere.common.v1 import validate_pb2 as _validate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RecommendationSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECOMMENDATION_SOURCE_UNSPECIFIED: _ClassVar[RecommendationSource]
    RECOMMENDATION_SOURCE_SIMILAR_SKILLS: _ClassVar[RecommendationSource]
    RECOMMENDATION_SOURCE_COMPLEMENTARY: _ClassVar[RecommendationSource]
    RECOMMENDATION_SOURCE_GOAL: _ClassVar[RecommendationSource]
    RECOMMENDATION_SOURCE_SIMILAR_MEMBERS: _ClassVar[RecommendationSource]
    RECOMMENDATION_SOURCE_TRENDING: _ClassVar[RecommendationSource]

class LearningResourceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LEARNING_RESOURCE_KIND_UNSPECIFIED: _ClassVar[LearningResourceKind]
    LEARNING_RESOURCE_KIND_ARTICLE: _ClassVar[LearningResourceKind]
    LEARNING_RESOURCE_KIND_VIDEO: _ClassVar[LearningResourceKind]
    LEARNING_RESOURCE_KIND_COURSE: _ClassVar[LearningResourceKind]
    LEARNING_RESOURCE_KIND_BOOK: _ClassVar[LearningResourceKind]
    LEARNING_RESOURCE_KIND_EXERCISE: _ClassVar[LearningResourceKind]
    LEARNING_RESOURCE_KIND_SESSION: _ClassVar[LearningResourceKind]

class AdvicePhase(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ADVICE_PHASE_UNSPECIFIED: _ClassVar[AdvicePhase]
    ADVICE_PHASE_PREPARATION: _ClassVar[AdvicePhase]
    ADVICE_PHASE_FOLLOW_UP: _ClassVar[AdvicePhase]

class GapPriority(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GAP_PRIORITY_UNSPECIFIED: _ClassVar[GapPriority]
    GAP_PRIORITY_HIGH: _ClassVar[GapPriority]
    GAP_PRIORITY_MEDIUM: _ClassVar[GapPriority]
    GAP_PRIORITY_LOW: _ClassVar[GapPriority]

class AssistantRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ASSISTANT_ROLE_UNSPECIFIED: _ClassVar[AssistantRole]
    ASSISTANT_ROLE_USER: _ClassVar[AssistantRole]
    ASSISTANT_ROLE_ASSISTANT: _ClassVar[AssistantRole]

class FinishReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FINISH_REASON_UNSPECIFIED: _ClassVar[FinishReason]
    FINISH_REASON_STOP: _ClassVar[FinishReason]
    FINISH_REASON_MAX_LENGTH: _ClassVar[FinishReason]
    FINISH_REASON_SAFETY: _ClassVar[FinishReason]

class EmbeddingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EMBEDDING_STATUS_UNSPECIFIED: _ClassVar[EmbeddingStatus]
    EMBEDDING_STATUS_CURRENT: _ClassVar[EmbeddingStatus]
    EMBEDDING_STATUS_COMPUTED: _ClassVar[EmbeddingStatus]

class AIRpcClass(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AI_RPC_CLASS_UNSPECIFIED: _ClassVar[AIRpcClass]
    AI_RPC_CLASS_GENERATION: _ClassVar[AIRpcClass]
    AI_RPC_CLASS_ASSISTANT: _ClassVar[AIRpcClass]
    AI_RPC_CLASS_EMBEDDING: _ClassVar[AIRpcClass]

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_CONVERSATION_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_CONVERSATION_FULL: _ClassVar[ErrorReason]
    ERROR_REASON_BUDGET_EXHAUSTED: _ClassVar[ErrorReason]
    ERROR_REASON_PROVIDER_RATE_LIMITED: _ClassVar[ErrorReason]
    ERROR_REASON_PROVIDER_UNAVAILABLE: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_SELF: _ClassVar[ErrorReason]
    ERROR_REASON_NOTHING_TO_EMBED: _ClassVar[ErrorReason]
    ERROR_REASON_SESSION_NOT_ADVISABLE: _ClassVar[ErrorReason]
RECOMMENDATION_SOURCE_UNSPECIFIED: RecommendationSource
RECOMMENDATION_SOURCE_SIMILAR_SKILLS: RecommendationSource
RECOMMENDATION_SOURCE_COMPLEMENTARY: RecommendationSource
RECOMMENDATION_SOURCE_GOAL: RecommendationSource
RECOMMENDATION_SOURCE_SIMILAR_MEMBERS: RecommendationSource
RECOMMENDATION_SOURCE_TRENDING: RecommendationSource
LEARNING_RESOURCE_KIND_UNSPECIFIED: LearningResourceKind
LEARNING_RESOURCE_KIND_ARTICLE: LearningResourceKind
LEARNING_RESOURCE_KIND_VIDEO: LearningResourceKind
LEARNING_RESOURCE_KIND_COURSE: LearningResourceKind
LEARNING_RESOURCE_KIND_BOOK: LearningResourceKind
LEARNING_RESOURCE_KIND_EXERCISE: LearningResourceKind
LEARNING_RESOURCE_KIND_SESSION: LearningResourceKind
ADVICE_PHASE_UNSPECIFIED: AdvicePhase
ADVICE_PHASE_PREPARATION: AdvicePhase
ADVICE_PHASE_FOLLOW_UP: AdvicePhase
GAP_PRIORITY_UNSPECIFIED: GapPriority
GAP_PRIORITY_HIGH: GapPriority
GAP_PRIORITY_MEDIUM: GapPriority
GAP_PRIORITY_LOW: GapPriority
ASSISTANT_ROLE_UNSPECIFIED: AssistantRole
ASSISTANT_ROLE_USER: AssistantRole
ASSISTANT_ROLE_ASSISTANT: AssistantRole
FINISH_REASON_UNSPECIFIED: FinishReason
FINISH_REASON_STOP: FinishReason
FINISH_REASON_MAX_LENGTH: FinishReason
FINISH_REASON_SAFETY: FinishReason
EMBEDDING_STATUS_UNSPECIFIED: EmbeddingStatus
EMBEDDING_STATUS_CURRENT: EmbeddingStatus
EMBEDDING_STATUS_COMPUTED: EmbeddingStatus
AI_RPC_CLASS_UNSPECIFIED: AIRpcClass
AI_RPC_CLASS_GENERATION: AIRpcClass
AI_RPC_CLASS_ASSISTANT: AIRpcClass
AI_RPC_CLASS_EMBEDDING: AIRpcClass
ERROR_REASON_UNSPECIFIED: ErrorReason
ERROR_REASON_CONVERSATION_NOT_FOUND: ErrorReason
ERROR_REASON_CONVERSATION_FULL: ErrorReason
ERROR_REASON_BUDGET_EXHAUSTED: ErrorReason
ERROR_REASON_PROVIDER_RATE_LIMITED: ErrorReason
ERROR_REASON_PROVIDER_UNAVAILABLE: ErrorReason
ERROR_REASON_NOT_SELF: ErrorReason
ERROR_REASON_NOTHING_TO_EMBED: ErrorReason
ERROR_REASON_SESSION_NOT_ADVISABLE: ErrorReason

class Embedding(_message.Message):
    __slots__ = ("values", "dimension", "model", "create_time")
    VALUES_FIELD_NUMBER: _ClassVar[int]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedScalarFieldContainer[float]
    dimension: int
    model: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, values: _Optional[_Iterable[float]] = ..., dimension: _Optional[int] = ..., model: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GenerateSkillEmbeddingRequest(_message.Message):
    __slots__ = ("skill_id", "force_refresh")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    FORCE_REFRESH_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    force_refresh: bool
    def __init__(self, skill_id: _Optional[str] = ..., force_refresh: _Optional[bool] = ...) -> None: ...

class GenerateSkillEmbeddingResponse(_message.Message):
    __slots__ = ("skill_id", "embedding", "cached", "status")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    CACHED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    embedding: Embedding
    cached: bool
    status: EmbeddingStatus
    def __init__(self, skill_id: _Optional[str] = ..., embedding: _Optional[_Union[Embedding, _Mapping]] = ..., cached: _Optional[bool] = ..., status: _Optional[_Union[EmbeddingStatus, str]] = ...) -> None: ...

class GenerateUserEmbeddingRequest(_message.Message):
    __slots__ = ("user_id", "force_refresh")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FORCE_REFRESH_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    force_refresh: bool
    def __init__(self, user_id: _Optional[str] = ..., force_refresh: _Optional[bool] = ...) -> None: ...

class GenerateUserEmbeddingResponse(_message.Message):
    __slots__ = ("user_id", "embedding", "cached", "status")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    CACHED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    embedding: Embedding
    cached: bool
    status: EmbeddingStatus
    def __init__(self, user_id: _Optional[str] = ..., embedding: _Optional[_Union[Embedding, _Mapping]] = ..., cached: _Optional[bool] = ..., status: _Optional[_Union[EmbeddingStatus, str]] = ...) -> None: ...

class SkillRecommendation(_message.Message):
    __slots__ = ("skill_id", "skill_name", "category_name", "score", "source", "reason", "teacher_count")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_NAME_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    TEACHER_COUNT_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    skill_name: str
    category_name: str
    score: float
    source: RecommendationSource
    reason: str
    teacher_count: int
    def __init__(self, skill_id: _Optional[str] = ..., skill_name: _Optional[str] = ..., category_name: _Optional[str] = ..., score: _Optional[float] = ..., source: _Optional[_Union[RecommendationSource, str]] = ..., reason: _Optional[str] = ..., teacher_count: _Optional[int] = ...) -> None: ...

class GetSkillRecommendationsRequest(_message.Message):
    __slots__ = ("user_id", "goal", "max_results", "category_ids", "exclude_skill_ids", "language_tag")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GOAL_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_IDS_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_TAG_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    goal: str
    max_results: int
    category_ids: _containers.RepeatedScalarFieldContainer[str]
    exclude_skill_ids: _containers.RepeatedScalarFieldContainer[str]
    language_tag: str
    def __init__(self, user_id: _Optional[str] = ..., goal: _Optional[str] = ..., max_results: _Optional[int] = ..., category_ids: _Optional[_Iterable[str]] = ..., exclude_skill_ids: _Optional[_Iterable[str]] = ..., language_tag: _Optional[str] = ...) -> None: ...

class GetSkillRecommendationsResponse(_message.Message):
    __slots__ = ("recommendations", "model", "generate_time", "fallback")
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    GENERATE_TIME_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_FIELD_NUMBER: _ClassVar[int]
    recommendations: _containers.RepeatedCompositeFieldContainer[SkillRecommendation]
    model: str
    generate_time: _timestamp_pb2.Timestamp
    fallback: bool
    def __init__(self, recommendations: _Optional[_Iterable[_Union[SkillRecommendation, _Mapping]]] = ..., model: _Optional[str] = ..., generate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., fallback: _Optional[bool] = ...) -> None: ...

class LearningResource(_message.Message):
    __slots__ = ("title", "kind", "url", "free")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    FREE_FIELD_NUMBER: _ClassVar[int]
    title: str
    kind: LearningResourceKind
    url: str
    free: bool
    def __init__(self, title: _Optional[str] = ..., kind: _Optional[_Union[LearningResourceKind, str]] = ..., url: _Optional[str] = ..., free: _Optional[bool] = ...) -> None: ...

class LearningStep(_message.Message):
    __slots__ = ("position", "title", "description", "skill_ids", "estimated_hours", "checkpoint", "resources", "suggested_teacher_user_ids")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_HOURS_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_TEACHER_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    position: int
    title: str
    description: str
    skill_ids: _containers.RepeatedScalarFieldContainer[str]
    estimated_hours: int
    checkpoint: str
    resources: _containers.RepeatedCompositeFieldContainer[LearningResource]
    suggested_teacher_user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, position: _Optional[int] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., skill_ids: _Optional[_Iterable[str]] = ..., estimated_hours: _Optional[int] = ..., checkpoint: _Optional[str] = ..., resources: _Optional[_Iterable[_Union[LearningResource, _Mapping]]] = ..., suggested_teacher_user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class LearningPath(_message.Message):
    __slots__ = ("target_skill_id", "title", "summary", "steps", "total_estimated_hours", "estimated_weeks", "model", "generate_time", "fallback")
    TARGET_SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_ESTIMATED_HOURS_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_WEEKS_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    GENERATE_TIME_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_FIELD_NUMBER: _ClassVar[int]
    target_skill_id: str
    title: str
    summary: str
    steps: _containers.RepeatedCompositeFieldContainer[LearningStep]
    total_estimated_hours: int
    estimated_weeks: int
    model: str
    generate_time: _timestamp_pb2.Timestamp
    fallback: bool
    def __init__(self, target_skill_id: _Optional[str] = ..., title: _Optional[str] = ..., summary: _Optional[str] = ..., steps: _Optional[_Iterable[_Union[LearningStep, _Mapping]]] = ..., total_estimated_hours: _Optional[int] = ..., estimated_weeks: _Optional[int] = ..., model: _Optional[str] = ..., generate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., fallback: _Optional[bool] = ...) -> None: ...

class GenerateLearningPathRequest(_message.Message):
    __slots__ = ("target_skill_id", "current_level", "target_level", "hours_per_week", "goal", "language_tag")
    TARGET_SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENT_LEVEL_FIELD_NUMBER: _ClassVar[int]
    TARGET_LEVEL_FIELD_NUMBER: _ClassVar[int]
    HOURS_PER_WEEK_FIELD_NUMBER: _ClassVar[int]
    GOAL_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_TAG_FIELD_NUMBER: _ClassVar[int]
    target_skill_id: str
    current_level: int
    target_level: int
    hours_per_week: int
    goal: str
    language_tag: str
    def __init__(self, target_skill_id: _Optional[str] = ..., current_level: _Optional[int] = ..., target_level: _Optional[int] = ..., hours_per_week: _Optional[int] = ..., goal: _Optional[str] = ..., language_tag: _Optional[str] = ...) -> None: ...

class GenerateLearningPathResponse(_message.Message):
    __slots__ = ("learning_path",)
    LEARNING_PATH_FIELD_NUMBER: _ClassVar[int]
    learning_path: LearningPath
    def __init__(self, learning_path: _Optional[_Union[LearningPath, _Mapping]] = ...) -> None: ...

class AdviceTip(_message.Message):
    __slots__ = ("title", "body")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    title: str
    body: str
    def __init__(self, title: _Optional[str] = ..., body: _Optional[str] = ...) -> None: ...

class AgendaItem(_message.Message):
    __slots__ = ("title", "duration_minutes")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    title: str
    duration_minutes: int
    def __init__(self, title: _Optional[str] = ..., duration_minutes: _Optional[int] = ...) -> None: ...

class SessionAdvice(_message.Message):
    __slots__ = ("session_id", "phase", "summary", "tips", "agenda", "questions", "model", "generate_time", "fallback")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PHASE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    TIPS_FIELD_NUMBER: _ClassVar[int]
    AGENDA_FIELD_NUMBER: _ClassVar[int]
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    GENERATE_TIME_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    phase: AdvicePhase
    summary: str
    tips: _containers.RepeatedCompositeFieldContainer[AdviceTip]
    agenda: _containers.RepeatedCompositeFieldContainer[AgendaItem]
    questions: _containers.RepeatedScalarFieldContainer[str]
    model: str
    generate_time: _timestamp_pb2.Timestamp
    fallback: bool
    def __init__(self, session_id: _Optional[str] = ..., phase: _Optional[_Union[AdvicePhase, str]] = ..., summary: _Optional[str] = ..., tips: _Optional[_Iterable[_Union[AdviceTip, _Mapping]]] = ..., agenda: _Optional[_Iterable[_Union[AgendaItem, _Mapping]]] = ..., questions: _Optional[_Iterable[str]] = ..., model: _Optional[str] = ..., generate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., fallback: _Optional[bool] = ...) -> None: ...

class GetSessionAdviceRequest(_message.Message):
    __slots__ = ("session_id", "language_tag")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_TAG_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    language_tag: str
    def __init__(self, session_id: _Optional[str] = ..., language_tag: _Optional[str] = ...) -> None: ...

class GetSessionAdviceResponse(_message.Message):
    __slots__ = ("advice",)
    ADVICE_FIELD_NUMBER: _ClassVar[int]
    advice: SessionAdvice
    def __init__(self, advice: _Optional[_Union[SessionAdvice, _Mapping]] = ...) -> None: ...

class SkillGap(_message.Message):
    __slots__ = ("skill_id", "skill_name", "current_level", "required_level", "priority", "recommendation", "estimated_hours")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_NAME_FIELD_NUMBER: _ClassVar[int]
    CURRENT_LEVEL_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_LEVEL_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_HOURS_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    skill_name: str
    current_level: int
    required_level: int
    priority: GapPriority
    recommendation: str
    estimated_hours: int
    def __init__(self, skill_id: _Optional[str] = ..., skill_name: _Optional[str] = ..., current_level: _Optional[int] = ..., required_level: _Optional[int] = ..., priority: _Optional[_Union[GapPriority, str]] = ..., recommendation: _Optional[str] = ..., estimated_hours: _Optional[int] = ...) -> None: ...

class SkillStrength(_message.Message):
    __slots__ = ("skill_id", "skill_name", "level")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    skill_name: str
    level: int
    def __init__(self, skill_id: _Optional[str] = ..., skill_name: _Optional[str] = ..., level: _Optional[int] = ...) -> None: ...

class SkillGapAnalysis(_message.Message):
    __slots__ = ("user_id", "target_role", "summary", "readiness_score", "gaps", "strengths", "model", "generate_time", "fallback")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_ROLE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    READINESS_SCORE_FIELD_NUMBER: _ClassVar[int]
    GAPS_FIELD_NUMBER: _ClassVar[int]
    STRENGTHS_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    GENERATE_TIME_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    target_role: str
    summary: str
    readiness_score: float
    gaps: _containers.RepeatedCompositeFieldContainer[SkillGap]
    strengths: _containers.RepeatedCompositeFieldContainer[SkillStrength]
    model: str
    generate_time: _timestamp_pb2.Timestamp
    fallback: bool
    def __init__(self, user_id: _Optional[str] = ..., target_role: _Optional[str] = ..., summary: _Optional[str] = ..., readiness_score: _Optional[float] = ..., gaps: _Optional[_Iterable[_Union[SkillGap, _Mapping]]] = ..., strengths: _Optional[_Iterable[_Union[SkillStrength, _Mapping]]] = ..., model: _Optional[str] = ..., generate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., fallback: _Optional[bool] = ...) -> None: ...

class AnalyzeSkillGapRequest(_message.Message):
    __slots__ = ("user_id", "target_role", "target_skill_ids", "language_tag")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_ROLE_FIELD_NUMBER: _ClassVar[int]
    TARGET_SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_TAG_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    target_role: str
    target_skill_ids: _containers.RepeatedScalarFieldContainer[str]
    language_tag: str
    def __init__(self, user_id: _Optional[str] = ..., target_role: _Optional[str] = ..., target_skill_ids: _Optional[_Iterable[str]] = ..., language_tag: _Optional[str] = ...) -> None: ...

class AnalyzeSkillGapResponse(_message.Message):
    __slots__ = ("analysis",)
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    analysis: SkillGapAnalysis
    def __init__(self, analysis: _Optional[_Union[SkillGapAnalysis, _Mapping]] = ...) -> None: ...

class AssistantTurn(_message.Message):
    __slots__ = ("role", "text", "create_time", "referenced_skill_ids")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    REFERENCED_SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    role: AssistantRole
    text: str
    create_time: _timestamp_pb2.Timestamp
    referenced_skill_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, role: _Optional[_Union[AssistantRole, str]] = ..., text: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., referenced_skill_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class AskAssistantRequest(_message.Message):
    __slots__ = ("question", "skill_id", "session_id", "language_tag", "conversation_id")
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_TAG_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    question: str
    skill_id: str
    session_id: str
    language_tag: str
    conversation_id: str
    def __init__(self, question: _Optional[str] = ..., skill_id: _Optional[str] = ..., session_id: _Optional[str] = ..., language_tag: _Optional[str] = ..., conversation_id: _Optional[str] = ...) -> None: ...

class AssistantConversation(_message.Message):
    __slots__ = ("conversation_id", "title", "turn_count", "create_time", "update_time")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    TURN_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    title: str
    turn_count: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, conversation_id: _Optional[str] = ..., title: _Optional[str] = ..., turn_count: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListAssistantConversationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAssistantConversationsResponse(_message.Message):
    __slots__ = ("conversations", "next_page_token")
    CONVERSATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    conversations: _containers.RepeatedCompositeFieldContainer[AssistantConversation]
    next_page_token: str
    def __init__(self, conversations: _Optional[_Iterable[_Union[AssistantConversation, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAssistantConversationRequest(_message.Message):
    __slots__ = ("conversation_id",)
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    def __init__(self, conversation_id: _Optional[str] = ...) -> None: ...

class GetAssistantConversationResponse(_message.Message):
    __slots__ = ("conversation", "turns")
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    TURNS_FIELD_NUMBER: _ClassVar[int]
    conversation: AssistantConversation
    turns: _containers.RepeatedCompositeFieldContainer[AssistantTurn]
    def __init__(self, conversation: _Optional[_Union[AssistantConversation, _Mapping]] = ..., turns: _Optional[_Iterable[_Union[AssistantTurn, _Mapping]]] = ...) -> None: ...

class DeleteAssistantConversationRequest(_message.Message):
    __slots__ = ("conversation_id",)
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    def __init__(self, conversation_id: _Optional[str] = ...) -> None: ...

class DeleteAssistantConversationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AIBudget(_message.Message):
    __slots__ = ("rpc_class", "requests_limit", "requests_used", "tokens_limit", "tokens_used", "reset_time")
    RPC_CLASS_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_LIMIT_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_USED_FIELD_NUMBER: _ClassVar[int]
    TOKENS_LIMIT_FIELD_NUMBER: _ClassVar[int]
    TOKENS_USED_FIELD_NUMBER: _ClassVar[int]
    RESET_TIME_FIELD_NUMBER: _ClassVar[int]
    rpc_class: AIRpcClass
    requests_limit: int
    requests_used: int
    tokens_limit: int
    tokens_used: int
    reset_time: _timestamp_pb2.Timestamp
    def __init__(self, rpc_class: _Optional[_Union[AIRpcClass, str]] = ..., requests_limit: _Optional[int] = ..., requests_used: _Optional[int] = ..., tokens_limit: _Optional[int] = ..., tokens_used: _Optional[int] = ..., reset_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetAIBudgetRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetAIBudgetResponse(_message.Message):
    __slots__ = ("budgets", "model")
    BUDGETS_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    budgets: _containers.RepeatedCompositeFieldContainer[AIBudget]
    model: str
    def __init__(self, budgets: _Optional[_Iterable[_Union[AIBudget, _Mapping]]] = ..., model: _Optional[str] = ...) -> None: ...

class AnswerComplete(_message.Message):
    __slots__ = ("finish_reason", "model", "input_tokens", "output_tokens", "referenced_skill_ids", "conversation_id", "fallback")
    FINISH_REASON_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    REFERENCED_SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_FIELD_NUMBER: _ClassVar[int]
    finish_reason: FinishReason
    model: str
    input_tokens: int
    output_tokens: int
    referenced_skill_ids: _containers.RepeatedScalarFieldContainer[str]
    conversation_id: str
    fallback: bool
    def __init__(self, finish_reason: _Optional[_Union[FinishReason, str]] = ..., model: _Optional[str] = ..., input_tokens: _Optional[int] = ..., output_tokens: _Optional[int] = ..., referenced_skill_ids: _Optional[_Iterable[str]] = ..., conversation_id: _Optional[str] = ..., fallback: _Optional[bool] = ...) -> None: ...

class AskAssistantResponse(_message.Message):
    __slots__ = ("text_delta", "complete")
    TEXT_DELTA_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    text_delta: str
    complete: AnswerComplete
    def __init__(self, text_delta: _Optional[str] = ..., complete: _Optional[_Union[AnswerComplete, _Mapping]] = ...) -> None: ...
