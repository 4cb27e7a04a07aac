import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from skillsphere.common.v1 import common_pb2 as _common_pb2
from skillsphere.common.v1 import errors_pb2 as _errors_pb2
from skillsphere.common.v1 import validate_pb2 as _validate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubscriptionTier(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBSCRIPTION_TIER_UNSPECIFIED: _ClassVar[SubscriptionTier]
    SUBSCRIPTION_TIER_FREE: _ClassVar[SubscriptionTier]
    SUBSCRIPTION_TIER_PRO: _ClassVar[SubscriptionTier]
    SUBSCRIPTION_TIER_PREMIUM: _ClassVar[SubscriptionTier]

class BillingInterval(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BILLING_INTERVAL_UNSPECIFIED: _ClassVar[BillingInterval]
    BILLING_INTERVAL_MONTH: _ClassVar[BillingInterval]
    BILLING_INTERVAL_YEAR: _ClassVar[BillingInterval]

class SubscriptionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBSCRIPTION_STATUS_UNSPECIFIED: _ClassVar[SubscriptionStatus]
    SUBSCRIPTION_STATUS_INCOMPLETE: _ClassVar[SubscriptionStatus]
    SUBSCRIPTION_STATUS_TRIALING: _ClassVar[SubscriptionStatus]
    SUBSCRIPTION_STATUS_ACTIVE: _ClassVar[SubscriptionStatus]
    SUBSCRIPTION_STATUS_PAST_DUE: _ClassVar[SubscriptionStatus]
    SUBSCRIPTION_STATUS_CANCELED: _ClassVar[SubscriptionStatus]

class PaymentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_STATUS_UNSPECIFIED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_REQUIRES_ACTION: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_PROCESSING: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_SUCCEEDED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_FAILED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_CANCELED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_PARTIALLY_REFUNDED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_REFUNDED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_DISPUTED: _ClassVar[PaymentStatus]

class PaymentPurpose(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_PURPOSE_UNSPECIFIED: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_SESSION: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_GIG: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_REVIEW: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_WORKSHOP: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_CERTIFICATION: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_SUBSCRIPTION: _ClassVar[PaymentPurpose]
    PAYMENT_PURPOSE_TIP: _ClassVar[PaymentPurpose]

class PaymentRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_ROLE_UNSPECIFIED: _ClassVar[PaymentRole]
    PAYMENT_ROLE_PAYER: _ClassVar[PaymentRole]
    PAYMENT_ROLE_PAYEE: _ClassVar[PaymentRole]

class RefundReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFUND_REASON_UNSPECIFIED: _ClassVar[RefundReason]
    REFUND_REASON_REQUESTED_BY_CUSTOMER: _ClassVar[RefundReason]
    REFUND_REASON_DUPLICATE: _ClassVar[RefundReason]
    REFUND_REASON_FRAUDULENT: _ClassVar[RefundReason]
    REFUND_REASON_NOT_DELIVERED: _ClassVar[RefundReason]
    REFUND_REASON_CANCELLED: _ClassVar[RefundReason]
    REFUND_REASON_OTHER: _ClassVar[RefundReason]

class RefundStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFUND_STATUS_UNSPECIFIED: _ClassVar[RefundStatus]
    REFUND_STATUS_PENDING: _ClassVar[RefundStatus]
    REFUND_STATUS_SUCCEEDED: _ClassVar[RefundStatus]
    REFUND_STATUS_FAILED: _ClassVar[RefundStatus]

class EscrowStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ESCROW_STATUS_UNSPECIFIED: _ClassVar[EscrowStatus]
    ESCROW_STATUS_AWAITING_FUNDING: _ClassVar[EscrowStatus]
    ESCROW_STATUS_HELD: _ClassVar[EscrowStatus]
    ESCROW_STATUS_ON_HOLD: _ClassVar[EscrowStatus]
    ESCROW_STATUS_RELEASED: _ClassVar[EscrowStatus]
    ESCROW_STATUS_REFUNDED: _ClassVar[EscrowStatus]
    ESCROW_STATUS_SPLIT: _ClassVar[EscrowStatus]
    ESCROW_STATUS_CANCELED: _ClassVar[EscrowStatus]
    ESCROW_STATUS_DISPUTED: _ClassVar[EscrowStatus]

class PayoutStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYOUT_STATUS_UNSPECIFIED: _ClassVar[PayoutStatus]
    PAYOUT_STATUS_PENDING: _ClassVar[PayoutStatus]
    PAYOUT_STATUS_IN_TRANSIT: _ClassVar[PayoutStatus]
    PAYOUT_STATUS_PAID: _ClassVar[PayoutStatus]
    PAYOUT_STATUS_FAILED: _ClassVar[PayoutStatus]
    PAYOUT_STATUS_CANCELED: _ClassVar[PayoutStatus]

class PayoutAccountStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYOUT_ACCOUNT_STATUS_UNSPECIFIED: _ClassVar[PayoutAccountStatus]
    PAYOUT_ACCOUNT_STATUS_ONBOARDING_REQUIRED: _ClassVar[PayoutAccountStatus]
    PAYOUT_ACCOUNT_STATUS_PENDING_VERIFICATION: _ClassVar[PayoutAccountStatus]
    PAYOUT_ACCOUNT_STATUS_ACTIVE: _ClassVar[PayoutAccountStatus]
    PAYOUT_ACCOUNT_STATUS_RESTRICTED: _ClassVar[PayoutAccountStatus]
    PAYOUT_ACCOUNT_STATUS_REJECTED: _ClassVar[PayoutAccountStatus]

class InvoiceStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVOICE_STATUS_UNSPECIFIED: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_DRAFT: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_OPEN: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_PAID: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_VOID: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_UNCOLLECTIBLE: _ClassVar[InvoiceStatus]

class BalanceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BALANCE_TYPE_UNSPECIFIED: _ClassVar[BalanceType]
    BALANCE_TYPE_AVAILABLE: _ClassVar[BalanceType]
    BALANCE_TYPE_PENDING: _ClassVar[BalanceType]
    BALANCE_TYPE_IN_ESCROW: _ClassVar[BalanceType]
    BALANCE_TYPE_IN_TRANSIT: _ClassVar[BalanceType]

class BalanceTransactionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BALANCE_TRANSACTION_TYPE_UNSPECIFIED: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_PAYMENT: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_PAYMENT_REFUND: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_ESCROW_FUNDED: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_ESCROW_RELEASED: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_ESCROW_REFUNDED: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_SETTLED: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_PAYOUT: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_PAYOUT_PAID: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_PAYOUT_FAILED: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_DISPUTE_OPENED: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_DISPUTE_WON: _ClassVar[BalanceTransactionType]
    BALANCE_TRANSACTION_TYPE_DISPUTE_LOST: _ClassVar[BalanceTransactionType]

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_PAYMENT_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_ESCROW_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_PAYEE_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_IDEMPOTENCY_KEY_REUSED: _ClassVar[ErrorReason]
    ERROR_REASON_OTHER_MEMBER: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_PAYER: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_PAYEE: _ClassVar[ErrorReason]
    ERROR_REASON_ESCROW_ON_HOLD: _ClassVar[ErrorReason]
    ERROR_REASON_ESCROW_NOT_HELD: _ClassVar[ErrorReason]
    ERROR_REASON_PAYMENT_NOT_REFUNDABLE: _ClassVar[ErrorReason]
    ERROR_REASON_REFUND_EXCEEDS_REMAINING: _ClassVar[ErrorReason]
    ERROR_REASON_PAYMENT_NOT_CANCELABLE: _ClassVar[ErrorReason]
    ERROR_REASON_PAYOUT_ACCOUNT_NOT_READY: _ClassVar[ErrorReason]
    ERROR_REASON_INSUFFICIENT_BALANCE: _ClassVar[ErrorReason]
    ERROR_REASON_PAYOUT_ACCOUNT_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_PAYOUT_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_COUNTRY_NOT_SUPPORTED: _ClassVar[ErrorReason]
    ERROR_REASON_PAYOUT_ACCOUNT_REJECTED: _ClassVar[ErrorReason]
    ERROR_REASON_PLAN_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_SUBSCRIPTION_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_SUBSCRIPTION_EXISTS: _ClassVar[ErrorReason]
    ERROR_REASON_SUBSCRIPTION_NOT_RESUMABLE: _ClassVar[ErrorReason]
    ERROR_REASON_SUBSCRIPTION_NOT_PAST_DUE: _ClassVar[ErrorReason]
    ERROR_REASON_SUBSCRIPTION_NOT_ACTIVE: _ClassVar[ErrorReason]
    ERROR_REASON_CARD_DECLINED: _ClassVar[ErrorReason]
    ERROR_REASON_NOT_SUBSCRIBER: _ClassVar[ErrorReason]
    ERROR_REASON_INVOICE_NOT_FOUND: _ClassVar[ErrorReason]
SUBSCRIPTION_TIER_UNSPECIFIED: SubscriptionTier
SUBSCRIPTION_TIER_FREE: SubscriptionTier
SUBSCRIPTION_TIER_PRO: SubscriptionTier
SUBSCRIPTION_TIER_PREMIUM: SubscriptionTier
BILLING_INTERVAL_UNSPECIFIED: BillingInterval
BILLING_INTERVAL_MONTH: BillingInterval
BILLING_INTERVAL_YEAR: BillingInterval
SUBSCRIPTION_STATUS_UNSPECIFIED: SubscriptionStatus
SUBSCRIPTION_STATUS_INCOMPLETE: SubscriptionStatus
SUBSCRIPTION_STATUS_TRIALING: SubscriptionStatus
SUBSCRIPTION_STATUS_ACTIVE: SubscriptionStatus
SUBSCRIPTION_STATUS_PAST_DUE: SubscriptionStatus
SUBSCRIPTION_STATUS_CANCELED: SubscriptionStatus
PAYMENT_STATUS_UNSPECIFIED: PaymentStatus
PAYMENT_STATUS_REQUIRES_ACTION: PaymentStatus
PAYMENT_STATUS_PROCESSING: PaymentStatus
PAYMENT_STATUS_SUCCEEDED: PaymentStatus
PAYMENT_STATUS_FAILED: PaymentStatus
PAYMENT_STATUS_CANCELED: PaymentStatus
PAYMENT_STATUS_PARTIALLY_REFUNDED: PaymentStatus
PAYMENT_STATUS_REFUNDED: PaymentStatus
PAYMENT_STATUS_DISPUTED: PaymentStatus
PAYMENT_PURPOSE_UNSPECIFIED: PaymentPurpose
PAYMENT_PURPOSE_SESSION: PaymentPurpose
PAYMENT_PURPOSE_GIG: PaymentPurpose
PAYMENT_PURPOSE_REVIEW: PaymentPurpose
PAYMENT_PURPOSE_WORKSHOP: PaymentPurpose
PAYMENT_PURPOSE_CERTIFICATION: PaymentPurpose
PAYMENT_PURPOSE_SUBSCRIPTION: PaymentPurpose
PAYMENT_PURPOSE_TIP: PaymentPurpose
PAYMENT_ROLE_UNSPECIFIED: PaymentRole
PAYMENT_ROLE_PAYER: PaymentRole
PAYMENT_ROLE_PAYEE: PaymentRole
REFUND_REASON_UNSPECIFIED: RefundReason
REFUND_REASON_REQUESTED_BY_CUSTOMER: RefundReason
REFUND_REASON_DUPLICATE: RefundReason
REFUND_REASON_FRAUDULENT: RefundReason
REFUND_REASON_NOT_DELIVERED: RefundReason
REFUND_REASON_CANCELLED: RefundReason
REFUND_REASON_OTHER: RefundReason
REFUND_STATUS_UNSPECIFIED: RefundStatus
REFUND_STATUS_PENDING: RefundStatus
REFUND_STATUS_SUCCEEDED: RefundStatus
REFUND_STATUS_FAILED: RefundStatus
ESCROW_STATUS_UNSPECIFIED: EscrowStatus
ESCROW_STATUS_AWAITING_FUNDING: EscrowStatus
ESCROW_STATUS_HELD: EscrowStatus
ESCROW_STATUS_ON_HOLD: EscrowStatus
ESCROW_STATUS_RELEASED: EscrowStatus
ESCROW_STATUS_REFUNDED: EscrowStatus
ESCROW_STATUS_SPLIT: EscrowStatus
ESCROW_STATUS_CANCELED: EscrowStatus
ESCROW_STATUS_DISPUTED: EscrowStatus
PAYOUT_STATUS_UNSPECIFIED: PayoutStatus
PAYOUT_STATUS_PENDING: PayoutStatus
PAYOUT_STATUS_IN_TRANSIT: PayoutStatus
PAYOUT_STATUS_PAID: PayoutStatus
PAYOUT_STATUS_FAILED: PayoutStatus
PAYOUT_STATUS_CANCELED: PayoutStatus
PAYOUT_ACCOUNT_STATUS_UNSPECIFIED: PayoutAccountStatus
PAYOUT_ACCOUNT_STATUS_ONBOARDING_REQUIRED: PayoutAccountStatus
PAYOUT_ACCOUNT_STATUS_PENDING_VERIFICATION: PayoutAccountStatus
PAYOUT_ACCOUNT_STATUS_ACTIVE: PayoutAccountStatus
PAYOUT_ACCOUNT_STATUS_RESTRICTED: PayoutAccountStatus
PAYOUT_ACCOUNT_STATUS_REJECTED: PayoutAccountStatus
INVOICE_STATUS_UNSPECIFIED: InvoiceStatus
INVOICE_STATUS_DRAFT: InvoiceStatus
INVOICE_STATUS_OPEN: InvoiceStatus
INVOICE_STATUS_PAID: InvoiceStatus
INVOICE_STATUS_VOID: InvoiceStatus
INVOICE_STATUS_UNCOLLECTIBLE: InvoiceStatus
BALANCE_TYPE_UNSPECIFIED: BalanceType
BALANCE_TYPE_AVAILABLE: BalanceType
BALANCE_TYPE_PENDING: BalanceType
BALANCE_TYPE_IN_ESCROW: BalanceType
BALANCE_TYPE_IN_TRANSIT: BalanceType
BALANCE_TRANSACTION_TYPE_UNSPECIFIED: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_PAYMENT: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_PAYMENT_REFUND: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_ESCROW_FUNDED: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_ESCROW_RELEASED: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_ESCROW_REFUNDED: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_SETTLED: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_PAYOUT: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_PAYOUT_PAID: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_PAYOUT_FAILED: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_DISPUTE_OPENED: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_DISPUTE_WON: BalanceTransactionType
BALANCE_TRANSACTION_TYPE_DISPUTE_LOST: BalanceTransactionType
ERROR_REASON_UNSPECIFIED: ErrorReason
ERROR_REASON_PAYMENT_NOT_FOUND: ErrorReason
ERROR_REASON_ESCROW_NOT_FOUND: ErrorReason
ERROR_REASON_PAYEE_NOT_FOUND: ErrorReason
ERROR_REASON_IDEMPOTENCY_KEY_REUSED: ErrorReason
ERROR_REASON_OTHER_MEMBER: ErrorReason
ERROR_REASON_NOT_PAYER: ErrorReason
ERROR_REASON_NOT_PAYEE: ErrorReason
ERROR_REASON_ESCROW_ON_HOLD: ErrorReason
ERROR_REASON_ESCROW_NOT_HELD: ErrorReason
ERROR_REASON_PAYMENT_NOT_REFUNDABLE: ErrorReason
ERROR_REASON_REFUND_EXCEEDS_REMAINING: ErrorReason
ERROR_REASON_PAYMENT_NOT_CANCELABLE: ErrorReason
ERROR_REASON_PAYOUT_ACCOUNT_NOT_READY: ErrorReason
ERROR_REASON_INSUFFICIENT_BALANCE: ErrorReason
ERROR_REASON_PAYOUT_ACCOUNT_NOT_FOUND: ErrorReason
ERROR_REASON_PAYOUT_NOT_FOUND: ErrorReason
ERROR_REASON_COUNTRY_NOT_SUPPORTED: ErrorReason
ERROR_REASON_PAYOUT_ACCOUNT_REJECTED: ErrorReason
ERROR_REASON_PLAN_NOT_FOUND: ErrorReason
ERROR_REASON_SUBSCRIPTION_NOT_FOUND: ErrorReason
ERROR_REASON_SUBSCRIPTION_EXISTS: ErrorReason
ERROR_REASON_SUBSCRIPTION_NOT_RESUMABLE: ErrorReason
ERROR_REASON_SUBSCRIPTION_NOT_PAST_DUE: ErrorReason
ERROR_REASON_SUBSCRIPTION_NOT_ACTIVE: ErrorReason
ERROR_REASON_CARD_DECLINED: ErrorReason
ERROR_REASON_NOT_SUBSCRIBER: ErrorReason
ERROR_REASON_INVOICE_NOT_FOUND: ErrorReason

class SubscriptionPlan(_message.Message):
    __slots__ = ("id", "tier", "name", "description", "price", "interval", "trial_days", "features", "platform_fee_basis_points", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_FIELD_NUMBER: _ClassVar[int]
    TRIAL_DAYS_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FEE_BASIS_POINTS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    tier: SubscriptionTier
    name: str
    description: str
    price: _common_pb2.Money
    interval: BillingInterval
    trial_days: int
    features: _containers.RepeatedScalarFieldContainer[str]
    platform_fee_basis_points: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., tier: _Optional[_Union[SubscriptionTier, str]] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., interval: _Optional[_Union[BillingInterval, str]] = ..., trial_days: _Optional[int] = ..., features: _Optional[_Iterable[str]] = ..., platform_fee_basis_points: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Subscription(_message.Message):
    __slots__ = ("id", "user_id", "plan_id", "tier", "status", "price", "interval", "current_period_start_time", "current_period_end_time", "trial_end_time", "cancel_at_period_end", "cancel_time", "scheduled_plan_id", "latest_invoice_id", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_FIELD_NUMBER: _ClassVar[int]
    CURRENT_PERIOD_START_TIME_FIELD_NUMBER: _ClassVar[int]
    CURRENT_PERIOD_END_TIME_FIELD_NUMBER: _ClassVar[int]
    TRIAL_END_TIME_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AT_PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    CANCEL_TIME_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    LATEST_INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    user_id: str
    plan_id: str
    tier: SubscriptionTier
    status: SubscriptionStatus
    price: _common_pb2.Money
    interval: BillingInterval
    current_period_start_time: _timestamp_pb2.Timestamp
    current_period_end_time: _timestamp_pb2.Timestamp
    trial_end_time: _timestamp_pb2.Timestamp
    cancel_at_period_end: bool
    cancel_time: _timestamp_pb2.Timestamp
    scheduled_plan_id: str
    latest_invoice_id: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., user_id: _Optional[str] = ..., plan_id: _Optional[str] = ..., tier: _Optional[_Union[SubscriptionTier, str]] = ..., status: _Optional[_Union[SubscriptionStatus, str]] = ..., price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., interval: _Optional[_Union[BillingInterval, str]] = ..., current_period_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., current_period_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., trial_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cancel_at_period_end: _Optional[bool] = ..., cancel_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., scheduled_plan_id: _Optional[str] = ..., latest_invoice_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Payment(_message.Message):
    __slots__ = ("id", "payer_user_id", "payee_user_id", "amount", "platform_fee", "payee_amount", "amount_refunded", "status", "purpose", "reference_id", "description", "invoice_id", "failure_code", "failure_message", "receipt_url", "create_time", "update_time", "escrow_id", "authentication_required")
    ID_FIELD_NUMBER: _ClassVar[int]
    PAYER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAYEE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FEE_FIELD_NUMBER: _ClassVar[int]
    PAYEE_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_REFUNDED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    FAILURE_CODE_FIELD_NUMBER: _ClassVar[int]
    FAILURE_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_URL_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ESCROW_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHENTICATION_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    id: str
    payer_user_id: str
    payee_user_id: str
    amount: _common_pb2.Money
    platform_fee: _common_pb2.Money
    payee_amount: _common_pb2.Money
    amount_refunded: _common_pb2.Money
    status: PaymentStatus
    purpose: PaymentPurpose
    reference_id: str
    description: str
    invoice_id: str
    failure_code: str
    failure_message: str
    receipt_url: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    escrow_id: str
    authentication_required: bool
    def __init__(self, id: _Optional[str] = ..., payer_user_id: _Optional[str] = ..., payee_user_id: _Optional[str] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., platform_fee: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payee_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., amount_refunded: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., status: _Optional[_Union[PaymentStatus, str]] = ..., purpose: _Optional[_Union[PaymentPurpose, str]] = ..., reference_id: _Optional[str] = ..., description: _Optional[str] = ..., invoice_id: _Optional[str] = ..., failure_code: _Optional[str] = ..., failure_message: _Optional[str] = ..., receipt_url: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., escrow_id: _Optional[str] = ..., authentication_required: _Optional[bool] = ...) -> None: ...

class Refund(_message.Message):
    __slots__ = ("id", "payment_id", "escrow_id", "amount", "status", "reason", "note", "requested_by_user_id", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ESCROW_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    payment_id: str
    escrow_id: str
    amount: _common_pb2.Money
    status: RefundStatus
    reason: RefundReason
    note: str
    requested_by_user_id: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., payment_id: _Optional[str] = ..., escrow_id: _Optional[str] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., status: _Optional[_Union[RefundStatus, str]] = ..., reason: _Optional[_Union[RefundReason, str]] = ..., note: _Optional[str] = ..., requested_by_user_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Escrow(_message.Message):
    __slots__ = ("id", "payer_user_id", "payee_user_id", "amount", "platform_fee", "released_amount", "refunded_amount", "status", "purpose", "reference_id", "description", "payment_id", "auto_release_time", "settle_time", "create_time", "update_time", "platform_fee_basis_points", "hold_reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    PAYER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAYEE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FEE_FIELD_NUMBER: _ClassVar[int]
    RELEASED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REFUNDED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AUTO_RELEASE_TIME_FIELD_NUMBER: _ClassVar[int]
    SETTLE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FEE_BASIS_POINTS_FIELD_NUMBER: _ClassVar[int]
    HOLD_REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    payer_user_id: str
    payee_user_id: str
    amount: _common_pb2.Money
    platform_fee: _common_pb2.Money
    released_amount: _common_pb2.Money
    refunded_amount: _common_pb2.Money
    status: EscrowStatus
    purpose: PaymentPurpose
    reference_id: str
    description: str
    payment_id: str
    auto_release_time: _timestamp_pb2.Timestamp
    settle_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    platform_fee_basis_points: int
    hold_reason: str
    def __init__(self, id: _Optional[str] = ..., payer_user_id: _Optional[str] = ..., payee_user_id: _Optional[str] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., platform_fee: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., released_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., refunded_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., status: _Optional[_Union[EscrowStatus, str]] = ..., purpose: _Optional[_Union[PaymentPurpose, str]] = ..., reference_id: _Optional[str] = ..., description: _Optional[str] = ..., payment_id: _Optional[str] = ..., auto_release_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., settle_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., platform_fee_basis_points: _Optional[int] = ..., hold_reason: _Optional[str] = ...) -> None: ...

class PayoutAccount(_message.Message):
    __slots__ = ("id", "user_id", "status", "payouts_enabled", "country_code", "default_currency_code", "bank_account_summary", "requirements_due", "requirements_deadline", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAYOUTS_ENABLED_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    BANK_ACCOUNT_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    REQUIREMENTS_DUE_FIELD_NUMBER: _ClassVar[int]
    REQUIREMENTS_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    user_id: str
    status: PayoutAccountStatus
    payouts_enabled: bool
    country_code: str
    default_currency_code: str
    bank_account_summary: str
    requirements_due: _containers.RepeatedScalarFieldContainer[str]
    requirements_deadline: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., user_id: _Optional[str] = ..., status: _Optional[_Union[PayoutAccountStatus, str]] = ..., payouts_enabled: _Optional[bool] = ..., country_code: _Optional[str] = ..., default_currency_code: _Optional[str] = ..., bank_account_summary: _Optional[str] = ..., requirements_due: _Optional[_Iterable[str]] = ..., requirements_deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Payout(_message.Message):
    __slots__ = ("id", "user_id", "amount", "status", "bank_account_summary", "arrival_time", "failure_code", "failure_message", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    BANK_ACCOUNT_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ARRIVAL_TIME_FIELD_NUMBER: _ClassVar[int]
    FAILURE_CODE_FIELD_NUMBER: _ClassVar[int]
    FAILURE_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    user_id: str
    amount: _common_pb2.Money
    status: PayoutStatus
    bank_account_summary: str
    arrival_time: _timestamp_pb2.Timestamp
    failure_code: str
    failure_message: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., user_id: _Optional[str] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., status: _Optional[_Union[PayoutStatus, str]] = ..., bank_account_summary: _Optional[str] = ..., arrival_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failure_code: _Optional[str] = ..., failure_message: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InvoiceLineItem(_message.Message):
    __slots__ = ("description", "quantity", "unit_amount", "amount")
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    description: str
    quantity: int
    unit_amount: _common_pb2.Money
    amount: _common_pb2.Money
    def __init__(self, description: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class Invoice(_message.Message):
    __slots__ = ("id", "number", "user_id", "subscription_id", "status", "line_items", "subtotal", "tax", "total", "amount_paid", "amount_due", "payment_id", "period_start_time", "period_end_time", "due_time", "paid_time", "hosted_invoice_url", "pdf_url", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LINE_ITEMS_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_FIELD_NUMBER: _ClassVar[int]
    TAX_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_PAID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_DUE_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_TIME_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_TIME_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    PAID_TIME_FIELD_NUMBER: _ClassVar[int]
    HOSTED_INVOICE_URL_FIELD_NUMBER: _ClassVar[int]
    PDF_URL_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    user_id: str
    subscription_id: str
    status: InvoiceStatus
    line_items: _containers.RepeatedCompositeFieldContainer[InvoiceLineItem]
    subtotal: _common_pb2.Money
    tax: _common_pb2.Money
    total: _common_pb2.Money
    amount_paid: _common_pb2.Money
    amount_due: _common_pb2.Money
    payment_id: str
    period_start_time: _timestamp_pb2.Timestamp
    period_end_time: _timestamp_pb2.Timestamp
    due_time: _timestamp_pb2.Timestamp
    paid_time: _timestamp_pb2.Timestamp
    hosted_invoice_url: str
    pdf_url: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., user_id: _Optional[str] = ..., subscription_id: _Optional[str] = ..., status: _Optional[_Union[InvoiceStatus, str]] = ..., line_items: _Optional[_Iterable[_Union[InvoiceLineItem, _Mapping]]] = ..., subtotal: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., tax: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., total: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., amount_paid: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., amount_due: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payment_id: _Optional[str] = ..., period_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., paid_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hosted_invoice_url: _Optional[str] = ..., pdf_url: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CurrencyBalance(_message.Message):
    __slots__ = ("available", "pending", "in_escrow", "in_transit")
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    IN_ESCROW_FIELD_NUMBER: _ClassVar[int]
    IN_TRANSIT_FIELD_NUMBER: _ClassVar[int]
    available: _common_pb2.Money
    pending: _common_pb2.Money
    in_escrow: _common_pb2.Money
    in_transit: _common_pb2.Money
    def __init__(self, available: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., pending: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., in_escrow: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., in_transit: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class ListSubscriptionPlansRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "currency_code")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    currency_code: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., currency_code: _Optional[str] = ...) -> None: ...

class ListSubscriptionPlansResponse(_message.Message):
    __slots__ = ("plans", "next_page_token")
    PLANS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    plans: _containers.RepeatedCompositeFieldContainer[SubscriptionPlan]
    next_page_token: str
    def __init__(self, plans: _Optional[_Iterable[_Union[SubscriptionPlan, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CreateSubscriptionRequest(_message.Message):
    __slots__ = ("idempotency_key", "plan_id", "promotion_code")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    PROMOTION_CODE_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    plan_id: str
    promotion_code: str
    def __init__(self, idempotency_key: _Optional[str] = ..., plan_id: _Optional[str] = ..., promotion_code: _Optional[str] = ...) -> None: ...

class CreateSubscriptionResponse(_message.Message):
    __slots__ = ("subscription", "client_secret", "checkout_url")
    SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    CHECKOUT_URL_FIELD_NUMBER: _ClassVar[int]
    subscription: Subscription
    client_secret: str
    checkout_url: str
    def __init__(self, subscription: _Optional[_Union[Subscription, _Mapping]] = ..., client_secret: _Optional[str] = ..., checkout_url: _Optional[str] = ...) -> None: ...

class GetSubscriptionRequest(_message.Message):
    __slots__ = ("subscription_id",)
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    subscription_id: str
    def __init__(self, subscription_id: _Optional[str] = ...) -> None: ...

class GetSubscriptionResponse(_message.Message):
    __slots__ = ("subscription", "client_secret", "checkout_url")
    SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    CHECKOUT_URL_FIELD_NUMBER: _ClassVar[int]
    subscription: Subscription
    client_secret: str
    checkout_url: str
    def __init__(self, subscription: _Optional[_Union[Subscription, _Mapping]] = ..., client_secret: _Optional[str] = ..., checkout_url: _Optional[str] = ...) -> None: ...

class ChangeSubscriptionPlanRequest(_message.Message):
    __slots__ = ("idempotency_key", "subscription_id", "plan_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    subscription_id: str
    plan_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., subscription_id: _Optional[str] = ..., plan_id: _Optional[str] = ...) -> None: ...

class ChangeSubscriptionPlanResponse(_message.Message):
    __slots__ = ("subscription", "client_secret")
    SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    subscription: Subscription
    client_secret: str
    def __init__(self, subscription: _Optional[_Union[Subscription, _Mapping]] = ..., client_secret: _Optional[str] = ...) -> None: ...

class CancelSubscriptionRequest(_message.Message):
    __slots__ = ("subscription_id", "cancel_immediately", "reason")
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    CANCEL_IMMEDIATELY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    subscription_id: str
    cancel_immediately: bool
    reason: str
    def __init__(self, subscription_id: _Optional[str] = ..., cancel_immediately: _Optional[bool] = ..., reason: _Optional[str] = ...) -> None: ...

class ResumeSubscriptionRequest(_message.Message):
    __slots__ = ("subscription_id",)
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    subscription_id: str
    def __init__(self, subscription_id: _Optional[str] = ...) -> None: ...

class ResumeSubscriptionResponse(_message.Message):
    __slots__ = ("subscription",)
    SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    subscription: Subscription
    def __init__(self, subscription: _Optional[_Union[Subscription, _Mapping]] = ...) -> None: ...

class UpdateSubscriptionCardRequest(_message.Message):
    __slots__ = ("idempotency_key", "subscription_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    subscription_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., subscription_id: _Optional[str] = ...) -> None: ...

class UpdateSubscriptionCardResponse(_message.Message):
    __slots__ = ("subscription", "client_secret", "checkout_url")
    SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    CHECKOUT_URL_FIELD_NUMBER: _ClassVar[int]
    subscription: Subscription
    client_secret: str
    checkout_url: str
    def __init__(self, subscription: _Optional[_Union[Subscription, _Mapping]] = ..., client_secret: _Optional[str] = ..., checkout_url: _Optional[str] = ...) -> None: ...

class CancelSubscriptionResponse(_message.Message):
    __slots__ = ("subscription",)
    SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    subscription: Subscription
    def __init__(self, subscription: _Optional[_Union[Subscription, _Mapping]] = ...) -> None: ...

class CreatePaymentRequest(_message.Message):
    __slots__ = ("idempotency_key", "amount", "purpose", "reference_id", "payee_user_id", "description")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    PAYEE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    amount: _common_pb2.Money
    purpose: PaymentPurpose
    reference_id: str
    payee_user_id: str
    description: str
    def __init__(self, idempotency_key: _Optional[str] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., purpose: _Optional[_Union[PaymentPurpose, str]] = ..., reference_id: _Optional[str] = ..., payee_user_id: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class CreatePaymentResponse(_message.Message):
    __slots__ = ("payment", "client_secret", "checkout_url")
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    CHECKOUT_URL_FIELD_NUMBER: _ClassVar[int]
    payment: Payment
    client_secret: str
    checkout_url: str
    def __init__(self, payment: _Optional[_Union[Payment, _Mapping]] = ..., client_secret: _Optional[str] = ..., checkout_url: _Optional[str] = ...) -> None: ...

class GetPaymentRequest(_message.Message):
    __slots__ = ("payment_id",)
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    payment_id: str
    def __init__(self, payment_id: _Optional[str] = ...) -> None: ...

class GetPaymentResponse(_message.Message):
    __slots__ = ("payment", "refunds")
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    REFUNDS_FIELD_NUMBER: _ClassVar[int]
    payment: Payment
    refunds: _containers.RepeatedCompositeFieldContainer[Refund]
    def __init__(self, payment: _Optional[_Union[Payment, _Mapping]] = ..., refunds: _Optional[_Iterable[_Union[Refund, _Mapping]]] = ...) -> None: ...

class ListPaymentsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "role", "statuses", "purpose", "reference_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    role: PaymentRole
    statuses: _containers.RepeatedScalarFieldContainer[PaymentStatus]
    purpose: PaymentPurpose
    reference_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[PaymentRole, str]] = ..., statuses: _Optional[_Iterable[_Union[PaymentStatus, str]]] = ..., purpose: _Optional[_Union[PaymentPurpose, str]] = ..., reference_id: _Optional[str] = ...) -> None: ...

class ListPaymentsResponse(_message.Message):
    __slots__ = ("payments", "next_page_token")
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    payments: _containers.RepeatedCompositeFieldContainer[Payment]
    next_page_token: str
    def __init__(self, payments: _Optional[_Iterable[_Union[Payment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CancelPaymentRequest(_message.Message):
    __slots__ = ("payment_id",)
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    payment_id: str
    def __init__(self, payment_id: _Optional[str] = ...) -> None: ...

class CancelPaymentResponse(_message.Message):
    __slots__ = ("payment",)
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    payment: Payment
    def __init__(self, payment: _Optional[_Union[Payment, _Mapping]] = ...) -> None: ...

class RefundPaymentRequest(_message.Message):
    __slots__ = ("idempotency_key", "payment_id", "amount", "reason", "note")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    payment_id: str
    amount: _common_pb2.Money
    reason: RefundReason
    note: str
    def __init__(self, idempotency_key: _Optional[str] = ..., payment_id: _Optional[str] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., reason: _Optional[_Union[RefundReason, str]] = ..., note: _Optional[str] = ...) -> None: ...

class RefundPaymentResponse(_message.Message):
    __slots__ = ("refund", "payment")
    REFUND_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    refund: Refund
    payment: Payment
    def __init__(self, refund: _Optional[_Union[Refund, _Mapping]] = ..., payment: _Optional[_Union[Payment, _Mapping]] = ...) -> None: ...

class GetEscrowRequest(_message.Message):
    __slots__ = ("escrow_id",)
    ESCROW_ID_FIELD_NUMBER: _ClassVar[int]
    escrow_id: str
    def __init__(self, escrow_id: _Optional[str] = ...) -> None: ...

class GetEscrowResponse(_message.Message):
    __slots__ = ("escrow", "client_secret", "checkout_url")
    ESCROW_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    CHECKOUT_URL_FIELD_NUMBER: _ClassVar[int]
    escrow: Escrow
    client_secret: str
    checkout_url: str
    def __init__(self, escrow: _Optional[_Union[Escrow, _Mapping]] = ..., client_secret: _Optional[str] = ..., checkout_url: _Optional[str] = ...) -> None: ...

class ListEscrowsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "role", "statuses", "reference_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    role: PaymentRole
    statuses: _containers.RepeatedScalarFieldContainer[EscrowStatus]
    reference_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[PaymentRole, str]] = ..., statuses: _Optional[_Iterable[_Union[EscrowStatus, str]]] = ..., reference_id: _Optional[str] = ...) -> None: ...

class ListEscrowsResponse(_message.Message):
    __slots__ = ("escrows", "next_page_token")
    ESCROWS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    escrows: _containers.RepeatedCompositeFieldContainer[Escrow]
    next_page_token: str
    def __init__(self, escrows: _Optional[_Iterable[_Union[Escrow, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReleaseEscrowRequest(_message.Message):
    __slots__ = ("idempotency_key", "escrow_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ESCROW_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    escrow_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., escrow_id: _Optional[str] = ...) -> None: ...

class ReleaseEscrowResponse(_message.Message):
    __slots__ = ("escrow",)
    ESCROW_FIELD_NUMBER: _ClassVar[int]
    escrow: Escrow
    def __init__(self, escrow: _Optional[_Union[Escrow, _Mapping]] = ...) -> None: ...

class RefundEscrowRequest(_message.Message):
    __slots__ = ("idempotency_key", "escrow_id", "amount", "reason", "note")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ESCROW_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    escrow_id: str
    amount: _common_pb2.Money
    reason: RefundReason
    note: str
    def __init__(self, idempotency_key: _Optional[str] = ..., escrow_id: _Optional[str] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., reason: _Optional[_Union[RefundReason, str]] = ..., note: _Optional[str] = ...) -> None: ...

class RefundEscrowResponse(_message.Message):
    __slots__ = ("escrow", "refund")
    ESCROW_FIELD_NUMBER: _ClassVar[int]
    REFUND_FIELD_NUMBER: _ClassVar[int]
    escrow: Escrow
    refund: Refund
    def __init__(self, escrow: _Optional[_Union[Escrow, _Mapping]] = ..., refund: _Optional[_Union[Refund, _Mapping]] = ...) -> None: ...

class GetPayoutAccountRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPayoutAccountResponse(_message.Message):
    __slots__ = ("account",)
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: PayoutAccount
    def __init__(self, account: _Optional[_Union[PayoutAccount, _Mapping]] = ...) -> None: ...

class CreatePayoutAccountLinkRequest(_message.Message):
    __slots__ = ("return_url", "refresh_url", "country_code")
    RETURN_URL_FIELD_NUMBER: _ClassVar[int]
    REFRESH_URL_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    return_url: str
    refresh_url: str
    country_code: str
    def __init__(self, return_url: _Optional[str] = ..., refresh_url: _Optional[str] = ..., country_code: _Optional[str] = ...) -> None: ...

class CreatePayoutAccountLinkResponse(_message.Message):
    __slots__ = ("url", "expire_time", "account")
    URL_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    url: str
    expire_time: _timestamp_pb2.Timestamp
    account: PayoutAccount
    def __init__(self, url: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., account: _Optional[_Union[PayoutAccount, _Mapping]] = ...) -> None: ...

class CreatePayoutRequest(_message.Message):
    __slots__ = ("idempotency_key", "amount")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    amount: _common_pb2.Money
    def __init__(self, idempotency_key: _Optional[str] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class CreatePayoutResponse(_message.Message):
    __slots__ = ("payout",)
    PAYOUT_FIELD_NUMBER: _ClassVar[int]
    payout: Payout
    def __init__(self, payout: _Optional[_Union[Payout, _Mapping]] = ...) -> None: ...

class GetPayoutRequest(_message.Message):
    __slots__ = ("payout_id",)
    PAYOUT_ID_FIELD_NUMBER: _ClassVar[int]
    payout_id: str
    def __init__(self, payout_id: _Optional[str] = ...) -> None: ...

class GetPayoutResponse(_message.Message):
    __slots__ = ("payout",)
    PAYOUT_FIELD_NUMBER: _ClassVar[int]
    payout: Payout
    def __init__(self, payout: _Optional[_Union[Payout, _Mapping]] = ...) -> None: ...

class ListPayoutsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "statuses")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    statuses: _containers.RepeatedScalarFieldContainer[PayoutStatus]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[PayoutStatus, str]]] = ...) -> None: ...

class ListPayoutsResponse(_message.Message):
    __slots__ = ("payouts", "next_page_token")
    PAYOUTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    payouts: _containers.RepeatedCompositeFieldContainer[Payout]
    next_page_token: str
    def __init__(self, payouts: _Optional[_Iterable[_Union[Payout, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetInvoiceRequest(_message.Message):
    __slots__ = ("invoice_id",)
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    def __init__(self, invoice_id: _Optional[str] = ...) -> None: ...

class GetInvoiceResponse(_message.Message):
    __slots__ = ("invoice",)
    INVOICE_FIELD_NUMBER: _ClassVar[int]
    invoice: Invoice
    def __init__(self, invoice: _Optional[_Union[Invoice, _Mapping]] = ...) -> None: ...

class ListInvoicesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "subscription_id", "statuses")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    subscription_id: str
    statuses: _containers.RepeatedScalarFieldContainer[InvoiceStatus]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., subscription_id: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[InvoiceStatus, str]]] = ...) -> None: ...

class ListInvoicesResponse(_message.Message):
    __slots__ = ("invoices", "next_page_token")
    INVOICES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    invoices: _containers.RepeatedCompositeFieldContainer[Invoice]
    next_page_token: str
    def __init__(self, invoices: _Optional[_Iterable[_Union[Invoice, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetBalanceRequest(_message.Message):
    __slots__ = ("user_id", "currency_code")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    currency_code: str
    def __init__(self, user_id: _Optional[str] = ..., currency_code: _Optional[str] = ...) -> None: ...

class GetBalanceResponse(_message.Message):
    __slots__ = ("balances", "as_of_time")
    BALANCES_FIELD_NUMBER: _ClassVar[int]
    AS_OF_TIME_FIELD_NUMBER: _ClassVar[int]
    balances: _containers.RepeatedCompositeFieldContainer[CurrencyBalance]
    as_of_time: _timestamp_pb2.Timestamp
    def __init__(self, balances: _Optional[_Iterable[_Union[CurrencyBalance, _Mapping]]] = ..., as_of_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListBalanceTransactionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "user_id", "currency_code")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    user_id: str
    currency_code: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., currency_code: _Optional[str] = ...) -> None: ...

class ListBalanceTransactionsResponse(_message.Message):
    __slots__ = ("balance_transactions", "next_page_token")
    BALANCE_TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    balance_transactions: _containers.RepeatedCompositeFieldContainer[BalanceTransaction]
    next_page_token: str
    def __init__(self, balance_transactions: _Optional[_Iterable[_Union[BalanceTransaction, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class BalanceTransaction(_message.Message):
    __slots__ = ("id", "transaction_id", "type", "balance", "amount", "payment_id", "escrow_id", "payout_id", "description", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ESCROW_ID_FIELD_NUMBER: _ClassVar[int]
    PAYOUT_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    transaction_id: str
    type: BalanceTransactionType
    balance: BalanceType
    amount: _common_pb2.Money
    payment_id: str
    escrow_id: str
    payout_id: str
    description: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., transaction_id: _Optional[str] = ..., type: _Optional[_Union[BalanceTransactionType, str]] = ..., balance: _Optional[_Union[BalanceType, str]] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payment_id: _Optional[str] = ..., escrow_id: _Optional[str] = ..., payout_id: _Optional[str] = ..., description: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
