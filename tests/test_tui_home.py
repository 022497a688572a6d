"""The home and quick-relief screens, driven with Textual's Pilot at a fixed hour.

The routines are the real built-in ones; the user's dir is the test's tmp HOME (conftest).
Only the clock is fake (the player must not run in real time).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Input, OptionList

from rls_stretch.diary import remembered as history
from rls_stretch.session.clock import FakeClock
from rls_stretch.sound.backends import RecorderBackend
from rls_stretch.timeline.options import RunOptions
from rls_stretch.tui.app import StretchApp
from rls_stretch.tui.screens.home import HomeScreen
from rls_stretch.tui.screens.relief import ReliefScreen
from rls_stretch.tui.widgets.preview import Preview
from rls_stretch.tui.widgets.routine_list import RoutineList

SIZE = (100, 30)


def make_app(hour: int, mode: str = "home", opts: RunOptions | None = None) -> StretchApp:
    return StretchApp(mode=mode, hour=hour, clock=FakeClock(), backend=RecorderBackend(),  # type: ignore[arg-type]
                      opts=opts)


def user_dir(home: Path) -> Path:
    d = home / ".config" / "rls-stretch" / "routines"
    d.mkdir(parents=True, exist_ok=True)
    return d


def rendered(widget) -> str:  # the text a widget shows now
    return str(widget.render())


def row_ids(app: StretchApp) -> list[str]:
    lst = app.screen.query_one(RoutineList)
    return [o.id for o in lst.options if o.id and not o.disabled]


def shown(widget) -> str:
    """The lines a widget shows on screen now, as plain text."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(line.text for line in lines)


def preview_text(app: StretchApp) -> str:
    """The preview's words, with line wraps undone (so a phrase can be looked for)."""
    return " ".join(shown(app.screen.query_one(Preview)).split())


def player_routine(app: StretchApp) -> str | None:
    return app.session.timeline.routine.id if app.session is not None else None


@pytest.mark.parametrize(("hour", "expected", "night"), [
    (22, "bedtime", True), (7, "morning", False), (2, "bedtime", True), (14, "seated", False),
])
async def test_the_routine_for_the_hour_is_suggested_and_focused(
        hour: int, expected: str, night: bool) -> None:
    app = make_app(hour)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        routines = screen.query_one(RoutineList)
        assert screen.focused is routines
        assert routines.highlighted_id == expected
        assert screen.suggested == expected
        # marked in its row, and named in the preview's title
        name = screen.catalog.get(expected).routine.name  # type: ignore[union-attr]
        assert f"★ {name}" in shown(routines)
        assert sum(line.count("★") for line in shown(routines).splitlines()) == 1
        assert "suggested now" in rendered(screen.query_one("#preview-title"))
        # night hours (21:00-06:00 by default) bring the night theme with the home screen
        assert app.night is night
        assert app.theme == ("rls-night" if night else "rls-day")


async def test_groups_in_order_with_lengths_positions_and_summaries() -> None:
    app = make_app(12)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lst = app.screen.query_one(RoutineList)
        headings = [o.id for o in lst.options if o.disabled]
        assert headings == [
            "group:Bedtime", "group:Morning & daytime", "group:Quick relief",
            "group:Seated & travel", "group:Yoga", "group:Relaxation",
        ]
        order = [o.id for o in lst.options]
        assert order.index("bedtime") < order.index("group:Morning & daytime")
        for rid in ("relief-in-bed", "relief-seated", "relief-standing"):
            assert order.index("group:Quick relief") < order.index(rid) < order.index(
                "group:Seated & travel")
        assert order.index("group:Yoga") < order.index("yoga") < order.index("group:Relaxation")
        assert order.index("relax") > order.index("group:Relaxation")
        row = next(r for r in app.screen.rows if r.entry.id == "relief-seated")  # type: ignore[attr-defined]
        assert row.length.endswith("min") and row.positions == ("seated",) and row.summary


async def test_arrows_move_between_routines_and_the_preview_follows() -> None:
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ids = row_ids(app)
        lst = app.screen.query_one(RoutineList)
        start = ids.index("bedtime")
        await pilot.press("down")
        assert lst.highlighted_id == ids[start + 1]
        name = app.screen.catalog.get(ids[start + 1]).routine.name  # type: ignore[union-attr]
        assert name in rendered(app.screen.query_one("#preview-title"))
        await pilot.press("down", "down", "up")
        assert lst.highlighted_id == ids[start + 2]  # headings are skipped, never highlighted
        await pilot.press("end")
        assert lst.highlighted_id == ids[-1]


async def test_preview_shows_moves_doses_cautions_and_total() -> None:
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(RoutineList).highlighted_id == "bedtime"
        text = preview_text(app)
        timeline = app.screen.timeline()  # type: ignore[attr-defined]
        first = timeline.routine.moves[0]
        assert first.caution, "bedtime's first move (the long calf stretch) has a caution"
        assert f"1. {first.name}" in text
        assert "each side" in text or "breaths" in text or "hold" in text
        assert f"⚠ {' '.join(first.caution.split())}" in text
        from rls_stretch.timeline.timefmt import format_duration

        assert f"Total {format_duration(timeline.total_seconds)}" in text


async def test_preview_counts_breath_paced_reps_as_played() -> None:
    """A breath-paced rep is an inhale and an exhale: Cobra is 6 reps, not "1 reps"."""
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"yoga for")
        await pilot.pause()
        assert app.screen.query_one(RoutineList).highlighted_id == "yoga"
        text = preview_text(app)
        assert re.search(r"2\. Cobra \d+:\d\d 6 reps, breath-paced "
                         r"3\. Upward dog \d+:\d\d 3 reps, breath-paced ", text), text
        assert "1 reps" not in text
        # a level picks from a range, and the preview shows the pick: pigeon is 5-8 breaths
        # (2:00 with the 15 s get-ready to move from lying on the front to the floor)
        assert "4. Pigeon 2:00 5 breaths each side " in text, text


async def test_preview_is_what_plays_with_the_settings(isolated_home: Path) -> None:
    """Voice (8 s to get ready, so the name is said before 3-2-1) and wait-for-ready from
    the settings file shape the preview just as they shape the run."""
    cfg = isolated_home / ".config" / "rls-stretch"
    cfg.mkdir(parents=True, exist_ok=True)
    # (no longer get-ready for changes of position here: every prepare is the voice's 8 s)
    (cfg / "settings.yaml").write_text("voice: true\nwait_for_ready: true\nposition_change: 0\n")
    app = make_app(7)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert home.query_one(RoutineList).highlighted_id == "morning"
        previewed = home.timeline()  # type: ignore[attr-defined]
        prepares = [s for s in previewed.segments if s.kind == "prepare"]
        assert prepares and all(s.seconds == 8 and s.wait for s in prepares)
        from rls_stretch.timeline.timefmt import format_duration

        assert f"Total {format_duration(previewed.total_seconds)}" in preview_text(app)
        await pilot.press("enter")
        await pilot.pause()
        played = app.session.timeline  # type: ignore[union-attr]
        assert played.segments == previewed.segments


async def test_typing_a_filter_narrows_the_list_and_esc_clears_it() -> None:
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        everything = row_ids(app)
        await pilot.press("slash")
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*"relief")
        await pilot.pause()
        assert sorted(row_ids(app)) == ["relief-in-bed", "relief-seated", "relief-standing"]
        await pilot.press("space", *"bed")
        await pilot.pause()
        assert row_ids(app) == ["relief-in-bed"]
        assert app.screen.query_one(RoutineList).highlighted_id == "relief-in-bed"
        await pilot.press(*"zzz")
        await pilot.pause()
        assert row_ids(app) == []
        assert "No routine matches" in preview_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert row_ids(app) == everything
        assert isinstance(app.screen.focused, RoutineList)


async def test_filter_then_enter_starts_the_match() -> None:
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"yoga", "enter")
        await pilot.pause()
        assert player_routine(app) == "yoga"
        assert type(app.screen).__name__ == "PlayerScreen"


async def test_enter_starts_the_highlighted_routine_with_level_and_minutes() -> None:
    app = make_app(7)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert home.query_one(RoutineList).highlighted_id == "morning"
        before = home.timeline().total_seconds  # type: ignore[attr-defined]
        await pilot.press("l")  # standard -> deep
        assert home.query_one("#level").value == "deep"
        await pilot.pause()
        assert home.timeline().total_seconds > before  # type: ignore[attr-defined]
        await pilot.press("m", "6")
        await pilot.pause()
        assert home.timeline().total_seconds <= 360  # type: ignore[attr-defined]
        await pilot.press("enter")  # Enter in the minutes box starts too
        await pilot.pause()
        assert player_routine(app) == "morning"
        tl = app.session.timeline  # type: ignore[union-attr]
        assert tl.budget_minutes == 6 and tl.total_seconds <= 360


async def test_a_budget_that_cannot_fit_says_why_and_does_not_start() -> None:
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m", "0", ".", "2")
        await pilot.pause()
        text = preview_text(app)
        assert "minutes" in text.lower() or "fit" in text.lower(), text
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is None
        assert isinstance(app.screen, HomeScreen)
        assert any("fit" in n.message.lower() or "min" in n.message.lower()
                   for n in app._notifications)


async def test_start_side_alternates_between_runs_from_home() -> None:
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "starts on the left" in preview_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.timeline.start_side == "left"  # type: ignore[union-attr]
    assert history.next_start_side("bedtime") == "right"
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.timeline().start_side == "right"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.timeline.start_side == "right"  # type: ignore[union-attr]


async def test_night_theme_comes_with_a_bedtime_routine_even_by_day() -> None:
    app = make_app(15)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.night is False and app.theme == "rls-day"
        await pilot.press("slash", *"bedtime wind", "enter")
        await pilot.pause()
        assert player_routine(app) == "bedtime"
        assert app.night is True and app.theme == "rls-night"
        assert app.cue_player is not None and app.cue_player.profile == "gentle"


async def test_night_key_toggles_and_the_choice_is_kept_for_the_run() -> None:
    app = make_app(23)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.night is True
        await pilot.press("d")
        assert app.night is False and app.theme == "rls-day"
        assert "night" not in rendered(app.screen.query_one("#status"))
        await pilot.press("d")
        assert app.night is True
        assert "night mode" in rendered(app.screen.query_one("#status"))
        await pilot.press("d")  # off, then start a morning routine at 23:00: stays off
        await pilot.press("slash", *"morning stretches", "enter")
        await pilot.pause()
        assert player_routine(app) == "morning" and app.night is False


async def test_settings_night_hours_decide_the_home_theme(isolated_home: Path) -> None:
    cfg = isolated_home / ".config" / "rls-stretch"
    cfg.mkdir(parents=True, exist_ok=True)
    (cfg / "settings.yaml").write_text('night_hours: "19:00-07:00"\n')
    for hour, night in ((20, True), (6, True), (7, False), (18, False)):
        app = make_app(hour)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.night is night, hour


async def test_a_broken_settings_file_is_named_on_screen_not_a_crash(isolated_home: Path) -> None:
    cfg = isolated_home / ".config" / "rls-stretch"
    cfg.mkdir(parents=True, exist_ok=True)
    (cfg / "settings.yaml").write_text("level: gentel\nvolume: 80\n")
    app = make_app(15)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("settings.yaml:1:8: level:" in m for m in messages), messages
        assert isinstance(app.screen, HomeScreen)


async def test_a_broken_user_file_is_listed_with_its_error(isolated_home: Path) -> None:
    d = user_dir(isolated_home)
    (d / "mine.yaml").write_text("name: Mine\nsteps:\n  - move: calf-stretch-wall\n")
    (d / "broken.yaml").write_text("name: Broken\nsteps:\n  - move: no-such-move\n")
    app = make_app(15)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lst = app.screen.query_one(RoutineList)
        order = [o.id for o in lst.options]
        mine = order.index("group:My routines")
        assert order.index("broken") > mine and order.index("mine") > mine
        row = next(r for r in app.screen.rows if r.entry.id == "broken")  # type: ignore[attr-defined]
        assert row.problem is not None and row.problem.startswith("broken.yaml:3:")
        assert "no-such-move" in row.problem
        lst.highlighted = lst.get_option_index("broken")
        await pilot.pause()
        text = preview_text(app)
        assert "~/.config/rls-stretch/routines/broken.yaml:3:" in text.replace(" ", "")
        assert "Press e to edit" in text
        await pilot.press("enter")  # nothing to play: it says so, and stays
        await pilot.pause()
        assert app.session is None and isinstance(app.screen, HomeScreen)
        # the edit key is offered for the user's own routines only
        assert app.screen.check_action("edit", ()) is True
        lst.highlighted = lst.get_option_index("bedtime")
        await pilot.pause()
        assert app.screen.check_action("edit", ()) is False


async def test_r_reloads_the_user_dir(isolated_home: Path) -> None:
    d = user_dir(isolated_home)
    app = make_app(15)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "later" not in row_ids(app)
        (d / "later.yaml").write_text("name: Written later\nsteps:\n  - rest: 20s\n")
        highlighted = app.screen.query_one(RoutineList).highlighted_id
        await pilot.press("r")
        await pilot.pause()
        assert "later" in row_ids(app)
        assert app.screen.query_one(RoutineList).highlighted_id == highlighted


async def test_x_opens_quick_relief_and_two_keys_start_it() -> None:
    app = make_app(23)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ReliefScreen)
        await pilot.press("2")  # sitting
        assert app.screen.stage == "long"  # type: ignore[attr-defined]
        assert app.session is None
        await pilot.press("3")  # 3 minutes: starts at once
        await pilot.pause()
        assert player_routine(app) == "relief-seated"
        tl = app.session.timeline  # type: ignore[union-attr]
        assert tl.budget_minutes == 3 and tl.total_seconds <= 180
        assert {m.position for m in tl.routine.moves} == {"seated"}
    assert history.last_relief() == ("seated", 3.0)


async def test_relief_remembers_the_last_answer_and_enter_accepts_it() -> None:
    history.remember_relief("standing", 5)
    app = make_app(10, mode="relief")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReliefScreen)
        assert (screen.position, screen.minutes) == ("standing", 5)
        assert "standing, 5 min" in rendered(screen.query_one("#relief-hint"))
        await pilot.press("enter")
        await pilot.pause()
        assert player_routine(app) == "relief-standing"
        assert app.session.timeline.total_seconds <= 300  # type: ignore[union-attr]


async def test_relief_first_time_defaults_to_in_bed_and_esc_goes_back() -> None:
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        screen = app.screen
        assert (screen.position, screen.minutes) == ("lying", 2)  # type: ignore[attr-defined]
        await pilot.press("3")
        assert screen.stage == "long"  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert screen.stage == "where"  # type: ignore[attr-defined]
        assert screen.position == "standing"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.session is None


async def test_relief_arrows_then_enter() -> None:
    app = make_app(22, mode="relief")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "enter")  # sitting, with the default 2 minutes
        await pilot.pause()
        assert player_routine(app) == "relief-seated"
        assert app.session.timeline.budget_minutes == 2  # type: ignore[union-attr]


async def test_command_palette_offers_the_main_actions() -> None:
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"quick relief")
        await pilot.pause(0.5)
        palette_list = app.screen.query_one(OptionList)
        names = [str(o.prompt) for o in palette_list.options]
        assert any("Quick relief" in n for n in names), names
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReliefScreen)


async def test_command_palette_new_routine_writes_a_template(isolated_home: Path) -> None:
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.action_new_routine()  # type: ignore[attr-defined]
        await pilot.pause()
        path = user_dir(isolated_home) / "my-routine.yaml"
        assert path.exists()
        assert "my-routine" in row_ids(app)
        assert app.screen.query_one(RoutineList).highlighted_id == "my-routine"
        # no terminal to hand over under the test driver: it says where the file is
        assert any(str(path) in n.message for n in app._notifications)


async def test_level_follows_the_routine_until_the_person_picks_one() -> None:
    app = make_app(22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        level = home.query_one("#level")
        bedtime = home.catalog.get("bedtime").routine  # type: ignore[union-attr]
        own = bedtime.level or "standard"
        assert level.value == own
        assert home.timeline().level == own  # type: ignore[attr-defined]
        assert f"· {own} ·" in preview_text(app)
        await pilot.press("l")
        chosen = level.value
        assert chosen != own
        assert home.timeline().level == chosen  # type: ignore[attr-defined]
        await pilot.press("down")
        await pilot.pause()
        assert level.value == chosen  # a chosen level stays for the next routine
        assert home.timeline().level == chosen  # type: ignore[attr-defined]


async def test_relief_with_a_position_asks_only_how_long() -> None:
    """`rls-stretch relief --position standing`: the one question left is how long."""
    app = make_app(23, mode="relief", opts=RunOptions(position="standing"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReliefScreen)
        assert (screen.stage, screen.position) == ("long", "standing")
        await pilot.press("1")  # 1 minute: starts at once
        await pilot.pause()
        assert player_routine(app) == "relief-standing"
        assert app.session.timeline.total_seconds <= 60  # type: ignore[union-attr]


async def test_a_missing_editor_is_a_notice_not_a_frozen_screen(
        isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (user_dir(isolated_home) / "mine.yaml").write_text(
        "name: Mine\nsteps:\n  - move: calf-stretch-wall\n")
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(15)
    notices: list[str] = []
    app.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lst = app.screen.query_one(RoutineList)
        lst.highlighted = lst.get_option_index("mine")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # still here, still answering keys
        assert any("/nonexistent/editor: no such editor" in n for n in notices), notices
