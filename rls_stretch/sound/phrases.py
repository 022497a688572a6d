"""What the voice says for each moment of a run, and how long it has to say it: a move's
name with its side, a change of position ("Lie on your back") and, in voice `full`, how to
do the move; shorter forms for when the gap before the 3-2-1 ticks is short. Pure: no
engine, no sound (the Voice in sound.speech renders and plays these).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rls_stretch.routine.model import Move
from rls_stretch.sound.render import DEFAULT_RATE
from rls_stretch.sound.render import clean as _clean
from rls_stretch.timeline.expand import TICKS_BEFORE_END
from rls_stretch.timeline.model import Segment, Timeline
from rls_stretch.timeline.positions import say as position_words

FAST_FACTOR = 1.25  # a move's name may be said this much faster to end before the ticks
TICK_GAP = 0.15  # seconds of quiet left between the last word and the first tick

FINISH, SWITCH, REST, HALFWAY = "Done. Well done.", "Switch sides", "Rest", "Halfway"


@dataclass(frozen=True)
class Phrase:
    """Words to say; `fast` ones are said at FAST_FACTOR times the voice's rate."""

    text: str
    fast: bool = False


Want = tuple[tuple[Phrase, ...], float]  # options best first, and the seconds they may last

# --- what to say, and when there is time to say it -------------------------------------------


def phrases(kind: str, segment: Segment | None, cue: str | None = None,
            timeline: Timeline | None = None, teach: bool = False) -> tuple[Phrase, ...]:
    """What to say for a session event, best first: for a move, its name with side and
    first cue, then shorter forms (no cue, said faster, no side, the name's first part)
    for when the gap before the ticks is short.

    A move is named when it starts: at its prepare segment, or, without one, at its step's
    first segment (which needs the timeline). Breaths, ticks and the done bell say nothing.
    """
    if kind == "finish":
        return (Phrase(FINISH),)
    if segment is None:
        return ()
    if kind == "cue":
        return (Phrase(HALFWAY),) if cue == "halfway" else ()
    if kind != "segment":
        return ()
    if segment.kind == "switch":
        return (Phrase(SWITCH),)
    if segment.kind in ("rest", "set-rest"):
        return (Phrase(REST),)
    if segment.move is not None and segment.kind != "done" and _opens_move(segment, timeline):
        return _move_phrases(segment, teach)
    return ()


def _opens_move(segment: Segment, timeline: Timeline | None) -> bool:
    if segment.kind == "prepare":
        return True
    if timeline is None or not 0 <= segment.index < len(timeline.segments):
        return False
    i = segment.index
    return i == 0 or timeline.segments[i - 1].step != segment.step


def how_to(move: Move) -> str:
    """How to do a move, to be said: its short cues where it has them, else its
    instructions."""
    cues = [_clean(c).rstrip(".") for c in move.cues if _clean(c)]
    if cues:
        return " ".join(f"{c[0].upper()}{c[1:]}." for c in cues)
    return _clean(move.instructions)


def teaching_seconds(move: Move, rate: int = DEFAULT_RATE) -> float:
    """About how long the name and how-to of a move take to say (for the get-ready's
    length in voice `full`): words at `rate` per minute, plus a little for the name."""
    words = len(f"{move.name}. {how_to(move)}".split())
    return math.ceil(words * 60 / rate + 2.0 + TICK_GAP + max(TICKS_BEFORE_END))


def _move_phrases(segment: Segment, teach: bool = False) -> tuple[Phrase, ...]:
    move = segment.move
    assert move is not None
    name = _clean(move.name)
    side = ""
    if segment.side is not None and move.sides == "both":
        side = f", {segment.side} side"
    elif segment.side is not None and move.sides == "alternate":
        side = f", {segment.side} first"
    pos = f"{position_words(segment.new_position)}. " if segment.new_position else ""
    out = []
    if teach and how_to(move):
        out.append(Phrase(f"{pos}{name}{side}. {how_to(move)}"))
    if move.cues and _clean(move.cues[0]):
        hint = _clean(move.cues[0]).rstrip(".")
        out.append(Phrase(f"{pos}{name}{side}. {hint[0].upper()}{hint[1:]}."))
    out.append(Phrase(pos + name + side))
    if side:
        out.append(Phrase(pos + name + side, fast=True))
    out += [Phrase(pos + name), Phrase(pos + name, fast=True)]
    if pos:  # the change of position matters most: said even when the name is not
        out.append(Phrase(pos.strip().rstrip(".")))
    head = name.split(",")[0].strip()  # "Slow breathing, 4 in and 8 out": its first part
    if head and head != name:
        out += [Phrase(head), Phrase(head, fast=True)]
    return tuple(dict.fromkeys(out))


def plan(timeline: Timeline, teach: bool = False) -> list[Want]:
    """What a run of `timeline` may say, with the seconds each has, in the order needed."""
    out: list[Want] = []
    for seg in timeline.segments:
        events = [("segment", None), *(("cue", c.name) for c in seg.cues)]
        for kind, cue in events:
            options = phrases(kind, seg, cue, timeline, teach)
            if options:
                out.append((options, speaking_time(kind, seg, cue)))
    if timeline.segments:
        out.append((phrases("finish", timeline.segments[-1]), math.inf))
    return list(dict.fromkeys(out))


def speaking_time(kind: str, segment: Segment | None, cue: str | None = None,
                  late: float = 0.0) -> float:
    """Seconds a phrase may last from now: until the segment's first tick (less TICK_GAP),
    else its end; `late` is how long after the event was due it is being handled."""
    if kind == "finish" or segment is None or segment.wait:
        return math.inf
    at = 0.0
    if kind == "cue":
        at = next((c.at for c in segment.cues if c.name == cue), 0.0)
    ticks = [c.at for c in segment.cues if c.name == "tick" and c.at >= at]
    until = min(ticks) - TICK_GAP if ticks else segment.seconds
    return until - at - max(0.0, late)


