"""The offline provider: a deterministic planner over SkillSphere's own data.

Every function here takes facts the service gathered (catalog skills, related skills with why they are
related, the member's skills and levels, real teachers) and returns the answer as plain data, the shape the
cache stores and the handler converts. Reasons are templated sentences built only from those facts, so
they are true of the data; nothing is invented. The same facts always give the same answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from internal.ai.models import LEVEL_NAMES

OFFLINE_MODEL = "skillsphere-offline-planner-1"
# Hours of study to go from level n-1 to level n (1 beginner .. 5 expert): rough, documented in docs/ai.md.
HOURS_TO_LEVEL = {1: 8, 2: 12, 3: 20, 4: 35, 5: 60}
PREREQUISITE_HOURS = 8
MAX_PREREQUISITES = 2
TEACHING_LEVEL = 3  # teachers of a step hold the skill at least at intermediate (and at the step's level)


@dataclass(frozen=True)
class SkillFact:
    """A catalog skill as the planner sees it."""

    id: str
    name: str
    category: str
    description: str = ""
    teachers: int = 0  # members offering it
    learners: int = 0  # members wanting it


@dataclass(frozen=True)
class Related:
    """A skill related to another: strength 0..1 and why ("co_occurrence", "similar", "both")."""

    skill: SkillFact
    score: float
    why: str


@dataclass
class MemberFacts:
    """The member: levels of the skills they offer or want (0 = not held), and their wanted skills."""

    user_id: str
    levels: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    wanted: set[str] = field(default_factory=set)


def hours_between(current: int, target: int) -> int:
    """Study hours from `current` to `target` level."""
    return sum(HOURS_TO_LEVEL[level] for level in range(max(current, 0) + 1, target + 1))


def _why(related: Related, anchor: str) -> str:
    if related.why == "both":
        return f"often held together with {anchor} and close to it in meaning"
    if related.why == "co_occurrence":
        return f"often held together with {anchor} by SkillSphere members"
    return f"close in meaning to {anchor}"


def _teachers_phrase(count: int) -> str:
    if count == 0:
        return "no member teaches it yet"
    return f"{count} member{'s' if count != 1 else ''} teach{'es' if count == 1 else ''} it"


# --------------------------------------------------------------------------------- recommendations


def recommend(
    *,
    member: MemberFacts,
    related: Mapping[str, Sequence[Related]],  # held skill id → its related skills
    goal_hits: Sequence[SkillFact],
    trending: Sequence[SkillFact],
    peers: Sequence[tuple[SkillFact, int]] = (),  # skills similar members want to learn, with how many
    exclude: set[str],
    categories: set[str] | None,
    limit: int,
) -> dict[str, Any]:
    """Skills to learn next: related to held skills, matching the goal, or in demand."""
    scored: dict[str, tuple[float, str, str, SkillFact]] = {}

    def offer(score: float, source: str, reason: str, skill: SkillFact) -> None:
        if skill.id in exclude or member.levels.get(skill.id, 0) >= 3 and skill.id not in member.wanted:
            return
        if skill.id in member.levels and skill.id not in member.wanted:
            return
        if categories is not None and skill.category not in categories:
            return
        best = scored.get(skill.id)
        if best is None or score > best[0]:
            scored[skill.id] = (score, source, reason, skill)

    for rank, skill in enumerate(goal_hits):
        offer(0.9 - 0.05 * rank, "goal", f"{skill.name} matches your goal; {_teachers_phrase(skill.teachers)}.", skill)
    for anchor_id, items in sorted(related.items()):
        anchor = member.names.get(anchor_id, "a skill you have")
        for item in items:
            source = "similar_skills" if item.why in ("similar", "both") else "complementary"
            reason = f"{item.skill.name} is {_why(item, anchor)}; {_teachers_phrase(item.skill.teachers)}."
            offer(0.3 + 0.6 * item.score, source, reason, item.skill)
    for skill, count in peers:
        who = f"{count} member{'s' if count != 1 else ''} with skills like yours {'are' if count != 1 else 'is'}"
        reason = f"{who} learning {skill.name}; {_teachers_phrase(skill.teachers)}."
        offer(min(0.6 + 0.1 * count, 0.95), "similar_members", reason, skill)
    for rank, skill in enumerate(trending):
        reason = f"{skill.name} is among the most in-demand skills on SkillSphere right now (rank {rank + 1})."
        offer(0.5 - 0.03 * rank, "trending", reason, skill)
    ranked = sorted(scored.values(), key=lambda item: (-item[0], item[3].name.lower(), item[3].id))[:limit]
    return {
        "recommendations": [
            {
                "skill_id": skill.id,
                "skill_name": skill.name,
                "category_name": skill.category,
                "score": round(max(0.0, min(score, 1.0)), 4),
                "source": source,
                "reason": reason,
                "teacher_count": skill.teachers,
            }
            for score, source, reason, skill in ranked
        ]
    }


# ------------------------------------------------------------------------------------ learning path


def prerequisites(target: SkillFact, related: Sequence[Related], member: MemberFacts) -> list[Related]:
    """Related skills to learn first: more widely held than the target (foundations are), held together with
    it by members, and not yet held by the member at intermediate level; the most widely held first."""
    found = [
        item
        for item in related
        if item.why in ("co_occurrence", "both")
        and item.skill.teachers + item.skill.learners > target.teachers + target.learners
        and member.levels.get(item.skill.id, 0) < TEACHING_LEVEL
    ]
    found.sort(key=lambda item: (-(item.skill.teachers + item.skill.learners), item.skill.name.lower()))
    return found[:MAX_PREREQUISITES]


def learning_path(
    *,
    target: SkillFact,
    current_level: int,
    target_level: int,
    hours_per_week: int,
    goal: str,
    before: Sequence[Related],
    teachers: Mapping[tuple[str, int], Sequence[str]],  # (skill id, min level) → teacher ids
) -> dict[str, Any]:
    """Prerequisites first, then one step per level from current+1 to target, sized to hours per week."""
    steps: list[dict[str, Any]] = []
    for item in before:
        steps.append(
            {
                "title": f"Foundations: {item.skill.name}",
                "description": (
                    f"Learn the basics of {item.skill.name} first: it is {_why(item, target.name)}, and more "
                    f"members hold it than {target.name}, so most learners meet it on the way."
                ),
                "skill_ids": [item.skill.id],
                "estimated_hours": PREREQUISITE_HOURS,
                "checkpoint": f"You can explain the core ideas of {item.skill.name} and use them in a small exercise.",
                "resources": [
                    {
                        "title": f"Introductory material on {item.skill.name}",
                        "kind": "article",
                        "url": "",
                        "free": True,
                    },
                    {"title": f"Session with a {item.skill.name} teacher", "kind": "session", "url": "", "free": False},
                ],
                "teacher_ids": list(teachers.get((item.skill.id, TEACHING_LEVEL), []))[:3],
            }
        )
    for level in range(max(current_level, 0) + 1, target_level + 1):
        name = LEVEL_NAMES[level]
        project = f" towards your goal ({goal})" if goal else ""
        steps.append(
            {
                "title": f"{target.name}: reach {name} level",
                "description": (
                    f"Move from {LEVEL_NAMES[level - 1]} to {name} in {target.name} ({target.category}): "
                    f"study for about {HOURS_TO_LEVEL[level]} hours and practise on a small project{project}."
                ),
                "skill_ids": [target.id],
                "estimated_hours": HOURS_TO_LEVEL[level],
                "checkpoint": _checkpoint(target.name, level),
                "resources": [
                    {"title": f"{target.name} exercises at {name} level", "kind": "exercise", "url": "", "free": True},
                    {"title": f"Session with a {target.name} teacher", "kind": "session", "url": "", "free": False},
                ],
                "teacher_ids": list(teachers.get((target.id, max(TEACHING_LEVEL, level)), []))[:3],
            }
        )
    for position, step in enumerate(steps, start=1):
        step["position"] = position
    total = sum(step["estimated_hours"] for step in steps)
    weeks = max(1, math.ceil(total / hours_per_week))
    return {
        "target_skill_id": target.id,
        "title": f"{target.name}: from {LEVEL_NAMES[current_level]} to {LEVEL_NAMES[target_level]} in {weeks} weeks",
        "summary": (
            f"{len(steps)} steps, about {total} hours at {hours_per_week} hours a week"
            + (f", starting with {len(before)} foundation skill{'s' if len(before) != 1 else ''}" if before else "")
            + f". {_teachers_phrase(target.teachers).capitalize()} on SkillSphere."
        ),
        "steps": steps,
        "total_estimated_hours": total,
        "estimated_weeks": weeks,
    }


def _checkpoint(name: str, level: int) -> str:
    return {
        1: f"You can describe what {name} is for and follow a guided exercise.",
        2: f"You can complete simple {name} tasks alone, looking things up as needed.",
        3: f"You can work on common {name} tasks independently.",
        4: f"You can handle complex {name} tasks and explain them to others.",
        5: f"You can design {name} solutions and handle edge cases others get stuck on.",
    }[level]


# --------------------------------------------------------------------------------------- skill gap


def skill_gap(
    *, member: MemberFacts, target_role: str, required: Sequence[tuple[SkillFact, int, bool]]
) -> dict[str, Any]:
    """Compare the member's levels with (skill, required level, essential) each; gaps by priority."""
    gaps: list[dict[str, Any]] = []
    strengths: list[dict[str, Any]] = []
    have_total = need_total = 0
    for skill, needed, essential in required:
        level = member.levels.get(skill.id, 0)
        have_total += min(level, needed)
        need_total += needed
        if level >= needed:
            strengths.append({"skill_id": skill.id, "skill_name": skill.name, "level": level})
            continue
        missing = needed - level
        priority = "high" if essential and missing >= 2 else "medium" if essential or missing >= 2 else "low"
        gaps.append(
            {
                "skill_id": skill.id,
                "skill_name": skill.name,
                "current_level": level,
                "required_level": needed,
                "priority": priority,
                "recommendation": (
                    f"Go from {LEVEL_NAMES[level]} to {LEVEL_NAMES[needed]} in {skill.name}; "
                    f"{_teachers_phrase(skill.teachers)} on SkillSphere."
                ),
                "estimated_hours": hours_between(level, needed),
            }
        )
    order = {"high": 0, "medium": 1, "low": 2}
    gaps.sort(key=lambda gap: (order[gap["priority"]], -gap["estimated_hours"], gap["skill_name"].lower()))
    readiness = round(have_total / need_total, 4) if need_total else 1.0
    what = f"the role {target_role!r}" if target_role else "the target skills"
    return {
        "user_id": member.user_id,
        "target_role": target_role,
        "summary": (
            f"Compared with {len(required)} skill{'s' if len(required) != 1 else ''} for {what}: "
            f"{len(strengths)} already at the level needed, {len(gaps)} to work on "
            f"(about {sum(g['estimated_hours'] for g in gaps)} hours)."
        ),
        "readiness_score": readiness,
        "gaps": gaps,
        "strengths": strengths,
    }


# ---------------------------------------------------------------------------------- session advice


def session_advice(
    *, session_id: str, phase: str, teaching: bool, skill: SkillFact, title: str, duration_minutes: int,
    counterpart_level: int,
) -> dict[str, Any]:  # fmt: skip
    """Preparation or follow-up advice for the teacher or the learner of a session."""
    name = skill.name
    level = LEVEL_NAMES.get(counterpart_level, "unknown")
    if phase == "preparation":
        if teaching:
            tips = [
                (
                    "Check the learner's level",
                    f"Their profile puts them at {level} in {name}: pitch the session there.",
                ),
                ("Prepare one worked example", f"Bring one {name} example you can finish within the session."),
                ("Leave time to practise", "Let the learner try it themselves while you watch and correct."),
            ]
            questions = [f"What do you already know about {name}?", "What would make this session a success for you?",
                         "Can you explain the last step back to me in your own words?"]  # fmt: skip
        else:
            tips = [
                ("Write down your questions", f"List what you want to learn about {name} and share it early."),
                ("Bring a real problem", f"A {name} task you are stuck on makes the session concrete."),
                ("Take notes", "Write down the next exercise before the session ends."),
            ]
            questions = [f"What should I practise first in {name}?", "Which mistakes do beginners make most?",
                         "How will I know I am ready for the next level?"]  # fmt: skip
        agenda = _agenda(duration_minutes, name)
        summary = f"How to prepare for {title!r}, a {duration_minutes}-minute {name} session where you are the " + (
            "teacher." if teaching else "learner."
        )
    else:
        agenda = []
        if teaching:
            tips = [
                ("Send a short recap", f"Summarise what you covered in {name} and the exercise you suggested."),
                ("Suggest a next session", "Propose what to cover next while the session is fresh."),
            ]
            questions = ["Which part was hardest for the learner?", "What should the next session start from?"]
        else:
            tips = [
                (
                    "Review your notes within a day",
                    f"Go over what you learned about {name} while you still remember it.",
                ),
                ("Practise alone", f"Do one small {name} exercise on your own this week."),
                ("Book the next step", "Schedule a follow-up session to keep momentum."),
            ]
            questions = ["Can I do the exercise from the session without help?", "What do I want to learn next?"]
        summary = f"What to review and practise after {title!r}, your completed {name} session."
    return {
        "session_id": session_id,
        "phase": phase,
        "summary": summary,
        "tips": [{"title": t, "body": b} for t, b in tips],
        "agenda": agenda,
        "questions": questions,
    }


def _agenda(duration: int, name: str) -> list[dict[str, Any]]:
    warmup = max(duration // 10, 1)
    wrap = max(duration // 10, 1)
    practice = duration // 4
    core = max(duration - warmup - wrap - practice, 1)
    return [
        {"title": "Warm-up: goals and what you know already", "duration_minutes": warmup},
        {"title": f"Core: {name} concepts with a worked example", "duration_minutes": core},
        {"title": "Practice: the learner tries it", "duration_minutes": practice},
        {"title": "Wrap-up: next steps and homework", "duration_minutes": wrap},
    ]


# --------------------------------------------------------------------------------------- assistant

_WORD = re.compile(r"[a-z0-9+#.]+")


def assistant_answer(
    *,
    question: str,
    mentioned: Sequence[SkillFact],
    context_skill: SkillFact | None,
    member: MemberFacts,
    upcoming: Sequence[tuple[str, str]],  # (title, start in UTC, ISO)
    teachers: Mapping[str, int],
) -> tuple[list[str], list[str]]:
    """The offline assistant's answer as pieces of Markdown, and the catalog skills it references.

    It answers from the catalog and the member's own data only, and says so when a question needs more.
    """
    pieces: list[str] = []
    referenced: list[str] = []
    skills = ([context_skill] if context_skill else []) + [
        s for s in mentioned if not context_skill or s.id != context_skill.id
    ]
    if skills:
        pieces.append("Here is what SkillSphere knows about the skills in your question.\n\n")
        for skill in skills[:3]:
            referenced.append(skill.id)
            level = member.levels.get(skill.id, 0)
            mine = f" You list it at {LEVEL_NAMES[level]} level." if level else " It is not on your profile yet."
            described = f" {skill.description.strip()}" if skill.description.strip() else ""
            taught = _teachers_phrase(teachers.get(skill.id, skill.teachers)).capitalize()
            pieces.append(f"- **{skill.name}** ({skill.category}):{described} {taught} on SkillSphere.{mine}\n")
        first = skills[0]
        level = member.levels.get(first.id, 0)
        if level < 5:
            nxt = level + 1
            pieces.append(
                f"\nTo move to {LEVEL_NAMES[nxt]} level in {first.name}, plan about {HOURS_TO_LEVEL[nxt]} hours of "
                "study and practice; GenerateLearningPath builds a full plan with teachers for each step.\n"
            )
    else:
        pieces.append("I could not match your question to a skill in the SkillSphere catalog.\n")
    if member.levels:
        held = sorted(member.levels.items(), key=lambda item: (-item[1], member.names.get(item[0], "")))[:5]
        listed = ", ".join(f"{member.names.get(i, i)} ({LEVEL_NAMES[lvl]})" for i, lvl in held if lvl)
        if listed:
            pieces.append(f"\nYour profile lists: {listed}.\n")
    if upcoming:
        title, start = upcoming[0]
        pieces.append(f"\nYour next session is {title!r} at {start} UTC.\n")
    pieces.append(
        "\nI am SkillSphere's offline assistant: I answer from the catalog and your own profile and sessions "
        "only, so I cannot answer questions that need outside knowledge (explanations, code, current events); "
        "a teacher in a session can.\n"
    )
    return pieces, referenced


STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "about",
        "at",
        "be",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "get",
        "getting",
        "good",
        "better",
        "how",
        "i",
        "in",
        "is",
        "it",
        "learn",
        "me",
        "my",
        "of",
        "on",
        "or",
        "should",
        "start",
        "the",
        "to",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)


def ordered_words(text: str) -> list[str]:
    """Lower-case word tokens of a text in order, without trailing punctuation."""
    return [w.rstrip(".") for w in _WORD.findall(text.lower()) if w.rstrip(".")]


def chunk(text: str, size: int = 40) -> Iterator[str]:
    """A text cut into pieces of about `size` characters at word boundaries (for streaming)."""
    piece = ""
    for token in re.split(r"(\s+)", text):
        piece += token
        if len(piece) >= size:
            yield piece
            piece = ""
    if piece:
        yield piece


def estimate_tokens(*texts: str) -> int:
    """About four characters per token."""
    return max(1, math.ceil(sum(len(t) for t in texts) / 4))
