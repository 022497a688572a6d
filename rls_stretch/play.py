"""Prepare a run of a routine: the timeline, and the sound, voice and events log wired to
its session. The command line then hands it to the plain runner or the TUI (this module
imports neither).

The person's settings (rls_stretch.settings) apply here, under the command line: the
default level, breath pace and wait-for-ready shape the timeline; voice, sound profile,
volume and night hours shape how it is played. A command-line flag always wins.
"""

from __future__ import annotations

from dataclasses import replace

from rls_stretch.diary import remembered
from rls_stretch.routine.model import MoveStep, Routine
from rls_stretch.settings import Settings
from rls_stretch.settings import load as load_settings
from rls_stretch.timeline.model import Timeline
from rls_stretch.timeline.options import RunOptions


def _settings(settings: Settings | None) -> Settings:
    # Quiet: the CLI has already said what is wrong with the file (see play()), and the
    # TUI must not write to the terminal under itself.
    return settings if settings is not None else load_settings(quiet=True)


def apply_settings(opts: RunOptions, settings: Settings | None = None) -> RunOptions:
    """Options with the settings' defaults filled in where the command line said nothing."""
    s = _settings(settings)
    return replace(opts, level=opts.level or s.level, voice=opts.voice or s.voice)


def teaching(opts: RunOptions) -> bool:
    """Voice `full`: each get-ready also says how to do the move."""
    return opts.voice == "full"


VOICE_TRANSITION = 8.0  # seconds to get ready when a voice names the move: room to speak


def timeline_for(routine: Routine, opts: RunOptions,
                 settings: Settings | None = None) -> Timeline:
    """The timeline to play: start side alternating unless given, settings applied."""
    from rls_stretch.timeline.sequencer import build_timeline

    s = _settings(settings)
    if s.wait_for_ready:
        routine = with_wait_for_ready(routine)
    if opts.speaks and routine.transition < VOICE_TRANSITION:
        # The name and side must be said before the 3-2-1 ticks begin.
        routine = replace(routine, transition=VOICE_TRANSITION)
    if teaching(opts):
        routine = with_time_to_teach(routine)
    side = opts.start_side or remembered.next_start_side(routine.id)
    return build_timeline(routine, level=opts.level or s.level, minutes=opts.minutes,
                          pace=s.pace, start_side=side,
                          position_change=s.position_change or None,
                          start_position=opts.position)


def with_time_to_teach(routine: Routine) -> Routine:
    """A get-ready long enough to say the move's name and how to do it before the ticks."""
    from rls_stretch.sound.speech import teaching_seconds

    longest = max((teaching_seconds(step.move) for step in routine.steps
                   if isinstance(step, MoveStep)), default=0.0)
    return replace(routine, transition=max(routine.transition, longest))


def with_wait_for_ready(routine: Routine) -> Routine:
    """Every move waits at its get-ready for the person to say go (and so has no 3-2-1)."""
    steps = tuple(
        replace(step, move=replace(step.move, wait=True)) if isinstance(step, MoveStep) else step
        for step in routine.steps
    )
    return replace(routine, steps=steps)


def open_event_log(opts: RunOptions, on_error=None):  # -> EventLog
    """The `--events` log, or one clear line (exit 2) when the file cannot be written.
    `on_error(message)`: how a later failed write is said (default: a line on stderr)."""
    from rls_stretch.paths import not_a_file
    from rls_stretch.routine.errors import UsageError
    from rls_stretch.session.events import EventLog

    assert opts.events is not None
    problem = not_a_file(opts.events)  # a FIFO would block the run before its first second
    if problem:
        raise UsageError(f"--events: {opts.events} {problem}")
    try:
        return EventLog(opts.events, on_error=on_error)
    except OSError as e:
        raise UsageError(f"--events: cannot write {opts.events}: {e.strerror or e}") from None


def prepare(routine: Routine, opts: RunOptions,
            settings: Settings) -> tuple[RunOptions, Timeline]:
    """What a run of `routine` plays, with the settings applied: the options and the
    timeline. The start side is remembered here, so the next run starts on the other side.
    The command line hands the result to the TUI or to the plain runner."""
    if opts.events is not None:
        open_event_log(opts).close()  # fail before anything starts, in both modes
    opts = apply_settings(opts, settings)
    timeline = timeline_for(routine, opts, settings)
    remembered.remember_start_side(routine.id, timeline.start_side)
    return opts, timeline


def attach(session, player, opts: RunOptions, *, render=None,
           on_log_error=None):  # -> tuple[Voice | None, EventLog | None]
    """Subscribe the sound, the voice and the events log to a session, in the order the log
    needs: it names the backend that played each cue, so the player goes first.

    `render(voice)`, when given, renders every phrase before the run starts (plain mode
    shows its progress); without it the voice renders in the background (the TUI).
    `on_log_error(message)`: how the log says a failed write (the TUI shows it on screen).
    Returns (voice or None, events log or None)."""
    session.subscribe(player.on_event)
    voice = None
    if opts.speaks:
        from rls_stretch.sound.speech import Voice

        voice = Voice(player, teach=teaching(opts))
        if render is not None:
            render(voice)
        else:
            voice.prepare(session.timeline)  # renders in the background
        session.subscribe(voice.on_event)
    log = None
    if opts.events is not None:
        log = open_event_log(opts, on_log_error)
        _log_sound(player, log)
        log.add_annotator(player.annotate)  # the backend that played this very cue, or "muted"
        if voice is not None:
            log.add_annotator(voice.annotate)
        session.subscribe(log)
    return voice, log


def record(session, opts: RunOptions, say):  # -> SessionRecorder
    """The diary link for this run (a session subscriber): the session row is written
    when it starts and completed when it ends; a diary problem is said once via `say`."""
    from rls_stretch.diary.recorder import SessionRecorder

    recorder = SessionRecorder(session, say, minutes_asked=opts.minutes)
    session.subscribe(recorder)
    return recorder


def record_breaks(scheduler, say):  # -> BreakRecorder
    """The diary link for desk breaks (a scheduler listener); close() it when they end."""
    from rls_stretch.diary.recorder import BreakRecorder

    recorder = BreakRecorder(say)
    scheduler.subscribe(recorder)
    return recorder


def add_voice(session, player, log, opts: RunOptions):  # -> Voice
    """A voice for a run that started without one (`v` in the player): it renders in the
    background and speaks from the next event on."""
    from rls_stretch.sound.speech import Voice

    voice = Voice(player, teach=teaching(opts))
    voice.prepare(session.timeline)
    session.subscribe(voice.on_event)
    if log is not None:
        log.add_annotator(voice.annotate)
    return voice


def sound_line(player) -> str | None:
    """The line said at the start of a run when the best way to play sound was passed
    over (no sound card, a player that failed its test): what plays, and why."""
    import os

    from rls_stretch.sound.backends import ENV_VAR

    backend = player.backend
    if os.environ.get(ENV_VAR) or not backend.passed_over:
        return None
    first = backend.passed_over[0]
    why = f" ({first.name}: {first.why_not})" if first.why_not else ""
    if backend.name == "silent":
        return f"Sound: none found{why}; the cues are only shown."
    return f"Sound: {backend.name}{why}."


def fallback_line(old: str, new: str, why: str) -> str:
    """The one line said when the sound moves to another backend mid-run."""
    now = "nothing: the cues are only shown" if new == "silent" else new
    return f"Sound: {old} failed ({why}); now using {now}."


def _log_sound(player, log) -> None:
    """The backend chosen, and every fall-back, as lines of the events log."""
    import time

    backend = player.backend
    chosen = {"sound": backend.name,
              "passed_over": {b.name: b.why_not for b in backend.passed_over}}
    log.add_annotator(lambda ev: chosen if ev.kind == "start" else None)
    player.on_fallback(lambda old, new, why: log.write(
        {"t": time.monotonic(), "event": "sound_fallback", "from": old, "to": new,
         "reason": why}))


def detach(voice, log) -> None:
    if log is not None:
        log.close()
    if voice is not None:
        voice.close()


def is_night(timeline: Timeline, opts: RunOptions, hour: int | None = None,
             settings: Settings | None = None) -> bool:
    """Night mode: asked for, or a bedtime routine, or the settings' night hours
    (21:00-06:00 unless changed). `hour` is injectable for tests (minute 0 then)."""
    if opts.night is not None:
        return opts.night
    if timeline.routine.when == "bedtime":
        return True
    minute = 0
    if hour is None:
        import time

        now = time.localtime()
        hour, minute = now.tm_hour, now.tm_min
    return _settings(settings).is_night_at(hour, minute)


def profile_for(timeline: Timeline, opts: RunOptions, hour: int | None = None,
                settings: Settings | None = None) -> str:
    """The sound profile: the settings' choice, or (auto) gentle at night."""
    s = _settings(settings)
    return s.sound_profile(is_night(timeline, opts, hour, s))


def sound_profile(night: bool, settings: Settings | None = None) -> str:
    """The profile for a night mode that is already decided (the TUI's toggle)."""
    return _settings(settings).sound_profile(night)


def lead_in(settings: Settings | None = None) -> float:
    """Seconds of silence before the first sound after a quiet spell (Bluetooth)."""
    return _settings(settings).lead_in


def volume(settings: Settings | None = None) -> float:
    """The settings' volume, 0.0-1.0, as the cue player takes it."""
    return _settings(settings).volume / 100
