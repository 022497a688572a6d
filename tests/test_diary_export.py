"""`rls-stretch diary` and `checkin` from the command line: the summary, JSON, CSV that
reads back through Python's csv, and the HTML report (parsed, and drawn by Chromium)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from clirun import rls

from rls_stretch.diary.model import CheckIn, now
from rls_stretch.diary.store import Diary

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def fill() -> None:
    """Ten days: a bedtime run on most, check-ins before and after, a gap on days 3-4."""
    today = now().replace(hour=12, minute=0, second=0)
    with Diary.open() as d:
        for k in range(10):
            day = today - timedelta(days=9 - k)
            if k in (3, 4):
                continue
            start = day.replace(hour=22) - timedelta(days=1)
            sid = d.start_session(routine_id="bedtime", routine_name="Bedtime, slow & <calm>",
                                  routine_when="bedtime", level="gentle", minutes_asked=None,
                                  started_at=start, planned_seconds=600, moves_total=5)
            d.end_session(sid, ended_at=start + timedelta(minutes=10), done_seconds=600,
                          moves_done=5, moves_total=5, skipped_moves=("Calf, seated",),
                          completed=k % 4 != 1, ended_by="finished" if k % 4 != 1 else "quit")
            d.add_checkin(CheckIn(at=day, urge=3 + k % 5, sleep=4 + k % 3,
                                  triggers=("caffeine",) if k % 2 else ("my \"wine\"",),
                                  note=f"day {k}, with a comma; and <b>tags</b>"))
        d.add_checkin(CheckIn(at=today, severity=17))


def test_diary_summary_json_and_since(isolated_home: Path) -> None:
    r = rls("diary")
    assert r.returncode == 0 and "No diary entries yet" in r.stdout
    fill()
    r = rls("diary")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Last 7 days: ") and lines[1].startswith("Last 30 days: 8 ")
    assert any(ln.startswith("Streak: 5 days") for ln in lines), r.stdout
    assert "Weekly severity: 17 of 40 (moderate)" in r.stdout
    data = json.loads(rls("diary", "--json").stdout)
    assert set(data) >= {"sessions", "checkins"}
    assert len(data["sessions"]) == 8 and len(data["checkins"]) == 9
    s = data["sessions"][0]
    assert s["completed"] is True and s["ended_by"] == "finished"
    assert s["skipped_moves"] == ["Calf, seated"]
    since = (now().date() - timedelta(days=2)).isoformat()
    recent = json.loads(rls("diary", "--json", "--since", since).stdout)
    assert 0 < len(recent["checkins"]) < 9
    r = rls("diary", "--since", "last tuesday")
    assert r.returncode == 2 and r.stderr.startswith("rls-stretch: diary: --since")


def test_csv_round_trips_through_python_csv(isolated_home: Path, tmp_path: Path) -> None:
    fill()
    out = tmp_path / "export"
    r = rls("diary", "--csv", str(out))
    assert r.returncode == 0, r.stderr
    want = json.loads(rls("diary", "--json").stdout)
    with (out / "sessions.csv").open(newline="", encoding="utf-8") as f:
        sessions = list(csv.DictReader(f))
    with (out / "checkins.csv").open(newline="", encoding="utf-8") as f:
        checkins = list(csv.DictReader(f))
    assert len(sessions) == len(want["sessions"]) and len(checkins) == len(want["checkins"])
    for row, j in zip(sessions, want["sessions"], strict=True):
        assert row["routine_name"] == j["routine_name"] == "Bedtime, slow & <calm>"
        assert json.loads(row["skipped_moves"]) == j["skipped_moves"]
        assert row["started_at"] == j["started_at"]
        assert datetime.fromisoformat(row["started_at"]).utcoffset() is not None
        assert row["completed"] == ("true" if j["completed"] else "false")
        assert row["ended_by"] == j["ended_by"]
    for row, j in zip(checkins, want["checkins"], strict=True):
        assert row["note"] == j["note"]
        assert json.loads(row["triggers"]) == j["triggers"]
        assert (int(row["urge"]) if row["urge"] else None) == j["urge"]


def test_checkin_from_flags_and_at_the_prompt(isolated_home: Path) -> None:
    r = rls("checkin", "--urge", "7", "--sleep", "3", "--trigger", "caffeine",
            "--trigger", "Late supper", "--note", "woke at 3", "--severity", "25")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Check-in recorded at ")
    r = rls("checkin", "--urge", "11")
    assert r.returncode == 2 and "expected a whole number from 0 to 10" in r.stderr
    r = rls("checkin")  # no terminal, no flags
    assert r.returncode == 2 and "run it in a terminal" in r.stderr
    with Diary.open() as d:
        [c] = d.checkins()
        assert (c.urge, c.sleep, c.triggers, c.note, c.severity) == \
            (7, 3, ("caffeine", "late supper"), "woke at 3", 25)
        assert d.own_triggers() == ["late supper"]

    from rls_stretch.cli.diary import _ask

    answers = iter(["4", "x", "2", "", "1, 7, hot bath", "  a quiet night  "])
    checkin = _ask(lambda prompt: next(answers))
    assert checkin is not None
    # the severity was given within the week: not asked again
    assert (checkin.urge, checkin.discomfort, checkin.sleep) == (4, 2, None)
    assert checkin.triggers == ("caffeine", "late supper", "hot bath")  # own offered as 7
    assert checkin.note == "a quiet night" and checkin.severity is None


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):  # noqa: ANN001
        self._in_style = False

    def handle_data(self, data):  # noqa: ANN001
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


@pytest.fixture
def report(isolated_home: Path, tmp_path: Path) -> Path:
    fill()
    path = tmp_path / "report.html"
    r = rls("diary", "--report", str(path))
    assert r.returncode == 0, r.stderr
    return path


def test_the_report_is_self_contained_with_its_charts(report: Path) -> None:
    page = Page()
    page.feed(report.read_text(encoding="utf-8"))
    names = [t for t, _ in page.tags]
    for fetcher in ("script", "link", "img", "iframe", "object", "embed", "video", "audio"):
        assert fetcher not in names
    for tag, attrs in page.tags:
        for key in ("src", "href", "srcset", "action", "data"):
            assert key not in attrs, (tag, attrs)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    assert "url(" not in page.style and "@import" not in page.style
    assert "@media print" in page.style and "@page" in page.style
    charts = {a.get("id") for t, a in page.tags if t == "svg"}
    assert charts == {"chart-scores", "chart-minutes"}
    # urge and sleep each drawn in two pieces: the missing days 3-4 are a gap
    assert names.count("polyline") == 4
    assert names.count("rect") == 8  # a bar per day with a run
    text = " ".join(page.text)
    assert "Bedtime, slow & <calm>" in text  # escaped in the file, read back as written
    # a note's own markup is text on the page; the only <b> are the notes' dates
    assert text.count("with a comma; and <b>tags</b>") == 8
    assert names.count("b") == 8
    assert "not enough days yet" in text  # alcohol: no day with it
    assert "17" in text and "moderate" in text


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_the_report_renders_in_headless_chromium(report: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    profile = tmp_path / "chromium-profile"
    r = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=900,1800",
         f"--screenshot={png}", report.as_uri()],
        capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert png.is_file(), r.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         report.as_uri()], capture_output=True, timeout=120, env=dict(os.environ))
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if os.environ.get("RLS_KEEP_REPORT_PNG"):
        shutil.copy(png, os.environ["RLS_KEEP_REPORT_PNG"])


def test_desk_breaks_are_counted_per_day(isolated_home: Path) -> None:
    today = now().replace(hour=10, minute=0, second=0)
    with Diary.open() as d:
        for minutes, action in ((0, "warned"), (1, "due"), (1, "started"), (3, "finished"),
                                (50, "postponed"), (60, "started"), (62, "finished"),
                                (120, "skipped")):
            d.record_break(today + timedelta(minutes=minutes), action, "seated", 2700, 120)
    r = rls("diary")
    assert f"Desk breaks taken: {today:%a %d} 2 (1 skipped)" in r.stdout, r.stdout
    data = json.loads(rls("diary", "--json").stdout)
    assert data["breaks_per_day"] == {
        today.date().isoformat(): {"finished": 2, "skipped": 1, "postponed": 1}}


def test_a_corrupt_diary_is_one_line_for_diary_and_checkin_and_left_alone(
        isolated_home: Path) -> None:
    from rls_stretch.diary.store import default_path

    path = default_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage [b]not sqlite[/b]\n" * 50)
    before = path.read_bytes()
    for args in (("diary",), ("diary", "--json"), ("checkin", "--urge", "3")):
        r = rls(*args)
        assert r.returncode == 1, (args, r.stdout, r.stderr)
        assert len(r.stderr.splitlines()) == 1 and "is not a diary" in r.stderr
        assert "Traceback" not in r.stderr and r.stdout == ""
    assert rls("checkin", "--urge", "3").stderr.rstrip().endswith("the check-in is not kept")
    assert path.read_bytes() == before
