"""Plain-data and plain-text views of the model, shared by the CLI's JSON and the screens."""

from __future__ import annotations

from typing import Any

from rls_stretch.routine.model import Dose, Move, Span
from rls_stretch.timeline.model import Segment, Timeline


def _pair(span: Span | None) -> list[float] | None:
    if span is None:
        return None
    return [number(span.low), number(span.high)]


def number(x: float) -> float:
    """Whole numbers as ints in JSON (180, not 180.0)."""
    return int(x) if float(x).is_integer() else x


def dose_fields(dose: Dose) -> dict[str, Any]:
    rep_s: Span | None = dose.rep_time
    if dose.tempo is not None:
        rep_s = Span.of(dose.tempo.inhale + dose.tempo.exhale)
    return {
        "hold_s": _pair(dose.hold),
        "breaths": _pair(dose.breaths),
        "reps": _pair(dose.reps),
        "rep_s": _pair(rep_s) if dose.reps is not None else None,
    }


def move_json(move: Move) -> dict[str, Any]:
    """The `moves --json` shape, which other tools rely on."""
    if move.dose is not None:
        dose = dose_fields(move.dose)
        phases = None
    else:
        dose = {"hold_s": None, "breaths": None, "reps": None, "rep_s": None}
        phases = [{"name": p.name, **dose_fields(p.dose)} for p in move.phases]
    return {
        "id": move.id,
        "name": move.name,
        "position": move.position,
        "targets": list(move.targets),
        "sides": move.sides,
        **dose,
        "sets": int(move.sets.high),
        "phases": phases,
        "intensity": move.intensity,
        "caution": move.caution,
        "advanced": move.advanced,
        "source": move.source,
    }


def span_text(span: Span, unit: str = "") -> str:
    lo, hi = number(span.low), number(span.high)
    return f"{lo}{unit}" if lo == hi else f"{lo}-{hi}{unit}"


def dose_text(dose: Dose) -> str:
    if dose.hold is not None:
        return f"hold {span_text(dose.hold, 's')}"
    if dose.breaths is not None:
        text = f"{span_text(dose.breaths)} breaths"
        if dose.pace is not None:
            text += f" ({number(dose.pace.inhale)} in / {number(dose.pace.exhale)} out)"
        return text
    assert dose.reps is not None
    if dose.tempo is not None:
        return f"{span_text(dose.reps)} reps, breath-paced"
    rep = f" of {span_text(dose.rep_time, 's')}" if dose.rep_time is not None else ""
    return f"{span_text(dose.reps)} reps{rep}"


def move_dose_text(move: Move) -> str:
    if move.dose is not None:
        text = dose_text(move.dose)
    else:
        text = " then ".join(f"{p.name}: {dose_text(p.dose)}" for p in move.phases)
    if move.sets.high > 1:
        text += f", {span_text(move.sets)} sets"
    if move.sides == "both":
        text += ", each side"
    elif move.sides == "alternate":
        text += ", alternating sides"
    return text


def segment_json(seg: Segment) -> dict[str, Any]:
    return {
        "index": seg.index,
        "kind": seg.kind,
        "seconds": number(seg.seconds),
        "start": number(seg.start),
        "label": seg.label,
        "side": seg.side,
        "new_position": seg.new_position,
        "cues": [{"name": c.name, "at": number(c.at)} for c in seg.cues],
        "move": (
            None
            if seg.move is None
            else {"id": seg.move.id, "name": seg.move.name, "position": seg.move.position}
        ),
    }


def timeline_json(tl: Timeline) -> dict[str, Any]:
    r = tl.routine
    return {
        "routine": {
            "id": r.id,
            "name": r.name,
            "summary": r.summary,
            "when": r.when,
            "path": r.path,
            "source": r.origin,
            "level": tl.level,
            "minutes": tl.budget_minutes,
            "start_side": tl.start_side,
            "dropped": list(tl.dropped),
            "positions": list(r.positions),
        },
        "total_seconds": number(tl.total_seconds),
        "segments": [segment_json(s) for s in tl.segments],
    }
