"""What `show`, `validate` and `run` cost beside the cheapest Python that reads YAML.

Each command runs interleaved with `python -c "import yaml"` in one run (so machine noise
hits both alike), warm (after a few runs to fill the OS and list caches), and the medians
are compared. `run --plain --mute` plays a routine of one 1-second rest: its figure is the
wall time less that planned second, i.e. what starting the run costs. `show` and
`validate` answer from a kept answer when nothing changed (rls_stretch/cli/answers.py); one
row shows `show` with none kept, as on the first ask after an edit. Goal: <= 1.5x.

    python bench/commands.py [--quick]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.5
ONE_SECOND = """\
name: One second
transition: 0
steps:
  - rest: 1s
"""


def _time(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def _exe() -> list[str]:
    exe = shutil.which("rls-stretch", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "rls_stretch"]


def rows(quick: bool = False) -> list[dict]:
    n = 5 if quick else 25
    ours = _exe()
    base = [sys.executable, "-c", "import yaml"]
    out = []
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/c",
                   XDG_CACHE_HOME=f"{home}/k", XDG_DATA_HOME=f"{home}/d")
        one = Path(home) / "one.yaml"
        one.write_text(ONE_SECOND, encoding="utf-8")
        kept = Path(home) / "k" / "rls-stretch" / "answers.json"
        commands = [
            ("show bedtime --json", [*ours, "show", "bedtime", "--json"], 0.0),
            ("show bedtime --json, nothing kept (first ask after an edit)",
             [*ours, "show", "bedtime", "--json"], -1.0),
            ("show bedtime", [*ours, "show", "bedtime"], 0.0),
            ("validate routines/bedtime.yaml",
             [*ours, "validate", str(ROOT / "routines" / "bedtime.yaml")], 0.0),
            ("run --plain --mute (1 s routine, less its second)",
             [*ours, "run", str(one), "--plain", "--mute"], 1.0),
        ]
        for _, cmd, _ in commands:  # warm: pyc files, OS cache, list cache
            _time(cmd, env), _time(cmd, env)
        for _ in range(3):
            _time(base, env)
        for figure, cmd, planned in commands:
            a, b = [], []
            for _ in range(n if planned <= 0 else max(3, n // 3)):
                if planned < 0:  # the kept answer gone, as after editing a file
                    kept.unlink(missing_ok=True)
                a.append(_time(cmd, env) - max(0.0, planned))
                b.append(_time(base, env))
            ma, mb = statistics.median(a), statistics.median(b)
            out.append({
                "figure": f"`rls-stretch {figure}`, warm",
                "ours": f"{ma * 1000:.0f} ms",
                "comparison": f"{mb * 1000:.0f} ms (python -c \"import yaml\")",
                "ratio": round(ma / mb, 2),
                "goal": f"<= {GOAL}",
            })
    return out


def main() -> None:
    for row in rows(quick="--quick" in sys.argv):
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.2f}"
        print(f"{row['figure']:<62} {row['ours']:>8}  vs {row['comparison']:<36} "
              f"ratio {ratio:>5}  goal {row['goal']}")


if __name__ == "__main__":
    main()
