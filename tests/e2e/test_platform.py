"""The platform seen by a client: services, health, reflection and every link of the interceptor chain."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import grpc
import httpx
import jwt
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from skillsphere.admin.v1 import admin_pb2, admin_pb2_grpc
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
from skillsphere.challenge.v1 import challenge_pb2, challenge_pb2_grpc
from skillsphere.session.v1 import session_pb2, session_pb2_grpc
from skillsphere.workshop.v1 import workshop_pb2, workshop_pb2_grpc

from internal.app import Application
from internal.registry import DOMAINS
from tests.support.rpc import bearer, details
from tests.support.waiting import eventually

SIXTEEN = {
    "skillsphere.auth.v1.AuthService",
    "skillsphere.user.v1.UserService",
    "skillsphere.skill.v1.SkillService",
    "skillsphere.matching.v1.MatchingService",
    "skillsphere.search.v1.SearchService",
    "skillsphere.session.v1.SessionService",
    "skillsphere.chat.v1.ChatService",
    "skillsphere.payment.v1.PaymentService",
    "skillsphere.ai.v1.AIService",
    "skillsphere.gig.v1.GigService",
    "skillsphere.review.v1.ReviewService",
    "skillsphere.workshop.v1.WorkshopService",
    "skillsphere.certification.v1.CertificationService",
    "skillsphere.challenge.v1.ChallengeService",
    "skillsphere.analytics.v1.AnalyticsService",
    "skillsphere.admin.v1.AdminService",
}


async def test_reflection_lists_all_sixteen_services_plus_health_and_reflection(
    channel: grpc.aio.Channel,
) -> None:
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)

    async def requests():  # type: ignore[no-untyped-def]
        yield reflection_pb2.ServerReflectionRequest(list_services="")

    names = set()
    async for response in stub.ServerReflectionInfo(requests()):
        names = {s.name for s in response.list_services_response.service}
    assert len(DOMAINS) == 16
    assert names == SIXTEEN | {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"}


async def test_health_is_serving_overall_and_per_service(channel: grpc.aio.Channel) -> None:
    stub = health_pb2_grpc.HealthStub(channel)

    async def all_serving() -> bool:
        # The probe allows the database 1 s; on a loaded machine a slow ping shows NOT_SERVING for a moment.
        for service in ["", *SIXTEEN]:
            response = await stub.Check(health_pb2.HealthCheckRequest(service=service))
            if response.status != health_pb2.HealthCheckResponse.SERVING:
                return False
        return True

    await eventually(all_serving, message="not every service reports SERVING")
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.Check(health_pb2.HealthCheckRequest(service="skillsphere.nope.v1.NopeService"))
    assert err.value.code() is grpc.StatusCode.NOT_FOUND


async def test_health_answers_on_the_http_port(http_base: str) -> None:
    async with httpx.AsyncClient(base_url=http_base) as client:
        assert (await client.get("/healthz")).status_code == 200
        ready = await client.get("/readyz")
        assert ready.status_code == 200


async def test_unbuilt_rpc_answers_unimplemented_with_its_name(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    stub = workshop_pb2_grpc.WorkshopServiceStub(channel)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.CancelRegistration(
            workshop_pb2.CancelRegistrationRequest(workshop_id=str(uuid.uuid4())), metadata=bearer(token_for())
        )
    assert err.value.code() is grpc.StatusCode.UNIMPLEMENTED
    assert "skillsphere.workshop.v1.WorkshopService/CancelRegistration" in err.value.details()
    assert details(err.value)["ErrorInfo"].reason == "NOT_IMPLEMENTED"


async def test_missing_token_is_unauthenticated(channel: grpc.aio.Channel) -> None:
    stub = session_pb2_grpc.SessionServiceStub(channel)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.GetUpcomingSessions(session_pb2.GetUpcomingSessionsRequest())
    assert err.value.code() is grpc.StatusCode.UNAUTHENTICATED
    assert details(err.value)["ErrorInfo"].reason == "AUTHENTICATION_REQUIRED"


async def test_expired_and_forged_tokens_are_unauthenticated(channel: grpc.aio.Channel, server: Application) -> None:
    now = int(time.time())
    claims = {
        "iss": server.settings.jwt_issuer,
        "aud": server.settings.jwt_audience,
        "sub": "u",
        "sid": "s",
        "jti": "j",
        "roles": ["admin"],
    }
    signing = server.keys.signing
    expired = jwt.encode(
        {**claims, "iat": now - 7200, "exp": now - 3600},
        signing.private_key,
        algorithm="EdDSA",
        headers={"kid": signing.kid},
    )
    from cryptography.hazmat.primitives.asymmetric import ed25519

    forged = jwt.encode(
        {**claims, "iat": now, "exp": now + 600},
        ed25519.Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": signing.kid},
    )
    stub = admin_pb2_grpc.AdminServiceStub(channel)
    for token, reason in (
        (expired, "TOKEN_EXPIRED"),
        (forged, "TOKEN_INVALID"),
        ("garbage", "TOKEN_INVALID"),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.ListUsers(admin_pb2.ListUsersRequest(), metadata=bearer(token))
        assert err.value.code() is grpc.StatusCode.UNAUTHENTICATED
        assert details(err.value)["ErrorInfo"].reason == reason


async def test_wrong_role_is_permission_denied_and_the_right_role_passes(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    stub = admin_pb2_grpc.AdminServiceStub(channel)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.ListUsers(admin_pb2.ListUsersRequest(), metadata=bearer(token_for(roles=("learner", "mentor"))))
    assert err.value.code() is grpc.StatusCode.PERMISSION_DENIED
    assert details(err.value)["ErrorInfo"].reason == "ROLE_REQUIRED"
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.ListUsers(admin_pb2.ListUsersRequest(), metadata=bearer(token_for(roles=("admin",))))
    assert err.value.code() is grpc.StatusCode.UNIMPLEMENTED  # past auth: the handler is not built yet


async def test_rate_limit_answers_resource_exhausted_with_retry_info(channel: grpc.aio.Channel) -> None:
    stub = workshop_pb2_grpc.WorkshopServiceStub(channel)
    codes = []
    last = None
    for _ in range(3):
        try:
            await stub.ListWorkshops(workshop_pb2.ListWorkshopsRequest())
        except grpc.aio.AioRpcError as error:
            codes.append(error.code())
            last = error
    assert codes[:2] == [grpc.StatusCode.UNIMPLEMENTED] * 2  # the limit is 2/minute for this RPC
    assert codes[2] is grpc.StatusCode.RESOURCE_EXHAUSTED
    assert last is not None
    retry = details(last)["RetryInfo"]
    assert 0 < retry.retry_delay.seconds <= 60


async def test_bad_fields_are_invalid_argument_naming_every_field(channel: grpc.aio.Channel) -> None:
    stub = auth_pb2_grpc.AuthServiceStub(channel)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.Register(auth_pb2.RegisterRequest(email="not-an-email", password="short"))
    assert err.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    violations = {v.field: v.description for v in details(err.value)["BadRequest"].field_violations}
    assert violations == {"email": "must be an e-mail address", "password": "must be at least 10 characters"}


async def test_crash_is_internal_without_internals_and_logged_with_request_id(
    channel: grpc.aio.Channel, log_capture: Any
) -> None:
    stub = challenge_pb2_grpc.ChallengeServiceStub(channel)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.GetChallenge(
            challenge_pb2.GetChallengeRequest(challenge_id=str(uuid.uuid4())),
            metadata=(("x-request-id", "crash-1"),),
        )
    assert err.value.code() is grpc.StatusCode.INTERNAL
    assert "hunter2" not in err.value.details() and "10.0.0.7" not in err.value.details()
    assert "crash-1" in err.value.details()
    assert ("x-request-id", "crash-1") in tuple(err.value.trailing_metadata())  # errors carry it too
    crashes = await log_capture.wait_for("rpc_crashed", request_id="crash-1")
    assert crashes and "RuntimeError" in crashes[0]["exception"]


async def test_request_id_is_echoed_generated_and_logged(channel: grpc.aio.Channel, log_capture: Any) -> None:
    stub = health_pb2_grpc.HealthStub(channel)
    call = stub.Check(health_pb2.HealthCheckRequest(), metadata=(("x-request-id", "req-abc-123"),))
    await call
    assert ("x-request-id", "req-abc-123") in tuple(await call.trailing_metadata())
    call = stub.Check(health_pb2.HealthCheckRequest())
    await call
    generated = dict(await call.trailing_metadata())["x-request-id"]
    assert len(generated) == 32
    handled = await log_capture.wait_for("rpc_handled", request_id="req-abc-123")
    assert handled and handled[0]["method"] == "/grpc.health.v1.Health/Check" and handled[0]["code"] == "OK"
    assert "duration_ms" in handled[0] and handled[0]["peer"] == "127.0.0.1"


async def test_user_id_is_logged_and_tokens_never_are(
    channel: grpc.aio.Channel, token_for: Callable[..., str], log_capture: Any
) -> None:
    token = token_for(subject="11111111-1111-4111-8111-111111111111")
    stub = workshop_pb2_grpc.WorkshopServiceStub(channel)
    with pytest.raises(grpc.aio.AioRpcError):
        await stub.CancelRegistration(
            workshop_pb2.CancelRegistrationRequest(workshop_id=str(uuid.uuid4())),
            metadata=(*bearer(token), ("x-request-id", "who-1")),
        )
    handled = await log_capture.wait_for("rpc_handled", request_id="who-1")
    assert handled and handled[0]["user_id"] == "11111111-1111-4111-8111-111111111111"
    assert not any(token in line for line in log_capture.lines)


async def test_metrics_count_rpcs_by_code(channel: grpc.aio.Channel, http_base: str) -> None:
    def handled(text: str) -> float:
        for line in text.splitlines():
            if (
                line.startswith("grpc_server_handled_total{")
                and 'grpc_method="GetUpcomingSessions"' in line
                and 'grpc_code="UNAUTHENTICATED"' in line
            ):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    async with httpx.AsyncClient(base_url=http_base) as client:
        before = handled((await client.get("/metrics")).text)
        stub = session_pb2_grpc.SessionServiceStub(channel)
        for _ in range(3):
            with pytest.raises(grpc.aio.AioRpcError):
                await stub.GetUpcomingSessions(session_pb2.GetUpcomingSessionsRequest())
        text = (await client.get("/metrics")).text
    assert handled(text) == before + 3
    assert "grpc_server_started_total" in text and "grpc_server_handling_seconds_bucket" in text
    assert "db_query_duration_seconds" in text and "db_pool_size" in text


async def test_jwks_publishes_the_verification_keys(http_base: str, server: Application) -> None:
    async with httpx.AsyncClient(base_url=http_base) as client:
        response = await client.get("/.well-known/jwks.json")
    keys = response.json()["keys"]
    assert [k["kid"] for k in keys] == [server.keys.signing.kid]
    assert keys[0]["alg"] == "EdDSA" and "d" not in keys[0]


async def test_traceparent_is_continued(channel: grpc.aio.Channel, log_capture: Any) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    stub = health_pb2_grpc.HealthStub(channel)
    await stub.Check(
        health_pb2.HealthCheckRequest(),
        metadata=(("traceparent", f"00-{trace_id}-00f067aa0ba902b7-01"), ("x-request-id", "trace-1")),
    )
    handled = await log_capture.wait_for("rpc_handled", request_id="trace-1")
    assert handled and handled[0]["trace_id"] == trace_id


async def test_concurrent_calls_keep_their_own_request_ids(channel: grpc.aio.Channel) -> None:
    stub = health_pb2_grpc.HealthStub(channel)

    async def one(i: int) -> str:
        call = stub.Check(health_pb2.HealthCheckRequest(), metadata=(("x-request-id", f"c-{i}"),))
        await call
        return dict(await call.trailing_metadata())["x-request-id"]

    assert await asyncio.gather(*(one(i) for i in range(20))) == [f"c-{i}" for i in range(20)]


async def test_tokens_of_a_revoked_session_are_refused_by_every_service(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    token = token_for(subject="22222222-2222-4222-8222-222222222222")
    sessions = session_pb2_grpc.SessionServiceStub(channel)
    await sessions.GetUpcomingSessions(session_pb2.GetUpcomingSessionsRequest(), metadata=bearer(token))  # accepted
    await auth_pb2_grpc.AuthServiceStub(channel).Logout(auth_pb2.LogoutRequest(), metadata=bearer(token))

    async def refused() -> grpc.aio.AioRpcError | None:
        """The refusal, once the per-replica answer cache (session_check_ttl_seconds) has run out."""
        try:
            await sessions.GetUpcomingSessions(session_pb2.GetUpcomingSessionsRequest(), metadata=bearer(token))
        except grpc.aio.AioRpcError as error:
            return error
        return None

    error = await eventually(refused, message="the logged-out token is still accepted")
    assert error.code() is grpc.StatusCode.UNAUTHENTICATED
    assert details(error)["ErrorInfo"].reason == "SESSION_REVOKED"
