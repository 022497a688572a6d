"""A finished or stopped session in numbers: what the summary screen, `--plain` and the
diary show. Import it from `rls_stretch.session.session`, with the session's other types."""

from __future__ import annotations

from dataclasses import dataclass

from rls_stretch.session.events import State


@dataclass(frozen=True)
class Summary:
    """Everything the end of a run shows, taken from the session when asked.

    A move is done when its last segment ended by itself; skipped when the person pressed
    next during it and did not finish it later. Going back into a move (or skipping into
    one) makes it count again only when it ends again. Names are in routine order.
    """

    state: State
    completed: bool  # reached the end (not stopped)
    started_at: float | None  # clock time
    started_wall: float | None  # time.time() at start, for the diary
    ended_at: float | None  # clock time
    planned_seconds: float
    segments_done: int  # segments played to their end
    seconds_paused: float
    seconds_waiting: float
    seconds_extended: float
    skipped_moves: tuple[str, ...]
    moves_done: tuple[str, ...]  # names of the moves played to their end
    moves_total: int  # moves in the timeline (steps dropped for a time budget not counted)
    routine_name: str

    @property
    def active_seconds(self) -> float:
        """Seconds from start to end, less pauses and waits for ready."""
        if self.started_at is None or self.ended_at is None:
            return 0.0
        return max(0.0, self.ended_at - self.started_at - self.seconds_paused
                   - self.seconds_waiting)


def headline(summary: Summary) -> str:
    return "Routine complete" if summary.completed else "Stopped early"


def closing_note(summary: Summary) -> str:
    return ("Well done. Let your legs rest." if summary.completed
            else "Stopped is fine: any stretching helps.")


def summary_rows(s: Summary) -> list[tuple[str, str]]:
    """Label-value rows: moves done, active time against planned, skipped, paused; the
    summary screen and `--plain` show these same rows."""
    from rls_stretch.timeline.timefmt import format_duration

    rows = [
        ("Moves done", f"{len(s.moves_done)} of {s.moves_total}"),
        ("Time", f"{format_duration(s.active_seconds)} (planned "
                 f"{format_duration(s.planned_seconds)})"),
        # Names hold commas ("Calf stretch, seated"): a semicolon keeps them apart.
        ("Skipped", "; ".join(s.skipped_moves) if s.skipped_moves else "none"),
    ]
    if s.seconds_paused >= 1:
        rows.append(("Paused", format_duration(s.seconds_paused)))
    return rows


def summary_table(s: Summary) -> str:
    return "\n".join(f"{k:<12}{v}" for k, v in summary_rows(s))
