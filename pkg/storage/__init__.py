"""Object storage for user files (avatars first): one small port, a local provider and an S3 provider.

The flow for a client upload (an avatar):

1. The service picks a key (`uploads/<user>/<uuid>`) and calls `storage.create_upload(key,
   content_type=..., max_bytes=5 MiB, expires_in=600)`; the client gets the `SignedUpload` (URL, method,
   headers, expiry) and sends the file there directly, never through a gRPC message.
2. The client calls the service's finalise RPC. The service checks `stat(key).size`, reads the bytes,
   verifies and cleans them with `images.process_image` (real decoding, metadata stripped, thumbnails),
   `put`s the results under `public/...` keys and stores their `public_url`s; then deletes the raw upload.

Providers (`SKILLSPHERE_STORAGE_PROVIDER`):

- `LocalStorage` (default): files under `<data_dir>/files`. The HTTP port serves `PUT /files/upload/{key}`
  and `GET /files/{key}` (`storage_routes`), checking HMAC-SHA256 signatures, expiry, Content-Type and the
  size limit while the body streams in. Keys under `public/` are readable by anyone; others need a
  `download_url`. The signing secret is `SKILLSPHERE_STORAGE_SIGNING_SECRET`, or in development a random
  one generated into `<data_dir>/keys/`.
- `S3Storage`: presigned PUT/GET URLs on an S3-compatible bucket (boto3); `SKILLSPHERE_S3_*` settings.

Keys follow `validate_key`. Errors: `ObjectNotFound`, `InvalidKey`, `StorageError`; images raise
`ImageRejected` with an UPPER_SNAKE `reason` the service turns into INVALID_ARGUMENT.
"""

from __future__ import annotations

from pkg.config import Settings
from pkg.storage.base import (
    InvalidKey,
    ObjectInfo,
    ObjectNotFound,
    ObjectStorage,
    SignedUpload,
    StorageError,
    normalize_content_type,
    validate_key,
)
from pkg.storage.http import storage_routes
from pkg.storage.local import LocalStorage
from pkg.storage.s3 import S3Storage
from pkg.storage.signing import UrlSigner, development_signing_secret

__all__ = [
    "InvalidKey",
    "LocalStorage",
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectStorage",
    "S3Storage",
    "SignedUpload",
    "StorageError",
    "UrlSigner",
    "bind_http_port",
    "build_storage",
    "development_signing_secret",
    "normalize_content_type",
    "reachable_host",
    "storage_routes",
    "validate_key",
]


def build_storage(settings: Settings) -> ObjectStorage:
    """The configured provider (`storage_provider`)."""
    if settings.storage_provider == "s3":
        assert settings.s3_bucket, "settings validation requires s3_bucket"
        return S3Storage(
            bucket=settings.s3_bucket,
            region=settings.s3_region,
            endpoint_url=settings.s3_endpoint_url,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=(
                settings.s3_secret_access_key.get_secret_value() if settings.s3_secret_access_key else None
            ),
            public_base_url=settings.storage_public_base_url,
        )
    secret = (
        settings.storage_signing_secret.get_secret_value().encode()
        if settings.storage_signing_secret
        else development_signing_secret(settings.data_dir)
    )
    host = reachable_host(settings.http_host)
    return LocalStorage(
        settings.data_dir / "files",
        signing_secret=secret,
        base_url=settings.storage_public_base_url or f"http://{host}:{settings.http_port}",
    )


def bind_http_port(storage: ObjectStorage, settings: Settings, port: int) -> None:
    """Point local-storage URLs at the HTTP port actually bound (port 0 picks one at start), unless
    `storage_public_base_url` says where clients reach it."""
    if isinstance(storage, LocalStorage) and not settings.storage_public_base_url:
        storage.base_url = f"http://{reachable_host(settings.http_host)}:{port}"


def reachable_host(host: str) -> str:
    """A host a client on this machine can connect to for a listening address."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host
