"""The person's settings: one small YAML file in the config dir, read like a routine file.

Every field is optional. A mistake in the file never stops a routine: the field in error
falls back to its default and the person gets one line `file:line:col: field: message`.

    # ~/.config/rls-stretch/settings.yaml
    pace: {inhale: 4, exhale: 6}   # breath pace for breath-counted moves (default: routine's)
    level: gentle                  # gentle | standard | deep (default: routine's own)
    night_hours: "21:00-06:00"     # dim amber theme and gentle sounds then; "off" for never
    sound: auto                    # auto (gentle at night) | standard | gentle
    volume: 80                     # 0-100
    voice: off                     # off | names | full (also how to do each move); espeak-ng
    wait_for_ready: false          # every move waits for a key before its timer starts
    breaks: {every: 45m, length: 2m, position: seated, warn: 30s}   # `rls-stretch breaks`
    checkin_before: false          # ask how the legs feel before a routine, too (diary)
    position_change: 15s           # get-ready where the position changes (sit, lie down)
    lead_in: 0                     # seconds of silence before a sound, for Bluetooth speakers
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from rls_stretch import paths
from rls_stretch.routine.durations import Where, parse_duration
from rls_stretch.routine.errors import RoutineError
from rls_stretch.routine.model import BREAK_POSITIONS, LEVELS, BreakPosition, Level, Pace
from rls_stretch.routine.yamlfields import Fields
from rls_stretch.routine.yamlread import Issues, Map, Scalar, describe, parse_yaml, read_bytes
from rls_stretch.timeline.options import VOICE_MODES, VoiceMode
from rls_stretch.timeline.positions import DEFAULT_POSITION_CHANGE

SOUND_PROFILES = ("auto", "standard", "gentle")
DEFAULT_NIGHT = (21 * 60, 6 * 60)  # minutes after midnight: 21:00-06:00

_HOURS = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?\s*$")


# Desk breaks: (least, most) seconds for each duration key, one home for the CLI too.
# `every` from 5 s is for trying it out; a warning of 0 means none.
BREAK_LIMITS: dict[str, tuple[float, float]] = {
    "every": (5.0, 4 * 3600.0),
    "length": (30.0, 600.0),
    "warn": (0.0, 300.0),
}


@dataclass(frozen=True)
class BreakSettings:
    """`breaks:` in the settings: how often a desk break comes, how long its routine is,
    where it is done, and how long before it the soft warning sounds."""

    every: float = 45 * 60.0
    length: float = 120.0
    position: BreakPosition = "seated"
    warn: float = 30.0


def break_seconds(key: str, value: object, where: Where | str) -> float:
    """A `breaks` duration (`45m`, `2m`, `30s`) within BREAK_LIMITS[key]; RoutineError
    at `where` otherwise."""
    low, high = BREAK_LIMITS[key]
    span = parse_duration(value, where, allow_range=False, allow_zero=low == 0,
                          max_seconds=high)
    if span.low < low:
        w = where if isinstance(where, Where) else Where(where)
        raise w.error(f"must be at least {low:g} s, got {value!r}")
    return span.low


@dataclass(frozen=True)
class Settings:
    pace: Pace | None = None  # None: each routine's own pace
    level: Level | None = None  # None: each routine's own level (else standard)
    night_hours: tuple[int, int] | None = DEFAULT_NIGHT  # (start, end) minutes; None: never
    sound: str = "auto"
    volume: int = 80
    voice: VoiceMode = "off"
    wait_for_ready: bool = False
    breaks: BreakSettings = BreakSettings()
    checkin_before: bool = False
    position_change: float = DEFAULT_POSITION_CHANGE  # seconds
    lead_in: float = 0.0  # seconds of silence before the first sound after a quiet spell

    def is_night_at(self, hour: int, minute: int = 0) -> bool:
        """Whether a wall-clock time falls in the night hours (which may wrap midnight)."""
        if self.night_hours is None:
            return False
        start, end = self.night_hours
        now = (hour % 24) * 60 + minute
        if start == end:
            return False
        if start < end:
            return start <= now < end
        return now >= start or now < end

    def sound_profile(self, night: bool) -> str:
        if self.sound == "auto":
            return "gentle" if night else "standard"
        return self.sound

    @property
    def night_hours_text(self) -> str:
        return hours_text(self.night_hours)


def hours_text(hours: tuple[int, int] | None) -> str:
    if hours is None:
        return "off"
    start, end = hours
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def parse_hours(text: str) -> tuple[int, int] | None:
    """'21:00-06:00' (or '21-6') -> minutes after midnight; 'off' -> None. ValueError if bad."""
    if text.strip().lower() in ("off", "never", "none", ""):
        return None
    m = _HOURS.match(text)
    if not m:
        raise ValueError("expected hours like \"21:00-06:00\", or \"off\"")
    h1, m1, h2, m2 = m.group(1), m.group(2) or "0", m.group(3), m.group(4) or "0"
    out = []
    for h, mm in ((int(h1), int(m1)), (int(h2), int(m2))):
        if not (0 <= h <= 24 and 0 <= mm < 60) or (h == 24 and mm):
            raise ValueError(f"{h:02d}:{mm:02d} is not a time of day")
        out.append((h % 24) * 60 + mm)
    return out[0], out[1]


# --- reading -------------------------------------------------------------------------------

KEYS = ("pace", "level", "night_hours", "sound", "volume", "voice", "wait_for_ready", "breaks",
        "checkin_before", "position_change", "lead_in")
BREAK_KEYS = ("every", "length", "position", "warn")
MAX_LEAD_IN = 2.0  # seconds


def _voice(f: Fields) -> VoiceMode | None:
    """off | names | full; true and false (older settings files) are names and off."""
    node = f.get("voice")
    if node is None:
        return None
    if isinstance(node, Scalar) and node.kind == "bool":
        return "names" if node.value else "off"
    mode = f.choice("voice", VOICE_MODES, default=None)
    return mode  # type: ignore[return-value]


def _seconds(f: Fields, key: str, most: float) -> float | None:
    span = f.duration(key, allow_range=False, allow_zero=True, min_seconds=0.0)
    if span is None:
        return None
    if span.low > most:
        f.problem(key, f"expected at most {most:g} s, got {span.low:g} s")
        return None
    return float(span.low)


def _volume(f: Fields) -> int | None:
    node = f.get("volume")
    if node is None:
        return None
    if isinstance(node, Scalar) and node.kind == "number" and not isinstance(node.value, bool):
        value = float(node.value)  # type: ignore[arg-type]
        if 0 <= value <= 100:
            return int(round(value))
    f.problem("volume", f"expected a number from 0 to 100, got {describe(node)}")
    return None


def _night_hours(f: Fields) -> tuple[int, int] | None | bool:
    """The hours, None for "off", or False when absent or wrong (keep the default)."""
    node = f.get("night_hours")
    if node is None:
        return False
    if isinstance(node, Scalar) and (node.value is False or node.kind == "null"):
        return None
    if isinstance(node, Scalar) and node.kind == "text":
        try:
            return parse_hours(str(node.value))
        except ValueError as e:
            f.problem("night_hours", f"{e}, got {describe(node)}")
            return False
    f.problem("night_hours", f'expected hours like "21:00-06:00" or "off", got {describe(node)}')
    return False


def _breaks(f: Fields) -> BreakSettings | None:
    """`breaks: {every: 45m, length: 2m, position: seated, warn: 30s}`; a key in error
    keeps its default."""
    sub = f.mapping("breaks", expected="a mapping with every, length, position and warn")
    if sub is None:
        return None
    sub.check_keys(BREAK_KEYS)
    values: dict[str, Any] = {}
    for key in ("every", "length", "warn"):
        node = sub.get(key)
        if node is None:
            continue
        value = node.value if isinstance(node, Scalar) else {}
        try:
            values[key] = break_seconds(key, value, sub.where(key))
        except RoutineError as e:
            sub.issues.add_error(e)
    position = sub.choice("position", BREAK_POSITIONS, default=None,
                          synonyms={"sitting": "seated", "stand": "standing"})
    if position is not None:
        values["position"] = position
    return replace(BreakSettings(), **values)


def parse(data: bytes, path: Path) -> tuple[Settings, list[RoutineError]]:
    """Settings from a file's bytes, and the problems found. A field in error keeps its
    default; a file that is not YAML at all gives all the defaults."""
    from rls_stretch.routine.moveread import pace_at

    issues = Issues(str(path))
    try:
        root = parse_yaml(data, str(path), issues)
    except RoutineError as e:
        return Settings(), list(e.all)
    if root is None:
        return Settings(), issues.sorted()
    if not isinstance(root, Map):
        issues.add(root, "", f"expected settings as `key: value` lines, got {describe(root)}")
        return Settings(), issues.sorted()
    f = Fields(root, "", issues)
    f.check_keys(KEYS)
    values: dict[str, Any] = {}
    if f.has("pace"):
        values["pace"] = pace_at(f, "pace")
    values["level"] = f.choice("level", LEVELS, default=None)
    values["sound"] = f.choice("sound", SOUND_PROFILES, default=None)
    values["volume"] = _volume(f)
    values["voice"] = _voice(f)
    values["position_change"] = _seconds(f, "position_change", 120.0)
    values["lead_in"] = _seconds(f, "lead_in", MAX_LEAD_IN)
    if f.has("wait_for_ready"):
        values["wait_for_ready"] = f.flag("wait_for_ready")
    if f.has("breaks"):
        values["breaks"] = _breaks(f)
    if f.has("checkin_before"):
        values["checkin_before"] = f.flag("checkin_before")
    hours = _night_hours(f)
    if hours is not False:
        values["night_hours"] = hours
    kept = {k: v for k, v in values.items() if v is not None or k == "night_hours"}
    return replace(Settings(), **kept), issues.sorted()


def read(path: Path | None = None) -> tuple[Settings, list[RoutineError]]:
    """The settings file's settings (defaults when there is none) and its problems."""
    path = path or paths.settings_file()
    if not path.exists():
        return Settings(), []
    try:
        data = read_bytes(path)
    except RoutineError as e:
        return Settings(), [e]
    return parse(data, path)


def problem_line(errors: list[RoutineError]) -> str | None:
    """The one line a person sees about a broken settings file, or None when all is well."""
    if not errors:
        return None
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{errors[0]}{more}; using the default for it"


def load(*, quiet: bool = False, stream: TextIO | None = None, path: Path | None = None
         ) -> Settings:
    """The settings to use now; a problem goes as one line to stderr (or `stream`) unless
    `quiet` (the TUI shows it in its own way)."""
    settings, errors = read(path)
    line = problem_line(errors)
    if line and not quiet:
        print(f"rls-stretch: {line}", file=stream or sys.stderr)
    return settings
