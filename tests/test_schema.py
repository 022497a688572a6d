"""The JSON Schema agrees with the loader: on the bad corpus, the good samples and every
built-in file in routines/, and on what a duration or a count looks like."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rls_stretch.routine.durations import (
    COUNT_PATTERN,
    DURATION_RANGE_PATTERN,
    parse_count,
    parse_duration,
)
from rls_stretch.routine.errors import RoutineError
from rls_stretch.routine.loader import load_library, load_moves_file, load_routine
from rls_stretch.routine.model import INTENSITIES, LEVELS, POSITIONS, SIDES, WHENS
from rls_stretch.routine.schema import moves_schema, routine_schema

TESTS = Path(__file__).parent
REPO = TESTS.parent
GOOD, BAD = TESTS / "data" / "good", TESTS / "data" / "bad"
BUILTIN = sorted((REPO / "routines").glob("*.yaml"))
ROUTINE = jsonschema.Draft202012Validator(routine_schema())
MOVES = jsonschema.Draft202012Validator(moves_schema())


def is_moves_file(path: Path) -> bool:
    return path.name == "moves.yaml" or path.name.startswith("moves-")


def schema_errors(path: Path) -> list[str]:
    validator = MOVES if is_moves_file(path) else ROUTINE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def verdict(path: Path) -> str:
    """What the file says the schema makes of it: rejects, accepts or n/a."""
    second = path.read_bytes().split(b"\n")[1].decode()
    assert second.startswith("# schema: "), f"{path.name} lacks its '# schema:' line"
    word = second[len("# schema: "):].strip()
    assert word in ("rejects", "accepts", "n/a")
    return word


def test_schemas_are_valid_draft_2020_12() -> None:
    for schema in (routine_schema(), moves_schema()):
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def _walk(node: Any, where: str = ""):
    if isinstance(node, dict):
        yield where, node
        for k, v in node.items():
            yield from _walk(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{where}/{i}")


def test_every_property_has_a_description_and_objects_are_closed() -> None:
    for schema in (routine_schema(), moves_schema()):
        for where, node in _walk(schema):
            for name, prop in node.get("properties", {}).items():
                assert prop.get("description"), f"{where}/properties/{name}"
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, where


def test_enums_are_the_models() -> None:
    s = routine_schema()
    props, defs = s["properties"], s["$defs"]
    assert props["when"]["enum"] == list(WHENS) and props["level"]["enum"] == list(LEVELS)
    move = defs["move"]["properties"]
    assert move["position"]["enum"] == list(POSITIONS)
    assert move["sides"]["enum"] == list(SIDES)
    assert move["intensity"]["enum"] == list(INTENSITIES)
    assert [o["required"] for o in defs["move"]["oneOf"]] == [["hold"], ["breaths"], ["reps"],
                                                               ["phases"]]


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.name)
def test_bad_corpus_verdicts(path: Path) -> None:
    """Structural mistakes are caught by both; semantic ones only by the loader."""
    word = verdict(path)
    if word == "n/a":
        return  # not YAML a schema can look at (or a mistake a schema cannot see)
    errors = schema_errors(path)
    assert bool(errors) == (word == "rejects"), errors
    library = load_moves_file(GOOD / "moves.yaml")
    with pytest.raises(RoutineError):
        load_moves_file(path) if is_moves_file(path) else load_routine(path, library)


def test_the_corpus_has_structural_and_semantic_cases() -> None:
    words = [verdict(p) for p in BAD.glob("*.yaml")]
    assert words.count("rejects") >= 25 and words.count("accepts") >= 5


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.yaml")), ids=lambda p: p.name)
def test_good_samples_pass_both(path: Path) -> None:
    assert schema_errors(path) == []
    if is_moves_file(path):
        assert load_moves_file(path)
    else:
        assert load_routine(path, load_moves_file(GOOD / "moves.yaml")).steps


@pytest.mark.skipif(not BUILTIN, reason="no built-in routine files yet")
@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.name)
def test_builtin_files_pass_both(path: Path) -> None:
    assert schema_errors(path) == []
    if is_moves_file(path):
        assert load_moves_file(path)
    else:
        assert load_routine(path, load_library(user=False), "built-in").steps


# jsonschema applies `pattern` with re.search; the loader parses with its own regexes.
_DURATIONISH = st.text(alphabet=st.sampled_from("0123456789ms -."), max_size=12)


@settings(max_examples=500, deadline=None)
@given(_DURATIONISH)
def test_duration_pattern_and_parser_agree(text: str) -> None:
    matches = re.search(DURATION_RANGE_PATTERN, text) is not None
    try:
        parse_duration(text, "t", allow_zero=True)
        parsed = True
    except RoutineError as e:
        parsed = not e.message.startswith("expected")  # a range or bound, not the shape
    assert matches == parsed, text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789 -s"), max_size=8))
def test_count_pattern_and_parser_agree(text: str) -> None:
    matches = re.search(COUNT_PATTERN, text) is not None
    try:
        parse_count(text, "c")
        parsed = True
    except RoutineError as e:
        parsed = not e.message.startswith("expected")
    assert matches == parsed, text
