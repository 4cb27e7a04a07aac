"""Prometheus RPC metrics named like go-grpc-prometheus, so existing dashboards work unchanged."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import grpc
from grpc_interceptor import AsyncServerInterceptor
from prometheus_client import CollectorRegistry, Counter, Histogram

from pkg.grpcx.methods import parse_method

_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class MetricsInterceptor(AsyncServerInterceptor):
    """Counts started and handled RPCs (by status code) and observes handling time."""

    def __init__(self, registry: CollectorRegistry) -> None:
        labels = ("grpc_type", "grpc_service", "grpc_method")
        self.started = Counter("grpc_server_started_total", "RPCs started on the server.", labels, registry=registry)
        self.handled = Counter(
            "grpc_server_handled_total",
            "RPCs completed on the server, regardless of success or failure.",
            (*labels, "grpc_code"),
            registry=registry,
        )
        self.seconds = Histogram(
            "grpc_server_handling_seconds",
            "Time from receiving an RPC to sending its status.",
            labels,
            buckets=_BUCKETS,
            registry=registry,
        )

        # Label lookups take a lock and build tuples; children are cached per method (and code) instead.
        self._methods: dict[tuple[str, bool], MethodMetrics] = {}

    def for_method(self, method_name: str, streaming: bool) -> MethodMetrics:
        """The metric children of one RPC, made once and reused by every call."""
        key = (method_name, streaming)
        found = self._methods.get(key)
        if found is None:
            name = parse_method(method_name)
            labels = ("server_stream" if streaming else "unary", name.service, name.method)
            found = self._methods[key] = MethodMetrics(self, labels)
        return found

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        result = method(request, context)
        streaming = hasattr(result, "__aiter__")
        children = self.for_method(method_name, streaming)
        started = children.begin()
        if streaming:
            return self._stream(result, context, children, started)
        try:
            return await result
        finally:
            children.observe(context, started)

    async def _stream(
        self, stream: AsyncIterator[Any], context: grpc.aio.ServicerContext, children: MethodMetrics, started: float
    ) -> AsyncIterator[Any]:
        try:
            async for item in stream:
                yield item
        finally:
            children.observe(context, started)


class MethodMetrics:
    """The started, handled (per code) and handling-time children of one RPC's labels."""

    __slots__ = ("_handled", "_labels", "_metrics", "_seconds", "_started")

    def __init__(self, metrics: MetricsInterceptor, labels: tuple[str, str, str]) -> None:
        self._metrics = metrics
        self._labels = labels
        self._started = metrics.started.labels(*labels)
        self._seconds = metrics.seconds.labels(*labels)
        self._handled: dict[grpc.StatusCode, Any] = {}

    def begin(self) -> float:
        """Count the call as started; returns its start time."""
        self._started.inc()
        return time.perf_counter()

    def observe(self, context: grpc.aio.ServicerContext, started: float) -> None:
        """Count the call as handled with its final code and observe its duration."""
        code = context.code() or grpc.StatusCode.OK
        handled = self._handled.get(code)
        if handled is None:
            handled = self._handled[code] = self._metrics.handled.labels(*self._labels, code.name)
        handled.inc()
        self._seconds.observe(time.perf_counter() - started)
