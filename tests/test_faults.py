"""What a person at bedtime must never meet: start-up faults of the full-screen interface
are one line and a non-zero exit; an unexpected error anywhere gives the terminal back,
writes the traceback to a log file in the cache dir and says where; an events log on a
full disk is said once and the routine plays on."""

from __future__ import annotations

import errno
import json
import os
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_session import drive, short, started
from tmuxterm import Tmux

from rls_stretch.session.events import EventLog

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

# These count a run's seconds: get-readies as the routine file has them.
pytestmark = pytest.mark.usefixtures("no_position_change")


ROUTINE = """\
name: Fault check
transition: 1s
steps:
  - move: {name: Short hold, position: lying, sides: both, hold: 2s, instructions: Hold still.}
"""
LONG = ROUTINE.replace("hold: 2s", "hold: 60s")


def cmd(*args: str, python: list[str] | None = None) -> str:
    return " ".join(shlex.quote(a) for a in (*(python or [sys.executable, "-m", "rls_stretch"]),
                                            *args))


def lines_of(screen: str) -> list[str]:
    return [ln for ln in screen.splitlines() if ln.strip()]


# -- start-up faults of the TUI: one line, non-zero --------------------------------------


def startup_faults(tmp: Path) -> list[tuple[str, str, str, int]]:
    """(name, shell prefix, rls-stretch arguments, exit status) for each kind of fault."""
    good = tmp / "good.yaml"
    good.write_text(ROUTINE)
    bad = tmp / "bad.yaml"
    bad.write_text("name: Bad\nsteps:\n  - move: no-such-move\n")
    return [
        ("unknown RLS_STRETCH_AUDIO", "RLS_STRETCH_AUDIO=bogus", f"run {good}", 2),
        ("unknown RLS_STRETCH_AUDIO, home", "RLS_STRETCH_AUDIO=bogus", "", 2),
        ("TERM=dumb", "TERM=dumb", f"run {good}", 2),
        ("TERM=dumb, home", "TERM=dumb", "", 2),
        ("--events unwritable", "", f"run {good} --events {tmp}/no/such/dir/e.jsonl", 2),
        ("a routine that does not load", "", f"run {bad}", 1),
        ("a budget too short", "", f"run {good} --minutes 0.05", 1),
    ]


@needs_tmux
def test_every_start_up_fault_of_the_tui_is_one_line_and_non_zero(tmp_path: Path):
    term = Tmux(200, 30)
    script = []
    faults = startup_faults(tmp_path)
    for name, prefix, args, _ in faults:
        script.append(f"echo '== {name}'; {prefix} {cmd(*shlex.split(args))}; echo \"EXITED=$?\"")
    runner = tmp_path / "faults.sh"
    runner.write_text("\n".join(script) + "\necho ALL-DONE\nsleep 60\n")
    try:
        term.start(f"bash {runner}")
        screen = term.wait_for("ALL-DONE", timeout=60)
    finally:
        term.kill()
    blocks = screen.split("ALL-DONE")[0].split("== ")[1:]
    assert len(blocks) == len(faults), screen
    for (name, _, _, status), block in zip(faults, blocks, strict=True):
        out = lines_of(block)
        assert out[0] == name, screen
        assert len(out) == 3 and out[1].startswith("rls-stretch: "), (name, out)
        assert out[2] == f"EXITED={status}", (name, out)
    assert "Traceback" not in screen


# -- an unexpected error: the terminal back, a crash log, one line -------------------------


CRASH_TUI = """
import sys
from rls_stretch.cli.main import main
from rls_stretch.tui.screens.player import PlayerScreen

def boom(self):
    raise RuntimeError("boom in the player")

PlayerScreen.{action} = boom
sys.exit(main(sys.argv[1:]))
"""


@needs_tmux
@pytest.mark.parametrize("key,action", [("n", "action_next"), ("Space", "action_pause")])
def test_an_unexpected_error_in_the_tui_restores_the_terminal_and_writes_a_crash_log(
        tmp_path: Path, isolated_home: Path, key: str, action: str):
    routine = tmp_path / "long.yaml"
    routine.write_text(LONG)
    events = tmp_path / "events.jsonl"
    child = tmp_path / "child.py"
    child.write_text(CRASH_TUI.format(action=action))
    line = cmd("run", str(routine), "--mute", "--events", str(events),
               python=[sys.executable, str(child)])
    term = Tmux(100, 30)
    try:
        term.start(f"{line}; echo EXITED=$?; stty -a | grep -o -- '-\\?echo ' | head -1; "
                   "echo THE-END; sleep 60")
        term.wait_for("Short hold")
        term.send(key)
        screen = term.wait_for("THE-END")
        screen = screen[:screen.index("THE-END")]
    finally:
        term.kill()
    assert "Short hold" not in screen  # the alternate screen is gone
    out = lines_of(screen)
    said = " ".join(out[:-2])
    assert said.startswith("rls-stretch: unexpected error (RuntimeError: boom in the player); "
                           "the details are in "), screen
    assert out[-2] == "EXITED=70" and out[-1] == "echo"  # and the tty echoes again
    logs = list((isolated_home / ".cache" / "rls-stretch").glob("crash-*.log"))
    assert len(logs) == 1 and logs[0].name in said.replace(" ", "")
    text = logs[0].read_text()
    assert "Traceback" in text and "boom in the player" in text and "rls-stretch 0." in text
    assert "Traceback" not in screen
    kinds = [json.loads(x)["event"] for x in events.read_text().splitlines()]
    assert kinds[0] == "start" and kinds[-1] == "stop"  # the stop is recorded


CRASH_PLAIN = """
import sys
from rls_stretch.cli.main import main
from rls_stretch.session.session import Session

real = Session.update
calls = 0

def update(self):
    global calls
    calls += 1
    if calls > {after}:
        raise {error}
    return real(self)

Session.update = update
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("error", ["RuntimeError('boom')", "KeyError('segment')",
                                   "AttributeError('no such thing')"])
@pytest.mark.parametrize("after", [0, 3])
def test_an_unexpected_error_in_plain_mode_is_one_line_and_a_crash_log(
        tmp_path: Path, isolated_home: Path, error: str, after: int):
    routine = tmp_path / "long.yaml"
    routine.write_text(LONG)
    events = tmp_path / "events.jsonl"
    child = tmp_path / "child.py"
    child.write_text(CRASH_PLAIN.format(after=after, error=error))
    r = subprocess.run([sys.executable, str(child), "run", str(routine), "--plain", "--mute",
                        "--events", str(events)], capture_output=True, text=True, timeout=30,
                       env=dict(os.environ), stdin=subprocess.DEVNULL)
    assert r.returncode == 70
    err = r.stderr.splitlines()
    assert len(err) == 1 and err[0].startswith("rls-stretch: unexpected error ("), r.stderr
    path = Path(err[0].rsplit("the details are in ", 1)[1])
    assert path.parent == isolated_home / ".cache" / "rls-stretch"
    assert error.split("(")[0] in path.read_text() and "Traceback" in path.read_text()
    last = json.loads(events.read_text().splitlines()[-1])
    assert last["event"] == "stop" and last["reason"] == "error"


def test_with_no_cache_dir_to_write_the_crash_log_goes_to_the_temp_dir(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from rls_stretch.cli.main import write_crash_log

    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file: no dir can be made there
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    try:
        raise ValueError("x")
    except ValueError as e:
        path = write_crash_log(e, ["run", "x"])
    assert path is not None and path.parent == tmp_path / "tmp"
    assert "command: rls-stretch run x" in path.read_text()


# -- the events log on a full disk -----------------------------------------------------


class FailingFile:
    """A file whose writes fail with `code`, as a full (or vanished) disk fails them."""

    closed = False

    def __init__(self, code: int) -> None:
        self.code = code

    def write(self, text: str) -> int:
        raise OSError(self.code, os.strerror(self.code))

    flush = write

    def close(self) -> None:
        self.closed = True
        raise OSError(self.code, os.strerror(self.code))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG,
                                  errno.EROFS])
def test_any_failed_write_of_the_events_log_is_said_once_and_play_goes_on(
        tmp_path: Path, code: int):
    said: list[str] = []
    log = EventLog(tmp_path / "e.jsonl", on_error=said.append)
    log._file.close()
    log._file = FailingFile(code)  # type: ignore[assignment]
    s, clock, seen = started(short())
    s.subscribe(log)
    drive(s, clock)
    log.close()
    assert said == [f"--events: cannot write {tmp_path / 'e.jsonl'}: {os.strerror(code)}; "
                    "going on without the events log"]
    assert s.errors == [] and s.state == "finished"


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """An 8 KiB tmpfs (needs root and mount; skipped elsewhere)."""
    where = tmp_path / "tiny"
    where.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(where)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.fixture
def full_disk(tiny_disk: Path) -> Path:
    """The tiny tmpfs filled to the last byte: a write there fails with ENOSPC. (A device
    such as /dev/full is refused as --events before anything plays: not a file.)"""
    fd = os.open(tiny_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"x" * 512)
    except OSError:
        pass
    finally:
        os.close(fd)
    return tiny_disk


def test_a_full_disk_in_plain_mode_is_one_line_at_the_first_write_and_the_run_plays_on(
        tmp_path: Path, full_disk: Path):
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE)
    log = full_disk / "events.jsonl"
    r = subprocess.run([sys.executable, "-m", "rls_stretch", "run", str(routine), "--plain",
                        "--mute", "--events", str(log)], capture_output=True, text=True,
                       timeout=60, env=dict(os.environ), stdin=subprocess.DEVNULL)
    assert r.returncode == 0
    assert r.stderr == (f"rls-stretch: --events: cannot write {log}: No space left on "
                        "device; going on without the events log\n")
    assert r.stdout.splitlines()[-1] == "Done: 10 s of Fault check."


def test_a_disk_that_fills_mid_run_is_said_once_and_the_log_keeps_what_it_had(
        tmp_path: Path, tiny_disk: Path):
    (tiny_disk / "filler").write_bytes(b"x" * 4096)  # one of its two pages left
    log = tiny_disk / "events.jsonl"
    routine = tmp_path / "r.yaml"  # some 8 KiB of events: more than the page left
    routine.write_text(ROUTINE.replace("hold: 2s", "reps: 6, rep_time: 1s"))
    r = subprocess.run([sys.executable, "-m", "rls_stretch", "run", str(routine), "--plain",
                        "--mute", "--events", str(log)], capture_output=True, text=True,
                       timeout=60, env=dict(os.environ), stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    assert r.stderr == (f"rls-stretch: --events: cannot write {log}: No space left on "
                        "device; going on without the events log\n")
    assert "Done: 18 s of Fault check." in r.stdout
    kept = log.read_text().splitlines()
    assert kept and json.loads(kept[0])["event"] == "start"
    for line in kept[:-1]:
        json.loads(line)  # whole lines, but for the one cut by the full disk


@needs_tmux
def test_a_full_disk_in_the_tui_is_said_on_screen_and_the_exit_is_clean(tmp_path: Path,
                                                                         full_disk: Path):
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE)
    log = full_disk / "events.jsonl"
    term = Tmux(160, 30)
    try:
        term.start(f"{cmd('run', str(routine), '--mute', '--events', str(log))}; "
                   "echo EXITED=$?; sleep 60")
        screen = term.wait_for("cannot write")
        assert "Short hold" in screen
        screen = term.wait_for("Routine complete", timeout=30)  # it played on to the end
        term.send("q")
        screen = term.wait_for("EXITED=")
    finally:
        term.kill()
    assert "EXITED=0" in screen and "Traceback" not in screen
    assert textwrap.dedent(screen).count("rls-stretch:") == 0


CRASH_PLAIN_TTY = r"""
import sys, termios
from rls_stretch.cli.main import main
from rls_stretch.session.session import Session

real, calls = Session.update, [0]

def update(self):
    calls[0] += 1
    if calls[0] > 3:
        raise RuntimeError("boom in plain")
    return real(self)

Session.update = update
before = termios.tcgetattr(0)
rc = main(sys.argv[1:])
print("restored:", termios.tcgetattr(0) == before, "rc:", rc, flush=True)
"""


def test_an_unexpected_error_in_plain_mode_gives_the_terminal_back(tmp_path: Path):
    """Keys are read in cbreak mode on a terminal: a crash must not leave it without echo."""
    import pty
    import select
    import time

    routine = tmp_path / "long.yaml"
    routine.write_text(LONG)
    child = tmp_path / "child.py"
    child.write_text(CRASH_PLAIN_TTY)
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, str(child), "run", str(routine), "--plain",
                             "--mute"], stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True, env=dict(os.environ))
    text = ""
    try:
        end = time.monotonic() + 30
        while "restored:" not in text or not text.rstrip().endswith("70"):
            assert time.monotonic() < end, text
            if select.select([master], [], [], 1)[0]:
                text += os.read(master, 4096).decode("utf-8", "replace")
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
        os.close(slave)
    assert "restored: True rc: 70" in text
    assert "rls-stretch: unexpected error (RuntimeError: boom in plain); the details are in" \
        in text.replace("\r\n", " ").replace("\n", " ")
    assert "Traceback" not in text
