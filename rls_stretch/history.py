"""Small things remembered between runs: the side a routine last started on, the last
quick-relief answer. One JSON file in the data dir; losing it only costs a default.
"""

from __future__ import annotations

import json
import os
from typing import Any

from rls_stretch import paths
from rls_stretch.routine.model import Side


def _file():  # -> Path
    return paths.history_file()


def load() -> dict[str, Any]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save(data: dict[str, Any]) -> None:
    path = _file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    """A sub-mapping of the file, replaced by an empty one if someone mangled it."""
    section = data.get(name)
    if not isinstance(section, dict):
        section = data[name] = {}
    return section


def next_start_side(routine_id: str) -> Side:
    """The other side than last time, so both legs get to go first in turn."""
    last = _section(load(), "start_side").get(routine_id)
    return "right" if last == "left" else "left"


def remember_start_side(routine_id: str, side: Side) -> None:
    data = load()
    _section(data, "start_side")[routine_id] = side
    save(data)


def last_relief() -> tuple[str, float] | None:
    r = _section(load(), "relief")
    try:
        return str(r["position"]), float(r["minutes"])
    except (TypeError, KeyError, ValueError):
        return None


def remember_relief(position: str, minutes: float) -> None:
    data = load()
    data["relief"] = {"position": position, "minutes": minutes}
    save(data)
