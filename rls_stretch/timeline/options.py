"""How a person asked to play a routine: shared by the CLI, plain mode and the TUI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rls_stretch.routine.model import Level, Side

#: What the voice says: nothing, each move's name (with side, position and a short cue), or
#: also how to do the move (its instructions), for learning a routine with the eyes closed.
VoiceMode = Literal["off", "names", "full"]
VOICE_MODES: tuple[VoiceMode, ...] = ("off", "names", "full")


@dataclass(frozen=True)
class RunOptions:
    level: Level | None = None
    minutes: float | None = None
    start_side: Side | None = None  # None: the other side than last time
    plain: bool = False
    mute: bool = False
    voice: VoiceMode | None = None  # None: as the settings say

    @property
    def speaks(self) -> bool:
        return self.voice not in (None, "off")
    night: bool | None = None  # None: automatic (bedtime routines, night hours)
    events: Path | None = None
    position: str | None = None  # quick relief: where the person is (lying, seated, standing)
