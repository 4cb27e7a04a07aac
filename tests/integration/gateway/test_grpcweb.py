"""The grpc-web gateway against a real grpc.aio server, called over HTTP like a browser would."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import grpc
import httpx
import pytest
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health_pb2
from grpc_health.v1._async import HealthServicer
from grpc_health.v1.health_pb2_grpc import add_HealthServicer_to_server
from prometheus_client import CollectorRegistry, Counter
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from pkg.gateway import (
    ALLOW_HEADERS,
    EXPOSE_HEADERS,
    HttpServer,
    build_http_app,
    response_streaming_paths,
    serve_http,
)
from pkg.gateway.grpcweb import parse_grpc_timeout, percent_encode
from tests.support.waiting import DEADLINE, wait_event, within

ORIGIN = "https://app.skillsphere.test"
SERVICE = "test.v1.Echo"
BINARY = "application/grpc-web+proto"
TEXT = "application/grpc-web-text"


# --------------------------------------------------------------------------- upstream gRPC server


@dataclass
class Backend:
    """The test gRPC server and what its handlers observed."""

    port: int
    health: HealthServicer
    seen_metadata: list[dict[str, object]] = field(default_factory=list)
    seen_time_remaining: list[float | None] = field(default_factory=list)
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    hang_cancelled: asyncio.Event = field(default_factory=asyncio.Event)


def _error_status() -> status_pb2.Status:
    info = error_details_pb2.ErrorInfo(reason="PROFILE_INCOMPLETE", domain="skillsphere.test")
    detail = any_pb2.Any()
    detail.Pack(info)
    return status_pb2.Status(code=grpc.StatusCode.FAILED_PRECONDITION.value[0], message="nope é%", details=[detail])


def _handlers(backend: Backend) -> grpc.GenericRpcHandler:
    async def echo(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
        backend.seen_metadata.append({k: v for k, v in context.invocation_metadata() or ()})
        backend.seen_time_remaining.append(context.time_remaining())
        await context.send_initial_metadata((("x-init", "a"), ("x-init-bin", b"\x00\x01")))
        context.set_trailing_metadata((("x-trail", "b"), ("x-trail-bin", b"\xfe\xff")))
        return request

    async def fail(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
        status = _error_status()
        await context.abort(
            grpc.StatusCode.FAILED_PRECONDITION,
            status.message,
            trailing_metadata=(("grpc-status-details-bin", status.SerializeToString()),),
        )
        raise AssertionError("unreachable")

    async def slow(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
        await asyncio.sleep(5)
        return request

    async def stream(request: bytes, context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
        for i in range(request[0]):
            yield bytes([i]) * (i + 1)

    async def gated(request: bytes, context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
        yield b"first"
        await backend.gate.wait()
        yield b"second"

    async def stream_fail(request: bytes, context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
        yield b"one"
        yield b"two"
        await context.abort(grpc.StatusCode.ABORTED, "conflict")

    async def hang(request: bytes, context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
        yield b"hello"
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            backend.hang_cancelled.set()
            raise
        yield b"never"

    # No serializers: the handlers see raw bytes, like the gateway does.
    return grpc.method_handlers_generic_handler(
        SERVICE,
        {
            "Echo": grpc.unary_unary_rpc_method_handler(echo),
            "Fail": grpc.unary_unary_rpc_method_handler(fail),
            "Slow": grpc.unary_unary_rpc_method_handler(slow),
            "Stream": grpc.unary_stream_rpc_method_handler(stream),
            "Gated": grpc.unary_stream_rpc_method_handler(gated),
            "StreamFail": grpc.unary_stream_rpc_method_handler(stream_fail),
            "Hang": grpc.unary_stream_rpc_method_handler(hang),
        },
    )


STREAMING = {f"/{SERVICE}/{name}" for name in ("Stream", "Gated", "StreamFail", "Hang")} | set(
    response_streaming_paths([health_pb2.DESCRIPTOR.services_by_name["Health"]])
)


@pytest.fixture(scope="module")
async def backend() -> AsyncIterator[Backend]:
    server = grpc.aio.server()
    health = HealthServicer()
    add_HealthServicer_to_server(health, server)
    port = server.add_insecure_port("127.0.0.1:0")
    state = Backend(port=port, health=health)
    server.add_generic_rpc_handlers((_handlers(state),))
    await server.start()
    await health.set("", health_pb2.HealthCheckResponse.SERVING)
    yield state
    await server.stop(grace=None)


@pytest.fixture(scope="module")
async def registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    Counter("gateway_test_events", "A counter the /metrics test looks for.", registry=registry).inc(3)
    return registry


@pytest.fixture(scope="module")
async def gateway_url(backend: Backend, registry: CollectorRegistry) -> AsyncIterator[str]:
    async def extra(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("extra")

    channel = grpc.aio.insecure_channel(f"127.0.0.1:{backend.port}")
    app = build_http_app(
        channel=channel,
        is_server_streaming=STREAMING,
        allowed_origins=[ORIGIN],
        registry=registry,
        extra_routes=[Route("/webhooks/test", extra, methods=["POST"])],
    )
    server = await serve_http(app, "127.0.0.1", 0, graceful_timeout=2)
    yield f"http://127.0.0.1:{server.port}"
    await server.stop()
    await channel.close()


@pytest.fixture
async def client(gateway_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=gateway_url, timeout=DEADLINE) as client:
        yield client


# --------------------------------------------------------------------------- grpc-web helpers


def frame(message: bytes, flag: int = 0) -> bytes:
    return bytes([flag]) + len(message).to_bytes(4, "big") + message


def parse_frames(body: bytes) -> list[tuple[int, bytes]]:
    frames = []
    while body:
        flag, length = body[0], int.from_bytes(body[1:5], "big")
        frames.append((flag, body[5 : 5 + length]))
        body = body[5 + length :]
    return frames


def parse_trailers(payload: bytes) -> dict[str, str]:
    lines = payload.decode("latin-1").split("\r\n")
    assert lines[-1] == ""  # every line ends with CRLF
    return dict(line.split(": ", 1) for line in lines[:-1])


def browser_headers(content_type: str = BINARY, **extra: str) -> dict[str, str]:
    headers = {
        "content-type": content_type,
        "x-grpc-web": "1",
        "x-user-agent": "grpc-web-javascript/0.1",
        "origin": ORIGIN,
        "accept": "application/grpc-web-text" if content_type == TEXT else "*/*",
        "user-agent": "Mozilla/5.0 (test)",
    }
    headers.update({k.replace("_", "-"): v for k, v in extra.items()})
    return headers


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# --------------------------------------------------------------------------- unary


async def test_unary_echo_round_trips_bytes_and_metadata(client: httpx.AsyncClient, backend: Backend) -> None:
    payload = bytes(range(256)) * 3
    response = await client.post(
        f"/{SERVICE}/Echo",
        content=frame(payload),
        headers=browser_headers(
            authorization="Bearer token-123",
            x_request_id="req-42",
            traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            x_custom_bin=b64(b"\x01\x02\x03"),
            x_forwarded_for="203.0.113.7",
            grpc_timeout="120S",
        ),
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == BINARY
    # Initial metadata arrives as headers, binary values base64-encoded.
    assert response.headers["x-init"] == "a"
    assert base64.b64decode(response.headers["x-init-bin"]) == b"\x00\x01"
    assert response.headers["access-control-allow-origin"] == ORIGIN
    exposed = {h.strip() for h in response.headers["access-control-expose-headers"].split(",")}
    assert set(EXPOSE_HEADERS) | {"x-init", "x-init-bin"} <= exposed
    assert "grpc-status" not in response.headers  # not trailers-only

    frames = parse_frames(response.content)
    assert frames[0] == (0x00, payload)
    assert frames[1][0] == 0x80 and len(frames) == 2
    trailers = parse_trailers(frames[1][1])
    assert trailers["grpc-status"] == "0"
    assert trailers["x-trail"] == "b"
    assert base64.b64decode(trailers["x-trail-bin"]) == b"\xfe\xff"

    seen = backend.seen_metadata[-1]
    assert seen["authorization"] == "Bearer token-123"
    assert seen["x-request-id"] == "req-42"
    assert seen["traceparent"].startswith("00-0af7651916cd43dd")
    assert seen["x-custom-bin"] == b"\x01\x02\x03"
    assert seen["x-user-agent"] == "grpc-web-javascript/0.1"
    assert seen["x-forwarded-user-agent"] == "Mozilla/5.0 (test)"
    assert seen["x-forwarded-for"] == "203.0.113.7, 127.0.0.1"  # the real peer is appended
    for dropped in ("host", "origin", "content-type", "accept", "x-grpc-web", "grpc-timeout"):
        assert dropped not in seen
    remaining = backend.seen_time_remaining[-1]
    assert remaining is not None and 0 < remaining <= 120


async def test_forwarded_for_is_added_when_absent(client: httpx.AsyncClient, backend: Backend) -> None:
    response = await client.post(f"/{SERVICE}/Echo", content=frame(b""), headers=browser_headers())
    assert response.status_code == 200
    assert parse_frames(response.content)[0] == (0, b"")  # an empty message is still one frame
    assert backend.seen_metadata[-1]["x-forwarded-for"] == "127.0.0.1"
    assert backend.seen_time_remaining[-1] is None  # no grpc-timeout → no deadline


async def test_error_status_in_trailers_and_headers(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/{SERVICE}/Fail", content=frame(b"x"), headers=browser_headers())

    assert response.status_code == 200
    expected = _error_status()
    # Trailers-only: what a browser sees first are the headers...
    assert response.headers["grpc-status"] == "9"
    assert response.headers["grpc-message"] == "nope %C3%A9%25"
    details = status_pb2.Status.FromString(base64.b64decode(response.headers["grpc-status-details-bin"]))
    assert details == expected
    info = error_details_pb2.ErrorInfo()
    assert details.details[0].Unpack(info) and info.reason == "PROFILE_INCOMPLETE"
    # ...and grpc-web clients parse the trailer frame.
    frames = parse_frames(response.content)
    assert [flag for flag, _ in frames] == [0x80]
    trailers = parse_trailers(frames[0][1])
    assert trailers["grpc-status"] == "9"
    assert trailers["grpc-message"] == "nope %C3%A9%25"
    assert status_pb2.Status.FromString(base64.b64decode(trailers["grpc-status-details-bin"])) == expected


async def test_unknown_method_answers_unimplemented(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/{SERVICE}/Missing", content=frame(b""), headers=browser_headers())
    assert response.status_code == 200
    assert response.headers["grpc-status"] == str(grpc.StatusCode.UNIMPLEMENTED.value[0])


async def test_grpc_timeout_becomes_the_deadline(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/{SERVICE}/Slow", content=frame(b"z"), headers=browser_headers(grpc_timeout="100m"))
    assert response.headers["grpc-status"] == str(grpc.StatusCode.DEADLINE_EXCEEDED.value[0])


async def test_text_request_may_be_separately_padded_chunks(client: httpx.AsyncClient) -> None:
    raw = frame(b"split across chunks")
    body = base64.b64encode(raw[:4]) + base64.b64encode(raw[4:])  # "....==" + "...."
    assert b"=" in body[:-2]
    response = await client.post(f"/{SERVICE}/Echo", content=body, headers=browser_headers(TEXT))
    assert parse_frames(base64.b64decode(response.content))[0] == (0, b"split across chunks")


async def test_hop_by_hop_headers_named_in_connection_are_dropped(client: httpx.AsyncClient, backend: Backend) -> None:
    headers = browser_headers(connection="keep-alive, x-hop", x_hop="secret", x_kept="yes")
    response = await client.post(f"/{SERVICE}/Echo", content=frame(b""), headers=headers)
    assert response.status_code == 200
    seen = backend.seen_metadata[-1]
    assert "x-hop" not in seen and seen["x-kept"] == "yes"


@pytest.mark.parametrize(
    ("header", "seconds"), [("1H", 3600), ("2M", 120), ("3S", 3), ("250m", 0.25), ("7u", 7e-6), ("9n", 9e-9)]
)
def test_parse_grpc_timeout(header: str, seconds: float) -> None:
    assert parse_grpc_timeout(header) == pytest.approx(seconds)


@pytest.mark.parametrize("header", ["", "5", "S", "123456789S", "1.5S", "5s"])
def test_parse_grpc_timeout_rejects_malformed(header: str) -> None:
    with pytest.raises(ValueError):
        parse_grpc_timeout(header)


async def test_malformed_grpc_timeout_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/{SERVICE}/Echo", content=frame(b""), headers=browser_headers(grpc_timeout="soon"))
    assert response.status_code == 400
    assert response.headers["grpc-status"] == str(grpc.StatusCode.INVALID_ARGUMENT.value[0])


def test_percent_encode_grpc_message() -> None:
    assert percent_encode("ok: fine") == "ok: fine"
    assert percent_encode("100% é\n") == "100%25 %C3%A9%0A"  # newlines could split a trailer line


async def test_text_variant_is_base64_both_ways(client: httpx.AsyncClient) -> None:
    payload = b"\x00hello\xff"
    response = await client.post(
        f"/{SERVICE}/Echo", content=base64.b64encode(frame(payload)), headers=browser_headers(TEXT)
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == TEXT
    frames = parse_frames(base64.b64decode(response.content))
    assert frames[0] == (0, payload)
    assert parse_trailers(frames[1][1])["grpc-status"] == "0"


# --------------------------------------------------------------------------- server streaming


async def test_streaming_delivers_n_frames_then_trailers(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/{SERVICE}/Stream", content=frame(bytes([5])), headers=browser_headers())
    assert response.status_code == 200
    frames = parse_frames(response.content)
    assert frames[:5] == [(0, bytes([i]) * (i + 1)) for i in range(5)]
    assert len(frames) == 6 and frames[5][0] == 0x80
    assert parse_trailers(frames[5][1])["grpc-status"] == "0"


async def test_streaming_text_variant(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"/{SERVICE}/Stream", content=base64.b64encode(frame(bytes([3]))), headers=browser_headers(TEXT)
    )
    # Each frame is base64-encoded on its own (padding mid-body); decode chunk by chunk as clients do.
    frames = parse_frames(b"".join(base64.b64decode(c) for c in re.findall(rb"[^=]+=*", response.content)))
    assert [m for flag, m in frames if flag == 0] == [b"\x00", b"\x01\x01", b"\x02\x02\x02"]
    assert parse_trailers(frames[-1][1])["grpc-status"] == "0"


async def test_streaming_frames_arrive_as_they_are_sent(client: httpx.AsyncClient, backend: Backend) -> None:
    backend.gate.clear()
    async with client.stream("POST", f"/{SERVICE}/Gated", content=frame(b""), headers=browser_headers()) as resp:
        chunks = resp.aiter_raw()
        first = await within(anext(chunks))
        # The first message reached us while the server is still blocked before the second one.
        assert parse_frames(first) == [(0, b"first")]
        backend.gate.set()
        rest = b"".join([chunk async for chunk in chunks])
    frames = parse_frames(rest)
    assert frames[0] == (0, b"second")
    assert parse_trailers(frames[-1][1])["grpc-status"] == "0"


async def test_streaming_error_after_messages_goes_in_trailers(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/{SERVICE}/StreamFail", content=frame(b""), headers=browser_headers())
    assert response.status_code == 200
    assert "grpc-status" not in response.headers  # messages were sent: not trailers-only
    frames = parse_frames(response.content)
    assert frames[:2] == [(0, b"one"), (0, b"two")]
    trailers = parse_trailers(frames[2][1])
    assert trailers["grpc-status"] == str(grpc.StatusCode.ABORTED.value[0])
    assert trailers["grpc-message"] == "conflict"


async def test_browser_disconnect_cancels_the_upstream_call(gateway_url: str, backend: Backend) -> None:
    backend.hang_cancelled.clear()
    url = f"{gateway_url}/{SERVICE}/Hang"
    async with (
        httpx.AsyncClient() as client,
        client.stream("POST", url, content=frame(b""), headers=browser_headers()) as r,
    ):
        first = await within(anext(r.aiter_raw()))
        assert parse_frames(first) == [(0, b"hello")]
    # Leaving the block mid-body closes the connection, as a closed browser tab would.
    await wait_event(backend.hang_cancelled)


async def test_health_watch_is_streamed_via_descriptor_predicate(client: httpx.AsyncClient) -> None:
    request = health_pb2.HealthCheckRequest(service="").SerializeToString()
    async with client.stream(
        "POST", "/grpc.health.v1.Health/Watch", content=frame(request), headers=browser_headers()
    ) as resp:
        first = await within(anext(resp.aiter_raw()))
    flag, message = parse_frames(first)[0]
    assert flag == 0
    assert health_pb2.HealthCheckResponse.FromString(message).status == health_pb2.HealthCheckResponse.SERVING


# --------------------------------------------------------------------------- refusals and CORS


async def test_wrong_content_type_is_415(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/{SERVICE}/Echo", content=frame(b"x"), headers=browser_headers("application/json"))
    assert response.status_code == 415
    assert response.headers["grpc-status"] == str(grpc.StatusCode.INTERNAL.value[0])


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (BINARY, b"\x00\x00\x00"),  # shorter than a frame header
        (BINARY, frame(b"abc")[:-1]),  # truncated message
        (BINARY, frame(b"a") + frame(b"b")),  # two messages: grpc-web has no client streaming
        (BINARY, frame(b"a", flag=0x01)),  # compressed
        (TEXT, b"not base64!!"),
    ],
)
async def test_bad_framing_is_400_invalid_argument(client: httpx.AsyncClient, content_type: str, body: bytes) -> None:
    response = await client.post(f"/{SERVICE}/Echo", content=body, headers=browser_headers(content_type))
    assert response.status_code == 400
    assert response.headers["grpc-status"] == str(grpc.StatusCode.INVALID_ARGUMENT.value[0])
    assert response.headers["access-control-allow-origin"] == ORIGIN  # the browser may read the reason


async def test_preflight_allowed_origin(client: httpx.AsyncClient) -> None:
    response = await client.options(
        f"/{SERVICE}/Echo",
        headers={
            "origin": ORIGIN,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type,x-grpc-web,x-user-agent,authorization",
            "host": "gateway.internal:8080",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ORIGIN  # the origin, never the Host
    assert response.headers["access-control-allow-methods"] == "POST, OPTIONS"
    allowed = [h.strip() for h in response.headers["access-control-allow-headers"].split(",")]
    assert allowed == list(ALLOW_HEADERS)
    assert "*" not in allowed and "authorization" in allowed
    exposed = {h.strip() for h in response.headers["access-control-expose-headers"].split(",")}
    assert exposed == set(EXPOSE_HEADERS)
    assert int(response.headers["access-control-max-age"]) > 0


async def test_preflight_disallowed_origin(client: httpx.AsyncClient) -> None:
    response = await client.options(
        f"/{SERVICE}/Echo",
        headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
    )
    assert response.status_code == 403
    assert not any(name.startswith("access-control-") for name in response.headers)


async def test_disallowed_origin_post_gets_no_cors_headers(client: httpx.AsyncClient) -> None:
    headers = browser_headers()
    headers["origin"] = "https://evil.example"
    response = await client.post(f"/{SERVICE}/Echo", content=frame(b"x"), headers=headers)
    assert not any(name.startswith("access-control-") for name in response.headers)


async def test_non_grpc_paths(client: httpx.AsyncClient) -> None:
    assert (await client.get("/nothing/here")).status_code == 404
    assert (await client.post("/webhooks/test")).text == "extra"  # extra routes win over the catch-all
    assert (await client.get(f"/{SERVICE}/Echo")).status_code == 405


# --------------------------------------------------------------------------- probes and metrics


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200


async def test_readyz_follows_grpc_health(client: httpx.AsyncClient, backend: Backend) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "SERVING"}
    await backend.health.set("", health_pb2.HealthCheckResponse.NOT_SERVING)
    try:
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "NOT_SERVING"}
    finally:
        await backend.health.set("", health_pb2.HealthCheckResponse.SERVING)


async def test_metrics_exposes_the_given_registry(client: httpx.AsyncClient) -> None:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "gateway_test_events_total 3.0" in response.text


# --------------------------------------------------------------------------- owned channel, server lifecycle


async def test_app_with_grpc_target_owns_its_channel(backend: Backend) -> None:
    app = build_http_app(grpc_target=f"127.0.0.1:{backend.port}", registry=CollectorRegistry())
    async with HttpServer(app, "127.0.0.1", 0) as server:
        assert server.port > 0
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client:
            response = await client.post(
                f"/{SERVICE}/Echo", content=frame(b"own"), headers={"content-type": "application/grpc-web"}
            )
            assert parse_frames(response.content)[0] == (0, b"own")
            assert response.headers["content-type"] == "application/grpc-web"
            assert "access-control-allow-origin" not in response.headers  # no origins configured
            assert (await client.get("/readyz")).json() == {"status": "SERVING"}


async def test_readyz_503_when_grpc_server_unreachable() -> None:
    app = build_http_app(grpc_target="127.0.0.1:1", registry=CollectorRegistry(), readiness_timeout=1)
    async with HttpServer(app, "127.0.0.1", 0) as server:
        base_url = f"http://127.0.0.1:{server.port}"
        async with httpx.AsyncClient(base_url=base_url) as client:
            response = await client.get("/readyz")
            assert response.status_code == 503
            assert json.loads(response.text)["status"] == "UNAVAILABLE"
            rpc = await client.post(f"/{SERVICE}/Echo", content=frame(b""), headers=browser_headers())
            assert rpc.headers["grpc-status"] == str(grpc.StatusCode.UNAVAILABLE.value[0])


async def test_http_server_start_fails_cleanly_on_busy_port(gateway_url: str) -> None:
    port = int(gateway_url.rsplit(":", 1)[1])
    with pytest.raises(OSError):
        await HttpServer(build_http_app(grpc_target="127.0.0.1:1"), "127.0.0.1", port).start()


async def test_stop_cancels_open_streams_after_grace(backend: Backend) -> None:
    backend.hang_cancelled.clear()
    app = build_http_app(
        grpc_target=f"127.0.0.1:{backend.port}", is_server_streaming=STREAMING, registry=CollectorRegistry()
    )
    server = await serve_http(app, "127.0.0.1", 0, graceful_timeout=1)
    url = f"http://127.0.0.1:{server.port}/{SERVICE}/Hang"
    loop = asyncio.get_running_loop()
    async with (
        httpx.AsyncClient() as client,
        client.stream("POST", url, content=frame(b""), headers=browser_headers()) as response,
    ):
        chunks = response.aiter_raw()  # keep a reference: a dropped iterator closes the stream
        first = await within(anext(chunks))
        assert parse_frames(first) == [(0, b"hello")]
        await asyncio.sleep(0.1)
        assert not backend.hang_cancelled.is_set()

        started = loop.time()
        await within(server.stop())
        elapsed = loop.time() - started
        # In-flight streams get the grace period, then are cut (the handler would hang for an hour); the
        # upstream call does not outlive them.
        assert 0.9 <= elapsed < DEADLINE
        await wait_event(backend.hang_cancelled)
        # The browser gets a proper end of stream telling it to retry, not a truncated body.
        rest = b"".join([chunk async for chunk in chunks])
        trailers = parse_trailers(parse_frames(rest)[-1][1])
        assert trailers["grpc-status"] == str(grpc.StatusCode.UNAVAILABLE.value[0])
