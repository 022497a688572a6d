"""Each screen's CSS reaches that screen only: the player's LEFT/RIGHT badge is drawn whole
(three rows of big letters) however the player was reached. The home screen has a `#side`
column of its own; an unscoped rule for it once cut the player's badge to its top row when
a routine was started from home or from the relief picker."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region

from rls_stretch.routine.loader import load_routine
from rls_stretch.session.clock import FakeClock
from rls_stretch.sound.backends import RecorderBackend
from rls_stretch.timeline.options import RunOptions
from rls_stretch.timeline.sequencer import build_timeline
from rls_stretch.tui.app import StretchApp
from rls_stretch.tui.screens.player import PlayerScreen
from rls_stretch.tui.widgets.side import SideBadge, big_text

SIZE = (100, 30)

SIDED = """\
name: Sided test
summary: One move on each side, for the badge.
when: anytime
steps:
  - move:
      name: Test calf stretch
      position: seated
      sides: both
      hold: 30s
      instructions: Stretch one calf, then the other.
"""


def badge_rows(app: StretchApp) -> list[str]:
    badge = app.screen.query_one(SideBadge)
    lines = badge.render_lines(Region(0, 0, badge.outer_size.width, badge.outer_size.height))
    return [line.text.rstrip() for line in lines]


def assert_badge_whole(app: StretchApp) -> None:
    """The badge shows the side of the segment playing now, in all three rows."""
    assert isinstance(app.screen, PlayerScreen) and app.session is not None
    side = app.session.timeline.segments[0].side
    assert side in ("left", "right")
    badge = app.screen.query_one(SideBadge)
    assert badge.plain == side.upper()
    assert badge.content_region.height == 3
    want = big_text("< LEFT" if side == "left" else "RIGHT >").split("\n")
    assert [row.strip() for row in badge_rows(app) if row.strip()] == [w.strip() for w in want]


def make_app(**kw) -> StretchApp:
    return StretchApp(clock=FakeClock(), backend=RecorderBackend(), hour=14, **kw)  # type: ignore[arg-type]


async def test_badge_is_whole_when_started_with_run(tmp_path: Path) -> None:
    path = tmp_path / "sided.yaml"
    path.write_text(SIDED)
    timeline = build_timeline(load_routine(path), start_side="left")
    app = make_app(timeline=timeline, opts=RunOptions(mute=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_badge_whole(app)


async def test_badge_is_whole_when_started_from_home(isolated_home: Path) -> None:
    routines = isolated_home / ".config" / "rls-stretch" / "routines"
    routines.mkdir(parents=True)
    (routines / "sided.yaml").write_text(SIDED)
    app = make_app(mode="home", opts=RunOptions(mute=True, start_side="left"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"sided test", "enter")
        await pilot.pause()
        assert app.session is not None and app.session.timeline.routine.name == "Sided test"
        assert_badge_whole(app)


async def test_badge_is_whole_when_started_from_the_relief_picker() -> None:
    app = make_app(mode="home", opts=RunOptions(mute=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x", "2", "3")  # quick relief, sitting, 3 minutes
        await pilot.pause()
        assert app.session is not None
        first = app.session.timeline.segments[0]
        assert first.move is not None and first.move.sides == "both"
        assert_badge_whole(app)
