"""LEFT / RIGHT in letters three rows tall, so the side can be read from the floor."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

# Drawn in the style of Textual's Digits (box-drawing, 3x3), for the letters we need.
_GLYPHS = {
    "L": ("╻  ", "┃  ", "┗━╸"),
    "E": ("┏━╸", "┣━ ", "┗━╸"),
    "F": ("┏━╸", "┣━ ", "╹  "),
    "T": ("╺┳╸", " ┃ ", " ╹ "),
    "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "I": ("╺┳╸", " ┃ ", "╺┻╸"),
    "G": ("┏━╸", "┃╺┓", "┗━┛"),
    "H": ("╻ ╻", "┣━┫", "╹ ╹"),
    "<": ("  ", "◀━", "  "),
    ">": ("  ", "━▶", "  "),
    " ": (" ", " ", " "),
}


def big_text(word: str) -> str:
    """Three lines of box-drawing letters for `word` (only the letters of LEFT and RIGHT)."""
    rows = ["", "", ""]
    for i, ch in enumerate(word):
        glyph = _GLYPHS[ch]
        for r in range(3):
            rows[r] += (" " if i else "") + glyph[r]
    return "\n".join(rows)


class SideBadge(Static):
    """The side the person works on now; hidden (but keeping its place) when there is none."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="-none")
        self.side: str | None = None

    def show_side(self, side: str | None) -> None:
        if side == self.side:
            return
        self.side = side
        self.set_class(side == "left", "-left")
        self.set_class(side == "right", "-right")
        self.set_class(side is None, "-none")
        if side is None:
            self.update("")
        else:
            word = "< LEFT" if side == "left" else "RIGHT >"
            self.update(Text(big_text(word), no_wrap=True))
        self.tooltip = f"{side} side" if side else None

    @property
    def plain(self) -> str:
        """LEFT, RIGHT or empty: what the badge says, for tests and screen readers."""
        return (self.side or "").upper()
