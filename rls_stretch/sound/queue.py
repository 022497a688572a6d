"""One queue for cues and voice, so two sounds never overlap and none is cut off.

A sound submitted while nothing plays starts at once, on the caller's thread (no hand-over,
so a cue is as punctual as the backend). One submitted while another plays waits, in order
of priority (speech and the chimes before the ticks), and a small timer thread starts it
when the one playing ends. A tick that could only start more than STALE seconds late is
dropped: the countdown it belonged to is over. After a silence of LEAD_IN_AFTER seconds
a sound can be preceded by `lead_in` seconds of silence, for Bluetooth speakers that wake
up on the first sound and drop its first fraction.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from rls_stretch.sound.backends import Sound

PRIORITY: dict[str, int] = {"voice": 0, "done": 0, "switch": 0, "halfway": 0, "prepare": 0,
                            "position": 0,
                            "start": 0, "rest": 0, "inhale": 1, "exhale": 1, "tick": 2}
STALE = 0.5  # seconds: a tick this late is dropped
LEAD_IN_AFTER = 2.0  # seconds of quiet after which the lead-in comes before a sound
GAP = 0.03  # seconds between two queued sounds, so they do not run into one another


@dataclass(order=True)
class _Item:
    priority: int
    seq: int
    sound: Sound = field(compare=False)
    stale_at: float | None = field(compare=False)


class SoundQueue:
    """`start(sound)` plays a sound now and returns the backend's name (it never raises).

    `submit` returns that name, or "queued" when the sound waits for the one playing.
    `clock` is time.monotonic (injectable for tests).
    """

    def __init__(self, start: Callable[[Sound], str], *, lead_in: float = 0.0,
                 clock: Callable[[], float] = time.monotonic,
                 holds: Callable[[str], bool] = lambda name: True) -> None:
        self._start = start
        self._holds = holds
        self.lead_in = lead_in
        self._clock = clock
        self._cond = threading.Condition()
        self._heap: list[_Item] = []
        self._seq = itertools.count()
        self._busy_until = -1e9
        self._timer: threading.Thread | None = None
        self._closed = False
        self._padded: dict[tuple[str, int, float], Sound] = {}
        self.history: list[tuple[float, float, str]] = []  # (start, end, name), for tests

    def submit(self, sound: Sound, kind: str = "voice") -> str:
        priority = PRIORITY.get(kind, 0)
        now = self._clock()
        with self._cond:
            if self._closed:
                return "silent"
            if not self._heap and now >= self._busy_until:
                return self._play(sound, now)
            stale = now + STALE if kind == "tick" else None
            heapq.heappush(self._heap, _Item(priority, next(self._seq), sound, stale))
            self._ensure_timer()
            return "queued"

    def busy(self) -> bool:
        with self._cond:
            return bool(self._heap) or self._clock() < self._busy_until

    def wait(self, timeout: float) -> bool:
        """Until every sound submitted has had its time (True), or `timeout` passes."""
        end = self._clock() + timeout
        while self.busy():
            left = end - self._clock()
            if left <= 0:
                return False
            time.sleep(min(0.02, left))
        return True

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._heap.clear()
            self._cond.notify_all()

    def _play(self, sound: Sound, now: float) -> str:
        """Start `sound` (lock held); it keeps the queue busy for its length."""
        if self.lead_in > 0 and now - self._busy_until >= LEAD_IN_AFTER:
            sound = self._with_lead_in(sound)
        name = self._start(sound)
        if self._holds(name):
            self._busy_until = now + sound.seconds + GAP
            self.history.append((now, now + sound.seconds, sound.name))
            del self.history[:-200]
        return name

    def _with_lead_in(self, sound: Sound) -> Sound:
        key = (sound.name, len(sound.frames), self.lead_in)
        padded = self._padded.get(key)
        if padded is None or padded.frames[-len(sound.frames):] != sound.frames:
            silence = bytes(round(self.lead_in * sound.rate) * sound.channels * sound.width)
            padded = replace(sound, frames=silence + sound.frames, path=None)
            self._padded[key] = padded
        return padded

    def _ensure_timer(self) -> None:
        if self._timer is None or not self._timer.is_alive():
            self._timer = threading.Thread(target=self._run, name="rls-sound-queue",
                                           daemon=True)
            self._timer.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._closed or not self._heap:
                    self._timer = None
                    return
                now = self._clock()
                if now < self._busy_until:
                    self._cond.wait(self._busy_until - now)
                    continue
                item = heapq.heappop(self._heap)
                if item.stale_at is not None and now > item.stale_at:
                    continue
                try:
                    self._play(item.sound, now)
                except Exception:  # a backend's bug must not end the queue
                    pass
