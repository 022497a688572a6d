"""`rls-stretch`: the command line.

Only `run`, `relief` and the bare command open the TUI; everything else answers without
importing textual, so `list` and `show` stay as quick as a YAML import.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # argparse is imported only once a kept answer could not be replayed
    import argparse
    from pathlib import Path
    from typing import Any

from rls_stretch import __version__
from rls_stretch.routine.errors import RoutineError, SequenceError, UsageError
from rls_stretch.timeline.options import VOICE_MODES

LEVELS = ("gentle", "standard", "deep")


def _position(text: str) -> str:
    """Where the person is, in their words (bed, chair, up...): lying, seated or standing."""
    import argparse

    from rls_stretch.routine.catalog import relief_position

    try:
        return relief_position(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _relief_minutes(text: str) -> float:
    import argparse

    from rls_stretch.timeline.relief import RELIEF_MINUTES

    value = _minutes(text)
    if value not in RELIEF_MINUTES:
        shown = ", ".join(str(m) for m in RELIEF_MINUTES[:-1]) + f" or {RELIEF_MINUTES[-1]}"
        raise argparse.ArgumentTypeError(f"expected {shown} minutes, got {text}")
    return value


def _minutes(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes, got {text!r}") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"expected minutes between 0 and 600, got {text}")
    return value


def _break_seconds(key: str):  # -> Callable[[str], float]
    """An argparse type for `breaks --every/--length`: a duration within its limits."""
    def parse(text: str) -> float:
        import argparse

        from rls_stretch.settings import break_seconds

        try:
            return break_seconds(key, text, f"--{key}")
        except RoutineError as e:
            raise argparse.ArgumentTypeError(e.message) from None
    return parse


def _time_of_day(text: str):  # -> datetime.time
    import argparse

    from rls_stretch.breaks.plan import parse_time_of_day

    try:
        return parse_time_of_day(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _play_args(p: argparse.ArgumentParser, *, budget: bool = True) -> None:
    from pathlib import Path

    p.add_argument("--level", choices=LEVELS, help="gentle = low end of each range, deep = high")
    if budget:
        p.add_argument("--minutes", type=_minutes, metavar="N",
                       help="fit the routine to N minutes")
    p.add_argument("--start-side", choices=("left", "right"),
                   help="side to start per-side moves on")
    p.add_argument("--plain", action="store_true",
                   help="no TUI: one line per segment (screen readers)")
    p.add_argument("--mute", action="store_true", help="no sounds")
    p.add_argument("--voice", nargs="?", const="names", choices=VOICE_MODES, default=None,
                   help="speak the moves: names (the default), full (also how to do each "
                        "move) or off (needs espeak-ng)")
    night = p.add_mutually_exclusive_group()
    night.add_argument("--night", dest="night", action="store_true", default=None,
                       help="dim amber night theme and gentle sounds")
    night.add_argument("--no-night", dest="night", action="store_false", help="never night mode")
    p.add_argument("--events", type=Path, metavar="FILE", help="append JSON-lines events to FILE")


COMMANDS = ("run", "relief", "list", "moves", "show", "validate", "new", "schema", "where",
            "sounds")
ANSWERED = ("show", "validate")  # answers kept in the cache dir (cli/answers.py)


class _Skipped:
    """A subcommand's parser not built: when the command line names another command, only
    that one's arguments are set up (a dozen parsers cost more than the answer to `list`)."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (`only`, a command's name) the one subcommand that is used."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(
        prog="rls-stretch",
        description=(
            "Guided stretch routines for restless legs. "
            "With no command, opens the home screen."
        ),
    )
    parser.add_argument("--version", action="version", version=f"rls-stretch {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")

    class _Sub:
        @staticmethod
        def add_parser(name: str, **kwargs: Any) -> Any:
            if only is not None and name != only:
                return _Skipped()
            return subparsers.add_parser(name, **kwargs)

    sub = _Sub()

    p = sub.add_parser("run", help="play a routine (a name from `list`, or a file)")
    p.add_argument("routine", metavar="NAME|FILE")
    _play_args(p)

    p = sub.add_parser("relief", help="quick relief right now, for where you are")
    p.add_argument("--position", type=_position, metavar="WHERE",
                   help="where you are: lying (bed), seated (chair, sitting), standing (up)")
    p.add_argument("--minutes", type=_relief_minutes, metavar="N",
                   help="how long: 1, 2, 3 or 5 minutes")
    p.add_argument("--json", action="store_true", help="print the timeline it would play and exit")
    _play_args(p, budget=False)

    from rls_stretch.routine.model import BREAK_POSITIONS

    p = sub.add_parser("breaks", help="desk-break reminders that lead a short relief routine")
    p.add_argument("--every", type=_break_seconds("every"), metavar="TIME",
                   help="sitting time between breaks, like 45m or 90m (default: "
                        "the settings', else 45m; from 5s to try it out)")
    p.add_argument("--length", type=_break_seconds("length"), metavar="TIME",
                   help="how long each break's routine is (default 2m)")
    p.add_argument("--position", choices=BREAK_POSITIONS,
                   help="where the break is done: seated (at the desk) or standing")
    p.add_argument("--until", type=_time_of_day, metavar="HH:MM",
                   help="stop at this time of day, like 17:30")
    p.add_argument("--plain", action="store_true", help="no TUI: one line per event")
    p.add_argument("--mute", action="store_true", help="no sounds")

    p = sub.add_parser("list", help="the routines, built-in and your own")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("moves", help="the move library with doses, sides, position and source")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="the timeline of a routine and its total length")
    p.add_argument("routine", metavar="NAME|FILE")
    p.add_argument("--level", choices=LEVELS)
    p.add_argument("--minutes", type=_minutes, metavar="N")
    p.add_argument("--start-side", choices=("left", "right"),
                   help="default: the side `run` would start on (the other one than last time)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("validate", help="check routine or moves files: file:line:col errors")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--strict", action="store_true", help="treat safety warnings as errors")

    p = sub.add_parser("new", help="write a commented routine template into your routine dir")
    p.add_argument("name")

    _diary_args(sub)
    sub.add_parser("schema", help="print the JSON Schema of routine files")
    sub.add_parser("where", help="print the config, data and cache paths")
    p = sub.add_parser("sounds", help="play every cue once and say which backend played it")
    p.add_argument("--gentle", action="store_true", help="the gentle (bedtime) profile")
    return parser


def _score(top: int):  # -> Callable[[str], int]
    def parse(text: str) -> int:
        import argparse

        try:
            value = int(text)
        except ValueError:
            value = -1
        if not 0 <= value <= top:
            raise argparse.ArgumentTypeError(f"expected a whole number from 0 to {top}, "
                                             f"got {text!r}")
        return value
    return parse


def _diary_args(sub: Any) -> None:
    from pathlib import Path

    p = sub.add_parser("diary", help="what was done and how the legs felt: a summary, "
                                     "or --json, --csv DIR, --report FILE.html")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="sessions and check-ins as JSON")
    out.add_argument("--csv", type=Path, metavar="DIR",
                     help="write sessions.csv and checkins.csv into DIR")
    out.add_argument("--report", type=Path, metavar="FILE",
                     help="a printable HTML page to take to a doctor")
    p.add_argument("--since", metavar="DATE", help="from this date (YYYY-MM-DD) or N days back")
    p = sub.add_parser("checkin", help="note how the legs are and how you slept "
                                       "(asked, or from the flags)")
    p.add_argument("--urge", type=_score(10), metavar="N", help="urge to move now, 0-10")
    p.add_argument("--discomfort", type=_score(10), metavar="N", help="discomfort now, 0-10")
    p.add_argument("--sleep", type=_score(10), metavar="N", help="last night's sleep, 0-10")
    p.add_argument("--trigger", action="append", metavar="NAME",
                   help="a possible trigger today (caffeine, alcohol, nicotine, late "
                        "exercise, long sitting, stress, or your own); repeat for more")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--severity", type=_score(40), metavar="N",
                   help="weekly severity total 0-40 from your doctor's questionnaire")


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    try:
        return _answer(words)
    except UsageError as e:
        print(f"rls-stretch: {e}", file=sys.stderr)
        return 2
    except (RoutineError, SequenceError) as e:
        print(f"rls-stretch: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except Exception as e:  # a bug: one line, and the traceback in a file to send us
        where = write_crash_log(e, argv)
        told = f"the details are in {where}" if where else "no crash log could be written"
        print(f"rls-stretch: unexpected error ({type(e).__name__}: {e}); {told}",
              file=sys.stderr)
        return CRASH_STATUS


CRASH_STATUS = 70  # EX_SOFTWARE (sysexits.h): the program's fault, not the user's


def write_crash_log(error: BaseException, argv: list[str] | None) -> Path | None:
    """The traceback, version and command in `<cache dir>/crash-<time>-<pid>.log` (the
    temp dir if the cache dir cannot be written); None if neither can."""
    import os
    import platform
    import tempfile
    import time
    import traceback
    from pathlib import Path

    text = "".join([
        f"rls-stretch {__version__}, Python {platform.python_version()} on "
        f"{platform.platform()}\n",
        f"command: rls-stretch {' '.join(sys.argv[1:] if argv is None else argv)}\n",
        f"time: {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n\n",
        *traceback.format_exception(type(error), error, error.__traceback__),
    ])
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    from rls_stretch import paths

    for folder in (paths.cache_dir, lambda: Path(tempfile.gettempdir())):
        try:
            where = folder()
            where.mkdir(parents=True, exist_ok=True)
            path = where / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def _quiet_stdout() -> None:
    """stdout's reader went away: point it at /dev/null so that Python's exit-time flush
    does not print "Exception ignored ... BrokenPipeError"."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _answer(words: list[str]) -> int:
    if words and words[0] in ANSWERED:
        from rls_stretch.cli.answers import replay

        kept = replay(words)  # the same question as last time, nothing changed since
        if kept is not None:
            return kept
    parser = build_parser(words[0] if words and words[0] in COMMANDS else None)
    args = parser.parse_args(words)
    args.argv = list(words)
    return _dispatch(args)


def _dispatch(args: argparse.Namespace) -> int:
    from rls_stretch.cli import commands

    handler = getattr(commands, f"cmd_{(args.command or 'home').replace('-', '_')}")
    result: Any = handler(args)
    return int(result or 0)
