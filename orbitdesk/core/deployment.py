"""Launches, cohorts and the orbital fleet over calendar time (MODEL.md sections 6 and 8).

Shells are launched in scenario order, one shell's satellites per launch (a launch cannot serve two
orbit planes' worth of altitude/inclination), at the plan's cadence. Each launch is a cohort: its
GPUs fail without repair from its own launch date and stop at the total-dose life.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitdesk.model.scenario import LaunchPlan


@dataclass(frozen=True)
class Cohorts:
    """Launches of one shell: launch time (years since epoch) and satellites aboard, (L,)."""

    launch_years: np.ndarray
    satellites: np.ndarray


def plan_launches(satellite_counts: list[int], satellite_mass_kg: list[float], plan: LaunchPlan,
                  horizon_years: float) -> tuple[list[Cohorts], list[int], list[str]]:
    """Cohorts per shell (only launches inside the horizon), launches needed per shell, warnings."""
    cohorts, needed, warnings = [], [], []
    next_launch = 0
    for count, mass in zip(satellite_counts, satellite_mass_kg, strict=True):
        per_launch = int(plan.capacity_kg // mass) if mass > 0 else count
        if per_launch < 1:
            warnings.append(
                f"a satellite of {mass:,.0f} kg exceeds the launcher's {plan.capacity_kg:,.0f} kg "
                "capacity: it cannot be launched; lighten the design or pick a larger vehicle"
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
