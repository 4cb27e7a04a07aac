"""The caller of an RPC and the authorization checks every domain needs.

The auth interceptor verifies the access token; the handler turns the verified claims into a `Caller`
(`pkg.grpcx.context.current_caller()`) and passes it to the service method explicitly, so a service's
rules read only their arguments and a service can be called the same way from another domain, a job or
the seed command. Which RPCs need a signed-in caller or a role at all is the policy table's job
(`internal/policy.py`); the checks here are the data-dependent ones a service makes ("the owner or an
admin", "visible to members").
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from typing import ClassVar

from skillsphere.auth.v1.error_reason import ErrorReason as AuthReason

from pkg.errors import NotFound, PermissionDenied, Reason, Unauthenticated
from pkg.tokens import AccessClaims

ADMIN = "admin"


class Audience(enum.Enum):
    """Who may see a resource besides its owner and admins."""

    PUBLIC = "public"  # everyone, signed in or not
    MEMBERS = "members"  # every signed-in caller
    OWNER = "owner"  # nobody else


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: a signed-in account (with its session and roles) or nobody (`Caller.ANONYMOUS`)."""

    account_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None
    roles: frozenset[str] = frozenset()
    email_verified: bool = False

    ANONYMOUS: ClassVar[Caller]

    @classmethod
    def from_claims(cls, claims: AccessClaims | None) -> Caller:
        """The caller a verified access token describes; anonymous without one."""
        if claims is None:
            return cls.ANONYMOUS
        return cls(
            account_id=uuid.UUID(claims.subject),
            session_id=uuid.UUID(claims.session_id) if claims.session_id else None,
            roles=frozenset(claims.roles),
            email_verified=claims.email_verified,
        )

    @classmethod
    def account(cls, account_id: uuid.UUID, *roles: str) -> Caller:
        """A signed-in caller without a session: jobs, the seed and admin commands acting as an account."""
        return cls(account_id=account_id, roles=frozenset(roles), email_verified=True)

    @property
    def signed_in(self) -> bool:
        """Whether an account is calling."""
        return self.account_id is not None

    @property
    def is_admin(self) -> bool:
        """Whether the caller holds the admin role."""
        return ADMIN in self.roles

    def is_self(self, account_id: uuid.UUID | None) -> bool:
        """Whether the caller is the account `account_id`."""
        return self.account_id is not None and self.account_id == account_id

    def is_self_or_admin(self, account_id: uuid.UUID | None) -> bool:
        """Whether the caller is `account_id` itself or an admin."""
        return self.is_admin or self.is_self(account_id)

    def require_signed_in(self) -> uuid.UUID:
        """The caller's account id; UNAUTHENTICATED (AUTHENTICATION_REQUIRED) when nobody is signed in."""
        if self.account_id is None:
            raise Unauthenticated("This call needs a signed-in user.", reason=AuthReason.AUTHENTICATION_REQUIRED)
        return self.account_id

    def require_role(self, role: str) -> uuid.UUID:
        """The caller's account id if they hold `role`; PERMISSION_DENIED (ROLE_REQUIRED) otherwise."""
        account_id = self.require_signed_in()
        if role not in self.roles:
            raise PermissionDenied(
                f"This call needs the {role} role.", reason=AuthReason.ROLE_REQUIRED, metadata={"required_roles": role}
            )
        return account_id

    def require_self_or_admin(self, account_id: uuid.UUID, *, reason: Reason, message: str) -> uuid.UUID:
        """The caller's account id if they are `account_id` or an admin; PERMISSION_DENIED with `reason` otherwise."""
        own_id = self.require_signed_in()
        if not self.is_self_or_admin(account_id):
            raise PermissionDenied(message, reason=reason)
        return own_id

    def can_see(self, owner_id: uuid.UUID | None, audience: Audience) -> bool:
        """Whether a resource owned by `owner_id` and shown to `audience` is visible to this caller."""
        if self.is_self_or_admin(owner_id) or audience is Audience.PUBLIC:
            return True
        return audience is Audience.MEMBERS and self.signed_in

    def require_visible(self, owner_id: uuid.UUID | None, audience: Audience, not_found: NotFound) -> None:
        """Raise `not_found` unless the resource is visible: callers who may not see it learn nothing more."""
        if not self.can_see(owner_id, audience):
            raise not_found


Caller.ANONYMOUS = Caller()
