"""Cue latency: from a segment's boundary to the first sample of its cue written to ALSA's
file device, for miniaudio, simpleaudio and aplay, side by side in one run.

Real audio, not the silent backend: each backend plays through ALSA's default device,
pointed (by an .asoundrc in a temporary HOME) at `stdbuf -o0 tr -s '\\0'` writing into a
FIFO. `tr` squeezes the flood of silence an open device writes to ALSA's clockless `null`
slave; a reader thread notes the moment the first non-zero byte after each cue arrives.
The session runs on the real monotonic clock and is woken as the plain runner wakes it,
so the figure is what a person hears: wake-up, event, queue, backend, device.

    python bench/cue_latency.py [--quick]
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BACKENDS = ("miniaudio", "simpleaudio", "aplay")
GOAL_MS = 10.0


def _routine(reps: int) -> str:
    return f"""\
name: Latency
transition: 0s
steps:
  - move:
      name: Knee lifts
      position: seated
      sides: none
      reps: {reps}
      rep_time: 1s
      instructions: Lift one knee.
"""


def child(backend_name: str, reps: int, fifo: str) -> None:
    """In a process whose HOME has the .asoundrc: play the routine, print latencies."""
    sys.path.insert(0, str(REPO))
    from rls_stretch.routine.loader import load_routine
    from rls_stretch.session.session import Session
    from rls_stretch.sound.backends import make_backend
    from rls_stretch.sound.cues import CuePlayer
    from rls_stretch.timeline.sequencer import build_timeline

    arrivals: list[float] = []
    waiting = threading.Event()

    def read() -> None:
        while True:
            with open(fifo, "rb", buffering=0) as f:
                while chunk := f.read(65536):
                    if waiting.is_set() and chunk.strip(b"\0"):
                        arrivals.append(time.monotonic())
                        waiting.clear()

    threading.Thread(target=read, daemon=True).start()
    backend = make_backend(backend_name)
    if not backend.available():
        print(json.dumps({"error": backend.why_not or "not available"}))
        return
    player = CuePlayer(backend)
    path = Path(fifo).parent / "latency.yaml"
    path.write_text(_routine(reps))
    routine = load_routine(path, {})
    session = Session(build_timeline(routine))
    latencies: list[float] = []

    def on_event(ev) -> None:
        if ev.kind != "cue" or ev.cue != "start":
            return
        arrivals.clear()
        waiting.set()
        player.on_event(ev)
        end = time.monotonic() + 0.5
        while not arrivals and time.monotonic() < end:
            time.sleep(0.0005)
        if arrivals:
            latencies.append(arrivals[0] - ev.due)

    session.subscribe(on_event)
    time.sleep(0.3)
    session.start()
    while session.state == "running":
        wake = session.next_wake()
        if wake is not None:
            time.sleep(max(0.0, wake - time.monotonic()))
        session.update()
    player.wait(3)
    player.close()
    print(json.dumps({"latencies": latencies[1:]}))  # the first opens the device cold


def measure(backend: str, reps: int) -> list[float] | str:
    home = Path(tempfile.mkdtemp(prefix="rls-bench-"))
    try:
        fifo = home / "out.fifo"
        os.mkfifo(fifo)
        script = home / "squeeze.sh"
        script.write_text(f"#!/bin/sh\nexec stdbuf -o0 tr -s '\\000' > {fifo}\n")
        script.chmod(0o755)
        (home / ".asoundrc").write_text(
            f'pcm.!default {{ type file; slave.pcm "null"; file "|{script}"; '
            'format "raw" }\n')
        env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")}
        env.pop("RLS_STRETCH_AUDIO", None)
        out = subprocess.run([sys.executable, __file__, "--child", backend, str(reps),
                              str(fifo)], capture_output=True, text=True, env=env,
                             timeout=60 + 2 * reps)
        try:
            got = json.loads(out.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            return f"failed: {out.stderr.strip()[-200:]}"
        return got.get("latencies") or got.get("error", "no cue heard")
    finally:
        shutil.rmtree(home, ignore_errors=True)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def rows(quick: bool = False) -> list[dict]:
    reps = 8 if quick else 25
    got = {b: measure(b, reps) for b in BACKENDS}

    def text(b: str) -> str:
        v = got[b]
        if isinstance(v, str):
            return f"{b}: {v}"
        return (f"{b} p95 {1000 * p95(v):.1f} ms (p50 {1000 * statistics.median(v):.1f}, "
                f"n={len(v)})")

    ours = got["miniaudio"]
    out = []
    for other in ("simpleaudio", "aplay"):
        theirs = got[other]
        ratio = None
        if not isinstance(ours, str) and not isinstance(theirs, str) and p95(theirs) > 0:
            ratio = round(p95(ours) / p95(theirs), 2)
        out.append({"figure": f"cue latency, boundary to first sample (vs {other})",
                    "ours": text("miniaudio"), "comparison": text(other), "ratio": ratio,
                    "goal": f"miniaudio p95 <= {GOAL_MS:g} ms"})
    return out


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        for row in rows(quick="--quick" in sys.argv):
            print(row)
