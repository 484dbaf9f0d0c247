"""``orbitdesk bench --study``: trade-study speed figures, printed (nothing here asserts).

The cases of issue 10, on the default scenario, through the path ``orbitdesk study`` uses
(``study.run``: validation, design points, ``engine.evaluate_points``, the answer):

1. Monte Carlo (Latin hypercube) varying launch price, array specific power, radiator areal mass,
   GPU failure rate and utilization: in this process and on a 2-worker local cluster;
2. an economics-only sweep (launch price): every point evaluated, and 10,000 points on the affine
   path for prices (``study.fast``), with a Monte Carlo of launch price and array cost on it;
3. an altitude sweep: 1 and 2 local workers (the speed-up).

Every point is one full ``evaluate``: the counts are smaller than the issue's targets (1,000
draws, 10,000 points), and the time per point is printed beside what the target would take.
"""

from __future__ import annotations

import os
import resource
import time

FIVE_INPUTS = (
    ("launch.cost_usd_per_kg", 50.0, 200.0, 1500.0),
    ("designs[0].solar.specific_power_w_per_kg", 60.0, 110.0, 200.0),
    ("designs[0].radiator.areal_mass_kg_per_m2", 3.0, 5.0, 10.0),
    ("designs[0].compute.failure_rate_per_year", 0.03, 0.09, 0.2),
    ("designs[0].compute.utilization", 0.3, 0.4, 0.6),
)
KPIS = ("cost_per_exaflop_usd", "lifetime_flop")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _timed(study, base, client=None, fast: bool = True) -> tuple[float, int]:
    from orbitdesk.study.run import run

    t0 = time.perf_counter()
    result = run(study, base, client, fast=fast)
    return time.perf_counter() - t0, len(result.table) - result.failed


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load unknown"
    return f"load {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def run_study_benchmarks(quick: bool = False) -> int:
    from orbitdesk.core.allocator import keep_freed_memory
    from orbitdesk.model import default_scenario
    from orbitdesk.study import Study, StudyInput

    keep_freed_memory()
    base = default_scenario()
    draws, sweep_n, altitudes = (10, 10, 4) if quick else (200, 200, 20)
    big_draws, big_sweep = (100, 100) if quick else (1000, 10_000)
    mc = Study(kind="monte_carlo", samples=draws, seed=1, kpis=KPIS, inputs=tuple(
        StudyInput(path=p, distribution="triangular", lo=lo, mode=mode, hi=hi) for p, lo, mode, hi in FIVE_INPUTS))
    econ = Study(kind="sweep", kpis=KPIS, inputs=(StudyInput(path="launch.cost_usd_per_kg", lo=50.0, hi=2000.0,
                                                             n=sweep_n),))
    alt = Study(kind="sweep", kpis=KPIS, inputs=(StudyInput(path="shells[0].altitude_km", lo=500.0, hi=1200.0,
                                                            n=altitudes),))
    from orbitdesk.core import evaluate

    evaluate(base)  # the Sun ephemeris and the default geometry, once
    print(f"trade studies, default scenario ({_load()}); every point is one full evaluate except on the affine "
          "path for prices")
    s, ok = _timed(mc, base)
    print(f"Monte Carlo, 5 inputs, {draws} draws in this process: {s:.1f} s ({s / draws * 1e3:.0f} ms per draw; "
          f"1,000 draws would take {s / draws * 1000:.0f} s, target 10 s); {ok} ok")
    s, ok = _timed(econ, base, fast=False)
    print(f"economics-only sweep (launch price), {sweep_n} points in this process, every point evaluated: "
          f"{s:.1f} s ({s / sweep_n * 1e3:.0f} ms per point)")
    big = Study(kind="sweep", kpis=KPIS, inputs=(StudyInput(path="launch.cost_usd_per_kg", lo=50.0, hi=2000.0,
                                                            n=big_sweep),))
    s, ok = _timed(big, base)
    print(f"economics-only sweep (launch price), {big_sweep:,} points, affine in prices (study.fast): {s:.2f} s "
          f"(target 2 s); {ok:,} ok")
    prices = Study(kind="monte_carlo", samples=big_draws, seed=1, kpis=KPIS, inputs=tuple(
        StudyInput(path=p, distribution="triangular", lo=lo, mode=mode, hi=hi) for p, lo, mode, hi in (
            ("launch.cost_usd_per_kg", 50.0, 200.0, 1500.0), ("designs[0].solar.cost_usd_per_w", 10.0, 30.0, 80.0))))
    s, ok = _timed(prices, base)
    print(f"Monte Carlo of launch price and array cost, {big_draws:,} draws, affine in prices: {s:.2f} s "
          f"(the five-input target: 10 s for 1,000 draws)")
    try:
        from orbitdesk.study.engine import connect
    except ImportError:
        print("dask.distributed is not installed: no cluster figures")
        return 0
    times = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        client = connect(None, workers)
        start_s = time.perf_counter() - t0
        try:
            times[workers] = _timed(alt, base, client)[0]
            if workers == 2:
                s, ok = _timed(mc, base, client)
                print(f"Monte Carlo, 5 inputs, {draws} draws on 2 local workers: {s:.1f} s "
                      f"({s / draws * 1e3:.0f} ms per draw; cluster start {start_s:.1f} s not included)")
        finally:
            client.close()
    print(f"altitude sweep, {altitudes} altitudes: 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s "
          f"({times[1] / times[2]:.2f}×, target ≥ 1.7×; 20 altitudes target ≤ 20 s)")
    print(f"peak RSS of this process: {_rss_mb():.0f} MB; {_load()}")
    return 0
