"""Queries of the auth domain. Never commits; unique violations become AlreadyExists."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from skillsphere.auth.v1.error_reason import ErrorReason
from sqlalchemy import delete, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from internal.auth.models import (
    Account,
    AuthSession,
    EmailToken,
    LoginThrottle,
    OAuthIdentity,
    OAuthState,
    RefreshToken,
    SecurityEvent,
)
from pkg.errors import AlreadyExists


class AuthRepository:
    """Every query AuthService needs, on the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ------------------------------------------------------------------------------------------ accounts

    async def add_account(self, account: Account) -> Account:
        """Insert an account; AlreadyExists (EMAIL_TAKEN) if the email is in use."""
        self._session.add(account)
        try:
            async with self._session.begin_nested():
                await self._session.flush()
        except IntegrityError as exc:
            if "uq_accounts_email" in str(exc.orig):
                raise self.email_taken_error() from exc
            raise
        return account

    @staticmethod
    def email_taken_error() -> AlreadyExists:
        """The answer when an email is in use already."""
        return AlreadyExists(
            "An account with this email address exists already; sign in or reset the password.",
            reason=ErrorReason.EMAIL_TAKEN,
        )

    async def account(self, account_id: uuid.UUID, *, for_update: bool = False) -> Account | None:
        """The account with this id."""
        query = select(Account).where(Account.id == account_id)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def account_by_email(self, email: str, *, for_update: bool = False) -> Account | None:
        """The account with this normalised email."""
        query = select(Account).where(Account.email == email)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def emails(self, account_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The email of each of these accounts, by id."""
        if not account_ids:
            return {}
        rows = await self._session.execute(select(Account.id, Account.email).where(Account.id.in_(set(account_ids))))
        return {account_id: email for account_id, email in rows.all()}

    async def disabled(self, account_ids: Sequence[uuid.UUID]) -> frozenset[uuid.UUID]:
        """Those of these accounts that are disabled."""
        if not account_ids:
            return frozenset()
        rows = await self._session.execute(
            select(Account.id).where(Account.id.in_(set(account_ids)), Account.disabled_at.is_not(None))
        )
        return frozenset(rows.scalars().all())

    async def email_taken(self, email: str) -> bool:
        """Whether an account uses this normalised email."""
        found = await self._session.execute(select(Account.id).where(Account.email == email))
        return found.first() is not None

    # ------------------------------------------------------------------------------------------ sessions

    async def add(self, row: Any) -> None:
        """Insert any new row (sessions, tokens, identities, states, events)."""
        self._session.add(row)
        await self._session.flush()

    async def session(self, session_id: uuid.UUID, *, for_update: bool = False) -> AuthSession | None:
        """The session with this id."""
        query = select(AuthSession).where(AuthSession.id == session_id)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def live_sessions(
        self, account_id: uuid.UUID, now: datetime, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> Sequence[AuthSession]:
        """Live sessions, most recently used first (keyset after `after`)."""
        query = select(AuthSession).where(
            AuthSession.account_id == account_id, AuthSession.revoked_at.is_(None), AuthSession.expires_at > now
        )
        if after is not None:
            query = query.where(tuple_(AuthSession.last_used_at, AuthSession.id) < tuple_(*after))
        query = query.order_by(AuthSession.last_used_at.desc(), AuthSession.id.desc()).limit(limit)
        return (await self._session.execute(query)).scalars().all()

    async def revoke_sessions(
        self,
        account_id: uuid.UUID,
        now: datetime,
        reason: str,
        *,
        only: uuid.UUID | None = None,
        keep: uuid.UUID | None = None,
    ) -> list[uuid.UUID]:
        """Revoke the account's live sessions (one of them with `only`, all but one with `keep`); their ids.

        The sealed successors of their refresh tokens are wiped at the same time.
        """
        conditions = [
            AuthSession.account_id == account_id,
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
        ]
        if only is not None:
            conditions.append(AuthSession.id == only)
        if keep is not None:
            conditions.append(AuthSession.id != keep)
        revoked = await self._session.execute(
            update(AuthSession)
            .where(*conditions)
            .values(revoked_at=now, revoked_reason=reason)
            .returning(AuthSession.id)
            .execution_options(synchronize_session=False)
        )
        ids = list(revoked.scalars().all())
        if ids:
            await self._session.execute(
                update(RefreshToken)
                .where(RefreshToken.session_id.in_(ids), RefreshToken.sealed_successor.is_not(None))
                .values(sealed_successor=None)
                .execution_options(synchronize_session=False)
            )
        return ids

    # ------------------------------------------------------------------------------------ refresh tokens

    async def refresh_token(self, hashed: bytes) -> RefreshToken | None:
        """The refresh token with this hash."""
        query = select(RefreshToken).where(RefreshToken.token_hash == hashed)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def refresh_token_for_update(self, hashed: bytes) -> RefreshToken | None:
        """The refresh token with this hash, row-locked and re-read (a concurrent rotation may have changed it)."""
        query = (
            select(RefreshToken)
            .where(RefreshToken.token_hash == hashed)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self._session.execute(query)).scalar_one_or_none()

    async def expire_sealed_successors(self, session_id: uuid.UUID, used_before: datetime) -> None:
        """Wipe the sealed successors whose grace window has passed."""
        await self._session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.session_id == session_id,
                RefreshToken.sealed_successor.is_not(None),
                RefreshToken.used_at < used_before,
            )
            .values(sealed_successor=None)
            .execution_options(synchronize_session=False)
        )

    # -------------------------------------------------------------------------------------- email tokens

    async def email_token(self, hashed: bytes, purpose: str, *, for_update: bool = False) -> EmailToken | None:
        """The email token with this hash and purpose."""
        query = select(EmailToken).where(EmailToken.token_hash == hashed, EmailToken.purpose == purpose)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def supersede_email_tokens(self, account_id: uuid.UUID, purpose: str, now: datetime) -> None:
        """Earlier unused tokens of this purpose stop working."""
        await self._session.execute(
            update(EmailToken)
            .where(
                EmailToken.account_id == account_id,
                EmailToken.purpose == purpose,
                EmailToken.used_at.is_(None),
                EmailToken.superseded_at.is_(None),
            )
            .values(superseded_at=now)
            .execution_options(synchronize_session=False)
        )

    async def email_tokens_sent_since(
        self, account_id: uuid.UUID, purpose: str, since: datetime
    ) -> tuple[int, datetime | None, datetime | None]:
        """How many tokens of this purpose were sent since `since`, the oldest and the newest send time."""
        row = (
            await self._session.execute(
                select(func.count(), func.min(EmailToken.created_at), func.max(EmailToken.created_at)).where(
                    EmailToken.account_id == account_id,
                    EmailToken.purpose == purpose,
                    EmailToken.created_at > since,
                )
            )
        ).one()
        return int(row[0]), row[1], row[2]

    # ----------------------------------------------------------------------------------- login throttles

    async def throttle_for_update(self, key_hash: bytes) -> LoginThrottle:
        """The throttle row of an email (created on first use), row-locked for the attempt's bookkeeping.

        One upsert that always updates, so it returns the row and holds its lock in a single statement:
        "insert, do nothing, then select" loses the row when a concurrent attempt's insert rolls back or
        a successful sign-in removes it in between (found by the Login benchmark).
        """
        values = insert(LoginThrottle).values(key_hash=key_hash, consecutive_failures=0, lock_count=0)
        upsert = values.on_conflict_do_update(
            index_elements=[LoginThrottle.key_hash], set_={"key_hash": values.excluded.key_hash}
        ).returning(LoginThrottle)
        result = await self._session.execute(upsert, execution_options={"populate_existing": True})
        return result.scalar_one()

    async def throttle(self, key_hash: bytes) -> LoginThrottle | None:
        """The throttle row of an email, if it has one."""
        return await self._session.get(LoginThrottle, key_hash)

    async def clear_throttle(self, key_hash: bytes) -> None:
        """Forget failures and locks after a successful sign-in or a password reset."""
        await self._session.execute(delete(LoginThrottle).where(LoginThrottle.key_hash == key_hash))

    # -------------------------------------------------------------------------------------------- oauth

    async def oauth_state_for_update(self, hashed: bytes) -> OAuthState | None:
        """A started OAuth flow by its hashed state, row-locked so it is consumed once."""
        query = select(OAuthState).where(OAuthState.state_hash == hashed).with_for_update()
        return (await self._session.execute(query)).scalar_one_or_none()

    async def oauth_identity(self, provider: str, subject: str) -> OAuthIdentity | None:
        """The linked identity of a provider's subject."""
        query = select(OAuthIdentity).where(OAuthIdentity.provider == provider, OAuthIdentity.subject == subject)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def add_oauth_identity(self, identity: OAuthIdentity) -> None:
        """Link an identity; AlreadyExists if that provider subject is linked already (a concurrent link)."""
        self._session.add(identity)
        try:
            async with self._session.begin_nested():
                await self._session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(
                "This identity was linked by a concurrent sign-in; sign in again.",
                reason=ErrorReason.IDENTITY_LINKED,
            ) from exc

    # ------------------------------------------------------------------------------------------ cleanup

    async def purge(
        self, *, now: datetime, ended_before: datetime, idle_before: datetime, sealed_before: datetime
    ) -> dict[str, int]:
        """Delete rows nothing can use any more; how many of each went.

        Sealed successors of tokens used before `sealed_before` (their grace window is over); OAuth states
        past expiry; email tokens and sessions (with their refresh tokens) that ended before `ended_before`;
        unlocked login throttles without a failure since `idle_before`.
        """
        statements: dict[str, Any] = {
            "sealed_successors": update(RefreshToken)
            .where(RefreshToken.sealed_successor.is_not(None), RefreshToken.used_at < sealed_before)
            .values(sealed_successor=None),
            "oauth_states": delete(OAuthState).where(OAuthState.expires_at < now),
            "email_links": delete(EmailToken).where(EmailToken.expires_at < ended_before),
            "auth_sessions": delete(AuthSession).where(
                or_(AuthSession.expires_at < ended_before, AuthSession.revoked_at < ended_before)
            ),
            "login_throttles": delete(LoginThrottle).where(
                or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
                or_(LoginThrottle.last_failure_at.is_(None), LoginThrottle.last_failure_at < idle_before),
            ),
        }
        counts: dict[str, int] = {}
        for name, statement in statements.items():
            result = await self._session.execute(statement.execution_options(synchronize_session=False))
            counts[name] = int(getattr(result, "rowcount", 0) or 0)
        return counts

    # -------------------------------------------------------------------------------------------- events

    async def security_events(
        self, *, account_id: uuid.UUID | None = None, type: str | None = None
    ) -> list[SecurityEvent]:
        """Security events, newest first (for the admin service and tests)."""
        query = select(SecurityEvent)
        if account_id is not None:
            query = query.where(SecurityEvent.account_id == account_id)
        if type is not None:
            query = query.where(SecurityEvent.type == type)
        query = query.order_by(SecurityEvent.id.desc())
        return list((await self._session.execute(query)).scalars().all())
