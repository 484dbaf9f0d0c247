"""Solar array output and the battery's state of charge (MODEL.md sections 3-4).

The battery is a clamped running sum: x_t = clip(x_{t-1} + d_t, floor, capacity). Each step is a
function f_t(x) = clip(x + d_t, lo, hi), and compositions of such functions keep that form:
f2∘f1 = clip(x + a1 + a2, clip(lo1 + a2, lo2, hi2), clip(hi1 + a2, lo2, hi2)). So the whole timeline
is a prefix composition, and the periodic steady state of an orbit is the fixed point of the
composed function. Two ways to run it, the same result to rounding: a parallel prefix scan
(Hillis-Steele, log₂T numpy steps over whole arrays) for few timelines, and a sweep along the time
axis (T numpy steps over all timelines at once) for many — the mission life's thousands of
(month, age, plane) timelines of 96 steps, where it is about ten times faster.
"""

from __future__ import annotations

import numpy as np


def array_efficiency(efficiency_bol, degradation_per_year, age_years):
    """η(t) = η_BOL · (1 − d)^years."""
    return efficiency_bol * (1.0 - degradation_per_year) ** np.asarray(age_years, dtype=float)


def solar_power_w(solar_flux_w_m2, area_m2, efficiency, packing_factor, cos_incidence, sunlit):
    """P = S · A · η · packing · cos θ · (illuminated fraction)."""
    return (solar_flux_w_m2 * area_m2 * efficiency * packing_factor
            * np.maximum(cos_incidence, 0.0) * sunlit)


def _compose_scan(a, lo, hi):
    """Inclusive prefix composition along the last axis (Hillis-Steele)."""
    n = a.shape[-1]
    k = 1
    while k < n:
        a2, lo2, hi2 = a[..., k:], lo[..., k:], hi[..., k:]
        new_lo = np.clip(lo[..., :-k] + a2, lo2, hi2)
        new_hi = np.clip(hi[..., :-k] + a2, lo2, hi2)
        new_a = a[..., :-k] + a2
        a[..., k:], lo[..., k:], hi[..., k:] = new_a, new_lo, new_hi
        k *= 2
    return a, lo, hi


SWEEP_MIN_TIMELINES = 64  # at least this many timelines: sweep along time instead of scanning


def _time_major(bound, shape):
    """A bound (broadcastable to ``shape``) with time first and contiguous; a scalar stays a
    scalar (a battery's capacity), a broadcast view is copied to its full size once."""
    b = np.asarray(bound, dtype=float)
    if b.ndim == 0:
        return b
    return np.ascontiguousarray(np.moveaxis(np.broadcast_to(b, shape), -1, 0))


def _step(b, t):
    return b if b.ndim == 0 else b[t if b.shape[0] > 1 else 0]


def _clip_into(x, lo, hi) -> None:
    """x = clip(x, lo, hi) in place, by the two ufuncs (np.clip's Python wrapper costs more than
    the arithmetic on the sweep's small per-step slices)."""
    np.maximum(x, lo, out=x)
    np.minimum(x, hi, out=x)


def _sweep(delta, lo, hi, start, shortfall: bool = False):
    """(x_before, x_after) by stepping along the last axis: the fixed point first (the composed
    map's bounds, carried step by step; its offset is the plain sum), then the timeline from it.
    ``delta`` and the bounds are viewed time-major (copied only if their memory is not: the
    mission life keeps its arrays time-major), so each step's slice is contiguous.
    With ``shortfall``: (x_after, max(lo − (x_before + delta), 0)) instead, from the same steps."""
    shape = delta.shape
    d = np.ascontiguousarray(np.moveaxis(delta, -1, 0))
    f, c = _time_major(lo, shape), _time_major(hi, shape)
    if start is None:
        # the fixed point is the composed map's upper bound where the period's net sum is ≥ 0, its
        # lower bound elsewhere: each bound is a run from ±inf, and each timeline needs one of them
        start = np.where(d.sum(axis=0) >= 0, np.inf, -np.inf)
        for t in range(d.shape[0]):
            np.add(start, d[t], out=start)
            _clip_into(start, _step(f, t), _step(c, t))
    x = np.broadcast_to(np.asarray(start, dtype=float), d.shape[1:]).copy()
    after = np.empty_like(d)
    short = np.empty_like(d) if shortfall else None
    for t in range(d.shape[0]):
        ft = _step(f, t)
        np.add(x, d[t], out=x)
        if shortfall:
            np.subtract(ft, x, out=short[t])
            np.maximum(short[t], 0.0, out=short[t])
        _clip_into(x, ft, _step(c, t))
        after[t] = x
    after = np.moveaxis(after, 0, -1)
    if shortfall:
        return after, np.moveaxis(short, 0, -1)
    first = np.broadcast_to(np.asarray(start, dtype=float), shape[:-1])[..., None]
    before = np.concatenate([first, after[..., :-1]], axis=-1)
    return before, after


def clamped_cumsum(delta, floor, ceiling, start=None):
    """x_t = clip(x_{t-1} + delta_t, floor, ceiling) along the last axis.

    ``floor`` and ``ceiling`` broadcast against ``delta`` (per step, or scalars).
    ``start`` None means the periodic steady state (the timeline repeats, as an orbit does).
    Returns (x_before, x_after): the value before and after each step.
    """
    delta = np.asarray(delta, dtype=float)
    shape = delta.shape
    if delta.size // max(shape[-1], 1) >= SWEEP_MIN_TIMELINES:
        return _sweep(delta, floor, ceiling, start)
    lo0 = np.broadcast_to(np.asarray(floor, float), shape)
    hi0 = np.broadcast_to(np.asarray(ceiling, float), shape)
    a, lo, hi = _compose_scan(delta.copy(), lo0.copy(), hi0.copy())
    if start is None:  # fixed point of the whole-period map clip(x + a, lo, hi)
        start = np.where(a[..., -1] >= 0, hi[..., -1], lo[..., -1])
    start = np.asarray(start, dtype=float)[..., None]
    after = np.clip(start + a, lo, hi)
    before = np.concatenate([np.broadcast_to(start, shape[:-1] + (1,)), after[..., :-1]], axis=-1)
    return before, after


def battery_run(delta, floor, ceiling):
    """The periodic steady state of ``clamped_cumsum`` as (x_after, shortfall): shortfall is what
    a step would have taken below the floor, max(floor − (x_before + delta), 0), the energy the
    battery could not give. Many timelines compute it inside the sweep (no x_before array)."""
    delta = np.asarray(delta, dtype=float)
    if delta.size // max(delta.shape[-1], 1) >= SWEEP_MIN_TIMELINES:
        return _sweep(delta, floor, ceiling, None, shortfall=True)
    before, after = clamped_cumsum(delta, floor, ceiling)
    return after, np.maximum(floor - (before + delta), 0.0)


def time_major(a: np.ndarray) -> np.ndarray:
    """The same array (same shape and values) with time-major memory: the last axis varies
    slowest. The battery sweep then steps through contiguous slices without a copy, and numpy
    keeps that layout in arrays computed from it."""
    return np.moveaxis(np.ascontiguousarray(np.moveaxis(a, -1, 0)), 0, -1)


def deficit_ahead(deficit):
    """Σ of ``deficit`` (≥ 0) from each step to the end of its run of positive values, along the
    last axis, wrapping around (a periodic orbit): the energy the bus still needs before the
    array can carry it again. Vectorised: a reverse cumulative sum, reset at every zero."""
    x = np.concatenate([deficit, deficit], axis=-1)
    n = x.shape[-1]
    csum = np.concatenate([np.cumsum(x[..., ::-1], axis=-1)[..., ::-1],
                           np.zeros(x.shape[:-1] + (1,))], axis=-1)  # csum[t] = Σ_{k>=t}
    idx = np.arange(n + 1)
    zero_at = np.where(np.concatenate([x <= 0, np.ones(x.shape[:-1] + (1,), bool)], axis=-1), idx, n)
    next_zero = np.minimum.accumulate(zero_at[..., ::-1], axis=-1)[..., ::-1]
    ahead = csum - np.take_along_axis(csum, next_zero, axis=-1)
    return ahead[..., : deficit.shape[-1]]


def reachable_floor(floor, bus_delta, hard_floor, ceiling):
    """The payload's battery floor (Wh, (..., T)) made one the battery can follow without energy
    from nothing, for a clamped running sum whose clips at the floor are payload (and bus) cuts.

    A clip up to the floor at step t is a cut of the load; it is real energy only where the
    floor rises no faster than the bus alone can charge: f_t ≤ max(f_{t-1} + D_t, hard_floor),
    ``bus_delta`` D_t (Wh) the battery change of step t with the payload off (charge after its
    loss). Before eclipse the floor jumps to the bus energy of the whole eclipse, more than one
    step can charge: that is met by raising the floor of the steps before (the payload stops
    early enough to charge the battery, from the end backwards: f_{t-1} ≥ f_t − D_t, up to the
    ``ceiling``), and what even a full battery cannot give is taken off the floor again forwards
    (f_t ≤ max(f_{t-1} + D_t, hard_floor): the battery runs down to ``hard_floor`` and the bus
    loses power). Both passes are periodic clamped running sums. Timelines already reachable
    are returned as they are (most of them: the pass runs on the others only)."""
    floor = np.array(np.broadcast_to(floor, np.broadcast_shapes(np.shape(floor), np.shape(bus_delta))),
                     dtype=float)
    d = np.broadcast_to(np.asarray(bus_delta, dtype=float), floor.shape)
    prev = np.roll(floor, 1, axis=-1)
    tol = 1e-9 * (abs(float(ceiling)) + 1.0)
    bad = (floor - np.maximum(prev + d, hard_floor) > tol).any(axis=-1)
    if not bad.any():
        return floor
    f, dd = floor[bad], d[bad]
    # backwards: g_s = f'_{T-1-s} = clip(g_{s-1} − D_{T-s}, f_{T-1-s}, ceiling)
    back = clamped_cumsum(np.roll(-dd[..., ::-1], 1, axis=-1), f[..., ::-1], ceiling)[1][..., ::-1]
    floor[bad] = clamped_cumsum(dd, hard_floor, back)[1]
    return floor


def charge_delta_wh(net_wh, charge_efficiency):
    """Battery change of a step whose array output minus load is ``net_wh`` (Wh): a surplus is
    stored after the round-trip loss (taken on charge), a deficit is drawn in full."""
    net = np.asarray(net_wh, dtype=float)
    return net + (charge_efficiency - 1.0) * np.maximum(net, 0.0)
