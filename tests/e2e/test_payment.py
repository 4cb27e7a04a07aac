"""PaymentService over real gRPC channels: tips paid on the hosted test checkout with Stripe's test cards,
idempotency keys, cancellation, refunds, session escrows (opened through the session domain's port),
balances and balance transactions derived from the ledger, and the ledger's database-level guarantees."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
import httpx
import pytest
from skillsphere.payment.v1 import payment_pb2 as pb
from skillsphere.payment.v1 import payment_pb2_grpc
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from internal.payment.service import PaymentService
from tests.e2e.payment_helpers import (
    checkout,
    fails,
    funded_escrow,
    member,
    open_session_escrow,
    tip,
    usd,
)
from tests.e2e.user_helpers import Caller, caller
from tests.support.rpc import bad_fields

CODE = grpc.StatusCode


@pytest.fixture(scope="module")
def pay(channel: grpc.aio.Channel) -> payment_pb2_grpc.PaymentServiceStub:
    return payment_pb2_grpc.PaymentServiceStub(channel)


@pytest.fixture(scope="module")
def users(channel: grpc.aio.Channel) -> user_pb2_grpc.UserServiceStub:
    return user_pb2_grpc.UserServiceStub(channel)


async def balance(pay: payment_pb2_grpc.PaymentServiceStub, who: Caller, currency: str = "USD") -> pb.CurrencyBalance:
    response = await pay.GetBalance(pb.GetBalanceRequest(currency_code=currency), metadata=who.metadata)
    return response.balances[0] if response.balances else pb.CurrencyBalance()


async def test_a_tip_paid_with_4242_on_the_test_checkout_credits_the_payee_minus_the_fee(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    payer, payee = await member(token_for, users), await member(token_for, users)
    created = await pay.CreatePayment(tip(payee, 1000), metadata=payer.metadata)
    payment = created.payment
    assert payment.status == pb.PAYMENT_STATUS_REQUIRES_ACTION
    assert (payment.amount.amount_minor, payment.platform_fee.amount_minor, payment.payee_amount.amount_minor) == (
        1000,
        150,
        850,
    )
    assert created.client_secret.startswith(f"pi_{uuid.UUID(payment.id).hex}_secret_")
    assert created.checkout_url.startswith(http_base + "/test-checkout?client_secret=")

    async with httpx.AsyncClient() as http:
        page = await http.get(created.checkout_url)
    assert page.status_code == 200 and "10.00 USD" in page.text and 'name="card_number"' in page.text
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"

    paid = await checkout(http_base, created.client_secret, "4242 4242 4242 4242")
    assert paid.status_code == 200 and 'data-status="succeeded"' in paid.text

    got = await pay.GetPayment(pb.GetPaymentRequest(payment_id=payment.id), metadata=payee.metadata)
    assert got.payment.status == pb.PAYMENT_STATUS_SUCCEEDED
    assert (await balance(pay, payee)).pending.amount_minor == 850
    entries = await pay.ListBalanceTransactions(pb.ListBalanceTransactionsRequest(), metadata=payee.metadata)
    assert [(e.type, e.balance, e.amount.amount_minor, e.payment_id) for e in entries.balance_transactions] == [
        (pb.BALANCE_TRANSACTION_TYPE_PAYMENT, pb.BALANCE_TYPE_PENDING, 850, payment.id)
    ]
    listed = await pay.ListPayments(pb.ListPaymentsRequest(role=pb.PAYMENT_ROLE_PAYER), metadata=payer.metadata)
    assert [p.id for p in listed.payments] == [payment.id]
    assert not (
        await pay.ListPayments(pb.ListPaymentsRequest(role=pb.PAYMENT_ROLE_PAYEE), metadata=payer.metadata)
    ).payments
    # A paid payment has no secret to pay it again, and the checkout says so.
    again = await checkout(http_base, created.client_secret)
    assert 'data-status="succeeded"' in again.text
    assert (await balance(pay, payee)).pending.amount_minor == 850


async def test_a_stranger_cannot_see_a_payment_and_a_forged_secret_opens_no_checkout(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    payer = await member(token_for, users)
    payee = await member(token_for, users)
    stranger = caller(token_for)
    created = await pay.CreatePayment(tip(payee), metadata=payer.metadata)
    await fails(
        pay.GetPayment(pb.GetPaymentRequest(payment_id=created.payment.id), metadata=stranger.metadata),
        CODE.NOT_FOUND,
        "PAYMENT_NOT_FOUND",
    )
    forged = created.client_secret[:-4] + "0000"
    response = await checkout(http_base, forged)
    assert response.status_code == 404
    got = await pay.GetPayment(pb.GetPaymentRequest(payment_id=created.payment.id), metadata=payer.metadata)
    assert got.payment.status == pb.PAYMENT_STATUS_REQUIRES_ACTION


async def test_the_declined_card_fails_the_payment_and_moves_no_money(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    payer, payee = await member(token_for, users), await member(token_for, users)
    created = await pay.CreatePayment(tip(payee), metadata=payer.metadata)
    response = await checkout(http_base, created.client_secret, "4000 0000 0000 0002")
    assert response.status_code == 402 and "declined" in response.text
    got = await pay.GetPayment(pb.GetPaymentRequest(payment_id=created.payment.id), metadata=payer.metadata)
    assert got.payment.status == pb.PAYMENT_STATUS_FAILED and got.payment.failure_code == "card_declined"
    assert not (await pay.GetBalance(pb.GetBalanceRequest(), metadata=payee.metadata)).balances


async def test_an_unknown_card_is_refused_and_the_payment_stays_payable(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    payer, payee = await member(token_for, users), await member(token_for, users)
    created = await pay.CreatePayment(tip(payee), metadata=payer.metadata)
    response = await checkout(http_base, created.client_secret, "4111 1111 1111 1111")
    assert response.status_code == 400 and "test card" in response.text
    got = await pay.GetPayment(pb.GetPaymentRequest(payment_id=created.payment.id), metadata=payer.metadata)
    assert got.payment.status == pb.PAYMENT_STATUS_REQUIRES_ACTION


async def test_the_3ds_card_asks_for_authentication_which_completes_or_fails_the_payment(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    payer, payee = await member(token_for, users), await member(token_for, users)
    first = await pay.CreatePayment(tip(payee, 2000), metadata=payer.metadata)
    step = await checkout(http_base, first.client_secret, "4000 0025 0000 3155")
    assert step.status_code == 200 and 'value="authenticate"' in step.text
    got = await pay.GetPayment(pb.GetPaymentRequest(payment_id=first.payment.id), metadata=payer.metadata)
    assert got.payment.status == pb.PAYMENT_STATUS_REQUIRES_ACTION and got.payment.authentication_required
    assert not (await pay.GetBalance(pb.GetBalanceRequest(), metadata=payee.metadata)).balances
    done = await checkout(http_base, first.client_secret, action="authenticate")
    assert 'data-status="succeeded"' in done.text
    assert (await balance(pay, payee)).pending.amount_minor == 1700

    second = await pay.CreatePayment(tip(payee, 2000), metadata=payer.metadata)
    await checkout(http_base, second.client_secret, "4000002500003155")
    failed = await checkout(http_base, second.client_secret, action="fail_authentication")
    assert failed.status_code == 402
    got = await pay.GetPayment(pb.GetPaymentRequest(payment_id=second.payment.id), metadata=payer.metadata)
    assert got.payment.failure_code == "payment_intent_authentication_failure"
    assert (await balance(pay, payee)).pending.amount_minor == 1700


async def test_a_browser_post_without_the_pages_csrf_token_is_refused(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    payer, payee = await member(token_for, users), await member(token_for, users)
    created = await pay.CreatePayment(tip(payee), metadata=payer.metadata)
    async with httpx.AsyncClient(base_url=http_base) as http:
        refused = await http.post(
            "/test-checkout",
            data={"client_secret": created.client_secret, "card_number": "4242424242424242"},
            headers={"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
        )
        assert refused.status_code == 403
        # The page itself works in a browser: its token and cookie pass the check.
        page = await http.get(created.checkout_url)
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        accepted = await http.post(
            "/test-checkout",
            data={"client_secret": created.client_secret, "card_number": "4242424242424242", "csrf_token": token},
            headers={"origin": http_base, "sec-fetch-site": "same-origin"},
        )
    assert 'data-status="succeeded"' in accepted.text


async def test_create_payment_names_every_bad_field(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
) -> None:
    payer = await member(token_for, users)
    bad = pb.CreatePaymentRequest(
        idempotency_key="k", amount=usd(49), purpose=pb.PAYMENT_PURPOSE_SESSION, payee_user_id=payer.id
    )
    error = await fails(pay.CreatePayment(bad, metadata=payer.metadata), CODE.INVALID_ARGUMENT)
    assert bad_fields(error) == {"amount.amount_minor", "purpose"}
    yen = pb.CreatePaymentRequest(idempotency_key="k", amount=usd(1_500_001, "JPY"), purpose=pb.PAYMENT_PURPOSE_TIP)
    error = await fails(pay.CreatePayment(yen, metadata=payer.metadata), CODE.INVALID_ARGUMENT)
    assert bad_fields(error) == {"amount.amount_minor", "payee_user_id"}
    odd = pb.CreatePaymentRequest(
        idempotency_key="k", amount=usd(1000, "XYZ"), purpose=pb.PAYMENT_PURPOSE_TIP, payee_user_id=payer.id
    )
    error = await fails(pay.CreatePayment(odd, metadata=payer.metadata), CODE.INVALID_ARGUMENT)
    assert bad_fields(error) == {"amount.currency_code", "payee_user_id"}


async def test_create_payment_failure_codes(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
) -> None:
    payer = await member(token_for, users)
    nobody = caller(token_for)  # an account without a profile
    await fails(pay.CreatePayment(tip(nobody), metadata=payer.metadata), CODE.NOT_FOUND, "PAYEE_NOT_FOUND")
    await fails(pay.CreatePayment(tip(payer)), CODE.UNAUTHENTICATED)
    workshop = pb.CreatePaymentRequest(
        idempotency_key="w", amount=usd(1000), purpose=pb.PAYMENT_PURPOSE_WORKSHOP, reference_id=str(uuid.uuid4())
    )
    await fails(pay.CreatePayment(workshop, metadata=payer.metadata), CODE.UNIMPLEMENTED, "NOT_IMPLEMENTED")


async def test_an_idempotency_key_replays_the_first_answer_and_refuses_other_parameters(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
) -> None:
    payer, payee = await member(token_for, users), await member(token_for, users)
    key = str(uuid.uuid4())
    answers = await asyncio.gather(
        *(pay.CreatePayment(tip(payee, 700, key), metadata=payer.metadata) for _ in range(6))
    )
    assert len({a.payment.id for a in answers}) == 1
    assert len({a.client_secret for a in answers}) == 1
    await fails(
        pay.CreatePayment(tip(payee, 701, key), metadata=payer.metadata),
        CODE.FAILED_PRECONDITION,
        "IDEMPOTENCY_KEY_REUSED",
    )
    listed = await pay.ListPayments(pb.ListPaymentsRequest(), metadata=payer.metadata)
    assert [p.id for p in listed.payments] == [answers[0].payment.id]
    # Keys belong to their caller: another member's same key is a different payment.
    other = await member(token_for, users)
    mine = await pay.CreatePayment(tip(payee, 700, key), metadata=other.metadata)
    assert mine.payment.id != answers[0].payment.id


async def test_cancel_payment(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    payer, payee = await member(token_for, users), await member(token_for, users)
    created = await pay.CreatePayment(tip(payee), metadata=payer.metadata)
    request = pb.CancelPaymentRequest(payment_id=created.payment.id)
    await fails(pay.CancelPayment(request, metadata=payee.metadata), CODE.PERMISSION_DENIED, "NOT_PAYER")
    cancelled = await pay.CancelPayment(request, metadata=payer.metadata)
    assert cancelled.payment.status == pb.PAYMENT_STATUS_CANCELED
    assert (await pay.CancelPayment(request, metadata=payer.metadata)).payment.status == pb.PAYMENT_STATUS_CANCELED
    page = await checkout(http_base, created.client_secret)
    assert 'data-status="canceled"' in page.text
    assert not (await pay.GetBalance(pb.GetBalanceRequest(), metadata=payee.metadata)).balances

    paid = await pay.CreatePayment(tip(payee), metadata=payer.metadata)
    await checkout(http_base, paid.client_secret)
    await fails(
        pay.CancelPayment(pb.CancelPaymentRequest(payment_id=paid.payment.id), metadata=payer.metadata),
        CODE.FAILED_PRECONDITION,
        "PAYMENT_NOT_CANCELABLE",
    )
    await fails(
        pay.CancelPayment(pb.CancelPaymentRequest(payment_id=str(uuid.uuid4())), metadata=payer.metadata),
        CODE.NOT_FOUND,
        "PAYMENT_NOT_FOUND",
    )


async def test_refund_payment_takes_from_the_payee_and_returns_the_fee_proportionally(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    payer, payee = await member(token_for, users), await member(token_for, users)
    unpaid = await pay.CreatePayment(tip(payee, 2000), metadata=payer.metadata)
    refund_unpaid = pb.RefundPaymentRequest(idempotency_key="r0", payment_id=unpaid.payment.id)
    await fails(
        pay.RefundPayment(refund_unpaid, metadata=payee.metadata), CODE.FAILED_PRECONDITION, "PAYMENT_NOT_REFUNDABLE"
    )

    created = await pay.CreatePayment(tip(payee, 2000), metadata=payer.metadata)
    await checkout(http_base, created.client_secret)
    payment_id = created.payment.id
    half = pb.RefundPaymentRequest(
        idempotency_key="r1", payment_id=payment_id, amount=usd(1000), reason=pb.REFUND_REASON_REQUESTED_BY_CUSTOMER
    )
    await fails(pay.RefundPayment(half, metadata=payer.metadata), CODE.PERMISSION_DENIED, "NOT_PAYEE")
    first = await pay.RefundPayment(half, metadata=payee.metadata)
    assert first.payment.status == pb.PAYMENT_STATUS_PARTIALLY_REFUNDED
    assert first.refund.amount.amount_minor == 1000 and first.refund.status == pb.REFUND_STATUS_SUCCEEDED
    replay = await pay.RefundPayment(half, metadata=payee.metadata)
    assert replay.refund.id == first.refund.id
    got = await pay.GetPayment(pb.GetPaymentRequest(payment_id=payment_id), metadata=payer.metadata)
    assert got.payment.amount_refunded.amount_minor == 1000 and len(got.refunds) == 1

    too_much = pb.RefundPaymentRequest(idempotency_key="r2", payment_id=payment_id, amount=usd(1001))
    await fails(
        pay.RefundPayment(too_much, metadata=payee.metadata), CODE.FAILED_PRECONDITION, "REFUND_EXCEEDS_REMAINING"
    )
    euro = pb.RefundPaymentRequest(idempotency_key="r3", payment_id=payment_id, amount=usd(100, "EUR"))
    error = await fails(pay.RefundPayment(euro, metadata=payee.metadata), CODE.INVALID_ARGUMENT)
    assert bad_fields(error) == {"amount.currency_code"}
    rest = await pay.RefundPayment(
        pb.RefundPaymentRequest(idempotency_key="r4", payment_id=payment_id), metadata=payee.metadata
    )
    assert rest.refund.amount.amount_minor == 1000 and rest.payment.status == pb.PAYMENT_STATUS_REFUNDED
    # 1700 pending from the payment; 2000 refunded of which 300 was the platform's fee.
    now = await balance(pay, payee)
    assert (now.pending.amount_minor, now.available.amount_minor) == (1700, -1700)


async def test_a_session_escrow_is_paid_held_and_released_to_the_teacher_minus_the_fee(
    server: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    learner, teacher = await member(token_for, users), await member(token_for, users)
    opened = await open_session_escrow(server, learner, teacher, 5000)
    as_payer = await pay.GetEscrow(pb.GetEscrowRequest(escrow_id=opened.escrow_id), metadata=learner.metadata)
    escrow = as_payer.escrow
    assert escrow.status == pb.ESCROW_STATUS_AWAITING_FUNDING
    assert (escrow.platform_fee_basis_points, escrow.platform_fee.amount_minor) == (1500, 750)
    assert as_payer.client_secret == opened.client_secret and as_payer.checkout_url
    as_payee = await pay.GetEscrow(pb.GetEscrowRequest(escrow_id=opened.escrow_id), metadata=teacher.metadata)
    assert as_payee.client_secret == "" and as_payee.checkout_url == ""
    # The session's price is the only amount: a second hold for the session returns the same escrow.
    assert server.session_escrows is not None

    await checkout(http_base, opened.client_secret)
    held = (await pay.GetEscrow(pb.GetEscrowRequest(escrow_id=opened.escrow_id), metadata=teacher.metadata)).escrow
    assert held.status == pb.ESCROW_STATUS_HELD
    assert (await balance(pay, teacher)).in_escrow.amount_minor == 5000

    release = pb.ReleaseEscrowRequest(idempotency_key="rel", escrow_id=opened.escrow_id)
    await fails(pay.ReleaseEscrow(release, metadata=teacher.metadata), CODE.PERMISSION_DENIED, "NOT_PAYER")
    released = (await pay.ReleaseEscrow(release, metadata=learner.metadata)).escrow
    assert released.status == pb.ESCROW_STATUS_RELEASED
    assert (released.released_amount.amount_minor, released.platform_fee.amount_minor) == (4250, 750)
    assert (await pay.ReleaseEscrow(release, metadata=learner.metadata)).escrow.status == pb.ESCROW_STATUS_RELEASED
    await fails(
        pay.ReleaseEscrow(
            pb.ReleaseEscrowRequest(idempotency_key="rel2", escrow_id=opened.escrow_id), metadata=learner.metadata
        ),
        CODE.FAILED_PRECONDITION,
        "ESCROW_NOT_HELD",
    )
    now = await balance(pay, teacher)
    assert (now.in_escrow.amount_minor, now.pending.amount_minor) == (0, 4250)
    entries = await pay.ListBalanceTransactions(
        pb.ListBalanceTransactionsRequest(page_size=1), metadata=teacher.metadata
    )
    assert entries.next_page_token
    assert [(e.type, e.balance) for e in entries.balance_transactions] == [
        (pb.BALANCE_TRANSACTION_TYPE_ESCROW_RELEASED, pb.BALANCE_TYPE_PENDING)
    ]
    rest = await pay.ListBalanceTransactions(
        pb.ListBalanceTransactionsRequest(page_size=10, page_token=entries.next_page_token), metadata=teacher.metadata
    )
    assert [(e.type, e.balance, e.amount.amount_minor) for e in rest.balance_transactions] == [
        (pb.BALANCE_TRANSACTION_TYPE_ESCROW_RELEASED, pb.BALANCE_TYPE_IN_ESCROW, -5000),
        (pb.BALANCE_TRANSACTION_TYPE_ESCROW_FUNDED, pb.BALANCE_TYPE_IN_ESCROW, 5000),
    ]
    listed = await pay.ListEscrows(pb.ListEscrowsRequest(role=pb.PAYMENT_ROLE_PAYEE), metadata=teacher.metadata)
    assert [e.id for e in listed.escrows] == [opened.escrow_id]
    await fails(
        pay.GetEscrow(pb.GetEscrowRequest(escrow_id=opened.escrow_id), metadata=caller(token_for).metadata),
        CODE.NOT_FOUND,
        "ESCROW_NOT_FOUND",
    )


async def test_session_cancellation_refunds_per_policy_and_no_show_puts_the_escrow_on_hold(
    server: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    escrows = server.session_escrows
    assert escrows is not None
    learner, teacher = await member(token_for, users), await member(token_for, users)
    admin = caller(token_for, "admin")
    # Late cancellation by the learner: 50% back, the rest released to the teacher minus the fee on it.
    late = await funded_escrow(server, http_base, learner, teacher, 999)
    async with server.uow() as uow:
        refunded = await escrows.refund(uow.session, late.escrow_id, percent=50)
        await uow.commit()
    assert refunded == 499
    split = (await pay.GetEscrow(pb.GetEscrowRequest(escrow_id=late.escrow_id), metadata=learner.metadata)).escrow
    assert split.status == pb.ESCROW_STATUS_SPLIT
    assert (
        split.refunded_amount.amount_minor,
        split.released_amount.amount_minor,
        split.platform_fee.amount_minor,
    ) == (
        499,
        425,
        75,
    )
    # An unpaid escrow is cancelled instead, and its checkout no longer takes money.
    unpaid = await open_session_escrow(server, learner, teacher, 3000)
    async with server.uow() as uow:
        assert await escrows.refund(uow.session, unpaid.escrow_id, percent=100) == 0
        await uow.commit()
    page = await checkout(http_base, unpaid.client_secret)
    assert 'data-status="canceled"' in page.text
    # NO_SHOW: on hold; the teacher may no longer refund it, an admin settles it.
    reported = await funded_escrow(server, http_base, learner, teacher, 4000)
    async with server.uow() as uow:
        await escrows.put_on_hold(uow.session, reported.escrow_id, reason="no_show reported")
        await uow.commit()
    frozen = (await pay.GetEscrow(pb.GetEscrowRequest(escrow_id=reported.escrow_id), metadata=teacher.metadata)).escrow
    assert (frozen.status, frozen.hold_reason) == (pb.ESCROW_STATUS_ON_HOLD, "no_show reported")
    assert not await escrows.is_funded(unpaid.escrow_id)
    assert await escrows.is_funded(reported.escrow_id)
    refund = pb.RefundEscrowRequest(idempotency_key="x", escrow_id=reported.escrow_id)
    await fails(pay.RefundEscrow(refund, metadata=teacher.metadata), CODE.PERMISSION_DENIED, "ESCROW_ON_HOLD")
    await fails(pay.RefundEscrow(refund, metadata=learner.metadata), CODE.PERMISSION_DENIED, "NOT_PAYEE")
    await fails(
        pay.ReleaseEscrow(
            pb.ReleaseEscrowRequest(idempotency_key="y", escrow_id=reported.escrow_id), metadata=learner.metadata
        ),
        CODE.FAILED_PRECONDITION,
        "ESCROW_NOT_HELD",
    )
    settled = await pay.RefundEscrow(refund, metadata=admin.metadata)
    assert settled.escrow.status == pb.ESCROW_STATUS_REFUNDED and settled.refund.amount.amount_minor == 4000
    assert settled.refund.escrow_id == reported.escrow_id
    payment = await pay.GetPayment(
        pb.GetPaymentRequest(payment_id=settled.escrow.payment_id), metadata=learner.metadata
    )
    assert payment.payment.status == pb.PAYMENT_STATUS_REFUNDED
    now = await balance(pay, teacher)
    assert (now.in_escrow.amount_minor, now.pending.amount_minor) == (0, 425)


async def test_refund_escrow_by_the_payee_partly_splits_and_checks_amounts(
    server: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    learner, teacher = await member(token_for, users), await member(token_for, users)
    opened = await funded_escrow(server, http_base, learner, teacher, 2000)
    too_much = pb.RefundEscrowRequest(idempotency_key="a", escrow_id=opened.escrow_id, amount=usd(2001))
    await fails(
        pay.RefundEscrow(too_much, metadata=teacher.metadata), CODE.FAILED_PRECONDITION, "REFUND_EXCEEDS_REMAINING"
    )
    zero = pb.RefundEscrowRequest(idempotency_key="b", escrow_id=opened.escrow_id, amount=usd(0))
    error = await fails(pay.RefundEscrow(zero, metadata=teacher.metadata), CODE.INVALID_ARGUMENT)
    assert bad_fields(error) == {"amount.amount_minor"}
    part = pb.RefundEscrowRequest(idempotency_key="c", escrow_id=opened.escrow_id, amount=usd(500))
    answer = await pay.RefundEscrow(part, metadata=teacher.metadata)
    assert answer.escrow.status == pb.ESCROW_STATUS_SPLIT
    assert (answer.escrow.released_amount.amount_minor, answer.escrow.platform_fee.amount_minor) == (1275, 225)


async def test_balances_of_another_member_are_for_admins_only_and_unbuilt_rpcs_say_so(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
) -> None:
    me, other = await member(token_for, users), await member(token_for, users)
    admin = caller(token_for, "admin")
    for call in (
        pay.GetBalance(pb.GetBalanceRequest(user_id=other.id), metadata=me.metadata),
        pay.ListBalanceTransactions(pb.ListBalanceTransactionsRequest(user_id=other.id), metadata=me.metadata),
        pay.ListPayments(pb.ListPaymentsRequest(user_id=other.id), metadata=me.metadata),
        pay.ListEscrows(pb.ListEscrowsRequest(user_id=other.id), metadata=me.metadata),
    ):
        await fails(call, CODE.PERMISSION_DENIED, "OTHER_MEMBER")
    assert (await pay.GetBalance(pb.GetBalanceRequest(user_id=other.id), metadata=admin.metadata)).balances == []
    await fails(
        pay.ListPayments(pb.ListPaymentsRequest(page_token="forged"), metadata=me.metadata),
        CODE.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN",
    )
    await fails(pay.GetBalance(pb.GetBalanceRequest()), CODE.UNAUTHENTICATED)
    # Subscriptions and invoices are built: tests/e2e/test_payment_subscriptions.py and test_payment_billing.py.
    await fails(
        pay.ListInvoices(pb.ListInvoicesRequest(user_id=other.id), metadata=me.metadata),
        CODE.PERMISSION_DENIED,
        "OTHER_MEMBER",
    )


async def test_the_database_refuses_an_unbalanced_ledger_transaction_and_edits_of_entries(
    database_url: str, server: Application
) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        account, tx = uuid.uuid4(), uuid.uuid4()
        await conn.execute(
            "INSERT INTO payment_ledger_accounts (id, kind, owner_id, currency) VALUES ($1, 'pending', $2, 'USD')",
            account,
            uuid.uuid4(),
        )
        with pytest.raises(asyncpg.CheckViolationError, match="does not balance"):
            async with conn.transaction():
                await conn.execute(
                    "INSERT INTO payment_ledger_transactions (id, kind, currency) VALUES ($1, 'payment', 'USD')", tx
                )
                await conn.execute(
                    "INSERT INTO payment_ledger_entries (transaction_id, account_id, currency, amount_minor) "
                    "VALUES ($1, $2, 'USD', 100)",
                    tx,
                    account,
                )
        with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
            await conn.execute("UPDATE payment_ledger_entries SET amount_minor = amount_minor + 1")
        # Every transaction the server wrote balances per currency.
        unbalanced = await conn.fetch(
            "SELECT transaction_id FROM payment_ledger_entries GROUP BY transaction_id, currency "
            "HAVING sum(amount_minor) <> 0"
        )
        assert unbalanced == []
    finally:
        await conn.close()


class NoPayees:
    """Payees for a PaymentService that only runs housekeeping."""

    async def profile_visible(self, user_id: uuid.UUID, caller: object) -> bool:
        return False


async def test_unpaid_payments_and_escrows_are_cancelled_after_24_hours_and_old_keys_forgotten(
    server: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    payer, payee = await member(token_for, users), await member(token_for, users)
    key = str(uuid.uuid4())
    unpaid = await pay.CreatePayment(tip(payee, 900, key), metadata=payer.metadata)
    paid = await pay.CreatePayment(tip(payee, 900), metadata=payer.metadata)
    await checkout(http_base, paid.client_secret)
    opened = await open_session_escrow(server, payer, payee, 3000)
    assert server.payments is not None and server.payment_secrets is not None
    # The job's use case, run as it would run a day later (the clock is the only stand-in).
    later = PaymentService(
        uow=server.uow,
        pages=server.paginator,
        payees=NoPayees(),  # expiry pays nobody
        secrets=server.payment_secrets,
        checkout_base=lambda: http_base,
        now=lambda: datetime.now(UTC) + timedelta(hours=25),
    )
    assert await later.expire_unpaid() >= 2
    got = await pay.GetPayment(pb.GetPaymentRequest(payment_id=unpaid.payment.id), metadata=payer.metadata)
    assert got.payment.status == pb.PAYMENT_STATUS_CANCELED
    got = await pay.GetPayment(pb.GetPaymentRequest(payment_id=paid.payment.id), metadata=payer.metadata)
    assert got.payment.status == pb.PAYMENT_STATUS_SUCCEEDED
    escrow = (await pay.GetEscrow(pb.GetEscrowRequest(escrow_id=opened.escrow_id), metadata=payer.metadata)).escrow
    assert escrow.status == pb.ESCROW_STATUS_CANCELED
    # The key is forgotten: the same key now starts a new payment.
    again = await pay.CreatePayment(tip(payee, 900, key), metadata=payer.metadata)
    assert again.payment.id != unpaid.payment.id
