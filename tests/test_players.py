"""System players under control: fake players on PATH (one that hangs, one that exits 1),
played through the real command line in plain mode with no sound card.

Each fake records its pid when it starts and whether another fake was still alive then;
after the program has exited, none may be left running.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROUTINE = """\
name: Short test
transition: 2s
steps:
  - move:
      name: Calf stretch
      position: standing
      sides: none
      hold: 4s
      instructions: Lean on the wall.
"""

FAKE = """\
#!{python}
import os, sys, time
log = {log!r}
mine = os.getpid()
others = []
if os.path.exists(log):
    for line in open(log):
        pid = int(line.split()[0])
        try:
            state = open(f"/proc/{{pid}}/stat").read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            others.append(pid)
with open(log, "a") as f:
    f.write(f"{{mine}} {{'overlap' if others else 'alone'}} {{sys.argv[-1]}}\\n")
probe = "rls-stretch-probe" in sys.argv[-1]
mode = {mode!r}
if mode == "hang-probe" or (mode == "hang" and not probe):
    time.sleep(1000)
sys.exit(1 if mode == "fail" and not probe else 0)
"""


def fake_player(bin_dir: Path, name: str, mode: str, log: Path) -> None:
    bin_dir.mkdir(exist_ok=True)
    path = bin_dir / name
    path.write_text(FAKE.format(python=sys.executable, log=str(log), mode=mode))
    path.chmod(0o755)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def run(home: Path, bin_dir: Path, *args: str, timeout: float = 60):
    routine = home / "short.yaml"
    routine.write_text(ROUTINE)
    (home / ".asoundrc").write_text("pcm.!default { type no_such_plugin }\n")  # no card
    env = {**os.environ, "HOME": str(home), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    env.pop("RLS_STRETCH_AUDIO", None)
    return subprocess.run([sys.executable, "-m", "rls_stretch", "run", str(routine), "--plain",
                           *args], capture_output=True, text=True, env=env, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def records(log: Path) -> list[list[str]]:
    return [line.split() for line in log.read_text().splitlines()] if log.exists() else []


@pytest.mark.parametrize("mode", ["hang", "fail"])
def test_a_player_that_hangs_or_fails_is_killed_said_once_and_leaves_no_child(
        isolated_home: Path, tmp_path: Path, mode: str):
    log, bin_dir, events = tmp_path / "fake.log", tmp_path / "bin", tmp_path / "ev.jsonl"
    fake_player(bin_dir, "pw-play", mode, log)
    result = run(isolated_home, bin_dir, "--events", str(events))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    seen = records(log)
    assert len(seen) >= 2  # the probe, then at least one cue
    assert all(r[1] == "alone" for r in seen), seen  # never two at a time
    assert not [r[0] for r in seen if alive(int(r[0]))]  # none outlives the program
    said = [line for line in result.stdout.splitlines() if line.startswith("Sound: pw-play failed")]
    assert len(said) == 1, result.stdout
    assert ("still running" in said[0]) if mode == "hang" else ("status 1" in said[0])
    lines = [json.loads(x) for x in events.read_text().splitlines()]
    falls = [x for x in lines if x["event"] == "sound_fallback" and x["from"] == "pw-play"]
    assert len(falls) == 1 and falls[0]["reason"] in said[0]
    if mode == "hang":  # one hung sound, killed: not one per cue
        assert len(seen) == 2, seen


def test_a_player_hanging_at_its_probe_is_killed_and_passed_over(
        isolated_home: Path, tmp_path: Path):
    log, bin_dir = tmp_path / "fake.log", tmp_path / "bin"
    fake_player(bin_dir, "pw-play", "hang-probe", log)
    began = time.monotonic()
    result = run(isolated_home, bin_dir)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - began < 30
    seen = records(log)
    assert len(seen) == 1 and "rls-stretch-probe" in seen[0][2]  # only the probe ran
    assert not alive(int(seen[0][0]))
    assert "Sound:" in result.stdout  # what plays instead is said at the start
