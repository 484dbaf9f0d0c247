"""The delivered-compute waterfall (the "Waterfall" tab of the mission-life dock): the fleet's (or a
shell's) peak FLOP over the horizon, the FLOP each stage loses as a floating bar (core/waterfall.py:
utilization, SEU downtime, power throttle, heat throttle, GPU failures, deployment ramp), each with
the percentage of what entered it, and the delivered FLOP (the ``lifetime_flop`` KPI) as the last
bar. Units by magnitude: EFLOP (10¹⁸), ZFLOP (10²¹), YFLOP (10²⁴), then ×10²⁷ and ×10³⁰ FLOP (as the
KPI table); FLOP are operations over the whole horizon, not a rate.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox

from orbitdesk.app.crashlog import guarded
from orbitdesk.core.waterfall import Waterfall, compute_waterfall
from orbitdesk.plots import style
from orbitdesk.plots.results_view import ResultsView

UNITS = ((1e18, "EFLOP"), (1e21, "ZFLOP"), (1e24, "YFLOP"), (1e27, "×10²⁷ FLOP"), (1e30, "×10³⁰ FLOP"))
FLEET = "Fleet"
PEAK_BRUSH = "#adb5bd"  # the peak bar: what the GPUs could do (neutral, light)
LOSS_BRUSH = (201, 42, 42, 170)  # style.LIMIT, shaded: a loss
GAIN_BRUSH = (47, 158, 68, 170)  # a stage that gains (the deployment ramp can, a little)
BAR_WIDTH = 0.62
TOP_ROOM = 1.32  # the y range above the peak bar: its value label clear of the title row
# at 1366×768 the caption row and this plot fit the dock the Seasons tab fits (season_plots: 132 px)
MIN_WATERFALL_PLOT_SIZE = QSize(420, 132)
TICK_NAMES = {"Peak": "Peak", "Utilization": "Utilization", "SEU downtime": "SEU\ndowntime",
              "Power throttle": "Power\nthrottle", "Heat throttle": "Heat\nthrottle", "GPU failures": "GPU\nfailures",
              "Deployment ramp": "Deployment\nramp", "Delivered": "Delivered"}
BOTTOM_AXIS_HEIGHT = 36  # px: the stage names on two lines


def flop_unit(peak_flop: float) -> tuple[float, str]:
    """(scale, name): the largest unit in which the peak is at least 1 (EFLOP below that)."""
    scale, name = UNITS[0]
    for s, n in UNITS:
        if np.isfinite(peak_flop) and abs(peak_flop) >= s:
            scale, name = s, n
    return scale, name


def value_text(v: float) -> str:
    """Three significant digits: 79.7, 7.97, 797, 1,234."""
    if not np.isfinite(v):
        return "–"
    a = abs(v)
    return f"{v:,.0f}" if a >= 100 else f"{v:.1f}" if a >= 10 else f"{v:.2f}"


def percent_text(fraction: float) -> str:
    """A stage's loss: "−60.0 %"; a gain "+0.3 %"; none "0 %"."""
    if not np.isfinite(fraction):
        return "–"
    pct = 100.0 * fraction
    if abs(pct) < 0.05:
        return "0 %"
    return f"−{pct:.1f} %" if pct > 0 else f"+{-pct:.1f} %"


class StageAxis(pg.AxisItem):
    """The bottom axis: the stage names under the bars (two lines where they are long)."""

    def __init__(self):
        super().__init__("bottom")
        self.names: list[str] = []
        self.setHeight(BOTTOM_AXIS_HEIGHT)

    def set_names(self, names: list[str]) -> None:
        if names != self.names:
            self.names = list(names)
            self.setTicks([[(float(i), TICK_NAMES.get(n, n)) for i, n in enumerate(names)]])


class WaterfallPlot(ResultsView):
    def __init__(self, runner, parent=None):
        super().__init__(runner, parent)
        self._drawn = None  # (results, scope) last drawn: the same again is no redraw
        self._pending = False
        self.waterfall: Waterfall | None = None  # the core numbers drawn (fleet and shells)
        self.bars: list[tuple[str, float, float]] = []  # (label, bottom, top) in FLOP, as drawn
        self.scale, self.unit = UNITS[0]
        self.draws = 0
        self.scope_box = QComboBox()
        self.scope_box.addItem(FLEET)
        self.scope_box.setVisible(False)  # shown once a result has more than one shell
        self.scope_box.setToolTip("The whole fleet or one shell")
        self.scope_box.currentIndexChanged.connect(lambda _i: self.redraw())
        self.caption, self.scope_label, self.layout_widget = style.captioned_view(
            self, "Delivered-compute waterfall: waiting for the mission-life result…", self.scope_box)
        self.scope_label.setVisible(False)
        self.plot = style.new_plot(self.layout_widget, "Delivered compute over the horizon", "FLOP", None, "", None,
                                   0, 0, minimum=MIN_WATERFALL_PLOT_SIZE)
        self.axis = StageAxis()
        self.plot.setAxisItems({"bottom": self.axis})
        self.axis.showLabel(False)
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        style.cache(self.plot)
        self.layout_widget.setMinimumSize(style.minimum_layout_size(self.layout_widget, 1, 1,
                                                                    MIN_WATERFALL_PLOT_SIZE))
        self.total_bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, brush=PEAK_BRUSH, pen=None)
        self.loss_bars = pg.BarGraphItem(x=[], height=[], y0=[], width=BAR_WIDTH, brush=LOSS_BRUSH, pen=None)
        self.plot.addItem(self.total_bars)
        self.plot.addItem(self.loss_bars)
        self.connectors = self.plot.plot([], [], pen=style.pen(style.NEUTRAL, 1.0, dashed=True), connect="pairs")
        self.labels: list[pg.TextItem] = []

    def minimum_plot_size(self) -> QSize:
        return QSize(MIN_WATERFALL_PLOT_SIZE)

    @guarded("showing the waterfall")
    def showEvent(self, event):
        super().showEvent(event)
        if self._pending:
            self.redraw()

    def redraw(self) -> None:
        if not self.isVisible():  # drawn when the tab is shown (an edit costs nothing here)
            self._pending = True
            return
        self.ensure_drawn()

    def scope(self) -> str:
        return self.scope_box.currentText() or FLEET

    def _update_scopes(self, wf: Waterfall | None) -> None:
        names = [FLEET, *(wf.shells if wf is not None else ())]
        current = [self.scope_box.itemText(i) for i in range(self.scope_box.count())]
        if names == current:
            return
        keep = self.scope()
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        self.scope_box.addItems(names)
        self.scope_box.setCurrentIndex(names.index(keep) if keep in names else 0)
        self.scope_box.setVisible(len(names) > 2)  # one shell: the fleet is that shell
        self.scope_label.setVisible(len(names) > 2)
        self.scope_box.blockSignals(False)

    def ensure_drawn(self) -> None:
        """Draw what the results say, unless that is what is drawn."""
        self._pending = False
        if self._drawn is not None and self._drawn[0] is self.results and self._drawn[1] == self.scope():
            return
        wf = compute_waterfall(self.results) if self.results is not None else None
        self._update_scopes(wf)
        self._drawn = (self.results, self.scope())
        self.draws += 1
        self.waterfall = wf
        stages = None
        if wf is not None:
            stages = wf.stages if self.scope() == FLEET else wf.shells.get(self.scope(), wf.stages)
        if not stages:
            self._clear()
            return
        self._draw(stages, wf.horizon_years)

    def _draw(self, stages, horizon_years: float) -> None:
        remaining = np.array([s.remaining_flop for s in stages], dtype=float)
        lost = np.array([s.lost_flop for s in stages], dtype=float)
        finite = np.isfinite(remaining).all() and np.isfinite(lost).all()
        remaining, lost = np.nan_to_num(remaining), np.nan_to_num(lost)
        peak, delivered = float(remaining[0]), float(remaining[-1])
        self.scale, self.unit = flop_unit(max(peak, delivered))
        k = 1.0 / self.scale
        n = len(stages)
        names = [stages[0].label, *(s.label for s in stages[1:]), "Delivered"]
        # bars: the peak and the delivered from 0, each loss floating between what it leaves and what entered
        self.bars = [(names[0], 0.0, peak)]
        self.bars += [(s.label, float(remaining[i]), float(remaining[i] + lost[i])) for i, s in
                      enumerate(stages) if i > 0]
        self.bars.append(("Delivered", 0.0, delivered))
        x_loss = np.arange(1, n, dtype=float)
        lo = np.minimum(remaining[1:], remaining[1:] + lost[1:])
        self.total_bars.setOpts(x=[0.0, float(n)], height=[peak * k, delivered * k], width=BAR_WIDTH,
                                brushes=[PEAK_BRUSH, style.ORBITAL])
        self.loss_bars.setOpts(x=x_loss, y0=lo * k, height=np.abs(lost[1:]) * k, width=BAR_WIDTH,
                               brushes=[GAIN_BRUSH if d < 0 else LOSS_BRUSH for d in lost[1:]])
        # dashed steps from each bar's remaining level to the next bar
        xs, ys = [], []
        for i in range(n):
            xs += [i + BAR_WIDTH / 2, i + 1 - BAR_WIDTH / 2]
            ys += [remaining[i] * k] * 2
        style.set_curve_data(self.connectors, xs, ys)
        texts = [value_text(peak * k)]
        texts += [percent_text(s.lost_fraction) for s in stages[1:]]
        share = delivered / peak if peak > 0 else float("nan")
        texts.append(value_text(delivered * k) + (f" ({100 * share:.1f} %)" if np.isfinite(share) else ""))
        tops = [peak, *(remaining[1:] + np.maximum(lost[1:], 0.0)), delivered]
        while len(self.labels) < len(texts):
            item = pg.TextItem(anchor=(0.5, 1.0), color=style.NEUTRAL)
            self.plot.addItem(item)
            self.labels.append(item)
        for i, item in enumerate(self.labels):
            item.setVisible(i < len(texts))
            if i < len(texts):
                item.setText(texts[i])
                item.setPos(float(i), float(tops[i]) * k)
        self.axis.set_names(names)
        self.plot.setLabel("left", self.unit)
        self.plot.setXRange(-0.6, n + 0.6, padding=0.0)
        self.plot.setYRange(0.0, max(peak, delivered, 1e-30) * k * TOP_ROOM, padding=0.0)
        biggest = max(range(1, n), key=lambda i: lost[i]) if n > 1 else 0
        scope = "the fleet" if self.scope() == FLEET else f"shell “{self.scope()}”"
        text = (f"Compute of {scope} over the {horizon_years:g}-year horizon: delivered {value_text(delivered * k)} "
                f"of a peak {value_text(peak * k)} {self.unit}")
        text += f" ({100 * share:.1f} %)" if np.isfinite(share) else ""
        if n > 1 and lost[biggest] > 0:
            worst = stages[biggest]
            text += f"; largest loss: {worst.label} ({percent_text(worst.lost_fraction)})"
        self.caption.setText(text + ("." if finite else "; some figures are not finite (shown as 0)."))
        self.caption.setToolTip(self.caption.text() + "\nEach stage multiplies what the stages before it left "
                                "(core/waterfall.py says how interactions are attributed); the last bar is the "
                                "delivered-FLOP KPI.")

    def _clear(self) -> None:
        self.bars = []
        self.total_bars.setOpts(x=[], height=[], brushes=None, brush=PEAK_BRUSH)
        self.loss_bars.setOpts(x=[], height=[], y0=[], brushes=None, brush=LOSS_BRUSH)
        self.connectors.setData([], [])
        for item in self.labels:
            item.setVisible(False)
        self.caption.setText("Delivered-compute waterfall: waiting for the mission-life result…"
                             if self.results is None else "Delivered-compute waterfall: no stages in this result.")

    def data_csv(self) -> str:
        """The stages as numbers: one row per scope (the fleet, each shell) and stage, FLOP over the
        horizon remaining after it and lost at it, the loss in % of what entered it and of the peak."""
        self.ensure_drawn()
        wf = self.waterfall
        if wf is None:
            return ""
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["scope", "stage", "remaining_flop", "lost_flop", "lost_pct_of_stage_input", "lost_pct_of_peak"])
        for scope, stages in ((FLEET, wf.stages), *wf.shells.items()):
            peak = stages[0].remaining_flop
            for s in stages:
                w.writerow([scope, s.label, f"{s.remaining_flop:.9g}", f"{s.lost_flop:.9g}",
                            f"{100 * s.lost_fraction:.6g}", f"{100 * s.lost_flop / peak:.6g}" if peak > 0 else ""])
        return out.getvalue()
