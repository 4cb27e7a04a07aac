"""The starting skill catalog: a category tree and several hundred skills with aliases and tags.

The data lives next to this file in `0005_skill_categories.csv` and `0005_skill_catalog.csv` (`|`-separated,
lists `;`-separated). Ids are UUIDv5 of the slugs, so every installation has the same ids. Skills are
inserted approved; the triggers of 0004 fill their names table and search vector, and the `skill.embed`
backfill job embeds them once the server runs.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import csv
import re
import unicodedata
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

HERE = Path(__file__).resolve().parent
CATEGORIES_FILE = HERE / "0005_skill_categories.csv"
SKILLS_FILE = HERE / "0005_skill_catalog.csv"
# Namespace of the catalog's UUIDv5 ids (never change it: clients may keep these ids).
NAMESPACE = uuid.UUID("5c111a5e-7e11-4c4a-9a7a-5c0de0ca7a10")


def slugify(name: str) -> str:
    """`C++` → `c-plus-plus`, `Node.js` → `nodejs`, `.NET MAUI` → `dotnet-maui` (same rules as the service)."""
    text = unicodedata.normalize("NFKD", name.strip().lower()).encode("ascii", "ignore").decode()
    text = re.sub(r"^\.", "dot", text)
    text = re.sub(r"(?<=[a-z0-9])\.(?=[a-z0-9])", "", text)
    text = text.replace("+", " plus ").replace("#", " sharp ").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def category_id(slug: str) -> uuid.UUID:
    """Id of a catalog category."""
    return uuid.uuid5(NAMESPACE, f"category:{slug}")


def skill_id(slug: str) -> uuid.UUID:
    """Id of a catalog skill."""
    return uuid.uuid5(NAMESPACE, f"skill:{slug}")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="|"))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def load_categories() -> list[dict[str, Any]]:
    """Categories parents first, with ancestor ids and display order (file order among siblings by default)."""
    rows = _rows(CATEGORIES_FILE)
    by_slug: dict[str, dict[str, Any]] = {}
    sibling_count: dict[str, int] = {}
    for row in rows:
        parent = row["parent"].strip()
        if parent and parent not in by_slug:
            raise ValueError(f"category {row['slug']} names parent {parent} before it is defined")
        sibling_count[parent] = sibling_count.get(parent, 0) + 1
        order = int(row["display_order"]) if row["display_order"].strip() else sibling_count[parent]
        ancestors = [*by_slug[parent]["ancestor_ids"], by_slug[parent]["id"]] if parent else []
        by_slug[row["slug"]] = {
            "id": category_id(row["slug"]),
            "parent_id": category_id(parent) if parent else None,
            "ancestor_ids": ancestors,
            "name": row["name"].strip(),
            "slug": row["slug"].strip(),
            "description": row["description"].strip(),
            "display_order": order,
        }
    return list(by_slug.values())


def load_skills() -> list[dict[str, Any]]:
    """Skills with their category ids, tags (lower case) and aliases."""
    categories = {c["slug"] for c in load_categories()}
    skills = []
    for row in _rows(SKILLS_FILE):
        if row["category"] not in categories:
            raise ValueError(f"skill {row['name']} names unknown category {row['category']}")
        slug = slugify(row["name"])
        skills.append(
            {
                "id": skill_id(slug),
                "name": row["name"].strip(),
                "slug": slug,
                "description": row["description"].strip(),
                "category_id": category_id(row["category"]),
                "tags": sorted({tag.lower() for tag in _split(row["tags"])}),
                "aliases": _split(row["aliases"]),
            }
        )
    return skills


_categories = sa.table(
    "skill_categories",
    sa.column("id", sa.Uuid()),
    sa.column("parent_id", sa.Uuid()),
    sa.column("ancestor_ids", postgresql.ARRAY(sa.Uuid())),
    sa.column("name", sa.Text()),
    sa.column("slug", sa.Text()),
    sa.column("description", sa.Text()),
    sa.column("display_order", sa.Integer()),
)
_skills = sa.table(
    "skills",
    sa.column("id", sa.Uuid()),
    sa.column("name", sa.Text()),
    sa.column("slug", sa.Text()),
    sa.column("description", sa.Text()),
    sa.column("category_id", sa.Uuid()),
    sa.column("tags", postgresql.ARRAY(sa.Text())),
    sa.column("aliases", postgresql.ARRAY(sa.Text())),
    sa.column("status", sa.Text()),
)


def upgrade() -> None:
    op.bulk_insert(_categories, load_categories())
    op.bulk_insert(_skills, [{**skill, "status": "approved"} for skill in load_skills()])


def downgrade() -> None:
    bind = op.get_bind()
    skill_ids = [skill["id"] for skill in load_skills()]
    ids = sa.bindparam("ids", skill_ids, type_=postgresql.ARRAY(sa.Uuid()))
    bind.execute(sa.text("DELETE FROM user_skills WHERE skill_id = ANY(:ids)").bindparams(ids))
    bind.execute(sa.text("DELETE FROM skills WHERE id = ANY(:ids)").bindparams(ids))
    # Children before parents; a category still used by a skill added later stays.
    for category in sorted(load_categories(), key=lambda c: -len(c["ancestor_ids"])):
        bind.execute(
            sa.text(
                "DELETE FROM skill_categories c WHERE c.id = :id "
                "AND NOT EXISTS (SELECT 1 FROM skills s WHERE s.category_id = c.id) "
                "AND NOT EXISTS (SELECT 1 FROM skill_categories k WHERE k.parent_id = c.id)"
            ),
            {"id": category["id"]},
        )
