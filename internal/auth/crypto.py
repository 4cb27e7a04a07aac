"""Opaque tokens and their hashes, and the sealing of refresh-token successors.

Every secret handed to a client (refresh tokens, email-link tokens, OAuth states) has 256 random bits and
is stored only as its SHA-256: a database leak reveals no usable token, and with that much entropy a
fast hash is enough (nothing to brute-force, unlike passwords).
"""

from __future__ import annotations

import hashlib
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def new_token() -> str:
    """A fresh opaque token: 256 random bits, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> bytes:
    """What the database stores (and looks tokens up by)."""
    return hashlib.sha256(token.encode()).digest()


def email_key(email: str) -> bytes:
    """Key of the login throttle of a normalised email."""
    return hashlib.sha256(b"login:" + email.encode()).digest()


def email_fingerprint(email: str) -> str:
    """SHA-256 (hex) of a normalised email, for the security-event log."""
    return hashlib.sha256(email.encode()).hexdigest()


def derive_key(secret: bytes, purpose: str) -> bytes:
    """A 256-bit key for one purpose from a server secret (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"skillsphere.auth", info=purpose.encode()).derive(secret)


class Sealer:
    """AES-256-GCM with associated data: seals a token to the row it belongs to."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plaintext: str, *, context: bytes) -> bytes:
        """nonce ‖ ciphertext ‖ tag."""
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plaintext.encode(), context)

    def open(self, sealed: bytes, *, context: bytes) -> str | None:
        """The plaintext, or None if the blob was tampered with, moved to another row, or sealed by another key."""
        try:
            return self._aead.decrypt(sealed[:12], sealed[12:], context).decode()
        except (InvalidTag, ValueError):
            return None
