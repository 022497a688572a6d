"""bench/run.py finds its modules (it does not list them), keeps going past a broken one,
and holds every row to the protocol; the real modules all offer rows(quick)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import REPO

spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
assert spec is not None and spec.loader is not None
run = importlib.util.module_from_spec(spec)
sys.modules["bench_run"] = run
spec.loader.exec_module(run)

GOOD = '''
def rows(quick=False):
    return [{"figure": "f", "ours": "1 ms" if quick else "2 ms", "comparison": "c | d",
             "ratio": 0.5, "goal": "<= 1"}]
'''


def test_every_module_with_rows_is_found_and_run_in_name_order(tmp_path: Path):
    (tmp_path / "b_second.py").write_text(GOOD)
    (tmp_path / "a_first.py").write_text(GOOD.replace('"f"', '"first"'))
    (tmp_path / "helpers.py").write_text("X = 1\n")  # no rows(): not a bench
    (tmp_path / "_private.py").write_text(GOOD)
    (tmp_path / "run.py").write_text(GOOD)  # the runner itself
    (tmp_path / "broken.py").write_text("def rows(quick=False):\n    raise OSError('no tmux')\n")
    table = run.collect(quick=True, folder=tmp_path)
    assert [(r["module"], r["figure"]) for r in table] == [
        ("a_first", "first"), ("b_second", "f"), ("broken", "broken")]
    assert table[0]["ours"] == "1 ms"
    assert table[2]["ours"] == "failed: OSError: no tmux"
    md = run.markdown(table).splitlines()
    assert md[0].startswith("| figure | ours | comparison")
    assert md[2] == "| first | 1 ms | c \\| d | 0.50 | <= 1 | `a_first.py` |"


def test_a_row_without_the_protocol_keys_is_refused(tmp_path: Path):
    (tmp_path / "bad.py").write_text("def rows(quick=False):\n    return [{'figure': 'x'}]\n")
    with pytest.raises(ValueError, match="without ours, comparison, ratio, goal"):
        run.collect(quick=True, folder=tmp_path)


def test_the_projects_bench_modules_all_speak_the_protocol():
    names = [name for name, module in run.modules()]
    assert {"first_frame", "list_startup", "player"} <= set(names)
    for _, module in run.modules():
        assert callable(module.rows)


def test_readme_has_the_markers_the_table_goes_between():
    text = (REPO / "README.md").read_text()
    assert text.index(run.BEGIN) < text.index(run.END)
