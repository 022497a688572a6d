"""Start playing a routine: the timeline, the session, sound, the events log, and either
the plain line-per-segment runner or the TUI.
"""

from __future__ import annotations

from rls_stretch import history
from rls_stretch.model import Routine, Timeline
from rls_stretch.options import RunOptions


def timeline_for(routine: Routine, opts: RunOptions) -> Timeline:
    from rls_stretch.sequencer import build_timeline

    side = opts.start_side or history.next_start_side(routine.id)
    return build_timeline(routine, level=opts.level, minutes=opts.minutes, start_side=side)


def play(routine: Routine, opts: RunOptions) -> int:
    timeline = timeline_for(routine, opts)
    history.remember_start_side(routine.id, timeline.start_side)
    if not opts.plain:
        from rls_stretch.tui.app import run_player

        return run_player(timeline, opts)
    return play_plain(timeline, opts)


def play_plain(timeline: Timeline, opts: RunOptions) -> int:
    from rls_stretch.audio import CuePlayer, choose_backend
    from rls_stretch.plain import run_plain
    from rls_stretch.session import Session

    session = Session(timeline)
    player = CuePlayer(choose_backend(), profile=profile_for(timeline, opts), muted=opts.mute)
    session.subscribe(player.on_event)
    if opts.events is not None:
        from rls_stretch.events import EventLog

        log = EventLog(opts.events, backend=lambda: player.backend_name)
        session.subscribe(log)
    return run_plain(session)


def is_night(timeline: Timeline, opts: RunOptions, hour: int | None = None) -> bool:
    """Night mode: asked for, or a bedtime routine, or night hours (22:00-06:00)."""
    if opts.night is not None:
        return opts.night
    if timeline.routine.when == "bedtime":
        return True
    if hour is None:
        import time

        hour = time.localtime().tm_hour
    return hour >= 22 or hour < 6


def profile_for(timeline: Timeline, opts: RunOptions) -> str:
    return "gentle" if is_night(timeline, opts) else "standard"
