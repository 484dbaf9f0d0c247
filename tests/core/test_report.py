"""The KPI table's rows: grouped, per-satellite rows really per satellite, counts as integers,
plain-language descriptions for tooltips, and the same cells for the CLI, the GUI and CSV."""

import csv
import io

import pytest

from orbitdesk.core import evaluate, satellite_budget
from orbitdesk.report import GROUP_NAMES, ROWS, fmt_count, kpi_cells, kpi_csv, kpi_sections


@pytest.fixture(scope="module")
def results(scenario):
    return evaluate(scenario)


def _cell(results, key, column=1):
    _, rows = kpi_cells(results)
    return rows[[r.key for r in ROWS].index(key)][column]


def test_rows_are_ordered_by_group():
    order = [GROUP_NAMES.index(r.group) for r in ROWS]
    assert order == sorted(order) and set(order) == set(range(len(GROUP_NAMES)))
    assert len({r.key for r in ROWS}) == len(ROWS)


def test_every_row_has_a_description_without_internal_keys():
    for r in ROWS:
        assert len(r.description) > 20, r.key
        assert r.key not in r.description and "_" not in r.description, r.key


def test_every_row_has_a_value_for_the_default(results):
    for r in ROWS:
        if r.orbital:
            assert r.key in results.kpis, r.key
        if r.ground:
            assert all(r.key in k for k in results.terrestrial_kpis.values()), r.key


def test_counts_are_integers(results):
    assert _cell(results, "launches") == "140"  # was "140.0"
    assert _cell(results, "satellites") == "2,660"
    assert _cell(results, "gpus") == _cell(results, "gpus", 2) == "255,360"
    assert _cell(results, "satellite_gpus") == "96"
    assert fmt_count(None) == fmt_count(float("nan")) == "–" and fmt_count(126.6) == "127"


def test_per_satellite_rows_are_one_satellite(scenario, results):
    b = satellite_budget(scenario.designs[0])
    k = results.kpis
    assert k["satellite_solar_array_mass_kg"] == pytest.approx(b.solar_array_mass_kg)
    assert k["satellite_solar_array_mass_kg"] * k["satellites"] == pytest.approx(k["solar_array_mass_kg"])
    assert k["satellite_radiator_area_m2"] == scenario.designs[0].radiator.area_m2
    assert k["satellite_it_power_w"] == pytest.approx(b.it_power_w)
    assert _cell(results, "satellite_solar_array_mass_kg") == f"{b.solar_array_mass_kg:,.0f}"
    groups = {r.key: r.group for r in ROWS}
    assert groups["satellite_mass_kg"] == "Per satellite" and groups["solar_array_mass_kg"] == "Fleet"
    assert "fleet" in next(r for r in ROWS if r.key == "solar_array_mass_kg").title


def test_per_satellite_rows_mean_over_mixed_designs(scenario):
    """Two shells of different designs: the per-satellite figure is the satellite-weighted mean."""
    big = scenario.designs[0].model_copy(update={"name": "Big", "radiator": scenario.designs[0].radiator
                                                 .model_copy(update={"area_m2": 240.0})})
    shell2 = scenario.shells[0].model_copy(update={"name": "Second", "design": "Big", "planes": 1})
    s = scenario.model_copy(update={"designs": (scenario.designs[0], big),
                                    "shells": (scenario.shells[0], shell2)})
    k = evaluate(s).kpis
    n1, n2 = scenario.shells[0].satellite_count, shell2.satellite_count
    assert k["satellite_radiator_area_m2"] == pytest.approx((120.0 * n1 + 240.0 * n2) / (n1 + n2))


def test_capex_and_horizon_cost_say_what_they_count(results):
    labels = {r.key: r.label for r in ROWS}
    assert "whole fleet" in labels["capex_usd"] and "within" in labels["total_cost_usd"]


def test_grouped_cells_print_group_headers_and_keep_every_row(results):
    head, flat = kpi_cells(results)
    _, grouped = kpi_cells(results, groups=True)
    assert len(grouped) == len(flat) + len(GROUP_NAMES)
    assert grouped[0][0] == "Per satellite:" and set(grouped[0][1:]) == {""}
    assert [r for r in grouped if not r[0].endswith(":")] == [[f"  {r[0]}", *r[1:]] for r in flat]
    assert all(len(r) == len(head) for r in grouped)
    sections = kpi_sections(results)
    assert [g for g, _, _ in sections] == list(GROUP_NAMES)
    assert sum(len(rows) for _, _, rows in sections) == len(ROWS)


def test_csv_has_one_row_per_kpi_with_raw_values(results):
    table = list(csv.reader(io.StringIO(kpi_csv(results))))
    assert table[0][:2] == ["kpi", "Orbital"] and len(table) == len(ROWS) + 1
    launches = next(r for r in table if r[0] == "launches")
    assert float(launches[1]) == results.kpis["launches"]


def test_million_preset_capex_is_above_the_horizon_cost():
    """The contradiction the labels explain: capex counts every launch needed, the horizon cost
    only those that fit in it (451 of 47,620 at 50 a year)."""
    from orbitdesk.model.presets import PRESETS

    k = evaluate(PRESETS["1,000,000-satellite Walker shell"]()).kpis
    assert k["capex_usd"] > 50 * k["total_cost_usd"]
