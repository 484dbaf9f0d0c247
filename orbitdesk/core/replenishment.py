"""Replenishment: replacement launches that keep a shell above a share of its working capacity.

Policy ``keep_above`` with threshold f (LaunchPlan.replenishment, replenish_threshold): the
operator watches each shell's *working fraction*, the working satellite-equivalents over the
satellites of the shell commissioned so far. What counts as lost:

- GPU failures: a satellite-equivalent is lost when as many GPUs as one satellite carries have
  failed (the core's per-GPU hard-failure rate, no repair in orbit, read as the rate at which whole
  satellites drop out; the expected working capacity is the same either way);
- the end of life: total-dose life, or re-entry from drag for a shell without thrusters (the
  survival curve drops to 0 there).

No new information arrives over the horizon (the survival law is known), so the operator orders
ahead: a batch is timed to be commissioned when the shell would fall to f, its first launch
``commissioning_years`` before that (or the first free launch slot after it), and it carries as
many *whole* satellites as restore the shell to all of its commissioned satellites at the
commissioning of its last launch (rounded up; the batch's own failures during its launch campaign
are not made up). The working fraction is then a sawtooth between f and 1 when launches are free;
for a constant failure rate λ its period is ln(1/f)/λ.

Launches share the plan's cadence: launch slots lie at first_launch + k / launches_per_year;
slots taken by the initial deployment (of every shell) and by earlier replacements are skipped.
Each launch carries at most ``satellites_per_launch`` satellites of the shell (one shell per
launch, as in deployment.py). Times are years since the epoch; costs USD.

Computation: numpy over a fine uniform time grid (``FINE_STEPS_PER_YEAR``); the commissioned
satellites are binned on it and convolved with the survival curve by FFT, so a batch costs the
same for 10 satellites as for 1,000,000; only the (few) batches are a Python loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

FINE_STEPS_PER_YEAR = 365  # the fine grid on which the threshold is watched: daily
MAX_FINE_STEPS = 8192  # a 50-year horizon is watched every 2.2 days
MAX_BATCHES = 2000  # past this, replenishment stops (``truncated``): a threshold near 1 with a
#                     high failure rate would relaunch every few days for decades

Survival = Callable[[np.ndarray], np.ndarray]  # age after commissioning, yr -> working fraction


@dataclass(frozen=True)
class Replenishment:
    """The replacement launches of one shell and what they buy.

    Per replacement launch (R,): ``launch_years`` and ``satellites`` aboard (the same shape as
    deployment.Cohorts, so evaluate counts them as more cohorts). Per batch (B,):
    ``batch_years`` (its first launch), ``batch_satellites``, ``batch_launches``. On the caller's
    grid ``time_years`` (M,): ``working_fraction`` with replacements (the sawtooth) and
    ``working_fraction_without`` (the initial deployment alone). Costs: hardware at
    ``satellite_cost_usd`` a satellite, each launch at ``launch_cost_usd``."""

    launch_years: np.ndarray
    satellites: np.ndarray
    batch_years: np.ndarray
    batch_satellites: np.ndarray
    batch_launches: np.ndarray
    time_years: np.ndarray
    working_fraction: np.ndarray
    working_fraction_without: np.ndarray
    satellite_cost_usd: float
    launch_cost_usd: float
    truncated: bool = False  # MAX_BATCHES reached: later losses are not replaced

    @property
    def replacement_satellites(self) -> float:
        return float(self.satellites.sum())

    @property
    def replacement_launches(self) -> int:
        return int(self.launch_years.size)

    @property
    def cost_usd(self) -> float:
        """Hardware and launches of every replacement within the horizon, USD."""
        return self.replacement_satellites * self.satellite_cost_usd + self.replacement_launches * self.launch_cost_usd

    def cumulative_cost_usd(self, years) -> np.ndarray:
        """Replacement cost spent by each date of ``years`` (paid at launch), USD."""
        t = np.asarray(years, dtype=float)
        paid = self.satellites * self.satellite_cost_usd + self.launch_cost_usd
        return (t[..., None] >= self.launch_years).astype(float) @ paid


def none(years) -> Replenishment:
    """No replacements (policy 'none')."""
    t = np.asarray(years, dtype=float)
    e = np.zeros(0)
    return Replenishment(e, e, e, e, np.zeros(0, dtype=int), t, np.full_like(t, np.nan), np.full_like(t, np.nan),
                         0.0, 0.0)


def launch_slots(first_launch_years: float, launches_per_year: float, horizon_years: float) -> np.ndarray:
    """Times of the plan's launch opportunities within the horizon, yr (deployment.py's grid)."""
    n = int(np.floor((horizon_years - first_launch_years) * launches_per_year + 1e-9)) + 1
    return first_launch_years + np.arange(max(n, 0)) / launches_per_year


def working(at_years, launch_years, satellites, survival: Survival, commissioning_years: float) -> np.ndarray:
    """Working satellite-equivalents at ``at_years`` (any shape) of cohorts launched at
    ``launch_years`` (L,) with ``satellites`` (L,) aboard: Σ n·S(t − launch − commissioning)."""
    t = np.asarray(at_years, dtype=float)
    age = t[..., None] - (np.asarray(launch_years, dtype=float) + commissioning_years)
    s = np.where(age >= 0.0, survival(np.maximum(age, 0.0)), 0.0)
    return s @ np.asarray(satellites, dtype=float)


def commissioned(at_years, launch_years, satellites, commissioning_years: float) -> np.ndarray:
    """Satellites of the initial deployment commissioned by ``at_years``."""
    t = np.asarray(at_years, dtype=float)
    on = t[..., None] >= np.asarray(launch_years, dtype=float) + commissioning_years
    return on.astype(float) @ np.asarray(satellites, dtype=float)


class _FineGrid:
    """Commissioned satellites binned on a uniform grid (split linearly between the two nearest
    points) and their working capacity Σ bins ⊛ S by FFT."""

    def __init__(self, horizon_years: float, survival: Survival):
        steps = int(min(max(np.ceil(horizon_years * FINE_STEPS_PER_YEAR), 2), MAX_FINE_STEPS))
        self.t = np.linspace(0.0, horizon_years, steps + 1)
        self.h = self.t[1] - self.t[0]
        n = self.t.size
        self.size = 1 << int(np.ceil(np.log2(2 * n)))
        self.s_hat = np.fft.rfft(survival(self.t - self.t[0]), self.size)
        self.bins = np.zeros(n)
        self.target = np.zeros(n)

    def _split(self, when, count, into) -> None:
        p = (np.asarray(when, dtype=float) - self.t[0]) / self.h
        keep = p <= self.t.size - 1
        p, count = p[keep], np.asarray(count, dtype=float)[keep]
        p = np.maximum(p, 0.0)
        i = np.minimum(np.floor(p).astype(int), self.t.size - 2)
        w = p - i
        np.add.at(into, i, count * (1 - w))
        np.add.at(into, i + 1, count * w)

    def add(self, commissioned_years, satellites, initial: bool = False) -> None:
        self._split(commissioned_years, satellites, self.bins)
        if initial:
            self._split(commissioned_years, satellites, self.target)

    def fraction(self) -> np.ndarray:
        cap = np.fft.irfft(np.fft.rfft(self.bins, self.size) * self.s_hat, self.size)[: self.t.size]
        target = np.cumsum(self.target)
        return np.where(target > 0.5, cap / np.maximum(target, 1e-300), 1.0)


def keep_above(launch_years, satellites, survival: Survival, *, threshold: float, satellites_per_launch: int,
               first_launch_years: float, launches_per_year: float, commissioning_years: float,
               horizon_years: float, years, busy_years=(), satellite_cost_usd: float = 0.0,
               launch_cost_usd: float = 0.0) -> Replenishment:
    """Replacement batches that keep the shell's working fraction at or above ``threshold``.

    ``launch_years``, ``satellites`` (L,): the shell's initial launches and satellites aboard.
    ``survival(age)``: working fraction of a satellite ``age`` years after its commissioning
    (vectorised; e.g. exp(−λ·age), 0 past the dose or re-entry life). ``busy_years``: launch
    times already taken (other shells, earlier replacements). ``years`` (M,): the grid of the
    returned working-fraction curves."""
    years = np.asarray(years, dtype=float)
    launch_years = np.asarray(launch_years, dtype=float)
    satellites = np.asarray(satellites, dtype=float)
    c, per_launch = float(commissioning_years), max(int(satellites_per_launch), 1)
    slots = launch_slots(first_launch_years, launches_per_year, horizon_years)
    free = np.ones(slots.size, dtype=bool)
    taken = np.concatenate([launch_years, np.asarray(busy_years, dtype=float).reshape(-1)])
    k = np.rint((taken - first_launch_years) * launches_per_year).astype(int)
    free[k[(k >= 0) & (k < slots.size)]] = False

    grid = _FineGrid(horizon_years, survival)
    grid.add(launch_years + c, satellites, initial=True)
    new_t, new_n, b_t, b_n, b_l = [], [], [], [], []
    truncated, start = False, 0
    fresh = float(np.asarray(survival(np.zeros(1)))[0])
    while launch_years.size and fresh > threshold:
        if len(b_t) >= MAX_BATCHES:
            truncated = True
            break
        frac = grid.fraction()
        below = np.flatnonzero(frac[start:] < threshold)
        if not below.size:
            break
        j = start + int(below[0])
        u = grid.t[j]  # when the shell would fall to the threshold (linear between samples)
        if j > start and frac[j - 1] > frac[j]:
            u = grid.t[j - 1] + grid.h * (frac[j - 1] - threshold) / (frac[j - 1] - frac[j])
        first = int(np.searchsorted(slots, u - c - 1e-9))
        open_slots = np.flatnonzero(free[first:]) + first
        if not open_slots.size:
            break
        all_t = np.concatenate([launch_years, *new_t])
        all_n = np.concatenate([satellites, *new_n])
        launches = 1
        for _ in range(8):  # the batch's size fixes its launches, which fix its last commissioning
            end = slots[open_slots[min(launches, open_slots.size) - 1]] + c
            lost = (commissioned(end, launch_years, satellites, c)
                    - working(end, all_t, all_n, survival, c))
            need = max(int(np.ceil(lost - 1e-6)), 0)
            more = min(-(-need // per_launch), open_slots.size)
            if more <= launches:
                break
            launches = more
        if need == 0:  # commissioning of the initial deployment makes up for it: look further on
            start = max(j + 1, int(np.searchsorted(grid.t, end)))
            if start >= grid.t.size:
                break
            continue
        launches = min(-(-need // per_launch), open_slots.size)
        use = open_slots[:launches]
        aboard = np.full(launches, float(per_launch))
        aboard[-1] = min(need - per_launch * (launches - 1), per_launch)
        free[use] = False
        new_t.append(slots[use])
        new_n.append(aboard)
        b_t.append(slots[use[0]])
        b_n.append(aboard.sum())
        b_l.append(launches)
        grid.add(slots[use] + c, aboard)
        start = max(j, int(np.searchsorted(grid.t, slots[use[-1]] + c)))
        if start >= grid.t.size:
            break

    rt = np.concatenate(new_t) if new_t else np.zeros(0)
    rn = np.concatenate(new_n) if new_n else np.zeros(0)
    target = commissioned(years, launch_years, satellites, c)
    safe = np.maximum(target, 1e-300)
    without = np.where(target > 0, working(years, launch_years, satellites, survival, c) / safe, np.nan)
    with_ = np.where(target > 0, working(years, np.concatenate([launch_years, rt]),
                                         np.concatenate([satellites, rn]), survival, c) / safe, np.nan)
    return Replenishment(rt, rn, np.asarray(b_t, dtype=float), np.asarray(b_n, dtype=float),
                         np.asarray(b_l, dtype=int), years, with_, without, float(satellite_cost_usd),
                         float(launch_cost_usd), truncated)


def for_shell(plan, horizon_years: float, years, launch_years, satellites, survival: Survival,
              satellite_cost_usd: float, busy_years=()) -> Replenishment:
    """The plan's policy for one shell's initial launches (deployment.Cohorts' arrays); each launch
    costs the vehicle's full capacity at its price, as in evaluate."""
    if plan.replenishment == "none" or not len(launch_years):
        return none(years)
    return keep_above(
        launch_years, satellites, survival, threshold=plan.replenish_threshold,
        satellites_per_launch=int(np.max(satellites)), first_launch_years=plan.first_launch_years,
        launches_per_year=plan.launches_per_year, commissioning_years=plan.commissioning_years,
        horizon_years=horizon_years, years=years, busy_years=busy_years, satellite_cost_usd=satellite_cost_usd,
        launch_cost_usd=plan.capacity_kg * plan.cost_usd_per_kg)


def kpis(plan, results: list[Replenishment], co2e_kg: float | None = None) -> dict:
    """'replacement_satellites', 'replacement_launches' and 'replacement_cost_usd' (USD) over the
    fleet: None with policy 'none', as other optional KPIs. With replacements, ``co2e_kg`` (the
    initial launches' CO2e, kg; None when the plan states no figure) comes back as 'co2e_kg' with
    the replacement launches' CO2e added."""
    if plan.replenishment == "none":
        return {"replacement_satellites": None, "replacement_launches": None, "replacement_cost_usd": None}
    launches = sum(r.replacement_launches for r in results)
    out = {
        "replacement_satellites": float(sum(r.replacement_satellites for r in results)),
        "replacement_launches": float(launches),
        "replacement_cost_usd": float(sum(r.cost_usd for r in results)),
    }
    if co2e_kg is not None and plan.co2e_kg_per_kg is not None:
        out["co2e_kg"] = co2e_kg + launches * plan.capacity_kg * plan.co2e_kg_per_kg
    return out
