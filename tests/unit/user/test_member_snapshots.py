"""The pure parts of member snapshots: pgvector and multirange text, the avatar thumbnail choice."""

from __future__ import annotations

from internal.user.snapshots import avatar_thumbnail_key, parse_int_multirange, parse_vector


def test_vectors_parse_from_pgvector_text() -> None:
    assert parse_vector(None) is None
    assert parse_vector("[0.5,-1,2e-3]") == (0.5, -1.0, 0.002)
    assert parse_vector("[]") == ()


def test_weekly_ranges_parse_from_multirange_text_sorted_and_half_open() -> None:
    assert parse_int_multirange("{}") == ()
    assert parse_int_multirange("") == ()
    assert parse_int_multirange("{[9840,10080),[0,60)}") == ((0, 60), (9840, 10080))
    assert parse_int_multirange("{(5,10]}") == ((6, 11),)


def test_the_avatar_uri_uses_the_smallest_thumbnail_of_at_least_128_pixels() -> None:
    avatar = {"original_key": "o", "thumbnails": {"64": "t64", "128": "t128", "512": "t512"}}
    assert avatar_thumbnail_key(avatar) == "t128"
    assert avatar_thumbnail_key({"original_key": "o", "thumbnails": {"64": "t64"}}) == "t64"
    assert avatar_thumbnail_key({"original_key": "o", "thumbnails": {}}) == "o"
    assert avatar_thumbnail_key(None) is None
