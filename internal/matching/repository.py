"""SQL of the matching domain: the member read model, candidate generation, rankings and history,
dismissals and recommendation sets. Queries only; the service's unit of work commits.

Candidate generation (see docs/matching.md for the plans):

- by skill: for each of the user's (skill, side) pairs, the best `per_skill` holders of the complementary
  side by pre-score, walking `ix_match_member_skills_rank` with every filter applied inside the walk
  (a LATERAL ... LIMIT), so a filter never removes rows after the limit was taken;
- by embedding: the nearest profiles by cosine distance through HNSW with the filters in the WHERE clause and
  pgvector 0.8's iterative scan (`hnsw.iterative_scan = relaxed_order`), which keeps scanning the graph
  until enough rows pass the filters; when the index still yields fewer than asked (a very selective
  filter), the same query runs exactly (sequential scan and sort), so no qualifying member is lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from internal.matching.algorithms import Member
from internal.matching.models import (
    Candidate,
    CandidateFilter,
    MatchDismissal,
    MatchHistoryEntry,
    MatchMember,
    MatchMemberSkill,
    MatchRanking,
    RecommendationSet,
)

# How many graph candidates one HNSW scan visits (pgvector's default is 40).
EF_SEARCH = 100
_MEMBER_COLUMNS = (
    "m.user_id, m.offered_ids, m.offered_levels, m.wanted_ids, m.wanted_levels, m.languages, "
    "m.utc_offset_minutes, m.weekly, m.average_rating, m.rating_count, m.is_mentor, m.verified, "
    "m.accepts_skill_swap, m.hourly_rate_minor, m.hourly_rate_currency, m.latitude, m.longitude, m.member_since"
)


def vector_literal(vector: Sequence[float]) -> str:
    """pgvector's text form of a vector."""
    return "[" + ",".join(repr(float(value)) for value in vector) + "]"


def multirange_literal(spans: Iterable[tuple[int, int]]) -> str:
    """int4multirange text of [start, end) spans."""
    return "{" + ",".join(f"[{start},{end})" for start, end in spans) + "}"


@dataclass(frozen=True, slots=True)
class MemberRow:
    """What the projection writes for one member (skills as (skill id, level) per side)."""

    user_id: uuid.UUID
    visibility: str
    card: dict[str, Any]
    offered: Sequence[tuple[uuid.UUID, int]]
    wanted: Sequence[tuple[uuid.UUID, int]]
    languages: Sequence[str]
    utc_offset_minutes: int | None
    weekly: Sequence[tuple[int, int]]
    average_rating: float
    rating_count: int
    is_mentor: bool
    verified: bool
    accepts_skill_swap: bool
    hourly_rate_minor: int | None
    hourly_rate_currency: str | None
    latitude: float | None
    longitude: float | None
    embedding: Sequence[float] | None
    member_since: datetime
    source_update_time: datetime
    rank_quality: float


def _candidate(row: Any, semantic: float | None = None) -> Candidate:
    member = Member(
        user_id=row.user_id,
        offered=dict(zip(row.offered_ids, row.offered_levels, strict=True)),
        wanted=dict(zip(row.wanted_ids, row.wanted_levels, strict=True)),
        languages=frozenset(row.languages),
        utc_offset_minutes=row.utc_offset_minutes,
        weekly=tuple((r.lower, r.upper) for r in row.weekly),
        average_rating=row.average_rating,
        rating_count=row.rating_count,
        latitude=row.latitude,
        longitude=row.longitude,
        hourly_rate_minor=row.hourly_rate_minor,
        hourly_rate_currency=row.hourly_rate_currency,
        accepts_skill_swap=row.accepts_skill_swap,
    )
    return Candidate(member=member, semantic=semantic, member_since=row.member_since)


class MatchingRepository:
    """Queries over the tables matching owns."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ---------------------------------------------------------------------------------- the read model

    async def upsert_member(self, row: MemberRow, now: datetime) -> bool:
        """Write one member's projection and its per-skill rows; False when a newer one is already there."""
        values = {
            "user_id": row.user_id,
            "visibility": row.visibility,
            "card": row.card,
            "offered_ids": [s for s, _ in row.offered],
            "offered_levels": [level for _, level in row.offered],
            "wanted_ids": [s for s, _ in row.wanted],
            "wanted_levels": [level for _, level in row.wanted],
            "languages": list(row.languages),
            "utc_offset_minutes": row.utc_offset_minutes,
            "average_rating": row.average_rating,
            "rating_count": row.rating_count,
            "is_mentor": row.is_mentor,
            "verified": row.verified,
            "accepts_skill_swap": row.accepts_skill_swap,
            "hourly_rate_minor": row.hourly_rate_minor,
            "hourly_rate_currency": row.hourly_rate_currency,
            "latitude": row.latitude,
            "longitude": row.longitude,
            "member_since": row.member_since,
            "source_update_time": row.source_update_time,
            "refreshed_at": now,
        }
        base = insert(MatchMember).values(**values)
        # Jobs for one member may run concurrently (one per change): an older snapshot never overwrites a newer.
        stmt = base.on_conflict_do_update(
            index_elements=[MatchMember.user_id],
            set_=values,
            where=MatchMember.source_update_time <= base.excluded.source_update_time,
        ).returning(MatchMember.user_id)
        if (await self._session.execute(stmt)).scalar_one_or_none() is None:
            return False
        await self._session.execute(
            text(
                "UPDATE match_members SET weekly = CAST(CAST(:weekly AS text) AS int4multirange), "
                "embedding = CAST(CAST(:embedding AS text) AS vector) WHERE user_id = :id"
            ),
            {
                "id": row.user_id,
                "weekly": multirange_literal(row.weekly),
                "embedding": vector_literal(row.embedding) if row.embedding is not None else None,
            },
        )
        await self._session.execute(delete(MatchMemberSkill).where(MatchMemberSkill.user_id == row.user_id))
        skills = [
            {"skill_id": s, "kind": kind, "user_id": row.user_id, "level": level, "rank_score": rank}
            for kind, held in (("offered", row.offered), ("wanted", row.wanted))
            for s, level in held
            for rank in [0.7 * level / 5 + 0.3 * row.rank_quality]
        ]
        if skills:
            await self._session.execute(insert(MatchMemberSkill).values(skills))
        return True

    async def delete_member(self, user_id: uuid.UUID) -> bool:
        """Remove a member from the read model (deleted, suspended or private); True when a row went."""
        result = await self._session.execute(delete(MatchMember).where(MatchMember.user_id == user_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def projected_ids(self, user_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these members have a row."""
        found = await self._session.execute(select(MatchMember.user_id).where(MatchMember.user_id.in_(user_ids)))
        return set(found.scalars())

    async def member_ids_after(self, after: uuid.UUID | None, limit: int) -> list[uuid.UUID]:
        """Projected ids in order (the backfill removes those the user domain no longer lists)."""
        query = select(MatchMember.user_id).order_by(MatchMember.user_id).limit(limit)
        if after is not None:
            query = query.where(MatchMember.user_id > after)
        return list((await self._session.execute(query)).scalars())

    async def candidates(self, user_ids: Sequence[uuid.UUID], vector: Sequence[float] | None) -> list[Candidate]:
        """These members' scoring features from the read model (no card: `cards` fetches those for the few
        that are shown), with their embedding's cosine similarity to `vector`."""
        if not user_ids:
            return []
        semantic = "1 - (m.embedding <=> CAST(:vector AS vector))" if vector is not None else "NULL::float8"
        rows = await self._session.execute(
            text(
                f"SELECT {_MEMBER_COLUMNS}, {semantic} AS semantic "  # noqa: S608 - constants only; values bound
                "FROM match_members m WHERE m.user_id = ANY(:ids)"
            ),
            {"ids": list(user_ids), **({"vector": vector_literal(vector)} if vector is not None else {})},
        )
        return [_candidate(row, row.semantic) for row in rows]

    async def embedding(self, user_id: uuid.UUID) -> list[float] | None:
        """A member's stored embedding."""
        found = await self._session.execute(
            text("SELECT embedding::text FROM match_members WHERE user_id = :id"), {"id": user_id}
        )
        literal = found.scalar_one_or_none()
        return None if literal is None else [float(v) for v in literal.strip("[]").split(",")]

    # --------------------------------------------------------------------------------------- filtering

    @staticmethod
    def _predicates(flt: CandidateFilter, params: dict[str, Any]) -> list[str]:
        """SQL conditions on `m` (match_members) for every restriction of `flt`; fills `params`."""
        where = ["m.visibility <> 'private'"]
        if flt.exclude_ids:
            where.append("m.user_id <> ALL(:exclude_ids)")
            params["exclude_ids"] = list(flt.exclude_ids)
        learn = "m.offered_ids && CAST(:learn_ids AS uuid[])"
        if flt.min_proficiency > 1:
            learn = (
                "EXISTS (SELECT 1 FROM unnest(m.offered_ids, m.offered_levels) AS o(id, level) "
                "WHERE o.id = ANY(CAST(:learn_ids AS uuid[])) AND o.level >= :min_proficiency)"
            )
            params["min_proficiency"] = flt.min_proficiency
        teach = "m.wanted_ids && CAST(:teach_ids AS uuid[])"
        params["learn_ids"] = list(flt.learn_skill_ids)
        params["teach_ids"] = list(flt.teach_skill_ids)
        if flt.skill_gate:
            sides = {"learn": learn, "teach": teach}
            if flt.intent.value == "learn":
                where.append(sides["learn"])
            elif flt.intent.value == "teach":
                where.append(sides["teach"])
            elif flt.intent.value == "exchange":
                where.append(f"({sides['learn']} AND {sides['teach']})")
            else:
                where.append(f"({sides['learn']} OR {sides['teach']})")
        if flt.languages:
            where.append("m.languages && CAST(:languages AS text[])")
            params["languages"] = list(flt.languages)
        if flt.max_time_zone_hours and flt.subject_offset_minutes is not None:
            where.append(
                "m.utc_offset_minutes IS NOT NULL AND least(abs(m.utc_offset_minutes - :subject_offset) % 1440, "
                "1440 - abs(m.utc_offset_minutes - :subject_offset) % 1440) <= :max_tz_minutes"
            )
            params["subject_offset"] = flt.subject_offset_minutes
            params["max_tz_minutes"] = flt.max_time_zone_hours * 60
        if flt.max_distance_km and flt.subject_latitude is not None and flt.subject_longitude is not None:
            where.append(
                "m.latitude IS NOT NULL AND m.longitude IS NOT NULL AND 2 * 6371 * asin(least(1, sqrt("
                "sin(radians(m.latitude - :lat) / 2) ^ 2 + cos(radians(:lat)) * cos(radians(m.latitude)) * "
                "sin(radians(m.longitude - :lon) / 2) ^ 2))) <= :max_km"
            )
            params.update(lat=flt.subject_latitude, lon=flt.subject_longitude, max_km=flt.max_distance_km)
        if flt.max_rate_minor is not None:
            where.append(
                "(m.hourly_rate_minor IS NULL OR m.hourly_rate_minor = 0 OR m.accepts_skill_swap OR "
                "(m.hourly_rate_currency = :rate_currency AND m.hourly_rate_minor <= :max_rate))"
            )
            params.update(rate_currency=flt.max_rate_currency, max_rate=flt.max_rate_minor)
        if flt.require_availability_overlap:
            where.append(
                "(SELECT coalesce(sum(upper(r) - lower(r)), 0) FROM "
                "unnest(m.weekly * CAST(CAST(:subject_weekly AS text) AS int4multirange)) AS r) >= 60"
            )
            params["subject_weekly"] = multirange_literal(flt.subject_weekly)
        if flt.min_rating > 0:
            where.append("m.rating_count > 0 AND m.average_rating >= :min_rating")
            params["min_rating"] = flt.min_rating
        if flt.mentors_only:
            where.append("m.is_mentor")
        if flt.verified_only:
            where.append("m.verified")
        return where

    async def by_skill(
        self,
        pairs: Sequence[tuple[uuid.UUID, str]],
        flt: CandidateFilter,
        per_skill: int,
        vector: Sequence[float] | None = None,
    ) -> list[Candidate]:
        """The best `per_skill` members holding each (skill id, kind) pair that pass `flt`, best first, with
        their scoring features and their embedding's similarity to `vector` (one statement)."""
        if not pairs:
            return []
        params: dict[str, Any] = {
            "pair_skills": [s for s, _ in pairs],
            "pair_kinds": [k for _, k in pairs],
            "per_skill": per_skill,
        }
        where = " AND ".join(self._predicates(flt, params))
        semantic = "NULL::float8"
        if vector is not None:
            semantic = "1 - (m.embedding <=> CAST(:vector AS vector))"
            params["vector"] = vector_literal(vector)
        sql = f"""
            WITH found AS (
                SELECT c.user_id, max(c.rank_score) AS best
                FROM unnest(CAST(:pair_skills AS uuid[]), CAST(:pair_kinds AS text[])) AS p(skill_id, kind)
                CROSS JOIN LATERAL (
                    SELECT s.user_id, s.rank_score
                    FROM match_member_skills s JOIN match_members m ON m.user_id = s.user_id
                    WHERE s.skill_id = p.skill_id AND s.kind = p.kind AND {where}
                    ORDER BY s.rank_score DESC, s.user_id
                    LIMIT :per_skill
                ) AS c
                GROUP BY c.user_id
            )
            SELECT {_MEMBER_COLUMNS}, {semantic} AS semantic
            FROM found JOIN match_members m ON m.user_id = found.user_id
            ORDER BY found.best DESC, m.user_id
        """  # noqa: S608 - fixed fragments only; values are bound parameters
        return [_candidate(row, row.semantic) for row in await self._session.execute(text(sql), params)]

    async def nearest(
        self, vector: Sequence[float], flt: CandidateFilter | None, limit: int, *, exact: bool = False
    ) -> list[tuple[uuid.UUID, float]]:
        """The `limit` members whose embedding is closest to `vector` among those passing `flt`, closest first,
        with their cosine similarity. HNSW with an iterative scan unless `exact` (or the index yields too few).
        """
        params: dict[str, Any] = {"vector": vector_literal(vector), "limit": limit}
        where = " AND ".join(["m.embedding IS NOT NULL", *(self._predicates(flt, params) if flt else [])])
        order = "(m.embedding <=> CAST(:vector AS vector))"
        if exact:
            order += " + 0"  # not the indexed expression: a sequential scan and an exact sort
        else:
            await self._session.execute(text("SET LOCAL hnsw.iterative_scan = relaxed_order"))
            # The HNSW path is chosen, not left to estimates: the exact path below is the other choice.
            await self._session.execute(text("SET LOCAL enable_seqscan = off"))
            await self._session.execute(text(f"SET LOCAL hnsw.ef_search = {max(EF_SEARCH, limit)}"))
        sql = f"""
            SELECT user_id, similarity FROM (
                SELECT m.user_id, 1 - (m.embedding <=> CAST(:vector AS vector)) AS similarity
                FROM match_members m WHERE {where}
                ORDER BY {order} LIMIT :limit
            ) AS found ORDER BY similarity DESC, user_id
        """  # noqa: S608 - fixed fragments only; values are bound parameters
        rows = [(row.user_id, float(row.similarity)) for row in await self._session.execute(text(sql), params)]
        if not exact and len(rows) < limit:
            return await self.nearest(vector, flt, limit, exact=True)
        return rows

    async def newcomers(self, flt: CandidateFilter, since: datetime, limit: int) -> list[uuid.UUID]:
        """Members who joined since `since` or are rising (rated well by few) and pass `flt`, newest first."""
        params: dict[str, Any] = {"since": since, "limit": limit}
        where = " AND ".join(self._predicates(flt, params))
        sql = f"""
            SELECT m.user_id FROM match_members m
            WHERE (m.member_since >= :since OR (m.rating_count BETWEEN 1 AND 5 AND m.average_rating >= 4.5))
              AND {where}
            ORDER BY m.member_since DESC, m.user_id LIMIT :limit
        """  # noqa: S608 - fixed fragments only; values are bound parameters
        return [row.user_id for row in await self._session.execute(text(sql), params)]

    # ----------------------------------------------------------------------------- rankings and history

    async def lock_ranking(self, user_id: uuid.UUID, digest: str) -> None:
        """Serialise recording of one digest (two replicas answering the same retried read)."""
        await self._session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"match_ranking:{user_id}:{digest}"},
        )

    async def recent_ranking(self, user_id: uuid.UUID, digest: str, since: datetime) -> MatchRanking | None:
        """The ranking with this digest recorded since `since`, if any."""
        query = (
            select(MatchRanking)
            .where(MatchRanking.user_id == user_id, MatchRanking.digest == digest, MatchRanking.created_at >= since)
            .order_by(MatchRanking.created_at.desc())
            .limit(1)
        )
        return (await self._session.execute(query)).scalar_one_or_none()

    async def ranking(self, ranking_id: uuid.UUID) -> MatchRanking | None:
        """A ranking by id."""
        return await self._session.get(MatchRanking, ranking_id)

    async def record_ranking(self, ranking: MatchRanking, entries: Sequence[MatchHistoryEntry]) -> None:
        """Insert a ranking and its entries."""
        self._session.add(ranking)
        await self._session.flush()
        self._session.add_all(entries)
        await self._session.flush()

    async def ranking_entries(self, ranking_id: uuid.UUID, after: int, limit: int) -> list[MatchHistoryEntry]:
        """Entries of a ranking after position `after`, in order."""
        query = (
            select(MatchHistoryEntry)
            .where(MatchHistoryEntry.ranking_id == ranking_id, MatchHistoryEntry.position > after)
            .order_by(MatchHistoryEntry.position)
            .limit(limit)
        )
        return list((await self._session.execute(query)).scalars())

    async def history(
        self,
        user_id: uuid.UUID,
        candidate_id: uuid.UUID | None,
        after: tuple[datetime, uuid.UUID, int] | None,
        limit: int,
    ) -> list[MatchHistoryEntry]:
        """The user's history, newest ranking first, best first within a ranking (keyset on those)."""
        query = select(MatchHistoryEntry).where(MatchHistoryEntry.user_id == user_id)
        if candidate_id is not None:
            query = query.where(MatchHistoryEntry.candidate_id == candidate_id)
        if after is not None:
            created, ranking_id, position = after
            query = query.where(
                (MatchHistoryEntry.created_at < created)
                | (
                    (MatchHistoryEntry.created_at == created)
                    & (
                        (MatchHistoryEntry.ranking_id > ranking_id)
                        | ((MatchHistoryEntry.ranking_id == ranking_id) & (MatchHistoryEntry.position > position))
                    )
                )
            )
        query = query.order_by(
            MatchHistoryEntry.created_at.desc(), MatchHistoryEntry.ranking_id, MatchHistoryEntry.position
        ).limit(limit)
        return list((await self._session.execute(query)).scalars())

    # --------------------------------------------------------------------------------------- dismissals

    async def dismiss(self, user_id: uuid.UUID, candidate_id: uuid.UUID, now: datetime) -> MatchDismissal:
        """Record a dismissal (or return the existing one)."""
        await self._session.execute(
            insert(MatchDismissal)
            .values(user_id=user_id, candidate_id=candidate_id, created_at=now)
            .on_conflict_do_nothing(index_elements=[MatchDismissal.user_id, MatchDismissal.candidate_id])
        )
        found = await self._session.get(MatchDismissal, (user_id, candidate_id))
        assert found is not None
        return found

    async def undismiss(self, user_id: uuid.UUID, candidate_id: uuid.UUID) -> bool:
        """Remove a dismissal; False when there was none."""
        result = await self._session.execute(
            delete(MatchDismissal).where(MatchDismissal.user_id == user_id, MatchDismissal.candidate_id == candidate_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def dismissed_ids(self, user_id: uuid.UUID) -> set[uuid.UUID]:
        """Everyone the user dismissed."""
        found = await self._session.execute(
            select(MatchDismissal.candidate_id).where(MatchDismissal.user_id == user_id)
        )
        return set(found.scalars())

    async def dismissals(
        self, user_id: uuid.UUID, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[MatchDismissal]:
        """The user's dismissals, most recent first."""
        query = select(MatchDismissal).where(MatchDismissal.user_id == user_id)
        if after is not None:
            created, candidate_id = after
            query = query.where(
                (MatchDismissal.created_at < created)
                | ((MatchDismissal.created_at == created) & (MatchDismissal.candidate_id > candidate_id))
            )
        query = query.order_by(MatchDismissal.created_at.desc(), MatchDismissal.candidate_id).limit(limit)
        return list((await self._session.execute(query)).scalars())

    async def cards(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
        """Stored cards of these members (those still projected)."""
        if not user_ids:
            return {}
        found = await self._session.execute(
            select(MatchMember.user_id, MatchMember.card).where(MatchMember.user_id.in_(user_ids))
        )
        return {row.user_id: row.card for row in found}

    # ------------------------------------------------------------------------------ recommendation sets

    async def recommendation_set(self, user_id: uuid.UUID, *, lock: bool = False) -> RecommendationSet | None:
        """The member's stored set."""
        query = select(RecommendationSet).where(RecommendationSet.user_id == user_id)
        if lock:
            query = query.with_for_update()
        return (await self._session.execute(query)).scalar_one_or_none()

    async def lock_recommendations(self, user_id: uuid.UUID) -> None:
        """Serialise computing one member's set across replicas."""
        await self._session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": f"match_recs:{user_id}"}
        )

    async def store_recommendations(self, row: RecommendationSet) -> None:
        """Insert or replace the member's set."""
        values = {
            "user_id": row.user_id,
            "generation": row.generation,
            "generated_at": row.generated_at,
            "refreshed_at": row.refreshed_at,
            "stale": False,
            "candidate_ids": row.candidate_ids,
            "items": row.items,
        }
        stmt = insert(RecommendationSet).values(**values)
        await self._session.execute(stmt.on_conflict_do_update(index_elements=[RecommendationSet.user_id], set_=values))

    async def mark_stale(self, member_id: uuid.UUID) -> list[uuid.UUID]:
        """Mark stale the member's own set and every set that shows them; the owners' ids."""
        result = await self._session.execute(
            update(RecommendationSet)
            .where((RecommendationSet.user_id == member_id) | RecommendationSet.candidate_ids.contains([member_id]))
            .values(stale=True)
            .returning(RecommendationSet.user_id)
        )
        return list(result.scalars())
