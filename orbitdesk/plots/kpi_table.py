"""The KPI table: the orbital design next to each terrestrial alternative, grouped (per
satellite, fleet, epoch orbit, ground contact, mission life, economics; rows from report.py).

A Qt item model updated in place: a new result rewrites only the cells whose text changed; the
model is rebuilt only when the columns (the terrestrial sites) change. Each row's tooltip says
what the KPI means and over which period; each group's, what its rows cover.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTreeView, QVBoxLayout

from orbitdesk.handover.compare import differences
from orbitdesk.plots.results_view import ResultsView
from orbitdesk.report import GROUPS, NO_VALUE, ROWS, kpi_cells, kpi_csv

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class KpiTable(ResultsView):
    def __init__(self, runner, parent=None):
        super().__init__(runner, parent)
        self.model = QStandardItemModel(self)
        self.view = QTreeView()
        self.view.setObjectName("kpi_table")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setRootIsDecorated(False)
        self.view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.view)
        self._columns: list[str] | None = None
        self._shown = None  # the cells last written (None: the model is new)
        self._where: dict[str, tuple[int, int]] = {}  # kpi key -> (group row, row in the group)

    def _build(self, header: list[str]) -> None:
        """A fresh model for new columns (the sites changed). The old model is dropped whole,
        never cleared under Python's feet: clearing a model whose items Python still referenced
        crashed the process (the fuzz test's F5); cells are found by index, no item is kept."""
        model = QStandardItemModel(self)
        model.setHorizontalHeaderLabels(["KPI", *header[1:]])
        for j, name in enumerate(header[1:], start=1):
            model.horizontalHeaderItem(j).setToolTip(self.comparison_label if name == "B" else name)
        bold = QFont()
        bold.setBold(True)
        self._where.clear()
        for g, (group, description) in enumerate(GROUPS):
            top = QStandardItem(group)
            top.setFont(bold)
            top.setToolTip(description)
            model.appendRow([top, *[QStandardItem("") for _ in header[1:]]])
            for r, row in enumerate(r for r in ROWS if r.group == group):
                label = QStandardItem(row.title)
                label.setToolTip(f"<b>{row.title}</b><br>{row.description}")
                cells = [QStandardItem("") for _ in header[1:]]
                for item in cells:
                    item.setTextAlignment(RIGHT)
                top.appendRow([label, *cells])
                self._where[row.key] = (g, r)
        old, self.model = self.model, model
        self.view.setModel(model)
        old.deleteLater()
        self.view.expandAll()
        h = self.view.header()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for j in range(1, len(header)):
            h.setSectionResizeMode(j, QHeaderView.ResizeMode.Stretch)
        self._columns = header

    def _index(self, key: str, column: int):
        g, r = self._where[key]
        return self.model.index(r, column, self.model.index(g, 0))

    def redraw(self) -> None:
        header, rows = kpi_cells(self.results)
        if self.comparison is not None:  # B and B − A after the orbital column
            diffs = {d.row.key: d.cells() for d in differences(self.results, self.comparison)}
            header = [header[0], "Orbital (A)", "B", "B − A", *header[2:]]
            rows = [[cells[0], cells[1], *diffs.get(row.key, [NO_VALUE] * 4)[1:3], *cells[2:]]
                    for row, cells in zip(ROWS, rows, strict=True)]
        if header != self._columns:
            self._build(header)
            self._shown = None
        shown, self._shown = self._shown, rows
        for i, (row, cells) in enumerate(zip(ROWS, rows, strict=True)):
            if shown is not None and shown[i] == cells:
                continue  # an edit changes a few rows: the others cost no model lookups
            for j, text in enumerate(cells[1:], start=1):
                index = self._index(row.key, j)
                if index.data() != text:
                    self.model.setData(index, text)

    def cell(self, key: str, column: int = 1) -> str:
        """Text of one KPI (column 1 = orbital)."""
        return self._index(key, column).data()

    def data_csv(self) -> str:
        return kpi_csv(self.results) if self.results else ""
