"""The Trade study dock: vary scenario fields, run a study off the GUI thread, read the answer.

Inputs come from the editor (right-click a number ▸ "Vary in study") or by path. Each input is
shown in its field's unit and spans the range published values span where the catalog has one
(``Sourced.low``/``high``: launch price, radiator areal mass, GPU failure rate, utilization, ...),
else ±50 % of the current value (a triangular low / current / high for a Monte Carlo). The
study (``orbitdesk.study``) is built and checked against the document's scenario before anything
runs: a refused input is named in the dock and nothing runs.
It then runs on a Python thread (``run(..., cancel=threading.Event)``), in this process or on a
dask.distributed cluster (a local one of N workers, or a scheduler address); progress and the
answer come back to the GUI thread as queued signals. One study at a time; Cancel stops it
between points; closing the window cancels it and waits at most ``JOIN_TIMEOUT_S``.

A click on a plotted point (a sweep point, a Monte Carlo draw, a break-even evaluation) makes
that variant of the study's base the document, as one undo step.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass, replace

from pydantic import ValidationError
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from orbitdesk.app.crashlog import guarded
from orbitdesk.model.defaults import path_provenance
from orbitdesk.model.errors import first_problem
from orbitdesk.plots.study_plots import Axis, StudyPlots, fmt, style_lower

JOIN_TIMEOUT_S = 5.0  # closing the window waits this long for a cancelled study's thread
DEFAULT_SPAN = 0.5  # inputs default to ±50 % of the current value
DEFAULT_POINTS = 3
DEFAULT_SAMPLES = 100
MAX_WORKERS = 64
ERROR_STYLE = "color: #c92a2a;"
CONTROLS_WIDTH = 390  # px: the settings and inputs beside the plots
CONTROLS_MIN_WIDTH = 300

KINDS = (
    ("sweep", "Sweep", "Evaluate every point of a grid of 1 or 2 inputs (Low to High, Points each)"),
    ("monte_carlo", "Monte Carlo", "Draw the inputs from their distributions (Latin hypercube of Samples draws "
                                   "from Seed): P10 / P50 / P90 of the KPI"),
    ("tornado", "Tornado", "Each input at its Low and its High with the others at their current values: "
                           "which input moves the KPI most"),
    ("break_even", "Break-even", "The value of one input in [Low, High] at which the orbital KPI equals the "
                                 "chosen terrestrial site's (Brent's method on single evaluations)"),
    ("pareto", "Pareto", "Draw the inputs as a Monte Carlo does and keep the designs no other beats on both "
                         "KPIs (KPI and KPI 2): the trade-off between them"),
)
# (key, label, unit as shown, shown = stored × scale, which way is better: a Pareto objective's sense)
KPIS = (
    ("cost_per_exaflop_usd", "Cost per exaFLOP", "$/EFLOP", 1.0, "min"),
    ("levelised_cost_per_exaflop_usd", "Levelised cost per exaFLOP", "$/EFLOP", 1.0, "min"),
    ("cost_per_gpu_hour_usd", "Cost per GPU-hour", "$/GPU-h", 1.0, "min"),
    ("total_cost_usd", "Cost over the horizon", "$B", 1e-9, "min"),
    ("lifetime_flop", "FLOP over the horizon", "×10²⁷ FLOP", 1e-27, "max"),
)
DISTRIBUTIONS = (("triangular", "Triangular (low, mode, high)"), ("uniform", "Uniform (low, high)"),
                 ("normal", "Normal (mean, sd; low/high optional bounds)"))
DRAWN = ("monte_carlo", "pareto")  # kinds whose inputs are drawn from distributions (Samples, Seed)
WHERE = (("here", "This process"), ("local", "Local cluster"), ("scheduler", "Scheduler address"))

COLUMNS = ("Input", "Way", "Low", "Mid", "High", "SD", "Points")
COLUMN_TIPS = (
    "The scenario field varied (its path in the tooltip), in the field's unit",
    "How the input varies: a grid for sweeps, tornado and break-even; a distribution for a Monte Carlo",
    "The lowest value (sweep, tornado, break-even bracket, uniform and triangular); a normal's optional lower bound",
    "Mid: a triangular distribution's most likely value (mode), or a normal's mean",
    "The highest value; a normal's optional upper bound",
    "A normal distribution's standard deviation, in the input's unit",
    "Grid points between Low and High, both included (sweeps)",
)
COL_LO, COL_MID, COL_HI, COL_SD, COL_N = 2, 3, 4, 5, 6


@dataclass(frozen=True)
class InputRow:
    """One varied input as shown (values in the field's shown unit: stored × ``scale``)."""

    path: str
    label: str
    unit: str = ""
    scale: float = 1.0
    integer: bool = False
    current: float = 0.0
    lo: float | None = None
    hi: float | None = None
    n: int = DEFAULT_POINTS
    distribution: str = "triangular"
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None

    @classmethod
    def around(cls, path: str, label: str, unit: str, scale: float, integer: bool, value: float) -> InputRow:
        """±50 % of the current (shown) value; a zero value spans ±1 of its unit."""
        v = float(value) * scale
        half = abs(v) * DEFAULT_SPAN or 1.0
        lo, hi = v - half, v + half
        if integer:
            lo, hi = math.floor(lo), math.ceil(hi)
            hi = max(hi, lo + 1)
        return cls(path, label, unit, scale, integer, v, lo, hi, DEFAULT_POINTS, "triangular", v, v, half / 2.0)

    @classmethod
    def spanning(cls, path: str, label: str, unit: str, scale: float, integer: bool, value: float,
                 low: float, high: float) -> InputRow:
        """The published range ``low``..``high`` (stored unit), widened to hold the current value;
        a Monte Carlo's triangle peaks at the current value."""
        v = float(value) * scale
        lo, hi = min(low * scale, v), max(high * scale, v)
        if integer:
            lo, hi = math.floor(lo), math.ceil(hi)
            hi = max(hi, lo + 1)
        if hi <= lo:  # a range of one value: ±50 % instead
            return cls.around(path, label, unit, scale, integer, value)
        return cls(path, label, unit, scale, integer, v, lo, hi, DEFAULT_POINTS, "triangular", v, v, (hi - lo) / 4.0)

    @property
    def axis(self) -> Axis:
        return Axis(self.label, self.unit, self.scale)

    def name(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def study_input(self, kind: str):
        """The StudyInput in the field's stored unit (pydantic's ValidationError if refused)."""
        from orbitdesk.study import StudyInput

        s = self.scale

        def stored(v):
            return None if v is None else v / s

        common = {"path": self.path, "label": self.label}
        if kind in DRAWN:
            if self.distribution == "normal":
                return StudyInput(**common, distribution="normal", mean=stored(self.mean), sd=stored(self.sd),
                                  lo=stored(self.lo), hi=stored(self.hi))
            if self.distribution == "uniform":
                return StudyInput(**common, distribution="uniform", lo=stored(self.lo), hi=stored(self.hi))
            return StudyInput(**common, distribution="triangular", lo=stored(self.lo), mode=stored(self.mode),
                              hi=stored(self.hi))
        return StudyInput(**common, lo=stored(self.lo), hi=stored(self.hi), n=self.n if kind == "sweep" else 2)

    def editable(self, kind: str) -> set[int]:
        """The columns that mean something for this kind (and distribution)."""
        if kind == "sweep":
            return {COL_LO, COL_HI, COL_N}
        if kind not in DRAWN:
            return {COL_LO, COL_HI}
        return {"uniform": {COL_LO, COL_HI}, "triangular": {COL_LO, COL_MID, COL_HI},
                "normal": {COL_LO, COL_MID, COL_HI, COL_SD}}[self.distribution]


class _Bridge(QObject):
    """Signals from the study's thread to the GUI thread (queued: the receiver lives there)."""

    progressed = Signal(int, int, int)  # run id, done, total
    finished = Signal(int, object)  # run id, StudyResult
    failed = Signal(int, str)  # run id, message


class StudyDock(QWidget):
    """The dock's widget. ``window``: the main window (its document, status bar, export dialog)."""

    runningChanged = Signal(bool)

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self._window = window
        self.document = window.document
        self.rows: list[InputRow] = []
        self.threaded = True  # tests may run a study in the GUI thread (False)
        self.result = None
        self._base = None  # the scenario the shown result was run on
        self._running_base = None
        self._thread: threading.Thread | None = None
        self._cancel: threading.Event | None = None
        self._run_id = 0
        self._closed = False
        self._bridge = _Bridge(self)
        self._bridge.progressed.connect(self._on_progress)
        self._bridge.finished.connect(self._on_finished)
        self._bridge.failed.connect(self._on_failed)
        self._build()
        self.document.changed.connect(self._fill_sites)
        self._fill_sites()
        self._kind_changed()

    # --- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        controls = QWidget()
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        self.kind = QComboBox()
        for key, label, tip in KINDS:
            self.kind.addItem(label, key)
            self.kind.setItemData(self.kind.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.kind.setToolTip("What the study asks: a sweep, a Monte Carlo, a tornado, a break-even or a Pareto front")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.kpi = QComboBox()
        self.kpi2 = QComboBox()
        for key, label, unit, _scale, sense in KPIS:
            self.kpi.addItem(f"{label} ({unit})", key)
            self.kpi2.addItem(f"{label} ({unit}, {'less' if sense == 'min' else 'more'} is better)", key)
        self.kpi2.setCurrentIndex(self.kpi2.findData("lifetime_flop"))
        self.kpi2.setToolTip("Pareto: the second KPI, traded against the first")
        self.kpi.setToolTip("The KPI the study records and plots (the orbital design's; a break-even compares it "
                            "with the site's)")
        self.site = QComboBox()
        self.site.setToolTip("Break-even: the terrestrial site of the scenario whose KPI the orbital design must equal")
        self.site.setMinimumContentsLength(12)
        self.site.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.samples = QSpinBox(minimum=2, maximum=1_000_000, value=DEFAULT_SAMPLES)
        self.samples.setSuffix(" draws")
        self.samples.setToolTip("Monte Carlo: how many draws (each a full evaluation of the scenario)")
        self.seed = QSpinBox(minimum=0, maximum=2**31 - 1, value=0)
        self.seed.setToolTip("Monte Carlo: the random seed (the same seed draws the same points)")
        self.where = QComboBox()
        for key, label in WHERE:
            self.where.addItem(label, key)
        from orbitdesk.study.engine import dask_available

        if not dask_available():
            for i in (1, 2):
                self.where.model().item(i).setEnabled(False)
        self.where.setToolTip("Where the points are evaluated: in this process (on a thread), on a local "
                              "dask.distributed cluster of N worker processes, or on a running scheduler")
        self.where.currentIndexChanged.connect(self._where_changed)
        self.workers = QSpinBox(minimum=1, maximum=MAX_WORKERS, value=max(1, min(os.cpu_count() or 1, MAX_WORKERS)))
        self.workers.setSuffix(" workers")
        self.workers.setToolTip("Local cluster: worker processes (one thread each)")
        self.address = QLineEdit()
        self.address.setPlaceholderText("tcp://host:8786")
        self.address.setToolTip("Scheduler: a dask.distributed scheduler address (tcp://host:8786) or the path of "
                                "a scheduler file")
        labels = {}
        for text, w in (("&Kind", self.kind), ("K&PI", self.kpi), ("KPI &2", self.kpi2), ("S&ite", self.site),
                        ("Sa&mples", self.samples),
                        ("Se&ed", self.seed), ("Run &on", self.where), ("Wor&kers", self.workers),
                        ("A&ddress", self.address)):
            labels[w] = QLabel(text)
            labels[w].setBuddy(w)
        self._labels = labels
        self.workers.setSuffix("")
        for r, pair in enumerate(((self.kind, self.samples), (self.where, self.seed), (self.kpi,), (self.kpi2,),
                                  (self.site,), (self.workers, self.address))):
            for c, w in enumerate(pair):
                grid.addWidget(labels[w], r, 2 * c)
                grid.addWidget(w, r, 2 * c + 1, 1, 3 if len(pair) == 1 else 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        for j, tip in enumerate(COLUMN_TIPS):
            self.table.horizontalHeaderItem(j).setToolTip(tip)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        number_width = self.table.fontMetrics().horizontalAdvance("-0.00000") + 12
        for j in range(1, len(COLUMNS)):
            header.setSectionResizeMode(j, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(j, number_width)
        probe = QComboBox()
        probe.addItems([key for key, _ in DISTRIBUTIONS])
        header.resizeSection(1, probe.sizeHint().width() + 4)
        header.setMinimumSectionSize(40)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setMinimumHeight(3 * (self.table.fontMetrics().height() + 8) + 6)
        self.table.setToolTip("The inputs varied: right-click a number in the Editor ▸ Vary in study, or type a "
                              "scenario path below. Edit a value in place (F2 or type); Del removes the row")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._cell_edited)
        remove = QAction("Remove input", self.table)
        remove.setShortcut("Del")
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.table.addAction(remove)

        self.path = QLineEdit()
        self.path.setPlaceholderText("scenario path, e.g. launch.cost_usd_per_kg")
        self.path.setToolTip("Add an input by its scenario path (as in the warnings): launch.cost_usd_per_kg, "
                             "designs[0].radiator.area_m2, shells[0].altitude_km")
        self.path.returnPressed.connect(self._add_typed)
        self.add_button = QPushButton("&Add")
        self.add_button.setToolTip("Vary the field at the typed path (its published range where the catalogs "
                                   "have one, else ±50 % of its current value)")
        self.add_button.clicked.connect(self._add_typed)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Stop varying the selected input (Del in the table)")
        self.remove_button.clicked.connect(self.remove_selected)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.add_button)
        path_row.addWidget(self.remove_button)

        self.run_button = QPushButton("R&un study")
        self.run_button.setToolTip("Check the study against the scenario and run it (off the GUI thread)")
        self.run_button.clicked.connect(self.run_study)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setToolTip("Stop the running study after the point being evaluated; the points done "
                                      "so far are shown")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%v / %m points")
        self.progress.setToolTip("Points evaluated so far, of the study's")
        self.export_button = QToolButton()
        self.export_button.setText("E&xport")
        self.export_button.setToolTip("The study's plots as PNG or SVG, its table as CSV")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction("Plots as image…", self.export_image)
        menu.addAction("Table as CSV…", self.export_csv)
        self.export_button.setMenu(menu)
        self.export_button.setEnabled(False)
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.export_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        lay = QVBoxLayout(controls)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(3)
        lay.addLayout(grid)
        lay.addLayout(run_row)  # the run, its progress and its message above the inputs: always in view
        lay.addWidget(self.message)
        lay.addWidget(self.table, 1)
        lay.addLayout(path_row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(controls)
        scroll.setMinimumWidth(CONTROLS_MIN_WIDTH)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self.plots = StudyPlots()
        self.plots.pointClicked.connect(self.load_point)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.plots)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([CONTROLS_WIDTH, 2 * CONTROLS_WIDTH])
        self.splitter.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.splitter)
        self._where_changed()

    # --- the settings ------------------------------------------------------------------------
    @property
    def kind_key(self) -> str:
        return self.kind.currentData()

    @guarded("changing the study kind")
    def _kind_changed(self, *_args) -> None:
        kind = self.kind_key
        self.samples.setEnabled(kind in DRAWN)
        self.seed.setEnabled(kind in DRAWN)
        for w in (self.site, self._labels[self.site]):
            w.setVisible(kind == "break_even")
        for w in (self.kpi2, self._labels[self.kpi2]):
            w.setVisible(kind == "pareto")
        self._fill_table()

    @guarded("choosing where a study runs")
    def _where_changed(self, *_args) -> None:
        where = self.where.currentData()
        for w, on in ((self.workers, where == "local"), (self.address, where == "scheduler")):
            w.setVisible(on)
            self._labels[w].setVisible(on)

    @guarded("listing the terrestrial sites")
    def _fill_sites(self, *_args) -> None:
        names = [t.name for t in self.document.scenario.terrestrial]
        if [self.site.itemText(i) for i in range(self.site.count())] == names:
            return
        current = self.site.currentText()
        self.site.blockSignals(True)
        self.site.clear()
        self.site.addItems(names)
        i = self.site.findText(current)
        if i < 0:
            i = next((k for k, n in enumerate(names) if "Northern Virginia" in n), 0)
        self.site.setCurrentIndex(i if names else -1)
        self.site.blockSignals(False)

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def set_kpi(self, key: str) -> None:
        self.kpi.setCurrentIndex(self.kpi.findData(key))

    # --- the inputs --------------------------------------------------------------------------
    def add_input(self, path: str, label: str | None = None, unit: str = "", scale: float = 1.0,
                  integer: bool = False) -> bool:
        """Vary the field at ``path`` (its published range, else ±50 % of its current value); False
        (and a message) when the scenario has no number there. An input already varied is
        selected, not added twice."""
        from orbitdesk.model.edit import get_value

        try:
            value = get_value(self.document.scenario, path)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            self._say(f"{path}: no such field in the scenario", error=True)
            return False
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            what = "no value" if value is None else f"{type(value).__name__} {str(value)[:40]!r}"
            self._say(f"{path}: not a number to vary (it holds {what})", error=True)
            return False
        for i, row in enumerate(self.rows):
            if row.path == path:
                self.table.selectRow(i)
                self._say(f"{row.name()} is already varied")
                return True
        integer = integer or (isinstance(value, int) and scale == 1.0)
        src = path_provenance(self.document.scenario, path)
        if src is not None and src.has_range:
            row = InputRow.spanning(path, label or path, unit, scale, integer, value, src.low, src.high)
            span = f"the published range ({src.range_source})"
        else:
            row = InputRow.around(path, label or path, unit, scale, integer, value)
            span = "±50 % of the current value: no published range in the catalogs"
        self.rows.append(row)
        self._fill_table()
        self.table.selectRow(len(self.rows) - 1)
        self._say(f"Varying {row.name()} (path {path}) over {span}")
        return True

    @guarded("adding a study input")
    def _add_typed(self, *_args) -> None:
        path = self.path.text().strip()
        if path and self.add_input(path):
            self.path.clear()

    @guarded("removing a study input")
    def remove_selected(self, *_args) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for r in rows:
            if 0 <= r < len(self.rows):
                del self.rows[r]
        self._fill_table()

    def _fill_table(self, keep_widgets: bool = False) -> None:
        """Show ``rows``; ``keep_widgets``: leave the Way combos (one of them is calling)."""
        kind = self.kind_key
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(len(self.rows))
            for r, row in enumerate(self.rows):
                name = QTableWidgetItem(row.name())
                name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                name.setToolTip(f"{row.label}: scenario path {row.path}; current value {fmt(row.current)} {row.unit}")
                self.table.setItem(r, 0, name)
                if not keep_widgets or self.table.cellWidget(r, 1) is None:
                    self.table.setCellWidget(r, 1, self._way_widget(r, row, kind))
                values = {COL_LO: row.lo, COL_HI: row.hi, COL_N: row.n,
                          COL_MID: row.mean if row.distribution == "normal" else row.mode, COL_SD: row.sd}
                on = row.editable(kind)
                for col, v in values.items():
                    item = QTableWidgetItem()
                    if col in on:
                        item.setText("" if v is None else (str(v) if col == COL_N else f"{v:.6g}"))
                        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                      | Qt.ItemFlag.ItemIsEditable)
                        item.setToolTip(f"{COLUMN_TIPS[col]}" + (f" ({row.unit})" if row.unit and col != COL_N else ""))
                    else:
                        item.setText("—")
                        item.setFlags(Qt.ItemFlag.ItemIsSelectable)
                        item.setToolTip("not used by this kind of study")
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(r, col, item)
        finally:
            self.table.blockSignals(False)
        used = set().union(*(row.editable(kind) for row in self.rows)) if self.rows else {COL_LO, COL_HI}
        for col in (COL_MID, COL_SD, COL_N):
            self.table.setColumnHidden(col, col not in used)
        self.table.setColumnHidden(1, kind not in DRAWN)
        self.run_button.setEnabled(bool(self.rows) and not self.running)

    def _way_widget(self, r: int, row: InputRow, kind: str) -> QWidget:
        if kind not in DRAWN:
            label = QLabel(" grid" if kind == "sweep" else " low / high")
            label.setToolTip("Sweeps take Points grid values from Low to High; a tornado and a break-even take "
                             "Low and High")
            return label
        box = QComboBox()
        for key, text in DISTRIBUTIONS:
            box.addItem(key, key)
            box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(box.findData(row.distribution))
        box.setToolTip("The input's distribution: triangular (low, mode, high), uniform (low, high) or normal "
                       "(mean, sd; low and high optional bounds)")
        box.currentIndexChanged.connect(lambda _i, r=r, b=box: self._way_chosen(r, b.currentData()))
        return box

    @guarded("choosing an input's distribution")
    def _way_chosen(self, r: int, distribution: str) -> None:
        if 0 <= r < len(self.rows):
            self.rows[r] = replace(self.rows[r], distribution=distribution)
            self._fill_table(keep_widgets=True)  # the combo calling stays (deleting it here would crash)

    @guarded("editing a study input")
    def _cell_edited(self, item: QTableWidgetItem) -> None:
        r, col = item.row(), item.column()
        if not 0 <= r < len(self.rows) or col < COL_LO:
            return
        row, text = self.rows[r], item.text().strip().replace(",", "")
        optional = col in (COL_LO, COL_HI) and row.distribution == "normal" and self.kind_key in DRAWN
        try:
            if col == COL_N:
                value = int(text)
                if value < 2:
                    raise ValueError
            elif not text and optional:
                value = None
            else:
                value = float(text)
                if not math.isfinite(value):
                    raise ValueError
        except ValueError:
            want = "a whole number of at least 2" if col == COL_N else "a number" + (" or empty" if optional else "")
            self._say(f"{row.name()}: {COLUMNS[col]} “{item.text()[:24]}” is not {want}", error=True)
            self.table.blockSignals(True)
            item.setBackground(QBrush(QColor("#fff5f5")))
            self.table.blockSignals(False)
            return
        field = {COL_LO: "lo", COL_HI: "hi", COL_N: "n", COL_SD: "sd",
                 COL_MID: "mean" if row.distribution == "normal" else "mode"}[col]
        self.rows[r] = replace(row, **{field: value})
        self.table.blockSignals(True)
        item.setBackground(QBrush())
        self.table.blockSignals(False)
        self._say("")

    # --- the study ---------------------------------------------------------------------------
    def _row_of(self, path: str) -> InputRow | None:
        return next((r for r in self.rows if r.path == path), None)

    def _named(self, path: str) -> str:
        row = self._row_of(path)
        return f"{row.label} ({path})" if row is not None and row.label != path else path

    def build_study(self):
        """The Study of the dock's settings; ValueError naming the input when one is refused."""
        from orbitdesk.study import Study

        if not self.rows:
            raise ValueError("add an input first: right-click a number in the Editor ▸ Vary in study")
        kind = self.kind_key
        inputs = []
        for row in self.rows:
            try:
                inputs.append(row.study_input(kind))
            except ValidationError as e:
                raise ValueError(f"{self._named(row.path)}: {_problem(e)}") from None
        options = {"kind": kind, "inputs": tuple(inputs), "kpis": (self.kpi.currentData(),)}
        if kind in DRAWN:
            options |= {"samples": self.samples.value(), "seed": self.seed.value()}
        if kind == "pareto":
            from orbitdesk.study import Objective

            a, b = self.kpi.currentData(), self.kpi2.currentData()
            if a == b:
                raise ValueError("a Pareto study trades two different KPIs: choose another KPI 2")
            options |= {"kpis": (a, b),
                        "objectives": (Objective(kpi=a, sense=_sense(a)), Objective(kpi=b, sense=_sense(b)))}
        if kind == "break_even":
            if not self.site.currentText():
                raise ValueError("a break-even needs a terrestrial site: the scenario has none")
            options |= {"target_kpi": self.kpi.currentData(), "target_site": self.site.currentText()}
        try:
            return Study(**options)
        except ValidationError as e:
            raise ValueError(_problem(e)) from None

    def checked_study(self, outcome: str):
        """The dock's study checked against the open scenario, or None with the refused input
        named in the dock and ``outcome`` ("Nothing ran") after it."""
        from orbitdesk.study import StudyError, validate_study

        try:
            study = self.build_study()
            validate_study(study, self.document.scenario)
        except StudyError as e:
            self._say(f"{self._named(e.field)}: {e.message}. {outcome}.", error=True)
            return None
        except ValueError as e:
            self._say(f"{e}. {outcome}.", error=True)
            return None
        return study

    @property
    def running(self) -> bool:
        return self._thread is not None

    @guarded("starting a study")
    def run_study(self, *_args) -> bool:
        """Check the study and start it; False (and the reason in the dock) when it cannot run."""
        if self.running or self._closed:
            return False
        base = self.document.scenario
        study = self.checked_study("Nothing ran")
        if study is None:
            return False
        where, address, workers = self.where.currentData(), self.address.text().strip(), self.workers.value()
        if where == "scheduler" and not address:
            self._say("Type a scheduler address (tcp://host:8786) or choose another place to run. Nothing ran.",
                      error=True)
            return False
        self._run_id += 1
        self._cancel = threading.Event()
        self._running_base, self._running_study = base, study
        self._set_running(True)
        self.progress.setRange(0, max(1, _points(study)))
        self.progress.setValue(0)
        n = len(study.inputs)
        place = {"here": "in this process", "local": f"on a local cluster of {workers} workers",
                 "scheduler": f"on {address}"}[where]
        self._say(f"Running a {self.kind.currentText()} of {n} input{'s' if n > 1 else ''} {place}…")
        args = (self._run_id, study, base, where, address, workers, self._cancel)
        if self.threaded:
            self._thread = threading.Thread(target=self._work, args=args, name="orbitdesk-study", daemon=True)
            self._thread.start()
        else:
            self._thread = threading.current_thread()  # marks the run; cleared when it ends
            self._work(*args)
        return True

    def _work(self, run_id, study, base, where, address, workers, cancel) -> None:
        """The study's thread: connect, run, hand the result (or the failure) to the GUI thread."""
        from orbitdesk.study.run import run

        client = None
        bridge = self._bridge
        try:
            if where != "here":
                from orbitdesk.study.engine import connect

                client = connect(address if where == "scheduler" else None, workers)
            result = run(study, base, client, cancel=cancel,
                         progress=lambda done, total: _emit(bridge.progressed, run_id, done, total))
            _emit(bridge.finished, run_id, result)
        except Exception as e:  # the boundary of the thread: the dock says what went wrong
            _emit(bridge.failed, run_id, f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
        finally:
            if client is not None:
                try:
                    client.close()
                except Exception:  # noqa: BLE001 (a cluster that is already gone)
                    pass

    @guarded("showing a study's progress")
    def _on_progress(self, run_id: int, done: int, total: int) -> None:
        if run_id == self._run_id and self.running:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))

    @guarded("showing a study's answer")
    def _on_finished(self, run_id: int, result) -> None:
        if run_id != self._run_id:
            return
        self._end_run()
        self.result, self._base = result, self._running_base
        t = result.table
        failed = result.failed
        if result.study.kind == "break_even":
            self.progress.setRange(0, max(len(t), 1))
        self.progress.setValue(len(t))
        state = "Cancelled: " if t.cancelled else "Done: "
        text = f"{state}{len(t):,} point(s) evaluated, {failed:,} failed"
        if failed:
            first = next(e for e, ok in zip(t.errors, t.ok, strict=True) if not ok)
            text += f" (first: {first[:160]})"
        self._say(text + ".", error=bool(failed))
        self.export_button.setEnabled(len(t) > 0)
        self._draw()

    @guarded("reporting a failed study")
    def _on_failed(self, run_id: int, message: str) -> None:
        if run_id != self._run_id:
            return
        self._end_run()
        self._say(f"The study failed: {message}", error=True)

    def _end_run(self) -> None:
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(JOIN_TIMEOUT_S)
        self._thread = None
        self._set_running(False)

    @guarded("cancelling a study")
    def cancel(self, *_args) -> None:
        if self._cancel is not None and self.running:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self._say("Cancelling: the point being evaluated finishes first…")

    def shutdown(self, timeout: float = JOIN_TIMEOUT_S) -> None:
        """Cancel a running study and wait at most ``timeout`` s for its thread (the window closes)."""
        self._closed = True
        if self._cancel is not None:
            self._cancel.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _set_running(self, on: bool) -> None:
        self.run_button.setEnabled(not on and bool(self.rows))
        self.cancel_button.setEnabled(on)
        for w in (self.kind, self.kpi, self.kpi2, self.site, self.samples, self.seed, self.where, self.workers,
                  self.address, self.table, self.add_button, self.remove_button, self.path):
            w.setEnabled(not on)
        if not on:
            self._kind_changed()
            self._where_changed()
        self.runningChanged.emit(on)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    # --- the answer --------------------------------------------------------------------------
    def kpi_axis(self, key: str) -> Axis:
        label, unit, scale = next(((lb, u, s) for k, lb, u, s, _ in KPIS if k == key), (key, "", 1.0))
        return Axis(label, unit, scale)

    def _draw(self) -> None:
        from orbitdesk.cli_study import summary

        result = self.result
        study = result.study
        key = study.target_kpi if study.kind == "break_even" else study.kpis[0]
        axes = []
        for inp in study.inputs:
            row = self._row_of(inp.path)
            axes.append(row.axis if row is not None else Axis(inp.label or inp.path))
        lines = summary(result)
        caption = lines[0]
        if study.kind == "monte_carlo":
            p = result.percentiles.get(key, {})
            a = self.kpi_axis(key)
            shown = {k: fmt(p.get(k, math.nan) * a.scale) for k in ("P10", "P50", "P90")}
            caption += f". {a.label}: P10 {shown['P10']}, P50 {shown['P50']}, P90 {shown['P90']} {a.unit}"
        elif study.kind == "break_even" and result.break_even is not None:
            caption += f". {result.break_even.message}"
        elif study.kind == "pareto" and result.pareto is not None:
            caption += f". {len(result.pareto)} of {len(result.table)} designs are on the front"
        if study.kind in ("sweep", "monte_carlo", "break_even", "pareto"):
            caption += ". Click a point to load that variant (Ctrl+Z returns)."
        site = Axis(study.target_site, *self._kpi_unit_scale(key)) if study.kind == "break_even" else None
        second = self.kpi_axis(study.objectives[1].kpi) if study.kind == "pareto" else None
        self.plots.show_result(result, axes, key, self.kpi_axis(key), caption, site, second)
        if study.kind == "pareto":  # which way is better, with the front's points
            word = {"min": "less", "max": "more"}
            lines.insert(1, "The front: no other design has " + " and ".join(
                f"{word[o.sense]} {style_lower(self.kpi_axis(o.kpi).label)}" for o in study.objectives))
        self.plots.caption.setToolTip("\n".join(lines[:40]))

    def _kpi_unit_scale(self, key: str) -> tuple[str, float]:
        a = self.kpi_axis(key)
        return a.unit, a.scale

    @guarded("loading a study point")
    def load_point(self, row: int) -> bool:
        """Make row ``row`` of the shown study's table (its position) the document: one undo step."""
        from orbitdesk.study import StudyError, apply_point

        if self.result is None or self._base is None or not 0 <= row < len(self.result.table):
            return False
        t = self.result.table
        values = t.values[row]
        try:
            new = apply_point(self._base, t.paths, values)
        except StudyError as e:
            self._say(f"{self._named(e.field)}: {e.message}", error=True)
            return False
        what = ", ".join(f"{p} = {v:.6g}" for p, v in zip(t.paths, values.tolist(), strict=True))
        if not self.document.replace(new, f"Study point: {what}"):
            self._say(f"The scenario already is the point {what}.")
            return False
        self._say(f"Loaded the point {what} (row {int(t.index[row])}); Ctrl+Z returns to the study's base.")
        return True

    # --- study files -------------------------------------------------------------------------
    @guarded("saving a trade study")
    def save_study_file(self, path) -> bool:
        """Write the dock's study with the open scenario as its base (``orbitdesk study FILE``
        runs it unchanged); atomic. False (and the reason in the dock) when the study is refused
        or the file cannot be written."""
        from orbitdesk.study import save_study

        study = self.checked_study("Nothing was saved")  # the file's own base must run it
        if study is None:
            return False
        try:
            save_study(study, path, self.document.scenario)
        except OSError as e:
            self._say(f"Cannot write {path}: {e.strerror or e}. Nothing was saved.", error=True)
            return False
        self._say(f"Saved the study and its base scenario to {path} (run it with: orbitdesk study {path})")
        return True

    @guarded("opening a trade study")
    def open_study_file(self, path) -> bool:
        """Fill the dock from a study file (its kind, inputs, KPIs, draws and seed); it runs on the
        open document, not on the scenario inside the file. A file the dock cannot show is refused
        whole, naming the problem, and the dock keeps its study."""
        from orbitdesk.model import ScenarioFileError
        from orbitdesk.study import load_study

        if self.running:
            self._say("A study is running: cancel it before opening another.", error=True)
            return False
        try:
            study, embedded = load_study(path)
            rows = [self._row_from_input(inp) for inp in study.inputs]
        except (ScenarioFileError, ValueError) as e:
            self._say(f"Cannot open {path}: {e}. The dock's study is unchanged.", error=True)
            return False
        kpis = [k for k, *_ in KPIS]
        first = study.objectives[0].kpi if study.kind == "pareto" else (study.target_kpi or study.kpis[0])
        if first not in kpis:
            self._say(f"Cannot open {path}: its KPI {first} is not one the dock plots ({', '.join(kpis)}); run it "
                      "with orbitdesk study. The dock's study is unchanged.", error=True)
            return False
        self.rows = rows
        self.set_kind(study.kind)
        self.set_kpi(first)
        if study.kind == "pareto" and study.objectives[1].kpi in kpis:
            self.kpi2.setCurrentIndex(self.kpi2.findData(study.objectives[1].kpi))
        if study.kind in DRAWN:
            self.samples.setValue(min(study.samples, self.samples.maximum()))
            self.seed.setValue(min(study.seed, self.seed.maximum()))
        if study.kind == "break_even" and self.site.findText(study.target_site) >= 0:
            self.site.setCurrentIndex(self.site.findText(study.target_site))
        self._fill_table()
        base = "" if embedded is None else " (its own base scenario is not loaded: it runs on the open document)"
        self._say(f"Opened {path}: a {self.kind.currentText()} of {len(rows)} input(s){base}.")
        return True

    def _row_from_input(self, inp) -> InputRow:
        """A StudyInput as a row of the table, in its editor field's unit where the editor shows
        the field; ValueError for what the dock cannot show (a log grid, a values list, a
        lognormal), naming the input."""
        from orbitdesk.gui.fields import FieldEditor
        from orbitdesk.model.edit import get_value

        if inp.values is not None or inp.log or inp.distribution == "lognormal":
            what = "a values list" if inp.values is not None else "a log grid" if inp.log else "a lognormal"
            raise ValueError(f"input {inp.path} is {what}, which the dock does not show; run the file with "
                             "orbitdesk study")
        try:
            current = get_value(self.document.scenario, inp.path)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            raise ValueError(f"input {inp.path}: no such field in the open scenario") from None
        spec = next((f.spec for f in self._window.findChildren(FieldEditor) if f.path == inp.path), None)
        label, unit, scale = (spec.label, spec.unit, spec.scale) if spec else (inp.label or inp.path, "", 1.0)
        integer = bool(spec.integer) if spec else isinstance(current, int)

        def shown(v):
            return None if v is None else float(v) * scale

        v = float(current) * scale
        half = abs(v) * DEFAULT_SPAN or 1.0
        lo = shown(inp.lo) if inp.lo is not None else v - half  # a normal's bounds are optional
        hi = shown(inp.hi) if inp.hi is not None else v + half
        row = InputRow(inp.path, label, unit, scale, integer, v, lo, hi, inp.n or DEFAULT_POINTS,
                       inp.distribution or "triangular", shown(inp.mode) if inp.mode is not None else v,
                       shown(inp.mean) if inp.mean is not None else v,
                       shown(inp.sd) if inp.sd is not None else (hi - lo) / 4.0)
        return row

    # --- export ------------------------------------------------------------------------------
    @guarded("exporting the study plots")
    def export_image(self, *_args) -> None:
        from orbitdesk.gui.export_actions import IMAGE_FILTER
        from orbitdesk.plots.export import export_image

        path = self._window.exports.ask_path("Study plots as image", "study.png", IMAGE_FILTER)
        if path:
            self._export(path, lambda p: export_image(self.plots.layout_widget, p, caption=self.caption()))

    @guarded("exporting the study table")
    def export_csv(self, *_args) -> None:
        from orbitdesk.gui.export_actions import CSV_FILTER
        from orbitdesk.plots.export import write_csv

        path = self._window.exports.ask_path("Study table as CSV", "study.csv", CSV_FILTER)
        if path:
            self._export(path, lambda p: write_csv(p, self.plots.data_csv()))

    def _export(self, path: str, run) -> None:
        self._window.exports.write(path, run)

    def caption(self) -> str:
        from orbitdesk import __version__

        scenario = self._base or self.document.scenario
        return f"{scenario.name}  ·  OrbitDesk {__version__}\nTrade study — {self.plots.caption.text()}"


def _emit(signal, *args) -> None:
    """Emit from the study's thread; the dock may be gone (the window closed) by then."""
    try:
        signal.emit(*args)
    except RuntimeError:  # the bridge's C++ object was deleted
        pass


def _sense(key: str) -> str:
    """'min' or 'max': which way KPI ``key`` is better (a Pareto objective)."""
    return next((sense for k, *_, sense in KPIS if k == key), "min")


def _problem(e: ValidationError) -> str:
    return first_problem(e, count_others=False)[1].removeprefix("Value error, ")


def _points(study) -> int:
    if study.kind in DRAWN:
        return study.samples
    if study.kind == "tornado":
        return 2 * len(study.inputs) + 1
    if study.kind == "break_even":
        return study.max_evals
    return math.prod(i.count or 1 for i in study.inputs)
