"""miniaudio, the first backend, for real: a routine played through the command line into
ALSA's file device (an .asoundrc in the test's HOME), the samples read back.

ALSA's `null` slave has no clock, so an open device writes silence as fast as it can: the
device goes through `tr -s '\\0'`, which squeezes runs of zero bytes to one, and the sounds
expected are squeezed the same way before they are looked for in the capture. Each sound
found whole, in the order played, means nothing was cut off or overlapped.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from rls_stretch.sound import cues as audio
from rls_stretch.sound.render import DEFAULT_RATE, find_engine, render
from rls_stretch.sound.speech import FAST_FACTOR
from rls_stretch.sound.volume import scale_frames

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("miniaudio") is None or not sys.platform.startswith("linux"),
    reason="miniaudio and ALSA (Linux) are needed")
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed")

ROUTINE = """\
name: Two moves
transition: 3s
steps:
  - move:
      name: Calf stretch
      position: standing
      sides: none
      hold: 2s
      instructions: Lean on the wall.
  - move:
      name: Knee hug
      position: lying
      sides: none
      hold: 2s
      instructions: Hug one knee.
"""


def squeeze(data: bytes) -> bytes:
    out = bytearray()
    prev_zero = False
    for b in data:
        if b == 0 and prev_zero:
            continue
        prev_zero = b == 0
        out.append(b)
    return bytes(out)


def squeezer(home: Path, raw: Path) -> None:
    script = home / "squeeze.sh"
    script.write_text(f"#!/bin/sh\nexec tr -s '\\000' >> {raw}\n")
    script.chmod(0o755)
    (home / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "|{script}"; format "raw" }}\n')


def frames(path: Path, volume: float = 0.8) -> bytes:
    """A WAV's frames as played at `volume` (the settings' default, 80)."""
    with wave.open(str(path), "rb") as w:
        return scale_frames(w.readframes(w.getnframes()), volume)


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    routine = home / "two.yaml"
    routine.write_text(ROUTINE)
    settings = home / ".config" / "rls-stretch" / "settings.yaml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("position_change: 4s\n")  # still announced, sooner over
    env = {**os.environ, "HOME": str(home)}
    env.pop("RLS_STRETCH_AUDIO", None)
    return subprocess.run([sys.executable, "-m", "rls_stretch", "run", str(routine), "--plain",
                           "--no-night", *args], capture_output=True, text=True, env=env,
                          timeout=120, stdin=subprocess.DEVNULL)


def assert_in_order(capture: bytes, sounds: list[tuple[str, bytes]]) -> None:
    at = 0
    for name, data in sounds:
        want = squeeze(data).strip(b"\0")
        found = capture.find(want, at)
        assert found >= 0, f"{name} is not whole in the capture after byte {at}"
        at = found + len(want)


def test_a_routine_plays_through_miniaudio_into_alsa(isolated_home: Path, tmp_path: Path):
    raw = tmp_path / "alsa.raw"
    squeezer(isolated_home, raw)
    events = tmp_path / "ev.jsonl"
    result = run(isolated_home, "--events", str(events))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # nothing from ALSA on the terminal
    lines = [json.loads(x) for x in events.read_text().splitlines()]
    assert lines[0]["event"] == "start" and lines[0]["sound"] == "miniaudio"
    played = [x for x in lines if x["event"] == "cue"]
    assert played and {x["backend"] for x in played} == {"miniaudio"}
    base = audio.profile_dir("standard")
    assert_in_order(raw.read_bytes(),
                    [(x["cue"], frames(base / f"{x['cue']}.wav")) for x in played])


@needs_espeak
def test_with_an_empty_cache_the_first_move_is_named_and_voice_never_overlaps_a_cue(
        isolated_home: Path, tmp_path: Path):
    raw = tmp_path / "alsa.raw"
    squeezer(isolated_home, raw)
    events = tmp_path / "ev.jsonl"
    cache = isolated_home / ".cache"
    assert not any(cache.rglob("*.wav"))
    result = run(isolated_home, "--voice", "--events", str(events))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(x) for x in events.read_text().splitlines()]
    first = next(x for x in lines if x["event"] == "segment")
    assert first["kind"] == "prepare"
    # the first move is a change of position too: "Stand up. Calf stretch"
    assert "Calf stretch" in first.get("voice", ""), first
    assert not [x for x in lines if x.get("voice_skipped") == "not ready"]
    base = audio.profile_dir("standard")
    sounds = [(x["cue"], frames(base / f"{x['cue']}.wav")) for x in lines if x["event"] == "cue"]
    capture = raw.read_bytes()
    assert_in_order(capture, sounds)
    spoken = [x["voice"] for x in lines if "voice" in x]
    assert len(spoken) >= 3  # both moves' names and the "Done"
    engine = find_engine()
    assert engine is not None
    for text in spoken:  # every phrase said is whole in the capture: nothing spoke over it
        forms = [render(text, engine, rate=rate).frames
                 for rate in (DEFAULT_RATE, round(DEFAULT_RATE * FAST_FACTOR))]
        assert any(squeeze(scale_frames(f, 0.8)).strip(b"\0") in capture for f in forms), text
