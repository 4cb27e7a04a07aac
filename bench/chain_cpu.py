"""CPU per call of the interceptor chain in process, without the transport: the stable figure on a noisy machine.

`python -m bench.chain_cpu --key-file .data/bench/keys/jwt-signing-dev.pem [--as separate|fused|fused-structlog]`
calls the chain's handler the way grpc.aio's interceptor pipeline does (every interceptor's
`intercept_service`, then the wrapped handler) with a valid Bearer token and a small object standing in for
the servicer context, and prints the CPU time per call (median and range of 7 rounds of 5,000 calls).
`separate` runs the same links as seven nested interceptors (as before the fused chain), `fused-structlog`
the fused chain with the log line through structlog's own dispatch. Run as a script with another checkout
first on PYTHONPATH (`PYTHONPATH=<checkout>:<checkout>/gen/python python bench/chain_cpu.py ...`) it measures
that checkout's chain as its `build_chain` returns it (before the fused chain: seven interceptors).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path
from typing import Any

import grpc
from prometheus_client import CollectorRegistry

from internal.policy import POLICIES
from pkg.grpcx.chain import build_chain
from pkg.log import configure_logging
from pkg.ratelimit import RateLimiter
from pkg.tokens import TokenIssuer, TokenVerifier, load_key_set


class _Context:
    """The parts of a servicer context the chain touches."""

    def __init__(self, metadata: tuple[tuple[str, str], ...]) -> None:
        self._metadata = metadata

    def invocation_metadata(self) -> tuple[tuple[str, str], ...]:
        return self._metadata

    def peer(self) -> str:
        return "ipv4:127.0.0.1:5555"

    def set_trailing_metadata(self, metadata: Any) -> None:
        self.trailers = metadata

    def code(self) -> None:
        return None


class _Details:
    method = "/grpc.health.v1.Health/Check"


async def measure(key_file: Path, mode: str) -> list[float]:
    keys = load_key_set(key_file)
    token, _ = TokenIssuer(keys, issuer="skillsphere", audience="skillsphere-api", ttl_seconds=3600).issue(
        subject="00000000-0000-4000-8000-000000000001", session_id="s", roles=["learner"], email_verified=True
    )
    chain: list[Any] = build_chain(
        registry=CollectorRegistry(),
        tracer_provider=None,
        verifier=TokenVerifier(keys, issuer="skillsphere", audience="skillsphere-api"),
        policies=POLICIES,
        limiter=RateLimiter("async+memory://", "1000000/second"),
        trusted_proxies=["127.0.0.1"],
    )
    if mode == "separate":
        fused = chain[0]
        chain = [
            fused._logging,
            fused._tracing,
            fused._metrics,
            fused._errors,
            fused._auth,
            fused._ratelimit,
            fused._validation,
        ]
    metadata = (("authorization", f"Bearer {token}"), ("user-agent", "bench"))

    async def behavior(request: Any, context: Any) -> int:
        return 1

    final = grpc.unary_unary_rpc_method_handler(behavior)

    async def handler(index: int, details: Any) -> Any:
        if index == len(chain):
            return final
        return await chain[index].intercept_service(lambda d: handler(index + 1, d), details)

    async def one() -> None:
        wrapped = await handler(0, _Details())
        await wrapped.unary_unary(None, _Context(metadata))

    for _ in range(1000):
        await one()
    rounds = []
    for _ in range(7):
        started = time.process_time()
        for _ in range(5000):
            await one()
        rounds.append((time.process_time() - started) / 5000 * 1e6)
    return sorted(rounds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--key-file", type=Path, required=True, help="a PEM signing key (the bench's dev key)")
    parser.add_argument("--as", dest="mode", choices=("fused", "separate", "fused-structlog"), default="fused")
    args = parser.parse_args()
    with open(os.devnull, "w") as sink:  # noqa: PTH123
        configure_logging("info", "json", stream=sink)
        if args.mode == "fused-structlog":
            from pkg.log.setup import EventWriter

            EventWriter._resolve = lambda self: setattr(self, "_sink", False)  # type: ignore[method-assign]
        rounds = asyncio.run(measure(args.key_file, args.mode))
    print(f"{args.mode}: median {rounds[3]:.1f} µs per call (min {rounds[0]:.1f}, max {rounds[-1]:.1f})")


if __name__ == "__main__":
    main()
