"""Undo commands (ARCHITECTURE.md conventions 3 and 15): each swaps whole Scenario values (and,
where the edit chose one, the selection) on the document.

A command never touches a widget. Commands with the same merge key (a slider drag on one field)
merge into one undo step until the document closes the merge (the drag ends).

A command is a boundary between Qt's C++ frames and Python: ``redo``/``undo`` are called from
inside ``QUndoStack``, and an exception escaping them takes the process down. The document applies
a new edit *before* pushing its command (a failure there restores the old state and pushes
nothing: the stack is unchanged), so the first ``redo`` inside ``push`` does nothing; later
redo/undo steps catch, report through ``sys.excepthook`` (the crash log) and leave the document
at the state the stack's index says.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QUndoCommand

from orbitdesk.app.crashlog import guarded

MERGE_ID = 1


class SetScenario(QUndoCommand):
    def __init__(self, document, old, new, text: str, merge_key: str | None = None,
                 old_selection: tuple[str, int] | None = None,
                 new_selection: tuple[str, int] | None = None):
        super().__init__(text)
        self._document = document
        self.old, self.new = old, new
        self.old_selection, self.new_selection = old_selection, new_selection
        self.merge_key = merge_key
        self.closed = merge_key is None
        self.failed = False
        self.applied = False

    def _swap(self, scenario, selection) -> None:
        try:
            self._document._set_scenario(scenario, selection)
        except Exception:  # the boundary: report, never propagate into Qt
            self.failed = True
            sys.excepthook(*sys.exc_info())

    def redo(self) -> None:
        if self.applied:  # the document applied it before the push
            self.applied = False
            return
        self._swap(self.new, self.new_selection)

    def undo(self) -> None:
        self._swap(self.old, self.old_selection)

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    @guarded("merging an edit into the last undo step")
    def mergeWith(self, other: QUndoCommand) -> bool:
        if self.closed or getattr(other, "merge_key", None) != self.merge_key:
            return False
        self.new = other.new
        self.new_selection = other.new_selection
        if self.new == self.old:  # dragged back to where it started: no step at all
            self.setObsolete(True)
        return True
