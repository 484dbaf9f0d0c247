"""ComputeRunner job kinds: a short-job worker and a mission-life worker, newest wins per kind,
other kinds run while an evaluation's second stage waits for the paint or computes, failures
reported per job."""

from __future__ import annotations

import threading
import time

import pytest

from orbitdesk.app.runner import FIRST_STAGE_WAIT_S, ComputeRunner
from orbitdesk.model import default_scenario


@pytest.fixture
def threaded(qapp):
    runners = []

    def make(**kwargs):
        runners.append(ComputeRunner(**kwargs))
        return runners[-1]

    yield make
    for r in runners:
        r.shutdown()


def test_sync_submit_delivers_before_it_returns(qapp):
    runner = ComputeRunner(threaded=False)
    got = []
    runner.done.connect(lambda kind, rid, result: got.append((kind, rid, result)))
    rid = runner.submit("globe", lambda a, b: a + b, 2, 3)
    assert got == [("globe", rid, 5)]
    assert runner.latest("globe") == rid and runner.latest("other") == 0


def test_a_waiting_job_is_replaced_by_a_newer_one_of_its_kind(threaded, qtbot):
    """While the worker is busy, three globe jobs are submitted: the two older ones never run, and
    only the newest result arrives."""
    runner = threaded()
    gate, ran, got = threading.Event(), [], []
    runner.done.connect(lambda kind, rid, result: got.append(result))

    def job(name):
        if name == "blocker":
            gate.wait(5)
        ran.append(name)
        return name

    runner.submit("block", job, "blocker")
    for name in ("a", "b", "c"):
        runner.submit("globe", job, name)
    gate.set()
    qtbot.waitUntil(lambda: "c" in got, timeout=5000)
    qtbot.wait(50)
    assert ran == ["blocker", "c"] and got == ["blocker", "c"]


def test_a_superseded_result_is_dropped_on_arrival(threaded, qtbot):
    runner = threaded()
    started, gate, got = threading.Event(), threading.Event(), []
    runner.done.connect(lambda kind, rid, result: got.append(result))

    def slow():
        started.set()
        gate.wait(5)
        return "old"

    runner.submit("globe", slow)
    assert started.wait(5)  # running: it cannot be cancelled, its result must not be shown
    newest = runner.submit("globe", lambda: "new")
    gate.set()
    qtbot.waitUntil(lambda: got == ["new"], timeout=5000)
    qtbot.wait(50)
    assert got == ["new"] and runner.latest("globe") == newest


def test_other_kinds_run_while_the_second_stage_waits_for_the_paint(threaded, qtbot):
    """hold_for_paint: the mission-life stage waits until the plots have painted (or
    FIRST_STAGE_WAIT_S); a globe job submitted meanwhile runs at once, not after the wait."""
    order = []
    runner = threaded(first_stage=lambda s: order.append("first") or s.name,
                      full=lambda s, first: order.append("full") or first)
    runner.hold_for_paint = True
    ready = []
    runner.ready.connect(lambda rid, r: ready.append(time.perf_counter()))
    with qtbot.waitSignal(runner.firstStage, timeout=5000):
        runner.request(default_scenario())
    with qtbot.waitSignal(runner.done, timeout=5000):
        runner.submit("globe", lambda: order.append("globe"))
    assert order == ["first", "globe"]  # the held second stage did not block the worker
    shown_at = time.perf_counter()
    runner.first_stage_shown()
    qtbot.waitUntil(lambda: bool(ready), timeout=5000)
    assert order == ["first", "globe", "full"]
    assert ready[0] - shown_at < FIRST_STAGE_WAIT_S  # released by the paint, not the timeout


def test_the_second_stage_goes_on_after_the_wait_without_a_paint(threaded, qtbot):
    runner = threaded(first_stage=lambda s: s.name, full=lambda s, first: first)
    runner.hold_for_paint = True
    t0 = time.perf_counter()
    with qtbot.waitSignal(runner.ready, timeout=5000):
        runner.request(default_scenario())
    assert time.perf_counter() - t0 >= FIRST_STAGE_WAIT_S * 0.9


def test_a_short_kind_goes_before_a_waiting_evaluation(threaded, qtbot):
    """Priority: with the worker busy, an evaluation request and then a globe job wait; the globe
    job (what the user watches move) runs first."""
    order, gate = [], threading.Event()
    runner = threaded(first_stage=lambda s: order.append("evaluate") or s.name, full=lambda s, first: first)
    runner.submit("block", lambda: gate.wait(5))
    runner.request(default_scenario())
    runner.submit("globe", lambda: order.append("globe"))
    gate.set()
    qtbot.waitUntil(lambda: len(order) == 2, timeout=5000)
    assert order == ["globe", "evaluate"]


def test_a_failing_job_is_reported_by_kind_and_the_worker_goes_on(threaded, qtbot):
    runner = threaded()
    failed, done = [], []
    runner.jobFailed.connect(lambda kind, rid, message: failed.append((kind, message)))
    runner.done.connect(lambda kind, rid, result: done.append(result))
    runner.submit("globe", lambda: 1 / 0)
    runner.submit("other", lambda: "still working")
    qtbot.waitUntil(lambda: bool(failed and done), timeout=5000)
    assert failed == [("globe", "ZeroDivisionError: division by zero")] and done == ["still working"]


def test_evaluation_kinds_are_reserved(qapp):
    runner = ComputeRunner(threaded=False)
    with pytest.raises(ValueError, match="use request"):
        runner.submit("evaluate", lambda: None)


def test_a_first_stage_does_not_wait_for_a_mission_life_under_way(threaded, qtbot):
    """During a drag the next edit's one-orbit plots (and the globe's frames) come while the last
    edit's mission life still computes, not after it."""
    gate, order = threading.Event(), []

    def full(s, first):
        order.append(f"full {first}")
        gate.wait(5)
        return first

    runner = threaded(first_stage=lambda s: order.append(f"first {s.name}") or s.name, full=full)
    s = default_scenario()
    runner.request(s)
    qtbot.waitUntil(lambda: f"full {s.name}" in order, timeout=5000)  # the mission life is under way
    edited = s.model_copy(update={"name": "edited"})
    with qtbot.waitSignal(runner.firstStage, timeout=5000) as first:
        runner.request(edited)
    with qtbot.waitSignal(runner.done, timeout=5000):
        runner.submit("globe", lambda: order.append("globe"))
    assert first.args[1] == "edited" and not gate.is_set()
    gate.set()
    with qtbot.waitSignal(runner.ready, timeout=5000) as ready:
        pass
    assert ready.args[1] == "edited"  # the first request's result was superseded
    assert order == [f"first {s.name}", f"full {s.name}", "first edited", "globe", "full edited"]
