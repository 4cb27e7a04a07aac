"""Profile rules of internal/user as pure functions: who may see a profile, held skill levels, update
masks and the validation of time zones, countries and language tags."""

from __future__ import annotations

import uuid

import pytest

from internal.user.directory import held_skills, may_see, skill_keys
from internal.user.models import UserProfile, Visibility
from internal.user.validation import clean_country, clean_language, clean_time_zone, language_keys
from pkg.authz import Caller
from pkg.errors import InvalidArgument

OWNER = uuid.UUID(int=1)
STRANGER = uuid.UUID(int=2)


def signed_in(account_id: uuid.UUID, *roles: str) -> Caller:
    return Caller.account(account_id, *(roles or ("learner",)))


def profile(visibility: Visibility) -> UserProfile:
    return UserProfile(id=OWNER, visibility=visibility.value)


@pytest.mark.parametrize(
    ("visibility", "anonymous", "member", "owner", "admin"),
    [
        (Visibility.PUBLIC, True, True, True, True),
        (Visibility.MEMBERS, False, True, True, True),
        (Visibility.PRIVATE, False, False, True, True),
    ],
)
def test_who_may_see_a_profile(visibility: Visibility, anonymous: bool, member: bool, owner: bool, admin: bool) -> None:
    shown = profile(visibility)
    assert may_see(shown, Caller.ANONYMOUS) is anonymous
    assert may_see(shown, signed_in(STRANGER)) is member
    assert may_see(shown, signed_in(OWNER)) is owner
    assert may_see(shown, signed_in(STRANGER, "admin")) is admin


def test_held_skills_read_back_the_highest_level_of_each_kind() -> None:
    python, rust = uuid.UUID(int=10), uuid.UUID(int=11)
    keys = skill_keys([("offered", python, 4), ("wanted", python, 2), ("offered", rust, 1)])
    assert held_skills(keys) == {("offered", python): 4, ("wanted", python): 2, ("offered", rust): 1}
    assert held_skills(reversed(keys)) == held_skills(keys)
    assert held_skills([]) == {}


def test_skill_keys_refuse_levels_outside_one_to_five() -> None:
    with pytest.raises(ValueError):
        skill_keys([("offered", uuid.UUID(int=10), 0)])


def test_time_zones_and_countries_are_checked_against_the_standard_lists() -> None:
    assert clean_time_zone("Europe/Berlin", "time_zone") == "Europe/Berlin"
    for bad in ("Mars/Olympus", "CET+1", ""):
        with pytest.raises(InvalidArgument):
            clean_time_zone(bad, "time_zone")
    assert clean_country("DE", "country") == "DE"
    assert clean_country("", "country") == ""
    for bad in ("de", "XX", "DEU"):
        with pytest.raises(InvalidArgument):
            clean_country(bad, "country")


def test_language_tags_are_normalised_or_refused() -> None:
    assert clean_language("PT-br", "languages[0]") == "pt-BR"
    assert clean_language("zh-hant-tw", "languages[0]") == "zh-Hant-TW"
    assert clean_language("es-419", "languages[0]") == "es-419"
    for bad in ("xx", "en-QQ", "en-!"):
        with pytest.raises(InvalidArgument):
            clean_language(bad, "languages[0]")
    assert language_keys(["zh-Hant-TW", "zh"]) == ["zh-Hant-TW", "zh-Hant", "zh"]
