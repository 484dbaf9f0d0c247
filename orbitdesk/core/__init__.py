"""OrbitDesk's Qt-free numpy compute core (MODEL.md sections 1-6, 8, 9).

Arrays in, arrays out: vectors are (3, ...) in km, time is the last axis, units are in the names.

Entry point
    evaluate(scenario) -> Results        timelines and KPIs for a Scenario
    epoch_orbits(scenario)              its cheap first stage: the epoch orbit of every shell

Orbits (MODEL.md 1)
    period_s(altitude_km)                Keplerian period, s
    sso_inclination_deg(altitude_km)     sun-synchronous inclination, deg
    walker_elements, sso_elements, placed_elements, propagate -> (3, ..., T) km, GCRS
Sun and shadow (MODEL.md 2)
    sun_position_km(epoch, seconds)      geometric Sun (de421 via skyfield-data), km
    solar_flux_w_m2(sun_km)              W/m²
    sunlit_mask(r_km, sun_km)            bool, point Sun and spherical Earth (= skyfield is_sunlit)
    shell_sunlit_mask(el, t_s, sun_km)   the same for a circular shell, (S, T), cache-blocked
    illuminated_fraction(r_km, sun_km)   0..1, conical umbra/penumbra
    beta_angle_rad(normal, sun_km)       rad
    eclipse_fraction_cylindrical(altitude_km, beta_rad)   analytic check
Heat (MODEL.md 5)
    absorbed_flux_w_m2, net_rejection_w_m2, equilibrium_temperature_k
Power (MODEL.md 3-4)
    solar_power_w, array_efficiency, clamped_cumsum (battery state of charge)
"""

from orbitdesk.core.budget import SatelliteBudget, satellite_budget
from orbitdesk.core.ephemeris import sun_position_km
from orbitdesk.core.evaluate import EpochOrbits, epoch_orbits, evaluate
from orbitdesk.core.orbits import (
    CircularElements,
    period_s,
    placed_elements,
    propagate,
    sso_elements,
    sso_inclination_deg,
    walker_elements,
)
from orbitdesk.core.power import array_efficiency, clamped_cumsum, solar_power_w
from orbitdesk.core.results import CalendarTimeline, OrbitTimeline, Results
from orbitdesk.core.sun import (
    beta_angle_rad,
    critical_beta_rad,
    eclipse_fraction_cylindrical,
    illuminated_fraction,
    shell_sunlit_mask,
    solar_flux_w_m2,
    sunlit_mask,
)
from orbitdesk.core.thermal import (
    absorbed_flux_w_m2,
    equilibrium_temperature_k,
    net_rejection_w_m2,
)

__all__ = [
    "CalendarTimeline", "CircularElements", "EpochOrbits", "OrbitTimeline", "Results", "SatelliteBudget",
    "absorbed_flux_w_m2", "array_efficiency", "beta_angle_rad", "clamped_cumsum",
    "critical_beta_rad", "eclipse_fraction_cylindrical", "epoch_orbits", "equilibrium_temperature_k", "evaluate",
    "illuminated_fraction", "net_rejection_w_m2", "period_s", "placed_elements", "propagate",
    "satellite_budget", "shell_sunlit_mask", "solar_flux_w_m2", "solar_power_w", "sso_elements", "sso_inclination_deg",
    "sun_position_km", "sunlit_mask", "walker_elements",
]
