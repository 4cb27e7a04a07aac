"""Notification preferences: GetNotificationPreferences and UpdateNotificationPreferences.

Only changes from the defaults are stored (`overrides`, keyed '<event>:<channel>'), so a new default
reaches every user who never touched that toggle.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from internal.user.directory import writable_profile
from internal.user.models import (
    MINUTES_PER_DAY,
    NotificationChannel,
    NotificationEvent,
    NotificationSettings,
    Preference,
    PreferencesView,
    QuietHours,
    default_preference,
)
from internal.user.repository import UserRepository
from internal.user.validation import invalid
from pkg.authz import Caller
from pkg.db import UnitOfWorkFactory
from pkg.fieldmask import check_update_mask

PREFERENCE_PATHS = ("preferences", "quiet_hours")


def preferences_view(user_id: uuid.UUID, settings: NotificationSettings | None) -> PreferencesView:
    """Every (event, channel) pair with its value (the default unless overridden), and quiet hours."""
    overrides = settings.overrides if settings else {}
    preferences = tuple(
        Preference(event, channel, overrides.get(f"{event.value}:{channel.value}", default_preference(event, channel)))
        for event in NotificationEvent
        for channel in NotificationChannel
    )
    quiet = None
    if settings is not None and settings.quiet_start_minute is not None and settings.quiet_end_minute is not None:
        quiet = QuietHours(settings.quiet_start_minute, settings.quiet_end_minute)
    return PreferencesView(
        user_id=user_id,
        preferences=preferences,
        quiet_hours=quiet,
        updated_at=settings.updated_at if settings and (settings.overrides or quiet) else None,
    )


def _changes(
    preferences: Sequence[tuple[NotificationEvent | None, NotificationChannel | None, bool]],
) -> dict[str, bool]:
    """The listed pairs by '<event>:<channel>'; INVALID_ARGUMENT for an unset event or channel or a repeat."""
    changes: dict[str, bool] = {}
    for index, (event, channel, enabled) in enumerate(preferences):
        field = f"notification_preferences.preferences[{index}]"
        if event is None:
            raise invalid(f"{field}.event_type", "must be set")
        if channel is None:
            raise invalid(f"{field}.channel", "must be set")
        key = f"{event.value}:{channel.value}"
        if key in changes:
            raise invalid(field, "lists the same event type and channel twice")
        changes[key] = enabled
    return changes


def _check_quiet_hours(quiet_hours: QuietHours) -> None:
    for name, value in (("start", quiet_hours.start), ("end", quiet_hours.end)):
        if not 0 <= value < MINUTES_PER_DAY:
            raise invalid(f"notification_preferences.quiet_hours.{name}", "must be a time of day")
    if quiet_hours.start == quiet_hours.end:
        raise invalid("notification_preferences.quiet_hours.end", "must differ from start")


class PreferenceService:
    """A user's notification preferences (the owner or an admin)."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Callable[[], datetime]) -> None:
        self._uow = uow
        self._now = clock

    async def get_notification_preferences(self, *, caller: Caller, user_id: uuid.UUID) -> PreferencesView:
        """Every (event, channel) pair with its value, and quiet hours (owner or admin)."""
        caller.require_signed_in()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            await writable_profile(repo, user_id, caller, lock=False)
            settings = await repo.notification_settings(user_id)
            await uow.commit()
        return preferences_view(user_id, settings)

    async def update_notification_preferences(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID,
        paths: Sequence[str],
        preferences: Sequence[tuple[NotificationEvent | None, NotificationChannel | None, bool]],
        quiet_hours: QuietHours | None,
    ) -> PreferencesView:
        """Set the listed pairs and/or replace quiet hours (owner or admin)."""
        caller.require_signed_in()
        paths = check_update_mask(paths, PREFERENCE_PATHS)
        changes = _changes(preferences) if "preferences" in paths else {}
        if "quiet_hours" in paths and quiet_hours is not None:
            _check_quiet_hours(quiet_hours)
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            await writable_profile(repo, user_id, caller)
            settings = await repo.notification_settings(user_id)
            if settings is None:
                settings = NotificationSettings(user_id=user_id, overrides={}, updated_at=now)
                await repo.add(settings)
            overrides = dict(settings.overrides)
            for key, enabled in changes.items():
                event_name, channel_name = key.split(":")
                if enabled == default_preference(NotificationEvent(event_name), NotificationChannel(channel_name)):
                    overrides.pop(key, None)
                else:
                    overrides[key] = enabled
            settings.overrides = overrides
            if "quiet_hours" in paths:
                settings.quiet_start_minute = quiet_hours.start if quiet_hours else None
                settings.quiet_end_minute = quiet_hours.end if quiet_hours else None
            settings.updated_at = now
            await repo.flush()
            await uow.commit()
        return preferences_view(user_id, settings)
