"""Economics on the calendar grid: discounting, levelised cost of compute, lease bases, the basis
of "$ per GPU-hour", and CO2e (MODEL.md sections 8, 9 and 15).

Inputs are explicit arrays on one calendar grid: ``years`` (years since the epoch, increasing),
cumulative cost (USD) and either cumulative FLOP or FLOP per second. The amount of a period is
the rise of the cumulative curve over it, counted at the period's end; the first sample's value is
spent at its own time (the non-recurring cost at the epoch). On a yearly grid this is the
textbook end-of-year convention.
"""

from __future__ import annotations

import numpy as np

from orbitdesk.core.constants import EXA, YEAR_S
from orbitdesk.core.deployment import cumulative_trapezoid

HOURS_PER_YEAR = YEAR_S / 3600.0  # 8,766 h (Julian year)
HOURS_PER_MONTH = HOURS_PER_YEAR / 12.0  # 730.5 h

# the two bases of "$ per GPU-hour": what one GPU-hour stands for
GPU_HOUR_BASES = {
    "sustained": "GPU-hours at the sustained rate (delivered FLOP / (peak x utilization"
                 " [x (1 - upset downtime)]))",
    "peak": "peak-equivalent GPU-hours (delivered FLOP / dense peak FLOP/s)",
}
# KPI keys this module's functions fill, with the labels that state their basis
KPI_LABELS = {
    "cost_per_gpu_hour_usd": "Cost per GPU-hour (sustained-rate hours)",
    "cost_per_gpu_hour_peak_usd": "Cost per GPU-hour (peak-equivalent hours)",
    "levelised_cost_per_exaflop_usd": "Levelised cost per exaFLOP (discounted)",
    "co2e_kg": "CO2e over the horizon",
}


# --- discounting ------------------------------------------------------------------------------


def discount_factor(years, rate: float) -> np.ndarray:
    """(1 + rate)^-t for t in ``years`` (years since the epoch); rate per year, ≥ 0."""
    return np.power(1.0 + float(rate), -np.asarray(years, dtype=float))


def period_amounts(cumulative) -> np.ndarray:
    """What each sample adds to a cumulative curve: the first sample's value, then the rises."""
    c = np.asarray(cumulative, dtype=float)
    return np.diff(c, axis=-1, prepend=0.0)


def discounted_total(years, cumulative, rate: float) -> float:
    """Σ_t amount_t (1 + r)^-t of a cumulative curve on the grid ``years``."""
    return float(np.sum(period_amounts(cumulative) * discount_factor(years, rate), axis=-1))


def _cumulative_flop(years, cumulative_flop, flop_per_s) -> np.ndarray:
    if (cumulative_flop is None) == (flop_per_s is None):
        raise ValueError("give exactly one of cumulative_flop (FLOP) and flop_per_s (FLOP/s)")
    if cumulative_flop is not None:
        return np.asarray(cumulative_flop, dtype=float)
    return cumulative_trapezoid(np.asarray(flop_per_s, dtype=float), np.asarray(years, dtype=float))


def levelised_cost(years, cumulative_cost, cumulative_output, rate: float) -> float | None:
    """Σ cost_t (1+r)^-t ÷ Σ output_t (1+r)^-t: cost per unit of output (USD per the output's
    unit); None when nothing is delivered. rate 0 gives total cost ÷ total output."""
    out = discounted_total(years, cumulative_output, rate)
    return discounted_total(years, cumulative_cost, rate) / out if out > 0 else None


def levelised_cost_per_exaflop(years, cumulative_cost_usd, *, cumulative_flop=None, flop_per_s=None,
                               rate: float = 0.0) -> float | None:
    """Levelised cost of compute, USD per exaFLOP (1e18 FLOP), from the cumulative cost (USD) and
    either the cumulative FLOP or the delivered FLOP/s on the grid ``years``; rate per year."""
    flop = _cumulative_flop(years, cumulative_flop, flop_per_s)
    per_flop = levelised_cost(years, cumulative_cost_usd, flop, rate)
    return per_flop * EXA if per_flop is not None else None


def levelised_kpis(years, cumulative_cost_usd, cumulative_flop, rate: float) -> dict:
    """The levelised cost per exaFLOP at ``rate`` (``levelised_cost_per_exaflop_usd``), beside the
    undiscounted ratio (``cost_per_exaflop_usd``: total cost ÷ total FLOP)."""
    return {
        "cost_per_exaflop_usd": levelised_cost_per_exaflop(years, cumulative_cost_usd,
                                                           cumulative_flop=cumulative_flop, rate=0.0),
        "levelised_cost_per_exaflop_usd": levelised_cost_per_exaflop(
            years, cumulative_cost_usd, cumulative_flop=cumulative_flop, rate=rate),
    }


# --- "$ per GPU-hour": state the basis ----------------------------------------------------------


def gpu_hours(flop, flop_per_s_per_gpu: float):
    """GPU-hours that ``flop`` stands for at ``flop_per_s_per_gpu`` (sustained or dense peak)."""
    return np.asarray(flop, dtype=float) / flop_per_s_per_gpu / 3600.0


def cost_per_gpu_hour(cost_usd: float, flop: float, flop_per_s_per_gpu: float) -> float | None:
    """USD per GPU-hour, the hours counted at ``flop_per_s_per_gpu``; None when none delivered."""
    if flop_per_s_per_gpu <= 0:
        return None
    hours = float(gpu_hours(flop, flop_per_s_per_gpu))
    return cost_usd / hours if hours > 0 else None


def gpu_hour_kpis(cost_usd: float, flop: float, sustained_flop_per_s_per_gpu: float,
                  peak_flop_per_s_per_gpu: float | None) -> dict:
    """$ per GPU-hour on both bases: ``cost_per_gpu_hour_usd`` (sustained-rate hours) and
    ``cost_per_gpu_hour_peak_usd`` (peak-equivalent hours; None without a peak rate). The
    per-GPU rates are fleet means, FLOP/s (total rate ÷ GPUs for a mixed fleet)."""
    peak = (cost_per_gpu_hour(cost_usd, flop, peak_flop_per_s_per_gpu)
            if peak_flop_per_s_per_gpu is not None else None)
    return {"cost_per_gpu_hour_usd": cost_per_gpu_hour(cost_usd, flop, sustained_flop_per_s_per_gpu),
            "cost_per_gpu_hour_peak_usd": peak}


# --- leases -------------------------------------------------------------------------------------


def lease_usd_per_year(usd_per_month):
    """A monthly lease over a year, USD/yr."""
    return np.asarray(usd_per_month, dtype=float) * 12.0


def lease_usd_per_mw_month(usd_per_month, it_power_w):
    """A whole-site monthly lease per MW of IT load, USD/(MW month)."""
    return np.asarray(usd_per_month, dtype=float) / (np.asarray(it_power_w, dtype=float) / 1e6)


def lease_usd_per_mw_year(usd_per_month, it_power_w):
    """A whole-site monthly lease per MW of IT load and year, USD/(MW yr)."""
    return lease_usd_per_mw_month(usd_per_month, it_power_w) * 12.0


def lease_usd_per_gpu_hour(usd_per_month, gpus):
    """A whole-site monthly lease per installed GPU and wall-clock hour, USD/(GPU h)."""
    return np.asarray(usd_per_month, dtype=float) / np.asarray(gpus, dtype=float) / HOURS_PER_MONTH


def lease_cost_usd(basis: str, rate: float, it_power_w: float, gpus: float, online_years):
    """Cumulative lease, USD, of a site hosting ``it_power_w`` and ``gpus``, after
    ``online_years`` (full-site years online, an array). ``basis`` 'per_mw_month': ``rate`` in
    USD/(MW month); 'per_gpu_hour': ``rate`` in USD/(GPU h)."""
    t = np.asarray(online_years, dtype=float)
    if basis == "per_mw_month":
        return rate * it_power_w / 1e6 * 12.0 * t
    if basis == "per_gpu_hour":
        return rate * gpus * HOURS_PER_YEAR * t
    raise ValueError(f"unknown lease basis {basis!r}; known: per_mw_month, per_gpu_hour")


# --- CO2e ---------------------------------------------------------------------------------------


def grid_co2e_kg(cumulative_energy_kwh, kg_per_kwh: float | None):
    """Cumulative CO2e of facility energy drawn from the grid, kg (None if no intensity given)."""
    if kg_per_kwh is None:
        return None
    return np.asarray(cumulative_energy_kwh, dtype=float) * kg_per_kwh


def launch_co2e_kg(years, launch_years, capacity_kg: float, co2e_kg_per_kg: float | None):
    """Cumulative CO2e of the launches by each date of ``years``, kg: each launch (at
    ``launch_years``, years since the epoch) emits ``capacity_kg`` × ``co2e_kg_per_kg`` (kg CO2e
    per kg of payload capacity; a launch emits the same whether full or not). None if no figure."""
    if co2e_kg_per_kg is None:
        return None
    t = np.sort(np.asarray(launch_years, dtype=float).reshape(-1))
    launched = np.searchsorted(t, np.asarray(years, dtype=float), side="right")
    return launched * (capacity_kg * co2e_kg_per_kg)
