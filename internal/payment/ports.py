"""What the payment domain needs from other domains, wired in by the composition root (internal/app.py):
the user domain's UserDirectory satisfies `Payees`."""

from __future__ import annotations

import uuid
from typing import Protocol

from pkg.authz import Caller


class Payees(Protocol):
    """Who can be paid: a member with a live profile the payer may see."""

    async def profile_visible(self, user_id: uuid.UUID, caller: Caller) -> bool:
        """True when the user has a live profile and `caller` may see it."""
        ...
