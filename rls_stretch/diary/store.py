"""The diary file: open it safely, write records, read them back.

One SQLite file in the data dir, in WAL mode, so a reader (the diary screen, `rls-stretch
diary`) never blocks a run that is writing, and two programs at once never lose an update.
Every write is its own short transaction: a kill -9 loses at most the write under way.

A file that is not a diary (not SQLite, damaged, from a newer version, a directory),
cannot be written (read-only) or stays locked raises DiaryError with one line to say,
and is never written to: the person's months of records matter more than this run's.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rls_stretch import history, paths
from rls_stretch.diary import schema
from rls_stretch.diary.model import (
    TRIGGERS,
    BreakAction,
    BreakRecord,
    CheckIn,
    EndedBy,
    SessionRecord,
)

FILE_NAME = paths.DIARY_FILE
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_SECONDS = 2.0  # how long a write waits for another program's write to end


class DiaryError(Exception):
    """The diary cannot be used now; str() is the one line to say."""


def default_path() -> Path:
    return paths.data_dir() / FILE_NAME


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="seconds")


def _since(since: date | None) -> str:
    return since.isoformat() if since is not None else ""


def _refuse(path: Path) -> str | None:
    """Why `path` must not be opened as a diary, looking only (nothing written)."""
    if path.is_dir():
        return "is a directory, not a diary file"
    if path.exists() and not path.is_file():
        return "is not a regular file"
    if path.is_file():
        try:
            with path.open("rb") as f:
                head = f.read(len(SQLITE_MAGIC))
        except OSError as e:
            return f"cannot be read ({e.strerror or e})"
        if head and head != SQLITE_MAGIC:
            return "is not a diary (not an SQLite database)"
    return None


class Diary:
    """An open diary. Use `Diary.open()`; close it (or use `with`) when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn, self.path = conn, path

    # -- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, create: bool = True) -> Diary:
        """Open (or, with `create`, start) the diary at `path`, migrated to this version.
        DiaryError when it cannot be used; the file is then left exactly as it was."""
        path = path or default_path()
        why = _refuse(path)
        if why is None and not path.exists() and not create:
            why = "does not exist yet"
        if why is not None:
            raise DiaryError(f"diary {path} {why}")
        fresh = not path.exists()
        try:
            if fresh:
                path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        except (OSError, sqlite3.Error) as e:
            raise DiaryError(f"diary {path} cannot be opened: {e}") from None
        try:
            if not fresh:
                check = conn.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise DiaryError(f"diary {path} is damaged ({check})")
            diary = cls(conn, path)
            if schema.version(conn) > schema.VERSION:
                schema.migrate(conn)  # raises ValueError before writing anything
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            schema.migrate(conn)
            diary._import_history_json()
        except DiaryError:
            conn.close()
            raise
        except ValueError as e:
            conn.close()
            raise DiaryError(f"diary {path}: {e}") from None
        except sqlite3.Error as e:
            conn.close()
            raise DiaryError(f"diary {path} cannot be used: {_reason(e)}") from None
        return diary

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short transaction; a failure is a DiaryError with the reason in words."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            raise DiaryError(f"diary {self.path}: could not write: {_reason(e)}") from None

    def _import_history_json(self) -> None:
        """Once per diary: the start sides and relief answer history.json held, moved in
        without overwriting anything newer. history.json itself is left as it was."""
        if self.get("history_json") is not None:
            return
        history.clean_leftovers()
        old = history.load()
        sides = old.get("start_side")
        with self._write() as c:
            for routine_id, side in (sides.items() if isinstance(sides, dict) else ()):
                if side in ("left", "right"):
                    c.execute("INSERT OR IGNORE INTO remembered VALUES (?, ?)",
                              (f"start_side:{routine_id}", json.dumps(side)))
            relief = old.get("relief")
            if isinstance(relief, dict):
                c.execute("INSERT OR IGNORE INTO remembered VALUES ('relief', ?)",
                          (json.dumps(relief),))
            c.execute("INSERT OR IGNORE INTO remembered VALUES ('history_json', ?)",
                      (json.dumps("imported" if old else "none"),))

    # -- small remembered values --------------------------------------------------------

    def get(self, key: str) -> Any:
        row = self.conn.execute("SELECT value FROM remembered WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return json.loads(row[0])
        except ValueError:
            return None

    @staticmethod
    def peek(key: str, path: Path | None = None) -> Any:
        """One remembered value, read-only and quick (`show` asks for the start side):
        no checks, no migration, nothing written; None when it cannot be read."""
        path = path or default_path()
        if _refuse(path) is not None or not path.is_file():
            return None
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=BUSY_SECONDS)
            try:
                row = conn.execute("SELECT value FROM remembered WHERE key = ?",
                                   (key,)).fetchone()
            finally:
                conn.close()
            return json.loads(row[0]) if row is not None else None
        except (sqlite3.Error, ValueError, OSError):
            return None

    def put(self, key: str, value: Any) -> None:
        with self._write() as c:
            c.execute("INSERT INTO remembered VALUES (?, ?) ON CONFLICT(key) "
                      "DO UPDATE SET value = excluded.value", (key, json.dumps(value)))

    # -- sessions -----------------------------------------------------------------------

    def start_session(self, *, routine_id: str, routine_name: str, routine_when: str,
                      level: str, minutes_asked: float | None, started_at: datetime,
                      planned_seconds: float, moves_total: int) -> int:
        """A row for a run that has begun (ended_by stays empty until it ends)."""
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO sessions (routine_id, routine_name, routine_when, level, "
                "minutes_asked, started_at, planned_seconds, moves_total) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (routine_id, routine_name, routine_when, level, minutes_asked,
                 _iso(started_at), planned_seconds, moves_total))
            return int(cur.lastrowid or 0)

    def end_session(self, session_id: int, *, ended_at: datetime, done_seconds: float,
                    moves_done: int, moves_total: int, skipped_moves: tuple[str, ...],
                    completed: bool, ended_by: EndedBy) -> None:
        with self._write() as c:
            c.execute(
                "UPDATE sessions SET ended_at = ?, done_seconds = ?, moves_done = ?, "
                "moves_total = ?, skipped_moves = ?, completed = ?, ended_by = ? WHERE id = ?",
                (_iso(ended_at), round(done_seconds, 1), moves_done, moves_total,
                 json.dumps(list(skipped_moves), ensure_ascii=False), int(completed),
                 ended_by, session_id))

    def sessions(self, since: date | None = None) -> list[SessionRecord]:
        rows = self.conn.execute(
            "SELECT id, routine_id, routine_name, routine_when, level, minutes_asked, "
            "started_at, ended_at, planned_seconds, done_seconds, moves_done, moves_total, "
            "skipped_moves, completed, ended_by FROM sessions WHERE started_at >= ? "
            "ORDER BY started_at, id", (_since(since),)).fetchall()
        return [SessionRecord(
            id=r[0], routine_id=r[1], routine_name=r[2], routine_when=r[3], level=r[4],
            minutes_asked=r[5], started_at=datetime.fromisoformat(r[6]),
            ended_at=datetime.fromisoformat(r[7]) if r[7] else None, planned_seconds=r[8],
            done_seconds=r[9], moves_done=r[10], moves_total=r[11],
            skipped_moves=tuple(_list(r[12])), completed=bool(r[13]), ended_by=r[14],
        ) for r in rows]

    # -- check-ins ----------------------------------------------------------------------

    def add_checkin(self, checkin: CheckIn) -> int:
        """Record a check-in; triggers not among the usual ones are kept to offer again."""
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO checkins (at, kind, session_id, urge, discomfort, sleep, "
                "triggers, note, severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_iso(checkin.at), checkin.kind, checkin.session_id, checkin.urge,
                 checkin.discomfort, checkin.sleep,
                 json.dumps(list(checkin.triggers), ensure_ascii=False), checkin.note,
                 checkin.severity))
            for name in checkin.triggers:
                if name not in TRIGGERS:
                    c.execute("INSERT OR IGNORE INTO own_triggers VALUES (?, ?)",
                              (name, _iso(checkin.at)))
            return int(cur.lastrowid or 0)

    def checkins(self, since: date | None = None) -> list[CheckIn]:
        rows = self.conn.execute(
            "SELECT id, at, kind, session_id, urge, discomfort, sleep, triggers, note, "
            "severity FROM checkins WHERE at >= ? ORDER BY at, id", (_since(since),)).fetchall()
        return [CheckIn(id=r[0], at=datetime.fromisoformat(r[1]), kind=r[2], session_id=r[3],
                        urge=r[4], discomfort=r[5], sleep=r[6], triggers=tuple(_list(r[7])),
                        note=r[8], severity=r[9]) for r in rows]

    def own_triggers(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM own_triggers ORDER BY first_used, name")]

    # -- breaks -------------------------------------------------------------------------

    def record_break(self, at: datetime, action: BreakAction, position: str | None,
                     every_seconds: float, length_seconds: float) -> int:
        """One desk-break event (the break scheduler calls this as things happen)."""
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO breaks (at, action, position, every_seconds, length_seconds) "
                "VALUES (?, ?, ?, ?, ?)", (_iso(at), action, position, every_seconds,
                                           length_seconds))
            return int(cur.lastrowid or 0)

    def breaks(self, since: date | None = None) -> list[BreakRecord]:
        rows = self.conn.execute(
            "SELECT id, at, action, position, every_seconds, length_seconds FROM breaks "
            "WHERE at >= ? ORDER BY at, id", (_since(since),)).fetchall()
        return [BreakRecord(id=r[0], at=datetime.fromisoformat(r[1]), action=r[2],
                            position=r[3], every_seconds=r[4], length_seconds=r[5])
                for r in rows]

    def integrity(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def _list(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _reason(e: sqlite3.Error) -> str:
    text = str(e)
    if "locked" in text or "busy" in text:
        return "another program is holding it (locked)"
    if "readonly" in text or "read-only" in text:
        return "it is read-only"
    if "not a database" in text or "malformed" in text:
        return f"it is damaged ({text})"
    return text
