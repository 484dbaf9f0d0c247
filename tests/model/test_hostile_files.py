"""Files that are not scenarios, or hostile ones, are refused with ScenarioFileError naming the
limit; saves write through links, refuse read-only files and clean up after interrupted saves."""

import json
import os
import time

import pytest

from orbitdesk.model import ScenarioFileError, load_scenario, save_scenario, scenario_to_json, with_value
from orbitdesk.model import fileformat as ff


def _write(tmp_path, text, name="s.orbitdesk.json"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, words", [
    ("[" * 50_000 + "]" * 50_000, f"at most {ff.MAX_NESTING}"),
    ('{"a": ' * 1_000 + "1" + "}" * 1_000, "nested 1000 levels"),
    ('{"format": "orbitdesk.scenario", "version": ' + "9" * 5_000 + "}", "digits"),
])
def test_unreadable_json_is_a_scenario_file_error(tmp_path, text, words):
    path = _write(tmp_path, text)
    with pytest.raises(ScenarioFileError) as e:
        load_scenario(path)
    assert words in e.value.problem and str(path) in str(e.value)


def test_brackets_inside_strings_do_not_count_as_nesting(scenario):
    doc = json.loads(scenario_to_json(scenario))
    doc["scenario"]["name"] = "[[[[{{{{" * 10 + '\\"' + "]]]]"
    assert ff.nesting_depth(json.dumps(doc)) == ff.nesting_depth(scenario_to_json(scenario)) == 5
    assert ff.scenario_from_json(json.dumps(doc)).name == doc["scenario"]["name"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.orbitdesk.json"
    with open(path, "wb") as f:
        f.truncate(ff.MAX_FILE_BYTES + 1)  # sparse: costs no disk

    def no_open(*a, **k):
        raise AssertionError("opened before the size check")

    with monkeypatch.context() as m:
        m.setattr(ff.os, "open", no_open)
        m.setattr(ff.Path, "read_text", no_open)
        with pytest.raises(ScenarioFileError) as e:
            load_scenario(path)
    assert f"{ff.MAX_FILE_BYTES:,}-byte" in e.value.problem and "64 MiB" in e.value.problem


def test_read_stops_one_byte_past_the_limit(tmp_path):
    path = _write(tmp_path, "x" * 101)
    with pytest.raises(ScenarioFileError, match="100-byte"):
        ff.read_text_bounded(path, limit=100)
    assert ff.read_text_bounded(path, limit=101) == "x" * 101


@pytest.mark.parametrize("make, words", [
    (lambda p: os.mkfifo(p), "not a regular file"),
    (lambda p: p.mkdir(), "is a folder"),
])
def test_fifos_and_folders_are_refused_without_blocking(tmp_path, make, words):
    path = tmp_path / "odd.orbitdesk.json"
    make(path)
    t0 = time.monotonic()
    with pytest.raises(ScenarioFileError) as e:
        load_scenario(path)  # a blocking open of a FIFO with no writer would hang here
    assert words in e.value.problem and time.monotonic() - t0 < 5


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="POSIX device")
def test_a_device_is_refused():
    with pytest.raises(ScenarioFileError, match="not a regular file"):
        load_scenario("/dev/zero")


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "bin.orbitdesk.json"
    path.write_bytes(b"\xff\xfe{}")
    with pytest.raises(ScenarioFileError, match="UTF-8"):
        load_scenario(path)


# --- saves ----------------------------------------------------------------------------------


def test_a_250_character_name_can_be_saved(tmp_path, scenario):
    path = tmp_path / ("n" * (250 - len(ff.SUFFIX)) + ff.SUFFIX)
    assert len(path.name) == 250
    save_scenario(scenario, path)
    assert load_scenario(path) == scenario


def test_saving_to_a_symlink_writes_through_to_its_target(tmp_path, scenario):
    real = tmp_path / "real" / "s.orbitdesk.json"
    real.parent.mkdir()
    save_scenario(scenario, real)
    link = tmp_path / "link.orbitdesk.json"
    link.symlink_to(real)
    changed = with_value(scenario, "name", "changed")
    save_scenario(changed, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_scenario(real).name == "changed"
    assert sorted(p.name for p in real.parent.iterdir()) == ["s.orbitdesk.json"]  # no temp left


def test_a_dangling_symlink_creates_its_target(tmp_path, scenario):
    real = tmp_path / "new.orbitdesk.json"
    link = tmp_path / "link.orbitdesk.json"
    link.symlink_to(real)
    save_scenario(scenario, link)
    assert link.is_symlink() and load_scenario(real) == scenario


def test_a_read_only_file_is_refused_not_replaced(tmp_path, scenario):
    path = tmp_path / "s.orbitdesk.json"
    save_scenario(scenario, path)
    before = path.read_text()
    path.chmod(0o444)
    with pytest.raises(PermissionError) as e:
        save_scenario(with_value(scenario, "name", "changed"), path)
    assert str(path) in str(e.value) and "read-only" in str(e.value)
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_stale_temporary_files_are_removed_on_the_next_save(tmp_path, scenario):
    path = tmp_path / "s.orbitdesk.json"
    old = tmp_path / f"{ff.TEMP_PREFIX}0123456789abcdef{ff.TEMP_SUFFIX}"
    young = tmp_path / f"{ff.TEMP_PREFIX}fedcba9876543210{ff.TEMP_SUFFIX}"  # a save in progress
    other = tmp_path / ".notes.txt"
    legacy = tmp_path / f".{path.name}.k3j_x9qa.tmp"  # what versions before this one left behind
    for p in (old, young, other, legacy):
        p.write_text("partial")
    stale = time.time() - ff.STALE_TEMP_S - 60
    for p in (old, other, legacy):
        os.utime(p, (stale, stale))
    save_scenario(scenario, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, young.name, other.name])


def test_saves_leave_old_or_new_and_modes(tmp_path, scenario):
    """Keep: the mode follows the old file (through a link too)."""
    real = tmp_path / "s.orbitdesk.json"
    save_scenario(scenario, real)
    real.chmod(0o640)
    link = tmp_path / "l.orbitdesk.json"
    link.symlink_to(real)
    save_scenario(with_value(scenario, "name", "again"), link)
    assert real.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("key, value, words", [
    ("designs", [1] * 2_000_000, "scenario.designs: 2,000,000 items; no list in a scenario file holds more than 1,000"),
    ("launch", {f"k{i}": 1 for i in range(200_000)}, "scenario.launch: 200,000 keys"),
])
def test_huge_lists_and_objects_are_refused_before_validation(scenario, key, value, words):
    """Validation would report (and hold) one error per item: 5,000,000 took 97 s and 6.9 GB."""
    doc = json.loads(scenario_to_json(scenario))
    doc["scenario"][key] = value
    t0 = time.monotonic()
    with pytest.raises(ScenarioFileError) as e:
        ff.scenario_from_json(json.dumps(doc), "big.json")
    assert words in str(e.value) and time.monotonic() - t0 < 10


def test_a_read_only_folder_is_named(tmp_path, scenario, monkeypatch):
    """(Simulated: as root the folder's mode would not stop the write.)"""
    real_open = os.open

    def refusing(path, flags, *a):
        if flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *a)

    monkeypatch.setattr(ff.os, "open", refusing)
    with pytest.raises(PermissionError) as e:
        save_scenario(scenario, tmp_path / "s.orbitdesk.json")
    assert f"cannot write in the folder {tmp_path}" in str(e.value)


def test_a_missing_folder_is_named_not_the_temporary_file(tmp_path, scenario):
    """A new user's finding: the message named the save's temporary file."""
    target = tmp_path / "nowhere" / "s.orbitdesk.json"
    with pytest.raises(FileNotFoundError) as e:
        save_scenario(scenario, target)
    assert f"the folder {target.parent} does not exist" in str(e.value) and str(target) in str(e.value)
    assert ".orbitdesk-" not in str(e.value)


def test_a_bad_item_is_named_without_its_tuple_coming_out_short():
    """A new user's find: a negative array area also printed "also designs: Tuple should have at
    least 1 item after validation, not 0" (the tuple was short only because its item failed)."""
    from orbitdesk.model import default_scenario

    doc = json.loads(scenario_to_json(default_scenario()))
    doc["scenario"]["designs"][0]["solar"]["area_m2"] = -5
    with pytest.raises(ScenarioFileError) as e:
        ff.scenario_from_json(json.dumps(doc))
    assert str(e.value).endswith("scenario.designs[0].solar.area_m2: Input should be greater than or equal to 0.001 "
                                 "(got -5)")
    doc = json.loads(scenario_to_json(default_scenario()))
    doc["scenario"]["shells"] = []
    with pytest.raises(ScenarioFileError, match=r"scenario\.shells: needs at least 1, has 0$"):
        ff.scenario_from_json(json.dumps(doc))
