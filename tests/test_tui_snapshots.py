"""Snapshots of the player (paused, by day and at night), the quit question and the summary.

Deterministic: a fake clock, a fixed timeline (start side given), the recorder sound
backend, a fixed hour. Update with `pytest tests/test_tui_snapshots.py --snapshot-update`
after looking at the new SVGs.
"""

from __future__ import annotations

from rls_stretch.routine.model import Dose, Move, MoveStep, Pace, Routine, Span
from rls_stretch.session.clock import FakeClock
from rls_stretch.sound.cues import RecorderBackend
from rls_stretch.timeline.options import RunOptions
from rls_stretch.timeline.sequencer import build_timeline
from rls_stretch.tui.app import StretchApp
from rls_stretch.tui.screens.player import PlayerScreen

CALF = Move(
    id="calf-stretch-wall", name="Calf stretch against the wall",
    instructions="Hands on the wall, one leg back, heel down, back knee straight. Lean in "
                 "until the calf stretches; ease off if it hurts.",
    position="standing", sides="both", dose=Dose(hold=Span.of(30)),
    caution="Never push through pain.",
)
BREATHE = Move(
    id="breathe", name="Slow breathing", instructions="Breathe in through the nose for 4, "
    "out through the mouth for 8. Let the legs grow heavy.",
    position="lying", dose=Dose(breaths=Span.of(5), pace=Pace(4, 8)),
)
ROUTINE = Routine(id="snap", name="Bedtime wind-down", when="anytime", transition=5.0,
                  steps=(MoveStep(CALF), MoveStep(BREATHE)))


def make_app(night: bool = False) -> tuple[StretchApp, FakeClock]:
    clock = FakeClock(500.0)
    tl = build_timeline(ROUTINE, start_side="left")
    app = StretchApp(timeline=tl, opts=RunOptions(night=night), clock=clock, hour=12,
                     backend=RecorderBackend())
    return app, clock


def run_to(app: StretchApp, clock: FakeClock, seconds: float) -> None:
    """Play the first `seconds` of the routine, waking every half second."""
    screen = app.screen
    assert isinstance(screen, PlayerScreen)
    while seconds > 1e-9 and screen.session.state not in ("finished", "stopped"):
        step = min(0.5, seconds)
        clock.advance(step)
        seconds -= step
        screen.wake()


def test_paused_player(snap_compare):
    app, clock = make_app()

    async def before(pilot):
        await pilot.pause()
        run_to(app, clock, 5 + 12.3)  # 12.3 s into the left-side hold
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=before)


def test_paused_player_at_night_in_80x24_breathing_in(snap_compare):
    app, clock = make_app(night=True)

    async def before(pilot):
        await pilot.pause()
        await pilot.press("n")  # to the breathing
        run_to(app, clock, 5 + 2.5)  # halfway through the first breath in
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_quit_question(snap_compare):
    app, clock = make_app()

    async def before(pilot):
        await pilot.pause()
        run_to(app, clock, 8.0)
        await pilot.press("q")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=before)


def test_summary_of_a_completed_routine(snap_compare):
    app, clock = make_app()

    async def before(pilot):
        await pilot.pause()
        run_to(app, clock, 200.0)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=before)
