"""Quick ListMessages timings (and a cProfile) on a chat_history dataset of any size.

`python -m bench.profile_chat_history [--messages 20000] [--calls 200] [--rounds 1] [--profile PATH]` loads (or
finds) the database bench/chat_history.py makes for that many messages, starts an in-process server on it
(worker off, uvloop) and times ListMessages one call at a time for the newest page, a page `before` a message
in the oldest tenth and a page `around` a random message of the busiest conversation (50 a page), printing
p50/p95 per kind. With `--profile` the timed calls run under cProfile (client and server share the process).

Run it with `PYTHONPATH=<checkout>` from each checkout to compare two versions in turn on the same dataset
(the page costs the same at any depth, so 20,000 messages stand in for the 1M of `python -m bench.chat
--history 1000000` when runs must be short and alternate).
"""

from __future__ import annotations

import argparse
import cProfile
import random
import statistics
import time
import uuid

import asyncpg
import grpc
import uvloop
from prometheus_client import CollectorRegistry
from skillsphere.chat.v1 import chat_pb2, chat_pb2_grpc

from bench import chat_history
from internal.app import Application
from pkg.config import Settings
from pkg.db.embedded import start_embedded, with_database
from pkg.db.engine import asyncpg_url
from pkg.log import configure_logging
from pkg.tokens import TokenIssuer


async def run(total: int, calls: int, rounds: int, profile: str | None) -> None:
    """Time (and profile) ListMessages on the dataset of `total` messages."""
    chat_history.DATA.mkdir(parents=True, exist_ok=True)
    admin_url = await start_embedded(chat_history.DATA, database="postgres")
    made = await chat_history.history_database(admin_url, total)
    url = with_database(admin_url, made["name"])
    db = await asyncpg.connect(asyncpg_url(url))
    busiest = await db.fetchrow("SELECT id, last_seq FROM chat_conversations ORDER BY last_seq DESC LIMIT 1")
    conversation = busiest["id"]
    ids = [r["id"] for r in await db.fetch("SELECT id FROM chat_messages WHERE conversation_id = $1", conversation)]
    deep = [
        r["id"]
        for r in await db.fetch(
            "SELECT id FROM chat_messages WHERE conversation_id = $1 AND seq < $2",
            conversation,
            busiest["last_seq"] // 10,
        )
    ]
    reader = await db.fetchval(
        "SELECT user_id FROM chat_participants WHERE conversation_id = $1 AND role = 'owner'", conversation
    )
    settings = Settings(
        env="test",
        database_url=url,
        data_dir=chat_history.DATA / "app",
        grpc_port=0,
        http_port=0,
        worker_enabled=False,
        rate_limit_default="1000000/second",
        log_level="warning",
    )
    app = await Application.create(settings, registry=CollectorRegistry())
    await app.start()
    try:
        issuer = TokenIssuer(app.keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl_seconds=3600)
        session_id = uuid.uuid4()
        await db.execute(
            "INSERT INTO auth_sessions (id, account_id, sign_in_method, device_name, created_at, last_used_at,"
            " expires_at) VALUES ($1, $2, 'password', 'bench', now(), now(), now() + interval '1 day')",
            session_id,
            reader,
        )
        token, _ = issuer.issue(
            subject=str(reader), session_id=str(session_id), roles=("learner",), email_verified=True
        )
        metadata = (("authorization", f"Bearer {token}"),)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
            chat = chat_pb2_grpc.ChatServiceStub(channel)

            def request(kind: str) -> chat_pb2.ListMessagesRequest:
                base = {"conversation_id": str(conversation), "page_size": chat_history.PAGE}
                if kind == "before":
                    base["before_message_id"] = str(random.choice(deep))
                elif kind == "around":
                    base["around_message_id"] = str(random.choice(ids))
                return chat_pb2.ListMessagesRequest(**base)  # type: ignore[arg-type]

            for kind in ("newest", "before", "around"):  # warm up
                for _ in range(20):
                    await chat.ListMessages(request(kind), metadata=metadata)
            profiler = cProfile.Profile() if profile else None
            for n in range(rounds):
                for kind in ("newest", "before", "around"):
                    latencies = []
                    if profiler:
                        profiler.enable()
                    for _ in range(calls):
                        message = request(kind)
                        began = time.perf_counter()
                        await chat.ListMessages(message, metadata=metadata)
                        latencies.append((time.perf_counter() - began) * 1000)
                    if profiler:
                        profiler.disable()
                    latencies.sort()
                    p95 = latencies[int(len(latencies) * 0.95) - 1]
                    print(f"round {n} {kind:7s} p50 {statistics.median(latencies):6.2f} p95 {p95:6.2f} ms", flush=True)
            if profiler and profile:
                profiler.dump_stats(profile)
    finally:
        await app.stop()
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--profile", help="write the cProfile of the timed calls here")
    args = parser.parse_args()
    configure_logging("warning", "json")
    uvloop.run(run(args.messages, args.calls, args.rounds, args.profile))


if __name__ == "__main__":
    main()
