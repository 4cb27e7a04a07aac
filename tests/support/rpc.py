"""Helpers for calling the real server in tests: bearer metadata and the google.rpc details of errors."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2

_DETAIL_KINDS = (error_details_pb2.ErrorInfo, error_details_pb2.BadRequest, error_details_pb2.RetryInfo)


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    """Call metadata carrying an access token."""
    return (("authorization", f"Bearer {token}"),)


def details(error: grpc.aio.AioRpcError) -> dict[str, Any]:
    """The google.rpc details of a failed call, by kind name (ErrorInfo, BadRequest, RetryInfo)."""
    found: dict[str, Any] = {}
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            for detail in status_pb2.Status.FromString(value).details:
                for kind in _DETAIL_KINDS:
                    message = kind()
                    if detail.Unpack(message):
                        found[kind.DESCRIPTOR.name] = message
    return found


def bad_fields(error: grpc.aio.AioRpcError) -> set[str]:
    """The fields a BadRequest detail names."""
    return {violation.field for violation in details(error)["BadRequest"].field_violations}


async def fails(
    call: Any, code: grpc.StatusCode, reason: str | None = None, domain: str | None = None
) -> grpc.aio.AioRpcError:
    """Await `call`, expecting it to fail with `code` (and, when given, ErrorInfo `reason` and `domain`)."""
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    error = caught.value
    assert error.code() == code, f"{error.code()} {error.details()}"
    if reason is not None:
        info = details(error).get("ErrorInfo")
        assert info is not None and info.reason == reason, details(error)
        if domain is not None:
            assert info.domain == domain, info
    return error
