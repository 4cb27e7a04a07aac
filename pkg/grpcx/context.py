"""Per-call state visible to handlers and services through context variables.

The interceptors set these at the start of every RPC; asyncio copies context into each call's task, so
values never leak between concurrent calls.
"""

from __future__ import annotations

from contextvars import ContextVar

from pkg.errors import PermissionDenied, Unauthenticated
from pkg.log import request_id_var
from pkg.tokens import AccessClaims

__all__ = ["caller_var", "peer_var", "request_id_var", "user_agent_var"]

caller_var: ContextVar[AccessClaims | None] = ContextVar("caller", default=None)
peer_var: ContextVar[str] = ContextVar("peer", default="")
user_agent_var: ContextVar[str] = ContextVar("user_agent", default="")


def current_caller() -> AccessClaims | None:
    """The verified caller of the current RPC, or None on public RPCs called anonymously."""
    return caller_var.get()


def require_caller() -> AccessClaims:
    """The verified caller; raises Unauthenticated when the call is anonymous."""
    caller = caller_var.get()
    if caller is None:
        raise Unauthenticated("This call needs a signed-in user.", reason="AUTHENTICATION_REQUIRED")
    return caller


def require_role(role: str) -> AccessClaims:
    """The verified caller if they hold `role`; raises PermissionDenied otherwise."""
    caller = require_caller()
    if role not in caller.roles:
        raise PermissionDenied(f"This call needs the {role} role.", reason="ROLE_REQUIRED", metadata={"role": role})
    return caller


def current_peer() -> str:
    """The client's IP address (behind a trusted proxy: the address it forwarded)."""
    return peer_var.get()


def current_request_id() -> str:
    """The id of the current request, as echoed in the `x-request-id` response header."""
    return request_id_var.get()
