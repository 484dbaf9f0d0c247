"""Autosave: one file per instance, orphans offered, corrupted files moved aside, failures loud."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import time

import pytest

from orbitdesk.app import autosave
from orbitdesk.app.autosave import Autosaver
from orbitdesk.app.document import ScenarioDocument
from orbitdesk.model import default_scenario, load_scenario
from orbitdesk.model.fileformat import scenario_to_json

AREA = "designs[0].radiator.area_m2"


@pytest.fixture
def doc(qapp):
    return ScenarioDocument(default_scenario())


def edited(area: float):
    d = ScenarioDocument(default_scenario())
    d.edit(AREA, area)
    return d


def own_files(directory):
    return sorted(p.name for p in directory.glob("autosave-*.orbitdesk.json"))


def test_a_running_instance_neither_offers_nor_deletes_another_ones_autosave(qapp, tmp_path):
    first = Autosaver(edited(150.0), tmp_path)
    assert first.save_now()
    assert first.path.name.startswith(f"autosave-{os.getpid()}-")
    assert first.pending() is None  # its own file is not a crashed session's
    second = Autosaver(edited(160.0), tmp_path)
    assert second.path != first.path
    assert second.pending() is None  # first is alive: its lock is held
    assert second.save_now()
    second.discard()  # a clean exit of the second
    assert first.path.exists() and not second.path.exists()
    assert load_scenario(first.path).designs[0].radiator.area_m2 == 150.0
    first.discard()
    assert own_files(tmp_path) == []


def test_the_autosave_of_a_process_that_died_is_offered_once(doc, tmp_path):
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import os
        from PySide6.QtCore import QCoreApplication
        from orbitdesk.app.autosave import Autosaver
        from orbitdesk.app.document import ScenarioDocument
        app = QCoreApplication([])
        d = ScenarioDocument()
        d.edit({AREA!r}, 77.0)
        assert Autosaver(d, {str(tmp_path)!r}).save_now()
        os._exit(0)  # killed: no clean exit
    """)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    [orphan] = tmp_path.glob("autosave-*.orbitdesk.json")
    saver = Autosaver(doc, tmp_path)
    restored = saver.pending()
    assert restored is not None and restored.designs[0].radiator.area_m2 == 77.0
    assert Autosaver(ScenarioDocument(), tmp_path).pending() is None  # claimed: not offered twice
    doc.replace(restored, "Restore autosave")  # what offer_restore does
    saver.discard()
    saver.start()  # a restored document is saved at once under this instance's name
    assert not orphan.exists()
    assert load_scenario(saver.path) == restored
    saver.discard()
    assert Autosaver(ScenarioDocument(), tmp_path).pending() is None


def test_the_newest_orphan_is_offered_first_and_an_older_one_next_time(qapp, tmp_path):
    old, new = Autosaver(edited(111.0), tmp_path), Autosaver(edited(122.0), tmp_path)
    for s in (old, new):
        assert s.save_now()
        s.abandon()
    os.utime(old.path, (time.time() - 60,) * 2)
    first = Autosaver(ScenarioDocument(), tmp_path)
    assert first.pending().designs[0].radiator.area_m2 == 122.0
    first.discard()
    second = Autosaver(ScenarioDocument(), tmp_path)
    assert second.pending().designs[0].radiator.area_m2 == 111.0


CORRUPT = {
    "nested 50,000 levels": ("[" * 50_000 + "]" * 50_000).encode(),
    "a 5,000-digit integer": ('{"format": "orbitdesk.scenario", "version": 1, "scenario": {"name": '
                              + "9" * 5000 + "}}").encode(),
    "binary junk": bytes(range(256)) * 40,
    "nested inside the scenario": ('{"format": "orbitdesk.scenario", "version": 1, "scenario": '
                                   + "{\"a\": " * 50_000 + "1" + "}" * 50_000 + "}").encode(),
    "a valid file of the wrong kind": b'{"format": "something.else"}',
}


@pytest.mark.parametrize("kind", CORRUPT)
def test_a_corrupted_autosave_is_moved_aside_and_the_start_goes_on(qapp, tmp_path, kind, caplog):
    good = Autosaver(edited(133.0), tmp_path)
    assert good.save_now()
    good.abandon()
    os.utime(good.path, (time.time() - 60,) * 2)
    bad = tmp_path / "autosave.orbitdesk.json"  # the newest, in the old single-file name
    bad.write_bytes(CORRUPT[kind])
    starting = Autosaver(ScenarioDocument(), tmp_path)
    with caplog.at_level(logging.ERROR, logger="orbitdesk.autosave"):
        restored = starting.pending()
    assert restored is not None and restored.designs[0].radiator.area_m2 == 133.0  # the older one
    assert not bad.exists()
    [aside] = tmp_path.glob("autosave-*.corrupt.json")
    assert starting.moved_aside == [aside]  # the window can say where it went
    assert aside.read_bytes() == CORRUPT[kind]  # a copy is kept for a bug report
    assert any("could not be read" in r.getMessage() and str(aside) in r.getMessage() for r in caplog.records)


def test_too_large_an_autosave_is_not_read(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(autosave, "MAX_AUTOSAVE_BYTES", 1000)
    (tmp_path / "autosave.orbitdesk.json").write_text(scenario_to_json(default_scenario()))
    assert Autosaver(ScenarioDocument(), tmp_path).pending() is None
    assert len(list(tmp_path.glob("autosave-*.corrupt.json"))) == 1


def test_a_file_that_killed_the_last_start_while_being_read_is_moved_aside_unread(qapp, tmp_path):
    (tmp_path / "autosave-1-20200101T000000.orbitdesk.json.checking").write_text("whatever crashed it")
    assert Autosaver(ScenarioDocument(), tmp_path).pending() is None
    assert [p.read_text() for p in tmp_path.glob("autosave-*.corrupt.json")] == ["whatever crashed it"]


def test_only_the_newest_corrupt_copies_are_kept(qapp, tmp_path):
    for i in range(autosave.KEEP_CORRUPT + 3):
        (tmp_path / f"autosave-{i}.orbitdesk.json").write_bytes(b"\x00junk")
        Autosaver(ScenarioDocument(), tmp_path).pending()
    assert len(list(tmp_path.glob("autosave-*.corrupt.json"))) == autosave.KEEP_CORRUPT


def test_a_folder_that_cannot_be_created_fails_loudly(qapp, tmp_path, caplog):
    (tmp_path / "not-a-folder").write_text("a file where the data folder should be")
    saver = Autosaver(edited(140.0), tmp_path / "not-a-folder" / "data")
    problems = []
    saver.problem.connect(problems.append)
    with caplog.at_level(logging.ERROR, logger="orbitdesk.autosave"):
        assert saver.start().startswith("Autosave failed: cannot create the autosave folder")
        assert not saver.save_now()
    assert "not-a-folder" in saver.last_error and "File ▸ Save" in saver.last_error
    assert problems == [saver.last_error]  # said once, not every minute
    assert any("Autosave failed" in r.getMessage() for r in caplog.records)
    saver.discard()


def test_a_file_that_cannot_be_written_fails_loudly_and_recovers(qapp, tmp_path):
    saver = Autosaver(edited(140.0), tmp_path)
    problems = []
    saver.problem.connect(problems.append)
    saver.path.mkdir()  # something that is not a file sits where the autosave goes
    assert not saver.save_now()
    assert saver.last_error.startswith(f"Autosave failed: cannot write {saver.path}")
    assert list(tmp_path.glob(".*.tmp")) == []  # the temporary file is not left behind
    saver.path.rmdir()
    assert saver.save_now() and saver.last_error == ""
    assert problems[-1] == ""  # the status bar may clear the message
    saver.discard()


def test_stale_temporary_files_are_removed_and_live_ones_kept(qapp, tmp_path):
    dead = tmp_path / ".autosave-999999-20200101T000000.tmp"  # its instance's lock is free
    (tmp_path / "autosave-999999-20200101T000000.lock").write_text("")
    dead.write_text("half")
    old_style = tmp_path / ".autosave.orbitdesk.json.k3j4h5.tmp"  # an interrupted atomic write
    old_style.write_text("half")
    os.utime(old_style, (time.time() - 2 * autosave.STALE_TMP_S,) * 2)
    fresh = tmp_path / ".autosave.orbitdesk.json.x8y9z0.tmp"  # could be being written right now
    fresh.write_text("half")
    running = Autosaver(edited(150.0), tmp_path)
    running_tmp = tmp_path / f".{running.path.name.removesuffix('.orbitdesk.json')}.tmp"
    running_tmp.write_text("being written")
    Autosaver(ScenarioDocument(), tmp_path).pending()
    assert not dead.exists() and not old_style.exists()
    assert fresh.exists() and running_tmp.exists()
    assert not (tmp_path / "autosave-999999-20200101T000000.lock").exists()
    running.discard()


def test_whatever_goes_wrong_looking_for_autosaves_the_start_goes_on(qapp, tmp_path, monkeypatch, caplog):
    def broken(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Autosaver, "_orphans", broken)
    with caplog.at_level(logging.ERROR, logger="orbitdesk.autosave"):
        assert Autosaver(ScenarioDocument(), tmp_path).pending() is None
    assert any("cannot look for autosaves" in r.getMessage() for r in caplog.records)
