""""Preparing the voice...": shown while the phrases of a run are made, when that takes more
than half a second (a first run of a routine, an empty cache), so nothing is skipped later.

The screen only shows progress; the app renders on a worker thread and moves it on with
`advance(done, total)`, then replaces it with the player.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ProgressBar, Static


class PreparingScreen(Screen[None]):
    CSS_PATH = "preparing.tcss"
    AUTO_FOCUS = None

    def __init__(self, total: int = 0) -> None:
        super().__init__()
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(id="preparing-box"):
            yield Static("Preparing the voice...", id="preparing-title")
            yield ProgressBar(total=self.total or None, show_eta=False, id="preparing-bar")

    def advance(self, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=done)
