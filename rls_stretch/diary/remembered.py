"""Small things remembered between runs, kept in the diary: the side each routine last
started on (so the legs take turns going first) and the last quick-relief answer.

Losing them only costs a default, so these never raise and never say anything: the run's
own diary link (recorder.py) is what tells the person the diary cannot be used. Without a
diary file yet, the old history.json is read instead, so `show` creates no file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rls_stretch import history
from rls_stretch.diary.store import Diary, DiaryError, default_path
from rls_stretch.routine.model import Side


def _read(key: str, legacy: Any, path: Path | None) -> Any:
    path = path or default_path()
    if not path.exists():
        return legacy
    value = Diary.peek(key, path)
    if value is None and Diary.peek("history_json", path) is None:
        return legacy  # a diary that has not taken history.json in yet (or is unreadable)
    return value


def _write(key: str, value: Any, path: Path | None) -> None:
    try:
        with Diary.open(path) as diary:
            diary.put(key, value)
    except DiaryError:
        pass


def next_start_side(routine_id: str, path: Path | None = None) -> Side:
    """The other side than last time."""
    old = history.load().get("start_side")
    legacy = old.get(routine_id) if isinstance(old, dict) else None
    last = _read(f"start_side:{routine_id}", legacy, path)
    return "right" if last == "left" else "left"


def remember_start_side(routine_id: str, side: Side, path: Path | None = None) -> None:
    _write(f"start_side:{routine_id}", side, path)


def last_relief(path: Path | None = None) -> tuple[str, float] | None:
    r = _read("relief", history.load().get("relief"), path)
    try:
        return str(r["position"]), float(r["minutes"])
    except (TypeError, KeyError, ValueError):
        return None


def remember_relief(position: str, minutes: float, path: Path | None = None) -> None:
    _write("relief", {"position": position, "minutes": minutes}, path)
