"""``orbitdesk bench``: speed figures, printed (not a test; nothing here asserts).

1. evaluate() on the default scenario: first call, a new orbit geometry (the shell's sunlight,
   the array/battery supply and the ground-station visibility are recomputed), and a radiator
   edit (all three come from the caches);
2. evaluate() on a 1,000,000-satellite Walker shell (the size of the FCC filing), with peak memory;
3. sunlit computation: the sunlight stage evaluate() runs on every orbit it samples
   (``orbit_sim.sample_sunlight``: propagation, the Sun, shadow, penumbra, β; the mission life's
   call, several orbit starts of ``evaluate.LIFE_STEPS`` samples) vs skyfield's per-satellite
   ``sat.at(t).is_sunlit(eph)`` loop on the same satellites and times.
"""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc

import numpy as np


def _median_time(fn, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def bench_default(repeats: int) -> None:
    from orbitdesk.core import epoch_orbits, evaluate
    from orbitdesk.core.data_segment import _day_sample
    from orbitdesk.core.evaluate import clear_caches
    from orbitdesk.core.ground import _segment_kpis
    from orbitdesk.model import default_scenario, with_value

    s = default_scenario()
    t0 = time.perf_counter()
    evaluate(s)
    cold = time.perf_counter() - t0

    def new_geometry():
        clear_caches()
        _segment_kpis.cache_clear()
        _day_sample.cache_clear()  # the data segment's day of links
        evaluate(s)

    geometry = _median_time(new_geometry, repeats)
    edits = iter(range(10**6))
    design = _median_time(lambda: evaluate(with_value(s, "designs[0].radiator.area_m2",
                                                      100.0 + next(edits))), repeats)
    first = _median_time(lambda: epoch_orbits(with_value(s, "designs[0].radiator.area_m2",
                                                         100.0 + next(edits))), repeats)
    print(f"evaluate(default scenario, {s.satellite_count:,} satellites), median of {repeats}: "
          f"{geometry * 1e3:.0f} ms for a new orbit geometry, {design * 1e3:.0f} ms after a radiator "
          f"edit (first stage alone {first * 1e3:.1f} ms), {cold * 1e3:.0f} ms first call "
          "(ephemeris load)   target < 200 ms")


def bench_million(total: int, planes: int) -> None:
    from orbitdesk.core import evaluate
    from orbitdesk.model import WalkerShell, default_scenario

    base = default_scenario()
    s = base.model_copy(update={"shells": (WalkerShell(
        name="FCC-size Walker", design=base.designs[0].name, altitude_km=550.0,
        inclination_deg=53.0, total_satellites=total, planes=planes, phasing=1),)})
    evaluate(base)  # warm caches (ephemeris)
    tracemalloc.start()
    t0 = time.perf_counter()
    r = evaluate(s)
    dt = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"evaluate(Walker 53°:{total:,}/{planes:,}/1 at 550 km): {dt:.2f} s, "
          f"peak traced allocations {peak / 1024**3:.2f} GB, process peak RSS {rss_gb:.2f} GB   "
          f"target < 5 s and < 3 GB   ({r.kpis['launches']:,.0f} launches needed)")


def bench_sunlit(n_sats: int, n_times: int) -> None:
    """Time the sunlight evaluate() computes (orbit_sim.sample_sunlight, as _life_geometry calls
    it: ``n_times // LIFE_STEPS`` orbit starts within the first day, LIFE_STEPS samples each) for
    ``n_sats`` satellites of a Walker shell, against skyfield on the same satellites and times."""
    from sgp4.api import WGS72, Satrec
    from skyfield.api import EarthSatellite

    from orbitdesk.core import orbits
    from orbitdesk.core.constellation import Representatives
    from orbitdesk.core.ephemeris import ephemeris, times, timescale
    from orbitdesk.core.evaluate import LIFE_STEPS
    from orbitdesk.core.orbit_sim import sample_sunlight
    from orbitdesk.model import default_scenario

    epoch = default_scenario().epoch
    planes = max(n_sats // 10, 1)
    el = orbits.walker_elements(550.0, 53.0, planes * 10, planes, 1)
    ts, eph = timescale(), ephemeris()
    utc_days = ts.from_datetime(epoch).tai - 37 / 86400 - 2433281.5
    n = float(orbits.mean_motion_rad_s(550.0)) * 60
    sats = []
    for raan, u in zip(el.raan_rad.ravel(), el.arg_latitude_rad.ravel(), strict=True):
        sr = Satrec()
        sr.sgp4init(WGS72, "i", 1, utc_days, 0.0, 0.0, 0.0, 1e-7, 0.0, np.radians(53.0), float(u), n,
                    float(raan))
        sats.append(EarthSatellite.from_satrec(sr, ts))

    flat = orbits.CircularElements(*(np.ravel(a) for a in (el.altitude_km, el.inclination_rad, el.raan_rad,
                                                           el.arg_latitude_rad)))
    reps = Representatives(np.ones(len(sats)), float(orbits.period_s(550.0)), flat)
    starts = np.linspace(0.0, 86400.0 - reps.period_s, max(n_times // LIFE_STEPS, 1))

    def ours():
        return sample_sunlight(reps, epoch, starts, LIFE_STEPS)

    light = ours()
    t_ours = _median_time(ours, 5)
    mine = np.moveaxis(light.sunlit, -2, 0).reshape(len(sats), -1)  # (S, starts × steps)
    t = times(epoch, light.time_s.reshape(-1))
    steps = mine.size

    t0 = time.perf_counter()
    theirs = np.stack([s.at(t).is_sunlit(eph) for s in sats])
    t_sky = time.perf_counter() - t0

    agree = (mine == theirs).mean()
    print(f"sunlit, {len(sats):,} satellites × {mine.shape[1]:,} times ({starts.size} orbits of {LIFE_STEPS} "
          f"samples; {steps:,} satellite-steps):")
    print(f"  skyfield loop (sat.at(t).is_sunlit): {t_sky:.2f} s = {steps / t_sky / 1e3:,.0f} k steps/s")
    print(f"  OrbitDesk (orbit_sim.sample_sunlight, as evaluate calls it: Sun, shadow, penumbra, β): "
          f"{t_ours * 1e3:.1f} ms = {steps / t_ours / 1e6:,.1f} M steps/s")
    print(f"  ratio {t_sky / t_ours:,.0f}×   target ≥ 100×   (agreement {agree:.2%})")


def run_benchmarks(quick: bool = False) -> None:
    import os
    import platform

    print(f"OrbitDesk benchmark on {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, numpy {np.__version__}")
    bench_default(3 if quick else 10)
    from orbitdesk.handover.bench import bench_handover

    if quick:
        print("(quick sizes for a smoke run: the targets apply to the full `orbitdesk bench`)")
        bench_million(10_000, 100)
        bench_sunlit(20, 200)
        bench_handover(1, 2)
    else:
        bench_million(1_000_000, 1_000)
        bench_sunlit(1000, 1440)
        bench_handover()
