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

        # Label lookups take a lock and build tuples; children are cached per method and code instead.
        self._children: dict[tuple[str, ...], Any] = {}

    def _child(self, metric: Any, *labels: str) -> Any:
        key = (metric._name, *labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        name = parse_method(method_name)
        result = method(request, context)
        streaming = hasattr(result, "__aiter__")
        labels = ("server_stream" if streaming else "unary", name.service, name.method)
        self._child(self.started, *labels).inc()
        started = time.perf_counter()
        if streaming:
            return self._stream(result, context, labels, started)
        try:
            return await result
        finally:
            self._observe(context, labels, started)

    async def _stream(
        self,
        stream: AsyncIterator[Any],
        context: grpc.aio.ServicerContext,
        labels: tuple[str, str, str],
        started: float,
    ) -> AsyncIterator[Any]:
        try:
            async for item in stream:
                yield item
        finally:
            self._observe(context, labels, started)

    def _observe(self, context: grpc.aio.ServicerContext, labels: tuple[str, str, str], started: float) -> None:
        code = context.code() or grpc.StatusCode.OK
        self._child(self.handled, *labels, code.name).inc()
        self._child(self.seconds, *labels).observe(time.perf_counter() - started)
