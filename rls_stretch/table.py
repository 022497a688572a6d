"""`rls-stretch show`: a timeline as a table a person can read before starting."""

from __future__ import annotations

from typing import TextIO

from rls_stretch.describe import clock_text, duration_text
from rls_stretch.model import Timeline
from rls_stretch.steps import step_summaries


def print_timeline(tl: Timeline, out: TextIO | None = None) -> None:
    """Each step with its start, length and dose as it will play, then the total."""
    import sys

    out = out or sys.stdout
    r = tl.routine
    out.write(f"{r.name}  ({r.id}, {tl.level}")
    if tl.budget_minutes is not None:
        out.write(f", fitted to {tl.budget_minutes:g} min")
    out.write(")\n")
    if r.summary:
        out.write(f"{r.summary}\n")
    out.write("\n  start  length  step\n")
    for step in step_summaries(tl):
        what = step.name if step.is_rest else f"{step.name}: {step.dose_text}"
        if step.caution:
            what += f"\n{'':17}! {step.caution}"
        out.write(f"  {clock_text(step.start):>5}  {clock_text(step.seconds):>6}  {what}\n")
    if tl.dropped:
        out.write(f"\nLeft out to fit the time: {', '.join(tl.dropped)}\n")
    out.write(f"\nTotal: {duration_text(tl.total_seconds)} ({clock_text(tl.total_seconds)})\n")
