"""The one answer every domain gives about a member it cannot show.

A member who does not exist, was deleted, is private to the caller or is blocked either way is answered
the same way everywhere — UserService's NOT_FOUND `USER_NOT_FOUND` with the same message — so that no RPC of
any domain tells an attacker more than GetUser does. Domains whose contract names its own reason for this
(matching's USER_NOT_FOUND, session's PARTICIPANT_NOT_FOUND) keep it.
"""

from __future__ import annotations

import uuid

from skillsphere.user.v1.error_reason import ErrorReason as UserReason

from pkg.errors import NotFound


def member_not_found(user_id: uuid.UUID | str | None = None) -> NotFound:
    """NOT_FOUND `USER_NOT_FOUND` for `user_id` (named in the details when known)."""
    return NotFound(
        "No such user, or their profile is not visible to you.",
        reason=UserReason.USER_NOT_FOUND,
        metadata={"user_id": str(user_id)} if user_id is not None else None,
    )
