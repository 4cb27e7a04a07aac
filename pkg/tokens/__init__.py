"""Access tokens: signing keys, JWKS, issuing and verifying JWTs."""

from pkg.tokens.jwt import AccessClaims, TokenIssuer, TokenVerifier
from pkg.tokens.keys import KeySet, SigningKey, load_key_set

__all__ = ["AccessClaims", "KeySet", "SigningKey", "TokenIssuer", "TokenVerifier", "load_key_set"]
