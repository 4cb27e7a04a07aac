"""gRPC servicer of skillsphere.skill.v1.SkillService: proto ⇄ domain, one service call per RPC."""

from __future__ import annotations

from typing import Any

from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc

from internal.skill.models import (
    CategoryNode,
    RelatedSkill,
    RelationReason,
    SearchHit,
    Skill,
    SkillFields,
    SkillOrder,
    SkillStatus,
    Suggestion,
    TrendingSkill,
    TrendingWindow,
    UserSkillFields,
    UserSkillKind,
    UserSkillView,
)
from internal.skill.service import SkillService
from pkg.grpcx.context import current_caller
from pkg.grpcx.convert import parse_optional_uuid, parse_uuid, timestamp

_STATUS = {
    SkillStatus.PROPOSED: skill_pb2.SKILL_STATUS_PROPOSED,
    SkillStatus.APPROVED: skill_pb2.SKILL_STATUS_APPROVED,
    SkillStatus.REJECTED: skill_pb2.SKILL_STATUS_REJECTED,
}
_STATUS_IN = {number: status for status, number in _STATUS.items()}
_KIND = {
    UserSkillKind.OFFERED: skill_pb2.USER_SKILL_KIND_OFFERED,
    UserSkillKind.WANTED: skill_pb2.USER_SKILL_KIND_WANTED,
}
_KIND_IN = {number: kind for kind, number in _KIND.items()}
_ORDER_IN = {
    skill_pb2.SKILL_ORDER_BY_UNSPECIFIED: SkillOrder.NAME,
    skill_pb2.SKILL_ORDER_BY_NAME: SkillOrder.NAME,
    skill_pb2.SKILL_ORDER_BY_POPULARITY: SkillOrder.POPULARITY,
    skill_pb2.SKILL_ORDER_BY_RECENCY: SkillOrder.RECENCY,
}
_WINDOW_IN = {
    skill_pb2.TRENDING_WINDOW_UNSPECIFIED: TrendingWindow.WEEK,
    skill_pb2.TRENDING_WINDOW_DAY: TrendingWindow.DAY,
    skill_pb2.TRENDING_WINDOW_WEEK: TrendingWindow.WEEK,
    skill_pb2.TRENDING_WINDOW_MONTH: TrendingWindow.MONTH,
}
_REASON = {
    RelationReason.CO_OCCURRENCE: skill_pb2.RELATION_REASON_CO_OCCURRENCE,
    RelationReason.SIMILAR: skill_pb2.RELATION_REASON_SIMILAR,
    RelationReason.BOTH: skill_pb2.RELATION_REASON_BOTH,
}


def skill_to_proto(skill: Skill) -> skill_pb2.Skill:
    """A catalog skill."""
    message = skill_pb2.Skill(
        id=str(skill.id),
        name=skill.name,
        slug=skill.slug,
        description=skill.description,
        category_id=str(skill.category_id),
        tags=skill.tags,
        aliases=skill.aliases,
        status=_STATUS[SkillStatus(skill.status)],
        proposer_user_id=str(skill.proposer_user_id or ""),
        review_note=skill.review_note,
        duplicate_of_skill_id=str(skill.duplicate_of_skill_id or ""),
        offered_user_count=skill.offered_user_count,
        wanted_user_count=skill.wanted_user_count,
        create_time=timestamp(skill.created_at),
        update_time=timestamp(skill.updated_at),
    )
    if skill.deleted_at is not None:
        message.delete_time.CopyFrom(timestamp(skill.deleted_at))
    return message


def skill_fields_from_proto(skill: skill_pb2.Skill) -> SkillFields:
    """The settable catalog fields of a Skill message."""
    return SkillFields(
        name=skill.name,
        description=skill.description,
        category_id=parse_optional_uuid(skill.category_id, "skill.category_id"),
        tags=tuple(skill.tags),
        aliases=tuple(skill.aliases),
    )


def category_to_proto(node: CategoryNode) -> skill_pb2.Category:
    """A category with its subtree's skill count."""
    category = node.category
    return skill_pb2.Category(
        id=str(category.id),
        name=category.name,
        slug=category.slug,
        description=category.description,
        parent_id=str(category.parent_id or ""),
        ancestor_ids=[str(a) for a in category.ancestor_ids],
        depth=category.depth,
        display_order=category.display_order,
        skill_count=node.skill_count,
        create_time=timestamp(category.created_at),
        update_time=timestamp(category.updated_at),
    )


def user_skill_to_proto(view: UserSkillView) -> skill_pb2.UserSkill:
    """A skill on a user's profile."""
    user_skill = view.user_skill
    return skill_pb2.UserSkill(
        id=str(user_skill.id),
        user_id=str(user_skill.user_id),
        skill_id=str(user_skill.skill_id),
        skill_name=view.skill_name,
        category_id=str(view.category_id),
        kind=_KIND[UserSkillKind(user_skill.kind)],
        proficiency=user_skill.proficiency,  # type: ignore[arg-type]  # the enum number is the level
        years_of_experience=user_skill.years_of_experience,
        description=user_skill.description,
        create_time=timestamp(user_skill.created_at),
        update_time=timestamp(user_skill.updated_at),
    )


def search_hit_to_proto(hit: SearchHit) -> skill_pb2.SkillSearchResult:
    """One search result."""
    return skill_pb2.SkillSearchResult(skill=skill_to_proto(hit.skill), score=hit.score, matched_text=hit.matched_text)


def suggestion_to_proto(suggestion: Suggestion) -> skill_pb2.SkillSuggestion:
    """One autocomplete entry."""
    return skill_pb2.SkillSuggestion(
        skill_id=str(suggestion.skill_id),
        name=suggestion.name,
        matched_text=suggestion.matched_text,
        category_id=str(suggestion.category_id),
    )


def related_to_proto(related: RelatedSkill) -> skill_pb2.RelatedSkill:
    """One related skill."""
    return skill_pb2.RelatedSkill(
        skill=skill_to_proto(related.skill), score=related.score, reason=_REASON[related.reason]
    )


def trending_to_proto(item: TrendingSkill) -> skill_pb2.TrendingSkill:
    """One entry of a trending ranking."""
    return skill_pb2.TrendingSkill(
        skill=skill_to_proto(item.skill),
        rank=item.rank,
        score=item.score,
        rank_change=item.rank_change,
        new_user_skill_count=item.new_user_skill_count,
        search_count=item.search_count,
        session_count=item.session_count,
    )


class SkillHandler(skill_pb2_grpc.SkillServiceServicer):
    """Every RPC of SkillService."""

    def __init__(self, service: SkillService) -> None:
        self._service = service

    # ------------------------------------------------------------------------------------------ catalog

    async def CreateSkill(  # noqa: N802
        self, request: skill_pb2.CreateSkillRequest, context: Any
    ) -> skill_pb2.CreateSkillResponse:
        skill = await self._service.create_skill(caller=current_caller(), fields=skill_fields_from_proto(request.skill))
        return skill_pb2.CreateSkillResponse(skill=skill_to_proto(skill))

    async def GetSkill(self, request: skill_pb2.GetSkillRequest, context: Any) -> skill_pb2.GetSkillResponse:  # noqa: N802
        skill = await self._service.get_skill(
            caller=current_caller(), skill_id=parse_uuid(request.skill_id, "skill_id")
        )
        return skill_pb2.GetSkillResponse(skill=skill_to_proto(skill))

    async def ListSkills(self, request: skill_pb2.ListSkillsRequest, context: Any) -> skill_pb2.ListSkillsResponse:  # noqa: N802
        page = await self._service.list_skills(
            caller=current_caller(),
            status=_STATUS_IN.get(request.status),
            category_id=parse_optional_uuid(request.category_id, "category_id"),
            tag=request.tag,
            proposer_user_id=parse_optional_uuid(request.proposer_user_id, "proposer_user_id"),
            order=_ORDER_IN[request.order_by],
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return skill_pb2.ListSkillsResponse(
            skills=[skill_to_proto(s) for s in page.items], next_page_token=page.next_page_token
        )

    async def UpdateSkill(  # noqa: N802
        self, request: skill_pb2.UpdateSkillRequest, context: Any
    ) -> skill_pb2.UpdateSkillResponse:
        skill = await self._service.update_skill(
            caller=current_caller(),
            skill_id=parse_uuid(request.skill.id, "skill.id"),
            paths=list(request.update_mask.paths),
            fields=skill_fields_from_proto(request.skill),
        )
        return skill_pb2.UpdateSkillResponse(skill=skill_to_proto(skill))

    async def DeleteSkill(  # noqa: N802
        self, request: skill_pb2.DeleteSkillRequest, context: Any
    ) -> skill_pb2.DeleteSkillResponse:
        await self._service.delete_skill(caller=current_caller(), skill_id=parse_uuid(request.skill_id, "skill_id"))
        return skill_pb2.DeleteSkillResponse()

    async def ProposeSkill(  # noqa: N802
        self, request: skill_pb2.ProposeSkillRequest, context: Any
    ) -> skill_pb2.ProposeSkillResponse:
        skill = await self._service.propose_skill(
            caller=current_caller(),
            name=request.name,
            description=request.description,
            category_id=parse_uuid(request.category_id, "category_id"),
            aliases=list(request.aliases),
            justification=request.justification,
        )
        return skill_pb2.ProposeSkillResponse(skill=skill_to_proto(skill))

    async def ApproveSkill(  # noqa: N802
        self, request: skill_pb2.ApproveSkillRequest, context: Any
    ) -> skill_pb2.ApproveSkillResponse:
        skill = await self._service.approve_skill(
            caller=current_caller(), skill_id=parse_uuid(request.skill_id, "skill_id")
        )
        return skill_pb2.ApproveSkillResponse(skill=skill_to_proto(skill))

    async def RejectSkill(  # noqa: N802
        self, request: skill_pb2.RejectSkillRequest, context: Any
    ) -> skill_pb2.RejectSkillResponse:
        skill = await self._service.reject_skill(
            caller=current_caller(),
            skill_id=parse_uuid(request.skill_id, "skill_id"),
            review_note=request.review_note,
            duplicate_of=parse_optional_uuid(request.duplicate_of_skill_id, "duplicate_of_skill_id"),
        )
        return skill_pb2.RejectSkillResponse(skill=skill_to_proto(skill))

    # --------------------------------------------------------------------------------------- categories

    async def ListCategories(  # noqa: N802
        self, request: skill_pb2.ListCategoriesRequest, context: Any
    ) -> skill_pb2.ListCategoriesResponse:
        page = await self._service.list_categories(
            parent_id=parse_optional_uuid(request.parent_id, "parent_id"),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return skill_pb2.ListCategoriesResponse(
            categories=[category_to_proto(c) for c in page.items], next_page_token=page.next_page_token
        )

    async def GetCategory(  # noqa: N802
        self, request: skill_pb2.GetCategoryRequest, context: Any
    ) -> skill_pb2.GetCategoryResponse:
        detail = await self._service.get_category(category_id=parse_uuid(request.category_id, "category_id"))
        return skill_pb2.GetCategoryResponse(
            category=category_to_proto(detail.category), ancestors=[category_to_proto(a) for a in detail.ancestors]
        )

    async def ListTags(self, request: skill_pb2.ListTagsRequest, context: Any) -> skill_pb2.ListTagsResponse:  # noqa: N802
        page = await self._service.list_tags(
            category_id=parse_optional_uuid(request.category_id, "category_id"),
            prefix=request.prefix,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return skill_pb2.ListTagsResponse(
            tags=[skill_pb2.Tag(name=t.name, skill_count=t.skill_count) for t in page.items],
            next_page_token=page.next_page_token,
        )

    # -------------------------------------------------------------------------------------- user skills

    async def AddUserSkill(  # noqa: N802
        self, request: skill_pb2.AddUserSkillRequest, context: Any
    ) -> skill_pb2.AddUserSkillResponse:
        view = await self._service.add_user_skill(
            caller=current_caller(),
            user_id=parse_uuid(request.user_id, "user_id"),
            skill_id=parse_uuid(request.skill_id, "skill_id"),
            kind=_KIND_IN.get(request.kind),
            proficiency=int(request.proficiency),
            years_of_experience=request.years_of_experience,
            description=request.description,
        )
        return skill_pb2.AddUserSkillResponse(user_skill=user_skill_to_proto(view))

    async def UpdateUserSkill(  # noqa: N802
        self, request: skill_pb2.UpdateUserSkillRequest, context: Any
    ) -> skill_pb2.UpdateUserSkillResponse:
        user_skill = request.user_skill
        view = await self._service.update_user_skill(
            caller=current_caller(),
            user_skill_id=parse_uuid(user_skill.id, "user_skill.id"),
            paths=list(request.update_mask.paths),
            fields=UserSkillFields(
                proficiency=int(user_skill.proficiency),
                years_of_experience=user_skill.years_of_experience,
                description=user_skill.description,
            ),
        )
        return skill_pb2.UpdateUserSkillResponse(user_skill=user_skill_to_proto(view))

    async def RemoveUserSkill(  # noqa: N802
        self, request: skill_pb2.RemoveUserSkillRequest, context: Any
    ) -> skill_pb2.RemoveUserSkillResponse:
        await self._service.remove_user_skill(
            caller=current_caller(), user_skill_id=parse_uuid(request.user_skill_id, "user_skill_id")
        )
        return skill_pb2.RemoveUserSkillResponse()

    async def ListUserSkills(  # noqa: N802
        self, request: skill_pb2.ListUserSkillsRequest, context: Any
    ) -> skill_pb2.ListUserSkillsResponse:
        page = await self._service.list_user_skills(
            caller=current_caller(),
            user_id=parse_uuid(request.user_id, "user_id"),
            kind=_KIND_IN.get(request.kind),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return skill_pb2.ListUserSkillsResponse(
            user_skills=[user_skill_to_proto(v) for v in page.items], next_page_token=page.next_page_token
        )

    # ------------------------------------------------------------------------------ discovery & trending

    async def GetTrendingSkills(  # noqa: N802
        self, request: skill_pb2.GetTrendingSkillsRequest, context: Any
    ) -> skill_pb2.GetTrendingSkillsResponse:
        ranking = await self._service.get_trending_skills(
            category_id=parse_optional_uuid(request.category_id, "category_id"),
            window=_WINDOW_IN[request.window],
            page_size=request.page_size,
            page_token=request.page_token,
        )
        response = skill_pb2.GetTrendingSkillsResponse(
            skills=[trending_to_proto(item) for item in ranking.page.items],
            next_page_token=ranking.page.next_page_token,
        )
        if ranking.computed_at is not None:
            response.compute_time.CopyFrom(timestamp(ranking.computed_at))
        return response

    async def SearchSkills(  # noqa: N802
        self, request: skill_pb2.SearchSkillsRequest, context: Any
    ) -> skill_pb2.SearchSkillsResponse:
        page = await self._service.search_skills(
            query=request.query,
            category_id=parse_optional_uuid(request.category_id, "category_id"),
            tags=list(request.tags),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return skill_pb2.SearchSkillsResponse(
            results=[search_hit_to_proto(hit) for hit in page.items], next_page_token=page.next_page_token
        )

    async def SuggestSkills(  # noqa: N802
        self, request: skill_pb2.SuggestSkillsRequest, context: Any
    ) -> skill_pb2.SuggestSkillsResponse:
        suggestions = await self._service.suggest_skills(
            prefix=request.prefix,
            category_id=parse_optional_uuid(request.category_id, "category_id"),
            limit=request.limit,
        )
        return skill_pb2.SuggestSkillsResponse(suggestions=[suggestion_to_proto(s) for s in suggestions])

    async def GetRelatedSkills(  # noqa: N802
        self, request: skill_pb2.GetRelatedSkillsRequest, context: Any
    ) -> skill_pb2.GetRelatedSkillsResponse:
        related = await self._service.get_related_skills(
            skill_id=parse_uuid(request.skill_id, "skill_id"), limit=request.limit
        )
        return skill_pb2.GetRelatedSkillsResponse(related_skills=[related_to_proto(r) for r in related])
