"""The desk-break scheduler on the fake clock: the warning, the break, postpone, skip,
pause, a clock jump (the computer slept) and --until, with every event a listener hears."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from rls_stretch.breaks.plan import BreakPlan, next_at, parse_time_of_day
from rls_stretch.breaks.scheduler import RECORDED, BreakEvent, BreakScheduler
from rls_stretch.session.clock import FakeClock

T0 = datetime(2026, 12, 1, 9, 0, 0)  # a Tuesday morning at the desk


def plan(**kw: object) -> BreakPlan:
    base: dict[str, object] = {"every": 45 * 60.0, "length": 120.0, "position": "seated",
                               "warn": 30.0}
    base.update(kw)
    return BreakPlan(**base)  # type: ignore[arg-type]


class Desk:
    """A scheduler on a fake clock whose wall clock moves with it, and what it said."""

    def __init__(self, **kw: object) -> None:
        self.clock = FakeClock(1000.0)
        self.heard: list[BreakEvent] = []
        self.s = BreakScheduler(plan(**kw), self.clock, wall=self.wall)
        self.s.subscribe(self.heard.append)
        self.s.start()

    def wall(self) -> datetime:
        return T0 + timedelta(seconds=self.clock.now() - 1000.0)

    def run_to(self, seconds: float) -> list[str]:
        """Wake the scheduler as a UI would (at each next_wake) until `seconds` after the
        start; the kinds heard on the way."""
        start = len(self.heard)
        target = 1000.0 + seconds
        while True:
            wake = self.s.next_wake()
            if wake is None or wake > target:
                self.clock.set(max(self.clock.now(), target))
                self.s.update()
                break
            self.clock.set(max(self.clock.now(), wake))
            self.s.update()
        return self.kinds(start)

    def kinds(self, start: int = 0) -> list[str]:
        return [e.kind for e in self.heard[start:]]


def test_counts_down_then_warns_30_s_before_then_the_break_is_due():
    d = Desk()
    assert d.s.state == "counting" and d.s.countdown() == 45 * 60
    assert d.run_to(45 * 60 - 31) == []
    assert d.s.countdown() == 31 and not d.s.warned
    assert d.run_to(45 * 60 - 30) == ["warned"]
    warned = d.heard[-1]
    assert warned.remaining == pytest.approx(30.0)
    assert warned.at.replace(tzinfo=None) == T0 + timedelta(minutes=44, seconds=30)
    assert d.run_to(45 * 60 - 0.5) == []
    assert d.s.countdown() == 1  # "0:01" until the very end
    assert d.run_to(45 * 60) == ["due"]
    assert d.s.state == "due" and d.s.remaining() == 0
    due = d.heard[-1]
    assert (due.position, due.every_seconds, due.length_seconds) == ("seated", 2700.0, 120.0)


def test_wakes_once_a_second_while_counting():
    d = Desk(every=10.0)
    wakes = []
    for _ in range(4):
        wake = d.s.next_wake()
        assert wake is not None
        wakes.append(wake - 1000.0)
        d.clock.set(wake)
        d.s.update()
    assert wakes == pytest.approx([1.0, 2.0, 3.0, 4.0])


def test_a_short_interval_warns_at_half_of_it():
    d = Desk(every=10.0)
    assert d.s.plan.warning == 5.0
    assert d.run_to(4.9) == []
    assert d.run_to(5.0) == ["warned"]
    assert d.run_to(10.0) == ["due"]


def test_no_warning_when_warn_is_zero():
    d = Desk(every=60.0, warn=0.0)
    assert d.run_to(60.0) == ["due"]


def test_started_break_holds_the_count_until_it_finishes_then_counts_again():
    d = Desk(every=600.0)
    d.run_to(600.0)
    d.s.start_break()
    assert d.s.state == "on_break" and d.s.next_wake() is None
    d.clock.advance(125.0)  # the routine plays; the scheduler is not asked meanwhile
    assert d.s.update() == []  # on a break: nothing happens by itself, not a clock jump
    d.s.finish_break(completed=True)
    assert d.kinds()[-2:] == ["started", "finished"] and d.heard[-1].completed is True
    assert d.s.state == "counting" and d.s.countdown() == 600
    assert d.s.taken == 1


def test_a_break_can_be_taken_early():
    d = Desk(every=600.0)
    d.run_to(100.0)
    d.s.start_break()
    assert d.kinds() == ["started"] and d.s.state == "on_break"


def test_postpone_moves_the_break_5_minutes_and_only_once():
    d = Desk()
    d.run_to(2700.0)
    assert d.s.can_postpone
    d.s.postpone()
    assert d.kinds()[-1] == "postponed" and d.s.state == "counting"
    assert d.s.countdown() == 300
    assert d.run_to(2700 + 270.0) == ["warned"]  # warned again before the postponed break
    assert d.run_to(2700 + 300.0) == ["due"]
    assert not d.s.can_postpone
    d.s.postpone()  # the second time is refused: take it or skip it
    assert d.s.state == "due" and d.kinds()[-1] == "due"
    d.s.skip()
    assert d.kinds()[-1] == "skipped"
    d.run_to(3000 + 2700.0)
    assert d.s.can_postpone  # the next break can be put off again


def test_postpone_during_the_warning_and_with_a_short_interval():
    d = Desk(every=60.0)
    d.run_to(31.0)
    assert d.kinds() == ["warned"] and d.s.can_postpone
    d.s.postpone()
    assert d.s.countdown() == 60  # "later" is never longer than the interval itself


def test_postpone_and_skip_are_only_for_a_coming_break():
    d = Desk()
    d.run_to(60.0)
    d.s.postpone()
    d.s.skip()
    assert d.kinds() == [] and d.s.countdown() == 2640


def test_skip_counts_a_whole_interval_from_now():
    d = Desk(every=600.0)
    d.run_to(600.0)
    d.clock.advance(20.0)
    d.s.skip()
    assert d.kinds() == ["warned", "due", "skipped"]
    assert d.s.countdown() == 600 and d.s.skipped == 1


def test_pause_holds_the_count_and_resume_carries_on():
    d = Desk(every=600.0)
    d.run_to(100.0)
    d.s.pause()
    assert d.kinds() == ["paused"] and d.s.state == "paused" and d.s.next_wake() is None
    d.clock.advance(300.0)
    assert d.s.update() == [] and d.s.countdown() == 500  # held
    d.s.toggle_pause()
    assert d.kinds()[-1] == "resumed" and d.s.countdown() == 500
    assert d.run_to(400.0 + 500.0)[-1] == "due"


def test_a_pause_longer_than_the_interval_starts_afresh():
    d = Desk(every=600.0)
    d.run_to(500.0)
    d.s.pause()
    d.clock.advance(900.0)  # lunch: up and about
    d.s.resume()
    assert d.s.countdown() == 600
    assert d.heard[-1].reason == "the count starts afresh"


def test_pause_until_tomorrow_ends_in_the_morning_with_a_fresh_count():
    d = Desk(every=600.0, morning=time(7, 0))
    d.run_to(3600.0)  # 10:00
    d.s.pause_until_tomorrow()
    paused = d.heard[-1]
    assert paused.kind == "paused" and paused.reason == "until tomorrow"
    assert paused.until == datetime(2026, 12, 2, 7, 0)
    wake = d.s.next_wake()
    assert wake is not None and wake - d.clock.now() == 60.0  # checks the wall clock each minute
    d.clock.set(1000.0 + 22 * 3600 - 1)  # 06:59:59 the next day
    d.s.update()
    assert d.s.state == "paused"
    d.clock.advance(1.0)
    d.s.update()
    assert d.s.state == "counting" and d.kinds()[-1] == "resumed" and d.s.countdown() == 600


def test_a_clock_jump_restarts_the_sitting_count_instead_of_firing_the_break():
    d = Desk(every=600.0)
    d.run_to(300.0)
    d.clock.advance(3600.0)  # the lid was closed for an hour
    events = d.s.update()
    assert [e.kind for e in events] == ["restarted"]
    assert "asleep" in (events[0].reason or "")
    assert d.s.state == "counting" and d.s.countdown() == 600  # no break at once


def test_a_clock_jump_while_a_break_waits_restarts_the_count_too():
    d = Desk(every=60.0)
    d.run_to(60.0)
    assert d.s.state == "due"
    d.clock.advance(60.0 + 3600.0)
    assert [e.kind for e in d.s.update()] == ["restarted"]
    assert d.s.state == "counting"


def test_a_slightly_late_wake_is_not_a_jump():
    d = Desk(every=600.0)
    d.run_to(10.0)
    d.clock.advance(4.0)  # a busy machine, not a sleep
    assert d.s.update() == [] and d.s.countdown() == 586


def test_until_ends_at_that_time_of_day():
    d = Desk(every=600.0, until=time(9, 25))
    assert d.s.until_at == datetime(2026, 12, 1, 9, 25)
    kinds = d.run_to(3600.0)
    assert kinds == ["warned", "due", "ended"]  # the break at 9:10 waits; the end comes
    assert d.s.state == "ended" and d.heard[-1].reason == "until 09:25"
    assert d.heard[-1].at.replace(tzinfo=None) == T0 + timedelta(minutes=25)
    assert d.s.next_wake() is None
    d.s.start_break()
    assert d.kinds()[-1] == "ended"  # nothing more once ended


def test_until_waits_for_a_break_in_progress():
    d = Desk(every=60.0, until=time(9, 2))
    d.run_to(60.0)
    d.s.start_break()
    d.clock.advance(120.0)  # 9:03, still stretching
    assert d.s.update() == [] and d.s.state == "on_break"
    d.s.finish_break()
    assert d.kinds()[-2:] == ["finished", "ended"]


def test_until_earlier_than_now_is_tomorrow():
    assert next_at(time(8, 0), T0) == datetime(2026, 12, 2, 8, 0)
    assert next_at(time(17, 30), T0) == datetime(2026, 12, 1, 17, 30)
    assert parse_time_of_day(" 7:05 ") == time(7, 5)
    for bad in ("25:00", "17.30", "5pm", "12:60"):
        with pytest.raises(ValueError):
            parse_time_of_day(bad)


def test_stop_ends_and_a_broken_listener_does_not_stop_the_reminders():
    d = Desk(every=10.0)

    def broken(ev: BreakEvent) -> None:
        raise RuntimeError("listener bug")

    d.s.subscribe(broken)
    assert d.run_to(10.0) == ["warned", "due"]
    assert len(d.s.errors) == 2
    d.s.stop()
    assert d.kinds()[-1] == "ended" and d.heard[-1].reason == "stopped"


def test_every_recorded_action_carries_what_the_diary_takes():
    d = Desk(every=60.0)
    d.run_to(60.0)
    d.s.postpone()
    d.run_to(120.0)
    d.s.skip()
    d.run_to(180.0)
    d.s.pause()
    d.s.resume()
    d.run_to(240.0)
    d.s.start_break()
    d.s.finish_break(completed=False)
    seen = {e.kind for e in d.heard}
    assert set(RECORDED) <= seen
    for e in d.heard:
        assert e.at.tzinfo is not None and e.position == "seated"
        assert (e.every_seconds, e.length_seconds) == (60.0, 120.0)


def test_paused_while_due_is_due_again_on_resume_without_a_second_warning():
    d = Desk(every=60.0)
    d.run_to(60.0)
    d.s.pause()
    d.clock.advance(20.0)
    d.s.resume()
    d.s.update()
    assert d.kinds() == ["warned", "due", "paused", "resumed", "due"]
