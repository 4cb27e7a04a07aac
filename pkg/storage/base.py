"""The storage port: what every provider offers, the value types it returns, and the object-key rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

# Keys are server-chosen paths such as "avatars/<user-id>/<uuid>.webp". Segments start with a letter or a
# digit, so ".", ".." and hidden files cannot be expressed, and a key is safe as a relative file path.
_KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._=-]*(?:/[A-Za-z0-9][A-Za-z0-9._=-]*)*")
MAX_KEY_LENGTH = 512
# Keys under these prefixes are meant to be read by anyone (processed avatars); all others are private.
DEFAULT_PUBLIC_PREFIXES = ("public/",)
_CONTENT_TYPE_PATTERN = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")


class StorageError(Exception):
    """A storage operation failed."""


class ObjectNotFound(StorageError, LookupError):
    """No object exists under the key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no stored object under {key!r}")
        self.key = key


class InvalidKey(StorageError, ValueError):
    """The key breaks the key rules (see `validate_key`)."""


def validate_key(key: str) -> str:
    """Return `key` when it is a valid object key, else raise `InvalidKey`.

    Valid: 1..512 characters, `/`-separated segments of letters, digits, `.`, `_`, `-`, `=`, each segment
    starting with a letter or digit (so no `..`, no leading `/`, no hidden names).
    """
    if not key or len(key) > MAX_KEY_LENGTH or not _KEY_PATTERN.fullmatch(key):
        raise InvalidKey(f"invalid object key {key!r}")
    return key


def normalize_content_type(content_type: str) -> str:
    """The media type without parameters, lower-cased (`"Image/PNG; q=1"` → `"image/png"`)."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if not _CONTENT_TYPE_PATTERN.fullmatch(media_type):
        raise ValueError(f"invalid content type {content_type!r}")
    return media_type


@dataclass(frozen=True)
class SignedUpload:
    """Where and how a client uploads one object directly to storage, until `expire_time`.

    The client sends `method` to `url` with exactly `headers` (they are part of the signature) and the
    object bytes as the body.
    """

    url: str
    method: str
    headers: dict[str, str] = field(default_factory=dict)
    expire_time: datetime | None = None


@dataclass(frozen=True)
class ObjectInfo:
    """Size and content type of a stored object."""

    key: str
    size: int
    content_type: str


@runtime_checkable
class ObjectStorage(Protocol):
    """Blob storage for user files (avatars, attachments): a key → bytes store with signed URLs.

    Keys are chosen by the server (never taken from a client as they are) and follow `validate_key`.
    """

    async def create_upload(self, key: str, *, content_type: str, max_bytes: int, expires_in: float) -> SignedUpload:
        """A short-lived URL the client uploads `key` to, with `content_type` and at most `max_bytes`.

        Providers that cannot enforce `max_bytes` at upload time (S3 presigned PUT) say so; callers check
        `stat(key).size` before using an uploaded object either way.
        """
        ...

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store `data` under `key` (replacing what was there)."""
        ...

    async def get(self, key: str) -> bytes:
        """The bytes under `key`; `ObjectNotFound` when there are none."""
        ...

    async def stat(self, key: str) -> ObjectInfo:
        """Size and content type of `key`; `ObjectNotFound` when there is no object."""
        ...

    async def delete(self, key: str) -> None:
        """Remove `key`; deleting a missing object is not an error."""
        ...

    def public_url(self, key: str) -> str:
        """A URL anyone can read `key` from, without expiry: for published content under a public prefix
        (processed avatars and thumbnails), never for raw uploads."""
        ...

    def download_url(self, key: str, *, expires_in: float) -> str:
        """A signed URL that reads `key` until it expires."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...
