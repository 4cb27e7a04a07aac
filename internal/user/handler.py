"""gRPC servicer of skillsphere.user.v1.UserService: proto ⇄ domain, one service call per RPC."""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

from skillsphere.common.v1 import common_pb2
from skillsphere.skill.v1 import skill_pb2
from skillsphere.user.v1 import user_pb2, user_pb2_grpc
from skillsphere.user.v1.error_reason import ErrorReason

from internal.user.blocks import BlockedMember
from internal.user.models import (
    DELETED_DISPLAY_NAME,
    MINUTES_PER_DAY,
    AvailabilityView,
    AvailabilityWindow,
    DatedException,
    Link,
    LinkType,
    Location,
    Money,
    NotificationChannel,
    NotificationEvent,
    PreferencesView,
    ProfileFields,
    QuietHours,
    SkillFilter,
    TimeSpan,
    UserFilter,
    UserOrder,
    UserStats,
    UserView,
    Visibility,
    WeeklySlot,
)
from internal.user.service import UserService
from pkg.errors import InvalidArgument
from pkg.grpcx.context import current_caller
from pkg.grpcx.convert import parse_uuid, timestamp

_VISIBILITY = {
    Visibility.PUBLIC: user_pb2.PROFILE_VISIBILITY_PUBLIC,
    Visibility.MEMBERS: user_pb2.PROFILE_VISIBILITY_MEMBERS,
    Visibility.PRIVATE: user_pb2.PROFILE_VISIBILITY_PRIVATE,
}
_VISIBILITY_IN = {number: v for v, number in _VISIBILITY.items()}
_LINK = {
    LinkType.WEBSITE: user_pb2.PROFILE_LINK_TYPE_WEBSITE,
    LinkType.GITHUB: user_pb2.PROFILE_LINK_TYPE_GITHUB,
    LinkType.LINKEDIN: user_pb2.PROFILE_LINK_TYPE_LINKEDIN,
    LinkType.X: user_pb2.PROFILE_LINK_TYPE_X,
    LinkType.YOUTUBE: user_pb2.PROFILE_LINK_TYPE_YOUTUBE,
    LinkType.PORTFOLIO: user_pb2.PROFILE_LINK_TYPE_PORTFOLIO,
    LinkType.OTHER: user_pb2.PROFILE_LINK_TYPE_OTHER,
}
_LINK_IN = {number: t for t, number in _LINK.items()}
_ORDER_IN = {
    user_pb2.USER_ORDER_BY_RELEVANCE: UserOrder.RELEVANCE,
    user_pb2.USER_ORDER_BY_RATING: UserOrder.RATING,
    user_pb2.USER_ORDER_BY_RECENCY: UserOrder.RECENCY,
}
_CHANNEL = {
    NotificationChannel.EMAIL: user_pb2.NOTIFICATION_CHANNEL_EMAIL,
    NotificationChannel.PUSH: user_pb2.NOTIFICATION_CHANNEL_PUSH,
    NotificationChannel.IN_APP: user_pb2.NOTIFICATION_CHANNEL_IN_APP,
}
_CHANNEL_IN = {number: c for c, number in _CHANNEL.items()}
_EVENT = {
    event: user_pb2.NotificationEventType.Value(f"NOTIFICATION_EVENT_TYPE_{event.name}") for event in NotificationEvent
}
_EVENT_IN = {number: e for e, number in _EVENT.items()}
_KIND_IN = {skill_pb2.USER_SKILL_KIND_OFFERED: "offered", skill_pb2.USER_SKILL_KIND_WANTED: "wanted"}


def _minutes(value: common_pb2.TimeOfDay, *, end: bool = False) -> int:
    minutes = value.hours * 60 + value.minutes
    if not (0 <= value.hours < 24 and 0 <= value.minutes < 60):
        return -1
    return MINUTES_PER_DAY if end and minutes == 0 else minutes


def _time_of_day(minutes: int) -> common_pb2.TimeOfDay:
    minutes %= MINUTES_PER_DAY
    return common_pb2.TimeOfDay(hours=minutes // 60, minutes=minutes % 60)


def _span(slot: user_pb2.TimeSlot) -> TimeSpan:
    return TimeSpan(_minutes(slot.start), _minutes(slot.end, end=True))


def _date(value: common_pb2.Date, field: str) -> date:
    try:
        return date(value.year, value.month, value.day)
    except ValueError:
        raise InvalidArgument(
            field=field, description="must be a valid calendar date", reason=ErrorReason.AVAILABILITY_INVALID
        ) from None


def profile_fields_from_proto(user: user_pb2.User) -> ProfileFields:
    """The settable fields of a User message."""
    return ProfileFields(
        display_name=user.display_name,
        headline=user.headline,
        bio=user.bio,
        language_codes=tuple(user.language_codes),
        time_zone=user.time_zone,
        country_code=user.country_code,
        city=user.city,
        location=Location(user.location.latitude, user.location.longitude) if user.HasField("location") else None,
        links=tuple(Link(_LINK_IN.get(link.type, LinkType.OTHER), link.url, link.label) for link in user.links),
        is_mentor=user.is_mentor,
        hourly_rate=(
            Money(user.hourly_rate.amount_minor, user.hourly_rate.currency_code)
            if user.HasField("hourly_rate")
            else None
        ),
        visibility=_VISIBILITY_IN.get(user.visibility),
        has_avatar=user.HasField("avatar"),
        accepts_skill_swap=user.accepts_skill_swap,
    )


def user_to_proto(view: UserView) -> user_pb2.User:
    """A profile as the caller may see it; deleted users are an anonymised stub."""
    profile = view.profile
    message = user_pb2.User(
        id=str(profile.id),
        create_time=timestamp(profile.created_at),
        update_time=timestamp(profile.updated_at),
    )
    if profile.deleted_at is not None:
        message.display_name = DELETED_DISPLAY_NAME
        message.delete_time.CopyFrom(timestamp(profile.deleted_at))
        return message
    message.display_name = profile.display_name
    message.headline = profile.headline
    message.bio = profile.bio
    message.language_codes.extend(profile.language_codes)
    message.time_zone = profile.time_zone
    message.country_code = profile.country_code
    message.city = profile.city
    message.links.extend(
        user_pb2.ProfileLink(type=_LINK[LinkType(link["type"])], url=link["url"], label=link.get("label", ""))
        for link in profile.links
    )
    message.is_mentor = profile.is_mentor
    message.accepts_skill_swap = profile.accepts_skill_swap
    if profile.hourly_rate_minor is not None and profile.hourly_rate_currency:
        message.hourly_rate.CopyFrom(
            common_pb2.Money(amount_minor=profile.hourly_rate_minor, currency_code=profile.hourly_rate_currency)
        )
    message.visibility = _VISIBILITY[Visibility(profile.visibility)]
    message.verified = profile.verified
    if profile.verified_at is not None:
        message.verify_time.CopyFrom(timestamp(profile.verified_at))
    message.average_rating = profile.average_rating
    message.rating_count = profile.rating_count
    if view.avatar is not None:
        message.avatar.CopyFrom(
            user_pb2.Avatar(
                original_url=view.avatar.original_url,
                thumbnails=[user_pb2.AvatarThumbnail(size_px=s, url=u) for s, u in view.avatar.thumbnails],
                update_time=timestamp(view.avatar.updated_at),
            )
        )
    if view.private:
        message.email = view.email
        if profile.latitude is not None and profile.longitude is not None:
            message.location.CopyFrom(common_pb2.LatLng(latitude=profile.latitude, longitude=profile.longitude))
    return message


def blocked_to_proto(blocked: BlockedMember) -> user_pb2.BlockedUser:
    """A member the caller blocked."""
    return user_pb2.BlockedUser(
        user_id=str(blocked.user_id), display_name=blocked.display_name, block_time=timestamp(blocked.blocked_at)
    )


def stats_to_proto(stats: UserStats) -> user_pb2.UserStats:
    """Activity statistics."""
    return user_pb2.UserStats(
        user_id=str(stats.user_id),
        sessions_taught_count=stats.sessions_taught_count or 0,
        sessions_learned_count=stats.sessions_learned_count or 0,
        teaching_minutes=stats.teaching_minutes or 0,
        learning_minutes=stats.learning_minutes or 0,
        average_rating=stats.average_rating or 0.0,
        rating_count=stats.rating_count or 0,
        response_rate=stats.response_rate or 0.0,
        no_show_count=stats.no_show_count or 0,
        compute_time=timestamp(stats.computed_at),
    )


def availability_to_proto(view: AvailabilityView) -> user_pb2.Availability:
    """Availability in the user's time zone."""
    message = user_pb2.Availability(
        user_id=str(view.user_id),
        time_zone=view.time_zone,
        weekly_slots=[
            user_pb2.WeeklySlot(
                day_of_week=slot.day,  # type: ignore[arg-type]  # the enum number is the ISO weekday
                slot=user_pb2.TimeSlot(start=_time_of_day(slot.span.start), end=_time_of_day(slot.span.end)),
            )
            for slot in view.weekly
        ],
        exceptions=[
            user_pb2.AvailabilityException(
                date=common_pb2.Date(year=e.date.year, month=e.date.month, day=e.date.day),
                slots=[user_pb2.TimeSlot(start=_time_of_day(s.start), end=_time_of_day(s.end)) for s in e.spans],
            )
            for e in view.exceptions
        ],
    )
    if view.updated_at is not None:
        message.update_time.CopyFrom(timestamp(view.updated_at))
    return message


def preferences_to_proto(view: PreferencesView) -> user_pb2.NotificationPreferences:
    """Every (event, channel) pair and quiet hours."""
    message = user_pb2.NotificationPreferences(
        user_id=str(view.user_id),
        preferences=[
            user_pb2.NotificationPreference(event_type=_EVENT[p.event], channel=_CHANNEL[p.channel], enabled=p.enabled)
            for p in view.preferences
        ],
    )
    if view.quiet_hours is not None:
        message.quiet_hours.CopyFrom(
            user_pb2.QuietHours(start=_time_of_day(view.quiet_hours.start), end=_time_of_day(view.quiet_hours.end))
        )
    if view.updated_at is not None:
        message.update_time.CopyFrom(timestamp(view.updated_at))
    return message


def filter_from_proto(message: user_pb2.UserFilter) -> UserFilter:
    """ListUsers filters."""
    window = None
    if message.HasField("available_during"):
        during = message.available_during
        window = AvailabilityWindow(
            start=during.start_time.ToDatetime(tzinfo=UTC),
            end=during.end_time.ToDatetime(tzinfo=UTC),
            min_overlap_minutes=during.min_overlap_minutes,
        )
    return UserFilter(
        skills=tuple(
            SkillFilter(
                skill_id=parse_uuid(s.skill_id, f"filter.skills[{i}].skill_id"),
                kind=_KIND_IN.get(s.kind),
                min_level=int(s.min_proficiency),
            )
            for i, s in enumerate(message.skills)
        ),
        mentors_only=message.mentors_only,
        language_codes=tuple(message.language_codes),
        country_codes=tuple(message.country_codes),
        min_utc_offset_minutes=(message.min_utc_offset_minutes if message.HasField("min_utc_offset_minutes") else None),
        max_utc_offset_minutes=(message.max_utc_offset_minutes if message.HasField("max_utc_offset_minutes") else None),
        available_during=window,
        min_rating=message.min_rating if message.HasField("min_rating") else None,
        verified_only=message.verified_only,
        exclude_user_ids=tuple(
            parse_uuid(u, f"filter.exclude_user_ids[{i}]") for i, u in enumerate(message.exclude_user_ids)
        ),
    )


class UserHandler(user_pb2_grpc.UserServiceServicer):
    """Every RPC of UserService: one call into one part of the service (see internal/user/service.py)."""

    def __init__(self, service: UserService) -> None:
        self._profiles = service.profiles
        self._availability = service.availability
        self._preferences = service.preferences
        self._avatars = service.avatars
        self._blocks = service.blocks

    async def CreateUser(self, request: user_pb2.CreateUserRequest, context: Any) -> user_pb2.CreateUserResponse:  # noqa: N802
        view = await self._profiles.create_user(caller=current_caller(), fields=profile_fields_from_proto(request.user))
        return user_pb2.CreateUserResponse(user=user_to_proto(view))

    async def GetUser(self, request: user_pb2.GetUserRequest, context: Any) -> user_pb2.GetUserResponse:  # noqa: N802
        view = await self._profiles.get_user(caller=current_caller(), user_id=parse_uuid(request.user_id, "user_id"))
        return user_pb2.GetUserResponse(user=user_to_proto(view))

    async def BatchGetUsers(  # noqa: N802
        self, request: user_pb2.BatchGetUsersRequest, context: Any
    ) -> user_pb2.BatchGetUsersResponse:
        ids = [parse_uuid(u, f"user_ids[{i}]") for i, u in enumerate(request.user_ids)]
        views, missing = await self._profiles.batch_get_users(caller=current_caller(), user_ids=ids)
        return user_pb2.BatchGetUsersResponse(
            users=[user_to_proto(v) for v in views], missing_user_ids=[str(m) for m in missing]
        )

    async def UpdateUser(self, request: user_pb2.UpdateUserRequest, context: Any) -> user_pb2.UpdateUserResponse:  # noqa: N802
        view = await self._profiles.update_user(
            caller=current_caller(),
            user_id=parse_uuid(request.user.id, "user.id"),
            paths=list(request.update_mask.paths),
            fields=profile_fields_from_proto(request.user),
        )
        return user_pb2.UpdateUserResponse(user=user_to_proto(view))

    async def DeleteUser(self, request: user_pb2.DeleteUserRequest, context: Any) -> user_pb2.DeleteUserResponse:  # noqa: N802
        await self._profiles.delete_user(
            caller=current_caller(), user_id=parse_uuid(request.user_id, "user_id"), reason=request.reason
        )
        return user_pb2.DeleteUserResponse()

    async def ListUsers(self, request: user_pb2.ListUsersRequest, context: Any) -> user_pb2.ListUsersResponse:  # noqa: N802
        page = await self._profiles.list_users(
            caller=current_caller(),
            query=request.query,
            filter=filter_from_proto(request.filter),
            order=_ORDER_IN.get(request.order_by),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return user_pb2.ListUsersResponse(
            users=[user_to_proto(v) for v in page.items], next_page_token=page.next_page_token
        )

    async def GetUserStats(  # noqa: N802
        self, request: user_pb2.GetUserStatsRequest, context: Any
    ) -> user_pb2.GetUserStatsResponse:
        stats = await self._profiles.get_user_stats(
            caller=current_caller(), user_id=parse_uuid(request.user_id, "user_id")
        )
        return user_pb2.GetUserStatsResponse(stats=stats_to_proto(stats))

    async def GetAvailability(  # noqa: N802
        self, request: user_pb2.GetAvailabilityRequest, context: Any
    ) -> user_pb2.GetAvailabilityResponse:
        view = await self._availability.get_availability(
            caller=current_caller(), user_id=parse_uuid(request.user_id, "user_id")
        )
        return user_pb2.GetAvailabilityResponse(availability=availability_to_proto(view))

    async def UpdateAvailability(  # noqa: N802
        self, request: user_pb2.UpdateAvailabilityRequest, context: Any
    ) -> user_pb2.UpdateAvailabilityResponse:
        availability = request.availability
        if not availability.user_id:
            raise InvalidArgument(field="availability.user_id", description="is required")
        view = await self._availability.update_availability(
            caller=current_caller(),
            user_id=parse_uuid(availability.user_id, "availability.user_id"),
            paths=list(request.update_mask.paths),
            weekly=[WeeklySlot(int(s.day_of_week), _span(s.slot)) for s in availability.weekly_slots],
            exceptions=[
                DatedException(_date(e.date, f"availability.exceptions[{i}].date"), tuple(_span(s) for s in e.slots))
                for i, e in enumerate(availability.exceptions)
            ],
        )
        return user_pb2.UpdateAvailabilityResponse(availability=availability_to_proto(view))

    async def GetNotificationPreferences(  # noqa: N802
        self, request: user_pb2.GetNotificationPreferencesRequest, context: Any
    ) -> user_pb2.GetNotificationPreferencesResponse:
        view = await self._preferences.get_notification_preferences(
            caller=current_caller(), user_id=parse_uuid(request.user_id, "user_id")
        )
        return user_pb2.GetNotificationPreferencesResponse(notification_preferences=preferences_to_proto(view))

    async def UpdateNotificationPreferences(  # noqa: N802
        self, request: user_pb2.UpdateNotificationPreferencesRequest, context: Any
    ) -> user_pb2.UpdateNotificationPreferencesResponse:
        prefs = request.notification_preferences
        if not prefs.user_id:
            raise InvalidArgument(field="notification_preferences.user_id", description="is required")
        quiet = None
        if prefs.HasField("quiet_hours"):
            quiet = QuietHours(_minutes(prefs.quiet_hours.start), _minutes(prefs.quiet_hours.end))
        view = await self._preferences.update_notification_preferences(
            caller=current_caller(),
            user_id=parse_uuid(prefs.user_id, "notification_preferences.user_id"),
            paths=list(request.update_mask.paths),
            preferences=[
                (_EVENT_IN.get(p.event_type), _CHANNEL_IN.get(p.channel), p.enabled) for p in prefs.preferences
            ],
            quiet_hours=quiet,
        )
        return user_pb2.UpdateNotificationPreferencesResponse(notification_preferences=preferences_to_proto(view))

    async def ListUserSessions(  # noqa: N802
        self, request: user_pb2.ListUserSessionsRequest, context: Any
    ) -> user_pb2.ListUserSessionsResponse:
        await self._profiles.list_user_sessions(caller=current_caller(), user_id=parse_uuid(request.user_id, "user_id"))
        return user_pb2.ListUserSessionsResponse()

    async def ListUserRatings(  # noqa: N802
        self, request: user_pb2.ListUserRatingsRequest, context: Any
    ) -> user_pb2.ListUserRatingsResponse:
        await self._profiles.list_user_ratings(caller=current_caller(), user_id=parse_uuid(request.user_id, "user_id"))
        return user_pb2.ListUserRatingsResponse()

    async def VerifyUser(self, request: user_pb2.VerifyUserRequest, context: Any) -> user_pb2.VerifyUserResponse:  # noqa: N802
        view = await self._profiles.verify_user(
            caller=current_caller(),
            user_id=parse_uuid(request.user_id, "user_id"),
            verified=request.verified,
            note=request.note,
        )
        return user_pb2.VerifyUserResponse(user=user_to_proto(view))

    async def CreateAvatarUpload(  # noqa: N802
        self, request: user_pb2.CreateAvatarUploadRequest, context: Any
    ) -> user_pb2.CreateAvatarUploadResponse:
        ticket = await self._avatars.create_avatar_upload(
            caller=current_caller(),
            user_id=parse_uuid(request.user_id, "user_id"),
            content_type=request.content_type,
            size_bytes=request.size_bytes,
        )
        return user_pb2.CreateAvatarUploadResponse(
            upload_id=str(ticket.upload_id),
            upload_url=ticket.url,
            http_method=ticket.method,
            upload_headers=ticket.headers,
            expire_time=timestamp(ticket.expire_time),
            allowed_content_types=list(ticket.allowed_content_types),
            max_size_bytes=ticket.max_size_bytes,
        )

    async def FinalizeAvatarUpload(  # noqa: N802
        self, request: user_pb2.FinalizeAvatarUploadRequest, context: Any
    ) -> user_pb2.FinalizeAvatarUploadResponse:
        view = await self._avatars.finalize_avatar_upload(
            caller=current_caller(),
            user_id=parse_uuid(request.user_id, "user_id"),
            upload_id=parse_uuid(request.upload_id, "upload_id"),
        )
        return user_pb2.FinalizeAvatarUploadResponse(user=user_to_proto(view))

    async def BlockUser(self, request: user_pb2.BlockUserRequest, context: Any) -> user_pb2.BlockUserResponse:  # noqa: N802
        blocked = await self._blocks.block_user(caller=current_caller(), user_id=parse_uuid(request.user_id, "user_id"))
        return user_pb2.BlockUserResponse(blocked_user=blocked_to_proto(blocked))

    async def UnblockUser(  # noqa: N802
        self, request: user_pb2.UnblockUserRequest, context: Any
    ) -> user_pb2.UnblockUserResponse:
        await self._blocks.unblock_user(caller=current_caller(), user_id=parse_uuid(request.user_id, "user_id"))
        return user_pb2.UnblockUserResponse()

    async def ListBlockedUsers(  # noqa: N802
        self, request: user_pb2.ListBlockedUsersRequest, context: Any
    ) -> user_pb2.ListBlockedUsersResponse:
        page = await self._blocks.list_blocked_users(
            caller=current_caller(), page_size=request.page_size, page_token=request.page_token
        )
        return user_pb2.ListBlockedUsersResponse(
            blocked_users=[blocked_to_proto(b) for b in page.items], next_page_token=page.next_page_token
        )
