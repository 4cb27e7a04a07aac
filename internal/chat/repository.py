"""Queries of the chat domain. Never commits.

The one rule every write follows: `next_seq` increments `chat_conversations.last_seq` with an UPDATE,
which locks the conversation row until the transaction ends, so two writers to one conversation commit
in the order of the sequence numbers they took (see migration 0012 and docs/chat.md).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Integer,
    Text,
    Uuid,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, aggregate_order_by
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from internal.chat.models import (
    Attachment,
    Conversation,
    ConversationRequest,
    Event,
    Message,
    Participant,
    Reaction,
    ReactionCount,
    Report,
)

UNREAD_CAP = 999
_UUIDS = ARRAY(Uuid())

# ---- Message rows for reading (history pages, views by id): Core statements, no ORM objects.
# Each row is a message with its reactions and sent attachments folded in as JSON by per-row subqueries
# (index probes on pk_chat_reactions and ix_chat_attachments_message_id), so a page is one statement and one
# round trip instead of a page, a re-read by id, a reactions and an attachments query. Reactions are read
# only for messages updated since they were created (every reaction change moves `updated_at`), neither
# reactions nor attachments for deleted messages (their views show none).
_MESSAGE_COLUMNS = (
    "m.id, m.conversation_id, m.seq, m.sender_id, m.sender_deleted, m.kind, m.text, m.reply_to_id, "
    "m.idempotency_key, m.created_at, m.edited_at, m.deleted_at, m.updated_at"
)
_INNER_COLUMNS = _MESSAGE_COLUMNS.replace("m.", "")
_MESSAGE_EXTRAS = """
  CASE WHEN m.deleted_at IS NULL AND m.updated_at <> m.created_at THEN (
    SELECT json_agg(json_build_array(r.emoji, r.users)) FROM (
      SELECT emoji, array_agg(user_id ORDER BY created_at) AS users FROM chat_reactions
      WHERE message_id = m.id GROUP BY emoji) AS r) END AS reactions,
  CASE WHEN m.deleted_at IS NULL THEN (
    SELECT json_agg(json_build_array(a.id, a.file_name, a.content_type, a.size_bytes, a.storage_key,
      a.thumbnail_key, a.width, a.height) ORDER BY a.created_at, a.id)
    FROM chat_attachments a WHERE a.message_id = m.id AND a.status = 'sent') END AS files"""
_ROW_TYPES: dict[str, Any] = {
    "id": Uuid(),
    "conversation_id": Uuid(),
    "sender_id": Uuid(),
    "reply_to_id": Uuid(),
    "reactions": JSON(),
    "files": JSON(),
}


# History reads are one statement: the page, gated on the caller being a participant (and the anchor being a
# message of the conversation) by one-time EXISTS checks, its bound taken from the page token (`:below`,
# `:above`) or from the anchor's seq by a subquery. An empty answer is then explained by `_HISTORY_ACCESS`.
_GATE = " AND EXISTS (SELECT 1 FROM chat_participants WHERE conversation_id = :c AND user_id = :u)"
_ANCHOR_GATE = " AND EXISTS (SELECT 1 FROM chat_messages WHERE id = :anchor AND conversation_id = :c)"
_ANCHOR_SEQ = "(SELECT seq FROM chat_messages WHERE id = :anchor AND conversation_id = :c)"
_HISTORY_PARAMETERS: dict[str, Any] = {
    "c": Uuid(),
    "u": Uuid(),
    "anchor": Uuid(),
    "limit": Integer(),
    "below": BigInteger(),
    "above": BigInteger(),
    "half": Integer(),
}


def _history(sql: str) -> Any:
    return (
        text(sql)
        .bindparams(*(bindparam(name, type_=kind) for name, kind in _HISTORY_PARAMETERS.items() if f":{name}" in sql))
        .columns(**_ROW_TYPES)
    )


@functools.cache
def _page_statement(below: str | None, above: str | None, descending: bool, anchored: bool) -> Any:
    """`below`/`above`: None (no bound), "token" (`:below`/`:above`) or "anchor" (the anchor's seq)."""
    bounds = ""
    if below is not None:
        bounds += " AND seq < " + (_ANCHOR_SEQ if below == "anchor" else ":below")
    if above is not None:
        bounds += " AND seq > " + (_ANCHOR_SEQ if above == "anchor" else ":above")
    gate = _GATE + (_ANCHOR_GATE if anchored else "")
    order = "DESC" if descending else "ASC"
    return _history(
        f"SELECT {_MESSAGE_COLUMNS},{_MESSAGE_EXTRAS}\n"  # noqa: S608 - constants only; values bound
        f"FROM (SELECT {_INNER_COLUMNS} FROM chat_messages WHERE conversation_id = :c{bounds}{gate}"
        f" ORDER BY seq {order} LIMIT :limit) AS m ORDER BY m.seq {order}"
    )


# Up to `half` messages before the anchor and the rest of the page (`:limit`) from the anchor on, oldest first.
_AROUND = _history(
    f"WITH older AS (SELECT {_INNER_COLUMNS} FROM chat_messages"  # noqa: S608 - constants only; values bound
    f" WHERE conversation_id = :c AND seq < {_ANCHOR_SEQ}{_GATE} ORDER BY seq DESC LIMIT :half),\n"
    f"newer AS (SELECT {_INNER_COLUMNS} FROM chat_messages WHERE conversation_id = :c AND seq >= {_ANCHOR_SEQ}{_GATE}"
    " ORDER BY seq ASC LIMIT :limit - (SELECT count(*) FROM older))\n"
    f"SELECT {_MESSAGE_COLUMNS},{_MESSAGE_EXTRAS}\n"
    "FROM (SELECT * FROM older UNION ALL SELECT * FROM newer) AS m ORDER BY m.seq"
)
_BY_IDS = (
    text(f"SELECT {_MESSAGE_COLUMNS},{_MESSAGE_EXTRAS}\nFROM chat_messages AS m WHERE m.id = ANY(:ids)")
    .bindparams(bindparam("ids", type_=_UUIDS))
    .columns(**_ROW_TYPES)
)
# The history's access check and its anchor in one statement: no row when the user is not a participant;
# the anchor's seq, or NULL when it is not a message of this conversation.
_HISTORY_ACCESS = text(
    "SELECT (SELECT m.seq FROM chat_messages m WHERE m.id = :anchor AND m.conversation_id = :c) AS anchor_seq"
    " FROM chat_participants p WHERE p.conversation_id = :c AND p.user_id = :u"
).bindparams(bindparam("c", type_=Uuid()), bindparam("u", type_=Uuid()), bindparam("anchor", type_=Uuid()))


# A stream's fetch: the conversation's events in (after, upto] with the message each refers to (read receipts
# aside), as `message_rows` has it, in one statement.
_EVENT_COLUMNS = (
    "e.conversation_id AS event_conversation_id, e.seq AS event_seq, e.kind AS event_kind, "
    "e.message_id AS event_message_id, e.actor_id AS event_actor_id, e.data AS event_data, "
    "e.created_at AS event_created_at"
)


@functools.cache
def _events_statement(bounded: bool) -> Any:
    upto = " AND seq <= :upto" if bounded else ""
    return (
        text(
            f"SELECT {_EVENT_COLUMNS}, {_MESSAGE_COLUMNS},{_MESSAGE_EXTRAS}\n"  # noqa: S608 - constants only; values bound
            f"FROM (SELECT * FROM chat_events WHERE conversation_id = :c AND seq > :after{upto}"
            " ORDER BY seq LIMIT :limit) AS e\n"
            "LEFT JOIN chat_messages m ON m.id = e.message_id AND e.kind <> 'read_receipt' ORDER BY e.seq"
        )
        .bindparams(
            *(bindparam(n, type_=t) for n, t in (("c", Uuid()), ("after", BigInteger()), ("limit", Integer()))),
            *((bindparam("upto", type_=BigInteger()),) if bounded else ()),
        )
        .columns(event_conversation_id=Uuid(), event_message_id=Uuid(), event_actor_id=Uuid(), **_ROW_TYPES)
    )


# SendMessage's checks in one statement: no row when the sender is not a participant; else the conversation's
# type, the other member of a DIRECT one, the message already sent with this idempotency key (id and request
# hash), the sender's sends since `:since` (count, oldest) and the conversation of the message replied to.
_SEND_CONTEXT = (
    text(
        """
    SELECT c.type,
      CASE WHEN c.type = 'direct' THEN (
        SELECT o.user_id FROM chat_participants o WHERE o.conversation_id = c.id AND o.user_id <> :me
        ORDER BY o.joined_seq, o.joined_at, o.user_id LIMIT 1) END AS other,
      e.id AS earlier_id, e.request_hash AS earlier_hash,
      (SELECT count(*) FROM chat_messages f WHERE f.sender_id = :me AND f.created_at > :since) AS recent,
      (SELECT min(f.created_at) FROM chat_messages f WHERE f.sender_id = :me AND f.created_at > :since) AS oldest,
      (SELECT r.conversation_id FROM chat_messages r WHERE r.id = :reply) AS reply_conversation
    FROM chat_participants p
    JOIN chat_conversations c ON c.id = p.conversation_id
    LEFT JOIN chat_messages e ON e.sender_id = :me AND e.idempotency_key = :key AND e.idempotency_key IS NOT NULL
    WHERE p.conversation_id = :c AND p.user_id = :me
    """
    )
    .bindparams(
        bindparam("c", type_=Uuid()),
        bindparam("me", type_=Uuid()),
        bindparam("key", type_=Text()),
        bindparam("since", type_=DateTime(timezone=True)),
        bindparam("reply", type_=Uuid()),
    )
    .columns(other=Uuid(), earlier_id=Uuid(), reply_conversation=Uuid())
)

# The message and its MESSAGE_CREATED event in one statement, after `next_seq` locked the conversation (so
# the membership is read after any removal that committed first). `member` false: the sender was removed
# meanwhile; `inserted` false: a concurrent send of the same idempotency key got there first.
_INSERT_MESSAGE = text(
    """
    WITH member AS (SELECT 1 FROM chat_participants WHERE conversation_id = :c AND user_id = :me),
    inserted AS (
      INSERT INTO chat_messages (id, conversation_id, seq, sender_id, sender_deleted, kind, text, reply_to_id,
        idempotency_key, request_hash, created_at, updated_at)
      SELECT :id, :c, :seq, :me, false, 'user', :text, :reply, :key, :hash, :now, :now
      WHERE EXISTS (SELECT 1 FROM member)
      ON CONFLICT (sender_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
      RETURNING id),
    event AS (
      INSERT INTO chat_events (conversation_id, seq, kind, message_id, actor_id, data, created_at)
      SELECT :c, :seq, :kind, id, :me, :data, :now FROM inserted)
    SELECT EXISTS (SELECT 1 FROM member) AS member, EXISTS (SELECT 1 FROM inserted) AS inserted
    """
).bindparams(
    bindparam("id", type_=Uuid()),
    bindparam("c", type_=Uuid()),
    bindparam("seq", type_=BigInteger()),
    bindparam("me", type_=Uuid()),
    bindparam("text", type_=Text()),
    bindparam("reply", type_=Uuid()),
    bindparam("key", type_=Text()),
    bindparam("hash", type_=Text()),
    bindparam("now", type_=DateTime(timezone=True)),
    bindparam("kind", type_=Text()),
    bindparam("data", type_=JSONB()),
)


class DuplicateKey(Exception):
    """A unique constraint was hit (direct pair, idempotency key, report): the caller re-reads."""


class ChatRepository:
    """SQL of the chat tables, on the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._read_connection: Any = None

    # ------------------------------------------------------------------------------ conversations

    async def conversation(self, conversation_id: uuid.UUID, *, lock: bool = False) -> Conversation | None:
        """The conversation (locked FOR UPDATE when `lock`)."""
        query = select(Conversation).where(Conversation.id == conversation_id)
        if lock:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def direct_conversation(self, direct_key: str) -> Conversation | None:
        """The DIRECT conversation of a pair, if any."""
        query = select(Conversation).where(Conversation.direct_key == direct_key)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def add_conversation(self, conversation: Conversation) -> None:
        """Insert; a second DIRECT conversation for a pair raises DuplicateKey."""
        self.session.add(conversation)
        try:
            async with self.session.begin_nested():
                await self.session.flush()
        except IntegrityError as exc:
            raise DuplicateKey(str(exc.orig)) from exc

    async def next_seq(
        self, conversation_id: uuid.UUID, now: datetime, *, message_id: uuid.UUID | None = None, touch: bool = True
    ) -> int:
        """Take the conversation's next sequence number; the row stays locked until commit. `touch` moves the
        conversation's activity time (lists sort by it): messages and conversation changes do, receipts and
        reactions do not."""
        values: dict[str, Any] = {"last_seq": Conversation.last_seq + 1}
        if touch:
            values["updated_at"] = now
        if message_id is not None:
            values["last_message_id"] = message_id
        result = await self.session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(**values)
            .returning(Conversation.last_seq)
            .execution_options(synchronize_session=False)
        )
        return int(result.scalar_one())

    async def add_event(
        self,
        conversation_id: uuid.UUID,
        seq: int,
        kind: str,
        now: datetime,
        *,
        message_id: uuid.UUID | None = None,
        actor_id: uuid.UUID | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Record a durable event at `seq`."""
        await self.session.execute(
            insert(Event).values(
                conversation_id=conversation_id,
                seq=seq,
                kind=kind,
                message_id=message_id,
                actor_id=actor_id,
                data=data or {},
                created_at=now,
            )
        )

    async def conversation_request(self, caller_id: uuid.UUID, key: str) -> ConversationRequest | None:
        """The first answer to a CreateConversation key."""
        return await self.session.get(ConversationRequest, (caller_id, key))

    async def save_conversation_request(self, request: ConversationRequest) -> None:
        """Remember a CreateConversation answer; DuplicateKey when a concurrent retry stored one first."""
        self.session.add(request)
        try:
            async with self.session.begin_nested():
                await self.session.flush()
        except IntegrityError as exc:
            raise DuplicateKey(str(exc.orig)) from exc

    async def conversations_of(
        self,
        user_id: uuid.UUID,
        *,
        kind: str | None,
        unread_only: bool,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Conversation]:
        """The user's conversations, most recent activity first (keyset on (updated_at, id))."""
        query = (
            select(Conversation)
            .join(Participant, Participant.conversation_id == Conversation.id)
            .where(Participant.user_id == user_id)
            .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
            .limit(limit)
        )
        if kind is not None:
            query = query.where(Conversation.type == kind)
        if after is not None:
            query = query.where(func.row(Conversation.updated_at, Conversation.id) < func.row(after[0], after[1]))
        if unread_only:
            query = query.where(
                select(Message.id)
                .where(
                    Message.conversation_id == Conversation.id,
                    Message.seq > Participant.read_seq,
                    Message.deleted_at.is_(None),
                    Message.sender_id.is_distinct_from(user_id),
                )
                .exists()
            )
        return list((await self.session.execute(query)).scalars())

    async def unread_conversations(self, user_id: uuid.UUID) -> int:
        """How many of the user's conversations have unread messages (capped)."""
        value = await self.session.scalar(
            text(
                """
                SELECT count(*) FROM (
                    SELECT 1 FROM chat_participants p
                    WHERE p.user_id = :user AND EXISTS (
                        SELECT 1 FROM chat_messages m
                        WHERE m.conversation_id = p.conversation_id AND m.seq > p.read_seq
                          AND m.deleted_at IS NULL AND m.sender_id IS DISTINCT FROM :user)
                    LIMIT :cap) AS u
                """
            ),
            {"user": user_id, "cap": UNREAD_CAP},
        )
        return int(value or 0)

    async def memberships(self, user_id: uuid.UUID) -> dict[uuid.UUID, tuple[int, int]]:
        """conversation id → (joined_seq, last_seq) for every conversation of the user."""
        rows = await self.session.execute(
            select(Participant.conversation_id, Participant.joined_seq, Conversation.last_seq)
            .join(Conversation, Conversation.id == Participant.conversation_id)
            .where(Participant.user_id == user_id)
        )
        return {row[0]: (int(row[1]), int(row[2])) for row in rows}

    async def last_seqs(self, conversation_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """The current sequence of each conversation."""
        if not conversation_ids:
            return {}
        rows = await self.session.execute(
            select(Conversation.id, Conversation.last_seq).where(Conversation.id.in_(list(conversation_ids)))
        )
        return {row[0]: int(row[1]) for row in rows}

    # ------------------------------------------------------------------------------ participants

    async def participants(self, conversation_ids: Sequence[uuid.UUID]) -> list[Participant]:
        """Participants of the conversations, earliest joined first."""
        if not conversation_ids:
            return []
        query = (
            select(Participant)
            .where(Participant.conversation_id.in_(list(conversation_ids)))
            .order_by(Participant.joined_seq, Participant.joined_at, Participant.user_id)
        )
        return list((await self.session.execute(query)).scalars())

    async def participant(
        self, conversation_id: uuid.UUID, user_id: uuid.UUID, *, lock: bool = False
    ) -> Participant | None:
        """One participant (locked FOR UPDATE when `lock`)."""
        query = select(Participant).where(
            Participant.conversation_id == conversation_id, Participant.user_id == user_id
        )
        if lock:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def add_participants(self, rows: Sequence[Participant]) -> None:
        """Insert participants."""
        self.session.add_all(list(rows))
        await self.session.flush()

    async def remove_participant(self, conversation_id: uuid.UUID, user_id: uuid.UUID) -> None:
        """Delete one participant."""
        await self.session.execute(
            delete(Participant).where(Participant.conversation_id == conversation_id, Participant.user_id == user_id)
        )

    async def unread_count(self, conversation_id: uuid.UUID, user_id: uuid.UUID, read_seq: int) -> int:
        """Messages after `read_seq` not sent by the user and not deleted (capped)."""
        value = await self.session.scalar(
            text(
                "SELECT count(*) FROM (SELECT 1 FROM chat_messages WHERE conversation_id = :c AND seq > :s "
                "AND deleted_at IS NULL AND sender_id IS DISTINCT FROM :u LIMIT :cap) AS u"
            ),
            {"c": conversation_id, "s": read_seq, "u": user_id, "cap": UNREAD_CAP},
        )
        return int(value or 0)

    async def unread_counts(self, user_id: uuid.UUID, conversation_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Unread count per conversation for the user (capped)."""
        if not conversation_ids:
            return {}
        rows = await self.session.execute(
            text(
                """
                SELECT p.conversation_id, (
                    SELECT count(*) FROM (
                        SELECT 1 FROM chat_messages m
                        WHERE m.conversation_id = p.conversation_id AND m.seq > p.read_seq
                          AND m.deleted_at IS NULL AND m.sender_id IS DISTINCT FROM :u LIMIT :cap) AS x)
                FROM chat_participants p WHERE p.user_id = :u AND p.conversation_id = ANY(:ids)
                """
            ).bindparams(),
            {"u": user_id, "ids": list(conversation_ids), "cap": UNREAD_CAP},
        )
        return {row[0]: int(row[1]) for row in rows}

    # ------------------------------------------------------------------------------ messages

    async def message(self, message_id: uuid.UUID, *, lock: bool = False) -> Message | None:
        """One message (locked FOR UPDATE when `lock`)."""
        query = select(Message).where(Message.id == message_id)
        if lock:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def messages(self, message_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Message]:
        """Messages by id."""
        if not message_ids:
            return {}
        rows = await self.session.execute(select(Message).where(Message.id.in_(list(message_ids))))
        return {m.id: m for m in rows.scalars()}

    async def message_rows(self, message_ids: Sequence[uuid.UUID]) -> list[Any]:
        """Messages by id as rows (the `_MESSAGE_COLUMNS`, `reactions` and `files`), in no order."""
        if not message_ids:
            return []
        connection = await self.session.connection()
        return list(await connection.execute(_BY_IDS, {"ids": list(message_ids)}))

    async def _reader(self) -> Any:
        """The session's connection in autocommit: a history read is one statement, so it needs no BEGIN and
        ROLLBACK round trips. Only as the session's first use (the isolation level is set as it connects)."""
        if self._read_connection is None:
            self._read_connection = await self.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        return self._read_connection

    async def history_access(
        self, conversation_id: uuid.UUID, user_id: uuid.UUID, anchor_id: uuid.UUID | None
    ) -> tuple[bool, int | None]:
        """(whether the user is a participant, the anchor message's seq if it is in the conversation)."""
        connection = await self._reader()
        row = (
            await connection.execute(_HISTORY_ACCESS, {"c": conversation_id, "u": user_id, "anchor": anchor_id})
        ).first()
        return (False, None) if row is None else (True, None if row[0] is None else int(row[0]))

    async def history_page(
        self,
        conversation_id: uuid.UUID,
        user_id: uuid.UUID,
        *,
        anchor_id: uuid.UUID | None,
        below: int | None,
        above: int | None,
        from_anchor: bool,
        descending: bool,
        limit: int,
    ) -> list[Any]:
        """A page of messages with seq in (above, below), newest or oldest first, as rows with their reactions
        and attachments (see `message_rows`); with `from_anchor` the missing bound of the direction is the
        anchor's seq. Empty when `user_id` is not a participant or the anchor is not a message of the
        conversation (`history_access` tells which)."""
        parameters: dict[str, Any] = {"c": conversation_id, "u": user_id, "limit": limit}
        if anchor_id is not None:
            parameters["anchor"] = anchor_id
        if below is not None:
            parameters["below"] = below
        if above is not None:
            parameters["above"] = above
        statement = _page_statement(
            "token" if below is not None else "anchor" if from_anchor and descending else None,
            "token" if above is not None else "anchor" if from_anchor and not descending else None,
            descending,
            anchor_id is not None,
        )
        connection = await self._reader()
        return list(await connection.execute(statement, parameters))

    async def history_around(
        self, conversation_id: uuid.UUID, user_id: uuid.UUID, anchor_id: uuid.UUID, *, half: int, size: int
    ) -> list[Any]:
        """Up to `half` messages before the anchor and the rest of `size` from it on, oldest first, as rows;
        empty as `history_page` is."""
        connection = await self._reader()
        return list(
            await connection.execute(
                _AROUND, {"c": conversation_id, "u": user_id, "anchor": anchor_id, "half": half, "limit": size}
            )
        )

    async def send_context(
        self,
        conversation_id: uuid.UUID,
        sender_id: uuid.UUID,
        key: str,
        since: datetime,
        reply_to_id: uuid.UUID | None,
    ) -> Any:
        """SendMessage's checks in one autocommit statement (`_SEND_CONTEXT`); None for a non-participant."""
        connection = await self._reader()
        result = await connection.execute(
            _SEND_CONTEXT, {"c": conversation_id, "me": sender_id, "key": key, "since": since, "reply": reply_to_id}
        )
        return result.first()

    async def insert_message(
        self,
        *,
        message_id: uuid.UUID,
        conversation_id: uuid.UUID,
        seq: int,
        sender_id: uuid.UUID,
        text: str,
        reply_to_id: uuid.UUID | None,
        idempotency_key: str,
        request_hash: str,
        now: datetime,
        event_kind: str,
        event_data: dict[str, Any],
    ) -> tuple[bool, bool]:
        """Insert the message and its creation event (`_INSERT_MESSAGE`): (sender still a participant, inserted)."""
        connection = await self.session.connection()
        row = (
            await connection.execute(
                _INSERT_MESSAGE,
                {
                    "id": message_id,
                    "c": conversation_id,
                    "seq": seq,
                    "me": sender_id,
                    "text": text,
                    "reply": reply_to_id,
                    "key": idempotency_key,
                    "hash": request_hash,
                    "now": now,
                    "kind": event_kind,
                    "data": event_data,
                },
            )
        ).one()
        return bool(row.member), bool(row.inserted)

    async def message_by_key(self, sender_id: uuid.UUID, key: str) -> Message | None:
        """The message a sender sent with an idempotency key."""
        query = select(Message).where(Message.sender_id == sender_id, Message.idempotency_key == key)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def page_messages(
        self, conversation_id: uuid.UUID, *, below: int | None, above: int | None, descending: bool, limit: int
    ) -> list[Message]:
        """Messages with seq in (above, below), newest or oldest first."""
        query = select(Message).where(Message.conversation_id == conversation_id).limit(limit)
        if below is not None:
            query = query.where(Message.seq < below)
        if above is not None:
            query = query.where(Message.seq > above)
        query = query.order_by(Message.seq.desc() if descending else Message.seq.asc())
        return list((await self.session.execute(query)).scalars())

    async def newest_message(self, conversation_id: uuid.UUID) -> Message | None:
        """The newest message of the conversation."""
        rows = await self.page_messages(conversation_id, below=None, above=None, descending=True, limit=1)
        return rows[0] if rows else None

    async def reactions(self, message_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[ReactionCount]]:
        """Reactions per message: emoji, count and the members, most used first."""
        if not message_ids:
            return {}
        rows = await self.session.execute(
            select(
                Reaction.message_id,
                Reaction.emoji,
                func.array_agg(aggregate_order_by(Reaction.user_id, Reaction.created_at)),
            )
            .where(Reaction.message_id.in_(list(message_ids)))
            .group_by(Reaction.message_id, Reaction.emoji)
        )
        found: dict[uuid.UUID, list[ReactionCount]] = {}
        for message_id, emoji, users in rows:
            found.setdefault(message_id, []).append(ReactionCount(emoji, len(users), tuple(users)))
        for counts in found.values():
            counts.sort(key=lambda r: (-r.count, r.emoji))
        return found

    async def add_reaction(self, message_id: uuid.UUID, user_id: uuid.UUID, emoji: str, now: datetime) -> bool:
        """Add a reaction; False when it was there already."""
        result = await self.session.execute(
            pg_insert(Reaction)
            .values(message_id=message_id, user_id=user_id, emoji=emoji, created_at=now)
            .on_conflict_do_nothing()
            .returning(Reaction.emoji)
        )
        return result.first() is not None

    async def remove_reaction(self, message_id: uuid.UUID, user_id: uuid.UUID, emoji: str) -> bool:
        """Remove a reaction; False when there was none."""
        result = await self.session.execute(
            delete(Reaction)
            .where(Reaction.message_id == message_id, Reaction.user_id == user_id, Reaction.emoji == emoji)
            .returning(Reaction.emoji)
        )
        return result.first() is not None

    async def reaction_kinds(self, message_id: uuid.UUID, user_id: uuid.UUID) -> int:
        """How many different emoji the user reacted with on the message."""
        value = await self.session.scalar(
            select(func.count()).where(Reaction.message_id == message_id, Reaction.user_id == user_id)
        )
        return int(value or 0)

    async def clear_reactions(self, message_id: uuid.UUID) -> None:
        """Remove every reaction of a message (it was deleted)."""
        await self.session.execute(delete(Reaction).where(Reaction.message_id == message_id))

    async def anonymise_sender(self, user_id: uuid.UUID) -> int:
        """Detach a deleted account from its messages (they stay, marked sender_deleted)."""
        result = await self.session.execute(
            update(Message)
            .where(Message.sender_id == user_id)
            .values(sender_id=None, sender_deleted=True, idempotency_key=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------ events

    async def events(
        self, conversation_id: uuid.UUID, *, after: int, upto: int | None = None, limit: int = 1000
    ) -> list[Event]:
        """Durable events with seq in (after, upto], in order."""
        query = (
            select(Event)
            .where(Event.conversation_id == conversation_id, Event.seq > after)
            .order_by(Event.seq)
            .limit(limit)
        )
        if upto is not None:
            query = query.where(Event.seq <= upto)
        return list((await self.session.execute(query)).scalars())

    async def event_rows(
        self, conversation_id: uuid.UUID, *, after: int, upto: int | None = None, limit: int = 1000
    ) -> list[Any]:
        """Durable events with seq in (after, upto], in order, each with its message's columns (NULL for none
        and for read receipts) as `message_rows` has them; one autocommit statement."""
        parameters: dict[str, Any] = {"c": conversation_id, "after": after, "limit": limit}
        if upto is not None:
            parameters["upto"] = upto
        connection = await self._reader()
        return list(await connection.execute(_events_statement(upto is not None), parameters))

    # ------------------------------------------------------------------------------ attachments

    async def attachments(self, attachment_ids: Sequence[uuid.UUID], *, lock: bool = False) -> list[Attachment]:
        """Attachments by id."""
        if not attachment_ids:
            return []
        query = select(Attachment).where(Attachment.id.in_(list(attachment_ids)))
        if lock:
            query = query.with_for_update()
        return list((await self.session.execute(query)).scalars())

    async def message_attachments(self, message_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Attachment]]:
        """Sent attachments per message."""
        if not message_ids:
            return {}
        rows = await self.session.execute(
            select(Attachment)
            .where(Attachment.message_id.in_(list(message_ids)), Attachment.status == "sent")
            .order_by(Attachment.created_at, Attachment.id)
        )
        found: dict[uuid.UUID, list[Attachment]] = {}
        for attachment in rows.scalars():
            assert attachment.message_id is not None
            found.setdefault(attachment.message_id, []).append(attachment)
        return found

    async def recent_uploads(self, uploader_id: uuid.UUID, since: datetime) -> int:
        """Attachments the user reserved since `since`."""
        value = await self.session.scalar(
            select(func.count()).where(Attachment.uploader_id == uploader_id, Attachment.created_at > since)
        )
        return int(value or 0)

    async def quarantine_attachment(self, attachment_id: uuid.UUID) -> bool:
        """Mark a pending attachment quarantined (the scan hook refused it); True when it was pending."""
        result = await self.session.execute(
            update(Attachment)
            .where(Attachment.id == attachment_id, Attachment.status == "pending")
            .values(status="quarantined")
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def purge_unsent_attachments(self, before: datetime, limit: int) -> list[str]:
        """Delete up to `limit` reservations still pending (never sent) that were made before `before`; their
        storage keys. Rows a send holds locked right now are skipped (SKIP LOCKED): that send decides them."""
        doomed = (
            select(Attachment.id)
            .where(Attachment.status == "pending", Attachment.created_at < before)
            .order_by(Attachment.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        result = await self.session.execute(
            delete(Attachment)
            .where(Attachment.id.in_(doomed.scalar_subquery()))
            .returning(Attachment.storage_key)
            .execution_options(synchronize_session=False)
        )
        return [row[0] for row in result]

    async def remove_message_attachments(self, message_id: uuid.UUID) -> list[str]:
        """Mark a deleted message's attachments removed; their storage keys (files and thumbnails)."""
        result = await self.session.execute(
            update(Attachment)
            .where(Attachment.message_id == message_id)
            .values(status="removed")
            .returning(Attachment.storage_key, Attachment.thumbnail_key)
            .execution_options(synchronize_session=False)
        )
        return [key for row in result for key in row if key]

    async def set_thumbnail(self, attachment_id: uuid.UUID, key: str, width: int, height: int) -> bool:
        """Record a sent attachment's thumbnail and size; False when it is no longer sent (deleted meanwhile)
        or has one already."""
        result = await self.session.execute(
            update(Attachment)
            .where(Attachment.id == attachment_id, Attachment.status == "sent", Attachment.thumbnail_key.is_(None))
            .values(thumbnail_key=key, width=width, height=height)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------ reports

    async def add_report(self, report: Report) -> None:
        """Insert; DuplicateKey when the reporter reported the message already."""
        self.session.add(report)
        try:
            async with self.session.begin_nested():
                await self.session.flush()
        except IntegrityError as exc:
            raise DuplicateKey(str(exc.orig)) from exc

    async def reports(
        self, *, status: int | None, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Report]:
        """Reports oldest first (keyset on (created_at, id))."""
        query = select(Report).order_by(Report.created_at, Report.id).limit(limit)
        if status is not None:
            query = query.where(Report.status == status)
        if after is not None:
            query = query.where(func.row(Report.created_at, Report.id) > func.row(after[0], after[1]))
        return list((await self.session.execute(query)).scalars())

    # ------------------------------------------------------------------------------ search

    async def search(
        self,
        user_id: uuid.UUID,
        *,
        query: str,
        conversation_id: uuid.UUID | None,
        sender_id: uuid.UUID | None,
        after: tuple[float, uuid.UUID] | None,
        limit: int,
    ) -> list[tuple[Message, float]]:
        """Messages of the user's conversations matching `query`: full text (prefix on the last word), or a
        trigram match of the whole query for typos; best first (keyset on (rank, id))."""
        words = [w for w in "".join(c if c.isalnum() else " " for c in query.lower()).split() if w]
        tsquery = " & ".join(words[:-1] + [words[-1] + ":*"]) if words else ""
        sql = text(
            """
            SELECT m.id, r.rank FROM chat_messages m
            JOIN chat_participants p ON p.conversation_id = m.conversation_id AND p.user_id = :user
            CROSS JOIN LATERAL (
                SELECT (CASE WHEN :tsq <> '' AND m.search_vector @@ to_tsquery('simple', :tsq)
                             THEN 1.0 + ts_rank(m.search_vector, to_tsquery('simple', :tsq)) ELSE 0 END)
                       + word_similarity(:q, lower(m.text)) AS rank) AS r
            WHERE m.deleted_at IS NULL
              AND ((:tsq <> '' AND m.search_vector @@ to_tsquery('simple', :tsq)) OR :q <% lower(m.text))
              AND (CAST(:conv AS uuid) IS NULL OR m.conversation_id = :conv)
              AND (CAST(:sender AS uuid) IS NULL OR m.sender_id = :sender)
              AND (CAST(:after_rank AS float8) IS NULL OR (r.rank, m.id) < (:after_rank, :after_id))
            ORDER BY r.rank DESC, m.id DESC
            LIMIT :limit
            """
        )
        rows = (
            await self.session.execute(
                sql,
                {
                    "user": user_id,
                    "tsq": tsquery,
                    "q": query.lower(),
                    "conv": conversation_id,
                    "sender": sender_id,
                    "after_rank": after[0] if after else None,
                    "after_id": after[1] if after else uuid.UUID(int=0),
                    "limit": limit,
                },
            )
        ).all()
        found = await self.messages([row[0] for row in rows])
        return [(found[row[0]], float(row[1])) for row in rows if row[0] in found]
