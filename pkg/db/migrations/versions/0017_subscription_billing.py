"""Subscription billing: renewals, dunning, plan changes and invoices (internal/payment/billing.py).

- `payment_invoices`: one per subscription charge (first, renewal, proration), numbered per year;
  `payment_invoice_numbers` holds each year's last number (a row-locked counter: numbers are unique and
  gap-free, since a rolled-back invoice rolls its number back too).
- Subscriptions gain the saved test card the offline processor renews with, the trial end, a plan scheduled
  for the next period (downgrades) and the newest invoice; payments remember the test card they were paid with.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE payment_invoices (
            id uuid PRIMARY KEY,
            number text NOT NULL UNIQUE,
            user_id uuid NOT NULL,
            subscription_id uuid NOT NULL REFERENCES payment_subscriptions (id),
            status text NOT NULL,
            billing_reason text NOT NULL,
            currency char(3) NOT NULL,
            line_items jsonb NOT NULL DEFAULT '[]',
            subtotal_minor bigint NOT NULL,
            tax_minor bigint NOT NULL DEFAULT 0,
            total_minor bigint NOT NULL,
            amount_paid_minor bigint NOT NULL DEFAULT 0,
            payment_id uuid REFERENCES payments (id),
            attempt_count integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz,
            period_start timestamptz NOT NULL,
            period_end timestamptz NOT NULL,
            due_at timestamptz NOT NULL,
            paid_at timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            CHECK (amount_paid_minor BETWEEN 0 AND total_minor)
        )
        """
    )
    op.execute("CREATE INDEX payment_invoices_user ON payment_invoices (user_id, created_at DESC, id DESC)")
    op.execute("CREATE INDEX payment_invoices_subscription ON payment_invoices (subscription_id, created_at DESC)")
    op.execute("CREATE TABLE payment_invoice_numbers (year integer PRIMARY KEY, last bigint NOT NULL)")
    op.execute(
        "ALTER TABLE payment_subscriptions ADD COLUMN card_number text NOT NULL DEFAULT '', "
        "ADD COLUMN trial_end timestamptz, "
        "ADD COLUMN scheduled_plan_id uuid REFERENCES payment_plans (id), "
        "ADD COLUMN latest_invoice_id uuid REFERENCES payment_invoices (id)"
    )
    op.execute("ALTER TABLE payments ADD COLUMN card_number text NOT NULL DEFAULT ''")


def downgrade() -> None:
    op.execute("ALTER TABLE payments DROP COLUMN card_number")
    op.execute(
        "ALTER TABLE payment_subscriptions DROP COLUMN card_number, DROP COLUMN trial_end, "
        "DROP COLUMN scheduled_plan_id, DROP COLUMN latest_invoice_id"
    )
    op.execute("DROP TABLE payment_invoice_numbers")
    op.execute("DROP TABLE payment_invoices")
