"""S3-compatible object storage (AWS S3, MinIO, Ceph, R2...) through boto3.

boto3 is synchronous; its clients are thread-safe, so every call runs in a worker thread
(`asyncio.to_thread`) and the event loop never blocks on the network. Presigning is a local computation.

Limits of presigned PUT: the signature covers the key, the expiry and the Content-Type, but not the body
size (only presigned POST policies can), so callers check `stat(key).size` before using an upload, and a
bucket lifecycle rule should expire abandoned objects under the upload prefix. Browsers uploading directly
need a CORS rule on the bucket allowing PUT with `content-type` from the web app's origin.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from pkg.storage.base import (
    DEFAULT_PUBLIC_PREFIXES,
    ObjectInfo,
    ObjectNotFound,
    SignedUpload,
    StorageError,
    normalize_content_type,
    validate_key,
)

_MISSING_CODES = {"404", "NoSuchKey", "NotFound"}


def _is_missing(error: ClientError) -> bool:
    return str(error.response.get("Error", {}).get("Code", "")) in _MISSING_CODES


class S3Storage:
    """`ObjectStorage` on one bucket of an S3-compatible service.

    `endpoint_url` unset means AWS; set it for MinIO/moto/R2 (path-style addressing is used then).
    `public_base_url` is where public objects are read from (a CDN or the bucket's website endpoint);
    unset, `public_url` is the plain object URL, which works when the bucket policy makes the public
    prefixes readable (`public_read_policy`).
    """

    def __init__(
        self,
        *,
        bucket: str,
        region: str = "us-east-1",
        endpoint_url: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        public_base_url: str | None = None,
        public_prefixes: Sequence[str] = DEFAULT_PUBLIC_PREFIXES,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_attempts: int = 3,
    ) -> None:
        self.bucket = bucket
        self.region = region
        self.endpoint_url = endpoint_url.rstrip("/") if endpoint_url else None
        self.public_base_url = public_base_url.rstrip("/") if public_base_url else None
        self.public_prefixes = tuple(public_prefixes)
        config = Config(
            signature_version="s3v4",
            s3={"addressing_style": "path" if endpoint_url else "auto"},
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries={"max_attempts": max_attempts, "mode": "standard"},
        )
        # A session per storage: boto3's default session is module-level state and not thread-safe.
        session = boto3.session.Session()
        self._client: Any = session.client(
            "s3",
            region_name=region,
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=config,
        )

    def public_read_policy(self) -> dict[str, Any]:
        """The bucket policy that lets anyone read the public prefixes (and nothing else).

        Apply it when provisioning the bucket (or serve those prefixes through a CDN instead).
        """
        return {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "SkillSpherePublicRead",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [f"arn:aws:s3:::{self.bucket}/{prefix}*" for prefix in self.public_prefixes],
                }
            ],
        }

    async def ensure_bucket(self, *, public_read: bool = True) -> None:
        """Create the bucket when missing and (with `public_read`) apply `public_read_policy`.

        For development and tests (MinIO, moto); production provisions the bucket and its policy.
        """

        def ensure() -> None:
            try:
                self._client.head_bucket(Bucket=self.bucket)
            except ClientError as exc:
                if not _is_missing(exc):
                    raise StorageError(f"cannot reach bucket {self.bucket!r}: {exc}") from exc
                params: dict[str, Any] = {"Bucket": self.bucket}
                if self.region != "us-east-1":
                    params["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
                self._client.create_bucket(**params)
            if public_read and self.public_prefixes:
                self._client.put_bucket_policy(Bucket=self.bucket, Policy=json.dumps(self.public_read_policy()))

        await asyncio.to_thread(ensure)

    async def create_upload(self, key: str, *, content_type: str, max_bytes: int, expires_in: float) -> SignedUpload:
        """A presigned PUT URL; `max_bytes` is not enforced by S3 (see the module notes)."""
        validate_key(key)
        content_type = normalize_content_type(content_type)
        if max_bytes <= 0 or expires_in <= 0:
            raise ValueError("max_bytes and expires_in must be positive")
        expire_time = datetime.now(UTC) + timedelta(seconds=int(expires_in))
        url = self._client.generate_presigned_url(
            "put_object",
            Params={"Bucket": self.bucket, "Key": key, "ContentType": content_type},
            ExpiresIn=int(expires_in),
            HttpMethod="PUT",
        )
        return SignedUpload(url=url, method="PUT", headers={"Content-Type": content_type}, expire_time=expire_time)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Upload `data` under `key`."""
        validate_key(key)
        content_type = normalize_content_type(content_type)
        await asyncio.to_thread(
            self._client.put_object, Bucket=self.bucket, Key=key, Body=data, ContentType=content_type
        )

    async def get(self, key: str) -> bytes:
        """Download the object."""
        validate_key(key)

        def download() -> bytes:
            try:
                response = self._client.get_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:
                if _is_missing(exc):
                    raise ObjectNotFound(key) from None
                raise
            body = response["Body"]
            try:
                return bytes(body.read())
            finally:
                body.close()

        return await asyncio.to_thread(download)

    async def stat(self, key: str) -> ObjectInfo:
        """HEAD the object."""
        validate_key(key)

        def head() -> ObjectInfo:
            try:
                response = self._client.head_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:
                if _is_missing(exc):
                    raise ObjectNotFound(key) from None
                raise
            return ObjectInfo(
                key=key,
                size=int(response["ContentLength"]),
                content_type=str(response.get("ContentType") or "application/octet-stream"),
            )

        return await asyncio.to_thread(head)

    async def delete(self, key: str) -> None:
        """Delete the object (S3 answers success for missing keys too)."""
        validate_key(key)
        await asyncio.to_thread(self._client.delete_object, Bucket=self.bucket, Key=key)

    def public_url(self, key: str) -> str:
        """`<public_base_url>/<key>`, or the object's own URL."""
        validate_key(key)
        if self.public_base_url:
            return f"{self.public_base_url}/{quote(key)}"
        if self.endpoint_url:
            return f"{self.endpoint_url}/{self.bucket}/{quote(key)}"
        return f"https://{self.bucket}.s3.{self.region}.amazonaws.com/{quote(key)}"

    def download_url(self, key: str, *, expires_in: float) -> str:
        """A presigned GET URL."""
        validate_key(key)
        url: str = self._client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=int(expires_in), HttpMethod="GET"
        )
        return url

    async def close(self) -> None:
        """Close the client's connection pool."""
        await asyncio.to_thread(self._client.close)
