"""Placing shells by a point on the Earth: the new orbit passes over the point at the epoch."""

from __future__ import annotations

import numpy as np
import pytest
from skyfield.api import wgs84

from orbitdesk.app.placing import add_ground_station, duplicate_design, place_shell, remove_part
from orbitdesk.core import orbits
from orbitdesk.core.constellation import shell_elements
from orbitdesk.core.ephemeris import times


@pytest.mark.parametrize("kind", ["placed", "walker", "sso"])
def test_plane_passes_over_the_point(scenario, kind):
    new, i = place_shell(scenario, 48.1, 11.6, kind, 550.0, 60.0, satellites=100)
    shell = new.shells[i]
    assert shell.kind == kind and shell.satellite_count == (1 if kind == "placed" else 100)
    el = shell_elements(shell, scenario.epoch).take((slice(0, 1), slice(0, 1)))
    normal = orbits.orbit_normal(el, np.zeros((1, 1)))[:, 0, 0]
    p = np.asarray(wgs84.latlon(48.1, 11.6).at(times(scenario.epoch, np.zeros(1))).position.km)[:, 0]
    # the point lies in the orbit plane: angle from the plane < 0.05°
    assert abs(np.degrees(np.arcsin(normal @ p / np.linalg.norm(p)))) < 0.05


def test_unreachable_latitude_says_what_to_change(scenario):
    with pytest.raises(ValueError, match="raise the inclination to at least 70.0°"):
        place_shell(scenario, 70.0, 0.0, "walker", 550.0, 53.0, 100)


def test_names_are_unique_and_last_shell_stays(scenario):
    a, _ = place_shell(scenario, 0.0, 0.0, "placed", 550.0, 53.0)
    b, _ = place_shell(a, 1.0, 0.0, "placed", 550.0, 53.0)
    assert [s.name for s in b.shells][1:] == ["Satellite 53° 550 km", "Satellite 53° 550 km 2"]
    assert remove_part(b, "shells", 1).shells[1].name == "Satellite 53° 550 km 2"
    with pytest.raises(ValueError, match="at least one shell"):
        remove_part(scenario, "shells", 0)


def test_designs_duplicate_and_stay_while_flown(scenario):
    two, i = duplicate_design(scenario, 0)
    assert two.designs[i].name == "AI sat 112 kW (copy)"
    assert two.designs[i].model_dump(exclude={"name"}) == scenario.designs[0].model_dump(exclude={"name"})
    assert duplicate_design(two, 0)[0].designs[2].name == "AI sat 112 kW (copy 2)"
    assert len(remove_part(two, "designs", i).designs) == 1  # the copy flies nowhere
    with pytest.raises(ValueError, match="is flown by 'Dawn-dusk SSO 650 km'"):
        remove_part(two, "designs", 0)


def test_ground_stations_add_and_remove(scenario):
    new, i = add_ground_station(scenario, 48.15, 11.58)
    gs = new.ground_stations[i]
    assert (gs.name, gs.latitude_deg, gs.longitude_deg) == ("Station 1", 48.15, 11.58)
    assert gs.min_elevation_deg == scenario.ground_stations[0].min_elevation_deg
    assert remove_part(new, "ground_stations", i) == scenario


def test_placed_shells_are_named_by_their_orbit_and_follow_edits(scenario):
    from orbitdesk.model import with_value
    from orbitdesk.model.names import follow_generated_names

    w, i = place_shell(scenario, 10.0, 20.0, "walker", 550.0, 53.0, satellites=100)
    s, j = place_shell(w, 10.0, 20.0, "sso", 700.0, 0.0, satellites=10)
    assert w.shells[i].name == "Walker 53° 550 km"
    assert s.shells[j].name.startswith("SSO 700 km, LTAN ")  # LTAN from the clicked point
    edited = follow_generated_names(w, with_value(w, f"shells[{i}].altitude_km", 600.0))
    assert edited.shells[i].name == "Walker 53° 600 km"


def test_tle_set_name_counts_its_satellites(scenario, sample_tle_text):
    from orbitdesk.app.placing import add_tle_shell

    new, i = add_tle_shell(scenario, sample_tle_text, "walker.tle")
    assert new.shells[i].name == "walker (12 sat)"
    again, k = add_tle_shell(new, sample_tle_text, "walker.tle")
    assert again.shells[k].name == "walker (12 sat) 2"
