"""Profile use cases: CreateUser, GetUser, BatchGetUsers, UpdateUser, DeleteUser, VerifyUser, ListUsers,
GetUserStats, and the RPCs served by domains not built yet (ListUserSessions, ListUserRatings).

- Visibility is decided here (UserDirectory.may_see): PUBLIC profiles are seen by everyone, MEMBERS by
  signed-in callers, PRIVATE by the owner and admins; a profile the caller may not see answers
  USER_NOT_FOUND, as if it did not exist. Deleted profiles are an anonymised stub for everyone and never
  listed.
- The email comes from the account (Accounts.account_emails), never copied into the profile; deleting a
  user closes the account through Accounts.close_account in the same transaction (sessions revoked, email
  freed). is_mentor keeps the account's mentor role in step (Accounts.set_role).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from internal.members import member_not_found
from internal.user.availability import rewrite_availability, window_minutes_of_week, zones_with_offset
from internal.user.avatars import avatar_keys, delete_files_later
from internal.user.directory import UserDirectory, may_see, writable_profile
from internal.user.models import (
    AuditEntry,
    ProfileFields,
    UserFilter,
    UserOrder,
    UserProfile,
    UserStats,
    UserView,
    Visibility,
)
from internal.user.ports import Accounts, SessionHistory, SkillCatalog
from internal.user.repository import ListPosition, ListQuery, UserRepository, profile_exists_error
from internal.user.validation import apply_profile_fields, clean_filter, clean_query, clean_text, invalid
from internal.user.views import ProfileViews
from pkg.authz import ADMIN, Caller
from pkg.db import UnitOfWorkFactory
from pkg.errors import Unimplemented
from pkg.fieldmask import check_update_mask
from pkg.log import get_logger
from pkg.pagination import Page, Paginator

if TYPE_CHECKING:
    from internal.session.ports import RatingSummary, SessionSummary

log = get_logger("user")

MENTOR = "mentor"
BATCH_MAX = 100
NOTE_MAX = 500
UPDATE_PATHS = (
    "display_name",
    "headline",
    "bio",
    "language_codes",
    "time_zone",
    "country_code",
    "city",
    "location",
    "links",
    "is_mentor",
    "hourly_rate",
    "visibility",
    "accepts_skill_swap",
    "avatar",
)
CREATE_PATHS = tuple(p for p in UPDATE_PATHS if p not in ("avatar", "visibility"))


def _anonymise(profile: UserProfile, now: datetime) -> None:
    """What DeleteUser leaves of a profile: the row (past sessions and reviews refer to it), nothing personal."""
    profile.display_name = ""
    profile.headline = profile.bio = profile.time_zone = profile.country_code = profile.city = ""
    profile.language_codes = []
    profile.language_keys = []
    profile.latitude = profile.longitude = None
    profile.links = []
    profile.is_mentor = False
    profile.hourly_rate_minor = None
    profile.hourly_rate_currency = None
    profile.avatar = None
    profile.avatar_updated_at = None
    profile.verified = False
    profile.verified_at = None
    profile.deleted_at = profile.updated_at = now


class ProfileService:
    """Profiles: create, read, list, change, verify and delete them."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        directory: UserDirectory,
        views: ProfileViews,
        accounts: Accounts,
        skills: SkillCatalog,
        sessions: SessionHistory | None,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._directory = directory
        self._views = views
        self._accounts = accounts
        self._skills = skills
        self._now = clock
        # ListUserSessions and ListUserRatings are the session domain's (None: UNIMPLEMENTED, said openly).
        self._history = sessions

    async def create_user(self, *, caller: Caller, fields: ProfileFields) -> UserView:
        """Create the calling account's profile."""
        user_id = caller.require_signed_in()
        profile = UserProfile(id=user_id, visibility=(fields.visibility or Visibility.PUBLIC).value)
        apply_profile_fields(profile, fields, CREATE_PATHS, "user")
        if not profile.display_name:
            raise invalid("user.display_name", "is required")
        if not profile.time_zone:
            raise invalid("user.time_zone", "is required")
        emails = await self._accounts.account_emails([user_id])
        if user_id not in emails:
            raise member_not_found(user_id)
        now = self._now()
        profile.created_at = profile.updated_at = now
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            if await repo.profile(user_id) is not None:
                raise profile_exists_error()
            await repo.add_profile(profile, UserStats(user_id=user_id, computed_at=now))
            await self._accounts.set_role(uow.session, user_id, MENTOR, profile.is_mentor)
            await self._directory.changed(uow.session, user_id)
            await uow.commit()
        log.info("user_created", user_id=str(user_id))
        return self._views.view(profile, caller, emails[user_id])

    async def get_user(self, *, caller: Caller, user_id: uuid.UUID) -> UserView:
        """One profile as the caller may see it (an anonymised stub when deleted)."""
        profile = await self._directory.cached(user_id)
        if profile is None or (profile.live and not may_see(profile, caller)):
            raise member_not_found(user_id)
        if profile.live and user_id in await self._hidden(caller):
            raise member_not_found(user_id)  # a block either way: as if the profile were not visible
        return await self._views.one(profile, caller)

    async def _hidden(self, caller: Caller) -> frozenset[uuid.UUID]:
        """Members hidden from the caller by a block either way (none for anonymous callers and admins)."""
        if not caller.signed_in or caller.is_admin or caller.account_id is None:
            return frozenset()
        return await self._directory.blocked_either_way(caller.account_id)

    async def batch_get_users(
        self, *, caller: Caller, user_ids: Sequence[uuid.UUID]
    ) -> tuple[list[UserView], list[uuid.UUID]]:
        """Profiles in request order, and the ids that do not exist or are not visible."""
        if not user_ids:
            raise invalid("user_ids", "must list at least one id")
        if len(user_ids) > BATCH_MAX:
            raise invalid("user_ids", f"must list at most {BATCH_MAX} ids")
        async with self._uow() as uow:
            found = await UserRepository(uow.session).profiles(list(dict.fromkeys(user_ids)))
            await uow.commit()
        hidden = await self._hidden(caller)
        shown = [p for p in found.values() if not p.live or (may_see(p, caller) and p.id not in hidden)]
        views = {v.profile.id: v for v in await self._views.views(shown, caller)}
        return [views[u] for u in user_ids if u in views], [u for u in user_ids if u not in views]

    async def update_user(
        self, *, caller: Caller, user_id: uuid.UUID, paths: Sequence[str], fields: ProfileFields
    ) -> UserView:
        """Change the masked fields of a profile (owner or admin)."""
        caller.require_signed_in()
        paths = check_update_mask(paths, UPDATE_PATHS)
        if "avatar" in paths and fields.has_avatar:
            raise invalid(
                "user.avatar",
                "can only be removed here (send the path with avatar unset); set avatars "
                "with CreateAvatarUpload and FinalizeAvatarUpload",
            )
        now = self._now()
        old_avatar: dict[str, Any] | None = None
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await writable_profile(repo, user_id, caller)
            old_zone = profile.time_zone
            was_mentor = profile.is_mentor
            apply_profile_fields(profile, fields, paths, "user")
            if "avatar" in paths and profile.avatar is not None:
                old_avatar = profile.avatar
                profile.avatar = None
                profile.avatar_updated_at = None
            profile.updated_at = now
            await repo.flush()
            if profile.time_zone != old_zone:
                await rewrite_availability(repo, profile, now)
            if profile.is_mentor != was_mentor:
                await self._accounts.set_role(uow.session, user_id, MENTOR, profile.is_mentor)
            if old_avatar is not None:
                await delete_files_later(uow.session, avatar_keys(old_avatar))
            await self._directory.changed(uow.session, user_id)
            await uow.commit()
        log.info("user_updated", user_id=str(user_id), paths=paths, by=str(caller.account_id))
        return await self._views.one(profile, caller)

    async def delete_user(self, *, caller: Caller, user_id: uuid.UUID, reason: str) -> None:
        """Soft-delete: anonymise the profile, drop avatar, skills and availability, close the account."""
        caller.require_signed_in()
        reason = clean_text(reason, "reason", NOTE_MAX)
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await writable_profile(repo, user_id, caller)
            old_avatar = profile.avatar
            _anonymise(profile, now)
            await repo.flush()
            await repo.clear_read_model(user_id)
            await self._skills.erase_user_skills(uow.session, user_id)
            await repo.audit(
                AuditEntry(
                    user_id=user_id,
                    actor_id=caller.account_id,
                    action="user_deleted",
                    note=reason,
                    details={},
                    created_at=now,
                )
            )
            await self._accounts.set_role(uow.session, user_id, MENTOR, False)
            revoked = await self._accounts.close_account(
                uow.session, user_id, actor_id=caller.account_id, reason=reason
            )
            if old_avatar is not None:
                await delete_files_later(uow.session, avatar_keys(old_avatar))
            await self._directory.deleted(uow.session, user_id)
            await uow.commit()
        log.info("user_deleted", user_id=str(user_id), by=str(caller.account_id), sessions_revoked=revoked)

    async def verify_user(self, *, caller: Caller, user_id: uuid.UUID, verified: bool, note: str) -> UserView:
        """Grant or remove the verified badge (admins); recorded in the user audit log."""
        caller.require_role(ADMIN)
        note = clean_text(note, "note", NOTE_MAX)
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await repo.profile(user_id, for_update=True)
            if profile is None or not profile.live:
                raise member_not_found(user_id)
            if profile.verified != verified:
                profile.verified = verified
                profile.verified_at = now if verified else None
                profile.updated_at = now
            await repo.audit(
                AuditEntry(
                    user_id=user_id,
                    actor_id=caller.account_id,
                    action="verified" if verified else "unverified",
                    note=note,
                    details={},
                    created_at=now,
                )
            )
            await self._directory.notify(uow.session, user_id)
            await uow.commit()
        log.info("user_verification_changed", user_id=str(user_id), verified=verified, by=str(caller.account_id))
        return await self._views.one(profile, caller)

    async def list_users(
        self,
        *,
        caller: Caller,
        query: str,
        filter: UserFilter,  # noqa: A002 - the contract's name
        order: UserOrder | None,
        page_size: int,
        page_token: str,
    ) -> Page[UserView]:
        """Live profiles matching the text and filters, visible to the caller, one keyset page."""
        text = clean_query(query)
        clean = clean_filter(filter)
        if order is None:
            order = UserOrder.RELEVANCE if text or clean.skills else UserOrder.RECENCY
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "ListUsers", "q": text.lower(), "order": order.value, "filter": repr(clean)},
        )
        after = request.position(lambda position: ListPosition.parse(position, order))
        for skill in clean.skills:
            await self._skills.get_skill(caller=caller, skill_id=skill.skill_id)
        zones = None
        if clean.min_utc_offset_minutes is not None or clean.max_utc_offset_minutes is not None:
            zones = zones_with_offset(clean.min_utc_offset_minutes, clean.max_utc_offset_minutes, self._now())
        window = clean.available_during
        if caller.is_admin:
            visible: tuple[str, ...] | None = None
        elif caller.signed_in:
            visible = (Visibility.PUBLIC.value, Visibility.MEMBERS.value)
        else:
            visible = (Visibility.PUBLIC.value,)
        list_query = ListQuery(
            filter=clean,
            text=text,
            fuzzy=after is not None and after.fuzzy,
            order=order,
            visible_to=visible,
            caller_id=caller.account_id,
            time_zones=zones,
            weekly_window=window_minutes_of_week(window.start, window.end) if window else None,
            after=after,
            limit=request.limit,
            hidden_ids=await self._hidden(caller),
        )
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            rows = await repo.list_users(list_query)
            if text and not rows and request.first:
                # No word matched: try the text as a (possibly misspelt) name; later pages keep that mode.
                list_query = replace(list_query, fuzzy=True)
                rows = await repo.list_users(list_query)
            await uow.commit()
        page = request.page(rows, key=lambda row: ListPosition.of(row, order, fuzzy=list_query.fuzzy))
        return page.with_items(await self._views.views([row.profile for row in page.items], caller))

    async def get_user_stats(self, *, caller: Caller, user_id: uuid.UUID) -> UserStats:
        """The stored statistics of a profile the caller may see."""
        await self._directory.visible_live(user_id, caller)
        async with self._uow() as uow:
            stats = await UserRepository(uow.session).stats(user_id)
            await uow.commit()
        return stats or UserStats(user_id=user_id, computed_at=self._now())

    async def list_user_sessions(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID,
        role: str | None,
        statuses: frozenset[str],
        page_size: int,
        page_token: str,
    ) -> Page[SessionSummary]:
        """The profile's sessions (owner or admin), from the session domain's one implementation."""
        caller.require_signed_in()
        async with self._uow() as uow:
            await writable_profile(UserRepository(uow.session), user_id, caller, lock=False)
            await uow.commit()
        if self._history is None:
            raise Unimplemented("ListUserSessions is served by the session domain, which is not wired in.")
        return await self._history.member_sessions(
            caller=caller, user_id=user_id, role=role, statuses=statuses, page_size=page_size, page_token=page_token
        )

    async def list_user_ratings(
        self, *, caller: Caller, user_id: uuid.UUID, role: str | None, page_size: int, page_token: str
    ) -> Page[RatingSummary]:
        """Ratings the profile received (anyone who may see it), from the session domain."""
        await self._directory.visible_live(user_id, caller)
        if self._history is None:
            raise Unimplemented("ListUserRatings is served by the session domain, which is not wired in.")
        return await self._history.member_ratings(
            user_id=user_id, role=role, page_size=page_size, page_token=page_token
        )
