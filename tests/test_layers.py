"""The layout holds: each stage imports only the stages below it, only the TUI imports
textual, and no two modules import each other (directly or round a longer circle).

The contracts live in pyproject.toml ([tool.importlinter]); this runs them, so the README's
test command checks them as it checks behaviour.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "rls_stretch"


def test_import_linter_contracts_are_kept() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe is not None, "lint-imports is installed by the test extra"
    r = subprocess.run([exe, "--no-cache"], cwd=REPO, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout


@pytest.mark.parametrize("type_checking", [True, False], ids=["with-type-hints", "run-time"])
def test_no_import_cycles(type_checking: bool) -> None:
    graph = grimp.build_graph("rls_stretch", exclude_type_checking_imports=not type_checking,
                              cache_dir=None)
    cycles = sorted({
        tuple(sorted((m, n)))
        for m in graph.modules
        for n in graph.find_modules_directly_imported_by(m)
        if graph.chain_exists(importer=n, imported=m)
    })
    assert cycles == []


def test_at_most_six_modules_beside_the_stages() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 6, top
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert {"routine", "timeline", "session", "sound", "cli", "tui"} <= stages


def test_each_stage_init_holds_no_logic() -> None:
    """A stage's __init__ is its docstring: what it takes and gives, and its public names."""
    for init in PACKAGE.glob("*/__init__.py"):
        text = init.read_text()
        assert text.startswith('"""') and text.count('"""') >= 2, init
        code = text.split('"""', 2)[2]
        assert all(line.startswith(("from ", "import ", "__all__")) or not line.strip()
                   for line in code.splitlines()), init
