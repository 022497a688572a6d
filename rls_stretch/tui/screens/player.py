"""The player: renders the Session and forwards keys to it.

Waking: the screen never keeps time. It calls `session.update()` when woken and renders
what the session says. One timer is armed for `session.next_wake()` (the next cue, segment
end or change of the countdown's whole seconds) and re-armed after every update and key;
during a breath segment it may come a little sooner, at half-second steps, to move the
pacer. Paused, waiting or finished: no timer at all, so an idle screen costs nothing.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Digits, Static

from rls_stretch.session.view import WAKE_SLACK
from rls_stretch.timeline.model import Segment
from rls_stretch.timeline.options import RunOptions
from rls_stretch.timeline.positions import say as position_words
from rls_stretch.timeline.timefmt import format_duration, format_seconds
from rls_stretch.tui.literal import literal
from rls_stretch.tui.screens.confirm import ConfirmScreen
from rls_stretch.tui.screens.summary import SummaryScreen
from rls_stretch.tui.widgets.footer import KeysFooter
from rls_stretch.tui.widgets.pacer import BreathPacer
from rls_stretch.tui.widgets.progress import Progress
from rls_stretch.tui.widgets.side import SideBadge

if TYPE_CHECKING:
    from rls_stretch.session.session import Session
    from rls_stretch.sound.cues import CuePlayer

EXTEND_SECONDS = 10.0
BREATH_KINDS = ("inhale", "exhale")


def segment_title(seg: Segment | None) -> str:
    """The big line: the move's name, or what this pause between moves is."""
    if seg is None or seg.kind == "done":
        return "Done"
    if seg.kind == "rest":
        return "Rest"
    return seg.move.name if seg.move is not None else seg.label


def segment_instructions(seg: Segment | None) -> str:
    if seg is None or seg.kind == "done":
        return "That was the last move."
    if seg.kind == "rest":
        return "Rest. Let your legs lie still and breathe easily."
    if seg.kind == "switch" and seg.side is not None:
        return f"Gently come out of it and switch to the {seg.side} side."
    return seg.move.instructions if seg.move is not None else ""


W = TypeVar("W", bound=Widget)

# Boxes whose size the CSS fixes: their per-second updates repaint without a relayout.
# (#routine-where is as wide as its text, which changes once a minute: it lays out.)
FIXED_SIZE = frozenset({"#status", "#banner"})


class VoiceToggled(Message):
    """`v`: the app turns the voice on (making one if the run had none) or off."""


class InstructionsWanted(Message):
    """`i`: the app says the current move's instructions, pausing the countdown."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class PlayerScreen(Screen[None]):
    CSS_PATH = "player.tcss"
    AUTO_FOCUS = None
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (90, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-mini-v"), (9, "-tiny-v"), (18, "-short"), (28, "-tall")]
    # The order is the footer's: on a narrow terminal the last ones are cut first, so
    # pause and quit come first and stay.
    BINDINGS = [
        Binding("space", "pause", "Pause", id="pause",
                tooltip="Pause the routine (space again carries on)"),
        Binding("space", "resume", "Resume", id="resume", tooltip="Carry on from here"),
        Binding("g,space", "go", "Go", id="go",
                tooltip="Start the move: it waits until you are in position"),
        Binding("q", "quit_run", "Quit", id="quit",
                tooltip="Stop the routine (asks first, and pauses while it asks)"),
        Binding("n", "next", "Next", id="next", tooltip="Skip to the next move"),
        Binding("s", "other_side", "Side", id="side",
                tooltip="Go on to the other side of this move (skips the rest of this side)"),
        Binding("b", "back", "Back", id="back",
                tooltip="Restart this move (early in a move: the one before)"),
        Binding("plus,equals_sign", "more", "+10s", id="more", key_display="+",
                tooltip="10 seconds more on this part"),
        Binding("minus,underscore", "less", "-10s", id="less", key_display="-",
                tooltip="10 seconds less on this part"),
        Binding("m", "mute", "Mute", id="mute", tooltip="Sounds off or on"),
        # Not in the footer (q Quit must fit at 80 columns); the README and the status
        # line's "Voice" name them.
        Binding("v", "voice", "Voice", id="voice", show=False,
                tooltip="The voice naming each move: on or off (needs espeak-ng)"),
        Binding("i", "instructions", "How", id="instructions", show=False,
                tooltip="Say how to do this move (the countdown waits while it speaks)"),
        Binding("d", "night", "Night", id="night",
                tooltip="Night mode: dim amber colours and gentle sounds, on or off"),
        Binding("ctrl+c", "quit_run", "Quit", id="quit-ctrl-c", show=False),
    ]

    def __init__(self, session: Session, player: CuePlayer | None, opts: RunOptions) -> None:
        super().__init__()
        self.session = session
        self.cue_player = player
        self.opts = opts
        self._timer: Timer | None = None
        self._shown: dict[str, Any] = {}  # what each widget shows now, to skip no-op updates
        self._widgets: dict[str, Widget] = {}
        self._ended = False
        self._state_key: tuple[str, bool, bool] | None = None
        segs = session.timeline.segments
        steps = sorted({s.step for s in segs if s.move is not None and s.kind != "done"})
        self._move_number = {step: i + 1 for i, step in enumerate(steps)}
        self._move_count = len(steps)

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        routine = self.session.timeline.routine
        with Horizontal(id="top"):
            yield Static(literal(routine.name), id="routine-name")
            yield Static("", id="routine-where")
        with Horizontal(id="main"):
            with Vertical(id="stage"):
                yield Static("", id="move-name")
                yield Static("", id="position")
                with Center(id="side-row"):
                    yield SideBadge(id="side")
                yield Static("", id="segment-label")
                yield Digits("", id="countdown")
                yield BreathPacer(id="pacer")
                yield Static("", id="banner")
            with Vertical(id="aside"):
                yield Static("", id="instructions")
                yield Static("", id="caution")
                yield Static("", id="next")
        yield Progress(id="progress")
        yield Static("", id="status")
        yield KeysFooter(show_command_palette=False)

    class Shown(Message):
        """The player's first frame is drawn: the app wires the sound, then calls begin()."""

        def __init__(self, screen: PlayerScreen) -> None:
            super().__init__()
            self.screen = screen

    def on_mount(self) -> None:
        self.render_session()
        if self.session.state == "ready":
            # Start after the first frame: the screen comes up at once, the sound after.
            self.call_after_refresh(self.post_message, self.Shown(self))
        else:
            self.wake()

    def begin(self, player: CuePlayer | None) -> None:
        """Start the session (its first cue plays through `player`) and keep it going."""
        self.cue_player = player
        if self.session.state == "ready":
            self.session.start()
        self.wake()

    def on_unmount(self) -> None:
        self._disarm()

    def on_resize(self) -> None:
        """The header's short or long form and the footer's spacing follow the width."""
        if self.is_mounted:
            self._put("#routine-where", self._where_text())

    # -- waking -------------------------------------------------------------------------------

    def wake(self) -> None:
        """Bring the session up to the clock, show it, and arm the next wake."""
        self.session.update()
        self._after()

    def _after(self) -> None:
        """After an update or a key: render, then re-arm the single timer (or finish)."""
        self.render_session()
        if self.session.state in ("finished", "stopped"):
            self._disarm()
            self._end_run()
            return
        self._arm()

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _arm(self) -> None:
        self._disarm()
        wake = self.session.next_wake()
        if wake is None:
            return
        # The pacer moves on the same whole-second wakes as the countdown: one repaint a second.
        delay = wake - self.session.clock.now()
        self._timer = self.set_timer(max(0.0, delay) + WAKE_SLACK, self.wake, name="session")

    # -- rendering ----------------------------------------------------------------------------

    def _widget(self, kind: type[W], selector: str) -> W:
        """query_one, remembered: the player asks for the same few widgets every second."""
        widget = self._widgets.get(selector)
        if widget is None:
            widget = self._widgets[selector] = self.query_one(selector, kind)
        return widget  # type: ignore[return-value]

    def _put(self, selector: str, text: Any) -> None:
        """Update a Static only when its text changes; one-line fixed boxes skip layout."""
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            shown = literal(text) if isinstance(text, str) else text  # file text is never markup
            self._widget(Static, selector).update(shown, layout=selector not in FIXED_SIZE)

    def render_session(self) -> None:
        s = self.session
        seg = s.segment
        state, waiting = s.state, s.waiting
        key = (state, waiting, s.other_side_index() is not None)
        if key != self._state_key:
            self._state_key = key
            self.set_class(state == "paused", "-paused")
            self.set_class(waiting, "-waiting")
            self.refresh_bindings()
        self._put("#move-name", segment_title(seg))
        moving = seg is not None and seg.kind == "prepare" and seg.new_position is not None
        if self._shown.get("#position-on") != moving:
            self._shown["#position-on"] = moving
            self._widget(Static, "#position").display = moving
            self.set_class(moving, "-moving")  # a short terminal drops the label for it
        if moving:
            assert seg is not None and seg.new_position is not None
            self._put("#position", position_words(seg.new_position).upper())
        self._widget(SideBadge, "#side").show_side(seg.side if seg is not None else None)
        self._put("#segment-label", self._segment_label(seg))
        countdown = format_seconds(s.countdown())
        if self._shown.get("#countdown") != countdown:
            self._shown["#countdown"] = countdown
            self._widget(Digits, "#countdown").update(countdown)
        self._render_pacer(seg)
        self._put("#banner", self._banner())
        self._put("#instructions", segment_instructions(seg))
        caution = seg.move.caution if seg is not None and seg.move is not None else None
        caution_text = f"⚠ Caution: {caution}" if caution else ""
        if self._shown.get("#caution") != caution_text:
            self._put("#caution", caution_text)
            self.query_one("#caution").display = bool(caution)
        self._put("#next", self._next_text())
        self._put("#routine-where", self._where_text())
        self._widget(Progress, "#progress").show(s.move_progress(), s.routine_progress())
        self.refresh_status()

    def refresh_status(self) -> None:
        """The status line: sound backend (or muted), night mode, and why it is paused."""
        app: Any = self.app
        sound = getattr(app, "sound_name", None)
        if sound is None and self.cue_player is not None:
            sound = "muted" if self.cue_player.muted else self.cue_player.backend_name
        parts = [f"Sound: {sound or 'none'}"]
        voice = getattr(app, "voice", None)
        if voice is not None:
            parts.append(voice.status)
        if getattr(app, "night", False):
            parts.append("Night mode")
        s = self.session
        if s.state == "paused":
            parts.append(f"Paused: {s.pause_reason}" if s.pause_reason else "Paused")
        elif s.waiting:
            parts.append("Waiting for you")
        self._put("#status", "  ·  ".join(parts))

    def _segment_label(self, seg: Segment | None) -> str:
        if seg is None:
            return ""
        if seg.kind == "prepare":
            side = f" — {seg.side} side" if seg.side else ""
            return f"Get ready{side}"
        if seg.kind == "done":
            return ""
        if seg.side and seg.kind != "switch" and seg.side not in seg.label:
            # Also said in words: on a short terminal the big LEFT/RIGHT badge is hidden.
            return f"{seg.label} · {seg.side} side"
        return seg.label

    def _banner(self) -> str:
        """The long form where it fits the stage, else the short one (never cut)."""
        s = self.session
        if s.state == "paused":
            long, short = "Paused — press space to carry on", "Paused: space goes on"
        elif s.waiting:
            long, short = "Ready when you are — press g (or space) to start", "Ready? Press g"
        else:
            return ""
        room = self._widget(Static, "#banner").size.width
        return long if not room or len(long) <= room else short

    def _render_pacer(self, seg: Segment | None) -> None:
        pacer = self._widget(BreathPacer, "#pacer")
        s = self.session
        if seg is None or seg.kind not in BREATH_KINDS or s.state not in ("running", "paused"):
            pacer.show(None)
            return
        done = 1.0 - s.remaining() / seg.seconds if seg.seconds > 0 else 1.0
        done = min(1.0, max(0.0, done))
        pacer.show(seg.kind, done if seg.kind == "inhale" else 1.0 - done)

    def _next_text(self) -> str:
        nxt = self.session.next_segment
        if nxt is None or nxt.kind == "done":
            return "Next: the end"
        if nxt.kind == "rest":
            return f"Next: Rest ({format_duration(nxt.seconds)})"
        return f"Next: {nxt.move.name}" if nxt.move is not None else f"Next: {nxt.label}"

    def _where_text(self) -> str:
        """Where in the routine: whole minutes left, so this line changes once a minute (the
        big countdown carries the seconds; fewer repaints keep an idle laptop idle)."""
        s = self.session
        seg = s.segment
        later = s.timeline.total_seconds - seg.end if seg is not None else 0.0
        left = max(0.0, s.countdown() + later)
        number = self._move_number.get(seg.step) if seg is not None else None
        if self.size.width and self.size.width < 60:  # short, so the header is never cut
            left_text = "<1 min" if left < 60 else f"{math.ceil(left / 60)} min"
            return left_text if number is None else f"{number}/{self._move_count} · {left_text}"
        left_text = "under 1 min left" if left < 60 else f"{math.ceil(left / 60)} min left"
        if number is None:
            return left_text
        return f"Move {number} of {self._move_count} · {left_text}"

    # -- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        s = self.session
        if action == "pause":  # ready: the first frame, drawn just before the start
            return s.state in ("ready", "running") and not s.waiting
        if action == "resume":
            return s.state == "paused"
        if action == "go":
            return s.waiting
        if action == "other_side":
            return s.other_side_index() is not None
        return True

    def action_pause(self) -> None:
        self.session.pause()
        self._after()

    def action_resume(self) -> None:
        self.session.resume()
        self._after()

    def action_go(self) -> None:
        self.session.go()
        self._after()

    def action_next(self) -> None:
        self.session.next()
        self._after()

    def action_other_side(self) -> None:
        self.session.other_side()
        self._after()

    def action_back(self) -> None:
        self.session.back()
        self._after()

    def action_more(self) -> None:
        self.session.extend(EXTEND_SECONDS)
        self._after()

    def action_less(self) -> None:
        self.session.extend(-EXTEND_SECONDS)
        self._after()

    def action_mute(self) -> None:
        if self.cue_player is not None:
            self.cue_player.toggle_mute()
        self.refresh_status()

    def action_voice(self) -> None:
        self.post_message(VoiceToggled())

    def action_instructions(self) -> None:
        seg = self.session.segment
        if seg is not None and seg.move is not None and seg.move.instructions:
            self.post_message(InstructionsWanted(seg.move.instructions))

    def action_night(self) -> None:
        toggle = getattr(self.app, "action_toggle_night", None)
        if callable(toggle):
            toggle()
        self.refresh_status()

    def action_quit_run(self) -> None:
        """Ask before stopping. The routine pauses while the question is open (a person on
        the floor may take a while to answer) and carries on if they say no."""
        s = self.session
        was_running = s.state == "running" and not s.waiting
        if was_running:
            s.pause()
        self._after()

        def answered(stop: bool | None) -> None:
            if stop:
                self.session.stop()
            elif was_running and self.session.state == "paused":
                self.session.resume()
            self._after()

        self.app.push_screen(ConfirmScreen(), answered)

    # -- the end ------------------------------------------------------------------------------

    def _end_run(self) -> None:
        if self._ended:
            return
        self._ended = True
        summary = self.session.summary()
        app = self.app
        if isinstance(app.screen, ConfirmScreen) and app.screen_stack[-2] is self:
            app.screen.dismiss(False)
        if app.screen is self:
            app.switch_screen(SummaryScreen(summary))
        # Otherwise this player was left behind (a new routine started over it): stay quiet.
