"""Access tokens: signed with a kid, verified against the key set, rejected when expired or forged."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from pkg.errors import Unauthenticated
from pkg.tokens import TokenIssuer, TokenVerifier, load_key_set
from pkg.tokens.keys import development_key_path


def _pem(key: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey, path: Path) -> Path:
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return path


def test_issued_token_verifies_and_carries_the_claims(tmp_path: Path) -> None:
    keys = load_key_set(development_key_path(tmp_path))
    issuer = TokenIssuer(keys, issuer="iss", audience="aud", ttl_seconds=900)
    token, claims = issuer.issue(subject="u1", session_id="s1", roles=["learner", "mentor"], email_verified=True)
    header = jwt.get_unverified_header(token)
    assert header["kid"] == keys.signing.kid and header["alg"] == "EdDSA"
    verified = TokenVerifier(keys, issuer="iss", audience="aud").verify(token)
    assert verified == claims
    assert verified.roles == ("learner", "mentor") and verified.expires_at - verified.issued_at == 900


def test_development_key_is_created_once_and_private(tmp_path: Path) -> None:
    first = development_key_path(tmp_path)
    content = first.read_bytes()
    assert development_key_path(tmp_path).read_bytes() == content
    assert first.stat().st_mode & 0o077 == 0


def test_expired_token_is_rejected_with_token_expired(tmp_path: Path) -> None:
    keys = load_key_set(development_key_path(tmp_path))
    now = int(time.time())
    token = jwt.encode(
        {"iss": "iss", "aud": "aud", "sub": "u", "sid": "s", "jti": "j", "iat": now - 3600, "exp": now - 600},
        keys.signing.private_key,
        algorithm="EdDSA",
        headers={"kid": keys.signing.kid},
    )
    with pytest.raises(Unauthenticated) as err:
        TokenVerifier(keys, issuer="iss", audience="aud").verify(token)
    assert err.value.reason == "TOKEN_EXPIRED"


def test_token_signed_by_another_key_is_forged(tmp_path: Path) -> None:
    keys = load_key_set(development_key_path(tmp_path))
    attacker = ed25519.Ed25519PrivateKey.generate()
    now = int(time.time())
    claims = {"iss": "iss", "aud": "aud", "sub": "u", "sid": "s", "jti": "j", "iat": now, "exp": now + 60}
    # Claiming our kid does not help: the signature does not match our public key.
    forged = jwt.encode(claims, attacker, algorithm="EdDSA", headers={"kid": keys.signing.kid})
    verifier = TokenVerifier(keys, issuer="iss", audience="aud")
    with pytest.raises(Unauthenticated) as err:
        verifier.verify(forged)
    assert err.value.reason == "TOKEN_INVALID"
    for bad in ("", "abc", "a.b.c", forged + "x"):
        with pytest.raises(Unauthenticated):
            verifier.verify(bad)


def test_wrong_audience_is_rejected(tmp_path: Path) -> None:
    keys = load_key_set(development_key_path(tmp_path))
    token, _ = TokenIssuer(keys, issuer="iss", audience="other", ttl_seconds=900).issue(
        subject="u", session_id="s", roles=[], email_verified=False
    )
    with pytest.raises(Unauthenticated):
        TokenVerifier(keys, issuer="iss", audience="aud").verify(token)


def test_rotation_keeps_old_tokens_valid_and_jwks_lists_both(tmp_path: Path) -> None:
    old = _pem(ed25519.Ed25519PrivateKey.generate(), tmp_path / "old.pem")
    new = _pem(ec.generate_private_key(ec.SECP256R1()), tmp_path / "new.pem")
    old_keys = load_key_set(old)
    old_token, _ = TokenIssuer(old_keys, issuer="i", audience="a", ttl_seconds=900).issue(
        subject="u", session_id="s", roles=[], email_verified=False
    )
    rotated = load_key_set(new, [old])
    assert rotated.signing.algorithm == "ES256"
    new_token, _ = TokenIssuer(rotated, issuer="i", audience="a", ttl_seconds=900).issue(
        subject="u", session_id="s", roles=[], email_verified=False
    )
    verifier = TokenVerifier(rotated, issuer="i", audience="a")
    assert verifier.verify(old_token).subject == "u"
    assert verifier.verify(new_token).subject == "u"
    jwks = rotated.jwks()["keys"]
    assert {k["kid"] for k in jwks} == {old_keys.signing.kid, rotated.signing.kid}
    assert {k["alg"] for k in jwks} == {"EdDSA", "ES256"}
    assert all("d" not in k for k in jwks)  # never a private member
