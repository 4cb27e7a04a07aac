"""ListMessages (chat history) at 1M messages: `python -m bench.chat --history 1000000`
(`python -m bench.run --only chat-history`).

The database `chat_history_<N>_v<HISTORY_VERSION>` on the embedded server in `.data/bench-chat-history` is
made once (migrated, then loaded in SQL as `…_loading` and renamed at the end, so a half-loaded copy is never
reused; a rerun finds it by name and inserts nothing):

- 1,000 accounts; 500 conversations, the first 100 GROUPs of 3-12 members (owner the first), the other 400
  DIRECT (one per pair, `direct_key` as the service writes it); members drawn from the accounts;
- N messages spread over the conversations by size 1/rank (the busiest, a group, holds 15 % of them,
  the smallest a few hundred), sent in turn by the conversation's participants over the last year;
- the sequence as the service assigns it: seq 1 is the creation event (CONVERSATION_UPDATED, every member
  joined at it), then every message takes the next seq with its MESSAGE_CREATED event, and after every 50th
  message one more event on it, in turn a reaction (with its `chat_reactions` row), an edit (`edited_at`), a
  read receipt, a deletion (tombstone: empty text, `deleted_at`); `last_seq` and `last_message_id` are the
  conversation's newest; read markers at the newest message for all but the last member. `chat_messages`'
  secondary indexes are dropped during the load and recreated from their own definitions; VACUUM ANALYZE.

Then the history is read by a participant of the busiest conversation, signed in as bench/sessions.py's
`account()` does (an `auth_sessions` row and a TokenIssuer token), over a real gRPC channel to an in-process
server (worker off, uvloop): the newest page, a page `before` a message deep in the history, a page `around`
a message, 50 messages a page, at 1 and 8 in flight. The statements one page sends are captured from the
server's engine and EXPLAINed (ANALYZE, BUFFERS) with their own parameters.
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import grpc
from prometheus_client import CollectorRegistry
from skillsphere.chat.v1 import chat_pb2, chat_pb2_grpc

from bench.sessions import row, timed
from bench.sessions_scale import _now, _short, _uptime
from internal.app import Application
from pkg.config import Settings
from pkg.db import migrate
from pkg.db.embedded import start_embedded, with_database
from pkg.db.engine import Database, asyncpg_url
from pkg.tokens import TokenIssuer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data" / "bench-chat-history"
BEGIN, END = "<!-- chat-history:begin -->", "<!-- chat-history:end -->"
HISTORY_VERSION = 1
ACCOUNTS = 1_000
CONVERSATIONS = 500
GROUPS = 100
PAGE = 50

# Accounts, conversations and their members. Member j of conversation k is account (7k + 131j) mod 1000:
# distinct within a conversation, and distinct pairs for the DIRECT ones (7 is invertible mod 1000).
ACCOUNTS_SQL = """
INSERT INTO accounts (id, email, roles, email_verified)
SELECT gen_random_uuid(), 'chat-history-' || i || '@bench.example', '{learner}', true
FROM generate_series(0, $1::int - 1) AS i
"""

CONVERSATIONS_SQL = """
CREATE TABLE bench_conversations AS
SELECT k, gen_random_uuid() AS id, CASE WHEN k <= $2 THEN 'group' ELSE 'direct' END AS type,
  CASE WHEN k <= $2 THEN 3 + (k % 10) ELSE 2 END AS members, sizes[k] AS size
FROM generate_series(1, $1::int) AS k, (SELECT $3::int[] AS sizes) AS s
"""

MEMBERS_SQL = """
CREATE TABLE bench_accounts AS SELECT row_number() OVER (ORDER BY email) - 1 AS n, id FROM accounts
WHERE email LIKE 'chat-history-%';
CREATE UNIQUE INDEX ON bench_accounts (n);
CREATE TABLE bench_members AS
SELECT c.k, c.id AS conversation_id, j, a.id AS user_id
FROM bench_conversations c, generate_series(0, c.members - 1) AS j, bench_accounts a
WHERE a.n = (7 * c.k + 131 * j) % 1000;
CREATE UNIQUE INDEX ON bench_members (k, j);
"""

FILL_SQL = """
INSERT INTO chat_conversations (id, type, title, owner_id, direct_key, last_seq, created_by, created_at,
  updated_at)
SELECT c.id, c.type, CASE WHEN c.type = 'group' THEN 'Group ' || c.k ELSE '' END,
  CASE WHEN c.type = 'group' THEN m0.user_id END,
  CASE WHEN c.type = 'direct' THEN least(m0.user_id::text, m1.user_id::text) || ':'
    || greatest(m0.user_id::text, m1.user_id::text) END,
  0, m0.user_id, now() - interval '366 days', now()
FROM bench_conversations c
JOIN bench_members m0 ON m0.k = c.k AND m0.j = 0
JOIN bench_members m1 ON m1.k = c.k AND m1.j = 1;

INSERT INTO chat_participants (conversation_id, user_id, role, joined_at, joined_seq, read_seq, muted)
SELECT m.conversation_id, m.user_id, CASE WHEN c.type = 'group' AND m.j = 0 THEN 'owner' ELSE 'member' END,
  now() - interval '366 days', 1, 0, false
FROM bench_members m JOIN bench_conversations c ON c.k = m.k;

INSERT INTO chat_events (conversation_id, seq, kind, message_id, actor_id, data, created_at)
SELECT c.id, 1, 'conversation_updated', NULL, m0.user_id,
  jsonb_build_object('added', (SELECT jsonb_agg(m.user_id ORDER BY m.j) FROM bench_members m WHERE m.k = c.k),
    'removed', '[]'::jsonb, 'created', true),
  now() - interval '366 days'
FROM bench_conversations c JOIN bench_members m0 ON m0.k = c.k AND m0.j = 0;

-- Message i of a conversation of `size`: seq 1 + i + (i - 1) / 50, sender member i mod members.
CREATE TABLE bench_messages AS
SELECT c.k, c.id AS conversation_id, i, gen_random_uuid() AS id, 1 + i + (i - 1) / 50 AS seq,
  m.user_id AS sender_id,
  now() - interval '365 days' * (c.size - i)::float8 / c.size AS created_at,
  CASE WHEN i % 50 = 0 THEN (i / 50) % 4 END AS extra
FROM bench_conversations c, generate_series(1, c.size) AS i, bench_members m
WHERE m.k = c.k AND m.j = i % c.members;

INSERT INTO chat_messages (id, conversation_id, seq, sender_id, sender_deleted, kind, text, idempotency_key,
  request_hash, created_at, edited_at, deleted_at, deleted_by, updated_at)
SELECT b.id, b.conversation_id, b.seq, b.sender_id, false, 'user',
  CASE WHEN b.extra = 3 THEN ''
  ELSE (ARRAY['Hi! Are we still on for', 'Thanks for the session on', 'Could you share the notes about',
    'I practised', 'Next week works for me, maybe', 'Great question about'])[1 + b.i % 6] || ' '
    || (ARRAY['Python', 'Spanish', 'guitar chords', 'SQL joins', 'watercolour', 'public speaking', 'chess',
    'German grammar'])[1 + (b.i / 6) % 8] || ' (' || b.i || ')' || CASE WHEN b.extra = 1 THEN ' [edited]' ELSE '' END
  END,
  md5(b.id::text), md5(b.id::text || 'h'), b.created_at,
  CASE WHEN b.extra = 1 THEN b.created_at + interval '2 minutes' END,
  CASE WHEN b.extra = 3 THEN b.created_at + interval '5 minutes' END,
  CASE WHEN b.extra = 3 THEN b.sender_id END,
  -- Every change moves updated_at (the reaction's too: the service reads reactions only of messages updated since).
  b.created_at + CASE WHEN b.extra IN (1, 3) THEN interval '5 minutes' WHEN b.extra = 0 THEN interval '1 minute'
    ELSE interval '0' END
FROM bench_messages b;

INSERT INTO chat_events (conversation_id, seq, kind, message_id, actor_id, data, created_at)
SELECT b.conversation_id, b.seq, 'message_created', b.id, b.sender_id, '{"files": 0}'::jsonb, b.created_at
FROM bench_messages b;

-- The extra event after every 50th message, at the seq that follows it.
INSERT INTO chat_reactions (message_id, user_id, emoji, created_at)
SELECT b.id, m.user_id, '👍', b.created_at + interval '1 minute'
FROM bench_messages b JOIN bench_conversations c ON c.k = b.k
JOIN bench_members m ON m.k = b.k AND m.j = (b.i + 1) % c.members
WHERE b.extra = 0;

INSERT INTO chat_events (conversation_id, seq, kind, message_id, actor_id, data, created_at)
SELECT b.conversation_id, b.seq + 1,
  (ARRAY['reaction_changed', 'message_updated', 'read_receipt', 'message_deleted'])[1 + b.extra],
  b.id,
  CASE WHEN b.extra = 0 THEN r.user_id ELSE b.sender_id END,
  CASE b.extra WHEN 0 THEN jsonb_build_object('emoji', '👍', 'reaction_removed', false)
    WHEN 2 THEN jsonb_build_object('read_at', b.created_at + interval '1 minute') ELSE '{}'::jsonb END,
  b.created_at + interval '1 minute'
FROM bench_messages b LEFT JOIN chat_reactions r ON r.message_id = b.id
WHERE b.extra IS NOT NULL;

UPDATE chat_conversations c SET last_seq = e.last_seq, last_message_id = m.id, updated_at = m.created_at
FROM (SELECT conversation_id, max(seq) AS last_seq FROM chat_events GROUP BY conversation_id) e,
  (SELECT DISTINCT ON (conversation_id) conversation_id, id, created_at FROM bench_messages
   ORDER BY conversation_id, i DESC) m
WHERE e.conversation_id = c.id AND m.conversation_id = c.id;

UPDATE chat_participants p SET read_seq = m.seq, read_message_id = m.id, read_at = m.created_at
FROM bench_members bm, bench_conversations c,
  (SELECT DISTINCT ON (conversation_id) conversation_id, id, seq, created_at FROM bench_messages
   ORDER BY conversation_id, i DESC) m
WHERE bm.conversation_id = p.conversation_id AND bm.user_id = p.user_id AND c.k = bm.k
  AND bm.j < c.members - 1 AND m.conversation_id = p.conversation_id;
"""


def sizes(total: int) -> list[int]:
    """Messages per conversation: the busiest 15 %, the rest by 1/rank; sums to `total`."""
    first = total * 15 // 100
    weights = [1 / k for k in range(2, CONVERSATIONS + 1)]
    scale = (total - first) / sum(weights)
    out = [first, *(max(1, int(w * scale)) for w in weights)]
    out[1] += total - sum(out)
    return out


async def history_database(admin_url: str, total: int) -> dict[str, Any]:
    """Make (or find) the loaded database; its name and what loading took."""
    name = f"chat_history_{total}_v{HISTORY_VERSION}"
    info: dict[str, Any] = {"name": name, "load_seconds": None}
    admin = await asyncpg.connect(asyncpg_url(admin_url))
    try:
        if await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return info
        loading = name + "_loading"
        await admin.execute(f'DROP DATABASE IF EXISTS "{loading}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{loading}"')
    finally:
        await admin.close()
    began = time.perf_counter()
    database = Database(with_database(admin_url, loading), registry=CollectorRegistry(), statement_timeout_ms=0)
    try:
        await migrate.upgrade(database.engine)
    finally:
        await database.dispose()
    conn = await asyncpg.connect(asyncpg_url(with_database(admin_url, loading)))
    try:
        await conn.execute("SET synchronous_commit = off; SET work_mem = '128MB'; SET maintenance_work_mem = '256MB'")
        indexes = await conn.fetch(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'chat_messages'"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        )
        for index in indexes:
            await conn.execute(f'DROP INDEX "{index["indexname"]}"')
        await conn.execute(ACCOUNTS_SQL, ACCOUNTS)
        await conn.execute(CONVERSATIONS_SQL, CONVERSATIONS, GROUPS, sizes(total))
        await conn.execute(MEMBERS_SQL)
        for statement in FILL_SQL.split(";\n\n"):
            step = time.perf_counter()
            await conn.execute(statement)
            print(f"{_short(statement.strip(), 70)}: {time.perf_counter() - step:.0f} s", flush=True)
        for index in indexes:
            await conn.execute(index["indexdef"])
        await conn.execute("DROP TABLE bench_messages, bench_members, bench_conversations, bench_accounts")
        await conn.execute("VACUUM ANALYZE")
        count = await conn.fetchval("SELECT count(*) FROM chat_messages")
    finally:
        await conn.close()
    info["load_seconds"] = time.perf_counter() - began
    print(f"loaded {count:,} messages in {info['load_seconds']:.0f} s", flush=True)
    admin = await asyncpg.connect(asyncpg_url(admin_url))
    try:
        await admin.execute(f'ALTER DATABASE "{loading}" RENAME TO "{name}"')
    finally:
        await admin.close()
    return info


class Statements:
    """The statements (with parameters) the server's engine sends while active, with their time."""

    def __init__(self, app: Application) -> None:
        self._engine = app.database.engine.sync_engine
        self.seen: list[tuple[str, Any, float]] = []
        self._started: dict[int, float] = {}

    def _before(self, _conn: object, cursor: object, *_: object) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, _conn: object, cursor: object, statement: str, parameters: Any, *_: object) -> None:
        began = self._started.pop(id(cursor), None)
        if began is not None:
            self.seen.append((" ".join(statement.split()), parameters, (time.perf_counter() - began) * 1000))

    def __enter__(self) -> Statements:
        from sqlalchemy import event

        event.listen(self._engine, "before_cursor_execute", self._before)
        event.listen(self._engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_: object) -> None:
        from sqlalchemy import event

        event.remove(self._engine, "before_cursor_execute", self._before)
        event.remove(self._engine, "after_cursor_execute", self._after)


async def _explain(conn: asyncpg.Connection, statement: str, parameters: Any) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of one captured statement: summary lines and the plan's text."""
    from bench.scale import _plan_notes

    args = list(parameters or ())
    plan = await conn.fetchval("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, *args)
    plan = json.loads(plan) if isinstance(plan, str) else plan
    text = await conn.fetch("EXPLAIN (ANALYZE, BUFFERS) " + statement, *args)
    return [*_plan_notes(plan[0]), "", "```", *(_cut(r[0]) for r in text), "```"]


def _cut(line: str, limit: int = 180) -> str:
    """A plan line, its long id lists shortened."""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _brief(statement: str) -> str:
    """A statement for the table: its column list elided."""
    return _short(re.sub(r"^SELECT (?!count).*? FROM ", "SELECT … FROM ", statement), 220)


async def run(total: int, calls: int = 300) -> list[str]:
    """Load or find the database, measure; the section's lines."""
    load_before = _uptime()
    DATA.mkdir(parents=True, exist_ok=True)
    admin_url = await start_embedded(DATA, database="postgres")
    made = await history_database(admin_url, total)
    url = with_database(admin_url, made["name"])
    db = await asyncpg.connect(asyncpg_url(url))
    busiest = await db.fetchrow(
        "SELECT c.id, c.last_seq, count(m.*) AS messages FROM chat_conversations c JOIN chat_messages m"
        " ON m.conversation_id = c.id GROUP BY c.id ORDER BY count(m.*) DESC LIMIT 1"
    )
    figures = {
        "messages": await db.fetchval("SELECT count(*) FROM chat_messages"),
        "events": await db.fetchval("SELECT count(*) FROM chat_events"),
        "conversations": await db.fetchval("SELECT count(*) FROM chat_conversations"),
        "participants": await db.fetchval("SELECT count(*) FROM chat_participants"),
        "reactions": await db.fetchval("SELECT count(*) FROM chat_reactions"),
        "size": await db.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))"),
        "smallest": await db.fetchval(
            "SELECT min(n) FROM (SELECT count(*) AS n FROM chat_messages GROUP BY conversation_id) s"
        ),
    }
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
        data_dir=DATA / "app",
        grpc_port=0,
        http_port=0,
        worker_enabled=False,
        rate_limit_default="1000000/second",
        log_level="warning",
    )
    app = await Application.create(settings, registry=CollectorRegistry())
    await app.start()
    captured: dict[str, tuple[float, list[tuple[str, Any, float]]]] = {}
    try:
        issuer = TokenIssuer(app.keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl_seconds=3600)
        # The reader: the busiest conversation's owner, signed in as bench/sessions.py's account() does.
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
                base = {"conversation_id": str(conversation), "page_size": PAGE}
                if kind == "before":
                    base["before_message_id"] = str(random.choice(deep))
                elif kind == "around":
                    base["around_message_id"] = str(random.choice(ids))
                return chat_pb2.ListMessagesRequest(**base)  # type: ignore[arg-type]

            kinds = {
                "newest": "newest page",
                "before": "page `before` a message in the oldest tenth",
                "around": "page `around` a random message",
            }
            for kind in kinds:  # warm up, check the answer, capture the statements
                answer = await chat.ListMessages(request(kind), metadata=metadata)
                assert len(answer.messages) == PAGE, (kind, len(answer.messages))
                with Statements(app) as seen:
                    began = time.perf_counter()
                    await chat.ListMessages(request(kind), metadata=metadata)
                    captured[kind] = ((time.perf_counter() - began) * 1000, seen.seen)
            table = ["| call | in flight | requests/s | p50 ms | p95 ms | failed |", "|---|---|---|---|---|---|"]
            for kind, label in kinds.items():
                for in_flight in (1, 8):
                    batch: list[Callable[[], Awaitable[Any]]] = [
                        lambda r=request(kind): chat.ListMessages(r, metadata=metadata) for _ in range(calls)
                    ]
                    cells = row(f"ListMessages, {label}, {PAGE} a page", *await timed(batch, in_flight)).split(" | ")
                    table.append(" | ".join([cells[0], str(in_flight), *cells[1:]]))
                    print(table[-1], flush=True)
        explains: list[str] = []
        for kind, (ms, seen) in captured.items():
            explains += [f"### Statements of one ListMessages, {kinds[kind]} ({ms:.1f} ms at the client)", ""]
            explains += ["| # | ms | statement |", "|---|---|---|"]
            explains += [f"| {n} | {t:.2f} | `{_brief(s)}` |" for n, (s, _, t) in enumerate(seen, 1)]
            explains.append(f"| | **{sum(t for _, _, t in seen):.1f}** | {len(seen)} statements |")
            explains.append("")
            for n, (statement, parameters, _) in enumerate(seen, 1):
                if "chat_messages" in statement or "chat_reactions" in statement or "chat_attachments" in statement:
                    explains += [f"EXPLAIN (ANALYZE, BUFFERS) of statement {n}, `{_brief(statement)}`:", ""]
                    explains += await _explain(db, statement, parameters)
                    explains.append("")
    finally:
        await app.stop()
        await db.close()
    load_after = _uptime()
    made_text = (
        f"loaded by this run in {made['load_seconds']:.0f} s"
        if made["load_seconds"] is not None
        else "made by an earlier run, found by name, nothing inserted"
    )
    head = [
        BEGIN,
        "## Chat: ListMessages (history) at 1M messages",
        "",
        f"- When: {_now()} UTC; machine: {platform.machine()}, {os.cpu_count()} cores shared with other agents' "
        "work. Load before and after the run:",
        f"  - `{load_before}`",
        f"  - `{load_after}`",
        f"- Command: `python -m bench.chat --history {total} --out docs/benchmarks.md` (= `python -m bench.run "
        "--only chat-history`), "
        "module `bench/chat_history.py`. In-process server (worker off, uvloop) and grpc.aio client in the same "
        "process, real gRPC channel, embedded PostgreSQL.",
        f"- Database `{made['name']}` ({made_text}; {figures['size']}): {figures['messages']:,} messages and "
        f"{figures['events']:,} events in {figures['conversations']} conversations ({GROUPS} groups of 3-12 "
        f"members, the rest direct; {figures['participants']:,} participants), sizes by 1/rank from "
        f"{busiest['messages']:,} messages (the busiest, a group) down to {figures['smallest']:,}; the sequence "
        "as the service assigns it (creation event, a seq per message, and after every 50th message a reaction, "
        f"an edit, a read receipt or a deletion in turn: {figures['reactions']:,} reactions).",
        f"- Caller: the busiest conversation's owner, signed in (`auth_sessions` row, TokenIssuer token). "
        f"{calls} calls per row, {PAGE} messages a page; `before`: a random message among the oldest tenth of "
        "the busiest conversation; `around`: a random message of it. Target (issue #14): p95 < 10 ms.",
        "",
    ]
    return [*head, *table, "", *explains, END]


def write(out: Path | None, lines: list[str]) -> None:
    """Print the section; with `out`, replace it between its markers in that page."""
    if out is None:
        print("\n".join(lines))
        return
    from bench.search import write_section

    write_section(out, lines, BEGIN, END)
