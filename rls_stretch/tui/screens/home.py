"""The home screen: pick a routine (the one that fits the hour is already highlighted),
see what it will be, and press Enter.

Keys: Enter start · x quick relief · b desk breaks · / filter · l level · m minutes · d night ·
e edit your routine · r reload · j diary · q quit. The rest (new routine, ...) is in the
command palette (ctrl+p).
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Select, Static

from rls_stretch import settings as settings_mod
from rls_stretch.routine.catalog import Catalog, Entry, suggest
from rls_stretch.routine.errors import SequenceError, UsageError
from rls_stretch.routine.model import LEVELS, Level, Routine
from rls_stretch.settings import Settings
from rls_stretch.timeline.model import Timeline
from rls_stretch.timeline.options import RunOptions
from rls_stretch.tui.literal import literal
from rls_stretch.tui.screens.home_palette import HomeCommands
from rls_stretch.tui.widgets.footer import KeysFooter
from rls_stretch.tui.widgets.preview import Preview, load_problem_text, preview_title
from rls_stretch.tui.widgets.routine_list import RoutineList, Row, make_rows


def app_hour(app: Any) -> int:
    """The app's injected hour (tests), else the local hour."""
    hour = getattr(app, "hour", None)
    if callable(hour):
        hour = hour()
    return hour if isinstance(hour, int) else time.localtime().tm_hour


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"
    COMMANDS = {HomeCommands}
    AUTO_FOCUS = "#routines"
    BINDINGS = [
        Binding("enter", "start", "Start", id="home.start",
                tooltip="Play the highlighted routine at the level and length shown"),
        Binding("q", "quit", "Quit", id="home.quit", tooltip="Close rls-stretch"),
        Binding("x", "relief", "Quick relief", id="home.relief",
                tooltip="Legs acting up right now? Where you are and 1-5 minutes, then go"),
        Binding("b", "breaks", "Desk breaks", id="home.breaks", show=False,
                tooltip="Reminders to get up from sitting, each with a short stretch"),
        Binding("slash", "filter", "Filter", id="home.filter", key_display="/",
                tooltip="Type to narrow the list; Esc clears"),
        # Level and minutes show their keys next to their boxes, not in the footer.
        Binding("l", "level", "Level", id="home.level", show=False,
                tooltip="Gentle, standard or deep: where in each range the doses land"),
        Binding("m", "minutes", "Minutes", id="home.minutes", show=False,
                tooltip="Fit the routine to a number of minutes"),
        Binding("d", "night", "Night", id="home.night",
                tooltip="Night mode (dim amber colours, gentle sounds), on or off"),
        Binding("e", "edit", "Edit", id="home.edit",
                tooltip="Open your routine in $EDITOR; the list reloads when you are back"),
        Binding("r", "reload", "Reload", id="home.reload",
                tooltip="Read the routine files again"),
        # KeysFooter puts quit second, so a narrow footer keeps it; the diary goes last.
        Binding("j", "diary", "Diary", id="home.diary",
                tooltip="Your diary: the last 30 days, streak, what seems to help"),
        Binding("ctrl+c", "quit", "Quit", id="home.quit-ctrl-c", show=False),
        Binding("escape", "back", "Back", id="home.back",
                tooltip="Clear the filter and go back to the list"),
    ]

    class OpenDiary(Message):
        """`j`: the app opens the diary screen."""

    def __init__(self, catalog: Catalog | None = None, settings: Settings | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.catalog = catalog
        self.settings = settings
        self.rows: list[Row] = []
        self.suggested: str | None = None
        self._level_chosen: Level | None = None
        self._night_set: bool | None = None  # toggled by the person: wins over automatic
        self._shown: str | None = None

    # -- building -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Static("rls-stretch", id="title")
            yield Static("", id="status")
        yield Input(placeholder="/ to filter: type part of a name, a position, a group…",
                    id="filter", compact=True)
        with Horizontal(id="body"):
            yield RoutineList(id="routines")
            with Vertical(id="side"):
                yield Static("", id="preview-title")
                with Vertical(id="choices"):
                    with Horizontal(classes="choice"):
                        yield Label("[b]l[/b] Level", classes="choice-label")
                        yield Select([(lv.capitalize(), lv) for lv in LEVELS], value="standard",
                                     allow_blank=False, compact=True, id="level",
                                     type_to_search=False)
                    with Horizontal(classes="choice"):
                        yield Label("[b]m[/b] Minutes", classes="choice-label")
                        yield Input(placeholder="all", id="minutes", type="number",
                                    compact=True, max_length=5,
                                    tooltip="Fit the routine to this many minutes; "
                                            "empty: all of it")
                        yield Label("fit to a time", classes="choice-hint")
                with VerticalScroll(id="preview-scroll"):
                    yield Preview(id="preview")
        yield KeysFooter()

    def on_mount(self) -> None:
        problem = None
        if self.settings is None:
            self.settings, errors = settings_mod.read()
            problem = settings_mod.problem_line(errors)
        if problem:
            self.notify(problem, title="Settings", severity="warning", timeout=10,
                        markup=False)
        hour = app_hour(self.app)
        if self.settings.is_night_at(hour) and hasattr(self.app, "set_night"):
            self.app.set_night(True)
        # The routines are read after the first frame: the screen comes up at once.
        self.call_after_refresh(self._first_load)

    def _first_load(self) -> None:
        self.load(self.catalog)
        self._update_status()

    def load(self, catalog: Catalog | None = None, keep: str | None = None) -> None:
        """(Re)read the catalog and fill the list; the suggestion is marked and focused."""
        self.catalog = catalog or Catalog.load()
        if self.catalog.library_error is not None:
            self.notify(str(self.catalog.library_error), title="Your moves file",
                        severity="warning", timeout=10, markup=False)
        assert self.settings is not None
        self.rows = make_rows(self.catalog, self.settings, self._base_options())
        wanted = suggest(app_hour(self.app))
        ok = self.catalog.get(wanted)
        self.suggested = wanted if ok is not None and ok.routine is not None else None
        self._fill(keep)

    def _fill(self, keep: str | None = None) -> None:
        text = self.query_one("#filter", Input).value
        rows = self.rows
        if text.strip():
            rows = [r for r in self.rows if r.matches(text)]
            if rows and keep is None:  # while typing, the best match is highlighted
                keep = max(rows, key=lambda r: r.score(text)).entry.id
        routines = self.query_one(RoutineList)
        routines.show_rows(rows, self.suggested, keep=keep or self._shown)
        if not rows:
            self._shown = None
            self.query_one("#preview-title", Static).update("")
            self.query_one(Preview).show_problem(f"No routine matches “{text}”. Esc clears.")
        else:
            self._show(routines.highlighted_id)

    # -- the highlighted routine ----------------------------------------------------------

    @property
    def entry(self) -> Entry | None:
        rid = self.query_one(RoutineList).highlighted_id
        return self.catalog.get(rid) if (rid and self.catalog) else None

    def _level_for(self, routine: Routine | None) -> Level:
        assert self.settings is not None
        if self._level_chosen is not None:
            return self._level_chosen
        return self.settings.level or (routine.level if routine else None) or "standard"

    def _minutes(self) -> float | None:
        """The "fit to" budget; None for the full routine. ValueError with a message if bad."""
        text = self.query_one("#minutes", Input).value.strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"Minutes: {text!r} is not a number of minutes") from None
        if not 0 < value <= 600:  # also catches nan
            raise ValueError("Minutes: choose more than 0 and up to 600, "
                             "or leave it empty for all of it")
        return value

    def run_options(self, routine: Routine) -> RunOptions:
        """How Enter would play `routine`: the app's options, the level and minutes chosen
        here, the settings under them (voice, ...)."""
        from rls_stretch.play import apply_settings

        opts = replace(self._base_options(), level=self._level_for(routine),
                       minutes=self._minutes())
        return apply_settings(opts, self.settings)

    def timeline(self) -> Timeline:
        """The highlighted routine as it would play now, the way the player will build it
        (settings, alternating start side, voice time, wait-for-ready).
        Raises SequenceError/ValueError."""
        entry = self.entry
        if entry is None or entry.routine is None:
            raise ValueError("nothing to play")
        from rls_stretch.play import timeline_for

        routine = entry.routine
        return timeline_for(routine, self.run_options(routine), self.settings)

    def _show(self, rid: str | None) -> None:
        self._shown = rid
        self.refresh_bindings()  # the edit key comes and goes with the highlighted routine
        entry = self.catalog.get(rid) if (rid and self.catalog) else None
        title = self.query_one("#preview-title", Static)
        preview = self.query_one(Preview)
        self.query_one("#choices").display = entry is not None and entry.routine is not None
        if entry is None:
            title.update("")
            preview.show_problem("")
            return
        if entry.routine is None:
            assert entry.error is not None
            title.update(literal(f"{entry.id} (does not load)"))
            preview.show_problem(load_problem_text(entry.error))
            return
        routine = entry.routine
        title.update(preview_title(routine, suggested=rid == self.suggested))
        level = self.query_one("#level", Select)
        with self.prevent(Select.Changed):
            level.value = self._level_for(routine)
        self._refresh_preview()

    def _refresh_preview(self) -> None:
        preview = self.query_one(Preview)
        try:
            preview.show_timeline(self.timeline())
        except (SequenceError, ValueError) as e:
            preview.show_problem(str(e))
        self.query_one("#preview-scroll").scroll_home(animate=False)

    def _update_status(self) -> None:
        night = bool(getattr(self.app, "night", False))
        self.query_one("#status", Static).update("night mode · d" if night else "")

    def suggested_name(self) -> str:
        entry = self.catalog.get(self.suggested) if (self.catalog and self.suggested) else None
        return entry.routine.name if entry and entry.routine else "none"

    # -- events ---------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#routines")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self._shown:
            self._show(event.option.id)

    @on(OptionList.OptionSelected, "#routines")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._fill()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_start()

    @on(Input.Changed, "#minutes")
    def _minutes_changed(self) -> None:
        if self.entry is not None and self.entry.routine is not None:
            self._refresh_preview()

    @on(Input.Submitted, "#minutes")
    def _minutes_submitted(self) -> None:
        self.action_start()

    @on(Select.Changed, "#level")
    def _level_changed(self, event: Select.Changed) -> None:
        # The Select also reports the values this screen sets (on mount, on moving to
        # another routine): only a different level is the person's choice.
        entry = self.entry
        routine = entry.routine if entry is not None else None
        stale = event.value != event.select.value  # sent before this screen set another
        if stale or not isinstance(event.value, str) or event.value == self._level_for(routine):
            return
        self._level_chosen = event.value  # type: ignore[assignment]
        self._refresh_preview()

    def on_key(self, event: Any) -> None:
        # Down from the filter goes to the list, like in a search box.
        if event.key == "down" and self.focused is self.query_one("#filter", Input):
            self.query_one(RoutineList).focus()
            event.stop()

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "edit":
            entry = self.entry
            return entry is not None and entry.origin == "user"
        if action == "back":  # only offered when there is something to go back from
            filt = self.query_one("#filter", Input)
            return bool(filt.value) or not isinstance(self.focused, RoutineList)
        return True

    def action_start(self) -> None:
        entry = self.entry
        if entry is None:
            return
        if entry.routine is None:
            self.notify("This file does not load yet: press e to fix it.", severity="warning")
            return
        try:
            self.timeline()  # check that it fits before leaving the screen
            opts = self.run_options(entry.routine)
        except (SequenceError, ValueError) as e:
            self.notify(str(e), severity="warning", markup=False)
            return
        try:
            self.app.start_routine(entry.routine, opts)  # type: ignore[attr-defined]
        except SequenceError as e:
            self.notify(str(e), severity="warning", markup=False)

    def _base_options(self) -> RunOptions:
        """What the app was started with (mute, events, ...), without the last run's level
        and length; night as the person set it here, else automatic (bedtime, night hours)."""
        base = getattr(self.app, "opts", None)
        base = base if isinstance(base, RunOptions) else RunOptions()
        return replace(base, level=None, minutes=None, start_side=None, night=self._night_set)

    def action_start_suggested(self) -> None:
        if self.suggested is None:
            self.notify("No routine fits this hour.", severity="warning")
            return
        self.query_one("#filter", Input).value = ""
        self._fill(keep=self.suggested)
        self.action_start()

    def action_relief(self) -> None:
        from rls_stretch.tui.screens.relief import ReliefScreen

        self.app.push_screen(ReliefScreen(self._base_options(), catalog=self.catalog,
                                          settings=self.settings))

    def action_breaks(self) -> None:
        from rls_stretch.breaks.plan import plan_for
        from rls_stretch.tui.screens.breaks import OpenBreaks

        assert self.settings is not None
        self.post_message(OpenBreaks(plan_for(self.settings)))

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_level(self) -> None:
        select = self.query_one("#level", Select)
        current = select.value if isinstance(select.value, str) else "standard"
        select.value = LEVELS[(LEVELS.index(current) + 1) % len(LEVELS)]  # type: ignore[arg-type]

    def action_minutes(self) -> None:
        self.query_one("#minutes", Input).focus()

    def action_night(self) -> None:
        self._night_set = not bool(getattr(self.app, "night", False))
        if hasattr(self.app, "set_night"):
            self.app.set_night(self._night_set)
        self._update_status()

    def action_reload(self) -> None:
        self.load(keep=self._shown)
        self.notify(f"Read {len(self.rows)} routines.", timeout=3)

    def action_back(self) -> None:
        """Esc: clear the filter and minutes first, then back to the list."""
        filt = self.query_one("#filter", Input)
        if filt.value:
            filt.value = ""
        self.query_one(RoutineList).focus()

    def action_diary(self) -> None:
        self.post_message(self.OpenDiary())

    def action_quit(self) -> None:
        self.app.exit()

    def action_edit(self) -> None:
        entry = self.entry
        if entry is None or entry.origin != "user":
            self.notify("Only your own routines can be edited here.", severity="information")
            return
        self.edit_file(entry.path)

    def action_new_routine(self) -> None:
        from rls_stretch.routine.template import write_template
        from rls_stretch.tui.editor import free_name

        name = free_name("my-routine", (e.id for e in self.catalog.entries)
                         if self.catalog else ())
        try:
            path = write_template(name)
        except (UsageError, OSError) as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self.load(keep=path.stem)
        self.notify(f"Wrote {path}", timeout=6, markup=False)
        self.edit_file(path)

    def edit_file(self, path: Path) -> None:
        """$EDITOR on `path`, then the list is read again with that routine highlighted."""
        from rls_stretch.tui.editor import edit_file

        if edit_file(self.app, path):
            self.load(keep=path.stem)
