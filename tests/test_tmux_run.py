"""`rls-stretch run FILE --mute` in a real terminal (tmux, 100x30): the screen shows the move,
the countdown runs on its own, space pauses, q then y stops and shows the summary, and the
program exits 0."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tmuxterm import Tmux

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

ROUTINE = """\
name: Tmux check
transition: 3s
steps:
  - move:
      name: Calf stretch in tmux
      position: standing
      sides: both
      hold: 20s
      instructions: Lean on the wall with one leg back.
      caution: Never push through pain.
  - breathe: {inhale: 4, exhale: 6, cycles: 2}
"""


def countdown(screen: str) -> list[str]:
    """The big countdown: the lines that hold Digits' box-drawing glyphs."""
    lines = [ln for ln in screen.splitlines()
             if any(ch in ln for ch in "┏┓┗┛╺╸┃") and "This move" not in ln and "Routine" not in ln]
    assert lines, screen
    return lines


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_run_in_a_real_terminal(tmp_path: Path, size: tuple[int, int]) -> None:
    routine = tmp_path / "tmux-check.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    cmd = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "rls_stretch", "run",
                                            str(routine), "--mute", "--start-side", "left"))
    term = Tmux(*size)
    try:
        term.start(f"cd {shlex.quote(str(tmp_path))} && {cmd}; echo EXITED=$?; sleep 60")
        # The first frames may be partly drawn: wait for the whole screen.
        screen = term.wait_for(lambda s: all(
            part in s for part in ("Calf stretch in tmux", "Sound: muted", "q Quit")))
        assert "Tmux check" in screen
        assert "Get ready — left side" in screen
        assert "┏━┓" in screen  # the big countdown's digits
        assert "Caution: Never push" in screen
        assert "Next: Deep breathing" in screen
        assert "Sound: muted" in screen
        for key in ("space Pause", "n Next", "b Back", "m Mute", "q Quit"):
            assert key in screen, key
        assert "Traceback" not in screen and "ALSA" not in screen

        # The countdown runs by itself in real time.
        first = countdown(screen)
        screen = term.wait_for(lambda s: countdown(s) != first, timeout=5)

        term.send("Space")
        screen = term.wait_for("Paused — press space to carry on")
        assert "space Resume" in screen
        paused_at = countdown(screen)
        time.sleep(1.5)
        assert countdown(term.screen()) == paused_at  # nothing moves while paused

        term.send("q")
        term.wait_for("Stop the routine?")
        term.send("y")
        screen = term.wait_for("Stopped early")
        assert "Moves done  0 of 2" in screen
        assert "Tmux check" in screen
        term.send("q")
        screen = term.wait_for("EXITED=")
        assert "EXITED=0" in screen
    finally:
        term.kill()


def test_kill_stops_the_run_and_gives_the_terminal_back(tmp_path: Path) -> None:
    """SIGTERM (kill) ends the run like q then y: the events log gets its `stop` and the
    terminal leaves the full screen."""
    routine = tmp_path / "tmux-check.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    pidfile = tmp_path / "pid"
    cmd = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "rls_stretch", "run",
                                            str(routine), "--mute", "--events", str(events)))
    term = Tmux(100, 30)
    try:
        term.start(f"sh -c 'echo $$ > {pidfile}; exec {cmd}'; echo EXITED=$?; sleep 60")
        term.wait_for("Calf stretch in tmux")
        os.kill(int(pidfile.read_text()), signal.SIGTERM)
        screen = term.wait_for("EXITED=")
        assert "EXITED=143" in screen
        assert "Calf stretch in tmux" not in screen  # the alternate screen is gone
        kinds = [json.loads(line)["event"] for line in events.read_text().splitlines()]
        assert kinds[0] == "start" and kinds[-1] == "stop"
    finally:
        term.kill()


def test_without_a_terminal_the_player_says_to_use_plain(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "rls_stretch", "run", "relief-seated", "--mute"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert r.returncode == 2
    assert r.stderr.strip() == ("rls-stretch: the full-screen interface needs a terminal; "
                                "use --plain for one line per step")


def test_with_stderr_away_from_the_terminal_it_refuses_rather_than_hangs(tmp_path: Path) -> None:
    """Textual draws on stderr: `2>/dev/null` would be a blank screen waiting for keys."""
    cmd = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "rls_stretch", "run",
                                            "relief-seated", "--mute"))
    term = Tmux(100, 30)
    try:
        term.start(f"{cmd} 2>/dev/null; echo EXITED=$?; sleep 30")
        screen = term.wait_for("EXITED=", timeout=20)
        assert "EXITED=2" in screen
    finally:
        term.kill()
