"""The interceptor chain: one ordered list, applied to every RPC of both transports.

Order, outermost first, and why:

1. request id + logging — first, so every outcome (even a crash in a later link) is logged with its id;
2. tracing — the span covers everything below and its trace id lands in the log line;
3. metrics — counts the final status code that the client sees;
4. errors — turns whatever the links below raise into a status with google.rpc details;
5. auth — who is calling (token signature, then a live session), and may they call this RPC at all;
6. rate limiting — after auth, so limits can be per user as well as per peer;
7. validation — last, so anonymous or throttled callers never cost a full request walk.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def build_chain(
    *,
    registry: CollectorRegistry,
    tracer_provider: TracerProvider | None,
    verifier: TokenVerifier,
    policies: PolicyTable,
    limiter: RateLimiter,
    trusted_proxies: Iterable[str],
    sessions: SessionGate | None = None,
) -> list[grpc.aio.ServerInterceptor]:
    """The server's interceptors in the documented order."""
    return [
        RequestLoggingInterceptor(trusted_proxies),
        TracingInterceptor(tracer_provider),
        MetricsInterceptor(registry),
        ErrorInterceptor(),
        AuthInterceptor(verifier, policies, sessions),
        RateLimitInterceptor(limiter, policies),
        ValidationInterceptor(),
    ]
