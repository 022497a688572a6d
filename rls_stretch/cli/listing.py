"""`rls-stretch list`: one row per routine, answered from a small cache when nothing changed.

Loading and sequencing every routine costs more than starting Python, so the rows are kept
in the cache dir, keyed on the size and mtime of every file they were computed from (and
the program's version). Any change to any of them recomputes everything: simple and safe.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rls_stretch import __version__, paths
from rls_stretch.paths import catalog_files

if TYPE_CHECKING:
    from rls_stretch.routine.catalog import Catalog


def _stamp() -> list[Any]:
    return stamp_of([])


def stamp_of(extra: list[Path]) -> list[Any]:
    """The version, and size and mtime of every file the answers depend on, `extra` too."""
    files = [p for p, _ in catalog_files()] + extra
    files += [paths.builtin_routines_dir() / "moves.yaml", paths.user_moves_file(),
              paths.settings_file()]
    # The rows depend on the loader's and sequencer's code too: an upgrade (even one that
    # keeps the version number) must not show stale totals.
    code = Path(__file__).resolve().parent.parent
    files += sorted(code.glob("**/*.py"))
    stamp: list[Any] = [__version__]
    for p in files:
        try:
            st = p.stat()
            stamp.append([str(p), st.st_size, st.st_mtime_ns])
        except OSError:
            stamp.append([str(p), None])
    return stamp


def compute_rows(catalog: Catalog) -> list[dict[str, Any]]:
    """One row per routine, its total as `run` would play it (the settings' level and pace)."""
    from rls_stretch.play import apply_settings, timeline_for
    from rls_stretch.routine.errors import SequenceError
    from rls_stretch.settings import load as load_settings
    from rls_stretch.timeline.describe import number
    from rls_stretch.timeline.options import RunOptions

    settings = load_settings(quiet=True)
    opts = apply_settings(RunOptions(start_side="left"), settings)

    rows = []
    for e in catalog.entries:
        row: dict[str, Any] = {"id": e.id, "source": e.origin, "path": str(e.path)}
        if e.routine is None:
            row.update(name=e.id, summary="", when=None, total_seconds=None, positions=[],
                       error=str(e.error))
        else:
            r = e.routine
            try:
                tl = timeline_for(r, opts, settings)
                total: float | None = number(tl.total_seconds)
                error = None
            except SequenceError as err:
                total, error = None, str(err)
            row.update(name=r.name, summary=r.summary, when=r.when, total_seconds=total,
                       positions=list(r.positions))
            if error:
                row["error"] = error
        rows.append(row)
    return rows


def list_rows() -> tuple[list[dict[str, Any]], str | None]:
    """The rows, and the problem with the user's moves file if it has one (its moves are
    left out until it is fixed, and the person should hear why)."""
    cache = paths.cache_dir() / "list.json"
    stamp = _stamp()
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("stamp") == stamp:
            return data["rows"], data.get("library_error")
    except (OSError, ValueError, AttributeError):
        pass
    from rls_stretch.routine.catalog import Catalog

    catalog = Catalog.load()
    rows = compute_rows(catalog)
    library_error = str(catalog.library_error) if catalog.library_error else None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"stamp": stamp, "rows": rows,
                                   "library_error": library_error}), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only cache dir only costs speed
    return rows, library_error


def cache_path() -> Path:
    return paths.cache_dir() / "list.json"
