"""UserService: the use cases of skillsphere.user.v1.UserService, one part per concern.

- `profiles` (profiles.py): CreateUser, GetUser, BatchGetUsers, UpdateUser, DeleteUser, ListUsers,
  GetUserStats, VerifyUser, ListUserSessions, ListUserRatings
- `availability` (availability.py): GetAvailability, UpdateAvailability; job `user.refresh_availability`
- `preferences` (preferences.py): GetNotificationPreferences, UpdateNotificationPreferences
- `avatars` (avatars.py): CreateAvatarUpload, FinalizeAvatarUpload; job `user.delete_files`
- `embeddings` (embeddings.py): jobs `user.embed`, `user.embed_backfill`
- `blocks` (blocks.py): BlockUser, UnblockUser, ListBlockedUsers

Every part reads profiles through the same `UserDirectory` (directory.py: the `user_profile` cache, the
visibility rule, the skill read model), which is also what the skill domain is given as its
ProfileDirectory. Input rules are validation.py; the other domains this one uses are declared in ports.py.

The handler calls one method of one part per RPC (`users.profiles.get_user(...)`). The parts are not
hidden behind delegating methods: that would repeat every signature twice for no rule of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from internal.user.availability import AvailabilityService
from internal.user.avatars import AvatarService
from internal.user.blocks import BlockService
from internal.user.directory import MemberSkill, MemberSnapshot, UserDirectory
from internal.user.embeddings import EmbeddingService
from internal.user.models import (
    DatedException,
    Link,
    LinkType,
    Location,
    Money,
    ProfileFields,
    SkillFilter,
    TimeSpan,
    Visibility,
    WeeklySlot,
)
from internal.user.ports import Accounts, SessionHistory, SkillCatalog
from internal.user.preferences import PreferenceService
from internal.user.profiles import ProfileService
from internal.user.views import ProfileViews
from pkg.db import UnitOfWorkFactory
from pkg.llm import EmbeddingProvider
from pkg.pagination import Paginator
from pkg.storage import ObjectStorage

# The value types this service's methods take: other domains (and tools) import them from here, since a
# domain may use another domain's service but not its models.
__all__ = [
    "DatedException",
    "Link",
    "LinkType",
    "Location",
    "MemberSkill",
    "MemberSnapshot",
    "Money",
    "ProfileFields",
    "SkillFilter",
    "TimeSpan",
    "UserDirectory",
    "UserService",
    "Visibility",
    "WeeklySlot",
]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class UserService:
    """Profiles and everything attached to them, composed from their parts. One unit of work per use case."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        directory: UserDirectory,
        accounts: Accounts,
        skills: SkillCatalog,
        storage: ObjectStorage,
        embeddings: EmbeddingProvider,
        sessions: SessionHistory | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        views = ProfileViews(accounts=accounts, storage=storage)
        directory.use_skill_catalog(skills)
        self.directory = directory
        self.profiles = ProfileService(
            uow=uow,
            pages=pages,
            directory=directory,
            views=views,
            accounts=accounts,
            skills=skills,
            sessions=sessions,
            clock=clock,
        )
        self.availability = AvailabilityService(uow=uow, directory=directory, clock=clock)
        self.preferences = PreferenceService(uow=uow, clock=clock)
        self.avatars = AvatarService(uow=uow, directory=directory, views=views, storage=storage, clock=clock)
        self.embeddings = EmbeddingService(
            uow=uow, embeddings=embeddings, skills=skills, directory=directory, clock=clock
        )
        self.blocks = BlockService(uow=uow, pages=pages, directory=directory, clock=clock)
