"""`rls-stretch new NAME`: a routine file to start from, never overwriting one."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from rls_stretch import paths
from rls_stretch.routine.errors import UsageError

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Your routine "{id}". Run it with:  rls-stretch run {id}
# Check it with:                     rls-stretch validate {path}
# Moves you can use by id:           rls-stretch moves
name: {title}
summary: A few gentle stretches for my legs.
when: anytime            # morning | daytime | evening | bedtime | anytime
transition: 5s           # time to get into position before each move
pace: {{inhale: 4, exhale: 6}}   # seconds per breath for breath-counted moves
steps:
  - move: calf-stretch-wall      # a move from the library, with its own dose
  - move: front-thigh-stretch
    hold: 20s                    # or change the dose: hold, breaths, reps (+ rep_time)
  - rest: 20s
  - move:                        # or define a move right here
      name: Ankle circles
      position: lying            # standing | seated | lying | kneeling | floor
      sides: both                # none | both (left, then right) | alternate
      reps: 5
      rep_time: 3s
      instructions: Draw slow circles with one foot, then the other.
    optional: true               # may be left out when you ask for fewer minutes
  - breathe: {{inhale: 4, exhale: 8, cycles: 5}}
"""

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_ID = 60


def routine_id(name: str) -> str:
    """A file-name-safe id: accents dropped ("Ünïcödé" -> "unicode"), dashes between words."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not slug or not _ID.match(slug):
        raise UsageError(f"new: {name!r} cannot be a routine name; use letters, digits and dashes")
    if len(slug) > MAX_ID:
        raise UsageError(f"new: the name is too long; keep it under {MAX_ID} characters")
    return slug


def write_schema() -> Path:
    from rls_stretch.routine.schema import routine_schema

    path = paths.config_dir() / "routine.schema.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(routine_schema(), indent=2) + "\n", encoding="utf-8")
    return path


def write_template(name: str) -> Path:
    """Write the template and return its path; UsageError (one line) when it cannot."""
    rid = routine_id(name)
    path = paths.user_routines_dir() / f"{rid}.yaml"
    if path.exists():
        raise UsageError(f"new: {path} already exists; edit it, or pick another name")
    if (paths.builtin_routines_dir() / f"{rid}.yaml").exists():
        raise UsageError(f"new: {rid!r} is a built-in routine and yours would hide it; "
                         f"pick another name, like 'my-{rid}'")
    try:
        return _write(rid, name, path)
    except OSError as e:
        raise UsageError(f"new: cannot write {e.filename or path}: {e.strerror or e}") from None


def _write(rid: str, name: str, path: Path) -> Path:
    schema = write_schema()
    path.parent.mkdir(parents=True, exist_ok=True)
    title = name.strip() if name.strip() != rid else rid.replace("-", " ").capitalize()
    text = TEMPLATE.format(schema=schema.as_uri(), id=rid, path=path, title=json.dumps(title))
    with path.open("x", encoding="utf-8") as f:
        f.write(text)
    return path
