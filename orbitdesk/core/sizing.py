"""Size to close: the battery and the radiator a design needs in the shells that fly it, over the
whole horizon (seasons resolved: the longest eclipse and the hottest environment of any month).

- Battery: carry the bus and the full payload (or the bus alone) through the longest eclipse of the
  horizon within the depth of discharge: capacity = load × eclipse ÷ depth of discharge.
- Radiator: reject the bus and the full payload at the temperature limit in the worst environment
  of the horizon (the most absorbed heat of any sampled step): area = load ÷ (emitted − absorbed).
- Solar array: at the end of the horizon (cells aged by the whole horizon, at the array's computed
  temperature) deliver the bus and the full payload over every sampled orbit and recharge the
  battery for its eclipse: the orbit's energy balance closes, η_rt·Σ(A·p − L)⁺ = Σ(L − A·p)⁺
  (the surplus stored after the round-trip loss, the deficit drawn in full), worst orbit of the
  horizon (the longest eclipse, the farthest Sun).

Each returns the new value and a sentence saying what it closes; ``sized`` applies them to a
scenario (the window makes it one undoable edit; the command line writes a new file).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitdesk.core import compute, thermal

MARGIN = 1.0  # no margin: the figures close exactly; a planner adds the margin the programme wants


@dataclass(frozen=True)
class Sized:
    path: str  # scenario path of the field, e.g. "designs[0].battery.capacity_wh"
    value: float
    before: float
    why: str


def _shells_of(scenario, design_index: int):
    name = scenario.designs[design_index].name
    return [i for i, s in enumerate(scenario.shells) if s.design == name]


def battery(scenario, design_index: int = 0, results=None, payload: bool = True) -> Sized | None:
    """The battery that carries the load through the horizon's longest eclipse (None: no shell
    flies the design). ``payload`` False: the bus alone."""
    from orbitdesk.core.evaluate import evaluate

    shells = _shells_of(scenario, design_index)
    if not shells:
        return None
    results = results or evaluate(scenario)
    d = scenario.designs[design_index]
    eclipse_s = max(float(results.seasons[i].longest_eclipse_s.max()) for i in shells)
    load_w = d.bus.power_w + (compute.it_power_w(d.compute) if payload else 0.0)
    capacity = MARGIN * load_w * eclipse_s / 3600.0 / d.battery.depth_of_discharge
    what = "the bus and the payload" if payload else "the bus"
    return Sized(f"designs[{design_index}].battery.capacity_wh", capacity, d.battery.capacity_wh,
                 f"carries {what} ({load_w / 1e3:,.1f} kW) through the longest eclipse of the horizon "
                 f"({eclipse_s / 60:.1f} min) within its {d.battery.depth_of_discharge:.0%} depth of discharge")


def radiator(scenario, design_index: int = 0) -> Sized | None:
    """The radiator area that rejects, at its temperature limit, the heat of the bus, the full
    payload and the battery's charging loss at every sampled step of the horizon (equilibrium:
    the thermal mass only helps)."""
    from orbitdesk.core.evaluate import _life_geometry, _orbit_key, _years
    from orbitdesk.core.orbit_sim import simulate

    shells = _shells_of(scenario, design_index)
    if not shells:
        return None
    d = scenario.designs[design_index]
    r = d.radiator
    years = tuple(_years(scenario).tolist())
    need_m2, worst_absorbed, worst_heat = 0.0, 0.0, 0.0
    for i in shells:
        light = _life_geometry(_orbit_key(scenario.shells[i]), scenario.epoch, years)[2]
        phys = simulate(d, light)
        heat = phys.heat_demand_w + getattr(phys, "charge_loss_w", 0.0)
        absorbed = thermal.absorbed_flux_w_m2(r.absorptivity_solar, r.emissivity, light.flux_w_m2,
                                              light.illumination, np.radians(r.sun_incidence_deg),
                                              r.earth_view_factor)
        net = thermal.net_rejection_w_m2(r.emissivity, r.max_temperature_k, absorbed, r.faces)
        if np.any(net <= 0):
            return None  # no area rejects anything at this limit: raise the limit or the emissivity
        per_step = np.where(light.known, heat / net, 0.0)
        k = np.unravel_index(int(np.argmax(per_step)), per_step.shape)
        if per_step[k] > need_m2:
            need_m2 = float(per_step[k])
            worst_absorbed = float(np.broadcast_to(absorbed, per_step.shape)[k])
            worst_heat = float(np.broadcast_to(heat, per_step.shape)[k])
    return Sized(f"designs[{design_index}].radiator.area_m2", MARGIN * need_m2, r.area_m2,
                 f"rejects the bus, the payload and the charging loss (up to {worst_heat / 1e3:,.1f} kW) at "
                 f"{r.max_temperature_k:g} K in the horizon's worst step ({worst_absorbed:,.0f} W/m² absorbed)")


ARRAY_BISECTIONS = 60  # the closing area to 2⁻⁶⁰ of its bracket


def _closing_area_m2(p_w_m2: np.ndarray, load_w: float, charge_efficiency: float) -> np.ndarray:
    """Per orbit (last axis: time steps of equal length), the array area A at which the battery's
    energy over the orbit closes: charge_efficiency·Σ(A·p − L)⁺ = Σ(L − A·p)⁺, with ``p_w_m2`` the
    array output per m² at each step. The balance grows with A (monotone): bisection on all orbits
    at once. inf where the orbit collects nothing."""
    p = np.asarray(p_w_m2, dtype=float)
    mean = p.mean(axis=-1)

    def closes(a):
        net = a[..., None] * p - load_w
        return charge_efficiency * np.maximum(net, 0.0).sum(axis=-1) >= np.maximum(-net, 0.0).sum(axis=-1)

    with np.errstate(divide="ignore"):
        hi = np.where(mean > 0, load_w / (charge_efficiency * np.where(mean > 0, mean, 1.0)), np.inf)
    finite = np.isfinite(hi)
    hi = np.where(finite, hi, 0.0)
    for _ in range(64):  # the bracket's top closes (each doubling: twice the output)
        short = finite & ~closes(hi)
        if not short.any():
            break
        hi = np.where(short, 2.0 * hi, hi)
    lo = np.zeros_like(hi)
    for _ in range(ARRAY_BISECTIONS):
        mid = 0.5 * (lo + hi)
        ok = closes(mid)
        hi, lo = np.where(ok, mid, hi), np.where(ok, lo, mid)
    return np.where(finite, hi, np.inf)


def array(scenario, design_index: int = 0) -> Sized | None:
    """The solar array area that, at the end of the horizon (cells aged ``analysis_years``, at
    their computed temperature), carries the bus and the full payload over every sampled orbit of
    the horizon and recharges the battery for the eclipse (None: no shell flies the design, or no
    orbit collects sunlight)."""
    from orbitdesk.core import array_temperature, environment, power, seasons
    from orbitdesk.core.evaluate import _ages, _life_geometry, _orbit_key, _years
    from orbitdesk.core.orbit_sim import array_temperature_k, power_supply

    shells = _shells_of(scenario, design_index)
    if not shells:
        return None
    d = scenario.designs[design_index]
    years = tuple(_years(scenario).tolist())
    age = float(_ages(years)[-1])  # the oldest satellite age the mission life samples
    load_w = d.bus.power_w + compute.it_power_w(d.compute)
    unit = d.solar.model_copy(update={"area_m2": 1.0})
    need_m2, worst = 0.0, None
    for i in shells:
        design = environment.in_orbit(d, scenario.shells[i])
        _, rows, light, _ = _life_geometry(_orbit_key(scenario.shells[i]), scenario.epoch, years)
        p = power_supply(unit, design.battery, design.bus, light, age).solar_power_w  # W/m², (R, P, T)
        area = _closing_area_m2(p, load_w, design.battery.round_trip_efficiency)
        area = np.where(light.known.all(axis=-1), area, 0.0)  # a decayed satellite's orbits: its own warning
        k = np.unravel_index(int(np.argmax(area)), area.shape)
        if np.isfinite(area[k]) and area[k] > need_m2:
            need_m2 = float(area[k])
            eta = power.array_efficiency(d.solar.efficiency_bol, d.solar.degradation_per_year, age)
            lit = light.sunlit[k] & light.known[k]
            t_k = np.broadcast_to(array_temperature_k(unit, light, eta), light.sunlit.shape)[k][lit]
            worst = (seasons.month_label(scenario.epoch, years[rows.point[k[0]]]),
                     float(t_k.mean()) - 273.15, eta,
                     float(array_temperature.efficiency_factor(t_k, d.solar.temperature_coefficient_per_k).mean()))
        elif not np.isfinite(area[k]):
            return None
    if worst is None:
        return None
    month, t_c, eta, factor = worst
    return Sized(f"designs[{design_index}].solar.area_m2", MARGIN * need_m2, d.solar.area_m2,
                 f"delivers the bus and the payload ({load_w / 1e3:,.1f} kW) and recharges the battery for the "
                 f"eclipse at the end of the horizon ({age:g} years: cells {eta:.1%} at 28 °C, ×{factor:.3f} at "
                 f"{t_c:.0f} °C in sunlight) on the horizon's worst orbit ({month})")


def sized(scenario, changes: list[Sized]):
    """The scenario with the sized values (validated)."""
    from orbitdesk.model.edit import with_value

    for c in changes:
        scenario = with_value(scenario, c.path, c.value)
    return scenario
