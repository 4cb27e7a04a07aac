"""Input rules of the user domain: text, languages, time zones, countries, links, rates, ListUsers filters.

Pure functions (no I/O); each raises INVALID_ARGUMENT naming the request field it checked.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from internal.user.models import (
    BIO_MAX,
    CITY_MAX,
    COUNTRY_CODES,
    CURRENCY_CODES,
    DISPLAY_NAME_MAX,
    HEADLINE_MAX,
    HOURLY_RATE_MAX_MINOR,
    LANGUAGE_CODES,
    LANGUAGES_MAX,
    LINK_LABEL_MAX,
    LINK_URL_MAX,
    LINKS_MAX,
    MINUTES_PER_DAY,
    Link,
    ProfileFields,
    UserFilter,
    UserProfile,
    Visibility,
)
from pkg.errors import InvalidArgument

SKILL_FILTERS_MAX = 5
WINDOW_MAX = timedelta(days=31)
QUERY_MAX = 200
_SCRIPT = re.compile(r"[A-Za-z]{4}")
_REGION = re.compile(r"[A-Za-z]{2}|[0-9]{3}")
_VARIANT = re.compile(r"[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}")


def invalid(field: str, description: str) -> InvalidArgument:
    """INVALID_ARGUMENT (the platform reason) naming one bad field."""
    return InvalidArgument(field=field, description=description)


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """Every IANA time zone name zoneinfo knows."""
    return frozenset(zoneinfo.available_timezones())


def clean_time_zone(value: str, field: str) -> str:
    """An IANA time zone name known to zoneinfo."""
    if value not in time_zones():
        raise invalid(field, "must be an IANA time zone such as Europe/Berlin")
    return value


def clean_language(value: str, field: str) -> str:
    """A BCP 47 tag with a known language, normalised (`PT-br` → `pt-BR`, `zh-hant-tw` → `zh-Hant-TW`)."""
    parts = value.strip().split("-")
    language = parts[0].lower()
    if language not in LANGUAGE_CODES:
        raise invalid(field, f"'{value}' does not start with a known ISO 639 language code")
    out = [language]
    rest = parts[1:]
    if rest and _SCRIPT.fullmatch(rest[0]):
        out.append(rest.pop(0).title())
    if rest and _REGION.fullmatch(rest[0]):
        region = rest.pop(0).upper()
        if region.isalpha() and region not in COUNTRY_CODES:
            raise invalid(field, f"'{value}' names an unknown region")
        out.append(region)
    for variant in rest:
        if not _VARIANT.fullmatch(variant):
            raise invalid(field, f"'{value}' is not a BCP 47 language tag")
        out.append(variant.lower())
    return "-".join(out)


def language_keys(codes: Iterable[str]) -> list[str]:
    """What a profile's languages are matched by: each tag and every shorter prefix of it
    (`zh-Hant-TW` → zh-Hant-TW, zh-Hant, zh), so a filter tag also matches its regional variants."""
    keys: list[str] = []
    for code in codes:
        parts = code.split("-")
        for length in range(len(parts), 0, -1):
            key = "-".join(parts[:length])
            if key not in keys:
                keys.append(key)
    return keys


def clean_country(value: str, field: str) -> str:
    """An ISO 3166-1 alpha-2 code (upper case) or empty."""
    if value and value not in COUNTRY_CODES:
        raise invalid(field, "must be an ISO 3166-1 alpha-2 country code in upper case, such as DE")
    return value


def check_printable(value: str, field: str) -> None:
    """Control characters (NUL, escape sequences...) are refused; PostgreSQL cannot even store NUL."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t\r" for ch in value):
        raise invalid(field, "must not contain control characters")


def clean_text(value: str, field: str, maximum: int, *, required: bool = False, single_line: bool = False) -> str:
    """Printable text, trimmed (single_line: inner whitespace collapsed), at most `maximum` characters."""
    check_printable(value, field)
    text = " ".join(value.split()) if single_line else value.strip()
    if required and not text:
        raise invalid(field, "is required")
    if len(text) > maximum:
        raise invalid(field, f"must be at most {maximum} characters")
    return text


def clean_query(value: str) -> str:
    """ListUsers' free text, whitespace collapsed, at most 200 characters."""
    check_printable(value, "query")
    text = " ".join(value.split())
    if len(text) > QUERY_MAX:
        raise invalid("query", f"must be at most {QUERY_MAX} characters")
    return text


def _clean_languages(values: Sequence[str], field: str) -> list[str]:
    codes: list[str] = []
    for index, value in enumerate(values):
        code = clean_language(value, f"{field}[{index}]")
        if code not in codes:
            codes.append(code)
    if len(codes) > LANGUAGES_MAX:
        raise invalid(field, f"must have at most {LANGUAGES_MAX} languages")
    return codes


def _clean_links(links: Sequence[Link], field: str) -> list[dict[str, str]]:
    if len(links) > LINKS_MAX:
        raise invalid(field, f"must have at most {LINKS_MAX} links")
    out = []
    for index, link in enumerate(links):
        check_printable(link.url, f"{field}[{index}].url")
        url = link.url.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > LINK_URL_MAX:
            raise invalid(
                f"{field}[{index}].url", f"must be an absolute http(s) URL of at most {LINK_URL_MAX} characters"
            )
        label = clean_text(link.label, f"{field}[{index}].label", LINK_LABEL_MAX, single_line=True)
        out.append({"type": link.type.value, "url": url, "label": label})
    return out


def _check_location(fields: ProfileFields, field: str) -> None:
    if fields.location is not None:
        if not -90 <= fields.location.latitude <= 90:
            raise invalid(f"{field}.latitude", "must be between -90 and 90")
        if not -180 <= fields.location.longitude <= 180:
            raise invalid(f"{field}.longitude", "must be between -180 and 180")


def _check_rate(fields: ProfileFields, is_mentor: bool, field: str) -> None:
    rate = fields.hourly_rate
    if rate is None:
        return
    if not is_mentor:
        raise invalid(field, "may be set only when is_mentor is true")
    if rate.currency_code not in CURRENCY_CODES:
        raise invalid(f"{field}.currency_code", "must be an ISO 4217 currency code such as EUR")
    if not 0 <= rate.amount_minor <= HOURLY_RATE_MAX_MINOR:
        raise invalid(f"{field}.amount_minor", f"must be between 0 and {HOURLY_RATE_MAX_MINOR}")


def apply_profile_fields(profile: UserProfile, fields: ProfileFields, paths: Sequence[str], prefix: str) -> None:
    """Validate the named fields and copy them onto the profile (CreateUser, UpdateUser)."""
    if "display_name" in paths:
        profile.display_name = clean_text(
            fields.display_name, f"{prefix}.display_name", DISPLAY_NAME_MAX, required=True, single_line=True
        )
    if "headline" in paths:
        profile.headline = clean_text(fields.headline, f"{prefix}.headline", HEADLINE_MAX, single_line=True)
    if "bio" in paths:
        profile.bio = clean_text(fields.bio, f"{prefix}.bio", BIO_MAX)
    if "language_codes" in paths:
        profile.language_codes = _clean_languages(fields.language_codes, f"{prefix}.language_codes")
        profile.language_keys = language_keys(profile.language_codes)
    if "time_zone" in paths:
        if not fields.time_zone:
            raise invalid(f"{prefix}.time_zone", "is required")
        profile.time_zone = clean_time_zone(fields.time_zone, f"{prefix}.time_zone")
    if "country_code" in paths:
        profile.country_code = clean_country(fields.country_code, f"{prefix}.country_code")
    if "city" in paths:
        profile.city = clean_text(fields.city, f"{prefix}.city", CITY_MAX, single_line=True)
    if "location" in paths:
        _check_location(fields, f"{prefix}.location")
        profile.latitude = fields.location.latitude if fields.location else None
        profile.longitude = fields.location.longitude if fields.location else None
    if "links" in paths:
        profile.links = _clean_links(fields.links, f"{prefix}.links")
    if "visibility" in paths:
        profile.visibility = (fields.visibility or Visibility.PUBLIC).value
    if "is_mentor" in paths:
        profile.is_mentor = fields.is_mentor
    if "accepts_skill_swap" in paths:
        profile.accepts_skill_swap = fields.accepts_skill_swap
    if "hourly_rate" in paths:
        _check_rate(fields, bool(profile.is_mentor), f"{prefix}.hourly_rate")
        rate = fields.hourly_rate
        profile.hourly_rate_minor = rate.amount_minor if rate else None
        profile.hourly_rate_currency = rate.currency_code if rate else None
    elif not profile.is_mentor:
        # A rate only makes sense for mentors: turning is_mentor off drops it.
        profile.hourly_rate_minor = None
        profile.hourly_rate_currency = None


def clean_filter(f: UserFilter) -> UserFilter:
    """ListUsers filters checked and put in a canonical order (the page token's query depends on it)."""
    if len(f.skills) > SKILL_FILTERS_MAX:
        raise invalid("filter.skills", f"must have at most {SKILL_FILTERS_MAX} skills")
    for index, skill in enumerate(f.skills):
        if not 0 <= skill.min_level <= 5:
            raise invalid(f"filter.skills[{index}].min_proficiency", "must be between 0 and 5")
    minimum, maximum = f.min_utc_offset_minutes, f.max_utc_offset_minutes
    if minimum is not None and maximum is not None and minimum > maximum:
        raise invalid("filter.min_utc_offset_minutes", "must not be above max_utc_offset_minutes")
    window = f.available_during
    if window is not None:
        if window.end <= window.start:
            raise invalid("filter.available_during.end_time", "must be after start_time")
        if window.end - window.start > WINDOW_MAX:
            raise invalid("filter.available_during.end_time", "must be at most 31 days after start_time")
        if not 0 <= window.min_overlap_minutes <= MINUTES_PER_DAY:
            raise invalid("filter.available_during.min_overlap_minutes", "must be between 0 and 1440")
    languages = {clean_language(c, f"filter.language_codes[{i}]") for i, c in enumerate(f.language_codes)}
    countries = {clean_country(c, f"filter.country_codes[{i}]") for i, c in enumerate(f.country_codes)}
    return UserFilter(
        skills=tuple(sorted(f.skills, key=lambda s: (str(s.skill_id), s.kind or "", s.min_level))),
        mentors_only=f.mentors_only,
        language_codes=tuple(sorted(languages)),
        country_codes=tuple(sorted(countries)),
        min_utc_offset_minutes=minimum,
        max_utc_offset_minutes=maximum,
        available_during=window,
        min_rating=f.min_rating,
        verified_only=f.verified_only,
        exclude_user_ids=tuple(sorted(set(f.exclude_user_ids), key=str)),
    )
