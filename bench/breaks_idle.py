"""What `rls-stretch breaks` costs while it sits in a corner all day: CPU of the 40x10
screen counting down to a 45-minute break, against `termdown` counting down beside it in
the same tmux server over the same time (goal: ratio <= 1.0), and of `breaks --plain`.

    python bench/breaks_idle.py [--quick]

Needs tmux and termdown (`pip install termdown`); rows say "skipped" without them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rls() -> list[str]:
    exe = shutil.which("rls-stretch", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "rls_stretch"]


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "c"),
                XDG_DATA_HOME=str(home / "d"), XDG_CACHE_HOME=str(home / "k"),
                RLS_STRETCH_AUDIO="silent", PATH=f"{home}{os.pathsep}{os.environ['PATH']}")


def _tree_cpu(pid: int) -> float:
    """utime+stime in seconds of pid and all its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for t in Path(f"/proc/{p}/task").iterdir():
                todo += [int(k) for k in (t / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            pass
    return total


def _pane_pid(sock: str, name: str) -> int:
    out = subprocess.run(["tmux", "-L", sock, "list-panes", "-t", name, "-F", "#{pane_pid}"],
                         capture_output=True, text=True, check=True).stdout
    return int(out.split()[0])


def _measure(cmds: dict[str, str], env: dict[str, str], window: float) -> dict[str, float]:
    sock = f"rls-bench-breaks-{os.getpid()}"
    try:
        for name, cmd in cmds.items():
            subprocess.run(["tmux", "-L", sock, "-f", os.devnull, "new-session", "-d", "-s",
                            name, "-x", "40", "-y", "10", cmd], env=env, check=True)
        time.sleep(3)  # started and drawn: measure the steady countdown
        pids = {n: _pane_pid(sock, n) for n in cmds}
        cpu0 = {n: _tree_cpu(p) for n, p in pids.items()}
        time.sleep(window)
        return {n: _tree_cpu(p) - cpu0[n] for n, p in pids.items()}
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)


def rows(quick: bool = False) -> list[dict]:
    window = 10.0 if quick else 60.0
    termdown = shutil.which("termdown", path=str(Path(sys.executable).parent)) or \
        shutil.which("termdown")
    if not shutil.which("tmux") or not termdown:
        return [{"figure": "breaks screen CPU vs termdown", "ours": "skipped",
                 "comparison": "needs tmux and termdown", "ratio": None, "goal": "<= 1.0"}]
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        (home / "notify-send").write_text("#!/bin/sh\nexit 0\n")
        (home / "notify-send").chmod(0o755)
        rls = " ".join(_rls())
        used = _measure({"tui": f"{rls} breaks --every 45m",
                         "plain": f"{rls} breaks --every 45m --plain",
                         "termdown": f"{termdown} 2700"}, _env(home), window)
    ms = {n: v * 1000 for n, v in used.items()}
    ratio = ms["tui"] / ms["termdown"] if ms["termdown"] > 0 else None
    plain_ratio = ms["plain"] / ms["termdown"] if ms["termdown"] > 0 else None
    return [
        {"figure": f"breaks screen (40x10) CPU over {window:g} s vs termdown",
         "ours": f"{ms['tui']:.0f} ms", "comparison": f"termdown {ms['termdown']:.0f} ms",
         "ratio": ratio, "goal": "<= 1.0"},
        {"figure": f"breaks --plain CPU over {window:g} s vs termdown",
         "ours": f"{ms['plain']:.0f} ms", "comparison": f"termdown {ms['termdown']:.0f} ms",
         "ratio": plain_ratio, "goal": "<= 1.0"},
    ]


if __name__ == "__main__":
    for row in rows(quick="--quick" in sys.argv):
        ratio = "" if row["ratio"] is None else f"  ratio {row['ratio']:.2f}"
        print(f"{row['figure']}: {row['ours']} vs {row['comparison']}{ratio} "
              f"(goal {row['goal']})")
