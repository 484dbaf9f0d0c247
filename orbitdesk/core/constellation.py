"""Shells as arrays: every satellite's elements, and one representative satellite per plane.

The symmetry of a shell (MODEL.md 1): satellites of one circular plane see the same illumination,
shifted in time, so one orbit of one satellite per plane stands for the whole plane. A shell of
1,000,000 satellites in 1,000 planes is evaluated as 1,000 timelines. TLE sets have no such
symmetry: each satellite is its own representative.

At most ``MAX_REPRESENTATIVES`` represent a shell: a shell of more planes (or a TLE set of more
satellites) is represented by that many, spread evenly over its planes (over the file's order for
a TLE set), each standing for its share of the satellites. Memory and time of the one-orbit stage
then stay bounded (a 100,000-plane shell took over 7 GB); shells within the limit are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np

from orbitdesk.core import orbits
from orbitdesk.core.ephemeris import gcrs_to_teme, times
from orbitdesk.model.scenario import PlacedSatellite, SunSyncShell, TLESet, WalkerShell, Workload
from orbitdesk.model.tle import parse_tle, satrecs

_NO_WORKLOAD = Workload()


def orbit_key(shell):
    """The shell as far as its satellites' motion goes: its name, the design it flies and its
    workload play no part, so a rename, a design or a workload edit finds the cached geometry."""
    return shell.model_copy(update={"name": "-", "design": "-", "workload": _NO_WORKLOAD})


MAX_REPRESENTATIVES = 1_000  # timelines per shell: the 1,000,000-satellite preset's 1,000 planes


def shell_elements(shell, epoch: datetime) -> orbits.CircularElements:
    """Elements of every satellite of a circular shell, shape (planes, per_plane)."""
    if isinstance(shell, WalkerShell):
        return orbits.walker_elements(shell.altitude_km, shell.inclination_deg,
                                      shell.total_satellites, shell.planes, shell.phasing,
                                      shell.raan_offset_deg)
    if isinstance(shell, SunSyncShell):
        return orbits.sso_elements(shell.altitude_km, shell.ltan_hours, shell.planes,
                                   shell.satellites_per_plane, shell.plane_spacing_deg,
                                   orbits.sun_right_ascension_rad(epoch))
    if isinstance(shell, PlacedSatellite):
        return orbits.placed_elements(epoch, shell.latitude_deg, shell.longitude_deg,
                                      shell.altitude_km, shell.inclination_deg,
                                      shell.pass_direction == "ascending")
    raise TypeError(f"{type(shell).__name__} has no circular elements")


@dataclass(frozen=True)
class Representatives:
    """One representative satellite per plane (or per TLE satellite)."""

    weights: np.ndarray  # (P,) satellites each representative stands for
    period_s: float
    elements: orbits.CircularElements | None  # (P,) for circular shells
    tle: tuple | None = None  # TLE records for TLE sets
    epoch: datetime | None = None

    @property
    def count(self) -> int:
        return len(self.weights)

    def subset(self, max_count: int) -> Representatives:
        """At most max_count representatives, evenly spread; weights rescaled to the same total."""
        if self.count <= max_count:
            return self
        idx = np.unique(np.linspace(0, self.count - 1, max_count).round().astype(int))
        picked = self.take(idx)
        return Representatives(picked.weights * (self.weights.sum() / picked.weights.sum()),
                               picked.period_s, picked.elements, picked.tle, picked.epoch)

    def take(self, idx: np.ndarray) -> Representatives:
        """The representatives at ``idx``, with their own weights."""
        el = self.elements.take(idx) if self.elements is not None else None
        tle = tuple(self.tle[i] for i in idx) if self.tle is not None else None
        return Representatives(self.weights[idx], self.period_s, el, tle, self.epoch)

    def positions_and_normals(self, t_s: np.ndarray):
        """Positions (3, ..., P, T) km and unit orbit normals, for t_s shaped (..., 1, T)."""
        if self.elements is not None:
            el = self.elements
            el = orbits.CircularElements(el.altitude_km[:, None], el.inclination_rad[:, None],
                                         el.raan_rad[:, None], el.arg_latitude_rad[:, None])
            return orbits.propagate(el, t_s), orbits.orbit_normal(el, t_s)
        return _sgp4_positions_and_normals(self.tle, self.epoch, t_s)


@lru_cache(maxsize=128)  # small values; as many as the shells a scenario may hold (MAX_SHELLS)
def representatives(shell, epoch: datetime) -> Representatives:
    """Cached (shell and epoch are immutable): evaluate, the globe's rings and samples share it.
    At most MAX_REPRESENTATIVES, evenly spread (``represented_by`` maps a plane to its own)."""
    if isinstance(shell, TLESet):
        return _all_tle(shell, epoch).subset(MAX_REPRESENTATIVES)
    el = shell_elements(shell, epoch)
    planes, per_plane = el.shape
    idx = spread(planes, MAX_REPRESENTATIVES)
    return Representatives(np.full(idx.size, planes * per_plane / idx.size),
                           float(orbits.period_s(el.altitude_km[0, 0])), el.take((idx, 0)))


@lru_cache(maxsize=8)
def _all_tle(shell: TLESet, epoch: datetime) -> Representatives:
    """Every satellite of a TLE set as its own representative (the globe draws from these)."""
    recs = parse_tle(shell.tle_text)
    n_rad_min = np.array([sat.no_kozai for sat in satrecs(shell.tle_text)])
    period = float(np.mean(2 * np.pi / n_rad_min) * 60.0)
    return Representatives(np.ones(len(recs)), period, None, recs, epoch)


def represented_by(members: np.ndarray, count: int) -> np.ndarray:
    """For plane (or TLE satellite) indices of a shell of ``count``, the index of the
    representative standing for each: the nearest one of ``spread(count, MAX_REPRESENTATIVES)``."""
    idx = spread(count, MAX_REPRESENTATIVES)
    if idx.size == count:
        return np.asarray(members)
    right = np.clip(np.searchsorted(idx, members), 1, idx.size - 1)
    left = right - 1
    return np.where(members - idx[left] <= idx[right] - members, left, right)


def _sgp4_positions_and_normals(tle, epoch: datetime, t_s: np.ndarray):
    """SGP4 (vectorised SatrecArray) in TEME, rotated into GCRS to match the Sun vector."""
    r_g, v_g = sgp4_states(tle, epoch, t_s)
    h = np.cross(r_g, v_g, axis=0)
    return r_g, h / np.linalg.norm(h, axis=0)


def sgp4_states(tle, epoch: datetime, t_s: np.ndarray):
    """GCRS positions (3, ..., S, T) km and velocities km/s from SGP4, for t_s shaped (..., 1, T)."""
    from sgp4.api import Satrec, SatrecArray

    t_s = np.asarray(t_s, dtype=float)
    lead, T = t_s.shape[:-2], t_s.shape[-1]
    flat = np.broadcast_to(t_s, lead + (1, T)).reshape(-1)
    t = times(epoch, flat)
    sats = SatrecArray([Satrec.twoline2rv(r.line1, r.line2) for r in tle])
    # SGP4 takes UTC Julian dates, split in whole + fraction (as skyfield's EarthSatellite does)
    jd = np.broadcast_to(t.whole, flat.shape)
    fraction = t.tai_fraction - t._leap_seconds() / 86400.0
    _, r, v = sats.sgp4(np.ascontiguousarray(jd), np.ascontiguousarray(fraction))
    # a decayed satellite comes back as NaN; orbit_sim.sample_sunlight treats it as dark
    R = gcrs_to_teme(epoch, flat)  # (3, 3, N), GCRS -> TEME
    r_g = np.einsum("jin,snj->isn", R, r)  # TEME -> GCRS: R^T r
    v_g = np.einsum("jin,snj->isn", R, v)  # the rotation's own rate (precession) is below 1 mm/s
    S = len(tle)

    def arrange(a):  # (3, S, N) -> (3, ..., S, T)
        return np.moveaxis(a.reshape((3, S) + lead + (T,)), 1, -2)

    return arrange(r_g), arrange(v_g)


def spread(n: int, keep: int) -> np.ndarray:
    """At most ``keep`` indices of ``range(n)``, evenly spread."""
    return np.unique(np.linspace(0, n - 1, max(min(keep, n), 1)).round().astype(int))


@dataclass(frozen=True)
class ShellSample:
    """Up to ``keep`` satellites of a shell, spread evenly over its planes and phases (the globe
    draws them; the ground segment samples them)."""

    reps: Representatives  # the shell's representatives (as evaluate's timelines)
    plane: np.ndarray  # (N,) index into reps of each sampled satellite's representative
    elements: orbits.CircularElements | None  # (N,) for circular shells, None for TLE sets
    tle: tuple | None = None  # (N,) the sampled satellites' records, for TLE sets

    @property
    def count(self) -> int:
        return self.plane.size

    def positions_km(self, t_s) -> np.ndarray:
        """GCRS positions (3, N, T) at the times t_s (T,)."""
        t = np.asarray(t_s, dtype=float).reshape(1, -1)
        if self.elements is None:
            return _sgp4_positions_and_normals(self.tle, self.reps.epoch, t)[0]
        el = self.elements
        return orbits.propagate(orbits.CircularElements(
            el.altitude_km[:, None], el.inclination_rad[:, None], el.raan_rad[:, None],
            el.arg_latitude_rad[:, None]), t)


@lru_cache(maxsize=32)
def sample_shell(shell, epoch: datetime, keep: int) -> ShellSample:
    """Cached: the globe asks for the same sample every animation frame, and building it means
    generating every element of the shell (1,000,000 for the largest preset)."""
    reps = representatives(shell, epoch)
    if isinstance(shell, TLESet):
        every = _all_tle(shell, epoch)
        picked = spread(every.count, keep)
        return ShellSample(reps, represented_by(picked, every.count), None,
                           tuple(every.tle[i] for i in picked))
    el = shell_elements(shell, epoch)  # (planes, per_plane)
    planes, per_plane = el.shape
    rows = spread(planes, max(1, int(np.sqrt(keep * planes / per_plane))))
    cols = spread(per_plane, max(1, keep // rows.size))
    sel = el.take(np.ix_(rows, cols))
    flat = orbits.CircularElements(*(getattr(sel, f).reshape(-1) for f in
                                     ("altitude_km", "inclination_rad", "raan_rad", "arg_latitude_rad")))
    return ShellSample(reps, np.repeat(represented_by(rows, planes), cols.size), flat)
