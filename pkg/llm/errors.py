"""Errors of the LLM providers, and the one place Gemini SDK failures are translated into them."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import httpx
from google.genai import errors as genai_errors

from pkg.log import get_logger

log = get_logger("llm")

T = TypeVar("T")

_TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (httpx.TransportError, TimeoutError, ConnectionError)
try:  # google-genai uses httpx2 instead of httpx when it is installed
    import httpx2

    _TRANSPORT_ERRORS = (*_TRANSPORT_ERRORS, httpx2.TransportError)
except ImportError:  # pragma: no cover - depends on the environment
    pass
try:  # and aiohttp for its async calls when that is installed (localstripe, a test dependency, brings it)
    import aiohttp

    _TRANSPORT_ERRORS = (*_TRANSPORT_ERRORS, aiohttp.ClientError)
except ImportError:  # pragma: no cover - depends on the environment
    pass


class LLMError(Exception):
    """A language-model provider failed."""


class LLMUnavailable(LLMError):
    """The provider is unreachable, overloaded or rate-limiting: retrying later may succeed."""


class LLMRequestRejected(LLMError):
    """The provider refused the request (bad key, bad model, invalid input): retrying will not help."""


class LLMResponseInvalid(LLMError):
    """The provider answered something unusable (wrong count or size of vectors, no text)."""


class LLMContentBlocked(LLMError):
    """The provider withheld its answer (safety filters, recitation...)."""


async def call_gemini(operation: str, call: Awaitable[T]) -> T:
    """Await a google-genai call, turning its failures into `LLMError`s (the SDK already retried)."""
    try:
        return await call
    except genai_errors.ClientError as exc:
        log.warning("llm_call_failed", provider="gemini", operation=operation, code=exc.code, status=exc.status)
        if exc.code in (408, 429):
            raise LLMUnavailable(f"Gemini {operation}: {exc.code} {exc.status}") from exc
        raise LLMRequestRejected(f"Gemini {operation}: {exc.code} {exc.status}: {exc.message}") from exc
    except genai_errors.ServerError as exc:
        log.warning("llm_call_failed", provider="gemini", operation=operation, code=exc.code, status=exc.status)
        raise LLMUnavailable(f"Gemini {operation}: {exc.code} {exc.status}") from exc
    except genai_errors.APIError as exc:
        log.warning("llm_call_failed", provider="gemini", operation=operation, code=exc.code, status=exc.status)
        raise LLMError(f"Gemini {operation}: {exc.code} {exc.status}") from exc
    except _TRANSPORT_ERRORS as exc:
        log.warning("llm_call_failed", provider="gemini", operation=operation, error=type(exc).__name__)
        raise LLMUnavailable(f"Gemini {operation}: {type(exc).__name__}") from exc
