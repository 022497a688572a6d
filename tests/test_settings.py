"""The settings file: read like a routine file, never in the way of a routine."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from clirun import rls

from rls_stretch import paths, play
from rls_stretch.routine.catalog import Catalog
from rls_stretch.routine.model import Pace
from rls_stretch.settings import Settings, load, parse_hours, problem_line, read
from rls_stretch.timeline.options import RunOptions


def write(text: str) -> Path:
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_no_file_means_the_defaults() -> None:
    assert not paths.settings_file().exists()
    assert read() == (Settings(), [])
    s = Settings()
    assert (s.pace, s.level, s.night_hours_text, s.sound, s.volume, s.voice,
            s.wait_for_ready, s.position_change, s.lead_in) == (
        None, None, "21:00-06:00", "auto", 80, "off", False, 15.0, 0.0)


def test_every_setting_is_read() -> None:
    write("""\
# my settings
pace: {inhale: 5, exhale: 7s}
level: gentle
night_hours: "22:30-07:00"
sound: gentle
volume: 35
voice: full
wait_for_ready: true
position_change: 20s
lead_in: 0.3
""")
    s, errors = read()
    assert errors == []
    assert s == Settings(pace=Pace(5, 7), level="gentle", night_hours=(22 * 60 + 30, 7 * 60),
                         sound="gentle", volume=35, voice="full", wait_for_ready=True,
                         position_change=20.0, lead_in=0.3)
    assert s.night_hours_text == "22:30-07:00"


def test_night_hours_can_be_off_or_short_and_need_not_be_quoted() -> None:
    write("night_hours: off\n")
    assert read()[0].night_hours is None
    write("night_hours: 20-5\n")
    assert read()[0].night_hours == (20 * 60, 5 * 60)
    write("night_hours: 21:00-06:00\n")
    assert read() == (Settings(), [])


def test_each_mistake_is_one_line_at_its_place_and_only_that_field_falls_back() -> None:
    path = write("""\
level: deeep
volume: 120
night_hours: "25:00-06:00"
pace: {inhale: 4}
voice: maybe
sound: gentle
colour: amber
""")
    s, errors = read()
    assert [str(e) for e in errors] == [
        f"{path}:1:8: level: expected gentle, standard or deep, got 'deeep'; "
        "did you mean 'deep'?",
        f"{path}:2:9: volume: expected a number from 0 to 100, got 120",
        f"{path}:3:14: night_hours: 25:00 is not a time of day, got '25:00-06:00'",
        f"{path}:4:7: pace.exhale: is required",
        f"{path}:5:8: voice: expected off, names or full, got 'maybe'",
        f"{path}:7:1: colour: unknown key 'colour'; expected pace, level, night_hours, sound, "
        "volume, voice, wait_for_ready, breaks, checkin_before, position_change or lead_in",
    ]
    # the good field is kept, the bad ones keep their defaults
    assert s == Settings(sound="gentle")


def test_a_file_that_is_not_yaml_gives_the_defaults_and_one_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    path = write("level: [gentle\nvolume: 10\n")
    s = load()
    assert s == Settings()
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"rls-stretch: {path}:")
    assert "invalid YAML" in err and "using the default" in err


def test_several_problems_still_make_one_line() -> None:
    path = write("volume: loud\nlevel: 3\n")
    _, errors = read()
    line = problem_line(errors)
    assert line == (f"{path}:1:9: volume: expected a number from 0 to 100, got 'loud' "
                    "(and 1 more); using the default for it")
    out = io.StringIO()
    load(stream=out)
    assert out.getvalue() == f"rls-stretch: {line}\n"
    quiet = io.StringIO()
    load(quiet=True, stream=quiet)
    assert quiet.getvalue() == ""


def test_a_settings_file_that_is_a_list_or_unreadable_is_not_a_crash() -> None:
    path = write("- level: gentle\n")
    s, errors = read()
    assert s == Settings() and str(errors[0]).startswith(f"{path}:1:1: ")
    path.write_bytes(b"level: \xff\xfe\n")
    s, errors = read()
    assert s == Settings() and "not UTF-8" in str(errors[0])


@pytest.mark.parametrize(("hours", "at", "night"), [
    ("21:00-06:00", (21, 0), True), ("21:00-06:00", (20, 59), False),
    ("21:00-06:00", (5, 59), True), ("21:00-06:00", (6, 0), False),
    ("13:00-15:30", (15, 29), True), ("13:00-15:30", (15, 30), False),
    ("13:00-15:30", (12, 0), False), ("off", (23, 0), False),
])
def test_night_hours_wrap_midnight(hours: str, at: tuple[int, int], night: bool) -> None:
    s = Settings(night_hours=parse_hours(hours))
    assert s.is_night_at(*at) is night


def test_bad_hours_text_is_refused() -> None:
    for text in ("21:00", "9pm-6am", "21:60-06:00", "24:30-01:00"):
        with pytest.raises(ValueError):
            parse_hours(text)


def test_sound_profile_follows_night_unless_fixed() -> None:
    assert Settings().sound_profile(True) == "gentle"
    assert Settings().sound_profile(False) == "standard"
    assert Settings(sound="standard").sound_profile(True) == "standard"
    assert Settings(sound="gentle").sound_profile(False) == "gentle"


# -- applied where routines are played -------------------------------------------------------


def routine(rid: str):  # -> Routine
    entry = Catalog.load().get(rid)
    assert entry is not None and entry.routine is not None
    return entry.routine


def test_play_uses_the_settings_night_hours() -> None:
    morning = play.timeline_for(routine("morning"), RunOptions())
    opts = RunOptions()
    assert play.is_night(morning, opts, hour=22) is True  # default 21:00-06:00
    assert play.is_night(morning, opts, hour=20) is False
    write('night_hours: "19:00-23:00"\n')
    assert play.is_night(morning, opts, hour=20) is True
    assert play.is_night(morning, opts, hour=23) is False
    write("night_hours: off\n")
    assert play.is_night(morning, opts, hour=2) is False
    # a bedtime routine is night whatever the hour; a flag wins over everything
    bedtime = play.timeline_for(routine("bedtime"), opts)
    assert play.is_night(bedtime, opts, hour=12) is True
    assert play.is_night(bedtime, RunOptions(night=False), hour=23) is False
    assert play.profile_for(bedtime, opts, hour=12) == "gentle"
    write("sound: standard\n")
    assert play.profile_for(bedtime, opts, hour=12) == "standard"


def test_default_level_pace_and_wait_for_ready_shape_the_timeline(tmp_path: Path) -> None:
    from rls_stretch.routine.loader import load_routine

    path = tmp_path / "mine.yaml"
    path.write_text("name: Mine\nsteps:\n"
                    "  - move: {name: Hold, position: lying, hold: 20-40s, instructions: Hold.}\n"
                    "  - breathe: {cycles: 3}\n")
    r = load_routine(path)
    plain = play.timeline_for(r, RunOptions())
    assert plain.level == "standard"
    assert not any(seg.wait for seg in plain.segments)
    assert {seg.seconds for seg in plain.segments if seg.kind == "inhale"} == {4}
    write("level: deep\npace: {inhale: 6, exhale: 9}\nwait_for_ready: true\n")
    tl = play.timeline_for(r, RunOptions())
    assert tl.level == "deep"
    assert [seg.seconds for seg in tl.segments if seg.kind == "hold"] == [40]
    assert {seg.seconds for seg in tl.segments if seg.kind == "inhale"} == {6}
    assert {seg.seconds for seg in tl.segments if seg.kind == "exhale"} == {9}
    prepares = [seg for seg in tl.segments if seg.kind == "prepare"]
    assert prepares and all(seg.wait for seg in prepares)
    # the command line wins over the settings
    assert play.timeline_for(r, RunOptions(level="gentle")).level == "gentle"


def test_settings_fill_in_level_and_voice_for_the_command_line() -> None:
    write("level: gentle\nvoice: true\n")
    opts = play.apply_settings(RunOptions())
    assert opts.level == "gentle" and opts.voice == "names"  # true, as older files say
    assert play.apply_settings(RunOptions(level="deep")).level == "deep"
    assert play.volume() == 0.8


def test_where_prints_the_settings_path(isolated_home: Path) -> None:
    r = rls("where")
    assert r.returncode == 0
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("settings:"))
    assert line.split(None, 1)[1] == str(paths.settings_file())
    assert str(paths.settings_file()).startswith(str(isolated_home))


def test_voice_takes_off_names_full_and_the_old_true_false() -> None:
    for text, mode in (("off", "off"), ("false", "off"), ("true", "names"), ("names", "names"),
                       ("full", "full"), ('"off"', "off")):
        write(f"voice: {text}\n")
        s, errors = read()
        assert errors == [] and s.voice == mode, text


def test_lead_in_and_position_change_are_checked() -> None:
    path = write("lead_in: 5s\nposition_change: soon\n")
    s, errors = read()
    assert [str(e).split(": ", 1)[0] for e in errors] == [f"{path}:1:10", f"{path}:2:18"]
    assert "at most 2 s" in str(errors[0])
    assert (s.lead_in, s.position_change) == (0.0, 15.0)
