"""Time to the first frame of the TUI, against a bare Textual app showing one Static.

Each program starts in a fresh pseudo-terminal (100x30, TERM=xterm-256color); the time is
from the spawn to the moment its first screen's text has been written to the terminal
(the marker: the routine's name, the home screen's title, the Static's text). Runs are
interleaved, so machine noise hits both alike; medians are compared. Goal: <= 1.5x.

    python bench/first_frame.py [--quick]
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

BARE = """\
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare textual ready")

Bare().run()
"""
ROUTINE = """\
name: First frame bench
transition: 5s
steps:
  - move: {name: Long hold, position: lying, hold: 60s, instructions: Lie still.}
"""


def rls_cmd() -> list[str]:
    exe = shutil.which("rls-stretch", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "rls_stretch"]


def env_for(home: Path) -> dict[str, str]:
    return dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "c"),
                XDG_DATA_HOME=str(home / "d"), XDG_CACHE_HOME=str(home / "k"),
                RLS_STRETCH_AUDIO="silent", TERM="xterm-256color", COLUMNS="100",
                LINES="30")


def first_frame(cmd: list[str], marker: bytes, env: dict[str, str],
                timeout: float = 30.0) -> float:
    """Seconds from spawn until `marker` has been written to the pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while marker not in seen:
            left = timeout - (time.perf_counter() - t0)
            if left <= 0:
                raise RuntimeError(f"no {marker!r} within {timeout} s: {seen[-500:]!r}")
            if select.select([master], [], [], left)[0]:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    raise RuntimeError(f"{cmd} ended before its first frame: {seen!r}") from None
        return time.perf_counter() - t0
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        os.close(master)


def rows(quick: bool = False) -> list[dict]:
    n = 5 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = env_for(home)
        routine = home / "bench.yaml"
        routine.write_text(ROUTINE)
        bare = home / "bare.py"
        bare.write_text(BARE)
        cases = {
            "bare": ([sys.executable, str(bare)], b"bare textual ready"),
            "run": ([*rls_cmd(), "run", str(routine), "--mute"], b"First frame bench"),
            "home": ([*rls_cmd()], b"rls-stretch"),
        }
        for cmd, marker in cases.values():  # warm: caches, .pyc, the page cache
            first_frame(cmd, marker, env)
        times: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(n):
            for name, (cmd, marker) in cases.items():
                times[name].append(first_frame(cmd, marker, env))
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    out = []
    for name, label in (("run", "TUI first frame, `run FILE`"),
                        ("home", "TUI first frame, home screen")):
        out.append({
            "figure": f"{label} (median of {n})",
            "ours": f"{med[name]:.0f} ms",
            "comparison": f"bare Textual app, one Static: {med['bare']:.0f} ms",
            "ratio": med[name] / med["bare"],
            "goal": "<= 1.5",
        })
    return out


if __name__ == "__main__":
    for row in rows(quick="--quick" in sys.argv):
        print(row)
