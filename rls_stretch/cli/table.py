"""`rls-stretch show`: a timeline as a table a person can read before starting."""

from __future__ import annotations

from typing import TextIO

from rls_stretch.timeline.model import Timeline
from rls_stretch.timeline.positions import say as position_words
from rls_stretch.timeline.steps import step_summaries
from rls_stretch.timeline.timefmt import format_duration, format_seconds

SHORT_BY = 0.05  # more than 5% under the minutes asked is "shorter", not "fitted"


def fit_text(tl: Timeline) -> str:
    """How the timeline meets the minutes asked: fitted, or (a routine that cannot stretch
    that far, even at the long end of every range) shorter than asked."""
    assert tl.budget_minutes is not None
    asked = tl.budget_minutes * 60
    if not tl.dropped and tl.total_seconds < asked * (1 - SHORT_BY):
        return (f"shorter than the {tl.budget_minutes:g} min asked: "
                f"{format_duration(tl.total_seconds)} at most")
    return f"fitted to {tl.budget_minutes:g} min"


def print_timeline(tl: Timeline, out: TextIO | None = None) -> None:
    """Each step with its start, length and dose as it will play, then the total."""
    import sys

    out = out or sys.stdout
    r = tl.routine
    out.write(f"{r.name}  ({r.id}, {tl.level}")
    if tl.budget_minutes is not None:
        out.write(f", {fit_text(tl)}")
    out.write(")\n")
    if r.summary:
        out.write(f"{r.summary}\n")
    out.write("\n  start  length  step\n")
    moving = {s.step: s.new_position for s in tl.segments if s.new_position}
    for step in step_summaries(tl):
        if step.step in moving:  # a change of position: said, with a longer get-ready
            out.write(f"{'':17}> {position_words(moving[step.step])}\n")
        what = step.name if step.is_rest else f"{step.name}: {step.dose_text}"
        if step.caution:
            what += f"\n{'':17}! {step.caution}"
        out.write(f"  {format_seconds(step.start):>5}  {format_seconds(step.seconds):>6}  {what}\n")
    if tl.dropped:  # names may hold commas
        out.write(f"\nLeft out to fit the time: {'; '.join(tl.dropped)}\n")
    total = tl.total_seconds
    out.write(f"\nTotal: {format_duration(total)} ({format_seconds(total)})\n")
