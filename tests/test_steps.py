"""The step summary that `rls-stretch show` and the home preview share: doses as played."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from rls_stretch.cli.table import print_timeline
from rls_stretch.routine.loader import load_routine
from rls_stretch.timeline.sequencer import build_timeline
from rls_stretch.timeline.steps import step_summaries

ROUTINE = """\
name: Every kind of dose
steps:
  - move:
      name: Cobra
      instructions: Lift on the in-breath.
      position: lying
      reps: 4-8
      tempo: {inhale: 4, exhale: 4}
      caution: Not with a sore back.
  - move:
      name: Pedalling
      instructions: One heel down, then the other.
      position: floor
      sides: alternate
      breaths: 10
  - move:
      name: Calf stretch
      instructions: Heel down.
      position: standing
      sides: both
      hold: 20-30s
  - rest: 30s
  - move:
      name: Tense and release
      instructions: Tense, then let go.
      position: lying
      sides: both
      phases:
        - {name: Tense, hold: 5s}
        - {name: Release, breaths: 2, pace: {inhale: 4, exhale: 8}}
  - move:
      name: Toe raises
      instructions: Up on the toes.
      position: standing
      reps: 10-16
      rep_time: 2.5s
      sets: 2
    optional: true
"""


@pytest.fixture
def routine(tmp_path: Path):
    path = tmp_path / "kinds.yaml"
    path.write_text(ROUTINE)
    return load_routine(path)


@pytest.mark.parametrize(("level", "cobra", "calf", "toes"), [
    ("gentle", "4 reps, breath-paced", "hold 20 s each side", "10 reps of 2.5 s, 2 sets"),
    ("standard", "6 reps, breath-paced", "hold 25 s each side", "13 reps of 2.5 s, 2 sets"),
    ("deep", "8 reps, breath-paced", "hold 30 s each side", "16 reps of 2.5 s, 2 sets"),
])
def test_doses_are_the_ones_played_at_the_level(routine, level, cobra, calf, toes) -> None:
    steps = step_summaries(build_timeline(routine, level=level))
    assert [s.dose_text for s in steps] == [
        cobra,
        "10 breaths each side, alternating",
        calf,
        "30 s",
        "Tense: hold 5 s then Release: 2 breaths (4 in / 8 out), each side",
        toes,
    ]
    assert [s.number for s in steps] == [1, 2, 3, None, 4, 5]
    assert [s.is_rest for s in steps] == [False, False, False, True, False, False]
    assert steps[0].caution == "Not with a sore back." and steps[1].caution is None


def test_times_add_up_to_the_timeline(routine) -> None:
    tl = build_timeline(routine)
    steps = step_summaries(tl)
    assert steps[0].start == 0
    for a, b in zip(steps, steps[1:], strict=False):
        assert b.start == pytest.approx(a.start + a.seconds)
    assert sum(s.seconds for s in steps) == pytest.approx(tl.total_seconds)
    # Cobra at standard: 5 s to get ready, 6 breath-paced reps of 4 + 4 s
    assert steps[0].seconds == 5 + 6 * 8


def test_a_step_left_out_to_fit_is_not_listed(routine) -> None:
    full = build_timeline(routine, level="gentle").total_seconds
    tl = build_timeline(routine, minutes=(full - 30) / 60)
    assert tl.dropped == ("Toe raises",)
    assert [s.name for s in step_summaries(tl)][-1] == "Tense and release"


def test_show_prints_the_doses_as_played(routine) -> None:
    out = io.StringIO()
    tl = build_timeline(routine, level="deep")
    print_timeline(tl, out)
    text = out.getvalue()
    assert "   0:00    1:09  Cobra: 8 reps, breath-paced\n" in text
    assert "\n                 ! Not with a sore back.\n" in text
    assert "  Calf stretch: hold 30 s each side\n" in text
    assert "    0:30  Rest\n" in text
    assert "Toe raises: 16 reps of 2.5 s, 2 sets\n" in text
    # 69 + 205 + 70 + 30 + 68 + 100 s, worked out by hand
    assert text.endswith("\nTotal: 9 min 2 s (9:02)\n"), text
    out = io.StringIO()
    full = build_timeline(routine, level="gentle").total_seconds
    print_timeline(build_timeline(routine, minutes=(full - 30) / 60), out)
    assert "\nLeft out to fit the time: Toe raises\n" in out.getvalue()
