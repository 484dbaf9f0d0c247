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
    with pytest.raises(ValidationError, match="greater than 0"):
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
    assert saver.pending() == doc.scenario
    saver.discard()
    assert saver.pending() is None


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
