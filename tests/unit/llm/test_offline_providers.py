"""The offline providers: hashed embeddings that put similar texts close, and a deterministic text stand-in."""

from __future__ import annotations

import math

import pytest

from pkg.config import Settings
from pkg.llm import (
    OfflineEmbeddingProvider,
    OfflineTextGenerator,
    build_embedding_provider,
    build_text_generator,
    cosine_similarity,
    l2_normalize,
)
from pkg.llm.jobs import embed_in_job, source_digest


async def test_similar_wording_is_closer_than_an_unrelated_topic() -> None:
    provider = OfflineEmbeddingProvider(768)
    python, python_again, painting = await provider.embed(
        ["python programming", "programming in python", "watercolor painting"]
    )
    assert cosine_similarity(python, python_again) > 0.8
    assert cosine_similarity(python, python_again) > cosine_similarity(python, painting) + 0.5


async def test_shared_stems_and_typos_still_land_near_the_word() -> None:
    provider = OfflineEmbeddingProvider(768)
    typo, word, other = await provider.embed(["pyhton", "python", "cooking"])
    assert cosine_similarity(typo, word) > cosine_similarity(typo, other) + 0.1
    stem, longer, unrelated = await provider.embed(["program", "programming", "gardening"])
    assert cosine_similarity(stem, longer) > cosine_similarity(stem, unrelated) + 0.2


async def test_vectors_are_unit_length_deterministic_and_of_the_configured_dimension() -> None:
    first = await OfflineEmbeddingProvider(256).embed(["Mentor in Rust and Go"])
    again = await OfflineEmbeddingProvider(256).embed(["Mentor in Rust and Go"])
    assert first == again  # no per-process hash seed: every replica computes the same vector
    assert len(first[0]) == 256
    assert math.isclose(math.fsum(v * v for v in first[0]), 1.0, rel_tol=1e-9)


async def test_case_and_accents_do_not_change_the_vector() -> None:
    provider = OfflineEmbeddingProvider(128)
    a, b = await provider.embed(["Café Crème", "cafe creme"])
    assert cosine_similarity(a, b) == pytest.approx(1.0)


async def test_blank_text_embeds_to_the_zero_vector() -> None:
    (vector,) = await OfflineEmbeddingProvider(64).embed(["  "])
    assert vector == [0.0] * 64
    assert cosine_similarity(vector, vector) == 0.0


def test_l2_normalize_scales_to_unit_length() -> None:
    assert l2_normalize([3.0, 4.0]) == [0.6, 0.8]
    assert l2_normalize([0.0, 0.0]) == [0.0, 0.0]


async def test_offline_text_is_deterministic_and_stream_joins_to_the_whole_answer() -> None:
    generator = OfflineTextGenerator()
    answer = await generator.generate("Suggest a first lesson plan for learning Go")
    assert answer == await OfflineTextGenerator().generate("Suggest a first lesson plan for learning Go")
    assert "learning Go" in answer and "offline" in answer
    pieces = [piece async for piece in generator.stream("Suggest a first lesson plan for learning Go")]
    assert len(pieces) > 5
    assert "".join(pieces) == answer


async def test_offline_text_respects_the_output_limit() -> None:
    answer = await OfflineTextGenerator().generate("hello", max_output_tokens=4)
    assert len(answer.split()) == 4


def test_settings_choose_the_offline_providers_by_default(tmp_path: object) -> None:
    settings = Settings(embedding_dimension=384)
    embeddings = build_embedding_provider(settings)
    assert isinstance(embeddings, OfflineEmbeddingProvider)
    assert embeddings.dimension == 384
    assert isinstance(build_text_generator(settings), OfflineTextGenerator)


def test_gemini_needs_an_api_key_and_the_dimension_is_bounded_by_pgvector() -> None:
    with pytest.raises(ValueError, match="SKILLSPHERE_GEMINI_API_KEY"):
        Settings(llm_provider="gemini")
    with pytest.raises(ValueError):
        Settings(embedding_dimension=4096)


async def test_embedding_jobs_store_nothing_for_text_with_nothing_to_embed() -> None:
    vectors = await embed_in_job(OfflineEmbeddingProvider(16), ["Rust systems programming", ""])
    assert vectors[0] is not None and any(vectors[0])
    assert vectors[1] is None
    assert source_digest("m", "a") != source_digest("m", "b") != source_digest("n", "a")
