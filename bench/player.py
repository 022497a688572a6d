"""The player, measured as a person meets it, in one run (bench/run.py's protocol:
`rows(quick)` gives the table's rows):

1. a real-time `--plain` run of a 60 s routine against its plan: the end and every cue,
   signed (+ late, - early), and its peak RSS;
2. CPU of the TUI counting down, then paused, in tmux, against `termdown` doing the same
   beside it in the same tmux server over the same windows (goal: ratio <= 1.0), and both
   programs' peak RSS.

    python bench/player.py            # about 2 minutes
    python bench/player.py --quick    # a 25 s routine, 8 s CPU windows: a smoke check

Needs tmux and termdown (`pip install termdown`, a bench tool, not a dependency) for
part 2; part 1 runs anywhere.
"""

from __future__ import annotations

import json
import os
import shutil
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


def _ms(seconds: float) -> str:
    """A signed offset from the plan, early and late told apart."""
    ms = seconds * 1000
    if abs(ms) < 0.05:
        return "0.0 ms (on time)"
    return f"{ms:+.1f} ms ({'late' if ms > 0 else 'early'})"


def plain_run(routine: Path, planned: float, home: Path) -> list[dict]:
    """A real-time `--plain` run: its end and its cues against the plan, and its RSS."""
    events = home / "events.jsonl"
    proc = subprocess.Popen([*rls_cmd(), "run", str(routine), "--plain", "--events",
                             str(events)], env=env_for(home), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not all children's
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"the --plain run failed with status {proc.returncode}")
    rss = usage.ru_maxrss
    lines = [json.loads(x) for x in events.read_text().splitlines()]
    start = next(e["t"] for e in lines if e["event"] == "start")
    finish = next(e["t"] for e in lines if e["event"] == "finish")
    took = finish - start
    # each cue against its place in the plan: + late, - early
    offsets = sorted(e["t"] - e["due"] for e in lines if e["event"] == "cue" and "due" in e)
    late = [o for o in offsets if o > 0]
    early = [o for o in offsets if o < 0]
    p95 = offsets[min(len(offsets) - 1, int(round(0.95 * (len(offsets) - 1))))]
    return [
        {"figure": f"end of a real-time `--plain` run of a {planned:g} s routine",
         "ours": _ms(took - planned), "comparison": f"the plan: {planned:g} s",
         "ratio": took / planned, "goal": "within 20 ms"},
        {"figure": f"cue times against the plan, {len(offsets)} cues",
         "ours": f"p95 {_ms(p95)}, max {_ms(offsets[-1])}; "
                 f"{len(late)} late, {len(early)} early"
                 + (f" (earliest {_ms(early[0])})" if early else ""),
         "comparison": "the plan: each cue's due time", "ratio": None,
         "goal": "p95 <= 20 ms late, none early"},
        {"figure": "peak RSS of a `--plain` run", "ours": f"{rss / 1024:.1f} MiB",
         "comparison": "", "ratio": None, "goal": ""},
    ]


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


def tui_vs_termdown(home: Path, window: float) -> list[dict]:
    """CPU of the TUI counting down, then paused, against termdown doing the same beside it
    in one tmux server over the same windows; and both programs' peak RSS."""
    termdown = shutil.which("termdown", path=str(Path(sys.executable).parent)) or shutil.which(
        "termdown"
    )
    if not shutil.which("tmux") or not termdown:
        return [{"figure": "TUI CPU and RSS vs termdown", "ours": "skipped",
                 "comparison": "needs tmux and termdown (pip install termdown)",
                 "ratio": None, "goal": "<= 1.0"}]
    length = int(2 * window + 30)
    routine = home / "long.yaml"
    routine.write_text(ROUTINE.format(hold=length, rest=5, cycles=1))
    sock = f"rls-bench-{os.getpid()}"
    env = env_for(home)
    ours = " ".join([*rls_cmd(), "run", str(routine), "--no-night"])
    theirs = f"{termdown} {length}"
    names = ("ours", "termdown")
    used: dict[str, dict[str, float]] = {"idle": {}, "paused": {}}
    try:
        for name, cmd in zip(names, (ours, theirs), strict=True):
            subprocess.run(["tmux", "-L", sock, "-f", os.devnull, "new-session", "-d", "-s",
                            name, "-x", "100", "-y", "30", cmd], env=env, check=True)
        time.sleep(3)  # both started and drawn; measure the steady countdown
        pids = {n: _pane_pid(sock, n) for n in names}
        for phase in ("idle", "paused"):
            if phase == "paused":
                for n in names:
                    subprocess.run(["tmux", "-L", sock, "send-keys", "-t", n, "Space"],
                                   check=True)
                time.sleep(1)
            cpu0 = {n: _tree_cpu(p) for n, p in pids.items()}
            time.sleep(window)
            cpu1 = {n: _tree_cpu(p) for n, p in pids.items()}
            used[phase] = {n: cpu1[n] - cpu0[n] for n in names}
        rss = {n: _tree_rss_kib(p) for n, p in pids.items()}
        screen = subprocess.run(["tmux", "-L", sock, "capture-pane", "-p", "-t", "ours"],
                                capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)
    if "Paused" not in screen:
        raise RuntimeError("the TUI did not pause for the bench; its screen:\n" + screen)
    out = []
    for phase, label in (("idle", "counting down"), ("paused", "paused")):
        a, b = used[phase]["ours"], used[phase]["termdown"]
        out.append({"figure": f"CPU of the TUI {label}, {window:g} s in tmux",
                    "ours": f"{a * 1000:.0f} ms", "comparison": f"termdown: {b * 1000:.0f} ms",
                    "ratio": a / b if b > 0 else None, "goal": "<= 1.0"})
    out.append({"figure": "peak RSS of the TUI", "ours": f"{rss['ours'] / 1024:.1f} MiB",
                "comparison": f"termdown: {rss['termdown'] / 1024:.1f} MiB",
                "ratio": rss["ours"] / rss["termdown"] if rss["termdown"] else None,
                "goal": ""})
    return out


def rows(quick: bool = False) -> list[dict]:
    hold, rest, cycles = (10, 5, 1) if quick else (30, 10, 2)
    planned = hold + rest + cycles * 10
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        routine = home / "bench.yaml"
        routine.write_text(ROUTINE.format(hold=hold, rest=rest, cycles=cycles))
        return [*plain_run(routine, planned, home),
                *tui_vs_termdown(home, window=8 if quick else 30)]


if __name__ == "__main__":
    for row in rows(quick="--quick" in sys.argv):
        print(row)
