"""How a run is set up before it starts: voice time and wait-for-ready."""

from __future__ import annotations

from rls_stretch import play
from rls_stretch.routine.model import Dose, Move, MoveStep, Routine, Span
from rls_stretch.timeline.options import RunOptions

ROUTINE = Routine(
    id="mine", name="Mine", transition=5.0,
    steps=(MoveStep(Move(id="calf", name="Calf", instructions="", position="lying",
                         sides="both", dose=Dose(hold=Span.of(20)))),),
)


def test_voice_gives_time_to_say_the_move_before_the_ticks() -> None:
    quiet = play.timeline_for(ROUTINE, RunOptions(start_side="left"))
    spoken = play.timeline_for(ROUTINE, RunOptions(start_side="left", voice=True))
    assert quiet.segments[0].seconds == 5
    prepare = spoken.segments[0]
    assert prepare.kind == "prepare" and prepare.seconds == play.VOICE_TRANSITION
    first_tick = min(c.at for c in prepare.cues if c.name == "tick")
    assert first_tick >= 5  # five seconds to speak before 3-2-1


def test_wait_for_ready_moves_hold_without_a_countdown(isolated_home) -> None:
    settings = isolated_home / ".config" / "rls-stretch" / "settings.yaml"
    settings.parent.mkdir(parents=True)
    settings.write_text("wait_for_ready: true\n")
    tl = play.timeline_for(ROUTINE, RunOptions(start_side="left"))
    prepare = tl.segments[0]
    assert prepare.kind == "prepare" and prepare.wait
    assert not any(c.name == "tick" for c in prepare.cues)
