"""Request ids and one structured log line per RPC (the outermost link of the chain)."""

from __future__ import annotations

import ipaddress
import os
import re
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any

import grpc
from grpc_interceptor import AsyncServerInterceptor

from pkg.grpcx.context import caller_var, peer_var, request_id_var, user_agent_var
from pkg.log import EventWriter

REQUEST_ID_HEADER = "x-request-id"
# Accepted client-supplied ids: short and printable, so they cannot forge log lines or bloat them.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class _RandomPool:
    """Random bytes from the OS, fetched 4 KiB at a time instead of one system call per request id; a forked
    worker starts with an empty pool, so processes never share ids."""

    SIZE = 4096

    def __init__(self) -> None:
        self._bytes = b""
        self._at = 0
        os.register_at_fork(after_in_child=self.reset)

    def reset(self) -> None:
        self._bytes, self._at = b"", 0

    def take16(self) -> int:
        at = self._at
        if at + 16 > len(self._bytes):
            self._bytes, at = os.urandom(self.SIZE), 0
        self._at = at + 16
        return int.from_bytes(self._bytes[at : at + 16], "big")


_pool = _RandomPool()


def new_request_id() -> str:
    """A random request id: the 32 hex digits of a version 4 UUID, without building a UUID object."""
    value = _pool.take16()
    value = (value & ~(0xC000 << 48) | 0x8000 << 48) & ~(0xF000 << 64) | 0x4000 << 64
    return f"{value:032x}"


def _peer_ip(peer: str) -> str:
    """`ipv4:127.0.0.1:5000` / `ipv6:[::1]:5000` → the bare address."""
    kind, _, rest = peer.partition(":")
    if kind == "ipv6":
        return rest.rsplit(":", 1)[0].strip("[]")
    if kind == "ipv4":
        return rest.rsplit(":", 1)[0]
    return peer


class RequestLoggingInterceptor(AsyncServerInterceptor):
    """Assigns the request id, resolves the client address, logs method, code, duration, peer and user."""

    def __init__(self, trusted_proxies: Iterable[str] = ()) -> None:
        self._trusted = {ipaddress.ip_address(p) for p in trusted_proxies}
        self._log = EventWriter("grpc")

    def _client_ip(self, peer: str, forwarded_for: str | None) -> str:
        ip = _peer_ip(peer)
        if forwarded_for:
            try:
                trusted = ipaddress.ip_address(ip) in self._trusted
            except ValueError:
                trusted = False
            if trusted:
                # The right-most entry was added by the proxy we trust; anything left of it is the client's word.
                return forwarded_for.rsplit(",", 1)[-1].strip() or ip
        return ip

    def begin(self, context: grpc.aio.ServicerContext) -> float:
        """Start of a call: request id, client address and user agent into the context; returns the start time."""
        supplied = forwarded = agent = forwarded_agent = None
        for key, value in context.invocation_metadata() or ():
            if key == REQUEST_ID_HEADER:
                supplied = value
            elif key == "x-forwarded-for":
                forwarded = value
            elif key == "user-agent":
                agent = value
            elif key == "x-forwarded-user-agent":
                forwarded_agent = value
        # Behind the gateway `user-agent` is the gateway's own; the browser's arrives forwarded.
        agent = forwarded_agent or agent
        request_id = supplied if isinstance(supplied, str) and _REQUEST_ID.match(supplied) else new_request_id()
        request_id_var.set(request_id)
        peer_var.set(self._client_ip(context.peer() or "", forwarded))
        user_agent_var.set(str(agent or "")[:256])
        # Trailing, not initial, metadata: every call has trailers (errors included), and sending initial
        # metadata early costs an extra HTTP/2 write per call (about a third of the chain's cost here).
        # The error interceptor repeats it when it replaces the trailers with status details.
        context.set_trailing_metadata(((REQUEST_ID_HEADER, request_id),))
        return time.perf_counter()

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        started = self.begin(context)
        result = method(request, context)
        if hasattr(result, "__aiter__"):
            return self._stream(result, context, method_name, started)
        try:
            return await result
        finally:
            self._done(context, method_name, started)

    async def _stream(
        self, stream: AsyncIterator[Any], context: grpc.aio.ServicerContext, method_name: str, started: float
    ) -> AsyncIterator[Any]:
        try:
            async for item in stream:
                yield item
        finally:
            self._done(context, method_name, started)

    def _done(self, context: grpc.aio.ServicerContext, method_name: str, started: float) -> None:
        code = context.code() or grpc.StatusCode.OK
        caller = caller_var.get()
        self._log.write(
            "warning" if code is grpc.StatusCode.INTERNAL or code is grpc.StatusCode.UNKNOWN else "info",
            "rpc_handled",
            {
                "method": method_name,
                "code": code.name,
                "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                "peer": peer_var.get(),
                "user_id": caller.subject if caller else None,
            },
        )
