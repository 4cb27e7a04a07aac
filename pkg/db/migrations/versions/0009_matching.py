"""Matching: the member read model, rankings and history, dismissals, recommendation sets.

- `match_members`: one row per live, non-private member, projected from the user domain's member snapshots
  by the `matching.refresh` job (enqueued by matching's MemberListener whenever a member's profile, skills,
  visibility, status or embedding changes) and the periodic `matching.backfill`. Scoring features as typed
  columns, the UserSummary card as JSON, the profile embedding with an HNSW index (cosine).
  `embedding` has the same dimension as `user_profiles.embedding` (read from the catalog here), so
  `check_vector_columns` holds whichever embedding migration ran before.
- `match_member_skills`: one row per (skill, side, member) with a pre-score (level and rating), the index
  candidate generation walks per skill: `(skill_id, kind, rank_score DESC)`.
- `match_rankings` / `match_history`: each FindMatches ranking once (digest of user, request and result),
  its entries as scored then; pages of a ranking are read back from here.
- `match_dismissals`: (user, candidate) pairs hidden from every result.
- `match_recommendation_sets`: the cached recommendations per member, with the ids they contain (GIN) so a
  change of any recommended member marks the sets that show it stale.

Revision ID: 0009
Revises: 0010
Create Date: 2026-12-03
"""

from alembic import op

revision = "0009"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dimension = (
        op.get_bind()
        .exec_driver_sql(
            "SELECT atttypmod FROM pg_attribute WHERE attrelid = 'user_profiles'::regclass AND attname = 'embedding'"
        )
        .scalar_one()
    )
    op.execute(
        f"""
        CREATE TABLE match_members (
            user_id uuid PRIMARY KEY,
            visibility text NOT NULL,
            card jsonb NOT NULL,
            offered_ids uuid[] NOT NULL DEFAULT '{{}}',
            offered_levels int2[] NOT NULL DEFAULT '{{}}',
            wanted_ids uuid[] NOT NULL DEFAULT '{{}}',
            wanted_levels int2[] NOT NULL DEFAULT '{{}}',
            languages text[] NOT NULL DEFAULT '{{}}',
            utc_offset_minutes int,
            weekly int4multirange NOT NULL DEFAULT '{{}}',
            average_rating float8 NOT NULL DEFAULT 0,
            rating_count int NOT NULL DEFAULT 0,
            is_mentor boolean NOT NULL DEFAULT false,
            verified boolean NOT NULL DEFAULT false,
            accepts_skill_swap boolean NOT NULL DEFAULT false,
            hourly_rate_minor bigint,
            hourly_rate_currency text,
            latitude float8,
            longitude float8,
            embedding vector({dimension}),
            member_since timestamptz NOT NULL,
            source_update_time timestamptz NOT NULL,
            refreshed_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        "CREATE INDEX ix_match_members_embedding ON match_members USING hnsw (embedding vector_cosine_ops) "
        "WHERE embedding IS NOT NULL"
    )
    op.execute("CREATE INDEX ix_match_members_member_since ON match_members (member_since DESC)")
    op.execute(
        """
        CREATE TABLE match_member_skills (
            skill_id uuid NOT NULL,
            kind text NOT NULL CHECK (kind IN ('offered', 'wanted')),
            user_id uuid NOT NULL REFERENCES match_members (user_id) ON DELETE CASCADE,
            level int2 NOT NULL,
            rank_score float4 NOT NULL,
            PRIMARY KEY (skill_id, kind, user_id)
        )
        """
    )
    op.execute(
        "CREATE INDEX ix_match_member_skills_rank ON match_member_skills (skill_id, kind, rank_score DESC, user_id)"
    )
    op.execute("CREATE INDEX ix_match_member_skills_user ON match_member_skills (user_id)")
    op.execute(
        """
        CREATE TABLE match_rankings (
            id uuid PRIMARY KEY,
            user_id uuid NOT NULL,
            digest text NOT NULL,
            algorithm text NOT NULL,
            size int NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX ix_match_rankings_digest ON match_rankings (user_id, digest, created_at DESC)")
    op.execute(
        """
        CREATE TABLE match_history (
            id uuid PRIMARY KEY,
            ranking_id uuid NOT NULL REFERENCES match_rankings (id) ON DELETE CASCADE,
            user_id uuid NOT NULL,
            candidate_id uuid NOT NULL,
            position int NOT NULL,
            score float8 NOT NULL,
            algorithm text NOT NULL,
            breakdown jsonb NOT NULL,
            matched_skills jsonb NOT NULL,
            candidate jsonb NOT NULL,
            created_at timestamptz NOT NULL,
            UNIQUE (ranking_id, position)
        )
        """
    )
    op.execute("CREATE INDEX ix_match_history_user ON match_history (user_id, created_at DESC, ranking_id, position)")
    op.execute("CREATE INDEX ix_match_history_candidate ON match_history (user_id, candidate_id, created_at DESC)")
    op.execute(
        """
        CREATE TABLE match_dismissals (
            user_id uuid NOT NULL,
            candidate_id uuid NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (user_id, candidate_id)
        )
        """
    )
    op.execute("CREATE INDEX ix_match_dismissals_recent ON match_dismissals (user_id, created_at DESC, candidate_id)")
    op.execute(
        """
        CREATE TABLE match_recommendation_sets (
            user_id uuid PRIMARY KEY,
            generation uuid NOT NULL,
            generated_at timestamptz NOT NULL,
            refreshed_at timestamptz,
            stale boolean NOT NULL DEFAULT false,
            candidate_ids uuid[] NOT NULL DEFAULT '{}',
            items jsonb NOT NULL DEFAULT '[]'
        )
        """
    )
    op.execute(
        "CREATE INDEX ix_match_recommendation_sets_candidates ON match_recommendation_sets USING gin (candidate_ids)"
    )


def downgrade() -> None:
    for table in (
        "match_recommendation_sets",
        "match_dismissals",
        "match_history",
        "match_rankings",
        "match_member_skills",
        "match_members",
    ):
        op.execute(f"DROP TABLE IF EXISTS {table}")
