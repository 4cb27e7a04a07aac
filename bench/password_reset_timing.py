"""Does RequestPasswordReset's response time tell whether an email has an account?

`python -m bench.password_reset_timing [--calls 50] [--target HOST:PORT]` calls RequestPasswordReset
`--calls` times for existing accounts and as many times for unknown addresses, alternating (known, unknown,
known, ... in pairs whose order is drawn at random) so machine load drifts onto both alike, after a warm-up
of both paths, pausing 0.5 s after each call, and prints the medians and their ratio. (A fixed pattern is
misleading: K U U K repeats every 4 calls, about 2 s with the pauses, the period of the server's database
health ping (2 s) and twice its worker's poll (1 s), so periodic background work kept landing on the same
slot, always an unknown call, and made unknown addresses look 20-40 % slower.)
Each call uses a different address, as an attacker probing a list would.

Without `--target` it starts `skillsphere serve` itself (data in `.data/bench-reset`, free ports) with the
reset and register limits raised for the run: the default per-IP limits would refuse a probe of this size
(which is their job). With `--target`, the server must have such limits already
(`SKILLSPHERE_AUTH_PASSWORD_RESET_LIMIT_PER_IP`, `..._PER_EMAIL`, `SKILLSPHERE_AUTH_REGISTER_LIMIT_PER_IP`).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import grpc
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc

from bench.run import ROOT, _free_port, _process

LIMITS = {
    "SKILLSPHERE_AUTH_PASSWORD_RESET_LIMIT_PER_IP": "1000000/second",
    "SKILLSPHERE_AUTH_PASSWORD_RESET_LIMIT_PER_EMAIL": "1000000/second",
    "SKILLSPHERE_AUTH_REGISTER_LIMIT_PER_IP": "1000000/second",
    "SKILLSPHERE_AUTH_REGISTER_LIMIT_PER_EMAIL": "1000000/second",
}
PASSWORD = "bench-password-correct-horse-battery"
WARMUP = 10
PAUSE = 0.5


async def _register(stub: auth_pb2_grpc.AuthServiceStub, count: int, run: str) -> list[str]:
    emails = [f"reset-{run}-{i}@example.org" for i in range(count)]
    for address in emails:
        await stub.Register(auth_pb2.RegisterRequest(email=address, password=PASSWORD))
    return emails


async def _timed(stub: auth_pb2_grpc.AuthServiceStub, address: str) -> float:
    started = time.perf_counter()
    await stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=address))
    return (time.perf_counter() - started) * 1000


async def measure(target: str, calls: int, pause: float = PAUSE) -> tuple[list[float], list[float]]:
    """Milliseconds per call for known and unknown addresses (warm-up calls left out)."""
    run = uuid.uuid4().hex[:8]
    random.seed(7)
    async with grpc.aio.insecure_channel(target) as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        known_emails = await _register(stub, calls + WARMUP, run)
        known: list[float] = []
        unknown: list[float] = []
        for i, address in enumerate(known_emails):
            nobody = f"nobody-{run}-{i}@example.org"
            # Which path goes first is drawn at random (seeded): a fixed pattern lines up with periodic
            # background work (see the module docstring); the pause lets the worker run the call's jobs.
            k, u = 0.0, 0.0
            for path in random.sample(("known", "unknown"), 2):
                if path == "known":
                    k = await _timed(stub, address)
                else:
                    u = await _timed(stub, nobody)
                await asyncio.sleep(pause)
            if i >= WARMUP:
                known.append(k)
                unknown.append(u)
    return known, unknown


def report(known: list[float], unknown: list[float]) -> str:
    k, u = statistics.median(known), statistics.median(unknown)
    ratio = k / u
    return (
        f"RequestPasswordReset, {len(known)} calls each, alternating:\n"
        f"  existing account  median {k:.1f} ms (p90 {statistics.quantiles(known, n=10)[-1]:.1f} ms)\n"
        f"  unknown address   median {u:.1f} ms (p90 {statistics.quantiles(unknown, n=10)[-1]:.1f} ms)\n"
        f"  ratio existing/unknown {ratio:.3f} ({'within' if abs(ratio - 1) <= 0.10 else 'OUTSIDE'} 10%)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50, help="measured calls per path (default 50)")
    parser.add_argument("--target", help="host:port of a running server (default: start one)")
    parser.add_argument("--pause", type=float, default=PAUSE, help="seconds to wait after each call (default 0.5)")
    args = parser.parse_args()
    if args.target:
        known, unknown = asyncio.run(measure(args.target, args.calls, args.pause))
    else:
        port = _free_port()
        env = {
            **LIMITS,
            "SKILLSPHERE_DATA_DIR": str(ROOT / ".data" / "bench-reset"),
            "SKILLSPHERE_GRPC_PORT": str(port),
            "SKILLSPHERE_HTTP_PORT": str(_free_port()),
        }
        log = Path(ROOT / ".data" / "bench-reset.log")
        log.parent.mkdir(parents=True, exist_ok=True)
        with _process([sys.executable, "cmd/skillsphere/main.py", "serve"], env, log, port):
            known, unknown = asyncio.run(measure(f"127.0.0.1:{port}", args.calls, args.pause))
    print(report(known, unknown))


if __name__ == "__main__":
    main()
