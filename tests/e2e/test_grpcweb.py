"""Browsers reach every service through the grpc-web gateway, through the same interceptor chain."""

from __future__ import annotations

import base64
import struct
from collections.abc import Callable

import httpx
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health_pb2
from skillsphere.auth.v1 import auth_pb2
from skillsphere.session.v1 import session_pb2

ORIGIN = "http://app.test"  # allowed by the test settings


def frame(message: bytes) -> bytes:
    return b"\x00" + struct.pack(">I", len(message)) + message


def unframe(body: bytes) -> tuple[list[bytes], dict[str, str]]:
    """Messages and trailers of a grpc-web response body."""
    messages, trailers = [], {}
    while body:
        flag, length = body[0], struct.unpack(">I", body[1:5])[0]
        payload, body = body[5 : 5 + length], body[5 + length :]
        if flag & 0x80:
            for line in payload.decode().split("\r\n"):
                if line:
                    key, _, value = line.partition(":")
                    trailers[key.strip().lower()] = value.strip()
        else:
            messages.append(payload)
    return messages, trailers


def grpc_web_headers(**extra: str) -> dict[str, str]:
    return {"content-type": "application/grpc-web+proto", "x-grpc-web": "1", "origin": ORIGIN, **extra}


async def test_unary_call_through_grpc_web(http_base: str) -> None:
    async with httpx.AsyncClient(base_url=http_base) as client:
        response = await client.post(
            "/grpc.health.v1.Health/Check",
            content=frame(health_pb2.HealthCheckRequest().SerializeToString()),
            headers=grpc_web_headers(**{"x-request-id": "web-1"}),
        )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN
    messages, trailers = unframe(response.content)
    assert trailers["grpc-status"] == "0"
    assert trailers["x-request-id"] == "web-1"
    assert health_pb2.HealthCheckResponse.FromString(messages[0]).status == health_pb2.HealthCheckResponse.SERVING


async def test_text_variant_and_errors_with_details_reach_the_browser(http_base: str) -> None:
    body = base64.b64encode(frame(session_pb2.GetUpcomingSessionsRequest().SerializeToString()))
    async with httpx.AsyncClient(base_url=http_base) as client:
        response = await client.post(
            "/skillsphere.session.v1.SessionService/GetUpcomingSessions",
            content=body,
            headers=grpc_web_headers(**{"content-type": "application/grpc-web-text"}),
        )
    assert response.status_code == 200
    assert response.headers["grpc-status"] == "16"  # UNAUTHENTICATED, readable by the browser:
    assert "grpc-status-details-bin" in response.headers["access-control-expose-headers"]
    raw = response.headers["grpc-status-details-bin"]
    status = status_pb2.Status.FromString(base64.b64decode(raw + "=" * (-len(raw) % 4)))
    info = error_details_pb2.ErrorInfo()
    assert status.details[0].Unpack(info) and info.reason == "AUTHENTICATION_REQUIRED"


async def test_validation_errors_name_fields_for_the_browser(http_base: str) -> None:
    request = auth_pb2.RegisterRequest(email="nope", password="long enough password")
    async with httpx.AsyncClient(base_url=http_base) as client:
        response = await client.post(
            "/skillsphere.auth.v1.AuthService/Register",
            content=frame(request.SerializeToString()),
            headers=grpc_web_headers(),
        )
    _, trailers = unframe(response.content)
    status_header = response.headers.get("grpc-status") or trailers["grpc-status"]
    assert status_header == "3"
    raw = response.headers.get("grpc-status-details-bin") or trailers["grpc-status-details-bin"]
    status = status_pb2.Status.FromString(base64.b64decode(raw + "=" * (-len(raw) % 4)))
    bad = error_details_pb2.BadRequest()
    assert any(d.Unpack(bad) for d in status.details)
    assert [v.field for v in bad.field_violations] == ["email"]


async def test_server_streaming_through_grpc_web(http_base: str) -> None:
    async with (
        httpx.AsyncClient(base_url=http_base) as client,
        client.stream(
            "POST",
            "/grpc.health.v1.Health/Watch",
            content=frame(health_pb2.HealthCheckRequest().SerializeToString()),
            headers=grpc_web_headers(),
        ) as response,
    ):
        assert response.status_code == 200
        buffer = b""
        async for chunk in response.aiter_bytes():
            buffer += chunk
            if len(buffer) >= 5 and len(buffer) >= 5 + struct.unpack(">I", buffer[1:5])[0]:
                break
    messages, _ = unframe(buffer[: 5 + struct.unpack(">I", buffer[1:5])[0]])
    assert health_pb2.HealthCheckResponse.FromString(messages[0]).status == health_pb2.HealthCheckResponse.SERVING


async def test_cors_preflight_allows_configured_origins_only(http_base: str) -> None:
    async with httpx.AsyncClient(base_url=http_base) as client:
        allowed = await client.options(
            "/skillsphere.auth.v1.AuthService/Login",
            headers={
                "origin": ORIGIN,
                "access-control-request-method": "POST",
                "access-control-request-headers": "authorization,content-type,x-grpc-web",
            },
        )
        refused = await client.options(
            "/skillsphere.auth.v1.AuthService/Login",
            headers={"origin": "http://evil.test", "access-control-request-method": "POST"},
        )
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "authorization" in allowed.headers["access-control-allow-headers"]
    assert "grpc-status" in allowed.headers["access-control-expose-headers"]
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers


async def test_browser_calls_are_authenticated_like_native_ones(http_base: str, token_for: Callable[..., str]) -> None:
    from skillsphere.admin.v1 import admin_pb2

    async with httpx.AsyncClient(base_url=http_base) as client:
        response = await client.post(
            "/skillsphere.admin.v1.AdminService/ListUsers",
            content=frame(admin_pb2.ListUsersRequest().SerializeToString()),
            headers=grpc_web_headers(authorization=f"Bearer {token_for(roles=('learner',))}"),
        )
    assert response.headers["grpc-status"] == "7"  # PERMISSION_DENIED
