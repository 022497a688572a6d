"""The sequencer: Routine -> Timeline, with exact numbers a person can check by hand."""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rls_stretch.routine.errors import SequenceError
from rls_stretch.routine.model import (
    LEVELS,
    Dose,
    Move,
    MoveStep,
    Pace,
    Phase,
    RestStep,
    Routine,
    Span,
    range_value,
)
from rls_stretch.timeline.expand import LEVEL_POINTS, POINTS
from rls_stretch.timeline.sequencer import (
    DEFAULT_SET_REST,
    SWITCH_SECONDS,
    build_timeline,
    format_duration,
    format_seconds,
    resolve,
)


def mv(name: str = "Calf stretch", *, sides: str = "none", dose: Dose | None = None,
       phases: tuple[Phase, ...] = (), **kw) -> Move:
    if dose is None and not phases:
        dose = Dose(hold=Span.of(30))
    return Move(id=name.lower().replace(" ", "-"), name=name, instructions="Do it.",
                position="standing", sides=sides, dose=dose, phases=phases, **kw)


def routine(*steps: Move | MoveStep | RestStep, id: str = "test", **kw) -> Routine:
    wrapped = tuple(MoveStep(s) if isinstance(s, Move) else s for s in steps)
    return Routine(id=id, name=id.title(), steps=wrapped, **kw)


def opt(move: Move) -> MoveStep:
    return MoveStep(move, optional=True)


def hold(low: float, high: float | None = None) -> Dose:
    return Dose(hold=Span(low, low if high is None else high))


def body(tl, kinds=("prepare", "done")):
    """Segments that are neither prepare nor done (the dose itself)."""
    return [s for s in tl.segments if s.kind not in kinds]


def cues(seg) -> list[tuple[str, float]]:
    return [(c.name, c.at) for c in seg.cues]


def of_step(tl, step: int):
    """The segments of routine step `step` (none when the step was dropped)."""
    return [s for s in tl.segments if s.step == step and s.kind != "done"]


def shortest(r: Routine) -> float:
    """The shortest form, restated: gentle, every optional step gone (the first kept when
    all are optional)."""
    kept = tuple(s for s in r.steps if not s.optional) or r.steps[:1]
    return build_timeline(replace(r, steps=kept), level="gentle").total_seconds


# -- basic shape --------------------------------------------------------------------------


def test_single_hold_prepare_hold_done():
    tl = build_timeline(routine(mv(dose=hold(30))))
    assert [(s.kind, s.seconds, s.start, s.label) for s in tl.segments] == [
        ("prepare", 5.0, 0.0, "Get ready: Calf stretch"),
        ("hold", 30.0, 5.0, "Hold"),
        ("done", 0.0, 35.0, "Done"),
    ]
    assert tl.total_seconds == 35.0
    assert [s.side for s in tl.segments] == [None, None, None]
    assert tl.level == "standard" and tl.dropped == () and tl.budget_minutes is None


def test_done_segment_is_last_and_only_one():
    tl = build_timeline(routine(mv(), RestStep(Span.of(10)), mv("Pigeon")))
    done = tl.segments[-1]
    assert (done.kind, done.seconds, done.label, cues(done)) == ("done", 0.0, "Done", [("done", 0)])
    assert done.step == 3 and done.move is None
    assert [s.kind for s in tl.segments].count("done") == 1


def test_starts_contiguous_and_indices_sequential():
    tl = build_timeline(routine(mv(sides="both"), RestStep(Span.of(12.5)),
                                mv("Cobra", dose=Dose(reps=Span.of(6), tempo=Pace(3, 3)))))
    assert [s.index for s in tl.segments] == list(range(len(tl.segments)))
    assert tl.segments[0].start == 0
    for a, b in pairwise(tl.segments):
        assert b.start == a.end
    assert tl.total_seconds == sum(s.seconds for s in tl.segments) == 5 + 65 + 12.5 + 5 + 36


def test_transition_sets_prepare_length_and_rest_steps_have_none():
    tl = build_timeline(routine(RestStep(Span.of(20)), mv(), transition=10))
    assert [(s.kind, s.seconds, s.step) for s in tl.segments] == [
        ("rest", 20.0, 0), ("prepare", 10.0, 1), ("hold", 30.0, 1), ("done", 0.0, 2),
    ]
    assert tl.segments[0].label == "Rest" and tl.segments[0].move is None


def test_zero_transition_drops_prepare_unless_the_move_waits():
    tl = build_timeline(routine(mv(), mv("Pigeon", wait=True), transition=0))
    assert [(s.kind, s.seconds, s.wait) for s in tl.segments] == [
        ("hold", 30.0, False), ("prepare", 0.0, True), ("hold", 30.0, False),
        ("done", 0.0, False),
    ]


def test_wait_flag_only_on_the_prepare_of_a_waiting_move():
    tl = build_timeline(routine(mv(), mv("Down dog", wait=True, sides="both")))
    waiting = [s for s in tl.segments if s.wait]
    assert [(s.kind, s.step, s.label) for s in waiting] == [
        ("prepare", 1, "Get ready: Down dog — left side")]
    # no 3-2-1 countdown into a start that waits for the person's go
    assert cues(waiting[0]) == [("prepare", 0)]
    assert cues(tl.segments[0]) == [("prepare", 0), ("tick", 2), ("tick", 3), ("tick", 4)]


# -- doses -------------------------------------------------------------------------------


def test_breath_pacing_six_breaths_at_4_6_is_60_seconds():
    tl = build_timeline(routine(mv("Breathing", dose=Dose(breaths=Span.of(6)))))
    b = body(tl)
    assert len(b) == 12 and sum(s.seconds for s in b) == 60
    assert [s.kind for s in b[:4]] == ["inhale", "exhale", "inhale", "exhale"]
    assert [s.seconds for s in b[:2]] == [4.0, 6.0]
    assert b[4].label == b[5].label == "Breath 3 of 6"
    assert cues(b[4]) == [("inhale", 0)] and cues(b[5]) == [("exhale", 0)]


def test_pace_argument_beats_routine_pace_and_dose_pace_beats_both():
    r = routine(mv("Breathing", dose=Dose(breaths=Span.of(5))),
                mv("Relax", dose=Dose(breaths=Span.of(5), pace=Pace(4, 8))),
                pace=Pace(3, 3), transition=0)
    per_step = lambda tl: [sum(s.seconds for s in of_step(tl, i)) for i in (0, 1)]  # noqa: E731
    assert per_step(build_timeline(r)) == [30, 60]
    assert per_step(build_timeline(r, pace=Pace(5, 5))) == [50, 60]


def test_reps_with_rep_time_one_segment_per_rep():
    tl = build_timeline(routine(mv("Ankle circles", dose=Dose(reps=Span.of(5),
                                                              rep_time=Span.of(3)))))
    b = body(tl)
    assert [(s.kind, s.seconds, s.label) for s in b] == [
        ("rep", 3.0, f"Rep {k} of 5") for k in range(1, 6)]
    assert tl.total_seconds == 5 + 15
    assert cues(b[0]) == [("start", 0)]  # under 5 s: no ticks


def test_reps_with_tempo_are_an_inhale_and_an_exhale_each():
    tl = build_timeline(routine(mv("Cobra", dose=Dose(reps=Span.of(6), tempo=Pace(3, 2)))))
    b = body(tl)
    assert len(b) == 12 and sum(s.seconds for s in b) == 30
    assert [(s.kind, s.seconds, s.label) for s in b[2:4]] == [
        ("inhale", 3.0, "Rep 2 of 6"), ("exhale", 2.0, "Rep 2 of 6")]


def test_reps_tempo_ignores_breath_pace():
    r = routine(mv("Cobra", dose=Dose(reps=Span.of(2), tempo=Pace(3, 3))), transition=0)
    assert build_timeline(r, pace=Pace(10, 10)).total_seconds == 12


def test_dose_without_timing_is_a_sequence_error():
    with pytest.raises(SequenceError, match="rep_time or tempo"):
        build_timeline(routine(mv("Odd", dose=Dose(reps=Span.of(3)))))


def test_sets_with_set_rest_and_labels():
    m = mv("Squat", dose=Dose(reps=Span.of(6), rep_time=Span.of(2)), sets=Span.of(2),
           set_rest=Span.of(10))
    tl = build_timeline(routine(m))
    b = body(tl)
    assert [s.kind for s in b] == ["rep"] * 6 + ["set-rest"] + ["rep"] * 6
    assert b[6].seconds == 10 and b[6].label == "Rest before set 2 of 2"
    assert cues(b[6]) == [("rest", 0), ("tick", 7), ("tick", 8), ("tick", 9)]
    assert b[2].label == "Set 1 of 2 · Rep 3 of 6" and b[9].label == "Set 2 of 2 · Rep 3 of 6"
    assert tl.total_seconds == 5 + 12 + 10 + 12


def test_sets_default_set_rest_and_hold_label():
    tl = build_timeline(routine(mv(dose=hold(30), sets=Span.of(3))))
    b = body(tl)
    assert DEFAULT_SET_REST == 15
    assert [(s.kind, s.seconds) for s in b] == [
        ("hold", 30), ("set-rest", 15), ("hold", 30), ("set-rest", 15), ("hold", 30)]
    assert [s.label for s in b if s.kind == "hold"] == [
        "Set 1 of 3 · Hold", "Set 2 of 3 · Hold", "Set 3 of 3 · Hold"]


def test_sets_range_resolves_by_level():
    r = routine(mv(dose=hold(10), sets=Span(2, 3), set_rest=Span.of(5)), transition=0)
    assert build_timeline(r, level="gentle").total_seconds == 2 * 10 + 5
    assert build_timeline(r, level="standard").total_seconds == 3 * 10 + 2 * 5  # 2.5 -> 3
    assert build_timeline(r, level="deep").total_seconds == 3 * 10 + 2 * 5


# -- sides -------------------------------------------------------------------------------


def test_both_sides_is_full_dose_each_side_plus_switch():
    dose_seconds = 30
    tl = build_timeline(routine(mv(sides="both", dose=hold(dose_seconds))))
    assert SWITCH_SECONDS == 5
    assert tl.total_seconds == 5 + 2 * dose_seconds + SWITCH_SECONDS
    assert [(s.kind, s.side, s.label) for s in tl.segments] == [
        ("prepare", "left", "Get ready: Calf stretch — left side"),
        ("hold", "left", "Hold"),
        ("switch", "right", "Switch to the right side"),
        ("hold", "right", "Hold"),
        ("done", None, "Done"),
    ]
    assert cues(tl.segments[2]) == [("switch", 0), ("tick", 2), ("tick", 3), ("tick", 4)]


def test_both_sides_with_sets_does_all_sets_before_switching():
    m = mv(sides="both", dose=Dose(reps=Span.of(4), rep_time=Span.of(5)), sets=Span.of(2),
           set_rest=Span.of(10))
    tl = build_timeline(routine(m, transition=0))
    assert [(s.kind, s.side) for s in tl.segments if s.kind != "rep"] == [
        ("set-rest", "left"), ("switch", "right"), ("set-rest", "right"), ("done", None)]
    per_side = 2 * 4 * 5 + 10
    assert tl.total_seconds == 2 * per_side + SWITCH_SECONDS
    left = [s for s in tl.segments if s.side == "left"]
    assert sum(s.seconds for s in left) == per_side


def test_start_side_right():
    tl = build_timeline(routine(mv(sides="both")), start_side="right")
    assert [s.side for s in tl.segments[:4]] == ["right", "right", "left", "left"]
    assert tl.segments[0].label == "Get ready: Calf stretch — right side"
    assert tl.segments[2].label == "Switch to the left side"
    assert tl.start_side == "right"


def test_phases_kept_together_on_one_side_before_switching():
    m = mv("Tense and release", sides="both", phases=(
        Phase("Tense", hold(5)),
        Phase("Release", hold(10)),
        Phase("Knee lifts", Dose(reps=Span.of(5), rep_time=Span.of(2))),
    ))
    tl = build_timeline(routine(m, transition=0))
    got = [(s.label, s.side) for s in tl.segments]
    one_side = ["Tense", "Release"] + [f"Knee lifts · Rep {k} of 5" for k in range(1, 6)]
    assert got == ([(x, "left") for x in one_side] + [("Switch to the right side", "right")]
                   + [(x, "right") for x in one_side] + [("Done", None)])
    assert tl.total_seconds == 2 * (5 + 10 + 10) + SWITCH_SECONDS


def test_phases_with_sets_repeat_the_whole_phase_list():
    m = mv("PMR", phases=(Phase("Tense", hold(5)), Phase("Release", hold(10))),
           sets=Span.of(2), set_rest=Span.of(5))
    tl = build_timeline(routine(m, transition=0))
    assert [s.label for s in tl.segments] == [
        "Set 1 of 2 · Tense", "Set 1 of 2 · Release", "Rest before set 2 of 2",
        "Set 2 of 2 · Tense", "Set 2 of 2 · Release", "Done"]


def test_alternate_sides_per_breath_count_per_side():
    pedal = mv("Down dog pedal", sides="alternate", dose=Dose(breaths=Span.of(10)))
    tl = build_timeline(routine(pedal))
    b = body(tl)
    assert len(b) == 40  # 10 breaths per side, 20 breaths, inhale + exhale each
    assert "switch" not in [s.kind for s in tl.segments]
    sides = [b[i].side for i in range(0, 40, 2)]
    assert sides == ["left", "right"] * 10
    assert all(b[i].side == b[i + 1].side for i in range(0, 40, 2))
    assert [b[i].label for i in range(4)] == [
        "Breath 1 of 10 · left", "Breath 1 of 10 · left",
        "Breath 1 of 10 · right", "Breath 1 of 10 · right"]
    assert b[-1].label == "Breath 10 of 10 · right"
    assert tl.total_seconds == 5 + 20 * 10
    assert tl.segments[0].label == "Get ready: Down dog pedal — left side first"
    assert tl.segments[0].side == "left"


def test_alternate_reps_and_holds():
    reps = mv("March", sides="alternate", dose=Dose(reps=Span.of(3), rep_time=Span.of(2)))
    tl = build_timeline(routine(reps, transition=0))
    assert [(s.label, s.side) for s in tl.segments[:3]] == [
        ("Rep 1 of 3 · left", "left"), ("Rep 1 of 3 · right", "right"),
        ("Rep 2 of 3 · left", "left")]
    assert tl.total_seconds == 12
    holds = mv("Lunge", sides="alternate", dose=hold(20), sets=Span.of(2), set_rest=Span.of(5))
    tl = build_timeline(routine(holds, transition=0), start_side="right")
    assert [(s.kind, s.side, s.label) for s in tl.segments] == [
        ("hold", "right", "Set 1 of 2 · Hold · right"),
        ("hold", "left", "Set 1 of 2 · Hold · left"),
        ("set-rest", None, "Rest before set 2 of 2"),
        ("hold", "right", "Set 2 of 2 · Hold · right"),
        ("hold", "left", "Set 2 of 2 · Hold · left"),
        ("done", None, "Done")]


# -- levels ------------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "seconds"), [("gentle", 20), ("standard", 25), ("deep", 30)])
def test_hold_range_by_level(level, seconds):
    tl = build_timeline(routine(mv(dose=hold(20, 30))), level=level)
    assert body(tl)[0].seconds == seconds and tl.level == level


@pytest.mark.parametrize(("level", "count"), [("gentle", 5), ("standard", 7), ("deep", 8)])
def test_count_range_by_level_rounds_midpoint_half_up(level, count):
    tl = build_timeline(routine(mv(dose=Dose(breaths=Span(5, 8)))), level=level)
    assert len(body(tl)) == 2 * count
    assert body(tl)[-1].label == f"Breath {count} of {count}"


def test_level_defaults_to_routine_level_then_standard():
    assert build_timeline(routine(mv(dose=hold(20, 30)))).level == "standard"
    r = routine(mv(dose=hold(20, 30)), level="deep")
    assert build_timeline(r).level == "deep" and body(build_timeline(r))[0].seconds == 30
    assert body(build_timeline(r, level="gentle"))[0].seconds == 20


def test_fixed_fractional_values_are_kept_at_every_level():
    m = mv(dose=Dose(reps=Span.of(2), rep_time=Span.of(2.5)))
    for level in ("gentle", "standard", "deep"):
        assert build_timeline(routine(m, transition=0), level=level).total_seconds == 5


def test_bad_level_or_side_is_a_sequence_error():
    with pytest.raises(SequenceError, match="level"):
        build_timeline(routine(mv()), level="extreme")  # type: ignore[arg-type]
    with pytest.raises(SequenceError, match="side"):
        build_timeline(routine(mv()), start_side="up")  # type: ignore[arg-type]


def test_one_formula_for_levels_and_points():
    # whole ends: rounded half up; fractional ends: the exact share, never rounded up
    assert [Span(5, 8).at(lv) for lv in LEVELS] == [5, 7, 8]
    assert [Span(20, 30).at(lv) for lv in LEVELS] == [20, 25, 30]
    assert [Span(2.5, 3).at(lv) for lv in LEVELS] == [2.5, 2.75, 3.0]
    assert [resolve(Span(2.5, 3), p) for p in (9, 10, 19, 20)] == [2.725, 2.75, 2.975, 3.0]
    for span in (Span(5, 8), Span(2.5, 3), Span(0.1, 0.7), Span.of(2.5)):
        assert [resolve(span, LEVEL_POINTS[lv]) for lv in LEVELS] == \
               [span.at(lv) for lv in LEVELS]


def test_fractional_range_fills_a_budget_between_standard_and_deep():
    # 4 reps of 2.5-3 s: standard 11 s, deep 12 s; 11.94 s fits 4 x 2.975 s. (Rounding
    # 2.975 up to 3 made point 19 longer than the budget, and the search stopped at 11 s.)
    r = routine(mv(dose=Dose(reps=Span.of(4), rep_time=Span(2.5, 3))), transition=0)
    assert build_timeline(r, level="standard").total_seconds == 11
    tl = build_timeline(r, minutes=11.94 / 60)
    assert tl.total_seconds == pytest.approx(11.9) and tl.level == "standard"
    assert {s.seconds for s in body(tl)} == {2.975}


quarters = st.integers(0, 2400).map(lambda n: n / 4)  # whole and fractional seconds
wholes = st.integers(0, 600).map(float)
unit = st.fractions(0, 1, max_denominator=1000)


@settings(max_examples=300)
@given(st.one_of(quarters, wholes), st.one_of(quarters, wholes), unit, unit)
def test_range_value_never_falls_as_the_point_grows(a, b, p, q):
    low, high = min(a, b), max(a, b)
    p, q = min(p, q), max(p, q)
    v, w = range_value(low, high, p), range_value(low, high, q)
    assert low <= v <= w <= high
    assert range_value(low, high, 0) == low and range_value(low, high, 1) == high
    if low.is_integer() and high.is_integer():
        assert v.is_integer() and abs(v - (low + (high - low) * p)) <= Fraction(1, 2)
    else:
        assert v == float(Fraction(low) + (Fraction(high) - Fraction(low)) * p)


@settings(max_examples=200)
@given(st.one_of(quarters, wholes), st.one_of(quarters, wholes))
def test_every_grid_point_is_monotone_and_levels_match_span_at(a, b):
    span = Span(min(a, b), max(a, b))
    values = [resolve(span, p) for p in range(POINTS + 1)]
    assert values == sorted(values)
    assert (values[0], values[-1]) == (span.low, span.high)
    assert [values[LEVEL_POINTS[lv]] for lv in LEVELS] == [span.at(lv) for lv in LEVELS]


# -- cues --------------------------------------------------------------------------------


def test_halfway_only_on_holds_of_20_seconds_or_more():
    short = body(build_timeline(routine(mv(dose=hold(19)))))[0]
    assert cues(short) == [("start", 0), ("tick", 16), ("tick", 17), ("tick", 18)]
    long = body(build_timeline(routine(mv(dose=hold(20)))))[0]
    assert cues(long) == [("start", 0), ("halfway", 10), ("tick", 17), ("tick", 18),
                          ("tick", 19)]
    rest = build_timeline(routine(RestStep(Span.of(30)))).segments[0]
    assert cues(rest) == [("rest", 0), ("tick", 27), ("tick", 28), ("tick", 29)]


def test_ticks_only_on_segments_of_5_seconds_or_more():
    four = body(build_timeline(routine(mv(dose=hold(4)))))[0]
    five = body(build_timeline(routine(mv(dose=hold(5)))))[0]
    assert cues(four) == [("start", 0)]
    assert cues(five) == [("start", 0), ("tick", 2), ("tick", 3), ("tick", 4)]
    prep = build_timeline(routine(mv())).segments[0]
    assert cues(prep) == [("prepare", 0), ("tick", 2), ("tick", 3), ("tick", 4)]
    prep3 = build_timeline(routine(mv(), transition=3)).segments[0]
    assert cues(prep3) == [("prepare", 0)]


def test_breath_segments_never_tick():
    tl = build_timeline(routine(mv(dose=Dose(breaths=Span.of(2), pace=Pace(6, 8)))))
    for s in body(tl):
        assert cues(s) == [(s.kind, 0)]


# -- time budget -------------------------------------------------------------------------


def test_generous_budget_changes_nothing_below_the_ceiling():
    r = routine(mv(dose=hold(20, 30)), opt(mv("Pigeon", dose=hold(60, 90))))
    for level in ("gentle", "standard", "deep"):
        plain = build_timeline(r, level=level)
        budgeted = build_timeline(r, level=level, minutes=60)
        assert budgeted.segments == plain.segments and budgeted.level == level
        assert budgeted.budget_minutes == 60


def test_budget_without_level_picks_longest_that_fits_up_to_deep():
    r = routine(mv(dose=hold(20, 40)), transition=0)
    assert body(build_timeline(r, minutes=1))[0].seconds == 40  # deep fits
    assert build_timeline(r, minutes=1).level == "deep"
    tl = build_timeline(r, minutes=0.45)  # 27 s: between gentle and standard
    assert tl.total_seconds == 27 and tl.level == "gentle"
    tl = build_timeline(r, minutes=0.5)  # 30 s is exactly standard
    assert tl.total_seconds == 30 and tl.level == "standard"


def test_budget_respects_routine_level_and_explicit_level_as_ceiling():
    r = routine(mv(dose=hold(20, 40)), transition=0, level="gentle")
    assert build_timeline(r, minutes=10).total_seconds == 20
    assert build_timeline(r, minutes=10, level="standard").total_seconds == 30


def _drop_routine() -> Routine:
    return routine(
        mv("Calf stretch", dose=hold(60, 80)),                                # 5 + 60
        opt(mv("Knee hug", dose=hold(25))),                          # 5 + 25
        mv("Hamstring", dose=hold(60)),                                        # 5 + 60
        opt(mv("Ankle circles", dose=Dose(reps=Span.of(2), rep_time=Span.of(5)))),  # 5 + 10
        id="bedtime",
    )


def test_budget_drops_optional_steps_from_the_end_first():
    tl = build_timeline(_drop_routine(), minutes=160 / 60)
    assert tl.dropped == ("Ankle circles",)
    assert tl.total_seconds == 160 and tl.level == "gentle"
    assert {s.step for s in tl.segments} == {0, 1, 2, 4}
    assert of_step(tl, 3) == []


def test_budget_restores_a_dropped_step_that_fits_back_and_fills_with_range():
    # Dropping "Ankle circles" (15 s) is not enough for 150 s; dropping "Knee hug" (30 s)
    # too leaves 130 s, so "Ankle circles" fits back in (145 s) and the calf stretch's
    # 60-80 s range grows to 65 s to use the rest.
    tl = build_timeline(_drop_routine(), minutes=2.5)
    assert tl.dropped == ("Knee hug",)
    assert tl.total_seconds == 150
    assert [s.seconds for s in of_step(tl, 0)] == [5, 65]


def test_budget_too_small_names_shortest_form():
    with pytest.raises(SequenceError) as err:
        build_timeline(_drop_routine(), minutes=2)
    assert str(err.value) == "bedtime cannot fit in 2 minutes: its shortest form takes 2 min 10 s"
    assert shortest(_drop_routine()) == 130


def test_budget_error_message_example():
    r = routine(*(mv(f"Move {k}", dose=hold(145)) for k in range(3)),
                RestStep(Span.of(60), optional=True), id="bedtime")
    with pytest.raises(SequenceError, match=r"^bedtime cannot fit in 5 minutes: its "
                                            r"shortest form takes 7 min 30 s$"):
        build_timeline(r, minutes=5)
    with pytest.raises(SequenceError, match="in 1 minute:"):
        build_timeline(r, minutes=1)


def test_all_optional_routine_keeps_its_first_step():
    r = routine(opt(mv("A", dose=hold(30))), opt(mv("B", dose=hold(30))))
    tl = build_timeline(r, minutes=0.6)
    assert tl.dropped == ("B",) and tl.total_seconds == 35
    with pytest.raises(SequenceError, match="shortest form takes 35 s"):
        build_timeline(r, minutes=0.5)


@pytest.mark.parametrize("minutes", [0, -1, float("nan"), float("inf")])
def test_bad_budget_is_a_sequence_error(minutes):
    with pytest.raises(SequenceError, match="minutes"):
        build_timeline(routine(mv()), minutes=minutes)


def test_deterministic():
    r = _drop_routine()
    for kw in ({}, {"level": "deep"}, {"minutes": 2.5}, {"minutes": 2.5, "start_side": "right"}):
        assert build_timeline(r, **kw) == build_timeline(r, **kw)


# -- formatting ----------------------------------------------------------------------------


@pytest.mark.parametrize(("seconds", "clock", "words"), [
    (0, "0:00", "0 s"), (5, "0:05", "5 s"), (45.4, "0:45", "45 s"), (59.5, "1:00", "1 min"),
    (120, "2:00", "2 min"), (450, "7:30", "7 min 30 s"), (3725, "1:02:05", "1 h 2 min 5 s"),
    (3900, "1:05:00", "1 h 5 min"), (-5, "-0:05", "-5 s"),
])
def test_formatting(seconds, clock, words):
    assert format_seconds(seconds) == clock
    assert format_duration(seconds) == words


# -- invariants --------------------------------------------------------------------------

halves = st.integers(1, 40).map(lambda n: n / 2)


@st.composite
def spans(draw, values=halves):
    a, b = draw(values), draw(values)
    return Span(min(a, b), max(a, b))


counts = spans(st.integers(1, 6).map(float))
paces = st.builds(Pace, halves, halves)
doses = st.one_of(
    st.builds(lambda s: Dose(hold=s), spans()),
    st.builds(lambda c, p: Dose(breaths=c, pace=p), counts, st.none() | paces),
    st.builds(lambda c, t: Dose(reps=c, rep_time=t), counts, spans()),
    st.builds(lambda c, p: Dose(reps=c, tempo=p), counts, paces),
)


@st.composite
def moves(draw):
    phases = draw(st.lists(doses, max_size=3))
    return Move(
        id="m", name=draw(st.sampled_from(["A", "B", "C"])), instructions="", position="lying",
        sides=draw(st.sampled_from(["none", "both", "alternate"])),
        dose=None if phases else draw(doses),
        phases=tuple(Phase(f"P{i}", d) for i, d in enumerate(phases)),
        sets=draw(spans(st.integers(1, 3).map(float))),
        set_rest=draw(st.none() | spans()), wait=draw(st.booleans()),
    )


steps = st.one_of(
    st.builds(MoveStep, moves(), st.booleans()),
    st.builds(RestStep, spans(), st.booleans()),
)
routines = st.builds(
    lambda s, t, lv: Routine(id="r", name="R", steps=tuple(s), transition=t, level=lv),
    st.lists(steps, min_size=1, max_size=5), st.sampled_from([0, 2.5, 5]),
    st.none() | st.sampled_from(["gentle", "standard", "deep"]),
)


def check_shape(tl):
    segs = tl.segments
    assert [s.index for s in segs] == list(range(len(segs)))
    assert segs[0].start == 0
    # Starts are the exact running sum, rounded once; a budget can pick values that are no
    # binary fraction (0.8 s), whose float `end` may then be an ulp off the next start.
    assert all(b.start == pytest.approx(a.end, rel=0, abs=1e-9) for a, b in pairwise(segs))
    assert tl.total_seconds == math.fsum(s.seconds for s in segs)
    assert segs[-1].kind == "done" and all(s.kind != "done" for s in segs[:-1])
    steps_seen = [s.step for s in segs]
    assert steps_seen == sorted(steps_seen)
    for seg in segs:
        assert all(c.at == 0 or 0 < c.at < seg.seconds for c in seg.cues)


@settings(max_examples=150, deadline=None)
@given(routines, st.sampled_from(["left", "right"]))
def test_invariants_by_level(r, side):
    totals = []
    for level in ("gentle", "standard", "deep"):
        tl = build_timeline(r, level=level, start_side=side)
        check_shape(tl)
        assert tl == build_timeline(r, level=level, start_side=side)
        totals.append(tl.total_seconds)
    assert totals == sorted(totals)


@settings(max_examples=150, deadline=None)
@given(routines, st.floats(0.05, 15))
def test_budget_is_never_exceeded(r, minutes):
    ceiling = build_timeline(r, level=r.level or "deep")
    try:
        tl = build_timeline(r, minutes=minutes)
    except SequenceError as err:
        assert shortest(r) > minutes * 60
        assert "its shortest form takes" in str(err)
        return
    check_shape(tl)
    assert tl.total_seconds <= minutes * 60
    assert tl.total_seconds <= ceiling.total_seconds
    if ceiling.total_seconds <= minutes * 60:
        assert tl.segments == ceiling.segments
    assert shortest(r) <= tl.total_seconds


@settings(max_examples=150, deadline=None)
@given(routines, st.floats(0.05, 15), st.floats(0, 5))
def test_a_bigger_budget_never_gives_a_shorter_routine(r, minutes, more):
    # With nothing to drop, only the point changes: the totals must grow with it for the
    # budget search to find the longest fit.
    r = replace(r, steps=tuple(replace(s, optional=False) for s in r.steps))
    try:
        small = build_timeline(r, minutes=minutes)
    except SequenceError:
        return
    big = build_timeline(r, minutes=minutes + more)
    assert small.total_seconds <= big.total_seconds <= (minutes + more) * 60


def test_a_routine_too_big_to_build_is_refused_before_it_is_built() -> None:
    """1000 sets of 1000 reps would be millions of segments: one clear error instead."""
    from rls_stretch.routine.errors import SequenceError

    huge = Move(id="huge", name="Huge", instructions="", position="lying",
                dose=Dose(reps=Span.of(1000), rep_time=Span.of(3)), sets=Span.of(1000))
    routine = Routine(id="big", name="Big", steps=(MoveStep(huge),))
    with pytest.raises(SequenceError, match=r"big: steps\[0\] \(Huge\) takes the routine past "
                                            r"10,000 timed parts"):
        build_timeline(routine)
