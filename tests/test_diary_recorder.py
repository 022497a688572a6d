"""The diary link of a run (a session subscriber), on a fake clock: the row is written at
the start and completed at the end; a write that fails is said once and the run goes on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rls_stretch.diary.model import CheckIn, now
from rls_stretch.diary.recorder import SessionRecorder
from rls_stretch.diary.store import Diary
from rls_stretch.routine.model import Dose, Move, MoveStep, Routine, Span
from rls_stretch.session.clock import FakeClock
from rls_stretch.session.session import Session
from rls_stretch.timeline.sequencer import build_timeline

MOVE = Move(id="m", name="Calf stretch", instructions="Lean.", position="standing",
            dose=Dose(hold=Span.of(10)))
ROUTINE = Routine(id="r", name="R", steps=(MoveStep(MOVE), MoveStep(MOVE)), transition=2)


def session() -> tuple[Session, FakeClock]:
    clock = FakeClock(100.0)
    return Session(build_timeline(ROUTINE), clock), clock


def test_the_row_is_begun_at_start_and_completed_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    s, clock = session()
    said: list[str] = []
    rec = SessionRecorder(s, said.append, minutes_asked=3.0, path=path)
    rec.before = CheckIn(at=now(), kind="before", urge=6)
    s.subscribe(rec)
    s.start()
    with Diary.open(path) as d:
        [row] = d.sessions()
        assert row.ended_by is None and row.minutes_asked == 3.0 and row.moves_total == 2
        assert [(c.kind, c.urge, c.session_id) for c in d.checkins()] == \
            [("before", 6, row.id)]
    for _ in range(25):  # the screen wakes every half second or so
        clock.advance(0.5)
        s.update()
    s.stop("interrupt")
    rec.close()
    with Diary.open(path) as d:
        [row] = d.sessions()
    assert (row.ended_by, row.completed, row.moves_done) == ("interrupt", False, 1)
    assert row.done_seconds == 12.5 and said == []
    assert s.errors == []


def test_a_write_that_fails_is_said_once_and_the_run_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    Diary.open(path).close()
    s, clock = session()
    said: list[str] = []
    rec = SessionRecorder(s, said.append, path=path)
    s.subscribe(rec)
    s.start()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the diary from now on
    try:
        for _ in range(48):
            clock.advance(0.5)
            s.update()
        assert s.state == "finished"  # the end could not be written, the run ended anyway
        assert rec.add_checkin(CheckIn(at=now(), kind="after", urge=2)) is False
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(said) == 1 and "locked" in said[0] and "the run goes on" in said[0]
    assert s.errors == []  # said, not raised into the session
    rec.close()
