"""Discovery prerequisites (issue 11): blocks between members, accepts_skill_swap, 256-dimension vectors.

- `user_blocks(blocker_id, blocked_id, created_at)`: one row per block, owned by the user domain. The
  primary key serves "whom did I block" (and ListBlockedUsers' newest-first keyset through
  `ix_user_blocks_blocker_time`); `ix_user_blocks_blocked` serves "who blocked me", so
  UserDirectory.blocked_either_way is two index scans.
- `user_profiles.accepts_skill_swap` (default false), settable through UpdateUser.
- `jobs.rerun`: enqueueing a job whose dedupe key belongs to a *running* job now flags that job to run
  once more after it succeeds (pkg/jobs/queue.py). Before, the enqueue was dropped, so a change committed
  while e.g. `user.embed` was running (after it read the profile) was never seen by any run.
- Every pgvector column becomes `vector(256)` (`skills.embedding`, `user_profiles.embedding`): the size of
  the offline WordLlama model and of what the Gemini provider is asked for (SKILLSPHERE_EMBEDDING_DIMENSION's
  new default). Vectors of another size cannot be cast, so the stored ones are cleared with their model,
  source hash and time; the existing backfill jobs (`skill.embed_backfill`, `user.embed_backfill`) pick up
  every row whose `embedded_at` is NULL and re-embed it with the configured provider. The HNSW indexes are
  dropped before and recreated after, with the same partial predicates (building on empty columns is
  instant; rows are indexed as they are re-embedded).

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

EMBEDDING_DIMENSION = 256
PREVIOUS_DIMENSION = 768
# (table, index, partial predicate) of every HNSW index on a vector column, as migrations 0004 and 0006 made them.
VECTOR_INDEXES = (
    ("skills", "ix_skills_embedding", "embedding IS NOT NULL AND deleted_at IS NULL AND status = 'approved'"),
    ("user_profiles", "ix_user_profiles_embedding", "embedding IS NOT NULL AND deleted_at IS NULL"),
)


def _resize_vectors(dimension: int) -> None:
    for table, index, predicate in VECTOR_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {index}")
        op.execute(
            f"UPDATE {table} SET embedding = NULL, embedding_model = NULL, embedding_source_hash = NULL, "  # noqa: S608
            "embedded_at = NULL WHERE embedding IS NOT NULL OR embedded_at IS NOT NULL"
        )
        op.execute(f"ALTER TABLE {table} ALTER COLUMN embedding TYPE vector({dimension}) USING NULL")
        op.execute(f"CREATE INDEX {index} ON {table} USING hnsw (embedding vector_cosine_ops) WHERE {predicate}")


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
    op.add_column("jobs", sa.Column("rerun", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    _resize_vectors(EMBEDDING_DIMENSION)


def downgrade() -> None:
    _resize_vectors(PREVIOUS_DIMENSION)
    op.drop_column("jobs", "rerun")
    op.drop_table("user_blocks")
    op.drop_column("user_profiles", "accepts_skill_swap")
