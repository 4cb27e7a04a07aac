"""The user domain as the session domain sees it (internal/session/ports.py `Members`): member facts for
booking (time zone, email, skills taught, notification choices), availability as entered, blocking, and
the statistics sessions feed into (user_stats and the rating shown on profiles).

The session domain computes the statistics from its own tables and hands them over here inside its
transaction, so GetUserStats reflects a rating or a completed session as soon as that commits.
"""

from __future__ import annotations

import asyncio
import uuid
import zoneinfo
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from internal.session.ports import Availability, Member, MemberStats
from internal.user.availability import parse_availability
from internal.user.directory import UserDirectory, may_see
from internal.user.models import (
    NotificationChannel,
    NotificationEvent,
    NotificationSettings,
    UserStats,
    default_preference,
)
from internal.user.ports import Accounts
from internal.user.repository import UserRepository
from pkg.authz import Caller
from pkg.db import UnitOfWorkFactory


def _pref(overrides: dict[str, bool], event: NotificationEvent) -> bool:
    key = f"{event.value}:{NotificationChannel.EMAIL.value}"
    return overrides.get(key, default_preference(event, NotificationChannel.EMAIL))


class SessionMembers:
    """Implements the session domain's `Members` port over the user domain's tables and directory."""

    def __init__(self, *, uow: UnitOfWorkFactory, directory: UserDirectory, accounts: Accounts) -> None:
        self._uow = uow
        self._directory = directory
        self._accounts = accounts

    async def members(
        self, user_ids: Sequence[uuid.UUID], caller: Caller | None, *, contact: bool = True
    ) -> dict[uuid.UUID, Member]:
        """The live members among `user_ids` (visible to `caller` and not blocked either way with them; None:
        no visibility rule, for participants of a session the caller may see)."""
        ids = list(dict.fromkeys(user_ids))
        # Blocked members are hidden from each other, as GetUser hides them.
        hidden = (
            await self._directory.blocked_either_way(caller.account_id)
            if caller is not None and caller.account_id is not None
            else frozenset()
        )
        profiles = {}
        for user_id in ids:
            profile = await self._directory.cached(user_id)
            if (
                profile is None
                or not profile.live
                or user_id in hidden
                or (caller is not None and not may_see(profile, caller))
            ):
                continue
            profiles[user_id] = profile
        if not profiles:
            return {}
        emails: dict[uuid.UUID, str] = {}
        settings: dict[uuid.UUID, NotificationSettings] = {}
        if contact:
            emails, settings = await asyncio.gather(
                self._accounts.account_emails(list(profiles)), self._notification_settings(list(profiles))
            )
        found = {}
        for user_id, profile in profiles.items():
            stored = settings.get(user_id)
            overrides = stored.overrides if stored is not None else {}
            teaches = frozenset(
                uuid.UUID(key.split(":")[1]) for key in profile.skill_keys if key.startswith("offered:")
            )
            found[user_id] = Member(
                user_id=user_id,
                display_name=profile.display_name,
                headline=profile.headline,
                time_zone=profile.time_zone,
                email=emails.get(user_id, ""),
                teaches=teaches,
                average_rating=profile.average_rating,
                rating_count=profile.rating_count,
                email_reminders=_pref(overrides, NotificationEvent.SESSION_REMINDER),
                email_session_changes=_pref(overrides, NotificationEvent.SESSION_CHANGED),
            )
        return found

    async def _notification_settings(self, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, NotificationSettings]:
        async with self._uow() as uow:
            settings = await UserRepository(uow.session).notification_settings_of(user_ids)
            await uow.commit()
        return settings

    async def availability(self, user_id: uuid.UUID) -> Availability | None:
        """Weekly slots and dated exceptions as entered, in the member's time zone."""
        profile = await self._directory.cached(user_id)
        if profile is None or not profile.live:
            return None
        async with self._uow() as uow:
            record = await UserRepository(uow.session).availability(user_id)
            await uow.commit()
        weekly, exceptions = parse_availability(record)
        try:
            zoneinfo.ZoneInfo(profile.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
        by_date: dict[date, tuple[tuple[int, int], ...]] = {
            e.date: tuple((s.start, s.end) for s in e.spans) for e in exceptions
        }
        return Availability(
            time_zone=profile.time_zone,
            weekly=tuple((s.day, s.span.start, s.span.end) for s in weekly),
            exceptions=by_date,
        )

    async def is_blocked_between(self, a: uuid.UUID, b: uuid.UUID) -> bool:
        """Whether either member has blocked the other (UserService's BlockUser)."""
        return await self._directory.is_blocked_between(a, b)

    async def store_session_stats(self, session: AsyncSession, stats: MemberStats, now: datetime) -> None:
        """Write user_stats and the profile's rating in the caller's transaction; every replica forgets the
        cached profile when it commits."""
        repo = UserRepository(session)
        row = await repo.stats(stats.user_id)
        if row is None:
            if await repo.profile(stats.user_id) is None:
                return
            row = UserStats(user_id=stats.user_id, computed_at=now)
            await repo.add(row)
        row.sessions_taught_count = stats.sessions_taught_count
        row.sessions_learned_count = stats.sessions_learned_count
        row.teaching_minutes = stats.teaching_minutes
        row.learning_minutes = stats.learning_minutes
        row.average_rating = stats.average_rating
        row.rating_count = stats.rating_count
        row.response_rate = stats.response_rate
        row.no_show_count = stats.no_show_count
        row.computed_at = now
        profile = await repo.profile(stats.user_id)
        if profile is not None and (
            profile.average_rating != stats.average_rating or profile.rating_count != stats.rating_count
        ):
            profile.average_rating = stats.average_rating
            profile.rating_count = stats.rating_count
            # The rating shows on cards and ranks discovery: replicas and MemberListeners hear of it.
            await self._directory.notify(session, stats.user_id)
        await repo.flush()
