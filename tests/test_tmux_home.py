"""The home screen in a real terminal: `rls-stretch` under tmux (a private server, 100x45),
read back with capture-pane, driven with send-keys, including $EDITOR through App.suspend.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tmuxterm import Tmux

from rls_stretch.routine.catalog import Catalog, suggest
from rls_stretch.settings import Settings
from rls_stretch.tui.widgets.routine_list import grouped, make_rows

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (apt-get install tmux)"),
]

ENV_KEYS = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
            "PATH", "EDITOR")


@pytest.fixture
def tmux() -> Tmux:
    # Tall enough for every group at once: the list scrolls to the suggested routine, and
    # at some hours (a seated suggestion) a 30-row list would scroll the first group away.
    t = Tmux(100, 45)
    yield t
    t.kill()


def program(env: dict[str, str]) -> str:
    """`rls-stretch` with the test's isolated dirs and nothing else from pytest's
    environment (COLUMNS/LINES there would override the pane's size), then a marker with
    its exit status."""
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    inner = (f"env -i {exports} LANG=C.UTF-8 TERM=tmux-256color "
             f"{shlex.quote(sys.executable)} -m rls_stretch; echo \"[exit $?]\"; sleep 30")
    return f"sh -c {shlex.quote(inner)}"


def preview_title(screen: str) -> str:
    """The first line of the preview pane (right of the list) on the screen."""
    for line in screen.splitlines():
        if "│ │" in line:
            right = line.split("│ │", 1)[1].strip(" │")
            if right:
                return right
    return ""


def settled(tmux: Tmux, ok: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
    """The screen once `ok` holds and two captures 0.2 s apart are the same: a frame drawn
    to its end, not one caught half-written (the home screen has nothing that ticks)."""
    deadline = time.monotonic() + timeout
    while True:
        screen = tmux.wait_for(ok, what, timeout=max(deadline - time.monotonic(), 0.1))
        time.sleep(0.2)
        if tmux.screen() == screen:
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: the screen kept changing; last:\n{screen}")


def home_drawn(screen: str) -> bool:
    """The whole home screen: a routine in the preview, the footer's keys at the bottom."""
    return preview_title(screen) != "" and "⏎ Start" in screen and "x Quick relief" in screen


def test_home_in_a_real_terminal(tmux: Tmux, isolated_home: Path, tmp_path: Path) -> None:
    routines = isolated_home / ".config" / "rls-stretch" / "routines"
    routines.mkdir(parents=True)
    broken = routines / "broken.yaml"
    broken.write_text("name: Broken one\nsteps:\n  - move: calf-strech\n")
    editor = tmp_path / "fix-it"
    editor.write_text("#!/bin/sh\nsed -i 's/calf-strech/calf-stretch-wall/' \"$1\"\n")
    editor.chmod(0o755)
    env = {k: os.environ[k] for k in ENV_KEYS if k in os.environ}
    env["EDITOR"] = str(editor)

    hour = time.localtime().tm_hour
    catalog = Catalog.load()
    suggested = catalog.get(suggest(hour))
    assert suggested is not None and suggested.routine is not None
    order = [r.entry.id for _, rows in grouped(make_rows(catalog, Settings())) for r in rows]

    tmux.start(program(env))
    screen = settled(tmux, home_drawn, "the home screen")
    # the groups are there, the suggestion is marked and shown in the preview
    for heading in ("Bedtime", "Morning & daytime", "Quick relief"):
        assert heading in screen
    if time.localtime().tm_hour == hour:  # not across the hour's boundary
        assert f"★ {suggested.routine.name}" in screen
        assert preview_title(screen).startswith(f"★ {suggested.routine.name}")
        assert "suggested now" in screen
    assert "⏎ Start" in screen and "x Quick relief" in screen

    # down: the next routine (headings are skipped) is previewed
    start = order.index(suggested.id)
    if start + 1 < len(order):
        following = catalog.get(order[start + 1])
        assert following is not None
        name = following.routine.name if following.routine else following.id
        tmux.send("Down")
        tmux.wait_for(lambda s: preview_title(s).startswith(name), f"{name} previewed")

    # x: the quick-relief question; Esc: back home
    tmux.send("x")
    tmux.wait_for(lambda s: "Where are you?" in s and "1  In bed" in s, "the relief question")
    tmux.send("Escape")
    settled(tmux, home_drawn, "home again")

    # the broken user file is listed with its error; e fixes it in $EDITOR, then it reloads
    tmux.send("/")
    # Keys typed before the "/" is handled still go to the list (where e and r are keys):
    # type once the box has the focus (Esc is then offered in the footer).
    tmux.wait_for(lambda s: "esc Back" in s, "the filter box focused")
    tmux.send("-l", "broken")
    screen = tmux.wait_for(lambda s: "broken.yaml:3:" in s, "the broken file with its error")
    assert "My routines" in screen
    tmux.send("Down")  # into the list
    tmux.wait_for(lambda s: "e Edit" in s, "the edit key offered")
    tmux.send("e")
    screen = settled(tmux, lambda s: preview_title(s).startswith("Broken one")
                     and "Total" in s, "the fixed routine after the editor")
    assert "calf-stretch-wall" in broken.read_text()
    assert "broken.yaml:3:" not in screen

    tmux.send("q")
    tmux.wait_for(lambda s: "[exit 0]" in s, "the program to end")
