"""Audio cues through real backends: simpleaudio into ALSA's file device, aplay, the bell.

ALSA reads ~/.asoundrc once per process, so every test that needs a particular ALSA setup
runs its playback in a subprocess with HOME pointing at a temporary directory.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import wave
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from rls_stretch import paths as audio_paths
from rls_stretch.routine.errors import UsageError
from rls_stretch.sound import cues as audio
from rls_stretch.sound import volume as sound_volume
from rls_stretch.sound.backends import (
    Backend,
    BellBackend,
    PlayerBackend,
    RecorderBackend,
    SilentBackend,
    SimpleaudioBackend,
    Sound,
    choose_backend,
    make_backend,
)
from rls_stretch.sound.cues import CUES, CuePlayer, scale_frames, sounds_command
from rls_stretch.sound.volume import at_volume

REPO = Path(__file__).resolve().parent.parent
HAVE_SIMPLEAUDIO = importlib.util.find_spec("simpleaudio") is not None
HAVE_LIBASOUND = sys.platform.startswith("linux") and ctypes.util.find_library("asound")

needs_simpleaudio = pytest.mark.skipif(
    not (HAVE_SIMPLEAUDIO and HAVE_LIBASOUND),
    reason="simpleaudio (pip install rls-stretch[audio]) and ALSA's libasound are needed",
)
needs_libasound = pytest.mark.skipif(not HAVE_LIBASOUND, reason="ALSA's libasound is not here")
needs_aplay = pytest.mark.skipif(shutil.which("aplay") is None, reason="aplay is not installed")


def wav_frames(cue: str, profile: str = "standard") -> bytes:
    with wave.open(str(audio.profile_dir(profile) / f"{cue}.wav"), "rb") as w:
        return w.readframes(w.getnframes())


def file_device(home: Path, target: str) -> None:
    """Point ALSA's default device at a file (or `|command`) instead of a sound card."""
    (home / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "{target}"; format "raw" }}\n'
    )


def run_py(code: str, home: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}
    env.pop("RLS_STRETCH_AUDIO", None)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# --- the real simpleaudio path ----------------------------------------------------------


@pytest.mark.audio
@needs_simpleaudio
def test_simpleaudio_plays_the_exact_wav_frames_into_alsa(isolated_home: Path):
    raw = isolated_home / "alsa.raw"
    file_device(isolated_home, str(raw))
    result = run_py(
        f"""
        import json, shutil
        from pathlib import Path
        from rls_stretch.sound.cues import CuePlayer, CUES
        from rls_stretch.sound.backends import choose_backend

        raw = Path({str(raw)!r})
        played = {{}}
        for profile, volume in (("standard", 1.0), ("gentle", 1.0), ("standard", 0.5)):
            player = CuePlayer(choose_backend("simpleaudio"), profile=profile, volume=volume)
            player.wait(10)  # the probe's 10 ms of silence shares the file: let it finish
            for cue in CUES:
                played[f"{{profile}}-{{volume}}-{{cue}}"] = player.play(cue)
                player.wait(10)  # the file device truncates at each open: keep each cue
                shutil.copy(raw, raw.parent / f"{{profile}}-{{volume}}-{{cue}}.raw")
        print(json.dumps(played))
        """,
        isolated_home,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # nothing from ALSA, nothing from us
    played = json.loads(result.stdout)
    assert set(played.values()) == {"simpleaudio"}
    for cue in CUES:
        for profile in ("standard", "gentle"):
            got = (isolated_home / f"{profile}-1.0-{cue}.raw").read_bytes()
            assert got == wav_frames(cue, profile), f"{profile}/{cue}: bytes differ"
        half = (isolated_home / f"standard-0.5-{cue}.raw").read_bytes()
        assert half == scale_frames(wav_frames(cue), 0.5) != wav_frames(cue)


@pytest.mark.audio
@needs_simpleaudio
def test_play_returns_while_the_sound_is_still_playing(isolated_home: Path):
    # The device is a pipe into a FIFO nobody reads yet: the sound cannot finish until the
    # child reads it, so if play() waited for the sound the child would hang (timeout).
    fifo = isolated_home / "out.fifo"
    os.mkfifo(fifo)
    file_device(isolated_home, f"|cat > {fifo}")
    long = isolated_home / "long"
    long.mkdir()
    frames = bytes(range(256)) * 1000  # 256 kB, ~5.8 s: more than any pipe buffer holds
    with wave.open(str(long / "done.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(frames)
    try:
        result = _play_into(fifo, long, isolated_home)
    finally:
        # If play() blocked, the child was killed on timeout and ALSA's `cat` still waits
        # for a reader: open the FIFO once so it can finish instead of lingering.
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        os.close(fd)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out == {"name": "simpleaudio", "playing_after_play": True}
    assert (long / "got.raw").read_bytes() == frames


def _play_into(fifo: Path, long: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return run_py(
        f"""
        import json
        from pathlib import Path
        from rls_stretch.sound.cues import CuePlayer
        from rls_stretch.sound.backends import SimpleaudioBackend

        backend = SimpleaudioBackend()
        player = CuePlayer(backend, sounds_dir=Path({str(long)!r}))
        name = player.play("done")
        still = backend.last.is_playing()
        got = open({str(fifo)!r}, "rb").read()  # now let the sound through
        player.wait(10)
        Path({str(long)!r}, "got.raw").write_bytes(got)
        print(json.dumps({{"name": name, "playing_after_play": still}}))
        """,
        home,
        timeout=30,
    )


# --- ALSA's error lines -----------------------------------------------------------------

OPEN_DEFAULT = """
import ctypes
lib = ctypes.CDLL("libasound.so.2")
handle = ctypes.c_void_p()
print(lib.snd_pcm_open(ctypes.byref(handle), b"default", 0, 0))
"""


@needs_libasound
def test_alsa_error_lines_are_silenced(isolated_home: Path):
    (isolated_home / ".asoundrc").write_text("pcm.!default { type no_such_plugin }\n")
    loud = run_py(OPEN_DEFAULT, isolated_home)
    assert int(loud.stdout) < 0 and "ALSA lib" in loud.stderr  # the control: ALSA talks
    quiet = run_py(
        "from rls_stretch.sound.alsa_quiet import silence_alsa\n"
        "assert silence_alsa()\n" + OPEN_DEFAULT,
        isolated_home,
    )
    assert int(quiet.stdout) < 0 and quiet.stderr == ""


@pytest.mark.audio
@needs_simpleaudio
def test_no_device_falls_back_quietly(isolated_home: Path):
    # simpleaudio raises _simpleaudio.SimpleaudioError opening the broken device; aplay
    # fails the same way; no terminal for the bell: silence, and not one line on stderr.
    (isolated_home / ".asoundrc").write_text("pcm.!default { type no_such_plugin }\n")
    result = run_py(
        """
        from rls_stretch.sound.cues import CuePlayer
        from rls_stretch.sound.backends import SimpleaudioBackend, choose_backend
        assert not SimpleaudioBackend().available()
        player = CuePlayer(choose_backend())
        print(player.backend_name, player.play("tick"))
        """,
        isolated_home,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["silent", "silent"]
    assert result.stderr == ""


# --- external player --------------------------------------------------------------------


@pytest.mark.audio
@needs_aplay
def test_aplay_plays_the_sound_file_into_alsa(isolated_home: Path):
    raw = isolated_home / "alsa.raw"
    file_device(isolated_home, str(raw))  # aplay is a child: it reads this HOME itself
    backend = make_backend("aplay")
    assert backend.available()
    for volume in (1.0, 0.3):
        player = CuePlayer(backend, volume=volume)
        assert player.play("switch") == "aplay"
        player.wait(10)
        got = raw.read_bytes()
        want = scale_frames(wav_frames("switch"), volume)
        # aplay pads the last period with silence
        assert got.startswith(want) and not got[len(want) :].strip(b"\0")
    assert backend.healthy()


def test_player_returns_at_once_and_reaps_its_child(tmp_path: Path):
    backend = PlayerBackend("sleeper", [sys.executable, "-c", "import time; time.sleep(30)"])
    player = CuePlayer(backend)
    assert player.play("done") == "sleeper"
    assert backend.busy()  # still sleeping: play() did not wait
    child = backend._child
    assert child is not None
    child.kill()  # our own child, by its handle
    backend.wait(5)
    assert not backend.busy() and backend.healthy()  # killed by a signal is not a failure


# --- falling back mid-routine -----------------------------------------------------------


class FlakySimpleaudio:
    """Stands in for the simpleaudio module: works until `broken`, then raises like
    _simpleaudio.SimpleaudioError does when the device is gone."""

    def __init__(self) -> None:
        self.broken = False
        self.calls = 0

    def play_buffer(self, data, channels, width, rate):
        self.calls += 1
        if self.broken:
            raise RuntimeError("Error opening PCM device. -- CODE: -19 -- MSG: No such device")
        return SimpleNamespace(is_playing=lambda: False)


def far_apart():
    """A clock for the sound queue on which every cue comes long after the last one ended
    (these tests are about fall-backs and files, not about the queue)."""
    t = [0.0]

    def now() -> float:
        t[0] += 100.0
        return t[0]

    return now


def cue_event(name: str) -> SimpleNamespace:
    return SimpleNamespace(kind="cue", cue=name)


def test_a_backend_failing_mid_routine_falls_back_and_stays_there():
    fake = FlakySimpleaudio()
    sa = SimpleaudioBackend()
    sa._sa = fake
    recorder = RecorderBackend()
    sa.fallback = recorder
    changes: list[str] = []
    player = CuePlayer(sa, on_change=changes.append, clock=far_apart())
    routine = ["prepare", "start", "tick", "tick", "switch", "halfway", "tick", "rest", "done"]

    results = []
    for i, cue in enumerate(routine):
        if i == 3:
            fake.broken = True  # the headphones are unplugged
        results.append(player.on_event(cue_event(cue)))
        player.on_event(SimpleNamespace(kind="segment"))  # other events are ignored
    assert results == ["simpleaudio"] * 3 + ["recorder"] * 6
    assert recorder.played == routine[3:]  # the cue that failed was not lost
    assert player.backend_name == "recorder" and changes == ["recorder"]
    assert fake.calls == 4  # the broken backend is not tried again
    assert "No such device" in (player.last_error or "")


def test_a_failure_while_our_sound_still_plays_is_not_a_fall_back():
    # A device without mixing is busy while our previous cue plays: that cue goes to the
    # next backend, but the good backend is kept for the rest of the routine.
    class Busy(RecorderBackend):
        name = "busy"
        fail_next = False

        def busy(self) -> bool:
            return self.fail_next

        def play(self, sound: Sound) -> None:
            if self.fail_next:
                self.fail_next = False
                raise RuntimeError("Device or resource busy")
            super().play(sound)

    first, second = Busy(), RecorderBackend()
    first.fallback = second
    player = CuePlayer(first, clock=far_apart())
    first.fail_next = True
    assert player.play("tick") == "recorder"
    assert player.backend_name == "busy"
    assert player.play("tick") == "busy"


def test_a_missing_player_or_one_that_fails_hands_over():
    gone = PlayerBackend("gone", ["/nonexistent/player"])
    failing = PlayerBackend("failing", ["false"])
    recorder = RecorderBackend()
    gone.fallback, failing.fallback = failing, recorder
    player = CuePlayer(gone, clock=far_apart())
    assert player.play("tick") == "failing"  # the missing one fails at once
    assert player.backend_name == "failing"
    failing.wait(5)  # `false` exits 1: discovered when reaped, at the next cue
    assert player.play("tick") == "recorder"
    assert player.backend_name == "recorder" and recorder.played == ["tick"]


def test_the_end_of_the_chain_is_silence():
    class Broken(Backend):
        name = "broken"

        def play(self, sound: Sound) -> None:
            raise OSError("nope")

    player = CuePlayer(Broken())
    assert player.play("done") == "silent"
    assert player.backend_name == "silent"


# --- sound files made before the routine, not at a cue -------------------------------------


def copying_player(out: Path) -> PlayerBackend:
    """A real external player (a child process per sound) that copies the file it is given
    into `out`, numbered: what it read is what a person would hear."""
    out.mkdir()
    code = (
        "import shutil, sys, pathlib; o = pathlib.Path(sys.argv[1]);"
        "shutil.copy(sys.argv[2], o / f'{len(list(o.iterdir())):02d}.wav')"
    )
    return PlayerBackend("copier", [sys.executable, "-c", code, str(out)])


def cache_files() -> set[Path]:
    """The WAV files written for external players (the scaled frames kept beside them for
    the next start are not counted)."""
    root = audio_paths.cache_dir()
    return {p for p in root.rglob("*") if p.is_file() and p.suffix == ".wav"}


@contextlib.contextmanager
def no_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Writing or scaling a sound fails inside this block (and only there: a scoped context,
    so the autouse HOME isolation stays patched)."""

    def no(*args: object, **kw: object) -> None:
        raise AssertionError("a sound file was written on the cue path")

    with monkeypatch.context() as m:
        m.setattr(sound_volume, "write_wav", no)
        m.setattr(sound_volume, "scale_frames", no)
        yield


def test_a_file_player_gets_its_files_up_front_and_play_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "heard"
    backend = copying_player(out)
    assert not cache_files()
    player = CuePlayer(backend, volume=0.8, clock=far_apart())  # the settings' default volume
    made = cache_files()
    assert len(made) == len(CUES)  # every cue, before the first one is played
    with no_writes(monkeypatch):
        for cue in CUES:
            assert player.play(cue) == "copier"
            backend.wait(10)
    assert cache_files() == made  # nothing more was written (nor scaled) while playing
    heard = sorted(out.iterdir())
    assert len(heard) == len(CUES)
    for cue, path in zip(CUES, heard, strict=True):
        with wave.open(str(path), "rb") as w:
            assert w.readframes(w.getnframes()) == scale_frames(wav_frames(cue), 0.8), cue

    player.volume = 0.5  # the setter makes this volume's files at once
    assert len(cache_files()) == 2 * len(CUES)
    with no_writes(monkeypatch):
        player.play("tick")
        player.volume = 0.8  # back: kept from before
        player.play("tick")
    # another run: the cached files are reused
    again = CuePlayer(backend, volume=0.8, clock=far_apart())
    again.play("tick")
    backend.wait(10)
    assert backend.healthy() and len(cache_files()) == 2 * len(CUES)


def test_a_file_player_gets_the_other_profiles_files_when_it_switches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    backend = copying_player(tmp_path / "heard")
    player = CuePlayer(backend, volume=0.6, clock=far_apart())
    player.set_profile("gentle")
    player.set_profile("standard")
    assert len(cache_files()) == 2 * len(CUES)
    with no_writes(monkeypatch):
        for profile in ("gentle", "standard", "gentle"):
            player.set_profile(profile)  # a key press at night: no loading, scaling, writing
            assert player.play("done") == "copier"
            backend.wait(10)  # one child at a time
    backend.wait(10)
    assert backend.healthy()


def test_at_volume_is_the_sound_itself_at_full_volume_and_a_cached_file_below(
    monkeypatch: pytest.MonkeyPatch,
):
    full = audio.load_sounds()["tick"]
    assert at_volume(full, 1.0) is full and at_volume(full, 1.5, file=True) is full
    quiet = at_volume(full, 0.3)
    assert quiet.frames == scale_frames(full.frames, 0.3) and quiet.path is None
    filed = at_volume(full, 0.3, file=True)
    assert filed.frames == quiet.frames and filed.path is not None
    assert filed.path.parent == audio_paths.cache_dir() / "sounds"
    with wave.open(str(filed.path), "rb") as w:
        assert w.readframes(w.getnframes()) == quiet.frames
        assert (w.getframerate(), w.getnchannels()) == (full.rate, full.channels)
    made = filed.path.stat().st_mtime_ns
    with monkeypatch.context() as m:
        m.setattr(sound_volume, "write_wav", None)  # would fail if called
        assert at_volume(full, 0.3, file=True).path == filed.path  # same content: reused
    assert filed.path.stat().st_mtime_ns == made


def test_a_damaged_cached_file_is_written_again():
    full = audio.load_sounds()["tick"]
    path = at_volume(full, 0.3, file=True).path
    assert path is not None
    path.write_bytes(path.read_bytes()[:100])  # cut short, e.g. by a crash elsewhere
    assert at_volume(full, 0.3, file=True).path == path
    with wave.open(str(path), "rb") as w:
        assert w.readframes(w.getnframes()) == scale_frames(full.frames, 0.3)


# --- bell, mute, volume, choosing -------------------------------------------------------


def test_bell_writes_bel_and_calls_the_flash():
    stream, flashes = io.StringIO(), []
    player = CuePlayer(BellBackend(stream=stream))
    player.flash = flashes.append
    assert player.play("switch") == "bell"
    assert player.play("tick") == "bell"
    assert stream.getvalue() == "\a\a"
    assert flashes == ["switch", "tick"]


def test_bell_is_unavailable_without_a_terminal():
    assert BellBackend(stream=io.StringIO()).available()
    if not (sys.__stdout__ and sys.__stdout__.isatty()) and not (
        sys.__stderr__ and sys.__stderr__.isatty()
    ):
        assert not BellBackend().available()


def test_muted_plays_nothing():
    recorder = RecorderBackend()
    player = CuePlayer(recorder, muted=True)
    assert player.play("tick") == "muted"
    assert player.on_event(cue_event("done")) == "muted"
    assert recorder.played == []
    assert player.toggle_mute() is False
    assert player.play("tick") == "recorder"
    player.mute()
    assert player.play("tick") == "muted"
    player.unmute()
    assert player.play("rest") == "recorder"
    assert recorder.played == ["tick", "rest"]


def test_unknown_cue_plays_nothing_and_does_not_raise():
    recorder = RecorderBackend()
    assert CuePlayer(recorder).play("trumpet") == "none"
    assert recorder.played == []


def test_annotate_names_the_backend_for_the_events_log():
    player = CuePlayer(RecorderBackend())
    event = cue_event("tick")
    player.on_event(event)
    assert player.annotate(event) == {"backend": "recorder"}
    assert player.annotate(cue_event("tick")) is None  # another event


def test_volume_scales_samples_and_is_cached():
    frames = (1000).to_bytes(2, "little", signed=True) + (-2000).to_bytes(2, "little", signed=True)
    assert scale_frames(frames, 1.0) is frames
    half = scale_frames(frames, 0.5)
    assert [int.from_bytes(half[i : i + 2], "little", signed=True) for i in (0, 2)] == [500, -1000]

    class Keep(RecorderBackend):
        def play(self, sound: Sound) -> None:
            self.sounds.append(sound)

    keep = Keep()
    keep.sounds = []
    player = CuePlayer(keep, volume=0.25)
    player.play("tick")
    player.volume = 1.0
    player.play("tick")
    player.volume = 0.25
    player.play("tick")
    a, b, c = (s.frames for s in keep.sounds)
    assert b == wav_frames("tick") and a == scale_frames(b, 0.25) and a is c


def test_gentle_profile_loads_the_gentle_files():
    class Keep(RecorderBackend):
        def play(self, sound: Sound) -> None:
            self.frames = sound.frames

    keep = Keep()
    CuePlayer(keep, profile="gentle").play("done")
    assert keep.frames == wav_frames("done", "gentle") != wav_frames("done")


def test_set_profile_switches_sounds_loading_each_profile_once(tmp_path: Path):
    sounds = tmp_path / "sounds"
    shutil.copytree(audio.profile_dir("standard"), sounds)

    class Keep(RecorderBackend):
        def play(self, sound: Sound) -> None:
            self.frames = sound.frames

    keep = Keep()
    player = CuePlayer(keep, sounds_dir=sounds)
    heard = {}
    for profile in ("standard", "gentle", "standard", "gentle"):
        player.set_profile(profile)
        assert player.profile == profile
        player.play("done")
        heard.setdefault(profile, keep.frames)
        assert keep.frames == heard[profile] == wav_frames("done", profile)
        if profile == "gentle" and sounds.exists():
            shutil.rmtree(sounds)  # both profiles are loaded: the files are not read again
    with pytest.raises(ValueError, match="unknown sound profile"):
        player.set_profile("loud")
    assert player.profile == "gentle"
    player.profile = "standard"  # the attribute the TUI reads switches too
    player.play("done")
    assert keep.frames == wav_frames("done")


def test_choose_backend_honours_prefer_and_the_environment(monkeypatch: pytest.MonkeyPatch):
    assert choose_backend("recorder").name == "recorder"
    monkeypatch.setenv("RLS_STRETCH_AUDIO", "silent")
    assert choose_backend().name == "silent"
    with pytest.raises(UsageError, match="unknown audio backend"):
        choose_backend("gramophone")
    chain, b = [], choose_backend("recorder")
    while b is not None:
        chain.append(b.name)
        b = b.fallback
    if sys.platform.startswith("linux"):  # the rest, in order, behind the preferred one
        players = [p for p in ("pw-play", "paplay", "aplay") if shutil.which(p)]  # installed
        assert chain == ["recorder", "miniaudio", "simpleaudio", *players, "bell", "silent"]


def test_sounds_command_plays_every_cue_and_names_the_backend():
    recorder = RecorderBackend()
    out = io.StringIO()
    assert sounds_command(out=out, player=CuePlayer(recorder), gap=0) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == "Backend: recorder"
    assert lines[1:] == [f"{cue} — {desc}" for cue, desc in CUES.items()]
    assert recorder.played == list(CUES)
    assert any(line.startswith("tick — short high click") for line in lines)


def test_sounds_command_silent_says_so():
    out = io.StringIO()
    assert sounds_command(out=out, player=CuePlayer(SilentBackend()), gap=0) == 0
    assert out.getvalue().startswith("Backend: silent (")


def test_audio_does_not_import_textual():
    code = "import sys, rls_stretch.sound.cues; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "False", out.stderr
