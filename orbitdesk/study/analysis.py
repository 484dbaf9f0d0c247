"""Reading a study's results: percentiles, tornado bars, the Pareto front, break-even by root finding.

Pure numpy on result arrays (one entry per design point, in ``design_points`` order); a failed
sample is NaN and is left out. KPI values keep their own units (USD/EFLOP, FLOP, USD).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_MAX_EVALS = 50
DEFAULT_RELATIVE_XTOL = 1e-6  # break-even tolerance on the input when none is given, of the bracket width


def percentiles(values) -> dict[str, float]:
    """{'P10', 'P50', 'P90', 'mean', 'n'} of the finite values: Pn is the n-th percentile (n % of
    the draws at or below it; linear interpolation between order statistics, Hyndman & Fan
    type 7), ``n`` the count used. NaN everywhere when no value is finite."""
    v = np.asarray(values, dtype=float).ravel()
    v = v[np.isfinite(v)]
    if v.size == 0:
        return {"P10": math.nan, "P50": math.nan, "P90": math.nan, "mean": math.nan, "n": 0}
    p10, p50, p90 = np.percentile(v, [10.0, 50.0, 90.0])
    return {"P10": float(p10), "P50": float(p50), "P90": float(p90), "mean": float(v.mean()), "n": int(v.size)}


@dataclass(frozen=True)
class TornadoBar:
    """One input of a tornado: its low/high values (the field's unit) and the KPI there."""

    path: str
    input_low: float
    input_high: float
    kpi_low: float  # the KPI with this input at its low
    kpi_high: float
    kpi_base: float

    @property
    def swing(self) -> float:
        """|KPI at high - KPI at low|, in the KPI's unit (NaN when either failed)."""
        return abs(self.kpi_high - self.kpi_low)


def tornado_bars(paths: Sequence[str], points, kpi) -> list[TornadoBar]:
    """Bars of a tornado study, widest swing first (a bar with a failed end last).

    ``points`` (2n + 1, n) and ``kpi`` (2n + 1,) are in ``design_points`` tornado order: the base,
    then each input's low and high."""
    points = np.asarray(points, dtype=float)
    kpi = np.asarray(kpi, dtype=float)
    n = len(paths)
    if points.shape != (2 * n + 1, n) or kpi.shape != (2 * n + 1,):
        raise ValueError(f"a tornado of {n} inputs has {2 * n + 1} rows; got points {points.shape}, kpi {kpi.shape}")
    bars = [TornadoBar(p, float(points[1 + 2 * j, j]), float(points[2 + 2 * j, j]),
                       float(kpi[1 + 2 * j]), float(kpi[2 + 2 * j]), float(kpi[0]))
            for j, p in enumerate(paths)]
    return sorted(bars, key=lambda b: (math.isnan(b.swing), -b.swing if not math.isnan(b.swing) else 0.0))


def pareto_front(kpi_a, kpi_b, senses: tuple[str, str] = ("min", "min")) -> np.ndarray:
    """Indices of the non-dominated points (no other point is at least as good in both KPIs and
    better in one), ordered by ``kpi_a`` from best to worst. ``senses``: 'min' or 'max' for each.
    Points with a NaN are left out; equal points are all kept."""
    a = np.asarray(kpi_a, dtype=float).ravel()
    b = np.asarray(kpi_b, dtype=float).ravel()
    if a.shape != b.shape:
        raise ValueError(f"the two KPIs differ in length ({a.size} and {b.size})")
    for s in senses:
        if s not in ("min", "max"):
            raise ValueError(f"a sense is 'min' or 'max', got {s!r}")
    a = a if senses[0] == "min" else -a
    b = b if senses[1] == "min" else -b
    idx = np.flatnonzero(np.isfinite(a) & np.isfinite(b))
    if idx.size == 0:
        return idx
    order = idx[np.lexsort((b[idx], a[idx]))]  # by a, then b (both to minimise)
    sa, sb = a[order], b[order]
    starts = np.flatnonzero(np.r_[True, sa[1:] != sa[:-1]])  # groups of equal a
    group = np.cumsum(np.r_[True, sa[1:] != sa[:-1]]) - 1
    group_min = sb[starts]  # sorted by b within a group: its first is its least
    best_before = np.r_[np.inf, np.minimum.accumulate(group_min)[:-1]]
    keep = (sb == group_min[group]) & (group_min[group] < best_before[group])
    return order[keep]


@dataclass(frozen=True)
class BreakEven:
    """Result of ``break_even``. ``found``: a sign change was bracketed and the root located;
    ``x`` the input value there (the input's unit); ``converged``: within the tolerance before
    ``max_evals``; ``message`` says which, or "no parity in [lo, hi]"."""

    found: bool
    x: float | None
    residual: float | None  # f(x) - target(x) at x, in the KPI's unit
    evaluations: int
    converged: bool
    lo: float
    hi: float
    residual_lo: float
    residual_hi: float
    message: str


def break_even(f: Callable[[float], float], lo: float, hi: float,
               target: float | Callable[[float], float] = 0.0, xtol: float | None = None,
               max_evals: int = DEFAULT_MAX_EVALS) -> BreakEven:
    """The ``x`` in [lo, hi] where ``f(x) == target`` (``target`` a number or a function of x), by
    Brent's method: inverse quadratic interpolation and secant steps inside a bracket that always
    holds a sign change, falling back to bisection whenever a step would not shrink it fast
    enough. ``xtol``: absolute tolerance on x (default 1e-6 of hi - lo). ``evaluations`` counts
    calls of ``f`` (each may be a full evaluate: a smooth KPI converges in about 10). Without a
    sign change at the ends the result says "no parity in [lo, hi]" (not an exception)."""
    if not lo < hi:
        raise ValueError(f"the bracket needs lo < hi, got [{lo:g}, {hi:g}]")
    lo, hi = float(lo), float(hi)
    xtol = DEFAULT_RELATIVE_XTOL * (hi - lo) if xtol is None else float(xtol)
    evals = 0

    def g(x: float) -> float:
        nonlocal evals
        evals += 1
        goal = target(x) if callable(target) else target
        return float(f(x)) - float(goal)

    def result(found, x, r, converged, message):
        return BreakEven(found, x, r, evals, converged, lo, hi, g_lo, g_hi, message)

    g_lo = g(lo)
    g_hi = g(hi)
    for end, value in (("lo", g_lo), ("hi", g_hi)):
        if not math.isfinite(value):
            return result(False, None, None, False, f"no parity found: the KPI is not finite at {end}")
    if g_lo == 0.0:
        return result(True, lo, 0.0, True, "parity at lo")
    if g_hi == 0.0:
        return result(True, hi, 0.0, True, "parity at hi")
    if (g_lo > 0.0) == (g_hi > 0.0):
        side = "above" if g_lo > 0.0 else "below"
        return result(False, None, None, False, f"no parity in [{lo:g}, {hi:g}]: the KPI stays {side} the target")
    # Brent (1973): b is the best estimate, c the other end of the bracket, a the previous b
    a, fa, b, fb = lo, g_lo, hi, g_hi
    c, fc = b, fb
    d = e = b - a
    eps = np.finfo(float).eps
    while True:
        if (fb > 0.0) == (fc > 0.0):
            c, fc = a, fa
            d = e = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol = 2.0 * eps * abs(b) + 0.5 * xtol
        m = 0.5 * (c - b)
        if abs(m) <= tol or fb == 0.0:
            return result(True, b, fb, True, f"parity at {b:.6g} after {evals} evaluations")
        if evals >= max_evals:
            return result(True, b, fb, False, f"parity near {b:.6g} (bracket [{min(b, c):.6g}, {max(b, c):.6g}]); "
                                              f"not within the tolerance after {evals} evaluations")
        if abs(e) >= tol and abs(fa) > abs(fb):
            s = fb / fa
            if a == c:  # secant
                p, q = 2.0 * m * s, 1.0 - s
            else:  # inverse quadratic interpolation
                q, r = fa / fc, fb / fc
                p = s * (2.0 * m * q * (q - r) - (b - a) * (r - 1.0))
                q = (q - 1.0) * (r - 1.0) * (s - 1.0)
            if p > 0.0:
                q = -q
            p = abs(p)
            if 2.0 * p < min(3.0 * m * q - abs(tol * q), abs(e * q)):
                e, d = d, p / q
            else:
                d = e = m
        else:
            d = e = m
        a, fa = b, fb
        b += d if abs(d) > tol else math.copysign(tol, m)
        fb = g(b)
        if not math.isfinite(fb):
            return result(False, None, None, False, f"no parity found: the KPI is not finite at {b:g}")
