"""The scenario tree: shells, satellite designs, ground stations, terrestrial alternatives, and
launch & economics, as a Qt item model updated in place (a change renames, adds or removes only the
rows that changed; nothing is rebuilt, so the view keeps its scroll position and expansion).

Selecting a row selects that part on the document (the editor tabs, plots and globe follow); the
document owns the selection and the tree only shows it. Delete (or the context menu) removes the
selected part, Duplicate copies a design (one undo step each).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTreeView

from orbitdesk.app.crashlog import guarded

SECTIONS = (
    ("shells", "Shells"),
    ("designs", "Satellite designs"),
    ("ground_stations", "Ground stations"),
    ("terrestrial", "Terrestrial alternatives"),
    ("launch", "Launch & economics"),
)
ROLE = Qt.ItemDataRole.UserRole
KINDS = {"walker": "Walker", "sso": "SSO", "placed": "placed", "tle": "TLE"}


def describe(section: str, part) -> str:
    if section == "shells":
        alt = f", {part.altitude_km:g} km" if hasattr(part, "altitude_km") else ""
        return f"{part.name}  ({KINDS[part.kind]}, {part.satellite_count:,} sat{alt})"
    if section == "designs":
        return f"{part.name}  ({part.compute.gpu_count} × {part.compute.gpu})"
    if section == "ground_stations":
        return f"{part.name}  ({part.latitude_deg:.1f}°, {part.longitude_deg:.1f}°)"
    return part.name


def _item(text: str, key: tuple[str, int], tip: str = "") -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(key, ROLE)
    if tip:
        item.setToolTip(tip)
    return item


class ScenarioTree(QTreeView):
    deleteRequested = Signal(str, int)
    duplicateRequested = Signal(int)  # design index

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self._document = document
        self._updating = False
        self.setObjectName("scenario_tree")
        self.setHeaderHidden(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(True)
        self.tree_model = QStandardItemModel(self)
        self._tops: dict[str, QStandardItem] = {}
        for section, title in SECTIONS:
            top = _item(title, (section, -1) if section != "launch" else ("launch", 0))
            self.tree_model.appendRow(top)
            self._tops[section] = top
        self.setModel(self.tree_model)
        self.selectionModel().currentChanged.connect(self._on_current)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        document.changed.connect(self.update_rows)
        document.selectionChanged.connect(self._show_selection)
        self.update_rows()
        self.expandAll()

    # --- model -> view -----------------------------------------------------------------------
    def update_rows(self, *_) -> None:
        """Make the rows match the scenario: rename in place, append or remove at the end."""
        s = self._document.scenario
        self._updating = True
        try:
            for section, _title in SECTIONS[:-1]:
                top, parts = self._tops[section], getattr(s, section)
                if top.rowCount() > len(parts):
                    top.removeRows(len(parts), top.rowCount() - len(parts))
                for i, part in enumerate(parts):
                    text = describe(section, part)
                    if i < top.rowCount():
                        if top.child(i).text() != text:
                            top.child(i).setText(text)
                    else:
                        top.appendRow(_item(text, (section, i)))
                        self.expand(top.index())
        finally:
            self._updating = False
        self._show_selection(*self._document.selection)

    def item(self, section: str, index: int) -> QStandardItem | None:
        top = self._tops.get(section)
        if top is None:
            return None
        if section == "launch":
            return top
        return top.child(index) if 0 <= index < top.rowCount() else None

    def rows(self, section: str) -> list[str]:
        """The texts shown under a section (tests)."""
        top = self._tops[section]
        return [top.child(i).text() for i in range(top.rowCount())]

    def _show_selection(self, section: str, index: int) -> None:
        item = self.item(section, index)
        if item is None:
            return
        idx = item.index()
        if self.currentIndex() == idx and self.selectionModel().isSelected(idx):
            return
        self._updating = True
        try:
            self.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(idx)
        finally:
            self._updating = False

    # --- view -> document --------------------------------------------------------------------
    def _on_current(self, current, _previous) -> None:
        if self._updating or not current.isValid():
            return
        section, index = current.data(ROLE)
        if index < 0:  # a section heading: its first part, if it has one
            if self.item(section, 0) is None:
                self._show_selection(*self._document.selection)
                return
            index = 0
        self._document.select(section, index)

    def select_item(self, section: str, index: int) -> None:
        """Select as a click would (tests, keyboard)."""
        item = self.item(section, index)
        self.selectionModel().setCurrentIndex(item.index(), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _context_menu(self, pos) -> None:
        idx = self.indexAt(pos)
        if not idx.isValid():
            return
        section, index = idx.data(ROLE)
        if index < 0 or section == "launch":
            return
        menu = QMenu(self)
        if section == "designs":
            menu.addAction("Duplicate design", lambda: self.duplicateRequested.emit(index))
        menu.addAction("Delete", lambda: self.deleteRequested.emit(section, index))
        menu.exec(self.viewport().mapToGlobal(pos))

    @guarded("handling a key in the tree")
    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deleteRequested.emit(*self._document.selection)
            return
        super().keyPressEvent(event)
