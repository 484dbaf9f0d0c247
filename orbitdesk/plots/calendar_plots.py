"""Over calendar time: cumulative FLOP delivered by the orbital design and each terrestrial
alternative, and their cost per exaFLOP side by side, each bar labelled with its value (a site
with no value shows "–", not a zero bar). Draws what the runner's full stage sends."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout

from orbitdesk.plots import style
from orbitdesk.plots.export import series_csv
from orbitdesk.plots.results_view import ResultsView

FLOP_SCALE = 1e-27  # ×10²⁷ FLOP, as in the KPI table
NO_VALUE = "–"
TWO_LINE_AXIS_HEIGHT = 40  # px: site names on two lines under the bars
LEGEND_PER_LINE = 5


def short_name(name: str) -> str:
    """ "New build, Dublin (Ireland)" -> "Dublin"."""
    return name.split("(")[0].replace("New build, ", "").strip()


def tick_name(name: str) -> str:
    """A bar's tick label: the short name, a long one on two lines (five bars share the plot)."""
    short = short_name(name)
    return short.replace(" ", "\n", 1) if len(short) > 8 else short


def money(v: float | None) -> str:
    """A cost per exaFLOP for a bar label: three significant digits, "–" when there is none."""
    if v is None or not np.isfinite(v):
        return NO_VALUE
    return f"${v:,.0f}" if abs(v) >= 100 else f"${v:.1f}" if abs(v) >= 10 else f"${v:.2f}"


COMPARED = "B"  # the comparison's curve and bar
COMPARED_COLOUR = QColor(style.ORBITAL).lighter(150).name()  # B's bar beside the orbital one, told apart


class CalendarPlots(ResultsView):
    def __init__(self, runner, parent=None):
        super().__init__(runner, parent)
        self.layout_widget = style.PlotLayout()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.layout_widget)
        m = style.MIN_LIFE_PLOT_SIZE
        self.flop_plot = style.new_plot(self.layout_widget, "Cumulative compute delivered", "×10²⁷ FLOP",
                                        None, "years since epoch", "yr", 0, 0, minimum=m)
        self.cost_plot = style.new_plot(self.layout_widget, "Cost per exaFLOP", "USD per 10¹⁸ FLOP", None,
                                        "", None, 0, 1, minimum=m)
        self.cost_plot.getAxis("bottom").showLabel(False)  # the site names, without an axis title
        self.cost_plot.setMouseEnabled(x=False, y=False)
        self.layout_widget.ci.layout.setColumnStretchFactor(0, 3)
        self.layout_widget.ci.layout.setColumnStretchFactor(1, 2)
        self.layout_widget.setMinimumSize(style.minimum_layout_size(self.layout_widget, 2, 1, m))
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.bars: pg.BarGraphItem | None = None
        self.bar_values: dict[str, float | None] = {}
        self.bar_labels: list[pg.TextItem] = []
        self._legend: list = []

    def minimum_plot_size(self) -> QSize:
        return QSize(style.MIN_LIFE_PLOT_SIZE)

    def redraw(self) -> None:
        r = self.results
        timelines = [(r.orbital.name, r.orbital, style.ORBITAL)]
        if self.comparison is not None:  # scenario B's fleet, dotted, beside A's
            timelines.append((COMPARED, self.comparison.orbital, COMPARED_COLOUR))
        timelines += [(t.name, t, style.site_colour(i)) for i, t in enumerate(r.terrestrial)]
        names = [n for n, _, _ in timelines]
        for stale in set(self.curves) - set(names):
            self.flop_plot.removeItem(self.curves.pop(stale))
        for name, tl, colour in timelines:
            if name not in self.curves:
                self.curves[name] = self.flop_plot.plot([], [], pen=style.pen(colour, dotted=name == COMPARED),
                                                        name=name)
            style.set_curve_data(self.curves[name], tl.time_years, tl.cumulative_flop * FLOP_SCALE)
        style.fit_y(self.flop_plot, *[c.yData for c in self.curves.values()], rel=0.0)  # steady while dragging
        legend = [(short_name(self.comparison_label or n) if n == COMPARED else short_name(n), c,
                   style.DOTTED if n == COMPARED else False)
                  for n, _, c in timelines]
        if legend != self._legend:  # a site added, removed or renamed: the title row changes
            self._legend = legend
            style.set_title(self.flop_plot, "Cumulative compute delivered", legend, LEGEND_PER_LINE)
        self._draw_bars(r, timelines)

    def _draw_bars(self, r, timelines) -> None:
        kpis = {r.orbital.name: r.kpis, **r.terrestrial_kpis}
        if self.comparison is not None:
            kpis[COMPARED] = self.comparison.kpis
        names = [n for n, _, _ in timelines]
        self.bar_values = {n: kpis.get(n, {}).get("cost_per_exaflop_usd") for n in names}
        valued = [(i, v, c) for i, ((_, _, c), v) in enumerate(zip(timelines, self.bar_values.values(),
                                                                    strict=True))
                  if v is not None and np.isfinite(v)]
        x = np.array([i for i, _, _ in valued], dtype=float)
        heights = np.array([v for _, v, _ in valued], dtype=float)
        brushes = [pg.mkBrush(c) for _, _, c in valued]
        if self.bars is None:
            self.bars = pg.BarGraphItem(x=x, height=heights, width=0.7, brushes=brushes)
            self.cost_plot.addItem(self.bars)
        else:
            self.bars.setOpts(x=x, height=heights, brushes=brushes)
        self.bars.setVisible(bool(valued))
        while len(self.bar_labels) < len(names):
            label = pg.TextItem(anchor=(0.5, 1.0), color=style.NEUTRAL)
            self.cost_plot.addItem(label)
            self.bar_labels.append(label)
        for label in self.bar_labels[len(names):]:
            label.setVisible(False)
        for i, (label, v) in enumerate(zip(self.bar_labels, self.bar_values.values(), strict=False)):
            if label.toPlainText() != money(v):
                label.setText(money(v))
            label.setPos(i, v if v is not None and np.isfinite(v) else 0.0)
            label.setVisible(True)
        ticks = [(i, tick_name(n)) for i, n in enumerate(names)]
        axis = self.cost_plot.getAxis("bottom")
        axis.setTicks([ticks])
        axis.setHeight(TWO_LINE_AXIS_HEIGHT if any("\n" in t for _, t in ticks) else None)
        self.cost_plot.setXRange(-0.6, len(names) - 0.4, padding=0)
        top = float(heights.max()) if heights.size else 1.0
        self.cost_plot.setYRange(0, style.snap_range(0.0, top * 1.22)[1], padding=0)  # room for the labels

    def bar_texts(self) -> dict[str, str]:
        """Site name -> the label drawn on its bar (what a reader sees)."""
        return {n: self.bar_labels[i].toPlainText() for i, n in enumerate(self.bar_values)}

    def data_csv(self) -> str:
        if self.results is None:
            return ""
        years = self.results.orbital.time_years
        cols = {f"{n} cumulative_flop": c.yData / FLOP_SCALE for n, c in self.curves.items()}
        return series_csv("years_since_epoch", years, cols)
