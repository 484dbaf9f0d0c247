"""One orbit of power, heat and compute for arrays of representative satellites.

The chain per time step (MODEL.md 3-6), all arrays broadcast to (..., P, T):
1. sunlight: solar flux, illuminated fraction (penumbra), panel incidence from the pointing mode;
2. heat: the radiator's rejectable heat at T_max; the payload is throttled to what it can reject;
3. power: array output vs load; the battery (periodic steady state) carries deficits within its
   depth of discharge; what it cannot carry throttles the payload further;
4. compute: delivered FLOP/s = GPUs alive × peak × utilization × (1 − SEU) × throttle;
5. the radiator temperature: its lumped node's periodic transient (MODEL.md §12) under the heat
   actually produced (the charging loss included), with a heater at the coolant's freezing limit.

Energy is conserved on every timeline: the battery's floor only rises as fast as the bus alone can
charge it (``power.reachable_floor``), so each clip at it is a load cut (payload first, then
bus) that gives exactly the energy the clip adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from orbitdesk.core import array_temperature, compute, power, sun, thermal, thermal_transient
from orbitdesk.core.constants import R_EARTH_KM
from orbitdesk.core.constellation import Representatives
from orbitdesk.core.ephemeris import sun_position_km
from orbitdesk.model.scenario import Battery, Bus, SatelliteDesign, SolarArray

# the radiator's periodic orbit closes to 0.01 K (a tenth of the transient's tolerance against
# orbital-thermal): one sweep of the mission horizon's orbits fewer than at 0.001 K
RADIATOR_TOL_K = 0.01
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
    radius_km: np.ndarray | None = None  # (..., P, T) distance from the Earth's centre (None: no
    # Earth in view of the array, for a made-up light; unknown positions read as far away)


def _sun_over_orbits(epoch: datetime, t: np.ndarray) -> np.ndarray:
    """The Sun's position at times ``t`` (..., T), each row one orbit: from the ephemeris at the
    row's first and last step, linear between. Over one orbit (~100 min) the Sun moves ~0.07°
    as seen from the Earth, so the chord departs from the arc by ~2e-7 of its distance (a shadow
    edge moves by well under a millisecond), and the ephemeris is read 2 times an orbit instead
    of T (the mission life reads hundreds of orbits)."""
    t = np.asarray(t, dtype=float)
    if t.shape[-1] <= 2:
        return sun_position_km(epoch, t)
    ends = sun_position_km(epoch, t[..., [0, -1]])  # (3, ..., 2)
    span = t[..., -1:] - t[..., :1]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(span > 0, (t - t[..., :1]) / span, 0.0)
    return ends[..., :1] + (ends[..., 1:] - ends[..., :1]) * frac


def sample_sunlight(reps: Representatives, epoch: datetime, start_s: np.ndarray,
                    steps: int) -> Sunlight:
    """One orbit of ``steps`` samples from each start time (start_s shape (M,) or ())."""
    start = np.asarray(start_s, dtype=float)
    dt = reps.period_s / steps
    t = start[..., None, None] + dt * np.arange(steps)  # (..., 1, T)
    r, normal = reps.positions_and_normals(t)
    sun_km = _sun_over_orbits(epoch, t)  # (3, ..., 1, T)
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
            radius_km=np.where(known, radius, np.inf),
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
    load_w: np.ndarray  # what the bus and payload draw (an unpowered bus's share left out), W
    battery_soc: np.ndarray  # fraction of nameplate capacity, after each step
    heat_demand_w: np.ndarray  # bus + the unthrottled payload: the heat the radiator is asked for
    heat_load_w: np.ndarray  # bus and payload heat after the throttle (= load_w), W; the radiator
    # rejects it, the battery's charge_loss_w and the heater_w
    rejectable_heat_w: np.ndarray  # at the radiator's temperature limit
    radiator_temperature_k: np.ndarray  # the lumped node's periodic transient (heater included)
    thermal_throttle: np.ndarray
    throttle: np.ndarray  # thermal × power, 0..1, applied to the payload
    flop_per_s: np.ndarray
    bus_unpowered: np.ndarray  # bool: even the bus load could not be carried
    heater_w: np.ndarray  # radiator heater holding the coolant's freezing limit, W (from the bus)
    charge_loss_w: np.ndarray  # battery round-trip loss, taken on charge: heat the radiator rejects, W
    radiator_converged: np.ndarray  # (..., P) bool: the radiator's periodic transient closes
    below_freeze: np.ndarray  # bool: the radiator below its coolant's freezing limit (heater short)


@dataclass(frozen=True)
class Supply:
    """What the array and the battery offer: independent of the payload and the radiator, so an
    edit of either can reuse it (evaluate caches the mission-life one)."""

    solar_power_w: np.ndarray  # (..., P, T)
    # battery energy the payload may not draw below (the bus to the end of the eclipse), reachable:
    # it rises no faster than the bus alone charges, so every clip at it is a real cut of the load
    floor_wh: np.ndarray


def front_nadir_cos(pointing: str, light: Sunlight) -> np.ndarray:
    """Cosine of the angle between the array's front normal and nadir (its Earth view)."""
    if pointing == "sun_tracking":  # the normal is the Sun's direction
        return -light.zenith_cos_sun
    if pointing == "single_axis":  # the Sun's direction projected into the orbit plane
        with np.errstate(divide="ignore", invalid="ignore"):
            c = -light.zenith_cos_sun / np.cos(light.beta_rad)[..., None]
        return np.clip(np.nan_to_num(c), -1.0, 1.0)
    return np.full_like(light.zenith_cos_sun, -1.0)  # body-fixed: the front faces the zenith


def array_temperature_k(solar: SolarArray, light: Sunlight, efficiency) -> np.ndarray:
    """The array's sunlit equilibrium temperature at each step, K (``array_temperature``): the
    Sun, the Earth and the load of that step's geometry, full Sun (a penumbra scales the output,
    not the temperature); ``efficiency`` the cells' aged efficiency at the reference temperature."""
    return array_temperature.equilibrium_k(
        light.flux_w_m2, incidence_cos(solar.pointing, light), light.radius_km,
        front_nadir_cos(solar.pointing, light), light.zenith_cos_sun, efficiency, solar.packing_factor,
        solar.temperature_coefficient_per_k)


def temperature_factor(solar: SolarArray, light: Sunlight, efficiency) -> np.ndarray:
    """η(T)/η(T_ref) at each step for the aged efficiencies ``efficiency`` (scalar, or one per
    satellite age broadcasting against the light). Many ages: the temperature is solved at the
    least and the most efficient only and the factor interpolated linearly in η between them
    (T⁴ is linear in the extracted power; over the 14 % of a 10-year GaAs loss the departure is
    below 0.1 K), an eleventh of the work on the mission life's samples."""
    beta = solar.temperature_coefficient_per_k
    e = np.asarray(efficiency, dtype=float)
    lo, hi = (float(e.min()), float(e.max())) if e.size else (0.0, 0.0)
    if e.size <= 1 or hi <= lo:
        return array_temperature.efficiency_factor(array_temperature_k(solar, light, e), beta)
    ends = np.array([lo, hi]).reshape((2,) + (1,) * np.ndim(light.illumination))
    f_lo, f_hi = array_temperature.efficiency_factor(array_temperature_k(solar, light, ends), beta)
    return f_lo + (f_hi - f_lo) * ((e - lo) / (hi - lo))


@dataclass(frozen=True)
class ArrayOutput:
    """The array beside the bus: what ``power_supply`` needs that does not depend on the
    battery (so a battery edit reuses it), arrays (..., P, T)."""

    solar_power_w: np.ndarray
    surplus_wh: np.ndarray  # array output minus the bus, per step
    bus_need_wh: np.ndarray  # the bus's energy still needed to the end of the deficit (eclipse) ahead


def array_output(solar: SolarArray, bus: Bus, light: Sunlight, age_years=0.0) -> ArrayOutput:
    eta = power.array_efficiency(solar.efficiency_bol, solar.degradation_per_year, age_years)
    eta = eta * temperature_factor(solar, light, eta)  # MODEL.md §3: the cells at the array's temperature
    p_solar = power.solar_power_w(light.flux_w_m2, solar.area_m2, eta, solar.packing_factor,
                                  incidence_cos(solar.pointing, light), light.illumination)
    hours = light.dt_s / 3600.0
    surplus_wh = (p_solar - bus.power_w) * hours  # the array beside the bus alone
    # the payload stops early enough that the battery still carries the bus to the end of the
    # deficit (eclipse) within its depth of discharge
    bus_need_wh = power.deficit_ahead(np.maximum(-surplus_wh, 0.0))
    bus_need_wh = np.concatenate([bus_need_wh[..., 1:], bus_need_wh[..., :1]], axis=-1)
    return ArrayOutput(p_solar, surplus_wh, bus_need_wh)


def battery_floor_wh(battery: Battery, out: ArrayOutput) -> np.ndarray:
    """The payload's battery floor (``Supply.floor_wh``) for the array output ``out``."""
    cap = battery.capacity_wh
    empty = cap * (1.0 - battery.depth_of_discharge)
    floor = np.minimum(empty + out.bus_need_wh, cap)
    # a floor that rises faster than the bus alone can charge is met earlier (energy balance)
    return power.reachable_floor(floor, power.charge_delta_wh(out.surplus_wh, battery.round_trip_efficiency),
                                 empty, cap)


def power_supply(solar: SolarArray, battery: Battery, bus: Bus, light: Sunlight,
                 age_years=0.0) -> Supply:
    out = array_output(solar, bus, light, age_years)
    return Supply(out.solar_power_w, battery_floor_wh(battery, out))


@dataclass(frozen=True)
class _Chain:
    """The heat and power chain up to the throttle (the part the mission life needs)."""

    solar_power_w: np.ndarray
    absorbed_w_m2: np.ndarray
    rejectable_heat_w: np.ndarray
    thermal_throttle: np.ndarray
    throttle: np.ndarray
    battery_wh: np.ndarray  # after each step
    cut_wh: np.ndarray  # load cut per step for want of power: the payload's first, then the bus's


def _time_first(a, ndim: int):
    """A timeline (…, T) as a (T, …) view with ``ndim`` axes (leading axes of size 1 added first,
    so it broadcasts as the time-last array did): contiguous where its memory is time-major (the
    mission life keeps its arrays so), and numpy's results then are too. A scalar stays one."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return a
    return np.moveaxis(a.reshape((1,) * (ndim - a.ndim) + a.shape), -1, 0)


def chain(design: SatelliteDesign, light: Sunlight, supply: Supply, alive) -> _Chain:
    """The heat and power chain up to the throttle: what the mission life needs of it (its
    satellite age 0 also gives the season's fresh satellites to ``simulate``).

    The mission life runs this on about half a million samples per shell after every edit, so
    it works time-first (the battery sweeps along time, and mixed memory layouts make numpy
    stride) and in place where it can, and avoids np.where over whole arrays. Returned arrays
    are (..., P, T) views of time-major memory.

    Energy: the battery is clip(x + δ, floor, capacity) with δ = charge_delta_wh(array − load),
    the round-trip loss taken on charge. A clip up to the (reachable) floor is a cut of the load
    that gives exactly the missing energy: the inverse of the charge map, g(δ) = δ + (1/η − 1)·δ⁺,
    so cut = g(δ + shortfall) − g(δ); the payload gives it first and the bus the rest. A clip at
    the capacity is array output left unused."""
    r, b, c = design.radiator, design.battery, design.compute
    shape = np.broadcast_shapes(supply.solar_power_w.shape, np.shape(alive))
    nd = len(shape)
    tshape = shape[-1:] + shape[:-1]

    def tf(a):
        return _time_first(a, nd)

    p_solar = np.broadcast_to(tf(supply.solar_power_w), tshape)
    payload_w = compute.it_power_w(c) * tf(alive)  # per age: small
    bus_w = design.bus.power_w
    hours = light.dt_s / 3600.0
    no_payload = payload_w <= 0

    absorbed = thermal.absorbed_flux_w_m2(r.absorptivity_solar, r.emissivity, tf(light.flux_w_m2),
                                          tf(light.illumination), np.radians(r.sun_incidence_deg),
                                          r.earth_view_factor)
    rejectable = r.area_m2 * thermal.net_rejection_w_m2(r.emissivity, r.max_temperature_k,
                                                        absorbed, r.faces)
    # the payload share the radiator can reject beside the bus, 0..1 (1 with no payload)
    th_heat = np.empty(tshape)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(rejectable - bus_w, np.where(no_payload, 1.0, payload_w), out=th_heat)
    _clip01(th_heat)
    if np.any(no_payload):
        th_heat[np.broadcast_to(no_payload, tshape)] = 1.0

    eta = b.round_trip_efficiency
    net_wh = p_solar - th_heat * payload_w  # array − load, per step: g(δ)
    net_wh -= bus_w
    net_wh *= hours
    delta_wh = np.maximum(net_wh, 0.0)
    delta_wh *= eta - 1.0
    delta_wh += net_wh  # δ: stored after the charge loss, drawn in full
    after, short = power.battery_run(np.moveaxis(delta_wh, 0, -1), np.broadcast_to(supply.floor_wh, shape),
                                     b.capacity_wh)
    # the load cut that gives the shortfall s: g(δ + s) − g(δ) = s + (1/η − 1)·((δ + s)⁺ − δ⁺),
    # exactly 0 where s is
    short = tf(short)
    cut = short + delta_wh
    np.maximum(cut, 0.0, out=cut)
    cut -= np.maximum(delta_wh, 0.0, out=delta_wh)
    cut *= 1.0 / eta - 1.0
    cut += short
    # the payload gives it first: throttle = th_heat − min(cut / payload energy, th_heat)
    with np.errstate(divide="ignore"):
        per_wh = np.where(no_payload, 0.0, -1.0 / np.where(no_payload, 1.0, payload_w * hours))
    throttle = cut * per_wh
    throttle += th_heat
    np.maximum(throttle, 0.0, out=throttle)

    def back(a):
        return np.moveaxis(a, 0, -1)

    return _Chain(back(p_solar), back(absorbed), back(rejectable), back(th_heat), back(throttle), after, back(cut))


def _rise(x: np.ndarray) -> np.ndarray:
    """max(x[t] − x[t − 1], 0) along the last axis, wrapping around (a periodic orbit), worked
    time-first: np.roll strides through the mission life's time-major arrays."""
    xt = np.moveaxis(x, -1, 0)
    out = np.empty_like(xt)
    np.subtract(xt[1:], xt[:-1], out=out[1:])
    np.subtract(xt[:1], xt[-1:], out=out[:1])
    np.maximum(out, 0.0, out=out)
    return np.moveaxis(out, 0, -1)


def _clip01(x: np.ndarray) -> None:
    np.maximum(x, 0.0, out=x)
    np.minimum(x, 1.0, out=x)


def payload_throttle(design: SatelliteDesign, light: Sunlight, supply: Supply, alive=1.0) -> np.ndarray:
    """Only the payload throttle (0..1) of the chain: what the mission-life timeline needs."""
    return chain(design, light, supply, alive).throttle


def simulate(design: SatelliteDesign, light: Sunlight, age_years=0.0, alive=1.0,
             supply: Supply | None = None, known_chain: _Chain | None = None) -> OrbitPhysics:
    """Run the chain for one design; ``age_years`` and ``alive`` broadcast to (..., P, T).
    ``supply``: ``power_supply`` of this design, light and ages, if already computed;
    ``known_chain``: ``chain`` of this design, light, supply and ``alive``, if already computed.

    The radiator temperature is the periodic transient of its lumped node (MODEL.md §12,
    ``thermal_transient``) under the heat produced: the payload and the bus as powered
    (``heat_load_w``) and the battery's charging loss (``charge_loss_w``); its heater holds the
    coolant's freezing limit, reported as ``heater_w`` (drawn from the bus, not from the battery's
    balance here). The thermal throttle stays the equilibrium at the limit for bus and payload
    (the charging loss, a few per cent of the load while charging, is not in it)."""
    r, b, c = design.radiator, design.battery, design.compute
    if known_chain is not None:
        ch = known_chain
    else:
        if supply is None:
            supply = power_supply(design.solar, b, design.bus, light, age_years)
        ch = chain(design, light, supply, alive)
    hours = light.dt_s / 3600.0
    shape = ch.solar_power_w.shape
    payload_w = compute.it_power_w(c) * np.asarray(alive, dtype=float)
    bus_w = design.bus.power_w
    # the load cut beyond the payload's (thermally allowed) energy is the bus's
    bus_cut_wh = np.maximum(ch.cut_wh - payload_w * ch.thermal_throttle * hours, 0.0)
    used = bus_w - bus_cut_wh / hours + payload_w * ch.throttle
    # round-trip loss, taken on charge: what reaches the battery came from (1/η)× as much output
    stored_wh = _rise(ch.battery_wh)
    charge_loss_w = stored_wh * ((1.0 / b.round_trip_efficiency - 1.0) / hours)
    trans = thermal_transient.periodic_temperature_k(
        used + charge_loss_w, ch.absorbed_w_m2, r.area_m2, r.emissivity, r.faces,
        thermal_transient.radiator_heat_capacity_j_per_k(r.area_m2, r.areal_mass_kg_per_m2, r.coolant_kg_per_m2),
        light.dt_s, min_temperature_k=r.min_temperature_k, heater_max_w=r.heater_max_w, tol_k=RADIATOR_TOL_K)
    flop = compute.sustained_flop_per_s_per_gpu(c, design.radiation) * c.gpu_count * np.asarray(alive, dtype=float) \
        * ch.throttle
    cap = b.capacity_wh
    soc = ch.battery_wh / cap if cap > 0 else np.zeros_like(ch.battery_wh)
    return OrbitPhysics(
        solar_power_w=ch.solar_power_w, load_w=used, battery_soc=soc,
        heat_demand_w=np.broadcast_to(bus_w + payload_w, shape).astype(float), heat_load_w=used,
        rejectable_heat_w=np.broadcast_to(ch.rejectable_heat_w, shape),
        radiator_temperature_k=trans.temperature_k,
        thermal_throttle=ch.thermal_throttle, throttle=ch.throttle, flop_per_s=flop,
        bus_unpowered=bus_cut_wh > 1e-9 * (bus_w * hours + 1.0),
        heater_w=trans.heater_w, charge_loss_w=charge_loss_w,
        radiator_converged=trans.converged,
        below_freeze=(trans.temperature_k < r.min_temperature_k if r.min_temperature_k is not None
                      else np.zeros(trans.temperature_k.shape, bool)),
    )


def longest_run_s(mask: np.ndarray, dt_s: float) -> np.ndarray:
    """Longest run of True along the last axis, wrapping around (one orbit repeats), in s."""
    m = np.concatenate([mask, mask], axis=-1)
    n = m.shape[-1]
    idx = np.arange(n)
    last_false = np.maximum.accumulate(np.where(~m, idx, -1), axis=-1)
    run = (idx - last_false).max(axis=-1)
    return np.minimum(run, mask.shape[-1]) * dt_s
