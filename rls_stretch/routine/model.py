"""The routine model: what a routine file says, once read and checked.

Everything here is a frozen dataclass so that a Routine can be shared between the loader,
the sequencer, the session and the TUI without anyone changing it underneath the others.
(What a routine becomes once sequenced is in rls_stretch.timeline.model.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

Level = Literal["gentle", "standard", "deep"]
LEVELS: tuple[Level, ...] = ("gentle", "standard", "deep")
#: Where each level sits between a range's low end (0) and its high end (1).
LEVEL_POINT: dict[Level, Fraction] = {
    "gentle": Fraction(0), "standard": Fraction(1, 2), "deep": Fraction(1)}

Sides = Literal["none", "both", "alternate"]
SIDES: tuple[Sides, ...] = ("none", "both", "alternate")

Side = Literal["left", "right"]

POSITIONS = ("standing", "seated", "lying", "kneeling", "floor")
#: Where a desk break can be taken (its relief routine): at the desk, or up beside it.
BreakPosition = Literal["seated", "standing"]
BREAK_POSITIONS: tuple[BreakPosition, ...] = ("seated", "standing")
INTENSITIES = ("gentle", "moderate", "vigorous")
WHENS = ("morning", "daytime", "evening", "bedtime", "anytime")


@dataclass(frozen=True)
class Span:
    """A count or a duration as the sources give it: a single value or a range (20-30 s)."""

    low: float
    high: float

    @classmethod
    def of(cls, value: float) -> Span:
        return cls(value, value)

    @property
    def fixed(self) -> bool:
        return self.low == self.high

    def at(self, level: Level) -> float:
        """The value for a level: gentle the low end, standard the middle, deep the high end."""
        return range_value(self.low, self.high, LEVEL_POINT[level])

    def pair(self) -> list[float]:
        return [self.low, self.high]


def range_value(low: float, high: float, point: float | Fraction) -> float:
    """The value `point` of the way from `low` (0) to `high` (1): the one formula for
    levels and time budgets alike.

    Exact arithmetic, so the ends come out as written and the value never falls as the
    point grows (the sequencer's budget search relies on it). When both ends are whole the
    value is rounded half up (counts stay whole: 5-8 at 1/2 gives 7); otherwise it is kept
    as is (2.5-3 s at 1/2 gives 2.75 s).
    """
    lo, hi = Fraction(low), Fraction(high)
    p = min(max(Fraction(point), Fraction(0)), Fraction(1))
    exact = lo + (hi - lo) * p
    if lo.denominator == 1 and hi.denominator == 1:
        exact = Fraction(math.floor(exact + Fraction(1, 2)))
    return float(exact)


@dataclass(frozen=True)
class Pace:
    """Seconds per breath phase."""

    inhale: float = 4.0
    exhale: float = 6.0


@dataclass(frozen=True)
class Dose:
    """How much of a move: exactly one of hold, breaths or reps (with rep_time or tempo).

    A breath-counted dose may carry its own pace (the relaxation's 4-in/8-out), otherwise
    the routine's pace applies.
    """

    hold: Span | None = None  # seconds
    breaths: Span | None = None  # count
    reps: Span | None = None  # count
    rep_time: Span | None = None  # seconds per rep
    tempo: Pace | None = None  # a rep is one breath: inhale to lift, exhale to lower
    pace: Pace | None = None  # for breaths: overrides the routine's pace

    @property
    def kind(self) -> Literal["hold", "breaths", "reps"]:
        if self.hold is not None:
            return "hold"
        if self.breaths is not None:
            return "breaths"
        return "reps"


@dataclass(frozen=True)
class Phase:
    """One part of a compound move (tense, then release), kept together on one side."""

    name: str
    dose: Dose
    instructions: str = ""


@dataclass(frozen=True)
class Move:
    """A stretch, pose or exercise. Exactly one of `dose` or `phases` is set."""

    id: str
    name: str
    instructions: str
    position: str
    sides: Sides = "none"
    dose: Dose | None = None
    phases: tuple[Phase, ...] = ()
    sets: Span = field(default_factory=lambda: Span.of(1))
    set_rest: Span | None = None
    targets: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    caution: str | None = None
    intensity: str = "gentle"
    source: str | None = None
    advanced: bool = False
    wait: bool = False  # hold at the prepare segment until the person says go
    when: tuple[str, ...] = ()  # times of day the source recommends, empty = any

    def __post_init__(self) -> None:
        if (self.dose is None) == (not self.phases):
            raise ValueError(f"move {self.id!r} needs exactly one of dose or phases")


#: Where a step starts in its file (line, column), for warnings about a routine that loads.
Mark = tuple[int, int]


@dataclass(frozen=True)
class MoveStep:
    """A move in a routine, with the routine's overrides already applied."""

    move: Move
    optional: bool = False
    mark: Mark | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RestStep:
    seconds: Span
    optional: bool = False
    mark: Mark | None = field(default=None, compare=False)


Step = MoveStep | RestStep


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    steps: tuple[Step, ...]
    summary: str = ""
    when: str = "anytime"
    transition: float = 5.0
    pace: Pace = field(default_factory=Pace)
    level: Level | None = None  # the routine's own default level
    path: str | None = None
    origin: Literal["built-in", "user", "file"] = "file"

    @property
    def moves(self) -> tuple[Move, ...]:
        return tuple(s.move for s in self.steps if isinstance(s, MoveStep))

    @property
    def positions(self) -> tuple[str, ...]:
        seen: list[str] = []
        for m in self.moves:
            if m.position not in seen:
                seen.append(m.position)
        return tuple(seen)
