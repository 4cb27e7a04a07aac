"""Payments: a double-entry ledger, one-time payments, refunds, escrows, idempotency keys, payout accounts
and payouts (PaymentService, issue 13).

The ledger is append-only and balanced by construction: `payment_ledger_entries` cannot be updated or
deleted, and a deferred constraint trigger refuses to commit any transaction whose entries do not sum to
zero per currency, or whose entry currency differs from its account's. Balances are sums of entries.

Revision ID: 0013
Revises: 0009
Create Date: 2026-12-03
"""

from alembic import op

revision = "0013"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE payment_ledger_accounts (
            id uuid PRIMARY KEY,
            kind text NOT NULL,
            owner_id uuid NOT NULL,
            currency char(3) NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT payment_ledger_accounts_key UNIQUE (kind, owner_id, currency)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE payment_ledger_transactions (
            id uuid PRIMARY KEY,
            kind text NOT NULL,
            currency char(3) NOT NULL,
            payment_id uuid,
            escrow_id uuid,
            payout_id uuid,
            description text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        """
        CREATE TABLE payment_ledger_entries (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            transaction_id uuid NOT NULL REFERENCES payment_ledger_transactions (id),
            account_id uuid NOT NULL REFERENCES payment_ledger_accounts (id),
            currency char(3) NOT NULL,
            amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
            created_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX payment_ledger_entries_account ON payment_ledger_entries (account_id, id)")
    op.execute("CREATE INDEX payment_ledger_entries_transaction ON payment_ledger_entries (transaction_id)")
    op.execute(
        """
        CREATE FUNCTION payment_ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            unbalanced text;
        BEGIN
            IF EXISTS (
                SELECT 1 FROM payment_ledger_accounts a
                WHERE a.id = NEW.account_id AND a.currency <> NEW.currency
            ) THEN
                RAISE EXCEPTION 'ledger entry % in % on an account of another currency', NEW.id, NEW.currency
                    USING ERRCODE = 'check_violation';
            END IF;
            SELECT string_agg(currency || ' ' || total, ', ') INTO unbalanced FROM (
                SELECT currency, sum(amount_minor) AS total FROM payment_ledger_entries
                WHERE transaction_id = NEW.transaction_id GROUP BY currency HAVING sum(amount_minor) <> 0
            ) AS sums;
            IF unbalanced IS NOT NULL THEN
                RAISE EXCEPTION 'ledger transaction % does not balance: %', NEW.transaction_id, unbalanced
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE CONSTRAINT TRIGGER payment_ledger_entries_balanced
        AFTER INSERT ON payment_ledger_entries
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION payment_ledger_entry_balanced()
        """
    )
    op.execute(
        """
        CREATE FUNCTION payment_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the ledger is append-only: post a correcting transaction instead'
                USING ERRCODE = 'restrict_violation';
        END
        $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER payment_ledger_entries_append_only
        BEFORE UPDATE OR DELETE ON payment_ledger_entries
        FOR EACH ROW EXECUTE FUNCTION payment_ledger_append_only()
        """
    )
    op.execute(
        """
        CREATE TABLE payments (
            id uuid PRIMARY KEY,
            payer_id uuid NOT NULL,
            payee_id uuid,
            amount_minor bigint NOT NULL CHECK (amount_minor > 0),
            currency char(3) NOT NULL,
            fee_basis_points integer NOT NULL CHECK (fee_basis_points BETWEEN 0 AND 10000),
            fee_minor bigint NOT NULL CHECK (fee_minor >= 0),
            refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor BETWEEN 0 AND amount_minor),
            status text NOT NULL,
            purpose text NOT NULL,
            reference_id uuid,
            description text NOT NULL DEFAULT '',
            escrow_id uuid,
            authentication_required boolean NOT NULL DEFAULT false,
            failure_code text NOT NULL DEFAULT '',
            failure_message text NOT NULL DEFAULT '',
            succeeded_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX payments_payer ON payments (payer_id, created_at DESC, id DESC)")
    op.execute("CREATE INDEX payments_payee ON payments (payee_id, created_at DESC, id DESC)")
    op.execute(
        """
        CREATE TABLE payment_escrows (
            id uuid PRIMARY KEY,
            payer_id uuid NOT NULL,
            payee_id uuid NOT NULL,
            amount_minor bigint NOT NULL CHECK (amount_minor > 0),
            currency char(3) NOT NULL,
            fee_basis_points integer NOT NULL CHECK (fee_basis_points BETWEEN 0 AND 10000),
            fee_minor bigint NOT NULL DEFAULT 0 CHECK (fee_minor >= 0),
            released_minor bigint NOT NULL DEFAULT 0 CHECK (released_minor >= 0),
            refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
            status text NOT NULL,
            purpose text NOT NULL,
            reference_id uuid NOT NULL,
            description text NOT NULL DEFAULT '',
            payment_id uuid NOT NULL REFERENCES payments (id),
            hold_reason text NOT NULL DEFAULT '',
            settled_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            CHECK (released_minor + fee_minor + refunded_minor <= amount_minor)
        )
        """
    )
    # One live escrow per paid-for item: a second booking of the same session cannot charge twice.
    op.execute(
        "CREATE UNIQUE INDEX payment_escrows_reference ON payment_escrows (purpose, reference_id) "
        "WHERE status <> 'canceled'"
    )
    op.execute("CREATE INDEX payment_escrows_payer ON payment_escrows (payer_id, created_at DESC, id DESC)")
    op.execute("CREATE INDEX payment_escrows_payee ON payment_escrows (payee_id, created_at DESC, id DESC)")
    op.execute(
        """
        CREATE TABLE payment_refunds (
            id uuid PRIMARY KEY,
            payment_id uuid NOT NULL REFERENCES payments (id),
            escrow_id uuid REFERENCES payment_escrows (id),
            amount_minor bigint NOT NULL CHECK (amount_minor > 0),
            currency char(3) NOT NULL,
            status text NOT NULL,
            reason text NOT NULL,
            note text NOT NULL DEFAULT '',
            requested_by uuid,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX payment_refunds_payment ON payment_refunds (payment_id, created_at)")
    op.execute(
        """
        CREATE TABLE payment_idempotency_keys (
            caller_id uuid NOT NULL,
            operation text NOT NULL,
            key text NOT NULL,
            request_hash text NOT NULL,
            response jsonb,
            created_at timestamptz NOT NULL DEFAULT now(),
            expires_at timestamptz NOT NULL,
            PRIMARY KEY (caller_id, operation, key)
        )
        """
    )
    op.execute("CREATE INDEX payment_idempotency_keys_expiry ON payment_idempotency_keys (expires_at)")
    op.execute(
        """
        CREATE TABLE payment_payout_accounts (
            id uuid PRIMARY KEY,
            user_id uuid NOT NULL UNIQUE,
            status text NOT NULL,
            country_code char(2) NOT NULL,
            default_currency char(3) NOT NULL,
            bank_account_summary text NOT NULL DEFAULT '',
            bank_account_number text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        """
        CREATE TABLE payment_payouts (
            id uuid PRIMARY KEY,
            user_id uuid NOT NULL,
            amount_minor bigint NOT NULL CHECK (amount_minor > 0),
            currency char(3) NOT NULL,
            status text NOT NULL,
            bank_account_summary text NOT NULL DEFAULT '',
            arrival_at timestamptz,
            failure_code text NOT NULL DEFAULT '',
            failure_message text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX payment_payouts_user ON payment_payouts (user_id, created_at DESC, id DESC)")
    op.execute(
        """
        CREATE TABLE payment_plans (
            id uuid PRIMARY KEY,
            tier text NOT NULL,
            name text NOT NULL,
            description text NOT NULL DEFAULT '',
            price_minor bigint NOT NULL CHECK (price_minor > 0),
            currency char(3) NOT NULL,
            billing_interval text NOT NULL,
            trial_days integer NOT NULL DEFAULT 0,
            features text[] NOT NULL DEFAULT '{}',
            fee_basis_points integer NOT NULL CHECK (fee_basis_points BETWEEN 0 AND 10000),
            active boolean NOT NULL DEFAULT true,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        """
        INSERT INTO payment_plans (id, tier, name, description, price_minor, currency, billing_interval,
                                   features, fee_basis_points) VALUES
        ('6d1f2a52-0a1e-4b8e-9a43-1f0c6f6a0001', 'pro', 'Pro monthly', 'Lower fees and more sessions.',
         999, 'USD', 'month', ARRAY['10% platform fee instead of 15%', 'Unlimited session requests'], 1000),
        ('6d1f2a52-0a1e-4b8e-9a43-1f0c6f6a0002', 'premium', 'Premium monthly',
         'Everything in Pro, featured placement and the lowest fees.', 2499, 'USD', 'month',
         ARRAY['5% platform fee', 'Featured placement', 'Priority support'], 500),
        ('6d1f2a52-0a1e-4b8e-9a43-1f0c6f6a0003', 'pro', 'Pro monthly', 'Lower fees and more sessions.',
         999, 'EUR', 'month', ARRAY['10% platform fee instead of 15%', 'Unlimited session requests'], 1000),
        ('6d1f2a52-0a1e-4b8e-9a43-1f0c6f6a0004', 'premium', 'Premium monthly',
         'Everything in Pro, featured placement and the lowest fees.', 2499, 'EUR', 'month',
         ARRAY['5% platform fee', 'Featured placement', 'Priority support'], 500)
        """
    )
    op.execute(
        """
        CREATE TABLE payment_subscriptions (
            id uuid PRIMARY KEY,
            user_id uuid NOT NULL,
            plan_id uuid NOT NULL REFERENCES payment_plans (id),
            status text NOT NULL,
            current_period_start timestamptz,
            current_period_end timestamptz,
            cancel_at_period_end boolean NOT NULL DEFAULT false,
            canceled_at timestamptz,
            payment_id uuid REFERENCES payments (id),
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    # One subscription that is not CANCELED per member.
    op.execute(
        "CREATE UNIQUE INDEX payment_subscriptions_live ON payment_subscriptions (user_id) WHERE status <> 'canceled'"
    )
    op.execute("CREATE INDEX payment_subscriptions_payment ON payment_subscriptions (payment_id)")


def downgrade() -> None:
    for table in (
        "payment_subscriptions",
        "payment_plans",
        "payment_payouts",
        "payment_payout_accounts",
        "payment_idempotency_keys",
        "payment_refunds",
        "payment_escrows",
        "payments",
        "payment_ledger_entries",
        "payment_ledger_transactions",
        "payment_ledger_accounts",
    ):
        op.execute(f"DROP TABLE {table}")
    op.execute("DROP FUNCTION payment_ledger_append_only()")
    op.execute("DROP FUNCTION payment_ledger_entry_balanced()")
