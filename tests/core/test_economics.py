"""core.economics against outside references: compound-interest tables, NREL's simple LCOE
method, and the Colossus lease arithmetic of REFERENCE_DATA.md."""

from __future__ import annotations

import numpy as np
import pytest

from orbitdesk.core import economics as ec

# compound-interest factors are printed to 4-5 significant digits in the tables
TABLE_REL = 5e-4


def _annual(n: int) -> np.ndarray:
    return np.arange(n + 1, dtype=float)  # 0, 1, .., n years: the end-of-year grid


def test_present_worth_of_an_annuity_matches_the_interest_table():
    """(P/A, 8 %, 10) = 6.7101: the uniform-series present-worth factor, compound-interest
    table for i = 8 % (e.g. Newnan, Eschenbach & Lavelle, Engineering Economic Analysis,
    appendix tables). One unit at the end of each of 10 years."""
    years = _annual(10)
    cumulative = np.arange(11, dtype=float)  # 0 at the epoch, +1 each year-end
    assert ec.discounted_total(years, cumulative, 0.08) == pytest.approx(6.7101, rel=TABLE_REL)
    assert ec.discounted_total(years, cumulative, 0.0) == 10.0


def test_levelised_cost_is_the_capital_recovery_factor():
    """A capital P at the epoch levelised over 20 years of equal output at 10 %: cost per unit =
    P × (A/P, 10 %, 20) / output per year, with (A/P, 10 %, 20) = 0.11746 from the interest
    tables (same source as above)."""
    years = _annual(20)
    cost = np.full(21, 1000.0)  # everything spent at the epoch
    output = np.arange(21, dtype=float) * 50.0  # 50 units a year
    assert ec.levelised_cost(years, cost, output, 0.10) == pytest.approx(1000.0 * 0.11746 / 50.0, rel=TABLE_REL)
    assert ec.levelised_cost(years, cost, output, 0.0) == pytest.approx(1000.0 / (20 * 50.0))


def test_nrel_simple_lcoe():
    """NREL's simple levelised cost of energy (the 'Simple LCOE Calculator' documentation):
    sLCOE = (overnight capital × CRF + fixed O&M) / (8760 × capacity factor) + variable cost.
    A plant of $1,000/kW overnight, $20/kW-yr fixed O&M, capacity factor 0.35, 7 % over 30 years;
    (A/P, 7 %, 30) = 0.08059 from the interest tables: 100.59 / 3066 = 0.03281 $/kWh."""
    years = _annual(30)
    cost = 1000.0 + 20.0 * years  # per kW: capital at the epoch, O&M at each year-end
    energy = 8760.0 * 0.35 * years  # kWh per kW, delivered through each year
    expected = (1000.0 * 0.08059 + 20.0) / (8760.0 * 0.35)
    assert expected == pytest.approx(0.03281, abs=1e-5)
    assert ec.levelised_cost(years, cost, energy, 0.07) == pytest.approx(expected, rel=TABLE_REL)


def test_levelised_cost_per_exaflop_takes_either_flop_input():
    years = np.linspace(0.0, 5.0, 61)
    flop_per_s = np.where(years >= 1.0, 1e18, 0.0)  # 1 EFLOP/s from year 1
    from orbitdesk.core.deployment import cumulative_trapezoid

    cum_flop = cumulative_trapezoid(flop_per_s, years)
    cost = 1e9 + 1e8 * years
    a = ec.levelised_cost_per_exaflop(years, cost, flop_per_s=flop_per_s, rate=0.05)
    b = ec.levelised_cost_per_exaflop(years, cost, cumulative_flop=cum_flop, rate=0.05)
    assert a == b
    undiscounted = ec.levelised_cost_per_exaflop(years, cost, cumulative_flop=cum_flop)
    assert undiscounted == pytest.approx(cost[-1] / (cum_flop[-1] / 1e18))
    assert a > undiscounted  # spending comes first, the FLOP later: discounting weighs the spend
    k = ec.levelised_kpis(years, cost, cum_flop, 0.05)
    assert k == {"cost_per_exaflop_usd": undiscounted, "levelised_cost_per_exaflop_usd": a}
    with pytest.raises(ValueError, match="exactly one"):
        ec.levelised_cost_per_exaflop(years, cost)
    assert ec.levelised_cost_per_exaflop(years, cost, flop_per_s=np.zeros_like(years)) is None


def test_colossus_lease_arithmetic():
    """REFERENCE_DATA.md, Terrestrial data centers (derived): $1.25 B/month ≈ $15 B/yr ≈ $50 M
    per MW-year ≈ $7.8 per GPU-hour, from the seeds' > 300 MW and > 220,000 GPUs. The stated
    figures are rounded to two digits: 1 % tolerance."""
    month, it_w, gpus = 1.25e9, 300e6, 220_000
    assert ec.lease_usd_per_year(month) == pytest.approx(15e9, rel=0.01)
    assert ec.lease_usd_per_mw_year(month, it_w) == pytest.approx(50e6, rel=0.01)
    assert ec.lease_usd_per_gpu_hour(month, gpus) == pytest.approx(7.8, rel=0.01)
    assert ec.lease_usd_per_mw_month(month, it_w) == pytest.approx(4.1667e6, rel=1e-4)
    # the two bases charge the same for the site as reported, a year online
    per_mw = ec.lease_cost_usd("per_mw_month", ec.lease_usd_per_mw_month(month, it_w), it_w, gpus, 1.0)
    per_gpu = ec.lease_cost_usd("per_gpu_hour", ec.lease_usd_per_gpu_hour(month, gpus), it_w, gpus, 1.0)
    assert per_mw == pytest.approx(15e9, rel=1e-12) and per_gpu == pytest.approx(15e9, rel=1e-12)


def test_gpu_hours_on_both_bases():
    """An H100 SXM's dense BF16 peak is 989 TFLOP/s (NVIDIA H100 datasheet): an hour of it is
    3.56e18 FLOP. At 40 % utilization the same FLOP are 2.5 sustained-rate GPU-hours, so the
    $ per GPU-hour on the peak basis is 2.5 times the sustained one."""
    peak = 989e12
    flop = peak * 3600.0
    assert ec.gpu_hours(flop, peak) == pytest.approx(1.0)
    k = ec.gpu_hour_kpis(10.0, flop, 0.4 * peak, peak)
    assert k["cost_per_gpu_hour_usd"] == pytest.approx(4.0)
    assert k["cost_per_gpu_hour_peak_usd"] == pytest.approx(10.0)
    assert ec.gpu_hour_kpis(10.0, 0.0, 0.4 * peak, None) == {
        "cost_per_gpu_hour_usd": None, "cost_per_gpu_hour_peak_usd": None}
    assert "sustained" in ec.KPI_LABELS["cost_per_gpu_hour_usd"]
    assert "peak" in ec.KPI_LABELS["cost_per_gpu_hour_peak_usd"]


def test_launch_co2e_counts_the_launches_made():
    """A Starship-class launch: about 2,683 t of CO2 from burning its methane (The Eco Experts
    from Everyday Astronaut's figures, 2021) for 100 t of payload capacity, 26.83 kg CO2 per kg."""
    per_kg = 2_683_000.0 / 100_000.0
    years = np.array([0.0, 1.0, 2.0, 3.0])
    co2e = ec.launch_co2e_kg(years, [1.5, 0.5, 1.0], 100_000.0, per_kg)
    np.testing.assert_allclose(co2e, np.array([0, 2, 3, 3]) * 2_683_000.0)
    assert ec.launch_co2e_kg(years, [0.5], 100_000.0, None) is None


def test_grid_co2e():
    """TVA's 2023 system rate, 624.94 lb CO2/MWh (tva.com), is 283.5 kg per MWh (1 lb =
    0.45359237 kg, exact)."""
    assert ec.grid_co2e_kg(1000.0, 624.94 * 0.45359237 / 1000) == pytest.approx(283.47, abs=0.01)
    assert ec.grid_co2e_kg(1000.0, None) is None
