"""`--plain`: the session without the TUI, one line per segment as it starts.

This is the screen-reader mode and what scripts use, so the output is plain sentences, no
redrawing and no countdown: "[0:05] Hold — Calf stretch, left side — 30 s". When stdin is a
terminal, single keys still work (space pause/resume or go, n next, b back, + / - 10 s,
q quit), read in cbreak mode that is undone on every way out. Sound comes from whatever the
caller subscribed to the session (the audio player); this module plays nothing itself.

It sleeps until the session's next wake in one select() on stdin (or time.sleep without
keys): no polling, so an idle run costs almost no CPU.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import termios
import threading
import time
import tty
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

from rls_stretch.session.session import Event, Session
from rls_stretch.timeline.positions import say as position_words
from rls_stretch.timeline.timefmt import format_duration, format_seconds

if TYPE_CHECKING:
    from rls_stretch.settings import Settings
    from rls_stretch.timeline.model import Timeline
    from rls_stretch.timeline.options import RunOptions

KEYS_HELP = "Keys: space pause/resume, n next move, b back, + or - 10 seconds, q quit."
BREATH = {"inhale": "breathe in", "exhale": "breathe out"}
MOVING = ("hold", "rep", "inhale", "exhale")


def spoken(seconds: float) -> str:
    """A duration as words: 30 -> "30 s", 90 -> "1 min 30 s", 2.5 -> "2.5 s", 5.84 -> "5.8 s".

    timefmt's format_duration (rounded half up), except that under a minute a fraction is
    said as it is: a 2.5 s rep is not a 3 s one.
    """
    if 0 < seconds < 60 and seconds != int(seconds):
        return f"{round(seconds, 1):g} s"
    return format_duration(seconds)


def segment_line(seg: Any) -> str:
    """One segment: "[0:05] Hold — Calf stretch, left side — 30 s"."""
    label = seg.label or seg.kind.capitalize()
    parts = [f"{label}: {BREATH[seg.kind]}" if seg.kind in BREATH else label]
    if seg.move is not None and seg.kind in MOVING:
        where = seg.move.name
        if seg.side and not label.endswith(seg.side):
            where += f", {seg.side} side"
        parts.append(where)
    if seg.seconds > 0:
        parts.append(spoken(seg.seconds))
    return f"[{format_seconds(seg.start)}] " + " — ".join(parts)


class _Printer:
    """The session subscriber that writes the lines."""

    def __init__(self, session: Session, out: IO[str], keys: bool) -> None:
        self.session, self.out, self.keys = session, out, keys

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def __call__(self, ev: Event) -> None:
        s, seg = self.session, ev.segment
        at = f"[{format_seconds(s.elapsed())}]"
        if ev.kind == "start":
            tl = s.timeline
            moves = s.moves_total
            self.say(f"{tl.routine.name}: {spoken(tl.total_seconds)}, "
                     f"{moves} move{'s' * (moves != 1)}.")
            if self.keys:
                self.say(KEYS_HELP)
        elif ev.kind == "segment" and seg is not None:
            self.say(segment_line(seg))
            if seg.new_position is not None:  # a change of position, said first
                self.say(f"  {position_words(seg.new_position)}.")
            segs = s.timeline.segments
            if seg.move is not None and (seg.index == 0 or segs[seg.index - 1].step != seg.step):
                for extra in (seg.move.instructions, seg.move.caution and
                              f"Caution: {seg.move.caution}"):
                    if extra:
                        self.say("  " + " ".join(extra.split()))
        elif ev.kind == "pause":
            tail = " Press space to go on." if self.keys else ""
            why = f": {ev.reason}" if ev.reason else ""
            stop = "" if why[-1:] in (".", "?", "!", ")") else "."
            self.say(f"{at} Paused{why}{stop}{tail}")
        elif ev.kind == "resume":
            self.say(f"{at} Going on.")
        elif ev.kind == "skip":
            self.say(f"{at} Skipping {seg.move.name if seg and seg.move else 'ahead'}.")
        elif ev.kind == "back":
            self.say(f"{at} Going back.")
        elif ev.kind == "extend" and ev.seconds is not None:
            self.say(f"{'+' if ev.seconds > 0 else '-'}{spoken(round(abs(ev.seconds), 1))}: "
                     f"{spoken(s.countdown())} left.")
        elif ev.kind == "wait":
            self.say("Ready when you are: press space to start." if self.keys
                     else "No keyboard to wait for: going on.")
        elif ev.kind == "finish":
            summary = s.summary()
            line = f"Done: {spoken(summary.active_seconds)} of {s.timeline.routine.name}."
            if summary.skipped_moves:
                # Names hold commas ("Calf stretch, seated"): a semicolon keeps them apart.
                line += f" Skipped: {'; '.join(summary.skipped_moves)}."
            self.say(line)
        elif ev.kind == "stop":
            self.say("Stopped.")


def run_plain(session: Session, out: IO[str] | None = None, keys: bool = True,
              on_event: Callable[[Event], None] | Iterable[Callable[[Event], None]] | None
              = None, *, stdin: IO[Any] | None = None) -> int:
    """Play `session` in real time, printing a line per segment. Returns the exit status:
    0 when finished or quit with q, 130 on Ctrl+C (SIGINT), 143 on SIGTERM; both of those
    stop the session cleanly and print "Stopped.", never a traceback.

    `on_event`: extra subscribers (the session may already have others, e.g. the audio
    player). Keys are read only when `keys` and stdin (default sys.stdin) is a terminal;
    without them a wait-for-ready hold or a clock-jump pause goes on by itself.
    """
    out = out or sys.stdout
    fd = _tty_fd(stdin if stdin is not None else sys.stdin) if keys else None
    extra = [on_event] if callable(on_event) else list(on_event or ())
    for fn in extra:
        session.subscribe(fn)
    session.subscribe(_Printer(session, out, fd is not None))
    with _Signals() as signals:
        try:
            with _cbreak(fd):
                _loop(session, fd, signals)
        except KeyboardInterrupt:  # only where signals could not be caught (not main thread)
            signals.pending = signal.SIGINT
        if signals.pending is not None:
            session.stop()
            return 128 + signals.pending
    return 0


def _loop(session: Session, fd: int | None, signals: _Signals) -> None:
    clock = session.clock
    if session.state == "ready":
        session.start()
    while True:
        session.update()
        if session.state not in ("running", "paused") or signals.pending is not None:
            return
        if fd is None and session.waiting:
            session.go()
            continue
        if fd is None and session.state == "paused":
            session.resume()
            continue
        wake = session.next_wake()
        timeout = None if wake is None else max(0.0, wake - clock.now())
        watch = [f for f in (fd, signals.fd) if f is not None]
        if not watch:  # no keys, no signal pipe (not the main thread)
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
            _keys(session, data.decode("utf-8", "ignore"))


class _Signals:
    """SIGINT and SIGTERM as a note plus a byte on a pipe the loop selects on, rather than
    an exception: a session call is never cut off halfway, and the loop stops it cleanly.
    Only possible in the main thread; elsewhere Ctrl+C stays a KeyboardInterrupt."""

    def __init__(self) -> None:
        self.pending: int | None = None
        self.fd: int | None = None
        self._saved: list[tuple[int, Any]] = []
        self._pipe: tuple[int, int] | None = None
        self._old_wakeup = -1

    def __enter__(self) -> _Signals:
        if threading.current_thread() is not threading.main_thread():
            return self
        self._pipe = os.pipe()
        for end in self._pipe:
            os.set_blocking(end, False)
        self._old_wakeup = signal.set_wakeup_fd(self._pipe[1], warn_on_full_buffer=False)
        self.fd = self._pipe[0]
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._saved.append((sig, signal.signal(sig, self._note)))
        return self

    def _note(self, signum: int, frame: object) -> None:
        if self.pending is None:
            self.pending = signum

    def drain(self) -> None:
        try:
            while self.fd is not None and os.read(self.fd, 512):
                pass
        except BlockingIOError:
            pass

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._saved:
            signal.signal(sig, old)
        if self._pipe is not None:
            signal.set_wakeup_fd(self._old_wakeup)
            for end in self._pipe:
                os.close(end)


def _keys(session: Session, text: str) -> None:
    actions = {" ": session.toggle_pause, "p": session.toggle_pause, "n": session.next,
               "b": session.back, "+": lambda: session.extend(10),
               "=": lambda: session.extend(10), "-": lambda: session.extend(-10),
               "g": session.go, "\r": session.go, "\n": session.go, "q": session.stop}
    for ch in text:
        if ch == "\x1b":  # an escape sequence (arrow keys...): ignore the rest
            return
        action = actions.get(ch)
        if action is not None:
            action()


def _tty_fd(stream: IO[Any]) -> int | None:
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return fd if os.isatty(fd) else None


@contextmanager
def _cbreak(fd: int | None) -> Iterator[None]:
    """Single keys without echo; Ctrl+C still signals. Restored on every way out, and
    re-applied after Ctrl+Z / fg (the shell resets the terminal meanwhile)."""
    if fd is None:
        yield
        return
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)
    main = threading.current_thread() is threading.main_thread()
    old_cont = signal.signal(signal.SIGCONT, lambda *_: tty.setcbreak(fd)) if main else None
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        if main:
            signal.signal(signal.SIGCONT, old_cont)


def play_plain(timeline: Timeline, opts: RunOptions, settings: Settings) -> int:
    """A run in plain mode: the session, its sound, voice and events log, and the runner."""
    from rls_stretch import play
    from rls_stretch.sound.cues import CuePlayer, choose_backend

    session = Session(timeline)
    profile = play.profile_for(timeline, opts, settings=settings)
    player = CuePlayer(choose_backend(), profile=profile, muted=opts.mute,
                       volume=settings.volume / 100, lead_in=settings.lead_in)
    start = play.sound_line(player)
    if start:
        print(start, flush=True)
    player.on_fallback(lambda old, new, why: print(play.fallback_line(old, new, why),
                                                   flush=True))
    voice, log = play.attach(session, player, opts,
                             render=lambda v: _render_voice(v, timeline))
    if voice is not None and not voice.available:
        print(voice.status, file=sys.stderr)
    try:
        return run_plain(session)
    finally:
        if session.state == "finished":
            player.wait(FINAL_SOUND_WAIT)  # the done bell rings out, not cut off by exit
        play.detach(voice, log)
        player.close()


FINAL_SOUND_WAIT = 6.0  # seconds at most for the last sounds to end before exit
PREPARE_SAID_AFTER = 0.5  # seconds: a quicker preparation is not worth a line


def _render_voice(voice: Any, timeline: Timeline, out: IO[str] | None = None) -> None:
    """Every phrase rendered before the first sound; "Preparing the voice..." with a count
    when it takes longer than half a second (a first run, an empty cache)."""
    out = out or sys.stdout
    began = time.monotonic()
    said = [False]

    def progress(done: int, total: int) -> None:
        if not said[0] and time.monotonic() - began > PREPARE_SAID_AFTER and done < total:
            out.write("Preparing the voice...")
            said[0] = True
        if said[0]:
            out.write(f" {done}/{total}" if done < total else " ready.\n")
            out.flush()

    voice.render_all(timeline, progress)
