"""What `show` and `validate` printed, kept so that asking again answers at once.

Reading YAML and sequencing a routine costs more than starting Python, and the answer to
`show bedtime` changes only when a file it was computed from changes. So each answer (its
stdout, stderr and exit status) is kept in the cache dir, keyed on the command line as
typed, the working directory and stdout's encoding, and stamped like `list`'s rows (the
size and mtime of every routine, moves and settings file and of the program's own code, the
history file that picks the start side, and any file named on the command line). Any change
recomputes; an answer that ended in an error is never kept.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rls_stretch import paths

KEEP = 64  # answers kept; the oldest go first


class _Capture(io.StringIO):
    """A stdout or stderr stand-in that says the same encoding as the real one (JSON output
    depends on it)."""

    def __init__(self, like: Any) -> None:
        super().__init__()
        self._encoding = getattr(like, "encoding", None) or "utf-8"

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def _files(argv: Sequence[str]) -> list[Path]:
    """Every word of the command line that could name a file (a routine, or a file to
    validate): its size and mtime are part of the stamp."""
    return [Path(w).expanduser() for w in argv[1:] if not w.startswith("-")]


def _key(argv: Sequence[str]) -> str:
    return json.dumps([list(argv), os.getcwd(), getattr(sys.stdout, "encoding", None)])


def _stamp(argv: Sequence[str]) -> list[Any]:
    from rls_stretch.cli.listing import stamp_of

    # The next start side (show prints it) is remembered in the diary.
    return stamp_of([*paths.diary_files(), paths.history_file(), *_files(argv)])


def _cache() -> Path:
    return paths.cache_dir() / "answers.json"


def _load(cache: Path) -> dict[str, Any]:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def replay(argv: Sequence[str]) -> int | None:
    """Print the kept answer to this very command line and return its exit status, or
    None when there is none or something it depends on changed. Runs before the command
    line is even parsed: a kept answer costs little more than starting Python."""
    hit = _load(_cache()).get(_key(argv))
    if not isinstance(hit, dict) or hit.get("stamp") != _stamp(argv):
        return None
    sys.stderr.write(hit.get("err", ""))
    sys.stdout.write(hit.get("out", ""))
    return int(hit.get("code", 0))


def answer(argv: Sequence[str], compute: Callable[[], int]) -> int:
    """Run `compute` with stdout and stderr captured, keep what it printed (for `replay`),
    and print it. Only an answer that returns is kept; an error raised is not."""
    stamp = _stamp(argv)  # before computing: a file changed meanwhile is read again next time
    out, err = _Capture(sys.stdout), _Capture(sys.stderr)
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = compute()
    finally:
        sys.stdout, sys.stderr = real_out, real_err
        sys.stderr.write(err.getvalue())
        sys.stdout.write(out.getvalue())
    cache = _cache()
    kept = _load(cache)
    key = _key(argv)
    kept.pop(key, None)
    kept[key] = {"stamp": stamp, "out": out.getvalue(), "err": err.getvalue(), "code": code}
    while len(kept) > KEEP:
        kept.pop(next(iter(kept)))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(kept), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only cache dir only costs speed
    return code
