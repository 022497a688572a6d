"""How a run is set up before it starts: voice time and wait-for-ready."""

from __future__ import annotations

from rls_stretch import play
from rls_stretch.routine.model import Dose, Move, MoveStep, Routine, Span
from rls_stretch.timeline.options import RunOptions


def no_position_change(home) -> None:
    settings = home / ".config" / "rls-stretch" / "settings.yaml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("position_change: 0\n")


ROUTINE = Routine(
    id="mine", name="Mine", transition=5.0,
    steps=(MoveStep(Move(id="calf", name="Calf", instructions="", position="lying",
                         sides="both", dose=Dose(hold=Span.of(20)))),),
)


def test_voice_gives_time_to_say_the_move_before_the_ticks(isolated_home) -> None:
    no_position_change(isolated_home)  # the first move's longer get-ready, taken away
    quiet = play.timeline_for(ROUTINE, RunOptions(start_side="left"))
    spoken = play.timeline_for(ROUTINE, RunOptions(start_side="left", voice="names"))
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


TWO = Routine(
    id="two", name="Two", transition=5.0,
    steps=(MoveStep(Move(id="calf", name="Calf", instructions="Lean on the wall.",
                         position="standing", sides="none", dose=Dose(hold=Span.of(20)))),
           MoveStep(Move(id="pump", name="Pump", instructions="Flex and point the feet.",
                         position="standing", sides="none", dose=Dose(hold=Span.of(20)))),
           MoveStep(Move(id="hug", name="Knee hug", instructions="Hug one knee to the chest, "
                         "then the other, breathing slowly all the while.",
                         position="lying", sides="none", dose=Dose(hold=Span.of(20))))),
)


def test_a_change_of_position_gets_a_longer_announced_get_ready() -> None:
    tl = play.timeline_for(TWO, RunOptions(start_side="left"))
    prepares = [s for s in tl.segments if s.kind == "prepare"]
    assert [p.new_position for p in prepares] == ["standing", None, "lying"]
    assert [p.seconds for p in prepares] == [15.0, 5.0, 15.0]
    assert [p.cues[0].name for p in prepares] == ["position", "prepare", "position"]


def test_voice_full_lengthens_the_get_ready_to_say_how(isolated_home) -> None:
    no_position_change(isolated_home)
    names = play.timeline_for(TWO, RunOptions(start_side="left", voice="names"))
    full = play.timeline_for(TWO, RunOptions(start_side="left", voice="full"))
    assert names.segments[0].seconds == play.VOICE_TRANSITION
    assert full.segments[0].seconds > names.segments[0].seconds
