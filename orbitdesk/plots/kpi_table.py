"""The KPI table: the orbital design next to each terrestrial alternative (rows from report.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from orbitdesk.plots.results_view import ResultsView
from orbitdesk.report import ROWS, kpi_cells, kpi_csv


class KpiTable(ResultsView):
    def __init__(self, runner, parent=None):
        super().__init__(runner, parent)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #c92a2a;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.table)
        lay.addWidget(self.warnings)

    def redraw(self) -> None:
        results = self.results
        header, rows = kpi_cells(results)
        header = ["KPI", *header[1:]]
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(header)
        for i, (row, cells) in enumerate(zip(ROWS, rows, strict=True)):
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                else:
                    item.setToolTip(f"key: {row.key}")
                self.table.setItem(i, j, item)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for j in range(1, len(header)):
            h.setSectionResizeMode(j, QHeaderView.ResizeMode.Stretch)
        self.warnings.setText("\n".join(f"⚠ {w}" for w in results.warnings))
        self.warnings.setVisible(bool(results.warnings))

    def cell(self, key: str, column: int = 1) -> str:
        """Text of one KPI (column 1 = orbital)."""
        row = [r.key for r in ROWS].index(key)
        return self.table.item(row, column).text()

    def data_csv(self) -> str:
        return kpi_csv(self.results) if self.results else ""
