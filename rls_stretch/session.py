"""Plays a Timeline against a monotonic clock: the one place in the program where timing lives.

Deadlines, never summed ticks. `_anchor` is the clock time of timeline offset 0, so the
current segment ends at `_anchor + segment.end`; pauses, waits, extends and skips move the
anchor instead of counting, and each segment starts exactly where the last one was due to
end, so a 30-minute routine ends on the moment it was planned to, however late the UI wakes.

The session never sleeps and never starts threads: the UI (TUI or plain runner) calls
`update()` at `next_wake()` and forwards keys to the actions. Events go to subscribers
(audio, events log, screen) in the order they were due, each with its `due` time.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from .clock import Clock, MonotonicClock
from .events import Event, State, Summary
from .model import Move, Segment, Timeline

__all__ = ["Event", "Session", "State", "Summary"]

EPS = 1e-6  # seconds: float noise when comparing deadlines
BACK_GRACE = 3.0  # back() restarts the current move when more than this far into it
MIN_REMAINING = 1.0  # extend(-10) never leaves less than this in the segment
TICK = "tick"  # cues counted back from the segment's end, so they survive +/- 10 s

log = logging.getLogger(__name__)


class Session:
    def __init__(self, timeline: Timeline, clock: Clock | None = None, *,
                 wait_for_ready: bool = False, jump_tolerance: float = 5.0) -> None:
        self.timeline = timeline
        self.clock: Clock = clock or MonotonicClock()
        self.wait_for_ready = wait_for_ready
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
        self._skipped: dict[int, str] = {}  # group -> move name
        self._groups, self._group_of = _step_groups(timeline.segments)

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
        return tuple(self._skipped.values())

    @property
    def current_move(self) -> Move | None:
        seg = self.segment
        return None if seg is None or self.state in ("finished", "stopped") else seg.move

    @property
    def next_segment(self) -> Segment | None:
        """First segment of the next step (a move's prepare, a rest, or the done segment)."""
        if not self.timeline.segments or self.state in ("finished", "stopped"):
            return None
        g = self._group_of[self.index] + 1
        return self.timeline.segments[self._groups[g][0]] if g < len(self._groups) else None

    @property
    def next_move(self) -> Move | None:
        """The move of the next step, for "Next: ..." (None when it is a rest or the end)."""
        seg = self.next_segment
        return None if seg is None else seg.move

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
        first, last = self._groups[self._group_of[self.index]]
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
            seconds_extended=self.seconds_extended, skipped_moves=self.skipped_moves)

    # -- driving ------------------------------------------------------------------------

    def subscribe(self, fn: Callable[[Event], None]) -> None:
        self._subs.append(fn)

    def start(self) -> None:
        """ready -> running: emits start, segment 0 and the cues due at its start."""
        if self.state != "ready":
            return
        now = self.clock.now()
        self.state = "running"
        self.started_at, self.started_wall = now, time.time()
        if not self.timeline.segments:
            self._emit("start", due=now)
            self._finish(now)
            return
        self._place(0, now, new_step=True)  # complete before anyone hears of it
        self._emit("start", due=now)
        self._emit("segment", due=now)
        self._settle(now)

    def update(self) -> list[Event]:
        """Catch up with the clock: emit every cue, segment change and finish that came due,
        in order, each with its due time. A call later than jump_tolerance after the
        expected wake (a suspended laptop) pauses where the session was last seen instead."""
        return self._update()[0]

    def pause(self, reason: str = "") -> None:
        """running -> paused. Ignored while waiting for go()."""
        if self._act() or self.state != "running" or self.waiting:
            return
        self._pause(self.clock.now(), reason)

    def resume(self) -> None:
        if self.state != "paused":
            return
        now = self.clock.now()
        assert self._paused_at is not None
        shift = now - self._paused_at
        self._shift(shift)
        self._paused_total += shift
        self._paused_at = self.pause_reason = None
        self.state = "running"
        self._emit("resume", seconds=shift)
        self._settle(now)

    def toggle_pause(self) -> None:
        """Space: pause or resume; while waiting for ready it means go."""
        if self.state == "paused":
            self.resume()
        elif self.waiting:
            self.go()
        else:
            self.pause()

    def next(self) -> None:
        """Skip to the first segment of the next step (the done segment after the last)."""
        if self._act():
            return
        g = self._group_of[self.index]
        move = self.segment.move if self.segment else None
        if move is not None:
            self._skipped[g] = move.name
        pos = self._pos()
        self._release_hold(pos)
        self._emit("skip")
        if g + 1 < len(self._groups):
            self._enter(self._groups[g + 1][0], pos, pos, new_step=True)
        else:
            self._finish(pos)
        self._settle(self.clock.now())

    def back(self) -> None:
        """Restart the current move when more than BACK_GRACE s into it, else go to the
        previous step's first segment (the first move restarts)."""
        if self._act():
            return
        pos = self._pos()
        g = self._group_of[self.index]
        if pos - self._step_start <= BACK_GRACE and g > 0:
            g -= 1
        self._release_hold(pos)
        self._emit("back")
        self._enter(self._groups[g][0], pos, pos, new_step=True)
        self._settle(self.clock.now())

    def extend(self, seconds: float) -> None:
        """Add (or, negative, take away) time on the current segment; never leaves less
        than MIN_REMAINING. Ticks follow the new end; cues moved into the past are dropped,
        not played late."""
        if self._act() or self.waiting or not seconds:
            return
        pos, end = self._pos(), self._end()
        new_end = end + seconds
        if seconds < 0:
            new_end = min(end, max(new_end, pos + MIN_REMAINING))
        delta = new_end - end
        if abs(delta) <= EPS:
            return
        self._anchor += delta
        self.seconds_extended += delta
        seg = self.segment
        assert seg is not None
        for k, cue in enumerate(seg.cues):
            due = self._cue_due(k)
            if k in self._cues_done and cue.name == TICK and due > pos + EPS:
                self._cues_done.discard(k)  # the 3-2-1 sounds again before the new end
            elif k not in self._cues_done and due < pos - EPS:
                self._cues_done.add(k)
        self._emit("extend", seconds=delta)
        self._settle(self.clock.now())

    def go(self) -> None:
        """Release a wait-for-ready hold: the next segment starts now."""
        if self._act() or not self.waiting:
            return
        now = self.clock.now()
        self._emit("go", due=self._hold_at)
        self._release_hold(now)
        self._enter(self.index + 1, now, now, new_step=False)
        self._settle(now)

    def stop(self) -> None:
        """End early: -> stopped, emits stop. A run that reached its end is finished."""
        if self.state in ("finished", "stopped"):
            return
        if self.state == "running":
            self.update()
            if self.state == "finished":
                return
        now = self.clock.now()
        self._frozen_at = self._pos() if self.state in ("running", "paused") else None
        if self._paused_at is not None:
            self._paused_total += now - self._paused_at
            self._paused_at = None
        self._release_hold(now)
        self.state = "stopped"
        self.ended_at = now
        self._expected = None
        self._emit("stop")

    # -- internals ----------------------------------------------------------------------

    def _emit(self, kind: str, **fields: object) -> None:
        index = self.index if self.timeline.segments else None
        ev = Event(kind=kind, t=self.clock.now(), index=index, segment=self.segment,
                   **fields)  # type: ignore[arg-type]
        if self._batch is not None:
            self._batch.append(ev)
        for fn in list(self._subs):
            try:
                fn(ev)
            except Exception as exc:  # a broken subscriber must not stop the routine,
                # nor print over the screen: kept in .errors, logged at debug level only
                log.debug("session subscriber %r failed on %s", fn, kind, exc_info=True)
                self.errors.append(exc)

    def _update(self) -> tuple[list[Event], bool]:
        batch: list[Event] = []
        self._batch, outer = batch, self._batch
        jumped = False
        try:
            if self.state == "running" and not self.waiting:
                now = self.clock.now()
                if self._expected is not None and now > self._expected + self.jump_tolerance:
                    gap = now - self._last_seen
                    self._pause(self._last_seen,
                                f"clock jumped {gap:.0f} s (was the computer asleep?)")
                    jumped = True
                else:
                    self._settle(now)
        finally:
            self._batch = outer
        if outer is not None:
            outer.extend(batch)
        return batch, jumped

    def _act(self) -> bool:
        """Catch up before an action; True when the action must be dropped (not running or
        paused, or a clock jump just paused the session: that key press is absorbed)."""
        if self.state not in ("running", "paused"):
            return True
        _, jumped = self._update()
        return jumped or self.state not in ("running", "paused")

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

    def _advance(self, now: float) -> None:
        segs = self.timeline.segments
        while self.state == "running" and not self.waiting:
            end = self._end()
            for due, k in self._pending():
                if due > now + EPS:
                    break
                self._cues_done.add(k)
                self._emit("cue", cue=self.segment.cues[k].name, due=due)  # type: ignore[union-attr]
            if end > now + EPS:
                return
            seg = segs[self.index]
            self.segments_done += 1
            if self.index + 1 >= len(segs) or self._group_of[self.index + 1] != \
                    self._group_of[self.index]:
                self._skipped.pop(self._group_of[self.index], None)  # done after all
            if self.index + 1 >= len(segs):
                self._finish(end)
            elif seg.wait or (self.wait_for_ready and seg.kind == "prepare"):
                self._hold_at = end
                self._expected = None
                self._emit("wait", due=end)
            else:
                self._enter(self.index + 1, end, end, new_step=False)

    def _enter(self, index: int, start: float, due: float, *, new_step: bool) -> None:
        self._place(index, start, new_step=new_step)
        self._emit("segment", due=due)

    def _place(self, index: int, start: float, *, new_step: bool) -> None:
        """Make `index` the current segment, starting at clock time `start`."""
        self.index = index
        self._anchor = start - self.timeline.segments[index].start
        self._seg_start = start
        self._cues_done = set()
        if new_step or self._group_of[index] != self._group_of[max(index - 1, 0)]:
            self._step_start = start

    def _finish(self, due: float) -> None:
        if self._paused_at is not None:  # skipped past the end while paused
            self._paused_total += self.clock.now() - self._paused_at
            self._paused_at = self.pause_reason = None
        self.state = "finished"
        self.ended_at = due
        self._expected = None
        self._emit("finish", due=due)

    def _pause(self, at: float, reason: str) -> None:
        self.state = "paused"
        self._paused_at = at
        self.pause_reason = reason or None
        self._expected = None
        self._emit("pause", due=at, reason=reason or None)

    def _release_hold(self, now: float) -> None:
        if self._hold_at is not None:
            self._waited_total += now - self._hold_at
            self._hold_at = None

    def _shift(self, seconds: float) -> None:
        self._anchor += seconds
        self._seg_start += seconds
        self._step_start += seconds

    def _settle(self, now: float) -> None:
        """After a change while running: emit what is due, note when to wake next."""
        if self.state == "running" and not self.waiting:
            self._advance(now)
        if self.state == "running" and not self.waiting:
            self._last_seen = now
            self._expected = self._next_wake(now)


def _step_groups(segments: tuple[Segment, ...]) -> tuple[list[tuple[int, int]], list[int]]:
    """Runs of segments of one routine step, as (first, last) indices, and each segment's
    run: what next() and back() move between. The done segment is a run of its own."""
    groups: list[tuple[int, int]] = []
    group_of: list[int] = []
    key = None
    for i, seg in enumerate(segments):
        if (seg.step, seg.kind == "done") != key:
            key = (seg.step, seg.kind == "done")
            groups.append((i, i))
        groups[-1] = (groups[-1][0], i)
        group_of.append(len(groups) - 1)
    return groups, group_of
