"""The structured answers' schemas (sent to Gemini as `response_schema`) and the grounding check that every
id in a model's answer is one the service passed in.

The offline planner produces the same shapes, so a grounded model answer, an offline answer and a cached
answer are interchangeable.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, Field


class RecommendationOut(BaseModel):
    """One recommended skill."""

    skill_id: str
    skill_name: str
    category_name: str = ""
    score: float = Field(ge=0.0, le=1.0)
    source: Literal["similar_skills", "complementary", "goal", "similar_members", "trending"]
    reason: str
    teacher_count: int = 0


class RecommendationsOut(BaseModel):
    """GetSkillRecommendations."""

    recommendations: list[RecommendationOut]


class ResourceOut(BaseModel):
    """A learning resource."""

    title: str
    kind: Literal["article", "video", "course", "book", "exercise", "session"]
    url: str = ""
    free: bool = True


class StepOut(BaseModel):
    """A learning step."""

    position: int
    title: str
    description: str
    skill_ids: list[str]
    estimated_hours: int = Field(ge=1, le=500)
    checkpoint: str
    resources: list[ResourceOut] = Field(max_length=5)
    teacher_ids: list[str] = Field(max_length=3)


class LearningPathOut(BaseModel):
    """GenerateLearningPath."""

    target_skill_id: str
    title: str
    summary: str
    steps: list[StepOut] = Field(min_length=1)
    total_estimated_hours: int
    estimated_weeks: int


class GapOut(BaseModel):
    """A skill gap."""

    skill_id: str
    skill_name: str
    current_level: int = Field(ge=0, le=5)
    required_level: int = Field(ge=1, le=5)
    priority: Literal["high", "medium", "low"]
    recommendation: str
    estimated_hours: int = Field(ge=0)


class StrengthOut(BaseModel):
    """A strength."""

    skill_id: str
    skill_name: str
    level: int = Field(ge=1, le=5)


class SkillGapOut(BaseModel):
    """AnalyzeSkillGap."""

    user_id: str
    target_role: str
    summary: str
    readiness_score: float = Field(ge=0.0, le=1.0)
    gaps: list[GapOut]
    strengths: list[StrengthOut]


class TipOut(BaseModel):
    """A tip."""

    title: str
    body: str


class AgendaOut(BaseModel):
    """An agenda item."""

    title: str
    duration_minutes: int = Field(ge=1)


class SessionAdviceOut(BaseModel):
    """GetSessionAdvice."""

    session_id: str
    phase: Literal["preparation", "follow_up"]
    summary: str
    tips: list[TipOut] = Field(max_length=8)
    agenda: list[AgendaOut]
    questions: list[str] = Field(max_length=8)


SCHEMAS: dict[str, type[BaseModel]] = {
    "GetSkillRecommendations": RecommendationsOut,
    "GenerateLearningPath": LearningPathOut,
    "AnalyzeSkillGap": SkillGapOut,
    "GetSessionAdvice": SessionAdviceOut,
}


def ground(rpc: str, answer: dict[str, Any], draft: dict[str, Any], allowed: dict[str, Any]) -> dict[str, Any] | None:
    """The answer with facts restored from the draft, or None when it references anything not passed in."""
    if rpc == "GetSkillRecommendations":
        known = {r["skill_id"]: r for r in draft["recommendations"]}
        out = []
        for item in answer["recommendations"]:
            fact = known.get(item["skill_id"])
            if fact is None:
                return None
            # Names and counts are facts: the draft's, whatever the model wrote.
            out.append(item | {k: fact[k] for k in ("skill_name", "category_name", "teacher_count")})
        return {"recommendations": out}
    if rpc == "GenerateLearningPath":
        if answer["target_skill_id"] != draft["target_skill_id"]:
            return None
        for step in answer["steps"]:
            if not set(step["skill_ids"]) <= allowed["skill_ids"]:
                return None
            if not set(step["teacher_ids"]) <= allowed["teacher_ids"]:
                return None
        for position, step in enumerate(answer["steps"], start=1):
            step["position"] = position
        total = sum(step["estimated_hours"] for step in answer["steps"])
        weeks = max(1, math.ceil(total / allowed["hours_per_week"]))
        return answer | {"total_estimated_hours": total, "estimated_weeks": weeks}
    if rpc == "AnalyzeSkillGap":
        levels = {g["skill_id"]: g["current_level"] for g in draft["gaps"]}
        levels |= {s["skill_id"]: s["level"] for s in draft["strengths"]}
        for gap in answer["gaps"]:
            if gap["skill_id"] not in allowed["skill_ids"] or levels.get(gap["skill_id"]) != gap["current_level"]:
                return None
        for strength in answer["strengths"]:
            if (
                strength["skill_id"] not in allowed["skill_ids"]
                or levels.get(strength["skill_id"]) != strength["level"]
            ):
                return None
        return answer | {"user_id": draft["user_id"], "target_role": draft["target_role"]}
    if rpc == "GetSessionAdvice":
        if answer["session_id"] != draft["session_id"] or answer["phase"] != draft["phase"]:
            return None
        if draft["phase"] == "follow_up":
            answer["agenda"] = []
        return answer
    return None
