"""`rls-stretch new NAME`: a commented template a person can start from, which loads as it
is, and `run`/`show` of any routine file by path."""

from __future__ import annotations

import json
import os
from pathlib import Path

from clirun import rls

from rls_stretch.routine.catalog import Catalog
from rls_stretch.routine.loader import check_file, load_routine


def routines_dir(home: Path) -> Path:
    return home / ".config" / "rls-stretch" / "routines"


def test_new_writes_a_template_that_loads_and_validates(isolated_home: Path) -> None:
    r = rls("new", "My evening")
    assert r.returncode == 0, r.stderr
    path = Path(r.stdout.strip())
    assert path == routines_dir(isolated_home) / "my-evening.yaml"
    text = path.read_text()
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=file://")
    schema = Path(first.split("$schema=file://", 1)[1])
    assert schema.is_file() and json.loads(schema.read_text())["type"] == "object"
    assert text.count("\n#") + text.count("  # ") >= 5  # it explains itself
    routine = load_routine(path, origin="user")
    assert routine.name == "My evening" and routine.id == "my-evening"
    assert check_file(path) == []
    v = rls("validate", str(path))
    assert v.returncode == 0, v.stdout + v.stderr


def test_the_new_routine_is_listed_as_the_users_and_can_be_shown(isolated_home: Path) -> None:
    assert rls("new", "legs-at-night").returncode == 0
    rows = {row["id"]: row for row in json.loads(rls("list", "--json").stdout)}
    assert rows["legs-at-night"]["source"] == "user"
    assert rows["legs-at-night"]["total_seconds"] > 0
    entry = Catalog.load().get("legs-at-night")
    assert entry is not None and entry.origin == "user" and entry.error is None
    shown = rls("show", "legs-at-night", "--json")
    assert shown.returncode == 0, shown.stderr
    names = [s["move"]["name"] for s in json.loads(shown.stdout)["segments"] if s["move"]]
    assert "Ankle circles" in names


def test_new_never_overwrites_and_refuses_a_name_that_cannot_be_an_id(
        isolated_home: Path) -> None:
    assert rls("new", "mine").returncode == 0
    path = routines_dir(isolated_home) / "mine.yaml"
    path.write_text(path.read_text() + "# my edits\n")
    again = rls("new", "mine")
    assert again.returncode == 2
    assert again.stderr.strip() == (f"rls-stretch: new: {path} already exists; "
                                    "edit it, or pick another name")
    assert path.read_text().endswith("# my edits\n")
    bad = rls("new", "!!!")
    assert bad.returncode == 2 and "cannot be a routine name" in bad.stderr


def test_a_routine_file_anywhere_can_be_shown_and_run_by_path(
        isolated_home: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("name: Mine\ntransition: 0\nsteps:\n"
                    "  - move: {name: Wiggle, position: lying, hold: 1s, instructions: Wiggle.}\n")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        shown = rls("show", "./mine.yaml", "--json")
        assert shown.returncode == 0, shown.stderr
        data = json.loads(shown.stdout)
        assert data["routine"]["source"] == "file" and data["total_seconds"] == 1
        ran = rls("run", "./mine.yaml", "--plain", "--mute", timeout=30)
    finally:
        os.chdir(cwd)
    assert ran.returncode == 0, ran.stderr
    assert "Wiggle" in ran.stdout
    missing = rls("run", "./nope.yaml", "--plain")
    assert missing.returncode == 2 and "no such routine file" in missing.stderr


def test_a_broken_file_run_by_path_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nsteps:\n  - move: calf-strech\n")
    r = rls("run", str(bad), "--plain")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"rls-stretch: {bad}:3:")


def test_new_refuses_to_hide_a_builtin_routine(isolated_home: Path) -> None:
    r = rls("new", "bedtime")
    assert r.returncode == 2
    assert "'bedtime' is a built-in routine" in r.stderr and "my-bedtime" in r.stderr
    assert not (isolated_home / ".config" / "rls-stretch" / "routines" / "bedtime.yaml").exists()


def test_new_with_odd_names_and_places_is_one_line(isolated_home: Path) -> None:
    r = rls("new", "Ünïcödé Abend")
    assert r.returncode == 0 and r.stdout.strip().endswith("/unicode-abend.yaml")
    r = rls("new", "a" * 300)
    assert r.returncode == 2 and "too long" in r.stderr and "Traceback" not in r.stderr
    config = isolated_home / ".config" / "rls-stretch"
    (config / "routines").rename(config / "moved")
    (config / "routines").write_text("not a directory")
    r = rls("new", "fresh")
    assert r.returncode == 2
    assert r.stderr.startswith("rls-stretch: new: cannot write ") and "Traceback" not in r.stderr
