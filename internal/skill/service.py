"""SkillService use cases: the catalog and its review flow, user skills, search, suggestions, trending.

Design notes:

- Authorization lives here: catalog edits need the admin role (also declared in internal/policy.py),
  user skills may be changed by their owner or an admin, unapproved skills are visible only to their
  proposer and admins, deleted ones only to admins.
- A name or alias is unique (case-insensitively) among live skills. The database enforces it (the
  `skill_names` unique index, kept by a trigger); the service looks the other skill up first to answer
  SKILL_NAME_TAKEN with its id, and again when a concurrent write wins the race.
- Embeddings are computed by jobs, never inside a request: creating, updating or approving a skill enqueues
  `skill.embed` in the same transaction, and a periodic backfill catches anything missing or stale (new
  catalog rows, another model, an update that raced a running job).
- Trending and the offered/wanted user counts are recomputed by the periodic `skill.refresh_trending`
  job, so AddUserSkill never contends on a popular skill's row.
- Per-user limits that must hold across replicas (10 proposals a day, 50 skills per kind) are counted in
  PostgreSQL under a per-user advisory lock.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from skillsphere.common.v1.error_reason import ErrorReason as PlatformReason
from skillsphere.skill.v1.error_reason import ErrorReason

# One name for "this user has no profile (that you may see)" in every domain: the user domain's.
from sqlalchemy.ext.asyncio import AsyncSession

from internal.members import member_not_found
from internal.skill.models import (
    ALIASES_MAX,
    DESCRIPTION_MAX,
    JUSTIFICATION_MAX,
    NAME_MAX,
    PROFICIENCY_MAX,
    PROFICIENCY_MIN,
    PROPOSAL_ALIASES_MAX,
    REVIEW_NOTE_MAX,
    TAG_MAX,
    TAGS_MAX,
    USER_SKILL_DESCRIPTION_MAX,
    YEARS_MAX,
    Category,
    CategoryDetail,
    CategoryNode,
    RelatedSkill,
    RelationReason,
    SearchHit,
    Skill,
    SkillFields,
    SkillOrder,
    SkillStatus,
    Suggestion,
    TagCount,
    TrendingRanking,
    TrendingRefresh,
    TrendingSkill,
    TrendingWindow,
    UserSkill,
    UserSkillFields,
    UserSkillKind,
    UserSkillView,
)
from internal.skill.ports import ProfileDirectory
from internal.skill.repository import NameTaken, SkillRepository, SlugTaken, UnknownUser
from pkg.authz import ADMIN, Audience, Caller
from pkg.db import UnitOfWorkFactory
from pkg.errors import (
    Aborted,
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
)
from pkg.fieldmask import check_update_mask
from pkg.jobs import enqueue
from pkg.llm import EmbeddingProvider
from pkg.llm.jobs import embed_in_job, source_digest
from pkg.log import get_logger
from pkg.pagination import Page, Paginator

log = get_logger("skill")

# The value types this service's methods take and return: other domains and tools import them from here,
# since a domain may use another domain's service but not its models.
__all__ = [
    "RelatedSkill",
    "SearchHit",
    "Skill",
    "SkillEmbedding",
    "SkillOrder",
    "SkillService",
    "SkillStatus",
    "TrendingRanking",
    "TrendingWindow",
    "UserSkillKind",
]


@dataclass(frozen=True)
class SkillEmbedding:
    """A skill's stored embedding (for AIService.GenerateSkillEmbedding)."""

    values: list[float]
    model: str
    embedded_at: datetime | None


EMBED_JOB = "skill.embed"
EMBED_BACKFILL_JOB = "skill.embed_backfill"
TRENDING_JOB = "skill.refresh_trending"
PROPOSAL_REVIEWED_JOB = "skill.proposal_reviewed"

SKILL_UPDATE_PATHS = ("name", "description", "category_id", "tags", "aliases")
USER_SKILL_UPDATE_PATHS = ("proficiency", "years_of_experience", "description")
PROPOSALS_PER_DAY = 10
USER_SKILLS_PER_KIND = 50
SUGGEST_DEFAULT, SUGGEST_MAX = 8, 20
RELATED_DEFAULT, RELATED_MAX = 10, 50
SEARCH_TAGS_MAX = 10
# A page token of GetTrendingSkills pins a run; runs are kept at least this long (and the newest two always).
TRENDING_RUN_RETENTION = timedelta(hours=1)
SEARCH_EVENT_RETENTION = timedelta(days=31)
EMBED_BATCH = 100
EMBED_BATCHES_PER_RUN = 10


def _utcnow() -> datetime:
    return datetime.now(UTC)


def slugify(name: str) -> str:
    """`C++` → `c-plus-plus`, `Node.js` → `nodejs`, `.NET MAUI` → `dotnet-maui` (as migration 0005 does)."""
    text = unicodedata.normalize("NFKD", name.strip().lower()).encode("ascii", "ignore").decode()
    text = re.sub(r"^\.", "dot", text)
    text = re.sub(r"(?<=[a-z0-9])\.(?=[a-z0-9])", "", text)
    text = text.replace("+", " plus ").replace("#", " sharp ").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "skill"


def name_key(value: str) -> str:
    """How names compare: inner whitespace collapsed, trimmed, lower case (as SQL's skill_name_key)."""
    return " ".join(value.split()).lower()


def embedding_text(skill: Skill, category_name: str) -> str:
    """The text a skill is embedded from: what it is called, where it sits and what it covers."""
    parts = [skill.name]
    if skill.aliases:
        parts.append("Also known as " + ", ".join(skill.aliases))
    parts.append(f"Category: {category_name}")
    if skill.tags:
        parts.append("Tags: " + ", ".join(skill.tags))
    if skill.description:
        parts.append(skill.description)
    return ". ".join(parts)


# ------------------------------------------------------------------------------------------ errors


def skill_not_found(skill_id: uuid.UUID | str) -> NotFound:
    """The answer for a skill that does not exist or that the caller may not see."""
    return NotFound("No such skill.", reason=ErrorReason.SKILL_NOT_FOUND, metadata={"skill_id": str(skill_id)})


def _category_not_found(category_id: uuid.UUID) -> NotFound:
    return NotFound(
        "No such category.", reason=ErrorReason.CATEGORY_NOT_FOUND, metadata={"category_id": str(category_id)}
    )


def _user_skill_not_found() -> NotFound:
    return NotFound("No such user skill.", reason=ErrorReason.USER_SKILL_NOT_FOUND)


def _name_taken(owner: uuid.UUID | None) -> AlreadyExists:
    return AlreadyExists(
        "Another skill already has this name or alias; use that skill or choose another name.",
        reason=ErrorReason.SKILL_NAME_TAKEN,
        metadata={"skill_id": str(owner)} if owner else {},
    )


def _require_owner(caller: Caller, user_id: uuid.UUID) -> None:
    """UNAUTHENTICATED for nobody, PERMISSION_DENIED (NOT_OWNER) unless the caller is the user or an admin."""
    caller.require_self_or_admin(
        user_id,
        reason=ErrorReason.NOT_OWNER,
        message="Only the user themselves or an admin may change their skills.",
    )


def _invalid(field: str, description: str) -> InvalidArgument:
    return InvalidArgument(field=field, description=description)


def _stale_page_token(description: str) -> InvalidArgument:
    """A well-formed token whose position no longer exists (a purged ranking, a deleted category)."""
    return InvalidArgument(field="page_token", description=description, reason=PlatformReason.INVALID_PAGE_TOKEN)


# ----------------------------------------------------------------------------------------- helpers


def _clean_name(value: str, field: str) -> str:
    name = " ".join(value.split())
    if not 1 <= len(name) <= NAME_MAX:
        raise _invalid(field, f"must be 1 to {NAME_MAX} characters")
    return name


def _clean_description(value: str, field: str, maximum: int) -> str:
    text = value.strip()
    if len(text) > maximum:
        raise _invalid(field, f"must be at most {maximum} characters")
    return text


def _clean_tags(values: Iterable[str], field: str) -> list[str]:
    tags: list[str] = []
    for index, value in enumerate(values):
        tag = " ".join(value.split()).lower()
        if not 1 <= len(tag) <= TAG_MAX:
            raise _invalid(f"{field}[{index}]", f"must be 1 to {TAG_MAX} characters")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise _invalid(field, f"must have at most {TAGS_MAX} tags")
    return tags


def _clean_aliases(values: Iterable[str], name: str, field: str, maximum: int) -> list[str]:
    aliases: list[str] = []
    seen = {name_key(name)}
    for index, value in enumerate(values):
        alias = " ".join(value.split())
        if not 1 <= len(alias) <= NAME_MAX:
            raise _invalid(f"{field}[{index}]", f"must be 1 to {NAME_MAX} characters")
        if name_key(alias) not in seen:
            seen.add(name_key(alias))
            aliases.append(alias)
    if len(aliases) > maximum:
        raise _invalid(field, f"must have at most {maximum} aliases")
    return aliases


def _check_proficiency(value: int, field: str) -> int:
    if not PROFICIENCY_MIN <= value <= PROFICIENCY_MAX:
        raise InvalidArgument(
            field=field,
            description=f"must be between {PROFICIENCY_MIN} and {PROFICIENCY_MAX} (see ProficiencyLevel)",
            reason=ErrorReason.PROFICIENCY_INVALID,
        )
    return value


def _check_years(value: int, field: str) -> int:
    if not 0 <= value <= YEARS_MAX:
        raise _invalid(field, f"must be between 0 and {YEARS_MAX}")
    return value


# The keyset of each ListSkills order (see SkillRepository.list_skills): a skill's sort key as a page token
# holds it, and the token's position parsed back into the (value, id) the query continues after.
_SKILL_ORDER_KEYS: dict[
    SkillOrder, tuple[Callable[[Skill], dict[str, Any]], Callable[[dict[str, Any]], tuple[Any, uuid.UUID]]]
] = {
    SkillOrder.NAME: (
        lambda s: {"name": s.name.lower(), "id": str(s.id)},
        lambda p: (str(p["name"]), uuid.UUID(p["id"])),
    ),
    SkillOrder.POPULARITY: (
        lambda s: {"users": s.offered_user_count + s.wanted_user_count, "id": str(s.id)},
        lambda p: (int(p["users"]), uuid.UUID(p["id"])),
    ),
    SkillOrder.RECENCY: (
        lambda s: {"created_at": s.created_at.isoformat(), "id": str(s.id)},
        lambda p: (datetime.fromisoformat(p["created_at"]), uuid.UUID(p["id"])),
    ),
}


class SkillService:
    """The catalog, user skills, search and trending. One unit of work per use case."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        embeddings: EmbeddingProvider,
        profiles: ProfileDirectory,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._embeddings = embeddings
        self._profiles = profiles
        self._now = clock

    # ============================================================================================ catalog

    async def create_skill(self, *, caller: Caller, fields: SkillFields) -> Skill:
        """Add an approved skill to the catalog (admins)."""
        admin_id = caller.require_role(ADMIN)
        name = _clean_name(fields.name, "skill.name")
        description = _clean_description(fields.description, "skill.description", DESCRIPTION_MAX)
        tags = _clean_tags(fields.tags, "skill.tags")
        aliases = _clean_aliases(fields.aliases, name, "skill.aliases", ALIASES_MAX)
        if fields.category_id is None:
            raise _invalid("skill.category_id", "is required")
        now = self._now()
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            await self._require_category(repo, fields.category_id)
            skill = Skill(
                id=uuid.uuid4(),
                name=name,
                slug=await self._free_slug(repo, name),
                description=description,
                category_id=fields.category_id,
                tags=tags,
                aliases=aliases,
                status=SkillStatus.APPROVED.value,
                reviewed_by=admin_id,
                reviewed_at=now,
                created_at=now,
                updated_at=now,
            )
            await self._save(repo, skill)
            await self._enqueue_embedding(uow.session, skill.id)
            await uow.commit()
        log.info("skill_created", skill_id=str(skill.id), by=str(admin_id))
        return skill

    async def get_skill(self, *, caller: Caller, skill_id: uuid.UUID) -> Skill:
        """One skill, if the caller may see it."""
        async with self._uow() as uow:
            skill = await SkillRepository(uow.session).skill(skill_id)
            await uow.commit()  # read-only; committing (unlike rolling back) keeps the loaded rows usable
        if skill is None or not self._visible(skill, caller):
            raise skill_not_found(skill_id)
        return skill

    async def list_skills(
        self,
        *,
        caller: Caller,
        status: SkillStatus | None,
        category_id: uuid.UUID | None,
        tag: str,
        proposer_user_id: uuid.UUID | None,
        order: SkillOrder,
        page_size: int,
        page_token: str,
    ) -> Page[Skill]:
        """Live catalog skills of one status (default approved), filtered and ordered, one page."""
        status = status or SkillStatus.APPROVED
        if not caller.is_admin:
            own = proposer_user_id is not None and caller.is_self(proposer_user_id)
            if proposer_user_id is not None and not own:
                raise PermissionDenied(
                    "Only admins may list other users' proposals.", reason=ErrorReason.PROPOSALS_NOT_OWN
                )
            if status is not SkillStatus.APPROVED and not own:
                raise PermissionDenied(
                    "Only admins may list skills that are not approved; set proposer_user_id to your own id "
                    "to list your proposals.",
                    reason=ErrorReason.STATUS_NOT_ALLOWED,
                )
        tag = tag.strip().lower()
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={
                "rpc": "ListSkills",
                "status": status.value,
                "category_id": str(category_id or ""),
                "tag": tag,
                "proposer": str(proposer_user_id or ""),
                "order": order.value,
            },
        )
        key, parse = _SKILL_ORDER_KEYS[order]
        after = request.position(parse)
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            category_ids = await repo.subtree_ids(category_id) if category_id else None
            skills = await repo.list_skills(
                status=status.value,
                category_ids=category_ids,
                tag=tag,
                proposer_user_id=proposer_user_id,
                order=order,
                after=after,
                limit=request.limit,
            )
            await uow.commit()
        return request.page(skills, key=key)

    async def update_skill(
        self, *, caller: Caller, skill_id: uuid.UUID, paths: Sequence[str], fields: SkillFields
    ) -> Skill:
        """Change the masked catalog fields of a live skill (admins)."""
        admin_id = caller.require_role(ADMIN)
        masked = check_update_mask(paths, SKILL_UPDATE_PATHS)
        now = self._now()
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            skill = await self._live_skill_for_update(repo, skill_id)
            if "name" in masked:
                name = _clean_name(fields.name, "skill.name")
                if slugify(name) != slugify(skill.name):
                    skill.slug = await self._free_slug(repo, name, current=skill.slug)
                skill.name = name
            if "description" in masked:
                skill.description = _clean_description(fields.description, "skill.description", DESCRIPTION_MAX)
            if "tags" in masked:
                skill.tags = _clean_tags(fields.tags, "skill.tags")
            if "aliases" in masked or "name" in masked:
                source = fields.aliases if "aliases" in masked else skill.aliases
                skill.aliases = _clean_aliases(source, skill.name, "skill.aliases", ALIASES_MAX)
            if "category_id" in masked:
                if fields.category_id is None:
                    raise _invalid("skill.category_id", "is required when named in the update mask")
                await self._require_category(repo, fields.category_id)
                skill.category_id = fields.category_id
            skill.updated_at = now
            await self._save(repo, skill)
            await self._enqueue_embedding(uow.session, skill.id)
            await uow.commit()
        log.info("skill_updated", skill_id=str(skill_id), fields=masked, by=str(admin_id))
        return skill

    async def delete_skill(self, *, caller: Caller, skill_id: uuid.UUID) -> None:
        """Soft-delete a live skill (admins); users who hold it keep it."""
        admin_id = caller.require_role(ADMIN)
        now = self._now()
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            skill = await self._live_skill_for_update(repo, skill_id)
            skill.deleted_at = now
            skill.updated_at = now
            await self._save(repo, skill)
            await uow.commit()
        log.info("skill_deleted", skill_id=str(skill_id), by=str(admin_id))

    async def propose_skill(
        self,
        *,
        caller: Caller,
        name: str,
        description: str,
        category_id: uuid.UUID,
        aliases: Sequence[str],
        justification: str,
    ) -> Skill:
        """A signed-in user proposes a skill; it waits for an admin as PROPOSED."""
        proposer = caller.require_signed_in()
        clean_name = _clean_name(name, "name")
        clean_description = _clean_description(description, "description", DESCRIPTION_MAX)
        clean_aliases = _clean_aliases(aliases, clean_name, "aliases", PROPOSAL_ALIASES_MAX)
        clean_justification = _clean_description(justification, "justification", JUSTIFICATION_MAX)
        now = self._now()
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            await repo.lock(f"skill_proposals:{proposer}")
            count, oldest = await repo.proposals_since(proposer, now - timedelta(days=1))
            if count >= PROPOSALS_PER_DAY:
                retry = ((oldest or now) + timedelta(days=1) - now).total_seconds()
                raise ResourceExhausted(
                    f"You can propose at most {PROPOSALS_PER_DAY} skills a day; try again later.",
                    retry_after=max(retry, 1.0),
                    reason=PlatformReason.RATE_LIMITED,
                )
            await self._require_category(repo, category_id)
            skill = Skill(
                id=uuid.uuid4(),
                name=clean_name,
                slug=await self._free_slug(repo, clean_name),
                description=clean_description,
                category_id=category_id,
                tags=[],
                aliases=clean_aliases,
                status=SkillStatus.PROPOSED.value,
                proposer_user_id=proposer,
                justification=clean_justification,
                created_at=now,
                updated_at=now,
            )
            await self._save(repo, skill)
            await uow.commit()
        log.info("skill_proposed", skill_id=str(skill.id), by=str(proposer))
        return skill

    async def approve_skill(self, *, caller: Caller, skill_id: uuid.UUID) -> Skill:
        """Accept a proposal into the catalog (admins); the proposer is notified."""
        return await self._review(caller, skill_id, SkillStatus.APPROVED, review_note="", duplicate_of=None)

    async def reject_skill(
        self, *, caller: Caller, skill_id: uuid.UUID, review_note: str, duplicate_of: uuid.UUID | None
    ) -> Skill:
        """Turn a proposal down with a reason (admins), optionally naming the skill it duplicates."""
        note = " ".join(review_note.split())
        if not 1 <= len(note) <= REVIEW_NOTE_MAX:
            raise _invalid("review_note", f"must be 1 to {REVIEW_NOTE_MAX} characters")
        return await self._review(caller, skill_id, SkillStatus.REJECTED, review_note=note, duplicate_of=duplicate_of)

    async def _review(
        self,
        caller: Caller,
        skill_id: uuid.UUID,
        outcome: SkillStatus,
        *,
        review_note: str,
        duplicate_of: uuid.UUID | None,
    ) -> Skill:
        admin_id = caller.require_role(ADMIN)
        now = self._now()
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            skill = await self._live_skill_for_update(repo, skill_id)
            if duplicate_of is not None:
                original = await repo.skill(duplicate_of)
                if original is None or not original.public or original.id == skill.id:
                    raise skill_not_found(duplicate_of)
            if skill.status != SkillStatus.PROPOSED:
                raise FailedPrecondition(
                    f"The skill is {skill.status}, not proposed; only proposals can be reviewed.",
                    reason=ErrorReason.SKILL_NOT_PROPOSED,
                    metadata={"status": skill.status},
                )
            skill.status = outcome.value
            skill.review_note = review_note
            skill.duplicate_of_skill_id = duplicate_of
            skill.reviewed_by = admin_id
            skill.reviewed_at = now
            skill.updated_at = now
            await self._save(repo, skill)
            if outcome is SkillStatus.APPROVED:
                await self._enqueue_embedding(uow.session, skill.id)
            if skill.proposer_user_id is not None:
                await enqueue(
                    uow.session,
                    PROPOSAL_REVIEWED_JOB,
                    {
                        "skill_id": str(skill.id),
                        "proposer_user_id": str(skill.proposer_user_id),
                        "status": outcome.value,
                    },
                )
            await uow.commit()
        log.info("skill_reviewed", skill_id=str(skill_id), status=outcome.value, by=str(admin_id))
        return skill

    # ======================================================================================= categories

    async def list_categories(
        self, *, parent_id: uuid.UUID | None, page_size: int, page_token: str
    ) -> Page[CategoryNode]:
        """The whole tree depth-first (each category after its parent, siblings by display order), or the
        direct children of `parent_id`."""
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "ListCategories", "parent_id": str(parent_id or "")},
        )
        nodes = await self._category_nodes()
        if parent_id is not None and parent_id not in nodes:
            raise _category_not_found(parent_id)
        children: dict[uuid.UUID | None, list[CategoryNode]] = {}
        for node in nodes.values():
            children.setdefault(node.category.parent_id, []).append(node)
        for siblings in children.values():
            siblings.sort(key=lambda n: (n.category.display_order, n.category.name.lower(), n.category.id))
        if parent_id is not None:
            ordered = children.get(parent_id, [])
        else:
            ordered = []
            stack = list(reversed(children.get(None, [])))
            while stack:
                node = stack.pop()
                ordered.append(node)
                stack.extend(reversed(children.get(node.category.id, [])))
        # The tree is small and ordered in memory: the position is the last category's place in that order.
        start = 0
        after = request.position(lambda p: str(p["id"]))
        if after is not None:
            ids = [str(n.category.id) for n in ordered]
            if after not in ids:
                raise _stale_page_token("points at a category that no longer exists")
            start = ids.index(after) + 1
        return request.page(ordered[start : start + request.limit], key=lambda n: {"id": str(n.category.id)})

    async def get_category(self, *, category_id: uuid.UUID) -> CategoryDetail:
        """A category with its ancestors, root first."""
        nodes = await self._category_nodes()
        node = nodes.get(category_id)
        if node is None:
            raise _category_not_found(category_id)
        return CategoryDetail(node, [nodes[a] for a in node.category.ancestor_ids if a in nodes])

    async def _category_nodes(self) -> dict[uuid.UUID, CategoryNode]:
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            categories: Sequence[Category] = await repo.categories()
            direct = await repo.approved_skill_counts()
            await uow.commit()
        totals: dict[uuid.UUID, int] = {}
        for category in categories:
            for owner in (category.id, *category.ancestor_ids):
                totals[owner] = totals.get(owner, 0) + direct.get(category.id, 0)
        return {c.id: CategoryNode(c, totals.get(c.id, 0)) for c in categories}

    async def list_tags(
        self, *, category_id: uuid.UUID | None, prefix: str, page_size: int, page_token: str
    ) -> Page[TagCount]:
        """Tags of approved skills, most used first."""
        prefix = prefix.strip().lower()
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "ListTags", "category_id": str(category_id or ""), "prefix": prefix},
        )
        after = request.position(lambda p: (int(p["count"]), str(p["tag"])))
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            category_ids = await self._subtree(repo, category_id)
            rows = await repo.tags(category_ids=category_ids, prefix=prefix, after=after, limit=request.limit)
        page = request.page(rows, key=lambda row: {"count": row[1], "tag": row[0]})
        return page.map(lambda row: TagCount(*row))

    # ====================================================================================== user skills

    async def add_user_skill(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID,
        skill_id: uuid.UUID,
        kind: UserSkillKind | None,
        proficiency: int,
        years_of_experience: int,
        description: str,
    ) -> UserSkillView:
        """Put an approved skill on a user's profile as offered or wanted (the user or an admin)."""
        _require_owner(caller, user_id)
        if kind is None:
            raise _invalid("kind", "must be offered or wanted")
        _check_proficiency(proficiency, "proficiency")
        _check_years(years_of_experience, "years_of_experience")
        text = _clean_description(description, "description", USER_SKILL_DESCRIPTION_MAX)
        now = self._now()
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            await repo.lock(f"user_skills:{user_id}")
            if not await self._profile_visible(user_id, caller):
                raise member_not_found(user_id)
            skill = await repo.skill(skill_id)
            if skill is None or not skill.public:
                raise skill_not_found(skill_id)
            if await repo.user_skill_count(user_id, kind.value) >= USER_SKILLS_PER_KIND:
                raise ResourceExhausted(
                    f"A user can hold at most {USER_SKILLS_PER_KIND} {kind.value} skills; remove one first.",
                    retry_after=0,
                    reason=ErrorReason.USER_SKILL_LIMIT,
                )
            user_skill = UserSkill(
                id=uuid.uuid4(),
                user_id=user_id,
                skill_id=skill_id,
                kind=kind.value,
                proficiency=proficiency,
                years_of_experience=years_of_experience,
                description=text,
                created_at=now,
                updated_at=now,
            )
            try:
                await repo.add_user_skill(user_skill)
            except UnknownUser:
                raise member_not_found(user_id) from None
            await self._sync_profile(repo, uow.session, user_id)
            await uow.commit()
        log.info(
            "user_skill_added", user_id=str(user_id), skill_id=str(skill_id), kind=kind.value, by=str(caller.account_id)
        )
        return UserSkillView(user_skill, skill.name, skill.category_id)

    async def update_user_skill(
        self, *, caller: Caller, user_skill_id: uuid.UUID, paths: Sequence[str], fields: UserSkillFields
    ) -> UserSkillView:
        """Change the masked fields of a user skill (the user or an admin)."""
        caller.require_signed_in()
        masked = check_update_mask(paths, USER_SKILL_UPDATE_PATHS)
        if "proficiency" in masked:
            _check_proficiency(fields.proficiency, "user_skill.proficiency")
        if "years_of_experience" in masked:
            _check_years(fields.years_of_experience, "user_skill.years_of_experience")
        text = ""
        if "description" in masked:
            text = _clean_description(fields.description, "user_skill.description", USER_SKILL_DESCRIPTION_MAX)
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            user_skill = await repo.user_skill(user_skill_id, for_update=True)
            if user_skill is None:
                raise _user_skill_not_found()
            _require_owner(caller, user_skill.user_id)
            if "proficiency" in masked:
                user_skill.proficiency = fields.proficiency
            if "years_of_experience" in masked:
                user_skill.years_of_experience = fields.years_of_experience
            if "description" in masked:
                user_skill.description = text
            user_skill.updated_at = self._now()
            await uow.session.flush()
            if "proficiency" in masked:
                await self._sync_profile(repo, uow.session, user_skill.user_id)
            skill = await repo.skill(user_skill.skill_id)
            assert skill is not None  # user skills reference skills, which are only soft-deleted
            await uow.commit()
        return UserSkillView(user_skill, skill.name, skill.category_id)

    async def remove_user_skill(self, *, caller: Caller, user_skill_id: uuid.UUID) -> None:
        """Take a skill off a user's profile (the user or an admin)."""
        caller.require_signed_in()
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            user_skill = await repo.user_skill(user_skill_id, for_update=True)
            if user_skill is None:
                raise _user_skill_not_found()
            _require_owner(caller, user_skill.user_id)
            await repo.delete_user_skill(user_skill)
            await self._sync_profile(repo, uow.session, user_skill.user_id)
            await uow.commit()
        log.info("user_skill_removed", user_skill_id=str(user_skill_id), by=str(caller.account_id))

    async def erase_user_skills(self, session: AsyncSession, user_id: uuid.UUID) -> int:
        """Remove every skill of a user in the caller's transaction (UserService.DeleteUser erases what a
        deleted user offered and wanted); how many were removed. Their additions stop counting toward trending
        from the next refresh, as trending is computed from the user skills that exist."""
        repo = SkillRepository(session)
        await repo.lock(f"user_skills:{user_id}")
        return await repo.delete_user_skills_of(user_id)

    async def skill_names(self, skill_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Names of the public (approved, live) skills among these ids, in one query (the user domain's
        SkillCatalog: member snapshots and embedding text); others are left out."""
        if not skill_ids:
            return {}
        async with self._uow() as uow:
            found = await SkillRepository(uow.session).skills_by_id(list(set(skill_ids)))
            await uow.commit()
        return {skill_id: str(skill.name) for skill_id, skill in found.items() if skill.public}

    async def list_user_skills(
        self, *, caller: Caller, user_id: uuid.UUID, kind: UserSkillKind | None, page_size: int, page_token: str
    ) -> Page[UserSkillView]:
        """A user's skills, offered first, then by proficiency (highest first), then by name."""
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "ListUserSkills", "user_id": str(user_id), "kind": kind.value if kind else ""},
        )
        after = request.position(lambda p: (str(p["kind"]), int(p["proficiency"]), str(p["name"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            if not await self._profile_visible(user_id, caller):
                raise member_not_found(user_id)
            rows = await repo.list_user_skills(
                user_id=user_id, kind=kind.value if kind else None, after=after, limit=request.limit
            )
            await uow.commit()
        page = request.page(
            rows,
            key=lambda row: {
                "kind": row[0].kind,
                "proficiency": row[0].proficiency,
                "name": row[1].lower(),
                "id": str(row[0].id),
            },
        )
        return page.map(lambda row: UserSkillView(*row))

    # ==================================================================================== search/suggest

    async def search_skills(
        self,
        *,
        query: str,
        category_id: uuid.UUID | None,
        tags: Sequence[str],
        page_size: int,
        page_token: str,
    ) -> Page[SearchHit]:
        """Approved skills matching a free-text query, most relevant first (typo-tolerant, alias-aware)."""
        text = " ".join(query.split())
        if not text:
            raise _invalid("query", "must not be blank")
        key = text.lower()
        clean_tags = sorted(_clean_tags(tags, "tags"))
        if len(clean_tags) > SEARCH_TAGS_MAX:
            raise _invalid("tags", f"must have at most {SEARCH_TAGS_MAX} tags")
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "SearchSkills", "query": key, "category_id": str(category_id or ""), "tags": clean_tags},
        )
        after = request.position(lambda p: (float(p["score"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            category_ids = await self._subtree(repo, category_id)
            rows = await repo.search(
                query=text, key=key, category_ids=category_ids, tags=clean_tags, after=after, limit=request.limit
            )
            if rows and request.first:
                # The best hit of a first page is the skill this search "led to", for trending.
                await repo.record_search(rows[0].skill.id)
            await uow.commit()
        page = request.page(rows, key=lambda r: {"score": r.score, "id": str(r.skill.id)})
        return page.map(lambda r: SearchHit(r.skill, min(max(r.score, 0.0), 1.0), r.matched_text))

    async def suggest_skills(self, *, prefix: str, category_id: uuid.UUID | None, limit: int) -> list[Suggestion]:
        """Autocomplete for a partly typed name."""
        key = " ".join(prefix.split()).lower()
        if not key:
            raise _invalid("prefix", "must not be blank")
        if not 0 <= limit <= SUGGEST_MAX:
            raise _invalid("limit", f"must be between 0 and {SUGGEST_MAX}")
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            category_ids = await repo.subtree_ids(category_id) if category_id else None
            rows = await repo.suggest(key=key, category_ids=category_ids, limit=limit or SUGGEST_DEFAULT)
        return [Suggestion(r.skill_id, r.name, r.matched_text, r.category_id) for r in rows]

    async def get_related_skills(self, *, skill_id: uuid.UUID, limit: int) -> list[RelatedSkill]:
        """Skills often held together with this one or close in meaning, most related first.

        strength = 1 − (1 − co-occurrence)·(1 − similarity): either signal alone counts, both together more.
        """
        if not 0 <= limit <= RELATED_MAX:
            raise _invalid("limit", f"must be between 0 and {RELATED_MAX}")
        limit = limit or RELATED_DEFAULT
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            skill = await repo.skill(skill_id)
            if skill is None or not skill.public:
                raise skill_not_found(skill_id)
            co = dict(await repo.co_occurring(skill_id, limit * 2))
            vector = await repo.embedding_text(skill_id)
            similar = dict(await repo.nearest(skill_id, vector, limit * 2)) if vector else {}
            scored: list[tuple[float, uuid.UUID, RelationReason]] = []
            for other in co.keys() | similar.keys():
                co_score, sim_score = co.get(other, 0.0), max(similar.get(other, 0.0), 0.0)
                reason = (
                    RelationReason.BOTH
                    if other in co and other in similar
                    else RelationReason.CO_OCCURRENCE
                    if other in co
                    else RelationReason.SIMILAR
                )
                scored.append((1 - (1 - co_score) * (1 - sim_score), other, reason))
            scored.sort(key=lambda item: (-item[0], str(item[1])))
            scored = scored[:limit]
            skills = await repo.skills_by_id([other for _, other, _ in scored])
            await uow.commit()
        return [RelatedSkill(skills[o], min(max(s, 0.0), 1.0), r) for s, o, r in scored if o in skills]

    # ========================================================================================= trending

    async def get_trending_skills(
        self, *, category_id: uuid.UUID | None, window: TrendingWindow, page_size: int, page_token: str
    ) -> TrendingRanking:
        """The latest ranking of `window` (or the one a page token pinned), optionally within a category."""
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "GetTrendingSkills", "category_id": str(category_id or ""), "window": window.value},
        )
        # A token pins the ranking (run) it started on, so later pages never mix two rankings.
        after = request.position(lambda p: (int(p["run"]), int(p["rank"])))
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            category_ids = await self._subtree(repo, category_id)
            run = await repo.run(after[0]) if after else await repo.latest_run(window)
            if run is None:
                if after:
                    raise _stale_page_token("pins a ranking that has expired; start from the first page")
                return TrendingRanking(Page([]))
            previous = await repo.previous_run(run)
            rows = await repo.trending(
                run_id=run.id,
                previous_run_id=previous.id if previous else None,
                category_ids=category_ids,
                after_rank=after[1] if after else 0,
                limit=request.limit,
            )
            skills = await repo.skills_by_id([row.skill_id for row in rows])
            await uow.commit()
        page = request.page(rows, key=lambda row: {"run": run.id, "rank": row.rank})
        items = [
            TrendingSkill(
                skill=skills[row.skill_id],
                rank=row.rank,
                score=row.score,
                rank_change=(row.previous_rank - row.rank) if row.previous_rank is not None else 0,
                new_user_skill_count=row.new_user_skill_count,
                search_count=row.search_count,
                session_count=row.session_count,
            )
            for row in page.items
            if row.skill_id in skills
        ]
        return TrendingRanking(page.with_items(items), run.computed_at)

    async def refresh_trending(self) -> TrendingRefresh:
        """Recompute user counts and every window's ranking; drop expired rankings and old search events."""
        now = self._now()
        runs: dict[str, int] = {}
        ranked: dict[str, int] = {}
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            counts = await repo.refresh_user_counts()
            for window in TrendingWindow:
                runs[window.value], ranked[window.value] = await repo.compute_trending(window, now)
            await repo.purge_trending(
                runs_before=now - TRENDING_RUN_RETENTION, events_before=now - SEARCH_EVENT_RETENTION
            )
            await uow.commit()
        log.info("skill_trending_refreshed", ranked=ranked, counts_updated=counts)
        return TrendingRefresh(runs=runs, ranked=ranked, counts_updated=counts)

    # ======================================================================================= embeddings

    async def embed_skills(self, skill_ids: Sequence[uuid.UUID]) -> int:
        """(Re-)embed these skills where their text or the model changed; how many vectors were stored.

        The provider is called outside any transaction; a vector is stored only if the skill did not change
        meanwhile (the next job or the backfill handles the newer text).
        """
        model = self._embeddings.model
        now = self._now()
        pending: list[tuple[Skill, str, str]] = []
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            for skill_id in skill_ids:
                source = await repo.embedding_source(skill_id)
                if source is None or not source[0].live or source[0].status == SkillStatus.REJECTED:
                    continue
                skill, category_name = source
                text = embedding_text(skill, category_name)
                digest = source_digest(model, text)
                if skill.embedding_source_hash == digest and skill.embedding_model == model and skill.embedded_at:
                    await repo.mark_embedding_current(skill.id, now)
                else:
                    pending.append((skill, text, digest))
            await uow.commit()
        if not pending:
            return 0
        vectors = await embed_in_job(self._embeddings, [text for _, text, _ in pending])
        stored = 0
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            for (skill, _, digest), vector in zip(pending, vectors, strict=True):
                stored += await repo.store_embedding(
                    skill.id,
                    vector=vector,
                    model=model,
                    source_hash=digest,
                    seen_updated_at=skill.updated_at,
                    now=now,
                )
            await uow.commit()
        log.info("skills_embedded", count=stored, model=model)
        return stored

    async def skill_embedding(self, skill_id: uuid.UUID) -> SkillEmbedding | None:
        """The stored embedding of a live skill, None when it has none yet (AIService reads it for admins)."""
        async with self._uow() as uow:
            repo = SkillRepository(uow.session)
            skill = await repo.skill(skill_id)
            vector = await repo.embedding_text(skill_id) if skill is not None else None
            await uow.commit()
        if skill is None or vector is None:
            return None
        values = [float(v) for v in vector.strip("[]").split(",") if v]
        return SkillEmbedding(values, skill.embedding_model or "", skill.embedded_at)

    async def category_names(self) -> dict[uuid.UUID, str]:
        """Every category's name by id."""
        return {category_id: node.category.name for category_id, node in (await self._category_nodes()).items()}

    async def embed_stale_skills(self) -> int:
        """Embed skills never embedded, embedded by another model or changed since (bounded per run)."""
        total = 0
        for _ in range(EMBED_BATCHES_PER_RUN):
            async with self._uow() as uow:
                ids = await SkillRepository(uow.session).stale_embeddings(self._embeddings.model, EMBED_BATCH)
            if not ids:
                break
            total += await self.embed_skills(ids)
            if len(ids) < EMBED_BATCH:
                break
        return total

    # ========================================================================================== helpers

    @staticmethod
    def _visible(skill: Skill, caller: Caller) -> bool:
        """Approved skills are public, proposals and rejected ones their proposer's, deleted ones admins'."""
        if not skill.live:
            return caller.is_admin
        audience = Audience.PUBLIC if skill.status == SkillStatus.APPROVED else Audience.OWNER
        return caller.can_see(skill.proposer_user_id, audience)

    async def _profile_visible(self, user_id: uuid.UUID, caller: Caller) -> bool:
        return await self._profiles.profile_visible(user_id, caller)

    async def _sync_profile(self, repo: SkillRepository, session: AsyncSession, user_id: uuid.UUID) -> None:
        # Writers of one user's skills take turns from here to commit, so the last copy written is read
        # after every earlier writer committed (the lock is re-entrant for AddUserSkill, which holds it).
        await repo.lock(f"user_skills:{user_id}")
        await self._profiles.replace_skill_keys(session, user_id, await repo.user_skill_levels(user_id))

    @staticmethod
    async def _live_skill_for_update(repo: SkillRepository, skill_id: uuid.UUID) -> Skill:
        """The live (not deleted) skill, locked for this transaction; SKILL_NOT_FOUND otherwise."""
        skill = await repo.skill(skill_id, for_update=True)
        if skill is None or not skill.live:
            raise skill_not_found(skill_id)
        return skill

    @staticmethod
    async def _require_category(repo: SkillRepository, category_id: uuid.UUID) -> None:
        if await repo.category(category_id) is None:
            raise _category_not_found(category_id)

    @staticmethod
    async def _subtree(repo: SkillRepository, category_id: uuid.UUID | None) -> list[uuid.UUID] | None:
        if category_id is None:
            return None
        ids = await repo.subtree_ids(category_id)
        if not ids:
            raise _category_not_found(category_id)
        return ids

    @staticmethod
    async def _free_slug(repo: SkillRepository, name: str, current: str | None = None) -> str:
        base = slugify(name)
        taken = await repo.slugs_starting_with(base) - ({current} if current else set())
        if base not in taken:
            return base
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"

    async def _save(self, repo: SkillRepository, skill: Skill) -> None:
        """Write the skill; SKILL_NAME_TAKEN with the other skill's id when a name or alias is taken."""
        names = [skill.name, *skill.aliases]
        if skill.live and skill.status != SkillStatus.REJECTED:
            owner = await repo.name_owner(names, exclude=skill.id)
            if owner is not None:
                raise _name_taken(owner)
        try:
            await repo.save_skill(skill)
        except NameTaken:
            # A concurrent write took the name between the check and the write.
            raise _name_taken(await repo.name_owner(names, exclude=skill.id)) from None
        except UnknownUser:
            raise member_not_found() from None
        except SlugTaken:
            raise Aborted(
                "Another skill with a similar name was created at the same moment; retry.",
                reason=ErrorReason.CONCURRENT_CHANGE,
            ) from None

    async def _enqueue_embedding(self, session: Any, skill_id: uuid.UUID) -> None:
        await enqueue(session, EMBED_JOB, {"skill_id": str(skill_id)}, dedupe_key=f"{EMBED_JOB}:{skill_id}")
