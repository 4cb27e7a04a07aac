"""Paid sessions end to end: CreateSession opens the escrow, the learner pays it on the test checkout,
ConfirmSession waits for the money, and every ending moves it — completion pays the teacher, cancellation
refunds by the policy, a decline refunds in full, an unreported no-show is refunded later and a reported one
stays on hold for an admin."""

from __future__ import annotations

from collections.abc import Callable

import grpc
import pytest
from skillsphere.common.v1 import common_pb2
from skillsphere.payment.v1 import payment_pb2, payment_pb2_grpc
from skillsphere.session.v1 import session_pb2, session_pb2_grpc

from tests.e2e.payment_helpers import checkout
from tests.e2e.session_helpers import (
    Member,
    available_all_week,
    catalog_skill,
    create_request,
    member,
    on_the_hour,
    pending_jobs,
    shift_into_the_past,
    soon,
    teacher,
)
from tests.support.rpc import bad_fields, fails
from tests.support.waiting import eventually

S = session_pb2
P = payment_pb2
OK = grpc.StatusCode


def usd(amount_minor: int, currency: str = "USD") -> common_pb2.Money:
    return common_pb2.Money(currency_code=currency, amount_minor=amount_minor)


@pytest.fixture
def sessions(channel: grpc.aio.Channel) -> session_pb2_grpc.SessionServiceStub:
    return session_pb2_grpc.SessionServiceStub(channel)


@pytest.fixture
def pay(channel: grpc.aio.Channel) -> payment_pb2_grpc.PaymentServiceStub:
    return payment_pb2_grpc.PaymentServiceStub(channel)


async def escrow_of(pay: payment_pb2_grpc.PaymentServiceStub, session: S.Session, who: Member) -> P.GetEscrowResponse:
    return await pay.GetEscrow(P.GetEscrowRequest(escrow_id=session.escrow_id), metadata=who.metadata)


async def test_a_proposed_paid_session_is_confirmed_once_paid_and_its_completion_pays_the_teacher(
    channel: grpc.aio.Channel,
    sessions: session_pb2_grpc.SessionServiceStub,
    pay: payment_pb2_grpc.PaymentServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    created = await sessions.CreateSession(
        create_request(skill, grace.id, ada.id, soon(5), price=usd(5000)), metadata=grace.metadata
    )
    session = created.session
    # The teacher proposed it, so the secret is not theirs: the learner pays through GetEscrow.
    assert created.payment_client_secret == "" and session.escrow_id
    assert (session.price.currency_code, session.price.amount_minor) == ("USD", 5000)
    as_learner = await escrow_of(pay, session, ada)
    assert as_learner.escrow.status == P.ESCROW_STATUS_AWAITING_FUNDING
    assert as_learner.escrow.amount.amount_minor == 5000 and as_learner.client_secret
    assert (await escrow_of(pay, session, grace)).client_secret == ""

    confirm = S.ConfirmSessionRequest(session_id=session.id)
    await fails(sessions.ConfirmSession(confirm, metadata=ada.metadata), OK.FAILED_PRECONDITION, "PAYMENT_REQUIRED")
    await checkout(http_base, as_learner.client_secret)
    assert (await escrow_of(pay, session, grace)).escrow.status == P.ESCROW_STATUS_HELD
    confirmed = (await sessions.ConfirmSession(confirm, metadata=ada.metadata)).session
    assert confirmed.status == S.SESSION_STATUS_CONFIRMED

    await sessions.StartSession(S.StartSessionRequest(session_id=session.id), metadata=grace.metadata)
    done = await sessions.CompleteSession(S.CompleteSessionRequest(session_id=session.id), metadata=ada.metadata)
    assert done.session.status == S.SESSION_STATUS_COMPLETED
    released = (await escrow_of(pay, session, grace)).escrow
    assert released.status == P.ESCROW_STATUS_RELEASED
    assert (released.released_amount.amount_minor, released.platform_fee.amount_minor) == (4250, 750)
    balances = await pay.GetBalance(P.GetBalanceRequest(currency_code="USD"), metadata=grace.metadata)
    assert balances.balances[0].pending.amount_minor == 4250


async def test_a_learner_booking_pays_with_the_returned_secret_and_a_late_cancellation_refunds_half(
    channel: grpc.aio.Channel,
    sessions: session_pb2_grpc.SessionServiceStub,
    pay: payment_pb2_grpc.PaymentServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    await available_all_week(channel, grace)
    ada = await member(channel, token_for, "Ada")
    request = create_request(skill, grace.id, ada.id, on_the_hour(120), price=usd(3000))
    first = await sessions.CreateSession(request, metadata=ada.metadata)
    assert first.payment_client_secret
    # A retry with the same key is the first answer: the same session and a secret for the same payment.
    again = await sessions.CreateSession(request, metadata=ada.metadata)
    assert again.session.id == first.session.id and again.session.escrow_id == first.session.escrow_id
    assert again.payment_client_secret
    await checkout(http_base, again.payment_client_secret)
    assert (await escrow_of(pay, first.session, ada)).escrow.status == P.ESCROW_STATUS_HELD
    assert (await sessions.CreateSession(request, metadata=ada.metadata)).payment_client_secret == ""

    await sessions.ConfirmSession(S.ConfirmSessionRequest(session_id=first.session.id), metadata=grace.metadata)
    cancel = S.CancelSessionRequest(
        session_id=first.session.id, reason=S.CANCELLATION_REASON_SCHEDULE_CONFLICT, validate_only=True
    )
    preview = await sessions.CancelSession(cancel, metadata=ada.metadata)
    assert (preview.refund_percent, preview.refund_amount.amount_minor) == (50, 1500)
    assert (await escrow_of(pay, first.session, ada)).escrow.status == P.ESCROW_STATUS_HELD

    cancel.validate_only = False
    cancelled = await sessions.CancelSession(cancel, metadata=ada.metadata)
    assert cancelled.session.status == S.SESSION_STATUS_CANCELLED and cancelled.refund_amount.amount_minor == 1500
    split = (await escrow_of(pay, first.session, ada)).escrow
    assert split.status == P.ESCROW_STATUS_SPLIT
    assert (split.refunded_amount.amount_minor, split.released_amount.amount_minor) == (1500, 1275)


async def test_declines_refund_in_full_and_an_uncharged_price_books_nothing(
    channel: grpc.aio.Channel,
    sessions: session_pb2_grpc.SessionServiceStub,
    pay: payment_pb2_grpc.PaymentServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    await available_all_week(channel, grace)
    ada = await member(channel, token_for, "Ada")

    # Declined before the learner paid: the escrow is cancelled and its checkout takes no money.
    unpaid = (
        await sessions.CreateSession(
            create_request(skill, grace.id, ada.id, soon(60 * 30), price=usd(2000)), metadata=grace.metadata
        )
    ).session
    secret = (await escrow_of(pay, unpaid, ada)).client_secret
    await sessions.DeclineSession(S.DeclineSessionRequest(session_id=unpaid.id), metadata=ada.metadata)
    assert (await escrow_of(pay, unpaid, ada)).escrow.status == P.ESCROW_STATUS_CANCELED
    assert 'data-status="canceled"' in (await checkout(http_base, secret)).text

    # Declined after the learner paid: all of it back.
    booked = await sessions.CreateSession(
        create_request(skill, grace.id, ada.id, on_the_hour(60 * 30), price=usd(2000)), metadata=ada.metadata
    )
    await checkout(http_base, booked.payment_client_secret)
    await sessions.DeclineSession(S.DeclineSessionRequest(session_id=booked.session.id), metadata=grace.metadata)
    refunded = (await escrow_of(pay, booked.session, ada)).escrow
    assert (refunded.status, refunded.refunded_amount.amount_minor) == (P.ESCROW_STATUS_REFUNDED, 2000)

    # A price the processor cannot charge is refused with the field named, and nothing is booked.
    for price, field in ((usd(2000, "CHF"), "price.currency_code"), (usd(10), "price.amount_minor")):
        error = await fails(
            sessions.CreateSession(
                create_request(skill, grace.id, ada.id, soon(60 * 40), price=price), metadata=grace.metadata
            ),
            OK.INVALID_ARGUMENT,
        )
        assert field in bad_fields(error)
    listed = await sessions.ListUserSessions(S.ListUserSessionsRequest(user_id=ada.id), metadata=ada.metadata)
    assert {s.id for s in listed.sessions} == {unpaid.id, booked.session.id}


async def test_an_unreported_no_show_is_refunded_later_and_a_reported_one_waits_for_an_admin(
    channel: grpc.aio.Channel,
    sessions: session_pb2_grpc.SessionServiceStub,
    pay: payment_pb2_grpc.PaymentServiceStub,
    token_for: Callable[..., str],
    http_base: str,
    database_url: str,
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")

    async def paid_and_confirmed(minutes: float) -> S.Session:
        created = (
            await sessions.CreateSession(
                create_request(skill, grace.id, ada.id, soon(minutes), price=usd(4000)), metadata=grace.metadata
            )
        ).session
        await checkout(http_base, (await escrow_of(pay, created, ada)).client_secret)
        await sessions.ConfirmSession(S.ConfirmSessionRequest(session_id=created.id), metadata=ada.metadata)
        return created

    async def status_of(session: S.Session) -> int:
        got = await sessions.GetSession(S.GetSessionRequest(session_id=session.id), metadata=ada.metadata)
        return got.session.status

    async def escrow_status(session: S.Session) -> int:
        return (await escrow_of(pay, session, ada)).escrow.status

    quiet, reported = await paid_and_confirmed(60 * 50), await paid_and_confirmed(60 * 53)
    for session in (quiet, reported):  # nobody starts either: the end passes, NO_SHOW fires
        await shift_into_the_past(database_url, session.id, 60, jobs_like="no_show:%")
        await eventually(lambda s=session: _equals(status_of(s), S.SESSION_STATUS_NO_SHOW))
        # The money stays held for now, so a participant has time to report the no-show.
        assert await escrow_status(session) == P.ESCROW_STATUS_HELD
        assert any(":no_show_refund:" in key for key in await pending_jobs(database_url, session.id))

    await sessions.ReportSession(
        S.ReportSessionRequest(session_id=reported.id, reason=S.SESSION_REPORT_REASON_NO_SHOW, details="Never came"),
        metadata=ada.metadata,
    )
    assert await escrow_status(reported) == P.ESCROW_STATUS_ON_HOLD
    for session in (quiet, reported):  # the refund delay passes
        await shift_into_the_past(database_url, session.id, 0, jobs_like="no_show_refund:%")
    await eventually(lambda: _equals(escrow_status(quiet), P.ESCROW_STATUS_REFUNDED))
    await eventually(lambda: _no_pending(database_url, reported.id))
    assert await escrow_status(reported) == P.ESCROW_STATUS_ON_HOLD


async def _equals(value: object, expected: int) -> bool:
    return (await value) == expected  # type: ignore[misc]


async def _no_pending(database_url: str, session_id: str) -> bool:
    return not await pending_jobs(database_url, session_id)
