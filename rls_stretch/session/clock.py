"""Clocks for the session: the real monotonic one, and a fake one tests can move by hand.

The session is the only place that reads time, and it reads it only through a Clock, so a
30-minute routine can be played in a test in milliseconds.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds: never jumps back, unaffected by wall-clock changes."""
        ...


class MonotonicClock:
    """The real clock (`time.monotonic`). It keeps running while a laptop is suspended on
    some systems and not on others; the session treats both the same way."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to, for tests."""

    def __init__(self, start: float = 0.0) -> None:
        self._t = float(start)

    def now(self) -> float:
        return self._t

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go back")
        self._t += seconds
        return self._t

    def set(self, t: float) -> float:
        if t < self._t:
            raise ValueError(f"a monotonic clock cannot go back ({t} < {self._t})")
        self._t = float(t)
        return self._t


class SleepCountingClock:
    """Monotonic seconds that keep counting while the computer sleeps, so a suspend shows
    up as a jump (`time.monotonic` stands still during a suspend on Linux and macOS, and
    a jump could not be seen at all). CLOCK_BOOTTIME on Linux, CLOCK_MONOTONIC on macOS
    (which counts sleep there); elsewhere `time.monotonic`. The desk-break scheduler uses
    it: a sleep there means the person was away, so the sitting count starts again."""

    def __init__(self) -> None:
        self._id: int | None = None
        for name in ("CLOCK_BOOTTIME",) if sys.platform.startswith("linux") else (
                ("CLOCK_MONOTONIC",) if sys.platform == "darwin" else ()):
            clock_id = getattr(time, name, None)
            if clock_id is None:
                continue
            try:
                time.clock_gettime(clock_id)
            except OSError:
                continue
            self._id = clock_id
            break

    def now(self) -> float:
        return time.monotonic() if self._id is None else time.clock_gettime(self._id)
