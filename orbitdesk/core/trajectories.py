"""Ephemerides of chosen satellites over a span: what the CZML and OEM exports write.

Positions come from the same propagators evaluate uses (J2 circular orbits, SGP4 for TLE sets),
in GCRS (km). Velocities: SGP4's own for TLE sets (a difference of SGP4 positions would carry the
47 µs resolution of a Julian date in one float, 0.4 m/s); for circular orbits a central difference
of ±``DIFF_S`` of the analytic positions (off by about (ωh)²/6 ≈ 5·10⁻⁸ of the speed).
Earth-fixed (ITRS) states turn both by the hourly skyfield rotation that the ground segment uses,
with the Earth's spin added to the velocity.

A shell of a million satellites is not written whole: up to ``max_satellites`` are picked, spread
evenly over its planes and over the slots of each (over the file's order for a TLE set), and each
is named by its plane and slot so that the reader can tell which it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from orbitdesk.core import orbits
from orbitdesk.core.constellation import _all_tle, sgp4_states, shell_elements, spread
from orbitdesk.core.ground import EARTH_ROTATION_RAD_S, earth_fixed_rotations
from orbitdesk.model.scenario import TLESet

DIFF_S = 0.5  # half the central difference's step
MAX_STATES = 500_000  # satellites × epochs in one export: about 50 MB of OEM text, 40 MB of CZML (seconds)
DEFAULT_SATELLITES = 12  # per shell


@dataclass(frozen=True)
class ShellTrajectories:
    """States of N satellites of one shell at T epochs; km and km/s, GCRS unless ``frame`` says."""

    shell: str
    names: tuple[str, ...]  # (N,) "Walker 53° 550 km P3 S7", or a TLE satellite's own name
    ids: tuple[str, ...]  # (N,) a stable identifier: "shell index-plane-slot", or the catalog number
    epoch: datetime
    t_s: np.ndarray  # (T,) seconds from the epoch
    position_km: np.ndarray  # (N, T, 3)
    velocity_km_s: np.ndarray  # (N, T, 3)
    frame: str = "GCRS"  # or "ITRS"
    period_s: float = 0.0

    def earth_fixed(self) -> ShellTrajectories:
        """The same states in ITRS (Earth-fixed): r' = R r, v' = R v − ω × r'."""
        if self.frame == "ITRS":
            return self
        R = earth_fixed_rotations(self.epoch, self.t_s)  # (3, 3, T)
        r = np.einsum("ijt,ntj->nti", R, self.position_km)
        v = np.einsum("ijt,ntj->nti", R, self.velocity_km_s)
        omega = np.array([0.0, 0.0, EARTH_ROTATION_RAD_S])
        v = v - np.cross(omega, r)
        return ShellTrajectories(self.shell, self.names, self.ids, self.epoch, self.t_s, r, v, "ITRS",
                                 self.period_s)


def epochs_s(span_s: float, step_s: float) -> np.ndarray:
    """Epochs from 0 to span (both ends), every step; ValueError names a bad span or step."""
    if not (np.isfinite(span_s) and span_s > 0):
        raise ValueError(f"span {span_s} s: give a span above 0")
    if not (np.isfinite(step_s) and step_s >= 1.0):
        raise ValueError(f"step {step_s:g} s: give a step of at least 1 s")
    if step_s > span_s:
        raise ValueError(f"step {step_s:g} s is longer than the span ({span_s:g} s): give a longer span or a "
                         "shorter step")
    n = int(np.floor(span_s / step_s + 1e-9))
    t = np.arange(n + 1) * step_s
    return t if t[-1] >= span_s - 1e-9 else np.append(t, span_s)


def shell_trajectories(scenario, index: int, span_s: float, step_s: float,
                       max_satellites: int = DEFAULT_SATELLITES) -> ShellTrajectories:
    """States of up to ``max_satellites`` of shell ``index`` over [0, span] every ``step_s``."""
    if max_satellites < 1:
        raise ValueError(f"satellites per shell {max_satellites}: give at least 1")
    shell = scenario.shells[index]
    epoch = scenario.epoch
    t = epochs_s(span_s, step_s)
    if isinstance(shell, TLESet):
        every = _all_tle(shell, epoch)
        picked = spread(every.count, max_satellites)
        records = tuple(every.tle[i] for i in picked)
        names = tuple(r.name or f"{shell.name} #{i + 1}" for r, i in zip(records, picked, strict=True))
        ids = tuple(r.line1[2:7].strip() for r in records)
        _check_size(len(records), t.size)
        r, v = (np.moveaxis(a, 0, -1) for a in sgp4_states(records, epoch, t.reshape(1, -1)))  # (N, T, 3)
        return ShellTrajectories(shell.name, names, ids, epoch, t, r, v, "GCRS", float(every.period_s))
    el = shell_elements(shell, epoch)  # (planes, per_plane)
    planes, per_plane = el.shape
    rr, cc = pick_satellites(planes, per_plane, max_satellites)
    sel = el.take((rr, cc))
    _check_size(rr.size, t.size)
    wp, ws = len(str(planes)), len(str(per_plane))  # zero-padded: file names sort as the planes and slots
    names = tuple(f"{shell.name} P{p + 1:0{wp}d} S{s + 1:0{ws}d}" for p, s in zip(rr, cc, strict=True))
    ids = tuple(f"{index + 1}-{p + 1:0{wp}d}-{s + 1:0{ws}d}" for p, s in zip(rr, cc, strict=True))
    col = orbits.CircularElements(sel.altitude_km[:, None], sel.inclination_rad[:, None],
                                  sel.raan_rad[:, None], sel.arg_latitude_rad[:, None])

    def positions(times):
        return np.moveaxis(orbits.propagate(col, times[None, :]), 0, -1)  # (N, T, 3)

    period = float(orbits.period_s(el.altitude_km.flat[0]))
    r = positions(t)
    v = (positions(t + DIFF_S) - positions(t - DIFF_S)) / (2 * DIFF_S)
    return ShellTrajectories(shell.name, names, ids, epoch, t, r, v, "GCRS", period)


def pick_satellites(planes: int, per_plane: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(plane, slot) indices of ``min(count, planes × per_plane)`` satellites: as many planes as
    the count allows, spread evenly, and in each of them its share of the slots evenly round the
    orbit (the first planes take one more where the count does not divide)."""
    rows = spread(planes, min(planes, count))
    share = np.full(rows.size, count // rows.size) + (np.arange(rows.size) < count % rows.size)
    rr, cc = [], []
    for plane, n in zip(rows, np.minimum(share, per_plane), strict=True):
        slots = (np.arange(int(n)) * per_plane) // int(n)  # evenly round the ring (slot 0 and the last are neighbours)
        rr.append(np.full(slots.size, plane))
        cc.append(slots)
    return np.concatenate(rr), np.concatenate(cc)


def _check_size(satellites: int, epochs: int) -> None:
    if satellites * epochs > MAX_STATES:
        raise ValueError(f"{satellites:,} satellite{'s' * (satellites != 1)} × {epochs:,} epochs is "
                         f"{satellites * epochs:,} states, "
                         f"more than {MAX_STATES:,}: export fewer satellites, a shorter span or a longer step")
