"""One orbit at the epoch for the selected shell: power, battery, heat, radiator temperature,
delivered FLOP/s and throttle. An adapter view: it draws what the runner's first stage sends."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from orbitdesk.plots import style
from orbitdesk.plots.export import series_csv

# series name -> (plot key, label, OrbitTimeline field, scale to the unit shown, colour, dashed)
SERIES = {
    "solar_power_kw": ("power", "Solar power", "solar_power_w", 1e-3, style.SUPPLY, False),
    "load_kw": ("power", "Load", "load_w", 1e-3, style.DEMAND, False),
    "battery_soc_pct": ("battery", "State of charge", "battery_soc", 100.0, style.DEMAND, False),
    "rejectable_heat_kw": ("heat", "Rejectable at limit", "rejectable_heat_w", 1e-3, style.SUPPLY, False),
    "heat_load_kw": ("heat", "Heat load", "heat_load_w", 1e-3, style.DEMAND, False),
    "radiator_temperature_k": ("temperature", "Radiator", "radiator_temperature_k", 1.0, style.DEMAND,
                               False),
    "delivered_pflop_per_s": ("flops", "Delivered", "flop_per_s", 1e-15, style.ORBITAL, False),
    "throttle_pct": ("throttle", "Throttle", "throttle", 100.0, style.NEUTRAL, False),
}
PLOTS = {  # key -> (title, y label, y unit, row, col)
    "power": ("Power per satellite", "kW", None, 0, 0),
    "battery": ("Battery", "SoC", "%", 0, 1),
    "heat": ("Heat per satellite", "kW", None, 1, 0),
    "temperature": ("Radiator temperature", "T", "K", 1, 1),
    "flops": ("Delivered compute per satellite", "PFLOP/s", None, 2, 0),
    "throttle": ("Payload throttle", "throttle", "%", 2, 1),
}


class OrbitPlots(QWidget):
    def __init__(self, document, runner, parent=None):
        super().__init__(parent)
        self._document, self._runner = document, runner
        self._first = None
        self.redraws = 0
        self.caption = QLabel("One orbit at the epoch: waiting for the first result…")
        self.caption.setWordWrap(True)  # a long shell name must not widen the window
        self.layout_widget = style.PlotLayout()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.caption)
        lay.addWidget(self.layout_widget)
        self.plots: dict[str, pg.PlotItem] = {}
        for key, (title, ylabel, yunit, row, col) in PLOTS.items():
            self.plots[key] = style.new_plot(self.layout_widget, title, ylabel, yunit, "time", "min",
                                             row, col)
        for p in self.plots.values():
            p.setXLink(self.plots["power"])
        self.curves: dict[str, pg.PlotDataItem] = {}
        for name, (plot, label, _, _, colour, dashed) in SERIES.items():
            self.curves[name] = self.plots[plot].plot([], [], pen=style.pen(colour, dashed=dashed),
                                                      name=label)
        self.limit_curve = self.plots["temperature"].plot(
            [], [], pen=style.pen(style.LIMIT, 1.5, dashed=True), name="Limit")
        self.plots["battery"].setYRange(0, 100)
        self.plots["throttle"].setYRange(0, 105)
        runner.firstStage.connect(self._on_first_stage)
        document.selectionChanged.connect(self._on_selection)

    def closeEvent(self, event):
        self._runner.firstStage.disconnect(self._on_first_stage)
        self._document.selectionChanged.disconnect(self._on_selection)
        super().closeEvent(event)

    def _on_first_stage(self, _rid, first) -> None:
        self._first = first
        self.redraw()

    def _on_selection(self, section, index) -> None:
        if section == "shells":
            self.redraw()

    def shell_index(self) -> int:
        section, index = self._document.selection
        n = len(self._first.orbits) if self._first else 0
        return index if section == "shells" and 0 <= index < n else 0

    def redraw(self) -> None:
        if not self._first or not self._first.orbits:
            return
        tl = self._first.orbits[self.shell_index()]
        t_min = tl.time_s / 60.0
        for name, (_, _, field, scale, _, _) in SERIES.items():
            self.curves[name].setData(t_min, tl.fleet_mean(field) * scale)
        self.limit_curve.setData(t_min[[0, -1]], [tl.max_temperature_k] * 2)
        self.plots["power"].setXRange(0.0, float(t_min[-1]), padding=0.0)  # linked: all six
        planes = len(tl.plane_satellites)
        self.caption.setText(
            f"One orbit at the epoch — shell “{tl.shell}” (design “{tl.design}”), mean over "
            f"{planes} plane{'s' if planes > 1 else ''}, β = {float(np.mean(tl.beta_deg)):.1f}°")
        self.redraws += 1

    def data_csv(self) -> str:
        x = self.curves["load_kw"].xData
        if x is None:
            return ""
        columns = {n: c.yData for n, c in self.curves.items()}
        columns["radiator_limit_k"] = np.full(x.size, self.limit_curve.yData[0])
        return series_csv("time_min", x, columns)
