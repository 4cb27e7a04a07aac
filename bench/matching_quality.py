"""`make bench`, section "Matching quality": precision@10 and NDCG@10 of each algorithm on a labelled population.

The population is built so that each query member's true partners are known by construction:

- every query member q wants to learn one skill X_q (at a low level) and teaches one skill Y_q;
- TRUE PARTNERS (5 per query): teach X_q at level 4-5, want Y_q, speak q's language, share 2-3 hours of weekly
  availability with q and live within 2 hours of q's time zone;
- decoys (5 of each kind per query) that each fail one condition a real exchange needs, while looking right
  to one kind of signal:
  * skill decoys teach X_q (expert) and want Y_q, but speak another language, never overlap with q and live
    7-10 hours away (they fool a skills-only measure);
  * language decoys are partners in everything except a shared language (profile features without language);
  * twins want X_q and teach Y_q like q (same skills on the same side: their profile text is q's, which fools
    text similarity);
  * stars: popular, highly rated mentors of unrelated skills (what a popularity ranking shows first);
- noise: members with random skills, places and schedules;
- and noise on the partners themselves: each partner loses one of its shared hours or its rating with some
  probability, levels vary.

Each algorithm ranks every other member for each query exhaustively (no candidate generation: this measures
the scoring, not the retrieval, which the speed section measures), with the same code the service runs
(`internal/matching/algorithms.py`) and embeddings from the offline embedding provider (`pkg/llm`) of each
member's profile text. The popularity baseline ranks by rating count. Relevance is binary (true partner).
"""

from __future__ import annotations

import asyncio
import math
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from internal.matching.algorithms import Algorithm, Member, Query, score_pair
from pkg.llm.embeddings import OfflineEmbeddingProvider

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "pkg" / "db" / "migrations" / "versions" / "0005_skill_catalog.csv"
K = 10
HOUR = 60
LANGUAGES = ["en", "es", "de", "fr", "ja", "pt", "hi", "zh"]


@dataclass
class Population:
    members: list[Member]
    texts: dict[uuid.UUID, str]
    queries: list[tuple[Member, set[uuid.UUID]]]
    names: dict[uuid.UUID, str]
    vectors: dict[uuid.UUID, list[float]] = field(default_factory=dict)


def _skills() -> list[tuple[uuid.UUID, str]]:
    names = [line.split("|")[1] for line in CATALOG.read_text().splitlines()[1:] if "|" in line]
    return [(uuid.uuid5(uuid.NAMESPACE_URL, f"skill:{name}"), name) for name in names]


def _slot(day: int, start_hour: int, hours: int) -> tuple[int, int]:
    start = day * 24 * HOUR + start_hour * HOUR
    return (start, start + hours * HOUR)


def build(queries: int = 80, noise: int = 1200, seed: int = 42) -> Population:
    """The labelled population (see the module docstring)."""
    rng = random.Random(seed)
    catalog = _skills()
    rng.shuffle(catalog)
    names = dict(catalog)
    pool = [s for s, _ in catalog]
    members: list[Member] = []
    texts: dict[uuid.UUID, str] = {}
    out: list[tuple[Member, set[uuid.UUID]]] = []
    counter = iter(range(10**9))

    def add(**fields: object) -> Member:
        member = Member(user_id=uuid.UUID(int=next(counter) + 1), **fields)  # type: ignore[arg-type]
        members.append(member)
        teaches = ", ".join(names[s] for s in member.offered)
        learns = ", ".join(names[s] for s in member.wanted)
        texts[member.user_id] = f"I teach {teaches or 'nothing yet'}. I want to learn {learns or 'new things'}."
        return member

    def random_member() -> Member:
        offered = {s: rng.randint(1, 5) for s in rng.sample(pool, 3)}
        wanted = {s: rng.randint(1, 3) for s in rng.sample(pool, 2) if s not in offered}
        day, hour = rng.randrange(7), rng.randrange(24)
        return add(
            offered=offered,
            wanted=wanted,
            languages=frozenset(rng.sample(LANGUAGES, rng.choice([1, 1, 2]))),
            utc_offset_minutes=rng.randrange(-10, 11) * HOUR,
            weekly=(_slot(day, hour % 21, 3),),
            average_rating=round(rng.uniform(3.0, 5.0), 1),
            rating_count=rng.choice([0, 0, 1, 3, 8, 20]),
        )

    for _ in range(queries):
        x, y = rng.sample(pool, 2)
        language = rng.choice(LANGUAGES)
        other_language = rng.choice([lang for lang in LANGUAGES if lang != language])
        offset = rng.randrange(-8, 9) * HOUR
        day, hour = rng.randrange(7), rng.randrange(6, 18)
        window = _slot(day, hour, 4)
        q = add(
            offered={y: rng.randint(4, 5)},
            wanted={x: rng.randint(1, 2)},
            languages=frozenset({language}),
            utc_offset_minutes=offset,
            weekly=(window,),
        )
        truth: set[uuid.UUID] = set()
        for _ in range(5):
            shared = rng.choice([2, 3, 3])
            if rng.random() < 0.3:  # noise: a partner with only an hour in common
                shared = 1
            start = hour + rng.randint(0, 4 - shared)
            partner = add(
                offered={x: rng.randint(4, 5), rng.choice(pool): rng.randint(1, 5)},
                wanted={y: rng.randint(1, 2)},
                languages=frozenset({language, *rng.sample(LANGUAGES, rng.choice([0, 1]))}),
                utc_offset_minutes=offset + rng.randint(-2, 2) * HOUR,
                weekly=(_slot(day, start, shared),),
                average_rating=round(rng.uniform(3.5, 5.0), 1) if rng.random() < 0.7 else 0.0,
                rating_count=rng.choice([0, 2, 5, 12]),
            )
            truth.add(partner.user_id)
        far_day = (day + 3) % 7
        for _ in range(5):  # skill decoys: right skills, wrong language, no overlap, far away
            add(
                offered={x: 5},
                wanted={y: 1},
                languages=frozenset({other_language}),
                utc_offset_minutes=offset + rng.choice([-1, 1]) * rng.randint(7, 10) * HOUR,
                weekly=(_slot(far_day, (hour + 12) % 21, 2),),
                average_rating=4.9,
                rating_count=30,
            )
        for _ in range(5):  # language decoys: everything but a shared language
            add(
                offered={x: 5},
                wanted={y: 1},
                languages=frozenset({other_language}),
                utc_offset_minutes=offset,
                weekly=(_slot(day, hour, 3),),
                average_rating=4.7,
                rating_count=15,
            )
        for _ in range(5):  # twins: the same skills on the same side, same place and time
            add(
                offered={y: rng.randint(3, 5)},
                wanted={x: 1},
                languages=frozenset({language}),
                utc_offset_minutes=offset,
                weekly=(_slot(day, hour, 3),),
            )
        for _ in range(3):  # stars: popular mentors of unrelated skills
            add(
                offered={rng.choice(pool): 5},
                languages=frozenset({language}),
                utc_offset_minutes=offset,
                weekly=(window,),
                average_rating=4.9,
                rating_count=rng.randint(80, 200),
            )
        out.append((q, truth))
    for _ in range(noise):
        random_member()
    return Population(members, texts, out, names)


async def embed(population: Population, dimension: int = 256) -> None:
    """Embed every member's profile text with the offline provider (normalised)."""
    provider = OfflineEmbeddingProvider(dimension)
    ids = [m.user_id for m in population.members]
    vectors = await provider.embed([population.texts[i] for i in ids])
    for user_id, vector in zip(ids, vectors, strict=True):
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        population.vectors[user_id] = [v / norm for v in vector]
    await provider.close()


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def precision_at(ranked: Sequence[uuid.UUID], truth: set[uuid.UUID], k: int = K) -> float:
    """Share of the first k that are relevant (k counts even when fewer are relevant)."""
    return sum(1 for r in ranked[:k] if r in truth) / k


def ndcg_at(ranked: Sequence[uuid.UUID], truth: set[uuid.UUID], k: int = K) -> float:
    """Binary-relevance NDCG@k."""
    dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(ranked[:k]) if r in truth)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(truth))))
    return dcg / ideal if ideal else 0.0


def evaluate(population: Population) -> dict[str, tuple[float, float]]:
    """(precision@10, NDCG@10) per algorithm and for the popularity baseline, averaged over the queries."""
    totals: dict[str, list[float]] = {}

    def note(name: str, ranked: list[uuid.UUID], truth: set[uuid.UUID]) -> None:
        p, n = totals.setdefault(name, [0.0, 0.0]), ndcg_at(ranked, truth)
        p[0] += precision_at(ranked, truth)
        p[1] += n

    by_popularity = sorted(population.members, key=lambda m: (-m.rating_count, -m.average_rating, m.user_id))
    for q, truth in population.queries:
        qv = population.vectors[q.user_id]
        others = [m for m in population.members if m.user_id != q.user_id]
        semantic = {m.user_id: _dot(qv, population.vectors[m.user_id]) for m in others}
        for algorithm in Algorithm:
            scored = [
                (score_pair(algorithm, q, m, Query(), population.names, semantic[m.user_id]).score, m.user_id)
                for m in others
            ]
            scored.sort(key=lambda pair: (-pair[0], pair[1]))
            note(algorithm.value, [user_id for _, user_id in scored[:K]], truth)
        note("popularity", [m.user_id for m in by_popularity if m.user_id != q.user_id][:K], truth)
    count = len(population.queries)
    return {name: (p / count, n / count) for name, (p, n) in totals.items()}


def run_quality(queries: int = 80, noise: int = 1200) -> dict[str, tuple[float, float]]:
    """Build, embed and evaluate; returns the table `report` prints."""
    population = build(queries, noise)
    asyncio.run(embed(population))
    return evaluate(population)


def report(results: dict[str, tuple[float, float]], members: int, queries: int) -> list[str]:
    """Markdown lines of the quality section."""
    lines = [
        "## Matching quality",
        "",
        f"`python -m bench.run --only matching` — labelled population of {members:,} members, {queries} query "
        "members with 5 true partners each (bench/matching_quality.py says how it is built), every other member "
        "ranked exhaustively by each algorithm; binary relevance.",
        "",
        "| ranking | precision@10 | NDCG@10 |",
        "|---|---|---|",
    ]
    for name in ("popularity", "cosine", "euclidean", "embedding", "hybrid"):
        p, n = results[name]
        lines.append(f"| {name} | {p:.3f} | {n:.3f} |")
    best_single = max(results[a][1] for a in ("cosine", "euclidean", "embedding"))
    verdict = "beats" if results["hybrid"][1] > max(best_single, results["popularity"][1]) else "does NOT beat"
    lines += ["", f"HYBRID {verdict} the popularity baseline and every single-factor algorithm on NDCG@10.", ""]
    return lines


if __name__ == "__main__":
    population = build()
    asyncio.run(embed(population))
    for line in report(evaluate(population), len(population.members), len(population.queries)):
        print(line)
