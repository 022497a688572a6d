"""Safety warnings in `validate`: bedtime safety, hidden cautions, over-long routines."""

from __future__ import annotations

from pathlib import Path

from clirun import rls

from rls_stretch.routine.loader import load_library, load_routine
from rls_stretch.timeline.lint import lint_routine


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def lint(path: Path) -> list[str]:
    library = load_library()
    return lint_routine(load_routine(path, library), library)


def test_builtin_routines_have_no_warnings() -> None:
    repo = Path(__file__).resolve().parent.parent / "routines"
    for path in sorted(repo.glob("*.yaml")):
        if path.name != "moves.yaml":
            assert lint(path) == [], path


def test_vigorous_move_at_bedtime(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Late\nwhen: bedtime\nsteps:\n"
                 "  - move: {name: Sprint, position: standing, hold: 30s, intensity: vigorous,"
                 " instructions: Run on the spot.}\n")
    (warning,) = lint(path)
    assert warning.startswith("steps[0] (Sprint): a vigorous move in a bedtime routine")


def test_morning_only_move_at_bedtime_but_not_in_the_morning(tmp_path: Path) -> None:
    steps = "steps:\n  - move: lunge-rock\n"
    (warning,) = lint(write(tmp_path, f"name: Late\nwhen: bedtime\n{steps}"))
    assert "recommends this move for the morning and daytime, not at bedtime" in warning
    assert lint(write(tmp_path, f"name: Early\nwhen: morning\n{steps}", "early.yaml")) == []


def test_hiding_a_caution_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Hidden\nsteps:\n  - move: knee-to-chest\n    caution: ''\n")
    (warning,) = lint(path)
    assert "hides the move's caution" in warning and "osteoporosis" in warning.lower()


def test_over_an_hour_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Marathon\nsteps:\n" + "  - rest: 30m\n" * 3)
    (warning,) = lint(path)
    assert warning == "routine takes 90 minutes; over 60 minutes is more than the articles suggest"


def test_validate_prints_warnings_and_strict_fails(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Late\nwhen: bedtime\nsteps:\n  - move: lunge-rock\n")
    r = rls("validate", str(path))
    assert r.returncode == 0
    assert r.stderr.startswith(f"{path}:4:5: warning: steps[0] (")  # where the step is
    r = rls("validate", "--strict", str(path))
    assert r.returncode == 1


def test_validate_refuses_a_routine_too_big_to_build(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Huge\nsteps:\n  - move: calf-stretch-wall\n    reps: 1000\n"
                 "    rep_time: 60m\n    sets: 1000\n    set_rest: 60m\n")
    r = rls("validate", str(path))
    assert r.returncode == 1
    assert r.stderr.strip() == (f"{path}: mine: steps[0] (Calf stretch at the wall) takes the "
                                "routine past 10,000 timed parts; use fewer reps or sets")
