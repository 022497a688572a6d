"""In CI every real component must be present, so that no test that needs one skips there."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys

import pytest


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="only CI promises these components")
def test_ci_has_every_real_component() -> None:
    missing = [tool for tool in ("tmux", "espeak-ng", "aplay") if shutil.which(tool) is None]
    # simpleaudio only below 3.12, where it is used (1.0.4 crashes 3.12 and newer after
    # playback; the program passes it over there). miniaudio everywhere: it is required.
    if sys.version_info < (3, 12) and importlib.util.find_spec("simpleaudio") is None:
        missing.append("simpleaudio")
    if importlib.util.find_spec("miniaudio") is None:
        missing.append("miniaudio")
    assert missing == [], f".ci/run should have installed: {missing}"
