"""A study's design points: grids, Latin hypercube draws, tornado rows, break-even brackets.

``design_points(study, base)`` gives ``(paths, values)``: the varied scenario paths and an
``(N, len(paths))`` array of values in each field's own unit, one row per scenario to evaluate.
``apply_point(base, paths, row)`` makes that scenario.

Row order, by kind:

* ``sweep`` (and ``pareto`` on grids/lists): full factorial, the first input varying slowest
  (``numpy.meshgrid(..., indexing="ij")`` order);
* ``monte_carlo`` (and ``pareto`` on distributions): ``samples`` rows of a Latin hypercube drawn
  from ``numpy.random.default_rng(seed)``, mapped through each input's inverse CDF;
* ``tornado``: the base point, then for each input i its low (row 1 + 2i) and high (row 2 + 2i)
  with the others at base;
* ``break_even``: the bracket ends, low then high.

An input's low/high (``input_range``) is its grid's lo/hi, its list's min/max, a uniform or
triangular distribution's lo/hi, or a normal or lognormal distribution's P10/P90.

The normal quantile is Acklam's rational approximation (relative error 1.15e-9) polished by one
Halley step on ``math.erfc``, to double precision; a truncated distribution is the inverse CDF
of its truncated range, worked in the lower tail so that far tails keep their precision.
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import ValidationError

from orbitdesk.model.edit import get_value, with_value
from orbitdesk.model.errors import first_problem
from orbitdesk.model.scenario import Scenario
from orbitdesk.study.spec import Study, StudyError, StudyInput, field_is_integer

TORNADO_LOW_P, TORNADO_HIGH_P = 0.1, 0.9  # a normal or lognormal input's low/high: its P10 and P90
INTEGER_TOLERANCE = 1e-9  # how far from a whole number a value for an integer field may be

_erfc = np.frompyfunc(math.erfc, 1, 1)

# P. J. Acklam's rational approximation of the normal quantile (central region and lower tail)
_A = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00)
_B = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)
_P_LOW = 0.02425


def _poly(coefficients, x):
    out = np.zeros_like(x)
    for c in coefficients:
        out = out * x + c
    return out


def normal_cdf(x):
    """Standard normal CDF, Φ(x) = erfc(-x/√2)/2, elementwise."""
    x = np.asarray(x, dtype=float)
    return 0.5 * np.asarray(_erfc(-x / math.sqrt(2.0)), dtype=float)


def normal_ppf(p):
    """Standard normal quantile Φ⁻¹(p) for p in (0, 1), elementwise (0 -> -inf, 1 -> +inf)."""
    p = np.asarray(p, dtype=float)
    lower = np.minimum(p, 1.0 - p)  # solve in the lower tail; the upper is its mirror
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        q = np.sqrt(-2.0 * np.log(np.where(lower > 0.0, lower, 1.0)))
        tail = _poly(_C, q) / (_poly(_D, q) * q + 1.0)
        r = (lower - 0.5) ** 2
        central = _poly(_A, r) * (lower - 0.5) / (_poly(_B, r) * r + 1.0)
        x = np.where(lower < _P_LOW, tail, central)
        # one Halley step on Φ(x) - p (cubic: 1e-9 -> below double precision)
        e = normal_cdf(x) - lower
        u = e * math.sqrt(2.0 * math.pi) * np.exp(0.5 * x * x)
        x = np.where(np.isfinite(u), x - u / (1.0 + 0.5 * x * u), x)
    x = np.where(lower <= 0.0, -np.inf, x)
    return np.where(p > 0.5, -x, x)


def truncated_normal_ppf(u, a=-np.inf, b=np.inf):
    """Quantile of the standard normal truncated to [a, b] at probability ``u`` in [0, 1]."""
    u = np.asarray(u, dtype=float)
    flip = a + b > 0.0  # mostly in the upper tail: sample the mirror image in the lower tail
    if flip:
        a, b, u = -b, -a, 1.0 - u
    pa, pb = normal_cdf(a), normal_cdf(b)
    p = np.clip(pa + u * (pb - pa), np.nextafter(0.0, 1.0), 1.0 - 2.0 ** -53)
    z = np.clip(normal_ppf(p), a, b)
    return -z if flip else z


def quantile(inp: StudyInput, u):
    """The value of distribution input ``inp`` at probability ``u`` in [0, 1] (inverse CDF), in the
    field's unit."""
    u = np.asarray(u, dtype=float)
    lo, hi = inp.lo, inp.hi
    if inp.distribution == "uniform":
        return lo + u * (hi - lo)
    if inp.distribution == "triangular":
        width, split = hi - lo, (inp.mode - lo) / (hi - lo)
        left = lo + np.sqrt(np.clip(u, 0.0, 1.0) * width * (inp.mode - lo))
        right = hi - np.sqrt(np.clip(1.0 - u, 0.0, 1.0) * width * (hi - inp.mode))
        return np.where(u < split, left, right)
    if inp.distribution == "normal":
        a = -np.inf if lo is None else (lo - inp.mean) / inp.sd
        b = np.inf if hi is None else (hi - inp.mean) / inp.sd
        return inp.mean + inp.sd * truncated_normal_ppf(u, a, b)
    if inp.distribution == "lognormal":
        a = -np.inf if lo is None or lo <= 0.0 else math.log(lo / inp.median) / inp.sigma
        b = np.inf if hi is None else math.log(hi / inp.median) / inp.sigma
        return inp.median * np.exp(inp.sigma * truncated_normal_ppf(u, a, b))
    raise ValueError(f"input {inp.path} has no distribution")


def grid_values(inp: StudyInput) -> np.ndarray:
    """A grid's points (linear, or geometric with ``log``) or a list's values, in the field's unit."""
    if inp.values is not None:
        return np.asarray(inp.values, dtype=float)
    if inp.n is None:
        raise ValueError(f"input {inp.path} is a distribution, not a grid or list")
    return np.geomspace(inp.lo, inp.hi, inp.n) if inp.log else np.linspace(inp.lo, inp.hi, inp.n)


def input_range(inp: StudyInput) -> tuple[float, float]:
    """(low, high) of an input: grid lo/hi, list min/max, uniform/triangular lo/hi, normal or
    lognormal P10/P90 (of the truncated distribution where it has bounds)."""
    if inp.values is not None:
        return float(min(inp.values)), float(max(inp.values))
    if inp.distribution in ("normal", "lognormal"):
        low, high = quantile(inp, [TORNADO_LOW_P, TORNADO_HIGH_P])
        return float(low), float(high)
    return float(inp.lo), float(inp.hi)


def latin_hypercube(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """(n, d) points in [0, 1): in each column, exactly one point in each stratum [k/n, (k+1)/n).

    Draws, in order: one random permutation of the strata per column, then the (n, d) offsets
    within the strata."""
    strata = np.stack([rng.permutation(n) for _ in range(d)], axis=1)
    return (strata + rng.random((n, d))) / n


def _base_value(base: Scenario, path: str) -> float:
    value = get_value(base, path)
    if value is None or isinstance(value, bool):
        raise StudyError(path, "the scenario has no value here to take as the base; set one first")
    return float(value)


def design_points(study: Study, base: Scenario | None = None) -> tuple[tuple[str, ...], np.ndarray]:
    """(paths, values (N, n_inputs)) of ``study``; see the module docstring for the row order.

    ``base`` is needed for a tornado (its base values); when given, draws for an integer field
    (``gpu_count``) are rounded to the nearest whole number. The same study gives the same
    points; another seed gives others."""
    paths = tuple(i.path for i in study.inputs)
    inputs = study.inputs
    if study.kind == "tornado":
        if base is None:
            raise ValueError("a tornado's points need the base scenario")
        center = np.array([_base_value(base, p) for p in paths])
        rows = [center]
        for j, inp in enumerate(inputs):
            for end in input_range(inp):
                row = center.copy()
                row[j] = end
                rows.append(row)
        return paths, np.array(rows)
    if study.kind == "break_even":
        return paths, np.array(input_range(inputs[0]), dtype=float).reshape(2, 1)
    if not any(i.is_distribution for i in inputs):  # sweep, factorial pareto
        grids = np.meshgrid(*[grid_values(i) for i in inputs], indexing="ij")
        return paths, np.stack([g.ravel() for g in grids], axis=1)
    u = latin_hypercube(study.samples, len(inputs), np.random.default_rng(study.seed))
    values = np.stack([quantile(inp, u[:, j]) for j, inp in enumerate(inputs)], axis=1)
    if base is not None:
        for j, path in enumerate(paths):
            if field_is_integer(base, path):
                values[:, j] = np.round(values[:, j])
    return paths, values


def apply_point(base: Scenario, paths: tuple[str, ...] | list[str], row) -> Scenario:
    """``base`` with ``row[j]`` set at ``paths[j]``, in order (each edit validated); StudyError
    naming the input whose value the scenario refuses. An integer field takes a value within
    ``INTEGER_TOLERANCE`` of a whole number, as that number."""
    scenario = base
    for path, x in zip(paths, np.asarray(row, dtype=float).tolist(), strict=True):
        value: float | int = x
        if field_is_integer(base, path):
            if not math.isfinite(x) or abs(x - round(x)) > INTEGER_TOLERANCE:
                raise StudyError(path, f"takes whole numbers, got {x:g}")
            value = int(round(x))
        try:
            scenario = with_value(scenario, path, value)
        except ValidationError as e:
            field, problem = first_problem(e, count_others=False)
            where = f" ({field})" if field != path else ""
            raise StudyError(path, f"the scenario refuses {x:g}{where}: {problem}") from None
    return scenario
