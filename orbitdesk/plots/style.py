"""Colours and pyqtgraph options shared by the plots (one place, so the legend colours agree), and
the axes formatted for people: tick labels with sensible digits, a y range never zoomed into
rounding noise, legends in a row under each title (never on the data), fixed axis widths (a long
tick label cannot widen a plot column and leave it clipped)."""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Signal

from orbitdesk.app.crashlog import guarded

ORBITAL = "#d9480f"  # orbital design
SITES = ("#1c7ed6", "#2f9e44", "#7048e8", "#0c8599", "#c2255c", "#5c940d")  # terrestrial sites
SUPPLY = "#f59f00"  # solar power, rejectable heat: what is available
DEMAND = "#1864ab"  # load, heat produced: what is asked
LIMIT = "#c92a2a"  # limits (temperature), shortfalls
NEUTRAL = "#495057"

LEFT_AXIS_WIDTH = 50  # px: room for five characters of tick text and the rotated axis label
MIN_PLOT_SIZE = QSize(200, 120)  # a one-orbit plot (title, legend row, axes and view box), px
MIN_LIFE_PLOT_SIZE = QSize(260, 150)  # a mission-life plot


def configure() -> None:
    pg.setConfigOptions(background="w", foreground="k", antialias=False)


def site_colour(i: int) -> str:
    return SITES[i % len(SITES)]


def pen(colour: str, width: float = 2.0, dashed: bool = False, dotted: bool = False):
    """A curve's pen; ``dotted`` draws scenario B in a comparison (dashes already mean a demand or
    a limit)."""
    from PySide6.QtCore import Qt

    line = Qt.PenStyle.DotLine if dotted else Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    return pg.mkPen(colour, width=width, style=line)


def tick_strings(values, spacing: float) -> list[str]:
    """Tick labels with as many decimals as the tick spacing needs (at most 6), thousands
    separated, no "-0": 333.15 at a 0.05 spacing reads "333.15", never "333.1500000000005"."""
    places = 0 if not spacing > 0 else min(6, max(0, math.ceil(-math.log10(spacing) - 1e-9)))
    out = []
    for v in values:
        v = round(float(v), places)
        out.append(f"{0.0 if v == 0 else v:,.{places}f}")
    return out


class PeopleAxis(pg.AxisItem):
    """An axis whose tick labels come from ``tick_strings`` (no SI prefixes: "min", "yr")."""

    def __init__(self, orientation, **kwargs):
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values, scale, spacing):
        return tick_strings([v * scale for v in values], spacing * scale)


def y_span(*arrays, rel: float = 0.05, floor: float = 0.0) -> tuple[float, float]:
    """(low, high) of the finite data, widened about its middle to at least ±``rel`` of the
    largest magnitude and at least ``floor`` in all: a flat 36.8 kW curve shows 35.0–38.7 kW,
    not 36.65–36.9."""
    data = np.concatenate([np.asarray(a, dtype=float).ravel() for a in arrays]) if arrays else np.zeros(0)
    data = data[np.isfinite(data)]
    if data.size == 0:
        return 0.0, 1.0
    lo, hi = float(data.min()), float(data.max())
    mid, half = (lo + hi) / 2.0, (hi - lo) / 2.0
    half = max(half, rel * max(abs(lo), abs(hi)), floor / 2.0, 1e-12)
    return mid - half, mid + half


def set_curve_data(curve: pg.PlotDataItem, x, y) -> bool:
    """setData unless the curve already shows exactly these points (an edit often leaves most
    curves as they were: each skipped one saves its bounds, path and a repaint); True if set."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if (curve.xData is not None and curve.yData is not None and np.array_equal(curve.xData, x)
            and np.array_equal(curve.yData, y, equal_nan=True)):
        return False
    curve.setData(x, y)
    return True


SNAP_STEPS = 25  # a y range moves in steps of about 1/25 of its span (see snap_range)


def snap_range(lo: float, hi: float, steps: int = SNAP_STEPS) -> tuple[float, float]:
    """(lo, hi) widened outwards to multiples of a round step (1, 2 or 5 × 10^k) of about
    span / ``steps``: while an edit moves the data by less than a step the axes stay put, so a
    drag neither makes them jitter nor repaints their tick text (most of a plot's repaint)."""
    span = hi - lo
    if not (np.isfinite(lo) and np.isfinite(hi)) or span <= 0:
        return lo, hi
    raw = span / steps
    mag = 10.0 ** np.floor(np.log10(raw))
    step = next(m * mag for m in (1.0, 2.0, 5.0, 10.0) if m * mag >= raw * (1 - 1e-12))
    return float(np.floor(lo / step) * step), float(np.ceil(hi / step) * step)


def fit_y(plot: pg.PlotItem, *arrays, rel: float = 0.05, floor: float = 0.0) -> None:
    lo, hi = snap_range(*y_span(*arrays, rel=rel, floor=floor))
    plot.setYRange(lo, hi, padding=0.06)


FILL = "fill"  # a legend entry's style: a shaded area (False: solid line, True: dashed line)
DOTTED = "dotted"  # scenario B in a comparison


def legend_html(entries, per_line: int = 0) -> str:
    """The legend: (label, colour, style) entries as coloured glyphs, ``per_line`` a line
    (0: all on one)."""
    glyph = {False: "━━", True: "╍╍", FILL: "▆▆", DOTTED: "····"}
    cells = [f"<span style='color:{c}'>{glyph[d]}</span>&nbsp;{label}" for label, c, d in entries]
    n = per_line or max(len(cells), 1)
    return "<br>".join("&nbsp;&nbsp;".join(cells[i:i + n]) for i in range(0, len(cells), n))


def set_title(plot: pg.PlotItem, title: str, entries=(), per_line: int = 0, inline: bool = False) -> None:
    """The title, and under it the legend in small type, both in the title row: a legend never
    covers data and costs one text item to paint. ``inline``: the legend's first line follows the
    title on its line (four entries in a narrow column without a third line)."""
    lines = 1
    text = f"<b>{title}</b>"
    if entries:
        legend = legend_html(entries, per_line)
        legend_lines = legend.count("<br>") + 1
        sep = "&nbsp;&nbsp;&nbsp;" if inline else "<br>"
        text += f"{sep}<span style='font-size:7.5pt'>{legend}</span>"
        lines = legend_lines + (0 if inline else 1)
    plot.setTitle(text, size="8.5pt")
    height = 4 + 14 * lines
    plot.layout.setRowFixedHeight(0, height)
    plot.titleLabel.setMaximumHeight(height)


def new_plot(layout: pg.GraphicsLayoutWidget, title: str, y_label: str, y_unit: str | None,
             x_label: str, x_unit: str | None, row: int, col: int, legend=(), per_line: int = 0,
             inline: bool = False, minimum: QSize = MIN_PLOT_SIZE) -> pg.PlotItem:
    p = layout.addPlot(row=row, col=col, axisItems={"left": PeopleAxis("left"), "bottom": PeopleAxis("bottom")})
    set_title(p, title, legend, per_line, inline)
    p.setLabel("left", y_label, units=y_unit)
    p.setLabel("bottom", x_label, units=x_unit)
    p.getAxis("left").setWidth(LEFT_AXIS_WIDTH)  # fixed: the layout never moves with the data
    p.showGrid(x=False, y=True, alpha=0.2)  # a y grid only: grids are most of a repaint
    # peak downsampling keeps long series fast; clip-to-view is left off because it stops the
    # x auto-range of a plot that starts empty (the plots are created before the first result)
    p.setDownsampling(auto=True, mode="peak")
    p.setMinimumSize(minimum.width(), minimum.height())
    p.setMenuEnabled(True)
    cache(p)
    return p


def cache(plot: pg.PlotItem) -> None:
    """Axes and title painted once into a pixmap, blitted on each repaint until they change (a
    repaint replayed every axis's QPicture of tick text: most of the plots' paint time). Exports
    switch it off (``uncached``) so that SVG gets text and lines, not pixmaps."""
    from PySide6.QtWidgets import QGraphicsItem

    for item in (plot.getAxis("left"), plot.getAxis("bottom"), plot.titleLabel):
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def cached_items(scene) -> list:
    from PySide6.QtWidgets import QGraphicsItem

    return [i for i in scene.items() if i.cacheMode() != QGraphicsItem.CacheMode.NoCache]


def minimum_layout_size(layout_widget: pg.GraphicsLayoutWidget, columns: int, rows: int,
                        plot: QSize) -> QSize:
    """The smallest layout widget that holds ``columns`` × ``rows`` plots of ``plot`` size, with
    the grid's spacing and margins (so that no plot is clipped at that size)."""
    grid = layout_widget.ci.layout
    left, top, right, bottom = grid.getContentsMargins()
    return QSize(int(columns * plot.width() + (columns - 1) * grid.horizontalSpacing() + left + right),
                 int(rows * plot.height() + (rows - 1) * grid.verticalSpacing() + top + bottom))


class PlotLayout(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget that says when it has painted: ``painted`` and ``last_paint_s``
    (the edit-to-pixels benchmark and the compute runner's first-stage hand-off use them).

    Its central layout always fills the view: pyqtgraph grows it to the layout's minimum but never
    shrinks it back, which left the right-hand plots clipped after an extreme edit was undone."""

    painted = Signal()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_paint_s = 0.0  # time.perf_counter() at the end of the last paint

    def fit_central(self) -> None:
        """Shrink (or grow) the central layout back to the view, down to its minimum size."""
        r, ci = self.range, self.ci
        w, h = max(r.width(), ci.minimumWidth()), max(r.height(), ci.minimumHeight())
        g = ci.geometry()
        if abs(g.width() - w) > 0.5 or abs(g.height() - h) > 0.5 or g.topLeft() != r.topLeft():
            ci.setGeometry(QRectF(r.x(), r.y(), w, h))

    @guarded("painting a plot")
    def paintEvent(self, event):
        self.fit_central()
        super().paintEvent(event)
        self.last_paint_s = time.perf_counter()
        self.painted.emit()


def captioned_view(owner, waiting_text: str, box):
    """The layout of a results tab: a caption of at most two lines (the whole text in its tooltip
    where longer), "Show:" and ``box`` beside it, the plots below. Returns (caption, the
    "Show:" label, the PlotLayout)."""
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

    caption = QLabel(waiting_text)
    caption.setWordWrap(True)
    caption.setMaximumHeight(2 * caption.fontMetrics().lineSpacing() + 2)
    layout_widget = PlotLayout()
    lay = QVBoxLayout(owner)
    lay.setContentsMargins(2, 2, 2, 2)
    lay.setSpacing(2)
    row = QHBoxLayout()
    row.addWidget(caption, 1)
    show = QLabel("Show:")
    row.addWidget(show)
    row.addWidget(box)
    lay.addLayout(row)
    lay.addWidget(layout_widget, 1)
    return caption, show, layout_widget
