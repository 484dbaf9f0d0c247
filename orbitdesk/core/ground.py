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
from orbitdesk.core.constellation import sample_shell
from orbitdesk.core.ephemeris import gcrs_to_itrs
from orbitdesk.core.orbit_sim import longest_run_s

GROUND_STEP_S = 30.0
GROUND_SPAN_S = 86_400.0
GROUND_SATELLITES = 64  # sampled per shell
EARTH_ROTATION_RAD_S = 2 * np.pi * 1.00273781191135448 / 86_400.0  # Earth rotation angle rate (IERS)
ROTATION_NODE_S = 3_600.0


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


def ground_segment_kpis(scenario) -> dict[str, float | None]:
    """Fleet KPIs of the ground segment (satellite-weighted over shells); all None without
    ground stations."""
    return dict(_segment_kpis(scenario.epoch, scenario.shells, scenario.ground_stations))


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
        v = visibility(np.where(known, r, 0.0), gs, up, min_el)
        seen = v.visible & known[..., None]
        contact = seen.any(axis=-1)  # (S, T)
        weight = shell.satellite_count / sample.count
        contact_weighted += weight * contact.sum() / t.size
        total += shell.satellite_count
        # the day is not periodic: a pad of contact stops a gap from wrapping around
        gaps = np.concatenate([~contact, np.zeros((contact.shape[0], 1), bool)], axis=-1)
        longest = max(longest, float(longest_run_s(gaps, GROUND_STEP_S).max()))
        rtt = 2.0 * np.where(seen, v.range_km, np.inf).min(axis=-1) / C_KM_S  # nearest in view
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
