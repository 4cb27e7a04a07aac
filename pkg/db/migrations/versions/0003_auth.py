"""Auth: accounts, sessions, rotating refresh tokens, email tokens, login throttles, OAuth, security events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _now() -> sa.TextClause:
    return sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("roles", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{learner}'"), nullable=False),
        sa.Column("email_verified", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint("email", name="uq_accounts_email"),
        # Stored normalised; the check keeps any writer (scripts, other tools) honest.
        sa.CheckConstraint("email = lower(btrim(email))", name="ck_accounts_email_normalised"),
        sa.CheckConstraint("roles <@ ARRAY['learner', 'mentor', 'admin']::text[]", name="ck_accounts_roles_known"),
    )

    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("sign_in_method", sa.Text(), nullable=False),
        sa.Column("device_name", sa.Text(), nullable=False),
        sa.Column("user_agent", sa.Text(), server_default="", nullable=False),
        sa.Column("ip_address", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_auth_sessions"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_auth_sessions_account_id_accounts", ondelete="CASCADE"
        ),
        sa.CheckConstraint(
            "sign_in_method IN ('password', 'google', 'github')", name="ck_auth_sessions_sign_in_method"
        ),
    )
    op.create_index("ix_auth_sessions_account_id", "auth_sessions", ["account_id"])
    # ListSessions: live sessions of an account, most recently used first.
    op.create_index(
        "ix_auth_sessions_live_by_last_use",
        "auth_sessions",
        ["account_id", sa.text("last_used_at DESC"), sa.text("id DESC")],
        postgresql_where=sa.text("revoked_at IS NULL"),
    )

    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaced_by_id", sa.Uuid(), nullable=True),
        sa.Column("sealed_successor", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_refresh_tokens"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["auth_sessions.id"], name="fk_refresh_tokens_session_id_auth_sessions", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("token_hash", name="uq_refresh_tokens_token_hash"),
    )
    op.create_index("ix_refresh_tokens_session_id", "refresh_tokens", ["session_id"])
    # The cleanup job finds sealed successors whose grace window has passed.
    op.create_index(
        "ix_refresh_tokens_sealed_used_at",
        "refresh_tokens",
        ["used_at"],
        postgresql_where=sa.text("sealed_successor IS NOT NULL"),
    )

    op.create_table(
        "email_tokens",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_email_tokens"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_email_tokens_account_id_accounts", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("token_hash", name="uq_email_tokens_token_hash"),
        sa.CheckConstraint("purpose IN ('verify_email', 'reset_password')", name="ck_email_tokens_purpose"),
    )
    # Resend cooldown and hourly cap count the account's recent sends.
    op.create_index("ix_email_tokens_account_purpose_created", "email_tokens", ["account_id", "purpose", "created_at"])

    op.create_table(
        "login_throttles",
        sa.Column("key_hash", sa.LargeBinary(), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("lock_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key_hash", name="pk_login_throttles"),
    )

    op.create_table(
        "oauth_identities",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_oauth_identities"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_oauth_identities_account_id_accounts", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("provider", "subject", name="uq_oauth_identities_provider_subject"),
    )
    op.create_index("ix_oauth_identities_account_id", "oauth_identities", ["account_id"])

    op.create_table(
        "oauth_states",
        sa.Column("state_hash", sa.LargeBinary(), nullable=False),
        sa.Column("provider", sa.Text(), nullable=False),
        sa.Column("redirect_uri", sa.Text(), nullable=False),
        sa.Column("code_verifier", sa.Text(), nullable=False),
        sa.Column("nonce", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("state_hash", name="pk_oauth_states"),
    )
    op.create_index("ix_oauth_states_expires_at", "oauth_states", ["expires_at"])

    op.create_table(
        "security_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("email_hash", sa.Text(), nullable=True),
        sa.Column("ip_address", sa.Text(), server_default="", nullable=False),
        sa.Column("user_agent", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("details", postgresql.JSONB(), server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_security_events"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_security_events_account_id_accounts", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_security_events_account_created", "security_events", ["account_id", "created_at"])
    op.create_index("ix_security_events_type_created", "security_events", ["type", "created_at"])
    op.create_index("ix_security_events_email_hash", "security_events", ["email_hash"])


def downgrade() -> None:
    op.drop_table("security_events")
    op.drop_table("oauth_states")
    op.drop_table("oauth_identities")
    op.drop_table("login_throttles")
    op.drop_table("email_tokens")
    op.drop_table("refresh_tokens")
    op.drop_table("auth_sessions")
    op.drop_table("accounts")
