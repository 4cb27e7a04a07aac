"""OpenTelemetry server spans for every RPC, continuing the caller's W3C `traceparent`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from contextvars import Token
from typing import Any, NamedTuple

import grpc
from grpc_interceptor import AsyncServerInterceptor
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.propagate import extract
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode

from pkg.grpcx.methods import parse_method
from pkg.log import trace_id_var


def build_tracer_provider(exporter: str, *, service_name: str, endpoint: str) -> TracerProvider | None:
    """A tracer provider exporting to the console or an OTLP collector; None when tracing is off."""
    span_exporter: SpanExporter
    if exporter == "console":
        span_exporter = ConsoleSpanExporter()
    elif exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        span_exporter = OTLPSpanExporter(endpoint=endpoint, insecure=endpoint.startswith("http://"))
    else:
        return None
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(span_exporter))
    return provider


class _OpenSpan(NamedTuple):
    """A started span and the context token that made it current."""

    span: trace.Span
    token: Token[otel_context.Context]


class _MetadataGetter:
    """Reads W3C trace context headers from gRPC invocation metadata."""

    def get(self, carrier: Any, key: str) -> list[str] | None:
        values = [v for k, v in carrier if k == key]
        return values or None

    def keys(self, carrier: Any) -> list[str]:
        return [k for k, _ in carrier]


class TracingInterceptor(AsyncServerInterceptor):
    """One SERVER span per RPC named after the method, with the gRPC status code as attribute.

    With tracing off (no provider) no span is made, which keeps the chain cheap, but a caller's
    `traceparent` is still honoured: its trace id goes into the log line so logs join the caller's trace.
    """

    def __init__(self, provider: TracerProvider | None) -> None:
        self._tracer = provider.get_tracer("skillsphere.grpc") if provider else None
        self._getter = _MetadataGetter()

    def begin(self, context: grpc.aio.ServicerContext, method_name: str) -> _OpenSpan | None:
        """Open the call's span (made current) or, with tracing off, note an incoming trace id for the logs."""
        metadata = context.invocation_metadata() or ()
        if self._tracer is None:
            for key, _ in metadata:
                if key == "traceparent":
                    incoming = trace.get_current_span(extract(metadata, getter=self._getter)).get_span_context()  # type: ignore[arg-type]
                    if incoming.is_valid:
                        trace_id_var.set(format(incoming.trace_id, "032x"))
                    break
            return None
        name = parse_method(method_name)
        # start_span + attach is what start_as_current_span does, minus its generator context managers.
        span = self._tracer.start_span(
            name.full.lstrip("/"),
            context=extract(metadata, getter=self._getter),  # type: ignore[arg-type]
            kind=SpanKind.SERVER,
            record_exception=False,
            set_status_on_exception=False,
            attributes={"rpc.system": "grpc", "rpc.service": name.service, "rpc.method": name.method},
        )
        span_context = span.get_span_context()
        if span_context.is_valid:
            trace_id_var.set(format(span_context.trace_id, "032x"))
        return _OpenSpan(span, otel_context.attach(trace.set_span_in_context(span)))

    def end(self, opened: _OpenSpan | None, context: grpc.aio.ServicerContext) -> None:
        """Record the call's status code on its span and end it."""
        if opened is None:
            return
        span = opened.span
        try:
            code = context.code() or grpc.StatusCode.OK
            span.set_attribute("rpc.grpc.status_code", code.value[0])
            if code is not grpc.StatusCode.OK:
                span.set_status(Status(StatusCode.ERROR, code.name))
        finally:
            span.end()
            otel_context.detach(opened.token)

    @contextmanager
    def _span(self, context: grpc.aio.ServicerContext, method_name: str) -> Iterator[trace.Span | None]:
        opened = self.begin(context, method_name)
        try:
            yield opened.span if opened else None
        finally:
            self.end(opened, context)

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        result = method(request, context)
        if hasattr(result, "__aiter__"):
            return self._stream(result, context, method_name)
        with self._span(context, method_name):
            return await result

    async def _stream(
        self, stream: AsyncIterator[Any], context: grpc.aio.ServicerContext, method_name: str
    ) -> AsyncIterator[Any]:
        with self._span(context, method_name):
            async for item in stream:
                yield item
