"""ScenarioDocument: holds the one immutable Scenario, its file and its undo stack.

Views connect to ``changed`` and read ``scenario``; edits go through ``edit`` / ``replace``, which
push undo commands. ``modified`` is "the undo stack is not at its clean index".
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from orbitdesk.app.commands import SetScenario
from orbitdesk.app.selection import clamp_selection, shown_shell
from orbitdesk.model import default_scenario, load_scenario, save_scenario
from orbitdesk.model.edit import get_value, with_value
from orbitdesk.model.names import follow_generated_names
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
        self._last_shell = 0
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
        """What the tree has selected: ("shells", i), ("designs", i), ("ground_stations", i),
        ("terrestrial", i) or ("launch", 0); always valid for the current scenario."""
        return self._selection

    def select(self, section: str, index: int = 0) -> None:
        selection = clamp_selection(self._scenario, (section, index))
        if selection != self._selection:
            self._remember_shell(selection)
            self._selection = selection
            self.selectionChanged.emit(*selection)

    def selected_shell(self) -> int:
        """The shell the views show: the selected shell; for a selected design, the shell last
        selected if it flies that design, else the first shell that does; otherwise the shell last
        selected."""
        return shown_shell(self._scenario, self._selection, self._last_shell)

    def selected_design(self) -> int:
        """The design the design tabs edit: the selected design, or the shown shell's design."""
        section, index = self._selection
        if section == "designs":
            return index
        names = [d.name for d in self._scenario.designs]
        return names.index(self._scenario.shells[self.selected_shell()].design)

    def _remember_shell(self, selection: tuple[str, int]) -> None:
        if selection[0] == "shells":
            self._last_shell = selection[1]

    # --- editing -----------------------------------------------------------------------------
    def edit(self, path: str, value: Any, *, merge: bool = False, text: str | None = None) -> Scenario:
        """Set one field. Raises pydantic's ValidationError (nothing applied) if the result is
        invalid. ``merge`` folds consecutive edits of the same field into one undo step."""
        new = with_value(self._scenario, path, value)
        self.replace(new, text or f"Set {path.split('.')[-1]}", merge_key=path if merge else None,
                     follow_names=True)
        return self._scenario

    def replace(self, new: Scenario, text: str, merge_key: str | None = None,
                select: tuple[str, int] | None = None, follow_names: bool = False) -> bool:
        """Make ``new`` the scenario as one undo step (``select``: the selection it brings, also
        undone). ``follow_names``: an edit of the same parts, whose generated names follow it
        ("AI sat 112 kW" becomes "AI sat 141 kW" with B200s; a name the user typed stays).
        The edit is applied before its command is pushed: if applying it fails, the old state is
        restored, the failure reported (sys.excepthook: the crash log) and nothing is pushed.
        True when applied."""
        if new == self._scenario and (select is None or select == self._selection):
            return False
        old, old_selection = self._scenario, self._selection
        if follow_names:
            new = follow_generated_names(old, new)
        new_selection = clamp_selection(new, select or old_selection)
        try:
            self._set_scenario(new, new_selection)
        except Exception:  # the boundary: nothing half-applied, nothing on the stack
            sys.excepthook(*sys.exc_info())
            self._scenario, self._selection = old, old_selection
            self.changed.emit(old)
            return False
        command = SetScenario(self, old, new, text, merge_key, old_selection, new_selection)
        command.applied = True
        self.undo_stack.push(command)
        return True

    def end_merge(self) -> None:
        """The drag is over: the next edit of the same field is a new undo step."""
        index = self.undo_stack.index()
        if index > 0:
            top = self.undo_stack.command(index - 1)
            if isinstance(top, SetScenario):
                top.closed = True

    def _set_scenario(self, scenario: Scenario, selection: tuple[str, int] | None = None) -> None:
        """Swap in a scenario (and a selection), clamped first, then one ``changed`` signal (and
        ``selectionChanged`` only when the selection moved)."""
        new_selection = clamp_selection(scenario, selection or self._selection)
        moved = new_selection != self._selection
        changed = scenario is not self._scenario
        self._scenario = scenario
        self._remember_shell(new_selection)
        self._last_shell = min(self._last_shell, len(scenario.shells) - 1)
        self._selection = new_selection
        if changed:
            self.changed.emit(scenario)
        if moved:
            self.selectionChanged.emit(*new_selection)

    # --- files -------------------------------------------------------------------------------
    def reset(self, scenario: Scenario, path: Path | None = None) -> None:
        """A new document state with no history (New, Open); the first shell selected."""
        self.undo_stack.clear()
        self._path = Path(path) if path else None
        self._last_shell = 0
        self._set_scenario(scenario, ("shells", 0))
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
