"""Error mapping: domain errors become gRPC statuses with google.rpc details; a database that cannot be
reached is UNAVAILABLE with RetryInfo and a deadlock or serialization failure is ABORTED (both classified in
`pkg.db.faults`); anything else is INTERNAL.

This is the only place that turns exceptions into statuses. Details travel in the standard
`grpc-status-details-bin` trailer as a serialized `google.rpc.Status`, so any gRPC client library (and
grpc-web through the gateway) can decode them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_interceptor import AsyncServerInterceptor
from skillsphere.common.v1.error_reason import ErrorReason

from pkg import errors
from pkg.db.faults import aborted_for, unavailable_for
from pkg.grpcx.context import request_id_var
from pkg.grpcx.methods import parse_method
from pkg.log import get_logger

_log = get_logger("grpc")

# Status codes by their google.rpc.Code number: a reason in the contract declares its code by number.
_CODES: dict[int, grpc.StatusCode] = {code.value[0]: code for code in grpc.StatusCode}


def _pack(message: Any) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed


# Status message and details travel in the trailers (the message percent-encoded, the details base64'd),
# and clients drop a call whose metadata passes 8 KiB (soft limit) to 16 KiB (hard): the client would see
# RESOURCE_EXHAUSTED "metadata size exceeds hard limit" instead of the status. Messages and violations can
# echo client input (a field-mask path, a map key), so both are bounded.
_MAX_MESSAGE_BYTES = 1536  # as sent in grpc-message: bytes outside printable ASCII (and %) take three
_MAX_FIELD_CHARS = 120
_MAX_DESCRIPTION_CHARS = 200
_MAX_VIOLATION_BYTES = 2048


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _clip_message(text: str) -> str:
    if len(text) * 12 <= _MAX_MESSAGE_BYTES:  # fits even if every character were percent-encoded UTF-8
        return text
    size = 0
    for index, char in enumerate(text):
        size += 1 if " " <= char <= "~" and char != "%" else 3 * len(char.encode("utf-8", "replace"))
        if size > _MAX_MESSAGE_BYTES - 3:
            return text[:index] + "..."
    return text


def _bad_request(violations: list[errors.FieldViolation]) -> error_details_pb2.BadRequest:
    """Every violation that fits the trailer budget, in order (a client fixes those and learns the rest)."""
    request = error_details_pb2.BadRequest()
    size = 0
    for v in violations:
        entry = error_details_pb2.BadRequest.FieldViolation(
            field=_clip(v.field, _MAX_FIELD_CHARS), description=_clip(v.description, _MAX_DESCRIPTION_CHARS)
        )
        size += entry.ByteSize()
        if size > _MAX_VIOLATION_BYTES and request.field_violations:
            break
        request.field_violations.append(entry)
    return request


def status_for(exc: errors.DomainError) -> tuple[grpc.StatusCode, status_pb2.Status]:
    """The gRPC code and rich status (ErrorInfo, BadRequest, RetryInfo) for a domain error."""
    code = _CODES.get(exc.code, grpc.StatusCode.UNKNOWN)
    details = [_pack(error_details_pb2.ErrorInfo(reason=exc.reason, domain=exc.domain, metadata=exc.metadata))]
    if isinstance(exc, errors.InvalidArgument) and exc.violations:
        details.append(_pack(_bad_request(exc.violations)))
    if isinstance(exc, errors.ResourceExhausted | errors.Unavailable) and exc.retry_after is not None:
        delay = duration_pb2.Duration()
        delay.FromNanoseconds(int(exc.retry_after * 1e9))
        details.append(_pack(error_details_pb2.RetryInfo(retry_delay=delay)))
    status = status_pb2.Status(code=code.value[0], message=_clip_message(exc.message), details=details)
    return code, status


class ErrorInterceptor(AsyncServerInterceptor):
    """Turns exceptions escaping the handler into statuses; never leaks internals to the client."""

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        try:
            result = method(request, context)
            if hasattr(result, "__aiter__"):
                return self._stream(result, context, method_name)
            return await result
        except Exception as exc:  # noqa: BLE001 - this is the one place that maps every failure
            await self._abort(exc, context, method_name)

    async def _stream(
        self, stream: AsyncIterator[Any], context: grpc.aio.ServicerContext, method_name: str
    ) -> AsyncIterator[Any]:
        try:
            async for item in stream:
                yield item
        except Exception as exc:  # noqa: BLE001
            await self._abort(exc, context, method_name)

    async def _abort(self, exc: Exception, context: grpc.aio.ServicerContext, method_name: str) -> None:
        if isinstance(exc, grpc.aio.AbortError):
            raise exc  # already a status (set by context.abort); let it through untouched
        if isinstance(exc, errors.DomainError):
            code, status = status_for(exc)
        elif (unavailable := unavailable_for(exc)) is not None:
            # The database is down or the connection died: retryable, not a bug. Logged without a stack.
            _log.warning("rpc_database_unavailable", method=method_name, error=type(exc).__name__)
            code, status = status_for(unavailable)
        elif (aborted := aborted_for(exc)) is not None:
            # A concurrent transaction won a deadlock or serialization race: retryable, not a bug.
            _log.warning("rpc_transaction_conflict", method=method_name, error=type(exc).__name__)
            code, status = status_for(aborted)
        elif isinstance(exc, NotImplementedError):
            # Generated servicer bases raise this for RPCs no handler overrides yet.
            name = parse_method(method_name)
            code, status = status_for(errors.Unimplemented(f"{name.key} is part of the API but not implemented yet."))
        else:
            request_id = request_id_var.get()
            _log.error("rpc_crashed", method=method_name, exc_info=exc)
            code = grpc.StatusCode.INTERNAL
            status = status_pb2.Status(
                code=code_pb2.INTERNAL,
                message=f"An internal error occurred; quote request id {request_id} when reporting it.",
                details=[
                    _pack(
                        error_details_pb2.ErrorInfo(
                            reason=ErrorReason.INTERNAL,
                            domain=ErrorReason.INTERNAL.domain,
                            metadata={"request_id": request_id},
                        )
                    )
                ],
            )
        await context.abort(
            code,
            status.message,
            trailing_metadata=(
                ("grpc-status-details-bin", status.SerializeToString()),
                ("x-request-id", request_id_var.get()),
            ),
        )
