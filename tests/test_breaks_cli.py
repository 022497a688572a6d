"""`rls-stretch breaks` on the command line: the settings' `breaks:` (a mistake is one line
at file:line:col and falls back), the flags over them, bad input as one line with exit 2,
and `--plain` with no keyboard (a due break starts by itself; SIGTERM stops cleanly)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clirun import rls

from rls_stretch import settings as settings_mod
from rls_stretch.breaks.plan import plan_for


def write_settings(home: Path, text: str) -> Path:
    path = home / ".config" / "rls-stretch" / "settings.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_breaks_are_read_and_a_mistake_is_one_line_at_its_place(isolated_home: Path):
    path = write_settings(isolated_home, "volume: 50\nbreaks:\n  every: 3s\n  length: 90s\n"
                                         "  position: sitting\n  wran: 10s\n")
    s, errors = settings_mod.read()
    assert [str(e) for e in errors] == [
        f"{path}:3:10: breaks.every: must be at least 5 s, got '3s'",
        f"{path}:5:13: breaks.position: expected seated or standing, got 'sitting'; "
        "did you mean 'seated'?",
        f"{path}:6:3: breaks.wran: unknown key 'wran'; did you mean 'warn'?",
    ]
    assert s.breaks == settings_mod.BreakSettings(length=90.0)  # only the good key kept
    assert s.volume == 50


def test_settings_breaks_in_flow_style_and_the_flags_over_them(isolated_home: Path):
    write_settings(isolated_home, "breaks: {every: 90m, length: 3m, position: standing, "
                                  "warn: 0}\nnight_hours: \"22:00-07:30\"\n")
    s, errors = settings_mod.read()
    assert errors == []
    plan = plan_for(s)
    assert (plan.every, plan.length, plan.position, plan.warn) == (5400.0, 180.0,
                                                                   "standing", 0.0)
    assert plan.morning.hour == 7 and plan.morning.minute == 30  # the end of night hours
    plan = plan_for(s, every=600.0, position="seated")
    assert (plan.every, plan.length, plan.position) == (600.0, 180.0, "seated")


@pytest.mark.parametrize(("args", "message"), [
    (["--every", "3s"], "argument --every: must be at least 5 s, got '3s'"),
    (["--every", "soon"], "argument --every: expected a duration like 5s or 1m30s, got 'soon'"),
    (["--length", "20m"], "argument --length: must be at most 10m, got '20m'"),
    (["--until", "25:00"], "argument --until: 25:00 is not a time of day"),
    (["--until", "5pm"], "argument --until: expected a time of day like 17:30, got '5pm'"),
    (["--position", "lying"], "argument --position: invalid choice: 'lying'"),
])
def test_bad_flags_are_one_line_and_exit_2(args: list[str], message: str):
    r = rls("breaks", *args, "--plain")
    assert r.returncode == 2
    assert message in r.stderr.splitlines()[-1]
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_the_tui_needs_a_terminal():
    r = rls("breaks", input="")
    assert r.returncode == 2
    assert r.stderr.strip() == ("rls-stretch: the full-screen interface needs a terminal; "
                                "use --plain for one line per step")


def test_plain_without_a_keyboard_starts_the_break_and_stops_on_sigterm(tmp_path: Path):
    env = dict(os.environ, RLS_STRETCH_AUDIO="silent", PATH=f"{tmp_path}{os.pathsep}"
               f"{os.environ['PATH']}")
    (tmp_path / "notify-send").write_text("#!/bin/sh\nexit 0\n")
    (tmp_path / "notify-send").chmod(0o755)
    proc = subprocess.Popen([sys.executable, "-m", "rls_stretch", "breaks", "--every", "5s",
                             "--length", "30s", "--plain"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line.rstrip("\n"))
            if line.startswith("[0:0"):  # the routine's first segment: the break is on
                break
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    lines += out.splitlines()
    assert proc.returncode == 143, err
    assert lines[0] == "Desk breaks: a 30 s seated stretch every 5 s."
    stamped = [ln.split("] ", 1)[1] for ln in lines if ln.startswith("[") and ":" in ln[:7]
               and not ln.startswith("[0:")]
    assert stamped[0] == "Break in 3 s: a 30 s seated stretch."  # half of 5 s, rounded
    assert stamped[1] == ("Break time: a 30 s seated stretch. "
                          "No keyboard to answer: starting it.")
    assert stamped[2] == "Break started."
    assert stamped[-1] == "Stopped: 1 taken, 0 skipped."
    assert "Traceback" not in err


@pytest.mark.skipif(shutil.which("aplay") is None, reason="aplay is not installed")
def test_the_warning_and_the_chime_reach_alsa(isolated_home: Path):
    """The break's two sounds, as BreakAlerts plays them, read back from ALSA's file
    device (aplay is a child: it reads the test HOME's .asoundrc itself)."""
    import wave

    from rls_stretch.breaks.alerts import ALERT_CUES, BreakAlerts
    from rls_stretch.breaks.scheduler import BreakScheduler
    from rls_stretch.session.clock import FakeClock
    from rls_stretch.sound.backends import make_backend
    from rls_stretch.sound.cues import CuePlayer, profile_dir

    raw = isolated_home / "alsa.raw"
    (isolated_home / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "{raw}"; format "raw" }}\n')
    player = CuePlayer(make_backend("aplay"))
    clock = FakeClock()
    s = BreakScheduler(plan_for(settings_mod.Settings(), every=10.0), clock)
    s.subscribe(BreakAlerts(play=player.play))
    s.start()
    for second in range(1, 11):
        clock.set(float(second))
        s.update()
        if s.warned and second == 5:
            player.wait(10)
            heard_warning = raw.read_bytes()
    player.wait(10)
    heard_break = raw.read_bytes()
    player.close()
    for heard, cue in ((heard_warning, ALERT_CUES["warned"]), (heard_break, ALERT_CUES["due"])):
        with wave.open(str(profile_dir("standard") / f"{cue}.wav"), "rb") as w:
            want = w.readframes(w.getnframes())
        assert heard.startswith(want) and not heard[len(want):].strip(b"\0"), cue
