"""Search: the member read model SearchUsers ranks, its change markers, search history, zero-result queries
and featured (pinned) members.

- `search_members`: one row per live member, written only by the `search.refresh` job from the user domain's
  member snapshots (internal/search/repository.py). Weighted text in `search_vector` (name A, taught skills B,
  headline C, bio and wanted skills D), `name_key` with a trigram GIN index (typos) and a text_pattern_ops
  btree (prefix autocomplete), skill and category id arrays (GIN), facets, a coarse location (a grid cell of
  0.1 degree; precise coordinates are never copied here) and the profile embedding for semantic ranking.
- `search_member_changes`: written in the profile writer's transaction by the search MemberListener; the
  refresh job deletes a marker only if it did not change while the job ran, so no change is ever lost to the
  job queue's dedupe key.
- `search_history`: signed-in callers' searches (cap per user and retention enforced by the service and the
  `search.purge_history` job); `search_zero_results`: queries that found nothing, counted per normalised query.
- `search_featured`: members the team features (FeaturedUsers) and pins to the top of matching searches.

The embedding column takes the dimension of `user_profiles.embedding` at migration time (the app checks every
vector column against SKILLSPHERE_EMBEDDING_DIMENSION at start).

Revision ID: 0010
Revises: 0012
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0012"
branch_labels = None
depends_on = None

DEFAULT_DIMENSION = 256


def _embedding_dimension() -> int:
    found = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT atttypmod FROM pg_attribute "
                "WHERE attrelid = to_regclass('user_profiles') AND attname = 'embedding' AND NOT attisdropped"
            )
        )
        .scalar()
    )
    return int(found) if found and int(found) > 0 else DEFAULT_DIMENSION


def upgrade() -> None:
    uuids = postgresql.ARRAY(sa.Uuid())
    texts = postgresql.ARRAY(sa.Text())
    op.create_table(
        "search_members",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("headline", sa.Text(), server_default="", nullable=False),
        sa.Column("search_vector", postgresql.TSVECTOR(), nullable=False),
        sa.Column("visibility", sa.Text(), nullable=False),
        sa.Column("country_code", sa.Text(), server_default="", nullable=False),
        sa.Column("language_keys", texts, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("is_mentor", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("verified", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("accepts_skill_swap", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("average_rating", sa.Float(), server_default="0", nullable=False),
        sa.Column("rating_count", sa.Integer(), server_default="0", nullable=False),
        # Rating prior 0..1 (see internal/search/ranking.py): the candidate order of relevance search.
        sa.Column("quality", sa.Float(), server_default="0", nullable=False),
        sa.Column("hourly_rate_minor", sa.BigInteger(), nullable=True),
        sa.Column("hourly_rate_currency", sa.Text(), nullable=True),
        sa.Column("teaches", uuids, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("learns", uuids, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("teach_categories", uuids, server_default=sa.text("'{}'"), nullable=False),
        # The centre of the member's 0.1-degree grid cell; NULL when they shared no location.
        sa.Column("cell_latitude", sa.Float(), nullable=True),
        sa.Column("cell_longitude", sa.Float(), nullable=True),
        # What a result card shows (UserSummary without visibility-dependent parts), as JSON.
        sa.Column("card", postgresql.JSONB(), nullable=False),
        sa.Column("member_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_search_members"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["accounts.id"], name="fk_search_members_user_id_accounts", ondelete="CASCADE"
        ),
        sa.CheckConstraint("visibility IN ('public', 'members', 'private')", name="ck_search_members_visibility"),
    )
    op.execute(f"ALTER TABLE search_members ADD COLUMN embedding vector({_embedding_dimension()})")
    op.create_index("ix_search_members_search_vector", "search_members", ["search_vector"], postgresql_using="gin")
    op.execute("CREATE INDEX ix_search_members_name_trgm ON search_members USING gin (name_key gin_trgm_ops)")
    op.execute("CREATE INDEX ix_search_members_name_prefix ON search_members (name_key text_pattern_ops)")
    for column in ("teaches", "learns", "teach_categories", "language_keys"):
        op.create_index(f"ix_search_members_{column}", "search_members", [column], postgresql_using="gin")
    op.create_index("ix_search_members_by_quality", "search_members", [sa.text("quality DESC"), sa.text("user_id")])
    op.create_index(
        "ix_search_members_by_rating",
        "search_members",
        [sa.text("average_rating DESC"), sa.text("rating_count DESC"), sa.text("user_id")],
    )
    op.create_index("ix_search_members_by_newest", "search_members", [sa.text("member_since DESC"), sa.text("user_id")])
    op.create_index("ix_search_members_country", "search_members", ["country_code"])
    op.execute(
        "CREATE INDEX ix_search_members_embedding ON search_members USING hnsw (embedding vector_cosine_ops) "
        "WHERE embedding IS NOT NULL"
    )

    op.create_table(
        "search_member_changes",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), server_default="1", nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_search_member_changes"),
    )

    op.create_table(
        "search_history",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("query_key", sa.Text(), nullable=False),
        sa.Column("entity_types", texts, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("result_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_history"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["accounts.id"], name="fk_search_history_user_id_accounts", ondelete="CASCADE"
        ),
    )
    op.create_index(
        "ix_search_history_user_newest", "search_history", ["user_id", sa.text("created_at DESC"), sa.text("id DESC")]
    )
    op.create_index("ix_search_history_created_at", "search_history", ["created_at"])
    # Popular-query suggestions: queries starting with the typed text.
    op.execute("CREATE INDEX ix_search_history_query_key ON search_history (query_key text_pattern_ops, created_at)")

    op.create_table(
        "search_zero_results",
        sa.Column("query_key", sa.Text(), nullable=False),
        sa.Column("entity_types", sa.Text(), nullable=False),
        sa.Column("search_count", sa.BigInteger(), server_default="1", nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("query_key", "entity_types", name="pk_search_zero_results"),
    )

    op.create_table(
        "search_featured",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("blurb", sa.Text(), server_default="", nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("skill_id", sa.Uuid(), nullable=True),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("start_time", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("end_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_featured"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["accounts.id"], name="fk_search_featured_user_id_accounts", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_search_featured_order", "search_featured", ["position", "id"])


def downgrade() -> None:
    op.drop_table("search_featured")
    op.drop_table("search_zero_results")
    op.drop_table("search_history")
    op.drop_table("search_member_changes")
    op.drop_table("search_members")
