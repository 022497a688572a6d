"""The player in real small terminals (tmux): at 60x18 and 40x12 the countdown and the keys
to pause and quit stay on every screen of a run; at 20x5 the header is whole."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest
from tmuxterm import Tmux

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

ROUTINE = """\
name: Bedtime wind-down with a long name
transition: 4s
steps:
  - move:
      name: Calf stretch against the wall
      position: standing
      sides: both
      hold: 40s
      instructions: Stand facing a wall, hands on it, one foot back; lean in.
      caution: Never push into pain.
  - breathe: {inhale: 4, exhale: 6, cycles: 2}
"""
DIGITS = re.compile(r"[┏┓┗┛╺╸┃━╻╹]")


def big_digit_rows(screen: str) -> int:
    return sum(1 for ln in screen.splitlines()
               if len(DIGITS.findall(ln)) >= 3 and "This move" not in ln
               and "Routine" not in ln)


@pytest.mark.parametrize("size", [(60, 18), (40, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_small_terminals_keep_the_countdown_and_the_pause_and_quit_keys(tmp_path: Path,
                                                                        size):
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE)
    cmd = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "rls_stretch", "run",
                                            str(routine), "--mute", "--start-side", "left"))
    term = Tmux(*size)
    try:
        term.start(f"{cmd}; echo EXITED=$?; sleep 60")
        screen = term.wait_for(lambda s: "q Quit" in s and "space Pause" in s
                               and big_digit_rows(s) >= 3)
        last = screen.rstrip("\n").splitlines()[-1]
        assert "space Pause" in last and "q Quit" in last
        assert "…" in screen.splitlines()[0] or "long name" in screen.splitlines()[0]
        term.send("Space")
        screen = term.wait_for(lambda s: "space Resume" in s and "Paused" in s)
        assert "q Quit" in screen and big_digit_rows(screen) >= 3
        term.send("q")
        screen = term.wait_for(lambda s: "Stop the routine?" in s and "n Carry on" in s)
        assert "y Stop" in screen
        assert big_digit_rows(screen) >= 3, screen  # the paused countdown is still in sight
        term.send("y")
        screen = term.wait_for("q Close")
        assert "Stopped early" in screen and "Moves done" in screen
        term.send("q")
        assert "EXITED=0" in term.wait_for("EXITED=")
    finally:
        term.kill()


def test_at_20x5_the_header_is_whole(tmp_path: Path):
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE)
    cmd = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "rls_stretch", "run",
                                            str(routine), "--mute"))
    term = Tmux(20, 5)
    try:
        term.start(f"{cmd}; sleep 60")
        screen = term.wait_for(lambda s: "1/2 ·" in s and big_digit_rows(s) >= 3)
        head = screen.splitlines()[0].strip()
        assert re.fullmatch(r"B\w*…\s+1/2 · \d min", head), head
        assert "q Quit" in screen.rstrip().splitlines()[-1]
    finally:
        term.kill()
