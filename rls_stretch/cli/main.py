"""`rls-stretch`: the command line.

Only `run`, `relief` and the bare command open the TUI; everything else answers without
importing textual, so `list` and `show` stay as quick as a YAML import.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rls_stretch import __version__
from rls_stretch.routine.errors import RoutineError, SequenceError, UsageError

LEVELS = ("gentle", "standard", "deep")
POSITIONS = ("lying", "seated", "standing")


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes, got {text!r}") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"expected minutes between 0 and 600, got {text}")
    return value


def _play_args(p: argparse.ArgumentParser, *, budget: bool = True) -> None:
    p.add_argument("--level", choices=LEVELS, help="gentle = low end of each range, deep = high")
    if budget:
        p.add_argument("--minutes", type=_minutes, metavar="N",
                       help="fit the routine to N minutes")
    p.add_argument("--start-side", choices=("left", "right"),
                   help="side to start per-side moves on")
    p.add_argument("--plain", action="store_true",
                   help="no TUI: one line per segment (screen readers)")
    p.add_argument("--mute", action="store_true", help="no sounds")
    p.add_argument("--voice", action="store_true", help="speak the moves (needs espeak-ng)")
    night = p.add_mutually_exclusive_group()
    night.add_argument("--night", dest="night", action="store_true", default=None,
                       help="dim amber night theme and gentle sounds")
    night.add_argument("--no-night", dest="night", action="store_false", help="never night mode")
    p.add_argument("--events", type=Path, metavar="FILE", help="append JSON-lines events to FILE")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rls-stretch",
        description=(
            "Guided stretch routines for restless legs. "
            "With no command, opens the home screen."
        ),
    )
    parser.add_argument("--version", action="version", version=f"rls-stretch {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("run", help="play a routine (a name from `list`, or a file)")
    p.add_argument("routine", metavar="NAME|FILE")
    _play_args(p)

    p = sub.add_parser("relief", help="quick relief right now, for where you are")
    p.add_argument("--position", choices=POSITIONS,
                   help="where you are: lying (in bed), seated, standing")
    p.add_argument("--minutes", type=_minutes, choices=(1, 2, 3, 5), metavar="N",
                   help="how long: 1, 2, 3 or 5 minutes")
    p.add_argument("--json", action="store_true", help="print the timeline it would play and exit")
    _play_args(p, budget=False)

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

    sub.add_parser("schema", help="print the JSON Schema of routine files")
    sub.add_parser("where", help="print the config, data and cache paths")
    p = sub.add_parser("sounds", help="play every cue once and say which backend played it")
    p.add_argument("--gentle", action="store_true", help="the gentle (bedtime) profile")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
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


def _dispatch(args: argparse.Namespace) -> int:
    from rls_stretch.cli import commands

    handler = getattr(commands, f"cmd_{(args.command or 'home').replace('-', '_')}")
    result: Any = handler(args)
    return int(result or 0)
