"""What ``evaluate`` returns: timelines and KPIs, units in every name."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class OrbitTimeline:
    """One orbit at the epoch for one shell: arrays (P, T), one row per representative plane
    (or TLE satellite), each standing for ``plane_satellites[p]`` satellites."""

    shell: str
    design: str
    time_s: np.ndarray  # (T,) since the epoch
    plane_satellites: np.ndarray  # (P,)
    beta_deg: np.ndarray  # (P,)
    sunlit: np.ndarray  # (P, T) bool
    solar_power_w: np.ndarray
    load_w: np.ndarray
    battery_soc: np.ndarray
    heat_load_w: np.ndarray
    rejectable_heat_w: np.ndarray
    radiator_temperature_k: np.ndarray
    max_temperature_k: float
    throttle: np.ndarray
    flop_per_s: np.ndarray  # per satellite

    def fleet_mean(self, name: str) -> np.ndarray:
        """Satellite-weighted mean over planes of one (P, T) series: shape (T,)."""
        w = self.plane_satellites
        return np.tensordot(w / w.sum(), np.asarray(getattr(self, name), dtype=float), axes=1)


@dataclass(frozen=True)
class CalendarTimeline:
    """Mission-life timeline on a calendar grid (years since the epoch)."""

    name: str
    time_years: np.ndarray
    flop_per_s: np.ndarray
    cumulative_flop: np.ndarray
    cumulative_cost_usd: np.ndarray
    gpus_working: np.ndarray
    satellites_deployed: np.ndarray | None = None  # orbital only
    cumulative_energy_kwh: np.ndarray | None = None  # terrestrial only
    cumulative_water_l: np.ndarray | None = None  # terrestrial only


@dataclass(frozen=True)
class Results:
    scenario_name: str
    orbits: tuple[OrbitTimeline, ...]
    orbital: CalendarTimeline
    terrestrial: tuple[CalendarTimeline, ...]
    kpis: dict[str, float | None]  # orbital KPIs, units in the keys
    terrestrial_kpis: dict[str, dict[str, float | None]]  # site name -> KPIs, same units
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        """All KPIs as plain JSON-ready values."""
        return {
            "scenario": self.scenario_name,
            "orbital": self.kpis,
            "terrestrial": self.terrestrial_kpis,
            "warnings": list(self.warnings),
        }
