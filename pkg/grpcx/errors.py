"""Error mapping: domain errors become gRPC statuses with google.rpc details; anything else is INTERNAL.

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


def status_for(exc: errors.DomainError) -> tuple[grpc.StatusCode, status_pb2.Status]:
    """The gRPC code and rich status (ErrorInfo, BadRequest, RetryInfo) for a domain error."""
    code = _CODES.get(exc.code, grpc.StatusCode.UNKNOWN)
    details = [_pack(error_details_pb2.ErrorInfo(reason=exc.reason, domain=exc.domain, metadata=exc.metadata))]
    if isinstance(exc, errors.InvalidArgument) and exc.violations:
        details.append(
            _pack(
                error_details_pb2.BadRequest(
                    field_violations=[
                        error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
                        for v in exc.violations
                    ]
                )
            )
        )
    if isinstance(exc, errors.ResourceExhausted):
        delay = duration_pb2.Duration()
        delay.FromNanoseconds(int(exc.retry_after * 1e9))
        details.append(_pack(error_details_pb2.RetryInfo(retry_delay=delay)))
    status = status_pb2.Status(code=code.value[0], message=exc.message, details=details)
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
