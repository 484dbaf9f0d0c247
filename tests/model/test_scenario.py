"""The scenario value: validation with messages that name the field, catalogs, round trips."""

import json

import pytest
from pydantic import ValidationError

from orbitdesk.model import (
    Scenario,
    ScenarioFileError,
    catalog,
    describe_validation_error,
    load_scenario,
    provenance,
    save_scenario,
    scenario_from_json,
    scenario_to_json,
    with_value,
)
from orbitdesk.model.catalog import CATALOG_NAMES
from orbitdesk.model.defaults import with_catalog_choice


def message(scenario, path, value) -> str:
    with pytest.raises(ValidationError) as e:
        with_value(scenario, path, value)
    return describe_validation_error(e.value)


@pytest.mark.parametrize("path, value, field, words", [
    ("designs[0].radiator.area_m2", -5.0, "designs[0].radiator.area_m2", "greater than or equal to 0.001"),
    ("designs[0].solar.area_m2", 0.0, "designs[0].solar.area_m2", "greater than or equal to 0.001"),
    ("designs[0].radiator.emissivity", 1.2, "designs[0].radiator.emissivity", "less than or equal to 1"),
    ("shells[0].altitude_km", 120.0, "shells[0].altitude_km", "greater than or equal to 150"),
    ("designs[0].compute.gpu", "RTX-9090", "designs[0].compute.gpu", "unknown gpu 'RTX-9090'"),
    ("designs[0].radiator.coating", "paint", "designs[0].radiator.coating", "unknown coating"),
    ("launch.vehicle", "saturn-v", "launch.vehicle", "unknown launcher"),
    ("shells[0].design", "nope", "(scenario)", "design 'nope', which does not exist"),
    ("designs[0].battery.depth_of_discharge", 1.5, "designs[0].battery.depth_of_discharge", "less than or equal to 1"),
    ("epoch", "2027-01-01T00:00:00", "epoch", "needs a time zone"),
    ("designs[0].compute.gpu_count", 0, "designs[0].compute.gpu_count", "greater than or equal to 1"),
])
def test_invalid_inputs_are_refused_with_a_named_field(scenario, path, value, field, words):
    msg = message(scenario, path, value)
    assert msg.startswith(field + ":"), msg
    assert words in msg, msg


def test_fp8_on_a_gpu_without_fp8_is_refused(scenario):
    s = with_value(scenario, "designs[0].compute.gpu", "TPU-v6e")
    assert "no published FP8" in message(s, "designs[0].compute.precision", "fp8")


def test_walker_must_divide_into_planes(scenario):
    data = scenario.model_dump(mode="json")
    data["shells"] = [{"kind": "walker", "name": "W", "design": scenario.designs[0].name,
                       "altitude_km": 550, "inclination_deg": 53, "total_satellites": 10,
                       "planes": 3, "phasing": 0}]
    with pytest.raises(ValidationError, match="multiple of planes"):
        Scenario.model_validate(data)


def test_placed_satellite_must_reach_its_latitude(scenario):
    data = scenario.model_dump(mode="json")
    data["shells"] = [{"kind": "placed", "name": "P", "design": scenario.designs[0].name,
                       "latitude_deg": 60, "longitude_deg": 0, "altitude_km": 550, "inclination_deg": 53}]
    with pytest.raises(ValidationError, match="never reaches latitude 60"):
        Scenario.model_validate(data)


def test_bad_tle_is_refused(scenario):
    data = scenario.model_dump(mode="json")
    data["shells"] = [{"kind": "tle", "name": "T", "design": scenario.designs[0].name,
                       "tle_text": "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n"}]
    with pytest.raises(ValidationError, match="TLE line"):
        Scenario.model_validate(data)


def test_scenario_is_immutable(scenario):
    with pytest.raises(ValidationError):
        scenario.name = "x"
    with pytest.raises(ValidationError):
        scenario.designs[0].radiator.area_m2 = 1.0


def test_file_round_trip(tmp_path, scenario):
    path = tmp_path / "s.orbitdesk.json"
    save_scenario(scenario, path)
    assert load_scenario(path) == scenario
    assert json.loads(path.read_text())["version"] == 3  # fileformat.VERSION (GPU figures stored, data segment)


@pytest.mark.parametrize("text, field, words", [
    ("{not json", None, "not valid JSON"),
    ('{"format": "something-else"}', "format", "not an OrbitDesk scenario"),
    ('{"format": "orbitdesk.scenario", "version": 99, "scenario": {}}', "version", "newer OrbitDesk"),
    ('{"format": "orbitdesk.scenario", "version": 0, "scenario": {}}', "version", "too old"),
    ('{"format": "orbitdesk.scenario", "version": "1", "scenario": {}}', "version", "whole number"),
])
def test_bad_files_are_refused_whole(tmp_path, text, field, words):
    path = tmp_path / "bad.orbitdesk.json"
    path.write_text(text)
    with pytest.raises(ScenarioFileError) as e:
        load_scenario(path)
    assert e.value.field == field and words in e.value.problem
    assert str(e.value).startswith(str(path))


def test_invalid_value_in_file_names_field(tmp_path, scenario):
    doc = json.loads(scenario_to_json(scenario))
    doc["scenario"]["designs"][0]["radiator"]["emissivity"] = 1.3
    with pytest.raises(ScenarioFileError) as e:
        scenario_from_json(json.dumps(doc), "x.json")
    assert e.value.field == "scenario.designs[0].radiator.emissivity"
    assert "1.3" in e.value.problem


def test_failed_save_leaves_the_old_file(tmp_path, scenario, monkeypatch):
    path = tmp_path / "s.orbitdesk.json"
    save_scenario(scenario, path)
    before = path.read_text()
    import orbitdesk.model.fileformat as ff

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(ff.os, "replace", boom)
    with pytest.raises(OSError):
        save_scenario(with_value(scenario, "name", "changed"), path)
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind


def test_saved_file_mode_follows_umask_or_the_old_file(tmp_path, scenario):
    """The temporary file starts at 0600; the saved file must not stay private by accident."""
    import os

    path = tmp_path / "s.orbitdesk.json"
    old = os.umask(0o022)
    try:
        save_scenario(scenario, path)
        assert path.stat().st_mode & 0o777 == 0o644
        path.chmod(0o640)
        save_scenario(scenario, path)
        assert path.stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode
    finally:
        os.umask(old)


@pytest.mark.parametrize("name", CATALOG_NAMES)
def test_every_catalog_value_has_unit_tag_and_source(name):
    for e in catalog(name).values():
        for field, v in e.fields.items():
            assert v.tag in ("published", "derived", "assumed"), (e.key, field)
            assert v.source.strip(), (e.key, field)


def test_provenance_of_defaults(scenario):
    assert provenance("radiator", "emissivity", "starcloud").source.startswith("Starcloud")
    assert provenance("compute", "tdp_w", "H100-SXM").tag == "published"
    assert provenance("radiator", "area_m2").tag == "derived"
    assert provenance("shell", "altitude_km").tag == "published"


def test_published_ranges_hold_their_values_and_name_a_source(scenario):
    """Issue 10 item 7: a catalog range brackets the value and says where it comes from; a
    range that does not is refused when the catalog loads."""
    from orbitdesk.model.catalog import Sourced

    ranged = [(n, e.key, f) for n in CATALOG_NAMES for e in catalog(n).values()
              for f, v in e.fields.items() if v.has_range]
    assert len(ranged) >= 10
    for name, key, f in ranged:
        v = catalog(name)[key].fields[f]
        assert v.low <= v.value <= v.high and v.range_source.strip(), (name, key, f)
    with pytest.raises(ValueError, match="low <= value <= high"):
        Sourced(5.0, "kg/m2", "assumed", "x", low=6.0, high=7.0, range_source="y")
    with pytest.raises(ValueError, match="its source"):
        Sourced(5.0, "kg/m2", "assumed", "x", low=4.0, high=7.0)


def test_path_provenance_follows_the_part_the_path_names(scenario):
    from orbitdesk.model.defaults import path_provenance

    launch = path_provenance(scenario, "launch.cost_usd_per_kg")  # the scenario's vehicle (Starship)
    assert (launch.value, launch.low, launch.high) == (200, 33, 300)
    falcon = with_catalog_choice(scenario, "launch.vehicle", "falcon-9")
    assert (path_provenance(falcon, "launch.cost_usd_per_kg").low,
            path_provenance(falcon, "launch.cost_usd_per_kg").high) == (3600, 3770)  # SpaceNews
    assert path_provenance(scenario, "designs[0].radiator.emissivity").source.startswith("Starcloud")
    assert path_provenance(scenario, "designs[0].compute.utilization").high == pytest.approx(0.462)
    assert path_provenance(scenario, "shells[0].altitude_km").low == 500.0
    assert path_provenance(scenario, "terrestrial[1].capex_usd_per_w").high == 15.0
    assert not path_provenance(scenario, "designs[0].solar.cost_usd_per_w").has_range
    for missing in ("designs[9].solar.area_m2", "nonsense", "designs[0].solar.nothing", "shells[3].altitude_km"):
        assert path_provenance(scenario, missing) is None, missing


def test_analysis_must_end_inside_the_ephemeris(scenario):
    with pytest.raises(ValidationError, match="end of the bundled Sun ephemeris"):
        with_value(scenario, "epoch", "2045-01-01T00:00:00Z")


def test_every_problem_of_a_refused_file_is_named_not_counted(scenario):
    """Issue 8: "…and 1 more problem(s)" hid the second problem."""
    from pydantic import ValidationError

    from orbitdesk.model import Scenario
    from orbitdesk.model.errors import describe_validation_error

    data = scenario.model_dump(mode="json")
    data["designs"][0]["radiator"]["emissivity"] = -1
    data["designs"][0]["battery"]["depth_of_discharge"] = 7
    with pytest.raises(ValidationError) as e:
        Scenario.model_validate(data)
    text = describe_validation_error(e.value)
    assert "more problem" not in text
    assert "designs[0].battery.depth_of_discharge" in text and "designs[0].radiator.emissivity" in text


def test_data_segment_defaults_are_the_catalogs(scenario):
    """The data segment's model defaults (links, workload, station terminals, network) are the
    values design_defaults.json gives with their sources, so the tooltips tell the truth."""
    parts = {"links": scenario.designs[0].links, "workload": scenario.shells[0].workload,
             "ground_stations": scenario.ground_stations[0], "network": scenario.network}
    for section, part in parts.items():
        fields = catalog("design_defaults")[section].fields
        for name, src in fields.items():
            if name in type(part).model_fields and name != "min_elevation_deg":
                assert getattr(part, name) == src.value, (section, name)
        numeric = [n for n, f in type(part).model_fields.items()
                   if f.annotation in (int, float) or "float" in str(f.annotation) or "int" in str(f.annotation)]
        missing = [n for n in numeric if n not in fields and n not in ("latitude_deg", "longitude_deg")]
        assert not missing, (section, missing)
