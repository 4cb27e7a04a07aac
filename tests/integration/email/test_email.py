"""Email: templates, the development provider, SMTP delivery against a real server, and the email job."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import select

from pkg.db import Database, UnitOfWorkFactory
from pkg.email import (
    EMAIL_SEND_JOB,
    DevEmailProvider,
    EmailMessage,
    EmailRejected,
    SmtpEmailProvider,
    TemplateError,
    enqueue_email,
    register_email_jobs,
    render,
)
from pkg.jobs import Job, JobMetrics, JobRegistry, Worker, enqueue
from tests.integration.email.conftest import SMTP_PASSWORD, SMTP_USER, SmtpServer
from tests.support.waiting import eventually

SENDER = "SkillSphere <no-reply@skillsphere.test>"


def _provider(server: SmtpServer, **options: Any) -> SmtpEmailProvider:
    values: dict[str, Any] = {
        "host": server.host,
        "port": server.port,
        "sender": SENDER,
        "starttls": False,
        "timeout": 5,
        "tls_context": server.client_tls,
    }
    values.update(options)
    return SmtpEmailProvider(**values)


# -- templates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", ["verify_email", "password_reset", "password_changed"])
def test_every_template_renders_text_and_html_with_the_link(template: str) -> None:
    message = render(template, to="ada@example.com", link="https://app.example/x?token=abc")
    assert message.to == "ada@example.com"
    assert message.subject and "\n" not in message.subject
    assert "https://app.example/x?token=abc" in message.text
    assert 'href="https://app.example/x?token=abc"' in message.html
    assert message.html.startswith("<!doctype html>")
    assert message.link == "https://app.example/x?token=abc"


def test_templates_escape_values_in_html_but_not_in_text() -> None:
    message = render(
        "verify_email",
        to="eve@example.com",
        name='<script>alert("x")</script>',
        link='https://app.example/verify-email?token=a&b="><img src=x>',
    )
    assert "<script>" not in message.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in message.html
    assert 'href="https://app.example/verify-email?token=a&amp;b=&quot;&gt;&lt;img src=x&gt;"' in message.html
    assert "<img" not in message.html
    assert 'Hi <script>alert("x")</script>,' in message.text  # plain text needs no escaping


def test_render_refuses_unknown_templates_and_missing_values() -> None:
    with pytest.raises(TemplateError, match="unknown"):
        render("welcome_pirate", to="a@example.com")
    with pytest.raises(TemplateError, match="link"):
        render("password_reset", to="a@example.com")


# -- development provider -----------------------------------------------------------------------------------


async def test_dev_provider_records_the_message_and_logs_its_link(log_capture: Any) -> None:
    provider = DevEmailProvider()
    message = render("verify_email", to="dev@example.com", link="http://127.0.0.1:8080/verify-email?token=t0k")
    await provider.send(message)

    assert provider.sent == (message,)
    assert provider.sent_to("DEV@example.com") == [message]
    [logged] = [e for e in log_capture.events("email_sent") if e.get("to") == "dev@example.com"]
    assert logged["subject"] == message.subject
    assert logged["link"] == "http://127.0.0.1:8080/verify-email?token=t0k"


async def test_dev_provider_in_production_mode_keeps_links_out_of_the_log(log_capture: Any) -> None:
    provider = DevEmailProvider(log_links=False)
    await provider.send(render("password_reset", to="prod@example.com", link="https://x/reset-password?token=s3"))
    [logged] = [e for e in log_capture.events("email_sent") if e.get("to") == "prod@example.com"]
    assert logged["link"] is None
    assert not any("token=s3" in line for line in log_capture.lines)


# -- SMTP ---------------------------------------------------------------------------------------------------


async def test_smtp_delivers_a_multipart_message_with_text_html_and_headers(smtp_server: SmtpServer) -> None:
    message = render("password_reset", to="ada@example.com", link="https://app.example/reset-password?token=r1")
    await _provider(smtp_server).send(message)

    [received] = smtp_server.handler.received
    assert received.mail_from == "no-reply@skillsphere.test"
    assert received.rcpt_tos == ["ada@example.com"]
    mime = received.message
    assert mime["From"] == SENDER
    assert mime["To"] == "ada@example.com"
    assert mime["Subject"] == message.subject
    assert mime["Date"] is not None
    assert str(mime["Message-ID"]).endswith("@skillsphere.test>")
    assert mime["Auto-Submitted"] == "auto-generated"
    assert mime.get_content_type() == "multipart/alternative"
    text_part = mime.get_body(preferencelist=("plain",))
    html_part = mime.get_body(preferencelist=("html",))
    assert text_part is not None and html_part is not None
    # SMTP lines end in CRLF on the wire
    assert text_part.get_content().replace("\r\n", "\n") == message.text
    assert html_part.get_content().replace("\r\n", "\n") == message.html
    assert "https://app.example/reset-password?token=r1" in text_part.get_content()


async def test_smtp_upgrades_with_starttls_and_authenticates(smtp_server_starttls: SmtpServer) -> None:
    provider = _provider(smtp_server_starttls, starttls=True, username=SMTP_USER, password=SMTP_PASSWORD)
    await provider.send(render("password_changed", to="ada@example.com", link="https://app.example/forgot-password"))

    [received] = smtp_server_starttls.handler.received
    assert received.tls is True
    assert received.authenticated_as == SMTP_USER


async def test_smtp_with_a_wrong_password_fails_without_delivering(smtp_server_starttls: SmtpServer) -> None:
    provider = _provider(smtp_server_starttls, starttls=True, username=SMTP_USER, password="wrong-password")
    with pytest.raises(Exception, match="(?i)auth"):
        await provider.send(render("password_changed", to="ada@example.com", link="https://x/forgot-password"))
    assert smtp_server_starttls.handler.received == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_smtp_over_implicit_tls(smtp_server_implicit_tls: SmtpServer) -> None:
    provider = _provider(smtp_server_implicit_tls, use_tls=True, username=SMTP_USER, password=SMTP_PASSWORD)
    await provider.send(render("verify_email", to="ada@example.com", link="https://x/verify-email?token=v"))
    [received] = smtp_server_implicit_tls.handler.received
    assert received.authenticated_as == SMTP_USER
    assert received.tls is True


async def test_a_refused_recipient_is_a_permanent_rejection(smtp_server: SmtpServer) -> None:
    smtp_server.handler.refuse_rcpt = "550 5.1.1 no such mailbox"
    with pytest.raises(EmailRejected, match="no such mailbox"):
        await _provider(smtp_server).send(EmailMessage("ghost@example.com", "s", "t", "<p>h</p>"))


# -- the email job ------------------------------------------------------------------------------------------


async def test_an_email_job_is_delivered_over_smtp_after_the_server_deferred_it_twice(
    email_database_url: str, smtp_server: SmtpServer
) -> None:
    smtp_server.handler.defer_data = 2  # "451 try again later" twice, then accepted
    database = Database(email_database_url, registry=CollectorRegistry())
    uow = UnitOfWorkFactory(database.engine)
    registry = JobRegistry()
    register_email_jobs(registry, _provider(smtp_server), public_base_url="https://app.example/")
    worker = Worker(
        database.engine,
        registry,
        metrics=JobMetrics(CollectorRegistry()),
        poll_interval=0.05,
        backoff_base=0.1,
        finished_retention=None,
    )
    await worker.start()
    try:
        async with uow() as work:
            await enqueue_email(work.session, "verify_email", to="new@example.com", token="one-time-token")
            await work.commit()
        await eventually(lambda: len(smtp_server.handler.received) == 1)
        async with uow() as work:
            job_id = await work.session.scalar(
                select(Job.id).where(Job.kind == EMAIL_SEND_JOB, Job.payload["to"].astext == "new@example.com")
            )
        assert job_id is not None
        await _eventually_status(uow, job_id, "done")
    finally:
        await worker.stop(grace=1)
        await database.dispose()

    [received] = smtp_server.handler.received
    assert received.rcpt_tos == ["new@example.com"]
    text_part = received.message.get_body(preferencelist=("plain",))
    assert text_part is not None
    assert "https://app.example/verify-email?token=one-time-token" in text_part.get_content()
    assert smtp_server.handler.data_calls == 3


async def test_an_email_job_with_an_unknown_template_is_dead_lettered_at_once(
    email_database_url: str, smtp_server: SmtpServer
) -> None:
    database = Database(email_database_url, registry=CollectorRegistry())
    uow = UnitOfWorkFactory(database.engine)
    registry = JobRegistry()
    register_email_jobs(registry, _provider(smtp_server), public_base_url="https://app.example")
    worker = Worker(database.engine, registry, poll_interval=0.05, finished_retention=None)
    await worker.start()
    try:
        async with uow() as work:
            await enqueue(work.session, EMAIL_SEND_JOB, {"template": "nope", "to": "x@example.com", "context": {}})
            await work.commit()
        async with uow() as work:
            job_id = await work.session.scalar(select(Job.id).where(Job.payload["template"].astext == "nope"))
        assert job_id is not None
        await _eventually_status(uow, job_id, "dead")
    finally:
        await worker.stop(grace=1)
        await database.dispose()
    assert smtp_server.handler.received == []


async def test_enqueue_email_refuses_an_unknown_template_in_the_callers_transaction(email_database_url: str) -> None:
    database = Database(email_database_url, registry=CollectorRegistry())
    try:
        async with UnitOfWorkFactory(database.engine)() as work:
            with pytest.raises(TemplateError):
                await enqueue_email(work.session, "verify_emial", to="x@example.com", token="t")
    finally:
        await database.dispose()


async def _eventually_status(uow: UnitOfWorkFactory, job_id: int, status: str) -> None:
    async def reached() -> bool:
        async with uow() as work:
            return await work.session.scalar(select(Job.status).where(Job.id == job_id)) == status

    await eventually(reached, message=f"job {job_id} did not become {status}")
