"""The built-in move library and routines hold what the articles say.

The expected doses are typed by hand from the articles (tests/expected_doses.py) and checked
twice: through `rls-stretch moves --json` in a subprocess, as a user or a tool sees them, and
through the loader, which also shows the breath pace and tempo the JSON leaves out. The
routine checks hold the safety rules the articles give: nothing vigorous or daytime-only at
bedtime, relief routines short and in one position.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from expected_doses import EXPECTED, NO_DOSE_IN_SOURCE

from rls_stretch.routine.model import MoveStep

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO.parent / "shared" / "sources" / "rls-articles.txt"
ALL_EXPECTED = {**EXPECTED, **NO_DOSE_IN_SOURCE}
DOSE_KEYS = ("hold_s", "breaths", "reps", "rep_s")
CORE_KEYS = ("sides", "position", *DOSE_KEYS, "sets")
TITLES = (
    "Restless Legs Syndrome (RLS), HelpGuide",
    "8 Yoga Poses to Calm Restless Legs Syndrome",
    "Exercises for Restless Leg Syndrome (Sit and Be Fit)",
    "Restless Leg Syndrome (Nonna Gleyzer)",
    "Exercises to Relieve Restless Leg Syndrome",
    "Stretching for Restless Legs",
)
RELIEF = {"relief-in-bed": "lying", "relief-seated": "seated", "relief-standing": "standing"}
NIGHT = {"evening", "bedtime", "anytime"}
RELAXATION = [
    "relax-breathing-4-8", "tense-release-buttocks", "tense-release-front-thighs",
    "tense-release-back-thighs", "tense-release-shins", "tense-release-calves",
    "relax-breathing-4-4",
]
YOGA = ["down-dog-pedal", "cobra", "up-dog", "pigeon", "half-forward-fold",
        "full-forward-fold", "bridge-pose", "bow-pose"]
GLEYZER = ["calf-raise-and-stretch", "lunge-rock", "standing-quad-stretch",
           "inner-thigh-hamstring-stretch"]


# -- the two views of the library -------------------------------------------------------


@pytest.fixture(scope="module")
def moves_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """`python -m rls_stretch moves --json`, run with an empty HOME (no user moves file)."""
    home = tmp_path_factory.mktemp("home")
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_STATE_HOME=str(home / ".local/state"))
    proc = subprocess.run([sys.executable, "-m", "rls_stretch", "moves", "--json"],
                          capture_output=True, text=True, env=env, cwd=home, timeout=60)
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    by_id = {m["id"]: m for m in listed}
    assert len(by_id) == len(listed), "a move id is listed twice"
    return by_id


@pytest.fixture
def library():
    from rls_stretch.routine.loader import load_library

    return load_library()  # HOME is a fresh tmp dir (conftest), so built-in moves only


def _pair(span) -> list[float] | None:
    return None if span is None else [span.low, span.high]


def _dose_fields(dose) -> dict[str, Any]:
    rep_s = None
    if dose.reps is not None:
        rep_s = (_pair(dose.rep_time) if dose.tempo is None
                 else [dose.tempo.inhale + dose.tempo.exhale] * 2)
    return {"hold_s": _pair(dose.hold), "breaths": _pair(dose.breaths),
            "reps": _pair(dose.reps), "rep_s": rep_s}


def _loaded_fields(move) -> dict[str, Any]:
    """A loaded Move in the table's shape, plus what only the model carries."""
    out: dict[str, Any] = {"sides": move.sides, "position": move.position,
                           "sets": int(move.sets.high)}
    if move.dose is not None:
        out.update(_dose_fields(move.dose), phases=None)
        out["pace"] = None if move.dose.pace is None else [move.dose.pace.inhale,
                                                           move.dose.pace.exhale]
        out["tempo"] = None if move.dose.tempo is None else [move.dose.tempo.inhale,
                                                             move.dose.tempo.exhale]
    else:
        out.update(dict.fromkeys(DOSE_KEYS), pace=None, tempo=None)
        out["phases"] = [_dose_fields(p.dose) for p in move.phases]
    return out


# -- doses --------------------------------------------------------------------------------


def test_every_library_move_has_a_hand_written_expectation(moves_json):
    assert set(moves_json) - set(ALL_EXPECTED) == set(), "new moves need an entry in the table"
    assert set(ALL_EXPECTED) - set(moves_json) == set(), "moves from the articles are missing"


@pytest.mark.parametrize("move_id", sorted(ALL_EXPECTED))
def test_moves_json_gives_the_article_dose(moves_json, move_id):
    want = ALL_EXPECTED[move_id]
    got = moves_json[move_id]
    assert {k: got[k] for k in CORE_KEYS} == {k: want[k] for k in CORE_KEYS}
    phases = got["phases"]
    if phases is not None:
        phases = [{k: p[k] for k in DOSE_KEYS} for p in phases]
    assert phases == want["phases"]
    assert got["advanced"] is want.get("advanced", False)


@pytest.mark.parametrize("move_id", sorted(ALL_EXPECTED))
def test_loader_gives_the_article_dose(library, move_id):
    want = ALL_EXPECTED[move_id]
    move = library[move_id]
    got = _loaded_fields(move)
    assert {k: got[k] for k in (*CORE_KEYS, "phases")} == {
        k: want[k] for k in (*CORE_KEYS, "phases")}
    assert got["pace"] == want.get("pace")
    assert got["tempo"] == want.get("tempo")
    assert list(move.when) == want.get("when", [])
    assert move.advanced is want.get("advanced", False)


@pytest.mark.parametrize("move_id", sorted(ALL_EXPECTED))
def test_caution_only_where_the_source_gives_one(moves_json, move_id):
    word = ALL_EXPECTED[move_id].get("caution")
    caution = moves_json[move_id]["caution"]
    if word is None:
        assert caution is None
    else:
        assert caution and word in caution.lower()


def test_undosed_moves_say_so_and_dosed_ones_do_not(moves_json):
    for move_id, move in moves_json.items():
        says = "no dose given in the source" in (move["source"] or "").lower()
        assert says is (move_id in NO_DOSE_IN_SOURCE), move_id


def test_every_move_names_its_article_and_section(moves_json):
    for move_id, move in moves_json.items():
        source = " ".join((move["source"] or "").split())
        assert source.startswith(TITLES) and " — " in source, move_id


def test_advanced_variants_are_marked(moves_json):
    advanced = {i for i, m in moves_json.items() if m["advanced"]}
    assert advanced == {"pigeon-advanced", "bow-pose-advanced"}


# -- own words ------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


@pytest.mark.skipif(not ARTICLES.is_file(), reason="the source articles are not beside the repo")
def test_instructions_are_in_our_own_words(library):
    """No run of six words from an article: instructions are written, not pasted."""
    n = 6
    article = _words(ARTICLES.read_text(encoding="utf-8"))
    runs = {tuple(article[i:i + n]) for i in range(len(article) - n + 1)}
    for move in library.values():
        texts = [move.instructions, *(p.instructions for p in move.phases), *move.cues]
        for text in texts:
            w = _words(text)
            copied = [" ".join(w[i:i + n]) for i in range(len(w) - n + 1)
                      if tuple(w[i:i + n]) in runs]
            assert not copied, f"{move.id}: {copied}"


def test_instructions_are_short(library):
    for move in library.values():
        sentences = [s for s in re.split(r"[.!?](?:\s|$)", move.instructions) if s.strip()]
        assert 1 <= len(sentences) <= 3, move.id


# -- routines -------------------------------------------------------------------------------


@pytest.fixture
def routines(library):
    from rls_stretch.paths import builtin_routines_dir
    from rls_stretch.routine.loader import load_routine

    files = sorted(p for p in builtin_routines_dir().glob("*.yaml") if p.name != "moves.yaml")
    return {p.stem: load_routine(p, library, origin="built-in") for p in files}


def _ids(routine) -> list[str]:
    return [m.id for m in routine.moves]


def test_the_built_in_routines_are_there(routines):
    assert {"bedtime", "morning", "yoga", "seated", "standing-chair", "relax", *RELIEF} <= set(
        routines)
    for r in routines.values():
        assert r.name and r.summary, r.id


def test_bedtime_routines_are_gentle_and_not_daytime_only(routines):
    bedtime = [r for r in routines.values() if r.when == "bedtime"]
    assert {"bedtime", "relax", "relief-in-bed"} <= {r.id for r in bedtime}
    for r in bedtime:
        for m in r.moves:
            assert m.intensity != "vigorous", (r.id, m.id)
            assert not m.when or set(m.when) & NIGHT, (r.id, m.id)


def test_bedtime_ends_in_the_relaxation_and_lasts_ten_to_fifteen_minutes(routines):
    from rls_stretch.timeline.sequencer import build_timeline

    r = routines["bedtime"]
    assert _ids(r)[-len(RELAXATION):] == RELAXATION
    assert r.level == "gentle"
    for level in ("gentle", "standard", "deep"):
        assert 10 * 60 <= build_timeline(r, level=level).total_seconds <= 15 * 60, level


@pytest.mark.parametrize("routine_id", sorted(RELIEF))
def test_relief_is_short_and_in_one_position(routines, routine_id):
    from rls_stretch.timeline.sequencer import build_timeline

    r = routines[routine_id]
    assert {m.position for m in r.moves} == {RELIEF[routine_id]}
    for level in ("gentle", "standard", "deep"):
        assert build_timeline(r, level=level).total_seconds <= 3 * 60, level
    assert build_timeline(r, minutes=1).total_seconds <= 60  # the shortest relief offered


def test_yoga_is_the_eight_poses_in_the_articles_order(routines):
    assert _ids(routines["yoga"]) == YOGA


def test_relax_is_the_whole_relaxation_in_order(routines):
    r = routines["relax"]
    assert _ids(r) == RELAXATION
    assert r.positions == ("lying",)
    paces = [(m.dose.pace.inhale, m.dose.pace.exhale) for m in r.moves if m.dose and m.dose.pace]
    assert paces == [(4, 8), (4, 4)]


def test_morning_has_the_four_morning_and_afternoon_stretches(routines):
    r = routines["morning"]
    assert r.when == "morning"
    core = [s.move.id for s in r.steps if isinstance(s, MoveStep) and not s.optional]
    assert set(GLEYZER) <= set(core)


def test_standing_chair_is_standing_and_seated_is_seated(routines):
    assert routines["standing-chair"].positions == ("standing",)
    assert set(routines["seated"].positions) <= {"seated"}
    assert _ids(routines["standing-chair"])[:4] == [
        "soleus-stretch-chair", "gastroc-stretch-chair", "hamstring-stretch-chair",
        "calf-stretch-chair"]


def test_built_in_routines_keep_the_library_doses(routines, library):
    """A built-in routine plays a move as the article doses it; only users override."""
    for r in routines.values():
        for m in r.moves:
            if m.id in library:
                original = library[m.id]
                assert (m.dose, m.phases, m.sets, m.sides) == (
                    original.dose, original.phases, original.sets, original.sides), (r.id, m.id)
                assert m.caution == original.caution, (r.id, m.id)
