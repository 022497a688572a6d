"""Moves as the library, a user's moves file, an inline step or a step's overrides give them.

The checks here are the mistakes people make writing a move by hand (two doses, reps
without a time per rep, set_rest without sets), each reported at the key that is wrong.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rls_stretch.routine.model import (
    INTENSITIES,
    POSITIONS,
    SIDES,
    WHENS,
    Dose,
    Move,
    Pace,
    Phase,
    Span,
)
from rls_stretch.routine.yamlfields import Fields
from rls_stretch.routine.yamlread import Map, one_of

MOVE_KEYS = (
    "name", "instructions", "position", "targets", "sides", "hold", "breaths", "pace",
    "reps", "rep_time", "tempo", "phases", "sets", "set_rest", "cues", "caution",
    "intensity", "source", "advanced", "wait", "when",
)
DOSE_KEYS = ("hold", "breaths", "reps", "phases")
PHASE_DOSE_KEYS = ("hold", "breaths", "reps")
PHASE_KEYS = ("name", "instructions", "hold", "breaths", "pace", "reps", "rep_time", "tempo")
MODIFIERS = {"pace": "breaths", "rep_time": "reps", "tempo": "reps"}
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PACE_KEYS = ("inhale", "exhale")
# Words people write for a position, so the did-you-mean can point at the right one.
POSITION_WORDS = {
    "sitting": "seated", "sit": "seated", "chair": "seated", "stand": "standing",
    "upright": "standing", "lie": "lying", "lying down": "lying", "supine": "lying",
    "prone": "lying", "bed": "lying", "kneel": "kneeling", "ground": "floor", "mat": "floor",
}


def read_pace(f: Fields | None) -> Pace | None:
    """`{inhale: 4, exhale: 6}`: seconds per breath phase, both required and positive."""
    if f is None:
        return None
    f.check_keys(PACE_KEYS)
    inhale = f.duration("inhale", required=True, allow_range=False)
    exhale = f.duration("exhale", required=True, allow_range=False)
    if inhale is None or exhale is None:
        return None
    return Pace(inhale.low, exhale.low)


def pace_at(f: Fields, key: str) -> Pace | None:
    return read_pace(f.mapping(key, expected="a mapping with inhale and exhale"))


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def dose_kind(f: Fields, keys: tuple[str, ...], what: str, *, needed: bool = True) -> str | None:
    """The one dose key present; an issue when there are several (or none, if needed)."""
    present = [k for k in f.keys() if k in keys]  # in the file's order
    if len(present) == 1:
        return present[0]
    rule = f"{what} needs exactly one dose: {one_of(keys)}"
    if present:
        f.issues.add(f.key_node(present[1]), f.field, f"{rule}; found {_and(present)}")
    elif needed:
        f.issues.add(f.node, f.field, rule)
    return None


def _misplaced_modifiers(f: Fields, kind: str) -> bool:
    ok = True
    for mod, owner in MODIFIERS.items():
        if f.has(mod) and owner != kind:
            f.problem(mod, f"{mod} only goes with {owner}", at_key=True)
            ok = False
    return ok


def read_dose(f: Fields, kind: str, inherit: Dose | None = None) -> Dose | None:
    """The dose of `kind` from f's keys. When `inherit` is of the same kind, its rep time,
    tempo or pace carry over unless f gives its own (a step changing only `reps: 8`)."""
    ok = _misplaced_modifiers(f, kind)
    same = inherit if inherit is not None and inherit.kind == kind else None
    if kind == "hold":
        hold = f.duration("hold")
        return Dose(hold=hold) if ok and hold else None
    if kind == "breaths":
        breaths = f.count("breaths")
        pace = pace_at(f, "pace") if f.has("pace") else (same.pace if same else None)
        if f.has("pace") and pace is None:
            ok = False
        return Dose(breaths=breaths, pace=pace) if ok and breaths else None
    reps = f.count("reps")
    rep_time = tempo = None
    if f.has("rep_time") and f.has("tempo"):
        f.problem("tempo", "reps take rep_time or tempo, not both", at_key=True)
        return None
    if f.has("rep_time"):
        rep_time = f.duration("rep_time")
        ok = ok and rep_time is not None
    elif f.has("tempo"):
        tempo = pace_at(f, "tempo")
        ok = ok and tempo is not None
    elif same is not None:
        rep_time, tempo = same.rep_time, same.tempo
    else:
        f.problem("reps", "reps need rep_time (seconds per rep) or tempo (a breath per rep)",
                  at_key=True)
        return None
    return Dose(reps=reps, rep_time=rep_time, tempo=tempo) if ok and reps else None


def read_phases(f: Fields) -> tuple[Phase, ...] | None:
    items = f.seq("phases", expected="a non-empty list of phases", non_empty=True)
    if items is None:
        return None
    phases: list[Phase] = []
    ok = True
    for i, node in enumerate(items):
        field = f"{f.path('phases')}[{i}]"
        if not isinstance(node, Map):
            f.issues.add(node, field, "expected a phase: a mapping with name and one dose")
            ok = False
            continue
        pf = Fields(node, field, f.issues)
        pf.check_keys(PHASE_KEYS)
        name = pf.text("name", required=True)
        instructions = pf.text("instructions", default="")
        kind = dose_kind(pf, PHASE_DOSE_KEYS, "a phase")
        dose = read_dose(pf, kind) if kind else None
        if name is None or dose is None:
            ok = False
            continue
        phases.append(Phase(name=name, dose=dose, instructions=instructions or ""))
    return tuple(phases) if ok else None


def plain_fields(f: Fields) -> tuple[dict[str, Any], bool]:
    """The move fields present other than the dose, as Move keyword arguments, and
    whether all of them were good."""
    readers: dict[str, Any] = {
        "name": lambda: f.text("name", required=True),
        "instructions": lambda: f.text("instructions", default=""),
        "position": lambda: f.choice("position", POSITIONS, default=None,
                                     synonyms=POSITION_WORDS),
        "sides": lambda: f.choice("sides", SIDES, default=None),
        "targets": lambda: f.texts("targets"),
        "cues": lambda: f.texts("cues"),
        "when": lambda: f.texts("when", choices=WHENS),
        "caution": lambda: f.text("caution"),
        "source": lambda: f.text("source"),
        "intensity": lambda: f.choice("intensity", INTENSITIES, default=None),
        "advanced": lambda: f.flag("advanced"),
        "wait": lambda: f.flag("wait"),
        "sets": lambda: f.count("sets"),
        "set_rest": lambda: f.duration("set_rest"),
    }
    before = len(f.issues.errors)
    out = {key: read() for key, read in readers.items() if f.has(key)}
    return out, len(f.issues.errors) == before


def read_move(f: Fields, move_id: str, *, inline: bool = False) -> Move | None:
    """A complete move: name, position, exactly one dose, and instructions (which an
    inline move may leave out)."""
    f.check_keys(MOVE_KEYS)
    required = ("name", "position") if inline else ("name", "instructions", "position")
    ok = f.require(*required)
    fields, good = plain_fields(f)
    kind = dose_kind(f, DOSE_KEYS, "a move")
    if f.has("set_rest") and not f.has("sets"):
        f.problem("set_rest", "set_rest only goes with sets", at_key=True)
        ok = False
    if kind == "phases":
        _misplaced_modifiers(f, "phases")
        phases = read_phases(f)
        dose = None
        ok = ok and phases is not None
    else:
        phases = ()
        dose = read_dose(f, kind) if kind else None
        ok = ok and dose is not None
    if not (ok and good):
        return None
    fields.setdefault("instructions", "")
    return Move(id=move_id, dose=dose, phases=phases or (), **fields)


def apply_overrides(base: Move, f: Fields) -> Move | None:
    """`base` with the step's fields in place of its own; a dose key (hold, breaths, reps,
    phases) replaces the whole dose, a lone pace/rep_time/tempo adjusts it."""
    changes, ok = plain_fields(f)
    kind = dose_kind(f, DOSE_KEYS, "a move", needed=False)
    if sum(f.has(k) for k in DOSE_KEYS) > 1:
        ok = False
    elif kind == "phases":
        _misplaced_modifiers(f, "phases")
        phases = read_phases(f)
        changes.update(dose=None, phases=phases)
        ok = ok and phases is not None
    elif kind is not None:
        dose = read_dose(f, kind, inherit=base.dose)
        changes.update(dose=dose, phases=())
        ok = ok and dose is not None
    elif any(f.has(m) for m in MODIFIERS):
        dose = _adjust(base, f)
        changes["dose"] = dose
        ok = ok and dose is not None
    sets = changes.get("sets", base.sets)
    if f.has("set_rest") and sets == Span.of(1) and not f.has("sets"):
        f.problem("set_rest", "set_rest only goes with sets", at_key=True)
        ok = False
    if not ok:
        return None
    return dataclasses.replace(base, **changes)


def _adjust(base: Move, f: Fields) -> Dose | None:
    """The base dose with a new pace, rep_time or tempo from the step."""
    kind = base.dose.kind if base.dose is not None else "phases"
    for mod, owner in MODIFIERS.items():
        if f.has(mod) and owner != kind:
            f.problem(mod, f"{mod} only goes with {owner}, and {base.id!r} is dosed by {kind}",
                      at_key=True)
            return None
    assert base.dose is not None
    if f.has("pace"):
        pace = pace_at(f, "pace")
        return dataclasses.replace(base.dose, pace=pace) if pace else None
    if f.has("rep_time") and f.has("tempo"):
        f.problem("tempo", "reps take rep_time or tempo, not both", at_key=True)
        return None
    if f.has("rep_time"):
        rep_time = f.duration("rep_time")
        return dataclasses.replace(base.dose, rep_time=rep_time, tempo=None) if rep_time else None
    tempo = pace_at(f, "tempo")
    return dataclasses.replace(base.dose, tempo=tempo, rep_time=None) if tempo else None
