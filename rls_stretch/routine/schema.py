"""JSON Schemas (draft 2020-12) of routine files and moves files, for editors and checks.

An editor with a YAML language server shows these descriptions and flags structural
mistakes as one types. The schema says the same as the loader: the same keys, enums and
duration patterns (taken from durations.py); what it cannot say (a range's low end above its
high end, an unknown move id) is left to `rls-stretch validate`.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from rls_stretch.routine.durations import (
    COUNT_PATTERN,
    DURATION_PATTERN,
    DURATION_RANGE_PATTERN,
    MAX_COUNT,
    MAX_SECONDS,
)
from rls_stretch.routine.model import INTENSITIES, LEVELS, POSITIONS, SIDES, WHENS
from rls_stretch.routine.moveread import DOSE_KEYS, ID_PATTERN, PHASE_DOSE_KEYS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]


def _text(description: str, *, required: bool = False) -> Schema:
    s: Schema = {"type": "string", "description": description}
    if required:
        s["pattern"] = r"\S"  # not empty or blank
    return s


def _duration(description: str, *, ranges: bool = True, zero: bool = False) -> Schema:
    # Keywords apply by type: the pattern to text, the bounds to numbers.
    low = {"minimum": 0} if zero else {"exclusiveMinimum": 0}
    return {
        "description": description,
        "type": ["number", "string"],
        "pattern": DURATION_RANGE_PATTERN if ranges else DURATION_PATTERN,
        **low,
        "maximum": MAX_SECONDS,
    }


def _count(description: str) -> Schema:
    return {
        "description": description,
        "type": ["integer", "string"],
        "pattern": COUNT_PATTERN,
        "minimum": 1,
        "maximum": MAX_COUNT,
    }


def _enum(values: tuple[str, ...], description: str) -> Schema:
    return {"description": description, "type": "string", "enum": list(values)}


def _list_of(item: Schema, description: str) -> Schema:
    """A list, or a single item standing for a list of one."""
    return {"description": description, "anyOf": [item, {"type": "array", "items": item}]}


def _pace(description: str) -> Schema:
    return {
        "description": description,
        "type": "object",
        "properties": {
            "inhale": _duration("Seconds to breathe in.", ranges=False),
            "exhale": _duration("Seconds to breathe out.", ranges=False),
        },
        "required": ["inhale", "exhale"],
        "additionalProperties": False,
    }


def _dose_properties() -> Schema:
    return {
        "hold": {"$ref": "#/$defs/duration", "description":
                 "Dose: hold for this long, e.g. 30s or 20-30s."},
        "breaths": {"$ref": "#/$defs/count", "description":
                    "Dose: hold for this many breaths, e.g. 5 or 5-8."},
        "pace": {"$ref": "#/$defs/pace", "description":
                 "With breaths: seconds per breath in and out (else the routine's pace)."},
        "reps": {"$ref": "#/$defs/count", "description":
                 "Dose: repeat this many times; needs rep_time or tempo."},
        "rep_time": {"$ref": "#/$defs/duration", "description": "With reps: seconds per rep."},
        "tempo": {"$ref": "#/$defs/pace", "description":
                  "With reps: one breath per rep, e.g. inhale to lift, exhale to lower."},
    }


# The dose rules, as a move or phase must obey them.
_DOSE_RULES: Schema = {
    "dependentRequired": {"pace": ["breaths"], "rep_time": ["reps"], "tempo": ["reps"]},
    "dependentSchemas": {"reps": {"oneOf": [{"required": ["rep_time"]},
                                            {"required": ["tempo"]}]}},
}


def _move_properties(*, inline: bool) -> Schema:
    return {
        "name": _text("What the move is called.", required=True),
        "instructions": _text("How to do it, in a few plain sentences.",
                              required=not inline),
        "position": _enum(POSITIONS, "Where the body is: standing, seated, lying, "
                                     "kneeling or floor."),
        "targets": _list_of({"type": "string"}, "Muscles or areas stretched, e.g. calves."),
        "sides": _enum(SIDES, "none; both (left, then a switch, then right); or alternate "
                              "(left and right in turn)."),
        **_dose_properties(),
        "phases": {
            "description": "Dose: parts done in turn on one side (tense, then release).",
            "type": "array", "minItems": 1, "items": {"$ref": "#/$defs/phase"},
        },
        "sets": {"$ref": "#/$defs/count", "description": "Do the whole dose this many times."},
        "set_rest": {"$ref": "#/$defs/duration", "description": "Rest between sets."},
        "cues": _list_of({"type": "string"}, "Short words to say during the move."),
        "caution": _text("A warning shown before the move (e.g. osteoporosis)."),
        "intensity": _enum(INTENSITIES, "gentle, moderate or vigorous (default gentle)."),
        "source": _text("Which article and section the move and its dose come from."),
        "advanced": {"type": "boolean", "description": "A harder variation."},
        "wait": {"type": "boolean",
                 "description": "Wait at the prepare step until you say go."},
        "when": _list_of(_enum(WHENS, "A time of day."),
                         "Times of day the source recommends it (empty means any)."),
    }


def _move(*, inline: bool) -> Schema:
    required = ["name", "position"] if inline else ["name", "instructions", "position"]
    what = "A move defined right in the step" if inline else "A move"
    return {
        "description": f"{what}: name, position and exactly one dose "
                       "(hold, breaths, reps or phases).",
        "type": "object",
        "properties": _move_properties(inline=inline),
        "required": required,
        "additionalProperties": False,
        "oneOf": [{"required": [k]} for k in DOSE_KEYS],
        "dependentRequired": {**_DOSE_RULES["dependentRequired"], "set_rest": ["sets"]},
        "dependentSchemas": _DOSE_RULES["dependentSchemas"],
    }


def _defs() -> Schema:
    return {
        "duration": _duration("A duration: 30s, 1m, 1m30s, a number of seconds, or a range "
                              "like 20-30s."),
        "count": _count("A whole number, or a range like 5-8."),
        "pace": _pace("Seconds per breath: {inhale: 4, exhale: 6}."),
        "phase": {
            "description": "One part of a compound move, with its own dose.",
            "type": "object",
            "properties": {"name": _text("What this part is called.", required=True),
                           "instructions": _text("How to do this part."),
                           **_dose_properties()},
            "required": ["name"],
            "additionalProperties": False,
            "oneOf": [{"required": [k]} for k in PHASE_DOSE_KEYS],
            **_DOSE_RULES,
        },
        "move": _move(inline=False),
        "inlineMove": _move(inline=True),
        "step": {"oneOf": [_move_step(), _rest_step(), _breathe_step()],
                 "description": "One step: move, rest or breathe."},
    }


def _optional() -> Schema:
    return {"type": "boolean",
            "description": "May be left out to fit a time budget (--minutes)."}


def _move_step() -> Schema:
    overrides = _move_properties(inline=False)
    overrides["instructions"] = _text("How to do it (replaces the library's).")
    clashes = [list(pair) for pair in combinations(DOSE_KEYS, 2)] + [["rep_time", "tempo"]]
    return {
        "description": "A move from the library (by id) or inline, with any move field "
                       "to override; a dose key replaces the whole dose.",
        "type": "object",
        "properties": {
            "move": {"description": "A library move id (rls-stretch moves lists them), or "
                                    "an inline move.",
                     "anyOf": [{"type": "string", "pattern": ID_PATTERN},
                               {"$ref": "#/$defs/inlineMove"}]},
            "optional": _optional(),
            **overrides,
        },
        "required": ["move"],
        "additionalProperties": False,
        "not": {"anyOf": [{"required": pair} for pair in clashes]},
    }


def _rest_step() -> Schema:
    return {
        "description": "A rest, e.g. rest: 30s.",
        "type": "object",
        "properties": {"rest": {"$ref": "#/$defs/duration",
                                "description": "How long to rest: 30s, 1m, 20-30s."},
                       "optional": _optional()},
        "required": ["rest"],
        "additionalProperties": False,
    }


def _breathe_step() -> Schema:
    return {
        "description": "Slow breathing: breathe: {inhale: 4, exhale: 8, cycles: 5}.",
        "type": "object",
        "properties": {
            "breathe": {
                "description": "Seconds in, seconds out, and how many breaths.",
                "type": "object",
                "properties": {
                    "inhale": _duration("Seconds to breathe in (else the routine's pace).",
                                        ranges=False),
                    "exhale": _duration("Seconds to breathe out (else the routine's pace).",
                                        ranges=False),
                    "cycles": {"$ref": "#/$defs/count",
                               "description": "How many breaths."},
                },
                "required": ["cycles"],
                "additionalProperties": False,
            },
            "optional": _optional(),
        },
        "required": ["breathe"],
        "additionalProperties": False,
    }


def routine_schema() -> Schema:
    """The schema of a routine file (routines/<id>.yaml)."""
    return {
        "$schema": DRAFT,
        "title": "rls-stretch routine",
        "description": "A stretch routine for restless legs: a name and a list of steps.",
        "type": "object",
        "properties": {
            "$schema": {"type": "string", "description": "The schema for editors; ignored."},
            "name": _text("The routine's title.", required=True),
            "summary": _text("One line about it."),
            "when": _enum(WHENS, "When it fits best (default anytime)."),
            "level": _enum(LEVELS, "Default level: gentle takes the low end of ranges, deep "
                                   "the high end."),
            "transition": _duration("Time to get into position before each move (default "
                                    "5s).", ranges=False, zero=True),
            "pace": {"$ref": "#/$defs/pace", "description":
                     "Seconds per breath for breath-counted moves (default 4 in, 6 out)."},
            "steps": {"description": "The steps in order.", "type": "array", "minItems": 1,
                      "items": {"$ref": "#/$defs/step"}},
        },
        "required": ["name", "steps"],
        "additionalProperties": False,
        "$defs": _defs(),
    }


def moves_schema() -> Schema:
    """The schema of a moves file (routines/moves.yaml, or the user's own)."""
    return {
        "$schema": DRAFT,
        "title": "rls-stretch moves",
        "description": "A library of moves by id; routines name them in their steps.",
        "type": "object",
        "properties": {
            "$schema": {"type": "string", "description": "The schema for editors; ignored."},
            "moves": {
                "description": "Move id (lowercase words joined by hyphens) -> move.",
                "type": "object",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"$ref": "#/$defs/move"},
            },
        },
        "required": ["moves"],
        "additionalProperties": False,
        "$defs": _defs(),
    }
