"""`--plain`: the session without the TUI, one line per segment as it starts.

This is the screen-reader mode and what scripts use, so the output is plain sentences, no
redrawing and no countdown: "[0:05] Hold — Calf stretch, left side — 30 s". The stamp is
the run's own clock (pauses left out), so it never goes back. Lines wrap at words to the
terminal's width. When stdin is a terminal, single keys still work (space pause/resume or
go, n next, s other side, b back, + / - 10 s, q quit), read in cbreak mode that is undone on
every way out. Sound comes from whatever the caller subscribed to the session (the audio
player); this module plays nothing itself.

It sleeps until the session's next wake in one poll() on stdin, the signal pipe and stdout
(or time.sleep without them): no polling loop, so an idle run costs almost no CPU, and a
reader that goes away (`| head -1`) is seen at once: the run stops, quietly, with a `stop`
("output closed") in the events log, and exit status 141 (128 + SIGPIPE, as a program killed
by the closed pipe reports: the routine was not played, so not 0).
"""

from __future__ import annotations

import errno
import math
import os
import select
import shutil
import signal
import stat
import sys
import termios
import textwrap
import threading
import time
import tty
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import IO, TYPE_CHECKING, Any, Literal

from rls_stretch.session.session import Event, Session
from rls_stretch.session.summary import closing_note, headline, summary_rows
from rls_stretch.timeline.positions import say as position_words
from rls_stretch.timeline.timefmt import format_duration, format_seconds

if TYPE_CHECKING:
    from rls_stretch.diary.model import CheckIn
    from rls_stretch.settings import Settings
    from rls_stretch.timeline.model import Timeline
    from rls_stretch.timeline.options import RunOptions

KEYS_HELP = ("Keys: space pause/resume, n next move, s other side, b back, "
             "+ or - 10 seconds, q quit.")
OUTPUT_CLOSED = "output closed"
SIGPIPE_STATUS = 128 + 13  # what a shell reports for a program ended by a closed pipe
BREATH = {"inhale": "breathe in", "exhale": "breathe out"}
MOVING = ("hold", "rep", "inhale", "exhale")
# How a signal ended the run, as the events log and the diary say it. SIGHUP: the terminal
# window was closed (or the tmux pane killed); it is handled as SIGTERM is.
STOP_REASONS = {signal.SIGINT: "interrupt", signal.SIGTERM: "terminate",
                signal.SIGHUP: "hangup"}


def spoken(seconds: float) -> str:
    """A duration as words: 30 -> "30 s", 90 -> "1 min 30 s", 2.5 -> "2.5 s", 5.84 -> "5.8 s".

    timefmt's format_duration (rounded half up), except that under a minute a fraction is
    said as it is: a 2.5 s rep is not a 3 s one.
    """
    if 0 < seconds < 60 and seconds != int(seconds):
        return f"{round(seconds, 1):g} s"
    return format_duration(seconds)


def segment_line(seg: Any, at: float | None = None) -> str:
    """One segment: "[0:05] Hold — Calf stretch, left side — 30 s"; the stamp is `at`
    (the run's clock) or else the segment's place in the plan."""
    label = seg.label or seg.kind.capitalize()
    parts = [f"{label}: {BREATH[seg.kind]}" if seg.kind in BREATH else label]
    if seg.move is not None and seg.kind in MOVING:
        where = seg.move.name
        if seg.side and not label.endswith(seg.side):
            where += f", {seg.side} side"
        parts.append(where)
    if seg.seconds > 0:
        parts.append(spoken(seg.seconds))
    stamp = seg.start if at is None else at
    return f"[{format_seconds(stamp)}] " + " — ".join(parts)


def wrap(line: str, width: int | None) -> str:
    """`line` broken at words to `width` columns (None: as it is); continuation lines are
    indented under the text, past the [m:ss] stamp or the line's own indent."""
    if not width or len(line) <= width:
        return line
    lead = len(line) - len(line.lstrip(" "))
    if line.startswith("[") and "] " in line:
        lead = line.index("] ") + 2
    indent = " " * min(lead, max(0, width // 3))
    return textwrap.fill(line, width=max(width, 10), subsequent_indent=indent,
                         break_long_words=True, break_on_hyphens=False)


def out_width(out: IO[str]) -> int | None:
    """The width to wrap at: $COLUMNS, else the terminal's; None for a pipe or a file."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    if not os.isatty(fd):
        return None
    return shutil.get_terminal_size((80, 24)).columns if fd == 1 else os.get_terminal_size(
        fd).columns


class _Printer:
    """The session subscriber that writes the lines. A write that fails because the reader
    went away (EPIPE, a closed file, a hung-up terminal) sets `closed`: the runner stops."""

    def __init__(self, session: Session, out: IO[str], keys: bool) -> None:
        self.session, self.out, self.keys = session, out, keys
        self.closed = False

    def say(self, text: str) -> None:
        if self.closed:
            return
        width = out_width(self.out)
        try:
            self.out.write("\n".join(wrap(line, width) for line in text.split("\n")) + "\n")
            self.out.flush()
        except (BrokenPipeError, ValueError):
            self.close()
        except OSError as e:
            if e.errno not in (errno.EPIPE, errno.EIO, errno.ENXIO, errno.ECONNRESET):
                raise
            self.close()

    def close(self) -> None:
        """The output is gone: write nothing more, and keep Python's exit-time flush of the
        buffer from complaining ("Exception ignored ... BrokenPipeError") by pointing the
        descriptor at /dev/null."""
        self.closed = True
        try:
            fd = self.out.fileno()
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, fd)
            os.close(devnull)
        except (AttributeError, OSError, ValueError):
            pass

    def __call__(self, ev: Event) -> None:
        s, seg = self.session, ev.segment
        at = f"[{format_seconds(s.run_seconds())}]"
        if ev.kind == "start":
            tl = s.timeline
            moves = s.moves_total
            self.say(f"{tl.routine.name}: {spoken(tl.total_seconds)}, "
                     f"{moves} move{'s' * (moves != 1)}.")
            if self.keys:
                self.say(KEYS_HELP)
        elif ev.kind == "segment" and seg is not None:
            self.say(segment_line(seg, s.run_seconds()))
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
        elif ev.kind == "side":
            target = s.other_side_index()  # emitted just before the session moves there
            side = s.timeline.segments[target].side if target is not None else None
            other = side or "other"
            self.say(f"{at} On to the {other} side.")
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
            # As the summary screen shows it: headline, the rows, the closing word.
            summary = s.summary()
            rows = "\n".join(f"  {k:<12}{v}" for k, v in summary_rows(summary))
            self.say(f"{headline(summary)}: {summary.routine_name}.\n{rows}\n"
                     f"{closing_note(summary)}")


def run_plain(session: Session, out: IO[str] | None = None, keys: bool = True,
              on_event: Callable[[Event], None] | Iterable[Callable[[Event], None]] | None
              = None, *, stdin: IO[Any] | None = None) -> int:
    """Play `session` in real time, printing a line per segment. Returns the exit status:
    0 when finished or quit with q, 130 on Ctrl+C (SIGINT), 143 on SIGTERM, 129 on SIGHUP;
    these stop the session cleanly and print the summary, never a traceback. 141 when the
    output went away (a closed pipe): the session stops with reason "output closed",
    silently.

    `on_event`: extra subscribers (the session may already have others, e.g. the audio
    player). Keys are read only when `keys` and stdin (default sys.stdin) is a terminal;
    without them a wait-for-ready hold or a clock-jump pause goes on by itself. Whatever
    ends the run (an unexpected error too) stops a session still under way, so the events
    log always gets its last line.
    """
    out = out or sys.stdout
    fd = tty_fd(stdin if stdin is not None else sys.stdin) if keys else None
    extra = [on_event] if callable(on_event) else list(on_event or ())
    for fn in extra:
        session.subscribe(fn)
    printer = _Printer(session, out, fd is not None)
    session.subscribe(printer)
    with Signals() as signals:
        try:
            with cbreak(fd):
                _loop(session, fd, signals, printer, _pipe_fd(out))
        except KeyboardInterrupt:  # only where signals could not be caught (not main thread)
            signals.pending = signal.SIGINT
        finally:
            if session.state in ("ready", "running", "paused"):
                if printer.closed:
                    session.stop(OUTPUT_CLOSED)
                elif signals.pending is None:
                    session.stop("error")  # an exception is on its way out
        if signals.pending is not None:
            session.stop(STOP_REASONS.get(signals.pending, "terminate"))
            return 128 + signals.pending
        if printer.closed and not session.completed:
            return SIGPIPE_STATUS
    return 0


def _pipe_fd(out: IO[str]) -> int | None:
    """stdout's descriptor when it is a pipe or socket, whose reader can go away."""
    try:
        fd = out.fileno()
        mode = os.fstat(fd).st_mode
    except (AttributeError, OSError, ValueError):
        return None
    return fd if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) else None


def _loop(session: Session, fd: int | None, signals: Signals, printer: _Printer,
          out_fd: int | None) -> None:
    clock = session.clock
    if session.state == "ready":
        session.start()
    poller = select.poll()
    for watched in (fd, signals.fd):
        if watched is not None:
            poller.register(watched, select.POLLIN)
    if out_fd is not None:
        poller.register(out_fd, 0)  # only POLLERR / POLLHUP: the reader went away
    while True:
        session.update()
        if printer.closed:
            return
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
        if fd is None and signals.fd is None and out_fd is None:  # not the main thread
            time.sleep(timeout or 0.0)
            continue
        ms = None if timeout is None else math.ceil(timeout * 1000)
        ready = dict(poller.poll(ms))
        if out_fd is not None and ready.get(out_fd, 0) & (select.POLLERR | select.POLLHUP):
            printer.close()
            return
        if signals.fd in ready:
            signals.drain()
        if fd is not None and fd in ready and signals.pending is None:
            try:
                data = os.read(fd, 64)
            except OSError:  # the terminal hung up (EIO): its SIGHUP follows
                data = b""
            if not data:  # stdin closed: go on without keys
                poller.unregister(fd)
                fd = None
                continue
            _keys(session, data.decode("utf-8", "ignore"))


class Signals:
    """SIGINT, SIGTERM and SIGHUP as a note plus a byte on a pipe the loop selects on, rather than
    an exception: a session call is never cut off halfway, and the loop stops it cleanly.
    Only possible in the main thread; elsewhere Ctrl+C stays a KeyboardInterrupt."""

    def __init__(self) -> None:
        self.pending: int | None = None
        self.fd: int | None = None
        self._saved: list[tuple[int, Any]] = []
        self._pipe: tuple[int, int] | None = None
        self._old_wakeup = -1

    def __enter__(self) -> Signals:
        if threading.current_thread() is not threading.main_thread():
            return self
        self._pipe = os.pipe()
        for end in self._pipe:
            os.set_blocking(end, False)
        self._old_wakeup = signal.set_wakeup_fd(self._pipe[1], warn_on_full_buffer=False)
        self.fd = self._pipe[0]
        for sig in STOP_REASONS:
            if sig == signal.SIGHUP and signal.getsignal(sig) == signal.SIG_IGN:
                continue  # run under nohup: a closed terminal is meant not to stop it
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
               "s": session.other_side, "b": session.back,
               "+": lambda: session.extend(10),
               "=": lambda: session.extend(10), "-": lambda: session.extend(-10),
               "g": session.go, "\r": session.go, "\n": session.go, "q": session.stop}
    for ch in text:
        if ch == "\x1b":  # an escape sequence (arrow keys...): ignore the rest
            return
        action = actions.get(ch)
        if action is not None:
            action()


def tty_fd(stream: IO[Any]) -> int | None:
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return fd if os.isatty(fd) else None


@contextmanager
def cbreak(fd: int | None) -> Iterator[None]:
    """Single keys without echo; Ctrl+C still signals. Restored on every way out, and
    re-applied after Ctrl+Z / fg (the shell resets the terminal meanwhile)."""
    if fd is None:
        yield
        return
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)
    main = threading.current_thread() is threading.main_thread()
    def again(*_: object) -> None:
        with suppress(termios.error, OSError):  # a hangup sends SIGCONT after SIGHUP
            tty.setcbreak(fd)

    old_cont = signal.signal(signal.SIGCONT, again) if main else None
    try:
        yield
    finally:
        with suppress(termios.error, OSError):  # after a hangup the tty may be gone
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
    start = None if opts.mute else play.sound_line(player)  # muted: nothing to miss
    if start:
        print(start, flush=True)
    player.on_fallback(lambda old, new, why: print(play.fallback_line(old, new, why),
                                                   flush=True))
    voice, log = play.attach(session, player, opts,
                             render=lambda v: _render_voice(v, timeline))
    if voice is not None and not voice.available:
        print(voice.status, file=sys.stderr)
    recorder = play.record(session, opts, say_problem)
    asks = tty_fd(sys.stdin) is not None  # a person at a terminal, not a script
    if asks and settings.checkin_before:
        recorder.before = _checkin("before")
    try:
        code = run_plain(session)
    finally:
        if session.state == "finished":
            player.wait(FINAL_SOUND_WAIT)  # the done bell rings out, not cut off by exit
        play.detach(voice, log)
        player.close()
    if code == 0 and asks:
        after = _checkin("after")
        if after is not None:
            recorder.add_checkin(after)
    recorder.close()
    return code


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


def _checkin(kind: Literal["before", "after"]) -> CheckIn | None:
    """How the legs feel, asked at the prompt (before or after the run)."""
    from rls_stretch.cli.diary import LEGS_NOW, ask_score
    from rls_stretch.diary.model import CheckIn, now

    score = ask_score(LEGS_NOW)
    return None if score is None else CheckIn(at=now(), kind=kind, urge=score)


def say_problem(text: str) -> None:
    with suppress(OSError, ValueError):  # stderr gone with the terminal: nothing to tell
        print(f"rls-stretch: {text}", file=sys.stderr, flush=True)
