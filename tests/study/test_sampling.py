"""Design points: inverse CDFs against published quantiles, Latin hypercube strata, seeds, rows."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from orbitdesk.model import default_scenario, get_value
from orbitdesk.study.sampling import (
    apply_point,
    design_points,
    input_range,
    latin_hypercube,
    normal_cdf,
    normal_ppf,
    quantile,
    truncated_normal_ppf,
)
from orbitdesk.study.spec import Study, StudyError, StudyInput

QUANTILE_RTOL = 1e-14  # the normal quantile is polished to double precision
LHS_MOMENT_TOL = 2e-3  # relative: a 20,000-point Latin hypercube's mean, stratified, is this close


@pytest.fixture(scope="module")
def base():
    return default_scenario()


# Standard normal quantiles from tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.1; Abramowitz & Stegun
# table 26.5), to 16 digits as tabulated by Wichura's AS241.
PUBLISHED_Z = [(0.9, 1.2815515655446004), (0.975, 1.959963984540054), (0.995, 2.5758293035489004),
               (0.999, 3.090232306167813), (0.75, 0.6744897501960817), (1e-10, -6.361340902404056)]


@pytest.mark.parametrize("p, z", PUBLISHED_Z)
def test_normal_quantile_matches_tables(p, z):
    assert normal_ppf(p) == pytest.approx(z, rel=QUANTILE_RTOL)
    if p >= 1e-3:  # 1 - p itself is rounded (by 1e-17 absolute; for 1 - 1e-10 that is 1e-7 relative)
        assert normal_ppf(1.0 - p) == pytest.approx(-z, rel=1e-12)


def test_normal_quantile_and_cdf_match_the_standard_library():
    # statistics.NormalDist: an independent implementation (Wichura's algorithm AS241)
    ps = np.concatenate([np.logspace(-300, -2, 60), np.linspace(0.01, 0.99, 99), 1.0 - np.logspace(-15, -2, 30)])
    ref = np.array([NormalDist().inv_cdf(p) for p in ps])
    np.testing.assert_allclose(normal_ppf(ps), ref, rtol=QUANTILE_RTOL, atol=QUANTILE_RTOL)
    xs = np.linspace(-8.0, 8.0, 41)
    np.testing.assert_allclose(normal_cdf(xs), [NormalDist().cdf(x) for x in xs], rtol=1e-14, atol=1e-16)
    assert normal_ppf(0.0) == -np.inf and normal_ppf(1.0) == np.inf and normal_ppf(0.5) == 0.0


def test_truncated_normal_against_the_half_normal():
    # the standard normal truncated to [0, inf) is the half-normal: median Φ⁻¹(0.75), mean √(2/π)
    assert truncated_normal_ppf(0.5, 0.0, np.inf) == pytest.approx(0.6744897501960817, rel=1e-13)
    u = latin_hypercube(20_000, 1, np.random.default_rng(1))[:, 0]
    assert truncated_normal_ppf(u, 0.0, np.inf).mean() == pytest.approx(math.sqrt(2.0 / math.pi), rel=LHS_MOMENT_TOL)
    # mirror image, far in the tail: beyond 25 sd the conditional law is nearly exponential with
    # rate 25 (Mills ratio), median 25 + ln 2 / 25 to about 1/25² relative
    assert truncated_normal_ppf(0.5, 25.0, 30.0) == pytest.approx(25.0 + math.log(2.0) / 25.0, rel=1e-4)
    assert truncated_normal_ppf(0.5, -30.0, -25.0) == pytest.approx(-25.0 - math.log(2.0) / 25.0, rel=1e-4)
    z = truncated_normal_ppf(np.linspace(0, 1, 11), -1.0, 2.0)
    assert z[0] == -1.0 and z[-1] == 2.0 and np.all(np.diff(z) > 0)


def test_distribution_quantiles():
    tri = StudyInput(path="a.b", distribution="triangular", lo=0.0, mode=0.0, hi=1.0)
    # median of a triangular law with mode <= (lo+hi)/2: hi - √((hi-lo)(hi-mode)/2) (Evans, Hastings &
    # Peacock, Statistical Distributions, ch. 40)
    assert quantile(tri, 0.5) == pytest.approx(1.0 - 1.0 / math.sqrt(2.0), rel=1e-15)
    tri2 = StudyInput(path="a.b", distribution="triangular", lo=60.0, mode=110.0, hi=200.0)
    u = latin_hypercube(20_000, 1, np.random.default_rng(2))[:, 0]
    assert quantile(tri2, u).mean() == pytest.approx((60.0 + 110.0 + 200.0) / 3.0, rel=LHS_MOMENT_TOL)
    logn = StudyInput(path="a.b", distribution="lognormal", median=200.0, sigma=0.5)
    assert quantile(logn, 0.5) == pytest.approx(200.0, rel=1e-15)
    assert quantile(logn, 0.9) == pytest.approx(200.0 * math.exp(0.5 * 1.2815515655446004), rel=1e-14)
    # the mean of a lognormal is median · exp(σ²/2)
    assert quantile(logn, u).mean() == pytest.approx(200.0 * math.exp(0.125), rel=LHS_MOMENT_TOL)
    bounded = StudyInput(path="a.b", distribution="lognormal", median=200.0, sigma=0.5, lo=100.0, hi=300.0)
    v = quantile(bounded, u)
    assert v.min() >= 100.0 and v.max() <= 300.0
    normal = StudyInput(path="a.b", distribution="normal", mean=10.0, sd=2.0)
    assert input_range(normal) == pytest.approx((10.0 - 2.0 * 1.2815515655446004, 10.0 + 2.0 * 1.2815515655446004))
    uni = StudyInput(path="a.b", distribution="uniform", lo=3.0, hi=5.0)
    assert quantile(uni, 0.25) == 3.5 and input_range(uni) == (3.0, 5.0)


def test_latin_hypercube_hits_each_stratum_once():
    for n, d in ((1, 1), (7, 3), (1000, 5)):
        u = latin_hypercube(n, d, np.random.default_rng(3))
        assert u.shape == (n, d) and u.min() >= 0.0 and u.max() < 1.0
        for j in range(d):
            assert sorted(np.floor(u[:, j] * n).astype(int)) == list(range(n))


def mc(seed=7, samples=500):
    return Study(kind="monte_carlo", seed=seed, samples=samples, inputs=(
        StudyInput(path="launch.cost_usd_per_kg", distribution="uniform", lo=100.0, hi=300.0),
        StudyInput(path="designs[0].compute.failure_rate_per_year", distribution="normal", mean=0.09, sd=0.03,
                   lo=0.0, hi=0.3),
        StudyInput(path="designs[0].compute.gpu_count", distribution="triangular", lo=48.0, mode=96.0, hi=128.0)))


def test_monte_carlo_points_reproduce_and_stratify(base):
    paths, a = design_points(mc(), base)
    _, b = design_points(mc(), base)
    _, c = design_points(mc(seed=8), base)
    assert paths == ("launch.cost_usd_per_kg", "designs[0].compute.failure_rate_per_year",
                     "designs[0].compute.gpu_count")
    assert a.shape == (500, 3) and np.array_equal(a, b) and not np.allclose(a, c)
    # a uniform input's draws fall once in each of the 500 equal strata of [lo, hi)
    assert sorted(np.floor((a[:, 0] - 100.0) / 200.0 * 500).astype(int)) == list(range(500))
    # the integer field's draws are whole numbers (with a base); without one they are not rounded
    assert np.all(a[:, 2] == np.round(a[:, 2]))
    assert not np.all(design_points(mc())[1][:, 2] == np.round(a[:, 2]))
    assert a[:, 1].min() >= 0.0 and a[:, 1].max() <= 0.3


def test_sweep_is_full_factorial_first_input_slowest():
    s = Study(kind="sweep", inputs=(StudyInput(path="shells[0].altitude_km", lo=400.0, hi=1600.0, n=3, log=True),
                                    StudyInput(path="launch.cost_usd_per_kg", values=(50.0, 500.0))))
    paths, v = design_points(s)
    np.testing.assert_allclose(v, [[400, 50], [400, 500], [800, 50], [800, 500], [1600, 50], [1600, 500]])
    one = Study(kind="sweep", inputs=(StudyInput(path="launch.cost_usd_per_kg", lo=0.0, hi=100.0, n=5),))
    np.testing.assert_allclose(design_points(one)[1][:, 0], [0, 25, 50, 75, 100])


def test_tornado_and_break_even_rows(base):
    inputs = (StudyInput(path="launch.cost_usd_per_kg", lo=100.0, hi=400.0, n=2),
              StudyInput(path="designs[0].radiator.area_m2", distribution="uniform", lo=90.0, hi=150.0))
    paths, v = design_points(Study(kind="tornado", inputs=inputs), base)
    b0, b1 = get_value(base, paths[0]), get_value(base, paths[1])
    np.testing.assert_allclose(v, [[b0, b1], [100, b1], [400, b1], [b0, 90], [b0, 150]])
    with pytest.raises(ValueError, match="base scenario"):
        design_points(Study(kind="tornado", inputs=inputs))
    be = Study(kind="break_even", inputs=inputs[:1], target_kpi="cost_per_exaflop_usd", target_site="x")
    np.testing.assert_allclose(design_points(be)[1], [[100.0], [400.0]])


def _flat(node, prefix=""):
    if isinstance(node, dict):
        return {k: v for key, item in node.items()
                for k, v in _flat(item, f"{prefix}.{key}" if prefix else key).items()}
    if isinstance(node, list):
        return {k: v for i, item in enumerate(node) for k, v in _flat(item, f"{prefix}[{i}]").items()}
    return {prefix: node}


def test_apply_point_changes_exactly_the_named_fields(base):
    paths = ("launch.cost_usd_per_kg", "designs[0].radiator.area_m2", "designs[0].compute.gpu_count",
             "shells[0].altitude_km")
    variant = apply_point(base, paths, np.array([150.0, 133.0, 64.0, 700.0]))
    before, after = _flat(base.model_dump(mode="json")), _flat(variant.model_dump(mode="json"))
    changed = {k for k in before if before[k] != after[k]}
    assert changed == set(paths) and before.keys() == after.keys()
    assert get_value(variant, "designs[0].compute.gpu_count") == 64
    assert isinstance(get_value(variant, "designs[0].compute.gpu_count"), int)
    assert base == default_scenario()  # the base is untouched


def test_apply_point_refuses_naming_the_input(base):
    with pytest.raises(StudyError) as e:
        apply_point(base, ("launch.cost_usd_per_kg", "designs[0].radiator.area_m2"), [150.0, -5.0])
    assert e.value.field == "designs[0].radiator.area_m2" and "refuses -5" in e.value.message
    with pytest.raises(StudyError, match=r"designs\[0\].compute.gpu_count: takes whole numbers, got 95.5"):
        apply_point(base, ("designs[0].compute.gpu_count",), [95.5])
    with pytest.raises(StudyError, match="whole numbers, got nan"):
        apply_point(base, ("designs[0].compute.gpu_count",), [math.nan])
