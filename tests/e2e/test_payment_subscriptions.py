"""Plans and subscriptions with the offline processor: the plan list, subscribing and paying on the test
checkout, the plan's lower platform fee while the subscription runs, cancellation, and failure codes."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import grpc
import pytest
from skillsphere.payment.v1 import payment_pb2 as pb
from skillsphere.payment.v1 import payment_pb2_grpc
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from tests.e2e.payment_helpers import checkout, fails, member, open_session_escrow, tip
from tests.e2e.user_helpers import caller

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
