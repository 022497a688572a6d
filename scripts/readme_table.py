"""Print the README's table of built-in routines from the routines themselves.

    python scripts/readme_table.py        # paste between the markers in README.md
A test checks that README.md holds exactly this table, so it cannot drift from `show`.
"""

from __future__ import annotations

from rls_stretch.routine.catalog import Catalog
from rls_stretch.timeline.positions import DEFAULT_POSITION_CHANGE
from rls_stretch.timeline.sequencer import build_timeline
from rls_stretch.timeline.timefmt import format_seconds

WHEN = {
    "morning": "mornings",
    "daytime": "during the day",
    "evening": "in the evening",
    "bedtime": "at bedtime",
    "anytime": "any time",
}


def table() -> str:
    rows = ["| routine | minutes | positions | when to use it |", "|---|---|---|---|"]
    for e in Catalog.load().entries:
        if e.origin != "built-in" or e.routine is None:
            continue
        r = e.routine
        # as a run plays it: a longer get-ready where the position changes
        total = build_timeline(r, position_change=DEFAULT_POSITION_CHANGE).total_seconds
        rows.append(f"| `{r.id}` | {format_seconds(total)} | {', '.join(r.positions)} | "
                    f"{WHEN.get(r.when, r.when).capitalize()}: {r.summary} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(table(), end="")
