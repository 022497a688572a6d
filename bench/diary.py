"""What the diary costs, measured side by side in one run:

1. `rls-stretch show bedtime --json` with a year's diary (its start side comes from it)
   against the same command with no diary file (goal: ratio <= 1.05);
2. recording one run (its row begun and completed: two transactions) against one atomic
   write of the old history.json (tmp file + rename), in process (goal: <= 5 ms a run);
3. `rls-stretch diary` (the summary) on a year of runs and check-ins against
   `python -c "import yaml"` (goal: <= 3x).

    python bench/diary.py [--quick]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _env(home: str) -> dict[str, str]:
    return dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/c", XDG_CACHE_HOME=f"{home}/k",
                XDG_DATA_HOME=f"{home}/d")


def _time(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    return time.perf_counter() - t0


def _year(path: Path) -> None:
    """365 bedtime runs, each with a check-in before and after, and a morning sleep score."""
    from rls_stretch.diary.model import CheckIn, now
    from rls_stretch.diary.store import Diary

    start = now() - timedelta(days=365)
    with Diary.open(path) as d:
        d.put("start_side:bedtime", "left")
        for k in range(365):
            at = start + timedelta(days=k)
            d.add_checkin(CheckIn(at=at, urge=k % 11, triggers=("caffeine",) * (k % 3 == 0)))
            sid = d.start_session(routine_id="bedtime", routine_name="Bedtime",
                                  routine_when="bedtime", level="gentle", minutes_asked=None,
                                  started_at=at, planned_seconds=640, moves_total=8)
            d.end_session(sid, ended_at=at, done_seconds=600, moves_done=8, moves_total=8,
                          skipped_moves=(), completed=True, ended_by="finished")
            d.add_checkin(CheckIn(at=at, kind="after", urge=(k + 5) % 11, session_id=sid))
            d.add_checkin(CheckIn(at=at + timedelta(hours=9), kind="morning", sleep=k % 10))


def _median_pair(a_cmd, a_env, b_cmd, b_env, n: int) -> tuple[float, float]:
    for _ in range(2):
        _time(a_cmd, a_env), _time(b_cmd, b_env)
    a, b = [], []
    for _ in range(n):
        a.append(_time(a_cmd, a_env))
        b.append(_time(b_cmd, b_env))
    return statistics.median(a), statistics.median(b)


def rows(quick: bool = False) -> list[dict]:
    from rls_stretch.diary.store import FILE_NAME, Diary

    n = 5 if quick else 25
    out = []
    with tempfile.TemporaryDirectory() as full, tempfile.TemporaryDirectory() as empty:
        full_env, empty_env = _env(full), _env(empty)
        diary = Path(full) / "d" / "rls-stretch" / FILE_NAME
        _year(diary)
        show = [sys.executable, "-m", "rls_stretch", "show", "bedtime", "--json"]
        ours, theirs = _median_pair(show, full_env, show, empty_env, n)
        out.append({"figure": "show bedtime --json, a year's diary vs none",
                    "ours": f"{ours * 1000:.0f} ms", "comparison": f"{theirs * 1000:.0f} ms",
                    "ratio": round(ours / theirs, 2), "goal": "<= 1.05"})

        writes = 20 if quick else 200
        t0 = time.perf_counter()
        with Diary.open(diary) as d:
            from rls_stretch.diary.model import now

            for _ in range(writes):
                sid = d.start_session(routine_id="r", routine_name="R", routine_when="anytime",
                                      level="standard", minutes_asked=None, started_at=now(),
                                      planned_seconds=60, moves_total=2)
                d.end_session(sid, ended_at=now(), done_seconds=60, moves_done=2,
                              moves_total=2, skipped_moves=(), completed=True,
                              ended_by="finished")
        per_run = (time.perf_counter() - t0) / writes
        old = Path(empty) / "history.json"
        t0 = time.perf_counter()
        for i in range(writes):
            tmp = old.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"start_side": {"bedtime": "left", "i": i}}))
            tmp.replace(old)
        per_json = (time.perf_counter() - t0) / writes
        out.append({"figure": "recording a run (2 transactions) vs a history.json write",
                    "ours": f"{per_run * 1000:.2f} ms", "comparison": f"{per_json * 1000:.2f} ms",
                    "ratio": round(per_run / per_json, 2), "goal": "<= 5 ms a run"})

        summary = [sys.executable, "-m", "rls_stretch", "diary"]
        yaml = [sys.executable, "-c", "import yaml"]
        ours, theirs = _median_pair(summary, full_env, yaml, full_env, n)
        out.append({"figure": "diary summary of a year vs import yaml",
                    "ours": f"{ours * 1000:.0f} ms", "comparison": f"{theirs * 1000:.0f} ms",
                    "ratio": round(ours / theirs, 2), "goal": "<= 3.0"})
    return out


if __name__ == "__main__":
    for row in rows(quick="--quick" in sys.argv):
        print(f"{row['figure']:<58} {row['ours']:>9} {row['comparison']:>9} "
              f"{row['ratio']!s:>6}  goal {row['goal']}")
