"""The player screen driven by Pilot on a fake clock: keys reach the session, the screen shows
what the session says, the quit question, the summary, mute and night mode."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Digits, Static

from rls_stretch.routine.model import Dose, Move, MoveStep, Pace, RestStep, Routine, Span
from rls_stretch.session.clock import FakeClock
from rls_stretch.sound.cues import CUES as CUE_NAMES
from rls_stretch.sound.cues import RecorderBackend
from rls_stretch.timeline.options import RunOptions
from rls_stretch.timeline.sequencer import build_timeline
from rls_stretch.tui.app import DAY_THEME, NIGHT_THEME, StretchApp
from rls_stretch.tui.screens.confirm import ConfirmScreen
from rls_stretch.tui.screens.player import PlayerScreen
from rls_stretch.tui.screens.summary import SummaryScreen
from rls_stretch.tui.widgets.pacer import BreathPacer
from rls_stretch.tui.widgets.progress import Progress
from rls_stretch.tui.widgets.side import SideBadge

SIZE = (100, 30)

CALF = Move(
    id="calf", name="Calf stretch", instructions="Lean on the wall, back heel down.",
    position="standing", sides="both", dose=Dose(hold=Span.of(20)),
    caution="Never push through pain.",
)
BREATHE = Move(
    id="breathe", name="Deep breathing", instructions="In through the nose.",
    position="lying", dose=Dose(breaths=Span.of(2), pace=Pace(4, 6)),
)
WAITER = Move(
    id="waiter", name="Lie down", instructions="Get onto your back.", position="lying",
    dose=Dose(hold=Span.of(10)), wait=True,
)


def routine(*steps, transition: float = 5.0, when: str = "anytime") -> Routine:
    return Routine(id="test", name="Test routine", steps=tuple(steps),
                   transition=transition, when=when)


def make_app(rt: Routine | None = None, *, mute: bool = False, night: bool | None = False,
             events: Path | None = None) -> tuple[StretchApp, FakeClock, RecorderBackend]:
    rt = rt or routine(MoveStep(CALF), MoveStep(BREATHE))
    tl = build_timeline(rt, start_side="left")
    clock = FakeClock(1000.0)
    backend = RecorderBackend()
    opts = RunOptions(mute=mute, night=night, events=events)
    app = StretchApp(timeline=tl, opts=opts, clock=clock, hour=12, backend=backend)
    return app, clock, backend


def text(app: StretchApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def countdown(app: StretchApp) -> str:
    return app.screen.query_one("#countdown", Digits).value


def player(app: StretchApp) -> PlayerScreen:
    assert isinstance(app.screen, PlayerScreen)
    return app.screen


async def advance(pilot, clock: FakeClock, app: StretchApp, seconds: float) -> None:
    """Move the fake clock on, waking the screen at least every second as its timer would
    (a longer silence would be a clock jump, which pauses the session)."""
    while seconds > 1e-9:
        step = min(1.0, seconds)
        clock.advance(step)
        seconds -= step
        if isinstance(app.screen, PlayerScreen):
            player(app).wake()
    await pilot.pause()


async def jump(pilot, clock: FakeClock, app: StretchApp, seconds: float) -> None:
    """The clock moves on with nobody awake (a suspended laptop), then the screen wakes."""
    clock.advance(seconds)
    player(app).wake()
    await pilot.pause()


async def test_first_screen_shows_the_move_side_countdown_and_next():
    app, clock, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text(app, "#move-name") == "Calf stretch"
        assert app.screen.query_one(SideBadge).plain == "LEFT"
        assert text(app, "#segment-label") == "Get ready — left side"
        assert countdown(app) == "0:05"
        assert "Lean on the wall" in text(app, "#instructions")
        assert text(app, "#caution") == "⚠ Caution: Never push through pain."
        assert text(app, "#next") == "Next: Deep breathing"
        assert text(app, "#status") == "Sound: recorder"
        assert "Move 1 of 2" in text(app, "#routine-where")


async def test_countdown_follows_the_clock_across_segments():
    app, clock, backend = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, app, 0.4)
        assert countdown(app) == "0:05"  # rounded up: 4.6 s left shows 5
        await advance(pilot, clock, app, 0.6)
        assert countdown(app) == "0:04"
        await advance(pilot, clock, app, 4.0)  # prepare over: the hold on the left
        assert text(app, "#segment-label") == "Hold · left side"  # the side in words too
        assert countdown(app) == "0:20"
        await advance(pilot, clock, app, 10.0)
        assert countdown(app) == "0:10"
        assert player(app).query_one("#progress", Progress).move > 0
        await advance(pilot, clock, app, 10.0)  # the switch to the right side
        assert app.screen.query_one(SideBadge).plain == "RIGHT"
        assert "prepare" in backend.played and "halfway" in backend.played


async def test_space_pauses_and_the_countdown_holds_still():
    app, clock, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, app, 2.0)
        await pilot.press("space")
        session = player(app).session
        assert session.state == "paused"
        assert "Paused" in text(app, "#banner")
        assert "Paused" in text(app, "#status")
        assert player(app).has_class("-paused")
        assert player(app)._timer is None  # nothing to wake for while paused
        await jump(pilot, clock, app, 30.0)
        assert countdown(app) == "0:03"
        await pilot.press("space")
        assert session.state == "running"
        assert text(app, "#banner") == ""
        await advance(pilot, clock, app, 1.0)
        assert countdown(app) == "0:02"


async def test_next_back_and_plus_minus_reach_the_session():
    app, clock, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert text(app, "#move-name") == "Deep breathing"
        assert player(app).session.skipped_moves == ("Calf stretch",)
        await pilot.press("b")  # at once: back to the move before
        assert text(app, "#move-name") == "Calf stretch"
        await pilot.press("plus")
        assert countdown(app) == "0:15"
        await pilot.press("minus")
        assert countdown(app) == "0:05"
        await pilot.press("minus")  # never below a second
        assert countdown(app) == "0:01"


async def test_holding_plus_keeps_one_timer_and_the_display_current():
    app, clock, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(30):
            await pilot.press("plus")
        assert countdown(app) == "5:05"
        screen = player(app)
        live = [t for t in screen._timers if t.name == "session"
                and t._task is not None and not t._task.done()]
        assert live == [screen._timer]


async def test_quit_asks_pauses_and_no_carries_on():
    app, clock, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = player(app).session
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert session.state == "paused"  # kinder: nothing runs on while they answer
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert session.state == "running"
        await pilot.press("q")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen) and session.state == "running"


async def test_quit_yes_shows_the_summary_and_q_exits_with_0(tmp_path):
    log = tmp_path / "events.jsonl"
    app, clock, _ = make_app(events=log)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # prepare 5 + hold 20 + switch 5 + hold 20: the calf stretch is done on both sides
        await advance(pilot, clock, app, 52.0)
        assert text(app, "#move-name") == "Deep breathing"
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert text(app, "#summary-headline") == "Stopped early"
        table = text(app, "#summary-table")
        assert "Moves done  1 of 2" in table
        assert "Skipped     none" in table
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    lines = log.read_text().splitlines()
    assert '"event": "stop"' in lines[-1]


async def test_finishing_shows_a_completed_summary():
    app, clock, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")  # skip the calf stretch
        await jump(pilot, clock, app, 200.0)  # far beyond the end...
        # ...is a clock jump: the session pauses rather than skipping ahead.
        assert player(app).session.state == "paused"
        assert "clock jumped" in text(app, "#status")
        await pilot.press("space")
        for _ in range(30):
            if not isinstance(app.screen, PlayerScreen):
                break
            await advance(pilot, clock, app, 2.0)
        assert isinstance(app.screen, SummaryScreen)
        assert text(app, "#summary-headline") == "Routine complete"
        table = text(app, "#summary-table")
        assert "Moves done  1 of 2" in table
        assert "Skipped     Calf stretch" in table
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0


async def test_mute_toggles_the_sound_and_the_status_line():
    app, clock, backend = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        assert text(app, "#status") == "Sound: muted"
        before = list(backend.played)
        await advance(pilot, clock, app, 5.0)  # the hold's "start" cue, muted
        assert backend.played == before
        await pilot.press("m")
        assert text(app, "#status") == "Sound: recorder"
        await advance(pilot, clock, app, 10.0)
        assert backend.played[-1] == "halfway"


async def test_night_key_switches_theme_class_and_sound_profile():
    app, clock, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == DAY_THEME.name and not app.has_class("-night")
        assert app.cue_player.profile == "standard"
        await pilot.press("d")
        assert app.theme == NIGHT_THEME.name and app.has_class("-night")
        assert app.cue_player.profile == "gentle"
        assert player(app).cue_player is app.cue_player
        assert "Night mode" in text(app, "#status")
        await pilot.press("d")
        assert app.theme == DAY_THEME.name and not app.has_class("-night")
        assert app.cue_player.profile == "standard"


@pytest.mark.parametrize(("when", "night", "hour", "expected"), [
    ("bedtime", None, 12, True),
    ("anytime", None, 23, True),
    ("anytime", None, 12, False),
    ("bedtime", False, 23, False),
    ("anytime", True, 12, True),
])
async def test_night_mode_starts_on_for_bedtime_night_hours_or_when_asked(
        when, night, hour, expected):
    rt = routine(MoveStep(CALF), when=when)
    tl = build_timeline(rt)
    app = StretchApp(timeline=tl, opts=RunOptions(night=night), clock=FakeClock(),
                     hour=hour, backend=RecorderBackend())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.night is expected
        assert (app.theme == NIGHT_THEME.name) is expected
        assert app.cue_player.profile == ("gentle" if expected else "standard")


async def test_breath_pacer_grows_on_inhale_and_shrinks_on_exhale():
    app, clock, backend = make_app(routine(MoveStep(BREATHE), transition=0))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pacer = player(app).query_one(BreathPacer)
        assert pacer.phase == "inhale" and pacer.display
        assert text(app, "#segment-label") == "Breath 1 of 2"
        sizes = [pacer.level]
        for _ in range(3):
            await advance(pilot, clock, app, 1.0)
            sizes.append(pacer.level)
        assert sizes == sorted(sizes) and sizes[-1] > sizes[0]
        # The pacer moves on the countdown's whole-second wakes: never more than one a second.
        timer = player(app)._timer
        assert timer is not None and 0.5 < timer._interval <= 1.0 + 0.01
        await advance(pilot, clock, app, 1.0)  # exhale
        assert pacer.phase == "exhale"
        top = pacer.level
        await advance(pilot, clock, app, 3.0)
        assert pacer.level < top
        assert backend.played[:2] == ["inhale", "exhale"]


async def test_a_waiting_move_holds_until_g():
    app, clock, _ = make_app(routine(MoveStep(WAITER), MoveStep(CALF)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, app, 6.0)
        session = player(app).session
        assert session.waiting
        assert "press g" in text(app, "#banner")
        assert player(app)._timer is None
        await jump(pilot, clock, app, 60.0)
        assert session.waiting  # as long as it takes
        await pilot.press("g")
        assert not session.waiting
        assert countdown(app) == "0:10"
        assert text(app, "#banner") == ""


async def test_a_rest_step_and_the_next_line():
    rt = routine(MoveStep(BREATHE), RestStep(Span.of(30)), MoveStep(CALF), transition=0)
    app, clock, _ = make_app(rt)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text(app, "#next") == "Next: Rest (30 s)"
        await pilot.press("n")
        assert text(app, "#move-name") == "Rest"
        assert text(app, "#next") == "Next: Calf stretch"
        await pilot.press("n")
        assert text(app, "#next") == "Next: the end"


def test_an_events_file_that_cannot_be_written_is_a_one_line_error(tmp_path):
    from rls_stretch.routine.errors import UsageError
    from rls_stretch.tui.app import run_player

    tl = build_timeline(routine(MoveStep(CALF)))
    bad = tmp_path / "missing-dir" / "events.jsonl"
    with pytest.raises(UsageError, match="--events: cannot write"):
        run_player(tl, RunOptions(events=bad))


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
async def test_voice_speaks_the_move_through_the_cue_players_backend():
    rt = routine(MoveStep(CALF), MoveStep(BREATHE))
    tl = build_timeline(rt, start_side="left")
    clock, backend = FakeClock(0.0), RecorderBackend()
    app = StretchApp(timeline=tl, opts=RunOptions(voice="names", night=False), clock=clock,
                     hour=12, backend=backend)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.voice is not None and "Voice: espeak-ng" in text(app, "#status")
        assert app.voice.wait_ready(20.0)
        await pilot.press("n")  # the next move's prepare: its name is spoken
        await pilot.pause()
        cues = set(CUE_NAMES)
        spoken = [name for name in backend.played if name not in cues]
        assert spoken, backend.played


async def test_ctrl_c_asks_to_stop_like_q():
    app, clock, _ = make_app(routine(MoveStep(CALF)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.session.state == "paused"
