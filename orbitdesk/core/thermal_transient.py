"""Radiator with thermal mass: a lumped node in periodic steady state over one orbit (MODEL.md §12).

One node per radiator, heat capacity C (J/K):

    C·dT/dt = Q_load(t) + A·absorbed(t) + Q_heater(t) − faces·A·ε·σ·T⁴

with the conventions of ``orbitdesk.core.thermal``: A is the panel area (one face), ``absorbed`` the
environmental heat per m² of panel (both faces together, ``thermal.absorbed_flux_w_m2``), so C → 0
gives ``thermal.equilibrium_temperature_k``. Timelines are arrays (..., T), time last, sampled as
``orbit_sim`` does: the forcing of step n is held over that step and T[n] is the temperature at
its end. The orbit repeats, so the solution is the periodic one: T after the last step = T before
the first.

Each step relaxes exponentially towards the step's own equilibrium T_eq at the secant rate of
σT⁴ (C·dT/dt = k·(T_eq⁴ − T⁴) = k·(T_eq + T)(T_eq² + T²)·(T_eq − T), the factor taken at the
step's mean temperature): unconditionally stable, never overshoots T_eq, exact for C → 0 and for
small steps second-order. The periodic start temperature is found by Newton on the period map
(its slope is the product of the step decays), bounded to the orbit's range of T_eq and to a
fixed number of sweeps; what does not close within ``tol_k`` is reported, not looped on.

A temperature floor (the coolant's freezing point, ammonia 195.4 K) is held by a heater drawing
from the bus, at most ``heater_max_w``; below that power the node falls under the floor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitdesk.core.constants import SIGMA_W_M2_K4

AMMONIA_FREEZING_K = 195.4  # ammonia's freezing point (REFERENCE_DATA.md, handbook; MODEL.md §12)
CP_ALUMINIUM_J_KG_K = 900.0  # 6061-T6: 896 J/(kg·K) at 20 °C (ASM Aerospace Specification Metals)
# saturated liquid ammonia: 4.65 kJ/(kg·K) at 280 K, 4.80 at 300 K (CoolProp 7.2, Gao et al. 2020
# equation of state, as tabulated by the orbital-thermal package); 4,700 is the value near 290 K
CP_AMMONIA_LIQUID_J_KG_K = 4700.0
_TINY_K = 1e-3  # keeps the relaxation rate positive when both T and T_eq are zero


@dataclass(frozen=True)
class TransientTemperature:
    """Periodic radiator temperature over one orbit."""

    temperature_k: np.ndarray  # (..., T) at the end of each step
    heater_w: np.ndarray  # (..., T) heater power held over each step, W (0 without a floor)
    converged: np.ndarray  # (...) bool: the orbit closes, |T_end − T_start| < tol_k
    closure_k: np.ndarray  # (...) |T_end − T_start|, K
    sweeps: int  # orbit sweeps used


def radiator_heat_capacity_j_per_k(area_m2, areal_mass_kg_m2, coolant_kg_per_m2=0.0,
                                   cp_structure_j_kg_k=CP_ALUMINIUM_J_KG_K,
                                   cp_coolant_j_kg_k=CP_AMMONIA_LIQUID_J_KG_K):
    """Heat capacity of a radiator panel, J/K: A·(structure kg/m² · c_p + coolant kg/m² · c_p).

    ``area_m2`` is the panel area (one face); ``areal_mass_kg_m2`` the dry panel mass per m².
    """
    return np.asarray(area_m2, dtype=float) * (np.asarray(areal_mass_kg_m2, dtype=float) * cp_structure_j_kg_k
                                               + np.asarray(coolant_kg_per_m2, dtype=float) * cp_coolant_j_kg_k)


def time_constant_s(heat_capacity_j_per_k, area_m2, emissivity, temperature_k, faces=2):
    """Linearised radiative time constant C / (4·faces·A·ε·σ·T³), s."""
    t = np.asarray(temperature_k, dtype=float)
    return np.asarray(heat_capacity_j_per_k, dtype=float) / (4.0 * faces * area_m2 * emissivity
                                                             * SIGMA_W_M2_K4 * t ** 3)


def _relax(t0, t_eq, k_dt_over_c):
    """One step from t0 towards t_eq at the secant rate (two fixed-point passes); (T, decay).
    In place where it can: the mission life calls it a few hundred times an edit on small slices,
    where each numpy call's overhead is most of its cost."""
    tb = np.maximum(t0, _TINY_K)
    gap = t0 - t_eq
    t_eq2 = t_eq * t_eq
    for first in (True, False):
        rate = tb * tb
        rate += t_eq2
        tb += t_eq
        rate *= tb  # (t_eq + tb)(t_eq² + tb²)
        rate *= k_dt_over_c
        if isinstance(rate, np.ndarray):
            decay = np.exp(np.negative(rate, out=rate), out=rate)
        else:  # 0-d inputs give numpy scalars
            decay = np.exp(-rate)
        t1 = gap * decay
        t1 += t_eq
        if first:
            tb = np.maximum(0.5 * (t0 + t1), _TINY_K)
    return t1, decay


def _lead(x, lead_shape):
    """A per-radiator parameter (scalar or broadcastable to the leading shape), as (...)."""
    return np.broadcast_to(np.asarray(x, dtype=float), lead_shape)


def periodic_temperature_k(heat_w, absorbed_w_m2, area_m2, emissivity, faces, heat_capacity_j_per_k,
                           dt_s, min_temperature_k=None, heater_max_w=np.inf, *, tol_k=1e-3,
                           max_sweeps=25) -> TransientTemperature:
    """Periodic temperature of a radiator node over one orbit.

    ``heat_w`` (W) and ``absorbed_w_m2`` (W per m² of panel) are timelines broadcast to (..., T),
    time last, step ``dt_s`` (s). ``area_m2`` (m², one face), ``emissivity``, ``faces``,
    ``heat_capacity_j_per_k`` (J/K), ``min_temperature_k`` (K) and ``heater_max_w`` (W) are
    scalars or arrays broadcastable to the leading shape (...). ``heat_capacity_j_per_k`` = 0
    returns the equilibrium temperature of every step.
    """
    heat = np.asarray(heat_w, dtype=float)
    absorbed = np.asarray(absorbed_w_m2, dtype=float)
    params = [np.asarray(p, dtype=float) for p in (area_m2, emissivity, faces, heat_capacity_j_per_k)]
    shape = np.broadcast_shapes(heat.shape, absorbed.shape, *(p.shape + (1,) for p in params))
    lead = shape[:-1]
    area, eps, nfaces, cap = (_lead(p, lead) for p in params)
    k = nfaces * area * eps * SIGMA_W_M2_K4  # W/K⁴
    # time-major: each step works on one contiguous (...) slice
    power = np.moveaxis(np.broadcast_to(heat + area[..., None] * absorbed, shape), -1, 0)
    power = np.ascontiguousarray(power)
    t_eq = np.sqrt(np.sqrt(np.maximum(power, 0.0) / k))  # (T, ...): the fourth root, 10× faster than ** 0.25
    with np.errstate(divide="ignore"):
        k_dt_over_c = np.where(cap > 0, k * dt_s / np.where(cap > 0, cap, 1.0), np.inf)
    floor = None if min_temperature_k is None else _lead(min_temperature_k, lead)
    h_max = _lead(heater_max_w, lead)

    steps = shape[-1]
    temps = np.empty((steps,) + lead)
    heater = np.zeros((steps,) + lead)
    lo, hi = t_eq.min(axis=0), t_eq.max(axis=0)
    if floor is not None:
        # held at the floor, or below it only where even the heater's maximum cannot hold it
        t_heated = (np.maximum(power.min(axis=0) + h_max, 0.0) / k) ** 0.25  # its coldest step's
        lo, hi = np.maximum(lo, np.minimum(floor, t_heated)), np.maximum(hi, floor)
    # start: the temperature that radiates the orbit-mean input
    start = np.clip((np.maximum(power, 0.0).mean(axis=0) / k) ** 0.25, lo, hi)
    if int(np.prod(lead)) < SWEEP_MIN_TIMELINES:
        return _periodic_by_scan(power, t_eq, k, k_dt_over_c, floor, h_max, start, tol_k, max_sweeps)
    closure = np.full(lead, np.inf)
    sweeps = 0
    decays = np.ones((steps,) + lead)
    rejoin_k = REJOIN_FRACTION * tol_k
    floor_top = None if floor is None else float(np.max(floor))
    heated = False
    while sweeps < max_sweeps:
        sweeps += 1
        t = start
        for n in range(steps):
            t1, decay = _relax(t, t_eq[n], k_dt_over_c)
            if floor is not None:
                # one reduction tells whether any timeline is cold (the usual answer: none)
                cold = (t1 < floor) if t1.min() < floor_top else None
                if cold is not None and cold.any():
                    # the heater power whose equilibrium the step relaxes to ends the step on the
                    # floor (on the floor already: the deficit k·T_floor⁴ − input)
                    d = _relax(t, floor, k_dt_over_c)[1]
                    with np.errstate(invalid="ignore", divide="ignore"):
                        t_h = np.where(d < 1.0, (floor - t * d) / (1.0 - d), floor)
                    need = np.clip(k * np.maximum(t_h, 0.0) ** 4 - power[n], 0.0, None)
                    held = cold & (need <= h_max)
                    short = cold & ~held
                    if short.any():  # the heater at its maximum cannot hold the floor
                        t_short = (np.maximum(power[n] + h_max, 0.0) / k) ** 0.25
                        with np.errstate(invalid="ignore"):  # the uncapped heaters' inf is not taken
                            t1 = np.where(short, _relax(t, t_short, k_dt_over_c)[0], t1)
                    t1 = np.where(held, floor, t1)
                    decay = np.where(held, 0.0, decay)
                    heater[n] = np.where(cold, np.minimum(need, h_max), 0.0)
                    heated = True
                elif heated:  # clear what an earlier sweep left
                    heater[n] = 0.0
            if sweeps > 1 and n < steps - 1 and np.abs(t1 - temps[n]).max() < rejoin_k:
                # back on the last sweep's trajectory (the steps contract any difference): the
                # rest of the orbit stands as it was
                temps[n], decays[n] = t1, decay
                t = temps[-1]
                break
            temps[n], decays[n] = t1, decay
            t = t1
        slope = np.prod(decays, axis=0)
        residual = t - start
        closure = np.abs(residual)
        if not np.any(closure >= tol_k):  # NaN counts as closed here and is reported below
            break
        # Newton on the period map Φ(T0) − T0 = 0, Φ' ≈ Π decay in [0, 1)
        start = np.clip(start + residual / np.maximum(1.0 - slope, 1e-12), lo, hi)
    return _result(temps, heater, closure, tol_k, sweeps)


def _result(temps, heater, closure, tol_k: float, sweeps: int) -> TransientTemperature:
    """The solvers' time-major arrays back to time-last."""
    return TransientTemperature(
        temperature_k=np.moveaxis(temps, 0, -1),
        heater_w=np.moveaxis(heater, 0, -1),
        converged=closure < tol_k,
        closure_k=closure,
        sweeps=sweeps,
    )


SWEEP_MIN_TIMELINES = 64  # fewer timelines: solve the whole orbit at once (_periodic_by_scan)
REJOIN_FRACTION = 0.01  # a later sweep within this share of tol_k of the last one keeps its rest
_NO_FLOOR_K = -1e300  # "no floor" in a composed map (finite: 0 × it is 0)


def _step_maps(x, power, t_eq, k, k_dt_over_c, floor, h_max):
    """Every step of the orbit at once, from the temperatures ``x`` before each (T, ...): the map
    T_n = max(a·T_{n-1} + b, c) that the loop's step is near x (a, b its decay towards its
    equilibrium; c the floor the heater holds, −1e300 where there is none or where even the heater's
    maximum cannot hold it, and the step then relaxes towards its heated equilibrium), and the
    heater power at x."""
    t1, decay = _relax(x, t_eq, k_dt_over_c)
    a, b = decay, t1 - decay * x
    if floor is None:
        return a, b, None, np.zeros_like(x)
    c = np.broadcast_to(floor, x.shape)
    heater = np.zeros_like(x)
    cold = t1 < floor
    if cold.any():
        d = _relax(x, floor, k_dt_over_c)[1]
        with np.errstate(invalid="ignore", divide="ignore"):
            t_h = np.where(d < 1.0, (floor - x * d) / (1.0 - d), floor)
        need = np.clip(k * np.maximum(t_h, 0.0) ** 4 - power, 0.0, None)
        short = cold & (need > h_max)
        if short.any():
            t_short = (np.maximum(power + h_max, 0.0) / k) ** 0.25
            ts, ds = _relax(x, t_short, k_dt_over_c)
            a, b = np.where(short, ds, a), np.where(short, ts - ds * x, b)
            c = np.where(short, _NO_FLOOR_K, c)
        heater = np.where(cold, np.minimum(need, h_max), 0.0)
    return a, b, c, heater


def _periodic_by_scan(power, t_eq, k, k_dt_over_c, floor, h_max, start, tol_k, max_sweeps):
    """The loop's periodic solution for few timelines, whole orbits at a time: each step is the
    map max(a·T + b, c) of ``_step_maps`` at the temperature before it; such maps compose into one
    of the same form (A₂A₁, A₂B₁ + B₂, max(A₂C₁ + B₂, C₂)), so a parallel prefix scan (log₂T numpy
    steps) gives the orbit's map and its fixed point exactly, max(B/(1 − A), C); the maps are
    taken again at the new temperatures until the orbit moves less than ``tol_k``. The same
    discrete solution as the step loop, at a fraction of the numpy calls. ``closure_k`` is then
    the last iteration's largest change. Arrays time-major (T, ...)."""
    steps = power.shape[0]
    temps = np.broadcast_to(start, power.shape).copy()
    closure = np.full(power.shape[1:], np.inf)
    heater = np.zeros_like(temps)
    sweeps = 0
    while sweeps < max_sweeps:
        sweeps += 1
        a, b, c, heater = _step_maps(np.roll(temps, 1, axis=0), power, t_eq, k, k_dt_over_c, floor, h_max)
        with np.errstate(divide="ignore"):
            gap = -np.expm1(np.log(a).sum(axis=0))  # 1 − Π a: the orbit map's slope is below 1
        big_a, big_b = a.copy(), b.copy()
        big_c = None if c is None else np.array(c, dtype=float)
        n = 1
        while n < steps:  # inclusive prefix composition: T_n = max(A_n·T_start + B_n, C_n)
            if big_c is not None:
                big_c[n:] = np.maximum(big_a[n:] * big_c[:-n] + big_b[n:], big_c[n:])
            big_b[n:], big_a[n:] = big_a[n:] * big_b[:-n] + big_b[n:], big_a[n:] * big_a[:-n]
            n *= 2
        with np.errstate(invalid="ignore", divide="ignore"):
            first = np.where(gap > 0, big_b[-1] / np.where(gap > 0, gap, 1.0), temps[-1])
        if big_c is None:
            new = big_a * first + big_b
        else:
            first = np.maximum(first, big_c[-1])
            new = np.maximum(big_a * first + big_b, big_c)
        closure = np.abs(new - temps).max(axis=0)
        temps = new
        if not np.any(closure >= tol_k):  # NaN counts as closed here and is reported below
            break
    return _result(temps, heater, closure, tol_k, sweeps)


def min_temperature_k(temperature_k):
    """Lowest temperature over the orbit, K (last axis)."""
    return np.min(temperature_k, axis=-1)


def time_below_s(temperature_k, limit_k, dt_s):
    """Time per orbit below ``limit_k``, s (steps whose end temperature is below, × dt)."""
    return np.count_nonzero(np.asarray(temperature_k) < limit_k, axis=-1) * float(dt_s)


def heater_energy_wh(heater_w, dt_s):
    """Heater energy per orbit, Wh."""
    return np.sum(heater_w, axis=-1) * (float(dt_s) / 3600.0)
