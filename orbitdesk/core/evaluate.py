"""``evaluate(scenario) -> Results``: the one entry point of the compute core.

The same call serves the GUI (on a worker thread), the command line and the tests.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from orbitdesk.core import checks, compute, economics, environment, orbit_sim, replenishment, seasons, station_keeping
from orbitdesk.core.budget import satellite_budget
from orbitdesk.core.constants import YEAR_S
from orbitdesk.core.constellation import orbit_key, representatives
from orbitdesk.core.data_segment import data_day, data_findings, data_segment_kpis, day_sample, site_round_trip_s
from orbitdesk.core.deployment import Cohorts, cumulative_trapezoid, interp_last_axis, plan_launches
from orbitdesk.core.findings import Finding
from orbitdesk.core.ground import ground_segment_kpis
from orbitdesk.core.kpis import compute_kpis
from orbitdesk.core.orbit_sim import (
    ArrayOutput,
    Supply,
    array_output,
    battery_floor_wh,
    longest_run_s,
    power_supply,
    sample_sunlight,
    simulate,
)
from orbitdesk.core.power import time_major
from orbitdesk.core.results import CalendarTimeline, ComputeStages, OrbitTimeline, Results, SeasonTimeline
from orbitdesk.core.terrestrial import evaluate_site
from orbitdesk.model.scenario import Battery, Bus, Scenario, SolarArray, TLESet

ORBIT_STEPS = 360  # samples of the one-orbit timeline (16 s at 650 km)
LIFE_STEPS = 96  # samples per orbit for the mission-life sampling
LIFE_PLANES = 8  # representative planes sampled for the mission life (evenly spread)
LIFE_SAMPLES_PER_YEAR = 12  # calendar grid: monthly
AGE_SAMPLES = 6  # satellite ages sampled over the horizon (degradation, failures; 11: lifetime FLOP within 0.4 %)


_orbit_key = orbit_key  # the shell as far as its sunlight goes (constellation.orbit_key)


@lru_cache(maxsize=16)
def _epoch_geometry(orbit, epoch, at_s: float = 0.0):
    """Representatives and the sunlight of one orbit from ``at_s`` after the epoch (the epoch orbit
    by default: the first stage's only geometry). The arrays are shared and made read-only."""
    reps = representatives(orbit, epoch)
    light = sample_sunlight(reps, epoch, np.asarray(float(at_s)), ORBIT_STEPS)
    _read_only(light)
    return reps, light


@lru_cache(maxsize=16)
def _life_geometry(orbit, epoch, years: tuple[float, ...]):
    """The mission-life samples: representative planes, the chosen orbits (seasons.LifeRows:
    eclipse seasons resolved) and their sunlight, (R, P, T), time-major (the satellite ages
    broadcast in front of it: (K, R, P, T), see _life_array). Keyed by the orbit, the epoch and
    the calendar grid only, so a design edit reuses it."""
    life_reps = _epoch_geometry(orbit, epoch)[0].subset(LIFE_PLANES)
    centres, subs = seasons.candidate_starts_s(np.asarray(years))
    starts = np.concatenate([centres, subs.reshape(-1)])
    order = np.argsort(starts, kind="stable")  # ascending: a TLE decay carries forward
    light = sample_sunlight(life_reps, epoch, starts[order], LIFE_STEPS)
    where = np.empty_like(order)
    where[order] = np.arange(order.size)  # candidate -> its row in ``light``
    sunlit = light.sunlit.mean(axis=-1)  # (N, P)
    m = centres.size
    rows = seasons.choose_rows(sunlit[where[:m]], sunlit[where[m:]].reshape(m, seasons.SUBSAMPLES, -1),
                               centres, subs)
    # the candidates' start times are distinct (no sub-sample falls on a point), so each chosen
    # row is found by its start in the sorted candidates
    index = np.searchsorted(starts[order], rows.start_s)
    chosen = seasons.take_rows(light, index)
    chosen = dataclasses.replace(chosen, **{  # time-major, the layout of the chain (orbit_sim.chain)
        f.name: time_major(getattr(chosen, f.name)) for f in dataclasses.fields(chosen)
        if isinstance(getattr(chosen, f.name), np.ndarray) and getattr(chosen, f.name).shape[-1] == LIFE_STEPS})
    eclipse = _longest_eclipses(chosen, rows, life_reps, epoch)
    _read_only(chosen)
    eclipse.flags.writeable = False
    return life_reps, rows, chosen, eclipse


REFINE_STEPS = 2 * ORBIT_STEPS  # the horizon's longest eclipses, to about 8 s at 650 km
REFINE_MAX_ORBITS = 16  # at most this many sampled orbits are sampled again (the longest first)


def _longest_eclipses(light, rows, reps, epoch) -> np.ndarray:
    """Longest eclipse of each sampled orbit and plane, s (R, P). The mission life samples 96
    steps an orbit (a minute at 650 km); the orbits within two such steps of the longest are
    sampled again at REFINE_STEPS, so the worst month's figure is not rounded to whole minutes
    (at most REFINE_MAX_ORBITS of them, the longest by their penumbra-weighted dark time: the
    default shell has 57 such near-ties and a 53° Walker shell of 1,000 planes all its 484, and
    refining them all took 2 s there; the others are held to the refined maximum)."""
    coarse = longest_run_s(~light.sunlit & light.known, light.dt_s)  # (R, P)
    top = coarse.max(axis=-1)
    again = np.flatnonzero((top > 0) & (top >= top.max() - 2 * light.dt_s))
    capped = again.size > REFINE_MAX_ORBITS
    if capped:  # many near-ties (a Walker shell's β ≈ 0 months): the longest by the penumbra-weighted
        # dark time, which resolves below a step, are sampled again
        dark = (np.where(light.known, 1.0 - light.illumination, 0.0).sum(axis=-1) * light.dt_s).max(axis=-1)
        again = np.sort(again[np.argsort(-dark[again], kind="stable")[:REFINE_MAX_ORBITS]])
    if again.size:
        fine = sample_sunlight(reps, epoch, rows.start_s[again], REFINE_STEPS)
        coarse[again] = longest_run_s(~fine.sunlit & fine.known, fine.dt_s)
        if capped:  # the others' whole-step figures may read up to a step long: none above the refined
            rest = np.setdiff1d(np.arange(coarse.shape[0]), again)
            coarse[rest] = np.minimum(coarse[rest], coarse[again].max())
    return coarse


# what sets a part's mass or price but not its power: the physics caches below are keyed without
# it, so a cost or mass edit (or a trade study varying one) reuses the array output and battery floor
_NOT_POWER = {SolarArray: {"cost_usd_per_w": 0.0, "specific_power_w_per_kg": 1.0},
              Battery: {"cost_usd_per_kwh": 0.0, "specific_energy_wh_per_kg": 1.0},
              Bus: {"mass_kg": 0.0, "structure_mass_fraction": 0.0, "cost_usd_per_kg": 0.0}}


def _power_parts(design):
    """(solar, battery, bus) of ``design`` as far as its power goes: the physics caches' keys."""
    return tuple(p.model_copy(update=_NOT_POWER[type(p)]) for p in (design.solar, design.battery, design.bus))


def _physics_design(design):
    """``design`` as far as the mission life's heat and power go (the key of ``_fresh_season``): no name,
    no prices or masses beside the radiator's (its thermal mass), and neither the failure rate
    (the satellites alive are a key of their own) nor the utilization or the peaks (they set the
    FLOP, not the heat: the mission life takes them after the cache)."""
    solar, battery, bus = _power_parts(design)
    return design.model_copy(update={
        "name": "-", "solar": solar, "battery": battery, "bus": bus,
        "radiator": design.radiator.model_copy(update={"cost_usd_per_m2": 0.0}),
        "compute": design.compute.model_copy(update={"gpu_unit_cost_usd": 0.0, "server_mass_kg_per_gpu": 1.0,
                                                     "failure_rate_per_year": 0.0, "utilization": 1.0})})


def _chain_design(design):
    """``_physics_design`` as far as the heat and power chain goes: without the radiator's thermal
    mass (its structure and coolant per m²), which only the transient temperature sees. A trade
    study drawing the radiator's areal mass recomputes the season's transient, not the chain."""
    return design.model_copy(update={"radiator": design.radiator.model_copy(
        update={"areal_mass_kg_per_m2": 1.0, "coolant_kg_per_m2": 0.0})})


@lru_cache(maxsize=8)
def _fresh_chain(design, orbit, epoch, years: tuple[float, ...]):
    """The chain (orbit_sim.chain) of fresh satellites, every GPU working, on the mission-life
    samples, (R, P, T): the season's physics and the mission life's first age. ``design``:
    ``_chain_design`` (read-only)."""
    life_light = _life_geometry(orbit, epoch, years)[2]
    supply = _life_supply(*_power_parts(design), orbit, epoch, years)
    fresh = orbit_sim.chain(design, life_light, Supply(supply.solar_power_w[0], supply.floor_wh[0]), 1.0)
    _read_only(fresh)
    return fresh


@lru_cache(maxsize=4)
def _fresh_season(design, orbit, epoch, years: tuple[float, ...]):
    """The fresh satellites' OrbitPhysics (R, P, T) on the mission-life samples (the Seasons tab
    and the horizon's warnings): ``design`` is ``_physics_design`` (the radiator's thermal mass
    sets the transient); its FLOP/s are at the key's utilization, not used (read-only)."""
    life_light = _life_geometry(orbit, epoch, years)[2]
    season = simulate(design, life_light, known_chain=_fresh_chain(_chain_design(design), orbit, epoch, years))
    _read_only(season)
    return season


@lru_cache(maxsize=16)
def _life_throttle(design, orbit, epoch, years: tuple[float, ...], alive: tuple[float, ...]):
    """(throttle, thermal) (R, K): the plane-weighted orbit means of the payload throttle and of
    what the radiator allows, per sampled orbit and satellite age, for ``design``
    (``_chain_design``) with ``alive`` the share of its GPUs working at each sampled age. A price,
    mass, utilization or launch edit, and a trade study varying only such inputs, reuse them;
    the first age, all GPUs working, is the fresh satellites' chain (read-only)."""
    life_reps, _, life_light, _ = _life_geometry(orbit, epoch, years)
    alive_k = np.asarray(alive, dtype=float)
    supply = _life_supply(*_power_parts(design), orbit, epoch, years)
    first = 1 if alive_k[0] == 1.0 else 0
    ch = orbit_sim.chain(design, life_light, Supply(supply.solar_power_w[first:], supply.floor_wh[first:]),
                         alive_k[first:, None, None, None])
    wl = life_reps.weights / life_reps.weights.sum()
    throttle, thermal = ch.throttle.mean(axis=-1) @ wl, ch.thermal_throttle.mean(axis=-1) @ wl  # (K, R)
    if first:
        fresh = _fresh_chain(design, orbit, epoch, years)
        throttle = np.concatenate([(fresh.throttle.mean(axis=-1) @ wl)[None], throttle])
        thermal = np.concatenate([(fresh.thermal_throttle.mean(axis=-1) @ wl)[None], thermal])
    throttle, thermal = throttle.T, thermal.T
    throttle.flags.writeable = thermal.flags.writeable = False
    return throttle, thermal


@lru_cache(maxsize=16)
def _epoch_physics(design, orbit, epoch, at_s: float):
    """The OrbitPhysics of the one orbit at ``at_s`` (the first stage) for ``design`` as far as
    its heat, power and FLOP/s go (``_physics_design`` with the utilization kept): a price, mass,
    failure-rate or launch edit reuses it (read-only)."""
    light = _epoch_geometry(orbit, epoch, at_s)[1]
    phys = simulate(design, light, supply=_epoch_supply(*_power_parts(design), orbit, epoch, at_s))
    _read_only(phys)
    return phys


@lru_cache(maxsize=16)
def _epoch_supply(solar, battery, bus, orbit, epoch, at_s: float):
    """The array output and battery floor of the one orbit at ``at_s`` (the first stage): a
    payload or radiator edit reuses them (read-only)."""
    supply = power_supply(solar, battery, bus, _epoch_geometry(orbit, epoch, at_s)[1])
    _read_only(supply)
    return supply


@lru_cache(maxsize=8)
def _life_array(solar, bus, orbit, epoch, years: tuple[float, ...]):
    """The array's output beside the bus over the mission-life samples (orbit_sim.ArrayOutput),
    (K, R, P, T) for the K satellite ages: independent of the battery, the payload and the
    radiator (read-only, time-major: memory (T, K, R, P), so that what varies by age, the
    payload's share alive, broadcasts over contiguous (R, P) blocks, 3× faster than with the age
    axis inside them)."""
    life_light = _life_geometry(orbit, epoch, years)[2]
    out = array_output(solar, bus, life_light, _ages(years)[:, None, None, None])
    out = ArrayOutput(*(time_major(getattr(out, f.name)) for f in dataclasses.fields(out)))
    _read_only(out)
    return out


@lru_cache(maxsize=8)
def _life_supply(solar, battery, bus, orbit, epoch, years: tuple[float, ...]):
    """The array output and battery floor over the mission-life samples: they depend on the
    array, battery and bus but not on the payload or the radiator, so a compute or radiator edit
    reuses them, and a battery edit the array's part (read-only arrays, shared between calls)."""
    out = _life_array(solar, bus, orbit, epoch, years)
    supply = Supply(out.solar_power_w, time_major(battery_floor_wh(battery, out)))  # time-major: the chain's
    _read_only(supply)
    return supply


def clear_caches() -> None:
    """Empty the physics caches (the benchmarks' new geometry, the cache tests)."""
    for cache in PHYSICS_CACHES:
        cache.cache_clear()


def _read_only(*parts) -> None:
    """Lock the arrays of cached dataclasses: they are shared between calls."""
    for part in parts:
        for f in dataclasses.fields(part):
            v = getattr(part, f.name)
            if isinstance(v, np.ndarray):
                v.flags.writeable = False


# every cache above: the benchmark's "new geometry" and the cache tests clear them all
PHYSICS_CACHES = (_epoch_geometry, _life_geometry, _fresh_chain, _fresh_season, _life_throttle, _epoch_physics,
                  _epoch_supply, _life_array, _life_supply)


def _ages(years: tuple[float, ...]) -> np.ndarray:
    """Satellite ages sampled over the horizon (degradation, failures)."""
    return np.linspace(0.0, years[-1], AGE_SAMPLES)


def _years(scenario: Scenario) -> np.ndarray:
    horizon = scenario.economics.analysis_years
    return np.linspace(0.0, horizon, max(int(round(horizon * LIFE_SAMPLES_PER_YEAR)), 1) + 1)


@dataclass(frozen=True)
class EpochOrbits:
    """The first, cheap stage of ``evaluate``: one orbit at the epoch for every shell (fresh
    satellites) and the warnings it raises. The GUI draws it before the mission life is ready,
    whose warnings replace the epoch orbit's thermal and power ones by the horizon's worst month."""

    scenario: Scenario
    orbits: tuple[OrbitTimeline, ...]
    warnings: tuple[Finding, ...]  # str values with .field: the scenario path to change
    element_warnings: tuple[Finding, ...] = ()  # those about TLE elements (kept by the life stage)
    at_s: float = 0.0  # the orbits start this long after the epoch (0: the epoch orbit)


def _plane_names(shell, reps) -> tuple[str, ...]:
    """Labels for a plane selector: TLE satellites by name, circular planes by their RAAN."""
    if reps.tle is not None:
        return tuple(r.name for r in reps.tle)
    if reps.count == 1:
        return ("Plane 1",) if shell.kind != "placed" else (shell.name,)
    raan = np.degrees(np.asarray(reps.elements.raan_rad, dtype=float).reshape(-1)) % 360.0
    return tuple(f"Plane {p + 1} (RAAN {r:.0f}°)" for p, r in enumerate(raan))


def epoch_orbits(scenario: Scenario, at_s: float = 0.0) -> EpochOrbits:
    """One orbit of every shell from ``at_s`` seconds after the epoch (the epoch orbit: 0), fresh
    satellites, and its warnings. The one-orbit view asks for other dates (its date control)."""
    timelines, warnings, elements = [], [], []
    when = checks.EPOCH if at_s == 0 else (
        f"on the orbit of {seasons.month_label(scenario.epoch, at_s / YEAR_S).split('around ')[1]}")
    for index, shell in enumerate(scenario.shells):
        design = environment.in_orbit(scenario.design(shell.design), shell)
        reps, light = _epoch_geometry(_orbit_key(shell), scenario.epoch, float(at_s))
        physics = _physics_design(design)
        physics = physics.model_copy(update={"compute": physics.compute.model_copy(
            update={"utilization": design.compute.utilization})})
        phys = _epoch_physics(physics, _orbit_key(shell), scenario.epoch, float(at_s))
        decayed = ~light.known.all(axis=-1)
        timelines.append(OrbitTimeline(
            shell=shell.name, design=design.name, time_s=light.time_s.reshape(-1),
            plane_satellites=reps.weights, beta_deg=np.degrees(light.beta_rad),
            sunlit=light.sunlit, solar_power_w=phys.solar_power_w, load_w=phys.load_w,
            battery_soc=phys.battery_soc, heat_load_w=phys.heat_load_w,
            rejectable_heat_w=phys.rejectable_heat_w,
            radiator_temperature_k=phys.radiator_temperature_k,
            max_temperature_k=design.radiator.max_temperature_k, throttle=phys.throttle,
            flop_per_s=phys.flop_per_s, heat_demand_w=phys.heat_demand_w,
            plane_names=_plane_names(shell, reps), decayed=decayed,
        ))
        if isinstance(shell, TLESet):
            elements += [f for f in (checks.stale_tle(scenario, index),
                                     checks.decayed_tle(scenario, index, decayed)) if f]
        fig = seasons.orbit_figures(light, phys, reps.weights)
        warnings += checks.orbit_findings(scenario, shell.name, design.name, fig, when)
    return EpochOrbits(scenario, tuple(timelines), (*elements, *warnings), tuple(elements), float(at_s))


def _season(scenario: Scenario, shell, design, life_reps, rows, life_light, eclipse_s, phys):
    """The shell's fresh satellites on every sampled orbit of the horizon: (SeasonTimeline,
    the horizon's warnings for its worst month). ``phys``: their OrbitPhysics (_fresh_season)."""
    light = life_light
    years = _years(scenario)
    timeline, per_point = _per_point(shell, design, rows, light, phys, life_reps.weights, years, eclipse_s)
    # satellites SGP4 decays within the horizon have their own warning (their last, low orbits
    # are long-eclipsed): the power and heat warnings judge the others
    lasting = light.known.all(axis=(0, -1))  # (P,)
    warnings = []
    if lasting.any():
        if not lasting.all():
            _, per_point = _per_point(shell, design, rows, light, phys, life_reps.weights * lasting, years,
                                      eclipse_s)
        for kind in checks.ORBIT_KINDS:
            m = _worst_point(per_point, kind)
            if m is None:
                continue
            when = checks.worst_month(seasons.month_label(scenario.epoch, years[m]))
            one = seasons.OrbitFigures(**{f.name: getattr(per_point, f.name)[m]
                                          for f in dataclasses.fields(per_point)})
            warnings += checks.orbit_findings(scenario, shell.name, design.name, one, when, kinds=(kind,))
    return timeline, warnings


def _per_point(shell, design, rows, light, phys, weights, years, eclipse_s):
    """(SeasonTimeline, OrbitFigures per calendar point) from the sampled orbits' physics;
    ``eclipse_s`` (R, P) the sampled orbits' longest eclipses (_longest_eclipses)."""
    fig = dataclasses.replace(seasons.orbit_figures(light, phys, weights),
                              longest_eclipse_s=eclipse_s.max(axis=-1))  # per row
    per_point = seasons.OrbitFigures(
        sunlit_fraction=rows.mean(fig.sunlit_fraction), longest_eclipse_s=rows.max(fig.longest_eclipse_s),
        peak_radiator_k=rows.max(fig.peak_radiator_k), min_battery_soc=rows.min(fig.min_battery_soc),
        thermal_throttle=rows.mean(fig.thermal_throttle), throttle=rows.mean(fig.throttle),
        power_lost=rows.mean(fig.power_lost), power_cut_s=rows.mean(fig.power_cut_s),
        collected_w=rows.mean(fig.collected_w), needed_w=rows.mean(fig.needed_w),
        bus_unpowered=rows.max(fig.bus_unpowered.astype(float)) > 0,
        min_radiator_k=rows.min(fig.min_radiator_k), below_freeze_s=rows.max(fig.below_freeze_s),
        heater_wh=rows.max(fig.heater_wh))
    # beta at each point's first sampled orbit (its own where one orbit stands for it)
    first_row = np.full(rows.points, len(rows.point))
    np.minimum.at(first_row, rows.point, np.arange(len(rows.point)))
    beta = np.degrees(light.beta_rad[first_row])
    timeline = SeasonTimeline(
        shell=shell.name, design=design.name, time_years=years, sunlit_fraction=per_point.sunlit_fraction,
        longest_eclipse_s=per_point.longest_eclipse_s, peak_radiator_temperature_k=per_point.peak_radiator_k,
        min_battery_soc=per_point.min_battery_soc, throttle=per_point.throttle, beta_deg=beta,
        plane_satellites=weights, min_radiator_temperature_k=per_point.min_radiator_k,
        radiator_below_freeze_s=per_point.below_freeze_s, heater_wh_per_orbit=per_point.heater_wh)
    return timeline, per_point


def _worst_point(fig, kind: str) -> int | None:
    """The calendar point where a warning of ``kind`` is worst, or None if it never arises."""
    if kind == "thermal":
        return int(np.argmin(fig.thermal_throttle)) if fig.thermal_throttle.min() < 0.999 else None
    if kind == "power":
        if fig.bus_unpowered.any():  # the longest eclipse among the months that lose the bus
            return int(np.argmax(np.where(fig.bus_unpowered, fig.longest_eclipse_s, -1.0)))
        return int(np.argmax(fig.power_lost)) if fig.power_lost.max() > 0.001 else None
    return int(np.argmax(fig.peak_radiator_k))  # radiator: orbit_findings checks its limit


def _drag_budget(scenario: Scenario, shell, design, budget, epoch_orbit):
    """station_keeping.shell_drag for a shell (None for a TLE set), β from its epoch orbit."""
    w = epoch_orbit.plane_satellites / epoch_orbit.plane_satellites.sum()
    beta = float(w @ np.abs(epoch_orbit.beta_deg))
    return station_keeping.shell_drag(shell, design, _dry_mass_kg(design, budget), scenario.epoch,
                                      scenario.launch.first_launch_years, scenario.economics.analysis_years, beta)


def _dry_mass_kg(design, budget) -> float:
    return budget.mass_kg + (design.propulsion.dry_mass_kg if design.propulsion.enabled else 0.0)


def _launch_mass_kg(design, budget, drag_budget) -> float:
    """A satellite as launched: its budget, the propulsion system and its propellant."""
    return _dry_mass_kg(design, budget) + (drag_budget.propellant_kg if drag_budget else 0.0)


def _drag_kpis(counts, masses, drags, designs) -> dict:
    n = float(sum(counts))
    circular = [(c, db) for c, db in zip(counts, drags, strict=True) if db is not None]
    propellant = sum(c * db.propellant_kg for c, db in circular)
    lives = [db.unpropelled_life_years for _, db in circular]
    return {
        "satellite_mass_kg": sum(c * m for c, m in zip(counts, masses, strict=True)) / n,
        "launch_mass_kg": sum(c * m for c, m in zip(counts, masses, strict=True)),
        "satellite_propellant_kg": propellant / n,
        "propellant_kg": propellant,
        "station_keeping_dv_m_s": (sum(c * db.dv_m_s for c, db in circular) / sum(c for c, _ in circular)
                                   if circular else None),
        "unpropelled_life_years": min(lives) if lives and np.isfinite(min(lives)) else None,
    }


def _season_kpis(scenario: Scenario, timelines, counts) -> tuple[dict, dict]:
    """Fresh satellites over the horizon, seasons resolved: the fleet's mean and worst-month
    figures, and the month in which each worst one falls."""
    years = timelines[0].time_years
    n = np.asarray(counts, dtype=float)
    share = n / n.sum()

    def fleet(name):  # (M,) satellite-weighted over shells
        return np.tensordot(share, np.array([getattr(t, name) for t in timelines]), axes=1)

    sunlit, throttle = fleet("sunlit_fraction"), fleet("throttle")
    eclipse = np.max([t.longest_eclipse_s for t in timelines], axis=0)
    peak = np.max([t.peak_radiator_temperature_k for t in timelines], axis=0)
    cold = np.min([t.min_radiator_temperature_k for t in timelines], axis=0)
    frozen = np.max([t.radiator_below_freeze_s for t in timelines], axis=0)
    heater = fleet("heater_wh_per_orbit")
    soc = np.min([t.min_battery_soc for t in timelines], axis=0)
    # the horizon's mean weighs each point as the trapezoid does (half weight at both ends)
    wt = np.gradient(years) if years.size > 1 else np.ones(1)
    wt = wt / wt.sum()
    picks = {
        "worst_month_sunlit_fraction": (sunlit, int(np.argmin(sunlit))),
        "worst_month_longest_eclipse_s": (eclipse, int(np.argmax(eclipse))),
        "worst_month_peak_radiator_temperature_k": (peak, int(np.argmax(peak))),
        "worst_month_min_battery_soc": (soc, int(np.argmin(soc))),
        "worst_month_throttle": (throttle, int(np.argmin(throttle))),
        "worst_month_min_radiator_temperature_k": (cold, int(np.argmin(cold))),
        "worst_month_radiator_below_freeze_s": (frozen, int(np.argmax(frozen))),
        "worst_month_heater_wh_per_orbit": (heater, int(np.argmax(heater))),
    }
    kpis = {key: float(values[m]) for key, (values, m) in picks.items()}
    kpis["horizon_sunlit_fraction"] = float(wt @ sunlit)
    kpis["horizon_throttle"] = float(wt @ throttle)
    notes = {key: seasons.month_label(scenario.epoch, years[m]).removeprefix("the month around ")
             for key, (_, m) in picks.items()}
    for key in ("worst_month_longest_eclipse_s", "worst_month_radiator_below_freeze_s",
                "worst_month_heater_wh_per_orbit"):
        if kpis[key] <= 0:
            notes.pop(key)  # never: no month to name
    return kpis, notes


@dataclass(frozen=True)
class FleetTotals:
    """What the whole fleet carries, summed over shells (fresh, unthrottled)."""

    satellites: float
    gpus: float
    it_power_w: float
    full_flop_per_s: float  # every GPU at its sustained rate (SEU downtime included)
    gpu_cost_usd: float


def _fleet_sum(scenario: Scenario, per_satellite) -> float:
    """Σ over shells of satellites × per_satellite(design)."""
    return float(sum(s.satellite_count * per_satellite(environment.in_orbit(scenario.design(s.design), s))
                     for s in scenario.shells))


def _fleet_totals(scenario: Scenario, budgets) -> FleetTotals:
    def total(per_satellite) -> float:
        return _fleet_sum(scenario, per_satellite)

    return FleetTotals(
        satellites=total(lambda d: 1.0),
        gpus=total(lambda d: d.compute.gpu_count),
        it_power_w=total(lambda d: budgets[d.name].it_power_w),
        full_flop_per_s=total(lambda d: d.compute.gpu_count
                              * compute.sustained_flop_per_s_per_gpu(d.compute, d.radiation)),
        gpu_cost_usd=total(lambda d: d.compute.gpu_count * d.compute.gpu_unit_cost_usd),
    )


def evaluate(scenario: Scenario, first_stage: EpochOrbits | None = None) -> Results:
    """Everything: the epoch orbits (``first_stage`` if already computed for this scenario) and
    the mission-life timelines, KPIs and terrestrial alternatives."""
    if first_stage is None or first_stage.scenario is not scenario:
        first_stage = epoch_orbits(scenario)
    epoch, horizon = scenario.epoch, scenario.economics.analysis_years
    plan = scenario.launch
    years = _years(scenario)
    ages = _ages(tuple(years.tolist()))
    budgets = {d.name: satellite_budget(d) for d in scenario.designs}
    shells = scenario.shells
    designs = [environment.in_orbit(scenario.design(s.design), s) for s in shells]  # dose, SEU of the orbit
    counts = [s.satellite_count for s in shells]
    drags = [_drag_budget(scenario, s, d, budgets[d.name], tl) for s, d, tl in zip(shells, designs, first_stage.orbits,
                                                                                   strict=True)]
    masses = [_launch_mass_kg(d, budgets[d.name], db) for d, db in zip(designs, drags, strict=True)]
    cohorts, launches_needed, warnings = plan_launches(counts, masses, plan, horizon, shells=shells)
    # the epoch orbit's thermal and power warnings give way to the horizon's worst month
    warnings = [*first_stage.element_warnings, *map(checks.launch_finding, warnings)]
    warnings += [f for i, (d, db) in enumerate(zip(designs, drags, strict=True))
                 if (f := checks.drag_finding(scenario, i, d, db, masses[i]))]
    season_timelines, notes = [], {}
    stages = []  # per shell: FLOP/s after each ComputeStages stage (the delivered-compute waterfall)

    flop = np.zeros_like(years)
    gpus_working = np.zeros_like(years)
    deployed = np.zeros_like(years)
    cost = np.full_like(years, scenario.economics.nonrecurring_cost_usd)
    replaced = []  # per shell: its replacement launches (replenishment.Replenishment)
    shell_peaks = []  # per shell: its highest delivered FLOP/s (the data segment carries the full fleet)
    for index, (shell, design, co) in enumerate(zip(shells, designs, cohorts, strict=True)):
        key = tuple(years.tolist())
        orbit = _orbit_key(shell)
        life_reps, rows, life_light, eclipse_s = _life_geometry(orbit, epoch, key)
        if isinstance(shell, TLESet):  # known at a point: on all its sampled orbits
            known = rows.min(life_light.known.all(axis=-1)) > 0.5  # (M, P)
            lost = checks.decayed_in_life(scenario, index, years, known[..., None], life_reps.weights)
            warnings += [lost] if lost else []
        b = budgets[design.name]
        c = design.compute

        # mission life: sampled planes × calendar dates × satellite ages
        dose_life = compute.dose_life_years(design.radiation)
        db = drags[index]
        if db is not None and not design.propulsion.enabled:  # no thrusters: re-entry ends the life
            dose_life = min(dose_life, db.unpropelled_life_years - plan.commissioning_years)
        alive_k = compute.alive_fraction(ages, c.failure_rate_per_year, dose_life)
        physics = _physics_design(design)
        throttle_rk, thermal_rk = _life_throttle(_chain_design(physics), orbit, epoch, key, tuple(alive_k.tolist()))
        timeline, found = _season(scenario, shell, design, life_reps, rows, life_light, eclipse_s,
                                  _fresh_season(physics, orbit, epoch, key))
        season_timelines.append(timeline)
        warnings += found
        short = checks.short_dose_life(scenario, design.name, dose_life, 1.0 / LIFE_SAMPLES_PER_YEAR)
        if short and short not in warnings:
            warnings.append(short)
        throttle_mk = rows.mean(throttle_rk)  # (M, K): per calendar point and age
        # the power chain's share of what the radiator allows, per calendar point and age: a ratio
        # of orbit means (1 where heat allows none, so the heat stage takes all of that loss)
        thermal_mk = rows.mean(thermal_rk)
        power_mk = np.divide(throttle_mk, thermal_mk, out=np.ones_like(throttle_mk), where=thermal_mk > 0)
        # replacement launches (launch.replenishment) fly as more cohorts: FLOP and cost count them
        replaced.append(replenishment.for_shell(
            plan, horizon, years, co.launch_years, co.satellites,
            lambda a, c=c, life=dose_life: compute.alive_fraction(a, c.failure_rate_per_year, life),
            b.hardware_cost_usd, np.concatenate([*(k.launch_years for k in cohorts),
                                                 *(r.launch_years for r in replaced)])))
        fleet = Cohorts(np.concatenate([co.launch_years, replaced[-1].launch_years]),
                        np.concatenate([co.satellites, replaced[-1].satellites]))

        age = years[:, None] - (fleet.launch_years + plan.commissioning_years)[None, :]
        alive = compute.alive_fraction(age, c.failure_rate_per_year, dose_life)
        gpus_ml = fleet.satellites[None, :] * c.gpu_count * alive
        gpus_working += gpus_ml.sum(axis=1)
        per_gpu = compute.sustained_flop_per_s_per_gpu(c, design.radiation)
        shell_flop = (gpus_ml * interp_last_axis(throttle_mk, ages, age)).sum(axis=1) * per_gpu
        flop += shell_flop
        shell_peaks.append(float(shell_flop.max()))
        # the waterfall's stages: the planned shell flying from the epoch (its age the calendar's)
        peak = shell.satellite_count * c.gpu_count * compute.gpu_spec(c).peak_flop_per_s * np.ones_like(years)
        sustained = shell.satellite_count * c.gpu_count * per_gpu * np.ones_like(years)
        held = interp_last_axis(throttle_mk, ages, years[:, None])[:, 0]
        stages.append(np.stack([peak, peak * c.utilization, sustained,
                                sustained * interp_last_axis(power_mk, ages, years[:, None])[:, 0], sustained * held,
                                sustained * held * compute.alive_fraction(years, c.failure_rate_per_year, dose_life),
                                shell_flop]))
        launched = years[:, None] >= co.launch_years[None, :]
        deployed += (launched * co.satellites[None, :]).sum(axis=1)
        bought = years[:, None] >= fleet.launch_years[None, :]  # replacements included
        per_launch_cost = fleet.satellites * b.hardware_cost_usd + plan.capacity_kg * plan.cost_usd_per_kg
        cost += (bought * per_launch_cost[None, :]).sum(axis=1)

    first_launch = plan.first_launch_years
    yearly = scenario.economics.operations_usd_per_year + sum(g.cost_usd_per_year for g in scenario.ground_stations)
    cost += yearly * np.maximum(years - first_launch, 0.0)  # operations and the stations' service
    cum_flop = cumulative_trapezoid(flop, years)
    orbital = CalendarTimeline("Orbital", years, flop, cum_flop, cost, gpus_working, deployed)
    undeployed = checks.undeployed_fleet(scenario, int(sum(launches_needed)),
                                         sum(len(co.launch_years) for co in cohorts), float(deployed[-1]))
    if undeployed:
        warnings.append(undeployed)

    totals = _fleet_totals(scenario, budgets)
    kpis = _orbital_kpis(scenario, first_stage.orbits, orbital, budgets, totals, launches_needed,
                         cohorts)
    kpis.update(ground_segment_kpis(scenario))
    kpis.update(replenishment.kpis(plan, replaced, kpis.get("co2e_kg")))  # launch CO2e counts them too
    horizon_kpis, notes = _season_kpis(scenario, season_timelines, counts)
    kpis.update(horizon_kpis)
    day = day_sample(scenario)
    data_kpis, data_notes = data_segment_kpis(scenario, shell_peaks, day)
    kpis.update(data_kpis)
    notes.update(data_notes)
    warnings += data_findings(scenario, shell_peaks, day)
    if data_kpis.get("useful_compute_share") is not None:  # the compute the data segment lets the workloads use
        useful = kpis["lifetime_flop"] * data_kpis["useful_compute_share"]
        kpis["useful_lifetime_flop"] = useful
        kpis["cost_per_useful_exaflop_usd"] = kpis["total_cost_usd"] / useful * 1e18 if useful > 0 else None
    else:
        kpis["useful_lifetime_flop"] = kpis["cost_per_useful_exaflop_usd"] = None
    kpis.update(_drag_kpis(counts, masses, drags, designs))
    kpis.update({  # the orbits' environment (designs in their shells' orbits)
        "dose_rate_rad_per_year": max(d.radiation.dose_rate_rad_per_year for d in designs),
        "dose_life_years": min(compute.dose_life_years(d.radiation) for d in designs),
        "seu_downtime_fraction": float(np.average([d.radiation.seu_downtime_fraction for d in designs],
                                                  weights=counts)),
    })

    # terrestrial alternatives: the same GPUs on the ground (sustained rate without SEU downtime)
    ground_full_flop = _fleet_sum(scenario, lambda d: d.compute.gpu_count
                                  * compute.sustained_flop_per_s_per_gpu(d.compute))
    ground_peak = _fleet_sum(scenario, lambda d: d.compute.gpu_count * compute.gpu_spec(d.compute).peak_flop_per_s)
    ground, ground_kpis = [], {}
    for site in scenario.terrestrial:
        tl, k = evaluate_site(site, years, totals.gpus, totals.it_power_w, ground_full_flop,
                              totals.gpu_cost_usd / totals.gpus,
                              peak_flop_per_s_per_gpu=ground_peak / totals.gpus,
                              discount_rate=scenario.economics.discount_rate_per_year)
        ground.append(tl)
        rtt = site_round_trip_s(scenario.network, site)  # fibre both ways: the same all day
        ground_kpis[site.name] = {**k, "user_round_trip_p50_s": rtt, "user_round_trip_p95_s": rtt,
                                  "cost_per_useful_exaflop_usd": k.get("cost_per_exaflop_usd")}

    return Results(scenario.name, first_stage.orbits, orbital, tuple(ground), kpis,
                   ground_kpis, tuple(warnings), tuple(season_timelines), notes,
                   stages=ComputeStages(years, tuple(s.name for s in shells), np.array(stages)),
                   data_day=data_day(scenario, day))


def _orbital_kpis(scenario, orbit_timelines, orbital, budgets, totals, launches_needed,
                  cohorts) -> dict:
    counts = [s.satellite_count for s in scenario.shells]

    def budget_sum(attr) -> float:
        return _fleet_sum(scenario, lambda d: getattr(budgets[d.name], attr))

    def design_sum(per_design) -> float:
        return _fleet_sum(scenario, per_design)

    def shell_mean(name) -> float:  # satellite-weighted over shells and the epoch orbit
        return sum(float(tl.fleet_mean(name).mean()) * n
                   for tl, n in zip(orbit_timelines, counts, strict=True)) / n_sats

    n_sats = totals.satellites
    longest = max(float(longest_run_s(~tl.sunlit, tl.time_s[1] - tl.time_s[0]).max())
                  for tl in orbit_timelines)
    peak_t = max(float(tl.radiator_temperature_k.max()) for tl in orbit_timelines)
    plan = scenario.launch
    n_launches = int(sum(launches_needed))
    capex = (scenario.economics.nonrecurring_cost_usd + budget_sum("hardware_cost_usd")
             + n_launches * plan.capacity_kg * plan.cost_usd_per_kg)
    full_rate, gpus = totals.full_flop_per_s, totals.gpus
    launch_times = [co.launch_years for co in cohorts if len(co.launch_years)]
    all_launched = (sum(len(co.launch_years) for co in cohorts) == n_launches) and n_launches > 0
    first = min(float(t[0]) for t in launch_times) + plan.commissioning_years if launch_times else None
    full = (max(float(t[-1]) for t in launch_times) + plan.commissioning_years
            if all_launched else None)
    def per_satellite(value: float) -> float:  # satellite-weighted mean over the fleet's designs
        return value / n_sats

    peak_per_gpu = design_sum(lambda d: d.compute.gpu_count * compute.gpu_spec(d.compute).peak_flop_per_s) / gpus
    launch_years = np.concatenate([co.launch_years for co in cohorts]) if cohorts else np.empty(0)
    co2e = economics.launch_co2e_kg(orbital.time_years, launch_years, plan.capacity_kg, plan.co2e_kg_per_kg)
    shared = compute_kpis(  # the KPIs the terrestrial sites report too, by the same formulas
        orbital.time_years, orbital.cumulative_cost_usd, orbital.cumulative_flop, gpus=gpus,
        it_power_w=totals.it_power_w, capex_usd=capex,
        sustained_flop_per_s_per_gpu=full_rate / gpus if gpus > 0 else 0.0, peak_flop_per_s_per_gpu=peak_per_gpu,
        cumulative_co2e_kg=co2e, first_flop_years=first, full_capacity_years=full,
        discount_rate=scenario.economics.discount_rate_per_year)

    return {
        "satellite_gpus": per_satellite(gpus),
        "satellite_it_power_w": per_satellite(totals.it_power_w),
        "satellite_solar_array_area_m2": per_satellite(design_sum(lambda d: d.solar.area_m2)),
        "satellite_radiator_area_m2": per_satellite(design_sum(lambda d: d.radiator.area_m2)),
        "satellite_battery_capacity_wh": per_satellite(design_sum(lambda d: d.battery.capacity_wh)),
        "satellite_solar_array_mass_kg": per_satellite(budget_sum("solar_array_mass_kg")),
        "satellite_radiator_mass_kg": per_satellite(budget_sum("radiator_mass_kg")),
        "satellite_battery_mass_kg": per_satellite(budget_sum("battery_mass_kg")),
        "satellites": n_sats,
        "gpus": shared["gpus"],
        "it_power_w": shared["it_power_w"],
        "solar_array_area_m2": design_sum(lambda d: d.solar.area_m2),
        "radiator_area_m2": design_sum(lambda d: d.radiator.area_m2),
        "battery_capacity_wh": design_sum(lambda d: d.battery.capacity_wh),
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
        **shared,  # mean and lifetime FLOP, costs, $/exaFLOP, $/GPU-hour, CO2e, milestones
    }
