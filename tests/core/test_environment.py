"""The orbit's radiation in the results (core/environment.py over core/radiation.py, whose tests
compare the table with the SPENVIS runs of REFERENCE_DATA.md)."""

import pytest

from orbitdesk.core import evaluate
from orbitdesk.core.environment import in_orbit, orbit_of
from orbitdesk.model.edit import with_value

SPENVIS_TOL = 2.5  # core/radiation.py's tolerance against SPENVIS behind 5 mm Al, SSO


def _at(scenario, altitude_km):
    return with_value(scenario, "shells[0].altitude_km", float(altitude_km))


def test_raising_the_shell_raises_its_dose_and_its_cost(scenario):
    """The issue: moving the shell from 400 to 2,000 km made it cheaper. Published dose behind
    5 mm Al in SSO rises from ~0.4 krad/yr at 500 km to ~21 krad/yr at 2,000 km (SPENVIS runs)."""
    low, high = evaluate(_at(scenario, 550)), evaluate(_at(scenario, 2000))
    assert high.kpis["dose_rate_rad_per_year"] > 30 * low.kpis["dose_rate_rad_per_year"]
    assert high.kpis["seu_downtime_fraction"] > low.kpis["seu_downtime_fraction"]
    assert high.kpis["cost_per_exaflop_usd"] > 2 * low.kpis["cost_per_exaflop_usd"]


def test_behind_5_mm_the_dose_follows_spenvis(scenario):
    s = with_value(scenario, "designs[0].radiation.shield_mm_al", 5.0)
    for altitude, spenvis_rad in ((700, 700.0), (2000, 21_500.0)):  # REFERENCE_DATA.md
        shell = _at(s, altitude).shells[0]
        rate = in_orbit(s.designs[0], shell).radiation.dose_rate_rad_per_year
        assert spenvis_rad / SPENVIS_TOL < rate < spenvis_rad * SPENVIS_TOL


def test_the_default_shield_gives_suncatchers_dose_at_650_km(scenario):
    # Project Suncatcher: ~750 rad(Si) shielded over 5 years at 650 km SSO -> 150 rad/yr
    d = in_orbit(scenario.designs[0], scenario.shells[0])
    assert d.radiation.dose_rate_rad_per_year == pytest.approx(150.0, rel=0.05)
    assert d.radiation.seu_downtime_fraction == pytest.approx(scenario.designs[0].radiation.seu_downtime_fraction,
                                                              rel=0.02)  # 650 km SSO is the reference


def test_a_stated_dose_rate_overrides_the_orbit(scenario):
    s = with_value(scenario, "designs[0].radiation.dose_rate_rad_per_year", 150.0)
    assert evaluate(_at(s, 2000)).kpis["dose_rate_rad_per_year"] == 150.0


def test_a_tle_set_takes_its_elements_orbit(scenario, sample_tle_text):
    from orbitdesk.model.scenario import TLESet

    altitude, inclination = orbit_of(TLESet(name="T", design=scenario.designs[0].name, tle_text=sample_tle_text))
    assert altitude == pytest.approx(550.0, abs=15.0) and inclination == pytest.approx(53.0, abs=0.5)
