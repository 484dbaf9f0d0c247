"""Small files with big numbers stay in bounded memory and time: representatives are capped,
the ground segment goes over stations in chunks, and sizes past the stated limits are refused."""

import numpy as np
import pytest
from pydantic import ValidationError

from orbitdesk.core import constellation, ground
from orbitdesk.core.constellation import MAX_REPRESENTATIVES, representatives, sample_shell
from orbitdesk.core.ephemeris import sun_position_km
from orbitdesk.model import GroundStation, WalkerShell, default_scenario, describe_validation_error, with_value
from orbitdesk.model import scenario as sc


def walker(planes, per_plane=1, **kw):
    return WalkerShell(name="W", design=default_scenario().designs[0].name, altitude_km=550.0,
                       inclination_deg=53.0, total_satellites=planes * per_plane, planes=planes, **kw)


def test_a_shell_of_many_planes_is_represented_by_at_most_the_cap(scenario):
    shell = walker(100_000)
    reps = representatives(shell, scenario.epoch)
    assert reps.count == MAX_REPRESENTATIVES
    assert reps.weights.sum() == pytest.approx(100_000)
    raan = np.sort(np.mod(reps.elements.raan_rad, 2 * np.pi))
    assert np.diff(raan).max() < 2.5 * (2 * np.pi / MAX_REPRESENTATIVES)  # spread over all planes


def test_a_shell_within_the_cap_keeps_one_representative_per_plane(scenario):
    reps = representatives(walker(1_000, 3, phasing=1), scenario.epoch)
    assert reps.count == 1_000 and (reps.weights == 3).all()


def test_sampled_satellites_point_at_their_nearest_representative(scenario):
    shell = walker(100_000)
    sample = sample_shell(shell, scenario.epoch, 500)
    reps = representatives(shell, scenario.epoch)
    assert sample.plane.max() < reps.count
    # each sampled satellite's plane lies close to its representative's plane in RAAN
    gap = np.angle(np.exp(1j * (sample.elements.raan_rad - reps.elements.raan_rad[sample.plane])))
    assert np.abs(gap).max() <= np.pi / MAX_REPRESENTATIVES + 1e-9


def test_a_big_tle_set_is_capped_but_the_globe_samples_all_satellites(scenario, sample_tle_text):
    from orbitdesk.model import TLESet

    shell = TLESet(name="T", design=scenario.designs[0].name, tle_text=sample_tle_text)
    n = shell.satellite_count
    old = constellation.MAX_REPRESENTATIVES
    constellation.MAX_REPRESENTATIVES = 5
    constellation.representatives.cache_clear()
    constellation.sample_shell.cache_clear()
    try:
        reps = representatives(shell, scenario.epoch)
        sample = sample_shell(shell, scenario.epoch, n)
        assert reps.count == 5 and reps.weights.sum() == pytest.approx(n)
        assert sample.count == n and len({r.line1 for r in sample.tle}) == n  # every satellite drawn
        assert sample.plane.max() < 5
        assert np.isfinite(sample.positions_km(np.array([0.0, 60.0]))).all()
    finally:
        constellation.MAX_REPRESENTATIVES = old
        constellation.representatives.cache_clear()
        constellation.sample_shell.cache_clear()


def test_chunked_contact_matches_all_stations_at_once(scenario, monkeypatch):
    rng = np.random.default_rng(1)
    lat, lon = rng.uniform(-80, 80, 37), rng.uniform(-180, 180, 37)
    gs, up = ground.station_itrs_km(lat, lon)
    min_el = rng.uniform(0, 30, 37)
    t = np.arange(0.0, 6_000.0, 30.0)
    sample = sample_shell(walker(12, 4, phasing=1), scenario.epoch, 48)
    r = np.einsum("ijt,jst->ist", ground.earth_fixed_rotations(scenario.epoch, t), sample.positions_km(t))
    known = np.ones(r.shape[1:], bool)
    known[3, 10:20] = False  # a satellite unknown for a while sees nothing
    v = ground.visibility(r, gs, up, min_el)
    seen = v.visible & known[..., None]
    monkeypatch.setattr(ground, "CHUNK_ELEMENTS", r.shape[1] * r.shape[2] * 5)  # 5 stations a chunk
    contact, nearest = ground.contact_and_nearest(r, known, gs, up, min_el)
    assert (contact == seen.any(axis=-1)).all() and contact.any()
    np.testing.assert_array_equal(nearest, np.where(seen, v.range_km, np.inf).min(axis=-1))


def test_the_sun_cache_returns_the_same_numbers_and_a_private_copy(scenario):
    t = np.linspace(0.0, 6_000.0, 360)
    a = sun_position_km(scenario.epoch, t)
    a[:] = 0.0  # the caller may write on its copy
    b = sun_position_km(scenario.epoch, t)
    np.testing.assert_array_equal(b, sun_position_km(scenario.epoch, t.copy()))
    assert np.linalg.norm(b, axis=0).min() > 1.4e8


@pytest.mark.parametrize("path, value, words", [
    ("ground_stations", [GroundStation(name=f"G{i}", latitude_deg=0.0, longitude_deg=i * 0.1,
                                       min_elevation_deg=10.0).model_dump() for i in range(sc.MAX_GROUND_STATIONS + 1)],
     f"at most {sc.MAX_GROUND_STATIONS}"),
    ("shells", [walker(1).model_copy(update={"name": f"S{i}"}).model_dump() for i in range(sc.MAX_SHELLS + 1)],
     f"at most {sc.MAX_SHELLS}"),
    ("shells[0]", {**default_scenario().shells[0].model_dump(), "planes": 11, "satellites_per_plane": 1_000_000},
     "11,000,000 satellites; a shell holds at most 10,000,000"),
])
def test_sizes_past_the_limits_are_refused_naming_the_limit(scenario, path, value, words):
    with pytest.raises(ValidationError) as e:
        with_value(scenario, path, value)
    msg = describe_validation_error(e.value)
    assert words in msg, msg


def test_too_many_launches_for_the_horizon_are_refused(scenario):
    with pytest.raises(ValidationError) as e:
        with_value(with_value(scenario, "economics.analysis_years", 25.0), "launch.launches_per_year", 10_000.0)
    msg = describe_validation_error(e.value)
    assert "launch.launches_per_year allows" in msg and "launch-months" in msg
    # 10,000 launches a year over the default 10 years fit (90,000 launches: about 1 GB)
    assert with_value(scenario, "launch.launches_per_year", 10_000.0).launch.launches_per_year == 10_000.0


def test_launches_beyond_the_horizon_are_not_built(scenario):
    """A 10,000,000-satellite shell at one satellite a launch: only the launches inside the
    horizon become cohorts; those inside are exactly the ones the full schedule has."""
    from orbitdesk.core.deployment import plan_launches

    plan = scenario.launch  # 50 a year from year 1
    cohorts, needed, _ = plan_launches([10_000_000, 7], [60_000.0, 60_000.0], plan, 10.0)
    assert needed == [10_000_000, 7]
    assert len(cohorts[0].launch_years) == 451 and len(cohorts[1].launch_years) == 0
    full = plan.first_launch_years + np.arange(10_000_000 + 7) / plan.launches_per_year
    np.testing.assert_array_equal(cohorts[0].launch_years, full[full <= 10.0])
    # a shell that fits entirely keeps its last, partly filled launch
    small, _, _ = plan_launches([45], [4_600.0], plan, 10.0)  # 21 a launch: 21 + 21 + 3
    assert small[0].satellites.tolist() == [21.0, 21.0, 3.0]
