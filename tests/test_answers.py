"""`show` and `validate` answer from a kept answer only while nothing they depend on has
changed: the routine file, the moves, the settings, the remembered start side (in the diary),
the code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from clirun import rls

from rls_stretch.diary import remembered

ROUTINE = "name: Mine\ntransition: 0\nsteps:\n  - move: calf-stretch-wall\n    hold: {hold}\n"
PROBE = ("import sys; from rls_stretch.cli.main import main; code = main({argv!r}); "
         "print('yaml loaded' if 'yaml' in sys.modules else 'replayed', file=sys.stderr)")


def _edit(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:  # a coarse clock: make the change show
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def probe(*argv: str) -> tuple[str, bool]:
    r = subprocess.run([sys.executable, "-c", PROBE.format(argv=list(argv))],
                       capture_output=True, text=True, env=dict(os.environ), timeout=60)
    return r.stdout, r.stderr.strip().endswith("replayed")


def test_the_same_question_is_answered_without_reading_yaml(tmp_path: Path) -> None:
    first, replayed = probe("show", "bedtime", "--json")
    assert not replayed
    again, replayed = probe("show", "bedtime", "--json")
    assert replayed and again == first


def test_an_edited_routine_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    _edit(path, ROUTINE.format(hold="20s"))
    assert "hold 20 s" in rls("show", str(path)).stdout
    _edit(path, ROUTINE.format(hold="45s"))
    out, replayed = probe("show", str(path))
    assert not replayed and "hold 45 s" in out


def test_validate_sees_a_fix(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    _edit(path, ROUTINE.format(hold="0.1s"))
    assert rls("validate", str(path)).returncode == 1
    assert rls("validate", str(path)).returncode == 1  # the kept answer, exit status too
    _edit(path, ROUTINE.format(hold="20s"))
    r = rls("validate", str(path))
    assert r.returncode == 0 and r.stdout.strip() == f"{path}: ok"


def test_settings_moves_and_history_changes_are_seen(isolated_home: Path) -> None:
    config = isolated_home / ".config" / "rls-stretch"
    config.mkdir(parents=True, exist_ok=True)
    assert "standard" in rls("show", "evening-stretch").stdout.splitlines()[0]
    _edit(config / "settings.yaml", "level: deep\n")
    assert "deep" in rls("show", "evening-stretch").stdout.splitlines()[0]
    _edit(config / "moves.yaml", "moves:\n  calf-stretch-wall-30s:\n    name: My calf\n"
                                 "    position: standing\n    hold: 7s\n    instructions: x\n")
    assert "My calf" in rls("show", "evening-stretch").stdout
    assert '"start_side": "left"' in rls("show", "evening-stretch", "--json").stdout
    remembered.remember_start_side("evening-stretch", "left")  # as a run does (in the diary)
    assert '"start_side": "right"' in rls("show", "evening-stretch", "--json").stdout
