"""One KPI function for the orbital fleet and the terrestrial sites (issue 9 item 8): the same
labels on both sides, each from the same formula, and the reported Colossus lease read as $ per
GPU-hour."""

from __future__ import annotations

import numpy as np
import pytest

from orbitdesk.core import evaluate
from orbitdesk.core.kpis import SHARED_KPIS, compute_kpis
from orbitdesk.core.terrestrial import evaluate_site
from orbitdesk.model.defaults import site_from_catalog

YEARS = np.linspace(0.0, 10.0, 121)  # the default monthly calendar grid
# REFERENCE_DATA.md, the seeds' figures (news articles, Nov 2026): Colossus 1 has > 300 MW of
# computing capacity and > 220,000 NVIDIA GPUs, and is reportedly leased for about $1.25 B a month
COLOSSUS_USD_PER_MONTH, COLOSSUS_IT_W, COLOSSUS_GPUS = 1.25e9, 300e6, 220_000
# REFERENCE_DATA.md, "Colossus lease arithmetic" (derived from those): ≈ $7.8 per GPU-hour
PUBLISHED_USD_PER_GPU_HOUR = 7.8
ROUNDED = 0.01  # the published-derived figure is given to two significant digits


@pytest.fixture(scope="module")
def results(scenario):
    return evaluate(scenario)


def test_both_sides_report_the_shared_labels(results):
    assert set(SHARED_KPIS) <= set(results.kpis)
    assert results.terrestrial_kpis
    for site, kpis in results.terrestrial_kpis.items():
        assert set(SHARED_KPIS) <= set(kpis), site


def test_each_side_is_the_shared_function_of_its_own_timeline(results, scenario):
    """The curve-derived KPIs of both sides are compute_kpis of their own calendar timelines."""
    derived = ("mean_delivered_flop_per_s", "lifetime_flop", "total_cost_usd", "cost_per_exaflop_usd",
               "levelised_cost_per_exaflop_usd")
    sides = [(results.orbital, results.kpis)] + [
        (tl, results.terrestrial_kpis[tl.name]) for tl in results.terrestrial]
    for timeline, kpis in sides:
        again = compute_kpis(
            timeline.time_years, timeline.cumulative_cost_usd, timeline.cumulative_flop, gpus=kpis["gpus"],
            it_power_w=kpis["it_power_w"], capex_usd=kpis["capex_usd"], sustained_flop_per_s_per_gpu=1.0,
            peak_flop_per_s_per_gpu=None, first_flop_years=None, full_capacity_years=None,
            discount_rate=scenario.economics.discount_rate_per_year)
        for key in derived:
            assert again[key] == pytest.approx(kpis[key], rel=1e-12), (timeline.name, key)


def test_milestones_past_the_horizon_are_not_reported():
    k = compute_kpis(YEARS, np.linspace(1.0, 2.0, YEARS.size), np.linspace(0.0, 1e27, YEARS.size), gpus=1.0,
                     it_power_w=1e3, capex_usd=1.0, sustained_flop_per_s_per_gpu=1e15,
                     peak_flop_per_s_per_gpu=2e15, first_flop_years=2.0, full_capacity_years=12.0)
    assert k["time_to_first_flop_years"] == 2.0
    assert k["time_to_full_capacity_years"] is None
    assert k["co2e_kg"] is None  # not stated
    assert list(k) == list(SHARED_KPIS)


def test_colossus_lease_per_gpu_hour_matches_the_published_figure():
    """The reported lease, stated per MW-month ($1.25 B over 300 MW), on a site of the reported
    size running its 220,000 GPUs from day one: the KPI's $ per GPU-hour (sustained-rate hours,
    here every installed GPU-hour) is the published-derived ≈ $7.8."""
    site = site_from_catalog("colossus-1").model_copy(update={
        "capacity_it_w": COLOSSUS_IT_W, "build_years": 0.0, "grid_wait_years": 0.0, "build_phases": 1,
        "lease_basis": "per_mw_month", "lease_usd_per_mw_month": COLOSSUS_USD_PER_MONTH / (COLOSSUS_IT_W / 1e6),
        "lease_usd_per_gpu_hour": None})
    _, k = evaluate_site(site, YEARS, COLOSSUS_GPUS, COLOSSUS_IT_W, COLOSSUS_GPUS * 400e12, 30_000.0,
                         peak_flop_per_s_per_gpu=989e12)
    assert k["cost_per_gpu_hour_usd"] == pytest.approx(PUBLISHED_USD_PER_GPU_HOUR, rel=ROUNDED)
    assert k["gpus"] == COLOSSUS_GPUS and k["hosted_fraction"] == 1.0
