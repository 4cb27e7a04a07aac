"""A domain may call another domain's service, never its repository or its tables (models)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRIVATE_LAYERS = ("repository", "models")


def cross_domain_violations(internal: Path) -> list[str]:
    """`file: import` for every import of another domain's repository or models under `internal`."""
    domains = {p.name for p in internal.iterdir() if p.is_dir() and not p.name.startswith("_")}
    found = []
    for path in internal.rglob("*.py"):
        relative = path.relative_to(internal)
        own = relative.parts[0] if len(relative.parts) > 1 else None
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if (
                    len(parts) >= 3
                    and parts[0] == "internal"
                    and parts[1] in domains
                    and parts[1] != own
                    and parts[2] in PRIVATE_LAYERS
                ):
                    found.append(f"{relative}: {name}")
    return sorted(set(found))


def test_no_domain_reaches_into_another_domains_repository() -> None:
    assert cross_domain_violations(ROOT / "internal") == []


def test_the_check_catches_a_violation(tmp_path: Path) -> None:
    for domain in ("auth", "user"):
        (tmp_path / domain).mkdir()
    (tmp_path / "user" / "service.py").write_text(
        "from internal.auth.repository import AccountRepository\n"
        "from internal.auth import models\n"
        "from internal.auth.service import AuthService\n"  # allowed: the other domain's service
        "from internal.user.repository import UserRepository\n"  # allowed: its own repository
    )
    assert cross_domain_violations(tmp_path) == [
        "user/service.py: internal.auth.models",
        "user/service.py: internal.auth.repository",
        "user/service.py: internal.auth.repository.AccountRepository",
    ]
