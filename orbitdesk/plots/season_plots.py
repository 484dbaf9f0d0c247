"""The eclipse-season chart: for the shell the document shows (``document.selected_shell()``, as the
one-orbit plots), three linked plots over calendar dates: the Sun angle β of each plane (a band
and the satellite-weighted mean beyond ``PLANE_CURVES_MAX`` planes) with the critical β* beyond
which no eclipse happens, the longest eclipse per orbit (minutes) and the sunlit fraction (%),
with the worst month marked. The first year by default, or the whole horizon.

Reads the runner's full results (``Results.seasons``): each calendar point stands for the interval
around it (core/seasons.py), so the eclipse and sunlit curves are drawn as steps over those
intervals; β is the angle at the point's (first sampled) orbit, in degrees. x is in years since
the epoch (the core's calendar unit, ``YEAR_S``); the axis labels it in months ("Jan 2027").
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox

from orbitdesk.app.crashlog import guarded
from orbitdesk.core.constants import YEAR_S
from orbitdesk.core.seasons import month_label
from orbitdesk.core.sun import critical_beta_rad
from orbitdesk.plots import style
from orbitdesk.plots.results_view import ResultsView

PLANE_CURVES_MAX = 8  # up to this many planes: a curve each; more: a band and the mean
PLANE_COLOURS = (style.ORBITAL, *style.SITES[:5], style.SUPPLY, style.NEUTRAL)
BAND_BRUSH = (217, 72, 15, 60)  # the orbital colour, light: β of all planes, min..max
ECLIPSE_BRUSH = (24, 100, 171, 60)
SPANS = (("First year", 1.0), ("Whole horizon", None))  # (selector text, years shown; None: all)
TICK_STEPS_MONTHS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600)
LABEL_PX = {False: 44, True: 60}  # room a tick label needs: "Feb" beside "Jan 2027" / "2027"
LABEL_OVERHANG_PX = 34  # a label at the axis's end may reach this far past it ("Jan 2027" at x = 0)
LEGEND_PER_LINE = 5
MAX_BETA_STEP_DEG = 20.0  # β moving more than this between monthly points (a Walker plane): dots, no line
SAME_BETA_DEG = 2.0  # planes whose β never differ by more than this (SSO planes 1° apart): one curve
# a plot's minimum: at 1366×768 the caption row and three plots fit the dock the two mission-life
# plots fit (style.MIN_LIFE_PLOT_SIZE is 150 px high; the layout test wants ≥ 120 and a 60 px view)
MIN_SEASON_PLOT_SIZE = QSize(240, 132)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- calendar ----------------------------------------------------------------------------------
def to_date(epoch: datetime, years: float) -> datetime:
    """The date ``years`` (Julian years, as the core's timelines) after the epoch."""
    return epoch + timedelta(seconds=float(years) * YEAR_S)


def to_years(epoch: datetime, when: datetime) -> float:
    return (when - epoch).total_seconds() / YEAR_S


def point_month(epoch: datetime, years: float) -> tuple[int, int]:
    """(year, month) a calendar point is named by: the month starting nearest to it (the grid is
    monthly from the epoch; 31 Oct 22:00 is the point drawn at the "Nov" tick)."""
    d = to_date(epoch, years)
    first = datetime(d.year, d.month, 1, tzinfo=d.tzinfo)
    nxt = datetime(d.year + d.month // 12, d.month % 12 + 1, 1, tzinfo=d.tzinfo)
    return (nxt.year, nxt.month) if (nxt - d) < (d - first) else (d.year, d.month)


def month_name(epoch: datetime, years: float) -> str:
    year, month = point_month(epoch, years)
    return f"{MONTHS[month - 1]} {year}"


def month_ticks(epoch: datetime, lo: float, hi: float, step: int) -> list[float]:
    """The first days of the months in [lo, hi] (years since the epoch) whose month count from
    January of year 0 is a multiple of ``step`` (step 3: Jan, Apr, Jul, Oct; 12: each January)."""
    lo, hi = max(lo, 1.0 - epoch.year), min(hi, 9998.0 - epoch.year)  # datetime's years
    if not hi > lo:
        return []
    start = to_date(epoch, lo)
    index = start.year * 12 + start.month - 1
    index -= index % step
    out = []
    while True:
        year, month = divmod(index, 12)
        v = to_years(epoch, datetime(year, month + 1, 1, tzinfo=epoch.tzinfo))
        if v > hi:
            return out
        if v >= lo:
            out.append(v)
        index += step


class CalendarAxis(pg.AxisItem):
    """A bottom axis in years since ``epoch`` labelled with months: "Jan 2027" at each January and
    the first tick, "Feb" elsewhere, "2027" once the ticks are a year or more apart."""

    def __init__(self):
        super().__init__("bottom")
        self.enableAutoSIPrefix(False)
        self.setStyle(hideOverlappingLabels=LABEL_OVERHANG_PX)
        self.epoch: datetime | None = None

    def set_epoch(self, epoch: datetime | None) -> None:
        if epoch != self.epoch:
            self.epoch = epoch
            self.picture = None
            self.update()

    def tickValues(self, minVal, maxVal, size):
        span = maxVal - minVal
        if self.epoch is None or not 0 < span < 2000 or size <= 0:
            return super().tickValues(minVal, maxVal, size)
        px_per_month = size / (span * 12.0)
        step = next((s for s in TICK_STEPS_MONTHS if s * px_per_month >= LABEL_PX[s >= 12]), TICK_STEPS_MONTHS[-1])
        # no label reaching past the right end: it would run into the next plot's first label
        end = maxVal - LABEL_PX[True] / 2.0 / (px_per_month * 12.0)
        return [(step / 12.0, [v for v in month_ticks(self.epoch, minVal, maxVal, step) if v <= end])]

    def tickStrings(self, values, scale, spacing):
        if self.epoch is None:
            return style.tick_strings(values, spacing)
        yearly = spacing * 12.0 > 11.5
        out = []
        for i, v in enumerate(values):
            try:
                d = to_date(self.epoch, v) + timedelta(hours=12)  # a month's first day, not the eve
            except (OverflowError, ValueError):
                out.append("")
                continue
            out.append(f"{d.year}" if yearly else f"{MONTHS[d.month - 1]} {d.year}" if d.month == 1 or i == 0
                       else MONTHS[d.month - 1])
        return out


def interval_edges(t: np.ndarray) -> np.ndarray:
    """(M+1,) edges of the intervals the calendar points ``t`` (M,) stand for: halfway between
    points, the horizon's ends at both ends (core/seasons.py)."""
    t = np.asarray(t, dtype=float)
    if t.size < 2:
        c = float(t[0]) if t.size else 0.0
        return np.array([c - 1 / 24, c + 1 / 24])
    return np.concatenate([t[:1], (t[1:] + t[:-1]) / 2.0, t[-1:]])


def eclipse_months(epoch: datetime, t: np.ndarray, eclipse_s: np.ndarray) -> list[int]:
    """Calendar months (1..12) of the points with an eclipse (``point_month``)."""
    return sorted({point_month(epoch, v)[1] for v, e in zip(t, eclipse_s, strict=True) if e > 0})


def months_text(months: list[int]) -> str:
    """[1, 2, 11, 12] -> "Nov–Feb"; runs wrap around the year; all twelve -> "every month"."""
    if len(months) == 12:
        return "every month"
    runs, rest = [], set(months)
    for m in sorted(rest):
        if (m - 2) % 12 + 1 in rest:  # not the start of a run
            continue
        end = m
        while end % 12 + 1 in rest:
            end = end % 12 + 1
        runs.append(MONTHS[m - 1] if end == m else f"{MONTHS[m - 1]}–{MONTHS[end - 1]}")
    return ", ".join(runs)


def critical_beta_deg(shell) -> float | None:
    """β* of a circular shell, degrees; None for a TLE set (no one altitude)."""
    altitude = getattr(shell, "altitude_km", None)
    if getattr(shell, "kind", "") == "tle" or altitude is None:
        return None
    return float(np.degrees(critical_beta_rad(altitude)))


# --- the view ----------------------------------------------------------------------------------
class SeasonPlots(ResultsView):
    def __init__(self, document, runner, parent=None):
        super().__init__(runner, parent)
        self._document = document
        self._drawn = None  # (results, shell index, span) last drawn: the same again is no redraw
        self._pending = False  # a redraw waits for the tab to be shown
        self.shown_shell: int | None = None
        self.timeline = None  # the SeasonTimeline drawn
        self.beta_star_deg: float | None = None
        self.beta_dots = False  # β drawn as dots (it changes faster than the monthly points)
        self.worst_index: int | None = None  # the calendar point marked as the worst month
        self.draws = 0  # redraws that drew (results or selection changed)
        self.span_box = QComboBox()
        for text, years in SPANS:
            self.span_box.addItem(text, years)
        self.span_box.setToolTip("The calendar span the season chart shows (drag or wheel on a plot to pan and zoom)")
        self.span_box.currentIndexChanged.connect(lambda _i: self.redraw())
        self.caption, _show, self.layout_widget = style.captioned_view(
            self, "Eclipse seasons: waiting for the mission-life result…", self.span_box)
        m = MIN_SEASON_PLOT_SIZE
        lw = self.layout_widget
        self.beta_plot = self._plot("Sun angle β", "β", "°", 0)
        self.eclipse_plot = self._plot("Longest eclipse per orbit", "eclipse", "min", 1)
        self.sunlit_plot = self._plot("Sunlit fraction", "sunlit", "%", 2)
        lw.setMinimumSize(style.minimum_layout_size(lw, 3, 1, m))
        for col in range(3):
            lw.ci.layout.setColumnStretchFactor(col, 1)
        for p in (self.eclipse_plot, self.sunlit_plot):
            p.setXLink(self.beta_plot)
        self.plane_curves: list[pg.PlotDataItem] = []
        self.mean_curve = self.beta_plot.plot([], [], pen=style.pen(style.ORBITAL))
        self._band_lo, self._band_hi = pg.PlotCurveItem(), pg.PlotCurveItem()
        self.band = pg.FillBetweenItem(self._band_lo, self._band_hi, brush=BAND_BRUSH)
        self.band.setZValue(-5)
        self.beta_plot.addItem(self.band)
        self.beta_star_lines = [pg.InfiniteLine(angle=0, pen=style.pen(style.NEUTRAL, 1.5, dashed=True))
                                for _ in range(2)]
        for line in self.beta_star_lines:
            self.beta_plot.addItem(line)
        self.eclipse_curve = self.eclipse_plot.plot([], [], pen=style.pen(style.DEMAND), stepMode="center",
                                                    fillLevel=0, brush=ECLIPSE_BRUSH)
        self.sunlit_curve = self.sunlit_plot.plot([], [], pen=style.pen(style.SUPPLY), stepMode="center")
        # scenario B (a comparison): the same shell's eclipse and sunlit months, dotted, by time from its epoch
        self.compared = {"eclipse": self.eclipse_plot.plot([], [], pen=style.pen(style.DEMAND, 1.5, dotted=True),
                                                           stepMode="center"),
                         "sunlit": self.sunlit_plot.plot([], [], pen=style.pen(style.SUPPLY, 1.5, dotted=True),
                                                         stepMode="center")}
        for curve in self.compared.values():
            curve.setVisible(False)
        self.worst_lines = {}
        for key, p in (("beta", self.beta_plot), ("eclipse", self.eclipse_plot), ("sunlit", self.sunlit_plot)):
            self.worst_lines[key] = pg.InfiniteLine(angle=90, pen=style.pen(style.LIMIT, 1.5, dashed=True))
            self.worst_lines[key].setVisible(False)
            p.addItem(self.worst_lines[key])
        self._titles: dict[str, tuple] = {}
        document.selectionChanged.connect(self._on_selection)

    def _plot(self, title: str, y_label: str, y_unit: str, col: int) -> pg.PlotItem:
        p = style.new_plot(self.layout_widget, title, y_label, y_unit, "", None, 0, col,
                           minimum=MIN_SEASON_PLOT_SIZE)
        p.setAxisItems({"bottom": CalendarAxis()})
        p.getAxis("bottom").showLabel(False)  # month names need no axis title
        style.cache(p)
        return p

    @guarded("closing the season chart")
    def closeEvent(self, event):
        self._document.selectionChanged.disconnect(self._on_selection)
        super().closeEvent(event)

    def minimum_plot_size(self) -> QSize:
        return QSize(MIN_SEASON_PLOT_SIZE)

    def plots(self) -> dict[str, pg.PlotItem]:
        return {"beta": self.beta_plot, "eclipse": self.eclipse_plot, "sunlit": self.sunlit_plot}

    # --- what is shown -----------------------------------------------------------------------
    def _on_selection(self, _section, _index) -> None:
        self.redraw()  # nothing is drawn when the shown shell stays the same

    @guarded("showing the season chart")
    def showEvent(self, event):
        super().showEvent(event)
        if self._pending:
            self.redraw()

    def shell_index(self) -> int:
        return self._document.selected_shell()

    def _season(self):
        """(shell index, its SeasonTimeline, the shell), or None without results for it (none
        yet, no season timelines, or results behind the document: another shell at that index)."""
        r = self.results
        seasons = getattr(r, "seasons", ()) if r is not None else ()
        if not seasons:
            return None
        index = self.shell_index()
        shells = self._document.scenario.shells
        if not 0 <= index < min(len(seasons), len(shells)):
            return None
        tl = seasons[index]
        return (index, tl, shells[index]) if tl.shell == shells[index].name else None

    def span_years(self) -> float | None:
        return self.span_box.currentData()

    def redraw(self) -> None:
        if not self.isVisible():  # drawn when the tab is shown (an edit costs nothing here)
            self._pending = True
            return
        self.ensure_drawn()

    def ensure_drawn(self) -> None:
        """Draw what the results and the selection say, if that is not what is drawn."""
        self._pending = False
        found = self._season()
        key = (self.results, found[0] if found else None, self.span_years(), self.comparison)
        if (self._drawn is not None and self._drawn[0] is key[0] and self._drawn[1:3] == key[1:3]
                and self._drawn[3] is key[3]):
            return
        self._drawn = key
        self.draws += 1
        if found is None:
            self._clear()
            return
        index, tl, shell = found
        self.shown_shell, self.timeline = index, tl
        epoch = self._document.scenario.epoch
        for p in self.plots().values():
            p.getAxis("bottom").set_epoch(epoch)
        t = np.asarray(tl.time_years, dtype=float)
        edges = interval_edges(t)
        span = self.span_years()
        x_hi = float(edges[-1]) if span is None else min(float(edges[-1]), float(edges[0]) + span)
        # the points within the span (its end belongs to the next year, unless the horizon ends there)
        shown = (t >= edges[0] - 1e-9) & ((t < x_hi - 1e-9) | (x_hi >= edges[-1] - 1e-9))
        eclipse_min = np.asarray(tl.longest_eclipse_s, dtype=float) / 60.0
        sunlit_pct = np.asarray(tl.sunlit_fraction, dtype=float) * 100.0
        self.worst_index = (int(np.flatnonzero(shown)[np.argmax(eclipse_min[shown])])
                            if shown.any() and eclipse_min[shown].max() > 0 else None)
        beta_legend = self._draw_beta(tl, t, shown, shell)
        style.set_curve_data(self.eclipse_curve, edges, eclipse_min)
        style.set_curve_data(self.sunlit_curve, edges, sunlit_pct)
        worst_legend = []
        for line in self.worst_lines.values():
            line.setVisible(self.worst_index is not None)
            if self.worst_index is not None:
                line.setValue(float(t[self.worst_index]))
        if self.worst_index is not None:
            worst_legend = [(f"worst: {month_name(epoch, t[self.worst_index])}", style.LIMIT, True)]
        compared = self._draw_compared(index)
        b_legend = [("B", style.NEUTRAL, style.DOTTED)] if compared else []
        self._title("beta", "Sun angle β", beta_legend)
        self._title("eclipse", "Longest eclipse per orbit", worst_legend + b_legend)
        self._title("sunlit", "Sunlit fraction", b_legend)
        self.beta_plot.setXRange(float(edges[0]), x_hi, padding=0.0)  # linked: all three
        b_eclipse = self.compared["eclipse"].yData if compared else None
        b_sunlit = self.compared["sunlit"].yData if compared else None
        top = float(eclipse_min[shown].max()) if shown.any() else 0.0
        if b_eclipse is not None and len(b_eclipse):
            top = max(top, float(np.nanmax(b_eclipse)))
        top = max(top * 1.15, 5.0)
        self.eclipse_plot.setYRange(-0.03 * top, top, padding=0.0)  # the zero line clear of the axis
        lo = float(sunlit_pct[shown].min()) if shown.any() else 100.0
        if b_sunlit is not None and len(b_sunlit):
            lo = min(lo, float(np.nanmin(b_sunlit)))
        self.sunlit_plot.setYRange(min(lo - 0.1 * (100.0 - lo), 90.0), 102.0, padding=0.0)
        self.caption.setText(self._caption(tl, shell, t, eclipse_min, epoch)
                             + (" B dotted." if compared else ""))
        self.caption.setToolTip(self.caption.text() + "\nβ: the Sun's angle above the orbit plane. Each step of the "
                                "eclipse and sunlit plots is the month around a calendar point."
                                + (f"\n{self.comparison_label}: dotted, by time from its own epoch."
                                   if compared else ""))

    def _draw_compared(self, index: int) -> bool:
        """B's eclipse and sunlit months of shell ``index`` (hidden where B has no such shell)."""
        seasons = getattr(self.comparison, "seasons", ()) if self.comparison is not None else ()
        tl = seasons[index] if index < len(seasons) else None
        for curve in self.compared.values():
            curve.setVisible(tl is not None)
        if tl is None:
            return False
        edges = interval_edges(np.asarray(tl.time_years, dtype=float))
        style.set_curve_data(self.compared["eclipse"], edges, np.asarray(tl.longest_eclipse_s, dtype=float) / 60.0)
        style.set_curve_data(self.compared["sunlit"], edges, np.asarray(tl.sunlit_fraction, dtype=float) * 100.0)
        return True

    def _draw_beta(self, tl, t, shown, shell) -> list:
        beta = np.atleast_2d(np.asarray(tl.beta_deg, dtype=float).reshape(len(t), -1))  # (M, P)
        planes = beta.shape[1]
        alike = planes > 1 and float(np.ptp(beta, axis=1).max(initial=0.0)) <= SAME_BETA_DEG
        curves = 1 if alike else planes  # planes with one β: one curve
        per_plane = curves <= PLANE_CURVES_MAX
        while per_plane and len(self.plane_curves) < curves:
            colour = PLANE_COLOURS[len(self.plane_curves) % len(PLANE_COLOURS)]
            self.plane_curves.append(self.beta_plot.plot([], [], pen=style.pen(colour)))
        for p, curve in enumerate(self.plane_curves):
            on = per_plane and p < curves
            curve.setVisible(on)
        w = np.asarray(tl.plane_satellites, dtype=float).reshape(-1)
        w = w / w.sum() if w.size == planes and w.sum() > 0 else np.full(planes, 1.0 / max(planes, 1))
        # a Walker plane's β sweeps in weeks: a line between monthly samples would draw a false zigzag
        self.beta_dots = bool(len(t) > 1 and np.abs(np.diff(beta, axis=0)).max() > MAX_BETA_STEP_DEG)
        if per_plane:
            for p in range(curves):
                curve = self.plane_curves[p]
                colour = PLANE_COLOURS[p % len(PLANE_COLOURS)]
                if self.beta_dots:
                    curve.setPen(None)
                    curve.setSymbol("o")
                    curve.setSymbolSize(5)
                    curve.setSymbolPen(None)
                    curve.setSymbolBrush(colour)
                else:
                    curve.setSymbol(None)
                    curve.setPen(style.pen(colour))
                style.set_curve_data(curve, t, beta @ w if alike else beta[:, p])
        self.mean_curve.setVisible(not per_plane)
        self.band.setVisible(not per_plane)
        if not per_plane:
            style.set_curve_data(self.mean_curve, t, beta @ w)
            style.set_curve_data(self._band_lo, t, beta.min(axis=1))
            style.set_curve_data(self._band_hi, t, beta.max(axis=1))
        self.beta_star_deg = star = critical_beta_deg(shell)
        shown_beta = beta[shown] if shown.any() else beta
        lines = []
        if star is not None:  # the line(s) on the side(s) of zero the planes' β are on
            sides = [s for s in (1.0, -1.0) if np.any(np.sign(shown_beta) == s)] or [1.0]
            lines = [s * star for s in sides]
        for i, line in enumerate(self.beta_star_lines):
            line.setVisible(i < len(lines))
            if i < len(lines):
                line.setValue(lines[i])
        style.fit_y(self.beta_plot, shown_beta, lines, rel=0.0, floor=10.0)
        if per_plane:
            legend = ([("β" if planes == 1 else f"all {planes} planes", PLANE_COLOURS[0], False)] if curves == 1 else
                      [(f"P{p + 1}", PLANE_COLOURS[p % len(PLANE_COLOURS)], False) for p in range(planes)])
        else:
            legend = [(f"{planes} planes", "#eca283", style.FILL), ("mean", style.ORBITAL, False)]
        if star is not None:
            value = f"±{star:.1f}" if len(lines) == 2 else f"{lines[0]:.1f}".replace("-", "−")
            legend.append((f"β* {value}°", style.NEUTRAL, True))
        return legend

    def _title(self, key: str, title: str, legend: list) -> None:
        if self._titles.get(key) != (title, legend):  # the title row re-laid out only on a change
            self._titles[key] = (title, legend)
            style.set_title(self.plots()[key], title, legend, LEGEND_PER_LINE, inline=True)

    def _caption(self, tl, shell, t, eclipse_min, epoch) -> str:
        planes = int(np.asarray(tl.plane_satellites).size)
        sats = int(round(float(np.sum(tl.plane_satellites)))) if planes else 0
        what = f"Shell “{tl.shell}”, design “{tl.design}”: {planes:,} plane{'s' * (planes != 1)}"
        what += f", {sats:,} satellites" if getattr(shell, "kind", "") != "tle" else ""
        if self.beta_star_deg is not None:
            what += f"; no eclipse where |β| > β* = {self.beta_star_deg:.1f}°"
        if self.beta_dots:
            what += "; β as monthly samples (it sweeps faster)"
        if eclipse_min.size == 0 or eclipse_min.max() <= 0:
            return f"{what}. Never eclipsed over the {self._horizon(t)} horizon."
        m = int(np.argmax(eclipse_min))
        months = months_text(eclipse_months(epoch, t, eclipse_min))
        return (f"{what}. Eclipsed {months if months == 'every month' else 'in ' + months}; longest "
                f"{eclipse_min[m]:.1f} min per orbit, {month_label(epoch, t[m])} (worst of the "
                f"{self._horizon(t)} horizon).")

    @staticmethod
    def _horizon(t) -> str:
        years = float(t[-1] - t[0]) if len(t) else 0.0
        return f"{years:g}-year" if years >= 1 else f"{round(years * 12):g}-month"

    def _clear(self) -> None:
        self.shown_shell = self.timeline = self.worst_index = self.beta_star_deg = None
        for curve in (*self.plane_curves, self.mean_curve, self.eclipse_curve, self.sunlit_curve):
            curve.setData([], [])
        for item in (self.band, *self.beta_star_lines, *self.worst_lines.values(), *self.compared.values()):
            item.setVisible(False)
        self.caption.setText("Eclipse seasons: waiting for the mission-life result…" if self.results is None
                             else "Eclipse seasons: no mission-life result for the selected shell yet.")

    def data_csv(self) -> str:
        """What the chart draws, over the whole horizon: one row per calendar point (UTC date,
        years since the epoch, β per plane in °, longest eclipse in min, sunlit %)."""
        self.ensure_drawn()
        tl = self.timeline
        if tl is None:
            return ""
        epoch = self._document.scenario.epoch
        beta = np.asarray(tl.beta_deg, dtype=float).reshape(len(tl.time_years), -1)
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["date_utc", "years_since_epoch", *[f"beta_plane_{p + 1}_deg" for p in range(beta.shape[1])],
                    "longest_eclipse_min", "sunlit_pct"])
        for i, v in enumerate(tl.time_years):
            w.writerow([f"{to_date(epoch, v):%Y-%m-%d %H:%M}", f"{v:.9g}", *[f"{b:.6g}" for b in beta[i]],
                        f"{tl.longest_eclipse_s[i] / 60.0:.6g}", f"{tl.sunlit_fraction[i] * 100.0:.6g}"])
        return out.getvalue()
