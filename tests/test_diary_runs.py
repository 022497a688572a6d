"""Every run is a diary row: `rls-stretch run FILE --plain` in a subprocess on a
pseudo-terminal, finished, or stopped by q, Ctrl+C (SIGINT), SIGTERM and SIGHUP (the
terminal window closed); and a diary that cannot be used never stops a routine."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from clirun import rls

from rls_stretch.diary.store import Diary, default_path

# These count a run's seconds: get-readies as the routine file has them.
pytestmark = pytest.mark.usefixtures("no_position_change")

ROUTINE = """\
name: Diary check
when: bedtime
transition: 1s
steps:
  - move:
      name: Calf stretch
      position: standing
      sides: none
      hold: 30s
      instructions: Lean on the wall.
  - move:
      name: Ankle circles
      position: lying
      sides: none
      hold: 30s
      instructions: Circle the ankles.
"""
SHORT = ROUTINE.replace("30s", "1s")


class Run:
    """`rls-stretch run FILE --plain --mute --events LOG` with a pty as its terminal."""

    def __init__(self, routine: Path, events: Path, nohup: bool = False) -> None:
        self.master, self.slave = pty.openpty()
        self.before = termios.tcgetattr(self.slave)

        def child() -> None:
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            if nohup:
                signal.signal(signal.SIGHUP, signal.SIG_IGN)

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rls_stretch", "run", str(routine), "--plain", "--mute",
             "--events", str(events)],
            stdin=self.slave, stdout=self.slave, stderr=self.slave, start_new_session=True,
            preexec_fn=child, env=dict(os.environ))
        self.text = ""

    def expect(self, needle: str, timeout: float = 20.0, since: int = 0) -> str:
        """The output so far once `needle` is in it (after position `since`)."""
        end = time.monotonic() + timeout
        while needle not in self.text[since:]:
            left = end - time.monotonic()
            assert left > 0, f"no {needle!r} in:\n{self.text}"
            if select.select([self.master], [], [], left)[0]:
                try:
                    self.text += os.read(self.master, 4096).decode("utf-8", "replace")
                except OSError:
                    break
        return self.text

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass


@pytest.fixture
def routine(tmp_path: Path) -> Path:
    path = tmp_path / "diary-check.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def only_session():  # -> SessionRecord
    with Diary.open(create=False) as d:
        [s] = d.sessions()
        assert d.integrity() == "ok"
    return s


def lflags(attrs: list) -> int:
    return attrs[3] & (termios.ECHO | termios.ICANON)


def test_a_finished_run_is_a_completed_row(tmp_path: Path) -> None:
    path = tmp_path / "short.yaml"
    path.write_text(SHORT, encoding="utf-8")
    r = rls("run", str(path), "--plain", "--mute")
    assert r.returncode == 0, r.stderr
    s = only_session()
    assert (s.routine_id, s.routine_name, s.routine_when, s.level) == \
        ("short", "Diary check", "bedtime", "standard")
    assert s.completed and s.ended_by == "finished"
    assert (s.moves_done, s.moves_total, s.skipped_moves) == (2, 2, ())
    assert s.planned_seconds == 4 and 3.5 <= s.done_seconds <= 6
    assert s.started_at.utcoffset() is not None and s.ended_at is not None
    assert 3 <= (s.ended_at - s.started_at).total_seconds() <= 10


@pytest.mark.parametrize(("how", "code", "ended_by"), [
    ("q", 0, "quit"),
    (signal.SIGINT, 130, "interrupt"),
    (signal.SIGTERM, 143, "terminate"),
    (signal.SIGHUP, 129, "hangup"),
], ids=["q", "sigint", "sigterm", "sighup"])
def test_a_stopped_run_is_recorded_with_how_it_ended(routine: Path, tmp_path: Path,
                                                     how: object, code: int,
                                                     ended_by: str) -> None:
    events = tmp_path / "events.jsonl"
    run = Run(routine, events)
    try:
        run.expect("Keys: space")
        run.expect("Hold — Calf stretch")
        if how == "q":
            os.write(run.master, b"n")  # skip the calf stretch, then quit
            run.expect("Skipping Calf stretch")
            os.write(run.master, b"q")
            run.expect("How do your legs feel now?")  # a person at a terminal: asked
            os.write(run.master, b"3\r")
        elif how == signal.SIGINT:
            os.write(run.master, b"\x03")  # the terminal's own Ctrl+C
        else:
            run.proc.send_signal(how)  # type: ignore[arg-type]
        assert run.proc.wait(timeout=15) == code
        text = run.expect("Stopped early: Diary check.")  # the summary, as the TUI shows it
        assert "Traceback" not in text
        assert lflags(termios.tcgetattr(run.slave)) == lflags(run.before) != 0  # echo back
    finally:
        run.close()
    s = only_session()
    assert not s.completed and s.ended_by == ended_by
    assert s.moves_total == 2 and s.ended_at is not None
    with Diary.open(create=False) as d:
        after = [(c.kind, c.urge, c.session_id) for c in d.checkins()]
    if how == "q":
        assert s.skipped_moves == ("Calf stretch",)
        assert after == [("after", 3, s.id)]
    else:
        assert after == []  # a signal is no time for questions
    stop = json.loads(events.read_text().splitlines()[-1])
    assert stop["event"] == "stop" and stop["completed"] is False
    assert stop.get("reason", "quit") == ended_by


def test_closing_the_terminal_window_is_a_hangup(routine: Path, tmp_path: Path) -> None:
    """The real thing: the pty's master side goes away, the kernel sends SIGHUP and the
    terminal is gone (writes fail), yet the row is completed and nothing is printed."""
    run = Run(routine, tmp_path / "events.jsonl")
    try:
        run.expect("Hold — Calf stretch")
        os.close(run.master)
        run.master = -1
        assert run.proc.wait(timeout=15) == 129
    finally:
        run.close()
    s = only_session()
    assert s.ended_by == "hangup" and not s.completed


def test_a_corrupt_diary_is_left_byte_for_byte_and_the_routine_plays(tmp_path: Path
                                                                      ) -> None:
    path = tmp_path / "short.yaml"
    path.write_text(SHORT, encoding="utf-8")
    diary = default_path()
    diary.parent.mkdir(parents=True)
    garbage = bytes(range(256)) * 64
    diary.write_bytes(garbage)
    r = rls("run", str(path), "--plain", "--mute")
    assert r.returncode == 0
    assert "Done: 4 s of Diary check." in r.stdout
    problems = [ln for ln in r.stderr.splitlines() if "diary" in ln]
    assert len(problems) == 1, r.stderr  # said once
    assert problems[0].startswith(f"rls-stretch: diary {diary} is not a diary")
    assert "left as it is" in problems[0]
    assert diary.read_bytes() == garbage
    assert sorted(p.name for p in diary.parent.iterdir()) == ["diary.sqlite3"]


def test_a_diary_that_is_a_directory_never_stops_a_routine(tmp_path: Path) -> None:
    path = tmp_path / "short.yaml"
    path.write_text(SHORT, encoding="utf-8")
    default_path().mkdir(parents=True)
    r = rls("run", str(path), "--plain", "--mute")
    assert r.returncode == 0 and "Done:" in r.stdout
    assert r.stderr.count("is a directory") == 1
    assert default_path().is_dir() and not any(default_path().iterdir())


def test_under_nohup_a_hangup_does_not_stop_the_run(routine: Path, tmp_path: Path) -> None:
    run = Run(routine, tmp_path / "events.jsonl", nohup=True)
    try:
        run.expect("Hold — Calf stretch")
        run.proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        assert run.proc.poll() is None  # still playing, as nohup asked
        os.write(run.master, b"q")
        run.expect("How do your legs feel now?")
        os.write(run.master, b"\r")  # Enter skips
        assert run.proc.wait(timeout=15) == 0
    finally:
        run.close()
    assert only_session().ended_by == "quit"


def test_plain_asks_before_with_checkin_before_and_after_at_the_end(
        tmp_path: Path, isolated_home: Path) -> None:
    settings = isolated_home / ".config" / "rls-stretch" / "settings.yaml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("checkin_before: true\nposition_change: 0\n")
    short = tmp_path / "short.yaml"
    short.write_text(SHORT, encoding="utf-8")
    run = Run(short, tmp_path / "events.jsonl")
    try:
        run.expect("How do your legs feel now?")
        os.write(run.master, b"eleven\r")
        run.expect("expected a whole number from 0 to 10")  # said, asked again
        os.write(run.master, b"7\r")
        text = run.expect("Done: 4 s of Diary check.")
        run.expect("How do your legs feel now?", since=text.index("Done: 4 s"))
        os.write(run.master, b"10\r")
        assert run.proc.wait(timeout=15) == 0
    finally:
        run.close()
    s = only_session()
    assert s.completed and s.ended_by == "finished"
    with Diary.open(create=False) as d:
        assert [(c.kind, c.urge, c.session_id) for c in d.checkins()] == \
            [("before", 7, s.id), ("after", 10, s.id)]
