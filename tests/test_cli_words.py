"""The command line takes people's words and says plainly what it did: a routine shorter
than the minutes asked, relief minutes and places in everyday words, a misspelt name."""

from __future__ import annotations

import json

import pytest
from clirun import rls

from rls_stretch.cli.main import build_parser
from rls_stretch.routine.catalog import RELIEF_WORDS, relief_position


def test_show_says_a_routine_is_shorter_than_the_minutes_asked() -> None:
    r = rls("show", "bedtime", "--minutes", "30")
    assert r.returncode == 0
    first = r.stdout.splitlines()[0]
    assert "shorter than the 30 min asked" in first and "fitted" not in first


def test_show_says_fitted_when_it_fits() -> None:
    r = rls("show", "bedtime", "--minutes", "5")
    assert r.returncode == 0
    assert "fitted to 5 min" in r.stdout.splitlines()[0]


@pytest.mark.parametrize("minutes", ["4", "0.5", "10"])
def test_relief_minutes_outside_the_choices_say_which_there_are(minutes: str) -> None:
    r = rls("relief", "--position", "bed", "--minutes", minutes, "--json")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1].endswith(
        f"argument --minutes: expected 1, 2, 3 or 5 minutes, got {minutes}")
    assert "invalid choice" not in r.stderr


@pytest.mark.parametrize(("word", "position"), [
    (w, p) for p, words in RELIEF_WORDS.items() for w in words
] + [("In Bed", "lying"), ("SITTING", "seated"), ("Up", "standing")])
def test_relief_takes_everyday_words_for_where_you_are(word: str, position: str) -> None:
    assert relief_position(word) == position
    assert build_parser().parse_args(["relief", "--position", word]).position == position


@pytest.mark.parametrize("word", ["bed", "chair", "up"])
def test_relief_plays_the_routine_for_the_word(word: str) -> None:
    r = rls("relief", "--position", word, "--minutes", "2", "--json")
    assert r.returncode == 0, r.stderr
    expected = {"bed": "relief-in-bed", "chair": "relief-seated", "up": "relief-standing"}
    assert json.loads(r.stdout)["routine"]["id"] == expected[word]


def test_relief_refuses_an_unknown_place_naming_the_words() -> None:
    r = rls("relief", "--position", "sofa", "--minutes", "2", "--json")
    assert r.returncode == 2
    assert "lying (or bed, in-bed), seated (or chair, sitting) or standing (or up), got 'sofa'" \
        in r.stderr


@pytest.mark.parametrize(("typed", "meant"), [("bedtme", "bedtime"), ("yogaa", "yoga"),
                                              ("mornign", "morning")])
@pytest.mark.parametrize("command", ["run", "show"])
def test_a_misspelt_routine_name_gets_a_suggestion(command: str, typed: str, meant: str) -> None:
    r = rls(command, typed, "--plain", "--mute") if command == "run" else rls(command, typed)
    assert r.returncode == 2
    assert f"no routine called {typed!r}; did you mean {meant!r}?" in r.stderr
