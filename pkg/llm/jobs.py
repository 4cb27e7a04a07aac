"""Embedding from background jobs: what the skill and user embedding jobs share."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from pkg.jobs import PermanentJobError
from pkg.llm.embeddings import EmbeddingProvider
from pkg.llm.errors import LLMRequestRejected, LLMResponseInvalid


def source_digest(model: str, text: str) -> str:
    """Fingerprint of what a vector is computed from: unchanged model and text need no new vector."""
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


async def embed_in_job(provider: EmbeddingProvider, texts: Sequence[str]) -> list[list[float] | None]:
    """One vector per text, None where the provider found nothing to embed (an all-zero vector).

    A request the provider refuses or answers wrongly fails the same way on every retry, so it raises
    PermanentJobError (dead-lettered at once); unavailability propagates and is retried with backoff.
    """
    try:
        vectors = await provider.embed(list(texts))
    except (LLMRequestRejected, LLMResponseInvalid) as exc:
        raise PermanentJobError(str(exc)) from exc
    return [vector if any(vector) else None for vector in vectors]
