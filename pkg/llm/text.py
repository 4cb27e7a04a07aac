"""Text generation: the port, an offline templated generator and a Gemini generator (google-genai)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Protocol, runtime_checkable

from google import genai
from google.genai import types

from pkg.llm.errors import LLMContentBlocked, LLMResponseInvalid, call_gemini
from pkg.log import get_logger

log = get_logger("llm")


@runtime_checkable
class TextGenerator(Protocol):
    """Answers a prompt with text, whole (`generate`) or as it is produced (`stream`)."""

    @property
    def model(self) -> str:
        """Name of the model."""
        ...

    async def generate(self, prompt: str, *, system: str | None = None, max_output_tokens: int | None = None) -> str:
        """The complete answer to `prompt`, following the `system` instruction when given."""
        ...

    def stream(
        self, prompt: str, *, system: str | None = None, max_output_tokens: int | None = None
    ) -> AsyncIterator[str]:
        """The answer in pieces, in order; joined they equal what `generate` would return."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


_SPACES = re.compile(r"\s+")


class OfflineTextGenerator:
    """A stand-in that needs no model: a fixed template around the prompt, the same every time.

    It lets the AI features run end to end (and be tested) without keys; the answers say plainly that no
    language model is configured.
    """

    model_name = "offline-template-v1"

    def __init__(self, *, max_quote_chars: int = 280) -> None:
        self._max_quote = max_quote_chars

    @property
    def model(self) -> str:
        """`offline-template-v1`."""
        return self.model_name

    async def generate(self, prompt: str, *, system: str | None = None, max_output_tokens: int | None = None) -> str:
        """The templated answer (cut to about `max_output_tokens` words when given)."""
        return self._answer(prompt, max_output_tokens)

    async def stream(
        self, prompt: str, *, system: str | None = None, max_output_tokens: int | None = None
    ) -> AsyncIterator[str]:
        """The templated answer word by word."""
        for piece in re.findall(r"\S+\s*", self._answer(prompt, max_output_tokens)):
            yield piece

    async def close(self) -> None:
        """Nothing to release."""

    def _answer(self, prompt: str, max_output_tokens: int | None) -> str:
        quoted = _SPACES.sub(" ", prompt).strip()
        if len(quoted) > self._max_quote:
            quoted = quoted[: self._max_quote].rstrip() + "…"
        text = (
            "No language model is configured, so this is an offline answer. "
            f'You asked: "{quoted}". '
            "Set SKILLSPHERE_LLM_PROVIDER=gemini and SKILLSPHERE_GEMINI_API_KEY for generated answers."
        )
        if max_output_tokens is not None:
            text = " ".join(text.split(" ")[: max(max_output_tokens, 1)])
        return text


class GeminiTextGenerator:
    """Text from the Gemini API: `generate_content` and `generate_content_stream`."""

    def __init__(self, client: genai.Client, *, model: str = "gemini-2.5-flash", temperature: float | None = None):
        self._client = client
        self._model = model
        self._temperature = temperature

    @property
    def model(self) -> str:
        """The Gemini model name."""
        return self._model

    async def close(self) -> None:
        """Close the SDK's HTTP connections."""
        await self._client.aio.aclose()

    def _config(self, system: str | None, max_output_tokens: int | None) -> types.GenerateContentConfig:
        return types.GenerateContentConfig(
            system_instruction=system, max_output_tokens=max_output_tokens, temperature=self._temperature
        )

    async def generate(self, prompt: str, *, system: str | None = None, max_output_tokens: int | None = None) -> str:
        """The complete answer; `LLMContentBlocked` when Gemini withholds it."""
        response = await call_gemini(
            "generate",
            self._client.aio.models.generate_content(
                model=self._model, contents=prompt, config=self._config(system, max_output_tokens)
            ),
        )
        text = response.text
        if text is None:
            raise _no_text(response)
        return text

    async def stream(
        self, prompt: str, *, system: str | None = None, max_output_tokens: int | None = None
    ) -> AsyncIterator[str]:
        """The answer as Gemini streams it (server-sent events)."""
        chunks = await call_gemini(
            "stream",
            self._client.aio.models.generate_content_stream(
                model=self._model, contents=prompt, config=self._config(system, max_output_tokens)
            ),
        )
        produced = False
        iterator = chunks.__aiter__()
        while True:
            try:
                chunk = await call_gemini("stream", iterator.__anext__())
            except StopAsyncIteration:
                break
            if chunk.text:
                produced = True
                yield chunk.text
            elif _blocked(chunk):
                raise _no_text(chunk)
        if not produced:
            raise LLMResponseInvalid("Gemini streamed no text")


def _blocked(response: types.GenerateContentResponse) -> bool:
    if response.prompt_feedback is not None and response.prompt_feedback.block_reason is not None:
        return True
    return any(
        candidate.finish_reason not in (None, types.FinishReason.STOP, types.FinishReason.MAX_TOKENS)
        for candidate in response.candidates or []
    )


def _no_text(response: types.GenerateContentResponse) -> Exception:
    if _blocked(response):
        reasons = [str(c.finish_reason) for c in response.candidates or [] if c.finish_reason]
        if response.prompt_feedback is not None and response.prompt_feedback.block_reason is not None:
            reasons.append(str(response.prompt_feedback.block_reason))
        log.warning("llm_answer_blocked", provider="gemini", reasons=reasons)
        return LLMContentBlocked("Gemini withheld the answer: " + ", ".join(reasons))
    return LLMResponseInvalid("Gemini answered without text")
