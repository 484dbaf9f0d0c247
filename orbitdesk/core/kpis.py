"""The KPIs the orbital fleet and every terrestrial site share: one function, so that a label
means the same formula on both sides (MODEL.md sections 8, 9 and 15).

Inputs are one calendar grid ``time_years`` (years since the epoch, increasing, ending at the
horizon) and the cumulative curves on it: cost (USD), delivered FLOP and, where stated, CO2e (kg).
Each side adds its own KPIs beside these (the orbit's eclipses and masses; a site's facility
power, energy and water).
"""

from __future__ import annotations

import numpy as np

from orbitdesk.core import economics
from orbitdesk.core.constants import YEAR_S

# the keys compute_kpis fills, in the order it fills them
SHARED_KPIS = (
    "gpus", "it_power_w", "mean_delivered_flop_per_s", "lifetime_flop", "capex_usd", "total_cost_usd",
    "cost_per_exaflop_usd", "levelised_cost_per_exaflop_usd", "cost_per_gpu_hour_usd",
    "cost_per_gpu_hour_peak_usd", "co2e_kg", "time_to_first_flop_years", "time_to_full_capacity_years",
)


def _within(years: float | None, horizon: float) -> float | None:
    """A milestone (years since the epoch), or None if it falls after the horizon or never."""
    return years if years is not None and years <= horizon else None


def compute_kpis(time_years, cumulative_cost_usd, cumulative_flop, *, gpus: float, it_power_w: float,
                 capex_usd: float, sustained_flop_per_s_per_gpu: float,
                 peak_flop_per_s_per_gpu: float | None, cumulative_co2e_kg=None,
                 first_flop_years: float | None, full_capacity_years: float | None,
                 discount_rate: float = 0.0) -> dict:
    """The shared KPIs (SHARED_KPIS): what the horizon delivers and costs.

    ``gpus`` and ``it_power_w`` (W) are the installed fleet; ``capex_usd`` its up-front cost;
    ``sustained_flop_per_s_per_gpu`` and ``peak_flop_per_s_per_gpu`` (FLOP/s, fleet means) the
    bases of $ per GPU-hour (economics.GPU_HOUR_BASES; no peak: None); ``cumulative_co2e_kg``
    the emissions curve (None: not stated); ``first_flop_years`` and ``full_capacity_years`` the
    milestones (None: never), reported only within the horizon; ``discount_rate`` (1/yr) sets
    the levelised cost."""
    years = np.asarray(time_years, dtype=float)
    cost = np.asarray(cumulative_cost_usd, dtype=float)
    horizon = float(years[-1])
    total_cost = float(cost[-1])
    life_flop = float(np.asarray(cumulative_flop, dtype=float)[-1])
    co2e = None if cumulative_co2e_kg is None else float(np.asarray(cumulative_co2e_kg, dtype=float)[-1])
    return {
        "gpus": gpus,
        "it_power_w": it_power_w,
        "mean_delivered_flop_per_s": life_flop / (horizon * YEAR_S),
        "lifetime_flop": life_flop,
        "capex_usd": float(capex_usd),
        "total_cost_usd": total_cost,
        **economics.levelised_kpis(years, cost, cumulative_flop, discount_rate),
        **economics.gpu_hour_kpis(total_cost, life_flop, sustained_flop_per_s_per_gpu, peak_flop_per_s_per_gpu),
        "co2e_kg": co2e,
        "time_to_first_flop_years": _within(first_flop_years, horizon),
        "time_to_full_capacity_years": _within(full_capacity_years, horizon),
    }
