"""Queries of the payment domain. Never commits: the service (or the session domain, through the escrow
port) owns the transaction, so a state change and its ledger transaction are written together."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, insert, or_, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from internal.payment.ledger import MEMBER_BALANCES, AccountKey, AccountKind, LedgerTransaction
from internal.payment.models import (
    Dispute,
    Escrow,
    IdempotencyKey,
    LedgerAccount,
    LedgerEntry,
    LedgerTransactionRow,
    MemberEntry,
    Payment,
    Payout,
    PayoutAccount,
    Plan,
    ReconciliationRun,
    Refund,
    Role,
    Subscription,
    WebhookEvent,
)


class PaymentRepository:
    """SQL over the payment tables, on one session (one transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- ledger -----------------------------------------------------------------------------------------

    async def _account_ids(self, keys: Sequence[AccountKey]) -> dict[AccountKey, uuid.UUID]:
        unique = list(dict.fromkeys(keys))
        await self.session.execute(
            pg_insert(LedgerAccount)
            .values(
                [
                    {"id": uuid.uuid4(), "kind": k.kind.value, "owner_id": k.owner_id, "currency": k.currency}
                    for k in unique
                ]
            )
            .on_conflict_do_nothing(constraint="payment_ledger_accounts_key")
        )
        rows = await self.session.execute(
            select(LedgerAccount.id, LedgerAccount.kind, LedgerAccount.owner_id, LedgerAccount.currency).where(
                tuple_(LedgerAccount.kind, LedgerAccount.owner_id, LedgerAccount.currency).in_(
                    [(k.kind.value, k.owner_id, k.currency) for k in unique]
                )
            )
        )
        return {AccountKey(AccountKind(kind), owner, currency): id_ for id_, kind, owner, currency in rows}

    async def post(self, transaction: LedgerTransaction) -> uuid.UUID:
        """Write a balanced transaction and its entries (PostgreSQL re-checks the balance at commit)."""
        ids = await self._account_ids([p.account for p in transaction.postings])
        transaction_id = uuid.uuid4()
        await self.session.execute(
            insert(LedgerTransactionRow).values(
                id=transaction_id,
                kind=transaction.kind.value,
                currency=transaction.currency,
                payment_id=transaction.payment_id,
                escrow_id=transaction.escrow_id,
                payout_id=transaction.payout_id,
                description=transaction.description,
            )
        )
        await self.session.execute(
            insert(LedgerEntry),
            [
                {
                    "transaction_id": transaction_id,
                    "account_id": ids[p.account],
                    "currency": p.account.currency,
                    "amount_minor": p.amount_minor,
                }
                for p in transaction.postings
            ],
        )
        return transaction_id

    async def member_balances(self, owner_id: uuid.UUID, currency: str | None) -> dict[tuple[str, AccountKind], int]:
        """(currency, kind) → sum of entries, over the member's balance accounts."""
        query = (
            select(LedgerAccount.currency, LedgerAccount.kind, func.coalesce(func.sum(LedgerEntry.amount_minor), 0))
            .join(LedgerEntry, LedgerEntry.account_id == LedgerAccount.id, isouter=True)
            .where(LedgerAccount.owner_id == owner_id, LedgerAccount.kind.in_([k.value for k in MEMBER_BALANCES]))
            .group_by(LedgerAccount.currency, LedgerAccount.kind)
        )
        if currency:
            query = query.where(LedgerAccount.currency == currency)
        return {(cur, AccountKind(kind)): int(total) for cur, kind, total in await self.session.execute(query)}

    async def member_entries(
        self, owner_id: uuid.UUID, currency: str | None, after_id: int | None, limit: int
    ) -> list[MemberEntry]:
        """The member's balance entries, newest first, after entry `after_id`."""
        query = (
            select(
                LedgerEntry.id,
                LedgerEntry.transaction_id,
                LedgerTransactionRow.kind,
                LedgerAccount.kind,
                LedgerEntry.amount_minor,
                LedgerEntry.currency,
                LedgerTransactionRow.payment_id,
                LedgerTransactionRow.escrow_id,
                LedgerTransactionRow.payout_id,
                LedgerTransactionRow.description,
                LedgerEntry.created_at,
            )
            .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
            .join(LedgerTransactionRow, LedgerTransactionRow.id == LedgerEntry.transaction_id)
            .where(LedgerAccount.owner_id == owner_id, LedgerAccount.kind.in_([k.value for k in MEMBER_BALANCES]))
            .order_by(LedgerEntry.id.desc())
            .limit(limit)
        )
        if currency:
            query = query.where(LedgerAccount.currency == currency)
        if after_id is not None:
            query = query.where(LedgerEntry.id < after_id)
        return [
            MemberEntry(id_, tx, kind, AccountKind(account_kind), amount, cur, pay, esc, pout, desc, at)
            for id_, tx, kind, account_kind, amount, cur, pay, esc, pout, desc, at in await self.session.execute(query)
        ]

    # --- payments and refunds ---------------------------------------------------------------------------

    async def add(self, *rows: Any) -> None:
        """Insert new rows and flush, so later statements see them."""
        self.session.add_all(rows)
        await self.session.flush()

    async def payment(self, payment_id: uuid.UUID, *, for_update: bool = False) -> Payment | None:
        """One payment (row-locked when `for_update`)."""
        query = select(Payment).where(Payment.id == payment_id)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def refunds_of(self, payment_id: uuid.UUID) -> list[Refund]:
        """The refunds of a payment, oldest first."""
        rows = await self.session.execute(
            select(Refund).where(Refund.payment_id == payment_id).order_by(Refund.created_at, Refund.id)
        )
        return list(rows.scalars())

    async def list_payments(
        self,
        *,
        user_id: uuid.UUID,
        role: Role | None,
        statuses: Sequence[str],
        purpose: str | None,
        reference_id: uuid.UUID | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Payment]:
        """A member's payments, newest first (keyset on created_at, id)."""
        sides = {
            Role.PAYER: Payment.payer_id == user_id,
            Role.PAYEE: Payment.payee_id == user_id,
        }
        query = select(Payment).where(sides[role] if role else or_(*sides.values()))
        if statuses:
            query = query.where(Payment.status.in_(list(statuses)))
        if purpose:
            query = query.where(Payment.purpose == purpose)
        if reference_id:
            query = query.where(Payment.reference_id == reference_id)
        if after:
            query = query.where(tuple_(Payment.created_at, Payment.id) < tuple_(*after))
        query = query.order_by(Payment.created_at.desc(), Payment.id.desc()).limit(limit)
        return list((await self.session.execute(query)).scalars())

    # --- escrows ----------------------------------------------------------------------------------------

    async def escrow(self, escrow_id: uuid.UUID, *, for_update: bool = False) -> Escrow | None:
        """One escrow (row-locked when `for_update`: a release and a refund serialise on this lock)."""
        query = select(Escrow).where(Escrow.id == escrow_id)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def live_escrow_for(self, purpose: str, reference_id: uuid.UUID) -> Escrow | None:
        """The escrow of an item that is not CANCELED, if any."""
        rows = await self.session.execute(
            select(Escrow).where(
                Escrow.purpose == purpose, Escrow.reference_id == reference_id, Escrow.status != "canceled"
            )
        )
        return rows.scalar_one_or_none()

    async def list_escrows(
        self,
        *,
        user_id: uuid.UUID,
        role: Role | None,
        statuses: Sequence[str],
        reference_id: uuid.UUID | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Escrow]:
        """A member's escrows, newest first."""
        sides = {Role.PAYER: Escrow.payer_id == user_id, Role.PAYEE: Escrow.payee_id == user_id}
        query = select(Escrow).where(sides[role] if role else or_(*sides.values()))
        if statuses:
            query = query.where(Escrow.status.in_(list(statuses)))
        if reference_id:
            query = query.where(Escrow.reference_id == reference_id)
        if after:
            query = query.where(tuple_(Escrow.created_at, Escrow.id) < tuple_(*after))
        query = query.order_by(Escrow.created_at.desc(), Escrow.id.desc()).limit(limit)
        return list((await self.session.execute(query)).scalars())

    # --- idempotency ------------------------------------------------------------------------------------

    async def claim_key(
        self, *, caller_id: uuid.UUID, operation: str, key: str, request_hash: str, expires_at: datetime
    ) -> IdempotencyKey | None:
        """Claim an idempotency key in this transaction: None when it is new (or expired, and taken over);
        otherwise the existing claim. A concurrent claim of the same key waits for the first transaction to
        finish, so the second caller sees its committed answer."""
        claimed = await self.session.execute(
            pg_insert(IdempotencyKey)
            .values(caller_id=caller_id, operation=operation, key=key, request_hash=request_hash, expires_at=expires_at)
            .on_conflict_do_update(
                index_elements=["caller_id", "operation", "key"],
                set_={
                    "request_hash": request_hash,
                    "response": None,
                    "created_at": func.now(),
                    "expires_at": expires_at,
                },
                where=IdempotencyKey.expires_at < func.now(),
            )
            .returning(IdempotencyKey.caller_id)
        )
        if claimed.first() is not None:
            return None
        rows = await self.session.execute(
            select(IdempotencyKey)
            .where(
                and_(
                    IdempotencyKey.caller_id == caller_id,
                    IdempotencyKey.operation == operation,
                    IdempotencyKey.key == key,
                )
            )
            .execution_options(populate_existing=True)
        )
        return rows.scalar_one()

    async def store_answer(self, *, caller_id: uuid.UUID, operation: str, key: str, response: dict[str, Any]) -> None:
        """Remember the first answer under a claimed key."""
        await self.session.execute(
            update(IdempotencyKey)
            .where(
                IdempotencyKey.caller_id == caller_id, IdempotencyKey.operation == operation, IdempotencyKey.key == key
            )
            .values(response=response)
        )

    async def delete_expired_keys(self, now: datetime) -> int:
        """Forget keys past their expiry; the count removed."""
        result = await self.session.execute(
            text("DELETE FROM payment_idempotency_keys WHERE expires_at < :now"), {"now": now}
        )
        return int(getattr(result, "rowcount", 0) or 0)

    # --- payouts ----------------------------------------------------------------------------------------

    async def lock_member_money(self, user_id: uuid.UUID, currency: str) -> None:
        """Serialise balance-checked moves of one member's money in one currency (payouts, settlement)
        across replicas, until this transaction ends."""
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": f"payment:{user_id}:{currency}"}
        )

    async def matured_pending(
        self, cutoff: datetime, owner_id: uuid.UUID | None = None
    ) -> list[tuple[uuid.UUID, str, int]]:
        """(member, currency, amount) whose pending earnings credited before `cutoff` are not settled yet:
        pending only receives credits (releases, payments) and SETTLED debits, so the matured part is the
        old credits plus every debit."""
        query = (
            select(
                LedgerAccount.owner_id,
                LedgerAccount.currency,
                func.sum(
                    case(
                        (
                            and_(LedgerEntry.amount_minor > 0, LedgerEntry.created_at <= cutoff),
                            LedgerEntry.amount_minor,
                        ),
                        (LedgerEntry.amount_minor < 0, LedgerEntry.amount_minor),
                        else_=0,
                    )
                ).label("matured"),
            )
            .join(LedgerEntry, LedgerEntry.account_id == LedgerAccount.id)
            .where(LedgerAccount.kind == AccountKind.PENDING.value)
            .group_by(LedgerAccount.owner_id, LedgerAccount.currency)
        )
        if owner_id is not None:
            query = query.where(LedgerAccount.owner_id == owner_id)
        rows = await self.session.execute(query)
        return [(owner, currency, int(amount)) for owner, currency, amount in rows if amount and amount > 0]

    async def account_balance(self, kind: AccountKind, owner_id: uuid.UUID, currency: str) -> int:
        """The sum of one account's entries."""
        total = await self.session.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0))
            .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
            .where(
                LedgerAccount.kind == kind.value, LedgerAccount.owner_id == owner_id, LedgerAccount.currency == currency
            )
        )
        return int(total or 0)

    async def payout_account(self, user_id: uuid.UUID, *, for_update: bool = False) -> PayoutAccount | None:
        """A member's payout account."""
        query = select(PayoutAccount).where(PayoutAccount.user_id == user_id)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def payout_account_by_id(self, account_id: uuid.UUID, *, for_update: bool = False) -> PayoutAccount | None:
        """A payout account by id."""
        query = select(PayoutAccount).where(PayoutAccount.id == account_id)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def payout(self, payout_id: uuid.UUID, *, for_update: bool = False) -> Payout | None:
        """One payout."""
        query = select(Payout).where(Payout.id == payout_id)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def list_payouts(
        self, *, user_id: uuid.UUID, statuses: Sequence[str], after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Payout]:
        """A member's payouts, newest first."""
        query = select(Payout).where(Payout.user_id == user_id)
        if statuses:
            query = query.where(Payout.status.in_(list(statuses)))
        if after:
            query = query.where(tuple_(Payout.created_at, Payout.id) < tuple_(*after))
        query = query.order_by(Payout.created_at.desc(), Payout.id.desc()).limit(limit)
        return list((await self.session.execute(query)).scalars())

    async def stale_unpaid(self, created_before: datetime, limit: int) -> list[tuple[uuid.UUID, uuid.UUID | None]]:
        """(payment id, escrow id) of payments still REQUIRES_ACTION that were created before the cutoff."""
        rows = await self.session.execute(
            select(Payment.id, Payment.escrow_id)
            .where(Payment.status == "requires_action", Payment.created_at < created_before)
            .order_by(Payment.created_at)
            .limit(limit)
        )
        return [(payment_id, escrow_id) for payment_id, escrow_id in rows]

    # --- the provider's side: webhooks, disputes, transfers, reconciliation -------------------------------

    async def record_event(self, event_id: str, kind: str, object_id: str) -> bool:
        """Remember a webhook event; False when its id was received before (a redelivery)."""
        inserted = await self.session.execute(
            pg_insert(WebhookEvent)
            .values(id=event_id, type=kind, object_id=object_id)
            .on_conflict_do_nothing(index_elements=[WebhookEvent.id])
            .returning(WebhookEvent.id)
        )
        return inserted.scalar_one_or_none() is not None

    async def payment_by_ref(self, provider_ref: str, *, for_update: bool = False) -> Payment | None:
        """The payment of a processor charge (PaymentIntent id)."""
        query = select(Payment).where(Payment.provider_ref == provider_ref)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def payment_by_charge_ref(self, charge_ref: str) -> Payment | None:
        """The payment a processor charge (ch_…) paid."""
        query = select(Payment).where(Payment.provider_charge_ref == charge_ref)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def payout_account_by_ref(self, provider_ref: str, *, for_update: bool = False) -> PayoutAccount | None:
        """The payout account of a connected account id."""
        query = select(PayoutAccount).where(PayoutAccount.provider_ref == provider_ref)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def payout_by_ref(self, provider_ref: str) -> Payout | None:
        """The payout of a processor payout id."""
        query = select(Payout).where(Payout.provider_ref == provider_ref)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def pending_refunds(self, payment_id: uuid.UUID) -> list[Refund]:
        """A payment's refunds the processor has not confirmed yet, locked."""
        query = select(Refund).where(Refund.payment_id == payment_id, Refund.status == "pending").with_for_update()
        return list((await self.session.execute(query)).scalars())

    async def dispute(self, dispute_id: str, *, for_update: bool = False) -> Dispute | None:
        """One dispute."""
        query = select(Dispute).where(Dispute.id == dispute_id)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def untransferred(self, payee_id: uuid.UUID) -> list[uuid.UUID]:
        """Stripe payments whose payee share was earned but not transferred yet (settled escrows, paid tips)."""
        rows = await self.session.execute(
            select(Payment.id)
            .outerjoin(Escrow, Escrow.id == Payment.escrow_id)
            .where(
                Payment.payee_id == payee_id,
                Payment.provider == "stripe",
                Payment.transfer_ref == "",
                or_(
                    and_(Payment.escrow_id.is_(None), Payment.status.in_(["succeeded", "partially_refunded"])),
                    and_(Escrow.status.in_(["released", "split"]), Escrow.released_minor > 0),
                ),
            )
        )
        return [row for (row,) in rows]

    async def provider_payments_since(self, provider: str, since: datetime) -> list[Payment]:
        """Payments through `provider` created since `since`."""
        query = select(Payment).where(Payment.provider == provider, Payment.created_at >= since)
        return list((await self.session.execute(query)).scalars())

    async def ledger_sums(self, payment_ids: Sequence[uuid.UUID]) -> dict[tuple[uuid.UUID, str, str], int]:
        """Per (payment, transaction kind, account kind): the sum of the ledger entries about those payments."""
        if not payment_ids:
            return {}
        rows = await self.session.execute(
            select(
                LedgerTransactionRow.payment_id,
                LedgerTransactionRow.kind,
                LedgerAccount.kind,
                func.sum(LedgerEntry.amount_minor),
            )
            .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransactionRow.id)
            .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
            .where(LedgerTransactionRow.payment_id.in_(list(payment_ids)))
            .group_by(LedgerTransactionRow.payment_id, LedgerTransactionRow.kind, LedgerAccount.kind)
        )
        return {(pid, tkind, akind): int(total) for pid, tkind, akind, total in rows if pid is not None}

    async def add_reconciliation(self, run: ReconciliationRun) -> None:
        """Store a reconciliation run."""
        self.session.add(run)
        await self.session.flush()

    # --- plans and subscriptions ------------------------------------------------------------------------

    async def plans(self, currency: str, after: tuple[int, uuid.UUID] | None, limit: int) -> list[Plan]:
        """Active plans in a currency, cheapest first."""
        query = select(Plan).where(Plan.active.is_(True), Plan.currency == currency)
        if after:
            query = query.where(tuple_(Plan.price_minor, Plan.id) > tuple_(*after))
        query = query.order_by(Plan.price_minor, Plan.id).limit(limit)
        return list((await self.session.execute(query)).scalars())

    async def plan(self, plan_id: uuid.UUID) -> Plan | None:
        """One plan."""
        return (await self.session.execute(select(Plan).where(Plan.id == plan_id))).scalar_one_or_none()

    async def subscription(self, subscription_id: uuid.UUID, *, for_update: bool = False) -> Subscription | None:
        """One subscription."""
        query = select(Subscription).where(Subscription.id == subscription_id)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def live_subscription(self, user_id: uuid.UUID, *, for_update: bool = False) -> Subscription | None:
        """The member's subscription that is not CANCELED, if any."""
        query = select(Subscription).where(Subscription.user_id == user_id, Subscription.status != "canceled")
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def subscription_paid_by(self, payment_id: uuid.UUID) -> Subscription | None:
        """The subscription a payment pays for (row-locked)."""
        query = select(Subscription).where(Subscription.payment_id == payment_id).with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def fee_basis_points(self, user_id: uuid.UUID, now: datetime, default: int) -> int:
        """The platform fee of a member: their plan's while an ACTIVE, TRIALING or PAST_DUE subscription's period
        runs (internal/payment/billing.py), else `default`."""
        rate = await self.session.scalar(
            select(Plan.fee_basis_points)
            .join(Subscription, Subscription.plan_id == Plan.id)
            .where(
                Subscription.user_id == user_id,
                Subscription.status.in_(("active", "trialing", "past_due")),
                Subscription.current_period_end > now,
            )
        )
        return default if rate is None else int(rate)
