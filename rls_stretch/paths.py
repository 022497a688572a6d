"""Where things live: the built-in data shipped with the package, and the user's own dirs.

The user's dirs come from platformdirs, so tests isolate themselves by pointing XDG_* and
HOME at temporary paths.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs

APP = "rls-stretch"
LIBRARY_FILE = "moves.yaml"
Origin = Literal["built-in", "user"]
_HERE = Path(__file__).resolve().parent


def _data(name: str) -> Path:
    # In a wheel the data sits inside the package; in a checkout, at the repository's top.
    packaged = _HERE / "data" / name
    return packaged if packaged.is_dir() else _HERE.parent / name


def builtin_routines_dir() -> Path:
    return _data("routines")


def sounds_dir() -> Path:
    return _data("sounds")


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def history_file() -> Path:
    """The old history.json (rls_stretch.history), read once into the diary."""
    return data_dir() / "history.json"


DIARY_FILE = "diary.sqlite3"


def diary_files() -> list[Path]:
    """The diary (rls_stretch.diary.store) and its write-ahead log: what changes when a run
    is recorded or a start side remembered."""
    db = data_dir() / DIARY_FILE
    return [db, db.with_name(DIARY_FILE + "-wal")]


def user_routines_dir() -> Path:
    return config_dir() / "routines"


def user_moves_file() -> Path:
    return config_dir() / "moves.yaml"


def settings_file() -> Path:
    return config_dir() / "settings.yaml"


def routine_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.iterdir()
        if p.suffix in (".yaml", ".yml") and p.name != LIBRARY_FILE and p.is_file()
    )


def catalog_files() -> list[tuple[Path, Origin]]:
    """Every file the catalog depends on, in a stable order (the list cache keys on these)."""
    files: list[tuple[Path, Origin]] = [
        (p, "built-in") for p in routine_files(builtin_routines_dir())
    ]
    files += [(p, "user") for p in routine_files(user_routines_dir())]
    return files


def not_a_file(path: Path) -> str | None:
    """Why `path` cannot be read or written as a plain file ("is a FIFO (named pipe)"), or
    None when it is a regular file or does not exist yet.

    Opening a FIFO blocks until someone writes to it and a device may never end, so a file
    the person points at is checked before it is opened; a symlink loop is said as such
    rather than "no such file".
    """
    import errno
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "is a symbolic link loop (it points back at itself)"
        if e.errno in (errno.ENOENT, errno.ENOTDIR):
            return None
        return f"cannot be read ({e.strerror or e})"
    if stat.S_ISREG(mode):
        return None
    kinds = [(stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket")]
    what = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"is {what}, not a file" if what != "not a regular file" else f"is {what}"


STALE_AFTER = 15 * 60  # seconds: far longer than any write of ours takes
TEMP_PATTERNS = (".new-*.wav", ".raw-*.wav")  # half-written cache files (sound, voice)
_swept: set[Path] = set()


def sweep_stale(directory: Path, patterns: tuple[str, ...] = TEMP_PATTERNS,
                older_than: float = STALE_AFTER) -> int:
    """Remove temporary files a killed run left in `directory` (once per process and
    directory); files younger than `older_than` may be another run's, and stay. Returns
    how many went; a file that cannot be removed is left quietly."""
    import time

    if directory in _swept:
        return 0
    _swept.add(directory)
    removed = 0
    cutoff = time.time() - older_than
    for pattern in patterns:
        try:
            found = list(directory.glob(pattern))
        except OSError:
            return removed
        for path in found:
            try:
                if path.lstat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                pass
    return removed
