"""``evaluate(scenario) -> Results``: the one entry point of the compute core.

The same call serves the GUI (on a worker thread), the command line and the tests.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from orbitdesk.core import compute
from orbitdesk.core.budget import satellite_budget
from orbitdesk.core.constants import EXA, YEAR_S
from orbitdesk.core.constellation import representatives
from orbitdesk.core.deployment import cumulative_trapezoid, interp_last_axis, plan_launches
from orbitdesk.core.orbit_sim import longest_run_s, sample_sunlight, simulate
from orbitdesk.core.results import CalendarTimeline, OrbitTimeline, Results
from orbitdesk.core.terrestrial import evaluate_site
from orbitdesk.model.scenario import Scenario

ORBIT_STEPS = 360  # samples of the one-orbit timeline (16 s at 650 km)
LIFE_STEPS = 96  # samples per orbit for the mission-life sampling
LIFE_PLANES = 8  # representative planes sampled for the mission life (evenly spread)
LIFE_SAMPLES_PER_YEAR = 12  # calendar grid: monthly
AGE_SAMPLES = 11  # satellite ages sampled over the horizon (degradation, failures)


def _expand(light, axis: int):
    """Insert an axis (for satellite age) into every array of a Sunlight."""
    return dataclasses.replace(light, **{
        f.name: np.expand_dims(getattr(light, f.name), axis)
        for f in dataclasses.fields(light) if isinstance(getattr(light, f.name), np.ndarray)
    })


def evaluate(scenario: Scenario) -> Results:
    epoch, horizon = scenario.epoch, scenario.economics.analysis_years
    plan = scenario.launch
    years = np.linspace(0.0, horizon, max(int(round(horizon * LIFE_SAMPLES_PER_YEAR)), 1) + 1)
    ages = np.linspace(0.0, horizon, AGE_SAMPLES)
    budgets = {d.name: satellite_budget(d) for d in scenario.designs}
    shells = scenario.shells
    designs = [scenario.design(s.design) for s in shells]
    counts = [s.satellite_count for s in shells]
    cohorts, launches_needed, warnings = plan_launches(
        counts, [budgets[d.name].mass_kg for d in designs], plan, horizon)

    orbit_timelines = []
    flop = np.zeros_like(years)
    gpus_working = np.zeros_like(years)
    deployed = np.zeros_like(years)
    cost = np.full_like(years, scenario.economics.nonrecurring_cost_usd)
    for shell, design, co in zip(shells, designs, cohorts, strict=True):
        reps = representatives(shell, epoch)
        b = budgets[design.name]
        c = design.compute

        # one orbit at the epoch, every plane, fresh satellites
        light = sample_sunlight(reps, epoch, np.asarray(0.0), ORBIT_STEPS)
        phys = simulate(design, light)
        orbit_timelines.append(OrbitTimeline(
            shell=shell.name, design=design.name, time_s=light.time_s.reshape(-1),
            plane_satellites=reps.weights, beta_deg=np.degrees(light.beta_rad),
            sunlit=light.sunlit, solar_power_w=phys.solar_power_w, load_w=phys.load_w,
            battery_soc=phys.battery_soc, heat_load_w=phys.heat_load_w,
            rejectable_heat_w=phys.rejectable_heat_w,
            radiator_temperature_k=phys.radiator_temperature_k,
            max_temperature_k=design.radiator.max_temperature_k, throttle=phys.throttle,
            flop_per_s=phys.flop_per_s,
        ))
        w = reps.weights / reps.weights.sum()
        thermal_mean = float(w @ phys.thermal_throttle.mean(axis=-1))
        if thermal_mean < 0.999:
            warnings.append(
                f"shell {shell.name!r}: the radiator cannot reject the full load at "
                f"{design.radiator.max_temperature_k:g} K; the payload runs at "
                f"{thermal_mean:.0%} on average (enlarge the radiator or raise its limit)")
        if phys.bus_unpowered.any():
            warnings.append(f"shell {shell.name!r}: the bus itself loses power in eclipse; "
                            "enlarge the battery or the array")

        # mission life: sampled planes × calendar dates × satellite ages
        life_reps = reps.subset(LIFE_PLANES)
        life_light = _expand(sample_sunlight(life_reps, epoch, years * YEAR_S, LIFE_STEPS), 1)
        dose_life = compute.dose_life_years(design.radiation)
        alive_k = compute.alive_fraction(ages, c.failure_rate_per_year, dose_life)
        life = simulate(design, life_light, age_years=ages[:, None, None],
                        alive=alive_k[:, None, None])
        wl = life_reps.weights / life_reps.weights.sum()
        throttle_mk = np.einsum("mkpt,p->mk", life.throttle, wl) / LIFE_STEPS

        age = years[:, None] - (co.launch_years + plan.commissioning_years)[None, :]
        alive = compute.alive_fraction(age, c.failure_rate_per_year, dose_life)
        gpus_ml = co.satellites[None, :] * c.gpu_count * alive
        gpus_working += gpus_ml.sum(axis=1)
        per_gpu = compute.sustained_flop_per_s_per_gpu(c, design.radiation)
        flop += (gpus_ml * interp_last_axis(throttle_mk, ages, age)).sum(axis=1) * per_gpu
        launched = years[:, None] >= co.launch_years[None, :]
        deployed += (launched * co.satellites[None, :]).sum(axis=1)
        per_launch_cost = co.satellites * b.hardware_cost_usd + plan.capacity_kg * plan.cost_usd_per_kg
        cost += (launched * per_launch_cost[None, :]).sum(axis=1)

    first_launch = plan.first_launch_years
    cost += scenario.economics.operations_usd_per_year * np.maximum(years - first_launch, 0.0)
    cum_flop = cumulative_trapezoid(flop, years)
    orbital = CalendarTimeline("Orbital", years, flop, cum_flop, cost, gpus_working, deployed)

    kpis = _orbital_kpis(scenario, orbit_timelines, orbital, budgets, designs, counts,
                         launches_needed, cohorts)

    # terrestrial alternatives: the same GPUs on the ground
    gpus = sum(n * d.compute.gpu_count for n, d in zip(counts, designs, strict=True))
    it_w = sum(n * budgets[d.name].it_power_w for n, d in zip(counts, designs, strict=True))
    full_flop = sum(n * d.compute.gpu_count * compute.sustained_flop_per_s_per_gpu(d.compute)
                    for n, d in zip(counts, designs, strict=True))
    gpu_price = sum(n * d.compute.gpu_count * d.compute.gpu_unit_cost_usd
                    for n, d in zip(counts, designs, strict=True)) / gpus
    ground, ground_kpis = [], {}
    for site in scenario.terrestrial:
        tl, k = evaluate_site(site, years, gpus, it_w, full_flop, gpu_price)
        ground.append(tl)
        ground_kpis[site.name] = k

    return Results(scenario.name, tuple(orbit_timelines), orbital, tuple(ground), kpis,
                   ground_kpis, tuple(warnings))


def _orbital_kpis(scenario, orbit_timelines, orbital, budgets, designs, counts, launches_needed,
                  cohorts) -> dict:
    fleet = list(zip(counts, designs, strict=True))

    def fleet_sum(per_satellite) -> float:
        return float(sum(n * per_satellite(d) for n, d in fleet))

    def budget_sum(attr) -> float:
        return fleet_sum(lambda d: getattr(budgets[d.name], attr))

    def shell_mean(name) -> float:  # satellite-weighted over shells and the epoch orbit
        return sum(float(tl.fleet_mean(name).mean()) * n
                   for tl, n in zip(orbit_timelines, counts, strict=True)) / n_sats

    n_sats = float(sum(counts))
    longest = max(float(longest_run_s(~tl.sunlit, tl.time_s[1] - tl.time_s[0]).max())
                  for tl in orbit_timelines)
    peak_t = max(float(tl.radiator_temperature_k.max()) for tl in orbit_timelines)
    plan, horizon = scenario.launch, scenario.economics.analysis_years
    n_launches = int(sum(launches_needed))
    capex = (scenario.economics.nonrecurring_cost_usd + budget_sum("hardware_cost_usd")
             + n_launches * plan.capacity_kg * plan.cost_usd_per_kg)
    total_cost = float(orbital.cumulative_cost_usd[-1])
    life_flop = float(orbital.cumulative_flop[-1])
    full_rate = fleet_sum(lambda d: d.compute.gpu_count
                          * compute.sustained_flop_per_s_per_gpu(d.compute, d.radiation))
    gpus = fleet_sum(lambda d: d.compute.gpu_count)
    gpu_hours = life_flop / full_rate * gpus / 3600.0 if full_rate > 0 else 0.0
    launch_times = [co.launch_years for co in cohorts if len(co.launch_years)]
    all_launched = (sum(len(co.launch_years) for co in cohorts) == n_launches) and n_launches > 0
    first = min(float(t[0]) for t in launch_times) + plan.commissioning_years if launch_times else None
    full = (max(float(t[-1]) for t in launch_times) + plan.commissioning_years
            if all_launched else None)
    return {
        "satellites": n_sats,
        "gpus": gpus,
        "it_power_w": budget_sum("it_power_w"),
        "solar_array_area_m2": fleet_sum(lambda d: d.solar.area_m2),
        "radiator_area_m2": fleet_sum(lambda d: d.radiator.area_m2),
        "battery_capacity_wh": fleet_sum(lambda d: d.battery.capacity_wh),
        "solar_array_mass_kg": budget_sum("solar_array_mass_kg"),
        "radiator_mass_kg": budget_sum("radiator_mass_kg"),
        "battery_mass_kg": budget_sum("battery_mass_kg"),
        "satellite_mass_kg": budget_sum("mass_kg") / n_sats,
        "launch_mass_kg": budget_sum("mass_kg"),
        "launches": float(n_launches),
        "sunlit_fraction": shell_mean("sunlit"),
        "longest_eclipse_s": longest,
        "peak_radiator_temperature_k": peak_t,
        "orbit_average_throttle": shell_mean("throttle"),
        "orbit_average_flop_per_s": shell_mean("flop_per_s") * n_sats,
        "mean_delivered_flop_per_s": life_flop / (horizon * YEAR_S),
        "lifetime_flop": life_flop,
        "capex_usd": capex,
        "total_cost_usd": total_cost,
        "cost_per_exaflop_usd": total_cost / (life_flop / EXA) if life_flop > 0 else None,
        "cost_per_gpu_hour_usd": total_cost / gpu_hours if gpu_hours > 0 else None,
        "time_to_first_flop_years": first if first is not None and first <= horizon else None,
        "time_to_full_capacity_years": full if full is not None and full <= horizon else None,
    }
