"""Keyset pages: tokens are opaque, tamper-evident and tied to their query; page sizes are bounded."""

from __future__ import annotations

import uuid

import pytest

from pkg.errors import InvalidArgument
from pkg.pagination import Page, Paginator, clamp_page_size

QUERY = {"rpc": "ListThings", "filter": "mentor", "order": "recent"}


def test_token_round_trips_for_the_same_query() -> None:
    pages = Paginator(b"secret")
    token = pages.encode({"created": "2026-11-22T10:00:00Z", "id": "abc"}, {"filter": "mentor", "order": "recent"})
    assert "abc" not in token  # opaque, not a readable offset
    position = pages.decode(token, {"order": "recent", "filter": "mentor"})
    assert position == {"created": "2026-11-22T10:00:00Z", "id": "abc"}
    assert pages.decode("", {"filter": "mentor"}) is None


def test_tampered_foreign_or_replayed_tokens_are_invalid_argument() -> None:
    pages = Paginator(b"secret")
    token = pages.encode({"id": "abc"}, {"q": 1})
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    for bad, query in (
        (flipped, {"q": 1}),
        (Paginator(b"other").encode({"id": "abc"}, {"q": 1}), {"q": 1}),
        (token, {"q": 2}),
        ("%%%", {"q": 1}),
        ("a" * 7, {"q": 1}),
    ):
        with pytest.raises(InvalidArgument) as err:
            pages.request(page_size=0, page_token=bad, query=query)
        assert err.value.violations[0].field == "page_token"
        assert err.value.reason == "INVALID_PAGE_TOKEN" and err.value.domain == "skillsphere"


def test_page_size_defaults_caps_and_refuses_negatives() -> None:
    assert clamp_page_size(0) == 20
    assert clamp_page_size(7) == 7
    assert clamp_page_size(5000) == 100
    with pytest.raises(InvalidArgument) as err:
        clamp_page_size(-1)
    assert err.value.violations[0].field == "page_size"
    pages = Paginator(b"secret", default_size=5, max_size=10)
    assert pages.request(page_size=0, page_token="", query=QUERY).size == 5
    assert pages.request(page_size=50, page_token="", query=QUERY).size == 10
    assert pages.request(page_size=50, page_token="", query=QUERY, max_size=30).size == 30


def test_walking_pages_returns_every_row_once_and_ends_with_an_empty_token() -> None:
    pages = Paginator(b"secret")
    rows = sorted(range(23))
    seen: list[int] = []
    token = ""
    for _ in range(10):
        request = pages.request(page_size=10, page_token=token, query=QUERY)
        start = request.position(lambda p: int(p["n"]))
        fetched = [r for r in rows if start is None or r > start][: request.limit]
        page = request.page(fetched, key=lambda r: {"n": r})
        seen += page.items
        token = page.next_page_token
        if not token:
            break
    assert seen == rows


def test_a_full_last_page_has_no_next_token() -> None:
    request = Paginator(b"secret").request(page_size=3, page_token="", query=QUERY)
    assert request.first and request.limit == 4
    assert request.page([1, 2, 3], key=lambda r: {"n": r}) == Page([1, 2, 3], "")
    assert request.page([1, 2, 3, 4], key=lambda r: {"n": r}).next_page_token != ""


def test_a_signed_position_the_list_cannot_read_is_an_invalid_token() -> None:
    pages = Paginator(b"secret")
    token = pages.encode({"id": "not-a-uuid"}, QUERY)
    request = pages.request(page_size=0, page_token=token, query=QUERY)
    with pytest.raises(InvalidArgument) as err:
        request.position(lambda p: uuid.UUID(p["id"]))
    assert err.value.reason == "INVALID_PAGE_TOKEN"


def test_pages_convert_their_items_and_keep_the_token() -> None:
    page = Page([1, 2], "next")
    assert page.map(str) == Page(["1", "2"], "next")
    assert page.with_items(["a"]) == Page(["a"], "next")
