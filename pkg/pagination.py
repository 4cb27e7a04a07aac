"""Keyset pagination shared by every List and Search RPC.

A List method asks the `Paginator` for a `PageRequest` (which checks `page_size` and decodes
`page_token`), fetches `request.limit` rows ordered by its sort key and strictly after `request.after`,
and hands them back to `request.page(rows, key=...)`, which keeps `size` rows and signs the next token
from the last one's sort key:

    request = self._pages.request(page_size=page_size, page_token=page_token, query={"rpc": "ListSkills", ...})
    rows = await repo.list_skills(..., after=request.after, limit=request.limit)
    return request.page(rows, key=lambda s: {"name": s.name.lower(), "id": str(s.id)})

A page token is an opaque, tamper-evident cursor: the sort key of the last item plus a fingerprint of the
query (filters and order) it belongs to, serialised and signed with HMAC-SHA256. Clients cannot forge
positions, and a token replayed with other filters or order is INVALID_ARGUMENT (`INVALID_PAGE_TOKEN`).
Keyset, not OFFSET: a page costs the same however deep it is, and rows inserted meanwhile shift nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from skillsphere.common.v1.error_reason import ErrorReason

from pkg.errors import InvalidArgument

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

T = TypeVar("T")
U = TypeVar("U")
K = TypeVar("K")

Position = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list and the token of the next one (empty at the end)."""

    items: list[T]
    next_page_token: str = ""

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        """The same page with every item converted (rows to views, say); the token is unchanged."""
        return Page([convert(item) for item in self.items], self.next_page_token)

    def with_items(self, items: list[U]) -> Page[U]:
        """The same page holding `items` instead (converted elsewhere, e.g. in one batch query)."""
        return Page(items, self.next_page_token)


def _invalid_token(description: str) -> InvalidArgument:
    return InvalidArgument(field="page_token", description=description, reason=ErrorReason.INVALID_PAGE_TOKEN)


def clamp_page_size(requested: int, *, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> int:
    """0 means the default, values above the maximum are capped, negative values are INVALID_ARGUMENT."""
    if requested < 0:
        raise InvalidArgument(field="page_size", description="must not be negative")
    return min(requested or default, maximum)


class PageRequest:
    """A checked page request: how many items to return and the sort key to continue after."""

    __slots__ = ("_paginator", "_query", "after", "size")

    def __init__(self, paginator: Paginator, query: Position, size: int, after: dict[str, Any] | None) -> None:
        self._paginator = paginator
        self._query = query
        self.size = size
        self.after = after

    @property
    def limit(self) -> int:
        """How many rows to fetch: one more than the page holds, to learn whether another page follows."""
        return self.size + 1

    @property
    def first(self) -> bool:
        """Whether this is the first page (no token was sent)."""
        return self.after is None

    def position(self, parse: Callable[[dict[str, Any]], K]) -> K | None:
        """The decoded sort key converted by `parse` (None on the first page).

        `parse` may raise KeyError, ValueError or TypeError on a position it cannot read; that is a token of
        another version or query, reported as INVALID_PAGE_TOKEN.
        """
        if self.after is None:
            return None
        try:
            return parse(self.after)
        except (KeyError, ValueError, TypeError) as exc:
            raise _invalid_token("is not a token this server issued") from exc

    def page(self, rows: Sequence[T], key: Callable[[T], Position]) -> Page[T]:
        """The first `size` of `rows` (fetched with `limit`) and, when more followed, the next page's token."""
        if len(rows) <= self.size:
            return Page(list(rows))
        items = list(rows[: self.size])
        return Page(items, self._paginator.encode(key(items[-1]), self._query))


class Paginator:
    """Checks page sizes and signs and verifies keyset cursors with a server secret."""

    def __init__(self, secret: bytes, *, default_size: int = DEFAULT_PAGE_SIZE, max_size: int = MAX_PAGE_SIZE) -> None:
        self._secret = secret
        self._default_size = default_size
        self._max_size = max_size

    def request(
        self,
        *,
        page_size: int,
        page_token: str,
        query: Position,
        default_size: int | None = None,
        max_size: int | None = None,
    ) -> PageRequest:
        """Check `page_size` and decode `page_token` for a list whose filters and order are `query`.

        `query` must hold everything that shapes the result (the RPC's name, filters, order, the caller when
        results depend on who asks): a token is only accepted back with an equal `query`.
        """
        size = clamp_page_size(
            page_size, default=default_size or self._default_size, maximum=max_size or self._max_size
        )
        return PageRequest(self, query, size, self.decode(page_token, query))

    @staticmethod
    def _fingerprint(query: Position) -> str:
        canonical = json.dumps(query, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def _sign(self, body: bytes) -> bytes:
        return hmac.new(self._secret, body, hashlib.sha256).digest()[:16]

    def encode(self, position: Position, query: Position) -> str:
        """A token for the page after `position`, valid only for the same `query`."""
        body = json.dumps({"p": position, "q": self._fingerprint(query)}, separators=(",", ":"), default=str).encode()
        return base64.urlsafe_b64encode(self._sign(body) + body).rstrip(b"=").decode()

    def decode(self, token: str, query: Position) -> dict[str, Any] | None:
        """The position in `token` (None for an empty token); INVALID_ARGUMENT for anything tampered or stale."""
        if not token:
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            signature, body = raw[:16], raw[16:]
            if not hmac.compare_digest(signature, self._sign(body)):
                raise ValueError("bad signature")
            decoded = json.loads(body)
            position = dict(decoded["p"])
            fingerprint = decoded["q"]
        except (ValueError, binascii.Error, KeyError, TypeError) as exc:
            raise _invalid_token("is not a token this server issued") from exc
        if fingerprint != self._fingerprint(query):
            raise _invalid_token("belongs to a different query (other filters or order)")
        return position
