"""The diary's records as frozen dataclasses, and the fixed sets they draw on.

Times are aware datetimes (local time with its offset): a diary kept over months crosses
daylight-saving changes and journeys, and a doctor reads the hour the person lived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

EndedBy = Literal["finished", "quit", "interrupt", "terminate", "hangup"]
ENDED_BY: tuple[EndedBy, ...] = ("finished", "quit", "interrupt", "terminate", "hangup")
CheckinKind = Literal["alone", "before", "after", "morning"]
BreakAction = Literal["warned", "due", "started", "finished", "postponed", "skipped", "paused"]
BREAK_ACTIONS: tuple[BreakAction, ...] = ("warned", "due", "started", "finished", "postponed",
                                          "skipped", "paused")

# The day's possible triggers the sources name; the person's own are added to these.
TRIGGERS = ("caffeine", "alcohol", "nicotine", "late exercise", "long sitting", "stress")

SCORE_MAX = 10
SEVERITY_MAX = 40
# The bands of a 0-40 weekly severity total, as the person's doctor reads them.
SEVERITY_BANDS = ((0, "none"), (1, "mild"), (11, "moderate"), (21, "severe"),
                  (31, "very severe"))


def severity_band(total: int) -> str:
    """The band of a weekly severity total 0-40: 1-10 mild ... 31-40 very severe."""
    if not 0 <= total <= SEVERITY_MAX:
        raise ValueError(f"expected a total from 0 to {SEVERITY_MAX}, got {total}")
    band = SEVERITY_BANDS[0][1]
    for low, name in SEVERITY_BANDS:
        if total >= low:
            band = name
    return band


def now() -> datetime:
    """The wall time now, local with its offset (the one place the diary reads it)."""
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class SessionRecord:
    """One run of a routine, finished or stopped. `ended_by` None: still going, or the
    program was killed outright before it could say (kill -9, power cut)."""

    id: int
    routine_id: str
    routine_name: str
    routine_when: str
    level: str
    minutes_asked: float | None
    started_at: datetime
    ended_at: datetime | None
    planned_seconds: float
    done_seconds: float
    moves_done: int
    moves_total: int
    skipped_moves: tuple[str, ...]
    completed: bool
    ended_by: EndedBy | None


@dataclass(frozen=True)
class CheckIn:
    """The person's own numbers at one moment: 0-10 scores (None: not asked or skipped),
    the day's possible triggers, a note, and an optional weekly severity total 0-40."""

    at: datetime
    kind: CheckinKind = "alone"
    urge: int | None = None  # urge to move, 0 none - 10 worst
    discomfort: int | None = None
    sleep: int | None = None  # how last night's sleep was, 0 awful - 10 very good
    triggers: tuple[str, ...] = ()
    note: str = ""
    severity: int | None = None  # weekly total 0-40 from the doctor's questionnaire
    session_id: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        for name in ("urge", "discomfort", "sleep"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= SCORE_MAX:
                raise ValueError(f"{name}: expected 0 to {SCORE_MAX}, got {value}")
        if self.severity is not None:
            severity_band(self.severity)


@dataclass(frozen=True)
class BreakRecord:
    at: datetime
    action: BreakAction
    position: str | None
    every_seconds: float
    length_seconds: float
    id: int | None = None


@dataclass(frozen=True)
class Remembered:
    """Small things kept between runs (what history.json held)."""

    start_sides: dict[str, str] = field(default_factory=dict)
    relief: tuple[str, float] | None = None
