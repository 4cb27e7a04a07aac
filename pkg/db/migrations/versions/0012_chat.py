"""Chat: conversations, participants, messages, the durable event log, reactions, attachments, reports.

Every durable change to a conversation (a message, an edit, a deletion, a reaction, a read receipt, a
participant change) takes the next value of `chat_conversations.last_seq` (an UPDATE, so the row lock is
held until commit) and writes one `chat_events` row with it. Two writers to one conversation therefore
commit in sequence order, which is what makes the sequence a gap-free resume cursor: a reader that has
seen sequence N has seen everything before it. The NOTIFY sent in the same transaction carries only ids.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE chat_conversations (
            id uuid PRIMARY KEY,
            type text NOT NULL CHECK (type IN ('direct', 'group')),
            title text NOT NULL DEFAULT '',
            owner_id uuid,
            session_id uuid,
            -- "<smaller uuid>:<larger uuid>" for DIRECT conversations: at most one per pair.
            direct_key text CONSTRAINT uq_chat_conversations_direct_key UNIQUE,
            last_seq bigint NOT NULL DEFAULT 0,
            last_message_id uuid,
            created_by uuid NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE chat_participants (
            conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
            user_id uuid NOT NULL,
            role text NOT NULL CHECK (role IN ('member', 'owner')),
            joined_at timestamptz NOT NULL,
            -- The conversation's sequence of the event that added the member: a stream replays from here.
            joined_seq bigint NOT NULL,
            read_seq bigint NOT NULL DEFAULT 0,
            read_message_id uuid,
            read_at timestamptz,
            muted boolean NOT NULL DEFAULT false,
            CONSTRAINT pk_chat_participants PRIMARY KEY (conversation_id, user_id)
        )
        """
    )
    op.execute("CREATE INDEX ix_chat_participants_user_id ON chat_participants (user_id)")
    op.execute(
        """
        CREATE TABLE chat_conversation_requests (
            caller_id uuid NOT NULL,
            idempotency_key text NOT NULL,
            conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
            created boolean NOT NULL,
            request_hash text NOT NULL,
            created_at timestamptz NOT NULL,
            CONSTRAINT pk_chat_conversation_requests PRIMARY KEY (caller_id, idempotency_key)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE chat_messages (
            id uuid PRIMARY KEY,
            conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
            seq bigint NOT NULL,
            sender_id uuid,
            sender_deleted boolean NOT NULL DEFAULT false,
            kind text NOT NULL CHECK (kind IN ('user', 'system')),
            text text NOT NULL DEFAULT '',
            reply_to_id uuid,
            idempotency_key text,
            request_hash text,
            created_at timestamptz NOT NULL,
            edited_at timestamptz,
            deleted_at timestamptz,
            deleted_by uuid,
            updated_at timestamptz NOT NULL,
            search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED,
            CONSTRAINT uq_chat_messages_conversation_id_seq UNIQUE (conversation_id, seq)
        )
        """
    )
    op.execute(
        "CREATE UNIQUE INDEX uq_chat_messages_sender_id_idempotency_key ON chat_messages (sender_id, idempotency_key) "
        "WHERE idempotency_key IS NOT NULL"
    )
    # The flood limit counts a sender's recent messages.
    op.execute("CREATE INDEX ix_chat_messages_sender_id_created_at ON chat_messages (sender_id, created_at)")
    op.execute("CREATE INDEX ix_chat_messages_search_vector ON chat_messages USING gin (search_vector)")
    op.execute("CREATE INDEX ix_chat_messages_text_trgm ON chat_messages USING gin (lower(text) gin_trgm_ops)")
    op.execute(
        """
        CREATE TABLE chat_events (
            conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
            seq bigint NOT NULL,
            kind text NOT NULL,
            message_id uuid,
            actor_id uuid,
            data jsonb NOT NULL DEFAULT '{}'::jsonb,
            created_at timestamptz NOT NULL,
            CONSTRAINT pk_chat_events PRIMARY KEY (conversation_id, seq)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE chat_reactions (
            message_id uuid NOT NULL REFERENCES chat_messages (id) ON DELETE CASCADE,
            user_id uuid NOT NULL,
            emoji text NOT NULL,
            created_at timestamptz NOT NULL,
            CONSTRAINT pk_chat_reactions PRIMARY KEY (message_id, user_id, emoji)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE chat_attachments (
            id uuid PRIMARY KEY,
            conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
            uploader_id uuid NOT NULL,
            message_id uuid REFERENCES chat_messages (id) ON DELETE SET NULL,
            file_name text NOT NULL,
            content_type text NOT NULL,
            size_bytes bigint NOT NULL,
            storage_key text NOT NULL,
            status text NOT NULL CHECK (status IN ('pending', 'sent', 'quarantined', 'removed')),
            created_at timestamptz NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX ix_chat_attachments_uploader_id_created_at ON chat_attachments (uploader_id, created_at)")
    op.execute("CREATE INDEX ix_chat_attachments_message_id ON chat_attachments (message_id)")
    op.execute(
        """
        CREATE TABLE chat_reports (
            id uuid PRIMARY KEY,
            message_id uuid NOT NULL REFERENCES chat_messages (id) ON DELETE CASCADE,
            conversation_id uuid NOT NULL,
            reporter_id uuid NOT NULL,
            reason smallint NOT NULL,
            details text NOT NULL DEFAULT '',
            status smallint NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            CONSTRAINT uq_chat_reports_message_id_reporter_id UNIQUE (message_id, reporter_id)
        )
        """
    )
    op.execute("CREATE INDEX ix_chat_reports_status_created_at ON chat_reports (status, created_at, id)")


def downgrade() -> None:
    for table in (
        "chat_reports",
        "chat_attachments",
        "chat_reactions",
        "chat_events",
        "chat_messages",
        "chat_conversation_requests",
        "chat_participants",
        "chat_conversations",
    ):
        op.execute(f"DROP TABLE IF EXISTS {table}")
