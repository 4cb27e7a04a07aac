"""Chat's pure rules: what counts as one emoji, content sniffing, and resume tokens."""

from __future__ import annotations

import uuid

import pytest

from internal.chat.service import is_single_emoji, sniff
from internal.chat.tokens import ResumeTokens
from pkg.errors import FailedPrecondition, InvalidArgument


@pytest.mark.parametrize("emoji", ["👍", "🎉", "❤️", "👍🏽", "🇩🇪", "👩‍💻", "👨‍👩‍👧", "#️⃣", "✅"])
def test_single_emoji_accepts_pictographs_with_modifiers_flags_and_joiners(emoji: str) -> None:
    assert is_single_emoji(emoji)


@pytest.mark.parametrize("text", ["", "a", "ab", ":)", "👍 ", "👍👍", "1", "👍a"])
def test_single_emoji_refuses_text_and_several_emoji(text: str) -> None:
    assert not is_single_emoji(text)


def test_sniff_reads_the_bytes_not_the_name() -> None:
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff(b"%PDF-1.7") == "application/pdf"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(b"\x00\x00\x00\x18ftypmp42") == "video/mp4"
    assert sniff("plain notes, ünïcödé\n".encode()) == "text/plain"
    assert sniff(b"MZ\x90\x00\x03\x00\x00\x00") is None  # a Windows executable is nothing allowed


def test_resume_tokens_round_trip_and_refuse_forgery_and_age() -> None:
    now = [1_000_000.0]
    tokens = ResumeTokens(b"secret", clock=lambda: now[0])
    cursors = {uuid.uuid4(): 0, uuid.uuid4(): 5, uuid.uuid4(): 2**40}
    token = tokens.encode(cursors)
    assert tokens.decode(token) == cursors
    with pytest.raises(InvalidArgument):
        ResumeTokens(b"other").decode(token)
    with pytest.raises(InvalidArgument):
        tokens.decode(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    with pytest.raises(InvalidArgument):
        tokens.decode("not a token")
    now[0] += 24 * 3600 + 1
    with pytest.raises(FailedPrecondition):
        tokens.decode(token)
