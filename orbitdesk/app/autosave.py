"""Autosave: every minute (by default) a modified document is written, atomically, to the
user's data directory. A clean exit removes the file, so a file found at start-up means the last
session did not end cleanly: the window offers to restore it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from orbitdesk.model import ScenarioFileError, load_scenario, save_scenario
from orbitdesk.model.scenario import Scenario

AUTOSAVE_NAME = "autosave.orbitdesk.json"


class Autosaver(QObject):
    def __init__(self, document, directory: Path, interval_s: int = 60, parent=None):
        super().__init__(parent)
        self._document = document
        self.path = Path(directory) / AUTOSAVE_NAME
        self._timer = QTimer(self)
        self.set_interval(interval_s)
        self._timer.timeout.connect(self.save_now)

    def set_interval(self, interval_s: int) -> None:
        self._timer.setInterval(max(int(interval_s), 1) * 1000)

    def start(self) -> None:
        self._timer.start()

    def save_now(self) -> bool:
        """Write the document if it has unsaved changes; True if written."""
        if not self._document.modified:
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        save_scenario(self._document.scenario, self.path)
        return True

    def pending(self) -> Scenario | None:
        """The scenario a crashed session left behind, or None (an unreadable one is removed)."""
        if not self.path.exists():
            return None
        try:
            return load_scenario(self.path)
        except ScenarioFileError:
            self.discard()
            return None

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
