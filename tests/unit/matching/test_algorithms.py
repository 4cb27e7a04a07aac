"""The pure scoring of internal/matching/algorithms.py: breakdowns add up, factors mean what they say."""

from __future__ import annotations

import math
import uuid

import pytest

from internal.matching.algorithms import (
    Algorithm,
    Budget,
    Direction,
    Factor,
    Intent,
    Member,
    Query,
    coarse_km,
    matched_skills,
    mix_in,
    overlap_minutes,
    ranking_digest,
    score_pair,
    similarity,
    time_zone_hours,
)

PYTHON, GO, SPANISH, PIANO = (uuid.UUID(int=n) for n in range(1, 5))
NAMES = {PYTHON: "Python", GO: "Go", SPANISH: "Spanish", PIANO: "Piano"}
EVENINGS = ((18 * 60, 21 * 60),)


def member(n: int, **fields: object) -> Member:
    values: dict[str, object] = {"languages": frozenset({"en"}), "utc_offset_minutes": 60, "weekly": EVENINGS}
    values.update(fields)
    return Member(user_id=uuid.UUID(int=1000 + n), **values)  # type: ignore[arg-type]


LEARNER = member(0, wanted={PYTHON: 1}, offered={SPANISH: 5})
MENTOR = member(1, offered={PYTHON: 5}, wanted={SPANISH: 1}, average_rating=4.8, rating_count=20)
STRANGER = member(2, offered={PIANO: 5}, languages=frozenset({"ja"}), utc_offset_minutes=540, weekly=((0, 60),))


@pytest.mark.parametrize("algorithm", list(Algorithm))
def test_every_breakdown_adds_up_to_the_score(algorithm: Algorithm) -> None:
    for candidate in (MENTOR, STRANGER):
        scored = score_pair(algorithm, LEARNER, candidate, Query(), NAMES, 0.4)
        assert math.isclose(sum(c.contribution for c in scored.components), scored.score, abs_tol=1e-9)
        assert math.isclose(sum(c.weight for c in scored.components), 1.0, abs_tol=1e-9)
        for component in scored.components:
            assert 0 <= component.score <= 1
            assert math.isclose(component.score * component.weight, component.contribution, abs_tol=1e-12)
            assert component.explanation


@pytest.mark.parametrize("algorithm", [Algorithm.COSINE, Algorithm.EUCLIDEAN, Algorithm.HYBRID])
def test_the_mentor_of_the_wanted_skill_outscores_a_stranger(algorithm: Algorithm) -> None:
    mentor = score_pair(algorithm, LEARNER, MENTOR, Query(), NAMES, 0.5)
    stranger = score_pair(algorithm, LEARNER, STRANGER, Query(), NAMES, 0.5)
    assert mentor.score > stranger.score
    assert (PYTHON, Direction.CANDIDATE_TEACHES) in mentor.matched_skills
    assert (SPANISH, Direction.USER_TEACHES) in mentor.matched_skills


def test_hybrid_explains_each_factor_in_words() -> None:
    scored = score_pair(Algorithm.HYBRID, LEARNER, MENTOR, Query(), NAMES, 0.7)
    text = {c.factor: c.explanation for c in scored.components}
    assert text[Factor.SKILL_FIT].startswith("Teaches Python (expert)")
    assert "Spanish" in text[Factor.RECIPROCITY]
    assert text[Factor.LANGUAGE] == "You both speak en"
    assert text[Factor.TIME_ZONE] == "Same time zone"
    assert text[Factor.AVAILABILITY] == "Free at the same time 3 hours a week"
    assert text[Factor.RATING] == "Rated 4.8 from 20 ratings"
    assert Factor.LOCATION not in text and Factor.PRICE not in text  # no locations, no budget: not applied


def test_intent_learn_scores_only_what_the_candidate_teaches() -> None:
    scored = score_pair(Algorithm.HYBRID, LEARNER, MENTOR, Query(intent=Intent.LEARN), NAMES)
    factors = {c.factor for c in scored.components}
    assert Factor.SKILL_FIT in factors and Factor.RECIPROCITY not in factors
    assert matched_skills(LEARNER, MENTOR, Query(intent=Intent.TEACH)) == ((SPANISH, Direction.USER_TEACHES),)


def test_a_teacher_not_above_the_learner_counts_little() -> None:
    advanced = member(5, wanted={PYTHON: 4})
    weak = member(6, offered={PYTHON: 3})
    strong = member(7, offered={PYTHON: 5})
    weak_fit = score_pair(Algorithm.HYBRID, advanced, weak, Query(intent=Intent.LEARN), NAMES)
    strong_fit = score_pair(Algorithm.HYBRID, advanced, strong, Query(intent=Intent.LEARN), NAMES)
    assert weak_fit.components[0].score == pytest.approx(0.2)
    assert strong_fit.components[0].score == pytest.approx(1.0)


def test_euclidean_is_one_minus_the_squared_weighted_distance_from_the_ideal() -> None:
    scored = score_pair(Algorithm.EUCLIDEAN, LEARNER, STRANGER, Query(), NAMES)
    # 1 - sum w (1 - s)^2 recomputed from the components' own scores
    assert scored.score == pytest.approx(sum(c.weight * c.score for c in scored.components))
    assert scored.score < score_pair(Algorithm.EUCLIDEAN, LEARNER, MENTOR, Query(), NAMES).score


def test_embedding_is_the_clamped_cosine() -> None:
    assert score_pair(Algorithm.EMBEDDING, LEARNER, MENTOR, Query(), NAMES, 0.83).score == pytest.approx(0.83)
    assert score_pair(Algorithm.EMBEDDING, LEARNER, MENTOR, Query(), NAMES, -0.2).score == 0.0
    assert score_pair(Algorithm.EMBEDDING, LEARNER, MENTOR, Query(), NAMES, None).score == 0.0


def test_price_needs_a_budget_and_respects_currency() -> None:
    pricey = member(8, offered={PYTHON: 5}, hourly_rate_minor=5000, hourly_rate_currency="EUR")
    swapper = member(
        9, offered={PYTHON: 5}, hourly_rate_minor=5000, hourly_rate_currency="EUR", accepts_skill_swap=True
    )

    def price(candidate: Member, budget: Budget) -> float:
        scored = score_pair(Algorithm.HYBRID, LEARNER, candidate, Query(budget=budget), NAMES)
        return next(c.score for c in scored.components if c.factor is Factor.PRICE)

    assert price(pricey, Budget(4000, "EUR")) == 0.0
    assert price(pricey, Budget(10000, "EUR")) == pytest.approx(0.75)
    assert price(pricey, Budget(10000, "USD")) == 0.0
    assert price(swapper, Budget(100, "EUR")) == 1.0


def test_location_is_described_coarsely() -> None:
    berlin = member(10, wanted={PYTHON: 1}, latitude=52.52, longitude=13.405)
    potsdam = member(11, offered={PYTHON: 5}, latitude=52.39, longitude=13.06)
    scored = score_pair(Algorithm.HYBRID, berlin, potsdam, Query(), NAMES)
    location = next(c for c in scored.components if c.factor is Factor.LOCATION)
    assert location.explanation == "Lives within 50 km away"
    assert coarse_km(5) == "within 10 km" and coarse_km(250) == "about 300 km" and coarse_km(1500) == "about 2000 km"


def test_availability_overlap_handles_wrapping_spans() -> None:
    sunday_night = ((10080 - 60, 30),)  # Sunday 23:00 to Monday 00:30 UTC
    assert overlap_minutes(sunday_night, ((0, 60),)) == 30
    assert overlap_minutes(sunday_night, ((10080 - 30, 10080),)) == 30
    assert overlap_minutes(EVENINGS, ((0, 60),)) == 0


def test_time_zones_are_compared_the_short_way_round() -> None:
    assert time_zone_hours(-600, 780) == pytest.approx(1.0)  # UTC-10 and UTC+13 are an hour apart
    assert time_zone_hours(0, 330) == pytest.approx(5.5)


def test_similarity_prefers_members_with_the_same_skills() -> None:
    twin = member(12, wanted={PYTHON: 1}, offered={SPANISH: 4})
    for algorithm in (Algorithm.COSINE, Algorithm.EUCLIDEAN):
        assert similarity(algorithm, LEARNER, twin) > similarity(algorithm, LEARNER, STRANGER)
    assert similarity(Algorithm.EMBEDDING, LEARNER, twin, 0.9) == 0.9
    with pytest.raises(ValueError):
        similarity(Algorithm.HYBRID, LEARNER, twin)


def test_the_digest_changes_with_the_result_but_not_with_a_retry() -> None:
    entries = [(MENTOR.user_id, 0.8), (STRANGER.user_id, 0.1)]
    first = ranking_digest(LEARNER.user_id, {"algorithm": "hybrid"}, entries)
    assert first == ranking_digest(LEARNER.user_id, {"algorithm": "hybrid"}, list(entries))
    assert first != ranking_digest(LEARNER.user_id, {"algorithm": "hybrid"}, entries[:1])
    assert first != ranking_digest(LEARNER.user_id, {"algorithm": "cosine"}, entries)


def test_exploration_puts_one_newcomer_after_every_few_ranked_members() -> None:
    ranked = [uuid.UUID(int=n) for n in range(1, 11)]
    newcomers = [uuid.UUID(int=n) for n in (101, 102, 3)]
    mixed = mix_in(ranked, newcomers, every=5, limit=20)
    assert mixed[5] == uuid.UUID(int=101) and mixed[11] == uuid.UUID(int=102)
    assert len(mixed) == 12 and mixed.count(uuid.UUID(int=3)) == 1
    assert mix_in(ranked, newcomers, every=5, limit=4) == ranked[:4]
