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
    r2 = x * x
    r2 += y * y
    r2 += z * z
    sr = sx * x
    sr += sy * y
    sr += sz * z
    s2 = sx * sx + sy * sy + sz * sz
    # u·r = (s - r)·r / |s - r| with |s - r|² = s² - 2 s·r + r²; in shadow iff u·r < 0 and
    # r² - (u·r)² <= R², i.e. num = s·r - r² < 0 and (r² - R²)·|s - r|² <= num²
    num = sr - r2
    dist2 = s2 - 2.0 * sr
    dist2 += r2
    lhs = r2 - R_EARTH_KM**2
    lhs *= dist2
    shadow = lhs <= num * num
    shadow &= num < 0
    return ~shadow


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


def shell_sunlit_mask(elements, t_s, sun_km, block: int = 64) -> np.ndarray:
    """``sunlit_mask`` for circular orbits of one altitude and inclination, shape (S, T).

    Same test as ``sunlit_mask`` with the structure of a shell used: |r| = a is constant, and
    s·r = a·(cos u · s·P̂ + sin u · s·Q̂) with the in-plane axes P̂, Q̂ turning with RAAN. Both
    angles are angle0 + rate·t, so their sines and cosines come from angle-addition formulas.
    Work proceeds in blocks of satellites small enough to stay in cache (numpy is memory-bound
    on large temporaries); elements must be 1-D (S,) and t_s 1-D (T,).
    """
    from orbitdesk.core.orbits import j2_rates_rad_s, semi_major_axis_km

    alt, inc = np.ravel(elements.altitude_km), np.ravel(elements.inclination_rad)
    if not (np.all(alt == alt[0]) and np.all(inc == inc[0])):
        raise ValueError("shell_sunlit_mask needs one altitude and inclination for all satellites")
    t = np.asarray(t_s, dtype=float)
    raan_dot, u_dot = (float(x) for x in j2_rates_rad_s(alt[0], inc[0]))
    a = float(semi_major_axis_km(alt[0]))
    ci, si = np.cos(inc[0]), np.sin(inc[0])
    sx, sy, sz = (np.asarray(c, dtype=float) for c in sun_km)
    rho = np.hypot(sx, sy)
    phi = raan_dot * t - np.arctan2(sy, sx)  # RAAN relative to the Sun's right ascension
    c_phi, s_phi = np.cos(phi), np.sin(phi)
    c_du, s_du = np.cos(u_dot * t), np.sin(u_dot * t)
    s2_plus_a2 = sx * sx + sy * sy + sz * sz + a * a
    k = a * a - R_EARTH_KM**2
    sz_si = sz * si
    raan0, u0 = np.ravel(elements.raan_rad), np.ravel(elements.arg_latitude_rad)
    out = np.empty((len(raan0), len(t)), dtype=bool)
    for start in range(0, len(raan0), block):
        sl = slice(start, start + block)
        c0, s0 = np.cos(raan0[sl])[:, None], np.sin(raan0[sl])[:, None]
        cu0, su0 = np.cos(u0[sl])[:, None], np.sin(u0[sl])[:, None]
        s_p = rho * (c0 * c_phi - s0 * s_phi)  # s·P̂ = ρ cos(Ω − α)
        s_q = sz_si - ci * rho * (s0 * c_phi + c0 * s_phi)  # s·Q̂ = −ρ cos i sin(Ω − α) + s_z sin i
        sr = (cu0 * c_du - su0 * s_du) * s_p
        sr += (su0 * c_du + cu0 * s_du) * s_q
        sr *= a
        num = sr - a * a
        dist2 = s2_plus_a2 - 2.0 * sr
        dist2 *= k
        shadow = dist2 <= num * num
        shadow &= num < 0
        np.logical_not(shadow, out=out[sl])
    return out
