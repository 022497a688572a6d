"""Changes of position, end to end: `show` and `show --json` for the shipped bedtime routine,
the plain runner's line, and what the voice says."""

from __future__ import annotations

import json

from clirun import rls

from rls_stretch.sound.speech import phrases
from rls_stretch.timeline.positions import DEFAULT_POSITION_CHANGE, SAY


def test_show_json_has_the_longer_announced_get_ready_where_the_position_changes():
    result = rls("show", "bedtime", "--json")
    assert result.returncode == 0, result.stderr
    segments = json.loads(result.stdout)["segments"]
    prepares = [s for s in segments if s["kind"] == "prepare"]
    changes = [s for s in prepares if s["new_position"]]
    # standing -> seated -> floor -> lying, and the first move
    assert [s["new_position"] for s in changes] == ["standing", "seated", "floor", "lying"]
    assert all(s["seconds"] == DEFAULT_POSITION_CHANGE for s in changes)
    assert all(s["cues"][0]["name"] == "position" for s in changes)
    same = [s for s in prepares if not s["new_position"]]
    assert same and all(s["seconds"] < DEFAULT_POSITION_CHANGE for s in same)
    assert all(s["cues"][0]["name"] == "prepare" for s in same)


def test_show_says_each_change_of_position():
    result = rls("show", "bedtime")
    assert result.returncode == 0, result.stderr
    for words in ("Stand up", "Now sit down", "Sit on the floor", "Lie on your back"):
        assert f"> {words}" in result.stdout


def test_the_setting_changes_the_get_ready(isolated_home):
    settings = isolated_home / ".config" / "rls-stretch" / "settings.yaml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("position_change: 25s\n")
    segments = json.loads(rls("show", "bedtime", "--json").stdout)["segments"]
    assert {s["seconds"] for s in segments if s["new_position"]} == {25.0}
    settings.write_text("position_change: 0\n")
    segments = json.loads(rls("show", "bedtime", "--json").stdout)["segments"]
    assert not [s for s in segments if s["new_position"]]


def test_the_voice_says_the_new_position_first_and_keeps_it_when_time_is_short():
    from rls_stretch.routine.catalog import Catalog
    from rls_stretch.timeline.sequencer import build_timeline

    entry = next(e for e in Catalog.load().entries if e.routine and e.routine.id == "bedtime")
    assert entry.routine is not None
    tl = build_timeline(entry.routine, position_change=DEFAULT_POSITION_CHANGE)
    lying = next(s for s in tl.segments if s.new_position == "lying")
    options = [p.text for p in phrases("segment", lying, None, tl)]
    assert options[0].startswith("Lie on your back. ")
    assert "Lie on your back" in options  # the shortest form still says it
    assert SAY["kneeling"] == "Kneel on the floor" and SAY["seated"] == "Now sit down"
