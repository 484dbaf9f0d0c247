"""The Trade study dock (issue 10, item 6): inputs from a field's "Vary in study", a study run off
the GUI thread, its plots equal to the table and to single evaluations, refusals naming the input,
cancel, a click loading a variant as one undo step. Studies are kept to 2-4 points."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

pytest.importorskip("pytestqt")

LAUNCH = "launch.cost_usd_per_kg"
RADIATOR = "designs[0].radiator.area_m2"
KPI = "cost_per_exaflop_usd"
RUN_TIMEOUT_MS = 120_000


def field(window, path):
    from orbitdesk.gui.fields import FieldEditor

    window.show_field(path)
    QApplication.processEvents()
    found = [f for f in window.editors.findChildren(FieldEditor) if f.path == path]
    assert found, f"no editor field bound to {path}"
    return found[0]


def set_cells(dock, row, **cells):
    """Type values into the inputs table (lo, mid, hi, sd, n), as a person editing the cells."""
    from orbitdesk.gui.study_dock import COL_HI, COL_LO, COL_MID, COL_N, COL_SD

    cols = {"lo": COL_LO, "hi": COL_HI, "mid": COL_MID, "sd": COL_SD, "n": COL_N}
    for name, value in cells.items():
        dock.table.item(row, cols[name]).setText(str(value))


def run_and_wait(qtbot, dock):
    assert dock.run_study() is True
    assert dock.running and not dock.run_button.isEnabled() and dock.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dock.running, timeout=RUN_TIMEOUT_MS)
    return dock.result


def test_vary_in_study_from_the_fields_menu(window):
    dock = window.study
    assert not window.docks["study"].isVisible()  # hidden in the default layout
    f = field(window, LAUNCH)
    f._context_menu(QPoint(5, 5))
    menu = f.context_menu
    action = next(a for a in menu.actions() if a.text() == "Vary in study")
    assert action.isEnabled()
    action.trigger()
    menu.close()
    QApplication.processEvents()
    assert window.docks["study"].isVisible()
    assert [r.path for r in dock.rows] == [LAUNCH]
    row = dock.rows[0]
    assert row.label == f.spec.label and row.unit == f.spec.unit and "kg" in row.unit
    current = window.document.value(LAUNCH)
    # the launcher catalog's published range (Citi GPS 2022: $33-300/kg for Starship in 2040)
    assert (row.lo, row.mode, row.hi) == pytest.approx((33.0, current, 300.0))
    assert "published range" in dock.message.text() and "Citi" in dock.message.text()
    assert "Published range: 33–300" in f.editor.toolTip()
    assert dock.table.item(0, 0).text().startswith(f.spec.label)
    f.vary_action().trigger()  # twice: still one row
    assert len(dock.rows) == 1
    # a field with no published range spans ±50 % of its value, and says so
    cost = field(window, "designs[0].solar.cost_usd_per_w")
    assert "Published range" not in cost.editor.toolTip()
    cost.vary_action().trigger()
    row = dock.rows[1]
    current = window.document.value("designs[0].solar.cost_usd_per_w")
    assert (row.lo, row.mode, row.hi) == pytest.approx((0.5 * current, current, 1.5 * current))
    assert "±50 %" in dock.message.text()


def test_a_three_point_sweep_plots_the_table_and_equals_single_evaluations(window, qtbot):
    from orbitdesk.core import evaluate
    from orbitdesk.model.edit import with_value

    dock = window.study
    base = window.document.scenario
    window.vary_in_study(LAUNCH, "Launch price", "$/kg")
    dock.set_kind("sweep")
    set_cells(dock, 0, lo=100, hi=300, n=3)
    result = run_and_wait(qtbot, dock)
    assert result is not None and len(result.table) == 3 and result.failed == 0
    x, y, rows = dock.plots.points["sweep"]
    np.testing.assert_array_equal(x, [100.0, 200.0, 300.0])
    np.testing.assert_array_equal(y, result.table.column(KPI)[rows])
    single = [evaluate(with_value(base, LAUNCH, v)).kpis[KPI] for v in (100.0, 200.0, 300.0)]
    np.testing.assert_allclose(y, single, rtol=1e-12)
    assert "3 point(s) evaluated, 0 failed" in dock.message.text()
    assert window.document.scenario == base  # a study changes nothing by itself
    assert dock.run_button.isEnabled() and not dock.cancel_button.isEnabled()


def test_clicking_a_point_loads_the_variant_and_undo_restores_the_base(window, qtbot):
    dock = window.study
    base = window.document.scenario
    window.vary_in_study(LAUNCH, "Launch price", "$/kg")
    dock.set_kind("sweep")
    set_cells(dock, 0, lo=150, hi=450, n=2)
    run_and_wait(qtbot, dock)
    scatter = dock.plots.scatters["sweep"]
    plot = dock.plots.plots[0]
    QApplication.processEvents()
    view = dock.plots.layout_widget
    scene_pos = plot.getViewBox().mapViewToScene(scatter.points()[1].pos())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(scene_pos))
    QApplication.processEvents()
    doc = window.document
    assert doc.value(LAUNCH) == 450.0
    assert doc.undo_stack.undoText() == f"Study point: {LAUNCH} = 450"
    assert doc.scenario.model_dump() == {**base.model_dump(), "launch": {**base.launch.model_dump(),
                                                                          "cost_usd_per_kg": 450.0}}
    window.undo_action.trigger()
    assert doc.scenario == base  # exactly the original, in one step
    assert doc.undo_stack.index() == 0


def test_a_refused_input_is_named_and_nothing_runs(window):
    dock = window.study
    window.vary_in_study(RADIATOR, "Radiator area", "m²")
    dock.set_kind("sweep")
    set_cells(dock, 0, lo=-50, hi=100, n=3)  # an area below zero
    assert dock.run_study() is False
    text = dock.message.text()
    assert "Radiator area" in text and RADIATOR in text and "Nothing ran" in text
    assert "refuses -50" in text
    assert not dock.running and dock.result is None and dock.run_button.isEnabled()
    set_cells(dock, 0, lo=300, hi=100)  # low above high: refused before the scenario is asked
    assert dock.run_study() is False
    assert RADIATOR in dock.message.text() and "below hi" in dock.message.text()


def test_cancel_leaves_the_dock_idle_and_the_window_responsive(window, qtbot):
    dock = window.study
    # a physics input: every draw is a full evaluation (prices alone take the affine path, at once)
    window.vary_in_study("designs[0].radiator.area_m2", "Radiator area", "m²")
    dock.set_kind("monte_carlo")
    dock.samples.setValue(40)  # far more than a cancel lets run
    assert dock.run_study() is True
    dock.cancel_button.click()
    QApplication.processEvents()  # the GUI thread is free while the study stops
    qtbot.waitUntil(lambda: not dock.running, timeout=RUN_TIMEOUT_MS)
    assert dock.result.table.cancelled and len(dock.result.table) < 40
    assert dock.message.text().startswith("Cancelled:")
    assert dock.run_button.isEnabled() and not dock.cancel_button.isEnabled() and dock.table.isEnabled()
    window.document.edit(LAUNCH, 333.0)  # the window still edits and evaluates
    assert window.kpis.results is not None and window.document.value(LAUNCH) == 333.0


def test_a_monte_carlo_of_four_draws_shows_p10_p50_p90(window, qtbot):
    dock = window.study
    window.vary_in_study(LAUNCH, "Launch price", "$/kg")
    dock.set_kind("monte_carlo")
    dock.samples.setValue(4)
    result = run_and_wait(qtbot, dock)
    assert len(result.table) == 4 and result.failed == 0
    p = result.percentiles[KPI]
    assert dock.plots.lines == pytest.approx({"P10": p["P10"], "P50": p["P50"], "P90": p["P90"]})
    titles = " ".join(pl.titleLabel.text for pl in dock.plots.plots)
    for k in ("P10", "P50", "P90"):
        assert k in titles and k in dock.plots.caption.text()
    x, share, rows = dock.plots.points["draws"]
    np.testing.assert_array_equal(np.sort(result.table.column(KPI)), x)
    np.testing.assert_allclose(share, [25, 50, 75, 100])
    assert dock.load_point(int(rows[0]))  # a draw loads as one undo step
    assert window.document.undo_stack.undoText().startswith(f"Study point: {LAUNCH} = ")


def test_tornado_and_break_even_draw(window, qtbot):
    dock = window.study
    window.vary_in_study(LAUNCH, "Launch price", "$/kg")
    dock.set_kind("tornado")
    result = run_and_wait(qtbot, dock)
    assert len(result.table) == 3 and len(dock.plots.points["tornado"][0]) == 1
    dock.set_kind("break_even")
    dock.site.setCurrentIndex(dock.site.findText("New build, Northern Virginia"))
    set_cells(dock, 0, lo=0, hi=400)
    result = run_and_wait(qtbot, dock)
    assert result.break_even is not None
    title = dock.plots.plots[0].titleLabel.text
    assert ("parity at" in title) == result.break_even.found and ("no parity in" in title) != result.break_even.found


def test_a_pareto_front_of_radiator_and_array_draws(window, qtbot):
    """Pareto: drawn designs in the plane of cost per exaFLOP and FLOP over the horizon; the front
    is the points no other beats on both, and a front point loads as one undo step."""
    from orbitdesk.study import pareto_front

    dock = window.study
    window.vary_in_study("designs[0].radiator.area_m2", "Radiator area", "m²")
    window.vary_in_study("designs[0].solar.area_m2", "Array area", "m²")
    dock.set_kind("pareto")
    assert dock.kpi2.isVisible() and dock.samples.isEnabled()
    dock.set_kpi("lifetime_flop")
    assert not dock.run_study()  # the same KPI twice: refused, named
    assert "KPI 2" in dock.message.text()
    dock.set_kpi(KPI)
    dock.samples.setValue(6)
    result = run_and_wait(qtbot, dock)
    cost, flop = result.table.column(KPI), result.table.column("lifetime_flop")
    front = pareto_front(cost, flop, ("min", "max"))
    np.testing.assert_array_equal(result.pareto, front)
    for i in range(len(cost)):  # no point beats a front point on both
        for j in front:
            assert not (cost[i] < cost[j] and flop[i] > flop[j])
    x, _y, rows = dock.plots.points["front"]
    np.testing.assert_array_equal(rows, front)
    np.testing.assert_allclose(x, cost[front])
    assert "on the front" in dock.plots.caption.text()
    assert dock.load_point(int(rows[0]))
    assert window.document.undo_stack.undoText().startswith("Study point: designs[0].radiator.area_m2 = ")


def test_a_study_file_saved_from_the_dock_opens_again_and_runs_headless(window, tmp_path, capsys):
    """File ▸ Save trade study writes the dock's study with the scenario inside; the command line
    runs it unchanged; File ▸ Open trade study fills the dock again. A file the dock cannot show is
    refused whole and the dock keeps its study."""
    from orbitdesk.cli import main
    from orbitdesk.study import load_study

    dock = window.study
    window.vary_in_study(LAUNCH, "Launch price", "$/kg")
    window.vary_in_study("designs[0].radiator.area_m2", "Radiator area", "m²")
    dock.set_kind("monte_carlo")
    dock.samples.setValue(3)
    dock.seed.setValue(7)
    set_cells(dock, 1, lo=90, mid=110, hi=150)
    path = tmp_path / "mine.study.json"
    assert dock.save_study_file(path)
    study, base = load_study(path)
    assert base == window.document.scenario and study.samples == 3 and study.seed == 7
    assert study.inputs[1].path == "designs[0].radiator.area_m2" and study.inputs[1].mode == 110.0
    assert main(["study", str(path), "--workers", "0"]) == 0
    assert "3 evaluations, 0 failed" in capsys.readouterr().out

    dock.remove_selected()
    dock.set_kind("sweep")
    assert dock.open_study_file(path)
    assert dock.kind_key == "monte_carlo" and dock.samples.value() == 3 and dock.seed.value() == 7
    assert [r.path for r in dock.rows] == [LAUNCH, "designs[0].radiator.area_m2"]
    assert (dock.rows[1].lo, dock.rows[1].mode, dock.rows[1].hi, dock.rows[1].unit) == (90, 110, 150, "m²")
    assert "not loaded" in dock.message.text()

    text = path.read_text()
    before = list(dock.rows)
    lognormal = tmp_path / "ln.study.json"
    doc = json.loads(text)
    doc["study"]["inputs"][0].update(distribution="lognormal", mode=None, lo=None, hi=None, median=200.0, sigma=0.5)
    lognormal.write_text(json.dumps(doc), encoding="utf-8")
    broken = tmp_path / "broken.study.json"
    broken.write_text(text[: len(text) // 2], encoding="utf-8")
    for bad, why in ((lognormal, "is a lognormal, which the dock does not show"), (broken, "broken.study.json"),
                     (tmp_path / "missing.study.json", "missing.study.json")):
        assert not dock.open_study_file(bad), bad
        assert why in dock.message.text() and "unchanged" in dock.message.text() and dock.rows == before
    assert not dock.save_study_file(tmp_path / "no_such_folder" / "x.study.json")
    assert "Nothing was saved" in dock.message.text()
    # a study the open scenario cannot run (its field gone) is not saved: the fuzz found it
    window.vary_in_study("shells[0].altitude_km", "Altitude", "km")
    dock.rows[-1] = dataclasses.replace(dock.rows[-1], path="shells[3].altitude_km")
    assert not dock.save_study_file(tmp_path / "gone.study.json")
    assert "shells[3].altitude_km" in dock.message.text() and not (tmp_path / "gone.study.json").exists()


def test_closing_while_a_study_runs_does_not_hang(window, qtbot):
    import time

    dock = window.study
    window.vary_in_study(LAUNCH, "Launch price", "$/kg")
    dock.set_kind("monte_carlo")
    dock.samples.setValue(40)
    assert dock.run_study()
    thread = dock._thread
    started = time.perf_counter()
    window.document.undo_stack.setClean()
    window.close()
    assert time.perf_counter() - started < 10.0
    assert not thread.is_alive()
