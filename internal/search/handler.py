"""gRPC servicer of skillsphere.search.v1.SearchService: proto ⇄ domain, one service call per RPC."""

from __future__ import annotations

from typing import Any

from skillsphere.common.v1 import common_pb2
from skillsphere.search.v1 import search_pb2, search_pb2_grpc
from skillsphere.user.v1 import user_pb2

from internal.search.models import (
    EntityType,
    FacetField,
    Highlight,
    HistoryView,
    MemberCard,
    MemberFilter,
    Money,
    Point,
    RankingMode,
    SkillFilter,
    SkillResult,
    SkillView,
    SortOrder,
    SuggestionKind,
    SuggestionView,
    UserResult,
)
from internal.search.service import SearchService, as_uuids
from pkg.errors import InvalidArgument
from pkg.grpcx.context import current_caller
from pkg.grpcx.convert import parse_optional_uuid, timestamp

_SORT_IN = {
    search_pb2.SEARCH_SORT_ORDER_UNSPECIFIED: None,
    search_pb2.SEARCH_SORT_ORDER_RELEVANCE: SortOrder.RELEVANCE,
    search_pb2.SEARCH_SORT_ORDER_RATING: SortOrder.RATING,
    search_pb2.SEARCH_SORT_ORDER_PRICE_LOW_TO_HIGH: SortOrder.PRICE_LOW_TO_HIGH,
    search_pb2.SEARCH_SORT_ORDER_PRICE_HIGH_TO_LOW: SortOrder.PRICE_HIGH_TO_LOW,
    search_pb2.SEARCH_SORT_ORDER_NEWEST: SortOrder.NEWEST,
    search_pb2.SEARCH_SORT_ORDER_POPULARITY: SortOrder.POPULARITY,
    search_pb2.SEARCH_SORT_ORDER_DISTANCE: SortOrder.DISTANCE,
}
_MODE = {
    RankingMode.KEYWORD: search_pb2.RANKING_MODE_KEYWORD,
    RankingMode.SEMANTIC: search_pb2.RANKING_MODE_SEMANTIC,
    RankingMode.HYBRID: search_pb2.RANKING_MODE_HYBRID,
}
_MODE_IN: dict[int, RankingMode | None] = {number: mode for mode, number in _MODE.items()}
_MODE_IN[search_pb2.RANKING_MODE_UNSPECIFIED] = None
_TYPE = {EntityType.USER: search_pb2.SEARCH_ENTITY_TYPE_USER, EntityType.SKILL: search_pb2.SEARCH_ENTITY_TYPE_SKILL}
_TYPE_IN = {number: kind for kind, number in _TYPE.items()}
_FACET = {
    FacetField.CATEGORY: search_pb2.FACET_FIELD_CATEGORY,
    FacetField.SKILL: search_pb2.FACET_FIELD_SKILL,
    FacetField.LANGUAGE: search_pb2.FACET_FIELD_LANGUAGE,
    FacetField.COUNTRY: search_pb2.FACET_FIELD_COUNTRY,
    FacetField.RATING: search_pb2.FACET_FIELD_RATING,
    FacetField.TAG: search_pb2.FACET_FIELD_TAG,
    FacetField.MENTOR: search_pb2.FACET_FIELD_MENTOR,
}
_FACET_IN = {number: field for field, number in _FACET.items()}
_SUGGESTION = {
    SuggestionKind.SKILL: search_pb2.SUGGESTION_TYPE_SKILL,
    SuggestionKind.USER: search_pb2.SUGGESTION_TYPE_USER,
    SuggestionKind.CATEGORY: search_pb2.SUGGESTION_TYPE_CATEGORY,
    SuggestionKind.POPULAR_QUERY: search_pb2.SUGGESTION_TYPE_POPULAR_QUERY,
    SuggestionKind.RECENT_QUERY: search_pb2.SUGGESTION_TYPE_RECENT_QUERY,
}
_SUGGESTION_IN = {number: kind for kind, number in _SUGGESTION.items()}
_WINDOW_IN = {
    search_pb2.TREND_WINDOW_UNSPECIFIED: "week",
    search_pb2.TREND_WINDOW_DAY: "day",
    search_pb2.TREND_WINDOW_WEEK: "week",
    search_pb2.TREND_WINDOW_MONTH: "month",
}


def _invalid_enum(field: str) -> InvalidArgument:
    return InvalidArgument(field=field, description="is not a supported value")


def member_filter_from_proto(message: search_pb2.UserSearchFilter, field: str) -> MemberFilter:
    """The domain filter of a UserSearchFilter (UUID formats were checked by the validation layer)."""
    rate = None
    if message.HasField("max_hourly_rate"):
        rate = Money(message.max_hourly_rate.amount_minor, message.max_hourly_rate.currency_code.upper())
    near = None
    if message.HasField("near"):
        near = Point(message.near.latitude, message.near.longitude)
    return MemberFilter(
        teaches=tuple(as_uuids(message.teaches_skill_ids)),
        learns=tuple(as_uuids(message.learns_skill_ids)),
        category_ids=tuple(as_uuids(message.category_ids)),
        language_tags=tuple(message.language_tags),
        country_code=message.country_code,
        min_rating=message.min_rating,
        max_hourly_rate=rate,
        accepts_skill_swap=message.accepts_skill_swap,
        verified_only=message.verified_only,
        mentors_only=message.mentors_only,
        near=near,
        radius_km=message.radius_km,
    )


def skill_filter_from_proto(message: search_pb2.SkillSearchFilter, field: str) -> SkillFilter:
    """The domain filter of a SkillSearchFilter."""
    return SkillFilter(
        category_id=parse_optional_uuid(message.category_id, f"{field}.category_id"), tags=tuple(message.tags)
    )


def card_to_proto(card: MemberCard) -> user_pb2.UserSummary:
    """A member card as the shared user.v1.UserSummary."""
    message = user_pb2.UserSummary(
        user_id=str(card.user_id),
        display_name=card.display_name,
        headline=card.headline,
        avatar_uri=card.avatar_uri,
        teaches=[
            user_pb2.UserSummary.Skill(skill_id=str(s.skill_id), name=s.name, proficiency=s.proficiency)
            for s in card.teaches
        ],
        learns=[
            user_pb2.UserSummary.Skill(skill_id=str(s.skill_id), name=s.name, proficiency=s.proficiency)
            for s in card.learns
        ],
        average_rating=card.average_rating,
        rating_count=card.rating_count,
        accepts_skill_swap=card.accepts_skill_swap,
        country_code=card.country_code,
        time_zone=card.time_zone,
        language_tags=list(card.language_tags),
        verified=card.verified,
        is_mentor=card.is_mentor,
    )
    if card.hourly_rate is not None:
        message.hourly_rate.CopyFrom(
            common_pb2.Money(amount_minor=card.hourly_rate.amount_minor, currency_code=card.hourly_rate.currency_code)
        )
    return message


def _highlights(lights: tuple[Highlight, ...]) -> list[search_pb2.Highlight]:
    return [
        search_pb2.Highlight(
            field=h.field, text=h.text, ranges=[search_pb2.HighlightRange(start=a, end=b) for a, b in h.ranges]
        )
        for h in lights
    ]


def user_result_to_proto(result: UserResult) -> search_pb2.UserSearchResult:
    """A member result."""
    message = search_pb2.UserSearchResult(
        user=card_to_proto(result.hit.card),
        relevance_score=result.hit.relevance,
        highlights=_highlights(result.highlights),
        pinned=result.hit.pinned,
    )
    if result.hit.distance_km is not None:
        message.distance_km = result.hit.distance_km
    return message


def skill_to_proto(skill: SkillView) -> search_pb2.SkillSummary:
    """A catalog skill for result lists."""
    return search_pb2.SkillSummary(
        skill_id=str(skill.skill_id),
        name=skill.name,
        category_id=str(skill.category_id),
        category_name=skill.category_name,
        short_description=skill.description,
        tags=list(skill.tags),
        teacher_count=skill.teacher_count,
        learner_count=skill.learner_count,
    )


def skill_result_to_proto(result: SkillResult) -> search_pb2.SkillSearchResult:
    """A skill result."""
    return search_pb2.SkillSearchResult(
        skill=skill_to_proto(result.hit.skill),
        relevance_score=min(max(result.hit.relevance, 0.0), 1.0),
        highlights=_highlights(result.highlights),
    )


def suggestion_to_proto(item: SuggestionView) -> search_pb2.Suggestion:
    """An autocomplete suggestion."""
    return search_pb2.Suggestion(
        type=_SUGGESTION[item.kind],
        text=item.text,
        id=item.id,
        secondary_text=item.secondary_text,
        image_uri=item.image_uri,
        matched_ranges=[search_pb2.HighlightRange(start=a, end=b) for a, b in item.matched],
    )


def history_to_proto(entry: HistoryView) -> search_pb2.SearchHistoryEntry:
    """A recorded search."""
    return search_pb2.SearchHistoryEntry(
        id=str(entry.id),
        query=entry.query,
        entity_types=[_TYPE[t] for t in entry.entity_types],
        result_count=entry.result_count,
        create_time=timestamp(entry.created_at),
    )


class SearchHandler(search_pb2_grpc.SearchServiceServicer):
    """Every RPC of SearchService."""

    def __init__(self, service: SearchService) -> None:
        self._service = service

    async def SearchUsers(  # noqa: N802
        self, request: search_pb2.SearchUsersRequest, context: Any
    ) -> search_pb2.SearchUsersResponse:
        page = await self._service.search_users(
            caller=current_caller(),
            query=request.query,
            filter=member_filter_from_proto(request.filter, "filter"),
            order=_SORT_IN[request.sort],
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return search_pb2.SearchUsersResponse(
            results=[user_result_to_proto(r) for r in page.results],
            next_page_token=page.next_page_token,
            total_size=page.total_size,
        )

    async def SearchSkills(  # noqa: N802
        self, request: search_pb2.SearchSkillsRequest, context: Any
    ) -> search_pb2.SearchSkillsResponse:
        page = await self._service.search_skills(
            caller=current_caller(),
            query=request.query,
            filter=skill_filter_from_proto(request.filter, "filter"),
            order=_SORT_IN[request.sort],
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return search_pb2.SearchSkillsResponse(
            results=[skill_result_to_proto(r) for r in page.results],
            next_page_token=page.next_page_token,
            total_size=len(page.results),
        )

    async def TrendingSkills(  # noqa: N802
        self, request: search_pb2.TrendingSkillsRequest, context: Any
    ) -> search_pb2.TrendingSkillsResponse:
        page = await self._service.trending_skills(
            window=_WINDOW_IN[request.window],
            category_id=parse_optional_uuid(request.category_id, "category_id"),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        response = search_pb2.TrendingSkillsResponse(
            skills=[
                search_pb2.TrendingSkill(
                    skill=skill_to_proto(t.skill),
                    rank=t.rank,
                    trend_score=t.score,
                    search_count=t.search_count,
                    session_count=t.session_count,
                    rank_change=t.rank_change,
                    new_user_skill_count=t.new_user_skill_count,
                )
                for t in page.skills
            ],
            next_page_token=page.next_page_token,
        )
        if page.window_start is not None and page.window_end is not None:
            response.window_start_time.CopyFrom(timestamp(page.window_start))
            response.window_end_time.CopyFrom(timestamp(page.window_end))
        return response

    async def FeaturedUsers(  # noqa: N802
        self, request: search_pb2.FeaturedUsersRequest, context: Any
    ) -> search_pb2.FeaturedUsersResponse:
        items, token = await self._service.featured_users(
            caller=current_caller(),
            category_id=parse_optional_uuid(request.category_id, "category_id"),
            skill_id=parse_optional_uuid(request.skill_id, "skill_id"),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        users = []
        for item in items:
            message = search_pb2.FeaturedUser(user=card_to_proto(item.card), blurb=item.blurb)
            if item.end_time is not None:
                message.feature_end_time.CopyFrom(timestamp(item.end_time))
            users.append(message)
        return search_pb2.FeaturedUsersResponse(users=users, next_page_token=token)

    async def Suggestions(  # noqa: N802
        self, request: search_pb2.SuggestionsRequest, context: Any
    ) -> search_pb2.SuggestionsResponse:
        kinds = []
        for index, number in enumerate(request.types):
            if number not in _SUGGESTION_IN:
                raise _invalid_enum(f"types[{index}]")
            kinds.append(_SUGGESTION_IN[number])
        items = await self._service.suggestions(
            caller=current_caller(), query=request.query, kinds=kinds, limit=request.limit
        )
        return search_pb2.SuggestionsResponse(suggestions=[suggestion_to_proto(i) for i in items])

    async def AdvancedSearch(  # noqa: N802
        self, request: search_pb2.AdvancedSearchRequest, context: Any
    ) -> search_pb2.AdvancedSearchResponse:
        types = []
        for index, number in enumerate(request.entity_types):
            if number not in _TYPE_IN:
                raise _invalid_enum(f"entity_types[{index}]")
            types.append(_TYPE_IN[number])
        facets = []
        for index, number in enumerate(request.facets):
            if number not in _FACET_IN:
                raise _invalid_enum(f"facets[{index}]")
            facets.append(_FACET_IN[number])
        page = await self._service.advanced_search(
            caller=current_caller(),
            query=request.query,
            entity_types=types,
            member_filter=member_filter_from_proto(request.user_filter, "user_filter"),
            skill_filter=skill_filter_from_proto(request.skill_filter, "skill_filter"),
            mode=_MODE_IN[request.ranking_mode],
            order=_SORT_IN[request.sort],
            facets=facets,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        results = [
            search_pb2.SearchResult(user=user_result_to_proto(r))
            if isinstance(r, UserResult)
            else search_pb2.SearchResult(skill=skill_result_to_proto(r))
            for r in page.results
        ]
        return search_pb2.AdvancedSearchResponse(
            results=results,
            next_page_token=page.next_page_token,
            total_size=page.total_size,
            facets=[
                search_pb2.Facet(
                    field=_FACET[f.field],
                    values=[search_pb2.FacetValue(value=v.value, label=v.label, count=v.count) for v in f.values],
                )
                for f in page.facets
            ],
            ranking_mode=_MODE[page.ranking_mode],
        )

    async def ListSearchHistory(  # noqa: N802
        self, request: search_pb2.ListSearchHistoryRequest, context: Any
    ) -> search_pb2.ListSearchHistoryResponse:
        entries, token = await self._service.list_search_history(
            caller=current_caller(), page_size=request.page_size, page_token=request.page_token
        )
        return search_pb2.ListSearchHistoryResponse(
            entries=[history_to_proto(e) for e in entries], next_page_token=token
        )

    async def ClearSearchHistory(  # noqa: N802
        self, request: search_pb2.ClearSearchHistoryRequest, context: Any
    ) -> search_pb2.ClearSearchHistoryResponse:
        deleted = await self._service.clear_search_history(
            caller=current_caller(), entry_ids=as_uuids(request.entry_ids), everything=request.all
        )
        return search_pb2.ClearSearchHistoryResponse(deleted_count=deleted)
