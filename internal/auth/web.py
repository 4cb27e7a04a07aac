"""The small HTML pages that the links in auth emails open, served on the HTTP port.

- `/verify-email?token=…` shows a button; only its POST verifies (mail scanners prefetch links with GET).
- `/reset-password?token=…` asks for a new password, with the policy's rules shown, and sets it.
- `/forgot-password` (the link of the "password changed" notice) asks for an email and requests a reset.

Every POST calls AuthService over the loopback gRPC channel, like the grpc-web gateway does, so the whole
interceptor chain applies (request id and logging, metrics, rate limits, validation, error mapping) and the
pages behave exactly as the RPCs do; the client's address and user agent are forwarded. Forms carry a signed
double-submit CSRF token (pkg/gateway/csrf.py). Responses are `no-store`, `Referrer-Policy: no-referrer`
(the URL holds the token) and have a CSP that allows nothing but this page's own style block. Tokens are
never logged (uvicorn's access log is off; refusals log the reason only).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs

import grpc
from google.rpc import error_details_pb2, status_pb2
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
from skillsphere.auth.v1.error_reason import ErrorReason as AuthReason
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from internal.auth.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from pkg.gateway import CHANNEL_OPTIONS
from pkg.gateway.csrf import FIELD, CsrfGuard
from pkg.log import get_logger

log = get_logger("auth.web")

_MAX_FORM_BYTES = 16 * 1024
_MAX_TOKEN_LENGTH = 512
_RPC_TIMEOUT_SECONDS = 30.0

_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1f2328;"
    "background:#f6f8fa;margin:0}"
    "main{max-width:32rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border:1px solid #d0d7de;"
    "border-radius:8px}"
    "h1{font-size:1.5rem;margin-top:0}"
    "label{display:block;font-weight:600;margin-top:1rem}"
    "input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem;"
    "border:1px solid #8c959f;border-radius:6px}"
    "input[aria-invalid=true]{border-color:#cf222e}"
    "button{font:inherit;margin-top:1.25rem;padding:.6rem 1.2rem;color:#fff;background:#0969da;border:0;"
    "border-radius:6px;cursor:pointer}"
    "button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #0550ae;outline-offset:2px}"
    ".error{color:#a40e26;background:#ffebe9;border:1px solid #ff8182;border-radius:6px;padding:.5rem .75rem}"
    ".rules{font-size:.95rem;color:#424a53}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
SECURITY_HEADERS = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "content-security-policy": (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def page(title: str, body: str, *, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """An HTML page with the security headers every auth page carries."""
    document = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)} · SkillSphere</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n<h1>{_e(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )
    return HTMLResponse(document, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})


@dataclass(frozen=True)
class RpcFailure:
    """A failed AuthService call, as the pages need it."""

    code: grpc.StatusCode
    message: str
    reason: str = ""
    violations: tuple[tuple[str, str], ...] = ()
    retry_after_seconds: int | None = None


def _failure(error: grpc.aio.AioRpcError) -> RpcFailure:
    reason, retry = "", None
    violations: list[tuple[str, str]] = []
    for key, value in error.trailing_metadata() or ():
        if key != "grpc-status-details-bin" or not isinstance(value, bytes):
            continue
        for detail in status_pb2.Status.FromString(value).details:
            info, bad, retry_info = (
                error_details_pb2.ErrorInfo(),
                error_details_pb2.BadRequest(),
                error_details_pb2.RetryInfo(),
            )
            if detail.Unpack(info):
                reason = info.reason
            elif detail.Unpack(bad):
                violations.extend((v.field, v.description) for v in bad.field_violations)
            elif detail.Unpack(retry_info):
                retry = max(int(retry_info.retry_delay.seconds), 1)
    return RpcFailure(error.code(), error.details() or "", reason, tuple(violations), retry)


class AuthPages:
    """The routes of the link pages; they talk to AuthService through `grpc_target` (the loopback port)."""

    def __init__(
        self,
        *,
        grpc_target: str,
        csrf: CsrfGuard,
        password_min_score: int,
        reset_link_seconds: int,
    ) -> None:
        self._target = grpc_target
        self._channel: grpc.aio.Channel | None = None
        self._csrf = csrf
        self._min_score = password_min_score
        self._reset_lifetime = _lifetime(reset_link_seconds)

    def routes(self) -> list[BaseRoute]:
        """GET shows a form, POST submits it."""
        return [
            Route("/verify-email", self.verify_email, methods=["GET", "POST"]),
            Route("/reset-password", self.reset_password, methods=["GET", "POST"]),
            Route("/forgot-password", self.forgot_password, methods=["GET", "POST"]),
        ]

    async def close(self) -> None:
        """Close the loopback channel."""
        if self._channel is not None:
            await self._channel.close()
            self._channel = None

    def _stub(self) -> auth_pb2_grpc.AuthServiceStub:
        # Opened on first use, inside the loop uvicorn serves from (grpc.aio channels belong to one loop).
        if self._channel is None:
            self._channel = grpc.aio.insecure_channel(self._target, options=CHANNEL_OPTIONS)
        return auth_pb2_grpc.AuthServiceStub(self._channel)

    # ------------------------------------------------------------------------------------------- pages

    async def verify_email(self, request: Request) -> Response:
        """Confirm the email address of the link's token (on POST only)."""
        if request.method == "GET":
            token = request.query_params.get("token", "")
            if not _usable_token(token):
                return _broken_link("verification")
            return self._form(
                request, "verify-email", "Confirm your email address", lambda csrf: self._verify_body(csrf, token)
            )
        form, refused = await self._checked_form(request, "verify-email")
        if refused is not None:
            return refused
        token = form.get("token", "")
        try:
            reply = await self._stub().VerifyEmail(
                auth_pb2.VerifyEmailRequest(token=token), metadata=_forwarded(request), timeout=_RPC_TIMEOUT_SECONDS
            )
        except grpc.aio.AioRpcError as exc:
            failure = _failure(exc)
            if failure.reason == AuthReason.VERIFICATION_TOKEN_INVALID:
                return page(
                    "This link no longer works",
                    f"<p>{_e(failure.message)}</p>\n<p>Sign in to the app and ask for a new verification email.</p>",
                    status=400,
                )
            return _failed(failure)
        return page(
            "Email address confirmed",
            f"<p>Thank you: <strong>{_e(reply.email)}</strong> is confirmed for your SkillSphere account. "
            "You can close this page and return to the app.</p>",
        )

    async def reset_password(self, request: Request) -> Response:
        """Set a new password with the link's token."""
        if request.method == "GET":
            token = request.query_params.get("token", "")
            if not _usable_token(token):
                return _broken_link("password reset")
            return self._form(
                request, "reset-password", "Choose a new password", lambda csrf: self._reset_body(csrf, token)
            )
        form, refused = await self._checked_form(request, "reset-password")
        if refused is not None:
            return refused
        token, password = form.get("token", ""), form.get("new_password", "")
        if password != form.get("repeat_password", ""):
            return self._form(
                request,
                "reset-password",
                "Choose a new password",
                lambda csrf: self._reset_body(
                    csrf, token, error="The two passwords differ; type the same password twice."
                ),
                status=400,
            )
        try:
            await self._stub().ResetPassword(
                auth_pb2.ResetPasswordRequest(token=token, new_password=password),
                metadata=_forwarded(request),
                timeout=_RPC_TIMEOUT_SECONDS,
            )
        except grpc.aio.AioRpcError as exc:
            failure = _failure(exc)
            if failure.reason == AuthReason.RESET_TOKEN_INVALID or any(f == "token" for f, _ in failure.violations):
                return page(
                    "This link no longer works",
                    "<p>This password reset link is invalid, expired or was used already.</p>\n"
                    '<p><a href="/forgot-password">Ask for a new link</a>.</p>',
                    status=400,
                )
            if failure.code == grpc.StatusCode.INVALID_ARGUMENT:
                problem = "; ".join(d for f, d in failure.violations if f == "new_password") or failure.message
                return self._form(
                    request,
                    "reset-password",
                    "Choose a new password",
                    lambda csrf: self._reset_body(csrf, token, error=f"This password {problem}"),
                    status=400,
                )
            return _failed(failure)
        return page(
            "Password changed",
            "<p>Your new password is set, and every device signed in to your account was signed out.</p>\n"
            "<p>Return to the app and sign in with your new password.</p>",
        )

    async def forgot_password(self, request: Request) -> Response:
        """Ask for a password reset link (the same answer whether or not an account uses the address)."""
        if request.method == "GET":
            return self._form(request, "forgot-password", "Reset your password", self._forgot_body)
        form, refused = await self._checked_form(request, "forgot-password")
        if refused is not None:
            return refused
        address = form.get("email", "").strip()
        try:
            await self._stub().RequestPasswordReset(
                auth_pb2.RequestPasswordResetRequest(email=address),
                metadata=_forwarded(request),
                timeout=_RPC_TIMEOUT_SECONDS,
            )
        except grpc.aio.AioRpcError as exc:
            failure = _failure(exc)
            if failure.code == grpc.StatusCode.INVALID_ARGUMENT:
                problem = "; ".join(d for f, d in failure.violations if f == "email") or failure.message
                body = functools.partial(self._forgot_body, address=address, error=f"This email address {problem}")
                return self._form(request, "forgot-password", "Reset your password", body, status=400)
            return _failed(failure)
        return page(
            "Check your inbox",
            f"<p>If a SkillSphere account uses <strong>{_e(address)}</strong>, we sent it a link to choose a new "
            f"password. The link works once, for {_e(self._reset_lifetime)}.</p>\n"
            "<p>Nothing arrived? Check the spam folder, or ask again in a few minutes.</p>",
        )

    # ------------------------------------------------------------------------------------------ helpers

    def _form(
        self, request: Request, name: str, title: str, body: Callable[[str], str], *, status: int = 200
    ) -> Response:
        """A page with the form `body(csrf_token)`, and the CSRF cookie the token is bound to."""
        cookie, csrf_token = self._csrf.issue(request, name)
        response = page(title, body(csrf_token), status=status)
        self._csrf.set_cookie(response, request, cookie)
        return response

    async def _checked_form(self, request: Request, name: str) -> tuple[dict[str, str], Response | None]:
        """The POSTed form, or the refusal to answer with (too big, not a form, failed CSRF check)."""
        if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
            return {}, page("This form could not be read", "<p>Send it from the page.</p>", status=415)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > _MAX_FORM_BYTES:
                return {}, page("This form is too large", "<p>Send it from the page.</p>", status=413)
        try:
            parsed = parse_qs(body.decode(), keep_blank_values=True, max_num_fields=20, strict_parsing=False)
        except (UnicodeDecodeError, ValueError):
            return {}, page("This form could not be read", "<p>Send it from the page.</p>", status=400)
        form = {key: values[0] for key, values in parsed.items()}
        problem = self._csrf.problem(request, name, form.get(FIELD, ""))
        if problem is not None:
            log.warning("auth_page_form_refused", form=name, problem=problem)
            return form, page(
                "This form could not be accepted",
                "<p>For your security, this form only works when it is sent from the page the email link "
                "opened, in the same browser. Open the link from the email again and retry.</p>",
                status=403,
            )
        return form, None

    @staticmethod
    def _verify_body(csrf: str, token: str) -> str:
        return (
            "<p>Press the button to confirm that this email address belongs to your SkillSphere account.</p>\n"
            '<form method="post" action="/verify-email">\n'
            f'<input type="hidden" name="token" value="{_e(token)}">\n'
            f'<input type="hidden" name="{FIELD}" value="{_e(csrf)}">\n'
            '<button type="submit">Confirm email address</button>\n</form>'
        )

    def _reset_body(self, csrf: str, token: str, *, error: str = "") -> str:
        alert = f'<p class="error" id="password-error" role="alert">{_e(error)}</p>\n' if error else ""
        described = "password-rules password-error" if error else "password-rules"
        invalid = ' aria-invalid="true"' if error else ""
        limits = f'minlength="{MIN_PASSWORD_LENGTH}" maxlength="{MAX_PASSWORD_LENGTH}"'
        return (
            alert + '<div class="rules" id="password-rules">\n<p>Your new password:</p>\n<ul>\n'
            f"<li>has {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters (spaces and any characters "
            "count; no rules about digits or symbols);</li>\n"
            f"<li>must be hard to guess: it needs a strength score of at least {self._min_score} out of 4 "
            "(zxcvbn). Several unrelated words make a strong password; avoid common passwords, keyboard "
            "patterns, dates and parts of your email address.</li>\n</ul>\n"
            "<p>Setting it signs out every device signed in to your account.</p>\n</div>\n"
            '<form method="post" action="/reset-password">\n'
            f'<input type="hidden" name="token" value="{_e(token)}">\n'
            f'<input type="hidden" name="{FIELD}" value="{_e(csrf)}">\n'
            '<label for="new_password">New password</label>\n'
            '<input type="password" id="new_password" name="new_password" autocomplete="new-password" required '
            f'{limits} aria-describedby="{described}"{invalid}>\n'
            '<label for="repeat_password">Repeat the new password</label>\n'
            f'<input type="password" id="repeat_password" name="repeat_password" autocomplete="new-password" '
            f"required {limits}>\n"
            '<button type="submit">Set new password</button>\n</form>'
        )

    @staticmethod
    def _forgot_body(csrf: str, address: str = "", *, error: str = "") -> str:
        alert = f'<p class="error" id="email-error" role="alert">{_e(error)}</p>\n' if error else ""
        described = ' aria-describedby="email-error" aria-invalid="true"' if error else ""
        return (
            alert + "<p>Enter the email address of your account; we will send it a link to choose a new "
            "password.</p>\n"
            '<form method="post" action="/forgot-password">\n'
            f'<input type="hidden" name="{FIELD}" value="{_e(csrf)}">\n'
            '<label for="email">Email address</label>\n'
            f'<input type="email" id="email" name="email" autocomplete="email" required maxlength="254" '
            f'value="{_e(address)}"{described}>\n'
            '<button type="submit">Send reset link</button>\n</form>'
        )


def _lifetime(seconds: int) -> str:
    """ "15 minutes", "2 hours"."""
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{seconds // 3600} hour{'s' if seconds != 3600 else ''}"
    minutes = max(seconds // 60, 1)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _usable_token(token: str) -> bool:
    return 0 < len(token) <= _MAX_TOKEN_LENGTH


def _broken_link(kind: str) -> Response:
    return page(
        "This link is incomplete",
        f"<p>The {_e(kind)} link lacks its token. Open it straight from the email (long links are sometimes cut "
        "in two), or ask for a new email.</p>",
        status=400,
    )


def _failed(failure: RpcFailure) -> Response:
    if failure.code == grpc.StatusCode.RESOURCE_EXHAUSTED:
        wait = failure.retry_after_seconds or 60
        return page(
            "Too many attempts",
            f"<p>{_e(failure.message)}</p>\n<p>Try again in {wait} seconds.</p>",
            status=429,
            headers={"retry-after": str(wait)},
        )
    if failure.code == grpc.StatusCode.INVALID_ARGUMENT:
        items = "".join(f"<li>{_e(f)}: {_e(d)}</li>" for f, d in failure.violations)
        return page(
            "This request could not be accepted",
            f"<p>{_e(failure.message)}</p>" + (f"\n<ul>{items}</ul>" if items else ""),
            status=400,
        )
    if failure.code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        return page("Try again in a moment", "<p>The service is busy or restarting.</p>", status=503)
    log.warning("auth_page_call_failed", code=failure.code.name, reason=failure.reason)
    return page("Something went wrong", "<p>Try again later.</p>", status=500)


def _forwarded(request: Request) -> Sequence[tuple[str, str]]:
    """The client's address and user agent for the chain (as the grpc-web gateway forwards them)."""
    metadata: list[tuple[str, str]] = []
    forwarded = [v for v in request.headers.getlist("x-forwarded-for") if v]
    if request.client:
        forwarded.append(request.client.host)
    if forwarded:
        metadata.append(("x-forwarded-for", ", ".join(forwarded)))
    agent = request.headers.get("user-agent")
    if agent:
        metadata.append(("x-forwarded-user-agent", agent[:512]))
    return metadata
