"""Access tokens: signed with a kid, verified against the key set, rejected when expired or forged."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from pkg.errors import Unauthenticated
from pkg.tokens import KeySet, TokenIssuer, TokenVerifier, load_key_set
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


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forge(header: object, payload: object, signature: bytes = b"\x01" * 64) -> str:
    """A token assembled by hand, as an attacker would: any header, any payload, any signature."""
    encode = lambda part: _b64(part if isinstance(part, bytes) else json.dumps(part).encode())  # noqa: E731
    return f"{encode(header)}.{encode(payload)}.{_b64(signature)}"


def _hs256_with_public_key(keys: KeySet, claims: dict[str, object]) -> list[str]:
    """HS256 tokens keyed with the server's public key (PEM and DER), the classic key-confusion forgery."""
    public = keys.verification[keys.signing.kid]
    secrets = [
        public.public_bytes(encoding, serialization.PublicFormat.SubjectPublicKeyInfo)
        for encoding in (serialization.Encoding.PEM, serialization.Encoding.DER)
    ]
    header = _b64(json.dumps({"alg": "HS256", "kid": keys.signing.kid}).encode())
    tokens = []
    for secret in secrets:
        signing_input = f"{header}.{_b64(json.dumps(claims).encode())}"
        signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        tokens.append(f"{signing_input}.{_b64(signature)}")
    return tokens


def test_forged_headers_are_unauthenticated_never_a_crash(tmp_path: Path) -> None:
    ed_keys = load_key_set(development_key_path(tmp_path))
    ec_keys = load_key_set(_pem(ec.generate_private_key(ec.SECP256R1()), tmp_path / "p256.pem"))
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": "iss", "aud": "aud", "sub": "u", "sid": "s", "jti": "j", "iat": now, "exp": now + 600,
    }  # fmt: skip
    for keys, wrong_alg in ((ed_keys, "ES256"), (ec_keys, "EdDSA")):
        kid = keys.signing.kid
        forged = [
            # The header names the server's key but another algorithm (ES256 on Ed25519 was INTERNAL).
            _forge({"alg": wrong_alg, "kid": kid, "typ": "JWT"}, claims),
            _forge({"alg": wrong_alg, "kid": kid}, claims, b"\x00" * 7),
            _forge({"alg": "none", "kid": kid}, claims, b""),
            _forge({"alg": "None", "kid": kid}, claims, b""),
            _forge({"kid": kid}, claims),  # no alg at all
            _forge({"alg": ["EdDSA", "ES256"], "kid": kid}, claims),
            _forge({"alg": "RS256", "kid": kid}, claims),
            *_hs256_with_public_key(keys, claims),
            # Unknown or ill-typed key ids.
            _forge({"alg": keys.signing.algorithm, "kid": "not-our-key"}, claims),
            _forge({"alg": keys.signing.algorithm, "kid": {"$ne": ""}}, claims),
            _forge({"alg": keys.signing.algorithm, "kid": [kid]}, claims),
            _forge({"alg": keys.signing.algorithm, "kid": None}, claims),
            # Garbage segments around a well-formed header.
            _forge({"alg": keys.signing.algorithm, "kid": kid}, b"\xff\xfe not json"),
            _forge({"alg": keys.signing.algorithm, "kid": kid}, [1, 2, 3]),
            _forge({"alg": keys.signing.algorithm, "kid": kid}, claims, b""),
            _forge([keys.signing.algorithm, kid], claims),
            _forge(b"\x00\x01\x02", claims),
            "..",
            "a.b.c.d",
            "!!!.???.###",
            "\u00e9.\u00e9.\u00e9",
        ]
        verifier = TokenVerifier(keys, issuer="iss", audience="aud")
        for token in forged:
            with pytest.raises(Unauthenticated) as err:
                verifier.verify(token)
            assert err.value.reason == "TOKEN_INVALID", token


def test_the_key_decides_the_algorithm_and_genuine_tokens_of_both_kinds_verify(tmp_path: Path) -> None:
    ed_pem = development_key_path(tmp_path)
    ec_pem = _pem(ec.generate_private_key(ec.SECP256R1()), tmp_path / "p256.pem")
    keys = load_key_set(ec_pem, [ed_pem])
    ed_signed, _ = TokenIssuer(load_key_set(ed_pem), issuer="i", audience="a", ttl_seconds=60).issue(
        subject="ed", session_id="s", roles=[], email_verified=False
    )
    ec_signed, _ = TokenIssuer(keys, issuer="i", audience="a", ttl_seconds=60).issue(
        subject="ec", session_id="s", roles=[], email_verified=False
    )
    verifier = TokenVerifier(keys, issuer="i", audience="a")
    assert verifier.verify(ed_signed).subject == "ed" and verifier.verify(ec_signed).subject == "ec"
    # A genuine EdDSA signature relabelled ES256 (and the reverse) is refused, not tried with the other verifier.
    for token, alg in ((ed_signed, "ES256"), (ec_signed, "EdDSA")):
        header, payload, signature = token.split(".")
        original = json.loads(base64.urlsafe_b64decode(header + "=="))
        relabelled = _b64(json.dumps({**original, "alg": alg}).encode())
        with pytest.raises(Unauthenticated):
            TokenVerifier(keys, issuer="i", audience="a").verify(f"{relabelled}.{payload}.{signature}")
