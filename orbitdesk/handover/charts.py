"""The report's figures: what each plots, read from ``Results`` (Qt-free), and one drawing of each
with reportlab's graphics, which the PDF embeds as vectors and the HTML as inline SVG (reportlab's
SVG renderer): one drawing, two outputs, the same picture.

A comparison draws scenario B over A on the same axes: the same colour per quantity, A solid and B
dashed, the legend naming which is which. Every figure has a caption naming the scenario(s), the
shell and the epoch, as the window's plots do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from orbitdesk.core.waterfall import compute_waterfall

WIDTH_PT, HEIGHT_PT = 480.0, 230.0
# colours per quantity (Okabe & Ito 2008, colour-blind safe), as hex for both renderers
ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, GREY = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#666666")
LIGHT_ORANGE = "#F3C26B"  # scenario B's orbital bars beside A's
SITE_COLOURS = (GREY, BLUE, GREEN, PURPLE, SKY)
MAX_POINTS = 400  # a curve is thinned to this many points for drawing (the figure is 480 pt wide)


@dataclass(frozen=True)
class Series:
    label: str
    x: np.ndarray
    y: np.ndarray
    colour: str
    dashed: bool = False  # scenario B in a comparison


@dataclass(frozen=True)
class Chart:
    title: str
    caption: str
    x_label: str
    y_label: str
    series: tuple[Series, ...] = ()
    bars: tuple[tuple[str, float, str], ...] = ()  # (label, value, colour): a bar chart instead
    value_format: str = "%.3g"  # the bars' value labels

    def drawing(self):
        return _bar_drawing(self) if self.bars else _line_drawing(self)


@dataclass(frozen=True)
class Scenario:
    """One side of a figure: the results and how its curves are named and drawn."""

    results: object
    tag: str = ""  # "A" or "B" in a comparison, "" alone
    dashed: bool = False
    name: str = field(default="")

    def label(self, what: str) -> str:
        return f"{self.tag}: {what}" if self.tag else what


def _thin(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, float), np.asarray(y, float)
    if x.size <= MAX_POINTS:
        return x, y
    idx = np.unique(np.linspace(0, x.size - 1, MAX_POINTS).round().astype(int))
    return x[idx], y[idx]


def _caption(sides: list[Scenario], what: str, epoch_text: str) -> str:
    names = "; ".join(f"{s.tag + ' ' if s.tag else ''}{s.name}" for s in sides)
    dashes = " (B dashed)" if len(sides) > 1 else ""
    return f"{what}. Scenario {names}{dashes}; epoch {epoch_text}."


def orbit_charts(sides: list[Scenario], shell_index: int, epoch_text: str) -> list[Chart]:
    """One orbit at the epoch for shell ``shell_index`` (fleet mean of its planes), per satellite."""
    have = [s for s in sides if shell_index < len(s.results.orbits)]
    if not have:
        return []
    shell = have[0].results.orbits[shell_index].shell

    def curves(fields: list[tuple[str, str, str, float]]) -> tuple[Series, ...]:
        out = []
        for side in have:
            tl = side.results.orbits[shell_index]
            minutes = np.asarray(tl.time_s, float) / 60.0
            for label, name, colour, scale in fields:
                y = (np.full(minutes.size, tl.max_temperature_k) if name == "max_temperature_k"
                     else tl.series(name) * scale)
                out.append(Series(side.label(label), *_thin(minutes, y), colour, side.dashed))
        return tuple(out)

    what = f"One orbit at the epoch, shell {shell}, fleet mean of its planes, per satellite"
    cap = _caption(have, what, epoch_text)
    return [
        Chart("Power", cap, "Time from the epoch [min]", "Power [kW]", curves(
            [("Solar power", "solar_power_w", ORANGE, 1e-3), ("Load", "load_w", BLUE, 1e-3)])),
        Chart("Heat", cap, "Time from the epoch [min]", "Heat [kW]", curves(
            [("Heat demanded", "heat_demand_w", VERMILLION, 1e-3), ("Heat rejected", "heat_load_w", BLUE, 1e-3),
             ("Rejectable at the limit", "rejectable_heat_w", GREEN, 1e-3)])),
        Chart("Radiator temperature", cap, "Time from the epoch [min]", "Temperature [K]", curves(
            [("Radiator", "radiator_temperature_k", VERMILLION, 1.0), ("Limit", "max_temperature_k", GREY, 1.0)])),
        Chart("Battery and throttle", cap, "Time from the epoch [min]", "Share [%]", curves(
            [("Battery state of charge", "battery_soc", GREEN, 100.0),
             ("Payload throttle", "throttle", PURPLE, 100.0)])),
        Chart("Delivered compute", cap, "Time from the epoch [min]", "PFLOP/s per satellite", curves(
            [("Delivered", "flop_per_s", BLUE, 1e-15)])),
    ]


def season_charts(sides: list[Scenario], shell_index: int, epoch_text: str) -> list[Chart]:
    have = [s for s in sides if shell_index < len(s.results.seasons)]
    if not have:
        return []
    shell = have[0].results.seasons[shell_index].shell
    out_eclipse, out_throttle = [], []
    for side in have:
        st = side.results.seasons[shell_index]
        years = np.asarray(st.time_years, float)
        out_eclipse.append(Series(side.label("Longest eclipse"), years, np.asarray(st.longest_eclipse_s) / 60.0,
                                  BLUE, side.dashed))
        out_throttle.append(Series(side.label("Payload throttle"), years, np.asarray(st.throttle) * 100.0,
                                   PURPLE, side.dashed))
    cap = _caption(have, f"Fresh satellites of shell {shell} on every month of the horizon", epoch_text)
    return [Chart("Eclipse seasons", cap, "Years from the epoch", "Longest eclipse [min]", tuple(out_eclipse)),
            Chart("Throttle by month", cap, "Years from the epoch", "Throttle [%]", tuple(out_throttle))]


def life_charts(sides: list[Scenario], epoch_text: str) -> list[Chart]:
    """Cumulative FLOP against the sites, cost per exaFLOP side by side, the delivered-compute stages."""
    curves, bars, stages = [], [], []
    for side in sides:  # the orbital fleets first (A, then B, lighter), then the sites once (A's)
        r = side.results
        colour = LIGHT_ORANGE if side.dashed else ORANGE
        curves.append(Series(side.label("Orbital"), *_thin(r.orbital.time_years, r.orbital.cumulative_flop / 1e27),
                             ORANGE, side.dashed))
        bars.append((side.label("Orbital"), r.kpis.get("cost_per_exaflop_usd"), colour))
        wf = compute_waterfall(r)
        if wf is not None:
            stages.extend((f"{side.tag + ' ' if side.tag else ''}{s.label}", s.remaining_flop / 1e27, colour)
                          for s in wf.stages)
    r = sides[0].results
    for k, (site, tl) in enumerate(zip(r.terrestrial_kpis, r.terrestrial, strict=False)):
        colour = SITE_COLOURS[k % len(SITE_COLOURS)]
        curves.append(Series(site, *_thin(tl.time_years, tl.cumulative_flop / 1e27), colour))
        bars.append((site, r.terrestrial_kpis[site].get("cost_per_exaflop_usd"), colour))
    cap = _caption(sides, "Mission life from the epoch to the end of the horizon, launches, ageing and "
                   "failures included", epoch_text)
    charts = [Chart("Cumulative compute", cap, "Years from the epoch", "FLOP delivered [×10²⁷]", tuple(curves)),
              Chart("Cost per exaFLOP", cap, "", "Cost per exaFLOP [$]",
                    bars=tuple(b for b in bars if b[1] is not None and np.isfinite(b[1])), value_format="$%.2f")]
    if stages:
        charts.append(Chart("Delivered compute, stage by stage", _caption(
            sides, "FLOP over the horizon after each stage of the chain, the whole fleet", epoch_text), "",
            "FLOP over the horizon [×10²⁷]", bars=tuple(stages)))
    return charts


def data_charts(sides: list[Scenario], epoch_text: str) -> list[Chart]:
    have = [s for s in sides if s.results.data_day is not None]
    if not have:
        return []
    curves = []
    for side in have:
        day = side.results.data_day
        rtt = np.asarray(day.round_trip_s, float) * 1e3
        rtt = np.where(np.isfinite(rtt), rtt, np.nan)
        curves.append(Series(side.label(f"Round trip from {day.users}"), *_thin(np.asarray(day.time_s) / 3600.0, rtt),
                             BLUE, side.dashed))
    cap = _caption(have, "The first day: users through fibre to the best station, up to the nearest satellite "
                   "and back (gaps: no satellite in view)", epoch_text)
    return [Chart("Round trip to users", cap, "Hours from the epoch", "Round trip [ms]", tuple(curves))]


# --- drawing ------------------------------------------------------------------------------------

def _colour(hex_colour: str):
    from reportlab.lib.colors import HexColor

    return HexColor(hex_colour)


LEGEND_LINE_PT = 11.0


def _legend_rows(items) -> list[int]:
    """The legend line of each entry (entries flow left to right, 50 pt from the left edge)."""
    rows, x, row = [], 50.0, 0
    for label, _, _ in items:
        width = 30 + 4.6 * len(label)
        if x + width > WIDTH_PT and x > 50.0:
            x, row = 50.0, row + 1
        rows.append(row)
        x += width
    return rows


def _legend(drawing, items: list[tuple[str, str, bool]], y: float) -> None:
    from reportlab.graphics.shapes import Line, String

    x, row = 50.0, 0
    for (label, colour, dashed), r in zip(items, _legend_rows(items), strict=True):
        width = 30 + 4.6 * len(label)
        if r != row:
            x, y, row = 50.0, y - LEGEND_LINE_PT, r
        line = Line(x, y + 3, x + 18, y + 3, strokeColor=_colour(colour), strokeWidth=1.6)
        if dashed:
            line.strokeDashArray = [4, 2]
        drawing.add(line)
        drawing.add(String(x + 22, y, label, fontName="Helvetica", fontSize=7))
        x += width


def _line_drawing(chart: Chart):
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String

    finite = [s for s in chart.series if np.isfinite(s.y).any()]
    items = [(s.label, s.colour, s.dashed) for s in finite]
    extra = LEGEND_LINE_PT * (max(_legend_rows(items), default=0))  # room for a legend of several lines
    d = Drawing(WIDTH_PT, HEIGHT_PT + extra)
    lp = LinePlot()
    lp.x, lp.y, lp.width, lp.height = 50, 62 + extra, WIDTH_PT - 70, HEIGHT_PT - 92
    data = []
    for s in finite:
        keep = np.isfinite(s.y)
        data.append(list(zip(s.x[keep].tolist(), s.y[keep].tolist(), strict=True)) or [(0.0, 0.0)])
    lp.data = data or [[(0.0, 0.0), (1.0, 0.0)]]
    for i, s in enumerate(finite):
        lp.lines[i].strokeColor = _colour(s.colour)
        lp.lines[i].strokeWidth = 1.3
        if s.dashed:
            lp.lines[i].strokeDashArray = [4, 2]
    ys = np.concatenate([s.y[np.isfinite(s.y)] for s in finite]) if finite else np.zeros(1)
    lo, hi = float(ys.min()), float(ys.max())
    pad = (hi - lo) * 0.05 or max(abs(hi) * 0.05, 1.0)
    lp.yValueAxis.valueMin, lp.yValueAxis.valueMax = lo - pad, hi + pad
    lp.yValueAxis.labelTextFormat = _tick_format(hi - lo)
    lp.xValueAxis.labelTextFormat = _tick_format(float(max(s.x.max() for s in finite) if finite else 1.0))
    for axis in (lp.xValueAxis, lp.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = "Helvetica", 7
    d.add(lp)
    d.add(String(WIDTH_PT / 2, HEIGHT_PT + extra - 14, chart.title, fontName="Helvetica-Bold", fontSize=9,
                 textAnchor="middle"))
    d.add(String(50 + lp.width / 2, 38 + extra, chart.x_label, fontName="Helvetica", fontSize=7, textAnchor="middle"))
    d.add(_rotated(chart.y_label, lp.y + lp.height / 2))
    _legend(d, items, 20 + extra)
    return d


def _rotated(text: str, y: float):
    from reportlab.graphics.shapes import Group, String

    g = Group(String(0, 0, text, fontName="Helvetica", fontSize=7, textAnchor="middle"))
    g.transform = (0, 1, -1, 0, 14, y)  # 90° anticlockwise, placed on the left margin
    return g


def _tick_format(span: float) -> str:
    return "%.0f" if span >= 20 else "%.1f" if span >= 2 else "%.2f" if span >= 0.2 else "%.3g"


def _bar_drawing(chart: Chart):
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String

    n = len(chart.bars)
    height = max(HEIGHT_PT * 0.6, 40 + 18 * n)
    d = Drawing(WIDTH_PT, height)
    bc = HorizontalBarChart()
    bc.x, bc.y, bc.width, bc.height = 190, 30, WIDTH_PT - 250, height - 56
    values = [float(v) for _, v, _ in chart.bars]
    bc.data = [list(reversed(values))]
    bc.categoryAxis.categoryNames = [label[:42] for label, _, _ in reversed(chart.bars)]
    bc.categoryAxis.labels.fontName, bc.categoryAxis.labels.fontSize = "Helvetica", 7
    bc.valueAxis.labels.fontName, bc.valueAxis.labels.fontSize = "Helvetica", 7
    bc.valueAxis.valueMin = min(0.0, min(values))
    bc.valueAxis.labelTextFormat = _tick_format(max(values) - min(0.0, min(values)))
    bc.bars.strokeColor = None
    for i, (_, _, colour) in enumerate(reversed(chart.bars)):
        bc.bars[(0, i)].fillColor = _colour(colour)
    bc.barLabelFormat = chart.value_format
    bc.barLabels.fontName, bc.barLabels.fontSize, bc.barLabels.boxAnchor = "Helvetica", 7, "w"
    bc.barLabels.dx = 3
    d.add(bc)
    d.add(String(WIDTH_PT / 2, height - 14, chart.title, fontName="Helvetica-Bold", fontSize=9, textAnchor="middle"))
    d.add(String(bc.x + bc.width / 2, 8, chart.y_label, fontName="Helvetica", fontSize=7, textAnchor="middle"))
    return d


def svg(chart: Chart) -> str:
    """The chart as an SVG document (reportlab's renderer), for the HTML report."""
    from reportlab.graphics import renderSVG

    text = renderSVG.drawToString(chart.drawing())
    return text[text.index("<svg"):]  # inline: without the XML declaration and doctype
