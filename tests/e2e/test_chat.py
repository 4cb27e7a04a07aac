"""ChatService end to end on the shared server: every RPC's success and failure codes over real channels."""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Callable

import asyncpg
import grpc
import httpx
import pytest
from google.protobuf import field_mask_pb2
from PIL import Image
from prometheus_client import CollectorRegistry
from skillsphere.chat.v1 import chat_pb2, chat_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.app import Application
from internal.chat.jobs import PURGE_UNSENT_ATTACHMENTS_JOB
from pkg.jobs import enqueue
from pkg.storage import ObjectNotFound
from tests.conftest import make_settings
from tests.e2e.chat_helpers import Caller, StreamReader, fails, member, new_key, texts
from tests.support.rpc import details
from tests.support.waiting import eventually

DIRECT, GROUP = chat_pb2.CONVERSATION_TYPE_DIRECT, chat_pb2.CONVERSATION_TYPE_GROUP


@pytest.fixture(scope="module")
def chat(channel: grpc.aio.Channel) -> chat_pb2_grpc.ChatServiceStub:
    return chat_pb2_grpc.ChatServiceStub(channel)


@pytest.fixture(scope="module")
def users(channel: grpc.aio.Channel) -> user_pb2_grpc.UserServiceStub:
    return user_pb2_grpc.UserServiceStub(channel)


async def direct(chat: chat_pb2_grpc.ChatServiceStub, a: Caller, b: Caller) -> chat_pb2.Conversation:
    response = await chat.CreateConversation(
        chat_pb2.CreateConversationRequest(idempotency_key=new_key(), participant_user_ids=[b.id]), metadata=a.metadata
    )
    return response.conversation


async def group(
    chat: chat_pb2_grpc.ChatServiceStub, owner: Caller, *others: Caller, title: str = "Study group"
) -> chat_pb2.Conversation:
    response = await chat.CreateConversation(
        chat_pb2.CreateConversationRequest(
            idempotency_key=new_key(), type=GROUP, participant_user_ids=[o.id for o in others], title=title
        ),
        metadata=owner.metadata,
    )
    return response.conversation


async def send(
    chat: chat_pb2_grpc.ChatServiceStub, who: Caller, conversation_id: str, text: str, **extra: object
) -> chat_pb2.Message:
    response = await chat.SendMessage(
        chat_pb2.SendMessageRequest(conversation_id=conversation_id, idempotency_key=new_key(), text=text, **extra),  # type: ignore[arg-type]
        metadata=who.metadata,
    )
    return response.message


# ------------------------------------------------------------------------------------------ conversations


async def test_direct_conversation_is_one_per_pair_and_create_is_idempotent(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada, bob = await member(token_for, users, "Ada Chat"), await member(token_for, users, "Bob Chat")
    request = chat_pb2.CreateConversationRequest(idempotency_key=new_key(), participant_user_ids=[bob.id])
    first = await chat.CreateConversation(request, metadata=ada.metadata)
    assert first.created and first.conversation.type == DIRECT and len(first.conversation.participants) == 2
    assert {p.user.display_name for p in first.conversation.participants} == {"Ada Chat", "Bob Chat"}
    again = await chat.CreateConversation(request, metadata=ada.metadata)
    assert again.created and again.conversation.id == first.conversation.id  # the same key replays the answer
    # Bob starting one with Ada (at the same time, even) gets the pair's existing conversation.
    theirs = await asyncio.gather(
        *(
            chat.CreateConversation(
                chat_pb2.CreateConversationRequest(idempotency_key=new_key(), participant_user_ids=[ada.id]),
                metadata=bob.metadata,
            )
            for _ in range(3)
        )
    )
    assert {t.conversation.id for t in theirs} == {first.conversation.id} and not any(t.created for t in theirs)
    got = await chat.GetConversation(
        chat_pb2.GetConversationRequest(conversation_id=first.conversation.id), metadata=bob.metadata
    )
    assert got.conversation.id == first.conversation.id
    # Reusing the key for another request is refused.
    carl = await member(token_for, users, "Carl Chat")
    await fails(
        chat.CreateConversation(
            chat_pb2.CreateConversationRequest(idempotency_key=request.idempotency_key, participant_user_ids=[carl.id]),
            metadata=ada.metadata,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "IDEMPOTENCY_KEY_REUSED",
    )
    await fails(
        chat.GetConversation(
            chat_pb2.GetConversationRequest(conversation_id=first.conversation.id), metadata=carl.metadata
        ),
        grpc.StatusCode.NOT_FOUND,
        "CONVERSATION_NOT_FOUND",
    )


async def test_create_conversation_refuses_bad_participants_blocks_and_unknown_sessions(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada = await member(token_for, users, "Ada R")
    bob = await member(token_for, users, "Bob R")
    cyd = await member(token_for, users, "Cyd R")

    def create(who: Caller, ids: list[str], **extra: object) -> object:
        return chat.CreateConversation(
            chat_pb2.CreateConversationRequest(idempotency_key=new_key(), participant_user_ids=ids, **extra),  # type: ignore[arg-type]
            metadata=who.metadata,
        )

    error = await fails(create(ada, [ada.id]), grpc.StatusCode.INVALID_ARGUMENT)
    assert "participant_user_ids" in {v.field for v in details(error)["BadRequest"].field_violations}
    await fails(create(ada, [bob.id, cyd.id]), grpc.StatusCode.INVALID_ARGUMENT)  # two members for DIRECT
    await fails(create(ada, [bob.id], type=GROUP), grpc.StatusCode.INVALID_ARGUMENT)  # a group needs 3 people
    await fails(create(ada, ["not-a-uuid"]), grpc.StatusCode.INVALID_ARGUMENT)
    await fails(create(ada, ["00000000-0000-4000-8000-00000000dead"]), grpc.StatusCode.NOT_FOUND, "USER_NOT_FOUND")
    await fails(
        create(ada, [bob.id], session_id="00000000-0000-4000-8000-00000000beef"),
        grpc.StatusCode.NOT_FOUND,
        "SESSION_NOT_FOUND",
    )
    await users.BlockUser(user_pb2.BlockUserRequest(user_id=ada.id), metadata=cyd.metadata)
    # Cyd blocked Ada: to Ada, Cyd is as unknown as a member who does not exist.
    await fails(create(ada, [cyd.id]), grpc.StatusCode.NOT_FOUND, "USER_NOT_FOUND")
    await fails(create(ada, [bob.id, cyd.id], type=GROUP, title="t"), grpc.StatusCode.NOT_FOUND, "USER_NOT_FOUND")
    await fails(
        chat.CreateConversation(
            chat_pb2.CreateConversationRequest(idempotency_key=new_key(), participant_user_ids=[bob.id])
        ),
        grpc.StatusCode.UNAUTHENTICATED,
    )


async def test_group_management_follows_the_owner_rules(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    owner = await member(token_for, users, "Owner G")
    ann = await member(token_for, users, "Ann G")
    ben = await member(token_for, users, "Ben G")
    cat = await member(token_for, users, "Cat G")
    conversation = await group(chat, owner, ann, ben, title="  Rust   study ")
    assert conversation.title == "Rust study"
    roles = {p.user_id: p.role for p in conversation.participants}
    assert roles[owner.id] == chat_pb2.PARTICIPANT_ROLE_OWNER and roles[ann.id] == chat_pb2.PARTICIPANT_ROLE_MEMBER

    def rename(who: Caller, title: str, paths: list[str] | None = None) -> object:
        return chat.UpdateConversation(
            chat_pb2.UpdateConversationRequest(
                conversation=chat_pb2.Conversation(id=conversation.id, title=title),
                update_mask=field_mask_pb2.FieldMask(paths=paths or ["title"]),
            ),
            metadata=who.metadata,
        )

    renamed = await rename(owner, "Rust reading club")
    assert renamed.conversation.title == "Rust reading club"  # type: ignore[attr-defined]
    await fails(rename(ann, "Mine now"), grpc.StatusCode.PERMISSION_DENIED, "NOT_OWNER")
    await fails(rename(owner, "x", ["type"]), grpc.StatusCode.INVALID_ARGUMENT, "UPDATE_MASK_INVALID")
    await fails(rename(cat, "x"), grpc.StatusCode.NOT_FOUND, "CONVERSATION_NOT_FOUND")

    add = chat_pb2.AddParticipantsRequest(conversation_id=conversation.id, user_ids=[cat.id, ann.id])
    await fails(chat.AddParticipants(add, metadata=ann.metadata), grpc.StatusCode.PERMISSION_DENIED, "NOT_OWNER")
    added = await chat.AddParticipants(add, metadata=owner.metadata)
    assert {p.user_id for p in added.conversation.participants} == {owner.id, ann.id, ben.id, cat.id}

    remove = chat_pb2.RemoveParticipantRequest(conversation_id=conversation.id, user_id=cat.id)
    await fails(chat.RemoveParticipant(remove, metadata=ben.metadata), grpc.StatusCode.PERMISSION_DENIED, "NOT_OWNER")
    removed = await chat.RemoveParticipant(remove, metadata=owner.metadata)
    assert cat.id not in {p.user_id for p in removed.conversation.participants}
    await fails(
        chat.RemoveParticipant(remove, metadata=owner.metadata), grpc.StatusCode.NOT_FOUND, "PARTICIPANT_NOT_FOUND"
    )
    await fails(
        chat.RemoveParticipant(
            chat_pb2.RemoveParticipantRequest(conversation_id=conversation.id, user_id=owner.id),
            metadata=owner.metadata,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )

    muted = await chat.MuteConversation(
        chat_pb2.MuteConversationRequest(conversation_id=conversation.id, muted=True), metadata=ben.metadata
    )
    assert muted.participant.muted and muted.participant.user_id == ben.id

    # The owner leaves: the earliest-joined member (Ann, who joined with the group) becomes the owner.
    await chat.LeaveConversation(
        chat_pb2.LeaveConversationRequest(conversation_id=conversation.id), metadata=owner.metadata
    )
    after = await chat.GetConversation(
        chat_pb2.GetConversationRequest(conversation_id=conversation.id), metadata=ann.metadata
    )
    roles = {p.user_id: p.role for p in after.conversation.participants}
    assert owner.id not in roles and chat_pb2.PARTICIPANT_ROLE_OWNER in roles.values()
    assert [p.muted for p in after.conversation.participants if p.user_id == ben.id] == [False]  # only shown to Ben

    pair = await direct(chat, ann, ben)
    await fails(
        chat.LeaveConversation(chat_pb2.LeaveConversationRequest(conversation_id=pair.id), metadata=ann.metadata),
        grpc.StatusCode.FAILED_PRECONDITION,
        "NOT_A_GROUP",
    )

    listed = await chat.ListConversations(chat_pb2.ListConversationsRequest(page_size=1), metadata=ann.metadata)
    assert len(listed.conversations) == 1 and listed.next_page_token
    rest = await chat.ListConversations(
        chat_pb2.ListConversationsRequest(page_size=1, page_token=listed.next_page_token), metadata=ann.metadata
    )
    assert {listed.conversations[0].id, rest.conversations[0].id} == {pair.id, conversation.id}
    groups = await chat.ListConversations(chat_pb2.ListConversationsRequest(type=GROUP), metadata=ann.metadata)
    assert [c.id for c in groups.conversations] == [conversation.id]
    await fails(
        chat.ListConversations(chat_pb2.ListConversationsRequest(page_token="forged"), metadata=ann.metadata),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN",
    )


# ------------------------------------------------------------------------------------------ messages


async def test_send_is_idempotent_and_history_pages_around_cursors(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada, bob = await member(token_for, users, "Ada H"), await member(token_for, users, "Bob H")
    conversation = await direct(chat, ada, bob)
    request = chat_pb2.SendMessageRequest(conversation_id=conversation.id, idempotency_key=new_key(), text="hello")
    first = (await chat.SendMessage(request, metadata=ada.metadata)).message
    replay = (await chat.SendMessage(request, metadata=ada.metadata)).message
    assert replay.id == first.id and first.idempotency_key == request.idempotency_key and first.sequence > 0
    sent = [first] + [await send(chat, ada if i % 2 else bob, conversation.id, f"m{i}") for i in range(1, 10)]
    assert [m.sequence for m in sent] == sorted(m.sequence for m in sent)

    def page(**extra: object) -> object:
        return chat.ListMessages(
            chat_pb2.ListMessagesRequest(conversation_id=conversation.id, **extra),
            metadata=bob.metadata,  # type: ignore[arg-type]
        )

    newest = await page(page_size=4)
    assert [m.text for m in newest.messages] == ["m9", "m8", "m7", "m6"]  # type: ignore[attr-defined]
    assert [m.idempotency_key for m in newest.messages if m.sender_user_id == ada.id] == [""] * 2  # type: ignore[attr-defined]
    older = await page(page_size=4, page_token=newest.next_page_token)  # type: ignore[attr-defined]
    assert [m.text for m in older.messages] == ["m5", "m4", "m3", "m2"]  # type: ignore[attr-defined]
    before = await page(page_size=2, before_message_id=sent[3].id)
    assert [m.text for m in before.messages] == ["m2", "m1"]  # type: ignore[attr-defined]
    after = await page(page_size=3, after_message_id=sent[5].id)
    assert [m.text for m in after.messages] == ["m6", "m7", "m8"]  # type: ignore[attr-defined]
    after_more = await page(page_size=3, after_message_id=sent[5].id, page_token=after.next_page_token)  # type: ignore[attr-defined]
    assert [m.text for m in after_more.messages] == ["m9"] and not after_more.next_page_token  # type: ignore[attr-defined]
    around = await page(page_size=5, around_message_id=sent[5].id)
    assert [m.text for m in around.messages] == ["m3", "m4", "m5", "m6", "m7"]  # type: ignore[attr-defined]
    await fails(page(before_message_id=sent[1].id, after_message_id=sent[2].id), grpc.StatusCode.INVALID_ARGUMENT)
    await fails(page(page_size=-1), grpc.StatusCode.INVALID_ARGUMENT)
    await fails(
        page(around_message_id="00000000-0000-4000-8000-000000000000"), grpc.StatusCode.NOT_FOUND, "MESSAGE_NOT_FOUND"
    )

    # A reply must point into the conversation; empty messages and other keys' reuse are refused.
    reply = await send(chat, bob, conversation.id, "re", reply_to_message_id=first.id)
    assert reply.reply_to_message_id == first.id
    await fails(
        chat.SendMessage(
            chat_pb2.SendMessageRequest(conversation_id=conversation.id, idempotency_key=new_key(), text="  "),
            metadata=ada.metadata,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    await fails(
        chat.SendMessage(
            chat_pb2.SendMessageRequest(
                conversation_id=conversation.id, idempotency_key=request.idempotency_key, text="other"
            ),
            metadata=ada.metadata,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "IDEMPOTENCY_KEY_REUSED",
    )
    outsider = await member(token_for, users, "Eve H")
    await fails(
        chat.SendMessage(
            chat_pb2.SendMessageRequest(conversation_id=conversation.id, idempotency_key=new_key(), text="hi"),
            metadata=outsider.metadata,
        ),
        grpc.StatusCode.NOT_FOUND,
        "CONVERSATION_NOT_FOUND",
    )
    await fails(
        chat.ListMessages(chat_pb2.ListMessagesRequest(conversation_id=conversation.id), metadata=outsider.metadata),
        grpc.StatusCode.NOT_FOUND,
        "CONVERSATION_NOT_FOUND",
    )
    # The page statement is gated on the access check and the anchor: an empty page must still tell an
    # outsider, a foreign anchor and a plain end of history apart.
    await fails(
        chat.ListMessages(
            chat_pb2.ListMessagesRequest(conversation_id=conversation.id, around_message_id=sent[5].id),
            metadata=outsider.metadata,
        ),
        grpc.StatusCode.NOT_FOUND,
        "CONVERSATION_NOT_FOUND",
    )
    elsewhere = await send(chat, bob, (await direct(chat, bob, outsider)).id, "elsewhere")
    for anchor in ("before_message_id", "after_message_id", "around_message_id"):
        await fails(page(**{anchor: elsewhere.id}), grpc.StatusCode.NOT_FOUND, "MESSAGE_NOT_FOUND")
    assert not (await page(before_message_id=first.id)).messages  # type: ignore[attr-defined]
    assert not (await page(after_message_id=reply.id)).messages  # type: ignore[attr-defined]


async def test_blocked_members_cannot_continue_a_direct_conversation_and_floods_are_limited(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada, bob = await member(token_for, users, "Ada B"), await member(token_for, users, "Bob B")
    conversation = await direct(chat, ada, bob)
    await send(chat, ada, conversation.id, "before the block")
    await users.BlockUser(user_pb2.BlockUserRequest(user_id=ada.id), metadata=bob.metadata)
    # No answer reveals a block: either member is told the other is not found, as for a deleted account
    # (test_a_deleted_members_messages_stay_without_their_sender) and as GetUser answers.
    for who, other in ((ada, bob), (bob, ada)):
        error = await fails(send(chat, who, conversation.id, "after"), grpc.StatusCode.NOT_FOUND, "USER_NOT_FOUND")
        assert details(error)["ErrorInfo"].metadata["user_id"] == other.id
    await fails(
        users.GetUser(user_pb2.GetUserRequest(user_id=bob.id), metadata=ada.metadata), grpc.StatusCode.NOT_FOUND
    )
    await users.UnblockUser(user_pb2.UnblockUserRequest(user_id=ada.id), metadata=bob.metadata)
    await eventually(lambda: _sends(chat, ada, conversation.id))

    flooder = await member(token_for, users, "Flo B")
    room = await direct(chat, flooder, bob)
    for i in range(20):
        await send(chat, flooder, room.id, f"flood {i}")
    error = await fails(send(chat, flooder, room.id, "one too many"), grpc.StatusCode.RESOURCE_EXHAUSTED, "FLOOD_LIMIT")
    delay = details(error)["RetryInfo"].retry_delay
    assert 0 < delay.seconds + delay.nanos / 1e9 <= 10


async def test_a_deleted_members_messages_stay_without_their_sender(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada, bob = await member(token_for, users, "Ada Gone"), await member(token_for, users, "Bob Stays")
    cyd = await member(token_for, users, "Cyd Stays")
    conversation = await direct(chat, ada, bob)
    room = await group(chat, bob, ada, cyd)
    await send(chat, ada, conversation.id, "hello from ada")
    await send(chat, bob, conversation.id, "hi ada")
    await send(chat, ada, room.id, "ada in the group")
    await users.DeleteUser(user_pb2.DeleteUserRequest(user_id=ada.id, reason="leaving"), metadata=ada.metadata)

    for conversation_id, reader in ((conversation.id, bob), (room.id, cyd)):
        listed = await chat.ListMessages(
            chat_pb2.ListMessagesRequest(conversation_id=conversation_id), metadata=reader.metadata
        )
        for message in listed.messages:
            assert message.sender_user_id != ada.id, message
        kept = {m.text: m for m in listed.messages if m.text}
        gone = kept["hello from ada" if conversation_id == conversation.id else "ada in the group"]
        assert (gone.sender_user_id, gone.sender_deleted) == ("", True)  # anonymised, not dropped
    listed = await chat.ListMessages(
        chat_pb2.ListMessagesRequest(conversation_id=conversation.id), metadata=bob.metadata
    )
    mine = next(m for m in listed.messages if m.text == "hi ada")
    assert (mine.sender_user_id, mine.sender_deleted) == (bob.id, False)
    # Writing to a deleted member answers what a block answers (test_blocked_members_cannot_continue_...).
    error = await fails(send(chat, bob, conversation.id, "are you there?"), grpc.StatusCode.NOT_FOUND, "USER_NOT_FOUND")
    assert details(error)["ErrorInfo"].metadata["user_id"] == ada.id


async def _sends(chat: chat_pb2_grpc.ChatServiceStub, who: Caller, conversation_id: str) -> bool:
    try:
        await send(chat, who, conversation_id, "after the unblock")
    except grpc.aio.AioRpcError:
        return False  # the block cache of this replica may hold the old answer for a moment
    return True


async def test_read_markers_move_forward_only_and_unread_counts_follow(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada, bob = await member(token_for, users, "Ada M"), await member(token_for, users, "Bob M")
    conversation = await direct(chat, ada, bob)
    sent = [await send(chat, ada, conversation.id, f"u{i}") for i in range(5)]
    await send(chat, bob, conversation.id, "mine")  # never unread for its sender
    got = await chat.GetConversation(
        chat_pb2.GetConversationRequest(conversation_id=conversation.id), metadata=bob.metadata
    )
    assert got.conversation.unread_count == 5
    marked = await chat.MarkAsRead(
        chat_pb2.MarkAsReadRequest(conversation_id=conversation.id, message_id=sent[2].id), metadata=bob.metadata
    )
    assert marked.last_read_message_id == sent[2].id and marked.unread_count == 2
    backwards = await chat.MarkAsRead(
        chat_pb2.MarkAsReadRequest(conversation_id=conversation.id, message_id=sent[0].id), metadata=bob.metadata
    )
    assert backwards.last_read_message_id == sent[2].id and backwards.unread_count == 2
    unread = await chat.ListConversations(chat_pb2.ListConversationsRequest(unread_only=True), metadata=bob.metadata)
    assert [c.id for c in unread.conversations] == [conversation.id] and unread.total_unread_conversations == 1
    newest = await chat.MarkAsRead(
        chat_pb2.MarkAsReadRequest(conversation_id=conversation.id, private=True), metadata=bob.metadata
    )
    assert newest.unread_count == 0
    unread = await chat.ListConversations(chat_pb2.ListConversationsRequest(unread_only=True), metadata=bob.metadata)
    assert list(unread.conversations) == [] and unread.total_unread_conversations == 0
    await fails(
        chat.MarkAsRead(
            chat_pb2.MarkAsReadRequest(
                conversation_id=conversation.id, message_id="00000000-0000-4000-8000-000000000001"
            ),
            metadata=bob.metadata,
        ),
        grpc.StatusCode.NOT_FOUND,
        "MESSAGE_NOT_FOUND",
    )


async def test_unread_counts_stay_exact_under_100_concurrent_sends_and_reads(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    reader = await member(token_for, users, "Reader U")
    senders = [await member(token_for, users, f"Sender U{i}") for i in range(5)]
    room = await group(chat, reader, *senders)
    reads: list[chat_pb2.MarkAsReadResponse] = []

    async def send_some(who: Caller) -> None:
        for i in range(20):
            await send(chat, who, room.id, f"{who.id[:4]} {i}")

    async def read_often() -> None:
        for _ in range(20):
            reads.append(
                await chat.MarkAsRead(chat_pb2.MarkAsReadRequest(conversation_id=room.id), metadata=reader.metadata)
            )

    await asyncio.gather(*(send_some(s) for s in senders), read_often())
    history = await chat.ListMessages(
        chat_pb2.ListMessagesRequest(conversation_id=room.id, page_size=100), metadata=reader.metadata
    )
    by_id = {m.id: m.sequence for m in history.messages}
    sequences = sorted(by_id.values())
    for answer in reads:  # each answer counted exactly the messages after the marker it reports
        marker = by_id[answer.last_read_message_id] if answer.last_read_message_id else 0
        assert answer.unread_count <= len([s for s in sequences if s > marker])
    final = await chat.MarkAsRead(
        chat_pb2.MarkAsReadRequest(conversation_id=room.id, message_id=history.messages[10].id),
        metadata=reader.metadata,
    )
    got = await chat.GetConversation(chat_pb2.GetConversationRequest(conversation_id=room.id), metadata=reader.metadata)
    # Markers only move forward: the marker is the 11th newest message, or a later one the reads above reached
    # (the last read may have landed before the last sends).
    marker = by_id[final.last_read_message_id]
    assert marker >= by_id[history.messages[10].id]
    expected = len([s for s in sequences if s > marker])
    assert got.conversation.unread_count == final.unread_count == expected


async def test_edit_delete_react_and_report(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada, bob = await member(token_for, users, "Ada E"), await member(token_for, users, "Bob E")
    admin = await member(token_for, users, "Admin E", "admin")
    conversation = await direct(chat, ada, bob)
    message = await send(chat, ada, conversation.id, "teh typo")

    def edit(who: Caller, text: str, paths: tuple[str, ...] = ("text",)) -> object:
        return chat.UpdateMessage(
            chat_pb2.UpdateMessageRequest(
                message=chat_pb2.Message(id=message.id, text=text),
                update_mask=field_mask_pb2.FieldMask(paths=list(paths)),
            ),
            metadata=who.metadata,
        )

    edited = (await edit(ada, "the typo")).message  # type: ignore[attr-defined]
    assert edited.text == "the typo" and edited.HasField("edit_time")
    await fails(edit(bob, "mine"), grpc.StatusCode.PERMISSION_DENIED, "NOT_SENDER")
    await fails(edit(ada, "x", ("kind",)), grpc.StatusCode.INVALID_ARGUMENT, "UPDATE_MASK_INVALID")

    def react(who: Caller, emoji: str, remove: bool = False) -> object:
        return chat.ReactToMessage(
            chat_pb2.ReactToMessageRequest(message_id=message.id, emoji=emoji, remove=remove), metadata=who.metadata
        )

    await react(ada, "👍")
    twice = (await react(bob, "👍")).message  # type: ignore[attr-defined]
    again = (await react(bob, "👍")).message  # type: ignore[attr-defined]
    assert [(r.emoji, r.count, r.reacted_by_me) for r in twice.reactions] == [("👍", 2, True)]
    assert [(r.emoji, r.count) for r in again.reactions] == [("👍", 2)]  # one per member per emoji
    flag = (await react(bob, "🇩🇪")).message  # type: ignore[attr-defined]
    assert {r.emoji for r in flag.reactions} == {"👍", "🇩🇪"}
    gone = (await react(bob, "👍", remove=True)).message  # type: ignore[attr-defined]
    assert [(r.emoji, r.count, r.reacted_by_me) for r in gone.reactions if r.emoji == "👍"] == [("👍", 1, False)]
    for bad in ("ab", "👍👍", "👍 ", ":)"):
        await fails(react(bob, bad), grpc.StatusCode.INVALID_ARGUMENT, "EMOJI_INVALID")

    report = chat_pb2.ReportMessageRequest(
        message_id=message.id, reason=chat_pb2.MESSAGE_REPORT_REASON_SPAM, details="buy my course"
    )
    await fails(chat.ReportMessage(report, metadata=ada.metadata), grpc.StatusCode.FAILED_PRECONDITION, "OWN_MESSAGE")
    made = (await chat.ReportMessage(report, metadata=bob.metadata)).report
    assert made.status == chat_pb2.MESSAGE_REPORT_STATUS_OPEN and made.reporter_user_id == bob.id
    await fails(chat.ReportMessage(report, metadata=bob.metadata), grpc.StatusCode.ALREADY_EXISTS, "ALREADY_REPORTED")
    await fails(
        chat.ReportMessage(chat_pb2.ReportMessageRequest(message_id=message.id), metadata=bob.metadata),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    queue = await chat.ListMessageReports(
        chat_pb2.ListMessageReportsRequest(status=chat_pb2.MESSAGE_REPORT_STATUS_OPEN, page_size=100),
        metadata=admin.metadata,
    )
    assert made.id in {r.id for r in queue.reports}
    await fails(
        chat.ListMessageReports(chat_pb2.ListMessageReportsRequest(), metadata=bob.metadata),
        grpc.StatusCode.PERMISSION_DENIED,
        "ROLE_REQUIRED",
    )

    await fails(
        chat.DeleteMessage(chat_pb2.DeleteMessageRequest(message_id=message.id), metadata=bob.metadata),
        grpc.StatusCode.PERMISSION_DENIED,
        "NOT_SENDER",
    )
    tombstone = (
        await chat.DeleteMessage(chat_pb2.DeleteMessageRequest(message_id=message.id), metadata=ada.metadata)
    ).message
    assert tombstone.deleted and tombstone.text == "" and list(tombstone.reactions) == []
    again_deleted = await chat.DeleteMessage(
        chat_pb2.DeleteMessageRequest(message_id=message.id), metadata=ada.metadata
    )
    assert again_deleted.message.deleted
    await fails(edit(ada, "back"), grpc.StatusCode.FAILED_PRECONDITION, "MESSAGE_DELETED")
    await fails(react(bob, "🎉"), grpc.StatusCode.FAILED_PRECONDITION, "MESSAGE_DELETED")
    history = await chat.ListMessages(
        chat_pb2.ListMessagesRequest(conversation_id=conversation.id), metadata=bob.metadata
    )
    assert [(m.id, m.deleted) for m in history.messages] == [(message.id, True)]  # the tombstone keeps its place


async def test_group_owner_may_delete_any_message(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    owner = await member(token_for, users, "Own O")
    ann = await member(token_for, users, "Ann O")
    ben = await member(token_for, users, "Ben O")
    room = await group(chat, owner, ann, ben)
    rude = await send(chat, ann, room.id, "rude")
    await fails(
        chat.DeleteMessage(chat_pb2.DeleteMessageRequest(message_id=rude.id), metadata=ben.metadata),
        grpc.StatusCode.PERMISSION_DENIED,
        "NOT_SENDER",
    )
    deleted = await chat.DeleteMessage(chat_pb2.DeleteMessageRequest(message_id=rude.id), metadata=owner.metadata)
    assert deleted.message.deleted


async def test_search_finds_only_the_callers_conversations(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada = await member(token_for, users, "Ada S")
    bob = await member(token_for, users, "Bob S")
    eve = await member(token_for, users, "Eve S")
    ours = await direct(chat, ada, bob)
    theirs = await direct(chat, bob, eve)
    await send(chat, ada, ours.id, "Let us practise quaternion rotations tomorrow")
    await send(chat, bob, theirs.id, "quaternion secrets between Bob and Eve")
    await send(chat, ada, ours.id, "nothing relevant")

    def search(who: Caller, query: str, **extra: object) -> object:
        return chat.SearchMessages(chat_pb2.SearchMessagesRequest(query=query, **extra), metadata=who.metadata)  # type: ignore[arg-type]

    found = await search(ada, "quaternion")
    assert [r.message.conversation_id for r in found.results] == [ours.id]  # type: ignore[attr-defined]
    hit = found.results[0]  # type: ignore[attr-defined]
    assert hit.snippet[hit.highlights[0].start : hit.highlights[0].end].lower() == "quaternion"
    prefix = await search(ada, "quatern")
    assert len(prefix.results) == 1  # type: ignore[attr-defined]
    typo = await search(ada, "quaternoin rotations")
    assert [r.message.text for r in typo.results][:1] == ["Let us practise quaternion rotations tomorrow"]  # type: ignore[attr-defined]
    both = await search(bob, "quaternion")
    assert len(both.results) == 2  # type: ignore[attr-defined]
    only = await search(bob, "quaternion", conversation_id=theirs.id)
    assert [r.message.conversation_id for r in only.results] == [theirs.id]  # type: ignore[attr-defined]
    await fails(
        search(ada, "quaternion", conversation_id=theirs.id), grpc.StatusCode.NOT_FOUND, "CONVERSATION_NOT_FOUND"
    )
    await fails(search(ada, ""), grpc.StatusCode.INVALID_ARGUMENT)


async def test_attachments_are_sniffed_and_sent_with_a_signed_download(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada, bob = await member(token_for, users, "Ada F"), await member(token_for, users, "Bob F")
    conversation = await direct(chat, ada, bob)
    pdf = b"%PDF-1.4\n" + b"0" * 200

    async def reserve(content_type: str, size: int) -> chat_pb2.CreateAttachmentUploadResponse:
        return await chat.CreateAttachmentUpload(
            chat_pb2.CreateAttachmentUploadRequest(
                conversation_id=conversation.id, file_name="notes.pdf", content_type=content_type, size_bytes=size
            ),
            metadata=ada.metadata,
        )

    ticket = await reserve("application/pdf", len(pdf))
    send_with = chat_pb2.SendMessageRequest(
        conversation_id=conversation.id, idempotency_key=new_key(), attachment_ids=[ticket.attachment_id]
    )
    await fails(
        chat.SendMessage(send_with, metadata=ada.metadata),
        grpc.StatusCode.FAILED_PRECONDITION,
        "ATTACHMENT_NOT_UPLOADED",
    )
    async with httpx.AsyncClient(timeout=30) as http:
        uploaded = await http.request(
            ticket.upload_method, ticket.upload_url, content=pdf, headers=dict(ticket.upload_headers)
        )
        assert uploaded.status_code < 300, uploaded.text
        await fails(
            chat.SendMessage(send_with, metadata=bob.metadata), grpc.StatusCode.NOT_FOUND, "ATTACHMENT_NOT_FOUND"
        )
        message = (await chat.SendMessage(send_with, metadata=ada.metadata)).message
        assert [(a.file_name, a.content_type, a.size_bytes) for a in message.attachments] == [
            ("notes.pdf", "application/pdf", len(pdf))
        ]
        download = await http.get(message.attachments[0].url)
        assert download.status_code == 200 and download.content == pdf
        # A file whose bytes are not what its declared type says is refused (the name does not matter).
        fake = await reserve("image/png", len(pdf))
        await http.request(fake.upload_method, fake.upload_url, content=pdf, headers=dict(fake.upload_headers))
    await fails(
        chat.SendMessage(
            chat_pb2.SendMessageRequest(
                conversation_id=conversation.id, idempotency_key=new_key(), attachment_ids=[fake.attachment_id]
            ),
            metadata=ada.metadata,
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
        "ATTACHMENT_REJECTED",
    )
    await fails(reserve("application/x-msdownload", 10), grpc.StatusCode.INVALID_ARGUMENT, "CONTENT_TYPE_NOT_ALLOWED")
    await fails(reserve("application/pdf", 26214401), grpc.StatusCode.INVALID_ARGUMENT)


class Quarantine:
    """A scan hook that quarantines every file."""

    async def clean(self, key: str, content_type: str, head: bytes) -> bool:
        return False


async def reserve_and_upload(
    chat: chat_pb2_grpc.ChatServiceStub, who: Caller, conversation_id: str, data: bytes
) -> chat_pb2.CreateAttachmentUploadResponse:
    ticket = await chat.CreateAttachmentUpload(
        chat_pb2.CreateAttachmentUploadRequest(
            conversation_id=conversation_id, file_name="notes.pdf", content_type="application/pdf", size_bytes=len(data)
        ),
        metadata=who.metadata,
    )
    async with httpx.AsyncClient(timeout=30) as http:
        uploaded = await http.request(
            ticket.upload_method, ticket.upload_url, content=data, headers=dict(ticket.upload_headers)
        )
    assert uploaded.status_code < 300, uploaded.text
    return ticket


def with_attachment(conversation_id: str, attachment_id: str) -> chat_pb2.SendMessageRequest:
    return chat_pb2.SendMessageRequest(
        conversation_id=conversation_id, idempotency_key=new_key(), attachment_ids=[attachment_id]
    )


async def test_a_quarantined_attachment_stays_quarantined_after_a_restart_and_is_never_downloadable(
    server: Application,
    database_url: str,
    chat: chat_pb2_grpc.ChatServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
) -> None:
    ada, bob = await member(token_for, users, "Ada Q"), await member(token_for, users, "Bob Q")
    conversation = await direct(chat, ada, bob)
    pdf = b"%PDF-1.4\n" + b"q" * 300
    scanning = await Application.create(
        make_settings(database_url, server.settings.data_dir),
        registry=CollectorRegistry(),
        attachment_scanner=Quarantine(),
    )
    await scanning.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{scanning.grpc.port}") as channel:
            scanned = chat_pb2_grpc.ChatServiceStub(channel)
            ticket = await reserve_and_upload(scanned, ada, conversation.id, pdf)
            await fails(
                scanned.SendMessage(with_attachment(conversation.id, ticket.attachment_id), metadata=ada.metadata),
                grpc.StatusCode.FAILED_PRECONDITION,
                "ATTACHMENT_REJECTED",
            )
    finally:
        await scanning.stop()
    # The replica that scanned it is gone; the shared server's scan hook accepts everything, and still the
    # verdict holds: it was stored with the attachment, not kept in the scanning process.
    for _ in range(2):
        await fails(
            chat.SendMessage(with_attachment(conversation.id, ticket.attachment_id), metadata=ada.metadata),
            grpc.StatusCode.FAILED_PRECONDITION,
            "ATTACHMENT_REJECTED",
        )
    listed = await chat.ListMessages(
        chat_pb2.ListMessagesRequest(conversation_id=conversation.id), metadata=bob.metadata
    )
    assert [m for m in listed.messages if m.attachments] == []  # no message, so no download URL, ever
    conn = await asyncpg.connect(database_url)
    try:
        status = await conn.fetchval(
            "SELECT status FROM chat_attachments WHERE id = $1", uuid.UUID(ticket.attachment_id)
        )
    finally:
        await conn.close()
    assert status == "quarantined"


async def test_reservations_never_sent_are_purged_with_their_files_after_a_day(
    server: Application,
    database_url: str,
    chat: chat_pb2_grpc.ChatServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
) -> None:
    ada, bob = await member(token_for, users, "Ada P"), await member(token_for, users, "Bob P")
    conversation = await direct(chat, ada, bob)
    pdf = b"%PDF-1.4\n" + b"p" * 300
    old = await reserve_and_upload(chat, ada, conversation.id, pdf)
    fresh = await reserve_and_upload(chat, ada, conversation.id, pdf)
    conn = await asyncpg.connect(database_url)
    try:
        # A day passes for one reservation: it was made (and never sent) 25 hours ago.
        key = await conn.fetchval(
            "UPDATE chat_attachments SET created_at = now() - interval '25 hours' WHERE id = $1 RETURNING storage_key",
            uuid.UUID(old.attachment_id),
        )
        assert (await server.storage.stat(key)).size == len(pdf)
        async with server.uow() as uow:
            await enqueue(uow.session, PURGE_UNSENT_ATTACHMENTS_JOB, {})  # the hourly job, now
            await uow.commit()

        async def purged() -> bool:
            if await conn.fetchval("SELECT count(*) FROM chat_attachments WHERE id = $1", uuid.UUID(old.attachment_id)):
                return False
            try:
                await server.storage.stat(key)
            except ObjectNotFound:
                return True
            return False

        await eventually(purged, message="the unsent reservation was not purged")
    finally:
        await conn.close()
    await fails(
        chat.SendMessage(with_attachment(conversation.id, old.attachment_id), metadata=ada.metadata),
        grpc.StatusCode.NOT_FOUND,
        "ATTACHMENT_NOT_FOUND",
    )
    sent = (
        await chat.SendMessage(with_attachment(conversation.id, fresh.attachment_id), metadata=ada.metadata)
    ).message
    assert [a.size_bytes for a in sent.attachments] == [len(pdf)]  # a reservation younger than a day stays


async def test_an_image_attachment_gets_a_thumbnail_and_its_size(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada, bob = await member(token_for, users, "Ada T"), await member(token_for, users, "Bob T")
    conversation = await direct(chat, ada, bob)
    picture = io.BytesIO()
    Image.new("RGB", (600, 300), (200, 40, 40)).save(picture, format="PNG")
    png = picture.getvalue()
    ticket = await chat.CreateAttachmentUpload(
        chat_pb2.CreateAttachmentUploadRequest(
            conversation_id=conversation.id, file_name="red.png", content_type="image/png", size_bytes=len(png)
        ),
        metadata=ada.metadata,
    )
    async with httpx.AsyncClient(timeout=30) as http:
        await http.request(ticket.upload_method, ticket.upload_url, content=png, headers=dict(ticket.upload_headers))
        sent = (
            await chat.SendMessage(with_attachment(conversation.id, ticket.attachment_id), metadata=ada.metadata)
        ).message
        assert sent.attachments[0].thumbnail_url == ""  # made in the background, after the send

        async def previewed() -> chat_pb2.Attachment | None:
            listed = await chat.ListMessages(
                chat_pb2.ListMessagesRequest(conversation_id=conversation.id), metadata=bob.metadata
            )
            found = next(a for m in listed.messages for a in m.attachments if a.id == ticket.attachment_id)
            return found if found.thumbnail_url else None

        attachment = await eventually(previewed, message="no thumbnail")
        assert (attachment.width, attachment.height) == (600, 300)
        preview = await http.get(attachment.thumbnail_url)
        assert preview.status_code == 200
        with Image.open(io.BytesIO(preview.content)) as thumbnail:
            assert thumbnail.size == (256, 256)
        # Deleting the message deletes the thumbnail with the file.
        await chat.DeleteMessage(chat_pb2.DeleteMessageRequest(message_id=sent.id), metadata=ada.metadata)
        assert (await http.get(attachment.thumbnail_url)).status_code == 404


# ------------------------------------------------------------------------------------------ the stream


async def test_stream_says_live_then_delivers_every_event_kind_in_order(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada, bob = await member(token_for, users, "Ada L"), await member(token_for, users, "Bob L")
    conversation = await direct(chat, ada, bob)
    reader = StreamReader(chat, bob)
    try:
        live = (await reader.live()).live
        assert reader.events[0].WhichOneof("event") == "live" and reader.events[0].resume_token
        assert {c.conversation_id for c in live.cursors} >= {conversation.id}
        message = await send(chat, ada, conversation.id, "first")
        await chat.ReactToMessage(
            chat_pb2.ReactToMessageRequest(message_id=message.id, emoji="🎉"), metadata=ada.metadata
        )
        await chat.UpdateMessage(
            chat_pb2.UpdateMessageRequest(
                message=chat_pb2.Message(id=message.id, text="first!"),
                update_mask=field_mask_pb2.FieldMask(paths=["text"]),
            ),
            metadata=ada.metadata,
        )
        await chat.MarkAsRead(chat_pb2.MarkAsReadRequest(conversation_id=conversation.id), metadata=ada.metadata)
        typing_request = chat_pb2.SendTypingIndicatorRequest(conversation_id=conversation.id, typing=True)
        await chat.SendTypingIndicator(typing_request, metadata=ada.metadata)
        # At most one indicator a second: back-to-back calls are refused. Two calls may straddle the start of a
        # new second (the window slides by whole seconds), so keep calling until one is refused.
        refused: grpc.aio.AioRpcError | None = None
        for _ in range(10):
            try:
                await chat.SendTypingIndicator(typing_request, metadata=ada.metadata)
            except grpc.aio.AioRpcError as error:
                refused = error
                break
        assert refused is not None and refused.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, refused
        assert details(refused)["ErrorInfo"].reason == "TYPING_RATE_LIMITED"
        await chat.DeleteMessage(chat_pb2.DeleteMessageRequest(message_id=message.id), metadata=ada.metadata)
        kinds = ["message_created", "reaction_changed", "message_updated", "read_receipt", "message_deleted"]
        # Durable events arrive in commit order; the typing indicator (ephemeral, straight from NOTIFY) may
        # overtake the durable event before it, which the hub reads from the database first.
        await eventually(lambda: [e.WhichOneof("event") for e in reader.durable()] == kinds)
        typing = await eventually(lambda: next((e for e in reader.events if e.WhichOneof("event") == "typing"), None))
        durable = reader.durable()
        assert [e.sequence for e in durable] == list(range(durable[0].sequence, durable[0].sequence + 5))
        assert typing.typing.user_id == ada.id and typing.typing.typing and not typing.event_id
        assert durable[2].message_updated.message.HasField("edit_time")
        assert [(r.emoji, r.count) for r in durable[1].reaction_changed.reactions] == [("🎉", 1)]
        assert durable[3].read_receipt.user_id == ada.id and durable[4].message_deleted.deleted_by_user_id == ada.id
        assert reader.events[1].message_created.message.idempotency_key == ""  # only the sender sees it
    finally:
        await reader.close()


async def test_stream_of_all_conversations_picks_up_new_ones_and_stops_after_removal(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    owner = await member(token_for, users, "Own N")
    ann = await member(token_for, users, "Ann N")
    ben = await member(token_for, users, "Ben N")
    reader = StreamReader(chat, ann)
    try:
        await reader.live()
        room = await group(chat, owner, ann, ben)
        await send(chat, owner, room.id, "welcome")
        await reader.until_texts(1)
        assert reader.events[1].conversation_updated.conversation.id == room.id
        await chat.RemoveParticipant(
            chat_pb2.RemoveParticipantRequest(conversation_id=room.id, user_id=ann.id), metadata=owner.metadata
        )
        await send(chat, owner, room.id, "after Ann left")
        marker = await send(chat, owner, (await direct(chat, owner, ann)).id, "direct")
        await reader.until_texts(2)
        assert texts(reader.events) == ["welcome", "direct"] and marker.text == "direct"
        removal = [e for e in reader.events if e.conversation_updated.removed_user_ids]
        assert [list(e.conversation_updated.removed_user_ids) for e in removal] == [[ann.id]]
    finally:
        await reader.close()
    failing = StreamReader(chat, ann, conversation_ids=[room.id])
    error = await failing.ended()
    assert error.code() == grpc.StatusCode.NOT_FOUND
    bad = StreamReader(chat, ann, resume_token="forged")
    assert (await bad.ended()).code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_stream_resumes_from_a_token_without_gap_or_duplicate(
    chat: chat_pb2_grpc.ChatServiceStub, users: user_pb2_grpc.UserServiceStub, token_for: Callable[..., str]
) -> None:
    ada, bob = await member(token_for, users, "Ada T"), await member(token_for, users, "Bob T")
    conversation = await direct(chat, ada, bob)
    first = StreamReader(chat, bob)
    await first.live()
    for i in range(3):
        await send(chat, ada, conversation.id, f"a{i}")
    await first.until_texts(3)
    token = first.last_token()
    await first.close()
    for i in range(3, 6):
        await send(chat, ada, conversation.id, f"a{i}")
    second = StreamReader(chat, bob, resume_token=token)
    try:
        live = await second.live()
        assert live.live.replayed_events == 3
        for i in range(6, 8):
            await send(chat, ada, conversation.id, f"a{i}")
        assert await second.until_texts(5) == [f"a{i}" for i in range(3, 8)]
        assert [e.WhichOneof("event") for e in second.events[:4]] == ["message_created"] * 3 + ["live"]
    finally:
        await second.close()


async def test_stream_over_grpc_web_receives_events(
    chat: chat_pb2_grpc.ChatServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    import struct

    ada, bob = await member(token_for, users, "Ada W"), await member(token_for, users, "Bob W")
    conversation = await direct(chat, ada, bob)
    body = chat_pb2.StreamMessagesRequest(conversation_ids=[conversation.id]).SerializeToString()
    headers = {
        "content-type": "application/grpc-web+proto",
        "x-grpc-web": "1",
        "origin": "http://app.test",
        **dict(bob.metadata),
    }
    received: list[chat_pb2.StreamMessagesResponse] = []
    async with (
        httpx.AsyncClient(base_url=http_base, timeout=60) as client,
        client.stream(
            "POST",
            "/skillsphere.chat.v1.ChatService/StreamMessages",
            content=b"\x00" + struct.pack(">I", len(body)) + body,
            headers=headers,
        ) as response,
    ):
        assert response.status_code == 200
        buffer = b""
        async for chunk in response.aiter_bytes():
            buffer += chunk
            while len(buffer) >= 5 and len(buffer) >= 5 + struct.unpack(">I", buffer[1:5])[0]:
                length = struct.unpack(">I", buffer[1:5])[0]
                received.append(chat_pb2.StreamMessagesResponse.FromString(buffer[5 : 5 + length]))
                buffer = buffer[5 + length :]
                if received[-1].WhichOneof("event") == "live":
                    await send(chat, ada, conversation.id, "through the gateway")
            if texts(received):
                break
    assert [e.WhichOneof("event") for e in received] == ["live", "message_created"]
    assert texts(received) == ["through the gateway"]


async def test_the_server_listens_for_chat_events(server: Application) -> None:
    assert server.chat is not None and server.broker is not None and server.broker.connected.is_set()
