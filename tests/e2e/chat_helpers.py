"""Helpers shared by the ChatService e2e tests: members with profiles, conversations, stream readers."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from typing import Any

import grpc
from skillsphere.chat.v1 import chat_pb2, chat_pb2_grpc
from skillsphere.chat.v1.error_reason import ErrorReason as ChatReason
from skillsphere.user.v1 import user_pb2_grpc

from tests.e2e.user_helpers import Caller, caller, create_profile
from tests.support import rpc
from tests.support.waiting import eventually

__all__ = ["Caller", "StreamReader", "fails", "member", "new_key", "texts"]


async def fails(call: Any, code: grpc.StatusCode, reason: str | None = None) -> grpc.aio.AioRpcError:
    """Await `call`, expecting `code` and (for a chat reason) ErrorInfo reason and domain skillsphere.chat."""
    domain = "skillsphere.chat" if reason in ChatReason.__members__ else None
    return await rpc.fails(call, code, reason, domain)


def new_key() -> str:
    """A fresh idempotency key."""
    return str(uuid.uuid4())


async def member(token_for: Callable[..., str], users: user_pb2_grpc.UserServiceStub, name: str, *roles: str) -> Caller:
    """A new account with a live profile."""
    who = caller(token_for, *roles)
    await create_profile(users, who, display_name=name)
    return who


def texts(events: list[Any]) -> list[str]:
    """Texts of the message_created events, in order."""
    return [e.message_created.message.text for e in events if e.WhichOneof("event") == "message_created"]


class StreamReader:
    """Reads a StreamMessages call in the background, keeping every response and the final error."""

    def __init__(self, stub: chat_pb2_grpc.ChatServiceStub, who: Caller, **request: Any) -> None:
        self.call = stub.StreamMessages(chat_pb2.StreamMessagesRequest(**request), metadata=who.metadata)
        self.events: list[Any] = []
        self.error: grpc.aio.AioRpcError | None = None
        self.done = asyncio.Event()
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for response in self.call:
                self.events.append(response)
        except grpc.aio.AioRpcError as exc:
            self.error = exc
        finally:
            self.done.set()

    async def live(self) -> Any:
        """The live event (waits for it)."""
        return await eventually(lambda: next((e for e in self.events if e.WhichOneof("event") == "live"), None))

    async def until_texts(self, count: int) -> list[str]:
        """The first `count` message texts (waits for them)."""
        await eventually(lambda: len(texts(self.events)) >= count or self.done.is_set())
        assert len(texts(self.events)) >= count, (self.error, texts(self.events))
        return texts(self.events)

    def durable(self) -> list[Any]:
        """Events with a sequence."""
        return [e for e in self.events if e.sequence]

    def last_token(self) -> str:
        """The resume token of the last event that carries one."""
        return next(e.resume_token for e in reversed(self.events) if e.resume_token)

    async def ended(self) -> grpc.aio.AioRpcError:
        """The error the stream ended with (waits for it)."""
        await eventually(lambda: self.done.is_set())
        assert self.error is not None
        return self.error

    async def close(self) -> None:
        """Cancel the call and wait for the reader."""
        self.call.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
