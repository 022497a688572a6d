"""In CI every real component must be present, so that no test that needs one skips there."""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="only CI promises these components")
def test_ci_has_every_real_component() -> None:
    missing = [tool for tool in ("tmux", "espeak-ng", "aplay") if shutil.which(tool) is None]
    if importlib.util.find_spec("simpleaudio") is None:
        missing.append("simpleaudio")
    assert missing == [], f".ci/run should have installed: {missing}"
