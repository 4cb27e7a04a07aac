"""Helpers shared by the PaymentService e2e tests: members with profiles, paying on the hosted test
checkout by plain form POST, and opening a session escrow the way the session domain does (its port)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import httpx
from skillsphere.common.v1 import common_pb2
from skillsphere.common.v1.error_reason import ErrorReason as PlatformReason
from skillsphere.payment.v1 import payment_pb2, payment_pb2_grpc
from skillsphere.payment.v1.error_reason import ErrorReason as PaymentReason
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from tests.e2e.user_helpers import Caller, caller, create_profile
from tests.support import rpc
from tests.support.server_process import ServerProcess

TIP = payment_pb2.PAYMENT_PURPOSE_TIP


async def fails(call: Any, code: grpc.StatusCode, reason: str | None = None) -> grpc.aio.AioRpcError:
    """Await `call`, expecting `code` and ErrorInfo `reason` in the domain that declares it."""
    domain = None
    if reason in PaymentReason.__members__:
        domain = "skillsphere.payment"
    elif reason in PlatformReason.__members__:
        domain = "skillsphere"
    return await rpc.fails(call, code, reason, domain)


async def member(token_for: Callable[..., str], users: user_pb2_grpc.UserServiceStub, *roles: str) -> Caller:
    """A new account with a public profile."""
    who = caller(token_for, *roles)
    await create_profile(users, who, display_name="Pay Tester")
    return who


def usd(amount_minor: int, currency: str = "USD") -> common_pb2.Money:
    """A Money message."""
    return common_pb2.Money(amount_minor=amount_minor, currency_code=currency)


def tip(payee: Caller, amount_minor: int = 1000, key: str | None = None, currency: str = "USD") -> Any:
    """A CreatePaymentRequest for a tip."""
    return payment_pb2.CreatePaymentRequest(
        idempotency_key=key or str(uuid.uuid4()),
        amount=usd(amount_minor, currency),
        purpose=TIP,
        payee_user_id=payee.id,
        description="Thanks!",
    )


async def checkout(
    http_base: str, client_secret: str, card: str = "4242 4242 4242 4242", action: str = "pay"
) -> httpx.Response:
    """Pay on the hosted test checkout with a plain form POST, as a script would (no browser, no cookie)."""
    async with httpx.AsyncClient(base_url=http_base) as http:
        return await http.post(
            "/test-checkout", data={"client_secret": client_secret, "card_number": card, "action": action}
        )


@dataclass(frozen=True)
class OpenedEscrow:
    """An escrow opened for a session through the session domain's port."""

    escrow_id: str
    client_secret: str
    session_id: uuid.UUID


async def open_session_escrow(
    server: Application, learner: Caller, teacher: Caller, amount_minor: int = 5000, currency: str = "USD"
) -> OpenedEscrow:
    """What SessionService.CreateSession does for a paid session: open the escrow in its transaction."""
    assert server.session_escrows is not None
    session_id = uuid.uuid4()
    async with server.uow() as uow:
        ref = await server.session_escrows.hold(
            uow.session,
            session_id=session_id,
            learner_id=uuid.UUID(learner.id),
            teacher_id=uuid.UUID(teacher.id),
            amount_minor=amount_minor,
            currency=currency,
        )
        await uow.commit()
    return OpenedEscrow(ref.escrow_id, ref.client_secret, session_id)


async def funded_escrow(
    server: Application, http_base: str, learner: Caller, teacher: Caller, amount_minor: int = 5000
) -> OpenedEscrow:
    """An escrow the learner has paid (HELD)."""
    opened = await open_session_escrow(server, learner, teacher, amount_minor)
    response = await checkout(http_base, opened.client_secret)
    assert response.status_code == 200, response.text
    return opened


class SecondServer(ServerProcess):
    """`skillsphere serve --workers 1` in its own process, on the shared server's database and data dir (so
    it signs and checks the same tokens, page tokens and client secrets), its job worker on: the second
    replica of race tests."""

    def __init__(self, database_url: str, data_dir: Path) -> None:
        super().__init__(database_url, data_dir, worker=True)


async def onboard(
    pay: payment_pb2_grpc.PaymentServiceStub, who: Caller, account_number: str, country: str = "DE"
) -> httpx.Response:
    """Onboard `who` on the hosted test onboarding page (plain form POST) with a test bank account."""
    link = await pay.CreatePayoutAccountLink(
        payment_pb2.CreatePayoutAccountLinkRequest(
            return_url="http://app.test/payouts/done", refresh_url="http://app.test/payouts/again", country_code=country
        ),
        metadata=who.metadata,
    )
    token = link.url.split("token=", 1)[1]
    async with httpx.AsyncClient() as http:
        return await http.post(
            link.url.split("?", 1)[0], data={"token": token, "account_number": account_number}, follow_redirects=False
        )
