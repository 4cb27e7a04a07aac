"""The fused chain on a real grpc.aio server: spans, metrics and links left out, without a database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from prometheus_client import CollectorRegistry

from internal.policy import POLICIES
from internal.registry import register_services
from pkg.grpcx.chain import build_chain
from pkg.grpcx.server import GrpcServer
from pkg.ratelimit import RateLimiter
from pkg.tokens import TokenVerifier, load_key_set
from pkg.tokens.keys import development_key_path
from tests.support.waiting import eventually

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.fixture
async def traced(tmp_path: Path) -> AsyncIterator[tuple[grpc.aio.Channel, InMemorySpanExporter, CollectorRegistry]]:
    """A server with the whole chain and an in-memory span exporter, and a channel to it."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    registry = CollectorRegistry()
    keys = load_key_set(development_key_path(tmp_path))
    server = GrpcServer(
        "127.0.0.1:0",
        build_chain(
            registry=registry,
            tracer_provider=provider,
            verifier=TokenVerifier(keys, issuer="skillsphere", audience="skillsphere-api"),
            policies=POLICIES,
            limiter=RateLimiter("async+memory://", "1000/second"),
            trusted_proxies=["127.0.0.1"],
        ),
    )
    register_services(server, {})
    await server.health.set("", health_pb2.HealthCheckResponse.SERVING)
    port = await server.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield channel, exporter, registry
    await server.stop(1)


async def test_each_call_gets_a_server_span_continuing_the_callers_trace(
    traced: tuple[grpc.aio.Channel, InMemorySpanExporter, CollectorRegistry],
) -> None:
    channel, exporter, _ = traced
    stub = health_pb2_grpc.HealthStub(channel)
    await stub.Check(health_pb2.HealthCheckRequest(), metadata=(("traceparent", f"00-{TRACE_ID}-00f067aa0ba902b7-01"),))
    with pytest.raises(grpc.aio.AioRpcError):
        await stub.Check(health_pb2.HealthCheckRequest(service="skillsphere.nope.v1.NopeService"))
    ok, failed = exporter.get_finished_spans()
    assert ok.name == "grpc.health.v1.Health/Check" and ok.kind is SpanKind.SERVER
    assert format(ok.context.trace_id, "032x") == TRACE_ID
    assert ok.parent is not None and format(ok.parent.span_id, "016x") == "00f067aa0ba902b7"
    assert dict(ok.attributes or {}) == {
        "rpc.system": "grpc",
        "rpc.service": "grpc.health.v1.Health",
        "rpc.method": "Check",
        "rpc.grpc.status_code": 0,
    }
    assert ok.status.status_code is StatusCode.UNSET
    assert (failed.attributes or {})["rpc.grpc.status_code"] == grpc.StatusCode.NOT_FOUND.value[0]
    assert failed.status.status_code is StatusCode.ERROR and failed.status.description == "NOT_FOUND"
    assert format(failed.context.trace_id, "032x") != TRACE_ID  # a new trace without a caller's


async def test_server_streaming_calls_are_spanned_and_counted_when_they_end(
    traced: tuple[grpc.aio.Channel, InMemorySpanExporter, CollectorRegistry],
) -> None:
    channel, exporter, registry = traced
    call = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest())
    first = await call.read()
    assert first.status == health_pb2.HealthCheckResponse.SERVING
    call.cancel()
    labels = {"grpc_type": "server_stream", "grpc_service": "grpc.health.v1.Health", "grpc_method": "Watch"}
    assert registry.get_sample_value("grpc_server_started_total", labels) == 1
    # The server sees the cancellation a moment after the client.
    [span] = await eventually(exporter.get_finished_spans, message="the cancelled stream's span never ended")
    assert span.name == "grpc.health.v1.Health/Watch"
    handled = [
        sample
        for metric in registry.collect()
        if metric.name == "grpc_server_handled"
        for sample in metric.samples
        if sample.name == "grpc_server_handled_total" and sample.labels.items() >= labels.items()
    ]
    assert sum(sample.value for sample in handled) == 1


def test_links_left_out_must_exist() -> None:
    with pytest.raises(ValueError, match="unknown links"):
        build_chain(
            registry=CollectorRegistry(),
            tracer_provider=None,
            verifier=None,  # type: ignore[arg-type]
            policies=POLICIES,
            limiter=RateLimiter("async+memory://", "1/second"),
            trusted_proxies=(),
            without=("logging", "caching"),
        )
