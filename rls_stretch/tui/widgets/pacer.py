"""The breath pacer: a bar that widens while breathing in and narrows while breathing out.

It moves in coarse steps, on the same once-a-second wakes as the countdown: a 4-second
breath grows in four visible steps, enough to follow from the corner of an eye, at no cost.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

STEPS = 16  # distinct widths between empty and full lungs
MIN_WIDTH = 4


class BreathPacer(Widget):
    """Show `fullness` (0 empty lungs .. 1 full) for a breath `phase` ("inhale"/"exhale")."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-idle")
        self.phase: str | None = None
        self.level = 0  # 0..STEPS

    def show(self, phase: str | None, fullness: float = 0.0) -> bool:
        """Set the phase and fullness; returns True when this changed what is drawn."""
        level = 0 if phase is None else round(max(0.0, min(1.0, fullness)) * STEPS)
        if phase == self.phase and level == self.level:
            return False
        self.phase, self.level = phase, level
        self.set_class(phase is None, "-idle")
        self.refresh()
        return True

    @property
    def caption(self) -> str:
        return {"inhale": "breathe in", "exhale": "breathe out"}.get(self.phase or "", "")

    def render(self) -> RenderableType:
        width = max(MIN_WIDTH, self.size.width)
        if self.phase is None:
            return Text("")
        span = MIN_WIDTH + round((width - MIN_WIDTH) * self.level / STEPS)
        span -= (width - span) % 2  # keep it centred
        pad = " " * ((width - span) // 2)
        arrow = "▲" if self.phase == "inhale" else "▼"
        lines = [
            pad + "▄" * span,
            pad + "█" * span,
            pad + "▀" * span,
            f"{arrow} {self.caption} {arrow}".center(width),
        ]
        return Text("\n".join(lines), no_wrap=True)
