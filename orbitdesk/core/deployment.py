"""Launches, cohorts and the orbital fleet over calendar time (MODEL.md sections 6 and 8).

Shells are launched in scenario order, one shell's satellites per launch (a launch cannot serve two
orbit planes' worth of altitude/inclination), at the plan's cadence, each carrying what the vehicle
lifts to that shell's orbit (launch_performance: the plan's capacity scaled by the vehicle's
table). Each launch is a cohort: its GPUs fail without repair from its own launch date and stop at
the total-dose life.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitdesk.core.findings import Finding
from orbitdesk.model.scenario import LaunchPlan


@dataclass(frozen=True)
class Cohorts:
    """Launches of one shell: launch time (years since epoch) and satellites aboard, (L,)."""

    launch_years: np.ndarray
    satellites: np.ndarray


def shell_capacities_kg(plan: LaunchPlan, shells) -> tuple[list[float], list[str]]:
    """Payload per launch to each shell's orbit (kg, launch_performance.shell_capacity_kg with the
    vehicle's catalog table) and a note where the vehicle has none (its capacity unscaled)."""
    from orbitdesk.core import launch_performance as lp
    from orbitdesk.model.catalog import catalog

    vehicle = catalog("launchers").get(plan.vehicle)
    note = lp.capacity_note(plan, vehicle)
    return [lp.shell_capacity_kg(plan, s, vehicle) for s in shells], [note] if note else []


def _unreachable(plan: LaunchPlan, index: int, shell) -> Finding:
    from orbitdesk.core import launch_performance as lp
    from orbitdesk.model.catalog import catalog

    h, i = lp.shell_orbits(shell)
    vehicle = catalog("launchers")[plan.vehicle]  # only a catalog vehicle has a table that gives 0 kg
    table = lp.performance_table(vehicle)
    k = int(np.argmin(lp.capacity_ratio(table, h, i)))
    return Finding(
        f"shell {shell.name!r}: the {vehicle.name} cannot reach its orbit ({h[k]:,.0f} km, "
        f"{i[k]:.3g}°): its performance table gives 0 kg there ({lp.reach_text(table, float(i[k]))}); "
        "lower the shell, change its inclination or pick a larger vehicle", f"shells[{index}].altitude_km")


def plan_launches(satellite_counts: list[int], satellite_mass_kg: list[float], plan: LaunchPlan,
                  horizon_years: float, shells=None) -> tuple[list[Cohorts], list[int], list[str]]:
    """Cohorts per shell (only launches inside the horizon), launches needed per shell, warnings.

    With ``shells`` (the scenario's, in the same order) each shell gets the vehicle's capacity to
    its own orbit (``shell_capacities_kg``); without, every shell gets ``plan.capacity_kg``. A shell
    whose orbit the vehicle cannot reach gets no launches and a warning (a ``Finding`` naming the
    shell's altitude)."""
    cohorts, needed, warnings = [], [], []
    capacities = [float(plan.capacity_kg)] * len(satellite_counts)
    if shells is not None:
        capacities, warnings = shell_capacities_kg(plan, shells)
    next_launch = 0
    for index, (count, mass, capacity) in enumerate(zip(satellite_counts, satellite_mass_kg, capacities,
                                                        strict=True)):
        if capacity <= 0:
            warnings.append(_unreachable(plan, index, shells[index]))
            cohorts.append(Cohorts(np.zeros(0), np.zeros(0)))
            needed.append(0)
            continue
        per_launch = int(capacity // mass) if mass > 0 else count
        if per_launch < 1:
            where = "" if shells is None else f" to shell {shells[index].name!r}'s orbit"
            warnings.append(
                f"a satellite of {mass:,.0f} kg exceeds the launcher's {capacity:,.0f} kg "
                f"capacity{where}: it cannot be launched; lighten the design or pick a larger vehicle"
            )
            cohorts.append(Cohorts(np.zeros(0), np.zeros(0)))
            needed.append(0)
            continue
        n = -(-count // per_launch)
        # only launches that can fall inside the horizon are built (one satellite a launch for a
        # 10,000,000-satellite shell would be 10,000,000 of them); two to spare, then the same test
        fit = (horizon_years - plan.first_launch_years) * plan.launches_per_year - next_launch
        m = int(min(n, max(np.floor(fit), -1.0) + 2))
        aboard = np.full(m, per_launch, dtype=float)
        if m == n:
            aboard[-1] = count - per_launch * (n - 1)
        when = plan.first_launch_years + (next_launch + np.arange(m)) / plan.launches_per_year
        inside = when <= horizon_years
        cohorts.append(Cohorts(when[inside], aboard[inside]))
        needed.append(n)
        next_launch += n
    return cohorts, needed, warnings


def interp_last_axis(table: np.ndarray, grid: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Row-wise linear interpolation: table (M, K) on the uniform grid (K,), x (M, L) -> (M, L)."""
    if len(grid) == 1:
        return np.broadcast_to(table[:, :1], x.shape)
    step = grid[1] - grid[0]
    pos = np.clip((x - grid[0]) / step, 0.0, len(grid) - 1.0)
    i = np.minimum(pos.astype(int), len(grid) - 2)
    frac = pos - i
    rows = np.arange(table.shape[0])[:, None]
    return table[rows, i] * (1 - frac) + table[rows, i + 1] * frac


def cumulative_trapezoid(y: np.ndarray, x_years: np.ndarray) -> np.ndarray:
    """∫ y dt from the first sample, with t in years converted to seconds."""
    from orbitdesk.core.constants import YEAR_S

    dt = np.diff(x_years) * YEAR_S
    return np.concatenate([[0.0], np.cumsum(0.5 * (y[1:] + y[:-1]) * dt)])
