"""grpc-web → gRPC forwarding gateway (ASGI).

Browsers speak grpc-web over HTTP/1.1; this component turns each call into a real gRPC call on a
``grpc.aio`` channel to our own gRPC port, so browser traffic goes through exactly the same server
interceptor chain as native clients. Messages are forwarded byte for byte: multicallables are created
without serializers, so the gateway never needs the generated message classes (no domain knowledge).

Wire format (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-WEB.md):

* request body: one length-prefixed message ``flag(0x00) | uint32 BE length | bytes``;
  ``application/grpc-web-text`` bodies are base64 of the same bytes;
* response: initial metadata as HTTP headers, one frame per message, then a trailer frame
  ``flag(0x80) | length | "key: value\\r\\n"...`` carrying ``grpc-status``/``grpc-message``/trailers.

Production runs Envoy's ``grpc_web`` filter instead (``deploy/envoy.yaml``); the behaviour here mirrors it.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import grpc
from google.protobuf.descriptor import ServiceDescriptor
from starlette.types import Message, Receive, Scope, Send

__all__ = [
    "ALLOW_HEADERS",
    "EXPOSE_HEADERS",
    "ChannelSource",
    "CorsPolicy",
    "GrpcWebGateway",
    "StreamingPredicate",
    "response_streaming_paths",
]

log = logging.getLogger(__name__)

# Browsers do not let `*` cover `authorization`, so request headers are listed one by one.
ALLOW_HEADERS: tuple[str, ...] = (
    "content-type",
    "x-grpc-web",
    "x-user-agent",
    "authorization",
    "grpc-timeout",
    "x-request-id",
    "traceparent",
    "tracestate",
)
# Without these the browser cannot read the status headers and every error becomes UNKNOWN.
EXPOSE_HEADERS: tuple[str, ...] = ("grpc-status", "grpc-message", "grpc-status-details-bin", "x-request-id")

#: The caller says which methods answer with a stream: a predicate, a mapping path → bool, or a set of paths.
StreamingPredicate: TypeAlias = Callable[[str], bool] | Mapping[str, bool] | Collection[str]
#: A channel, or a zero-argument callable returning one (lets the app open it lazily in the serving loop).
ChannelSource: TypeAlias = grpc.aio.Channel | Callable[[], grpc.aio.Channel]

_CONTENT_TYPES = {
    "application/grpc-web": False,
    "application/grpc-web+proto": False,
    "application/grpc-web-text": True,
    "application/grpc-web-text+proto": True,
}
_DATA_FLAG = 0x00
_COMPRESSED_FLAG = 0x01
_TRAILER_FLAG = 0x80

# Fully qualified service (at least one dot, as every `package.Service` has) and method name.
_PATH_RE = re.compile(r"/([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)/([A-Za-z_][A-Za-z0-9_]*)")
_TIMEOUT_RE = re.compile(r"(\d{1,8})([HMSmun])")
_TIMEOUT_UNITS = {"H": 3600.0, "M": 60.0, "S": 1.0, "m": 1e-3, "u": 1e-6, "n": 1e-9}
_METADATA_KEY_RE = re.compile(r"[0-9a-z_.\-]+")
_PRINTABLE_ASCII_RE = re.compile(r"[\x20-\x7e]*")

# Request headers that describe the HTTP/1.1 hop or the browser, not the call.
_DROPPED_REQUEST_HEADERS = frozenset(
    {
        "host",
        "content-type",
        "content-length",
        "connection",
        "keep-alive",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "expect",
        "proxy-authorization",
        "proxy-connection",
        "origin",
        "referer",
        "user-agent",  # re-sent as x-forwarded-user-agent: gRPC owns `user-agent` (the channel's own)
        "x-grpc-web",
        "cache-control",
        "pragma",
        "priority",
        "dnt",
        "upgrade-insecure-requests",
        "accept",
    }
)
# `grpc-*` are reserved by gRPC (grpc-timeout becomes the call deadline); the rest is browser plumbing.
_DROPPED_REQUEST_PREFIXES = ("grpc-", "accept-", "access-control-", "sec-", ":")
# Never copy these from gRPC metadata into an HTTP/1.1 response.
_RESERVED_RESPONSE_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "connection",
        "transfer-encoding",
        "keep-alive",
        "te",
        "trailer",
        "date",
    }
)


def response_streaming_paths(services: Iterable[ServiceDescriptor]) -> frozenset[str]:
    """Return ``/<package.Service>/<Method>`` of every method whose response is a stream.

    Bidi methods are included: grpc-web sends a single request message, which is on the wire the same as
    a client stream of one, so they can be forwarded like server streaming.
    """
    return frozenset(
        f"/{service.full_name}/{method.name}"
        for service in services
        for method in service.methods
        if method.server_streaming
    )


@dataclass(frozen=True)
class CorsPolicy:
    """Which browser origins may call, and what the CORS answers contain."""

    allowed_origins: tuple[str, ...] = ()
    allow_headers: tuple[str, ...] = ALLOW_HEADERS
    expose_headers: tuple[str, ...] = EXPOSE_HEADERS
    allow_credentials: bool = False
    max_age: int = 7200  # Chromium caps preflight caching at 2 h

    def allowed_origin(self, origin: str | None) -> str | None:
        """The value for Access-Control-Allow-Origin, or None when ``origin`` is not allowed.

        The request's Origin is echoed (also for ``*``), never the Host: that is what a browser checks.
        """
        if not origin:
            return None
        if "*" in self.allowed_origins or origin in self.allowed_origins:
            return origin
        return None


class _HttpError(Exception):
    """A request the gateway refuses before any upstream call."""

    def __init__(self, http_status: int, code: grpc.StatusCode, message: str) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.code = code
        self.message = message


class _ClientGone(Exception):
    """The browser disconnected while the request body was being read."""


def _status_number(code: grpc.StatusCode) -> int:
    return int(code.value[0])


def percent_encode(message: str) -> str:
    """Percent-encode a ``grpc-message`` value as the gRPC HTTP/2 spec requires."""
    out = []
    for byte in message.encode("utf-8"):
        if 0x20 <= byte <= 0x7E and byte != 0x25:
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def _b64_header(value: bytes) -> str:
    # Padded: every browser base64 decoder accepts it (the spec lets receivers take both).
    return base64.b64encode(value).decode("ascii")


def _b64decode_lenient(text: str | bytes) -> bytes:
    """Decode base64 that may be unpadded or a concatenation of separately padded chunks."""
    data = text.encode("ascii") if isinstance(text, str) else text
    data = re.sub(rb"\s+", b"", data)
    out = bytearray()
    # grpc-web-text streams may concatenate independently padded base64 chunks ("QQ==QUI=").
    for chunk in re.findall(rb"[^=]+=*", data):
        if len(chunk) % 4:
            chunk += b"=" * (-len(chunk) % 4)
        out += base64.b64decode(chunk, validate=True)
    return bytes(out)


def _frame(flag: int, payload: bytes) -> bytes:
    return bytes([flag]) + len(payload).to_bytes(4, "big") + payload


def _metadata_value(key: str, value: str | bytes) -> str:
    if key.endswith("-bin"):
        raw = value if isinstance(value, bytes) else value.encode("latin-1")
        return _b64_header(raw)
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _metadata_headers(metadata: Iterable[tuple[str, str | bytes]]) -> list[tuple[str, str]]:
    """gRPC metadata → HTTP header pairs (binary values base64-encoded)."""
    headers = []
    for key, value in metadata:
        lower = key.lower()
        if lower in _RESERVED_RESPONSE_HEADERS or lower.startswith(":"):
            continue
        headers.append((lower, _metadata_value(lower, value)))
    return headers


def _status_headers(code: grpc.StatusCode, details: str) -> list[tuple[str, str]]:
    headers = [("grpc-status", str(_status_number(code)))]
    if details:
        headers.append(("grpc-message", percent_encode(details)))
    return headers


def _trailer_block(code: grpc.StatusCode, details: str, trailing: Iterable[tuple[str, str | bytes]]) -> bytes:
    lines = [f"{k}: {v}\r\n" for k, v in _status_headers(code, details) + _metadata_headers(trailing)]
    return "".join(lines).encode("latin-1")


def parse_grpc_timeout(value: str) -> float:
    """Parse a ``grpc-timeout`` header (``1-8 digits`` + unit ``H M S m u n``) into seconds."""
    match = _TIMEOUT_RE.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"malformed grpc-timeout {value!r}")
    return int(match.group(1)) * _TIMEOUT_UNITS[match.group(2)]


def _to_predicate(spec: StreamingPredicate | None) -> Callable[[str], bool]:
    if spec is None:
        return lambda _path: False
    if isinstance(spec, Mapping):
        return lambda path: bool(spec.get(path, False))
    if callable(spec):
        return spec
    paths = frozenset(spec)
    return paths.__contains__


class GrpcWebGateway:
    """ASGI app answering grpc-web calls on ``POST /<package.Service>/<Method>`` by forwarding them.

    ``channel`` is a ``grpc.aio`` channel to the gRPC server (or a callable returning it).
    ``is_server_streaming(path)`` tells which methods answer with a stream; unknown paths are forwarded as
    unary and the server answers UNIMPLEMENTED. Anything that is not a grpc-web path gets a plain 404, so
    the gateway can be mounted as the catch-all route of an app.
    """

    def __init__(
        self,
        channel: ChannelSource,
        *,
        is_server_streaming: StreamingPredicate | None = None,
        cors: CorsPolicy | None = None,
        allowed_origins: Sequence[str] = (),
        max_request_bytes: int = 4 * 1024 * 1024,
    ) -> None:
        self._channel_source = channel
        self._is_server_streaming = _to_predicate(is_server_streaming)
        self._cors = cors if cors is not None else CorsPolicy(allowed_origins=tuple(allowed_origins))
        self._max_request_bytes = max_request_bytes

    @property
    def cors(self) -> CorsPolicy:
        """The CORS policy in force."""
        return self._cors

    def _channel(self) -> grpc.aio.Channel:
        source = self._channel_source
        if isinstance(source, grpc.aio.Channel):
            return source
        return source()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] == "lifespan":  # only reached when used as a standalone app
            await _noop_lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path = _route_path(scope)
        if _PATH_RE.fullmatch(path) is None:
            await _plain(send, 404, b"Not Found")
            return

        headers = _header_pairs(scope)
        origin = _first(headers, "origin")
        allow_origin = self._cors.allowed_origin(origin)
        method = scope["method"]
        if method == "OPTIONS":
            await self._preflight(send, allow_origin)
            return
        cors_headers = self._cors_headers(allow_origin) if allow_origin else []
        if method != "POST":
            await _plain(send, 405, b"Method Not Allowed", [("allow", "POST, OPTIONS"), *cors_headers])
            return

        try:
            content_type, text = _request_format(_first(headers, "content-type"))
            timeout = _request_timeout(_first(headers, "grpc-timeout"))
            metadata = _request_metadata(headers, scope.get("client"))
            body = await _read_body(receive, self._body_limit(text))
            message = _parse_request_body(body, text, self._max_request_bytes)
        except _HttpError as exc:
            await _refuse(send, exc, cors_headers)
            return
        except _ClientGone:
            return

        streaming = self._is_server_streaming(path)
        channel = self._channel()
        # No serializers: request and response bytes pass through untouched.
        call: grpc.aio.Call
        if streaming:
            call = channel.unary_stream(path)(message, metadata=metadata, timeout=timeout)
        else:
            call = channel.unary_unary(path)(message, metadata=metadata, timeout=timeout)
        responder = _Responder(send, content_type, text, cors_headers, self._cors.expose_headers)
        pump = self._stream(call, responder) if streaming else self._unary(call, responder)
        await _run_until_disconnect(pump, call, receive, responder)

    def _body_limit(self, text: bool) -> int:
        framed = self._max_request_bytes + 5
        return (framed * 4 // 3 + 8) if text else framed

    async def _preflight(self, send: Send, allow_origin: str | None) -> None:
        if allow_origin is None:
            # No CORS headers at all: the browser then refuses the real request.
            await _plain(send, 403, b"Forbidden")
            return
        cors = self._cors
        headers = [
            *self._cors_headers(allow_origin),
            ("access-control-allow-methods", "POST, OPTIONS"),
            ("access-control-allow-headers", ", ".join(cors.allow_headers)),
            ("access-control-max-age", str(cors.max_age)),
        ]
        await _plain(send, 204, b"", headers)

    def _cors_headers(self, allow_origin: str) -> list[tuple[str, str]]:
        headers = [
            ("access-control-allow-origin", allow_origin),
            ("access-control-expose-headers", ", ".join(self._cors.expose_headers)),
            ("vary", "Origin"),
        ]
        if self._cors.allow_credentials:
            headers.append(("access-control-allow-credentials", "true"))
        return headers

    async def _unary(self, call: grpc.aio.UnaryUnaryCall, responder: _Responder) -> None:
        try:
            response: bytes = await call
        except grpc.aio.AioRpcError as exc:
            await responder.trailers_only(
                exc.initial_metadata() or (), exc.code(), exc.details() or "", exc.trailing_metadata() or ()
            )
            return
        frames = _frame(_DATA_FLAG, response)
        trailers = _trailer_block(await call.code(), await call.details() or "", await call.trailing_metadata() or ())
        await responder.start(await call.initial_metadata() or ())
        await responder.body(frames + _frame(_TRAILER_FLAG, trailers), more=False)

    async def _stream(self, call: grpc.aio.UnaryStreamCall, responder: _Responder) -> None:
        initial = await call.initial_metadata()
        first: bytes | None = None
        if not initial:
            # Headers normally travel with the first message; read it to tell a trailers-only answer
            # (error before any message: status goes into the HTTP headers too) from a normal one.
            first = await _read(call)
            if first is None:
                await responder.trailers_only(
                    await call.initial_metadata() or (),
                    await call.code(),
                    await call.details() or "",
                    await call.trailing_metadata() or (),
                )
                return
        await responder.start(initial or ())
        message = first if first is not None else await _read(call)
        while message is not None:
            await responder.body(_frame(_DATA_FLAG, message))
            message = await _read(call)
        trailers = _trailer_block(await call.code(), await call.details() or "", await call.trailing_metadata() or ())
        await responder.body(_frame(_TRAILER_FLAG, trailers), more=False)


class _Responder:
    """Writes one grpc-web HTTP response (binary or base64 text) to ASGI ``send``."""

    def __init__(
        self,
        send: Send,
        content_type: str,
        text: bool,
        cors_headers: list[tuple[str, str]],
        expose: tuple[str, ...],
    ) -> None:
        self._send = send
        self._content_type = content_type
        self._text = text
        self._cors_headers = cors_headers
        self._expose = expose
        self.started = False
        self.finished = False

    def _headers(self, extra: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
        headers = [("content-type", self._content_type), *extra]
        if self._cors_headers:
            # Metadata headers are only readable by page scripts when exposed, so expose them too.
            names = dict.fromkeys([*self._expose, *(k for k, _ in extra)])
            headers += [
                (k, ", ".join(names) if k == "access-control-expose-headers" else v) for k, v in self._cors_headers
            ]
        return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]

    async def start(self, initial_metadata: Iterable[tuple[str, str | bytes]]) -> None:
        headers = self._headers(_metadata_headers(initial_metadata))
        self.started = True
        await self._send({"type": "http.response.start", "status": 200, "headers": headers})

    async def body(self, chunk: bytes, *, more: bool = True) -> None:
        if self._text:
            chunk = base64.b64encode(chunk)  # each chunk padded on its own, as Envoy does
        self.finished = not more
        await self._send({"type": "http.response.body", "body": chunk, "more_body": more})

    async def trailers_only(
        self,
        initial_metadata: Iterable[tuple[str, str | bytes]],
        code: grpc.StatusCode,
        details: str,
        trailing: Iterable[tuple[str, str | bytes]],
    ) -> None:
        # The status goes in the HTTP headers (what browsers see first, and what a trailers-only HTTP/2
        # answer looks like through Envoy) and in a trailer frame (what grpc-web clients parse).
        trailing = list(trailing)
        extra = _metadata_headers(initial_metadata) + _status_headers(code, details) + _metadata_headers(trailing)
        self.started = True
        await self._send({"type": "http.response.start", "status": 200, "headers": self._headers(extra)})
        await self.body(_frame(_TRAILER_FLAG, _trailer_block(code, details, trailing)), more=False)

    async def end_unavailable(self, details: str) -> None:
        """Close an unfinished response with UNAVAILABLE, so clients retry instead of seeing a cut stream."""
        if self.finished:
            return
        if self.started:
            trailers = _trailer_block(grpc.StatusCode.UNAVAILABLE, details, ())
            await self.body(_frame(_TRAILER_FLAG, trailers), more=False)
        else:
            await self.trailers_only((), grpc.StatusCode.UNAVAILABLE, details, ())


async def _read(call: grpc.aio.UnaryStreamCall) -> bytes | None:
    """Next response message, or None once the call has ended (with any status)."""
    try:
        message = await call.read()
    except grpc.aio.AioRpcError:
        return None  # the status is read from the call afterwards
    if message is grpc.aio.EOF:
        return None
    return message  # type: ignore[no-any-return]


async def _run_until_disconnect(pump: Any, call: grpc.aio.Call, receive: Receive, responder: _Responder) -> None:
    """Run ``pump`` while watching for the browser going away; cancel the upstream call if it does."""
    pump_task = asyncio.ensure_future(pump)
    watch_task = asyncio.ensure_future(_wait_disconnect(receive))
    try:
        try:
            await asyncio.wait({pump_task, watch_task}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            # Only uvicorn cancels this task: its graceful shutdown timed out on a long-lived stream.
            # End the response properly (clients reconnect elsewhere) and return instead of dying with
            # a traceback in the log; the task is finishing either way.
            call.cancel()
            pump_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, OSError):
                await pump_task
            with contextlib.suppress(OSError):
                await responder.end_unavailable("server shutting down")
            return
        if not pump_task.done():
            # Browser gone (tab closed, stream aborted): stop the upstream work, e.g. a chat subscription.
            call.cancel()
            pump_task.cancel()
        with contextlib.suppress(asyncio.CancelledError, OSError):
            await pump_task
    finally:
        # Reached also when uvicorn cancels us at shutdown: never leave the upstream call running.
        call.cancel()
        pump_task.cancel()
        watch_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watch_task


async def _wait_disconnect(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


async def _read_body(receive: Receive, limit: int) -> bytes:
    body = bytearray()
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        body += message.get("body", b"")
        if len(body) > limit:
            raise _HttpError(413, grpc.StatusCode.RESOURCE_EXHAUSTED, "request message too large")
        if not message.get("more_body", False):
            return bytes(body)


def _request_format(content_type: str | None) -> tuple[str, bool]:
    """(response content type, is text variant) for a request content type, or 415."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media not in _CONTENT_TYPES:
        raise _HttpError(415, grpc.StatusCode.INTERNAL, f"unsupported content-type {media or '(none)'!r}")
    return media, _CONTENT_TYPES[media]


def _request_timeout(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_grpc_timeout(value)
    except ValueError as exc:
        raise _HttpError(400, grpc.StatusCode.INVALID_ARGUMENT, str(exc)) from None


def _parse_request_body(body: bytes, text: bool, max_message: int) -> bytes:
    """Exactly one uncompressed data frame → its message bytes."""
    if text:
        try:
            body = _b64decode_lenient(body)
        except (binascii.Error, ValueError):
            raise _HttpError(400, grpc.StatusCode.INVALID_ARGUMENT, "invalid base64 body") from None
    if len(body) < 5:
        raise _HttpError(400, grpc.StatusCode.INVALID_ARGUMENT, "missing grpc-web message frame")
    flag = body[0]
    length = int.from_bytes(body[1:5], "big")
    if flag & _TRAILER_FLAG:
        raise _HttpError(400, grpc.StatusCode.INVALID_ARGUMENT, "unexpected trailer frame in request")
    if flag & _COMPRESSED_FLAG:
        raise _HttpError(400, grpc.StatusCode.INVALID_ARGUMENT, "compressed request messages are not supported")
    if flag != _DATA_FLAG:
        raise _HttpError(400, grpc.StatusCode.INVALID_ARGUMENT, f"unknown frame flag {flag:#x}")
    if length > max_message:
        raise _HttpError(413, grpc.StatusCode.RESOURCE_EXHAUSTED, "request message too large")
    if len(body) != 5 + length:
        # Truncated frame, or more than one message (grpc-web has no client streaming).
        raise _HttpError(400, grpc.StatusCode.INVALID_ARGUMENT, "request body must be exactly one message frame")
    return body[5:]


def _request_metadata(headers: list[tuple[str, str]], client: Any) -> list[tuple[str, str | bytes]]:
    """HTTP request headers → gRPC metadata, plus x-forwarded-for / x-forwarded-user-agent."""
    connection_tokens = {
        token.strip().lower() for k, v in headers if k == "connection" for token in v.split(",") if token.strip()
    }
    metadata: list[tuple[str, str | bytes]] = []
    forwarded_for: list[str] = []
    for key, value in headers:
        if key == "x-forwarded-for":
            forwarded_for.append(value)
            continue
        if key == "user-agent":
            if _is_printable(value):
                metadata.append(("x-forwarded-user-agent", value))
            continue
        if (
            key in _DROPPED_REQUEST_HEADERS
            or key in connection_tokens
            or key.startswith(_DROPPED_REQUEST_PREFIXES)
            or not _METADATA_KEY_RE.fullmatch(key)
        ):
            continue
        if key.endswith("-bin"):
            for part in value.split(","):  # HTTP/1.1 may fold repeated binary headers with commas
                try:
                    metadata.append((key, _b64decode_lenient(part.strip())))
                except (binascii.Error, ValueError, UnicodeEncodeError):
                    raise _HttpError(400, grpc.StatusCode.INVALID_ARGUMENT, f"invalid base64 in header {key}") from None
        elif _is_printable(value):
            metadata.append((key, value))
        else:
            log.debug("grpc-web: dropping header %s with a value gRPC metadata cannot carry", key)
    # Append the real peer so the server (rate limiter, audit) can see who called; the server must only
    # trust the entries added by proxies it knows (the last one, when the peer is this gateway).
    if client:
        forwarded_for.append(str(client[0]))
    if forwarded_for:
        metadata.append(("x-forwarded-for", ", ".join(forwarded_for)))
    return metadata


def _is_printable(value: str) -> bool:
    return _PRINTABLE_ASCII_RE.fullmatch(value) is not None


def _header_pairs(scope: Scope) -> list[tuple[str, str]]:
    return [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope.get("headers", [])]


def _first(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k == name), None)


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :] or "/"
    return path


async def _plain(send: Send, status: int, body: bytes, headers: Sequence[tuple[str, str]] = ()) -> None:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    if body:
        raw.append((b"content-type", b"text/plain; charset=utf-8"))
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _refuse(send: Send, exc: _HttpError, cors_headers: list[tuple[str, str]]) -> None:
    # grpc-web clients read grpc-status from the headers when the HTTP status is not 200.
    headers = [*_status_headers(exc.code, exc.message), *cors_headers]
    await _plain(send, exc.http_status, exc.message.encode("utf-8"), headers)


async def _noop_lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
