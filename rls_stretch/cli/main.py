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
from rls_stretch.timeline.options import VOICE_MODES

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
    p.add_argument("--voice", nargs="?", const="names", choices=VOICE_MODES, default=None,
                   help="speak the moves: names (the default), full (also how to do each "
                        "move) or off (needs espeak-ng)")
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
        return 0
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    from rls_stretch.cli import commands

    handler = getattr(commands, f"cmd_{(args.command or 'home').replace('-', '_')}")
    result: Any = handler(args)
    return int(result or 0)
