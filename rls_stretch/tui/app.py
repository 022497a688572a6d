"""The Textual app: one shell for the home screen, quick relief and the player.

The app owns what outlives a screen: the clock, the sound player, night mode. It builds the
Session for a timeline and pushes the PlayerScreen; the screens only render and forward keys.

    run_player(timeline, opts)   `rls-stretch run`: straight to the player, exit at the end
    run_app("home" | "relief", opts)   `rls-stretch` / `rls-stretch relief`
    run_breaks(plan, opts)       `rls-stretch breaks`: the desk-break screen
    app.start_routine(routine, opts)   what the home and relief screens call to play
    app.set_night(on)                  dim amber theme + gentle sounds, or back to day
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from typing import TYPE_CHECKING, Any, Literal

from textual import on
from textual.app import App
from textual.message import Message
from textual.theme import Theme

from rls_stretch import play
from rls_stretch.routine.errors import SequenceError, UsageError
from rls_stretch.routine.model import Routine
from rls_stretch.timeline.model import Timeline
from rls_stretch.timeline.options import RunOptions
from rls_stretch.tui.screens.breaks import OpenBreaks, PlayCue, StartBreak, WindowTitle
from rls_stretch.tui.screens.player import InstructionsWanted, VoiceToggled

if TYPE_CHECKING:
    from collections.abc import Callable

    from rls_stretch.breaks.plan import BreakPlan
    from rls_stretch.diary.recorder import BreakRecorder, SessionRecorder
    from rls_stretch.session.clock import Clock
    from rls_stretch.session.session import Session
    from rls_stretch.sound.cues import Backend, CuePlayer
    from rls_stretch.sound.speech import Voice
    from rls_stretch.tui.screens.home import HomeScreen
    from rls_stretch.tui.screens.player import PlayerScreen
    from rls_stretch.tui.screens.summary import SummaryScreen

class SoundChanged(Message):
    """The cues moved to another sound backend (posted from whichever thread saw it)."""


DAY_THEME = Theme(
    name="rls-day",
    primary="#5FA8A8",
    secondary="#7F8FC4",
    accent="#D9A45B",
    warning="#D9A45B",
    error="#D9736C",
    success="#86B57F",
    foreground="#D6DDE2",
    background="#0F1417",
    surface="#161D21",
    panel="#1F292E",
    dark=True,
)

# Night: warm amber and red on black, nothing blue, nothing bright (screen light before bed
# disturbs sleep). Every colour here has a small blue component on purpose.
NIGHT_THEME = Theme(
    name="rls-night",
    primary="#B8702A",
    secondary="#8A3A1C",
    accent="#A35220",
    warning="#B8602A",
    error="#9C2E1C",
    success="#8C6A22",
    foreground="#A8682C",
    background="#000000",
    surface="#0B0502",
    panel="#160A04",
    boost="#1A0C04",
    dark=True,
    luminosity_spread=0.08,
    text_alpha=0.85,
    variables={
        # $text would otherwise be a near-white computed for contrast: keep it amber too.
        "text": "#B0702E",
        "text-muted": "#80501F",
        "text-disabled": "#553412",
        "button-color-foreground": "#1A0C04",
        "input-selection-background": "#5A2A10",
        "screen-selection-background": "#5A2A10",
        "screen-selection-foreground": "#D08A3A",
        "footer-key-foreground": "#C07A30",
        "footer-description-foreground": "#8C5A26",
        "footer-background": "#0B0502",
        "footer-key-background": "#0B0502",
        "block-cursor-background": "#5A2A10",
        "block-cursor-foreground": "#D08A3A",
        "scrollbar": "#2A1408",
        "scrollbar-hover": "#3A1C0A",
        "scrollbar-active": "#4A240C",
        "link-color": "#B8702A",
        "border": "#5A3414",
        "border-blurred": "#2A1808",
    },
)

NIGHT_CLASS = "-night"
# Signals that end a run, and the reason the events log and the diary give for each.
STOP_SIGNALS = {signal.SIGTERM: "terminate", signal.SIGHUP: "hangup",
                signal.SIGINT: "interrupt"}


class StretchApp(App[int]):
    """The rls-stretch app. `clock` and `hour` are injectable for tests (FakeClock, a fixed
    local hour for night mode); `backend` picks the sound backend (default: choose_backend)."""

    TITLE = "rls-stretch"
    # Every screen's own file is read here too, once, with the app's: pushing a screen whose
    # CSS is not read yet makes Textual re-parse all the CSS (some 15 ms before its frame).
    # Each file stays its screen's (every rule starts with the screen's class).
    CSS_PATH = ["app.tcss", "screens/player.tcss", "screens/home.tcss", "screens/relief.tcss",
                "screens/confirm.tcss", "screens/summary.tcss"]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        *,
        timeline: Timeline | None = None,
        opts: RunOptions | None = None,
        mode: Literal["player", "home", "relief", "breaks"] | None = None,
        clock: Clock | None = None,
        hour: int | None = None,
        backend: Backend | None = None,
        breaks: BreakPlan | None = None,
    ) -> None:
        super().__init__()
        self._breaks = breaks
        self._title_saved = False
        self.clock = clock
        self.hour = hour
        self.opts = opts or RunOptions()
        self.mode = mode or ("player" if timeline is not None else "home")
        self.night = False
        self.session: Session | None = None
        self.cue_player: CuePlayer | None = None
        self.voice: Voice | None = None
        self._first_timeline = timeline
        self._backend = backend
        self._log: Any = None
        self._recorder: SessionRecorder | None = None
        self._breaks_recorder: BreakRecorder | None = None
        self.failure: BaseException | None = None  # what ended the app, for run_player
        # The theme is set once, here, before the first frame: each change of theme
        # re-parses all the CSS (some 50 ms), so deciding day or night later costs twice.
        self.register_theme(DAY_THEME)
        self.register_theme(NIGHT_THEME)
        self.night = self._starts_at_night(timeline)
        theme = NIGHT_THEME if self.night else DAY_THEME
        # Set without the watcher, whose refresh would parse all the CSS a second time
        # before the first frame: the stylesheet takes this theme's colours now, and the
        # app the theme's class (both themes are dark, like Textual's default).
        self.set_reactive(App.theme, theme.name)
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(True, f"-theme-{theme.name}")
        self.set_class(self.night, NIGHT_CLASS)

    def _starts_at_night(self, timeline: Timeline | None) -> bool:
        """What set_night will be told first: the run's night mode, or the night hours."""
        if timeline is not None:
            return play.is_night(timeline, self.opts, hour=self.hour)
        if self.opts.night is not None:
            return self.opts.night
        from rls_stretch.settings import load as load_settings

        hour, minute = self.hour, 0
        if hour is None:
            import time

            now = time.localtime()
            hour, minute = now.tm_hour, now.tm_min
        return load_settings(quiet=True).is_night_at(hour, minute)

    def _handle_exception(self, error: Exception) -> None:
        """Any exception that reaches Textual: the app exits and the terminal is restored
        as Textual does, but the traceback is not printed over the shell (some 400 lines).
        run_player re-raises it, and the command line says it in one line: a user's mistake
        (UsageError, RoutineError) as such, anything else with a crash log file."""
        if self.failure is None:
            self.failure = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    # -- lifecycle --------------------------------------------------------------------------

    def on_mount(self) -> None:
        if not self.is_headless:
            # `kill` (SIGTERM), a closed terminal window (SIGHUP) or SIGINT end the run as q
            # then y would: the log and the diary get their stop, with the reason, and
            # Textual puts the terminal back (alternate screen, mouse tracking).
            loop = asyncio.get_running_loop()
            for sig, reason in STOP_SIGNALS.items():
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, self.terminate, reason)
        if self._first_timeline is not None:
            self.start_timeline(self._first_timeline, self.opts)
        elif self.mode == "breaks":
            self.open_breaks(self._breaks)
        elif self.mode == "relief":
            from rls_stretch.tui.screens.relief import ReliefScreen

            self.push_screen(ReliefScreen(self.opts))
        else:
            from rls_stretch.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
            self._ask_sleep()

    def on_unmount(self) -> None:
        self.end_session()
        if self._breaks_recorder is not None:
            self._breaks_recorder.close()
        self._window_title("")
        if self.cue_player is not None:
            self.cue_player.close()

    # -- playing ------------------------------------------------------------------------------

    def start_routine(self, routine: Routine, opts: RunOptions) -> None:
        """Sequence `routine` as `opts` asks and play it (the home and relief screens' way in).

        A SequenceError (a budget too short for the routine) propagates to the caller, which
        can show it; nothing has changed then.
        """
        from rls_stretch.diary import remembered

        opts = play.apply_settings(opts)
        timeline = play.timeline_for(routine, opts)
        remembered.remember_start_side(routine.id, timeline.start_side)
        self.start_timeline(timeline, opts)

    def start_timeline(self, timeline: Timeline, opts: RunOptions) -> None:
        """Build the session for `timeline` and push the player; with the setting
        `checkin_before`, ask how the legs feel first. The sound, voice and events log are
        wired when the player has drawn its first frame (PlayerScreen.Shown), just before
        the session starts: preparing the sounds is not worth a later screen."""
        from rls_stretch.settings import load as load_settings

        if not load_settings(quiet=True).checkin_before:
            self._start_timeline(timeline, opts, None)
            return
        from rls_stretch.tui.screens.question import LEGS_NOW, QuestionScreen

        self.push_screen(QuestionScreen(*LEGS_NOW),
                         lambda score: self._start_timeline(timeline, opts, score))

    def _start_timeline(self, timeline: Timeline, opts: RunOptions,
                        before: int | None) -> None:
        from rls_stretch.diary.model import CheckIn, now
        from rls_stretch.session.session import Session
        from rls_stretch.tui.screens.player import PlayerScreen

        self.end_session()
        self.opts = opts
        night = play.is_night(timeline, opts, hour=self.hour)
        session = Session(timeline, self.clock)
        self.session = session
        self._recorder = play.record(session, opts, self._diary_problem)
        if before is not None:
            self._recorder.before = CheckIn(at=now(), kind="before", urge=before)
        self.set_night(night)
        self.push_screen(PlayerScreen(session, None, opts))

    PREPARING_SHOWN_AFTER = 0.5  # seconds: quicker than this, the player simply starts

    def _prepare_voice(self, voice: Voice, timeline: Timeline,
                       then: Callable[[], None]) -> None:
        """Every phrase made before the first sound (so the first move is named), on a
        thread, while the player waits at its first frame; "Preparing the voice..." with a
        bar over it if that takes longer than half a second. `then` starts the run."""
        import threading

        from rls_stretch.tui.screens.preparing import PreparingScreen

        shown: list[PreparingScreen] = []
        finished = threading.Event()

        def show() -> None:
            if not finished.is_set():
                shown.append(PreparingScreen())
                self.push_screen(shown[0])

        def progress(done: int, total: int) -> None:
            def update() -> None:
                if shown and shown[0].is_mounted:
                    shown[0].advance(done, total)
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(update)

        def ready() -> None:
            finished.set()
            if shown and self.screen is shown[0]:
                self.pop_screen()
            then()

        def work() -> None:
            try:
                voice.render_all(timeline, progress)
            finally:
                with contextlib.suppress(RuntimeError):  # the app is closing
                    self.call_from_thread(ready)

        self.set_timer(self.PREPARING_SHOWN_AFTER, show)
        threading.Thread(target=work, name="rls-voice-prepare", daemon=True).start()

    def on_player_screen_shown(self, message: PlayerScreen.Shown) -> None:
        """The player is on screen: wire its sound and events log, then let it start."""
        screen = message.screen
        if screen.session is not self.session or screen.session.state != "ready":
            return  # left behind by a newer run, or already under way
        opts = screen.opts
        self.cue_player = self._make_cue_player(play.sound_profile(self.night), opts.mute,
                                                play.volume())
        self.voice, self._log = play.attach(screen.session, self.cue_player, opts,
                                            render=lambda voice: None,
                                            on_log_error=self._log_failed)
        cue_player, session = self.cue_player, screen.session
        if self.voice is None or not self.voice.available:
            screen.begin(cue_player)
            return

        def begin() -> None:
            if self.session is session and session.state == "ready":
                screen.begin(cue_player)

        self._prepare_voice(self.voice, session.timeline, begin)

    def _log_failed(self, message: str) -> None:
        """A failed write to the events log, said once on screen (stderr is under the
        screen); the routine plays on."""
        def show() -> None:
            self.notify(message, title="Events log", severity="warning", timeout=15)

        try:
            self.call_from_thread(show)
        except RuntimeError:  # already on the app's thread
            show()

    def terminate(self, reason: str = "terminate") -> None:
        """A signal ends the program: the run stops with `reason`, exit 128 + signal."""
        self.end_session(reason)
        code = {v: k for k, v in STOP_SIGNALS.items()}.get(reason, signal.SIGTERM)
        self.exit(128 + int(code))

    def end_session(self, reason: str = "quit") -> None:
        """Stop a session still going (the app is closing) and close its log and sound."""
        if self.session is not None and self.session.state in ("ready", "running", "paused"):
            self.session.stop(reason)
        play.detach(self.voice, self._log)
        self.voice = self._log = None
        if self._recorder is not None:
            self._recorder.close()  # a later check-in for this run opens the diary again

    # -- the diary ----------------------------------------------------------------------------

    def _diary_problem(self, text: str) -> None:
        """Said once per run, on the screen (stderr is where Textual draws)."""
        self.notify(text, title="Diary", severity="warning", timeout=12, markup=False)

    def on_summary_screen_legs_scored(self, message: SummaryScreen.LegsScored) -> None:
        from rls_stretch.diary.model import CheckIn, now

        if self._recorder is not None:
            self._recorder.add_checkin(CheckIn(at=now(), kind="after", urge=message.score))

    def on_home_screen_open_diary(self, message: HomeScreen.OpenDiary) -> None:
        from rls_stretch.tui.screens.diary import DiaryScreen, load_diary_view

        self.push_screen(DiaryScreen(load_diary_view()))

    def _ask_sleep(self) -> None:
        """The first start in the morning after a bedtime run: how was the night?"""
        from rls_stretch.diary import morning

        run = morning.due(self.hour)
        if run is None:
            return
        from rls_stretch.tui.screens.question import SLEPT, QuestionScreen

        def answered(score: int | None) -> None:
            problem = morning.answer(run, score)
            if problem:
                self._diary_problem(problem)

        self.push_screen(QuestionScreen(*SLEPT), answered)

    def run_finished(self) -> None:
        """The summary was closed: back to the home screen if the run came from there,
        otherwise the program is done (exit status 0, completed or stopped)."""
        from rls_stretch.tui.screens.breaks import BreakScreen
        from rls_stretch.tui.screens.home import HomeScreen

        self.end_session()
        home = [s for s in self.screen_stack if isinstance(s, (HomeScreen, BreakScreen))]
        if not home:
            self.exit(0)
            return
        while self.screen is not home[-1]:
            self.pop_screen()

    # -- desk breaks --------------------------------------------------------------------------

    def open_breaks(self, plan: BreakPlan | None = None) -> None:
        """The desk-break screen for `plan` (default: the settings' breaks)."""
        from rls_stretch.breaks.plan import plan_for
        from rls_stretch.breaks.scheduler import BreakScheduler
        from rls_stretch.settings import load as load_settings
        from rls_stretch.tui.screens.breaks import BreakScreen

        settings = load_settings(quiet=True)
        if self.mode == "breaks" and self.opts.night is not False:
            # Straight to the breaks (not from home, which decides this itself): night
            # hours give the night theme and the gentle sounds, as a routine would.
            hour = self.hour if self.hour is not None else time.localtime().tm_hour
            self.set_night(bool(self.opts.night) or settings.is_night_at(hour))
        plan = plan or plan_for(settings)
        scheduler = BreakScheduler(plan, self.clock)
        if self._breaks_recorder is not None:
            self._breaks_recorder.close()
        self._breaks_recorder = play.record_breaks(scheduler, self._diary_problem)
        self.push_screen(BreakScreen(scheduler, self.opts))

    @on(OpenBreaks)
    def _open_breaks(self, message: OpenBreaks) -> None:
        self.open_breaks(message.plan)

    @on(StartBreak)
    def _start_break(self, message: StartBreak) -> None:
        try:
            self.start_routine(message.routine, message.opts)
        except (SequenceError, UsageError) as e:
            message.failed(str(e))
            return
        assert self.session is not None
        self.session.subscribe(message.listener)

    @on(PlayCue)
    def _play_cue(self, message: PlayCue) -> None:
        if self.cue_player is None:
            self.cue_player = self._make_cue_player(play.sound_profile(self.night), self.opts.mute,
                                                    play.volume())
        self.cue_player.play(message.cue)

    @on(WindowTitle)
    def _title(self, message: WindowTitle) -> None:
        self._window_title(message.text)

    def _window_title(self, text: str) -> None:
        """The terminal's window title (OSC 2; Textual has no call for it, so it goes out
        the way App.bell does). The old title is pushed on the terminal's title stack
        first and popped with "", where the terminal keeps one."""
        driver = self._driver
        if self.is_headless or driver is None:
            return
        if not text:
            if self._title_saved:
                driver.write("\x1b]2;\x07\x1b[23;2t")
                self._title_saved = False
            return
        if not self._title_saved:
            driver.write("\x1b[22;2t")
            self._title_saved = True
        driver.write(f"\x1b]2;{''.join(ch for ch in text if ch.isprintable())}\x07")

    # -- sound --------------------------------------------------------------------------------

    @property
    def sound_name(self) -> str:
        """What the status line shows: the backend playing cues now, or "muted"."""
        p = self.cue_player
        if p is None:
            return "none"
        if p.muted:
            return "muted"
        if p.fallbacks:  # said once, where the person looks: which one failed
            return f"{p.backend_name} ({p.fallbacks[-1][0]} failed)"
        return p.backend_name

    def _make_cue_player(self, profile: str, muted: bool, volume: float) -> CuePlayer:
        """A cue player; the sound backend is chosen once and kept for the app's life."""
        from rls_stretch.sound.cues import CuePlayer, choose_backend

        if self._backend is None:
            self._backend = choose_backend()
        backend = self.cue_player.backend if self.cue_player is not None else self._backend
        player = CuePlayer(backend, profile=profile, muted=muted, volume=volume,
                           on_change=self._sound_changed, lead_in=play.lead_in())
        player.flash = self._flash
        return player

    def _sound_changed(self, name: str) -> None:
        # A fall-back may happen on the sound queue's thread, which holds the queue's lock:
        # post (thread-safe, never waits) rather than call_from_thread (waits for the app,
        # which may itself be waiting for that lock to play a cue).
        self.post_message(SoundChanged())

    @on(SoundChanged)
    def _show_sound_change(self) -> None:
        self._refresh_status()

    def _flash(self, cue: str) -> None:
        """The bell backend's visual cue: the screen flashes briefly for every sound."""
        screen = self.screen
        screen.add_class("-flash")
        self.set_timer(0.3, lambda: screen.remove_class("-flash"))

    def _refresh_status(self) -> None:
        refresh = getattr(self.screen, "refresh_status", None)
        if callable(refresh):
            refresh()

    # -- voice (v, i in the player) -------------------------------------------------------

    @on(VoiceToggled)
    def _toggle_voice(self) -> None:
        """`v`: the voice on or off; a run started without one gets one now."""
        if self.session is None or self.cue_player is None:
            return
        if self.voice is None:
            self.voice = play.add_voice(self.session, self.cue_player, self._log, self.opts)
        else:
            self.voice.enabled = not self.voice.enabled
        self._refresh_status()

    @on(InstructionsWanted)
    def _say_instructions(self, message: InstructionsWanted) -> None:
        """`i`: say how to do the move; the countdown waits while it speaks."""
        session = self.session
        if session is None or self.cue_player is None:
            return
        if self.voice is None:
            self.voice = play.add_voice(self.session, self.cue_player, self._log, self.opts)
            self.voice.enabled = False  # asked for the instructions, not for every name
        running = session.state == "running" and not session.waiting
        if running:
            session.pause("saying how to do it")

        def said(_spoken: bool) -> None:
            def carry_on() -> None:
                if running and session.state == "paused":
                    session.resume()
                wake = getattr(self.screen, "wake", None)
                if callable(wake):
                    wake()

            with contextlib.suppress(RuntimeError):  # the app is closing
                self.call_from_thread(carry_on)

        if not self.voice.speak_now(message.text, said):
            if running:
                session.resume()
        wake = getattr(self.screen, "wake", None)
        if callable(wake):
            wake()

    # -- night mode ---------------------------------------------------------------------------

    def set_night(self, on: bool) -> None:
        """Night mode on or off: the amber theme, the `-night` class on the app, and the
        night's sound profile (gentle, unless the settings name one for all hours)."""
        self.night = on
        self.theme = NIGHT_THEME.name if on else DAY_THEME.name
        self.set_class(on, NIGHT_CLASS)
        profile = play.sound_profile(on)
        old = self.cue_player
        if old is not None and old.profile != profile:
            old.set_profile(profile)  # the same player: the session and voice keep using it
        self._refresh_status()

    def action_toggle_night(self) -> None:
        self.set_night(not self.night)


DUMB_TERMINALS = ("dumb",)


def _need_terminal() -> None:
    """Without a terminal the TUI would wait for keys forever (a cron job, a pipe); on a
    terminal that cannot move the cursor (TERM=dumb: Emacs' shell, some IDE consoles) it
    would be a stream of escape codes."""
    # Textual reads keys from stdin and draws on stderr (not stdout).
    if not (sys.stdin.isatty() and sys.__stderr__ is not None and sys.__stderr__.isatty()):
        raise UsageError("the full-screen interface needs a terminal; "
                         "use --plain for one line per step")
    term = os.environ.get("TERM", "")
    if term in DUMB_TERMINALS:
        raise UsageError(f"this terminal (TERM={term}) cannot show the full-screen "
                         "interface; use --plain for one line per step")


def _check_start(opts: RunOptions | None) -> None:
    """Every fault that can be known before the screen opens, each one line (exit 1 or 2):
    the --events file, the terminal, the RLS_STRETCH_AUDIO name."""
    if opts is not None and opts.events is not None:
        play.open_event_log(opts).close()
    _need_terminal()
    from rls_stretch.sound.backends import ENV_VAR, make_backend

    name = os.environ.get(ENV_VAR)
    if name:
        make_backend(name)  # an unknown name: UsageError naming the known ones


def _run(app: StretchApp) -> int:
    """Run the app; whatever ended it early is raised here, after the terminal is back."""
    try:
        code = app.run()
    finally:
        app.end_session()  # the stop is recorded however the app ended
    if app.failure is not None:
        raise app.failure
    return 0 if code is None else int(code)


def run_player(timeline: Timeline, opts: RunOptions) -> int:
    """Play `timeline` in the TUI; returns the exit status (0 completed or stopped)."""
    _check_start(opts)
    return _run(StretchApp(timeline=timeline, opts=opts))


def run_breaks(plan: BreakPlan, opts: RunOptions) -> int:
    """`rls-stretch breaks`: the desk-break screen; returns the exit status."""
    _need_terminal()
    app = StretchApp(mode="breaks", opts=opts, breaks=plan)
    code = app.run()
    return 0 if code is None else int(code)


def run_app(mode: Literal["home", "relief"], opts: RunOptions | None) -> int:
    """Open the home screen or the quick-relief question; returns the exit status."""
    _check_start(opts)
    return _run(StretchApp(mode=mode, opts=opts))
