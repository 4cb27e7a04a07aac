"""Text embeddings: the port, an offline provider (feature hashing) and a Gemini provider (google-genai)."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from google import genai
from google.genai import types

from pkg.llm.errors import LLMResponseInvalid, call_gemini
from pkg.log import get_logger

log = get_logger("llm")

DEFAULT_EMBEDDING_DIMENSION = 768
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


_WORD = re.compile(r"[^\W_]+(?:[+#]+|(?:['.][^\W_]+)*)")
# Words that carry no topic: they would make every text look a little alike.
# fmt: off
_STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "i", "in", "is", "it",
    "its", "me", "my", "of", "on", "or", "our", "so", "that", "the", "their", "them", "they", "this", "to",
    "was", "we", "were", "will", "with", "you", "your",
})
# fmt: on


class OfflineEmbeddingProvider:
    """Deterministic embeddings that need no key, no network and no model download.

    Feature hashing ("the hashing trick"): each text becomes a bag of features — lower-cased, accent-folded
    words (weight 1), adjacent word pairs (0.7) and character trigrams of each word (0.3, which catches
    typos and shared stems such as "program"/"programming") — and each feature adds ±weight to one of
    `dimension` slots chosen by a BLAKE2b hash of the feature. The sum is L2-normalised. Texts that share
    words and stems land close together; the same text always gets the same vector, in every process.
    It is no language model (it knows no synonyms), but it makes matching and search work offline.
    """

    model_name = "offline-hashing-v1"

    def __init__(self, dimension: int = DEFAULT_EMBEDDING_DIMENSION) -> None:
        if dimension < 8:
            raise ValueError("dimension must be at least 8")
        self._dimension = dimension

    @property
    def dimension(self) -> int:
        """Length of every vector."""
        return self._dimension

    @property
    def model(self) -> str:
        """`offline-hashing-v1`."""
        return self.model_name

    async def embed(self, texts: list[str]) -> list[list[float]]:
        """Embed each text (pure CPU, microseconds per short text)."""
        return [self.embed_one(text) for text in texts]

    async def close(self) -> None:
        """Nothing to release."""

    def embed_one(self, text: str) -> list[float]:
        """The vector of one text."""
        vector = [0.0] * self._dimension
        for feature, weight in _features(text):
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            number = int.from_bytes(digest, "little")
            index = number % self._dimension
            sign = 1.0 if (number >> 63) & 1 else -1.0
            vector[index] += sign * weight
        return l2_normalize(vector)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _features(text: str) -> Iterable[tuple[str, float]]:
    words = [word for word in _WORD.findall(_fold(text)) if word not in _STOPWORDS]
    for word in words:
        yield f"w:{word}", 1.0
        padded = f"<{word}>"
        for start in range(len(padded) - 2):
            yield f"c:{padded[start : start + 3]}", 0.3
    for first, second in zip(words, words[1:], strict=False):
        yield f"b:{first} {second}", 0.7


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
