"""The globe's station coverage circles and antenna links (globe/coverage.py)."""

from __future__ import annotations

import numpy as np
import pytest

from orbitdesk.core.constants import R_EARTH_KM
from orbitdesk.globe import coverage


@pytest.mark.parametrize("altitude_km, elevation_deg", [(550.0, 10.0), (650.0, 5.0), (1200.0, 25.0)])
def test_a_satellite_over_the_circle_is_at_the_minimum_elevation(altitude_km, elevation_deg):
    """Vector check: a satellite at altitude_km above a point of the circle's edge sits at the
    station's minimum elevation."""
    station = np.array([0.3, -0.4, 0.866])
    station /= np.linalg.norm(station)
    half = coverage.coverage_half_angle_rad(altitude_km, elevation_deg)
    edge = coverage.circle(station, half, 8) / coverage.GROUND_LIFT  # unit vectors
    sats = edge * (1.0 + altitude_km / R_EARTH_KM)
    d = sats - station
    sin_el = d @ station / np.linalg.norm(d, axis=1)
    np.testing.assert_allclose(np.degrees(np.arcsin(sin_el)), elevation_deg, atol=1e-9)
    assert np.allclose(edge @ station, np.cos(half))


def test_links_take_the_nearest_satellites_in_view_up_to_the_antennas():
    rng = np.random.default_rng(2)
    stations = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]).T
    sats = rng.normal(size=(3, 400))
    sats = sats / np.linalg.norm(sats, axis=0) * (1 + 650 / R_EARTH_KM)
    pairs = coverage.links(stations, sats, [10.0, 10.0], [3, 0])
    assert len(pairs) == 3 and {g for g, _ in pairs} == {0}
    p = stations[:, 0]
    d = sats - p[:, None]
    rng_all = np.linalg.norm(d, axis=0)
    seen = (p @ d) / rng_all >= np.sin(np.radians(10.0))
    nearest = np.sort(rng_all[seen])[:3]
    np.testing.assert_allclose(sorted(rng_all[k] for _, k in pairs), nearest)
    assert coverage.links(stations, np.zeros((3, 0)), [10.0, 10.0], [3, 3]) == []


def test_the_globe_draws_circles_and_links(window):
    globe = window.globe
    globe.set_time(0.0)
    n = len(window.document.scenario.ground_stations)
    assert globe.coverage.visible and len(globe.link_pairs) > 0
    assert all(0 <= g < n for g, _ in globe.link_pairs)
    s = window.document.scenario.model_copy(update={"ground_stations": ()})
    window.document.replace(s, "no stations")
    globe.set_time(60.0)
    assert not globe.coverage.visible and globe.link_pairs == []
