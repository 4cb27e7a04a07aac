"""Payments through a provider (Stripe or the offline processor): the provider's ids on payments, refunds,
payout accounts and payouts; received webhook events (deduplicated by event id); disputes; reconciliation
runs.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE payments ADD COLUMN provider text NOT NULL DEFAULT 'offline', "
        "ADD COLUMN provider_ref text NOT NULL DEFAULT '', "
        "ADD COLUMN provider_client_secret text NOT NULL DEFAULT '', "
        "ADD COLUMN provider_charge_ref text NOT NULL DEFAULT '', "
        "ADD COLUMN transfer_ref text NOT NULL DEFAULT ''"
    )
    op.execute("CREATE UNIQUE INDEX ux_payments_provider_ref ON payments (provider_ref) WHERE provider_ref <> ''")
    op.execute("CREATE INDEX ix_payments_charge_ref ON payments (provider_charge_ref) WHERE provider_charge_ref <> ''")
    op.execute("ALTER TABLE payment_refunds ADD COLUMN provider_ref text NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE payment_payout_accounts ADD COLUMN provider_ref text NOT NULL DEFAULT ''")
    op.execute(
        "CREATE UNIQUE INDEX ux_payout_accounts_provider_ref ON payment_payout_accounts (provider_ref) "
        "WHERE provider_ref <> ''"
    )
    op.execute("ALTER TABLE payment_payouts ADD COLUMN provider_ref text NOT NULL DEFAULT ''")
    op.execute(
        """
        CREATE TABLE payment_webhook_events (
            id text PRIMARY KEY,
            type text NOT NULL,
            object_id text NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX ix_payment_webhook_events_received_at ON payment_webhook_events (received_at)")
    op.execute(
        """
        CREATE TABLE payment_disputes (
            id text PRIMARY KEY,
            payment_id uuid NOT NULL REFERENCES payments (id),
            amount_minor bigint NOT NULL CHECK (amount_minor > 0),
            currency text NOT NULL,
            status text NOT NULL,
            reason text NOT NULL DEFAULT '',
            payment_status_before text NOT NULL,
            escrow_status_before text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            closed_at timestamptz
        )
        """
    )
    op.execute("CREATE INDEX ix_payment_disputes_payment ON payment_disputes (payment_id)")
    op.execute(
        """
        CREATE TABLE payment_reconciliation_runs (
            id uuid PRIMARY KEY,
            provider text NOT NULL,
            since timestamptz NOT NULL,
            checked integer NOT NULL,
            drift integer NOT NULL,
            details jsonb NOT NULL,
            created_at timestamptz NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX ix_payment_reconciliation_runs_created ON payment_reconciliation_runs (created_at DESC)")


def downgrade() -> None:
    op.execute("DROP TABLE payment_reconciliation_runs")
    op.execute("DROP TABLE payment_disputes")
    op.execute("DROP TABLE payment_webhook_events")
    op.execute("ALTER TABLE payment_payouts DROP COLUMN provider_ref")
    op.execute("DROP INDEX ux_payout_accounts_provider_ref")
    op.execute("ALTER TABLE payment_payout_accounts DROP COLUMN provider_ref")
    op.execute("ALTER TABLE payment_refunds DROP COLUMN provider_ref")
    op.execute("DROP INDEX ix_payments_charge_ref")
    op.execute("DROP INDEX ux_payments_provider_ref")
    op.execute(
        "ALTER TABLE payments DROP COLUMN provider, DROP COLUMN provider_ref, DROP COLUMN provider_client_secret, "
        "DROP COLUMN provider_charge_ref, DROP COLUMN transfer_ref"
    )
