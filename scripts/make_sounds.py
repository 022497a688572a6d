#!/usr/bin/env python3
"""Make the cue sounds in sounds/ (standard) and sounds/gentle/ (bedtime), reproducibly.

Stdlib only (wave + math) and deterministic: the same bytes on every run, so a test can
regenerate them and compare with the committed files. Run from anywhere:

    python scripts/make_sounds.py            # writes <repo>/sounds and <repo>/sounds/gentle
    python scripts/make_sounds.py --out DIR  # writes DIR and DIR/gentle

A person doing a routine has their eyes closed, so every cue must be told apart by ear
alone: each has its own pitch contour, number of notes, length and timbre (see CUES). The
gentle profile keeps each cue's shape but is lower, quieter and softer-edged for bedtime.
"""

from __future__ import annotations

import argparse
import math
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RATE = 22050
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Profile:
    """How a profile bends every cue: pitch, loudness, edges and pace."""

    name: str
    pitch: float  # multiplies every frequency
    peak: float  # loudest sample, as a fraction of full scale
    min_attack: float  # seconds; no note starts faster than this
    stretch: float  # multiplies note lengths (bedtime is slower)


STANDARD = Profile("standard", pitch=1.0, peak=0.70, min_attack=0.002, stretch=1.0)
GENTLE = Profile("gentle", pitch=0.75, peak=0.30, min_attack=0.015, stretch=1.2)
PROFILES = {p.name: p for p in (STANDARD, GENTLE)}

# (harmonic multiple, relative amplitude): the timbres used below.
PURE = ((1.0, 1.0),)
WARM = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.15))
BRIGHT = ((1.0, 1.0), (2.0, 0.5), (3.0, 0.3), (4.0, 0.15))
REED = ((1.0, 1.0), (2.0, 0.25), (3.0, 0.1))
# A struck bell: inharmonic partials, each (ratio, amplitude, decay time constant in s).
BELL = (
    (1.0, 1.0, 0.70),
    (2.0, 0.45, 0.45),
    (2.76, 0.30, 0.30),
    (5.40, 0.12, 0.15),
    (8.93, 0.05, 0.08),
)


def _shape(i: int, n: int, attack: int, release: int) -> float:
    """Raised-cosine fade in and out, so no note starts or stops with a click."""
    g = 1.0
    if i < attack:
        g = 0.5 - 0.5 * math.cos(math.pi * i / attack)
    if i >= n - release:
        g *= 0.5 - 0.5 * math.cos(math.pi * (n - 1 - i) / release)
    return g


def note(
    p: Profile,
    f0: float,
    seconds: float,
    *,
    f1: float | None = None,
    timbre: tuple[tuple[float, float], ...] = PURE,
    attack: float = 0.01,
    release: float = 0.03,
    decay: float | None = None,
) -> list[float]:
    """One note: a steady tone, or a glide from f0 to f1 (even in pitch: exponential)."""
    n = int(round(seconds * p.stretch * RATE))
    a = max(1, int(max(attack, p.min_attack) * p.stretch * RATE))
    r = max(1, int(max(release, p.min_attack) * p.stretch * RATE))
    f1 = f0 if f1 is None else f1
    f0, f1 = f0 * p.pitch, f1 * p.pitch
    ratio = f1 / f0
    norm = sum(amp for _, amp in timbre)
    out: list[float] = []
    phase = 0.0
    for i in range(n):
        freq = f0 * ratio ** (i / max(1, n - 1))
        s = sum(amp * math.sin(mult * phase) for mult, amp in timbre) / norm
        g = _shape(i, n, a, r)
        if decay is not None:
            g *= math.exp(-i / (decay * p.stretch * RATE))
        out.append(s * g)
        phase += 2.0 * math.pi * freq / RATE
    return out


def bell(p: Profile, f: float, seconds: float) -> list[float]:
    """A struck bell: partials that ring out, the high ones dying first."""
    f *= p.pitch
    n = int(round(seconds * p.stretch * RATE))
    a = max(1, int(max(0.004, p.min_attack) * RATE))
    r = int(0.08 * RATE)
    # Gentle: the harsh upper partials are turned down, so it is a soft chime.
    soften = 1.0 if p.name == "standard" else 0.35
    parts = [(ratio, amp * (soften if ratio > 2.5 else 1.0), tau) for ratio, amp, tau in BELL]
    norm = sum(amp for _, amp, _ in parts)
    out = []
    for i in range(n):
        t = i / RATE
        s = sum(
            amp * math.exp(-t / (tau * p.stretch)) * math.sin(2.0 * math.pi * f * ratio * t)
            for ratio, amp, tau in parts
        )
        out.append(s / norm * _shape(i, n, a, r))
    return out


def gap(p: Profile, seconds: float) -> list[float]:
    return [0.0] * int(round(seconds * p.stretch * RATE))


def join(*parts: list[float]) -> list[float]:
    out: list[float] = []
    for part in parts:
        out.extend(part)
    return out


# Each cue: (what a person hears, how to make it). The descriptions match rls_stretch/audio.py.
def _prepare(p: Profile) -> list[float]:
    pluck = {"timbre": WARM, "attack": 0.004, "decay": 0.08}
    return join(
        note(p, 523.25, 0.14, **pluck),
        gap(p, 0.03),
        note(p, 659.25, 0.14, **pluck),
        gap(p, 0.03),
        note(p, 783.99, 0.26, release=0.06, **pluck),
    )


def _position(p: Profile) -> list[float]:
    call = {"timbre": WARM, "attack": 0.03, "release": 0.12}
    return join(note(p, 523.25, 0.32, **call), gap(p, 0.06),
                note(p, 392.0, 0.32, **call), gap(p, 0.06),
                note(p, 261.63, 0.55, **call))


def _start(p: Profile) -> list[float]:
    return note(p, 880.0, 0.35, timbre=BRIGHT, attack=0.005, release=0.08, decay=0.25)


def _tick(p: Profile) -> list[float]:
    if p.name == "standard":
        return note(p, 1760.0, 0.06, timbre=PURE, attack=0.002, release=0.02, decay=0.02)
    # Bedtime: a soft "tock" with a rounded start instead of a click.
    return note(p, 1760.0, 0.09, timbre=PURE, attack=0.015, release=0.05, decay=0.05)


def _halfway(p: Profile) -> list[float]:
    soft = {"timbre": PURE, "attack": 0.02, "release": 0.06}
    return join(note(p, 587.33, 0.18, **soft), gap(p, 0.09), note(p, 587.33, 0.18, **soft))


def _switch(p: Profile) -> list[float]:
    hi = {"timbre": REED, "attack": 0.006, "release": 0.03}
    return join(
        note(p, 880.0, 0.15, **hi),
        gap(p, 0.04),
        note(p, 659.25, 0.15, **hi),
        gap(p, 0.04),
        note(p, 880.0, 0.15, **hi),
        gap(p, 0.04),
        note(p, 659.25, 0.15, **hi),
    )


def _inhale(p: Profile) -> list[float]:
    return note(p, 330.0, 1.0, f1=660.0, timbre=PURE, attack=0.25, release=0.2)


def _exhale(p: Profile) -> list[float]:
    return note(p, 660.0, 1.2, f1=330.0, timbre=PURE, attack=0.15, release=0.4)


def _rest(p: Profile) -> list[float]:
    return note(p, 220.0, 0.9, timbre=WARM, attack=0.12, release=0.4)


def _done(p: Profile) -> list[float]:
    return bell(p, 659.25, 1.6)


# Desk breaks: heard from another window, so unlike any cue of a routine.
def _warning(p: Profile) -> list[float]:
    soft = {"timbre": PURE, "attack": 0.03, "release": 0.08}
    return join(note(p, 783.99, 0.22, **soft), gap(p, 0.1), note(p, 587.33, 0.22, **soft))


def _break(p: Profile) -> list[float]:
    return join(bell(p, 523.25, 0.6), bell(p, 783.99, 0.9))


# name -> (relative loudness, recipe). Order is the order `rls-stretch sounds` plays them.
CUES: dict[str, tuple[float, Callable[[Profile], list[float]]]] = {
    "prepare": (0.85, _prepare),
    "position": (0.9, _position),
    "start": (0.85, _start),
    "tick": (0.75, _tick),
    "halfway": (0.8, _halfway),
    "switch": (0.85, _switch),
    "inhale": (0.8, _inhale),
    "exhale": (0.8, _exhale),
    "rest": (0.9, _rest),
    "done": (1.0, _done),
    "warning": (0.6, _warning),
    "break": (1.0, _break),
}


def render(cue: str, profile: str = "standard") -> bytes:
    """The cue's 16-bit little-endian mono PCM frames, peak-normalised for the profile."""
    p = PROFILES[profile]
    level, recipe = CUES[cue]
    samples = recipe(p)
    top = max(abs(s) for s in samples) or 1.0
    scale = p.peak * level * 32767.0 / top
    out = bytearray()
    for s in samples:
        v = max(-32767, min(32767, int(round(s * scale))))
        out += v.to_bytes(2, "little", signed=True)
    return bytes(out)


def write_wav(path: Path, frames: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames)


def profile_dir(out: Path, profile: str) -> Path:
    return out if profile == "standard" else out / profile


def make_all(out: Path) -> list[Path]:
    """Write every cue of every profile under `out`; return the files written."""
    written = []
    for profile in PROFILES:
        for cue in CUES:
            path = profile_dir(out, profile) / f"{cue}.wav"
            write_wav(path, render(cue, profile))
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "sounds", help="output directory")
    args = ap.parse_args(argv)
    for path in make_all(args.out):
        print(f"{path}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
