"""What a session tells the world: its Events, and the events log (`--events FILE`): one
JSON object per event, for scripts and the latency benchmark. Import Event and State from
`rls_stretch.session.session`; they live here so this module needs nothing from the session.

Each line is `{"t": <monotonic seconds>, "event": <kind>, ...}`, flushed as it is written so
a crash or Ctrl+C loses nothing. Segment lines carry index, kind, seconds, label (and start,
move, side, due); cue lines carry the cue name, `due` and the `backend` that played it;
a completed run ends with a `finish` line (`"completed": true`), an early end with `stop`.

The log knows nothing of sound. The audio player tells it which backend played a cue, by
either of two hooks: `backend=` (a callable returning the backend's name now) or
`add_annotator(fn)` (fn(event) returns extra fields for that event's line, e.g. the time a
sound really started). Subscribe the audio player before the log, so that a cue has been
played by the time its line is written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rls_stretch.timeline.model import Segment

State = Literal["ready", "running", "paused", "finished", "stopped"]


@dataclass(frozen=True)
class Event:
    """Something that happened: kind is one of start, segment, cue, pause, resume, skip,
    side (on to the other side), back, extend, wait, go, finish, stop. `index`/`segment`
    name the current segment (for skip, side and back, the one left behind)."""

    kind: str
    t: float  # clock time when emitted
    index: int | None = None
    segment: Segment | None = None
    cue: str | None = None  # cue name, for kind="cue"
    due: float | None = None  # clock time it was due: t - due is the latency
    reason: str | None = None  # pause, stop: why, when the program (not the person) did it
    seconds: float | None = None  # extend: seconds added (<0 removed); resume: pause length


Annotator = Callable[[Event], "Mapping[str, Any] | None"]


def event_record(event: Event) -> dict[str, Any]:
    """The JSON-ready fields of an event (without backend: that is the audio layer's)."""
    rec: dict[str, Any] = {"t": event.t, "event": event.kind}
    seg = event.segment
    if event.index is not None:
        rec["index"] = event.index
    if event.kind == "segment" and seg is not None:
        rec.update(kind=seg.kind, seconds=seg.seconds, label=seg.label, start=seg.start,
                   move=seg.move.name if seg.move else None, side=seg.side)
    elif event.kind in ("skip", "side", "back") and seg is not None:
        rec["move"] = seg.move.name if seg.move else None
        if event.kind == "side":
            rec["side"] = seg.side
    if event.cue is not None:
        rec["cue"] = event.cue
    if event.due is not None:
        rec["due"] = event.due
    if event.reason is not None:
        rec["reason"] = event.reason
    if event.seconds is not None:
        rec["paused" if event.kind == "resume" else "seconds"] = event.seconds
    if event.kind in ("finish", "stop"):
        rec["completed"] = event.kind == "finish"
    return rec


def say_on_stderr(message: str) -> None:
    print(f"rls-stretch: {message}", file=sys.stderr, flush=True)


class EventLog:
    """A session subscriber appending JSON lines to `path` (created if missing).

    Opening an unwritable path raises OSError; the caller turns it into a one-line error.
    A write that fails later (a full disk, a removed USB stick) is said once, through
    `on_error` (default: one line on stderr; the TUI shows it on screen), and the log stops
    there: the routine plays on, and closing it raises nothing. `failed` keeps the message.
    """

    def __init__(self, path: str | Path, *, backend: Callable[[], str | None] | None = None,
                 annotate: Annotator | None = None,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)
        self.backend = backend
        self.on_error = on_error or say_on_stderr
        self.failed: str | None = None
        self._annotators: list[Annotator] = [annotate] if annotate else []
        self._file = self.path.open("a", encoding="utf-8")

    def add_annotator(self, fn: Annotator) -> None:
        self._annotators.append(fn)

    def __call__(self, event: Event) -> None:
        self.on_event(event)

    def on_event(self, event: Event) -> None:
        rec = event_record(event)
        if event.kind == "cue":
            rec["backend"] = self.backend() if self.backend else None
        for fn in self._annotators:
            rec.update(fn(event) or {})
        self.write(rec)

    def write(self, record: Mapping[str, Any]) -> None:
        """Append one line (other layers may log their own, e.g. a backend falling back)."""
        if self._file.closed or self.failed is not None:
            return
        try:
            self._file.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            self._file.flush()
        except OSError as e:
            self.failed = (f"--events: cannot write {self.path}: {e.strerror or e}; "
                           "going on without the events log")
            self.close()  # drop what the buffer still holds: it cannot be written either
            self.on_error(self.failed)

    def close(self) -> None:
        try:
            self._file.close()
        except OSError:  # the last flush failed: said already, or it is said now
            if self.failed is None:
                self.failed = f"--events: cannot write {self.path}"
                self.on_error(self.failed)

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
