"""Snapshots of the home and quick-relief screens at a fixed hour.

The built-in routines are still growing, so these screens are drawn from a small fixed set
of routine files written here (a built-in dir in tmp, plus one good and one broken user
file): the snapshots then change only when the screens do. Update them after a deliberate
change with `pytest tests/test_tui_home_snapshots.py --snapshot-update` and look at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rls_stretch import paths
from rls_stretch.session.clock import FakeClock
from rls_stretch.sound.backends import SilentBackend
from rls_stretch.tui.app import StretchApp

SIZE = (100, 30)

MOVES = """\
moves:
  calf-stretch:
    name: Calf stretch at the wall
    instructions: Hands on the wall, one foot back, heel down.
    position: standing
    sides: both
    hold: 20-30s
  knee-hug:
    name: Knee to chest
    instructions: Lying on your back, hug one knee in.
    position: lying
    sides: both
    hold: 20s
    caution: Skip this one with osteoporosis.
  ankle-circles:
    name: Ankle circles
    instructions: Circle each foot slowly.
    position: seated
    sides: both
    reps: 5
    rep_time: 3s
  belly-breath:
    name: Belly breathing
    instructions: One hand on the belly, breathe slowly.
    position: lying
    breaths: 6
"""

ROUTINES = {
    "bedtime": ("Bedtime wind-down", "bedtime", "Stretch, then settle the legs.",
                ["calf-stretch", "knee-hug", "belly-breath"]),
    "morning": ("Morning stretches", "morning", "Wake the legs up gently.",
                ["calf-stretch", "ankle-circles"]),
    "relief-in-bed": ("Quick relief in bed", "bedtime", "Without getting up.",
                      ["knee-hug", "belly-breath"]),
    "relief-seated": ("Quick relief, seated", "anytime", "In a chair.", ["ankle-circles"]),
    "relief-standing": ("Quick relief, standing", "anytime", "On your feet.",
                        ["calf-stretch"]),
    "seated": ("Seated, at a desk", "daytime", "Moves for a chair.", ["ankle-circles"]),
    "yoga": ("Yoga for restless legs", "anytime", "Poses with breaths.",
             ["calf-stretch", "belly-breath"]),
    "relax": ("Leg relaxation", "bedtime", "Slow breathing, lying down.", ["belly-breath"]),
}


@pytest.fixture
def fixed_routines(isolated_home: Path, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "moves.yaml").write_text(MOVES)
    for rid, (name, when, summary, moves) in ROUTINES.items():
        steps = "".join(f"  - move: {m}\n" for m in moves)
        (builtin / f"{rid}.yaml").write_text(
            f"name: {name}\nsummary: {summary}\nwhen: {when}\nsteps:\n{steps}")
    monkeypatch.setattr(paths, "builtin_routines_dir", lambda: builtin)
    user = isolated_home / ".config" / "rls-stretch" / "routines"
    user.mkdir(parents=True)
    (user / "my-evening.yaml").write_text(
        "name: My evening\nsummary: Calves, then breathing.\nwhen: evening\nsteps:\n"
        "  - move: calf-stretch\n  - rest: 20s\n  - move: belly-breath\n")
    (user / "broken.yaml").write_text("name: Broken\nsteps:\n  - move: calf-strech\n")
    return builtin


def app_at(hour: int, mode: str = "home") -> StretchApp:
    return StretchApp(mode=mode, hour=hour, clock=FakeClock(),  # type: ignore[arg-type]
                      backend=SilentBackend())


def test_home_at_night(fixed_routines: Path, snap_compare) -> None:
    assert snap_compare(app_at(22), terminal_size=SIZE)


def test_home_in_the_morning_with_a_filter(fixed_routines: Path, snap_compare) -> None:
    assert snap_compare(app_at(8), terminal_size=SIZE, press=["slash", *"relief"])


def test_home_shows_a_broken_user_file(fixed_routines: Path, snap_compare) -> None:
    assert snap_compare(app_at(15), terminal_size=SIZE, press=["end", "up"])


def test_relief_question(fixed_routines: Path, snap_compare) -> None:
    assert snap_compare(app_at(22), terminal_size=SIZE, press=["x"])


def test_relief_second_question(fixed_routines: Path, snap_compare) -> None:
    assert snap_compare(app_at(14, mode="relief"), terminal_size=SIZE, press=["2"])
