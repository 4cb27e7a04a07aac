"""Users: blocks between members and the accepts_skill_swap flag (discovery prerequisites, issue 11).

- `user_blocks(blocker_id, blocked_id, created_at)`: one row per block, owned by the user domain. The
  primary key serves "whom did I block" (and ListBlockedUsers' newest-first keyset through
  `ix_user_blocks_blocker_time`); `ix_user_blocks_blocked` serves "who blocked me", so
  UserDirectory.blocked_either_way is two index scans.
- `user_profiles.accepts_skill_swap` (default false), settable through UpdateUser.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "user_profiles",
        sa.Column("accepts_skill_swap", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.create_table(
        "user_blocks",
        sa.Column("blocker_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("blocked_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("blocker_id", "blocked_id", name="pk_user_blocks"),
        sa.CheckConstraint("blocker_id <> blocked_id", name="ck_user_blocks_not_self"),
    )
    op.execute("CREATE INDEX ix_user_blocks_blocker_time ON user_blocks (blocker_id, created_at DESC, blocked_id DESC)")
    op.create_index("ix_user_blocks_blocked", "user_blocks", ["blocked_id", "blocker_id"])


def downgrade() -> None:
    op.drop_table("user_blocks")
    op.drop_column("user_profiles", "accepts_skill_swap")
