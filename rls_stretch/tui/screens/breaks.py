"""Desk breaks: a small screen for a corner pane (it works at 40x10) counting down to the
next stretch break, and the choice when it comes: start, later (5 min), skip.

It renders the BreakScheduler and forwards keys to it; sound, the window title and the
routine itself go to the app as messages (PlayCue, WindowTitle, StartBreak). One timer is
armed for the scheduler's next wake (the next whole second, the warning, the break); keys
re-arm it. The desktop notification (breaks.alerts.Notifier) belongs to this screen and is
closed with it, so no notification child outlives it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Footer, Static

from rls_stretch.breaks.alerts import BreakAlerts, Notifier, break_words, title_text
from rls_stretch.breaks.plan import BreakPlan, break_options, break_routine
from rls_stretch.breaks.scheduler import BreakScheduler
from rls_stretch.routine.errors import RoutineError, UsageError
from rls_stretch.routine.model import Routine
from rls_stretch.session.view import WAKE_SLACK
from rls_stretch.timeline.options import RunOptions
from rls_stretch.timeline.timefmt import format_duration, format_seconds

if TYPE_CHECKING:
    from rls_stretch.session.events import Event



# -- what the screen asks of the app ------------------------------------------------------


@dataclass
class OpenBreaks(Message):
    """Open the breaks screen (from home: the settings' plan)."""

    plan: BreakPlan | None = None


@dataclass
class StartBreak(Message):
    """Play `routine` in the player; `listener` hears the session's events (its end),
    `failed` why it could not start."""

    routine: Routine
    opts: RunOptions
    listener: Callable[[Event], None]
    failed: Callable[[str], None]


@dataclass
class PlayCue(Message):
    cue: str


@dataclass
class WindowTitle(Message):
    """Show `text` as the terminal's window title ("" gives the old one back)."""

    text: str


class BreakScreen(Screen[None]):
    CSS_PATH = "breaks.tcss"
    AUTO_FOCUS = None
    VERTICAL_BREAKPOINTS = [(0, "-tiny-v"), (8, "-short"), (14, "-tall")]
    BINDINGS = [
        Binding("g,enter", "start", "Start", id="breaks.start",
                tooltip="Start the break's stretches now"),
        Binding("l", "later", "Later", id="breaks.later",
                tooltip="Put the break off 5 minutes (once)"),
        Binding("s", "skip", "Skip", id="breaks.skip",
                tooltip="Skip this break: the next one is a whole interval away"),
        Binding("p", "pause", "Pause", id="breaks.pause", tooltip="Hold the count"),
        # While a break is coming the footer offers start, later and skip; p still pauses.
        Binding("p", "pause_quietly", "Pause", id="breaks.pause-quiet", show=False,
                tooltip="Hold the count"),
        Binding("p", "resume", "Go on", id="breaks.resume", tooltip="Carry on counting"),
        Binding("t", "tomorrow", "Until tomorrow", id="breaks.tomorrow", show=False,
                tooltip="No more breaks today: pause until the morning"),
        Binding("q,escape", "quit", "Quit", id="breaks.quit",
                tooltip="Stop the break reminders"),
        Binding("ctrl+c", "quit", "Quit", id="breaks.quit-ctrl-c", show=False),
    ]

    def __init__(self, scheduler: BreakScheduler, opts: RunOptions | None = None, *,
                 notifier: Notifier | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scheduler = scheduler
        self.opts = opts or RunOptions()
        self.notifier = notifier if notifier is not None else Notifier()
        self._timer: Timer | None = None
        self._shown: dict[str, Any] = {}
        self._widgets: dict[str, Static] = {}
        self._state_key: tuple[str, bool, bool] | None = None
        scheduler.subscribe(BreakAlerts(play=self._play, bell=self._bell,
                                        notifier=self.notifier))

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="breaks-box"):
            yield Static("", id="breaks-head")
            yield Digits("", id="breaks-countdown")
            yield Static("", id="breaks-info")
            yield Static("", id="breaks-choices")
            yield Static("", id="breaks-note")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        if self.scheduler.state == "ready":
            self.scheduler.start()
        self.wake()

    def on_unmount(self) -> None:
        self._disarm()
        if self.scheduler.state != "ended":
            self.scheduler.stop()
        self.notifier.close()
        self.app.post_message(WindowTitle(""))  # this screen's own queue is closing

    def on_resize(self) -> None:
        if self.is_mounted:
            self.render_breaks()  # the breakpoint class may have changed: the head follows

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.wake()

    # -- waking -------------------------------------------------------------------------------

    def wake(self) -> None:
        self.scheduler.update()
        self._after()

    def _after(self) -> None:
        self.render_breaks()
        if self.scheduler.state == "ended":
            self._disarm()
            if self.scheduler.end_reason != "stopped":  # --until: the day is done
                self._close()
            return
        self._arm()

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _arm(self) -> None:
        self._disarm()
        wake = self.scheduler.next_wake()
        if wake is None:
            return
        delay = max(0.0, wake - self.scheduler.clock.now()) + WAKE_SLACK
        self._timer = self.set_timer(delay, self.wake, name="breaks")

    # -- rendering ----------------------------------------------------------------------------

    def _put(self, selector: str, text: str) -> None:
        """Update a Static only when its text changes; the one-line head (it changes every
        second) repaints without a relayout, its size being fixed by the CSS."""
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            widget = self._widgets.get(selector)
            if widget is None:
                widget = self._widgets[selector] = self.query_one(selector, Static)
            widget.update(text, layout=selector != "#breaks-head")

    def render_breaks(self) -> None:
        s = self.scheduler
        key = (s.state, s.warned, s.can_postpone)
        if key != self._state_key:
            self._state_key = key
            for state in ("counting", "due", "on_break", "paused", "ended"):
                self.set_class(s.state == state, f"-{state.replace('_', '-')}")
            self.set_class(s.warned and s.state == "counting", "-warned")
            self.refresh_bindings()
        p = s.plan
        what = break_words(p.length, p.position)
        left = s.countdown()
        clock = format_seconds(left) if left is not None else ""
        if self._shown.get("countdown") != clock:
            self._shown["countdown"] = clock
            self.query_one("#breaks-countdown", Digits).update(clock)
        self._put("#breaks-head", self._head(clock))
        self._put("#breaks-info", what[0].upper() + what[1:] + self._at_text())
        self._put("#breaks-choices", self._choices() if s.state == "due" else "")
        self._put("#breaks-note", self._note())
        title = title_text(s)
        if self._shown.get("title") != title:
            self._shown["title"] = title
            self.post_message(WindowTitle(title))

    def _head(self, clock: str) -> str:
        s = self.scheduler
        if s.state == "due":
            return "Time for a stretch break"
        if s.state == "on_break":
            return "On a stretch break"
        if s.state == "ended":
            return "Breaks over"
        # The big digits carry the seconds; on a pane too short for them, the words do
        # (so on a tall one this line does not change every second).
        clock = f" {clock}" if clock and self.has_class("-tiny-v") else ""
        if s.state == "paused":
            return f"Paused{' ·' + clock + ' left' if clock else ''}"
        return f"Next stretch break in{clock}"

    def _at_text(self) -> str:
        s = self.scheduler
        left = s.remaining()
        if s.state != "counting" or left is None or left < 60:
            return ""
        return f" at {s.wall() + timedelta(seconds=left):%H:%M}"

    def _choices(self) -> str:
        s = self.scheduler
        later = (f"l  Later: in {format_duration(s.plan.postpone)}" if s.can_postpone
                 else "   (put off once already)")
        return "\n".join(("g  Start the stretches", later, "s  Skip this one"))

    def _note(self) -> str:
        s = self.scheduler
        if s.state == "counting" and s.warned:
            return "Soon: finish what you are doing"
        if s.state == "paused":
            if s.resume_at is not None:
                return f"Until tomorrow, {s.resume_at:%H:%M}"
            return "p goes on · t until tomorrow"
        if s.state == "ended":
            return f"{s.taken} taken, {s.skipped} skipped · q to close"
        if s.state == "counting" and s.until_at is not None:
            return f"Until {s.until_at:%H:%M}"
        return ""

    # -- reaching the person ----------------------------------------------------------------

    def _play(self, cue: str) -> None:
        self.post_message(PlayCue(cue))

    def _bell(self) -> None:
        self.app.bell()

    # -- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        s = self.scheduler
        if action == "start":
            return s.state in ("counting", "due")
        if action == "later":
            return s.can_postpone
        if action == "skip":
            return s.can_skip
        if action == "pause":
            return s.state == "counting" and not s.warned
        if action == "pause_quietly":
            return s.state == "due" or (s.state == "counting" and s.warned)
        if action == "resume":
            return s.state == "paused"
        if action == "tomorrow":
            return s.state in ("counting", "due", "paused")
        return True

    def action_start(self) -> None:
        s = self.scheduler
        s.start_break()
        if s.state == "on_break":
            plan = s.plan
            try:
                routine = break_routine(plan)
            except (RoutineError, UsageError) as e:
                self._failed(str(e))
                return
            self.post_message(StartBreak(routine, break_options(plan, self.opts),
                                         self._session_event, self._failed))
        self._after()

    def _failed(self, why: str) -> None:
        self.notify(why, title="The break cannot start", severity="error", timeout=10)
        self.scheduler.finish_break(completed=False)
        self._after()

    def action_later(self) -> None:
        self.scheduler.postpone()
        self._after()

    def action_skip(self) -> None:
        self.scheduler.skip()
        self._after()

    def action_pause(self) -> None:
        self.scheduler.pause()
        self._after()

    def action_pause_quietly(self) -> None:
        self.action_pause()

    def action_resume(self) -> None:
        self.scheduler.resume()
        self._after()

    def action_tomorrow(self) -> None:
        self.scheduler.pause_until_tomorrow()
        self._after()

    def action_quit(self) -> None:
        self.scheduler.stop()
        self._close()

    def _close(self) -> None:
        """Back to the home screen if it opened this one, else the program ends (0)."""
        if self.app.screen is not self:
            return
        if len(self.app.screen_stack) > 2:
            s = self.scheduler
            self.app.pop_screen()
            self.app.notify(f"Desk breaks over: {s.taken} taken, {s.skipped} skipped.",
                            timeout=6)
        else:
            self.app.exit(0)

    def _session_event(self, event: Event) -> None:
        """The break's session: its end (finished, or stopped early) starts the count."""
        if event.kind in ("finish", "stop") and self.scheduler.state == "on_break":
            self.scheduler.finish_break(completed=event.kind == "finish")
            self._after()
