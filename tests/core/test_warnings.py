"""Warnings name the field that fixes them (a Finding is a str with .field), and say what misleads."""

import json
import math
import pickle

import numpy as np
import pytest

from orbitdesk.core import evaluate
from orbitdesk.core.checks import TLE_EPOCH_LIMIT_DAYS, launches_possible
from orbitdesk.core.deployment import shell_capacities_kg
from orbitdesk.core.findings import Finding
from orbitdesk.model import TLESet, get_value, with_value
from orbitdesk.model.presets import PRESETS


def _checksummed(line: str) -> str:
    s = sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68]) % 10
    return line[:68] + str(s)


def _tle(sample_tle_text: str, count: int, epoch: str = "27001.00000000", bstar: str = "00000+0") -> str:
    """The first ``count`` synthetic satellites, the first with the given epoch and drag term."""
    lines = [ln for ln in sample_tle_text.splitlines() if ln.strip() and not ln.startswith("#")][: 3 * count]
    lines[1] = _checksummed(lines[1].replace("27001.00000000", epoch).replace(" 00000+0 ", f" {bstar} "))
    return "\n".join(lines)


def _with_tle(scenario, text):
    return scenario.model_copy(update={"shells": (TLESet(name="TLE", design=scenario.designs[0].name,
                                                         tle_text=text),)})


def _fields(results):
    return {w.field for w in results.warnings}


def test_finding_is_its_text_and_keeps_its_field():
    f = Finding("enlarge the radiator", "designs[2].radiator.area_m2")
    assert f == "enlarge the radiator" and "radiator" in f and f"⚠ {f}" == "⚠ enlarge the radiator"
    assert (f.section, f.index) == ("designs", 2)
    assert (Finding("x", "launch.launches_per_year").section, Finding("x", "launch.capacity_kg").index) == \
        ("launch", None)
    again = pickle.loads(pickle.dumps(f))
    assert again == f and again.field == f.field and isinstance(again, Finding)
    assert Finding("no field").to_dict() == {"text": "no field", "field": None}


def test_radiator_and_battery_shortfalls_name_their_design_fields(scenario):
    two = scenario.model_copy(update={"designs": (scenario.designs[0],
                                                  scenario.designs[0].model_copy(update={"name": "Other"}))})
    two = with_value(two, "shells[0].design", "Other")  # the shell flies the second design
    hot_s = with_value(two, "designs[1].radiator.area_m2", 30.0)
    hot = evaluate(hot_s)
    assert "designs[1].radiator.area_m2" in _fields(hot)
    # noon orbit: long eclipses, and no battery to carry the bus through them
    dark_s = with_value(with_value(scenario, "designs[0].battery.capacity_wh", 0.0), "shells[0].ltan_hours", 12.0)
    dark = evaluate(dark_s)
    bus = [w for w in dark.warnings if "bus itself loses power" in w]
    assert bus and bus[0].field == "designs[0].battery.capacity_wh"
    for s, r in ((hot_s, hot), (dark_s, dark)):  # every field exists in the scenario warned about
        for w in r.warnings:
            get_value(s, w.field)


def test_too_heavy_satellite_names_the_launch_capacity(scenario):
    r = evaluate(with_value(scenario, "launch.capacity_kg", 1000.0))
    heavy = [w for w in r.warnings if "cannot be launched" in w]
    assert heavy and heavy[0].field == "launch.capacity_kg"


def test_million_satellites_cannot_deploy_and_the_warning_says_how_far_off():
    big = PRESETS["1,000,000-satellite Walker shell"]()
    r = evaluate(big)
    [w] = [w for w in r.warnings if "cannot be deployed" in w]
    assert w.field == "launch.launches_per_year"
    # satellites of ~4.7 t (propellant included) per launch at the vehicle's capacity to the shell's
    # orbit (core/launch_performance.py); 50 a year
    # from year 1 to year 10
    per_launch = int(shell_capacities_kg(big.launch, big.shells)[0][0] // r.kpis["satellite_mass_kg"])
    needed = math.ceil(1_000_000 / per_launch)
    assert r.kpis["launches"] == needed and launches_possible(big.launch, 10.0) == 451
    assert f"{needed:,} launches" in w and "allow 451" in w
    deployed = r.orbital.satellites_deployed[-1]
    assert deployed == 451 * per_launch
    assert f"{deployed / 1e6:.1%}" in w  # about 0.9% of the fleet in orbit at the end
    cadence = math.ceil((needed - 1) / 9)  # the rest over the 9 years after the first launch
    assert f"raise the cadence to {cadence:,} a year" in w
    # with that cadence the fleet deploys and the warning goes
    fixed = evaluate(with_value(big, "launch.launches_per_year", float(cadence)))
    assert not any("cannot be deployed" in x for x in fixed.warnings)
    assert fixed.orbital.satellites_deployed[-1] == 1_000_000


def test_first_launch_after_the_horizon_names_the_first_launch(scenario):
    r = evaluate(with_value(scenario, "launch.first_launch_years", 11.0))
    [w] = [w for w in r.warnings if "cannot be deployed" in w]
    assert w.field == "launch.first_launch_years" and "0.0% of the fleet" in w


@pytest.fixture(scope="module")
def quiet(scenario):
    """The default scenario with an array and a battery that carry the payload in any orbit."""
    return with_value(with_value(scenario, "designs[0].battery.capacity_wh", 1_000_000.0),
                      "designs[0].solar.area_m2", 600.0)


def test_default_fleet_deploys_without_warning(scenario, quiet):
    assert not [w for w in evaluate(scenario).warnings if w.field and w.field.startswith("launch")]
    assert not evaluate(quiet).warnings


def test_stale_tle_epoch_says_how_far_it_is_propagated(quiet, sample_tle_text):
    old = evaluate(_with_tle(quiet, _tle(sample_tle_text, 1, epoch="20001.00000000")))
    [w] = old.warnings
    assert w.field == "shells[0].tle_text"
    assert "propagated 7.0 years from its 2020-01-01 element epoch" in w
    # within the limit: no word
    days = int(TLE_EPOCH_LIMIT_DAYS) - 1
    near = evaluate(_with_tle(quiet, _tle(sample_tle_text, 1, epoch=f"26{366 - days:03d}.00000000")))
    assert not near.warnings
    after = evaluate(_with_tle(quiet, _tle(sample_tle_text, 2, epoch="27061.00000000")))
    [w] = after.warnings
    assert "1 of 2 satellites" in w and "propagated 60 days back from its 2027-03-02" in w


def test_decayed_tle_satellite_is_named_not_read_as_a_power_fault(scenario, sample_tle_text):
    text = _tle(sample_tle_text, 2, epoch="20001.00000000", bstar="99999-1")  # heavy drag since 2020
    r = evaluate(_with_tle(scenario, text))
    tl = r.orbits[0]
    np.testing.assert_array_equal(tl.decayed, [True, False])
    assert not any("loses power" in w for w in r.warnings)
    [decayed] = [w for w in r.warnings if "decayed" in w]
    assert "1 of 2 satellites decayed" in decayed and decayed.field == "shells[0].tle_text"
    assert tl.worst_plane() == 1  # the selector's worst plane is a real satellite
    assert tl.plane_names == ("ODK-SYN-00", "ODK-SYN-01")


def test_to_dict_lists_each_warning_with_its_field(scenario):
    r = evaluate(with_value(scenario, "designs[0].radiator.area_m2", 30.0))
    out = json.loads(json.dumps(r.to_dict()))
    assert out["warnings"] == [{"text": str(w), "field": w.field} for w in r.warnings]
    assert out["warnings"][0]["field"] == "designs[0].radiator.area_m2"


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_warning_names_an_existing_field(name):
    s = PRESETS[name]()
    for w in evaluate(s).warnings:
        assert w.field is not None, w
        get_value(s, w.field)


def test_gpus_that_die_before_computing_are_named(quiet):
    """1 rad of tolerance at 10⁶ rad a year: a 32-second life; the FLOP the monthly grid still
    counts is an artefact of the sampling, and the warning says so and names the tolerance."""
    s = with_value(with_value(quiet, "designs[0].radiation.dose_tolerance_rad", 1.0),
                   "designs[0].radiation.dose_rate_rad_per_year", 1e6)
    [w] = evaluate(s).warnings
    assert w.field == "designs[0].radiation.dose_tolerance_rad" and "0.53 minutes" in w
    month = with_value(with_value(quiet, "designs[0].radiation.dose_tolerance_rad", 2000.0),
                       "designs[0].radiation.dose_rate_rad_per_year", 2000.0 * 11)  # 33 days
    assert not evaluate(month).warnings


def test_tle_satellites_decaying_within_the_horizon_are_named(quiet, sample_tle_text):
    """B* = 0.03 at 550 km: SGP4 brings the first satellite down in about two years (after that
    it returns NaN, or positions inside the Earth or beyond the Moon); from then on it is dark."""
    fresh = evaluate(_with_tle(quiet, _tle(sample_tle_text, 2)))
    drag = evaluate(_with_tle(quiet, _tle(sample_tle_text, 2, bstar="30000-2")))
    [w] = drag.warnings
    assert w.field == "shells[0].tle_text"
    # the decay falls in the interval of the point at year 1.75 (sampled over ±half a month)
    assert "decays 50% of its satellites" in w and "by year 1.7" in w
    assert not fresh.warnings
    # one satellite of two stops from year ~2 (of 1 to 10 in orbit): a bit over half the FLOP
    ratio = drag.kpis["lifetime_flop"] / fresh.kpis["lifetime_flop"]
    assert 0.5 < ratio < 0.6


def test_a_battery_that_cannot_carry_the_eclipse_is_named(scenario):
    """The default design's 20 kWh battery cuts the payload in eclipse: with an array that closes
    (500 m²) the warning names the battery and the loss; a 250 kWh battery carries the 112 kW
    payload through the ~20-minute eclipse (~38 kWh) within its depth of discharge, and it goes.
    With the default 400 m² array, short in December too, both are named and the battery's line
    says it is the same cut (usable against needed energy), not a second loss."""
    s = with_value(scenario, "designs[0].solar.area_m2", 500.0)
    r = evaluate(s)
    cut = [w for w in r.warnings if "battery cannot carry the payload" in w]
    assert len(cut) == 1 and cut[0].field == "designs[0].battery.capacity_wh"
    lost = 1.0 - r.kpis["worst_month_throttle"]  # the horizon's worst month, which it names
    assert f"losing {lost:.0%}" in cut[0] and f"around {r.notes['worst_month_throttle']}" in cut[0]
    bigger = evaluate(with_value(s, "designs[0].battery.capacity_wh", 250_000.0))
    assert not [w for w in bigger.warnings if "battery" in w]
    both = evaluate(scenario).warnings
    assert [w.field for w in both] == ["designs[0].solar.area_m2", "designs[0].battery.capacity_wh"]
    assert "either: 16.0 kWh usable" in both[1] and "the same cut" in both[1] and "losing" not in both[1]


def test_an_array_too_small_for_the_orbit_is_named(scenario):
    """In a noon orbit (35 min of eclipse in 98) the 400 m² array's ~150 kW collects less over
    the orbit than the 116 kW the satellite needs: no battery can help, the array is named."""
    noon = with_value(with_value(scenario, "shells[0].ltan_hours", 12.0), "designs[0].battery.capacity_wh", 1e6)
    r = evaluate(noon)
    cut = [w for w in r.warnings if "the array collects" in w]
    assert len(cut) == 1 and cut[0].field == "designs[0].solar.area_m2"


def test_a_radiator_above_its_limit_with_the_payload_off_is_named(scenario):
    """2 m² cannot reject even the 4.5 kW bus at 333 K: the radiator runs above its limit."""
    s = with_value(scenario, "designs[0].radiator.area_m2", 2.0)
    r = evaluate(s)
    over = [w for w in r.warnings if "above its" in w]
    assert over and over[0].field == "designs[0].radiator.area_m2"
    assert r.kpis["peak_radiator_temperature_k"] > s.designs[0].radiator.max_temperature_k + 1
