"""Chat streams on two real `skillsphere serve` processes sharing one database.

`python -m bench.chat [--members 1000] [--rates 50,100,200] [--seconds 10]`:

1. starts the embedded PostgreSQL (.data/bench-chat, a fresh database per run) and two `serve --workers 1`
   processes A and B on it;
2. creates `members` accounts with profiles and one DIRECT conversation per pair (members / 2);
3. opens one StreamMessages call per member on process A and measures A's RSS before and after, once every
   stream has said it is live: memory per idle stream;
4. sends at each steady rate through process B (every pair's second member writes to the first) and times
   send → receive on A's streams: p50/p99 per rate, and whether every message arrived once.

The load client is one Python process on the same machine, so the figures include its own scheduling.

`python -m bench.chat --history 1000000 [--out docs/benchmarks.md]` measures ListMessages (history pages) on a
database of that many messages instead: bench/chat_history.py.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import grpc
from skillsphere.chat.v1 import chat_pb2, chat_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from bench.run import _free_port, _wait_port
from pkg.config import Settings
from pkg.db.embedded import start_embedded
from pkg.tokens import TokenIssuer, load_key_set
from pkg.tokens.keys import development_key_path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data" / "bench-chat"


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _serve(url: str, grpc_port: int, http_port: int, log: Path, profile: Path | None = None) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SKILLSPHERE_DATA_DIR": str(DATA),
        "SKILLSPHERE_GRPC_PORT": str(grpc_port),
        "SKILLSPHERE_HTTP_PORT": str(http_port),
        "SKILLSPHERE_RATE_LIMIT_DEFAULT": "1000000/second",
        "SKILLSPHERE_WORKER_ENABLED": "false",
        "SKILLSPHERE_LOG_LEVEL": "warning",
    }
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                *(["-m", "cProfile", "-o", str(profile)] if profile else []),
                str(ROOT / "cmd" / "skillsphere" / "main.py"),
                *("serve", "--workers", "1"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    _wait_port(grpc_port, timeout=120)
    return process


async def _accounts(url: str, count: int) -> list[tuple[str, str]]:
    """(account id, session id) for `count` new accounts with live sessions."""
    conn = await asyncpg.connect(url)
    try:
        rows = [(uuid.uuid4(), uuid.uuid4()) for _ in range(count)]
        await conn.executemany(
            "INSERT INTO accounts (id, email, roles, email_verified) VALUES ($1, $2, '{learner}', true)",
            [(a, f"{a}@bench.example") for a, _ in rows],
        )
        await conn.executemany(
            "INSERT INTO auth_sessions (id, account_id, sign_in_method, device_name, created_at, last_used_at,"
            " expires_at) VALUES ($1, $2, 'password', 'bench', now(), now(), now() + interval '1 day')",
            [(s, a) for a, s in rows],
        )
        return [(str(a), str(s)) for a, s in rows]
    finally:
        await conn.close()


async def _gather_limited(calls: list[Any], limit: int = 16) -> list[Any]:
    """Run the call factories with at most `limit` in flight (a gRPC call starts when it is created)."""
    gate = asyncio.Semaphore(limit)

    async def one(call: Any) -> Any:
        async with gate:
            return await call()

    return await asyncio.gather(*(one(c) for c in calls))


async def bench(members: int, rates: list[int], seconds: float, profile: Path | None = None) -> dict[str, Any]:
    DATA.mkdir(parents=True, exist_ok=True)
    url = await start_embedded(DATA, database=f"chat_bench_{uuid.uuid4().hex[:8]}")
    ports = [(_free_port(), _free_port()) for _ in range(2)]
    log = DATA / "servers.log"
    a = _serve(url, *ports[0], log, profile and profile.with_suffix(".a.prof"))
    b = _serve(url, *ports[1], log, profile and profile.with_suffix(".b.prof"))  # after A: A applied the migrations
    results: dict[str, Any] = {"members": members}
    try:
        settings = Settings(data_dir=DATA)
        issuer = TokenIssuer(
            load_key_set(development_key_path(DATA)),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            ttl_seconds=3600,
        )
        plain = url.replace("postgresql+asyncpg://", "postgresql://")
        accounts = await _accounts(plain, members)
        metadata = [
            (
                (
                    "authorization",
                    "Bearer " + issuer.issue(subject=u, session_id=s, roles=("learner",), email_verified=True)[0],
                ),
            )
            for u, s in accounts
        ]
        channels_a = [grpc.aio.insecure_channel(f"127.0.0.1:{ports[0][0]}") for _ in range(4)]
        channels_b = [grpc.aio.insecure_channel(f"127.0.0.1:{ports[1][0]}") for _ in range(4)]
        users = user_pb2_grpc.UserServiceStub(channels_b[0])
        await _gather_limited(
            [
                lambda i=i: users.CreateUser(
                    user_pb2.CreateUserRequest(user=user_pb2.User(display_name=f"Bench {i}", time_zone="UTC")),
                    metadata=metadata[i],
                )
                for i in range(members)
            ]
        )
        chat_b = [chat_pb2_grpc.ChatServiceStub(c) for c in channels_b]
        conversations = await _gather_limited(
            [
                lambda i=i: chat_b[i % 4].CreateConversation(
                    chat_pb2.CreateConversationRequest(
                        idempotency_key=str(uuid.uuid4()), participant_user_ids=[accounts[2 * i + 1][0]]
                    ),
                    metadata=metadata[2 * i],
                )
                for i in range(members // 2)
            ]
        )
        conversation_ids = [c.conversation.id for c in conversations]

        # ---- idle streams on A
        await asyncio.sleep(2)
        rss_before = _rss_kib(a.pid)
        chat_a = [chat_pb2_grpc.ChatServiceStub(c) for c in channels_a]
        received: dict[str, float] = {}
        live = 0
        all_live = asyncio.Event()

        async def stream(i: int) -> None:
            nonlocal live
            call = chat_a[i % 4].StreamMessages(chat_pb2.StreamMessagesRequest(), metadata=metadata[i])
            async for event in call:
                kind = event.WhichOneof("event")
                if kind == "live":
                    live += 1
                    if live == members:
                        all_live.set()
                elif kind == "message_created" and i % 2 == 0:  # the recipient's stream
                    received[event.message_created.message.text] = time.perf_counter()

        readers = []
        for start in range(0, members, 50):  # clients arrive in groups of 50, not all in the same millisecond
            readers += [asyncio.create_task(stream(i)) for i in range(start, min(start + 50, members))]
            await asyncio.sleep(0.2)
        await asyncio.wait_for(all_live.wait(), 300)
        await asyncio.sleep(3)
        rss_after = _rss_kib(a.pid)
        results["rss_before_kib"] = rss_before
        results["rss_after_kib"] = rss_after
        results["rss_per_stream_kib"] = (rss_after - rss_before) / members

        # ---- steady sends through B, received on A
        runs = []
        for rate in rates:
            sent: dict[str, float] = {}
            total = int(rate * seconds)
            cpu_before = _cpu_seconds(a.pid), _cpu_seconds(b.pid), time.process_time()
            started = time.perf_counter()
            pending = []
            for n in range(total):
                due = started + n / rate
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                pair = random.randrange(len(conversation_ids))
                text = f"{rate}-{n}"
                sent[text] = time.perf_counter()
                pending.append(
                    asyncio.ensure_future(
                        chat_b[n % 4].SendMessage(
                            chat_pb2.SendMessageRequest(
                                conversation_id=conversation_ids[pair], idempotency_key=str(uuid.uuid4()), text=text
                            ),
                            metadata=metadata[2 * pair + 1],
                        )
                    )
                )
            outcomes = await asyncio.gather(*pending, return_exceptions=True)
            failed = sum(isinstance(o, BaseException) for o in outcomes)
            achieved = total / (time.perf_counter() - started)
            deadline = time.perf_counter() + 30
            while time.perf_counter() < deadline and sum(t in received for t in sent) < total - failed:  # noqa: ASYNC110
                await asyncio.sleep(0.1)
            latencies = sorted((received[t] - sent[t]) * 1000 for t in sent if t in received)
            elapsed = time.perf_counter() - started
            cpu = [
                after - before
                for before, after in zip(
                    cpu_before, (_cpu_seconds(a.pid), _cpu_seconds(b.pid), time.process_time()), strict=True
                )
            ]
            runs.append(
                {
                    "rate": rate,
                    "sent": total,
                    "failed": failed,
                    "delivered": len(latencies),
                    "p50_ms": statistics.median(latencies) if latencies else None,
                    "p99_ms": latencies[int(len(latencies) * 0.99) - 1] if latencies else None,
                    "offered_per_s": round(achieved, 1),
                    # share of one core used meanwhile by the receiving server, the sending one, this client
                    "cpu_a_b_client": [round(c / elapsed, 2) for c in cpu],
                }
            )
            print(runs[-1], flush=True)
        results["runs"] = runs
        for task in readers:
            task.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        for channel in channels_a + channels_b:
            await channel.close()
    finally:
        for process in (a, b):
            process.terminate()
            process.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--rates", default="50,100,200")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--profile", type=Path, help="run both servers under cProfile, writing PATH.a.prof/.b.prof")
    parser.add_argument("--history", type=int, metavar="N", help="measure ListMessages at N messages instead")
    parser.add_argument("--out", type=Path, help="with --history: write the section into this page")
    args = parser.parse_args()
    if args.history:
        import uvloop

        from bench import chat_history
        from pkg.log import configure_logging

        configure_logging("warning", "json")
        chat_history.write(args.out, uvloop.run(chat_history.run(args.history)))
        return
    results = asyncio.run(bench(args.members, [int(r) for r in args.rates.split(",")], args.seconds, args.profile))
    print(results)


if __name__ == "__main__":
    main()
