"""Hostile input at the shared mechanisms: strings PostgreSQL cannot store, undecodable bodies, forged token
headers, and health checks that must never be rate limited."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc

from internal.app import Application
from tests.e2e.conftest import start_app
from tests.e2e.test_grpcweb import frame, grpc_web_headers, unframe
from tests.support.rpc import bad_fields, bearer, details, fails

NUL_DESCRIPTION = "must not contain NUL characters (U+0000)"


async def test_nul_in_a_string_is_invalid_argument_naming_the_field(channel: grpc.aio.Channel) -> None:
    stub = skill_pb2_grpc.SkillServiceStub(channel)
    calls = {
        "prefix": stub.SuggestSkills(skill_pb2.SuggestSkillsRequest(prefix="py\x00")),
        "query": stub.SearchSkills(skill_pb2.SearchSkillsRequest(query="machine\x00learning")),
        "tag": stub.ListSkills(skill_pb2.ListSkillsRequest(tag="\x00")),
        "prefix ": stub.ListTags(skill_pb2.ListTagsRequest(prefix="a\x00b")),
    }
    for field, call in calls.items():
        error = await fails(call, grpc.StatusCode.INVALID_ARGUMENT, reason="INVALID_REQUEST")
        violations = {v.field: v.description for v in details(error)["BadRequest"].field_violations}
        assert violations == {field.strip(): NUL_DESCRIPTION}
    # The same strings without NUL are served.
    await stub.SuggestSkills(skill_pb2.SuggestSkillsRequest(prefix="py"))
    await stub.ListTags(skill_pb2.ListTagsRequest(prefix="ab"))


async def test_nul_in_a_public_auth_call_is_named_before_any_work(channel: grpc.aio.Channel) -> None:
    stub = auth_pb2_grpc.AuthServiceStub(channel)
    error = await fails(
        stub.Login(auth_pb2.LoginRequest(email="ada@example.org", password="pass\x00word long enough")),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "password" in bad_fields(error)


def _handled(app: Application, method: str, code: str) -> float:
    value = app.registry.get_sample_value(
        "grpc_server_handled_total",
        {"grpc_type": "unary", "grpc_service": "skillsphere.skill.v1.SkillService", "grpc_method": method,
         "grpc_code": code},
    )  # fmt: skip
    return value or 0.0


# Bodies that are not a GetSkillRequest: an invalid tag, a truncated length, a string that is not UTF-8
# (0xff, and a lone surrogate encoded as UTF-8 would encode it), a wrong wire type for field 1.
UNDECODABLE = [b"\xff\xff\xff\xff", b"\x0a\x05ab", b"\x0a\x02\xff\xfe", b"\x0a\x03\xed\xa0\x80", b"\x0d\x01"]


async def test_undecodable_body_is_invalid_argument_logged_and_counted(
    server: Application, channel: grpc.aio.Channel, log_capture: Any
) -> None:
    call = channel.unary_unary("/skillsphere.skill.v1.SkillService/GetSkill")  # bytes in, bytes out
    before = _handled(server, "GetSkill", "INVALID_ARGUMENT")
    for index, body in enumerate(UNDECODABLE):
        error = await fails(
            call(body, metadata=(("x-request-id", f"undecodable-{index}"),)),
            grpc.StatusCode.INVALID_ARGUMENT,
            reason="MALFORMED_REQUEST",
        )
        assert error.details() == (
            "The request body is not a valid skillsphere.skill.v1.GetSkillRequest message "
            "(malformed protobuf encoding, or a string field that is not UTF-8)."
        )
        logged = await log_capture.wait_for("rpc_handled", timeout=30, request_id=f"undecodable-{index}")
        assert logged and logged[0]["code"] == "INVALID_ARGUMENT"
        assert logged[0]["method"] == "/skillsphere.skill.v1.SkillService/GetSkill"
    assert _handled(server, "GetSkill", "INVALID_ARGUMENT") == before + len(UNDECODABLE)


async def test_undecodable_body_still_meets_auth_first(channel: grpc.aio.Channel) -> None:
    call = channel.unary_unary("/skillsphere.skill.v1.SkillService/CreateSkill")
    await fails(call(b"\xff\xff"), grpc.StatusCode.UNAUTHENTICATED, reason="AUTHENTICATION_REQUIRED")


async def test_undecodable_body_over_grpc_web_is_invalid_argument(http_base: str) -> None:
    async with httpx.AsyncClient(base_url=http_base) as client:
        for body in UNDECODABLE:
            response = await client.post(
                "/skillsphere.skill.v1.SkillService/GetSkill", content=frame(body), headers=grpc_web_headers()
            )
            assert response.status_code == 200
            _, trailers = unframe(response.content)
            status = trailers.get("grpc-status") or response.headers["grpc-status"]
            message = trailers.get("grpc-message") or response.headers.get("grpc-message", "")
            assert status == "3", (status, message)  # INVALID_ARGUMENT
            assert "DecodeError" not in message and "Unexpected" not in message


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


async def test_token_whose_header_disagrees_with_the_key_is_unauthenticated(
    server: Application, channel: grpc.aio.Channel, log_capture: Any
) -> None:
    kid = server.keys.signing.kid
    assert server.keys.signing.algorithm == "EdDSA"
    payload = _b64(json.dumps({"sub": "x", "sid": "y", "exp": 4102444800}).encode())
    forged = [
        f"{_b64(json.dumps({'alg': alg, 'kid': kid}).encode())}.{payload}.{_b64(b'x' * 64)}"
        for alg in ("ES256", "none", "HS256", "RS256")
    ]
    forged += [
        "!!.??.##",
        f"{_b64(b'not json')}.{payload}.",
        f"{_b64(json.dumps({'alg': 'EdDSA', 'kid': 7}).encode())}..",
    ]
    skills = skill_pb2_grpc.SkillServiceStub(channel)
    auth = auth_pb2_grpc.AuthServiceStub(channel)
    for index, token in enumerate(forged):
        # A public RPC ignores the bad token and answers as for an anonymous caller...
        await skills.ListCategories(skill_pb2.ListCategoriesRequest(), metadata=bearer(token))
        # ...an authenticated one refuses it.
        await fails(
            auth.ListSessions(
                auth_pb2.ListSessionsRequest(), metadata=(*bearer(token), ("x-request-id", f"forged-{index}"))
            ),
            grpc.StatusCode.UNAUTHENTICATED,
            reason="TOKEN_INVALID",
        )
        await log_capture.wait_for("rpc_handled", timeout=30, request_id=f"forged-{index}")
    assert not [r for r in log_capture.events("rpc_crashed") if str(r.get("request_id", "")).startswith("forged-")]


@pytest.fixture
async def strict_limits(database_url: str, tmp_data_dir: Path) -> AsyncIterator[Application]:
    """A server whose every RPC is limited to 3 calls a minute per caller and per peer."""
    app, _ = await start_app(database_url, tmp_data_dir, rate_limit_default="3/minute")
    yield app
    await app.stop()


async def _list_services(channel: grpc.aio.Channel) -> set[str]:
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    names: set[str] = set()
    async for response in stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")])):
        names |= {s.name for s in response.list_services_response.service}
    return names


async def test_health_and_reflection_are_never_rate_limited(strict_limits: Application) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{strict_limits.grpc.port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        skills = skill_pb2_grpc.SkillServiceStub(channel)
        for _ in range(3):
            await skills.ListCategories(skill_pb2.ListCategoriesRequest())
        # The limit of an ordinary RPC is exhausted for this peer...
        error = await fails(
            skills.ListCategories(skill_pb2.ListCategoriesRequest()),
            grpc.StatusCode.RESOURCE_EXHAUSTED,
            reason="RATE_LIMITED",
        )
        assert "RetryInfo" in details(error)
        # ...while a load balancer's checks from the same peer, far beyond that limit, keep answering.
        for service in ("", "skillsphere.skill.v1.SkillService") * 10:
            response = await health.Check(health_pb2.HealthCheckRequest(service=service))
            assert response.status == health_pb2.HealthCheckResponse.SERVING
        for _ in range(5):
            assert "grpc.health.v1.Health" in await _list_services(channel)
        await fails(skills.ListCategories(skill_pb2.ListCategoriesRequest()), grpc.StatusCode.RESOURCE_EXHAUSTED)
