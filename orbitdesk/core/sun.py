"""Sunlight, shadow and beta angle (MODEL.md section 2). Arrays in, arrays out.

Positions ``r_km`` are (3, ...) arrays; the Sun ``sun_km`` (3, ...) broadcasts against them (time
is the last axis). Earth is a sphere of radius R⊕ = 6378.137 km, as in skyfield's ``is_sunlit``.
"""

from __future__ import annotations

import numpy as np

from orbitdesk.core.constants import AU_KM, R_EARTH_KM, R_SUN_KM, SOLAR_CONSTANT_W_M2


def solar_flux_w_m2(sun_km) -> np.ndarray:
    """S = 1361 W/m² × (1 AU / r)² (≈ 1317–1413 W/m² over a year)."""
    r2 = np.sum(np.asarray(sun_km) ** 2, axis=0)
    return SOLAR_CONSTANT_W_M2 * AU_KM**2 / r2


def sunlit_mask(r_km, sun_km) -> np.ndarray:
    """True where the Sun's centre is visible (point Sun, spherical Earth).

    Same geometry as skyfield's ``is_sunlit``: the ray from the satellite to the Sun's centre
    must not cross the Earth's sphere. With u the unit vector to the Sun and d = u·r, the ray
    hits the sphere ahead of the satellite iff d < 0 and |r|² − d² ≤ R⊕².
    """
    x, y, z = r_km[0], r_km[1], r_km[2]
    sx, sy, sz = sun_km[0], sun_km[1], sun_km[2]
    r2 = x * x + y * y + z * z
    sr = sx * x + sy * y + sz * z
    s2 = sx * sx + sy * sy + sz * sz
    # u·r = (s - r)·r / |s - r|;  |s - r|² = s² - 2 s·r + r²
    num = sr - r2
    # shadow: num < 0 and r2 - num²/|s-r|² <= R²   <=>   (r2 - R²)·|s-r|² <= num²
    return ~((num < 0) & ((r2 - R_EARTH_KM**2) * (s2 - 2 * sr + r2) <= num * num))


def illuminated_fraction(r_km, sun_km) -> np.ndarray:
    """Fraction of the solar disc visible from r (0 in umbra, 1 in full Sun): the conical
    umbra/penumbra model of two overlapping discs (Montenbruck & Gill, Satellite Orbits, 3.4.2)."""
    r = np.asarray(r_km, dtype=float)
    d = np.asarray(sun_km, dtype=float) - r  # satellite -> Sun
    rn = np.sqrt(np.sum(r * r, axis=0))
    dn = np.sqrt(np.sum(d * d, axis=0))
    a = np.arcsin(np.minimum(R_SUN_KM / dn, 1.0))  # apparent solar radius
    b = np.arcsin(np.minimum(R_EARTH_KM / rn, 1.0))  # apparent Earth radius
    cos_c = -np.sum(r * d, axis=0) / (rn * dn)
    c = np.arccos(np.clip(cos_c, -1.0, 1.0))  # separation of the two discs' centres
    with np.errstate(invalid="ignore", divide="ignore"):
        x = (c * c + a * a - b * b) / (2 * c)
        y = np.sqrt(np.maximum(a * a - x * x, 0.0))
        overlap = (a * a * np.arccos(np.clip(x / a, -1, 1))
                   + b * b * np.arccos(np.clip((c - x) / b, -1, 1)) - c * y)
        partial = 1.0 - overlap / (np.pi * a * a)
    out = np.where(c >= a + b, 1.0, partial)
    out = np.where(c <= b - a, 0.0, out)  # umbra
    out = np.where(c <= a - b, 1.0 - (b * b) / (a * a), out)  # annular (Earth inside the disc)
    return np.clip(out, 0.0, 1.0)


def beta_angle_rad(normal, sun_km) -> np.ndarray:
    """Angle between the orbit plane and the Sun direction: β = arcsin(ĥ · ŝ)."""
    s = np.asarray(sun_km, dtype=float)
    s_hat = s / np.sqrt(np.sum(s * s, axis=0))
    return np.arcsin(np.clip(np.sum(np.asarray(normal) * s_hat, axis=0), -1.0, 1.0))


def eclipse_fraction_cylindrical(altitude_km, beta_rad) -> np.ndarray:
    """Analytic eclipse fraction of a circular orbit in a cylindrical shadow (MODEL.md 2):
    f = (1/π)·arccos(√(h² + 2R⊕h) / ((R⊕+h) cos β)), 0 when |β| ≥ β* = arcsin(R⊕/(R⊕+h))."""
    h = np.asarray(altitude_km, dtype=float)
    cb = np.cos(np.asarray(beta_rad, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.sqrt(h * h + 2 * R_EARTH_KM * h) / ((R_EARTH_KM + h) * cb)
    return np.where(x >= 1.0, 0.0, np.arccos(np.clip(x, -1.0, 1.0)) / np.pi)


def critical_beta_rad(altitude_km) -> np.ndarray:
    """β* above which a circular orbit sees no eclipse."""
    return np.arcsin(R_EARTH_KM / (R_EARTH_KM + np.asarray(altitude_km, dtype=float)))
