"""Clocks for the session: the real monotonic one, and a fake one tests can move by hand.

The session is the only place that reads time, and it reads it only through a Clock, so a
30-minute routine can be played in a test in milliseconds.
"""

from __future__ import annotations

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
