"""How much `rls-stretch list` costs beside the cheapest Python that reads YAML.

Runs `rls-stretch list` and `python -c "import yaml"` interleaved, N times each, in one run
(so machine noise hits both alike), and gives the medians and their ratio as a row of
bench/run.py's table. Goal: <= 1.5.

    python bench/list_startup.py [--quick]
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


def _time(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def rows(quick: bool = False) -> list[dict]:
    n = 8 if quick else 30
    exe = shutil.which("rls-stretch", path=str(Path(sys.executable).parent)) or shutil.which(
        "rls-stretch"
    )
    ours = [exe, "list"] if exe else [sys.executable, "-m", "rls_stretch", "list"]
    base = [sys.executable, "-c", "import yaml"]
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/c", XDG_CACHE_HOME=f"{home}/k",
                   XDG_DATA_HOME=f"{home}/d")
        _time(ours, env)  # fills the list cache, as a person's first `list` would
        for _ in range(3):
            _time(ours, env), _time(base, env)
        a, b = [], []
        for _ in range(n):
            a.append(_time(ours, env))
            b.append(_time(base, env))
    ma, mb = statistics.median(a) * 1000, statistics.median(b) * 1000
    return [{"figure": f"`rls-stretch list`, warm (median of {n})", "ours": f"{ma:.0f} ms",
             "comparison": f'`python -c "import yaml"`: {mb:.0f} ms', "ratio": ma / mb,
             "goal": "<= 1.5"}]


if __name__ == "__main__":
    for row in rows(quick="--quick" in sys.argv):
        print(row)
