"""Users: profiles (with their ListUsers read model), availability, notification preferences, stats,
avatar uploads and the user audit log.

ListUsers design (see internal/user/repository.py and docs/users.md):
- Everything ListUsers filters on lives on `user_profiles`, so one indexed table answers it:
  `skill_keys` ('<kind>:<skill_id>:<level>' for every level up to the held one, written by the skill
  domain through UserService.replace_skill_keys) and `language_keys` (each tag plus its primary language)
  are GIN-indexed arrays; keyset orders have btree indexes over live rows.
- Availability is stored twice: as the user entered it (`user_availability`, local times) and in a form SQL
  can filter: `weekly_utc` (int4multirange of minutes since Monday 00:00 UTC, 0..10080, converted with the
  time zone's offset at write time), `exception_days` (the local dates of exceptions as UTC ranges) and
  `exception_spans` (their available spans in UTC). `user_available_spans()` combines them for a window.
- `embedding` is vector(768) (SKILLSPHERE_EMBEDDING_DIMENSION's default; the app refuses to start on a
  mismatch) with an HNSW cosine index, filled by the `user.embed` job.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

EMBEDDING_DIMENSION = 768


def _now() -> sa.TextClause:
    return sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "user_profiles",
        # The account id is the user id.
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("headline", sa.Text(), server_default="", nullable=False),
        sa.Column("bio", sa.Text(), server_default="", nullable=False),
        sa.Column("language_codes", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("language_keys", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("time_zone", sa.Text(), server_default="", nullable=False),
        sa.Column("country_code", sa.Text(), server_default="", nullable=False),
        sa.Column("city", sa.Text(), server_default="", nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("links", postgresql.JSONB(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("is_mentor", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("hourly_rate_minor", sa.BigInteger(), nullable=True),
        sa.Column("hourly_rate_currency", sa.Text(), nullable=True),
        sa.Column("visibility", sa.Text(), server_default="public", nullable=False),
        sa.Column("verified", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        # {"upload_id", "original_key", "thumbnails": {"64": key, ...}} of the current avatar.
        sa.Column("avatar", postgresql.JSONB(), nullable=True),
        sa.Column("avatar_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("average_rating", sa.Float(), server_default="0", nullable=False),
        sa.Column("rating_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("skill_keys", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        # Names of the user's skills, for the free-text match (written by the user.embed job).
        sa.Column("skill_text", sa.Text(), server_default="", nullable=False),
        sa.Column("weekly_utc", postgresql.INT4MULTIRANGE(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("exception_days", postgresql.TSTZMULTIRANGE(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("exception_spans", postgresql.TSTZMULTIRANGE(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("search_vector", postgresql.TSVECTOR(), server_default=sa.text("''::tsvector"), nullable=False),
        sa.Column("embedding_model", sa.Text(), nullable=True),
        sa.Column("embedding_source_hash", sa.Text(), nullable=True),
        sa.Column("embedded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_user_profiles"),
        sa.ForeignKeyConstraint(["id"], ["accounts.id"], name="fk_user_profiles_id_accounts", ondelete="CASCADE"),
        sa.CheckConstraint("visibility IN ('public', 'members', 'private')", name="ck_user_profiles_visibility"),
        sa.CheckConstraint("char_length(display_name) <= 80", name="ck_user_profiles_display_name_length"),
        sa.CheckConstraint("char_length(bio) <= 2000", name="ck_user_profiles_bio_length"),
        sa.CheckConstraint(
            "(hourly_rate_minor IS NULL) = (hourly_rate_currency IS NULL)", name="ck_user_profiles_hourly_rate"
        ),
        sa.CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="ck_user_profiles_location"),
    )
    op.execute(f"ALTER TABLE user_profiles ADD COLUMN embedding vector({EMBEDDING_DIMENSION})")
    live = sa.text("deleted_at IS NULL")
    # Keyset orders of ListUsers over live profiles.
    op.create_index(
        "ix_user_profiles_live_by_recency",
        "user_profiles",
        [sa.text("created_at DESC"), sa.text("id DESC")],
        postgresql_where=live,
    )
    op.create_index(
        "ix_user_profiles_live_by_rating",
        "user_profiles",
        [sa.text("average_rating DESC"), sa.text("rating_count DESC"), sa.text("id DESC")],
        postgresql_where=live,
    )
    op.create_index(
        "ix_user_profiles_skill_keys", "user_profiles", ["skill_keys"], postgresql_using="gin", postgresql_where=live
    )
    op.create_index(
        "ix_user_profiles_language_keys",
        "user_profiles",
        ["language_keys"],
        postgresql_using="gin",
        postgresql_where=live,
    )
    op.create_index("ix_user_profiles_country_code", "user_profiles", ["country_code"], postgresql_where=live)
    op.create_index("ix_user_profiles_time_zone", "user_profiles", ["time_zone"], postgresql_where=live)
    op.create_index(
        "ix_user_profiles_weekly_utc", "user_profiles", ["weekly_utc"], postgresql_using="gist", postgresql_where=live
    )
    op.create_index(
        "ix_user_profiles_exception_spans",
        "user_profiles",
        ["exception_spans"],
        postgresql_using="gist",
        postgresql_where=live,
    )
    op.create_index(
        "ix_user_profiles_search_vector",
        "user_profiles",
        ["search_vector"],
        postgresql_using="gin",
        postgresql_where=live,
    )
    op.execute(
        "CREATE INDEX ix_user_profiles_display_name_trgm ON user_profiles "
        "USING gin (lower(display_name) gin_trgm_ops) WHERE deleted_at IS NULL"
    )
    op.execute(
        "CREATE INDEX ix_user_profiles_embedding ON user_profiles USING hnsw (embedding vector_cosine_ops) "
        "WHERE embedding IS NOT NULL AND deleted_at IS NULL"
    )
    op.execute(
        """
        CREATE FUNCTION user_profiles_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector :=
                setweight(to_tsvector('simple', NEW.display_name), 'A')
                || setweight(to_tsvector('english', NEW.headline), 'B')
                || setweight(to_tsvector('english', NEW.skill_text), 'B')
                || setweight(to_tsvector('english', NEW.bio), 'C');
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER user_profiles_search_vector BEFORE INSERT OR UPDATE OF display_name, headline, bio, skill_text
        ON user_profiles FOR EACH ROW EXECUTE FUNCTION user_profiles_search_vector()
        """
    )
    # The spans (UTC) in [window_start, window_end) a user is available in: the weekly slots repeated over
    # every week the window touches, minus the exception dates, plus the exceptions' own spans.
    op.execute(
        """
        CREATE FUNCTION user_available_spans(
            weekly int4multirange,
            exception_days tstzmultirange,
            exception_spans tstzmultirange,
            window_start timestamptz,
            window_end timestamptz
        ) RETURNS tstzmultirange
        LANGUAGE sql STABLE PARALLEL SAFE
        RETURN (
            (
                SELECT coalesce(
                    range_agg(tstzrange(w + make_interval(mins => lower(r)), w + make_interval(mins => upper(r)))),
                    '{}'::tstzmultirange
                )
                FROM generate_series(
                    date_trunc('week', window_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                    window_end,
                    interval '7 days'
                ) AS w,
                unnest(weekly) AS r
            ) - exception_days + exception_spans
        ) * tstzmultirange(tstzrange(window_start, window_end))
        """
    )

    op.create_table(
        "user_availability",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        # [{"day": 1..7, "start": minute, "end": minute}] in the user's time zone (end 1440 = midnight).
        sa.Column("weekly_slots", postgresql.JSONB(), server_default=sa.text("'[]'"), nullable=False),
        # [{"date": "YYYY-MM-DD", "slots": [{"start": minute, "end": minute}]}], ordered by date.
        sa.Column("exceptions", postgresql.JSONB(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_user_availability"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_profiles.id"], name="fk_user_availability_user_id_user_profiles", ondelete="CASCADE"
        ),
    )

    op.create_table(
        "user_notification_preferences",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        # {"<event>:<channel>": bool} for pairs that differ from their default.
        sa.Column("overrides", postgresql.JSONB(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("quiet_start_minute", sa.SmallInteger(), nullable=True),
        sa.Column("quiet_end_minute", sa.SmallInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_user_notification_preferences"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_profiles.id"],
            name="fk_user_notification_preferences_user_id_user_profiles",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "(quiet_start_minute IS NULL) = (quiet_end_minute IS NULL)",
            name="ck_user_notification_preferences_quiet_hours",
        ),
    )

    op.create_table(
        "user_stats",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("sessions_taught_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("sessions_learned_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("teaching_minutes", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("learning_minutes", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("average_rating", sa.Float(), server_default="0", nullable=False),
        sa.Column("rating_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("response_rate", sa.Float(), server_default="0", nullable=False),
        sa.Column("no_show_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_user_stats"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_profiles.id"], name="fk_user_stats_user_id_user_profiles", ondelete="CASCADE"
        ),
    )

    op.create_table(
        "user_avatar_uploads",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("object_key", sa.Text(), nullable=False),
        sa.Column("content_type", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finalized_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_user_avatar_uploads"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_profiles.id"], name="fk_user_avatar_uploads_user_id_user_profiles", ondelete="CASCADE"
        ),
    )
    # The 20-per-hour limit counts a user's recent uploads.
    op.create_index("ix_user_avatar_uploads_user_created", "user_avatar_uploads", ["user_id", "created_at"])

    op.create_table(
        "user_audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("details", postgresql.JSONB(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_user_audit_log"),
    )
    op.create_index("ix_user_audit_log_user_created", "user_audit_log", ["user_id", "created_at"])


def downgrade() -> None:
    op.drop_table("user_audit_log")
    op.drop_table("user_avatar_uploads")
    op.drop_table("user_stats")
    op.drop_table("user_notification_preferences")
    op.drop_table("user_availability")
    op.drop_table("user_profiles")
    op.execute(
        "DROP FUNCTION user_available_spans(int4multirange, tstzmultirange, tstzmultirange, timestamptz, timestamptz)"
    )
    op.execute("DROP FUNCTION user_profiles_search_vector()")
