"""The ways a cue can reach a person's ears, best first, and how to pick one at start.

miniaudio (in-process, sound.device) -> simpleaudio (in-process, only where it is safe)
-> the platform's player (pw-play, paplay, aplay / afplay / winsound) -> the terminal bell
(plus a screen flash the TUI can hook) -> silence. A backend passed over keeps the reason
in `why_not`, which `rls-stretch sounds` prints.
`choose_backend` probes them in that order and links the rest behind the winner as
`.fallback`, so a backend that fails mid-routine hands over without a pause and without
an exception (see audio.CuePlayer). Nothing here blocks: players run as child processes
that are reaped later, simpleaudio plays on its own thread.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from rls_stretch.routine.errors import UsageError
from rls_stretch.sound.alsa_quiet import silence_alsa
from rls_stretch.sound.base import Backend, BackendFailed, Sound, write_wav
from rls_stretch.sound.device import MiniaudioBackend
from rls_stretch.sound.players import PLAY_MARGIN, PROBE_TIMEOUT, PlayerBackend

__all__ = ["PLAY_MARGIN", "PROBE_TIMEOUT", "Backend", "BackendFailed", "MiniaudioBackend",
           "PlayerBackend", "Sound", "write_wav"]

ENV_VAR = "RLS_STRETCH_AUDIO"  # e.g. RLS_STRETCH_AUDIO=silent for tests and quiet rooms


def simpleaudio_unsafe() -> str | None:
    """Why simpleaudio must not be used here, or None when it may.

    simpleaudio 1.0.4 (2019, archived) calls PyMem_Malloc without the GIL on its audio
    thread: on CPython 3.12 and newer that crashes the interpreter after playback. The
    fork simpleaudio-patched fixes it (and installs the same `simpleaudio` module).
    """
    if importlib.util.find_spec("simpleaudio") is None:
        return "simpleaudio is not installed"
    if sys.version_info < (3, 12):
        return None
    from importlib import metadata  # only here: some 10 ms to import

    try:
        metadata.distribution("simpleaudio-patched")
    except metadata.PackageNotFoundError:
        return ("passed over: simpleaudio 1.0.4 crashes Python 3.12 and newer after "
                "playback (simpleaudio-patched does not)")
    return None


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
        self.why_not = simpleaudio_unsafe()
        if self.why_not is not None:
            return False
        try:
            # 10 ms of silence: the only portable way to ask whether the device opens.
            self._playing.append(self._module().play_buffer(b"\0\0" * 220, 1, 2, 22050))
        except Exception as exc:  # BackendFailed, SimpleaudioError (no device), ...
            self.why_not = f"simpleaudio: {exc}"
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
    return ["miniaudio", "simpleaudio", *players, "bell", "silent", "recorder"]


def make_backend(name: str) -> Backend:
    players = dict(_players())
    if name == "miniaudio":
        return MiniaudioBackend()
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
    passed: list[Backend] = []
    for i, backend in enumerate(chain):
        if backend.available():
            rest = [b for b in chain[i + 1 :] if b.present()]
            for a, b in itertools.pairwise([backend, *rest]):
                a.fallback = b
            backend.passed_over = tuple(passed)
            return backend
        passed.append(backend)
    silent = SilentBackend()
    silent.passed_over = tuple(passed)
    return silent
