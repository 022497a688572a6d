"""`rls-stretch breaks --plain`: desk breaks without the TUI, one line per event.

"[09:44] Break in 30 s: a 2 min seated stretch." Keys when stdin is a terminal: g (or
Enter) starts the break (early, too), l puts it off 5 minutes, s skips it, p pauses or goes
on, t pauses until tomorrow, q quits. A started break plays its routine line by line as
`run --plain` does, then the count starts again. Without a keyboard a due break starts by
itself (like a wait-for-ready hold in `run --plain`).

It sleeps until the scheduler's next wake in one select() on stdin and the signal pipe.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import IO, TYPE_CHECKING, Any

from rls_stretch.breaks.alerts import (
    BreakAlerts,
    Notifier,
    break_words,
    left_words,
    title_text,
)
from rls_stretch.breaks.scheduler import BreakEvent, BreakScheduler
from rls_stretch.cli.plain import Signals, cbreak, tty_fd
from rls_stretch.timeline.timefmt import format_duration

if TYPE_CHECKING:
    from rls_stretch.breaks.plan import BreakPlan
    from rls_stretch.settings import Settings
    from rls_stretch.timeline.options import RunOptions

KEYS_HELP = ("Keys: g start the break (early too), l later (5 min), s skip, p pause, "
             "t pause until tomorrow, q quit.")


def next_text(ev: BreakEvent) -> str:
    """"next in 45 min (at 10:30)": where the next break is, from the event."""
    if ev.remaining is None:
        return ""
    text = f"next in {left_words(ev.remaining)}"
    if ev.remaining >= 60:
        text += f" (at {ev.at + timedelta(seconds=ev.remaining):%H:%M})"
    return text


class BreakPrinter:
    """The scheduler listener that writes the lines."""

    def __init__(self, scheduler: BreakScheduler, out: IO[str], keys: bool) -> None:
        self.s, self.out, self.keys = scheduler, out, keys

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def header(self) -> None:
        p = self.s.plan
        until = f", until {self.s.until_at:%H:%M}" if self.s.until_at is not None else ""
        self.say(f"Desk breaks: {break_words(p.length, p.position)} every "
                 f"{format_duration(p.every)}{until}.")
        if self.keys:
            self.say(KEYS_HELP)

    def __call__(self, ev: BreakEvent) -> None:
        at = f"[{ev.at:%H:%M}]"
        what = break_words(ev.length_seconds, ev.position)
        s = self.s
        if ev.kind == "warned":
            self.say(f"{at} Break in {left_words(ev.remaining)}: {what}.")
        elif ev.kind == "due":
            choice = ("Press g to start, l for 5 min later, s to skip." if self.keys
                      else "No keyboard to answer: starting it.")
            if not s.can_postpone and self.keys:
                choice = "Press g to start or s to skip (it was put off once)."
            self.say(f"{at} Break time: {what}. {choice}")
        elif ev.kind == "started":
            self.say(f"{at} Break started.")
        elif ev.kind == "finished":
            done = "Break done" if ev.completed else "Break stopped early"
            self.say(f"{at} {done}: {next_text(ev)}.")
        elif ev.kind == "postponed":
            self.say(f"{at} Postponed: {next_text(ev)}.")
        elif ev.kind == "skipped":
            self.say(f"{at} Skipped: {next_text(ev)}.")
        elif ev.kind == "paused":
            if ev.until is not None:
                self.say(f"{at} Paused until tomorrow, {ev.until:%H:%M}.")
            else:
                self.say(f"{at} Paused.{' Press p to go on.' if self.keys else ''}")
        elif ev.kind == "resumed":
            self.say(f"{at} Going on: {next_text(ev)}.")
        elif ev.kind == "restarted":
            self.say(f"{at} The {ev.reason}: the sitting count starts again, {next_text(ev)}.")
        elif ev.kind == "ended":
            why = "Stopped" if ev.reason == "stopped" else f"Breaks over ({ev.reason})"
            self.say(f"{at} {why}: {s.taken} taken, {s.skipped} skipped.")


def _terminal(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def run_breaks_plain(scheduler: BreakScheduler, play_break: Callable[[], tuple[int, bool]],
                     out: IO[str] | None = None, *, keys: bool = True,
                     stdin: IO[Any] | None = None) -> int:
    """Run the reminders until --until, q, Ctrl+C (130) or SIGTERM (143).

    `play_break()` plays one break's routine and returns (exit status, completed); a
    status of 128 and over (a signal during the break) ends the reminders with it.
    """
    out = out or sys.stdout
    fd = tty_fd(stdin if stdin is not None else sys.stdin) if keys else None
    printer = BreakPrinter(scheduler, out, fd is not None)
    scheduler.subscribe(printer)
    title = _Title(out) if _terminal(out) else None
    with Signals() as signals:
        try:
            with cbreak(fd):
                scheduler.start()
                printer.header()
                code = _loop(scheduler, fd, signals, play_break, title)
        except KeyboardInterrupt:
            signals.pending = signal.SIGINT
            code = 0
        finally:
            if title is not None:
                title.restore()
        if signals.pending is not None:
            scheduler.stop()
            return 128 + signals.pending
    if code:
        scheduler.stop()
    return code


def _loop(s: BreakScheduler, fd: int | None, signals: Signals,
          play_break: Callable[[], tuple[int, bool]], title: _Title | None) -> int:
    clock = s.clock
    while True:
        s.update()
        if title is not None:
            title.show(title_text(s))
        if s.state == "ended" or signals.pending is not None:
            return 0
        if s.state == "due" and fd is None:
            s.start_break()
        if s.state == "on_break":
            code, completed = play_break()
            if code >= 128:
                return code
            s.finish_break(completed)
            continue
        wake = s.next_wake()
        timeout = None if wake is None else max(0.0, wake - clock.now())
        watch = [f for f in (fd, signals.fd) if f is not None]
        if not watch:
            time.sleep(timeout or 0.0)
            continue
        ready = select.select(watch, [], [], timeout)[0]
        if signals.fd in ready:
            signals.drain()
        if fd in ready and signals.pending is None:
            data = os.read(fd, 64)
            if not data:  # stdin closed: go on without keys
                fd = None
                continue
            _keys(s, data.decode("utf-8", "ignore"))


def _keys(s: BreakScheduler, text: str) -> None:
    actions = {"g": s.start_break, "\r": s.start_break, "\n": s.start_break,
               "l": s.postpone, "s": s.skip, "p": s.toggle_pause, " ": s.toggle_pause,
               "t": s.pause_until_tomorrow, "q": s.stop}
    for ch in text:
        if ch == "\x1b":
            return
        action = actions.get(ch)
        if action is not None:
            action()


class _Title:
    """The terminal's window title (OSC 2), written only when it changes; saved on the
    terminal's title stack first and given back at the end where the terminal keeps one."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.shown: str | None = None
        self._write("\x1b[22;2t")

    def show(self, text: str) -> None:
        if text != self.shown:
            self.shown = text
            self._write(f"\x1b]2;{text}\x07")

    def restore(self) -> None:
        self._write("\x1b]2;\x07\x1b[23;2t")

    def _write(self, data: str) -> None:
        try:
            self.out.write(data)
            self.out.flush()
        except (OSError, ValueError):
            pass


def play_breaks_plain(plan: BreakPlan, opts: RunOptions, settings: Settings) -> int:
    """`breaks --plain`: the scheduler, its sound, notifications and bell, and each break's
    routine played as `run --plain` plays it."""
    from rls_stretch import play
    from rls_stretch.breaks.plan import break_routine
    from rls_stretch.cli.plain import run_plain, say_problem
    from rls_stretch.session.session import Session
    from rls_stretch.sound.cues import CuePlayer, choose_backend

    now = time.localtime()
    night = settings.is_night_at(now.tm_hour, now.tm_min)
    player = CuePlayer(choose_backend(), profile=play.sound_profile(night, settings),
                       muted=opts.mute, volume=settings.volume / 100)
    notifier = Notifier()
    scheduler = BreakScheduler(plan)
    bell = (lambda: (sys.stdout.write("\a"), sys.stdout.flush())) \
        if _terminal(sys.stdout) else None
    scheduler.subscribe(BreakAlerts(play=player.play, bell=bell, notifier=notifier))
    breaks_recorder = play.record_breaks(scheduler, say_problem)

    def play_break() -> tuple[int, bool]:
        run_opts, timeline = play.prepare(break_routine(plan), opts, settings)
        session = Session(timeline)
        voice, log = play.attach(session, player, run_opts)
        recorder = play.record(session, run_opts, say_problem)  # a break is a run too
        try:
            code = run_plain(session)
        finally:
            play.detach(voice, log)
            recorder.close()
        return code, session.state == "finished"

    try:
        return run_breaks_plain(scheduler, play_break)
    finally:
        breaks_recorder.close()
        notifier.close()
        player.close()
