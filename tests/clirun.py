"""Run the real command line in a subprocess, with the test's isolated HOME."""

from __future__ import annotations

import os
import subprocess
import sys


def rls(*args: str, input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rls_stretch", *args],
        capture_output=True,
        text=True,
        input=input,
        timeout=timeout,
        env=dict(os.environ),
    )
