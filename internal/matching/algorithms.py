"""The four scoring algorithms of MatchingService, pure: members in, a score with its breakdown out.

No I/O, no clock, no randomness: the service fetches candidates and the embedding similarity (pgvector
computes it next to the data) and hands plain values here. Every score is a sum of per-factor
contributions, so the breakdown a client shows always adds up to the score:

- COSINE: cosine similarity of skill vectors. The user's "needs" vector has one dimension per skill they
  want to learn (learn side) and per skill they teach (teach side); the candidate's "offers" vector puts
  their teaching proficiency / 5 on the learn side and their wanted skills on the teach side. One component,
  SKILL_FIT, weight 1.
- EUCLIDEAN: distance of the pair's normalised feature vector (skill fit, reciprocity, availability overlap,
  time-zone closeness, rating, location) from the ideal point (1, ..., 1), with weights w_i summing to 1:
  score = 1 - d^2 = sum_i w_i (1 - g_i^2) where g_i = 1 - s_i, a monotone map of the Euclidean distance d
  whose terms are the per-factor contributions.
- EMBEDDING: cosine similarity of the two members' profile embeddings (clamped at 0). One component,
  SEMANTIC_SIMILARITY.
- HYBRID: a weighted sum of every factor that applies to the pair (HYBRID_WEIGHTS), weights renormalised
  over the applicable ones so they add up to 1.

A factor "applies" when both members have the data it needs (languages, availability, a location, a budget,
embeddings) and the intent asks for it (LEARN scores only what the candidate teaches, TEACH only what they
want to learn).
"""

from __future__ import annotations

import enum
import hashlib
import json
import math
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MINUTES_PER_WEEK = 7 * 24 * 60
# Hours of weekly overlap at which availability scores 1.
FULL_OVERLAP_MINUTES = 180
# Distance at which the location score halves.
LOCATION_HALF_KM = 300.0
# Bayesian prior of the rating factor: an unrated member counts as this many ratings of PRIOR_RATING.
PRIOR_RATING = 3.5
PRIOR_COUNT = 5
EARTH_RADIUS_KM = 6371.0


class Algorithm(enum.StrEnum):
    """How a score is computed (MatchAlgorithm)."""

    COSINE = "cosine"
    EUCLIDEAN = "euclidean"
    EMBEDDING = "embedding"
    HYBRID = "hybrid"


class Intent(enum.StrEnum):
    """What kind of partner the user wants (MatchIntent); ANY when unset."""

    ANY = "any"
    LEARN = "learn"
    TEACH = "teach"
    EXCHANGE = "exchange"


class Factor(enum.StrEnum):
    """One ingredient of a score (MatchFactor)."""

    SKILL_FIT = "skill_fit"
    RECIPROCITY = "reciprocity"
    AVAILABILITY = "availability"
    LANGUAGE = "language"
    TIME_ZONE = "time_zone"
    RATING = "rating"
    LOCATION = "location"
    PRICE = "price"
    SEMANTIC_SIMILARITY = "semantic_similarity"


class Direction(enum.StrEnum):
    """Who would teach a matched skill (MatchDirection)."""

    CANDIDATE_TEACHES = "candidate_teaches"
    USER_TEACHES = "user_teaches"


HYBRID_WEIGHTS: Mapping[Factor, float] = {
    Factor.SKILL_FIT: 0.30,
    Factor.RECIPROCITY: 0.12,
    Factor.AVAILABILITY: 0.12,
    Factor.LANGUAGE: 0.10,
    Factor.TIME_ZONE: 0.08,
    Factor.RATING: 0.07,
    Factor.LOCATION: 0.03,
    Factor.PRICE: 0.04,
    Factor.SEMANTIC_SIMILARITY: 0.14,
}
EUCLIDEAN_WEIGHTS: Mapping[Factor, float] = {
    Factor.SKILL_FIT: 0.25,
    Factor.RECIPROCITY: 0.15,
    Factor.AVAILABILITY: 0.15,
    Factor.TIME_ZONE: 0.15,
    Factor.RATING: 0.15,
    Factor.LOCATION: 0.15,
}
LEVEL_NAMES = {1: "beginner", 2: "elementary", 3: "intermediate", 4: "advanced", 5: "expert"}


@dataclass(frozen=True, slots=True)
class Member:
    """A member as matching sees them: skills (skill id → proficiency 1..5) and the profile features."""

    user_id: uuid.UUID
    offered: Mapping[uuid.UUID, int] = field(default_factory=dict)
    wanted: Mapping[uuid.UUID, int] = field(default_factory=dict)
    languages: frozenset[str] = frozenset()
    utc_offset_minutes: int | None = None
    weekly: tuple[tuple[int, int], ...] = ()
    average_rating: float = 0.0
    rating_count: int = 0
    latitude: float | None = None
    longitude: float | None = None
    hourly_rate_minor: int | None = None
    hourly_rate_currency: str | None = None
    accepts_skill_swap: bool = False

    @property
    def has_skills(self) -> bool:
        """Whether there is anything to match on."""
        return bool(self.offered or self.wanted)


@dataclass(frozen=True, slots=True)
class Budget:
    """The most the user will pay per hour, in minor units of `currency`."""

    amount_minor: int
    currency: str


@dataclass(frozen=True, slots=True)
class Query:
    """What the user asked for: intent, the skills to focus on (empty: all), a budget."""

    intent: Intent = Intent.ANY
    skill_ids: frozenset[uuid.UUID] = frozenset()
    budget: Budget | None = None


@dataclass(frozen=True, slots=True)
class Component:
    """One factor's part in a score: score × weight = contribution."""

    factor: Factor
    score: float
    weight: float
    contribution: float
    explanation: str


@dataclass(frozen=True, slots=True)
class Scored:
    """A pair's score, its breakdown and the skills that connect them (most relevant first)."""

    score: float
    components: tuple[Component, ...]
    matched_skills: tuple[tuple[uuid.UUID, Direction], ...]


@dataclass(frozen=True, slots=True)
class FactorValue:
    """A factor's score for one pair (0..1) with its one-line explanation (a string, or a function that makes it:
    ranking scores hundreds of candidates and explains only those it returns)."""

    score: float
    text: str | Callable[[], str]

    @property
    def explanation(self) -> str:
        """The one-line explanation."""
        return self.text if isinstance(self.text, str) else self.text()


Names = Mapping[uuid.UUID, str]


def _name(names: Names, skill_id: uuid.UUID) -> str:
    return names.get(skill_id, "a skill")


def _listing(items: Sequence[str], limit: int = 3) -> str:
    shown = list(items[:limit])
    if len(items) > limit:
        shown.append(f"{len(items) - limit} more")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _focus(skills: Mapping[uuid.UUID, int], query: Query) -> dict[uuid.UUID, int]:
    if not query.skill_ids:
        return dict(skills)
    return {s: level for s, level in skills.items() if s in query.skill_ids}


def _coverage(
    learner_wants: Mapping[uuid.UUID, int], teacher_offers: Mapping[uuid.UUID, int]
) -> tuple[float, list[uuid.UUID]]:
    """How well `teacher_offers` covers `learner_wants` (0..1) and the covered skills, best taught first.

    A skill counts fully when the teacher is at least two levels above the learner's current level and
    expert-ish (0.4 + 0.6 × level / 5); a teacher not above the learner counts 0.2.
    """
    if not learner_wants:
        return 0.0, []
    total = 0.0
    covered: list[tuple[int, uuid.UUID]] = []
    for skill_id, current in learner_wants.items():
        level = teacher_offers.get(skill_id)
        if level is None:
            continue
        total += 0.4 + 0.6 * level / 5 if level > current else 0.2
        covered.append((level, skill_id))
    covered.sort(key=lambda pair: (-pair[0], str(pair[1])))
    return total / len(learner_wants), [skill_id for _, skill_id in covered]


def skill_fit(user: Member, candidate: Member, query: Query, names: Names) -> FactorValue | None:
    """How well the candidate's teaching covers what the user wants to learn."""
    wants = _focus(user.wanted, query)
    if not wants:
        return None
    score, covered = _coverage(wants, candidate.offered)
    if not covered:
        return FactorValue(0.0, "Teaches none of the skills you want to learn")

    def text() -> str:
        first = covered[0]
        taught = [f"{_name(names, first)} ({LEVEL_NAMES[candidate.offered[first]]})"]
        taught += [_name(names, s) for s in covered[1:]]
        return f"Teaches {_listing(taught)}: {len(covered)} of the {len(wants)} skills you want to learn"

    return FactorValue(score, text)


def reciprocity(user: Member, candidate: Member, query: Query, names: Names) -> FactorValue | None:
    """How well the user's teaching covers what the candidate wants to learn."""
    offers = _focus(user.offered, query)
    if not offers or not candidate.wanted:
        return None if not offers else FactorValue(0.0, "Wants to learn nothing you teach")
    score, covered = _coverage(candidate.wanted, offers)
    if not covered:
        return FactorValue(0.0, "Wants to learn nothing you teach")
    return FactorValue(score, lambda: f"Wants to learn {_listing([_name(names, s) for s in covered])}, which you teach")


def overlap_minutes(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Minutes of the week both have free (spans are UTC minutes of the week, start < end, may wrap)."""

    def unwrap(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        out = []
        for start, end in spans:
            if end > start:
                out.append((start, end))
            else:  # wraps past the end of the week
                out.extend([(start, MINUTES_PER_WEEK), (0, end)])
        return sorted(out)

    total = 0
    for s1, e1 in unwrap(a):
        for s2, e2 in unwrap(b):
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


def availability(user: Member, candidate: Member) -> FactorValue | None:
    """Overlap of the weekly availability; full marks at three hours a week."""
    if not user.weekly or not candidate.weekly:
        return None
    minutes = overlap_minutes(user.weekly, candidate.weekly)
    if minutes == 0:
        return FactorValue(0.0, "Your weekly availability does not overlap")

    def text() -> str:
        hours = minutes / 60
        amount = f"{hours:.0f} hours" if hours >= 2 else ("1 hour" if hours >= 1 else f"{minutes} minutes")
        return f"Free at the same time {amount} a week"

    return FactorValue(min(1.0, minutes / FULL_OVERLAP_MINUTES), text)


def language(user: Member, candidate: Member) -> FactorValue | None:
    """Whether the members share a language (primary subtags compared)."""
    if not user.languages or not candidate.languages:
        return None
    mine = {tag.split("-")[0].lower() for tag in user.languages}
    shared = sorted(tag for tag in {t.split("-")[0].lower() for t in candidate.languages} if tag in mine)
    if not shared:
        return FactorValue(0.0, "You share no language")
    return FactorValue(1.0, lambda: f"You both speak {_listing(shared)}")


def time_zone_hours(a_minutes: int, b_minutes: int) -> float:
    """Hours between two UTC offsets, the short way round the clock (0..12)."""
    diff = abs(a_minutes - b_minutes) % (24 * 60)
    return min(diff, 24 * 60 - diff) / 60


def time_zone(user: Member, candidate: Member) -> FactorValue | None:
    """Closeness of the UTC offsets: 1 for the same, 0 for twelve hours apart."""
    if user.utc_offset_minutes is None or candidate.utc_offset_minutes is None:
        return None
    hours = time_zone_hours(user.utc_offset_minutes, candidate.utc_offset_minutes)
    if hours == 0:
        return FactorValue(1.0, "Same time zone")
    return FactorValue(1 - hours / 12, lambda: f"{hours:g} hours apart in time")


def rating(candidate: Member) -> FactorValue:
    """The candidate's rating, pulled towards 3.5 while they have few ratings (0..1 over 1..5 stars)."""
    count = max(candidate.rating_count, 0)
    mean = (candidate.average_rating * count + PRIOR_RATING * PRIOR_COUNT) / (count + PRIOR_COUNT)
    score = min(1.0, max(0.0, (mean - 1) / 4))
    if count == 0:
        return FactorValue(score, "No ratings yet")
    return FactorValue(
        score, lambda: f"Rated {candidate.average_rating:.1f} from {count} rating{'s' if count != 1 else ''}"
    )


def distance_km(a: Member, b: Member) -> float | None:
    """Great-circle distance, or None when either shares no location."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def coarse_km(km: float) -> str:
    """A distance rounded up coarsely enough not to locate anyone ("within 10 km", "about 300 km")."""
    if km <= 10:
        return "within 10 km"
    if km <= 50:
        return "within 50 km"
    if km <= 1000:
        return f"about {math.ceil(km / 100) * 100:.0f} km"
    return f"about {math.ceil(km / 1000) * 1000:.0f} km"


def location(user: Member, candidate: Member) -> FactorValue | None:
    """Physical closeness: halves every LOCATION_HALF_KM."""
    km = distance_km(user, candidate)
    if km is None:
        return None
    return FactorValue(0.5 ** (km / LOCATION_HALF_KM), lambda: f"Lives {coarse_km(km)} away")


def price(candidate: Member, query: Query) -> FactorValue | None:
    """Whether the candidate's rate fits the budget: free or swapping scores 1, a fitting rate 0.5..1."""
    budget = query.budget
    if budget is None:
        return None
    if candidate.hourly_rate_minor is None or candidate.hourly_rate_minor == 0:
        return FactorValue(1.0, "Teaches for free")
    if candidate.accepts_skill_swap:
        return FactorValue(1.0, "Accepts a skill swap instead of money")
    if candidate.hourly_rate_currency != budget.currency:
        return FactorValue(0.0, f"Charges in {candidate.hourly_rate_currency}, not {budget.currency}")
    if candidate.hourly_rate_minor > budget.amount_minor:
        return FactorValue(0.0, "Charges more than your budget")
    return FactorValue(
        1 - 0.5 * candidate.hourly_rate_minor / max(budget.amount_minor, 1), "Charges within your budget"
    )


def semantic(similarity: float | None) -> FactorValue | None:
    """Cosine similarity of the profile embeddings, clamped at 0."""
    if similarity is None:
        return None
    score = min(1.0, max(0.0, similarity))
    if score >= 0.6:
        text = "Your profiles describe closely related interests"
    elif score >= 0.3:
        text = "Your profiles describe related interests"
    else:
        text = "Your profiles describe different interests"
    return FactorValue(score, text)


def factor_values(
    user: Member, candidate: Member, query: Query, names: Names, semantic_similarity: float | None
) -> dict[Factor, FactorValue]:
    """Every factor that applies to the pair under the query's intent."""
    values: dict[Factor, FactorValue | None] = {
        Factor.SKILL_FIT: skill_fit(user, candidate, query, names) if query.intent is not Intent.TEACH else None,
        Factor.RECIPROCITY: reciprocity(user, candidate, query, names) if query.intent is not Intent.LEARN else None,
        Factor.AVAILABILITY: availability(user, candidate),
        Factor.LANGUAGE: language(user, candidate),
        Factor.TIME_ZONE: time_zone(user, candidate),
        Factor.RATING: rating(candidate),
        Factor.LOCATION: location(user, candidate),
        Factor.PRICE: price(candidate, query),
        Factor.SEMANTIC_SIMILARITY: semantic(semantic_similarity),
    }
    return {factor: value for factor, value in values.items() if value is not None}


def _normalised(weights: Mapping[Factor, float], present: Iterable[Factor]) -> dict[Factor, float]:
    chosen = {f: weights[f] for f in present if f in weights}
    total = sum(chosen.values())
    return {f: w / total for f, w in chosen.items()} if total > 0 else {}


def _linear(
    values: Mapping[Factor, FactorValue], weights: Mapping[Factor, float], explain: bool
) -> tuple[float, tuple[Component, ...]]:
    components = []
    for factor, weight in weights.items():
        value = values[factor]
        text = value.explanation if explain else ""
        components.append(Component(factor, value.score, weight, value.score * weight, text))
    return sum(c.contribution for c in components), tuple(components)


def matched_skills(user: Member, candidate: Member, query: Query) -> tuple[tuple[uuid.UUID, Direction], ...]:
    """Skills connecting the pair: what the candidate teaches the user first (by level), then the reverse."""
    out: list[tuple[uuid.UUID, Direction]] = []
    if query.intent is not Intent.TEACH:
        _, covered = _coverage(_focus(user.wanted, query), candidate.offered)
        out += [(s, Direction.CANDIDATE_TEACHES) for s in covered]
    if query.intent is not Intent.LEARN:
        _, covered = _coverage(candidate.wanted, _focus(user.offered, query))
        out += [(s, Direction.USER_TEACHES) for s in covered]
    return tuple(out)


def skill_cosine(user: Member, candidate: Member, query: Query) -> float:
    """Cosine of the user's needs vector and the candidate's offers vector (see the module docstring)."""
    needs: dict[tuple[str, uuid.UUID], float] = {}
    offers: dict[tuple[str, uuid.UUID], float] = {}
    if query.intent is not Intent.TEACH:
        needs.update({("learn", s): 1.0 for s in _focus(user.wanted, query)})
        offers.update({("learn", s): level / 5 for s, level in candidate.offered.items()})
    if query.intent is not Intent.LEARN:
        needs.update({("teach", s): 1.0 for s in _focus(user.offered, query)})
        offers.update({("teach", s): 1.0 for s in candidate.wanted})
    dot = sum(weight * offers.get(key, 0.0) for key, weight in needs.items())
    if dot == 0:
        return 0.0
    norm = math.sqrt(sum(w * w for w in needs.values())) * math.sqrt(sum(w * w for w in offers.values()))
    return dot / norm


def score_pair(
    algorithm: Algorithm,
    user: Member,
    candidate: Member,
    query: Query,
    names: Names,
    semantic_similarity: float | None = None,
    *,
    explain: bool = True,
) -> Scored:
    """The pair's score under `algorithm`, with its breakdown (contributions add up to the score). Without
    `explain` the components' explanations are left empty (for ranking many candidates)."""
    skills = matched_skills(user, candidate, query)
    if algorithm is Algorithm.COSINE:
        value = skill_cosine(user, candidate, query)
        covered = [_name(names, s) for s, _ in skills]
        text = f"Your skill lists align on {_listing(covered)}" if covered else "Your skill lists do not align"
        component = Component(Factor.SKILL_FIT, value, 1.0, value, text)
        return Scored(value, (component,), skills)
    if algorithm is Algorithm.EMBEDDING:
        found = semantic(semantic_similarity) or FactorValue(0.0, "No embedding to compare yet")
        component = Component(Factor.SEMANTIC_SIMILARITY, found.score, 1.0, found.score, found.explanation)
        return Scored(found.score, (component,), skills)
    values = factor_values(user, candidate, query, names, semantic_similarity)
    if algorithm is Algorithm.EUCLIDEAN:
        parts = []
        for factor, weight in _normalised(EUCLIDEAN_WEIGHTS, values).items():
            found = values[factor]
            closeness = 1 - (1 - found.score) ** 2  # 1 - g^2: this factor's share of 1 - d^2
            text = found.explanation if explain else ""
            parts.append(Component(factor, closeness, weight, closeness * weight, text))
        return Scored(sum(c.contribution for c in parts), tuple(parts), skills)
    total, components = _linear(values, _normalised(HYBRID_WEIGHTS, values), explain)
    return Scored(total, components, skills)


# ------------------------------------------------------------------------------------- similar members


def similarity(algorithm: Algorithm, a: Member, b: Member, semantic_similarity: float | None = None) -> float:
    """How much two members resemble each other (0..1): same skills on the same side, same profile."""
    if algorithm is Algorithm.EMBEDDING:
        return min(1.0, max(0.0, semantic_similarity or 0.0))
    if algorithm is Algorithm.COSINE:
        va = {("o", s): level / 5 for s, level in a.offered.items()} | {("w", s): 1.0 for s in a.wanted}
        vb = {("o", s): level / 5 for s, level in b.offered.items()} | {("w", s): 1.0 for s in b.wanted}
        dot = sum(w * vb.get(k, 0.0) for k, w in va.items())
        if dot == 0:
            return 0.0
        return dot / (math.sqrt(sum(w * w for w in va.values())) * math.sqrt(sum(w * w for w in vb.values())))
    if algorithm is Algorithm.EUCLIDEAN:
        gaps = [1 - _jaccard(set(a.offered), set(b.offered)), 1 - _jaccard(set(a.wanted), set(b.wanted))]
        gaps.append(abs(_rating_unit(a) - _rating_unit(b)))
        if a.utc_offset_minutes is not None and b.utc_offset_minutes is not None:
            gaps.append(time_zone_hours(a.utc_offset_minutes, b.utc_offset_minutes) / 12)
        if a.languages and b.languages:
            gaps.append(1 - _jaccard(set(a.languages), set(b.languages)))
        return 1 - sum(g * g for g in gaps) / len(gaps)
    raise ValueError(f"{algorithm} does not measure similarity")


def _jaccard(a: set[object], b: set[object]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _rating_unit(member: Member) -> float:
    return rating(member).score


def shared_skills(a: Member, b: Member) -> list[uuid.UUID]:
    """Skills both teach or both want, highest combined level first."""
    both = [(a.offered[s] + b.offered[s], s) for s in a.offered.keys() & b.offered.keys()]
    both += [(a.wanted[s] + b.wanted[s], s) for s in a.wanted.keys() & b.wanted.keys()]
    both.sort(key=lambda pair: (-pair[0], str(pair[1])))
    seen: list[uuid.UUID] = []
    for _, skill_id in both:
        if skill_id not in seen:
            seen.append(skill_id)
    return seen


# --------------------------------------------------------------------------------- rankings and mixing


def ranking_digest(
    user_id: uuid.UUID, query_key: Mapping[str, object], entries: Sequence[tuple[uuid.UUID, float]]
) -> str:
    """A fingerprint of one ranking: the same user, request and result give the same digest, so a retried
    read is recognised and recorded once."""
    body = json.dumps(
        {"u": str(user_id), "q": query_key, "e": [[str(c), round(s, 6)] for c, s in entries]},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def mix_in(ranked: Sequence[uuid.UUID], explorers: Sequence[uuid.UUID], every: int, limit: int) -> list[uuid.UUID]:
    """`ranked` with one explorer after every `every` ranked members (explorers already ranked are skipped),
    at most `limit` in all: exploration as Gorse does it, a few new or rising members among the best fits."""
    out: list[uuid.UUID] = []
    pending = [e for e in explorers if e not in set(ranked)]
    for index, member in enumerate(ranked, start=1):
        out.append(member)
        if index % every == 0 and pending:
            out.append(pending.pop(0))
    out.extend(pending)
    return out[:limit]
