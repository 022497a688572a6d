"""The diary screen (`j` on home): the last 30 days of urge and sleep scores, the streak,
per routine the urge before and after, per trigger the urge on days with and without it,
and the recent runs and check-ins. Descriptive figures only, with what each rests on.

Everything shown is read once, by load_diary_view(), into a DiaryView; the screen only
lays it out, so a test can check the figures without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from rls_stretch.diary import stats
from rls_stretch.diary.model import SEVERITY_MAX, CheckIn, SessionRecord, now, severity_band
from rls_stretch.diary.store import Diary, DiaryError, default_path
from rls_stretch.timeline.timefmt import format_duration
from rls_stretch.tui.widgets.daychart import DayChart

DAYS = 30
RECENT = 5


@dataclass(frozen=True)
class DiaryView:
    days: tuple[stats.Day, ...] = ()
    streak: int = 0
    routines: tuple[stats.RoutineChange, ...] = ()
    triggers: tuple[stats.TriggerRow, ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    problem: str | None = None
    empty: bool = field(default=True)
    own_triggers: tuple[str, ...] = ()
    severity: CheckIn | None = None  # the latest weekly severity total


def load_diary_view() -> DiaryView:
    """Read the diary for the screen; a diary that cannot be read is a problem line."""
    path = default_path()
    if not path.exists():
        return DiaryView()
    try:
        with Diary.open(path, create=False) as diary:
            sessions, checkins, own = diary.sessions(), diary.checkins(), diary.own_triggers()
    except DiaryError as e:
        return DiaryView(problem=str(e))
    today = now().date()
    return DiaryView(
        days=tuple(stats.days(checkins, sessions, today, DAYS)),
        streak=stats.streak(sessions, today),
        routines=tuple(stats.per_routine(sessions, checkins)),
        triggers=tuple(t for t in stats.per_trigger(checkins, own)
                       if t.days_with or t.name in own),
        sessions=tuple(sessions[-RECENT:]), checkins=tuple(checkins[-RECENT:]),
        empty=not sessions and not checkins, own_triggers=tuple(own),
        severity=stats.latest_severity(checkins))


def routine_lines(rows: tuple[stats.RoutineChange, ...]) -> list[str]:
    out = []
    for r in rows:
        runs = f"{r.sessions} run{'s' * (r.sessions != 1)}"
        if r.pairs and r.change is not None:
            out.append(f"{r.name}: {runs}; urge {r.before:.1f} -> {r.after:.1f} "
                       f"({r.change:+.1f}) over {r.pairs} with a score before and after")
        else:
            out.append(f"{r.name}: {runs}; no score before and after yet")
    return out or ["No routines yet."]


def trigger_lines(rows: tuple[stats.TriggerRow, ...]) -> list[str]:
    out = []
    for t in rows:
        if t.enough:
            out.append(f"{t.name}: urge {t.urge_with:.1f} on {t.days_with} days with it, "
                       f"{t.urge_without:.1f} on {t.days_without} days without")
        else:
            out.append(f"{t.name}: {stats.NOT_ENOUGH} ({t.days_with} with, "
                       f"{t.days_without} without; {stats.MIN_DAYS} each needed)")
    return out or ["No triggers noted yet: `rls-stretch checkin` asks about them."]


def recent_lines(view: DiaryView) -> list[str]:
    items: list[tuple[str, str]] = []
    for s in view.sessions:
        how = "completed" if s.completed else (s.ended_by or "ended unexpectedly")
        items.append((s.started_at.isoformat(), f"{s.started_at:%a %d %b %H:%M}  "
                      f"{s.routine_name}, {format_duration(s.done_seconds)}, {how}"))
    for c in view.checkins:
        parts = [f"{k} {v}" for k, v in (("urge", c.urge), ("discomfort", c.discomfort),
                                          ("sleep", c.sleep)) if v is not None]
        if c.triggers:
            parts.append(", ".join(c.triggers))
        if c.note:
            parts.append(f"“{c.note}”")
        items.append((c.at.isoformat(), f"{c.at:%a %d %b %H:%M}  check-in: "
                      + ("; ".join(parts) or "nothing noted")))
    return [text for _, text in sorted(items)[-2 * RECENT:]] or ["Nothing yet."]


class DiaryScreen(Screen[None]):
    CSS_PATH = "diary.tcss"
    BINDINGS = [
        Binding("escape,q,j", "close", "Back", id="diary.back",
                tooltip="Back to the home screen"),
        Binding("c", "checkin", "Check-in", id="diary.checkin",
                tooltip="Note how the legs are, last night's sleep and the day's triggers"),
    ]

    def __init__(self, view: DiaryView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        v = self.view
        with VerticalScroll(id="diary-body"):
            yield Static("Your diary: the last 30 days", id="diary-title")
            if v.problem:
                yield Static(v.problem, id="diary-problem", markup=False)
            elif v.empty:
                yield Static("Nothing recorded yet. Every routine you play is kept here, "
                             "and `rls-stretch checkin` notes how the legs are.",
                             id="diary-empty")
            if v.days:
                yield DayChart([("Urge", [d.urge for d in v.days]),
                                ("Sleep", [d.sleep for d in v.days]),
                                ("Runs", [min(d.sessions, 1) * 10 if d.sessions else None
                                          for d in v.days])], id="diary-chart")
                yield Static(f"Streak: {v.streak} day{'s' * (v.streak != 1)} in a row with "
                             "a routine", id="diary-streak")
                if v.severity is not None and v.severity.severity is not None:
                    total = v.severity.severity
                    yield Static(f"Weekly severity: {total} of {SEVERITY_MAX} "
                                 f"({severity_band(total)}) on {v.severity.at:%d %b}",
                                 id="diary-severity")
                yield Static("Per routine, urge before -> after", classes="diary-heading")
                yield Static("\n".join(routine_lines(v.routines)), id="diary-routines",
                             markup=False)
                yield Static("Per trigger, urge on days with and without it",
                             classes="diary-heading")
                yield Static("\n".join(trigger_lines(v.triggers)), id="diary-triggers",
                             markup=False)
                yield Static("Recent", classes="diary-heading")
                yield Static("\n".join(recent_lines(v)), id="diary-recent", markup=False)
                yield Static("Plain averages of your own scores; not a finding about cause.",
                             id="diary-caveat")
        yield Footer(show_command_palette=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_checkin(self) -> None:
        from rls_stretch.tui.screens.checkin import CheckinScreen

        self.app.push_screen(CheckinScreen(list(self.view.own_triggers)), self._keep)

    def _keep(self, checkin: CheckIn | None) -> None:
        if checkin is None:
            return
        problem = save_checkin(checkin)
        if problem:
            self.notify(problem, title="Diary", severity="warning", markup=False)
            return
        self.notify("Check-in kept.", title="Diary")
        self.view = load_diary_view()
        self.refresh(recompose=True)


def save_checkin(checkin: CheckIn) -> str | None:
    """Keep a check-in; the problem to say when it cannot be kept."""
    try:
        with Diary.open() as diary:
            diary.add_checkin(checkin)
    except DiaryError as e:
        return f"{e}; the check-in is not kept"
    return None
