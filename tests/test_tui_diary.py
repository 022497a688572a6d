"""The diary in the TUI (Pilot): the summary's "How do your legs feel now?", the question
before a routine (setting checkin_before), the morning question on home after a bedtime
run, the diary screen on `j`, and a diary problem said once on the screen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from rls_stretch.diary.model import CheckIn, now
from rls_stretch.diary.store import Diary, default_path
from rls_stretch.routine.model import Dose, Move, MoveStep, Routine, Span
from rls_stretch.session.clock import FakeClock
from rls_stretch.sound.cues import RecorderBackend
from rls_stretch.timeline.options import RunOptions
from rls_stretch.timeline.sequencer import build_timeline
from rls_stretch.tui.app import StretchApp
from rls_stretch.tui.screens.diary import DiaryScreen
from rls_stretch.tui.screens.home import HomeScreen
from rls_stretch.tui.screens.player import PlayerScreen
from rls_stretch.tui.screens.question import QuestionScreen
from rls_stretch.tui.screens.summary import SummaryScreen
from rls_stretch.tui.widgets.daychart import GAP, bars
from rls_stretch.tui.widgets.score import ScoreQuestion

SIZE = (100, 30)
CALF = Move(id="calf", name="Calf stretch", instructions="Lean on the wall.",
            position="standing", dose=Dose(hold=Span.of(20)))
ROUTINE = Routine(id="test", name="Test [bedtime] routine", steps=(MoveStep(CALF),),
                  transition=5.0, when="bedtime")


def player_app() -> StretchApp:
    tl = build_timeline(ROUTINE, start_side="left")
    return StretchApp(timeline=tl, opts=RunOptions(mute=True, night=False),
                      clock=FakeClock(1000.0), hour=12, backend=RecorderBackend())


def home_app(hour: int) -> StretchApp:
    return StretchApp(mode="home", hour=hour, clock=FakeClock(), backend=RecorderBackend())


def shown(app: StretchApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def stop_run(pilot, app: StretchApp) -> None:  # noqa: ANN001
    assert isinstance(app.screen, PlayerScreen)
    await pilot.press("q", "y")
    await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)


def checkins() -> list[CheckIn]:
    with Diary.open(create=False) as d:
        return d.checkins()


async def test_the_summary_asks_how_the_legs_feel_and_one_key_answers() -> None:
    app = player_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await stop_run(pilot, app)
        assert "How do your legs feel now?" in shown(app, "#summary-legs")
        await pilot.press("4")
        await pilot.pause()
        assert "4 of 10, noted" in shown(app, "#summary-legs")
        await pilot.press("7")  # answered already: a second key changes nothing
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    with Diary.open(create=False) as d:
        [s] = d.sessions()
        [c] = d.checkins()
    assert s.ended_by == "quit" and s.routine_name == "Test [bedtime] routine"
    assert (c.kind, c.urge, c.session_id) == ("after", 4, s.id)


async def test_one_then_zero_is_ten_and_one_then_enter_is_one() -> None:
    for keys, score in ((("1", "0"), 10), (("1", "enter"), 1), (("1", "6"), 1)):
        app = player_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await stop_run(pilot, app)
            await pilot.press(keys[0])
            await pilot.pause()
            assert "press 0 for ten" in shown(app, "#summary-legs")
            await pilot.press(keys[1])
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)  # enter answered, did not close
            assert f"{score} of 10, noted" in shown(app, "#summary-legs")
            await pilot.press("enter")
            await pilot.pause()
        assert app.return_code == 0
        assert checkins()[-1].urge == score


async def test_escape_skips_the_question_and_a_second_escape_closes() -> None:
    app = player_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await stop_run(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Skipped" in shown(app, "#summary-legs")
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
    assert checkins() == []


async def test_checkin_before_asks_first_when_the_setting_is_on(isolated_home: Path) -> None:
    settings = isolated_home / ".config" / "rls-stretch" / "settings.yaml"
    settings.parent.mkdir(parents=True)
    settings.write_text("checkin_before: true\n")
    app = player_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "How do your legs feel now?" in str(app.screen.query_one(ScoreQuestion).render())
        assert app.session is None  # nothing plays until it is answered
        await pilot.press("8")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await stop_run(pilot, app)
        await pilot.press("3", "q")
        await pilot.pause()
    with Diary.open(create=False) as d:
        [s] = d.sessions()
        got = [(c.kind, c.urge, c.session_id) for c in d.checkins()]
    assert got == [("before", 8, s.id), ("after", 3, s.id)]


def last_night_bedtime_run() -> None:
    start = (now() - timedelta(days=1)).replace(hour=22, minute=15)
    with Diary.open() as d:
        sid = d.start_session(routine_id="bedtime", routine_name="Bedtime",
                              routine_when="bedtime", level="gentle", minutes_asked=None,
                              started_at=start, planned_seconds=600, moves_total=5)
        d.end_session(sid, ended_at=start + timedelta(minutes=10), done_seconds=600,
                      moves_done=5, moves_total=5, skipped_moves=(), completed=True,
                      ended_by="finished")


async def test_the_morning_after_a_bedtime_run_home_asks_how_you_slept() -> None:
    last_night_bedtime_run()
    app = home_app(hour=7)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "How did you sleep last night?" in str(
            app.screen.query_one(ScoreQuestion).render())
        await pilot.press("6")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    [c] = checkins()
    assert (c.kind, c.sleep, c.urge) == ("morning", 6, None)
    app = home_app(hour=8)  # the second start that morning: not asked again
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_skipped_morning_question_is_not_asked_again_and_not_at_night() -> None:
    last_night_bedtime_run()
    app = home_app(hour=22)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    app = home_app(hour=7)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    app = home_app(hour=9)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert checkins() == []


async def test_the_diary_screen_from_home() -> None:
    today = now().replace(hour=12, minute=0)
    with Diary.open() as d:
        for k in (0, 1, 2, 4, 5):  # days ago
            start = (today - timedelta(days=k)).replace(hour=9)
            sid = d.start_session(routine_id="morning", routine_name="Morning [stretch]",
                                  routine_when="morning", level="standard",
                                  minutes_asked=None, started_at=start, planned_seconds=300,
                                  moves_total=3)
            d.end_session(sid, ended_at=start, done_seconds=300, moves_done=3,
                          moves_total=3, skipped_moves=(), completed=True,
                          ended_by="finished")
            d.add_checkin(CheckIn(at=start - timedelta(minutes=5), urge=6, sleep=5,
                                  triggers=("caffeine",) if k < 2 else ()))
            d.add_checkin(CheckIn(at=start + timedelta(minutes=6), kind="after", urge=2,
                                  session_id=sid, note="[b]calmer[/b]"))
    app = home_app(hour=15)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        chart = shown(app, "#diary-chart")
        urge_row = chart.splitlines()[0]
        assert urge_row.startswith("Urge") and urge_row.endswith(bars([4, 4, None,
                                                                     4, 4, 4]))
        assert urge_row.count(GAP) == 25  # 30 days, 5 with scores: the rest are gaps
        assert shown(app, "#diary-streak").startswith("Streak: 3 days in a row")
        assert ("Morning [stretch]: 5 runs; urge 6.0 -> 2.0 (-4.0) over 5 with a score "
                "before and after") in shown(app, "#diary-routines")
        triggers = shown(app, "#diary-triggers")
        assert "caffeine: not enough days yet (2 with, 3 without" in triggers
        assert "[b]calmer[/b]" in shown(app, "#diary-recent")  # shown as written
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_diary_screen_says_why_it_cannot_read_the_diary() -> None:
    default_path().parent.mkdir(parents=True)
    default_path().write_bytes(b"not sqlite at all")
    app = home_app(hour=15)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert "is not a diary" in shown(app, "#diary-problem")
    assert default_path().read_bytes() == b"not sqlite at all"


async def test_a_diary_problem_is_said_once_on_screen_and_the_run_plays() -> None:
    default_path().parent.mkdir(parents=True)
    default_path().write_bytes(b"not sqlite at all")
    app = player_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await stop_run(pilot, app)
        await pilot.press("5")
        await pilot.pause()
        said = [n.message for n in app._notifications if "diary" in n.message]
        assert len(said) == 1 and "is not a diary" in said[0]
    assert default_path().read_bytes() == b"not sqlite at all"


async def test_a_check_in_from_the_diary_screen_offers_own_triggers() -> None:
    with Diary.open() as d:
        d.add_checkin(CheckIn(at=now() - timedelta(days=2), urge=5, triggers=("late supper",)))
    app = home_app(hour=15)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        from textual.widgets import SelectionList

        from rls_stretch.tui.screens.checkin import CheckinScreen

        assert isinstance(app.screen, CheckinScreen)
        triggers = app.screen.query_one("#checkin-triggers", SelectionList)
        offered = [triggers.get_option_at_index(i).prompt for i in
                   range(triggers.option_count)]
        assert [str(p) for p in offered][-1] == "late supper"  # remembered, offered again
        await pilot.press("6")  # urge; focus moves on to sleep
        await pilot.press("escape")  # sleep skipped
        await pilot.pause()
        assert app.screen.focused is triggers
        await pilot.press("space")  # caffeine
        await pilot.press("tab")
        await pilot.press(*"hot bath", "enter")  # a new one of their own
        await pilot.press("tab")
        await pilot.press(*"restless at 2", "tab")  # the note
        await pilot.press("4", "5", "enter")  # a severity out of range: said, not kept
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert any("0 to 40" in n.message for n in app._notifications)
        await pilot.press("backspace", "enter")  # 4: mild
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        assert shown(app, "#diary-severity").startswith("Weekly severity: 4 of 40 (mild)")
        assert "urge 6; caffeine, hot bath; “restless at 2”" in shown(app, "#diary-recent")
    c = checkins()[-1]
    assert (c.urge, c.sleep, c.triggers, c.note, c.severity) == \
        (6, None, ("caffeine", "hot bath"), "restless at 2", 4)
    with Diary.open(create=False) as d:
        assert d.own_triggers() == ["late supper", "hot bath"]


async def test_escape_leaves_a_check_in_without_keeping_it() -> None:
    app = home_app(hour=15)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "c")
        await pilot.pause()
        await pilot.press("4", "tab", "escape")  # past the sleep question, then Esc
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
    assert not default_path().exists() or checkins() == []
