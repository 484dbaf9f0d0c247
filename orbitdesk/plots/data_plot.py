"""The data segment (the "Data" tab of the mission-life dock): what the stations carry in a day
against what the workloads need, and the round trip from the users over the first day beside the
terrestrial sites' (core/data_segment.py; Results.data_day and the data-segment KPIs)."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel

from orbitdesk.plots import style
from orbitdesk.plots.results_view import ResultsView

TB_BITS = 8e12  # bits in a terabyte: the bars' unit
BARS = (("downlink_bits_per_day", "Downlink\ncapacity", style.SUPPLY),
        ("data_need_bits_per_day", "This\nworkload", style.ORBITAL),
        ("training_need_bits_per_day", "Were all\ntraining", style.NEUTRAL),
        ("inference_need_bits_per_day", "Were all\ninference", style.DEMAND))
MIN_DATA_PLOT_SIZE = QSize(260, 132)
BOTTOM_AXIS_HEIGHT = 36


class DataPlot(ResultsView):
    def __init__(self, runner, parent=None):
        super().__init__(runner, parent)
        self._pending = False
        self._drawn = None
        self.draws = 0
        self.values: dict[str, float] = {}  # the bars drawn, bits/day
        self.caption, show, self.layout_widget = style.captioned_view(
            self, "Data segment: waiting for the mission-life result…", QLabel(""))
        show.setVisible(False)
        self.bars = style.new_plot(self.layout_widget, "Data per day", "TB/day", None, "", None, 0, 0,
                                   minimum=MIN_DATA_PLOT_SIZE)
        axis = pg.AxisItem("bottom")
        axis.setHeight(BOTTOM_AXIS_HEIGHT)
        axis.setTicks([[(float(i), label) for i, (_, label, _) in enumerate(BARS)]])
        self.bars.setAxisItems({"bottom": axis})
        self.bars.showGrid(x=False, y=True, alpha=0.2)
        self.bars.setMouseEnabled(x=False, y=False)
        self.bars.hideButtons()
        self.bar_item = pg.BarGraphItem(x=[], height=[], width=0.62, brushes=[], pen=None)
        self.bars.addItem(self.bar_item)
        self.labels: list[pg.TextItem] = []
        self.trip = style.new_plot(self.layout_widget, "Round trip to users", "ms", None, "hours from the epoch",
                                   "h", 0, 1, minimum=MIN_DATA_PLOT_SIZE)
        self.orbital_curve = self.trip.plot([], [], pen=style.pen(style.ORBITAL), connect="finite")
        self.compared_curve = self.trip.plot([], [], pen=style.pen(style.ORBITAL, 1.5, dotted=True), connect="finite")
        self.compared_curve.setVisible(False)  # scenario B's round trip (a comparison)
        self.site_lines: list[pg.InfiniteLine] = []
        self.budget_line: pg.InfiniteLine | None = None
        self.layout_widget.setMinimumSize(style.minimum_layout_size(self.layout_widget, 2, 1, MIN_DATA_PLOT_SIZE))

    def minimum_plot_size(self) -> QSize:
        return QSize(MIN_DATA_PLOT_SIZE)

    def showEvent(self, event):
        super().showEvent(event)
        if self._pending:
            self.redraw()

    def redraw(self) -> None:
        if not self.isVisible():  # drawn when the tab is shown
            self._pending = True
            return
        self.ensure_drawn()

    def ensure_drawn(self) -> None:
        self._pending = False
        if self._drawn is not None and self._drawn[0] is self.results and self._drawn[1] is self.comparison:
            return
        self._drawn = (self.results, self.comparison)
        self.draws += 1
        r = self.results
        day = getattr(r, "data_day", None) if r is not None else None
        for label in self.labels:
            self.bars.removeItem(label)
        for line in [*self.site_lines, *([self.budget_line] if self.budget_line else [])]:
            self.trip.removeItem(line)
        self.labels, self.site_lines, self.budget_line = [], [], None
        if day is None:
            self.values = {}
            self.bar_item.setOpts(x=[], height=[], brushes=[])
            self.orbital_curve.setData([], [])
            self.compared_curve.setVisible(False)
            self.caption.setText("No ground station: the scenario has no data segment (add one in the tree).")
            return
        self._draw_bars(r.kpis)
        self._draw_trip(r, day)
        k = r.kpis
        p50, p95 = k.get("user_round_trip_p50_s"), k.get("user_round_trip_p95_s")
        share = k.get("useful_compute_share")
        text = (f"Stations carry {fmt_tb(k.get('downlink_bits_per_day'))} TB a day against "
                f"{fmt_tb(k.get('data_need_bits_per_day'))} TB the workloads need; round trip to {day.users}: "
                f"median {fmt_ms(p50)}, 95th percentile {fmt_ms(p95)} ms; useful compute "
                f"{'–' if share is None else f'{100 * share:.1f}'} % ({r.notes.get('useful_compute_share', '')})")
        self.caption.setText(text)
        self.caption.setToolTip(text)

    def _draw_bars(self, kpis) -> None:
        self.values = {key: float(kpis.get(key) or 0.0) for key, _, _ in BARS}
        heights = [self.values[key] / TB_BITS for key, _, _ in BARS]
        self.bar_item.setOpts(x=np.arange(len(BARS), dtype=float), height=heights, width=0.62,
                              brushes=[pg.mkBrush(colour) for _, _, colour in BARS])
        top = max(heights) if heights else 1.0
        for i, h in enumerate(heights):
            label = pg.TextItem(fmt_tb(h * TB_BITS), color=style.NEUTRAL, anchor=(0.5, 1.0))
            label.setPos(float(i), h)
            self.bars.addItem(label)
            self.labels.append(label)
        self.bars.setYRange(0.0, max(top, 1e-9) * 1.25, padding=0)
        self.bars.setXRange(-0.6, len(BARS) - 0.4, padding=0)

    def _draw_trip(self, results, day) -> None:
        hours = day.time_s / 3600.0
        ms = np.where(np.isfinite(day.round_trip_s), day.round_trip_s * 1e3, np.nan)
        self.orbital_curve.setData(hours, ms)
        entries = [("orbital", style.ORBITAL, False)]
        values = [ms[np.isfinite(ms)]]
        b_day = getattr(self.comparison, "data_day", None) if self.comparison is not None else None
        self.compared_curve.setVisible(b_day is not None)
        if b_day is not None:  # B's first day, dotted
            b_ms = np.where(np.isfinite(b_day.round_trip_s), b_day.round_trip_s * 1e3, np.nan)
            self.compared_curve.setData(b_day.time_s / 3600.0, b_ms)
            entries.append(("B", style.ORBITAL, style.DOTTED))
            values.append(b_ms[np.isfinite(b_ms)])
        for i, (name, k) in enumerate(results.terrestrial_kpis.items()):
            v = k.get("user_round_trip_p50_s")
            if v is None:
                continue
            line = pg.InfiniteLine(v * 1e3, angle=0, pen=style.pen(style.site_colour(i), 1.5))
            self.trip.addItem(line)
            self.site_lines.append(line)
            entries.append((name.split(" (")[0].removeprefix("New build, "), style.site_colour(i), False))
            values.append(np.array([v * 1e3]))
        if day.latency_budget_s is not None:
            self.budget_line = pg.InfiniteLine(day.latency_budget_s * 1e3, angle=0,
                                               pen=style.pen(style.LIMIT, 1.5, dashed=True))
            self.trip.addItem(self.budget_line)
            entries.append(("latency budget", style.LIMIT, True))
            values.append(np.array([day.latency_budget_s * 1e3]))
        style.set_title(self.trip, f"Round trip to {day.users}", entries, per_line=3)
        style.fit_y(self.trip, *values, floor=0.0)
        self.trip.setXRange(0.0, float(hours[-1]) if hours.size else 24.0, padding=0.01)

    def data_csv(self) -> str:
        """The first day: hour, orbital round trip (ms, empty: no answer), each station's capacity (Gbit/s)."""
        day = getattr(self.results, "data_day", None) if self.results is not None else None
        if day is None:
            raise ValueError("no data segment to export: the scenario has no ground station")
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["time_h", f"round_trip_ms ({day.users})", *(f"capacity_gbps ({n})" for n in day.station_names)])
        for j, t in enumerate(day.time_s):
            rtt = day.round_trip_s[j]
            w.writerow([f"{t / 3600.0:.4f}", f"{rtt * 1e3:.3f}" if math.isfinite(rtt) else "",
                        *(f"{c / 1e9:.4f}" for c in day.station_capacity_bps[:, j])])
        return out.getvalue()


def fmt_tb(bits) -> str:
    if bits is None or not math.isfinite(bits):
        return "–"
    tb = bits / TB_BITS
    return f"{tb:,.0f}" if tb >= 100 else f"{tb:.1f}" if tb >= 10 else f"{tb:.2f}"


def fmt_ms(seconds) -> str:
    return "–" if seconds is None else f"{seconds * 1e3:.1f}"
