"""The diary's figures on a hand-made data set whose answers are worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from rls_stretch.diary import stats
from rls_stretch.diary.model import CheckIn, SessionRecord

TZ = timezone(timedelta(hours=-5))
END = date(2026, 11, 30)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def run(sid: int, day: int, hour: int, rid: str = "bedtime", *, completed: bool = True,
        moves_done: int = 3, when: str = "bedtime") -> SessionRecord:
    start = at(day, hour)
    return SessionRecord(
        id=sid, routine_id=rid, routine_name=rid.capitalize(), routine_when=when,
        level="standard", minutes_asked=None, started_at=start,
        ended_at=start + timedelta(minutes=10), planned_seconds=600, done_seconds=600,
        moves_done=moves_done, moves_total=3, skipped_moves=(), completed=completed,
        ended_by="finished" if completed else "quit")


# Sessions: bedtime on the 25th-30th except the 27th (a stopped run with nothing done),
# morning on the 28th and 29th.
SESSIONS = [
    run(1, 25, 22), run(2, 26, 22), run(3, 27, 22, completed=False, moves_done=0),
    run(4, 28, 22), run(5, 29, 22), run(6, 30, 22),
    run(7, 28, 8, "morning", when="morning"), run(8, 29, 8, "morning", when="morning"),
]
CHECKINS = [
    # bedtime: before by its own check-in or within the hour before; after by its own
    CheckIn(at=at(25, 21, 40), urge=8),                      # 20 min before run 1
    CheckIn(at=at(25, 22, 15), kind="after", urge=4, session_id=1),
    CheckIn(at=at(26, 22), kind="before", urge=6, session_id=2),
    CheckIn(at=at(26, 22, 12), kind="after", urge=3, session_id=2),
    CheckIn(at=at(28, 20, 30), urge=9),                      # 90 min before run 4: too early
    CheckIn(at=at(28, 22, 11), kind="after", urge=2, session_id=4),
    CheckIn(at=at(29, 21, 50), urge=7),
    CheckIn(at=at(29, 22, 12), kind="after", urge=5, session_id=5),
    # morning: one pair only
    CheckIn(at=at(28, 7, 55), urge=5, sleep=4, triggers=("caffeine",)),
    CheckIn(at=at(28, 8, 12), kind="after", urge=5, session_id=7),
    # triggers by day, with the day's urge mean:
    CheckIn(at=at(20, 12), urge=6, triggers=("caffeine", "stress")),
    CheckIn(at=at(21, 12), urge=8, triggers=("caffeine",)),
    CheckIn(at=at(22, 12), urge=2),
    CheckIn(at=at(23, 12), urge=3, sleep=8, triggers=("hot bath",)),
    CheckIn(at=at(24, 12), sleep=6, triggers=("caffeine",)),  # no urge score: not counted
]


def test_the_daily_series_has_gaps_not_zeros() -> None:
    days = stats.days(CHECKINS, SESSIONS, END, 30)
    assert len(days) == 30 and days[0].day == date(2026, 11, 1) and days[-1].day == END
    by = {d.day.day: d for d in days}
    assert by[1].urge is None and by[1].sleep is None and by[1].sessions == 0
    assert by[25].urge == 6.0  # (8 + 4) / 2
    assert by[28].urge == 21 / 4 and by[28].sleep == 4.0  # 9, 2, 5, 5
    assert by[28].sessions == 2 and by[27].sessions == 0  # nothing done on the 27th
    assert by[24].urge is None and by[24].sleep == 6.0


def test_the_streak_counts_days_with_something_done() -> None:
    assert stats.streak(SESSIONS, END) == 3  # 28, 29, 30; the 27th broke it
    assert stats.streak(SESSIONS, END + timedelta(days=1)) == 3  # none yet today: to yesterday
    assert stats.streak(SESSIONS, END + timedelta(days=2)) == 0
    assert stats.streak([], END) == 0


def test_before_and_after_per_routine() -> None:
    rows = {r.routine_id: r for r in stats.per_routine(SESSIONS, CHECKINS)}
    bed = rows["bedtime"]
    # pairs: run 1 (8 -> 4), run 2 (6 -> 3), run 5 (7 -> 5); run 4 has no before within the
    # hour, run 3 and 6 no after
    assert (bed.sessions, bed.pairs) == (6, 3)
    assert bed.before == 7.0 and bed.after == 4.0 and bed.change == -3.0
    morning = rows["morning"]
    assert (morning.sessions, morning.pairs, morning.change) == (2, 1, 0.0)
    assert stats.best_routine(list(rows.values())) == bed  # the only one with 3 pairs
    assert stats.best_routine([morning]) is None


def test_triggers_with_and_without_only_with_three_days_each_side() -> None:
    rows = {t.name: t for t in stats.per_trigger(CHECKINS, own=["hot bath"])}
    # days with an urge score: 20, 21, 22, 23, 25, 26, 28, 29 (urge means 6, 8, 2, 3, 6,
    # 4.5, 5.25, 6); caffeine on 20, 21, 28
    caffeine = rows["caffeine"]
    assert (caffeine.days_with, caffeine.days_without) == (3, 5)
    assert caffeine.enough
    assert caffeine.urge_with == (6 + 8 + 5.25) / 3
    assert caffeine.urge_without == (2 + 3 + 6 + 4.5 + 6) / 5
    stress = rows["stress"]
    assert (stress.days_with, stress.days_without, stress.enough) == (1, 7, False)
    assert stress.urge_with is None and stress.urge_without is None
    assert rows["hot bath"].days_with == 1 and not rows["hot bath"].enough
    assert rows["alcohol"].days_with == 0 and not rows["alcohol"].enough
    assert list(rows)[:6] == ["caffeine", "alcohol", "nicotine", "late exercise",
                              "long sitting", "stress"]


def test_period_figures() -> None:
    p = stats.period(SESSIONS, CHECKINS, END, 7)  # 24-30 November
    assert (p.sessions, p.completed, p.minutes) == (8, 7, 80.0)
    assert p.checkins == 11 and p.sleep == 5.0  # 4 and 6


def test_the_morning_question_after_a_bedtime_run() -> None:
    last = SESSIONS[5]  # bedtime, 30 Nov 22:00
    morning = at(30, 7) + timedelta(days=1)
    assert stats.sleep_question_due(SESSIONS, CHECKINS, morning, None) == last
    assert stats.sleep_question_due(SESSIONS, CHECKINS, morning, asked_for=last.id) is None
    assert stats.sleep_question_due(SESSIONS, CHECKINS, morning.replace(hour=13), None) is None
    slept = CHECKINS + [CheckIn(at=morning - timedelta(minutes=5), sleep=7)]
    assert stats.sleep_question_due(SESSIONS, slept, morning, None) is None
    early = run(9, 30, 6, "morning", when="morning")  # a morning routine since, at 06:00
    daytime = SESSIONS + [replace(early, started_at=early.started_at + timedelta(days=1))]
    assert stats.sleep_question_due(daytime, CHECKINS, morning, None) is None
    assert stats.sleep_question_due(SESSIONS, CHECKINS, morning + timedelta(days=1), None) \
        is None
