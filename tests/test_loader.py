"""The loader on real files: good ones become the model, bad ones one line at their line:col.

The corpus in tests/data/bad holds one mistake per file, with the exact line the user must
see in its first comment (`# expect: LINE:COL: field: message`); the same corpus is checked
against the JSON Schema in test_schema.py.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rls_stretch import paths
from rls_stretch.routine import yamlread
from rls_stretch.routine.durations import Where, parse_count, parse_duration
from rls_stretch.routine.errors import RoutineError
from rls_stretch.routine.loader import check_file, load_library, load_moves_file, load_routine
from rls_stretch.routine.model import Dose, Move, MoveStep, Pace, RestStep, Span
from rls_stretch.routine.moveread import MOVE_KEYS

DATA = Path(__file__).parent / "data"
GOOD, BAD = DATA / "good", DATA / "bad"
MOVES = GOOD / "moves.yaml"
BAD_FILES = sorted(BAD.glob("*.yaml"))
INTERNAL = "internal error"


@pytest.fixture(scope="module")
def library() -> dict[str, Move]:
    return load_moves_file(MOVES)


def expectation(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    assert first.startswith("# expect: "), f"{path.name} lacks its '# expect:' line"
    return first[len("# expect: "):]


def shown_without_path(error: RoutineError, path: Path) -> str:
    text = str(error)
    assert text.startswith(str(path)), text
    return text[len(str(path)):].lstrip(":").strip()


def load_any(path: Path, library: dict[str, Move]) -> object:
    if path.name.startswith("moves-"):
        return load_moves_file(path)
    return load_routine(path, library)


def write(tmp_path: Path, text: str | bytes, name: str = "r.yaml") -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


# --- good files -----------------------------------------------------------------------


def test_sample_routine_becomes_the_model(library: dict[str, Move]) -> None:
    r = load_routine(GOOD / "bedtime-sample.yaml", library, "built-in")
    assert (r.id, r.name, r.when, r.level, r.transition) == (
        "bedtime-sample", "Bedtime sample", "bedtime", "gentle", 5.0)
    assert r.origin == "built-in" and r.path == str(GOOD / "bedtime-sample.yaml")
    assert r.pace == Pace(4, 6)
    calf, thigh, pigeon, rest, ankles, breathe = r.steps
    assert isinstance(calf, MoveStep) and calf.move == library["calf-stretch-wall"]
    # A dose override replaces the dose and keeps everything else of the library move.
    assert isinstance(thigh, MoveStep) and thigh.move.dose == Dose(hold=Span(20, 20))
    assert thigh.move.sets == Span(3, 3) and thigh.move.name == "Front thigh stretch"
    assert isinstance(pigeon, MoveStep) and pigeon.optional
    assert pigeon.move.dose == Dose(breaths=Span(6, 8), pace=Pace(4, 6))  # pace carried
    assert rest == RestStep(Span(30, 30))
    assert isinstance(ankles, MoveStep)
    assert ankles.move.id == "inline-ankle-circles" and ankles.move.sides == "both"
    assert ankles.move.dose == Dose(reps=Span(5, 5), rep_time=Span(3, 3))
    assert isinstance(breathe, MoveStep)
    b = breathe.move
    assert (b.id, b.name, b.position) == ("breathe", "Deep breathing", "lying")
    assert b.dose == Dose(breaths=Span(5, 5), pace=Pace(4, 8))
    assert b.instructions == "Breathe in for 4, out for 8."


def test_overrides_and_shapes(library: dict[str, Move]) -> None:
    r = load_routine(GOOD / "overrides.yaml", library)
    steps = [s for s in r.steps if isinstance(s, MoveStep)]
    raise_, bridge, pigeon, thigh, tense, march, breathe = (s.move for s in steps)
    assert r.transition == 0.0 and r.level is None
    assert raise_.dose == Dose(reps=Span(8, 8), rep_time=Span(3, 3))  # same kind: carried
    assert bridge.dose == Dose(reps=Span(5, 5), rep_time=Span(4, 4))  # tempo gone
    assert pigeon.dose == Dose(breaths=Span(5, 5), pace=Pace(5, 7))
    assert (pigeon.sides, pigeon.when) == ("alternate", ("bedtime",))
    assert (thigh.sets, thigh.set_rest, steps[3].optional) == (Span(2, 3), Span(15, 15), True)
    assert [p.dose.hold for p in tense.phases] == [Span(3, 3), Span(60, 60)]
    assert march.id == "inline-seated-march" and march.instructions == ""
    assert march.dose == Dose(reps=Span(10, 10), tempo=Pace(2, 2)) and march.cues == ("march",)
    # A breathe step without a pace leaves it to the routine (or --pace), and sits where
    # the move before it was.
    assert breathe.dose == Dose(breaths=Span(3, 3)) and breathe.position == "seated"
    rests = [s for s in r.steps if isinstance(s, RestStep)]
    assert [s.seconds for s in rests] == [Span(60, 90), Span(90, 90)]


def test_library_file(library: dict[str, Move]) -> None:
    assert list(library) == ["calf-stretch-wall", "front-thigh-stretch", "pigeon",
                             "calf-raise", "bridge", "tense-release", "knee-to-chest"]
    k = library["knee-to-chest"]
    assert k.caution and k.wait and not k.advanced and k.dose is None
    assert [p.name for p in k.phases] == ["Knee lifts", "Ankle circles"]
    assert library["pigeon"].when == ("evening", "bedtime")
    assert library["pigeon"].intensity == "moderate"


def test_user_moves_add_and_replace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "moves.yaml").write_text(MOVES.read_text())
    monkeypatch.setattr(paths, "builtin_routines_dir", lambda: builtin)
    assert load_library() == load_moves_file(MOVES)
    user = paths.user_moves_file()
    user.parent.mkdir(parents=True)
    user.write_text("moves:\n  pigeon:\n    name: My pigeon\n    instructions: Mine.\n"
                    "    position: lying\n    hold: 1m\n"
                    "  toe-curls:\n    name: Toe curls\n    instructions: Curl.\n"
                    "    position: seated\n    reps: 10\n    rep_time: 2s\n")
    lib = load_library()
    assert lib["pigeon"].name == "My pigeon" and lib["pigeon"].dose == Dose(hold=Span(60, 60))
    assert "toe-curls" in lib and "calf-stretch-wall" in lib
    assert load_library(user=False)["pigeon"].name == "Pigeon"
    # `extra` stands in for the user's file.
    extra = write(tmp_path, "moves: {}\n", "extra.yaml")
    assert load_library(extra)["pigeon"].name == "Pigeon"
    # A broken user file is reported at its own path.
    user.write_text("moves:\n  pigeon:\n    name: My pigeon\n")
    with pytest.raises(RoutineError) as e:
        load_library()
    assert e.value.path == str(user) and e.value.field == "moves.pigeon.instructions"


def test_missing_builtin_library_is_empty(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "builtin_routines_dir", lambda: tmp_path / "nowhere")
    assert load_library() == {}
    r = write(tmp_path, "name: Inline only\nsteps:\n  - rest: 5s\n")
    assert load_routine(r).steps == (RestStep(Span(5, 5)),)
    r = write(tmp_path, "name: Needs one\nsteps:\n  - move: pigeon\n")
    with pytest.raises(RoutineError, match=r"unknown move 'pigeon' \(rls-stretch moves"):
        load_routine(r)


def test_anchors_merges_bom_and_crlf(tmp_path: Path, library: dict[str, Move]) -> None:
    text = ("name: Anchored\nsteps:\n  - &calf {move: calf-stretch-wall, hold: 15s}\n"
            "  - *calf\n  - <<: *calf\n    hold: 25s\n")
    r = load_routine(write(tmp_path, text), library)
    assert [s.move.dose.hold for s in r.steps] == [Span(15, 15), Span(15, 15), Span(25, 25)]
    crlf = "\ufeffname: Windows\r\nsteps:\r\n  - rest: 30s\r\n  - rest: x\r\n"
    with pytest.raises(RoutineError) as e:
        load_routine(write(tmp_path, crlf.encode("utf-8")), library)
    assert (e.value.line, e.value.col) == (4, 11)


def test_yaml_1_1_scalars(tmp_path: Path, library: dict[str, Move]) -> None:
    text = "name: Sexagesimal\nsteps:\n  - rest: 1:30\n    optional: yes\n"
    (step,) = load_routine(write(tmp_path, text), library).steps
    assert step == RestStep(Span(90, 90), optional=True)


# --- bad files ------------------------------------------------------------------------


def test_the_bad_corpus_is_big_enough() -> None:
    assert len(BAD_FILES) >= 25


@pytest.mark.parametrize("composer", yamlread.COMPOSERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_bad_file_gives_exactly_its_error(path: Path, composer: type,
                                          library: dict[str, Move],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlread, "COMPOSERS", [composer])  # libyaml and pure Python agree
    with pytest.raises(RoutineError) as e:
        load_any(path, library)
    assert shown_without_path(e.value, path) == expectation(path)
    # validate lists the same first problem.
    assert check_file(path, library)[0].message == e.value.message


def test_all_problems_are_collected_in_order(tmp_path: Path,
                                             library: dict[str, Move]) -> None:
    text = (
        "name: Many\n"                                    # 1
        "when: nightly\n"                                 # 2
        "steps:\n"                                        # 3
        "  - move: pigeon\n"                              # 4
        "    breaths: 0\n"                                # 5
        "  - rest: soon\n"                                # 6
        "  - move: {name: X, position: lying, hold: 3s, colour: red}\n"  # 7
        "  - move: calf-stretch-wall\n"                   # 8
        "    reps: 5\n"                                   # 9
        "    rep_time: 2s\n"                              # 10
        "    hold: 3s\n"                                  # 11
        "summary: [not, text]\n"                          # 12
    )
    errors = check_file(write(tmp_path, text), library)
    got = [(e.line, e.col, e.field) for e in errors]
    assert got == [(2, 7, "when"), (5, 14, "steps[0].breaths"), (6, 11, "steps[1].rest"),
                   (7, 48, "steps[2].move.colour"), (11, 5, "steps[3]"), (12, 10, "summary")]
    with pytest.raises(RoutineError) as e:
        load_routine(write(tmp_path, text), library)
    assert [str(x) for x in e.value.all] == [str(x) for x in errors]
    assert errors[4].message == ("a move needs exactly one dose: hold, breaths, reps or "
                                 "phases; found reps and hold")


def test_check_file_on_good_and_moves_files(library: dict[str, Move]) -> None:
    assert check_file(GOOD / "bedtime-sample.yaml", library) == []
    assert check_file(MOVES) == []
    errors = check_file(BAD / "moves-pace-with-hold.yaml")
    assert [e.field for e in errors] == ["moves.calf-stretch.pace"]


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="cannot read the file: No such file"):
        load_routine(tmp_path / "absent.yaml", {})
    with pytest.raises(RoutineError, match="is a directory, not a file"):
        load_routine(tmp_path, {})


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_refused_unread() -> None:
    with pytest.raises(RoutineError) as e:
        load_routine(Path("/dev/zero"), {})
    assert e.value.message == "is a character device, not a file"


HOSTILE = {
    "one megabyte": b"name: x\n" + b"#" * (1 << 20),
    "random binary": random.Random(7).randbytes(4096),
    "deep nesting": b"name: x\nsteps: " + b"[" * 100_000,
    "deep block nesting": b"".join(b" " * i + b"a:\n" for i in range(2000)),
    "alias bomb": (BAD / "alias-bomb.yaml").read_bytes(),
    "python tag": b"!!python/object/apply:os.system ['echo hi']\n",
    "python name tag": b"name: !!python/name:os.system\nsteps: []\n",
    "many values": b"[" + b"1," * 100_000 + b"]",
    "long number": b"name: x\nsteps:\n  - rest: " + b"9" * 100_000 + b"\n",
}


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_gives_one_error_quickly(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, data)
    start = time.monotonic()
    with pytest.raises(RoutineError) as e:
        load_routine(path, {})
    assert time.monotonic() - start < 2.0
    assert e.value.others == () and INTERNAL not in e.value.message
    assert "\n" not in str(e.value)


def test_caps_are_what_the_messages_say() -> None:
    assert (yamlread.MAX_BYTES, yamlread.MAX_DEPTH, yamlread.MAX_ALIAS_NODES) == (
        256 * 1024, 50, 10_000)


# --- durations and counts -------------------------------------------------------------


@pytest.mark.parametrize("text, low, high", [
    ("30s", 30, 30), ("1m", 60, 60), ("1m30s", 90, 90), ("1m 30s", 90, 90), (90, 90, 90),
    (2.5, 2.5, 2.5), ("90", 90, 90), ("20-30s", 20, 30), ("20 - 30s", 20, 30),
    ("1-2m", 60, 120), ("1m-1m30s", 60, 90), ("45s-1m", 45, 60), ("0.5m", 30, 30),
])
def test_parse_duration(text: object, low: float, high: float) -> None:
    assert parse_duration(text, "t") == Span(low, high)


@pytest.mark.parametrize("text, message", [
    ("abc", "expected a duration like 30s, 1m30s or 20-30s, got 'abc'"),
    ("30 sec", "expected a duration like 30s, 1m30s or 20-30s, got '30 sec'"),
    (True, "expected a duration like 30s, 1m30s or 20-30s, got true"),
    ("0s", "must be more than 0 seconds, got '0s'"),
    (-5, "must be more than 0 seconds, got -5"),
    ("30-20s", "the low end of a range must not be above the high end, got '30-20s'"),
    ("2h", "expected a duration like 30s, 1m30s or 20-30s, got '2h'"),
    (3601, "must be at most 60m, got 3601"),
    (float("nan"), "expected a duration like 30s, 1m30s or 20-30s, got nan"),
])
def test_parse_duration_errors(text: object, message: str) -> None:
    with pytest.raises(RoutineError) as e:
        parse_duration(text, Where("f.yaml", 3, 7, "steps[0].hold"))
    assert str(e.value) == f"f.yaml:3:7: steps[0].hold: {message}"


def test_parse_duration_options() -> None:
    assert parse_duration(0, "t", allow_zero=True) == Span(0, 0)
    with pytest.raises(RoutineError, match=r"\(a range is not allowed here\)"):
        parse_duration("5-10s", "--transition", allow_range=False)


@pytest.mark.parametrize("value, span", [(5, Span(5, 5)), ("5-8", Span(5, 8)),
                                         (3.0, Span(3, 3)), (" 2 - 3 ", Span(2, 3))])
def test_parse_count(value: object, span: Span) -> None:
    assert parse_count(value, "c") == span


@pytest.mark.parametrize("value, message", [
    (0, "must be at least 1, got 0"), (2.5, "expected a whole number like 5 or a range like "
                                            "5-8, got 2.5"),
    ("8-5", "the low end of a range must not be above the high end, got '8-5'"),
    ("1" * 5000, "must be at most 1000, got '1111111111111111111111111111111111111...'"),
    ("5s", "expected a whole number like 5 or a range like 5-8, got '5s'"),
])
def test_parse_count_errors(value: object, message: str) -> None:
    with pytest.raises(RoutineError) as e:
        parse_count(value, "c")
    assert e.value.message == message


# --- nothing but RoutineError, whatever the input -------------------------------------

_DIR = tempfile.TemporaryDirectory()  # hypothesis runs many examples; one file, rewritten
_FUZZ = Path(_DIR.name) / "fuzz.yaml"


def _load_or_routine_error(data: bytes, library: dict[str, Move]) -> None:
    _FUZZ.write_bytes(data)
    try:
        load_routine(_FUZZ, library)
    except RoutineError as e:
        assert INTERNAL not in e.message, e.message
        for err in e.all:
            assert err.line is None or (err.line >= 1 and err.col is not None and err.col >= 1)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_routine_or_routine_error(data: bytes) -> None:
    _load_or_routine_error(data, load_moves_file(MOVES))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("name:steps-movrs{}[],&*!<>'\"\n\t #|?0123456789"),
               max_size=300))
def test_yaml_like_text_gives_a_routine_or_routine_error(text: str) -> None:
    _load_or_routine_error(text.encode("utf-8"), load_moves_file(MOVES))


_KEYS = st.sampled_from(MOVE_KEYS + ("move", "rest", "breathe", "optional", "inhale",
                                     "exhale", "cycles", "steps", "name", "bogus"))
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 4000),
                     st.floats(allow_nan=True, allow_infinity=True),
                     st.sampled_from(["30s", "20-30s", "5-8", "1m30s", "pigeon", "calf-raise",
                                      "lying", "both", "", "0", "abc", "8-5"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({"name": _SCALARS, "steps": st.lists(
    st.dictionaries(_KEYS, _VALUES, max_size=5), max_size=4)}))
def test_structured_nonsense_gives_a_routine_or_routine_error(doc: dict) -> None:
    _load_or_routine_error(yaml.safe_dump(doc).encode(), load_moves_file(MOVES))
