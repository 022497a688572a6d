"""The footer every screen shows: Textual's, compact (less space between keys) on a
terminal under 80 columns and without the command palette's key under 60, so the first
keys (each screen lists pause and quit first) stay whole on 60 and 40 columns."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

COMPACT_BELOW = 80  # columns
PALETTE_FROM = 60  # columns


class KeysFooter(Footer):
    def __init__(self, *, show_command_palette: bool = True) -> None:
        super().__init__(show_command_palette=show_command_palette)
        self._palette = show_command_palette

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
        palette = self._palette and event.size.width >= PALETTE_FROM
        if palette != self.show_command_palette:
            self.show_command_palette = palette
