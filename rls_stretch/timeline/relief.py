"""Quick relief: where you are and how long -> the matching short routine, filled to time.

The relief routines are short (two to three minutes, as the in-the-moment advice suggests),
so asking for five minutes goes round the routine again rather than playing three minutes
and stopping early.
"""

from __future__ import annotations

import math
from dataclasses import replace

from rls_stretch.routine.catalog import RELIEF, Catalog, resolve
from rls_stretch.routine.errors import UsageError
from rls_stretch.routine.model import Routine

RELIEF_MINUTES = (1, 2, 3, 5)


def relief_routine(position: str, catalog: Catalog | None = None) -> Routine:
    if position not in RELIEF:
        raise UsageError(f"relief: unknown position {position!r}; use lying, seated or standing")
    if catalog is None:  # only the one routine's file, not the whole catalog
        return resolve(RELIEF[position])
    return catalog.resolve(RELIEF[position])


def relief_for(position: str, minutes: float, catalog: Catalog | None = None) -> Routine:
    """The relief routine for `position`, repeated as many whole times as `minutes` holds
    (at its shortest); the sequencer then fits the result to the minutes."""
    from rls_stretch.timeline.sequencer import build_timeline

    routine = relief_routine(position, catalog)
    one_round = build_timeline(routine, level="gentle").total_seconds
    rounds = max(1, math.floor(minutes * 60 / one_round)) if one_round > 0 else 1
    if rounds == 1:
        return routine
    return replace(routine, steps=routine.steps * rounds)
