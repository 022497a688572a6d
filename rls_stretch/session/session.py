"""Plays a Timeline against a monotonic clock: the one place in the program where timing lives.

Deadlines, never summed ticks. `_anchor` is the clock time of timeline offset 0, so the
current segment ends at `_anchor + segment.end`; pauses, waits, extends and skips move the
anchor instead of counting, and each segment starts exactly where the last one was due to
end, so a 30-minute routine ends on the moment it was planned to, however late the UI wakes.

The session never sleeps and never starts threads: the UI (TUI or plain runner) calls
`update()` at `next_wake()` and forwards keys to the actions. Events go to subscribers
(audio, events log, screen) in the order they were due, each with its `due` time.

What can be read off a session (time left, progress, summary) is in `session_view`, the
runs next and back move between in `session_steps`, the Summary in `summary`; import
Session, Event, Summary and State from here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from rls_stretch.session.events import Event, State
from rls_stretch.session.summary import Summary
from rls_stretch.session.view import EPS, TICK, SessionView

__all__ = ["Event", "Session", "State", "Summary"]

BACK_GRACE = 3.0  # back() restarts the current move when more than this far into it
MIN_REMAINING = 1.0  # extend(-10) never leaves less than this in the segment

log = logging.getLogger(__name__)


class Session(SessionView):
    """A run of a timeline: `Session(timeline, clock=None, *, jump_tolerance=5.0)`.

    The reading side (segment, remaining, progress, next_wake, summary...) is
    `SessionView`'s; this class adds the actions a person or the clock takes. A move waits
    for go() at the end of its get-ready when its prepare segment has `wait` set (the
    sequencer sets it for a move with `wait: true`; play.with_wait_for_ready sets it on
    every move for the setting).
    """

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
        run = self._runs.run_of[self.index]
        name = self._runs.moves[run]
        if name is not None:
            self._skipped[run] = name
            self._done.pop(run, None)
        pos = self._pos()
        self._release_hold(pos)
        self._emit("skip")
        after = self._runs.next_run(self.index)
        if after is not None:
            self._enter(self._runs.first(after), pos, pos, new_step=True)
        else:
            self._finish(pos)
        self._settle(self.clock.now())

    def other_side(self) -> None:
        """`s`: go on to this move's other side (its switch on a both-sides move, the next
        breath or rep of an alternating one), skipping the rest of this side. The move still
        counts as done when it ends; nothing happens where there is no other side ahead."""
        if self._act():
            return
        target = self.other_side_index()
        if target is None:
            return
        pos = self._pos()
        self._release_hold(pos)
        self._emit("side")
        self._enter(target, pos, pos, new_step=False)
        self._settle(self.clock.now())

    def back(self) -> None:
        """Restart the current move when more than BACK_GRACE s into it, else go to the
        previous step's first segment (the first move restarts)."""
        if self._act():
            return
        pos = self._pos()
        run = self._runs.run_of[self.index]
        if pos - self._step_start <= BACK_GRACE and run > 0:
            run -= 1
        self._release_hold(pos)
        self._emit("back")
        self._enter(self._runs.first(run), pos, pos, new_step=True)
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

    def stop(self, reason: str = "") -> None:
        """End early: -> stopped, emits stop. A run that reached its end is finished.
        `reason` (quit, interrupt, terminate, hangup, "output closed") goes on the stop
        event, so the events log and the diary say how the run ended."""
        if self.state in ("finished", "stopped"):
            return
        if self.state == "running":
            try:
                self.update()  # what came due first (the end, maybe)
            except Exception:  # stop is the way out of a failure: it must not fail too
                log.debug("catching up before stop failed", exc_info=True)
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
        self._emit("stop", reason=reason or None)

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
            if self._runs.ends_run(self.index):
                self._step_ended(self._runs.run_of[self.index])
            if self.index + 1 >= len(segs):
                self._finish(end)
            elif seg.wait:
                self._hold_at = end
                self._expected = None
                self._emit("wait", due=end)
            else:
                self._enter(self.index + 1, end, end, new_step=False)

    def _enter(self, index: int, start: float, due: float, *, new_step: bool) -> None:
        self._place(index, start, new_step=new_step)
        self._emit("segment", due=due)

    def _place(self, index: int, start: float, *, new_step: bool) -> None:
        """Make `index` the current segment, starting at clock time `start`. `new_step`:
        entered by next or back, so that move counts as done only when it ends again."""
        run_of = self._runs.run_of
        self.index = index
        self._anchor = start - self.timeline.segments[index].start
        self._seg_start = start
        self._cues_done = set()
        if new_step:
            self._done.pop(run_of[index], None)
        if new_step or run_of[index] != run_of[max(index - 1, 0)]:
            self._step_start = start

    def _step_ended(self, run: int) -> None:
        """The last segment of a run ended by itself: its move is done, not skipped."""
        self._skipped.pop(run, None)
        name = self._runs.moves[run]
        if name is not None:
            self._done[run] = name

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

