"""Every screen on small terminals, read off what is drawn (Pilot's screenshot text): at
60x18 and 40x12 the player in each state keeps the countdown and the keys to pause and to
quit, the other screens keep their quit key; at 20x5 the header is whole. And `s` in the
player: the other side, shown in the footer only where there is one."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from test_tui_player import BREATHE, CALF, WAITER, advance, make_app, player, routine
from textual.widgets import Digits

from rls_stretch.routine.model import MoveStep
from rls_stretch.tui.app import StretchApp
from rls_stretch.tui.screens.confirm import ConfirmScreen
from rls_stretch.tui.screens.player import PlayerScreen
from rls_stretch.tui.screens.summary import SummaryScreen

DIGIT_GLYPHS = set("┏┓┗┛╺╸┃━╻╹")
SMALL = [(60, 18), (40, 12)]


def screen_lines(app: StretchApp) -> list[str]:
    """The terminal's rows as text: what export_screenshot draws (the screen over the ones
    behind a modal), as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text().rstrip("\n").split("\n")


def countdown_rows(app: StretchApp) -> int:
    """Rows of the big countdown that are drawn, whole, and not under a dialog: each row of
    the Digits widget's region, read off the screen, holds its glyphs."""
    screens = [app.screen, *reversed(app.screen_stack[:-1])]
    player_screen = next(sc for sc in screens if isinstance(sc, PlayerScreen))
    digits = player_screen.query_one("#countdown", Digits)
    region = digits.region
    lines = screen_lines(app)
    width, height = app.size
    if not digits.display or region.height != 3 or region.right > width:
        return 0
    drawn = 0
    for y in range(region.y, min(region.bottom, height - 1)):  # never the footer row
        cells = lines[y][region.x:region.right]
        drawn += sum(ch in DIGIT_GLYPHS for ch in cells) >= 3
    return drawn


def footer(lines: list[str]) -> str:
    return lines[-1]


async def state(pilot, app, clock, name: str) -> None:
    """Bring the player to one of its states."""
    if name == "running":
        await advance(pilot, clock, app, 7)  # into the left hold
    elif name == "paused":
        await advance(pilot, clock, app, 7)
        await pilot.press("space")
    elif name == "breathing":
        await advance(pilot, clock, app, 5 + 20 + 5 + 20 + 5 + 1)
    elif name == "waiting":
        await advance(pilot, clock, app, 5.5)
    elif name == "asking":
        await advance(pilot, clock, app, 7)
        await pilot.press("q")
    await pilot.pause()


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["running", "paused", "breathing", "waiting", "asking"])
async def test_the_player_keeps_the_countdown_and_the_pause_and_quit_keys(name, size):
    rt = routine(MoveStep(WAITER), MoveStep(CALF)) if name == "waiting" else None
    app, clock, _ = make_app(rt)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await state(pilot, app, clock, name)
        lines = screen_lines(app)
        shown = "\n".join(lines)
        assert len(lines) == size[1] and all(len(ln) <= size[0] for ln in lines)
        assert countdown_rows(app) == 3, shown  # the big digits, whole
        keys = footer(lines)
        if name == "asking":
            assert isinstance(app.screen, ConfirmScreen)
            assert "y Stop" in keys and "n Carry on" in keys, shown
            assert "Stop the routine?" in shown
        else:
            pause = {"paused": "space Resume", "waiting": "space Go"}.get(name, "space Pause")
            assert pause in keys and "q Quit" in keys, shown


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_summary_keeps_its_rows_and_its_close_key(size):
    app, clock, _ = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await advance(pilot, clock, app, 7)
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shown = "\n".join(screen_lines(app))
        for part in ("Stopped early", "Moves done", "Time", "Skipped", "q Close"):
            assert part in shown, shown


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("mode", ["home", "relief"])
async def test_home_and_relief_keep_the_quit_key(mode, size):
    app = StretchApp(mode=mode, hour=12)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert "q Quit" in footer(lines), "\n".join(lines)


@pytest.mark.parametrize("size", [(20, 5), (30, 8), (40, 12), (60, 18)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_header_is_never_cut_mid_word(size):
    app, clock, _ = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await advance(pilot, clock, app, 7)
        await pilot.pause()
        head = screen_lines(app)[0].strip()
        # the name whole or ended by an ellipsis, then where in the routine, whole
        assert re.fullmatch(r"(Test routine|Test ?r?o?u?t?i?n?…)\s+"
                            r"(1/2 · \d min|Move 1 of 2 · \d min left)", head), head
        if size == (20, 5):
            assert countdown_rows(app) == 3


async def test_s_goes_to_the_other_side_and_the_footer_offers_it_only_where_there_is_one():
    app, clock, _ = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await advance(pilot, clock, app, 8)  # 3 s into the left hold
        assert "s Side" in footer(screen_lines(app))
        await pilot.press("s")
        await pilot.pause()
        s = player(app).session
        assert s.segment.kind == "switch" and s.segment.side == "right"
        assert "s Side" not in footer(screen_lines(app))  # no other side ahead
        await pilot.press("s")
        assert s.segment.kind == "switch"  # nothing happened
        bindings = {b.id: b for b in player(app).BINDINGS}
        assert bindings["side"].tooltip and bindings["side"].key == "s"


async def test_s_does_nothing_on_a_move_without_sides():
    app, clock, _ = make_app(routine(MoveStep(BREATHE)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await advance(pilot, clock, app, 6)
        before = player(app).session.index
        assert "s Side" not in footer(screen_lines(app))
        await pilot.press("s")
        assert player(app).session.index == before


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_relief_question_shows_every_answer_whole(size):
    app = StretchApp(mode="relief", hour=12)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        for answer in ("1  In bed", "2  Sitting", "3  Standing", "1  1 min", "5  5 min",
                       "Where are you?", "How long?"):
            assert answer in shown, shown
