"""How a person asked to play a routine: shared by the CLI, plain mode and the TUI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rls_stretch.routine.model import Level, Side


@dataclass(frozen=True)
class RunOptions:
    level: Level | None = None
    minutes: float | None = None
    start_side: Side | None = None  # None: the other side than last time
    plain: bool = False
    mute: bool = False
    voice: bool = False
    night: bool | None = None  # None: automatic (bedtime routines, night hours)
    events: Path | None = None
    position: str | None = None  # quick relief: where the person is (lying, seated, standing)
