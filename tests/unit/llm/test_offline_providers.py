"""The offline providers: WordLlama's static embeddings, which put texts of similar meaning close without
any network, and a deterministic text stand-in."""

from __future__ import annotations

import math
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from pkg.config import Settings
from pkg.llm import (
    OfflineEmbeddingProvider,
    OfflineTextGenerator,
    build_embedding_provider,
    build_text_generator,
    cosine_similarity,
    l2_normalize,
    load_wordllama,
)
from pkg.llm.jobs import embed_in_job, source_digest


async def test_meaning_not_wording_decides_what_is_close() -> None:
    provider = OfflineEmbeddingProvider()
    spanish, lessons, rust = await provider.embed(
        ["teach me spanish", "conversational Spanish lessons", "rust systems programming"]
    )
    assert cosine_similarity(spanish, lessons) > 0.4
    assert cosine_similarity(spanish, lessons) > cosine_similarity(spanish, rust) + 0.3
    # No word in common, still related: what the feature-hashing provider it replaced could not do.
    speaking, presenting, cooking = await provider.embed(["public speaking", "presentation skills", "rust compiler"])
    assert cosine_similarity(speaking, presenting) > cosine_similarity(speaking, cooking) + 0.2


async def test_vectors_are_unit_length_deterministic_and_of_the_configured_dimension() -> None:
    first = await OfflineEmbeddingProvider(256).embed(["Mentor in Rust and Go"])
    again = await OfflineEmbeddingProvider(256).embed(["Mentor in Rust and Go"])
    assert first == again  # every replica computes the same vector
    assert len(first[0]) == 256
    assert math.isclose(math.fsum(v * v for v in first[0]), 1.0, rel_tol=1e-5)
    (short,) = await OfflineEmbeddingProvider(64).embed(["Mentor in Rust and Go"])
    assert len(short) == 64  # the model's matryoshka truncation


def test_only_the_models_own_sizes_are_accepted() -> None:
    with pytest.raises(ValueError, match="256"):
        OfflineEmbeddingProvider(768)
    with pytest.raises(ValueError, match="256"):
        Settings(embedding_dimension=384)


async def test_blank_text_embeds_to_the_zero_vector() -> None:
    vectors = await OfflineEmbeddingProvider().embed(["  ", "", "python"])
    assert vectors[0] == vectors[1] == [0.0] * 256
    assert cosine_similarity(vectors[0], vectors[0]) == 0.0
    assert any(vectors[2])
    assert await OfflineEmbeddingProvider().embed([]) == []


def test_the_model_loads_from_the_installed_package_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import wordllama

    # Any attempt to open a connection (a download from a model hub) fails the test.
    def no_network(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the offline embedding model tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    package = Path(wordllama.__file__).parent
    assert (package / "weights" / "l2_supercat_256.safetensors").is_file()
    model = wordllama.WordLlama.load(cache_dir=package, disable_download=True)  # the documented way
    assert model.embedding.shape == (32000, 256)
    assert load_wordllama(256).embedding.shape == (32000, 256)
    # A model that is not in the package is an error, not a download.
    with pytest.raises((FileNotFoundError, ValueError)):
        wordllama.WordLlama.load(cache_dir=package / "nowhere", dim=1024, disable_download=True)


def test_embedding_is_fast_enough_to_embed_in_a_job_or_a_request() -> None:
    # Not an assertion on time (benchmarks measure speed): prints the figure for the report.
    provider = OfflineEmbeddingProvider()
    texts = [f"Mentor offering Python (level {i % 5}), Spanish and public speaking, number {i}" for i in range(2000)]
    provider.embed_sync(texts[:10])
    started = time.perf_counter()
    vectors = provider.embed_sync(texts)
    per_text_ms = (time.perf_counter() - started) / len(texts) * 1000
    print(f"offline embedding: {per_text_ms:.3f} ms per text in a batch of {len(texts)}")
    assert len(vectors) == len(texts)


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
    settings = Settings()
    embeddings = build_embedding_provider(settings)
    assert isinstance(embeddings, OfflineEmbeddingProvider)
    assert embeddings.dimension == 256
    assert isinstance(build_text_generator(settings), OfflineTextGenerator)


def test_gemini_needs_an_api_key_and_the_dimension_is_bounded_by_pgvector() -> None:
    with pytest.raises(ValueError, match="SKILLSPHERE_GEMINI_API_KEY"):
        Settings(llm_provider="gemini")
    with pytest.raises(ValueError):
        Settings(embedding_dimension=4096)


async def test_embedding_jobs_store_nothing_for_text_with_nothing_to_embed() -> None:
    vectors = await embed_in_job(OfflineEmbeddingProvider(), ["Rust systems programming", ""])
    assert vectors[0] is not None and any(vectors[0])
    assert vectors[1] is None
    assert source_digest("m", "a") != source_digest("m", "b") != source_digest("n", "a")
