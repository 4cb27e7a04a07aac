"""Per-RPC rate limits, counted per caller (user id) and per peer (client IP)."""

from __future__ import annotations

from typing import Any

import grpc
from grpc_interceptor import AsyncServerInterceptor

from pkg.grpcx.auth import PolicyTable
from pkg.grpcx.context import caller_var, peer_var
from pkg.grpcx.methods import parse_method
from pkg.ratelimit import RateLimiter


class RateLimitInterceptor(AsyncServerInterceptor):
    """Answers RESOURCE_EXHAUSTED with RetryInfo once a caller or a peer is over the RPC's limit.

    RPCs whose policy says `rate_limited=False` (health, reflection) are never counted.
    """

    def __init__(self, limiter: RateLimiter, policies: PolicyTable) -> None:
        self._limiter = limiter
        self._policies = policies
        # method path → (limit name, the policy's own limit unless configured), or None when exempt. Only
        # registered methods reach an interceptor, so this stays as small as the contract.
        self._names: dict[str, tuple[str, str | None] | None] = {}

    def _limit_name(self, method_name: str) -> tuple[str, str | None] | None:
        try:
            return self._names[method_name]
        except KeyError:
            key = parse_method(method_name).key
            policy = self._policies.policy_for(key)
            own = None if self._limiter.configured(key) else policy.limit
            name = self._names[method_name] = (key, own) if policy.rate_limited else None
            return name

    async def admit(self, method_name: str) -> None:
        """Count the call against its RPC's limit for the peer and the caller; raise when either is over.

        RPCs whose policy is not rate limited (health checks, reflection) pass without counting.
        """
        found = self._limit_name(method_name)
        if found is None:
            return
        name, limit = found
        caller = caller_var.get()
        if caller is None:
            await self._limiter.hit(name, f"peer:{peer_var.get()}", limit=limit)
        else:
            await self._limiter.hit(name, f"peer:{peer_var.get()}", f"user:{caller.subject}", limit=limit)

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        await self.admit(method_name)
        result = method(request, context)
        if hasattr(result, "__aiter__"):
            return result
        return await result
