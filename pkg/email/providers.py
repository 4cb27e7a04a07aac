"""Email providers behind one small protocol: development (record and log) and SMTP (aiosmtplib)."""

from __future__ import annotations

import email.message
import email.utils
import ssl
from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol

import aiosmtplib

from pkg.email.message import EmailMessage
from pkg.log import get_logger

log = get_logger("email")


class EmailRejected(Exception):
    """The mail server refused the message for good (5xx on recipient or content): retrying cannot help."""


class EmailProvider(Protocol):
    """Delivers one message or raises; called only from the email job, never inline in a request."""

    async def send(self, message: EmailMessage) -> None:
        """Deliver `message`."""
        ...


class DevEmailProvider:
    """Keeps the last messages in memory and logs `email_sent` with the action link (how `make run` shows
    verification and reset links). `log_links=False` leaves the link out of the log (production)."""

    def __init__(self, *, keep: int = 1000, log_links: bool = True) -> None:
        self._sent: deque[EmailMessage] = deque(maxlen=keep)
        self._log_links = log_links

    @property
    def sent(self) -> Sequence[EmailMessage]:
        """Messages sent so far, oldest first (at most `keep`)."""
        return tuple(self._sent)

    def sent_to(self, address: str) -> list[EmailMessage]:
        """Messages sent to `address` (case-insensitive), oldest first."""
        return [message for message in self._sent if message.to.lower() == address.lower()]

    async def send(self, message: EmailMessage) -> None:
        """Record and log the message."""
        self._sent.append(message)
        log.info(
            "email_sent",
            provider="dev",
            to=message.to,
            subject=message.subject,
            link=message.link if self._log_links else None,
        )


def to_mime(message: EmailMessage, *, sender: str) -> email.message.EmailMessage:
    """A multipart/alternative MIME message (text first, HTML preferred) with the usual headers."""
    mime = email.message.EmailMessage()
    mime["From"] = sender
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = email.utils.format_datetime(datetime.now(UTC))
    _, address = email.utils.parseaddr(sender)
    mime["Message-ID"] = email.utils.make_msgid(domain=address.rpartition("@")[2] or None)
    mime["Auto-Submitted"] = "auto-generated"  # RFC 3834: keeps out-of-office replies away
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    for attachment in message.attachments:
        maintype, _, rest = attachment.content_type.partition("/")
        subtype, *params = [part.strip() for part in rest.split(";")]
        mime.add_attachment(
            attachment.text.encode(),
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
            params=dict(p.split("=", 1) for p in params if "=" in p),
        )
    return mime


class SmtpEmailProvider:
    """Delivers through an SMTP server: STARTTLS on 587 (default), implicit TLS on 465, or plain.

    `tls_context` overrides the system trust store (tests use a self-signed server certificate).
    """

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        use_tls: bool = False,
        timeout: float = 30.0,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self._host = host
        self._port = port
        self._sender = sender
        self._username = username
        self._password = password
        self._use_tls = use_tls
        # Implicit TLS already encrypts; otherwise STARTTLS is required (True) or not attempted (False).
        self._starttls = False if use_tls else starttls
        self._timeout = timeout
        self._tls_context = tls_context

    async def send(self, message: EmailMessage) -> None:
        """Deliver `message`; raises EmailRejected on a permanent refusal, other errors are transient."""
        mime = to_mime(message, sender=self._sender)
        try:
            await aiosmtplib.send(
                mime,
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                use_tls=self._use_tls,
                start_tls=self._starttls,
                timeout=self._timeout,
                tls_context=self._tls_context,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            if all(500 <= refusal.code < 600 for refusal in exc.recipients):
                raise EmailRejected(f"recipient refused: {exc.recipients[0].message}") from exc
            raise
        except aiosmtplib.SMTPDataError as exc:
            if 500 <= exc.code < 600:
                raise EmailRejected(f"message refused: {exc.message}") from exc
            raise
        log.info("email_sent", provider="smtp", to=message.to, subject=message.subject, message_id=mime["Message-ID"])
