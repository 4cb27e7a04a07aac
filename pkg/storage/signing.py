"""HMAC-SHA256 signatures of local-storage URLs, and the development signing secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

_KEY_CONTEXT = b"skillsphere storage urls v1\0"
MIN_SECRET_BYTES = 16


def development_signing_secret(data_dir: Path) -> bytes:
    """Create (once) and return the random development secret kept in `<data_dir>/keys/`.

    Every process started on the same data directory reads the same secret, so URLs signed by one
    process are accepted by another.
    """
    path = data_dir / "keys" / "storage-signing-dev.secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written with 0600 under a temporary name and linked into place: two processes starting together
        # never read half a secret, and the first one to link wins.
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text().strip().encode()


class UrlSigner:
    """Signs and checks the canonical description of a URL (method, key, expiry and conditions)."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_SECRET_BYTES:
            raise ValueError(f"the storage signing secret needs at least {MIN_SECRET_BYTES} bytes")
        # A key of its own, so the configured secret is never used directly for anything else.
        self._key = hmac.new(secret, _KEY_CONTEXT, hashlib.sha256).digest()

    def sign(self, *parts: str | int) -> str:
        """URL-safe base64 (unpadded) HMAC-SHA256 of the parts joined by newlines."""
        message = "\n".join(str(part) for part in parts).encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def verify(self, signature: str, *parts: str | int) -> bool:
        """True when `signature` is `sign(*parts)` (compared in constant time)."""
        return hmac.compare_digest(signature.encode(), self.sign(*parts).encode())
