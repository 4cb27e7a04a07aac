"""Plans and subscriptions with the offline processor: the plan list, subscribing and paying on the test
checkout, the plan's lower platform fee while the subscription runs, cancellation, and failure codes."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable
from datetime import UTC

import grpc
import httpx
import pytest
from skillsphere.payment.v1 import payment_pb2 as pb
from skillsphere.payment.v1 import payment_pb2_grpc
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from tests.e2e.payment_helpers import checkout, fails, member, open_session_escrow, tip
from tests.e2e.user_helpers import Caller, caller

CODE = grpc.StatusCode


@pytest.fixture(scope="module")
def pay(channel: grpc.aio.Channel) -> payment_pb2_grpc.PaymentServiceStub:
    return payment_pb2_grpc.PaymentServiceStub(channel)


@pytest.fixture(scope="module")
def users(channel: grpc.aio.Channel) -> user_pb2_grpc.UserServiceStub:
    return user_pb2_grpc.UserServiceStub(channel)


async def pro_plan(pay: payment_pb2_grpc.PaymentServiceStub) -> pb.SubscriptionPlan:
    plans = (await pay.ListSubscriptionPlans(pb.ListSubscriptionPlansRequest())).plans
    return next(p for p in plans if p.tier == pb.SUBSCRIPTION_TIER_PRO)


async def test_plans_are_public_cheapest_first_per_currency(pay: payment_pb2_grpc.PaymentServiceStub) -> None:
    first = await pay.ListSubscriptionPlans(pb.ListSubscriptionPlansRequest(page_size=1))
    assert [
        (p.tier, p.price.amount_minor, p.price.currency_code, p.platform_fee_basis_points) for p in first.plans
    ] == [(pb.SUBSCRIPTION_TIER_PRO, 999, "USD", 1000)]
    rest = await pay.ListSubscriptionPlans(
        pb.ListSubscriptionPlansRequest(page_size=5, page_token=first.next_page_token)
    )
    assert [(p.tier, p.price.amount_minor) for p in rest.plans] == [(pb.SUBSCRIPTION_TIER_PREMIUM, 2499)]
    assert rest.next_page_token == ""
    euro = await pay.ListSubscriptionPlans(pb.ListSubscriptionPlansRequest(currency_code="EUR"))
    assert {p.price.currency_code for p in euro.plans} == {"EUR"}
    assert not (await pay.ListSubscriptionPlans(pb.ListSubscriptionPlansRequest(currency_code="JPY"))).plans
    await fails(pay.ListSubscriptionPlans(pb.ListSubscriptionPlansRequest(currency_code="XYZ")), CODE.INVALID_ARGUMENT)


async def test_a_paid_subscription_lowers_the_members_fee_until_it_ends(
    server: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    teacher, learner = await member(token_for, users), await member(token_for, users)
    plan = await pro_plan(pay)
    request = pb.CreateSubscriptionRequest(idempotency_key=str(uuid.uuid4()), plan_id=plan.id)
    created = await pay.CreateSubscription(request, metadata=teacher.metadata)
    assert created.subscription.status == pb.SUBSCRIPTION_STATUS_INCOMPLETE and created.checkout_url
    assert (await pay.CreateSubscription(request, metadata=teacher.metadata)).subscription.id == created.subscription.id
    again = pb.CreateSubscriptionRequest(idempotency_key=str(uuid.uuid4()), plan_id=plan.id)
    await fails(pay.CreateSubscription(again, metadata=teacher.metadata), CODE.ALREADY_EXISTS, "SUBSCRIPTION_EXISTS")
    current = await pay.GetSubscription(pb.GetSubscriptionRequest(), metadata=teacher.metadata)
    assert current.subscription.id == created.subscription.id and current.client_secret == created.client_secret

    # Before paying, the default 15% applies.
    assert (
        await pay.CreatePayment(tip(teacher, 1000), metadata=learner.metadata)
    ).payment.platform_fee.amount_minor == 150
    assert 'data-status="succeeded"' in (await checkout(http_base, created.client_secret)).text
    active = (await pay.GetSubscription(pb.GetSubscriptionRequest(), metadata=teacher.metadata)).subscription
    assert active.status == pb.SUBSCRIPTION_STATUS_ACTIVE and active.current_period_end_time.seconds > 0
    assert (
        await pay.CreatePayment(tip(teacher, 1000), metadata=learner.metadata)
    ).payment.platform_fee.amount_minor == 100
    opened = await open_session_escrow(server, learner, teacher, 5000)
    escrow = (await pay.GetEscrow(pb.GetEscrowRequest(escrow_id=opened.escrow_id), metadata=teacher.metadata)).escrow
    assert (escrow.platform_fee_basis_points, escrow.platform_fee.amount_minor) == (1000, 500)

    cancel = pb.CancelSubscriptionRequest(subscription_id=created.subscription.id)
    later = (await pay.CancelSubscription(cancel, metadata=teacher.metadata)).subscription
    assert later.status == pb.SUBSCRIPTION_STATUS_ACTIVE and later.cancel_at_period_end
    assert later.cancel_time == active.current_period_end_time
    cancel.cancel_immediately = True
    ended = (await pay.CancelSubscription(cancel, metadata=teacher.metadata)).subscription
    assert ended.status == pb.SUBSCRIPTION_STATUS_CANCELED
    assert (
        await pay.CreatePayment(tip(teacher, 1000), metadata=learner.metadata)
    ).payment.platform_fee.amount_minor == 150
    await fails(
        pay.GetSubscription(pb.GetSubscriptionRequest(), metadata=teacher.metadata),
        CODE.NOT_FOUND,
        "SUBSCRIPTION_NOT_FOUND",
    )
    got = await pay.GetSubscription(pb.GetSubscriptionRequest(subscription_id=ended.id), metadata=teacher.metadata)
    assert got.subscription.status == pb.SUBSCRIPTION_STATUS_CANCELED


async def test_subscription_failure_codes_and_a_declined_first_payment(
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    who, stranger = await member(token_for, users), caller(token_for)
    unknown = pb.CreateSubscriptionRequest(idempotency_key="u", plan_id=str(uuid.uuid4()))
    await fails(pay.CreateSubscription(unknown, metadata=who.metadata), CODE.NOT_FOUND, "PLAN_NOT_FOUND")
    plan = await pro_plan(pay)
    promo = pb.CreateSubscriptionRequest(idempotency_key="p", plan_id=plan.id, promotion_code="FREE")
    await fails(pay.CreateSubscription(promo, metadata=who.metadata), CODE.INVALID_ARGUMENT)
    await fails(
        pay.CreateSubscription(pb.CreateSubscriptionRequest(idempotency_key="x", plan_id=plan.id)), CODE.UNAUTHENTICATED
    )
    created = await pay.CreateSubscription(
        pb.CreateSubscriptionRequest(idempotency_key="d", plan_id=plan.id), metadata=who.metadata
    )
    await fails(
        pay.GetSubscription(
            pb.GetSubscriptionRequest(subscription_id=created.subscription.id), metadata=stranger.metadata
        ),
        CODE.NOT_FOUND,
        "SUBSCRIPTION_NOT_FOUND",
    )
    await fails(
        pay.CancelSubscription(
            pb.CancelSubscriptionRequest(subscription_id=created.subscription.id), metadata=stranger.metadata
        ),
        CODE.NOT_FOUND,
        "SUBSCRIPTION_NOT_FOUND",
    )
    assert (await checkout(http_base, created.client_secret, "4000000000000002")).status_code == 402
    got = await pay.GetSubscription(
        pb.GetSubscriptionRequest(subscription_id=created.subscription.id), metadata=who.metadata
    )
    assert got.subscription.status == pb.SUBSCRIPTION_STATUS_CANCELED and got.client_secret == ""
    # A cancelled subscription does not block a new one.
    fresh = await pay.CreateSubscription(
        pb.CreateSubscriptionRequest(idempotency_key="n", plan_id=plan.id), metadata=who.metadata
    )
    assert fresh.subscription.status == pb.SUBSCRIPTION_STATUS_INCOMPLETE


async def premium_plan(pay: payment_pb2_grpc.PaymentServiceStub, currency: str = "USD") -> pb.SubscriptionPlan:
    plans = (await pay.ListSubscriptionPlans(pb.ListSubscriptionPlansRequest(currency_code=currency))).plans
    return next(p for p in plans if p.tier == pb.SUBSCRIPTION_TIER_PREMIUM)


async def paid_subscription(
    pay: payment_pb2_grpc.PaymentServiceStub, who: Caller, http_base: str, card: str = "4242424242424242"
) -> pb.Subscription:
    plan = await pro_plan(pay)
    created = await pay.CreateSubscription(
        pb.CreateSubscriptionRequest(idempotency_key=str(uuid.uuid4()), plan_id=plan.id), metadata=who.metadata
    )
    assert (await checkout(http_base, created.client_secret, card)).status_code == 200
    got = await pay.GetSubscription(pb.GetSubscriptionRequest(), metadata=who.metadata)
    assert got.subscription.status == pb.SUBSCRIPTION_STATUS_ACTIVE
    return got.subscription


async def test_every_charge_has_a_numbered_invoice_with_a_hosted_page(
    pay: payment_pb2_grpc.PaymentServiceStub, token_for: Callable[..., str], http_base: str
) -> None:
    who, stranger, admin = caller(token_for), caller(token_for), caller(token_for, "admin")
    plan = await pro_plan(pay)
    created = await pay.CreateSubscription(
        pb.CreateSubscriptionRequest(idempotency_key=str(uuid.uuid4()), plan_id=plan.id), metadata=who.metadata
    )
    first_id = created.subscription.latest_invoice_id
    opened = (await pay.GetInvoice(pb.GetInvoiceRequest(invoice_id=first_id), metadata=who.metadata)).invoice
    assert opened.status == pb.INVOICE_STATUS_OPEN and re.fullmatch(r"SKS-\d{4}-\d{6}", opened.number)
    assert [(li.description.split(",")[0], li.amount.amount_minor) for li in opened.line_items] == [
        ("Pro monthly", 999)
    ]
    assert (opened.total.amount_minor, opened.amount_due.amount_minor, opened.payment_id) == (999, 999, "")

    assert (await checkout(http_base, created.client_secret)).status_code == 200
    paid = (await pay.GetInvoice(pb.GetInvoiceRequest(invoice_id=first_id), metadata=who.metadata)).invoice
    assert paid.status == pb.INVOICE_STATUS_PAID and paid.paid_time.seconds > 0
    assert (paid.amount_paid.amount_minor, paid.amount_due.amount_minor) == (999, 0)
    payment = (await pay.GetPayment(pb.GetPaymentRequest(payment_id=paid.payment_id), metadata=who.metadata)).payment
    assert payment.invoice_id == first_id and payment.purpose == pb.PAYMENT_PURPOSE_SUBSCRIPTION

    async with httpx.AsyncClient() as http:
        page = await http.get(paid.hosted_invoice_url)
        assert page.status_code == 200 and paid.number in page.text and 'data-status="paid"' in page.text
        forged = await http.get(paid.hosted_invoice_url.split("?")[0] + "?token=forged")
        assert forged.status_code == 404

    # Only the member or an admin reads it.
    await fails(
        pay.GetInvoice(pb.GetInvoiceRequest(invoice_id=first_id), metadata=stranger.metadata),
        CODE.NOT_FOUND,
        "INVOICE_NOT_FOUND",
    )
    assert (await pay.GetInvoice(pb.GetInvoiceRequest(invoice_id=first_id), metadata=admin.metadata)).invoice.id
    await fails(
        pay.ListInvoices(pb.ListInvoicesRequest(user_id=who.id), metadata=stranger.metadata),
        CODE.PERMISSION_DENIED,
        "OTHER_MEMBER",
    )
    await fails(pay.GetInvoice(pb.GetInvoiceRequest(invoice_id=first_id)), CODE.UNAUTHENTICATED)

    # An upgrade adds a proration invoice; the list pages newest first; numbers are consecutive.
    premium = await premium_plan(pay)
    change = pb.ChangeSubscriptionPlanRequest(
        idempotency_key=str(uuid.uuid4()), subscription_id=created.subscription.id, plan_id=premium.id
    )
    await pay.ChangeSubscriptionPlan(change, metadata=who.metadata)
    first = await pay.ListInvoices(pb.ListInvoicesRequest(page_size=1), metadata=who.metadata)
    rest = await pay.ListInvoices(
        pb.ListInvoicesRequest(page_size=1, page_token=first.next_page_token), metadata=who.metadata
    )
    assert rest.invoices[0].id == first_id and rest.next_page_token == ""
    newer, older = first.invoices[0], rest.invoices[0]
    assert int(newer.number[-6:]) > int(older.number[-6:])
    by_admin = await pay.ListInvoices(
        pb.ListInvoicesRequest(user_id=who.id, statuses=[pb.INVOICE_STATUS_PAID]), metadata=admin.metadata
    )
    assert {i.id for i in by_admin.invoices} == {newer.id, older.id}
    await fails(
        pay.ListInvoices(pb.ListInvoicesRequest(page_token="forged"), metadata=who.metadata),
        CODE.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN",
    )


async def test_an_upgrade_is_prorated_at_once_and_a_downgrade_waits_for_the_renewal(
    pay: payment_pb2_grpc.PaymentServiceStub, token_for: Callable[..., str], http_base: str
) -> None:
    who, admin = caller(token_for), caller(token_for, "admin")
    subscription = await paid_subscription(pay, who, http_base)
    pro, premium = await pro_plan(pay), await premium_plan(pay)
    key = str(uuid.uuid4())
    change = pb.ChangeSubscriptionPlanRequest(idempotency_key=key, subscription_id=subscription.id, plan_id=premium.id)
    upgraded = (await pay.ChangeSubscriptionPlan(change, metadata=who.metadata)).subscription
    assert upgraded.plan_id == premium.id and upgraded.tier == pb.SUBSCRIPTION_TIER_PREMIUM
    assert upgraded.current_period_end_time == subscription.current_period_end_time
    invoice = (
        await pay.GetInvoice(pb.GetInvoiceRequest(invoice_id=upgraded.latest_invoice_id), metadata=who.metadata)
    ).invoice
    credit, charge = (li.amount.amount_minor for li in invoice.line_items)
    # Seconds after the period started: nearly all of the old price back, nearly all of the new one charged.
    assert -999 <= credit <= -990 and 2480 <= charge <= 2499
    assert invoice.total.amount_minor == charge + credit and invoice.status == pb.INVOICE_STATUS_PAID
    # The same key replays the answer and charges nothing more; with another plan it is refused.
    replay = (await pay.ChangeSubscriptionPlan(change, metadata=who.metadata)).subscription
    assert replay.latest_invoice_id == upgraded.latest_invoice_id
    listed = (await pay.ListInvoices(pb.ListInvoicesRequest(), metadata=who.metadata)).invoices
    assert len(listed) == 2
    change.plan_id = pro.id
    await fails(
        pay.ChangeSubscriptionPlan(change, metadata=who.metadata), CODE.FAILED_PRECONDITION, "IDEMPOTENCY_KEY_REUSED"
    )

    down = pb.ChangeSubscriptionPlanRequest(
        idempotency_key=str(uuid.uuid4()), subscription_id=subscription.id, plan_id=pro.id
    )
    downgraded = (await pay.ChangeSubscriptionPlan(down, metadata=who.metadata)).subscription
    assert (downgraded.plan_id, downgraded.scheduled_plan_id) == (premium.id, pro.id)
    assert len((await pay.ListInvoices(pb.ListInvoicesRequest(), metadata=who.metadata)).invoices) == 2

    def request(plan_id: str, subscription_id: str = subscription.id) -> pb.ChangeSubscriptionPlanRequest:
        return pb.ChangeSubscriptionPlanRequest(
            idempotency_key=str(uuid.uuid4()), subscription_id=subscription_id, plan_id=plan_id
        )

    await fails(pay.ChangeSubscriptionPlan(request(premium.id), metadata=who.metadata), CODE.INVALID_ARGUMENT)
    euro = await premium_plan(pay, "EUR")
    await fails(pay.ChangeSubscriptionPlan(request(euro.id), metadata=who.metadata), CODE.INVALID_ARGUMENT)
    await fails(
        pay.ChangeSubscriptionPlan(request(str(uuid.uuid4())), metadata=who.metadata), CODE.NOT_FOUND, "PLAN_NOT_FOUND"
    )
    await fails(
        pay.ChangeSubscriptionPlan(request(pro.id, str(uuid.uuid4())), metadata=who.metadata),
        CODE.NOT_FOUND,
        "SUBSCRIPTION_NOT_FOUND",
    )
    await fails(
        pay.ChangeSubscriptionPlan(request(pro.id), metadata=admin.metadata), CODE.PERMISSION_DENIED, "NOT_SUBSCRIBER"
    )
    # An INCOMPLETE subscription cannot change plans.
    other = caller(token_for)
    incomplete = await pay.CreateSubscription(
        pb.CreateSubscriptionRequest(idempotency_key=str(uuid.uuid4()), plan_id=pro.id), metadata=other.metadata
    )
    await fails(
        pay.ChangeSubscriptionPlan(request(premium.id, incomplete.subscription.id), metadata=other.metadata),
        CODE.FAILED_PRECONDITION,
        "SUBSCRIPTION_NOT_ACTIVE",
    )


async def test_a_declined_proration_changes_nothing(
    pay: payment_pb2_grpc.PaymentServiceStub, token_for: Callable[..., str], http_base: str
) -> None:
    who = caller(token_for)
    # 4000 0000 0000 0341 pays on the checkout but every later charge without the customer fails.
    subscription = await paid_subscription(pay, who, http_base, card="4000000000000341")
    change = pb.ChangeSubscriptionPlanRequest(
        idempotency_key=str(uuid.uuid4()), subscription_id=subscription.id, plan_id=(await premium_plan(pay)).id
    )
    await fails(pay.ChangeSubscriptionPlan(change, metadata=who.metadata), CODE.FAILED_PRECONDITION, "CARD_DECLINED")
    after = (await pay.GetSubscription(pb.GetSubscriptionRequest(), metadata=who.metadata)).subscription
    assert (after.plan_id, after.latest_invoice_id) == (subscription.plan_id, subscription.latest_invoice_id)
    assert len((await pay.ListInvoices(pb.ListInvoicesRequest(), metadata=who.metadata)).invoices) == 1


async def test_resume_undoes_a_cancel_at_period_end_and_card_updates_need_past_due(
    pay: payment_pb2_grpc.PaymentServiceStub, token_for: Callable[..., str], http_base: str
) -> None:
    who, stranger, admin = caller(token_for), caller(token_for), caller(token_for, "admin")
    subscription = await paid_subscription(pay, who, http_base)
    cancel = pb.CancelSubscriptionRequest(subscription_id=subscription.id)
    assert (await pay.CancelSubscription(cancel, metadata=who.metadata)).subscription.cancel_at_period_end
    resume = pb.ResumeSubscriptionRequest(subscription_id=subscription.id)
    resumed = (await pay.ResumeSubscription(resume, metadata=who.metadata)).subscription
    assert resumed.status == pb.SUBSCRIPTION_STATUS_ACTIVE and not resumed.cancel_at_period_end
    assert not resumed.HasField("cancel_time")
    assert not (await pay.ResumeSubscription(resume, metadata=admin.metadata)).subscription.cancel_at_period_end
    await fails(pay.ResumeSubscription(resume, metadata=stranger.metadata), CODE.NOT_FOUND, "SUBSCRIPTION_NOT_FOUND")

    update = pb.UpdateSubscriptionCardRequest(idempotency_key=str(uuid.uuid4()), subscription_id=subscription.id)
    await fails(
        pay.UpdateSubscriptionCard(update, metadata=who.metadata), CODE.FAILED_PRECONDITION, "SUBSCRIPTION_NOT_PAST_DUE"
    )
    await fails(pay.UpdateSubscriptionCard(update, metadata=admin.metadata), CODE.PERMISSION_DENIED, "NOT_SUBSCRIBER")
    await fails(
        pay.UpdateSubscriptionCard(update, metadata=stranger.metadata), CODE.NOT_FOUND, "SUBSCRIPTION_NOT_FOUND"
    )
    await fails(pay.UpdateSubscriptionCard(update), CODE.UNAUTHENTICATED)

    cancel.cancel_immediately = True
    await pay.CancelSubscription(cancel, metadata=who.metadata)
    await fails(
        pay.ResumeSubscription(resume, metadata=who.metadata), CODE.FAILED_PRECONDITION, "SUBSCRIPTION_NOT_RESUMABLE"
    )


async def test_invoice_numbers_are_unique_and_gap_free_under_concurrency_and_rollbacks(
    pay: payment_pb2_grpc.PaymentServiceStub, token_for: Callable[..., str], http_base: str
) -> None:
    plan = await pro_plan(pay)
    members = [caller(token_for) for _ in range(6)]

    async def subscribe(who: Caller) -> pb.CreateSubscriptionResponse:
        request = pb.CreateSubscriptionRequest(idempotency_key=str(uuid.uuid4()), plan_id=plan.id)
        return await pay.CreateSubscription(request, metadata=who.metadata)

    created = await asyncio.gather(*(subscribe(who) for who in members))
    numbers = []
    for who, answer in zip(members, created, strict=True):
        invoice_id = answer.subscription.latest_invoice_id
        numbers.append(
            (await pay.GetInvoice(pb.GetInvoiceRequest(invoice_id=invoice_id), metadata=who.metadata)).invoice.number
        )
    sequence = sorted(int(n[-6:]) for n in numbers)
    assert sequence == list(range(sequence[0], sequence[0] + len(members)))

    # A plan change whose charge is declined rolls back with its invoice: its number is not lost.
    who = members[0]
    assert (await checkout(http_base, created[0].client_secret, "4000000000000341")).status_code == 200
    change = pb.ChangeSubscriptionPlanRequest(
        idempotency_key=str(uuid.uuid4()),
        subscription_id=created[0].subscription.id,
        plan_id=(await premium_plan(pay)).id,
    )
    await fails(pay.ChangeSubscriptionPlan(change, metadata=who.metadata), CODE.FAILED_PRECONDITION, "CARD_DECLINED")
    newcomer = caller(token_for)
    later = await subscribe(newcomer)
    invoice_id = later.subscription.latest_invoice_id
    number = (await pay.GetInvoice(pb.GetInvoiceRequest(invoice_id=invoice_id), metadata=newcomer.metadata)).invoice
    assert int(number.number[-6:]) == sequence[-1] + 1


async def test_a_renewal_or_retry_run_twice_at_once_charges_once(
    server: Application, pay: payment_pb2_grpc.PaymentServiceStub, token_for: Callable[..., str], http_base: str
) -> None:
    # What two server processes claiming the same due job (or a job retried after a crash) would do.
    assert server.subscriptions is not None
    billing = server.subscriptions.billing
    who = caller(token_for)
    subscription = await paid_subscription(pay, who, http_base)
    end = subscription.current_period_end_time.ToDatetime(tzinfo=UTC)
    sub_id = uuid.UUID(subscription.id)
    await asyncio.gather(billing.renew(sub_id, end), billing.renew(sub_id, end))
    found = (await pay.ListInvoices(pb.ListInvoicesRequest(), metadata=who.metadata)).invoices
    assert len(found) == 2 and found[0].status == pb.INVOICE_STATUS_PAID
    assert found[0].period_start_time.ToDatetime(tzinfo=UTC) == end
    await billing.renew(sub_id, end)  # a late duplicate: the period has moved on
    assert len((await pay.ListInvoices(pb.ListInvoicesRequest(), metadata=who.metadata)).invoices) == 2

    failing = caller(token_for)
    subscription = await paid_subscription(pay, failing, http_base, card="4000000000000341")
    end = subscription.current_period_end_time.ToDatetime(tzinfo=UTC)
    await billing.renew(uuid.UUID(subscription.id), end)
    got = (await pay.GetSubscription(pb.GetSubscriptionRequest(), metadata=failing.metadata)).subscription
    assert got.status == pb.SUBSCRIPTION_STATUS_PAST_DUE
    invoice_id = uuid.UUID(got.latest_invoice_id)
    await asyncio.gather(billing.retry(invoice_id, 1), billing.retry(invoice_id, 1))
    payments = await pay.ListPayments(
        pb.ListPaymentsRequest(purpose=pb.PAYMENT_PURPOSE_SUBSCRIPTION), metadata=failing.metadata
    )
    assert [p.status for p in payments.payments].count(pb.PAYMENT_STATUS_FAILED) == 2  # the renewal, one retry
