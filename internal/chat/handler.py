"""gRPC servicer of skillsphere.chat.v1.ChatService: proto ⇄ domain, one service call per RPC."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

from skillsphere.chat.v1 import chat_pb2, chat_pb2_grpc
from skillsphere.user.v1 import user_pb2

from internal.chat.models import ConversationView, MessageView, ParticipantView, ReportView, StreamEvent
from internal.chat.service import TYPING_EXPIRES, ChatService, ConversationType, StreamItem
from pkg.errors import InvalidArgument
from pkg.grpcx.context import caller_var, current_caller
from pkg.grpcx.convert import parse_optional_uuid, parse_uuid, timestamp

_TYPE = {
    ConversationType.DIRECT: chat_pb2.CONVERSATION_TYPE_DIRECT,
    ConversationType.GROUP: chat_pb2.CONVERSATION_TYPE_GROUP,
}
_TYPE_IN = {number: kind for kind, number in _TYPE.items()}
_ROLE = {"member": chat_pb2.PARTICIPANT_ROLE_MEMBER, "owner": chat_pb2.PARTICIPANT_ROLE_OWNER}
_KIND = {"user": chat_pb2.MESSAGE_KIND_USER, "system": chat_pb2.MESSAGE_KIND_SYSTEM}


def message_to_proto(message: MessageView, viewer: uuid.UUID | None) -> chat_pb2.Message:
    """A message as `viewer` sees it (the idempotency key only for its sender).

    Built in one constructor call; the repeated fields only when there is something in them (most messages
    have neither reactions nor attachments, and a history page builds 50 of these)."""
    proto = chat_pb2.Message(
        id=str(message.id),
        conversation_id=str(message.conversation_id),
        sender_user_id=str(message.sender_id) if message.sender_id else "",
        kind=_KIND.get(message.kind, chat_pb2.MESSAGE_KIND_USER),
        text=message.text,
        reply_to_message_id=str(message.reply_to_id) if message.reply_to_id else "",
        deleted=message.deleted,
        idempotency_key=(message.idempotency_key or "") if viewer is not None and viewer == message.sender_id else "",
        create_time=timestamp(message.created_at),
        update_time=timestamp(message.updated_at),
        edit_time=timestamp(message.edited_at) if message.edited_at is not None else None,
        sequence=message.seq,
        sender_deleted=message.sender_deleted,
    )
    if message.reactions:
        proto.reactions.extend(
            chat_pb2.ReactionSummary(
                emoji=r.emoji,
                count=r.count,
                reacted_by_me=viewer in r.user_ids,
                sample_user_ids=[str(u) for u in r.user_ids[:5]],
            )
            for r in message.reactions
        )
    if message.attachments:
        proto.attachments.extend(
            chat_pb2.Attachment(
                id=str(a.id),
                file_name=a.file_name,
                content_type=a.content_type,
                size_bytes=a.size_bytes,
                url=a.url,
                url_expire_time=timestamp(a.url_expire_time) if a.url_expire_time else None,
                thumbnail_url=a.thumbnail_url,
                width=a.width,
                height=a.height,
            )
            for a in message.attachments
        )
    return proto


def participant_to_proto(participant: ParticipantView) -> chat_pb2.Participant:
    """A participant and their read marker."""
    proto = chat_pb2.Participant(
        user_id=str(participant.user_id),
        role=_ROLE.get(participant.role, chat_pb2.PARTICIPANT_ROLE_MEMBER),
        join_time=timestamp(participant.joined_at),
        last_read_message_id=str(participant.read_message_id or ""),
        muted=participant.muted,
        user=user_pb2.UserSummary(user_id=str(participant.user_id)),
    )
    if participant.read_at is not None:
        proto.last_read_time.CopyFrom(timestamp(participant.read_at))
    if participant.card is not None:
        proto.user.display_name = participant.card.display_name
        proto.user.headline = participant.card.headline
        proto.user.avatar_uri = participant.card.avatar_uri
    return proto


def conversation_to_proto(conversation: ConversationView, viewer: uuid.UUID | None) -> chat_pb2.Conversation:
    """A conversation as `viewer` sees it."""
    proto = chat_pb2.Conversation(
        id=str(conversation.id),
        type=_TYPE[ConversationType(conversation.type)],
        title=conversation.title,
        participants=[participant_to_proto(p) for p in conversation.participants],
        unread_count=conversation.unread_count,
        session_id=str(conversation.session_id or ""),
        create_time=timestamp(conversation.created_at),
        update_time=timestamp(conversation.updated_at),
    )
    if conversation.last_message is not None:
        proto.last_message.CopyFrom(message_to_proto(conversation.last_message, viewer))
    return proto


def report_to_proto(report: ReportView) -> chat_pb2.MessageReport:
    """A message report."""
    return chat_pb2.MessageReport(
        id=str(report.id),
        message_id=str(report.message_id),
        conversation_id=str(report.conversation_id),
        reporter_user_id=str(report.reporter_id),
        reason=report.reason,  # type: ignore[arg-type]
        details=report.details,
        status=report.status,  # type: ignore[arg-type]
        create_time=timestamp(report.created_at),
        update_time=timestamp(report.updated_at),
    )


def event_to_proto(item: StreamItem, viewer: uuid.UUID) -> chat_pb2.StreamMessagesResponse:
    """One stream event as `viewer` sees it."""
    event: StreamEvent = item.event
    proto = chat_pb2.StreamMessagesResponse(
        event_time=timestamp(event.created_at),
        conversation_id=str(event.conversation_id or ""),
        sequence=event.seq,
        resume_token=item.resume_token,
    )
    if event.seq:
        proto.event_id = f"{event.conversation_id}/{event.seq}"
    data = event.data
    if event.kind == "live":
        proto.live.CopyFrom(
            chat_pb2.LiveEvent(
                cursors=[
                    chat_pb2.ConversationCursor(conversation_id=str(c), sequence=s) for c, s in data["cursors"].items()
                ],
                replayed_events=data["replayed"],
            )
        )
    elif event.kind == "heartbeat":
        proto.heartbeat.SetInParent()
    elif event.kind == "typing":
        proto.typing.CopyFrom(
            chat_pb2.TypingEvent(
                user_id=str(event.actor_id),
                typing=data["typing"],
                expire_time=timestamp(event.created_at + TYPING_EXPIRES),
            )
        )
    elif event.kind == "message_created" and event.message is not None:
        proto.message_created.message.CopyFrom(message_to_proto(event.message, viewer))
    elif event.kind == "message_updated" and event.message is not None:
        proto.message_updated.message.CopyFrom(message_to_proto(event.message, viewer))
    elif event.kind == "message_deleted":
        proto.message_deleted.CopyFrom(
            chat_pb2.MessageDeletedEvent(
                message_id=data.get("message_id", ""), deleted_by_user_id=str(event.actor_id or "")
            )
        )
    elif event.kind == "reaction_changed" and event.message is not None:
        message = message_to_proto(event.message, viewer)
        proto.reaction_changed.CopyFrom(
            chat_pb2.ReactionChangedEvent(
                message_id=str(event.message.id),
                user_id=str(event.actor_id or ""),
                emoji=data.get("emoji", ""),
                removed=bool(data.get("reaction_removed")),
                reactions=message.reactions,
            )
        )
    elif event.kind == "read_receipt":
        receipt = chat_pb2.ReadReceiptEvent(
            user_id=str(event.actor_id or ""), last_read_message_id=data.get("message_id", "")
        )
        receipt.read_time.CopyFrom(timestamp(event.created_at))
        proto.read_receipt.CopyFrom(receipt)
    elif event.kind == "conversation_updated":
        change = chat_pb2.ConversationUpdatedEvent(
            actor_user_id=str(event.actor_id or ""),
            added_user_ids=list(data.get("added", ())),
            removed_user_ids=list(data.get("removed", ())),
        )
        if event.conversation is not None:
            change.conversation.CopyFrom(conversation_to_proto(event.conversation, viewer))
        proto.conversation_updated.CopyFrom(change)
    else:  # a message event whose message vanished (never expected): keep the sequence unbroken
        proto.heartbeat.SetInParent()
    return proto


def _uuids(values: Any, field: str) -> list[uuid.UUID]:
    return [parse_uuid(v, f"{field}[{i}]") for i, v in enumerate(values)]


class ChatHandler(chat_pb2_grpc.ChatServiceServicer):
    """Converts between the contract and ChatService."""

    def __init__(self, service: ChatService) -> None:
        self._service = service

    async def CreateConversation(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        kind = _TYPE_IN.get(request.type, ConversationType.DIRECT)
        conversation, created = await self._service.create_conversation(
            caller=caller,
            idempotency_key=request.idempotency_key,
            type=kind,
            participant_ids=_uuids(request.participant_user_ids, "participant_user_ids"),
            title=request.title,
            session_id=parse_optional_uuid(request.session_id, "session_id"),
        )
        return chat_pb2.CreateConversationResponse(
            conversation=conversation_to_proto(conversation, caller.account_id), created=created
        )

    async def GetConversation(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        conversation = await self._service.get_conversation(
            caller=caller, conversation_id=parse_uuid(request.conversation_id, "conversation_id")
        )
        return chat_pb2.GetConversationResponse(conversation=conversation_to_proto(conversation, caller.account_id))

    async def ListConversations(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        page, unread = await self._service.list_conversations(
            caller=caller,
            page_size=request.page_size,
            page_token=request.page_token,
            type=_TYPE_IN.get(request.type),
            unread_only=request.unread_only,
        )
        return chat_pb2.ListConversationsResponse(
            conversations=[conversation_to_proto(c, caller.account_id) for c in page.items],
            next_page_token=page.next_page_token,
            total_unread_conversations=unread,
        )

    async def UpdateConversation(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        conversation = await self._service.update_conversation(
            caller=caller,
            conversation_id=parse_uuid(request.conversation.id, "conversation.id"),
            title=request.conversation.title,
            paths=list(request.update_mask.paths),
        )
        return chat_pb2.UpdateConversationResponse(conversation=conversation_to_proto(conversation, caller.account_id))

    async def AddParticipants(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        conversation = await self._service.add_participants(
            caller=caller,
            conversation_id=parse_uuid(request.conversation_id, "conversation_id"),
            user_ids=_uuids(request.user_ids, "user_ids"),
        )
        return chat_pb2.AddParticipantsResponse(conversation=conversation_to_proto(conversation, caller.account_id))

    async def RemoveParticipant(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        conversation = await self._service.remove_participant(
            caller=caller,
            conversation_id=parse_uuid(request.conversation_id, "conversation_id"),
            user_id=parse_uuid(request.user_id, "user_id"),
        )
        return chat_pb2.RemoveParticipantResponse(conversation=conversation_to_proto(conversation, caller.account_id))

    async def LeaveConversation(self, request: Any, context: Any) -> Any:  # noqa: N802
        await self._service.leave_conversation(
            caller=current_caller(), conversation_id=parse_uuid(request.conversation_id, "conversation_id")
        )
        return chat_pb2.LeaveConversationResponse()

    async def MuteConversation(self, request: Any, context: Any) -> Any:  # noqa: N802
        participant = await self._service.mute_conversation(
            caller=current_caller(),
            conversation_id=parse_uuid(request.conversation_id, "conversation_id"),
            muted=request.muted,
        )
        return chat_pb2.MuteConversationResponse(participant=participant_to_proto(participant))

    async def CreateAttachmentUpload(self, request: Any, context: Any) -> Any:  # noqa: N802
        ticket = await self._service.create_attachment_upload(
            caller=current_caller(),
            conversation_id=parse_uuid(request.conversation_id, "conversation_id"),
            file_name=request.file_name,
            content_type=request.content_type,
            size_bytes=request.size_bytes,
        )
        response = chat_pb2.CreateAttachmentUploadResponse(
            attachment_id=str(ticket.attachment_id),
            upload_url=ticket.url,
            upload_method=ticket.method,
            upload_headers=ticket.headers,
        )
        if ticket.expire_time is not None:
            response.upload_expire_time.CopyFrom(timestamp(ticket.expire_time))
        return response

    async def SendMessage(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        message = await self._service.send_message(
            caller=caller,
            conversation_id=parse_uuid(request.conversation_id, "conversation_id"),
            idempotency_key=request.idempotency_key,
            text=request.text,
            attachment_ids=_uuids(request.attachment_ids, "attachment_ids"),
            reply_to_id=parse_optional_uuid(request.reply_to_message_id, "reply_to_message_id"),
        )
        return chat_pb2.SendMessageResponse(message=message_to_proto(message, caller.account_id))

    async def ListMessages(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        page = await self._service.list_messages(
            caller=caller,
            conversation_id=parse_uuid(request.conversation_id, "conversation_id"),
            page_size=request.page_size,
            page_token=request.page_token,
            before=parse_optional_uuid(request.before_message_id, "before_message_id"),
            after=parse_optional_uuid(request.after_message_id, "after_message_id"),
            around=parse_optional_uuid(request.around_message_id, "around_message_id"),
        )
        return chat_pb2.ListMessagesResponse(
            messages=[message_to_proto(m, caller.account_id) for m in page.items], next_page_token=page.next_page_token
        )

    async def StreamMessages(self, request: Any, context: Any) -> AsyncIterator[Any]:  # noqa: N802
        caller = current_caller()
        claims = caller_var.get()
        viewer = caller.require_signed_in()
        async for item in self._service.stream(
            caller=caller,
            conversation_ids=_uuids(request.conversation_ids, "conversation_ids"),
            resume_token=request.resume_token,
            expires_at=float(claims.expires_at) if claims is not None else None,
        ):
            yield event_to_proto(item, viewer)

    async def MarkAsRead(self, request: Any, context: Any) -> Any:  # noqa: N802
        message_id, read_at, unread = await self._service.mark_as_read(
            caller=current_caller(),
            conversation_id=parse_uuid(request.conversation_id, "conversation_id"),
            message_id=parse_optional_uuid(request.message_id, "message_id"),
            private=request.private,
        )
        response = chat_pb2.MarkAsReadResponse(last_read_message_id=str(message_id or ""), unread_count=unread)
        if read_at is not None:
            response.last_read_time.CopyFrom(timestamp(read_at))
        return response

    async def UpdateMessage(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        message = await self._service.update_message(
            caller=caller,
            message_id=parse_uuid(request.message.id, "message.id"),
            text=request.message.text,
            paths=list(request.update_mask.paths),
        )
        return chat_pb2.UpdateMessageResponse(message=message_to_proto(message, caller.account_id))

    async def DeleteMessage(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        message = await self._service.delete_message(
            caller=caller, message_id=parse_uuid(request.message_id, "message_id")
        )
        return chat_pb2.DeleteMessageResponse(message=message_to_proto(message, caller.account_id))

    async def ReactToMessage(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        message = await self._service.react(
            caller=caller,
            message_id=parse_uuid(request.message_id, "message_id"),
            emoji=request.emoji,
            remove=request.remove,
        )
        return chat_pb2.ReactToMessageResponse(message=message_to_proto(message, caller.account_id))

    async def ReportMessage(self, request: Any, context: Any) -> Any:  # noqa: N802
        if request.reason == chat_pb2.MESSAGE_REPORT_REASON_UNSPECIFIED:
            raise InvalidArgument(field="reason", description="is required")
        report = await self._service.report(
            caller=current_caller(),
            message_id=parse_uuid(request.message_id, "message_id"),
            reason=request.reason,
            details=request.details,
        )
        return chat_pb2.ReportMessageResponse(report=report_to_proto(report))

    async def ListMessageReports(self, request: Any, context: Any) -> Any:  # noqa: N802
        page = await self._service.list_reports(
            caller=current_caller(),
            page_size=request.page_size,
            page_token=request.page_token,
            status=request.status or None,
        )
        return chat_pb2.ListMessageReportsResponse(
            reports=[report_to_proto(r) for r in page.items], next_page_token=page.next_page_token
        )

    async def SendTypingIndicator(self, request: Any, context: Any) -> Any:  # noqa: N802
        await self._service.send_typing(
            caller=current_caller(),
            conversation_id=parse_uuid(request.conversation_id, "conversation_id"),
            typing=request.typing,
        )
        return chat_pb2.SendTypingIndicatorResponse()

    async def SearchMessages(self, request: Any, context: Any) -> Any:  # noqa: N802
        caller = current_caller()
        page = await self._service.search(
            caller=caller,
            query=request.query,
            conversation_id=parse_optional_uuid(request.conversation_id, "conversation_id"),
            sender_id=parse_optional_uuid(request.sender_user_id, "sender_user_id"),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return chat_pb2.SearchMessagesResponse(
            results=[
                chat_pb2.MessageSearchResult(
                    message=message_to_proto(hit.message, caller.account_id),
                    snippet=hit.snippet,
                    highlights=[chat_pb2.HighlightRange(start=s, end=e) for s, e in hit.highlights],
                )
                for hit in hit_page
            ]
            if (hit_page := page.items)
            else [],
            next_page_token=page.next_page_token,
        )
