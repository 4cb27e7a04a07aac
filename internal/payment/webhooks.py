"""Stripe webhooks: `POST /webhooks/stripe` on the HTTP port, and the job that applies each event.

- The endpoint verifies `Stripe-Signature` with the SDK (the endpoint's signing secret), then, in one
  transaction, records the event id (a redelivery is acknowledged and ignored) and enqueues
  `payment.stripe_event` through the job outbox. It answers 200 once that committed, 400 for a bad
  signature or body (nothing recorded), 503 when the database is unreachable (Stripe retries).
- The job never trusts the event body: it re-reads the object's current state from Stripe and moves our
  rows towards it, each step idempotent. So events arriving twice, late or out of order (a
  payment_failed after the succeeded of a retried card) converge on the same state.

Events handled: payment_intent.succeeded / payment_failed / canceled, charge.refunded,
charge.dispute.created / updated / closed, account.updated, payout.paid / payout.failed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import stripe
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from internal.payment import ledger
from internal.payment.models import (
    Dispute,
    DisputeStatus,
    EscrowStatus,
    PaymentPurpose,
    PaymentStatus,
    PayoutAccountStatus,
    RefundStatus,
)
from internal.payment.money import proportional
from internal.payment.payouts import PayoutService
from internal.payment.provider import ChargeStatus, provider_key
from internal.payment.repository import PaymentRepository
from internal.payment.service import TRANSFER_JOB, PaymentService
from internal.payment.stripe_provider import StripeProvider
from pkg.db import UnitOfWorkFactory
from pkg.jobs import enqueue
from pkg.log import get_logger

log = get_logger("payment.webhooks")

WEBHOOK_PATH = "/webhooks/stripe"
STRIPE_EVENT_JOB = "payment.stripe_event"
_MAX_BODY = 512 * 1024
# Stripe dispute statuses that close it.
_CLOSED = {"won": DisputeStatus.WON, "lost": DisputeStatus.LOST, "warning_closed": DisputeStatus.WON}


def _utcnow() -> datetime:
    return datetime.now(UTC)


class StripeWebhooks:
    """The webhook endpoint and the event job (see the module docstring)."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        provider: StripeProvider,
        signing_secret: str,
        payments: PaymentService,
        payouts: PayoutService,
    ) -> None:
        self._uow = uow
        self._provider = provider
        self._secret = signing_secret
        self._payments = payments
        self._payouts = payouts

    def routes(self) -> list[BaseRoute]:
        """POST /webhooks/stripe."""
        return [Route(WEBHOOK_PATH, self.receive, methods=["POST"])]

    async def receive(self, request: Request) -> Response:
        """Verify, deduplicate and enqueue one event."""
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > _MAX_BODY:
                return JSONResponse({"error": "body too large"}, status_code=413)
        signature = request.headers.get("stripe-signature", "")
        try:
            event_id, kind, object_id, account = self._provider.verify_event(body, signature, self._secret)
        except (ValueError, stripe.SignatureVerificationError) as exc:
            log.warning("stripe_webhook_refused", problem=type(exc).__name__)
            return JSONResponse({"error": "invalid signature or payload"}, status_code=400)
        async with self._uow() as uow:
            fresh = await PaymentRepository(uow.session).record_event(event_id, kind, object_id)
            if fresh:
                payload = {"event_id": event_id, "type": kind, "object_id": object_id, "account": account}
                await enqueue(uow.session, STRIPE_EVENT_JOB, payload)
            await uow.commit()
        log.info("stripe_webhook_received", event_id=event_id, type=kind, duplicate=not fresh)
        return JSONResponse({"received": True})

    # --- the job ---------------------------------------------------------------------------------------

    async def handle(self, payload: dict[str, Any]) -> None:
        """Apply one event by re-reading its object from Stripe."""
        kind, object_id = str(payload["type"]), str(payload["object_id"])
        if kind.startswith("payment_intent."):
            await self.sync_payment(object_id)
        elif kind == "charge.refunded":
            await self.sync_refunds_of_charge(object_id)
        elif kind.startswith("charge.dispute."):
            await self.sync_dispute(object_id)
        elif kind == "account.updated":
            await self.sync_account(object_id)
        elif kind.startswith("payout."):
            await self.sync_payout(object_id)
        else:
            log.info("stripe_event_ignored", type=kind)

    async def sync_payment(self, intent_ref: str) -> None:
        """Move a payment towards its PaymentIntent's state (only from REQUIRES_ACTION: final states stay)."""
        charge = await self._provider.retrieve_charge(intent_ref)
        if charge.status is ChargeStatus.FAILED:
            # A declined attempt leaves Stripe's intent payable with another card, but our payment is FAILED
            # (terminal, as with the offline processor): cancel it there so no later attempt can capture it.
            await self._provider.cancel_charge(intent_ref, idempotency_key=provider_key("cancel-failed", intent_ref))
            after = await self._provider.retrieve_charge(intent_ref)
            if after.status is ChargeStatus.SUCCEEDED:
                charge = after  # another card was accepted meanwhile
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            found = await repo.payment_by_ref(intent_ref)
            if found is None:
                log.warning("stripe_payment_unknown", intent=intent_ref)
                return
            escrow = await repo.escrow(found.escrow_id, for_update=True) if found.escrow_id else None
            payment = await repo.payment(found.id, for_update=True)
            assert payment is not None
            if charge.charge_ref and not payment.provider_charge_ref:
                payment.provider_charge_ref = charge.charge_ref
            now = _utcnow()
            if payment.status in (PaymentStatus.REQUIRES_ACTION, PaymentStatus.PROCESSING):
                if charge.status is ChargeStatus.SUCCEEDED:
                    await self._payments.record_success(repo, payment, escrow, now)
                elif charge.status is ChargeStatus.PROCESSING:
                    payment.status = PaymentStatus.PROCESSING.value
                elif charge.status in (ChargeStatus.FAILED, ChargeStatus.CANCELED):
                    payment.status = (
                        PaymentStatus.FAILED if charge.status is ChargeStatus.FAILED else PaymentStatus.CANCELED
                    ).value
                    payment.failure_code, payment.failure_message = charge.failure_code, charge.failure_message
                    if payment.purpose == PaymentPurpose.SUBSCRIPTION:
                        await self._payments.record_subscription_failure(repo, payment, now)
                    if escrow is not None and escrow.status == EscrowStatus.AWAITING_FUNDING:
                        escrow.status, escrow.updated_at = EscrowStatus.CANCELED.value, now
                payment.updated_at = now
            await uow.commit()
        log.info("stripe_payment_synced", payment_id=str(payment.id), status=payment.status)

    async def sync_refunds_of_charge(self, charge_ref: str) -> None:
        """Confirm our PENDING refunds of the charge once Stripe's refunded total covers them."""
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            found = await repo.payment_by_charge_ref(charge_ref)
            await uow.commit()
        if found is None:
            log.warning("stripe_charge_unknown", charge=charge_ref)
            return
        charge = await self._provider.retrieve_charge(found.provider_ref)
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            pending = await repo.pending_refunds(found.id)
            for refund in pending:
                if charge.amount_refunded >= found.refunded_minor:
                    refund.status, refund.updated_at = RefundStatus.SUCCEEDED.value, _utcnow()
            await uow.commit()
        if charge.amount_refunded != found.refunded_minor:
            log.warning(
                "stripe_refund_drift",
                payment_id=str(found.id),
                stripe=charge.amount_refunded,
                ours=found.refunded_minor,
            )

    async def sync_dispute(self, dispute_ref: str) -> None:
        """Record a dispute as DISPUTED with its ledger entries; close it when Stripe closed it."""
        dispute = await self._provider.retrieve_dispute(dispute_ref)
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            found = await repo.payment_by_ref(dispute.payment_intent_ref) if dispute.payment_intent_ref else None
            if found is None and dispute.charge_ref:
                found = await repo.payment_by_charge_ref(dispute.charge_ref)
            if found is None:
                log.warning("stripe_dispute_unknown", dispute=dispute_ref)
                return
            escrow = await repo.escrow(found.escrow_id, for_update=True) if found.escrow_id else None
            payment = await repo.payment(found.id, for_update=True)
            assert payment is not None
            row = await repo.dispute(dispute.ref, for_update=True)
            now = _utcnow()
            amount = min(dispute.amount_minor, payment.amount_minor) or payment.amount_minor
            if row is None:
                held = escrow is not None and escrow.status in (EscrowStatus.HELD, EscrowStatus.ON_HOLD)
                row = Dispute(
                    id=dispute.ref,
                    payment_id=payment.id,
                    amount_minor=amount,
                    currency=payment.currency,
                    status=DisputeStatus.OPEN.value,
                    reason=dispute.reason,
                    payment_status_before=payment.status,
                    escrow_status_before=escrow.status if held and escrow is not None else "",
                    created_at=now,
                    updated_at=now,
                )
                await repo.add(row)
                await repo.post(
                    ledger.dispute_opened(
                        payment_id=payment.id,
                        payer=payment.payer_id,
                        escrow_payee=escrow.payee_id if held and escrow is not None else None,
                        amount=amount,
                        currency=payment.currency,
                    )
                )
                payment.status, payment.updated_at = PaymentStatus.DISPUTED.value, now
                if held and escrow is not None:
                    escrow.status, escrow.updated_at = EscrowStatus.DISPUTED.value, now
            closed = _CLOSED.get(dispute.status)
            if closed is not None and row.status == DisputeStatus.OPEN:
                won = closed is DisputeStatus.WON
                from_escrow = bool(row.escrow_status_before) and escrow is not None
                if won or not from_escrow:
                    await repo.post(
                        ledger.dispute_closed(
                            payment_id=payment.id,
                            payer=payment.payer_id,
                            escrow_payee=escrow.payee_id if from_escrow and escrow is not None else None,
                            amount=row.amount_minor,
                            currency=row.currency,
                            won=won,
                        )
                    )
                if won:
                    payment.status = row.payment_status_before
                    if from_escrow and escrow is not None:
                        escrow.status = row.escrow_status_before
                elif from_escrow and escrow is not None:
                    escrow.status, escrow.refunded_minor, escrow.settled_at = (
                        EscrowStatus.REFUNDED.value,
                        row.amount_minor,
                        now,
                    )
                row.status, row.closed_at = closed.value, now
                payment.updated_at = now
                if escrow is not None:
                    escrow.updated_at = now
            row.updated_at = now
            await uow.commit()
        log.info("stripe_dispute_synced", dispute=dispute_ref, status=dispute.status)

    async def sync_account(self, account_ref: str) -> None:
        """A payout account follows its connected account: ACTIVE once payouts are enabled; then the payee's
        earned but untransferred shares are transferred."""
        state = await self._provider.retrieve_account(account_ref)
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            account = await repo.payout_account_by_ref(account_ref, for_update=True)
            if account is None:
                log.warning("stripe_account_unknown", account=account_ref)
                return
            if account.status != PayoutAccountStatus.REJECTED:
                if state.payouts_enabled:
                    status = PayoutAccountStatus.ACTIVE
                elif state.disabled_reason.startswith("rejected"):
                    status = PayoutAccountStatus.REJECTED
                elif state.details_submitted:
                    status = PayoutAccountStatus.PENDING_VERIFICATION
                else:
                    status = PayoutAccountStatus.ONBOARDING_REQUIRED
                account.status = status.value
                if state.bank_summary:
                    account.bank_account_summary = state.bank_summary
                account.updated_at = _utcnow()
            if account.status == PayoutAccountStatus.ACTIVE:
                for payment_id in await repo.untransferred(account.user_id):
                    await enqueue(uow.session, TRANSFER_JOB, {"payment_id": str(payment_id)})
            await uow.commit()
        log.info("stripe_account_synced", account=account_ref, status=account.status)

    async def sync_payout(self, payout_ref: str) -> None:
        """A payout's webhook: look at it again now (the payout job records the answer)."""
        async with self._uow() as uow:
            payout = await PaymentRepository(uow.session).payout_by_ref(payout_ref)
            await uow.commit()
        if payout is None:
            # Its event can overtake the transaction that records the payout's id: retried with backoff.
            raise LookupError(f"payout {payout_ref} is not recorded yet")
        await self._payouts.payout_arrive(payout.id)

    async def transfer(self, payment_id: uuid.UUID) -> None:
        """Transfer the payee's share of a settled escrow or paid tip to their connected account, once (the
        idempotency key is the payment's); waits for onboarding when the payee has no enabled account."""
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            payment = await repo.payment(payment_id, for_update=True)
            if payment is None or payment.transfer_ref or payment.payee_id is None:
                return
            account = await repo.payout_account(payment.payee_id)
            if account is None or not account.provider_ref or account.status != PayoutAccountStatus.ACTIVE:
                log.info("transfer_waits_for_onboarding", payment_id=str(payment_id))
                return  # account.updated enqueues it again once payouts are enabled
            escrow = await repo.escrow(payment.escrow_id) if payment.escrow_id else None
            if escrow is not None:
                amount, group = escrow.released_minor, f"escrow_{escrow.id.hex}"
            else:
                fee_back = proportional(payment.refunded_minor, payment.amount_minor, payment.fee_minor)
                amount = payment.amount_minor - payment.refunded_minor - (payment.fee_minor - fee_back)
                group = f"payment_{payment.id.hex}"
            if amount <= 0:
                return
            # A ProviderError fails the job, which is retried with the same idempotency key.
            payment.transfer_ref = await self._provider.transfer(
                account_ref=account.provider_ref,
                amount_minor=amount,
                currency=payment.currency,
                transfer_group=group,
                source_charge=payment.provider_charge_ref,
                idempotency_key=provider_key("transfer", payment.id),
            )
            await uow.commit()
        log.info("payee_share_transferred", payment_id=str(payment_id), transfer=payment.transfer_ref)
