"""The pages that email links open, on the real server's HTTP port: verify an email, reset a password.

Register (gRPC) → the dev provider records the email → its link is fetched from the HTTP port → the form is
posted with its CSRF token → the account changes; forms without the token, with a wrong one, without the
cookie or from another site change nothing.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import grpc
import httpx
import pytest
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
from sqlalchemy import text

from internal.app import Application
from tests.conftest import scratch_database
from tests.e2e.conftest import start_app
from tests.e2e.test_auth import FAST, GENEROUS, email, login, mail_token, mails, register

STRONG = "Amber-Glacier-Lantern-7"


@pytest.fixture(scope="module")
async def pages_app(
    postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory, log_capture: Any
) -> AsyncIterator[Application]:
    # A database of its own: other test servers' workers (same process, shared database) would otherwise
    # claim this server's jobs and deliver its emails through their own providers.
    async with scratch_database(postgres_admin_url, "skillsphere_pages") as database_url:
        # No SKILLSPHERE_PUBLIC_BASE_URL: links must follow the HTTP port bound (a free one, not 8080).
        app, _ = await start_app(database_url, tmp_path_factory.mktemp("pages-data"), **GENEROUS, **FAST)
        assert app.settings.public_base_url is None
        yield app
        await app.stop()


@pytest.fixture(scope="module")
async def stub(pages_app: Application) -> AsyncIterator[auth_pb2_grpc.AuthServiceStub]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{pages_app.grpc.port}") as channel:
        yield auth_pb2_grpc.AuthServiceStub(channel)


@pytest.fixture
async def browser(pages_app: Application) -> AsyncIterator[httpx.AsyncClient]:
    """A client with a cookie jar, sending what a browser sends on its own same-origin form posts."""
    assert pages_app.http is not None
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{pages_app.http.port}", timeout=30, headers={"user-agent": "pages-test"}
    ) as client:
        yield client


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden {name} in the page"
    return found.group(1)


def same_origin(origin: str = "null") -> dict[str, str]:
    # Pages are served with Referrer-Policy: no-referrer, so browsers post them with `Origin: null`.
    return {"origin": origin, "sec-fetch-site": "same-origin"}


async def link_of(app: Application, address: str, path: str, count: int = 1) -> str:
    await mail_token(app, address, path, count=count, timeout=30)
    links = [m.link for m in app.email.sent_to(address) if m.link and urlsplit(m.link).path == path]  # type: ignore[attr-defined]
    return str(links[count - 1])


async def verified(app: Application, address: str) -> bool:
    async with app.uow() as uow:
        return bool(
            (
                await uow.session.execute(text("SELECT email_verified FROM accounts WHERE email = :e"), {"e": address})
            ).scalar_one()
        )


def assert_secure_headers(response: httpx.Response) -> None:
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "form-action 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


async def test_verification_link_opens_a_page_whose_button_verifies_the_email(
    stub: auth_pb2_grpc.AuthServiceStub, pages_app: Application, browser: httpx.AsyncClient, log_capture: Any
) -> None:
    address, _ = await register(stub)
    link = await link_of(pages_app, address, "/verify-email")
    assert pages_app.http is not None
    assert link.startswith(f"http://127.0.0.1:{pages_app.http.port}/verify-email?token=")
    assert pages_app.public_base_url == f"http://127.0.0.1:{pages_app.http.port}"

    opened = await browser.get(link)
    assert opened.status_code == 200
    assert_secure_headers(opened)
    assert '<form method="post" action="/verify-email">' in opened.text
    assert "Confirm email address" in opened.text
    cookie = opened.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert not await verified(pages_app, address)  # opening the link (what mail scanners do) changes nothing

    token, csrf = hidden(opened.text, "token"), hidden(opened.text, "csrf_token")
    refusals = [
        ({"token": token}, same_origin()),  # no CSRF token
        ({"token": token, "csrf_token": csrf[:-2] + "xx"}, same_origin()),  # wrong one
        ({"token": token, "csrf_token": csrf}, {"sec-fetch-site": "cross-site"}),  # from another site
        ({"token": token, "csrf_token": csrf}, {"origin": "https://evil.example"}),  # foreign origin
    ]
    for form, headers in refusals:
        refused = await browser.post("/verify-email", data=form, headers=headers)
        assert refused.status_code == 403, (form, headers)
        assert_secure_headers(refused)
    async with httpx.AsyncClient(base_url=str(browser.base_url), timeout=30) as stranger:  # no cookie
        cookieless = await stranger.post("/verify-email", data={"token": token, "csrf_token": csrf})
        assert cookieless.status_code == 403
    assert not await verified(pages_app, address)

    done = await browser.post("/verify-email", data={"token": token, "csrf_token": csrf}, headers=same_origin())
    assert done.status_code == 200, done.text
    assert_secure_headers(done)
    assert "Email address confirmed" in done.text and address in done.text
    assert await verified(pages_app, address)
    # Opened again, the link answers OK (VerifyEmail's second click).
    again = await browser.post("/verify-email", data={"token": token, "csrf_token": csrf}, headers=same_origin())
    assert again.status_code == 200

    leaks = [line for line in log_capture.lines if token in line and '"email_sent"' not in line]
    assert leaks == []  # only the dev provider's email_sent line shows links (off in production)


async def test_reset_link_page_shows_the_rules_refuses_a_weak_password_and_sets_a_strong_one(
    stub: auth_pb2_grpc.AuthServiceStub, pages_app: Application, browser: httpx.AsyncClient, log_capture: Any
) -> None:
    address, _ = await register(stub)
    await stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=address))
    link = await link_of(pages_app, address, "/reset-password")

    opened = await browser.get(link)
    assert opened.status_code == 200
    assert_secure_headers(opened)
    score = pages_app.settings.auth_password_min_score
    assert f"at least {score} out of 4" in opened.text and "10 to 128 characters" in opened.text
    assert 'autocomplete="new-password"' in opened.text
    token, csrf = hidden(opened.text, "token"), hidden(opened.text, "csrf_token")

    forged = await browser.post(
        "/reset-password",
        data={"token": token, "csrf_token": "forged", "new_password": STRONG, "repeat_password": STRONG},
        headers=same_origin(),
    )
    assert forged.status_code == 403

    weak = await browser.post(
        "/reset-password",
        data={"token": token, "csrf_token": csrf, "new_password": "password1234", "repeat_password": "password1234"},
        headers=same_origin(),
    )
    assert weak.status_code == 400
    assert 'role="alert"' in weak.text and "too easy to guess" in weak.text
    assert f"at least {score} out of 4" in weak.text  # the rules stay on the page
    csrf = hidden(weak.text, "csrf_token")

    changed = await browser.post(
        "/reset-password",
        data={"token": token, "csrf_token": csrf, "new_password": STRONG, "repeat_password": STRONG},
        headers=same_origin(),
    )
    assert changed.status_code == 200, changed.text
    assert "Password changed" in changed.text
    assert (await login(stub, address, STRONG)).user_id
    assert await mails(pages_app, address, "password was changed", timeout=30)

    reopened = await browser.get(link)  # the used link still renders its form; submitting says it is used
    reused = await browser.post(
        "/reset-password",
        data={
            "token": token,
            "csrf_token": hidden(reopened.text, "csrf_token"),
            "new_password": "Other-Glacier-Lantern-8",
            "repeat_password": "Other-Glacier-Lantern-8",
        },
        headers=same_origin(),
    )
    assert reused.status_code == 400
    assert "used already" in reused.text and 'href="/forgot-password"' in reused.text
    assert (await login(stub, address, STRONG)).user_id  # the password stayed

    leaks = [line for line in log_capture.lines if token in line and '"email_sent"' not in line]
    assert leaks == []


async def test_forgot_password_page_requests_a_reset_link(
    stub: auth_pb2_grpc.AuthServiceStub, pages_app: Application, browser: httpx.AsyncClient
) -> None:
    address, _ = await register(stub)
    opened = await browser.get("/forgot-password")
    assert opened.status_code == 200
    assert_secure_headers(opened)
    sent = await browser.post(
        "/forgot-password",
        data={"email": address, "csrf_token": hidden(opened.text, "csrf_token")},
        headers=same_origin(),
    )
    assert sent.status_code == 200 and "Check your inbox" in sent.text
    await link_of(pages_app, address, "/reset-password")
    nobody = email("nobody")
    unknown = await browser.post(
        "/forgot-password",
        data={"email": nobody, "csrf_token": hidden(opened.text, "csrf_token")},
        headers=same_origin(),
    )
    assert unknown.status_code == 200
    assert unknown.text.replace(nobody, address) == sent.text  # the same page either way


async def test_links_without_a_token_and_bad_requests_get_a_page_not_an_error(
    pages_app: Application, browser: httpx.AsyncClient
) -> None:
    for path in ("/verify-email", "/reset-password"):
        broken = await browser.get(path)
        assert broken.status_code == 400 and "incomplete" in broken.text
        assert_secure_headers(broken)
    not_a_form = await browser.post("/verify-email", content=b"{}", headers={"content-type": "application/json"})
    assert not_a_form.status_code == 415
    opened = await browser.get("/verify-email?token=not-a-real-token")
    invalid = await browser.post(
        "/verify-email",
        data={"token": "not-a-real-token", "csrf_token": hidden(opened.text, "csrf_token")},
        headers=same_origin(),
    )
    assert invalid.status_code == 400 and "no longer works" in invalid.text


async def test_a_separate_web_app_gets_the_links_and_the_pages_can_be_turned_off(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    app, _ = await start_app(
        database_url,
        tmp_path_factory.mktemp("web-app-data"),
        public_base_url="https://app.example/",
        auth_web_pages=False,
        worker_enabled=False,
        **GENEROUS,
        **FAST,
    )
    try:
        assert app.http is not None
        # (Its email jobs may be run by another test server's worker on the shared database, so the link is
        # checked at its source: the base URL its worker builds links from.)
        assert app.public_base_url == "https://app.example"
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{app.http.port}", timeout=30) as client:
            for path in ("/verify-email?token=abc", "/reset-password?token=abc", "/forgot-password"):
                assert (await client.get(path)).status_code == 404
    finally:
        await app.stop()
