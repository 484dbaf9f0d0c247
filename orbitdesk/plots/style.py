"""Colours and pyqtgraph options shared by the plots (one place, so the legend colours agree)."""

from __future__ import annotations

import time

import pyqtgraph as pg
from PySide6.QtCore import Signal

ORBITAL = "#d9480f"  # orbital design
SITES = ("#1c7ed6", "#2f9e44", "#7048e8", "#0c8599", "#c2255c", "#5c940d")  # terrestrial sites
SUPPLY = "#f59f00"  # solar power, rejectable heat: what is available
DEMAND = "#1864ab"  # load, heat produced: what is asked
LIMIT = "#c92a2a"  # limits (temperature)
NEUTRAL = "#495057"


def configure() -> None:
    pg.setConfigOptions(background="w", foreground="k", antialias=False)


def site_colour(i: int) -> str:
    return SITES[i % len(SITES)]


def pen(colour: str, width: float = 2.0, dashed: bool = False):
    from PySide6.QtCore import Qt

    return pg.mkPen(colour, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)


def new_plot(layout: pg.GraphicsLayoutWidget, title: str, y_label: str, y_unit: str | None,
             x_label: str, x_unit: str | None, row: int, col: int) -> pg.PlotItem:
    p = layout.addPlot(row=row, col=col, title=title)
    p.setLabel("left", y_label, units=y_unit)
    p.setLabel("bottom", x_label, units=x_unit)
    p.showGrid(x=False, y=True, alpha=0.2)  # a y grid only: grids are most of a repaint
    p.getAxis("bottom").enableAutoSIPrefix(False)  # "min" and "yr" are not SI units
    p.getAxis("left").enableAutoSIPrefix(False)
    # peak downsampling keeps long series fast; clip-to-view is left off because it stops the
    # x auto-range of a plot that starts empty (the plots are created before the first result)
    p.setDownsampling(auto=True, mode="peak")
    p.addLegend(offset=(-5, 5), labelTextSize="8pt")
    p.setMenuEnabled(True)
    return p


class PlotLayout(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget that says when it has painted: ``painted`` and ``last_paint_s``
    (the edit-to-pixels benchmark and the compute runner's first-stage hand-off use them)."""

    painted = Signal()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_paint_s = 0.0  # time.perf_counter() at the end of the last paint

    def paintEvent(self, event):
        super().paintEvent(event)
        self.last_paint_s = time.perf_counter()
        self.painted.emit()
