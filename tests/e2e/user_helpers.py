"""Helpers shared by the UserService e2e tests: callers, profiles and error details."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

Metadata = tuple[tuple[str, str], ...]


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


def details(error: grpc.aio.AioRpcError) -> dict[str, Any]:
    """The google.rpc details of a failed call, by kind."""
    found: dict[str, Any] = {}
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            for detail in status_pb2.Status.FromString(value).details:
                for kind in (error_details_pb2.ErrorInfo, error_details_pb2.BadRequest, error_details_pb2.RetryInfo):
                    message = kind()
                    if detail.Unpack(message):
                        found[kind.DESCRIPTOR.name] = message
    return found


async def fails(call: Any, code: grpc.StatusCode, reason: str | None = None) -> grpc.aio.AioRpcError:
    """Await `call`, expecting it to fail with `code` (and ErrorInfo `reason`)."""
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    error = caught.value
    assert error.code() == code, f"{error.code()} {error.details()}"
    if reason is not None:
        assert details(error)["ErrorInfo"].reason == reason, details(error)
    return error


async def create_profile(stub: user_pb2_grpc.UserServiceStub, who: Caller, **fields: Any) -> user_pb2.User:
    """CreateUser for `who` with sensible defaults (display name, Berlin time)."""
    values: dict[str, Any] = {"display_name": "Ada Lovelace", "time_zone": "Europe/Berlin"}
    values.update(fields)
    response = await stub.CreateUser(user_pb2.CreateUserRequest(user=user_pb2.User(**values)), metadata=who.metadata)
    return response.user
