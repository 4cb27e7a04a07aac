"""Per-call state the interceptors record and handlers read (handlers pass the caller to services explicitly).

The interceptors set these at the start of every RPC; asyncio copies context into each call's task, so
values never leak between concurrent calls.
"""

from __future__ import annotations

from contextvars import ContextVar

from pkg.authz import Caller
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


def current_peer() -> str:
    """The client's IP address (behind a trusted proxy: the address it forwarded)."""
    return peer_var.get()


def current_request_id() -> str:
    """The id of the current request, as echoed in the `x-request-id` response header."""
    return request_id_var.get()
