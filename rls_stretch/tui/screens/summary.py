"""The end of a run: what was done, how long it took, what was skipped; q or enter closes.

Everything shown comes from the session's Summary (session.summary()): the session counts
the moves done and skipped itself, so the screen, `--plain` and the diary agree.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from rls_stretch.session.session import Summary
from rls_stretch.session.summary import closing_note, headline, summary_table
from rls_stretch.tui.literal import literal
from rls_stretch.tui.screens.question import LEGS_NOW
from rls_stretch.tui.widgets.footer import KeysFooter
from rls_stretch.tui.widgets.score import ScoreQuestion


class SummaryScreen(Screen[None]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("q,enter,escape", "close", "Close", id="summary-close",
                tooltip="Close the summary"),
    ]

    class LegsScored(Message):
        """The answer to "How do your legs feel now?" (for the diary's after score)."""

        def __init__(self, score: int) -> None:
            super().__init__()
            self.score = score

    def __init__(self, summary: Summary, ask_legs: bool = True) -> None:
        super().__init__()
        self.summary = summary
        self.ask_legs = ask_legs

    def on_resize(self) -> None:
        """Under 60x18 the -small layout: every line shows (see the .tcss)."""
        self.set_class(self.size.width < 60 or self.size.height < 18, "-small")

    def compose(self) -> ComposeResult:
        s = self.summary
        with Vertical(id="summary-box"):
            yield Static(headline(s), id="summary-headline",
                         classes="-completed" if s.completed else "-stopped")
            yield Static(literal(s.routine_name), id="summary-routine")
            yield Static(literal(summary_table(s)), id="summary-table")
            yield Static(closing_note(s), id="summary-note")
            if self.ask_legs:
                yield ScoreQuestion(*LEGS_NOW, id="summary-legs")
            yield Static("Press q or enter to close", id="summary-hint")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        if self.ask_legs:
            self.query_one(ScoreQuestion).focus()

    @on(ScoreQuestion.Answered)
    def _legs(self, message: ScoreQuestion.Answered) -> None:
        message.stop()
        if message.score is not None:
            self.post_message(self.LegsScored(message.score))

    def action_close(self) -> None:
        finished = getattr(self.app, "run_finished", None)
        if callable(finished):
            finished()
        else:
            self.app.exit(0)
