"""Routine and moves files into the model, every mistake reported at its line and column.

A routine's steps name library moves (with overrides), define moves inline, rest, or
breathe. The library is the built-in `routines/moves.yaml` plus the user's own moves file,
whose ids add moves or replace built-in ones. Whatever the file holds, only RoutineError
comes out: its first problem, with the rest in `.others` for `validate`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Literal, TypeVar

from rls_stretch import paths
from rls_stretch.routine.durations import parse_count, parse_duration
from rls_stretch.routine.errors import RoutineError
from rls_stretch.routine.model import (
    LEVELS,
    WHENS,
    Dose,
    Move,
    MoveStep,
    Pace,
    RestStep,
    Routine,
    Step,
)
from rls_stretch.routine.moveread import (
    ID_PATTERN,
    MOVE_KEYS,
    apply_overrides,
    pace_at,
    plain_fields,
    read_move,
)
from rls_stretch.routine.text import printable
from rls_stretch.routine.yamlfields import Fields, read_mapping
from rls_stretch.routine.yamlread import Map, Node, Scalar, describe, did_you_mean

__all__ = ["load_library", "load_moves_file", "load_routine", "check_file", "parse_duration",
           "parse_count"]

ROUTINE_KEYS = ("$schema", "name", "summary", "when", "level", "transition", "pace", "steps")
MOVES_FILE_KEYS = ("$schema", "moves")
STEP_KINDS = ("move", "rest", "breathe")
BREATHE_KEYS = ("inhale", "exhale", "cycles")
ROUTINE_EXPECTED = "a mapping with name and steps"
MOVES_EXPECTED = "a mapping with moves"
LIBRARY_FILE = "moves.yaml"
Origin = Literal["built-in", "user", "file"]
T = TypeVar("T")


def _guarded(path: Path, read: Callable[[], T]) -> T:
    """Run a read; anything but a RoutineError (a bug of ours) still becomes one line."""
    try:
        return read()
    except RoutineError:
        raise
    except RecursionError:
        raise RoutineError(str(path), None, None, "", "nesting is too deep") from None
    except MemoryError:
        raise RoutineError(str(path), None, None, "", "the file needs too much memory") from None
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        raise RoutineError(str(path), None, None, "",
                           f"internal error reading this file ({type(exc).__name__}: {exc}); "
                           "please report it") from None


def load_moves_file(path: Path) -> dict[str, Move]:
    """One moves file (`moves:` mapping id -> move) on its own."""
    def read() -> dict[str, Move]:
        f = read_mapping(path, MOVES_EXPECTED)
        moves = _moves_from(f)
        f.issues.raise_if_any()
        return moves
    return _guarded(Path(path), read)


def load_library(extra: Path | None = None, *, user: bool = True) -> dict[str, Move]:
    """The built-in moves plus the user's own (`extra` instead of the user's moves file
    when given); a user's id replaces the built-in move of the same id. A missing built-in
    file gives an empty library rather than a crash."""
    library: dict[str, Move] = {}
    builtin = paths.builtin_routines_dir() / LIBRARY_FILE
    if builtin.is_file():
        library.update(load_moves_file(builtin))
    if extra is not None:
        library.update(load_moves_file(Path(extra)))
    elif user and paths.user_moves_file().is_file():
        library.update(load_moves_file(paths.user_moves_file()))
    return library


def load_routine(path: Path, library: Mapping[str, Move] | None = None,
                 origin: Origin = "file") -> Routine:
    """A routine file as a Routine (id = the file's stem). Without `library`, the moves
    come from load_library(), read only if a step names one."""
    path = Path(path)

    def read() -> Routine:
        f = read_mapping(path, ROUTINE_EXPECTED)
        routine = _routine_from(f, path, library, origin)
        f.issues.raise_if_any()
        assert routine is not None
        return routine
    return _guarded(path, read)


def load_any(path: Path, library: Mapping[str, Move] | None = None,
             origin: Origin = "file") -> Routine | dict[str, Move]:
    """A routine file as a Routine, or a moves file (a file with `moves:` and no `steps`,
    or named moves.yaml) as its moves; RoutineError (with `.others`) when it has problems."""
    path = Path(path)

    def read() -> Routine | dict[str, Move]:
        named = path.name == LIBRARY_FILE
        f = read_mapping(path, MOVES_EXPECTED if named else ROUTINE_EXPECTED)
        result: Routine | dict[str, Move] | None
        if named or (f.has("moves") and not f.has("steps")):
            result = _moves_from(f)
        else:
            result = _routine_from(f, path, library, origin)
        f.issues.raise_if_any()
        assert result is not None
        return result
    return _guarded(path, read)


def check_file(path: Path, library: Mapping[str, Move] | None = None) -> list[RoutineError]:
    """Every problem in a routine or moves file; an empty list when it is fine."""
    try:
        load_any(path, library)
    except RoutineError as e:
        return list(e.all)
    return []


def _moves_from(f: Fields) -> dict[str, Move]:
    f.check_keys(MOVES_FILE_KEYS)
    f.text("$schema")
    moves = f.mapping("moves", required=True, expected="a mapping of move ids to moves")
    out: dict[str, Move] = {}
    if moves is None:
        return out
    for key, node in moves.node.entries:
        field = moves.path(key.raw)
        if not re.fullmatch(ID_PATTERN, key.raw):
            f.issues.add(key, field, "a move id is lowercase words joined by hyphens, like "
                                     f"calf-stretch, got {key.raw!r}")
            continue
        if not isinstance(node, Map):
            f.issues.add(node, field, "expected a move: a mapping with name, instructions, "
                                      f"position and a dose, got {describe(node)}")
            continue
        move = read_move(Fields(node, field, f.issues), key.raw)
        if move is not None:
            out[key.raw] = move
    return out


def _routine_from(f: Fields, path: Path, library: Mapping[str, Move] | None,
                  origin: Origin) -> Routine | None:
    f.check_keys(ROUTINE_KEYS)
    f.text("$schema")
    name = f.text("name", required=True)
    summary = f.text("summary", default="")
    when = f.choice("when", WHENS, default="anytime")
    level = f.choice("level", LEVELS, default=None)
    transition = f.duration("transition", allow_range=False, allow_zero=True)
    pace = pace_at(f, "pace") if f.has("pace") else Pace()
    items = f.seq("steps", required=True, non_empty=True, expected="a non-empty list of steps")
    reader = _Steps(f, library, pace or Pace())
    steps = [reader.step(node, i) for i, node in enumerate(items or ())]
    if f.issues or name is None or items is None:
        return None
    return Routine(
        id=printable(path.stem), name=name, steps=tuple(s for s in steps if s is not None),
        summary=summary or "", when=when or "anytime",
        transition=transition.low if transition is not None else 5.0, pace=pace or Pace(),
        level=level, path=str(path), origin=origin,  # type: ignore[arg-type]
    )


def inline_id(node: Map) -> str:
    """`inline-ankle-circles` for an inline move named "Ankle circles"."""
    name = node.get("name")
    text = str(name.value) if isinstance(name, Scalar) and name.kind == "text" else ""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return f"inline-{slug or 'move'}"


class _Steps:
    """Reads a routine's steps in order (a breathe step sits where the move before it was)."""

    def __init__(self, f: Fields, library: Mapping[str, Move] | None, pace: Pace) -> None:
        self.issues, self.pace = f.issues, pace
        self._library = library
        self.position = "lying"

    @property
    def library(self) -> Mapping[str, Move]:
        if self._library is None:
            self._library = load_library()
        return self._library

    def step(self, node: Node, i: int) -> Step | None:
        field = f"steps[{i}]"
        if not isinstance(node, Map):
            self.issues.add(node, field, "expected a step: a mapping with move, rest or "
                                         f"breathe, got {describe(node)}")
            return None
        f = Fields(node, field, self.issues)
        kinds = [k for k in STEP_KINDS if f.has(k)]
        if not kinds:
            if not f.check_keys(("move", "rest", "breathe", "optional", *MOVE_KEYS)):
                self.issues.add(node, field, "a step needs one of move, rest or breathe")
            return None
        if len(kinds) > 1:
            self.issues.add(f.key_node(kinds[1]), field, "a step takes one of move, rest or "
                                                         f"breathe; found {' and '.join(kinds)}")
            return None
        optional = f.flag("optional")
        if kinds[0] == "rest":
            f.check_keys(("rest", "optional"))
            seconds = f.duration("rest")
            if seconds is None:
                return None
            return RestStep(seconds, optional, mark=(node.line, node.col))
        if kinds[0] == "breathe":
            f.check_keys(("breathe", "optional"))
            move = self.breathe(f)
        else:
            f.check_keys(("move", "optional", *MOVE_KEYS))
            move = self.move(f)
        if move is None:
            return None
        self.position = move.position
        return MoveStep(move, optional, mark=(node.line, node.col))

    def move(self, f: Fields) -> Move | None:
        ref = f.get("move")
        base = None
        if isinstance(ref, Scalar) and ref.kind == "text":
            move_id = str(ref.value)
            base = self.library.get(move_id)
            if base is None:
                hint = "" if self.issues.full else (
                    did_you_mean(move_id, self.library) or " (rls-stretch moves lists them)")
                f.problem("move", f"unknown move {move_id!r}{hint}")
        elif isinstance(ref, Map):
            base = read_move(Fields(ref, f.path("move"), self.issues), inline_id(ref),
                             inline=True)
        else:
            f.problem("move", "expected a move id like calf-stretch-wall or an inline move "
                              f"(a mapping), got {describe(ref)}")
        if base is None:
            plain_fields(f)  # still report what is wrong with the overrides
            return None
        return apply_overrides(base, f)

    def breathe(self, f: Fields) -> Move | None:
        """`breathe: {inhale: 4, exhale: 8, cycles: 5}` as a move of its own."""
        b = f.mapping("breathe", expected="a mapping with inhale, exhale and cycles")
        if b is None:
            return None
        b.check_keys(BREATHE_KEYS)
        cycles = b.count("cycles", required=True)
        inhale = b.duration("inhale", allow_range=False)
        exhale = b.duration("exhale", allow_range=False)
        if cycles is None or (b.has("inhale") and not inhale) or (b.has("exhale") and not exhale):
            return None
        pace = None
        text = "Breathe slowly and deeply, in through the nose and out through the mouth."
        if inhale or exhale:
            pace = Pace(inhale.low if inhale else self.pace.inhale,
                        exhale.low if exhale else self.pace.exhale)
            text = f"Breathe in for {pace.inhale:g}, out for {pace.exhale:g}."
        return Move(id="breathe", name="Deep breathing", instructions=text,
                    position=self.position, dose=Dose(breaths=cycles, pace=pace))
