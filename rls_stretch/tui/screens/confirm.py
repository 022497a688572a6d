"""The "stop the routine?" question: y / enter stops, n / escape carries on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from rls_stretch.tui.literal import literal
from rls_stretch.tui.widgets.footer import KeysFooter


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True to stop, False to carry on. The player pauses the routine while
    this is open, so a person who reached for the keyboard misses nothing."""

    AUTO_FOCUS = None

    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Stop", id="confirm-yes", priority=True,
                tooltip="Stop the routine and see the summary"),
        Binding("enter", "answer(True)", "Stop", show=False, priority=True),
        Binding("n", "answer(False)", "Carry on", id="confirm-no", priority=True,
                tooltip="Close this question and carry on with the routine"),
        Binding("escape", "answer(False)", "Carry on", show=False, priority=True),
    ]

    def __init__(self, question: str = "Stop the routine?",
                 detail: str = "It is paused while you decide.") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def on_resize(self) -> None:
        """Under 80x24 a slim bar that leaves the countdown in sight; under 9 rows the
        question alone (see the .tcss)."""
        self.set_class(self.size.width < 80 or self.size.height < 24, "-small")
        self.set_class(self.size.height < 9, "-mini")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(literal(self.question), id="confirm-question")
            yield Static(literal(self.detail), id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                # Keys answer (y / enter, n / escape); the buttons are for the mouse only.
                yield Button("Stop  y", id="confirm-stop", variant="warning")
                yield Button("Carry on  n", id="confirm-continue", variant="primary")
        yield KeysFooter(show_command_palette=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-stop")

    def action_answer(self, stop: bool) -> None:
        self.dismiss(stop)
