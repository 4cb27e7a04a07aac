"""Email templates (text + HTML) rendered with `string.Template`; values are HTML-escaped in the HTML part.

Context values are plain strings. Every template takes an optional `name` (greeting) and `link` (the action
URL, built by the email job from `SKILLSPHERE_PUBLIC_BASE_URL`, see `pkg.email.jobs`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from string import Template
from typing import Any

from pkg.email.message import EmailMessage

PRODUCT = "SkillSphere"

_HTML_LAYOUT = Template(
    """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: -apple-system, Segoe UI, Roboto, sans-serif; line-height: 1.5; color: #1f2328;">
<div style="max-width: 560px; margin: 0 auto; padding: 24px;">
${body}
<p style="color: #6e7781; font-size: 12px;">${product} · This is an automated message; replies are not read.</p>
</div>
</body>
</html>
"""
)

_BUTTON = (
    '<p><a href="${link}" style="display: inline-block; padding: 10px 18px; background: #0969da; '
    'color: #ffffff; text-decoration: none; border-radius: 6px;">${action}</a></p>\n'
    '<p style="font-size: 13px;">Or paste this link into your browser:<br><a href="${link}">${link}</a></p>'
)


@dataclass(frozen=True)
class EmailTemplate:
    """A subject, a text body and an HTML body (placed in the common layout), with their defaults.

    `action_path` is the web app path the call-to-action link points to; `needs_token` says whether the
    link carries the one-time token from the job payload.
    """

    name: str
    subject: str
    text: str
    html: str
    action_path: str | None = None
    needs_token: bool = False
    defaults: dict[str, str] = field(default_factory=dict)


TEMPLATES: dict[str, EmailTemplate] = {
    template.name: template
    for template in (
        EmailTemplate(
            name="verify_email",
            subject=f"Confirm your email address for {PRODUCT}",
            text=(
                "${greeting}\n\n"
                f"Please confirm that this is your email address for your {PRODUCT} account by opening the "
                "link below:\n\n${link}\n\n"
                "The link works once and expires in ${expires}. If you did not create an account, you can "
                "ignore this email.\n"
            ),
            html=(
                "<p>${greeting}</p>\n"
                f"<p>Please confirm that this is your email address for your {PRODUCT} account.</p>\n"
                + _BUTTON.replace("${action}", "Confirm email address")
                + "\n<p>The link works once and expires in ${expires}. If you did not create an account, you "
                "can ignore this email.</p>"
            ),
            action_path="/verify-email",
            needs_token=True,
            defaults={"expires": "24 hours"},
        ),
        EmailTemplate(
            name="password_reset",
            subject=f"Reset your {PRODUCT} password",
            text=(
                "${greeting}\n\n"
                f"Someone asked to reset the password of your {PRODUCT} account. To choose a new password, "
                "open the link below:\n\n${link}\n\n"
                "The link works once and expires in ${expires}. If you did not ask for this, ignore this "
                "email: your password stays as it is.\n"
            ),
            html=(
                "<p>${greeting}</p>\n"
                f"<p>Someone asked to reset the password of your {PRODUCT} account.</p>\n"
                + _BUTTON.replace("${action}", "Choose a new password")
                + "\n<p>The link works once and expires in ${expires}. If you did not ask for this, ignore "
                "this email: your password stays as it is.</p>"
            ),
            action_path="/reset-password",
            needs_token=True,
            defaults={"expires": "15 minutes"},
        ),
        EmailTemplate(
            name="password_changed",
            subject=f"Your {PRODUCT} password was changed",
            text=(
                "${greeting}\n\n"
                f"The password of your {PRODUCT} account was changed${{when}}. Your other sessions were "
                "signed out.\n\n"
                "If this was not you, reset your password now:\n\n${link}\n"
            ),
            html=(
                "<p>${greeting}</p>\n"
                f"<p>The password of your {PRODUCT} account was changed${{when}}. Your other sessions were "
                "signed out.</p>\n<p><strong>If this was not you</strong>, reset your password now:</p>\n"
                + _BUTTON.replace("${action}", "Reset password")
            ),
            action_path="/forgot-password",
            defaults={"when": ""},
        ),
        # Sessions (internal/session): ${what} is one sentence about the change, ${time} the time in the
        # recipient's zone; confirmations, reschedules and cancellations carry a calendar invite (.ics).
        *(
            EmailTemplate(
                name=name,
                subject=subject + ": ${title}",
                text="${greeting}\n\n${what}\n\n${title}\n${time}\n${where}\n",
                html="<p>${greeting}</p>\n<p>${what}</p>\n<p><strong>${title}</strong><br>${time}<br>${where}</p>",
                defaults={"where": ""},
            )
            for name, subject in (
                ("session_requested", "New session request"),
                ("session_confirmed", "Session confirmed"),
                ("session_reschedule_proposed", "New time proposed"),
                ("session_rescheduled", "Session moved"),
                ("session_cancelled", "Session cancelled"),
                ("session_declined", "Session declined"),
                ("session_reminder", "Reminder"),
            )
        ),
        # Subscription billing (internal/payment/billing.py): dunning after a declined renewal, and the end of a
        # subscription whose last retry failed.
        EmailTemplate(
            name="subscription_payment_failed",
            subject=f"Your {PRODUCT} payment did not go through",
            text=(
                "${greeting}\n\n"
                "We could not charge ${amount} for ${plan} (invoice ${invoice}): ${reason}\n\n"
                "We will try again on ${next_attempt}. To pay now with another card, open Billing in the app "
                "and update your card. Your plan's benefits stay on meanwhile.\n"
            ),
            html=(
                "<p>${greeting}</p>\n<p>We could not charge <strong>${amount}</strong> for ${plan} (invoice "
                "${invoice}): ${reason}</p>\n<p>We will try again on ${next_attempt}. To pay now with another "
                "card, open Billing in the app and update your card. Your plan's benefits stay on meanwhile.</p>"
            ),
        ),
        EmailTemplate(
            name="subscription_canceled_unpaid",
            subject=f"Your {PRODUCT} subscription has ended",
            text=(
                "${greeting}\n\n"
                "We tried several times but could not charge ${amount} for ${plan} (invoice ${invoice}): "
                "${reason}\n\nYour subscription has ended and its benefits with it. You can subscribe again "
                "at any time.\n"
            ),
            html=(
                "<p>${greeting}</p>\n<p>We tried several times but could not charge <strong>${amount}</strong> "
                "for ${plan} (invoice ${invoice}): ${reason}</p>\n<p>Your subscription has ended and its "
                "benefits with it. You can subscribe again at any time.</p>"
            ),
        ),
    )
}


class TemplateError(ValueError):
    """Unknown template, or a value it needs is missing."""


def render(template: str, /, *, to: str, **context: Any) -> EmailMessage:
    """Render `template` for `to`; values are escaped in the HTML part, used as they are in the text part.

    Context: `link` (required by templates with a call to action), `name` (optional greeting), and the
    template's own values (`expires` for links, `when` for password_changed, with defaults).
    """
    spec = TEMPLATES.get(template)
    if spec is None:
        raise TemplateError(f"unknown email template {template!r}")
    values = {**spec.defaults, **{key: str(value) for key, value in context.items() if value is not None}}
    name = values.pop("name", "").strip()
    values["greeting"] = f"Hi {name}," if name else "Hi,"
    if "when" in values and values["when"] and not values["when"].startswith(" "):
        values["when"] = f" {values['when']}"
    try:
        subject = " ".join(Template(spec.subject).substitute(values).split())  # no CR/LF in a header
        text = Template(spec.text).substitute(values)
        escaped = {key: html.escape(value, quote=True) for key, value in values.items()}
        body = Template(spec.html).substitute(escaped)
    except KeyError as exc:
        raise TemplateError(f"email template {template!r} needs a value for {exc.args[0]!r}") from exc
    page = _HTML_LAYOUT.substitute(subject=html.escape(subject), body=body, product=PRODUCT)
    return EmailMessage(to=to, subject=subject, text=text, html=page, link=values.get("link"))
