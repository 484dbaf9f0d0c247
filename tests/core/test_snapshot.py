"""core.snapshot: positions, light and plane bookkeeping for the globe."""

from __future__ import annotations

import numpy as np

from orbitdesk.core import orbits
from orbitdesk.core.constellation import representatives
from orbitdesk.core.snapshot import orbit_rings, snapshot
from orbitdesk.model.presets import PRESETS


def test_default_snapshot_counts_and_radius(scenario):
    s = snapshot(scenario, 600.0)
    assert s.shown == s.total == (2660,)
    r = np.linalg.norm(s.positions_km, axis=0)
    np.testing.assert_allclose(r, orbits.semi_major_axis_km(650.0), rtol=1e-12)
    # dawn-dusk at the January epoch: mostly sunlit (the KPI table says 80 % over the orbit)
    assert 0.6 < s.sunlit.mean() < 0.95


def test_phase_maps_each_satellite_onto_its_representative(scenario):
    """Satellite k of plane p at time t sits where plane p's representative is at phase_s(k):
    that is how the globe colours satellites by the representative's throttle. Tolerance: the
    J2 drift of the node over less than one orbit (< 0.1°, about 12 km at 650 km)."""
    t = 1234.0
    s = snapshot(scenario, t)
    reps = representatives(scenario.shells[0], scenario.epoch)
    el = reps.elements
    rep_pos = orbits.propagate(el.take(s.plane), s.phase_s)
    assert np.max(np.linalg.norm(rep_pos - s.positions_km, axis=0)) < 15.0


def test_million_satellites_are_thinned_evenly():
    big = PRESETS["1,000,000-satellite Walker shell"]()
    s = snapshot(big, 0.0, max_points=100_000)
    assert s.total == (1_000_000,) and 90_000 <= s.shown[0] <= 100_000
    assert np.unique(s.plane).size > 300  # planes all round, not the first few


def test_rings_close(scenario):
    (r,) = orbit_rings(scenario, 0.0)
    assert r.shape[:2] == (3, 4)
    np.testing.assert_allclose(r[:, :, 0], r[:, :, -1])
