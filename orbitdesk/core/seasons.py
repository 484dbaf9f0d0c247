"""Seasons: mission-life sampling that resolves eclipse seasons, and the worst month of a horizon.

The mission life is sampled on a calendar grid (monthly points). A dawn-dusk orbit's β follows the
Sun's declination and a Walker plane's β sweeps ±(i + 23.4°) within weeks, so one orbit at each
point misrepresents the weeks around it (a 53° plane at 550 km: up to 24 points of sunlit
fraction). Each point therefore stands for the interval around it (±half a step, as the
trapezoidal integration of the FLOP curve treats it), sampled by SUBSAMPLES orbits spread evenly
over it wherever the light changes within it by more than TOLERANCE of sunlit fraction; where it
does not (the fully sunlit months of a dawn-dusk orbit), the point's own orbit stands for it.

``orbit_figures`` reduces one orbit's timelines (any leading axes, planes and time last) to the
figures the warnings and the KPIs use, so the epoch orbit and every sampled orbit of the horizon
are judged by the same rules.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from orbitdesk.core.constants import YEAR_S

SUBSAMPLES = 4  # orbits per calendar interval where the light changes within it (1.5 points max)
TOLERANCE = 0.01  # sunlit-fraction spread within an interval below which one orbit stands for it


@dataclass(frozen=True)
class LifeRows:
    """The sampled orbits of the mission life: row r belongs to calendar point ``point[r]`` with
    share ``weight[r]`` (the rows of one point sum to 1) and starts at ``start_s[r]``."""

    point: np.ndarray  # (R,) int
    weight: np.ndarray  # (R,)
    start_s: np.ndarray  # (R,) seconds since the epoch, ascending
    points: int  # M, calendar points

    def mean(self, values: np.ndarray) -> np.ndarray:
        """Per calendar point, the weighted mean of per-row ``values`` (R, ...) -> (M, ...)."""
        v = np.asarray(values, dtype=float)
        out = np.zeros((self.points, *v.shape[1:]))
        np.add.at(out, self.point, v * self.weight.reshape(-1, *[1] * (v.ndim - 1)))
        return out

    def max(self, values: np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        out = np.full((self.points, *v.shape[1:]), -np.inf)
        np.maximum.at(out, self.point, v)
        return out

    def min(self, values: np.ndarray) -> np.ndarray:
        return -self.max(-np.asarray(values, dtype=float))


def candidate_starts_s(years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(centres (M,), sub-sample starts (M, SUBSAMPLES)) in seconds since the epoch: each point,
    and SUBSAMPLES orbits spread evenly over the interval it stands for, ±half a grid step around
    it within the horizon (the first and last points stand for half an interval)."""
    years = np.asarray(years, dtype=float)
    half = (float(years[1] - years[0]) if years.size > 1 else 1.0 / 12.0) / 2.0
    lo, hi = np.maximum(years - half, years[0]), np.minimum(years + half, years[-1] if years.size > 1 else half)
    spread = (np.arange(SUBSAMPLES) + 0.5) / SUBSAMPLES
    return years * YEAR_S, (lo[:, None] + spread[None, :] * (hi - lo)[:, None]) * YEAR_S


def choose_rows(sunlit_centre: np.ndarray, sunlit_sub: np.ndarray, centres_s: np.ndarray,
                subs_s: np.ndarray) -> LifeRows:
    """Rows from the sunlit fractions of the candidates, per plane: ``sunlit_centre`` (M, P),
    ``sunlit_sub`` (M, S, P). A point whose sub-samples and centre agree within TOLERANCE keeps
    its centre orbit; the others take their SUBSAMPLES orbits with equal shares."""
    m, s = subs_s.shape
    every = np.concatenate([sunlit_sub, sunlit_centre[:, None, :]], axis=1)
    quiet = (every.max(axis=1) - every.min(axis=1)).max(axis=-1) <= TOLERANCE  # (M,)
    point = np.concatenate([np.flatnonzero(quiet), np.repeat(np.flatnonzero(~quiet), s)])
    start = np.concatenate([centres_s[quiet], subs_s[~quiet].reshape(-1)])
    weight = np.concatenate([np.ones(int(quiet.sum())), np.full(int((~quiet).sum()) * s, 1.0 / s)])
    order = np.argsort(start, kind="stable")
    return LifeRows(point[order], weight[order], start[order], m)


def take_rows(light, rows_index: np.ndarray):
    """The Sunlight of the chosen rows (leading axis indexed)."""
    return dataclasses.replace(light, **{
        f.name: getattr(light, f.name)[rows_index]
        for f in dataclasses.fields(light)
        if isinstance(getattr(light, f.name), np.ndarray) and getattr(light, f.name).ndim >= 2
    })


@dataclass(frozen=True)
class OrbitFigures:
    """What warnings and KPIs read from orbits, over their leading axes (planes reduced with the
    satellite weights): fractions are orbit means, 0..1."""

    sunlit_fraction: np.ndarray
    longest_eclipse_s: np.ndarray  # the longest over the planes
    peak_radiator_k: np.ndarray  # the hottest plane (positions known)
    min_battery_soc: np.ndarray  # the lowest plane
    thermal_throttle: np.ndarray  # what the radiator allows
    throttle: np.ndarray  # what runs (heat and power)
    power_lost: np.ndarray  # share of the thermally allowed compute lost for want of power
    power_cut_s: np.ndarray  # time per orbit the payload is cut by > 1 % for want of power
    collected_w: np.ndarray  # the array's orbit mean
    needed_w: np.ndarray  # bus and payload as the radiator allows them, orbit mean
    bus_unpowered: np.ndarray  # bool: some plane's bus loses power
    min_radiator_k: np.ndarray  # the coldest plane (thermal mass and heater included)
    below_freeze_s: np.ndarray  # the longest time per orbit a plane's radiator is below its freeze limit
    heater_wh: np.ndarray  # radiator heater energy per orbit, satellite-weighted


def orbit_figures(light, phys, weights: np.ndarray) -> OrbitFigures:
    """``light`` a Sunlight and ``phys`` its OrbitPhysics, arrays (..., P, T); ``weights`` (P,).
    Extremes are taken along time, then planes: one axis at a time (over both at once numpy
    strides through the mission life's time-major arrays, measured 25× slower)."""
    w = np.asarray(weights, dtype=float) / np.sum(weights)
    known = light.known
    everywhere = bool(known.all())  # the usual case: no masking passes over the arrays

    def where_known(a, other):
        return a if everywhere else np.where(known, a, other)

    def mean(a):  # plane-weighted orbit mean
        return np.asarray(a, dtype=float).mean(axis=-1) @ w

    thermal = mean(phys.thermal_throttle)
    cut = where_known(phys.thermal_throttle - phys.throttle, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lost = np.where(thermal > 1e-12, mean(cut) / np.maximum(thermal, 1e-12), 0.0)
    # one eclipse per orbit (circular and near-circular orbits): its length is the time the
    # Sun's disc is hidden, penumbra counted by the hidden share (about the time its centre is
    # hidden), so that it is not rounded to whole steps of the mission life's coarse sampling
    eclipse = where_known(1.0 - light.illumination, 0.0).sum(axis=-1) * light.dt_s
    return OrbitFigures(
        sunlit_fraction=mean(light.sunlit),
        longest_eclipse_s=eclipse.max(axis=-1),
        peak_radiator_k=where_known(phys.radiator_temperature_k, 0.0).max(axis=-1).max(axis=-1),
        min_battery_soc=where_known(phys.battery_soc, 1.0).min(axis=-1).min(axis=-1),
        thermal_throttle=thermal,
        throttle=mean(phys.throttle),
        power_lost=lost,
        power_cut_s=((cut > 0.01).sum(axis=-1) * light.dt_s) @ w,
        collected_w=mean(phys.solar_power_w),
        needed_w=mean(phys.heat_demand_w * phys.thermal_throttle),
        bus_unpowered=where_known(phys.bus_unpowered, False).any(axis=-1).any(axis=-1),
        min_radiator_k=where_known(phys.radiator_temperature_k, np.inf).min(axis=-1).min(axis=-1),
        below_freeze_s=(where_known(phys.below_freeze, False).sum(axis=-1) * light.dt_s).max(axis=-1),
        heater_wh=(where_known(phys.heater_w, 0.0).sum(axis=-1) * (light.dt_s / 3600.0)) @ w,
    )


def month_label(epoch: datetime, years: float) -> str:
    """The interval a calendar point stands for, by its centre: "the month around 31 Dec 2036"."""
    when = epoch + timedelta(seconds=float(years) * YEAR_S)
    return f"the month around {when:%-d %b %Y}"
