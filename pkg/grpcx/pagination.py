"""Page tokens and page sizes shared by every List RPC.

A page token is an opaque, tamper-evident keyset cursor: the position after the last item of the previous
page plus a fingerprint of the query it belongs to, serialised and signed with HMAC-SHA256. Clients cannot
forge positions, and a token replayed against a different filter is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from pkg.errors import InvalidArgument

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def page_size(requested: int, *, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> int:
    """0 means the default, values above the maximum are capped, negative values are refused."""
    if requested < 0:
        raise InvalidArgument(field="page_size", description="must not be negative")
    return min(requested or default, maximum)


class PageTokens:
    """Signs and verifies keyset cursors with a server secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    @staticmethod
    def _fingerprint(query: Mapping[str, Any]) -> str:
        canonical = json.dumps(query, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def encode(self, position: Mapping[str, Any], query: Mapping[str, Any]) -> str:
        """A token for the page after `position`, valid only for the same `query` (filters and order)."""
        body = json.dumps({"p": position, "q": self._fingerprint(query)}, separators=(",", ":"), default=str).encode()
        signature = hmac.new(self._secret, body, hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(signature + body).rstrip(b"=").decode()

    def decode(self, token: str, query: Mapping[str, Any]) -> dict[str, Any] | None:
        """The position in `token` (None for an empty token); INVALID_ARGUMENT for anything tampered or stale."""
        if not token:
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            signature, body = raw[:16], raw[16:]
            if not hmac.compare_digest(signature, hmac.new(self._secret, body, hashlib.sha256).digest()[:16]):
                raise ValueError("bad signature")
            decoded = json.loads(body)
        except ValueError as exc:
            raise InvalidArgument(
                field="page_token", description="is not a token this server issued", reason="INVALID_PAGE_TOKEN"
            ) from exc
        if decoded.get("q") != self._fingerprint(query):
            raise InvalidArgument(
                field="page_token", description="belongs to a different query", reason="INVALID_PAGE_TOKEN"
            )
        return dict(decoded["p"])
