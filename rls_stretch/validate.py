"""`rls-stretch validate`: errors as file:line:col lines, then safety warnings."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rls_stretch.errors import RoutineError


def validate_files(files: Sequence[Path], *, strict: bool = False) -> int:
    from rls_stretch.lint import lint_routine
    from rls_stretch.loader import check_file, load_library, load_routine

    try:
        library = load_library()
    except RoutineError as e:
        print(f"{e}", file=sys.stderr)
        return 1
    failed = warned = False
    for path in files:
        errors = check_file(path, library)
        if errors:
            failed = True
            for e in errors:
                print(str(e), file=sys.stderr)
            continue
        if _is_library(path):
            print(f"{path}: ok")
            continue
        routine = load_routine(path, library)
        warnings = lint_routine(routine, library)
        for w in warnings:
            print(f"{path}: warning: {w}", file=sys.stderr)
        warned = warned or bool(warnings)
        if not warnings:
            print(f"{path}: ok")
    return 1 if failed or (strict and warned) else 0


def _is_library(path: Path) -> bool:
    return path.name == "moves.yaml"
