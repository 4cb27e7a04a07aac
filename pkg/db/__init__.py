"""Database layer: async engine, unit of work, migrations, embedded PostgreSQL."""

from pkg.db.engine import Database, DatabaseSetupError
from pkg.db.uow import UnitOfWork, UnitOfWorkFactory

__all__ = ["Database", "DatabaseSetupError", "UnitOfWork", "UnitOfWorkFactory"]
