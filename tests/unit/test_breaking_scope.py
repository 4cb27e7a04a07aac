"""`make breaking` skips exactly the contracts of services not built yet (buf.yaml `breaking.ignore`)."""

from __future__ import annotations

from pathlib import Path

from internal.registry import DOMAINS
from tools.breaking import ignored

ROOT = Path(__file__).resolve().parents[2]


def test_ignore_list_is_the_domains_without_a_handler() -> None:
    unbuilt = {f"proto/skillsphere/{d}/v1" for d in DOMAINS if not (ROOT / "internal" / d / "handler.py").exists()}
    assert set(ignored((ROOT / "buf.yaml").read_text())) == unbuilt


def test_ignored_reads_the_breaking_section() -> None:
    config = "version: v2\nbreaking:\n  use: [FILE]\n  ignore:\n    - proto/skillsphere/chat/v1\n"
    assert ignored(config) == ["proto/skillsphere/chat/v1"]
    assert ignored("version: v2\n") == []
