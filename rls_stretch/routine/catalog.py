"""The routines a person can pick: built-in ones, their own, and any file they point at.

A user file that does not load stays in the catalog with its error, so the person sees why
their routine is missing instead of wondering where it went.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rls_stretch.paths import Origin, catalog_files
from rls_stretch.routine.errors import RoutineError, UsageError
from rls_stretch.routine.model import Move, Routine
from rls_stretch.routine.text import printable

# Which built-in routine answers "my legs are acting up and I am ...".
RELIEF = {"lying": "relief-in-bed", "seated": "relief-seated", "standing": "relief-standing"}
# The words people use for where they are (the relief screen says "In bed", "Sitting").
RELIEF_WORDS = {
    "lying": ("lying", "bed", "in-bed", "in bed", "inbed", "lie", "lying-down", "laying",
              "lie-down", "down"),
    "seated": ("seated", "sitting", "sit", "chair", "in-a-chair", "desk", "sat"),
    "standing": ("standing", "stand", "up", "on-my-feet", "feet", "stood"),
}


def relief_position(word: str) -> str:
    """lying, seated or standing for a word like "bed", "chair" or "up"; ValueError with
    the words to use otherwise."""
    key = " ".join(word.strip().lower().replace("_", "-").split())
    for position, words in RELIEF_WORDS.items():
        if key in words or key.replace(" ", "-") in words:
            return position
    raise ValueError(f"expected where you are: lying (or bed, in-bed), seated (or chair, "
                     f"sitting) or standing (or up), got {word!r}")


@dataclass(frozen=True)
class Entry:
    id: str
    path: Path
    origin: Origin
    routine: Routine | None = None
    error: RoutineError | None = None


@dataclass(frozen=True)
class Catalog:
    entries: tuple[Entry, ...]
    library: Mapping[str, Move]
    library_error: RoutineError | None = None

    @classmethod
    def load(cls) -> Catalog:
        from rls_stretch.routine.loader import load_library, load_routine

        library_error = None
        try:
            library = load_library()
        except RoutineError as e:
            # A broken user moves file must not hide the built-in routines.
            library_error = e
            library = load_library(user=False)
        by_id: dict[str, Entry] = {}
        for path, origin in catalog_files():
            rid = printable(path.stem)
            try:
                entry = Entry(rid, path, origin, routine=load_routine(path, library, origin))
            except RoutineError as e:
                entry = Entry(rid, path, origin, error=e)
            by_id[path.stem] = entry  # a user routine replaces a built-in of the same id
        return cls(tuple(by_id.values()), library, library_error)

    def get(self, routine_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == routine_id), None)

    def resolve(self, name_or_path: str) -> Routine:
        """A routine id, or a path to a routine file (anything with a slash or .yaml)."""
        entry = self.get(name_or_path)
        if entry is not None:
            if entry.error is not None:
                raise entry.error
            assert entry.routine is not None
            return entry.routine
        return _resolve_file(name_or_path, [e.id for e in self.entries], self.library)


def find_file(routine_id: str) -> tuple[Path, Origin] | None:
    """The file of a routine id without reading any routine: the user's own replaces a
    built-in of the same id, as in the catalog."""
    found = None
    for path, origin in catalog_files():
        if path.stem == routine_id:
            found = (path, origin)
    return found


def resolve(name_or_path: str, library: Mapping[str, Move] | None = None) -> Routine:
    """One routine by id or path, reading only its file and the moves it names (the whole
    catalog is for the home screen and `list`). Without `library`, it is read only if a
    step names a library move."""
    found = find_file(name_or_path)
    if found is not None:
        from rls_stretch.routine.loader import load_routine

        path, origin = found
        return load_routine(path, library, origin)
    return _resolve_file(name_or_path, [p.stem for p, _ in catalog_files()], library)


def _resolve_file(name_or_path: str, known: list[str],
                  library: Mapping[str, Move] | None) -> Routine:
    from rls_stretch.paths import not_a_file

    p = Path(name_or_path).expanduser()
    problem = not_a_file(p)
    if p.suffix in (".yaml", ".yml") or "/" in name_or_path or p.exists() or problem:
        if problem:
            raise UsageError(f"{name_or_path}: {problem}")
        if not p.exists():
            raise UsageError(f"{name_or_path}: no such routine file")
        from rls_stretch.routine.loader import load_routine

        return load_routine(p, library, "file")
    import difflib

    close = difflib.get_close_matches(name_or_path, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    known_text = ", ".join(sorted(set(known)))
    raise UsageError(f"no routine called {name_or_path!r}{hint} (known routines: {known_text})")


def suggest(hour: int) -> str:
    """The routine that fits the hour: evening and night bring bedtime, mornings morning."""
    if 5 <= hour < 11:
        return "morning"
    if 11 <= hour < 18:
        return "seated"
    return "bedtime"
