"""Drag in the results (core/station_keeping.py over core/drag.py, whose tests hold the outside
references: pymsis densities, DRAMA and NASA lifetimes, Vallado's deorbit burn)."""

import pytest

from orbitdesk.core import evaluate
from orbitdesk.model.edit import with_value


def _at(scenario, altitude_km, thrusters=True):
    s = with_value(scenario, "shells[0].altitude_km", float(altitude_km))
    return with_value(s, "designs[0].propulsion.enabled", thrusters)


def test_a_300_km_shell_without_thrusters_lives_days_and_says_so(scenario):
    r = evaluate(_at(scenario, 300, thrusters=False))
    assert r.kpis["unpropelled_life_years"] < 0.1  # days (a 4.7 t satellite with ~300 m² of panels)
    [w] = [w for w in r.warnings if "re-enter" in w]
    assert w.field == "designs[0].propulsion.enabled"
    assert r.kpis["lifetime_flop"] < evaluate(_at(scenario, 300)).kpis["lifetime_flop"] / 50


def test_propellant_joins_the_launch_mass_and_falls_with_altitude(scenario):
    low, high = evaluate(_at(scenario, 400)), evaluate(_at(scenario, 1000))
    assert low.kpis["satellite_propellant_kg"] > 5 * high.kpis["satellite_propellant_kg"] > 0
    n = low.kpis["satellites"]
    assert (low.kpis["launch_mass_kg"] - high.kpis["launch_mass_kg"]) == pytest.approx(
        n * (low.kpis["satellite_propellant_kg"] - high.kpis["satellite_propellant_kg"]), rel=1e-9)
    # the launches do not follow: the vehicle lifts less to 1,000 km than to 400 km (Hohmann raise,
    # core/launch_performance.py), which outweighs the propellant saved


def test_at_300_km_holding_the_altitude_costs_more_than_the_satellite_weighs(scenario):
    r = evaluate(_at(scenario, 300))
    [w] = [w for w in r.warnings if "propellant per satellite" in w]
    assert w.field == "shells[0].altitude_km"
    assert r.kpis["cost_per_exaflop_usd"] > evaluate(_at(scenario, 650)).kpis["cost_per_exaflop_usd"] * 1.3


def test_tle_sets_get_no_drag_budget_of_ours(scenario, sample_tle_text):
    from orbitdesk.model.scenario import TLESet

    s = scenario.model_copy(update={"shells": (TLESet(name="T", design=scenario.designs[0].name,
                                                      tle_text=sample_tle_text),)})
    r = evaluate(s)
    assert r.kpis["satellite_propellant_kg"] == 0 and r.kpis["station_keeping_dv_m_s"] is None
