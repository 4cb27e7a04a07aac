"""Graceful drain: finish the calls a server has accepted, refuse later ones with UNAVAILABLE.

grpc.aio's `server.stop(grace)` is not enough on its own: calls that reached the server but were not yet
handed to Python (grpc core queues them until the event loop asks for the next call) are cancelled at
once, and the client sees CANCELLED, which it must not retry. So shutdown goes through this gate first
(`GrpcServer.stop`):

1. `start_draining()`: open server streams end with UNAVAILABLE (clients reconnect elsewhere); calls
   still queued in grpc core keep being admitted until none has arrived for `quiet_seconds` (the queue
   is empty, which is only sure once nothing is in flight either: grpc core hands queued calls over as
   others finish) or a third of the grace period passed;
2. admission closes: every call dispatched after that answers UNAVAILABLE with RetryInfo, reason
   SHUTTING_DOWN (retryable, and the health status is already NOT_SERVING);
3. `wait_idle()` returns when every admitted call has finished (or the grace period ran out), and only
   then does the server stop.

The gate is the outermost interceptor, so it counts calls before any other link runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
from skillsphere.common.v1.error_reason import ErrorReason

from pkg import errors
from pkg.grpcx.errors import status_for
from pkg.log import get_logger

RETRY_AFTER_SECONDS = 1.0


def _shutting_down() -> errors.Unavailable:
    return errors.Unavailable(
        "This server is shutting down; retry the call, another server will take it.",
        reason=ErrorReason.SHUTTING_DOWN,
        retry_after=RETRY_AFTER_SECONDS,
    )


class DrainGate(grpc.aio.ServerInterceptor):
    """Counts calls in flight, admits the backlog after shutdown begins, then refuses and waits."""

    def __init__(self, *, quiet_seconds: float = 0.3, max_admission_seconds: float = 3.0) -> None:
        self._quiet = quiet_seconds
        self._max_admission = max_admission_seconds
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._closing = asyncio.Event()  # set when draining starts: streams end
        self._admitting = True
        self._last_admitted = 0.0
        self._admitted_while_draining = 0
        # The same status the error mapper gives every UNAVAILABLE: ErrorInfo(SHUTTING_DOWN) and RetryInfo.
        self._code, self._status = status_for(_shutting_down())
        self._log = get_logger("grpc")
        self._handlers: dict[str, grpc.RpcMethodHandler] = {}

    @property
    def draining(self) -> bool:
        """Whether shutdown has begun."""
        return self._closing.is_set()

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        # Gated handlers are made once per method, as the chain's are (the dict is bounded by the contract:
        # only methods with a handler are kept).
        method: str = handler_call_details.method  # type: ignore[attr-defined]
        gated = self._handlers.get(method)
        if gated is None:
            handler = await continuation(handler_call_details)
            if handler is None:
                return handler
            gated = self._handlers[method] = self._gate(handler)
        return gated

    def _gate(self, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        if handler.unary_unary:
            return handler._replace(unary_unary=self._unary(handler.unary_unary))  # type: ignore[attr-defined]
        if handler.stream_unary:
            return handler._replace(stream_unary=self._unary(handler.stream_unary))  # type: ignore[attr-defined]
        if handler.unary_stream:
            return handler._replace(unary_stream=self._streaming(handler.unary_stream))  # type: ignore[attr-defined]
        return handler._replace(stream_stream=self._streaming(handler.stream_stream))  # type: ignore[attr-defined]

    def _enter(self) -> bool:
        if self._closing.is_set():
            if not self._admitting:
                return False
            self._last_admitted = time.monotonic()
            self._admitted_while_draining += 1
        self._in_flight += 1
        self._idle.clear()
        return True

    def _leave(self) -> None:
        self._in_flight -= 1
        if self._in_flight == 0:
            self._idle.set()

    async def _refuse(self, context: grpc.aio.ServicerContext) -> None:
        await context.abort(
            self._code,
            self._status.message,
            trailing_metadata=(("grpc-status-details-bin", self._status.SerializeToString()),),
        )

    def _unary(self, behaviour: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def gated(request: Any, context: grpc.aio.ServicerContext) -> Any:
            if not self._enter():
                await self._refuse(context)
            try:
                return await behaviour(request, context)
            finally:
                self._leave()

        return gated

    def _streaming(self, behaviour: Callable[..., Any]) -> Callable[..., AsyncIterator[Any]]:
        async def gated(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
            if not self._enter():
                await self._refuse(context)
            try:
                produced = behaviour(request, context)
                if not hasattr(produced, "__aiter__"):  # read/write style: it writes itself
                    produced = _once(produced)
                iterator = produced.__aiter__()
                closing = asyncio.ensure_future(self._closing.wait())
                step: asyncio.Future[Any] | None = None
                try:
                    while True:
                        step = asyncio.ensure_future(iterator.__anext__())
                        await asyncio.wait((step, closing), return_when=asyncio.FIRST_COMPLETED)
                        if not step.done():
                            # Shutting down: end the stream so the client reconnects to another server.
                            step.cancel()
                            with contextlib.suppress(BaseException):
                                await step
                            await self._refuse(context)
                        try:
                            item = step.result()
                        except StopAsyncIteration:
                            return
                        if item is not None:
                            yield item
                finally:
                    closing.cancel()
                    # The client cancelled (or the stream ended early): stop the handler's generator too, so
                    # the links below it finish their work (span, metrics, log line) now, not at collection.
                    if step is not None and not step.done():
                        step.cancel()
                        with contextlib.suppress(BaseException):
                            await step
                    aclose = getattr(iterator, "aclose", None)
                    if aclose is not None:
                        with contextlib.suppress(BaseException):
                            await aclose()
            finally:
                self._leave()

        return gated

    def start_draining(self) -> None:
        """Begin shutdown: end open streams; keep admitting the calls grpc core has queued."""
        self._last_admitted = time.monotonic()
        self._closing.set()

    async def close_admission(self, max_seconds: float | None = None) -> None:
        """Return once the queued backlog has been admitted; later calls answer UNAVAILABLE."""
        started = time.monotonic()
        longest = self._max_admission if max_seconds is None else max_seconds
        while True:
            now = time.monotonic()
            # grpc core hands queued calls to Python only as others finish, so "nothing new for a moment"
            # means the queue is empty only once nothing is in flight either.
            quiet = now - self._last_admitted >= self._quiet and self._in_flight == 0
            if quiet or now - started >= longest:
                break
            await asyncio.sleep(0.02)
        self._admitting = False
        self._log.info(
            "drain_admission_closed",
            admitted=self._admitted_while_draining,
            in_flight=self._in_flight,
            duration_ms=round((time.monotonic() - started) * 1000),
        )

    async def wait_idle(self, within_seconds: float) -> bool:
        """Wait up to `within_seconds` for every admitted call to finish; True if they all did."""
        try:
            async with asyncio.timeout(max(within_seconds, 0.0)):
                await self._idle.wait()
            return True
        except TimeoutError:
            return False


async def _once(call: Awaitable[Any]) -> AsyncIterator[Any]:
    await call
    return
    yield  # an async generator that yields nothing
