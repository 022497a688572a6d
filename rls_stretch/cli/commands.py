"""One function per subcommand. Imports are local so each command pays only for itself."""

from __future__ import annotations

import argparse
import sys

from rls_stretch.cli.output import emit_json
from rls_stretch.routine.errors import UsageError


def warn_library(error: object) -> None:
    """A broken user moves file leaves the built-in moves working; say why theirs are gone."""
    if error:
        print(f"rls-stretch: warning: {error} (your own moves are left out until this is fixed)",
              file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    from rls_stretch.cli.listing import list_rows

    rows, library_error = list_rows()
    warn_library(library_error)
    if args.json:
        emit_json(rows)
        return 0
    from rls_stretch.timeline.timefmt import format_duration

    width = max((len(r["id"]) for r in rows), default=10)
    places = max((len(", ".join(r["positions"])) for r in rows), default=10)
    for r in rows:
        if r.get("error") and r["total_seconds"] is None:
            print(f"{r['id']:<{width}}  (does not load)  {r['error']}")
            continue
        mins = format_duration(r["total_seconds"]) if r["total_seconds"] is not None else "?"
        mine = "  [yours]" if r["source"] == "user" else ""
        print(f"{r['id']:<{width}}  {mins:>11}  {', '.join(r['positions']):<{places}}  "
              f"{r['summary']}{mine}")
    return 0


def cmd_moves(args: argparse.Namespace) -> int:
    from rls_stretch.routine.errors import RoutineError
    from rls_stretch.routine.loader import load_library
    from rls_stretch.timeline.describe import move_dose_text, move_json

    try:
        library = load_library()
    except RoutineError as e:
        warn_library(e)
        library = load_library(user=False)
    if args.json:
        emit_json([move_json(m) for m in library.values()])
        return 0
    width = max((len(i) for i in library), default=10)
    for m in library.values():
        flag = " (advanced)" if m.advanced else ""
        print(f"{m.id:<{width}}  {m.position:<9} {move_dose_text(m)}{flag}")
    return 0


def _routine(name_or_path: str):  # -> Routine
    """The one routine asked for, reading only its file and (if it names any) the moves
    library; a broken user moves file is said once and the built-in moves used."""
    from rls_stretch import paths
    from rls_stretch.routine.catalog import resolve
    from rls_stretch.routine.errors import RoutineError

    try:
        return resolve(name_or_path)
    except RoutineError as e:
        if e.path != str(paths.user_moves_file()):
            raise
        warn_library(e)
    from rls_stretch.routine.loader import load_library

    return resolve(name_or_path, load_library(user=False))


def _timeline(args: argparse.Namespace, routine_arg: str):  # -> Timeline
    """What `run` would play, settings and all (the start side as given, else as run would)."""
    from rls_stretch.play import apply_settings, timeline_for

    routine = _routine(routine_arg)
    opts = apply_settings(_show_options(args))
    return timeline_for(routine, opts)


def _show_options(args: argparse.Namespace):  # -> RunOptions
    from rls_stretch.timeline.options import RunOptions

    return RunOptions(level=args.level, minutes=args.minutes, start_side=args.start_side)


def cmd_show(args: argparse.Namespace) -> int:
    from rls_stretch.cli.answers import answer

    return answer(args.argv, lambda: _show(args))


def _show(args: argparse.Namespace) -> int:
    from rls_stretch.cli.table import print_timeline
    from rls_stretch.timeline.describe import timeline_json

    tl = _timeline(args, args.routine)
    if args.json:
        emit_json(timeline_json(tl))
    else:
        print_timeline(tl)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from rls_stretch.cli.answers import answer

    def check() -> int:
        from rls_stretch.cli.validate import validate_files

        return validate_files(args.files, strict=args.strict)

    return answer(args.argv, check)


def cmd_schema(args: argparse.Namespace) -> int:
    from rls_stretch.routine.schema import routine_schema

    emit_json(routine_schema())
    return 0


def cmd_where(args: argparse.Namespace) -> int:
    from rls_stretch import paths
    from rls_stretch.diary.store import default_path

    rows = [
        ("config", paths.config_dir()),
        ("routines", paths.user_routines_dir()),
        ("moves", paths.user_moves_file()),
        ("settings", paths.settings_file()),
        ("data", paths.data_dir()),
        ("diary", default_path()),
        ("cache", paths.cache_dir()),
        ("built-in routines", paths.builtin_routines_dir()),
        ("sounds", paths.sounds_dir()),
    ]
    for name, path in rows:
        print(f"{name + ':':<19}{path}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from rls_stretch.routine.template import write_template

    path = write_template(args.name)
    print(path)
    return 0


def cmd_sounds(args: argparse.Namespace) -> int:
    from rls_stretch.sound.cues import sounds_command

    return sounds_command(profile="gentle" if args.gentle else "standard")


def _options(args: argparse.Namespace):  # -> RunOptions
    from rls_stretch.timeline.options import RunOptions

    return RunOptions(
        level=args.level,
        minutes=getattr(args, "minutes", None),
        start_side=args.start_side,
        plain=args.plain,
        mute=args.mute,
        voice=args.voice,  # None unless --voice [names|full|off]
        night=args.night,
        events=args.events,
        position=getattr(args, "position", None),
    )


def _play(routine, opts) -> int:  # routine: Routine, opts: RunOptions
    """Play in the TUI or, with --plain, line by line; settings read once, here."""
    from rls_stretch.play import prepare
    from rls_stretch.settings import load as load_settings

    settings = load_settings()  # a broken settings file: one line on stderr, then defaults
    opts, timeline = prepare(routine, opts, settings)
    if opts.plain:
        from rls_stretch.cli.plain import play_plain

        return play_plain(timeline, opts, settings)
    from rls_stretch.tui.app import run_player

    return run_player(timeline, opts)


def cmd_run(args: argparse.Namespace) -> int:
    routine = _routine(args.routine)
    return _play(routine, _options(args))


def cmd_relief(args: argparse.Namespace) -> int:
    from rls_stretch.timeline.relief import relief_for

    if args.position is None or args.minutes is None:
        if args.json or args.plain or not sys.stdin.isatty():
            missing = "--position" if args.position is None else "--minutes"
            raise UsageError(
                f"relief: {missing} is needed here (or run it in a terminal to be asked)"
            )
        from rls_stretch.tui.app import run_app

        return run_app("relief", _options(args))
    opts = _options(args)
    routine = relief_for(args.position, args.minutes)
    if args.json:
        from rls_stretch.play import apply_settings, timeline_for
        from rls_stretch.timeline.describe import timeline_json

        emit_json(timeline_json(timeline_for(routine, apply_settings(opts))))
        return 0
    return _play(routine, opts)


def cmd_home(args: argparse.Namespace) -> int:
    from rls_stretch.tui.app import run_app

    return run_app("home", None)



def cmd_breaks(args: argparse.Namespace) -> int:
    """Desk breaks: the settings' `breaks:` under the flags; the break routine is checked
    to fit its length before anything starts."""
    from rls_stretch import play
    from rls_stretch.breaks.plan import break_options, break_routine, plan_for
    from rls_stretch.settings import load as load_settings
    from rls_stretch.timeline.options import RunOptions

    settings = load_settings()
    plan = plan_for(settings, every=args.every, length=args.length, position=args.position,
                    until=args.until)
    opts = break_options(plan, RunOptions(plain=args.plain, mute=args.mute))
    play.timeline_for(break_routine(plan), play.apply_settings(opts, settings),
                      settings)  # a SequenceError here: one line, exit 1
    if args.plain:
        from rls_stretch.cli.breaks import play_breaks_plain

        return play_breaks_plain(plan, opts, settings)
    from rls_stretch.tui.app import run_breaks

    return run_breaks(plan, opts)


def cmd_diary(args: argparse.Namespace) -> int:
    from rls_stretch.cli.diary import cmd_diary as diary

    return diary(args)


def cmd_checkin(args: argparse.Namespace) -> int:
    from rls_stretch.cli.diary import cmd_checkin as checkin

    return checkin(args)
