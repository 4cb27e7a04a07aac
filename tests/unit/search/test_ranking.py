"""The pure rules of member search: query words, the rating prior, coarse locations, reported distances,
typo similarity and highlights."""

from __future__ import annotations

import pytest

from internal.search import ranking
from internal.search.models import MemberFilter, Money, Point
from internal.search.service import highlight, similarity


def test_query_words_keep_programming_names_and_drop_repeats() -> None:
    assert ranking.query_words("  C++  and Node.js, node.js! ") == ["c++", "and", "node.js"]
    assert len(ranking.query_words(" ".join(f"w{n}" for n in range(20)))) == ranking.MAX_QUERY_WORDS


def test_prefix_tsquery_ands_every_word_and_prefixes_the_last_one_with_quotes_escaped() -> None:
    assert ranking.prefix_tsquery(["guitar", "less"]) == "'guitar' & 'less':*"
    assert ranking.prefix_tsquery(["o'neil"]) == "'o''neil':*"


def test_the_rating_prior_prefers_many_good_ratings_over_one_perfect_one() -> None:
    assert ranking.quality(5.0, 1) < ranking.quality(4.8, 50)
    assert ranking.quality(4.0, 0) == 0.0
    assert 0.0 <= ranking.quality(5.0, 10_000) <= 1.0


def test_locations_are_stored_as_cell_centres_and_distances_are_reported_in_5_km_steps() -> None:
    cell = ranking.coarsen(52.52001, 13.40495)
    assert cell == (52.55, 13.45)
    assert ranking.coarsen(52.5999, 13.4001) == cell  # anywhere in the cell looks the same
    assert ranking.coarsen(None, 13.4) is None
    assert ranking.coarsen(-33.8688, 151.2093) == (-33.85, 151.25)
    assert ranking.reported_distance(0.0) == 5.0
    assert ranking.reported_distance(5.01) == 10.0
    assert ranking.haversine_km(52.52, 13.405, 53.5511, 9.9937) == pytest.approx(255, abs=2)


def test_language_keys_add_the_primary_language() -> None:
    assert ranking.language_keys(["pt-BR", "en", "zh-Hans-CN"]) == ["pt-br", "pt", "en", "zh-hans-cn", "zh"]


def test_trigram_similarity_matches_pg_trgm_for_a_transposition() -> None:
    assert similarity("pyhton", "python") == pytest.approx(0.27, abs=0.01)
    assert similarity("rust", "rust") == 1.0
    assert similarity("teach", "cooking") < 0.25


def test_highlights_mark_word_prefixes_in_code_points() -> None:
    found = highlight("name", "Zoë Pythonista", ["pyth", "zo"])
    assert found is not None and found.ranges == ((0, 2), (4, 8))
    assert highlight("name", "Monty", ["ont"]) is None  # inside a word: not a word prefix
    assert highlight("name", "", ["a"]) is None


def test_filter_fingerprints_differ_when_any_filter_does() -> None:
    base = MemberFilter()
    variants = [
        MemberFilter(country_code="DE"),
        MemberFilter(max_hourly_rate=Money(100, "EUR")),
        MemberFilter(near=Point(1.0, 2.0)),
        MemberFilter(mentors_only=True),
    ]
    prints = {repr(base.fingerprint()), *(repr(v.fingerprint()) for v in variants)}
    assert len(prints) == len(variants) + 1
