"""Local storage through the real HTTP port: signed uploads and downloads, and what they refuse."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from pkg.gateway import HttpServer, build_http_app
from pkg.storage import LocalStorage, ObjectNotFound, bind_http_port, storage_routes
from pkg.storage.images import ImageRejected, process_image
from tests.conftest import free_port

ORIGIN = "http://app.test"
SECRET = b"test-storage-secret-0123456789"


class Clock:
    """Unix time the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def served(tmp_path: Path, clock: Clock) -> AsyncIterator[tuple[LocalStorage, httpx.AsyncClient]]:
    """A LocalStorage whose routes are mounted in the real HTTP app, on a free port."""
    storage = LocalStorage(tmp_path / "files", signing_secret=SECRET, base_url="http://unset", clock=clock)
    # The gRPC target is never dialled by these requests; the files routes answer before grpc-web.
    app = build_http_app(
        grpc_target=f"127.0.0.1:{free_port()}", extra_routes=storage_routes(storage, allowed_origins=[ORIGIN])
    )
    server = HttpServer(app, "127.0.0.1", 0)
    await server.start()
    storage.base_url = f"http://127.0.0.1:{server.port}"
    async with httpx.AsyncClient(timeout=10) as client:
        yield storage, client
    await server.stop()


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif.get_ifd(0x8825)[2] = (52.0, 31.0, 12.0)
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 200)).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


async def test_a_signed_upload_is_stored_and_readable_with_a_signed_download(
    served: tuple[LocalStorage, httpx.AsyncClient],
) -> None:
    storage, client = served
    upload = await storage.create_upload("uploads/u1/avatar", content_type="image/png", max_bytes=1000, expires_in=600)
    assert upload.method == "PUT" and upload.headers == {"Content-Type": "image/png"}
    assert upload.expire_time is not None and upload.expire_time.timestamp() == pytest.approx(1_800_000_600)
    response = await client.put(upload.url, content=b"\x89PNG fake bytes", headers=upload.headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"key": "uploads/u1/avatar", "size": 15, "content_type": "image/png"}
    assert await storage.get("uploads/u1/avatar") == b"\x89PNG fake bytes"
    info = await storage.stat("uploads/u1/avatar")
    assert (info.size, info.content_type) == (15, "image/png")

    private = await client.get(storage.public_url("uploads/u1/avatar"))
    assert private.status_code == 403  # raw uploads are not public
    download = await client.get(storage.download_url("uploads/u1/avatar", expires_in=60))
    assert download.status_code == 200
    assert download.content == b"\x89PNG fake bytes"
    assert download.headers["content-type"] == "image/png"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in download.headers["content-security-policy"]


async def test_public_keys_are_readable_without_a_signature(served: tuple[LocalStorage, httpx.AsyncClient]) -> None:
    storage, client = served
    await storage.put("public/avatars/u1/256.webp", b"RIFFxxxxWEBP", "image/webp")
    response = await client.get(storage.public_url("public/avatars/u1/256.webp"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/webp"
    assert response.headers["cache-control"].startswith("public")
    head = await client.head(storage.public_url("public/avatars/u1/256.webp"))
    assert head.status_code == 200 and head.headers["content-length"] == "12"
    missing = await client.get(storage.public_url("public/avatars/nobody.webp"))
    assert missing.status_code == 404


async def test_an_expired_upload_url_is_refused(served: tuple[LocalStorage, httpx.AsyncClient], clock: Clock) -> None:
    storage, client = served
    upload = await storage.create_upload("uploads/u2/a", content_type="image/jpeg", max_bytes=100, expires_in=60)
    clock.now += 61
    response = await client.put(upload.url, content=b"x", headers=upload.headers)
    assert response.status_code == 403
    assert response.json()["reason"] == "UPLOAD_URL_EXPIRED"
    with pytest.raises(ObjectNotFound):
        await storage.get("uploads/u2/a")


async def test_an_expired_download_url_is_refused(served: tuple[LocalStorage, httpx.AsyncClient], clock: Clock) -> None:
    storage, client = served
    await storage.put("uploads/u3/a", b"data", "image/png")
    url = storage.download_url("uploads/u3/a", expires_in=30)
    clock.now += 31
    assert (await client.get(url)).status_code == 403


@pytest.mark.parametrize(
    ("param", "value"),
    [("sig", "AAAA"), ("max_bytes", "999999999"), ("content_type", "text/html"), ("expires", "4102444800")],
)
async def test_tampering_with_any_signed_parameter_is_refused(
    served: tuple[LocalStorage, httpx.AsyncClient], param: str, value: str
) -> None:
    storage, client = served
    upload = await storage.create_upload("uploads/u4/a", content_type="image/png", max_bytes=100, expires_in=60)
    url = httpx.URL(upload.url)
    tampered = url.copy_set_param(param, value)
    headers = {"Content-Type": value} if param == "content_type" else upload.headers
    response = await client.put(tampered, content=b"x", headers=headers)
    assert response.status_code == 403
    assert response.json()["reason"] == "UPLOAD_SIGNATURE_INVALID"


async def test_an_upload_url_is_bound_to_its_key(served: tuple[LocalStorage, httpx.AsyncClient]) -> None:
    storage, client = served
    upload = await storage.create_upload("uploads/u5/a", content_type="image/png", max_bytes=100, expires_in=60)
    other = upload.url.replace("/files/upload/uploads/u5/a", "/files/upload/public/u5/a")
    response = await client.put(other, content=b"x", headers=upload.headers)
    assert response.status_code == 403
    with pytest.raises(ObjectNotFound):
        await storage.get("public/u5/a")


async def test_a_different_content_type_than_signed_is_refused(
    served: tuple[LocalStorage, httpx.AsyncClient],
) -> None:
    storage, client = served
    upload = await storage.create_upload("uploads/u6/a", content_type="image/png", max_bytes=100, expires_in=60)
    response = await client.put(upload.url, content=b"<html>", headers={"Content-Type": "text/html"})
    assert response.status_code == 400
    assert response.json()["reason"] == "UPLOAD_CONTENT_TYPE_MISMATCH"


async def test_a_declared_size_over_the_limit_is_refused_before_reading(
    served: tuple[LocalStorage, httpx.AsyncClient],
) -> None:
    storage, client = served
    upload = await storage.create_upload("uploads/u7/a", content_type="image/png", max_bytes=100, expires_in=60)
    response = await client.put(upload.url, content=b"x" * 101, headers=upload.headers)
    assert response.status_code == 413
    assert response.json()["reason"] == "UPLOAD_TOO_LARGE"
    with pytest.raises(ObjectNotFound):
        await storage.get("uploads/u7/a")


async def test_a_streamed_body_is_cut_off_at_the_limit_and_leaves_nothing_behind(
    served: tuple[LocalStorage, httpx.AsyncClient],
) -> None:
    storage, client = served
    upload = await storage.create_upload("uploads/u8/a", content_type="image/png", max_bytes=64 * 1024, expires_in=60)

    async def body() -> AsyncIterator[bytes]:
        # Chunked transfer: no Content-Length to check up front, the count while streaming decides.
        for _ in range(10):
            yield b"z" * 16 * 1024

    response = await client.put(upload.url, content=body(), headers=upload.headers)
    assert response.status_code == 413
    with pytest.raises(ObjectNotFound):
        await storage.get("uploads/u8/a")
    assert list((storage.root / ".tmp").iterdir()) == []


async def test_invalid_keys_are_refused(served: tuple[LocalStorage, httpx.AsyncClient]) -> None:
    storage, client = served
    response = await client.get(f"{storage.base_url}/files/a/.hidden")
    assert response.status_code == 400
    response = await client.get(f"{storage.base_url}/files/a/%2e%2e/%2e%2e/etc/passwd")
    assert response.status_code in (400, 404)


async def test_browsers_from_allowed_origins_may_upload(served: tuple[LocalStorage, httpx.AsyncClient]) -> None:
    storage, client = served
    upload = await storage.create_upload("uploads/u9/a", content_type="image/png", max_bytes=100, expires_in=60)
    preflight = await client.options(
        upload.url,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "PUT" in preflight.headers["access-control-allow-methods"]
    stranger = await client.options(
        upload.url, headers={"Origin": "http://evil.test", "Access-Control-Request-Method": "PUT"}
    )
    assert "access-control-allow-origin" not in stranger.headers
    put = await client.put(upload.url, content=b"x", headers={**upload.headers, "Origin": ORIGIN})
    assert put.status_code == 200
    assert put.headers["access-control-allow-origin"] == ORIGIN


async def test_delete_removes_the_object_and_is_idempotent(served: tuple[LocalStorage, httpx.AsyncClient]) -> None:
    storage, _ = served
    await storage.put("public/x.png", b"1", "image/png")
    await storage.delete("public/x.png")
    await storage.delete("public/x.png")
    with pytest.raises(ObjectNotFound):
        await storage.stat("public/x.png")


async def test_a_second_process_on_the_same_data_dir_accepts_the_first_ones_urls(
    served: tuple[LocalStorage, httpx.AsyncClient], clock: Clock, tmp_path: Path
) -> None:
    storage, client = served
    other = LocalStorage(storage.root, signing_secret=SECRET, base_url=storage.base_url, clock=clock)
    upload = await other.create_upload("uploads/u10/a", content_type="image/webp", max_bytes=10, expires_in=60)
    assert (await client.put(upload.url, content=b"webp", headers=upload.headers)).status_code == 200
    assert await other.get("uploads/u10/a") == b"webp"


async def test_avatar_flow_upload_verify_strip_and_publish(served: tuple[LocalStorage, httpx.AsyncClient]) -> None:
    storage, client = served
    upload = await storage.create_upload(
        "uploads/u11/raw", content_type="image/jpeg", max_bytes=5 * 1024 * 1024, expires_in=600
    )
    assert (await client.put(upload.url, content=_jpeg_with_gps(), headers=upload.headers)).status_code == 200

    raw = await storage.get("uploads/u11/raw")
    processed = process_image(raw, thumbnail_sizes=(64, 256))
    keys = {"full": f"public/avatars/u11/full.{processed.image.extension}"}
    await storage.put(keys["full"], processed.image.data, processed.image.content_type)
    for size, thumbnail in processed.thumbnails.items():
        keys[str(size)] = f"public/avatars/u11/{size}.{thumbnail.extension}"
        await storage.put(keys[str(size)], thumbnail.data, thumbnail.content_type)
    await storage.delete("uploads/u11/raw")

    for key in keys.values():
        response = await client.get(storage.public_url(key))
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/jpeg"
        assert b"SecretCam" not in response.content
        assert len(Image.open(io.BytesIO(response.content)).getexif()) == 0
    thumb = Image.open(io.BytesIO((await client.get(storage.public_url(keys["64"]))).content))
    assert thumb.size == (64, 64)


async def test_avatar_flow_refuses_a_renamed_non_image(served: tuple[LocalStorage, httpx.AsyncClient]) -> None:
    storage, client = served
    upload = await storage.create_upload(
        "uploads/u12/raw", content_type="image/png", max_bytes=5 * 1024 * 1024, expires_in=600
    )
    script = b"<svg onload=alert(1)> not a png, just named like one"
    assert (await client.put(upload.url, content=script, headers=upload.headers)).status_code == 200
    with pytest.raises(ImageRejected) as rejected:
        process_image(await storage.get("uploads/u12/raw"))
    assert rejected.value.reason == "NOT_AN_IMAGE"


def test_bind_http_port_points_urls_at_the_bound_port(tmp_path: Path) -> None:
    from pkg.config import Settings

    settings = Settings(data_dir=tmp_path, http_port=0)
    storage = LocalStorage(tmp_path, signing_secret=SECRET, base_url="http://127.0.0.1:0")
    bind_http_port(storage, settings, 43123)
    assert storage.public_url("public/a") == "http://127.0.0.1:43123/files/public/a"
    configured = Settings(data_dir=tmp_path, storage_public_base_url="https://files.example.com")
    storage = LocalStorage(tmp_path, signing_secret=SECRET, base_url="https://files.example.com")
    bind_http_port(storage, configured, 43123)
    assert storage.public_url("public/a") == "https://files.example.com/files/public/a"
