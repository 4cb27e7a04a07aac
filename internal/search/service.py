"""SearchService use cases: member search on this domain's read model, skill search, suggestions and trending
through SkillService, featured members, history.

Design notes:

- One owner per capability: skill search, skill suggestions and trending are SkillService's (called through
  the `SkillCatalog` port, never re-implemented); members are searched in `search_members`, a read model this
  domain owns, refreshed by the `search.refresh` job from the user domain's member snapshots. The user domain
  calls `MemberChangeListener.member_changed` in every transaction that changes what search shows (profile,
  skills, visibility, status, embedding): it marks the member and enqueues the job in that transaction, so a
  committed change is always followed by a refresh, on whichever process runs the worker.
- Typos and aliases in member search come from the skill catalog: each query word is resolved to catalog
  skills through SkillService.suggest_skills (exact names and aliases, and close typos), and members who teach
  or learn them match. Names tolerate typos by trigram word similarity.
- Privacy: the caller's visibility and blocks (either way) are conditions of every member query; locations are
  stored only as a 0.1-degree cell, distances are reported in 5 km steps, and location filters and the
  DISTANCE sort need a signed-in caller.
- History: signed-in callers' first-page searches with a query are recorded (at most HISTORY_CAP per member,
  older entries dropped at once; entries older than HISTORY_RETENTION_DAYS removed by the periodic
  `search.purge` job). Zero-result queries are counted per normalised query for analytics.
"""

from __future__ import annotations

import asyncio
import json
import math
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from skillsphere.search.v1.error_reason import ErrorReason
from sqlalchemy.ext.asyncio import AsyncSession

from internal.search import ranking
from internal.search.models import (
    ADVANCED_QUERY_MAX,
    HISTORY_CAP,
    HISTORY_RETENTION_DAYS,
    MEMBER_FACETS,
    QUERY_MAX,
    SKILL_FACETS,
    TOTAL_CAP,
    ZERO_RESULT_RETENTION_DAYS,
    AdvancedPage,
    CardSkill,
    EntityType,
    Facet,
    FacetField,
    FacetValue,
    FeaturedView,
    Highlight,
    HistoryEntry,
    HistoryView,
    MemberCard,
    MemberFilter,
    MemberHit,
    MemberPage,
    Money,
    RankingMode,
    RefreshOutcome,
    SearchMember,
    SkillFilter,
    SkillHitView,
    SkillPage,
    SkillResult,
    SkillView,
    SortOrder,
    SuggestionKind,
    SuggestionView,
    TrendingPage,
    TrendingView,
    UserResult,
)
from internal.search.ports import MemberDirectory, MemberSnapshot, SkillCatalog
from internal.search.repository import Audience, MemberQuery, MemberRow, SearchRepository
from internal.skill.service import TrendingWindow
from pkg.authz import Caller
from pkg.cache import CacheHub
from pkg.cache.lru import TTLCache
from pkg.db import UnitOfWorkFactory
from pkg.errors import InvalidArgument, NotFound, PermissionDenied, Unavailable
from pkg.jobs import enqueue
from pkg.llm import EmbeddingProvider, LLMError
from pkg.log import get_logger
from pkg.pagination import Paginator

log = get_logger("search")

__all__ = ["MemberChangeListener", "SearchService"]

REFRESH_JOB = "search.refresh"
BACKFILL_JOB = "search.backfill"
PURGE_JOB = "search.purge"
REFRESH_ATTEMPTS = 5
BACKFILL_BATCH = 200
SUGGEST_DEFAULT, SUGGEST_MAX = 8, 20
RECENT_SUGGESTIONS = 3
POPULAR_MIN_MEMBERS = 3
POPULAR_WINDOW = timedelta(days=7)
SKILL_RESULTS_MAX = 100  # skills AdvancedSearch merges (SkillService's best matches)
CARD_SKILLS = 5
FUZZY_SIMILARITY = 0.25
CATALOG_TTL = 300.0


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _invalid(field: str, description: str, reason: Any = None) -> InvalidArgument:
    if reason is None:
        return InvalidArgument(field=field, description=description)
    return InvalidArgument(field=field, description=description, reason=reason)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word (padded with two spaces before and one after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm similarity of two words: shared trigrams / all trigrams."""
    x, y = trigrams(a), trigrams(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def highlight(field: str, value: str, words: Sequence[str]) -> Highlight | None:
    """Where words of the query start words of `value` (prefix matches, case-insensitive)."""
    if not value or not words:
        return None
    lowered = value.lower()
    ranges: list[tuple[int, int]] = []
    for word in words:
        start = 0
        while (found := lowered.find(word, start)) >= 0:
            if found == 0 or not lowered[found - 1].isalnum():
                ranges.append((found, found + len(word)))
            start = found + 1
    if not ranges:
        return None
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return Highlight(field, value, tuple(merged))


def card_of(member: SearchMember) -> MemberCard:
    """The result card stored with a member."""
    card = member.card
    rate = (
        Money(member.hourly_rate_minor, member.hourly_rate_currency)
        if member.hourly_rate_minor is not None and member.hourly_rate_currency
        else None
    )
    return MemberCard(
        user_id=member.user_id,
        display_name=member.display_name,
        headline=member.headline,
        avatar_uri=card.get("avatar_uri", ""),
        teaches=tuple(CardSkill(uuid.UUID(s["id"]), s["name"], int(s["p"])) for s in card.get("teaches", [])),
        learns=tuple(CardSkill(uuid.UUID(s["id"]), s["name"], int(s["p"])) for s in card.get("learns", [])),
        average_rating=member.average_rating,
        rating_count=member.rating_count,
        hourly_rate=rate,
        accepts_skill_swap=member.accepts_skill_swap,
        country_code=member.country_code,
        time_zone=card.get("time_zone", ""),
        language_tags=tuple(card.get("language_tags", [])),
        verified=member.verified,
        is_mentor=member.is_mentor,
    )


class MemberChangeListener:
    """The user domain's MemberListener: a member changed, refresh their search row after commit."""

    async def member_changed(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """Mark the member and enqueue `search.refresh`, both in the writer's transaction."""
        await SearchRepository(session).mark_changed(user_id)
        await enqueue(session, REFRESH_JOB, {"user_id": str(user_id)}, dedupe_key=f"{REFRESH_JOB}:{user_id}")


class SearchService:
    """Member and skill search, suggestions, trending, featured members and history."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        members: MemberDirectory,
        skills: SkillCatalog,
        embeddings: EmbeddingProvider,
        cache: CacheHub,
        member_ids: Callable[[str], Any] | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._members = members
        self._skills = skills
        self._embeddings = embeddings
        # Catalog facts change rarely and are public: kept per process for minutes, never invalidated.
        self._terms = cache.cache("search_terms", ttl=CATALOG_TTL)
        self._catalog = cache.cache("search_catalog", ttl=CATALOG_TTL)
        self._vectors = cache.cache("search_query_vectors", max_entries=2000, ttl=3600.0)
        # The refresh job's own memo of skill → categories: it must not call SkillService per member even
        # while the shared caches are bypassed (their listener not connected, or a process without one).
        self._skill_categories_memo: TTLCache[list[uuid.UUID]] = TTLCache(5000)
        self._member_ids = member_ids
        self._now = clock

    # ======================================================================================= read model

    async def refresh_members(self, user_ids: Sequence[uuid.UUID]) -> RefreshOutcome:
        """Rewrite the search rows of these members from their snapshots.

        A member's change marker is dropped only if it did not change while the snapshot was read (the DELETE
        waits for a writer still holding it); otherwise the member is read again, so a change committed during
        a refresh is never lost to the job queue's dedupe key.
        """
        pending = list(dict.fromkeys(user_ids))
        written = removed = retried = 0
        for attempt in range(REFRESH_ATTEMPTS):
            if not pending:
                break
            if attempt:
                retried += len(pending)
            async with self._uow() as uow:
                versions = await SearchRepository(uow.session).change_versions(pending)
                await uow.commit()
            snapshots = await self._members.member_snapshots(pending)
            rows = {uid: await self._row(snapshots[uid]) for uid in pending if uid in snapshots and snapshots[uid].live}
            again: list[uuid.UUID] = []
            async with self._uow() as uow:
                repo = SearchRepository(uow.session)
                await repo.upsert_members(list(rows.values()))
                written += len(rows)
                for uid in pending:
                    if uid not in rows:
                        removed += await repo.delete_member(uid)
                    if uid in versions and not await repo.clear_change(uid, versions[uid]):
                        again.append(uid)
                await uow.commit()
            pending = again
        if pending:  # still changing: the next job or the backfill's sweep picks them up
            log.warning("search_refresh_unsettled", count=len(pending))
        return RefreshOutcome(written=written, removed=removed, retried=retried, ids=list(user_ids))

    async def backfill(self, *, limit_batches: int = 50) -> int:
        """Refresh members with a leftover change marker, then members missing from the read model (the
        first start, a restore); bounded per run. How many members were refreshed."""
        total = 0
        async with self._uow() as uow:
            leftover = await SearchRepository(uow.session).pending_changes(BACKFILL_BATCH * 5)
            await uow.commit()
        for start in range(0, len(leftover), BACKFILL_BATCH):
            total += (await self.refresh_members(leftover[start : start + BACKFILL_BATCH])).written
        if self._member_ids is None:
            return total
        token = ""
        for _ in range(limit_batches):
            ids, token = await self._member_ids(token)
            if ids:
                async with self._uow() as uow:
                    known = await SearchRepository(uow.session).indexed_ids(ids)
                    await uow.commit()
                missing = [uid for uid in ids if uid not in known]
                if missing:
                    total += (await self.refresh_members(missing)).written
            if not token:
                break
        return total

    async def _row(self, snap: MemberSnapshot) -> dict[str, Any]:
        """The read-model row of a live member."""
        offered = sorted((s for s in snap.skills if s.kind == "offered"), key=lambda s: (-s.proficiency, s.name))
        wanted = sorted((s for s in snap.skills if s.kind == "wanted"), key=lambda s: (-s.proficiency, s.name))
        categories: list[uuid.UUID] = []
        for skill in offered:
            for category in await self._skill_categories(skill.skill_id):
                if category not in categories:
                    categories.append(category)
        cell = ranking.coarsen(snap.latitude, snap.longitude)
        card = {
            "avatar_uri": snap.avatar_uri,
            "time_zone": snap.time_zone,
            "language_tags": list(snap.language_codes),
            "teaches": [{"id": str(s.skill_id), "name": s.name, "p": s.proficiency} for s in offered[:CARD_SKILLS]],
            "learns": [{"id": str(s.skill_id), "name": s.name, "p": s.proficiency} for s in wanted[:CARD_SKILLS]],
        }
        return {
            "user_id": snap.user_id,
            "display_name": snap.display_name,
            "name_key": ranking.normalise(snap.display_name),
            "headline": snap.headline,
            "bio": snap.bio,
            "teaches_text": " ".join(s.name for s in offered),
            "learns_text": " ".join(s.name for s in wanted),
            "visibility": snap.visibility,
            "country_code": snap.country_code,
            "language_keys": ranking.language_keys(snap.language_codes),
            "is_mentor": snap.is_mentor,
            "verified": snap.verified,
            "accepts_skill_swap": snap.accepts_skill_swap,
            "average_rating": snap.average_rating,
            "rating_count": snap.rating_count,
            "quality": ranking.quality(snap.average_rating, snap.rating_count),
            "hourly_rate_minor": snap.hourly_rate_minor,
            "hourly_rate_currency": snap.hourly_rate_currency,
            "teaches": [s.skill_id for s in offered],
            "learns": [s.skill_id for s in wanted],
            "teach_categories": categories,
            "cell_latitude": cell[0] if cell else None,
            "cell_longitude": cell[1] if cell else None,
            "card": json.dumps(card),
            "member_since": snap.create_time,
            "source_updated_at": snap.update_time,
            "refreshed_at": self._now(),
            "embedding": list(snap.embedding) if snap.embedding else None,
        }

    async def _skill_categories(self, skill_id: uuid.UUID) -> list[uuid.UUID]:
        """The skill's category and its ancestors (empty for a skill that is gone)."""
        found, memo = self._skill_categories_memo.get(str(skill_id))
        if found and memo is not None:
            return memo

        async def load() -> list[str]:
            try:
                skill = await self._skills.get_skill(caller=Caller.ANONYMOUS, skill_id=skill_id)
                detail = await self._skills.get_category(category_id=skill.category_id)
            except NotFound:
                return []
            return [str(skill.category_id), *(str(a.category.id) for a in detail.ancestors)]

        categories = [uuid.UUID(c) for c in await self._catalog.get_or_load(f"skill-categories:{skill_id}", load)]
        self._skill_categories_memo.set(str(skill_id), categories, CATALOG_TTL)
        return categories

    async def _category_names(self) -> dict[uuid.UUID, str]:
        async def load() -> dict[str, str]:
            names: dict[str, str] = {}
            token = ""
            while True:
                page = await self._skills.list_categories(parent_id=None, page_size=100, page_token=token)
                names.update({str(n.category.id): n.category.name for n in page.items})
                token = page.next_page_token
                if not token:
                    return names

        return {uuid.UUID(k): v for k, v in (await self._catalog.get_or_load("category-names", load)).items()}

    async def _skill_name(self, skill_id: uuid.UUID) -> str:
        async def load() -> str:
            try:
                return (await self._skills.get_skill(caller=Caller.ANONYMOUS, skill_id=skill_id)).name
            except NotFound:
                return ""

        return str(await self._catalog.get_or_load(f"skill-name:{skill_id}", load))

    # ========================================================================================= members

    async def _audience(self, caller: Caller) -> Audience:
        blocked: frozenset[uuid.UUID] = frozenset()
        if caller.account_id is not None:
            blocked = await self._members.blocked_either_way(caller.account_id)
        return Audience(caller_id=caller.account_id, admin=caller.is_admin, blocked=blocked)

    async def _resolve_skills(self, text: str, words: Sequence[str]) -> tuple[uuid.UUID, ...]:
        """Catalog skills the query names: exact names or aliases of the whole query or of a word, and close
        typos of a word (trigram similarity ≥ 0.25), via SkillService's suggestions."""
        terms = [text] if len(words) > 1 else []
        terms += [w for w in words if len(w) >= 2 or len(words) == 1]
        found: list[uuid.UUID] = []
        for term in terms:

            async def load(term: str = term) -> list[str]:
                hits = await self._skills.suggest_skills(prefix=term, category_id=None, limit=3)
                exact = [h.skill_id for h in hits if ranking.normalise(h.matched_text) == term]
                if exact:
                    return [str(i) for i in exact]
                if len(term) < 4 or not hits:
                    return []
                best = hits[0]
                key = ranking.normalise(best.matched_text)
                if key.startswith(term):  # a plain prefix: the text match already covers it
                    return []
                score = max([similarity(term, key), *(similarity(term, w) for w in key.split())])
                return [str(best.skill_id)] if score >= FUZZY_SIMILARITY else []

            for skill_id in await self._terms.get_or_load(f"term:{term}", load):
                if uuid.UUID(skill_id) not in found:
                    found.append(uuid.UUID(skill_id))
        return tuple(found)

    @staticmethod
    def _check_filter(caller: Caller, clean: MemberFilter, order: SortOrder, field: str) -> None:
        if (clean.near is not None or order is SortOrder.DISTANCE) and not caller.signed_in:
            raise PermissionDenied(
                "Location filters and sorting by distance are for signed-in members; sign in first.",
                reason=ErrorReason.LOCATION_NEEDS_SIGN_IN,
            )
        if order is SortOrder.DISTANCE and clean.near is None:
            raise _invalid(f"{field}.near", "is required to sort by DISTANCE", ErrorReason.DISTANCE_NEEDS_NEAR)
        if clean.near is not None:
            if not -90 <= clean.near.latitude <= 90:
                raise _invalid(f"{field}.near.latitude", "must be between -90 and 90")
            if not -180 <= clean.near.longitude <= 180:
                raise _invalid(f"{field}.near.longitude", "must be between -180 and 180")
        if clean.max_hourly_rate is not None and clean.max_hourly_rate.amount_minor < 0:
            raise _invalid(f"{field}.max_hourly_rate.amount_minor", "must not be negative")
        if clean.max_hourly_rate is not None and len(clean.max_hourly_rate.currency_code) != 3:
            raise _invalid(f"{field}.max_hourly_rate.currency_code", "must be an ISO 4217 code")

    async def _member_query(
        self,
        caller: Caller,
        text: str,
        clean: MemberFilter,
        order: SortOrder,
        mode: RankingMode,
        vector: str | None,
    ) -> MemberQuery:
        words = tuple(ranking.query_words(text))
        resolved = await self._resolve_skills(text, words) if text else ()
        return MemberQuery(
            audience=await self._audience(caller),
            filter=clean,
            order=order,
            text=text,
            words=words,
            resolved_skills=resolved,
            vector=vector,
            mode=mode.value if vector else RankingMode.KEYWORD.value,
        )

    def _member_results(self, rows: Sequence[MemberRow], words: Sequence[str]) -> list[UserResult]:
        results = []
        for row in rows:
            card = card_of(row.member)
            lights = [
                h
                for h in (highlight("name", card.display_name, words), highlight("headline", card.headline, words))
                if h is not None
            ]
            distance = ranking.reported_distance(row.distance_km) if row.distance_km is not None else None
            hit = MemberHit(card, min(max(row.relevance, 0.0), 1.0), distance, row.pinned)
            results.append(UserResult(hit, tuple(lights)))
        return results

    async def search_users(
        self,
        *,
        caller: Caller,
        query: str,
        filter: MemberFilter,  # noqa: A002 - the contract's name
        order: SortOrder | None,
        page_size: int,
        page_token: str,
    ) -> MemberPage:
        """Members matching the query and filters that the caller may see, one keyset page."""
        text = ranking.normalise(query)
        if len(text) > QUERY_MAX:
            raise _invalid("query", f"must be at most {QUERY_MAX} characters")
        order = order or SortOrder.RELEVANCE
        self._check_filter(caller, filter, order, "filter")
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={
                "rpc": "SearchUsers",
                "q": text,
                "filter": filter.fingerprint(),
                "order": order.value,
                "caller": str(caller.account_id or ""),
            },
        )
        after = request.position(lambda p: (float(p["k"]), uuid.UUID(p["id"])))
        member_query = await self._member_query(caller, text, filter, order, RankingMode.KEYWORD, None)
        member_query = _with_page(member_query, after, request.limit)
        async with self._uow() as uow:
            repo = SearchRepository(uow.session)
            rows, total = await repo.search_members(member_query)
            total = min(total, TOTAL_CAP)
            if request.first:
                await self._record(repo, caller, query, text, [EntityType.USER], total)
            await uow.commit()
        page = request.page(rows, key=lambda r: {"k": r.sort_key, "id": str(r.member.user_id)})
        return MemberPage(self._member_results(page.items, member_query.words), page.next_page_token, total)

    async def _record(
        self, repo: SearchRepository, caller: Caller, raw: str, key: str, types: Sequence[EntityType], total: int
    ) -> None:
        """History for signed-in callers, and zero-result analytics, for a first page with a query."""
        if not key:
            return
        now = self._now()
        if caller.account_id is not None:
            entry = HistoryEntry(
                id=uuid.uuid4(),
                user_id=caller.account_id,
                query=" ".join(raw.split())[:ADVANCED_QUERY_MAX],
                query_key=key,
                entity_types=[t.value for t in types],
                result_count=min(total, TOTAL_CAP),
                created_at=now,
            )
            await repo.add_history(entry, HISTORY_CAP)
        if total == 0:
            await repo.record_zero_result(key, ",".join(sorted(t.value for t in types)), now)

    # ========================================================================================== skills

    async def _skill_view(self, skill: Any) -> SkillView:
        names = await self._category_names()
        return SkillView(
            skill_id=skill.id,
            name=skill.name,
            category_id=skill.category_id,
            category_name=names.get(skill.category_id, ""),
            description=(skill.description or "")[:300],
            tags=tuple(skill.tags or ()),
            teacher_count=skill.offered_user_count,
            learner_count=skill.wanted_user_count,
            created_at=skill.created_at,
        )

    async def search_skills(
        self,
        *,
        caller: Caller,
        query: str,
        filter: SkillFilter,  # noqa: A002 - the contract's name
        order: SortOrder | None,
        page_size: int,
        page_token: str,
    ) -> SkillPage:
        """Catalog skills matching the query: SkillService's search, one page (its own page tokens)."""
        if order not in (None, SortOrder.RELEVANCE):
            raise _invalid("sort", "skills are ranked by relevance only", ErrorReason.SORT_NOT_APPLICABLE)
        page = await self._skills.search_skills(
            query=query, category_id=filter.category_id, tags=filter.tags, page_size=page_size, page_token=page_token
        )
        words = ranking.query_words(query)
        results = [await self._skill_result(hit, words) for hit in page.items]
        if not page_token:
            async with self._uow() as uow:
                await self._record(
                    SearchRepository(uow.session),
                    caller,
                    query,
                    ranking.normalise(query),
                    [EntityType.SKILL],
                    len(results),
                )
                await uow.commit()
        return SkillPage(results, page.next_page_token)

    async def _skill_result(self, hit: Any, words: Sequence[str]) -> SkillResult:
        view = await self._skill_view(hit.skill)
        lights = [h for h in (highlight("name", hit.matched_text, words),) if h is not None]
        return SkillResult(SkillHitView(view, hit.score, hit.matched_text), tuple(lights))

    async def trending_skills(
        self, *, window: str, category_id: uuid.UUID | None, page_size: int, page_token: str
    ) -> TrendingPage:
        """SkillService's trending ranking of a window."""
        span = TrendingWindow(window)
        ranking_ = await self._skills.get_trending_skills(
            category_id=category_id, window=span, page_size=page_size, page_token=page_token
        )
        items = [
            TrendingView(
                skill=await self._skill_view(entry.skill),
                rank=entry.rank,
                score=entry.score,
                rank_change=entry.rank_change,
                new_user_skill_count=entry.new_user_skill_count,
                search_count=entry.search_count,
                session_count=entry.session_count,
            )
            for entry in ranking_.page.items
        ]
        end = ranking_.computed_at
        return TrendingPage(items, ranking_.page.next_page_token, end - span.span if end else None, end)

    # ======================================================================================== featured

    async def featured_users(
        self,
        *,
        caller: Caller,
        category_id: uuid.UUID | None,
        skill_id: uuid.UUID | None,
        page_size: int,
        page_token: str,
    ) -> tuple[list[FeaturedView], str]:
        """Currently featured members the caller may see, in editorial order."""
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={
                "rpc": "FeaturedUsers",
                "category": str(category_id or ""),
                "skill": str(skill_id or ""),
                "caller": str(caller.account_id or ""),
            },
        )
        after = request.position(lambda p: (int(p["pos"]), uuid.UUID(p["id"])))
        audience = await self._audience(caller)
        async with self._uow() as uow:
            rows = await SearchRepository(uow.session).featured(
                audience,
                skill_id=skill_id,
                category_ids=[category_id] if category_id else None,
                now=self._now(),
                after=after,
                limit=request.limit,
            )
            await uow.commit()
        page = request.page(rows, key=lambda r: {"pos": r[0].position, "id": str(r[0].id)})
        return [FeaturedView(card_of(m), f.blurb, f.end_time) for f, m in page.items], page.next_page_token

    # ===================================================================================== suggestions

    async def suggestions(
        self, *, caller: Caller, query: str, kinds: Sequence[SuggestionKind], limit: int
    ) -> list[SuggestionView]:
        """Autocomplete: the caller's recent queries first, then skills, categories, members, popular queries."""
        key = ranking.normalise(query)
        if not key:
            raise _invalid("query", "must not be blank")
        if not 0 <= limit <= SUGGEST_MAX:
            raise _invalid("limit", f"must be between 0 and {SUGGEST_MAX}")
        limit = limit or SUGGEST_DEFAULT
        wanted = set(kinds) or set(SuggestionKind)
        audience = await self._audience(caller)

        async def skills() -> list[SuggestionView]:
            if SuggestionKind.SKILL not in wanted:
                return []
            hits = await self._skills.suggest_skills(prefix=key, category_id=None, limit=limit)
            names = await self._category_names()
            return [
                SuggestionView(
                    SuggestionKind.SKILL,
                    h.name,
                    str(h.skill_id),
                    names.get(h.category_id, "")
                    + ("" if h.matched_text == h.name else f" · also known as {h.matched_text}"),
                    matched=_prefix_ranges(h.name, key),
                )
                for h in hits
            ]

        async def local() -> tuple[list[SuggestionView], list[SuggestionView], list[SuggestionView]]:
            recent: list[SuggestionView] = []
            members: list[SuggestionView] = []
            popular: list[SuggestionView] = []
            async with self._uow() as uow:
                repo = SearchRepository(uow.session)
                if SuggestionKind.RECENT_QUERY in wanted and caller.account_id is not None:
                    entries = await repo.recent_queries(caller.account_id, key, RECENT_SUGGESTIONS)
                    recent = [
                        SuggestionView(
                            SuggestionKind.RECENT_QUERY, e.query, str(e.id), matched=_prefix_ranges(e.query, key)
                        )
                        for e in entries
                    ]
                if SuggestionKind.USER in wanted:
                    found = await repo.name_prefix(audience, key, limit)
                    members = [
                        SuggestionView(
                            SuggestionKind.USER,
                            m.display_name,
                            str(m.user_id),
                            m.headline,
                            str(m.card.get("avatar_uri", "")),
                            _prefix_ranges(m.display_name, key),
                        )
                        for m in found
                    ]
                if SuggestionKind.POPULAR_QUERY in wanted:
                    rows = await repo.popular_queries(key, self._now() - POPULAR_WINDOW, POPULAR_MIN_MEMBERS, limit)
                    popular = [
                        SuggestionView(
                            SuggestionKind.POPULAR_QUERY,
                            q,
                            "",
                            f"{n} members searched this",
                            matched=_prefix_ranges(q, key),
                        )
                        for q, n in rows
                    ]
                await uow.commit()
            return recent, members, popular

        async def categories() -> list[SuggestionView]:
            if SuggestionKind.CATEGORY not in wanted:
                return []
            names = await self._category_names()
            hits = [
                (name, cid)
                for cid, name in names.items()
                if name.lower().startswith(key) or any(w.startswith(key) for w in name.lower().split())
            ]
            hits.sort(key=lambda h: (not h[0].lower().startswith(key), len(h[0]), h[0]))
            return [
                SuggestionView(SuggestionKind.CATEGORY, name, str(cid), "Category", matched=_prefix_ranges(name, key))
                for name, cid in hits[:limit]
            ]

        skill_list, (recent, members, popular), category_list = await asyncio.gather(skills(), local(), categories())
        # Recent queries first; then each kind gets a fair share before the rest fills what is left.
        ordered = [recent, skill_list, category_list, members, popular]
        shares = [RECENT_SUGGESTIONS, max(2, math.ceil(limit / 2)), 2, max(2, limit // 4), 2]
        chosen: list[SuggestionView] = []
        for group, share in zip(ordered, shares, strict=True):
            chosen.extend(group[:share])
        for group, share in zip(ordered, shares, strict=True):
            chosen.extend(group[share:])
        seen: set[tuple[SuggestionKind, str, str]] = set()
        unique = []
        for item in chosen:
            marker = (item.kind, item.id, item.text.lower())
            if marker not in seen:
                seen.add(marker)
                unique.append(item)
        return unique[:limit]

    # ==================================================================================== advanced

    async def advanced_search(
        self,
        *,
        caller: Caller,
        query: str,
        entity_types: Sequence[EntityType],
        member_filter: MemberFilter,
        skill_filter: SkillFilter,
        mode: RankingMode | None,
        order: SortOrder | None,
        facets: Sequence[FacetField],
        page_size: int,
        page_token: str,
    ) -> AdvancedPage:
        """Members and skills in one ranked list (by score), with facet counts on the first page."""
        text = ranking.normalise(query)
        if len(text) > ADVANCED_QUERY_MAX:
            raise _invalid("query", f"must be at most {ADVANCED_QUERY_MAX} characters")
        types = set(entity_types) or {EntityType.USER, EntityType.SKILL}
        order = order or SortOrder.RELEVANCE
        mode = mode or RankingMode.HYBRID
        if order is not SortOrder.RELEVANCE and types != {EntityType.USER}:
            raise _invalid("sort", "only RELEVANCE applies to skills or to both types", ErrorReason.SORT_NOT_APPLICABLE)
        allowed = (MEMBER_FACETS if EntityType.USER in types else frozenset()) | (
            SKILL_FACETS if EntityType.SKILL in types else frozenset()
        )
        for index, facet in enumerate(facets):
            if facet not in allowed:
                raise _invalid(
                    f"facets[{index}]", "does not apply to the requested entity types", ErrorReason.FACET_NOT_APPLICABLE
                )
        if EntityType.USER in types:
            self._check_filter(caller, member_filter, order, "user_filter")
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={
                "rpc": "AdvancedSearch",
                "q": text,
                "types": sorted(t.value for t in types),
                "user_filter": member_filter.fingerprint(),
                "skill_filter": [str(skill_filter.category_id or ""), sorted(skill_filter.tags)],
                "mode": mode.value,
                "order": order.value,
                "caller": str(caller.account_id or ""),
            },
        )
        after = request.position(lambda p: (float(p["k"]), int(p["t"]), str(p["id"])))
        used = mode
        vector: str | None = None
        if text and mode is not RankingMode.KEYWORD and EntityType.USER in types:
            try:
                vector = await self._query_vector(text)
            except LLMError as exc:
                if mode is RankingMode.SEMANTIC:
                    raise Unavailable(
                        "Semantic ranking is unavailable right now; retry later or use HYBRID.",
                        retry_after=5.0,
                        reason=ErrorReason.SEMANTIC_UNAVAILABLE,
                    ) from exc
                used = RankingMode.KEYWORD
                log.warning("search_semantic_fallback", error=type(exc).__name__)
        used = used if vector else RankingMode.KEYWORD
        member_query = await self._member_query(caller, text, member_filter, order, used, vector)
        # Skills: SkillService's best matches (it needs a query), merged in memory by score.
        skill_hits: list[SkillResult] = []
        if EntityType.SKILL in types and text:
            found = await self._skills.search_skills(
                query=text[:100],
                category_id=skill_filter.category_id,
                tags=skill_filter.tags,
                page_size=SKILL_RESULTS_MAX,
                page_token="",
            )
            words = ranking.query_words(text)
            skill_hits = [await self._skill_result(hit, words) for hit in found.items]
        merged: list[tuple[float, int, str, UserResult | SkillResult]] = []
        total = 0
        member_rows: list[MemberRow] = []
        facet_list: tuple[Facet, ...] = ()
        async with self._uow() as uow:
            repo = SearchRepository(uow.session)
            if EntityType.USER in types:
                member_after = None
                if after is not None:
                    key, kind, last = after
                    member_after = (key, uuid.UUID(last)) if kind == 0 else (key, uuid.UUID(int=(1 << 128) - 1))
                member_rows, matched = await repo.search_members(_with_page(member_query, member_after, request.limit))
                if request.first:
                    total += min(matched, TOTAL_CAP)
                    facet_list = await self._facets(repo, member_query, facets, skill_hits, types)
            elif request.first:
                facet_list = await self._facets(repo, member_query, facets, skill_hits, types)
            if request.first:
                total += len(skill_hits)
                await self._record(repo, caller, query, text, sorted(types), total)
            await uow.commit()
        for result in self._member_results(member_rows, member_query.words):
            row = next(r for r in member_rows if r.member.user_id == result.hit.card.user_id)
            merged.append((row.sort_key, 0, str(row.member.user_id), result))
        for skill in skill_hits:
            entry = (skill.hit.relevance, 1, str(skill.hit.skill.skill_id), skill)
            if after is None or (-entry[0], entry[1], entry[2]) > (-after[0], after[1], after[2]):
                merged.append(entry)
        merged.sort(key=lambda e: (-e[0], e[1], e[2]))
        page = request.page(merged, key=lambda e: {"k": e[0], "t": e[1], "id": e[2]})
        return AdvancedPage([e[3] for e in page.items], page.next_page_token, total, facet_list, used)

    async def _query_vector(self, text: str) -> str:
        async def load() -> str:
            vectors = await self._embeddings.embed([text])
            return "[" + ",".join(repr(float(v)) for v in vectors[0]) + "]"

        return str(await self._vectors.get_or_load(f"q:{text[:400]}", load))

    async def _facets(
        self,
        repo: SearchRepository,
        query: MemberQuery,
        fields: Sequence[FacetField],
        skills: Sequence[SkillResult],
        types: set[EntityType],
    ) -> tuple[Facet, ...]:
        facets = []
        for field in fields:
            counts: dict[str, int] = {}
            if EntityType.USER in types and field in MEMBER_FACETS:
                if field is FacetField.RATING:
                    buckets = dict(
                        await repo.facet_counts(
                            query, "CASE WHEN m.rating_count > 0 THEN floor(m.average_rating)::int::text END"
                        )
                    )
                    running = 0
                    for stars in (5, 4, 3, 2, 1):
                        running += buckets.get(str(stars), 0)
                        if stars < 5 and running:
                            counts[str(stars)] = running
                else:
                    expression = {
                        FacetField.CATEGORY: "unnest(m.teach_categories)::text",
                        FacetField.SKILL: "unnest(m.teaches)::text",
                        FacetField.LANGUAGE: "unnest(m.language_keys)",
                        FacetField.COUNTRY: "m.country_code",
                        FacetField.MENTOR: "m.is_mentor::text",
                    }[field]
                    counts.update(dict(await repo.facet_counts(query, expression)))
            if EntityType.SKILL in types and field in SKILL_FACETS:
                for skill in skills:
                    values = (
                        [str(skill.hit.skill.category_id)]
                        if field is FacetField.CATEGORY
                        else list(skill.hit.skill.tags)
                    )
                    for value in values:
                        counts[value] = counts.get(value, 0) + 1
            ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:20]
            if field is FacetField.RATING:
                ordered = sorted(counts.items(), key=lambda item: -int(item[0]))
            facets.append(Facet(field, tuple([FacetValue(v, await self._label(field, v), n) for v, n in ordered])))
        return tuple(facets)

    async def _label(self, field: FacetField, value: str) -> str:
        if field is FacetField.CATEGORY:
            return (await self._category_names()).get(uuid.UUID(value), "")
        if field is FacetField.SKILL:
            return await self._skill_name(uuid.UUID(value))
        if field is FacetField.RATING:
            return f"{value}+ stars"
        if field is FacetField.MENTOR:
            return "Mentors" if value == "true" else "Not mentoring"
        return value

    # ========================================================================================= history

    async def list_search_history(
        self, *, caller: Caller, page_size: int, page_token: str
    ) -> tuple[list[HistoryView], str]:
        """The caller's searches, newest first."""
        user_id = caller.require_signed_in()
        request = self._pages.request(
            page_size=page_size, page_token=page_token, query={"rpc": "ListSearchHistory", "user": str(user_id)}
        )
        after = request.position(lambda p: (datetime.fromisoformat(p["at"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            rows = await SearchRepository(uow.session).history(user_id, after=after, limit=request.limit)
            await uow.commit()
        page = request.page(rows, key=lambda e: {"at": e.created_at.isoformat(), "id": str(e.id)})
        views = [
            HistoryView(e.id, e.query, tuple(EntityType(t) for t in e.entity_types), e.result_count, e.created_at)
            for e in page.items
        ]
        return views, page.next_page_token

    async def clear_search_history(self, *, caller: Caller, entry_ids: Sequence[uuid.UUID], everything: bool) -> int:
        """Delete the listed entries, or all with `everything`; never all by accident."""
        user_id = caller.require_signed_in()
        if everything == bool(entry_ids):
            raise _invalid(
                "all" if everything else "entry_ids",
                "set either entry_ids or all (to delete the whole history), not both"
                if everything
                else "name the entries to delete, or set all to delete the whole history",
                ErrorReason.HISTORY_SELECTION_REQUIRED,
            )
        async with self._uow() as uow:
            deleted = await SearchRepository(uow.session).delete_history(user_id, None if everything else entry_ids)
            await uow.commit()
        log.info("search_history_cleared", user_id=str(user_id), deleted=deleted, everything=everything)
        return deleted

    async def purge(self) -> tuple[int, int]:
        """Retention: history older than 90 days, zero-result queries unseen for 90 days."""
        now = self._now()
        async with self._uow() as uow:
            repo = SearchRepository(uow.session)
            history = await repo.purge_history(now - timedelta(days=HISTORY_RETENTION_DAYS))
            zero = await repo.purge_zero_results(now - timedelta(days=ZERO_RESULT_RETENTION_DAYS))
            await uow.commit()
        log.info("search_purged", history=history, zero_results=zero)
        return history, zero

    async def zero_result_queries(self, limit: int = 50) -> list[tuple[str, str, int]]:
        """The most frequent queries that found nothing (analytics)."""
        async with self._uow() as uow:
            rows = await SearchRepository(uow.session).zero_results(limit)
            await uow.commit()
        return rows


def _with_page(query: MemberQuery, after: tuple[float, uuid.UUID] | None, limit: int) -> MemberQuery:
    return replace(query, after=after, limit=limit)


def _prefix_ranges(value: str, key: str) -> tuple[tuple[int, int], ...]:
    found = highlight("text", value, ranking.query_words(key) or [key])
    return found.ranges if found else ()


def as_uuids(values: Iterable[str]) -> list[uuid.UUID]:
    """Parsed UUIDs (the handler checked their format)."""
    return [uuid.UUID(v) for v in values]
