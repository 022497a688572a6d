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


# --- simpleaudio only where it is safe; cue sounds scaled once, kept in the cache --------


def test_simpleaudio_is_passed_over_on_python_3_12_unless_patched(monkeypatch):
    import importlib.util
    import io
    import sys
    from importlib import metadata

    from rls_stretch.sound import backends
    from rls_stretch.sound.cues import CuePlayer, sounds_command

    real_find = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: object() if name == "simpleaudio" else real_find(name, *a))
    monkeypatch.setattr(sys, "version_info", (3, 12, 0))
    why = backends.simpleaudio_unsafe()
    assert why is not None and "crashes Python 3.12" in why
    sa = backends.SimpleaudioBackend()
    assert not sa.available() and sa.why_not == why  # never loaded, never played
    recorder = backends.RecorderBackend()
    recorder.passed_over = (sa,)
    out = io.StringIO()
    assert sounds_command(out=out, player=CuePlayer(recorder), gap=0) == 0
    assert f"  not simpleaudio: {why}" in out.getvalue().splitlines()
    real_dist = metadata.distribution
    monkeypatch.setattr(metadata, "distribution", lambda name: object()
                        if name == "simpleaudio-patched" else real_dist(name))
    assert backends.simpleaudio_unsafe() is None
    monkeypatch.setattr(sys, "version_info", (3, 11, 9))
    monkeypatch.setattr(metadata, "distribution", real_dist)
    assert backends.simpleaudio_unsafe() is None


def test_scaled_cue_sounds_are_kept_so_the_next_start_does_not_scale(monkeypatch):
    from rls_stretch.sound import volume
    from rls_stretch.sound.backends import RecorderBackend
    from rls_stretch.sound.cues import CuePlayer

    first = CuePlayer(RecorderBackend(), volume=0.8)
    calls = []
    real = volume.scale_frames
    monkeypatch.setattr(volume, "scale_frames", lambda f, v: calls.append(v) or real(f, v))
    again = CuePlayer(RecorderBackend(), volume=0.8)
    assert calls == []  # read back from the cache, not scaled again
    for cue in first.cues:
        key = ("standard", 0.8)
        assert again._scaled[key][cue].frames == first._scaled[key][cue].frames
        assert again._scaled[key][cue].frames == real(first._base[cue].frames, 0.8)
    CuePlayer(RecorderBackend(), volume=0.5)
    assert set(calls) == {0.5}  # a new volume is scaled (once per cue)
