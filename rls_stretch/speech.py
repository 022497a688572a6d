"""Optional offline voice: a few calm words ("Calf stretch, left side", "Switch sides") for
a person lying with eyes closed.

espeak-ng (or espeak) on Linux, `say` on macOS, renders each phrase once to a WAV in the
cache dir, named by a hash of engine, settings and text. `Voice.prepare(timeline)` renders a
routine's phrases on a background thread before it starts, so speaking at an event is a
dictionary lookup and a non-blocking play on the cue player's backend (its fall-back chain
and its mute apply). A phrase not rendered yet is skipped, never waited for; a phrase that
would still be speaking when the 3-2-1 ticks begin is shortened, or else left out: the
ticks carry the countdown.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import wave
from array import array
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rls_stretch import paths
from rls_stretch.audio import scale_frames
from rls_stretch.audio_backends import Backend, Sound, write_wav
from rls_stretch.model import Segment, Timeline

NOT_AVAILABLE = "Voice: not available (install espeak-ng)"
DEFAULT_RATE = 140  # words per minute: slower than espeak's 175, for bedtime
FAST_FACTOR = 1.25  # a move's name may be said this much faster to end before the ticks
TICK_GAP = 0.15  # seconds of quiet left between the last word and the first tick
RENDER_TIMEOUT = 10.0
FORMAT = 1  # bump when the conversion below changes, so old cache files are not reused
QUIET = 300  # |sample| below this is silence when trimming espeak's lead-in and tail
NOT_SPOKEN_ON = ("bell", "silent")  # a BEL for a word would only be a second beep

FINISH, SWITCH, REST, HALFWAY = "Done. Well done.", "Switch sides", "Rest", "Halfway"


class RenderError(Exception):
    """The engine could not turn a phrase into a usable WAV."""


@dataclass(frozen=True)
class Phrase:
    """Words to say; `fast` ones are said at FAST_FACTOR times the voice's rate."""

    text: str
    fast: bool = False


Want = tuple[tuple[Phrase, ...], float]  # options best first, and the seconds they may last

# --- the engine ------------------------------------------------------------------------------


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


def _clean(text: str) -> str:
    # One line, no leading dash an engine could read as an option.
    return re.sub(r"\s+", " ", text).strip().lstrip("-").strip()


def render(text: str, engine: Sequence[str], *, rate: int = DEFAULT_RATE, volume: float = 1.0,
           cache: Path | None = None) -> Sound:
    """The phrase as a Sound whose `path` is its cached WAV; runs the engine only once."""
    text = _clean(text)
    if not text:
        raise RenderError("nothing to say")
    amplitude = round(100 * min(2.0, max(0.0, volume)))
    key = json.dumps([FORMAT, list(engine), rate, amplitude, text])
    name = hashlib.sha1(key.encode()).hexdigest() + ".wav"
    roots = [cache] if cache is not None else [
        paths.cache_dir() / "voice", Path(tempfile.gettempdir()) / "rls-stretch" / "voice"]
    for root in roots:
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


# --- what to say, and when there is time to say it -------------------------------------------


def phrases(kind: str, segment: Segment | None, cue: str | None = None,
            timeline: Timeline | None = None) -> tuple[Phrase, ...]:
    """What to say for a session event, best first: for a move, its name with side and
    first cue, then shorter forms (no cue, said faster, no side, the name's first part)
    for when the gap before the ticks is short.

    A move is named when it starts: at its prepare segment, or, without one, at its step's
    first segment (which needs the timeline). Breaths, ticks and the done bell say nothing.
    """
    if kind == "finish":
        return (Phrase(FINISH),)
    if segment is None:
        return ()
    if kind == "cue":
        return (Phrase(HALFWAY),) if cue == "halfway" else ()
    if kind != "segment":
        return ()
    if segment.kind == "switch":
        return (Phrase(SWITCH),)
    if segment.kind in ("rest", "set-rest"):
        return (Phrase(REST),)
    if segment.move is not None and segment.kind != "done" and _opens_move(segment, timeline):
        return _move_phrases(segment)
    return ()


def _opens_move(segment: Segment, timeline: Timeline | None) -> bool:
    if segment.kind == "prepare":
        return True
    if timeline is None or not 0 <= segment.index < len(timeline.segments):
        return False
    i = segment.index
    return i == 0 or timeline.segments[i - 1].step != segment.step


def _move_phrases(segment: Segment) -> tuple[Phrase, ...]:
    move = segment.move
    assert move is not None
    name = _clean(move.name)
    side = ""
    if segment.side is not None and move.sides == "both":
        side = f", {segment.side} side"
    elif segment.side is not None and move.sides == "alternate":
        side = f", {segment.side} first"
    out = []
    if move.cues and _clean(move.cues[0]):
        hint = _clean(move.cues[0]).rstrip(".")
        out.append(Phrase(f"{name}{side}. {hint[0].upper()}{hint[1:]}."))
    out.append(Phrase(name + side))
    if side:
        out.append(Phrase(name + side, fast=True))
    out += [Phrase(name), Phrase(name, fast=True)]
    head = name.split(",")[0].strip()  # "Slow breathing, 4 in and 8 out": its first part
    if head and head != name:
        out += [Phrase(head), Phrase(head, fast=True)]
    return tuple(dict.fromkeys(out))


def plan(timeline: Timeline) -> list[Want]:
    """What a run of `timeline` may say, with the seconds each has, in the order needed."""
    out: list[Want] = []
    for seg in timeline.segments:
        events = [("segment", None), *(("cue", c.name) for c in seg.cues)]
        for kind, cue in events:
            options = phrases(kind, seg, cue, timeline)
            if options:
                out.append((options, speaking_time(kind, seg, cue)))
    if timeline.segments:
        out.append((phrases("finish", timeline.segments[-1]), math.inf))
    return list(dict.fromkeys(out))


def speaking_time(kind: str, segment: Segment | None, cue: str | None = None,
                  late: float = 0.0) -> float:
    """Seconds a phrase may last from now: until the segment's first tick (less TICK_GAP),
    else its end; `late` is how long after the event was due it is being handled."""
    if kind == "finish" or segment is None or segment.wait:
        return math.inf
    at = 0.0
    if kind == "cue":
        at = next((c.at for c in segment.cues if c.name == cue), 0.0)
    ticks = [c.at for c in segment.cues if c.name == "tick" and c.at >= at]
    until = min(ticks) - TICK_GAP if ticks else segment.seconds
    return until - at - max(0.0, late)


# --- the voice -------------------------------------------------------------------------------


class Voice:
    """A session subscriber that speaks; subscribe `on_event` next to the CuePlayer.

    `output` is the CuePlayer (its backend, mute and volume are followed), a bare Backend,
    or a no-argument callable returning either (for an app that swaps its CuePlayer).
    `engine` is an argv prefix (None: find_engine()). Without an engine `available` is
    False and everything is a no-op; show `status` to the person.
    """

    def __init__(self, output: Any, engine: Sequence[str] | None = None,
                 rate: int = DEFAULT_RATE, volume: float = 1.0, *,
                 cache: Path | None = None) -> None:
        found = find_engine() if engine is None else list(engine)
        self.engine: list[str] | None = found or None
        self.output = output
        self.rate = int(rate)
        self.volume = float(volume)
        self.cache = cache
        self.errors: dict[Phrase, str] = {}  # why a phrase could not be rendered
        self.last_error: str | None = None  # the last backend failure
        self._timeline: Timeline | None = None
        self._ready: dict[Phrase, Sound] = {}
        self._scaled: dict[tuple[Phrase, float], Sound] = {}
        self._todo: deque[Want] = deque()
        self._queued: set[Want] = set()
        self._cond = threading.Condition()
        self._worker: threading.Thread | None = None
        self._closed = False
        self._last: tuple[Any, dict[str, str]] | None = None

    @property
    def available(self) -> bool:
        return self.engine is not None

    @property
    def status(self) -> str:
        """One line for the screen or the plain output."""
        if self.engine is None:
            return NOT_AVAILABLE
        return f"Voice: {Path(self.engine[0]).name}"

    # --- rendering, off the UI thread --------------------------------------------------------

    def prepare(self, timeline: Timeline) -> None:
        """Render the timeline's phrases in the background, in the order they are needed;
        returns at once. Of a move's forms only the best that fits its gap is rendered."""
        self._timeline = timeline
        self._queue(plan(timeline))

    def wait_ready(self, timeout: float = 2.0) -> bool:
        """Block until the queued phrases are rendered (True) or `timeout` passes (False).
        For before the session starts, so the first move's name is ready; never needed."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queued, timeout)

    def ready(self, phrase: Phrase | str) -> Sound | None:
        """The rendered sound of a phrase, or None if it is not (yet) rendered."""
        return self._ready.get(Phrase(phrase) if isinstance(phrase, str) else phrase)

    def close(self) -> None:
        """Stop rendering after the current phrase (sounds playing finish on their own)."""
        with self._cond:
            self._closed = True
            self._todo.clear()
            self._queued.clear()
            self._cond.notify_all()

    def _queue(self, wants: Sequence[Want]) -> None:
        if self.engine is None:
            return
        with self._cond:
            if self._closed:
                return
            for want in wants:
                if want not in self._queued:
                    self._todo.append(want)
                    self._queued.add(want)
            if self._todo and (self._worker is None or not self._worker.is_alive()):
                self._worker = threading.Thread(target=self._work, name="rls-voice",
                                                daemon=True)
                self._worker.start()

    def _work(self) -> None:
        assert self.engine is not None
        while True:
            with self._cond:
                if not self._todo:
                    self._worker = None
                    self._cond.notify_all()
                    return
                want = self._todo.popleft()
            options, within = want
            for phrase in options:
                sound = self._ready.get(phrase) or self._render(phrase)
                if sound is not None and sound.seconds <= within:
                    break  # the shorter forms will not be needed (unless the UI is late)
            with self._cond:
                self._queued.discard(want)
                self._cond.notify_all()

    def _render(self, phrase: Phrase) -> Sound | None:
        assert self.engine is not None
        if phrase in self.errors:
            return None
        rate = round(self.rate * FAST_FACTOR) if phrase.fast else self.rate
        try:
            sound = render(phrase.text, self.engine, rate=rate, volume=self.volume,
                           cache=self.cache)
        except RenderError as exc:
            self.errors[phrase] = str(exc)
            return None
        with self._cond:
            self._ready[phrase] = sound
        return sound

    # --- speaking ------------------------------------------------------------------------------

    def on_event(self, event: Any) -> str | None:
        """Session subscriber: speak for this event if there is something to say, it is
        rendered and it ends before the ticks. Returns the backend that spoke, else None."""
        self._last = None
        if self.engine is None:
            return None
        kind, seg = getattr(event, "kind", None), getattr(event, "segment", None)
        cue = getattr(event, "cue", None)
        cue = getattr(cue, "name", cue)
        options = phrases(str(kind), seg, cue, self._timeline)
        if not options:
            return None
        t, due = getattr(event, "t", None), getattr(event, "due", None)
        late = t - due if isinstance(t, float | int) and isinstance(due, float | int) else 0.0
        result = self.say(options, speaking_time(str(kind), seg, cue, late))
        self._last = (event, result)
        return result.get("voice_backend")

    def say(self, options: Sequence[Phrase | str], within: float = math.inf) -> dict[str, str]:
        """Play the first rendered option lasting at most `within` seconds, without waiting.
        Returns what happened, as fields for the events log."""
        wanted = [Phrase(o) if isinstance(o, str) else o for o in options]
        backend, muted, volume = self._target()
        if muted:
            return {"voice_skipped": "muted"}
        ready = [(p, self._ready[p]) for p in wanted if p in self._ready]
        if not ready:
            self._queue([(tuple(wanted), within)])  # ready next time; not waited for now
            return {"voice_skipped": "not ready"}
        fits = [(p, s) for p, s in ready if s.seconds <= within]
        if not fits:
            return {"voice_skipped": "no time before the countdown"}
        phrase, sound = fits[0]
        while backend is not None and backend.name not in NOT_SPOKEN_ON:
            try:
                if backend.healthy():
                    backend.play(self._at_volume(phrase, sound, volume, backend))
                    return {"voice": phrase.text, "voice_backend": backend.name}
            except Exception as exc:  # BackendFailed or a backend's bug: never the routine's
                self.last_error = f"{backend.name}: {exc}"
            backend = backend.fallback
        return {"voice_skipped": "no sound output"}

    def annotate(self, event: Any) -> dict[str, str] | None:
        """For the events log (EventLog.add_annotator): what the voice did for this event."""
        if self._last is not None and self._last[0] is event:
            return self._last[1]
        return None

    def _target(self) -> tuple[Backend | None, bool, float]:
        out = self.output
        if callable(out) and not isinstance(out, Backend):
            out = out()
        if out is None or isinstance(out, Backend):
            return out, False, 1.0
        return out.backend, bool(out.muted), float(out.volume)

    def _at_volume(self, phrase: Phrase, sound: Sound, volume: float,
                   backend: Backend) -> Sound:
        """The sound at the cue player's volume (its own file for a file player)."""
        volume = round(min(1.0, max(0.0, volume)), 2)
        if volume >= 1.0:
            return sound
        key = (phrase, volume)
        scaled = self._scaled.get(key)
        if scaled is None:
            scaled = replace(sound, frames=scale_frames(sound.frames, volume), path=None)
            self._scaled[key] = scaled
        if backend.needs_file and scaled.path is None and sound.path is not None:
            path = sound.path.with_name(f"{sound.path.stem}-v{round(volume * 100):03d}.wav")
            if not path.is_file():
                write_wav(path, scaled.frames, scaled.rate, scaled.channels)
            scaled = self._scaled[key] = replace(scaled, path=path)
        return scaled
