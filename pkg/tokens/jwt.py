"""Issue and verify access tokens (JWT, EdDSA or ES256) with a `kid` header.

Verification is stateless and cheap enough for every RPC; verified tokens are also kept in a small
bounded cache until they expire, because the same token arrives on every call of a client and an
Ed25519 signature check costs more than the rest of the auth step together.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import jwt
from skillsphere.auth.v1.error_reason import ErrorReason as AuthReason

from pkg.errors import Unauthenticated
from pkg.tokens.keys import KeySet, algorithm_for


@dataclass(frozen=True, slots=True)
class AccessClaims:
    """What a verified access token says about its bearer."""

    subject: str
    session_id: str
    roles: tuple[str, ...]
    email_verified: bool
    token_id: str
    issued_at: int
    expires_at: int


class TokenIssuer:
    """Signs access tokens with the key set's signing key."""

    def __init__(self, keys: KeySet, *, issuer: str, audience: str, ttl_seconds: int) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self.ttl_seconds = ttl_seconds

    def issue(
        self, *, subject: str, session_id: str, roles: Sequence[str], email_verified: bool
    ) -> tuple[str, AccessClaims]:
        """A signed token and the claims it carries."""
        now = int(time.time())
        claims = AccessClaims(
            subject=subject,
            session_id=session_id,
            roles=tuple(roles),
            email_verified=email_verified,
            token_id=uuid.uuid4().hex,
            issued_at=now,
            expires_at=now + self.ttl_seconds,
        )
        payload = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": subject,
            "sid": session_id,
            "roles": list(claims.roles),
            "email_verified": email_verified,
            "jti": claims.token_id,
            "iat": claims.issued_at,
            "nbf": claims.issued_at,
            "exp": claims.expires_at,
        }
        signing = self._keys.signing
        token = jwt.encode(payload, signing.private_key, algorithm=signing.algorithm, headers={"kid": signing.kid})
        return token, claims


class TokenVerifier:
    """Checks signature, issuer, audience and lifetime of access tokens."""

    def __init__(
        self, keys: KeySet, *, issuer: str, audience: str, leeway_seconds: int = 30, cache_size: int = 10_000
    ) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway_seconds
        self._cache: OrderedDict[str, AccessClaims] = OrderedDict()
        self._cache_size = cache_size

    def verify(self, token: str) -> AccessClaims:
        """The token's claims; raises Unauthenticated for anything but a valid, current token."""
        cached = self._cache.get(token)
        now = time.time()
        if cached is not None:
            if cached.expires_at + self._leeway > now:
                self._cache.move_to_end(token)
                return cached
            del self._cache[token]
        claims = self._verify_signature(token)
        self._cache[token] = claims
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return claims

    def _verify_signature(self, token: str) -> AccessClaims:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated("The access token is malformed.", reason=AuthReason.TOKEN_INVALID) from exc
        kid = header.get("kid")
        key = self._keys.verification.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise Unauthenticated("The access token was signed by an unknown key.", reason=AuthReason.TOKEN_INVALID)
        # The key decides the one algorithm it verifies, never the token's header: offering both algorithms
        # for any key let `alg: ES256` reach the EC verifier with an Ed25519 key (a TypeError, so INTERNAL on
        # every RPC), and is the shape of the classic algorithm-confusion attacks (`none`, HS256 keyed with
        # the public key).
        algorithm = algorithm_for(key)
        if header.get("alg") != algorithm:
            raise Unauthenticated(
                "The access token's algorithm does not match its key.", reason=AuthReason.TOKEN_INVALID
            )
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "sid", "jti", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("The access token has expired; refresh it.", reason=AuthReason.TOKEN_EXPIRED) from exc
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            # Whatever a hostile token makes the JWT library trip over is an invalid token, not a crash.
            raise Unauthenticated("The access token is invalid.", reason=AuthReason.TOKEN_INVALID) from exc
        return AccessClaims(
            subject=str(payload["sub"]),
            session_id=str(payload["sid"]),
            roles=tuple(str(r) for r in payload.get("roles", [])),
            email_verified=bool(payload.get("email_verified", False)),
            token_id=str(payload["jti"]),
            issued_at=int(payload["iat"]),
            expires_at=int(payload["exp"]),
        )
