"""Optional offline voice: a few calm words ("Calf stretch, left side", "Switch sides") for
a person lying with eyes closed.

espeak-ng (or espeak) on Linux, `say` on macOS, renders each phrase once to a cached WAV
(sound.render); what to say is sound.phrases. `Voice.render_all(timeline)` makes every
phrase of a run, in parallel, before it starts (plain mode and the TUI both wait for it,
so the first move is named), each also at the cue player's volume (with its file, for an
external player): speaking at an event is a lookup and a submit to the cue player's queue,
so words and cues never overlap (its fall-back chain and its mute apply). `prepare` does
the same in the background, for a voice turned on mid-run (`v`). A phrase not ready is
skipped, never waited for; one that would still be speaking when the 3-2-1 ticks begin is
shortened, or else left out: the ticks carry the countdown.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from rls_stretch.sound.backends import Backend, Sound
from rls_stretch.sound.phrases import (
    FAST_FACTOR,
    FINISH,
    HALFWAY,
    REST,
    SWITCH,
    TICK_GAP,
    Phrase,
    Want,
    how_to,
    phrases,
    plan,
    speaking_time,
    teaching_seconds,
)
from rls_stretch.sound.render import DEFAULT_RATE, RenderError, find_engine, render
from rls_stretch.sound.render import clean as _clean
from rls_stretch.sound.volume import at_volume, level, needs_files, with_file
from rls_stretch.timeline.model import Timeline

__all__ = [
    "DEFAULT_RATE",
    "FAST_FACTOR",
    "FINISH",
    "HALFWAY",
    "REST",
    "SWITCH",
    "Want",
    "how_to",
    "teaching_seconds",
    "NOT_AVAILABLE",
    "TICK_GAP",
    "Phrase",
    "RenderError",
    "Voice",
    "find_engine",
    "phrases",
    "plan",
    "render",
    "speaking_time",
]

NOT_AVAILABLE = "Voice: not available (install espeak-ng)"
NOT_SPOKEN_ON = ("bell", "silent")  # a BEL for a word would only be a second beep


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
                 cache: Path | None = None, teach: bool = False) -> None:
        found = find_engine() if engine is None else list(engine)
        self.engine: list[str] | None = found or None
        self.output = output
        self.rate = int(rate)
        self.volume = float(volume)
        self.cache = cache
        self.teach = teach  # voice `full`: also say how to do each move
        self.enabled = True  # `v` in the player turns it off and on
        self.errors: dict[Phrase, str] = {}  # why a phrase could not be rendered
        self.last_error: str | None = None  # the last backend failure
        self._timeline: Timeline | None = None
        self._ready: dict[Phrase, Sound] = {}  # as rendered (full volume)
        self._scaled: dict[tuple[Phrase, float], Sound] = {}  # at a player's volume
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
        if not self.enabled:
            return "Voice: off (v)"
        return f"Voice: {Path(self.engine[0]).name}"

    # --- rendering, off the UI thread --------------------------------------------------------

    def prepare(self, timeline: Timeline) -> None:
        """Render the timeline's phrases in the background, in the order they are needed;
        returns at once. Of a move's forms only the best that fits its gap is rendered."""
        self._timeline = timeline
        self._queue(plan(timeline, self.teach))

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
            self._make(want)
            with self._cond:
                self._queued.discard(want)
                self._cond.notify_all()

    def _make(self, want: Want) -> None:
        """Render the best of a want's forms that fits its time (and those before it)."""
        options, within = want
        for phrase in options:
            sound = self._ready.get(phrase)
            if sound is not None:
                self._for_output(phrase, sound)  # the player's volume may be new
            else:
                sound = self._render(phrase)
            if sound is not None and sound.seconds <= within:
                break  # the shorter forms will not be needed (unless the UI is late)

    def render_all(self, timeline: Timeline,
                   progress: Callable[[int, int], None] | None = None,
                   workers: int = 4) -> None:
        """Render every phrase of a run before it starts, `workers` at a time, calling
        `progress(done, total)` as they finish: then nothing is skipped as "not ready"
        (the first move's name included). Cached phrases cost a file read each."""
        self._timeline = timeline
        if self.engine is None:
            return
        wants = plan(timeline, self.teach)
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for done, _ in enumerate(pool.map(self._make, wants), 1):
                if progress is not None:
                    progress(done, len(wants))

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
        self._for_output(phrase, sound)
        with self._cond:
            self._ready[phrase] = sound
        return sound

    def _for_output(self, phrase: Phrase, sound: Sound) -> None:
        """Make the phrase at the output's volume now, on the worker, with its file when the
        output may play from files: speaking it is then only a lookup."""
        backend, _, volume = self._target()
        volume = level(volume)
        if volume >= 1.0:
            return  # the rendered sound and its cached WAV are played as they are
        files = needs_files(backend)
        scaled = self._scaled.get((phrase, volume))
        if scaled is None:
            scaled = at_volume(sound, volume, file=files)
        elif files:
            scaled = with_file(scaled)
        self._scaled[(phrase, volume)] = scaled

    def _playable(self, phrase: Phrase, volume: float) -> Sound | None:
        """The phrase ready to play at `volume`, or None if it is not made yet."""
        sound = self._ready.get(phrase)
        volume = level(volume)
        if sound is None or volume >= 1.0:
            return sound
        return self._scaled.get((phrase, volume))

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
        options = phrases(str(kind), seg, cue, self._timeline, self.teach)
        if not options:
            return None
        if not self.enabled:
            self._last = (event, {"voice_skipped": "turned off"})
            return None
        t, due = getattr(event, "t", None), getattr(event, "due", None)
        late = t - due if isinstance(t, float | int) and isinstance(due, float | int) else 0.0
        result = self.say(options, speaking_time(str(kind), seg, cue, late))
        self._last = (event, result)
        return result.get("voice_backend")

    def say(self, options: Sequence[Phrase | str], within: float = math.inf) -> dict[str, str]:
        """Play the first option ready at the output's volume and lasting at most `within`
        seconds, without waiting. Returns what happened, as fields for the events log."""
        wanted = [Phrase(o) if isinstance(o, str) else o for o in options]
        backend, muted, volume = self._target()
        if muted:
            return {"voice_skipped": "muted"}
        ready = [(p, s) for p in wanted if (s := self._playable(p, volume)) is not None]
        if not ready:
            self._queue([(tuple(wanted), within)])  # ready next time; not waited for now
            return {"voice_skipped": "not ready"}
        fits = [(p, s) for p, s in ready if s.seconds <= within]
        if not fits:
            return {"voice_skipped": "no time before the countdown"}
        phrase, sound = fits[0]
        submit = getattr(self._output(), "submit", None)
        if callable(submit) and backend is not None and backend.name not in NOT_SPOKEN_ON:
            # The cue player's queue: never over a cue, never cut off by one.
            used = submit(sound, "voice")
            if used in ("muted", "silent", "none"):
                return {"voice_skipped": "no sound output" if used != "muted" else "muted"}
            return {"voice": phrase.text, "voice_backend": backend.name if used == "queued"
                    else used}
        while backend is not None and backend.name not in NOT_SPOKEN_ON:
            try:
                if backend.healthy():
                    backend.play(sound)
                    return {"voice": phrase.text, "voice_backend": backend.name}
            except Exception as exc:  # BackendFailed or a backend's bug: never the routine's
                self.last_error = f"{backend.name}: {exc}"
            backend = backend.fallback
        return {"voice_skipped": "no sound output"}

    def speak_now(self, text: str, done: Callable[[bool], None] | None = None) -> bool:
        """Say `text` now, on a thread (rendered first if it is new), through the cue
        player's queue; then `done(spoken)` once it has been said (or could not be).
        False at once when there is no engine. For `i` in the player: the instructions."""
        if self.engine is None or not _clean(text):
            return False

        def work() -> None:
            spoken = False
            sound = self._ready.get(Phrase(text)) or self._render(Phrase(text))
            if sound is not None:
                volume = self._target()[2]
                playable = self._playable(Phrase(text), volume) or sound
                result = self.say([Phrase(text)]) if playable is not None else {}
                spoken = "voice" in result
                if spoken:
                    time.sleep(playable.seconds + 0.2)
            if done is not None:
                done(spoken)

        threading.Thread(target=work, name="rls-voice-now", daemon=True).start()
        return True

    def annotate(self, event: Any) -> dict[str, str] | None:
        """For the events log (EventLog.add_annotator): what the voice did for this event."""
        if self._last is not None and self._last[0] is event:
            return self._last[1]
        return None

    def _output(self) -> Any:
        out = self.output
        if callable(out) and not isinstance(out, Backend) and not hasattr(out, "submit"):
            out = out()
        return out

    def _target(self) -> tuple[Backend | None, bool, float]:
        out = self._output()
        if out is None or isinstance(out, Backend):
            return out, False, 1.0
        return out.backend, bool(out.muted), float(out.volume)
