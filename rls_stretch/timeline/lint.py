"""Safety warnings for routines that load fine but may not be good for restless legs.

The articles warn against vigorous exercise near bedtime and give some moves for the
morning and afternoon only; a caution (osteoporosis for knee-to-chest) must reach the
person doing the move.
"""

from __future__ import annotations

from collections.abc import Mapping

from rls_stretch.routine.model import Move, Routine

MAX_MINUTES = 60
NIGHT = ("evening", "bedtime", "anytime")


def lint_routine(routine: Routine, library: Mapping[str, Move]) -> list[str]:
    """Warnings, each one line naming the step; an empty list when all is well."""
    from rls_stretch.routine.errors import SequenceError
    from rls_stretch.routine.model import MoveStep
    from rls_stretch.timeline.sequencer import build_timeline

    warnings: list[str] = []
    for i, step in enumerate(routine.steps):
        if not isinstance(step, MoveStep):
            continue
        move, where = step.move, f"steps[{i}] ({step.move.name})"
        if routine.when == "bedtime":
            if move.intensity == "vigorous":
                warnings.append(f"{where}: a vigorous move in a bedtime routine can make "
                                "restless legs worse; keep bedtime gentle")
            if move.when and not any(w in NIGHT for w in move.when):
                times = " and ".join(move.when)
                warnings.append(f"{where}: the source recommends this move for the {times}, "
                                "not at bedtime")
        original = library.get(move.id)
        if original is not None and original.caution and not move.caution:
            warnings.append(f"{where}: hides the move's caution ({original.caution!r}); "
                            "people need to see it")
    try:
        total = build_timeline(routine).total_seconds
    except SequenceError:
        total = 0.0
    if total > MAX_MINUTES * 60:
        warnings.append(f"routine takes {total / 60:.0f} minutes; over {MAX_MINUTES} minutes "
                        "is more than the articles suggest")
    return warnings
