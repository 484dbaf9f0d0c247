"""Orbits against MODEL.md section 1 reference values."""

import numpy as np
import pytest

from orbitdesk.core import orbits
from orbitdesk.core.ephemeris import gcrs_to_itrs

# MODEL.md §1 "Check": SSO inclination from J2 precession of 360° per tropical year
SSO_TOL_DEG = 0.01  # MODEL.md quotes two decimals


@pytest.mark.parametrize("altitude_km, inclination_deg", [(550, 97.59), (650, 97.99), (1000, 99.48)])
def test_sso_inclination_matches_model_md(altitude_km, inclination_deg):
    assert orbits.sso_inclination_deg(altitude_km) == pytest.approx(inclination_deg, abs=SSO_TOL_DEG)


@pytest.mark.parametrize("altitude_km, minutes", [(550, 95.65), (650, 97.73)])
def test_period_matches_model_md(altitude_km, minutes):
    # MODEL.md §1 "Period check" (Keplerian, μ = 398600.4418 km³/s²), quoted to 0.01 min
    assert orbits.period_s(altitude_km) / 60 == pytest.approx(minutes, abs=0.005)


def test_sso_plane_tracks_the_sun():
    # J2 RAAN rate of an SSO orbit is 360° per tropical year (0.9856°/day)
    inc = np.radians(orbits.sso_inclination_deg(650))
    raan_dot, _ = orbits.j2_rates_rad_s(650, inc)
    assert np.degrees(raan_dot) * 86400 == pytest.approx(360 / 365.2421897, rel=1e-9)


def test_walker_shape_and_phasing():
    el = orbits.walker_elements(550, 53, total=24, planes=6, phasing=1)
    assert el.shape == (6, 4)
    assert np.degrees(el.raan_rad[:, 0]) == pytest.approx(np.arange(6) * 60)
    # plane p's first satellite is shifted by p·F·360/T = 15° per plane
    assert np.degrees(el.arg_latitude_rad[:, 0]) == pytest.approx(np.arange(6) * 15)


def test_propagate_broadcasts_and_keeps_radius():
    el = orbits.walker_elements(550, 53, total=20, planes=5, phasing=0)
    t = np.linspace(0, 6000, 7)
    r = orbits.propagate(orbits.CircularElements(el.altitude_km[..., None], el.inclination_rad[..., None],
                                                 el.raan_rad[..., None], el.arg_latitude_rad[..., None]), t)
    assert r.shape == (3, 5, 4, 7)
    assert np.linalg.norm(r, axis=0) == pytest.approx(6378.137 + 550)


@pytest.mark.parametrize("lat, lon, ascending", [(35.0, -90.0, True), (-20.0, 140.0, False), (0.0, 0.0, True)])
def test_placed_satellite_passes_over_the_clicked_point(scenario, lat, lon, ascending):
    el = orbits.placed_elements(scenario.epoch, lat, lon, 550.0, 53.0, ascending)
    t = np.array([0.0, 1.0])
    r = orbits.propagate(el.take((0, 0)), t)  # (3, 2)
    R = gcrs_to_itrs(scenario.epoch, t)
    ecef = np.einsum("ijn,jn->in", R, r)
    geocentric_lat = np.degrees(np.arcsin(ecef[2, 0] / np.linalg.norm(ecef[:, 0])))
    lon_out = np.degrees(np.arctan2(ecef[1, 0], ecef[0, 0]))
    # geodetic vs geocentric latitude differ by up to ~0.19° at 45°; longitude is exact
    assert geocentric_lat == pytest.approx(lat, abs=0.2)
    assert (lon_out - lon + 180) % 360 - 180 == pytest.approx(0, abs=1e-6)
    # ascending pass: moving north
    assert (ecef[2, 1] > ecef[2, 0]) == ascending


def test_shell_fast_path_equals_general_path():
    el = orbits.walker_elements(700, 87.9, total=30, planes=5, phasing=2)
    flat = orbits.CircularElements(el.altitude_km.reshape(-1, 1), el.inclination_rad.reshape(-1, 1),
                                   el.raan_rad.reshape(-1, 1), el.arg_latitude_rad.reshape(-1, 1))
    t = np.linspace(0, 30 * 86400, 500)
    fast = orbits.propagate(flat, t)
    # mixed altitudes force the general path; compare satellite by satellite
    for k in (0, 7, 29):
        mixed = orbits.CircularElements(np.array([[700.0], [701.0]]),
                                        flat.inclination_rad[k:k + 1].repeat(2, 0),
                                        flat.raan_rad[k:k + 1].repeat(2, 0),
                                        flat.arg_latitude_rad[k:k + 1].repeat(2, 0))
        assert np.abs(orbits.propagate(mixed, t)[:, 0] - fast[:, k]).max() < 1e-6  # km
