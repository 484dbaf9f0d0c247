"""ScenarioDocument, undo commands, compute runner, autosave, settings (Qt without widgets)."""

from __future__ import annotations

import threading

import pytest
from pydantic import ValidationError

from orbitdesk.app.autosave import Autosaver
from orbitdesk.app.document import ScenarioDocument
from orbitdesk.app.runner import ComputeRunner
from orbitdesk.app.settings import RECENT_FILES, Settings
from orbitdesk.model import ScenarioFileError, default_scenario

AREA = "designs[0].radiator.area_m2"


@pytest.fixture
def doc(qapp):
    return ScenarioDocument(default_scenario())


def test_edit_is_undoable_and_exact(doc):
    before = doc.value(AREA)
    doc.edit(AREA, 150.0)
    assert doc.value(AREA) == 150.0 and doc.modified
    doc.undo_stack.undo()
    assert doc.value(AREA) == before and not doc.modified
    assert doc.scenario == default_scenario()
    doc.undo_stack.redo()
    assert doc.value(AREA) == 150.0


def test_invalid_edit_applies_nothing(doc):
    seen = []
    doc.changed.connect(seen.append)
    with pytest.raises(ValidationError, match="greater than"):
        doc.edit(AREA, -1.0)
    assert seen == [] and doc.undo_stack.count() == 0 and not doc.modified


def test_drag_merges_into_one_step_until_it_ends(doc):
    for v in (100.0, 110.0, 125.5):
        doc.edit(AREA, v, merge=True)
    assert doc.undo_stack.count() == 1
    doc.end_merge()
    doc.edit(AREA, 130.0, merge=True)
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.value(AREA) == 125.5
    doc.undo_stack.undo()
    assert doc.scenario == default_scenario()


def test_one_edit_one_changed_signal(doc):
    seen = []
    doc.changed.connect(seen.append)
    doc.edit(AREA, 150.0)
    assert len(seen) == 1 and seen[0] is doc.scenario


def test_save_open_round_trip(doc, tmp_path):
    doc.edit(AREA, 151.5)
    path = doc.save(tmp_path / "a.orbitdesk.json")
    assert not doc.modified
    other = ScenarioDocument()
    other.open(path)
    assert other.scenario == doc.scenario and other.path == path


def test_bad_file_leaves_the_document_as_it_was(doc, tmp_path):
    doc.edit(AREA, 151.5)
    bad = tmp_path / "bad.orbitdesk.json"
    bad.write_text('{"format": "orbitdesk.scenario", "version": 1, "scenario": {"name": ""}}')
    before = doc.scenario
    with pytest.raises(ScenarioFileError, match="bad.orbitdesk.json"):
        doc.open(bad)
    assert doc.scenario is before and doc.modified and doc.path is None


def test_runner_sync_emits_both_stages(qapp):
    runner = ComputeRunner(threaded=False)
    got = []
    runner.firstStage.connect(lambda i, r: got.append(("first", i)))
    runner.ready.connect(lambda i, r: got.append(("ready", i, r.kpis["satellites"])))
    rid = runner.request(default_scenario())
    assert got == [("first", rid), ("ready", rid, 2660.0)]


def test_runner_drops_stale_results(qtbot):
    """A slow first request is superseded by a second: only the second's results arrive."""
    gate = threading.Event()

    def slow_full(scenario, first):
        if scenario.name == "old":
            gate.wait(5)
        return scenario.name

    runner = ComputeRunner(first_stage=lambda s: s.name, full=slow_full)
    got = []
    runner.ready.connect(lambda i, r: got.append(r))
    runner.request(default_scenario().model_copy(update={"name": "old"}))
    with qtbot.waitSignal(runner.ready, timeout=5000):
        runner.request(default_scenario().model_copy(update={"name": "new"}))
        gate.set()
    qtbot.wait(100)  # let the old request's result arrive, if it were going to
    runner.shutdown()
    assert got == ["new"]


def test_autosave_and_restore(doc, tmp_path):
    saver = Autosaver(doc, tmp_path)
    assert not saver.save_now() and saver.pending() is None  # nothing unsaved
    doc.edit(AREA, 152.0)
    assert saver.save_now()
    assert saver.pending() is None  # its own file is not a crashed session's
    saver.abandon()  # as a crash would: the file stays, the lock goes
    restarted = Autosaver(doc, tmp_path)
    assert restarted.pending() == doc.scenario
    restarted.discard()
    assert Autosaver(doc, tmp_path).pending() is None


def test_settings_recent_files(tmp_path):
    s = Settings(tmp_path / "s.ini")
    for i in range(12):
        s.add_recent(tmp_path / f"{i}.orbitdesk.json")
    recent = s.get(RECENT_FILES)
    assert len(recent) == 8 and recent[0].endswith("11.orbitdesk.json")
    assert Settings(tmp_path / "s.ini").get(RECENT_FILES) == recent


def test_drag_back_to_the_start_leaves_no_step(doc):
    before = doc.value(AREA)
    doc.edit(AREA, before + 5, merge=True)
    doc.edit(AREA, before, merge=True)
    assert doc.undo_stack.count() == 0 and not doc.modified


# --- the document owns the selection (issue 8: an edit with "Launch & economics" selected
# raised inside the undo command and took PySide down) -------------------------------------------

def test_edit_undo_redo_with_launch_selected(doc):
    doc.select("launch", 0)
    doc.edit("launch.cost_usd_per_kg", 300.0)
    doc.edit(AREA, 150.0)
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    assert doc.selection == ("launch", 0) and doc.value("launch.cost_usd_per_kg") == 300.0


@pytest.mark.parametrize("section", ["shells", "designs", "ground_stations", "terrestrial", "launch"])
def test_every_selection_survives_edits_and_deletions(doc, section):
    from orbitdesk.app import placing

    doc.select(section, 99)  # past the end: clamped to the last part
    n = len(getattr(doc.scenario, section)) if section != "launch" else 1
    assert doc.selection == (section, n - 1 if section != "launch" else 0)
    if section in ("ground_stations", "terrestrial"):
        for _ in range(n):  # delete them all: the selection falls back to a shell
            doc.replace(placing.remove_part(doc.scenario, section, 0), "Delete")
        assert doc.selection == ("shells", 0)
        while doc.undo_stack.canUndo():
            doc.undo_stack.undo()
        assert doc.scenario == default_scenario()


def test_a_failing_view_leaves_the_document_and_the_stack_as_they_were(doc, monkeypatch):
    import sys

    doc.edit(AREA, 150.0)
    doc.edit(AREA, 160.0)
    doc.undo_stack.undo()  # a redo step exists: a failed edit must not drop it
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda *a: reported.append(a[1]))
    original = doc._set_scenario

    def failing(scenario, selection=None):
        original(scenario, selection)
        raise RuntimeError("a view failed")

    monkeypatch.setattr(doc, "_set_scenario", failing)
    assert doc.replace(doc.scenario.model_copy(update={"name": "X"}), "Rename") is False
    monkeypatch.undo()
    assert len(reported) == 1 and doc.value(AREA) == 150.0
    assert doc.undo_stack.count() == 2 and doc.undo_stack.index() == 1 and doc.undo_stack.canRedo()


def test_an_edit_with_a_selection_is_one_step_and_undo_restores_both(doc):
    from orbitdesk.app import placing

    new, copy = placing.duplicate_design(doc.scenario, 0)
    selections, changes = [], []
    doc.selectionChanged.connect(lambda *s: selections.append(s))
    doc.changed.connect(changes.append)
    doc.replace(new, "Duplicate", select=("designs", copy))
    assert doc.selection == ("designs", copy) and len(changes) == 1 and len(selections) == 1
    doc.undo_stack.undo()
    assert doc.selection == ("shells", 0) and doc.scenario == default_scenario()


def test_the_shown_shell_follows_the_design_being_edited(doc):
    from orbitdesk.app import placing

    s, copy = placing.duplicate_design(doc.scenario, 0)
    s, shell = placing.place_shell(s, 10.0, 20.0, "walker", 550.0, 53.0, 10)
    s = s.model_copy(update={"shells": s.shells[:shell] + (s.shells[shell].model_copy(
        update={"design": s.designs[copy].name}),)})
    doc.replace(s, "setup")
    doc.select("shells", 0)
    doc.select("designs", copy)  # the copy is flown only by the new shell
    assert doc.selected_shell() == shell and doc.selected_design() == copy
    doc.select("designs", 0)  # the original: flown by shell 0
    assert doc.selected_shell() == 0
