"""The home screen's main actions in the command palette (ctrl+p), with what each does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider


class HomeActions(Protocol):
    """What the palette needs of the home screen (a Protocol, so the two modules do not
    import each other)."""

    def suggested_name(self) -> str: ...
    def action_start_suggested(self) -> object: ...
    def action_relief(self) -> object: ...
    def action_breaks(self) -> object: ...
    def action_new_routine(self) -> object: ...
    def action_reload(self) -> object: ...
    def action_night(self) -> object: ...


class HomeCommands(Provider):
    """Start the suggestion, quick relief, a new routine, reload, night mode."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        home = cast(HomeActions, self.screen)  # only the home screen has this provider
        return [
            (f"Start the suggested routine ({home.suggested_name()})",
             home.action_start_suggested, "The routine that fits this time of day"),
            ("Quick relief", home.action_relief, "Legs acting up right now: 1-5 minutes"),
            ("Desk breaks", home.action_breaks,
             "Reminders to get up from sitting, each with a short stretch (b)"),
            ("New routine", home.action_new_routine,
             "Write a routine template into your routine folder and open it"),
            ("Reload routines", home.action_reload, "Read the routine files again"),
            ("Toggle night mode", home.action_night, "Dim amber colours and gentle sounds"),
        ]

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
