"""Emails are always sent by a job, enqueued in the transaction of the change that causes them.

    await enqueue(uow.session, EMAIL_SEND_JOB,
                  {"template": "verify_email", "to": user.email, "context": {"token": raw_token}})
    # or: await enqueue_email(uow.session, "verify_email", to=user.email, token=raw_token)

The payload sits in the jobs table in plain text until the job is purged. It must hold nothing secret
except the one-time token of the email's own link (needed to build it; the database keeps only its hash
elsewhere, and the token is single-use and short-lived). Never put passwords, refresh tokens or API keys in
it. The job builds the link as `<public_base_url><template action path>?token=<token>`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncSession

from pkg.email.message import Attachment
from pkg.email.providers import EmailProvider, EmailRejected
from pkg.email.templates import TEMPLATES, TemplateError, render
from pkg.jobs import JobRegistry, PermanentJobError, enqueue

EMAIL_SEND_JOB = "email.send"


def action_link(public_base_url: str, template: str, token: str | None = None) -> str | None:
    """The call-to-action URL of `template`, carrying `token` when the template needs one."""
    spec = TEMPLATES[template]
    if spec.action_path is None:
        return None
    link = public_base_url.rstrip("/") + spec.action_path
    if spec.needs_token:
        if not token:
            raise TemplateError(f"email template {template!r} needs a token for its link")
        link += "?" + urlencode({"token": token})
    return link


def register_email_jobs(
    registry: JobRegistry,
    provider: EmailProvider,
    *,
    public_base_url: str | Callable[[], str],
    timeout: float = 120.0,
) -> None:
    """Register the `email.send` job: render the payload's template and send it through `provider`.

    `public_base_url` may be a function, read at each send: the server's default base URL is its HTTP port,
    known only once bound.
    """
    base_url = public_base_url if callable(public_base_url) else lambda: public_base_url

    async def send_email(payload: dict[str, Any]) -> None:
        try:
            template = str(payload["template"])
            to = str(payload["to"])
            context = dict(payload.get("context") or {})
            token = context.pop("token", None)
            link = action_link(base_url(), template, token) if template in TEMPLATES else None
            message = render(template, to=to, **({"link": link} if link else {}), **context)
            attachments = tuple(
                Attachment(str(a["filename"]), str(a["content_type"]), str(a["text"]))
                for a in payload.get("attachments") or ()
            )
            if attachments:
                message = replace(message, attachments=attachments)
        except (KeyError, TypeError, ValueError) as exc:  # TemplateError is a ValueError
            raise PermanentJobError(f"unusable email job payload: {exc}") from exc
        try:
            await provider.send(message)
        except EmailRejected as exc:
            raise PermanentJobError(str(exc)) from exc

    registry.register(EMAIL_SEND_JOB, send_email, timeout=timeout)


async def enqueue_email(
    session: AsyncSession,
    template: str,
    *,
    to: str,
    attachments: tuple[Attachment, ...] = (),
    **context: str,
) -> None:
    """Enqueue an `email.send` job in the caller's unit of work, checking the template name now.

    `attachments` (text only, e.g. a calendar invite) travel in the payload.
    """
    if template not in TEMPLATES:
        raise TemplateError(f"unknown email template {template!r}")
    payload: dict[str, object] = {"template": template, "to": to, "context": context}
    if attachments:
        payload["attachments"] = [
            {"filename": a.filename, "content_type": a.content_type, "text": a.text} for a in attachments
        ]
    await enqueue(session, EMAIL_SEND_JOB, payload)
