"""Each table has one owner, and a domain's SQL names only its own tables.

A domain owns the tables its `models.py` maps (`__tablename__`); infrastructure in `pkg/` owns its own (the
job queue). Another domain's data is reached through that domain's service, never through its tables:
this test reads every string in a domain's code for SQL that names a table another owner holds, and every
migration's new tables for an owner.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A table name where SQL expects one: FROM x, JOIN x, INTO x, UPDATE x, TABLE x, REFERENCES x.
_SQL_TABLE = re.compile(r"\b(?:from|join|into|update|table|references)\s+\"?([a-z_][a-z0-9_]*)\"?", re.IGNORECASE)


def _strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def mapped_tables(models: Path) -> set[str]:
    """The `__tablename__` values a models module declares."""
    found = set()
    for node in ast.walk(ast.parse(models.read_text(), str(models))):
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found.add(node.value.value)
    return found


def table_owners(internal: Path, pkg: Path) -> dict[str, str]:
    """Owner ("auth", "skill", ..., or "pkg") of every mapped table."""
    owners: dict[str, str] = {}
    candidates = [(p.parent.name, p) for p in internal.glob("*/models.py")]
    candidates += [("pkg", p) for p in pkg.glob("*/models.py")]
    for owner, models in candidates:
        for table in mapped_tables(models):
            assert table not in owners, f"table {table} is mapped by both {owners[table]} and {owner}"
            owners[table] = owner
    return owners


def foreign_table_uses(internal: Path, owners: dict[str, str]) -> list[str]:
    """`file:line: table (owner)` for each SQL string in a domain that names a table another owner holds."""
    found: list[tuple[str, int, str]] = []
    for domain in sorted(p for p in internal.iterdir() if p.is_dir() and not p.name.startswith("_")):
        for path in sorted(domain.rglob("*.py")):
            for line, text in _strings(ast.parse(path.read_text(), str(path))):
                for table in _SQL_TABLE.findall(text):
                    owner = owners.get(table.lower())
                    if owner is not None and owner != domain.name:
                        found.append((str(path.relative_to(internal)), line, f"{table} ({owner})"))
    return [f"{file}:{line}: {what}" for file, line, what in sorted(found)]


def created_tables(migrations: Path) -> set[str]:
    """Tables the migrations create (`op.create_table("name", ...)`)."""
    found = set()
    for path in migrations.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) == "create_table"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(str(node.args[0].value))
    return found


def test_no_domain_names_another_owners_tables_in_sql() -> None:
    owners = table_owners(ROOT / "internal", ROOT / "pkg")
    assert foreign_table_uses(ROOT / "internal", owners) == []


def test_every_table_a_migration_creates_has_an_owner() -> None:
    owners = table_owners(ROOT / "internal", ROOT / "pkg")
    assert sorted(created_tables(ROOT / "pkg" / "db" / "migrations" / "versions") - owners.keys()) == []


def test_the_check_catches_sql_on_another_domains_table(tmp_path: Path) -> None:
    internal, pkg = tmp_path / "internal", tmp_path / "pkg"
    for folder in (internal / "auth", internal / "skill", pkg / "jobs"):
        folder.mkdir(parents=True)
    (internal / "auth" / "models.py").write_text('class Account:\n    __tablename__ = "accounts"\n')
    (internal / "skill" / "models.py").write_text('class Skill:\n    __tablename__ = "skills"\n')
    (pkg / "jobs" / "models.py").write_text('class Job:\n    __tablename__ = "jobs"\n')
    (internal / "skill" / "repository.py").write_text(
        'OWN = "SELECT id FROM skills WHERE name = :n"\n'
        'FOREIGN = text("SELECT 1 FROM accounts WHERE id = :id")\n'
        'QUEUE = """\n    INSERT INTO jobs (kind) VALUES (:k)\n"""\n'
        'CONSTRAINT = "fk_user_skills_user_id_accounts"\n'
    )
    owners = table_owners(internal, pkg)
    assert owners == {"accounts": "auth", "skills": "skill", "jobs": "pkg"}
    assert foreign_table_uses(internal, owners) == [
        "skill/repository.py:2: accounts (auth)",
        "skill/repository.py:3: jobs (pkg)",
    ]
