"""The home screen's preview: what the highlighted routine will be, step by step, at the
level and length chosen, before anything starts (the same steps `rls-stretch show` lists).
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from rls_stretch.routine.errors import RoutineError
from rls_stretch.routine.model import Routine
from rls_stretch.timeline.model import Timeline
from rls_stretch.timeline.steps import step_summaries
from rls_stretch.timeline.timefmt import format_duration, format_seconds
from rls_stretch.tui.widgets.routine_list import short_error


def preview_title(routine: Routine, suggested: bool) -> Text:
    """The name (starred when it is the hour's suggestion), then the routine's summary."""
    star = "★ " if suggested else ""
    return Text.assemble(
        (star + routine.name, "bold"),
        ("  suggested now" if star else "", "italic"),
        ("\n" + routine.summary if routine.summary else "", "not bold"),
    )


def load_problem_text(error: RoutineError) -> str:
    """Why a routine file does not load (every error, its path from ~), and what to do."""
    lines = [short_error(e, tilde(e.path)) for e in error.all]
    return "\n".join([*lines, "", "Press e to edit it, then it reloads; r reloads."])


def tilde(path: str) -> str:
    """A path under the home directory as ~/..., shorter to read."""
    try:
        return "~/" + str(Path(path).relative_to(Path.home()))
    except ValueError:
        return path


def timeline_view(timeline: Timeline) -> RenderableType:
    """Moves with their doses, cautions and times, then the total."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(justify="right", no_wrap=True, width=3)
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True, style="dim")
    for step in step_summaries(timeline):
        if step.is_rest:
            table.add_row("", Text(f"{step.name} {step.dose_text}", style="dim"),
                          format_seconds(step.seconds))
            continue
        table.add_row(f"{step.number}.", Text(step.name, style="bold"),
                      format_seconds(step.seconds))
        # a phase a line
        table.add_row("", Text(step.dose_text.replace(" then ", ",\nthen ")), "")
        if step.caution:
            table.add_row("⚠", Text(step.caution, style="italic"), "")
    parts: list[RenderableType] = [table, Text()]
    total = Text(f"Total {format_duration(timeline.total_seconds)}", style="bold")
    total.append(f" · {timeline.level}")
    if any(s.side for s in timeline.segments):
        total.append(f" · starts on the {timeline.start_side}")
    parts.append(total)
    if timeline.dropped:
        parts.append(Text("Left out to fit: " + "; ".join(timeline.dropped), style="dim"))
    return Group(*parts)


class Preview(Static):
    """A Static showing a timeline, or a message when there is none (error, empty list)."""

    def show_timeline(self, timeline: Timeline) -> None:
        self.remove_class("-problem")
        self.update(timeline_view(timeline))

    def show_problem(self, message: str) -> None:
        self.add_class("-problem")
        self.update(Text(message))
