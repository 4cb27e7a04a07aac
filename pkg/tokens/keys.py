"""Asymmetric signing keys for access tokens, their key ids and the public JWKS.

One key signs; any number of older public keys keep verifying during a rotation. Key ids are RFC 7638
JWK thumbprints, so the same key always has the same `kid` on every replica.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey
PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(key: PublicKey) -> dict[str, str]:
    """The public JWK members of a key (without kid/alg/use)."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        numbers = key.public_numbers()
        return {
            "crv": "P-256",
            "kty": "EC",
            "x": _b64url(numbers.x.to_bytes(32, "big")),
            "y": _b64url(numbers.y.to_bytes(32, "big")),
        }
    raise ValueError("only Ed25519 (EdDSA) and P-256 (ES256) keys are supported")


def algorithm_for(key: PublicKey) -> str:
    """The JWS algorithm a key signs with."""
    return "EdDSA" if isinstance(key, ed25519.Ed25519PublicKey) else "ES256"


def thumbprint(key: PublicKey) -> str:
    """RFC 7638 JWK thumbprint: SHA-256 over the required members in lexicographic order."""
    canonical = json.dumps(public_jwk(key), sort_keys=True, separators=(",", ":"))
    return _b64url(hashlib.sha256(canonical.encode()).digest())


@dataclass(frozen=True)
class SigningKey:
    """The private key that signs new tokens."""

    private_key: PrivateKey
    kid: str
    algorithm: str


@dataclass(frozen=True)
class KeySet:
    """The signing key plus every public key accepted for verification, by kid."""

    signing: SigningKey
    verification: dict[str, PublicKey] = field(default_factory=dict)

    def jwks(self) -> dict[str, Any]:
        """The public keys as a JSON Web Key Set for `/.well-known/jwks.json`."""
        keys = []
        for kid, key in sorted(self.verification.items()):
            keys.append({**public_jwk(key), "kid": kid, "alg": algorithm_for(key), "use": "sig"})
        return {"keys": keys}


def _load_private(path: Path) -> PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError(f"{path}: signing key must be Ed25519 or P-256")
    return key


def _load_public(path: Path) -> PublicKey:
    data = path.read_bytes()
    key: Any
    if b"PRIVATE KEY" in data:
        key = serialization.load_pem_private_key(data, password=None).public_key()
    else:
        key = serialization.load_pem_public_key(data)
    if not isinstance(key, ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey):
        raise ValueError(f"{path}: verification key must be Ed25519 or P-256")
    return key


def development_key_path(data_dir: Path) -> Path:
    """Create (once) and return the development Ed25519 key in the data directory."""
    path = data_dir / "keys" / "jwt-signing-dev.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = ed25519.Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        # Written with 0600 from the start and renamed into place so two processes starting together
        # never read half a key.
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        with contextlib.suppress(FileExistsError):  # another process won the race; keep its key
            os.link(tmp, path)
        tmp.unlink()
    return path


def load_key_set(signing_key_file: Path, verification_key_files: Iterable[Path] = ()) -> KeySet:
    """Load the signing key and any extra verification keys from PEM files."""
    private = _load_private(signing_key_file)
    public = private.public_key()
    signing = SigningKey(private_key=private, kid=thumbprint(public), algorithm=algorithm_for(public))
    verification: dict[str, PublicKey] = {signing.kid: public}
    for path in verification_key_files:
        key = _load_public(path)
        verification[thumbprint(key)] = key
    return KeySet(signing=signing, verification=verification)
