"""Size to close: the battery and the radiator a design needs in the shells that fly it, over the
whole horizon (seasons resolved: the longest eclipse and the hottest environment of any month).

- Battery: carry the bus and the full payload (or the bus alone) through the longest eclipse of the
  horizon within the depth of discharge: capacity = load × eclipse ÷ depth of discharge.
- Radiator: reject the bus and the full payload at the temperature limit in the worst environment
  of the horizon (the most absorbed heat of any sampled step): area = load ÷ (emitted − absorbed).

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
    from orbitdesk.core.evaluate import _life_geometry, _orbit_key, _years, fresh_light
    from orbitdesk.core.orbit_sim import simulate

    shells = _shells_of(scenario, design_index)
    if not shells:
        return None
    d = scenario.designs[design_index]
    r = d.radiator
    years = tuple(_years(scenario).tolist())
    need_m2, worst_absorbed, worst_heat = 0.0, 0.0, 0.0
    for i in shells:
        life = _life_geometry(_orbit_key(scenario.shells[i]), scenario.epoch, years)[2]
        light = fresh_light(life)
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


def sized(scenario, changes: list[Sized]):
    """The scenario with the sized values (validated)."""
    from orbitdesk.model.edit import with_value

    for c in changes:
        scenario = with_value(scenario, c.path, c.value)
    return scenario
