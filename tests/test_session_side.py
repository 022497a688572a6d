"""The session's `s` (other_side), its run clock (the [m:ss] of --plain) and the reason a
stop carries: on a fake clock, and under random presses."""

from __future__ import annotations

import random

import pytest
from test_session import T0, drive, kinds, move, short, sided, started, timeline

from rls_stretch.routine.model import Dose, Move, MoveStep, Routine, Span
from rls_stretch.timeline.sequencer import build_timeline


def test_other_side_goes_to_the_switch_and_the_move_still_counts():
    tl = timeline([sided("A", hold=40), (None, [("rest", 10)])])
    s, clock, seen = started(tl)
    drive(s, clock, until=T0 + 12)  # 7 s into the left hold
    assert s.other_side_index() == 2
    s.other_side()
    assert s.index == 2 and s.segment.kind == "switch" and s.segment.side == "right"
    side = kinds(seen, "side")[-1]
    assert side.index == 1 and side.segment.side == "left"  # the side left behind
    assert seen[-2].kind == "segment" and seen[-2].due == T0 + 12
    assert s.other_side_index() is None  # on the right side there is no other side ahead
    before = len(seen)
    s.other_side()
    assert len(seen) == before and s.index == 2  # nothing happens
    drive(s, clock)
    assert s.completed and s.summary().moves_done == ("A",)
    assert s.summary().skipped_moves == ()
    # the new side plays its whole dose: 5 s switch + 40 s hold + 10 s rest after T0 + 12
    assert seen[-1].due == pytest.approx(T0 + 12 + 55)


def test_other_side_from_the_get_ready_skips_the_whole_first_side():
    s, clock, _ = started(timeline([sided("A")]))
    s.other_side()
    assert s.segment.kind == "switch" and s.segment.side == "right"


def test_other_side_on_an_alternating_move_goes_to_the_next_breath_of_the_other_leg():
    pedal = Move(id="pedal", name="Pedal", instructions="Pedal.", position="standing",
                 sides="alternate", dose=Dose(breaths=Span.of(4)))
    tl = build_timeline(Routine(id="r", name="R", steps=(MoveStep(pedal),)))
    s, clock, _ = started(tl)
    first = s.other_side_index()
    assert first is not None and tl.segments[first].side != tl.segments[0].side
    s.other_side()
    assert s.index == first


@pytest.mark.parametrize("where", [("rest", 10), ("hold", 20)])
def test_other_side_does_nothing_where_there_is_no_side(where):
    s, clock, seen = started(timeline([(move("A"), [where])]))
    assert s.other_side_index() is None
    s.other_side()
    assert not kinds(seen, "side") and s.index == 0


def test_other_side_while_paused_stays_paused_and_waits_are_released():
    s, clock, seen = started(timeline([sided("A", wait=True)]))
    drive(s, clock, until=T0 + 6)  # the get-ready (5 s) ended: waiting for go
    assert s.waiting
    s.other_side()
    assert not s.waiting and s.segment.kind == "switch"
    s.pause()
    clock.advance(30)
    assert s.other_side_index() is None
    assert s.state == "paused"


def test_run_seconds_leave_pauses_out_and_never_go_back():
    s, clock, _ = started(short())
    drive(s, clock, until=T0 + 10)
    assert s.run_seconds() == pytest.approx(10)
    s.pause()
    clock.advance(100)
    assert s.run_seconds() == pytest.approx(10)
    s.extend(10)  # the plan moves; the run's own clock does not
    assert s.run_seconds() == pytest.approx(10)
    s.resume()
    clock.advance(5)
    s.update()
    assert s.run_seconds() == pytest.approx(15)
    s.back()
    assert s.run_seconds() == pytest.approx(15)
    s.stop("output closed")
    clock.advance(50)
    assert s.run_seconds() == pytest.approx(15)


def test_a_stop_carries_its_reason_to_the_events_log(tmp_path):
    import json

    from rls_stretch.session.events import EventLog

    s, clock, seen = started(short())
    log = EventLog(tmp_path / "e.jsonl")
    s.subscribe(log)
    s.stop("output closed")
    log.close()
    last = json.loads((tmp_path / "e.jsonl").read_text().splitlines()[-1])
    assert last["event"] == "stop" and last["reason"] == "output closed"
    assert last["completed"] is False
    assert seen[-1].reason == "output closed"


@pytest.mark.parametrize("seed", range(30))
def test_random_presses_with_other_side_keep_the_invariants(seed: int):
    """The class: any mix of keys, `s` among them, on sided, alternating and plain moves."""
    rng = random.Random(seed)
    pedal = Move(id="pedal", name="Pedal", instructions="Pedal.", position="standing",
                 sides="alternate", dose=Dose(breaths=Span.of(3)))
    pedalling = build_timeline(Routine(id="p", name="P", steps=(MoveStep(pedal),)))
    tl = timeline([sided("A", hold=12, wait=rng.random() < 0.3), (None, [("rest", 6)]),
                   (move("B"), [("prepare", 3), ("hold", 8)]), sided("C", hold=8)])
    if rng.random() < 0.5:
        tl = pedalling
    s, clock, seen = started(tl)
    actions = [s.toggle_pause, s.next, s.back, s.go, s.other_side, s.other_side,
               lambda: s.extend(10), lambda: s.extend(-10)]
    last_run = 0.0
    for _ in range(300):
        if s.state not in ("running", "paused"):
            break
        if rng.random() < 0.2:
            before = s.index
            target = s.other_side_index()
            action = rng.choice(actions)
            action()
            if action == s.other_side and target is not None and s.state != "finished":
                assert s.index == target and s.segment.side != tl.segments[before].side
        elif s.state == "paused" or s.waiting:
            clock.advance(rng.uniform(0, 20))
            (s.resume if s.state == "paused" else s.go)()
        else:
            clock.set(max(clock.now(), s.next_wake() + rng.uniform(0, 2)))
            s.update()
        assert s.run_seconds() >= last_run - 1e-9  # the stamps never go back
        last_run = s.run_seconds()
        if s.state == "running" and not s.waiting:
            assert s.next_wake() > clock.now()
    while s.state in ("running", "paused"):
        (s.resume if s.state == "paused" else s.go)()
        drive(s, clock)
    assert s.state == "finished"
    assert [e.t for e in seen] == sorted(e.t for e in seen)
    assert s.run_seconds() >= last_run - 1e-9
