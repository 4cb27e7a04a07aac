"""AuthService use cases: accounts, passwords, sessions and tokens, verification, recovery, OAuth.

Design notes (the README's auth section has the full table):

- Password checks run outside any transaction (they take tens of milliseconds on purpose), so sign-in
  takes two short units of work: one counts the attempt (and enforces the lock) before the hash is
  checked, one records the outcome. Counting first means parallel guesses cannot slip past the lock.
- Refresh tokens rotate on every use. A rotated token presented again within the grace window gets the
  same successor: its plaintext is kept AES-GCM sealed on the used token's row until the window ends,
  since only hashes are stored otherwise. Later reuse revokes the whole session.
- Everything that must be shared by replicas and survive restarts (login failures and locks, resend
  cooldown and hourly cap, used tokens) lives in PostgreSQL; short per-IP/per-email request limits use
  the RateLimiter (memory per process, Redis by configuration) since losing them on restart is harmless.
- Emails are enqueued as jobs in the same transaction as the change that causes them.
- RequestPasswordReset runs the same statements for every email (one job insert): the job, not the
  request, finds out whether an account exists, so response times reveal nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from skillsphere.auth.v1.error_reason import ErrorReason
from sqlalchemy.ext.asyncio import AsyncSession

from internal.auth.crypto import Sealer, email_fingerprint, email_key, new_token, token_hash
from internal.auth.models import (
    Account,
    AuthSession,
    ClientInfo,
    EmailToken,
    EmailTokenPurpose,
    IssuedTokens,
    LoginThrottle,
    OAuthIdentity,
    OAuthSignIn,
    OAuthStart,
    OAuthState,
    RefreshToken,
    Role,
    SecurityEvent,
    SecurityEventType,
    SessionView,
    SignInMethod,
    ValidatedToken,
    VerifiedEmail,
    describe_user_agent,
    normalise_email,
)
from internal.auth.oauth import OAuthClients, new_code_verifier, new_nonce, new_state, provider_not_configured
from internal.auth.passwords import PasswordHasher, PasswordPolicy, email_words
from internal.auth.repository import AuthRepository
from pkg.authz import Caller
from pkg.config import Settings
from pkg.db import UnitOfWork, UnitOfWorkFactory
from pkg.email import enqueue_email
from pkg.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unauthenticated,
)
from pkg.jobs import JobRegistry, PermanentJobError, enqueue
from pkg.log import get_logger
from pkg.pagination import Page, Paginator
from pkg.ratelimit import RateLimiter
from pkg.tokens import AccessClaims, TokenIssuer, TokenVerifier

log = get_logger("auth")

PURGE_JOB = "auth.purge_expired"
RESET_JOB = "auth.password_reset"
_USER_AGENT_MAX = 512
_OAUTH_METHODS = {"google": SignInMethod.GOOGLE, "github": SignInMethod.GITHUB}


def require_verified_email(caller: Caller) -> uuid.UUID:
    """The caller's account id if its token says the email is verified.

    For RPCs that involve other people or money. Raises FailedPrecondition with reason
    EMAIL_NOT_VERIFIED otherwise (Unauthenticated for anonymous calls). The claim is refreshed by
    RefreshToken, so a user who just verified refreshes once and passes.
    """
    account_id = caller.require_signed_in()
    if not caller.email_verified:
        raise FailedPrecondition(
            "Verify your email address first: follow the link in the verification email "
            "(ResendVerificationEmail sends a new one), then refresh your tokens.",
            reason=ErrorReason.EMAIL_NOT_VERIFIED,
        )
    return account_id


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _invalid_credentials() -> Unauthenticated:
    # One message for an unknown email and a wrong password.
    return Unauthenticated("The email or password is incorrect.", reason=ErrorReason.INVALID_CREDENTIALS)


def _disabled() -> PermissionDenied:
    return PermissionDenied("This account is suspended; contact support.", reason=ErrorReason.ACCOUNT_DISABLED)


def _refresh_invalid() -> Unauthenticated:
    return Unauthenticated(
        "The refresh token is unknown, expired or its session was revoked; sign in again.",
        reason=ErrorReason.REFRESH_TOKEN_INVALID,
    )


def _session_revoked() -> Unauthenticated:
    return Unauthenticated(
        "The session of this access token was revoked or has ended; sign in again.",
        reason=ErrorReason.SESSION_REVOKED,
    )


def _seconds(delta: timedelta) -> float:
    return max(delta.total_seconds(), 1.0)


def _duration(seconds: int) -> str:
    """ "24 hours", "15 minutes": how long a mailed link works."""
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(seconds // 60, 1)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _when(moment: datetime) -> str:
    return moment.strftime("on %d %B %Y at %H:%M UTC")


class AuthService:
    """Accounts, credentials, sessions and tokens. One unit of work per use case (two around password checks)."""

    def __init__(
        self,
        *,
        settings: Settings,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        policy: PasswordPolicy,
        issuer: TokenIssuer,
        verifier: TokenVerifier,
        limiter: RateLimiter,
        pages: Paginator,
        sealer: Sealer,
        oauth: OAuthClients | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._settings = settings
        self._uow = uow
        self._hasher = hasher
        self._policy = policy
        self._issuer = issuer
        self._verifier = verifier
        self._limiter = limiter
        self._pages = pages
        self._sealer = sealer
        self._oauth = oauth
        self._now = clock
        self._grace = timedelta(seconds=settings.auth_refresh_reuse_grace_seconds)
        self._session_ttl = timedelta(seconds=settings.auth_session_ttl_seconds)

    require_verified_email = staticmethod(require_verified_email)

    async def close(self) -> None:
        """Release the hashing threads and the OAuth HTTP client."""
        self._hasher.close()
        if self._oauth is not None:
            await self._oauth.aclose()

    # ------------------------------------------------------------------------------ register and sign in

    async def register(self, *, email: str, password: str, client: ClientInfo) -> IssuedTokens:
        """Create a learner account with a password, sign it in and mail a verification link."""
        email = normalise_email(email)
        await self._limit("auth.register.ip", self._settings.auth_register_limit_per_ip, client.ip_address)
        await self._limit("auth.register.email", self._settings.auth_register_limit_per_email, email_fingerprint(email))
        await self._policy.check(password, field="password", user_inputs=email_words(email))
        async with self._uow() as uow:
            taken = await AuthRepository(uow.session).email_taken(email)
        if taken:
            # Checked before hashing so a taken email costs no hash; add_account re-checks under the constraint.
            raise AuthRepository.email_taken_error()
        password_hash = await self._hasher.hash(password)
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            account = await repo.add_account(
                Account(
                    id=uuid.uuid4(),
                    email=email,
                    password_hash=password_hash,
                    roles=[Role.LEARNER.value],
                    email_verified=False,
                    password_changed_at=now,
                )
            )
            await self._send_verification(uow, repo, account, now)
            tokens = await self._start_session(repo, account, SignInMethod.PASSWORD, client, now)
            await self._event(repo, SecurityEventType.ACCOUNT_REGISTERED, client, account_id=account.id, email=email)
            await uow.commit()
        log.info("account_registered", account_id=str(account.id))
        return tokens

    async def login(self, *, email: str, password: str, client: ClientInfo) -> IssuedTokens:
        """Sign in with email and password; the same answer in similar time for unknown emails."""
        email = normalise_email(email)
        await self._limit("auth.login.ip", self._settings.auth_login_limit_per_ip, client.ip_address)
        await self._limit("auth.login.email", self._settings.auth_login_limit_per_email, email_fingerprint(email))
        key = email_key(email)
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            locked_now = await self._count_attempt(repo, key, self._now())
            account = await repo.account_by_email(email)
            await uow.commit()
        stored = account.password_hash if account is not None else None
        result = await self._hasher.verify(stored, password)
        new_hash = await self._hasher.hash(password) if result.ok and result.needs_rehash else None
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            if not result.ok or account is None:
                await self._record_failure(repo, SecurityEventType.LOGIN_FAILED, client, account, email, locked_now)
                await uow.commit()
                raise _invalid_credentials()
            await repo.clear_throttle(key)
            account = await repo.account(account.id, for_update=True)
            if account is None:
                raise _invalid_credentials()
            if account.disabled:
                await self._event(
                    repo, SecurityEventType.LOGIN_REFUSED_DISABLED, client, account_id=account.id, email=email
                )
                await uow.commit()
                raise _disabled()
            if new_hash is not None and account.password_hash == stored:  # not changed meanwhile
                account.password_hash = new_hash
                log.info("password_rehashed", account_id=str(account.id), parameters=self._hasher.parameters)
            tokens = await self._start_session(repo, account, SignInMethod.PASSWORD, client, now)
            await self._event(
                repo, SecurityEventType.LOGIN_SUCCEEDED, client, account_id=account.id, email=email, method="password"
            )
            await uow.commit()
        return tokens

    async def _count_attempt(self, repo: AuthRepository, key: bytes, now: datetime) -> bool:
        """Count a password attempt before it is checked; raise ACCOUNT_LOCKED while locked.

        Returns True when this attempt used up the allowance and locked the email (the lock stands unless
        the attempt succeeds, which clears it).
        """
        row = await repo.throttle_for_update(key)
        if row.locked_until is not None and row.locked_until > now:
            raise ResourceExhausted(
                "Too many failed sign-ins for this account; try again later.",
                retry_after=_seconds(row.locked_until - now),
                reason=ErrorReason.ACCOUNT_LOCKED,
                metadata={"retry_after_seconds": f"{_seconds(row.locked_until - now):.0f}"},
            )
        forget = timedelta(seconds=self._settings.auth_lockout_reset_seconds)
        if row.last_failure_at is not None and now - row.last_failure_at > forget:
            row.consecutive_failures = 0
            row.lock_count = 0
        row.consecutive_failures += 1
        row.last_failure_at = now
        if row.consecutive_failures < self._settings.auth_lockout_threshold:
            return False
        row.lock_count += 1
        row.consecutive_failures = 0
        row.locked_until = now + self._lock_duration(row.lock_count)
        return True

    def _lock_duration(self, lock_count: int) -> timedelta:
        """1, 2, 4, 8 ... times the base duration, capped (Keycloak's incremental wait)."""
        base = self._settings.auth_lockout_base_seconds
        seconds = min(base * 2 ** min(lock_count - 1, 30), self._settings.auth_lockout_max_seconds)
        return timedelta(seconds=seconds)

    async def _record_failure(
        self,
        repo: AuthRepository,
        kind: SecurityEventType,
        client: ClientInfo,
        account: Account | None,
        email: str,
        locked_now: bool,
    ) -> None:
        account_id = account.id if account is not None else None
        await self._event(repo, kind, client, account_id=account_id, email=email, known_account=account is not None)
        if locked_now:
            throttle: LoginThrottle | None = await repo.throttle(email_key(email))
            await self._event(
                repo,
                SecurityEventType.ACCOUNT_LOCKED,
                client,
                account_id=account_id,
                email=email,
                lock_count=throttle.lock_count if throttle else None,
                locked_until=throttle.locked_until.isoformat() if throttle and throttle.locked_until else None,
            )
            log.warning("account_locked", account_id=str(account_id) if account_id else None)

    # -------------------------------------------------------------------------------- tokens and sessions

    async def refresh_token(self, *, refresh_token: str, client: ClientInfo) -> IssuedTokens:
        """Rotate a refresh token; same successor within the grace window, session revoked on later reuse."""
        hashed = token_hash(refresh_token)
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            found = await repo.refresh_token(hashed)
            if found is None:
                raise _refresh_invalid()
            # Lock order session → token everywhere (revocation too), so concurrent calls cannot deadlock.
            # Two racing refreshes of one token queue here; the second sees the first one's rotation.
            session = await repo.session(found.session_id, for_update=True)
            row = await repo.refresh_token_for_update(hashed)
            if session is None or row is None or not session.live(now):
                raise _refresh_invalid()
            account = await repo.account(session.account_id)
            if account is None or account.disabled:
                raise _refresh_invalid()
            if row.used_at is None:
                successor = new_token()
                successor_id = uuid.uuid4()
                await repo.add(
                    RefreshToken(
                        id=successor_id,
                        session_id=session.id,
                        token_hash=token_hash(successor),
                        parent_id=row.id,
                        created_at=now,
                    )
                )
                row.used_at = now
                row.replaced_by_id = successor_id
                row.sealed_successor = (
                    self._sealer.seal(successor, context=row.id.bytes) if self._grace.total_seconds() > 0 else None
                )
                await repo.expire_sealed_successors(session.id, now - self._grace)
            else:
                opened = None
                if row.sealed_successor is not None and now - row.used_at <= self._grace:
                    opened = self._sealer.open(row.sealed_successor, context=row.id.bytes)
                if opened is None:
                    await self._revoke_for_reuse(repo, session, row, client, now)
                    await uow.commit()
                    raise Unauthenticated(
                        "This refresh token was used already; the session is revoked as a precaution. Sign in again.",
                        reason=ErrorReason.REFRESH_TOKEN_REUSED,
                    )
                successor = opened
            session.last_used_at = now
            session.ip_address = client.ip_address
            session.user_agent = client.user_agent[:_USER_AGENT_MAX]
            await uow.commit()
        return self._tokens(account, session, successor)

    async def _revoke_for_reuse(
        self, repo: AuthRepository, session: AuthSession, row: RefreshToken, client: ClientInfo, now: datetime
    ) -> None:
        await repo.revoke_sessions(session.account_id, now, "refresh_token_reused", only=session.id)
        await self._event(
            repo,
            SecurityEventType.REFRESH_TOKEN_REUSED,
            client,
            account_id=session.account_id,
            session_id=str(session.id),
            token_used_at=row.used_at.isoformat() if row.used_at else None,
        )
        log.warning("refresh_token_reused", account_id=str(session.account_id), session_id=str(session.id))

    async def validate_token(self, *, access_token: str) -> ValidatedToken:
        """The claims of an access token whose signature, issuer, audience and expiry check out and whose
        session is live."""
        claims = self._verifier.verify(access_token)
        await self.check_session(claims)
        key_id = str(jwt.get_unverified_header(access_token).get("kid", ""))
        return ValidatedToken(
            subject=claims.subject,
            session_id=claims.session_id,
            roles=claims.roles,
            email_verified=claims.email_verified,
            issuer=self._settings.jwt_issuer,
            audiences=(self._settings.jwt_audience,),
            issued_at=claims.issued_at,
            expires_at=claims.expires_at,
            token_id=claims.token_id,
            key_id=key_id,
        )

    async def check_session(self, claims: AccessClaims) -> None:
        """Raise Unauthenticated (SESSION_REVOKED) unless the token's session is live (the auth interceptor's
        SessionGate asks for every signed-in call)."""
        try:
            caller = Caller.from_claims(claims)
        except ValueError:  # a subject or session id that is no UUID names no live session
            raise _session_revoked() from None
        async with self._uow() as uow:
            await self._live_session(AuthRepository(uow.session), caller, self._now())

    async def logout(self, *, caller: Caller, all_sessions: bool, client: ClientInfo) -> int:
        """Revoke the calling session, or every session of the account."""
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            session = await self._live_session(repo, caller, now)
            ids = await repo.revoke_sessions(
                session.account_id, now, "logout", only=None if all_sessions else session.id
            )
            await self._event(
                repo,
                SecurityEventType.LOGOUT,
                client,
                account_id=session.account_id,
                all_sessions=all_sessions,
                revoked=len(ids),
            )
            await uow.commit()
        return len(ids)

    async def list_sessions(self, *, caller: Caller, page_size: int, page_token: str) -> Page[SessionView]:
        """The caller's live sessions, most recently used first, the calling one marked current."""
        account_id = caller.require_signed_in()
        request = self._pages.request(
            page_size=page_size, page_token=page_token, query={"rpc": "auth.ListSessions", "account": str(account_id)}
        )
        after = request.position(lambda p: (datetime.fromisoformat(p["t"]), uuid.UUID(p["i"])))
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            current = await self._live_session(repo, caller, now)
            rows = await repo.live_sessions(current.account_id, now, after=after, limit=request.limit)
            await uow.commit()  # keeps the loaded rows usable after the block (a rollback would expire them)
        page = request.page(rows, key=lambda row: {"t": row.last_used_at.isoformat(), "i": str(row.id)})
        return page.map(
            lambda row: SessionView(
                id=row.id,
                sign_in_method=row.sign_in_method,
                device_name=row.device_name,
                user_agent=row.user_agent,
                ip_address=row.ip_address,
                created_at=row.created_at,
                last_used_at=row.last_used_at,
                expires_at=row.expires_at,
                current=row.id == current.id,
            )
        )

    async def revoke_session(self, *, caller: Caller, session_id: uuid.UUID, client: ClientInfo) -> None:
        """Revoke one live session of the caller's account (NotFound if there is none with that id)."""
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            current = await self._live_session(repo, caller, now)
            ids = await repo.revoke_sessions(current.account_id, now, "revoked_by_user", only=session_id)
            if not ids:
                raise NotFound("You have no live session with this id.", reason=ErrorReason.SESSION_NOT_FOUND)
            await self._event(
                repo,
                SecurityEventType.SESSION_REVOKED,
                client,
                account_id=current.account_id,
                session_id=str(session_id),
                current=session_id == current.id,
            )
            await uow.commit()

    async def revoke_other_sessions(self, *, caller: Caller, client: ClientInfo) -> int:
        """Revoke every session of the caller's account except the calling one."""
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            current = await self._live_session(repo, caller, now)
            ids = await repo.revoke_sessions(current.account_id, now, "revoked_by_user", keep=current.id)
            if ids:
                await self._event(
                    repo,
                    SecurityEventType.SESSION_REVOKED,
                    client,
                    account_id=current.account_id,
                    others=True,
                    revoked=len(ids),
                )
            await uow.commit()
        return len(ids)

    # ------------------------------------------------------------------------------------ email and passwords

    async def verify_email(self, *, token: str, client: ClientInfo) -> VerifiedEmail:
        """Mark the email verified with a token from the verification email (a second click answers OK)."""
        now = self._now()
        invalid = InvalidArgument(
            "The verification link is invalid, expired or was replaced by a newer one; request a new email.",
            field="token",
            description="is not a current verification token",
            reason=ErrorReason.VERIFICATION_TOKEN_INVALID,
        )
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            row = await repo.email_token(token_hash(token), EmailTokenPurpose.VERIFY_EMAIL, for_update=True)
            account = await repo.account(row.account_id, for_update=True) if row is not None else None
            if row is None or account is None:
                raise invalid
            if row.used_at is not None:
                if account.email_verified and account.email == row.email:
                    return VerifiedEmail(account_id=account.id, email=account.email)
                raise invalid
            if row.superseded_at is not None or row.expires_at <= now or row.email != account.email:
                raise invalid
            row.used_at = now
            if not account.email_verified:
                account.email_verified = True
                account.email_verified_at = now
                await self._event(repo, SecurityEventType.EMAIL_VERIFIED, client, account_id=account.id)
            await uow.commit()
        return VerifiedEmail(account_id=account.id, email=account.email)

    async def resend_verification_email(self, *, caller: Caller, client: ClientInfo) -> datetime:
        """Mail a new verification link (earlier ones stop working); the earliest time of the next resend."""
        await self._limit("auth.resend.ip", self._settings.auth_resend_limit_per_ip, client.ip_address)
        now = self._now()
        cooldown = timedelta(seconds=self._settings.auth_verification_resend_cooldown_seconds)
        cap = self._settings.auth_verification_resend_hourly_cap
        hour = timedelta(hours=1)
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            session = await self._live_session(repo, caller, now)
            # The account row lock serialises concurrent resends, so the cooldown and cap are exact.
            account = await repo.account(session.account_id, for_update=True)
            if account is None:
                raise _session_revoked()
            if account.email_verified:
                raise FailedPrecondition(
                    "This email address is verified already.", reason=ErrorReason.EMAIL_ALREADY_VERIFIED
                )
            count, oldest, newest = await repo.email_tokens_sent_since(
                account.id, EmailTokenPurpose.VERIFY_EMAIL, now - hour
            )
            wait: timedelta | None = None
            if newest is not None and newest + cooldown > now:
                wait = newest + cooldown - now
            if count >= cap and oldest is not None:
                wait = max(wait or timedelta(0), oldest + hour - now)
            if wait is not None:
                raise ResourceExhausted(
                    "A verification email was sent recently; check your inbox or retry later.",
                    retry_after=_seconds(wait),
                    reason=ErrorReason.RESEND_COOLDOWN,
                    metadata={"retry_after_seconds": f"{_seconds(wait):.0f}"},
                )
            await self._send_verification(uow, repo, account, now)
            await uow.commit()
        next_time = now + cooldown
        if count + 1 >= cap:
            next_time = max(next_time, (oldest or now) + hour)
        return next_time

    async def request_password_reset(self, *, email: str, client: ClientInfo) -> None:
        """Enqueue a reset for this email; the same statements run whether or not an account uses it.

        Looking the account up here made requests for known emails twice as slow (token, email job), which
        told an attacker which emails have accounts. The request only enqueues `RESET_JOB`; the worker
        looks the account up and mails a link only if it exists (`deliver_password_reset`).
        """
        email = normalise_email(email)
        await self._limit("auth.reset.ip", self._settings.auth_password_reset_limit_per_ip, client.ip_address)
        await self._limit(
            "auth.reset.email", self._settings.auth_password_reset_limit_per_email, email_fingerprint(email)
        )
        payload = {
            "email": email,
            "ip_address": client.ip_address,
            "user_agent": client.user_agent[:_USER_AGENT_MAX],
            "requested_at": self._now().isoformat(),
        }
        async with self._uow() as uow:
            await enqueue(uow.session, RESET_JOB, payload)
            await uow.commit()

    async def deliver_password_reset(self, *, email: str, client: ClientInfo, requested_at: str = "") -> bool:
        """The reset job: mail a new link (superseding earlier ones) if an enabled account uses `email`, and
        record the request either way; whether a link was sent."""
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            account = await repo.account_by_email(email)
            send = account is not None and not account.disabled
            if send:
                assert account is not None
                await repo.supersede_email_tokens(account.id, EmailTokenPurpose.RESET_PASSWORD, now)
                token = await self._new_email_token(
                    repo,
                    account,
                    EmailTokenPurpose.RESET_PASSWORD,
                    now,
                    self._settings.auth_password_reset_token_ttl_seconds,
                )
                await enqueue_email(
                    uow.session,
                    "password_reset",
                    to=account.email,
                    token=token,
                    expires=_duration(self._settings.auth_password_reset_token_ttl_seconds),
                )
            await self._event(
                repo,
                SecurityEventType.PASSWORD_RESET_REQUESTED,
                client,
                account_id=account.id if account is not None else None,
                email=email,
                known_account=account is not None,
                requested_at=requested_at or None,
            )
            await uow.commit()
        return send

    async def reset_password(self, *, token: str, new_password: str, client: ClientInfo) -> int:
        """Set a new password with a reset token; revokes every session; marks the email verified."""
        hashed = token_hash(token)
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            row = await repo.email_token(hashed, EmailTokenPurpose.RESET_PASSWORD)
            account = await repo.account(row.account_id) if row is not None else None
            self._check_reset_token(row, account, now)
            await uow.commit()
        assert account is not None
        # Checked before the token is consumed, so a refused password leaves the link usable.
        await self._policy.check(new_password, field="new_password", user_inputs=email_words(account.email))
        new_hash = await self._hasher.hash(new_password)
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            row = await repo.email_token(hashed, EmailTokenPurpose.RESET_PASSWORD, for_update=True)
            account = await repo.account(row.account_id, for_update=True) if row is not None else None
            self._check_reset_token(row, account, now)
            assert row is not None and account is not None
            row.used_at = now
            account.password_hash = new_hash
            account.password_changed_at = now
            if not account.email_verified:
                account.email_verified = True
                account.email_verified_at = now
            await repo.supersede_email_tokens(account.id, EmailTokenPurpose.RESET_PASSWORD, now)
            revoked = await repo.revoke_sessions(account.id, now, "password_reset")
            await repo.clear_throttle(email_key(account.email))
            await self._event(
                repo, SecurityEventType.PASSWORD_RESET, client, account_id=account.id, revoked=len(revoked)
            )
            await enqueue_email(uow.session, "password_changed", to=account.email, when=_when(now))
            await uow.commit()
        return len(revoked)

    @staticmethod
    def _check_reset_token(row: EmailToken | None, account: Account | None, now: datetime) -> None:
        if (
            row is None
            or account is None
            or row.used_at is not None
            or row.superseded_at is not None
            or row.expires_at <= now
            or row.email != account.email
        ):
            raise InvalidArgument(
                "The password reset link is invalid, expired or used already; request a new one.",
                field="token",
                description="is not a current password reset token",
                reason=ErrorReason.RESET_TOKEN_INVALID,
            )

    async def change_password(
        self, *, caller: Caller, current_password: str, new_password: str, client: ClientInfo
    ) -> int:
        """Change the password (the current one is required); revokes the other sessions, mails a notice."""
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            session = await self._live_session(repo, caller, now)
            account = await repo.account(session.account_id)
            if account is None:
                raise _session_revoked()
            if account.password_hash is None:
                raise FailedPrecondition(
                    "This account has no password yet; set one with RequestPasswordReset.",
                    reason=ErrorReason.NO_PASSWORD_SET,
                )
            key = email_key(account.email)
            locked_now = await self._count_attempt(repo, key, now)
            await uow.commit()
        result = await self._hasher.verify(account.password_hash, current_password)
        if not result.ok:
            async with self._uow() as uow:
                repo = AuthRepository(uow.session)
                await self._record_failure(
                    repo, SecurityEventType.PASSWORD_CHANGE_FAILED, client, account, account.email, locked_now
                )
                await uow.commit()
            raise InvalidArgument(
                "The current password is incorrect.",
                field="current_password",
                description="is incorrect",
                reason=ErrorReason.CURRENT_PASSWORD_INCORRECT,
            )
        try:
            await self._policy.check(new_password, field="new_password", user_inputs=email_words(account.email))
        except InvalidArgument:
            async with self._uow() as uow:
                await AuthRepository(uow.session).clear_throttle(key)
                await uow.commit()
            raise
        new_hash = await self._hasher.hash(new_password)
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            session = await self._live_session(repo, caller, now)
            account = await repo.account(session.account_id, for_update=True)
            if account is None:
                raise _session_revoked()
            account.password_hash = new_hash
            account.password_changed_at = now
            revoked = await repo.revoke_sessions(account.id, now, "password_changed", keep=session.id)
            await repo.clear_throttle(key)
            await self._event(
                repo, SecurityEventType.PASSWORD_CHANGED, client, account_id=account.id, revoked=len(revoked)
            )
            await enqueue_email(uow.session, "password_changed", to=account.email, when=_when(now))
            await uow.commit()
        return len(revoked)

    # ------------------------------------------------------------------------------------------------ oauth

    def _oauth_clients(self, provider: str) -> OAuthClients:
        if self._oauth is None or not self._oauth.configured(provider):
            raise provider_not_configured(provider)
        return self._oauth

    async def start_oauth_login(self, *, provider: str, redirect_uri: str, login_hint: str) -> OAuthStart:
        """Keep a new state (hashed), PKCE verifier and nonce for 10 minutes; the provider URL to open."""
        oauth = self._oauth_clients(provider)
        state, verifier, nonce = new_state(), new_code_verifier(), new_nonce()
        url = oauth.authorization_url(
            provider,
            redirect_uri=redirect_uri,
            state=state,
            code_verifier=verifier,
            nonce=nonce,
            login_hint=login_hint or None,
        )
        now = self._now()
        expires_at = now + timedelta(seconds=self._settings.auth_oauth_state_ttl_seconds)
        async with self._uow() as uow:
            await AuthRepository(uow.session).add(
                OAuthState(
                    state_hash=token_hash(state),
                    provider=provider,
                    redirect_uri=redirect_uri,
                    code_verifier=verifier,
                    nonce=nonce,
                    created_at=now,
                    expires_at=expires_at,
                )
            )
            await uow.commit()
        return OAuthStart(authorization_url=url, state=state, expires_at=expires_at)

    async def oauth_login(self, *, provider: str, code: str, state: str, client: ClientInfo) -> OAuthSignIn:
        """Finish an OAuth flow: consume the state, exchange the code, sign in / link / create the account."""
        oauth = self._oauth_clients(provider)
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            flow = await repo.oauth_state_for_update(token_hash(state))
            usable = flow is not None and flow.used_at is None and flow.expires_at > now
            if flow is not None and flow.used_at is None:
                flow.used_at = now  # consumed even when refused below: a state works once
                await uow.commit()
            if flow is None or not usable or flow.provider != provider:
                raise FailedPrecondition(
                    "The sign-in attempt is unknown, expired, used already or was started for another "
                    "provider; start again.",
                    reason=ErrorReason.OAUTH_STATE_INVALID,
                )
        # A refused code or a bad id_token is OAUTH_CODE_REJECTED, an unreachable provider UNAVAILABLE.
        identity = await oauth.exchange(
            provider, code=code, redirect_uri=flow.redirect_uri, code_verifier=flow.code_verifier, nonce=flow.nonce
        )
        method = _OAUTH_METHODS[provider]
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            created = linked = False
            link = await repo.oauth_identity(provider, identity.subject)
            if link is not None:
                account = await repo.account(link.account_id, for_update=True)
                if account is None:
                    raise _invalid_credentials()
                link.last_login_at = now
            else:
                if not identity.email or not identity.email_verified:
                    raise FailedPrecondition(
                        f"Your {provider} account has no verified email address; verify one there and retry.",
                        reason=ErrorReason.OAUTH_EMAIL_NOT_VERIFIED,
                    )
                email = normalise_email(identity.email)
                account = await repo.account_by_email(email, for_update=True)
                if account is None:
                    account = await repo.add_account(
                        Account(
                            id=uuid.uuid4(),
                            email=email,
                            password_hash=None,
                            roles=[Role.LEARNER.value],
                            email_verified=True,
                            email_verified_at=now,
                        )
                    )
                    created = True
                else:
                    if account.disabled:
                        raise _disabled()
                    linked = True
                    if not account.email_verified:
                        # Someone registered this address without proving control of it; the provider just
                        # proved the signing-in person controls it. Drop the unproven password and sessions
                        # so a squatter cannot keep access (account pre-hijacking).
                        account.password_hash = None
                        account.email_verified = True
                        account.email_verified_at = now
                        await repo.revoke_sessions(account.id, now, "claimed_by_verified_owner")
                await repo.add_oauth_identity(
                    OAuthIdentity(
                        id=uuid.uuid4(),
                        account_id=account.id,
                        provider=provider,
                        subject=identity.subject,
                        email=email,
                        created_at=now,
                        last_login_at=now,
                    )
                )
                await self._event(
                    repo,
                    SecurityEventType.OAUTH_LINKED,
                    client,
                    account_id=account.id,
                    email=email,
                    provider=provider,
                    account_created=created,
                )
            if account.disabled:
                raise _disabled()
            tokens = await self._start_session(repo, account, method, client, now)
            await self._event(repo, SecurityEventType.LOGIN_SUCCEEDED, client, account_id=account.id, method=provider)
            await uow.commit()
        return OAuthSignIn(tokens=tokens, account_created=created, identity_linked=linked)

    # ---------------------------------------------------------------------------------------------- admin

    async def ensure_demo_accounts(self, emails: Sequence[str], password: str) -> dict[str, uuid.UUID]:
        """Verified learner accounts for `skillsphere seed --demo` (existing ones are kept as they are), all
        with one password, hashed once; account ids by normalised email."""
        normalised = [normalise_email(e) for e in emails]
        await self._policy.check(password, field="password")
        password_hash = await self._hasher.hash(password)
        now = self._now()
        ids: dict[str, uuid.UUID] = {}
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            for email in normalised:
                account = await repo.account_by_email(email)
                if account is None:
                    account = await repo.add_account(
                        Account(
                            id=uuid.uuid4(),
                            email=email,
                            password_hash=password_hash,
                            roles=[Role.LEARNER.value],
                            email_verified=True,
                            email_verified_at=now,
                            password_changed_at=now,
                        )
                    )
                ids[email] = account.id
            await uow.commit()
        return ids

    async def bootstrap_admin(self, *, email: str, password: str | None) -> tuple[uuid.UUID, bool]:
        """Create an admin account (verified email) or promote an existing one; (account id, created)."""
        email = normalise_email(email)
        if "@" not in email or len(email) > 254:
            raise InvalidArgument(field="email", description="must be an e-mail address")
        password_hash = None
        if password is not None:
            await self._policy.check(password, field="password", user_inputs=email_words(email))
            password_hash = await self._hasher.hash(password)
        now = self._now()
        async with self._uow() as uow:
            repo = AuthRepository(uow.session)
            account = await repo.account_by_email(email, for_update=True)
            created = account is None
            if account is None:
                account = await repo.add_account(
                    Account(
                        id=uuid.uuid4(),
                        email=email,
                        password_hash=password_hash,
                        roles=[Role.LEARNER.value, Role.ADMIN.value],
                        email_verified=True,
                        email_verified_at=now,
                        password_changed_at=now if password_hash else None,
                    )
                )
            else:
                if Role.ADMIN.value not in account.roles:
                    account.roles = [*account.roles, Role.ADMIN.value]
                if not account.email_verified:
                    account.email_verified = True
                    account.email_verified_at = now
                if password_hash is not None:
                    account.password_hash = password_hash
                    account.password_changed_at = now
            await self._event(
                repo,
                SecurityEventType.ADMIN_BOOTSTRAPPED,
                ClientInfo(user_agent="skillsphere admin create"),
                account_id=account.id,
                created=created,
            )
            await uow.commit()
        log.info("admin_bootstrapped", account_id=str(account.id), created=created)
        return account.id, created

    # ------------------------------------------------------------------------------ for other domains

    async def account_emails(self, account_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The email addresses of these accounts (enabled or not), by id; unknown ids are left out."""
        async with self._uow() as uow:
            emails = await AuthRepository(uow.session).emails(account_ids)
            await uow.commit()
        return emails

    async def disabled_accounts(self, account_ids: Sequence[uuid.UUID]) -> frozenset[uuid.UUID]:
        """Those of these accounts that are disabled (suspended or closed), for the user domain's
        MemberSnapshot.live; unknown ids are left out."""
        async with self._uow() as uow:
            disabled = await AuthRepository(uow.session).disabled(account_ids)
            await uow.commit()
        return disabled

    async def set_role(self, session: AsyncSession, account_id: uuid.UUID, role: str, granted: bool) -> None:
        """Grant or remove a role in the caller's transaction (UserService keeps ROLE_MENTOR in step with
        is_mentor); tokens carry it from the next sign-in or RefreshToken."""
        account = await AuthRepository(session).account(account_id, for_update=True)
        if account is None:
            return
        name = Role(role).value
        roles = [r for r in account.roles if r != name]
        if granted:
            roles.append(name)
        if roles != list(account.roles):
            account.roles = roles
            await session.flush()

    async def close_account(
        self, session: AsyncSession, account_id: uuid.UUID, *, actor_id: uuid.UUID | None, reason: str
    ) -> int:
        """Close an account in the caller's transaction (UserService.DeleteUser): revoke every session,
        disable sign-in, drop the password and free the email address for a new account. Returns the
        number of sessions revoked."""
        now = self._now()
        repo = AuthRepository(session)
        account = await repo.account(account_id, for_update=True)
        if account is None:
            return 0
        ids = await repo.revoke_sessions(account_id, now, "account_deleted")
        account.email = f"deleted-{account_id}@deleted.invalid"
        account.password_hash = None
        account.disabled_at = account.disabled_at or now
        await session.flush()
        await self._event(
            repo,
            SecurityEventType.SESSION_REVOKED,
            ClientInfo(),
            account_id=account_id,
            account_deleted=True,
            by=str(actor_id) if actor_id else None,
            reason=reason[:500],
            revoked=len(ids),
        )
        return len(ids)

    def register_jobs(self, jobs: JobRegistry) -> None:
        """Cleanup every 5 minutes (one worker across replicas runs it): sealed successors past their grace
        window are wiped within minutes even when the session is never refreshed again. And the password
        reset job (`RESET_JOB`), enqueued by every RequestPasswordReset."""

        async def purge(_payload: dict[str, Any]) -> None:
            await self.purge_expired()

        jobs.periodic(PURGE_JOB, timedelta(minutes=5), purge, timeout=300)

        async def deliver_reset(payload: dict[str, Any]) -> None:
            try:
                email = str(payload["email"])
                client = ClientInfo(
                    ip_address=str(payload.get("ip_address", "")), user_agent=str(payload.get("user_agent", ""))
                )
            except (KeyError, TypeError) as exc:
                raise PermanentJobError(f"unusable password reset payload: {exc}") from exc
            await self.deliver_password_reset(
                email=email, client=client, requested_at=str(payload.get("requested_at", ""))
            )

        jobs.register(RESET_JOB, deliver_reset, timeout=60)

    async def purge_expired(self) -> dict[str, int]:
        """Delete OAuth states, email tokens, sessions and throttles nothing can use any more."""
        now = self._now()
        async with self._uow() as uow:
            counts = await AuthRepository(uow.session).purge(
                now=now,
                ended_before=now - timedelta(days=7),
                idle_before=now - timedelta(seconds=self._settings.auth_lockout_reset_seconds),
                sealed_before=now - self._grace,
            )
            await uow.commit()
        log.info("auth_purged", **counts)
        return counts

    # -------------------------------------------------------------------------------------------- helpers

    async def _limit(self, name: str, limit: str, key: str) -> None:
        await self._limiter.hit(name, key or "unknown", limit=limit)

    async def _live_session(self, repo: AuthRepository, caller: Caller, now: datetime) -> AuthSession:
        """The caller's session if it is live; SESSION_REVOKED otherwise (also for callers without one)."""
        account_id = caller.require_signed_in()
        session = await repo.session(caller.session_id) if caller.session_id is not None else None
        if session is None or not session.live(now) or session.account_id != account_id:
            raise _session_revoked()
        return session

    async def _start_session(
        self, repo: AuthRepository, account: Account, method: SignInMethod, client: ClientInfo, now: datetime
    ) -> IssuedTokens:
        session = AuthSession(
            id=uuid.uuid4(),
            account_id=account.id,
            sign_in_method=method.value,
            device_name=(client.device_name.strip() or describe_user_agent(client.user_agent))[:100],
            user_agent=client.user_agent[:_USER_AGENT_MAX],
            ip_address=client.ip_address,
            created_at=now,
            last_used_at=now,
            expires_at=now + self._session_ttl,
        )
        await repo.add(session)
        refresh = new_token()
        await repo.add(
            RefreshToken(id=uuid.uuid4(), session_id=session.id, token_hash=token_hash(refresh), created_at=now)
        )
        return self._tokens(account, session, refresh)

    def _tokens(self, account: Account, session: AuthSession, refresh: str) -> IssuedTokens:
        roles = tuple(account.roles)
        access, claims = self._issuer.issue(
            subject=str(account.id), session_id=str(session.id), roles=roles, email_verified=account.email_verified
        )
        return IssuedTokens(
            access_token=access,
            access_token_expires_at=datetime.fromtimestamp(claims.expires_at, UTC),
            refresh_token=refresh,
            refresh_token_expires_at=session.expires_at,
            account_id=account.id,
            roles=roles,
            email_verified=account.email_verified,
            session_id=session.id,
        )

    async def _new_email_token(
        self, repo: AuthRepository, account: Account, purpose: EmailTokenPurpose, now: datetime, ttl_seconds: int
    ) -> str:
        token = new_token()
        await repo.add(
            EmailToken(
                id=uuid.uuid4(),
                account_id=account.id,
                purpose=purpose.value,
                token_hash=token_hash(token),
                email=account.email,
                created_at=now,
                expires_at=now + timedelta(seconds=ttl_seconds),
            )
        )
        return token

    async def _send_verification(self, uow: UnitOfWork, repo: AuthRepository, account: Account, now: datetime) -> None:
        await repo.supersede_email_tokens(account.id, EmailTokenPurpose.VERIFY_EMAIL, now)
        token = await self._new_email_token(
            repo, account, EmailTokenPurpose.VERIFY_EMAIL, now, self._settings.auth_verification_token_ttl_seconds
        )
        # The job builds the link (`<public_base_url>/verify-email?token=...`); the token sits in the job
        # payload only until the job is purged, and it is single-use and short-lived.
        await enqueue_email(
            uow.session,
            "verify_email",
            to=account.email,
            token=token,
            expires=_duration(self._settings.auth_verification_token_ttl_seconds),
        )

    async def _event(
        self,
        repo: AuthRepository,
        kind: SecurityEventType,
        client: ClientInfo,
        *,
        account_id: uuid.UUID | None = None,
        email: str | None = None,
        **details: Any,
    ) -> None:
        await repo.add(
            SecurityEvent(
                type=kind.value,
                account_id=account_id,
                email_hash=email_fingerprint(email) if email else None,
                ip_address=client.ip_address,
                user_agent=client.user_agent[:_USER_AGENT_MAX],
                created_at=self._now(),
                details=details,
            )
        )
