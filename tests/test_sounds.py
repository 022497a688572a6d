"""The cue sounds: reproducible, in the agreed format, and told apart by ear alone.

"By ear" is approximated with features a listener uses: length, pitch at the start and at
the end (the contour), and how many separate notes there are.
"""

from __future__ import annotations

import importlib.util
import itertools
import math
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

from rls_stretch.sound import cues as audio

REPO = Path(__file__).resolve().parent.parent
SOUNDS = REPO / "sounds"


def _load_script():
    spec = importlib.util.spec_from_file_location("make_sounds", REPO / "scripts/make_sounds.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sounds"] = module
    spec.loader.exec_module(module)
    return module


make_sounds = _load_script()
PROFILES = ("standard", "gentle")


def cue_path(cue: str, profile: str) -> Path:
    return (SOUNDS if profile == "standard" else SOUNDS / profile) / f"{cue}.wav"


def read_samples(path: Path) -> tuple[list[int], int]:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050), path
        raw = w.readframes(w.getnframes())
    samples = [int.from_bytes(raw[i : i + 2], "little", signed=True) for i in range(0, len(raw), 2)]
    return samples, 22050


# --- features ---------------------------------------------------------------------------

SEMITONES = [55.0 * 2 ** (k / 12) for k in range(12, 73)]  # 110 Hz .. 3.5 kHz


def dominant_frequency(x: list[int], rate: int) -> float:
    """The loudest semitone in a Hann-windowed stretch (Goertzel), enough to hear a contour."""
    n = len(x)
    win = [x[i] * (0.5 - 0.5 * math.cos(2 * math.pi * i / (n - 1))) for i in range(n)]
    best, best_power = 0.0, -1.0
    for f in SEMITONES:
        coeff = 2 * math.cos(2 * math.pi * f / rate)
        s1 = s2 = 0.0
        for v in win:
            s1, s2 = v + coeff * s1 - s2, s1
        power = s1 * s1 + s2 * s2 - coeff * s1 * s2
        if power > best_power:
            best, best_power = f, power
    return best


def envelope(x: list[int], frame: int = 220) -> list[float]:
    """RMS per 10 ms frame."""
    return [
        math.sqrt(sum(v * v for v in x[i : i + frame]) / len(x[i : i + frame]))
        for i in range(0, len(x), frame)
    ]


def onsets(x: list[int]) -> int:
    """Separate notes: the envelope rising above half its peak after dropping below a fifth."""
    env = envelope(x)
    top = max(env)
    count, armed = 0, True
    for e in env:
        if armed and e > 0.5 * top:
            count, armed = count + 1, False
        elif e < 0.2 * top:
            armed = True
    return count


@dataclass(frozen=True)
class Features:
    seconds: float
    f_start: float
    f_end: float
    onsets: int
    peak: int
    attack: float  # seconds from the first sound to half the peak amplitude

    @property
    def contour(self) -> str:
        r = math.log2(self.f_end / self.f_start)
        return "rising" if r > 0.15 else "falling" if r < -0.15 else "flat"


def features(path: Path) -> Features:
    x, rate = read_samples(path)
    env = envelope(x)
    top = max(env)
    active = [i for i, e in enumerate(env) if e > 0.1 * top]
    first, last = active[0] * 220, min(len(x), (active[-1] + 1) * 220)
    w = min(1024, (last - first) // 2)
    peak = max(abs(v) for v in x)
    begin = next(i for i, v in enumerate(x) if abs(v) > 0.01 * peak)
    half = next(i for i, v in enumerate(x) if abs(v) >= 0.5 * peak)
    return Features(
        seconds=len(x) / rate,
        f_start=dominant_frequency(x[first : first + w], rate),
        f_end=dominant_frequency(x[last - w : last], rate),
        onsets=onsets(x),
        peak=peak,
        attack=(half - begin) / rate,
    )


_FEATURES: dict[tuple[str, str], Features] = {}


def feats(cue: str, profile: str) -> Features:
    if (cue, profile) not in _FEATURES:
        _FEATURES[cue, profile] = features(cue_path(cue, profile))
    return _FEATURES[cue, profile]


def differences(a: Features, b: Features) -> list[str]:
    """The ways two cues differ enough for a listener to tell them apart."""
    out = []
    if abs(math.log2(a.seconds / b.seconds)) >= 0.3:
        out.append("length")
    if abs(math.log2(a.f_start / b.f_start)) >= 0.16:  # two semitones or more
        out.append("start pitch")
    if abs(math.log2(a.f_end / b.f_end)) >= 0.16:
        out.append("end pitch")
    if a.contour != b.contour:
        out.append("contour")
    if a.onsets != b.onsets:
        out.append("notes")
    return out


# --- tests ------------------------------------------------------------------------------


def test_script_and_player_agree_on_the_cues():
    assert list(make_sounds.CUES) == list(audio.CUES)


@pytest.mark.parametrize("profile", PROFILES)
def test_committed_sounds_are_exactly_what_the_script_makes(tmp_path: Path, profile: str):
    make_sounds.make_all(tmp_path)
    out = tmp_path if profile == "standard" else tmp_path / profile
    made = sorted(p.name for p in out.glob("*.wav"))
    assert made == sorted(f"{c}.wav" for c in audio.CUES)
    for name in made:
        committed = (SOUNDS if profile == "standard" else SOUNDS / profile) / name
        assert committed.read_bytes() == (out / name).read_bytes(), f"{profile}/{name} differs"


def test_the_script_is_deterministic():
    assert make_sounds.render("done", "gentle") == make_sounds.render("done", "gentle")


@pytest.mark.parametrize("profile", PROFILES)
def test_sounds_are_small_and_short(profile: str):
    for cue in audio.CUES:
        f = feats(cue, profile)
        assert 0.04 <= f.seconds <= 2.0, cue
        assert cue_path(cue, profile).stat().st_size < 100_000, cue


@pytest.mark.parametrize("profile", PROFILES)
def test_no_clicks_at_the_edges(profile: str):
    for cue in audio.CUES:
        x, _ = read_samples(cue_path(cue, profile))
        peak = max(abs(v) for v in x)
        # Faded in and out: the first and last samples are near silence.
        assert abs(x[0]) < 0.02 * peak and abs(x[-1]) < 0.02 * peak, cue
        # No sample-to-sample jump bigger than a smooth tone could make.
        jump = max(abs(b - a) for a, b in itertools.pairwise(x))
        assert jump < 0.9 * peak, cue


@pytest.mark.parametrize("profile", PROFILES)
def test_each_cue_sounds_as_described(profile: str):
    f = {cue: feats(cue, profile) for cue in audio.CUES}
    assert f["tick"].seconds < 0.15 and f["tick"].f_start > 1000
    assert f["tick"].f_start == max(x.f_start for x in f.values())  # the highest
    assert f["halfway"].onsets == 2 and f["halfway"].contour == "flat"
    assert f["switch"].onsets == 4 and f["switch"].f_start > f["switch"].f_end
    assert f["prepare"].onsets == 3 and f["prepare"].contour == "rising"
    assert f["inhale"].onsets == 1 and f["inhale"].contour == "rising"
    assert f["exhale"].onsets == 1 and f["exhale"].contour == "falling"
    assert f["exhale"].seconds > f["inhale"].seconds >= 0.9
    assert f["rest"].f_start == min(x.f_start for x in f.values())  # the lowest
    assert f["done"].seconds == max(x.seconds for x in f.values())  # the bell rings longest
    assert f["start"].onsets == 1 and f["start"].contour == "flat"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_pair_of_cues_can_be_told_apart(profile: str):
    for a, b in itertools.combinations(audio.CUES, 2):
        diff = differences(feats(a, profile), feats(b, profile))
        # Two independent cues to the ear, so one misheard feature does not confuse them.
        assert len(diff) >= 2, f"{profile}: {a} and {b} differ only in {diff}"


def test_gentle_is_the_same_cue_lower_quieter_and_softer():
    for cue in audio.CUES:
        s, g = feats(cue, "standard"), feats(cue, "gentle")
        assert g.onsets == s.onsets and g.contour == s.contour, cue
        assert g.f_start < s.f_start and g.f_end < s.f_end, cue
        assert g.peak <= 0.5 * s.peak, cue
        assert g.attack >= 0.005, cue  # no hard attack at bedtime
        assert g.attack >= s.attack, cue
