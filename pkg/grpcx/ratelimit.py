"""Per-RPC rate limits, counted per caller (user id) and per peer (client IP)."""

from __future__ import annotations

from typing import Any

import grpc
from grpc_interceptor import AsyncServerInterceptor

from pkg.grpcx.context import caller_var, peer_var
from pkg.grpcx.methods import parse_method
from pkg.ratelimit import RateLimiter


class RateLimitInterceptor(AsyncServerInterceptor):
    """Answers RESOURCE_EXHAUSTED with RetryInfo once a caller or a peer is over the RPC's limit."""

    def __init__(self, limiter: RateLimiter) -> None:
        self._limiter = limiter

    async def admit(self, method_name: str) -> None:
        """Count the call against its RPC's limit for the peer and the caller; raise when either is over."""
        caller = caller_var.get()
        if caller is None:
            await self._limiter.hit(parse_method(method_name).key, f"peer:{peer_var.get()}")
        else:
            await self._limiter.hit(parse_method(method_name).key, f"peer:{peer_var.get()}", f"user:{caller.subject}")

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        await self.admit(method_name)
        result = method(request, context)
        if hasattr(result, "__aiter__"):
            return result
        return await result
