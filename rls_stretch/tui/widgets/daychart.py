"""Scores per day as a row of bars, one character a day; a day without a score is a dot,
so a gap never reads as a zero (Textual's Sparkline has no gaps)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Static

BARS = "▁▂▃▄▅▆▇█"
GAP = "·"


def bars(values: Sequence[float | None], top: float = 10) -> str:
    """0..top as the eight bar heights; None as a gap."""
    out = []
    for v in values:
        if v is None:
            out.append(GAP)
        else:
            out.append(BARS[min(len(BARS) - 1, max(0, round(v / top * (len(BARS) - 1))))])
    return "".join(out)


class DayChart(Static):
    """Labelled rows of day bars: [("Urge", values), ("Sleep", values)]."""

    def __init__(self, rows: Sequence[tuple[str, Sequence[float | None]]],
                 **kwargs: object) -> None:
        super().__init__(self.text(rows), markup=False, **kwargs)  # type: ignore[arg-type]

    @staticmethod
    def text(rows: Sequence[tuple[str, Sequence[float | None]]]) -> str:
        width = max((len(name) for name, _ in rows), default=0)
        n = max((len(v) for _, v in rows), default=0)
        lines = [f"{name:<{width}}  {bars(values)}" for name, values in rows]
        if n:
            axis = f"{n} days ago".ljust(n - len("today")) + "today"
            lines.append(" " * (width + 2) + axis[-max(n, len(axis)):])
        return "\n".join(lines)
