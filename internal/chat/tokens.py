"""Stream resume tokens: where a stream stands in each conversation, signed so clients cannot forge them.

Layout (then base64url without padding): version (1 byte) · minted at (4 bytes, Unix seconds) · for each
conversation: its id (16 bytes) and the last delivered sequence (unsigned LEB128 varint) · HMAC-SHA256 of
all that, first 12 bytes. About 26 characters per conversation.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
import time
import uuid
from collections.abc import Callable, Mapping

from skillsphere.chat.v1.error_reason import ErrorReason

from pkg.errors import FailedPrecondition, InvalidArgument

VERSION = 1
MAX_AGE_SECONDS = 24 * 3600
_MAC = 12


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _invalid() -> InvalidArgument:
    return InvalidArgument(
        field="resume_token",
        description="is not a resume token this service issued",
        reason=ErrorReason.RESUME_TOKEN_INVALID,
    )


class ResumeTokens:
    """Encodes and checks resume tokens with a server secret."""

    def __init__(self, secret: bytes, clock: Callable[[], float] = time.time) -> None:
        self._secret = hashlib.sha256(b"chat resume tokens\0" + secret).digest()
        self._clock = clock

    def encode(self, cursors: Mapping[uuid.UUID, int]) -> str:
        """A token for these cursors, minted now."""
        body = bytearray(struct.pack(">BI", VERSION, int(self._clock())))
        for conversation_id, seq in cursors.items():
            body += conversation_id.bytes
            body += _varint(seq)
        mac = hmac.new(self._secret, bytes(body), hashlib.sha256).digest()[:_MAC]
        return base64.urlsafe_b64encode(bytes(body) + mac).rstrip(b"=").decode()

    def decode(self, token: str) -> dict[uuid.UUID, int]:
        """The cursors in `token`; INVALID_ARGUMENT if forged or malformed, FAILED_PRECONDITION if too old."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError) as exc:
            raise _invalid() from exc
        if len(raw) < 5 + _MAC:
            raise _invalid()
        body, mac = raw[:-_MAC], raw[-_MAC:]
        if not hmac.compare_digest(mac, hmac.new(self._secret, body, hashlib.sha256).digest()[:_MAC]):
            raise _invalid()
        version, minted = struct.unpack(">BI", body[:5])
        if version != VERSION:
            raise _invalid()
        if self._clock() - minted > MAX_AGE_SECONDS:
            raise FailedPrecondition(
                "The resume token is older than 24 hours; reload with ListMessages and stream without it.",
                reason=ErrorReason.RESUME_TOKEN_EXPIRED,
            )
        cursors: dict[uuid.UUID, int] = {}
        position = 5
        while position < len(body):
            if position + 17 > len(body):
                raise _invalid()
            conversation_id = uuid.UUID(bytes=body[position : position + 16])
            position += 16
            value, shift = 0, 0
            while True:
                if position >= len(body) or shift > 63:
                    raise _invalid()
                byte = body[position]
                position += 1
                value |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80:
                    break
            cursors[conversation_id] = value
        return cursors
