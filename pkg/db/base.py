"""The one declarative base every model maps onto, with predictable constraint names.

Named constraints matter twice: migrations can drop or alter them by name, and repositories recognise
which unique constraint a violation hit (`uq_users_email`) to answer with the right `AlreadyExists`.
"""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Shared declarative base; its metadata carries the naming convention above."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
