"""`rls-stretch diary` (summary, --json, --csv DIR, --report FILE.html, --since DATE) and
`rls-stretch checkin` (asked at the prompt, or recorded from flags for scripts)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from rls_stretch.cli.output import emit_json
from rls_stretch.diary import export, stats
from rls_stretch.diary.model import SCORE_MAX, SEVERITY_MAX, TRIGGERS, CheckIn, now
from rls_stretch.diary.store import Diary, DiaryError, default_path
from rls_stretch.routine.errors import UsageError

T = TypeVar("T")


def cmd_diary(args: argparse.Namespace) -> int:
    try:
        since = export.since_date(args.since) if args.since else None
    except ValueError:
        raise UsageError(f"diary: --since: expected a date like 2026-11-01 or a number of "
                         f"days, got {args.since!r}") from None
    path = default_path()
    if not path.exists():
        sessions, checkins, breaks, own = [], [], [], []  # type: ignore[var-annotated]
    else:
        try:
            with Diary.open(path, create=False) as diary:
                sessions, checkins = diary.sessions(since), diary.checkins(since)
                breaks, own = diary.breaks(since), diary.own_triggers()
        except DiaryError as e:
            print(f"rls-stretch: {e}", file=sys.stderr)
            return 1
    if args.json:
        emit_json(export.diary_json(sessions, checkins, breaks))
        return 0
    if args.csv is not None:
        try:
            for written in export.write_csv(args.csv, sessions, checkins):
                print(written)
        except OSError as e:
            raise UsageError(f"diary: --csv: cannot write in {args.csv}: "
                             f"{e.strerror or e}") from None
        return 0
    if args.report is not None:
        return _report(args.report, sessions, checkins, breaks, own, since)
    if not sessions and not checkins and not breaks:
        print(f"No diary entries yet ({path}). A routine played or `rls-stretch checkin` "
              "starts it.")
        return 0
    print("\n".join(summary_lines(sessions, checkins, breaks)))
    return 0


def _report(target: Path, sessions, checkins, breaks, own, since) -> int:  # noqa: ANN001
    from rls_stretch.diary.report import default_start, render

    end = now().date()
    start = since or default_start(end, checkins, sessions)
    try:
        target.write_text(render(sessions, checkins, breaks, start, end, own),
                          encoding="utf-8")
    except OSError as e:
        raise UsageError(f"diary: --report: cannot write {target}: {e.strerror or e}") from None
    print(target)
    return 0


def summary_lines(sessions, checkins, breaks) -> list[str]:  # noqa: ANN001
    """The short summary: last 7 and 30 days, streak, the routine that helped most."""
    today = now().date()
    lines = []
    for n in (7, 30):
        p = stats.period(sessions, checkins, today, n)
        scores = "".join(f", mean {name} {value:.1f}" for name, value in
                         (("urge", p.urge), ("sleep", p.sleep)) if value is not None)
        lines.append(f"Last {n} days: {p.sessions} routine{'s' * (p.sessions != 1)} "
                     f"({p.completed} completed), {p.minutes:.0f} min; {p.checkins} "
                     f"check-in{'s' * (p.checkins != 1)}{scores}")
    run = stats.streak(sessions, today)
    lines.append(f"Streak: {run} day{'s' * (run != 1)} in a row with a routine")
    best = stats.best_routine(stats.per_routine(sessions, checkins))
    if best is None:
        lines.append(f"Helped most: not enough runs with a score before and after yet "
                     f"({stats.MIN_PAIRS} of one routine needed)")
    else:
        lines.append(f"Helped most: {best.name}: urge {best.before:.1f} -> {best.after:.1f} "
                     f"({best.change:+.1f}) over {best.pairs} runs")
    week = [d for d in stats.breaks_per_day(breaks).items() if d[0] > today - timedelta(7)]
    if week:
        lines.append("Desk breaks taken: " + ", ".join(
            f"{d:%a %d} {c['finished']}" + (f" ({c['skipped']} skipped)" if c["skipped"] else "")
            for d, c in week))
    sev = stats.latest_severity(checkins)
    if sev is not None and sev.severity is not None:
        from rls_stretch.diary.model import severity_band

        lines.append(f"Weekly severity: {sev.severity} of {SEVERITY_MAX} "
                     f"({severity_band(sev.severity)}) on {sev.at:%d %b}")
    return lines


# -- checkin ----------------------------------------------------------------------------------

def _score(text: str, top: int = SCORE_MAX) -> int:
    t = text.strip()
    if not t.isdigit() or not 0 <= int(t) <= top:
        raise ValueError(f"expected a whole number from 0 to {top}, got {t!r}")
    return int(t)


def cmd_checkin(args: argparse.Namespace) -> int:
    given = any(v is not None for v in (args.urge, args.discomfort, args.sleep, args.note,
                                        args.severity)) or bool(args.trigger)
    if given:
        checkin = CheckIn(at=now(), urge=args.urge, discomfort=args.discomfort,
                          sleep=args.sleep, triggers=tuple(_triggers(args.trigger or [])),
                          note=args.note or "", severity=args.severity)
    elif sys.stdin.isatty():
        checkin = _ask()
        if checkin is None:
            print("Nothing recorded.")
            return 0
    else:
        raise UsageError("checkin: give --urge, --sleep, --trigger or --note (or run it in "
                         "a terminal to be asked)")
    try:
        with Diary.open() as diary:
            diary.add_checkin(checkin)
    except DiaryError as e:
        print(f"rls-stretch: {e}; the check-in is not kept", file=sys.stderr)
        return 1
    print(f"Check-in recorded at {checkin.at:%H:%M}.")
    return 0


def _triggers(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        for part in name.split(","):
            part = " ".join(part.strip().lower().split())
            if part and part not in out:
                out.append(part)
    return out


def _ask_one(prompt: str, parse: Callable[[str], T], ask: Callable[[str], str]) -> T | None:
    """One question; Enter skips; a wrong answer is said and asked again once."""
    for _ in range(2):
        text = ask(prompt).strip()
        if not text:
            return None
        try:
            return parse(text)
        except ValueError as e:
            print(f"  {e}")
    return None


def _ask(ask: Callable[[str], str] = input) -> CheckIn | None:
    """The check-in at the prompt; None when nothing was answered (or Ctrl+D / Ctrl+C)."""
    try:
        own = []
        try:
            with Diary.open() as diary:
                own = diary.own_triggers()
                recent = stats.latest_severity(diary.checkins(now().date() - timedelta(7)))
        except DiaryError:
            recent = None
        print("A check-in: your own numbers, kept on this computer only. Enter skips one.")
        urge = _ask_one("Urge to move right now, 0 none to 10 worst: ", _score, ask)
        discomfort = _ask_one("Discomfort in the legs now, 0 none to 10 worst: ", _score, ask)
        sleep = _ask_one("How you slept last night, 0 very poorly to 10 very well: ",
                         _score, ask)
        offered = list(TRIGGERS) + [t for t in own if t not in TRIGGERS]
        print("Possible triggers today: " + ", ".join(
            f"{i} {name}" for i, name in enumerate(offered, 1)))
        picked = ask("Numbers or names, separated by commas (a new name is remembered): ")
        triggers = []
        for part in _triggers([picked]):
            triggers.append(offered[int(part) - 1] if part.isdigit()
                            and 1 <= int(part) <= len(offered) else part)
        note = ask("A note (Enter for none): ").strip()
        severity = None
        if recent is None:
            severity = _ask_one(
                f"Weekly severity total from your doctor's questionnaire, 0-{SEVERITY_MAX} "
                "(Enter to skip): ", lambda t: _score(t, SEVERITY_MAX), ask)
    except (EOFError, KeyboardInterrupt):
        print()
        return None
    if all(v is None for v in (urge, discomfort, sleep, severity)) and not triggers \
            and not note:
        return None
    return CheckIn(at=now(), urge=urge, discomfort=discomfort, sleep=sleep,
                   triggers=tuple(dict.fromkeys(triggers)), note=note, severity=severity)


# -- plain mode's questions -------------------------------------------------------------------

LEGS_NOW = "How do your legs feel now? 0 calm to 10 the strongest urge to move"


def ask_score(question: str, ask: Callable[[str], str] = input) -> int | None:
    """The TUI's one-key question as a line for `--plain` (screen readers): a number 0-10
    and Enter; Enter alone, Ctrl+D or Ctrl+C skip it."""
    try:
        return _ask_one(f"{question} (Enter to skip): ", _score, ask)
    except (EOFError, KeyboardInterrupt):
        print()
        return None
