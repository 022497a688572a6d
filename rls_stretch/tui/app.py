"""The Textual app: one shell for the home screen, quick relief and the player.

The app owns what outlives a screen: the clock, the sound player, night mode. It builds the
Session for a timeline and pushes the PlayerScreen; the screens only render and forward keys.

    run_player(timeline, opts)   `rls-stretch run`: straight to the player, exit at the end
    run_app("home" | "relief", opts)   `rls-stretch` / `rls-stretch relief`
    app.start_routine(routine, opts)   what the home and relief screens call to play
    app.set_night(on)                  dim amber theme + gentle sounds, or back to day
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from typing import TYPE_CHECKING, Any, Literal

from textual import on
from textual.app import App
from textual.message import Message
from textual.theme import Theme

from rls_stretch import play
from rls_stretch.routine.errors import UsageError
from rls_stretch.routine.model import Routine
from rls_stretch.timeline.model import Timeline
from rls_stretch.timeline.options import RunOptions
from rls_stretch.tui.screens.player import InstructionsWanted, VoiceToggled

if TYPE_CHECKING:
    from textual.screen import Screen

    from rls_stretch.session.clock import Clock
    from rls_stretch.session.session import Session
    from rls_stretch.sound.cues import Backend, CuePlayer
    from rls_stretch.sound.speech import Voice

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


class StretchApp(App[int]):
    """The rls-stretch app. `clock` and `hour` are injectable for tests (FakeClock, a fixed
    local hour for night mode); `backend` picks the sound backend (default: choose_backend)."""

    TITLE = "rls-stretch"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        *,
        timeline: Timeline | None = None,
        opts: RunOptions | None = None,
        mode: Literal["player", "home", "relief"] | None = None,
        clock: Clock | None = None,
        hour: int | None = None,
        backend: Backend | None = None,
    ) -> None:
        super().__init__()
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

    # -- lifecycle --------------------------------------------------------------------------

    def on_mount(self) -> None:
        if not self.is_headless:
            # `kill` (SIGTERM) ends the run as q then y would: the log gets its `stop`, and
            # Textual puts the terminal back the way it was.
            with contextlib.suppress(NotImplementedError, RuntimeError):
                asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.terminate)
        self.register_theme(DAY_THEME)
        self.register_theme(NIGHT_THEME)
        self.theme = DAY_THEME.name
        if self._first_timeline is not None:
            self.start_timeline(self._first_timeline, self.opts)
        elif self.mode == "relief":
            from rls_stretch.tui.screens.relief import ReliefScreen

            self.push_screen(ReliefScreen(self.opts))
        else:
            from rls_stretch.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def on_unmount(self) -> None:
        self.end_session()
        if self.cue_player is not None:
            self.cue_player.close()

    # -- playing ------------------------------------------------------------------------------

    def start_routine(self, routine: Routine, opts: RunOptions) -> None:
        """Sequence `routine` as `opts` asks and play it (the home and relief screens' way in).

        A SequenceError (a budget too short for the routine) propagates to the caller, which
        can show it; nothing has changed then.
        """
        from rls_stretch import history
        opts = play.apply_settings(opts)
        timeline = play.timeline_for(routine, opts)
        history.remember_start_side(routine.id, timeline.start_side)
        self.start_timeline(timeline, opts)

    def start_timeline(self, timeline: Timeline, opts: RunOptions) -> None:
        """Build the session, sound and events log for `timeline`, and push the player."""
        from rls_stretch.session.session import Session
        from rls_stretch.tui.screens.player import PlayerScreen

        self.end_session()
        self.opts = opts
        night = play.is_night(timeline, opts, hour=self.hour)
        session = Session(timeline, self.clock)
        self.session = session
        self.cue_player = self._make_cue_player(play.sound_profile(night), opts.mute,
                                                play.volume())
        self.voice, self._log = play.attach(session, self.cue_player, opts,
                                            render=lambda voice: None)
        self.set_night(night)
        player = PlayerScreen(session, self.cue_player, opts)
        if self.voice is None or not self.voice.available:
            self.push_screen(player)
        else:
            self._prepare_voice(self.voice, timeline, player)

    PREPARING_SHOWN_AFTER = 0.5  # seconds: quicker than this, the player simply opens

    def _prepare_voice(self, voice: Voice, timeline: Timeline, player: Screen) -> None:
        """Every phrase made before the first sound (so the first move is named), on a
        thread; "Preparing the voice..." with a bar if it takes longer than half a second."""
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
            if shown:
                self.switch_screen(player)
            else:
                self.push_screen(player)

        def work() -> None:
            try:
                voice.render_all(timeline, progress)
            finally:
                with contextlib.suppress(RuntimeError):  # the app is closing
                    self.call_from_thread(ready)

        self.set_timer(self.PREPARING_SHOWN_AFTER, show)
        threading.Thread(target=work, name="rls-voice-prepare", daemon=True).start()

    def terminate(self) -> None:
        self.end_session()
        self.exit(143)

    def end_session(self) -> None:
        """Stop a session still going (the app is closing) and close its log and sound."""
        if self.session is not None and self.session.state in ("ready", "running", "paused"):
            self.session.stop()
        play.detach(self.voice, self._log)
        self.voice = self._log = None

    def run_finished(self) -> None:
        """The summary was closed: back to the home screen if the run came from there,
        otherwise the program is done (exit status 0, completed or stopped)."""
        from rls_stretch.tui.screens.home import HomeScreen

        self.end_session()
        home = [s for s in self.screen_stack if isinstance(s, HomeScreen)]
        if not home:
            self.exit(0)
            return
        while self.screen is not home[-1]:
            self.pop_screen()

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


def _need_terminal() -> None:
    """Without a terminal the TUI would wait for keys forever (a cron job, a pipe)."""
    # Textual reads keys from stdin and draws on stderr (not stdout).
    if not (sys.stdin.isatty() and sys.__stderr__ is not None and sys.__stderr__.isatty()):
        raise UsageError("the full-screen interface needs a terminal; "
                         "use --plain for one line per step")


def run_player(timeline: Timeline, opts: RunOptions) -> int:
    """Play `timeline` in the TUI; returns the exit status (0 completed or stopped)."""
    if opts.events is not None:
        play.open_event_log(opts).close()  # one clear line before the screen opens
    _need_terminal()
    app = StretchApp(timeline=timeline, opts=opts)
    code = app.run()
    return 0 if code is None else int(code)


def run_app(mode: Literal["home", "relief"], opts: RunOptions | None) -> int:
    """Open the home screen or the quick-relief question; returns the exit status."""
    if opts is not None and opts.events is not None:
        play.open_event_log(opts).close()
    _need_terminal()
    app = StretchApp(mode=mode, opts=opts)
    code = app.run()
    return 0 if code is None else int(code)
