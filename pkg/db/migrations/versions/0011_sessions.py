"""Sessions: the sessions themselves, the time each holds per participant, ratings, reports, idempotency
keys of CreateSession and teachers' booking settings.

No double booking is a database rule, not a check in code: `session_holds` has one row per participant
(and per kind: the agreed time, and a proposed reschedule) with the time as a `tstzrange`, and an exclusion
constraint (btree_gist) refuses two overlapping ranges for one user, whichever role they have in each
session. A session holds its time while REQUESTED, CONFIRMED or IN_PROGRESS; leaving those states deletes
its holds in the same transaction. Two concurrent bookings of one slot on any number of server processes:
the second insert waits for the first transaction and fails with exclusion_violation when it commits.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-03
"""

from alembic import op

revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute(
        """
        CREATE TABLE sessions (
            id uuid PRIMARY KEY,
            title text NOT NULL,
            description text NOT NULL DEFAULT '',
            skill_id uuid NOT NULL,
            teacher_id uuid NOT NULL,
            learner_id uuid NOT NULL,
            requested_by uuid NOT NULL,
            awaiting_user_id uuid,
            status text NOT NULL,
            scheduled_start timestamptz NOT NULL,
            duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 480),
            time_zone text NOT NULL,
            mode text NOT NULL,
            location text NOT NULL DEFAULT '',
            meeting_url text NOT NULL DEFAULT '',
            price_minor bigint,
            price_currency text,
            escrow_id text,
            started_at timestamptz,
            completed_at timestamptz,
            cancelled_at timestamptz,
            cancelled_by uuid,
            cancellation_reason text,
            cancellation_note text NOT NULL DEFAULT '',
            version integer NOT NULL DEFAULT 1,
            calendar_sequence integer NOT NULL DEFAULT 0,
            proposed_start timestamptz,
            proposed_duration_minutes integer,
            proposed_by uuid,
            proposed_note text NOT NULL DEFAULT '',
            proposed_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            CHECK (teacher_id <> learner_id)
        )
        """
    )
    # A member's sessions, latest first, in either role (ListUserSessions, GetUpcomingSessions).
    op.execute("CREATE INDEX sessions_teacher_start ON sessions (teacher_id, scheduled_start DESC, id DESC)")
    op.execute("CREATE INDEX sessions_learner_start ON sessions (learner_id, scheduled_start DESC, id DESC)")
    op.execute(
        """
        CREATE TABLE session_holds (
            session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            user_id uuid NOT NULL,
            kind text NOT NULL CHECK (kind IN ('booked', 'proposed')),
            during tstzrange NOT NULL,
            PRIMARY KEY (session_id, user_id, kind),
            -- A session never conflicts with itself: a proposed time may overlap the agreed one.
            CONSTRAINT session_holds_no_overlap EXCLUDE USING gist (user_id WITH =, during WITH &&, session_id WITH <>)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE session_ratings (
            id uuid PRIMARY KEY,
            session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            rater_id uuid NOT NULL,
            rated_id uuid NOT NULL,
            rated_role text NOT NULL,
            rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
            comment text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (session_id, rater_id)
        )
        """
    )
    op.execute("CREATE INDEX session_ratings_rated ON session_ratings (rated_id, created_at DESC, id DESC)")
    op.execute(
        """
        CREATE TABLE session_reports (
            id uuid PRIMARY KEY,
            session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            reporter_id uuid NOT NULL,
            reason text NOT NULL,
            details text NOT NULL DEFAULT '',
            status text NOT NULL DEFAULT 'open',
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        "CREATE UNIQUE INDEX session_reports_one_open ON session_reports (session_id, reporter_id) "
        "WHERE status IN ('open', 'under_review')"
    )
    op.execute(
        """
        CREATE TABLE session_idempotency_keys (
            caller_id uuid NOT NULL,
            key text NOT NULL,
            session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (caller_id, key)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE session_booking_settings (
            user_id uuid PRIMARY KEY,
            buffer_before_minutes integer,
            buffer_after_minutes integer,
            minimum_notice_minutes integer,
            booking_horizon_days integer,
            daily_limit integer,
            slot_interval_minutes integer,
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )


def downgrade() -> None:
    for table in (
        "session_booking_settings",
        "session_idempotency_keys",
        "session_reports",
        "session_ratings",
        "session_holds",
        "sessions",
    ):
        op.execute(f"DROP TABLE IF EXISTS {table}")
