"""Print the README's configuration table from `pkg.config.Settings`, or rewrite it in place with --write.

The table sits between `<!-- settings:begin -->` and `<!-- settings:end -->`; tests/unit/test_config.py fails
when it drifts from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pydantic import AliasChoices

from pkg.config import Settings

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN, END = "<!-- settings:begin -->", "<!-- settings:end -->"


def _env_name(name: str, alias: object) -> str:
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"SKILLSPHERE_{name.upper()}"


def _default(field: object) -> str:
    factory = getattr(field, "default_factory", None)
    value = factory() if factory else getattr(field, "default", None)  # type: ignore[misc]
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    return f"`{getattr(value, 'value', value)}`"


def table() -> str:
    """The Markdown table of every setting."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        env = _env_name(name, field.validation_alias)
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{env}` | {_default(field)} | {description} |")
    return "\n".join(rows)


def rewrite(readme: str) -> str:
    """README text with the table between the markers replaced."""
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        README.write_text(rewrite(README.read_text()))
    else:
        print(table())
