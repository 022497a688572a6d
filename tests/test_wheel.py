"""The built wheel carries routines/ and sounds/, and the installed program finds them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Module-scoped, so the autouse HOME isolation (function-scoped) does not apply yet:
    # pip gets a HOME and cache of its own, never the real ones.
    home = tmp_path_factory.mktemp("wheel-home")
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
               PIP_CACHE_DIR=str(home / ".cache" / "pip"))
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True, text=True, timeout=600, env=env,
    )
    if r.returncode != 0:
        pytest.fail(f"building the wheel failed: {r.stderr[-2000:]}")
    (whl,) = out.glob("rls_stretch-*.whl")
    return whl


def test_wheel_contains_routines_and_sounds(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in (REPO / "routines").glob("*.yaml"):
        assert f"rls_stretch/data/routines/{f.name}" in names
    wavs = [f for f in (REPO / "sounds").rglob("*.wav")]
    assert wavs, "no sounds in the repository"
    for f in wavs:
        assert f"rls_stretch/data/sounds/{f.relative_to(REPO / 'sounds').as_posix()}" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_runs_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr
    env = dict(os.environ, PYTHONPATH=str(target))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = subprocess.run([sys.executable, "-m", "rls_stretch", "where"], capture_output=True,
                       text=True, cwd=elsewhere, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    builtin = r.stdout.split("built-in routines:")[1].splitlines()[0].strip()
    assert builtin == str(target / "rls_stretch" / "data" / "routines")
    r = subprocess.run([sys.executable, "-m", "rls_stretch", "list", "--json"],
                       capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert "bedtime" in {row["id"] for row in rows}
    assert all(row["path"].startswith(str(target)) for row in rows if row["source"] == "built-in")
