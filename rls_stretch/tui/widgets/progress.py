"""The two progress lines (this move, the routine) as one widget that repaints only when
a whole cell or percent changes.

One widget, not two bars with labels: the countdown wakes once a second, and every widget
repainted then is CPU a laptop on the bedside table keeps spending. Textual's ProgressBar
also re-lays out its percentage label; these lines never change size.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

LABEL_WIDTH = 11
PERCENT_WIDTH = 5


class Progress(Widget):
    DEFAULT_CSS = """
    Progress { height: 2; }
    Progress > .progress--label { color: $text-muted; }
    Progress > .progress--done { color: $accent; }
    Progress > .progress--left { color: $foreground 20%; }
    """
    COMPONENT_CLASSES = {"progress--label", "progress--done", "progress--left"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.move = 0.0
        self.routine = 0.0
        self._drawn: tuple[int, int, int] | None = None

    def _bar(self) -> int:
        return max(0, self.size.width - LABEL_WIDTH - PERCENT_WIDTH)

    def _key(self) -> tuple[int, int, int]:
        bar = self._bar()
        return round(bar * self.move), round(bar * self.routine), round(self.routine * 100)

    def show(self, move: float, routine: float) -> None:
        self.move = min(1.0, max(0.0, move))
        self.routine = min(1.0, max(0.0, routine))
        if self._key() != self._drawn:
            self.refresh()  # repaint only: the size never changes

    def render(self) -> Text:
        self._drawn = move_cells, routine_cells, percent = self._key()
        bar = self._bar()
        label = self.get_component_rich_style("progress--label")
        done = self.get_component_rich_style("progress--done")
        left = self.get_component_rich_style("progress--left")
        text = Text(no_wrap=True)
        for name, cells, tail in (("This move", move_cells, ""),
                                  ("Routine", routine_cells, f"{percent:4d}%")):
            text.append(f"{name:<{LABEL_WIDTH}}", label)
            text.append("━" * cells, done)
            text.append("━" * (bar - cells), left)
            text.append(f"{tail:>{PERCENT_WIDTH}}\n" if name == "This move" else tail, label)
        return text
