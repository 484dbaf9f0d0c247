"""Undo commands (ARCHITECTURE.md convention 3): each swaps whole Scenario values on the document.

A command never touches a widget. Commands with the same merge key (a slider drag on one field)
merge into one undo step until the document closes the merge (the drag ends).
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

MERGE_ID = 1


class SetScenario(QUndoCommand):
    def __init__(self, document, old, new, text: str, merge_key: str | None = None):
        super().__init__(text)
        self._document = document
        self.old, self.new = old, new
        self.merge_key = merge_key
        self.closed = merge_key is None

    def redo(self) -> None:
        self._document._set_scenario(self.new)

    def undo(self) -> None:
        self._document._set_scenario(self.old)

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if self.closed or getattr(other, "merge_key", None) != self.merge_key:
            return False
        self.new = other.new
        if self.new == self.old:  # dragged back to where it started: no step at all
            self.setObsolete(True)
        return True
