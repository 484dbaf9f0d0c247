"""Radiator heat balance against the Starcloud white paper (p. 9) and MODEL.md §5."""

import pytest

from orbitdesk.core import thermal
from orbitdesk.core.constants import SIGMA_W_M2_K4

# Starcloud white paper p. 9 assumptions: T = 20 °C, ε = 0.92, α = 0.09 (Sun and IR), S = 1366,
# albedo 0.30, Earth at −20 °C, F = 0.25, σ = 5.67e-8 (we use CODATA 5.670374e-8), two faces.
STARCLOUD_TOL_W_M2 = 0.05  # the paper quotes two decimals
T_RAD = 293.15
EARTH_IR = SIGMA_W_M2_K4 * 253.15**4  # Earth as a black body at −20 °C


def absorbed(alpha_ir):
    return thermal.absorbed_flux_w_m2(0.09, alpha_ir, 1366.0, 1.0, 0.0, 0.25, earth_ir_w_m2=EARTH_IR)


def test_starcloud_emitted_flux():
    assert thermal.emitted_flux_w_m2(0.92, T_RAD, faces=2) == pytest.approx(770.48, abs=STARCLOUD_TOL_W_M2)


def test_starcloud_absorbed_components():
    assert thermal.absorbed_flux_w_m2(0.09, 0.0, 1366.0, 1.0, 0.0, 0.0) == pytest.approx(122.94, abs=1e-9)
    assert absorbed(0.09) - 122.94 == pytest.approx(14.46, abs=STARCLOUD_TOL_W_M2)


def test_starcloud_net_633():
    net = thermal.net_rejection_w_m2(0.92, T_RAD, absorbed(0.09), faces=2)
    assert net == pytest.approx(633.08, abs=STARCLOUD_TOL_W_M2)


def test_starcloud_net_with_ir_absorptivity_equal_to_emissivity_584():
    # MODEL.md: with α_IR = ε = 0.92 the net falls to 584.76 W/m²
    net = thermal.net_rejection_w_m2(0.92, T_RAD, absorbed(0.92), faces=2)
    assert net == pytest.approx(584.76, abs=STARCLOUD_TOL_W_M2)


def test_one_megawatt_on_1000_m2_runs_at_314_6_k():
    # MODEL.md §5 simple check: 1 MW, 1,000 m², two faces, ε = 0.9, nothing absorbed -> 314.6 K
    assert thermal.equilibrium_temperature_k(1e6, 1000.0, 0.9, 0.0, faces=2) == pytest.approx(314.6, abs=0.05)


def test_equilibrium_inverts_net_rejection():
    a = absorbed(0.92)
    t = thermal.equilibrium_temperature_k(5e5, 800.0, 0.92, a, faces=2)
    assert 800.0 * thermal.net_rejection_w_m2(0.92, t, a, faces=2) == pytest.approx(5e5, rel=1e-12)
