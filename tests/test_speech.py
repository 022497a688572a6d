"""The optional voice: real espeak-ng rendering and cache, the phrases of a real timeline,
and speech through the cue player's backend on a session driven by a fake clock."""

from __future__ import annotations

import io
import math
import os
import shutil
import stat
import threading
import time
import wave
from array import array
from pathlib import Path

import pytest

from rls_stretch import paths
from rls_stretch.routine.model import Dose, Move, MoveStep, RestStep, Routine, Span
from rls_stretch.session.clock import FakeClock
from rls_stretch.session.session import Event, Session
from rls_stretch.sound import volume as sound_volume
from rls_stretch.sound.backends import BellBackend, PlayerBackend, RecorderBackend, Sound
from rls_stretch.sound.cues import CuePlayer, scale_frames
from rls_stretch.sound.speech import (
    FINISH,
    NOT_AVAILABLE,
    TICK_GAP,
    Phrase,
    Voice,
    find_engine,
    phrases,
    plan,
    render,
    speaking_time,
)
from rls_stretch.timeline.model import Timeline
from rls_stretch.timeline.sequencer import build_timeline

ESPEAK = shutil.which("espeak-ng") or shutil.which("espeak")
needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")

CALF = Move(id="calf", name="Calf stretch", instructions="Lean into the wall.",
            position="standing", sides="both", dose=Dose(hold=Span.of(20)),
            cues=("heel down",))
BREATH = Move(id="breath", name="Slow breathing, 4 in and 8 out", instructions="Breathe out long.",
              position="lying", dose=Dose(breaths=Span.of(2)))


def small_timeline(transition: float = 5.0) -> Timeline:
    routine = Routine(id="t", name="Test", transition=transition,
                      steps=(MoveStep(CALF), RestStep(Span.of(10)), MoveStep(BREATH)))
    return build_timeline(routine, start_side="left")


class KeepingRecorder(RecorderBackend):
    """The audio module's recorder, also keeping each Sound and the clock time it started."""

    def __init__(self, clock: FakeClock | None = None) -> None:
        super().__init__()
        self.clock = clock
        self.sounds: list[tuple[float, Sound]] = []

    def play(self, sound: Sound) -> None:
        super().play(sound)
        self.sounds.append((self.clock.now() if self.clock else 0.0, sound))

    def voiced(self) -> list[str]:
        return [s.name.removeprefix("voice: ") for _, s in self.sounds
                if s.name.startswith("voice: ")]


class FileRecorder(KeepingRecorder):
    """Plays from files, as pw-play, paplay and aplay do: the file must be there."""

    needs_file = True

    def play(self, sound: Sound) -> None:
        assert sound.path is not None and sound.path.is_file(), sound.name
        super().play(sound)


def wav_frames(path: Path) -> bytes:
    with wave.open(str(path), "rb") as w:
        return w.readframes(w.getnframes())


def rms(frames: bytes) -> float:
    samples = array("h")
    samples.frombytes(frames)
    return math.sqrt(sum(v * v for v in samples) / len(samples))


def counting_engine(tmp_path: Path, delay: float = 0.0) -> tuple[list[str], Path]:
    """A wrapper named espeak-ng around the real one, counting its runs in a file; the
    first run takes `delay` seconds longer."""
    assert ESPEAK is not None
    count = tmp_path / "runs"
    count.write_text("")
    script = tmp_path / "bin" / "espeak-ng"
    script.parent.mkdir(exist_ok=True)
    script.write_text(f'#!/bin/sh\n[ -s "{count}" ] || sleep {delay}\necho run >> "{count}"\n'
                      f'exec "{ESPEAK}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return [str(script)], count


def runs(count: Path) -> int:
    return len(count.read_text().splitlines())


def drive(session: Session, clock: FakeClock) -> None:
    session.start()
    while session.state == "running":
        wake = session.next_wake()
        assert wake is not None
        clock.set(max(wake, clock.now()))
        session.update()


def ready_voice(output: object, timeline: Timeline, **kw: object) -> Voice:
    voice = Voice(output, **kw)  # type: ignore[arg-type]
    voice.prepare(timeline)
    assert voice.wait_ready(20), voice.errors
    return voice


# --- the engine and the cache ------------------------------------------------------------------


@needs_espeak
def test_find_engine_finds_espeak() -> None:
    engine = find_engine()
    assert engine is not None and Path(engine[0]).name in ("espeak-ng", "espeak")


@needs_espeak
def test_render_writes_an_audible_wav_in_the_cache_dir() -> None:
    sound = render("Switch sides", find_engine() or [])
    assert sound.path is not None and sound.path.parent == paths.cache_dir() / "voice"
    with wave.open(str(sound.path), "rb") as w:
        assert (w.getsampwidth(), w.getnchannels()) == (2, 1)
        assert w.getframerate() == sound.rate
    assert wav_frames(sound.path) == sound.frames
    assert 0.4 < sound.seconds < 2.5  # two words at a calm pace, silence trimmed
    assert rms(sound.frames) > 1000  # speech, not silence
    assert sound.name == "voice: Switch sides"


@needs_espeak
def test_each_phrase_is_rendered_once(tmp_path: Path) -> None:
    engine, count = counting_engine(tmp_path)
    first = render("Halfway", engine)
    assert runs(count) == 1
    again = render("Halfway", engine)
    assert runs(count) == 1 and again.frames == first.frames and again.path == first.path
    render("Rest", engine)
    render("Halfway", engine, rate=180)
    render("Halfway", engine, volume=0.5)
    assert runs(count) == 4  # other text, rate or volume: another file
    slow, fast = (render("Halfway", engine, rate=r) for r in (140, 180))
    assert fast.seconds < slow.seconds


@needs_espeak
def test_volume_is_the_engines_amplitude() -> None:
    engine = find_engine() or []
    assert rms(render("Rest", engine, volume=0.3).frames) < 0.5 * rms(
        render("Rest", engine).frames)


# --- what is said, and when ---------------------------------------------------------------------


def test_phrases_for_a_real_timeline() -> None:
    tl = small_timeline()
    said = {}
    for seg in tl.segments:
        said[(seg.kind, seg.side)] = [p.text for p in phrases("segment", seg, None, tl)]
    assert said[("prepare", "left")] == [
        "Calf stretch, left side. Heel down.", "Calf stretch, left side",
        "Calf stretch, left side", "Calf stretch", "Calf stretch"]
    assert said[("switch", "right")] == ["Switch sides"]
    assert said[("rest", None)] == ["Rest"]
    assert said[("prepare", None)] == ["Slow breathing, 4 in and 8 out"] * 2 + [
        "Slow breathing"] * 2  # as written, faster; its first part, faster
    for kind in ("hold", "inhale", "exhale", "done"):
        assert all(not v for (k, _), v in said.items() if k == kind), kind
    hold = next(s for s in tl.segments if s.kind == "hold")
    assert [p.text for p in phrases("cue", hold, "halfway")] == ["Halfway"]
    assert phrases("cue", hold, "tick") == () and phrases("cue", hold, "start") == ()
    assert phrases("finish", tl.segments[-1]) == (Phrase(FINISH),)
    assert phrases("pause", hold) == () and phrases("stop", hold) == ()


def test_without_a_prepare_segment_the_move_is_named_at_its_first_segment() -> None:
    tl = small_timeline(transition=0)
    first = tl.segments[0]
    assert first.kind == "hold"
    assert phrases("segment", first, None, tl)[0].text == "Calf stretch, left side. Heel down."
    second_hold = [s for s in tl.segments if s.kind == "hold"][1]
    assert phrases("segment", second_hold, None, tl) == ()


def test_phrases_end_before_the_ticks() -> None:
    tl = small_timeline()
    prepare = tl.segments[0]
    assert speaking_time("segment", prepare) == pytest.approx(2.0 - TICK_GAP)
    assert speaking_time("segment", prepare, late=0.5) == pytest.approx(1.5 - TICK_GAP)
    hold = tl.segments[1]
    assert speaking_time("cue", hold, "halfway") == pytest.approx(17 - 10 - TICK_GAP)
    assert speaking_time("finish", tl.segments[-1]) == math.inf
    wants = dict(plan(tl))
    assert wants[(Phrase("Switch sides"),)] == pytest.approx(2.0 - TICK_GAP)
    assert wants[(Phrase(FINISH),)] == math.inf


# --- speaking in a session ----------------------------------------------------------------------


@needs_espeak
def test_a_session_speaks_through_the_cue_players_backend_never_over_ticks() -> None:
    clock = FakeClock(100.0)
    recorder = KeepingRecorder(clock)
    player = CuePlayer(recorder)
    tl = small_timeline()
    voice = ready_voice(player, tl)
    session = Session(tl, clock)
    session.subscribe(player.on_event)
    session.subscribe(voice.on_event)
    drive(session, clock)
    assert recorder.voiced() == [
        "Calf stretch, left side",  # with "Heel down." it would run into the 3-2-1
        "Halfway", "Switch sides", "Halfway", "Rest",
        "Slow breathing",  # all of "Slow breathing, 4 in and 8 out" would not fit either
        FINISH]
    for i, (t, sound) in enumerate(recorder.sounds):
        if sound.name.startswith("voice: "):
            assert sound.path is not None and sound.frames == wav_frames(sound.path)
            ticks = [at for at, s in recorder.sounds[i:] if s.name == "tick"]
            assert not ticks or t + sound.seconds <= ticks[0] - TICK_GAP + 1e-9


@needs_espeak
def test_muted_player_mutes_the_voice() -> None:
    clock = FakeClock()
    recorder = KeepingRecorder(clock)
    player = CuePlayer(recorder, muted=True)
    tl = small_timeline()
    voice = ready_voice(player, tl)
    session = Session(tl, clock)
    session.subscribe(voice.on_event)
    session.start()
    assert recorder.played == [] and voice.annotate(None) is None
    player.unmute()
    while clock.now() < 15:  # into the hold (nothing to say), then its halfway
        clock.set(session.next_wake() or 15)
        session.update()
    assert recorder.voiced() == ["Halfway"]


@needs_espeak
def test_voice_follows_a_swapped_player() -> None:
    """The TUI makes a new CuePlayer on a night toggle: a callable output follows it."""
    tl = small_timeline()
    players = [CuePlayer(KeepingRecorder(), muted=True)]
    voice = ready_voice(lambda: players[-1], tl)
    event = Event(kind="finish", t=0.0, segment=tl.segments[-1])
    assert voice.on_event(event) is None
    assert voice.annotate(event) == {"voice_skipped": "muted"}
    players.append(CuePlayer(KeepingRecorder()))
    assert voice.on_event(event) == "recorder"
    assert players[-1].backend.voiced() == [FINISH]  # type: ignore[attr-defined]


@needs_espeak
def test_the_players_volume_applies(tmp_path: Path) -> None:
    tl = small_timeline()
    recorder = KeepingRecorder()
    player = CuePlayer(recorder, volume=0.5)
    voice = ready_voice(player, tl)
    voice.on_event(Event(kind="finish", t=0.0, segment=tl.segments[-1]))
    (_, sound), = recorder.sounds
    full = voice.ready(FINISH)
    assert full is not None and len(sound.frames) == len(full.frames)
    assert rms(sound.frames) == pytest.approx(rms(full.frames) / 2, rel=0.02)


def sound_work(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the threads that scale or write a sound from now on (the real functions
    still run): speaking at an event must leave both to the voice's own thread."""
    seen: list[str] = []
    for name in ("scale_frames", "write_wav"):
        real = getattr(sound_volume, name)

        def spy(*args: object, real=real, **kw: object) -> object:
            seen.append(threading.current_thread().name)
            return real(*args, **kw)

        monkeypatch.setattr(sound_volume, name, spy)
    return seen


@needs_espeak
def test_the_voice_is_made_at_the_players_volume_before_it_is_spoken(
        monkeypatch: pytest.MonkeyPatch) -> None:
    tl = small_timeline()
    recorder = FileRecorder()
    player = CuePlayer(recorder, volume=0.5)
    work = sound_work(monkeypatch)
    voice = ready_voice(player, tl)
    assert work and set(work) == {"rls-voice"}  # made while preparing, off the UI thread
    files = set((paths.cache_dir() / "sounds").iterdir())
    work.clear()
    finish = Event(kind="finish", t=0.0, segment=tl.segments[-1])
    assert voice.on_event(finish) == "recorder"
    assert work == [] and set((paths.cache_dir() / "sounds").iterdir()) == files
    (_, sound), = recorder.sounds
    full = voice.ready(FINISH)
    assert full is not None and sound.path is not None and sound.path in files
    assert sound.frames == scale_frames(full.frames, 0.5) == wav_frames(sound.path)

    player.volume = 0.3  # changed after preparing: made in the background, not waited for
    work.clear()  # (the player's own cues were just scaled and written, by its setter)
    assert voice.on_event(finish) is None
    assert voice.annotate(finish) == {"voice_skipped": "not ready"}
    assert voice.wait_ready(20)
    assert voice.on_event(finish) == "recorder"
    assert threading.current_thread().name not in work
    assert recorder.sounds[-1][1].frames == scale_frames(full.frames, 0.3)


@needs_espeak
def test_the_cue_player_and_the_voice_share_one_volume_helper(tmp_path: Path) -> None:
    tl = small_timeline()
    full = ready_voice(KeepingRecorder(), tl).ready("Rest")
    assert full is not None and full.path is not None
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    shutil.copy(full.path, sounds / "rest.wav")  # the spoken word as the rest cue's sound
    recorder = FileRecorder()
    player = CuePlayer(recorder, sounds_dir=sounds, volume=0.4)
    voice = ready_voice(player, tl)
    assert player.play("rest") == "recorder"
    assert voice.say(["Rest"]) == {"voice": "Rest", "voice_backend": "recorder"}
    (_, cue), (_, word) = recorder.sounds
    assert (cue.name, word.name) == ("rest", "voice: Rest")
    assert cue.frames == word.frames == scale_frames(full.frames, 0.4) != full.frames
    assert cue.path == word.path  # one cached file for the same bytes, whoever made it


@needs_espeak
def test_a_failing_player_falls_back_and_the_bell_says_nothing() -> None:
    tl = small_timeline()
    gone = PlayerBackend("gone", ["/nonexistent/player"])
    gone.fallback = recorder = KeepingRecorder()
    voice = ready_voice(gone, tl)
    finish = Event(kind="finish", t=0.0, segment=tl.segments[-1])
    assert voice.on_event(finish) == "recorder"
    assert recorder.voiced() == [FINISH] and "gone" in (voice.last_error or "")
    stream = io.StringIO()
    bell = BellBackend(stream)
    voice.output = bell
    assert voice.on_event(finish) is None and stream.getvalue() == ""


@needs_espeak
def test_a_phrase_not_ready_is_skipped_not_waited_for(tmp_path: Path) -> None:
    engine, count = counting_engine(tmp_path, delay=1.5)
    recorder = KeepingRecorder()
    voice = Voice(recorder, engine=engine)
    tl = small_timeline()
    voice.prepare(tl)
    event = Event(kind="finish", t=0.0, segment=tl.segments[-1])
    began = time.monotonic()
    assert voice.on_event(event) is None
    assert time.monotonic() - began < 0.2
    assert voice.annotate(event) == {"voice_skipped": "not ready"} and recorder.played == []
    assert voice.wait_ready(30)
    assert voice.on_event(event) == "recorder" and recorder.voiced() == [FINISH]
    done = runs(count)
    again = Voice(recorder, engine=engine)
    again.prepare(tl)
    assert again.wait_ready(5)
    assert runs(count) == done  # a new run renders nothing: all in the cache


def test_no_engine_means_no_voice_and_no_crash(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_engine() is None
    recorder = KeepingRecorder()
    voice = Voice(CuePlayer(recorder))
    assert not voice.available and voice.status == NOT_AVAILABLE
    tl = small_timeline()
    voice.prepare(tl)
    assert voice.wait_ready(0)
    clock = FakeClock()
    session = Session(tl, clock)
    session.subscribe(voice.on_event)
    drive(session, clock)
    assert session.errors == [] and recorder.played == []
    assert not (paths.cache_dir() / "voice").exists()


def test_cache_dir_is_isolated_in_tests() -> None:
    assert str(paths.cache_dir()).startswith(os.environ["HOME"])
