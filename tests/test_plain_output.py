"""`--plain` output as a person and a script meet it: a reader that goes away (`| head -1`,
a closed pipe mid-run, a write that fails), lines wrapped at words to the terminal, [m:ss]
stamps that never go back, the summary of a stopped run, and `s` for the other side."""

from __future__ import annotations

import io
import json
import os
import random
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_session import T0, drive, move, short, sided, started, timeline

from rls_stretch.cli.plain import _keys, _Printer, run_plain, wrap
from rls_stretch.session.clock import FakeClock
from rls_stretch.session.session import Session

# These count a run's seconds: get-readies as the routine file has them.
pytestmark = pytest.mark.usefixtures("no_position_change")

MINUTE = """\
name: Closed pipe
transition: 2s
steps:
  - move:
      name: Long hold
      position: lying
      sides: both
      hold: 30s
      instructions: Lie still and let the legs go heavy, one and then the other.
"""


def rls_cmd(*args: str) -> str:
    return " ".join(shlex.quote(a) for a in (sys.executable, "-m", "rls_stretch", *args))


def events(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# -- the output goes away ------------------------------------------------------------------


def test_head_1_stops_the_run_at_once_quietly_and_records_the_stop(tmp_path: Path):
    routine = tmp_path / "minute.yaml"
    routine.write_text(MINUTE)
    log = tmp_path / "events.jsonl"
    cmd = rls_cmd("run", str(routine), "--plain", "--mute", "--events", str(log))
    t0 = time.monotonic()
    r = subprocess.run(["bash", "-c", f"{cmd} 2>{tmp_path}/err | head -1; "
                                      "echo \"${PIPESTATUS[0]}\""],
                       capture_output=True, text=True, timeout=30, env=dict(os.environ),
                       stdin=subprocess.DEVNULL)
    took = time.monotonic() - t0
    first, status = r.stdout.splitlines()
    assert first == "Closed pipe: 1 min 7 s, 1 move."
    assert status == "141"  # 128 + SIGPIPE: ended by the closed pipe, not played through
    assert took < 15  # not the 67 s of the routine
    assert (tmp_path / "err").read_text() == ""  # quietly: no traceback, no "Exception ignored"
    last = events(log)[-1]
    assert last["event"] == "stop" and last["reason"] == "output closed"


def test_a_reader_that_goes_away_mid_run_stops_it_within_a_moment(tmp_path: Path):
    routine = tmp_path / "minute.yaml"
    routine.write_text(MINUTE)
    log = tmp_path / "events.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "rls_stretch", "run", str(routine), "--plain", "--mute",
         "--events", str(log)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, env=dict(os.environ))
    try:
        assert proc.stdout is not None
        assert b"Get ready" in proc.stdout.readline() + proc.stdout.readline()
        time.sleep(2.5)  # into the hold: the next line is 30 s away
        proc.stdout.close()
        t0 = time.monotonic()
        rc = proc.wait(timeout=10)
        assert time.monotonic() - t0 < 3  # seen at once, not at the next line
        assert rc == 141
        assert proc.stderr is not None and proc.stderr.read() == b""
    finally:
        if proc.poll() is None:
            proc.kill()
    last = events(log)[-1]
    assert last["event"] == "stop" and last["reason"] == "output closed"


class FailingOut(io.StringIO):
    """Output that fails after `lines` lines, the way a gone reader fails."""

    def __init__(self, lines: int, error: BaseException) -> None:
        super().__init__()
        self.lines, self.error = lines, error

    def write(self, text: str) -> int:
        if self.getvalue().count("\n") >= self.lines:
            raise self.error
        return super().write(text)


@pytest.mark.parametrize("error", [BrokenPipeError(32, "Broken pipe"),
                                   OSError(5, "Input/output error"), ValueError("closed file")],
                         ids=["EPIPE", "EIO (hung-up terminal)", "closed file"])
@pytest.mark.parametrize("lines", [0, 1, 3])
def test_any_failed_write_of_a_gone_reader_stops_the_run(error: BaseException, lines: int):
    tl = timeline([(move("Calf stretch"), [("prepare", 0.2), ("hold", 30, "left")])])
    session = Session(tl)
    seen = []
    t0 = time.monotonic()
    rc = run_plain(session, out=FailingOut(lines, error), on_event=seen.append, keys=False)
    assert time.monotonic() - t0 < 5
    assert rc == 141 and session.state == "stopped"
    assert seen[-1].kind == "stop" and seen[-1].reason == "output closed"


def test_another_write_error_is_not_taken_for_a_closed_reader():
    tl = timeline([(move("Calf stretch"), [("prepare", 0.2)])])
    session = Session(tl)
    with pytest.raises(OSError):
        _Printer(session, FailingOut(0, OSError(28, "No space left on device")), False).say("x")


# -- wrapped lines, stamps, the summary ----------------------------------------------------


@pytest.mark.parametrize("width", [20, 40, 61, 80])
def test_lines_wrap_at_words_to_the_width(width: int):
    text = ("  Stand facing a wall, hands on it at shoulder height; step one foot back, heel "
            "down, and lean in until the calf stretches (never into pain).")
    lines = wrap(text, width).splitlines()
    assert all(len(line) <= width for line in lines), lines
    assert " ".join(w for line in lines for w in line.split()) == " ".join(text.split())
    assert all(line.startswith("  ") for line in lines)
    stamped = wrap("[12:05] Breath 3 of 5: breathe in — Half forward fold, left side — 4 s",
                   width).splitlines()
    assert all(len(line) <= width for line in stamped)
    assert all(line.startswith(" ") for line in stamped[1:])


def test_a_plain_run_wraps_its_instructions_to_columns(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "40")
    long = move("Calf stretch")
    long = type(long)(**{**long.__dict__, "instructions": "word " * 30 + "end."})
    tl = timeline([(long, [("prepare", 0.1)])])
    out = io.StringIO()
    assert run_plain(Session(tl), out=out, keys=False) == 0
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 40 for line in lines), lines
    assert sum("word" in line for line in lines) >= 4


def stamps(text: str) -> list[int]:
    out = []
    for m in re.finditer(r"^\[(\d+):(\d\d)\]", text, re.M):
        out.append(int(m.group(1)) * 60 + int(m.group(2)))
    return out


def test_stamps_do_not_go_back_after_plus_ten():
    """The reported case: pause in a hold, +10 s, go on: the stamps went back 5 s."""
    s, clock, _ = started(timeline([sided("A", hold=30)]))
    out = io.StringIO()
    s.subscribe(_Printer(s, out, keys=True))
    drive(s, clock, until=T0 + 25)
    s.pause()
    s.extend(10)
    s.resume()
    clock.advance(3)
    s.next()
    drive(s, clock)
    got = stamps(out.getvalue())
    assert got == sorted(got) and got[-1] >= 28, out.getvalue()


@pytest.mark.parametrize("seed", range(25))
def test_stamps_never_go_back_whatever_is_pressed(seed: int):
    rng = random.Random(seed)
    s, clock, _ = started(timeline([sided("A", hold=12), (None, [("rest", 6)]),
                                    sided("B", hold=8)]))
    out = io.StringIO()
    s.subscribe(_Printer(s, out, keys=True))
    for _ in range(200):
        if s.state not in ("running", "paused"):
            break
        if rng.random() < 0.3:
            _keys(s, rng.choice(" nsb+-g"))
        elif s.state == "paused" or s.waiting:
            clock.advance(rng.uniform(0, 10))
            s.resume() if s.state == "paused" else s.go()
        else:
            clock.set(max(clock.now(), s.next_wake() + rng.uniform(0, 1)))
            s.update()
    s.stop()
    got = stamps(out.getvalue())
    assert got == sorted(got), out.getvalue()


def test_a_stopped_run_prints_the_summary_as_the_summary_screen_does():
    from rls_stretch.session.summary import summary_rows

    s, clock, _ = started(short())
    out = io.StringIO()
    s.subscribe(_Printer(s, out, keys=True))
    drive(s, clock, until=T0 + 8)
    s.next()
    clock.advance(2)
    s.stop()
    text = out.getvalue()
    assert "[0:08] Skipping A." in text.splitlines()
    lines = text[text.index("Stopped early: By hand."):].splitlines()
    rows = summary_rows(s.summary())
    assert [ln.split(None, 2)[0] for ln in lines[1:1 + len(rows)]] == [
        k.split()[0] for k, _ in rows]
    assert "  Moves done  0 of 2" in lines and "  Skipped     A" in lines
    assert lines[-1] == "Stopped is fine: any stretching helps."


def test_s_goes_to_the_other_side_and_says_so():
    s, clock, _ = started(timeline([sided("A", hold=30)]))
    out = io.StringIO()
    s.subscribe(_Printer(s, out, keys=True))
    drive(s, clock, until=T0 + 9)
    _keys(s, "s")
    assert s.segment.kind == "switch"
    assert "[0:09] On to the right side." in out.getvalue().splitlines()
    _keys(s, "s")  # no other side ahead: nothing happens, nothing is said
    assert out.getvalue().count("On to the") == 1


def test_fake_clock_is_what_the_printer_reads():
    # the printer reads the session's clock, never the wall: a FakeClock run prints 0:00
    s = Session(timeline([(move("A"), [("hold", 5)])]), FakeClock(T0))
    out = io.StringIO()
    s.subscribe(_Printer(s, out, keys=False))
    s.start()
    assert "[0:00] Hold — A — 5 s" in out.getvalue()
