"""The old `history.json` in the data dir (last start side, last quick-relief answer), read
once so the diary can take its values in (rls_stretch.diary.remembered keeps them now).

Nothing writes history.json any more; it is left where it was. A kill -9 during one of the
old atomic writes left a `history.<pid>.tmp` beside it: clean_leftovers() removes those
whose process is gone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from rls_stretch import paths


def file() -> Path:
    return paths.history_file()


def load() -> dict[str, Any]:
    """What history.json held, or {} (no file, unreadable, not a JSON object)."""
    try:
        data = json.loads(file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_leftovers() -> list[Path]:
    """Remove `history.<pid>.tmp` files whose writer is no longer running; returns them."""
    removed = []
    try:
        candidates = list(paths.data_dir().glob("history.*.tmp"))
    except OSError:
        return []
    for tmp in candidates:
        pid = tmp.name[len("history."):-len(".tmp")]
        if not pid.isdigit() or (int(pid) != os.getpid() and _alive(int(pid))):
            continue
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed
