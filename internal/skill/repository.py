"""Queries of the skill domain. Never commits; unique violations become AlreadyExists.

Search, suggestions and related skills are hand-written SQL (see each method for the ranking it implements);
the indexes they rely on come from migration 0004 and are checked with EXPLAIN in docs/skills.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from skillsphere.skill.v1.error_reason import ErrorReason
from sqlalchemy import Float, Text, Uuid, bindparam, column, delete, func, or_, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from internal.skill.models import (
    Category,
    Skill,
    SkillOrder,
    SkillSearchEvent,
    TrendingRun,
    TrendingWindow,
    UserSkill,
)
from pkg.errors import AlreadyExists

# Trigram similarity a name must reach to count as a (typo-tolerant) match. pg_trgm's default of 0.3 misses
# common transpositions: similarity('pyhton', 'python') is 0.27.
SIMILARITY_THRESHOLD = 0.2
# Relevance weights of SearchSkills (see `search`).
W_TRIGRAM, W_EXACT, W_PREFIX, W_FULLTEXT = 0.50, 0.25, 0.15, 0.10
W_RELEVANCE, W_POPULARITY, POPULARITY_HALF = 0.95, 0.05, 20
# Related skills: holders of the skill sampled for co-occurrence (bounds the work for very popular skills).
CO_OCCURRENCE_SAMPLE = 5000
# Trending: weight of each kind of event before time decay, and how many skills a run ranks.
W_NEW_USER_SKILL, W_SEARCH, W_SESSION = 3.0, 1.0, 5.0
TRENDING_MAX_RANKED = 1000

_UUIDS = ARRAY(Uuid())
_TEXTS = ARRAY(Text())


class NameTaken(Exception):
    """A name or alias of the skill being written collides with a live skill's (unique index)."""


class SlugTaken(Exception):
    """The slug of the skill being written is used already."""


class UnknownUser(Exception):
    """The user a row refers to (proposer, holder of a user skill) has no account."""


@dataclass(frozen=True)
class SearchRow:
    """A search hit: the skill, the name or alias that matched, the score."""

    skill: Skill
    matched_text: str
    score: float


@dataclass(frozen=True)
class SuggestionRow:
    """A raw autocomplete hit."""

    skill_id: uuid.UUID
    name: str
    matched_text: str
    category_id: uuid.UUID


@dataclass(frozen=True)
class TrendingRow:
    """A raw trending entry within a (possibly category-filtered) ranking."""

    skill_id: uuid.UUID
    rank: int
    previous_rank: int | None
    score: float
    new_user_skill_count: int
    search_count: int
    session_count: int


def like_prefix(key: str) -> str:
    """A LIKE pattern matching strings that start with `key` (metacharacters escaped with backslash)."""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"


def vector_literal(vector: Sequence[float]) -> str:
    """pgvector's text form of a vector."""
    return "[" + ",".join(repr(float(value)) for value in vector) + "]"


class SkillRepository:
    """Every query SkillService needs, on the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock(self, key: str) -> None:
        """Serialise writers of `key` until the transaction ends (per-user limits)."""
        await self._session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})

    # ---------------------------------------------------------------------------------------- categories

    async def category(self, category_id: uuid.UUID) -> Category | None:
        """The category with this id."""
        return await self._session.get(Category, category_id)

    async def categories(self) -> Sequence[Category]:
        """Every category (the tree is small: tens to a few hundred nodes)."""
        return (await self._session.execute(select(Category))).scalars().all()

    async def subtree_ids(self, category_id: uuid.UUID) -> list[uuid.UUID]:
        """The category and all its descendants (empty when it does not exist)."""
        query = select(Category.id).where(
            or_(Category.id == category_id, Category.ancestor_ids.contains([category_id]))
        )
        return list((await self._session.execute(query)).scalars().all())

    async def approved_skill_counts(self) -> dict[uuid.UUID, int]:
        """Approved live skills per category (direct members only)."""
        query = (
            select(Skill.category_id, func.count())
            .where(Skill.status == "approved", Skill.deleted_at.is_(None))
            .group_by(Skill.category_id)
        )
        return {row[0]: int(row[1]) for row in (await self._session.execute(query)).all()}

    # ------------------------------------------------------------------------------------------- skills

    async def skill(self, skill_id: uuid.UUID, *, for_update: bool = False) -> Skill | None:
        """The skill with this id (deleted ones included)."""
        query = select(Skill).where(Skill.id == skill_id)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def skills_by_id(self, skill_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Skill]:
        """The skills with these ids."""
        if not skill_ids:
            return {}
        rows = await self._session.execute(select(Skill).where(Skill.id.in_(list(skill_ids))))
        return {skill.id: skill for skill in rows.scalars().all()}

    async def name_owner(self, names: Sequence[str], *, exclude: uuid.UUID | None = None) -> uuid.UUID | None:
        """The live skill (other than `exclude`) that already has one of `names` as name or alias."""
        query = text(
            """
            SELECT skill_id FROM skill_names
            WHERE name_key IN (SELECT skill_name_key(n) FROM unnest(CAST(:names AS text[])) AS n)
              AND (CAST(:exclude AS uuid) IS NULL OR skill_id <> CAST(:exclude AS uuid))
            LIMIT 1
            """
        ).bindparams(bindparam("names", type_=_TEXTS))
        found = await self._session.execute(query, {"names": list(names), "exclude": exclude})
        return found.scalar_one_or_none()

    async def slugs_starting_with(self, base: str) -> set[str]:
        """Slugs equal to `base` or `base-<something>` (to pick a free one)."""
        query = select(Skill.slug).where((Skill.slug == base) | Skill.slug.like(like_prefix(f"{base}-"), escape="\\"))
        return set((await self._session.execute(query)).scalars().all())

    async def save_skill(self, skill: Skill) -> None:
        """Insert or update a skill; NameTaken / SlugTaken when a unique index refuses it, UnknownUser for a
        proposer without an account.

        Runs in a savepoint, so the unit of work stays usable to look up the conflicting skill.
        """
        self._session.add(skill)
        try:
            async with self._session.begin_nested():
                await self._session.flush()
        except IntegrityError as exc:
            message = str(exc.orig)
            if "uq_skill_names_name_key" in message:
                raise NameTaken from exc
            if "uq_skills_slug" in message:
                raise SlugTaken from exc
            if "fk_skills_proposer_user_id_accounts" in message:
                raise UnknownUser from exc
            raise

    async def list_skills(
        self,
        *,
        status: str,
        category_ids: list[uuid.UUID] | None,
        tag: str,
        proposer_user_id: uuid.UUID | None,
        order: SkillOrder,
        after: tuple[Any, uuid.UUID] | None,
        limit: int,
    ) -> Sequence[Skill]:
        """Live skills of one status with filters, in `order`, after the keyset position `after`: (user count,
        id) by popularity, (created_at, id) by recency, (lower-case name, id) by name."""
        query = select(Skill).where(Skill.status == status, Skill.deleted_at.is_(None))
        if category_ids is not None:
            query = query.where(Skill.category_id.in_(category_ids))
        if tag:
            query = query.where(Skill.tags.contains([tag]))
        if proposer_user_id is not None:
            query = query.where(Skill.proposer_user_id == proposer_user_id)
        if order is SkillOrder.POPULARITY:
            users = Skill.offered_user_count + Skill.wanted_user_count
            if after is not None:
                after_users, after_id = after
                query = query.where((users < after_users) | ((users == after_users) & (Skill.id > after_id)))
            query = query.order_by(users.desc(), Skill.id)
        elif order is SkillOrder.RECENCY:
            if after is not None:
                query = query.where(tuple_(Skill.created_at, Skill.id) < tuple_(*after))
            query = query.order_by(Skill.created_at.desc(), Skill.id.desc())
        else:
            lowered = func.lower(Skill.name)
            if after is not None:
                query = query.where(tuple_(lowered, Skill.id) > tuple_(*after))
            query = query.order_by(lowered, Skill.id)
        return (await self._session.execute(query.limit(limit))).scalars().all()

    async def proposals_since(self, user_id: uuid.UUID, since: datetime) -> tuple[int, datetime | None]:
        """How many skills the user proposed since `since`, and when the oldest of them was proposed."""
        row = (
            await self._session.execute(
                select(func.count(), func.min(Skill.created_at)).where(
                    Skill.proposer_user_id == user_id, Skill.created_at >= since
                )
            )
        ).one()
        return int(row[0]), row[1]

    async def tags(
        self, *, category_ids: list[uuid.UUID] | None, prefix: str, after: tuple[int, str] | None, limit: int
    ) -> list[tuple[str, int]]:
        """Tags of approved live skills with their counts, most used first then by name."""
        conditions = ["s.status = 'approved'", "s.deleted_at IS NULL"]
        params: dict[str, Any] = {"limit": limit}
        if category_ids is not None:
            conditions.append("s.category_id = ANY(:category_ids)")
            params["category_ids"] = category_ids
        if prefix:
            conditions.append("t.tag LIKE :prefix ESCAPE '\\'")
            params["prefix"] = like_prefix(prefix.lower())
        having = ""
        if after is not None:
            having = "HAVING count(*) < :after_count OR (count(*) = :after_count AND t.tag > :after_tag)"
            params["after_count"], params["after_tag"] = after
        query = text(
            f"""
            SELECT t.tag, count(*) AS skill_count
            FROM skills s CROSS JOIN LATERAL unnest(s.tags) AS t(tag)
            WHERE {" AND ".join(conditions)}
            GROUP BY t.tag {having}
            ORDER BY skill_count DESC, t.tag
            LIMIT :limit
            """  # noqa: S608 - fixed fragments only; values are bound parameters
        )
        if category_ids is not None:
            query = query.bindparams(bindparam("category_ids", type_=_UUIDS))
        rows = (await self._session.execute(query, params)).all()
        return [(row[0], int(row[1])) for row in rows]

    # -------------------------------------------------------------------------------- search and suggest

    async def search(
        self,
        *,
        query: str,
        key: str,
        category_ids: list[uuid.UUID] | None,
        tags: list[str],
        after: tuple[float, uuid.UUID] | None,
        limit: int,
    ) -> list[SearchRow]:
        """Approved live skills matching `query`, best first.

        Candidates: names/aliases within trigram similarity (GIN trigram index on skill_names.name_key) or
        starting with the query (same index, or the text_pattern_ops unique index), plus skills whose
        search_vector matches any query word (GIN on skills.search_vector). Score, 0..1:

            relevance = 0.50·similarity + 0.25·exact + 0.15·prefix + 0.10·fulltext
            score     = 0.95·relevance + 0.05·users/(users + 20)

        similarity: best pg_trgm similarity of a name or alias to the query; exact / prefix: 1 when a name or
        alias equals / starts with the query (case-insensitively); fulltext: ts_rank_cd normalised to 0..1
        (name and aliases weigh A, tags B, description C); users: how many users hold the skill.
        """
        await self._session.execute(
            text("SELECT set_config('pg_trgm.similarity_threshold', :threshold, true)"),
            {"threshold": str(SIMILARITY_THRESHOLD)},
        )
        filters, params = self._skill_filters(category_ids, tags)
        params.update(query=query, key=key, prefix=like_prefix(key), limit=limit)
        page = ""
        if after is not None:
            page = "WHERE score < :after_score OR (score = :after_score AND id > :after_id)"
            params["after_score"], params["after_id"] = after
        tsquery = "CAST(replace(CAST(plainto_tsquery('english', :query) AS text), '&', '|') AS tsquery)"
        sql = text(
            f"""
            WITH name_hits AS (
                SELECT DISTINCT ON (n.skill_id) n.skill_id, n.name,
                       similarity(n.name_key, :key)::float8 AS sim,
                       (n.name_key = :key) AS exact,
                       (n.name_key LIKE :prefix ESCAPE '\\') AS prefix
                FROM skill_names n
                WHERE n.name_key % :key OR n.name_key LIKE :prefix ESCAPE '\\'
                ORDER BY n.skill_id, (n.name_key = :key) DESC, (n.name_key LIKE :prefix ESCAPE '\\') DESC,
                         similarity(n.name_key, :key) DESC, n.is_primary DESC
            ),
            text_hits AS (
                SELECT s.id AS skill_id, ts_rank_cd(s.search_vector, {tsquery}, 32)::float8 AS fts
                FROM skills s
                WHERE s.search_vector @@ {tsquery} AND s.status = 'approved' AND s.deleted_at IS NULL
            ),
            candidates AS (
                SELECT coalesce(n.skill_id, t.skill_id) AS skill_id, n.name AS matched,
                       coalesce(n.sim, 0) AS sim, coalesce(n.exact, false) AS exact,
                       coalesce(n.prefix, false) AS prefix, coalesce(t.fts, 0) AS fts
                FROM name_hits n FULL JOIN text_hits t ON t.skill_id = n.skill_id
            ),
            scored AS (
                SELECT s.id, coalesce(c.matched, s.name) AS matched_text,
                       ({W_RELEVANCE} * ({W_TRIGRAM} * c.sim + {W_EXACT} * c.exact::int
                                          + {W_PREFIX} * c.prefix::int + {W_FULLTEXT} * c.fts)
                        + {W_POPULARITY} * (s.offered_user_count + s.wanted_user_count)::float8
                          / (s.offered_user_count + s.wanted_user_count + {POPULARITY_HALF}))::float8 AS score
                FROM candidates c JOIN skills s ON s.id = c.skill_id
                WHERE s.status = 'approved' AND s.deleted_at IS NULL {filters}
            )
            SELECT id, matched_text, score FROM scored {page}
            ORDER BY score DESC, id
            LIMIT :limit
            """  # noqa: S608 - fixed fragments and constants only; values are bound parameters
        )
        hits = (
            self._bind_filters(sql, category_ids, tags)
            .columns(column("id", Uuid()), column("matched_text", Text()), column("score", Float()))
            .subquery("hits")
        )
        # The skills come with their hits in the same statement (one round trip, not a second lookup by id).
        rows = await self._session.execute(
            select(Skill, hits.c.matched_text, hits.c.score)
            .join(hits, hits.c.id == Skill.id)
            .order_by(hits.c.score.desc(), hits.c.id),
            params,
        )
        return [SearchRow(skill, matched, float(score)) for skill, matched, score in rows.all()]

    async def suggest(self, *, key: str, category_ids: list[uuid.UUID] | None, limit: int) -> list[SuggestionRow]:
        """Autocomplete: exact name/alias first, then names starting with the text, then names with a word
        starting with it, then typo matches by similarity; within a class the most held skills first."""
        await self._session.execute(
            text("SELECT set_config('pg_trgm.similarity_threshold', :threshold, true)"),
            {"threshold": str(SIMILARITY_THRESHOLD)},
        )
        filters, params = self._skill_filters(category_ids, [])
        params.update(key=key, prefix=like_prefix(key), word_prefix="% " + like_prefix(key), limit=limit)
        sql = text(
            f"""
            WITH hits AS (
                SELECT DISTINCT ON (n.skill_id) n.skill_id, n.name AS matched,
                       CASE WHEN n.name_key = :key THEN 3
                            WHEN n.name_key LIKE :prefix ESCAPE '\\' THEN 2
                            WHEN n.name_key LIKE :word_prefix ESCAPE '\\' THEN 1
                            ELSE 0 END AS class,
                       similarity(n.name_key, :key)::float8 AS sim
                FROM skill_names n
                WHERE n.name_key LIKE :prefix ESCAPE '\\' OR n.name_key LIKE :word_prefix ESCAPE '\\'
                   OR n.name_key % :key
                ORDER BY n.skill_id, class DESC, n.is_primary DESC, sim DESC
            )
            SELECT h.skill_id, s.name, h.matched, s.category_id
            FROM hits h JOIN skills s ON s.id = h.skill_id
            WHERE s.status = 'approved' AND s.deleted_at IS NULL {filters}
            ORDER BY h.class DESC, CASE WHEN h.class = 0 THEN h.sim ELSE 0 END DESC,
                     s.offered_user_count + s.wanted_user_count DESC, char_length(s.name), lower(s.name)
            LIMIT :limit
            """  # noqa: S608 - fixed fragments only; values are bound parameters
        )
        sql = self._bind_filters(sql, category_ids, [])
        rows = (await self._session.execute(sql, params)).all()
        return [SuggestionRow(row[0], row[1], row[2], row[3]) for row in rows]

    @staticmethod
    def _skill_filters(category_ids: list[uuid.UUID] | None, tags: list[str]) -> tuple[str, dict[str, Any]]:
        fragments, params = "", dict[str, Any]()
        if category_ids is not None:
            fragments += " AND s.category_id = ANY(:category_ids)"
            params["category_ids"] = category_ids
        if tags:
            fragments += " AND s.tags @> :tags"
            params["tags"] = tags
        return fragments, params

    @staticmethod
    def _bind_filters(sql: Any, category_ids: list[uuid.UUID] | None, tags: list[str]) -> Any:
        if category_ids is not None:
            sql = sql.bindparams(bindparam("category_ids", type_=_UUIDS))
        if tags:
            sql = sql.bindparams(bindparam("tags", type_=_TEXTS))
        return sql

    async def record_search(self, skill_id: uuid.UUID) -> None:
        """Count a search that led to `skill_id`. Losing the last few counts in a crash is acceptable, so the
        commit does not wait for the WAL flush."""
        # One statement: the setting applies to this transaction's commit.
        await self._session.execute(
            text(
                "INSERT INTO skill_search_events (skill_id) "
                "SELECT :skill_id FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed"
            ),
            {"skill_id": skill_id},
        )

    # ------------------------------------------------------------------------------------ related skills

    async def co_occurring(self, skill_id: uuid.UUID, limit: int) -> list[tuple[uuid.UUID, float]]:
        """Skills held by the same users, with the Ochiai coefficient c/√(n₁·n₂) damped by c/(c+1) for
        small counts (c = users holding both, n = users holding each; holders sampled)."""
        sql = text(
            f"""
            WITH holders AS (
                SELECT DISTINCT user_id FROM user_skills WHERE skill_id = :skill_id LIMIT {CO_OCCURRENCE_SAMPLE}
            ),
            base AS (SELECT count(*)::float8 AS n FROM holders),
            co AS (
                SELECT us.skill_id, count(DISTINCT us.user_id)::float8 AS c
                FROM user_skills us JOIN holders h ON h.user_id = us.user_id
                WHERE us.skill_id <> :skill_id
                GROUP BY us.skill_id
            )
            SELECT co.skill_id,
                   co.c / sqrt(base.n * greatest(s.offered_user_count + s.wanted_user_count, co.c))
                   * co.c / (co.c + 1) AS score
            FROM co CROSS JOIN base JOIN skills s ON s.id = co.skill_id
            WHERE s.status = 'approved' AND s.deleted_at IS NULL
            ORDER BY score DESC, co.skill_id
            LIMIT :limit
            """  # noqa: S608 - a constant only
        )
        rows = (await self._session.execute(sql, {"skill_id": skill_id, "limit": limit})).all()
        return [(row[0], min(float(row[1]), 1.0)) for row in rows]

    async def embedding_text(self, skill_id: uuid.UUID) -> str | None:
        """The skill's stored embedding in pgvector's text form (None when not embedded yet)."""
        found = await self._session.execute(text("SELECT embedding::text FROM skills WHERE id = :id"), {"id": skill_id})
        return found.scalar_one_or_none()

    async def nearest(self, skill_id: uuid.UUID, vector: str, limit: int) -> list[tuple[uuid.UUID, float]]:
        """Approved live skills closest in meaning (HNSW cosine index), with cosine similarity."""
        sql = text(
            """
            SELECT id, 1 - (embedding <=> CAST(:vector AS vector)) AS similarity
            FROM skills
            WHERE embedding IS NOT NULL AND deleted_at IS NULL AND status = 'approved' AND id <> :skill_id
            ORDER BY embedding <=> CAST(:vector AS vector)
            LIMIT :limit
            """
        )
        rows = (await self._session.execute(sql, {"vector": vector, "skill_id": skill_id, "limit": limit})).all()
        return [(row[0], float(row[1])) for row in rows]

    # -------------------------------------------------------------------------------------- embeddings

    async def embedding_source(self, skill_id: uuid.UUID) -> tuple[Skill, str] | None:
        """The skill and its category's name, to build the text to embed."""
        row = (
            await self._session.execute(
                select(Skill, Category.name)
                .join(Category, Category.id == Skill.category_id)
                .where(Skill.id == skill_id)
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def store_embedding(
        self,
        skill_id: uuid.UUID,
        *,
        vector: Sequence[float] | None,
        model: str,
        source_hash: str,
        seen_updated_at: datetime,
        now: datetime,
    ) -> bool:
        """Store the vector unless the skill changed since it was read; True when stored."""
        result = await self._session.execute(
            text(
                """
                UPDATE skills SET embedding = CAST(:vector AS vector), embedding_model = :model,
                       embedding_source_hash = :hash, embedded_at = :now
                WHERE id = :id AND updated_at = :seen
                """
            ),
            {
                "vector": vector_literal(vector) if vector is not None else None,
                "model": model,
                "hash": source_hash,
                "now": now,
                "id": skill_id,
                "seen": seen_updated_at,
            },
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def mark_embedding_current(self, skill_id: uuid.UUID, now: datetime) -> None:
        """The stored vector still matches the skill's text: only note that it was checked."""
        await self._session.execute(update(Skill).where(Skill.id == skill_id).values(embedded_at=now))

    async def stale_embeddings(self, model: str, limit: int) -> list[uuid.UUID]:
        """Live skills never embedded, embedded by another model, or changed since they were embedded."""
        query = (
            select(Skill.id)
            .where(
                Skill.deleted_at.is_(None),
                Skill.status != "rejected",
                (Skill.embedded_at.is_(None))
                | (Skill.embedding_model.is_distinct_from(model))
                | (Skill.embedded_at < Skill.updated_at),
            )
            .order_by(Skill.updated_at)
            .limit(limit)
        )
        return list((await self._session.execute(query)).scalars().all())

    # ------------------------------------------------------------------------------------- user skills

    async def add_user_skill(self, user_skill: UserSkill) -> None:
        """Insert a user skill; AlreadyExists (USER_SKILL_EXISTS) for a second one of the same skill and kind,
        UnknownUser when the user has no account."""
        self._session.add(user_skill)
        try:
            async with self._session.begin_nested():
                await self._session.flush()
        except IntegrityError as exc:
            message = str(exc.orig)
            if "uq_user_skills_user_id_skill_id_kind" in message:
                raise AlreadyExists(
                    f"The user already has this skill as {user_skill.kind}; update it instead.",
                    reason=ErrorReason.USER_SKILL_EXISTS,
                    metadata={"skill_id": str(user_skill.skill_id), "kind": user_skill.kind},
                ) from exc
            if "fk_user_skills_user_id_accounts" in message:
                raise UnknownUser from exc
            raise

    async def user_skill(self, user_skill_id: uuid.UUID, *, for_update: bool = False) -> UserSkill | None:
        """The user skill with this id."""
        query = select(UserSkill).where(UserSkill.id == user_skill_id)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def user_skill_count(self, user_id: uuid.UUID, kind: str) -> int:
        """How many skills of this kind the user holds."""
        found = await self._session.execute(
            select(func.count()).where(UserSkill.user_id == user_id, UserSkill.kind == kind)
        )
        return int(found.scalar_one())

    async def delete_user_skill(self, user_skill: UserSkill) -> None:
        """Remove a user skill."""
        await self._session.execute(delete(UserSkill).where(UserSkill.id == user_skill.id))

    async def delete_user_skills_of(self, user_id: uuid.UUID) -> int:
        """Remove every skill of a user; how many there were."""
        result = await self._session.execute(delete(UserSkill).where(UserSkill.user_id == user_id))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def user_skill_levels(self, user_id: uuid.UUID) -> list[tuple[str, uuid.UUID, int]]:
        """Every (kind, skill id, proficiency) the user holds, for the profile's skill filter."""
        rows = await self._session.execute(
            select(UserSkill.kind, UserSkill.skill_id, UserSkill.proficiency)
            .where(UserSkill.user_id == user_id)
            .order_by(UserSkill.kind, UserSkill.skill_id)
        )
        return [(kind, skill_id, proficiency) for kind, skill_id, proficiency in rows.all()]

    async def list_user_skills(
        self,
        *,
        user_id: uuid.UUID,
        kind: str | None,
        after: tuple[str, int, str, uuid.UUID] | None,
        limit: int,
    ) -> list[tuple[UserSkill, str, uuid.UUID]]:
        """The user's skills: offered first, then by proficiency (highest first), then skill name, after the
        keyset position `after` (kind, proficiency, lower-case skill name, user skill id)."""
        name = func.lower(Skill.name)
        query = (
            select(UserSkill, Skill.name, Skill.category_id)
            .join(Skill, Skill.id == UserSkill.skill_id)
            .where(UserSkill.user_id == user_id)
        )
        if kind is not None:
            query = query.where(UserSkill.kind == kind)
        if after is not None:
            # kind ascending ('offered' < 'wanted'), proficiency descending, name and id ascending.
            after_kind, after_proficiency, after_name, after_id = after
            query = query.where(
                tuple_(UserSkill.kind, -UserSkill.proficiency, name, UserSkill.id)
                > tuple_(after_kind, -after_proficiency, after_name, after_id)
            )
        query = query.order_by(UserSkill.kind, UserSkill.proficiency.desc(), name, UserSkill.id).limit(limit)
        rows = (await self._session.execute(query)).all()
        return [(row[0], row[1], row[2]) for row in rows]

    # ----------------------------------------------------------------------------------------- trending

    async def refresh_user_counts(self) -> int:
        """Set offered/wanted user counts from user_skills where they differ; how many skills changed."""
        result = await self._session.execute(
            text(
                """
                WITH counts AS (
                    SELECT s.id,
                           count(us.id) FILTER (WHERE us.kind = 'offered') AS offered,
                           count(us.id) FILTER (WHERE us.kind = 'wanted') AS wanted
                    FROM skills s LEFT JOIN user_skills us ON us.skill_id = s.id
                    GROUP BY s.id
                )
                UPDATE skills s SET offered_user_count = c.offered, wanted_user_count = c.wanted
                FROM counts c
                WHERE s.id = c.id
                  AND (s.offered_user_count, s.wanted_user_count) IS DISTINCT FROM (c.offered::int, c.wanted::int)
                """
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def compute_trending(self, window: TrendingWindow, now: datetime) -> tuple[int, int]:
        """Rank approved live skills by time-decayed events within the window; (run id, skills ranked).

        score = Σ weight · 2^(−age / half-life) over the window's events: a new user skill weighs 3, a search
        that led to the skill 1, a completed session 5 (none until sessions exist). Half-life = window / 4.
        """
        run = TrendingRun(window=window.value, computed_at=now)
        self._session.add(run)
        await self._session.flush()
        result = await self._session.execute(
            text(
                f"""
                INSERT INTO skill_trending_entries
                    (run_id, skill_id, rank, score, new_user_skill_count, search_count, session_count)
                SELECT :run_id, e.skill_id, row_number() OVER (ORDER BY e.score DESC, e.skill_id), e.score,
                       e.new_user_skills, e.searches, 0
                FROM (
                    SELECT ev.skill_id,
                           sum(ev.weight * power(2, -extract(epoch FROM (:now - ev.at)) / :half_life))::float8
                               AS score,
                           count(*) FILTER (WHERE ev.source = 'user_skill') AS new_user_skills,
                           count(*) FILTER (WHERE ev.source = 'search') AS searches
                    FROM (
                        SELECT skill_id, created_at AS at, {W_NEW_USER_SKILL} AS weight, 'user_skill' AS source
                        FROM user_skills WHERE created_at > :since AND created_at <= :now
                        UNION ALL
                        SELECT skill_id, created_at, {W_SEARCH}, 'search'
                        FROM skill_search_events WHERE created_at > :since AND created_at <= :now
                    ) AS ev
                    JOIN skills s ON s.id = ev.skill_id AND s.status = 'approved' AND s.deleted_at IS NULL
                    GROUP BY ev.skill_id
                    ORDER BY score DESC, ev.skill_id
                    LIMIT {TRENDING_MAX_RANKED}
                ) AS e
                """  # noqa: S608 - constants only
            ),
            {
                "run_id": run.id,
                "now": now,
                "since": now - window.span,
                "half_life": window.half_life.total_seconds(),
            },
        )
        return run.id, int(result.rowcount)  # type: ignore[attr-defined]

    async def purge_trending(self, *, runs_before: datetime, events_before: datetime) -> None:
        """Drop runs older than `runs_before` (keeping the two newest per window) and old search events."""
        await self._session.execute(
            text(
                """
                DELETE FROM skill_trending_runs r
                WHERE r.computed_at < :before
                  AND r.id NOT IN (
                      SELECT id FROM (
                          SELECT id, row_number() OVER (PARTITION BY "window" ORDER BY computed_at DESC, id DESC) AS n
                          FROM skill_trending_runs
                      ) AS newest WHERE newest.n <= 2
                  )
                """
            ),
            {"before": runs_before},
        )
        await self._session.execute(delete(SkillSearchEvent).where(SkillSearchEvent.created_at < events_before))

    async def latest_run(self, window: TrendingWindow) -> TrendingRun | None:
        """The newest ranking of this window."""
        query = (
            select(TrendingRun)
            .where(TrendingRun.window == window.value)
            .order_by(TrendingRun.computed_at.desc(), TrendingRun.id.desc())
            .limit(1)
        )
        return (await self._session.execute(query)).scalar_one_or_none()

    async def run(self, run_id: int) -> TrendingRun | None:
        """A ranking by id (None once purged)."""
        return await self._session.get(TrendingRun, run_id)

    async def previous_run(self, run: TrendingRun) -> TrendingRun | None:
        """The ranking of the same window computed just before `run`."""
        query = (
            select(TrendingRun)
            .where(TrendingRun.window == run.window, TrendingRun.id < run.id)
            .order_by(TrendingRun.id.desc())
            .limit(1)
        )
        return (await self._session.execute(query)).scalar_one_or_none()

    async def trending(
        self,
        *,
        run_id: int,
        previous_run_id: int | None,
        category_ids: list[uuid.UUID] | None,
        after_rank: int,
        limit: int,
    ) -> list[TrendingRow]:
        """Entries of a run among approved live skills (in a category subtree), ranked 1.. within that view,
        with each skill's rank in the same view of the previous run."""
        category = " AND s.category_id = ANY(:category_ids)" if category_ids is not None else ""
        sql = text(
            f"""
            WITH current AS (
                SELECT e.*, row_number() OVER (ORDER BY e.rank) AS view_rank
                FROM skill_trending_entries e JOIN skills s ON s.id = e.skill_id
                WHERE e.run_id = :run_id AND s.status = 'approved' AND s.deleted_at IS NULL{category}
            ),
            previous AS (
                SELECT e.skill_id, row_number() OVER (ORDER BY e.rank) AS view_rank
                FROM skill_trending_entries e JOIN skills s ON s.id = e.skill_id
                WHERE e.run_id = :previous_run_id AND s.status = 'approved' AND s.deleted_at IS NULL{category}
            )
            SELECT c.skill_id, c.view_rank, p.view_rank, c.score, c.new_user_skill_count, c.search_count,
                   c.session_count
            FROM current c LEFT JOIN previous p ON p.skill_id = c.skill_id
            WHERE c.view_rank > :after_rank
            ORDER BY c.view_rank
            LIMIT :limit
            """  # noqa: S608 - fixed fragments only
        )
        params: dict[str, Any] = {
            "run_id": run_id,
            "previous_run_id": previous_run_id if previous_run_id is not None else -1,
            "after_rank": after_rank,
            "limit": limit,
        }
        if category_ids is not None:
            sql = sql.bindparams(bindparam("category_ids", type_=_UUIDS))
            params["category_ids"] = category_ids
        rows = (await self._session.execute(sql, params)).all()
        return [TrendingRow(row[0], int(row[1]), row[2], float(row[3]), row[4], row[5], row[6]) for row in rows]
