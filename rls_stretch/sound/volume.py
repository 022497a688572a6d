"""A sound at the person's volume, made before it is needed: the cue player and the voice
both use `at_volume`, so playing a cue or a word at an event is a lookup, never arithmetic
and never a file write.

Scaling is plain Python over 16-bit samples (some tens of milliseconds for a profile's
cues), so it happens when sounds are loaded, rendered or the volume changes. External
players (pw-play, paplay, aplay, afplay, winsound) play files: with `file=True` the scaled
frames are also kept as a WAV in the cache, named by a hash of its content, so a file that
is already there (from an earlier run, or the other user of this module) is reused as is.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from array import array
from dataclasses import replace
from pathlib import Path

from rls_stretch import paths
from rls_stretch.sound.backends import Backend, Sound, write_wav

WAV_HEADER = 44  # bytes before the frames in a PCM WAV written by the wave module


def level(volume: float) -> float:
    """`volume` as the cue player keeps it: 0..1 in steps of 0.01 (what is cached)."""
    return round(min(1.0, max(0.0, float(volume))), 2)


def scale_frames(frames: bytes, volume: float) -> bytes:
    """16-bit little-endian samples times `volume` (0..1); 1.0 gives the very same bytes."""
    if volume >= 1.0:
        return frames
    samples = array("h")
    samples.frombytes(frames)
    if sys.byteorder == "big":
        samples.byteswap()
    scaled = array("h", (int(v * volume) for v in samples))
    if sys.byteorder == "big":
        scaled.byteswap()
    return scaled.tobytes()


def needs_files(backend: Backend | None) -> bool:
    """Does `backend`, or one it may fall back to, play from files?"""
    while backend is not None:
        if backend.needs_file:
            return True
        backend = backend.fallback
    return False


def at_volume(sound: Sound, volume: float, *, file: bool = False) -> Sound:
    """`sound` at `volume`: the very same Sound (and file) at full volume, else one with
    scaled frames; with `file`, its `path` is a cached WAV of exactly those frames (None
    if no cache directory can be written: a file player then fails over to the next).

    The scaled frames of a sound read from a file are kept in the cache dir too, named by
    that file's path, size and time and the volume: scaling in Python costs some tens of
    milliseconds a profile, which a start-up (the TUI's first frame) should not wait for.
    """
    volume = level(volume)
    if volume >= 1.0:
        return sound
    scaled = replace(sound, frames=_scaled_frames(sound, volume), path=None)
    return with_file(scaled) if file else scaled


def _scaled_frames(sound: Sound, volume: float) -> bytes:
    key = _scaled_key(sound, volume)
    if key is None:
        return scale_frames(sound.frames, volume)
    for root in cache_roots():
        path = root / key
        try:
            data = path.read_bytes()
            if len(data) == len(sound.frames):
                return data
        except OSError:
            pass
        frames = scale_frames(sound.frames, volume)
        try:
            root.mkdir(parents=True, exist_ok=True)
            fd, new = tempfile.mkstemp(prefix=".new-", suffix=".raw", dir=root)
            with os.fdopen(fd, "wb") as f:
                f.write(frames)
            os.replace(new, path)
        except OSError:
            continue
        return frames
    return scale_frames(sound.frames, volume)


def _scaled_key(sound: Sound, volume: float) -> str | None:
    """A cache name for `sound` (read from its file, unchanged since) at `volume`."""
    if sound.path is None:
        return None
    try:
        st = sound.path.stat()
    except OSError:
        return None
    ident = f"{sound.path.resolve()}:{st.st_size}:{st.st_mtime_ns}:{len(sound.frames)}:{volume}"
    return f"scaled-{hashlib.sha1(ident.encode()).hexdigest()}.raw"


def with_file(sound: Sound) -> Sound:
    """`sound` with `path` set to a cached WAV holding its frames (unchanged if it has a
    path); the file is written only when no complete file of that content is there yet."""
    if sound.path is not None:
        return sound
    # Named by content alone: the same frames from the cue player and the voice share it.
    key = hashlib.sha1(f"{sound.rate}:{sound.channels}:".encode() + sound.frames).hexdigest()
    name = f"{key}.wav"
    for root in cache_roots():
        path = root / name
        try:
            paths.sweep_stale(root)  # what a killed run left half-written, once a run
            if not _complete(path, sound):
                root.mkdir(parents=True, exist_ok=True)
                _write(path, sound)
        except OSError:
            continue
        return replace(sound, path=path)
    return sound


def cache_roots() -> list[Path]:
    """Where scaled sound files go: the user's cache dir, else the temporary dir."""
    return [paths.cache_dir() / "sounds", Path(tempfile.gettempdir()) / "rls-stretch" / "sounds"]


def _complete(path: Path, sound: Sound) -> bool:
    try:
        return path.stat().st_size == WAV_HEADER + len(sound.frames)
    except OSError:
        return False


def _write(path: Path, sound: Sound) -> None:
    # Whole or not at all: another run may be reading the same name.
    fd, new = tempfile.mkstemp(suffix=".wav", prefix=".new-", dir=path.parent)
    os.close(fd)
    try:
        write_wav(Path(new), sound.frames, sound.rate, sound.channels)
        os.replace(new, path)
    finally:
        Path(new).unlink(missing_ok=True)
