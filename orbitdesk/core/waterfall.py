"""The delivered-compute waterfall: from the fleet's peak FLOP to the FLOP it delivers over the horizon.

Stages, in this order (``ComputeStages.STAGES``), each a factor on what the stages before it left:

0. **Peak**: every planned GPU (all shells' satellites × GPUs per satellite) at its catalogue dense
   peak (at the payload's precision) for the whole horizon;
1. **Utilization**: × the payload's utilization;
2. **SEU downtime**: × (1 − the single-event downtime fraction of the shell's orbit);
3. **Power throttle**: × the share of the thermally allowed payload energy the array and battery
   deliver (the power chain's cut, ``orbit_sim``);
4. **Heat throttle**: × the thermal throttle (what the radiator rejects at its limit beside the bus);
5. **GPU failures**: × the GPUs still working (hard failures, total-dose life, re-entry without
   propulsion), the fleet of stages 0–5 flying from the epoch;
6. **Deployment ramp**: the launch cadence and commissioning (and any satellites not launched within
   the horizon; replacement launches, where the plan replenishes failed satellites, fly in its cohorts
   and their gain shows here): the result is the delivered FLOP, ``kpis["lifetime_flop"]``, exactly.

Every factor is the one ``evaluate`` computes, on the same calendar grid and the same trapezoid in
time (the stages' FLOP/s timelines come in ``Results.stages``), so the sequence is complete: the last
bar is the delivered KPI to rounding.

How the interactions are attributed (the factors multiply sample by sample, so order matters only
where two factors vary together):

- power and heat: per mission-life sample the payload throttle is heat × power, the power factor
  being the throttle over the thermal throttle; the power stage averages that factor alone, the heat
  stage then takes the rest of the product (their covariance falls in the heat stage). Where the
  radiator allows no payload at all, the loss is the heat stage's.
- throttle and failures: the throttles are those of the GPUs that still work at each age (fewer
  GPUs draw and dissipate less, so they are throttled less); that relief stays in the throttle
  stages, and the failure stage is the loss of working GPUs at those throttles.
- ageing of the array (degradation) is in the power stage, at the satellites' age counted from the
  epoch; the deployment ramp then carries the difference of a fleet launched in cohorts (younger
  satellites, fewer of them, later) — it is the last factor, delivered ÷ the stage before it, so it
  may be a (small) gain where younger satellites are throttled less.

FLOP are floating-point operations (dense, at the payload's precision) over the horizon, not per s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitdesk.core.deployment import cumulative_trapezoid
from orbitdesk.core.results import ComputeStages


@dataclass(frozen=True)
class Stage:
    label: str
    remaining_flop: float  # after this stage, over the horizon
    lost_flop: float  # at this stage (0 for the peak bar; negative: a gain)

    @property
    def lost_fraction(self) -> float:
        """Loss as a fraction of what entered the stage (0 where nothing entered)."""
        before = self.remaining_flop + self.lost_flop
        return self.lost_flop / before if before > 0 else 0.0


@dataclass(frozen=True)
class Waterfall:
    """The ordered stages for the fleet, and per shell (``shells[name]``)."""

    stages: tuple[Stage, ...]
    shells: dict[str, tuple[Stage, ...]]
    horizon_years: float

    @property
    def peak_flop(self) -> float:
        return self.stages[0].remaining_flop if self.stages else 0.0

    @property
    def delivered_flop(self) -> float:
        return self.stages[-1].remaining_flop if self.stages else 0.0

    def labels(self) -> tuple[str, ...]:
        return tuple(s.label for s in self.stages)

    def remaining(self) -> np.ndarray:
        return np.array([s.remaining_flop for s in self.stages])

    def lost(self) -> np.ndarray:
        return np.array([s.lost_flop for s in self.stages])


REPLENISHED_RAMP = "Ramp & replacements"  # the last stage's label where replacement launches fly


def _stages(totals: np.ndarray, replenished: bool = False) -> tuple[Stage, ...]:
    """Stages from the FLOP remaining after each (len(STAGES),); ``replenished``: replacement
    launches fly, and their FLOP (often a gain) is in the last stage, which says so."""
    lost = np.concatenate([[0.0], totals[:-1] - totals[1:]])
    labels = (*ComputeStages.STAGES[:-1], REPLENISHED_RAMP if replenished else ComputeStages.STAGES[-1])
    return tuple(Stage(label, float(r), float(d)) for label, r, d in zip(labels, totals, lost, strict=True))


def stage_totals(stages: ComputeStages) -> np.ndarray:
    """FLOP over the horizon after each stage, per shell: (S, len(STAGES)); the trapezoid in time
    that ``evaluate`` integrates the delivered FLOP/s with."""
    rates = np.asarray(stages.flop_per_s, dtype=float)
    t = np.asarray(stages.time_years, dtype=float)
    if rates.ndim != 3 or rates.shape[0] == 0 or t.size == 0:
        return np.zeros((0, len(ComputeStages.STAGES)))
    return np.apply_along_axis(lambda y: cumulative_trapezoid(y, t)[-1], -1, rates)


def compute_waterfall(results) -> Waterfall | None:
    """The waterfall of one evaluation (``Results``), or None where it has no stages (an empty
    fleet, or results made before the stages existed)."""
    stages = getattr(results, "stages", None)
    if stages is None:
        return None
    per_shell = stage_totals(stages)
    if per_shell.shape[0] == 0:
        return None
    t = np.asarray(stages.time_years, dtype=float)
    # the fleet's last stage is the fleet's delivered FLOP/s, integrated as evaluate does
    fleet_rates = np.asarray(stages.flop_per_s, dtype=float).sum(axis=0)
    fleet = np.array([cumulative_trapezoid(y, t)[-1] for y in fleet_rates])
    replenished = bool((getattr(results, "kpis", None) or {}).get("replacement_satellites"))
    return Waterfall(_stages(fleet, replenished),
                     {name: _stages(row, replenished) for name, row in zip(stages.shells, per_shell, strict=True)},
                     float(t[-1] - t[0]))
