"""The interceptor chain: one ordered list, applied to every RPC of both transports.

Order, outermost first, and why:

1. request id + logging — first, so every outcome (even a crash in a later link) is logged with its id;
2. tracing — the span covers everything below and its trace id lands in the log line;
3. metrics — counts the final status code that the client sees;
4. errors — turns whatever the links below raise into a status with google.rpc details;
5. auth — who is calling (token signature, then a live session), and may they call this RPC at all;
6. rate limiting — after auth, so limits can be per user as well as per peer;
7. validation — last, so anonymous or throttled callers never cost a full request walk.

The links are the classes of the modules named above; `ChainInterceptor` runs them in this order in one
coroutine per call instead of nesting seven interceptors. grpc.aio runs every interceptor's
`intercept_service` on every call, and grpc-interceptor builds a new handler each time and wraps each link
in two more coroutines (fourteen frames and seven handler objects per call); the fused chain wraps each
RPC's handler once, with that RPC's state (metric children, policy) prepared, and reuses it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterable
from typing import Any

import grpc
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry

from pkg.grpcx.auth import AuthInterceptor, PolicyTable, SessionGate
from pkg.grpcx.errors import ErrorInterceptor
from pkg.grpcx.logging import RequestLoggingInterceptor
from pkg.grpcx.metrics import MetricsInterceptor
from pkg.grpcx.ratelimit import RateLimitInterceptor
from pkg.grpcx.tracing import TracingInterceptor
from pkg.grpcx.validation import ValidationInterceptor
from pkg.ratelimit import RateLimiter
from pkg.tokens import TokenVerifier

LINKS = ("logging", "tracing", "metrics", "errors", "auth", "ratelimit", "validation")


class ChainInterceptor(grpc.aio.ServerInterceptor):
    """Every link of the chain, in the documented order, in one coroutine per call.

    A link left out (None) is skipped; `make bench` uses that to measure each link's share.
    """

    def __init__(
        self,
        *,
        logging: RequestLoggingInterceptor | None,
        tracing: TracingInterceptor | None,
        metrics: MetricsInterceptor | None,
        errors: ErrorInterceptor | None,
        auth: AuthInterceptor | None,
        ratelimit: RateLimitInterceptor | None,
        validation: ValidationInterceptor | None,
    ) -> None:
        self._logging = logging
        self._tracing = tracing
        self._metrics = metrics
        self._errors = errors
        self._auth = auth
        self._ratelimit = ratelimit
        self._validation = validation
        # Wrapped handlers by method path. Only methods the server has a handler for are kept, so the
        # dict is bounded by the contract, whatever paths clients send.
        self._handlers: dict[str, grpc.RpcMethodHandler] = {}

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler | None]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        """The chained handler of the called method (made on its first call)."""
        method_name: str = handler_call_details.method  # type: ignore[attr-defined]
        wrapped = self._handlers.get(method_name)
        if wrapped is None:
            handler = await continuation(handler_call_details)
            if handler is None:
                return None  # unknown method: grpc answers UNIMPLEMENTED
            wrapped = self._handlers[method_name] = self._wrap(handler, method_name)
        return wrapped

    def _wrap(self, handler: grpc.RpcMethodHandler, method_name: str) -> grpc.RpcMethodHandler:
        if handler.unary_unary:
            factory: Any = grpc.unary_unary_rpc_method_handler
            behavior = handler.unary_unary
        elif handler.unary_stream:
            factory, behavior = grpc.unary_stream_rpc_method_handler, handler.unary_stream
        elif handler.stream_unary:
            factory, behavior = grpc.stream_unary_rpc_method_handler, handler.stream_unary
        else:
            factory, behavior = grpc.stream_stream_rpc_method_handler, handler.stream_stream
        streaming = bool(handler.response_streaming)
        chained = self._streaming(behavior, method_name) if streaming else self._unary(behavior, method_name)
        return factory(  # type: ignore[no-any-return]
            chained,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    def _unary(self, behavior: Callable[..., Any], method_name: str) -> Callable[..., Awaitable[Any]]:
        logging, tracing, errors = self._logging, self._tracing, self._errors
        auth, ratelimit, validation = self._auth, self._ratelimit, self._validation
        metrics = self._metrics.for_method(method_name, streaming=False) if self._metrics else None

        async def call(request: Any, context: grpc.aio.ServicerContext) -> Any:
            started = logging.begin(context) if logging is not None else 0.0
            span = tracing.begin(context, method_name) if tracing is not None else None
            began = metrics.begin() if metrics is not None else 0.0
            try:
                try:
                    if auth is not None:
                        await auth._authenticate(context, method_name)
                    if ratelimit is not None:
                        await ratelimit.admit(method_name)
                    if validation is not None:
                        validation.check(request)
                    return await behavior(request, context)
                except Exception as exc:
                    if errors is None:
                        raise
                    await errors._abort(exc, context, method_name)  # raises: the call ends with a status
            finally:
                if metrics is not None:
                    metrics.observe(context, began)
                if tracing is not None:
                    tracing.end(span, context)
                if logging is not None:
                    logging._done(context, method_name, started)

        return call

    def _streaming(self, behavior: Callable[..., Any], method_name: str) -> Callable[..., AsyncIterator[Any]]:
        logging, tracing, errors = self._logging, self._tracing, self._errors
        auth, ratelimit, validation = self._auth, self._ratelimit, self._validation
        metrics = self._metrics.for_method(method_name, streaming=True) if self._metrics else None

        async def call(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
            started = logging.begin(context) if logging is not None else 0.0
            span = tracing.begin(context, method_name) if tracing is not None else None
            began = metrics.begin() if metrics is not None else 0.0
            try:
                try:
                    if auth is not None:
                        await auth._authenticate(context, method_name)
                    if ratelimit is not None:
                        await ratelimit.admit(method_name)
                    if validation is not None:
                        validation.check(request)
                    result = behavior(request, context)
                    if hasattr(result, "__aiter__"):
                        async for item in result:
                            yield item
                    else:
                        await result  # a handler writing with context.write returns None
                except Exception as exc:
                    if errors is None:
                        raise
                    await errors._abort(exc, context, method_name)
            finally:
                if metrics is not None:
                    metrics.observe(context, began)
                if tracing is not None:
                    tracing.end(span, context)
                if logging is not None:
                    logging._done(context, method_name, started)

        return call


def build_chain(
    *,
    registry: CollectorRegistry,
    tracer_provider: TracerProvider | None,
    verifier: TokenVerifier,
    policies: PolicyTable,
    limiter: RateLimiter,
    trusted_proxies: Iterable[str],
    sessions: SessionGate | None = None,
    without: Collection[str] = (),
) -> list[grpc.aio.ServerInterceptor]:
    """The server's interceptor: every link in the documented order (`without` names links to leave out,
    for the benchmark's leave-one-out measurements only)."""
    unknown = set(without) - set(LINKS)
    if unknown:
        raise ValueError(f"unknown links {sorted(unknown)}; links are {', '.join(LINKS)}")
    return [
        ChainInterceptor(
            logging=None if "logging" in without else RequestLoggingInterceptor(trusted_proxies),
            tracing=None if "tracing" in without else TracingInterceptor(tracer_provider),
            metrics=None if "metrics" in without else MetricsInterceptor(registry),
            errors=None if "errors" in without else ErrorInterceptor(),
            auth=None if "auth" in without else AuthInterceptor(verifier, policies, sessions),
            ratelimit=None if "ratelimit" in without else RateLimitInterceptor(limiter, policies),
            validation=None if "validation" in without else ValidationInterceptor(),
        )
    ]
