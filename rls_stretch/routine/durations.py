"""Durations (`30s`, `1m30s`, `90`) and counts (`5`, `5-8`) as people write them.

The patterns here are the single source of truth: the loader matches values against them
and schema.py puts the same strings into the JSON Schema, so an editor and `validate` agree
on what a duration looks like. They stay within the regex dialect JSON Schema allows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rls_stretch.routine.errors import RoutineError
from rls_stretch.routine.model import Span

MAX_SECONDS = 3600  # one hold, rest or rep of an hour is surely a typo
MIN_SECONDS = 1  # shorter than a second cannot be followed (nor shown: the timer counts seconds)
MAX_COUNT = 1000

_NUM = r"[0-9]+(?:\.[0-9]+)?"
_SINGLE = rf"(?:{_NUM} *m(?: *{_NUM} *s)?|{_NUM} *s|{_NUM})"
DURATION_PATTERN = rf"^ *{_SINGLE} *$"
DURATION_RANGE_PATTERN = rf"^ *{_SINGLE}(?: *- *{_SINGLE})? *$"
COUNT_PATTERN = r"^ *[0-9]+(?: *- *[0-9]+)? *$"

_PARTS = re.compile(rf"(?:({_NUM}) *m(?: *({_NUM}) *s)?|({_NUM}) *s|({_NUM}))")
_RANGE = re.compile(rf" *({_SINGLE})(?: *- *({_SINGLE}))? *")
_COUNT = re.compile(r" *([0-9]+)(?: *- *([0-9]+))? *")

DURATION_HINT = "a duration like 30s, 1m30s or 20-30s"
SINGLE_HINT = "a duration like 5s or 1m30s"
COUNT_HINT = "a whole number like 5 or a range like 5-8"


@dataclass(frozen=True)
class Where:
    """Where a value came from, so a bad one can be reported as file:line:col: field."""

    path: str
    line: int | None = None
    col: int | None = None
    field: str = ""

    def error(self, message: str) -> RoutineError:
        return RoutineError(self.path, self.line, self.col, self.field, message)


def _where(where: Where | str) -> Where:
    return where if isinstance(where, Where) else Where(where)


def shown(value: object) -> str:
    """A value as it appears in a message: text quoted, YAML's null as `nothing`."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _single(text: str) -> tuple[float, str]:
    """Seconds of one duration, and the unit it ends with ('' for a bare number)."""
    m = _PARTS.fullmatch(text.strip())
    assert m is not None  # the caller matched the whole pattern already
    mins, secs_after_m, secs, bare = m.groups()
    if mins is not None:
        return float(mins) * 60 + float(secs_after_m or 0), "s" if secs_after_m else "m"
    if secs is not None:
        return float(secs), "s"
    return float(bare), ""


def _seconds_text(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    if m and s:
        return f"{m:g}m{s:g}s"
    return f"{m:g}m" if m else f"{s:g}s"


def parse_duration(
    value: object,
    where: Where | str,
    *,
    allow_range: bool = True,
    allow_zero: bool = False,
    max_seconds: float = MAX_SECONDS,
    min_seconds: float = MIN_SECONDS,
) -> Span:
    """Seconds as a Span from `30s`, `1m`, `1m30s`, `90`, or (if allowed) `20-30s`.

    In a range a bare low end takes the unit of the high end: `1-2m` is one to two minutes.
    Raises RoutineError at `where`. `max_seconds`: the cap (an hour unless given);
    `min_seconds`: the least above zero (a second: shorter is too short to follow, but a
    setting such as a sound's lead-in may go lower).
    """
    w = _where(where)
    hint = DURATION_HINT if allow_range else SINGLE_HINT
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise w.error(f"expected {hint}, got {shown(value)}")
    if isinstance(value, str):
        m = _RANGE.fullmatch(value)
        if m is None:
            raise w.error(f"expected {hint}, got {shown(value)}")
        if m.group(2) is not None and not allow_range:
            raise w.error(f"expected {hint}, got {shown(value)} (a range is not allowed here)")
        low, low_unit = _single(m.group(1))
        high = low
        if m.group(2) is not None:
            high, high_unit = _single(m.group(2))
            if low_unit == "" and high_unit == "m":
                low *= 60
    else:
        if not math.isfinite(value):
            raise w.error(f"expected {hint}, got {shown(value)}")
        low = high = float(value)
    for seconds in (low, high):
        if seconds < 0 or (seconds == 0 and not allow_zero):
            least = "0 or more" if allow_zero else "more than 0"
            raise w.error(f"must be {least} seconds, got {shown(value)}")
        if 0 < seconds < min_seconds:
            zero = "0 or " if allow_zero else ""
            raise w.error(f"must be {zero}at least {min_seconds:g} second, got {shown(value)} "
                          "(too short to follow)")
        if seconds > max_seconds:
            raise w.error(f"must be at most {_seconds_text(max_seconds)}, got {shown(value)}")
    if low > high:
        raise w.error(f"the low end of a range must not be above the high end, got {shown(value)}")
    return Span(low, high)


def _whole(digits: str) -> int:
    # Python refuses int() of thousands of digits; anything that long is over the cap anyway.
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) < 10 else MAX_COUNT + 1


def parse_count(value: object, where: Where | str, *, allow_range: bool = True) -> Span:
    """A positive whole number, or (if allowed) a range `5-8`, as a Span.

    Raises RoutineError at `where`.
    """
    w = _where(where)
    hint = COUNT_HINT if allow_range else "a whole number like 5"
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise w.error(f"expected {hint}, got {shown(value)}")
    if isinstance(value, str):
        m = _COUNT.fullmatch(value)
        if m is None:
            raise w.error(f"expected {hint}, got {shown(value)}")
        if m.group(2) is not None and not allow_range:
            raise w.error(f"expected {hint}, got {shown(value)} (a range is not allowed here)")
        low = high = _whole(m.group(1))
        if m.group(2) is not None:
            high = _whole(m.group(2))
    else:
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            raise w.error(f"expected {hint}, got {shown(value)}")
        low = high = int(value)
    for n in (low, high):
        if n < 1:
            raise w.error(f"must be at least 1, got {shown(value)}")
        if n > MAX_COUNT:
            raise w.error(f"must be at most {MAX_COUNT}, got {shown(value)}")
    if low > high:
        raise w.error(f"the low end of a range must not be above the high end, got {shown(value)}")
    return Span(float(low), float(high))
