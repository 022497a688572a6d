"""Errors a user can cause, each one line a person can act on."""

from __future__ import annotations


class RoutineError(Exception):
    """A problem in a routine, moves or settings file: where it is and what was expected.

    `others` holds further problems found in the same file, so that `validate` can list
    them all while callers that only need the first can simply catch this.
    """

    def __init__(
        self,
        path: str,
        line: int | None,
        col: int | None,
        field: str,
        message: str,
        others: tuple[RoutineError, ...] = (),
    ) -> None:
        self.path = path
        self.line = line
        self.col = col
        self.field = field
        self.message = message
        self.others = others
        super().__init__(str(self))

    @property
    def all(self) -> tuple[RoutineError, ...]:
        return (self, *self.others)

    def __str__(self) -> str:
        from rls_stretch.routine.text import printable

        where = printable(self.path)
        if self.line is not None:
            where += f":{self.line}:{self.col if self.col is not None else 1}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class SequenceError(Exception):
    """A routine cannot be turned into a timeline as asked (e.g. it cannot fit the budget)."""


class UsageError(Exception):
    """The command line asked for something that does not exist (exit status 2)."""
