"""The subscription and invoice RPCs of PaymentService (proto ⇄ domain), mixed into PaymentHandler
(internal/payment/handler.py) so the servicer stays one class; kept apart to keep billing changes in
billing's files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from skillsphere.common.v1 import common_pb2
from skillsphere.payment.v1 import payment_pb2

from internal.payment.invoices import lines_of
from internal.payment.models import InvoiceStatus
from internal.payment.subscriptions import InvoiceView, SubscriptionView
from pkg.grpcx.context import current_caller
from pkg.grpcx.convert import parse_optional_uuid, parse_uuid, timestamp

if TYPE_CHECKING:
    from internal.payment.subscriptions import SubscriptionService

_INVOICE_STATUS = {
    InvoiceStatus.DRAFT: payment_pb2.INVOICE_STATUS_DRAFT,
    InvoiceStatus.OPEN: payment_pb2.INVOICE_STATUS_OPEN,
    InvoiceStatus.PAID: payment_pb2.INVOICE_STATUS_PAID,
    InvoiceStatus.VOID: payment_pb2.INVOICE_STATUS_VOID,
    InvoiceStatus.UNCOLLECTIBLE: payment_pb2.INVOICE_STATUS_UNCOLLECTIBLE,
}
_INVOICE_STATUS_IN = {number: status for status, number in _INVOICE_STATUS.items()}


def _money(amount_minor: int, currency: str) -> common_pb2.Money:
    return common_pb2.Money(amount_minor=amount_minor, currency_code=currency)


def invoice_to_proto(view: InvoiceView) -> payment_pb2.Invoice:
    """An invoice with its lines, totals and hosted page link (no PDF: no PDF library is a dependency)."""
    invoice, cur = view.invoice, view.invoice.currency
    message = payment_pb2.Invoice(
        id=str(invoice.id),
        number=invoice.number,
        user_id=str(invoice.user_id),
        subscription_id=str(invoice.subscription_id),
        status=_INVOICE_STATUS[InvoiceStatus(invoice.status)],
        line_items=[
            payment_pb2.InvoiceLineItem(
                description=line.description,
                quantity=line.quantity,
                unit_amount=_money(line.unit_amount_minor, cur),
                amount=_money(line.amount_minor, cur),
            )
            for line in lines_of(invoice)
        ],
        subtotal=_money(invoice.subtotal_minor, cur),
        tax=_money(invoice.tax_minor, cur),
        total=_money(invoice.total_minor, cur),
        amount_paid=_money(invoice.amount_paid_minor, cur),
        amount_due=_money(invoice.amount_due_minor, cur),
        payment_id=str(invoice.payment_id or ""),
        period_start_time=timestamp(invoice.period_start),
        period_end_time=timestamp(invoice.period_end),
        due_time=timestamp(invoice.due_at),
        hosted_invoice_url=view.hosted_invoice_url,
        create_time=timestamp(invoice.created_at),
        update_time=timestamp(invoice.updated_at),
    )
    if invoice.paid_at is not None:
        message.paid_time.CopyFrom(timestamp(invoice.paid_at))
    return message


def _subscription(view: SubscriptionView) -> payment_pb2.Subscription:
    from internal.payment.handler import subscription_to_proto  # the module that mixes this class in

    return subscription_to_proto(view)


class SubscriptionRpcs:
    """ResumeSubscription, UpdateSubscriptionCard, ChangeSubscriptionPlan, GetInvoice, ListInvoices."""

    _subscriptions: SubscriptionService

    async def ResumeSubscription(  # noqa: N802
        self, request: payment_pb2.ResumeSubscriptionRequest, context: Any
    ) -> payment_pb2.ResumeSubscriptionResponse:
        view = await self._subscriptions.resume_subscription(
            caller=current_caller(), subscription_id=parse_uuid(request.subscription_id, "subscription_id")
        )
        return payment_pb2.ResumeSubscriptionResponse(subscription=_subscription(view))

    async def UpdateSubscriptionCard(  # noqa: N802
        self, request: payment_pb2.UpdateSubscriptionCardRequest, context: Any
    ) -> payment_pb2.UpdateSubscriptionCardResponse:
        view = await self._subscriptions.update_card(
            caller=current_caller(),
            idempotency_key=request.idempotency_key,
            subscription_id=parse_uuid(request.subscription_id, "subscription_id"),
        )
        return payment_pb2.UpdateSubscriptionCardResponse(
            subscription=_subscription(view), client_secret=view.client_secret, checkout_url=view.checkout_url
        )

    async def ChangeSubscriptionPlan(  # noqa: N802
        self, request: payment_pb2.ChangeSubscriptionPlanRequest, context: Any
    ) -> payment_pb2.ChangeSubscriptionPlanResponse:
        view = await self._subscriptions.change_plan(
            caller=current_caller(),
            idempotency_key=request.idempotency_key,
            subscription_id=parse_uuid(request.subscription_id, "subscription_id"),
            plan_id=parse_uuid(request.plan_id, "plan_id"),
        )
        return payment_pb2.ChangeSubscriptionPlanResponse(subscription=_subscription(view))

    async def GetInvoice(  # noqa: N802
        self, request: payment_pb2.GetInvoiceRequest, context: Any
    ) -> payment_pb2.GetInvoiceResponse:
        view = await self._subscriptions.get_invoice(
            caller=current_caller(), invoice_id=parse_uuid(request.invoice_id, "invoice_id")
        )
        return payment_pb2.GetInvoiceResponse(invoice=invoice_to_proto(view))

    async def ListInvoices(  # noqa: N802
        self, request: payment_pb2.ListInvoicesRequest, context: Any
    ) -> payment_pb2.ListInvoicesResponse:
        page = await self._subscriptions.list_invoices(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            subscription_id=parse_optional_uuid(request.subscription_id, "subscription_id"),
            statuses=[_INVOICE_STATUS_IN[s] for s in request.statuses if s in _INVOICE_STATUS_IN],
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return payment_pb2.ListInvoicesResponse(
            invoices=[invoice_to_proto(v) for v in page.items], next_page_token=page.next_page_token
        )
