"""The message every provider sends: one recipient, a subject, and the same content as text and HTML."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EmailMessage:
    """A rendered email; `link` is its call to action (the dev provider logs it), not a header."""

    to: str
    subject: str
    text: str
    html: str
    link: str | None = None
