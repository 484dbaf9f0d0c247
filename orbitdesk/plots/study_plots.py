"""The plots of a trade study's answer (the Trade study dock): one drawing per kind of study.

* sweep of one input: the KPI against the input, a line through the evaluated points;
* sweep of two inputs: a heat map of the KPI over the grid, with a colour bar, and the points;
* Monte Carlo: a histogram of the KPI and its cumulative distribution (each draw a point), the
  P10 / P50 / P90 lines with their values in the title;
* tornado: one horizontal bar per input around the base value, widest swing first, the input at
  its low and at its high in two colours;
* break-even: the orbital KPI and the site's at each evaluated input value, the parity value
  drawn as a vertical line (or "no parity in [lo, hi]" in the title).

Values are shown in the field's and the KPI's own units (``Axis.scale``: shown = stored × scale,
e.g. a fraction shown in %, a cost in $B). A click on a sweep point or a Monte Carlo draw emits
``pointClicked(row)``, the row's position in the study table. ``points`` keeps what each plot
drew (x, y and table rows, as shown) for the tests and the CSV.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from orbitdesk.app.crashlog import guarded
from orbitdesk.plots import style

LOW_COLOUR = "#1c7ed6"  # tornado: the input at its low
HIGH_COLOUR = style.ORBITAL  # the input at its high
PERCENTILE_COLOURS = {"P10": "#2f9e44", "P50": "#212529", "P90": "#c92a2a"}
DOMINATED = "#adb5bd"  # Pareto: points some other point beats on both objectives
TORNADO_AXIS_WIDTH = 130  # px: the inputs' names beside the bars
POINT_SIZE = 9  # px
MAX_NAME = 22  # characters of an input's name on the tornado axis


@dataclass(frozen=True)
class Axis:
    """How a column is shown: its name, its unit and shown = stored × ``scale``."""

    label: str
    unit: str = ""
    scale: float = 1.0

    def title(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


def fmt(v: float) -> str:
    """A value for a title or a tooltip: 6 significant digits, thousands separated."""
    if v is None or not math.isfinite(v):
        return "n/a"
    return f"{v:,.6g}" if abs(v) < 1e15 else f"{v:.4g}"


def _short(name: str) -> str:
    return name if len(name) <= MAX_NAME else name[:MAX_NAME - 1] + "…"


class StudyPlots(QWidget):
    """The answer of the last study (``show_result``) or a message (``show_message``)."""

    pointClicked = Signal(int)  # the row's position in the study's table

    def __init__(self, parent=None):
        super().__init__(parent)
        self.caption = QLabel("Run a study to see its answer here.")
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption.setMaximumHeight(2 * self.caption.fontMetrics().lineSpacing() + 4)
        self.layout_widget = style.PlotLayout()
        self.layout_widget.setMinimumSize(style.MIN_PLOT_SIZE.width() + 20, style.MIN_PLOT_SIZE.height() + 20)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        lay.addWidget(self.caption)
        lay.addWidget(self.layout_widget, 1)
        self.points: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.scatters: dict[str, pg.ScatterPlotItem] = {}
        self.plots: list[pg.PlotItem] = []
        self.result = None
        self.lines: dict[str, float] = {}  # marked values (P10, P50, P90, parity) as shown

    # --- the frame ---------------------------------------------------------------------------
    def _reset(self) -> None:
        self.layout_widget.clear()
        self.points, self.scatters, self.plots, self.lines = {}, {}, [], {}

    def show_message(self, text: str) -> None:
        """Clear the plots and say ``text`` (a study running, cancelled before any point)."""
        self._reset()
        self.result = None
        self.caption.setText(text)
        self.caption.setToolTip(text)

    def _plot(self, title, y: Axis, x: Axis, col=0, legend=()) -> pg.PlotItem:
        p = style.new_plot(self.layout_widget, title, y.label, y.unit or None, x.label, x.unit or None,
                           row=0, col=col, legend=legend, per_line=3)
        self.plots.append(p)
        return p

    def _scatter(self, name: str, plot: pg.PlotItem, x, y, rows, colour: str, tip) -> None:
        """Clickable points (a click loads that row's variant)."""
        x, y, rows = np.asarray(x, float), np.asarray(y, float), np.asarray(rows, int)
        keep = np.isfinite(x) & np.isfinite(y)
        x, y, rows = x[keep], y[keep], rows[keep]
        item = pg.ScatterPlotItem(x=x, y=y, data=rows, size=POINT_SIZE, pen=pg.mkPen("w", width=1),
                                  brush=pg.mkBrush(colour), hoverable=True, hoverSize=POINT_SIZE + 4,
                                  tip=tip)
        item.sigClicked.connect(self._clicked)
        plot.addItem(item)
        self.points[name] = (x, y, rows)
        self.scatters[name] = item

    @guarded("loading a study point")
    def _clicked(self, _item, points, _event=None) -> None:
        if len(points):
            self.pointClicked.emit(int(points[0].data()))

    # --- the answer --------------------------------------------------------------------------
    def show_result(self, result, inputs: list[Axis], kpi: str, kpi_axis: Axis, caption: str = "",
                    site_axis: Axis | None = None, second_axis: Axis | None = None) -> None:
        """Draw ``result`` (a StudyResult): ``inputs`` how its inputs are shown (in the study's
        order), ``kpi`` the key plotted, ``kpi_axis`` how; ``site_axis``: the break-even site's
        curve name; ``second_axis``: a Pareto study's second objective (``kpi_axis`` its first)."""
        self._reset()
        self.result = result
        self.caption.setText(caption)
        self.caption.setToolTip(caption)
        table, kind = result.table, result.study.kind
        if len(table) == 0:
            self.caption.setText(caption or "No point was evaluated.")
            return
        if kind == "sweep" and len(table.paths) == 1:
            self._sweep_1d(table, inputs[0], kpi, kpi_axis)
        elif kind == "sweep":
            self._sweep_2d(result, inputs, kpi, kpi_axis)
        elif kind == "monte_carlo":
            self._monte_carlo(result, kpi, kpi_axis)
        elif kind == "tornado":
            self._tornado(result, inputs, kpi, kpi_axis)
        elif kind == "break_even":
            self._break_even(result, inputs[0], kpi_axis, site_axis or Axis("Site", kpi_axis.unit, kpi_axis.scale))
        elif kind == "pareto":
            self._pareto(result, kpi_axis, second_axis or Axis(result.study.objectives[1].kpi))

    def _pareto(self, result, x: Axis, y: Axis) -> None:
        """Every point of the study in the plane of its two objectives, the front (no point better
        in both) joined from the best of the first."""
        a, b = result.study.objectives
        table = result.table
        va, vb = table.column(a.kpi) * x.scale, table.column(b.kpi) * y.scale
        rows = np.arange(len(table))
        at = {int(i): k for k, i in enumerate(table.index)}  # a row index -> its position in the table
        front = np.array([at[int(i)] for i in (result.pareto if result.pareto is not None else ())], dtype=int)
        legend = [(f"the front ({len(front)})", style.ORBITAL, True), ("dominated", DOMINATED, True)]
        p = self._plot(f"{y.label} against {style_lower(x.label)}", y, x, legend=legend)
        rest = np.setdiff1d(rows, front)
        def tip(px, py, data):
            return f"point {int(data) + 1}: {x.label} = {fmt(px)} {x.unit}\n{y.label} = {fmt(py)} {y.unit}" \
                "\nclick: load this variant"

        self._scatter("dominated", p, va[rest], vb[rest], rest, DOMINATED, tip)
        p.plot(va[front], vb[front], pen=style.pen(style.ORBITAL, 1.5), connect="finite")
        self._scatter("front", p, va[front], vb[front], front, style.ORBITAL, tip)
        style.fit_y(p, vb)

    def _sweep_1d(self, table, inp: Axis, kpi: str, y: Axis) -> None:
        x = table.values[:, 0] * inp.scale
        v = table.column(kpi) * y.scale
        order = np.argsort(x, kind="stable")
        p = self._plot(f"{y.label} against {style_lower(inp.label)}", y, inp)
        p.plot(x[order], v[order], pen=style.pen(style.ORBITAL), connect="finite")
        ya = y
        self._scatter("sweep", p, x[order], v[order], order, style.ORBITAL,
                      lambda x, y, data: f"{inp.label} = {fmt(x)} {inp.unit}\n{ya.label} = {fmt(y)} {ya.unit}"
                      "\nclick: load this variant")
        style.fit_y(p, v)

    def _sweep_2d(self, result, inputs: list[Axis], kpi: str, z_axis: Axis) -> None:
        from orbitdesk.study.sampling import grid_values

        table, study = result.table, result.study
        gx, gy = (grid_values(i) for i in study.inputs)
        ax, ay = inputs[0], inputs[1]
        z = np.full((len(gx), len(gy)), np.nan)
        rows = np.asarray(table.index, int)
        z.ravel()[rows] = table.column(kpi) * z_axis.scale
        xs, ys = gx * ax.scale, gy * ay.scale
        p = self._plot(f"{z_axis.title()} over {style_lower(ax.label)} and {style_lower(ay.label)}", ay, ax)
        image = pg.ImageItem(z)
        dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1) or 1.0
        dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1) or 1.0
        image.setRect(float(xs[0] - dx / 2), float(ys[0] - dy / 2), float(xs[-1] - xs[0] + dx),
                      float(ys[-1] - ys[0] + dy))
        p.addItem(image)
        finite = z[np.isfinite(z)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if hi <= lo:
            hi = lo + max(abs(lo) * 1e-6, 1e-12)
        bar = pg.ColorBarItem(values=(lo, hi), colorMap=pg.colormap.get("viridis"), interactive=False,
                              label=z_axis.title(), width=14)
        bar.setImageItem(image, insert_in=p)
        gxx, gyy = np.meshgrid(xs, ys, indexing="ij")
        self._scatter("sweep", p, gxx.ravel()[rows], gyy.ravel()[rows], np.arange(len(rows)), "#ffffff",
                      lambda x, y, data: f"{ax.label} = {fmt(x)} {ax.unit}\n{ay.label} = {fmt(y)} {ay.unit}\n"
                      f"{z_axis.label} = {fmt(float(table.column(kpi)[data] * z_axis.scale))} {z_axis.unit}"
                      "\nclick: load this variant")
        self.points["heat"] = (xs, ys, z)
        p.setXRange(float(xs[0] - dx / 2), float(xs[-1] + dx / 2), padding=0.02)
        p.setYRange(float(ys[0] - dy / 2), float(ys[-1] + dy / 2), padding=0.02)

    def _monte_carlo(self, result, kpi: str, x: Axis) -> None:
        v = result.table.column(kpi) * x.scale
        rows = np.arange(len(v))
        finite = np.isfinite(v)
        pct = result.percentiles.get(kpi, {})
        marks = {k: pct.get(k, math.nan) * x.scale for k in ("P10", "P50", "P90")}
        self.lines = dict(marks)
        legend = [(f"{k} {m:,.4g}" if math.isfinite(m) else f"{k} n/a", PERCENTILE_COLOURS[k], True)
                  for k, m in marks.items()]
        n = int(finite.sum())
        count = Axis("Draws", "")
        h = self._plot(f"{n:,} draws", count, x, col=0, legend=legend)
        if n:
            bins = int(min(30, max(4, round(math.sqrt(n)))))
            counts, edges = np.histogram(v[finite], bins=bins)
            h.addItem(pg.BarGraphItem(x0=edges[:-1], x1=edges[1:], height=counts, pen=pg.mkPen("w", width=1),
                                      brush=pg.mkBrush(style.ORBITAL + "b0")))
            self.points["histogram"] = ((edges[:-1] + edges[1:]) / 2, counts.astype(float), np.arange(bins))
            h.setYRange(0, float(counts.max()) * 1.08, padding=0)
        # the lines' legend once, over the histogram: the same lines, and a narrow column keeps its title
        cdf = self._plot("Cumulative share of draws", Axis("Share", "%"), x, col=1)
        order = rows[finite][np.argsort(v[finite], kind="stable")]
        xa = x
        share = (np.arange(1, n + 1) / max(n, 1)) * 100.0
        cdf.plot(v[order], share, pen=style.pen(style.ORBITAL, 1.5), stepMode=None)
        self._scatter("draws", cdf, v[order], share, order, style.ORBITAL,
                      lambda x, y, data: f"draw {int(data) + 1}: {xa.label} = {fmt(x)} {xa.unit}\n"
                      f"{fmt(y)} % of draws at or below\nclick: load this variant")
        cdf.setYRange(0, 100, padding=0.04)
        for plot in (h, cdf):
            for k, m in marks.items():
                if math.isfinite(m):
                    plot.addItem(pg.InfiniteLine(m, angle=90, pen=style.pen(PERCENTILE_COLOURS[k], 1.5, dashed=True)))

    def _tornado(self, result, inputs: list[Axis], kpi: str, x: Axis) -> None:
        bars = result.tornado.get(kpi, [])
        names = {i.path: a for i, a in zip(result.study.inputs, inputs, strict=True)}
        legend = [("input at its low", LOW_COLOUR, style.FILL), ("input at its high", HIGH_COLOUR, style.FILL)]
        base = bars[0].kpi_base * x.scale if bars else math.nan
        p = self._plot(f"{x.label}: swing of each input around the base {fmt(base)}", Axis(""), x,
                       legend=legend)
        p.getAxis("left").setWidth(TORNADO_AXIS_WIDTH)
        p.showGrid(x=True, y=False, alpha=0.2)
        n = len(bars)
        ticks, lows, highs = [], [], []
        for i, b in enumerate(bars):
            y = n - 1 - i  # widest on top
            a = names.get(b.path, Axis(b.path))
            ticks.append((y, _short(a.label)))
            lows.append((y, b.kpi_low * x.scale))
            highs.append((y, b.kpi_high * x.scale))
        for items, colour in ((lows, LOW_COLOUR), (highs, HIGH_COLOUR)):
            ys = np.array([y for y, _ in items], float)
            ends = np.array([v for _, v in items], float)
            ok = np.isfinite(ends)
            if ok.any():
                x0 = np.minimum(ends[ok], base)
                x1 = np.maximum(ends[ok], base)
                p.addItem(pg.BarGraphItem(x0=x0, x1=x1, y=ys[ok], height=0.6, pen=pg.mkPen("w", width=1),
                                          brush=pg.mkBrush(colour)))
        p.getAxis("left").setTicks([ticks, []])
        if math.isfinite(base):
            p.addItem(pg.InfiniteLine(base, angle=90, pen=style.pen(style.NEUTRAL, 1.5)))
            self.lines["base"] = base
        self.points["tornado"] = (np.array([v for _, v in lows]), np.array([v for _, v in highs]),
                                  np.arange(n))
        p.setYRange(-0.6, n - 0.4, padding=0.02)

    def _break_even(self, result, inp: Axis, y: Axis, site: Axis) -> None:
        study, table, be = result.study, result.table, result.break_even
        x = table.values[:, 0] * inp.scale
        order = np.argsort(x, kind="stable")
        orbital = table.column(study.target_kpi) * y.scale
        site_v = table.column(f"site:{study.target_site}:{study.target_kpi}") * y.scale
        if be is not None and be.found:
            note = f"parity at {fmt(be.x * inp.scale)} {inp.unit}".rstrip()
            self.lines["parity"] = be.x * inp.scale
        elif be is not None:
            note = f"no parity in [{fmt(be.lo * inp.scale)}, {fmt(be.hi * inp.scale)}] {inp.unit}".rstrip()
        else:
            note = "cancelled"
        ya = y
        legend = [("orbital", style.ORBITAL, False), (site.label, style.site_colour(0), False)]
        p = self._plot(f"Break-even of {style_lower(inp.label)}: {note}", y, inp, legend=legend)
        p.plot(x[order], orbital[order], pen=style.pen(style.ORBITAL), connect="finite")
        p.plot(x[order], site_v[order], pen=style.pen(style.site_colour(0)), connect="finite")
        self._scatter("orbital", p, x[order], orbital[order], order, style.ORBITAL,
                      lambda x, y, data: f"{inp.label} = {fmt(x)} {inp.unit}\norbital {fmt(y)} {ya.unit}"
                      "\nclick: load this variant")
        self._scatter("site", p, x[order], site_v[order], order, style.site_colour(0),
                      lambda x, y, data: f"{inp.label} = {fmt(x)} {inp.unit}\n{site.label} {fmt(y)}")
        if "parity" in self.lines:
            p.addItem(pg.InfiniteLine(self.lines["parity"], angle=90, pen=style.pen(style.LIMIT, 1.5, dashed=True)))
        style.fit_y(p, orbital, site_v)

    # --- export ------------------------------------------------------------------------------
    def data_csv(self) -> str:
        """The study's whole table (inputs, KPIs, ok, error; its metadata as # lines)."""
        from orbitdesk.study.table import table_to_csv

        if self.result is None:
            raise ValueError("no study result to export yet")
        return table_to_csv(self.result.table)


def style_lower(label: str) -> str:
    """A label inside a title ("Launch price" -> "launch price"; "GPU power" stays)."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]

