"""Reaching a person in another window: the notification command line (notify-send,
osascript), children never waited for and never left behind, the window title's words,
and each way of reaching them failing on its own."""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from rls_stretch.breaks.alerts import BreakAlerts, Notifier, alert_text, title_text
from rls_stretch.breaks.plan import BreakPlan
from rls_stretch.breaks.scheduler import BreakEvent, BreakScheduler
from rls_stretch.session.clock import FakeClock, SleepCountingClock

PLAN = BreakPlan(every=600.0, length=120.0, position="standing", warn=30.0)


def event(kind: str, remaining: float | None = 30.0) -> BreakEvent:
    return BreakEvent(kind=kind, t=0.0, at=datetime(2026, 12, 1, 9, 0).astimezone(),  # type: ignore[arg-type]
                      position="standing", every_seconds=600.0, length_seconds=120.0,
                      remaining=remaining)


def script(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "notify-send"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_notify_send_gets_the_title_the_words_and_an_urgency(tmp_path: Path):
    log = tmp_path / "args"
    n = Notifier([str(script(tmp_path, f'printf "%s\\n" "$@" > {log}'))])
    title, body = alert_text(event("due"))  # type: ignore[misc]
    assert n.send(title, body, urgent=True)
    n.close(grace=5.0)
    assert log.read_text().splitlines() == ["--app-name=rls-stretch", "--urgency=normal",
                                            "Time for a stretch break", body]
    assert "a 2 min standing stretch" in body


def test_osascript_gets_one_quoted_script():
    n = Notifier(["/usr/bin/osascript"])
    argv = n.argv('Say "hi"', "back\\slash \x1b[31m", urgent=False)
    assert argv == ["/usr/bin/osascript", "-e",
                    'display notification "back\\\\slash [31m" with title "Say \\"hi\\""']


def test_a_slow_notification_is_not_waited_for_and_is_killed_on_close(tmp_path: Path):
    pids = tmp_path / "pids"
    n = Notifier([str(script(tmp_path, f"echo $$ >> {pids}; exec sleep 30"))])
    began = time.monotonic()
    assert n.send("a", "b")
    assert time.monotonic() - began < 1.0  # returned at once
    deadline = time.monotonic() + 5
    while not pids.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    pid = int(pids.read_text())
    assert n.running == 1 and alive(pid)
    n.close(grace=0.1)
    assert n.running == 0 and not alive(pid)


def test_a_child_past_its_time_is_killed_at_the_next_send(tmp_path: Path):
    n = Notifier([str(script(tmp_path, "exec sleep 30"))], timeout=0.2)
    n.send("a", "b")
    time.sleep(0.3)
    n.send("c", "d")
    assert n.running == 1  # the first was killed and reaped, the second runs
    n.close(grace=0.0)
    assert n.running == 0


def test_no_notifier_or_one_that_cannot_start_is_quiet(tmp_path: Path):
    assert not Notifier([]).send("a", "b")
    broken = Notifier([str(tmp_path / "missing")])
    assert not broken.send("a", "b") and broken.last_error and not broken.available


def test_alerts_play_ring_and_notify_and_a_failing_part_spares_the_others():
    played, rung, sent = [], [], []

    class Boom:
        def send(self, *a: object, **k: object) -> bool:
            sent.append(a)
            raise RuntimeError("no dbus")

    def bad_play(cue: str) -> None:
        played.append(cue)
        raise OSError("no sound card")

    alerts = BreakAlerts(play=bad_play, bell=lambda: rung.append(1), notifier=Boom())  # type: ignore[arg-type]
    alerts(event("warned"))
    alerts(event("due", 0.0))
    alerts(event("skipped"))
    assert played == ["warning", "break"] and rung == [1] and len(sent) == 2


def test_the_title_says_the_time_to_the_break():
    clock = FakeClock()
    s = BreakScheduler(PLAN, clock)
    s.start()
    assert title_text(s) == "Break in 10 min · rls-stretch"
    for second in range(1, 542):  # woken each second (a bigger gap would be a sleep)
        clock.set(float(second))
        s.update()
    assert title_text(s) == "Break in 0:59 · rls-stretch"
    for second in range(542, 601):
        clock.set(float(second))
        s.update()
    assert title_text(s) == "Stretch break now · rls-stretch"
    s.pause()
    assert title_text(s) == "Breaks paused (0:00 left) · rls-stretch"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CLOCK_BOOTTIME is Linux's")
def test_the_breaks_clock_counts_a_suspend_on_linux():
    c = SleepCountingClock()
    assert abs(c.now() - time.clock_gettime(time.CLOCK_BOOTTIME)) < 0.5
    a = c.now()
    time.sleep(0.01)
    assert c.now() > a
