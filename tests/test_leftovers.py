"""After a kill -9 mid-write, the half-written sound and voice files (`.new-*.wav`,
`.raw-*.wav`) are cleaned at the next start; a young one (another run's) stays."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from rls_stretch import paths
from rls_stretch.sound.backends import Sound
from rls_stretch.sound.volume import with_file


@pytest.fixture(autouse=True)
def fresh_sweep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "_swept", set())  # each test is a new run


def _leftovers(directory: Path) -> tuple[list[Path], list[Path]]:
    directory.mkdir(parents=True, exist_ok=True)
    old = [directory / ".new-abc123.wav", directory / ".raw-def456.wav"]
    young = [directory / ".new-young.wav"]
    kept = [directory / "0123456789abcdef.wav"]  # a finished cache file, however old
    for p in old + young + kept:
        p.write_bytes(b"RIFF")
    an_hour_ago = time.time() - 3600
    for p in old + kept:
        os.utime(p, (an_hour_ago, an_hour_ago))
    return old, young + kept


@pytest.mark.parametrize("sub", ["sounds", "voice"])
def test_sweep_removes_stale_temporaries_only(sub: str) -> None:
    directory = paths.cache_dir() / sub
    old, stay = _leftovers(directory)
    assert paths.sweep_stale(directory) == len(old)
    assert not any(p.exists() for p in old)
    assert all(p.exists() for p in stay)
    assert paths.sweep_stale(directory) == 0  # once a run


def test_the_sound_cache_is_swept_when_a_run_first_uses_it() -> None:
    directory = paths.cache_dir() / "sounds"
    old, stay = _leftovers(directory)
    sound = with_file(Sound("tick", b"\x00\x01" * 100))
    assert sound.path is not None and sound.path.parent == directory
    assert not any(p.exists() for p in old)
    assert all(p.exists() for p in stay)


def test_a_missing_cache_dir_is_no_problem() -> None:
    assert paths.sweep_stale(paths.cache_dir() / "nowhere") == 0
