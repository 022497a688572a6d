"""The diary file: migrations from the first version, records written and read back, the
old history.json moved in once, and a diary that cannot be used left exactly as it was."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from rls_stretch import history
from rls_stretch.diary import remembered, schema, stats
from rls_stretch.diary.model import CheckIn, severity_band
from rls_stretch.diary.store import Diary, DiaryError, default_path

TZ = timezone(timedelta(hours=1))
T0 = datetime(2026, 11, 20, 22, 30, tzinfo=TZ)


def test_a_new_diary_is_wal_at_the_newest_version(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    with Diary.open(path) as d:
        assert d.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert schema.version(d.conn) == schema.VERSION >= 2
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_the_diary_lives_in_the_data_dir_that_where_shows(isolated_home: Path) -> None:
    assert default_path() == isolated_home / ".local/share/rls-stretch/diary.sqlite3"
    from clirun import rls

    r = rls("where")
    assert f"diary:             {default_path()}" in r.stdout.splitlines()


def test_migration_from_the_first_version_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, upto=1)
    assert schema.version(conn) == 1
    conn.execute("INSERT INTO sessions (routine_id, routine_name, started_at, completed, "
                 "ended_by) VALUES ('bedtime', 'Bedtime', ?, 1, 'finished')", (T0.isoformat(),))
    conn.execute("INSERT INTO checkins (at, kind, urge, triggers, note) VALUES "
                 "(?, 'alone', 7, '[\"caffeine\"]', 'old note')", (T0.isoformat(),))
    conn.close()
    with Diary.open(path) as d:
        assert schema.version(d.conn) == schema.VERSION
        [s] = d.sessions()
        assert (s.routine_id, s.completed, s.ended_by, s.started_at) == \
            ("bedtime", True, "finished", T0)
        [c] = d.checkins()
        assert (c.urge, c.triggers, c.note, c.severity) == (7, ("caffeine",), "old note", None)
        d.add_checkin(CheckIn(at=T0, severity=18))  # the column version 2 added
        assert d.checkins()[-1].severity == 18
        d.record_break(T0, "finished", "seated", 2700, 120)
        assert len(d.breaks()) == 1


def test_a_diary_from_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DiaryError, match="newer rls-stretch"):
        Diary.open(path)
    assert path.read_bytes() == before


def test_records_round_trip(tmp_path: Path) -> None:
    with Diary.open(tmp_path / "d.sqlite3") as d:
        sid = d.start_session(routine_id="bedtime", routine_name="Bedtime, slowly",
                              routine_when="bedtime", level="gentle", minutes_asked=5.0,
                              started_at=T0, planned_seconds=300, moves_total=4)
        assert d.sessions()[0].ended_by is None  # begun, not ended: a kill -9 leaves this
        d.end_session(sid, ended_at=T0 + timedelta(minutes=3), done_seconds=171.26,
                      moves_done=2, moves_total=4, skipped_moves=("Calf stretch, seated",),
                      completed=False, ended_by="hangup")
        [s] = d.sessions()
        assert (s.done_seconds, s.moves_done, s.skipped_moves, s.ended_by, s.minutes_asked) \
            == (171.3, 2, ("Calf stretch, seated",), "hangup", 5.0)
        assert s.ended_at == T0 + timedelta(minutes=3) and s.ended_at.utcoffset() == \
            timedelta(hours=1)
        d.add_checkin(CheckIn(at=T0, urge=5, triggers=("caffeine", "late supper")))
        d.add_checkin(CheckIn(at=T0, triggers=("late supper", "hot bath")))
        assert d.own_triggers() == ["hot bath", "late supper"] or \
            d.own_triggers() == ["late supper", "hot bath"]
        assert "caffeine" not in d.own_triggers()
        assert d.sessions(since=(T0 + timedelta(days=1)).date()) == []


def test_scores_out_of_range_and_severity_bands() -> None:
    with pytest.raises(ValueError):
        CheckIn(at=T0, urge=11)
    with pytest.raises(ValueError):
        CheckIn(at=T0, severity=41)
    assert [severity_band(n) for n in (0, 1, 10, 11, 20, 21, 30, 31, 40)] == [
        "none", "mild", "mild", "moderate", "moderate", "severe", "severe", "very severe",
        "very severe"]


def test_break_events_are_counted_per_day(tmp_path: Path) -> None:
    with Diary.open(tmp_path / "d.sqlite3") as d:
        for hours, action in ((0, "warned"), (0, "started"), (0, "finished"),
                              (1, "postponed"), (2, "skipped"), (26, "finished")):
            d.record_break(T0.replace(hour=9) + timedelta(hours=hours), action, "seated",
                           45 * 60, 120)
        per_day = stats.breaks_per_day(d.breaks())
    assert per_day == {
        T0.date(): {"finished": 1, "skipped": 1, "postponed": 1},
        T0.date() + timedelta(days=1): {"finished": 1, "skipped": 0, "postponed": 0},
    }


# -- history.json moves in --------------------------------------------------------------------

def test_history_json_is_taken_in_once_and_left_alone(isolated_home: Path) -> None:
    old = history.file()
    old.parent.mkdir(parents=True)
    old.write_text(json.dumps({"start_side": {"bedtime": "left"},
                               "relief": {"position": "seated", "minutes": 3}}))
    stale = old.parent / "history.999999.tmp"  # a kill -9 during an old write
    stale.write_text("{")
    before = old.read_bytes()
    assert remembered.next_start_side("bedtime") == "right"  # no diary yet: read, not made
    assert not default_path().exists()
    remembered.remember_start_side("morning", "right")  # makes the diary: history moves in
    assert not stale.exists()
    assert old.read_bytes() == before  # left as it was
    assert remembered.next_start_side("bedtime") == "right"
    assert remembered.last_relief() == ("seated", 3.0)
    remembered.remember_start_side("bedtime", "right")
    old.write_text(json.dumps({"start_side": {"bedtime": "left"}}))  # edited later: ignored
    assert remembered.next_start_side("bedtime") == "left"
    assert remembered.next_start_side("morning") == "left"


def test_two_programs_at_once_keep_both_updates(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    a, b = Diary.open(path), Diary.open(path)
    a.put("start_side:one", "left")
    b.put("start_side:two", "right")
    assert (a.get("start_side:two"), b.get("start_side:one")) == ("right", "left")
    a.close()
    b.close()


# -- a diary that cannot be used ----------------------------------------------------------------

def test_a_corrupt_file_is_refused_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    path.write_bytes(b"this is my shopping list, not a database\n" * 100)
    before = path.read_bytes()
    with pytest.raises(DiaryError, match="not a diary"):
        Diary.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.sqlite3", "home"]


def test_a_damaged_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    with Diary.open(path) as d:
        for i in range(300):
            d.add_checkin(CheckIn(at=T0, note=f"note {i} " * 20))
    data = bytearray(path.read_bytes())
    for i in range(4096 * 2, len(data), 97):  # scribble over the pages, keep the header
        data[i] = 0xFF
    path.write_bytes(bytes(data))
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    with pytest.raises(DiaryError):
        Diary.open(path)
    assert path.read_bytes() == bytes(data)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d.sqlite3").mkdir()
    with pytest.raises(DiaryError, match="is a directory"):
        Diary.open(tmp_path / "d.sqlite3")


def test_a_read_only_diary_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "d.sqlite3"
    conn = sqlite3.connect(path)
    schema.migrate(conn, upto=1)  # an old diary: opening must migrate, i.e. write
    conn.close()
    before = path.read_bytes()
    path.chmod(0o444)
    folder.chmod(0o555)
    immutable = False
    try:
        if os.access(path, os.W_OK):  # root: file modes do not stop it; the immutable flag does
            chattr = shutil.which("chattr")
            immutable = chattr is not None and subprocess.run(
                [chattr, "+i", str(path), str(folder)], capture_output=True).returncode == 0
            if not immutable:
                pytest.skip("running as root without chattr +i: nothing makes a file "
                            "read-only here")
        with pytest.raises(DiaryError, match="read-only"):
            Diary.open(path)
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path), str(folder)], check=True)
        folder.chmod(0o755)
        path.chmod(0o644)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["d.sqlite3"]


def test_a_locked_diary_waits_briefly_then_says_so(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, upto=1)
    conn.execute("BEGIN EXCLUSIVE")  # another program in the middle of a long write
    try:
        t = time.monotonic()
        with pytest.raises(DiaryError, match="locked"):
            Diary.open(path)
        assert time.monotonic() - t < 10
    finally:
        conn.execute("ROLLBACK")
        conn.close()


KILLED_WRITER = """
import sys
from datetime import datetime, timezone
from rls_stretch.diary.model import CheckIn
from rls_stretch.diary.store import Diary
d = Diary.open()
print("open", flush=True)
i = 0
while True:
    at = datetime.now(timezone.utc)
    sid = d.start_session(routine_id="r", routine_name="R" * 200, routine_when="anytime",
                          level="standard", minutes_asked=None, started_at=at,
                          planned_seconds=60, moves_total=3)
    d.end_session(sid, ended_at=at, done_seconds=i, moves_done=1, moves_total=3,
                  skipped_moves=("x" * 300,), completed=False, ended_by="quit")
    d.add_checkin(CheckIn(at=at, urge=i % 11, note="n" * 500))
    i += 1
"""


def test_kill_9_during_writes_leaves_the_file_whole() -> None:
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER], stdout=subprocess.PIPE,
                            text=True, env=dict(os.environ))
    assert proc.stdout is not None and proc.stdout.readline() == "open\n"
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    with Diary.open() as d:
        assert d.integrity() == "ok"
        sessions = d.sessions()
        assert len(sessions) > 10
        # every session but perhaps the last was completed in its own transaction
        assert all(s.ended_by == "quit" for s in sessions[:-1])
