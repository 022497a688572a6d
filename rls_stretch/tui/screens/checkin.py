"""A check-in without a routine (`c` on the diary screen): how strong the urge to move is
now, how last night's sleep was, the day's possible triggers (the usual ones and the
person's own, which are offered again next time) and a note. Ctrl+S keeps it, Esc leaves
without keeping anything. The screen dismisses with the CheckIn, or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, SelectionList, Static

from rls_stretch.diary.model import SEVERITY_MAX, TRIGGERS, CheckIn, now
from rls_stretch.tui.screens.question import LEGS_NOW, SLEPT
from rls_stretch.tui.widgets.score import ScoreQuestion


class CheckinScreen(ModalScreen[CheckIn | None]):
    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Keep it", id="checkin.save", priority=True,
                tooltip="Keep this check-in in the diary"),
        Binding("escape", "cancel", "Cancel", id="checkin.cancel",
                tooltip="Leave without keeping anything"),
    ]

    def __init__(self, own_triggers: list[str]) -> None:
        super().__init__()
        self.offered = list(TRIGGERS) + [t for t in own_triggers if t not in TRIGGERS]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="checkin-box"):
            yield Static("Check-in: your own numbers, kept on this computer only",
                         id="checkin-title")
            yield ScoreQuestion(*LEGS_NOW, id="checkin-urge")
            yield ScoreQuestion(*SLEPT, id="checkin-sleep")
            yield Static("Possible triggers today (space to tick)", classes="checkin-label")
            yield SelectionList[str](*((name, name) for name in self.offered),
                                     id="checkin-triggers")
            yield Input(placeholder="another trigger of your own, Enter to add",
                        id="checkin-own", max_length=40)
            yield Input(placeholder="a note (optional)", id="checkin-note", max_length=500)
            yield Input(placeholder=f"weekly severity total 0-{SEVERITY_MAX} from your "
                                    "doctor's questionnaire (optional)",
                        id="checkin-severity", type="integer", max_length=2)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#checkin-urge", ScoreQuestion).focus()

    @on(ScoreQuestion.Answered)
    def _answered(self, message: ScoreQuestion.Answered) -> None:
        message.stop()
        self.focus_next()

    @on(Input.Submitted, "#checkin-own")
    def _own(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.strip().lower().split())
        triggers = self.query_one("#checkin-triggers", SelectionList)
        if name and name not in self.offered:
            self.offered.append(name)
            triggers.add_option((name, name))
        if name:
            triggers.select(name)
        event.input.value = ""

    @on(Input.Submitted, "#checkin-note, #checkin-severity")
    def _done(self) -> None:
        self.action_save()

    def checkin(self) -> CheckIn:
        """What the form holds; ValueError for a severity outside 0-40."""
        urge = self.query_one("#checkin-urge", ScoreQuestion)
        sleep = self.query_one("#checkin-sleep", ScoreQuestion)
        return CheckIn(at=now(), urge=urge.score, sleep=sleep.score,
                       triggers=tuple(self.query_one("#checkin-triggers",
                                                     SelectionList).selected),
                       note=self.query_one("#checkin-note", Input).value.strip(),
                       severity=_severity(self.query_one("#checkin-severity", Input).value))

    def action_save(self) -> None:
        try:
            checkin = self.checkin()
        except ValueError as e:
            self.notify(str(e), title="Check-in", severity="warning", markup=False)
            self.query_one("#checkin-severity", Input).focus()
            return
        self.dismiss(checkin)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _severity(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > SEVERITY_MAX:
        raise ValueError(f"Weekly severity: a whole number from 0 to {SEVERITY_MAX}, "
                         f"got {text!r}")
    return int(text)
