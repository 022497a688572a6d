"""The home screen's preview: what the highlighted routine will be, step by step, at the
level and length chosen, before anything starts.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from rls_stretch.describe import clock_text, duration_text, move_dose_text
from rls_stretch.model import Move, MoveStep, Segment, Timeline

_COUNTED = {"hold": "hold", "breaths": "inhale", "reps": "rep"}


def step_dose(move: Move, segments: tuple[Segment, ...]) -> str:
    """The dose as this timeline plays it (a range resolved by level or budget)."""
    if move.dose is None or move.sets.high > 1:
        # compound moves: the move's own description, a phase a line
        return move_dose_text(move).replace(" then ", ",\nthen ")
    kind = move.dose.kind
    sides = 2 if move.sides in ("both", "alternate") else 1
    if kind == "hold":
        holds = [s.seconds for s in segments if s.kind == "hold"]
        text = f"hold {duration_text(holds[0])}" if holds else move_dose_text(move)
    else:
        n = sum(1 for s in segments if s.kind == _COUNTED[kind])
        per_side = max(n // sides, 1)
        text = f"{per_side} {'breaths' if kind == 'breaths' else 'reps'}"
    if move.sides == "both":
        text += " each side"
    elif move.sides == "alternate":
        text += " each side, alternating"
    return text


def timeline_view(timeline: Timeline) -> RenderableType:
    """Moves with their doses, cautions and times, then the total."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(justify="right", no_wrap=True, width=3)
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True, style="dim")
    number = 0
    for index, step in enumerate(timeline.routine.steps):
        segs = tuple(s for s in timeline.segments if s.step == index and s.kind != "done")
        if not segs:
            continue
        seconds = sum(s.seconds for s in segs)
        if isinstance(step, MoveStep):
            number += 1
            move = step.move
            table.add_row(f"{number}.", Text(move.name, style="bold"), clock_text(seconds))
            table.add_row("", Text(step_dose(move, segs)), "")
            if move.caution:
                table.add_row("⚠", Text(move.caution, style="italic"), "")
        else:
            table.add_row("", Text(f"Rest {duration_text(seconds)}", style="dim"),
                          clock_text(seconds))
    parts: list[RenderableType] = [table, Text()]
    total = Text(f"Total {duration_text(timeline.total_seconds)}", style="bold")
    total.append(f" · {timeline.level}")
    if any(s.side for s in timeline.segments):
        total.append(f" · starts on the {timeline.start_side}")
    parts.append(total)
    if timeline.dropped:
        parts.append(Text("Left out to fit: " + ", ".join(timeline.dropped), style="dim"))
    return Group(*parts)


class Preview(Static):
    """A Static showing a timeline, or a message when there is none (error, empty list)."""

    def show_timeline(self, timeline: Timeline) -> None:
        self.remove_class("-problem")
        self.update(timeline_view(timeline))

    def show_problem(self, message: str) -> None:
        self.add_class("-problem")
        self.update(Text(message))
