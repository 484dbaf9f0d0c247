"""Base of the views that draw the compute runner's full results (an adapter view)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from orbitdesk.app.crashlog import guarded


class ResultsView(QWidget):
    """Connects to ``runner.ready`` on creation and disconnects on close; each result is one
    ``redraw`` (counted, so tests can check one model change means one redraw)."""

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self._runner = runner
        self.results = None
        self.comparison = None  # scenario B's results, drawn beside (app/comparison.py)
        self.comparison_label = ""
        self.redraws = 0
        runner.ready.connect(self._on_ready)

    @guarded("closing a results view")
    def closeEvent(self, event):
        self._runner.ready.disconnect(self._on_ready)
        super().closeEvent(event)

    def _on_ready(self, _rid, results) -> None:
        self.results = results
        self.redraw()
        self.redraws += 1

    def set_comparison(self, results, label: str = "") -> None:
        """Draw ``results`` (scenario B) beside the current ones; None: no comparison."""
        self.comparison, self.comparison_label = results, label
        if self.results is not None:
            self.redraw()

    def redraw(self) -> None:
        raise NotImplementedError
