import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
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

class SkillStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SKILL_STATUS_UNSPECIFIED: _ClassVar[SkillStatus]
    SKILL_STATUS_PROPOSED: _ClassVar[SkillStatus]
    SKILL_STATUS_APPROVED: _ClassVar[SkillStatus]
    SKILL_STATUS_REJECTED: _ClassVar[SkillStatus]

class UserSkillKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_SKILL_KIND_UNSPECIFIED: _ClassVar[UserSkillKind]
    USER_SKILL_KIND_OFFERED: _ClassVar[UserSkillKind]
    USER_SKILL_KIND_WANTED: _ClassVar[UserSkillKind]

class ProficiencyLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROFICIENCY_LEVEL_UNSPECIFIED: _ClassVar[ProficiencyLevel]
    PROFICIENCY_LEVEL_BEGINNER: _ClassVar[ProficiencyLevel]
    PROFICIENCY_LEVEL_ELEMENTARY: _ClassVar[ProficiencyLevel]
    PROFICIENCY_LEVEL_INTERMEDIATE: _ClassVar[ProficiencyLevel]
    PROFICIENCY_LEVEL_ADVANCED: _ClassVar[ProficiencyLevel]
    PROFICIENCY_LEVEL_EXPERT: _ClassVar[ProficiencyLevel]

class SkillOrderBy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SKILL_ORDER_BY_UNSPECIFIED: _ClassVar[SkillOrderBy]
    SKILL_ORDER_BY_NAME: _ClassVar[SkillOrderBy]
    SKILL_ORDER_BY_POPULARITY: _ClassVar[SkillOrderBy]
    SKILL_ORDER_BY_RECENCY: _ClassVar[SkillOrderBy]

class TrendingWindow(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRENDING_WINDOW_UNSPECIFIED: _ClassVar[TrendingWindow]
    TRENDING_WINDOW_DAY: _ClassVar[TrendingWindow]
    TRENDING_WINDOW_WEEK: _ClassVar[TrendingWindow]
    TRENDING_WINDOW_MONTH: _ClassVar[TrendingWindow]

class RelationReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RELATION_REASON_UNSPECIFIED: _ClassVar[RelationReason]
    RELATION_REASON_CO_OCCURRENCE: _ClassVar[RelationReason]
    RELATION_REASON_SIMILAR: _ClassVar[RelationReason]
    RELATION_REASON_BOTH: _ClassVar[RelationReason]

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_SKILL_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_CATEGORY_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_USER_SKILL_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_SKILL_NAME_TAKEN: _ClassVar[ErrorReason]
    ERROR_REASON_USER_SKILL_EXISTS: _ClassVar[ErrorReason]
    ERROR_REASON_USER_SKILL_LIMIT: _ClassVar[ErrorReason]
    ERROR_REASON_PROFICIENCY_INVALID: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_OWNER: _ClassVar[ErrorReason]
    ERROR_REASON_PROPOSALS_NOT_OWN: _ClassVar[ErrorReason]
    ERROR_REASON_STATUS_NOT_ALLOWED: _ClassVar[ErrorReason]
    ERROR_REASON_SKILL_NOT_PROPOSED: _ClassVar[ErrorReason]
    ERROR_REASON_CONCURRENT_CHANGE: _ClassVar[ErrorReason]
SKILL_STATUS_UNSPECIFIED: SkillStatus
SKILL_STATUS_PROPOSED: SkillStatus
SKILL_STATUS_APPROVED: SkillStatus
SKILL_STATUS_REJECTED: SkillStatus
USER_SKILL_KIND_UNSPECIFIED: UserSkillKind
USER_SKILL_KIND_OFFERED: UserSkillKind
USER_SKILL_KIND_WANTED: UserSkillKind
PROFICIENCY_LEVEL_UNSPECIFIED: ProficiencyLevel
PROFICIENCY_LEVEL_BEGINNER: ProficiencyLevel
PROFICIENCY_LEVEL_ELEMENTARY: ProficiencyLevel
PROFICIENCY_LEVEL_INTERMEDIATE: ProficiencyLevel
PROFICIENCY_LEVEL_ADVANCED: ProficiencyLevel
PROFICIENCY_LEVEL_EXPERT: ProficiencyLevel
SKILL_ORDER_BY_UNSPECIFIED: SkillOrderBy
SKILL_ORDER_BY_NAME: SkillOrderBy
SKILL_ORDER_BY_POPULARITY: SkillOrderBy
SKILL_ORDER_BY_RECENCY: SkillOrderBy
TRENDING_WINDOW_UNSPECIFIED: TrendingWindow
TRENDING_WINDOW_DAY: TrendingWindow
TRENDING_WINDOW_WEEK: TrendingWindow
TRENDING_WINDOW_MONTH: TrendingWindow
RELATION_REASON_UNSPECIFIED: RelationReason
RELATION_REASON_CO_OCCURRENCE: RelationReason
RELATION_REASON_SIMILAR: RelationReason
RELATION_REASON_BOTH: RelationReason
ERROR_REASON_UNSPECIFIED: ErrorReason
ERROR_REASON_SKILL_NOT_FOUND: ErrorReason
ERROR_REASON_CATEGORY_NOT_FOUND: ErrorReason
ERROR_REASON_USER_SKILL_NOT_FOUND: ErrorReason
ERROR_REASON_SKILL_NAME_TAKEN: ErrorReason
ERROR_REASON_USER_SKILL_EXISTS: ErrorReason
ERROR_REASON_USER_SKILL_LIMIT: ErrorReason
ERROR_REASON_PROFICIENCY_INVALID: ErrorReason
ERROR_REASON_NOT_OWNER: ErrorReason
ERROR_REASON_PROPOSALS_NOT_OWN: ErrorReason
ERROR_REASON_STATUS_NOT_ALLOWED: ErrorReason
ERROR_REASON_SKILL_NOT_PROPOSED: ErrorReason
ERROR_REASON_CONCURRENT_CHANGE: ErrorReason

class Skill(_message.Message):
    __slots__ = ("id", "name", "slug", "description", "category_id", "tags", "aliases", "status", "proposer_user_id", "review_note", "duplicate_of_skill_id", "offered_user_count", "wanted_user_count", "create_time", "update_time", "delete_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    ALIASES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROPOSER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEW_NOTE_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_OF_SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    OFFERED_USER_COUNT_FIELD_NUMBER: _ClassVar[int]
    WANTED_USER_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DELETE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    slug: str
    description: str
    category_id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    aliases: _containers.RepeatedScalarFieldContainer[str]
    status: SkillStatus
    proposer_user_id: str
    review_note: str
    duplicate_of_skill_id: str
    offered_user_count: int
    wanted_user_count: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    delete_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., slug: _Optional[str] = ..., description: _Optional[str] = ..., category_id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., aliases: _Optional[_Iterable[str]] = ..., status: _Optional[_Union[SkillStatus, str]] = ..., proposer_user_id: _Optional[str] = ..., review_note: _Optional[str] = ..., duplicate_of_skill_id: _Optional[str] = ..., offered_user_count: _Optional[int] = ..., wanted_user_count: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Category(_message.Message):
    __slots__ = ("id", "name", "slug", "description", "parent_id", "ancestor_ids", "depth", "display_order", "skill_count", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    ANCESTOR_IDS_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ORDER_FIELD_NUMBER: _ClassVar[int]
    SKILL_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    slug: str
    description: str
    parent_id: str
    ancestor_ids: _containers.RepeatedScalarFieldContainer[str]
    depth: int
    display_order: int
    skill_count: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., slug: _Optional[str] = ..., description: _Optional[str] = ..., parent_id: _Optional[str] = ..., ancestor_ids: _Optional[_Iterable[str]] = ..., depth: _Optional[int] = ..., display_order: _Optional[int] = ..., skill_count: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Tag(_message.Message):
    __slots__ = ("name", "skill_count")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SKILL_COUNT_FIELD_NUMBER: _ClassVar[int]
    name: str
    skill_count: int
    def __init__(self, name: _Optional[str] = ..., skill_count: _Optional[int] = ...) -> None: ...

class UserSkill(_message.Message):
    __slots__ = ("id", "user_id", "skill_id", "skill_name", "category_id", "kind", "proficiency", "years_of_experience", "description", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PROFICIENCY_FIELD_NUMBER: _ClassVar[int]
    YEARS_OF_EXPERIENCE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    user_id: str
    skill_id: str
    skill_name: str
    category_id: str
    kind: UserSkillKind
    proficiency: ProficiencyLevel
    years_of_experience: int
    description: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., user_id: _Optional[str] = ..., skill_id: _Optional[str] = ..., skill_name: _Optional[str] = ..., category_id: _Optional[str] = ..., kind: _Optional[_Union[UserSkillKind, str]] = ..., proficiency: _Optional[_Union[ProficiencyLevel, str]] = ..., years_of_experience: _Optional[int] = ..., description: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TrendingSkill(_message.Message):
    __slots__ = ("skill", "rank", "score", "rank_change", "new_user_skill_count", "search_count", "session_count")
    SKILL_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    RANK_CHANGE_FIELD_NUMBER: _ClassVar[int]
    NEW_USER_SKILL_COUNT_FIELD_NUMBER: _ClassVar[int]
    SEARCH_COUNT_FIELD_NUMBER: _ClassVar[int]
    SESSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    rank: int
    score: float
    rank_change: int
    new_user_skill_count: int
    search_count: int
    session_count: int
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ..., rank: _Optional[int] = ..., score: _Optional[float] = ..., rank_change: _Optional[int] = ..., new_user_skill_count: _Optional[int] = ..., search_count: _Optional[int] = ..., session_count: _Optional[int] = ...) -> None: ...

class SkillSearchResult(_message.Message):
    __slots__ = ("skill", "score", "matched_text")
    SKILL_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    MATCHED_TEXT_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    score: float
    matched_text: str
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ..., score: _Optional[float] = ..., matched_text: _Optional[str] = ...) -> None: ...

class SkillSuggestion(_message.Message):
    __slots__ = ("skill_id", "name", "matched_text", "category_id")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MATCHED_TEXT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    name: str
    matched_text: str
    category_id: str
    def __init__(self, skill_id: _Optional[str] = ..., name: _Optional[str] = ..., matched_text: _Optional[str] = ..., category_id: _Optional[str] = ...) -> None: ...

class RelatedSkill(_message.Message):
    __slots__ = ("skill", "score", "reason")
    SKILL_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    score: float
    reason: RelationReason
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ..., score: _Optional[float] = ..., reason: _Optional[_Union[RelationReason, str]] = ...) -> None: ...

class CreateSkillRequest(_message.Message):
    __slots__ = ("skill",)
    SKILL_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ...) -> None: ...

class CreateSkillResponse(_message.Message):
    __slots__ = ("skill",)
    SKILL_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ...) -> None: ...

class GetSkillRequest(_message.Message):
    __slots__ = ("skill_id",)
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    def __init__(self, skill_id: _Optional[str] = ...) -> None: ...

class GetSkillResponse(_message.Message):
    __slots__ = ("skill",)
    SKILL_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ...) -> None: ...

class ListSkillsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "category_id", "tag", "status", "proposer_user_id", "order_by")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROPOSER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    category_id: str
    tag: str
    status: SkillStatus
    proposer_user_id: str
    order_by: SkillOrderBy
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., category_id: _Optional[str] = ..., tag: _Optional[str] = ..., status: _Optional[_Union[SkillStatus, str]] = ..., proposer_user_id: _Optional[str] = ..., order_by: _Optional[_Union[SkillOrderBy, str]] = ...) -> None: ...

class ListSkillsResponse(_message.Message):
    __slots__ = ("skills", "next_page_token")
    SKILLS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    skills: _containers.RepeatedCompositeFieldContainer[Skill]
    next_page_token: str
    def __init__(self, skills: _Optional[_Iterable[_Union[Skill, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateSkillRequest(_message.Message):
    __slots__ = ("skill", "update_mask")
    SKILL_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateSkillResponse(_message.Message):
    __slots__ = ("skill",)
    SKILL_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ...) -> None: ...

class DeleteSkillRequest(_message.Message):
    __slots__ = ("skill_id",)
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    def __init__(self, skill_id: _Optional[str] = ...) -> None: ...

class DeleteSkillResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ProposeSkillRequest(_message.Message):
    __slots__ = ("name", "description", "category_id", "aliases", "justification")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    ALIASES_FIELD_NUMBER: _ClassVar[int]
    JUSTIFICATION_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    category_id: str
    aliases: _containers.RepeatedScalarFieldContainer[str]
    justification: str
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., category_id: _Optional[str] = ..., aliases: _Optional[_Iterable[str]] = ..., justification: _Optional[str] = ...) -> None: ...

class ProposeSkillResponse(_message.Message):
    __slots__ = ("skill",)
    SKILL_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ...) -> None: ...

class ApproveSkillRequest(_message.Message):
    __slots__ = ("skill_id",)
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    def __init__(self, skill_id: _Optional[str] = ...) -> None: ...

class ApproveSkillResponse(_message.Message):
    __slots__ = ("skill",)
    SKILL_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ...) -> None: ...

class RejectSkillRequest(_message.Message):
    __slots__ = ("skill_id", "review_note", "duplicate_of_skill_id")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEW_NOTE_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_OF_SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    review_note: str
    duplicate_of_skill_id: str
    def __init__(self, skill_id: _Optional[str] = ..., review_note: _Optional[str] = ..., duplicate_of_skill_id: _Optional[str] = ...) -> None: ...

class RejectSkillResponse(_message.Message):
    __slots__ = ("skill",)
    SKILL_FIELD_NUMBER: _ClassVar[int]
    skill: Skill
    def __init__(self, skill: _Optional[_Union[Skill, _Mapping]] = ...) -> None: ...

class ListCategoriesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "parent_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    parent_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., parent_id: _Optional[str] = ...) -> None: ...

class ListCategoriesResponse(_message.Message):
    __slots__ = ("categories", "next_page_token")
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[Category]
    next_page_token: str
    def __init__(self, categories: _Optional[_Iterable[_Union[Category, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetCategoryRequest(_message.Message):
    __slots__ = ("category_id",)
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    category_id: str
    def __init__(self, category_id: _Optional[str] = ...) -> None: ...

class GetCategoryResponse(_message.Message):
    __slots__ = ("category", "ancestors")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    ANCESTORS_FIELD_NUMBER: _ClassVar[int]
    category: Category
    ancestors: _containers.RepeatedCompositeFieldContainer[Category]
    def __init__(self, category: _Optional[_Union[Category, _Mapping]] = ..., ancestors: _Optional[_Iterable[_Union[Category, _Mapping]]] = ...) -> None: ...

class ListTagsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "category_id", "prefix")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    category_id: str
    prefix: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., category_id: _Optional[str] = ..., prefix: _Optional[str] = ...) -> None: ...

class ListTagsResponse(_message.Message):
    __slots__ = ("tags", "next_page_token")
    TAGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    tags: _containers.RepeatedCompositeFieldContainer[Tag]
    next_page_token: str
    def __init__(self, tags: _Optional[_Iterable[_Union[Tag, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AddUserSkillRequest(_message.Message):
    __slots__ = ("user_id", "skill_id", "kind", "proficiency", "years_of_experience", "description")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PROFICIENCY_FIELD_NUMBER: _ClassVar[int]
    YEARS_OF_EXPERIENCE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    skill_id: str
    kind: UserSkillKind
    proficiency: ProficiencyLevel
    years_of_experience: int
    description: str
    def __init__(self, user_id: _Optional[str] = ..., skill_id: _Optional[str] = ..., kind: _Optional[_Union[UserSkillKind, str]] = ..., proficiency: _Optional[_Union[ProficiencyLevel, str]] = ..., years_of_experience: _Optional[int] = ..., description: _Optional[str] = ...) -> None: ...

class AddUserSkillResponse(_message.Message):
    __slots__ = ("user_skill",)
    USER_SKILL_FIELD_NUMBER: _ClassVar[int]
    user_skill: UserSkill
    def __init__(self, user_skill: _Optional[_Union[UserSkill, _Mapping]] = ...) -> None: ...

class UpdateUserSkillRequest(_message.Message):
    __slots__ = ("user_skill", "update_mask")
    USER_SKILL_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    user_skill: UserSkill
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, user_skill: _Optional[_Union[UserSkill, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateUserSkillResponse(_message.Message):
    __slots__ = ("user_skill",)
    USER_SKILL_FIELD_NUMBER: _ClassVar[int]
    user_skill: UserSkill
    def __init__(self, user_skill: _Optional[_Union[UserSkill, _Mapping]] = ...) -> None: ...

class RemoveUserSkillRequest(_message.Message):
    __slots__ = ("user_skill_id",)
    USER_SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    user_skill_id: str
    def __init__(self, user_skill_id: _Optional[str] = ...) -> None: ...

class RemoveUserSkillResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListUserSkillsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "kind")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    kind: UserSkillKind
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., kind: _Optional[_Union[UserSkillKind, str]] = ...) -> None: ...

class ListUserSkillsResponse(_message.Message):
    __slots__ = ("user_skills", "next_page_token")
    USER_SKILLS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    user_skills: _containers.RepeatedCompositeFieldContainer[UserSkill]
    next_page_token: str
    def __init__(self, user_skills: _Optional[_Iterable[_Union[UserSkill, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetTrendingSkillsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "category_id", "window")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    category_id: str
    window: TrendingWindow
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., category_id: _Optional[str] = ..., window: _Optional[_Union[TrendingWindow, str]] = ...) -> None: ...

class GetTrendingSkillsResponse(_message.Message):
    __slots__ = ("skills", "next_page_token", "compute_time")
    SKILLS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    COMPUTE_TIME_FIELD_NUMBER: _ClassVar[int]
    skills: _containers.RepeatedCompositeFieldContainer[TrendingSkill]
    next_page_token: str
    compute_time: _timestamp_pb2.Timestamp
    def __init__(self, skills: _Optional[_Iterable[_Union[TrendingSkill, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., compute_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SearchSkillsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query", "category_id", "tags")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    category_id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ..., category_id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class SearchSkillsResponse(_message.Message):
    __slots__ = ("results", "next_page_token")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[SkillSearchResult]
    next_page_token: str
    def __init__(self, results: _Optional[_Iterable[_Union[SkillSearchResult, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SuggestSkillsRequest(_message.Message):
    __slots__ = ("prefix", "category_id", "limit")
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    prefix: str
    category_id: str
    limit: int
    def __init__(self, prefix: _Optional[str] = ..., category_id: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class SuggestSkillsResponse(_message.Message):
    __slots__ = ("suggestions",)
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[SkillSuggestion]
    def __init__(self, suggestions: _Optional[_Iterable[_Union[SkillSuggestion, _Mapping]]] = ...) -> None: ...

class GetRelatedSkillsRequest(_message.Message):
    __slots__ = ("skill_id", "limit")
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    skill_id: str
    limit: int
    def __init__(self, skill_id: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class GetRelatedSkillsResponse(_message.Message):
    __slots__ = ("related_skills",)
    RELATED_SKILLS_FIELD_NUMBER: _ClassVar[int]
    related_skills: _containers.RepeatedCompositeFieldContainer[RelatedSkill]
    def __init__(self, related_skills: _Optional[_Iterable[_Union[RelatedSkill, _Mapping]]] = ...) -> None: ...
