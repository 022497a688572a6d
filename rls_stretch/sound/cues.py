"""Cue sounds for a person whose eyes are closed: which sound means what, and playing them.

The sounds are made by scripts/make_sounds.py (sounds/ and sounds/gentle/). CuePlayer loads
them once, plays a cue by name on the backend chosen at start (sound.backends) through one
queue shared with the voice (sound.queue: never two sounds at once), never blocks the
caller, and when a backend fails mid-routine moves to the next one and stays there, telling
its listeners once (`on_fallback`), so the routine goes on and the person hears or reads
what happened. After each cue it tells the backend when the next one is due, so miniaudio
can have its device open in time.
Everything a cue needs (its frames at the volume, and the file an external player reads) is
made when the player is built, the volume changes or the profile first switches: a cue
itself is a lookup and a non-blocking start.
"""

from __future__ import annotations

import os
import sys
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from rls_stretch import paths
from rls_stretch.sound.backends import (
    Backend,
    BackendFailed,
    BellBackend,
    RecorderBackend,
    SilentBackend,
    Sound,
    choose_backend,
)
from rls_stretch.sound.queue import SoundQueue
from rls_stretch.sound.volume import at_volume, level, needs_files, scale_frames, with_file

__all__ = [
    "CUES",
    "PROFILES",
    "Backend",
    "BackendFailed",
    "CuePlayer",
    "RecorderBackend",
    "Sound",
    "choose_backend",
    "load_sounds",
    "scale_frames",
    "sounds_command",
]

# What each cue sounds like and means, in the order `rls-stretch sounds` plays them.
CUES: dict[str, str] = {
    "prepare": "three rising notes: get into position",
    "position": "three slow falling notes: change position (sit, kneel or lie down)",
    "start": "one bright note: begin the move",
    "tick": "short high click: 3, 2, 1 before the end",
    "halfway": "two soft notes on one pitch: halfway through",
    "switch": "two tones, high-low twice: switch sides",
    "inhale": "a rising glide: breathe in",
    "exhale": "a falling glide, a little longer: breathe out",
    "rest": "a low soft hum: rest",
    "done": "a bell ringing out: the routine is done",
    "warning": "two soft falling notes: a desk break is coming",
    "break": "two bells, low then high: time for a desk break",
}
PROFILES = ("standard", "gentle")


def profile_dir(profile: str, base: Path | None = None) -> Path:
    base = base if base is not None else paths.sounds_dir()
    return base if profile == "standard" else base / profile


def load_sounds(profile: str = "standard", base: Path | None = None) -> dict[str, Sound]:
    """Every cue WAV of a profile that can be read; a missing one simply stays silent."""
    if profile not in PROFILES:
        raise ValueError(f"unknown sound profile {profile!r} (expected one of: standard, gentle)")
    where = profile_dir(profile, base)
    sounds = {}
    for cue in CUES:
        path = where / f"{cue}.wav"
        try:
            with wave.open(str(path), "rb") as w:
                if w.getsampwidth() != 2:
                    continue
                frames = w.readframes(w.getnframes())
                sounds[cue] = Sound(cue, frames, w.getframerate(), w.getnchannels(), 2, path)
        except (OSError, EOFError, wave.Error):
            continue
    return sounds


def _walk(backend: Backend | None):
    while backend is not None:
        yield backend
        backend = backend.fallback


class CuePlayer:
    """Plays cues by name; subscribe `on_event` to the session's events.

    `play` returns the name of the backend that played the cue ("muted" when muted, "none"
    for a cue without a sound), which the events log records. `on_change(name)` is called
    after a fall-back so the TUI can update its status line; `flash` is handed to the bell.
    `set_profile` switches between the standard and gentle sounds (the night toggle).
    """

    def __init__(
        self,
        backend: Backend | None = None,
        profile: str = "standard",
        muted: bool = False,
        volume: float = 1.0,
        *,
        sounds_dir: Path | None = None,
        on_change: Callable[[str], None] | None = None,
        lead_in: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.backend = backend if backend is not None else choose_backend()
        self.queue = SoundQueue(self._start_now, lead_in=lead_in, holds=_holds, clock=clock)
        self.fallbacks: list[tuple[str, str, str]] = []  # (from, to, why), in order
        self._listeners: list[Callable[[str, str, str], None]] = []
        self._profile = profile
        self.muted = muted
        self.on_change = on_change
        self.last_error: str | None = None
        self._flash: Callable[[str], None] | None = None
        self._last: tuple[Any, str] | None = None
        self._sounds_dir = sounds_dir
        self._profiles = {profile: load_sounds(profile, sounds_dir)}
        self._base = self._profiles[profile]
        # (profile, volume) -> the cues ready to play, with files when `_files`.
        self._scaled: dict[tuple[str, float], dict[str, Sound]] = {}
        self._files = needs_files(self.backend)
        self._volume = level(volume)
        self._prepare()

    # --- state the TUI shows and changes -------------------------------------------------

    @property
    def backend_name(self) -> str:
        return self.backend.name

    @property
    def cues(self) -> list[str]:
        """The cues that have a sound."""
        return list(self._base)

    def mute(self) -> None:
        self.muted = True

    def unmute(self) -> None:
        self.muted = False

    def toggle_mute(self) -> bool:
        """Flip muting; returns True when now muted."""
        self.muted = not self.muted
        return self.muted

    @property
    def profile(self) -> str:
        """The sound profile playing: "standard" or "gentle" (setting it is set_profile)."""
        return self._profile

    @profile.setter
    def profile(self, name: str) -> None:
        self.set_profile(name)

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        # Scaled (and written, for a file player) here, so a cue never waits for either.
        self._volume = level(value)
        self._prepare()

    def set_profile(self, profile: str) -> None:
        """Play `profile`'s sounds from now on (the night toggle). Each profile is loaded
        and scaled once and kept, so switching back and forth is a lookup. Raises
        ValueError for an unknown profile."""
        if profile not in self._profiles:
            self._profiles[profile] = load_sounds(profile, self._sounds_dir)
        self._profile = profile
        self._base = self._profiles[profile]
        self._prepare()

    @property
    def flash(self) -> Callable[[str], None] | None:
        return self._flash

    @flash.setter
    def flash(self, callback: Callable[[str], None] | None) -> None:
        self._flash = callback
        for b in _walk(self.backend):
            if isinstance(b, BellBackend):
                b.flash = callback

    # --- playing ----------------------------------------------------------------------------

    def play(self, cue: str) -> str:
        """Start the cue's sound, or queue it behind the sound playing; never blocks and
        never raises for a sound problem. Returns the backend's name, "queued", "muted" or
        "none" (no sound for that cue)."""
        if self.muted:
            return "muted"
        if cue not in self._base:
            return "none"
        return self.queue.submit(self._scaled[(self.profile, self._volume)][cue], cue)

    def submit(self, sound: Sound, kind: str = "voice") -> str:
        """Play any sound (the voice's words) through the same queue as the cues."""
        if self.muted:
            return "muted"
        return self.queue.submit(sound, kind)

    def _start_now(self, sound: Sound) -> str:
        """The queue's hand: play on the current backend, else down its fall-back chain."""
        if not _healthy(self.backend):
            self._switch(self.backend.fallback, _why(self.backend, "an earlier sound failed"))
        backend: Backend | None = self.backend
        while backend is not None:
            overlapped = _busy(backend)
            try:
                backend.play(self._for(sound, backend))
                return backend.name
            except Exception as exc:  # BackendFailed, or a backend's own bug: never the routine's
                self.last_error = f"{backend.name}: {exc}"
                if backend is self.backend and not overlapped:
                    self._switch(backend.fallback, str(exc))
                # When our own sound was still playing the device may just be busy: this
                # sound goes to the next backend, but the current one is kept.
                backend = backend.fallback
        return "silent"

    def _for(self, sound: Sound, backend: Backend) -> Sound:
        if not backend.needs_file or sound.path is not None:
            return sound
        ready = self._scaled.get((self.profile, self._volume), {}).get(sound.name)
        if ready is not None and ready.frames == sound.frames:
            return self._sound(sound.name, backend)
        found = with_file(sound)
        if found.path is None:
            raise BackendFailed("cannot write the sound file an external player needs")
        return found

    def on_fallback(self, fn: Callable[[str, str, str], None]) -> None:
        """Call fn(old, new, reason) whenever the cues move to another backend."""
        self._listeners.append(fn)

    def expect_next(self, event: Any) -> None:
        """After a cue event: tell the backend when the next cue is due (open ahead)."""
        seg, cue = getattr(event, "segment", None), getattr(event, "cue", None)
        cues = getattr(seg, "cues", None)
        if seg is None or cues is None:
            return
        at = next((c.at for c in cues if c.name == getattr(cue, "name", cue)), 0.0)
        later = [c.at for c in cues if c.at > at]
        gap = (min(later) if later else seg.seconds) - at
        if gap <= 0 and not later and seg.seconds <= 0:
            return
        try:
            self.backend.expect(time.monotonic() + max(0.0, gap))
        except Exception:
            pass

    def on_event(self, event: Any) -> str | None:
        """Session subscriber: plays `event.cue` for events of kind "cue"; else ignores."""
        if getattr(event, "kind", None) != "cue":
            return None
        cue = getattr(event, "cue", None)
        cue = getattr(cue, "name", cue)  # a model.Cue or its name
        if not isinstance(cue, str):
            return None
        self._last = (event, self.play(cue))
        self.expect_next(event)
        return self._last[1]

    def annotate(self, event: Any) -> dict[str, str] | None:
        """For the events log (add_annotator): which backend played this cue event."""
        if self._last is not None and self._last[0] is event:
            if self._last[1] == "queued":
                return {"backend": self.backend.name, "queued": True}
            return {"backend": self._last[1]}
        return None

    def wait(self, timeout: float = 5.0) -> bool:
        """Block until the sounds started so far have ended (for `sounds` and tests)."""
        end = time.monotonic() + timeout
        self.queue.wait(timeout)
        return self.backend.wait(max(0.0, end - time.monotonic()))

    def close(self) -> None:
        self.queue.close()
        for b in _walk(self.backend):
            b.close()

    # --- internals --------------------------------------------------------------------------

    def _switch(self, backend: Backend | None, reason: str) -> None:
        while backend is not None and not _healthy(backend):
            backend = backend.fallback
        old = self.backend.name
        self.backend = backend if backend is not None else SilentBackend()
        self.last_error = reason
        self.fallbacks.append((old, self.backend.name, reason))
        if self.on_change is not None:
            try:
                self.on_change(self.backend.name)
            except Exception:
                pass
        for fn in self._listeners:
            try:
                fn(old, self.backend.name, reason)
            except Exception:
                pass

    def _prepare(self) -> None:
        """The current profile's cues at the current volume, with the files an external
        player reads when the backend (or one it falls back to) needs them."""
        key = (self.profile, self._volume)
        sounds = self._scaled.get(key)
        if sounds is None:
            sounds = {cue: at_volume(s, self._volume) for cue, s in self._base.items()}
        if self._files:
            sounds = {cue: with_file(s) for cue, s in sounds.items()}
        self._scaled[key] = sounds

    def _sound(self, cue: str, backend: Backend) -> Sound:
        sound = self._scaled[(self.profile, self._volume)][cue]
        if backend.needs_file and sound.path is None:
            # Only when the files could not be written up front (or a file player was
            # set as the backend later): try once more, else the next backend takes it.
            self._files = True
            self._prepare()
            sound = self._scaled[(self.profile, self._volume)][cue]
            if sound.path is None:
                raise BackendFailed("cannot write the sound files an external player needs")
        return sound


def _holds(name: str) -> bool:
    """Does a sound played by this backend take its length in real time? (A BEL, the
    recorder of the tests and silence do not hold the queue.)"""
    return name not in ("muted", "none", "silent", "bell", "recorder", "queued")


def _why(backend: Backend, default: str) -> str:
    return getattr(backend, "why_not", None) or default


def _healthy(backend: Backend) -> bool:
    try:
        return backend.healthy()
    except Exception:
        return False


def _busy(backend: Backend) -> bool:
    try:
        return backend.busy()
    except Exception:
        return False


def sounds_command(
    profile: str = "standard",
    out: TextIO | None = None,
    *,
    player: CuePlayer | None = None,
    gap: float = 0.6,
) -> int:
    """`rls-stretch sounds`: play each cue once, saying what it means, to learn them by ear."""
    out = out if out is not None else sys.stdout
    player = player if player is not None else CuePlayer(profile=profile)
    if not player.cues:
        print(f"No cue sounds found in {profile_dir(profile)}", file=sys.stderr)
        return 1
    first = player.backend_name
    note = ""
    if first == "silent":
        chosen = os.environ.get("RLS_STRETCH_AUDIO") == "silent"
        note = (" (chosen by RLS_STRETCH_AUDIO; cues will only be shown)" if chosen
                else " (no way to play sound was found; cues will only be shown)")
    print(f"Backend: {first}{note}", file=out, flush=True)
    for skipped in getattr(player.backend, "passed_over", ()):
        if skipped.why_not:  # e.g. simpleaudio on Python 3.12: why it is not used
            print(f"  not {skipped.name}: {skipped.why_not}", file=out, flush=True)
    if profile != "standard":
        print(f"Profile: {profile}", file=out, flush=True)
    for cue in player.cues:
        began = time.monotonic()
        used = player.play(cue)
        via = f" (via {used})" if used != first else ""
        print(f"{cue} — {CUES[cue]}{via}", file=out, flush=True)
        seconds = player._base[cue].seconds
        if not player.wait(seconds + 3.0) and used not in ("silent", "none"):
            # The bell cannot tell when it is done: pace by the sound's length instead.
            time.sleep(max(0.0, seconds - (time.monotonic() - began)))
        time.sleep(gap)
    player.close()
    return 0
