"""Terrestrial alternatives running the same GPUs (MODEL.md section 9).

Each site hosts the orbital fleet's GPUs (same models and count) up to its IT capacity. The first
FLOP comes after the grid wait and the build (in sequence); all capacity comes online then. Failed
GPUs are replaced (repair allowed), so the working count stays constant and replacements cost
money. Owned sites pay facility capex, GPUs, energy (IT × PUE × price) and replacements; a leased
site pays its all-in lease per MW-month of IT load instead.
"""

from __future__ import annotations

import numpy as np

from orbitdesk.core.constants import EXA, YEAR_S
from orbitdesk.core.deployment import cumulative_trapezoid
from orbitdesk.core.results import CalendarTimeline
from orbitdesk.model.scenario import TerrestrialSite

HOURS_PER_YEAR = YEAR_S / 3600.0


def evaluate_site(site: TerrestrialSite, time_years: np.ndarray, gpus: float, it_power_w: float,
                  flop_per_s_full: float, gpu_cost_usd: float) -> tuple[CalendarTimeline, dict]:
    """Calendar timeline and KPIs of one site hosting ``gpus`` GPUs drawing ``it_power_w``."""
    hosted = 1.0 if site.capacity_it_w is None else min(1.0, site.capacity_it_w / it_power_w)
    it_w = it_power_w * hosted
    n_gpus = gpus * hosted
    first = site.grid_wait_years + site.build_years
    running = time_years >= first
    years_running = np.maximum(time_years - first, 0.0)

    flop = np.where(running, flop_per_s_full * hosted, 0.0)
    cum_flop = cumulative_trapezoid(flop, time_years)
    energy_kwh = it_w * site.pue / 1e3 * HOURS_PER_YEAR * years_running
    water_l = it_w / 1e3 * HOURS_PER_YEAR * years_running * site.wue_l_per_kwh
    if site.lease_usd_per_mw_month is not None:
        capex = 0.0
        cost = site.lease_usd_per_mw_month * it_w / 1e6 * 12.0 * years_running
    else:
        facility = site.capex_usd_per_w * it_w
        gpu_capex = n_gpus * gpu_cost_usd
        capex = facility + gpu_capex
        cost = (np.where(time_years >= site.grid_wait_years, facility, 0.0)
                + np.where(running, gpu_capex, 0.0)
                + energy_kwh * site.electricity_usd_per_kwh
                + site.gpu_failure_rate_per_year * n_gpus * gpu_cost_usd * years_running)
    timeline = CalendarTimeline(
        name=site.name, time_years=time_years, flop_per_s=flop, cumulative_flop=cum_flop,
        cumulative_cost_usd=np.asarray(cost, dtype=float), gpus_working=np.where(running, n_gpus, 0.0),
        cumulative_energy_kwh=energy_kwh, cumulative_water_l=water_l,
    )
    total_cost = float(timeline.cumulative_cost_usd[-1])
    life_flop = float(cum_flop[-1])
    gpu_hours = life_flop / flop_per_s_full * gpus / 3600.0 if flop_per_s_full > 0 else 0.0
    kpis = {
        "gpus": n_gpus,
        "it_power_w": it_w,
        "facility_power_w": it_w * site.pue,
        "hosted_fraction": hosted,
        "mean_delivered_flop_per_s": life_flop / (float(time_years[-1]) * YEAR_S),
        "lifetime_flop": life_flop,
        "energy_kwh": float(energy_kwh[-1]),
        "water_l": float(water_l[-1]),
        "capex_usd": float(capex),
        "total_cost_usd": total_cost,
        "cost_per_exaflop_usd": total_cost / (life_flop / EXA) if life_flop > 0 else None,
        "cost_per_gpu_hour_usd": total_cost / gpu_hours if gpu_hours > 0 else None,
        "time_to_first_flop_years": first if first <= time_years[-1] else None,
        "time_to_full_capacity_years": first if first <= time_years[-1] else None,
    }
    return timeline, kpis
