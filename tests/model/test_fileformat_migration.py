"""A self-contained scenario (issue 9 item 8): the GPU's TDP and dense peaks are stored in the
scenario, a version-1 file (without them) takes them from the catalog when it is read and is saved
as the current version, and a catalog update never changes a saved scenario's results."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest

from orbitdesk.core import evaluate
from orbitdesk.model import with_value
from orbitdesk.model.catalog import GPU_FIGURES, Sourced, catalog
from orbitdesk.model.errors import ScenarioFileError
from orbitdesk.model.fileformat import (
    MAX_ITEMS,
    VERSION,
    load_scenario,
    save_scenario,
    scenario_from_json,
    scenario_to_json,
)

V1_FILE = Path(__file__).parent / "data" / "v1_default.orbitdesk.json"  # saved by OrbitDesk e0f387c
FIGURES = tuple(GPU_FIGURES)
# NVIDIA H100 SXM datasheet: 700 W, 989 TFLOP/s BF16 dense, 1,979 TFLOP/s FP8 dense (REFERENCE_DATA.md,
# GPUs); Google Cloud TPU v6e (Trillium) documentation: 918 TFLOP/s BF16, no FP8 figure
H100 = {"gpu_tdp_w": 700.0, "gpu_bf16_peak_flop_per_s": 989e12, "gpu_fp8_peak_flop_per_s": 1979e12}
TPU_BF16_FLOP_PER_S = 918e12
# NVIDIA B200 (DGX B200 / HGX B200 figures per GPU): 1,000 W, 2.25 PFLOP/s BF16 dense, 4.5 PFLOP/s FP8 dense
B200 = {"gpu_tdp_w": 1000.0, "gpu_bf16_peak_flop_per_s": 2.25e15, "gpu_fp8_peak_flop_per_s": 4.5e15}
REL = 1e-12  # a stored figure is the catalog's number times an exact power of ten


def _v1_text_of(scenario) -> str:
    """What OrbitDesk 1 wrote for ``scenario``: version 1, no GPU figures in the payloads."""
    doc = json.loads(scenario_to_json(scenario))
    doc["version"] = 1
    for design in doc["scenario"]["designs"]:
        for name in FIGURES:
            del design["compute"][name]
    return json.dumps(doc)


def _kpis(scenario) -> dict:
    r = evaluate(scenario)
    return {"orbital": r.kpis, **r.terrestrial_kpis}


def _assert_same_kpis(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for side in a:
        assert a[side].keys() == b[side].keys(), side
        for key, value in a[side].items():
            if value is None:
                assert b[side][key] is None, (side, key)
            else:
                assert b[side][key] == pytest.approx(value, rel=REL), (side, key)


def _update_catalog(monkeypatch) -> None:
    """A catalog update: the H100's entry now states other figures (twice the TDP, other peaks)."""
    old = catalog("gpus")["H100-SXM"]
    fields = dict(old.fields)
    for name, value in (("tdp_w", 1400), ("bf16_dense_tflops", 1500), ("fp8_dense_tflops", 3000)):
        fields[name] = dataclasses.replace(fields[name], value=value)
    fields["note"] = Sourced("test", "", "assumed", "a catalog update in a test")
    monkeypatch.setitem(catalog("gpus"), "H100-SXM", dataclasses.replace(old, fields=fields))


def test_a_version_2_file_reads_with_the_data_segment_defaults(scenario):
    """Version 3 adds the data segment with defaults: a version-2 document (no links, workloads,
    station terminals or network) reads as the same scenario with those defaults."""
    from orbitdesk.model.fileformat import scenario_from_json

    doc = json.loads(scenario_to_json(scenario))
    v2 = doc["scenario"]
    for d in v2["designs"]:
        d.pop("links")
    for s in v2["shells"]:
        s.pop("workload")
    for g in v2["ground_stations"]:
        for k in ("antennas", "dish_m", "system_noise_k", "optical_aperture_m", "clear_sky_fraction",
                  "cost_usd_per_year"):
            g.pop(k)
    v2.pop("network")
    doc["version"] = 2
    assert scenario_from_json(json.dumps(doc)) == scenario


def test_the_current_version_stores_the_gpu_figures(scenario):
    doc = json.loads(scenario_to_json(scenario))
    assert doc["version"] == VERSION == 3
    compute = doc["scenario"]["designs"][0]["compute"]
    assert compute["gpu"] == "H100-SXM"
    for name, value in H100.items():
        assert compute[name] == pytest.approx(value, rel=REL), name


def test_a_version_1_file_migrates_with_the_catalog_figures():
    s = load_scenario(V1_FILE)
    h100, tpu = (d.compute for d in s.designs)
    for name, value in H100.items():
        assert getattr(h100, name) == pytest.approx(value, rel=REL), name
    assert tpu.gpu_bf16_peak_flop_per_s == pytest.approx(TPU_BF16_FLOP_PER_S, rel=REL)
    assert tpu.gpu_fp8_peak_flop_per_s is None  # none published: FP8 stays refused
    assert tpu.gpu_unit_cost_usd == 15000.0  # what the file says is kept


def test_a_migrated_file_saves_as_the_current_version(tmp_path):
    s = load_scenario(V1_FILE)
    path = tmp_path / "migrated.orbitdesk.json"
    save_scenario(s, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == VERSION
    assert all(set(FIGURES) <= set(d["compute"]) for d in doc["scenario"]["designs"])
    assert load_scenario(path) == s


def test_a_version_1_file_reads_as_the_scenario_it_was(scenario):
    """The current default written as version 1 (no figures) reads back as the same scenario."""
    assert scenario_from_json(_v1_text_of(scenario)) == scenario


def test_a_catalog_update_does_not_change_a_saved_scenario(tmp_path, scenario, monkeypatch):
    path = tmp_path / "s.orbitdesk.json"
    save_scenario(scenario, path)
    before = _kpis(load_scenario(path))
    _update_catalog(monkeypatch)
    assert catalog("gpus")["H100-SXM"]["tdp_w"] == 1400
    loaded = load_scenario(path)
    assert loaded.designs[0].compute.gpu_tdp_w == 700.0
    _assert_same_kpis(before, _kpis(loaded))


def test_the_catalog_update_reaches_only_files_without_figures(scenario, monkeypatch):
    """The update is real: a version-1 file (no figures of its own) reads the updated catalog, and
    its results differ; a stored scenario keeps its own."""
    _update_catalog(monkeypatch)
    migrated = scenario_from_json(_v1_text_of(scenario))
    assert migrated.designs[0].compute.gpu_tdp_w == 1400.0
    assert migrated.designs[0].compute.gpu_bf16_peak_flop_per_s == pytest.approx(1.5e15, rel=REL)
    old, new = evaluate(scenario).kpis, evaluate(migrated).kpis
    assert new["it_power_w"] > old["it_power_w"]


def test_the_core_uses_the_stored_figures(scenario):
    """An edited TDP changes the IT power by exactly the GPUs × the change (the catalog says 700 W)."""
    edited = with_value(scenario, "designs[0].compute.gpu_tdp_w", 800.0)
    old, new = evaluate(scenario).kpis, evaluate(edited).kpis
    assert new["it_power_w"] - old["it_power_w"] == pytest.approx(old["gpus"] * 100.0, rel=1e-9)
    # twice the peak at the same TDP: the same heat and power, twice the FLOP
    faster = with_value(scenario, "designs[0].compute.gpu_bf16_peak_flop_per_s", 2 * 989e12)
    assert evaluate(faster).kpis["lifetime_flop"] == pytest.approx(2 * old["lifetime_flop"], rel=1e-9)


def test_changing_the_gpu_brings_its_figures(scenario):
    s = with_value(scenario, "designs[0].compute.gpu", "B200")
    for name, value in B200.items():
        assert getattr(s.designs[0].compute, name) == pytest.approx(value, rel=REL), name
    assert s.designs[0].compute.gpu_unit_cost_usd == scenario.designs[0].compute.gpu_unit_cost_usd
    # an edited figure stays the user's until the GPU changes again
    s = with_value(s, "designs[0].compute.gpu_tdp_w", 1200.0)
    assert with_value(s, "designs[0].compute.gpu_count", 10).designs[0].compute.gpu_tdp_w == 1200.0
    tpu = with_value(s, "designs[0].compute.gpu", "TPU-v6e").designs[0].compute
    assert tpu.gpu_fp8_peak_flop_per_s is None
    assert tpu.gpu_bf16_peak_flop_per_s == pytest.approx(TPU_BF16_FLOP_PER_S, rel=REL)


def test_choosing_a_gpu_from_the_catalog_brings_its_figures(scenario):
    from orbitdesk.model.defaults import with_catalog_choice

    s = with_catalog_choice(scenario, "designs[0].compute.gpu", "B200")
    assert s.designs[0].compute.gpu_tdp_w == B200["gpu_tdp_w"]


@pytest.mark.parametrize("scenario_part, where", [
    ({"designs": [{"compute": {"gpu": ["H100-SXM"]}}]}, "scenario."),
    ({"designs": [{"compute": "H100-SXM"}]}, "scenario."),
    ({"designs": [7]}, "scenario."),
    ({"designs": {"compute": {}}}, "scenario."),
    ({"designs": [{"compute": {"gpu": "H999"}}]}, "scenario."),
    ({"designs": list(range(MAX_ITEMS + 1))}, "scenario.designs"),
])
def test_a_malformed_version_1_file_is_refused_not_crashed(scenario_part, where):
    text = json.dumps({"format": "orbitdesk.scenario", "version": 1, "scenario": scenario_part})
    with pytest.raises(ScenarioFileError) as e:
        scenario_from_json(text, "bad.orbitdesk.json")
    assert where in str(e.value)


def test_migration_does_not_touch_its_input(scenario):
    doc = json.loads(_v1_text_of(scenario))
    kept = copy.deepcopy(doc)
    from orbitdesk.model.fileformat import MIGRATIONS

    migrated = MIGRATIONS[1](doc)
    assert doc == kept
    assert set(FIGURES) <= set(migrated["scenario"]["designs"][0]["compute"])
