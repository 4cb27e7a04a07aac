"""Language-model providers behind two small ports: embeddings (vectors) and text generation.

`EmbeddingProvider.embed(texts) -> list[list[float]]` gives unit-length vectors of `dimension` floats
(`SKILLSPHERE_EMBEDDING_DIMENSION`, 256 by default, the one size both providers produce). The dimension is
configured once: the pgvector columns that store user and skill embeddings are created with it,
`check_vector_columns` refuses to start when they disagree, and changing it means a migration that alters
those columns plus re-embedding every row (the `model` name stored next to each vector tells which rows
are stale).

`TextGenerator.generate(prompt)` / `stream(prompt)` answer prompts for the AI features.

Providers (`SKILLSPHERE_LLM_PROVIDER`):

- `offline` (default): `OfflineEmbeddingProvider` embeds with WordLlama's static model (256 dimensions,
  shipped inside the `wordllama` wheel, loaded with downloads disabled: semantic — "public speaking" is
  near "presentation skills" — deterministic, no keys, no network) and `OfflineTextGenerator` answers with
  a fixed template. `make run` and the tests need nothing else.
- `gemini`: `GeminiEmbeddingProvider` and `GeminiTextGenerator` through the official `google-genai` SDK
  (`SKILLSPHERE_GEMINI_*`); the base URL is configurable, which is how the tests run them against a local
  server speaking the Gemini REST API.

Failures surface as `LLMError` subclasses: `LLMUnavailable` (retry later), `LLMRequestRejected`,
`LLMResponseInvalid`, `LLMContentBlocked`. Call providers from jobs, not inside request transactions.
"""

from __future__ import annotations

from google import genai
from google.genai import types

from pkg.config import Settings
from pkg.llm.embeddings import (
    DEFAULT_EMBEDDING_DIMENSION,
    EmbeddingProvider,
    GeminiEmbeddingProvider,
    OfflineEmbeddingProvider,
    cosine_similarity,
    l2_normalize,
    load_wordllama,
)
from pkg.llm.errors import LLMContentBlocked, LLMError, LLMRequestRejected, LLMResponseInvalid, LLMUnavailable
from pkg.llm.schema import EmbeddingDimensionMismatch, check_vector_columns, vector_columns
from pkg.llm.text import GeminiTextGenerator, OfflineTextGenerator, TextGenerator

__all__ = [
    "DEFAULT_EMBEDDING_DIMENSION",
    "EmbeddingDimensionMismatch",
    "EmbeddingProvider",
    "GeminiEmbeddingProvider",
    "GeminiTextGenerator",
    "LLMContentBlocked",
    "LLMError",
    "LLMRequestRejected",
    "LLMResponseInvalid",
    "LLMUnavailable",
    "OfflineEmbeddingProvider",
    "OfflineTextGenerator",
    "TextGenerator",
    "build_embedding_provider",
    "build_text_generator",
    "check_vector_columns",
    "cosine_similarity",
    "gemini_client",
    "l2_normalize",
    "load_wordllama",
    "vector_columns",
]


def gemini_client(
    api_key: str, *, base_url: str | None = None, timeout_seconds: float = 30.0, attempts: int = 3
) -> genai.Client:
    """A google-genai client for the Gemini API; it retries 408/429/5xx itself (`attempts` in all)."""
    return genai.Client(
        api_key=api_key,
        http_options=types.HttpOptions(
            base_url=base_url,
            timeout=int(timeout_seconds * 1000),  # milliseconds
            retry_options=types.HttpRetryOptions(attempts=attempts, initial_delay=0.5, max_delay=8.0),
        ),
    )


def _client_from(settings: Settings) -> genai.Client:
    assert settings.gemini_api_key is not None, "settings validation requires gemini_api_key"
    return gemini_client(
        settings.gemini_api_key.get_secret_value(),
        base_url=settings.gemini_base_url,
        timeout_seconds=settings.gemini_timeout_seconds,
    )


def build_embedding_provider(settings: Settings) -> EmbeddingProvider:
    """The configured embedding provider, producing `settings.embedding_dimension` floats."""
    if settings.llm_provider == "gemini":
        return GeminiEmbeddingProvider(
            _client_from(settings), model=settings.gemini_embedding_model, dimension=settings.embedding_dimension
        )
    return OfflineEmbeddingProvider(settings.embedding_dimension)


def build_text_generator(settings: Settings) -> TextGenerator:
    """The configured text generator."""
    if settings.llm_provider == "gemini":
        return GeminiTextGenerator(_client_from(settings), model=settings.gemini_text_model)
    return OfflineTextGenerator()
