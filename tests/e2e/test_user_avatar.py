"""Avatars end to end: CreateAvatarUpload → HTTP PUT to the signed URL → FinalizeAvatarUpload, against the
local storage provider served by the HTTP port and against an S3 server (moto)."""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from PIL import Image
from prometheus_client import CollectorRegistry
from skillsphere.user.v1 import user_pb2, user_pb2_grpc
from sqlalchemy import text

from internal.app import Application
from pkg.storage import S3Storage
from pkg.tokens import TokenIssuer
from tests.conftest import make_settings
from tests.e2e.conftest import _ensure_account_and_session
from tests.e2e.user_helpers import Caller, caller, create_profile, details, fails
from tests.support.s3_server import ACCESS_KEY_ID, SECRET_ACCESS_KEY, running_s3_server
from tests.support.waiting import eventually

INVALID = grpc.StatusCode.INVALID_ARGUMENT


@pytest.fixture(scope="module")
def stub(channel: grpc.aio.Channel) -> user_pb2_grpc.UserServiceStub:
    return user_pb2_grpc.UserServiceStub(channel)


@pytest.fixture
def new(token_for: Callable[..., str]) -> Callable[..., Caller]:
    return lambda *roles: caller(token_for, *roles)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def jpeg_with_gps(width: int = 400, height: int = 300) -> bytes:
    """A real JPEG carrying EXIF (camera model and a GPS block) that must not survive."""
    image = Image.new("RGB", (width, height), (30, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "SpyCam 3000"  # Model
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png(width: int = 300, height: int = 200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (250, 200, 0)).save(buffer, "PNG")
    return buffer.getvalue()


async def upload(
    stub: user_pb2_grpc.UserServiceStub,
    http: httpx.AsyncClient,
    who: Caller,
    data: bytes,
    content_type: str = "image/png",
) -> str:
    """CreateAvatarUpload and PUT `data` to the URL; the upload id."""
    ticket = await stub.CreateAvatarUpload(
        user_pb2.CreateAvatarUploadRequest(user_id=who.id, content_type=content_type, size_bytes=len(data)),
        metadata=who.metadata,
    )
    assert ticket.http_method == "PUT"
    assert list(ticket.allowed_content_types) == ["image/jpeg", "image/png", "image/webp"]
    assert ticket.max_size_bytes == 5 * 1024 * 1024 and ticket.expire_time.seconds > 0
    response = await http.put(ticket.upload_url, content=data, headers=dict(ticket.upload_headers))
    assert response.status_code in (200, 201, 204), response.text
    return ticket.upload_id


async def finalize(stub: user_pb2_grpc.UserServiceStub, who: Caller, upload_id: str) -> user_pb2.User:
    request = user_pb2.FinalizeAvatarUploadRequest(user_id=who.id, upload_id=upload_id)
    return (await stub.FinalizeAvatarUpload(request, metadata=who.metadata)).user


async def check_avatar(http: httpx.AsyncClient, user: user_pb2.User, source_format: str) -> None:
    """The original decodes without EXIF; thumbnails are square WebP of 64, 128 and 256 pixels."""
    assert user.avatar.update_time.seconds > 0
    original = await http.get(user.avatar.original_url)
    assert original.status_code == 200
    with Image.open(io.BytesIO(original.content)) as image:
        assert image.format == source_format
        assert not image.getexif()
        assert b"SpyCam" not in original.content
    assert [t.size_px for t in user.avatar.thumbnails] == [64, 128, 256]
    for thumbnail in user.avatar.thumbnails:
        response = await http.get(thumbnail.url)
        assert response.status_code == 200
        with Image.open(io.BytesIO(response.content)) as image:
            assert image.format == "WEBP" and image.size == (thumbnail.size_px, thumbnail.size_px)


async def test_avatar_flow_through_the_local_provider_strips_metadata_and_makes_thumbnails(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], http: httpx.AsyncClient
) -> None:
    me, other = new(), new()
    await create_profile(stub, me)
    upload_id = await upload(stub, http, me, jpeg_with_gps(), "image/jpeg")
    user = await finalize(stub, me, upload_id)
    await check_avatar(http, user, "JPEG")
    # Finalizing again returns the same avatar; others see it too.
    again = await finalize(stub, me, upload_id)
    assert again.avatar == user.avatar
    seen = (await stub.GetUser(user_pb2.GetUserRequest(user_id=me.id), metadata=other.metadata)).user
    assert seen.avatar.original_url == user.avatar.original_url


async def test_a_new_avatar_replaces_and_deletes_the_previous_one(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], http: httpx.AsyncClient
) -> None:
    me = new()
    await create_profile(stub, me)
    first = await finalize(stub, me, await upload(stub, http, me, png()))
    second = await finalize(stub, me, await upload(stub, http, me, png(500, 500)))
    await check_avatar(http, second, "PNG")
    assert second.avatar.original_url != first.avatar.original_url
    assert second.avatar.update_time.ToDatetime() >= first.avatar.update_time.ToDatetime()
    # The previous files are deleted by a job once the change committed.

    async def original_gone() -> bool:
        return (await http.get(first.avatar.original_url)).status_code == 404

    await eventually(original_gone, message="the previous avatar was not deleted")
    assert (await http.get(first.avatar.thumbnails[0].url)).status_code == 404
    # UpdateUser with the path "avatar" and no avatar removes it.
    removed = await stub.UpdateUser(
        user_pb2.UpdateUserRequest(user=user_pb2.User(id=me.id), update_mask=FieldMask(paths=["avatar"])),
        metadata=me.metadata,
    )
    assert not removed.user.HasField("avatar")


async def test_a_renamed_text_file_is_not_an_image(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], http: httpx.AsyncClient
) -> None:
    me = new()
    await create_profile(stub, me)
    upload_id = await upload(stub, http, me, b"this is not a picture, just text named avatar.png\n" * 20)
    await fails(finalize(stub, me, upload_id), INVALID, "AVATAR_NOT_AN_IMAGE")
    tiny = await upload(stub, http, me, png(32, 32))
    await fails(finalize(stub, me, tiny), INVALID, "AVATAR_TOO_SMALL")


async def test_finalize_refuses_missing_foreign_unuploaded_and_expired_uploads(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], http: httpx.AsyncClient, server: Application
) -> None:
    me, other = new(), new()
    await create_profile(stub, me)
    await create_profile(stub, other)
    await fails(finalize(stub, me, str(uuid.uuid4())), grpc.StatusCode.NOT_FOUND)
    ticket = await stub.CreateAvatarUpload(
        user_pb2.CreateAvatarUploadRequest(user_id=me.id, content_type="image/png", size_bytes=1000),
        metadata=me.metadata,
    )
    await fails(finalize(stub, me, ticket.upload_id), grpc.StatusCode.FAILED_PRECONDITION, "AVATAR_NOT_UPLOADED")
    await fails(finalize(stub, other, ticket.upload_id), grpc.StatusCode.NOT_FOUND)
    async with server.database.engine.begin() as conn:
        await conn.execute(
            text("UPDATE user_avatar_uploads SET expires_at = now() - interval '1 minute' WHERE id = :id"),
            {"id": uuid.UUID(ticket.upload_id)},
        )
    await fails(finalize(stub, me, ticket.upload_id), grpc.StatusCode.FAILED_PRECONDITION, "AVATAR_UPLOAD_EXPIRED")


async def test_create_avatar_upload_checks_type_owner_and_the_hourly_limit(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me, other = new(), new()
    await create_profile(stub, me)

    def create(content_type: str = "image/png", who: Caller = me, size: int = 1000) -> Any:
        return stub.CreateAvatarUpload(
            user_pb2.CreateAvatarUploadRequest(user_id=me.id, content_type=content_type, size_bytes=size),
            metadata=who.metadata,
        )

    await fails(create("image/gif"), INVALID, "AVATAR_TYPE_NOT_ALLOWED")
    await fails(create(size=5 * 1024 * 1024 + 1), INVALID, "AVATAR_TOO_LARGE")
    await fails(create(who=other), grpc.StatusCode.PERMISSION_DENIED, "NOT_PROFILE_OWNER")
    for _ in range(20):
        await create()
    error = await fails(create(), grpc.StatusCode.RESOURCE_EXHAUSTED, "RATE_LIMITED")
    delay = details(error)["RetryInfo"].retry_delay
    assert 3000 < delay.seconds <= 3600


async def test_avatar_finalize_against_s3(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, http: httpx.AsyncClient
) -> None:
    with running_s3_server() as endpoint:
        settings = make_settings(
            database_url,
            Path(tmp_path_factory.mktemp("s3-data")),
            storage_provider="s3",
            s3_endpoint_url=endpoint,
            s3_bucket="avatars-e2e",
            s3_access_key_id=ACCESS_KEY_ID,
            s3_secret_access_key=SECRET_ACCESS_KEY,
        )
        app = await Application.create(settings, registry=CollectorRegistry())
        try:
            assert isinstance(app.storage, S3Storage)
            await app.storage.ensure_bucket()
            await app.start()
            subject = str(uuid.uuid4())
            session_id = _ensure_account_and_session(app.database.url, subject, ("learner",))
            issuer = TokenIssuer(app.keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl_seconds=900)
            token, _ = issuer.issue(subject=subject, session_id=session_id, roles=("learner",), email_verified=True)
            me = Caller(subject, (("authorization", f"Bearer {token}"),))
            async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
                s3_stub = user_pb2_grpc.UserServiceStub(channel)
                await create_profile(s3_stub, me)
                upload_id = await upload(s3_stub, http, me, jpeg_with_gps(), "image/jpeg")
                user = await finalize(s3_stub, me, upload_id)
            assert user.avatar.original_url.startswith(f"{endpoint}/avatars-e2e/public/avatars/{subject}/")
            await check_avatar(http, user, "JPEG")
        finally:
            await app.stop()
