"""Chat across server processes on one database: fan-out, resume on another process, a lost listener
connection, slow consumers, token expiry and revocation, and shutdown.

Replica A is the in-process test server; replica B is `skillsphere serve` in its own OS process
(tests/support/server_process.py) on the same database and data dir, so both sign and check the same
tokens and resume tokens, and share nothing else: each has its own broker connection and hub."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import grpc
import pytest
from skillsphere.chat.v1 import chat_pb2, chat_pb2_grpc
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from pkg.broker import application_name
from pkg.tokens import TokenIssuer
from tests.e2e.chat_helpers import Caller, StreamReader, member, new_key, texts
from tests.e2e.conftest import _ensure_account_and_session, start_app
from tests.support.rpc import details
from tests.support.server_process import ServerProcess
from tests.support.waiting import eventually


@pytest.fixture(scope="module")
async def replica(database_url: str, server: Application) -> AsyncIterator[ServerProcess]:
    """Replica B: a second server process on the same database (and signing key) as the shared one."""
    process = ServerProcess(database_url, server.settings.data_dir)
    try:
        await process.grpc_port()
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="module")
async def channels(server: Application, replica: ServerProcess) -> AsyncIterator[tuple[Any, Any]]:
    async with (
        grpc.aio.insecure_channel(f"127.0.0.1:{server.grpc.port}") as a,
        grpc.aio.insecure_channel(f"127.0.0.1:{await replica.grpc_port()}") as b,
    ):
        yield a, b


@pytest.fixture(scope="module")
def on_a(channels: tuple[Any, Any]) -> chat_pb2_grpc.ChatServiceStub:
    return chat_pb2_grpc.ChatServiceStub(channels[0])


@pytest.fixture(scope="module")
def on_b(channels: tuple[Any, Any]) -> chat_pb2_grpc.ChatServiceStub:
    return chat_pb2_grpc.ChatServiceStub(channels[1])


@pytest.fixture(scope="module")
def users(channels: tuple[Any, Any]) -> user_pb2_grpc.UserServiceStub:
    return user_pb2_grpc.UserServiceStub(channels[0])


async def pair(chat: chat_pb2_grpc.ChatServiceStub, a: Caller, b: Caller) -> str:
    response = await chat.CreateConversation(
        chat_pb2.CreateConversationRequest(idempotency_key=new_key(), participant_user_ids=[b.id]), metadata=a.metadata
    )
    return response.conversation.id


async def send(chat: chat_pb2_grpc.ChatServiceStub, who: Caller, conversation_id: str, text: str) -> chat_pb2.Message:
    response = await chat.SendMessage(
        chat_pb2.SendMessageRequest(conversation_id=conversation_id, idempotency_key=new_key(), text=text),
        metadata=who.metadata,
    )
    return response.message


def consecutive(reader: StreamReader, conversation_id: str) -> list[int]:
    """The sequences a stream delivered for one conversation, checked to be gap- and duplicate-free."""
    sequences = [e.sequence for e in reader.durable() if e.conversation_id == conversation_id]
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences))), sequences
    return sequences


async def test_a_stream_on_one_replica_sees_messages_sent_on_the_other_in_order_once(
    on_a: chat_pb2_grpc.ChatServiceStub,
    on_b: chat_pb2_grpc.ChatServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
) -> None:
    ada, bob = await member(token_for, users, "Ada X"), await member(token_for, users, "Bob X")
    cyd, dan = await member(token_for, users, "Cyd X"), await member(token_for, users, "Dan X")
    room = (
        await on_b.CreateConversation(
            chat_pb2.CreateConversationRequest(
                idempotency_key=new_key(),
                type=chat_pb2.CONVERSATION_TYPE_GROUP,
                participant_user_ids=[bob.id, cyd.id, dan.id],
                title="x",
            ),
            metadata=ada.metadata,
        )
    ).conversation.id
    reader = StreamReader(on_a, cyd, conversation_ids=[room])
    try:
        await reader.live()

        async def burst(who: Caller, chat: chat_pb2_grpc.ChatServiceStub) -> None:
            for i in range(15):
                await send(chat, who, room, f"{who.id[:6]}-{i}")

        # The flood limit (20 per 10 s) is counted in the database, so it holds across replicas: three senders.
        await asyncio.gather(burst(ada, on_b), burst(bob, on_b), burst(dan, on_a))
        received = await reader.until_texts(45)
        history = await on_b.ListMessages(
            chat_pb2.ListMessagesRequest(conversation_id=room, page_size=100), metadata=cyd.metadata
        )
        assert received == [m.text for m in reversed(history.messages)]  # commit order, each once
        consecutive(reader, room)
    finally:
        await reader.close()


async def test_one_send_retried_on_both_processes_at_once_stores_one_message(
    on_a: chat_pb2_grpc.ChatServiceStub,
    on_b: chat_pb2_grpc.ChatServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
) -> None:
    ada, bob = await member(token_for, users, "Ada R"), await member(token_for, users, "Bob R")
    room = await pair(on_a, ada, bob)
    request = chat_pb2.SendMessageRequest(conversation_id=room, idempotency_key=new_key(), text="once")
    answers = await asyncio.gather(*(chat.SendMessage(request, metadata=ada.metadata) for chat in (on_a, on_b) * 4))
    assert len({a.message.id for a in answers}) == 1
    history = await on_b.ListMessages(chat_pb2.ListMessagesRequest(conversation_id=room), metadata=bob.metadata)
    assert [m.text for m in history.messages if m.text] == ["once"]


async def test_resuming_on_the_other_replica_misses_nothing_and_repeats_nothing(
    on_a: chat_pb2_grpc.ChatServiceStub,
    on_b: chat_pb2_grpc.ChatServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
) -> None:
    ada, bob = await member(token_for, users, "Ada Y"), await member(token_for, users, "Bob Y")
    room = await pair(on_a, ada, bob)
    first = StreamReader(on_a, bob)
    await first.live()
    for i in range(4):
        await send(on_b, ada, room, f"y{i}")
    await first.until_texts(4)
    token = first.last_token()
    await first.close()  # the client drops off replica A...
    for i in range(4, 8):
        await send(on_a, ada, room, f"y{i}")
    second = StreamReader(on_b, bob, resume_token=token)  # ...and comes back on replica B
    try:
        await second.live()
        for i in range(8, 12):
            await send(on_a, ada, room, f"y{i}")
        assert await second.until_texts(8) == [f"y{i}" for i in range(4, 12)]
        joined = [e.sequence for e in first.durable() + second.durable() if e.conversation_id == room]
        assert joined == list(range(joined[0], joined[0] + len(joined)))
    finally:
        await second.close()


async def listener_pid(database_url: str, process: ServerProcess) -> int | None:
    """The backend pid of the process's LISTEN connection (its broker names it after the OS pid)."""
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchval(
            "SELECT pid FROM pg_stat_activity WHERE application_name = $1", application_name(process.pid)
        )
    finally:
        await conn.close()


async def test_a_lost_listener_connection_catches_up_from_the_database(
    on_a: chat_pb2_grpc.ChatServiceStub,
    on_b: chat_pb2_grpc.ChatServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    replica: ServerProcess,
    database_url: str,
) -> None:
    ada, bob = await member(token_for, users, "Ada Z"), await member(token_for, users, "Bob Z")
    room = await pair(on_a, ada, bob)
    reader = StreamReader(on_b, bob)
    try:
        await reader.live()
        await send(on_a, ada, room, "before")
        await reader.until_texts(1)
        pid = await eventually(lambda: listener_pid(database_url, replica), message="replica B is not listening")
        listening, lost = len(replica.records("broker_listening")), len(replica.records("broker_listener_lost"))
        conn = await asyncpg.connect(database_url)
        try:
            assert await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
        finally:
            await conn.close()
        await eventually(lambda: len(replica.records("broker_listener_lost")) > lost, message="no lost listener")
        # Sent on replica A while B's listener is gone (or just back): PostgreSQL drops those notifications.
        for i in range(5):
            await send(on_a, ada, room, f"meanwhile {i}")
        await eventually(lambda: len(replica.records("broker_listening")) > listening, message="no reconnection")
        assert await listener_pid(database_url, replica) not in (None, pid)
        after = await send(on_a, ada, room, "after")
        assert await reader.until_texts(7) == ["before", *(f"meanwhile {i}" for i in range(5)), after.text]
        consecutive(reader, room)
    finally:
        await reader.close()


async def test_streams_end_when_the_token_expires_or_the_session_is_revoked(
    on_a: chat_pb2_grpc.ChatServiceStub, server: Application, database_url: str
) -> None:
    subject = str(uuid.uuid4())
    issuer = TokenIssuer(
        server.keys, issuer=server.settings.jwt_issuer, audience=server.settings.jwt_audience, ttl_seconds=3
    )
    session_id = _ensure_account_and_session(database_url, subject, ("learner",))
    short, _ = issuer.issue(subject=subject, session_id=session_id, roles=("learner",), email_verified=True)
    expiring = StreamReader(on_a, Caller(subject, (("authorization", f"Bearer {short}"),)))
    error = await expiring.ended()
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED and details(error)["ErrorInfo"].reason == "TOKEN_EXPIRED"
    assert expiring.events[0].WhichOneof("event") == "live"

    long_lived = TokenIssuer(
        server.keys, issuer=server.settings.jwt_issuer, audience=server.settings.jwt_audience, ttl_seconds=900
    )
    token, _ = long_lived.issue(subject=subject, session_id=session_id, roles=("learner",), email_verified=True)
    revoked = StreamReader(on_a, Caller(subject, (("authorization", f"Bearer {token}"),)))
    await revoked.live()
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1",
            uuid.UUID(session_id),
        )
    finally:
        await conn.close()
    error = await revoked.ended()
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED and details(error)["ErrorInfo"].reason == "SESSION_REVOKED"


async def test_a_slow_consumer_is_ended_retryably_and_resumes_from_its_cursor(
    database_url: str, server: Application, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    small, _ = await start_app(database_url, server.settings.data_dir, chat_stream_queue_size=2)
    try:
        async with grpc.aio.insecure_channel(
            f"127.0.0.1:{small.grpc.port}",
            options=[("grpc.http2.lookahead_bytes", 0), ("grpc.http2.bdp_probe", 0)],
        ) as channel:
            chat = chat_pb2_grpc.ChatServiceStub(channel)
            reader_member = await member(token_for, users, "Slow S")
            senders = [await member(token_for, users, f"Fast S{i}") for i in range(6)]
            room = (
                await chat.CreateConversation(
                    chat_pb2.CreateConversationRequest(
                        idempotency_key=new_key(),
                        type=chat_pb2.CONVERSATION_TYPE_GROUP,
                        participant_user_ids=[s.id for s in senders],
                        title="firehose",
                    ),
                    metadata=reader_member.metadata,
                )
            ).conversation.id
            call = chat.StreamMessages(chat_pb2.StreamMessagesRequest(), metadata=reader_member.metadata)
            live = await call.read()
            assert live.WhichOneof("event") == "live"
            big = "x" * 3950

            async def flood(who: Caller) -> None:
                for i in range(20):
                    await send(chat, who, room, f"{who.id[:8]}-{i} {big}")

            # The client reads nothing: the server's writes stall, its queue fills, and it ends the stream.
            await asyncio.gather(*(flood(s) for s in senders))
            received: list[Any] = [live]
            with pytest.raises(grpc.aio.AioRpcError) as ended:
                while True:
                    received.append(await call.read())
            assert ended.value.code() == grpc.StatusCode.UNAVAILABLE
            assert details(ended.value)["ErrorInfo"].reason == "SLOW_CONSUMER"
            assert "RetryInfo" in details(ended.value)
            got = [e for e in received if e.sequence]
            assert 0 < len(got) < 120
            resumed = StreamReader(chat, reader_member, resume_token=next(e.resume_token for e in reversed(got)))
            try:
                await eventually(lambda: len(texts(got)) + len(texts(resumed.events)) >= 120)
                everything = texts(got) + texts(resumed.events)
                assert len(everything) == len(set(everything)) == 120
            finally:
                await resumed.close()
    finally:
        await small.stop()


async def test_shutdown_ends_streams_unavailable_and_resuming_elsewhere_loses_nothing(
    database_url: str,
    server: Application,
    on_a: chat_pb2_grpc.ChatServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
) -> None:
    leaving = ServerProcess(database_url, server.settings.data_dir)
    try:
        port = await leaving.grpc_port()
        ada, bob = await member(token_for, users, "Ada D"), await member(token_for, users, "Bob D")
        room = await pair(on_a, ada, bob)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            reader = StreamReader(chat_pb2_grpc.ChatServiceStub(channel), bob)
            await reader.live()
            await send(on_a, ada, room, "d0")
            await reader.until_texts(1)
            leaving.terminate()  # SIGTERM: the process drains, ending its streams first
            error = await reader.ended()
    finally:
        await asyncio.to_thread(leaving.stop)
    assert error.code() == grpc.StatusCode.UNAVAILABLE and details(error)["ErrorInfo"].reason == "SHUTTING_DOWN"
    assert leaving.process.returncode == 0, "".join(leaving.lines[-30:])
    await send(on_a, ada, room, "d1")
    resumed = StreamReader(on_a, bob, resume_token=reader.last_token())
    try:
        assert await resumed.until_texts(1) == ["d1"]
    finally:
        await resumed.close()
