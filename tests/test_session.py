"""The session engine on a fake clock: deadlines, pause, skip, back, extend, wait, clock jumps."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence

import pytest

from rls_stretch.routine.model import Dose, Move, MoveStep, Pace, RestStep, Routine, Span
from rls_stretch.session.clock import FakeClock
from rls_stretch.session.events import EventLog
from rls_stretch.session.session import Event, Session, Summary
from rls_stretch.session.steps import StepRuns
from rls_stretch.timeline.model import Cue, Segment, Timeline
from rls_stretch.timeline.sequencer import build_timeline

T0 = 1000.0


def cues(kind: str, seconds: float) -> tuple[Cue, ...]:
    """The sequencer's cue rules, restated: a cue at the start, halfway, 3-2-1 ticks."""
    if kind in ("inhale", "exhale"):
        return (Cue(kind, 0.0),)
    first = {"prepare": "prepare", "switch": "switch", "rest": "rest", "done": "done"}
    out = [Cue(first.get(kind, "start"), 0.0)]
    if kind == "hold" and seconds >= 20:
        out.append(Cue("halfway", seconds / 2))
    if kind != "done" and seconds >= 5:
        out += [Cue("tick", seconds - n) for n in (3, 2, 1)]
    return tuple(out)


def move(name: str, wait: bool = False) -> Move:
    return Move(id=name.lower().replace(" ", "-"), name=name, instructions=f"Do the {name}.",
                position="lying", dose=Dose(hold=Span.of(30)), wait=wait)


Part = tuple  # (kind, seconds) or (kind, seconds, side)


def timeline(steps: Sequence[tuple[Move | None, Sequence[Part]]]) -> Timeline:
    """A Timeline by hand: each step is (move or None for a rest, [(kind, seconds[, side])]);
    a 0 s done segment is appended, as the sequencer does."""
    segs: list[Segment] = []
    start = 0.0
    for step, (mv, parts) in enumerate([*steps, (None, [("done", 0.0)])]):
        for part in parts:
            kind, seconds = part[0], float(part[1])
            side = part[2] if len(part) > 2 else None
            label = {"prepare": f"Get ready: {mv.name}" if mv else "Get ready",
                     "done": "Done", "rest": "Rest", "switch": "Switch sides"}.get(
                kind, kind.capitalize())
            segs.append(Segment(index=len(segs), kind=kind, seconds=seconds, start=start,
                                label=label, move=mv, side=side, cues=cues(kind, seconds),
                                step=step, wait=bool(mv and mv.wait and kind == "prepare")))
            start += seconds
    return Timeline(routine=Routine(id="by-hand", name="By hand", steps=()),
                    segments=tuple(segs))


def sided(name: str, hold: float = 40, prep: float = 5, wait: bool = False):
    return (move(name, wait), [("prepare", prep, "left"), ("hold", hold, "left"),
                               ("switch", 5, "right"), ("hold", hold, "right")])


def thirty_minutes() -> Timeline:
    """19 two-sided moves of 90 s, a 30 s rest and 60 s of paced breathing: 1800 s."""
    steps = [sided(f"Move {i}") for i in range(1, 20)]
    steps.insert(10, (None, [("rest", 30)]))
    breaths = [p for _ in range(5) for p in (("inhale", 4), ("exhale", 6))]
    steps.append((move("Deep breathing"), [("prepare", 10), *breaths]))
    return timeline(steps)


def short(wait: bool = False) -> Timeline:
    """Three steps: A (5 + 30), a 10 s rest, B (5 + 20); `wait`: both moves wait for go."""
    return timeline([(move("A", wait), [("prepare", 5), ("hold", 30)]),
                     (None, [("rest", 10)]),
                     (move("B", wait), [("prepare", 5), ("hold", 20)])])


def started(tl: Timeline, **kw) -> tuple[Session, FakeClock, list[Event]]:
    clock = FakeClock(T0)
    s = Session(tl, clock, **kw)
    seen: list[Event] = []
    s.subscribe(seen.append)
    s.start()
    return s, clock, seen


def drive(s: Session, clock: FakeClock, until: float | None = None,
          late: Callable[[], float] = lambda: 0.0) -> int:
    """Call update() at each next_wake (plus `late`) until finished or `until`."""
    wakes = 0
    while s.state == "running":
        wake = s.next_wake()
        if wake is None or (until is not None and wake > until):
            break
        clock.set(max(clock.now(), wake + late()))
        s.update()
        wakes += 1
    if until is not None and s.state == "running":
        clock.set(until)
        s.update()
    return wakes


def kinds(events: Sequence[Event], *want: str) -> list[Event]:
    return [e for e in events if e.kind in want]


def all_cues(tl: Timeline) -> list[tuple[int, str, float]]:
    return sorted(((seg.index, c.name, T0 + seg.start + c.at) for seg in tl.segments
                   for c in seg.cues), key=lambda x: (x[2], x[0]))


# -- deadlines ---------------------------------------------------------------------------


def test_thirty_minutes_end_exactly_on_time_waking_at_next_wake():
    tl = thirty_minutes()
    assert tl.total_seconds == 1800.0
    s, clock, seen = started(tl)
    wakes = drive(s, clock)
    assert s.state == "finished" and s.completed
    fin = seen[-1]
    assert fin.kind == "finish" and fin.due == T0 + 1800.0 and fin.t == T0 + 1800.0
    # every segment started on its planned second, in order
    segs = kinds(seen, "segment")
    assert [e.index for e in segs] == list(range(len(tl.segments)))
    assert [e.due for e in segs] == [T0 + seg.start for seg in tl.segments]
    # every cue once, in order, on time
    got = [(e.index, e.cue, e.due) for e in kinds(seen, "cue")]
    assert got == all_cues(tl)
    assert all(e.t == e.due for e in kinds(seen, "cue", "segment"))
    # about one wake per second of countdown, not a polling loop
    assert 1800 <= wakes <= 1800 + len(tl.segments)


def test_late_updates_under_tolerance_emit_everything_in_order_and_do_not_drift():
    tl = thirty_minutes()
    on_time, clock, ref = started(tl)
    drive(on_time, clock)
    rng = random.Random(4)
    s, clock, seen = started(tl)
    drive(s, clock, late=lambda: rng.uniform(0, 4.5))
    assert not kinds(seen, "pause")
    assert [(e.kind, e.index, e.cue, e.due) for e in seen] == \
           [(e.kind, e.index, e.cue, e.due) for e in ref]
    assert seen[-1].kind == "finish" and seen[-1].due == T0 + 1800.0
    assert all(e.t >= e.due for e in seen if e.due is not None)
    assert s.summary().ended_at == T0 + 1800.0


def test_one_late_call_catches_up_over_a_boundary():
    s, clock, seen = started(short())
    clock.set(T0 + 1)
    s.update()
    seen.clear()
    clock.set(T0 + 6.5)  # prepare (5 s) ended 1.5 s ago, under the tolerance
    out = s.update()
    assert out == seen
    assert [(e.kind, e.cue, e.due) for e in out] == [
        ("cue", "tick", T0 + 2), ("cue", "tick", T0 + 3), ("cue", "tick", T0 + 4),
        ("segment", None, T0 + 5), ("cue", "start", T0 + 5)]
    assert s.index == 1 and s.remaining() == pytest.approx(28.5)
    assert s.next_wake() == T0 + 7  # countdown 29 -> 28


def test_next_wake_is_the_next_whole_second_cue_or_end():
    s, clock, _ = started(short())
    assert s.countdown() == 5 and s.next_wake() == T0 + 1
    clock.set(T0 + 0.25)
    s.update()
    assert s.countdown() == 5 and s.next_wake() == T0 + 1
    clock.set(T0 + 1.75)
    s.update()
    assert s.countdown() == 4 and s.next_wake() == T0 + 2
    s.pause()
    assert s.next_wake() is None


def test_progress_and_next_move():
    tl = short()
    s, clock, _ = started(tl)
    assert s.current_move.name == "A" and s.next_move is None  # next is the rest
    assert s.next_segment.kind == "rest"
    drive(s, clock, until=T0 + 20)
    assert s.elapsed() == pytest.approx(20) and s.move_progress() == pytest.approx(20 / 35)
    assert s.routine_progress() == pytest.approx(20 / 70)
    drive(s, clock, until=T0 + 40)
    assert s.segment.kind == "rest" and s.current_move is None and s.next_move.name == "B"
    drive(s, clock)
    assert s.routine_progress() == 1.0 and s.move_progress() == 1.0


# -- pause -------------------------------------------------------------------------------


def test_pause_freezes_and_resume_shifts_the_end_by_the_pause():
    s, clock, seen = started(short())
    drive(s, clock, until=T0 + 12)
    s.pause()
    assert s.state == "paused" and s.remaining() == pytest.approx(23)
    clock.advance(100)
    assert s.update() == [] and s.remaining() == pytest.approx(23)
    assert s.elapsed() == pytest.approx(12)
    s.resume()
    assert seen[-1].kind == "resume" and seen[-1].seconds == pytest.approx(100)
    drive(s, clock)
    assert seen[-1].kind == "finish" and seen[-1].due == pytest.approx(T0 + 70 + 100)
    assert s.summary().seconds_paused == pytest.approx(100)
    halfway = [e for e in seen if e.cue == "halfway" and e.index == 1][0]
    assert halfway.due == pytest.approx(T0 + 5 + 15 + 100)


def test_toggle_pause():
    s, clock, seen = started(short())
    s.toggle_pause()
    assert s.state == "paused"
    clock.advance(3)
    s.toggle_pause()
    assert s.state == "running"
    assert [e.kind for e in seen[-2:]] == ["pause", "resume"]


# -- next / back ---------------------------------------------------------------------------


def test_next_skips_to_the_next_step_and_its_cues_only():
    tl = short()
    s, clock, seen = started(tl)
    drive(s, clock, until=T0 + 8)  # 3 s into A's hold
    s.next()
    assert s.index == 2 and s.segment.kind == "rest"
    assert [e.kind for e in seen[-3:]] == ["skip", "segment", "cue"]
    assert seen[-3].index == 1 and seen[-1].cue == "rest" and seen[-1].due == T0 + 8
    assert s.skipped_moves == ("A",)
    drive(s, clock)
    assert seen[-1].kind == "finish" and seen[-1].due == T0 + 8 + 35
    assert not [e for e in seen if e.index == 1 and e.cue in ("halfway", "tick")]
    assert s.summary().skipped_moves == ("A",) and s.completed


def test_next_from_the_last_move_goes_to_done_and_finishes():
    s, clock, seen = started(short())
    drive(s, clock, until=T0 + 50)
    s.next()
    assert s.state == "finished"
    assert [(e.kind, e.cue) for e in seen[-4:]] == [
        ("skip", None), ("segment", None), ("cue", "done"), ("finish", None)]


def test_back_restarts_the_move_or_goes_to_the_previous_one():
    s, clock, seen = started(short())
    drive(s, clock, until=T0 + 49)  # in B's prepare, 4 s into B
    s.back()
    assert s.index == 3 and seen[-2].kind == "segment" and seen[-2].due == T0 + 49
    clock.advance(2)
    s.update()
    s.back()  # 2 s into B: back to the rest
    assert s.index == 2 and s.segment.kind == "rest"
    s.back()
    assert s.index == 0  # 0 s into the rest: back to A
    s.back()
    assert s.index == 0  # the first move restarts
    assert [e.kind for e in seen].count("back") == 4
    drive(s, clock)
    assert seen[-1].due == T0 + 51 + 70


def test_skip_while_paused_stays_paused_and_plays_cues_on_resume():
    s, clock, seen = started(short())
    drive(s, clock, until=T0 + 10)
    s.pause()
    s.next()
    assert s.state == "paused" and s.index == 2 and s.remaining() == 10
    assert seen[-1].kind == "segment"
    clock.advance(30)
    s.resume()
    assert (seen[-1].kind, seen[-1].cue, seen[-1].due) == ("cue", "rest", T0 + 40)


def sequenced() -> Timeline:
    """Calf stretch both sides, a 10 s rest, Pigeon, through the real sequencer:
    0 prepare, 1 hold, 2 switch, 3 hold | 4 rest | 5 prepare, 6 hold | 7 done."""
    def hold30(name: str, sides: str = "none") -> Move:
        return Move(id=name.lower(), name=name, instructions="", position="standing",
                    sides=sides, dose=Dose(hold=Span.of(30)))  # type: ignore[arg-type]

    return build_timeline(Routine(id="r", name="R", steps=(
        MoveStep(hold30("Calf stretch", "both")), RestStep(Span.of(10)),
        MoveStep(hold30("Pigeon")))))


def test_step_runs_are_what_next_and_back_move_between():
    tl = sequenced()
    runs = StepRuns.of(tl.segments)
    assert runs.bounds == ((0, 3), (4, 4), (5, 6), (7, 7))
    assert runs.run_of == (0, 0, 0, 0, 1, 2, 2, 3)
    assert [runs.first(r) for r in range(len(runs))] == [0, 4, 5, 7]
    assert [runs.next_run(i) for i in range(8)] == [1, 1, 1, 1, 2, 3, 3, None]
    assert [i for i in range(8) if runs.ends_run(i)] == [3, 4, 6, 7]
    assert runs.moves == ("Calf stretch", None, "Pigeon", None) and runs.move_count == 2
    # a done segment is a run of its own even when a hand-built timeline reuses a step
    segs = (Segment(0, "rest", 5, 0, "Rest"), Segment(1, "done", 0, 5, "Done"))
    assert StepRuns.of(segs).bounds == ((0, 0), (1, 1))


@pytest.mark.parametrize(("index", "lands"), [(0, 4), (1, 4), (2, 4), (3, 4), (4, 5), (5, 7),
                                              (6, 7)])
def test_next_from_any_segment_lands_on_the_next_steps_first(index: int, lands: int):
    tl = sequenced()
    s, clock, _ = started(tl)
    drive(s, clock, until=T0 + tl.segments[index].start + 0.5)
    assert s.index == index
    s.next()
    assert s.index == lands
    assert s.state == ("finished" if lands == 7 else "running")


# -- extend --------------------------------------------------------------------------------


def test_plus_ten_moves_the_end_and_the_ticks():
    s, clock, seen = started(short())
    drive(s, clock, until=T0 + 10)  # 5 s into A's 30 s hold
    s.extend(10)
    assert s.remaining() == pytest.approx(35) and seen[-1].kind == "extend"
    assert seen[-1].seconds == 10
    drive(s, clock)
    hold = [e for e in seen if e.index == 1 and e.kind == "cue"]
    assert [(e.cue, e.due) for e in hold] == [
        ("start", T0 + 5), ("halfway", T0 + 5 + 20), ("tick", T0 + 42), ("tick", T0 + 43),
        ("tick", T0 + 44)]
    assert seen[-1].due == T0 + 80
    assert s.summary().seconds_extended == 10


def test_plus_ten_after_the_ticks_counts_down_again():
    s, clock, seen = started(short())
    drive(s, clock, until=T0 + 33.5)  # ticks at 32 and 33 played
    s.extend(10)
    drive(s, clock)
    ticks = [e.due for e in seen if e.index == 1 and e.cue == "tick"]
    assert ticks == [T0 + 32, T0 + 33, T0 + 42, T0 + 43, T0 + 44]


def test_minus_ten_drops_past_cues_and_keeps_a_second():
    s, clock, seen = started(short())
    drive(s, clock, until=T0 + 10)
    s.extend(-10)
    assert s.remaining() == pytest.approx(15)
    drive(s, clock, until=T0 + 21)  # 4 s left
    s.extend(-10)
    assert s.remaining() == pytest.approx(1.0)
    assert kinds(seen, "extend")[-1].seconds == pytest.approx(-3)
    s.extend(-10)  # already at the floor: nothing happens
    drive(s, clock)
    assert [e.seconds for e in kinds(seen, "extend")] == [-10, pytest.approx(-3)]
    hold = [(e.cue, e.due) for e in seen if e.index == 1 and e.kind == "cue"]
    # halfway keeps its share of the shortened 20 s hold; of the ticks at the new end
    # (19, 20, 21) the two already past are dropped, not played in a burst
    assert hold == [("start", T0 + 5), ("halfway", T0 + 15), ("tick", T0 + 21)]
    assert seen[-1].due == T0 + 22 + 35


# -- wait for ready --------------------------------------------------------------------------


def test_waiting_moves_hold_at_prepare_end_until_go():
    s, clock, seen = started(short(wait=True))
    drive(s, clock, until=T0 + 30)
    assert s.state == "running" and s.waiting and s.index == 0
    assert s.next_wake() is None and s.remaining() == 0
    w = kinds(seen, "wait")[0]
    assert w.due == T0 + 5 and w.index == 0
    s.go()
    assert not s.waiting and s.index == 1
    assert [e.kind for e in seen[-3:]] == ["go", "segment", "cue"]
    assert seen[-2].due == T0 + 30
    drive(s, clock, until=T0 + 100)
    assert s.waiting and s.index == 3  # B's prepare holds too
    s.toggle_pause()  # space means go while waiting
    drive(s, clock)
    assert seen[-1].kind == "finish" and seen[-1].due == T0 + 100 + 20
    assert s.summary().seconds_waiting == pytest.approx(25 + (100 - 75))


def test_only_the_moves_that_wait_hold():
    tl = timeline([(move("A"), [("prepare", 5), ("hold", 10)]),
                   sided("B", hold=10, wait=True)])
    s, clock, seen = started(tl)
    drive(s, clock, until=T0 + 60)
    assert s.waiting and s.segment.kind == "prepare" and s.segment.move.name == "B"
    assert len(kinds(seen, "wait")) == 1
    s.pause()  # ignored while waiting
    assert s.state == "running"
    s.go()
    drive(s, clock)
    assert seen[-1].due == T0 + 60 + 25


# -- clock jumps -------------------------------------------------------------------------------


def test_a_600_second_jump_pauses_where_it_was_and_resumes_from_there():
    tl = thirty_minutes()
    s, clock, seen = started(tl)
    drive(s, clock, until=T0 + 20.4)  # 15.4 s into Move 1's left hold
    before = (s.index, s.remaining(), s.elapsed())
    n = len(seen)
    clock.advance(600)
    out = s.update()
    assert [e.kind for e in out] == ["pause"] and seen[n:] == out
    assert out[0].reason == "clock jumped 600 s (was the computer asleep?)"
    assert out[0].due == T0 + 20.4
    assert s.state == "paused" and s.pause_reason == out[0].reason
    assert (s.index, s.remaining(), s.elapsed()) == before
    clock.advance(10)
    s.resume()
    assert s.index == before[0] and s.remaining() == pytest.approx(before[1])
    drive(s, clock)
    assert seen[-1].kind == "finish" and seen[-1].due == pytest.approx(T0 + 1800 + 610)
    # nothing was skipped: every segment and cue still played, once each
    assert [e.index for e in kinds(seen, "segment")] == list(range(len(tl.segments)))
    assert len(kinds(seen, "cue")) == len(all_cues(tl))


def test_a_key_pressed_after_a_jump_is_absorbed_by_the_jump_pause():
    s, clock, seen = started(short())
    drive(s, clock, until=T0 + 3)
    clock.advance(60)
    s.toggle_pause()  # must not pause-then-resume
    assert s.state == "paused" and "clock jumped" in s.pause_reason
    s.next()  # the next key works as usual, and the session stays paused
    assert s.index == 2 and s.state == "paused"


def test_under_the_tolerance_is_not_a_jump():
    s, clock, seen = started(short(), jump_tolerance=5.0)
    clock.advance(5.9)  # expected wake at +1: 4.9 s late
    s.update()
    assert s.state == "running" and s.index == 1


# -- stop, summary, subscribers ------------------------------------------------------------


def test_stop_ends_the_run_and_later_actions_do_nothing():
    s, clock, seen = started(short())
    drive(s, clock, until=T0 + 12)
    s.stop()
    assert s.state == "stopped" and seen[-1].kind == "stop" and not s.completed
    n = len(seen)
    for action in (s.next, s.back, s.pause, s.resume, s.go, s.stop, lambda: s.extend(10)):
        action()
    clock.advance(100)
    assert s.update() == [] and len(seen) == n and s.next_wake() is None
    summary = s.summary()
    assert summary.state == "stopped" and summary.ended_at == T0 + 12
    assert summary.active_seconds == pytest.approx(12) and summary.segments_done == 1


def test_a_failing_subscriber_does_not_stop_the_routine():
    s = Session(short(), FakeClock(T0))

    def broken(event: Event) -> None:
        raise RuntimeError("speaker unplugged")

    s.subscribe(broken)
    s.start()
    drive(s, s.clock)  # type: ignore[arg-type]
    assert s.state == "finished" and len(s.errors) > 5


def test_ready_state_and_empty_timeline():
    s = Session(short(), FakeClock(T0))
    assert s.state == "ready" and s.remaining() == 5 and s.next_wake() is None
    assert s.update() == []
    empty = Session(Timeline(routine=short().routine, segments=()), FakeClock(T0))
    seen: list[Event] = []
    empty.subscribe(seen.append)
    empty.start()
    assert [e.kind for e in seen] == ["start", "finish"] and empty.state == "finished"


def test_summary_has_what_the_summary_screen_shows():
    s, clock, _ = started(short())
    assert s.moves_total == 2 and s.moves_done == () and s.skipped_moves == ()
    drive(s, clock, until=T0 + 36)  # A's hold ended at 35
    assert s.moves_done == ("A",)
    s.pause()
    clock.advance(4)
    s.resume()
    s.next()  # leaves the rest: not a move, so nothing is skipped
    assert s.skipped_moves == () and s.segment.move.name == "B"
    s.next()  # skips B, straight to the end
    summary = s.summary()
    assert isinstance(summary, Summary)
    assert (summary.moves_done, summary.moves_total, summary.skipped_moves) == (
        ("A",), 2, ("B",))
    assert summary.completed and summary.routine_name == "By hand"
    assert summary.planned_seconds == 70 and summary.seconds_paused == pytest.approx(4)
    assert summary.active_seconds == pytest.approx(36)


def test_a_move_gone_back_to_counts_only_when_it_ends_again():
    s, clock, _ = started(short())
    drive(s, clock, until=T0 + 36)
    s.back()  # 1 s into the rest: back to A, done no longer
    assert s.index == 0 and s.moves_done == ()
    drive(s, clock, until=T0 + 36 + 36)
    assert s.moves_done == ("A",)
    s.stop()
    assert s.summary().moves_done == ("A",) and not s.summary().completed


def test_a_skipped_move_finished_later_is_done_not_skipped():
    s, clock, _ = started(short())
    drive(s, clock, until=T0 + 3)
    s.next()  # skip A
    assert s.skipped_moves == ("A",)
    s.back()  # at once: back to A
    drive(s, clock)
    summary = s.summary()
    assert summary.skipped_moves == () and summary.moves_done == ("A", "B")


# -- events log ------------------------------------------------------------------------------


def test_events_log_lines_are_json_with_the_fields(tmp_path):
    path = tmp_path / "events.jsonl"
    s = Session(short(), FakeClock(T0))
    log = EventLog(path, backend=lambda: "recorder")
    s.subscribe(log)
    s.start()
    drive(s, s.clock, until=T0 + 12)  # type: ignore[arg-type]
    s.pause()
    s.clock.advance(2)  # type: ignore[attr-defined]
    s.resume()
    s.extend(10)
    s.next()
    drive(s, s.clock)  # type: ignore[arg-type]
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0]["event"] == "start" and lines[-1] == {
        "t": T0 + 14 + 35, "event": "finish", "index": 5, "due": T0 + 14 + 35,
        "completed": True}
    seg = [r for r in lines if r["event"] == "segment"][1]
    assert seg == {"t": T0 + 5, "event": "segment", "index": 1, "kind": "hold",
                   "seconds": 30.0, "label": "Hold", "start": 5.0, "move": "A",
                   "side": None, "due": T0 + 5}
    cue = [r for r in lines if r["event"] == "cue"][0]
    assert cue == {"t": T0, "event": "cue", "index": 0, "cue": "prepare", "due": T0,
                   "backend": "recorder"}
    by_kind = {r["event"]: r for r in lines}
    assert by_kind["resume"]["paused"] == 2 and by_kind["extend"]["seconds"] == 10
    assert by_kind["skip"]["move"] == "A"
    assert all(isinstance(r["t"], float) for r in lines)
    log.close()


def test_events_log_annotator_adds_fields_and_appends(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text('{"t": 1, "event": "earlier"}\n')
    s = Session(short(), FakeClock(T0))
    with EventLog(path) as log:
        log.add_annotator(lambda e: {"backend": "bell", "played": e.t + 0.002}
                          if e.kind == "cue" else None)
        s.subscribe(log)
        s.start()
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0]["event"] == "earlier"
    cue = [r for r in lines if r["event"] == "cue"][0]
    assert cue["backend"] == "bell" and cue["played"] == pytest.approx(T0 + 0.002)


# -- a real routine through the sequencer --------------------------------------------------


def test_a_sequenced_routine_plays_to_its_planned_end():
    calf = Move(id="calf", name="Calf stretch", instructions="Lean into the wall.",
                position="standing", sides="both", dose=Dose(hold=Span(20, 30)))
    breathe = Move(id="breathe", name="Deep breathing", instructions="Slowly.",
                   position="lying", dose=Dose(breaths=Span.of(5), pace=Pace(4, 8)), wait=True)
    routine = Routine(id="r", name="R", steps=(MoveStep(calf), RestStep(Span.of(30)),
                                               MoveStep(breathe)))
    tl = build_timeline(routine, level="standard")
    s, clock, seen = started(tl)
    drive(s, clock, until=T0 + 1000)
    assert s.waiting and s.segment.move.name == "Deep breathing"
    wait_at = kinds(seen, "wait")[0].due
    s.go()
    drive(s, clock)
    assert seen[-1].kind == "finish"
    assert seen[-1].due == pytest.approx(T0 + tl.total_seconds + (T0 + 1000 - wait_at))
    assert [e.index for e in kinds(seen, "segment")] == list(range(len(tl.segments)))
    assert [e.cue for e in kinds(seen, "cue")][-1] == "done"


# -- random use: the invariants hold whatever a person presses ------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_random_presses_keep_the_invariants(seed: int):
    rng = random.Random(seed)
    c_waits, all_wait = rng.random() < 0.5, rng.random() < 0.3
    tl = timeline([sided("A", hold=12, wait=all_wait), (None, [("rest", 6)]),
                   (move("B", all_wait), [("prepare", 3), *[("inhale", 2), ("exhale", 3)] * 2]),
                   sided("C", hold=8, wait=c_waits or all_wait)])
    s, clock, seen = started(tl)
    actions = [s.toggle_pause, s.next, s.back, s.go, lambda: s.extend(10),
               lambda: s.extend(-10)]
    for _ in range(400):
        if s.state not in ("running", "paused"):
            break
        if rng.random() < 0.15:
            rng.choice(actions)()
        elif s.state == "paused" or s.waiting:
            clock.advance(rng.uniform(0, 20))
            (s.resume if s.state == "paused" else s.go)()
        else:
            wake = s.next_wake()
            clock.set(max(clock.now(), wake + rng.uniform(0, 2)))
            s.update()
        if s.state == "running" and not s.waiting:
            assert s.next_wake() > clock.now()  # no busy loop: the next wake is ahead
        assert s.remaining() >= 0 and 0 <= s.routine_progress() <= 1
    drive(s, clock)
    while s.state in ("running", "paused"):  # finish whatever holds are left
        (s.resume if s.state == "paused" else s.go)()
        drive(s, clock)
    assert s.state == "finished" and seen[-1].kind == "finish"
    assert [e.t for e in seen] == sorted(e.t for e in seen)
    # each visit of a segment: its cues at most once each (ticks again only after +10 s),
    # every one inside the segment, never before the visit began
    visit: list[Event] = []
    for e in [*seen, Event("segment", 0.0)]:
        if e.kind == "segment":
            if visit:
                names = [c.cue for c in visit[1:] if c.kind == "cue"]
                assert all(c.index == visit[0].index for c in visit[1:] if c.kind == "cue")
                extended = any(c.kind == "extend" for c in visit)
                for name in set(names) - {"tick"}:
                    assert names.count(name) <= 1, (name, visit)
                assert extended or names.count("tick") <= 3
                assert all(c.due >= visit[0].due - 1e-9 for c in visit if c.kind == "cue")
            visit = [e]
        elif visit:
            visit.append(e)
