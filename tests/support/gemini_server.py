"""A local HTTP server that speaks the Gemini REST API (the parts SkillSphere uses), for provider tests.

Endpoints, as google-genai sends them (`POST /{version}/models/{model}:{method}`, key in `x-goog-api-key`):
`batchEmbedContents`, `embedContent`, `generateContent`, `streamGenerateContent?alt=sse`.
Answers are deterministic: embeddings are derived from a hash of the text (deliberately not unit length,
so normalisation is observable); text answers echo the prompt. `fail_with` queues error statuses for the
next calls; a prompt containing BLOCKME is blocked by "safety".
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from pkg.gateway import HttpServer

API_KEY = "test-gemini-key"
_STATUS_NAMES = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL",
                 503: "UNAVAILABLE"}  # fmt: skip


@dataclass
class RecordedCall:
    """One request the fake received."""

    method: str
    model: str
    path: str
    query: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeGemini:
    """The fake's state: what it received, and failures to answer with next."""

    calls: list[RecordedCall] = field(default_factory=list)
    fail_with: list[int] = field(default_factory=list)
    force_dimension: int | None = None  # answer with vectors of this length, whatever was asked
    answers: list[str] = field(default_factory=list)  # texts generateContent answers with next (structured output)
    delay_seconds: float = 0.0  # wait this long before answering generateContent/streamGenerateContent
    server: HttpServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}"

    def calls_to(self, method: str) -> list[RecordedCall]:
        return [call for call in self.calls if call.method == method]


def fake_vector(text: str, dimension: int) -> list[float]:
    """Deterministic, not normalised: values in [-2, 2) from SHA-256 of the text."""
    out: list[float] = []
    counter = 0
    while len(out) < dimension:
        digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        out.extend((byte - 128) / 64 for byte in digest)
        counter += 1
    return out[:dimension]


RETRY_DELAY_SECONDS = 7


def _error(status: int, message: str) -> JSONResponse:
    body: dict[str, Any] = {
        "error": {"code": status, "message": message, "status": _STATUS_NAMES.get(status, "UNKNOWN")}
    }
    if status == 429:  # as Gemini does: when to retry, as a google.rpc.RetryInfo detail
        body["error"]["details"] = [
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{RETRY_DELAY_SECONDS}s"}
        ]
    return JSONResponse(body, status_code=status)


def _text_of(content: dict[str, Any]) -> str:
    return "".join(part.get("text", "") for part in content.get("parts", []))


def _answer_words(body: dict[str, Any]) -> tuple[list[str], str]:
    prompt = " ".join(_text_of(content) for content in body.get("contents", []))
    system = _text_of(body["systemInstruction"]) if "systemInstruction" in body else ""
    words = ([f"[{system}]"] if system else []) + ["Echo:"] + prompt.split()
    limit = body.get("generationConfig", {}).get("maxOutputTokens")
    if limit is not None and len(words) > limit:
        return words[:limit], "MAX_TOKENS"
    return words, "STOP"


def build_app(state: FakeGemini) -> Starlette:
    async def models(request: Request) -> Response:
        target = request.path_params["target"]
        model, _, method = target.partition(":")
        body = json.loads(await request.body() or b"{}")
        state.calls.append(
            RecordedCall(method, model, request.url.path, request.url.query, dict(request.headers), body)
        )
        if request.headers.get("x-goog-api-key") != API_KEY:
            return _error(400, "API key not valid. Please pass a valid API key.")
        if state.fail_with:
            status = state.fail_with.pop(0)
            return _error(status, "injected failure")
        if method == "batchEmbedContents":
            embeddings = []
            for item in body["requests"]:
                if item.get("model") != f"models/{model}":
                    return _error(400, "model mismatch in batch request")
                dimension = state.force_dimension or item.get("outputDimensionality", 3072)
                embeddings.append({"values": fake_vector(_text_of(item["content"]), dimension)})
            return JSONResponse({"embeddings": embeddings})
        if method == "embedContent":
            dimension = body.get("outputDimensionality", 3072)
            return JSONResponse({"embedding": {"values": fake_vector(_text_of(body["content"]), dimension)}})
        if method in ("generateContent", "streamGenerateContent"):
            if state.delay_seconds:
                await asyncio.sleep(state.delay_seconds)
            words, finish = _answer_words(body)
            if method == "generateContent" and state.answers:
                text = state.answers.pop(0)
                return JSONResponse(
                    {
                        "candidates": [
                            {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP"}
                        ],
                        "usageMetadata": {"promptTokenCount": 120, "candidatesTokenCount": 40},
                        "modelVersion": model,
                    }
                )
            if any("BLOCKME" in _text_of(content) for content in body.get("contents", [])):
                blocked = {"promptFeedback": {"blockReason": "SAFETY"}}
                if method == "generateContent":
                    return JSONResponse(blocked)
                return StreamingResponse(_sse([blocked]), media_type="text/event-stream")
            if method == "generateContent":
                return JSONResponse(
                    {
                        "candidates": [
                            {
                                "content": {"role": "model", "parts": [{"text": " ".join(words)}]},
                                "finishReason": finish,
                            }
                        ],
                        "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": len(words)},
                        "modelVersion": model,
                    }
                )
            chunks = []
            for index, word in enumerate(words):
                last = index == len(words) - 1
                candidate: dict[str, Any] = {
                    "content": {"role": "model", "parts": [{"text": word + ("" if last else " ")}]}
                }
                chunk: dict[str, Any] = {"candidates": [candidate], "modelVersion": model}
                if last:
                    candidate["finishReason"] = finish
                    chunk["usageMetadata"] = {"promptTokenCount": 3, "candidatesTokenCount": len(words)}
                chunks.append(chunk)
            return StreamingResponse(_sse(chunks), media_type="text/event-stream")
        return _error(404, f"unknown method {method}")

    return Starlette(routes=[Route("/{version}/models/{target:path}", models, methods=["POST"])])


async def _sse(chunks: list[dict[str, Any]]) -> AsyncIterator[str]:
    for chunk in chunks:
        yield f"data: {json.dumps(chunk)}\r\n\r\n"


async def start_fake_gemini() -> FakeGemini:
    """Start the fake on a free port; call `await state.server.stop()` at the end."""
    state = FakeGemini()
    state.server = HttpServer(build_app(state), "127.0.0.1", 0)
    await state.server.start()
    return state
