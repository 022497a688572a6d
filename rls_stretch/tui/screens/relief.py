"""Quick relief: "my legs are acting up right now". Two questions, one key each, then go.

Where are you?  1 in bed · 2 sitting · 3 standing
How long?       1 · 2 · 3 · 5 minutes
Enter at any point starts at once with what is highlighted (last time's answer, at first).
Esc goes back a question, then back home. Arrows move the highlight.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from rls_stretch.diary import remembered as kept
from rls_stretch.routine.catalog import RELIEF, Catalog
from rls_stretch.routine.errors import RoutineError, SequenceError, UsageError
from rls_stretch.settings import Settings
from rls_stretch.timeline.options import RunOptions
from rls_stretch.timeline.relief import RELIEF_MINUTES, relief_for
from rls_stretch.tui.literal import literal
from rls_stretch.tui.widgets.footer import KeysFooter

PLACES = (("lying", "In bed"), ("seated", "Sitting"), ("standing", "Standing"))
PLACE_NAMES = dict(PLACES)
DEFAULT = ("lying", 2)


def remembered() -> tuple[str, int]:
    """Last time's answer, if it still makes sense; else in bed, 2 minutes."""
    last = kept.last_relief()
    if last is None:
        return DEFAULT
    position, minutes = last
    if position not in RELIEF:
        position = DEFAULT[0]
    whole = int(minutes) if float(minutes).is_integer() else 0
    return position, whole if whole in RELIEF_MINUTES else DEFAULT[1]


class Chip(Static):
    """One answer: its key and its words. Clicking it is the same as pressing its key."""

    def __init__(self, key: str, text: str, **kwargs: Any) -> None:
        super().__init__(f"{key}  {text}", **kwargs)
        self.key = key

    def on_click(self, event: events.Click) -> None:
        event.stop()
        screen = self.screen
        assert isinstance(screen, ReliefScreen)
        screen.press(self.key, self.parent.id == "where" if self.parent else True)


class ReliefScreen(Screen):
    CSS_PATH = "relief.tcss"
    BINDINGS = [
        Binding("enter", "go", "Start now", id="relief.go",
                tooltip="Start at once with the highlighted answers"),
        Binding("q", "quit", "Quit", id="relief.quit", tooltip="Close rls-stretch"),
        Binding("escape", "back", "Back", id="relief.back",
                tooltip="Back to the first question, then to the list"),
        Binding("left", "move(-1)", "", show=False, id="relief.left"),
        Binding("right", "move(1)", "", show=False, id="relief.right"),
        Binding("up", "move(-1)", "", show=False, id="relief.up"),
        Binding("down", "move(1)", "", show=False, id="relief.down"),
        Binding("ctrl+c", "quit", "Quit", id="relief.quit-ctrl-c", show=False),
    ]

    def __init__(self, opts: RunOptions | None = None, *, catalog: Catalog | None = None,
                 settings: Settings | None = None, **kwargs: Any) -> None:
        """`opts`: how the run was asked for (`--position` skips the first question)."""
        super().__init__(**kwargs)
        self.opts = opts or RunOptions()
        self.catalog = catalog
        self.settings = settings
        self.position, self.minutes = remembered()
        self.stage = "where"
        if self.opts.position in RELIEF:  # `relief --position P`: only "how long?" is left
            self.position, self.stage = self.opts.position, "long"

    def on_resize(self) -> None:
        """Under 70x24 the -small layout (see the .tcss): everything fits 40x12."""
        self.set_class(self.size.width < 70 or self.size.height < 24, "-small")

    def compose(self) -> ComposeResult:
        with Center(id="relief-box"):
            with Vertical(id="relief"):
                yield Static("Quick relief", id="relief-title")
                yield Static("Where are you?", classes="question", id="q-where")
                with Horizontal(id="where", classes="chips"):
                    for i, (pos, name) in enumerate(PLACES, 1):
                        yield Chip(str(i), name, id=f"where-{pos}", classes="chip")
                yield Static("How long?", classes="question", id="q-long")
                with Horizontal(id="long", classes="chips"):
                    for m in RELIEF_MINUTES:
                        yield Chip(str(m), f"{m} min", id=f"long-{m}", classes="chip")
                yield Static("", id="relief-hint")
                yield Static("", id="relief-error")
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.opts.minutes is not None and self.opts.minutes in RELIEF_MINUTES:
            self.minutes = int(self.opts.minutes)
        self._render_state()

    # -- state ----------------------------------------------------------------------------

    def _render_state(self) -> None:
        for pos, _ in PLACES:
            self.query_one(f"#where-{pos}").set_class(pos == self.position, "-selected")
        for m in RELIEF_MINUTES:
            self.query_one(f"#long-{m}").set_class(m == self.minutes, "-selected")
        self.query_one("#where").set_class(self.stage == "where", "-asking")
        self.query_one("#long").set_class(self.stage == "long", "-asking")
        self.query_one("#q-where").set_class(self.stage == "where", "-asking")
        self.query_one("#q-long").set_class(self.stage == "long", "-asking")
        keys = "1, 2 or 3" if self.stage == "where" else "1, 2, 3 or 5"
        self.query_one("#relief-hint", Static).update(
            f"Press {keys}, or Enter to start now: "
            f"{PLACE_NAMES[self.position].lower()}, {self.minutes} min"
        )

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            event.stop()
            self.press(event.character, self.stage == "where")

    def press(self, key: str, where: bool) -> None:
        """A digit (or a click on a chip) answers the question it belongs to."""
        if where:
            index = int(key) - 1
            if 0 <= index < len(PLACES):
                self.position = PLACES[index][0]
                self.stage = "long"
                self._render_state()
                if self.opts.minutes is not None:
                    self.action_go()  # `relief --minutes N` already said how long
            return
        if int(key) in RELIEF_MINUTES:
            self.minutes = int(key)
            self._render_state()
            self.action_go()

    def action_move(self, step: int) -> None:
        if self.stage == "where":
            names = [p for p, _ in PLACES]
            self.position = names[(names.index(self.position) + step) % len(names)]
        else:
            i = RELIEF_MINUTES.index(self.minutes)
            self.minutes = RELIEF_MINUTES[(i + step) % len(RELIEF_MINUTES)]
        self._render_state()

    def action_back(self) -> None:
        if self.stage == "long":
            self.stage = "where"
            self._render_state()
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()

    def action_quit(self) -> None:
        self.app.exit()

    # -- go -------------------------------------------------------------------------------

    def action_go(self) -> None:
        """Start the relief routine for the answers, fitted to the minutes, at once."""
        error = self.query_one("#relief-error", Static)
        try:
            routine = relief_for(self.position, self.minutes, self.catalog)
        except (RoutineError, SequenceError, UsageError) as e:
            error.update(literal(str(e)))
            return
        error.update("")
        kept.remember_relief(self.position, self.minutes)
        opts = replace(self.opts, minutes=float(self.minutes), position=self.position)
        try:
            self.app.start_routine(routine, opts)  # type: ignore[attr-defined]
        except SequenceError as e:
            error.update(literal(str(e)))
