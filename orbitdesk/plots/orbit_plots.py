"""One orbit at the epoch for the shell the document shows (``document.selected_shell()``): power,
battery, heat, radiator temperature, delivered FLOP/s and throttle, for the fleet mean, the worst
plane or any one plane (the selector above the plots). An adapter view: it draws what the runner's
first stage sends."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QDate, QSize
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from orbitdesk.app.crashlog import guarded
from orbitdesk.plots import style
from orbitdesk.plots.export import series_csv

# series name -> (plot key, label, OrbitTimeline field, scale to the unit shown, colour, dashed)
SERIES = {
    "solar_power_kw": ("power", "solar power", "solar_power_w", 1e-3, style.SUPPLY, False),
    "load_kw": ("power", "load", "load_w", 1e-3, style.DEMAND, False),
    "battery_soc_pct": ("battery", "state of charge", "battery_soc", 100.0, style.DEMAND, False),
    "heat_demand_kw": ("heat", "demanded", "heat_demand_w", 1e-3, style.NEUTRAL, True),
    "heat_load_kw": ("heat", "rejected", "heat_load_w", 1e-3, style.DEMAND, False),
    "rejectable_heat_kw": ("heat", "rejectable at limit", "rejectable_heat_w", 1e-3, style.SUPPLY, False),
    "radiator_temperature_k": ("temperature", "radiator", "radiator_temperature_k", 1.0, style.DEMAND,
                               False),
    "delivered_pflop_per_s": ("flops", "delivered", "flop_per_s", 1e-15, style.ORBITAL, False),
    "throttle_pct": ("throttle", "throttle", "throttle", 100.0, style.NEUTRAL, False),
}
PLOTS = {  # key -> (title, y label, y unit, row, col)
    "power": ("Power per satellite", "kW", None, 0, 0),
    "battery": ("Battery", "SoC", "%", 0, 1),
    "heat": ("Heat", "kW", None, 1, 0),
    "temperature": ("Radiator temperature", "T", "K", 1, 1),
    "flops": ("Delivered compute per satellite", "PFLOP/s", None, 2, 0),
    "throttle": ("Payload throttle", "throttle", "%", 2, 1),
}
# four entries: two lines, the first beside the title, so a narrow column is neither widened nor
# left with a data area squeezed under a three-line title
LEGEND_PER_LINE = {"heat": 2}
EXTRA_LEGEND = {  # entries not drawn by a SERIES curve
    "heat": [("shortfall", "#e8a0a0", style.FILL)],
    "temperature": [("limit", style.LIMIT, True)],
}
# y range of each plot: (series drawn, relative half-span floor, absolute span floor); None: fixed
Y_FIT = {
    "power": (("solar_power_kw", "load_kw"), 0.05, 1.0),
    "heat": (("heat_demand_kw", "heat_load_kw", "rejectable_heat_kw"), 0.05, 0.5),
    "temperature": (("radiator_temperature_k",), 0.05, 10.0),
    "flops": (("delivered_pflop_per_s",), 0.05, 0.01),
}
MEAN, WORST = -1, -2  # plane selector data besides a plane index
PLANE_DIFFERENT_KINDS = ("walker", "tle")  # planes that differ: the mean matches no satellite
SHORTFALL_BRUSH = (201, 42, 42, 70)


def minimum_plot_size() -> QSize:
    """The smallest on-screen size of each of the six plots (title, legend row, axes, view box)."""
    return QSize(style.MIN_PLOT_SIZE)


def plane_label(tl, p: int) -> str:
    """ "Plane 2 (RAAN 90°, β 12.3°)" (a TLE satellite: its name and β)."""
    names = getattr(tl, "plane_names", ()) or ()
    name = names[p] if p < len(names) else f"Plane {p + 1}"
    beta = f"β {float(tl.beta_deg[p]):.1f}°"
    return f"{name[:-1]}, {beta})" if name.endswith(")") else f"{name} ({beta})"


def worst_plane(tl) -> int:
    if hasattr(tl, "worst_plane"):
        return int(tl.worst_plane())
    return int(np.argmin(np.asarray(tl.throttle, dtype=float).mean(axis=-1)))


def plane_series(tl, field: str, plane: int | None) -> np.ndarray:
    """A (T,) curve: the satellite-weighted fleet mean (plane None) or one plane's."""
    if plane is None:
        return tl.fleet_mean(field)
    return np.asarray(getattr(tl, field)[plane], dtype=float)


class OrbitPlots(QWidget):
    def __init__(self, document, runner, parent=None):
        super().__init__(parent)
        self._document, self._runner = document, runner
        self._first = None
        self._drawn = None  # (first stage, shell, plane) last drawn: the same again is no redraw
        self._plane_shell = None  # the shell the plane choice belongs to
        self._plane_choice = MEAN
        self._box_items: list[tuple[str, int]] = []  # what the plane selector lists
        self._at_s = 0.0  # the shown orbit starts this long after the epoch (the date control)
        self._dated = None  # EpochOrbits at _at_s when it is not the epoch, from a runner job
        self._results = None  # the full evaluation (its seasons give the worst month)
        self.shown_shell: int | None = None
        self.shown_plane: int | None = None  # None: the fleet mean
        self.redraws = 0
        self.caption = QLabel("One orbit at the epoch: waiting for the first result…")
        self.caption.setWordWrap(True)  # a long shell name must not widen the window
        self.plane_box = QComboBox()
        self.plane_box.setToolTip("Which satellites the one-orbit plots show: the satellite-weighted "
                                  "fleet mean, the plane with the lowest orbit-mean throttle, or one plane")
        self.plane_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plane_box.setMinimumContentsLength(12)
        self.plane_box.activated.connect(self._on_plane_chosen)
        self.layout_widget = style.PlotLayout()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)  # every pixel of height goes to the plots at 1366×768
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setToolTip("The day whose first orbit the plots show (00:00 UTC; the epoch's own time "
                             "on its day), from the epoch to the end of the horizon")
        self.date.dateChanged.connect(self._on_date)
        self.epoch_button = QPushButton("Epoch")
        self.epoch_button.setToolTip("Show the epoch orbit")
        self.epoch_button.clicked.connect(lambda: self.show_date(None))
        self.worst_button = QPushButton("Worst")
        self.worst_button.setToolTip("Show the month of the horizon where the selected shell's fresh "
                                     "satellites run slowest (heat and power), or its longest eclipse")
        self.worst_button.clicked.connect(self.show_worst_case)
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:"))
        row.addWidget(self.plane_box, 1)
        row.addWidget(QLabel("on"))
        row.addWidget(self.date)
        row.addWidget(self.epoch_button)
        row.addWidget(self.worst_button)
        lay.addLayout(row)
        lay.addWidget(self.caption)
        lay.addWidget(self.layout_widget, 1)
        self.plots: dict[str, pg.PlotItem] = {}
        for key, (title, ylabel, yunit, r, c) in PLOTS.items():
            legend = [(label, colour, dashed) for plot, label, _, _, colour, dashed in SERIES.values()
                      if plot == key and key not in ("battery", "throttle", "flops")]
            legend += EXTRA_LEGEND.get(key, [])
            self.plots[key] = style.new_plot(self.layout_widget, title, ylabel, yunit, "time", "min", r, c,
                                             legend=legend, per_line=LEGEND_PER_LINE.get(key, 0),
                                             inline=key in LEGEND_PER_LINE)
        m = style.MIN_PLOT_SIZE
        self.layout_widget.setMinimumSize(style.minimum_layout_size(self.layout_widget, 2, 3, m))
        last_row = max(r for _, _, _, r, _ in PLOTS.values())
        for key, p in self.plots.items():
            p.setXLink(self.plots["power"])
            if PLOTS[key][3] != last_row:  # one time axis for the column: its title only at the bottom
                p.getAxis("bottom").showLabel(False)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.compared: dict[str, pg.PlotDataItem] = {}  # scenario B's epoch orbit, dotted
        for name, (plot, label, _, _, colour, dashed) in SERIES.items():
            self.curves[name] = self.plots[plot].plot([], [], pen=style.pen(colour, dashed=dashed), name=label)
            self.compared[name] = self.plots[plot].plot([], [], pen=style.pen(colour, 1.5, dotted=True),
                                                        name=f"B {label}")
            self.compared[name].setVisible(False)
        self.comparison = None  # scenario B's results (app/comparison.py)
        self.comparison_label = ""
        # the shortfall: between the rejectable heat and the demand where the demand is higher
        self._short_top, self._short_bottom = pg.PlotCurveItem(), pg.PlotCurveItem()
        self.shortfall = pg.FillBetweenItem(self._short_top, self._short_bottom, brush=SHORTFALL_BRUSH)
        self.shortfall.setZValue(-5)
        self.plots["heat"].addItem(self.shortfall)
        self.limit_curve = self.plots["temperature"].plot(
            [], [], pen=style.pen(style.LIMIT, 1.5, dashed=True), name="limit")
        self.plots["battery"].setYRange(0, 100)
        self.plots["throttle"].setYRange(0, 105)
        runner.firstStage.connect(self._on_first_stage)
        runner.ready.connect(self._on_ready)
        runner.done.connect(self._on_job_done)
        document.selectionChanged.connect(self._on_selection)
        self._set_date_range()

    @guarded("closing the one-orbit plots")
    def closeEvent(self, event):
        self._runner.firstStage.disconnect(self._on_first_stage)
        self._runner.ready.disconnect(self._on_ready)
        self._runner.done.disconnect(self._on_job_done)
        self._document.selectionChanged.disconnect(self._on_selection)
        super().closeEvent(event)

    def minimum_plot_size(self) -> QSize:
        return minimum_plot_size()

    # --- what is shown -----------------------------------------------------------------------
    def _on_first_stage(self, _rid, first) -> None:
        self._first = first
        self._set_date_range()
        if self._at_s:
            self._request_dated()  # the same date, the edited scenario
        self.redraw()

    def _on_ready(self, _rid, results) -> None:
        self._results = results

    # --- the date shown ----------------------------------------------------------------------
    def _epoch(self) -> datetime:
        return self._document.scenario.epoch

    def _set_date_range(self) -> None:
        s = self._document.scenario
        start = s.epoch.date()
        end = (s.epoch + timedelta(days=365.25 * s.economics.analysis_years)).date()
        self.date.blockSignals(True)
        self.date.setDateRange(QDate(start.year, start.month, start.day), QDate(end.year, end.month, end.day))
        shown = (s.epoch + timedelta(seconds=self._at_s)).date()
        self.date.setDate(QDate(shown.year, shown.month, shown.day))
        self.date.blockSignals(False)

    def show_date(self, when: datetime | None) -> None:
        """Show the first orbit of ``when`` (None: the epoch orbit), within the horizon."""
        s = self._document.scenario
        horizon_s = s.economics.analysis_years * 365.25 * 86400.0
        at_s = 0.0 if when is None else min(max((when - s.epoch).total_seconds(), 0.0), horizon_s)
        if at_s == self._at_s:
            return
        self._at_s = at_s
        self._set_date_range()
        self._dated = None
        if at_s:
            self._request_dated()
        self._drawn = None
        self.redraw()

    def _on_date(self, qdate: QDate) -> None:
        day = datetime(qdate.year(), qdate.month(), qdate.day(), tzinfo=timezone.utc)
        epoch = self._epoch()
        self.show_date(None if day.date() == epoch.date() else day)

    def show_worst_case(self) -> None:
        """Jump to the worst month of the selected shell (its lowest fresh-satellite throttle, or
        its longest eclipse when the payload never slows); nothing before the results."""
        r = self._results
        index = self.shell_index()
        if r is None or index >= len(r.seasons) or r.scenario_name != self._document.scenario.name:
            return
        season = r.seasons[index]
        throttle = np.asarray(season.throttle)
        m = int(np.argmin(throttle)) if throttle.min() < 0.999 else int(np.argmax(season.longest_eclipse_s))
        self.show_date(self._epoch() + timedelta(days=365.25 * float(season.time_years[m])))

    def _request_dated(self) -> None:
        from orbitdesk.core import epoch_orbits

        scenario, at_s = self._document.scenario, self._at_s
        self._runner.submit("orbit_at", epoch_orbits, scenario, at_s)

    def _on_job_done(self, kind: str, _rid: int, result) -> None:
        # the runner keeps only the newest job of a kind; this one must still be the wanted one
        # (a synchronous runner answers before submit returns its id)
        if kind != "orbit_at" or result.at_s != self._at_s or result.scenario is not self._document.scenario:
            return
        self._dated = result
        self.redraw()

    def _shown_stage(self):
        """The first stage at the shown date: the runner's own at the epoch, else the dated job's."""
        if not self._at_s:
            return self._first
        d = self._dated
        return d if d is not None and d.scenario is self._document.scenario else None

    def _on_selection(self, _section, _index) -> None:
        self.redraw()  # nothing is drawn when the shown shell stays the same

    def _on_plane_chosen(self, _row: int) -> None:
        self._plane_choice = int(self.plane_box.currentData())
        self.redraw()

    def shell_index(self) -> int:
        return self._document.selected_shell()

    def _timeline(self):
        """(shell index, its timeline), or None while the first stage is behind the document
        (the shell is not in it yet or another shell stands at that index)."""
        first = self._shown_stage()
        if not first or not first.orbits:
            return None
        index = self.shell_index()
        shells = self._document.scenario.shells
        if index >= len(first.orbits) or index >= len(shells):
            return None
        tl = first.orbits[index]
        return (index, tl) if tl.shell == shells[index].name else None

    def _default_choice(self, index: int, tl) -> int:
        kind = getattr(self._document.scenario.shells[index], "kind", "")
        return WORST if kind in PLANE_DIFFERENT_KINDS and len(tl.plane_satellites) > 1 else MEAN

    def _update_plane_box(self, index: int, tl, worst: int) -> None:
        planes = len(tl.plane_satellites)
        if index != self._plane_shell:  # another shell: its own default
            self._plane_shell, self._plane_choice = index, self._default_choice(index, tl)
        elif self._plane_choice >= planes:
            self._plane_choice = self._default_choice(index, tl)
        items = [("Fleet mean (satellite-weighted)", MEAN),
                 (f"Worst plane: {plane_label(tl, worst)}", WORST)]
        items += [(plane_label(tl, p), p) for p in range(planes)]
        box = self.plane_box
        box.blockSignals(True)
        if items != self._box_items:  # up to 1,000 planes: rebuilt only when the labels change
            self._box_items = items
            box.clear()
            for text, data in items:
                box.addItem(text, data)
        box.setCurrentIndex(box.findData(self._plane_choice))
        box.blockSignals(False)

    def plane_choice(self) -> int:
        """MEAN, WORST or a plane index, as the selector shows."""
        return self._plane_choice

    def redraw(self) -> None:
        found = self._timeline()
        if found is None:
            return
        index, tl = found
        worst = worst_plane(tl)
        self._update_plane_box(index, tl, worst)
        choice = self._plane_choice
        plane = None if choice == MEAN else worst if choice == WORST else choice
        stage = self._shown_stage()
        if (self._drawn is not None and self._drawn[0] is stage and self._drawn[1:3] == (index, plane)
                and self._drawn[3] is self.comparison):
            return
        self._drawn = (stage, index, plane, self.comparison)
        self.shown_shell, self.shown_plane = index, plane
        t_min = (tl.time_s - tl.time_s[0]) / 60.0  # minutes into the orbit shown (from its start)
        data = {}
        for name, (_, _, field, scale, _, _) in SERIES.items():
            if field == "heat_demand_w" and not hasattr(tl, field):
                field = "heat_load_w"  # an older core: no demand beyond what is produced
            data[name] = plane_series(tl, field, plane) * scale
            style.set_curve_data(self.curves[name], t_min, data[name])
        demand, rejectable = data["heat_demand_kw"], data["rejectable_heat_kw"]
        short = demand > rejectable * (1 + 1e-9)
        self.shortfall.setVisible(bool(short.any()))
        if short.any():
            style.set_curve_data(self._short_bottom, t_min, rejectable)
            style.set_curve_data(self._short_top, t_min, np.maximum(demand, rejectable))
        style.set_curve_data(self.limit_curve, t_min[[0, -1]], [tl.max_temperature_k] * 2)
        compared = self._draw_compared(index, choice)
        self.plots["power"].setXRange(0.0, float(t_min[-1]), padding=0.0)  # linked: all six
        for plot, (names, rel, floor) in Y_FIT.items():
            extra = [tl.max_temperature_k] if plot == "temperature" else []
            style.fit_y(self.plots[plot], *[data[n] for n in names], *[compared.get(n, []) for n in names], extra,
                        rel=rel, floor=floor)
        self.caption.setText(self._caption(tl, plane, worst) + (f"; {self.comparison_label}, dotted (its epoch "
                                                                 "orbit)" if compared else ""))
        self.redraws += 1

    def set_comparison(self, results, label: str = "") -> None:
        """Draw scenario B's epoch orbit of the same shell dotted beside A's (None: stop)."""
        self.comparison, self.comparison_label = results, label
        self.redraw()

    def _draw_compared(self, index: int, choice: int) -> dict[str, np.ndarray]:
        """B's curves for shell ``index`` on the epoch orbit, the same plane choice (the fleet mean,
        B's own worst plane, or the same plane where B has it); {} where B has no such shell."""
        b = self.comparison
        tl = b.orbits[index] if b is not None and index < len(b.orbits) and not self._at_s else None
        if tl is not None and choice >= len(tl.plane_satellites):
            tl = None
        for curve in self.compared.values():
            curve.setVisible(tl is not None)
        if tl is None:
            return {}
        plane = None if choice == MEAN else worst_plane(tl) if choice == WORST else choice  # once, not per curve
        t_min = (tl.time_s - tl.time_s[0]) / 60.0
        out = {}
        for name, (_, _, field, scale, _, _) in SERIES.items():
            out[name] = plane_series(tl, field, plane) * scale
            style.set_curve_data(self.compared[name], t_min, out[name])
        return out

    def _caption(self, tl, plane: int | None, worst: int) -> str:
        planes = len(tl.plane_satellites)
        if plane is None:
            beta = np.asarray(tl.beta_deg, dtype=float)  # a mean of β around the Earth means nothing
            lo, hi = f"{beta.min():.1f}", f"{beta.max():.1f}"
            betas = f"β {lo}°" if lo == hi else f"β {lo}° to {hi}°"
            what = (f"fleet mean of {planes} planes, {betas}" if planes > 1 else
                    f"{plane_label(tl, 0)}, {int(tl.plane_satellites[0]):,} satellites")
        else:
            worst = ", the worst (lowest mean throttle)" if plane == worst and planes > 1 else ""
            what = f"{plane_label(tl, plane)}{worst}, {int(tl.plane_satellites[plane]):,} satellites"
        day = (self._epoch() + timedelta(seconds=self._at_s)).strftime("%Y-%m-%d")
        when = "the epoch orbit" if not self._at_s else f"the orbit of {day}"
        return f"Shell “{tl.shell}”, design “{tl.design}”, {when}: {what}"  # the dock's title says "One orbit"

    def data_csv(self) -> str:
        x = self.curves["load_kw"].xData
        if x is None:
            return ""
        columns = {n: c.yData for n, c in self.curves.items()}
        columns["radiator_limit_k"] = np.full(x.size, self.limit_curve.yData[0])
        return series_csv("time_min", x, columns)
