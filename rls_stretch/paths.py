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
