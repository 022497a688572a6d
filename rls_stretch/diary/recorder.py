"""The link from one run to the diary: a session subscriber that writes the session row.

The row goes in when the run starts (so even a kill -9 leaves a trace of it) and is
completed when it ends, finished or stopped; the stop event's reason (quit, interrupt,
terminate, hangup) says how. A diary that cannot be opened or written never stops the
run: the problem is said once, through `say`, and the run goes on unrecorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rls_stretch.diary.model import BREAK_ACTIONS, ENDED_BY, CheckIn, EndedBy, now
from rls_stretch.diary.store import Diary, DiaryError

if TYPE_CHECKING:
    from rls_stretch.session.session import Event, Session


class SessionRecorder:
    """Subscribe with `session.subscribe(recorder)`; `close()` when the run is over."""

    def __init__(self, session: Session, say: Callable[[str], None],
                 minutes_asked: float | None = None, path: Path | None = None) -> None:
        self.session = session
        self.say = say
        self.minutes_asked = minutes_asked
        self.path = path
        self.session_id: int | None = None
        self.ended_by: EndedBy | None = None
        self.before: CheckIn | None = None  # asked before the run, kept once it has a row
        self._diary: Diary | None = None
        self._said = False

    # -- problems, said once --------------------------------------------------------------

    def _problem(self, error: DiaryError, what: str) -> None:
        if not self._said:
            self._said = True
            self.say(f"{error}; {what}")

    def _open(self) -> Diary | None:
        if self._diary is None and not self._said:
            try:
                self._diary = Diary.open(self.path)
            except DiaryError as e:
                self._problem(e, "this run plays on without being recorded, and the file is "
                                 "left as it is")
        return self._diary

    # -- events ---------------------------------------------------------------------------

    def __call__(self, event: Event) -> None:
        if event.kind == "start":
            self._started()
        elif event.kind in ("finish", "stop"):
            reason = event.reason if event.reason in ENDED_BY else "quit"
            self._ended("finished" if event.kind == "finish" else reason)  # type: ignore[arg-type]

    def _started(self) -> None:
        diary = self._open()
        if diary is None:
            return
        tl, s = self.session.timeline, self.session
        wall = s.started_wall
        started = (datetime.fromtimestamp(wall).astimezone().replace(microsecond=0)
                   if wall is not None else now())
        try:
            self.session_id = diary.start_session(
                routine_id=tl.routine.id, routine_name=tl.routine.name,
                routine_when=tl.routine.when, level=tl.level,
                minutes_asked=self.minutes_asked, started_at=started,
                planned_seconds=tl.total_seconds, moves_total=s.moves_total)
        except DiaryError as e:
            self._problem(e, "the run goes on")
            return
        if self.before is not None:
            self.add_checkin(self.before)

    def _ended(self, ended_by: EndedBy) -> None:
        self.ended_by = ended_by
        if self._diary is None or self.session_id is None:
            return
        summary = self.session.summary()
        try:
            self._diary.end_session(
                self.session_id, ended_at=now(), done_seconds=summary.active_seconds,
                moves_done=len(summary.moves_done), moves_total=summary.moves_total,
                skipped_moves=summary.skipped_moves, completed=summary.completed,
                ended_by=ended_by)
        except DiaryError as e:
            self._problem(e, "the run goes on")

    # -- after the run --------------------------------------------------------------------

    def add_checkin(self, checkin: CheckIn) -> bool:
        """A check-in tied to this run (before or after it); False if it could not be kept."""
        diary = self._open()
        if diary is None:
            return False
        try:
            diary.add_checkin(checkin if checkin.session_id is not None else
                              replace(checkin, session_id=self.session_id))
        except DiaryError as e:
            self._problem(e, "the check-in is not kept")
            return False
        finally:
            if self.ended_by is not None:
                self.close()
        return True

    def close(self) -> None:
        if self._diary is not None:
            self._diary.close()
            self._diary = None


class BreakRecorder:
    """The link from desk breaks to the diary: a break-scheduler listener that writes one
    row per break warned, due, started, finished, postponed, skipped or paused (the other
    events only drive the screen). The diary is opened at the first such event; a problem
    is said once and the breaks go on unrecorded."""

    def __init__(self, say: Callable[[str], None], path: Path | None = None) -> None:
        self.say = say
        self.path = path
        self._diary: Diary | None = None
        self._said = False

    def __call__(self, event: Any) -> None:  # a breaks.scheduler.BreakEvent
        if event.kind not in BREAK_ACTIONS or self._said:
            return
        try:
            if self._diary is None:
                self._diary = Diary.open(self.path)
            at = event.at if event.at.tzinfo is not None else event.at.astimezone()
            self._diary.record_break(at.replace(microsecond=0), event.kind, event.position,
                                     event.every_seconds, event.length_seconds)
        except DiaryError as e:
            self._said = True
            self.say(f"{e}; the breaks go on without being recorded")

    def close(self) -> None:
        if self._diary is not None:
            self._diary.close()
            self._diary = None
