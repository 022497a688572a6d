"""`rls-stretch relief --json` and `show --minutes --json`: the timelines a quick relief or a
time budget would play, checked from the outside as a script would read them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import rls

POSITIONS = ("lying", "seated", "standing")
MINUTES = (1, 2, 3, 5)


def relief_json(position: str, minutes: int, *extra: str) -> dict:
    r = rls("relief", "--position", position, "--minutes", str(minutes), "--json", *extra)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return json.loads(r.stdout)


@pytest.mark.parametrize("position", POSITIONS)
def test_relief_fits_each_time_asked_and_stays_in_its_position(position: str) -> None:
    totals = []
    for minutes in MINUTES:
        data = relief_json(position, minutes)
        assert data["routine"]["id"] == f"relief-{'in-bed' if position == 'lying' else position}"
        assert data["routine"]["minutes"] == minutes
        assert 0 < data["total_seconds"] <= minutes * 60
        moves = [s["move"] for s in data["segments"] if s["move"] is not None]
        assert moves, "a relief routine with no moves"
        assert {m["position"] for m in moves} == {position}
        assert data["routine"]["positions"] == [position]
        assert data["segments"][-1]["kind"] == "done"
        totals.append(data["total_seconds"])
    # more time is used when it is given: 5 minutes is not played as 1
    assert totals[-1] > totals[0]


def test_relief_json_is_the_same_timeline_show_prints(no_position_change: Path) -> None:
    """... once `show` is told not to lengthen the first get-ready: relief knows the person
    is seated already, so its one-position routine has no change of position at all."""
    no_position_change.unlink()
    relief = relief_json("seated", 3)  # default settings: a 15 s position change
    no_position_change.write_text("position_change: 0\n")
    shown = rls("show", "relief-seated", "--minutes", "3", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == relief


def test_relief_json_honours_level_and_start_side() -> None:
    gentle = relief_json("standing", 5, "--level", "gentle", "--start-side", "right")
    assert gentle["routine"]["start_side"] == "right"
    assert gentle["routine"]["level"] == "gentle"
    sided = [s for s in gentle["segments"] if s["side"] is not None]
    assert sided, "relief-standing has per-side moves"
    assert sided[0]["side"] == "right"


def test_relief_without_answers_outside_a_terminal_says_what_is_missing() -> None:
    r = rls("relief", "--json", "--position", "lying")
    assert r.returncode == 2
    assert r.stderr.strip() == ("rls-stretch: relief: --minutes is needed here "
                                "(or run it in a terminal to be asked)")
    r = rls("relief", "--minutes", "2", "--json")
    assert r.returncode == 2 and "--position" in r.stderr and "Traceback" not in r.stderr


def test_show_bedtime_in_five_minutes_is_at_most_five_minutes() -> None:
    r = rls("show", "bedtime", "--minutes", "5", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert 0 < data["total_seconds"] <= 300
    full = json.loads(rls("show", "bedtime", "--json").stdout)
    assert full["total_seconds"] > 300  # so the budget really did something
    # what had to go is named (or the ranges shrank): never silently over
    assert data["routine"]["minutes"] == 5


def test_a_budget_too_short_is_one_line_exit_1() -> None:
    r = rls("show", "bedtime", "--minutes", "0.1", "--json")
    assert r.returncode == 1
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rls-stretch: bedtime cannot fit in")


def test_relief_json_is_not_stopped_by_a_broken_settings_file(
        isolated_home: Path) -> None:
    # A broken settings file never breaks a relief: `--json` does not even read it.
    cfg = isolated_home / ".config" / "rls-stretch"
    cfg.mkdir(parents=True)
    (cfg / "settings.yaml").write_text("level: [\n")
    data = relief_json("lying", 2)
    assert data["total_seconds"] <= 120


@pytest.mark.parametrize("position", ["lying", "seated", "standing"])
def test_five_minutes_of_relief_goes_round_again(position: str) -> None:
    """The relief routines last 2-3 minutes: asking for 5 repeats them, not stops at 3."""
    three = json.loads(rls("relief", "--position", position, "--minutes", "3", "--json").stdout)
    five = json.loads(rls("relief", "--position", position, "--minutes", "5", "--json").stdout)
    assert five["total_seconds"] <= 300
    assert five["total_seconds"] > 1.5 * three["total_seconds"]


def test_relief_minutes_outside_the_offer_is_bad_usage() -> None:
    r = rls("relief", "--position", "seated", "--minutes", "4", "--json")
    assert r.returncode == 2 and "expected 1, 2, 3 or 5 minutes, got 4" in r.stderr
