"""The use cases of MatchingService: find, score, recommend, similar members, history and dismissals; the
projection of members into the read model (jobs and the MemberListener).

Members come from the user domain (`MemberDirectory`, internal/matching/ports.py): the subject of a request
is always read fresh from it (so a member's own change counts at once), candidates from the read model
`match_members`, which the `matching.refresh` job keeps in step. Scores come from the pure
`internal/matching/algorithms.py`.
"""

from __future__ import annotations

import math
import uuid
import zoneinfo
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from skillsphere.common.v1.error_reason import ErrorReason as PlatformReason
from skillsphere.matching.v1.error_reason import ErrorReason

from internal.matching.algorithms import (
    Algorithm,
    Budget,
    Component,
    Direction,
    Factor,
    Intent,
    Member,
    Query,
    Scored,
    mix_in,
    ranking_digest,
    score_pair,
    shared_skills,
    similarity,
)
from internal.matching.models import (
    Candidate,
    CandidateFilter,
    DismissalView,
    MatchedSkill,
    MatchHistoryEntry,
    MatchPage,
    MatchRanking,
    MatchView,
    RecommendationPage,
    RecommendationSet,
    RecommendationView,
    SimilarView,
)
from internal.matching.ports import MemberDirectory, MemberSnapshot
from internal.matching.repository import MatchingRepository, MemberRow
from pkg.authz import Caller
from pkg.cache import CacheHub
from pkg.db import UnitOfWorkFactory
from pkg.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied, ResourceExhausted
from pkg.log import get_logger
from pkg.pagination import Page, Paginator

log = get_logger("matching")

BACKFILL_JOB = "matching.backfill"
RECOMMENDATIONS_CACHE = "match_recommendations"
# A FindMatches ranking: at most this many matches, kept (pages, "the same ranking") this long.
RANKING_SIZE = 100
RANKING_LIFETIME = timedelta(minutes=15)
SIMILAR_SIZE = 100
RECOMMENDATIONS_SIZE = 30
RECOMMENDATIONS_LIFETIME = timedelta(hours=24)
REFRESH_INTERVAL = timedelta(hours=1)
# Exploration: one new or rising member after every EXPLORE_EVERY recommendations, at most EXPLORERS.
EXPLORE_EVERY = 5
EXPLORERS = 3
NEWCOMER_WINDOW = timedelta(days=30)
# Candidate generation: holders walked per (skill, side), nearest neighbours by embedding.
CANDIDATE_BUDGET = 240
BACKFILL_BATCH = 500
CARD_SKILLS = 5


def _utcnow() -> datetime:
    return datetime.now(UTC)


def user_not_found(user_id: uuid.UUID) -> NotFound:
    """The answer for a member who does not exist, is not visible, or is blocked either way."""
    return NotFound(
        "No such member, or their profile is not visible to you.",
        reason=ErrorReason.USER_NOT_FOUND,
        metadata={"user_id": str(user_id)},
    )


def embedding_missing(user_id: uuid.UUID) -> FailedPrecondition:
    """EMBEDDING asked for a member without an embedding."""
    return FailedPrecondition(
        "This member has no embedding yet; retry shortly or use another algorithm.",
        reason=ErrorReason.EMBEDDING_MISSING,
        metadata={"user_id": str(user_id)},
    )


def _offset_minutes(time_zone: str, now: datetime) -> int | None:
    if not time_zone:
        return None
    try:
        offset = now.astimezone(zoneinfo.ZoneInfo(time_zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return None if offset is None else int(offset.total_seconds() // 60)


def _weekly(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    week = 7 * 24 * 60
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if end > start:
            out.append((start, min(end, week)))
        elif end < start:  # wraps past Sunday midnight
            out += [(start, week), (0, end)]
    return tuple(sorted(out))


def _cosine(a: Sequence[float] | None, b: Sequence[float] | None) -> float | None:
    if a is None or b is None or len(a) != len(b):
        return None
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else None


def card_of(snapshot: MemberSnapshot) -> dict[str, Any]:
    """The member's UserSummary as JSON."""

    def skills(kind: str) -> list[dict[str, Any]]:
        held = sorted((s for s in snapshot.skills if s.kind == kind), key=lambda s: (-s.proficiency, s.name))
        return [{"skill_id": str(s.skill_id), "name": s.name, "proficiency": s.proficiency} for s in held]

    rate = None
    if snapshot.hourly_rate_minor is not None and snapshot.hourly_rate_currency:
        rate = {"amount_minor": snapshot.hourly_rate_minor, "currency": snapshot.hourly_rate_currency}
    return {
        "user_id": str(snapshot.user_id),
        "display_name": snapshot.display_name,
        "headline": snapshot.headline,
        "avatar_uri": snapshot.avatar_uri,
        "teaches": skills("offered")[:CARD_SKILLS],
        "learns": skills("wanted")[:CARD_SKILLS],
        "average_rating": snapshot.average_rating,
        "rating_count": snapshot.rating_count,
        "hourly_rate": rate,
        "accepts_skill_swap": snapshot.accepts_skill_swap,
        "country_code": snapshot.country_code,
        "time_zone": snapshot.time_zone,
        "language_tags": list(snapshot.language_codes),
        "verified": snapshot.verified,
        "is_mentor": snapshot.is_mentor,
    }


def member_of(snapshot: MemberSnapshot, now: datetime) -> Member:
    """Scoring features of a snapshot."""
    return Member(
        user_id=snapshot.user_id,
        offered={s.skill_id: s.proficiency for s in snapshot.skills if s.kind == "offered"},
        wanted={s.skill_id: s.proficiency for s in snapshot.skills if s.kind == "wanted"},
        languages=frozenset(tag.split("-")[0].lower() for tag in snapshot.language_codes),
        utc_offset_minutes=_offset_minutes(snapshot.time_zone, now),
        weekly=_weekly(snapshot.weekly_availability),
        average_rating=snapshot.average_rating,
        rating_count=snapshot.rating_count,
        latitude=snapshot.latitude,
        longitude=snapshot.longitude,
        hourly_rate_minor=snapshot.hourly_rate_minor,
        hourly_rate_currency=snapshot.hourly_rate_currency,
        accepts_skill_swap=snapshot.accepts_skill_swap,
    )


def row_of(snapshot: MemberSnapshot, now: datetime) -> MemberRow:
    """The read-model row of a live, non-private member."""
    member = member_of(snapshot, now)
    count = snapshot.rating_count
    quality = ((snapshot.average_rating * count + 3.5 * 5) / (count + 5) - 1) / 4
    return MemberRow(
        user_id=snapshot.user_id,
        visibility=snapshot.visibility,
        card=card_of(snapshot),
        offered=sorted(member.offered.items(), key=lambda p: str(p[0])),
        wanted=sorted(member.wanted.items(), key=lambda p: str(p[0])),
        languages=sorted(member.languages),
        utc_offset_minutes=member.utc_offset_minutes,
        weekly=member.weekly,
        average_rating=snapshot.average_rating,
        rating_count=snapshot.rating_count,
        is_mentor=snapshot.is_mentor,
        verified=snapshot.verified,
        accepts_skill_swap=snapshot.accepts_skill_swap,
        hourly_rate_minor=snapshot.hourly_rate_minor,
        hourly_rate_currency=snapshot.hourly_rate_currency,
        latitude=snapshot.latitude,
        longitude=snapshot.longitude,
        embedding=tuple(snapshot.embedding) if snapshot.embedding is not None else None,
        member_since=snapshot.create_time,
        source_update_time=snapshot.update_time,
        rank_quality=min(1.0, max(0.0, quality)),
    )


@dataclass(frozen=True, slots=True)
class Subject:
    """The member a request is about, read fresh from the user domain."""

    snapshot: MemberSnapshot
    member: Member
    names: dict[uuid.UUID, str]
    embedding: Sequence[float] | None


@dataclass(frozen=True, slots=True)
class MatchRequest:
    """FindMatches' filter as the handler read it."""

    intent: Intent = Intent.ANY
    skill_ids: tuple[uuid.UUID, ...] = ()
    min_score: float = 0.0
    languages: tuple[str, ...] = ()
    max_time_zone_hours: int = 0
    max_distance_km: float = 0.0
    budget: Budget | None = None
    require_availability_overlap: bool = False
    exclude_ids: tuple[uuid.UUID, ...] = ()
    min_proficiency: int = 0
    min_rating: float = 0.0
    mentors_only: bool = False
    verified_only: bool = False


def _components_json(components: Sequence[Component]) -> list[dict[str, Any]]:
    return [
        {
            "factor": c.factor.value,
            "score": c.score,
            "weight": c.weight,
            "contribution": c.contribution,
            "explanation": c.explanation,
        }
        for c in components
    ]


def _components_from(data: Sequence[Mapping[str, Any]]) -> tuple[Component, ...]:
    return tuple(
        Component(Factor(c["factor"]), c["score"], c["weight"], c["contribution"], c["explanation"]) for c in data
    )


def _skills_json(skills: Sequence[tuple[uuid.UUID, Direction]], names: Mapping[uuid.UUID, str]) -> list[dict[str, Any]]:
    return [{"skill_id": str(s), "name": names.get(s, ""), "direction": d.value} for s, d in skills]


def _skills_from(data: Sequence[Mapping[str, Any]]) -> tuple[MatchedSkill, ...]:
    return tuple(MatchedSkill(uuid.UUID(s["skill_id"]), s["name"], Direction(s["direction"])) for s in data)


def _public_card(card: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in card.items() if k != "skill_names"}


def _entry_view(entry: MatchHistoryEntry) -> MatchView:
    return MatchView(
        id=entry.id,
        user_id=entry.user_id,
        candidate=entry.candidate,
        score=entry.score,
        algorithm=Algorithm(entry.algorithm),
        components=_components_from(entry.breakdown),
        matched_skills=_skills_from(entry.matched_skills),
        create_time=entry.created_at,
    )


class MatchingService:
    """Matching use cases and the projection of members into the read model."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        members: MemberDirectory,
        cache: CacheHub,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._members = members
        self._recommendations = cache.cache(RECOMMENDATIONS_CACHE, ttl=3600.0)
        self._now = clock

    # ------------------------------------------------------------------------------------- projection

    async def refresh_members(self, user_ids: Sequence[uuid.UUID]) -> int:
        """Project these members into the read model (or remove them), and mark stale every recommendation
        set that is theirs or shows them; returns how many rows were written."""
        written = 0
        snapshots = await self._members.member_snapshots(list(user_ids))
        now = self._now()
        async with self._uow() as uow:
            repo = MatchingRepository(uow.session)
            for user_id in user_ids:
                snapshot = snapshots.get(user_id)
                if snapshot is None or not snapshot.live or snapshot.visibility == "private":
                    await repo.delete_member(user_id)
                else:
                    written += await repo.upsert_member(row_of(snapshot, now), now)
                for owner in await repo.mark_stale(user_id):
                    await self._recommendations.invalidate(uow.session, str(owner))
            await uow.commit()
        return written

    async def backfill(self) -> int:
        """Project every member the read model lacks, and drop rows of members the user domain no longer
        lists as live; returns how many were projected."""
        projected = 0
        after: uuid.UUID | None = None
        while True:
            ids = await self._members.member_ids_after(after, BACKFILL_BATCH)
            if not ids:
                break
            after = ids[-1]
            async with self._uow() as uow:
                have = await MatchingRepository(uow.session).projected_ids(ids)
                await uow.commit()
            missing = [i for i in ids if i not in have]
            if missing:
                projected += await self.refresh_members(missing)
        after = None
        while True:
            async with self._uow() as uow:
                ids = await MatchingRepository(uow.session).member_ids_after(after, BACKFILL_BATCH)
                await uow.commit()
            if not ids:
                break
            after = ids[-1]
            snapshots = await self._members.member_snapshots(ids)
            gone = [
                i for i in ids if i not in snapshots or not snapshots[i].live or snapshots[i].visibility == "private"
            ]
            if gone:
                await self.refresh_members(gone)
        return projected

    # ------------------------------------------------------------------------------------------ shared

    def _owner(self, caller: Caller, user_id: uuid.UUID | None) -> uuid.UUID:
        me = caller.require_signed_in()
        target = user_id or me
        if target != me and not caller.is_admin:
            raise PermissionDenied(
                "Only the member themselves or an admin may see these matches.", reason=ErrorReason.NOT_MATCH_OWNER
            )
        return target

    async def _subject(self, user_id: uuid.UUID) -> Subject:
        snapshot = (await self._members.member_snapshots([user_id])).get(user_id)
        if snapshot is None or not snapshot.live:
            raise user_not_found(user_id)
        return Subject(
            snapshot=snapshot,
            member=member_of(snapshot, self._now()),
            names={s.skill_id: s.name for s in snapshot.skills},
            embedding=snapshot.embedding,
        )

    async def _excluded(self, repo: MatchingRepository, user_id: uuid.UUID, *extra: uuid.UUID) -> set[uuid.UUID]:
        excluded = {user_id, *extra}
        excluded |= await repo.dismissed_ids(user_id)
        excluded |= set(await self._members.blocked_either_way(user_id))
        return excluded

    @staticmethod
    def _filter(subject: Subject, request: MatchRequest, excluded: set[uuid.UUID]) -> CandidateFilter:
        member = subject.member
        focus = set(request.skill_ids)
        learn = tuple(s for s in member.wanted if not focus or s in focus)
        teach = tuple(s for s in member.offered if not focus or s in focus)
        return CandidateFilter(
            exclude_ids=frozenset(excluded | set(request.exclude_ids)),
            intent=request.intent,
            learn_skill_ids=learn,
            teach_skill_ids=teach,
            min_proficiency=request.min_proficiency,
            languages=tuple(sorted({tag.split("-")[0].lower() for tag in request.languages})),
            subject_offset_minutes=member.utc_offset_minutes,
            max_time_zone_hours=request.max_time_zone_hours if member.utc_offset_minutes is not None else 0,
            subject_latitude=member.latitude,
            subject_longitude=member.longitude,
            max_distance_km=request.max_distance_km,
            max_rate_minor=request.budget.amount_minor if request.budget else None,
            max_rate_currency=request.budget.currency if request.budget else None,
            subject_weekly=member.weekly,
            require_availability_overlap=request.require_availability_overlap,
            min_rating=request.min_rating,
            mentors_only=request.mentors_only,
            verified_only=request.verified_only,
        )

    @staticmethod
    def _pairs(flt: CandidateFilter) -> list[tuple[uuid.UUID, str]]:
        pairs: list[tuple[uuid.UUID, str]] = []
        if flt.intent is not Intent.TEACH:
            pairs += [(s, "offered") for s in flt.learn_skill_ids]
        if flt.intent is not Intent.LEARN:
            pairs += [(s, "wanted") for s in flt.teach_skill_ids]
        return pairs

    async def _rank(
        self,
        repo: MatchingRepository,
        subject: Subject,
        algorithm: Algorithm,
        flt: CandidateFilter,
        query: Query,
        *,
        size: int,
        min_score: float = 0.0,
    ) -> list[tuple[Candidate, Scored]]:
        """Generate candidates (by skill, by embedding), score them all, best first, explained with cards."""
        scored = await self._score(repo, subject, algorithm, flt, query, size=size, min_score=min_score)
        return await self._explained(repo, subject, algorithm, query, scored)

    async def _score(
        self,
        repo: MatchingRepository,
        subject: Subject,
        algorithm: Algorithm,
        flt: CandidateFilter,
        query: Query,
        *,
        size: int,
        min_score: float = 0.0,
    ) -> list[tuple[Candidate, Scored]]:
        """The best `size` candidates, scored without explanations or cards (enough for a ranking's digest;
        `_explained` completes the few that are shown or recorded)."""
        candidates: list[Candidate] = []
        pairs = self._pairs(flt)
        vector = subject.embedding
        if algorithm is not Algorithm.EMBEDDING and pairs:
            per_skill = max(20, min(100, CANDIDATE_BUDGET // len(pairs)))
            candidates = await repo.by_skill(pairs, flt, per_skill, vector)
        if vector is not None and algorithm is Algorithm.EMBEDDING:
            # HYBRID needs no neighbour search: a candidate must share a skill anyway, and the skill walk
            # computes every candidate's embedding similarity in the same statement.
            near = await repo.nearest(vector, flt, size)
            candidates = await repo.candidates([user_id for user_id, _ in near], vector)
        scored = []
        for candidate in candidates:
            result = score_pair(
                algorithm, subject.member, candidate.member, query, subject.names, candidate.semantic, explain=False
            )
            if result.score >= min_score and (algorithm is Algorithm.EMBEDDING or result.matched_skills):
                scored.append((candidate, result))
        scored.sort(key=lambda pair: (-pair[1].score, str(pair[0].member.user_id)))
        return scored[:size]

    async def _explained(
        self,
        repo: MatchingRepository,
        subject: Subject,
        algorithm: Algorithm,
        query: Query,
        scored: list[tuple[Candidate, Scored]],
    ) -> list[tuple[Candidate, Scored]]:
        """The scored candidates with their explanations and cards."""
        explained = [
            (c, score_pair(algorithm, subject.member, c.member, query, subject.names, c.semantic)) for c, _ in scored
        ]
        return await self._with_cards(repo, explained)

    @staticmethod
    async def _with_cards(repo: MatchingRepository, ranked: list[tuple[Candidate, Any]]) -> list[tuple[Candidate, Any]]:
        """The ranked candidates with their cards (fetched for these few only)."""
        cards = await repo.cards([c.member.user_id for c, _ in ranked])
        return [
            (replace(c, card=cards.get(c.member.user_id, {"user_id": str(c.member.user_id)})), s) for c, s in ranked
        ]

    # -------------------------------------------------------------------------------------- FindMatches

    async def find_matches(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID | None,
        algorithm: Algorithm,
        request: MatchRequest,
        page_size: int,
        page_token: str,
    ) -> MatchPage:
        """A page of the user's ranking; the first page computes and records it (once per digest)."""
        target = self._owner(caller, user_id)
        key = {
            "rpc": "FindMatches",
            "user": str(target),
            "algorithm": algorithm.value,
            "min_score": request.min_score,
            "exclude": sorted(map(str, request.exclude_ids)),
            "skills": sorted(map(str, request.skill_ids)),
            "filter": [
                request.intent.value,
                request.min_proficiency,
                sorted(request.languages),
                request.max_time_zone_hours,
                request.max_distance_km,
                [request.budget.amount_minor, request.budget.currency] if request.budget else None,
                request.require_availability_overlap,
                request.min_rating,
                request.mentors_only,
                request.verified_only,
            ],
        }
        page = self._pages.request(page_size=page_size, page_token=page_token, query=key)
        if not page.first:
            position = page.position(lambda p: (uuid.UUID(p["r"]), int(p["n"])))
            assert position is not None
            ranking_id, after = position
            async with self._uow() as uow:
                repo = MatchingRepository(uow.session)
                ranking = await repo.ranking(ranking_id)
                if ranking is None or ranking.created_at < self._now() - RANKING_LIFETIME:
                    raise InvalidArgument(
                        field="page_token",
                        description="has expired (a ranking is kept for 15 minutes); start from the first page",
                        reason=PlatformReason.INVALID_PAGE_TOKEN,
                    )
                entries = await repo.ranking_entries(ranking_id, after, page.limit)
                await uow.commit()
            result = page.page(entries, key=lambda e: {"r": str(e.ranking_id), "n": e.position})
            return MatchPage([_entry_view(e) for e in result.items], result.next_page_token, algorithm)

        subject = await self._subject(target)
        member = subject.member
        if not member.has_skills:
            raise FailedPrecondition(
                "The member lists no skills to learn or teach; add some first.", reason=ErrorReason.NO_SKILLS
            )
        held = set(member.offered) | set(member.wanted)
        for index, skill_id in enumerate(request.skill_ids):
            if skill_id not in held:
                raise InvalidArgument(
                    field=f"filter.skill_ids[{index}]",
                    description="is not a skill the member teaches or wants to learn",
                    reason=ErrorReason.SKILL_NOT_HELD,
                    metadata={"skill_id": str(skill_id)},
                )
        if request.max_distance_km and (member.latitude is None or member.longitude is None):
            raise FailedPrecondition(
                "max_distance_km needs a location on the member's profile.", reason=ErrorReason.NO_LOCATION
            )
        if algorithm is Algorithm.EMBEDDING and subject.embedding is None:
            raise embedding_missing(target)
        query = Query(intent=request.intent, skill_ids=frozenset(request.skill_ids), budget=request.budget)
        now = self._now()
        async with self._uow() as uow:
            repo = MatchingRepository(uow.session)
            flt = self._filter(subject, request, await self._excluded(repo, target))
            shortlist = await self._score(
                repo, subject, algorithm, flt, query, size=RANKING_SIZE, min_score=request.min_score
            )
            digest = ranking_digest(target, key, [(c.member.user_id, s.score) for c, s in shortlist])
            await repo.lock_ranking(target, digest)
            ranking = await repo.recent_ranking(target, digest, now - RANKING_LIFETIME)
            if ranking is None:
                # A new ranking: explained and carded once, as it is recorded (a repeated read of the same
                # ranking pages the recorded entries instead).
                ranked = await self._explained(repo, subject, algorithm, query, shortlist)
                ranking = MatchRanking(
                    id=uuid.uuid4(),
                    user_id=target,
                    digest=digest,
                    algorithm=algorithm.value,
                    size=len(ranked),
                    created_at=now,
                )
                entries = [
                    MatchHistoryEntry(
                        id=uuid.uuid4(),
                        ranking_id=ranking.id,
                        user_id=target,
                        candidate_id=candidate.member.user_id,
                        position=position,
                        score=scored.score,
                        algorithm=algorithm.value,
                        breakdown=_components_json(scored.components),
                        matched_skills=_skills_json(scored.matched_skills, subject.names),
                        candidate=_public_card(candidate.card),
                        created_at=now,
                    )
                    for position, (candidate, scored) in enumerate(ranked, start=1)
                ]
                await repo.record_ranking(ranking, entries)
                log.info("match_ranking_recorded", user_id=str(target), size=len(entries), algorithm=algorithm.value)
            entries = await repo.ranking_entries(ranking.id, 0, page.limit)
            await uow.commit()
        result = page.page(entries, key=lambda e: {"r": str(e.ranking_id), "n": e.position})
        return MatchPage([_entry_view(e) for e in result.items], result.next_page_token, algorithm)

    # ------------------------------------------------------------------------------------ GetMatchScore

    async def get_match_score(
        self, *, caller: Caller, user_id: uuid.UUID | None, candidate_id: uuid.UUID, algorithm: Algorithm
    ) -> MatchView:
        """Score one candidate for the user (not recorded)."""
        target = self._owner(caller, user_id)
        if candidate_id == target:
            raise InvalidArgument(
                field="candidate_user_id", description="is the member themselves", reason=ErrorReason.SELF_MATCH
            )
        snapshots = await self._members.member_snapshots([target, candidate_id])
        subject_snapshot = snapshots.get(target)
        if subject_snapshot is None or not subject_snapshot.live:
            raise user_not_found(target)
        other = snapshots.get(candidate_id)
        if (
            other is None
            or not other.live
            or (other.visibility == "private" and not caller.is_self_or_admin(candidate_id))
            or await self._members.is_blocked_between(target, candidate_id)
        ):
            raise user_not_found(candidate_id)
        if algorithm is Algorithm.EMBEDDING:
            for snapshot in (subject_snapshot, other):
                if snapshot.embedding is None:
                    raise embedding_missing(snapshot.user_id)
        names = {s.skill_id: s.name for s in (*subject_snapshot.skills, *other.skills)}
        now = self._now()
        scored = score_pair(
            algorithm,
            member_of(subject_snapshot, now),
            member_of(other, now),
            Query(),
            names,
            _cosine(subject_snapshot.embedding, other.embedding),
        )
        return MatchView(
            id=None,
            user_id=target,
            candidate=_public_card(card_of(other)),
            score=scored.score,
            algorithm=algorithm,
            components=scored.components,
            matched_skills=tuple(MatchedSkill(s, names.get(s, ""), d) for s, d in scored.matched_skills),
            create_time=now,
        )

    # ------------------------------------------------------------------------------- GetRecommendations

    async def get_recommendations(
        self, *, caller: Caller, kinds: Sequence[str], refresh: bool, page_size: int, page_token: str
    ) -> RecommendationPage:
        """A page of the caller's recommendation set (computed when missing, stale, a day old or refreshed)."""
        me = caller.require_signed_in()
        key = {"rpc": "GetRecommendations", "user": str(me), "kinds": sorted(kinds)}
        page = self._pages.request(page_size=page_size, page_token=page_token, query=key)
        if refresh and page.first:
            stored = await self._refresh_recommendations(me, forced=True)
        else:

            async def load() -> RecommendationSet:
                return await self._refresh_recommendations(me, forced=False)

            stored = await self._recommendations.get_or_load(str(me), load)
        position = page.position(lambda p: (uuid.UUID(p["g"]), int(p["n"])))
        if position is not None and position[0] != stored.generation:
            raise InvalidArgument(
                field="page_token",
                description="belongs to an older set of recommendations; start from the first page",
                reason=PlatformReason.INVALID_PAGE_TOKEN,
            )
        after = position[1] if position is not None else -1
        hidden = set(await self._members.blocked_either_way(me))
        async with self._uow() as uow:
            hidden |= await MatchingRepository(uow.session).dismissed_ids(me)
            await uow.commit()
        rows = [
            (index, item)
            for index, item in enumerate(stored.items)
            if index > after and uuid.UUID(item["candidate_id"]) not in hidden and (not kinds or item["kind"] in kinds)
        ][: page.limit]
        result = page.page(rows, key=lambda row: {"g": str(stored.generation), "n": row[0]})
        views = [
            RecommendationView(
                id=uuid.UUID(item["id"]),
                kind=item["kind"],
                match=MatchView(
                    id=None,
                    user_id=me,
                    candidate=item["card"],
                    score=item["score"],
                    algorithm=Algorithm.HYBRID,
                    components=_components_from(item["components"]),
                    matched_skills=_skills_from(item["matched_skills"]),
                    create_time=stored.generated_at,
                ),
                reason=item["reason"],
                create_time=stored.generated_at,
            )
            for _, item in result.items
        ]
        return RecommendationPage(views, result.next_page_token, stored.generated_at)

    async def _refresh_recommendations(self, user_id: uuid.UUID, *, forced: bool) -> RecommendationSet:
        """The stored set when it is current; else compute, store and return a new one. `forced` (refresh)
        recomputes unless the previous refresh was within the hour (REFRESH_TOO_SOON)."""
        now = self._now()
        async with self._uow() as uow:
            repo = MatchingRepository(uow.session)
            await repo.lock_recommendations(user_id)
            stored = await repo.recommendation_set(user_id)
            if forced and stored is not None and stored.refreshed_at is not None:
                wait = stored.refreshed_at + REFRESH_INTERVAL - now
                if wait > timedelta(0):
                    raise ResourceExhausted(
                        "Recommendations may be refreshed once per hour.",
                        retry_after=wait.total_seconds(),
                        reason=ErrorReason.REFRESH_TOO_SOON,
                    )
            current = stored is not None and not stored.stale and stored.generated_at > now - RECOMMENDATIONS_LIFETIME
            if current and not forced:
                assert stored is not None
                await uow.commit()
                return stored
            subject = await self._subject(user_id)
            if not subject.member.has_skills:
                raise FailedPrecondition(
                    "You list no skills to learn or teach; add some to get recommendations.",
                    reason=ErrorReason.NO_SKILLS,
                )
            flt = self._filter(subject, MatchRequest(), await self._excluded(repo, user_id))
            ranked = await self._rank(repo, subject, Algorithm.HYBRID, flt, Query(), size=RECOMMENDATIONS_SIZE)
            by_id = {c.member.user_id: (c, s) for c, s in ranked}
            explorers: list[uuid.UUID] = []
            newcomers = await repo.newcomers(flt, now - NEWCOMER_WINDOW, EXPLORERS * 3)
            for candidate in await repo.candidates([n for n in newcomers if n not in by_id], subject.embedding):
                scored = score_pair(
                    Algorithm.HYBRID,
                    subject.member,
                    candidate.member,
                    Query(),
                    subject.names,
                    candidate.semantic,
                )
                if scored.matched_skills and len(explorers) < EXPLORERS:
                    by_id[candidate.member.user_id] = (candidate, scored)
                    explorers.append(candidate.member.user_id)
            order = mix_in([c.member.user_id for c, _ in ranked], explorers, EXPLORE_EVERY, RECOMMENDATIONS_SIZE)
            by_id = {c.member.user_id: (c, sc) for c, sc in await self._with_cards(repo, [by_id[u] for u in order])}
            items = []
            for user in order:
                candidate, scored = by_id[user]
                names = subject.names
                kind = _kind(scored)
                items.append(
                    {
                        "id": str(uuid.uuid5(user_id, f"{now.isoformat()}:{user}")),
                        "candidate_id": str(user),
                        "kind": kind,
                        "card": _public_card(candidate.card),
                        "score": scored.score,
                        "components": _components_json(scored.components),
                        "matched_skills": _skills_json(scored.matched_skills, names),
                        "reason": _reason(kind, scored, names, explorer=user in explorers),
                        "explore": user in explorers,
                    }
                )
            row = RecommendationSet(
                user_id=user_id,
                generation=uuid.uuid4(),
                generated_at=now,
                refreshed_at=now if forced else (stored.refreshed_at if stored is not None else None),
                stale=False,
                candidate_ids=list(order),
                items=items,
            )
            await repo.store_recommendations(row)
            await self._recommendations.invalidate(uow.session, str(user_id))
            await uow.commit()
        log.info("match_recommendations_computed", user_id=str(user_id), size=len(items), forced=forced)
        return row

    # --------------------------------------------------------------------------------- GetSimilarUsers

    async def get_similar_users(
        self, *, caller: Caller, user_id: uuid.UUID, algorithm: Algorithm, page_size: int, page_token: str
    ) -> Page[SimilarView]:
        """Members who resemble `user_id`, most similar first."""
        me = caller.require_signed_in()
        if algorithm is Algorithm.HYBRID:
            raise InvalidArgument(
                field="algorithm",
                description="HYBRID has no meaning for similarity; use COSINE, EUCLIDEAN or EMBEDDING",
                reason=ErrorReason.ALGORITHM_NOT_SUPPORTED,
            )
        key = {"rpc": "GetSimilarUsers", "user": str(user_id), "caller": str(me), "algorithm": algorithm.value}
        page = self._pages.request(page_size=page_size, page_token=page_token, query=key)
        subject = await self._subject(user_id)
        if (subject.snapshot.visibility == "private" and not caller.is_self_or_admin(user_id)) or (
            me != user_id and await self._members.is_blocked_between(me, user_id)
        ):
            raise user_not_found(user_id)
        if algorithm is Algorithm.EMBEDDING and subject.embedding is None:
            raise embedding_missing(user_id)
        async with self._uow() as uow:
            repo = MatchingRepository(uow.session)
            excluded = await self._excluded(repo, me, user_id)
            excluded |= set(await self._members.blocked_either_way(user_id))
            flt = CandidateFilter(exclude_ids=frozenset(excluded), intent=Intent.ANY)
            if algorithm is Algorithm.EMBEDDING:
                assert subject.embedding is not None
                near = await repo.nearest(subject.embedding, replace(flt, skill_gate=False), SIMILAR_SIZE)
                candidates = await repo.candidates([i for i, _ in near], subject.embedding)
            else:
                pairs = [(s, "offered") for s in subject.member.offered] + [
                    (s, "wanted") for s in subject.member.wanted
                ]
                per_skill = max(20, min(100, CANDIDATE_BUDGET // max(1, len(pairs))))
                candidates = await repo.by_skill(pairs, replace(flt, skill_gate=False), per_skill)
            await uow.commit()
        ranked = sorted(
            ((similarity(algorithm, subject.member, c.member, c.semantic), c) for c in candidates),
            key=lambda pair: (-pair[0], str(pair[1].member.user_id)),
        )[:SIMILAR_SIZE]
        after = page.position(lambda p: (float(p["s"]), str(p["id"])))
        if after is not None:
            ranked = [r for r in ranked if (-r[0], str(r[1].member.user_id)) > (-after[0], after[1])]
        ranked = ranked[: page.limit]
        async with self._uow() as uow:
            cards = await MatchingRepository(uow.session).cards([c.member.user_id for _, c in ranked])
            await uow.commit()
        ranked = [(sim, replace(c, card=cards.get(c.member.user_id, {}))) for sim, c in ranked]
        result = page.page(ranked, key=lambda r: {"s": r[0], "id": str(r[1].member.user_id)})
        names = dict(subject.names)
        return result.map(
            lambda r: SimilarView(
                card=_public_card(r[1].card),
                similarity=r[0],
                shared_skills=tuple((s, names.get(s, "")) for s in shared_skills(subject.member, r[1].member)[:10]),
            )
        )

    # ------------------------------------------------------------------------------- ListMatchHistory

    async def list_match_history(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID | None,
        candidate_id: uuid.UUID | None,
        page_size: int,
        page_token: str,
    ) -> Page[MatchView]:
        """The user's recorded matches, newest ranking first."""
        target = self._owner(caller, user_id)
        key = {"rpc": "ListMatchHistory", "user": str(target), "candidate": str(candidate_id or "")}
        page = self._pages.request(page_size=page_size, page_token=page_token, query=key)
        after = page.position(lambda p: (datetime.fromisoformat(p["t"]), uuid.UUID(p["r"]), int(p["n"])))
        async with self._uow() as uow:
            rows = await MatchingRepository(uow.session).history(target, candidate_id, after, page.limit)
            await uow.commit()
        result = page.page(rows, key=lambda e: {"t": e.created_at.isoformat(), "r": str(e.ranking_id), "n": e.position})
        return result.map(_entry_view)

    # -------------------------------------------------------------------------------------- dismissals

    async def dismiss_match(self, *, caller: Caller, candidate_id: uuid.UUID) -> DismissalView:
        """Hide a candidate from the caller's results; idempotent."""
        me = caller.require_signed_in()
        if candidate_id == me:
            raise InvalidArgument(field="candidate_user_id", description="is yourself", reason=ErrorReason.SELF_MATCH)
        candidate = (await self._members.member_snapshots([candidate_id])).get(candidate_id)
        if candidate is None:
            raise user_not_found(candidate_id)
        async with self._uow() as uow:
            repo = MatchingRepository(uow.session)
            dismissal = await repo.dismiss(me, candidate_id, self._now())
            for owner in await repo.mark_stale(me):
                if owner == me:
                    await self._recommendations.invalidate(uow.session, str(me))
            card = (await repo.cards([candidate_id])).get(candidate_id, {"user_id": str(candidate_id)})
            await uow.commit()
        return DismissalView(me, _public_card(card), dismissal.created_at)

    async def undo_dismiss_match(self, *, caller: Caller, candidate_id: uuid.UUID) -> None:
        """Allow a dismissed candidate again."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = MatchingRepository(uow.session)
            if not await repo.undismiss(me, candidate_id):
                raise NotFound(
                    "You have not dismissed this member.",
                    reason=ErrorReason.DISMISSAL_NOT_FOUND,
                    metadata={"user_id": str(candidate_id)},
                )
            await repo.mark_stale(me)
            await self._recommendations.invalidate(uow.session, str(me))
            await uow.commit()

    async def list_dismissed_matches(self, *, caller: Caller, page_size: int, page_token: str) -> Page[DismissalView]:
        """The caller's dismissals, most recent first."""
        me = caller.require_signed_in()
        page = self._pages.request(
            page_size=page_size, page_token=page_token, query={"rpc": "ListDismissedMatches", "user": str(me)}
        )
        after = page.position(lambda p: (datetime.fromisoformat(p["t"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            repo = MatchingRepository(uow.session)
            rows = await repo.dismissals(me, after, page.limit)
            cards = await repo.cards([r.candidate_id for r in rows])
            await uow.commit()
        result = page.page(rows, key=lambda d: {"t": d.created_at.isoformat(), "id": str(d.candidate_id)})
        return result.map(
            lambda d: DismissalView(
                me, _public_card(cards.get(d.candidate_id, {"user_id": str(d.candidate_id)})), d.created_at
            )
        )


def _kind(scored: Scored) -> str:
    teaches = any(d is Direction.CANDIDATE_TEACHES for _, d in scored.matched_skills)
    learns = any(d is Direction.USER_TEACHES for _, d in scored.matched_skills)
    if teaches and learns:
        return "exchange_partner"
    return "mentor" if teaches else "learner"


def _reason(kind: str, scored: Scored, names: Mapping[uuid.UUID, str], *, explorer: bool) -> str:
    taught = [names.get(s, "a skill") for s, d in scored.matched_skills if d is Direction.CANDIDATE_TEACHES][:2]
    learned = [names.get(s, "a skill") for s, d in scored.matched_skills if d is Direction.USER_TEACHES][:2]
    parts = []
    if taught:
        parts.append("teaches " + " and ".join(taught))
    if learned:
        parts.append("wants to learn your " + " and ".join(learned))
    text = " and ".join(parts) or "shares your interests"
    text = text[0].upper() + text[1:]
    return f"New here: {text[0].lower() + text[1:]}" if explorer else text
