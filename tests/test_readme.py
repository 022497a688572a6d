"""The README tells the truth: its routine table and its two command lines."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_routine_table_matches_the_sequencer() -> None:
    table = runpy.run_path(str(REPO / "scripts" / "readme_table.py"))["table"]()
    m = re.search(r"<!-- routines-table[^>]*-->\n(.*?)<!-- /routines-table -->", README, re.S)
    assert m, "README has no routines table"
    assert m.group(1) == table, "README table is stale: run scripts/readme_table.py"


def test_readme_has_exactly_the_two_command_lines() -> None:
    lines = [ln.strip() for ln in README.splitlines() if ln.startswith("    python3 -m venv .venv")]
    assert len(lines) == 2
    run, test = lines
    assert run.endswith(".venv/bin/rls-stretch")
    assert "pytest" in test and "'.[test]'" in test
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "grep -m1 -E '^    python3 -m venv .venv && .*pytest' README.md" in ci
