"""`make bench`, section "AI assistant and answer cache": AskAssistant time to first piece and to the last
with the offline provider, and the answer cache's hit rate on a realistic mix of generation requests.

One in-process `Application` on an embedded PostgreSQL in a scratch directory (job worker off), members
registered through AuthService with a profile and a few catalog skills each, every call over a real gRPC
channel. The mix: members ask for learning paths (target skills drawn Zipf-like from ten popular ones),
skill gaps for one of five roles and recommendations with or without a goal, repeating some as a member
reopening a page would. The hit rate is read from `ai_answers_total{outcome="cached"}`.

`python -m bench.run --only ai [--ai-members N --ai-questions N --ai-requests N]` runs only this section
and rewrites only its part of docs/benchmarks.md (between the `ai:begin` / `ai:end` markers).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BEGIN, END = "<!-- ai:begin -->", "<!-- ai:end -->"
PASSWORD = "correct horse battery staple 42"
SKILLS = ["Python", "SQL", "pandas", "JavaScript", "Statistics", "Data analysis", "NumPy", "Docker", "React", "Git"]
ROLES = ["data analyst", "backend developer", "frontend developer", "data scientist", "devops engineer"]
QUESTIONS = [
    "How do I get better at Python?",
    "What should I learn after SQL?",
    "Is pandas hard to learn?",
    "How do I prepare for my next session?",
    "What is Docker used for?",
]


@dataclass
class AIResults:
    members: int
    questions: int
    requests: int
    first_piece_ms: list[float] = field(default_factory=list)
    last_piece_ms: list[float] = field(default_factory=list)
    pieces: list[int] = field(default_factory=list)
    outcomes: dict[str, float] = field(default_factory=dict)
    mix: dict[str, int] = field(default_factory=dict)
    by_rpc: dict[str, float] = field(default_factory=dict)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _run(members: int, questions: int, requests: int) -> AIResults:
    import grpc
    from skillsphere.ai.v1 import ai_pb2, ai_pb2_grpc
    from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
    from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
    from skillsphere.user.v1 import user_pb2, user_pb2_grpc

    from internal.app import Application
    from pkg.config import Settings

    results = AIResults(members, questions, requests)
    with tempfile.TemporaryDirectory(prefix="bench-ai-") as data:
        settings = Settings(
            env="test",  # type: ignore[arg-type]
            data_dir=Path(data),
            grpc_port=0,
            http_port=0,
            worker_enabled=False,
            rate_limit_default="100000/second",
            ai_generation_requests_per_day=100_000,
            ai_assistant_requests_per_day=100_000,
        )
        app = await Application.create(settings)
        await app.start()
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
                auth = auth_pb2_grpc.AuthServiceStub(channel)
                skills = skill_pb2_grpc.SkillServiceStub(channel)
                ids = {}
                for name in SKILLS:
                    found = await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query=name, page_size=5))
                    ids[name] = next(r.skill.id for r in found.results if r.skill.name == name)
                rng = random.Random(15)
                people: list[tuple[tuple[str, str], ...]] = []
                for index in range(members):
                    email = f"bench-ai-{index}-{time.time_ns()}@example.org"
                    await auth.Register(auth_pb2.RegisterRequest(email=email, password=PASSWORD))
                    tokens = (await auth.Login(auth_pb2.LoginRequest(email=email, password=PASSWORD))).tokens
                    metadata = (("authorization", f"Bearer {tokens.access_token}"),)
                    user = (
                        await user_pb2_grpc.UserServiceStub(channel).CreateUser(
                            user_pb2.CreateUserRequest(
                                user=user_pb2.User(display_name=f"Member {index}", time_zone="Europe/Berlin")
                            ),
                            metadata=metadata,
                        )
                    ).user
                    for name in rng.sample(SKILLS, 3):
                        await skills.AddUserSkill(
                            skill_pb2.AddUserSkillRequest(
                                user_id=user.id,
                                skill_id=ids[name],
                                kind=skill_pb2.USER_SKILL_KIND_OFFERED,
                                proficiency=rng.randint(2, 5),  # type: ignore[arg-type]
                            ),
                            metadata=metadata,
                        )
                    people.append(metadata)
                assert app.skills is not None
                await app.skills.refresh_trending()
                stub = ai_pb2_grpc.AIServiceStub(channel)
                for index in range(questions):
                    metadata = people[index % len(people)]
                    started = time.perf_counter()
                    first = None
                    pieces = 0
                    async for message in stub.AskAssistant(
                        ai_pb2.AskAssistantRequest(question=QUESTIONS[index % len(QUESTIONS)]), metadata=metadata
                    ):
                        if message.WhichOneof("event") == "text_delta":
                            pieces += 1
                            first = first if first is not None else time.perf_counter() - started
                    results.first_piece_ms.append((first or 0.0) * 1000)
                    results.last_piece_ms.append((time.perf_counter() - started) * 1000)
                    results.pieces.append(pieces)
                weights = [1 / (rank + 1) for rank in range(len(SKILLS))]
                for _ in range(requests):
                    metadata = rng.choice(people)
                    kind = rng.choices(["path", "gap", "recommend"], weights=[5, 3, 2])[0]
                    results.mix[kind] = results.mix.get(kind, 0) + 1
                    try:
                        if kind == "path":
                            target = rng.choices(SKILLS, weights=weights)[0]
                            await stub.GenerateLearningPath(
                                ai_pb2.GenerateLearningPathRequest(
                                    target_skill_id=ids[target], target_level=5, hours_per_week=rng.choice([5, 10])
                                ),
                                metadata=metadata,
                            )
                        elif kind == "gap":
                            await stub.AnalyzeSkillGap(
                                ai_pb2.AnalyzeSkillGapRequest(target_role=rng.choice(ROLES)), metadata=metadata
                            )
                        else:
                            goal = rng.choice(["", "", "switch to data analysis", "build a web app"])
                            await stub.GetSkillRecommendations(
                                ai_pb2.GetSkillRecommendationsRequest(goal=goal), metadata=metadata
                            )
                    except grpc.aio.AioRpcError as error:  # a target the member already holds at 5
                        if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
                            raise
                        results.mix["invalid"] = results.mix.get("invalid", 0) + 1
            for metric in app.registry.collect():
                if metric.name == "ai_answers":
                    for sample in metric.samples:
                        if sample.name == "ai_answers_total" and sample.labels["rpc"] != "AskAssistant":
                            outcome = sample.labels["outcome"]
                            results.outcomes[outcome] = results.outcomes.get(outcome, 0) + sample.value
                            key = f"{sample.labels['rpc']}:{outcome}"
                            results.by_rpc[key] = results.by_rpc.get(key, 0) + sample.value
        finally:
            await app.stop()
    return results


def run_ai(members: int, questions: int, requests: int) -> AIResults:
    """Run the AI benchmark."""
    return asyncio.run(_run(members, questions, requests))


def report(r: AIResults) -> list[str]:
    """The section's Markdown."""
    answered = sum(r.outcomes.values())
    cached = r.outcomes.get("cached", 0)
    mix = ", ".join(f"{kind} {count}" for kind, count in sorted(r.mix.items()))
    return [
        BEGIN,
        "",
        "## AI assistant and answer cache (offline provider)",
        "",
        f"- Command: `python -m bench.run --only ai --ai-members {r.members} --ai-questions {r.questions} "
        f"--ai-requests {r.requests}` (one in-process server, embedded PostgreSQL, real gRPC channel).",
        f"- AskAssistant, {r.questions} questions from {r.members} members: time to first piece p50 "
        f"{statistics.median(r.first_piece_ms):.1f} ms, p95 {_pct(r.first_piece_ms, 0.95):.1f} ms; to the last "
        f"piece p50 {statistics.median(r.last_piece_ms):.1f} ms, p95 {_pct(r.last_piece_ms, 0.95):.1f} ms; "
        f"{statistics.median(r.pieces):.0f} pieces per answer (median).",
        f"- Answer cache on a mix of {r.requests} generation requests ({mix}): "
        f"{cached:.0f} of {answered:.0f} answers from the cache, hit rate {cached / answered if answered else 0:.0%} "
        "(the digest covers the member's own facts, so hits are repeats by the same member within the TTL); by RPC: "
        + ", ".join(f"{key} {value:.0f}" for key, value in sorted(r.by_rpc.items()))
        + ".",
        "",
        END,
    ]


def write_section(out: Path, lines: list[str]) -> None:
    """Replace the AI section between its markers (or append it), keeping the rest of the page."""
    from bench.search import write_section as write_marked

    write_marked(out, lines, BEGIN, END)


__all__ = ["AIResults", "Any", "report", "run_ai", "write_section"]
