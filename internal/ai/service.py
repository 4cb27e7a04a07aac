"""AIService use cases: embeddings (status for members, vectors for admins), skill recommendations,
learning paths, session advice, skill-gap analysis and the streamed assistant with server-held
conversations, within per-member daily budgets.

Design notes:

- Facts first: every generation RPC gathers what SkillSphere knows (the catalog through SkillService, the
  member's skills and levels through the user directory, related skills by co-occurrence and embeddings,
  real teachers through ListUsers) and the offline planner (planner.py) turns them into an answer. That
  answer is the default provider's, and the draft and fallback of the Gemini provider: Gemini may reword
  and reorder it, and every id in its answer is checked against the facts (grounding). An unparsable or
  ungrounded answer is retried once, then the offline answer is returned with `fallback` set.
- Budgets are counted in `ai_usage` in their own transaction before any work, so every replica sees the
  same counts; tokens are added after the call. Answers are cached in `ai_answer_cache` by a digest of the
  facts, the request and the model, shared by every replica, for `ai_cache_ttl_seconds`.
- Provider calls never happen inside a database transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from pydantic import BaseModel, ValidationError
from skillsphere.ai.v1.error_reason import ErrorReason
from skillsphere.session.v1.error_reason import ErrorReason as SessionReason

from internal.ai import planner
from internal.ai.gemini import GeminiAI, ProviderRateLimited, ProviderTimeout, Usage
from internal.ai.models import (
    CONTEXT_TURNS,
    LEVEL_MAX,
    TITLE_MAX,
    TURNS_MAX,
    AssistantEvent,
    Budget,
    Conversation,
    ConversationView,
    EmbeddingView,
    Generated,
    RpcClass,
    Turn,
    TurnView,
)
from internal.ai.planner import MemberFacts, Related, SkillFact
from internal.ai.ports import Catalog, MemberEmbeddings, Members, Sessions, SimilarMembers, Teachers
from internal.ai.repository import AIRepository
from internal.ai.schemas import SCHEMAS, ground
from internal.members import member_not_found
from pkg.authz import ADMIN, Caller
from pkg.db import UnitOfWorkFactory
from pkg.errors import (
    DomainError,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unavailable,
)
from pkg.llm import LLMError
from pkg.log import get_logger
from pkg.pagination import Page, Paginator

log = get_logger("ai")

__all__ = ["AIService", "AIBudgets", "RpcClass"]

ADMIN_MULTIPLIER = 10
RECOMMENDATIONS_DEFAULT = 10
DEFAULT_TARGET_LEVEL = 3
DEFAULT_HOURS_PER_WEEK = 5
ROLE_SKILLS = 6
NAME_INDEX_SECONDS = 300.0
SIMILAR_MEMBERS = 20
PEER_SKILLS = 5
TEACHERS_PER_STEP = 3
# Estimated price per million tokens in US dollars (input, output), for the cost metric; docs/ai.md.
PRICES = {"gemini-2.5-flash": (0.30, 2.50), "gemini-2.5-pro": (1.25, 10.0)}
ADVISABLE = {"requested", "confirmed", "in_progress", "completed"}


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AIBudgets:
    """Daily limits per member and RPC class (admins get ADMIN_MULTIPLIER times as much)."""

    generation_requests: int = 50
    assistant_requests: int = 100
    embedding_requests: int = 20
    tokens: int = 200_000
    cache_ttl_seconds: float = 600.0
    conversation_retention_days: int = 90

    def requests(self, rpc_class: RpcClass) -> int:
        """Requests per day of one class."""
        return {
            RpcClass.GENERATION: self.generation_requests,
            RpcClass.ASSISTANT: self.assistant_requests,
            RpcClass.EMBEDDING: self.embedding_requests,
        }[rpc_class]


class AIMetrics:
    """Prometheus metrics of AIService: tokens and estimated cost by model and RPC, answers by outcome."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.tokens = Counter(
            "ai_tokens_total",
            "Model tokens by model, RPC and direction (input/output).",
            ("model", "rpc", "direction"),
            registry=registry,
        )
        self.cost = Counter(
            "ai_cost_usd_total", "Estimated model cost in US dollars by model and RPC.", ("model", "rpc"),
            registry=registry,
        )  # fmt: skip
        self.answers = Counter(
            "ai_answers_total",
            "AI answers by RPC, model and outcome (generated, cached, fallback).",
            ("rpc", "model", "outcome"),
            registry=registry,
        )
        self.first_piece = Histogram(
            "ai_assistant_first_piece_seconds", "Time to the first streamed piece of an assistant answer.",
            ("model",), registry=registry,
        )  # fmt: skip


def _not_self() -> PermissionDenied:
    return PermissionDenied("Only admins may ask about another member.", reason=ErrorReason.NOT_SELF)


def _conversation_not_found(conversation_id: uuid.UUID) -> NotFound:
    return NotFound(
        "No such assistant conversation.",
        reason=ErrorReason.CONVERSATION_NOT_FOUND,
        metadata={"conversation_id": str(conversation_id)},
    )


def _next_midnight(now: datetime) -> datetime:
    return datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)


def _fact(skill: Any, categories: Mapping[uuid.UUID, str]) -> SkillFact:
    return SkillFact(
        id=str(skill.id),
        name=skill.name,
        category=categories.get(skill.category_id, ""),
        description=(skill.description or "")[:300],
        teachers=int(skill.offered_user_count),
        learners=int(skill.wanted_user_count),
    )


def _digest(rpc: str, model: str, inputs: dict[str, Any]) -> str:
    canonical = json.dumps({"rpc": rpc, "model": model, "inputs": inputs}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class AIService:
    """The use cases of skillsphere.ai.v1.AIService."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        catalog: Catalog,
        members: Members,
        member_embeddings: MemberEmbeddings,
        teachers: Teachers,
        sessions: Sessions,
        similar: SimilarMembers,
        budgets: AIBudgets,
        registry: CollectorRegistry,
        gemini: GeminiAI | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._catalog = catalog
        self._members = members
        self._member_embeddings = member_embeddings
        self._teachers = teachers
        self._sessions = sessions
        self._similar = similar
        self._budgets = budgets
        self._gemini = gemini
        self._metrics = AIMetrics(registry)
        self._now = clock
        self._names: tuple[float, dict[str, Any]] | None = None

    @property
    def model(self) -> str:
        """Name of the model the generation RPCs use."""
        return self._gemini.model if self._gemini else planner.OFFLINE_MODEL

    # ======================================================================================== budgets

    async def _take(self, caller: Caller, rpc_class: RpcClass) -> None:
        """Count one request against the caller's daily budget, or RESOURCE_EXHAUSTED (BUDGET_EXHAUSTED)."""
        user_id = caller.require_signed_in()
        factor = ADMIN_MULTIPLIER if caller.is_admin else 1
        now = self._now()
        # The offline provider's tokens are estimates that cost nothing: counted, not limited.
        tokens_limit = self._budgets.tokens * factor if self._gemini else None
        async with self._uow() as uow:
            taken, which = await AIRepository(uow.session).take_request(
                user_id,
                now.date(),
                rpc_class.value,
                requests_limit=self._budgets.requests(rpc_class) * factor,
                tokens_limit=tokens_limit,
            )
            await uow.commit()
        if not taken:
            retry = (_next_midnight(now) - now).total_seconds()
            raise ResourceExhausted(
                f"Your daily AI budget ({which}) for {rpc_class.value} is spent; it resets at midnight UTC.",
                retry_after=retry,
                reason=ErrorReason.BUDGET_EXHAUSTED,
                metadata={"rpc_class": rpc_class.value, "limit": which},
            )

    async def _record(self, caller: Caller, rpc_class: RpcClass, rpc: str, model: str, usage: Usage) -> None:
        """Tokens and estimated cost of one call: metrics, and the member's daily sum."""
        price = PRICES.get(model, (0.0, 0.0))
        cost = (usage.input_tokens * price[0] + usage.output_tokens * price[1]) / 1_000_000
        self._metrics.tokens.labels(model, rpc, "input").inc(usage.input_tokens)
        self._metrics.tokens.labels(model, rpc, "output").inc(usage.output_tokens)
        self._metrics.cost.labels(model, rpc).inc(cost)
        user_id = caller.require_signed_in()
        async with self._uow() as uow:
            await AIRepository(uow.session).add_tokens(
                user_id,
                self._now().date(),
                rpc_class.value,
                usage.input_tokens + usage.output_tokens,
                round(cost * 1_000_000),
            )
            await uow.commit()

    async def get_budget(self, *, caller: Caller) -> list[Budget]:
        """The caller's budgets for today."""
        user_id = caller.require_signed_in()
        now = self._now()
        factor = ADMIN_MULTIPLIER if caller.is_admin else 1
        async with self._uow() as uow:
            usage = await AIRepository(uow.session).usage(user_id, now.date())
            await uow.commit()
        budgets = []
        for rpc_class in RpcClass:
            row = usage.get(rpc_class.value)
            budgets.append(
                Budget(
                    rpc_class=rpc_class,
                    requests_limit=self._budgets.requests(rpc_class) * factor,
                    requests_used=row.requests if row else 0,
                    tokens_limit=self._budgets.tokens * factor,
                    tokens_used=row.tokens if row else 0,
                    reset_time=_next_midnight(now),
                )
            )
        return budgets

    # ==================================================================================== embeddings

    async def generate_skill_embedding(
        self, *, caller: Caller, skill_id: uuid.UUID, force_refresh: bool
    ) -> EmbeddingView:
        """A catalog skill's embedding (admins); computed by the skill domain when missing or stale."""
        caller.require_role(ADMIN)
        await self._catalog.get_skill(caller=caller, skill_id=skill_id)
        await self._take(caller, RpcClass.EMBEDDING)
        before = await self._catalog.skill_embedding(skill_id)
        # The skill domain re-embeds only what is missing or stale (text or model changed); force_refresh
        # cannot make it recompute an identical vector, so it only skips nothing.
        computed = await self._provider_call(self._catalog.embed_skills([skill_id]))
        stored = await self._catalog.skill_embedding(skill_id)
        computed = computed or int(before is None)
        if stored is None:
            raise FailedPrecondition("The skill has nothing to embed.", reason=ErrorReason.NOTHING_TO_EMBED)
        return EmbeddingView(
            subject_id=skill_id,
            values=stored.values,
            dimension=len(stored.values),
            model=stored.model,
            computed_at=stored.embedded_at,
            cached=computed == 0,
        )

    async def generate_user_embedding(
        self, *, caller: Caller, user_id: uuid.UUID | None, force_refresh: bool
    ) -> EmbeddingView:
        """A member's profile embedding: values for admins, status for the member themselves."""
        target = await self._subject(caller, user_id)
        await self._take(caller, RpcClass.EMBEDDING)
        computed = await self._provider_call(self._member_embeddings.embed_users([target]))
        snapshot = (await self._members.member_snapshots([target])).get(target)
        if snapshot is None or not snapshot.live:
            raise member_not_found(target)
        if snapshot.embedding is None:
            raise FailedPrecondition("The profile has no text or skills to embed.", reason=ErrorReason.NOTHING_TO_EMBED)
        values = [float(v) for v in snapshot.embedding]
        return EmbeddingView(
            subject_id=target,
            values=values if caller.is_admin else [],
            dimension=len(values),
            model=snapshot.embedding_model or "",
            computed_at=snapshot.update_time,
            cached=computed == 0,
        )

    # ================================================================================ generation RPCs

    async def get_skill_recommendations(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID | None,
        goal: str,
        max_results: int,
        category_ids: Sequence[uuid.UUID],
        exclude_skill_ids: Sequence[uuid.UUID],
    ) -> Generated:
        """Catalog skills the member could learn next, each with a reason true of the data."""
        target = await self._subject(caller, user_id)
        await self._take(caller, RpcClass.GENERATION)
        member = await self._member_facts(target)
        categories = await self._catalog.category_names()
        related: dict[str, list[Related]] = {}
        for skill_id in sorted(member.levels)[:10]:
            with contextlib.suppress(NotFound):
                items = await self._catalog.get_related_skills(skill_id=uuid.UUID(skill_id), limit=8)
                related[skill_id] = [Related(_fact(r.skill, categories), r.score, r.reason.value) for r in items]
        goal_hits: list[SkillFact] = []
        if goal.strip():
            found = await self._catalog.search_skills(query=goal, category_id=None, tags=(), page_size=5, page_token="")
            goal_hits = [_fact(hit.skill, categories) for hit in found.items]
        trending = await self._trending(categories)
        peers = await self._peer_skills(caller, target, member, categories)
        wanted_categories = {categories.get(c, "") for c in category_ids} if category_ids else None
        limit = max_results or RECOMMENDATIONS_DEFAULT
        profile = (await self._members.member_snapshots([target])).get(target)
        facts = {
            # Member-written text is data for the model (see gemini.py), never part of its instructions.
            "profile": {"headline": profile.headline, "bio": profile.bio} if profile else {},
            "member": member.__dict__ | {"wanted": sorted(member.wanted)},
            "related": {k: [(r.skill.__dict__, r.score, r.why) for r in v] for k, v in related.items()},
            "goal_hits": [s.__dict__ for s in goal_hits],
            "trending": [s.__dict__ for s in trending],
            "peers": [(s.__dict__, count) for s, count in peers],
            "exclude": sorted(str(s) for s in exclude_skill_ids),
            "categories": sorted(wanted_categories) if wanted_categories is not None else None,
            "limit": limit,
            "goal": goal,
        }
        draft = planner.recommend(
            member=member,
            related=related,
            goal_hits=goal_hits,
            trending=trending,
            peers=peers,
            exclude={str(s) for s in exclude_skill_ids},
            categories=wanted_categories,
            limit=limit,
        )
        allowed = {s.id for s in goal_hits} | {s.id for s in trending} | {s.id for s, _ in peers}
        allowed |= {r.skill.id for items in related.values() for r in items}
        return await self._generate(caller, "GetSkillRecommendations", facts, draft, {"skill_ids": allowed})

    async def generate_learning_path(
        self,
        *,
        caller: Caller,
        target_skill_id: uuid.UUID,
        current_level: int | None,
        target_level: int,
        hours_per_week: int,
        goal: str,
    ) -> Generated:
        """A plan to reach `target_level` in a skill: prerequisites first, then one step per level."""
        user_id = caller.require_signed_in()
        target_level = target_level or DEFAULT_TARGET_LEVEL
        hours_per_week = hours_per_week or DEFAULT_HOURS_PER_WEEK
        if current_level is not None and not 0 <= current_level <= LEVEL_MAX:
            raise InvalidArgument(field="current_level", description="must be between 0 and 5")
        skill = await self._catalog.get_skill(caller=caller, skill_id=target_skill_id)
        member = await self._member_facts(user_id)
        level = current_level if current_level is not None else member.levels.get(str(target_skill_id), 0)
        if target_level <= level:
            raise InvalidArgument(field="target_level", description=f"must be above the current level ({level})")
        await self._take(caller, RpcClass.GENERATION)
        categories = await self._catalog.category_names()
        target = _fact(skill, categories)
        related = [
            Related(_fact(r.skill, categories), r.score, r.reason.value)
            for r in await self._catalog.get_related_skills(skill_id=target_skill_id, limit=10)
        ]
        before = planner.prerequisites(target, related, member)
        wanted: list[tuple[str, int]] = [(item.skill.id, planner.TEACHING_LEVEL) for item in before]
        wanted += [(target.id, max(planner.TEACHING_LEVEL, lvl)) for lvl in range(level + 1, target_level + 1)]
        teachers: dict[tuple[str, int], list[str]] = {}
        for skill_id, min_level in dict.fromkeys(wanted):
            found = await self._teachers.teachers_of(
                caller=caller, skill_id=uuid.UUID(skill_id), min_level=min_level, limit=TEACHERS_PER_STEP
            )
            teachers[(skill_id, min_level)] = [str(t) for t in found]
        facts = {
            "target": target.__dict__,
            "member_levels": member.levels,
            "current_level": level,
            "target_level": target_level,
            "hours_per_week": hours_per_week,
            "goal": goal,
            "prerequisites": [(r.skill.__dict__, r.score, r.why) for r in before],
            "teachers": {f"{k[0]}:{k[1]}": v for k, v in teachers.items()},
        }
        draft = planner.learning_path(
            target=target,
            current_level=level,
            target_level=target_level,
            hours_per_week=hours_per_week,
            goal=goal,
            before=before,
            teachers=teachers,
        )
        allowed_skills = {target.id} | {r.skill.id for r in before}
        allowed_teachers = {t for found in teachers.values() for t in found}
        return await self._generate(
            caller,
            "GenerateLearningPath",
            facts,
            draft,
            {"skill_ids": allowed_skills, "teacher_ids": allowed_teachers, "hours_per_week": hours_per_week},
        )

    async def analyze_skill_gap(
        self, *, caller: Caller, user_id: uuid.UUID | None, target_role: str, target_skill_ids: Sequence[uuid.UUID]
    ) -> Generated:
        """The member's levels against a role's or a set of skills' needs."""
        role = " ".join(target_role.split())
        if not role and not target_skill_ids:
            raise InvalidArgument(
                violations=[
                    FieldViolation("target_role", "give target_role or target_skill_ids"),
                    FieldViolation("target_skill_ids", "give target_role or target_skill_ids"),
                ]
            )
        target = await self._subject(caller, user_id)
        categories = await self._catalog.category_names()
        required: list[tuple[SkillFact, int, bool]] = []
        seen: set[str] = set()
        for skill_id in dict.fromkeys(target_skill_ids):
            skill = await self._catalog.get_skill(caller=caller, skill_id=skill_id)
            required.append((_fact(skill, categories), DEFAULT_TARGET_LEVEL, True))
            seen.add(str(skill_id))
        await self._take(caller, RpcClass.GENERATION)
        if role:
            hits = await self._catalog.search_skills(
                query=role, category_id=None, tags=(), page_size=ROLE_SKILLS, page_token=""
            )
            for rank, hit in enumerate(hits.items):
                if str(hit.skill.id) not in seen:
                    seen.add(str(hit.skill.id))
                    required.append((_fact(hit.skill, categories), DEFAULT_TARGET_LEVEL, rank < 3))
        member = await self._member_facts(target)
        facts = {
            "member": member.levels,
            "role": role,
            "required": [(s.__dict__, lvl, essential) for s, lvl, essential in required],
        }
        draft = planner.skill_gap(member=member, target_role=role, required=required)
        allowed = {s.id for s, _, _ in required}
        return await self._generate(caller, "AnalyzeSkillGap", facts, draft, {"skill_ids": allowed})

    async def get_session_advice(self, *, caller: Caller, session_id: uuid.UUID) -> Generated:
        """Preparation or follow-up advice for the caller, a participant of the session."""
        user_id = caller.require_signed_in()
        try:
            view = await self._sessions.get_session(caller=caller, session_id=session_id)
        except NotFound:
            raise
        session = view.session
        if user_id not in (session.teacher_id, session.learner_id):  # admins see sessions, advice is personal
            raise NotFound(
                "No such session.", reason=SessionReason.SESSION_NOT_FOUND, metadata={"session_id": str(session_id)}
            )
        if session.status not in ADVISABLE:
            raise FailedPrecondition(
                f"There is no advice for a {session.status} session.",
                reason=ErrorReason.SESSION_NOT_ADVISABLE,
                metadata={"status": session.status.upper()},
            )
        await self._take(caller, RpcClass.GENERATION)
        categories = await self._catalog.category_names()
        try:
            skill_fact = _fact(await self._catalog.get_skill(caller=caller, skill_id=session.skill_id), categories)
        except NotFound:  # the skill left the catalog after booking: the session's title stands in for it
            skill_fact = SkillFact(id=str(session.skill_id), name=session.title, category="")
        teaching = user_id == session.teacher_id
        counterpart = session.learner_id if teaching else session.teacher_id
        other = await self._member_facts(counterpart)
        phase = "follow_up" if session.status == "completed" else "preparation"
        facts = {
            "session": str(session.id),
            "phase": phase,
            "teaching": teaching,
            "skill": skill_fact.__dict__,
            "title": session.title,
            "duration": session.duration_minutes,
            "counterpart_level": other.levels.get(skill_fact.id, 0),
        }
        draft = planner.session_advice(
            session_id=str(session.id),
            phase=phase,
            teaching=teaching,
            skill=skill_fact,
            title=session.title,
            duration_minutes=session.duration_minutes,
            counterpart_level=other.levels.get(skill_fact.id, 0),
        )
        return await self._generate(
            caller, "GetSessionAdvice", facts, draft, {"session_id": str(session.id), "skill_ids": set()}
        )

    # ======================================================================================= assistant

    async def ask_assistant(
        self,
        *,
        caller: Caller,
        question: str,
        conversation_id: uuid.UUID | None,
        skill_id: uuid.UUID | None,
        session_id: uuid.UUID | None,
    ) -> AsyncIterator[AssistantEvent]:
        """The answer as pieces, then a complete event; the question and answer are stored when it completes."""
        user_id = caller.require_signed_in()
        text = question.strip()
        if not text:
            raise InvalidArgument(field="question", description="must not be blank")
        history: list[tuple[str, str]] = []
        if conversation_id is not None:
            async with self._uow() as uow:
                repo = AIRepository(uow.session)
                found = await repo.conversation(conversation_id)
                if found is None or found.user_id != user_id:
                    raise _conversation_not_found(conversation_id)
                if found.turn_count + 2 > TURNS_MAX:
                    raise FailedPrecondition(
                        f"The conversation has {TURNS_MAX} turns; start a new one.",
                        reason=ErrorReason.CONVERSATION_FULL,
                    )
                history = [(t.role, t.text) for t in await repo.turns(conversation_id, CONTEXT_TURNS)]
                await uow.commit()
        categories = await self._catalog.category_names()
        context_skill = None
        if skill_id is not None:
            context_skill = _fact(await self._catalog.get_skill(caller=caller, skill_id=skill_id), categories)
        upcoming: list[tuple[str, str]] = []
        if session_id is not None:
            view = await self._sessions.get_session(caller=caller, session_id=session_id)
            if user_id not in (view.session.teacher_id, view.session.learner_id):
                raise NotFound(
                    "No such session.",
                    reason=SessionReason.SESSION_NOT_FOUND,
                    metadata={"session_id": str(session_id)},
                )
            upcoming.append((view.session.title, view.session.scheduled_start.isoformat(timespec="minutes")))
        else:
            page = await self._sessions.get_upcoming_sessions(
                caller=caller, within_days=30, include_requested=False, page_size=3, page_token=""
            )
            upcoming += [(v.session.title, v.session.scheduled_start.isoformat(timespec="minutes")) for v in page.items]
        await self._take(caller, RpcClass.ASSISTANT)
        member = await self._member_facts(user_id)
        mentioned = await self._mentioned_skills(text, categories)
        known = {s.id: s for s in ([context_skill] if context_skill else []) + mentioned}
        started = time.perf_counter()
        pieces: list[str] = []
        usage = Usage()
        fallback = False
        model = self.model
        first = True
        if self._gemini is not None:
            data = {
                "question": text,
                "context": {
                    "skills": [s.__dict__ for s in known.values()],
                    "member_skills": {member.names.get(k, k): v for k, v in member.levels.items()},
                    "upcoming_sessions": upcoming,
                },
            }
            try:
                async for piece in self._gemini.stream(data, history, usage):
                    if first:
                        self._metrics.first_piece.labels(model).observe(time.perf_counter() - started)
                        first = False
                    pieces.append(piece)
                    yield AssistantEvent(text=piece)
            except ProviderRateLimited as exc:
                if pieces:
                    raise self._provider_error(exc) from exc
                fallback = True
            except LLMError as exc:
                if pieces:
                    raise self._provider_error(exc) from exc
                fallback = True
                log.warning("ai_assistant_fallback", error=str(exc))
        if self._gemini is None or fallback:
            model = planner.OFFLINE_MODEL
            answer, referenced = planner.assistant_answer(
                question=text,
                mentioned=mentioned,
                context_skill=context_skill,
                member=member,
                upcoming=upcoming,
                teachers={},
            )
            for part in answer:
                for piece in planner.chunk(part):
                    if first:
                        self._metrics.first_piece.labels(model).observe(time.perf_counter() - started)
                        first = False
                    pieces.append(piece)
                    yield AssistantEvent(text=piece)
            usage = Usage(planner.estimate_tokens(text, *(t for _, t in history)), planner.estimate_tokens(*pieces))
        answer_text = "".join(pieces)
        referenced_ids = [s.id for s in known.values() if s.name.lower() in answer_text.lower()]
        stored = await self._store_turns(user_id, conversation_id, text, answer_text, referenced_ids)
        await self._record(caller, RpcClass.ASSISTANT, "AskAssistant", model, usage)
        self._metrics.answers.labels("AskAssistant", model, "fallback" if fallback else "generated").inc()
        yield AssistantEvent(
            complete={
                "model": model,
                "input_tokens": usage.input_tokens,
                "output_tokens": usage.output_tokens,
                "referenced_skill_ids": referenced_ids,
                "conversation_id": str(stored),
                "fallback": fallback,
            }
        )

    async def _store_turns(
        self, user_id: uuid.UUID, conversation_id: uuid.UUID | None, question: str, answer: str, referenced: list[str]
    ) -> uuid.UUID:
        now = self._now()
        async with self._uow() as uow:
            repo = AIRepository(uow.session)
            if conversation_id is None:
                conversation = Conversation(
                    id=uuid.uuid4(), user_id=user_id, title=question[:TITLE_MAX], turn_count=0,
                    created_at=now, updated_at=now,
                )  # fmt: skip
                await repo.add_conversation(conversation)
            else:
                found = await repo.conversation(conversation_id, for_update=True)
                if found is None or found.user_id != user_id:  # deleted while answering
                    raise _conversation_not_found(conversation_id)
                conversation = found
            await repo.add_turns(
                conversation,
                [
                    Turn(
                        conversation_id=conversation.id,
                        role="user",
                        text=question,
                        referenced_skill_ids=[],
                        created_at=now,
                    ),
                    Turn(
                        conversation_id=conversation.id,
                        role="assistant",
                        text=answer,
                        referenced_skill_ids=[uuid.UUID(i) for i in referenced],
                        created_at=now,
                    ),
                ],  # fmt: skip
                now,
            )
            await uow.commit()
        return conversation.id

    async def list_conversations(self, *, caller: Caller, page_size: int, page_token: str) -> Page[ConversationView]:
        """The caller's conversations, most recently active first."""
        user_id = caller.require_signed_in()
        request = self._pages.request(
            page_size=page_size, page_token=page_token, query={"rpc": "ListAssistantConversations", "u": str(user_id)}
        )
        after = request.position(lambda p: (datetime.fromisoformat(p["t"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            rows = await AIRepository(uow.session).list_conversations(user_id, after, request.limit)
            await uow.commit()
        page = request.page(rows, key=lambda c: {"t": c.updated_at.isoformat(), "id": str(c.id)})
        return page.map(lambda c: ConversationView(c.id, c.title, c.turn_count, c.created_at, c.updated_at))

    async def get_conversation(
        self, *, caller: Caller, conversation_id: uuid.UUID
    ) -> tuple[ConversationView, list[TurnView]]:
        """One of the caller's conversations with its turns."""
        user_id = caller.require_signed_in()
        async with self._uow() as uow:
            repo = AIRepository(uow.session)
            found = await repo.conversation(conversation_id)
            if found is None or found.user_id != user_id:
                raise _conversation_not_found(conversation_id)
            turns = await repo.turns(conversation_id, TURNS_MAX)
            await uow.commit()
        view = ConversationView(found.id, found.title, found.turn_count, found.created_at, found.updated_at)
        return view, [TurnView(t.role, t.text, t.created_at, list(t.referenced_skill_ids)) for t in turns]

    async def delete_conversation(self, *, caller: Caller, conversation_id: uuid.UUID) -> None:
        """Delete one of the caller's conversations and its turns."""
        user_id = caller.require_signed_in()
        async with self._uow() as uow:
            repo = AIRepository(uow.session)
            found = await repo.conversation(conversation_id, for_update=True)
            if found is None or found.user_id != user_id:
                raise _conversation_not_found(conversation_id)
            await repo.delete_conversation(conversation_id)
            await uow.commit()
        log.info("ai_conversation_deleted", conversation_id=str(conversation_id))

    # ======================================================================================= upkeep

    async def purge(self) -> tuple[int, int, int]:
        """Delete expired cached answers, usage older than 35 days and conversations past retention."""
        now = self._now()
        async with self._uow() as uow:
            repo = AIRepository(uow.session)
            answers = await repo.purge_answers(now)
            usage = await repo.purge_usage(now.date() - timedelta(days=35))
            conversations = await repo.purge_conversations(
                now - timedelta(days=self._budgets.conversation_retention_days)
            )
            await uow.commit()
        return answers, usage, conversations

    # ====================================================================================== helpers

    async def _subject(self, caller: Caller, user_id: uuid.UUID | None) -> uuid.UUID:
        """The member asked about: the caller, or (admins only) another existing member."""
        caller_id = caller.require_signed_in()
        target = user_id or caller_id
        if target != caller_id and not caller.is_admin:
            raise _not_self()
        if not await self._members.profile_visible(target, caller):
            raise member_not_found(target)
        return target

    async def _member_facts(self, user_id: uuid.UUID) -> MemberFacts:
        snapshot = (await self._members.member_snapshots([user_id])).get(user_id)
        facts = MemberFacts(user_id=str(user_id))
        if snapshot is None:
            return facts
        for skill in snapshot.skills:
            key = str(skill.skill_id)
            facts.names[key] = skill.name
            if skill.kind == "wanted":
                facts.wanted.add(key)
                facts.levels.setdefault(key, 0)
            else:
                facts.levels[key] = max(facts.levels.get(key, 0), int(skill.proficiency))
        return facts

    async def _mentioned_skills(self, text: str, categories: Mapping[uuid.UUID, str]) -> list[SkillFact]:
        """Catalog skills a question names: its words and word pairs that are a skill's name or alias."""
        index = await self._name_index()
        tokens = [w for w in planner.ordered_words(text) if w not in planner.STOPWORDS and len(w) > 1]
        phrases = [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)] + tokens
        found: dict[str, SkillFact] = {}
        for phrase in phrases:
            skill = index.get(phrase)
            if skill is not None:
                found.setdefault(str(skill.id), _fact(skill, categories))
        return list(found.values())[:3]

    async def _peer_skills(
        self, caller: Caller, user_id: uuid.UUID, member: MemberFacts, categories: Mapping[uuid.UUID, str]
    ) -> list[tuple[SkillFact, int]]:
        """Skills that members similar to this one want to learn and this one does not have, by how many."""
        similar = await self._similar.similar_members(caller=caller, user_id=user_id, limit=SIMILAR_MEMBERS)
        if not similar:
            return []
        counts: dict[str, int] = {}
        for snapshot in (await self._members.member_snapshots(similar)).values():
            for skill in snapshot.skills:
                key = str(skill.skill_id)
                if skill.kind == "wanted" and key not in member.levels:
                    counts[key] = counts.get(key, 0) + 1
        by_id = {str(s.id): s for s in (await self._name_index()).values()}
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:PEER_SKILLS]
        return [(_fact(by_id[key], categories), count) for key, count in ranked if key in by_id]

    async def _name_index(self) -> dict[str, Any]:
        """Approved catalog skills by lower-case name and alias, kept in this process for NAME_INDEX_SECONDS
        (a skill renamed meanwhile is matched by its old name until then; nothing else depends on it)."""
        now = time.monotonic()
        if self._names is not None and now - self._names[0] < NAME_INDEX_SECONDS:
            return self._names[1]
        from internal.skill.service import SkillOrder  # noqa: PLC0415 - the value type of the port

        names: dict[str, Any] = {}
        token = ""
        while True:
            page = await self._catalog.list_skills(
                caller=Caller.ANONYMOUS, status=None, category_id=None, tag="", proposer_user_id=None,
                order=SkillOrder.NAME, page_size=100, page_token=token,
            )  # fmt: skip
            for skill in page.items:
                names[skill.name.lower()] = skill
                for alias in skill.aliases:
                    names.setdefault(alias.lower(), skill)
            token = page.next_page_token
            if not token:
                break
        self._names = (now, names)
        return names

    async def _trending(self, categories: Mapping[uuid.UUID, str]) -> list[SkillFact]:
        from internal.skill.service import TrendingWindow  # noqa: PLC0415 - the value type of the port

        ranking = await self._catalog.get_trending_skills(
            category_id=None, window=TrendingWindow.WEEK, page_size=5, page_token=""
        )
        return [_fact(item.skill, categories) for item in ranking.page.items]

    async def _provider_call(self, call: Any) -> Any:
        try:
            return await call
        except LLMError as exc:
            raise self._provider_error(exc) from exc

    @staticmethod
    def _provider_error(exc: Exception) -> DomainError:
        if isinstance(exc, ProviderRateLimited):
            return ResourceExhausted(
                "The model provider is rate-limiting SkillSphere; retry later.",
                retry_after=exc.retry_after,
                reason=ErrorReason.PROVIDER_RATE_LIMITED,
            )
        message = (
            "The model provider did not answer in time."
            if isinstance(exc, ProviderTimeout)
            else ("The model provider is unavailable.")
        )
        return Unavailable(message, retry_after=5.0, reason=ErrorReason.PROVIDER_UNAVAILABLE)

    async def _generate(
        self, caller: Caller, rpc: str, facts: dict[str, Any], draft: dict[str, Any], allowed: dict[str, Any]
    ) -> Generated:
        """The answer for `facts`: from the shared cache, the offline planner, or Gemini grounded on `allowed`."""
        model = self.model
        digest = _digest(rpc, model, facts)
        now = self._now()
        ttl = self._budgets.cache_ttl_seconds
        if ttl > 0:
            async with self._uow() as uow:
                hit = await AIRepository(uow.session).cached(digest, now)
                await uow.commit()
            if hit is not None:
                self._metrics.answers.labels(rpc, model, "cached").inc()
                return Generated(
                    payload=hit.payload["answer"], model=hit.model, generated_at=hit.created_at,
                    fallback=bool(hit.payload.get("fallback")), cached=True,
                )  # fmt: skip
        usage = Usage()
        fallback = False
        if self._gemini is None:
            payload = draft
            usage = Usage(
                planner.estimate_tokens(json.dumps(facts, default=str)), planner.estimate_tokens(json.dumps(draft))
            )
        else:
            payload, usage, fallback = await self._ask_gemini(rpc, facts, draft, allowed)
            if fallback:
                model = planner.OFFLINE_MODEL
        await self._record(caller, RpcClass.GENERATION, rpc, self.model, usage)
        self._metrics.answers.labels(rpc, model, "fallback" if fallback else "generated").inc()
        if ttl > 0:
            async with self._uow() as uow:
                await AIRepository(uow.session).store_answer(
                    digest, rpc, model, {"answer": payload, "fallback": fallback}, now, now + timedelta(seconds=ttl)
                )
                await uow.commit()
        return Generated(payload=payload, model=model, generated_at=now, fallback=fallback,
                         input_tokens=usage.input_tokens, output_tokens=usage.output_tokens)  # fmt: skip

    async def _ask_gemini(
        self, rpc: str, facts: dict[str, Any], draft: dict[str, Any], allowed: dict[str, Any]
    ) -> tuple[dict[str, Any], Usage, bool]:
        assert self._gemini is not None
        schema: type[BaseModel] = SCHEMAS[rpc]
        total = Usage()
        for attempt in (1, 2):
            try:
                text, usage = await self._gemini.structured({"data": facts, "draft": draft}, schema)
            except (ProviderRateLimited, ProviderTimeout) as exc:
                raise self._provider_error(exc) from exc
            except LLMError as exc:
                log.warning("ai_answer_unusable", rpc=rpc, attempt=attempt, error=str(exc))
                continue
            total.input_tokens += usage.input_tokens
            total.output_tokens += usage.output_tokens
            try:
                parsed = schema.model_validate_json(text)
            except ValidationError as exc:
                log.warning("ai_answer_unparsable", rpc=rpc, attempt=attempt, errors=exc.error_count())
                continue
            grounded = ground(rpc, parsed.model_dump(), draft, allowed)
            if grounded is not None:
                return grounded, total, False
            log.warning("ai_answer_ungrounded", rpc=rpc, attempt=attempt)
        return draft, total, True


def ceil_weeks(hours: int, per_week: int) -> int:
    """Calendar weeks for `hours` at `per_week`."""
    return max(1, math.ceil(hours / per_week))


def today() -> date:
    """The current UTC date."""
    return _utcnow().date()
