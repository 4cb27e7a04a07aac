"""gRPC servicer of skillsphere.matching.v1.MatchingService: proto ⇄ domain, one service call per RPC."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skillsphere.common.v1 import common_pb2
from skillsphere.matching.v1 import matching_pb2, matching_pb2_grpc
from skillsphere.user.v1 import user_pb2

from internal.matching.algorithms import Algorithm, Budget, Direction, Factor, Intent
from internal.matching.models import DismissalView, MatchView, RecommendationView, SimilarView
from internal.matching.service import MatchingService, MatchRequest
from pkg.errors import InvalidArgument
from pkg.grpcx.context import current_caller
from pkg.grpcx.convert import parse_optional_uuid, parse_uuid, timestamp

_ALGORITHM_IN = {
    matching_pb2.MATCH_ALGORITHM_UNSPECIFIED: Algorithm.HYBRID,
    matching_pb2.MATCH_ALGORITHM_COSINE: Algorithm.COSINE,
    matching_pb2.MATCH_ALGORITHM_EUCLIDEAN: Algorithm.EUCLIDEAN,
    matching_pb2.MATCH_ALGORITHM_EMBEDDING: Algorithm.EMBEDDING,
    matching_pb2.MATCH_ALGORITHM_HYBRID: Algorithm.HYBRID,
}
_ALGORITHM = {a: n for n, a in _ALGORITHM_IN.items() if n != matching_pb2.MATCH_ALGORITHM_UNSPECIFIED}
_INTENT_IN = {
    matching_pb2.MATCH_INTENT_UNSPECIFIED: Intent.ANY,
    matching_pb2.MATCH_INTENT_LEARN: Intent.LEARN,
    matching_pb2.MATCH_INTENT_TEACH: Intent.TEACH,
    matching_pb2.MATCH_INTENT_EXCHANGE: Intent.EXCHANGE,
}
_FACTOR = {
    Factor.SKILL_FIT: matching_pb2.MATCH_FACTOR_SKILL_FIT,
    Factor.RECIPROCITY: matching_pb2.MATCH_FACTOR_RECIPROCITY,
    Factor.AVAILABILITY: matching_pb2.MATCH_FACTOR_AVAILABILITY,
    Factor.LANGUAGE: matching_pb2.MATCH_FACTOR_LANGUAGE,
    Factor.TIME_ZONE: matching_pb2.MATCH_FACTOR_TIME_ZONE,
    Factor.RATING: matching_pb2.MATCH_FACTOR_RATING,
    Factor.LOCATION: matching_pb2.MATCH_FACTOR_LOCATION,
    Factor.PRICE: matching_pb2.MATCH_FACTOR_PRICE,
    Factor.SEMANTIC_SIMILARITY: matching_pb2.MATCH_FACTOR_SEMANTIC_SIMILARITY,
}
_DIRECTION = {
    Direction.CANDIDATE_TEACHES: matching_pb2.MATCH_DIRECTION_CANDIDATE_TEACHES,
    Direction.USER_TEACHES: matching_pb2.MATCH_DIRECTION_USER_TEACHES,
}
_KIND = {
    "mentor": matching_pb2.RECOMMENDATION_KIND_MENTOR,
    "learner": matching_pb2.RECOMMENDATION_KIND_LEARNER,
    "exchange_partner": matching_pb2.RECOMMENDATION_KIND_EXCHANGE_PARTNER,
}
_KIND_IN = {n: k for k, n in _KIND.items()}


def summary_to_proto(card: Mapping[str, Any]) -> user_pb2.UserSummary:
    """A stored card as skillsphere.user.v1.UserSummary."""
    summary = user_pb2.UserSummary(
        user_id=str(card.get("user_id", "")),
        display_name=card.get("display_name", ""),
        headline=card.get("headline", ""),
        avatar_uri=card.get("avatar_uri", ""),
        teaches=[user_pb2.UserSummary.Skill(**s) for s in card.get("teaches", [])],
        learns=[user_pb2.UserSummary.Skill(**s) for s in card.get("learns", [])],
        average_rating=card.get("average_rating", 0.0),
        rating_count=card.get("rating_count", 0),
        accepts_skill_swap=card.get("accepts_skill_swap", False),
        country_code=card.get("country_code", ""),
        time_zone=card.get("time_zone", ""),
        language_tags=card.get("language_tags", []),
        verified=card.get("verified", False),
        is_mentor=card.get("is_mentor", False),
    )
    rate = card.get("hourly_rate")
    if rate:
        summary.hourly_rate.CopyFrom(
            common_pb2.Money(currency_code=rate["currency"], amount_minor=rate["amount_minor"])
        )
    return summary


def match_to_proto(view: MatchView) -> matching_pb2.Match:
    """One scored match with its breakdown."""
    return matching_pb2.Match(
        id=str(view.id or ""),
        user_id=str(view.user_id),
        candidate=summary_to_proto(view.candidate),
        score=view.score,
        algorithm=_ALGORITHM[view.algorithm],
        score_breakdown=[
            matching_pb2.ScoreComponent(
                factor=_FACTOR[c.factor],
                score=c.score,
                weight=c.weight,
                contribution=c.contribution,
                explanation=c.explanation,
            )
            for c in view.components
        ],
        matched_skills=[
            matching_pb2.MatchedSkill(
                skill=matching_pb2.SkillRef(skill_id=str(s.skill_id), name=s.name), direction=_DIRECTION[s.direction]
            )
            for s in view.matched_skills
        ],
        create_time=timestamp(view.create_time),
    )


def recommendation_to_proto(view: RecommendationView) -> matching_pb2.Recommendation:
    """One recommended member."""
    return matching_pb2.Recommendation(
        id=str(view.id),
        kind=_KIND[view.kind],
        match=match_to_proto(view.match),
        reason=view.reason,
        create_time=timestamp(view.create_time),
    )


def similar_to_proto(view: SimilarView) -> matching_pb2.SimilarUser:
    """One similar member."""
    return matching_pb2.SimilarUser(
        user=summary_to_proto(view.card),
        similarity=view.similarity,
        shared_skills=[matching_pb2.SkillRef(skill_id=str(s), name=name) for s, name in view.shared_skills],
    )


def dismissal_to_proto(view: DismissalView) -> matching_pb2.Dismissal:
    """One dismissal."""
    return matching_pb2.Dismissal(
        user_id=str(view.user_id), candidate=summary_to_proto(view.candidate), create_time=timestamp(view.create_time)
    )


def match_request_from_proto(flt: matching_pb2.MatchFilter) -> MatchRequest:
    """The filter of FindMatches."""
    budget = None
    if flt.HasField("max_hourly_rate"):
        rate = flt.max_hourly_rate
        if len(rate.currency_code) != 3 or not rate.currency_code.isupper() or rate.amount_minor < 0:
            raise InvalidArgument(
                field="filter.max_hourly_rate", description="needs an ISO 4217 currency and a non-negative amount"
            )
        budget = Budget(rate.amount_minor, rate.currency_code)
    return MatchRequest(
        intent=_INTENT_IN[flt.intent],
        skill_ids=tuple(parse_uuid(s, f"filter.skill_ids[{i}]") for i, s in enumerate(flt.skill_ids)),
        min_score=flt.min_score,
        languages=tuple(flt.language_tags),
        max_time_zone_hours=flt.max_time_zone_difference_hours,
        max_distance_km=flt.max_distance_km,
        budget=budget,
        require_availability_overlap=flt.require_availability_overlap,
        exclude_ids=tuple(parse_uuid(s, f"filter.exclude_user_ids[{i}]") for i, s in enumerate(flt.exclude_user_ids)),
        min_proficiency=flt.min_proficiency,
        min_rating=flt.min_rating,
        mentors_only=flt.mentors_only,
        verified_only=flt.verified_only,
    )


class MatchingHandler(matching_pb2_grpc.MatchingServiceServicer):
    """Every RPC of MatchingService."""

    def __init__(self, service: MatchingService) -> None:
        self._service = service

    async def FindMatches(  # noqa: N802
        self, request: matching_pb2.FindMatchesRequest, context: Any
    ) -> matching_pb2.FindMatchesResponse:
        page = await self._service.find_matches(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            algorithm=_ALGORITHM_IN[request.algorithm],
            request=match_request_from_proto(request.filter),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return matching_pb2.FindMatchesResponse(
            matches=[match_to_proto(m) for m in page.matches],
            next_page_token=page.next_page_token,
            algorithm=_ALGORITHM[page.algorithm],
        )

    async def GetMatchScore(  # noqa: N802
        self, request: matching_pb2.GetMatchScoreRequest, context: Any
    ) -> matching_pb2.GetMatchScoreResponse:
        view = await self._service.get_match_score(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            candidate_id=parse_uuid(request.candidate_user_id, "candidate_user_id"),
            algorithm=_ALGORITHM_IN[request.algorithm],
        )
        return matching_pb2.GetMatchScoreResponse(match=match_to_proto(view))

    async def GetRecommendations(  # noqa: N802
        self, request: matching_pb2.GetRecommendationsRequest, context: Any
    ) -> matching_pb2.GetRecommendationsResponse:
        page = await self._service.get_recommendations(
            caller=current_caller(),
            kinds=sorted({_KIND_IN[k] for k in request.kinds if k in _KIND_IN}),
            refresh=request.refresh,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return matching_pb2.GetRecommendationsResponse(
            recommendations=[recommendation_to_proto(r) for r in page.items],
            next_page_token=page.next_page_token,
            generate_time=timestamp(page.generate_time),
        )

    async def GetSimilarUsers(  # noqa: N802
        self, request: matching_pb2.GetSimilarUsersRequest, context: Any
    ) -> matching_pb2.GetSimilarUsersResponse:
        algorithm = (
            Algorithm.EMBEDDING
            if request.algorithm == matching_pb2.MATCH_ALGORITHM_UNSPECIFIED
            else _ALGORITHM_IN[request.algorithm]
        )
        page = await self._service.get_similar_users(
            caller=current_caller(),
            user_id=parse_uuid(request.user_id, "user_id"),
            algorithm=algorithm,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return matching_pb2.GetSimilarUsersResponse(
            similar_users=[similar_to_proto(s) for s in page.items], next_page_token=page.next_page_token
        )

    async def ListMatchHistory(  # noqa: N802
        self, request: matching_pb2.ListMatchHistoryRequest, context: Any
    ) -> matching_pb2.ListMatchHistoryResponse:
        page = await self._service.list_match_history(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            candidate_id=parse_optional_uuid(request.candidate_user_id, "candidate_user_id"),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return matching_pb2.ListMatchHistoryResponse(
            matches=[match_to_proto(m) for m in page.items], next_page_token=page.next_page_token
        )

    async def DismissMatch(  # noqa: N802
        self, request: matching_pb2.DismissMatchRequest, context: Any
    ) -> matching_pb2.DismissMatchResponse:
        view = await self._service.dismiss_match(
            caller=current_caller(), candidate_id=parse_uuid(request.candidate_user_id, "candidate_user_id")
        )
        return matching_pb2.DismissMatchResponse(dismissal=dismissal_to_proto(view))

    async def UndoDismissMatch(  # noqa: N802
        self, request: matching_pb2.UndoDismissMatchRequest, context: Any
    ) -> matching_pb2.UndoDismissMatchResponse:
        await self._service.undo_dismiss_match(
            caller=current_caller(), candidate_id=parse_uuid(request.candidate_user_id, "candidate_user_id")
        )
        return matching_pb2.UndoDismissMatchResponse()

    async def ListDismissedMatches(  # noqa: N802
        self, request: matching_pb2.ListDismissedMatchesRequest, context: Any
    ) -> matching_pb2.ListDismissedMatchesResponse:
        page = await self._service.list_dismissed_matches(
            caller=current_caller(), page_size=request.page_size, page_token=request.page_token
        )
        return matching_pb2.ListDismissedMatchesResponse(
            dismissals=[dismissal_to_proto(d) for d in page.items], next_page_token=page.next_page_token
        )
