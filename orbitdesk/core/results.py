"""What ``evaluate`` returns: timelines and KPIs, units in every name."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from orbitdesk.core.findings import Finding


@dataclass(frozen=True)
class OrbitTimeline:
    """One orbit at the epoch for one shell: arrays (P, T), one row per representative plane
    (or TLE satellite), each standing for ``plane_satellites[p]`` satellites.

    Heat, three curves: ``heat_demand_w`` is what the bus and the unthrottled payload would
    dissipate, ``heat_load_w`` the heat actually produced and rejected (after the thermal and
    power throttle), ``rejectable_heat_w`` what the radiator could reject at its temperature limit.
    Demand above the rejectable heat is the radiator's shortfall (``heat_shortfall_w``).

    Planes: ``series(name)`` is the fleet mean, ``series(name, p)`` plane ``p``'s own curve;
    ``worst_plane()`` the plane with the lowest orbit-mean throttle; ``plane_names`` label them.
    """

    shell: str
    design: str
    time_s: np.ndarray  # (T,) since the epoch
    plane_satellites: np.ndarray  # (P,)
    beta_deg: np.ndarray  # (P,)
    sunlit: np.ndarray  # (P, T) bool
    solar_power_w: np.ndarray
    load_w: np.ndarray
    battery_soc: np.ndarray
    heat_load_w: np.ndarray  # produced and rejected, after the throttle
    rejectable_heat_w: np.ndarray  # at the radiator's temperature limit
    radiator_temperature_k: np.ndarray
    max_temperature_k: float
    throttle: np.ndarray
    flop_per_s: np.ndarray  # per satellite
    heat_demand_w: np.ndarray  # bus + unthrottled payload, (P, T)
    plane_names: tuple[str, ...] = ()  # (P,) e.g. "Plane 2 (RAAN 90°)" or a TLE satellite's name
    decayed: np.ndarray | None = None  # (P,) bool: SGP4 gives no position (a TLE satellite decayed)

    @property
    def plane_count(self) -> int:
        return len(self.plane_satellites)

    @property
    def heat_shortfall_w(self) -> np.ndarray:
        """Heat demanded beyond what the radiator can reject at its limit, (P, T), ≥ 0."""
        return np.maximum(self.heat_demand_w - self.rejectable_heat_w, 0.0)

    def fleet_mean(self, name: str) -> np.ndarray:
        """Satellite-weighted mean over planes of one (P, T) series: shape (T,)."""
        w = self.plane_satellites
        return np.tensordot(w / w.sum(), np.asarray(getattr(self, name), dtype=float), axes=1)

    def series(self, name: str, plane: int | None = None) -> np.ndarray:
        """One (T,) curve of a (P, T) field: the fleet mean (plane None) or plane ``plane``'s."""
        if plane is None:
            return self.fleet_mean(name)
        return np.asarray(getattr(self, name)[plane], dtype=float)

    def plane_means(self, name: str) -> np.ndarray:
        """Orbit mean of a (P, T) field for each plane: shape (P,)."""
        return np.asarray(getattr(self, name), dtype=float).mean(axis=-1)

    def worst_plane(self) -> int:
        """The plane with the lowest orbit-mean throttle (ties: the lowest sunlit fraction; then
        the first). Decayed TLE satellites are skipped unless every one has decayed."""
        throttle = np.round(self.plane_means("throttle"), 9)  # equal planes tie despite rounding
        sunlit = np.round(self.plane_means("sunlit"), 9)
        candidates = np.arange(self.plane_count)
        if self.decayed is not None and not self.decayed.all():
            candidates = candidates[~self.decayed]
        order = np.lexsort((candidates, sunlit[candidates], throttle[candidates]))
        return int(candidates[order[0]])


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
class SeasonTimeline:
    """One shell's fresh satellites over the horizon, per calendar point (the interval around
    it, seasons resolved: core/seasons.py): what the worst-month figures and the eclipse-season
    chart read. Fractions 0..1 are satellite-weighted over the planes."""

    shell: str
    design: str
    time_years: np.ndarray  # (M,)
    sunlit_fraction: np.ndarray  # (M,)
    longest_eclipse_s: np.ndarray  # (M,) the longest orbit's eclipse within the interval
    peak_radiator_temperature_k: np.ndarray  # (M,)
    min_battery_soc: np.ndarray  # (M,)
    throttle: np.ndarray  # (M,) heat and power, fresh satellites
    beta_deg: np.ndarray  # (M, P) at each point's own orbit
    plane_satellites: np.ndarray  # (P,)
    min_radiator_temperature_k: np.ndarray | None = None  # (M,) the coldest plane
    radiator_below_freeze_s: np.ndarray | None = None  # (M,) per orbit, the longest plane
    heater_wh_per_orbit: np.ndarray | None = None  # (M,) per satellite


@dataclass(frozen=True)
class ComputeStages:
    """The delivered-compute chain on the calendar grid, per shell: FLOP/s after each stage of
    ``STAGES`` in turn (core/waterfall.py integrates them over the horizon). ``flop_per_s[s, k]``
    is shell ``s`` after stage ``k``; the last stage is the shell's share of ``orbital.flop_per_s``.
    Every stage before the deployment ramp is the whole planned shell flying from the epoch."""

    STAGES = ("Peak", "Utilization", "SEU downtime", "Power throttle", "Heat throttle", "GPU failures",
              "Deployment ramp")

    time_years: np.ndarray  # (M,)
    shells: tuple[str, ...]  # (S,)
    flop_per_s: np.ndarray  # (S, len(STAGES), M) FLOP/s after each stage


@dataclass(frozen=True)
class DataDay:
    """The data segment over the first day (core/data_segment.py): the Data tab's curves."""

    time_s: np.ndarray  # (T,) from the epoch
    round_trip_s: np.ndarray  # (T,) users (the first region) -> best station -> nearest satellite -> back; inf: none
    station_capacity_bps: np.ndarray  # (G, T) what each station's antennas carry
    station_names: tuple[str, ...]
    users: str  # the user region's name
    latency_budget_s: float | None  # the first inference shell's budget (None: every shell trains)


@dataclass(frozen=True)
class Results:
    scenario_name: str
    orbits: tuple[OrbitTimeline, ...]
    orbital: CalendarTimeline
    terrestrial: tuple[CalendarTimeline, ...]
    kpis: dict[str, float | None]  # orbital KPIs, units in the keys
    terrestrial_kpis: dict[str, dict[str, float | None]]  # site name -> KPIs, same units
    warnings: tuple[str, ...] = field(default=())  # Finding values: text + .field to change
    seasons: tuple[SeasonTimeline, ...] = ()  # per shell, over the horizon
    notes: dict[str, str] = field(default_factory=dict)  # KPI key -> when it occurs ("Dec 2027")
    stages: ComputeStages | None = None  # the delivered-compute waterfall's stages (core/waterfall.py)
    data_day: DataDay | None = None  # the data segment's first day (None without ground stations)

    def to_dict(self) -> dict:
        """All KPIs as plain JSON-ready values; each warning as {"text", "field"} (the scenario
        path of the field that fixes it, or None)."""
        return {
            "scenario": self.scenario_name,
            "orbital": self.kpis,
            "terrestrial": self.terrestrial_kpis,
            "warnings": [Finding(w, getattr(w, "field", None)).to_dict() for w in self.warnings],
            "when": self.notes,
        }
