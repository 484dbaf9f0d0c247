"""Compute off the GUI thread, newest request wins (ARCHITECTURE.md convention 4).

One worker thread runs ``epoch_orbits`` (cheap: the one-orbit plots) and then ``evaluate`` (the
mission life, KPIs and terrestrial alternatives). Each request carries an id; while the user keeps
dragging, a request that has been superseded skips its second stage, and any result whose id is
not the newest is dropped on arrival. With ``hold_for_paint`` set, the second stage waits (at
most ``FIRST_STAGE_WAIT_S``) until the GUI calls ``first_stage_shown`` (the one-orbit plots have
painted): on two cores they then paint without the mission-life stage competing for the CPU. The worker functions are
injectable, and ``threaded=False`` runs them in the caller's thread (tests).
"""

from __future__ import annotations

import threading
import traceback

from PySide6.QtCore import QObject, Signal, Slot

from orbitdesk.core import epoch_orbits, evaluate

FIRST_STAGE_WAIT_S = 0.25


class ComputeRunner(QObject):
    firstStage = Signal(int, object)  # request id, EpochOrbits
    ready = Signal(int, object)  # request id, Results
    failed = Signal(int, str)  # request id, message
    busyChanged = Signal(bool)

    # emitted from the worker thread; queued into the runner's (GUI) thread
    _workerFirst = Signal(int, object)
    _workerReady = Signal(int, object)
    _workerFailed = Signal(int, str)

    def __init__(self, parent: QObject | None = None, *, first_stage=epoch_orbits,
                 full=evaluate, threaded: bool = True):
        super().__init__(parent)
        self._first_stage, self._full = first_stage, full
        self._threaded = threaded
        self._latest = 0
        self._pending = None  # (id, scenario)
        self._cond = threading.Condition()
        self._stop = False
        self._busy = False
        self._shown = threading.Event()
        self.hold_for_paint = False
        self._workerFirst.connect(self._on_first)
        self._workerReady.connect(self._on_ready)
        self._workerFailed.connect(self._on_failed)
        self._thread = None
        if threaded:
            self._thread = threading.Thread(target=self._loop, name="orbitdesk-compute", daemon=True)
            self._thread.start()

    @property
    def latest_id(self) -> int:
        return self._latest

    def request(self, scenario) -> int:
        self._latest += 1
        rid = self._latest
        self._set_busy(True)
        if not self._threaded:
            self._run(rid, scenario)
            return rid
        with self._cond:
            self._pending = (rid, scenario)
            self._cond.notify()
        return rid

    def shutdown(self) -> None:
        if self._thread is None:
            return
        with self._cond:
            self._stop = True
            self._cond.notify()
        self._thread.join(timeout=10)
        self._thread = None

    # --- worker side -------------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._stop:
                    self._cond.wait()
                if self._stop:
                    return
                rid, scenario = self._pending
                self._pending = None
            self._run(rid, scenario)

    def _superseded(self, rid: int) -> bool:
        with self._cond:
            return self._pending is not None and self._pending[0] > rid

    def _run(self, rid: int, scenario) -> None:
        try:
            first = self._first_stage(scenario)
            self._shown.clear()
            self._workerFirst.emit(rid, first)
            if self._threaded:
                self._shown.wait(FIRST_STAGE_WAIT_S)
            if self._superseded(rid):
                return
            results = self._full(scenario, first)
            self._workerReady.emit(rid, results)
        except Exception as e:  # the core validated input; anything here is a bug to report
            traceback.print_exc()
            self._workerFailed.emit(rid, f"{type(e).__name__}: {e}")

    # --- GUI side ----------------------------------------------------------------------------
    @Slot(int, object)
    def _on_first(self, rid: int, first) -> None:
        if rid != self._latest:
            self._shown.set()
            return
        self.firstStage.emit(rid, first)
        if not self.hold_for_paint:
            self._shown.set()

    def first_stage_shown(self) -> None:
        """The first stage is on screen: the worker may go on with the second."""
        self._shown.set()

    @Slot(int, object)
    def _on_ready(self, rid: int, results) -> None:
        if rid != self._latest:
            return
        self._set_busy(False)
        self.ready.emit(rid, results)

    @Slot(int, str)
    def _on_failed(self, rid: int, message: str) -> None:
        if rid == self._latest:
            self._set_busy(False)
            self.failed.emit(rid, message)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)
