"""The home screen's list: routines grouped by what a person wants right now.

Grouping rules, first match wins (a routine file has no group field, so it is read from the
routine's id and `when`):

1. a user routine, or a user file that does not load      -> My routines
2. id starts with `relief`                                -> Quick relief
3. id mentions `yoga`                                     -> Yoga
4. id mentions `relax`, `breath` or `calm`                -> Relaxation
5. id has a word `seated`, `sitting`, `desk`, `office`, `travel`, `flight`, `car`,
   `drive` or `break`, or every move is done seated       -> Seated & travel
6. when: bedtime or evening                               -> Bedtime
7. anything else (when: morning, daytime, anytime)        -> Morning & daytime

Headings appear in the order of GROUPS; an empty one is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rls_stretch.routine.catalog import Catalog, Entry
from rls_stretch.routine.errors import RoutineError, SequenceError
from rls_stretch.settings import Settings
from rls_stretch.timeline.options import RunOptions

GROUPS = (
    "Bedtime",
    "Morning & daytime",
    "Quick relief",
    "Seated & travel",
    "Yoga",
    "Relaxation",
    "My routines",
)
_SEATED_WORDS = ("seated", "sitting", "desk", "office", "travel", "flight", "car", "drive",
                 "break")


def group_of(entry: Entry) -> str:
    """Which heading a catalog entry goes under (see the module docstring)."""
    if entry.origin == "user":
        return "My routines"
    rid = entry.id
    words = rid.split("-")
    if rid.startswith("relief"):
        return "Quick relief"
    if "yoga" in rid:
        return "Yoga"
    if any(w in rid for w in ("relax", "breath", "calm")):
        return "Relaxation"
    routine = entry.routine
    all_seated = routine is not None and bool(routine.positions) and set(
        routine.positions) == {"seated"}
    if any(w in words for w in _SEATED_WORDS) or all_seated:
        return "Seated & travel"
    when = routine.when if routine is not None else "anytime"
    if when in ("bedtime", "evening"):
        return "Bedtime"
    return "Morning & daytime"


@dataclass(frozen=True)
class Row:
    """What the list shows for one entry; `total` is None when it cannot be sequenced."""

    entry: Entry
    group: str
    name: str
    summary: str
    positions: tuple[str, ...]
    length: str  # "12 min", or "" when unknown
    problem: str | None = None  # the load or sequence error, one line

    def matches(self, text: str) -> bool:
        """Every word of the filter appears somewhere in the row (name, id, group, ...)."""
        hay = " ".join(
            (self.entry.id, self.name, self.summary, self.group, " ".join(self.positions))
        ).lower()
        return all(word in hay for word in text.lower().split())

    def score(self, text: str) -> int:
        """How well a matching row fits the filter, for choosing the one to highlight:
        the name starting with it, then containing it, then the id, then anything."""
        text = " ".join(text.lower().split())
        name = self.name.lower()
        if name.startswith(text) or self.entry.id.startswith(text):
            return 3
        if text in name:
            return 2
        if text in self.entry.id:
            return 1
        return 0


def short_error(error: RoutineError, path: str | None = None) -> str:
    """`name.yaml:3:5: field: message`: the file's name, not its whole path, fits a row."""
    return str(RoutineError(path or Path(error.path).name, error.line, error.col, error.field,
                            error.message))


def make_rows(catalog: Catalog, settings: Settings,
              opts: RunOptions | None = None) -> list[Row]:
    """A row for every catalog entry; lengths as the routine would play with `opts` (the
    app's: voice, ...) and the settings, at its own or the settings' level, in full."""
    base = replace(opts or RunOptions(), level=None, minutes=None, start_side="left")
    return [_row(entry, settings, base) for entry in catalog.entries]


def _row(entry: Entry, settings: Settings, opts: RunOptions) -> Row:
    from rls_stretch.play import apply_settings, timeline_for

    group = group_of(entry)
    if entry.routine is None:
        assert entry.error is not None
        return Row(entry, group, entry.id, "", (), "", problem=short_error(entry.error))
    r = entry.routine
    try:
        tl = timeline_for(r, apply_settings(opts, settings), settings)
        length, problem = _length(tl.total_seconds), None
    except SequenceError as e:
        length, problem = "", str(e)
    return Row(entry, group, r.name, r.summary, r.positions, length, problem)


def _length(seconds: float) -> str:
    minutes = seconds / 60
    return f"{max(round(minutes), 1)} min" if seconds >= 60 else f"{round(seconds)} s"


def grouped(rows: Iterable[Row]) -> list[tuple[str, list[Row]]]:
    """Rows under their headings, headings in GROUPS order, empty headings left out."""
    by_group: dict[str, list[Row]] = {g: [] for g in GROUPS}
    for row in rows:
        by_group.setdefault(row.group, []).append(row)
    return [(g, rs) for g, rs in by_group.items() if rs]


def _prompt(row: Row, suggested: bool) -> Group:
    top = Table.grid(expand=True, padding=(0, 1))
    top.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    top.add_column(justify="right", no_wrap=True)
    mark = "★ " if suggested else "  "
    name = Text(mark + row.name, style="bold" if suggested else "")
    top.add_row(name, Text(row.length, style="dim"))
    if row.problem:
        second = Text("  ⚠ " + row.problem, style="italic", no_wrap=True, overflow="ellipsis")
    else:
        detail = ", ".join(row.positions)
        if row.summary:
            detail = f"{detail} · {row.summary}" if detail else row.summary
        second = Text("  " + detail, style="dim", no_wrap=True, overflow="ellipsis")
    return Group(top, second)


class RoutineList(OptionList):
    """Headings are disabled options (skipped by the cursor); routines have the entry id."""

    BINDINGS = [
        Binding("enter", "select", "Start", id="home.start",
                tooltip="Play the highlighted routine at the level and length shown"),
    ]
    DEFAULT_CSS = """
    RoutineList > .option-list--option-disabled {
        text-style: bold;
        color: $accent;
    }
    """

    def show_rows(self, rows: Sequence[Row], suggested: str | None,
                  keep: str | None = None) -> None:
        """Fill the list; highlight `keep` if still shown, else the suggestion, else the first."""
        options: list[Option | None] = []
        for group, members in grouped(rows):
            if options:
                options.append(None)  # a divider between groups
            options.append(Option(Text(group), id=f"group:{group}", disabled=True))
            for row in members:
                options.append(Option(_prompt(row, row.entry.id == suggested), id=row.entry.id))
        self.set_options(options)
        for target in (keep, suggested):
            if target is not None and self._has(target):
                self.highlighted = self.get_option_index(target)
                break
        else:
            self.highlighted = next(
                (i for i, o in enumerate(self.options) if not o.disabled), None)

    def _has(self, option_id: str) -> bool:
        return any(o.id == option_id for o in self.options)

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and not option.disabled else None
