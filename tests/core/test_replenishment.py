"""Replenishment (launch.replenishment 'keep_above'): replacement batches, their cost and the
FLOP they keep delivering, against the exponential survival law and the policy 'none'."""

from __future__ import annotations

import math

import numpy as np
import pytest

from orbitdesk.core import compute, replenishment
from orbitdesk.core.evaluate import evaluate
from orbitdesk.model import default_scenario
from orbitdesk.model.edit import with_value
from orbitdesk.model.scenario import LaunchPlan

INTERVAL_REL = 2e-3  # the threshold is watched on a daily grid; launches fall on the cadence's slots
SAWTOOTH_ABS = 2e-3


def _policy(s, policy: str, threshold: float = 0.9):
    s = with_value(s, "launch.replenishment", policy)
    return with_value(s, "launch.replenish_threshold", threshold)


def _one_cohort(rate: float, threshold: float, n: float = 1e6, horizon: float = 20.0, life: float = np.inf):
    years = np.linspace(0.0, horizon, int(horizon * 12) + 1)
    return replenishment.keep_above(
        [0.0], [n], lambda a: compute.alive_fraction(a, rate, life), threshold=threshold,
        satellites_per_launch=int(n), first_launch_years=0.0, launches_per_year=10_000.0,
        commissioning_years=0.1, horizon_years=horizon, years=years)


@pytest.mark.parametrize(("rate", "threshold"), [(0.05, 0.9), (0.09, 0.8), (0.2, 0.95)])
def test_batches_come_every_ln_1_over_f_over_lambda(rate, threshold):
    """Exponential survival law S(t) = exp(−λt) (constant hazard; e.g. Ebeling, An Introduction to
    Reliability and Maintainability Engineering, ch. 3): a fleet restored to full falls to the
    fraction f after t = ln(1/f)/λ, whatever the ages in it (the law is memoryless), so batches
    come at that interval and each replaces (1 − f) of the shell."""
    r = _one_cohort(rate, threshold)
    expected = math.log(1.0 / threshold) / rate
    assert r.batch_years.size >= 3
    assert np.diff(r.batch_years) == pytest.approx(expected, rel=INTERVAL_REL)
    # the first batch is ordered ahead: commissioned when the shell reaches f
    assert r.batch_years[0] == pytest.approx(expected, rel=INTERVAL_REL)
    assert r.batch_satellites == pytest.approx(1e6 * (1.0 - threshold), rel=INTERVAL_REL)


def test_the_working_fraction_is_a_sawtooth_between_f_and_full():
    r = _one_cohort(0.09, 0.85)
    on = r.time_years >= 0.1  # commissioned
    assert r.working_fraction[on].min() >= 0.85 - SAWTOOTH_ABS
    assert r.working_fraction[on].max() <= 1.0 + SAWTOOTH_ABS
    # without replacements the same shell decays as exp(−λ (t − commissioning))
    assert r.working_fraction_without[on] == pytest.approx(np.exp(-0.09 * (r.time_years[on] - 0.1)), rel=1e-12)


def test_a_dose_life_cliff_is_replaced_before_it():
    """A life limit known in advance: the batch is commissioned as the first satellites stop."""
    r = _one_cohort(0.0, 0.9, horizon=10.0, life=3.0)
    assert r.batch_years[0] == pytest.approx(3.0, abs=2e-3)  # launch = 0.1 + 3.0 − 0.1 commissioning
    assert r.batch_satellites[0] == pytest.approx(1e6)
    assert r.working_fraction[r.time_years >= 0.1].min() >= 0.9


def test_a_million_satellite_shell_is_planned_in_numpy():
    n, per = 1_000_000, 21
    launches = -(-n // per)
    when = 1.0 + np.arange(launches) / 20_000.0
    aboard = np.full(launches, float(per))
    aboard[-1] = n - per * (launches - 1)
    r = replenishment.keep_above(when, aboard, lambda a: compute.alive_fraction(a, 0.09, 8.0), threshold=0.9,
                                 satellites_per_launch=per, first_launch_years=1.0, launches_per_year=20_000.0,
                                 commissioning_years=0.1, horizon_years=10.0, years=np.linspace(0, 10, 121))
    assert r.replacement_satellites > 0.3 * n and not r.truncated
    assert np.all(r.satellites <= per)
    # no launch slot is used twice, nor one of the initial deployment
    assert np.unique(np.round(np.concatenate([when, r.launch_years]) * 20_000)).size == launches + r.launch_years.size


def test_launches_wait_for_free_slots():
    r = replenishment.keep_above(
        [0.0], [100.0], lambda a: compute.alive_fraction(a, 0.5), threshold=0.9, satellites_per_launch=10,
        first_launch_years=0.0, launches_per_year=12.0, commissioning_years=0.0, horizon_years=3.0,
        years=np.linspace(0, 3, 37), busy_years=np.arange(1, 12) / 12.0)  # another shell's first year
    assert r.launch_years.min() >= 1.0 - 1e-9


def test_policy_none_is_the_old_file_and_changes_nothing():
    s = default_scenario()
    assert s.launch.replenishment == "none"  # an old file (no such field) loads as before
    old = s.launch.model_dump()
    old.pop("replenishment"), old.pop("replenish_threshold")
    assert LaunchPlan(**old) == s.launch
    base = evaluate(s)
    assert base.kpis["replacement_satellites"] is None and base.kpis["replacement_cost_usd"] is None
    # a threshold no shell reaches plans no batch: the same numbers to the bit
    never = evaluate(_policy(s, "keep_above", 0.0))
    assert never.kpis["replacement_launches"] == 0.0
    for name in ("flop_per_s", "cumulative_cost_usd", "gpus_working", "satellites_deployed"):
        np.testing.assert_array_equal(getattr(never.orbital, name), getattr(base.orbital, name))
    assert evaluate(_policy(s, "none", 0.5)).kpis["lifetime_flop"] == base.kpis["lifetime_flop"]


@pytest.fixture(scope="module")
def by_threshold():
    s = default_scenario()
    return {f: evaluate(_policy(s, "keep_above", f)).kpis for f in (0.7, 0.9, 0.99)} | {
        None: evaluate(s).kpis}


def test_keep_above_raises_delivered_flop_and_cost(by_threshold):
    base, kept = by_threshold[None], by_threshold[0.9]
    assert kept["lifetime_flop"] > 1.2 * base["lifetime_flop"]
    extra = kept["total_cost_usd"] - base["total_cost_usd"]
    assert extra == pytest.approx(kept["replacement_cost_usd"], rel=1e-9)  # in the cumulative cost
    assert kept["co2e_kg"] > base["co2e_kg"]  # the replacement launches emit too
    assert kept["launches"] == base["launches"]  # the initial deployment is unchanged
    # the replacements are whole satellites on whole launches of the plan's vehicle
    assert kept["replacement_satellites"] == int(kept["replacement_satellites"]) > 0
    s = default_scenario()
    per_launch = s.launch.capacity_kg * s.launch.cost_usd_per_kg
    hardware = (kept["replacement_cost_usd"] - kept["replacement_launches"] * per_launch) / kept[
        "replacement_satellites"]
    assert 0 < hardware < kept["capex_usd"] / kept["satellites"]  # a satellite's hardware, without launch


def test_a_higher_threshold_needs_more_replacement_launches(by_threshold):
    launches = [by_threshold[f]["replacement_launches"] for f in (0.7, 0.9, 0.99)]
    assert launches[0] < launches[1] < launches[2]
    flop = [by_threshold[f]["lifetime_flop"] for f in (0.7, 0.9, 0.99)]
    assert flop[0] < flop[1] < flop[2]


def test_a_shell_reentering_at_300_km_without_thrusters_is_replaced():
    """At 300 km drag brings an unpropelled satellite down within days (NRLMSIS density;
    station_keeping): each re-entered shell is replaced by the next batch."""
    s = default_scenario()
    s = with_value(s, "shells[0].altitude_km", 300.0)
    s = with_value(s, "shells[0].planes", 1)
    s = with_value(s, "shells[0].satellites_per_plane", 20)
    s = with_value(s, "designs[0].propulsion.enabled", False)
    s = with_value(s, "launch.commissioning_years", 0.002)
    s = with_value(s, "launch.launches_per_year", 1000.0)
    s = with_value(s, "economics.analysis_years", 2.0)
    base = evaluate(s).kpis
    life = base["unpropelled_life_years"]
    assert life is not None and 0.002 < life < 0.1
    kept = evaluate(_policy(s, "keep_above", 0.5)).kpis
    # without replacements the shell is gone after one life; with them it is relaunched each life
    assert kept["replacement_satellites"] >= 20 * ((2.0 - 1.0) / life - 2)
    assert kept["lifetime_flop"] > 10 * base["lifetime_flop"]
