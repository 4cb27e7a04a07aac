"""A conversation tied to a session: open to that session's participants only, through SessionService."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import grpc
from skillsphere.chat.v1 import chat_pb2, chat_pb2_grpc
from skillsphere.session.v1 import session_pb2_grpc

from tests.e2e.session_helpers import catalog_skill, member, propose, soon, teacher
from tests.support.rpc import fails


def _create(session_id: str, *others: str) -> chat_pb2.CreateConversationRequest:
    return chat_pb2.CreateConversationRequest(
        idempotency_key=str(uuid.uuid4()), participant_user_ids=list(others), session_id=session_id
    )


async def test_only_the_sessions_participants_open_its_conversation(
    channel: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    chat = chat_pb2_grpc.ChatServiceStub(channel)
    sessions = session_pb2_grpc.SessionServiceStub(channel)
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill, name="Grace T")
    ada = await member(channel, token_for, "Ada T")
    eve = await member(channel, token_for, "Eve T")
    session = await propose(sessions, skill, grace, ada, soon(90))

    # A stranger learns nothing about the session, and cannot bring an outsider into it either.
    await fails(
        chat.CreateConversation(_create(session.id, grace.id), metadata=eve.metadata),
        grpc.StatusCode.NOT_FOUND,
        "SESSION_NOT_FOUND",
    )
    await fails(
        chat.CreateConversation(_create(session.id, eve.id), metadata=ada.metadata),
        grpc.StatusCode.PERMISSION_DENIED,
        "NOT_SESSION_PARTICIPANT",
    )

    opened = await chat.CreateConversation(_create(session.id, grace.id), metadata=ada.metadata)
    assert opened.conversation.session_id == session.id
    assert {p.user_id for p in opened.conversation.participants} == {ada.id, grace.id}
