"""Every test runs with a temporary HOME and XDG dirs: the real ones are never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture
def no_position_change(isolated_home: Path) -> Path:
    """settings.yaml with `position_change: 0`: get-readies as the routine file has them,
    for tests about something else that count a run's seconds (the longer, announced
    get-ready where the position changes is tested in test_positions.py)."""
    settings = isolated_home / ".config" / "rls-stretch" / "settings.yaml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("position_change: 0\n", encoding="utf-8")
    return settings
