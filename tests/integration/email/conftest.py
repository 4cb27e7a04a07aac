"""A real SMTP server (aiosmtpd) for the email tests, with optional STARTTLS/implicit TLS and AUTH."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage as MimeMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from prometheus_client import CollectorRegistry

from pkg.db import Database, migrate
from tests.conftest import free_port, scratch_database

SMTP_USER = "mailer"
SMTP_PASSWORD = "smtp-secret-1"  # noqa: S105 - a throwaway credential of the test server


@dataclass
class Received:
    """One message as the server received it."""

    mail_from: str
    rcpt_tos: list[str]
    message: MimeMessage
    authenticated_as: str | None
    tls: bool


@dataclass
class RecordingHandler:
    """Accepts and records messages; `refuse_rcpt` and `defer_data` script refusals."""

    received: list[Received] = field(default_factory=list)
    refuse_rcpt: str | None = None
    defer_data: int = 0
    data_calls: int = 0

    async def handle_RCPT(  # noqa: N802 - aiosmtpd hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.data_calls += 1
        if self.data_calls <= self.defer_data:
            return "451 4.3.0 temporarily unable to accept mail, try again later"
        assert isinstance(envelope.content, bytes)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, MimeMessage)
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        self.received.append(
            Received(
                mail_from=envelope.mail_from or "",
                rcpt_tos=list(envelope.rcpt_tos),
                message=message,
                authenticated_as=login,
                tls=session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            )
        )
        return "250 Message accepted for delivery"


def _authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )
    # handled=False: the server itself answers (235 or 535)
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: RecordingHandler
    client_tls: ssl.SSLContext | None = None


@dataclass
class Certificate:
    cert_file: Path
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert_file))


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for 127.0.0.1 and localhost."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory = tmp_path_factory.mktemp("smtp-tls")
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return Certificate(cert_file, key_file)


def _run(handler: RecordingHandler, **options: Any) -> Iterator[SmtpServer]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, handler)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A plain SMTP server (no TLS, no AUTH), like a local relay or mail catcher."""
    yield from _run(RecordingHandler())


@pytest.fixture
def smtp_server_starttls(certificate: Certificate) -> Iterator[SmtpServer]:
    """A submission server (587): STARTTLS required, then AUTH required."""
    for server in _run(
        RecordingHandler(),
        tls_context=certificate.server_context(),
        require_starttls=True,
        auth_required=True,
        authenticator=_authenticate,
    ):
        server.client_tls = certificate.client_context()
        yield server


@pytest.fixture
def smtp_server_implicit_tls(certificate: Certificate) -> Iterator[SmtpServer]:
    """A submissions server (465): TLS from the first byte, AUTH required."""
    for server in _run(
        RecordingHandler(),
        ssl_context=certificate.server_context(),
        auth_required=True,
        auth_require_tls=False,  # aiosmtpd counts only STARTTLS as TLS here; this connection is TLS throughout
        authenticator=_authenticate,
    ):
        server.client_tls = certificate.client_context()
        yield server


@pytest.fixture(scope="package")
async def email_database_url(postgres_admin_url: str) -> AsyncIterator[str]:
    """A migrated database of its own: no other test's worker claims these email jobs."""
    async with scratch_database(postgres_admin_url, "email_test") as url:
        database = Database(url, registry=CollectorRegistry())
        await migrate.upgrade(database.engine)
        await database.dispose()
        yield url
