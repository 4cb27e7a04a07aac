"""Per-call state visible to handlers and services through context variables.

The interceptors set these at the start of every RPC; asyncio copies context into each call's task, so
values never leak between concurrent calls.
"""

from __future__ import annotations

from contextvars import ContextVar

from skillsphere.auth.v1.error_reason import ErrorReason as AuthReason

from pkg.authz import Caller
from pkg.errors import PermissionDenied, Unauthenticated
from pkg.log import request_id_var
from pkg.tokens import AccessClaims

__all__ = ["caller_var", "peer_var", "request_id_var", "user_agent_var"]

caller_var: ContextVar[AccessClaims | None] = ContextVar("caller", default=None)
peer_var: ContextVar[str] = ContextVar("peer", default="")
user_agent_var: ContextVar[str] = ContextVar("user_agent", default="")


def current_caller() -> Caller:
    """The caller of the current RPC (`Caller.ANONYMOUS` on public RPCs called without a token).

    Handlers read it and pass it to service methods explicitly (`caller=current_caller()`).
    """
    return Caller.from_claims(caller_var.get())


def current_claims() -> AccessClaims | None:
    """Deprecated: the raw verified claims; services take a `Caller` instead."""
    return caller_var.get()


def require_caller() -> AccessClaims:
    """The verified caller; raises Unauthenticated when the call is anonymous."""
    caller = caller_var.get()
    if caller is None:
        raise Unauthenticated("This call needs a signed-in user.", reason=AuthReason.AUTHENTICATION_REQUIRED)
    return caller


def require_role(role: str) -> AccessClaims:
    """The verified caller if they hold `role`; raises PermissionDenied otherwise."""
    caller = require_caller()
    if role not in caller.roles:
        raise PermissionDenied(
            f"This call needs the {role} role.", reason=AuthReason.ROLE_REQUIRED, metadata={"role": role}
        )
    return caller


def current_peer() -> str:
    """The client's IP address (behind a trusted proxy: the address it forwarded)."""
    return peer_var.get()


def current_request_id() -> str:
    """The id of the current request, as echoed in the `x-request-id` response header."""
    return request_id_var.get()
