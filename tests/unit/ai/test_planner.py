"""The offline planner and the grounding check, on plain facts."""

from __future__ import annotations

import copy

from internal.ai import planner
from internal.ai.planner import MemberFacts, Related, SkillFact
from internal.ai.schemas import LearningPathOut, RecommendationsOut, SkillGapOut, ground

PYTHON = SkillFact("py", "Python", "Programming", teachers=30, learners=10)
PANDAS = SkillFact("pd", "pandas", "Data science", teachers=8, learners=6)
NUMPY = SkillFact("np", "NumPy", "Data science", teachers=12, learners=4)
COOKING = SkillFact("ck", "Italian cooking", "Cooking", teachers=50, learners=50)


def test_prerequisites_are_held_together_with_the_target_and_more_widely_held() -> None:
    related = [
        Related(NUMPY, 0.6, "both"),
        Related(PYTHON, 0.7, "co_occurrence"),
        Related(COOKING, 0.2, "similar"),  # close in meaning only: not a prerequisite
    ]
    before = planner.prerequisites(PANDAS, related, MemberFacts("me"))
    assert [r.skill.id for r in before] == ["py", "np"]  # the most widely held first
    assert planner.prerequisites(PANDAS, related, MemberFacts("me", levels={"py": 3, "np": 4})) == []


def test_a_path_has_one_step_per_level_sized_to_the_hours() -> None:
    path = planner.learning_path(
        target=PANDAS,
        current_level=1,
        target_level=3,
        hours_per_week=4,
        goal="",
        before=[Related(PYTHON, 0.7, "co_occurrence")],
        teachers={("py", 3): ["t1"], ("pd", 3): ["t2", "t3"]},
    )
    assert [s["skill_ids"] for s in path["steps"]] == [["py"], ["pd"], ["pd"]]
    assert [s["estimated_hours"] for s in path["steps"]] == [8, 12, 20]
    assert path["total_estimated_hours"] == 40 and path["estimated_weeks"] == 10
    assert path["steps"][0]["teacher_ids"] == ["t1"] and path["steps"][2]["teacher_ids"] == ["t2", "t3"]
    LearningPathOut.model_validate(path)  # the planner's answers fit the schema Gemini is given


def test_gaps_are_ordered_by_priority_and_readiness_counts_levels() -> None:
    member = MemberFacts("me", levels={"py": 4, "np": 2})
    gap = planner.skill_gap(
        member=member, target_role="", required=[(PYTHON, 3, True), (NUMPY, 3, False), (PANDAS, 3, True)]
    )
    assert [(g["skill_id"], g["priority"]) for g in gap["gaps"]] == [("pd", "high"), ("np", "low")]
    assert [s["skill_id"] for s in gap["strengths"]] == ["py"]
    assert gap["readiness_score"] == round((3 + 2 + 0) / 9, 4)
    SkillGapOut.model_validate(gap)


def test_recommendations_skip_what_the_member_offers_and_keep_the_strongest_reason() -> None:
    member = MemberFacts("me", levels={"py": 4}, names={"py": "Python"})
    result = planner.recommend(
        member=member,
        related={"py": [Related(NUMPY, 0.5, "co_occurrence"), Related(PYTHON, 1.0, "similar")]},
        goal_hits=[],
        trending=[NUMPY, COOKING],
        exclude={"ck"},
        categories=None,
        limit=10,
    )
    assert [r["skill_id"] for r in result["recommendations"]] == ["np"]
    assert result["recommendations"][0]["source"] == "complementary"
    assert "often held together with Python" in result["recommendations"][0]["reason"]
    RecommendationsOut.model_validate(result)


def test_grounding_rejects_ids_that_were_not_passed_in_and_restores_facts() -> None:
    draft = planner.recommend(
        member=MemberFacts("me"), related={}, goal_hits=[NUMPY], trending=[], exclude=set(), categories=None, limit=5
    )
    answer = copy.deepcopy(draft)
    answer["recommendations"][0]["teacher_count"] = 999
    answer["recommendations"][0]["reason"] = "Reworded."
    grounded = ground("GetSkillRecommendations", answer, draft, {"skill_ids": {"np"}})
    assert grounded is not None
    assert (
        grounded["recommendations"][0]["teacher_count"] == 12
        and grounded["recommendations"][0]["reason"] == "Reworded."
    )
    invented = copy.deepcopy(draft)
    invented["recommendations"][0]["skill_id"] = "made-up"
    assert ground("GetSkillRecommendations", invented, draft, {"skill_ids": {"np"}}) is None


def test_grounding_a_path_rejects_unknown_teachers_and_recomputes_totals() -> None:
    draft = planner.learning_path(
        target=PANDAS, current_level=0, target_level=2, hours_per_week=5, goal="", before=[],
        teachers={("pd", 3): ["t1"]},
    )  # fmt: skip
    allowed = {"skill_ids": {"pd"}, "teacher_ids": {"t1"}, "hours_per_week": 5}
    answer = copy.deepcopy(draft)
    answer["steps"][0]["estimated_hours"] = 30
    grounded = ground("GenerateLearningPath", answer, draft, allowed)
    assert grounded is not None and grounded["total_estimated_hours"] == 42 and grounded["estimated_weeks"] == 9
    answer["steps"][0]["teacher_ids"] = ["someone-else"]
    assert ground("GenerateLearningPath", answer, draft, allowed) is None


def test_the_assistant_says_what_it_cannot_answer_and_streams_in_pieces() -> None:
    pieces, referenced = planner.assistant_answer(
        question="how do I learn pandas", mentioned=[PANDAS], context_skill=None,
        member=MemberFacts("me"), upcoming=[], teachers={},
    )  # fmt: skip
    text = "".join(pieces)
    assert referenced == ["pd"] and "pandas" in text and "cannot answer" in text
    chunks = list(planner.chunk(text))
    assert len(chunks) > 3 and "".join(chunks) == text
