"""The one-orbit plots in the real window: which shell and plane they show, the heat shortfall, axes
for people, sizes. Assertions read the plot items' data, the selector and the layout geometry."""

from __future__ import annotations

import numpy as np
import pytest

from orbitdesk.app import placing
from orbitdesk.model import default_scenario
from orbitdesk.model.scenario import WalkerShell
from orbitdesk.plots.orbit_plots import MEAN, WORST, minimum_plot_size

pytestmark = pytest.mark.gl


def shown_timeline(window):
    plots = window.orbit_plots
    return plots._first.orbits[plots.shown_shell]


def with_walker(window, planes=6, design="AI sat 112 kW"):
    """Add a Walker shell (planes at different RAAN: their sunlight differs) and select it."""
    s = window.document.scenario
    walker = WalkerShell(name="Walker 53°", design=design, altitude_km=550.0, inclination_deg=53.0,
                         total_satellites=planes * 10, planes=planes)
    new = s.model_copy(update={"shells": (*s.shells, walker)})
    window.document.replace(new, "Add Walker", select=("shells", len(new.shells) - 1))
    return len(new.shells) - 1


def choose(window, data):
    box = window.orbit_plots.plane_box
    box.setCurrentIndex(box.findData(data))
    box.activated.emit(box.currentIndex())  # what a user's pick emits


def test_plots_follow_the_shell_that_flies_the_edited_design(window):
    doc = window.document
    window.duplicate_design(0)  # selects the copy
    copy = doc.scenario.designs[1].name
    new, index = placing._appended(doc.scenario, "shells", {**doc.scenario.shells[0].model_dump(),
                                                             "name": "Second shell", "design": copy})
    doc.replace(new, "Fly the copy", select=("shells", index))
    doc.select("designs", 1)
    doc.edit("designs[1].radiator.area_m2", 60.0)
    assert doc.selected_shell() == 1
    plots = window.orbit_plots
    assert plots.shown_shell == 1
    tl = shown_timeline(window)
    assert tl.shell == "Second shell" and tl.design == copy
    np.testing.assert_allclose(plots.curves["rejectable_heat_kw"].yData,
                               tl.fleet_mean("rejectable_heat_w") * 1e-3)
    # the original shell (120 m²) rejects twice what the edited copy does
    orig = plots._first.orbits[0]
    np.testing.assert_allclose(orig.fleet_mean("rejectable_heat_w") * 1e-3,
                               plots.curves["rejectable_heat_kw"].yData * 2, rtol=1e-9)
    assert "“Second shell”" in plots.caption.text() and f"“{copy}”" in plots.caption.text()


def test_plane_selector_defaults_persists_and_resets(window):
    plots, box = window.orbit_plots, window.orbit_plots.plane_box
    assert plots.plane_choice() == MEAN  # SSO: the planes are alike, the mean is a satellite
    index = with_walker(window)
    assert plots.shown_shell == index and plots.plane_choice() == WORST
    tl = shown_timeline(window)
    texts = [box.itemText(i) for i in range(box.count())]
    assert texts[0].startswith("Fleet mean") and texts[1].startswith("Worst plane")
    assert len(texts) == 2 + 6 and texts[2].startswith("Plane 1 (RAAN 0°, β ")
    worst = int(np.argmin(tl.throttle.mean(axis=-1)))
    assert tl.throttle.mean(axis=-1)[worst] == pytest.approx(tl.throttle.mean(axis=-1)[plots.shown_plane])
    assert "worst" in plots.caption.text()

    choose(window, 3)
    assert plots.shown_plane == 3
    np.testing.assert_allclose(plots.curves["battery_soc_pct"].yData, tl.battery_soc[3] * 100.0)
    assert "Plane 4 (RAAN" in plots.caption.text()
    window.document.edit("designs[0].radiator.area_m2", 90.0)  # the same shell: the choice stays
    assert plots.plane_choice() == 3 and box.currentData() == 3
    np.testing.assert_allclose(plots.curves["battery_soc_pct"].yData,
                               shown_timeline(window).battery_soc[3] * 100.0)

    choose(window, MEAN)
    beta = shown_timeline(window).beta_deg
    assert f"fleet mean of 6 planes, β {beta.min():.1f}° to {beta.max():.1f}°" in plots.caption.text()
    np.testing.assert_allclose(plots.curves["battery_soc_pct"].yData,
                               shown_timeline(window).fleet_mean("battery_soc") * 100.0)
    window.document.select("shells", 0)  # another shell: its own default
    assert plots.shown_shell == 0 and plots.plane_choice() == MEAN and box.count() == 2 + 4
    choose(window, 2)
    window.document.select("shells", index)
    assert plots.plane_choice() == WORST


def test_selecting_without_moving_the_shell_is_no_redraw(window):
    before = window.orbit_plots.redraws
    window.document.select("designs", 0)  # the design the shown shell flies
    window.document.select("ground_stations", 1)
    assert window.orbit_plots.redraws == before
    window.document.edit("designs[0].radiator.area_m2", 70.0)
    assert window.orbit_plots.redraws == before + 1


def test_heat_plot_shows_the_radiator_shortfall(window):
    plots = window.orbit_plots
    assert not plots.shortfall.isVisible()  # 120 m²: everything demanded is rejected
    window.document.edit("designs[0].radiator.area_m2", 30.0)
    demanded = plots.curves["heat_demand_kw"].yData
    rejected = plots.curves["heat_load_kw"].yData
    rejectable = plots.curves["rejectable_heat_kw"].yData
    assert (demanded > rejectable * 1.5).all()  # 30 m² cannot reject the payload's heat
    assert (rejected <= rejectable * (1 + 1e-6)).all()  # the throttle keeps what is produced rejectable
    assert plots.shortfall.isVisible()
    np.testing.assert_allclose(plots._short_top.yData - plots._short_bottom.yData, demanded - rejectable)
    low, high = plots.plots["heat"].viewRange()[1]
    assert low <= rejectable.min() and high >= demanded.max()  # the gap is in view


def ticks(plot, axis="left"):
    ax = plot.getAxis(axis)
    lo, hi = ax.range
    levels = ax.tickValues(lo, hi, ax.size().height() if axis == "left" else ax.size().width())
    return [text for spacing, values in levels for text in ax.tickStrings(values, ax.scale, spacing)]


def test_axes_are_formatted_for_people(window):
    window.document.edit("designs[0].radiator.area_m2", 30.0)  # temperature pinned at 333.15 K
    plots = window.orbit_plots
    for key, plot in plots.plots.items():
        low, high = plot.viewRange()[1]
        shown = [c.yData for c in plot.listDataItems() if c.yData is not None and c.yData.size]
        top = max(float(np.abs(np.concatenate(shown)).max()), 1e-9)
        assert high - low >= 0.09 * top, key  # no zoom into rounding noise
        for text in ticks(plot):
            assert len(text.replace(",", "").replace("-", "").replace(".", "")) <= 5, (key, text)
    # the flat heat curves: at least ±5 % around them, not 36.65–36.9 kW
    low, high = plots.plots["heat"].viewRange()[1]
    rejected = plots.curves["heat_load_kw"].yData
    assert low < rejected.min() * 0.95 and "333.1500000000005" not in ticks(plots.plots["temperature"])


def test_no_clipped_column_after_an_extreme_edit_and_undo(window, qtbot):
    lw = window.orbit_plots.layout_widget

    def geometry():
        qtbot.wait(30)  # layouts settle and paint
        return [(round(p.geometry().width()), round(p.geometry().right())) for p in window.orbit_plots.plots.values()]

    before = geometry()
    window.document.edit("designs[0].radiator.area_m2", 30.0)
    during = geometry()
    window.undo_action.trigger()
    assert geometry() == before
    assert during == before  # fixed axis widths: the data do not move the layout
    assert lw.ci.geometry().width() <= lw.width() + 0.5  # nothing past the view's right edge


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1200)])
def test_each_plot_keeps_its_minimum_size(window, qtbot, size):
    window.resize(*size)
    qtbot.wait(50)
    m = minimum_plot_size()
    lw = window.orbit_plots.layout_widget
    assert lw.minimumWidth() >= 2 * m.width() and lw.minimumHeight() >= 3 * m.height()
    for key, plot in window.orbit_plots.plots.items():
        g = plot.geometry()
        assert g.width() >= m.width() - 0.5 and g.height() >= m.height() - 0.5, (key, g)
    assert default_scenario() == window.document.scenario


def test_a_tle_set_defaults_to_its_worst_satellite(window):
    from orbitdesk.paths import resource

    assert window.import_tle_file(resource("tle", "synthetic_walker_550km.tle"))
    plots = window.orbit_plots
    index = len(window.document.scenario.shells) - 1
    window.document.select("shells", index)
    tl = shown_timeline(window)
    assert plots.shown_shell == index and plots.plane_choice() == WORST
    assert plots.plane_box.count() == 2 + 12
    names = getattr(tl, "plane_names", ()) or [f"Plane {p + 1}" for p in range(12)]
    assert plots.plane_box.itemText(2).startswith(names[0]) and "β " in plots.plane_box.itemText(2)
    np.testing.assert_allclose(plots.curves["throttle_pct"].yData, tl.throttle[plots.shown_plane] * 100.0)


def test_a_first_stage_behind_the_document_is_not_drawn_on_the_wrong_shell(qtbot):
    """Threaded runner: the document has a new shell selected before its first stage arrives."""
    from PySide6.QtCore import QObject, Signal

    from orbitdesk.app.document import ScenarioDocument
    from orbitdesk.core.evaluate import epoch_orbits
    from orbitdesk.plots.orbit_plots import OrbitPlots

    class Runner(QObject):  # the signals the view listens to
        firstStage = Signal(int, object)
        ready = Signal(int, object)
        done = Signal(str, int, object)

    doc, runner = ScenarioDocument(), Runner()
    plots = OrbitPlots(doc, runner)
    qtbot.addWidget(plots)
    runner.firstStage.emit(1, epoch_orbits(doc.scenario))
    assert plots.redraws == 1 and plots.shown_shell == 0
    s = doc.scenario
    walker = WalkerShell(name="Walker 53°", design=s.designs[0].name, altitude_km=550.0,
                         inclination_deg=53.0, total_satellites=40, planes=4)
    doc.replace(s.model_copy(update={"shells": (*s.shells, walker)}), "Add", select=("shells", 1))
    assert plots.redraws == 1 and plots.shown_shell == 0  # nothing for shell 1 yet: wait for it
    renamed = doc.scenario.model_copy(update={"shells": (doc.scenario.shells[0].model_copy(
        update={"name": "Renamed"}), walker)})
    runner.firstStage.emit(2, epoch_orbits(doc.scenario))
    assert plots.redraws == 2 and plots.shown_shell == 1 and plots.plane_choice() == WORST
    doc.replace(renamed, "Rename", select=("shells", 0))
    assert plots.redraws == 2  # the stage names another shell at index 0: not drawn as "Renamed"
    runner.firstStage.emit(3, epoch_orbits(doc.scenario))
    assert plots.redraws == 3 and "“Renamed”" in plots.caption.text()


def test_a_fleet_mean_of_planes_with_one_beta_names_it_once(window):
    """The default SSO planes, 1° of RAAN apart, share β to a tenth of a degree: "β -58.9°",
    not "β -58.9° to -58.9°"."""
    caption = window.orbit_plots.caption.text()
    assert "fleet mean of 4 planes, β " in caption and "° to " not in caption


def _wait(qtbot, view, predicate):
    qtbot.waitUntil(predicate, timeout=20_000)


def test_the_date_control_shows_any_day_and_the_worst_case(window, qtbot):
    """The issue: the one-orbit view could show only the epoch. A June day of the default
    dawn-dusk orbit is fully sunlit; "Worst case" jumps into the November-February season; Epoch
    returns; an edit keeps the date and recomputes it."""
    from datetime import datetime, timezone

    view = window.orbit_plots
    qtbot.waitUntil(lambda: window.kpis.results is not None, timeout=30_000)
    assert view._timeline()[1].sunlit.mean() < 0.9  # 1 January: eclipsed
    view.show_date(datetime(2027, 6, 15, tzinfo=timezone.utc))
    qtbot.waitUntil(lambda: view._timeline() is not None, timeout=20_000)
    assert view._timeline()[1].sunlit.all() and "the orbit of 2027-06-15" in view.caption.text()
    x = view.curves["load_kw"].xData  # minutes into the orbit shown, not since the epoch
    assert x[0] == 0 and x[-1] < 100
    assert view.date.date().month() == 6
    view.show_worst_case()
    qtbot.waitUntil(lambda: view._timeline() is not None, timeout=20_000)
    assert view.date.date().month() in (11, 12, 1, 2) and view._timeline()[1].sunlit.mean() < 0.85
    shown = view.date.date()
    window.document.edit("designs[0].radiator.area_m2", 110.0)
    qtbot.waitUntil(lambda: view._timeline() is not None and view._shown_stage().scenario is window.document.scenario,
                    timeout=20_000)
    assert view.date.date() == shown
    view.epoch_button.click()
    assert view._at_s == 0 and "the epoch orbit" in view.caption.text()
