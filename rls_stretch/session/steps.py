"""Runs of segments of one routine step: what the session's next and back move between.

The sequencer gives every segment its routine step; a run is the consecutive segments of
one step (a move from its get-ready to its last hold, or a rest). The done segment is a run
of its own, even when a hand-built timeline gives it a step number already in use. This is
the program's one step navigation: the session asks it, nothing else keeps its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rls_stretch.timeline.model import Segment


@dataclass(frozen=True)
class StepRuns:
    bounds: tuple[tuple[int, int], ...]  # (first, last) segment index of each run
    run_of: tuple[int, ...]  # the run of each segment
    moves: tuple[str | None, ...]  # each run's move name; None for a rest or the done segment

    @classmethod
    def of(cls, segments: Sequence[Segment]) -> StepRuns:
        bounds: list[tuple[int, int]] = []
        run_of: list[int] = []
        moves: list[str | None] = []
        key: tuple[int, bool] | None = None
        for i, seg in enumerate(segments):
            if (seg.step, seg.kind == "done") != key:
                key = (seg.step, seg.kind == "done")
                bounds.append((i, i))
                moves.append(seg.move.name if seg.move is not None and seg.kind != "done"
                             else None)
            bounds[-1] = (bounds[-1][0], i)
            run_of.append(len(bounds) - 1)
        return cls(tuple(bounds), tuple(run_of), tuple(moves))

    def __len__(self) -> int:
        return len(self.bounds)

    def first(self, run: int) -> int:
        """The first segment of a run: where next and back land (a move's get-ready)."""
        return self.bounds[run][0]

    def next_run(self, index: int) -> int | None:
        """The run after the one holding segment `index`; None after the last."""
        run = self.run_of[index] + 1
        return run if run < len(self.bounds) else None

    def ends_run(self, index: int) -> bool:
        """Whether segment `index` is the last of its run (the step is over when it ends)."""
        return self.bounds[self.run_of[index]][1] == index

    @property
    def move_count(self) -> int:
        """How many moves the timeline plays (a dropped step is not in it)."""
        return sum(name is not None for name in self.moves)
