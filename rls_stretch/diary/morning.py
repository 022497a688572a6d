"""The morning question: on the first start in the morning after a bedtime run, how did
the person sleep? When it is due (stats.sleep_question_due), and keeping its answer. A
skipped question counts as asked, so it is never asked twice for one night."""

from __future__ import annotations

from rls_stretch.diary import stats
from rls_stretch.diary.model import CheckIn, now
from rls_stretch.diary.store import Diary, DiaryError, default_path

ASKED_KEY = "sleep_asked_for"


def due(hour: int | None = None) -> int | None:
    """The id of the bedtime run to ask about now, or None (also when the diary cannot be
    read: a run will say why). `hour` replaces the local hour (tests)."""
    if not default_path().exists():
        return None
    at = now() if hour is None else now().replace(hour=hour)
    try:
        with Diary.open(create=False) as diary:
            run = stats.sleep_question_due(diary.sessions(), diary.checkins(), at,
                                           diary.get(ASKED_KEY))
    except DiaryError:
        return None
    return run.id if run is not None else None


def answer(session_id: int, sleep: int | None) -> str | None:
    """Keep the answer (None: skipped); the problem to say when it cannot be kept."""
    try:
        with Diary.open() as diary:
            diary.put(ASKED_KEY, session_id)
            if sleep is not None:
                diary.add_checkin(CheckIn(at=now(), kind="morning", sleep=sleep,
                                          session_id=session_id))
    except DiaryError as e:
        return f"{e}; the answer is not kept"
    return None
