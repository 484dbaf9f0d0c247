"""File ▸ Compare and File ▸ Hand over in the real window (synchronous runner): B drawn beside A,
the KPI table's B and B − A columns, undo and files unaffected; the report, CZML, OEM and the
archive written from the window, a bad file refused with the document kept."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

from orbitdesk.model import default_scenario, save_scenario
from orbitdesk.model.edit import with_value

pytestmark = pytest.mark.gl


def _variant(tmp_path):
    b = with_value(default_scenario(), "designs[0].solar.area_m2", 500.0).model_copy(update={"name": "Bigger array"})
    path = tmp_path / "b.orbitdesk.json"
    save_scenario(b, path)
    return path


def test_compare_with_a_file_draws_b_and_adds_columns(window, tmp_path):
    doc = window.document
    undo_count, scenario = doc.undo_stack.count(), doc.scenario
    assert window.handover.compare_with_file(path=str(_variant(tmp_path)))
    kpis = window.kpis
    header = [kpis.model.headerData(j, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.Orientation.Horizontal)
              for j in range(kpis.model.columnCount())]
    assert header[:4] == ["KPI", "Orbital (A)", "B", "B − A"]
    assert kpis.cell("satellite_solar_array_area_m2", 1) == "400.0"
    assert kpis.cell("satellite_solar_array_area_m2", 2) == "500.0"
    assert kpis.cell("satellite_solar_array_area_m2", 3) == "+100.0"
    # the one-orbit plots draw B's solar power dotted, 25 % above A's in sunlight
    a = window.orbit_plots.curves["solar_power_kw"].yData
    b = window.orbit_plots.compared["solar_power_kw"]
    assert b.isVisible() and np.nanmax(b.yData) == pytest.approx(1.25 * np.nanmax(a), rel=1e-6)
    assert "B: Bigger array" in window.orbit_plots.caption.text()
    assert "B" in window.calendar_plots.curves and "B" in window.calendar_plots.bar_texts()
    assert "Comparing with B: Bigger array" in window.compare_label.toolTip()
    # nothing entered the document
    assert doc.scenario is scenario and doc.undo_stack.count() == undo_count and not doc.modified
    window.handover.stop_comparing()
    assert not window.orbit_plots.compared["solar_power_kw"].isVisible()
    assert "B" not in window.calendar_plots.curves and window.kpis.model.columnCount() == 2 + 4
    assert window.compare_label.text() == "" == window.compare_label.toolTip()


def test_a_bad_comparison_file_is_refused_and_nothing_changes(window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.orbitdesk.json"
    bad.write_text('{"format": "orbitdesk.scenario", "version": 3, "scenario": {}}')
    shown = []
    monkeypatch.setattr(window, "show_error", lambda title, text: shown.append((title, text)))
    assert not window.handover.compare_with_file(path=str(bad))
    assert shown and shown[0][0] == "Cannot compare" and "Nothing changed" in shown[0][1]
    assert not window.handover.comparison.active and window.kpis.model.columnCount() == 2 + 4


def test_snapshot_then_edit_shows_what_the_edit_changed(window):
    window.handover.compare_with_snapshot()
    window.document.edit("designs[0].radiator.area_m2", 60.0)
    assert window.kpis.cell("radiator_area_m2", 2) != window.kpis.cell("radiator_area_m2", 1)
    window.document.undo_stack.undo()  # undo moves A back; B stays the snapshot
    assert window.kpis.cell("radiator_area_m2", 3) in ("0", "–")


def test_report_czml_oem_and_archive_from_the_window(window, tmp_path):
    from czml3 import Document
    from oem import OrbitEphemerisMessage

    h = window.handover
    assert h.compare_with_file(path=str(_variant(tmp_path)))
    assert h.export_report(path=str(tmp_path / "r.pdf"))
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF") and (tmp_path / "r.html").exists()
    assert "Comparison: B against A" in (tmp_path / "r.html").read_text()
    h.options = type(h.options)(span_h=1.0, step_s=60.0, satellites=2)
    assert h.export_czml(path=str(tmp_path / "c.czml"))
    assert len(Document.load(tmp_path / "c.czml").packets) == 1 + 3 + 2
    assert h.export_oem(folder=str(tmp_path / "oem"))
    files = sorted((tmp_path / "oem").glob("*.oem"))
    assert len(files) == 2 and len(list(OrbitEphemerisMessage.open(str(files[0])).states)) == 61
    assert h.export_archive(path=str(tmp_path / "h.zip"))
    with zipfile.ZipFile(tmp_path / "h.zip") as z:
        names = z.namelist()
    assert any(n.endswith("/report.pdf") for n in names) and any(n.endswith("scenario_B.orbitdesk.json") for n in names)
    assert not window.document.modified


def test_an_export_into_a_missing_folder_names_it(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "show_error", lambda title, text: shown.append((title, text)))
    assert not window.handover.export_report(path=str(tmp_path / "nowhere" / "r.pdf"))
    assert shown and "nowhere" in shown[0][1] and "Nothing was written" in shown[0][1]


def test_the_report_carries_the_trade_study_dock_result(window, tmp_path):
    from orbitdesk.study.run import run
    from orbitdesk.study.spec import Study, StudyInput

    study = Study(kind="sweep", kpis=("cost_per_exaflop_usd",),
                  inputs=(StudyInput(path="launch.cost_usd_per_kg", lo=100.0, hi=300.0, n=2),))
    window.study.result = run(study, window.document.scenario)
    assert window.handover.export_report(path=str(tmp_path / "r.pdf"))
    html = (tmp_path / "r.html").read_text()
    assert "Trade study" in html and "Sweep (the Trade study dock)" in html and "launch.cost_usd_per_kg" in html


def test_a_long_comparison_name_does_not_widen_the_window(window, tmp_path):
    b = default_scenario().model_copy(update={"name": "A very long scenario name " * 4})  # at most 120
    path = tmp_path / ("long_file_name_" * 6 + ".orbitdesk.json")
    save_scenario(b, path)
    window.resize(1366, 768)
    assert window.handover.compare_with_file(path=str(path))
    assert window.minimumSizeHint().width() <= 1366 and window.compare_label.width() <= 440


def test_cancel_leaves_no_oem_file_and_no_archive(window, tmp_path, monkeypatch):
    """The long exports show a progress dialog with Cancel; cancelled, they leave nothing."""
    from PySide6.QtWidgets import QProgressDialog

    h = window.handover
    h.options = type(h.options)(span_h=1.0, step_s=60.0, satellites=4)
    seen = []
    real = QProgressDialog.setValue
    monkeypatch.setattr(QProgressDialog, "setValue", lambda self, v: (seen.append(v), real(self, v)))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: len(seen) > 2)  # Cancel after two files
    assert not h.export_oem(folder=str(tmp_path / "oem"))
    assert not (tmp_path / "oem").exists() and "cancelled" in window.statusBar().currentMessage()
    seen.clear()
    assert not h.export_archive(path=str(tmp_path / "h.zip"))
    assert not (tmp_path / "h.zip").exists()
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: False)
    assert h.export_oem(folder=str(tmp_path / "oem")) and len(list((tmp_path / "oem").glob("*.oem"))) == 4


def test_the_seasons_tab_draws_b_dotted(window, tmp_path):
    b = with_value(default_scenario(), "shells[0].ltan_hours", 9.0).model_copy(update={"name": "Mid-morning orbit"})
    path = tmp_path / "ltan9.orbitdesk.json"
    save_scenario(b, path)
    assert window.handover.compare_with_file(path=str(path))
    tabs = window.life_tabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Seasons"))
    seasons = window.season_plots
    seasons.ensure_drawn()
    b_eclipse = seasons.compared["eclipse"]
    assert b_eclipse.isVisible() and seasons.caption.text().endswith("B dotted.")
    assert "Mid-morning orbit (ltan9.orbitdesk.json): dotted" in seasons.caption.toolTip()
    top = seasons.eclipse_plot.viewRange()[1][1]
    assert top >= np.nanmax(b_eclipse.yData)  # B's longer eclipses are in view, not above the plot
    b_minutes = np.asarray(window.handover.comparison.results.seasons[0].longest_eclipse_s) / 60.0
    np.testing.assert_allclose(b_eclipse.yData, b_minutes)
    # a 9 h orbit sees eclipses all year; the dawn-dusk one only in its season
    assert (b_minutes > 0).mean() > (np.asarray(seasons.eclipse_curve.yData) > 0).mean()
    window.handover.stop_comparing()
    assert not b_eclipse.isVisible()


def test_the_data_tab_draws_b_dotted(window, tmp_path):
    b = default_scenario()
    b = b.model_copy(update={"name": "Two stations", "ground_stations": b.ground_stations[:2]})
    path = tmp_path / "two.orbitdesk.json"
    save_scenario(b, path)
    assert window.handover.compare_with_file(path=str(path))
    tabs = window.life_tabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Data"))
    data = window.data_plot
    data.ensure_drawn()
    day = window.handover.comparison.results.data_day
    assert data.compared_curve.isVisible()
    np.testing.assert_allclose(data.compared_curve.yData, np.where(np.isfinite(day.round_trip_s),
                                                                     day.round_trip_s * 1e3, np.nan))
    window.handover.stop_comparing()
    assert not data.compared_curve.isVisible()
