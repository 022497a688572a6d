"""Editing a routine file from the TUI: the person's own editor, on the real terminal.

The app is suspended while the editor runs (Textual hands the terminal over and takes it
back), so a terminal editor like nano or vim works as it would from the shell.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SuspendNotSupported


def editor_command() -> list[str] | None:
    """$VISUAL, else $EDITOR, else nano or vi if installed."""
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return shlex.split(value)
    for name in ("nano", "vi"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def edit_file(app: App, path: Path) -> bool:
    """Open `path` in the editor and wait for it; False (with a notice saying what to do
    instead) when no editor could run. The caller reloads after True."""
    command = editor_command()
    if command is None:
        app.notify(f"Set $EDITOR, or edit {path} yourself, then press r.", timeout=10,
                   markup=False)
        return False
    if shutil.which(command[0]) is None:
        app.notify(f"{command[0]}: no such editor; set $EDITOR, or edit {path} yourself, "
                   "then press r.", severity="error", timeout=10, markup=False)
        return False
    failed: OSError | None = None
    try:
        with app.suspend():
            # Caught inside: Textual's suspend does not resume the screen if its block
            # raises, which would leave a blank, frozen terminal.
            try:
                subprocess.run([*command, str(path)], check=False)
            except OSError as e:
                failed = e
    except SuspendNotSupported:
        app.notify(f"Cannot open an editor here: edit {path}, then press r.", timeout=10,
                   markup=False)
        return False
    if failed is not None:
        app.notify(f"{command[0]}: {failed.strerror or failed}", severity="error",
                   markup=False)
        return False
    return True


def free_name(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is not taken yet."""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"
