"""ScenarioDocument: holds the one immutable Scenario, its file and its undo stack.

Views connect to ``changed`` and read ``scenario``; edits go through ``edit`` / ``replace``, which
push undo commands. ``modified`` is "the undo stack is not at its clean index".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from orbitdesk.app.commands import SetScenario
from orbitdesk.model import default_scenario, load_scenario, save_scenario
from orbitdesk.model.edit import get_value, with_value
from orbitdesk.model.scenario import Scenario


class ScenarioDocument(QObject):
    changed = Signal(object)  # the new Scenario
    pathChanged = Signal(object)  # Path or None
    modifiedChanged = Signal(bool)
    selectionChanged = Signal(str, int)  # ("shells", 0), ("designs", 1), ...; ("", -1) = none

    def __init__(self, scenario: Scenario | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._scenario = scenario if scenario is not None else default_scenario()
        self._path: Path | None = None
        self._selection: tuple[str, int] = ("shells", 0)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    @Slot(bool)
    def _on_clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    # --- reading -----------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self._path.name if self._path else "Untitled"

    def value(self, path: str) -> Any:
        return get_value(self._scenario, path)

    @property
    def selection(self) -> tuple[str, int]:
        return self._selection

    def select(self, section: str, index: int) -> None:
        if (section, index) != self._selection:
            self._selection = (section, index)
            self.selectionChanged.emit(section, index)

    # --- editing -----------------------------------------------------------------------------
    def edit(self, path: str, value: Any, *, merge: bool = False, text: str | None = None) -> Scenario:
        """Set one field. Raises pydantic's ValidationError (nothing applied) if the result is
        invalid. ``merge`` folds consecutive edits of the same field into one undo step."""
        new = with_value(self._scenario, path, value)
        self.replace(new, text or f"Set {path.split('.')[-1]}", merge_key=path if merge else None)
        return new

    def replace(self, new: Scenario, text: str, merge_key: str | None = None) -> None:
        if new == self._scenario:
            return
        self.undo_stack.push(SetScenario(self, self._scenario, new, text, merge_key))

    def end_merge(self) -> None:
        """The drag is over: the next edit of the same field is a new undo step."""
        index = self.undo_stack.index()
        if index > 0:
            top = self.undo_stack.command(index - 1)
            if isinstance(top, SetScenario):
                top.closed = True

    def _set_scenario(self, scenario: Scenario) -> None:
        if scenario is not self._scenario:
            self._scenario = scenario
            self.changed.emit(scenario)
            self._clamp_selection()

    def _clamp_selection(self) -> None:
        section, index = self._selection
        if section and index >= len(getattr(self._scenario, section, ())):
            self.select(section, len(getattr(self._scenario, section)) - 1)

    # --- files -------------------------------------------------------------------------------
    def reset(self, scenario: Scenario, path: Path | None = None) -> None:
        """A new document state with no history (New, Open)."""
        self.undo_stack.clear()
        self._path = Path(path) if path else None
        self._set_scenario(scenario)
        self.undo_stack.setClean()
        self.pathChanged.emit(self._path)
        self.modifiedChanged.emit(False)

    def open(self, path: str | Path) -> None:
        """Load a file; raises ScenarioFileError and leaves the document as it was."""
        self.reset(load_scenario(path), Path(path))

    def save(self, path: str | Path | None = None) -> Path:
        target = Path(path) if path else self._path
        if target is None:
            raise ValueError("no file name: use Save As")
        save_scenario(self._scenario, target)
        if target != self._path:
            self._path = target
            self.pathChanged.emit(target)
        self.undo_stack.setClean()
        return target
