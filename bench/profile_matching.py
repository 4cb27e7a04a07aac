"""Where FindMatches spends its time: an in-process server on the at-scale dataset (its matching read model
prepared as `bench.matching_scale` does), N FindMatches calls for signed-in members under cProfile, and the
SQL statements one call issues with their time.

`python -m bench.profile_matching [--users 20000] [--calls 100]`; prints the top functions by cumulative
and by own time, and the statements of one call.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
import uuid
from pathlib import Path

import grpc
from prometheus_client import CollectorRegistry
from skillsphere.matching.v1 import matching_pb2, matching_pb2_grpc
from sqlalchemy import event

from bench.dataset import dataset
from bench.matching_scale import _subjects, prepare
from internal.app import Application
from pkg.config import Settings
from pkg.tokens import TokenIssuer

ROOT = Path(__file__).resolve().parent.parent


async def main(users: int, calls: int, profile: bool) -> None:
    ds = await dataset(users)
    await prepare(ds)
    subjects = await _subjects(ds, 20)
    settings = Settings(
        database_url=ds.url,
        data_dir=ROOT / ".data" / "bench",
        grpc_port=0,
        http_port=0,
        worker_enabled=False,
        rate_limit_default="1000000/second",
    )
    app = await Application.create(settings, registry=CollectorRegistry())
    await app.start()
    try:
        issuer = TokenIssuer(app.keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl_seconds=3600)
        tokens = []
        async with app.uow() as uow:
            from sqlalchemy import text

            for user_id, _ in subjects:
                session_id = uuid.uuid4()
                await uow.session.execute(
                    text(
                        "INSERT INTO auth_sessions (id, account_id, sign_in_method, device_name, created_at,"
                        " last_used_at, expires_at) VALUES (:s, :a, 'password', 'bench', now(), now(),"
                        " now() + interval '1 day')"
                    ),
                    {"s": session_id, "a": user_id},
                )
                token, _ = issuer.issue(
                    subject=str(user_id), session_id=str(session_id), roles=("learner",), email_verified=True
                )
                tokens.append((("authorization", f"Bearer {token}"),))
            await uow.commit()
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
            stub = matching_pb2_grpc.MatchingServiceStub(channel)
            for md in tokens:  # warm: rankings recorded, caches filled
                await stub.FindMatches(matching_pb2.FindMatchesRequest(), metadata=md)
            statements: list[tuple[float, str]] = []
            started: dict[int, float] = {}

            def before(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
                started[id(cursor)] = time.perf_counter()

            def after(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
                statements.append(((time.perf_counter() - started.pop(id(cursor), 0.0)) * 1000, statement))

            engine = app.database.engine.sync_engine
            event.listen(engine, "before_cursor_execute", before)
            event.listen(engine, "after_cursor_execute", after)
            t0 = time.perf_counter()
            await stub.FindMatches(matching_pb2.FindMatchesRequest(), metadata=tokens[0])
            one = (time.perf_counter() - t0) * 1000
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "after_cursor_execute", after)
            sql_ms = sum(ms for ms, _ in statements)
            print(f"one FindMatches: {one:.1f} ms, {len(statements)} statements, {sql_ms:.1f} ms SQL")
            for ms, statement in statements:
                print(f"  {ms:7.1f} ms  {' '.join(statement.split())[:150]}")
            plain = []
            for i in range(calls):
                t0 = time.perf_counter()
                await stub.FindMatches(matching_pb2.FindMatchesRequest(), metadata=tokens[i % len(tokens)])
                plain.append((time.perf_counter() - t0) * 1000)
            plain.sort()
            print(f"{calls} calls unprofiled: {_quantiles(plain)}")
            if not profile:
                return
            profiler = cProfile.Profile()
            latencies = []
            profiler.enable()
            for i in range(calls):
                t0 = time.perf_counter()
                await stub.FindMatches(matching_pb2.FindMatchesRequest(), metadata=tokens[i % len(tokens)])
                latencies.append((time.perf_counter() - t0) * 1000)
            profiler.disable()
            latencies.sort()
            print(f"{calls} calls under cProfile: {_quantiles(latencies)}")
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(30)
    finally:
        await app.stop()


def _quantiles(sorted_ms: list[float]) -> str:
    return f"p50 {sorted_ms[len(sorted_ms) // 2]:.1f} ms, p95 {sorted_ms[int(len(sorted_ms) * 0.95)]:.1f} ms"


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--no-profile", action="store_true", help="time the calls only")
    args = parser.parse_args()
    asyncio.run(main(args.users, args.calls, not args.no_profile))


if __name__ == "__main__":
    cli()
