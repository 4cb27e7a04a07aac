"""Catalog rules of internal/skill as pure functions: slugs, name comparison, proficiency and years
ranges, tag and alias cleaning."""

from __future__ import annotations

import pytest

from internal.skill.models import NAME_MAX, TAG_MAX, TAGS_MAX
from internal.skill.service import (
    _check_proficiency,
    _check_years,
    _clean_aliases,
    _clean_name,
    _clean_tags,
    name_key,
    slugify,
)
from pkg.errors import InvalidArgument


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("Node.js", "nodejs"),
        (".NET MAUI", "dotnet-maui"),
        ("Rock & Roll", "rock-and-roll"),
        ("  Café Français ", "cafe-francais"),
        ("日本語", "skill"),
    ],
)
def test_slugs_are_ascii_and_readable(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_names_compare_without_case_or_extra_spaces() -> None:
    assert name_key("  Machine \t Learning ") == name_key("machine learning") == "machine learning"
    assert _clean_name("  Machine   Learning ", "skill.name") == "Machine Learning"
    for bad in ("   ", "x" * (NAME_MAX + 1)):
        with pytest.raises(InvalidArgument):
            _clean_name(bad, "skill.name")


def test_proficiency_is_one_to_five() -> None:
    assert [_check_proficiency(level, "proficiency") for level in (1, 5)] == [1, 5]
    for level in (0, 6, -1):
        with pytest.raises(InvalidArgument) as refused:
            _check_proficiency(level, "proficiency")
        assert refused.value.reason == "PROFICIENCY_INVALID"
        assert refused.value.violations[0].field == "proficiency"


def test_years_of_experience_are_zero_to_seventy() -> None:
    assert [_check_years(years, "years") for years in (0, 70)] == [0, 70]
    for years in (-1, 71):
        with pytest.raises(InvalidArgument):
            _check_years(years, "years")


def test_tags_are_lower_case_single_spaced_and_unique() -> None:
    assert _clean_tags(["Web  Dev", "web dev", "API"], "skill.tags") == ["web dev", "api"]
    with pytest.raises(InvalidArgument) as too_long:
        _clean_tags(["ok", "x" * (TAG_MAX + 1)], "skill.tags")
    assert too_long.value.violations[0].field == "skill.tags[1]"
    with pytest.raises(InvalidArgument):
        _clean_tags([f"tag {n}" for n in range(TAGS_MAX + 1)], "skill.tags")
    assert len(_clean_tags(["same"] * (TAGS_MAX + 5), "skill.tags")) == 1  # duplicates do not count


def test_aliases_skip_the_name_itself_and_repeats() -> None:
    assert _clean_aliases(["JS", "javascript", " js ", "ECMAScript"], "JavaScript", "skill.aliases", 5) == [
        "JS",
        "ECMAScript",
    ]
    with pytest.raises(InvalidArgument):
        _clean_aliases(["a", "b", "c"], "Name", "skill.aliases", 2)
    with pytest.raises(InvalidArgument):
        _clean_aliases([""], "Name", "skill.aliases", 2)
