"""The timeline: what the sequencer makes of a routine and the session plays.

Frozen, like the routine model, so one timeline can be shared by the session, the TUI, the
sound and the JSON output without anyone changing it under the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rls_stretch.routine.model import Level, Move, Routine, Side

SegmentKind = Literal[
    "prepare", "hold", "inhale", "exhale", "rep", "rest", "switch", "set-rest", "done"
]
SEGMENT_KINDS: tuple[SegmentKind, ...] = (
    "prepare", "hold", "inhale", "exhale", "rep", "rest", "switch", "set-rest", "done"
)


@dataclass(frozen=True)
class Cue:
    """A sound (or spoken word) due `at` seconds after its segment starts."""

    name: str
    at: float = 0.0


@dataclass(frozen=True)
class Segment:
    index: int
    kind: SegmentKind
    seconds: float
    start: float
    label: str
    move: Move | None = None
    side: Side | None = None
    cues: tuple[Cue, ...] = ()
    step: int = 0  # index of the routine step this segment belongs to
    wait: bool = False  # a prepare segment that holds until the person says go
    # A prepare segment where the body moves into another position than for the move
    # before (and at the first move): that position ("lying"); see timeline.positions.
    new_position: str | None = None

    @property
    def end(self) -> float:
        return self.start + self.seconds


@dataclass(frozen=True)
class Timeline:
    routine: Routine
    segments: tuple[Segment, ...]
    level: Level = "standard"
    budget_minutes: float | None = None
    dropped: tuple[str, ...] = ()  # names of optional steps left out to fit the budget
    start_side: Side = "left"

    @property
    def total_seconds(self) -> float:
        return self.segments[-1].end if self.segments else 0.0
