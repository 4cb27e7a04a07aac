"""Payment tables (migration 0013): the ledger, payments, refunds, escrows, idempotency keys, payout accounts
and payouts, and the small value types of the domain."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Identity, Integer, Text, Uuid, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from internal.payment.ledger import AccountKind
from internal.payment.money import fee
from pkg.db.base import Base

DESCRIPTION_MAX = 500
REFUND_WINDOW_DAYS = 180


class PaymentStatus(enum.StrEnum):
    """State of a one-time payment (the contract's PaymentStatus)."""

    REQUIRES_ACTION = "requires_action"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    DISPUTED = "disputed"


class PaymentPurpose(enum.StrEnum):
    """What a payment or escrow pays for."""

    SESSION = "session"
    GIG = "gig"
    REVIEW = "review"
    WORKSHOP = "workshop"
    CERTIFICATION = "certification"
    SUBSCRIPTION = "subscription"
    TIP = "tip"


ESCROW_PURPOSES = frozenset({PaymentPurpose.SESSION, PaymentPurpose.GIG, PaymentPurpose.REVIEW})


class EscrowStatus(enum.StrEnum):
    """State of an escrow."""

    AWAITING_FUNDING = "awaiting_funding"
    HELD = "held"
    ON_HOLD = "on_hold"
    RELEASED = "released"
    REFUNDED = "refunded"
    SPLIT = "split"
    CANCELED = "canceled"
    DISPUTED = "disputed"


class RefundStatus(enum.StrEnum):
    """State of a refund (the offline processor refunds at once)."""

    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class RefundReason(enum.StrEnum):
    """Why money went back."""

    REQUESTED_BY_CUSTOMER = "requested_by_customer"
    DUPLICATE = "duplicate"
    FRAUDULENT = "fraudulent"
    NOT_DELIVERED = "not_delivered"
    CANCELLED = "cancelled"
    OTHER = "other"


class PayoutStatus(enum.StrEnum):
    """State of a payout."""

    PENDING = "pending"
    IN_TRANSIT = "in_transit"
    PAID = "paid"
    FAILED = "failed"
    CANCELED = "canceled"


class PayoutAccountStatus(enum.StrEnum):
    """State of a payout account."""

    ONBOARDING_REQUIRED = "onboarding_required"
    PENDING_VERIFICATION = "pending_verification"
    ACTIVE = "active"
    RESTRICTED = "restricted"
    REJECTED = "rejected"


class SubscriptionStatus(enum.StrEnum):
    """State of a subscription (internal/payment/billing.py moves it)."""

    INCOMPLETE = "incomplete"
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    CANCELED = "canceled"


class Role(enum.StrEnum):
    """A member's side of a payment or escrow, for filtering lists."""

    PAYER = "payer"
    PAYEE = "payee"


class LedgerAccount(Base):
    """An account of the ledger (see internal/payment/ledger.py for the kinds)."""

    __tablename__ = "payment_ledger_accounts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    currency: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LedgerTransactionRow(Base):
    """A balanced ledger transaction; its entries are in `payment_ledger_entries`."""

    __tablename__ = "payment_ledger_transactions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(Text)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    escrow_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    payout_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LedgerEntry(Base):
    """One signed amount on one account; append-only."""

    __tablename__ = "payment_ledger_entries"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    transaction_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("payment_ledger_transactions.id"))
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("payment_ledger_accounts.id"))
    currency: Mapped[str] = mapped_column(Text)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Payment(Base):
    """A charge of a payer, for a payee (or SkillSphere) or to fund an escrow."""

    __tablename__ = "payments"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    payer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    payee_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(Text)
    fee_basis_points: Mapped[int] = mapped_column(Integer)
    fee_minor: Mapped[int] = mapped_column(BigInteger)
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    reference_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    description: Mapped[str] = mapped_column(Text, default="")
    escrow_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    authentication_required: Mapped[bool] = mapped_column(Boolean, default=False)
    failure_code: Mapped[str] = mapped_column(Text, default="")
    failure_message: Mapped[str] = mapped_column(Text, default="")
    succeeded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The offline processor's test card the payment was paid with (migration 0017); never shown.
    card_number: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Migration 0016: the processor's side (internal/payment/provider.py). `provider_ref` is the PaymentIntent
    # (offline: pi_<id hex>), `provider_client_secret` Stripe's (offline secrets are derived, never stored),
    # `provider_charge_ref` the charge that paid it, `transfer_ref` the transfer of the payee's share.
    provider: Mapped[str] = mapped_column(Text, default="offline")
    provider_ref: Mapped[str] = mapped_column(Text, default="")
    provider_client_secret: Mapped[str] = mapped_column(Text, default="")
    provider_charge_ref: Mapped[str] = mapped_column(Text, default="")
    transfer_ref: Mapped[str] = mapped_column(Text, default="")


class Refund(Base):
    """Money returned to a payer from a payment or an escrow."""

    __tablename__ = "payment_refunds"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    payment_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("payments.id"))
    escrow_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("payment_escrows.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    provider_ref: Mapped[str] = mapped_column(Text, default="")


class Escrow(Base):
    """Money held between a payer and a payee until the paid-for item is delivered."""

    __tablename__ = "payment_escrows"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    payer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    payee_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(Text)
    fee_basis_points: Mapped[int] = mapped_column(Integer)
    fee_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    released_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    reference_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    description: Mapped[str] = mapped_column(Text, default="")
    payment_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("payments.id"))
    hold_reason: Mapped[str] = mapped_column(Text, default="")
    settled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    @property
    def expected_fee_minor(self) -> int:
        """The fee the platform keeps if the whole escrow is released (shown before it settles)."""
        return self.fee_minor if self.settled_at else fee(self.amount_minor, self.fee_basis_points)


class IdempotencyKey(Base):
    """A client's idempotency key for one operation, with the first answer once there is one."""

    __tablename__ = "payment_idempotency_keys"

    caller_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    operation: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    request_hash: Mapped[str] = mapped_column(Text)
    response: Mapped[dict[str, object] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PayoutAccount(Base):
    """Where a member's earnings are paid to; `bank_account_number` is the (test) number, kept to decide
    what the offline processor's payouts do, never shown unmasked."""

    __tablename__ = "payment_payout_accounts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(Text)
    country_code: Mapped[str] = mapped_column(Text)
    default_currency: Mapped[str] = mapped_column(Text)
    bank_account_summary: Mapped[str] = mapped_column(Text, default="")
    bank_account_number: Mapped[str] = mapped_column(Text, default="")
    provider_ref: Mapped[str] = mapped_column(Text, default="")  # Stripe: the Connect Express account
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Payout(Base):
    """A transfer of earnings to a member's bank."""

    __tablename__ = "payment_payouts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    bank_account_summary: Mapped[str] = mapped_column(Text, default="")
    arrival_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failure_code: Mapped[str] = mapped_column(Text, default="")
    failure_message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    provider_ref: Mapped[str] = mapped_column(Text, default="")


class Plan(Base):
    """A subscription plan for sale (seeded by migration 0013)."""

    __tablename__ = "payment_plans"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    tier: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    price_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(Text)
    billing_interval: Mapped[str] = mapped_column(Text)
    trial_days: Mapped[int] = mapped_column(Integer)
    features: Mapped[list[str]] = mapped_column(ARRAY(Text))
    fee_basis_points: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Subscription(Base):
    """A member's subscription to a plan."""

    __tablename__ = "payment_subscriptions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    plan_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("payment_plans.id"))
    status: Mapped[str] = mapped_column(Text)
    current_period_start: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    current_period_end: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, default=False)
    canceled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    payment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("payments.id"))
    # Migration 0017: the saved test card renewals charge (offline processor), the trial's end, the plan
    # taking over at the next renewal (a downgrade) and the newest invoice.
    card_number: Mapped[str] = mapped_column(Text, default="")
    trial_end: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scheduled_plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("payment_plans.id"))
    latest_invoice_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WebhookEvent(Base):
    """A provider webhook event received (its id deduplicates deliveries); processed by a job."""

    __tablename__ = "payment_webhook_events"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    type: Mapped[str] = mapped_column(Text)
    object_id: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DisputeStatus(enum.StrEnum):
    """Where a dispute (chargeback) stands."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"


class Dispute(Base):
    """A chargeback on a payment, as the provider reported it (id: the provider's dispute id)."""

    __tablename__ = "payment_disputes"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    payment_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("payments.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    payment_status_before: Mapped[str] = mapped_column(Text)
    escrow_status_before: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReconciliationRun(Base):
    """One comparison of the provider's records with the ledger (payment.reconcile)."""

    __tablename__ = "payment_reconciliation_runs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    provider: Mapped[str] = mapped_column(Text)
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    checked: Mapped[int] = mapped_column(Integer)
    drift: Mapped[int] = mapped_column(Integer)
    details: Mapped[list[dict[str, object]]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class InvoiceStatus(enum.StrEnum):
    """State of an invoice (the contract's InvoiceStatus)."""

    DRAFT = "draft"
    OPEN = "open"
    PAID = "paid"
    VOID = "void"
    UNCOLLECTIBLE = "uncollectible"


class BillingReason(enum.StrEnum):
    """Why an invoice was made (Stripe's billing_reason)."""

    SUBSCRIPTION_CREATE = "subscription_create"
    SUBSCRIPTION_CYCLE = "subscription_cycle"
    SUBSCRIPTION_UPDATE = "subscription_update"


class Invoice(Base):
    """A bill for a subscription charge (migration 0017); `line_items` is a list of
    {"description", "quantity", "unit_amount_minor", "amount_minor"}."""

    __tablename__ = "payment_invoices"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(Text)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    subscription_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("payment_subscriptions.id"))
    status: Mapped[str] = mapped_column(Text)
    billing_reason: Mapped[str] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(Text)
    line_items: Mapped[list[dict[str, object]]] = mapped_column(JSONB)
    subtotal_minor: Mapped[int] = mapped_column(BigInteger)
    tax_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    total_minor: Mapped[int] = mapped_column(BigInteger)
    amount_paid_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("payments.id"))
    attempt_count: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    period_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    period_end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    @property
    def amount_due_minor(self) -> int:
        """What is still owed (nothing once VOID or UNCOLLECTIBLE)."""
        if self.status in (InvoiceStatus.VOID, InvoiceStatus.UNCOLLECTIBLE):
            return 0
        return self.total_minor - self.amount_paid_minor


class InvoiceNumber(Base):
    """The last invoice number given out in a year (a row-locked counter)."""

    __tablename__ = "payment_invoice_numbers"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger)


@dataclass(frozen=True, slots=True)
class MemberEntry:
    """A ledger entry on one of a member's balance accounts, with its transaction."""

    id: int
    transaction_id: uuid.UUID
    kind: str
    account_kind: AccountKind
    amount_minor: int
    currency: str
    payment_id: uuid.UUID | None
    escrow_id: uuid.UUID | None
    payout_id: uuid.UUID | None
    description: str
    created_at: datetime
