"""Descriptive figures from the diary: daily scores, the streak, what changed before and
after each routine, and scores on days with and without each trigger.

Plain averages and counts only, each with the number of days or sessions it rests on, and
"not enough" where there are too few to mean anything. No claim about cause or treatment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rls_stretch.diary.model import TRIGGERS, BreakRecord, CheckIn, SessionRecord

MIN_DAYS = 3  # days needed on each side before a with/without comparison is shown
MIN_PAIRS = 3  # sessions with a before and an after score before a routine is "best"
BEFORE_WINDOW = timedelta(minutes=60)  # a check-in this close before a run is its "before"
NOT_ENOUGH = "not enough days yet"


@dataclass(frozen=True)
class Day:
    """One calendar day: mean scores (None: nothing recorded), runs done."""

    day: date
    urge: float | None
    sleep: float | None
    sessions: int


@dataclass(frozen=True)
class RoutineChange:
    routine_id: str
    name: str
    sessions: int  # all runs of it in the period
    pairs: int  # runs with a score before and after: what the averages rest on
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class TriggerRow:
    name: str
    days_with: int
    days_without: int
    urge_with: float | None  # None unless both sides have MIN_DAYS
    urge_without: float | None

    @property
    def enough(self) -> bool:
        return self.days_with >= MIN_DAYS and self.days_without >= MIN_DAYS


@dataclass(frozen=True)
class Period:
    days: int
    sessions: int
    completed: int
    minutes: float
    checkins: int
    urge: float | None
    sleep: float | None


def counts(session: SessionRecord) -> bool:
    """A run counts for the streak when something was done, not only started."""
    return session.completed or session.moves_done > 0


def _mean(values: Iterable[float | int | None]) -> float | None:
    got = [v for v in values if v is not None]
    return sum(got) / len(got) if got else None


def days(checkins: list[CheckIn], sessions: list[SessionRecord], end: date,
         n: int = 30) -> list[Day]:
    """The last `n` days up to `end`, oldest first; a day without a score is None there."""
    out = []
    for k in range(n - 1, -1, -1):
        d = end - timedelta(days=k)
        of_day = [c for c in checkins if c.at.date() == d]
        out.append(Day(d, _mean(c.urge for c in of_day), _mean(c.sleep for c in of_day),
                       sum(1 for s in sessions if s.started_at.date() == d and counts(s))))
    return out


def streak(sessions: list[SessionRecord], today: date) -> int:
    """Days in a row with a routine, up to today (or yesterday, if none yet today)."""
    done = {s.started_at.date() for s in sessions if counts(s)}
    d = today if today in done else today - timedelta(days=1)
    n = 0
    while d in done:
        n += 1
        d -= timedelta(days=1)
    return n


def before_after(session: SessionRecord, checkins: list[CheckIn]
                 ) -> tuple[int | None, int | None]:
    """The urge score before a run (its own before check-in, else one in the hour before
    it started) and after it (its own after check-in)."""
    before = after = None
    for c in checkins:
        if c.session_id == session.id and c.urge is not None:
            if c.kind == "before":
                before = c.urge
            elif c.kind == "after":
                after = c.urge
    if before is None:
        near = [c for c in checkins if c.urge is not None and c.kind != "after"
                and session.started_at - BEFORE_WINDOW <= c.at <= session.started_at]
        if near:
            before = near[-1].urge
    return before, after


def per_routine(sessions: list[SessionRecord], checkins: list[CheckIn]
                ) -> list[RoutineChange]:
    """Per routine: runs, and the mean urge before and after over runs that have both."""
    groups: dict[str, list[SessionRecord]] = {}
    for s in sessions:
        groups.setdefault(s.routine_id, []).append(s)
    rows = []
    for rid, runs in groups.items():
        pairs = [(b, a) for b, a in (before_after(s, checkins) for s in runs)
                 if b is not None and a is not None]
        rows.append(RoutineChange(rid, runs[-1].routine_name, len(runs), len(pairs),
                                  _mean(b for b, _ in pairs), _mean(a for _, a in pairs)))
    return sorted(rows, key=lambda r: (-r.pairs, -r.sessions, r.name))


def best_routine(rows: list[RoutineChange]) -> RoutineChange | None:
    """The routine after which the urge fell most, among those with MIN_PAIRS pairs."""
    fit = [r for r in rows if r.pairs >= MIN_PAIRS and r.change is not None]
    return min(fit, key=lambda r: (r.change, -r.pairs)) if fit else None


def per_trigger(checkins: list[CheckIn], own: Iterable[str] = ()) -> list[TriggerRow]:
    """For each trigger: days with it and without it (among days with an urge score), and
    the mean urge on each side, given only with MIN_DAYS days on both sides."""
    by_day: dict[date, list[CheckIn]] = {}
    for c in checkins:
        by_day.setdefault(c.at.date(), []).append(c)
    scored = {d: _mean(c.urge for c in cs) for d, cs in by_day.items()}
    scored = {d: u for d, u in scored.items() if u is not None}
    names = list(TRIGGERS) + [t for t in own if t not in TRIGGERS]
    names += sorted({t for c in checkins for t in c.triggers} - set(names))
    rows = []
    for name in names:
        with_ = [u for d, u in scored.items() if any(name in c.triggers for c in by_day[d])]
        without = [u for d, u in scored.items()
                   if not any(name in c.triggers for c in by_day[d])]
        enough = len(with_) >= MIN_DAYS and len(without) >= MIN_DAYS
        rows.append(TriggerRow(name, len(with_), len(without),
                               _mean(with_) if enough else None,
                               _mean(without) if enough else None))
    return rows


def period(sessions: list[SessionRecord], checkins: list[CheckIn], end: date,
           n: int) -> Period:
    """The last `n` days up to `end` in a few numbers."""
    start = end - timedelta(days=n - 1)
    runs = [s for s in sessions if start <= s.started_at.date() <= end]
    cs = [c for c in checkins if start <= c.at.date() <= end]
    return Period(n, len(runs), sum(s.completed for s in runs),
                  sum(s.done_seconds for s in runs) / 60, len(cs),
                  _mean(c.urge for c in cs), _mean(c.sleep for c in cs))


def breaks_per_day(breaks: list[BreakRecord]) -> dict[date, dict[str, int]]:
    """Per day, how many desk breaks were taken (finished), skipped and postponed."""
    out: dict[date, dict[str, int]] = {}
    for b in breaks:
        if b.action in ("finished", "skipped", "postponed"):
            day = out.setdefault(b.at.date(), {"finished": 0, "skipped": 0, "postponed": 0})
            day[b.action] += 1
    return dict(sorted(out.items()))


def latest_severity(checkins: list[CheckIn]) -> CheckIn | None:
    got = [c for c in checkins if c.severity is not None]
    return got[-1] if got else None


def sleep_question_due(sessions: list[SessionRecord], checkins: list[CheckIn],
                       at: datetime, asked_for: int | None) -> SessionRecord | None:
    """The bedtime run to ask about, on the first start in the morning after it: it is
    morning (04:00-12:00), the last run was a bedtime one (or started 20:00-04:00) less
    than 16 hours ago, no sleep score came since, and the question was not asked yet."""
    if not 4 <= at.hour < 12 or not sessions:
        return None
    last = max(sessions, key=lambda s: s.started_at)
    hour = last.started_at.hour
    bedtime = last.routine_when == "bedtime" or hour >= 20 or hour < 4
    if not bedtime or not timedelta(0) < at - last.started_at < timedelta(hours=16):
        return None
    if last.id == asked_for:
        return None
    if any(c.sleep is not None and c.at >= last.started_at for c in checkins):
        return None
    return last
