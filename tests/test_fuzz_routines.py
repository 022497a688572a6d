"""A fuzz of routine and moves files: whatever a person (or an attacker) writes, reading,
sequencing and checking it raise nothing but RoutineError or SequenceError, never an
"internal error", and never hang.

The files are made two ways: routines built from the real keys and values (durations,
ranges, counts, library ids, inline moves, phases) and written as YAML, then often broken
(a character dropped, doubled or swapped for one YAML cares about, a line cut or repeated);
and short raw texts from YAML's own punctuation. A few hundred cases run in the normal
suite; 10,000 in the `slow` test that .ci/run runs (`pytest -m slow`).
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rls_stretch.routine.errors import RoutineError, SequenceError
from rls_stretch.routine.loader import load_any, load_library
from rls_stretch.routine.moveread import MOVE_KEYS, PHASE_KEYS
from rls_stretch.timeline.lint import lint_routine
from rls_stretch.timeline.sequencer import build_timeline

LIBRARY = load_library(user=False)
IDS = sorted(LIBRARY)
PER_CASE_SECONDS = 10  # far above any real file; a hang fails the case instead of the run

# -- values ------------------------------------------------------------------------------------

durations = st.one_of(
    st.sampled_from(["30s", "1m", "1m30s", "20-30s", "1-2m", "0s", "0.5s", "5 s", "3600s",
                     "3601s", "-5s", "30-20s", "1e3", "", "s", "m30", "90"]),
    st.integers(-10, 5000), st.floats(allow_nan=True, allow_infinity=True),
    st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{1,3})?(s|m)?(-[0-9]{1,4}(s|m)?)?\Z"),
)
counts = st.one_of(
    st.sampled_from(["5", "5-8", "8-5", "0", "1001", "2.5", "x", "99999999999999999999"]),
    st.integers(-5, 2000), st.floats(allow_nan=True),
)
texts = st.one_of(st.text(max_size=30), st.sampled_from(["[b]x[/b]", "[/]", "\x1b[2J", ""]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts)
words = st.sampled_from(["standing", "seated", "lying", "kneeling", "floor", "both", "none",
                         "alternate", "gentle", "moderate", "vigorous", "bedtime", "morning",
                         "anytime", "sitting", "up"])
paces = st.fixed_dictionaries({}, optional={"inhale": durations, "exhale": durations})


def _value_for(key: str) -> st.SearchStrategy:
    if key in ("hold", "rep_time", "set_rest", "transition", "rest"):
        return durations
    if key in ("breaths", "reps", "sets", "cycles"):
        return counts
    if key in ("pace", "tempo"):
        return paces
    if key in ("position", "sides", "intensity", "when", "level"):
        return st.one_of(words, st.lists(words, max_size=3), scalars)
    if key in ("targets", "cues"):
        return st.one_of(st.lists(texts, max_size=3), scalars)
    if key in ("optional", "advanced", "wait"):
        return st.one_of(st.booleans(), scalars)
    return st.one_of(texts, scalars)


def _mapping(keys: tuple[str, ...], extra: tuple[str, ...] = ()) -> st.SearchStrategy:
    chosen = st.lists(st.sampled_from(keys + extra), unique=True, max_size=len(keys))
    return chosen.flatmap(lambda ks: st.fixed_dictionaries({k: _value_for(k) for k in ks}))


phases = st.lists(_mapping(PHASE_KEYS, ("sides", "phases")), max_size=3)
inline_moves = st.tuples(_mapping(MOVE_KEYS, ("mvoe", "hodl")), st.one_of(st.none(), phases)
                         ).map(lambda t: {**t[0], **({"phases": t[1]} if t[1] else {})})
steps = st.one_of(
    st.builds(lambda m, o: {"move": m, **o}, st.sampled_from(IDS + ["calf-strech", "nope"]),
              _mapping(("hold", "breaths", "reps", "sides", "optional", "rep_time", "sets",
                        "set_rest", "caution", "instructions"))),
    st.builds(lambda m: {"move": m}, inline_moves),
    st.builds(lambda d, o: {"rest": d, **({"optional": o} if o is not None else {})},
              durations, st.one_of(st.none(), st.booleans())),
    st.builds(lambda b: {"breathe": b}, st.one_of(_mapping(("inhale", "exhale", "cycles")),
                                                  scalars)),
    scalars,
)
routines = st.builds(
    lambda head, body: {**head, **({"steps": body} if body is not None else {})},
    _mapping(("name", "summary", "when", "level", "transition", "pace"), ("nmae", "moves")),
    st.one_of(st.lists(steps, max_size=6), st.none(), scalars),
)
moves_files = st.builds(lambda ms: {"moves": ms}, st.dictionaries(
    st.one_of(st.sampled_from(IDS[:5]), st.from_regex(r"\A[a-z][a-z-]{0,12}\Z"), texts),
    st.one_of(inline_moves, scalars), max_size=4))

# Routines that should load, to be played with as they are and broken a little.
good_durations = st.sampled_from(["5s", "30s", "1m", "1m30s", "20-30s", "1-2m", 5, 12.5])
good_counts = st.sampled_from([1, 3, "5-8", "2"])
good_text = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20
                    ).filter(str.strip)
good_inline = st.builds(
    lambda name, pos, sides, dose: {"name": name, "position": pos, "sides": sides,
                                    "instructions": "Do it.", **dose},
    good_text, st.sampled_from(["standing", "seated", "lying"]),
    st.sampled_from(["none", "both", "alternate"]),
    st.one_of(st.builds(lambda d: {"hold": d}, good_durations),
              st.builds(lambda n: {"breaths": n}, good_counts),
              st.builds(lambda n, t: {"reps": n, "rep_time": t}, good_counts, good_durations)),
)
good_steps = st.one_of(
    st.builds(lambda m: {"move": m}, st.sampled_from(IDS)),
    st.builds(lambda m, d: {"move": m, "hold": d}, st.sampled_from(IDS), good_durations),
    st.builds(lambda m: {"move": m}, good_inline),
    st.builds(lambda d: {"rest": d, "optional": True}, good_durations),
    st.builds(lambda n: {"breathe": {"inhale": 4, "exhale": 6, "cycles": n}}, good_counts),
)
good_routines = st.builds(
    lambda name, when, body: {"name": name, "when": when, "transition": "3s", "steps": body},
    good_text, st.sampled_from(["bedtime", "morning", "anytime"]),
    st.lists(good_steps, min_size=1, max_size=5),
)

# -- breaking it -------------------------------------------------------------------------------

NASTY = list(":-[]{}#&*!|>'\"%@`,?\t\n \\") + ["<<: *a", "&a ", "!!python/object ", "---\n"]


@st.composite
def broken(draw: st.DrawFn, text: str) -> str:
    for _ in range(draw(st.integers(0, 3))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        how = draw(st.sampled_from(["drop", "double", "swap", "insert", "cut", "repeat-line"]))
        if how == "drop":
            text = text[:i] + text[i + 1:]
        elif how == "double":
            text = text[:i] + text[i] + text[i:]
        elif how == "swap":
            text = text[:i] + draw(st.sampled_from(NASTY)) + text[i + 1:]
        elif how == "insert":
            text = text[:i] + draw(st.sampled_from(NASTY)) + text[i:]
        elif how == "cut":
            text = text[:i]
        else:
            lines = text.splitlines(keepends=True)
            k = draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[:k + 1] + lines[k:])
    return text


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


files = st.one_of(
    good_routines.map(_dump),
    good_routines.map(_dump).flatmap(broken),
    routines.map(_dump).flatmap(broken),
    moves_files.map(_dump).flatmap(broken),
    st.lists(st.sampled_from(NASTY + ["name", "steps", "move", "rest", "hold", "moves", "a",
                                      "5", "30s", "- ", ": ", "\n  ", "calf-stretch-wall"]),
             max_size=40).map("".join),
)

# -- the property ------------------------------------------------------------------------------


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang(f"reading one file took over {PER_CASE_SECONDS} s")


def check(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, PER_CASE_SECONDS)
    try:
        result = load_any(path, LIBRARY)
        event("a moves file that loads" if isinstance(result, dict) else "a routine that loads")
        if isinstance(result, dict):
            return
        for kwargs in ({}, {"level": "deep"}, {"minutes": 1.0}, {"minutes": 120.0}):
            try:
                build_timeline(result, **kwargs)
            except SequenceError:
                pass
        lint_routine(result, LIBRARY)
    except RoutineError as e:
        event("RoutineError")
        assert "internal error" not in str(e), f"a bug, not the file's fault: {e}"
        for each in e.all:
            assert str(each).startswith(str(path)), each
    except SequenceError:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _run(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    check(tmp_path_factory.mktemp("fuzz", numbered=True) / "fuzz.yaml", text)


COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.function_scoped_fixture,
                                                    HealthCheck.data_too_large])


@settings(max_examples=300, **COMMON)
@given(text=files)
def test_any_file_gives_only_routine_or_sequence_errors(
        tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    _run(tmp_path_factory, text)


@pytest.mark.slow
@settings(max_examples=10_000, **COMMON)
@given(text=files)
def test_any_file_gives_only_routine_or_sequence_errors_10000(
        tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    _run(tmp_path_factory, text)
