"""Terrestrial alternatives running the same GPUs (MODEL.md section 9).

Each site hosts the orbital fleet's GPUs (same models and count) up to its IT capacity. The
capacity comes online in ``build_phases`` equal phases: the first after the grid wait and the
build (in sequence), each further one ``phase_interval_years`` later; each phase's facility share
is paid when its construction starts, its GPUs when it comes online. Failed GPUs are replaced
(repair allowed), so the working count stays constant and replacements cost money. Owned sites pay
facility capex, GPUs, energy (IT × PUE × price) and replacements; a leased site pays its all-in
lease on its stated basis instead (per MW of IT load and month, or per installed GPU and hour).
CO2e is the facility energy × the grid's intensity. The KPIs the orbital fleet reports too come
from the same function (kpis.compute_kpis). The GPUs' figures (TDP, peak) are the scenario's
(its compute payloads), passed in by evaluate: nothing here reads the GPU catalog.
"""

from __future__ import annotations

import numpy as np

from orbitdesk.core import economics
from orbitdesk.core.deployment import cumulative_trapezoid
from orbitdesk.core.kpis import compute_kpis
from orbitdesk.core.results import CalendarTimeline
from orbitdesk.model.scenario import TerrestrialSite

HOURS_PER_YEAR = economics.HOURS_PER_YEAR


def phase_online_years(site: TerrestrialSite) -> np.ndarray:
    """When each phase comes online, years since the epoch, shape (build_phases,)."""
    first = site.grid_wait_years + site.build_years
    return first + site.phase_interval_years * np.arange(site.build_phases)


def online_fraction(site: TerrestrialSite, time_years: np.ndarray) -> np.ndarray:
    """Share of the site's capacity online at each time, 0..1."""
    t = np.asarray(time_years, dtype=float)
    return (t[..., None] >= phase_online_years(site)).mean(axis=-1)


def online_years(site: TerrestrialSite, time_years: np.ndarray) -> np.ndarray:
    """Full-site years online by each time: ∫ online fraction dt, yr."""
    t = np.asarray(time_years, dtype=float)
    return np.maximum(t[..., None] - phase_online_years(site), 0.0).mean(axis=-1)


def evaluate_site(site: TerrestrialSite, time_years: np.ndarray, gpus: float, it_power_w: float,
                  flop_per_s_full: float, gpu_cost_usd: float, *,
                  peak_flop_per_s_per_gpu: float | None = None,
                  discount_rate: float = 0.0) -> tuple[CalendarTimeline, dict]:
    """Calendar timeline and KPIs of one site hosting ``gpus`` GPUs drawing ``it_power_w`` (W),
    ``flop_per_s_full`` (FLOP/s) with all of them working at the sustained rate, each costing
    ``gpu_cost_usd``. ``peak_flop_per_s_per_gpu`` (dense peak, FLOP/s) adds $ per GPU-hour on the
    peak-equivalent basis; ``discount_rate`` (1/yr) sets the levelised cost."""
    hosted = 1.0 if site.capacity_it_w is None else min(1.0, site.capacity_it_w / it_power_w)
    it_w = it_power_w * hosted
    n_gpus = gpus * hosted
    phases = phase_online_years(site)
    first, full = float(phases[0]), float(phases[-1])
    share = online_fraction(site, time_years)
    years_online = online_years(site, time_years)

    flop = flop_per_s_full * hosted * share
    cum_flop = cumulative_trapezoid(flop, time_years)
    energy_kwh = it_w * site.pue / 1e3 * HOURS_PER_YEAR * years_online
    water_l = it_w / 1e3 * HOURS_PER_YEAR * years_online * site.wue_l_per_kwh
    if site.leased:
        capex = 0.0
        rate = (site.lease_usd_per_mw_month if site.lease_basis == "per_mw_month"
                else site.lease_usd_per_gpu_hour)
        cost = economics.lease_cost_usd(site.lease_basis, rate, it_w, n_gpus, years_online)
    else:
        facility = site.capex_usd_per_w * it_w
        gpu_capex = n_gpus * gpu_cost_usd
        capex = facility + gpu_capex
        started = np.asarray(time_years, dtype=float)[:, None] >= phases - site.build_years
        cost = (facility * started.mean(axis=-1)
                + gpu_capex * share
                + energy_kwh * site.electricity_usd_per_kwh
                + site.gpu_failure_rate_per_year * n_gpus * gpu_cost_usd * years_online)
    co2e = economics.grid_co2e_kg(energy_kwh, site.grid_co2e_kg_per_kwh)
    timeline = CalendarTimeline(
        name=site.name, time_years=time_years, flop_per_s=flop, cumulative_flop=cum_flop,
        cumulative_cost_usd=np.asarray(cost, dtype=float), gpus_working=n_gpus * share,
        cumulative_energy_kwh=energy_kwh, cumulative_water_l=water_l,
    )
    shared = compute_kpis(  # the KPIs the orbital fleet reports too, by the same formulas
        time_years, timeline.cumulative_cost_usd, cum_flop, gpus=n_gpus, it_power_w=it_w, capex_usd=capex,
        sustained_flop_per_s_per_gpu=flop_per_s_full / gpus if gpus > 0 else 0.0,
        peak_flop_per_s_per_gpu=peak_flop_per_s_per_gpu, cumulative_co2e_kg=co2e,
        first_flop_years=first, full_capacity_years=full, discount_rate=discount_rate)
    kpis = {
        "gpus": shared["gpus"],
        "it_power_w": shared["it_power_w"],
        "facility_power_w": it_w * site.pue,
        "hosted_fraction": hosted,
        "mean_delivered_flop_per_s": shared["mean_delivered_flop_per_s"],
        "lifetime_flop": shared["lifetime_flop"],
        "energy_kwh": float(energy_kwh[-1]),
        "water_l": float(water_l[-1]),
        **shared,  # CO2e, costs, $/exaFLOP, $/GPU-hour, milestones
    }
    return timeline, kpis
