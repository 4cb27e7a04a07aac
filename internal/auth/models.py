"""Accounts, sign-in sessions, refresh tokens, email tokens, login throttles, OAuth links and security events.

Secrets (refresh tokens, email tokens, OAuth states) are stored only as SHA-256 hashes; the one exception,
the sealed successor of a rotated refresh token, is AES-GCM encrypted and kept only for the grace window
(see `AuthService.refresh`).
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from pkg.db.base import Base


class Role(enum.StrEnum):
    """Roles carried in access tokens (the `roles` claim) and checked by the policy table."""

    LEARNER = "learner"
    MENTOR = "mentor"
    ADMIN = "admin"


class SignInMethod(enum.StrEnum):
    """How a session was signed in."""

    PASSWORD = "password"  # noqa: S105 - a name, not a secret
    GOOGLE = "google"
    GITHUB = "github"


class EmailTokenPurpose(enum.StrEnum):
    """What a token sent by email proves control of the address for."""

    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a name, not a secret


class SecurityEventType(enum.StrEnum):
    """Entries of the security-event log (for the admin service and incident response)."""

    ACCOUNT_REGISTERED = "account_registered"
    ADMIN_BOOTSTRAPPED = "admin_bootstrapped"
    LOGIN_SUCCEEDED = "login_succeeded"
    LOGIN_FAILED = "login_failed"
    LOGIN_REFUSED_DISABLED = "login_refused_disabled"
    ACCOUNT_LOCKED = "account_locked"
    REFRESH_TOKEN_REUSED = "refresh_token_reused"  # noqa: S105 - a name, not a secret
    LOGOUT = "logout"
    SESSION_REVOKED = "session_revoked"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a name, not a secret
    PASSWORD_CHANGE_FAILED = "password_change_failed"  # noqa: S105 - a name, not a secret
    PASSWORD_RESET_REQUESTED = "password_reset_requested"  # noqa: S105 - a name, not a secret
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a name, not a secret
    EMAIL_VERIFIED = "email_verified"
    VERIFICATION_EMAIL_SENT = "verification_email_sent"
    OAUTH_LINKED = "oauth_linked"


class Account(Base):
    """A person who can sign in. The email is stored normalised (trimmed, lower-cased) and is unique."""

    __tablename__ = "accounts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(Text, unique=True)
    # NULL for accounts created through OAuth that never set a password.
    password_hash: Mapped[str | None] = mapped_column(Text)
    roles: Mapped[list[str]] = mapped_column(ARRAY(Text), default=lambda: [Role.LEARNER.value])
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    @property
    def disabled(self) -> bool:
        """Suspended by an admin: may not sign in."""
        return self.disabled_at is not None


class AuthSession(Base):
    """One sign-in (a device or browser) from sign-in until logout, revocation or its absolute expiry."""

    __tablename__ = "auth_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    sign_in_method: Mapped[str] = mapped_column(Text)
    device_name: Mapped[str] = mapped_column(Text)
    user_agent: Mapped[str] = mapped_column(Text, default="")
    ip_address: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str | None] = mapped_column(Text)

    def live(self, now: datetime) -> bool:
        """Neither revoked nor past its absolute lifetime."""
        return self.revoked_at is None and self.expires_at > now


class RefreshToken(Base):
    """One refresh token of a session; rotation links each used token to the successor that replaced it."""

    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replaced_by_id: Mapped[uuid.UUID | None] = mapped_column()
    # AES-GCM(successor token), so a concurrent refresh with this token within the grace window gets the
    # same successor. Cleared once the window has passed or the session is revoked.
    sealed_successor: Mapped[bytes | None] = mapped_column(LargeBinary)


class EmailToken(Base):
    """A single-use token mailed to an address: email verification (24 h) or password reset (15 min)."""

    __tablename__ = "email_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    # The address the token was sent to; it proves control of that address only.
    email: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginThrottle(Base):
    """Consecutive password failures and lock state per email (known or not), shared by every replica."""

    __tablename__ = "login_throttles"

    # SHA-256 of the normalised email: unknown addresses are throttled too, without storing them.
    key_hash: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    lock_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OAuthIdentity(Base):
    """An identity at Google or GitHub linked to an account."""

    __tablename__ = "oauth_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OAuthState(Base):
    """A started OAuth flow: the hashed `state`, its PKCE verifier and nonce; single use, 10 minutes."""

    __tablename__ = "oauth_states"

    state_hash: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)
    provider: Mapped[str] = mapped_column(Text)
    redirect_uri: Mapped[str] = mapped_column(Text)
    code_verifier: Mapped[str] = mapped_column(Text)
    nonce: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SecurityEvent(Base):
    """One entry of the security-event log."""

    __tablename__ = "security_events"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    type: Mapped[str] = mapped_column(Text)
    account_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    # SHA-256 of the normalised email the request named (hex); unknown addresses are never stored plainly.
    email_hash: Mapped[str | None] = mapped_column(Text)
    ip_address: Mapped[str] = mapped_column(Text, default="")
    user_agent: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


# ------------------------------------------------------------------------------------- domain value types


@dataclass(frozen=True, slots=True)
class ClientInfo:
    """Where a request came from: the client's IP address, user agent and the device label it chose."""

    ip_address: str = ""
    user_agent: str = ""
    device_name: str = ""


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    """What every sign-in and refresh returns."""

    access_token: str
    access_token_expires_at: datetime
    refresh_token: str
    refresh_token_expires_at: datetime
    account_id: uuid.UUID
    roles: tuple[str, ...]
    email_verified: bool
    session_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class SessionView:
    """A live session as ListSessions shows it."""

    id: uuid.UUID
    sign_in_method: str
    device_name: str
    user_agent: str
    ip_address: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    current: bool


@dataclass(frozen=True, slots=True)
class ValidatedToken:
    """The verified claims of an access token of a live session."""

    subject: str
    session_id: str
    roles: tuple[str, ...]
    email_verified: bool
    issuer: str
    audiences: tuple[str, ...]
    issued_at: int
    expires_at: int
    token_id: str
    key_id: str


@dataclass(frozen=True, slots=True)
class OAuthStart:
    """Where to send the browser, and the state embedded in that URL."""

    authorization_url: str
    state: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class OAuthSignIn:
    """The result of OAuthLogin."""

    tokens: IssuedTokens
    account_created: bool
    identity_linked: bool


@dataclass(frozen=True, slots=True)
class VerifiedEmail:
    """The account whose email VerifyEmail marked verified."""

    account_id: uuid.UUID
    email: str


def normalise_email(email: str) -> str:
    """The form emails are stored and compared in: trimmed and lower-cased."""
    return email.strip().lower()


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Windows", "Windows"),
    ("Linux", "Linux"),
)


def describe_user_agent(user_agent: str) -> str:
    """A short device label such as "Firefox on macOS" (or the client's product name) for ListSessions."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return str(browser or system)
    product = user_agent.split("/", 1)[0].split(" ", 1)[0].strip()
    return product[:100] if product else "Unknown device"
