"""What the globe draws of the data segment: each station's coverage circle on the ground and the
links its antennas hold at the displayed time (numpy only; the view draws the segments).

Positions are in the globe's scene frame (GCRS in Earth radii). A station sees a satellite above
its minimum elevation (geocentric vertical: a drawing, not the data segment's WGS-84 figures);
its antennas serve the nearest ones, as many as it has (core/data_segment.py gives them the
best rates, which the nearest have)."""

from __future__ import annotations

import numpy as np

from orbitdesk.core.constants import R_EARTH_KM

CIRCLE_POINTS = 96
GROUND_LIFT = 1.003  # the circles float just above the Earth's surface
MAX_CHECKS = 5_000_000  # station-satellite pairs checked per frame; beyond, no links are drawn (a frame
# of 1,000 stations against 100,000 shown satellites would take seconds)


def coverage_half_angle_rad(altitude_km: float, min_elevation_deg: float) -> float:
    """Earth central angle from a station to the edge of what it sees at ``min_elevation_deg``
    of a satellite at ``altitude_km``: arccos(R·cos ε / (R + h)) − ε (spherical Earth)."""
    eps = np.radians(min_elevation_deg)
    return float(np.arccos(R_EARTH_KM * np.cos(eps) / (R_EARTH_KM + altitude_km)) - eps)


def circle(centre: np.ndarray, half_angle_rad: float, points: int = CIRCLE_POINTS) -> np.ndarray:
    """Points (points, 3) of the small circle at ``half_angle_rad`` around the unit vector ``centre``."""
    c = centre / np.linalg.norm(centre)
    a = np.cross(c, [0.0, 0.0, 1.0] if abs(c[2]) < 0.9 else [1.0, 0.0, 0.0])
    a /= np.linalg.norm(a)
    b = np.cross(c, a)
    t = np.linspace(0.0, 2.0 * np.pi, points, endpoint=False)[:, None]
    return (np.cos(half_angle_rad) * c + np.sin(half_angle_rad) * (np.cos(t) * a + np.sin(t) * b)) * GROUND_LIFT


def links(stations: np.ndarray, satellites: np.ndarray, min_elevation_deg, antennas) -> list[tuple[int, int]]:
    """(station, satellite) pairs: each station (unit vectors (3, G)) to its nearest satellites in
    view (positions (3, N), Earth radii), at most ``antennas[g]`` of them; none past MAX_CHECKS."""
    out = []
    if satellites.size == 0 or stations.shape[1] * satellites.shape[1] > MAX_CHECKS:
        return out
    for g in range(stations.shape[1]):
        p = stations[:, g]
        d = satellites - p[:, None]
        rng = np.linalg.norm(d, axis=0)
        sin_el = (p @ d) / np.maximum(rng, 1e-12)
        seen = np.flatnonzero(sin_el >= np.sin(np.radians(min_elevation_deg[g])))
        take = seen[np.argsort(rng[seen], kind="stable")[:max(int(antennas[g]), 0)]]
        out += [(g, int(s)) for s in take]
    return out
