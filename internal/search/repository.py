"""Queries of the search domain. Never commits.

Member search is one statement over `search_members` (migration 0010): the caller's visibility, blocks and
filters are WHERE conditions, the match is an OR of three index-backed conditions (weighted tsvector, name
trigrams, skill ids the query resolved to), and the relevance formula of ranking.py is computed in SQL so
the keyset (sort key, user id) pages without OFFSET. EXPLAIN notes are in docs/search.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Text, Uuid, bindparam, delete, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from internal.search import ranking
from internal.search.models import (
    FeaturedMember,
    HistoryEntry,
    MemberChange,
    MemberFilter,
    SearchMember,
    SortOrder,
)

_UUIDS = ARRAY(Uuid())
_TEXTS = ARRAY(Text())
# word_similarity a query must reach against a display name to match it by name (typos in names).
NAME_SIMILARITY = 0.5
# Relevance ranks at most this many matching members: the best by the rating prior, walked on its index, so a
# query matching a third of all members costs a bounded amount of work.
RELEVANCE_CANDIDATES = 500
# Semantic neighbours considered per query (HNSW, iterative scan so filters do not starve it).
SEMANTIC_CANDIDATES = 200
W_HYBRID_KEYWORD, W_HYBRID_SEMANTIC = 0.5, 0.5

_NEAR_LAT, _NEAR_LNG = "CAST(:near_lat AS float8)", "CAST(:near_lng AS float8)"
_DISTANCE = (
    f"(2 * 6371.0 * asin(least(1.0, sqrt(power(sin(radians(m.cell_latitude - {_NEAR_LAT}) / 2), 2)"
    f" + cos(radians({_NEAR_LAT})) * cos(radians(m.cell_latitude))"
    f" * power(sin(radians(m.cell_longitude - {_NEAR_LNG}) / 2), 2)))))"
)
_TSQUERY = "to_tsquery('simple', :tsq)"
_TEXT_WEIGHTS = "'{" + ",".join(str(w) for w in ranking.TEXT_WEIGHTS) + "}'"
_PINNED = (
    "EXISTS (SELECT 1 FROM search_featured f WHERE f.user_id = m.user_id AND f.start_time <= now()"
    " AND (f.end_time IS NULL OR f.end_time > now()))"
)


def vector_literal(vector: Sequence[float]) -> str:
    """pgvector's text form of a vector."""
    return "[" + ",".join(repr(float(value)) for value in vector) + "]"


# What a result card needs of a member row (see service.card_of).
_CARD_COLUMNS = (
    "user_id",
    "display_name",
    "headline",
    "card",
    "hourly_rate_minor",
    "hourly_rate_currency",
    "average_rating",
    "rating_count",
    "accepts_skill_swap",
    "country_code",
    "verified",
    "is_mentor",
    "quality",
)


@dataclass(frozen=True)
class Audience:
    """Who is searching, as the visibility and block conditions need it."""

    caller_id: uuid.UUID | None
    admin: bool
    blocked: frozenset[uuid.UUID]


@dataclass(frozen=True)
class MemberQuery:
    """Everything one member search needs (the service checked it)."""

    audience: Audience
    filter: MemberFilter
    order: SortOrder
    text: str = ""  # normalised query; empty browses
    words: tuple[str, ...] = ()
    resolved_skills: tuple[uuid.UUID, ...] = ()
    vector: str | None = None  # semantic/hybrid: the query embedding (pgvector text)
    mode: str = "keyword"  # keyword | semantic | hybrid
    after: tuple[float, uuid.UUID] | None = None
    limit: int = 21


@dataclass(frozen=True)
class MemberRow:
    """A ranked member: its row, sort key, relevance, distance and whether it is pinned."""

    member: SearchMember
    sort_key: float
    relevance: float
    distance_km: float | None
    pinned: bool


class SearchRepository:
    """Every query SearchService needs, on the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._prepared = False

    # ------------------------------------------------------------------------------------ change markers

    async def mark_changed(self, user_id: uuid.UUID) -> None:
        """Note (in the writer's transaction) that the member's row must be refreshed."""
        await self._session.execute(
            text(
                "INSERT INTO search_member_changes (user_id, version, changed_at) VALUES (:id, 1, now()) "
                "ON CONFLICT (user_id) DO UPDATE SET version = search_member_changes.version + 1, changed_at = now()"
            ),
            {"id": user_id},
        )

    async def change_versions(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """The pending marker version of each member that has one."""
        rows = await self._session.execute(
            select(MemberChange.user_id, MemberChange.version).where(MemberChange.user_id.in_(list(user_ids)))
        )
        return {row[0]: int(row[1]) for row in rows.all()}

    async def clear_change(self, user_id: uuid.UUID, version: int) -> bool:
        """Drop the marker if it still has `version` (waits for a writer holding it); False when it changed."""
        result = await self._session.execute(
            delete(MemberChange).where(MemberChange.user_id == user_id, MemberChange.version == version)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def pending_changes(self, limit: int) -> list[uuid.UUID]:
        """Members with a marker, oldest first (the backfill's sweep of jobs that died)."""
        rows = await self._session.execute(select(MemberChange.user_id).order_by(MemberChange.changed_at).limit(limit))
        return list(rows.scalars().all())

    # ------------------------------------------------------------------------------------- read model

    async def upsert_members(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert or replace members' rows (one batched statement); the weighted text is built here."""
        if not rows:
            return
        params = [
            {**values, "embedding": vector_literal(values["embedding"]) if values.get("embedding") else None}
            for values in rows
        ]
        await self._session.execute(
            text(
                """
                INSERT INTO search_members (
                    user_id, display_name, name_key, headline, search_vector, visibility, country_code,
                    language_keys, is_mentor, verified, accepts_skill_swap, average_rating, rating_count, quality,
                    hourly_rate_minor, hourly_rate_currency, teaches, learns, teach_categories, cell_latitude,
                    cell_longitude, card, member_since, source_updated_at, refreshed_at, embedding)
                VALUES (
                    :user_id, :display_name, :name_key, :headline,
                    setweight(to_tsvector('simple', :display_name), 'A')
                    || setweight(to_tsvector('simple', :teaches_text), 'B')
                    || setweight(to_tsvector('simple', :headline), 'C')
                    || setweight(to_tsvector('simple', :bio || ' ' || :learns_text), 'D'),
                    :visibility, :country_code, :language_keys, :is_mentor, :verified, :accepts_skill_swap,
                    :average_rating, :rating_count, :quality, :hourly_rate_minor, :hourly_rate_currency, :teaches,
                    :learns, :teach_categories, :cell_latitude, :cell_longitude, CAST(:card AS jsonb),
                    :member_since, :source_updated_at, :refreshed_at, CAST(:embedding AS vector))
                ON CONFLICT (user_id) DO UPDATE SET
                    display_name = EXCLUDED.display_name, name_key = EXCLUDED.name_key,
                    headline = EXCLUDED.headline, search_vector = EXCLUDED.search_vector,
                    visibility = EXCLUDED.visibility, country_code = EXCLUDED.country_code,
                    language_keys = EXCLUDED.language_keys, is_mentor = EXCLUDED.is_mentor,
                    verified = EXCLUDED.verified, accepts_skill_swap = EXCLUDED.accepts_skill_swap,
                    average_rating = EXCLUDED.average_rating, rating_count = EXCLUDED.rating_count,
                    quality = EXCLUDED.quality, hourly_rate_minor = EXCLUDED.hourly_rate_minor,
                    hourly_rate_currency = EXCLUDED.hourly_rate_currency, teaches = EXCLUDED.teaches,
                    learns = EXCLUDED.learns, teach_categories = EXCLUDED.teach_categories,
                    cell_latitude = EXCLUDED.cell_latitude, cell_longitude = EXCLUDED.cell_longitude,
                    card = EXCLUDED.card, member_since = EXCLUDED.member_since,
                    source_updated_at = EXCLUDED.source_updated_at, refreshed_at = EXCLUDED.refreshed_at,
                    embedding = EXCLUDED.embedding
                """
            ).bindparams(
                bindparam("language_keys", type_=_TEXTS),
                bindparam("teaches", type_=_UUIDS),
                bindparam("learns", type_=_UUIDS),
                bindparam("teach_categories", type_=_UUIDS),
            ),
            params,
        )

    async def delete_member(self, user_id: uuid.UUID) -> int:
        """Remove a member's row (deleted, or no profile any more)."""
        result = await self._session.execute(delete(SearchMember).where(SearchMember.user_id == user_id))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def members(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, SearchMember]:
        """Rows of these members."""
        if not user_ids:
            return {}
        rows = await self._session.execute(select(SearchMember).where(SearchMember.user_id.in_(list(user_ids))))
        return {row.user_id: row for row in rows.scalars().all()}

    async def indexed_ids(self, user_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these members have a row."""
        rows = await self._session.execute(select(SearchMember.user_id).where(SearchMember.user_id.in_(list(user_ids))))
        return set(rows.scalars().all())

    # ---------------------------------------------------------------------------------------- search

    @staticmethod
    def _conditions(query: MemberQuery, params: dict[str, Any]) -> list[str]:
        """WHERE conditions for visibility, blocks and filters (fixed fragments; values are bound)."""
        audience, clean = query.audience, query.filter
        conditions: list[str] = []
        if audience.admin:
            pass
        elif audience.caller_id is not None:
            conditions.append("(m.visibility IN ('public', 'members') OR m.user_id = :caller_id)")
            params["caller_id"] = audience.caller_id
        else:
            conditions.append("m.visibility = 'public'")
        if audience.blocked:
            conditions.append("NOT (m.user_id = ANY(:blocked))")
            params["blocked"] = sorted(audience.blocked)
        if clean.teaches:
            conditions.append("m.teaches && :f_teaches")
            params["f_teaches"] = list(clean.teaches)
        if clean.learns:
            conditions.append("m.learns && :f_learns")
            params["f_learns"] = list(clean.learns)
        if clean.category_ids:
            conditions.append("m.teach_categories && :f_categories")
            params["f_categories"] = list(clean.category_ids)
        if clean.language_tags:
            conditions.append("m.language_keys && :f_languages")
            params["f_languages"] = [t.lower() for t in clean.language_tags]
        if clean.country_code:
            conditions.append("m.country_code = :f_country")
            params["f_country"] = clean.country_code.upper()
        if clean.min_rating > 0:
            conditions.append("m.rating_count > 0 AND m.average_rating >= :f_min_rating")
            params["f_min_rating"] = clean.min_rating
        if clean.max_hourly_rate is not None:
            conditions.append(
                "(m.hourly_rate_minor IS NULL OR (m.hourly_rate_currency = :f_currency"
                " AND m.hourly_rate_minor <= :f_max_rate))"
            )
            params["f_currency"] = clean.max_hourly_rate.currency_code
            params["f_max_rate"] = clean.max_hourly_rate.amount_minor
        if clean.accepts_skill_swap:
            conditions.append("m.accepts_skill_swap")
        if clean.verified_only:
            conditions.append("m.verified")
        if clean.mentors_only:
            conditions.append("m.is_mentor")
        if clean.near is not None:
            radius = clean.radius_km or ranking.DEFAULT_RADIUS_KM
            params.update(near_lat=clean.near.latitude, near_lng=clean.near.longitude, radius=radius)
            # A bounding box first (cheap), then the exact great-circle distance between cell centres.
            params["lat_span"] = radius / 111.0 + ranking.CELL_DEGREES
            conditions.append(
                f"m.cell_latitude BETWEEN {_NEAR_LAT} - CAST(:lat_span AS float8)"
                f" AND {_NEAR_LAT} + CAST(:lat_span AS float8) AND {_DISTANCE} <= CAST(:radius AS float8)"
            )
        return conditions

    @staticmethod
    def _match(query: MemberQuery, params: dict[str, Any]) -> str | None:
        """The keyword match condition (None when the query is empty)."""
        if not query.text:
            return None
        params["q"] = query.text
        params["tsq"] = ranking.prefix_tsquery(list(query.words)) if query.words else ""
        parts = []
        if query.words:
            parts.append(f"m.search_vector @@ {_TSQUERY}")
        parts.append("CAST(:q AS text) <% m.name_key")
        if query.resolved_skills:
            params["resolved"] = list(query.resolved_skills)
            parts.append("m.teaches && :resolved OR m.learns && :resolved")
        return "(" + " OR ".join(parts) + ")"

    @staticmethod
    def _keyword_relevance(query: MemberQuery) -> str:
        """The relevance formula of ranking.py as SQL."""
        if not query.text:
            return "(m.quality)"
        text_rank = f"ts_rank_cd({_TEXT_WEIGHTS}, m.search_vector, {_TSQUERY}, 32)" if query.words else "0"
        skill = (
            f"(CASE WHEN m.teaches && :resolved THEN 1.0 WHEN m.learns && :resolved THEN {ranking.W_LEARNS} ELSE 0 END)"
            if query.resolved_skills
            else "0"
        )
        return (
            f"({ranking.W_TEXT} * {text_rank} + {ranking.W_NAME} * word_similarity(CAST(:q AS text), m.name_key)"
            f" + {ranking.W_SKILL} * {skill} + {ranking.W_QUALITY} * m.quality"
            f" + {ranking.W_VERIFIED} * m.verified::int)"
        )

    @staticmethod
    def _sort_key(order: SortOrder) -> str:
        """Each order as one descending float key (ties: user id ascending)."""
        return {
            SortOrder.RATING: "m.average_rating + least(m.rating_count, 100000) / 1e9",
            SortOrder.PRICE_LOW_TO_HIGH: "-coalesce(m.hourly_rate_minor, -1)::float8",
            SortOrder.PRICE_HIGH_TO_LOW: "coalesce(m.hourly_rate_minor, -1)::float8",
            SortOrder.NEWEST: "extract(epoch FROM m.member_since)::float8",
            SortOrder.POPULARITY: "m.rating_count::float8",
            SortOrder.DISTANCE: "-" + _DISTANCE,
        }[order]

    async def _prepare(self, query: MemberQuery) -> None:
        """Transaction settings of member queries (once per unit of work). A search writes only history and
        zero-result counts, which may be lost in a crash: its commit does not wait for the WAL flush."""
        if self._prepared:
            return
        self._prepared = True
        await self._session.execute(
            text(
                "SELECT set_config('pg_trgm.word_similarity_threshold', :threshold, true),"
                " set_config('hnsw.iterative_scan', 'relaxed_order', true),"
                " set_config('hnsw.ef_search', :ef, true),"
                " set_config('synchronous_commit', 'off', true)"
            ),
            {"threshold": str(NAME_SIMILARITY), "ef": str(max(40, SEMANTIC_CANDIDATES))},
        )

    def _ranked_sql(self, query: MemberQuery, params: dict[str, Any]) -> str:
        """The ranked, filtered candidate set as SQL with columns (user_id, sort_key, relevance, distance, pinned)."""
        conditions = self._conditions(query, params)
        match = self._match(query, params)
        distance = _DISTANCE if query.filter.near is not None else "NULL::float8"
        pinned = _PINNED
        where = " AND ".join(conditions) or "true"
        if query.mode == "keyword" or not query.vector:
            relevance = self._keyword_relevance(query)
            if query.order is SortOrder.RELEVANCE:
                # Candidates by the rating prior (bounded work), ranked by the formula; pinned members first.
                return f"""
                    SELECT c.user_id, c.relevance + CASE WHEN c.pinned THEN {ranking.PIN_BOOST} ELSE 0 END AS sort_key,
                           c.relevance, c.distance, c.pinned
                    FROM (
                        SELECT m.user_id, {relevance}::float8 AS relevance, {distance} AS distance, {pinned} AS pinned
                        FROM search_members m
                        WHERE {where} {"AND " + match if match else ""}
                        ORDER BY m.quality DESC, m.user_id
                        LIMIT {RELEVANCE_CANDIDATES}
                    ) AS c
                """  # noqa: S608 - fixed fragments only; values are bound parameters
            return f"""
                SELECT m.user_id, ({self._sort_key(query.order)})::float8 AS sort_key, {relevance}::float8 AS relevance,
                       {distance} AS distance, {pinned} AS pinned
                FROM search_members m
                WHERE {where} {"AND " + match if match else ""}
            """  # noqa: S608 - fixed fragments only
        # Semantic and hybrid: the nearest profiles by embedding (HNSW), plus keyword matches for hybrid.
        params["vector"] = query.vector
        similarity = "greatest(0.0, 1 - (m.embedding <=> CAST(:vector AS vector)))"
        neighbours = f"""
            SELECT m.user_id FROM search_members m
            WHERE m.embedding IS NOT NULL AND {where}
            ORDER BY m.embedding <=> CAST(:vector AS vector)
            LIMIT {SEMANTIC_CANDIDATES}
        """  # noqa: S608 - fixed fragments only
        if query.mode == "semantic" or not match:
            pool = neighbours
            relevance = similarity
            # Pinning needs a keyword match: with meaning alone every member "matches".
            pinned = "false"
        else:
            keyword = f"""
                SELECT m.user_id FROM search_members m WHERE {where} AND {match}
                ORDER BY m.quality DESC, m.user_id LIMIT {RELEVANCE_CANDIDATES}
            """  # noqa: S608 - fixed fragments only
            pool = f"({neighbours}) UNION ({keyword})"
            kw_relevance = self._keyword_relevance(query)
            relevance = (
                f"({W_HYBRID_KEYWORD} * CASE WHEN {match} THEN {kw_relevance} ELSE 0 END"
                f" + {W_HYBRID_SEMANTIC} * coalesce({similarity}, 0))"
            )
            pinned = f"({_PINNED} AND {match})"
        key = (
            f"{relevance} + CASE WHEN {pinned} THEN {ranking.PIN_BOOST} ELSE 0 END"
            if query.order is SortOrder.RELEVANCE
            else self._sort_key(query.order)
        )
        return f"""
            SELECT m.user_id, ({key})::float8 AS sort_key, ({relevance})::float8 AS relevance, {distance} AS distance,
                   {pinned} AS pinned
            FROM search_members m JOIN ({pool}) AS p ON p.user_id = m.user_id
        """  # noqa: S608 - fixed fragments only

    @staticmethod
    def _bind(sql: Any, params: dict[str, Any]) -> Any:
        """Array types for the array parameters the statement uses; drop the parameters it does not."""
        for name in list(params):
            if f":{name}" not in sql.text:
                del params[name]
        for name in ("blocked", "f_teaches", "f_learns", "f_categories", "resolved"):
            if name in params:
                sql = sql.bindparams(bindparam(name, type_=_UUIDS))
        if "f_languages" in params:
            sql = sql.bindparams(bindparam("f_languages", type_=_TEXTS))
        return sql

    async def search_members(self, query: MemberQuery) -> tuple[list[MemberRow], int]:
        """One keyset page of ranked members, (sort key desc, user id asc) after `query.after`, with the card
        columns, in one statement; and how many members the ranking holds (the relevance candidates, or
        every match for other orders)."""
        await self._prepare(query)
        params: dict[str, Any] = {"limit": query.limit}
        ranked = self._ranked_sql(query, params)
        page = ""
        if query.after is not None:
            page = "WHERE w.sort_key < :after_key OR (w.sort_key = :after_key AND w.user_id > :after_id)"
            params["after_key"], params["after_id"] = query.after
        columns = ", ".join(f"c.{name}" for name in _CARD_COLUMNS)
        sql = text(
            f"""
            SELECT r.sort_key, r.relevance, r.distance, r.pinned, r.total, {columns}
            FROM (
                SELECT * FROM (SELECT ranked.*, count(*) OVER () AS total FROM ({ranked}) AS ranked) AS w
                {page}
                ORDER BY w.sort_key DESC, w.user_id
                LIMIT :limit
            ) AS r
            JOIN search_members c ON c.user_id = r.user_id
            ORDER BY r.sort_key DESC, r.user_id
            """  # noqa: S608 - fixed fragments only
        )
        rows = (await self._session.execute(self._bind(sql, params), params)).all()
        total = int(rows[0][4]) if rows else 0
        members = [
            MemberRow(
                SearchMember(**dict(zip(_CARD_COLUMNS, row[5:], strict=True))),
                float(row[0]),
                float(row[1]),
                row[2],
                bool(row[3]),
            )
            for row in rows
        ]
        return members, total

    async def facet_counts(self, query: MemberQuery, expression: str, limit: int = 20) -> list[tuple[str, int]]:
        """(value, count) of a facet expression over every matching member, most frequent first."""
        params: dict[str, Any] = {}
        conditions = self._conditions(query, params)
        match = self._match(query, params)
        if match:
            conditions.append(match)
        await self._prepare(query)
        sql = text(
            f"""
            SELECT v, count(*) AS n FROM (
                SELECT {expression} AS v FROM search_members m WHERE {" AND ".join(conditions) or "true"}
            ) AS f WHERE v IS NOT NULL AND v <> ''
            GROUP BY v ORDER BY n DESC, v LIMIT {int(limit)}
            """  # noqa: S608 - fixed fragments only
        )
        rows = (await self._session.execute(self._bind(sql, params), params)).all()
        return [(str(row[0]), int(row[1])) for row in rows]

    async def name_prefix(self, audience: Audience, key: str, limit: int) -> list[SearchMember]:
        """Members whose name starts with `key` (walking the text_pattern_ops index in name order), then, only
        when those do not fill `limit`, the best rated members with a later word of the name starting with it
        (trigram index): the member autocomplete of Suggestions."""
        members: list[SearchMember] = []
        for pattern, order in (
            (_like_prefix(key), "m.name_key"),
            ("% " + _like_prefix(key), "m.quality DESC, m.user_id"),
        ):
            params: dict[str, Any] = {"pattern": pattern, "limit": limit - len(members)}
            conditions = self._conditions(
                MemberQuery(audience=audience, filter=MemberFilter(), order=SortOrder.RELEVANCE), params
            )
            if members:
                conditions.append("NOT (m.user_id = ANY(:found))")
                params["found"] = [m.user_id for m in members]
            columns = ", ".join(f"m.{name}" for name in _CARD_COLUMNS)
            sql = text(
                f"""
                SELECT {columns} FROM search_members m
                WHERE m.name_key LIKE :pattern ESCAPE '\\' AND {" AND ".join(conditions) or "true"}
                ORDER BY {order} LIMIT :limit
                """  # noqa: S608 - fixed fragments only
            )
            if "found" in params:
                sql = sql.bindparams(bindparam("found", type_=_UUIDS))
            rows = (await self._session.execute(self._bind(sql, params), params)).all()
            members += [SearchMember(**dict(zip(_CARD_COLUMNS, row, strict=True))) for row in rows]
            if len(members) >= limit:
                break
        return members

    # --------------------------------------------------------------------------------------- featured

    async def featured(
        self,
        audience: Audience,
        *,
        skill_id: uuid.UUID | None,
        category_ids: Sequence[uuid.UUID] | None,
        now: datetime,
        after: tuple[int, uuid.UUID] | None,
        limit: int,
    ) -> list[tuple[FeaturedMember, SearchMember]]:
        """Current featured entries whose member the audience may see, in editorial order."""
        params: dict[str, Any] = {"now": now, "limit": limit}
        conditions = self._conditions(
            MemberQuery(audience=audience, filter=MemberFilter(), order=SortOrder.RELEVANCE), params
        )
        conditions += ["f.start_time <= :now", "(f.end_time IS NULL OR f.end_time > :now)"]
        if skill_id is not None:
            conditions.append("f.skill_id = :skill_id")
            params["skill_id"] = skill_id
        if category_ids is not None:
            conditions.append("f.category_id = ANY(:category_ids)")
            params["category_ids"] = list(category_ids)
        if after is not None:
            conditions.append("(f.position, f.id) > (:after_position, :after_id)")
            params["after_position"], params["after_id"] = after
        sql = text(
            f"""
            SELECT f.id FROM search_featured f JOIN search_members m ON m.user_id = f.user_id
            WHERE {" AND ".join(conditions)}
            ORDER BY f.position, f.id LIMIT :limit
            """  # noqa: S608 - fixed fragments only
        )
        if category_ids is not None:
            sql = sql.bindparams(bindparam("category_ids", type_=_UUIDS))
        ids = [row[0] for row in (await self._session.execute(self._bind(sql, params), params)).all()]
        if not ids:
            return []
        entries = {
            e.id: e
            for e in (await self._session.execute(select(FeaturedMember).where(FeaturedMember.id.in_(ids)))).scalars()
        }
        members = await self.members([entries[i].user_id for i in ids])
        return [(entries[i], members[entries[i].user_id]) for i in ids if entries[i].user_id in members]

    # ---------------------------------------------------------------------------------------- history

    async def add_history(self, entry: HistoryEntry, cap: int) -> None:
        """Record a search and drop the member's entries beyond the newest `cap`, in one statement."""
        await self._session.execute(
            text(
                """
                WITH added AS (
                    INSERT INTO search_history (id, user_id, query, query_key, entity_types, result_count, created_at)
                    VALUES (:id, :user_id, :query, :query_key, :entity_types, :result_count, :created_at)
                    RETURNING id
                )
                DELETE FROM search_history WHERE id IN (
                    SELECT id FROM search_history WHERE user_id = :user_id
                    ORDER BY created_at DESC, id DESC OFFSET :keep
                )
                """
            ).bindparams(bindparam("entity_types", type_=_TEXTS)),
            {
                "id": entry.id,
                "user_id": entry.user_id,
                "query": entry.query,
                "query_key": entry.query_key,
                "entity_types": entry.entity_types,
                "result_count": entry.result_count,
                "created_at": entry.created_at,
                # The DELETE does not see the row being added: keep cap - 1 older ones.
                "keep": cap - 1,
            },
        )

    async def history(
        self, user_id: uuid.UUID, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[HistoryEntry]:
        """The member's entries, newest first, after a keyset position."""
        query = select(HistoryEntry).where(HistoryEntry.user_id == user_id)
        if after is not None:
            query = query.where(
                (HistoryEntry.created_at < after[0])
                | ((HistoryEntry.created_at == after[0]) & (HistoryEntry.id < after[1]))
            )
        query = query.order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc()).limit(limit)
        return list((await self._session.execute(query)).scalars().all())

    async def recent_queries(self, user_id: uuid.UUID, key: str, limit: int) -> list[HistoryEntry]:
        """The member's distinct recent queries starting with (or containing a word starting with) `key`."""
        sql = text(
            """
            SELECT DISTINCT ON (query_key) id FROM search_history
            WHERE user_id = :user_id AND (query_key LIKE :prefix ESCAPE '\\' OR query_key LIKE :word ESCAPE '\\')
            ORDER BY query_key, created_at DESC
            """
        )
        params = {"user_id": user_id, "prefix": _like_prefix(key), "word": "% " + _like_prefix(key)}
        ids = [row[0] for row in (await self._session.execute(sql, params)).all()]
        if not ids:
            return []
        rows = await self._session.execute(
            select(HistoryEntry).where(HistoryEntry.id.in_(ids)).order_by(HistoryEntry.created_at.desc()).limit(limit)
        )
        return list(rows.scalars().all())

    async def popular_queries(self, key: str, since: datetime, min_members: int, limit: int) -> list[tuple[str, int]]:
        """Queries starting with `key` that at least `min_members` different members ran since `since`."""
        sql = text(
            """
            SELECT query_key, count(DISTINCT user_id) AS members FROM search_history
            WHERE created_at >= :since AND query_key LIKE :prefix ESCAPE '\\'
            GROUP BY query_key HAVING count(DISTINCT user_id) >= :min_members
            ORDER BY members DESC, query_key LIMIT :limit
            """
        )
        params = {"since": since, "prefix": _like_prefix(key), "min_members": min_members, "limit": limit}
        return [(row[0], int(row[1])) for row in (await self._session.execute(sql, params)).all()]

    async def delete_history(self, user_id: uuid.UUID, entry_ids: Sequence[uuid.UUID] | None) -> int:
        """Delete the listed entries of the member (all of them when `entry_ids` is None)."""
        statement = delete(HistoryEntry).where(HistoryEntry.user_id == user_id)
        if entry_ids is not None:
            statement = statement.where(HistoryEntry.id.in_(list(entry_ids)))
        result = await self._session.execute(statement)
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def purge_history(self, before: datetime) -> int:
        """Delete entries older than `before` (retention)."""
        result = await self._session.execute(delete(HistoryEntry).where(HistoryEntry.created_at < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # ----------------------------------------------------------------------------------- zero results

    async def record_zero_result(self, query_key: str, entity_types: str, now: datetime) -> None:
        """Count a query that found nothing (the commit does not wait for the WAL: a lost count is fine)."""
        await self._session.execute(
            text(
                """
                INSERT INTO search_zero_results (query_key, entity_types, search_count, first_seen_at, last_seen_at)
                SELECT :key, :types, 1, :now, :now
                FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed
                ON CONFLICT (query_key, entity_types) DO UPDATE
                SET search_count = search_zero_results.search_count + 1, last_seen_at = EXCLUDED.last_seen_at
                """
            ),
            {"key": query_key, "types": entity_types, "now": now},
        )

    async def zero_results(self, limit: int) -> list[tuple[str, str, int]]:
        """The most frequent zero-result queries."""
        rows = await self._session.execute(
            text(
                "SELECT query_key, entity_types, search_count FROM search_zero_results "
                "ORDER BY search_count DESC, query_key LIMIT :limit"
            ),
            {"limit": limit},
        )
        return [(row[0], row[1], int(row[2])) for row in rows.all()]

    async def purge_zero_results(self, before: datetime) -> int:
        """Forget zero-result queries not seen since `before`."""
        result = await self._session.execute(
            text("DELETE FROM search_zero_results WHERE last_seen_at < :before"), {"before": before}
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def count(self) -> int:
        """Members in the read model."""
        return int((await self._session.execute(select(func.count()).select_from(SearchMember))).scalar_one())


def _like_prefix(key: str) -> str:
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"
