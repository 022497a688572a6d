"""The command line in a subprocess, as a person or a script meets it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import rls

from rls_stretch import __version__

REPO = Path(__file__).resolve().parent.parent


def test_version_and_help() -> None:
    r = rls("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"rls-stretch {__version__}"
    r = rls("--help")
    assert r.returncode == 0
    for command in ("run", "relief", "list", "moves", "show", "validate", "new", "schema",
                    "where", "sounds"):
        assert command in r.stdout


def test_bad_usage_is_exit_2_without_traceback() -> None:
    r = rls("show")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = rls("show", "no-such-routine")
    assert r.returncode == 2
    assert r.stderr.startswith("rls-stretch: no routine called 'no-such-routine'")
    assert "bedtime" in r.stderr  # the known names are listed
    r = rls("show", "bedtime", "--minutes", "abc")
    assert r.returncode == 2 and "expected a number of minutes" in r.stderr


def test_list_json_shape() -> None:
    r = rls("list", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    ids = {row["id"] for row in rows}
    assert {"bedtime", "morning", "yoga", "relax"} <= ids
    for row in rows:
        assert set(row) >= {"id", "name", "summary", "when", "total_seconds", "positions",
                            "source", "path"}
        assert row["source"] in ("built-in", "user")
        assert row["total_seconds"] > 0
        assert Path(row["path"]).is_file()


def test_list_includes_user_routines_and_reflects_edits(isolated_home: Path) -> None:
    user_dir = isolated_home / ".config" / "rls-stretch" / "routines"
    user_dir.mkdir(parents=True)
    mine = user_dir / "mine.yaml"
    mine.write_text("name: Mine\nsteps:\n  - rest: 30s\n")
    rows = {r["id"]: r for r in json.loads(rls("list", "--json").stdout)}
    assert rows["mine"]["source"] == "user" and rows["mine"]["total_seconds"] == 30
    # The list cache must notice the edit (different size).
    mine.write_text("name: Mine\nsteps:\n  - rest: 45s\n")
    rows = {r["id"]: r for r in json.loads(rls("list", "--json").stdout)}
    assert rows["mine"]["total_seconds"] == 45
    # A broken user file is listed with its error, not hidden.
    (user_dir / "broken.yaml").write_text("name: Broken\nsteps:\n  - rest: soon\n")
    r = rls("list", "--json")
    assert r.returncode == 0
    rows = {row["id"]: row for row in json.loads(r.stdout)}
    assert "broken.yaml:3:" in rows["broken"]["error"]


def test_show_json_shape_and_total() -> None:
    r = rls("show", "yoga", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"routine", "total_seconds", "segments"}
    segs = data["segments"]
    assert segs[-1]["kind"] == "done"
    assert data["total_seconds"] == segs[-1]["start"] + segs[-1]["seconds"]
    for i, s in enumerate(segs):
        assert s["index"] == i
        assert set(s) >= {"index", "kind", "seconds", "start", "label", "side", "cues", "move"}
        if s["move"] is not None:
            assert set(s["move"]) == {"id", "name", "position"}
    starts = [s["start"] for s in segs]
    assert starts == sorted(starts)


def test_show_table_has_total() -> None:
    r = rls("show", "bedtime")
    assert r.returncode == 0, r.stderr
    total = json.loads(rls("show", "bedtime", "--json").stdout)["total_seconds"]
    m, s = divmod(int(total), 60)
    assert "Total: " in r.stdout and f"({m}:{s:02d})" in r.stdout


def test_show_budget_too_small_is_one_line() -> None:
    r = rls("show", "bedtime", "--minutes", "0.1")
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_validate_ok_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("name: Good\nsteps:\n  - move: calf-stretch-wall\n")
    r = rls("validate", str(good))
    assert r.returncode == 0, r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: Bad\nsteps:\n  - move: calf-strech-wall\n  - rest: 30s\n    optinal: true\n"
    )
    r = rls("validate", str(good), str(bad))
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith(f"{bad}:3:")
    assert "calf-stretch-wall" in lines[0]  # did you mean
    assert any(line.startswith(f"{bad}:5:5:") and "optional" in line for line in lines)


def test_validate_every_builtin_file() -> None:
    files = sorted((REPO / "routines").glob("*.yaml"))
    r = rls("validate", *map(str, files))
    assert r.returncode == 0, r.stderr


def test_schema_is_json_schema() -> None:
    r = rls("schema")
    assert r.returncode == 0
    schema = json.loads(r.stdout)
    assert schema["type"] == "object" and "steps" in schema["properties"]


def test_where_uses_the_isolated_home(isolated_home: Path) -> None:
    r = rls("where")
    assert r.returncode == 0
    lines = dict(line.split(":", 1) for line in r.stdout.splitlines())
    for key in ("config", "data", "cache", "routines"):
        assert lines[key].strip().startswith(str(isolated_home)), lines[key]


@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--json"], ["moves", "--json"], ["show", "bedtime"], ["schema"],
     ["where"], ["validate", "routines/bedtime.yaml"], ["--version"]],
)
def test_commands_do_not_import_textual(args: list[str]) -> None:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['rls-stretch', *{args!r}]\n"
        "try:\n"
        "    runpy.run_module('rls_stretch', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "print('NO-TEXTUAL', file=sys.stderr)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                       timeout=60)
    assert "NO-TEXTUAL" in r.stderr, r.stderr


def test_core_modules_never_import_textual() -> None:
    """The core/UI line: nothing outside rls_stretch/tui may import textual."""
    offenders = []
    for path in (REPO / "rls_stretch").rglob("*.py"):
        if "tui" in path.relative_to(REPO / "rls_stretch").parts:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            s = line.strip()
            if s.startswith(("import textual", "from textual")):
                offenders.append(f"{path}:{n}")
    assert offenders == []
    code = (
        "import importlib, pkgutil, sys, rls_stretch\n"
        "for m in pkgutil.walk_packages(rls_stretch.__path__, 'rls_stretch.'):\n"
        "    if not m.name.startswith('rls_stretch.tui') and m.name != 'rls_stretch.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] == 'textual'))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_validate_a_moves_file_of_any_name_and_go_on(tmp_path: Path) -> None:
    extra = tmp_path / "extra-moves.yaml"
    extra.write_text("moves:\n  my-move: {name: Mine, position: lying, hold: 10s,"
                     " instructions: Rest.}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nsteps:\n  - rest: soon\n")
    good = tmp_path / "good.yaml"
    good.write_text("name: Good\nsteps:\n  - rest: 5s\n")
    r = rls("validate", str(extra), str(bad), str(good))
    assert r.returncode == 1
    assert f"{extra}: ok (1 move)" in r.stdout
    assert f"{good}: ok" in r.stdout  # checked although an earlier file was broken
    assert r.stderr.startswith(f"{bad}:3:")


def test_a_broken_user_moves_file_is_reported_and_routines_still_checked(
        isolated_home: Path, tmp_path: Path) -> None:
    moves = isolated_home / ".config" / "rls-stretch" / "moves.yaml"
    moves.parent.mkdir(parents=True)
    moves.write_text("moves:\n  bad: {name: B, position: lyin, hold: 10s, instructions: x}\n")
    good = tmp_path / "good.yaml"
    good.write_text("name: Good\nsteps:\n  - move: calf-stretch-wall\n")
    r = rls("validate", str(good))
    assert r.returncode == 1
    assert f"{good}: ok" in r.stdout
    assert r.stderr.strip() == (f"{moves}:2:28: moves.bad.position: expected standing, seated,"
                                " lying, kneeling or floor, got 'lyin'; did you mean 'lying'?")
    # Asked about the moves file itself: its errors once, not twice.
    r = rls("validate", str(moves))
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1


def test_events_file_that_cannot_be_written_in_plain_mode(tmp_path: Path) -> None:
    r = rls("run", "relief-seated", "--plain", "--mute", "--events",
            str(tmp_path / "no-such-dir" / "events.jsonl"))
    assert r.returncode == 2
    assert r.stderr.startswith("rls-stretch: --events: cannot write ")
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_a_mangled_history_file_costs_only_the_default(isolated_home: Path) -> None:
    from rls_stretch.diary import remembered as history

    path = isolated_home / ".local" / "share" / "rls-stretch" / "history.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"start_side": "left", "relief": [1, 2]}')
    assert history.next_start_side("bedtime") == "left"
    assert history.last_relief() is None
    history.remember_start_side("bedtime", "left")
    assert history.next_start_side("bedtime") == "right"
    r = rls("relief", "--position", "seated", "--minutes", "1", "--json")
    assert r.returncode == 0, r.stderr


def test_show_and_list_use_the_settings_as_run_would(isolated_home: Path) -> None:
    plain = json.loads(rls("show", "yoga", "--json").stdout)["total_seconds"]
    listed = {r["id"]: r for r in json.loads(rls("list", "--json").stdout)}
    assert listed["yoga"]["total_seconds"] == plain
    settings = isolated_home / ".config" / "rls-stretch" / "settings.yaml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("pace: {inhale: 6, exhale: 8}\nvoice: true\n")
    slower = json.loads(rls("show", "yoga", "--json").stdout)["total_seconds"]
    assert slower > plain
    listed = {r["id"]: r for r in json.loads(rls("list", "--json").stdout)}
    assert listed["yoga"]["total_seconds"] == slower  # the list cache noticed the settings


def test_a_broken_user_moves_file_is_said_not_hidden(isolated_home: Path) -> None:
    moves = isolated_home / ".config" / "rls-stretch" / "moves.yaml"
    moves.parent.mkdir(parents=True)
    moves.write_text("moves:\n  my-move: {name: X}\n")
    for args in (["list"], ["show", "relax"], ["moves", "--json"]):
        r = rls(*args)
        assert r.returncode == 0, (args, r.stderr)
        assert r.stderr.startswith(f"rls-stretch: warning: {moves}:2:12: "), (args, r.stderr)
        assert "your own moves are left out" in r.stderr
    assert "calf-stretch-wall" in rls("moves", "--json").stdout  # the built-ins still listed


def test_json_survives_an_ascii_only_stdout() -> None:
    import os

    r = subprocess.run([sys.executable, "-m", "rls_stretch", "moves", "--json"],
                       capture_output=True, timeout=60,
                       env=dict(os.environ, PYTHONIOENCODING="ascii"))
    assert r.returncode == 0, r.stderr
    moves = json.loads(r.stdout.decode("ascii"))
    assert any("—" in (m["source"] or "") for m in moves)  # escaped, not lost
