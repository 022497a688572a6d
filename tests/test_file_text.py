"""Text from files is shown as written, everywhere it is shown: square brackets are never
Textual markup (no MarkupError, no lost words) and control characters never reach the
terminal (they are written out, ESC as \\x1b).

One routine file (and one moves file) carries the hazards in every text field; each place
that shows a file's text, in the command line and on every screen, is one case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import rls
from textual.geometry import Region
from textual.widgets import Static

from rls_stretch.routine.loader import load_routine
from rls_stretch.routine.text import printable
from rls_stretch.session.clock import FakeClock
from rls_stretch.sound.cues import RecorderBackend
from rls_stretch.timeline.options import RunOptions
from rls_stretch.timeline.sequencer import build_timeline
from rls_stretch.tui.app import StretchApp
from rls_stretch.tui.screens.summary import SummaryScreen
from rls_stretch.tui.widgets.preview import Preview
from rls_stretch.tui.widgets.routine_list import RoutineList

# These count a run's seconds: get-readies as the routine file has them.
pytestmark = pytest.mark.usefixtures("no_position_change")

# As YAML writes them in a double-quoted scalar (\e is ESC, \a is BEL).
HAZARD_YAML = r"Press [Enter], [b]now[/b] [/] \e[2J\a"
HAZARD = "Press [Enter], [b]now[/b] [/] \x1b[2J\x07"
SHOWN = "Press [Enter], [b]now[/b] [/] \\x1b[2J\\x07"
RAW = ("\x1b", "\x07")

ROUTINE = f"""\
name: "Routine {HAZARD_YAML}"
summary: "Summary {HAZARD_YAML}"
when: bedtime
transition: 2s
steps:
  - move:
      name: "One {HAZARD_YAML}"
      position: lying
      intensity: vigorous
      hold: 5s
      instructions: "Do {HAZARD_YAML}"
      caution: "Careful {HAZARD_YAML}"
  - move:
      name: "Two {HAZARD_YAML}"
      position: lying
      hold: 5s
      instructions: "Then {HAZARD_YAML}"
"""

MOVES = f"""\
moves:
  odd-move:
    name: "Odd {HAZARD_YAML}"
    position: seated
    hold: 5s
    instructions: "Sit {HAZARD_YAML}"
"""


def test_printable_writes_out_controls_and_keeps_plain_text() -> None:
    assert printable(HAZARD) == SHOWN
    assert printable("Line one\n\tline two, [b] as is") == "Line one\n\tline two, [b] as is"
    assert printable("\x00\x7f\x9b\u202e") == "\\x00\\x7f\\x9b\\u202e"


@pytest.fixture
def files(isolated_home: Path) -> Path:
    config = isolated_home / ".config" / "rls-stretch"
    (config / "routines").mkdir(parents=True)
    (config / "routines" / "odd.yaml").write_text(ROUTINE, encoding="utf-8")
    (config / "moves.yaml").write_text(MOVES, encoding="utf-8")
    return config / "routines" / "odd.yaml"


def _clean(out: str) -> None:
    for raw in RAW:
        assert raw not in out, f"a raw control character {raw!r} reached the output"


# -- the command line ------------------------------------------------------------------------

CLI_PLACES = {
    "show": (["show", "odd"], ["Routine ", "One ", "Two "]),
    "show --json": (["show", "odd", "--json"], ["Routine ", "One "]),
    "run --plain": (["run", "odd", "--plain", "--mute", "--minutes", "0.25"],
                    ["Routine ", "One ", "Do ", "Careful "]),
    "list": (["list"], ["Summary "]),
    "list --json": (["list", "--json"], ["Routine ", "Summary "]),
    "moves": (["moves"], []),
    "moves --json": (["moves", "--json"], ["Odd "]),
    "validate": (["validate", "FILE"], ["One "]),  # the warning names the vigorous move
}


@pytest.mark.parametrize("place", list(CLI_PLACES))
def test_command_line_shows_file_text_as_written(files: Path, place: str) -> None:
    args, prefixes = CLI_PLACES[place]
    result = rls(*[str(files) if a == "FILE" else a for a in args], input="", timeout=120)
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    _clean(out)
    if place.endswith("--json"):
        text = json.dumps(json.loads(result.stdout), ensure_ascii=False)
        for prefix in prefixes:
            assert json.dumps(prefix + SHOWN, ensure_ascii=False)[1:-1] in text
        return
    for prefix in prefixes:
        assert prefix + SHOWN in out, f"{prefix!r} + the text as written, in:\n{out}"
    if place == "moves":
        assert "odd-move" in out


# -- the TUI ---------------------------------------------------------------------------------

SIZE = (160, 40)


def _shown(widget) -> str:
    """What a widget shows now, lines joined (wraps undone)."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    text = " ".join(line.text for line in lines)
    for border in "▊│╭╮╰╯─":
        text = text.replace(border, " ")
    return " ".join(text.split())


def _static(app: StretchApp, selector: str) -> str:
    return _shown(app.screen.query_one(selector, Static))


def _player_app(path: Path) -> StretchApp:
    timeline = build_timeline(load_routine(path), start_side="left")
    return StretchApp(timeline=timeline, opts=RunOptions(mute=True, night=False),
                      clock=FakeClock(1000.0), hour=12, backend=RecorderBackend())


PLAYER_PLACES = {
    "routine name": ("#routine-name", "Routine "),
    "move name": ("#move-name", "One "),
    "instructions": ("#instructions", "Do "),
    "caution": ("#caution", "Careful "),
    "next": ("#next", "Next: Two "),
}


@pytest.mark.parametrize("place", list(PLAYER_PLACES))
async def test_player_shows_file_text_as_written(files: Path, place: str) -> None:
    selector, prefix = PLAYER_PLACES[place]
    app = _player_app(files)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = _static(app, selector)
        assert " ".join((prefix + SHOWN).split()) in shown
        _clean(shown)


async def test_summary_shows_names_as_written_and_skipped_ones_apart(files: Path) -> None:
    app = _player_app(files)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "n")  # skip both moves: the run ends with the summary
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert " ".join(("Routine " + SHOWN).split()) in _static(app, "#summary-routine")
        table = _static(app, "#summary-table")
        # the names hold commas, so a semicolon sets them apart
        assert " ".join(f"Skipped One {SHOWN}; Two {SHOWN}".split()) in table
        _clean(table)


HOME_PLACES = ("list", "preview title", "preview")


@pytest.mark.parametrize("place", HOME_PLACES)
async def test_home_shows_file_text_as_written(files: Path, place: str) -> None:
    app = StretchApp(mode="home", hour=12, clock=FakeClock(), backend=RecorderBackend())  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lst = app.screen.query_one(RoutineList)
        lst.highlighted = lst.get_option_index("odd")
        await pilot.pause()
        if place == "list":  # a narrow column: the name ends in an ellipsis
            shown = _shown(lst)
            expected = ["Routine "]
            assert "Routine Press [Enter], [b]now[/b] [/] \\" in shown
            _clean(shown)
            return
        elif place == "preview title":
            shown = _static(app, "#preview-title")
            expected = ["Routine ", "Summary "]
        else:
            shown = _shown(app.screen.query_one(Preview))
            expected = ["One ", "Careful "]
        for prefix in expected:
            assert " ".join((prefix + SHOWN).split()) in shown, shown
        _clean(shown)


async def test_relief_error_shows_file_text_as_written(isolated_home: Path) -> None:
    """The relief screen shows a broken relief routine's error, which quotes the file."""
    routines = isolated_home / ".config" / "rls-stretch" / "routines"
    routines.mkdir(parents=True)
    (routines / "relief-in-bed.yaml").write_text(
        f'name: x\nsteps:\n  - move: "nope {HAZARD_YAML}"\n', encoding="utf-8")
    app = StretchApp(mode="relief", hour=23, clock=FakeClock(), backend=RecorderBackend(),  # type: ignore[arg-type]
                     opts=RunOptions(mute=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        shown = _static(app, "#relief-error")
        assert "unknown move 'nope Press [Enter], [b]now[/b] [/] \\x1b[2J\\x07'" in shown
        _clean(shown)
