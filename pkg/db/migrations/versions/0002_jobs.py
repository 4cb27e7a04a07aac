"""Background jobs: the jobs table (outbox + queue) and the schedule of periodic jobs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("payload", postgresql.JSONB(), server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.Column("status", sa.Text(), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        # NULL: the worker's configured default (SKILLSPHERE_JOBS_MAX_ATTEMPTS) applies.
        sa.Column("max_attempts", sa.Integer(), nullable=True),
        sa.Column("run_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_by", sa.Text(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("dedupe_key", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
        sa.CheckConstraint("status IN ('pending', 'running', 'done', 'dead')", name="ck_jobs_status"),
        sa.CheckConstraint("max_attempts >= 1", name="ck_jobs_max_attempts_positive"),
        sa.CheckConstraint("attempts >= 0", name="ck_jobs_attempts_not_negative"),
    )
    # Workers claim the oldest due pending job; the partial index stays small however many jobs are done.
    op.create_index("ix_jobs_due", "jobs", ["run_at"], postgresql_where=sa.text("status = 'pending'"))
    # Leases of crashed workers are found by expiry.
    op.create_index("ix_jobs_lease", "jobs", ["locked_until"], postgresql_where=sa.text("status = 'running'"))
    # Finished jobs are purged by age; dead ones are kept for inspection and counted for the queue gauge.
    op.create_index("ix_jobs_finished", "jobs", ["finished_at"], postgresql_where=sa.text("status = 'done'"))
    op.create_index("ix_jobs_dead", "jobs", ["kind"], postgresql_where=sa.text("status = 'dead'"))
    # enqueue(..., dedupe_key=) is idempotent while a job with that key has not finished.
    op.create_index(
        "uq_jobs_dedupe_key",
        "jobs",
        ["dedupe_key"],
        unique=True,
        postgresql_where=sa.text("dedupe_key IS NOT NULL AND status IN ('pending', 'running')"),
    )

    op.create_table(
        "job_schedules",
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("every", sa.Interval(), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name="pk_job_schedules"),
        sa.CheckConstraint("every > interval '0'", name="ck_job_schedules_every_positive"),
    )


def downgrade() -> None:
    op.drop_table("job_schedules")
    op.drop_index("uq_jobs_dedupe_key", table_name="jobs")
    op.drop_index("ix_jobs_dead", table_name="jobs")
    op.drop_index("ix_jobs_finished", table_name="jobs")
    op.drop_index("ix_jobs_lease", table_name="jobs")
    op.drop_index("ix_jobs_due", table_name="jobs")
    op.drop_table("jobs")
