"""Skills: category tree, catalog skills with names/aliases, user skills, search events and trending rankings.

Search design (see internal/skill/repository.py):
- `skill_names` holds one row per name or alias of every live skill (not deleted, not rejected), kept by a
  trigger on `skills`. Its unique index on `name_key` enforces "a name or alias is unique
  case-insensitively among live skills" for every writer, and serves prefix matches (`text_pattern_ops`).
  A GIN trigram index on the same column serves typo-tolerant matching (`%`, `<%`).
- `skills.search_vector` (weighted tsvector of name, aliases, tags and description) is kept by a trigger
  and GIN-indexed for full-text ranking.
- `skills.embedding` is `vector(768)` (SKILLSPHERE_EMBEDDING_DIMENSION's default; the app refuses to start
  on a mismatch) with an HNSW cosine index, filled by the `skill.embed` job.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

EMBEDDING_DIMENSION = 768


def _now() -> sa.TextClause:
    return sa.text("now()")


def upgrade() -> None:
    # The key two names are compared by: trimmed, inner whitespace collapsed, lower-cased.
    op.execute(
        """
        CREATE FUNCTION skill_name_key(name text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN lower(regexp_replace(btrim(name), '\\s+', ' ', 'g'))
        """
    )

    op.create_table(
        "skill_categories",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        # Root first, parent last; kept in step with parent_id by whoever writes categories (migrations).
        sa.Column("ancestor_ids", postgresql.ARRAY(sa.Uuid()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("display_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_skill_categories"),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["skill_categories.id"], name="fk_skill_categories_parent_id_skill_categories"
        ),
        sa.UniqueConstraint("slug", name="uq_skill_categories_slug"),
        sa.CheckConstraint(
            "(parent_id IS NULL) = (cardinality(ancestor_ids) = 0)", name="ck_skill_categories_ancestors"
        ),
    )
    op.create_index("ix_skill_categories_parent_id", "skill_categories", ["parent_id"])

    op.create_table(
        "skills",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("tags", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("aliases", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("status", sa.Text(), server_default="approved", nullable=False),
        sa.Column("proposer_user_id", sa.Uuid(), nullable=True),
        sa.Column("justification", sa.Text(), server_default="", nullable=False),
        sa.Column("review_note", sa.Text(), server_default="", nullable=False),
        sa.Column("duplicate_of_skill_id", sa.Uuid(), nullable=True),
        sa.Column("reviewed_by", sa.Uuid(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        # Refreshed by the skill.refresh_trending job (minutes), not on every AddUserSkill: no hot rows.
        sa.Column("offered_user_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("wanted_user_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("embedding_model", sa.Text(), nullable=True),
        sa.Column("embedding_source_hash", sa.Text(), nullable=True),
        sa.Column("embedded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("search_vector", postgresql.TSVECTOR(), server_default=sa.text("''::tsvector"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_skills"),
        sa.ForeignKeyConstraint(
            ["category_id"], ["skill_categories.id"], name="fk_skills_category_id_skill_categories"
        ),
        sa.ForeignKeyConstraint(
            ["proposer_user_id"], ["accounts.id"], name="fk_skills_proposer_user_id_accounts", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_skill_id"], ["skills.id"], name="fk_skills_duplicate_of_skill_id_skills", ondelete="SET NULL"
        ),
        sa.UniqueConstraint("slug", name="uq_skills_slug"),
        sa.CheckConstraint("status IN ('proposed', 'approved', 'rejected')", name="ck_skills_status"),
        sa.CheckConstraint("char_length(btrim(name)) BETWEEN 1 AND 80", name="ck_skills_name_length"),
        sa.CheckConstraint("char_length(description) <= 2000", name="ck_skills_description_length"),
        sa.CheckConstraint("cardinality(tags) <= 20", name="ck_skills_tag_count"),
        sa.CheckConstraint("cardinality(aliases) <= 30", name="ck_skills_alias_count"),
    )
    op.execute(f"ALTER TABLE skills ADD COLUMN embedding vector({EMBEDDING_DIMENSION})")
    op.create_index("ix_skills_category_id", "skills", ["category_id"])
    op.create_index("ix_skills_proposer_created", "skills", ["proposer_user_id", "created_at"])
    # ListSkills orders, each within one status among live skills (keyset pagination walks these).
    op.create_index(
        "ix_skills_live_by_name",
        "skills",
        ["status", sa.text("lower(name)"), "id"],
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(
        "ix_skills_live_by_recency",
        "skills",
        ["status", sa.text("created_at DESC"), sa.text("id DESC")],
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(
        "ix_skills_live_by_popularity",
        "skills",
        ["status", sa.text("(offered_user_count + wanted_user_count) DESC"), "id"],
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index("ix_skills_tags", "skills", ["tags"], postgresql_using="gin")
    op.create_index("ix_skills_search_vector", "skills", ["search_vector"], postgresql_using="gin")
    op.execute(
        "CREATE INDEX ix_skills_embedding ON skills USING hnsw (embedding vector_cosine_ops) "
        "WHERE embedding IS NOT NULL AND deleted_at IS NULL AND status = 'approved'"
    )

    op.create_table(
        "skill_names",
        sa.Column("skill_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("skill_id", "name_key", name="pk_skill_names"),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name="fk_skill_names_skill_id_skills", ondelete="CASCADE"),
    )
    # Unique among live skills (only they have rows); text_pattern_ops also serves `name_key LIKE 'pre%'`.
    op.execute("CREATE UNIQUE INDEX uq_skill_names_name_key ON skill_names (name_key text_pattern_ops)")
    op.execute("CREATE INDEX ix_skill_names_name_key_trgm ON skill_names USING gin (name_key gin_trgm_ops)")

    op.execute(
        """
        CREATE FUNCTION skills_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector :=
                setweight(to_tsvector('english', NEW.name), 'A')
                || setweight(to_tsvector('english', array_to_string(NEW.aliases, ' ')), 'A')
                || setweight(to_tsvector('english', array_to_string(NEW.tags, ' ')), 'B')
                || setweight(to_tsvector('english', NEW.description), 'C');
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER skills_search_vector BEFORE INSERT OR UPDATE OF name, aliases, tags, description
        ON skills FOR EACH ROW EXECUTE FUNCTION skills_search_vector()
        """
    )
    # A live skill owns its name and aliases in skill_names; a deleted or rejected one frees them.
    op.execute(
        """
        CREATE FUNCTION skills_sync_names() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM skill_names WHERE skill_id = NEW.id;
            IF NEW.deleted_at IS NULL AND NEW.status <> 'rejected' THEN
                INSERT INTO skill_names (skill_id, name, name_key, is_primary)
                SELECT DISTINCT ON (skill_name_key(n.name)) NEW.id, btrim(n.name), skill_name_key(n.name), n.is_primary
                FROM (
                    SELECT NEW.name AS name, true AS is_primary, 0::bigint AS position
                    UNION ALL
                    SELECT alias, false, position FROM unnest(NEW.aliases) WITH ORDINALITY AS a(alias, position)
                ) AS n
                WHERE btrim(n.name) <> ''
                ORDER BY skill_name_key(n.name), n.is_primary DESC, n.position;
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER skills_sync_names AFTER INSERT OR UPDATE OF name, aliases, status, deleted_at
        ON skills FOR EACH ROW EXECUTE FUNCTION skills_sync_names()
        """
    )

    op.create_table(
        "user_skills",
        sa.Column("id", sa.Uuid(), nullable=False),
        # The account id is the user id (profiles share it).
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("skill_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("proficiency", sa.SmallInteger(), nullable=False),
        sa.Column("years_of_experience", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_user_skills"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["accounts.id"], name="fk_user_skills_user_id_accounts", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name="fk_user_skills_skill_id_skills"),
        sa.UniqueConstraint("user_id", "skill_id", "kind", name="uq_user_skills_user_id_skill_id_kind"),
        sa.CheckConstraint("kind IN ('offered', 'wanted')", name="ck_user_skills_kind"),
        sa.CheckConstraint("proficiency BETWEEN 1 AND 5", name="ck_user_skills_proficiency"),
        sa.CheckConstraint("years_of_experience BETWEEN 0 AND 70", name="ck_user_skills_years"),
        sa.CheckConstraint("char_length(description) <= 500", name="ck_user_skills_description_length"),
    )
    # Who holds a skill (with kind and minimum proficiency): counts, co-occurrence, user filters.
    op.create_index(
        "ix_user_skills_skill_kind_proficiency", "user_skills", ["skill_id", "kind", "proficiency", "user_id"]
    )
    # Trending: user skills added within a window.
    op.create_index("ix_user_skills_created_at", "user_skills", ["created_at", "skill_id"])

    op.create_table(
        "skill_search_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("skill_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_skill_search_events"),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name="fk_skill_search_events_skill_id_skills", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_skill_search_events_created_at", "skill_search_events", ["created_at", "skill_id"])

    op.create_table(
        "skill_trending_runs",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("window", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_skill_trending_runs"),
        sa.CheckConstraint("\"window\" IN ('day', 'week', 'month')", name="ck_skill_trending_runs_window"),
    )
    op.create_index("ix_skill_trending_runs_window_computed", "skill_trending_runs", ["window", "computed_at"])

    op.create_table(
        "skill_trending_entries",
        sa.Column("run_id", sa.BigInteger(), nullable=False),
        sa.Column("skill_id", sa.Uuid(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("new_user_skill_count", sa.Integer(), nullable=False),
        sa.Column("search_count", sa.Integer(), nullable=False),
        sa.Column("session_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "skill_id", name="pk_skill_trending_entries"),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["skill_trending_runs.id"],
            name="fk_skill_trending_entries_run_id_skill_trending_runs",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name="fk_skill_trending_entries_skill_id_skills", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_skill_trending_entries_run_rank", "skill_trending_entries", ["run_id", "rank"])


def downgrade() -> None:
    op.drop_table("skill_trending_entries")
    op.drop_table("skill_trending_runs")
    op.drop_table("skill_search_events")
    op.drop_table("user_skills")
    op.drop_table("skill_names")
    op.drop_table("skills")
    op.execute("DROP FUNCTION skills_sync_names()")
    op.execute("DROP FUNCTION skills_search_vector()")
    op.drop_table("skill_categories")
    op.execute("DROP FUNCTION skill_name_key(text)")
