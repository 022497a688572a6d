"""The player, measured as a person meets it, in one run:

1. end-of-routine error of a real-time `--plain` run of a 60 s routine (goal <= 20 ms),
   and cue latency p95 from its events log (goal <= 20 ms), and its peak RSS;
2. CPU of the TUI counting down in tmux, against `termdown` counting down beside it in the
   same tmux server over the same window (goal: ratio <= 1.0), and the TUI's peak RSS.

    python bench/player.py            # about 100 s
    python bench/player.py --quick    # a 20 s routine, 10 s CPU window: for a smoke check

Needs tmux and termdown (`pip install termdown`) for part 2; part 1 runs anywhere.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUTINE = """\
name: Bench minute
transition: 0
steps:
  - move: {{name: Hold, position: lying, hold: {hold}s, instructions: Hold still.}}
  - rest: {rest}s
  - breathe: {{inhale: 5, exhale: 5, cycles: {cycles}}}
"""


def rls_cmd() -> list[str]:
    exe = shutil.which("rls-stretch", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "rls_stretch"]


def env_for(home: Path) -> dict[str, str]:
    return dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "c"),
                XDG_DATA_HOME=str(home / "d"), XDG_CACHE_HOME=str(home / "k"),
                RLS_STRETCH_AUDIO="silent")


def plain_run(routine: Path, planned: float, home: Path) -> None:
    events = home / "events.jsonl"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([*rls_cmd(), "run", str(routine), "--plain", "--events", str(events)],
                   env=env_for(home), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   check=True)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    lines = [json.loads(x) for x in events.read_text().splitlines()]
    start = next(e["t"] for e in lines if e["event"] == "start")
    finish = next(e["t"] for e in lines if e["event"] == "finish")
    error_ms = abs((finish - start) - planned) * 1000
    lat = sorted((e["t"] - e["due"]) * 1000 for e in lines if e["event"] == "cue" and "due" in e)
    p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))] if lat else float("nan")
    print(f"plain run of a {planned:g} s routine: ended {error_ms:.1f} ms off plan (goal <= 20)")
    print(f"cue latency over {len(lat)} cues: median {statistics.median(lat):.2f} ms, "
          f"p95 {p95:.2f} ms, max {lat[-1]:.2f} ms (goal p95 <= 20)")
    print(f"plain run peak RSS: {max(rss, before) / 1024:.1f} MiB")


def _tree_cpu(pid: int) -> float:
    """utime+stime in seconds of pid and all its descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for t in Path(f"/proc/{p}/task").iterdir():
                kids = (t / "children").read_text().split()
                todo += [int(k) for k in kids]
        except (OSError, IndexError, ValueError):
            pass
    return total


def _tree_rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pane_pid(sock: str, name: str) -> int:
    out = subprocess.run(["tmux", "-L", sock, "list-panes", "-t", name, "-F", "#{pane_pid}"],
                         capture_output=True, text=True, check=True).stdout
    return int(out.split()[0])


def tui_vs_termdown(routine: Path, home: Path, seconds: float, window: float) -> None:
    termdown = shutil.which("termdown", path=str(Path(sys.executable).parent)) or shutil.which(
        "termdown"
    )
    if not shutil.which("tmux") or not termdown:
        print("TUI CPU vs termdown: skipped (needs tmux and termdown)")
        return
    sock = f"rls-bench-{os.getpid()}"
    env = env_for(home)
    ours = " ".join([*rls_cmd(), "run", str(routine), "--no-night"])
    theirs = f"{termdown} {int(seconds)}"
    try:
        for name, cmd in (("ours", ours), ("termdown", theirs)):
            subprocess.run(["tmux", "-L", sock, "new-session", "-d", "-s", name, "-x", "100",
                            "-y", "30", cmd], env=env, check=True)
        time.sleep(3)  # both started and drawn; measure the steady countdown
        pids = {n: _pane_pid(sock, n) for n in ("ours", "termdown")}
        cpu0 = {n: _tree_cpu(p) for n, p in pids.items()}
        time.sleep(window)
        cpu1 = {n: _tree_cpu(p) for n, p in pids.items()}
        rss = _tree_rss_kib(pids["ours"])
        screen = subprocess.run(["tmux", "-L", sock, "capture-pane", "-p", "-t", "ours"],
                                capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)
    used = {n: cpu1[n] - cpu0[n] for n in cpu0}
    ratio = used["ours"] / used["termdown"] if used["termdown"] > 0 else float("inf")
    print(f"CPU over {window:g} s of countdown: rls-stretch TUI {used['ours'] * 1000:.0f} ms, "
          f"termdown {used['termdown'] * 1000:.0f} ms; ratio {ratio:.2f} (goal <= 1.0)")
    print(f"TUI peak RSS: {rss / 1024:.1f} MiB")
    if "Hold" not in screen and "Rest" not in screen and "Breath" not in screen:
        print("warning: the TUI screen did not show the routine:\n" + screen)


def main() -> None:
    quick = "--quick" in sys.argv
    hold, rest, cycles = (10, 5, 1) if quick else (30, 10, 2)
    planned = hold + rest + cycles * 10
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        routine = home / "bench.yaml"
        routine.write_text(ROUTINE.format(hold=hold, rest=rest, cycles=cycles))
        plain_run(routine, planned, home)
        tui_vs_termdown(routine, home, planned, window=10 if quick else planned - 10)


if __name__ == "__main__":
    main()
