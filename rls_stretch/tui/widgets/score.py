"""One question answered with one key: 0-9, "1" then "0" for ten, Esc to skip.

A person lying in the dark after a routine can answer without looking: any digit is the
score at once, except 1, which waits a moment (or Enter) in case a 0 follows. The widget
posts ScoreQuestion.Answered with the score, or None when skipped.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

TEN_WAIT = 1.5  # seconds a "1" waits for a "0"


class ScoreQuestion(Static, can_focus=True):
    """`question` and the scale in words ("0 none · 10 worst")."""

    class Answered(Message):
        def __init__(self, question: ScoreQuestion, score: int | None) -> None:
            super().__init__()
            self.question = question
            self.score = score

        @property
        def control(self) -> ScoreQuestion:
            return self.question

    def __init__(self, question: str, scale: str, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.question, self.scale = question, scale
        self.score: int | None = None
        self.answered = False
        self._pending = False
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        self._show()

    def _show(self, extra: str = "") -> None:
        if self.answered:
            text = (f"{self.question} [b]{self.score}[/b] of 10, noted."
                    if self.score is not None else f"{self.question} Skipped.")
        else:
            keys = extra or "Press 0-9 (1 then 0 for ten), Esc to skip"
            text = f"{self.question}\n{self.scale}\n{keys}"
        self.update(text)

    def answer(self, score: int | None) -> None:
        if self.answered:
            return
        if self._timer is not None:
            self._timer.stop()
        self.answered, self._pending, self.score = True, False, score
        self._show()
        self.post_message(self.Answered(self, score))

    def _commit_one(self) -> None:
        if self._pending:
            self.answer(1)

    def on_key(self, event: events.Key) -> None:
        if self.answered:
            return
        key = event.key
        if key.isdigit() and len(key) == 1:
            event.stop()
            event.prevent_default()
            if self._pending:
                self.answer(10 if key == "0" else 1)
            elif key == "1":
                self._pending = True
                self._show("1… press 0 for ten, Enter for one")
                self._timer = self.set_timer(TEN_WAIT, self._commit_one)
            else:
                self.answer(int(key))
        elif key == "enter" and self._pending:
            event.stop()
            event.prevent_default()
            self.answer(1)
        elif key == "escape":
            event.stop()
            event.prevent_default()
            self.answer(None)
