"""Turning a phrase into speech, once: find the engine (espeak-ng or espeak on Linux, `say`
on macOS), run it to a WAV in the cache dir named by a hash of engine, settings and text,
and load that WAV as a Sound with espeak's silent lead-in and tail trimmed off.

The voice (speech.Voice) calls `render` on its background thread; nothing here is on the
path of a session event.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from collections.abc import Sequence
from pathlib import Path

from rls_stretch import paths
from rls_stretch.sound.backends import Sound, write_wav
from rls_stretch.sound.volume import scale_frames

DEFAULT_RATE = 140  # words per minute: slower than espeak's 175, for bedtime
RENDER_TIMEOUT = 10.0
FORMAT = 1  # bump when the conversion below changes, so old cache files are not reused
QUIET = 300  # |sample| below this is silence when trimming espeak's lead-in and tail


class RenderError(Exception):
    """The engine could not turn a phrase into a usable WAV."""


def find_engine() -> list[str] | None:
    """The command that renders speech here: espeak-ng or espeak, `say` on macOS, or None."""
    names = ("say",) if sys.platform == "darwin" else ("espeak-ng", "espeak")
    for name in names:
        found = shutil.which(name)
        if found:
            return [found]
    return None


def _is_say(engine: Sequence[str]) -> bool:
    return Path(engine[0]).name == "say"


def clean(text: str) -> str:
    """One line, and no leading dash an engine could read as an option."""
    return re.sub(r"\s+", " ", text).strip().lstrip("-").strip()


def render(text: str, engine: Sequence[str], *, rate: int = DEFAULT_RATE, volume: float = 1.0,
           cache: Path | None = None) -> Sound:
    """The phrase as a Sound whose `path` is its cached WAV; runs the engine only once."""
    text = clean(text)
    if not text:
        raise RenderError("nothing to say")
    amplitude = round(100 * min(2.0, max(0.0, volume)))
    key = json.dumps([FORMAT, list(engine), rate, amplitude, text])
    name = hashlib.sha1(key.encode()).hexdigest() + ".wav"
    roots = [cache] if cache is not None else [
        paths.cache_dir() / "voice", Path(tempfile.gettempdir()) / "rls-stretch" / "voice"]
    for root in roots:
        paths.sweep_stale(root)  # what a killed run left half-written, once a run
        path = root / name
        if path.is_file():
            try:
                return _load(path, text)
            except RenderError:
                pass  # a damaged cache file: render it again
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        return _render_to(path, text, engine, rate, amplitude)
    raise RenderError("no writable cache directory for the voice")


def _render_to(path: Path, text: str, engine: Sequence[str], rate: int,
               amplitude: int) -> Sound:
    fd, raw = tempfile.mkstemp(suffix=".wav", prefix=".raw-", dir=path.parent)
    os.close(fd)
    fd, done = tempfile.mkstemp(suffix=".wav", prefix=".new-", dir=path.parent)
    os.close(fd)
    if _is_say(engine):
        argv = [*engine, "-r", str(rate), "-o", raw, "--data-format=LEI16@22050", text]
    else:
        argv = [*engine, "-w", raw, "-s", str(rate), "-a", str(amplitude), "--", text]
    try:
        try:
            subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=RENDER_TIMEOUT, check=True)
        except subprocess.CalledProcessError as exc:
            why = exc.stderr.decode(errors="replace").strip().splitlines()
            raise RenderError(why[-1] if why else f"exit status {exc.returncode}") from exc
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RenderError(str(exc)) from exc
        sound = _load(Path(raw), text)
        frames = _trim(sound.frames, sound.channels)
        if _is_say(engine) and amplitude != 100:  # `say` has no volume of its own
            frames = scale_frames(frames, amplitude / 100)
        write_wav(Path(done), frames, sound.rate, sound.channels)
        os.replace(done, path)  # whole or not at all, for a second reader
    except OSError as exc:
        raise RenderError(str(exc)) from exc
    finally:
        for leftover in (raw, done):
            Path(leftover).unlink(missing_ok=True)
    return _load(path, text)


def _load(path: Path, text: str) -> Sound:
    try:
        with wave.open(str(path), "rb") as w:
            if w.getsampwidth() != 2:
                raise RenderError(f"{path.name}: {8 * w.getsampwidth()}-bit audio, not 16-bit")
            frames = w.readframes(w.getnframes())
            rate, channels = w.getframerate(), w.getnchannels()
    except (OSError, EOFError, wave.Error) as exc:
        raise RenderError(f"{path.name}: {exc}") from exc
    if not frames:
        raise RenderError(f"{path.name}: no audio")
    return Sound(f"voice: {text}", frames, rate, channels, 2, path)


def _trim(frames: bytes, channels: int) -> bytes:
    """Without espeak's silent lead-in and half-second tail, so a phrase's length is the
    time it really speaks (the fit before the ticks is judged on it)."""
    samples = array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    loud = [i for i, v in enumerate(samples) if abs(v) > QUIET]
    if not loud:
        return frames
    width = 2 * channels
    return frames[loud[0] // channels * width:(loud[-1] // channels + 1) * width]
