"""Seconds as people read them: a clock face ("7:30") or words ("7 min 30 s").

Kept apart from the sequencer so the TUI, the plain player, `show` and error messages all
write durations the same way without importing anything heavier.
"""

from __future__ import annotations

import math


def whole_seconds(seconds: float) -> int:
    """Round to a whole second, half up (2.5 -> 3), the same way everywhere.

    Countdowns should pass `math.ceil(remaining)` instead, so "0:01" shows until the end.
    """
    return math.floor(seconds + 0.5)


def format_seconds(seconds: float) -> str:
    """A clock face: 450 -> "7:30", 5 -> "0:05", 3725 -> "1:02:05", -5 -> "-0:05"."""
    s = whole_seconds(seconds)
    sign = "-" if s < 0 else ""
    hours, rest = divmod(abs(s), 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{mins:02d}:{secs:02d}"
    return f"{sign}{mins}:{secs:02d}"


def format_duration(seconds: float) -> str:
    """Words: 450 -> "7 min 30 s", 120 -> "2 min", 45 -> "45 s", 3900 -> "1 h 5 min"."""
    s = whole_seconds(seconds)
    sign = "-" if s < 0 else ""
    hours, rest = divmod(abs(s), 3600)
    mins, secs = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((hours, "h"), (mins, "min"), (secs, "s")) if n]
    return sign + " ".join(parts) if parts else "0 s"
