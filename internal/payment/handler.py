"""gRPC servicer of skillsphere.payment.v1.PaymentService: proto ⇄ domain, one service call per RPC.

The subscription and invoice RPCs added with billing live in subscription_handler.py (mixed in). An RPC not
built would be inherited from the generated base servicer, which raises NotImplementedError: the error
interceptor answers UNIMPLEMENTED (NOT_IMPLEMENTED).
"""

from __future__ import annotations

from typing import Any

from skillsphere.common.v1 import common_pb2
from skillsphere.payment.v1 import payment_pb2, payment_pb2_grpc

from internal.payment.ledger import AccountKind, TransactionKind
from internal.payment.models import (
    Escrow,
    EscrowStatus,
    MemberEntry,
    Payment,
    PaymentPurpose,
    PaymentStatus,
    Payout,
    PayoutAccount,
    PayoutAccountStatus,
    PayoutStatus,
    Plan,
    Refund,
    RefundReason,
    RefundStatus,
    Role,
    SubscriptionStatus,
)
from internal.payment.payouts import PayoutService
from internal.payment.service import CurrencyBalance, PaymentService
from internal.payment.subscription_handler import SubscriptionRpcs
from internal.payment.subscriptions import SubscriptionService, SubscriptionView
from pkg.grpcx.context import current_caller
from pkg.grpcx.convert import parse_optional_uuid, parse_uuid, timestamp

_PAYMENT_STATUS = {
    PaymentStatus.REQUIRES_ACTION: payment_pb2.PAYMENT_STATUS_REQUIRES_ACTION,
    PaymentStatus.PROCESSING: payment_pb2.PAYMENT_STATUS_PROCESSING,
    PaymentStatus.SUCCEEDED: payment_pb2.PAYMENT_STATUS_SUCCEEDED,
    PaymentStatus.FAILED: payment_pb2.PAYMENT_STATUS_FAILED,
    PaymentStatus.CANCELED: payment_pb2.PAYMENT_STATUS_CANCELED,
    PaymentStatus.PARTIALLY_REFUNDED: payment_pb2.PAYMENT_STATUS_PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED: payment_pb2.PAYMENT_STATUS_REFUNDED,
    PaymentStatus.DISPUTED: payment_pb2.PAYMENT_STATUS_DISPUTED,
}
_PAYMENT_STATUS_IN = {number: status for status, number in _PAYMENT_STATUS.items()}
_PURPOSE = {
    PaymentPurpose.SESSION: payment_pb2.PAYMENT_PURPOSE_SESSION,
    PaymentPurpose.GIG: payment_pb2.PAYMENT_PURPOSE_GIG,
    PaymentPurpose.REVIEW: payment_pb2.PAYMENT_PURPOSE_REVIEW,
    PaymentPurpose.WORKSHOP: payment_pb2.PAYMENT_PURPOSE_WORKSHOP,
    PaymentPurpose.CERTIFICATION: payment_pb2.PAYMENT_PURPOSE_CERTIFICATION,
    PaymentPurpose.SUBSCRIPTION: payment_pb2.PAYMENT_PURPOSE_SUBSCRIPTION,
    PaymentPurpose.TIP: payment_pb2.PAYMENT_PURPOSE_TIP,
}
_PURPOSE_IN = {number: purpose for purpose, number in _PURPOSE.items()}
_ESCROW_STATUS = {
    EscrowStatus.AWAITING_FUNDING: payment_pb2.ESCROW_STATUS_AWAITING_FUNDING,
    EscrowStatus.HELD: payment_pb2.ESCROW_STATUS_HELD,
    EscrowStatus.ON_HOLD: payment_pb2.ESCROW_STATUS_ON_HOLD,
    EscrowStatus.RELEASED: payment_pb2.ESCROW_STATUS_RELEASED,
    EscrowStatus.REFUNDED: payment_pb2.ESCROW_STATUS_REFUNDED,
    EscrowStatus.SPLIT: payment_pb2.ESCROW_STATUS_SPLIT,
    EscrowStatus.CANCELED: payment_pb2.ESCROW_STATUS_CANCELED,
    EscrowStatus.DISPUTED: payment_pb2.ESCROW_STATUS_DISPUTED,
}
_ESCROW_STATUS_IN = {number: status for status, number in _ESCROW_STATUS.items()}
_REFUND_STATUS = {
    RefundStatus.PENDING: payment_pb2.REFUND_STATUS_PENDING,
    RefundStatus.SUCCEEDED: payment_pb2.REFUND_STATUS_SUCCEEDED,
    RefundStatus.FAILED: payment_pb2.REFUND_STATUS_FAILED,
}
_REFUND_REASON = {
    RefundReason.REQUESTED_BY_CUSTOMER: payment_pb2.REFUND_REASON_REQUESTED_BY_CUSTOMER,
    RefundReason.DUPLICATE: payment_pb2.REFUND_REASON_DUPLICATE,
    RefundReason.FRAUDULENT: payment_pb2.REFUND_REASON_FRAUDULENT,
    RefundReason.NOT_DELIVERED: payment_pb2.REFUND_REASON_NOT_DELIVERED,
    RefundReason.CANCELLED: payment_pb2.REFUND_REASON_CANCELLED,
    RefundReason.OTHER: payment_pb2.REFUND_REASON_OTHER,
}
_REFUND_REASON_IN = {number: reason for reason, number in _REFUND_REASON.items()}
_ROLE_IN = {payment_pb2.PAYMENT_ROLE_PAYER: Role.PAYER, payment_pb2.PAYMENT_ROLE_PAYEE: Role.PAYEE}
_BALANCE = {
    AccountKind.AVAILABLE: payment_pb2.BALANCE_TYPE_AVAILABLE,
    AccountKind.PENDING: payment_pb2.BALANCE_TYPE_PENDING,
    AccountKind.ESCROW: payment_pb2.BALANCE_TYPE_IN_ESCROW,
    AccountKind.IN_TRANSIT: payment_pb2.BALANCE_TYPE_IN_TRANSIT,
}
_TRANSACTION = {
    TransactionKind.PAYMENT: payment_pb2.BALANCE_TRANSACTION_TYPE_PAYMENT,
    TransactionKind.PAYMENT_REFUND: payment_pb2.BALANCE_TRANSACTION_TYPE_PAYMENT_REFUND,
    TransactionKind.ESCROW_FUNDED: payment_pb2.BALANCE_TRANSACTION_TYPE_ESCROW_FUNDED,
    TransactionKind.ESCROW_RELEASED: payment_pb2.BALANCE_TRANSACTION_TYPE_ESCROW_RELEASED,
    TransactionKind.ESCROW_REFUNDED: payment_pb2.BALANCE_TRANSACTION_TYPE_ESCROW_REFUNDED,
    TransactionKind.SETTLED: payment_pb2.BALANCE_TRANSACTION_TYPE_SETTLED,
    TransactionKind.PAYOUT: payment_pb2.BALANCE_TRANSACTION_TYPE_PAYOUT,
    TransactionKind.PAYOUT_PAID: payment_pb2.BALANCE_TRANSACTION_TYPE_PAYOUT_PAID,
    TransactionKind.PAYOUT_FAILED: payment_pb2.BALANCE_TRANSACTION_TYPE_PAYOUT_FAILED,
    TransactionKind.DISPUTE_OPENED: payment_pb2.BALANCE_TRANSACTION_TYPE_DISPUTE_OPENED,
    TransactionKind.DISPUTE_WON: payment_pb2.BALANCE_TRANSACTION_TYPE_DISPUTE_WON,
    TransactionKind.DISPUTE_LOST: payment_pb2.BALANCE_TRANSACTION_TYPE_DISPUTE_LOST,
}


_PAYOUT_STATUS = {
    PayoutStatus.PENDING: payment_pb2.PAYOUT_STATUS_PENDING,
    PayoutStatus.IN_TRANSIT: payment_pb2.PAYOUT_STATUS_IN_TRANSIT,
    PayoutStatus.PAID: payment_pb2.PAYOUT_STATUS_PAID,
    PayoutStatus.FAILED: payment_pb2.PAYOUT_STATUS_FAILED,
    PayoutStatus.CANCELED: payment_pb2.PAYOUT_STATUS_CANCELED,
}
_PAYOUT_STATUS_IN = {number: status for status, number in _PAYOUT_STATUS.items()}
_ACCOUNT_STATUS = {
    PayoutAccountStatus.ONBOARDING_REQUIRED: payment_pb2.PAYOUT_ACCOUNT_STATUS_ONBOARDING_REQUIRED,
    PayoutAccountStatus.PENDING_VERIFICATION: payment_pb2.PAYOUT_ACCOUNT_STATUS_PENDING_VERIFICATION,
    PayoutAccountStatus.ACTIVE: payment_pb2.PAYOUT_ACCOUNT_STATUS_ACTIVE,
    PayoutAccountStatus.RESTRICTED: payment_pb2.PAYOUT_ACCOUNT_STATUS_RESTRICTED,
    PayoutAccountStatus.REJECTED: payment_pb2.PAYOUT_ACCOUNT_STATUS_REJECTED,
}


_TIER = {
    "free": payment_pb2.SUBSCRIPTION_TIER_FREE,
    "pro": payment_pb2.SUBSCRIPTION_TIER_PRO,
    "premium": payment_pb2.SUBSCRIPTION_TIER_PREMIUM,
}
_INTERVAL = {"month": payment_pb2.BILLING_INTERVAL_MONTH, "year": payment_pb2.BILLING_INTERVAL_YEAR}
_SUBSCRIPTION_STATUS = {
    SubscriptionStatus.INCOMPLETE: payment_pb2.SUBSCRIPTION_STATUS_INCOMPLETE,
    SubscriptionStatus.TRIALING: payment_pb2.SUBSCRIPTION_STATUS_TRIALING,
    SubscriptionStatus.ACTIVE: payment_pb2.SUBSCRIPTION_STATUS_ACTIVE,
    SubscriptionStatus.PAST_DUE: payment_pb2.SUBSCRIPTION_STATUS_PAST_DUE,
    SubscriptionStatus.CANCELED: payment_pb2.SUBSCRIPTION_STATUS_CANCELED,
}


def money(amount_minor: int, currency: str) -> common_pb2.Money:
    """A Money message."""
    return common_pb2.Money(amount_minor=amount_minor, currency_code=currency)


def payment_to_proto(payment: Payment) -> payment_pb2.Payment:
    """A payment. platform_fee and payee_amount are what a full, unrefunded payment splits into."""
    payee_amount = payment.amount_minor - payment.fee_minor if payment.payee_id else 0
    return payment_pb2.Payment(
        id=str(payment.id),
        payer_user_id=str(payment.payer_id),
        payee_user_id=str(payment.payee_id or ""),
        amount=money(payment.amount_minor, payment.currency),
        platform_fee=money(payment.fee_minor if payment.payee_id else payment.amount_minor, payment.currency),
        payee_amount=money(payee_amount, payment.currency),
        amount_refunded=money(payment.refunded_minor, payment.currency),
        status=_PAYMENT_STATUS[PaymentStatus(payment.status)],
        purpose=_PURPOSE[PaymentPurpose(payment.purpose)],
        reference_id=str(payment.reference_id or ""),
        description=payment.description,
        failure_code=payment.failure_code,
        failure_message=payment.failure_message,
        create_time=timestamp(payment.created_at),
        update_time=timestamp(payment.updated_at),
        escrow_id=str(payment.escrow_id or ""),
        authentication_required=payment.authentication_required,
        invoice_id=str(payment.reference_id or "") if payment.purpose == PaymentPurpose.SUBSCRIPTION else "",
    )


def refund_to_proto(refund: Refund) -> payment_pb2.Refund:
    """A refund."""
    return payment_pb2.Refund(
        id=str(refund.id),
        payment_id=str(refund.payment_id),
        escrow_id=str(refund.escrow_id or ""),
        amount=money(refund.amount_minor, refund.currency),
        status=_REFUND_STATUS[RefundStatus(refund.status)],
        reason=_REFUND_REASON[RefundReason(refund.reason)],
        note=refund.note,
        requested_by_user_id=str(refund.requested_by or ""),
        create_time=timestamp(refund.created_at),
        update_time=timestamp(refund.updated_at),
    )


def escrow_to_proto(escrow: Escrow) -> payment_pb2.Escrow:
    """An escrow; platform_fee is the fee kept once settled, or the fee a full release would keep before."""
    message = payment_pb2.Escrow(
        id=str(escrow.id),
        payer_user_id=str(escrow.payer_id),
        payee_user_id=str(escrow.payee_id),
        amount=money(escrow.amount_minor, escrow.currency),
        platform_fee=money(escrow.expected_fee_minor, escrow.currency),
        released_amount=money(escrow.released_minor, escrow.currency),
        refunded_amount=money(escrow.refunded_minor, escrow.currency),
        status=_ESCROW_STATUS[EscrowStatus(escrow.status)],
        purpose=_PURPOSE[PaymentPurpose(escrow.purpose)],
        reference_id=str(escrow.reference_id),
        description=escrow.description,
        payment_id=str(escrow.payment_id),
        create_time=timestamp(escrow.created_at),
        update_time=timestamp(escrow.updated_at),
        platform_fee_basis_points=escrow.fee_basis_points,
        hold_reason=escrow.hold_reason,
    )
    if escrow.settled_at is not None:
        message.settle_time.CopyFrom(timestamp(escrow.settled_at))
    return message


def balance_to_proto(balance: CurrencyBalance) -> payment_pb2.CurrencyBalance:
    """One currency's balances."""
    return payment_pb2.CurrencyBalance(
        available=money(balance.available, balance.currency),
        pending=money(balance.pending, balance.currency),
        in_escrow=money(balance.in_escrow, balance.currency),
        in_transit=money(balance.in_transit, balance.currency),
    )


def entry_to_proto(entry: MemberEntry) -> payment_pb2.BalanceTransaction:
    """One ledger entry on a member's balance."""
    return payment_pb2.BalanceTransaction(
        id=str(entry.id),
        transaction_id=str(entry.transaction_id),
        type=_TRANSACTION[TransactionKind(entry.kind)],
        balance=_BALANCE[entry.account_kind],
        amount=money(entry.amount_minor, entry.currency),
        payment_id=str(entry.payment_id or ""),
        escrow_id=str(entry.escrow_id or ""),
        payout_id=str(entry.payout_id or ""),
        description=entry.description,
        create_time=timestamp(entry.created_at),
    )


def payout_account_to_proto(account: PayoutAccount) -> payment_pb2.PayoutAccount:
    """A payout account (the bank account only masked)."""
    status = PayoutAccountStatus(account.status)
    return payment_pb2.PayoutAccount(
        id=str(account.id),
        user_id=str(account.user_id),
        status=_ACCOUNT_STATUS[status],
        payouts_enabled=status is PayoutAccountStatus.ACTIVE,
        country_code=account.country_code,
        default_currency_code=account.default_currency,
        bank_account_summary=account.bank_account_summary,
        requirements_due=["Bank account"] if status is PayoutAccountStatus.ONBOARDING_REQUIRED else [],
        create_time=timestamp(account.created_at),
        update_time=timestamp(account.updated_at),
    )


def payout_to_proto(payout: Payout) -> payment_pb2.Payout:
    """A payout."""
    message = payment_pb2.Payout(
        id=str(payout.id),
        user_id=str(payout.user_id),
        amount=money(payout.amount_minor, payout.currency),
        status=_PAYOUT_STATUS[PayoutStatus(payout.status)],
        bank_account_summary=payout.bank_account_summary,
        failure_code=payout.failure_code,
        failure_message=payout.failure_message,
        create_time=timestamp(payout.created_at),
        update_time=timestamp(payout.updated_at),
    )
    if payout.arrival_at is not None:
        message.arrival_time.CopyFrom(timestamp(payout.arrival_at))
    return message


def plan_to_proto(plan: Plan) -> payment_pb2.SubscriptionPlan:
    """A plan for sale."""
    return payment_pb2.SubscriptionPlan(
        id=str(plan.id),
        tier=_TIER[plan.tier],
        name=plan.name,
        description=plan.description,
        price=money(plan.price_minor, plan.currency),
        interval=_INTERVAL[plan.billing_interval],
        trial_days=plan.trial_days,
        features=plan.features,
        platform_fee_basis_points=plan.fee_basis_points,
        create_time=timestamp(plan.created_at),
        update_time=timestamp(plan.updated_at),
    )


def subscription_to_proto(view: SubscriptionView) -> payment_pb2.Subscription:
    """A subscription with its plan's tier, price and interval."""
    subscription, plan = view.subscription, view.plan
    message = payment_pb2.Subscription(
        id=str(subscription.id),
        user_id=str(subscription.user_id),
        plan_id=str(plan.id),
        tier=_TIER[plan.tier],
        status=_SUBSCRIPTION_STATUS[SubscriptionStatus(subscription.status)],
        price=money(plan.price_minor, plan.currency),
        interval=_INTERVAL[plan.billing_interval],
        cancel_at_period_end=subscription.cancel_at_period_end,
        create_time=timestamp(subscription.created_at),
        update_time=timestamp(subscription.updated_at),
    )
    if subscription.current_period_start is not None:
        message.current_period_start_time.CopyFrom(timestamp(subscription.current_period_start))
    if subscription.current_period_end is not None:
        message.current_period_end_time.CopyFrom(timestamp(subscription.current_period_end))
    ends = subscription.canceled_at or (subscription.current_period_end if subscription.cancel_at_period_end else None)
    if ends is not None:
        message.cancel_time.CopyFrom(timestamp(ends))
    if subscription.trial_end is not None:
        message.trial_end_time.CopyFrom(timestamp(subscription.trial_end))
    message.scheduled_plan_id = str(subscription.scheduled_plan_id or "")
    message.latest_invoice_id = str(subscription.latest_invoice_id or "")
    return message


def _refund_amount(request: Any) -> tuple[int | None, str | None]:
    if not request.HasField("amount"):
        return None, None
    return request.amount.amount_minor, request.amount.currency_code


class PaymentHandler(SubscriptionRpcs, payment_pb2_grpc.PaymentServiceServicer):
    """The built RPCs of PaymentService; the rest answer UNIMPLEMENTED (inherited)."""

    def __init__(self, service: PaymentService, payouts: PayoutService, subscriptions: SubscriptionService) -> None:
        self._service = service
        self._payouts = payouts
        self._subscriptions = subscriptions

    async def CreatePayment(  # noqa: N802
        self, request: payment_pb2.CreatePaymentRequest, context: Any
    ) -> payment_pb2.CreatePaymentResponse:
        answer = await self._service.create_payment(
            caller=current_caller(),
            idempotency_key=request.idempotency_key,
            amount_minor=request.amount.amount_minor,
            currency=request.amount.currency_code,
            purpose=_PURPOSE_IN.get(request.purpose),
            reference_id=parse_optional_uuid(request.reference_id, "reference_id"),
            payee_id=parse_optional_uuid(request.payee_user_id, "payee_user_id"),
            description=request.description,
        )
        return payment_pb2.CreatePaymentResponse(
            payment=payment_to_proto(answer.payment),
            client_secret=answer.client_secret,
            checkout_url=answer.checkout_url,
        )

    async def GetPayment(  # noqa: N802
        self, request: payment_pb2.GetPaymentRequest, context: Any
    ) -> payment_pb2.GetPaymentResponse:
        detail = await self._service.get_payment(
            caller=current_caller(), payment_id=parse_uuid(request.payment_id, "payment_id")
        )
        return payment_pb2.GetPaymentResponse(
            payment=payment_to_proto(detail.payment), refunds=[refund_to_proto(r) for r in detail.refunds]
        )

    async def ListPayments(  # noqa: N802
        self, request: payment_pb2.ListPaymentsRequest, context: Any
    ) -> payment_pb2.ListPaymentsResponse:
        page = await self._service.list_payments(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            role=_ROLE_IN.get(request.role),
            statuses=[_PAYMENT_STATUS_IN[s] for s in request.statuses if s in _PAYMENT_STATUS_IN],
            purpose=_PURPOSE_IN.get(request.purpose),
            reference_id=parse_optional_uuid(request.reference_id, "reference_id"),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return payment_pb2.ListPaymentsResponse(
            payments=[payment_to_proto(p) for p in page.items], next_page_token=page.next_page_token
        )

    async def CancelPayment(  # noqa: N802
        self, request: payment_pb2.CancelPaymentRequest, context: Any
    ) -> payment_pb2.CancelPaymentResponse:
        payment = await self._service.cancel_payment(
            caller=current_caller(), payment_id=parse_uuid(request.payment_id, "payment_id")
        )
        return payment_pb2.CancelPaymentResponse(payment=payment_to_proto(payment))

    async def RefundPayment(  # noqa: N802
        self, request: payment_pb2.RefundPaymentRequest, context: Any
    ) -> payment_pb2.RefundPaymentResponse:
        amount, currency = _refund_amount(request)
        answer = await self._service.refund_payment(
            caller=current_caller(),
            idempotency_key=request.idempotency_key,
            payment_id=parse_uuid(request.payment_id, "payment_id"),
            amount_minor=amount,
            currency=currency,
            reason=_REFUND_REASON_IN.get(request.reason, RefundReason.OTHER),
            note=request.note,
        )
        return payment_pb2.RefundPaymentResponse(
            refund=refund_to_proto(answer.refund), payment=payment_to_proto(answer.payment)
        )

    async def GetEscrow(self, request: payment_pb2.GetEscrowRequest, context: Any) -> payment_pb2.GetEscrowResponse:  # noqa: N802
        answer = await self._service.get_escrow(
            caller=current_caller(), escrow_id=parse_uuid(request.escrow_id, "escrow_id")
        )
        return payment_pb2.GetEscrowResponse(
            escrow=escrow_to_proto(answer.escrow), client_secret=answer.client_secret, checkout_url=answer.checkout_url
        )

    async def ListEscrows(  # noqa: N802
        self, request: payment_pb2.ListEscrowsRequest, context: Any
    ) -> payment_pb2.ListEscrowsResponse:
        page = await self._service.list_escrows(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            role=_ROLE_IN.get(request.role),
            statuses=[_ESCROW_STATUS_IN[s] for s in request.statuses if s in _ESCROW_STATUS_IN],
            reference_id=parse_optional_uuid(request.reference_id, "reference_id"),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return payment_pb2.ListEscrowsResponse(
            escrows=[escrow_to_proto(e) for e in page.items], next_page_token=page.next_page_token
        )

    async def ReleaseEscrow(  # noqa: N802
        self, request: payment_pb2.ReleaseEscrowRequest, context: Any
    ) -> payment_pb2.ReleaseEscrowResponse:
        escrow = await self._service.release_escrow(
            caller=current_caller(),
            idempotency_key=request.idempotency_key,
            escrow_id=parse_uuid(request.escrow_id, "escrow_id"),
        )
        return payment_pb2.ReleaseEscrowResponse(escrow=escrow_to_proto(escrow))

    async def RefundEscrow(  # noqa: N802
        self, request: payment_pb2.RefundEscrowRequest, context: Any
    ) -> payment_pb2.RefundEscrowResponse:
        amount, currency = _refund_amount(request)
        answer = await self._service.refund_escrow(
            caller=current_caller(),
            idempotency_key=request.idempotency_key,
            escrow_id=parse_uuid(request.escrow_id, "escrow_id"),
            amount_minor=amount,
            currency=currency,
            reason=_REFUND_REASON_IN.get(request.reason, RefundReason.OTHER),
            note=request.note,
        )
        return payment_pb2.RefundEscrowResponse(
            escrow=escrow_to_proto(answer.escrow), refund=refund_to_proto(answer.refund)
        )

    async def GetBalance(self, request: payment_pb2.GetBalanceRequest, context: Any) -> payment_pb2.GetBalanceResponse:  # noqa: N802
        balances = await self._service.get_balance(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            currency=request.currency_code or None,
        )
        response = payment_pb2.GetBalanceResponse(balances=[balance_to_proto(b) for b in balances])
        response.as_of_time.GetCurrentTime()
        return response

    async def ListBalanceTransactions(  # noqa: N802
        self, request: payment_pb2.ListBalanceTransactionsRequest, context: Any
    ) -> payment_pb2.ListBalanceTransactionsResponse:
        page = await self._service.list_balance_transactions(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            currency=request.currency_code or None,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return payment_pb2.ListBalanceTransactionsResponse(
            balance_transactions=[entry_to_proto(e) for e in page.items], next_page_token=page.next_page_token
        )

    async def GetPayoutAccount(  # noqa: N802
        self, request: payment_pb2.GetPayoutAccountRequest, context: Any
    ) -> payment_pb2.GetPayoutAccountResponse:
        account = await self._payouts.get_payout_account(caller=current_caller())
        return payment_pb2.GetPayoutAccountResponse(account=payout_account_to_proto(account))

    async def CreatePayoutAccountLink(  # noqa: N802
        self, request: payment_pb2.CreatePayoutAccountLinkRequest, context: Any
    ) -> payment_pb2.CreatePayoutAccountLinkResponse:
        link = await self._payouts.create_account_link(
            caller=current_caller(),
            return_url=request.return_url,
            refresh_url=request.refresh_url,
            country_code=request.country_code,
        )
        return payment_pb2.CreatePayoutAccountLinkResponse(
            url=link.url, expire_time=timestamp(link.expires_at), account=payout_account_to_proto(link.account)
        )

    async def CreatePayout(  # noqa: N802
        self, request: payment_pb2.CreatePayoutRequest, context: Any
    ) -> payment_pb2.CreatePayoutResponse:
        payout = await self._payouts.create_payout(
            caller=current_caller(),
            idempotency_key=request.idempotency_key,
            amount_minor=request.amount.amount_minor,
            currency=request.amount.currency_code,
        )
        return payment_pb2.CreatePayoutResponse(payout=payout_to_proto(payout))

    async def GetPayout(self, request: payment_pb2.GetPayoutRequest, context: Any) -> payment_pb2.GetPayoutResponse:  # noqa: N802
        payout = await self._payouts.get_payout(
            caller=current_caller(), payout_id=parse_uuid(request.payout_id, "payout_id")
        )
        return payment_pb2.GetPayoutResponse(payout=payout_to_proto(payout))

    async def ListPayouts(  # noqa: N802
        self, request: payment_pb2.ListPayoutsRequest, context: Any
    ) -> payment_pb2.ListPayoutsResponse:
        page = await self._payouts.list_payouts(
            caller=current_caller(),
            user_id=parse_optional_uuid(request.user_id, "user_id"),
            statuses=[_PAYOUT_STATUS_IN[s] for s in request.statuses if s in _PAYOUT_STATUS_IN],
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return payment_pb2.ListPayoutsResponse(
            payouts=[payout_to_proto(p) for p in page.items], next_page_token=page.next_page_token
        )

    async def ListSubscriptionPlans(  # noqa: N802
        self, request: payment_pb2.ListSubscriptionPlansRequest, context: Any
    ) -> payment_pb2.ListSubscriptionPlansResponse:
        page = await self._subscriptions.list_plans(
            currency=request.currency_code, page_size=request.page_size, page_token=request.page_token
        )
        return payment_pb2.ListSubscriptionPlansResponse(
            plans=[plan_to_proto(p) for p in page.items], next_page_token=page.next_page_token
        )

    async def CreateSubscription(  # noqa: N802
        self, request: payment_pb2.CreateSubscriptionRequest, context: Any
    ) -> payment_pb2.CreateSubscriptionResponse:
        view = await self._subscriptions.create_subscription(
            caller=current_caller(),
            idempotency_key=request.idempotency_key,
            plan_id=parse_uuid(request.plan_id, "plan_id"),
            promotion_code=request.promotion_code,
        )
        return payment_pb2.CreateSubscriptionResponse(
            subscription=subscription_to_proto(view), client_secret=view.client_secret, checkout_url=view.checkout_url
        )

    async def GetSubscription(  # noqa: N802
        self, request: payment_pb2.GetSubscriptionRequest, context: Any
    ) -> payment_pb2.GetSubscriptionResponse:
        view = await self._subscriptions.get_subscription(
            caller=current_caller(), subscription_id=parse_optional_uuid(request.subscription_id, "subscription_id")
        )
        return payment_pb2.GetSubscriptionResponse(
            subscription=subscription_to_proto(view), client_secret=view.client_secret, checkout_url=view.checkout_url
        )

    async def CancelSubscription(  # noqa: N802
        self, request: payment_pb2.CancelSubscriptionRequest, context: Any
    ) -> payment_pb2.CancelSubscriptionResponse:
        view = await self._subscriptions.cancel_subscription(
            caller=current_caller(),
            subscription_id=parse_uuid(request.subscription_id, "subscription_id"),
            immediately=request.cancel_immediately,
        )
        return payment_pb2.CancelSubscriptionResponse(subscription=subscription_to_proto(view))
