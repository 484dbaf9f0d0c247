"""The orbitdesk command line, run as a user would (subprocesses)."""

import json
import subprocess
import sys

import pytest


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "orbitdesk", *args], capture_output=True, text=True,
                          timeout=120, **kw)


@pytest.fixture(scope="module")
def example_file(tmp_path_factory):
    out = run("example")
    assert out.returncode == 0, out.stderr
    path = tmp_path_factory.mktemp("cli") / "default.orbitdesk.json"
    path.write_text(out.stdout)
    return path


def test_evaluate_prints_a_kpi_table(example_file):
    out = run("evaluate", str(example_file))
    assert out.returncode == 0, out.stderr
    assert "Satellites" in out.stdout and "2,660" in out.stdout
    assert "Colossus 1" in out.stdout and "Cost per exaFLOP [$]" in out.stdout


def test_evaluate_json_has_units_in_keys(example_file):
    out = run("evaluate", "--json", str(example_file))
    doc = json.loads(out.stdout)
    assert doc["orbital"]["satellites"] == 2660
    assert "it_power_w" in doc["orbital"] and "cost_per_exaflop_usd" in doc["orbital"]
    assert set(doc["terrestrial"]) == {"Colossus 1 (Memphis, TN; leased)", "New build, Northern Virginia",
                                       "New build, Dublin (Ireland)", "New build, Frankfurt (Germany)"}


def test_schema_is_json_schema():
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Scenario" and "shells" in schema["properties"]


@pytest.mark.parametrize("content, words", [
    ("{broken", "not valid JSON"),
    ('{"format": "orbitdesk.scenario", "version": 7, "scenario": {}}', "newer OrbitDesk"),
])
def test_bad_file_exits_2_with_one_line(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content)
    out = run("evaluate", str(path))
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and words in lines[0]
    assert "Traceback" not in out.stderr


def test_invalid_field_names_file_and_field(tmp_path, example_file):
    doc = json.loads(example_file.read_text())
    doc["scenario"]["shells"][0]["altitude_km"] = 100
    path = tmp_path / "low.json"
    path.write_text(json.dumps(doc))
    out = run("evaluate", str(path))
    assert out.returncode == 2
    assert "scenario.shells[0].altitude_km" in out.stderr and "150" in out.stderr


def test_missing_file(tmp_path):
    out = run("evaluate", str(tmp_path / "nope.json"))
    assert out.returncode == 2 and "No such file" in out.stderr


def test_a_closed_pipe_is_not_a_traceback(tmp_path):
    """`orbitdesk evaluate FILE | head -3` must not end in a BrokenPipeError traceback."""
    import os
    import subprocess
    import sys

    for command in ("schema", "example"):  # big output fails on a write, small at the exit flush
        cmd = f"'{sys.executable}' -m orbitdesk {command} | true; exit ${{PIPESTATUS[0]}}"  # true reads nothing
        env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as in the bundle
        done = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode == 0, (command, done.returncode, done.stderr)
        assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr


def test_import_adds_an_omm_or_tle_file_as_a_shell(tmp_path, capsys):
    """``orbitdesk import SCENARIO ELEMENTS --out OUT``: headless, as File ▸ Import TLE or OMM set."""
    import json

    from sgp4.api import Satrec
    from sgp4.exporter import export_omm

    from orbitdesk.cli import main
    from orbitdesk.model import default_scenario, load_scenario
    from orbitdesk.model.fileformat import save_scenario
    from orbitdesk.model.tle import parse_tle
    from orbitdesk.paths import resource

    scenario = tmp_path / "s.orbitdesk.json"
    save_scenario(default_scenario(), scenario)
    tle = resource("tle", "synthetic_walker_550km.tle")
    recs = []
    for i, rec in enumerate(parse_tle(tle.read_text())[:3]):
        sat = Satrec.twoline2rv(rec.line1, rec.line2)
        sat.intldesg = f"27{i + 1:03d}A"
        recs.append(export_omm(sat, rec.name))
    omm = tmp_path / "set.json"
    omm.write_text(json.dumps(recs))
    out = tmp_path / "out.orbitdesk.json"
    assert main(["import", str(scenario), str(omm), "--out", str(out)]) == 0
    assert "3 satellites" in capsys.readouterr().out
    assert load_scenario(out).shells[-1].satellite_count == 3
    assert main(["import", str(scenario), str(tle), "--out", str(out)]) == 0
    recs[1]["NORAD_CAT_ID"] = 500_000
    omm.write_text(json.dumps(recs))
    assert main(["import", str(scenario), str(omm), "--out", str(tmp_path / "x.orbitdesk.json")]) == 2
    err = capsys.readouterr().err
    assert "OMM record 2" in err and "nothing was added" in err and not (tmp_path / "x.orbitdesk.json").exists()
    assert main(["import", str(scenario), str(omm), "--out", str(scenario)]) == 2


def test_export_writes_czml_and_oem_headless(tmp_path, capsys):
    """``orbitdesk export SCENARIO --czml F --oem DIR``: written, read back, and bad options refused
    whole (nothing written)."""
    from czml3 import Document
    from oem import OrbitEphemerisMessage

    from orbitdesk.cli import main
    from orbitdesk.model import default_scenario
    from orbitdesk.model.fileformat import save_scenario

    scenario = tmp_path / "s.orbitdesk.json"
    save_scenario(default_scenario(), scenario)
    czml, oem_dir = tmp_path / "c.czml", tmp_path / "oem"
    assert main(["export", str(scenario), "--czml", str(czml), "--oem", str(oem_dir), "--satellites", "3",
                 "--span-h", "2", "--step-s", "30"]) == 0
    out = capsys.readouterr().out
    assert "CZML: 3 satellites, 241 epochs" in out and "OEM: 3 files" in out
    assert len(Document.load(czml).packets) == 1 + 3 + len(default_scenario().ground_stations)
    files = sorted(oem_dir.glob("*.oem"))
    assert len(files) == 3 and len(list(OrbitEphemerisMessage.open(str(files[0])).states)) == 241
    for bad, says in ((["--czml", str(scenario)], "give a .czml name"),
                      (["--oem", str(scenario)], "that is a file"),
                      (["--czml", str(tmp_path / "same.czml"), "--oem", str(tmp_path / "same.czml")], "both"),
                      (["--oem", str(oem_dir)], "already holds 3 OEM files"),
                      (["--czml", str(tmp_path / "nowhere" / "c.czml")], "does not exist"),
                      (["--span-h", "0.001"], "longer than --span-h 0.001 h"),
                      (["--shell", "2"], "shells 1 to 1"), (["--step-s", "0"], "--step-s 0"),
                      (["--span-h", "-1"], "--span-h -1"), (["--satellites", "0"], "--satellites 0"),
                      ([], "give --czml")):
        target = tmp_path / "never.czml"
        given = "--czml" in bad or "--oem" in bad
        assert main(["export", str(scenario), *(["--czml", str(target)] if bad and not given else []), *bad]) == 2
        assert says in capsys.readouterr().err and not target.exists() and not (tmp_path / "same.czml").exists()
    assert scenario.read_text().startswith("{")  # the scenario never overwritten
