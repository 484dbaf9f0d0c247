"""Atmospheric drag, orbit decay, station-keeping propellant and deorbit Δv (MODEL.md section 13).

Qt-free, numpy, SI units in the names; every function broadcasts over arrays (altitudes, masses,
areas, times). Density comes from the shipped table ``resources/environment/density.json`` (built
once by ``packaging/build_density_table.py`` with NRLMSIS 2.1 through pymsis): the global mean over
latitude, local time and season at Ap = 4, for F10.7 levels 60-300 sfu and altitudes 120-2,500 km.
Its solar-cycle profile (a smoothed F10.7 per year, cycle 25 repeated) drives the lifetime.

Circular orbits only. The air is taken at rest in inertial space (co-rotation, which changes the
relative speed by a few per cent, is neglected), the drag coefficient is a constant (2.2, the usual
free-molecular value for a flat-plate-dominated body), and Ap stays quiet (4): geomagnetic storms
shorten real lifetimes. Lifetimes are uncertain to a factor ~1.5-2 (solar activity forecast, C_d).
"""

from __future__ import annotations

import datetime as _dt
import json
from functools import cache

import numpy as np

from orbitdesk.core.constants import MU_EARTH_KM3_S2, R_EARTH_KM, YEAR_S
from orbitdesk.paths import resource

G0_M_S2 = 9.80665  # standard gravity (rocket equation)
DEFAULT_CD = 2.2
DEORBIT_PERIGEE_KM = 50.0  # a perigee this low re-enters within the first revolution
REENTRY_ALTITUDE_KM = 150.0  # below this a circular orbit lasts hours: counted as re-entered
_MU_M3_S2 = MU_EARTH_KM3_S2 * 1e9
_DAY_S = 86400.0


@cache
def _table() -> dict:
    data = json.loads(resource("environment", "density.json").read_text(encoding="utf-8"))
    cycle = data["solar_cycle"]
    return {
        "h": np.asarray(data["altitude_km"], dtype=float),
        "f": np.asarray(data["f107_sfu"], dtype=float),
        "log_rho": np.log(np.asarray(data["density_kg_m3"], dtype=float)),  # (F10.7 levels, altitudes)
        "cycle_year": np.asarray(cycle["year"], dtype=float),
        "cycle_f107": np.asarray(cycle["f107_sfu"], dtype=float),
        "cycle_start": float(cycle["minimum_year"]),
        "cycle_period": float(cycle["period_years"]),
        "ap": float(data["ap"]),
        "source": data["source"],
    }


def table_limits() -> dict:
    """Ranges of the shipped density table: altitude_km (min, max), f107_sfu (min, max), ap and its source."""
    t = _table()
    return {"altitude_km": (float(t["h"][0]), float(t["h"][-1])),
            "f107_sfu": (float(t["f"][0]), float(t["f"][-1])), "ap": t["ap"], "source": t["source"]}


def _check_range(name: str, x: np.ndarray, lo: float, hi: float, unit: str) -> None:
    if not np.all(np.isfinite(x)) or np.any(x < lo) or np.any(x > hi):
        bad = x[~(np.isfinite(x) & (x >= lo) & (x <= hi))].ravel()[0]
        raise ValueError(f"{name} = {bad:g} {unit} is outside the density table's {lo:g}-{hi:g} {unit}")


def _positive(name: str, x, allow_zero: bool = False) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    ok = np.isfinite(a) & ((a >= 0.0) if allow_zero else (a > 0.0))
    if not np.all(ok):
        bad = a[~ok].ravel()[0]
        raise ValueError(f"{name} must be {'≥' if allow_zero else '>'} 0 and finite, got {bad:g}")
    return a


def _bracket(grid: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    i = np.clip(np.searchsorted(grid, x, side="right") - 1, 0, len(grid) - 2)
    return i, (x - grid[i]) / (grid[i + 1] - grid[i])


def density_kg_m3(altitude_km, f107_sfu) -> np.ndarray:
    """Global-mean mass density, kg/m³, at altitude (km) and F10.7 (= F10.7a, sfu), Ap = 4.

    log ρ is interpolated linearly in altitude (10 km nodes) and in F10.7 (the table's levels).
    Raises ValueError outside 120-2,500 km or 60-300 sfu.
    """
    t = _table()
    h = np.asarray(altitude_km, dtype=float)
    f = np.asarray(f107_sfu, dtype=float)
    _check_range("altitude_km", h, t["h"][0], t["h"][-1], "km")
    _check_range("f107_sfu", f, t["f"][0], t["f"][-1], "sfu")
    h, f = np.broadcast_arrays(h, f)
    i, wh = _bracket(t["h"], h)
    j, wf = _bracket(t["f"], f)
    lr = t["log_rho"]
    low = lr[j, i] * (1 - wh) + lr[j, i + 1] * wh
    high = lr[j + 1, i] * (1 - wh) + lr[j + 1, i + 1] * wh
    return np.exp(low * (1 - wf) + high * wf)


def _decimal_year(when) -> np.ndarray:
    if isinstance(when, (_dt.datetime, _dt.date)):
        when = np.datetime64(when.replace(tzinfo=None) if isinstance(when, _dt.datetime) else when, "s")
    a = np.asarray(when)
    if np.issubdtype(a.dtype, np.datetime64):
        seconds = (a - np.datetime64("2000-01-01T12:00:00", "s")) / np.timedelta64(1, "s")
        return 2000.0 + seconds / YEAR_S
    return a.astype(float)


def f107_at(when) -> np.ndarray:
    """Smoothed F10.7 (sfu) of the shipped solar-cycle profile at ``when``.

    ``when``: decimal years (2027.5), numpy datetime64 values or a datetime/date. The profile is one
    11-year cycle (cycle 25: minimum Dec 2019 ≈ 70 sfu, maximum Oct 2024 ≈ 195 sfu) repeated.
    """
    t = _table()
    year = _decimal_year(when)
    if not np.all(np.isfinite(year)):
        raise ValueError("f107_at: the year must be finite")
    phase = np.mod(year - t["cycle_start"], t["cycle_period"]) + t["cycle_start"]
    return np.interp(phase, t["cycle_year"], t["cycle_f107"])


def ballistic_coefficient_kg_m2(mass_kg, area_m2, cd=DEFAULT_CD) -> np.ndarray:
    """B = m / (C_d A), kg/m² (larger lives longer); infinite for zero area."""
    m = _positive("mass_kg", mass_kg)
    a = _positive("area_m2", area_m2, allow_zero=True)
    c = _positive("cd", cd)
    with np.errstate(divide="ignore"):
        return m / (c * a)


def circular_speed_m_s(altitude_km) -> np.ndarray:
    """Circular orbital speed √(μ/r), m/s."""
    r_m = (np.asarray(altitude_km, dtype=float) + R_EARTH_KM) * 1e3
    return np.sqrt(_MU_M3_S2 / r_m)


def drag_acceleration_m_s2(altitude_km, f107_sfu, mass_kg, area_m2, cd=DEFAULT_CD) -> np.ndarray:
    """a = ½ ρ v² C_d A / m on a circular orbit, m/s² (v the circular speed)."""
    b = ballistic_coefficient_kg_m2(mass_kg, area_m2, cd)
    v = circular_speed_m_s(altitude_km)
    return 0.5 * density_kg_m3(altitude_km, f107_sfu) * v**2 / b


def decay_rate_km_per_day(altitude_km, f107_sfu, mass_kg, area_m2, cd=DEFAULT_CD) -> np.ndarray:
    """Altitude lost per day on a circular orbit, km/day (positive): −da/dt = ρ C_d (A/m) √(μ a)."""
    b = ballistic_coefficient_kg_m2(mass_kg, area_m2, cd)
    a_m = (np.asarray(altitude_km, dtype=float) + R_EARTH_KM) * 1e3
    return density_kg_m3(altitude_km, f107_sfu) / b * np.sqrt(_MU_M3_S2 * a_m) * _DAY_S / 1e3


def station_keeping_dv_m_s_per_year(altitude_km, f107_sfu, mass_kg, area_m2, cd=DEFAULT_CD) -> np.ndarray:
    """Δv per (Julian) year that cancels drag at constant F10.7: ∫ a_drag dt, m/s per year."""
    return drag_acceleration_m_s2(altitude_km, f107_sfu, mass_kg, area_m2, cd) * YEAR_S


def station_keeping_dv_m_s(altitude_km, mass_kg, area_m2, start_year, duration_years, cd=DEFAULT_CD,
                           steps_per_year: int = 12) -> np.ndarray:
    """Δv (m/s) that holds the altitude from ``start_year`` for ``duration_years`` over the solar-cycle profile.

    Midpoint rule on ``steps_per_year`` steps a year (monthly by default); broadcasts over all inputs.
    """
    dur = _positive("duration_years", duration_years, allow_zero=True)
    n = max(1, int(np.ceil(np.max(dur) * steps_per_year)))
    frac = (np.arange(n) + 0.5) / n  # midpoints in units of the duration
    years = np.asarray(_decimal_year(start_year), dtype=float)[..., None] + dur[..., None] * frac
    f = f107_at(years)
    acc = drag_acceleration_m_s2(np.asarray(altitude_km, dtype=float)[..., None], f,
                                 np.asarray(mass_kg, dtype=float)[..., None],
                                 np.asarray(area_m2, dtype=float)[..., None], np.asarray(cd, dtype=float)[..., None])
    return acc.mean(axis=-1) * dur * YEAR_S


def propellant_kg(mass_kg, dv_m_s, isp_s) -> np.ndarray:
    """Propellant burnt by a spacecraft of initial (wet) mass ``mass_kg`` for ``dv_m_s``, kg:
    m (1 − e^(−Δv/(I_sp g₀)))."""
    m = _positive("mass_kg", mass_kg)
    dv = _positive("dv_m_s", dv_m_s, allow_zero=True)
    isp = _positive("isp_s", isp_s)
    return m * -np.expm1(-dv / (isp * G0_M_S2))


def propellant_kg_per_year(mass_kg, dv_m_s_per_year, isp_s) -> np.ndarray:
    """Propellant per year, kg/yr, for a yearly Δv (m/s per year) at initial mass ``mass_kg`` (rocket equation)."""
    return propellant_kg(mass_kg, dv_m_s_per_year, isp_s)


def propellant_for_dry_mass_kg(dry_mass_kg, dv_m_s, isp_s) -> np.ndarray:
    """Propellant a spacecraft of ``dry_mass_kg`` (everything but propellant) must carry for ``dv_m_s``:
    m_dry (e^(Δv/(I_sp g₀)) − 1), kg. This is the figure that joins a mass budget."""
    m = _positive("dry_mass_kg", dry_mass_kg)
    dv = _positive("dv_m_s", dv_m_s, allow_zero=True)
    isp = _positive("isp_s", isp_s)
    return m * np.expm1(dv / (isp * G0_M_S2))


def deorbit_dv_m_s(altitude_km, perigee_target_km=DEORBIT_PERIGEE_KM) -> np.ndarray:
    """One tangential retro-burn from a circular orbit at ``altitude_km`` to an ellipse whose perigee is
    ``perigee_target_km`` (default 50 km: re-entry within the first revolution), m/s.

    Δv = √(μ/r₁) − √(2μ r_p / (r₁ (r₁ + r_p))), the first half of a Hohmann transfer down.
    """
    h = np.asarray(altitude_km, dtype=float)
    hp = np.asarray(perigee_target_km, dtype=float)
    if not np.all(np.isfinite(h)) or np.any(h <= hp):
        raise ValueError("altitude_km must be finite and above perigee_target_km")
    if np.any(hp < 0.0):
        raise ValueError("perigee_target_km must be ≥ 0")
    r1 = (h + R_EARTH_KM) * 1e3
    rp = (hp + R_EARTH_KM) * 1e3
    return np.sqrt(_MU_M3_S2 / r1) - np.sqrt(2.0 * _MU_M3_S2 * rp / (r1 * (r1 + rp)))


def flow_facing_area_m2(array_area_m2, radiator_area_m2, beta_deg=0.0, other_area_m2=0.0,
                        tumbling: bool = False) -> np.ndarray:
    """Attitude-averaged area facing the flow, m², of a satellite dominated by flat panels.

    - Sun-tracking array: its normal follows the Sun while the velocity turns round the orbit plane,
      so the projected area is A cos β |sin u|, orbit mean (2/π) cos β A (β the Sun's angle to the
      orbit plane: 0 = Sun in the plane, face-on twice an orbit; 90° = dawn-dusk, edge-on to the flow).
    - Radiator kept edge-on to the Sun: its normal turns freely about the Sun line; taking it uniformly
      spread in the plane normal to the Sun gives (2/π) A at β = 90° and (2/π)² A at β = 0; the
      larger, (2/π) A, is used at every β (conservative).
    - ``other_area_m2`` (bus body) is added as it is.
    - ``tumbling=True``: every panel randomly oriented, mean projected area A/2 (Cauchy's theorem: a
      convex body's mean projection is a quarter of its surface, 2A for a thin plate).
    Panel areas are one face (as SatelliteDesign stores them).
    """
    arr = _positive("array_area_m2", array_area_m2, allow_zero=True)
    rad = _positive("radiator_area_m2", radiator_area_m2, allow_zero=True)
    other = _positive("other_area_m2", other_area_m2, allow_zero=True)
    if tumbling:
        return 0.5 * (arr + rad) + other
    beta = np.radians(np.asarray(beta_deg, dtype=float))
    return (2.0 / np.pi) * (arr * np.abs(np.cos(beta)) + rad) + other


def unpropelled_lifetime_years(altitude_km, mass_kg, area_m2, start_year=2027.0, cd=DEFAULT_CD, *,
                               f107_sfu=None, reentry_altitude_km=REENTRY_ALTITUDE_KM, max_years=200.0,
                               max_step_km=2.0, max_step_years=1.0 / 24.0) -> np.ndarray:
    """Years a circular orbit takes to decay from ``altitude_km`` to ``reentry_altitude_km`` without propulsion.

    Integrates −dh/dt = ρ(h, F10.7(t)) C_d (A/m) √(μ a) with the midpoint rule, all satellites at once,
    each with its own step: at most ``max_step_km`` of decay and ``max_step_years`` (half a month) per
    step. F10.7 follows the shipped solar-cycle profile from ``start_year`` (decimal year or datetime64)
    unless ``f107_sfu`` fixes it. Returns ``inf`` where the orbit outlives ``max_years``.
    """
    h0 = np.asarray(altitude_km, dtype=float)
    lim = table_limits()
    _check_range("altitude_km", h0, lim["altitude_km"][0], lim["altitude_km"][1], "km")
    if not lim["altitude_km"][0] + 10.0 <= reentry_altitude_km < lim["altitude_km"][1]:
        raise ValueError(f"reentry_altitude_km must be at least {lim['altitude_km'][0] + 10.0:g} km")
    b = ballistic_coefficient_kg_m2(mass_kg, area_m2, cd)
    start = _decimal_year(start_year)
    fixed = None if f107_sfu is None else np.asarray(f107_sfu, dtype=float)
    if fixed is not None:
        _check_range("f107_sfu", fixed, lim["f107_sfu"][0], lim["f107_sfu"][1], "sfu")
    shape = np.broadcast_shapes(h0.shape, b.shape, np.shape(start), () if fixed is None else fixed.shape)
    h = np.broadcast_to(h0, shape).astype(float).ravel()
    bb = np.broadcast_to(b, shape).ravel()
    t0 = np.broadcast_to(start, shape).astype(float).ravel()
    ff = None if fixed is None else np.broadcast_to(fixed, shape).ravel()
    life = np.full(h.size, np.inf)
    life[h <= reentry_altitude_km] = 0.0
    t = np.zeros(h.size)
    active = np.flatnonzero(h > reentry_altitude_km)

    def rate_km_per_year(hh, tt, idx):
        f = ff[idx] if ff is not None else f107_at(t0[idx] + tt)
        a_m = (hh + R_EARTH_KM) * 1e3
        return density_kg_m3(hh, f) / bb[idx] * np.sqrt(_MU_M3_S2 * a_m) * YEAR_S / 1e3

    while active.size:
        ha, ta = h[active], t[active]
        r1 = rate_km_per_year(ha, ta, active)
        with np.errstate(divide="ignore"):
            dt = np.minimum(max_step_years, max_step_km / r1)
        r2 = rate_km_per_year(np.maximum(ha - 0.5 * dt * r1, reentry_altitude_km), ta + 0.5 * dt, active)
        hn = ha - dt * r2
        down = hn <= reentry_altitude_km
        life[active[down]] = ta[down] + dt[down] * (ha[down] - reentry_altitude_km) / (ha[down] - hn[down])
        h[active], t[active] = hn, ta + dt
        active = active[~down & (t[active] < max_years)]
    return life.reshape(shape)
