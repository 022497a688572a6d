"""The end of a run: what was done, how long it took, what was skipped; q or enter closes."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from rls_stretch.describe import duration_text
from rls_stretch.model import Timeline
from rls_stretch.session import Event, Summary


class MoveTally:
    """A session subscriber that remembers which moves were played to their end.

    The session knows what was skipped; "done" is a move whose last segment ended by itself
    (a move the person went back to counts once, when it is finished again).
    """

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.done: dict[int, str] = {}  # step -> move name
        self._step: int | None = None
        self._left_early = False

    def __call__(self, event: Event) -> None:
        seg = event.segment
        if event.kind in ("skip", "back"):
            self._left_early = True
        elif event.kind == "segment" and seg is not None:
            if self._step is not None and seg.step != self._step and not self._left_early:
                self._mark(self._step)
            if self._left_early:
                self.done.pop(seg.step, None)  # going back to a move: it is done again later
            self._step, self._left_early = seg.step, False
        elif event.kind == "finish" and self._step is not None and not self._left_early:
            self._mark(self._step)

    def _mark(self, step: int) -> None:
        for seg in self.timeline.segments:
            if seg.step == step and seg.move is not None and seg.kind != "done":
                self.done[step] = seg.move.name
                return

    @property
    def total_moves(self) -> int:
        return len({s.step for s in self.timeline.segments if s.move is not None
                    and s.kind != "done"})


@dataclass(frozen=True)
class RunReport:
    """Everything the summary shows, gathered when the run ended."""

    routine: str
    summary: Summary
    moves_done: tuple[str, ...]
    total_moves: int

    @property
    def headline(self) -> str:
        return "Routine complete" if self.summary.completed else "Stopped early"


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("q,enter,escape", "close", "Close", id="summary-close",
                tooltip="Close the summary"),
    ]

    def __init__(self, report: RunReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        r, s = self.report, self.report.summary
        with Vertical(id="summary-box"):
            yield Static(r.headline, id="summary-headline",
                         classes="-completed" if s.completed else "-stopped")
            yield Static(r.routine, id="summary-routine")
            yield Static(self._table(), id="summary-table")
            yield Static(
                "Well done. Let your legs rest." if s.completed
                else "Stopped is fine: any stretching helps.",
                id="summary-note",
            )
            yield Static("Press q or enter to close", id="summary-hint")
        yield Footer(show_command_palette=False)

    def _table(self) -> str:
        r, s = self.report, self.report.summary
        rows = [
            ("Moves done", f"{len(r.moves_done)} of {r.total_moves}"),
            ("Time", f"{duration_text(s.active_seconds)} (planned "
                     f"{duration_text(s.planned_seconds)})"),
            ("Skipped", ", ".join(s.skipped_moves) if s.skipped_moves else "none"),
        ]
        if s.seconds_paused >= 1:
            rows.append(("Paused", duration_text(s.seconds_paused)))
        return "\n".join(f"{k:<12}{v}" for k, v in rows)

    def action_close(self) -> None:
        finished = getattr(self.app, "run_finished", None)
        if callable(finished):
            finished()
        else:
            self.app.exit(0)
