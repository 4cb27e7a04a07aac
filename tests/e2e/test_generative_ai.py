"""AIService end to end with the offline provider (the default): every RPC's answers and failure codes over
a real gRPC channel to the shared server.

(Named test_generative_ai*, not test_ai*: a file sorting before test_auth*.py that starts the shared server
lets that server's job worker take the auth tests' email jobs, which they read from their own app.)"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

import asyncpg
import grpc
import httpx
import pytest
from skillsphere.ai.v1 import ai_pb2, ai_pb2_grpc
from skillsphere.session.v1 import session_pb2, session_pb2_grpc
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc

from internal.app import Application
from tests.e2e.session_helpers import Member, booked, catalog_skill, member, soon
from tests.e2e.test_grpcweb import frame, grpc_web_headers, unframe
from tests.support.rpc import bad_fields, details, fails
from tests.support.waiting import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")


def ai(channel: grpc.aio.Channel) -> ai_pb2_grpc.AIServiceStub:
    return ai_pb2_grpc.AIServiceStub(channel)


async def holds(channel: grpc.aio.Channel, who: Member, skill_id: str, level: int, kind: str = "offered") -> None:
    """`who` adds a skill to their profile."""
    await skill_pb2_grpc.SkillServiceStub(channel).AddUserSkill(
        skill_pb2.AddUserSkillRequest(
            user_id=who.id,
            skill_id=skill_id,
            kind=skill_pb2.USER_SKILL_KIND_OFFERED if kind == "offered" else skill_pb2.USER_SKILL_KIND_WANTED,
            proficiency=level,  # type: ignore[arg-type]
        ),
        metadata=who.metadata,
    )


async def offered_skills(channel: grpc.aio.Channel, user_id: str) -> dict[str, int]:
    """Skill id → proficiency of what a member offers."""
    found = await skill_pb2_grpc.SkillServiceStub(channel).ListUserSkills(
        skill_pb2.ListUserSkillsRequest(user_id=user_id, page_size=100)
    )
    return {s.skill_id: int(s.proficiency) for s in found.user_skills if s.kind == skill_pb2.USER_SKILL_KIND_OFFERED}


async def ask(
    channel: grpc.aio.Channel, who: Member, question: str, **fields: str
) -> tuple[list[str], ai_pb2.AnswerComplete]:
    """AskAssistant, collected: the text pieces and the complete event."""
    pieces: list[str] = []
    complete = None
    async for message in ai(channel).AskAssistant(
        ai_pb2.AskAssistantRequest(question=question, **fields), metadata=who.metadata
    ):
        if message.WhichOneof("event") == "text_delta":
            assert complete is None, "a piece after complete"
            pieces.append(message.text_delta)
        else:
            complete = message.complete
    assert complete is not None
    return pieces, complete


# ------------------------------------------------------------------------------------- learning paths


async def test_a_learning_path_puts_prerequisites_first_and_names_real_teachers(
    channel: grpc.aio.Channel, token_for: Callable[..., str], server: Application
) -> None:
    python = await catalog_skill(channel, "Python")
    pandas = await catalog_skill(channel, "pandas")
    teachers = []
    for index in range(3):  # pandas teachers hold Python too: the two are held together
        who = await member(channel, token_for, f"Pandas teacher {index}")
        await holds(channel, who, python, 4)
        await holds(channel, who, pandas, 4 + index % 2)
        teachers.append(who.id)
    for index in range(3):  # more members hold Python than pandas: it is the foundation
        await holds(channel, await member(channel, token_for, f"Pythonista {index}"), python, 3)
    assert server.skills is not None
    await server.skills.refresh_trending()  # the periodic job that recounts holders
    learner = await member(channel, token_for, "Learner")

    response = await ai(channel).GenerateLearningPath(
        ai_pb2.GenerateLearningPathRequest(target_skill_id=pandas, target_level=3, hours_per_week=4),
        metadata=learner.metadata,
    )
    path = response.learning_path
    assert path.target_skill_id == pandas
    assert list(path.steps[0].skill_ids) == [python], path.steps[0]
    assert [list(s.skill_ids) for s in path.steps[-3:]] == [[pandas]] * 3  # levels 1, 2, 3 of pandas
    assert path.total_estimated_hours == sum(s.estimated_hours for s in path.steps)
    assert path.estimated_weeks == -(-path.total_estimated_hours // 4)
    assert [s.position for s in path.steps] == list(range(1, len(path.steps) + 1))
    assert path.model and not path.fallback
    suggested = {t for s in path.steps if pandas in s.skill_ids for t in s.suggested_teacher_user_ids}
    assert suggested and learner.id not in suggested
    for teacher_id in suggested:  # each really teaches pandas at intermediate or above
        assert (await offered_skills(channel, teacher_id)).get(pandas, 0) >= 3


async def test_a_learning_path_starts_from_the_profile_level(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    sql = await catalog_skill(channel, "SQL")
    who = await member(channel, token_for)
    await holds(channel, who, sql, 2)
    path = (
        await ai(channel).GenerateLearningPath(
            ai_pb2.GenerateLearningPathRequest(target_skill_id=sql, target_level=4), metadata=who.metadata
        )
    ).learning_path
    assert [s.title for s in path.steps if sql in s.skill_ids][-2:] == [
        "SQL: reach intermediate level",
        "SQL: reach advanced level",
    ]


async def test_learning_path_rejects_bad_levels_and_unknown_skills(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    who = await member(channel, token_for)
    sql = await catalog_skill(channel, "SQL")
    stub = ai(channel)
    error = await fails(
        stub.GenerateLearningPath(
            ai_pb2.GenerateLearningPathRequest(target_skill_id=sql, target_level=6, hours_per_week=81),
            metadata=who.metadata,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert bad_fields(error) == {"target_level", "hours_per_week"}
    error = await fails(
        stub.GenerateLearningPath(
            ai_pb2.GenerateLearningPathRequest(target_skill_id=sql, current_level=3, target_level=2),
            metadata=who.metadata,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert bad_fields(error) == {"target_level"}
    await fails(
        stub.GenerateLearningPath(
            ai_pb2.GenerateLearningPathRequest(target_skill_id=str(uuid.uuid4())), metadata=who.metadata
        ),
        grpc.StatusCode.NOT_FOUND,
        "SKILL_NOT_FOUND",
    )
    await fails(
        stub.GenerateLearningPath(ai_pb2.GenerateLearningPathRequest(target_skill_id=sql)),
        grpc.StatusCode.UNAUTHENTICATED,
    )


# ------------------------------------------------------------------------------- recommendations, gaps


async def test_recommendations_come_from_the_catalog_with_true_reasons(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    python = await catalog_skill(channel, "Python")
    numpy = await catalog_skill(channel, "NumPy")
    for index in range(2):
        who = await member(channel, token_for, f"Numpy user {index}")
        await holds(channel, who, python, 4)
        await holds(channel, who, numpy, 4)
    learner = await member(channel, token_for)
    await holds(channel, learner, python, 3)
    response = await ai(channel).GetSkillRecommendations(
        ai_pb2.GetSkillRecommendationsRequest(goal="data analysis", max_results=20), metadata=learner.metadata
    )
    ids = [r.skill_id for r in response.recommendations]
    assert python not in ids  # already held
    assert numpy in ids
    numpy_rec = next(r for r in response.recommendations if r.skill_id == numpy)
    assert "Python" in numpy_rec.reason and numpy_rec.skill_name == "NumPy"
    assert any(r.source == ai_pb2.RECOMMENDATION_SOURCE_GOAL for r in response.recommendations)
    scores = [r.score for r in response.recommendations]
    assert scores == sorted(scores, reverse=True)
    excluded = await ai(channel).GetSkillRecommendations(
        ai_pb2.GetSkillRecommendationsRequest(goal="data analysis", max_results=20, exclude_skill_ids=[numpy]),
        metadata=learner.metadata,
    )
    assert numpy not in [r.skill_id for r in excluded.recommendations]


async def test_members_cannot_ask_about_other_members(channel: grpc.aio.Channel, token_for: Callable[..., str]) -> None:
    alice = await member(channel, token_for, "Alice")
    bob = await member(channel, token_for, "Bob")
    stub = ai(channel)
    await fails(
        stub.GetSkillRecommendations(ai_pb2.GetSkillRecommendationsRequest(user_id=bob.id), metadata=alice.metadata),
        grpc.StatusCode.PERMISSION_DENIED,
        "NOT_SELF",
    )
    await fails(
        stub.AnalyzeSkillGap(
            ai_pb2.AnalyzeSkillGapRequest(user_id=bob.id, target_role="Data analyst"), metadata=alice.metadata
        ),
        grpc.StatusCode.PERMISSION_DENIED,
        "NOT_SELF",
    )
    await fails(
        stub.GenerateUserEmbedding(ai_pb2.GenerateUserEmbeddingRequest(user_id=bob.id), metadata=alice.metadata),
        grpc.StatusCode.PERMISSION_DENIED,
        "NOT_SELF",
    )
    admin = await member(channel, token_for, "Admin", roles=("admin",))
    await stub.GetSkillRecommendations(ai_pb2.GetSkillRecommendationsRequest(user_id=bob.id), metadata=admin.metadata)
    await fails(
        stub.GetSkillRecommendations(
            ai_pb2.GetSkillRecommendationsRequest(user_id=str(uuid.uuid4())), metadata=admin.metadata
        ),
        grpc.StatusCode.NOT_FOUND,
        "USER_NOT_FOUND",
    )


async def test_skill_gap_lists_gaps_by_priority_and_strengths(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    sql = await catalog_skill(channel, "SQL")
    stats = await catalog_skill(channel, "Statistics")
    who = await member(channel, token_for)
    await holds(channel, who, sql, 4)
    analysis = (
        await ai(channel).AnalyzeSkillGap(
            ai_pb2.AnalyzeSkillGapRequest(target_skill_ids=[sql, stats]), metadata=who.metadata
        )
    ).analysis
    assert [s.skill_id for s in analysis.strengths] == [sql] and analysis.strengths[0].level == 4
    assert [(g.skill_id, g.current_level, g.required_level) for g in analysis.gaps] == [(stats, 0, 3)]
    assert analysis.gaps[0].priority == ai_pb2.GAP_PRIORITY_HIGH
    assert analysis.readiness_score == pytest.approx(0.5)
    role = (
        await ai(channel).AnalyzeSkillGap(
            ai_pb2.AnalyzeSkillGapRequest(target_role="data analysis"), metadata=who.metadata
        )
    ).analysis
    assert role.target_role == "data analysis" and (role.gaps or role.strengths)
    error = await fails(
        ai(channel).AnalyzeSkillGap(ai_pb2.AnalyzeSkillGapRequest(), metadata=who.metadata),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert bad_fields(error) == {"target_role", "target_skill_ids"}
    await fails(
        ai(channel).AnalyzeSkillGap(
            ai_pb2.AnalyzeSkillGapRequest(target_skill_ids=[str(uuid.uuid4())]), metadata=who.metadata
        ),
        grpc.StatusCode.NOT_FOUND,
        "SKILL_NOT_FOUND",
    )


# ------------------------------------------------------------------------------------- session advice


async def test_session_advice_is_for_participants_only(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    skill = await catalog_skill(channel, "Python")
    teacher = await member(channel, token_for, "Teacher")
    await holds(channel, teacher, skill, 5)
    learner = await member(channel, token_for, "Learner")
    outsider = await member(channel, token_for, "Outsider")
    sessions = session_pb2_grpc.SessionServiceStub(channel)
    session = await booked(sessions, skill, teacher, learner, soon(60 * 24), duration=60)
    stub = ai(channel)
    for who, teaching in ((teacher, True), (learner, False)):
        advice = (
            await stub.GetSessionAdvice(ai_pb2.GetSessionAdviceRequest(session_id=session.id), metadata=who.metadata)
        ).advice
        assert advice.session_id == session.id and advice.phase == ai_pb2.ADVICE_PHASE_PREPARATION
        assert sum(a.duration_minutes for a in advice.agenda) == 60
        assert ("teacher" in advice.summary) is teaching
    await fails(
        stub.GetSessionAdvice(ai_pb2.GetSessionAdviceRequest(session_id=session.id), metadata=outsider.metadata),
        grpc.StatusCode.NOT_FOUND,
        "SESSION_NOT_FOUND",
    )
    admin = await member(channel, token_for, "Admin", roles=("admin",))
    await fails(
        stub.GetSessionAdvice(ai_pb2.GetSessionAdviceRequest(session_id=session.id), metadata=admin.metadata),
        grpc.StatusCode.NOT_FOUND,
        "SESSION_NOT_FOUND",
    )
    await sessions.CancelSession(
        session_pb2.CancelSessionRequest(session_id=session.id, reason=session_pb2.CANCELLATION_REASON_PERSONAL),
        metadata=learner.metadata,
    )
    error = await fails(
        stub.GetSessionAdvice(ai_pb2.GetSessionAdviceRequest(session_id=session.id), metadata=learner.metadata),
        grpc.StatusCode.FAILED_PRECONDITION,
        "SESSION_NOT_ADVISABLE",
    )
    assert details(error)["ErrorInfo"].metadata["status"] == "CANCELLED"


# ------------------------------------------------------------------------------------------ assistant


async def test_the_assistant_streams_in_pieces_and_keeps_the_conversation(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    python = await catalog_skill(channel, "Python")
    who = await member(channel, token_for)
    await holds(channel, who, python, 2)
    stub = ai(channel)
    first_piece_at = complete_at = 0.0
    pieces: list[str] = []
    started = time.perf_counter()
    complete = None
    async for message in stub.AskAssistant(
        ai_pb2.AskAssistantRequest(question="How do I get better at Python?"), metadata=who.metadata
    ):
        if message.WhichOneof("event") == "text_delta":
            first_piece_at = first_piece_at or time.perf_counter() - started
            pieces.append(message.text_delta)
        else:
            complete_at = time.perf_counter() - started
            complete = message.complete
    assert complete is not None and len(pieces) > 1 and first_piece_at <= complete_at
    text = "".join(pieces)
    assert "Python" in text and "cannot answer" in text
    assert python in complete.referenced_skill_ids
    assert complete.output_tokens > 0 and complete.conversation_id
    conversation_id = complete.conversation_id

    _, second = await ask(channel, who, "And what about SQL?", conversation_id=conversation_id)
    assert second.conversation_id == conversation_id
    got = await stub.GetAssistantConversation(
        ai_pb2.GetAssistantConversationRequest(conversation_id=conversation_id), metadata=who.metadata
    )
    assert got.conversation.turn_count == 4
    assert [t.role for t in got.turns] == [ai_pb2.ASSISTANT_ROLE_USER, ai_pb2.ASSISTANT_ROLE_ASSISTANT] * 2
    assert got.turns[0].text == "How do I get better at Python?" and got.turns[1].text == text
    listed = await stub.ListAssistantConversations(ai_pb2.ListAssistantConversationsRequest(), metadata=who.metadata)
    assert [c.conversation_id for c in listed.conversations] == [conversation_id]

    other = await member(channel, token_for, "Other")
    for call in (
        stub.GetAssistantConversation(
            ai_pb2.GetAssistantConversationRequest(conversation_id=conversation_id), metadata=other.metadata
        ),
        stub.DeleteAssistantConversation(
            ai_pb2.DeleteAssistantConversationRequest(conversation_id=conversation_id), metadata=other.metadata
        ),
        ask(channel, other, "continue", conversation_id=conversation_id),
    ):
        await fails(call, grpc.StatusCode.NOT_FOUND, "CONVERSATION_NOT_FOUND")
    assert (
        await stub.ListAssistantConversations(ai_pb2.ListAssistantConversationsRequest(), metadata=other.metadata)
    ).conversations == []

    await stub.DeleteAssistantConversation(
        ai_pb2.DeleteAssistantConversationRequest(conversation_id=conversation_id), metadata=who.metadata
    )
    await fails(
        stub.GetAssistantConversation(
            ai_pb2.GetAssistantConversationRequest(conversation_id=conversation_id), metadata=who.metadata
        ),
        grpc.StatusCode.NOT_FOUND,
        "CONVERSATION_NOT_FOUND",
    )


async def test_the_assistant_rejects_bad_questions_and_foreign_sessions(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    who = await member(channel, token_for)
    error = await fails(ask(channel, who, "x" * 4001), grpc.StatusCode.INVALID_ARGUMENT)
    assert bad_fields(error) == {"question"}
    await fails(ask(channel, who, ""), grpc.StatusCode.INVALID_ARGUMENT)
    await fails(
        ask(channel, who, "about this", skill_id=str(uuid.uuid4())), grpc.StatusCode.NOT_FOUND, "SKILL_NOT_FOUND"
    )
    await fails(
        ask(channel, who, "about this", session_id=str(uuid.uuid4())), grpc.StatusCode.NOT_FOUND, "SESSION_NOT_FOUND"
    )


# ------------------------------------------------------------------------------- embeddings and budget


async def test_embeddings_give_members_a_status_and_admins_the_vector(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    python = await catalog_skill(channel, "Python")
    who = await member(channel, token_for)
    stub = ai(channel)
    await holds(channel, who, python, 3)
    mine = await stub.GenerateUserEmbedding(ai_pb2.GenerateUserEmbeddingRequest(), metadata=who.metadata)
    assert mine.user_id == who.id and mine.embedding.dimension == 256 and list(mine.embedding.values) == []
    assert mine.status in (ai_pb2.EMBEDDING_STATUS_CURRENT, ai_pb2.EMBEDDING_STATUS_COMPUTED)
    assert mine.embedding.model.startswith("wordllama")
    admin = await member(channel, token_for, "Admin", roles=("admin",))
    theirs = await stub.GenerateUserEmbedding(
        ai_pb2.GenerateUserEmbeddingRequest(user_id=who.id), metadata=admin.metadata
    )
    assert len(theirs.embedding.values) == 256 and theirs.status == ai_pb2.EMBEDDING_STATUS_CURRENT
    skill = await stub.GenerateSkillEmbedding(
        ai_pb2.GenerateSkillEmbeddingRequest(skill_id=python), metadata=admin.metadata
    )
    assert len(skill.embedding.values) == 256 and skill.skill_id == python
    await fails(
        stub.GenerateSkillEmbedding(ai_pb2.GenerateSkillEmbeddingRequest(skill_id=python), metadata=who.metadata),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await fails(
        stub.GenerateSkillEmbedding(
            ai_pb2.GenerateSkillEmbeddingRequest(skill_id=str(uuid.uuid4())), metadata=admin.metadata
        ),
        grpc.StatusCode.NOT_FOUND,
        "SKILL_NOT_FOUND",
    )


async def test_the_budget_reports_what_each_call_used(channel: grpc.aio.Channel, token_for: Callable[..., str]) -> None:
    who = await member(channel, token_for)
    stub = ai(channel)
    before = await stub.GetAIBudget(ai_pb2.GetAIBudgetRequest(), metadata=who.metadata)
    by_class = {b.rpc_class: b for b in before.budgets}
    assert set(by_class) == {
        ai_pb2.AI_RPC_CLASS_GENERATION,
        ai_pb2.AI_RPC_CLASS_ASSISTANT,
        ai_pb2.AI_RPC_CLASS_EMBEDDING,
    }
    assert by_class[ai_pb2.AI_RPC_CLASS_ASSISTANT].requests_used == 0
    await ask(channel, who, "What is SQL?")
    after = {
        b.rpc_class: b for b in (await stub.GetAIBudget(ai_pb2.GetAIBudgetRequest(), metadata=who.metadata)).budgets
    }
    assistant = after[ai_pb2.AI_RPC_CLASS_ASSISTANT]
    assert assistant.requests_used == 1 and assistant.tokens_used > 0
    assert assistant.requests_limit == 100
    assert timedelta(0) < assistant.reset_time.ToDatetime() - before.budgets[0].reset_time.ToDatetime() + timedelta(
        days=1
    )


async def test_the_same_question_is_answered_from_the_shared_cache(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    sql = await catalog_skill(channel, "SQL")
    who = await member(channel, token_for)
    stub = ai(channel)
    request = ai_pb2.AnalyzeSkillGapRequest(target_skill_ids=[sql])
    first = (await stub.AnalyzeSkillGap(request, metadata=who.metadata)).analysis
    second = (await stub.AnalyzeSkillGap(request, metadata=who.metadata)).analysis
    assert second.generate_time == first.generate_time  # the stored answer, not a new one
    await holds(channel, who, sql, 4)  # new facts → a new digest → a new answer
    third = (await stub.AnalyzeSkillGap(request, metadata=who.metadata)).analysis
    assert [s.skill_id for s in third.strengths] == [sql]
    await asyncio.sleep(0)


async def test_tokens_and_cost_are_exported_by_model_and_rpc(
    channel: grpc.aio.Channel, token_for: Callable[..., str], http_base: str
) -> None:
    who = await member(channel, token_for)
    _, complete = await ask(channel, who, "Where do I start with SQL?")
    async with httpx.AsyncClient(base_url=http_base) as client:
        text = (await client.get("/metrics")).text
    labels = f'model="{complete.model}",rpc="AskAssistant"'
    assert (
        f'ai_tokens_total{{direction="output",{labels}}}' in text
        or f'ai_tokens_total{{{labels},direction="output"}}' in text
    )
    assert "ai_cost_usd_total{" in text and "ai_assistant_first_piece_seconds_count" in text


async def test_the_assistant_streams_over_grpc_web(
    channel: grpc.aio.Channel, token_for: Callable[..., str], http_base: str
) -> None:
    who = await member(channel, token_for)
    request = ai_pb2.AskAssistantRequest(question="What is SQL used for?").SerializeToString()
    async with (
        httpx.AsyncClient(base_url=http_base) as client,
        client.stream(
            "POST",
            "/skillsphere.ai.v1.AIService/AskAssistant",
            content=frame(request),
            headers=grpc_web_headers(authorization=dict(who.metadata)["authorization"]),
        ) as response,
    ):
        assert response.status_code == 200
        body = b"".join([chunk async for chunk in response.aiter_bytes()])
    messages, trailers = unframe(body)
    events = [ai_pb2.AskAssistantResponse.FromString(m) for m in messages]
    assert trailers.get("grpc-status") == "0"
    assert len(events) > 2 and all(e.WhichOneof("event") == "text_delta" for e in events[:-1])
    assert events[-1].WhichOneof("event") == "complete" and events[-1].complete.conversation_id


async def test_recommendations_include_what_similar_members_are_learning(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    git, docker, terraform = [await catalog_skill(channel, name) for name in ("Git", "Docker", "Terraform")]
    for index in range(2):
        peer = await member(channel, token_for, f"Ops peer {index}")
        await holds(channel, peer, git, 4)
        await holds(channel, peer, docker, 4)
        await holds(channel, peer, terraform, 1, kind="wanted")
    learner = await member(channel, token_for, "Ops learner")
    await holds(channel, learner, git, 4)
    await holds(channel, learner, docker, 3)
    admin = await member(channel, token_for, "Admin", roles=("admin",))  # polls within an admin's budget

    async def peer_recommendation() -> ai_pb2.SkillRecommendation | None:
        response = await ai(channel).GetSkillRecommendations(
            ai_pb2.GetSkillRecommendationsRequest(user_id=learner.id, max_results=50), metadata=admin.metadata
        )
        return next(
            (
                r
                for r in response.recommendations
                if r.skill_id == terraform and r.source == ai_pb2.RECOMMENDATION_SOURCE_SIMILAR_MEMBERS
            ),
            None,
        )

    # Matching projects members by a job; until it has, the recommendation has no peers to draw on.
    found = await eventually(
        peer_recommendation, interval=0.5, message="no SIMILAR_MEMBERS recommendation of Terraform"
    )
    assert "with skills like yours" in found.reason and "learning Terraform" in found.reason


async def test_conversations_page_and_fill_up(channel: grpc.aio.Channel, token_for: Callable[..., str]) -> None:
    who = await member(channel, token_for)
    stub = ai(channel)
    _, first = await ask(channel, who, "What is Git?")
    _, second = await ask(channel, who, "What is Docker?")
    page = await stub.ListAssistantConversations(
        ai_pb2.ListAssistantConversationsRequest(page_size=1), metadata=who.metadata
    )
    assert [c.conversation_id for c in page.conversations] == [second.conversation_id] and page.next_page_token
    rest = await stub.ListAssistantConversations(
        ai_pb2.ListAssistantConversationsRequest(page_size=1, page_token=page.next_page_token), metadata=who.metadata
    )
    assert [c.conversation_id for c in rest.conversations] == [first.conversation_id]
    assert rest.conversations[0].title == "What is Git?"
    error = await fails(
        stub.ListAssistantConversations(ai_pb2.ListAssistantConversationsRequest(page_size=-1), metadata=who.metadata),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert bad_fields(error) == {"page_size"}
    for index in range(24):  # 25 questions and answers: 50 turns, the most a conversation holds
        await ask(channel, who, f"Question {index}", conversation_id=first.conversation_id)
    await fails(
        ask(channel, who, "One too many", conversation_id=first.conversation_id),
        grpc.StatusCode.FAILED_PRECONDITION,
        "CONVERSATION_FULL",
    )
    got = await stub.GetAssistantConversation(
        ai_pb2.GetAssistantConversationRequest(conversation_id=first.conversation_id), metadata=who.metadata
    )
    assert got.conversation.turn_count == 50 and len(got.turns) == 50


async def test_the_purge_drops_old_conversations_and_expired_answers(
    channel: grpc.aio.Channel, token_for: Callable[..., str], server: Application, database_url: str
) -> None:
    who = await member(channel, token_for)
    _, old = await ask(channel, who, "What is Git?")
    _, recent = await ask(channel, who, "What is Docker?")
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "UPDATE ai_conversations SET updated_at = now() - interval '91 days' WHERE id = $1",
            uuid.UUID(old.conversation_id),
        )
        await conn.execute("UPDATE ai_answer_cache SET expires_at = now() - interval '1 second'")
        assert server.ai is not None
        answers, _, conversations = await server.ai.purge()  # what the hourly ai.purge job runs
        assert conversations >= 1 and answers >= 0
        assert await conn.fetchval("SELECT count(*) FROM ai_answer_cache WHERE expires_at <= now()") == 0
        assert (
            await conn.fetchval(
                "SELECT count(*) FROM ai_turns WHERE conversation_id = $1", uuid.UUID(old.conversation_id)
            )
            == 0
        )
    finally:
        await conn.close()
    listed = await ai(channel).ListAssistantConversations(
        ai_pb2.ListAssistantConversationsRequest(), metadata=who.metadata
    )
    assert [c.conversation_id for c in listed.conversations] == [recent.conversation_id]
