"""A one-line progress meter that repaints only when a whole cell (or percent) changes.

Textual's ProgressBar re-lays out its percentage label and animates; a countdown that
wakes once a second needs neither, and every avoided layout is CPU a laptop keeps.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class Meter(Widget):
    DEFAULT_CSS = """
    Meter { height: 1; width: 1fr; }
    Meter > .meter--done { color: $accent; }
    Meter > .meter--left { color: $foreground 20%; }
    Meter > .meter--percent { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"meter--done", "meter--left", "meter--percent"}

    def __init__(self, *, show_percentage: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_percentage = show_percentage
        self.fraction = 0.0
        self._drawn: tuple[int, int] | None = None

    def _bar_width(self) -> int:
        return max(0, self.size.width - (5 if self.show_percentage else 0))

    def _key(self, fraction: float) -> tuple[int, int]:
        percent = round(fraction * 100) if self.show_percentage else 0
        return round(self._bar_width() * fraction), percent

    @property
    def percent(self) -> int:
        return round(self.fraction * 100)

    def set_fraction(self, fraction: float) -> None:
        self.fraction = min(1.0, max(0.0, fraction))
        key = self._key(self.fraction)
        if key != self._drawn:
            self.refresh()  # repaint only: the size never changes

    def render(self) -> Text:
        self._drawn = self._key(self.fraction)
        width = self._bar_width()
        done = self._drawn[0]
        text = Text(no_wrap=True)
        text.append("━" * done, self.get_component_rich_style("meter--done"))
        text.append("━" * (width - done), self.get_component_rich_style("meter--left"))
        if self.show_percentage:
            text.append(f"{self.percent:4d}%", self.get_component_rich_style("meter--percent"))
        return text
