"""Transactional email: templates (text + HTML), providers (dev, SMTP), and the job that sends them."""

from pkg.email.jobs import EMAIL_SEND_JOB, action_link, enqueue_email, register_email_jobs
from pkg.email.message import Attachment, EmailMessage
from pkg.email.providers import DevEmailProvider, EmailProvider, EmailRejected, SmtpEmailProvider, to_mime
from pkg.email.templates import TEMPLATES, EmailTemplate, TemplateError, render

__all__ = [
    "EMAIL_SEND_JOB",
    "Attachment",
    "TEMPLATES",
    "DevEmailProvider",
    "EmailMessage",
    "EmailProvider",
    "EmailRejected",
    "EmailTemplate",
    "SmtpEmailProvider",
    "TemplateError",
    "action_link",
    "enqueue_email",
    "register_email_jobs",
    "render",
    "to_mime",
]
