"""Alembic environment: migrations run on the connection handed over by pkg.db.migrate."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `skillsphere migrate` (pkg.db.migrate), not the alembic CLI")

context.configure(connection=connection, transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
