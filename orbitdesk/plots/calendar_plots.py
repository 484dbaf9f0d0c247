"""Over calendar time: cumulative FLOP delivered by the orbital design and each terrestrial
alternative, and their cost per exaFLOP side by side. Draws what the runner's full stage sends."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout

from orbitdesk.plots import style
from orbitdesk.plots.export import series_csv
from orbitdesk.plots.results_view import ResultsView

FLOP_SCALE = 1e-27  # ×10²⁷ FLOP, as in the KPI table


class CalendarPlots(ResultsView):
    def __init__(self, runner, parent=None):
        super().__init__(runner, parent)
        self.layout_widget = style.PlotLayout()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.layout_widget)
        self.flop_plot = style.new_plot(self.layout_widget, "Cumulative compute delivered",
                                        "×10²⁷ FLOP", None, "years since epoch", "yr", 0, 0)
        self.flop_plot.legend.setOffset((10, 10))  # top left: the curves rise to the right
        self.flop_plot.legend.setColumnCount(2)
        self.cost_plot = self.layout_widget.addPlot(row=0, col=1, title="Cost per exaFLOP")
        self.cost_plot.setLabel("left", "USD per 10¹⁸ FLOP")
        self.cost_plot.showGrid(y=True, alpha=0.25)
        self.cost_plot.setMouseEnabled(x=False, y=False)
        self.layout_widget.ci.layout.setColumnStretchFactor(0, 3)
        self.layout_widget.ci.layout.setColumnStretchFactor(1, 2)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.bars: pg.BarGraphItem | None = None
        self.bar_values: dict[str, float] = {}

    def redraw(self) -> None:
        r = self.results
        timelines = [(r.orbital.name, r.orbital, style.ORBITAL)]
        timelines += [(t.name, t, style.site_colour(i)) for i, t in enumerate(r.terrestrial)]
        names = [n for n, _, _ in timelines]
        for stale in set(self.curves) - set(names):
            self.flop_plot.removeItem(self.curves.pop(stale))
            self.flop_plot.legend.removeItem(stale)
        for name, tl, colour in timelines:
            if name not in self.curves:
                self.curves[name] = self.flop_plot.plot([], [], pen=style.pen(colour), name=name)
            self.curves[name].setData(tl.time_years, tl.cumulative_flop * FLOP_SCALE)

        kpis = {r.orbital.name: r.kpis, **r.terrestrial_kpis}
        self.bar_values = {n: kpis[n]["cost_per_exaflop_usd"] for n in names}
        heights = [v if v is not None else 0.0 for v in self.bar_values.values()]
        brushes = [pg.mkBrush(c) for _, _, c in timelines]
        if self.bars is None:
            self.bars = pg.BarGraphItem(x=np.arange(len(names)), height=heights, width=0.7,
                                        brushes=brushes)
            self.cost_plot.addItem(self.bars)
        else:
            self.bars.setOpts(x=np.arange(len(names)), height=heights, brushes=brushes)
        short = [n.split("(")[0].replace("New build, ", "").strip() for n in names]
        self.cost_plot.getAxis("bottom").setTicks([list(enumerate(short))])
        self.cost_plot.setXRange(-0.6, len(names) - 0.4, padding=0)
        self.cost_plot.setYRange(0, max(heights + [1e-9]) * 1.15, padding=0)

    def data_csv(self) -> str:
        if self.results is None:
            return ""
        years = self.results.orbital.time_years
        cols = {f"{n} cumulative_flop": c.yData / FLOP_SCALE for n, c in self.curves.items()}
        return series_csv("years_since_epoch", years, cols)
