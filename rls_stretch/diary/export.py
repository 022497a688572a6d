"""The diary as data to take elsewhere: JSON (`rls-stretch diary --json`) and two CSV files
(`--csv DIR`: sessions.csv and checkins.csv, one row each, ISO times with their offset).

List fields (skipped moves, triggers) are JSON arrays inside their cell: names may hold
commas and semicolons, and a JSON array reads back exactly.
"""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rls_stretch.diary import stats
from rls_stretch.diary.model import BreakRecord, CheckIn, SessionRecord, now, severity_band

SESSION_FIELDS = ("id", "routine_id", "routine_name", "routine_when", "level",
                  "minutes_asked", "started_at", "ended_at", "planned_seconds",
                  "done_seconds", "moves_done", "moves_total", "skipped_moves", "completed",
                  "ended_by")
CHECKIN_FIELDS = ("id", "at", "kind", "session_id", "urge", "discomfort", "sleep",
                  "triggers", "note", "severity", "severity_band")


def session_json(s: SessionRecord) -> dict[str, Any]:
    return {
        "id": s.id, "routine_id": s.routine_id, "routine_name": s.routine_name,
        "routine_when": s.routine_when, "level": s.level, "minutes_asked": s.minutes_asked,
        "started_at": s.started_at.isoformat(),
        "ended_at": s.ended_at.isoformat() if s.ended_at else None,
        "planned_seconds": s.planned_seconds, "done_seconds": s.done_seconds,
        "moves_done": s.moves_done, "moves_total": s.moves_total,
        "skipped_moves": list(s.skipped_moves), "completed": s.completed,
        "ended_by": s.ended_by,
    }


def checkin_json(c: CheckIn) -> dict[str, Any]:
    return {
        "id": c.id, "at": c.at.isoformat(), "kind": c.kind, "session_id": c.session_id,
        "urge": c.urge, "discomfort": c.discomfort, "sleep": c.sleep,
        "triggers": list(c.triggers), "note": c.note, "severity": c.severity,
        "severity_band": severity_band(c.severity) if c.severity is not None else None,
    }


def diary_json(sessions: list[SessionRecord], checkins: list[CheckIn],
               breaks: list[BreakRecord]) -> dict[str, Any]:
    return {
        "sessions": [session_json(s) for s in sessions],
        "checkins": [checkin_json(c) for c in checkins],
        "breaks_per_day": {d.isoformat(): n
                           for d, n in stats.breaks_per_day(breaks).items()},
    }


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_csv(directory: Path, sessions: list[SessionRecord], checkins: list[CheckIn]
              ) -> list[Path]:
    """sessions.csv and checkins.csv in `directory` (made if missing); OSError if not."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, fields, rows in (
        ("sessions.csv", SESSION_FIELDS, [session_json(s) for s in sessions]),
        ("checkins.csv", CHECKIN_FIELDS, [checkin_json(c) for c in checkins]),
    ):
        path = directory / name
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(fields)
            for row in rows:
                w.writerow([_cell(row[k]) for k in fields])
        written.append(path)
    return written


def since_date(text: str) -> date:
    """`--since`: YYYY-MM-DD, or a number of days back (7, 30d)."""
    t = text.strip().lower().removesuffix("d")
    if t.isdigit():
        return now().date() - timedelta(days=int(t))
    return date.fromisoformat(text.strip())
