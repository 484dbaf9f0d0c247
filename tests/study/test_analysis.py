"""Reading results: percentiles, tornado bars, the Pareto front and break-even root finding."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

from orbitdesk.study.analysis import break_even, pareto_front, percentiles, tornado_bars

# Wallis's cubic x³ - 2x - 5 = 0 (Newton's example, 1669; root as tabulated to 16 digits)
WALLIS_ROOT = 2.0945514815423265
# the Dottie number, the fixed point of cos: cos x = x
DOTTIE = 0.7390851332151607
FEW_EVALS = 15  # a smooth function's root in a few tens of evaluations at most: Brent does it in this many


def test_percentiles_match_the_standard_library():
    data = np.random.default_rng(5).lognormal(3.0, 1.0, 999)
    ref = statistics.quantiles(data.tolist(), n=10, method="inclusive")  # Hyndman & Fan type 7
    got = percentiles(np.r_[data, np.nan, np.inf])  # failed samples are left out
    assert got["P10"] == pytest.approx(ref[0], rel=1e-12)
    assert got["P50"] == pytest.approx(statistics.median(data.tolist()), rel=1e-12)
    assert got["P90"] == pytest.approx(ref[8], rel=1e-12)
    assert got["mean"] == pytest.approx(statistics.fmean(data.tolist()), rel=1e-12) and got["n"] == 999
    empty = percentiles([np.nan])
    assert empty["n"] == 0 and math.isnan(empty["P50"])


def test_tornado_bars_sorted_by_swing():
    paths = ("a", "b", "c")
    points = [[1, 10, 100], [0, 10, 100], [2, 10, 100], [1, 5, 100], [1, 15, 100], [1, 10, 50], [1, 10, 150]]
    kpi = [7.0, 6.0, 8.0, 1.0, 20.0, np.nan, 9.0]
    bars = tornado_bars(paths, points, kpi)
    assert [b.path for b in bars] == ["b", "a", "c"]
    assert (bars[0].input_low, bars[0].input_high, bars[0].kpi_low, bars[0].kpi_high) == (5.0, 15.0, 1.0, 20.0)
    assert bars[0].swing == 19.0 and bars[1].swing == 2.0 and math.isnan(bars[2].swing)
    assert all(b.kpi_base == 7.0 for b in bars)
    with pytest.raises(ValueError, match="7 rows"):
        tornado_bars(paths, points[:5], kpi[:5])


def _dominated_brute(a, b, i):
    return any(a[j] <= a[i] and b[j] <= b[i] and (a[j] < a[i] or b[j] < b[i]) for j in range(len(a)))


def test_pareto_front_on_a_hand_made_set():
    # cost (min) and delivered FLOP (max); point 3 is dominated by 1, point 4 by 2, point 5 is NaN
    cost = [1.0, 2.0, 3.0, 2.5, 3.5, np.nan, 1.0]
    flop = [1.0, 5.0, 9.0, 4.0, 8.0, 100.0, 1.0]
    assert pareto_front(cost, flop, ("min", "max")).tolist() == [0, 6, 1, 2]  # 0 and 6 equal: both kept
    assert pareto_front(cost, flop, ("min", "min")).tolist() == [0, 6]
    assert pareto_front(cost, flop, ("max", "max")).tolist() == [4, 2]
    assert pareto_front([], []).tolist() == []
    with pytest.raises(ValueError, match="'min' or 'max'"):
        pareto_front(cost, flop, ("min", "most"))


def test_pareto_front_agrees_with_the_definition():
    rng = np.random.default_rng(11)
    a, b = rng.integers(0, 30, 400).astype(float), rng.integers(0, 30, 400).astype(float)  # many ties
    front = set(pareto_front(a, b).tolist())
    assert front == {i for i in range(400) if not _dominated_brute(a, b, i)}


def test_break_even_finds_known_roots_in_few_evaluations():
    r = break_even(lambda x: x ** 3 - 2 * x, 2.0, 3.0, target=5.0, xtol=1e-12)
    assert r.found and r.converged and r.x == pytest.approx(WALLIS_ROOT, abs=1e-11)
    assert r.evaluations <= FEW_EVALS and abs(r.residual) < 1e-9
    r = break_even(math.cos, 0.0, 1.0, target=lambda x: x, xtol=1e-12)  # a target that depends on x
    assert r.found and r.x == pytest.approx(DOTTIE, abs=1e-11) and r.evaluations <= FEW_EVALS
    r = break_even(lambda x: 1e12 / x, 10.0, 5000.0, target=2e9)  # a cost-like 1/x KPI, default xtol
    assert r.found and r.x == pytest.approx(500.0, abs=1e-6 * 4990.0) and r.evaluations <= FEW_EVALS


def test_break_even_without_a_sign_change_says_so():
    r = break_even(lambda x: x * x + 1.0, -1.0, 1.0)
    assert not r.found and r.x is None and "no parity in [-1, 1]" in r.message and "above" in r.message
    assert r.evaluations == 2 and (r.residual_lo, r.residual_hi) == (2.0, 2.0)
    r = break_even(lambda x: math.nan, 0.0, 1.0)
    assert not r.found and "not finite" in r.message
    with pytest.raises(ValueError, match="lo < hi"):
        break_even(math.sin, 1.0, 1.0)


def test_break_even_at_a_jump_and_out_of_evaluations():
    # a step (whole launches): no exact root, the jump at 3 located to the tolerance
    r = break_even(lambda x: math.floor(x) - 2.5, 0.0, 10.0, xtol=1e-6)
    assert r.found and r.converged and abs(r.x - 3.0) < 1e-6 and r.evaluations <= 50
    r = break_even(lambda x: x ** 3 - 2 * x - 5, 2.0, 3.0, xtol=1e-14, max_evals=4)
    assert r.found and not r.converged and r.evaluations == 4 and "not within the tolerance" in r.message
    assert break_even(lambda x: x - 1.0, 1.0, 2.0).x == 1.0  # parity at an end
