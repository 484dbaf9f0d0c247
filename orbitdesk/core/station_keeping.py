"""What drag asks of a shell's satellites over the horizon (MODEL.md §13; core/drag.py).

With thrusters (``design.propulsion.enabled``): the station-keeping Δv that holds the shell's
altitude over the horizon through the solar cycle, plus a deorbit burn at the end if chosen, and the
propellant a satellite must carry for it (rocket equation on its dry mass): it joins the launch
mass. Without them: the orbit decays, and the satellite's life ends when it re-enters.

The area facing the flow is the attitude-averaged area of the array and the radiator at the
shell's mean |β| (a dawn-dusk orbit's Sun-tracking array is edge-on to the flow). Circular shells
only: a TLE set's decay is SGP4's own (its drag term B*), so it gets no figure here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np

from orbitdesk.core import drag

LIFE_STEP_YEARS = 1.0 / 12.0  # the unpropelled decay's time step (at most 2 km of decay a step)


@dataclass(frozen=True)
class DragBudget:
    altitude_km: float
    area_m2: float  # attitude-averaged, facing the flow
    dv_m_s: float  # station keeping over the horizon (+ deorbit), 0 without thrusters
    propellant_kg: float  # per satellite, 0 without thrusters
    unpropelled_life_years: float  # from launch, when it has no thrusters (inf: outlives the horizon
    # or holds its altitude)


def _decimal_year(when: datetime) -> float:
    start = datetime(when.year, 1, 1, tzinfo=when.tzinfo)
    end = datetime(when.year + 1, 1, 1, tzinfo=when.tzinfo)
    return when.year + (when - start) / (end - start)


def shell_drag(shell, design, dry_mass_kg: float, epoch: datetime, first_launch_years: float,
               horizon_years: float, mean_abs_beta_deg: float) -> DragBudget | None:
    """The drag budget of one satellite of a circular shell, or None (a TLE set)."""
    altitude = getattr(shell, "altitude_km", None)
    if altitude is None:
        return None
    p = design.propulsion
    area = float(drag.flow_facing_area_m2(design.solar.area_m2, design.radiator.area_m2, mean_abs_beta_deg))
    start = _decimal_year(epoch) + first_launch_years
    return _budget(float(altitude), float(dry_mass_kg), area, start, float(horizon_years), p.enabled,
                   p.isp_s, p.drag_coefficient, p.deorbit_at_end)


@lru_cache(maxsize=64)
def _budget(altitude, dry_mass, area, start_year, horizon, enabled, isp, cd, deorbit) -> DragBudget:
    top = drag.table_limits()["altitude_km"][1]
    if altitude >= top or area <= 0:  # above the table the air is negligible for any horizon
        return DragBudget(altitude, area, *((0.0, 0.0) if not enabled else _propelled(
            altitude, dry_mass, 0.0, isp, deorbit)), np.inf)
    if not enabled:  # the decay (tens of ms): only for satellites that cannot hold their altitude
        life = float(drag.unpropelled_lifetime_years(altitude, dry_mass, area, start_year, cd,
                                                     max_years=horizon + 1.0, max_step_years=LIFE_STEP_YEARS))
        return DragBudget(altitude, area, 0.0, 0.0, life)
    dv = float(drag.station_keeping_dv_m_s(altitude, dry_mass, area, start_year, horizon, cd))
    return DragBudget(altitude, area, *_propelled(altitude, dry_mass, dv, isp, deorbit), np.inf)


def _propelled(altitude, dry_mass, dv, isp, deorbit) -> tuple[float, float]:
    """(Δv, propellant) with the deorbit burn if chosen."""
    dv_total = dv + (float(drag.deorbit_dv_m_s(altitude)) if deorbit else 0.0)
    return dv_total, float(drag.propellant_for_dry_mass_kg(dry_mass, dv_total, isp))
