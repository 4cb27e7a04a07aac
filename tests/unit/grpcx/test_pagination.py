"""Page tokens are opaque, tamper-evident and tied to their query; page sizes are bounded."""

from __future__ import annotations

import pytest

from pkg.errors import InvalidArgument
from pkg.grpcx.pagination import PageTokens, page_size


def test_token_round_trips_for_the_same_query() -> None:
    tokens = PageTokens(b"secret")
    token = tokens.encode({"created": "2026-11-22T10:00:00Z", "id": "abc"}, {"filter": "mentor", "order": "recent"})
    assert "abc" not in token  # opaque, not a readable offset
    position = tokens.decode(token, {"order": "recent", "filter": "mentor"})
    assert position == {"created": "2026-11-22T10:00:00Z", "id": "abc"}
    assert tokens.decode("", {"filter": "mentor"}) is None


def test_tampered_foreign_or_replayed_tokens_are_invalid_argument() -> None:
    tokens = PageTokens(b"secret")
    token = tokens.encode({"id": "abc"}, {"q": 1})
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    for bad, query in (
        (flipped, {"q": 1}),
        (PageTokens(b"other").encode({"id": "abc"}, {"q": 1}), {"q": 1}),
        (token, {"q": 2}),
        ("%%%", {"q": 1}),
    ):
        with pytest.raises(InvalidArgument) as err:
            PageTokens(b"secret").decode(bad, query)
        assert err.value.violations[0].field == "page_token"


def test_page_size_defaults_caps_and_refuses_negatives() -> None:
    assert page_size(0) == 20
    assert page_size(7) == 7
    assert page_size(5000) == 100
    with pytest.raises(InvalidArgument):
        page_size(-1)
