"""What every sound backend is: the Sound it plays and the Backend interface (the backends
themselves are in sound.backends and sound.device)."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path


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
        self.why_not: str | None = None  # why available() said no, for `rls-stretch sounds`
        self.passed_over: tuple[Backend, ...] = ()  # tried before this one was chosen

    def available(self) -> bool:
        """Can this backend play here? Called once at start; may take a moment."""
        return True

    def play(self, sound: Sound) -> None:
        """Start playing and return at once; raise BackendFailed if it cannot."""

    def present(self) -> bool:
        """Cheap: is it installed at all? (A missing player is left out of the chain.)"""
        return True

    def expect(self, at: float) -> None:
        """A sound is due at monotonic time `at` (a backend may get its device ready)."""

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


def write_wav(path: Path, frames: bytes, rate: int = 22050, channels: int = 1) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)


