"""The desk-break screen at 40x10, driven with Textual's Pilot on a fake clock: the count,
the warning cue, the break's chime and choice, later / skip / pause, starting the break in
the normal player and the count starting again when it ends; the home screen's way in.

A fake `notify-send` first on PATH records the notifications (and shows no real one).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Digits, Static

from rls_stretch.breaks.plan import BreakPlan
from rls_stretch.session.clock import FakeClock
from rls_stretch.sound.backends import RecorderBackend
from rls_stretch.tui.app import StretchApp
from rls_stretch.tui.screens.breaks import BreakScreen
from rls_stretch.tui.screens.home import HomeScreen
from rls_stretch.tui.screens.player import PlayerScreen
from rls_stretch.tui.screens.summary import SummaryScreen

SIZE = (40, 10)
PLAN = BreakPlan(every=10.0, length=60.0, position="seated", warn=30.0)


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A notify-send that writes its arguments to a file, first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "notes.txt"
    script = bin_dir / "notify-send"
    script.write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> "{log}"\necho >> "{log}"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


def make_app(plan: BreakPlan = PLAN) -> tuple[StretchApp, FakeClock, RecorderBackend]:
    clock = FakeClock(1000.0)
    backend = RecorderBackend()
    app = StretchApp(mode="breaks", breaks=plan, clock=clock, hour=12, backend=backend)
    return app, clock, backend


def screen(app: StretchApp) -> BreakScreen:
    assert isinstance(app.screen, BreakScreen), app.screen
    return app.screen


def digits(app: StretchApp) -> str:
    return app.screen.query_one("#breaks-countdown", Digits).value


def text(app: StretchApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def advance(pilot, clock: FakeClock, app: StretchApp, seconds: float) -> None:
    """Move the fake clock on, waking the screen each second as its timer would."""
    while seconds > 1e-9:
        step = min(1.0, seconds)
        clock.advance(step)
        seconds -= step
        screen(app).wake()
    await pilot.pause()


async def wait_for_notes(log: Path, count: int) -> list[str]:
    import asyncio

    for _ in range(100):
        lines = log.read_text().splitlines() if log.exists() else []
        if len(lines) >= count:
            return lines
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} notifications, got {log.read_text()!r}")


async def test_counts_down_warns_then_chimes_and_offers_the_choice(notes: Path):
    app, clock, backend = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text(app, "#breaks-head") == "Next stretch break in"
        assert app.screen.query_one("#breaks-countdown", Digits).value == "0:10"
        assert text(app, "#breaks-info") == "A 1 min seated stretch"
        await advance(pilot, clock, app, 5.0)
        assert screen(app).scheduler.warned
        assert "finish what you are doing" in text(app, "#breaks-note")
        assert backend.played == ["warning"]
        await advance(pilot, clock, app, 5.0)
        assert screen(app).scheduler.state == "due"
        assert text(app, "#breaks-head") == "Time for a stretch break"
        choices = text(app, "#breaks-choices")
        assert "g  Start" in choices and "l  Later: in 10 s" in choices and "s  Skip" in choices
        assert app.screen.query_one("#breaks-choices").display
        assert not app.screen.query_one("#breaks-countdown").display
        assert backend.played == ["warning", "break"]
        lines = await wait_for_notes(notes, 2)
        assert "Stretch break soon" in lines[0] and "--urgency=low" in lines[0]
        assert "Time for a stretch break" in lines[1] and "--urgency=normal" in lines[1]


async def test_later_skip_and_pause_reach_the_scheduler(notes: Path):
    app, clock, _ = make_app(BreakPlan(every=600.0, length=60.0, position="standing",
                                       warn=30.0))
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, app, 600.0)
        s = screen(app).scheduler
        assert s.state == "due"
        await pilot.press("l")
        assert s.state == "counting" and s.countdown() == 300
        assert digits(app) == "5:00"
        await advance(pilot, clock, app, 300.0)
        assert s.state == "due" and not s.can_postpone
        assert "put off once already" in text(app, "#breaks-choices")
        await pilot.press("l")  # refused the second time
        assert s.state == "due"
        await pilot.press("s")
        assert s.state == "counting" and s.countdown() == 600 and s.skipped == 1
        await pilot.press("p")
        assert s.state == "paused" and text(app, "#breaks-head") == "Paused"
        assert digits(app) == "10:00"
        await advance(pilot, clock, app, 30.0)
        assert s.countdown() == 600
        await pilot.press("p")
        assert s.state == "counting"
        await pilot.press("t")
        assert s.state == "paused" and s.resume_at is not None
        assert text(app, "#breaks-note").startswith("Until tomorrow")


async def test_starting_the_break_plays_it_and_its_end_starts_the_count_again(notes: Path):
    app, clock, backend = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, app, 10.0)
        s = screen(app).scheduler
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert s.state == "on_break"
        session = app.session
        assert session is not None and session.timeline.routine.name.startswith("Quick relief")
        assert session.timeline.total_seconds <= 60.0  # fitted to --length
        player = app.screen
        while session.state != "finished":  # a wake each second, as its timer does
            clock.advance(1.0)
            player.wake()
        await pilot.pause()
        assert session.state == "finished"
        assert s.state == "counting" and s.countdown() == 10  # counting again from the end
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, BreakScreen) and app.is_running
        assert digits(app) == "0:10"


async def test_a_break_stopped_early_counts_as_not_completed(notes: Path):
    app, clock, _ = make_app()
    heard = []
    async with app.run_test(size=SIZE) as pilot:
        screen(app).scheduler.subscribe(heard.append)
        await pilot.press("g")  # a break now, before it is due
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert [e.kind for e in heard] == ["started", "finished"]
        assert heard[-1].completed is False


async def test_home_b_opens_the_breaks_and_q_goes_back_home(notes: Path):
    app = StretchApp(mode="home", hour=12, clock=FakeClock(), backend=RecorderBackend())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("b")
        await pilot.pause()
        s = screen(app).scheduler
        assert s.plan.every == 45 * 60 and s.plan.position == "seated"  # the settings' plan
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and s.state == "ended"


async def test_a_pane_too_short_for_the_digits_says_the_time_in_words(notes: Path):
    app, clock, _ = make_app()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#breaks-countdown").display
        assert text(app, "#breaks-head") == "Next stretch break in 0:10"
        await pilot.press("p")
        assert text(app, "#breaks-head") == "Paused · 0:10 left"


async def test_until_closes_the_screen_at_that_time(notes: Path):
    from datetime import datetime, time, timedelta

    from rls_stretch.breaks.scheduler import BreakScheduler

    clock = FakeClock(0.0)
    start = datetime(2026, 12, 1, 17, 29, 0)
    plan = BreakPlan(every=600.0, length=60.0, position="seated", warn=30.0,
                     until=time(17, 30))
    scheduler = BreakScheduler(plan, clock, wall=lambda: start + timedelta(seconds=clock.now()))
    app = StretchApp(mode="home", hour=12, clock=clock, backend=RecorderBackend())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(BreakScreen(scheduler))
        await pilot.pause()
        assert "Until 17:30" in text(app, "#breaks-note")
        await advance(pilot, clock, app, 59.0)
        assert isinstance(app.screen, BreakScreen)
        clock.advance(1.0)
        screen(app).wake()
        await pilot.pause()
        assert scheduler.state == "ended" and scheduler.end_reason == "until 17:30"
        assert isinstance(app.screen, HomeScreen)


async def test_every_break_action_and_the_break_run_go_into_the_diary(notes: Path,
                                                                     isolated_home: Path):
    """The real SQLite file: warned, due, postponed, ..., started, finished, and the
    break's routine as a session row of its own."""
    import sqlite3

    from rls_stretch.diary.store import default_path

    app, clock, _ = make_app(BreakPlan(every=60.0, length=60.0, position="seated",
                                       warn=30.0))
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, app, 60.0)  # warned at 30 s, due at 60 s
        await pilot.press("l")  # postponed
        await advance(pilot, clock, app, 60.0)  # due again (the warning came before)
        await pilot.press("s")  # skipped
        await advance(pilot, clock, app, 60.0)
        await pilot.press("g")  # started
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("q", "y")  # stopped early: finished, not completed
        await pilot.pause()
    db = sqlite3.connect(default_path())
    actions = [r[0] for r in db.execute("SELECT action FROM breaks ORDER BY id")]
    assert actions == ["warned", "due", "postponed", "warned", "due", "skipped", "warned",
                       "due", "started", "finished"]
    positions = {r[0] for r in db.execute("SELECT position FROM breaks")}
    assert positions == {"seated"}
    rows = db.execute("SELECT routine_id, completed, ended_by FROM sessions").fetchall()
    assert rows == [("relief-seated", 0, "quit")]
