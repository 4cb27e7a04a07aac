"""PaymentService use cases: one-time payments and refunds through the offline test-mode processor,
escrows (opened and settled by the session domain through `SessionEscrows`, read and settled by members and
admins over the API), balances derived from the double-entry ledger.

Design notes:

- Every money movement writes one balanced ledger transaction (internal/payment/ledger.py) in the same
  database transaction as the state change; PostgreSQL refuses to commit an unbalanced one.
- Concurrency: state changes lock the row they change (`SELECT … FOR UPDATE`), escrow before payment,
  always in that order. A release and a refund of one escrow on two replicas serialise on the escrow's
  lock; the second sees the settled status and answers FAILED_PRECONDITION (ESCROW_NOT_HELD).
- Idempotency: an RPC that moves money claims (caller, RPC, key) in its own transaction; a concurrent
  claim waits for it, then replays the stored first answer; the same key with other parameters is
  IDEMPOTENCY_KEY_REUSED. A failed call stores nothing (its transaction rolls back), so it may be retried.
- The platform fee is fixed on each payment and escrow when it is created: DEFAULT_FEE_BASIS_POINTS (15%)
  for members without a subscription; a subscriber's plan rate while it runs (internal/payment/billing.py).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from skillsphere.common.v1.error_reason import ErrorReason as PlatformReason
from skillsphere.payment.v1.error_reason import ErrorReason
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncSession

from internal.payment import ledger
from internal.payment.billing import Billing
from internal.payment.ledger import AccountKind
from internal.payment.models import (
    DESCRIPTION_MAX,
    ESCROW_PURPOSES,
    REFUND_WINDOW_DAYS,
    Escrow,
    EscrowStatus,
    MemberEntry,
    Payment,
    PaymentPurpose,
    PaymentStatus,
    Refund,
    RefundReason,
    RefundStatus,
    Role,
)
from internal.payment.money import CURRENCIES, DEFAULT_FEE_BASIS_POINTS, charge_problem, fee, percent_of, proportional
from internal.payment.ports import Payees
from internal.payment.processor import CardOutcome, CardResult, ClientSecrets, card_digits, card_result, checkout_url
from internal.payment.provider import OfflineProvider, PaymentProvider, ProviderError, provider_key
from internal.payment.repository import PaymentRepository
from internal.session.ports import EscrowRef
from pkg.authz import Caller
from pkg.db import UnitOfWorkFactory
from pkg.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unavailable,
    Unimplemented,
)
from pkg.jobs import enqueue
from pkg.log import get_logger
from pkg.pagination import Page, Paginator

log = get_logger("payment")

__all__ = [
    "Escrow",
    "EscrowStatus",
    "Payment",
    "PaymentPurpose",
    "PaymentService",
    "PaymentStatus",
    "Refund",
    "RefundReason",
    "Role",
    "SessionEscrows",
]

IDEMPOTENCY_TTL = timedelta(hours=24)
# A payment (or escrow) not paid within this is CANCELED by the `payment.expire_unpaid` job.
UNPAID_LIFETIME = timedelta(hours=24)
EXPIRE_UNPAID_JOB = "payment.expire_unpaid"
EXPIRE_UNPAID_EVERY = timedelta(minutes=5)
T = TypeVar("T")
# Moves a settled escrow's or a paid tip's payee share to their connected account (Stripe only).
TRANSFER_JOB = "payment.transfer"


def _utcnow() -> datetime:
    return datetime.now(UTC)


# --- snapshots of rows, so a repeated idempotency key replays the first answer exactly --------------------


def _encode(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    if isinstance(value, datetime):
        return {"$time": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$uuid" in value:
        return uuid.UUID(value["$uuid"])
    if isinstance(value, dict) and "$time" in value:
        return datetime.fromisoformat(value["$time"])
    return value


def snapshot(row: Any) -> dict[str, Any]:
    """The column values of an ORM row, JSON-ready."""
    return {attr.key: _encode(getattr(row, attr.key)) for attr in sa_inspect(type(row)).column_attrs}


def restore(cls: type[T], data: dict[str, Any]) -> T:
    """A detached row rebuilt from `snapshot` (never added to a session)."""
    row = cls()
    for key, value in data.items():
        setattr(row, key, _decode(value))
    return row


async def claim_idempotency_key(
    repo: PaymentRepository, caller_id: uuid.UUID, operation: str, key: str, params: dict[str, Any], now: datetime
) -> dict[str, Any] | None:
    """None when the key is new (the caller then does the work and stores its answer in the same
    transaction); the stored first answer when it is a retry; IDEMPOTENCY_KEY_REUSED for other parameters."""
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
    existing = await repo.claim_key(
        caller_id=caller_id, operation=operation, key=key, request_hash=digest, expires_at=now + IDEMPOTENCY_TTL
    )
    if existing is None:
        return None
    if existing.request_hash != digest:
        raise FailedPrecondition(
            f"The idempotency key was already used for another {operation} request; use a new key.",
            reason=ErrorReason.IDEMPOTENCY_KEY_REUSED,
        )
    if existing.response is None:  # cannot happen: a claim and its answer commit together
        raise Unavailable("The first request with this idempotency key is still running; retry.", retry_after=1)
    return existing.response


# --- answers --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentAnswer:
    """A payment with what its payer needs to pay it (empty once it is not payable)."""

    payment: Payment
    client_secret: str = ""
    checkout_url: str = ""


@dataclass(frozen=True)
class PaymentDetail:
    """A payment and its refunds."""

    payment: Payment
    refunds: list[Refund]


@dataclass(frozen=True)
class RefundAnswer:
    """A refund and the payment after it."""

    refund: Refund
    payment: Payment


@dataclass(frozen=True)
class EscrowAnswer:
    """An escrow, and for its payer while unfunded, how to pay it."""

    escrow: Escrow
    client_secret: str = ""
    checkout_url: str = ""


@dataclass(frozen=True)
class EscrowRefundAnswer:
    """An escrow after a refund, and the refund."""

    escrow: Escrow
    refund: Refund


@dataclass(frozen=True)
class CurrencyBalance:
    """A member's balances in one currency, summed from the ledger (minor units)."""

    currency: str
    available: int
    pending: int
    in_escrow: int
    in_transit: int


@dataclass(frozen=True)
class CheckoutState:
    """What the hosted test checkout shows for a client secret."""

    payment: Payment
    payee_label: str
    message: str = ""


class PaymentService:
    """The payment use cases; handlers call one method per RPC, the checkout page calls `checkout_*`."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        payees: Payees,
        secrets: ClientSecrets,
        checkout_base: Callable[[], str],
        fee_basis_points: int = DEFAULT_FEE_BASIS_POINTS,
        now: Callable[[], datetime] = _utcnow,
        provider: PaymentProvider | None = None,
        billing: Billing | None = None,
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._payees = payees
        # Subscription payments' state changes (internal/payment/billing.py).
        self._billing = billing or Billing()
        self._secrets = secrets
        self._checkout_base = checkout_base
        self._fee_bps = fee_basis_points
        self._now = now
        self._provider = provider or OfflineProvider(secrets=secrets, checkout_base=checkout_base)

    @property
    def fee_basis_points(self) -> int:
        """The platform fee of members without a subscription."""
        return self._fee_bps

    # --- idempotency ----------------------------------------------------------------------------------

    async def _claim(
        self, repo: PaymentRepository, caller_id: uuid.UUID, operation: str, key: str, params: dict[str, Any]
    ) -> dict[str, Any] | None:
        return await claim_idempotency_key(repo, caller_id, operation, key, params, self._now())

    # --- payments -------------------------------------------------------------------------------------

    def _payment_answer(self, payment: Payment) -> PaymentAnswer:
        if payment.status != PaymentStatus.REQUIRES_ACTION:
            return PaymentAnswer(payment)
        return PaymentAnswer(payment, *pay_with(payment, self._secrets, self._checkout_base))

    async def create_payment(
        self,
        *,
        caller: Caller,
        idempotency_key: str,
        amount_minor: int,
        currency: str,
        purpose: PaymentPurpose | None,
        reference_id: uuid.UUID | None,
        payee_id: uuid.UUID | None,
        description: str,
    ) -> PaymentAnswer:
        """A payment of the caller, REQUIRES_ACTION until paid with its client secret."""
        payer = caller.require_signed_in()
        violations: list[tuple[str, str]] = []
        problem = charge_problem(amount_minor, currency)
        if problem:
            field = "amount.currency_code" if currency not in CURRENCIES else "amount.amount_minor"
            violations.append((field, problem))
        if purpose is None:
            violations.append(("purpose", "is required"))
        elif purpose in ESCROW_PURPOSES:
            violations.append(
                ("purpose", "sessions, gigs and reviews are paid through their escrow, not CreatePayment")
            )
        elif purpose is PaymentPurpose.SUBSCRIPTION:
            violations.append(("purpose", "subscription charges are created by the server"))
        if purpose is PaymentPurpose.TIP:
            if payee_id is None:
                violations.append(("payee_user_id", "is required for a tip"))
            elif payee_id == payer:
                violations.append(("payee_user_id", "cannot be the caller"))
        if violations:
            raise InvalidArgument(violations=[_violation(f, d) for f, d in violations])
        if purpose is not PaymentPurpose.TIP:
            # Workshops and certifications are priced by services not built yet: no price to check against.
            raise Unimplemented(f"Payments for {purpose} are not available yet; only tips can be paid today.")
        assert payee_id is not None
        if not await self._payees.profile_visible(payee_id, caller):
            raise NotFound("The payee has no profile you may see.", reason=ErrorReason.PAYEE_NOT_FOUND)
        params = {
            "amount": amount_minor,
            "currency": currency,
            "purpose": purpose.value,
            "reference_id": reference_id,
            "payee": payee_id,
            "description": description,
        }
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            replay = await self._claim(repo, payer, "CreatePayment", idempotency_key, params)
            if replay is not None:
                return self._payment_answer(restore(Payment, replay["payment"]))
            now = self._now()
            rate = await repo.fee_basis_points(payee_id, now, self._fee_bps)
            payment = Payment(
                id=uuid.uuid4(),
                payer_id=payer,
                payee_id=payee_id,
                amount_minor=amount_minor,
                currency=currency,
                fee_basis_points=rate,
                fee_minor=fee(amount_minor, rate),
                refunded_minor=0,
                status=PaymentStatus.REQUIRES_ACTION.value,
                purpose=purpose.value,
                reference_id=reference_id,
                description=description or "Tip",
                escrow_id=None,
                authentication_required=False,
                failure_code="",
                failure_message="",
                created_at=now,
                updated_at=now,
            )
            await open_charge(self._provider, payment, provider_key(payer, "CreatePayment", idempotency_key))
            await repo.add(payment)
            await repo.store_answer(
                caller_id=payer, operation="CreatePayment", key=idempotency_key, response={"payment": snapshot(payment)}
            )
            await uow.commit()
        log.info("payment_created", payment_id=str(payment.id), purpose=purpose.value, currency=currency)
        return self._payment_answer(payment)

    @staticmethod
    def _visible_payment(payment: Payment | None, caller: Caller) -> Payment:
        if payment is None or not (caller.is_admin or caller.account_id in (payment.payer_id, payment.payee_id)):
            raise NotFound("The payment does not exist.", reason=ErrorReason.PAYMENT_NOT_FOUND)
        return payment

    async def get_payment(self, *, caller: Caller, payment_id: uuid.UUID) -> PaymentDetail:
        """A payment and its refunds, for its payer, payee or an admin."""
        caller.require_signed_in()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            payment, refunds = await repo.payment(payment_id), await repo.refunds_of(payment_id)
            await uow.commit()  # read-only; committing (unlike rolling back) keeps the loaded rows usable
        return PaymentDetail(self._visible_payment(payment, caller), refunds)

    def _subject(self, caller: Caller, user_id: uuid.UUID | None) -> uuid.UUID:
        me = caller.require_signed_in()
        if user_id is None or user_id == me:
            return me
        if not caller.is_admin:
            raise PermissionDenied("Only admins may look at another member's money.", reason=ErrorReason.OTHER_MEMBER)
        return user_id

    async def list_payments(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID | None,
        role: Role | None,
        statuses: list[PaymentStatus],
        purpose: PaymentPurpose | None,
        reference_id: uuid.UUID | None,
        page_size: int,
        page_token: str,
    ) -> Page[Payment]:
        """A member's payments, newest first."""
        subject = self._subject(caller, user_id)
        filters = {
            "rpc": "ListPayments",
            "user": str(subject),
            "role": role.value if role else "",
            "statuses": sorted(s.value for s in statuses),
            "purpose": purpose.value if purpose else "",
            "reference": str(reference_id or ""),
        }
        request = self._pages.request(page_size=page_size, page_token=page_token, query=filters)
        after = request.position(time_id_position)
        async with self._uow() as uow:
            rows = await PaymentRepository(uow.session).list_payments(
                user_id=subject,
                role=role,
                statuses=[s.value for s in statuses],
                purpose=purpose.value if purpose else None,
                reference_id=reference_id,
                after=after,
                limit=request.limit,
            )
            await uow.commit()
        return request.page(rows, key=lambda p: {"t": p.created_at.isoformat(), "id": str(p.id)})

    async def cancel_payment(self, *, caller: Caller, payment_id: uuid.UUID) -> Payment:
        """Cancel an unpaid plain payment (payer or admin)."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            payment = self._visible_payment(await repo.payment(payment_id, for_update=True), caller)
            if payment.payer_id != me and not caller.is_admin:
                raise PermissionDenied("Only the payer may cancel a payment.", reason=ErrorReason.NOT_PAYER)
            if payment.status == PaymentStatus.CANCELED:
                await uow.commit()
                return payment
            if payment.escrow_id is not None or payment.status != PaymentStatus.REQUIRES_ACTION:
                raise FailedPrecondition(
                    "Only an unpaid payment that funds no escrow can be cancelled.",
                    reason=ErrorReason.PAYMENT_NOT_CANCELABLE,
                    metadata={"status": payment.status.upper()},
                )
            await cancel_charge(self._provider, payment)
            payment.status = PaymentStatus.CANCELED.value
            payment.updated_at = self._now()
            await uow.commit()
        log.info("payment_cancelled", payment_id=str(payment_id))
        return payment

    async def refund_payment(
        self,
        *,
        caller: Caller,
        idempotency_key: str,
        payment_id: uuid.UUID,
        amount_minor: int | None,
        currency: str | None,
        reason: RefundReason,
        note: str,
    ) -> RefundAnswer:
        """Refund (part of) a plain payment, from the payee's balance, with the fee returned proportionally."""
        me = caller.require_signed_in()
        params = {
            "payment": payment_id,
            "amount": amount_minor,
            "currency": currency,
            "reason": reason.value,
            "note": note,
        }
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            replay = await self._claim(repo, me, "RefundPayment", idempotency_key, params)
            if replay is not None:
                return RefundAnswer(restore(Refund, replay["refund"]), restore(Payment, replay["payment"]))
            payment = self._visible_payment(await repo.payment(payment_id, for_update=True), caller)
            if payment.payer_id == me and not caller.is_admin:
                raise PermissionDenied("The payer cannot refund their own payment.", reason=ErrorReason.NOT_PAYEE)
            remaining = payment.amount_minor - payment.refunded_minor
            amount = remaining if amount_minor is None else amount_minor
            _check_refund_amount(amount_minor, currency, payment.currency)
            if payment.escrow_id is not None or payment.status not in (
                PaymentStatus.SUCCEEDED,
                PaymentStatus.PARTIALLY_REFUNDED,
            ):
                raise FailedPrecondition(
                    "Only a succeeded payment that funds no escrow can be refunded here.",
                    reason=ErrorReason.PAYMENT_NOT_REFUNDABLE,
                    metadata={"status": payment.status.upper()},
                )
            now = self._now()
            if payment.succeeded_at and now - payment.succeeded_at > timedelta(days=REFUND_WINDOW_DAYS):
                raise FailedPrecondition(
                    f"Payments older than {REFUND_WINDOW_DAYS} days cannot be refunded.",
                    reason=ErrorReason.PAYMENT_NOT_REFUNDABLE,
                    metadata={"status": payment.status.upper()},
                )
            if amount > remaining:
                raise FailedPrecondition(
                    f"At most {remaining} minor units are left to refund.", reason=ErrorReason.REFUND_EXCEEDS_REMAINING
                )
            # The fee returned so far is recomputed from the total refunded, so rounding never drifts.
            fee_back = proportional(payment.refunded_minor + amount, payment.amount_minor, payment.fee_minor) - (
                proportional(payment.refunded_minor, payment.amount_minor, payment.fee_minor)
            )
            await repo.post(
                ledger.payment_refunded(
                    payment_id=payment.id,
                    payer=payment.payer_id,
                    payee=payment.payee_id,
                    refund=amount,
                    fee_returned=fee_back,
                    currency=payment.currency,
                )
            )
            refund = _refund_row(payment, None, amount, reason, note, me, now)
            await refund_charge(self._provider, payment, refund, provider_key(me, "RefundPayment", idempotency_key))
            payment.refunded_minor += amount
            payment.status = (
                PaymentStatus.REFUNDED
                if payment.refunded_minor == payment.amount_minor
                else PaymentStatus.PARTIALLY_REFUNDED
            ).value
            payment.updated_at = now
            await repo.add(refund)
            await repo.store_answer(
                caller_id=me,
                operation="RefundPayment",
                key=idempotency_key,
                response={"refund": snapshot(refund), "payment": snapshot(payment)},
            )
            await uow.commit()
        log.info("payment_refunded", payment_id=str(payment_id), amount_minor=amount)
        return RefundAnswer(refund, payment)

    # --- the hosted test checkout (the offline processor's page) --------------------------------------

    async def checkout_state(self, client_secret: str) -> CheckoutState:
        """The payment a client secret pays, for the checkout page."""
        payment_id = self._secrets.payment_id(client_secret)
        async with self._uow() as uow:
            payment = await PaymentRepository(uow.session).payment(payment_id) if payment_id else None
            await uow.commit()
        if payment is None or payment.provider != "offline":
            raise NotFound("This checkout link is not valid.", reason=ErrorReason.PAYMENT_NOT_FOUND)
        return CheckoutState(payment, payee_label=_payee_label(payment))

    async def checkout_pay(self, client_secret: str, card_number: str) -> CheckoutState:
        """Pay with a test card: succeeds, fails (declined) or asks for authentication."""
        result = card_result(card_number)
        return await self._checkout_step(client_secret, lambda payment: result, card=card_digits(card_number))

    async def checkout_authenticate(self, client_secret: str, approve: bool) -> CheckoutState:
        """Complete (or fail) the 3-D Secure step of a card that needs it."""

        def outcome(payment: Payment) -> CardResult | None:
            if not payment.authentication_required:
                return None
            if approve:
                return CardResult(CardOutcome.SUCCEEDED)
            return CardResult(
                CardOutcome.DECLINED, "payment_intent_authentication_failure", "The card could not be authenticated."
            )

        return await self._checkout_step(client_secret, outcome)

    async def _checkout_step(
        self, client_secret: str, decide: Callable[[Payment], Any], card: str = ""
    ) -> CheckoutState:
        payment_id = self._secrets.payment_id(client_secret)
        if payment_id is None:
            raise NotFound("This checkout link is not valid.", reason=ErrorReason.PAYMENT_NOT_FOUND)
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            unlocked = await repo.payment(payment_id)
            if unlocked is None or unlocked.provider != "offline":  # Stripe's payments are paid at Stripe
                raise NotFound("This checkout link is not valid.", reason=ErrorReason.PAYMENT_NOT_FOUND)
            escrow = await repo.escrow(unlocked.escrow_id, for_update=True) if unlocked.escrow_id else None
            payment = await repo.payment(payment_id, for_update=True)
            assert payment is not None
            if payment.status != PaymentStatus.REQUIRES_ACTION:
                await uow.commit()
                return CheckoutState(payment, _payee_label(payment), "This payment is no longer waiting to be paid.")
            result = decide(payment)
            if result is None:
                await uow.commit()
                return CheckoutState(payment, _payee_label(payment), "Enter a card first.")
            now = self._now()
            message = ""
            if card and result.outcome in (CardOutcome.SUCCEEDED, CardOutcome.REQUIRES_AUTHENTICATION):
                payment.card_number = card  # the offline processor's saved card (subscription renewals)
            if result.outcome is CardOutcome.SUCCEEDED:
                await self._succeed(repo, payment, escrow, now)
            elif result.outcome is CardOutcome.DECLINED:
                payment.status = PaymentStatus.FAILED.value
                payment.failure_code, payment.failure_message = result.code, result.message
                payment.authentication_required = False
                if payment.purpose == PaymentPurpose.SUBSCRIPTION:
                    await self._billing.payment_failed(repo, payment, now)
                if escrow is not None:  # the session can be paid again only through a new booking
                    escrow.status = EscrowStatus.CANCELED.value
                    escrow.updated_at = now
            elif result.outcome is CardOutcome.REQUIRES_AUTHENTICATION:
                payment.authentication_required = True
            else:
                message = result.message
            payment.updated_at = now
            await uow.commit()
        log.info("checkout_step", payment_id=str(payment_id), outcome=result.outcome.value)
        return CheckoutState(payment, _payee_label(payment), message)

    async def record_success(
        self, repo: PaymentRepository, payment: Payment, escrow: Escrow | None, now: datetime
    ) -> None:
        """The processor captured the payment (locked, with its escrow locked first): SUCCEEDED, escrow HELD,
        the ledger transaction; used by the checkout and by the Stripe webhook job."""
        await self._succeed(repo, payment, escrow, now)

    async def record_subscription_failure(self, repo: PaymentRepository, payment: Payment, now: datetime) -> None:
        """A subscription payment failed at the processor (the Stripe webhook job): its subscription follows."""
        await self._billing.payment_failed(repo, payment, now)

    async def _succeed(self, repo: PaymentRepository, payment: Payment, escrow: Escrow | None, now: datetime) -> None:
        payment.status = PaymentStatus.SUCCEEDED.value
        payment.succeeded_at = now
        payment.authentication_required = False
        if payment.purpose == PaymentPurpose.SUBSCRIPTION:
            await self._billing.payment_succeeded(repo, payment, now)
        if escrow is None:
            if payment.provider == "stripe" and payment.payee_id is not None:
                await enqueue(repo.session, TRANSFER_JOB, {"payment_id": str(payment.id)})
            await repo.post(
                ledger.payment_succeeded(
                    payment_id=payment.id,
                    payer=payment.payer_id,
                    payee=payment.payee_id,
                    amount=payment.amount_minor,
                    fee=payment.fee_minor,
                    currency=payment.currency,
                )
            )
            return
        escrow.status = EscrowStatus.HELD.value
        escrow.updated_at = now
        await repo.post(
            ledger.escrow_funded(
                escrow_id=escrow.id,
                payment_id=payment.id,
                payer=escrow.payer_id,
                payee=escrow.payee_id,
                amount=escrow.amount_minor,
                currency=escrow.currency,
            )
        )

    # --- escrows --------------------------------------------------------------------------------------

    @staticmethod
    def _visible_escrow(escrow: Escrow | None, caller: Caller) -> Escrow:
        if escrow is None or not (caller.is_admin or caller.account_id in (escrow.payer_id, escrow.payee_id)):
            raise NotFound("The escrow does not exist.", reason=ErrorReason.ESCROW_NOT_FOUND)
        return escrow

    def _escrow_answer(self, escrow: Escrow, caller: Caller, payment: Payment | None) -> EscrowAnswer:
        if escrow.status != EscrowStatus.AWAITING_FUNDING or caller.account_id != escrow.payer_id or payment is None:
            return EscrowAnswer(escrow)
        return EscrowAnswer(escrow, *pay_with(payment, self._secrets, self._checkout_base))

    async def get_escrow(self, *, caller: Caller, escrow_id: uuid.UUID) -> EscrowAnswer:
        """An escrow for its payer, payee or an admin (with the client secret for an unfunded one's payer)."""
        caller.require_signed_in()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            found = await repo.escrow(escrow_id)
            payment = await repo.payment(found.payment_id) if found is not None else None
            await uow.commit()
        escrow = self._visible_escrow(found, caller)
        return self._escrow_answer(escrow, caller, payment)

    async def list_escrows(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID | None,
        role: Role | None,
        statuses: list[EscrowStatus],
        reference_id: uuid.UUID | None,
        page_size: int,
        page_token: str,
    ) -> Page[Escrow]:
        """A member's escrows, newest first."""
        subject = self._subject(caller, user_id)
        filters = {
            "rpc": "ListEscrows",
            "user": str(subject),
            "role": role.value if role else "",
            "statuses": sorted(s.value for s in statuses),
            "reference": str(reference_id or ""),
        }
        request = self._pages.request(page_size=page_size, page_token=page_token, query=filters)
        after = request.position(time_id_position)
        async with self._uow() as uow:
            rows = await PaymentRepository(uow.session).list_escrows(
                user_id=subject,
                role=role,
                statuses=[s.value for s in statuses],
                reference_id=reference_id,
                after=after,
                limit=request.limit,
            )
            await uow.commit()
        return request.page(rows, key=lambda e: {"t": e.created_at.isoformat(), "id": str(e.id)})

    async def release_escrow(self, *, caller: Caller, idempotency_key: str, escrow_id: uuid.UUID) -> Escrow:
        """Release a HELD escrow to its payee (payer or admin; an admin also an ON_HOLD one)."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            replay = await self._claim(repo, me, "ReleaseEscrow", idempotency_key, {"escrow": escrow_id})
            if replay is not None:
                return restore(Escrow, replay["escrow"])
            escrow = self._visible_escrow(await repo.escrow(escrow_id, for_update=True), caller)
            if escrow.payer_id != me and not caller.is_admin:
                raise PermissionDenied(
                    "Only the payer or an admin may release an escrow.", reason=ErrorReason.NOT_PAYER
                )
            allowed = (EscrowStatus.HELD, EscrowStatus.ON_HOLD) if caller.is_admin else (EscrowStatus.HELD,)
            _require_status(escrow, allowed)
            await settle_escrow(repo, escrow, refund=0, now=self._now(), provider=self._provider)
            await repo.store_answer(
                caller_id=me, operation="ReleaseEscrow", key=idempotency_key, response={"escrow": snapshot(escrow)}
            )
            await uow.commit()
        log.info("escrow_released", escrow_id=str(escrow_id), by=str(me))
        return escrow

    async def refund_escrow(
        self,
        *,
        caller: Caller,
        idempotency_key: str,
        escrow_id: uuid.UUID,
        amount_minor: int | None,
        currency: str | None,
        reason: RefundReason,
        note: str,
    ) -> EscrowRefundAnswer:
        """Refund (part of) a HELD escrow (payee) or HELD/ON_HOLD one (admin); the rest goes to the payee."""
        me = caller.require_signed_in()
        params = {
            "escrow": escrow_id,
            "amount": amount_minor,
            "currency": currency,
            "reason": reason.value,
            "note": note,
        }
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            replay = await self._claim(repo, me, "RefundEscrow", idempotency_key, params)
            if replay is not None:
                return EscrowRefundAnswer(restore(Escrow, replay["escrow"]), restore(Refund, replay["refund"]))
            escrow = self._visible_escrow(await repo.escrow(escrow_id, for_update=True), caller)
            if not caller.is_admin:
                if escrow.payee_id != me:
                    raise PermissionDenied(
                        "The payer cannot refund an escrow themselves.", reason=ErrorReason.NOT_PAYEE
                    )
                if escrow.status == EscrowStatus.ON_HOLD:
                    raise PermissionDenied(
                        "The escrow is on hold while a report is investigated; only an admin can settle it.",
                        reason=ErrorReason.ESCROW_ON_HOLD,
                    )
            _check_refund_amount(amount_minor, currency, escrow.currency)
            _require_status(escrow, (EscrowStatus.HELD, EscrowStatus.ON_HOLD))
            amount = escrow.amount_minor if amount_minor is None else amount_minor
            if amount > escrow.amount_minor:
                raise FailedPrecondition(
                    f"At most {escrow.amount_minor} minor units are held.", reason=ErrorReason.REFUND_EXCEEDS_REMAINING
                )
            refund = await settle_escrow(
                repo,
                escrow,
                refund=amount,
                now=self._now(),
                reason=reason,
                note=note,
                requested_by=me,
                provider=self._provider,
                idempotency_key=provider_key(me, "RefundEscrow", idempotency_key),
            )
            assert refund is not None
            await repo.store_answer(
                caller_id=me,
                operation="RefundEscrow",
                key=idempotency_key,
                response={"escrow": snapshot(escrow), "refund": snapshot(refund)},
            )
            await uow.commit()
        log.info("escrow_refunded", escrow_id=str(escrow_id), amount_minor=amount, by=str(me))
        return EscrowRefundAnswer(escrow, refund)

    # --- housekeeping (periodic job) ------------------------------------------------------------------

    async def expire_unpaid(self, batch: int = 500) -> int:
        """Cancel payments (and the escrows they fund) not paid within UNPAID_LIFETIME, and forget
        idempotency keys past their expiry. The count of payments cancelled."""
        now = self._now()
        cancelled = 0
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            for payment_id, escrow_id in await repo.stale_unpaid(now - UNPAID_LIFETIME, batch):
                escrow = await repo.escrow(escrow_id, for_update=True) if escrow_id else None
                payment = await repo.payment(payment_id, for_update=True)
                if payment is None or payment.status != PaymentStatus.REQUIRES_ACTION:
                    continue  # paid or cancelled meanwhile
                try:
                    await cancel_charge(self._provider, payment)
                except Unavailable:
                    continue  # the processor is unreachable: the next run tries again
                payment.status, payment.updated_at = PaymentStatus.CANCELED.value, now
                if payment.purpose == PaymentPurpose.SUBSCRIPTION:
                    await self._billing.payment_failed(repo, payment, now)
                if escrow is not None and escrow.status == EscrowStatus.AWAITING_FUNDING:
                    escrow.status, escrow.updated_at = EscrowStatus.CANCELED.value, now
                cancelled += 1
            forgotten = await repo.delete_expired_keys(now)
            await uow.commit()
        if cancelled or forgotten:
            log.info("unpaid_expired", payments=cancelled, idempotency_keys=forgotten)
        return cancelled

    # --- balances -------------------------------------------------------------------------------------

    async def get_balance(
        self, *, caller: Caller, user_id: uuid.UUID | None, currency: str | None
    ) -> list[CurrencyBalance]:
        """The member's balances per currency, summed from the ledger, ordered by currency."""
        subject = self._subject(caller, user_id)
        async with self._uow() as uow:
            sums = await PaymentRepository(uow.session).member_balances(subject, currency)
        currencies = sorted({cur for cur, _ in sums})
        return [
            CurrencyBalance(
                currency=cur,
                available=sums.get((cur, AccountKind.AVAILABLE), 0),
                pending=sums.get((cur, AccountKind.PENDING), 0),
                in_escrow=sums.get((cur, AccountKind.ESCROW), 0),
                in_transit=sums.get((cur, AccountKind.IN_TRANSIT), 0),
            )
            for cur in currencies
        ]

    async def list_balance_transactions(
        self, *, caller: Caller, user_id: uuid.UUID | None, currency: str | None, page_size: int, page_token: str
    ) -> Page[MemberEntry]:
        """The member's ledger entries, newest first."""
        subject = self._subject(caller, user_id)
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "ListBalanceTransactions", "user": str(subject), "currency": currency or ""},
        )
        after = request.position(lambda p: int(p["id"]))
        async with self._uow() as uow:
            rows = await PaymentRepository(uow.session).member_entries(subject, currency, after, request.limit)
        return request.page(rows, key=lambda e: {"id": e.id})


# --- shared rules -----------------------------------------------------------------------------------------


def _violation(field: str, description: str) -> FieldViolation:
    return FieldViolation(field, description)


def time_id_position(position: dict[str, Any]) -> tuple[datetime, uuid.UUID]:
    """The (created_at, id) keyset position of a newest-first list's page token."""
    return datetime.fromisoformat(position["t"]), uuid.UUID(position["id"])


def _payee_label(payment: Payment) -> str:
    return "an escrow held by SkillSphere" if payment.escrow_id else ("a member" if payment.payee_id else "SkillSphere")


def _check_refund_amount(amount_minor: int | None, currency: str | None, expected: str) -> None:
    violations = []
    if amount_minor is not None and amount_minor <= 0:
        violations.append(_violation("amount.amount_minor", "must be positive"))
    if amount_minor is not None and currency != expected:
        violations.append(_violation("amount.currency_code", f"must be {expected}, the currency paid"))
    if violations:
        raise InvalidArgument(violations=violations)


def _require_status(escrow: Escrow, allowed: tuple[EscrowStatus, ...]) -> None:
    if escrow.status not in allowed:
        raise FailedPrecondition(
            f"The escrow is {escrow.status.upper()}, not {' or '.join(s.upper() for s in allowed)}.",
            reason=ErrorReason.ESCROW_NOT_HELD,
            metadata={"status": escrow.status.upper()},
        )


def _refund_row(
    payment: Payment,
    escrow_id: uuid.UUID | None,
    amount: int,
    reason: RefundReason,
    note: str,
    requested_by: uuid.UUID | None,
    now: datetime,
) -> Refund:
    # The offline processor refunds at once; `refund_charge` marks a Stripe refund PENDING until Stripe confirms.
    return Refund(
        id=uuid.uuid4(),
        payment_id=payment.id,
        escrow_id=escrow_id,
        amount_minor=amount,
        currency=payment.currency,
        status=RefundStatus.SUCCEEDED.value,
        reason=reason.value,
        note=note[:DESCRIPTION_MAX],
        requested_by=requested_by,
        created_at=now,
        updated_at=now,
    )


# --- the processor's side of a payment (internal/payment/provider.py) --------------------------------------


def pay_with(payment: Payment, secrets: ClientSecrets, checkout_base: Callable[[], str]) -> tuple[str, str]:
    """(client secret, checkout URL) of an unpaid payment: Stripe's stored secret (the payer confirms with
    Stripe.js, no URL), or the offline processor's derived secret and hosted test checkout."""
    if payment.provider == "stripe":
        return payment.provider_client_secret, ""
    secret = secrets.issue(payment.id)
    return secret, checkout_url(checkout_base(), secret)


def _unavailable(exc: ProviderError) -> Unavailable:
    return Unavailable("The payment processor did not answer; retry with the same idempotency key.", retry_after=2)


async def open_charge(provider: PaymentProvider, payment: Payment, idempotency_key: str) -> None:
    """Create the processor's charge (PaymentIntent) of a new payment row (before it is added)."""
    metadata = {"purpose": payment.purpose}
    if payment.escrow_id is not None:
        metadata["escrow_id"] = str(payment.escrow_id)
    try:
        charge = await provider.create_charge(
            payment_id=payment.id,
            amount_minor=payment.amount_minor,
            currency=payment.currency,
            description=payment.description,
            metadata=metadata,
            idempotency_key=idempotency_key,
        )
    except ProviderError as exc:
        raise _unavailable(exc) from exc
    payment.provider = provider.name
    payment.provider_ref = charge.ref
    payment.provider_client_secret = charge.client_secret


async def cancel_charge(provider: PaymentProvider, payment: Payment) -> None:
    """Cancel an unpaid payment's charge at the processor (Stripe; the offline checkout checks our row)."""
    if payment.provider != "stripe" or not payment.provider_ref:
        return
    try:
        await provider.cancel_charge(payment.provider_ref, idempotency_key=provider_key("cancel", payment.id))
    except ProviderError as exc:
        raise _unavailable(exc) from exc


async def refund_charge(provider: PaymentProvider, payment: Payment, refund: Refund, idempotency_key: str) -> None:
    """Refund at the processor; a Stripe refund still PENDING is confirmed by the charge.refunded webhook."""
    if payment.provider != "stripe":
        return
    try:
        answer = await provider.refund(
            charge=None,
            payment_ref=payment.provider_ref,
            amount_minor=refund.amount_minor,
            reason=refund.reason,
            idempotency_key=idempotency_key,
        )
    except ProviderError as exc:
        raise _unavailable(exc) from exc
    refund.provider_ref = answer.ref
    refund.status = (RefundStatus.SUCCEEDED if answer.status == "succeeded" else RefundStatus.PENDING).value


async def settle_escrow(
    repo: PaymentRepository,
    escrow: Escrow,
    *,
    refund: int,
    now: datetime,
    reason: RefundReason = RefundReason.CANCELLED,
    note: str = "",
    requested_by: uuid.UUID | None = None,
    provider: PaymentProvider | None = None,
    idempotency_key: str = "",
) -> Refund | None:
    """Empty a HELD/ON_HOLD escrow (locked by the caller): `refund` to the payer, the rest minus the fee to
    the payee's pending balance, one ledger transaction. The refund row when something was refunded."""
    split = ledger.settle(escrow.amount_minor, refund, escrow.fee_basis_points)
    await repo.post(
        ledger.escrow_settled(
            escrow_id=escrow.id,
            payment_id=escrow.payment_id,
            payer=escrow.payer_id,
            payee=escrow.payee_id,
            settlement=split,
            currency=escrow.currency,
        )
    )
    escrow.refunded_minor, escrow.released_minor, escrow.fee_minor = split.refunded, split.released, split.fee
    escrow.status = (
        EscrowStatus.RELEASED
        if refund == 0
        else EscrowStatus.REFUNDED
        if refund == escrow.amount_minor
        else EscrowStatus.SPLIT
    ).value
    escrow.hold_reason = ""
    escrow.settled_at = escrow.updated_at = now
    payment = await repo.payment(escrow.payment_id, for_update=True)
    assert payment is not None
    if payment.provider == "stripe" and split.released > 0:
        await enqueue(repo.session, TRANSFER_JOB, {"payment_id": str(payment.id)})
    if refund == 0:
        return None
    payment.refunded_minor += refund
    payment.status = (
        PaymentStatus.REFUNDED if payment.refunded_minor == payment.amount_minor else PaymentStatus.PARTIALLY_REFUNDED
    ).value
    payment.updated_at = now
    row = _refund_row(payment, escrow.id, refund, reason, note, requested_by, now)
    if provider is not None:
        await refund_charge(provider, payment, row, idempotency_key or provider_key("escrow-refund", escrow.id))
    await repo.add(row)
    return row


class SessionEscrows:
    """The session domain's `Escrow` port (internal/session/ports.py), implemented on the payment tables.

    Every method works in the caller's transaction (`session`), so a session and its money never disagree.
    The amount, currency, learner and teacher come from the session row on the server, never from a client.
    """

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        secrets: ClientSecrets,
        fee_basis_points: int = DEFAULT_FEE_BASIS_POINTS,
        now: Callable[[], datetime] = _utcnow,
        provider: PaymentProvider | None = None,
    ) -> None:
        self._uow = uow
        self._secrets = secrets
        self._fee_bps = fee_basis_points
        self._now = now
        self._provider = provider or OfflineProvider(secrets=secrets, checkout_base="")

    async def hold(
        self,
        session: AsyncSession,
        *,
        session_id: uuid.UUID,
        learner_id: uuid.UUID,
        teacher_id: uuid.UUID,
        amount_minor: int,
        currency: str,
    ) -> EscrowRef:
        """Open an escrow for the session (AWAITING_FUNDING) with its funding payment; the learner pays it
        with the returned client secret. A second call for the same session returns the live escrow."""
        problem = charge_problem(amount_minor, currency)
        if problem:
            field = "price.currency_code" if currency not in CURRENCIES else "price.amount_minor"
            raise InvalidArgument(field=field, description=problem, reason=PlatformReason.INVALID_ARGUMENT)
        repo = PaymentRepository(session)
        existing = await repo.live_escrow_for(PaymentPurpose.SESSION.value, session_id)
        if existing is not None:
            funding = await repo.payment(existing.payment_id)
            assert funding is not None
            return EscrowRef(str(existing.id), pay_with(funding, self._secrets, str)[0])
        now = self._now()
        escrow_id, payment_id = uuid.uuid4(), uuid.uuid4()
        rate = await repo.fee_basis_points(teacher_id, now, self._fee_bps)
        expected_fee = fee(amount_minor, rate)
        payment = Payment(
            id=payment_id,
            payer_id=learner_id,
            payee_id=teacher_id,
            amount_minor=amount_minor,
            currency=currency,
            fee_basis_points=rate,
            fee_minor=expected_fee,
            refunded_minor=0,
            status=PaymentStatus.REQUIRES_ACTION.value,
            purpose=PaymentPurpose.SESSION.value,
            reference_id=session_id,
            description="Session",
            escrow_id=escrow_id,
            authentication_required=False,
            failure_code="",
            failure_message="",
            created_at=now,
            updated_at=now,
        )
        await open_charge(self._provider, payment, provider_key("hold", payment_id))
        await repo.add(payment)
        escrow = Escrow(
            id=escrow_id,
            payer_id=learner_id,
            payee_id=teacher_id,
            amount_minor=amount_minor,
            currency=currency,
            fee_basis_points=rate,
            fee_minor=0,
            released_minor=0,
            refunded_minor=0,
            status=EscrowStatus.AWAITING_FUNDING.value,
            purpose=PaymentPurpose.SESSION.value,
            reference_id=session_id,
            description="Session",
            payment_id=payment_id,
            hold_reason="",
            created_at=now,
            updated_at=now,
        )
        await repo.add(escrow)
        log.info("escrow_opened", escrow_id=str(escrow_id), session_id=str(session_id))
        return EscrowRef(str(escrow_id), pay_with(payment, self._secrets, str)[0])

    async def payment_secret(self, escrow_id: str) -> str:
        """The client secret of the escrow's funding payment while it waits to be paid; empty otherwise."""
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            escrow = await repo.escrow(uuid.UUID(escrow_id))
            payment = await repo.payment(escrow.payment_id) if escrow is not None else None
            await uow.commit()
        if escrow is None or payment is None or escrow.status != EscrowStatus.AWAITING_FUNDING:
            return ""
        return pay_with(payment, self._secrets, str)[0]

    async def is_funded(self, escrow_id: str) -> bool:
        """Whether the learner's money is held (HELD or ON_HOLD), as committed now."""
        async with self._uow() as uow:
            escrow = await PaymentRepository(uow.session).escrow(uuid.UUID(escrow_id))
            await uow.commit()
        return escrow is not None and escrow.status in (EscrowStatus.HELD, EscrowStatus.ON_HOLD)

    async def release(self, session: AsyncSession, escrow_id: str) -> None:
        """Pay the teacher (the session was completed): FAILED_PRECONDITION unless HELD. An escrow ON_HOLD is
        left for an admin to settle."""
        repo = PaymentRepository(session)
        escrow = await self._locked(repo, escrow_id)
        if escrow.status == EscrowStatus.RELEASED or self._left_on_hold(escrow, "release"):
            return
        _require_status(escrow, (EscrowStatus.HELD,))
        await settle_escrow(repo, escrow, refund=0, now=self._now(), provider=self._provider)

    async def refund(self, session: AsyncSession, escrow_id: str, *, percent: int) -> int:
        """Refund `percent` of the held amount to the learner and release the rest to the teacher; an unpaid
        escrow is cancelled instead (0 refunded), one ON_HOLD is left for an admin (0). Returns the refunded
        minor units."""
        repo = PaymentRepository(session)
        escrow = await self._locked(repo, escrow_id)
        if self._left_on_hold(escrow, "refund"):
            return 0
        now = self._now()
        if escrow.status == EscrowStatus.AWAITING_FUNDING:
            payment = await repo.payment(escrow.payment_id, for_update=True)
            assert payment is not None
            escrow.status = EscrowStatus.CANCELED.value
            escrow.updated_at = now
            if payment.status == PaymentStatus.REQUIRES_ACTION:
                await cancel_charge(self._provider, payment)
                payment.status, payment.updated_at = PaymentStatus.CANCELED.value, now
            return 0
        if escrow.status in (EscrowStatus.REFUNDED, EscrowStatus.SPLIT, EscrowStatus.CANCELED):
            return escrow.refunded_minor
        _require_status(escrow, (EscrowStatus.HELD,))
        amount = percent_of(escrow.amount_minor, percent)
        await settle_escrow(
            repo, escrow, refund=amount, now=now, reason=RefundReason.CANCELLED, provider=self._provider
        )
        return amount

    async def put_on_hold(self, session: AsyncSession, escrow_id: str, *, reason: str) -> None:
        """Freeze a HELD escrow until an admin settles it (a NO_SHOW report); anything else is left alone."""
        repo = PaymentRepository(session)
        escrow = await self._locked(repo, escrow_id)
        if escrow.status == EscrowStatus.HELD:
            escrow.status = EscrowStatus.ON_HOLD.value
            escrow.hold_reason = reason[:DESCRIPTION_MAX]
            escrow.updated_at = self._now()

    @staticmethod
    def _left_on_hold(escrow: Escrow, what: str) -> bool:
        if escrow.status not in (EscrowStatus.ON_HOLD, EscrowStatus.DISPUTED):
            return False
        log.info("escrow_left_on_hold", escrow_id=str(escrow.id), skipped=what)
        return True

    @staticmethod
    async def _locked(repo: PaymentRepository, escrow_id: str) -> Escrow:
        escrow = await repo.escrow(uuid.UUID(escrow_id), for_update=True)
        if escrow is None:
            raise NotFound("The escrow does not exist.", reason=ErrorReason.ESCROW_NOT_FOUND)
        return escrow
