"""A timeline read back step by step: what each move or rest will be, as it will be played.

One summary for every place that lists a routine before it starts (`rls-stretch show`, the
home screen's preview), so they cannot disagree. The doses are read from the timeline's own
segments, so a range is shown as the level or time budget resolved it ("hold 25 s", not
"hold 20-30s"), and a count as the sequencer labelled it ("Rep k of n"), whatever segments a
rep or breath is made of (a breath-paced rep is an inhale and an exhale).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from rls_stretch.routine.model import Dose, Move
from rls_stretch.timeline.describe import dose_text
from rls_stretch.timeline.model import Segment, Timeline
from rls_stretch.timeline.timefmt import format_duration

_COUNT = re.compile(r"\b(?:Rep|Breath) \d+ of (\d+)\b")
_SETS = re.compile(r"\bSet \d+ of (\d+)\b")
_UNITS = ("hold", "inhale", "exhale", "rep")


@dataclass(frozen=True)
class StepSummary:
    """One routine step as it will play. `number` counts the moves (rests have none)."""

    number: int | None
    name: str  # the move's name, or "Rest"
    dose_text: str  # "hold 30 s each side", "6 reps, breath-paced"; a rest: "30 s"
    seconds: float  # the whole step: get-ready, both sides, set rests
    start: float
    caution: str | None = None
    step: int = 0  # index in routine.steps

    @property
    def is_rest(self) -> bool:
        return self.number is None


def step_summaries(timeline: Timeline) -> list[StepSummary]:
    """The steps the timeline plays, in order (steps left out to fit are not there)."""
    out: list[StepSummary] = []
    number = 0
    played = (s for s in timeline.segments if s.kind != "done")
    for step, group in groupby(played, key=lambda s: s.step):
        segs = tuple(group)
        seconds = sum(s.seconds for s in segs)
        move = segs[0].move
        if move is None:
            out.append(StepSummary(None, "Rest", format_duration(seconds), seconds,
                                   segs[0].start, step=step))
            continue
        number += 1
        out.append(StepSummary(number, move.name, played_dose(move, segs), seconds,
                               segs[0].start, move.caution, step))
    return out


def played_dose(move: Move, segments: tuple[Segment, ...]) -> str:
    """A move's dose as these segments (its step's) play it.

    A simple dose has the sides right after its count ("6 reps each side, breath-paced");
    phases are joined with "then", and the sets and sides follow the lot ("Tense: hold 5 s
    then Release: hold 10 s, each side").
    """
    units = [s for s in segments if s.kind in _UNITS]
    sets = max((int(m.group(1)) for s in units if (m := _SETS.search(s.label))), default=1)
    sides = {"both": " each side", "alternate": " each side, alternating"}.get(move.sides, "")
    if move.dose is not None and sets == 1:
        head, tail = _part(move.dose, units)
        return head + sides + tail
    if move.dose is not None:
        text = "".join(_part(move.dose, units))
    else:
        text = " then ".join(
            f"{p.name}: " + "".join(_part(p.dose, [s for s in units if p.name in _parts(s)]))
            for p in move.phases)
    if sets > 1:
        text += f", {sets} sets"
    return text + ("," + sides if sides else "")  # the sides are for the lot


def _parts(seg: Segment) -> list[str]:
    return seg.label.split(" · ")


def _part(dose: Dose, segs: list[Segment]) -> tuple[str, str]:
    """(count, what follows the sides) for one dose, e.g. ("6 reps", ", breath-paced")."""
    if not segs:  # nothing of it is played: say what the file says
        return dose_text(dose), ""
    if dose.hold is not None:
        return f"hold {_secs(segs[0].seconds)}", ""
    found = next((m for s in segs if (m := _COUNT.search(s.label))), None)
    if found is None:
        return dose_text(dose), ""
    n = int(found.group(1))
    if dose.breaths is not None:
        text = f"{n} breath" + ("" if n == 1 else "s")
        if dose.pace is not None:
            inhale = next((s.seconds for s in segs if s.kind == "inhale"), dose.pace.inhale)
            exhale = next((s.seconds for s in segs if s.kind == "exhale"), dose.pace.exhale)
            text += f" ({inhale:g} in / {exhale:g} out)"
        return text, ""
    reps = f"{n} rep" + ("" if n == 1 else "s")
    if dose.tempo is not None:
        return reps, ", breath-paced"
    return f"{reps} of {_secs(segs[0].seconds)}", ""


def _secs(seconds: float) -> str:
    """Seconds in words; a fraction under a minute is kept (a 2.5 s rep)."""
    if seconds < 60 and not float(seconds).is_integer():
        return f"{seconds:g} s"
    return format_duration(seconds)
