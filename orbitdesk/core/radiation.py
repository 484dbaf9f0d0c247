"""Trapped-particle radiation by altitude, inclination and shielding (MODEL.md section 13).

Reads the shipped table resources/environment/trapped_dose.json, written once by
packaging/build_radiation_table.py: AE-8 MAX electrons and AP-8 MIN protons (NASA's models, through the
`radbelt` package, field epoch 1960), averaged over circular orbits, folded through a straight-ahead
slowing-down model to the dose in silicon at the centre of a solid aluminium sphere. The table's "source"
block names every model and constant. Against SPENVIS (sun-synchronous, 5 mm Al) the table is within a
factor 2 from 500 to 2,000 km (tests/core/test_radiation.py). Trapped particles only: no galactic cosmic
rays and no solar particle events.

All functions broadcast over numpy arrays. Inputs outside the table raise ValueError, never extrapolate.
Inclinations above the table's 100° are folded to 180° − i: with the longitudes averaged out, a retrograde
circular orbit spends its time at the same latitudes as its prograde mirror.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import numpy as np

from orbitdesk.paths import resource

ALUMINIUM_DENSITY_KG_M3 = 2700.0
REFERENCE_ALTITUDE_KM = 650.0  # the default design's orbit (Suncatcher's 650 km dawn-dusk SSO)
REFERENCE_INCLINATION_DEG = 97.5
FLUX_FLOOR_PER_CM2_S = 1e-3  # fluxes below this are taken as this before interpolating in log


@dataclass(frozen=True)
class TrappedTable:
    altitude_km: np.ndarray
    inclination_deg: np.ndarray
    log_shield_mm: np.ndarray
    log_dose: np.ndarray  # ln rad(Si)/yr, [altitude, inclination, shield]
    log_proton_dose: np.ndarray
    log_proton_flux_gt10mev: np.ndarray  # ln cm⁻² s⁻¹, [altitude, inclination]
    log_proton_flux_gt30mev: np.ndarray
    source: dict


@cache
def trapped_table() -> TrappedTable:
    """The shipped table, read once."""
    data = json.loads(resource("environment", "trapped_dose.json").read_text(encoding="utf-8"))
    grid = data["grid"]

    def log_flux(key):
        return np.log(np.maximum(np.asarray(data[key], dtype=float), FLUX_FLOOR_PER_CM2_S))

    return TrappedTable(
        altitude_km=np.asarray(grid["altitude_km"], dtype=float),
        inclination_deg=np.asarray(grid["inclination_deg"], dtype=float),
        log_shield_mm=np.log(np.asarray(grid["shield_mm_al"], dtype=float)),
        log_dose=np.log(np.asarray(data["dose_rad_si_per_year"], dtype=float)),
        log_proton_dose=np.log(np.asarray(data["proton_dose_rad_si_per_year"], dtype=float)),
        log_proton_flux_gt10mev=log_flux("proton_flux_gt10mev_per_cm2_s"),
        log_proton_flux_gt30mev=log_flux("proton_flux_gt30mev_per_cm2_s"),
        source=data["source"],
    )


def _checked(name: str, values, lo: float, hi: float, unit: str) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    bad = ~np.isfinite(x) | (x < lo - 1e-9) | (x > hi + 1e-9)
    if np.any(bad):
        first = x[bad].ravel()[0]
        raise ValueError(f"{name} = {first:g} {unit} is outside the radiation table's {lo:g}–{hi:g} {unit}")
    return np.clip(x, lo, hi)


def _bracket(grid: np.ndarray, x: np.ndarray):
    """Lower index and weight of the upper neighbour, for linear interpolation on an increasing grid."""
    i = np.clip(np.searchsorted(grid, x, side="right") - 1, 0, len(grid) - 2)
    w = (x - grid[i]) / (grid[i + 1] - grid[i])
    return i, w


def _orbit_axes(altitude_km, inclination_deg):
    t = trapped_table()
    h = _checked("altitude_km", altitude_km, t.altitude_km[0], t.altitude_km[-1], "km")
    inc = _checked("inclination_deg", inclination_deg, 0.0, 180.0, "deg")
    inc = np.where(inc > t.inclination_deg[-1], 180.0 - inc, inc)
    return _bracket(t.altitude_km, h), _bracket(t.inclination_deg, inc)


def _interp2(values: np.ndarray, axes) -> np.ndarray:
    (ia, wa), (ii, wi) = axes
    out = 0.0
    for da, fa in ((0, 1 - wa), (1, wa)):
        for di, fi in ((0, 1 - wi), (1, wi)):
            out = out + fa * fi * values[ia + da, ii + di]
    return out


def _dose(log_table: np.ndarray, altitude_km, inclination_deg, shield_mm_al) -> np.ndarray:
    t = trapped_table()
    (ia, wa), (ii, wi) = _orbit_axes(altitude_km, inclination_deg)
    lo, hi = np.exp(t.log_shield_mm[[0, -1]])
    js, ws = _bracket(t.log_shield_mm, np.log(_checked("shield_mm_al", shield_mm_al, lo, hi, "mm Al")))
    log_d = 0.0
    for ds, fs in ((0, 1 - ws), (1, ws)):
        for da, fa in ((0, 1 - wa), (1, wa)):
            for di, fi in ((0, 1 - wi), (1, wi)):
                log_d = log_d + fs * fa * fi * log_table[ia + da, ii + di, js + ds]
    return np.exp(log_d)


def dose_rate_rad_per_year(altitude_km, inclination_deg, shield_mm_al):
    """Total ionizing dose from trapped electrons and protons, rad(Si)/yr.

    At the centre of a solid aluminium sphere of radius ``shield_mm_al`` (mm), on a circular orbit of
    ``altitude_km`` (geodetic, 300–2,500 km) and ``inclination_deg`` (0–180°). Interpolated linearly in
    altitude, inclination and ln(thickness), and in ln(dose). Floored at 1e-3 rad/yr.
    """
    return _dose(trapped_table().log_dose, altitude_km, inclination_deg, shield_mm_al)


def proton_dose_rate_rad_per_year(altitude_km, inclination_deg, shield_mm_al):
    """The trapped-proton part of :func:`dose_rate_rad_per_year`, rad(Si)/yr."""
    return _dose(trapped_table().log_proton_dose, altitude_km, inclination_deg, shield_mm_al)


def shield_mm_from_areal_density(kg_per_m2):
    """Aluminium thickness (mm) of a shield of areal density ``kg_per_m2`` (2,700 kg/m³)."""
    return np.asarray(kg_per_m2, dtype=float) / ALUMINIUM_DENSITY_KG_M3 * 1e3


def areal_density_from_shield_mm(shield_mm_al):
    """Areal density (kg/m²) of an aluminium shield ``shield_mm_al`` mm thick (2,700 kg/m³)."""
    return np.asarray(shield_mm_al, dtype=float) * 1e-3 * ALUMINIUM_DENSITY_KG_M3


def trapped_proton_flux(altitude_km, inclination_deg, above_mev: int = 10):
    """Orbit-averaged omnidirectional AP-8 MIN proton flux above 10 or 30 MeV, cm⁻² s⁻¹.

    Interpolated in ln(flux); fluxes under 1e-3 cm⁻² s⁻¹ (low equatorial orbits that miss the South
    Atlantic Anomaly) read as 1e-3.
    """
    t = trapped_table()
    table = {10: t.log_proton_flux_gt10mev, 30: t.log_proton_flux_gt30mev}.get(above_mev)
    if table is None:
        raise ValueError(f"above_mev = {above_mev!r}: the table holds proton fluxes above 10 and 30 MeV")
    return np.exp(_interp2(table, _orbit_axes(altitude_km, inclination_deg)))


def proton_flux_ratio(altitude_km, inclination_deg, reference_altitude_km=REFERENCE_ALTITUDE_KM,
                      reference_inclination_deg=REFERENCE_INCLINATION_DEG, above_mev: int = 10):
    """Trapped-proton flux (> 10 MeV by default) relative to a reference orbit (650 km, 97.5°), 1.

    The factor by which single-event upsets from trapped protons (the South Atlantic Anomaly) scale
    between orbits; shielding of a few mm hardly changes protons above 30 MeV, so it is left out.
    """
    here = trapped_proton_flux(altitude_km, inclination_deg, above_mev)
    return here / trapped_proton_flux(reference_altitude_km, reference_inclination_deg, above_mev)


def scaled_seu_downtime_fraction(reference_fraction, altitude_km, inclination_deg, trapped_share=1.0,
                                 reference_altitude_km=REFERENCE_ALTITUDE_KM,
                                 reference_inclination_deg=REFERENCE_INCLINATION_DEG):
    """Time lost to single-event upsets on this orbit, 1, from the fraction lost on the reference orbit.

    Upsets arrive at a rate λ and each costs a recovery time τ; the fraction of time lost is
    λτ / (1 + λτ) (an alternating renewal process), so λτ = f_ref / (1 − f_ref) on the reference orbit.
    ``trapped_share`` (0–1) is the part of the reference upset rate due to trapped protons; the rest
    (cosmic rays, solar particles) is held fixed, since the table does not model it.
    """
    f_ref = np.asarray(reference_fraction, dtype=float)
    if np.any((f_ref < 0) | (f_ref >= 1)):
        raise ValueError("reference_fraction must be in [0, 1)")
    share = np.asarray(trapped_share, dtype=float)
    if np.any((share < 0) | (share > 1)):
        raise ValueError("trapped_share must be in [0, 1]")
    ratio = proton_flux_ratio(altitude_km, inclination_deg, reference_altitude_km, reference_inclination_deg)
    x = f_ref / (1.0 - f_ref) * ((1.0 - share) + share * ratio)
    return x / (1.0 + x)
