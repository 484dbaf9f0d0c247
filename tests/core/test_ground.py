"""Ground segment (MODEL.md section 7): visibility geometry against skyfield and by hand."""

from __future__ import annotations

import numpy as np
import pytest

from orbitdesk.core.constants import C_KM_S, R_EARTH_KM
from orbitdesk.core.ephemeris import gcrs_to_itrs, times, timescale
from orbitdesk.core.ground import earth_fixed_rotations, ground_segment_kpis, station_itrs_km, visibility
from orbitdesk.model import PlacedSatellite, TLESet, WalkerShell
from orbitdesk.model.tle import parse_tle


def with_shells(scenario, *shells, stations=None):
    data = scenario.model_dump()
    data["shells"] = [s.model_dump() for s in shells]
    if stations is not None:
        data["ground_stations"] = stations
    return type(scenario).model_validate(data)


def test_hourly_nodes_plus_spin_match_skyfield(scenario):
    """Between hourly skyfield rotations the Earth only spins: the matrices agree with skyfield's
    full GCRS->ITRS rotation to 1e-7 (0.02 arcsec) over a day."""
    t = np.linspace(0.0, 86_400.0, 97)
    np.testing.assert_allclose(earth_fixed_rotations(scenario.epoch, t), gcrs_to_itrs(scenario.epoch, t),
                               atol=1e-7)


def test_elevation_matches_skyfield_altaz(scenario, sample_tle_text):
    """Elevation of a TLE satellite from Svalbard, ours vs skyfield's (sat - topos).altaz(),
    within 0.01° (both use the WGS-84 vertical; ours ignores refraction, as altaz() does)."""
    from skyfield.api import EarthSatellite, wgs84
    from skyfield.framelib import itrs

    rec = parse_tle(sample_tle_text)[0]
    ts = timescale()
    sat = EarthSatellite(rec.line1, rec.line2, rec.name, ts)
    station = wgs84.latlon(78.23, 15.39)
    t_s = np.arange(0.0, 6_000.0, 300.0)
    t = times(scenario.epoch, t_s)
    theirs = (sat - station).at(t).altaz()[0].degrees
    r_itrs = np.asarray(sat.at(t).frame_xyz(itrs).km)
    pos, up = station_itrs_km([78.23], [15.39])
    v = visibility(r_itrs[:, None, :], pos, up, [10.0])
    ours = np.degrees(np.arcsin(v.sin_elevation[0, :, 0]))
    np.testing.assert_allclose(ours, theirs, atol=0.01)


def test_overhead_round_trip_is_twice_the_height_over_c(scenario):
    """A satellite placed over the station at the epoch is overhead at t = 0: the best round trip
    is 2 × range / c with range = orbit radius − the station's distance from the centre (the
    model's circular orbits have radius R_eq + altitude, so at 48° N the satellite is ~12 km
    higher above the ground than its 550 km altitude)."""
    st = [{"name": "Munich", "latitude_deg": 48.15, "longitude_deg": 11.58, "min_elevation_deg": 10.0}]
    s = with_shells(scenario, PlacedSatellite(name="over", design=scenario.designs[0].name,
                                              latitude_deg=48.15, longitude_deg=11.58,
                                              altitude_km=550.0, inclination_deg=60.0), stations=st)
    k = ground_segment_kpis(s)
    gs, _ = station_itrs_km([48.15], [11.58])
    height_km = R_EARTH_KM + 550.0 - np.linalg.norm(gs)
    assert k["min_round_trip_s"] == pytest.approx(2 * height_km / C_KM_S, rel=1e-4)
    assert 0.0 < k["ground_contact_fraction"] < 0.2


def test_equatorial_orbit_never_sees_svalbard(scenario):
    st = [{"name": "Svalbard", "latitude_deg": 78.23, "longitude_deg": 15.39, "min_elevation_deg": 5.0}]
    s = with_shells(scenario, WalkerShell(name="eq", design=scenario.designs[0].name, altitude_km=550.0,
                                          inclination_deg=0.0, total_satellites=10, planes=1), stations=st)
    k = ground_segment_kpis(s)
    assert k["ground_contact_fraction"] == 0.0
    assert k["longest_contact_gap_s"] == 86_400.0  # the whole sampled day
    assert k["median_round_trip_s"] is None and k["min_round_trip_s"] is None


def test_default_fleet(scenario, sample_tle_text):
    """Dawn-dusk SSO at 650 km with three polar stations: in view part of each orbit; the light
    time is the smaller share of the seeds' 20-40 ms LEO round trip (REFERENCE_DATA.md), which
    adds processing and backhaul."""
    k = ground_segment_kpis(scenario)
    assert 0.05 < k["ground_contact_fraction"] < 0.5
    assert k["longest_contact_gap_s"] < 2 * 97 * 60  # a polar station each orbit or so
    assert 2 * 650 / C_KM_S <= k["min_round_trip_s"] < k["median_round_trip_s"] < 0.020
    tle = with_shells(scenario, TLESet(name="t", design=scenario.designs[0].name, tle_text=sample_tle_text))
    assert ground_segment_kpis(tle)["ground_contact_fraction"] > 0.0


def test_no_stations_no_figures(scenario):
    s = with_shells(scenario, *scenario.shells, stations=[])
    assert set(ground_segment_kpis(s).values()) == {None}
