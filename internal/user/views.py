"""A profile as one caller sees it: private fields (email, location) only for the owner and admins, the
email read from the account (never copied into the profile), avatar objects as public URLs."""

from __future__ import annotations

from collections.abc import Sequence

from internal.user.models import AvatarFiles, UserProfile, UserView
from internal.user.ports import Accounts
from pkg.authz import Caller
from pkg.storage import ObjectStorage


class ProfileViews:
    """Turns profiles into `UserView`s for a caller."""

    def __init__(self, *, accounts: Accounts, storage: ObjectStorage) -> None:
        self._accounts = accounts
        self._storage = storage

    async def views(self, profiles: Sequence[UserProfile], caller: Caller) -> list[UserView]:
        """Each profile as `caller` sees it, with the emails of those they may see privately (one lookup)."""
        private_ids = [p.id for p in profiles if p.live and caller.is_self_or_admin(p.id)]
        emails = await self._accounts.account_emails(private_ids) if private_ids else {}
        return [self.view(p, caller, emails.get(p.id, "")) for p in profiles]

    async def one(self, profile: UserProfile, caller: Caller) -> UserView:
        """One profile as `caller` sees it."""
        return (await self.views([profile], caller))[0]

    def view(self, profile: UserProfile, caller: Caller, email: str) -> UserView:
        """The profile as `caller` sees it, given the account's email."""
        private = profile.live and caller.is_self_or_admin(profile.id)
        avatar = None
        if profile.avatar and profile.avatar_updated_at:
            avatar = AvatarFiles(
                original_url=self._storage.public_url(profile.avatar["original_key"]),
                thumbnails=tuple(
                    (int(size), self._storage.public_url(key))
                    for size, key in sorted(profile.avatar["thumbnails"].items(), key=lambda item: int(item[0]))
                ),
                updated_at=profile.avatar_updated_at,
            )
        return UserView(profile=profile, email=email if private else "", private=private, avatar=avatar)
