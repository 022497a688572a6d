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
from textual.widgets import Footer, Static

from rls_stretch.session.session import Summary
from rls_stretch.timeline.timefmt import format_duration
from rls_stretch.tui.literal import literal
from rls_stretch.tui.screens.question import LEGS_NOW
from rls_stretch.tui.widgets.score import ScoreQuestion


def headline(summary: Summary) -> str:
    return "Routine complete" if summary.completed else "Stopped early"


def summary_table(s: Summary) -> str:
    """Label-value lines: moves done, active time against planned, skipped, paused."""
    rows = [
        ("Moves done", f"{len(s.moves_done)} of {s.moves_total}"),
        ("Time", f"{format_duration(s.active_seconds)} (planned "
                 f"{format_duration(s.planned_seconds)})"),
        ("Skipped", "; ".join(s.skipped_moves) if s.skipped_moves else "none"),
    ]
    if s.seconds_paused >= 1:
        rows.append(("Paused", format_duration(s.seconds_paused)))
    return "\n".join(f"{k:<12}{v}" for k, v in rows)


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

    def compose(self) -> ComposeResult:
        s = self.summary
        with Vertical(id="summary-box"):
            yield Static(headline(s), id="summary-headline",
                         classes="-completed" if s.completed else "-stopped")
            yield Static(literal(s.routine_name), id="summary-routine")
            yield Static(literal(summary_table(s)), id="summary-table")
            yield Static(
                "Well done. Let your legs rest." if s.completed
                else "Stopped is fine: any stretching helps.",
                id="summary-note",
            )
            if self.ask_legs:
                yield ScoreQuestion(*LEGS_NOW, id="summary-legs")
            yield Static("Press q or enter to close", id="summary-hint")
        yield Footer(show_command_palette=False)

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
