"""`rls-stretch validate`: errors as file:line:col lines, then safety warnings.

Each file is checked as what it is: the settings file (`settings.yaml`, or the one
`rls-stretch where` names) as settings, a moves file (`moves.yaml`, or `moves:` without
`steps`) as moves, anything else as a routine.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rls_stretch.routine.errors import RoutineError, SequenceError

SETTINGS_NAMES = ("settings.yaml", "settings.yml")


def _print_errors(error: RoutineError) -> None:
    for e in error.all:
        print(str(e), file=sys.stderr)


def _is_settings(path: Path) -> bool:
    from rls_stretch import paths

    return path.name in SETTINGS_NAMES or _same(path, paths.settings_file())


def _same(a: Path, b: Path) -> bool:
    # realpath never raises (a symlink loop is reported when the file is read)
    return os.path.realpath(a) == os.path.realpath(b)


def _validate_settings(path: Path) -> bool:
    """True when the settings file is fine (a missing one is an error here: it was named)."""
    from rls_stretch.routine.yamlread import read_bytes
    from rls_stretch.settings import parse

    try:
        _, errors = parse(read_bytes(path), path)
    except RoutineError as e:
        errors = list(e.all)
    for e in errors:
        print(str(e), file=sys.stderr)
    if not errors:
        print(f"{path}: ok (settings)")
    return not errors


def validate_files(files: Sequence[Path], *, strict: bool = False) -> int:
    """Check each file and go on to the next whatever it finds.

    A broken user moves file is reported (unless it is one of the files asked about, which
    is then reported in its turn) and the routines are checked against the built-in moves.
    """
    from rls_stretch import paths
    from rls_stretch.routine.loader import load_any, load_library
    from rls_stretch.routine.text import printable
    from rls_stretch.timeline.lint import lint_marked
    from rls_stretch.timeline.sequencer import build_timeline

    failed = warned = False
    library = None

    def moves():  # read once, and only if a routine needs it
        nonlocal library, failed
        if library is None:
            try:
                library = load_library()
            except RoutineError as e:
                if not any(_same(f, paths.user_moves_file()) for f in files):
                    _print_errors(e)
                    failed = True
                library = load_library(user=False)
        return library

    for path in files:
        shown = printable(str(path))
        if _is_settings(path):
            failed = not _validate_settings(path) or failed
            continue
        try:
            result = load_any(path, moves())
        except RoutineError as e:
            _print_errors(e)
            failed = True
            continue
        if isinstance(result, dict):
            n = len(result)
            print(f"{shown}: ok ({n} move{'s' if n != 1 else ''})")
            continue
        try:
            timeline = build_timeline(result)
        except SequenceError as e:
            print(f"{shown}: {e}", file=sys.stderr)
            failed = True
            continue
        warnings = lint_marked(result, moves(), timeline)
        for mark, w in warnings:
            where = f"{shown}:{mark[0]}:{mark[1]}" if mark else shown
            print(f"{where}: warning: {w}", file=sys.stderr)
        warned = warned or bool(warnings)
        if not warnings:
            print(f"{shown}: ok")
    return 1 if failed or (strict and warned) else 0
