"""The scenario tree: shells, satellite designs, ground stations, terrestrial alternatives.

Selecting an item selects it on the document (the editor tabs and the globe follow). Delete (or
the context menu) removes the selected part, Duplicate copies a design (one undo step each). The
tree is rebuilt on each document change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMenu, QTreeWidget, QTreeWidgetItem

SECTIONS = (
    ("shells", "Shells"),
    ("designs", "Satellite designs"),
    ("ground_stations", "Ground stations"),
    ("terrestrial", "Terrestrial alternatives"),
    ("launch", "Launch & economics"),
)
ROLE = Qt.ItemDataRole.UserRole


def _describe(section: str, part) -> str:
    if section == "shells":
        kind = {"walker": "Walker", "sso": "SSO", "placed": "placed", "tle": "TLE"}[part.kind]
        alt = f", {part.altitude_km:g} km" if hasattr(part, "altitude_km") else ""
        return f"{part.name}  ({kind}, {part.satellite_count:,} sat{alt})"
    if section == "designs":
        return f"{part.name}  ({part.compute.gpu_count} × {part.compute.gpu})"
    if section == "ground_stations":
        return f"{part.name}  ({part.latitude_deg:.1f}°, {part.longitude_deg:.1f}°)"
    return part.name


class ScenarioTree(QTreeWidget):
    deleteRequested = Signal(str, int)
    duplicateRequested = Signal(int)  # design index

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self._document = document
        self.setHeaderHidden(True)
        self.setObjectName("scenario_tree")
        self._items: dict[tuple[str, int], QTreeWidgetItem] = {}
        self.itemSelectionChanged.connect(self._on_item_selected)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        document.changed.connect(self.rebuild)
        document.selectionChanged.connect(self._show_selection)
        self.rebuild()

    def rebuild(self, *_) -> None:
        s = self._document.scenario
        self.blockSignals(True)
        self.clear()
        self._items.clear()
        for section, title in SECTIONS:
            top = QTreeWidgetItem([title])
            top.setData(0, ROLE, (section, -1))
            self.addTopLevelItem(top)
            if section == "launch":
                self._items[("launch", 0)] = top
                continue
            for i, part in enumerate(getattr(s, section)):
                item = QTreeWidgetItem([_describe(section, part)])
                item.setData(0, ROLE, (section, i))
                top.addChild(item)
                self._items[(section, i)] = item
            top.setExpanded(True)
        self.blockSignals(False)
        self._show_selection(*self._document.selection)

    def _show_selection(self, section: str, index: int) -> None:
        item = self._items.get((section, index))
        self.blockSignals(True)
        self.clearSelection()
        if item is not None:
            item.setSelected(True)
            self.setCurrentItem(item)
        self.blockSignals(False)

    def _on_item_selected(self) -> None:
        items = self.selectedItems()
        if not items:
            return
        section, index = items[0].data(0, ROLE)
        if section == "launch":
            index = 0
        if index >= 0:
            self._document.select(section, index)

    def select_item(self, section: str, index: int) -> None:
        """Select as a click would (tests, keyboard)."""
        self._items[(section, index)].setSelected(True)
        self.setCurrentItem(self._items[(section, index)])

    def _context_menu(self, pos) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        section, index = item.data(0, ROLE)
        if index < 0 or section == "launch":
            return
        menu = QMenu(self)
        if section == "designs":
            menu.addAction("Duplicate design", lambda: self.duplicateRequested.emit(index))
        menu.addAction("Delete", lambda: self.deleteRequested.emit(section, index))
        menu.exec(self.viewport().mapToGlobal(pos))

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deleteRequested.emit(*self._document.selection)
            return
        super().keyPressEvent(event)
