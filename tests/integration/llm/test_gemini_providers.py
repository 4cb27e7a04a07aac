"""The Gemini providers through the real google-genai SDK, against a local server speaking the Gemini API."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from pkg.jobs import PermanentJobError
from pkg.llm import (
    GeminiEmbeddingProvider,
    GeminiTextGenerator,
    LLMContentBlocked,
    LLMRequestRejected,
    LLMResponseInvalid,
    LLMUnavailable,
    build_embedding_provider,
    build_text_generator,
    cosine_similarity,
    gemini_client,
)
from pkg.llm.jobs import embed_in_job
from tests.support.gemini_server import API_KEY, FakeGemini, fake_vector, start_fake_gemini


@pytest.fixture
async def gemini() -> AsyncIterator[FakeGemini]:
    state = await start_fake_gemini()
    yield state
    assert state.server is not None
    await state.server.stop()


def _embedder(
    gemini: FakeGemini, *, dimension: int = 32, key: str = API_KEY, attempts: int = 3
) -> GeminiEmbeddingProvider:
    client = gemini_client(key, base_url=gemini.base_url, timeout_seconds=5, attempts=attempts)
    return GeminiEmbeddingProvider(client, model="gemini-embedding-001", dimension=dimension)


def _generator(gemini: FakeGemini) -> GeminiTextGenerator:
    client = gemini_client(API_KEY, base_url=gemini.base_url, timeout_seconds=5, attempts=1)
    return GeminiTextGenerator(client, model="gemini-2.5-flash")


async def test_embeddings_are_requested_with_the_configured_dimension_and_come_back_normalised(
    gemini: FakeGemini,
) -> None:
    provider = _embedder(gemini, dimension=32)
    vectors = await provider.embed(["python programming", "watercolor painting"])
    (call,) = gemini.calls_to("batchEmbedContents")
    assert call.model == "gemini-embedding-001"
    assert call.headers["x-goog-api-key"] == API_KEY
    assert [request["outputDimensionality"] for request in call.body["requests"]] == [32, 32]
    assert [request["content"]["parts"][0]["text"] for request in call.body["requests"]] == [
        "python programming",
        "watercolor painting",
    ]
    assert call.body["requests"][0]["taskType"] == "SEMANTIC_SIMILARITY"
    for vector, text in zip(vectors, ["python programming", "watercolor painting"], strict=True):
        assert len(vector) == 32
        assert math.isclose(math.fsum(v * v for v in vector), 1.0, rel_tol=1e-9)
        # Same direction as what the server sent (which was not unit length).
        assert cosine_similarity(vector, fake_vector(text, 32)) == pytest.approx(1.0)
    await provider.close()


async def test_many_texts_go_in_batches_of_100_and_keep_their_order(gemini: FakeGemini) -> None:
    provider = _embedder(gemini, dimension=8)
    texts = [f"skill number {i}" for i in range(250)]
    texts[7] = "   "  # blank: not sent, zero vector
    vectors = await provider.embed(texts)
    sizes = [len(call.body["requests"]) for call in gemini.calls_to("batchEmbedContents")]
    assert sizes == [100, 100, 49]
    assert vectors[7] == [0.0] * 8
    assert cosine_similarity(vectors[200], fake_vector("skill number 200", 8)) == pytest.approx(1.0)
    await provider.close()


async def test_a_transient_server_error_is_retried_by_the_sdk(gemini: FakeGemini) -> None:
    provider = _embedder(gemini, attempts=3)
    gemini.fail_with = [503]
    (vector,) = await provider.embed(["rust"])
    assert len(vector) == 32
    assert len(gemini.calls_to("batchEmbedContents")) == 2
    await provider.close()


async def test_persistent_overload_is_reported_as_unavailable(gemini: FakeGemini) -> None:
    provider = _embedder(gemini, attempts=1)
    gemini.fail_with = [429]
    with pytest.raises(LLMUnavailable):
        await provider.embed(["rust"])
    await provider.close()


async def test_a_wrong_api_key_is_rejected_not_retried(gemini: FakeGemini) -> None:
    provider = _embedder(gemini, key="wrong-key", attempts=3)
    with pytest.raises(LLMRequestRejected):
        await provider.embed(["rust"])
    assert len(gemini.calls) == 1
    await provider.close()


async def test_vectors_of_the_wrong_length_are_refused(gemini: FakeGemini) -> None:
    provider = _embedder(gemini, dimension=32)
    gemini.force_dimension = 16
    with pytest.raises(LLMResponseInvalid, match="16 dimensions"):
        await provider.embed(["go"])
    await provider.close()


async def test_generate_sends_the_prompt_and_system_instruction(gemini: FakeGemini) -> None:
    generator = _generator(gemini)
    answer = await generator.generate("teach me go", system="be brief", max_output_tokens=50)
    assert answer == "[be brief] Echo: teach me go"
    (call,) = gemini.calls_to("generateContent")
    assert call.body["contents"][0]["parts"][0]["text"] == "teach me go"
    assert call.body["systemInstruction"]["parts"][0]["text"] == "be brief"
    assert call.body["generationConfig"]["maxOutputTokens"] == 50
    await generator.close()


async def test_stream_yields_pieces_that_join_to_the_answer(gemini: FakeGemini) -> None:
    generator = _generator(gemini)
    pieces = [piece async for piece in generator.stream("pair programming tips please")]
    assert len(pieces) == 5
    assert "".join(pieces) == "Echo: pair programming tips please"
    (call,) = gemini.calls_to("streamGenerateContent")
    assert "alt=sse" in call.query
    await generator.close()


async def test_a_blocked_prompt_raises_content_blocked(gemini: FakeGemini) -> None:
    generator = _generator(gemini)
    with pytest.raises(LLMContentBlocked):
        await generator.generate("BLOCKME now")
    with pytest.raises(LLMContentBlocked):
        async for _ in generator.stream("BLOCKME now"):
            pass
    await generator.close()


async def test_stream_errors_become_llm_errors(gemini: FakeGemini) -> None:
    generator = _generator(gemini)
    gemini.fail_with = [500]
    with pytest.raises(LLMUnavailable):
        async for _ in generator.stream("hello"):
            pass
    await generator.close()


async def test_settings_select_gemini_with_the_configured_base_url_and_models(
    gemini: FakeGemini, tmp_path: Path
) -> None:
    from pkg.config import Settings

    settings = Settings(
        llm_provider="gemini",
        gemini_api_key=API_KEY,
        gemini_base_url=gemini.base_url,
        gemini_embedding_model="gemini-embedding-001",
        gemini_text_model="gemini-2.5-flash-lite",
        embedding_dimension=64,
        data_dir=tmp_path,
    )
    embeddings = build_embedding_provider(settings)
    generator = build_text_generator(settings)
    assert embeddings.model == "gemini-embedding-001" and embeddings.dimension == 64
    (vector,) = await embeddings.embed(["kotlin"])
    assert len(vector) == 64
    assert await generator.generate("hi") == "Echo: hi"
    assert gemini.calls_to("generateContent")[0].model == "gemini-2.5-flash-lite"
    await embeddings.close()
    await generator.close()


async def test_an_embedding_job_dead_letters_refusals_and_retries_unavailability(gemini: FakeGemini) -> None:
    rejected = _embedder(gemini, key="wrong-key", attempts=1)
    with pytest.raises(PermanentJobError):  # the same request would be refused on every retry
        await embed_in_job(rejected, ["rust"])
    await rejected.close()
    overloaded = _embedder(gemini, attempts=1)
    gemini.fail_with = [429]
    with pytest.raises(LLMUnavailable):  # left to the worker's retry with backoff
        await embed_in_job(overloaded, ["rust"])
    (vector,) = await embed_in_job(overloaded, ["rust"])
    assert vector is not None and len(vector) == 32
    await overloaded.close()


async def test_by_default_gemini_is_asked_for_the_same_256_dimensions_as_the_offline_model(
    gemini: FakeGemini, tmp_path: Path
) -> None:
    from pkg.config import Settings

    settings = Settings(
        llm_provider="gemini", gemini_api_key=API_KEY, gemini_base_url=gemini.base_url, data_dir=tmp_path
    )
    embeddings = build_embedding_provider(settings)
    assert embeddings.dimension == settings.embedding_dimension == 256
    (vector,) = await embeddings.embed(["kotlin"])
    assert len(vector) == 256
    (call,) = gemini.calls_to("batchEmbedContents")
    assert [request["outputDimensionality"] for request in call.body["requests"]] == [256]
    await embeddings.close()
