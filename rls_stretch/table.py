"""`rls-stretch show`: a timeline as a table a person can read before starting."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rls_stretch.describe import clock_text, duration_text, move_dose_text
from rls_stretch.model import Timeline


def print_timeline(tl: Timeline, out: TextIO | None = None) -> None:
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
    for _, group in groupby(tl.segments, key=lambda s: s.step):
        segs = list(group)
        first, move = segs[0], segs[0].move
        length = sum(s.seconds for s in segs)
        if first.kind == "done":
            continue
        if move is None:
            what = first.label
        else:
            what = f"{move.name}: {move_dose_text(move)}"
            if move.caution:
                what += f"\n{'':17}! {move.caution}"
        out.write(f"  {clock_text(first.start):>5}  {clock_text(length):>6}  {what}\n")
    if tl.dropped:
        out.write(f"\nLeft out to fit the time: {', '.join(tl.dropped)}\n")
    out.write(f"\nTotal: {duration_text(tl.total_seconds)} ({clock_text(tl.total_seconds)})\n")
