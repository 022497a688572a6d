"""What the player says and shows about sound: a fall-back named in the status line, `v`
and `i` for the voice, and a change of position in large type."""

from __future__ import annotations

import shutil
import time

import pytest
from textual.widgets import Static

from rls_stretch.routine.model import Dose, Move, MoveStep, Routine, Span
from rls_stretch.session.clock import FakeClock
from rls_stretch.sound.backends import Backend, BackendFailed, RecorderBackend, Sound
from rls_stretch.timeline.options import RunOptions
from rls_stretch.timeline.sequencer import build_timeline
from rls_stretch.tui.app import StretchApp

SIZE = (100, 30)
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed")

CALF = Move(id="calf", name="Calf stretch", instructions="Lean on the wall, back heel down.",
            position="standing", sides="none", dose=Dose(hold=Span.of(20)))
HUG = Move(id="hug", name="Knee hug", instructions="Hug one knee to the chest.",
           position="lying", sides="none", dose=Dose(hold=Span.of(20)))
ROUTINE = Routine(id="t", name="Test", steps=(MoveStep(CALF), MoveStep(HUG)), transition=5.0)


class Failing(Backend):
    name = "broken-card"

    def play(self, sound: Sound) -> None:
        raise BackendFailed("the device went away")


def app_with(backend: Backend, opts: RunOptions | None = None,
             position_change: float | None = None) -> StretchApp:
    tl = build_timeline(ROUTINE, start_side="left", position_change=position_change)
    return StretchApp(timeline=tl, opts=opts or RunOptions(night=False), clock=FakeClock(0.0),
                      hour=12, backend=backend)


def status(app: StretchApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_a_fall_back_is_named_in_the_status_line():
    failing = Failing()
    failing.fallback = RecorderBackend()
    app = app_with(failing)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first cue fails over at once
        assert "Sound: recorder (broken-card failed)" in status(app)
        assert app.cue_player is not None
        assert app.cue_player.fallbacks == [("broken-card", "recorder", "the device went away")]


async def test_the_new_position_is_shown_large_while_getting_ready():
    app = app_with(RecorderBackend(), position_change=15.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#position", Static)
        assert banner.display and str(banner.render()) == "STAND UP"
        assert banner.size.height == 3
        await pilot.press("n")
        await pilot.pause()
        assert str(banner.render()) == "LIE ON YOUR BACK"
        for _ in range(16):  # second by second, as the screen wakes
            app.clock.advance(1.0)  # type: ignore[attr-defined]
            app.screen.wake()  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.session is not None and app.session.segment.kind == "hold"
        assert not banner.display  # the hold: the position is no longer news


@needs_espeak
async def test_v_turns_the_voice_on_and_off():
    app = app_with(RecorderBackend())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.voice is None and "Voice" not in status(app)
        await pilot.press("v")
        await pilot.pause()
        assert app.voice is not None and app.voice.enabled
        assert "Voice: espeak-ng" in status(app)
        await pilot.press("v")
        await pilot.pause()
        assert not app.voice.enabled and "Voice: off (v)" in status(app)


@needs_espeak
async def test_i_says_the_instructions_and_the_countdown_waits():
    backend = RecorderBackend()
    app = app_with(backend)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None and session.state == "running"
        await pilot.press("i")
        await pilot.pause()
        assert session.state == "paused"  # waits while it speaks
        end = time.monotonic() + 20
        while session.state == "paused" and time.monotonic() < end:
            await pilot.pause(0.1)
        assert session.state == "running"  # and carries on by itself
        assert "voice: Lean on the wall, back heel down." in backend.played


@needs_espeak
async def test_the_voice_is_prepared_before_the_first_sound_and_names_the_first_move(
        monkeypatch):
    from rls_stretch.tui.screens.player import PlayerScreen
    from rls_stretch.tui.screens.preparing import PreparingScreen

    backend = RecorderBackend()
    app = app_with(backend, RunOptions(voice="names", night=False))
    monkeypatch.setattr(app, "PREPARING_SHOWN_AFTER", 0.001)  # shown however quick espeak is
    seen = set()
    monkeypatch.setattr(PreparingScreen, "on_mount",
                        lambda self: seen.add(type(self).__name__), raising=False)
    async with app.run_test(size=SIZE) as pilot:
        began = time.monotonic()
        while not isinstance(app.screen, PlayerScreen) and time.monotonic() - began < 30:
            await pilot.pause(0.05)
        took = time.monotonic() - began
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert took < 30 and PreparingScreen.__name__ in seen
        spoken = [n for n in backend.played if n.startswith("voice: ")]
        assert spoken and spoken[0].startswith("voice: Calf stretch"), backend.played
