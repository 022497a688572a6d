"""The voice's modes (names, full) and "Preparing the voice..." in plain mode."""

from __future__ import annotations

import io
import time

from rls_stretch.cli import plain
from rls_stretch.routine.model import Dose, Move, MoveStep, Routine, Span
from rls_stretch.sound.speech import how_to, phrases, teaching_seconds
from rls_stretch.timeline.sequencer import build_timeline

CALF = Move(id="calf", name="Calf stretch", position="standing", sides="both",
            instructions="Hands on the wall, one leg back, heel down.",
            dose=Dose(hold=Span.of(20)))
CUED = Move(id="pump", name="Foot pumps", position="lying", sides="none",
            instructions="A long text nobody wants read out in full every night.",
            cues=("point the toes", "pull them back"), dose=Dose(hold=Span.of(20)))
ROUTINE = Routine(id="r", name="R", steps=(MoveStep(CALF), MoveStep(CUED)), transition=30.0)


def test_full_says_how_to_do_the_move_from_its_cues_or_instructions():
    assert how_to(CALF) == "Hands on the wall, one leg back, heel down."
    assert how_to(CUED) == "Point the toes. Pull them back."
    tl = build_timeline(ROUTINE, start_side="left", position_change=15.0)
    first = tl.segments[0]
    full = [p.text for p in phrases("segment", first, None, tl, teach=True)]
    names = [p.text for p in phrases("segment", first, None, tl)]
    assert full[0] == ("Stand up. Calf stretch, left side. "
                       "Hands on the wall, one leg back, heel down.")
    assert full[1:] == names and not any("Hands" in n for n in names)
    assert teaching_seconds(CALF) > teaching_seconds(Move(
        id="x", name="X", position="lying", instructions="Rest.", dose=Dose(hold=Span.of(5))))


class SlowVoice:
    def render_all(self, timeline, progress):
        for done in range(1, 4):
            time.sleep(0.3)
            progress(done, 3)


class QuickVoice:
    def render_all(self, timeline, progress):
        progress(1, 2)
        progress(2, 2)


def test_plain_says_preparing_the_voice_only_when_it_takes_a_while():
    out = io.StringIO()
    plain._render_voice(SlowVoice(), None, out)  # type: ignore[arg-type]
    assert out.getvalue() == "Preparing the voice... 2/3 ready.\n"
    out = io.StringIO()
    plain._render_voice(QuickVoice(), None, out)  # type: ignore[arg-type]
    assert out.getvalue() == ""
