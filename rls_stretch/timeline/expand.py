"""One routine step -> the timed pieces it becomes; the sequencer's inner half.

Pure and small on purpose: the rules a person would check ("is it the full dose on each
side?", "when does the tick sound?") each live in one function here. Offsets, indices and
the time budget are the sequencer's job (`rls_stretch.timeline.sequencer`).

Values inside ranges are chosen by a *point* on a grid from gentle (0) to deep
(`POINTS`), through the model's one formula `range_value`: gentle is a range's low end,
deep its high end, standard (`POINTS // 2`) the model's `Span.at("standard")`, and the
points between let a time budget pick a mix.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from rls_stretch.routine.errors import SequenceError
from rls_stretch.routine.model import (
    LEVEL_POINT,
    Dose,
    Level,
    Move,
    MoveStep,
    Pace,
    Routine,
    Side,
    Span,
    Step,
    range_value,
)
from rls_stretch.timeline.model import Cue, SegmentKind

#: Seconds between the two sides of a `sides: both` move (turning over, changing legs).
SWITCH_SECONDS = 5.0
#: Rest between sets when a move has `sets` but no `set_rest`.
DEFAULT_SET_REST = 15.0
#: Holds at least this long get a "halfway" cue at half their length.
HALFWAY_MIN_SECONDS = 20.0
#: Timed (non-breath) segments at least this long get "tick" cues in their last seconds.
TICK_MIN_SECONDS = 5.0
#: The ticks, in seconds before the segment ends.
TICKS_BEFORE_END = (3, 2, 1)

POINTS = 20
#: The model's LEVEL_POINT on the grid: gentle 0, standard 10, deep 20.
LEVEL_POINTS: dict[Level, int] = {lv: int(p * POINTS) for lv, p in LEVEL_POINT.items()}

OTHER: dict[Side, Side] = {"left": "right", "right": "left"}


@dataclass(frozen=True)
class Piece:
    """A segment before it has an index and a start offset."""

    kind: SegmentKind
    seconds: float
    label: str
    step: int
    move: Move | None = None
    side: Side | None = None
    wait: bool = False
    new_position: str | None = None


def cues_for(kind: SegmentKind, seconds: float, wait: bool = False,
             new_position: str | None = None) -> tuple[Cue, ...]:
    """The cues of a segment: one at its start, "halfway" on long holds, ticks at the end.

    Breath segments only name the breath (a tick every few seconds would fight the pacer);
    every other timed segment of at least TICK_MIN_SECONDS counts down its last seconds,
    prepare and switch included, so the move starts on "3, 2, 1" — except a prepare that
    waits for the person's go, where a countdown would promise a start that does not come.
    """
    if kind in ("inhale", "exhale"):
        return (Cue(kind, 0.0),)
    first = {"prepare": "position" if new_position else "prepare", "switch": "switch",
             "rest": "rest", "set-rest": "rest", "done": "done"}.get(kind, "start")
    cues = [Cue(first, 0.0)]
    if kind == "hold" and seconds >= HALFWAY_MIN_SECONDS:
        cues.append(Cue("halfway", seconds / 2))
    if kind != "done" and not wait and seconds >= TICK_MIN_SECONDS:
        cues.extend(Cue("tick", seconds - n) for n in TICKS_BEFORE_END)
    return tuple(cues)


def resolve(span: Span, point: int) -> float:
    """The value of a range at a point on the grid: `range_value` at point / POINTS.

    The same formula as the model's `Span.at(level)`, so standard here is exactly
    `Span.at("standard")`, and a value never falls as the point grows.
    """
    return range_value(span.low, span.high, Fraction(point, POINTS))


def count(span: Span, point: int) -> int:
    return int(resolve(span, point))


MAX_SEGMENTS = 10_000  # an hour of 4-second breaths is under 1,000


def most_segments(step: Step) -> int:
    """An upper bound on the segments a step expands to, at any level: checked before
    expanding, so a file asking for 1000 sets of 1000 reps is refused, not built."""
    if not isinstance(step, MoveStep):
        return 1
    move = step.move
    doses = [p.dose for p in move.phases] if move.phases else [move.dose]
    per_side = 0
    for dose in doses:
        assert dose is not None
        if dose.hold is not None:
            per_side += 1
        else:
            span = dose.breaths if dose.breaths is not None else dose.reps
            # a breath, or a breath-paced rep, is two segments (in, out); a timed rep one
            per_unit = 1 if dose.breaths is None and dose.rep_time is not None else 2
            per_side += per_unit * int(span.high) if span is not None else 1
    sides = 1 if move.sides == "none" else 2
    sets = int(move.sets.high)
    return 2 + sides * sets * (per_side + 1)


class StepExpander:
    """Expands the steps of one routine at one point, with one breath pace and start side."""

    def __init__(self, routine: Routine, point: int, pace: Pace | None, start_side: Side,
                 position_change: float | None = None, start_position: str | None = None):
        self.routine = routine
        self.point = point
        self.pace = pace
        self.start_side = start_side
        self.position_change = position_change
        self.start_position = start_position

    def _position_before(self, index: int) -> str | None:
        """The position of the nearest move before step `index` in the routine (a step a
        time budget drops is still counted: the change is judged on the routine as
        written, so each step's length does not depend on which others are kept). Before
        the first move: where the person said they are (quick relief, desk breaks), if
        they said."""
        for step in reversed(self.routine.steps[:index]):
            if isinstance(step, MoveStep):
                return step.move.position
        return self.start_position

    def step(self, index: int, step: Step) -> list[Piece]:
        if not isinstance(step, MoveStep):
            return [Piece("rest", resolve(step.seconds, self.point), "Rest", index)]
        move = step.move
        first = self.start_side
        pieces: list[Piece] = []
        seconds = float(self.routine.transition)
        new_position = None
        ready = seconds > 0 or move.wait  # `transition: 0` (and no wait): no get-ready at all
        if (ready and self.position_change is not None
                and move.position != self._position_before(index)):
            new_position = move.position
            seconds = max(seconds, float(self.position_change))
        if ready:
            label = f"Get ready: {move.name}"
            if move.sides == "both":
                label += f" — {first} side"
            elif move.sides == "alternate":
                label += f" — {first} side first"
            side = None if move.sides == "none" else first
            pieces.append(Piece("prepare", seconds, label, index, move, side, wait=move.wait,
                                new_position=new_position))
        if move.sides == "both":
            pieces += self._sets(index, move, (first,))
            pieces.append(Piece("switch", SWITCH_SECONDS, f"Switch to the {OTHER[first]} side",
                                index, move, OTHER[first]))
            pieces += self._sets(index, move, (OTHER[first],))
        elif move.sides == "alternate":
            pieces += self._sets(index, move, (first, OTHER[first]))
        else:
            pieces += self._sets(index, move, (None,))
        return pieces

    def _sets(self, index: int, move: Move, cycle: tuple[Side | None, ...]) -> list[Piece]:
        """All sets of a move on one side (cycle of one) or alternating sides (two)."""
        sets = count(move.sets, self.point)
        rest = DEFAULT_SET_REST if move.set_rest is None else resolve(move.set_rest, self.point)
        side = cycle[0] if len(cycle) == 1 else None
        pieces: list[Piece] = []
        for n in range(1, sets + 1):
            if n > 1:
                pieces.append(Piece("set-rest", rest, f"Rest before set {n} of {sets}",
                                    index, move, side))
            prefix = (f"Set {n} of {sets}",) if sets > 1 else ()
            if move.phases:
                # Phases stay together: the whole list on a side, then the next side.
                for s in cycle:
                    for phase in move.phases:
                        pieces += self._units(index, move, phase.dose, (s,), prefix,
                                              phase.name, tag=len(cycle) > 1)
            else:
                assert move.dose is not None
                pieces += self._units(index, move, move.dose, cycle, prefix, None,
                                      tag=len(cycle) > 1)
        return pieces

    def _units(self, index: int, move: Move, dose: Dose, cycle: tuple[Side | None, ...],
               prefix: tuple[str, ...], phase: str | None, tag: bool) -> list[Piece]:
        """One dose: per hold, breath or rep, each side of `cycle` in turn.

        Labels read "[Set k of n · ][Phase · ]Unit[ · side]"; a held phase is just its name.
        """

        def label(unit: str | None, side: Side | None) -> str:
            parts = [*prefix, *((phase,) if phase else ()), *((unit,) if unit else ())]
            if tag and side is not None:
                parts.append(side)
            return " · ".join(parts)

        out: list[Piece] = []
        if dose.hold is not None:
            seconds = resolve(dose.hold, self.point)
            for s in cycle:
                out.append(Piece("hold", seconds, label(None if phase else "Hold", s),
                                 index, move, s))
            return out
        if dose.breaths is not None:
            n = count(dose.breaths, self.point)
            pace = dose.pace or self.pace or self.routine.pace
            for k in range(1, n + 1):
                for s in cycle:
                    text = label(f"Breath {k} of {n}", s)
                    out.append(Piece("inhale", float(pace.inhale), text, index, move, s))
                    out.append(Piece("exhale", float(pace.exhale), text, index, move, s))
            return out
        if dose.reps is None or (dose.rep_time is None and dose.tempo is None):
            raise SequenceError(f"move {move.id!r}: a dose needs hold, breaths, or reps "
                                "with rep_time or tempo")
        n = count(dose.reps, self.point)
        rep_time = None if dose.rep_time is None else resolve(dose.rep_time, self.point)
        for k in range(1, n + 1):
            for s in cycle:
                text = label(f"Rep {k} of {n}", s)
                if rep_time is not None:
                    out.append(Piece("rep", rep_time, text, index, move, s))
                else:
                    assert dose.tempo is not None
                    out.append(Piece("inhale", float(dose.tempo.inhale), text, index, move, s))
                    out.append(Piece("exhale", float(dose.tempo.exhale), text, index, move, s))
        return out
