"""The one check that keeps `embedding_dimension` and the database's pgvector columns in agreement."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

# For `vector(n)` columns PostgreSQL keeps n in atttypmod (-1 when the column has no fixed size).
_VECTOR_COLUMNS = text(
    """
    SELECT c.relname AS table_name, a.attname AS column_name, a.atttypmod AS dimension
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE t.typname = 'vector' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      AND n.nspname = current_schema()
    ORDER BY 1, 2
    """
)


class EmbeddingDimensionMismatch(RuntimeError):
    """A pgvector column holds vectors of another length than `embedding_dimension`."""


async def vector_columns(engine: AsyncEngine) -> dict[str, int]:
    """`{"table.column": dimension}` of every fixed-size pgvector column in the current schema."""
    async with engine.connect() as conn:
        rows = (await conn.execute(_VECTOR_COLUMNS)).all()
    return {f"{row.table_name}.{row.column_name}": int(row.dimension) for row in rows if row.dimension > 0}


async def check_vector_columns(engine: AsyncEngine, dimension: int) -> None:
    """Raise `EmbeddingDimensionMismatch` when a vector column's size differs from `dimension`.

    Called at start after migrations: a changed SKILLSPHERE_EMBEDDING_DIMENSION needs a migration that
    alters the columns and a re-embedding of every row, and silently writing vectors of the wrong length
    would fail every insert instead.
    """
    wrong = {name: size for name, size in (await vector_columns(engine)).items() if size != dimension}
    if wrong:
        listed = ", ".join(f"{name} is vector({size})" for name, size in wrong.items())
        raise EmbeddingDimensionMismatch(
            f"SKILLSPHERE_EMBEDDING_DIMENSION is {dimension} but {listed}; change the setting back or add a "
            "migration that alters these columns and re-embeds their rows."
        )
