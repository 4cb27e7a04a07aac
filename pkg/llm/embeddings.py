"""Text embeddings: the port, an offline provider (WordLlama's static model, shipped in its wheel) and a
Gemini provider (google-genai)."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from google import genai
from google.genai import types

from pkg.llm.errors import LLMResponseInvalid, call_gemini
from pkg.log import get_logger

log = get_logger("llm")

# One stored dimension for every provider: the offline model's native size, which Gemini produces too
# (`output_dimensionality`); the pgvector columns are vector(256) since migration 0008.
DEFAULT_EMBEDDING_DIMENSION = 256
# Gemini's batchEmbedContents takes at most 100 requests per call.
GEMINI_BATCH_SIZE = 100


@runtime_checkable
class EmbeddingProvider(Protocol):
    """Turns texts into unit-length vectors of `dimension` floats; similar meaning → high cosine similarity.

    A blank text embeds to the zero vector (no direction): store NULL for it, not the vector.
    """

    @property
    def dimension(self) -> int:
        """Length of every vector."""
        ...

    @property
    def model(self) -> str:
        """Name of the model; stored next to vectors so a model change can trigger re-embedding."""
        ...

    async def embed(self, texts: list[str]) -> list[list[float]]:
        """One vector per text, in order."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


def l2_normalize(vector: Sequence[float]) -> list[float]:
    """`vector` scaled to length 1 (the zero vector stays zero)."""
    norm = math.sqrt(sum(value * value for value in vector))
    if norm == 0:
        return [0.0] * len(vector)
    return [value / norm for value in vector]


def cosine_similarity(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine of the angle between two vectors (0 when either is zero)."""
    if len(a) != len(b):
        raise ValueError("vectors differ in length")
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norms if norms else 0.0


# The offline model: WordLlama's "l2_supercat" token embeddings (MIT), 256 dimensions, shipped inside the
# `wordllama` wheel. Its dimensions are ordered by importance (matryoshka training), so its first 64 or 128
# dimensions are smaller versions of the same model.
WORDLLAMA_CONFIG = "l2_supercat"
WORDLLAMA_DIMENSIONS = (64, 128, 256)
_wordllama_lock = threading.Lock()
_wordllama_models: dict[int, Any] = {}


def load_wordllama(dimension: int = DEFAULT_EMBEDDING_DIMENSION) -> Any:
    """The WordLlama model shipped in the installed package, loaded once per process and dimension.

    `cache_dir` is the package's own folder and downloads are disabled, so loading never touches the
    network: a missing file is a FileNotFoundError, not a download.
    """
    if dimension not in WORDLLAMA_DIMENSIONS:
        raise ValueError(f"the offline embedding model has {WORDLLAMA_DIMENSIONS} dimensions, not {dimension}")
    with _wordllama_lock:
        model = _wordllama_models.get(dimension)
        if model is None:
            import wordllama  # noqa: PLC0415 - half a second of imports (numpy, tokenizers), only when used

            started = time.perf_counter()
            model = wordllama.WordLlama.load(
                config=WORDLLAMA_CONFIG,
                cache_dir=Path(wordllama.__file__).parent,
                dim=256,
                trunc_dim=None if dimension == 256 else dimension,
                disable_download=True,
            )
            _wordllama_models[dimension] = model
            log.info("wordllama_loaded", dimension=dimension, ms=round((time.perf_counter() - started) * 1000, 1))
    return model


class OfflineEmbeddingProvider:
    """Semantic embeddings that need no key, no network and no download: WordLlama's static model.

    WordLlama (the `wordllama` package) keeps one vector per token of a large language model's vocabulary,
    trained so that the average over a text's tokens lands near texts of similar meaning: "teach me
    spanish" is about 0.52 from "conversational Spanish lessons" and 0.0 from "rust systems programming",
    "public speaking" is close to "presentation skills" with no word in common. The model (32,000 tokens x
    256 dimensions) ships inside the package's wheel and loads in about 0.2 s on first use; embedding costs
    about 0.06 ms per short text in a batch. Vectors are L2-normalised; a blank text is the zero vector.
    The same text always gets the same vector, in every process.
    """

    def __init__(self, dimension: int = DEFAULT_EMBEDDING_DIMENSION) -> None:
        if dimension not in WORDLLAMA_DIMENSIONS:
            raise ValueError(
                f"the offline embedding provider produces {', '.join(map(str, WORDLLAMA_DIMENSIONS))} dimensions, "
                f"not {dimension}"
            )
        self._dimension = dimension

    @property
    def dimension(self) -> int:
        """Length of every vector."""
        return self._dimension

    @property
    def model(self) -> str:
        """`wordllama-l2_supercat-<dimension>`."""
        return f"wordllama-{WORDLLAMA_CONFIG}-{self._dimension}"

    async def embed(self, texts: list[str]) -> list[list[float]]:
        """Embed each text, off the event loop (the first call also loads the model)."""
        if not texts:
            return []
        return await asyncio.to_thread(self.embed_sync, texts)

    async def close(self) -> None:
        """Nothing to release (the model stays loaded for the process)."""

    def embed_sync(self, texts: Sequence[str]) -> list[list[float]]:
        """The vectors of `texts`, computed in the calling thread."""
        result: list[list[float]] = [[0.0] * self._dimension for _ in texts]
        wanted = [(index, text) for index, text in enumerate(texts) if text.strip()]
        if not wanted:
            return result
        vectors = load_wordllama(self._dimension).embed([text for _, text in wanted], norm=False)
        norms = (vectors * vectors).sum(axis=1, keepdims=True) ** 0.5
        norms[norms == 0] = 1.0  # a text of unknown tokens only stays the zero vector
        for (index, _), vector in zip(wanted, (vectors / norms).tolist(), strict=True):
            result[index] = vector
        return result


class GeminiEmbeddingProvider:
    """Embeddings from the Gemini API (`models.embed_content`, sent as batchEmbedContents).

    `dimension` is passed as `output_dimensionality` (gemini-embedding-001 supports 128..3072) and the
    vectors are L2-normalised here, because Gemini only normalises its full-size output.
    `task_type` (e.g. "SEMANTIC_SIMILARITY") tunes the vectors for their use.
    """

    def __init__(
        self,
        client: genai.Client,
        *,
        model: str = "gemini-embedding-001",
        dimension: int = DEFAULT_EMBEDDING_DIMENSION,
        task_type: str | None = "SEMANTIC_SIMILARITY",
    ) -> None:
        self._client = client
        self._model = model
        self._dimension = dimension
        self._task_type = task_type

    @property
    def dimension(self) -> int:
        """Length of every vector."""
        return self._dimension

    @property
    def model(self) -> str:
        """The Gemini model name."""
        return self._model

    async def embed(self, texts: list[str]) -> list[list[float]]:
        """Embed in batches of 100; blank texts are not sent and come back as zero vectors."""
        result: list[list[float]] = [[0.0] * self._dimension for _ in texts]
        wanted = [(index, text) for index, text in enumerate(texts) if text.strip()]
        for start in range(0, len(wanted), GEMINI_BATCH_SIZE):
            batch = wanted[start : start + GEMINI_BATCH_SIZE]
            vectors = await self._embed_batch([text for _, text in batch])
            for (index, _), vector in zip(batch, vectors, strict=True):
                result[index] = vector
        return result

    async def close(self) -> None:
        """Close the SDK's HTTP connections."""
        await self._client.aio.aclose()

    async def _embed_batch(self, texts: list[str]) -> list[list[float]]:
        config = types.EmbedContentConfig(output_dimensionality=self._dimension, task_type=self._task_type)
        response = await call_gemini(
            "embed",
            self._client.aio.models.embed_content(
                model=self._model,
                contents=[types.Content(role="user", parts=[types.Part(text=text)]) for text in texts],
                config=config,
            ),
        )
        embeddings = response.embeddings or []
        if len(embeddings) != len(texts):
            raise LLMResponseInvalid(f"Gemini returned {len(embeddings)} embeddings for {len(texts)} texts")
        vectors = []
        for embedding in embeddings:
            values = list(embedding.values or [])
            if len(values) != self._dimension:
                raise LLMResponseInvalid(f"Gemini returned {len(values)} dimensions, {self._dimension} were configured")
            vectors.append(l2_normalize(values))
        log.debug("llm_embedded", provider="gemini", model=self._model, texts=len(texts))
        return vectors
