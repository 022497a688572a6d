"""What a run of desk breaks is asked to do, and the relief routine each break plays.

A plan is the settings' `breaks:` with the command line over it. Time of day (`--until
17:30`, the morning a "pause until tomorrow" ends) is kept as wall-clock times; how long
things take is seconds on the monotonic clock (see scheduler).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from rls_stretch.routine.catalog import Catalog
from rls_stretch.routine.model import BreakPosition, Routine
from rls_stretch.settings import Settings
from rls_stretch.timeline.options import RunOptions

POSTPONE_SECONDS = 5 * 60.0  # "later": five minutes (or the interval, when shorter)
POSTPONE_LIMIT = 1  # a break is put off once; then it is taken or skipped
DEFAULT_MORNING = time(6, 0)  # "pause until tomorrow" ends here when night hours are off

_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class BreakPlan:
    every: float  # seconds of sitting between breaks
    length: float  # seconds of the break routine
    position: BreakPosition
    warn: float  # seconds before a break for the soft warning; 0: none
    until: time | None = None  # stop at this time of day (the next time it comes)
    morning: time = DEFAULT_MORNING  # when "pause until tomorrow" is over

    @property
    def warning(self) -> float:
        """The warning's lead: `warn`, or half the interval when that is shorter."""
        return min(self.warn, self.every / 2)

    @property
    def postpone(self) -> float:
        return min(POSTPONE_SECONDS, self.every)


def plan_for(settings: Settings, *, every: float | None = None, length: float | None = None,
             position: BreakPosition | None = None, until: time | None = None) -> BreakPlan:
    """The settings' breaks, with whatever the command line gave over them; the morning is
    the end of the settings' night hours (06:00 when they are off)."""
    b = settings.breaks
    hours = settings.night_hours
    morning = time(hours[1] // 60, hours[1] % 60) if hours is not None else DEFAULT_MORNING
    return BreakPlan(every=every or b.every, length=length or b.length,
                     position=position or b.position, warn=b.warn, until=until,
                     morning=morning)


def parse_time_of_day(text: str) -> time:
    """"17:30" -> 17:30; ValueError with a message a person can act on."""
    m = _HHMM.match(text)
    if m is None:
        raise ValueError(f"expected a time of day like 17:30, got {text!r}")
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"{text.strip()} is not a time of day")
    return time(hour, minute)


def next_at(when: time, after: datetime) -> datetime:
    """The next moment the clock shows `when`, after `after` (today, else tomorrow)."""
    at = after.replace(hour=when.hour, minute=when.minute, second=0, microsecond=0)
    return at if at > after else at + timedelta(days=1)


def break_routine(plan: BreakPlan, catalog: Catalog | None = None) -> Routine:
    """The relief routine for the plan's position, gone round as often as its length holds
    (the sequencer then fits it to the length: see break_options)."""
    from rls_stretch.timeline.relief import relief_for

    return relief_for(plan.position, plan.length / 60, catalog)


def break_options(plan: BreakPlan, base: RunOptions | None = None) -> RunOptions:
    """How a break plays: the person's options (mute, voice...) fitted to the length."""
    return replace(base or RunOptions(), minutes=plan.length / 60, position=plan.position,
                   level=None, start_side=None)
