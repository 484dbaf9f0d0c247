"""Circular orbits with J2 secular drift, closed form in numpy (MODEL.md section 1).

Arrays in, arrays out: element arrays broadcast against time arrays; positions come back shaped
(3, *broadcast_shape) in km, in the GCRS-aligned inertial frame used for the Sun vector.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from orbitdesk.core.constants import J2, MU_EARTH_KM3_S2, R_EARTH_KM, TROPICAL_YEAR_S


def semi_major_axis_km(altitude_km):
    return R_EARTH_KM + np.asarray(altitude_km, dtype=float)


def mean_motion_rad_s(altitude_km):
    a = semi_major_axis_km(altitude_km)
    return np.sqrt(MU_EARTH_KM3_S2 / a**3)


def period_s(altitude_km):
    """Keplerian period of a circular orbit, s (MODEL.md: 95.65 min at 550 km)."""
    return 2.0 * np.pi / mean_motion_rad_s(altitude_km)


def j2_rates_rad_s(altitude_km, inclination_rad):
    """Secular J2 rates for a circular orbit: (RAAN rate, argument-of-latitude rate), rad/s."""
    n = mean_motion_rad_s(altitude_km)
    k = 1.5 * J2 * n * (R_EARTH_KM / semi_major_axis_km(altitude_km)) ** 2
    c = np.cos(inclination_rad)
    raan_dot = -k * c
    # dω/dt + dM/dt for e = 0:  k/2 (5 cos²i - 1) + k/2 (3 cos²i - 1)
    u_dot = n + 0.5 * k * (5 * c**2 - 1) + 0.5 * k * (3 * c**2 - 1)
    return raan_dot, u_dot


def sso_inclination_deg(altitude_km):
    """Sun-synchronous inclination: J2 RAAN precession of 360° per tropical year.

    MODEL.md: 550 km -> 97.59°, 650 km -> 97.99°, 1000 km -> 99.48°. NaN where none exists.
    """
    n = mean_motion_rad_s(altitude_km)
    required = 2.0 * np.pi / TROPICAL_YEAR_S
    cos_i = -required / (1.5 * J2 * n * (R_EARTH_KM / semi_major_axis_km(altitude_km)) ** 2)
    with np.errstate(invalid="ignore"):
        return np.degrees(np.arccos(np.where(np.abs(cos_i) <= 1, cos_i, np.nan)))


@dataclass(frozen=True)
class CircularElements:
    """Circular-orbit elements at the epoch; each field an array of the same shape."""

    altitude_km: np.ndarray
    inclination_rad: np.ndarray
    raan_rad: np.ndarray
    arg_latitude_rad: np.ndarray

    def __post_init__(self):
        shape = np.broadcast_shapes(
            np.shape(self.altitude_km), np.shape(self.inclination_rad),
            np.shape(self.raan_rad), np.shape(self.arg_latitude_rad),
        )
        for name in ("altitude_km", "inclination_rad", "raan_rad", "arg_latitude_rad"):
            object.__setattr__(self, name, np.broadcast_to(np.asarray(getattr(self, name), float), shape))

    @property
    def shape(self) -> tuple[int, ...]:
        return self.altitude_km.shape

    def take(self, index) -> CircularElements:
        return CircularElements(
            self.altitude_km[index], self.inclination_rad[index],
            self.raan_rad[index], self.arg_latitude_rad[index],
        )


def angles_at(el: CircularElements, t_s):
    """(raan, arg_latitude, inclination) at times t_s (s since epoch); elements broadcast on t."""
    raan_dot, u_dot = j2_rates_rad_s(el.altitude_km, el.inclination_rad)
    raan = el.raan_rad + raan_dot * t_s
    u = el.arg_latitude_rad + u_dot * t_s
    return raan, u, el.inclination_rad


def propagate(el: CircularElements, t_s) -> np.ndarray:
    """Inertial positions, km, shape (3, *broadcast(el.shape, t_s.shape)). No loops.

    When all elements share one altitude and inclination (a shell), the J2 rates are scalars and
    cos/sin(angle0 + rate·t) come from angle-addition formulas: trigonometry only on the satellite
    and time axes separately, multiply-adds on the full (satellites × times) grid.
    """
    t = np.asarray(t_s, dtype=float)
    alt, inc = el.altitude_km, el.inclination_rad
    if alt.size and np.all(alt == alt.flat[0]) and np.all(inc == inc.flat[0]):
        a0, i0 = float(alt.flat[0]), float(inc.flat[0])
        raan_dot, u_dot = (float(x) for x in j2_rates_rad_s(a0, i0))
        cd_o, sd_o = np.cos(raan_dot * t), np.sin(raan_dot * t)
        cd_u, sd_u = np.cos(u_dot * t), np.sin(u_dot * t)
        c0_o, s0_o = np.cos(el.raan_rad), np.sin(el.raan_rad)
        c0_u, s0_u = np.cos(el.arg_latitude_rad), np.sin(el.arg_latitude_rad)
        cO, sO = c0_o * cd_o - s0_o * sd_o, s0_o * cd_o + c0_o * sd_o
        cu, su = c0_u * cd_u - s0_u * sd_u, s0_u * cd_u + c0_u * sd_u
        a, ci, si = float(semi_major_axis_km(a0)), np.cos(i0), np.sin(i0)
        shape = np.broadcast_shapes(cO.shape, cu.shape)
        out = np.empty((3,) + shape)
        su_ci = su * ci
        np.multiply(a, cO * cu - sO * su_ci, out=out[0])
        np.multiply(a, sO * cu + cO * su_ci, out=out[1])
        np.multiply(a * si, su, out=out[2])
        return out
    raan, u, inc = angles_at(el, t)
    a = semi_major_axis_km(el.altitude_km)
    cO, sO, cu, su, ci = np.cos(raan), np.sin(raan), np.cos(u), np.sin(u), np.cos(inc)
    x = a * (cO * cu - sO * su * ci)
    y = a * (sO * cu + cO * su * ci)
    z = a * (su * np.sin(inc))
    shape = np.broadcast_shapes(x.shape, y.shape, z.shape)
    out = np.empty((3,) + shape)
    out[0], out[1], out[2] = x, y, z
    return out


def orbit_normal(el: CircularElements, t_s) -> np.ndarray:
    """Unit angular-momentum vector, shape (3, *broadcast shape)."""
    raan, _, inc = angles_at(el, t_s)
    si = np.sin(inc)
    return np.stack(np.broadcast_arrays(si * np.sin(raan), -si * np.cos(raan), np.cos(inc)))


# --- shells -> elements -----------------------------------------------------------------------


def walker_elements(altitude_km: float, inclination_deg: float, total: int, planes: int,
                    phasing: int, raan_offset_deg: float = 0.0) -> CircularElements:
    """Walker-delta i: T/P/F; shape (planes, total // planes)."""
    per_plane = total // planes
    p = np.arange(planes)[:, None]
    k = np.arange(per_plane)[None, :]
    raan = np.radians(raan_offset_deg) + 2 * np.pi * p / planes
    u = 2 * np.pi * k / per_plane + 2 * np.pi * phasing * p / total
    return CircularElements(altitude_km, np.radians(inclination_deg), raan, u)


def sun_right_ascension_rad(epoch: datetime) -> float:
    from orbitdesk.core.ephemeris import sun_position_km

    s = sun_position_km(epoch, np.zeros(()))
    return float(np.arctan2(s[1], s[0]))


def sso_elements(altitude_km: float, ltan_hours: float, planes: int, per_plane: int,
                 plane_spacing_deg: float, sun_ra_rad: float) -> CircularElements:
    """Sun-synchronous planes around the LTAN's RAAN (RAAN = Sun RA + (LTAN - 12 h) · 15°/h),
    spaced by plane_spacing_deg and centred on it; shape (planes, per_plane)."""
    inc = np.radians(sso_inclination_deg(altitude_km))
    centre = sun_ra_rad + np.radians((ltan_hours - 12.0) * 15.0)
    p = np.arange(planes)[:, None]
    raan = centre + np.radians(plane_spacing_deg) * (p - (planes - 1) / 2.0)
    u = 2 * np.pi * np.arange(per_plane)[None, :] / per_plane
    return CircularElements(altitude_km, inc, raan, u)


def placed_elements(epoch: datetime, latitude_deg: float, longitude_deg: float,
                    altitude_km: float, inclination_deg: float,
                    ascending: bool = True) -> CircularElements:
    """The circular orbit that passes over (lat, lon) at the epoch, ascending or descending;
    shape (1, 1). Earth orientation from skyfield (ITRS -> GCRS)."""
    from skyfield.api import wgs84

    from orbitdesk.core.ephemeris import times

    t = times(epoch, np.zeros(1))
    p = wgs84.latlon(latitude_deg, longitude_deg, elevation_m=altitude_km * 1e3).at(t).position.km
    p = np.asarray(p)[:, 0]
    p = p / np.linalg.norm(p)
    dec, ra = np.arcsin(p[2]), np.arctan2(p[1], p[0])
    inc = np.radians(inclination_deg)
    si = np.sin(inc)
    if abs(si) < 1e-9:  # equatorial orbit: node is arbitrary, put it at the point
        u, raan = 0.0, ra
    else:
        u = np.arcsin(np.clip(np.sin(dec) / si, -1.0, 1.0))
        if not ascending:
            u = np.pi - u
        raan = ra - np.arctan2(np.cos(inc) * np.sin(u), np.cos(u))
    return CircularElements(
        np.array([[altitude_km]]), np.array([[inc]]), np.array([[raan]]), np.array([[u]])
    )


WGS84_E2 = 6.69437999014e-3  # first eccentricity squared of the WGS-84 ellipsoid


def geodetic_latitude_deg(geocentric_deg):
    """Geodetic latitude of a point on the ellipsoid's surface from its geocentric latitude:
    tan φ_d = tan φ_c / (1 − e²). A click on the globe (a direction) to a map latitude."""
    return np.degrees(np.arctan2(np.tan(np.radians(geocentric_deg)), 1.0 - WGS84_E2))


def geocentric_latitude_deg(geodetic_deg):
    """The inverse of ``geodetic_latitude_deg``: where a map latitude lies on the sphere drawn."""
    return np.degrees(np.arctan(np.tan(np.radians(geodetic_deg)) * (1.0 - WGS84_E2)))
