"""The delivered-compute waterfall chart (plots/waterfall_plot.py): its bars are the core's numbers
(core/waterfall.py), it draws once per result, the shell selector, and results without stages or
with NaN in them do not break it. Assertions read the bar items' data and the labels."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QObject, Signal

from orbitdesk.core import evaluate
from orbitdesk.core.waterfall import compute_waterfall
from orbitdesk.plots.waterfall_plot import FLEET, WaterfallPlot, flop_unit, percent_text

CLOSE = 1e-9


class Runner(QObject):
    ready = Signal(int, object)


@pytest.fixture(scope="module")
def results(scenario):
    return evaluate(scenario)


@pytest.fixture
def view(qtbot):
    from orbitdesk.plots import style

    style.configure()
    runner = Runner()
    v = WaterfallPlot(runner)
    qtbot.addWidget(v)
    v.resize(1000, 320)
    v.show()
    qtbot.waitExposed(v)
    v.runner = runner
    return v


def bar_items(view):
    """(bottom, top) of every drawn bar in display units, in x order."""
    t, loss = view.total_bars.opts, view.loss_bars.opts
    bars = {float(x): (0.0, float(h)) for x, h in zip(t["x"], t["height"], strict=True)}
    bars |= {float(x): (float(y0), float(y0) + float(h)) for x, y0, h in
             zip(loss["x"], loss["y0"], loss["height"], strict=True)}
    return [bars[x] for x in sorted(bars)]


def test_bars_are_the_core_numbers(view, results):
    view.runner.ready.emit(1, results)
    wf = compute_waterfall(results)
    assert view.draws == 1 and view.waterfall is not None
    labels = [b[0] for b in view.bars]
    assert labels == [*wf.labels(), "Delivered"]
    scale = view.scale
    drawn = np.array(bar_items(view)) * scale
    expected = [(0.0, wf.peak_flop)]
    expected += [(s.remaining_flop, s.remaining_flop + s.lost_flop) for s in wf.stages[1:]]
    expected += [(0.0, wf.delivered_flop)]
    np.testing.assert_allclose(drawn, np.array(expected), rtol=CLOSE)
    assert drawn[-1, 1] == pytest.approx(results.kpis["lifetime_flop"], rel=CLOSE)
    # each loss bar carries its percentage, the peak and delivered bars their values
    texts = [item.textItem.toPlainText() for item in view.labels if item.isVisible()]
    assert len(texts) == len(labels)
    assert texts[1] == percent_text(wf.stages[1].lost_fraction) == "−60.0 %"  # utilization 0.4
    assert texts[-1].endswith("%)")  # the delivered share of the peak
    assert view.plot.getAxis("left").labelText == view.unit
    assert "delivered" in view.caption.text()
    # the same result again: nothing redrawn
    view.runner.ready.emit(2, results)
    assert view.draws == 1


def test_units_by_magnitude():
    assert flop_unit(5e20) == (1e18, "EFLOP")
    assert flop_unit(5e22) == (1e21, "ZFLOP")
    assert flop_unit(5e25)[1] == "YFLOP"
    assert flop_unit(8e28)[1] == "×10²⁷ FLOP"  # the default fleet's peak, as the KPI table writes it
    assert flop_unit(float("nan"))[1] == "EFLOP"


def test_empty_and_nan_results(view, results):
    assert view.bars == [] and "waiting" in view.caption.text() and view.data_csv() == ""
    view.runner.ready.emit(1, dataclasses.replace(results, stages=None))
    assert view.bars == [] and view.waterfall is None
    nan = dataclasses.replace(results.stages, flop_per_s=np.full_like(results.stages.flop_per_s, np.nan))
    view.runner.ready.emit(2, dataclasses.replace(results, stages=nan))
    assert len(view.bars) == 8 and "not finite" in view.caption.text()
    assert np.isfinite(np.array(bar_items(view))).all()
    empty = dataclasses.replace(results.stages, shells=(), flop_per_s=np.zeros((0, 7, 0)))
    view.runner.ready.emit(3, dataclasses.replace(results, stages=empty))
    assert view.bars == []
    zero = dataclasses.replace(results.stages, flop_per_s=np.zeros_like(results.stages.flop_per_s))
    view.runner.ready.emit(4, dataclasses.replace(results, stages=zero))
    assert len(view.bars) == 8
    view.runner.ready.emit(5, results)
    assert view.bars[-1][2] == pytest.approx(results.kpis["lifetime_flop"], rel=CLOSE)
    view.grab()  # paints


def test_shell_selector_and_csv(view, scenario):
    from orbitdesk.model import WalkerShell

    two = scenario.model_copy(update={"shells": (*scenario.shells, WalkerShell(
        name="Walker 550", design=scenario.designs[0].name, altitude_km=550.0, inclination_deg=53.0,
        total_satellites=40, planes=4, phasing=1))})
    r = evaluate(two)
    view.runner.ready.emit(1, r)
    box = view.scope_box
    assert [box.itemText(i) for i in range(box.count())] == [FLEET, *[s.name for s in two.shells]]
    box.setCurrentIndex(2)
    wf = compute_waterfall(r)
    assert view.bars[0][2] == pytest.approx(wf.shells["Walker 550"][0].remaining_flop, rel=CLOSE)
    assert "Walker 550" in view.caption.text()
    rows = view.data_csv().splitlines()
    assert rows[0].startswith("scope,stage,remaining_flop")
    assert len(rows) == 1 + 3 * 7
    fleet_last = next(row for row in rows if row.startswith(f"{FLEET},Deployment ramp"))
    assert float(fleet_last.split(",")[2]) == pytest.approx(r.kpis["lifetime_flop"], rel=1e-8)


@pytest.mark.gl
def test_the_waterfall_tab_in_the_window(window, tmp_path):
    from orbitdesk.plots.export import export_image, write_csv

    tabs = window.life_tabs
    names = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Waterfall" in names and tabs.widget(names.index("Waterfall")) is window.waterfall_plot
    view = window.waterfall_plot
    tabs.setCurrentWidget(view)  # a hidden tab draws when it is shown
    r = view.results
    assert view.bars[-1][2] == pytest.approx(r.kpis["lifetime_flop"], rel=CLOSE)
    draws = view.draws
    window.document.edit("designs[0].compute.utilization", 1.0)  # every evaluation redraws it
    assert view.draws == draws + 1 and view.results is not r
    assert view.waterfall.stages[1].lost_flop == 0.0
    exports = {text: run for text, _d, _k, run in window.exports.targets()}
    exports["Compute waterfall as image…"](tmp_path / "waterfall.png")
    exports["Compute waterfall data as CSV…"](tmp_path / "waterfall.csv")
    assert (tmp_path / "waterfall.png").stat().st_size > 1000
    assert (tmp_path / "waterfall.csv").read_text().startswith("scope,stage")
    export_image(view.layout_widget, tmp_path / "waterfall.svg", caption="Waterfall")
    write_csv(tmp_path / "w.csv", view.data_csv())
