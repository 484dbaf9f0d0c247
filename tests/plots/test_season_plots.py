"""The eclipse-season chart (the "Seasons" tab of the mission-life dock) in the real window: the
default dawn-dusk orbit's winter eclipse season, the shell it follows, when it redraws, and the
edge cases (no results, no season timelines, TLE sets, 1 and 100 planes, a one-month horizon).
Assertions read the plot items' data, the caption and the legend in the title row."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from orbitdesk.model.scenario import WalkerShell
from orbitdesk.plots.season_plots import (
    PLANE_CURVES_MAX,
    CalendarAxis,
    SeasonPlots,
    month_ticks,
    months_text,
    point_month,
)

pytestmark = pytest.mark.gl

R_EARTH_KM = 6378.137  # WGS-84 equatorial radius


def shown(window) -> SeasonPlots:
    view = window.season_plots
    window.life_tabs.setCurrentWidget(view)  # a hidden tab draws when it is shown
    return view


def with_walker(window, planes=6):
    s = window.document.scenario
    walker = WalkerShell(name="Walker 53°", design=s.designs[0].name, altitude_km=550.0, inclination_deg=53.0,
                         total_satellites=planes * 10, planes=planes)
    new = s.model_copy(update={"shells": (*s.shells, walker)})
    window.document.replace(new, "Add Walker", select=("shells", len(new.shells) - 1))
    return len(new.shells) - 1


def step_values(curve) -> np.ndarray:
    """A step curve's values, one per calendar point (its x are the M+1 interval edges)."""
    assert len(curve.xData) == len(curve.yData) + 1
    return np.asarray(curve.yData)


def empty(curve) -> bool:
    return curve.yData is None or curve.yData.size == 0


def test_the_default_dawn_dusk_orbit_is_eclipsed_from_november_to_february(window):
    view = shown(window)
    epoch = window.document.scenario.epoch
    assert view.shown_shell == 0 and epoch.year == 2027 and epoch.month == 1
    tl = view.timeline
    eclipse = step_values(view.eclipse_curve)
    np.testing.assert_allclose(eclipse, tl.longest_eclipse_s / 60.0)
    months = np.array([point_month(epoch, t)[1] for t in tl.time_years])
    winter = np.isin(months, (11, 12, 1, 2))
    assert np.all(eclipse[~winter] == 0.0), "an eclipse outside November–February"
    first_year = tl.time_years < 1.0
    assert np.all(eclipse[first_year & np.isin(months, (12, 1))] > 10.0)  # the season's heart
    assert "Eclipsed in Nov–Feb" in view.caption.text()
    np.testing.assert_allclose(step_values(view.sunlit_curve), tl.sunlit_fraction * 100.0)
    # the worst month of the first year (the span shown) is marked, and named in the legend
    worst = view.worst_index
    assert eclipse[worst] == eclipse[first_year].max() and months[worst] in (11, 12, 1, 2)
    assert view.worst_lines["eclipse"].isVisible() and view.worst_lines["eclipse"].value() == tl.time_years[worst]
    assert "worst: " in view.eclipse_plot.titleLabel.text
    # β* = arcsin(R⊕ / (R⊕ + h)) at 650 km: 65.2° (dawn-dusk β is negative here: the line at −β*)
    star = math.degrees(math.asin(R_EARTH_KM / (R_EARTH_KM + 650.0)))
    assert view.beta_star_deg == pytest.approx(star, abs=0.05)
    lines = [ln.value() for ln in view.beta_star_lines if ln.isVisible()]
    assert lines == [pytest.approx(-star, abs=0.05)] and np.all(tl.beta_deg < 0)
    # four planes 1° apart in RAAN: one β curve, the satellite-weighted mean
    curves = [c for c in view.plane_curves if c.isVisible()]
    assert len(curves) == 1 and "all 4 planes" in view.beta_plot.titleLabel.text
    w = tl.plane_satellites / tl.plane_satellites.sum()
    np.testing.assert_allclose(curves[0].yData, tl.beta_deg @ w)
    # the first year by default, month ticks
    assert view.beta_plot.viewRange()[0] == pytest.approx([0.0, 1.0])
    axis = view.beta_plot.getAxis("bottom")
    values = axis.tickValues(0.0, 1.0, 600)[0][1]
    assert axis.tickStrings(values, 1.0, 1 / 12)[0] == "Jan 2027" and len(values) >= 6


def test_the_whole_horizon_and_the_csv(window):
    view = shown(window)
    view.span_box.setCurrentIndex(1)
    tl = view.timeline
    assert view.beta_plot.viewRange()[0] == pytest.approx([0.0, tl.time_years[-1]])
    assert view.eclipse_curve.yData[view.worst_index] == pytest.approx(tl.longest_eclipse_s.max() / 60.0)
    rows = view.data_csv().splitlines()
    assert rows[0].split(",")[:2] == ["date_utc", "years_since_epoch"] and len(rows) == len(tl.time_years) + 1
    assert rows[1].startswith("2027-01-01 00:00,0,")


def test_the_chart_follows_the_selected_shell_and_redraws_only_when_needed(window):
    view = shown(window)
    doc = window.document
    draws = view.draws
    doc.select("shells", 0)  # the same shell: nothing drawn
    doc.select("designs", 0)  # its design: still the same shell
    assert view.draws == draws
    index = with_walker(window)
    assert view.shown_shell == index and view.timeline.shell == "Walker 53°"
    assert "“Walker 53°”" in view.caption.text() and "every month" in view.caption.text()
    assert np.all(view.eclipse_curve.yData > 0)  # a 53° plane at 550 km: eclipsed every month
    assert view.beta_star_deg == pytest.approx(math.degrees(math.asin(R_EARTH_KM / (R_EARTH_KM + 550.0))), abs=0.05)
    assert len([ln for ln in view.beta_star_lines if ln.isVisible()]) == 2  # β on both sides of zero
    planes = view.timeline.beta_deg.shape[1]
    assert 1 < planes <= PLANE_CURVES_MAX and len([c for c in view.plane_curves if c.isVisible()]) == planes
    assert view.beta_dots  # β sweeps faster than the monthly points: dots, no zigzag
    doc.select("shells", 0)
    assert view.shown_shell == 0 and view.timeline.shell == doc.scenario.shells[0].name
    # hidden: an edit costs no drawing; shown again: drawn once
    window.life_tabs.setCurrentWidget(window.calendar_plots)
    draws = view.draws
    doc.edit("shells[0].altitude_km", 700.0)
    assert view.draws == draws
    window.life_tabs.setCurrentWidget(view)
    assert view.draws == draws + 1
    assert view.beta_star_deg == pytest.approx(math.degrees(math.asin(R_EARTH_KM / (R_EARTH_KM + 700.0))), abs=0.05)


def test_a_tle_set_has_no_critical_beta(window):
    from orbitdesk.paths import resource

    view = shown(window)
    assert window.import_tle_file(resource("tle", "synthetic_walker_550km.tle"))
    index = len(window.document.scenario.shells) - 1
    window.document.select("shells", index)
    assert view.shown_shell == index and view.beta_star_deg is None
    assert not any(ln.isVisible() for ln in view.beta_star_lines)
    assert "β*" not in view.beta_plot.titleLabel.text and "β*" not in view.caption.text()


def test_one_and_a_hundred_planes(window):
    view = shown(window)
    r = view.results
    tl = r.seasons[0]
    m = len(tl.time_years)
    one = dataclasses.replace(tl, beta_deg=tl.beta_deg[:, :1], plane_satellites=tl.plane_satellites[:1])
    view._on_ready(0, dataclasses.replace(r, seasons=(one,)))
    assert [c.isVisible() for c in view.plane_curves].count(True) == 1 and "1 plane," in view.caption.text()
    assert "━━</span>&nbsp;β" in view.beta_plot.titleLabel.text
    rng = np.random.default_rng(1)
    beta = rng.uniform(-80.0, 80.0, (m, 100))
    many = dataclasses.replace(tl, beta_deg=beta, plane_satellites=np.full(100, 10.0))
    view._on_ready(0, dataclasses.replace(r, seasons=(many,)))
    assert not any(c.isVisible() for c in view.plane_curves)
    assert view.band.isVisible() and view.mean_curve.isVisible()
    np.testing.assert_allclose(view.mean_curve.yData, beta.mean(axis=1))
    np.testing.assert_allclose(view._band_lo.yData, beta.min(axis=1))
    assert "100 planes" in view.beta_plot.titleLabel.text
    assert len(view.data_csv().splitlines()[0].split(",")) == 2 + 100 + 2
    view._on_ready(0, r)  # back to the real result
    assert not view.band.isVisible() and view.plane_curves[0].isVisible()


def test_no_results_and_no_season_timelines(window, qtbot):
    from PySide6.QtCore import QObject, Signal

    class Runner(QObject):
        ready = Signal(int, object)

    runner = Runner()
    lone = SeasonPlots(window.document, runner)
    qtbot.addWidget(lone)
    lone.show()
    assert lone.results is None and lone.timeline is None and "waiting" in lone.caption.text()
    assert lone.data_csv() == ""
    runner.ready.emit(1, dataclasses.replace(window.season_plots.results, seasons=()))
    assert lone.timeline is None and empty(lone.eclipse_curve)
    runner.ready.emit(2, window.season_plots.results)
    assert lone.timeline is not None and not empty(lone.eclipse_curve)
    runner.ready.emit(3, dataclasses.replace(window.season_plots.results, seasons=()))
    assert lone.timeline is None and empty(lone.eclipse_curve) and not lone.worst_lines["eclipse"].isVisible()


def test_a_one_month_horizon(window):
    view = shown(window)
    window.document.edit("economics.analysis_years", 1.0 / 12.0)
    tl = view.timeline
    assert len(tl.time_years) == 2 and len(view.eclipse_curve.xData) == 3
    assert view.beta_plot.viewRange()[0] == pytest.approx([0.0, 1.0 / 12.0])
    assert "1-month horizon" in view.caption.text()
    view.span_box.setCurrentIndex(1)  # the whole horizon is the first year
    assert view.beta_plot.viewRange()[0] == pytest.approx([0.0, 1.0 / 12.0])


def test_the_chart_exports_like_the_other_plots(window, tmp_path):
    from orbitdesk.plots.export import export_image

    view = shown(window)
    for suffix in (".png", ".svg"):
        export_image(view.layout_widget, tmp_path / f"seasons{suffix}", caption="Seasons")
        assert (tmp_path / f"seasons{suffix}").stat().st_size > 1000


def test_calendar_labels():
    from datetime import datetime, timezone

    epoch = datetime(2027, 1, 1, tzinfo=timezone.utc)
    assert months_text([1, 2, 11, 12]) == "Nov–Feb" and months_text([5]) == "May"
    assert months_text(list(range(1, 13))) == "every month" and months_text([1, 3, 4]) == "Jan, Mar–Apr"
    assert point_month(epoch, 22 / 12) == (2028, 11)  # 31 Oct 2028 22:00: the "Nov" point
    ticks = month_ticks(epoch, 0.0, 1.0, 3)
    assert len(ticks) == 5 and ticks[0] == 0.0  # Jan, Apr, Jul, Oct, Jan
    axis = CalendarAxis()
    axis.set_epoch(epoch)
    assert axis.tickStrings(ticks, 1.0, 0.25) == ["Jan 2027", "Apr", "Jul", "Oct", "Jan 2028"]
    assert axis.tickStrings(month_ticks(epoch, 0.0, 3.01, 12), 1.0, 1.0) == ["2027", "2028", "2029", "2030"]
    assert axis.tickValues(0.0, 1e6, 500)  # zoomed far out: pyqtgraph's own ticks, no date overflow
