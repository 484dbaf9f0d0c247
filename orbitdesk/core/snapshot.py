"""Where every satellite is at one instant: what the globe draws (Qt-free, arrays in and out).

``snapshot(scenario, t_s)`` gives GCRS positions, the sunlit mask and, for each satellite, the
representative (plane) it belongs to and the time within that representative's epoch orbit that
matches its position now, so the globe can colour it by the throttle the compute core found.
Large shells are thinned evenly to ``max_points`` in all; the counts say how many are shown.

``globe_frame(scenario, t_s, max_points)`` is everything the globe draws at one instant (the
snapshot and the orbit rings as line segments): one job for the GUI's compute worker, so the
animation never computes on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitdesk.core import orbits
from orbitdesk.core.constants import R_EARTH_KM
from orbitdesk.core.constellation import representatives, sample_shell, spread
from orbitdesk.core.ephemeris import gcrs_to_itrs, sun_position_km
from orbitdesk.core.sun import sunlit_mask
from orbitdesk.model.scenario import Scenario


@dataclass(frozen=True)
class Snapshot:
    t_s: float  # since the scenario epoch
    positions_km: np.ndarray  # (3, N) GCRS
    sunlit: np.ndarray  # (N,) bool
    shell: np.ndarray  # (N,) index into scenario.shells
    plane: np.ndarray  # (N,) index of the representative (Results.orbits[shell] row)
    phase_s: np.ndarray  # (N,) matching time within the representative's epoch orbit
    shown: tuple[int, ...]  # satellites drawn per shell
    total: tuple[int, ...]  # satellites per shell
    sun_km: np.ndarray  # (3,) GCRS
    gcrs_to_itrs: np.ndarray  # (3, 3)


def _budget(totals: list[int], max_points: int) -> list[int]:
    total = sum(totals)
    if total <= max_points:
        return totals
    return [max(1, int(max_points * n / total)) for n in totals]


def snapshot(scenario: Scenario, t_s: float, max_points: int = 200_000) -> Snapshot:
    epoch = scenario.epoch
    t = np.asarray(float(t_s))
    totals = [s.satellite_count for s in scenario.shells]
    keep = _budget(totals, max_points)
    pos, shell_i, plane_i, phase = [], [], [], []
    for i, (shell, k) in enumerate(zip(scenario.shells, keep, strict=True)):
        sample = sample_shell(shell, epoch, k)
        pos.append(sample.positions_km(t)[:, :, 0])
        plane_i.append(sample.plane)
        period = sample.reps.period_s
        if sample.elements is None:  # TLE: each satellite is its own representative
            phase.append(np.full(sample.count, float(t) % period))
        else:
            # a satellite Δu ahead of its plane's representative is where the representative will
            # be Δu / u̇ later (u̇: J2 rate of the argument of latitude)
            el = sample.elements
            du = (el.arg_latitude_rad - sample.reps.elements.arg_latitude_rad[sample.plane]) % (2 * np.pi)
            _, u_dot = orbits.j2_rates_rad_s(el.altitude_km[0], el.inclination_rad[0])
            u_dot = float(u_dot)
            phase.append((t + du / u_dot) % (2 * np.pi / u_dot))
        shell_i.append(np.full(sample.count, i))
    positions = np.concatenate(pos, axis=1)
    shell_of = np.concatenate(shell_i)
    known = np.isfinite(positions).all(axis=0)  # SGP4 gives NaN for a decayed satellite: not drawn
    positions, shell_of = positions[:, known], shell_of[known]
    sun_km = sun_position_km(epoch, t.reshape(1))[:, 0]
    return Snapshot(
        t_s=float(t_s), positions_km=positions, sunlit=sunlit_mask(positions, sun_km[:, None]),
        shell=shell_of, plane=np.concatenate(plane_i)[known], phase_s=np.concatenate(phase)[known],
        shown=tuple(int(np.sum(shell_of == i)) for i in range(len(totals))), total=tuple(totals),
        sun_km=sun_km,
        gcrs_to_itrs=gcrs_to_itrs(epoch, t.reshape(1))[:, :, 0],
    )


def orbit_rings(scenario: Scenario, t_s: float, samples: int = 120,
                max_planes: int = 48) -> list[np.ndarray]:
    """Per shell, the orbit of up to ``max_planes`` planes at t_s: (3, planes, samples + 1) km GCRS,
    closed (the last sample repeats the first). TLE satellites each draw their own orbit."""
    out = []
    for shell in scenario.shells:
        reps = representatives(shell, scenario.epoch)
        reps = reps.take(spread(reps.count, max_planes))
        tt = float(t_s) + np.linspace(0.0, reps.period_s, samples + 1)
        r, _ = reps.positions_and_normals(tt.reshape(1, -1))
        r[:, :, -1] = r[:, :, 0]
        out.append(r)
    return out


@dataclass(frozen=True)
class RingLines:
    """The orbit rings as one line set, in Earth radii: ``vertices`` (M, 3) float32, ``segments``
    (K, 2) vertex index pairs, ``shell`` (M,) the shell each vertex belongs to. Rings with a
    position SGP4 could not give (a decayed satellite) are left out."""

    vertices: np.ndarray
    segments: np.ndarray
    shell: np.ndarray


def ring_lines(rings: list[np.ndarray]) -> RingLines:
    vertices, segments, shell_of, start = [], [], [], 0
    for i, r in enumerate(rings):
        r = r[:, np.isfinite(r).all(axis=(0, 2))]
        planes, n = r.shape[1], r.shape[2]
        if planes == 0:
            continue
        idx = np.arange(planes * n).reshape(planes, n) + start
        segments.append(np.stack([idx[:, :-1], idx[:, 1:]], axis=-1).reshape(-1, 2))
        vertices.append(np.moveaxis(r, 0, -1).reshape(-1, 3) / R_EARTH_KM)
        shell_of.append(np.full(planes * n, i))
        start += planes * n
    if not vertices:
        return RingLines(np.zeros((0, 3), np.float32), np.zeros((0, 2), np.int64), np.zeros(0, np.int64))
    return RingLines(np.concatenate(vertices).astype(np.float32), np.concatenate(segments),
                     np.concatenate(shell_of))


@dataclass(frozen=True)
class GlobeFrame:
    scenario: Scenario  # the scenario it was computed for (a result for an older one is stale)
    snapshot: Snapshot
    rings: RingLines


def globe_frame(scenario: Scenario, t_s: float, max_points: int = 200_000) -> GlobeFrame:
    return GlobeFrame(scenario, snapshot(scenario, t_s, max_points), ring_lines(orbit_rings(scenario, t_s)))
