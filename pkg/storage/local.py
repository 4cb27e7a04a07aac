"""Files on the local disk, uploaded and downloaded through the HTTP port with signed, expiring URLs.

Layout under `root` (the server uses `<data_dir>/files`): the object `a/b.png` is the file `a/b.png`,
its content type sits in `.meta/a/b.png.json` (keys cannot start a segment with `.`, so no key collides).
Writes go to a temporary file that is renamed into place, so readers never see half an object.

With several replicas, `root` must be a shared volume (or use the S3 provider), and every replica needs
the same signing secret.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

from pkg.storage.base import (
    DEFAULT_PUBLIC_PREFIXES,
    ObjectInfo,
    ObjectNotFound,
    SignedUpload,
    normalize_content_type,
    validate_key,
)
from pkg.storage.signing import UrlSigner

_META_DIR = ".meta"
_TMP_DIR = ".tmp"


class UploadRefused(Exception):
    """An upload through a signed URL was refused; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message


class LocalStorage:
    """`ObjectStorage` on the local file system; pair it with `storage_routes` on the HTTP port.

    `base_url` is the externally visible address of the HTTP port (`http://127.0.0.1:8080`); URLs are
    `<base_url>/files/upload/<key>?...` (PUT) and `<base_url>/files/<key>` (GET). Keys under one of
    `public_prefixes` are readable without a signature; everything else needs a `download_url`.
    `clock` returns Unix seconds (tests move it).
    """

    def __init__(
        self,
        root: Path,
        *,
        signing_secret: bytes,
        base_url: str,
        public_prefixes: Sequence[str] = DEFAULT_PUBLIC_PREFIXES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.root = root
        self.base_url = base_url
        self.public_prefixes = tuple(public_prefixes)
        self._signer = UrlSigner(signing_secret)
        self._clock = clock

    # --- paths ---------------------------------------------------------------------------------------------

    def _path(self, key: str) -> Path:
        return self.root / validate_key(key)

    def _meta_path(self, key: str) -> Path:
        return self.root / _META_DIR / f"{validate_key(key)}.json"

    def _url(self, path: str, query: dict[str, str | int]) -> str:
        base = self.base_url.rstrip("/")
        return f"{base}{path}?{urlencode(query)}" if query else f"{base}{path}"

    # --- ObjectStorage -------------------------------------------------------------------------------------

    async def create_upload(self, key: str, *, content_type: str, max_bytes: int, expires_in: float) -> SignedUpload:
        """A PUT URL for `key`, checked by the HTTP port: signature, expiry, Content-Type, size."""
        validate_key(key)
        content_type = normalize_content_type(content_type)
        if max_bytes <= 0 or expires_in <= 0:
            raise ValueError("max_bytes and expires_in must be positive")
        expires = int(self._clock() + expires_in)
        signature = self._signer.sign("PUT", key, expires, content_type, max_bytes)
        url = self._url(
            f"/files/upload/{quote(key)}",
            {"expires": expires, "content_type": content_type, "max_bytes": max_bytes, "sig": signature},
        )
        return SignedUpload(
            url=url,
            method="PUT",
            headers={"Content-Type": content_type},
            expire_time=datetime.fromtimestamp(expires, UTC),
        )

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Write `data` under `key` atomically."""
        content_type = normalize_content_type(content_type)
        await asyncio.to_thread(self._write_whole, key, data, content_type)

    async def get(self, key: str) -> bytes:
        """The bytes under `key`."""
        path = self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectNotFound(key) from None

    async def stat(self, key: str) -> ObjectInfo:
        """Size and content type of `key`."""
        return await asyncio.to_thread(self.stat_sync, key)

    async def delete(self, key: str) -> None:
        """Remove `key` and its metadata (missing is fine)."""

        def remove() -> None:
            for path in (self._path(key), self._meta_path(key)):
                with contextlib.suppress(IsADirectoryError, NotADirectoryError):
                    path.unlink(missing_ok=True)

        await asyncio.to_thread(remove)

    def public_url(self, key: str) -> str:
        """`<base_url>/files/<key>`; readable without a signature only under a public prefix."""
        return self._url(f"/files/{quote(validate_key(key))}", {})

    def download_url(self, key: str, *, expires_in: float) -> str:
        """`<base_url>/files/<key>?expires=...&sig=...`, readable until it expires."""
        validate_key(key)
        expires = int(self._clock() + expires_in)
        signature = self._signer.sign("GET", key, expires)
        return self._url(f"/files/{quote(key)}", {"expires": expires, "sig": signature})

    async def close(self) -> None:
        """Nothing to release."""

    # --- used by the HTTP routes ---------------------------------------------------------------------------

    def stat_sync(self, key: str) -> ObjectInfo:
        """`stat` without the thread hop (the HTTP routes call it from a thread already)."""
        path = self._path(key)
        try:
            size = path.stat().st_size
            if not path.is_file():
                raise ObjectNotFound(key)
        except (FileNotFoundError, NotADirectoryError):
            raise ObjectNotFound(key) from None
        try:
            meta = json.loads(self._meta_path(key).read_text())
            content_type = str(meta["content_type"])
        except (OSError, ValueError, KeyError):
            content_type = "application/octet-stream"
        return ObjectInfo(key=key, size=size, content_type=content_type)

    def is_public(self, key: str) -> bool:
        """True when `key` lies under a public prefix."""
        return any(key.startswith(prefix) for prefix in self.public_prefixes)

    def check_download(self, key: str, expires: str | None, signature: str | None) -> bool:
        """True when `key` may be read: public, or a valid unexpired download signature."""
        if self.is_public(key):
            return True
        if not expires or not signature or not expires.isdigit():
            return False
        return int(expires) >= self._clock() and self._signer.verify(signature, "GET", key, int(expires))

    def check_upload(
        self, key: str, *, expires: str, content_type: str, max_bytes: str, signature: str, sent_type: str | None
    ) -> tuple[str, int]:
        """Check a signed upload request; return (content type, byte limit) or raise `UploadRefused`."""
        if not (expires.isdigit() and max_bytes.isdigit() and signature):
            raise UploadRefused(403, "UPLOAD_SIGNATURE_INVALID", "The upload URL is incomplete.")
        if not self._signer.verify(signature, "PUT", key, int(expires), content_type, int(max_bytes)):
            raise UploadRefused(403, "UPLOAD_SIGNATURE_INVALID", "The upload URL signature is not valid.")
        if int(expires) < self._clock():
            raise UploadRefused(403, "UPLOAD_URL_EXPIRED", "The upload URL has expired; ask for a new one.")
        try:
            sent = normalize_content_type(sent_type or "")
        except ValueError:
            sent = ""
        if sent != content_type:
            raise UploadRefused(
                400, "UPLOAD_CONTENT_TYPE_MISMATCH", f"Send the upload with Content-Type: {content_type}."
            )
        return content_type, int(max_bytes)

    def open_upload(self, key: str) -> tuple[Path, io.BufferedWriter]:
        """A new temporary file for an upload of `key`: (path, binary file object)."""
        validate_key(key)
        tmp_dir = self.root / _TMP_DIR
        tmp_dir.mkdir(parents=True, exist_ok=True)
        path = tmp_dir / f"{secrets.token_hex(12)}.part"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        return path, os.fdopen(fd, "wb")

    def commit_upload(self, key: str, tmp: Path, content_type: str) -> None:
        """Move a completed temporary upload into place as `key`."""
        self._install(key, tmp, content_type)

    def _write_whole(self, key: str, data: bytes, content_type: str) -> None:
        tmp, handle = self.open_upload(key)
        try:
            with handle:
                handle.write(data)
            self._install(key, tmp, content_type)
        finally:
            tmp.unlink(missing_ok=True)

    def _install(self, key: str, tmp: Path, content_type: str) -> None:
        path = self._path(key)
        meta = self._meta_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta.parent.mkdir(parents=True, exist_ok=True)
        meta_tmp = meta.with_name(f"{meta.name}.{secrets.token_hex(6)}.tmp")
        meta_tmp.write_text(json.dumps({"content_type": content_type}))
        os.replace(meta_tmp, meta)
        os.replace(tmp, path)
