"""The data segment (README, "The data segment"): what the ground links carry, what the workloads
need, and the round trip from users to the compute.

Over one day from the epoch every ``ground.GROUND_STEP_S``, for ``ground.GROUND_SATELLITES``
satellites per shell (each standing for its share of the shell), as the ground segment samples:

* **Capacity.** At each step each station's antennas (``GroundStation.antennas``) serve the
  satellites in view with the best RF rates (``links.rf_downlink_bps`` at their slant range and
  elevation), one satellite per antenna; a station with a telescope adds its best optical link
  times its clear-sky fraction. A step's capacity is what the antennas carry; the day's is their
  sum. Inter-satellite links relay any satellite's data to one in view, and storage on board is
  taken to hold a day's data, so the day's volume is set by the stations (a satellite's own
  passes would set it only if the fleet were smaller than the antennas).
* **Need.** A shell's delivered FLOP/s at full deployment (the mission life's highest) times its
  workload's bits per FLOP (``model.scenario.Workload``), for its class and, for comparison, for
  the other.
* **Round trip** to the first user region (``Network.users``): fibre from the users to a station
  (great circle × ``route_factor``, at c / ``fiber_group_index``), up to the nearest satellite in
  view and back, plus ``processing_ms``; the best station at each step; none in view: no answer.
  A terrestrial site's is the fibre both ways plus the same processing.
* **Useful compute.** Training: the share of its need the capacity carries. Inference: also the
  share of the fleet that answers within ``latency_budget_ms``: the satellites in view of a
  station within the budget and, with inter-satellite links, their neighbours along the plane
  that the rest of the budget reaches (hops of the in-plane spacing, if the links reach that far).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from orbitdesk.core import links
from orbitdesk.core.constants import C_KM_S, R_EARTH_KM
from orbitdesk.core.constellation import orbit_key, sample_shell
from orbitdesk.core.ground import (
    GROUND_SATELLITES,
    GROUND_SPAN_S,
    GROUND_STEP_S,
    earth_fixed_rotations,
    station_itrs_km,
    visibility,
)
from orbitdesk.core.results import DataDay
from orbitdesk.model.scenario import SunSyncShell, WalkerShell

DAY_S = 86_400.0
KPI_KEYS = ("downlink_bits_per_day", "data_need_bits_per_day", "training_need_bits_per_day",
            "inference_need_bits_per_day", "data_carried_share", "latency_share", "useful_compute_share",
            "user_round_trip_p50_s", "user_round_trip_p95_s", "user_answered_share")
MEAN_EARTH_RADIUS_KM = 6_371.0088  # IUGG mean radius: great-circle distances on the ground


def great_circle_km(lat1_deg, lon1_deg, lat2_deg, lon2_deg):
    """Haversine distance on the mean sphere, km."""
    p1, p2 = np.radians(lat1_deg), np.radians(lat2_deg)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2_deg, float) - lon1_deg)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2.0 * MEAN_EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def fibre_one_way_s(network, user, lat_deg, lon_deg):
    """One-way time through fibre from ``user`` to a point, s."""
    km = great_circle_km(user.latitude_deg, user.longitude_deg, lat_deg, lon_deg) * network.route_factor
    return km * network.fiber_group_index / C_KM_S


def site_round_trip_s(network, site) -> float:
    """Users (the first region) to a terrestrial site and back, with the processing, s."""
    return float(2.0 * fibre_one_way_s(network, network.users[0], site.latitude_deg, site.longitude_deg)
                 + network.processing_ms * 1e-3)


@dataclass(frozen=True)
class DaySample:
    """One day of the sampled fleet against the stations."""

    time_s: np.ndarray  # (T,)
    weight: np.ndarray  # (S,) satellites each sample stands for
    shell: np.ndarray  # (S,) index of its shell
    served_bps: np.ndarray  # (S, T) downlink each sample is given by the stations (per satellite)
    capacity_bps: np.ndarray  # (G, T) what each station carries
    round_trip_s: np.ndarray  # (T,) users -> best station -> nearest satellite in view -> back (inf: none)
    entry_round_trip_s: np.ndarray  # (S, T) the round trip through each sample itself (inf: not in view)


def _spacing_km(shell) -> float | None:
    """In-plane spacing of a circular shell's satellites, km (None: a TLE set or one satellite)."""
    if isinstance(shell, SunSyncShell):
        per_plane = shell.satellites_per_plane
    elif isinstance(shell, WalkerShell):
        per_plane = shell.total_satellites / shell.planes
    else:
        return None
    return 2.0 * np.pi * (R_EARTH_KM + shell.altitude_km) / per_plane if per_plane > 1 else None


def day_sample(scenario) -> DaySample | None:
    """The day of links and round trips (None without ground stations)."""
    return _day_sample(scenario.epoch, tuple(map(orbit_key, scenario.shells)),
                       tuple(scenario.design(s.design).links for s in scenario.shells),
                       tuple(g.model_copy(update={"name": "-", "cost_usd_per_year": 0.0})
                             for g in scenario.ground_stations),
                       scenario.network)


@lru_cache(maxsize=8)
def _day_sample(epoch, shells, shell_links, stations, network) -> DaySample | None:
    if not stations:
        return None
    t = np.arange(0.0, GROUND_SPAN_S, GROUND_STEP_S)
    rot = earth_fixed_rotations(epoch, t)
    gs, up = station_itrs_km([g.latitude_deg for g in stations], [g.longitude_deg for g in stations])
    positions, weights, which, per_link = [], [], [], []
    for i, (shell, lk) in enumerate(zip(shells, shell_links, strict=True)):
        sample = sample_shell(shell, epoch, GROUND_SATELLITES)
        r = np.einsum("ijt,jst->ist", rot, sample.positions_km(t))  # (3, S, T) Earth-fixed
        positions.append(r)
        weights.append(np.full(r.shape[1], shell.satellite_count / sample.count))
        which.append(np.full(r.shape[1], i))
        per_link += [lk] * r.shape[1]
    r, w, which = np.concatenate(positions, axis=1), np.concatenate(weights), np.concatenate(which)
    S, T = r.shape[1:]
    known = np.isfinite(r).all(axis=0)
    r = np.where(known, r, 0.0)
    served = np.zeros((S, T))
    capacity = np.zeros((len(stations), T))
    user = network.users[0]
    best_rtt = np.full(T, np.inf)
    entry_rtt = np.full((S, T), np.inf)
    groups = [(lk, np.array([x == lk for x in per_link])) for lk in set(per_link)]  # the designs' terminals
    for g, station in enumerate(stations):
        v = visibility(r, gs[:, g:g + 1], up[:, g:g + 1], [station.min_elevation_deg])
        rng, sin_el = v.range_km[..., 0], v.sin_elevation[..., 0]
        seen = known & v.visible[..., 0]
        rate, optical = np.zeros((S, T)), np.zeros((S, T))
        for lk, rows in groups:
            rate[rows] = np.where(seen[rows], links.rf_downlink_bps(lk, station, rng[rows], sin_el[rows]), 0.0)
            optical[rows] = np.where(seen[rows], links.optical_downlink_bps(lk, station, rng[rows]), 0.0)
        served_g = _fill_antennas(rate, w, station.antennas)
        served_g += _fill_antennas(optical, w, 1 if station.optical_aperture_m > 0 else 0) * station.clear_sky_fraction
        served += served_g
        capacity[g] = (served_g * w[:, None]).sum(axis=0)
        # an answer goes through this station only over a link it can hold: an antenna and an RF
        # link that closes, or its telescope under a clear sky
        linked = seen & (((rate > 0) & (station.antennas > 0))
                         | ((optical > 0) & (station.optical_aperture_m > 0) & (station.clear_sky_fraction > 0)))
        ground_s = 2.0 * fibre_one_way_s(network, user, station.latitude_deg, station.longitude_deg)
        through = np.where(linked, ground_s + 2.0 * rng / C_KM_S + network.processing_ms * 1e-3, np.inf)
        entry_rtt = np.minimum(entry_rtt, through)
        best_rtt = np.minimum(best_rtt, through.min(axis=0))
    out = DaySample(t, w, which, served, capacity, best_rtt, entry_rtt)
    for f in (t, w, which, served, capacity, best_rtt, entry_rtt):
        f.flags.writeable = False  # cached and shared
    return out


def _fill_antennas(rate: np.ndarray, weight: np.ndarray, antennas: int) -> np.ndarray:
    """Per-satellite rate (S, T) each sample is given when ``antennas`` antennas take the best
    rates first (a sample stands for ``weight`` satellites; the last one it fills may be part)."""
    if antennas <= 0:
        return np.zeros_like(rate)
    order = np.argsort(-rate, axis=0, kind="stable")  # best first, per step
    w_sorted = weight[order]
    before = np.cumsum(w_sorted, axis=0) - w_sorted  # satellites served ahead of this sample
    share = np.clip(antennas - before, 0.0, w_sorted) / w_sorted  # of its satellites, 0..1
    out = np.empty_like(rate)
    np.put_along_axis(out, order, np.take_along_axis(rate, order, axis=0) * share, axis=0)
    return out


def _percentile(x: np.ndarray, q: float) -> float | None:
    """The q-th percentile of a day's round trips (inf: no answer); None if no step answers."""
    if not np.isfinite(x).any():
        return None
    v = float(np.percentile(x, q, method="inverted_cdf"))
    return v if np.isfinite(v) else None


def _reach_share(shell, lk, workload, entry_rtt: np.ndarray, weight: np.ndarray) -> float:
    """Share of the shell's satellite-steps that answer within the latency budget: those in view
    (through the best station) and, with inter-satellite links, ``2·k`` neighbours along the
    plane each, k hops of the in-plane spacing fitting in what the budget leaves."""
    budget = workload.latency_budget_ms * 1e-3
    within = entry_rtt <= budget  # (S, T)
    spacing = _spacing_km(shell)
    if lk.isl_terminals >= 2 and spacing is not None and spacing <= lk.isl_range_km:
        left = np.where(within, budget - entry_rtt, 0.0)
        hops = np.floor(left * C_KM_S / (2.0 * spacing))  # there and back per hop
        reached = np.where(within, 1.0 + 2.0 * hops, 0.0)
    else:
        reached = within.astype(float)
    return float(min(1.0, (weight[:, None] * reached).sum() / (shell.satellite_count * entry_rtt.shape[1])))


def data_day(scenario, day: DaySample | None) -> DataDay | None:
    """The first day's round trips and station capacities (``day``: ``day_sample``), for the
    Data tab (None without ground stations)."""
    if day is None:
        return None
    budget = next((s.workload.latency_budget_ms * 1e-3 for s in scenario.shells if s.workload.kind == "inference"),
                  None)
    return DataDay(day.time_s, day.round_trip_s, day.capacity_bps, tuple(g.name for g in scenario.ground_stations),
                   scenario.network.users[0].name, budget)


@dataclass(frozen=True)
class _Shares:
    """Per shell (S,): what the links carry and what the workload needs (bits/s), and the shares of
    the compute the data and the latency budget let the workload use."""

    carried_bps: np.ndarray
    need_bps: np.ndarray
    data: np.ndarray
    latency: np.ndarray

    @property
    def useful(self) -> np.ndarray:
        return np.minimum(self.data, self.latency)


def _shares(scenario, flop: np.ndarray, day: DaySample) -> _Shares:
    shells = scenario.shells
    carried = np.array([float((day.served_bps[day.shell == i] * day.weight[day.shell == i, None]).sum(axis=0).mean())
                        for i in range(len(shells))])
    need = np.array([f * s.workload.bits_per_flop for f, s in zip(flop, shells, strict=True)])
    data_share = np.where(need > 0, np.minimum(1.0, carried / np.where(need > 0, need, 1.0)), 1.0)
    latency_share = np.ones(len(shells))
    for i, s in enumerate(shells):
        if s.workload.kind == "inference":
            rows = day.shell == i
            latency_share[i] = _reach_share(s, scenario.design(s.design).links, s.workload,
                                            day.entry_round_trip_s[rows], day.weight[rows])
    return _Shares(carried, need, data_share, latency_share)


USEFUL_WARN = 0.5  # a shell whose data segment lets its workload use less than this share is warned about


def data_findings(scenario, shell_flop_per_s, day: DaySample | None) -> list:
    """A warning per shell whose workload can use less than ``USEFUL_WARN`` of the compute it
    delivers, naming what binds (the downlink or the latency budget) and the field that fixes it."""
    from orbitdesk.core.findings import Finding

    if day is None:
        return []
    shares = _shares(scenario, np.asarray(shell_flop_per_s, float), day)
    out = []
    for i, s in enumerate(scenario.shells):
        useful = float(shares.useful[i])
        if useful >= USEFUL_WARN or not float(np.asarray(shell_flop_per_s, float)[i]) > 0:
            continue
        design = [d.name for d in scenario.designs].index(s.design)
        head = f"shell {s.name!r}: its {s.workload.kind} workload can use only {100 * useful:.0f} % of the compute"
        if shares.data[i] <= shares.latency[i]:
            no_terminal = all(g.antennas == 0 and g.optical_aperture_m == 0 for g in scenario.ground_stations)
            out.append(Finding(
                f"{head}: the ground stations' links carry {shares.carried_bps[i] * DAY_S / 8e12:,.3g} TB a day of "
                f"the {shares.need_bps[i] * DAY_S / 8e12:,.3g} TB it needs " + (
                    "(no station has an antenna or a telescope for the fleet)" if no_terminal else
                    "(more RF power, optical terminals, or more stations and antennas)"),
                "ground_stations[0].antennas" if no_terminal else f"designs[{design}].links.rf_power_w"))
        else:
            out.append(Finding(
                f"{head}: the satellites answer users within the {s.workload.latency_budget_ms:g} ms budget only "
                f"{100 * float(shares.latency[i]):.0f} % of the time (a longer budget, inter-satellite links, or "
                "stations nearer the users)", f"shells[{i}].workload.latency_budget_ms"))
    return out


def data_segment_kpis(scenario, shell_flop_per_s, day: DaySample | None) -> tuple[dict, dict]:
    """(KPIs, notes) of the data segment; ``shell_flop_per_s`` each shell's delivered FLOP/s
    at full deployment, ``day`` the scenario's ``day_sample``. Every key None without ground
    stations."""
    if day is None:  # every key, none with a value: the segment has no station to carry anything
        return dict.fromkeys(KPI_KEYS), {"downlink_bits_per_day": "no ground station in the scenario"}
    shells = scenario.shells
    flop = np.asarray(shell_flop_per_s, float)
    capacity_bps = float(day.capacity_bps.sum(axis=0).mean())
    shares = _shares(scenario, flop, day)
    need = shares.need_bps
    train = np.array([f * s.workload.training_bits_per_flop for f, s in zip(flop, shells, strict=True)])
    infer = np.array([f * s.workload.inference_bits_per_flop for f, s in zip(flop, shells, strict=True)])
    data_share, latency_share, useful = shares.data, shares.latency, shares.useful
    weight = flop / flop.sum() if flop.sum() > 0 else np.full(len(shells), 1.0 / len(shells))
    kpis = {
        "downlink_bits_per_day": capacity_bps * DAY_S,
        "data_need_bits_per_day": float(need.sum()) * DAY_S,
        "training_need_bits_per_day": float(train.sum()) * DAY_S,
        "inference_need_bits_per_day": float(infer.sum()) * DAY_S,
        "data_carried_share": float(weight @ data_share),
        "latency_share": float(weight @ latency_share),
        "useful_compute_share": float(weight @ useful),
        "user_round_trip_p50_s": _percentile(day.round_trip_s, 50.0),
        "user_round_trip_p95_s": _percentile(day.round_trip_s, 95.0),
        "user_answered_share": float(np.isfinite(day.round_trip_s).mean()),
    }
    limits = []
    for i, s in enumerate(shells):
        if useful[i] < 1.0:
            limits.append(f"{s.name}: {'data' if data_share[i] <= latency_share[i] else 'latency'}")
    notes = {"useful_compute_share": "; ".join(limits) if limits else "power and heat bind, not data or latency",
             "user_round_trip_p50_s": f"to {scenario.network.users[0].name}",
             "user_round_trip_p95_s": f"to {scenario.network.users[0].name}"}
    answered = kpis["user_answered_share"]
    if kpis["user_round_trip_p95_s"] is None and answered > 0:
        notes["user_round_trip_p95_s"] = f"no satellite in view of a station {100 * (1 - answered):.0f} % of the day"
    return kpis, notes
