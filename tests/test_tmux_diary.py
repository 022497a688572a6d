"""The TUI in a real terminal (tmux) records its run when stopped by q, SIGTERM or SIGHUP,
and a signal leaves the terminal as it was: no alternate screen, no mouse tracking."""

from __future__ import annotations

import shlex
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest
from tmuxterm import Tmux

from rls_stretch.diary.store import Diary

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

ROUTINE = """\
name: Tmux diary
transition: 2s
steps:
  - move:
      name: Calf stretch in tmux
      position: standing
      sides: none
      hold: 60s
      instructions: Lean on the wall.
"""


def start(tmp_path: Path, text: str = ROUTINE) -> Tmux:
    routine = tmp_path / "tmux-diary.yaml"
    routine.write_text(text, encoding="utf-8")
    cmd = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "rls_stretch", "run",
                                            str(routine), "--mute"))
    term = Tmux(100, 30)
    term.start(f"{cmd}; echo EXITED=$?; sleep 60")
    term.wait_for(lambda s: "Calf stretch in tmux" in s and "q Quit" in s)
    return term


def app_pid(term: Tmux) -> int:
    shell = int(term.run("display", "-p", "-t", "main", "#{pane_pid}").stdout)
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def pane_flags(term: Tmux) -> str:
    return term.run("display", "-p", "-t", "main", "#{alternate_on} #{mouse_any_flag}").stdout


def session_row():  # -> SessionRecord
    deadline = time.monotonic() + 10
    while True:
        with Diary.open(create=False) as d:
            rows = d.sessions()
        if rows and rows[0].ended_by is not None or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    [s] = rows
    return s


@pytest.mark.parametrize(("sig", "code", "ended_by"), [
    (signal.SIGTERM, 143, "terminate"), (signal.SIGHUP, 129, "hangup"),
    (signal.SIGINT, 130, "interrupt"),
], ids=["sigterm", "sighup", "sigint"])
def test_a_signal_records_the_stop_and_restores_the_terminal(tmp_path: Path, sig: int,
                                                             code: int,
                                                             ended_by: str) -> None:
    term = start(tmp_path)
    try:
        assert pane_flags(term).split()[0] == "1"  # the TUI is on the alternate screen
        import os

        os.kill(app_pid(term), sig)
        screen = term.wait_for(f"EXITED={code}")
        assert "Traceback" not in screen
        assert pane_flags(term).split() == ["0", "0"]  # back: no alt screen, no mouse
    finally:
        term.kill()
    s = session_row()
    assert s.ended_by == ended_by and not s.completed


def test_killing_the_pane_is_a_hangup_and_q_y_is_a_quit(tmp_path: Path) -> None:
    term = start(tmp_path)
    try:
        term.run("kill-pane", "-t", "main")  # the terminal window closed
    finally:
        term.kill()
    assert session_row().ended_by == "hangup"
    with Diary.open(create=False) as d:
        d.conn.execute("DELETE FROM sessions")
    term = start(tmp_path)
    try:
        term.send("q")
        term.wait_for("Stop the routine?")
        term.send("y")
        term.wait_for("How do your legs feel now?")
        term.send("3")
        term.wait_for("3 of 10, noted")
        term.send("q")
        term.wait_for("EXITED=0")
    finally:
        term.kill()
    s = session_row()
    assert s.ended_by == "quit"
    with Diary.open(create=False) as d:
        assert [(c.kind, c.urge, c.session_id) for c in d.checkins()] == [("after", 3, s.id)]


def test_a_finished_run_in_the_tui_is_a_completed_row(tmp_path: Path) -> None:
    term = start(tmp_path, ROUTINE.replace("hold: 60s", "hold: 2s"))
    try:
        term.wait_for("Routine complete")
        term.send("Escape")  # skip the question
        term.wait_for("Skipped.")
        term.send("q")
        term.wait_for("EXITED=0")
    finally:
        term.kill()
    s = session_row()
    assert s.completed and s.ended_by == "finished" and s.moves_done == 1
