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

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        caller = caller_var.get()
        keys = [f"peer:{peer_var.get()}"]
        if caller is not None:
            keys.append(f"user:{caller.subject}")
        await self._limiter.hit(parse_method(method_name).key, *keys)
        result = method(request, context)
        if hasattr(result, "__aiter__"):
            return result
        return await result
