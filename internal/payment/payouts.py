"""Payout accounts and payouts through the offline test-mode processor.

- A member onboards on the hosted test onboarding page (CreatePayoutAccountLink's url): a test bank
  account number (Stripe's: 000123456789 pays out, 000111111116 and 000111111113 fail) makes the account
  ACTIVE at once.
- Released earnings are pending for the settlement delay; the periodic `payment.settle_pending` job (and
  CreatePayout, for the caller) moves matured ones to available with a SETTLED ledger transaction.
- CreatePayout takes from available into in_transit under a per-member advisory lock (two payouts on two
  replicas cannot both spend the same balance) and enqueues `payment.payout_arrive` in the same
  transaction; the job marks it PAID (in_transit → paid_out) or FAILED (back to available).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from skillsphere.payment.v1.error_reason import ErrorReason

from internal.payment import ledger
from internal.payment.ledger import AccountKind
from internal.payment.models import Payout, PayoutAccount, PayoutAccountStatus, PayoutStatus
from internal.payment.money import CURRENCIES
from internal.payment.processor import (
    ONBOARDING_PATH,
    PAYOUT_COUNTRIES,
    TEST_BANK_ACCOUNTS,
    BankOutcome,
    OnboardingLink,
    OnboardingLinks,
)
from internal.payment.provider import OfflineProvider, PaymentProvider, ProviderError, provider_key
from internal.payment.repository import PaymentRepository
from internal.payment.service import claim_idempotency_key, restore, snapshot, time_id_position
from pkg.authz import Caller
from pkg.db import UnitOfWorkFactory
from pkg.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound, PermissionDenied, Unavailable
from pkg.jobs import enqueue
from pkg.log import get_logger
from pkg.pagination import Page, Paginator

log = get_logger("payment")

PAYOUT_ARRIVE_JOB = "payment.payout_arrive"
# The same work through Stripe (its own kind: only replicas configured for Stripe claim it).
STRIPE_PAYOUT_JOB = "payment.stripe_payout"
SETTLE_PENDING_JOB = "payment.settle_pending"
LINK_LIFETIME = timedelta(minutes=10)
# A Stripe payout still on its way is looked at again after this (its payout.paid/failed webhook may be first).
PAYOUT_RECHECK = timedelta(minutes=30)
# The smallest payout: 10 units of the currency (1000 cents, 1000 yen).
MIN_PAYOUT_UNITS = 10


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


@dataclass(frozen=True)
class AccountLink:
    """A hosted onboarding link and the account it onboards."""

    url: str
    expires_at: datetime
    account: PayoutAccount


@dataclass(frozen=True)
class Onboarding:
    """What the onboarding page shows, or where it sends the member."""

    account: PayoutAccount | None
    link: OnboardingLink | None
    expired: bool


class PayoutService:
    """Payout accounts, payouts and the settlement of pending earnings."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        links: OnboardingLinks,
        public_base: Callable[[], str],
        allowed_origins: Sequence[str],
        settlement_delay: timedelta,
        now: Callable[[], datetime] = _utcnow,
        provider: PaymentProvider | None = None,
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._links = links
        self._public_base = public_base
        self._allowed = {_origin(o) for o in allowed_origins if _origin(o)}
        self._delay = settlement_delay
        self._now = now
        self._provider: PaymentProvider = provider or OfflineProvider(secrets=None, checkout_base="")  # type: ignore[arg-type]

    @property
    def arrive_job(self) -> str:
        """The job kind that sends a payout and records its answer, for this server's processor."""
        return PAYOUT_ARRIVE_JOB if self._provider.name == "offline" else STRIPE_PAYOUT_JOB

    # --- accounts --------------------------------------------------------------------------------------

    async def get_payout_account(self, *, caller: Caller) -> PayoutAccount:
        """The caller's payout account."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            account = await PaymentRepository(uow.session).payout_account(me)
            await uow.commit()
        if account is None:
            raise NotFound(
                "You have no payout account yet; start onboarding with CreatePayoutAccountLink.",
                reason=ErrorReason.PAYOUT_ACCOUNT_NOT_FOUND,
            )
        return account

    async def create_account_link(
        self, *, caller: Caller, return_url: str, refresh_url: str, country_code: str
    ) -> AccountLink:
        """An onboarding link for the caller, creating their account on first use."""
        me = caller.require_signed_in()
        allowed = {*self._allowed, _origin(self._public_base())}
        problems = [
            (name, "must be on this server's public base URL or an allowed CORS origin")
            for name, url in (("return_url", return_url), ("refresh_url", refresh_url))
            if _origin(url) not in allowed
        ]
        if problems:
            raise InvalidArgument(violations=[FieldViolation(f, d) for f, d in problems])
        now = self._now()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            account = await repo.payout_account(me, for_update=True)
            if account is None:
                if not country_code:
                    raise InvalidArgument(field="country_code", description="is required to create a payout account")
                currency = PAYOUT_COUNTRIES.get(country_code.upper())
                if currency is None:
                    raise FailedPrecondition(
                        f"Payouts to {country_code} are not supported yet.",
                        reason=ErrorReason.COUNTRY_NOT_SUPPORTED,
                        metadata={"country_code": country_code.upper()},
                    )
                account = PayoutAccount(
                    id=uuid.uuid4(),
                    user_id=me,
                    status=PayoutAccountStatus.ONBOARDING_REQUIRED.value,
                    country_code=country_code.upper(),
                    default_currency=currency,
                    bank_account_summary="",
                    bank_account_number="",
                    created_at=now,
                    updated_at=now,
                )
                await repo.add(account)
            elif account.status == PayoutAccountStatus.REJECTED:
                raise FailedPrecondition(
                    "Your payout account was rejected; contact support.", reason=ErrorReason.PAYOUT_ACCOUNT_REJECTED
                )
            if self._provider.name == "stripe":
                try:
                    if not account.provider_ref:
                        account.provider_ref = await self._provider.create_account(
                            user_id=me, country=account.country_code, idempotency_key=provider_key("account", me)
                        )
                    url, expires_at = await self._provider.account_link(
                        account_id=account.id,
                        account_ref=account.provider_ref,
                        return_url=return_url,
                        refresh_url=refresh_url,
                    )
                except ProviderError as exc:
                    raise Unavailable("The payment processor did not answer; retry.", retry_after=2) from exc
                await uow.commit()
                return AccountLink(url, expires_at, account)
            await uow.commit()
        expires = now + LINK_LIFETIME
        token = self._links.token(OnboardingLink(account.id, return_url, refresh_url, int(expires.timestamp())))
        url = f"{self._public_base().rstrip('/')}{ONBOARDING_PATH}?token={token}"
        return AccountLink(url, expires, account)

    async def onboarding(self, token: str) -> Onboarding:
        """The account and link behind an onboarding token (for the page)."""
        link = self._links.read(token)
        if link is None:
            return Onboarding(None, None, False)
        async with self._uow() as uow:
            account = await PaymentRepository(uow.session).payout_account_by_id(link.account_id)
            await uow.commit()
        return Onboarding(account, link, link.expires_at < self._now().timestamp())

    async def complete_onboarding(self, token: str, account_number: str) -> tuple[Onboarding, str]:
        """Record the test bank account; the onboarding state and an error message ("" when it worked)."""
        state = await self.onboarding(token)
        if state.account is None or state.link is None or state.expired:
            return state, ""
        digits = "".join(ch for ch in account_number if ch.isdigit())
        if digits not in TEST_BANK_ACCOUNTS:
            return state, "Use a test bank account number, for example 000123456789 (see docs/payments.md)."
        async with self._uow() as uow:
            account = await PaymentRepository(uow.session).payout_account_by_id(state.link.account_id, for_update=True)
            assert account is not None
            if account.status != PayoutAccountStatus.REJECTED:
                account.status = PayoutAccountStatus.ACTIVE.value
                account.bank_account_number = digits
                account.bank_account_summary = f"{account.country_code}•••• {digits[-4:]} (test bank)"
                account.updated_at = self._now()
            await uow.commit()
        log.info("payout_account_onboarded", account_id=str(account.id))
        return Onboarding(account, state.link, False), ""

    # --- payouts ---------------------------------------------------------------------------------------

    async def create_payout(self, *, caller: Caller, idempotency_key: str, amount_minor: int, currency: str) -> Payout:
        """Pay out part of the caller's available balance."""
        me = caller.require_signed_in()
        rule = CURRENCIES.get(currency)
        if rule is None:
            raise InvalidArgument(field="amount.currency_code", description=f"currency {currency} is not supported")
        minimum = MIN_PAYOUT_UNITS * 10**rule.exponent
        if amount_minor < minimum:
            raise InvalidArgument(
                field="amount.amount_minor", description=f"must be at least {minimum} (10 {currency})"
            )
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            params = {"amount": amount_minor, "currency": currency}
            replay = await claim_idempotency_key(repo, me, "CreatePayout", idempotency_key, params, self._now())
            if replay is not None:
                return restore(Payout, replay["payout"])
            account = await repo.payout_account(me)
            if account is None or account.status != PayoutAccountStatus.ACTIVE:
                raise FailedPrecondition(
                    "Finish onboarding your payout account first (CreatePayoutAccountLink).",
                    reason=ErrorReason.PAYOUT_ACCOUNT_NOT_READY,
                )
            await repo.lock_member_money(me, currency)
            await self._settle(repo, me)
            available = await repo.account_balance(AccountKind.AVAILABLE, me, currency)
            if amount_minor > available:
                raise FailedPrecondition(
                    f"Only {available} minor units are available to pay out.",
                    reason=ErrorReason.INSUFFICIENT_BALANCE,
                    metadata={"available_minor": str(available)},
                )
            now = self._now()
            payout = Payout(
                id=uuid.uuid4(),
                user_id=me,
                amount_minor=amount_minor,
                currency=currency,
                status=PayoutStatus.PENDING.value,
                bank_account_summary=account.bank_account_summary,
                arrival_at=now + timedelta(days=1),
                failure_code="",
                failure_message="",
                created_at=now,
                updated_at=now,
            )
            await repo.add(payout)
            await repo.post(ledger.payout_sent(payout_id=payout.id, member=me, amount=amount_minor, currency=currency))
            await enqueue(uow.session, self.arrive_job, {"payout_id": str(payout.id)})
            await repo.store_answer(
                caller_id=me, operation="CreatePayout", key=idempotency_key, response={"payout": snapshot(payout)}
            )
            await uow.commit()
        log.info("payout_created", payout_id=str(payout.id), currency=currency)
        return payout

    async def get_payout(self, *, caller: Caller, payout_id: uuid.UUID) -> Payout:
        """A payout, for its member or an admin."""
        caller.require_signed_in()
        async with self._uow() as uow:
            payout = await PaymentRepository(uow.session).payout(payout_id)
            await uow.commit()
        if payout is None or not caller.is_self_or_admin(payout.user_id):
            raise NotFound("The payout does not exist.", reason=ErrorReason.PAYOUT_NOT_FOUND)
        return payout

    async def list_payouts(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID | None,
        statuses: list[PayoutStatus],
        page_size: int,
        page_token: str,
    ) -> Page[Payout]:
        """A member's payouts, newest first."""
        me = caller.require_signed_in()
        subject = user_id or me
        if subject != me and not caller.is_admin:
            raise PermissionDenied("Only admins may look at another member's money.", reason=ErrorReason.OTHER_MEMBER)
        request = self._pages.request(
            page_size=page_size,
            page_token=page_token,
            query={"rpc": "ListPayouts", "user": str(subject), "statuses": sorted(s.value for s in statuses)},
        )
        after = request.position(time_id_position)
        async with self._uow() as uow:
            rows = await PaymentRepository(uow.session).list_payouts(
                user_id=subject, statuses=[s.value for s in statuses], after=after, limit=request.limit
            )
            await uow.commit()
        return request.page(rows, key=lambda p: {"t": p.created_at.isoformat(), "id": str(p.id)})

    # --- jobs ------------------------------------------------------------------------------------------

    async def _settle(self, repo: PaymentRepository, owner: uuid.UUID | None) -> int:
        """Move matured pending earnings to available (of one member, or everyone); the count of moves."""
        moved = 0
        for member, currency, _ in await repo.matured_pending(self._now() - self._delay, owner):
            if owner is None:
                await repo.lock_member_money(member, currency)
            # Re-read under the lock: another replica may have settled meanwhile.
            for _, cur, amount in await repo.matured_pending(self._now() - self._delay, member):
                if cur == currency and amount > 0:
                    await repo.post(ledger.settled(member=member, amount=amount, currency=currency))
                    moved += 1
        return moved

    async def settle_pending(self) -> int:
        """The periodic job: every member's matured pending earnings become available."""
        async with self._uow() as uow:
            moved = await self._settle(PaymentRepository(uow.session), None)
            await uow.commit()
        if moved:
            log.info("pending_settled", moves=moved)
        return moved

    async def payout_arrive(self, payout_id: uuid.UUID) -> None:
        """Send the payout at the processor (once) and record its answer: PAID, or FAILED with the money back in
        available; a Stripe payout still on its way is IN_TRANSIT until its webhook or the next look."""
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            payout = await repo.payout(payout_id, for_update=True)
            if payout is None or payout.status not in (PayoutStatus.PENDING, PayoutStatus.IN_TRANSIT):
                return
            account = await repo.payout_account(payout.user_id)
            number = account.bank_account_number if account else ""
            account_ref = account.provider_ref if account else ""
            if self._provider.name == "offline":
                outcome, code, message = TEST_BANK_ACCOUNTS.get(
                    number, (BankOutcome.FAILED, "no_account", "Unknown account.")
                )
                status = "paid" if outcome is BankOutcome.PAID else "failed"
            else:
                if payout.provider_ref:
                    answer = await self._provider.retrieve_payout(
                        account_ref=account_ref, ref=payout.provider_ref, bank_account_number=number
                    )
                else:
                    answer = await self._provider.payout(
                        account_ref=account_ref,
                        bank_account_number=number,
                        amount_minor=payout.amount_minor,
                        currency=payout.currency,
                        idempotency_key=provider_key("payout", payout.id),
                    )
                    payout.provider_ref = answer.ref
                status, code, message = answer.status, answer.failure_code, answer.failure_message
            if status not in ("paid", "failed", "canceled"):
                payout.status, payout.updated_at = PayoutStatus.IN_TRANSIT.value, self._now()
                await enqueue(
                    uow.session, self.arrive_job, {"payout_id": str(payout.id)}, run_at=self._now() + PAYOUT_RECHECK
                )
                await uow.commit()
                return
            paid = status == "paid"
            await repo.post(
                ledger.payout_finished(
                    payout_id=payout.id,
                    member=payout.user_id,
                    amount=payout.amount_minor,
                    currency=payout.currency,
                    paid=paid,
                )
            )
            now = self._now()
            payout.status = (PayoutStatus.PAID if paid else PayoutStatus.FAILED).value
            payout.failure_code, payout.failure_message = code, message
            payout.arrival_at = now if paid else payout.arrival_at
            payout.updated_at = now
            await uow.commit()
        log.info("payout_finished", payout_id=str(payout_id), status=payout.status)
