"""ChatService use cases: conversations, messages, receipts, reactions, reports, typing, search, streams.

Design notes (docs/chat.md has the long form):

- Every durable change takes the conversation's next sequence (`ChatRepository.next_seq`, an UPDATE that
  holds the conversation's row lock until commit), writes a `chat_events` row at it and NOTIFYs its ids
  in the same transaction. Sequence order is therefore commit order per conversation, and a stream that
  delivered sequence N of a conversation delivered everything before it: N is the durable cursor.
- A stream registers with the process's hub first, then reads where each conversation stands, replays
  from the resume token up to there from the database, says it is live, and from then on delivers what
  the hub pushes, skipping sequences it has delivered and reading any gap from the database. So a
  notification lost, a listener reconnecting or a client moving to another replica costs neither a gap
  nor a duplicate.
- Authorization: every call is a participant's (NOT_FOUND otherwise, so non-participants learn nothing);
  owners manage groups; moderators reach reported conversations through AdminService, not here.
- Blocks (user domain): members who blocked each other in either direction cannot start a conversation
  together, send in their DIRECT conversation, or add each other to a group. A block does not remove
  anyone from a group they share: both stay, and each client may hide the other's messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import time
import unicodedata
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from skillsphere.auth.v1.error_reason import ErrorReason as AuthReason
from skillsphere.chat.v1.error_reason import ErrorReason

from internal.chat.fanout import ChatHub, Subscription
from internal.chat.models import (
    ATTACHMENTS_MAX,
    GROUP_MAX,
    REACTIONS_PER_MEMBER_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Attachment,
    AttachmentStatus,
    AttachmentView,
    Conversation,
    ConversationRequest,
    ConversationType,
    ConversationView,
    Event,
    EventKind,
    Message,
    MessageView,
    Participant,
    ParticipantView,
    ReactionCount,
    Report,
    ReportView,
    Role,
    SearchHit,
    StreamEvent,
    UploadTicket,
)
from internal.chat.ports import MemberCards, Members, NoCards, SessionLiveness, Sessions
from internal.chat.repository import ChatRepository, DuplicateKey
from internal.chat.tokens import ResumeTokens
from internal.members import member_not_found
from pkg.authz import ADMIN, Caller
from pkg.broker import Broker
from pkg.db import UnitOfWorkFactory
from pkg.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
)
from pkg.fieldmask import check_update_mask
from pkg.jobs import enqueue
from pkg.log import get_logger
from pkg.pagination import Page, Paginator
from pkg.ratelimit import RateLimiter
from pkg.storage import ObjectStorage
from pkg.storage.base import ObjectNotFound
from pkg.storage.images import ImageRejected, process_image_async

log = get_logger("chat")

__all__ = ["ChatService", "ConversationType", "StreamItem"]

FLOOD_MESSAGES, FLOOD_WINDOW = 20, timedelta(seconds=10)
UPLOADS_PER_HOUR = 100
EDIT_WINDOW = timedelta(hours=24)
TYPING_EXPIRES = timedelta(seconds=6)
REPLAY_MAX = 1000
UPLOAD_URL_SECONDS = 15 * 60
# A reservation never sent with a message is deleted (row and file) this long after it was made, by the
# periodic `chat.purge_unsent_attachments` job (internal/chat/jobs.py). Far longer than the upload URL lives.
UNSENT_ATTACHMENT_MAX_AGE = timedelta(hours=24)
# Image attachments get a square preview this many pixels wide at most (the `chat.thumbnail` job, enqueued
# by SendMessage): the formats pkg/storage/images decodes; GIFs get none.
THUMBNAIL_EDGE = 256
THUMBNAIL_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
THUMBNAIL_JOB = "chat.thumbnail"
PURGE_BATCH = 500
DOWNLOAD_URL_SECONDS = 3600
ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024
SNIPPET_MAX = 200
REPORT_OPEN = 1
# Allowed attachment types, by the prefix or exact type the sniffed content must match.
ALLOWED_TYPES = (
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "audio/mpeg",
    "audio/ogg",
    "audio/wav",
    "video/mp4",
    "video/webm",
)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class AttachmentScanner(Protocol):
    """A hook that inspects an uploaded file before anyone can download it (antivirus, CSAM hashing)."""

    async def clean(self, key: str, content_type: str, head: bytes) -> bool:
        """False quarantines the file."""
        ...


class AcceptAll:
    """The default scanner: accepts every file."""

    async def clean(self, key: str, content_type: str, head: bytes) -> bool:
        """Always True."""
        return True


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file show, or None when nothing known matches."""
    signatures = (
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"%PDF-", "application/pdf"),
        (b"ID3", "audio/mpeg"),
        (b"\xff\xfb", "audio/mpeg"),
        (b"OggS", "audio/ogg"),
        (b"\x1aE\xdf\xa3", "video/webm"),
    )
    for magic, kind in signatures:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        return "video/mp4"
    try:
        decoded = head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character cut at the end of the sample is still text.
        try:
            decoded = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if all(c.isprintable() or c in "\r\n\t" for c in decoded):
        return "text/plain"
    return None


def is_single_emoji(value: str) -> bool:
    """One emoji (a grapheme of pictographs, joiners, variation selectors, skin tones, keycaps, flags)."""
    if not value or len(value) > 32 or any(c.isspace() for c in value):
        return False
    pictographic = 0
    for char in value:
        code = ord(char)
        category = unicodedata.category(char)
        if code in (0x200D, 0xFE0F, 0xFE0E, 0x20E3) or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
            continue  # joiners, variation selectors, keycap, skin tones, tag characters
        if 0x1F1E6 <= code <= 0x1F1FF or category == "So" or 0x1F000 <= code <= 0x1FAFF:
            pictographic += 1
            continue
        if char in "#*0123456789" and "\u20e3" in value:
            pictographic += 1  # the base of a keycap
            continue
        return False
    # A flag is two regional indicators; ZWJ sequences join several pictographs.
    return pictographic >= 1 and (pictographic == 1 or "\u200d" in value or _all_regional(value))


def _all_regional(value: str) -> bool:
    return all(0x1F1E6 <= ord(c) <= 0x1F1FF for c in value)


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def conversation_not_found(conversation_id: uuid.UUID | str) -> NotFound:
    """The answer for a conversation that does not exist or that the caller is not in."""
    return NotFound(
        "No such conversation, or you are not a participant.",
        reason=ErrorReason.CONVERSATION_NOT_FOUND,
        metadata={"conversation_id": str(conversation_id)},
    )


def message_not_found(message_id: uuid.UUID | str) -> NotFound:
    """The answer for a message that does not exist or that the caller may not see."""
    return NotFound(
        "No such message, or you are not a participant of its conversation.",
        reason=ErrorReason.MESSAGE_NOT_FOUND,
        metadata={"message_id": str(message_id)},
    )


def _rejected(attachment_id: uuid.UUID) -> FailedPrecondition:
    return FailedPrecondition(
        "The attachment's content is not what its content type says, or it was quarantined.",
        reason=ErrorReason.ATTACHMENT_REJECTED,
        metadata={"attachment_id": str(attachment_id)},
    )


def _not_owner() -> PermissionDenied:
    return PermissionDenied("Only the owner of the group may do this.", reason=ErrorReason.NOT_OWNER)


def _not_a_group() -> FailedPrecondition:
    return FailedPrecondition("This needs a GROUP conversation.", reason=ErrorReason.NOT_A_GROUP)


@dataclass(frozen=True, slots=True)
class StreamItem:
    """One event for a stream and the resume token after it (empty for ephemeral events)."""

    event: StreamEvent
    resume_token: str = ""


class ChatService:
    """The chat use cases (see the module docstring)."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        broker: Broker,
        members: Members,
        storage: ObjectStorage,
        limiter: RateLimiter,
        resume_secret: bytes,
        sessions: Sessions,
        cards: MemberCards | None = None,
        scanner: AttachmentScanner | None = None,
        liveness: SessionLiveness | None = None,
        heartbeat_seconds: float = 30.0,
        session_check_seconds: float = 2.0,
        queue_size: int = 256,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._members = members
        self._storage = storage
        self._limiter = limiter
        self._sessions = sessions
        self._cards: MemberCards = cards or NoCards()
        self._scanner: AttachmentScanner = scanner or AcceptAll()
        self._now = clock
        self._tokens = ResumeTokens(resume_secret)
        self._heartbeat = heartbeat_seconds
        self._session_check = session_check_seconds
        self.hub = ChatHub(
            broker,
            load_events=self.load_events,
            last_seqs=self._last_seqs,
            memberships=self._memberships,
            revoked_sessions=liveness.revoked_sessions if liveness is not None else None,
            session_check_seconds=session_check_seconds,
            queue_size=queue_size,
        )

    # ================================================================== conversations

    async def create_conversation(
        self,
        *,
        caller: Caller,
        idempotency_key: str,
        type: ConversationType,
        participant_ids: Sequence[uuid.UUID],
        title: str,
        session_id: uuid.UUID | None,
    ) -> tuple[ConversationView, bool]:
        """A new conversation (or the pair's existing DIRECT one) and whether it was created."""
        me = caller.require_signed_in()
        others = list(participant_ids)
        violations = []
        if me in others:
            violations.append(("participant_user_ids", "must not contain the caller"))
        if len(set(others)) != len(others):
            violations.append(("participant_user_ids", "must not contain duplicates"))
        if type is ConversationType.DIRECT and len(others) != 1:
            violations.append(("participant_user_ids", "must hold exactly one member for a DIRECT conversation"))
        if type is ConversationType.GROUP and not 2 <= len(others) <= GROUP_MAX - 1:
            violations.append(("participant_user_ids", f"must hold 2 to {GROUP_MAX - 1} members for a GROUP"))
        title = " ".join(title.split()) if type is ConversationType.GROUP else ""
        if len(title) > TITLE_MAX:
            violations.append(("title", f"must be at most {TITLE_MAX} characters"))
        if violations:
            raise InvalidArgument(violations=[_violation(f, d) for f, d in violations])
        request_hash = _digest(type.value, sorted(map(str, others)), title, session_id)
        async with self._uow() as uow:
            earlier = await ChatRepository(uow.session).conversation_request(me, idempotency_key)
            await uow.commit()  # keeps the loaded row usable after the block
        if earlier is not None:
            return await self._replay_create(caller, earlier, request_hash)
        # A block either way answers as an unknown member would: the blocked member is not told.
        blocked = await self._members.blocked_either_way(me)
        for other in others:
            if other in blocked or not await self._members.profile_visible(other, caller):
                raise member_not_found(other)
        if session_id is not None:
            await self._check_session(session_id, others, me=me)
        now = self._now()
        direct_key = None
        if type is ConversationType.DIRECT:
            pair = sorted([str(me), str(others[0])])
            direct_key = ":".join(pair + ([str(session_id)] if session_id else []))
        for _attempt in range(3):
            async with self._uow() as uow:
                repo = ChatRepository(uow.session)
                created = True
                existing = await repo.direct_conversation(direct_key) if direct_key else None
                if existing is not None:
                    conversation_id, created = existing.id, False
                else:
                    conversation_id = uuid.uuid4()
                    try:
                        await repo.add_conversation(
                            Conversation(
                                id=conversation_id,
                                type=type.value,
                                title=title,
                                owner_id=me if type is ConversationType.GROUP else None,
                                session_id=session_id,
                                direct_key=direct_key,
                                last_seq=0,
                                created_by=me,
                                created_at=now,
                                updated_at=now,
                            )
                        )
                    except DuplicateKey:
                        continue  # the pair's conversation was created at the same moment: return that one
                    seq = await repo.next_seq(conversation_id, now)
                    members = [me, *others]
                    await repo.add_participants(
                        [
                            Participant(
                                conversation_id=conversation_id,
                                user_id=user,
                                role=(
                                    Role.OWNER if type is ConversationType.GROUP and user == me else Role.MEMBER
                                ).value,
                                joined_at=now,
                                joined_seq=seq,
                                read_seq=0,
                                muted=False,
                            )
                            for user in members
                        ]
                    )
                    await repo.add_event(
                        conversation_id,
                        seq,
                        EventKind.CONVERSATION_UPDATED,
                        now,
                        actor_id=me,
                        data={"added": [str(u) for u in members], "removed": [], "created": True},
                    )
                    await self.hub.notify_event(uow.session, conversation_id, seq, members)
                try:
                    await repo.save_conversation_request(
                        ConversationRequest(
                            caller_id=me,
                            idempotency_key=idempotency_key,
                            conversation_id=conversation_id,
                            created=created,
                            request_hash=request_hash,
                            created_at=now,
                        )
                    )
                except DuplicateKey:
                    # A concurrent retry with the same key won: drop this attempt and answer with its result.
                    await uow.rollback()
                    async with self._uow() as again:
                        earlier = await ChatRepository(again.session).conversation_request(me, idempotency_key)
                        await again.commit()
                    assert earlier is not None
                    return await self._replay_create(caller, earlier, request_hash)
                await uow.commit()
            if created:
                log.info("chat_conversation_created", conversation_id=str(conversation_id), type=type.value)
            return await self.get_conversation(caller=caller, conversation_id=conversation_id), created
        raise Unavailable("The conversation could not be created; retry.", retry_after=1.0)

    async def _replay_create(
        self, caller: Caller, earlier: ConversationRequest, request_hash: str
    ) -> tuple[ConversationView, bool]:
        if earlier.request_hash != request_hash:
            raise InvalidArgument(
                field="idempotency_key",
                description="was used before with a different request",
                reason=ErrorReason.IDEMPOTENCY_KEY_REUSED,
            )
        return await self.get_conversation(caller=caller, conversation_id=earlier.conversation_id), earlier.created

    async def _check_session(self, session_id: uuid.UUID, users: Sequence[uuid.UUID], *, me: uuid.UUID) -> None:
        participants = await self._sessions.participants(session_id)
        if participants is None or me not in participants:  # a stranger learns nothing about the session
            raise NotFound(
                "No such session.", reason=ErrorReason.SESSION_NOT_FOUND, metadata={"session_id": str(session_id)}
            )
        outside = [u for u in users if u not in participants]
        if outside:
            raise PermissionDenied(
                "Everyone in a session's conversation must be a participant of the session.",
                reason=ErrorReason.NOT_SESSION_PARTICIPANT,
                metadata={"user_id": str(outside[0])},
            )

    async def get_conversation(self, *, caller: Caller, conversation_id: uuid.UUID) -> ConversationView:
        """One conversation of the caller, with their unread count."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            conversation = await repo.conversation(conversation_id)
            if conversation is None or await repo.participant(conversation_id, me) is None:
                raise conversation_not_found(conversation_id)
            views = await self._conversation_views(repo, [conversation], viewer=me)
        return (await self._with_cards(views, caller))[0]

    async def list_conversations(
        self,
        *,
        caller: Caller,
        page_size: int,
        page_token: str,
        type: ConversationType | None,
        unread_only: bool,
    ) -> tuple[Page[ConversationView], int]:
        """The caller's conversations, most recent activity first, and how many have unread messages."""
        me = caller.require_signed_in()
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "ListConversations", "user": str(me), "type": type, "unread": unread_only},
        )
        after = request.position(lambda p: (datetime.fromisoformat(p["t"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            rows = await repo.conversations_of(
                me, kind=type.value if type else None, unread_only=unread_only, after=after, limit=request.limit
            )
            page = request.page(rows, key=lambda c: {"t": c.updated_at.isoformat(), "id": str(c.id)})
            views = await self._conversation_views(repo, page.items, viewer=me)
            unread = await repo.unread_conversations(me)
        return page.with_items(await self._with_cards(views, caller)), unread

    async def update_conversation(
        self, *, caller: Caller, conversation_id: uuid.UUID, title: str, paths: Sequence[str]
    ) -> ConversationView:
        """Rename a group (owner only)."""
        me = caller.require_signed_in()
        check_update_mask(paths, ("title",))
        title = " ".join(title.split())
        if not title or len(title) > TITLE_MAX:
            raise InvalidArgument(field="conversation.title", description=f"must be 1 to {TITLE_MAX} characters")
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            conversation = await self._owned_group(repo, conversation_id, me)
            if conversation.title != title:
                now = self._now()
                conversation.title = title
                seq = await repo.next_seq(conversation_id, now)
                await repo.add_event(
                    conversation_id, seq, EventKind.CONVERSATION_UPDATED, now, actor_id=me, data={"title": title}
                )
                await self.hub.notify_event(uow.session, conversation_id, seq)
            await uow.commit()
        return await self.get_conversation(caller=caller, conversation_id=conversation_id)

    async def _participant_conversation(
        self, repo: ChatRepository, conversation_id: uuid.UUID, me: uuid.UUID, *, lock: bool = False
    ) -> tuple[Conversation, Participant]:
        conversation = await repo.conversation(conversation_id, lock=lock)
        participant = await repo.participant(conversation_id, me) if conversation else None
        if conversation is None or participant is None:
            raise conversation_not_found(conversation_id)
        return conversation, participant

    async def _owned_group(self, repo: ChatRepository, conversation_id: uuid.UUID, me: uuid.UUID) -> Conversation:
        conversation, participant = await self._participant_conversation(repo, conversation_id, me, lock=True)
        if conversation.type != ConversationType.GROUP:
            raise _not_a_group()
        if participant.role != Role.OWNER:
            raise _not_owner()
        return conversation

    async def add_participants(
        self, *, caller: Caller, conversation_id: uuid.UUID, user_ids: Sequence[uuid.UUID]
    ) -> ConversationView:
        """Add members to a group (owner only); members already in it stay as they are."""
        me = caller.require_signed_in()
        if not user_ids:
            raise InvalidArgument(field="user_ids", description="must name at least one member")
        blocked = await self._members.blocked_either_way(me)
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            conversation = await self._owned_group(repo, conversation_id, me)
            current = {p.user_id for p in await repo.participants([conversation_id])}
            new = [u for u in dict.fromkeys(user_ids) if u not in current]
            for user in new:
                if user in blocked or not await self._members.profile_visible(user, caller):
                    raise member_not_found(user)  # a block is not revealed
            if len(current) + len(new) > GROUP_MAX:
                raise FailedPrecondition(f"A group has at most {GROUP_MAX} members.", reason=ErrorReason.GROUP_FULL)
            if conversation.session_id is not None and new:
                await self._check_session(conversation.session_id, new, me=me)
            if new:
                now = self._now()
                seq = await repo.next_seq(conversation_id, now)
                await repo.add_participants(
                    [
                        Participant(
                            conversation_id=conversation_id,
                            user_id=user,
                            role=Role.MEMBER.value,
                            joined_at=now,
                            joined_seq=seq,
                            read_seq=0,
                            muted=False,
                        )
                        for user in new
                    ]
                )
                await repo.add_event(
                    conversation_id,
                    seq,
                    EventKind.CONVERSATION_UPDATED,
                    now,
                    actor_id=me,
                    data={"added": [str(u) for u in new], "removed": []},
                )
                await self.hub.notify_event(uow.session, conversation_id, seq, new)
            await uow.commit()
        return await self.get_conversation(caller=caller, conversation_id=conversation_id)

    async def remove_participant(
        self, *, caller: Caller, conversation_id: uuid.UUID, user_id: uuid.UUID
    ) -> ConversationView:
        """Remove another member from a group (owner only)."""
        me = caller.require_signed_in()
        if user_id == me:
            raise InvalidArgument(field="user_id", description="is the caller; use LeaveConversation")
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            await self._owned_group(repo, conversation_id, me)
            if await repo.participant(conversation_id, user_id) is None:
                raise NotFound(
                    "That member is not in this conversation.",
                    reason=ErrorReason.PARTICIPANT_NOT_FOUND,
                    metadata={"user_id": str(user_id)},
                )
            await self._remove(repo, uow.session, conversation_id, user_id, actor=me)
            await uow.commit()
        return await self.get_conversation(caller=caller, conversation_id=conversation_id)

    async def leave_conversation(self, *, caller: Caller, conversation_id: uuid.UUID) -> None:
        """Leave a group; an owner who leaves hands the group to the earliest-joined member."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            conversation, participant = await self._participant_conversation(repo, conversation_id, me, lock=True)
            if conversation.type != ConversationType.GROUP:
                raise _not_a_group()
            await self._remove(repo, uow.session, conversation_id, me, actor=me)
            if participant.role == Role.OWNER:
                remaining = await repo.participants([conversation_id])
                conversation.owner_id = remaining[0].user_id if remaining else None
                if remaining:
                    remaining[0].role = Role.OWNER.value
            await uow.commit()

    async def _remove(
        self, repo: ChatRepository, session: Any, conversation_id: uuid.UUID, user_id: uuid.UUID, *, actor: uuid.UUID
    ) -> None:
        now = self._now()
        await repo.remove_participant(conversation_id, user_id)
        seq = await repo.next_seq(conversation_id, now)
        await repo.add_event(
            conversation_id,
            seq,
            EventKind.CONVERSATION_UPDATED,
            now,
            actor_id=actor,
            data={"added": [], "removed": [str(user_id)]},
        )
        await self.hub.notify_event(session, conversation_id, seq)

    async def mute_conversation(self, *, caller: Caller, conversation_id: uuid.UUID, muted: bool) -> ParticipantView:
        """Mute or unmute for the caller only."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            _, participant = await self._participant_conversation(repo, conversation_id, me)
            participant.muted = muted
            await uow.commit()
        return _participant_view(participant, viewer=me)

    # ================================================================== attachments

    async def create_attachment_upload(
        self, *, caller: Caller, conversation_id: uuid.UUID, file_name: str, content_type: str, size_bytes: int
    ) -> UploadTicket:
        """Reserve an attachment and sign its upload."""
        me = caller.require_signed_in()
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type not in ALLOWED_TYPES:
            raise InvalidArgument(
                field="content_type",
                description="is not an allowed attachment type (images, PDF, plain text, audio, video)",
                reason=ErrorReason.CONTENT_TYPE_NOT_ALLOWED,
            )
        if not 1 <= size_bytes <= ATTACHMENT_MAX_BYTES:
            raise InvalidArgument(field="size_bytes", description=f"must be 1 to {ATTACHMENT_MAX_BYTES}")
        now = self._now()
        attachment_id = uuid.uuid4()
        key = f"chat/{conversation_id}/{attachment_id}"
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            await self._participant_conversation(repo, conversation_id, me)
            if await repo.recent_uploads(me, now - timedelta(hours=1)) >= UPLOADS_PER_HOUR:
                raise ResourceExhausted(
                    f"At most {UPLOADS_PER_HOUR} attachments per hour.",
                    retry_after=60.0,
                    reason=ErrorReason.UPLOAD_LIMIT,
                )
            uow.session.add(
                Attachment(
                    id=attachment_id,
                    conversation_id=conversation_id,
                    uploader_id=me,
                    message_id=None,
                    file_name=file_name.strip()[:255] or "file",
                    content_type=media_type,
                    size_bytes=size_bytes,
                    storage_key=key,
                    status=AttachmentStatus.PENDING.value,
                    created_at=now,
                )
            )
            await uow.commit()
        upload = await self._storage.create_upload(
            key, content_type=media_type, max_bytes=size_bytes, expires_in=UPLOAD_URL_SECONDS
        )
        return UploadTicket(attachment_id, upload.url, upload.method, dict(upload.headers), upload.expire_time)

    async def _check_attachments(
        self, me: uuid.UUID, conversation_id: uuid.UUID, attachment_ids: Sequence[uuid.UUID]
    ) -> None:
        """Every attachment is the caller's, pending in this conversation, fully uploaded, what it says, clean."""
        async with self._uow() as uow:
            found = {a.id: a for a in await ChatRepository(uow.session).attachments(attachment_ids)}
            await uow.commit()
        for attachment_id in attachment_ids:
            attachment = found.get(attachment_id)
            if attachment is None or attachment.uploader_id != me:
                raise NotFound(
                    "No such attachment.",
                    reason=ErrorReason.ATTACHMENT_NOT_FOUND,
                    metadata={"attachment_id": str(attachment_id)},
                )
            if attachment.status == AttachmentStatus.QUARANTINED:
                raise _rejected(attachment_id)  # the scan refused it once: for good, on every replica
            if attachment.conversation_id != conversation_id or attachment.status != AttachmentStatus.PENDING:
                raise FailedPrecondition(
                    "The attachment was reserved for another conversation or was already sent.",
                    reason=ErrorReason.ATTACHMENT_IN_OTHER_CONVERSATION,
                    metadata={"attachment_id": str(attachment_id)},
                )
            try:
                info = await self._storage.stat(attachment.storage_key)
            except ObjectNotFound:
                info = None
            if info is None or info.size != attachment.size_bytes:
                raise FailedPrecondition(
                    "The attachment's upload has not finished (or has another size than declared).",
                    reason=ErrorReason.ATTACHMENT_NOT_UPLOADED,
                    metadata={"attachment_id": str(attachment_id)},
                )
            head = (await self._storage.get(attachment.storage_key))[:4096]
            if sniff(head) != attachment.content_type:
                raise _rejected(attachment_id)
            if not await self._scanner.clean(attachment.storage_key, attachment.content_type, head):
                # Persisted before answering: a quarantined file is never sent, whichever replica (and
                # scanner) is asked next, and never gets a download URL (only sent attachments do).
                async with self._uow() as uow:
                    await ChatRepository(uow.session).quarantine_attachment(attachment_id)
                    await uow.commit()
                log.warning("chat_attachment_quarantined", attachment_id=str(attachment_id), uploader=str(me))
                raise _rejected(attachment_id)

    # ================================================================== messages

    async def send_message(
        self,
        *,
        caller: Caller,
        conversation_id: uuid.UUID,
        idempotency_key: str,
        text: str,
        attachment_ids: Sequence[uuid.UUID],
        reply_to_id: uuid.UUID | None,
    ) -> MessageView:
        """Store a message at the conversation's next sequence and announce it."""
        me = caller.require_signed_in()
        text = text.strip()
        attachment_ids = list(dict.fromkeys(attachment_ids))
        if not text and not attachment_ids:
            raise InvalidArgument(field="text", description="must not be empty when there are no attachments")
        if len(text) > TEXT_MAX:
            raise InvalidArgument(field="text", description=f"must be at most {TEXT_MAX} characters")
        if len(attachment_ids) > ATTACHMENTS_MAX:
            raise InvalidArgument(field="attachment_ids", description=f"must hold at most {ATTACHMENTS_MAX} ids")
        request_hash = _digest(str(conversation_id), text, sorted(map(str, attachment_ids)), str(reply_to_id))
        async with self._uow() as uow:
            # The checks are one statement (membership, the other member, the idempotency key, the flood count,
            # the reply's conversation), outside the write's transaction.
            repo = ChatRepository(uow.session)
            now = self._now()
            context = await repo.send_context(conversation_id, me, idempotency_key, now - FLOOD_WINDOW, reply_to_id)
            if context is None:
                raise conversation_not_found(conversation_id)
            if context.earlier_id is not None:
                return await self._replayed_send(repo, context.earlier_id, context.earlier_hash, request_hash)
            other = context.other if context.type == ConversationType.DIRECT else None
            count, oldest = int(context.recent), context.oldest
            if reply_to_id is not None and context.reply_conversation != conversation_id:
                raise message_not_found(reply_to_id)
        if other is not None and (
            await self._members.is_blocked_between(me, other) or not await self._members.has_live_profile(other)
        ):
            # A block answers as a deleted member does (and as GetUser answers for either): USER_NOT_FOUND.
            raise member_not_found(other)
        if count >= FLOOD_MESSAGES:
            retry_after = ((oldest or now) + FLOOD_WINDOW - now).total_seconds() if oldest else 1.0
            raise ResourceExhausted(
                f"You sent {FLOOD_MESSAGES} messages in the past {FLOOD_WINDOW.seconds} seconds; wait a moment.",
                retry_after=max(retry_after, 0.1),
                reason=ErrorReason.FLOOD_LIMIT,
            )
        if attachment_ids:
            await self._check_attachments(me, conversation_id, attachment_ids)
        message_id = uuid.uuid4()
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            now = self._now()
            locked: list[Attachment] = []
            if attachment_ids:
                # Locked and re-checked: a concurrent send of the same attachment loses here, and so does a
                # send racing the purge of unsent reservations (the row is gone, or the purge skips it).
                locked = await repo.attachments(attachment_ids, lock=True)
                missing = sorted(set(attachment_ids) - {a.id for a in locked})
                if missing:
                    raise NotFound(
                        "No such attachment.",
                        reason=ErrorReason.ATTACHMENT_NOT_FOUND,
                        metadata={"attachment_id": str(missing[0])},
                    )
                for attachment in locked:
                    if attachment.status == AttachmentStatus.QUARANTINED:
                        raise _rejected(attachment.id)
                    if attachment.status != AttachmentStatus.PENDING:
                        raise FailedPrecondition(
                            "The attachment was already sent.",
                            reason=ErrorReason.ATTACHMENT_IN_OTHER_CONVERSATION,
                            metadata={"attachment_id": str(attachment.id)},
                        )
            # The sequence first: the conversation's row lock is held from here to the commit, briefly. Then the
            # membership (re-read under the lock: removed meanwhile?), the message and its event, one statement.
            seq = await repo.next_seq(conversation_id, now, message_id=message_id)
            member, inserted = await repo.insert_message(
                message_id=message_id,
                conversation_id=conversation_id,
                seq=seq,
                sender_id=me,
                text=text,
                reply_to_id=reply_to_id,
                idempotency_key=idempotency_key,
                request_hash=request_hash,
                now=now,
                event_kind=EventKind.MESSAGE_CREATED,
                event_data={"files": len(locked)},
            )
            if not member:
                raise conversation_not_found(conversation_id)  # removed meanwhile
            if not inserted:  # a concurrent send of the same request got there first
                await uow.rollback()
                async with self._uow() as again:
                    repo = ChatRepository(again.session)
                    earlier = await repo.message_by_key(me, idempotency_key)
                    assert earlier is not None
                    return await self._replayed_send(repo, earlier.id, earlier.request_hash, request_hash)
            for attachment in locked:
                attachment.message_id = message_id
                attachment.status = AttachmentStatus.SENT.value
            await self.hub.notify_event(uow.session, conversation_id, seq)
            for attachment in locked:
                if attachment.content_type in THUMBNAIL_TYPES:
                    await enqueue(uow.session, THUMBNAIL_JOB, {"attachment_id": str(attachment.id)})
            # The answer is built from what was just written (a new message has no reactions yet), not read
            # back.
            files = tuple(self._attachment_view(a) for a in sorted(locked, key=lambda a: (a.created_at, a.id)))
            view = MessageView(
                id=message_id,
                conversation_id=conversation_id,
                seq=seq,
                sender_id=me,
                sender_deleted=False,
                kind="user",
                text=text,
                reply_to_id=reply_to_id,
                idempotency_key=idempotency_key,
                created_at=now,
                edited_at=None,
                deleted=False,
                updated_at=now,
                reactions=(),
                attachments=files,
            )
            await uow.commit()
        return view

    async def _replayed_send(
        self, repo: ChatRepository, earlier_id: uuid.UUID, earlier_hash: str | None, request_hash: str
    ) -> MessageView:
        if earlier_hash != request_hash:
            raise InvalidArgument(
                field="idempotency_key",
                description="was used before with a different message",
                reason=ErrorReason.IDEMPOTENCY_KEY_REUSED,
            )
        return (await self._message_views(repo, [earlier_id]))[earlier_id]

    async def list_messages(
        self,
        *,
        caller: Caller,
        conversation_id: uuid.UUID,
        page_size: int,
        page_token: str,
        before: uuid.UUID | None,
        after: uuid.UUID | None,
        around: uuid.UUID | None,
    ) -> Page[MessageView]:
        """History around a cursor (see the RPC's comment)."""
        me = caller.require_signed_in()
        anchors = [
            (n, v)
            for n, v in (("before_message_id", before), ("after_message_id", after), ("around_message_id", around))
            if v
        ]
        if len(anchors) > 1:
            raise InvalidArgument(
                violations=[_violation(n, "only one of before/after/around may be set") for n, _ in anchors]
            )
        direction = "after" if after else "around" if around else "before"
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={
                "rpc": "ListMessages",
                "c": str(conversation_id),
                "d": direction,
                "a": str(anchors[0][1]) if anchors else "",
            },
        )
        position = request.position(lambda p: int(p["s"]))
        anchor_id = anchors[0][1] if anchors else None
        from_anchor = anchor_id is not None and position is None
        async with self._uow() as uow:
            # One statement per page, the access check and the anchor included (docs/benchmarks.md, "Chat:
            # ListMessages (history) at 1M messages"); only an empty page asks why.
            repo = ChatRepository(uow.session)
            if direction == "around":
                assert anchor_id is not None
                rows = await repo.history_around(
                    conversation_id, me, anchor_id, half=(request.size - 1) // 2, size=request.size
                )
            else:
                descending = direction == "before"
                rows = await repo.history_page(
                    conversation_id,
                    me,
                    anchor_id=anchor_id,
                    below=position if descending else None,
                    above=None if descending else position,
                    from_anchor=from_anchor,
                    descending=descending,
                    limit=request.limit,
                )
            if not rows:
                member, anchor_seq = await repo.history_access(conversation_id, me, anchor_id)
                if not member:
                    raise conversation_not_found(conversation_id)
                if anchor_id is not None and anchor_seq is None:
                    raise message_not_found(anchor_id)
            views = [self._row_view(r) for r in rows]
        if direction == "around":
            return Page(views)
        return request.page(views, key=lambda m: {"s": m.seq})

    async def mark_as_read(
        self, *, caller: Caller, conversation_id: uuid.UUID, message_id: uuid.UUID | None, private: bool
    ) -> tuple[uuid.UUID | None, datetime | None, int]:
        """Move the caller's read marker forward; (marker message, when it moved, unread count after)."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            # The conversation's lock first, as every writer takes it (no deadlock with a concurrent leave), and
            # so no message commits between moving the marker and counting what is still unread.
            await self._participant_conversation(repo, conversation_id, me, lock=True)
            if message_id is None:
                target = await repo.newest_message(conversation_id)
            else:
                target = await repo.message(message_id)
                if target is None or target.conversation_id != conversation_id:
                    raise message_not_found(message_id)
            participant = await repo.participant(conversation_id, me, lock=True)
            if participant is None:
                raise conversation_not_found(conversation_id)
            if target is not None and target.seq > participant.read_seq:
                now = self._now()
                participant.read_seq = target.seq
                participant.read_message_id = target.id
                participant.read_at = now
                if not private:
                    seq = await repo.next_seq(conversation_id, now, touch=False)
                    await repo.add_event(
                        conversation_id,
                        seq,
                        EventKind.READ_RECEIPT,
                        now,
                        message_id=target.id,
                        actor_id=me,
                        data={"read_at": now.isoformat()},
                    )
                    await self.hub.notify_event(uow.session, conversation_id, seq)
                await uow.session.flush()
            unread = await repo.unread_count(conversation_id, me, participant.read_seq)
            result = (participant.read_message_id, participant.read_at, unread)
            await uow.commit()
        return result

    async def _editable(
        self, repo: ChatRepository, message_id: uuid.UUID, me: uuid.UUID
    ) -> tuple[Message, Participant]:
        message = await repo.message(message_id, lock=True)
        participant = await repo.participant(message.conversation_id, me) if message else None
        if message is None or participant is None:
            raise message_not_found(message_id)
        return message, participant

    async def update_message(
        self, *, caller: Caller, message_id: uuid.UUID, text: str, paths: Sequence[str]
    ) -> MessageView:
        """Edit the text of the caller's own message within the edit window."""
        me = caller.require_signed_in()
        check_update_mask(paths, ("text",))
        text = text.strip()
        if len(text) > TEXT_MAX:
            raise InvalidArgument(field="message.text", description=f"must be at most {TEXT_MAX} characters")
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            message, _ = await self._editable(repo, message_id, me)
            if message.sender_id != me:
                raise PermissionDenied("Only the sender may edit a message.", reason=ErrorReason.NOT_SENDER)
            if message.deleted_at is not None:
                raise FailedPrecondition("The message is deleted.", reason=ErrorReason.MESSAGE_DELETED)
            now = self._now()
            if now - message.created_at > EDIT_WINDOW:
                raise FailedPrecondition(
                    "Messages can be edited for 24 hours after sending.", reason=ErrorReason.EDIT_WINDOW_CLOSED
                )
            if not text and not (await repo.message_attachments([message_id])).get(message_id):
                raise InvalidArgument(
                    field="message.text", description="must not be empty when there are no attachments"
                )
            if text != message.text:
                message.text = text
                message.edited_at = now
                message.updated_at = now
                seq = await repo.next_seq(message.conversation_id, now)
                await repo.add_event(
                    message.conversation_id, seq, EventKind.MESSAGE_UPDATED, now, message_id=message_id, actor_id=me
                )
                await self.hub.notify_event(uow.session, message.conversation_id, seq)
                await uow.session.flush()
            view = (await self._message_views(repo, [message_id]))[message_id]
            await uow.commit()
        return view

    async def delete_message(self, *, caller: Caller, message_id: uuid.UUID) -> MessageView:
        """Delete for everyone (sender or group owner); a tombstone remains."""
        me = caller.require_signed_in()
        removed_keys: list[str] = []
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            message, participant = await self._editable(repo, message_id, me)
            if message.deleted_at is None:
                if message.sender_id != me and participant.role != Role.OWNER:
                    raise PermissionDenied(
                        "Only the sender or the group's owner may delete a message.", reason=ErrorReason.NOT_SENDER
                    )
                now = self._now()
                message.text = ""
                message.deleted_at = now
                message.deleted_by = me
                message.updated_at = now
                await repo.clear_reactions(message_id)
                removed_keys = await repo.remove_message_attachments(message_id)
                seq = await repo.next_seq(message.conversation_id, now)
                await repo.add_event(
                    message.conversation_id, seq, EventKind.MESSAGE_DELETED, now, message_id=message_id, actor_id=me
                )
                await self.hub.notify_event(uow.session, message.conversation_id, seq)
                await uow.session.flush()
            view = (await self._message_views(repo, [message_id]))[message_id]
            await uow.commit()
        for key in removed_keys:
            try:
                await self._storage.delete(key)
            except Exception as exc:  # noqa: BLE001 - the row says removed; a leftover object is only storage
                log.warning("chat_attachment_delete_failed", key=key, error=str(exc)[:200])
        return view

    async def react(self, *, caller: Caller, message_id: uuid.UUID, emoji: str, remove: bool) -> MessageView:
        """Add or remove the caller's reaction."""
        me = caller.require_signed_in()
        emoji = unicodedata.normalize("NFC", emoji)
        if not is_single_emoji(emoji):
            raise InvalidArgument(field="emoji", description="must be a single emoji", reason=ErrorReason.EMOJI_INVALID)
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            message, _ = await self._editable(repo, message_id, me)
            if message.deleted_at is not None:
                raise FailedPrecondition("The message is deleted.", reason=ErrorReason.MESSAGE_DELETED)
            now = self._now()
            if remove:
                changed = await repo.remove_reaction(message_id, me, emoji)
            else:
                changed = await repo.add_reaction(message_id, me, emoji, now)
                if changed and await repo.reaction_kinds(message_id, me) > REACTIONS_PER_MEMBER_MAX:
                    raise FailedPrecondition(
                        f"At most {REACTIONS_PER_MEMBER_MAX} different reactions per message.",
                        reason=ErrorReason.REACTION_LIMIT,
                    )
            if changed:
                message.updated_at = now
                seq = await repo.next_seq(message.conversation_id, now, touch=False)
                await repo.add_event(
                    message.conversation_id,
                    seq,
                    EventKind.REACTION_CHANGED,
                    now,
                    message_id=message_id,
                    actor_id=me,
                    data={"emoji": emoji, "reaction_removed": remove},
                )
                await self.hub.notify_event(uow.session, message.conversation_id, seq)
                await uow.session.flush()
            view = (await self._message_views(repo, [message_id]))[message_id]
            await uow.commit()
        return view

    async def report(self, *, caller: Caller, message_id: uuid.UUID, reason: int, details: str) -> ReportView:
        """Put a message in the moderation queue."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            message = await repo.message(message_id)
            if message is None or await repo.participant(message.conversation_id, me) is None:
                raise message_not_found(message_id)
            if message.sender_id == me:
                raise FailedPrecondition("You cannot report your own message.", reason=ErrorReason.OWN_MESSAGE)
            now = self._now()
            report = Report(
                id=uuid.uuid4(),
                message_id=message_id,
                conversation_id=message.conversation_id,
                reporter_id=me,
                reason=reason,
                details=details.strip(),
                status=REPORT_OPEN,
                created_at=now,
                updated_at=now,
            )
            try:
                await repo.add_report(report)
            except DuplicateKey:
                raise AlreadyExists("You reported this message already.", reason=ErrorReason.ALREADY_REPORTED) from None
            await uow.commit()
        log.info("chat_message_reported", message_id=str(message_id), report_id=str(report.id))
        return _report_view(report)

    async def list_reports(
        self, *, caller: Caller, page_size: int, page_token: str, status: int | None
    ) -> Page[ReportView]:
        """The moderation queue, oldest first (admins)."""
        caller.require_role(ADMIN)
        request = self._pages.request(
            page_size=page_size, page_token=page_token, query={"rpc": "ListMessageReports", "status": status}
        )
        after = request.position(lambda p: (datetime.fromisoformat(p["t"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            rows = await ChatRepository(uow.session).reports(status=status, after=after, limit=request.limit)
            await uow.commit()
        return request.page(rows, key=lambda r: {"t": r.created_at.isoformat(), "id": str(r.id)}).map(_report_view)

    async def send_typing(self, *, caller: Caller, conversation_id: uuid.UUID, typing: bool) -> None:
        """Tell the conversation's streams (ephemeral; nothing is stored)."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            await self._participant_conversation(repo, conversation_id, me)
            try:
                await self._limiter.hit("chat.typing", f"{me}:{conversation_id}", limit="1/second")
            except ResourceExhausted as exc:
                raise ResourceExhausted(
                    "At most one typing indicator per second per conversation.",
                    retry_after=exc.retry_after,
                    reason=ErrorReason.TYPING_RATE_LIMITED,
                ) from None
            await self.hub.notify_typing(uow.session, conversation_id, me, typing)
            await uow.commit()

    async def search(
        self,
        *,
        caller: Caller,
        query: str,
        conversation_id: uuid.UUID | None,
        sender_id: uuid.UUID | None,
        page_size: int,
        page_token: str,
    ) -> Page[SearchHit]:
        """Messages of the caller's conversations matching `query`, best first."""
        me = caller.require_signed_in()
        query = " ".join(query.split())
        if not query:
            raise InvalidArgument(field="query", description="must not be empty")
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "SearchMessages", "u": str(me), "q": query, "c": str(conversation_id), "s": str(sender_id)},
        )
        after = request.position(lambda p: (float(p["r"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            if conversation_id is not None:
                await self._participant_conversation(repo, conversation_id, me)
            rows = await repo.search(
                me, query=query, conversation_id=conversation_id, sender_id=sender_id, after=after, limit=request.limit
            )
            page = request.page(rows, key=lambda row: {"r": row[1], "id": str(row[0].id)})
            views = await self._message_views(repo, [m.id for m, _ in page.items])
            return page.with_items([_hit(views[m.id], query) for m, _ in page.items])

    async def purge_unsent_attachments(self) -> int:
        """Delete reservations never sent with a message, made more than UNSENT_ATTACHMENT_MAX_AGE ago, and
        their files (the `chat.purge_unsent_attachments` job); how many. Quarantined files are kept."""
        before = self._now() - UNSENT_ATTACHMENT_MAX_AGE
        total = 0
        while True:
            async with self._uow() as uow:
                keys = await ChatRepository(uow.session).purge_unsent_attachments(before, PURGE_BATCH)
                await uow.commit()
            for key in keys:
                try:
                    await self._storage.delete(key)
                except ObjectNotFound:
                    pass  # reserved, never uploaded
                except Exception as exc:  # noqa: BLE001 - the row is gone; a leftover object is only storage
                    log.warning("chat_attachment_delete_failed", key=key, error=str(exc)[:200])
            total += len(keys)
            if len(keys) < PURGE_BATCH:
                break
        if total:
            log.info("chat_unsent_attachments_purged", count=total, before=before.isoformat())
        return total

    async def make_thumbnail(self, attachment_id: uuid.UUID) -> bool:
        """Decode a sent image attachment, store a square preview (THUMBNAIL_EDGE pixels at most, metadata
        stripped, the source's format) and record it with the image's size (the `chat.thumbnail` job).
        True when a thumbnail was recorded; an image that does not decode gets none (logged)."""
        async with self._uow() as uow:
            found = await ChatRepository(uow.session).attachments([attachment_id])
            await uow.commit()
        if not found or found[0].status != AttachmentStatus.SENT or found[0].thumbnail_key:
            return False
        attachment = found[0]
        try:
            processed = await process_image_async(
                await self._storage.get(attachment.storage_key),
                max_bytes=ATTACHMENT_MAX_BYTES,
                max_dimension=None,
                thumbnail_sizes=(THUMBNAIL_EDGE,),
            )
        except ImageRejected as exc:
            log.info("chat_thumbnail_skipped", attachment_id=str(attachment_id), reason=exc.reason)
            return False
        except ObjectNotFound:
            return False  # the message was deleted and its file with it
        thumbnail = processed.thumbnails[THUMBNAIL_EDGE]
        key = f"{attachment.storage_key}-thumb.{thumbnail.extension}"
        await self._storage.put(key, thumbnail.data, thumbnail.content_type)
        async with self._uow() as uow:
            recorded = await ChatRepository(uow.session).set_thumbnail(
                attachment_id, key, processed.image.width, processed.image.height
            )
            await uow.commit()
        if not recorded:  # deleted meanwhile (or a second run got there first): no orphan file
            with contextlib.suppress(ObjectNotFound):
                await self._storage.delete(key)
        return recorded

    # ================================================================== the stream

    async def stream(
        self,
        *,
        caller: Caller,
        conversation_ids: Sequence[uuid.UUID],
        resume_token: str,
        expires_at: float | None = None,
    ) -> AsyncIterator[StreamItem]:
        """Replay from `resume_token`, say live, then deliver events as they commit (see the module docstring).

        Ends with UNAUTHENTICATED when `expires_at` (Unix time) passes or the caller's session is found
        revoked (the hub's sweep, once per session-check window), and with UNAVAILABLE (SLOW_CONSUMER) when
        the queue overflows.
        """
        me = caller.require_signed_in()
        token_cursors = self._tokens.decode(resume_token) if resume_token else None
        explicit = list(dict.fromkeys(conversation_ids))
        subscription = self.hub.open(me, all_conversations=not explicit, session_id=caller.session_id)
        try:
            memberships = await self._memberships(me)
            for conversation_id in explicit:
                if conversation_id not in memberships:
                    raise conversation_not_found(conversation_id)
            watched = explicit or list(memberships)
            for conversation_id in watched:
                self.hub.watch(subscription, conversation_id, memberships[conversation_id][1])
            # Read after registering: anything committed later is pushed to the queue as well.
            snapshot = await self._last_seqs(watched)
            cursors: dict[uuid.UUID, int] = {}
            replay: list[StreamEvent] = []
            for conversation_id in watched:
                last = snapshot.get(conversation_id, 0)
                if token_cursors is None:
                    start = last
                else:
                    start = token_cursors.get(conversation_id, memberships[conversation_id][0] - 1)
                if start < last:
                    replay.extend(await self.load_events(conversation_id, start, last))
                    if len(replay) > REPLAY_MAX:
                        raise FailedPrecondition(
                            f"More than {REPLAY_MAX} events happened since the resume token; reload with "
                            "ListMessages and stream without it.",
                            reason=ErrorReason.RESUME_TOKEN_EXPIRED,
                        )
                cursors[conversation_id] = max(start, 0)
            if token_cursors is not None and not explicit:
                # Conversations the caller left (or was removed from) while away: up to the event removing them.
                for conversation_id, start in token_cursors.items():
                    if conversation_id not in memberships:
                        cursors[conversation_id] = start
                        for event in await self.load_events(conversation_id, start, None):
                            replay.append(event)
                            if me in _ids(event.data.get("removed", ())):
                                break
            for event in replay:
                assert event.conversation_id is not None
                item = self._advance(subscription, cursors, event, me)
                if item is not None:
                    yield item
            live = StreamEvent(
                conversation_id=None,
                seq=0,
                kind="live",
                created_at=self._now(),
                data={"cursors": dict(cursors), "replayed": len(replay)},
            )
            yield StreamItem(live, self._tokens.encode(cursors))
            async for item in self._follow(subscription, cursors, me, expires_at):
                yield item
        finally:
            self.hub.close(subscription)

    async def _follow(
        self, subscription: Subscription, cursors: dict[uuid.UUID, int], me: uuid.UUID, expires_at: float | None
    ) -> AsyncIterator[StreamItem]:
        loop = asyncio.get_running_loop()
        next_heartbeat = loop.time() + self._heartbeat
        while True:
            if subscription.overflowed:
                raise Unavailable(
                    "The stream fell too far behind and was ended; reconnect with the last resume_token.",
                    reason=ErrorReason.SLOW_CONSUMER,
                    retry_after=1.0,
                )
            if subscription.revoked:
                raise Unauthenticated(
                    "The session of this stream was revoked; sign in again.", reason=AuthReason.SESSION_REVOKED
                )
            if expires_at is not None and time.time() >= expires_at:
                raise Unauthenticated(
                    "The access token has expired; refresh it and resume.", reason=AuthReason.TOKEN_EXPIRED
                )
            wait = next_heartbeat - loop.time()
            if expires_at is not None:
                wait = min(wait, expires_at - time.time())
            try:
                async with asyncio.timeout(max(wait, 0.0)):
                    event = await subscription.queue.get()
            except TimeoutError:
                if loop.time() >= next_heartbeat:
                    next_heartbeat = loop.time() + self._heartbeat
                    yield StreamItem(StreamEvent(None, 0, "heartbeat", self._now()))
                continue
            if event.kind == "wake":
                continue
            if event.seq == 0:  # typing: only for watched conversations, never replayed
                if event.conversation_id in subscription.conversations:
                    yield StreamItem(event)
                continue
            assert event.conversation_id is not None
            cursor = cursors.get(event.conversation_id)
            if cursor is None:
                if not (subscription.all_conversations and me in _ids(event.data.get("added", ()))):
                    continue
                self.hub.watch(subscription, event.conversation_id, event.seq - 1)
                cursors[event.conversation_id] = cursor = event.seq - 1
            if event.seq <= cursor:
                continue  # delivered already (replayed, or fetched twice around a reconnection)
            pending = [event]
            if event.seq > cursor + 1:  # a gap: read it from the database
                pending = [*await self.load_events(event.conversation_id, cursor, event.seq - 1), event]
            for item in pending:
                result = self._advance(subscription, cursors, item, me)
                if result is not None:
                    yield result
            next_heartbeat = loop.time() + self._heartbeat

    def _advance(
        self, subscription: Subscription, cursors: dict[uuid.UUID, int], event: StreamEvent, me: uuid.UUID
    ) -> StreamItem | None:
        """Deliver `event` if it is the next one of its conversation; move the cursor."""
        assert event.conversation_id is not None
        conversation_id = event.conversation_id
        cursor = cursors.get(conversation_id)
        if cursor is None or event.seq <= cursor:
            return None
        cursors[conversation_id] = event.seq
        if me in _ids(event.data.get("removed", ())):
            # The last event of this conversation for the caller.
            del cursors[conversation_id]
            self.hub.unwatch(subscription, conversation_id)
        return StreamItem(event, self._tokens.encode(cursors))

    # ================================================================== loading

    async def _memberships(self, user_id: uuid.UUID) -> dict[uuid.UUID, tuple[int, int]]:
        async with self._uow() as uow:
            return await ChatRepository(uow.session).memberships(user_id)

    async def _last_seqs(self, conversation_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        async with self._uow() as uow:
            return await ChatRepository(uow.session).last_seqs(conversation_ids)

    async def load_events(self, conversation_id: uuid.UUID, after: int, upto: int | None) -> list[StreamEvent]:
        """The conversation's durable events in (after, upto], ready to stream: one statement (the events with
        their messages, reactions and attachments), and the conversation for a CONVERSATION_UPDATED."""
        async with self._uow() as uow:
            repo = ChatRepository(uow.session)
            rows = await repo.event_rows(conversation_id, after=after, upto=upto, limit=REPLAY_MAX + 1)
            events = [
                Event(
                    conversation_id=r.event_conversation_id,
                    seq=r.event_seq,
                    kind=r.event_kind,
                    message_id=r.event_message_id,
                    actor_id=r.event_actor_id,
                    data=_json(r.event_data),
                    created_at=r.event_created_at,
                )
                for r in rows
            ]
            messages = {r.id: self._row_view(r) for r in rows if r.id is not None}
            conversation_view = None
            if any(e.kind == EventKind.CONVERSATION_UPDATED for e in events):
                conversation = await repo.conversation(conversation_id)
                if conversation is not None:
                    conversation_view = (await self._conversation_views(repo, [conversation], viewer=None))[0]
        return [_stream_event(e, messages, conversation_view) for e in events]

    async def _message_views(
        self, repo: ChatRepository, message_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, MessageView]:
        """Views of messages by id: one statement (their reactions and attachments folded in)."""
        rows = await repo.message_rows(list(dict.fromkeys(message_ids)))
        return {view.id: view for view in map(self._row_view, rows)}

    def _row_view(self, row: Any) -> MessageView:
        """A message row of ChatRepository.message_rows/history_page/history_around as its view."""
        deleted = row.deleted_at is not None
        reactions: tuple[ReactionCount, ...] = ()
        if row.reactions and not deleted:
            counts = [
                ReactionCount(emoji, len(users), tuple(uuid.UUID(u) for u in users))
                for emoji, users in _json(row.reactions)
            ]
            counts.sort(key=lambda r: (-r.count, r.emoji))
            reactions = tuple(counts)
        files: tuple[AttachmentView, ...] = ()
        if row.files and not deleted:
            files = tuple(
                self._file_view(uuid.UUID(i), name, kind, size, key, thumbnail, width, height)
                for i, name, kind, size, key, thumbnail, width, height in _json(row.files)
            )
        return MessageView(
            id=row.id,
            conversation_id=row.conversation_id,
            seq=row.seq,
            sender_id=row.sender_id,
            sender_deleted=row.sender_deleted,
            kind=row.kind,
            text="" if deleted else row.text,
            reply_to_id=row.reply_to_id,
            idempotency_key=row.idempotency_key,
            created_at=row.created_at,
            edited_at=row.edited_at,
            deleted=deleted,
            updated_at=row.updated_at,
            reactions=reactions,
            attachments=files,
        )

    def _attachment_view(self, attachment: Attachment) -> AttachmentView:
        return self._file_view(
            attachment.id,
            attachment.file_name,
            attachment.content_type,
            attachment.size_bytes,
            attachment.storage_key,
            attachment.thumbnail_key,
            attachment.width,
            attachment.height,
        )

    def _file_view(
        self,
        attachment_id: uuid.UUID,
        file_name: str,
        content_type: str,
        size_bytes: int,
        storage_key: str,
        thumbnail_key: str | None,
        width: int | None,
        height: int | None,
    ) -> AttachmentView:
        return AttachmentView(
            id=attachment_id,
            file_name=file_name,
            content_type=content_type,
            size_bytes=int(size_bytes),
            url=self._storage.download_url(storage_key, expires_in=DOWNLOAD_URL_SECONDS),
            url_expire_time=self._now() + timedelta(seconds=DOWNLOAD_URL_SECONDS),
            thumbnail_url=(
                self._storage.download_url(thumbnail_key, expires_in=DOWNLOAD_URL_SECONDS) if thumbnail_key else ""
            ),
            width=width or 0,
            height=height or 0,
        )

    async def _conversation_views(
        self, repo: ChatRepository, conversations: Sequence[Conversation], *, viewer: uuid.UUID | None
    ) -> list[ConversationView]:
        ids = [c.id for c in conversations]
        participants = await repo.participants(ids)
        by_conversation: dict[uuid.UUID, list[Participant]] = {}
        for participant in participants:
            by_conversation.setdefault(participant.conversation_id, []).append(participant)
        last_ids = [c.last_message_id for c in conversations if c.last_message_id]
        last_messages = await self._message_views(repo, [i for i in last_ids if i])
        unread = await repo.unread_counts(viewer, ids) if viewer else {}
        return [
            ConversationView(
                id=c.id,
                type=c.type,
                title=c.title,
                session_id=c.session_id,
                created_at=c.created_at,
                updated_at=c.updated_at,
                last_seq=c.last_seq,
                participants=tuple(_participant_view(p, viewer=viewer) for p in by_conversation.get(c.id, ())),
                last_message=last_messages.get(c.last_message_id) if c.last_message_id else None,
                unread_count=unread.get(c.id, 0),
            )
            for c in conversations
        ]

    async def _with_cards(self, views: list[ConversationView], caller: Caller) -> list[ConversationView]:
        users = list({p.user_id for v in views for p in v.participants})
        cards = await self._cards.cards(users, caller) if users else {}
        if not cards:
            return views
        return [
            ConversationView(
                **{
                    **{f: getattr(v, f) for f in v.__dataclass_fields__},
                    "participants": tuple(
                        ParticipantView(
                            **{**{f: getattr(p, f) for f in p.__dataclass_fields__}, "card": cards.get(p.user_id)}
                        )
                        for p in v.participants
                    ),
                }
            )
            for v in views
        ]


# ------------------------------------------------------------------------------------------ helpers


def _violation(field: str, description: str) -> FieldViolation:
    return FieldViolation(field, description)


def _json(value: Any) -> Any:
    """A JSON column as asyncpg hands it over (decoded by the dialect's codec, or still text)."""
    return json.loads(value) if isinstance(value, str) else value


def _ids(values: Any) -> list[uuid.UUID]:
    return [uuid.UUID(v) for v in values]


def _participant_view(participant: Participant, *, viewer: uuid.UUID | None) -> ParticipantView:
    return ParticipantView(
        user_id=participant.user_id,
        role=participant.role,
        joined_at=participant.joined_at,
        read_message_id=participant.read_message_id,
        read_at=participant.read_at,
        muted=participant.muted if participant.user_id == viewer else False,
    )


def _report_view(report: Report) -> ReportView:
    return ReportView(
        id=report.id,
        message_id=report.message_id,
        conversation_id=report.conversation_id,
        reporter_id=report.reporter_id,
        reason=report.reason,
        details=report.details,
        status=report.status,
        created_at=report.created_at,
        updated_at=report.updated_at,
    )


def _stream_event(
    event: Event, messages: dict[uuid.UUID, MessageView], conversation: ConversationView | None
) -> StreamEvent:
    data = dict(event.data or {})
    if event.kind == EventKind.READ_RECEIPT and event.message_id:
        data["message_id"] = str(event.message_id)
    if event.kind == EventKind.MESSAGE_DELETED and event.message_id:
        data["message_id"] = str(event.message_id)
    return StreamEvent(
        conversation_id=event.conversation_id,
        seq=event.seq,
        kind=event.kind,
        created_at=event.created_at,
        actor_id=event.actor_id,
        message=messages.get(event.message_id) if event.message_id else None,
        data=data,
        conversation=conversation if event.kind == EventKind.CONVERSATION_UPDATED else None,
    )


def _hit(message: MessageView, query: str) -> SearchHit:
    """The message with a snippet around the first match and the matched words highlighted."""
    text = message.text
    lowered = text.lower()
    words = [w for w in "".join(c if c.isalnum() else " " for c in query.lower()).split() if w]
    first = min((i for i in (lowered.find(w) for w in words) if i >= 0), default=0)
    start = max(0, min(first - SNIPPET_MAX // 4, len(text) - SNIPPET_MAX))
    snippet = text[start : start + SNIPPET_MAX]
    lowered_snippet = snippet.lower()
    ranges: list[tuple[int, int]] = []
    for word in words:
        position = lowered_snippet.find(word)
        while position >= 0:
            ranges.append((position, position + len(word)))
            position = lowered_snippet.find(word, position + len(word))
    return SearchHit(message, snippet, tuple(sorted(set(ranges))))
