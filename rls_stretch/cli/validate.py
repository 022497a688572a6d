"""`rls-stretch validate`: errors as file:line:col lines, then safety warnings."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rls_stretch.routine.errors import RoutineError, SequenceError


def _print_errors(error: RoutineError) -> None:
    for e in error.all:
        print(str(e), file=sys.stderr)


def validate_files(files: Sequence[Path], *, strict: bool = False) -> int:
    """Check each file (routine or moves file) and go on to the next whatever it finds.

    A broken user moves file is reported (unless it is one of the files asked about, which
    is then reported in its turn) and the routines are checked against the built-in moves.
    """
    from rls_stretch import paths
    from rls_stretch.routine.loader import load_any, load_library
    from rls_stretch.timeline.lint import lint_routine
    from rls_stretch.timeline.sequencer import build_timeline

    failed = warned = False
    try:
        library = load_library()
    except RoutineError as e:
        user_file = paths.user_moves_file().resolve()
        if user_file not in {Path(f).resolve() for f in files}:
            _print_errors(e)
            failed = True
        library = load_library(user=False)
    for path in files:
        try:
            result = load_any(path, library)
        except RoutineError as e:
            _print_errors(e)
            failed = True
            continue
        if isinstance(result, dict):
            n = len(result)
            print(f"{path}: ok ({n} move{'s' if n != 1 else ''})")
            continue
        try:
            build_timeline(result)
        except SequenceError as e:
            print(f"{path}: {e}", file=sys.stderr)
            failed = True
            continue
        warnings = lint_routine(result, library)
        for w in warnings:
            print(f"{path}: warning: {w}", file=sys.stderr)
        warned = warned or bool(warnings)
        if not warnings:
            print(f"{path}: ok")
    return 1 if failed or (strict and warned) else 0
