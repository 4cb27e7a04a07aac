"""AIService (issue 15): assistant conversations and turns held by the server, per-member daily usage
counters (budgets shared by every replica) and the answer cache shared by every replica.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


STATEMENTS = (
    """
    CREATE TABLE ai_conversations (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        title text NOT NULL,
        turn_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX ix_ai_conversations_user ON ai_conversations (user_id, updated_at DESC, id DESC)",
    "CREATE INDEX ix_ai_conversations_updated ON ai_conversations (updated_at)",
    """
    CREATE TABLE ai_turns (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        conversation_id uuid NOT NULL REFERENCES ai_conversations (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('user', 'assistant')),
        text text NOT NULL,
        referenced_skill_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX ix_ai_turns_conversation ON ai_turns (conversation_id, id)",
    """
    CREATE TABLE ai_usage (
        user_id uuid NOT NULL,
        day date NOT NULL,
        rpc_class text NOT NULL,
        requests integer NOT NULL DEFAULT 0,
        tokens bigint NOT NULL DEFAULT 0,
        cost_micros bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, day, rpc_class)
    )
    """,
    "CREATE INDEX ix_ai_usage_day ON ai_usage (day)",
    """
    CREATE TABLE ai_answer_cache (
        digest text PRIMARY KEY,
        rpc text NOT NULL,
        model text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX ix_ai_answer_cache_expires ON ai_answer_cache (expires_at)",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for table in ("ai_answer_cache", "ai_usage", "ai_turns", "ai_conversations"):
        op.execute(f"DROP TABLE {table}")
