"""Line and branch coverage per domain from coverage.py's JSON report; fails below the thresholds.

    coverage json -o coverage.json && python tools/coverage_report.py coverage.json

Groups files by `internal/<domain>` (modules directly in internal/, such as app.py, form `internal/*`) and
`pkg/<module>`. The figure per group is coverage.py's own percentage: covered lines plus covered branches
over all lines plus all branches. Exit status 1 when the total is under --total (85) or any internal
domain under --domain (80); pkg modules are listed but only count towards the total.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass
class Tally:
    """Counts summed over the files of one group."""

    statements: int = 0
    missing: int = 0
    branches: int = 0
    partial: int = 0
    missing_branches: int = 0
    files: int = 0

    def add(self, summary: dict[str, int]) -> None:
        self.statements += summary["num_statements"]
        self.missing += summary["missing_lines"]
        self.branches += summary.get("num_branches", 0)
        self.partial += summary.get("num_partial_branches", 0)
        self.missing_branches += summary.get("missing_branches", 0)
        self.files += 1

    def line_percent(self) -> float:
        return 100.0 * (self.statements - self.missing) / self.statements if self.statements else 100.0

    def branch_percent(self) -> float:
        return 100.0 * (self.branches - self.missing_branches) / self.branches if self.branches else 100.0

    def percent(self) -> float:
        """coverage.py's combined figure: (covered lines + covered branches) / (lines + branches)."""
        total = self.statements + self.branches
        covered = self.statements - self.missing + self.branches - self.missing_branches
        return 100.0 * covered / total if total else 100.0


def group_of(path: str) -> str | None:
    """`internal/user`, `internal/*` or `pkg/db` for a measured file; None for anything else."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    for top in ("internal", "pkg"):
        if top in parts:
            rest = parts[parts.index(top) + 1 :]
            if len(rest) > 1:
                return f"{top}/{rest[0]}"
            if top == "internal":
                return "internal/*"
            return f"pkg/{PurePosixPath(rest[0]).stem}"
    return None


def tally(report: dict[str, object]) -> dict[str, Tally]:
    groups: dict[str, Tally] = {}
    files = report["files"]
    assert isinstance(files, dict)
    for path, data in files.items():
        group = group_of(path)
        if group is not None and data["summary"]["num_statements"]:
            groups.setdefault(group, Tally()).add(data["summary"])
    return groups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="coverage.py JSON report (coverage json)")
    parser.add_argument("--total", type=float, default=85.0, help="minimum overall percentage")
    parser.add_argument("--domain", type=float, default=80.0, help="minimum percentage per internal/<domain>")
    args = parser.parse_args(argv)

    groups = tally(json.loads(args.report.read_text()))
    overall = Tally()
    for group in groups.values():
        overall.statements += group.statements
        overall.missing += group.missing
        overall.branches += group.branches
        overall.partial += group.partial
        overall.missing_branches += group.missing_branches
        overall.files += group.files

    header = (
        f"{'group':<22}{'files':>6}{'lines':>8}{'miss':>7}{'branches':>10}{'miss':>7}"
        f"{'line%':>8}{'branch%':>9}{'cover%':>8}"
    )
    print(header)
    print("-" * len(header))
    failures: list[str] = []
    for name in sorted(groups, key=lambda n: (not n.startswith("internal"), n)):
        group = groups[name]
        floor = args.domain if name.startswith("internal/") and name != "internal/*" else None
        flag = ""
        if floor is not None and group.percent() < floor:
            flag = f"  < {floor:g}"
            failures.append(f"{name} {group.percent():.1f}% < {floor:g}%")
        print(
            f"{name:<22}{group.files:>6}{group.statements:>8}{group.missing:>7}{group.branches:>10}"
            f"{group.missing_branches:>7}{group.line_percent():>8.1f}{group.branch_percent():>9.1f}"
            f"{group.percent():>8.1f}{flag}"
        )
    print("-" * len(header))
    print(
        f"{'TOTAL':<22}{overall.files:>6}{overall.statements:>8}{overall.missing:>7}{overall.branches:>10}"
        f"{overall.missing_branches:>7}{overall.line_percent():>8.1f}{overall.branch_percent():>9.1f}"
        f"{overall.percent():>8.1f}"
    )
    if overall.percent() < args.total:
        failures.insert(0, f"total {overall.percent():.1f}% < {args.total:g}%")
    if failures:
        print("coverage below the thresholds: " + "; ".join(failures), file=sys.stderr)
        return 1
    print(f"coverage ok: total >= {args.total:g}%, every internal domain >= {args.domain:g}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
