"""Rate limiting on the `limits` library: memory storage by default, Redis when replicas share counters."""

from pkg.ratelimit.limiter import RateLimiter

__all__ = ["RateLimiter"]
