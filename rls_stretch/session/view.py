"""What can be read off a session without changing it: the state `Session` drives, and
everything derived from it (current and next segment, time left, progress, next wake,
summary). `rls_stretch.session.session.Session` adds the actions; only it changes this state.

Deadlines, never summed ticks: `_anchor` is the clock time of timeline offset 0, so the
current segment ends at `_anchor + segment.end`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from rls_stretch.routine.model import Move
from rls_stretch.session.clock import Clock, MonotonicClock
from rls_stretch.session.events import Event, State
from rls_stretch.session.steps import StepRuns
from rls_stretch.session.summary import Summary
from rls_stretch.timeline.model import Segment, Timeline

EPS = 1e-6  # seconds: float noise when comparing deadlines
TICK = "tick"  # cues counted back from the segment's end, so they survive +/- 10 s
#: How long after a wake's due time a screen's timer fires: just after a boundary, never
#: just before it (the player and the desk-break screen both wake on it).
WAKE_SLACK = 0.002


class SessionView:
    def __init__(self, timeline: Timeline, clock: Clock | None = None, *,
                 jump_tolerance: float = 5.0) -> None:
        self.timeline = timeline
        self.clock: Clock = clock or MonotonicClock()
        self.jump_tolerance = jump_tolerance
        self.state: State = "ready"
        self.index = 0
        self.pause_reason: str | None = None
        self.started_at: float | None = None
        self.started_wall: float | None = None
        self.ended_at: float | None = None
        self.segments_done = 0
        self.seconds_extended = 0.0
        self.errors: list[BaseException] = []  # subscriber failures, logged and kept here
        self._subs: list[Callable[[Event], None]] = []
        self._batch: list[Event] | None = None
        self._anchor = 0.0  # clock time of timeline offset 0
        self._seg_start = 0.0  # clock time the current segment started
        self._step_start = 0.0  # clock time the current move (step) was entered
        self._cues_done: set[int] = set()
        self._paused_at: float | None = None
        self._hold_at: float | None = None  # waiting for go() since this clock time
        self._frozen_at: float | None = None  # position when stopped
        self._paused_total = 0.0
        self._waited_total = 0.0
        self._last_seen = 0.0  # last clock time the session was brought up to date
        self._expected: float | None = None  # when the UI should call update() next
        self._runs = StepRuns.of(timeline.segments)
        self._skipped: dict[int, str] = {}  # run -> move name, left by next()
        self._done: dict[int, str] = {}  # run -> move name, whose last segment ended

    # -- reading ------------------------------------------------------------------------

    @property
    def segment(self) -> Segment | None:
        segs = self.timeline.segments
        return segs[self.index] if segs else None

    @property
    def waiting(self) -> bool:
        return self._hold_at is not None

    @property
    def completed(self) -> bool:
        return self.state == "finished"

    @property
    def seconds_paused(self) -> float:
        extra = 0.0 if self._paused_at is None else self.clock.now() - self._paused_at
        return self._paused_total + extra

    @property
    def skipped_moves(self) -> tuple[str, ...]:
        """Moves left with next() and not finished since, in routine order."""
        return tuple(self._skipped[run] for run in sorted(self._skipped))

    @property
    def moves_done(self) -> tuple[str, ...]:
        """Moves whose last segment ended by itself, in routine order."""
        return tuple(self._done[run] for run in sorted(self._done))

    @property
    def moves_total(self) -> int:
        """Moves the timeline plays (steps dropped for a time budget are not in it)."""
        return self._runs.move_count

    @property
    def current_move(self) -> Move | None:
        seg = self.segment
        return None if seg is None or self.state in ("finished", "stopped") else seg.move

    @property
    def next_segment(self) -> Segment | None:
        """First segment of the next step (a move's prepare, a rest, or the done segment)."""
        if not self.timeline.segments or self.state in ("finished", "stopped"):
            return None
        run = self._runs.next_run(self.index)
        return None if run is None else self.timeline.segments[self._runs.first(run)]

    @property
    def next_move(self) -> Move | None:
        """The move of the next step, for "Next: ..." (None when it is a rest or the end)."""
        seg = self.next_segment
        return None if seg is None else seg.move

    def other_side_index(self) -> int | None:
        """Where `s` (other_side) goes: the first later segment of this move on another
        side (a both-sides move's switch, an alternating move's next breath or rep); None
        when the move has no other side ahead, or the session is not under way."""
        segs = self.timeline.segments
        if self.state not in ("running", "paused") or not segs:
            return None
        side = segs[self.index].side
        if side is None:
            return None
        last = self._runs.bounds[self._runs.run_of[self.index]][1]
        for i in range(self.index + 1, last + 1):
            if segs[i].side is not None and segs[i].side != side:
                return i
        return None

    def run_seconds(self) -> float:
        """Seconds of the run so far, pauses and waits for ready left out: the clock of
        `--plain`'s [m:ss] stamps, which never goes back (+10 s, back and skips move the
        plan, not this)."""
        if self.started_at is None:
            return 0.0
        end = self.ended_at if self.ended_at is not None else self.clock.now()
        waiting = 0.0 if self._hold_at is None else max(0.0, end - self._hold_at)
        return max(0.0, end - self.started_at - self.seconds_paused - self._waited_total
                   - waiting)

    def remaining(self) -> float:
        """Seconds left in the current segment; frozen while paused, 0 while waiting."""
        if self.state == "ready":
            seg = self.segment
            return seg.seconds if seg else 0.0
        if self.state in ("finished", "stopped") or self.waiting:
            return 0.0
        return max(0.0, self._end() - self._pos())

    def countdown(self) -> int:
        """The whole seconds a countdown shows (rounded up); changes exactly at next_wake."""
        return max(0, math.ceil(self.remaining() - EPS))

    def elapsed(self) -> float:
        """Timeline seconds done: the current segment's start plus the share of it done
        (an extended segment counts for its planned length)."""
        seg = self.segment
        if seg is None or self.state == "ready":
            return 0.0
        if self.state == "finished" or self.waiting:
            return seg.end
        length = self._end() - self._seg_start
        if length <= EPS:
            return seg.start
        frac = min(1.0, max(0.0, (self._pos() - self._seg_start) / length))
        return seg.start + seg.seconds * frac

    def move_progress(self) -> float:
        if not self.timeline.segments or self.state == "finished":
            return 1.0
        first, last = self._runs.bounds[self._runs.run_of[self.index]]
        a, b = self.timeline.segments[first].start, self.timeline.segments[last].end
        return 1.0 if b - a <= EPS else min(1.0, max(0.0, (self.elapsed() - a) / (b - a)))

    def routine_progress(self) -> float:
        total = self.timeline.total_seconds
        if self.state == "finished" or total <= EPS:
            return 1.0 if self.state == "finished" else 0.0
        return min(1.0, max(0.0, self.elapsed() / total))

    def next_wake(self) -> float | None:
        """Clock time to call update() next: the next cue, the segment's end, or the next
        change of the countdown's whole seconds. None while nothing can happen by itself
        (ready, paused, waiting, over). May be in the past: then call update() at once."""
        if self.state != "running" or self.waiting:
            return None
        return self._next_wake(self.clock.now())

    def summary(self) -> Summary:
        return Summary(
            state=self.state, completed=self.completed, started_at=self.started_at,
            started_wall=self.started_wall, ended_at=self.ended_at,
            planned_seconds=self.timeline.total_seconds, segments_done=self.segments_done,
            seconds_paused=self.seconds_paused, seconds_waiting=self._waited_total,
            seconds_extended=self.seconds_extended, skipped_moves=self.skipped_moves,
            moves_done=self.moves_done, moves_total=self.moves_total,
            routine_name=self.timeline.routine.name)

    # -- deadlines ----------------------------------------------------------------------

    def _pos(self) -> float:
        """The clock time the session is at: frozen while paused or stopped."""
        if self._paused_at is not None:
            return self._paused_at
        if self._frozen_at is not None:
            return self._frozen_at
        return self.clock.now()

    def _end(self) -> float:
        seg = self.segment
        return self._anchor + (seg.end if seg else 0.0)

    def _cue_due(self, k: int) -> float:
        """Ticks count back from the (possibly extended) end, cues at 0 stay at the start,
        cues between (halfway) keep their share of the segment's actual length."""
        seg = self.segment
        assert seg is not None
        cue, start, end = seg.cues[k], self._seg_start, self._end()
        if cue.name == TICK:
            due = end - (seg.seconds - cue.at)
        elif cue.at <= 0 or seg.seconds <= 0:
            due = start + cue.at
        else:
            due = start + cue.at * (end - start) / seg.seconds
        return min(max(due, start), end)

    def _pending(self) -> list[tuple[float, int]]:
        seg = self.segment
        if seg is None:
            return []
        return sorted((self._cue_due(k), k) for k in range(len(seg.cues))
                      if k not in self._cues_done)

    def _next_wake(self, now: float) -> float:
        end = self._end()
        wake = end
        whole = math.ceil(end - now - EPS) - 1  # the countdown's next value
        if whole > 0:
            wake = min(wake, end - whole)
        pending = self._pending()
        return min(wake, pending[0][0]) if pending else wake
