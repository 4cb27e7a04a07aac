"""Authentication and per-RPC access policy.

Every RPC has exactly one policy, looked up in one table that the composition root supplies: public,
authenticated, or a required role. RPCs missing from the table are authenticated-only, so forgetting an
entry can never open an RPC to the world.
"""

from __future__ import annotations

import enum
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import grpc
from grpc_interceptor import AsyncServerInterceptor
from skillsphere.auth.v1.error_reason import ErrorReason as AuthReason

from pkg.errors import PermissionDenied, Unauthenticated
from pkg.grpcx.context import caller_var
from pkg.grpcx.methods import parse_method
from pkg.tokens import AccessClaims, TokenVerifier


class Access(enum.Enum):
    """Who may call an RPC."""

    PUBLIC = "public"
    AUTHENTICATED = "authenticated"
    ROLE = "role"


@dataclass(frozen=True, slots=True)
class Policy:
    """Access rule of one RPC; ROLE policies accept a caller holding any of `roles`.

    `rate_limited=False` exempts the RPC from the rate limiter (health checks and reflection: a load
    balancer answered RESOURCE_EXHAUSTED marks a healthy node down). `limit` ("30/minute") is the RPC's own
    default limit instead of the global one; a SKILLSPHERE_RATE_LIMITS entry for the RPC still wins.
    """

    access: Access
    roles: frozenset[str] = field(default_factory=frozenset)
    rate_limited: bool = True
    limit: str | None = None


PUBLIC = Policy(Access.PUBLIC)
AUTHENTICATED = Policy(Access.AUTHENTICATED)


def role(*roles: str) -> Policy:
    """A policy requiring one of the given roles."""
    return Policy(Access.ROLE, frozenset(roles))


class PolicyTable:
    """Policies by `package.Service/Method`, with `package.Service/*` as a per-service default."""

    def __init__(self, entries: Mapping[str, Policy], default: Policy = AUTHENTICATED) -> None:
        self._entries = dict(entries)
        self._default = default

    def policy_for(self, key: str) -> Policy:
        """The policy of `package.Service/Method`."""
        found = self._entries.get(key)
        if found is None:
            service = key.rsplit("/", 1)[0]
            found = self._entries.get(f"{service}/*", self._default)
        return found

    def keys(self) -> set[str]:
        """Every entry, for tests that check the table covers the contract."""
        return set(self._entries)


def bearer_token(metadata: Any) -> str | None:
    """The token of an `authorization: Bearer <token>` header, if any."""
    for key, value in metadata or ():
        if key == "authorization":
            scheme, _, token = str(value).partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return ""
    return None


class SessionGate:
    """Refuses access tokens whose session was revoked (logout, reuse detection, password reset).

    A signature proves a token was issued, not that its session still exists, so every authenticated
    call asks the auth domain whether the session is live. Answers are kept per session for `ttl_seconds`
    (bounded LRU): a revocation reaches every replica within that time, and a client's burst of calls
    costs one lookup.
    """

    def __init__(
        self, check: Callable[[AccessClaims], Awaitable[None]], *, ttl_seconds: float, max_entries: int = 100_000
    ) -> None:
        self._check = check
        self._ttl = ttl_seconds
        self._max = max_entries
        self._answers: OrderedDict[str, tuple[float, Unauthenticated | None]] = OrderedDict()

    async def ensure_live(self, claims: AccessClaims) -> None:
        """Return if the token's session is live; raise Unauthenticated (SESSION_REVOKED) otherwise."""
        now = time.monotonic()
        cached = self._answers.get(claims.session_id)
        if cached is None or cached[0] <= now:
            try:
                await self._check(claims)
                refusal = None
            except Unauthenticated as exc:
                refusal = exc
            cached = (now + self._ttl, refusal)
            self._answers[claims.session_id] = cached
            if len(self._answers) > self._max:
                self._answers.popitem(last=False)
        if cached[1] is not None:
            raise cached[1]


class AuthInterceptor(AsyncServerInterceptor):
    """Verifies the bearer token and enforces the RPC's policy; the caller lands in `caller_var`."""

    def __init__(self, verifier: TokenVerifier, policies: PolicyTable, sessions: SessionGate | None = None) -> None:
        self._verifier = verifier
        self._policies = policies
        self._sessions = sessions
        self._by_method: dict[str, Policy] = {}

    def _policy(self, method_name: str) -> Policy:
        policy = self._by_method.get(method_name)
        if policy is None:
            policy = self._by_method[method_name] = self._policies.policy_for(parse_method(method_name).key)
        return policy

    async def _authenticate(self, context: grpc.aio.ServicerContext, method_name: str) -> None:
        policy = self._policy(method_name)
        token = bearer_token(context.invocation_metadata())
        caller: AccessClaims | None = None
        if policy.access is Access.PUBLIC:
            # A stale token on a public call (Login, RefreshToken) is common and harmless: stay anonymous.
            if token:
                try:
                    caller = self._verifier.verify(token)
                    if self._sessions is not None:
                        await self._sessions.ensure_live(caller)
                except Unauthenticated:
                    caller = None
            caller_var.set(caller)
            return
        if token is None:
            raise Unauthenticated(
                "This call needs an `authorization: Bearer <access token>` header.",
                reason=AuthReason.AUTHENTICATION_REQUIRED,
            )
        if not token:
            raise Unauthenticated(
                "The authorization header must use the Bearer scheme.",
                reason=AuthReason.TOKEN_INVALID,
            )
        caller = self._verifier.verify(token)
        if self._sessions is not None:
            await self._sessions.ensure_live(caller)
        if policy.access is Access.ROLE and not policy.roles.intersection(caller.roles):
            raise PermissionDenied(
                f"This call needs one of the roles: {', '.join(sorted(policy.roles))}.",
                reason=AuthReason.ROLE_REQUIRED,
                metadata={"required_roles": ",".join(sorted(policy.roles))},
            )
        caller_var.set(caller)

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        await self._authenticate(context, method_name)
        result = method(request, context)
        if hasattr(result, "__aiter__"):
            return result
        return await result
