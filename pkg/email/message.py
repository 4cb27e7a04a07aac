"""The message every provider sends: one recipient, a subject, and the same content as text and HTML."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attachment:
    """A text attachment, such as an RFC 5545 calendar invite (`text/calendar; method=REQUEST`)."""

    filename: str
    content_type: str
    text: str


@dataclass(frozen=True)
class EmailMessage:
    """A rendered email; `link` is its call to action (the dev provider logs it), not a header."""

    to: str
    subject: str
    text: str
    html: str
    link: str | None = None
    attachments: tuple[Attachment, ...] = ()
