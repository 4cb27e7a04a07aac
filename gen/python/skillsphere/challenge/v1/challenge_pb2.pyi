import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from skillsphere.common.v1 import validate_pb2 as _validate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ChallengeStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHALLENGE_STATUS_UNSPECIFIED: _ClassVar[ChallengeStatus]
    CHALLENGE_STATUS_UPCOMING: _ClassVar[ChallengeStatus]
    CHALLENGE_STATUS_ACTIVE: _ClassVar[ChallengeStatus]
    CHALLENGE_STATUS_JUDGING: _ClassVar[ChallengeStatus]
    CHALLENGE_STATUS_ENDED: _ClassVar[ChallengeStatus]
    CHALLENGE_STATUS_CANCELLED: _ClassVar[ChallengeStatus]

class ChallengeDifficulty(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHALLENGE_DIFFICULTY_UNSPECIFIED: _ClassVar[ChallengeDifficulty]
    CHALLENGE_DIFFICULTY_EASY: _ClassVar[ChallengeDifficulty]
    CHALLENGE_DIFFICULTY_MEDIUM: _ClassVar[ChallengeDifficulty]
    CHALLENGE_DIFFICULTY_HARD: _ClassVar[ChallengeDifficulty]

class LeaderboardScoring(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LEADERBOARD_SCORING_UNSPECIFIED: _ClassVar[LeaderboardScoring]
    LEADERBOARD_SCORING_BEST_ENTRY: _ClassVar[LeaderboardScoring]
    LEADERBOARD_SCORING_SUM_OF_ENTRIES: _ClassVar[LeaderboardScoring]
CHALLENGE_STATUS_UNSPECIFIED: ChallengeStatus
CHALLENGE_STATUS_UPCOMING: ChallengeStatus
CHALLENGE_STATUS_ACTIVE: ChallengeStatus
CHALLENGE_STATUS_JUDGING: ChallengeStatus
CHALLENGE_STATUS_ENDED: ChallengeStatus
CHALLENGE_STATUS_CANCELLED: ChallengeStatus
CHALLENGE_DIFFICULTY_UNSPECIFIED: ChallengeDifficulty
CHALLENGE_DIFFICULTY_EASY: ChallengeDifficulty
CHALLENGE_DIFFICULTY_MEDIUM: ChallengeDifficulty
CHALLENGE_DIFFICULTY_HARD: ChallengeDifficulty
LEADERBOARD_SCORING_UNSPECIFIED: LeaderboardScoring
LEADERBOARD_SCORING_BEST_ENTRY: LeaderboardScoring
LEADERBOARD_SCORING_SUM_OF_ENTRIES: LeaderboardScoring

class Reward(_message.Message):
    __slots__ = ("rank_from", "rank_to", "title", "points", "certification_template_id", "prize_description")
    RANK_FROM_FIELD_NUMBER: _ClassVar[int]
    RANK_TO_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATION_TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    PRIZE_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    rank_from: int
    rank_to: int
    title: str
    points: int
    certification_template_id: str
    prize_description: str
    def __init__(self, rank_from: _Optional[int] = ..., rank_to: _Optional[int] = ..., title: _Optional[str] = ..., points: _Optional[int] = ..., certification_template_id: _Optional[str] = ..., prize_description: _Optional[str] = ...) -> None: ...

class Sponsor(_message.Message):
    __slots__ = ("name", "logo_url", "website_url", "message")
    NAME_FIELD_NUMBER: _ClassVar[int]
    LOGO_URL_FIELD_NUMBER: _ClassVar[int]
    WEBSITE_URL_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    name: str
    logo_url: str
    website_url: str
    message: str
    def __init__(self, name: _Optional[str] = ..., logo_url: _Optional[str] = ..., website_url: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class AwardedReward(_message.Message):
    __slots__ = ("title", "points", "certification_id", "prize_description")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    PRIZE_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    title: str
    points: int
    certification_id: str
    prize_description: str
    def __init__(self, title: _Optional[str] = ..., points: _Optional[int] = ..., certification_id: _Optional[str] = ..., prize_description: _Optional[str] = ...) -> None: ...

class Participant(_message.Message):
    __slots__ = ("challenge_id", "user_id", "score", "rank", "entry_count", "rewards", "join_time")
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    REWARDS_FIELD_NUMBER: _ClassVar[int]
    JOIN_TIME_FIELD_NUMBER: _ClassVar[int]
    challenge_id: str
    user_id: str
    score: int
    rank: int
    entry_count: int
    rewards: _containers.RepeatedCompositeFieldContainer[AwardedReward]
    join_time: _timestamp_pb2.Timestamp
    def __init__(self, challenge_id: _Optional[str] = ..., user_id: _Optional[str] = ..., score: _Optional[int] = ..., rank: _Optional[int] = ..., entry_count: _Optional[int] = ..., rewards: _Optional[_Iterable[_Union[AwardedReward, _Mapping]]] = ..., join_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Challenge(_message.Message):
    __slots__ = ("id", "creator_user_id", "title", "description", "rules", "skill_ids", "difficulty", "status", "start_time", "end_time", "judging_end_time", "scoring", "max_entries_per_participant", "max_score", "max_participants", "judge_user_ids", "rewards", "sponsors", "cover_image_url", "participant_count", "entry_count", "caller_participation", "cancel_reason", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    CREATOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    DIFFICULTY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    JUDGING_END_TIME_FIELD_NUMBER: _ClassVar[int]
    SCORING_FIELD_NUMBER: _ClassVar[int]
    MAX_ENTRIES_PER_PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    MAX_SCORE_FIELD_NUMBER: _ClassVar[int]
    MAX_PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    JUDGE_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    REWARDS_FIELD_NUMBER: _ClassVar[int]
    SPONSORS_FIELD_NUMBER: _ClassVar[int]
    COVER_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_COUNT_FIELD_NUMBER: _ClassVar[int]
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    CALLER_PARTICIPATION_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    creator_user_id: str
    title: str
    description: str
    rules: str
    skill_ids: _containers.RepeatedScalarFieldContainer[str]
    difficulty: ChallengeDifficulty
    status: ChallengeStatus
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    judging_end_time: _timestamp_pb2.Timestamp
    scoring: LeaderboardScoring
    max_entries_per_participant: int
    max_score: int
    max_participants: int
    judge_user_ids: _containers.RepeatedScalarFieldContainer[str]
    rewards: _containers.RepeatedCompositeFieldContainer[Reward]
    sponsors: _containers.RepeatedCompositeFieldContainer[Sponsor]
    cover_image_url: str
    participant_count: int
    entry_count: int
    caller_participation: Participant
    cancel_reason: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., creator_user_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., rules: _Optional[str] = ..., skill_ids: _Optional[_Iterable[str]] = ..., difficulty: _Optional[_Union[ChallengeDifficulty, str]] = ..., status: _Optional[_Union[ChallengeStatus, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., judging_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., scoring: _Optional[_Union[LeaderboardScoring, str]] = ..., max_entries_per_participant: _Optional[int] = ..., max_score: _Optional[int] = ..., max_participants: _Optional[int] = ..., judge_user_ids: _Optional[_Iterable[str]] = ..., rewards: _Optional[_Iterable[_Union[Reward, _Mapping]]] = ..., sponsors: _Optional[_Iterable[_Union[Sponsor, _Mapping]]] = ..., cover_image_url: _Optional[str] = ..., participant_count: _Optional[int] = ..., entry_count: _Optional[int] = ..., caller_participation: _Optional[_Union[Participant, _Mapping]] = ..., cancel_reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ChallengeEntry(_message.Message):
    __slots__ = ("id", "challenge_id", "user_id", "title", "body", "link_urls", "score", "scored", "judge_feedback", "scored_by_user_id", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    LINK_URLS_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SCORED_FIELD_NUMBER: _ClassVar[int]
    JUDGE_FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    SCORED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    challenge_id: str
    user_id: str
    title: str
    body: str
    link_urls: _containers.RepeatedScalarFieldContainer[str]
    score: int
    scored: bool
    judge_feedback: str
    scored_by_user_id: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., challenge_id: _Optional[str] = ..., user_id: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., link_urls: _Optional[_Iterable[str]] = ..., score: _Optional[int] = ..., scored: _Optional[bool] = ..., judge_feedback: _Optional[str] = ..., scored_by_user_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LeaderboardEntry(_message.Message):
    __slots__ = ("rank", "user_id", "score", "entry_count", "last_entry_time", "rewards")
    RANK_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_ENTRY_TIME_FIELD_NUMBER: _ClassVar[int]
    REWARDS_FIELD_NUMBER: _ClassVar[int]
    rank: int
    user_id: str
    score: int
    entry_count: int
    last_entry_time: _timestamp_pb2.Timestamp
    rewards: _containers.RepeatedCompositeFieldContainer[AwardedReward]
    def __init__(self, rank: _Optional[int] = ..., user_id: _Optional[str] = ..., score: _Optional[int] = ..., entry_count: _Optional[int] = ..., last_entry_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rewards: _Optional[_Iterable[_Union[AwardedReward, _Mapping]]] = ...) -> None: ...

class CreateChallengeRequest(_message.Message):
    __slots__ = ("title", "description", "rules", "skill_ids", "difficulty", "start_time", "end_time", "judging_end_time", "scoring", "max_entries_per_participant", "max_score", "max_participants", "judge_user_ids", "rewards", "sponsors", "cover_image_url")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    SKILL_IDS_FIELD_NUMBER: _ClassVar[int]
    DIFFICULTY_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    JUDGING_END_TIME_FIELD_NUMBER: _ClassVar[int]
    SCORING_FIELD_NUMBER: _ClassVar[int]
    MAX_ENTRIES_PER_PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    MAX_SCORE_FIELD_NUMBER: _ClassVar[int]
    MAX_PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    JUDGE_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    REWARDS_FIELD_NUMBER: _ClassVar[int]
    SPONSORS_FIELD_NUMBER: _ClassVar[int]
    COVER_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    title: str
    description: str
    rules: str
    skill_ids: _containers.RepeatedScalarFieldContainer[str]
    difficulty: ChallengeDifficulty
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    judging_end_time: _timestamp_pb2.Timestamp
    scoring: LeaderboardScoring
    max_entries_per_participant: int
    max_score: int
    max_participants: int
    judge_user_ids: _containers.RepeatedScalarFieldContainer[str]
    rewards: _containers.RepeatedCompositeFieldContainer[Reward]
    sponsors: _containers.RepeatedCompositeFieldContainer[Sponsor]
    cover_image_url: str
    def __init__(self, title: _Optional[str] = ..., description: _Optional[str] = ..., rules: _Optional[str] = ..., skill_ids: _Optional[_Iterable[str]] = ..., difficulty: _Optional[_Union[ChallengeDifficulty, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., judging_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., scoring: _Optional[_Union[LeaderboardScoring, str]] = ..., max_entries_per_participant: _Optional[int] = ..., max_score: _Optional[int] = ..., max_participants: _Optional[int] = ..., judge_user_ids: _Optional[_Iterable[str]] = ..., rewards: _Optional[_Iterable[_Union[Reward, _Mapping]]] = ..., sponsors: _Optional[_Iterable[_Union[Sponsor, _Mapping]]] = ..., cover_image_url: _Optional[str] = ...) -> None: ...

class CreateChallengeResponse(_message.Message):
    __slots__ = ("challenge",)
    CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    challenge: Challenge
    def __init__(self, challenge: _Optional[_Union[Challenge, _Mapping]] = ...) -> None: ...

class GetChallengeRequest(_message.Message):
    __slots__ = ("challenge_id",)
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    challenge_id: str
    def __init__(self, challenge_id: _Optional[str] = ...) -> None: ...

class GetChallengeResponse(_message.Message):
    __slots__ = ("challenge",)
    CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    challenge: Challenge
    def __init__(self, challenge: _Optional[_Union[Challenge, _Mapping]] = ...) -> None: ...

class ListChallengesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "statuses", "skill_id", "creator_user_id", "joined_only", "difficulty")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    CREATOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    JOINED_ONLY_FIELD_NUMBER: _ClassVar[int]
    DIFFICULTY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    statuses: _containers.RepeatedScalarFieldContainer[ChallengeStatus]
    skill_id: str
    creator_user_id: str
    joined_only: bool
    difficulty: ChallengeDifficulty
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[ChallengeStatus, str]]] = ..., skill_id: _Optional[str] = ..., creator_user_id: _Optional[str] = ..., joined_only: _Optional[bool] = ..., difficulty: _Optional[_Union[ChallengeDifficulty, str]] = ...) -> None: ...

class ListChallengesResponse(_message.Message):
    __slots__ = ("challenges", "next_page_token")
    CHALLENGES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    challenges: _containers.RepeatedCompositeFieldContainer[Challenge]
    next_page_token: str
    def __init__(self, challenges: _Optional[_Iterable[_Union[Challenge, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateChallengeRequest(_message.Message):
    __slots__ = ("challenge", "update_mask")
    CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    challenge: Challenge
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, challenge: _Optional[_Union[Challenge, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateChallengeResponse(_message.Message):
    __slots__ = ("challenge",)
    CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    challenge: Challenge
    def __init__(self, challenge: _Optional[_Union[Challenge, _Mapping]] = ...) -> None: ...

class CancelChallengeRequest(_message.Message):
    __slots__ = ("challenge_id", "reason")
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    challenge_id: str
    reason: str
    def __init__(self, challenge_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CancelChallengeResponse(_message.Message):
    __slots__ = ("challenge",)
    CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    challenge: Challenge
    def __init__(self, challenge: _Optional[_Union[Challenge, _Mapping]] = ...) -> None: ...

class JoinChallengeRequest(_message.Message):
    __slots__ = ("challenge_id",)
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    challenge_id: str
    def __init__(self, challenge_id: _Optional[str] = ...) -> None: ...

class JoinChallengeResponse(_message.Message):
    __slots__ = ("participant",)
    PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    participant: Participant
    def __init__(self, participant: _Optional[_Union[Participant, _Mapping]] = ...) -> None: ...

class SubmitChallengeEntryRequest(_message.Message):
    __slots__ = ("challenge_id", "title", "body", "link_urls")
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    LINK_URLS_FIELD_NUMBER: _ClassVar[int]
    challenge_id: str
    title: str
    body: str
    link_urls: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, challenge_id: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., link_urls: _Optional[_Iterable[str]] = ...) -> None: ...

class SubmitChallengeEntryResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: ChallengeEntry
    def __init__(self, entry: _Optional[_Union[ChallengeEntry, _Mapping]] = ...) -> None: ...

class ListChallengeEntriesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "challenge_id", "user_id", "unscored_only")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    UNSCORED_ONLY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    challenge_id: str
    user_id: str
    unscored_only: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., challenge_id: _Optional[str] = ..., user_id: _Optional[str] = ..., unscored_only: _Optional[bool] = ...) -> None: ...

class ListChallengeEntriesResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[ChallengeEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[ChallengeEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ScoreChallengeEntryRequest(_message.Message):
    __slots__ = ("entry_id", "score", "feedback")
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    entry_id: str
    score: int
    feedback: str
    def __init__(self, entry_id: _Optional[str] = ..., score: _Optional[int] = ..., feedback: _Optional[str] = ...) -> None: ...

class ScoreChallengeEntryResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: ChallengeEntry
    def __init__(self, entry: _Optional[_Union[ChallengeEntry, _Mapping]] = ...) -> None: ...

class GetLeaderboardRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "challenge_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    challenge_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., challenge_id: _Optional[str] = ...) -> None: ...

class GetLeaderboardResponse(_message.Message):
    __slots__ = ("entries", "next_page_token", "caller_entry", "ranked_count", "final", "update_time")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CALLER_ENTRY_FIELD_NUMBER: _ClassVar[int]
    RANKED_COUNT_FIELD_NUMBER: _ClassVar[int]
    FINAL_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[LeaderboardEntry]
    next_page_token: str
    caller_entry: LeaderboardEntry
    ranked_count: int
    final: bool
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, entries: _Optional[_Iterable[_Union[LeaderboardEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., caller_entry: _Optional[_Union[LeaderboardEntry, _Mapping]] = ..., ranked_count: _Optional[int] = ..., final: _Optional[bool] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class StreamLeaderboardRequest(_message.Message):
    __slots__ = ("challenge_id", "top_n")
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    TOP_N_FIELD_NUMBER: _ClassVar[int]
    challenge_id: str
    top_n: int
    def __init__(self, challenge_id: _Optional[str] = ..., top_n: _Optional[int] = ...) -> None: ...

class StreamLeaderboardResponse(_message.Message):
    __slots__ = ("entries", "caller_entry", "ranked_count", "final", "update_time")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    CALLER_ENTRY_FIELD_NUMBER: _ClassVar[int]
    RANKED_COUNT_FIELD_NUMBER: _ClassVar[int]
    FINAL_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[LeaderboardEntry]
    caller_entry: LeaderboardEntry
    ranked_count: int
    final: bool
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, entries: _Optional[_Iterable[_Union[LeaderboardEntry, _Mapping]]] = ..., caller_entry: _Optional[_Union[LeaderboardEntry, _Mapping]] = ..., ranked_count: _Optional[int] = ..., final: _Optional[bool] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetTrendingChallengesRequest(_message.Message):
    __slots__ = ("limit", "skill_id")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    limit: int
    skill_id: str
    def __init__(self, limit: _Optional[int] = ..., skill_id: _Optional[str] = ...) -> None: ...

class TrendingChallenge(_message.Message):
    __slots__ = ("challenge", "recent_join_count", "recent_entry_count", "trend_score")
    CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    RECENT_JOIN_COUNT_FIELD_NUMBER: _ClassVar[int]
    RECENT_ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    TREND_SCORE_FIELD_NUMBER: _ClassVar[int]
    challenge: Challenge
    recent_join_count: int
    recent_entry_count: int
    trend_score: float
    def __init__(self, challenge: _Optional[_Union[Challenge, _Mapping]] = ..., recent_join_count: _Optional[int] = ..., recent_entry_count: _Optional[int] = ..., trend_score: _Optional[float] = ...) -> None: ...

class GetTrendingChallengesResponse(_message.Message):
    __slots__ = ("challenges",)
    CHALLENGES_FIELD_NUMBER: _ClassVar[int]
    challenges: _containers.RepeatedCompositeFieldContainer[TrendingChallenge]
    def __init__(self, challenges: _Optional[_Iterable[_Union[TrendingChallenge, _Mapping]]] = ...) -> None: ...
