"""A printable page to take to a doctor (`rls-stretch diary --report FILE.html`).

One self-contained HTML file: the period, the daily urge and sleep scores and the minutes
of stretching as inline SVG charts (a day without a score is a gap, not a zero), the
per-routine and per-trigger tables, and the notes. No scripts, no fonts or images to
fetch, nothing that leaves the file; a print stylesheet keeps it inside the printable
width of both A4 and Letter. Every text from the person is escaped.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from rls_stretch.diary import stats
from rls_stretch.diary.model import BreakRecord, CheckIn, SessionRecord, severity_band

CSS = """
body { font: 11pt/1.4 Georgia, "DejaVu Serif", serif; color: #111; margin: 2em auto;
       max-width: 180mm; padding: 0 1em; }
h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.4em 0 .4em; }
p.period { margin: 0 0 1em; color: #333; }
table { border-collapse: collapse; width: 100%; margin: .3em 0; font-size: 10pt; }
th, td { text-align: left; padding: .2em .5em; border-bottom: 1px solid #bbb; }
td.n, th.n { text-align: right; }
figure { margin: .5em 0; } figcaption { font-size: 9pt; color: #333; }
svg { width: 100%; height: auto; display: block; }
.key span { display: inline-block; margin-right: 1.5em; }
.note { margin: .2em 0; } .small { font-size: 9pt; color: #444; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; } table, figure, tr { break-inside: avoid; }
}
"""

W, H, PAD = 720, 180, 30
URGE_COLOUR, SLEEP_COLOUR, BAR_COLOUR = "#b03a2e", "#1f5f8b", "#4a7d4a"


def _x(i: int, n: int) -> float:
    return PAD + (W - 2 * PAD) * (i + 0.5) / max(n, 1)


def _y(value: float, top: float) -> float:
    return H - PAD - (H - 2 * PAD) * value / top


def _axes(days: list[stats.Day], top: float, ticks: tuple[int, ...]) -> list[str]:
    out = [f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="#555"/>']
    for t in ticks:
        y = _y(t, top)
        out.append(f'<line x1="{PAD}" y1="{y:.1f}" x2="{W - PAD}" y2="{y:.1f}" '
                   f'stroke="#ddd"/><text x="{PAD - 6}" y="{y + 4:.1f}" font-size="10" '
                   f'text-anchor="end">{t}</text>')
    n = len(days)
    step = max(1, n // 8)
    for i, d in enumerate(days):
        if i % step == 0 or i == n - 1:
            out.append(f'<text x="{_x(i, n):.1f}" y="{H - PAD + 14}" font-size="10" '
                       f'text-anchor="middle">{d.day.strftime("%d %b")}</text>')
    return out


def _line(days: list[stats.Day], field: str, colour: str) -> list[str]:
    """A polyline per run of days with a value: a missing day breaks the line."""
    n, out, run = len(days), [], []
    for i, d in enumerate(days + [None]):  # type: ignore[list-item]
        value = getattr(d, field) if d is not None else None
        if value is not None:
            run.append(f"{_x(i, n):.1f},{_y(value, 10):.1f}")
            continue
        if len(run) > 1:
            out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                       f'stroke-width="2"/>')
        for point in run:
            x, y = point.split(",")
            out.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
        run = []
    return out


def scores_chart(days: list[stats.Day]) -> str:
    parts = _axes(days, 10, (0, 5, 10)) + _line(days, "urge", URGE_COLOUR) + \
        _line(days, "sleep", SLEEP_COLOUR)
    return (f'<svg class="chart" id="chart-scores" viewBox="0 0 {W} {H}" '
            f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Daily urge and sleep '
            f'scores, 0 to 10">{"".join(parts)}</svg>')


def minutes_chart(days: list[stats.Day], minutes: dict[date, float]) -> str:
    top = max([10.0] + [minutes.get(d.day, 0) for d in days])
    top = float(int(top / 10 + 1) * 10)
    parts = _axes(days, top, (0, int(top / 2), int(top)))
    n = len(days)
    width = (W - 2 * PAD) / max(n, 1) * 0.7
    for i, d in enumerate(days):
        m = minutes.get(d.day, 0)
        if m > 0:
            y = _y(m, top)
            parts.append(f'<rect x="{_x(i, n) - width / 2:.1f}" y="{y:.1f}" '
                         f'width="{width:.1f}" height="{H - PAD - y:.1f}" fill="{BAR_COLOUR}"/>')
    return (f'<svg class="chart" id="chart-minutes" viewBox="0 0 {W} {H}" '
            f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Minutes of '
            f'stretching per day">{"".join(parts)}</svg>')


def _num(value: float | None, places: int = 1) -> str:
    return "–" if value is None else f"{value:.{places}f}"


def _table(head: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    def cell(tag: str, i: int, text: str) -> str:
        cls = ' class="n"' if i in numeric else ""
        return f"<{tag}{cls}>{text}</{tag}>"

    out = ["<table><thead><tr>", *(cell("th", i, escape(h)) for i, h in enumerate(head)),
           "</tr></thead><tbody>"]
    for r in rows:
        out += ["<tr>", *(cell("td", i, t) for i, t in enumerate(r)), "</tr>"]
    return "".join(out + ["</tbody></table>"])


def render(sessions: list[SessionRecord], checkins: list[CheckIn], breaks: list[BreakRecord],
           start: date, end: date, own_triggers: list[str] | None = None) -> str:
    """The whole page for the days start..end (both included)."""
    n = (end - start).days + 1
    days = stats.days(checkins, sessions, end, n)
    minutes: dict[date, float] = {}
    for s in sessions:
        minutes[s.started_at.date()] = minutes.get(s.started_at.date(), 0) + s.done_seconds / 60
    p = stats.period(sessions, checkins, end, n)
    body = [
        "<h1>Restless legs diary</h1>",
        f'<p class="period">{start:%d %B %Y} to {end:%d %B %Y} ({n} days). Kept with '
        "rls-stretch; the scores are the person's own, 0 (none) to 10 (worst) for the urge "
        "to move, 0 (very poor) to 10 (very good) for sleep.</p>",
        _table(["Routines done", "Completed", "Minutes", "Check-ins", "Mean urge",
                "Mean sleep", "Streak now"],
               [[str(p.sessions), str(p.completed), f"{p.minutes:.0f}", str(p.checkins),
                 _num(p.urge), _num(p.sleep), f"{stats.streak(sessions, end)} days"]],
               set(range(7))),
        "<h2>Daily scores</h2><figure>", scores_chart(days),
        f'<figcaption class="key"><span style="color:{URGE_COLOUR}">● urge to move</span>'
        f'<span style="color:{SLEEP_COLOUR}">● sleep</span>'
        "<span>a gap: nothing recorded that day</span></figcaption></figure>",
        "<h2>Minutes of stretching per day</h2><figure>", minutes_chart(days, minutes),
        "</figure>",
    ]
    severity = [c for c in checkins if c.severity is not None]
    if severity:
        body += ["<h2>Weekly severity totals (0-40)</h2>", _table(
            ["Date", "Total", "Band"],
            [[f"{c.at:%d %b %Y}", str(c.severity), severity_band(c.severity or 0)]
             for c in severity], {1})]
    routines = stats.per_routine(sessions, checkins)
    body += ["<h2>Per routine: urge before and after</h2>", _table(
        ["Routine", "Runs", "With both scores", "Before", "After", "Change"],
        [[escape(r.name), str(r.sessions), str(r.pairs), _num(r.before), _num(r.after),
          _num(r.change) if r.change is None else f"{r.change:+.1f}"] for r in routines],
        {1, 2, 3, 4, 5}) if routines else "<p>No routines in this period.</p>"]
    triggers = stats.per_trigger(checkins, own_triggers or ())
    body += ["<h2>Per trigger: mean urge on days with and without it</h2>", _table(
        ["Trigger", "Days with", "Days without", "Urge with", "Urge without"],
        [[escape(t.name), str(t.days_with), str(t.days_without),
          *((_num(t.urge_with), _num(t.urge_without)) if t.enough
            else (stats.NOT_ENOUGH, ""))] for t in triggers], {1, 2, 3, 4}),
        f'<p class="small">A comparison is shown once there are {stats.MIN_DAYS} days on '
        "each side. These are plain averages, not a finding about cause.</p>"]
    per_day = stats.breaks_per_day(breaks)
    if per_day:
        body += ["<h2>Desk breaks</h2>", _table(
            ["Date", "Taken", "Skipped", "Postponed"],
            [[f"{d:%d %b}", str(c["finished"]), str(c["skipped"]), str(c["postponed"])]
             for d, c in per_day.items()], {1, 2, 3})]
    notes = [c for c in checkins if c.note.strip()]
    body.append("<h2>Notes</h2>")
    body += [f'<p class="note"><b>{c.at:%d %b %Y %H:%M}</b> {escape(c.note)}</p>'
             for c in notes] or ["<p>No notes.</p>"]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width\">"
            f"<title>Restless legs diary {start} to {end}</title><style>{CSS}</style>"
            f"</head><body>{''.join(body)}</body></html>\n")


def default_start(end: date, checkins: list[CheckIn], sessions: list[SessionRecord]) -> date:
    """The report covers 30 days unless told, or less when the diary is younger."""
    first = [c.at.date() for c in checkins[:1]] + [s.started_at.date() for s in sessions[:1]]
    start = end - timedelta(days=29)
    return max(start, min(first)) if first else start
