"""One orbit of power, heat and compute for arrays of representative satellites.

The chain per time step (MODEL.md 3-6), all arrays broadcast to (..., P, T):
1. sunlight: solar flux, illuminated fraction (penumbra), panel incidence from the pointing mode;
2. heat: the radiator's rejectable heat at T_max; the payload is throttled to what it can reject;
3. power: array output vs load; the battery (periodic steady state) carries deficits within its
   depth of discharge; what it cannot carry throttles the payload further;
4. compute: delivered FLOP/s = GPUs alive × peak × utilization × (1 − SEU) × throttle;
5. the radiator temperature that rejects the heat actually produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from orbitdesk.core import compute, power, sun, thermal
from orbitdesk.core.constants import R_EARTH_KM
from orbitdesk.core.constellation import Representatives
from orbitdesk.core.ephemeris import sun_position_km
from orbitdesk.model.scenario import Battery, Bus, SatelliteDesign, SolarArray

SGP4_MAX_RADIUS_KM = 400_000.0  # about the Moon's distance: no Earth satellite's elements reach beyond


@dataclass(frozen=True)
class Sunlight:
    """What the Sun does to the representatives over the sampled times."""

    time_s: np.ndarray  # (..., 1, T) seconds since epoch
    dt_s: float
    flux_w_m2: np.ndarray  # (..., 1, T)
    illumination: np.ndarray  # (..., P, T) visible fraction of the solar disc
    sunlit: np.ndarray  # (..., P, T) Sun centre visible
    beta_rad: np.ndarray  # (..., P) at mid-orbit
    zenith_cos_sun: np.ndarray  # (..., P, T) cos of the Sun's angle from the local zenith
    known: np.ndarray  # (..., P, T) bool: the position is known (False where SGP4 reports a decay)


def sample_sunlight(reps: Representatives, epoch: datetime, start_s: np.ndarray,
                    steps: int) -> Sunlight:
    """One orbit of ``steps`` samples from each start time (start_s shape (M,) or ())."""
    start = np.asarray(start_s, dtype=float)
    dt = reps.period_s / steps
    t = start[..., None, None] + dt * np.arange(steps)  # (..., 1, T)
    r, normal = reps.positions_and_normals(t)
    sun_km = sun_position_km(epoch, t)  # (3, ..., 1, T)
    s_hat = sun_km / np.linalg.norm(sun_km, axis=0)
    radius = np.linalg.norm(r, axis=0)
    r_hat = r / radius
    mid = steps // 2
    # SGP4 returns NaN for a satellite that has decayed, or after it a position inside the Earth
    # or beyond the Moon: it reads as dark and powerless
    with np.errstate(invalid="ignore"):
        known = np.isfinite(r).all(axis=0) & (radius > R_EARTH_KM) & (radius < SGP4_MAX_RADIUS_KM)
    if start.ndim == 1 and known.ndim >= 3 and not known.all():
        # a decay is for good: lost at one start time, lost at every later one (starts ascending)
        known &= np.logical_and.accumulate(known.all(axis=-1), axis=0)[..., None]
    with np.errstate(invalid="ignore"):
        return Sunlight(
            time_s=t,
            dt_s=dt,
            flux_w_m2=sun.solar_flux_w_m2(sun_km),
            illumination=np.where(known, sun.illuminated_fraction(r, sun_km), 0.0),
            sunlit=sun.sunlit_mask(r, sun_km) & known,
            beta_rad=np.nan_to_num(sun.beta_angle_rad(normal[..., mid], sun_km[..., mid])),
            zenith_cos_sun=np.where(known, np.sum(r_hat * s_hat, axis=0), 0.0),
            known=known,
        )


def incidence_cos(pointing: str, light: Sunlight) -> np.ndarray:
    if pointing == "sun_tracking":
        return np.ones_like(light.illumination)
    if pointing == "single_axis":  # rotation axis normal to the orbit plane
        return np.broadcast_to(np.cos(light.beta_rad)[..., None], light.illumination.shape)
    return np.maximum(light.zenith_cos_sun, 0.0)  # body-fixed, zenith-facing


@dataclass(frozen=True)
class OrbitPhysics:
    """Per-satellite timelines, each (..., P, T)."""

    solar_power_w: np.ndarray
    load_w: np.ndarray
    battery_soc: np.ndarray  # fraction of nameplate capacity, after each step
    heat_demand_w: np.ndarray  # bus + the unthrottled payload: the heat the radiator is asked for
    heat_load_w: np.ndarray  # the heat actually produced (and rejected), after the throttle
    rejectable_heat_w: np.ndarray  # at the radiator's temperature limit
    radiator_temperature_k: np.ndarray
    thermal_throttle: np.ndarray
    throttle: np.ndarray  # thermal × power, 0..1, applied to the payload
    flop_per_s: np.ndarray
    bus_unpowered: np.ndarray  # bool: even the bus load could not be carried


@dataclass(frozen=True)
class Supply:
    """What the array and the battery offer: independent of the payload and the radiator, so an
    edit of either can reuse it (evaluate caches the mission-life one)."""

    solar_power_w: np.ndarray  # (..., P, T)
    floor_wh: np.ndarray  # battery energy the payload may not draw below (the bus to eclipse end)


def power_supply(solar: SolarArray, battery: Battery, bus: Bus, light: Sunlight,
                 age_years=0.0) -> Supply:
    eta = power.array_efficiency(solar.efficiency_bol, solar.degradation_per_year, age_years)
    p_solar = power.solar_power_w(light.flux_w_m2, solar.area_m2, eta, solar.packing_factor,
                                  incidence_cos(solar.pointing, light), light.illumination)
    hours = light.dt_s / 3600.0
    # the payload stops early enough that the battery still carries the bus to the end of the
    # deficit (eclipse) within its depth of discharge
    bus_need_wh = power.deficit_ahead(np.maximum(bus.power_w - p_solar, 0.0) * hours)
    bus_need_wh = np.concatenate([bus_need_wh[..., 1:], bus_need_wh[..., :1]], axis=-1)
    cap = battery.capacity_wh
    return Supply(p_solar, np.minimum(cap * (1.0 - battery.depth_of_discharge) + bus_need_wh, cap))


@dataclass(frozen=True)
class _Chain:
    """The heat and power chain up to the throttle (the part the mission life needs)."""

    solar_power_w: np.ndarray
    absorbed_w_m2: np.ndarray
    rejectable_heat_w: np.ndarray
    thermal_throttle: np.ndarray
    throttle: np.ndarray
    battery_wh: np.ndarray  # after each step
    unmet_wh: np.ndarray
    payload_wh: np.ndarray


def _chain(design: SatelliteDesign, light: Sunlight, supply: Supply, alive) -> _Chain:
    """The mission life runs this on about half a million samples per shell after every edit, so
    it works in place where it can and avoids np.where over whole arrays."""
    r, b, c = design.radiator, design.battery, design.compute
    shape = np.broadcast_shapes(supply.solar_power_w.shape, np.shape(alive))
    p_solar = np.broadcast_to(supply.solar_power_w, shape)
    payload_w = compute.it_power_w(c) * np.asarray(alive, dtype=float)  # per age: small
    bus_w = design.bus.power_w
    hours = light.dt_s / 3600.0
    no_payload = payload_w <= 0

    absorbed = thermal.absorbed_flux_w_m2(r.absorptivity_solar, r.emissivity, light.flux_w_m2,
                                          light.illumination, np.radians(r.sun_incidence_deg),
                                          r.earth_view_factor)
    rejectable = r.area_m2 * thermal.net_rejection_w_m2(r.emissivity, r.max_temperature_k,
                                                        absorbed, r.faces)
    # the payload share the radiator can reject beside the bus, 0..1 (1 with no payload)
    with np.errstate(divide="ignore", invalid="ignore"):
        th_heat = np.broadcast_to((rejectable - bus_w) / np.where(no_payload, 1.0, payload_w), shape).copy()
    _clip01(th_heat)
    if np.any(no_payload):
        th_heat[np.broadcast_to(no_payload, shape)] = 1.0
    payload_wh = th_heat * (payload_w * hours)  # the payload's energy per step after the throttle

    # battery: charging loses the round trip, discharging does not
    net = p_solar - th_heat * payload_w
    net -= bus_w
    delta_wh = np.maximum(net, 0.0)
    delta_wh *= b.round_trip_efficiency
    delta_wh += np.minimum(net, 0.0, out=net)
    delta_wh *= hours
    after, unmet_wh = power.battery_run(delta_wh, np.broadcast_to(supply.floor_wh, shape), b.capacity_wh)
    # what the battery could not give comes off the payload: 1 − min(unmet / payload, 1)
    th_power = np.divide(unmet_wh, payload_wh, out=np.zeros(shape), where=payload_wh > 0)
    np.minimum(th_power, 1.0, out=th_power)
    np.subtract(1.0, th_power, out=th_power)
    return _Chain(p_solar, absorbed, rejectable, th_heat, th_heat * th_power, after, unmet_wh,
                  payload_wh)


def _clip01(x: np.ndarray) -> None:
    np.maximum(x, 0.0, out=x)
    np.minimum(x, 1.0, out=x)


def payload_throttle(design: SatelliteDesign, light: Sunlight, supply: Supply, alive=1.0) -> np.ndarray:
    """Only the payload throttle (0..1) of the chain: what the mission-life timeline needs."""
    return _chain(design, light, supply, alive).throttle


def simulate(design: SatelliteDesign, light: Sunlight, age_years=0.0, alive=1.0,
             supply: Supply | None = None) -> OrbitPhysics:
    """Run the chain for one design; ``age_years`` and ``alive`` broadcast to (..., P, T).
    ``supply``: ``power_supply`` of this design, light and ages, if already computed."""
    r, b, c = design.radiator, design.battery, design.compute
    if supply is None:
        supply = power_supply(design.solar, b, design.bus, light, age_years)
    ch = _chain(design, light, supply, alive)
    used = design.bus.power_w + compute.it_power_w(c) * np.asarray(alive, dtype=float) * ch.throttle
    temp = thermal.equilibrium_temperature_k(used, r.area_m2, r.emissivity, ch.absorbed_w_m2, r.faces)
    flop = (compute.sustained_flop_per_s_per_gpu(c, design.radiation) * c.gpu_count
            * np.asarray(alive, dtype=float) * ch.throttle)
    cap = b.capacity_wh
    soc = ch.battery_wh / cap if cap > 0 else np.zeros_like(ch.battery_wh)
    shape = ch.solar_power_w.shape
    demand = design.bus.power_w + compute.it_power_w(c) * np.asarray(alive, dtype=float)
    return OrbitPhysics(
        solar_power_w=ch.solar_power_w, load_w=used, battery_soc=soc,
        heat_demand_w=np.broadcast_to(demand, shape).astype(float), heat_load_w=used,
        rejectable_heat_w=np.broadcast_to(ch.rejectable_heat_w, shape), radiator_temperature_k=temp,
        thermal_throttle=ch.thermal_throttle, throttle=ch.throttle, flop_per_s=flop,
        bus_unpowered=ch.unmet_wh > ch.payload_wh * (1 + 1e-9) + 1e-9,
    )


def longest_run_s(mask: np.ndarray, dt_s: float) -> np.ndarray:
    """Longest run of True along the last axis, wrapping around (one orbit repeats), in s."""
    m = np.concatenate([mask, mask], axis=-1)
    n = m.shape[-1]
    idx = np.arange(n)
    last_false = np.maximum.accumulate(np.where(~m, idx, -1), axis=-1)
    run = (idx - last_false).max(axis=-1)
    return np.minimum(run, mask.shape[-1]) * dt_s
