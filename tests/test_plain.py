"""`--plain`: a real-time run on the real clock, and keys through a real pseudo-terminal."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from test_session import move, timeline

from rls_stretch.cli.plain import run_plain, segment_line
from rls_stretch.session.session import Event, Session
from rls_stretch.timeline.model import Segment

TESTS = Path(__file__).resolve().parent


def test_segment_lines_read_as_sentences():
    calf = move("Calf stretch")
    hold = Segment(index=1, kind="hold", seconds=30, start=5, label="Hold", move=calf,
                   side="left")
    assert segment_line(hold) == "[0:05] Hold — Calf stretch, left side — 30 s"
    breath = Segment(index=9, kind="inhale", seconds=4, start=95.5, label="Breath 3 of 5",
                     move=calf)
    # positions round half up like every clock face (timefmt.format_seconds): 95.5 -> 1:36
    assert segment_line(breath) == "[1:36] Breath 3 of 5: breathe in — Calf stretch — 4 s"
    rest = Segment(index=2, kind="rest", seconds=90, start=3725, label="Rest")
    assert segment_line(rest) == "[1:02:05] Rest — 1 min 30 s"
    done = Segment(index=3, kind="done", seconds=0, start=60, label="Done")
    assert segment_line(done) == "[1:00] Done"
    # durations: words rounded half up from a minute on, fractions kept under one
    long_rest = Segment(index=4, kind="rest", seconds=90.5, start=0, label="Rest")
    assert segment_line(long_rest) == "[0:00] Rest — 1 min 31 s"
    rep = Segment(index=5, kind="rep", seconds=2.5, start=0, label="Rep 1 of 4", move=calf)
    assert segment_line(rep) == "[0:00] Rep 1 of 4 — Calf stretch — 2.5 s"


def test_a_real_time_run_prints_each_segment_and_ends_on_time():
    tl = timeline([(move("Calf stretch"), [("prepare", 0.5), ("hold", 1.5, "left")]),
                   (None, [("rest", 0.5)])])
    session = Session(tl)
    updates = 0
    real_update = session.update

    def counted() -> list[Event]:
        nonlocal updates
        updates += 1
        return real_update()

    session.update = counted  # type: ignore[method-assign]
    seen: list[Event] = []
    out = io.StringIO()
    rc = run_plain(session, out=out, on_event=seen.append)
    assert rc == 0 and session.state == "finished"
    assert out.getvalue().splitlines() == [
        "By hand: 2.5 s, 1 move.",
        "[0:00] Get ready: Calf stretch — 0.5 s",
        "  Do the Calf stretch.",
        "[0:01] Hold — Calf stretch, left side — 1.5 s",
        "[0:02] Rest — 0.5 s",
        "[0:03] Done",
        "Done: 2.5 s of By hand.",
    ]
    start, finish = seen[0], seen[-1]
    assert finish.kind == "finish" and finish.due == pytest.approx(start.due + 2.5, abs=1e-9)
    assert 0 <= finish.t - finish.due < 0.05  # woke on the deadline, not by polling
    assert updates <= 12  # a few wakes per second at most, never a busy loop


def test_without_a_keyboard_a_wait_goes_on_by_itself():
    tl = timeline([(move("Ankle circles", wait=True), [("prepare", 0.2), ("rep", 0.3)])])
    out = io.StringIO()
    assert run_plain(Session(tl), out=out) == 0
    assert "No keyboard to wait for: going on." in out.getvalue().splitlines()


CHILD = r"""
import sys, termios
sys.path.insert(0, {tests!r})
from test_session import move, timeline
from rls_stretch.cli.plain import run_plain
from rls_stretch.session.session import Session
tl = timeline([(move("Calf stretch"), [("prepare", 5), ("hold", 15, "left")]),
               (None, [("rest", 10)])])
before = termios.tcgetattr(0)
rc = run_plain(Session(tl))
print("restored:", termios.tcgetattr(0) == before, flush=True)
sys.exit(rc)
"""


class Pty:
    """A child Python with a pseudo-terminal as its controlling terminal."""

    def __init__(self) -> None:
        self.master, self.slave = pty.openpty()
        self.before = termios.tcgetattr(self.slave)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD.format(tests=str(TESTS))],
            stdin=self.slave, stdout=self.slave, stderr=self.slave, start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0), env=dict(os.environ))
        self.text = ""

    def expect(self, needle: str, timeout: float = 10.0) -> str:
        end = time.monotonic() + timeout
        while needle not in self.text:
            left = end - time.monotonic()
            assert left > 0, f"no {needle!r} in:\n{self.text}"
            if select.select([self.master], [], [], left)[0]:
                self.text += os.read(self.master, 4096).decode("utf-8", "replace")
        return self.text

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self) -> int:
        rc = self.proc.wait(timeout=10)
        self.expect("restored:")
        return rc

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def child():
    p = Pty()
    yield p
    p.close()


def lflags(attrs: list) -> int:
    return attrs[3] & (termios.ECHO | termios.ICANON)


def test_q_quits_cleanly_and_restores_the_terminal(child: Pty):
    child.expect("Keys: space")
    assert lflags(termios.tcgetattr(child.slave)) == 0  # cbreak, no echo, while running
    child.send(b"q")
    assert child.finish() == 0
    text = child.expect("restored: True")
    assert "Stopped early: By hand." in text and "Traceback" not in text
    assert lflags(termios.tcgetattr(child.slave)) == lflags(child.before) != 0


def test_keys_pause_resume_skip_extend_and_back(child: Pty):
    child.expect("Keys: space")
    child.send(b" ")
    child.expect("Paused. Press space to go on.")
    child.send(b" ")
    child.expect("Going on.")
    child.send(b"n")
    child.expect("Skipping Calf stretch.")
    child.expect("] Rest — 10 s")
    child.send(b"+")
    child.expect("+10 s: 20 s left.")
    child.send(b"-")
    child.expect("-10 s: 10 s left.")
    child.send(b"b")  # under 3 s into the rest: back to the calf stretch
    child.expect("Going back.\r\n[0:0")
    child.send(b"q")
    assert child.finish() == 0
    # back to the calf stretch's get-ready; the stamp is the run's clock, so it stays put
    assert re.search(r"Going back\.\r\n\[0:0\d\] Get ready: Calf stretch — 5 s", child.text)
    assert "Traceback" not in child.text


def test_ctrl_c_stops_without_a_traceback(child: Pty):
    child.expect("Keys: space")
    child.send(b"\x03")  # the terminal turns it into SIGINT for the child
    assert child.finish() == 130
    text = child.expect("restored: True")
    assert "Stopped early: By hand." in text and "Traceback" not in text
    assert "KeyboardInterrupt" not in text
    assert lflags(termios.tcgetattr(child.slave)) == lflags(child.before)


def test_sigterm_stops_cleanly_too(child: Pty):
    child.expect("Keys: space")
    child.proc.send_signal(signal.SIGTERM)
    assert child.finish() == 143
    text = child.expect("restored: True")
    assert "Stopped early: By hand." in text and "Traceback" not in text
