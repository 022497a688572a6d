"""Routine (+ level, time budget, breath pace, start side) -> Timeline. Pure, no clock.

The same arguments always give the same timeline: the session, `show --json` and the tests
all rely on it. How one step expands (doses, sides, labels, cues) is in
`rls_stretch.timeline.expand`; this module adds offsets and the time budget.

Choices, in one place:
- Levels: gentle = low end of every range, deep = high end, standard = the midpoint, by
  the model's one formula `range_value`: rounded half up when both ends are whole (5-8 ->
  5 / 7 / 8, 20-30s -> 20 / 25 / 30), kept as is otherwise (2.5-3s -> 2.5 / 2.75 / 3).
  `sets` ranges resolve the same way.
- Sides: `both` is the full dose (every set and phase) on the start side, a
  SWITCH_SECONDS (5 s) switch segment, then the full dose on the other side. `alternate`
  swaps sides every breath or rep (a hold, or a whole phase list, is one turn), with the
  count per side and no switch segment.
- Sets: DEFAULT_SET_REST (15 s) between sets when the move gives no `set_rest`.
- Prepare: routine.transition seconds before each move; left out when the transition is 0
  unless the move waits (`wait: true` needs a segment to wait on).
- Steps: every segment carries its routine step index (dropped steps leave gaps); the done
  segment's step is len(routine.steps). Next/back move between runs of one step
  (`rls_stretch.session.steps`).
- Offsets: each start is the exact running sum of the seconds before it, rounded once to a
  float, so a long routine never drifts and `total_seconds` is the exact total. (A budget
  may pick a value that is no binary fraction, 0.8 s: then a start can be an ulp off the
  previous segment's float `end`.)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from fractions import Fraction

from rls_stretch.routine.errors import SequenceError
from rls_stretch.routine.model import LEVELS, Level, MoveStep, Pace, Routine, Side, Step
from rls_stretch.timeline.expand import (
    DEFAULT_SET_REST,
    HALFWAY_MIN_SECONDS,
    LEVEL_POINTS,
    MAX_SEGMENTS,
    SWITCH_SECONDS,
    TICK_MIN_SECONDS,
    TICKS_BEFORE_END,
    Piece,
    StepExpander,
    cues_for,
    most_segments,
    resolve,
)
from rls_stretch.timeline.model import Segment, Timeline
from rls_stretch.timeline.timefmt import format_duration, format_seconds

__all__ = [
    "DEFAULT_SET_REST", "HALFWAY_MIN_SECONDS", "SWITCH_SECONDS", "TICK_MIN_SECONDS",
    "TICKS_BEFORE_END", "build_timeline", "cues_for", "format_duration", "format_seconds",
    "resolve",
]


def build_timeline(
    routine: Routine,
    *,
    level: Level | None = None,
    minutes: float | None = None,
    pace: Pace | None = None,
    start_side: Side = "left",
    position_change: float | None = None,
    start_position: str | None = None,
) -> Timeline:
    """Expand a routine into timed segments, ending with a 0-second "done" segment.

    Without `minutes`: the level is `level`, else the routine's own, else standard.

    With `minutes` (a budget, never exceeded): the level is a ceiling — `level`, else the
    routine's own, else deep — and the longest timeline that fits is chosen:
    1. the highest point from the ceiling down to gentle, in 1/20 steps of the way from
       gentle to deep, at which the whole routine fits (a budget never makes a routine
       longer than its ceiling level would be, and a generous one changes nothing);
    2. if not even gentle fits, `optional` steps are dropped, the last one first, until
       gentle fits; dropped steps that then fit back in are restored (later ones first);
       the remaining steps then get the highest point that fits, as in 1. A routine whose
       steps are all optional keeps its first step. Dropped names are in
       `Timeline.dropped` (in routine order; a rest step is named "Rest");
    3. otherwise SequenceError names the shortest possible length.
    `Timeline.level` is then the highest named level the chosen point reaches.

    `pace` replaces the routine's breath pace; a dose's own pace still wins over both.

    `position_change` (seconds): where a move's position differs from the move before it
    (and at the first move), its get-ready lasts at least this long and its segment has
    `new_position` (timeline.positions); None leaves get-readies as the routine has them,
    and so does a routine with `transition: 0` (it asked for no get-ready).
    `start_position`: where the person already is (relief and breaks ask): a first move in
    that position is no change of position.
    """
    if level is not None and level not in LEVELS:
        raise SequenceError(f"unknown level {level!r}: choose gentle, standard or deep")
    if start_side not in ("left", "right"):
        raise SequenceError(f"unknown start side {start_side!r}: choose left or right")
    steps = routine.steps
    _check_size(routine)
    plan = _Plan(routine, pace, start_side, position_change, start_position)
    if minutes is None:
        point = LEVEL_POINTS[level or routine.level or "standard"]
        kept = list(range(len(steps)))
    else:
        point, kept = _fit(routine, plan, _budget(minutes),
                           LEVEL_POINTS[level or routine.level or "deep"], minutes)
    pieces = [p for i in kept for p in plan.pieces(point)[i]]
    pieces.append(Piece("done", 0.0, "Done", len(steps)))
    kept_set = set(kept)
    dropped = tuple(_step_name(s) for i, s in enumerate(steps) if i not in kept_set)
    return Timeline(routine=routine, segments=_assemble(pieces), level=_level_at(point),
                    budget_minutes=minutes, dropped=dropped, start_side=start_side)


# -- internals ---------------------------------------------------------------------------


class _Plan:
    """Per-point expansions of every step, computed once each (the budget tries several)."""

    def __init__(self, routine: Routine, pace: Pace | None, start_side: Side,
                 position_change: float | None = None, start_position: str | None = None):
        self.routine = routine
        self.pace = pace
        self.start_side = start_side
        self.position_change = position_change
        self.start_position = start_position
        self._pieces: dict[int, list[list[Piece]]] = {}
        self._totals: dict[int, list[Fraction]] = {}

    def pieces(self, point: int) -> list[list[Piece]]:
        if point not in self._pieces:
            ex = StepExpander(self.routine, point, self.pace, self.start_side,
                              self.position_change, self.start_position)
            self._pieces[point] = [ex.step(i, s) for i, s in enumerate(self.routine.steps)]
        return self._pieces[point]

    def totals(self, point: int) -> list[Fraction]:
        """Exact seconds of each step at a point."""
        if point not in self._totals:
            self._totals[point] = [_exact_sum(p.seconds for p in ps)
                                   for ps in self.pieces(point)]
        return self._totals[point]

    def total(self, point: int, steps: list[int]) -> Fraction:
        totals = self.totals(point)
        return sum((totals[i] for i in steps), Fraction(0))


def _check_size(routine: Routine) -> None:
    total = 0
    for i, step in enumerate(routine.steps):
        total += most_segments(step)
        if total > MAX_SEGMENTS:
            name = _step_name(step)
            raise SequenceError(f"{routine.id}: steps[{i}] ({name}) takes the routine past "
                                f"{MAX_SEGMENTS:,} timed parts; use fewer reps or sets")


def _exact_sum(values: Iterable[float]) -> Fraction:
    """The exact sum of floats (few distinct values, so each is converted once)."""
    return sum((Fraction(v) * n for v, n in Counter(values).items()), Fraction(0))


def _fit(routine: Routine, plan: _Plan, budget: Fraction, top: int,
         minutes: float) -> tuple[int, list[int]]:
    """The point and the kept step indices for a budget; see build_timeline."""
    everything = list(range(len(routine.steps)))
    if plan.total(0, everything) <= budget:
        return _highest_point(plan, everything, budget, top), everything
    gentle = plan.totals(0)
    total = sum(gentle, Fraction(0))
    kept = set(everything)
    dropped: list[int] = []
    for i in _droppable(routine.steps):
        if total <= budget:
            break
        kept.discard(i)
        dropped.append(i)
        total -= gentle[i]
    if total > budget:
        raise SequenceError(
            f"{routine.id} cannot fit in {_minutes_text(minutes)}: its shortest form takes "
            f"{format_duration(math.ceil(total))}"
        )
    for i in dropped[:-1]:  # the last drop made it fit; earlier ones may not be needed now
        if total + gentle[i] <= budget:
            kept.add(i)
            total += gentle[i]
    order = sorted(kept)
    return _highest_point(plan, order, budget, top), order


def _highest_point(plan: _Plan, steps: list[int], budget: Fraction, top: int) -> int:
    """The highest point up to `top` at which `steps` fit, given that gentle (0) fits.

    A binary search: every value a point picks (`model.range_value`) never falls as the
    point grows, so neither does the total.
    """
    low, high = 0, top  # low always fits
    while low < high:
        mid = (low + high + 1) // 2
        if plan.total(mid, steps) <= budget:
            low = mid
        else:
            high = mid - 1
    return low


def _droppable(steps: Sequence[Step]) -> list[int]:
    """Optional steps in the order they go: last first; never every step."""
    optional = [i for i in range(len(steps) - 1, -1, -1) if steps[i].optional]
    if steps and len(optional) == len(steps):
        optional.remove(0)
    return optional


def _budget(minutes: float) -> Fraction:
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not (
        math.isfinite(minutes) and minutes > 0
    ):
        raise SequenceError(f"minutes must be a number above 0, not {minutes!r}")
    return Fraction(minutes * 60)  # the float product: 160 / 60 minutes is 160 s


def _minutes_text(minutes: float) -> str:
    return "1 minute" if minutes == 1 else f"{minutes:g} minutes"


def _level_at(point: int) -> Level:
    if point >= LEVEL_POINTS["deep"]:
        return "deep"
    return "standard" if point >= LEVEL_POINTS["standard"] else "gentle"


def _step_name(step: Step) -> str:
    return step.move.name if isinstance(step, MoveStep) else "Rest"


def _assemble(pieces: list[Piece]) -> tuple[Segment, ...]:
    segments = []
    elapsed = Fraction(0)
    for i, p in enumerate(pieces):
        segments.append(Segment(
            index=i, kind=p.kind, seconds=p.seconds, start=float(elapsed), label=p.label,
            move=p.move, side=p.side, cues=cues_for(p.kind, p.seconds, p.wait, p.new_position),
            step=p.step, wait=p.wait, new_position=p.new_position,
        ))
        elapsed += Fraction(p.seconds)
    return tuple(segments)

