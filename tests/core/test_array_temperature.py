"""Solar array temperature and the cells' temperature coefficient (core/array_temperature.py) against
outside references: orbital-thermal's exact plate-to-sphere view factor and its McCalip panel balance,
the Azur Space 3G30C datasheet's temperature gradients, published on-orbit array temperatures."""

import numpy as np
import pytest

from orbitdesk.core import array_temperature as at
from orbitdesk.core.constants import R_EARTH_KM

VF_TOL = 1e-8  # orbital-thermal integrates by Gauss-Legendre to ~1e-9
# McCalip's σ = 5.67e-8 (truncated) against CODATA 5.670374e-8: T differs by 1.6e-5, 0.006 K
MCCALIP_TOL_K = 0.01
COEFF_TOL = 1e-4  # 1/K: the datasheet's gradients carry two significant figures
# On-orbit array temperatures in sunlight: LEO arrays reach up to about 80 °C (arXiv 2506.16588,
# "The Thermal Cost of Harvesting the Solar Infrared Tail", its refs. 6-7); deployed panels run
# 20-60 °C above the 28 °C test temperature, 48-88 °C (CubeSat EPS design note, studylib.net
# doc 25514103). The intersection: 48-80 °C.
LEO_SUNLIT_C = (48.0, 80.0)


def _radius_ot(altitude_km):
    """orbital-thermal measures altitude from the mean radius 6,371 km: the same H = r/R here."""
    return (6371.0 + altitude_km) * R_EARTH_KM / 6371.0


def test_view_factor_matches_orbital_thermal_at_every_tilt():
    env = pytest.importorskip("orbital_thermal.environment")
    for altitude in (300.0, 650.0, 2000.0, 20000.0):
        tilts = np.linspace(0.0, 180.0, 73)
        front, back = at.plate_view_factors(_radius_ot(altitude), np.cos(np.radians(tilts)))
        ref = np.array([env.sphere_view_factor(altitude, t) for t in tilts])
        ref_back = np.array([env.sphere_view_factor(altitude, 180.0 - t) for t in tilts])
        assert np.abs(front - ref).max() < VF_TOL and np.abs(back - ref_back).max() < VF_TOL
        assert at.plate_view_factor(_radius_ot(altitude), 0.3) == pytest.approx(
            env.sphere_view_factor(altitude, np.degrees(np.arccos(0.3))), abs=VF_TOL)


def test_edge_on_panel_matches_mccalips_balance_with_exact_view_factors():
    """orbital-thermal's McCalip panel at β = 90°, 550 km (sun-tracking, edge-on to the Earth,
    α 0.92, ε 0.85 front / 0.90 back, no albedo at β = 90°): 342.10 K. His panel returns the
    electrical power to itself as compute heat, so here nothing is extracted (efficiency 0)."""
    mc = pytest.importorskip("orbital_thermal.mccalip_exact_vf")
    ref = mc.eqtemp_exact_vf()
    assert ref == pytest.approx(342.10, abs=0.005)  # the package's published headline figure
    t = at.equilibrium_k(1361.0, 1.0, _radius_ot(550.0), 0.0, 0.0, 0.0, 1.0, 0.0,
                         alpha_front=0.92, eps_front=0.85, eps_back=0.90)
    assert t == pytest.approx(ref, abs=MCCALIP_TOL_K)


def test_catalog_coefficient_matches_the_azur_3g30_datasheet(scenario):
    """Azur Space 3G30C-Advanced datasheet (BOL, AM0 1367 W/m², 28 °C): Vmp 2411 mV, Imp 504.4 mA,
    temperature gradients dVmp/dT −6.7 mV/K, dImp/dT +0.24 mA/K. The power's relative coefficient
    (Imp·dVmp + Vmp·dImp)/(Vmp·Imp) = −0.230 %/K; the catalog field is relative, per K."""
    vmp, imp, dv, di = 2411.0, 504.4, -6.7, 0.24
    datasheet = (imp * dv + vmp * di) / (vmp * imp)
    assert scenario.designs[0].solar.cell == "GaAs-TJ"
    assert scenario.designs[0].solar.temperature_coefficient_per_k == pytest.approx(datasheet, abs=COEFF_TOL)
    # applied as a relative change of efficiency: 10 K above 28 °C loses 2.3 % of the output
    assert at.efficiency_factor(at.T_REF_K + 10.0, datasheet) == pytest.approx(1 - 10 * 0.0023, abs=1e-3)


def test_noon_orbit_array_over_the_subsolar_point_runs_in_the_published_leo_band():
    """The hottest LEO case: a sun-tracking array at 650 km over the subsolar point, its back face
    square to the Earth (IR and albedo), fresh and 10 years old (less power taken off: hotter)."""
    for efficiency in (0.296, 0.296 * (1 - 0.0146) ** 10):
        t = at.equilibrium_k(1361.0, 1.0, R_EARTH_KM + 650.0, -1.0, 1.0, efficiency, 0.9, -0.0023)
        assert LEO_SUNLIT_C[0] <= t - 273.15 <= LEO_SUNLIT_C[1]


def _default_orbits(scenario, age_years):
    import importlib

    from orbitdesk.core import power
    from orbitdesk.core.orbit_sim import array_temperature_k, power_supply

    ev = importlib.import_module("orbitdesk.core.evaluate")
    d, shell = scenario.designs[0], scenario.shells[0]
    light = ev._life_geometry(ev._orbit_key(shell), scenario.epoch, tuple(ev._years(scenario).tolist()))[2]
    eta = power.array_efficiency(d.solar.efficiency_bol, d.solar.degradation_per_year, age_years)
    lit = light.sunlit & light.known
    t = np.broadcast_to(array_temperature_k(d.solar, light, eta), lit.shape)[lit]
    at_ref = power.solar_power_w(light.flux_w_m2, d.solar.area_m2, eta, d.solar.packing_factor, 1.0,
                                 light.illumination)
    ratio = power_supply(d.solar, d.battery, d.bus, light, age_years).solar_power_w.sum() / at_ref.sum()
    return t, float(ratio)


def test_default_dawn_dusk_array_temperature_and_power_loss(scenario):
    """The default dawn-dusk array at 650 km: its sunlit temperature over the horizon's orbits lies
    in the published LEO band on average (cooler than the noon orbit's: the Earth edge-on, little
    albedo), and the output it loses is the coefficient at that temperature, −0.23 %/K × (T − 28 °C)
    within the band: 4.6-12 % (the issue's "about 2-3 %" is the Sun-only balance, 37 °C)."""
    for age in (0.0, 10.0):
        t, ratio = _default_orbits(scenario, age)
        assert LEO_SUNLIT_C[0] <= t.mean() - 273.15 <= LEO_SUNLIT_C[1]
        lo, hi = (1 - 0.0023 * (c - 28.0) for c in LEO_SUNLIT_C[::-1])
        assert lo <= ratio <= hi


def test_old_files_take_the_cells_catalog_coefficient(scenario):
    from orbitdesk.model import Scenario
    from orbitdesk.model.defaults import with_catalog_choice

    data = scenario.model_dump(mode="json")
    del data["designs"][0]["solar"]["temperature_coefficient_per_k"]
    assert Scenario.model_validate(data).designs[0].solar.temperature_coefficient_per_k == -0.0023
    data["designs"][0]["solar"]["temperature_coefficient_per_k"] = -0.001
    assert Scenario.model_validate(data).designs[0].solar.temperature_coefficient_per_k == -0.001
    si = with_catalog_choice(scenario, "designs[0].solar.cell", "Si-thin-film")
    assert si.designs[0].solar.temperature_coefficient_per_k == -0.004  # the new cell's own


def test_a_light_without_positions_sees_no_earth():
    """A made-up light (no radius): the Sun-only balance, between the edge-on LEO case and 0 K."""
    sun_only = at.equilibrium_k(1361.0, 1.0, None, 0.0, 0.0, 0.296, 0.9, -0.0023)
    leo = at.equilibrium_k(1361.0, 1.0, R_EARTH_KM + 650.0, 0.0, 0.0, 0.296, 0.9, -0.0023)
    assert 0.0 < sun_only < leo
