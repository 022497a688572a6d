"""Safety warnings for routines that load fine but may not be good for restless legs.

The articles warn against vigorous exercise near bedtime and give some moves for the
morning and afternoon only; a caution (osteoporosis for knee-to-chest) must reach the
person doing the move.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rls_stretch.routine.model import Mark, Move, Routine

if TYPE_CHECKING:
    from rls_stretch.timeline.model import Timeline

MAX_MINUTES = 60
NIGHT = ("evening", "bedtime", "anytime")


def lint_routine(routine: Routine, library: Mapping[str, Move],
                 timeline: Timeline | None = None) -> list[str]:
    """Warnings, each one line naming the step; an empty list when all is well."""
    return [message for _, message in lint_marked(routine, library, timeline)]


def lint_marked(routine: Routine, library: Mapping[str, Move],
                timeline: Timeline | None = None) -> list[tuple[Mark | None, str]]:
    """The warnings with where each step starts in its file (line, column), as the loader
    marked it; `timeline` is the routine's, when the caller has built it already."""
    from rls_stretch.routine.errors import SequenceError
    from rls_stretch.routine.model import MoveStep

    warnings: list[tuple[Mark | None, str]] = []
    for i, step in enumerate(routine.steps):
        if not isinstance(step, MoveStep):
            continue
        move, where = step.move, f"steps[{i}] ({step.move.name})"
        if routine.when == "bedtime":
            if move.intensity == "vigorous":
                warnings.append((step.mark, f"{where}: a vigorous move in a bedtime routine "
                                            "can make restless legs worse; keep bedtime gentle"))
            if move.when and not any(w in NIGHT for w in move.when):
                times = " and ".join(move.when)
                warnings.append((step.mark, f"{where}: the source recommends this move for the "
                                            f"{times}, not at bedtime"))
        original = library.get(move.id)
        if original is not None and original.caution and not move.caution:
            warnings.append((step.mark, f"{where}: hides the move's caution "
                                        f"({original.caution!r}); people need to see it"))
    if timeline is None:
        from rls_stretch.timeline.sequencer import build_timeline

        try:
            timeline = build_timeline(routine)
        except SequenceError:
            timeline = None
    total = timeline.total_seconds if timeline is not None else 0.0
    if total > MAX_MINUTES * 60:
        warnings.append((None, f"routine takes {total / 60:.0f} minutes; over {MAX_MINUTES} "
                               "minutes is more than the articles suggest"))
    return warnings
