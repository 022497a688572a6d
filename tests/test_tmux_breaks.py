"""`rls-stretch breaks --every 10s --length 1m` in a real 40x10 terminal (tmux): the count,
the warning, the break screen with its choice, the window title, the desktop notification
(a fake `notify-send` first on PATH records it), and starting the break shows the player.
Then `--plain` in a terminal: one line per event, with keys."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from tmuxterm import Tmux

from rls_stretch.diary.store import default_path

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture
def notify_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A notify-send that records its arguments and pid, then lingers (as one waiting on a
    slow notification daemon would): the program must not wait for it, nor leave it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "notify.log"
    script = bin_dir / "notify-send"
    script.write_text("#!/bin/sh\n"
                      f'echo "$$ $*" >> {shlex.quote(str(log))}\n'
                      "exec sleep 30\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


def command(*args: str) -> str:
    return " ".join(shlex.quote(a) for a in (sys.executable, "-m", "rls_stretch", *args))


def title(term: Tmux) -> str:
    return term.run("display", "-p", "-t", "main", "#{pane_title}").stdout.strip()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_breaks_at_40x10(tmp_path: Path, notify_log: Path) -> None:
    cmd = command("breaks", "--every", "10s", "--length", "1m", "--mute")
    term = Tmux(40, 10)
    try:
        term.start(f"cd {shlex.quote(str(tmp_path))} && {cmd}; echo EXITED=$?; sleep 60")
        screen = term.wait_for(lambda s: "Next stretch break in" in s and "q Quit" in s
                               and "╭─╮" in s)  # the big digits
        assert "A 1 min seated stretch" in screen
        assert title(term).startswith("Break in 0:")
        # The warning, and the footer offers later and skip now.
        term.wait_for(lambda s: "finish what you are doing" in s and "l Later" in s
                      and "s Skip" in s, "the warning", timeout=15)
        screen = term.wait_for("Time for a stretch break", timeout=15)
        for choice in ("g  Start the stretches", "l  Later: in 10 s", "s  Skip this one"):
            assert choice in screen, screen
        assert title(term) == "Stretch break now · rls-stretch"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(notify_log.read_text().splitlines()) < 2:
            time.sleep(0.1)
        notes = notify_log.read_text().splitlines()
        assert len(notes) == 2, notes
        assert "Stretch break soon" in notes[0] and "--urgency=low" in notes[0]
        assert "Time for a stretch break" in notes[1] and "1 min seated stretch" in notes[1]
        pids = [int(line.split()[0]) for line in notes]

        term.send("g")
        # The player, laid out for 40x10 (its first frame may come before the layout).
        # (Under 60 columns the header says the move as "1/2": see the player's header.)
        term.wait_for(lambda s: "Sound: muted" in s and "Quick relief, seated" in s
                      and "1/" in s and "Get ready" in s, "the player")
        assert title(term) == "Stretch break · rls-stretch"
        term.send("q")
        term.wait_for("Stop")
        term.send("y")
        term.wait_for("Stopped early")
        term.send("q")
        term.wait_for("Next stretch break in")  # the count starts again
        assert title(term).startswith("Break in 0:")
        term.send("q")
        term.wait_for("EXITED=0")
        assert not title(term).startswith(("Break", "Stretch"))  # the title is given back
        assert not any(alive(pid) for pid in pids)  # no notification child left behind
    finally:
        term.kill()


def test_plain_prints_one_line_per_event(tmp_path: Path, notify_log: Path) -> None:
    cmd = command("breaks", "--every", "6s", "--length", "30s", "--plain", "--mute")
    term = Tmux(120, 40)
    try:
        term.start(f"cd {shlex.quote(str(tmp_path))} && {cmd}; echo EXITED=$?; sleep 60")
        term.wait_for("Desk breaks: a 30 s seated stretch every 6 s.")
        term.wait_for("Break in 3 s: a 30 s seated stretch.")
        term.wait_for("Break time: a 30 s seated stretch. Press g to start")
        term.send("l")
        term.wait_for("Postponed: next in 6 s.")
        term.wait_for(lambda s: s.count("Break time:") == 2, "the postponed break")
        term.send("s")
        term.wait_for("Skipped: next in 6 s.")
        term.wait_for(lambda s: s.count("Break time:") == 3, "the next break")
        term.send("g")
        term.wait_for("Break started.")
        term.wait_for("Quick relief, seated")  # the routine, line by line as run --plain
        term.send("q")
        term.wait_for("Break stopped early: next in 6 s.")
        term.send("q")
        screen = term.wait_for("EXITED=0")
        assert "Stopped: 1 taken, 1 skipped." in screen
        lines = [ln for ln in screen.splitlines() if ln.startswith("[")]
        events = [ln.split("] ", 1)[1].split(":")[0].split(".")[0] for ln in lines
                  if not ln.startswith("[0:")]  # the routine's own lines start [m:ss]
        assert events[:9] == ["Break in 3 s", "Break time", "Postponed", "Break in 3 s",
                              "Break time", "Skipped", "Break in 3 s", "Break time",
                              "Break started"], events
        # ... and each went into the diary (the real SQLite file), the break's run too
        db = sqlite3.connect(default_path())
        actions = [r[0] for r in db.execute("SELECT action FROM breaks ORDER BY id")]
        assert actions[:10] == ["warned", "due", "postponed", "warned", "due", "skipped",
                                "warned", "due", "started", "finished"], actions
        assert db.execute("SELECT routine_id, completed, ended_by FROM sessions").fetchall() \
            == [("relief-seated", 0, "quit")]
    finally:
        term.kill()
