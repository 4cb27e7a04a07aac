"""Chat: a partial index for the purge of attachment reservations never sent (chat.purge_unsent_attachments),
and image attachments' thumbnail and size (the chat.thumbnail job).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE chat_attachments ADD COLUMN thumbnail_key text, "
        "ADD COLUMN width integer NOT NULL DEFAULT 0, ADD COLUMN height integer NOT NULL DEFAULT 0"
    )
    op.execute(
        "CREATE INDEX ix_chat_attachments_pending_created_at ON chat_attachments (created_at) WHERE status = 'pending'"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_chat_attachments_pending_created_at")
    op.execute("ALTER TABLE chat_attachments DROP COLUMN thumbnail_key, DROP COLUMN width, DROP COLUMN height")
