"""The pure rules of member search: query words, coarse locations, the relevance formula's weights.

Relevance of a member to a query, 0..1 (docs/search.md explains each part):

    relevance = 0.40·text + 0.25·name + 0.25·skill + 0.05·quality + 0.05·verified

- text: ts_rank_cd of the member's weighted text against the query (every word, the last one as a prefix),
  normalised to 0..1 as rank/(rank+1); the weights are name 1.0 > taught skills 0.6 > headline 0.4 > bio and
  wanted skills 0.2 (PostgreSQL's A > B > C > D);
- name: pg_trgm word similarity of the query to the display name (typos in names: "Ada Lovlace");
- skill: 1 when the member teaches a catalog skill the query names (by name, alias or a typo of either,
  resolved through SkillService: "JS" → JavaScript, "pyhton" → Python), 0.5 when they want to learn it;
- quality: the rating prior (average/5)·n/(n+5) for n ratings;
- verified: 1 for members with a verified identity.

Featured members that match are pinned above every other result (their sort key gets +1).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

W_TEXT, W_NAME, W_SKILL, W_QUALITY, W_VERIFIED = 0.40, 0.25, 0.25, 0.05, 0.05
W_LEARNS = 0.5
PIN_BOOST = 1.0
# ts_rank_cd weights {D, C, B, A}: bio and wanted skills, headline, taught skills, name.
TEXT_WEIGHTS = (0.2, 0.4, 0.6, 1.0)
RATING_PRIOR = 5
# Grid of stored locations, in degrees (0.1° is about 11 km of latitude).
CELL_DEGREES = 0.1
# Distances are reported rounded up to this many kilometres.
DISTANCE_STEP_KM = 5.0
EARTH_RADIUS_KM = 6371.0
DEFAULT_RADIUS_KM = 50.0
MAX_QUERY_WORDS = 8

_WORD = re.compile(r"[\w+#.]+", re.UNICODE)


def normalise(text: str) -> str:
    """How queries and names compare: collapsed whitespace, lower case."""
    return " ".join(text.split()).lower()


def query_words(text: str) -> list[str]:
    """The words of a query as the text search sees them (letters, digits and + # . kept: "c++", "node.js")."""
    words: list[str] = []
    for raw in _WORD.findall(normalise(text)):
        word = raw.strip(".")
        if word and word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def quality(average_rating: float, rating_count: int) -> float:
    """The rating prior, 0..1: a 5.0 from one rating counts less than a 4.8 from fifty."""
    if rating_count <= 0:
        return 0.0
    return max(0.0, min(1.0, (average_rating / 5.0) * rating_count / (rating_count + RATING_PRIOR)))


def coarsen(latitude: float | None, longitude: float | None) -> tuple[float, float] | None:
    """The centre of the grid cell holding a point: what is stored instead of the point itself."""
    if latitude is None or longitude is None:
        return None
    lat = (math.floor(latitude / CELL_DEGREES) + 0.5) * CELL_DEGREES
    lng = (math.floor(longitude / CELL_DEGREES) + 0.5) * CELL_DEGREES
    return round(max(-90.0, min(90.0, lat)), 4), round(((lng + 180.0) % 360.0) - 180.0, 4)


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def reported_distance(km: float) -> float:
    """A distance as shown: rounded up to the next multiple of 5 km (at least 5)."""
    return max(DISTANCE_STEP_KM, math.ceil(km / DISTANCE_STEP_KM) * DISTANCE_STEP_KM)


def language_keys(tags: Iterable[str]) -> list[str]:
    """Each BCP 47 tag in lower case plus its primary language ("pt-BR" → "pt-br", "pt")."""
    keys: list[str] = []
    for tag in tags:
        lowered = tag.strip().lower()
        for key in (lowered, lowered.split("-")[0]):
            if key and key not in keys:
                keys.append(key)
    return keys


def prefix_tsquery(words: list[str]) -> str:
    """A to_tsquery('simple') text matching every word, the last one as a prefix (autocomplete), with the
    operators and quotes of the words escaped."""
    terms = []
    for index, word in enumerate(words):
        quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
        terms.append(quoted + (":*" if index == len(words) - 1 else ""))
    return " & ".join(terms)
