"""The whole loop a member lives through, over real channels and the real HTTP pages, on one server:
sign up → profile and skills → find a mentor → book a paid slot → pay on the test checkout → the mentor
confirms → chat about it → meet → complete → both rate → the mentor onboards for payouts and is paid out.

Each step is a public RPC or page a client would call; nothing is written to the database behind the
server's back except one clock jump (the session's time arrives without the test waiting for it)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import grpc
import pytest
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
from skillsphere.chat.v1 import chat_pb2, chat_pb2_grpc
from skillsphere.common.v1 import common_pb2
from skillsphere.matching.v1 import matching_pb2, matching_pb2_grpc
from skillsphere.payment.v1 import payment_pb2, payment_pb2_grpc
from skillsphere.session.v1 import session_pb2, session_pb2_grpc
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.app import Application
from tests.e2e.conftest import start_app
from tests.e2e.payment_helpers import checkout, onboard
from tests.e2e.session_helpers import Member, available_all_week, shift_into_the_past, ts
from tests.support.rpc import bearer
from tests.support.waiting import eventually

PASSWORD = "Velvet-Harbor-Compass-42"
S, P = session_pb2, payment_pb2


@pytest.fixture(scope="module")
async def app(server: Application, database_url: str) -> AsyncIterator[Application]:
    """A server whose earnings settle at once and whose teachers need no notice (same keys as the shared one)."""
    started, _ = await start_app(
        database_url,
        server.settings.data_dir,
        session_minimum_notice_minutes=0,
        payment_settlement_delay_seconds=0,
        payment_settle_interval_seconds=0.3,
        jobs_poll_interval_seconds=0.1,
    )
    yield started
    await started.stop()


@pytest.fixture(scope="module")
async def channel2(app: Application) -> AsyncIterator[grpc.aio.Channel]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as ch:
        yield ch


async def sign_up(apps: tuple[Application, ...], auth: auth_pb2_grpc.AuthServiceStub, name: str) -> Member:
    """Register with a password and verify the email with the link mailed (by whichever server's worker
    sent it: both share the database and its job queue)."""
    address = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
    registered = await auth.Register(auth_pb2.RegisterRequest(email=address, password=PASSWORD, device_name="phone"))

    def verification_token() -> str | None:
        for message in (m for app in apps for m in app.email.sent_to(address)):  # type: ignore[attr-defined]
            if message.link and urlsplit(message.link).path == "/verify-email":
                return str(parse_qs(urlsplit(message.link).query)["token"][0])
        return None

    token = await eventually(verification_token, message=f"no verification email to {address}")
    await auth.VerifyEmail(auth_pb2.VerifyEmailRequest(token=token))
    tokens = (await auth.Login(auth_pb2.LoginRequest(email=address, password=PASSWORD, device_name="phone"))).tokens
    return Member(registered.tokens.user_id, bearer(tokens.access_token), address)


async def test_a_learner_finds_books_pays_chats_meets_and_rates_and_the_mentor_is_paid_out(
    server: Application, app: Application, channel2: grpc.aio.Channel, database_url: str, token_for: Callable[..., str]
) -> None:
    auth = auth_pb2_grpc.AuthServiceStub(channel2)
    users = user_pb2_grpc.UserServiceStub(channel2)
    skills = skill_pb2_grpc.SkillServiceStub(channel2)
    matching = matching_pb2_grpc.MatchingServiceStub(channel2)
    sessions = session_pb2_grpc.SessionServiceStub(channel2)
    chat = chat_pb2_grpc.ChatServiceStub(channel2)
    pay = payment_pb2_grpc.PaymentServiceStub(channel2)
    assert app.http is not None
    checkout_base = f"http://127.0.0.1:{app.http.port}"

    # An admin adds a skill to the catalog (unique to this test, so no other test's mentors compete).
    admin = bearer(token_for(str(uuid.uuid4()), ("learner", "admin")))
    category = next(c for c in (await skills.ListCategories(skill_pb2.ListCategoriesRequest())).categories)
    skill = (
        await skills.CreateSkill(
            skill_pb2.CreateSkillRequest(
                skill=skill_pb2.Skill(name=f"Rust async {uuid.uuid4().hex[:6]}", category_id=category.id)
            ),
            metadata=admin,
        )
    ).skill

    # 1. Two people sign up and fill their profiles: Grace teaches the skill, Ada wants to learn it.
    grace, ada = await sign_up((app, server), auth, "Grace"), await sign_up((app, server), auth, "Ada")
    for who, name, kind, level in (
        (grace, "Grace", skill_pb2.USER_SKILL_KIND_OFFERED, 5),
        (ada, "Ada", skill_pb2.USER_SKILL_KIND_WANTED, 2),
    ):
        await users.CreateUser(
            user_pb2.CreateUserRequest(
                user=user_pb2.User(
                    display_name=name,
                    time_zone="Europe/Berlin",
                    language_codes=["en"],
                    visibility=user_pb2.PROFILE_VISIBILITY_PUBLIC,
                )
            ),
            metadata=who.metadata,
        )
        await skills.AddUserSkill(
            skill_pb2.AddUserSkillRequest(user_id=who.id, skill_id=skill.id, kind=kind, proficiency=level),  # type: ignore[arg-type]
            metadata=who.metadata,
        )
    await available_all_week(channel2, grace)

    # 2. Ada looks for a mentor and finds Grace.
    async def grace_matched() -> matching_pb2.Match | None:
        found = await matching.FindMatches(
            matching_pb2.FindMatchesRequest(filter=matching_pb2.MatchFilter(skill_ids=[skill.id])),
            metadata=ada.metadata,
        )
        return next((m for m in found.matches if m.candidate.user_id == grace.id), None)

    match = await eventually(grace_matched, message="Grace never showed up in Ada's matches")
    assert match.score > 0

    # 3. Ada books Grace's first free hour for 40.00 EUR and pays on the checkout with the test card.
    now = datetime.now(UTC)
    slots = await sessions.ListAvailableSlots(
        S.ListAvailableSlotsRequest(
            teacher_user_id=grace.id,
            duration_minutes=60,
            window_start_time=ts(now),
            window_end_time=ts(now + timedelta(days=2)),
            time_zone="Europe/Berlin",
        ),
        metadata=ada.metadata,
    )
    start = slots.slots[0].start_time
    booked = await sessions.CreateSession(
        S.CreateSessionRequest(
            idempotency_key=str(uuid.uuid4()),
            skill_id=skill.id,
            teacher_user_id=grace.id,
            learner_user_id=ada.id,
            title="Pinning and Futures",
            scheduled_start_time=start,
            duration_minutes=60,
            time_zone="Europe/Berlin",
            mode=S.SESSION_MODE_ONLINE,
            price=common_pb2.Money(currency_code="EUR", amount_minor=4000),
        ),
        metadata=ada.metadata,
    )
    session = booked.session
    assert session.status == S.SESSION_STATUS_REQUESTED and booked.payment_client_secret
    paid = await checkout(checkout_base, booked.payment_client_secret)
    assert paid.status_code == 200
    escrow = (await pay.GetEscrow(P.GetEscrowRequest(escrow_id=session.escrow_id), metadata=grace.metadata)).escrow
    assert escrow.status == P.ESCROW_STATUS_HELD

    # 4. Grace confirms: an online room is made for the two of them.
    confirmed = (
        await sessions.ConfirmSession(S.ConfirmSessionRequest(session_id=session.id), metadata=grace.metadata)
    ).session
    assert confirmed.status == S.SESSION_STATUS_CONFIRMED and confirmed.meeting_url.startswith("https://")

    # 5. They talk in the session's conversation.
    conversation = (
        await chat.CreateConversation(
            chat_pb2.CreateConversationRequest(
                idempotency_key=str(uuid.uuid4()), participant_user_ids=[grace.id], session_id=session.id
            ),
            metadata=ada.metadata,
        )
    ).conversation
    await chat.SendMessage(
        chat_pb2.SendMessageRequest(
            conversation_id=conversation.id, idempotency_key=str(uuid.uuid4()), text="Shall we look at Pin<&mut Self>?"
        ),
        metadata=ada.metadata,
    )
    history = await chat.ListMessages(
        chat_pb2.ListMessagesRequest(conversation_id=conversation.id), metadata=grace.metadata
    )
    assert [m.text for m in history.messages if m.sender_user_id == ada.id] == ["Shall we look at Pin<&mut Self>?"]

    # 6. The hour arrives (a clock jump: the session moves to start now); they meet and finish.
    lead = (start.ToDatetime(tzinfo=UTC) - datetime.now(UTC)).total_seconds() / 3600
    await shift_into_the_past(database_url, session.id, lead, jobs_like="nothing-falls-due")
    await sessions.StartSession(S.StartSessionRequest(session_id=session.id), metadata=grace.metadata)
    done = await sessions.CompleteSession(S.CompleteSessionRequest(session_id=session.id), metadata=ada.metadata)
    assert done.session.status == S.SESSION_STATUS_COMPLETED
    released = (await pay.GetEscrow(P.GetEscrowRequest(escrow_id=session.escrow_id), metadata=grace.metadata)).escrow
    assert released.status == P.ESCROW_STATUS_RELEASED and released.released_amount.amount_minor == 3400

    # 7. Both rate each other; Grace's profile shows it.
    await sessions.RateSession(
        S.RateSessionRequest(session_id=session.id, rating=5, comment="Clear and patient."), metadata=ada.metadata
    )
    await sessions.RateSession(S.RateSessionRequest(session_id=session.id, rating=4), metadata=grace.metadata)
    stats = (await users.GetUserStats(user_pb2.GetUserStatsRequest(user_id=grace.id), metadata=ada.metadata)).stats
    assert (stats.sessions_taught_count, stats.rating_count, stats.average_rating) == (1, 1, 5.0)

    # 8. Grace onboards for payouts on the test page, her earnings settle, and she is paid out.
    assert (await onboard(pay, grace, "000123456789")).status_code == 303

    async def available() -> int:
        balances = await pay.GetBalance(P.GetBalanceRequest(currency_code="EUR"), metadata=grace.metadata)
        return balances.balances[0].available.amount_minor if balances.balances else 0

    assert await eventually(available, message="Grace's earnings never became available") == 3400
    payout = (
        await pay.CreatePayout(
            P.CreatePayoutRequest(
                idempotency_key=str(uuid.uuid4()), amount=common_pb2.Money(currency_code="EUR", amount_minor=3400)
            ),
            metadata=grace.metadata,
        )
    ).payout

    async def paid_out() -> bool:
        got = await pay.GetPayout(P.GetPayoutRequest(payout_id=payout.id), metadata=grace.metadata)
        return got.payout.status == P.PAYOUT_STATUS_PAID

    await eventually(paid_out, message="the payout never arrived")
    assert await available() == 0
