"""S3Storage against a real local S3 server (moto[server]): presigned uploads and downloads, CRUD, avatars.

moto does not check presigned signatures or expiry, so what the signature covers is asserted on the URL
itself (X-Amz-SignedHeaders, X-Amz-Expires); AWS and MinIO enforce it.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from PIL import Image

from pkg.storage import ObjectNotFound, S3Storage
from pkg.storage.images import ImageRejected, process_image
from tests.support.s3_server import ACCESS_KEY_ID, SECRET_ACCESS_KEY, running_s3_server

BUCKET = "skillsphere-test"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with running_s3_server() as endpoint:
        yield endpoint


@pytest.fixture
async def storage(s3_endpoint: str) -> AsyncIterator[S3Storage]:
    storage = S3Storage(
        bucket=BUCKET,
        region="us-east-1",
        endpoint_url=s3_endpoint,
        access_key_id=ACCESS_KEY_ID,
        secret_access_key=SECRET_ACCESS_KEY,
    )
    await storage.ensure_bucket()
    yield storage
    await storage.close()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def _png(width: int = 300, height: int = 200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (250, 200, 0)).save(buffer, "PNG")
    return buffer.getvalue()


async def test_a_presigned_upload_lands_in_the_bucket(storage: S3Storage, client: httpx.AsyncClient) -> None:
    upload = await storage.create_upload("uploads/u1/raw", content_type="image/png", max_bytes=1000, expires_in=300)
    assert upload.method == "PUT" and upload.headers == {"Content-Type": "image/png"}
    url = httpx.URL(upload.url)
    assert url.path == f"/{BUCKET}/uploads/u1/raw"
    assert url.params["X-Amz-Expires"] == "300"
    assert set(url.params["X-Amz-SignedHeaders"].split(";")) == {"content-type", "host"}
    response = await client.put(upload.url, content=b"png-bytes", headers=upload.headers)
    assert response.status_code == 200, response.text
    assert await storage.get("uploads/u1/raw") == b"png-bytes"
    info = await storage.stat("uploads/u1/raw")
    assert (info.size, info.content_type) == (9, "image/png")


async def test_put_get_delete_and_not_found(storage: S3Storage) -> None:
    await storage.put("public/a.webp", b"RIFF....WEBP", "image/webp")
    assert await storage.get("public/a.webp") == b"RIFF....WEBP"
    await storage.delete("public/a.webp")
    await storage.delete("public/a.webp")
    with pytest.raises(ObjectNotFound):
        await storage.get("public/a.webp")
    with pytest.raises(ObjectNotFound):
        await storage.stat("public/a.webp")


async def test_a_presigned_download_reads_the_object(storage: S3Storage, client: httpx.AsyncClient) -> None:
    await storage.put("uploads/u2/doc", b"private", "application/octet-stream")
    url = storage.download_url("uploads/u2/doc", expires_in=60)
    assert httpx.URL(url).params["X-Amz-Expires"] == "60"
    response = await client.get(url)
    assert response.status_code == 200 and response.content == b"private"


async def test_public_urls_use_the_endpoint_or_the_configured_base(s3_endpoint: str) -> None:
    plain = S3Storage(bucket=BUCKET, endpoint_url=s3_endpoint, access_key_id="a", secret_access_key="b")
    assert plain.public_url("public/x.png") == f"{s3_endpoint}/{BUCKET}/public/x.png"
    cdn = S3Storage(bucket=BUCKET, public_base_url="https://cdn.example.com/", access_key_id="a", secret_access_key="b")
    assert cdn.public_url("public/x.png") == "https://cdn.example.com/public/x.png"
    aws = S3Storage(bucket=BUCKET, region="eu-west-1", access_key_id="a", secret_access_key="b")
    assert aws.public_url("public/x.png") == f"https://{BUCKET}.s3.eu-west-1.amazonaws.com/public/x.png"
    for storage in (plain, cdn, aws):
        await storage.close()


async def test_avatar_flow_against_s3(storage: S3Storage, client: httpx.AsyncClient) -> None:
    upload = await storage.create_upload(
        "uploads/u3/raw", content_type="image/png", max_bytes=5 * 1024 * 1024, expires_in=600
    )
    assert (await client.put(upload.url, content=_png(), headers=upload.headers)).status_code == 200
    info = await storage.stat("uploads/u3/raw")
    assert info.size <= 5 * 1024 * 1024  # the size check S3 cannot make at upload time
    processed = process_image(await storage.get(info.key))
    await storage.put("public/avatars/u3/256.png", processed.thumbnails[256].data, "image/png")
    await storage.delete("uploads/u3/raw")
    response = await client.get(storage.public_url("public/avatars/u3/256.png"))
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).size == (200, 200)


async def test_avatar_flow_against_s3_refuses_a_renamed_non_image(
    storage: S3Storage, client: httpx.AsyncClient
) -> None:
    upload = await storage.create_upload(
        "uploads/u4/raw", content_type="image/jpeg", max_bytes=5 * 1024 * 1024, expires_in=600
    )
    fake = b"MZ\x90\x00 an executable renamed to avatar.jpg"
    assert (await client.put(upload.url, content=fake, headers=upload.headers)).status_code == 200
    with pytest.raises(ImageRejected) as rejected:
        process_image(await storage.get("uploads/u4/raw"))
    assert rejected.value.reason == "NOT_AN_IMAGE"


async def test_only_the_public_prefix_is_readable_without_a_signature(
    storage: S3Storage, client: httpx.AsyncClient
) -> None:
    await storage.put("public/open.png", b"open", "image/png")
    await storage.put("uploads/u5/closed", b"closed", "image/png")
    assert (await client.get(storage.public_url("public/open.png"))).status_code == 200
    assert (await client.get(storage.public_url("uploads/u5/closed"))).status_code == 403
    assert (await client.get(storage.download_url("uploads/u5/closed", expires_in=60))).status_code == 200
