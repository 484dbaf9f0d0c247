"""Compute off the GUI thread: two workers, job kinds, newest request wins per kind (ARCHITECTURE.md
conventions 4 and 14).

Evaluation (``request``): one worker runs ``epoch_orbits`` (cheap: the one-orbit plots), the other
then ``evaluate`` (the mission life, KPIs and terrestrial alternatives). The short jobs (first
stages and the other kinds, such as the globe's frames) have their own worker, so that they never
wait behind a mission life already under way: during a drag each edit's one-orbit plots and
globe colours came only after the previous edit's mission life (up to ~100 ms on two cores).
While the user keeps dragging, a request that has been superseded skips its second stage, and any
result whose id is not the newest is dropped on arrival. With ``hold_for_paint`` set, the second
stage waits (at most ``FIRST_STAGE_WAIT_S``) until the GUI calls ``first_stage_shown`` (the
one-orbit plots have painted): on two cores they then paint without the mission-life stage
competing for the CPU.

Other kinds (``submit(kind, fn, *args)``, e.g. the globe's snapshot): a job not yet started is
replaced by a newer one of its kind (cancelled); a result arrives as ``done(kind, id, result)``
only if its id is still the newest of its kind, a failure as ``jobFailed``. The short-job worker
takes the waiting job of the most urgent kind first (``priority``: lower first), then the oldest.

The evaluation functions are injectable, and ``threaded=False`` runs every job in the caller's
thread, its signals emitted before the call returns (tests).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from orbitdesk.core import epoch_orbits, evaluate

FIRST_STAGE_WAIT_S = 0.25
EVALUATE, EVALUATE_FULL = "evaluate", "evaluate.full"
SHORT, LIFE = "short", "life"  # the two workers' lanes: the mission-life stage has its own
EVALUATE_PRIORITY = 10  # other kinds default to 0: short jobs the user watches (the globe)

log = logging.getLogger("orbitdesk")


@dataclass
class _Job:
    kind: str
    rid: int
    fn: Any
    args: tuple
    priority: int
    seq: int
    hold_until: float | None = None  # the second evaluation stage: until shown or this time
    result: Any = field(default=None, repr=False)


class ComputeRunner(QObject):
    firstStage = Signal(int, object)  # request id, EpochOrbits
    ready = Signal(int, object)  # request id, Results
    failed = Signal(int, str)  # request id, message
    busyChanged = Signal(bool)  # an evaluation is under way
    done = Signal(str, int, object)  # kind, job id, result (submitted jobs)
    jobFailed = Signal(str, int, str)  # kind, job id, message

    # emitted from the worker thread; queued into the runner's (GUI) thread
    _workerFirst = Signal(int, object)
    _workerReady = Signal(int, object)
    _workerFailed = Signal(int, str)
    _workerDone = Signal(str, int, object)
    _workerJobFailed = Signal(str, int, str)

    def __init__(self, parent: QObject | None = None, *, first_stage=epoch_orbits,
                 full=evaluate, threaded: bool = True):
        super().__init__(parent)
        self._first_stage, self._full = first_stage, full
        self._threaded = threaded
        self._ids = itertools.count(1)
        self._seq = itertools.count()
        self._latest: dict[str, int] = {}
        self._waiting: dict[str, _Job] = {}  # kind -> the one job of that kind not yet started
        self._cond = threading.Condition()
        self._stop = False
        self._busy = False
        self._shown = threading.Event()
        self.hold_for_paint = False
        self._workerFirst.connect(self._on_first)
        self._workerReady.connect(self._on_ready)
        self._workerFailed.connect(self._on_failed)
        self._workerDone.connect(self._on_done)
        self._workerJobFailed.connect(self._on_job_failed)
        self._threads = []
        if threaded:
            for lane in (SHORT, LIFE):
                t = threading.Thread(target=self._loop, args=(lane,), name=f"orbitdesk-compute-{lane}", daemon=True)
                t.start()
                self._threads.append(t)

    @property
    def latest_id(self) -> int:
        """The newest evaluation request."""
        return self._latest.get(EVALUATE, 0)

    def latest(self, kind: str) -> int:
        """The newest job id of ``kind`` (0: none yet)."""
        return self._latest.get(kind, 0)

    def request(self, scenario) -> int:
        """Evaluate ``scenario`` in two stages (firstStage, then ready; failed on an error)."""
        rid = self._new_id(EVALUATE)
        self._set_busy(True)
        if not self._threaded:
            self._evaluate(rid, scenario)
            return rid
        with self._cond:
            self._waiting.pop(EVALUATE_FULL, None)  # an older request's second stage: superseded
            self._put(_Job(EVALUATE, rid, None, (scenario,), EVALUATE_PRIORITY, next(self._seq)))
        return rid

    def submit(self, kind: str, fn, *args, priority: int = 0) -> int:
        """Run ``fn(*args)`` on the worker; its result arrives as ``done(kind, id, result)``."""
        if kind in (EVALUATE, EVALUATE_FULL):
            raise ValueError(f"job kind {kind!r} is the runner's own: use request() to evaluate")
        rid = self._new_id(kind)
        job = _Job(kind, rid, fn, args, priority, next(self._seq))
        if not self._threaded:
            self._run_job(job)
            return rid
        with self._cond:
            self._put(job)
        return rid

    def shutdown(self) -> None:
        if not self._threads:
            return
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        for t in self._threads:
            t.join(timeout=10)
        self._threads = []

    def _new_id(self, kind: str) -> int:
        rid = next(self._ids)
        self._latest[kind] = rid
        return rid

    def _put(self, job: _Job) -> None:
        """Under the lock: the job replaces any waiting job of its kind."""
        self._waiting[job.kind] = job
        self._cond.notify_all()  # the two workers wait on the same condition

    # --- worker side -------------------------------------------------------------------------
    @staticmethod
    def _lane(kind: str) -> str:
        return LIFE if kind == EVALUATE_FULL else SHORT

    def _loop(self, lane: str = SHORT) -> None:
        while True:
            with self._cond:
                job = self._next_job(lane)
                while job is None and not self._stop:
                    self._cond.wait(self._wait_s(lane))
                    job = self._next_job(lane)
                if self._stop:
                    return
                del self._waiting[job.kind]
            if job.kind == EVALUATE:
                self._evaluate(job.rid, *job.args)
            elif job.kind == EVALUATE_FULL:
                self._evaluate_full(job.rid, *job.args)
            else:
                self._run_job(job)

    def _eligible(self, job: _Job) -> bool:
        return job.hold_until is None or self._shown.is_set() or time.perf_counter() >= job.hold_until

    def _next_job(self, lane: str) -> _Job | None:
        ready = [j for j in self._waiting.values() if self._lane(j.kind) == lane and self._eligible(j)]
        return min(ready, key=lambda j: (j.priority, j.seq)) if ready else None

    def _wait_s(self, lane: str) -> float | None:
        """How long a worker may sleep: until a held second stage is due, else until notified."""
        held = [j.hold_until for j in self._waiting.values()
                if j.hold_until is not None and self._lane(j.kind) == lane]
        return max(min(held) - time.perf_counter(), 0.001) if held else None

    def _evaluate(self, rid: int, scenario) -> None:
        try:
            first = self._first_stage(scenario)
        except Exception as e:  # the core validated input; anything here is a bug to report
            self._report_failure(rid, e)
            return
        if not self._threaded:
            self._workerFirst.emit(rid, first)
            self._evaluate_full(rid, scenario, first)
            return
        with self._cond:
            self._shown.clear()
            if self._latest.get(EVALUATE, 0) > rid:  # superseded: no second stage
                return
            self._put(_Job(EVALUATE_FULL, rid, None, (scenario, first), EVALUATE_PRIORITY,
                           next(self._seq), hold_until=time.perf_counter() + FIRST_STAGE_WAIT_S))
        self._workerFirst.emit(rid, first)

    def _evaluate_full(self, rid: int, scenario, first) -> None:
        try:
            results = self._full(scenario, first)
        except Exception as e:
            self._report_failure(rid, e)
            return
        self._workerReady.emit(rid, results)

    def _report_failure(self, rid: int, e: Exception) -> None:
        log.error("evaluation %d failed", rid, exc_info=e)
        self._workerFailed.emit(rid, f"{type(e).__name__}: {e}")

    def _run_job(self, job: _Job) -> None:
        try:
            result = job.fn(*job.args)
        except Exception as e:
            log.error("%s job %d failed", job.kind, job.rid, exc_info=e)
            self._workerJobFailed.emit(job.kind, job.rid, f"{type(e).__name__}: {e}")
            return
        self._workerDone.emit(job.kind, job.rid, result)

    # --- GUI side ----------------------------------------------------------------------------
    @Slot(int, object)
    def _on_first(self, rid: int, first) -> None:
        if rid != self.latest_id:
            self.first_stage_shown()
            return
        self.firstStage.emit(rid, first)
        if not self.hold_for_paint:
            self.first_stage_shown()

    def first_stage_shown(self) -> None:
        """The first stage is on screen: the worker may go on with the second."""
        self._shown.set()
        with self._cond:
            self._cond.notify_all()

    @Slot(int, object)
    def _on_ready(self, rid: int, results) -> None:
        if rid != self.latest_id:
            return
        self._set_busy(False)
        self.ready.emit(rid, results)

    @Slot(int, str)
    def _on_failed(self, rid: int, message: str) -> None:
        if rid == self.latest_id:
            self._set_busy(False)
            self.failed.emit(rid, message)

    @Slot(str, int, object)
    def _on_done(self, kind: str, rid: int, result) -> None:
        if rid == self._latest.get(kind):
            self.done.emit(kind, rid, result)

    @Slot(str, int, str)
    def _on_job_failed(self, kind: str, rid: int, message: str) -> None:
        if rid == self._latest.get(kind):
            self.jobFailed.emit(kind, rid, message)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)
