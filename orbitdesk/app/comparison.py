"""The comparison: a second scenario (B) shown beside the open one (A) without entering it.

B is a scenario file opened for comparison or a snapshot of the open scenario taken before a
change; it is evaluated once on the compute runner's worker, and its results are what the views
draw dashed/dotted beside A's. B lives outside the document: no undo step, no modified mark, nothing
in the scenario file; closing the comparison leaves the document as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from orbitdesk.app.crashlog import guarded

JOB = "comparison"


def _evaluate(scenario):
    from orbitdesk.core import evaluate

    return evaluate(scenario)


class Comparison(QObject):
    changed = Signal()  # B set (its results arrived) or cleared
    failed = Signal(str)  # B could not be evaluated: the message

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self._runner = runner
        self.scenario = None
        self.results = None
        self.label = ""  # "B: <name> (<file>)" as the views show it
        self._pending = False  # a B evaluation asked for and not answered (the runner drops stale ones)
        runner.done.connect(self._on_done)
        runner.jobFailed.connect(self._on_failed)

    @property
    def active(self) -> bool:
        return self.results is not None

    def set_scenario(self, scenario, source: str) -> None:
        """Compare with ``scenario`` (named by ``source``: a file name, or "snapshot HH:MM")."""
        self.scenario, self.results = scenario, None
        self.label = f"B: {scenario.name} ({source})"
        self._pending = True  # before submit: a runner without a thread answers inside it
        self._runner.submit(JOB, _evaluate, scenario)

    def clear(self) -> None:
        was = self.scenario is not None
        self.scenario = self.results = None
        self.label = ""
        self._pending = False
        if was:
            self.changed.emit()

    @guarded("showing the comparison")
    def _on_done(self, kind: str, rid: int, result) -> None:
        if kind != JOB or not self._pending:
            return
        self._pending = False
        self.results = result
        self.changed.emit()

    @guarded("showing the comparison")
    def _on_failed(self, kind: str, rid: int, message: str) -> None:
        if kind != JOB or not self._pending:
            return
        self._pending = False
        self.scenario = self.results = None
        self.label = ""
        self.failed.emit(message)
        self.changed.emit()
