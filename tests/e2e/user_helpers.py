"""Helpers shared by the UserService e2e tests: callers, profiles and error details."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
from skillsphere.common.v1.error_reason import ErrorReason as PlatformReason
from skillsphere.user.v1 import user_pb2, user_pb2_grpc
from skillsphere.user.v1.error_reason import ErrorReason as UserReason

from tests.support import rpc
from tests.support.rpc import details

__all__ = ["Caller", "caller", "create_profile", "details", "fails"]

Metadata = tuple[tuple[str, str], ...]


async def fails(call: Any, code: grpc.StatusCode, reason: str | None = None) -> grpc.aio.AioRpcError:
    """Await `call`, expecting it to fail with `code` and ErrorInfo `reason`, and for a platform or user
    reason also the domain the contract declares it in ("skillsphere" / "skillsphere.user")."""
    domain = None
    if reason in PlatformReason.__members__:
        domain = "skillsphere"
    elif reason in UserReason.__members__:
        domain = "skillsphere.user"
    return await rpc.fails(call, code, reason, domain)


@dataclass(frozen=True)
class Caller:
    """A real account with a live session: its id and the metadata carrying its access token."""

    id: str
    metadata: Metadata


def caller(token_for: Callable[..., str], *roles: str) -> Caller:
    """A new account (learner unless roles are given) and a token for it."""
    subject = str(uuid.uuid4())
    token = token_for(subject, roles or ("learner",))
    return Caller(subject, (("authorization", f"Bearer {token}"),))


async def create_profile(stub: user_pb2_grpc.UserServiceStub, who: Caller, **fields: Any) -> user_pb2.User:
    """CreateUser for `who` with sensible defaults (display name, Berlin time)."""
    values: dict[str, Any] = {"display_name": "Ada Lovelace", "time_zone": "Europe/Berlin"}
    values.update(fields)
    response = await stub.CreateUser(user_pb2.CreateUserRequest(user=user_pb2.User(**values)), metadata=who.metadata)
    return response.user
