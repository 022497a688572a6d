"""The ways a cue can reach a person's ears, best first, and how to pick one at start.

simpleaudio (in-process) -> the platform's player (pw-play, paplay, aplay / afplay /
winsound) -> the terminal bell (plus a screen flash the TUI can hook) -> silence.
`choose_backend` probes them in that order and links the rest behind the winner as
`.fallback`, so a backend that fails mid-routine hands over without a pause and without
an exception (see audio.CuePlayer). Nothing here blocks: players run as child processes
that are reaped later, simpleaudio plays on its own thread.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from rls_stretch.routine.errors import UsageError
from rls_stretch.sound.alsa_quiet import silence_alsa

ENV_VAR = "RLS_STRETCH_AUDIO"  # e.g. RLS_STRETCH_AUDIO=silent for tests and quiet rooms


class BackendFailed(Exception):
    """A backend could not play a sound; the player moves on to the next one."""


@dataclass(frozen=True)
class Sound:
    """One cue's audio: PCM frames (little-endian) and a WAV file holding the same frames."""

    name: str
    frames: bytes
    rate: int = 22050
    channels: int = 1
    width: int = 2
    path: Path | None = None

    @property
    def seconds(self) -> float:
        return len(self.frames) / (self.rate * self.channels * self.width)


class Backend:
    """Plays sounds without blocking. Subclasses override what they need."""

    name = "?"
    needs_file = False  # plays from `Sound.path` rather than from memory

    def __init__(self) -> None:
        self.fallback: Backend | None = None

    def available(self) -> bool:
        """Can this backend play here? Called once at start; may take a moment."""
        return True

    def play(self, sound: Sound) -> None:
        """Start playing and return at once; raise BackendFailed if it cannot."""

    def busy(self) -> bool:
        """Is one of our sounds still playing? (A failure then may be just a busy device.)"""
        return False

    def healthy(self) -> bool:
        """False once an earlier playback is known to have failed after it started."""
        return True

    def wait(self, timeout: float) -> bool:
        """Wait for our sounds to end; False if this backend cannot tell when they do."""
        return True

    def close(self) -> None:
        """Forget finished work. Sounds still playing are left to finish."""


class SimpleaudioBackend(Backend):
    """In-process playback: simpleaudio's play_buffer starts a thread and returns."""

    name = "simpleaudio"

    def __init__(self) -> None:
        super().__init__()
        self._sa: Any = None
        self._playing: list[Any] = []

    def _module(self) -> Any:
        if self._sa is None:
            silence_alsa()  # before simpleaudio first touches libasound
            try:
                import simpleaudio
            except ImportError as exc:
                raise BackendFailed("simpleaudio is not installed") from exc
            self._sa = simpleaudio
        return self._sa

    def available(self) -> bool:
        try:
            # 10 ms of silence: the only portable way to ask whether the device opens.
            self._playing.append(self._module().play_buffer(b"\0\0" * 220, 1, 2, 22050))
        except Exception:  # BackendFailed, _simpleaudio.SimpleaudioError (no device), ...
            return False
        return True

    def play(self, sound: Sound) -> None:
        try:
            po = self._module().play_buffer(sound.frames, sound.channels, sound.width, sound.rate)
        except BackendFailed:
            raise
        except Exception as exc:  # _simpleaudio.SimpleaudioError: device gone or busy
            raise BackendFailed(f"simpleaudio: {exc}") from exc
        self._prune()
        self._playing.append(po)
        self.last = po

    def _prune(self) -> None:
        self._playing = [p for p in self._playing if p.is_playing()]

    def busy(self) -> bool:
        self._prune()
        return bool(self._playing)

    def wait(self, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while self.busy() and time.monotonic() < end:
            time.sleep(0.02)
        return True


class PlayerBackend(Backend):
    """An external player, one child process per sound, output thrown away."""

    needs_file = True

    def __init__(self, name: str, argv: list[str]) -> None:
        super().__init__()
        self.name = name
        self.argv = argv
        self._children: list[tuple[subprocess.Popen[bytes], bool]] = []
        self._failed = False

    def _spawn(self, path: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [*self.argv, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )

    def available(self) -> bool:
        if shutil.which(self.argv[0]) is None:
            return False
        fd, name = tempfile.mkstemp(suffix=".wav", prefix="rls-stretch-probe-")
        os.close(fd)
        try:
            write_wav(Path(name), b"\0\0" * 220)
            return self._spawn(Path(name)).wait(timeout=3) == 0
        except (OSError, subprocess.TimeoutExpired):
            return False
        finally:
            Path(name).unlink(missing_ok=True)

    def play(self, sound: Sound) -> None:
        if sound.path is None:
            raise BackendFailed(f"{self.name}: no file for {sound.name}")
        overlapped = self.busy()
        try:
            child = self._spawn(sound.path)
        except OSError as exc:  # the player was removed, or cannot start
            raise BackendFailed(f"{self.name}: {exc}") from exc
        self._children.append((child, overlapped))

    def _reap(self) -> None:
        alive = []
        for child, overlapped in self._children:
            code = child.poll()
            if code is None:
                alive.append((child, overlapped))
            elif code > 0 and not overlapped:
                # Failed on its own (not a busy device, not a signal such as Ctrl+C).
                self._failed = True
        self._children = alive

    def busy(self) -> bool:
        self._reap()
        return bool(self._children)

    def healthy(self) -> bool:
        self._reap()
        return not self._failed

    def wait(self, timeout: float) -> bool:
        end = time.monotonic() + timeout
        for child, _ in list(self._children):
            try:
                child.wait(timeout=max(0.0, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                break
        self._reap()
        return True

    def close(self) -> None:
        self._reap()


class WinsoundBackend(Backend):
    """Windows: winsound plays a file asynchronously (it cannot do memory + async)."""

    name = "winsound"
    needs_file = True

    def available(self) -> bool:
        try:
            import winsound  # noqa: F401
        except ImportError:
            return False
        return True

    def play(self, sound: Sound) -> None:
        try:
            import winsound

            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            winsound.PlaySound(str(sound.path), flags)
        except Exception as exc:
            raise BackendFailed(f"winsound: {exc}") from exc


def _terminal() -> TextIO | None:
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None and stream.isatty():
                return stream
        except (ValueError, OSError):
            continue
    return None


class BellBackend(Backend):
    """The terminal bell: one BEL per cue, and `flash(cue)` so the TUI can flash the screen."""

    name = "bell"

    def __init__(
        self, stream: TextIO | None = None, flash: Callable[[str], None] | None = None
    ) -> None:
        super().__init__()
        self.stream = stream
        self.flash = flash

    def _stream(self) -> TextIO | None:
        return self.stream if self.stream is not None else _terminal()

    def available(self) -> bool:
        return self._stream() is not None

    def play(self, sound: Sound) -> None:
        stream = self._stream()
        if stream is None:
            raise BackendFailed("bell: no terminal")
        try:
            stream.write("\a")
            stream.flush()
        except (OSError, ValueError) as exc:
            raise BackendFailed(f"bell: {exc}") from exc
        if self.flash is not None:
            try:
                self.flash(sound.name)
            except Exception:  # a broken flash must not stop the routine
                pass

    def wait(self, timeout: float) -> bool:
        return False


class SilentBackend(Backend):
    """No sound at all: the routine still runs, the screen still shows every cue."""

    name = "silent"


class RecorderBackend(Backend):
    """Remembers what it was asked to play: for tests of the session, TUI and events log."""

    name = "recorder"

    def __init__(self) -> None:
        super().__init__()
        self.played: list[str] = []

    def play(self, sound: Sound) -> None:
        self.played.append(sound.name)


def write_wav(path: Path, frames: bytes, rate: int = 22050, channels: int = 1) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)


def _players() -> list[tuple[str, list[str]]]:
    if sys.platform == "darwin":
        return [("afplay", ["afplay"])]
    if sys.platform.startswith("win"):
        return []
    return [("pw-play", ["pw-play"]), ("paplay", ["paplay"]), ("aplay", ["aplay", "-q"])]


def backend_names() -> list[str]:
    """Every backend name this platform knows, in the order they are tried."""
    players = [name for name, _ in _players()]
    if sys.platform.startswith("win"):
        players = ["winsound"]
    return ["simpleaudio", *players, "bell", "silent", "recorder"]


def make_backend(name: str) -> Backend:
    players = dict(_players())
    if name == "simpleaudio":
        return SimpleaudioBackend()
    if name in players:
        return PlayerBackend(name, players[name])
    if name == "winsound":
        return WinsoundBackend()
    if name == "bell":
        return BellBackend()
    if name == "silent":
        return SilentBackend()
    if name == "recorder":
        return RecorderBackend()
    known = ", ".join(backend_names())
    raise UsageError(f"unknown audio backend {name!r} (expected one of: {known})")


def candidates(prefer: str | None = None) -> list[Backend]:
    """Unprobed backends in the order to try them; `prefer` first when given."""
    order = [n for n in backend_names() if n != "recorder"]
    if prefer:
        make_backend(prefer)  # raises for an unknown name
        order = [prefer, *(n for n in order if n != prefer)]
    return [make_backend(n) for n in order]


def choose_backend(prefer: str | None = None) -> Backend:
    """The first backend that works here, with the rest linked behind it as `.fallback`.

    `prefer` (or the RLS_STRETCH_AUDIO environment variable) names one to try first.
    """
    prefer = prefer or os.environ.get(ENV_VAR) or None
    chain = candidates(prefer)
    for i, backend in enumerate(chain):
        if backend.available():
            rest = chain[i + 1 :]
            for a, b in itertools.pairwise([backend, *rest]):
                a.fallback = b
            return backend
    return SilentBackend()
