"""`make breaking`: `buf breaking` against the previous commit, skipping the packages of services not built yet.

The packages in buf.yaml's `breaking.ignore` are skipped by buf itself. The ones the previous commit's buf.yaml
listed are skipped too (`--exclude-path`), so the commit that ships a service, and removes its package from
the list, may still reshape that contract; every later change to it is checked.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BUF = ROOT / ".venv" / "bin" / "buf"


def ignored(config: str) -> list[str]:
    """The paths a buf.yaml's `breaking.ignore` lists."""
    data = yaml.safe_load(config) or {}
    return list((data.get("breaking") or {}).get("ignore") or [])


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603, S607


def main() -> int:
    previous = git("rev-parse", "-q", "--verify", "HEAD~1")
    protos = git("ls-tree", "-r", "--name-only", "HEAD~1", "--", "proto").stdout if previous.returncode == 0 else ""
    if not any(name.endswith(".proto") for name in protos.splitlines()):
        print("buf breaking: no previous commit with protos to compare against")
        return 0
    before = git("show", "HEAD~1:buf.yaml")
    shipping = sorted(set(ignored(before.stdout)) - set(ignored((ROOT / "buf.yaml").read_text())))
    command = [str(BUF), "breaking", "--against", ".git#ref=HEAD~1"]
    for path in shipping:
        command += ["--exclude-path", path]
    if shipping:
        print("buf breaking: shipping in this commit, not compared:", ", ".join(shipping))
    return subprocess.run(command, cwd=ROOT, check=False).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
