"""Radiator with thermal mass (MODEL.md §12) against the `orbital-thermal` package (Lee-Odinson 2026,
one-node RK4 transient with periodic-closure and energy checks) and its published AI1 point."""

import numpy as np
import pytest

from orbitdesk.core import thermal
from orbitdesk.core import thermal_transient as tt
from orbitdesk.core.constants import SIGMA_W_M2_K4

TRACE_TOL_K = 0.1  # our trace vs orbital-thermal's RK4 (2,000 steps per orbit), any step
SWITCH_TOL_K = 0.5  # same, with the load switched off in eclipse (a step input: RK4 straddles it)
ENERGY_REL_TOL = 1e-3  # ∫ in = ∫ out over one orbit
AI1_TOL_K = 0.005  # the companion paper quotes 337.10 K
HEAT_CAPACITY_REL_TOL = 0.02  # c_p of ammonia is taken at ~290 K here, at 300 K there

REF_STEPS = 2000
NEAR_EQUILIBRIUM_TOL_K = 1.0  # a near-massless panel (τ ≈ 5 s) against its per-step equilibrium


def _reference():
    return pytest.importorskip("orbital_thermal")


def _their_sink(alt_km, beta_deg, n, eps, alpha):
    """orbital-thermal's effective sink at the middle of each of our n steps, K."""
    _reference()
    from orbital_thermal import environment, sink
    vf = environment.sphere_view_factor(alt_km, 0.0)
    u = 360.0 * (np.arange(n) + 0.5) / n
    return sink.sink_temperature_series(vf, beta_deg, u, assume_sun_shielded=True, emissivity=eps,
                                        solar_absorptivity=alpha)


def _their_trace(alt_km, beta_deg, q_w_m2, c_j_m2_k, eps, alpha, n):
    """orbital-thermal's periodic trace, interpolated to the ends of our n steps."""
    from orbital_thermal import transient
    t, temp, _, diag = transient.simulate(alt_km, beta_deg, q_w_m2, c_j_m2_k, assume_sun_shielded=True,
                                          emissivity=eps, solar_absorptivity=alpha, n_orbits=300,
                                          steps_per_orbit=REF_STEPS, return_diagnostics=True)
    assert diag["periodic_converged"]
    return np.interp(np.arange(1, n + 1) * t[-1] / n, t, temp)


# (altitude km, β deg, load W per emitting m², areal heat capacity J/(m²·K)): the package's own
# illustrative capacities 2,000 / 8,000 / 40,000 J/(m²·K) and an AI1-like load
CONSTANT_LOAD_CASES = [(600.0, 0.0, 500.0, 2000.0), (600.0, 0.0, 545.0, 8000.0), (600.0, 30.0, 300.0, 40000.0)]


@pytest.mark.parametrize("steps", [96, 360])
@pytest.mark.parametrize("alt_km, beta_deg, q_w_m2, c_j_m2_k", CONSTANT_LOAD_CASES)
def test_constant_load_matches_orbital_thermal(alt_km, beta_deg, q_w_m2, c_j_m2_k, steps):
    _reference()
    from orbital_thermal import environment
    eps, alpha = 0.91, 0.20
    period = environment.orbital_period(alt_km)
    ts = _their_sink(alt_km, beta_deg, steps, eps, alpha)
    # a one-face panel of 1 m²: the package's model per unit emitting area, its sink as absorbed flux
    ours = tt.periodic_temperature_k(np.full(steps, q_w_m2), eps * SIGMA_W_M2_K4 * ts ** 4, 1.0, eps, 1,
                                     c_j_m2_k, period / steps)
    ref = _their_trace(alt_km, beta_deg, q_w_m2, c_j_m2_k, eps, alpha, steps)
    assert bool(ours.converged)
    np.testing.assert_allclose(ours.temperature_k, ref, atol=TRACE_TOL_K)
    assert ours.temperature_k.min() == pytest.approx(ref.min(), abs=TRACE_TOL_K)
    assert ours.temperature_k.max() == pytest.approx(ref.max(), abs=TRACE_TOL_K)


def test_load_switched_off_in_eclipse_matches_orbital_thermal(monkeypatch):
    """The default design's radiator (120 m², two faces, ε 0.92, 5 kg/m² aluminium): 115 kW in
    sunlight, the 3 kW bus in eclipse (37.5-62.5 % of the orbit). orbital-thermal holds the load
    constant, so the eclipse step is fed to its RK4 through its sink: σT_s⁴ gains the switched
    load / ε while the payload runs, and its load is the bus alone."""
    ot = _reference()
    from orbital_thermal import environment, sink
    if not hasattr(sink, "_sink_series_compute"):
        pytest.skip("orbital-thermal's sink expression moved")
    alt_km, beta_deg, eps, alpha = 650.0, 0.0, 0.92, 0.09
    area, faces = 120.0, 2
    bus_w, payload_w = 3000.0, 112_000.0
    c_j_k = tt.radiator_heat_capacity_j_per_k(area, 5.0)
    period = environment.orbital_period(alt_km)
    base = sink._sink_series_compute

    def on(u_deg):
        f = np.mod(np.asarray(u_deg, dtype=float), 360.0) / 360.0
        return ~((f >= 0.375) & (f < 0.625))

    def switched_sink(vf, beta, u_deg, **kw):
        t4 = base(vf, beta, u_deg, **kw) ** 4 + on(u_deg) * payload_w / (faces * area) / (eps * ot.SIGMA_SB)
        return t4 ** 0.25

    monkeypatch.setattr(sink, "_sink_series_compute", switched_sink)
    ref = _their_trace(alt_km, beta_deg, bus_w / (faces * area), c_j_k / (faces * area), eps, alpha, 96)
    monkeypatch.undo()

    ts = _their_sink(alt_km, beta_deg, 96, eps, alpha)
    u = 360.0 * (np.arange(96) + 0.5) / 96
    heat = bus_w + payload_w * on(u)
    ours = tt.periodic_temperature_k(heat, faces * eps * SIGMA_W_M2_K4 * ts ** 4, area, eps, faces, c_j_k,
                                     period / 96)
    np.testing.assert_allclose(ours.temperature_k, ref, atol=SWITCH_TOL_K)
    assert ours.temperature_k.min() == pytest.approx(ref.min(), abs=SWITCH_TOL_K)
    assert ours.temperature_k.max() == pytest.approx(ref.max(), abs=SWITCH_TOL_K)
    # without thermal mass the eclipse is colder
    eq = thermal.equilibrium_temperature_k(heat, area, eps, faces * eps * SIGMA_W_M2_K4 * ts ** 4, faces)
    assert eq.min() < ours.temperature_k.min() - 5.0


def test_ai1_equilibrium_337_10_k():
    """AI1 design point (companion paper doi:10.5281/zenodo.20670771): 120 kW through 220 m² of
    emitting area (110 m², two faces), ε 0.91, effective sink 220 K -> 337.1 K."""
    ot = _reference()
    absorbed = 2 * 0.91 * SIGMA_W_M2_K4 * 220.0 ** 4  # per m² of panel, both faces
    ours = tt.periodic_temperature_k(np.full(8, 120e3), absorbed, 110.0, 0.91, 2, 0.0, 60.0)
    assert ours.temperature_k == pytest.approx(337.10, abs=AI1_TOL_K)
    assert ours.temperature_k[0] == pytest.approx(ot.equilibrium_temperature(120e3, 220.0, 0.91, 220.0),
                                                  abs=AI1_TOL_K)
    # with thermal mass and a constant input the node sits at the same temperature
    massive = tt.periodic_temperature_k(np.full(8, 120e3), absorbed, 110.0, 0.91, 2, 1e7, 60.0)
    assert massive.temperature_k == pytest.approx(337.10, abs=AI1_TOL_K)


def _switching_timeline(steps=360):
    """One 650 km orbit of the default design: 115 kW sunlit, 3 kW in a 36 % eclipse."""
    lit = (np.arange(steps) < 0.64 * steps)
    heat = np.where(lit, 115e3, 3e3)
    absorbed = thermal.absorbed_flux_w_m2(0.09, 0.92, 1361.0, lit, np.radians(90.0), 0.25)
    return heat, absorbed, 5857.0 / steps


@pytest.mark.parametrize("c_j_k", [0.0, 1.0])
def test_zero_heat_capacity_is_the_equilibrium(c_j_k):
    heat, absorbed, dt = _switching_timeline()
    heat = np.stack([heat, 0.5 * heat])  # leading axes broadcast
    ours = tt.periodic_temperature_k(heat, absorbed, 120.0, 0.92, 2, c_j_k, dt)
    eq = thermal.equilibrium_temperature_k(heat, 120.0, 0.92, absorbed, 2)
    np.testing.assert_allclose(ours.temperature_k, eq, rtol=1e-6)
    assert ours.converged.all()


def _emitted_j(temps, k, dt):
    """∫ k·T⁴ dt over the orbit by the trapezoid rule (periodic: T before step 0 = T[-1])."""
    t4 = temps ** 4
    return k * dt * np.sum(0.5 * (t4 + np.roll(t4, 1, axis=-1)), axis=-1)


@pytest.mark.parametrize("floor", [None, tt.AMMONIA_FREEZING_K])
def test_energy_balance_over_one_orbit(floor):
    heat, absorbed, dt = _switching_timeline(2000)
    area, eps, faces = 120.0, 0.92, 2
    c_j_k = tt.radiator_heat_capacity_j_per_k(area, 1.0)  # light panel: it reaches the floor
    ours = tt.periodic_temperature_k(heat, absorbed, area, eps, faces, c_j_k, dt, min_temperature_k=floor)
    energy_in = np.sum(heat + area * absorbed + ours.heater_w) * dt
    k = faces * area * eps * SIGMA_W_M2_K4
    assert _emitted_j(ours.temperature_k, k, dt) == pytest.approx(energy_in, rel=ENERGY_REL_TOL)
    if floor is not None:
        assert ours.heater_w.max() > 0


def test_periodic_with_a_time_constant_far_above_the_period():
    heat, absorbed, dt = _switching_timeline(96)
    area, eps, faces = 120.0, 0.92, 2
    c_j_k = tt.radiator_heat_capacity_j_per_k(area, 100.0, 100.0)  # τ ≈ 8 orbits
    assert tt.time_constant_s(c_j_k, area, eps, 300.0, faces) > 5 * dt * 96
    ours = tt.periodic_temperature_k(heat, absorbed, area, eps, faces, c_j_k, dt, tol_k=1e-6)
    assert bool(ours.converged) and ours.sweeps <= 6
    # orbital-thermal's periodic-steady-state identity: <T⁴> = <input> / (faces·A·ε·σ)
    k = faces * area * eps * SIGMA_W_M2_K4
    assert _emitted_j(ours.temperature_k, k, dt) / (96 * dt) == pytest.approx(
        np.mean(heat + area * absorbed), rel=ENERGY_REL_TOL)
    assert np.ptp(ours.temperature_k) < 5.0


def test_unclosed_orbit_is_reported_not_looped():
    heat, absorbed, dt = _switching_timeline(96)
    ours = tt.periodic_temperature_k(heat, absorbed, 120.0, 0.92, 2, 1e9, dt, max_sweeps=1, tol_k=1e-12)
    assert ours.sweeps == 1
    assert not bool(ours.converged) and float(ours.closure_k) > 1e-12


def test_heater_holds_the_floor_and_supplies_the_deficit():
    heat, absorbed, dt = _switching_timeline(360)
    area, eps, faces = 120.0, 0.92, 2
    k = faces * area * eps * SIGMA_W_M2_K4
    floor = tt.AMMONIA_FREEZING_K
    c_j_k = tt.radiator_heat_capacity_j_per_k(area, 2.0)
    free = tt.periodic_temperature_k(heat, absorbed, area, eps, faces, c_j_k, dt)
    held = tt.periodic_temperature_k(heat, absorbed, area, eps, faces, c_j_k, dt, min_temperature_k=floor)
    assert free.temperature_k.min() < floor - 5.0  # the case needs the heater
    assert held.temperature_k.min() >= floor - 1e-9
    on_floor = held.temperature_k == floor
    prev_on_floor = np.roll(on_floor, 1)
    steady = on_floor & prev_on_floor
    assert steady.sum() > 10
    # sitting on the floor the heater supplies exactly what the panel emits beyond its input
    deficit = k * floor ** 4 - (heat + area * absorbed)
    np.testing.assert_allclose(held.heater_w[steady], deficit[steady], rtol=1e-9)
    # over the orbit: heater energy = emitted − input (the whole deficit)
    energy_in = np.sum(heat + area * absorbed) * dt
    assert tt.heater_energy_wh(held.heater_w, dt) * 3600 == pytest.approx(
        _emitted_j(held.temperature_k, k, dt) - energy_in, rel=0.005)
    # with no thermal mass the heater is the deficit of every step below the floor
    c0 = tt.periodic_temperature_k(heat, absorbed, area, eps, faces, 0.0, dt, min_temperature_k=floor)
    np.testing.assert_allclose(c0.heater_w, np.maximum(deficit, 0.0), rtol=1e-9, atol=1e-9)
    # a heater capped below the deficit lets the panel fall under the floor at full power
    capped = tt.periodic_temperature_k(heat, absorbed, area, eps, faces, c_j_k, dt, min_temperature_k=floor,
                                       heater_max_w=1000.0)
    assert capped.heater_w.max() == pytest.approx(1000.0)
    assert capped.temperature_k.min() < floor
    assert tt.time_below_s(capped.temperature_k, floor, dt) > 0
    assert tt.time_below_s(held.temperature_k, floor, dt) == 0


SOLVERS_TOL_K = 0.02  # two solvers of the same discrete orbit, each closed to tol_k = 0.01 K
# the heater of the step that reaches the floor amplifies the step's start temperature by
# 1/(1 − decay): within the closure tolerance it moves by up to about 1 % of the peak heater
# power (seen 0.6 %), and the orbit's heater energy by as much as that one step's
SOLVERS_HEATER_STEP_SHARE = 0.01


def test_many_timelines_solve_as_each_alone():
    """The mission life solves hundreds of orbits at once, step by step along the orbit; one
    orbit alone is solved whole (a prefix scan of the step maps), and that path is the one checked
    against orbital-thermal above. Both must give the same orbit, heater included: 96 timelines
    of the switching orbit, loads from 5 % to 100 %, light panels that reach the floor and one
    with a heater capped below the deficit."""
    heat, absorbed, dt = _switching_timeline(96)
    area, eps, faces, floor = 120.0, 0.92, 2, tt.AMMONIA_FREEZING_K
    scale = np.linspace(0.05, 1.0, 96)[:, None]
    caps = tt.radiator_heat_capacity_j_per_k(area, np.linspace(1.0, 12.0, 96))
    h_max = np.where(np.arange(96) % 7 == 0, 2000.0, np.inf)
    kw = dict(min_temperature_k=floor, tol_k=0.01)
    many = tt.periodic_temperature_k(heat * scale, absorbed, area, eps, faces, caps, dt, heater_max_w=h_max, **kw)
    assert many.converged.all() and many.heater_w.max() > 0  # the floor binds somewhere
    for i in range(96):
        one = tt.periodic_temperature_k(heat * scale[i], absorbed, area, eps, faces, caps[i], dt,
                                        heater_max_w=h_max[i], **kw)
        np.testing.assert_allclose(many.temperature_k[i], one.temperature_k, atol=SOLVERS_TOL_K)
        heater_tol_w = SOLVERS_HEATER_STEP_SHARE * one.heater_w.max() + 1e-9
        np.testing.assert_allclose(many.heater_w[i], one.heater_w, atol=heater_tol_w)
        assert many.heater_w[i].sum() == pytest.approx(one.heater_w.sum(), abs=heater_tol_w)


def test_heat_capacity_against_orbital_thermal_builds():
    _reference()
    from orbital_thermal import transient
    mats = transient.MATERIALS
    al_kg_m2 = mats["aluminum_6061"]["rho_kg_m3"] * 0.002
    nh3_kg_m2 = mats["ammonia_liquid"]["rho_kg_m3"] * 0.005
    # their 2 mm aluminium sheet and 2 mm aluminium + 5 mm liquid ammonia, per m² (one face)
    assert tt.radiator_heat_capacity_j_per_k(1.0, al_kg_m2) == pytest.approx(
        transient.build_areal_heat_capacity("bare_aluminum_sheet_2mm"), rel=HEAT_CAPACITY_REL_TOL)
    assert tt.radiator_heat_capacity_j_per_k(1.0, al_kg_m2, nh3_kg_m2) == pytest.approx(
        transient.build_areal_heat_capacity("radiator_with_coolant"), rel=HEAT_CAPACITY_REL_TOL)


def test_kpis_on_the_equilibrium_timeline():
    heat, absorbed, dt = _switching_timeline(360)
    ours = tt.periodic_temperature_k(heat, absorbed, 120.0, 0.92, 2, 0.0, dt)
    eclipse_s = np.count_nonzero(heat < 1e4) * dt
    assert tt.time_below_s(ours.temperature_k, 250.0, dt) == pytest.approx(eclipse_s)
    assert tt.min_temperature_k(ours.temperature_k) == pytest.approx(ours.temperature_k[-1])
    assert tt.heater_energy_wh(np.full(360, 3600.0), dt) == pytest.approx(360 * dt)


# --- the transient in the one-orbit chain (orbit_sim.simulate) ----------------------------


def _epoch_case(**radiator):
    from orbitdesk.core.constellation import representatives
    from orbitdesk.core.orbit_sim import sample_sunlight
    from orbitdesk.model import default_scenario

    s = default_scenario()
    d = s.designs[0]
    d = d.model_copy(update={"radiator": d.radiator.model_copy(update=radiator)})
    return d, sample_sunlight(representatives(s.shells[0], s.epoch), s.epoch, np.asarray(0.0), 360)


def test_simulate_radiator_conserves_energy_and_tends_to_equilibrium():
    """The epoch orbit of the default design: over the periodic orbit the radiator emits what it
    takes in (heat produced, absorbed, heater), and a panel without thermal mass sits at each
    step's equilibrium (MODEL.md §12: equilibrium is the limit C → 0)."""
    from orbitdesk.core.orbit_sim import simulate

    d, light = _epoch_case()
    r = d.radiator
    phys = simulate(d, light)
    assert phys.radiator_converged.all()
    k = r.faces * r.area_m2 * r.emissivity * SIGMA_W_M2_K4
    env = thermal.absorbed_flux_w_m2(r.absorptivity_solar, r.emissivity, light.flux_w_m2, light.illumination,
                                     np.radians(r.sun_incidence_deg), r.earth_view_factor)
    energy_in = np.sum(phys.heat_load_w + phys.charge_loss_w + r.area_m2 * env + phys.heater_w, axis=-1) * light.dt_s
    np.testing.assert_allclose(_emitted_j(phys.radiator_temperature_k, k, light.dt_s), energy_in,
                               rtol=ENERGY_REL_TOL)
    # the thermal mass damps the eclipse: warmer than equilibrium at the coldest step
    eq = thermal.equilibrium_temperature_k(phys.heat_load_w + phys.charge_loss_w, r.area_m2, r.emissivity, env,
                                           r.faces)
    assert phys.radiator_temperature_k.min() > eq.min() + 5.0
    d0, _ = _epoch_case(areal_mass_kg_per_m2=0.01, coolant_kg_per_m2=0.0, min_temperature_k=None)
    p0 = simulate(d0, light)
    eq0 = thermal.equilibrium_temperature_k(p0.heat_load_w + p0.charge_loss_w, r.area_m2, r.emissivity, env,
                                            r.faces)
    # 0.01 kg/m² of aluminium: τ of a few seconds against 16 s steps, so only the steps where the
    # load switches (eclipse entry and exit) lag their equilibrium, by under a kelvin
    np.testing.assert_allclose(p0.radiator_temperature_k, eq0, atol=NEAR_EQUILIBRIUM_TOL_K)
    assert np.mean(np.abs(p0.radiator_temperature_k - eq0) < 1e-3) > 0.98


def test_simulate_heater_holds_the_freezing_limit():
    """A panel ten times too large for its load runs below ammonia's freezing point in eclipse:
    the heater holds 195.4 K within its maximum, or the panel freezes when the maximum is too small."""
    from orbitdesk.core.orbit_sim import simulate

    d, light = _epoch_case(area_m2=1200.0, heater_max_w=1e6)
    phys = simulate(d, light)
    assert phys.radiator_temperature_k.min() >= tt.AMMONIA_FREEZING_K - 1e-6
    assert phys.heater_w.max() > 0 and not phys.below_freeze.any()
    d2, _ = _epoch_case(area_m2=1200.0, heater_max_w=100.0)
    weak = simulate(d2, light)
    assert weak.heater_w.max() == pytest.approx(100.0)
    assert weak.below_freeze.any() and weak.radiator_temperature_k.min() < tt.AMMONIA_FREEZING_K
    d3, _ = _epoch_case(area_m2=1200.0, min_temperature_k=None)
    free = simulate(d3, light)
    assert free.heater_w.max() == 0.0 and not free.below_freeze.any()
    assert free.radiator_temperature_k.min() < tt.AMMONIA_FREEZING_K - 5.0
