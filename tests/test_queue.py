"""The one queue for cues and voice: nothing overlaps, speech and chimes go before ticks, a
late tick is dropped, and a silent lead-in comes before the first sound after a silence."""

from __future__ import annotations

import itertools
import threading
import time

from rls_stretch.sound.backends import Sound
from rls_stretch.sound.queue import LEAD_IN_AFTER, STALE, SoundQueue


def sound(name: str, seconds: float) -> Sound:
    return Sound(name, b"\x01\x00" * round(22050 * seconds))


class Starts:
    """The queue's `start`: records (monotonic time, sound) of every sound started."""

    def __init__(self) -> None:
        self.started: list[tuple[float, Sound]] = []
        self.lock = threading.Lock()

    def __call__(self, s: Sound) -> str:
        with self.lock:
            self.started.append((time.monotonic(), s))
        return "fake"

    def names(self) -> list[str]:
        return [s.name for _, s in self.started]


def test_a_sound_while_idle_starts_at_once_on_the_callers_thread():
    starts = Starts()
    q = SoundQueue(starts)
    assert q.submit(sound("start", 0.05), "start") == "fake"
    assert starts.names() == ["start"]


def test_nothing_overlaps_and_speech_goes_before_the_ticks():
    starts = Starts()
    q = SoundQueue(starts)
    q.submit(sound("halfway", 0.15), "halfway")
    assert q.submit(sound("tick", 0.03), "tick") == "queued"
    assert q.submit(sound("voice: Halfway", 0.1), "voice") == "queued"
    assert q.wait(5)
    assert starts.names() == ["halfway", "voice: Halfway", "tick"]
    for (t0, a), (t1, _) in itertools.pairwise(starts.started):
        assert t1 >= t0 + a.seconds  # each starts after the one before has ended


def test_a_tick_that_could_only_come_late_is_dropped():
    starts = Starts()
    q = SoundQueue(starts)
    q.submit(sound("voice: a long phrase", STALE + 0.2), "voice")
    q.submit(sound("tick", 0.03), "tick")
    q.submit(sound("done", 0.05), "done")
    assert q.wait(5)
    assert starts.names() == ["voice: a long phrase", "done"]


def test_a_lead_in_of_silence_after_a_quiet_spell_only():
    starts = Starts()
    now = [100.0]
    q = SoundQueue(starts, lead_in=0.2, clock=lambda: now[0])
    q.submit(sound("prepare", 0.05), "prepare")
    first = starts.started[-1][1]
    assert len(first.frames) == 2 * round(22050 * 0.2) + 2 * round(22050 * 0.05)
    assert first.frames.startswith(b"\0" * 2 * round(22050 * 0.2))
    now[0] += first.seconds + 0.1  # soon after: no lead-in
    q.submit(sound("start", 0.05), "start")
    assert len(starts.started[-1][1].frames) == 2 * round(22050 * 0.05)
    now[0] += LEAD_IN_AFTER + 1  # after a silence: the lead-in again
    q.submit(sound("tick", 0.05), "tick")
    assert starts.started[-1][1].frames.startswith(b"\0" * 100)


def test_silent_and_bell_do_not_hold_the_queue():
    q = SoundQueue(lambda s: "bell", holds=lambda name: name != "bell")
    assert q.submit(sound("a", 1.0), "start") == "bell"
    assert q.submit(sound("b", 1.0), "tick") == "bell"  # a BEL takes no time
