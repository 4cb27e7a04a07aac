"""`make bench`: throughput and latency of the interceptor chain against a bare grpc.aio server.

One load client (h2load, HTTP/2, prebuilt gRPC request) drives, in the same run and alternating rounds:
  * bare  — grpc.aio + the health servicer, no interceptors;
  * full  — the real `skillsphere serve` (embedded PostgreSQL, every link of the chain), with a valid token;
  * full minus one link — to attribute the cost (leave-one-out, same classes as the real chain).
Every call is grpc.health.v1.Health/Check, so the handler is identical and only the chain differs.
Then AuthService (Login, RefreshToken, ValidateToken), then "Users and skills at scale" (bench/scale.py:
GetUser with and without the profile cache, ListUsers, SearchSkills on the dataset of bench/dataset.py).
Results go to docs/benchmarks.md with the command that produced them.

`python -m bench.run --only scale [--users N]` runs only the "at scale" section (`--only chain` the others);
the page then holds only the sections that ran. The "Search at scale" section (bench/search.py) follows every
full run; `--only search` runs it alone and replaces only that section of the page. So do "Sessions at scale"
(bench/sessions_scale.py: ListAvailableSlots and CreateSession with 1M sessions of history; `--only sessions`),
"Chat: ListMessages at 1M messages" (bench/chat_history.py; `--only chat-history`) and the "AI assistant and
answer cache" section (bench/ai.py, `--only ai`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import os
import platform
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grpc_health.v1 import health_pb2

from bench.servers import LINKS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data" / "bench"
METHOD = "/grpc.health.v1.Health/Check"
WORKERS = os.cpu_count() or 1  # `serve --workers` default


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    failed: int
    # CPU time the server's Python processes spent per request (user + system, PostgreSQL excluded), when
    # measured: unlike requests/s, it hardly moves when other work shares the machine.
    cpu_us: float | None = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


@contextlib.contextmanager
def _process(args: list[str], env: dict[str, str], log: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_port(port)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _server_cpu_seconds(proc: subprocess.Popen[bytes]) -> float:
    """User + system CPU of a server process and its Python descendants (workers), not PostgreSQL's."""
    import psutil

    root = psutil.Process(proc.pid)
    total = 0.0
    for process in (root, *root.children(recursive=True)):
        with contextlib.suppress(psutil.Error):
            if process is root or "python" in process.name() or "skillsphere" in process.name():
                times = process.cpu_times()
                total += times.user + times.system
    return total


def _h2load(
    port: int,
    requests: int,
    token: str | None,
    name: str,
    *,
    method: str = METHOD,
    message: bytes | None = None,
    clients: int = 16,
    streams: int = 8,
    cpu_of: subprocess.Popen[bytes] | None = None,
) -> Result:
    if message is None:
        message = health_pb2.HealthCheckRequest().SerializeToString()
    with tempfile.TemporaryDirectory() as tmp:
        body = Path(tmp) / "request.bin"
        body.write_bytes(b"\x00" + struct.pack(">I", len(message)) + message)
        log = Path(tmp) / "requests.log"
        cmd = [
            "h2load",
            f"http://127.0.0.1:{port}{method}",
            "-n",
            str(requests),
            "-c",
            str(clients),
            "-m",
            str(streams),
            "-t",
            "1",
            "-d",
            str(body),
            "-H",
            "content-type: application/grpc",
            "-H",
            "te: trailers",
            "--log-file",
            str(log),
        ]
        if token:
            cmd += ["-H", f"authorization: Bearer {token}"]
        cpu_before = _server_cpu_seconds(cpu_of) if cpu_of else 0.0
        output = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        cpu_us = (_server_cpu_seconds(cpu_of) - cpu_before) / requests * 1e6 if cpu_of else None
        durations = sorted(int(line.split("\t")[2]) / 1000 for line in log.read_text().splitlines() if line)
        statuses = [line.split("\t")[1] for line in log.read_text().splitlines() if line]
    # "finished in 2.10s, 9523.81 req/s, 1.02MB/s"
    summary = next(line for line in output.splitlines() if line.startswith("finished in"))
    rps = float(summary.split(",")[1].split()[0])
    quantiles = statistics.quantiles(durations, n=100)
    failed = sum(s != "200" for s in statuses)
    return Result(name, rps, quantiles[49], quantiles[94], quantiles[98], failed, cpu_us)


def _grpc_ok(port: int, token: str) -> None:
    """Check once over real gRPC that the benchmarked call succeeds (h2load only sees HTTP 200)."""
    import grpc
    from grpc_health.v1 import health_pb2_grpc

    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(), metadata=(("authorization", f"Bearer {token}"),), timeout=10
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--requests", type=int, default=40_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--only",
        choices=("chain", "scale", "matching", "search", "sessions", "chat-history", "ai"),
        help="run one part: the chain and AuthService sections, scale, matching (quality and scale), search, "
        "sessions, chat-history or ai; all but chain and scale replace only their own sections of --out",
    )
    parser.add_argument("--ai-members", type=int, default=20, help="members of the ai section")
    parser.add_argument("--ai-questions", type=int, default=100, help="AskAssistant calls of the ai section")
    parser.add_argument("--ai-requests", type=int, default=500, help="generation requests of the ai section")
    parser.add_argument("--users", type=int, default=100_000, help="users of the at-scale dataset")
    args = parser.parse_args()
    if args.only == "ai":  # in-process, no h2load needed
        from bench.ai import report as ai_report
        from bench.ai import run_ai
        from bench.ai import write_section as write_ai_section

        write_ai_section(args.out, ai_report(run_ai(args.ai_members, args.ai_questions, args.ai_requests)))
        return
    if not shutil.which("h2load"):
        sys.exit("bench needs h2load (Debian package nghttp2-client)")
    DATA.mkdir(parents=True, exist_ok=True)
    log = DATA / "servers.log"
    log.write_text("")
    results: dict[str, list[Result]] = {}
    if args.only == "search":
        from bench.search import report, run_search, write_section

        write_section(args.out, report(run_search(args.users, DATA / "search-servers.log")))
        return
    if args.only == "matching":
        write_matching_report(args.out, _matching_lines(args))
        return
    if args.only == "sessions":
        _sessions(args)
        return
    if args.only == "chat-history":
        _chat_history(args)
        return
    if args.only in (None, "chain"):
        results = _chain_and_auth(args, log)
    scale = None
    if args.only in (None, "scale"):
        from bench.scale import SCALE_REQUESTS, run_scale

        scale = run_scale(args.users, DATA / "scale-servers.log", SCALE_REQUESTS)
    matching = _matching_lines(args) if args.only is None else []
    write_report(args.out, results, args, scale, matching)
    if args.only is None:
        from bench.search import report, run_search, write_section

        write_section(args.out, report(run_search(args.users, DATA / "search-servers.log")))
        from bench.ai import report as ai_report
        from bench.ai import run_ai
        from bench.ai import write_section as write_ai_section

        write_ai_section(args.out, ai_report(run_ai(args.ai_members, args.ai_questions, args.ai_requests)))
        _sessions(args)
        _chat_history(args)


def _chat_history(args: argparse.Namespace) -> None:
    """The "Chat: ListMessages at 1M messages" section (bench/chat_history.py), written between its markers."""
    import uvloop

    from bench import chat_history
    from pkg.log import configure_logging

    configure_logging("warning", "json")
    chat_history.write(args.out, uvloop.run(chat_history.run(1_000_000)))


def _sessions(args: argparse.Namespace) -> None:
    """The "Sessions at scale" section (bench/sessions_scale.py), written between its markers."""
    import uvloop

    from bench.sessions_scale import run_scale, write
    from pkg.log import configure_logging

    configure_logging("warning", "json")
    write(args.out, uvloop.run(run_scale(args.users)))


MATCHING_BEGIN, MATCHING_END = "<!-- matching:begin -->", "<!-- matching:end -->"


def _matching_lines(args: argparse.Namespace) -> list[str]:
    """The matching sections: quality on the labelled population, then speed and recall at scale."""
    from bench import matching_quality, matching_scale

    population = matching_quality.build()
    asyncio.run(matching_quality.embed(population))
    quality = matching_quality.evaluate(population)
    lines = matching_quality.report(quality, len(population.members), len(population.queries))
    scale = matching_scale.run_matching_scale(args.users, DATA / "matching-servers.log")
    return [MATCHING_BEGIN, "", *lines, *matching_scale.report(scale), MATCHING_END]


def write_matching_report(out: Path, lines: list[str]) -> None:
    """Replace the matching sections of `out` (between their markers; appended when absent), keeping the rest."""
    text = out.read_text() if out.exists() else "# Benchmarks\n"
    block = "\n".join(lines)
    if MATCHING_BEGIN in text and MATCHING_END in text:
        head, rest = text.split(MATCHING_BEGIN, 1)
        text = head + block + rest.split(MATCHING_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    out.write_text(text)
    print(block)


def _serve_env(grpc_port: int, http_port: int) -> dict[str, str]:
    return {
        **AUTH_BENCH_LIMITS,
        "SKILLSPHERE_DATA_DIR": str(DATA),
        "SKILLSPHERE_GRPC_PORT": str(grpc_port),
        "SKILLSPHERE_HTTP_PORT": str(http_port),
        # The limiter still runs on every call; the budget is just above what one client can send.
        "SKILLSPHERE_RATE_LIMIT_DEFAULT": "1000000/second",
    }


def _wait_processes(http_port: int, count: int, timeout: float = 120) -> None:
    """Wait until `count` distinct server processes answer /metrics on the shared HTTP port."""
    import urllib.request

    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(seen)} of {count} server processes answer on port {http_port}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics") as r:  # noqa: S310
            seen |= {
                line.split('pid="', 1)[1].split('"', 1)[0]
                for line in r.read().decode().splitlines()
                if line.startswith("skillsphere_process{")
            }
        time.sleep(0.05)


def _chain_and_auth(args: argparse.Namespace, log: Path) -> dict[str, list[Result]]:
    python = sys.executable
    full_port, bare_port, multi_port, multi_http = _free_port(), _free_port(), _free_port(), _free_port()
    serve = [python, "cmd/skillsphere/main.py", "serve", "--workers"]
    results: dict[str, list[Result]] = {}
    with _process([*serve, "1"], _serve_env(full_port, _free_port()), log, full_port) as full_proc:
        # A real account and session: the chain checks that the token's session is live.
        login, tokens = asyncio.run(_bench_account(full_port))
        token = tokens.access_token
        _grpc_ok(full_port, token)
        with (
            _process([python, "-m", "bench.servers", "--port", str(bare_port)], {}, log, bare_port) as bare_proc,
            _process([*serve, str(WORKERS)], _serve_env(multi_port, multi_http), log, multi_port) as multi_proc,
        ):
            _wait_processes(multi_http, WORKERS)
            for port, tok in ((bare_port, None), (full_port, token), (multi_port, token)):
                _h2load(port, 5000, tok, "warmup")
            for _ in range(args.rounds):
                results.setdefault("bare", []).append(_h2load(bare_port, args.requests, None, "bare", cpu_of=bare_proc))
                for name, port, proc in (("full", full_port, full_proc), ("workers", multi_port, multi_proc)):
                    offset = log.stat().st_size
                    full = _h2load(port, args.requests, token, name, cpu_of=proc)
                    full.failed += _grpc_failures(log, offset, METHOD)
                    results.setdefault(name, []).append(full)
        results.update(asyncio.run(_auth_bench(full_port, args.requests, login, tokens, log)))
    key_file = DATA / "keys" / "jwt-signing-dev.pem"
    # Leave-one-out pairs: the chain server (same assembly as `serve`, no database, so no session lookup)
    # and the same server without one link, measured back to back so machine drift cancels out.
    base_cmd = [python, "-m", "bench.servers", "--chain", "--key-file", str(key_file)]
    chain_port = _free_port()
    with contextlib.ExitStack() as stack:
        stack.enter_context(_process([*base_cmd, "--port", str(chain_port)], {}, log, chain_port))
        _h2load(chain_port, 5000, token, "warmup")
        ports = {}
        for link in LINKS:
            ports[link] = port = _free_port()
            stack.enter_context(_process([*base_cmd, "--port", str(port), "--without", link], {}, log, port))
            _h2load(port, 5000, token, "warmup")
        for _ in range(args.rounds):
            for link in LINKS:
                results.setdefault(f"chain before {link}", []).append(
                    _h2load(chain_port, args.requests // 4, token, "chain")
                )
                results.setdefault(f"without {link}", []).append(_h2load(ports[link], args.requests // 4, token, link))
    return results


# The auth limits protect against one client hammering Login; the benchmark is that client, so they are
# raised for this run only (the limiter still counts every call).
AUTH_BENCH_LIMITS = {
    "SKILLSPHERE_AUTH_LOGIN_LIMIT_PER_IP": "1000000/second",
    "SKILLSPHERE_AUTH_LOGIN_LIMIT_PER_EMAIL": "1000000/second",
    "SKILLSPHERE_AUTH_REGISTER_LIMIT_PER_IP": "1000000/second",
}
BENCH_PASSWORD = "bench-password-correct-horse-battery"


async def _bench_account(port: int) -> tuple[Any, Any]:
    """Register a fresh account through the real AuthService; its login request and first tokens."""
    import grpc
    from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc

    email = f"bench-{time.time_ns()}@example.org"
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        await stub.Register(auth_pb2.RegisterRequest(email=email, password=BENCH_PASSWORD))
        login = auth_pb2.LoginRequest(email=email, password=BENCH_PASSWORD)
        return login, (await stub.Login(login)).tokens


def _grpc_failures(server_log: Path, offset: int, method: str) -> int:
    """Calls of `method` logged after byte `offset` of the server log with a status other than OK.

    h2load only sees HTTP statuses, and gRPC answers every status with HTTP 200.
    """
    with server_log.open("rb") as handle:
        handle.seek(offset)
        lines = handle.read().decode(errors="replace").splitlines()
    return sum(f'"method":"{method}"' in line and '"code":"OK"' not in line for line in lines)


async def _auth_bench(port: int, requests: int, login: Any, tokens: Any, server_log: Path) -> dict[str, list[Result]]:
    """Login and ValidateToken through h2load, RefreshToken through chained grpc.aio clients."""
    import grpc
    from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc

    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        out: dict[str, list[Result]] = {}
        # Login is bounded by argon2id on purpose: few concurrent streams, a few hundred logins.
        offset = os.path.getsize(server_log)  # noqa: ASYNC240 - one stat of a local file
        out["auth Login"] = [
            await asyncio.to_thread(
                _h2load,
                port,
                300,
                None,
                "Login",
                method="/skillsphere.auth.v1.AuthService/Login",
                message=login.SerializeToString(),
                clients=4,
                streams=1,
            )
        ]
        out["auth Login"][0].failed += _grpc_failures(server_log, offset, "/skillsphere.auth.v1.AuthService/Login")
        validate = auth_pb2.ValidateTokenRequest(access_token=tokens.access_token)
        offset = os.path.getsize(server_log)  # noqa: ASYNC240 - one stat of a local file
        out["auth ValidateToken"] = [
            await asyncio.to_thread(
                _h2load,
                port,
                requests,
                None,
                "ValidateToken",
                method="/skillsphere.auth.v1.AuthService/ValidateToken",
                message=validate.SerializeToString(),
            )
        ]
        out["auth ValidateToken"][0].failed += _grpc_failures(
            server_log, offset, "/skillsphere.auth.v1.AuthService/ValidateToken"
        )
        out["auth RefreshToken"] = [await _refresh_chains(stub, login, chains=16, per_chain=60)]
    return out


async def _refresh_chains(stub: Any, login: Any, *, chains: int, per_chain: int) -> Result:
    """Each chain is one client session refreshing with the token the previous refresh returned."""
    from skillsphere.auth.v1 import auth_pb2

    starts = [(await stub.Login(login)).tokens.refresh_token for _ in range(chains)]
    durations: list[float] = []
    failed = 0

    async def chain(token: str) -> None:
        nonlocal failed
        for _ in range(per_chain):
            started = time.perf_counter()
            try:
                token = (
                    await stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=token))
                ).tokens.refresh_token
            except Exception:  # noqa: BLE001 - counted and reported
                failed += 1
                return
            durations.append((time.perf_counter() - started) * 1000)

    began = time.perf_counter()
    await asyncio.gather(*(chain(t) for t in starts))
    elapsed = time.perf_counter() - began
    q = statistics.quantiles(durations, n=100)
    return Result("RefreshToken", len(durations) / elapsed, q[49], q[94], q[98], failed)


def _median(results: list[Result]) -> Result:
    return sorted(results, key=lambda r: r.rps)[len(results) // 2]


def _median_cpu(results: dict[str, list[Result]], name: str) -> float:
    measured = [r.cpu_us for r in results.get(name, []) if r.cpu_us is not None]
    return statistics.median(measured) if measured else float("nan")


def write_report(
    out: Path,
    results: dict[str, list[Result]],
    args: argparse.Namespace,
    scale: Any = None,
    matching: list[str] | None = None,
) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Produced by `make bench` (`python -m bench.run`); every figure on this page comes from one run on one",
        "machine, so compare ratios, not absolute numbers, across runs.",
        "",
    ]
    if results:
        lines += _chain_report(results, args)
    if scale is not None:
        from bench.scale import report

        lines += report(scale)
    lines += matching or []
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines))
    print("\n".join(lines))


def _chain_report(results: dict[str, list[Result]], args: argparse.Namespace) -> list[str]:
    from pkg.config import Settings

    settings = Settings(**{k.removeprefix("SKILLSPHERE_").lower(): v for k, v in AUTH_BENCH_LIMITS.items()})
    bare, full, workers = _median(results["bare"]), _median(results["full"]), _median(results["workers"])
    per_round = [f.rps / b.rps for b, f in zip(results["bare"], results["full"], strict=True)]
    ratio = statistics.median(per_round)
    rounds = ", ".join(f"{r:.2f}" for r in per_round)
    scaled = [w.rps / f.rps for f, w in zip(results["full"], results["workers"], strict=True)]
    cpu_rounds = [
        b.cpu_us / f.cpu_us for b, f in zip(results["bare"], results["full"], strict=True) if b.cpu_us and f.cpu_us
    ]
    lines = [
        "## Interceptor chain overhead",
        "",
        f"- When: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, uvloop.",
        f"- Command: `make bench` (`python -m bench.run --only chain --rounds {args.rounds}` for this section) → "
        f"h2load, {args.requests} requests per round, 16 connections × 8 streams, 1 client thread (h2load "
        f"uses one core), {args.rounds} alternating rounds of bare, `serve --workers 1` and "
        f"`serve --workers {WORKERS}` (median shown).",
        "- Call: `grpc.health.v1.Health/Check` (identical handler on both servers); the full chain is called with",
        "  a valid `authorization: Bearer` access token, so every link does its real work (request id + JSON log",
        "  line, span, metrics, error mapping, token verification, rate-limit hit per peer and per user, validation).",
        "",
        "| server | requests/s | p50 ms | p95 ms | p99 ms | failed | server CPU µs per call |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, result in (
        ("bare grpc.aio", bare),
        ("`skillsphere serve --workers 1`, full chain", full),
        (f"`skillsphere serve --workers {WORKERS}`, full chain", workers),
    ):
        lines.append(
            f"| {label} | {result.rps:,.0f} | {result.p50_ms:.2f} | {result.p95_ms:.2f} | {result.p99_ms:.2f} "
            f"| {result.failed} | {_median_cpu(results, result.name):.0f} |"
        )
    lines += [
        "",
        f"**Full chain / bare throughput: {ratio:.2f}** (target ≥ 0.70; median of the per-round ratios "
        f"{rounds}; spread {min(per_round):.2f}–{max(per_round):.2f}).",
        "",
        f"**Bare / full chain server CPU per call: {statistics.median(cpu_rounds):.2f}** (per round "
        f"{', '.join(f'{r:.2f}' for r in cpu_rounds)}; spread {min(cpu_rounds):.2f}–{max(cpu_rounds):.2f}): the "
        "throughput ratio a CPU-bound server reaches, from the CPU time the server processes used in the same "
        "rounds (PostgreSQL excluded), which other work on the machine hardly moves.",
        "",
        f"**{WORKERS} workers / 1 worker: {statistics.median(scaled):.2f}×** (per round: "
        f"{', '.join(f'{r:.2f}' for r in scaled)}). The machine has {os.cpu_count()} cores for h2load (one), "
        f"the server processes and PostgreSQL together, so N workers cannot reach N× here; the kernel spreads "
        "h2load's 16 connections over the processes by a hash of their addresses, not evenly.",
        "",
        "### Where the cost goes (leave-one-out)",
        "",
        "The chain rebuilt from the same classes (`bench/servers.py --chain --without LINK`, no database, so no",
        "session lookup) with one link removed; the gain over the full chain is that link's share. Measured",
        f"after the rounds above, same client settings, {args.requests // 4} requests per server and round,",
        f"{args.rounds} rounds each alternating the whole chain and the chain without the link (medians).",
        "",
        "| link left out | whole chain, requests/s | without the link | gain | gain per round |",
        "|---|---:|---:|---:|---|",
    ]
    for link in LINKS:
        chains, withouts = results[f"chain before {link}"], results[f"without {link}"]
        gains = [w.rps / c.rps - 1 for c, w in zip(chains, withouts, strict=True)]
        lines.append(
            f"| {link} | {_median(chains).rps:,.0f} | {_median(withouts).rps:,.0f} | "
            f"{statistics.median(gains):+.0%} | {', '.join(f'{g:+.0%}' for g in gains)} |"
        )
    lines += [
        "",
        "## AuthService: Login, RefreshToken, ValidateToken",
        "",
        f"- Same run and server as above. Password hashing: argon2id, memory {settings.auth_argon2_memory_kib} KiB,",
        f"  time cost {settings.auth_argon2_time_cost}, parallelism {settings.auth_argon2_parallelism}, at most "
        f"{settings.auth_password_hash_concurrency or os.cpu_count()} hashes at once (off the event loop).",
        "- Login: h2load, 300 logins of one account, 4 connections × 1 stream (argon2 bounds it by design).",
        f"- ValidateToken: h2load, {args.requests} calls, 16 × 8. RefreshToken: 16 grpc.aio clients, each",
        "  refreshing 60 times with the token its previous refresh returned (every call rotates; a replayed",
        "  body would be token reuse).",
        "",
        "| RPC | requests/s | p50 ms | p95 ms | p99 ms | failed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key in ("auth Login", "auth RefreshToken", "auth ValidateToken"):
        r = results[key][0]
        lines.append(
            f"| {key.split()[1]} | {r.rps:,.0f} | {r.p50_ms:.2f} | {r.p95_ms:.2f} | {r.p99_ms:.2f} | {r.failed} |"
        )
    lines.append("")
    return lines


if __name__ == "__main__":
    main()
