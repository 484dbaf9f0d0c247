"""The desktop application driven through its real widgets (pytest-qt under Xvfb with Mesa).

Assertions read the plot items' data and the KPI table, not pixels.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from orbitdesk.app.settings import RECENT_FILES
from orbitdesk.model import default_scenario, load_scenario, save_scenario

pytestmark = pytest.mark.gl


def type_into(qtbot, field, text):
    field.editor.selectAll()
    qtbot.keyClicks(field.editor, text)
    qtbot.keyClick(field.editor, Qt.Key.Key_Return)


def radiator(window, name):
    return window.editors.design_forms["radiator"].fields[name]


def test_opens_on_the_default_scenario_with_results(window):
    assert window.document.scenario == default_scenario()
    assert window.kpis.cell("satellites") == "2,660"
    assert window.globe.satellites.count == 2660
    assert window.orbit_plots.curves["load_kw"].yData.size == 360
    assert set(window.calendar_plots.curves) == {"Orbital", *[s.name for s in default_scenario().terrestrial]}


def test_radiator_area_moves_kpis_and_heat_plot(window, qtbot):
    heat_before = window.orbit_plots.curves["rejectable_heat_kw"].yData.copy()
    kpi_before = window.kpis.cell("radiator_area_m2")
    type_into(qtbot, radiator(window, "area_m2"), "60")
    assert window.document.scenario.designs[0].radiator.area_m2 == 60.0
    assert window.kpis.cell("radiator_area_m2") != kpi_before
    heat_after = window.orbit_plots.curves["rejectable_heat_kw"].yData
    # rejectable heat scales with the area (120 -> 60 m²)
    np.testing.assert_allclose(heat_after, heat_before * 0.5, rtol=1e-9)
    assert window.windowTitle().startswith("Untitled[*]") and window.isWindowModified()


def test_the_title_follows_a_rename_of_a_modified_document(window):
    """The fuzz found it: a study point (or an undo) that brings another scenario name into a
    document already modified left the old name in the title."""
    window.document.edit("designs[0].radiator.area_m2", 90.0)
    assert window.isWindowModified()
    window.document.edit("name", "Renamed study base")
    assert " — Renamed study base — " in window.windowTitle()
    window.document.undo_stack.undo()
    assert " — Renamed study base — " not in window.windowTitle()
    assert window.document.scenario.name in window.windowTitle() and window.isWindowModified()


def test_a_station_network_preset_is_one_undo_step(window):
    before = window.document.scenario.ground_stations
    assert window.use_station_network("equatorial")
    assert [g.name for g in window.document.scenario.ground_stations] == ["Kourou", "Malindi", "Singapore"]
    assert window.kpis.results.kpis["user_round_trip_p50_s"] is not None
    window.document.undo_stack.undo()
    assert window.document.scenario.ground_stations == before


def test_gpu_model_changes_delivered_flops(window):
    flops_before = window.orbit_plots.curves["delivered_pflop_per_s"].yData.max()
    gpu = window.editors.design_forms["compute"].fields["gpu"].editor
    gpu.setCurrentIndex(gpu.findData("B200"))
    c = window.document.scenario.designs[0].compute
    assert c.gpu == "B200" and c.gpu_unit_cost_usd == 40_000.0  # the catalog price came with it
    assert window.orbit_plots.curves["delivered_pflop_per_s"].yData.max() != flops_before


def test_invalid_value_is_refused_inline(window, qtbot):
    field = radiator(window, "area_m2")
    type_into(qtbot, field, "-5")
    assert "greater than" in field.error
    form = window.editors.design_forms["radiator"]
    assert form.message.isVisibleTo(form) and "Nothing was applied" in form.message.text()
    assert window.document.scenario == default_scenario()
    assert window.document.undo_stack.count() == 0
    type_into(qtbot, field, "abc")
    assert "not a number" in field.error


def test_undo_redo_restore_exact_values(window, qtbot):
    type_into(qtbot, radiator(window, "area_m2"), "61.25")
    type_into(qtbot, radiator(window, "max_temperature_k"), "350")
    edited = window.document.scenario
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.document.scenario == default_scenario()
    assert radiator(window, "area_m2").editor.text() == "120"
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert window.document.scenario == edited
    assert radiator(window, "max_temperature_k").editor.text() == "350"


def test_slider_drag_is_one_undo_step(window):
    slider = radiator(window, "area_m2").slider
    slider.setSliderDown(True)
    for pos in (100, 200, 300, 400):
        slider.setValue(pos)
    slider.setSliderDown(False)  # emits sliderReleased: the drag ends
    assert window.document.undo_stack.count() == 1
    window.undo_action.trigger()
    assert window.document.scenario == default_scenario()


def test_one_model_change_is_one_redraw(window, qtbot):
    views = (window.globe, window.orbit_plots, window.calendar_plots)
    before = [v.redraws for v in views]
    type_into(qtbot, radiator(window, "area_m2"), "77")
    assert [v.redraws - b for v, b in zip(views, before, strict=True)] == [1, 1, 1]


def test_place_a_satellite_by_clicking_the_globe(window, qtbot):
    window.place_action.trigger()
    window.place_kind.setCurrentIndex(window.place_kind.findData("placed"))
    window.place_inclination.setValue(60.0)
    canvas = window.globe.canvas.native
    centre = canvas.rect().center()
    expected = window.globe.pick(centre.x(), centre.y())
    assert expected is not None
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre)
    shells = window.document.scenario.shells
    assert len(shells) == 2 and shells[1].kind == "placed"
    assert shells[1].latitude_deg == pytest.approx(expected[0]) and shells[1].longitude_deg == pytest.approx(
        expected[1])
    assert window.document.selection == ("shells", 1)
    assert window.globe.satellites.count == 2661
    window.undo_action.trigger()
    assert len(window.document.scenario.shells) == 1


def test_delete_shell_needs_another_shell(window):
    window.delete_part("shells", 0)
    assert len(window.document.scenario.shells) == 1  # refused: a scenario needs a shell
    assert "at least one shell" in window.statusBar().currentMessage()


def test_duplicate_a_design_and_fly_it(window, qtbot):
    window.tree.select_item("designs", 0)
    window.duplicate_design(window._selected_design())
    assert window.document.selection == ("designs", 1)
    copy = window.document.scenario.designs[1].name
    type_into(qtbot, radiator(window, "area_m2"), "90")  # edits the copy, not the original
    assert window.document.scenario.designs[1].radiator.area_m2 == 90.0
    assert window.document.scenario.designs[0].radiator.area_m2 == 120.0
    window.tree.select_item("shells", 0)
    flown = window.editors.shell_forms["sso"].fields["design"].editor
    flown.setCurrentIndex(flown.findData(copy))
    assert window.document.scenario.shells[0].design == copy
    window.delete_part("designs", 1)  # flown: refused
    assert "is flown by" in window.statusBar().currentMessage()


def test_place_and_edit_a_ground_station(window, qtbot):
    window.place_kind.setCurrentIndex(window.place_kind.findData("station"))
    window.place_at(48.15, 11.58)
    stations = window.document.scenario.ground_stations
    assert len(stations) == 4 and window.document.selection == ("ground_stations", 3)
    assert window.editors.currentIndex() == window.editors.tab("Ground station")
    field = window.editors.station_form.fields["min_elevation_deg"]
    type_into(qtbot, field, "10")
    assert window.document.scenario.ground_stations[3].min_elevation_deg == 10.0
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)
    assert len(window.document.scenario.ground_stations) == 3


def test_save_open_round_trip(window, tmp_path, monkeypatch):
    window.document.edit("designs[0].radiator.area_m2", 88.5)
    target = tmp_path / "trip"
    monkeypatch.setattr(window, "ask_save_path", lambda: str(target))
    assert window.save_as()
    saved = tmp_path / "trip.orbitdesk.json"
    assert saved.exists() and not window.isWindowModified()
    edited = window.document.scenario
    window.new_from_preset("One satellite, placed")
    assert window.document.scenario != edited
    assert window.open_path(saved)
    assert window.document.scenario == edited and window.document.path == saved
    assert window.settings.get(RECENT_FILES)[0] == str(saved.resolve())


def test_bad_file_shows_the_problem_and_keeps_the_document(window, tmp_path, monkeypatch):
    window.document.edit("designs[0].radiator.area_m2", 99.0)
    before = window.document.scenario
    bad = tmp_path / "bad.orbitdesk.json"
    s = default_scenario()
    save_scenario(s, bad)
    bad.write_text(bad.read_text().replace('"area_m2": 120.0', '"area_m2": -3.0'))
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    assert not window.open_path(bad, ask=False)
    assert window.document.scenario is before and window.document.modified
    assert "bad.orbitdesk.json" in errors[0] and "radiator.area_m2" in errors[0]


def test_closing_with_unsaved_changes_asks(window, monkeypatch):
    window.document.edit("designs[0].radiator.area_m2", 99.0)
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Cancel)
    assert not window.close() and window.isVisible()
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    assert window.close()


def test_autosave_is_offered_after_a_crash(window, settings, qtbot, monkeypatch):
    from orbitdesk.app.runner import ComputeRunner
    from orbitdesk.gui.main_window import MainWindow

    window.document.edit("designs[0].radiator.area_m2", 97.0)
    assert window.autosaver.save_now()
    window.autosaver.abandon()  # ... and the window crashes: its file stays, its lock goes
    crashed, crashed_path = window.document.scenario, window.autosaver.path
    second = MainWindow(settings, runner=ComputeRunner(threaded=False))
    monkeypatch.setattr(second, "ask_restore", lambda: True)
    second.offer_restore()
    assert second.document.scenario == crashed and second.document.modified
    assert not crashed_path.exists()  # taken over: the restored scenario is autosaved at once
    assert load_scenario(second.autosaver.path) == crashed
    second.document.undo_stack.setClean()
    second.close()
    second.deleteLater()


def test_tooltips_carry_units_and_sources(window):
    tip = radiator(window, "area_m2").editor.toolTip()
    assert "[m²]" in tip and "Default: 120 m²" in tip and "SpaceX" in tip
    assert radiator(window, "area_m2").unit.text() == "m²"


def test_exports(window, tmp_path, monkeypatch):
    for text, default, _kind, run in window.exports.targets():
        path = tmp_path / default
        run(path)
        assert path.stat().st_size > 100, text
    run_svg = window.exports.targets()[0][3]
    run_svg(tmp_path / "orbit.svg")
    assert (tmp_path / "orbit.svg").read_text().lstrip().startswith("<?xml")
    header = (tmp_path / "kpis.csv").read_text().splitlines()[0]
    assert header.startswith('kpi,Orbital,"Colossus 1')


def test_window_state_persists(window, settings):
    from orbitdesk.app.settings import WINDOW_GEOMETRY

    window.close()
    assert not settings.get(WINDOW_GEOMETRY).isEmpty()


def test_import_tle_set(window, tmp_path, monkeypatch):
    from orbitdesk.paths import resource

    assert window.import_tle_file(resource("tle", "synthetic_walker_550km.tle"))
    shell = window.document.scenario.shells[1]
    assert shell.kind == "tle" and shell.satellite_count == 12
    assert window.globe.satellites.count == 2660 + 12
    assert len(window.orbit_plots._first.orbits) == 2  # evaluated
    bad = tmp_path / "bad.tle"
    bad.write_text("1 25544U 98067A   not a tle\n")
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    before = window.document.scenario
    assert not window.import_tle_file(bad)
    assert window.document.scenario is before and "bad.tle" in errors[0] and "line" in errors[0]


def test_a_failing_evaluation_is_reported_without_a_dialog(window):
    window.runner._full = lambda scenario, first: 1 / 0  # a compute-core bug, simulated
    before = window.kpis.results
    window.document.edit("designs[0].radiator.area_m2", 99.0)
    assert "Evaluation failed: ZeroDivisionError" in window.statusBar().currentMessage()
    assert window.kpis.results is before  # the last good result stays
    assert window.orbit_plots.curves["load_kw"].yData.size == 360  # stage 1 still drew


def test_preferences_apply_and_persist(window, settings, monkeypatch):
    from orbitdesk.app.settings import AUTOSAVE_INTERVAL_S, MAX_POINTS_SHOWN

    def answer(dialog):
        dialog.autosave.setValue(30)
        dialog.max_points.setValue(1_000)
        return True

    monkeypatch.setattr(window, "run_dialog", answer)
    window.preferences()
    assert settings.get(AUTOSAVE_INTERVAL_S) == 30 and settings.get(MAX_POINTS_SHOWN) == 1_000
    assert window.autosaver._timer.interval() == 30_000
    assert window.globe.satellites.count <= 1_000  # 2,660 satellites thinned to the new budget
    assert "of 2,660 satellites shown" in window.globe.status.text()


def test_a_missing_recent_file_is_forgotten(window, tmp_path, monkeypatch):
    from orbitdesk.app.settings import RECENT_FILES

    path = tmp_path / "gone.orbitdesk.json"
    window.document.save(path)
    window._remember(path)
    assert [a.text() for a in window.recent_menu.actions()] == [str(path.resolve())]
    path.unlink()
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    assert not window.open_path(str(path.resolve()), ask=False)
    assert errors and window.settings.get(RECENT_FILES) == [] and window.recent_menu.actions() == []


def test_hostile_files_are_refused_by_open_and_tle_import(window, tmp_path, monkeypatch):
    import os

    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    deep = tmp_path / "deep.orbitdesk.json"
    deep.write_text("[" * 50_000 + "]" * 50_000)
    fifo = tmp_path / "fifo.tle"
    os.mkfifo(fifo)
    before = window.document.scenario
    assert not window.open_path(str(deep), ask=False)
    assert not window.import_tle_file(fifo)  # must not hang
    assert not window.import_tle_file("/dev/zero")
    assert len(errors) == 3 and window.document.scenario is before
    assert "FIFO" in errors[1] and window.document.undo_stack.count() == 0


def test_an_omm_file_imports_and_a_bad_one_is_refused_whole(window, tmp_path, monkeypatch):
    """File ▸ Import TLE or OMM set with CelesTrak's JSON form: a shell of its satellites, one
    undo step; a broken OMM adds nothing and says which record."""
    import json

    from PySide6.QtWidgets import QMessageBox
    from sgp4.api import Satrec
    from sgp4.exporter import export_omm

    from orbitdesk.model.tle import parse_tle
    from orbitdesk.paths import resource

    recs = []
    for i, rec in enumerate(parse_tle(resource("tle", "synthetic_walker_550km.tle").read_text())[:4]):
        sat = Satrec.twoline2rv(rec.line1, rec.line2)
        sat.intldesg = f"27{i + 1:03d}A"
        recs.append(export_omm(sat, rec.name))
    good = tmp_path / "set.json"
    good.write_text(json.dumps(recs))
    shells = len(window.document.scenario.shells)
    assert window.import_tle_file(good)
    assert len(window.document.scenario.shells) == shells + 1
    assert window.document.scenario.shells[-1].satellite_count == 4
    recs[2].pop("INCLINATION")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(recs))
    seen = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: seen.append(a[2]))
    assert not window.import_tle_file(bad)
    assert len(window.document.scenario.shells) == shells + 1 and "OMM record 3" in seen[0]


def test_the_data_segment_warning_leads_to_its_field(window):
    """The new warning's field (a shell's latency budget, a station's antennas) is one a click reaches."""
    window.document.edit("shells[0].workload.kind", "inference")
    window.document.edit("shells[0].workload.latency_budget_ms", 20.0)
    (w,) = [w for w in window.kpis.results.warnings if "workload can use only" in w]
    window.show_field(w.field)
    assert window.document.selection[0] == "shells"
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    window.document.edit("ground_stations[0].antennas", 0)
    window.show_field("ground_stations[0].antennas")
    assert window.document.selection == ("ground_stations", 0)
