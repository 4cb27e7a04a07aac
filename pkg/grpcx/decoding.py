"""Request bodies that do not decode reach the interceptor chain as a marker instead of failing before it.

grpcio decodes a request with the handler's deserializer before any interceptor runs, so a body that is
not the RPC's message (truncated, random bytes, a string field that is not UTF-8) failed inside grpcio:
UNKNOWN "Unexpected <class 'DecodeError'>", never logged or counted by our chain. Handlers are registered
with a deserializer that returns an `UndecodableRequest` instead of raising; the validation interceptor
answers it with INVALID_ARGUMENT, after request id, logging, metrics, auth and rate limiting ran as for
any other call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc


@dataclass(frozen=True, slots=True)
class UndecodableRequest:
    """Stands in for a request whose bytes are not a valid `type_name` message."""

    type_name: str

    @property
    def message(self) -> str:
        """One sentence for the client."""
        return (
            f"The request body is not a valid {self.type_name} message "
            "(malformed protobuf encoding, or a string field that is not UTF-8)."
        )


def _tolerant(deserialize: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    message_type = getattr(deserialize, "__self__", None)  # generated code passes `Request.FromString`
    descriptor = getattr(message_type, "DESCRIPTOR", None)
    type_name = str(descriptor.full_name) if descriptor is not None else "request"
    undecodable = UndecodableRequest(type_name)

    def decode(data: bytes) -> Any:
        try:
            return deserialize(data)
        except Exception:  # noqa: BLE001 - DecodeError, and whatever else a hostile body provokes
            return undecodable

    return decode


def decode_in_chain(handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
    """The same handler, with a unary request whose decoding failure is left to the chain to answer.

    Request-streaming handlers (reflection) are left alone: their messages are read by the servicer, past
    the interceptors.
    """
    if handler.request_streaming or handler.request_deserializer is None:
        return handler
    replaced: grpc.RpcMethodHandler = handler._replace(  # type: ignore[attr-defined]
        request_deserializer=_tolerant(handler.request_deserializer)
    )
    return replaced
