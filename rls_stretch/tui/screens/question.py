"""A one-key score question on its own (before a routine, and the morning question on
home): dismissed with the score, or None when skipped."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

from rls_stretch.tui.widgets.score import ScoreQuestion

LEGS_NOW = ("How do your legs feel now?", "0 calm, 10 the strongest urge to move")
SLEPT = ("How did you sleep last night?", "0 very poorly, 10 very well")


class QuestionScreen(ModalScreen[int | None]):
    CSS_PATH = "question.tcss"

    def __init__(self, question: str, scale: str) -> None:
        super().__init__()
        self.question, self.scale = question, scale

    def compose(self) -> ComposeResult:
        with Vertical(id="question-box"):
            yield ScoreQuestion(self.question, self.scale, id="question")

    def on_mount(self) -> None:
        self.query_one(ScoreQuestion).focus()

    @on(ScoreQuestion.Answered)
    def _answered(self, message: ScoreQuestion.Answered) -> None:
        message.stop()
        self.dismiss(message.score)
