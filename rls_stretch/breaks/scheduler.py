"""The desk-break scheduler: a state machine on an injected monotonic clock.

    ready -> counting -> (warned) -> due -> on_break -> counting ...
                 ^          |         |-> postponed (counting again, 5 min)
                 |          |         '-> skipped (counting again, a whole interval)
                 '-- paused <-- p, or "pause until tomorrow"       any -> ended (--until, q)

Like the session it keeps deadlines, never summed ticks: the break is due at `due_at` on
the clock, and the UI calls `update()` at `next_wake()`. Like the session it watches for
clock jumps: a wake much later than the one it asked for means the computer slept, and
the person was away from the desk, so the sitting count starts again instead of a break
firing the moment the lid opens (use SleepCountingClock, which counts a suspend).

Time of day comes from `wall` (injected too), only for what is said in wall-clock terms:
`--until 17:30`, the morning a "pause until tomorrow" ends, and each event's `at`.

Every action goes to the listeners as a BreakEvent; the kinds in RECORDED are the ones the
diary takes (`record_break(at, action, position, every_seconds, length_seconds)`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from rls_stretch.breaks.plan import POSTPONE_LIMIT, BreakPlan, next_at
from rls_stretch.session.clock import Clock, SleepCountingClock

State = Literal["ready", "counting", "due", "on_break", "paused", "ended"]
Action = Literal["warned", "due", "started", "finished", "postponed", "skipped", "paused",
                 "resumed", "restarted", "ended"]
#: What the diary records of a day's breaks (the rest only drive the screen).
RECORDED: tuple[Action, ...] = ("warned", "due", "started", "finished", "postponed",
                                "skipped", "paused")

JUMP_TOLERANCE = 5.0  # a wake this much later than asked for is a sleep, not a slow loop
MAX_SLEEP = 60.0  # never sleep longer: a wall-clock end is checked at least this often
EPS = 1e-6

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BreakEvent:
    kind: Action
    t: float  # the monotonic clock
    at: datetime  # the wall clock, for the diary
    position: str
    every_seconds: float
    length_seconds: float
    remaining: float | None = None  # seconds to the next break, where one is coming
    reason: str | None = None  # why it paused, restarted or ended
    completed: bool | None = None  # finished: the routine ran to its end (not stopped)
    until: datetime | None = None  # paused until / the end asked for


def _local_now() -> datetime:
    return datetime.now()


class BreakScheduler:
    """`BreakScheduler(plan, clock=None, wall=None)`: SleepCountingClock and the local
    time unless given (tests pass a FakeClock and a wall made from it)."""

    def __init__(self, plan: BreakPlan, clock: Clock | None = None,
                 wall: Callable[[], datetime] | None = None, *,
                 jump_tolerance: float = JUMP_TOLERANCE) -> None:
        self.plan = plan
        self.clock: Clock = clock if clock is not None else SleepCountingClock()
        self.wall = wall or _local_now
        self.jump_tolerance = jump_tolerance
        self.state: State = "ready"
        self.warned = False  # the warning for the coming break has been given
        self.postponed = 0  # times the coming break was put off
        self.due_at: float | None = None  # clock time of the coming break (counting)
        self.until_at: datetime | None = None  # --until as a moment
        self.resume_at: datetime | None = None  # "pause until tomorrow"
        self.end_reason: str | None = None
        self.taken = self.skipped = 0  # breaks started and skipped in this run
        self.errors: list[Exception] = []
        self._left: float | None = None  # seconds left when paused
        self._paused_at: float | None = None
        self._expected: float | None = None
        self._last_seen = 0.0
        self._subs: list[Callable[[BreakEvent], None]] = []
        self._batch: list[BreakEvent] | None = None

    # -- reading ----------------------------------------------------------------------------

    def subscribe(self, fn: Callable[[BreakEvent], None]) -> None:
        self._subs.append(fn)

    def remaining(self) -> float | None:
        """Seconds to the break: counting down, held while paused, 0 when due."""
        if self.state == "counting" and self.due_at is not None:
            return max(0.0, self.due_at - self.clock.now())
        if self.state == "paused":
            return self._left
        if self.state == "due":
            return 0.0
        return None

    def countdown(self) -> int | None:
        """Whole seconds to show: rounded up, so "0:01" shows until the break."""
        left = self.remaining()
        return None if left is None else math.ceil(left - EPS)

    @property
    def can_postpone(self) -> bool:
        return self._coming() and self.postponed < POSTPONE_LIMIT

    @property
    def can_skip(self) -> bool:
        return self._coming()

    def _coming(self) -> bool:
        return self.state == "due" or (self.state == "counting" and self.warned)

    def next_wake(self) -> float | None:
        """When update() should be called next: the next change of the whole seconds shown,
        the warning, the break, a wall-clock end; None when nothing will change by itself
        (on a break, ended, paused with no end)."""
        now = self.clock.now()
        wakes: list[float] = []
        if self.state == "counting" and self.due_at is not None:
            left = self.due_at - now
            wakes.append(self.due_at - (math.ceil(left - EPS) - 1))
            warn_at = self.due_at - self.plan.warning
            if not self.warned and self.plan.warning > 0 and warn_at > now:
                wakes.append(warn_at)
            wakes.append(self.due_at)
        if self.state in ("counting", "due", "paused"):
            for target in (self.until_at, self.resume_at if self.state == "paused" else None):
                if target is not None:
                    wakes.append(now + max(0.0, (target - self.wall()).total_seconds()))
        if self.state == "due":
            wakes.append(now + MAX_SLEEP)  # to notice a sleep while the break waits
        if not wakes:
            return None
        return min(max(now, min(wakes)), now + MAX_SLEEP)

    # -- driving ----------------------------------------------------------------------------

    def start(self) -> None:
        """ready -> counting: the first break is one interval from now."""
        if self.state != "ready":
            return
        now = self.clock.now()
        if self.plan.until is not None:
            self.until_at = next_at(self.plan.until, self.wall())
        self._count(now, self.plan.every)
        self._settle(now)

    def update(self) -> list[BreakEvent]:
        """Catch up with the clock: emit what came due (warning, break, end, the morning
        after a pause) in order. A wake later than jump_tolerance after the one asked for
        means the computer slept: the count starts again from now."""
        batch: list[BreakEvent] = []
        self._batch, outer = batch, self._batch
        try:
            self._catch_up()
        finally:
            self._batch = outer
        if outer is not None:
            outer.extend(batch)
        return batch

    def start_break(self) -> None:
        """Take the break now (when due, or early while counting): -> on_break. The UI plays
        the routine and calls finish_break() when it ends."""
        if not self._act() or self.state not in ("counting", "due"):
            return
        self.state = "on_break"
        self.due_at = self._expected = None
        self.taken += 1
        self._emit("started")

    def finish_break(self, completed: bool = True) -> None:
        """The break's routine ended (completed, or stopped early): the count starts again."""
        if self.state != "on_break":
            return
        now = self.clock.now()
        self._count(now, self.plan.every)
        self._emit("finished", completed=completed)
        self._settle(now)
        self.update()  # --until may have passed during the break

    def postpone(self) -> None:
        """Later: the coming break moves to 5 minutes from now (once per break)."""
        if not self._act() or not self.can_postpone:
            return
        now = self.clock.now()
        self.postponed += 1
        self._count(now, self.plan.postpone, keep_postponed=True)
        self._emit("postponed")
        self._settle(now)

    def skip(self) -> None:
        """Not this one: a whole interval from now to the next."""
        if not self._act() or not self.can_skip:
            return
        now = self.clock.now()
        self.skipped += 1
        self._count(now, self.plan.every)
        self._emit("skipped")
        self._settle(now)

    def pause(self, reason: str = "") -> None:
        """Hold the count (p). A pause longer than the interval starts it afresh on resume:
        the person has most likely been up and about."""
        if not self._act() or self.state not in ("counting", "due"):
            return
        self._pause(None, reason or None)

    def pause_until_tomorrow(self) -> None:
        """No more breaks today: paused until the plan's morning (or the end, if sooner)."""
        if not self._act() or self.state not in ("counting", "due", "paused"):
            return
        self._pause(next_at(self.plan.morning, self.wall()), "until tomorrow")

    def resume(self) -> None:
        if self.state != "paused":
            return
        self._resume(fresh=self.resume_at is not None)

    def toggle_pause(self) -> None:
        if self.state == "paused":
            self.resume()
        else:
            self.pause()

    def stop(self, reason: str = "stopped") -> None:
        if self.state == "ended":
            return
        self._end(reason)

    # -- internals --------------------------------------------------------------------------

    def _catch_up(self) -> None:
        if self.state in ("ready", "ended", "on_break"):
            return
        now = self.clock.now()
        if (self.state in ("counting", "due") and self._expected is not None
                and now > self._expected + self.jump_tolerance):
            gap = now - self._last_seen
            self._count(now, self.plan.every)
            self._emit("restarted",
                       reason=f"clock jumped {gap:.0f} s (was the computer asleep?)")
        wall = self.wall()
        if self.until_at is not None and wall >= self.until_at:
            self._end(f"until {self.until_at:%H:%M}")
            return
        if self.state == "paused" and self.resume_at is not None and wall >= self.resume_at:
            self._resume(fresh=True)
        if self.state == "counting" and self.due_at is not None:
            warn_at = self.due_at - self.plan.warning
            if not self.warned and self.plan.warning > 0 and now >= warn_at - EPS:
                self.warned = True
                self._emit("warned")
            if now >= self.due_at - EPS:
                self.state = "due"
                self.warned = True
                self._emit("due")
        self._settle(now)

    def _act(self) -> bool:
        """Catch up before an action; False when no action can be taken now."""
        self.update()
        return self.state not in ("ready", "ended")

    def _count(self, now: float, seconds: float, *, keep_postponed: bool = False) -> None:
        self.state = "counting"
        self.due_at = now + seconds
        self.warned = False
        self._left = self._paused_at = None
        self.resume_at = None
        if not keep_postponed:
            self.postponed = 0

    def _pause(self, resume_at: datetime | None, reason: str | None) -> None:
        now = self.clock.now()
        if self.state != "paused":
            self._left = self.remaining()
            self._paused_at = now
        self.state = "paused"
        self.resume_at = resume_at
        self.due_at = self._expected = None
        self._emit("paused", reason=reason, until=resume_at)

    def _resume(self, *, fresh: bool) -> None:
        now = self.clock.now()
        away = now - self._paused_at if self._paused_at is not None else 0.0
        left = self._left
        fresh = fresh or left is None or away >= self.plan.every
        postponed = self.postponed
        self._count(now, self.plan.every if fresh or left is None else left)
        if not fresh:
            self.postponed = postponed
            self.warned = left is not None and left <= EPS  # paused while due: due again
        self._emit("resumed", reason="the count starts afresh" if fresh else None)
        self._settle(now)

    def _end(self, reason: str) -> None:
        self.state = "ended"
        self.end_reason = reason
        self.due_at = self._expected = None
        self._emit("ended", reason=reason, until=self.until_at)

    def _settle(self, now: float) -> None:
        self._last_seen = now
        self._expected = self.next_wake() if self.state in ("counting", "due") else None

    def _emit(self, kind: Action, **fields: object) -> None:
        p = self.plan
        ev = BreakEvent(kind=kind, t=self.clock.now(), at=self.wall().astimezone(),
                        position=p.position, every_seconds=p.every, length_seconds=p.length,
                        remaining=self.remaining(), **fields)  # type: ignore[arg-type]
        if self._batch is not None:
            self._batch.append(ev)
        for fn in list(self._subs):
            try:
                fn(ev)
            except Exception as exc:  # a broken listener must not stop the reminders
                log.debug("break listener %r failed on %s", fn, kind, exc_info=True)
                self.errors.append(exc)
