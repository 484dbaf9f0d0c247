"""The study model and file: round trip, and bad studies refused naming the input."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from orbitdesk.model import default_scenario
from orbitdesk.model.errors import ScenarioFileError
from orbitdesk.study.spec import (
    Study,
    StudyError,
    StudyInput,
    known_kpi_keys,
    load_study,
    parse_kpi_key,
    save_study,
    study_from_json,
    study_to_json,
    validate_study,
)

NOVA = "New build, Northern Virginia"
# explicit known KPI names: most tests need no evaluate
KNOWN = (frozenset({"cost_per_exaflop_usd", "lifetime_flop", "total_cost_usd"}),
         frozenset({"cost_per_exaflop_usd", "total_cost_usd"}))


@pytest.fixture(scope="module")
def base():
    return default_scenario()


def mc_study(**over) -> Study:
    inputs = (StudyInput(path="launch.cost_usd_per_kg", distribution="lognormal", median=200.0, sigma=0.5,
                         lo=20.0, hi=2000.0, label="Launch price"),
              StudyInput(path="designs[0].solar.specific_power_w_per_kg", distribution="triangular",
                         lo=60.0, mode=110.0, hi=200.0),
              StudyInput(path="designs[0].compute.failure_rate_per_year", distribution="normal",
                         mean=0.09, sd=0.03, lo=0.0, hi=0.3),
              StudyInput(path="designs[0].compute.utilization", distribution="uniform", lo=0.3, hi=0.6))
    fields = {"kpis": ("cost_per_exaflop_usd", f"site:{NOVA}:cost_per_exaflop_usd"), **over}
    return Study(kind="monte_carlo", inputs=inputs, samples=64, seed=7, **fields)


def test_round_trip_through_a_file(tmp_path, base):
    study = mc_study(name="Launch and arrays")
    path = tmp_path / "s.study.json"
    save_study(study, path, base)
    again, embedded = load_study(path)
    assert again == study and embedded == base
    doc = json.loads(path.read_text())
    assert (doc["format"], doc["version"]) == ("orbitdesk.study", 1)
    save_study(study, path)  # without a base
    assert load_study(path) == (study, None)


def test_every_kind_round_trips():
    grid = StudyInput(path="shells[0].altitude_km", lo=400.0, hi=1200.0, n=5, log=True)
    listed = StudyInput(path="launch.cost_usd_per_kg", values=(50.0, 100.0, 500.0))
    studies = [
        Study(kind="sweep", inputs=(grid, listed)),
        Study(kind="tornado", inputs=(grid, listed), kpis=("total_cost_usd",)),
        Study(kind="break_even", inputs=(listed,), target_kpi="cost_per_exaflop_usd", target_site=NOVA,
              xtol=0.5, max_evals=30),
        Study(kind="pareto", inputs=(grid,), objectives=({"kpi": "total_cost_usd", "sense": "min"},
                                                          {"kpi": "lifetime_flop", "sense": "max"})),
        mc_study(),
    ]
    for s in studies:
        assert study_from_json(study_to_json(s), "x") == (s, None)


@pytest.mark.parametrize("change, field, words", [
    (lambda d: d["study"]["inputs"][0].update(lo=3000.0), "study.inputs[0]", "lo (3000) must be below hi"),
    (lambda d: d["study"].update(samples=2_000_000), "study.samples", "less than or equal to 1000000"),
    (lambda d: d["study"].update(kind="bayes"), "study.kind", "sweep"),
    (lambda d: d["study"]["inputs"][1].pop("mode"), "study.inputs[1]", "triangular needs mode"),
    (lambda d: d["study"]["inputs"][0].update(n=5), "study.inputs[0]", "exactly one of"),
    (lambda d: d["study"]["inputs"][3].update(mean=0.5), "study.inputs[3]", "mean is not a parameter of uniform"),
    (lambda d: d["study"].update(kpis=["Cost!"]), "study.kpis", "not a KPI key"),
    (lambda d: d["study"].update(colour="red"), "study.colour", "Extra inputs"),
    (lambda d: d.update(version=2), "version", "newer OrbitDesk"),
    (lambda d: d.update(format="orbitdesk.scenario"), "format", "not an OrbitDesk study"),
    (lambda d: d["scenario"]["scenario"]["launch"].update(cost_usd_per_kg=-1.0),
     "scenario.scenario.launch.cost_usd_per_kg", "greater than or equal to 0"),
])
def test_a_bad_file_is_refused_whole_naming_the_field(base, change, field, words):
    doc = json.loads(study_to_json(mc_study(), base))
    change(doc)
    with pytest.raises(ScenarioFileError) as e:
        study_from_json(json.dumps(doc), "bad.study.json")
    assert e.value.field.startswith(field), e.value.field
    assert words in e.value.problem and str(e.value).startswith("bad.study.json: ")


def test_not_json_and_too_deep():
    with pytest.raises(ScenarioFileError, match="not valid JSON"):
        study_from_json("{", "x")
    with pytest.raises(ScenarioFileError, match="nested"):
        study_from_json("[" * 100 + "]" * 100, "x")


def test_structural_refusals_name_the_input():
    with pytest.raises(ValidationError, match="launch.cost_usd_per_kg: lo .* must be below hi"):
        StudyInput(path="launch.cost_usd_per_kg", lo=500.0, hi=100.0, n=3)
    with pytest.raises(ValidationError, match="log-spaced grid needs lo > 0"):
        StudyInput(path="launch.cost_usd_per_kg", lo=0.0, hi=100.0, n=3, log=True)
    with pytest.raises(ValidationError, match="not a scenario path"):
        StudyInput(path="launch..cost", values=(1.0,))
    with pytest.raises(ValidationError, match="finite number"):
        StudyInput(path="launch.cost_usd_per_kg", values=(float("nan"),))
    x = StudyInput(path="launch.cost_usd_per_kg", values=(1.0, 2.0))
    with pytest.raises(ValidationError, match="sweep varies 1 or 2"):
        Study(kind="sweep", inputs=(x, x.model_copy(update={"path": "a.b"}), x.model_copy(update={"path": "a.c"})))
    with pytest.raises(ValidationError, match="varied twice"):
        Study(kind="tornado", inputs=(x, x))
    with pytest.raises(ValidationError, match="break-even needs target_kpi and target_site"):
        Study(kind="break_even", inputs=(x,))
    with pytest.raises(ValidationError, match="Monte Carlo input needs a distribution"):
        Study(kind="monte_carlo", inputs=(x,))


def test_kpi_keys():
    assert parse_kpi_key("lifetime_flop") == (None, "lifetime_flop")
    assert parse_kpi_key(f"site:{NOVA}:total_cost_usd") == (NOVA, "total_cost_usd")


def test_validate_accepts_a_good_study(base):
    validate_study(mc_study(), base, KNOWN)


@pytest.mark.parametrize("inp, field, words", [
    (StudyInput(path="launch.price_usd", values=(1.0,)), "launch.price_usd", "no such field"),
    (StudyInput(path="shells[3].altitude_km", values=(500.0,)), "shells[3].altitude_km", "no such field"),
    (StudyInput(path="launch.vehicle", values=(1.0,)), "launch.vehicle", "not a number"),
    (StudyInput(path="shells[0].satellite_count", values=(10.0,)), "shells[0].satellite_count", "no such field"),
    (StudyInput(path="launch.capacity_kg.real", values=(1.0,)), "launch.capacity_kg.real", "no such field"),
    (StudyInput(path="designs[0]", values=(1.0,)), "designs[0]", "not a number"),
    (StudyInput(path="designs[0].radiator.area_m2", lo=-10.0, hi=200.0, n=3), "designs[0].radiator.area_m2",
     "refuses -10"),
    (StudyInput(path="designs[0].radiator.area_m2", distribution="normal", mean=120.0, sd=60.0),
     "designs[0].radiator.area_m2", "refuses -"),  # an unbounded normal's draws go negative
    (StudyInput(path="designs[0].compute.gpu_count", lo=10.0, hi=100.0, n=5), "designs[0].compute.gpu_count",
     "whole numbers"),
])
def test_validate_refuses_naming_the_input(base, inp, field, words):
    study = Study(kind="monte_carlo" if inp.is_distribution else "sweep", inputs=(inp,), kpis=("lifetime_flop",))
    with pytest.raises(StudyError) as e:
        validate_study(study, base, KNOWN)
    assert e.value.field == field and words in e.value.message, str(e.value)
    assert isinstance(e.value, ValueError)


def test_validate_refuses_unknown_kpis_and_sites(base):
    with pytest.raises(StudyError, match="unknown orbital KPI 'flops'"):
        validate_study(mc_study(kpis=("flops",)), base, KNOWN)
    with pytest.raises(StudyError, match="no terrestrial site 'Mars'"):
        validate_study(mc_study(kpis=("site:Mars:total_cost_usd",)), base, KNOWN)
    be = Study(kind="break_even", inputs=(StudyInput(path="launch.cost_usd_per_kg", lo=10.0, hi=2000.0, n=2),),
               target_kpi="cost_per_exaflop_usd", target_site="Atlantis", kpis=("total_cost_usd",))
    with pytest.raises(StudyError) as e:
        validate_study(be, base, KNOWN)
    assert e.value.field == "target_site"


def test_known_kpis_come_from_a_real_evaluate(base):
    orbital, site = known_kpi_keys()
    assert {"cost_per_exaflop_usd", "lifetime_flop", "launches", "capex_usd"} <= orbital
    assert {"cost_per_exaflop_usd", "total_cost_usd"} <= site
    validate_study(mc_study(), base)  # the default: those names
