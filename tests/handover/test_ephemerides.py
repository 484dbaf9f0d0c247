"""Ephemerides for other tools: the trajectories against skyfield, OEM and CZML read back by their
own packages (oem, czml3), and the refusals."""

from datetime import timedelta

import numpy as np
import pytest

from orbitdesk.core.trajectories import shell_trajectories
from orbitdesk.model import default_scenario
from orbitdesk.model.scenario import TLESet
from orbitdesk.paths import resource

SKYFIELD_M = 20.0  # SGP4 is the same code in both; what differs is the frame rotation (ours hourly)
SKYFIELD_VELOCITY_M_S = 0.05  # our central difference over 1 s against skyfield's SGP4 velocity
OEM_INTERPOLATION_M = 5.0  # Lagrange degree 7 on 60 s samples of a LEO orbit: far below this


def _tle_scenario(count=3):
    text = resource("tle", "synthetic_walker_550km.tle").read_text()
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")][: 3 * count]
    base = default_scenario()
    shell = TLESet(name="TLE sample", design=base.designs[0].name, tle_text="\n".join(lines) + "\n")
    return base.model_copy(update={"shells": (*base.shells, shell)}), "\n".join(lines)


def test_tle_states_match_skyfield_in_gcrs_and_itrs():
    """Outside reference: skyfield's EarthSatellite on the same elements (GCRS and ITRS)."""
    from skyfield.api import EarthSatellite
    from skyfield.framelib import itrs

    from orbitdesk.core.ephemeris import timescale

    scenario, _ = _tle_scenario()
    traj = shell_trajectories(scenario, 1, 7200.0, 600.0, 3)
    fixed = traj.earth_fixed()
    ts = timescale()
    recs = [ln for ln in scenario.shells[1].tle_text.splitlines()]
    for k in range(3):
        name, l1, l2 = recs[3 * k: 3 * k + 3]
        sat = EarthSatellite(l1, l2, name, ts)
        assert traj.names[k] == name.strip()
        t = ts.from_datetimes([scenario.epoch + timedelta(seconds=float(s)) for s in traj.t_s])
        at = sat.at(t)
        assert np.abs(at.position.km.T - traj.position_km[k]).max() * 1e3 < SKYFIELD_M
        assert np.abs(at.velocity.km_per_s.T - traj.velocity_km_s[k]).max() * 1e3 < SKYFIELD_VELOCITY_M_S
        r_fixed, v_fixed = at.frame_xyz_and_velocity(itrs)
        assert np.abs(r_fixed.km.T - fixed.position_km[k]).max() * 1e3 < SKYFIELD_M
        assert np.abs(v_fixed.km_per_s.T - fixed.velocity_km_s[k]).max() * 1e3 < SKYFIELD_VELOCITY_M_S


def test_a_shell_is_sampled_over_its_planes_and_named():
    from orbitdesk.model.scenario import WalkerShell

    base = default_scenario()
    walker = WalkerShell(name="W", design=base.designs[0].name, altitude_km=550.0, inclination_deg=53.0,
                         total_satellites=1584, planes=72, phasing=1)
    scenario = base.model_copy(update={"shells": (walker,)})
    traj = shell_trajectories(scenario, 0, 3600.0, 60.0, 12)
    assert len(traj.names) == 12 and len(set(traj.ids)) == 12
    planes = {n.split()[-2] for n in traj.names}
    assert len(planes) >= 3  # spread over planes, not 12 slots of one
    # circular at 550 km: |r| constant, |v| the circular speed (vis-viva; J2 moves it by < 0.2 %)
    r = np.linalg.norm(traj.position_km, axis=-1)
    assert np.ptp(r) < 1e-6 and abs(r[0, 0] - 6928.137) < 0.01
    speed = np.linalg.norm(traj.velocity_km_s, axis=-1)
    assert speed == pytest.approx(np.sqrt(398600.4418 / 6928.137), rel=2e-3)


def test_every_plane_gets_its_share_round_the_orbit():
    """The default shell (4 planes × 665): 12 satellites are 3 per plane, a third of an orbit apart
    (a planner's new user found all 12 in plane 1); 10 give the first planes one more."""
    from orbitdesk.core.trajectories import pick_satellites

    planes, slots = pick_satellites(4, 665, 12)
    assert sorted(set(planes.tolist())) == [0, 1, 2, 3] and np.bincount(planes).tolist() == [3, 3, 3, 3]
    assert slots[:3].tolist() == [0, 221, 443]
    planes, _ = pick_satellites(4, 665, 10)
    assert np.bincount(planes).tolist() == [3, 3, 2, 2]
    planes, slots = pick_satellites(72, 22, 12)  # more planes than satellites: one each, 12 planes
    assert len(set(planes.tolist())) == 12 and set(slots.tolist()) == {0}
    assert len(pick_satellites(3, 2, 100)[0]) == 6  # no more than the shell has
    traj = shell_trajectories(default_scenario(), 0, 600.0, 60.0, 12)
    assert sorted({n.split()[-2] for n in traj.names}) == ["P1", "P2", "P3", "P4"]


def test_oem_files_read_back_and_interpolate(tmp_path):
    """Read back independently with the oem package: header, frame, epochs, states, and its own
    Lagrange interpolation between samples against our propagation at that time."""
    from oem import OrbitEphemerisMessage

    from orbitdesk.core.ephemeris import timescale  # noqa: F401 (skyfield data present)
    from orbitdesk.handover.ephemerides import write_oem_files

    scenario = default_scenario()
    traj = shell_trajectories(scenario, 0, 86400.0, 60.0, 2)
    paths = write_oem_files([traj], tmp_path / "oem")
    assert len(paths) == 2 and all(p.suffix == ".oem" for p in paths)
    text = paths[0].read_text()
    assert text.isascii() and "CCSDS_OEM_VERS = 2.0" in text
    message = OrbitEphemerisMessage.open(str(paths[0]))
    (segment,) = list(message.segments)
    meta = segment.metadata
    assert (meta["REF_FRAME"], meta["TIME_SYSTEM"], meta["CENTER_NAME"]) == ("GCRF", "UTC", "EARTH")
    assert meta["OBJECT_NAME"] == traj.names[0].replace("°", "deg")
    states = list(segment.states)
    assert len(states) == 1441
    assert np.abs(states[100].position - traj.position_km[0, 100]).max() < 1e-6
    # between two samples: the reader's interpolation against a state propagated there
    mid = shell_trajectories(scenario, 0, 30.0 + 60.0 * 500, 30.0 + 60.0 * 500, 2)
    at = segment(states[500].epoch + 30 * __import__("astropy.units", fromlist=["s"]).s)
    assert np.linalg.norm(at.position - mid.position_km[0, -1]) * 1e3 < OEM_INTERPOLATION_M


def test_czml_reads_back_with_cesium_rules(tmp_path):
    """czml3 reads the file back (its models hold CZML's rules); the rules a Cesium viewer needs
    beyond them are checked here: the preamble first with version 1.0 and the clock, time-tagged
    positions as [t, x, y, z] quadruples inside the clock's interval, an availability on each."""
    import json

    from czml3 import Document

    from orbitdesk.handover.czml import write_czml

    scenario, _ = _tle_scenario()
    trajs = [shell_trajectories(scenario, i, 7200.0, 60.0, 3) for i in range(2)]
    path = tmp_path / "c.czml"
    assert write_czml(scenario, trajs, path) == 6
    doc = Document.load(path)
    assert doc.packets[0].id == "document" and doc.packets[0].version == "1.0"
    raw = json.loads(path.read_text())
    interval = raw[0]["clock"]["interval"].split("/")
    stations = [p for p in raw if p["id"].startswith("station-")]
    assert len(stations) == len(scenario.ground_stations)
    sats = [p for p in raw if p["id"].startswith("sat-")]
    assert len(sats) == 6 and len({p["id"] for p in raw}) == len(raw)
    for p in sats:
        pos = p["position"]
        assert pos["referenceFrame"] == "FIXED" and pos["epoch"] == interval[0]
        samples = np.asarray(pos["cartesian"]).reshape(-1, 4)
        assert samples[0, 0] == 0 and samples[-1, 0] == 7200.0
        assert np.all(np.diff(samples[:, 0]) > 0)
        radius = np.linalg.norm(samples[:, 1:], axis=1)
        assert np.all((6.6e6 < radius) & (radius < 7.2e6))  # metres, LEO
        assert p["availability"] == "/".join(interval)
    fixed = trajs[1].earth_fixed()
    tle_pkt = next(p for p in sats if p["name"] == trajs[1].names[0])
    assert np.allclose(np.asarray(tle_pkt["position"]["cartesian"]).reshape(-1, 4)[:, 1:],
                       fixed.position_km[0] * 1e3, atol=1e-3)


def test_refusals_name_the_problem(tmp_path):
    from orbitdesk.core import trajectories as tr
    from orbitdesk.handover.ephemerides import write_oem_files

    scenario = default_scenario()
    with pytest.raises(ValueError, match="step 0.5 s"):
        shell_trajectories(scenario, 0, 3600.0, 0.5)
    with pytest.raises(ValueError, match="span"):
        shell_trajectories(scenario, 0, 0.0, 60.0)
    with pytest.raises(ValueError, match="states, more than"):
        shell_trajectories(scenario, 0, 86400.0 * 30, 1.0, 100)
    traj = shell_trajectories(scenario, 0, 600.0, 60.0, 1)
    broken = tr.ShellTrajectories(traj.shell, traj.names, traj.ids, traj.epoch, traj.t_s,
                                  np.full_like(traj.position_km, np.nan), traj.velocity_km_s)
    with pytest.raises(ValueError, match="decayed"):
        write_oem_files([broken], tmp_path / "none")
    assert not (tmp_path / "none").exists()
    write_oem_files([traj], tmp_path / "once")
    with pytest.raises(ValueError, match="already holds 1 OEM file: give an empty or new folder"):
        write_oem_files([traj], tmp_path / "once")  # old and new satellites would mix
    with pytest.raises(ValueError, match="does not exist"):
        write_oem_files([traj], tmp_path / "missing" / "sub")
