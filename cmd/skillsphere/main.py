"""Entry point: `python cmd/skillsphere/main.py serve` (the installed `skillsphere` command does the same)."""

from internal.app import main

raise SystemExit(main())
