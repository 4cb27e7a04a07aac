"""gRPC servicer of skillsphere.ai.v1.AIService: proto ⇄ domain, one service call per RPC."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from skillsphere.ai.v1 import ai_pb2, ai_pb2_grpc

from internal.ai.models import Budget, ConversationView, EmbeddingView, Generated, RpcClass, TurnView
from internal.ai.service import AIService
from pkg.grpcx.context import current_caller
from pkg.grpcx.convert import parse_optional_uuid, parse_uuid, timestamp

_SOURCE = {
    "similar_skills": ai_pb2.RECOMMENDATION_SOURCE_SIMILAR_SKILLS,
    "complementary": ai_pb2.RECOMMENDATION_SOURCE_COMPLEMENTARY,
    "goal": ai_pb2.RECOMMENDATION_SOURCE_GOAL,
    "similar_members": ai_pb2.RECOMMENDATION_SOURCE_SIMILAR_MEMBERS,
    "trending": ai_pb2.RECOMMENDATION_SOURCE_TRENDING,
}
_KIND = {
    "article": ai_pb2.LEARNING_RESOURCE_KIND_ARTICLE,
    "video": ai_pb2.LEARNING_RESOURCE_KIND_VIDEO,
    "course": ai_pb2.LEARNING_RESOURCE_KIND_COURSE,
    "book": ai_pb2.LEARNING_RESOURCE_KIND_BOOK,
    "exercise": ai_pb2.LEARNING_RESOURCE_KIND_EXERCISE,
    "session": ai_pb2.LEARNING_RESOURCE_KIND_SESSION,
}
_PRIORITY = {"high": ai_pb2.GAP_PRIORITY_HIGH, "medium": ai_pb2.GAP_PRIORITY_MEDIUM, "low": ai_pb2.GAP_PRIORITY_LOW}
_PHASE = {"preparation": ai_pb2.ADVICE_PHASE_PREPARATION, "follow_up": ai_pb2.ADVICE_PHASE_FOLLOW_UP}
_ROLE = {"user": ai_pb2.ASSISTANT_ROLE_USER, "assistant": ai_pb2.ASSISTANT_ROLE_ASSISTANT}
_CLASS = {
    RpcClass.GENERATION: ai_pb2.AI_RPC_CLASS_GENERATION,
    RpcClass.ASSISTANT: ai_pb2.AI_RPC_CLASS_ASSISTANT,
    RpcClass.EMBEDDING: ai_pb2.AI_RPC_CLASS_EMBEDDING,
}


def _uuids(values: Any, field: str) -> list[Any]:
    return [parse_uuid(value, f"{field}[{index}]") for index, value in enumerate(values)]


def embedding_to_proto(view: EmbeddingView) -> ai_pb2.Embedding:
    """An embedding (values empty unless the caller is an admin)."""
    message = ai_pb2.Embedding(values=view.values, dimension=view.dimension, model=view.model)
    if view.computed_at is not None:
        message.create_time.CopyFrom(timestamp(view.computed_at))
    return message


def _status(view: EmbeddingView) -> Any:
    return ai_pb2.EMBEDDING_STATUS_CURRENT if view.cached else ai_pb2.EMBEDDING_STATUS_COMPUTED


def path_to_proto(result: Generated) -> ai_pb2.LearningPath:
    """A learning path."""
    p = result.payload
    return ai_pb2.LearningPath(
        target_skill_id=p["target_skill_id"],
        title=p["title"],
        summary=p["summary"],
        steps=[
            ai_pb2.LearningStep(
                position=s["position"],
                title=s["title"],
                description=s["description"],
                skill_ids=s["skill_ids"],
                estimated_hours=s["estimated_hours"],
                checkpoint=s["checkpoint"],
                resources=[
                    ai_pb2.LearningResource(title=r["title"], kind=_KIND[r["kind"]], url=r["url"], free=r["free"])  # type: ignore[arg-type]
                    for r in s["resources"]
                ],
                suggested_teacher_user_ids=s["teacher_ids"],
            )
            for s in p["steps"]
        ],
        total_estimated_hours=p["total_estimated_hours"],
        estimated_weeks=p["estimated_weeks"],
        model=result.model,
        generate_time=timestamp(result.generated_at),
        fallback=result.fallback,
    )


def advice_to_proto(result: Generated) -> ai_pb2.SessionAdvice:
    """Session advice."""
    p = result.payload
    return ai_pb2.SessionAdvice(
        session_id=p["session_id"],
        phase=_PHASE[p["phase"]],  # type: ignore[arg-type]
        summary=p["summary"],
        tips=[ai_pb2.AdviceTip(title=t["title"], body=t["body"]) for t in p["tips"]],
        agenda=[ai_pb2.AgendaItem(title=a["title"], duration_minutes=a["duration_minutes"]) for a in p["agenda"]],
        questions=p["questions"],
        model=result.model,
        generate_time=timestamp(result.generated_at),
        fallback=result.fallback,
    )


def gap_to_proto(result: Generated) -> ai_pb2.SkillGapAnalysis:
    """A skill-gap analysis."""
    p = result.payload
    return ai_pb2.SkillGapAnalysis(
        user_id=p["user_id"],
        target_role=p["target_role"],
        summary=p["summary"],
        readiness_score=p["readiness_score"],
        gaps=[
            ai_pb2.SkillGap(
                skill_id=g["skill_id"],
                skill_name=g["skill_name"],
                current_level=g["current_level"],
                required_level=g["required_level"],
                priority=_PRIORITY[g["priority"]],  # type: ignore[arg-type]
                recommendation=g["recommendation"],
                estimated_hours=g["estimated_hours"],
            )
            for g in p["gaps"]
        ],
        strengths=[
            ai_pb2.SkillStrength(skill_id=s["skill_id"], skill_name=s["skill_name"], level=s["level"])
            for s in p["strengths"]
        ],
        model=result.model,
        generate_time=timestamp(result.generated_at),
        fallback=result.fallback,
    )


def conversation_to_proto(view: ConversationView) -> ai_pb2.AssistantConversation:
    """A conversation summary."""
    return ai_pb2.AssistantConversation(
        conversation_id=str(view.id),
        title=view.title,
        turn_count=view.turn_count,
        create_time=timestamp(view.created_at),
        update_time=timestamp(view.updated_at),
    )


def turn_to_proto(turn: TurnView) -> ai_pb2.AssistantTurn:
    """A stored turn."""
    return ai_pb2.AssistantTurn(
        role=_ROLE[turn.role],  # type: ignore[arg-type]
        text=turn.text,
        create_time=timestamp(turn.created_at),
        referenced_skill_ids=[str(i) for i in turn.referenced_skill_ids],
    )


def budget_to_proto(budget: Budget) -> ai_pb2.AIBudget:
    """One daily budget."""
    return ai_pb2.AIBudget(
        rpc_class=_CLASS[budget.rpc_class],  # type: ignore[arg-type]
        requests_limit=budget.requests_limit,
        requests_used=budget.requests_used,
        tokens_limit=budget.tokens_limit,
        tokens_used=budget.tokens_used,
        reset_time=timestamp(budget.reset_time),
    )


class AIHandler(ai_pb2_grpc.AIServiceServicer):
    """AIService over gRPC (and grpc-web through the gateway)."""

    def __init__(self, service: AIService) -> None:
        self._service = service

    async def GenerateSkillEmbedding(self, request: Any, context: Any) -> Any:  # noqa: N802
        view = await self._service.generate_skill_embedding(
            caller=current_caller(),
            skill_id=parse_uuid(request.skill_id, "skill_id"),
            force_refresh=request.force_refresh,
        )
        return ai_pb2.GenerateSkillEmbeddingResponse(
            skill_id=str(view.subject_id), embedding=embedding_to_proto(view), cached=view.cached, status=_status(view)
        )

    async def GenerateUserEmbedding(self, request: Any, context: Any) -> Any:  # noqa: N802
        view = await self._service.generate_user_embedding(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            force_refresh=request.force_refresh,
        )
        return ai_pb2.GenerateUserEmbeddingResponse(
            user_id=str(view.subject_id), embedding=embedding_to_proto(view), cached=view.cached, status=_status(view)
        )

    async def GetSkillRecommendations(self, request: Any, context: Any) -> Any:  # noqa: N802
        result = await self._service.get_skill_recommendations(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            goal=request.goal,
            max_results=request.max_results,
            category_ids=_uuids(request.category_ids, "category_ids"),
            exclude_skill_ids=_uuids(request.exclude_skill_ids, "exclude_skill_ids"),
        )
        return ai_pb2.GetSkillRecommendationsResponse(
            recommendations=[
                ai_pb2.SkillRecommendation(
                    skill_id=r["skill_id"],
                    skill_name=r["skill_name"],
                    category_name=r["category_name"],
                    score=r["score"],
                    source=_SOURCE[r["source"]],  # type: ignore[arg-type]
                    reason=r["reason"],
                    teacher_count=r["teacher_count"],
                )
                for r in result.payload["recommendations"]
            ],
            model=result.model,
            generate_time=timestamp(result.generated_at),
            fallback=result.fallback,
        )

    async def GenerateLearningPath(self, request: Any, context: Any) -> Any:  # noqa: N802
        result = await self._service.generate_learning_path(
            caller=current_caller(),
            target_skill_id=parse_uuid(request.target_skill_id, "target_skill_id"),
            current_level=request.current_level if request.HasField("current_level") else None,
            target_level=request.target_level,
            hours_per_week=request.hours_per_week,
            goal=request.goal,
        )
        return ai_pb2.GenerateLearningPathResponse(learning_path=path_to_proto(result))

    async def GetSessionAdvice(self, request: Any, context: Any) -> Any:  # noqa: N802
        result = await self._service.get_session_advice(
            caller=current_caller(), session_id=parse_uuid(request.session_id, "session_id")
        )
        return ai_pb2.GetSessionAdviceResponse(advice=advice_to_proto(result))

    async def AnalyzeSkillGap(self, request: Any, context: Any) -> Any:  # noqa: N802
        result = await self._service.analyze_skill_gap(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            target_role=request.target_role,
            target_skill_ids=_uuids(request.target_skill_ids, "target_skill_ids"),
        )
        return ai_pb2.AnalyzeSkillGapResponse(analysis=gap_to_proto(result))

    async def AskAssistant(self, request: Any, context: Any) -> AsyncIterator[Any]:  # noqa: N802
        async for event in self._service.ask_assistant(
            caller=current_caller(),
            question=request.question,
            conversation_id=parse_optional_uuid(request.conversation_id, "conversation_id"),
            skill_id=parse_optional_uuid(request.skill_id, "skill_id"),
            session_id=parse_optional_uuid(request.session_id, "session_id"),
        ):
            if event.complete is None:
                yield ai_pb2.AskAssistantResponse(text_delta=event.text)
            else:
                done = event.complete
                yield ai_pb2.AskAssistantResponse(
                    complete=ai_pb2.AnswerComplete(
                        finish_reason=ai_pb2.FINISH_REASON_STOP,
                        model=done["model"],
                        input_tokens=done["input_tokens"],
                        output_tokens=done["output_tokens"],
                        referenced_skill_ids=done["referenced_skill_ids"],
                        conversation_id=done["conversation_id"],
                        fallback=done["fallback"],
                    )
                )

    async def ListAssistantConversations(self, request: Any, context: Any) -> Any:  # noqa: N802
        page = await self._service.list_conversations(
            caller=current_caller(), page_size=request.page_size, page_token=request.page_token
        )
        return ai_pb2.ListAssistantConversationsResponse(
            conversations=[conversation_to_proto(c) for c in page.items], next_page_token=page.next_page_token
        )

    async def GetAssistantConversation(self, request: Any, context: Any) -> Any:  # noqa: N802
        view, turns = await self._service.get_conversation(
            caller=current_caller(), conversation_id=parse_uuid(request.conversation_id, "conversation_id")
        )
        return ai_pb2.GetAssistantConversationResponse(
            conversation=conversation_to_proto(view), turns=[turn_to_proto(t) for t in turns]
        )

    async def DeleteAssistantConversation(self, request: Any, context: Any) -> Any:  # noqa: N802
        await self._service.delete_conversation(
            caller=current_caller(), conversation_id=parse_uuid(request.conversation_id, "conversation_id")
        )
        return ai_pb2.DeleteAssistantConversationResponse()

    async def GetAIBudget(self, request: Any, context: Any) -> Any:  # noqa: N802
        budgets = await self._service.get_budget(caller=current_caller())
        return ai_pb2.GetAIBudgetResponse(budgets=[budget_to_proto(b) for b in budgets], model=self._service.model)
