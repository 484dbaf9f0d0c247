"""Ground segment (MODEL.md section 7): when the fleet sees a ground station, and the round trip.

Sampled over one day from the epoch every 30 s, for up to ``GROUND_SATELLITES`` satellites per
shell spread evenly over its planes and phases. A satellite sees a station when its elevation
above the station's local horizon (WGS-84 geodetic vertical) is at least the station's minimum.
The round trip counted here is the propagation part of MODEL.md's formula, 2 · slant range / c,
to the nearest station in view; processing and terrestrial backhaul come on top (the seeds'
20–40 ms LEO figure includes them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from orbitdesk.core.constants import C_KM_S
from orbitdesk.core.constellation import orbit_key, sample_shell
from orbitdesk.core.ephemeris import gcrs_to_itrs
from orbitdesk.core.orbit_sim import longest_run_s

GROUND_STEP_S = 30.0
GROUND_SPAN_S = 86_400.0
GROUND_SATELLITES = 64  # sampled per shell
EARTH_ROTATION_RAD_S = 2 * np.pi * 1.00273781191135448 / 86_400.0  # Earth rotation angle rate (IERS)
ROTATION_NODE_S = 3_600.0
CHUNK_ELEMENTS = 4_000_000  # satellite-time-station triples per step: about 100 MB of arrays


def earth_fixed_rotations(epoch, t_s: np.ndarray) -> np.ndarray:
    """GCRS -> ITRS matrices (3, 3, T): skyfield's full rotation (precession, nutation, Earth
    rotation, polar motion) every hour, and between those nodes the Earth's spin about its pole
    alone (what nutation and polar motion change within an hour is far below an arcsecond)."""
    t = np.asarray(t_s, dtype=float)
    node_t = np.floor(t / ROTATION_NODE_S) * ROTATION_NODE_S
    nodes, k = np.unique(node_t, return_inverse=True)
    at_nodes = gcrs_to_itrs(epoch, nodes)[:, :, k]  # (3, 3, T)
    c, s = np.cos(EARTH_ROTATION_RAD_S * (t - node_t)), np.sin(EARTH_ROTATION_RAD_S * (t - node_t))
    zero, one = np.zeros_like(c), np.ones_like(c)
    spin = np.array([[c, s, zero], [-s, c, zero], [zero, zero, one]])  # coordinates turn by -Δθ
    return np.einsum("ijt,jkt->ikt", spin, at_nodes)


def station_itrs_km(latitudes_deg, longitudes_deg) -> tuple[np.ndarray, np.ndarray]:
    """(positions (3, G) km, local vertical unit vectors (3, G)) of stations on the WGS-84
    ellipsoid (height 0), Earth-fixed."""
    from skyfield.api import wgs84

    lat, lon = np.radians(latitudes_deg), np.radians(longitudes_deg)
    pos = np.stack([np.asarray(wgs84.latlon(float(a), float(b)).itrs_xyz.km)
                    for a, b in zip(np.degrees(lat), np.degrees(lon), strict=True)], axis=1)
    up = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    return pos, up


@dataclass(frozen=True)
class Visibility:
    """For satellites (S) over times (T) and stations (G)."""

    sin_elevation: np.ndarray  # (S, T, G)
    range_km: np.ndarray  # (S, T, G)
    visible: np.ndarray  # (S, T, G) bool: at or above the station's minimum elevation


def visibility(sat_itrs_km: np.ndarray, station_km: np.ndarray, up: np.ndarray,
               min_elevation_deg) -> Visibility:
    """Satellites (3, S, T) against stations (3, G), all Earth-fixed."""
    d = sat_itrs_km[..., None] - station_km[:, None, None, :]  # (3, S, T, G)
    rng = np.linalg.norm(d, axis=0)
    sin_el = np.einsum("istg,ig->stg", d, up) / rng
    visible = sin_el >= np.sin(np.radians(np.asarray(min_elevation_deg, dtype=float)))
    return Visibility(sin_el, rng, visible)


def contact_and_nearest(sat_itrs_km: np.ndarray, known: np.ndarray, station_km: np.ndarray,
                        up: np.ndarray, min_elevation_deg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(in contact with any station (S, T), range to the nearest station in view (S, T) km, inf
    when none), as ``visibility`` computes them, in bounded memory whatever the number of
    stations (1,000 stations at once took 11 GB).

    Stations go in chunks of ``CHUNK_ELEMENTS`` satellite-time-station triples. A cheap test
    first keeps the triples where the satellite is above the station's horizon plane (within a
    1 km margin, far beyond rounding): a satellite below it cannot be at elevation >= 0. Only
    those are computed exactly, element by element as in ``visibility``."""
    S, T = sat_itrs_km.shape[1:]
    sat = np.where(known, sat_itrs_km, 0.0).reshape(3, S * T)
    ok = known.reshape(S * T)
    contact = np.zeros(S * T, bool)
    nearest = np.full(S * T, np.inf)
    sin_min = np.sin(np.radians(np.asarray(min_elevation_deg, dtype=float)))
    step = max(1, CHUNK_ELEMENTS // max(S * T, 1))
    for g0 in range(0, station_km.shape[1], step):
        st, u = station_km[:, g0:g0 + step], up[:, g0:g0 + step]
        height = np.einsum("ig,in->gn", u, sat)  # (g, S·T): km above each horizon plane, plus
        above = height > (np.sum(st * u, axis=0) - 1.0)[:, None]  # the station's own height
        gi, si = np.divmod(np.flatnonzero(above), S * T)
        si_ok = ok[si]
        gi, si = gi[si_ok], si[si_ok]
        d = sat[:, si] - st[:, gi]
        rng = np.linalg.norm(d, axis=0)
        seen = np.einsum("in,in->n", d, u[:, gi]) / rng >= sin_min[g0:g0 + step][gi]
        contact[si[seen]] = True
        np.minimum.at(nearest, si[seen], rng[seen])
    return contact.reshape(S, T), nearest.reshape(S, T)


def station_position(station):
    """The station as far as visibility goes (its name and terminals play no part)."""
    return station.model_copy(update={"name": "-", "antennas": 0, "dish_m": 1.0, "system_noise_k": 100.0,
                                      "optical_aperture_m": 0.0, "clear_sky_fraction": 0.0, "cost_usd_per_year": 0.0})


def ground_segment_kpis(scenario) -> dict[str, float | None]:
    """Fleet KPIs of the ground segment (satellite-weighted over shells); all None without
    ground stations."""
    return dict(_segment_kpis(scenario.epoch, tuple(map(orbit_key, scenario.shells)),
                              tuple(map(station_position, scenario.ground_stations))))


@lru_cache(maxsize=8)
def _segment_kpis(epoch, shells, stations) -> tuple:
    keys = ("ground_contact_fraction", "longest_contact_gap_s", "median_round_trip_s",
            "min_round_trip_s")
    if not stations:
        return tuple((k, None) for k in keys)
    t = np.arange(0.0, GROUND_SPAN_S, GROUND_STEP_S)
    R = earth_fixed_rotations(epoch, t)  # (3, 3, T)
    gs, up = station_itrs_km([g.latitude_deg for g in stations], [g.longitude_deg for g in stations])
    min_el = np.array([g.min_elevation_deg for g in stations])
    contact_weighted, total, longest, rtts, weights = 0.0, 0.0, 0.0, [], []
    for shell in shells:
        sample = sample_shell(shell, epoch, GROUND_SATELLITES)
        r = np.einsum("ijt,jst->ist", R, sample.positions_km(t))  # GCRS -> ITRS
        known = np.isfinite(r).all(axis=0)  # a decayed TLE satellite sees nothing
        contact, nearest_km = contact_and_nearest(r, known, gs, up, min_el)  # (S, T) each
        weight = shell.satellite_count / sample.count
        contact_weighted += weight * contact.sum() / t.size
        total += shell.satellite_count
        # the day is not periodic: a pad of contact stops a gap from wrapping around
        gaps = np.concatenate([~contact, np.zeros((contact.shape[0], 1), bool)], axis=-1)
        longest = max(longest, float(longest_run_s(gaps, GROUND_STEP_S).max()))
        rtt = 2.0 * nearest_km / C_KM_S  # to the nearest station in view
        rtts.append(rtt[contact])
        weights.append(np.full(int(contact.sum()), weight))
    rtt, w = np.concatenate(rtts), np.concatenate(weights)
    return tuple(zip(keys, (
        float(contact_weighted / total),
        longest,
        weighted_median(rtt, w) if rtt.size else None,
        float(rtt.min()) if rtt.size else None,
    ), strict=True))


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value at half of the total weight (each sample stands for ``weights`` satellites)."""
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, 0.5 * cum[-1])])
