"""Per-satellite mass, power and hardware cost (MODEL.md sections 3-6 and 8)."""

from __future__ import annotations

from dataclasses import dataclass

from orbitdesk.core.compute import it_power_w
from orbitdesk.core.constants import SOLAR_CONSTANT_W_M2
from orbitdesk.model.scenario import SatelliteDesign


@dataclass(frozen=True)
class SatelliteBudget:
    it_power_w: float
    bus_power_w: float
    solar_bol_power_w: float  # at 1 AU, normal incidence
    solar_array_mass_kg: float
    radiator_mass_kg: float
    battery_mass_kg: float
    payload_mass_kg: float
    shielding_mass_kg: float
    bus_mass_kg: float
    structure_mass_kg: float
    solar_array_cost_usd: float
    radiator_cost_usd: float
    battery_cost_usd: float
    gpu_cost_usd: float
    bus_cost_usd: float
    links_mass_kg: float = 0.0  # the data terminals (design.links)
    links_cost_usd: float = 0.0

    @property
    def mass_kg(self) -> float:
        return (self.solar_array_mass_kg + self.radiator_mass_kg + self.battery_mass_kg
                + self.payload_mass_kg + self.shielding_mass_kg + self.bus_mass_kg
                + self.structure_mass_kg + self.links_mass_kg)

    @property
    def hardware_cost_usd(self) -> float:
        return (self.solar_array_cost_usd + self.radiator_cost_usd + self.battery_cost_usd
                + self.gpu_cost_usd + self.bus_cost_usd + self.links_cost_usd)


def satellite_budget(design: SatelliteDesign) -> SatelliteBudget:
    s, r, b, c, rad, bus = (design.solar, design.radiator, design.battery, design.compute,
                            design.radiation, design.bus)
    it_w = it_power_w(c)
    p_bol = SOLAR_CONSTANT_W_M2 * s.area_m2 * s.efficiency_bol * s.packing_factor
    solar_kg = p_bol / s.specific_power_w_per_kg
    radiator_kg = r.area_m2 * (r.areal_mass_kg_per_m2 + r.coolant_kg_per_m2)  # the panels and their coolant
    battery_kg = b.capacity_wh / b.specific_energy_wh_per_kg
    payload_kg = c.gpu_count * c.server_mass_kg_per_gpu
    shielding_kg = rad.shielding_kg_per_kw * it_w / 1e3
    links = design.links
    links_kg = links.terminals * links.terminal_mass_kg
    others = solar_kg + radiator_kg + battery_kg + payload_kg + shielding_kg + bus.mass_kg + links_kg
    structure_kg = bus.structure_mass_fraction * others
    return SatelliteBudget(
        it_power_w=it_w,
        bus_power_w=bus.power_w,
        solar_bol_power_w=p_bol,
        solar_array_mass_kg=solar_kg,
        radiator_mass_kg=radiator_kg,
        battery_mass_kg=battery_kg,
        payload_mass_kg=payload_kg,
        shielding_mass_kg=shielding_kg,
        bus_mass_kg=bus.mass_kg,
        structure_mass_kg=structure_kg,
        solar_array_cost_usd=p_bol * s.cost_usd_per_w,
        radiator_cost_usd=r.area_m2 * r.cost_usd_per_m2,
        battery_cost_usd=b.capacity_wh / 1e3 * b.cost_usd_per_kwh,
        gpu_cost_usd=c.gpu_count * c.gpu_unit_cost_usd,
        bus_cost_usd=(bus.mass_kg + structure_kg + shielding_kg) * bus.cost_usd_per_kg,
        links_mass_kg=links_kg,
        links_cost_usd=links.terminals * links.terminal_cost_usd,
    )
