"""Reaching a person who is in another window: a cue sound, the terminal bell, a desktop
notification, and the window title showing the time to the break. None is required.

BreakAlerts is a scheduler listener: on the warning it plays the soft warning cue and
sends a quiet notification, at the break the chime, the bell and a notification. The
desktop notification runs `notify-send` (Linux) or `osascript` (macOS) as a child that is
never waited for; children still running after NOTIFY_TIMEOUT, or when the notifier is
closed, are killed and reaped, so none is left behind and nothing blocks.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rls_stretch.timeline.timefmt import format_duration, format_seconds

if TYPE_CHECKING:
    from rls_stretch.breaks.scheduler import Action, BreakEvent, BreakScheduler

#: The cue each event plays (sounds/<cue>.wav, made by scripts/make_sounds.py).
ALERT_CUES: dict[Action, str] = {"warned": "warning", "due": "break"}
NOTIFY_TIMEOUT = 10.0  # seconds a notification child may take before it is killed
APP_NAME = "rls-stretch"

log = logging.getLogger(__name__)


def break_words(length: float, position: str) -> str:
    """"a 2 min seated stretch": what the break is, in words."""
    return f"a {format_duration(length)} {position} stretch"


def left_words(seconds: float | None) -> str:
    """Time left in words, rounded up as a countdown is ("0:01" until the end): a warning
    woken a hair after its moment still says "in 30 s"."""
    return format_duration(math.ceil((seconds or 0.0) - 1e-6))


def alert_text(ev: BreakEvent) -> tuple[str, str] | None:
    """The notification for an event (title, body), or None when it sends none."""
    if ev.kind == "warned":
        left = left_words(ev.remaining)
        what = break_words(ev.length_seconds, ev.position)
        return "Stretch break soon", f"In {left}: {what}. Finish what you are doing."
    if ev.kind == "due":
        return ("Time for a stretch break",
                f"Time to move your legs: {break_words(ev.length_seconds, ev.position)}. "
                "Start it, put it off 5 minutes, or skip it in rls-stretch.")
    return None


def title_text(s: BreakScheduler) -> str:
    """The terminal's window title: the time to the break, in minutes while far off (so it
    changes once a minute), in seconds in the last minute."""
    if s.state == "due":
        return "Stretch break now · rls-stretch"
    if s.state == "on_break":
        return "Stretch break · rls-stretch"
    if s.state == "ended":
        return "rls-stretch"
    left = s.countdown()
    if left is None:
        return "rls-stretch"
    when = f"{math.ceil(left / 60)} min" if left > 60 else format_seconds(left)
    if s.state == "paused":
        return f"Breaks paused ({when} left) · rls-stretch"
    return f"Break in {when} · rls-stretch"


def _safe(text: str) -> str:
    """No control characters (a title or notification must not carry an escape)."""
    return "".join(ch for ch in text if ch.isprintable())


def notify_command() -> list[str] | None:
    """The program that shows desktop notifications here, or None."""
    if sys.platform == "darwin":
        exe = shutil.which("osascript")
        return [exe] if exe else None
    exe = shutil.which("notify-send")
    return [exe] if exe else None


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Notifier:
    """Sends desktop notifications without ever waiting for them. `command` overrides the
    program found on PATH (tests); [] means none."""

    def __init__(self, command: Sequence[str] | None = None, *,
                 timeout: float = NOTIFY_TIMEOUT) -> None:
        self.command = list(command) if command is not None else (notify_command() or [])
        self.timeout = timeout
        self.sent = 0
        self.last_error: str | None = None
        self._children: list[tuple[subprocess.Popen[bytes], float]] = []

    @property
    def available(self) -> bool:
        return bool(self.command)

    def argv(self, title: str, body: str, urgent: bool) -> list[str]:
        title, body = _safe(title), _safe(body)
        if os.path.basename(self.command[0]) == "osascript":
            script = (f"display notification {_applescript(body)} with title "
                      f"{_applescript(title)}")
            return [*self.command, "-e", script]
        return [*self.command, f"--app-name={APP_NAME}",
                f"--urgency={'normal' if urgent else 'low'}", title, body]

    def send(self, title: str, body: str, *, urgent: bool = False) -> bool:
        """Start the notification and return at once; False when it could not start."""
        self._reap()
        if not self.command:
            return False
        try:
            child = subprocess.Popen(self.argv(title, body, urgent), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     close_fds=True)
        except OSError as e:
            self.last_error = str(e)
            self.command = []  # it will not start next time either
            return False
        self._children.append((child, time.monotonic()))
        self.sent += 1
        return True

    def _reap(self, *, kill_all: bool = False) -> None:
        now = time.monotonic()
        kept = []
        for child, began in self._children:
            if child.poll() is not None:
                continue
            if kill_all or now - began > self.timeout:
                child.kill()
                try:
                    child.wait(timeout=1.0)
                except subprocess.TimeoutExpired:  # pragma: no cover - a stuck kill
                    log.debug("notification child %s did not die", child.pid)
                continue
            kept.append((child, began))
        self._children = kept

    def close(self, grace: float = 0.5) -> None:
        """Give running notifications `grace` seconds to finish, then kill and reap them."""
        deadline = time.monotonic() + grace
        for child, _ in self._children:
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        self._reap(kill_all=True)

    @property
    def running(self) -> int:
        self._reap()
        return len(self._children)


class BreakAlerts:
    """A scheduler listener: the cue, the bell and the notification for warning and
    break. Each part is optional and a failing part never stops the others."""

    def __init__(self, *, play: Callable[[str], object] | None = None,
                 bell: Callable[[], object] | None = None,
                 notifier: Notifier | None = None) -> None:
        self.play, self.bell, self.notifier = play, bell, notifier

    def __call__(self, ev: BreakEvent) -> None:
        cue = ALERT_CUES.get(ev.kind)
        if cue is None:
            return
        for part in (self._sound, self._bell, self._notify):
            try:
                part(ev, cue)
            except Exception:  # one way of reaching the person failing is not fatal
                log.debug("break alert part %s failed", part.__name__, exc_info=True)

    def _sound(self, ev: BreakEvent, cue: str) -> None:
        if self.play is not None:
            self.play(cue)

    def _bell(self, ev: BreakEvent, cue: str) -> None:
        if self.bell is not None and ev.kind == "due":
            self.bell()

    def _notify(self, ev: BreakEvent, cue: str) -> None:
        text = alert_text(ev)
        if self.notifier is not None and text is not None:
            self.notifier.send(*text, urgent=ev.kind == "due")
