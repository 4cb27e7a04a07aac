"""Every domain error is raised with a reason from the contract, by an exception class of the same code.

The reasons live in each package's `ErrorReason` enum (proto) and reach Python as generated StrEnums;
these checks read the source of internal/ and pkg/ so that a string reason, or a `NotFound` raised with a
reason the contract declares as FAILED_PRECONDITION, fails here instead of surprising a client.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from pkg import errors

ROOT = Path(__file__).resolve().parents[2]
ERROR_CLASSES = {
    name: cls for name, cls in vars(errors).items() if isinstance(cls, type) and issubclass(cls, errors.DomainError)
}


def _reason_modules(tree: ast.Module) -> dict[str, object]:
    """Local names bound to a generated ErrorReason enum (`from skillsphere.x.v1.error_reason import …`)."""
    found: dict[str, object] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith(".error_reason"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                found[alias.asname or alias.name] = getattr(module, alias.name)
    return found


def reason_violations(paths: list[Path]) -> list[str]:
    """`file:line: problem` for each raise of a domain error whose reason is not a contract reason of its code."""
    problems = []
    for path in paths:
        tree = ast.parse(path.read_text(), str(path))
        enums = _reason_modules(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            callee = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if callee not in ERROR_CLASSES:
                continue
            where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{node.lineno}"
            for keyword in node.keywords:
                if keyword.arg == "domain":
                    problems.append(f"{where}: domain= is implied by the reason")
                if keyword.arg != "reason":
                    continue
                value = keyword.value
                if isinstance(value, ast.Constant):
                    problems.append(f"{where}: string reason {value.value!r}; use the generated ErrorReason")
                elif isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
                    enum = enums.get(value.value.id)
                    if enum is None:
                        continue  # a reason passed through a variable: its origin is checked where it is written
                    member = getattr(enum, value.attr, None)
                    if member is None:
                        problems.append(f"{where}: {value.value.id}.{value.attr} is not in the contract")
                    elif member.code != ERROR_CLASSES[callee].grpc_code:
                        problems.append(
                            f"{where}: {callee} (code {ERROR_CLASSES[callee].grpc_code}) raised with "
                            f"{value.attr}, which the contract sends as code {member.code}"
                        )
    return sorted(problems)


def _sources() -> list[Path]:
    return sorted([*(ROOT / "internal").rglob("*.py"), *(ROOT / "pkg").rglob("*.py")])


def test_every_domain_error_uses_a_contract_reason_of_its_own_code() -> None:
    assert reason_violations(_sources()) == []


def test_the_check_catches_string_reasons_and_code_mismatches(tmp_path: Path) -> None:
    bad = tmp_path / "service.py"
    bad.write_text(
        "from skillsphere.auth.v1.error_reason import ErrorReason\n"
        "from pkg.errors import NotFound, PermissionDenied, Unauthenticated\n"
        "raise NotFound('gone', reason='THING_NOT_FOUND')\n"
        "raise PermissionDenied('no', reason=ErrorReason.TOKEN_EXPIRED)\n"
        "raise Unauthenticated('expired', reason=ErrorReason.TOKEN_EXPIRED)\n"  # fine
        "raise Unauthenticated('x', reason=ErrorReason.NO_SUCH_REASON)\n"
    )
    assert [p.split(": ", 1)[1] for p in reason_violations([bad])] == [
        "string reason 'THING_NOT_FOUND'; use the generated ErrorReason",
        "PermissionDenied (code 7) raised with TOKEN_EXPIRED, which the contract sends as code 16",
        "ErrorReason.NO_SUCH_REASON is not in the contract",
    ]
