"""Per-process fan-out of chat events to the streams open on this process.

Every durable change commits a `chat_events` row at the conversation's next sequence and NOTIFYs
`e:<conversation>:<seq>[:<added user>,...]` (ids only) through the broker. Each process's `ChatHub`
keeps, per conversation that has local streams, the highest sequence it has fetched; a notification
makes it fetch the events after that one from the database once (however many local streams watch the
conversation) and push them to each stream's bounded queue. Typing indicators are ephemeral:
`t:<conversation>:<user>:<0|1>` goes straight to the streams and is never stored.

Nothing here has to be perfect for correctness: NOTIFY is at most once, so when the listening connection
comes back the hub fetches what every watched conversation got meanwhile (`_on_connected`), and each
stream checks that the sequences it delivers are consecutive per conversation and reads any gap from the
database itself (internal/chat/service.py, `ChatService.stream`).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime

from internal.chat.models import StreamEvent
from pkg.broker import Broker
from pkg.log import get_logger

log = get_logger("chat")

CHANNEL = "chat_events"
QUEUE_SIZE = 256
FETCH_ATTEMPTS, FETCH_RETRY_SECONDS = 5, 0.5

RevokedSessions = Callable[[list[uuid.UUID]], Awaitable[frozenset[uuid.UUID]]]
LoadEvents = Callable[[uuid.UUID, int, int | None], Awaitable[list[StreamEvent]]]
LastSeqs = Callable[[list[uuid.UUID]], Awaitable[dict[uuid.UUID, int]]]
Memberships = Callable[[uuid.UUID], Awaitable[dict[uuid.UUID, tuple[int, int]]]]


class Subscription:
    """One open stream's inbox: a bounded queue the hub fills and the stream drains."""

    __slots__ = ("all_conversations", "conversations", "overflowed", "queue", "revoked", "session_id", "user_id")

    def __init__(
        self, user_id: uuid.UUID, all_conversations: bool, queue_size: int, session_id: uuid.UUID | None = None
    ) -> None:
        self.user_id = user_id
        self.session_id = session_id
        self.all_conversations = all_conversations
        self.conversations: set[uuid.UUID] = set()
        self.queue: asyncio.Queue[StreamEvent] = asyncio.Queue(queue_size)
        self.overflowed = False
        self.revoked = False

    def wake(self) -> None:
        """Make a waiting stream look at its flags (revoked) at once."""
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(StreamEvent(None, 0, "wake", datetime.now(UTC)))

    def push(self, event: StreamEvent) -> None:
        """Queue an event; a full queue marks the stream as too slow (it ends, the client resumes)."""
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True


class ChatHub:
    """Routes broker notifications to local subscriptions (see the module docstring)."""

    def __init__(
        self,
        broker: Broker,
        *,
        load_events: LoadEvents,
        last_seqs: LastSeqs,
        memberships: Memberships,
        revoked_sessions: RevokedSessions | None = None,
        session_check_seconds: float = 2.0,
        queue_size: int = QUEUE_SIZE,
    ) -> None:
        self._broker = broker
        self._revoked_sessions = revoked_sessions
        self._session_check = session_check_seconds
        self._subscriptions: set[Subscription] = set()
        self._sweeper: asyncio.Task[None] | None = None
        self._load_events = load_events
        self._last_seqs = last_seqs
        self._memberships = memberships
        self.queue_size = queue_size
        self._by_conversation: dict[uuid.UUID, set[Subscription]] = {}
        self._all_by_user: dict[uuid.UUID, set[Subscription]] = {}
        self._fetched: dict[uuid.UUID, int] = {}
        self._wanted: dict[uuid.UUID, int] = {}
        self._fetching: dict[uuid.UUID, asyncio.Task[None]] = {}
        broker.subscribe(CHANNEL, self._on_notify, self._on_connected)

    # ------------------------------------------------------------------ subscriptions (streams call these)

    def open(self, user_id: uuid.UUID, *, all_conversations: bool, session_id: uuid.UUID | None = None) -> Subscription:
        """A new subscription; with `all_conversations` it also receives conversations the user joins. With a
        `session_id` it is marked revoked (and woken) once a sweep finds that session revoked."""
        subscription = Subscription(user_id, all_conversations, self.queue_size, session_id)
        self._subscriptions.add(subscription)
        if session_id is not None and self._revoked_sessions is not None and self._sweeper is None:
            self._sweeper = asyncio.create_task(self._sweep(), name="chat-session-sweep")
        if all_conversations:
            self._all_by_user.setdefault(user_id, set()).add(subscription)
        return subscription

    def watch(self, subscription: Subscription, conversation_id: uuid.UUID, cursor: int) -> None:
        """Deliver the conversation's events after `cursor` to the subscription from now on."""
        subscription.conversations.add(conversation_id)
        self._by_conversation.setdefault(conversation_id, set()).add(subscription)
        # Events up to a higher fetched sequence reached the other streams already; this one replays them
        # from the database (its snapshot is read after this registration).
        self._fetched.setdefault(conversation_id, cursor)

    def unwatch(self, subscription: Subscription, conversation_id: uuid.UUID) -> None:
        """Stop delivering the conversation to the subscription."""
        subscription.conversations.discard(conversation_id)
        watchers = self._by_conversation.get(conversation_id)
        if watchers is not None:
            watchers.discard(subscription)
            if not watchers:
                del self._by_conversation[conversation_id]
                self._fetched.pop(conversation_id, None)

    def close(self, subscription: Subscription) -> None:
        """Forget the subscription."""
        self._subscriptions.discard(subscription)
        for conversation_id in list(subscription.conversations):
            self.unwatch(subscription, conversation_id)
        if subscription.all_conversations:
            subs = self._all_by_user.get(subscription.user_id)
            if subs is not None:
                subs.discard(subscription)
                if not subs:
                    del self._all_by_user[subscription.user_id]

    @property
    def stream_count(self) -> int:
        """Open subscriptions watching at least one conversation (for metrics and tests)."""
        return len({s for subs in self._by_conversation.values() for s in subs})

    async def _sweep(self) -> None:
        """Once per session-check window, ask the auth domain about every open stream's session in one query
        (instead of one lookup per stream), and end the streams whose session was revoked."""
        assert self._revoked_sessions is not None
        try:
            while True:
                await asyncio.sleep(self._session_check)
                sessions = list({s.session_id for s in self._subscriptions if s.session_id is not None})
                if not sessions:
                    continue
                try:
                    revoked = await self._revoked_sessions(sessions)
                except Exception as exc:  # noqa: BLE001 - cannot tell now (database busy or down): next window
                    log.warning("chat_session_sweep_failed", error=type(exc).__name__)
                    continue
                for subscription in list(self._subscriptions):
                    if subscription.session_id in revoked and not subscription.revoked:
                        subscription.revoked = True
                        subscription.wake()
        finally:
            self._sweeper = None

    async def stop(self) -> None:
        """Stop the session sweep."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper

    # ------------------------------------------------------------------ notifications

    def _on_notify(self, payload: str) -> None:
        kind, _, rest = payload.partition(":")
        parts = rest.split(":")
        conversation_id = uuid.UUID(parts[0])
        if kind == "t":
            self._typing(conversation_id, uuid.UUID(parts[1]), parts[2] == "1")
            return
        seq = int(parts[1])
        added = [uuid.UUID(u) for u in parts[2].split(",")] if len(parts) > 2 and parts[2] else []
        if conversation_id in self._by_conversation or any(u in self._all_by_user for u in added):
            self._schedule(conversation_id, seq)

    def _typing(self, conversation_id: uuid.UUID, user_id: uuid.UUID, typing: bool) -> None:
        event = StreamEvent(
            conversation_id=conversation_id,
            seq=0,
            kind="typing",
            created_at=datetime.now(UTC),
            actor_id=user_id,
            data={"typing": typing},
        )
        for subscription in self._by_conversation.get(conversation_id, ()):
            if subscription.user_id != user_id:
                subscription.push(event)

    def _schedule(self, conversation_id: uuid.UUID, upto: int) -> None:
        self._wanted[conversation_id] = max(upto, self._wanted.get(conversation_id, 0))
        self._fetched.setdefault(conversation_id, upto - 1)
        if conversation_id not in self._fetching:
            self._fetching[conversation_id] = asyncio.create_task(self._fetch(conversation_id))

    async def _fetch(self, conversation_id: uuid.UUID) -> None:
        """Fetch and push the conversation's events until it has what was notified (one task per conversation)."""
        failures = 0
        try:
            while True:
                after = self._fetched.get(conversation_id)
                wanted = self._wanted.get(conversation_id, 0)
                if after is None or after >= wanted:
                    return
                try:
                    events = await self._load_events(conversation_id, after, wanted)
                except Exception as exc:  # noqa: BLE001 - the database is busy or away: try again shortly
                    failures += 1
                    log.warning("chat_fetch_failed", conversation_id=str(conversation_id), error=str(exc)[:300])
                    if failures >= FETCH_ATTEMPTS:
                        return  # the next notification or reconnection catches up (streams fill gaps themselves)
                    await asyncio.sleep(FETCH_RETRY_SECONDS * failures)
                    continue
                if not events:
                    self._fetched[conversation_id] = max(after, wanted)
                    continue
                for event in events:
                    self._deliver(event)
                if conversation_id in self._fetched:
                    self._fetched[conversation_id] = max(self._fetched[conversation_id], events[-1].seq)
                elif conversation_id in self._by_conversation:
                    self._fetched[conversation_id] = events[-1].seq
                else:
                    return
        finally:
            self._fetching.pop(conversation_id, None)
            self._wanted.pop(conversation_id, None)
            if conversation_id not in self._by_conversation:
                self._fetched.pop(conversation_id, None)

    def _deliver(self, event: StreamEvent) -> None:
        assert event.conversation_id is not None
        targets: set[Subscription] = set(self._by_conversation.get(event.conversation_id, ()))
        for user_id in _ids(event.data.get("added", ())):
            targets.update(self._all_by_user.get(user_id, ()))
        for subscription in targets:
            subscription.push(event)

    async def _on_connected(self) -> None:
        """(Re)connected: fetch what watched conversations, and conversations joined, got meanwhile."""
        watched = list(self._by_conversation)
        if watched:
            for conversation_id, last in (await self._last_seqs(watched)).items():
                if last > self._fetched.get(conversation_id, last):
                    self._schedule(conversation_id, last)
        for user_id, subs in list(self._all_by_user.items()):
            known = set().union(*(s.conversations for s in subs))
            for conversation_id, (joined, last) in (await self._memberships(user_id)).items():
                if conversation_id not in known:
                    self._fetched.setdefault(conversation_id, joined - 1)
                    self._schedule(conversation_id, last)
        log.info("chat_hub_caught_up", conversations=len(watched))

    # ------------------------------------------------------------------ publishing

    async def notify_event(
        self, session: object, conversation_id: uuid.UUID, seq: int, added: Iterable[uuid.UUID] = ()
    ) -> None:
        """Announce a durable event when `session`'s transaction commits."""
        hint = ",".join(str(u) for u in added)
        payload = f"e:{conversation_id}:{seq}" + (f":{hint}" if hint else "")
        await self._broker.publish(session, CHANNEL, payload)  # type: ignore[arg-type]

    async def notify_typing(
        self, session: object, conversation_id: uuid.UUID, user_id: uuid.UUID, typing: bool
    ) -> None:
        """Announce a typing indicator (ephemeral)."""
        await self._broker.publish(session, CHANNEL, f"t:{conversation_id}:{user_id}:{int(typing)}")  # type: ignore[arg-type]


def _ids(values: Iterable[str]) -> list[uuid.UUID]:
    return [uuid.UUID(v) for v in values]
