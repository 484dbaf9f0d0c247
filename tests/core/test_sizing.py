"""Size to close (core/sizing.py, `orbitdesk size`): the sized design carries and rejects its load in
every month of the horizon (the array at the end of it), and the sizes are tight (a few per cent
less fails again)."""

import json
import subprocess
import sys

import pytest

from orbitdesk.core import evaluate, sizing
from orbitdesk.model.edit import with_value

SEASON_ECLIPSE_MIN = 19.5  # MODEL.md §11: the default dawn-dusk orbit's longest eclipse (skyfield ±17 s)
ECLIPSE_TOL = 0.04  # the horizon's longest is at the solstice, a little past the 1 January figure


def _power_or_heat(results):
    return [w for w in results.warnings if "battery" in w or "radiator" in w or "array" in w]


@pytest.fixture(scope="module")
def sized_scenario(scenario):
    """Sized as the command line does: the battery, the array (at end of life), the radiator."""
    b = sizing.battery(scenario, 0)
    s = sizing.sized(scenario, [b])
    s = sizing.sized(s, [sizing.array(s, 0)])
    return sizing.sized(s, [sizing.radiator(s, 0)]), b


def test_the_sized_design_closes_in_every_month(sized_scenario):
    s, _ = sized_scenario
    r = evaluate(s)
    assert not _power_or_heat(r)
    assert min(t.throttle.min() for t in r.seasons) > 0.999


def test_the_battery_carries_the_payload_through_the_longest_eclipse(scenario, sized_scenario):
    """The issue: the default 20 kWh battery cannot carry the 112 kW payload through eclipse."""
    _, b = sized_scenario
    d = scenario.designs[0]
    load_kw = 115.032  # 96 × (700 W H100 + 467 W overhead) + 3 kW bus
    by_hand_wh = load_kw * 1e3 * SEASON_ECLIPSE_MIN / 60 / d.battery.depth_of_discharge
    assert b.value == pytest.approx(by_hand_wh, rel=ECLIPSE_TOL) and b.value > b.before
    smaller = with_value(sized_scenario[0], b.path, b.value * 0.95)
    assert any("battery cannot carry" in w for w in evaluate(smaller).warnings)


def test_the_default_radiator_is_about_a_quarter_too_large(scenario, sized_scenario):
    """The issue: the default design's radiator is about 26 % larger than needed."""
    s, _ = sized_scenario
    r = sizing.radiator(s, 0)
    assert scenario.designs[0].radiator.area_m2 / r.value == pytest.approx(1.26, abs=0.04)
    smaller = with_value(s, r.path, r.value * 0.97)
    assert any("radiator" in w for w in evaluate(smaller).warnings)


def test_the_command_line_writes_the_sized_file_and_keeps_the_input(tmp_path, scenario):
    from orbitdesk.model import save_scenario

    src, out = tmp_path / "a.orbitdesk.json", tmp_path / "b.orbitdesk.json"
    save_scenario(scenario, src)
    before = src.read_text()
    run = subprocess.run([sys.executable, "-m", "orbitdesk", "size", str(src), "--out", str(out), "--battery"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "designs[0].battery.capacity_wh: 20,000 ->" in run.stdout
    assert src.read_text() == before
    assert json.loads(out.read_text())["scenario"]["designs"][0]["battery"]["capacity_wh"] > 40_000
    bad = subprocess.run([sys.executable, "-m", "orbitdesk", "size", str(src), "--out", str(out), "--design", "3"],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "designs 0 to 0" in bad.stderr
    onto = subprocess.run([sys.executable, "-m", "orbitdesk", "size", str(src), "--out", str(src)],
                          capture_output=True, text=True, timeout=300)
    assert onto.returncode == 2 and "that is the input file" in onto.stderr and src.read_text() == before


# --- the solar array (issue 9 item 5) ---------------------------------------------------------

SMAD_TOL = 0.03  # the sampled orbit has penumbra and 1-minute steps; the formula a sharp shadow
PERIHELION_AU = 0.98329  # the Earth's distance from the Sun in early January (IERS / JPL, published)
THROTTLE_TOL = 1e-3  # the payload's power cut allowed at end of life after sizing (0.1 %)
IDEMPOTENT_TOL = 0.01
BATTERY_ROOM = 1.1  # one 96-step sample more of eclipse than the refined figure (see the test)


def _end_of_life(s):
    """The sized shell's sampled orbits at the oldest satellite age of the horizon."""
    from orbitdesk.core import environment
    from orbitdesk.core.evaluate import _ages, _life_geometry, _orbit_key, _years
    from orbitdesk.core.orbit_sim import simulate

    years = tuple(_years(s).tolist())
    light = _life_geometry(_orbit_key(s.shells[0]), s.epoch, years)[2]
    d = environment.in_orbit(s.designs[0], s.shells[0])
    return simulate(d, light, age_years=float(_ages(years)[-1])), light, d


def test_the_sized_array_carries_the_payload_at_end_of_life(sized_scenario):
    """After sizing, the 10-year-old satellites run their full payload at every step of every
    sampled orbit of the horizon (no power cut: the orbit's energy closes), and 3 % less array
    cuts it again. The battery gets a step's room (BATTERY_ROOM): it is sized on the refined
    longest eclipse (to 8 s), which the 96-step orbits round up by up to one step (1 min of 20)."""
    s, _ = sized_scenario
    roomy = with_value(s, "designs[0].battery.capacity_wh", s.designs[0].battery.capacity_wh * BATTERY_ROOM)
    phys, light, d = _end_of_life(roomy)
    cut = (phys.thermal_throttle - phys.throttle)[light.known]
    assert cut.max() < THROTTLE_TOL and not phys.bus_unpowered.any()
    smaller = with_value(roomy, "designs[0].solar.area_m2", s.designs[0].solar.area_m2 * 0.97)
    phys_small, light, _ = _end_of_life(smaller)
    assert (phys_small.thermal_throttle - phys_small.throttle)[light.known].max() > 0.01


def test_the_array_matches_the_smad_energy_balance(scenario, sized_scenario):
    """SMAD (Wertz & Larson, Space Mission Analysis and Design, 3rd ed., eq. 11-5): the array
    delivers P_sa = (P_e·T_e/X_e + P_d·T_d/X_d) / T_d; with the battery's round-trip efficiency as
    X_e and X_d = 1 (no path losses modelled), the payload and bus as P_e = P_d, the horizon's
    longest eclipse and the orbit period (95.65/97.73 min at 550/650 km, MODEL.md §1), at the
    perihelion flux and the end-of-life cells at their temperature (the sizing's own words)."""
    import re

    s, _ = sized_scenario
    change = sizing.array(s, 0)
    d = scenario.designs[0]
    load_w = 115.032e3  # 96 × (700 W H100 + 467 W overhead) + 3 kW bus
    eclipse_min = max(float(t.longest_eclipse_s.max()) for t in evaluate(s).seasons) / 60.0
    period_min, x_e = 97.73, d.battery.round_trip_efficiency
    day_min = period_min - eclipse_min
    p_sa = load_w * (eclipse_min / x_e + day_min) / day_min
    factor = float(re.search(r"×([0-9.]+) at", change.why).group(1))
    eta_eol = d.solar.efficiency_bol * (1 - d.solar.degradation_per_year) ** s.economics.analysis_years
    per_m2 = 1361.0 / PERIHELION_AU**2 * eta_eol * d.solar.packing_factor * factor
    assert change.value == pytest.approx(p_sa / per_m2, rel=SMAD_TOL)
    assert change.value > d.solar.area_m2  # the default 400 m² falls short at end of life


def test_array_sizing_is_idempotent(sized_scenario):
    s, _ = sized_scenario
    again = sizing.array(s, 0)
    assert again.value == pytest.approx(s.designs[0].solar.area_m2, rel=IDEMPOTENT_TOL)
    assert again.before == s.designs[0].solar.area_m2


def test_the_command_line_sizes_the_array(tmp_path, scenario):
    from orbitdesk.model import save_scenario

    src, out = tmp_path / "a.orbitdesk.json", tmp_path / "b.orbitdesk.json"
    save_scenario(scenario, src)
    run = subprocess.run([sys.executable, "-m", "orbitdesk", "size", str(src), "--out", str(out), "--array"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "designs[0].solar.area_m2: 400 ->" in run.stdout and "battery" not in run.stdout.split("(")[0]
    written = json.loads(out.read_text())["scenario"]["designs"][0]
    assert written["solar"]["area_m2"] == pytest.approx(sizing.array(scenario, 0).value, rel=1e-9)
    assert written["battery"]["capacity_wh"] == scenario.designs[0].battery.capacity_wh
