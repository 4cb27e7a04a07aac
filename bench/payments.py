"""Escrow throughput with the offline processor: open (the session domain's port) → pay on the hosted test
checkout (plain form POST) → ReleaseEscrow over gRPC, at 1 and 8 cycles in flight, then a check that the
ledger balances and that each teacher's balances equal the escrow records.

`python -m bench.payments [--escrows 200]`: an in-process server (worker off, uvloop) on a fresh database of
the embedded server in `.data/bench-payments`. Prints a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from pathlib import Path

import asyncpg
import grpc
import httpx
import uvloop
from prometheus_client import CollectorRegistry
from skillsphere.payment.v1 import payment_pb2, payment_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.app import Application
from pkg.config import Settings
from pkg.db.embedded import start_embedded, with_database
from pkg.log import configure_logging
from pkg.tokens import TokenIssuer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data" / "bench-payments"
Metadata = tuple[tuple[str, str], ...]


async def account(conn: asyncpg.Connection, issuer: TokenIssuer) -> tuple[str, Metadata]:
    subject, session_id = uuid.uuid4(), uuid.uuid4()
    await conn.execute(
        "INSERT INTO accounts (id, email, roles, email_verified) VALUES ($1, $2, $3, true)",
        subject,
        f"{subject}@bench.example",
        ["learner"],
    )
    await conn.execute(
        "INSERT INTO auth_sessions (id, account_id, sign_in_method, device_name, created_at, last_used_at,"
        " expires_at) VALUES ($1, $2, 'password', 'bench', now(), now(), now() + interval '1 day')",
        session_id,
        subject,
    )
    token, _ = issuer.issue(subject=str(subject), session_id=str(session_id), roles=("learner",), email_verified=True)
    return str(subject), (("authorization", f"Bearer {token}"),)


async def main(escrows: int) -> None:
    admin_url = await start_embedded(DATA, database="postgres")
    name = f"bench_payments_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin_url)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    url = with_database(admin_url, name)
    settings = Settings(
        env="test",
        database_url=url,
        data_dir=DATA / "app",
        grpc_port=0,
        http_port=0,
        worker_enabled=False,
        rate_limit_default="1000000/second",
        log_level="warning",
    )
    app = await Application.create(settings, registry=CollectorRegistry())
    await app.start()
    assert app.session_escrows is not None and app.http is not None
    escrow_port = app.session_escrows
    try:
        issuer = TokenIssuer(app.keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl_seconds=3600)
        db = await asyncpg.connect(url)
        async with (
            grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{app.http.port}") as http,
        ):
            users = user_pb2_grpc.UserServiceStub(channel)
            pay = payment_pb2_grpc.PaymentServiceStub(channel)
            members = [await account(db, issuer) for _ in range(20)]
            for index, (_, md) in enumerate(members):
                await users.CreateUser(
                    user_pb2.CreateUserRequest(user=user_pb2.User(display_name=f"P{index}", time_zone="UTC")),
                    metadata=md,
                )
            learners, teachers = members[:10], members[10:]

            async def cycle(index: int) -> float:
                learner, teacher = learners[index % 10], teachers[index % 10]
                began = time.perf_counter()
                async with app.uow() as uow:
                    ref = await escrow_port.hold(
                        uow.session,
                        session_id=uuid.uuid4(),
                        learner_id=uuid.UUID(learner[0]),
                        teacher_id=uuid.UUID(teacher[0]),
                        amount_minor=1000 + index,
                        currency="USD",
                    )
                    await uow.commit()
                paid = await http.post(
                    "/test-checkout",
                    data={"client_secret": ref.client_secret, "card_number": "4242424242424242", "action": "pay"},
                )
                assert paid.status_code == 200, paid.text
                await pay.ReleaseEscrow(
                    payment_pb2.ReleaseEscrowRequest(idempotency_key=str(uuid.uuid4()), escrow_id=ref.escrow_id),
                    metadata=learner[1],
                )
                return (time.perf_counter() - began) * 1000

            rows = []
            done = 0
            for in_flight in (1, 8):
                latencies: list[float] = []
                queue = list(range(done, done + escrows))
                done += escrows

                async def worker(queue: list[int] = queue, latencies: list[float] = latencies) -> None:
                    while queue:
                        latencies.append(await cycle(queue.pop()))

                began = time.perf_counter()
                await asyncio.gather(*(worker() for _ in range(in_flight)))
                wall = time.perf_counter() - began
                latencies.sort()
                rows.append(
                    (
                        in_flight,
                        escrows / wall,
                        statistics.median(latencies),
                        latencies[int(len(latencies) * 0.95) - 1],
                    )
                )
            unbalanced = await db.fetchval(
                "SELECT count(*) FROM (SELECT 1 FROM payment_ledger_entries GROUP BY transaction_id, currency "
                "HAVING sum(amount_minor) <> 0) AS t"
            )
            mismatched = 0
            for teacher_id, md in teachers:
                released = await db.fetchval(
                    "SELECT coalesce(sum(released_minor), 0) FROM payment_escrows WHERE payee_id = $1",
                    uuid.UUID(teacher_id),
                )
                balance = (
                    await pay.GetBalance(payment_pb2.GetBalanceRequest(currency_code="USD"), metadata=md)
                ).balances[0]
                mismatched += balance.pending.amount_minor != released or balance.in_escrow.amount_minor != 0
            transactions = await db.fetchval("SELECT count(*) FROM payment_ledger_transactions")
        await db.close()
    finally:
        await app.stop()
    print("## Payments: escrow open → pay → release (offline processor)\n")
    print(f"Command: `python -m bench.payments --escrows {escrows}` (in-process server, worker off, uvloop).\n")
    print("| cycles in flight | cycles/s | p50 ms | p95 ms |")
    print("|---|---|---|---|")
    for in_flight, rate, p50, p95 in rows:
        print(f"| {in_flight} | {rate:.1f} | {p50:.1f} | {p95:.1f} |")
    print(
        f"\nAfter the run: {transactions} ledger transactions, {unbalanced} unbalanced; "
        f"{mismatched} of {len(teachers)} teachers whose balances differ from their escrow records."
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--escrows", type=int, default=200, help="cycles per concurrency level")
    args = parser.parse_args()
    configure_logging("warning", "json")
    uvloop.install()
    asyncio.run(main(args.escrows))
