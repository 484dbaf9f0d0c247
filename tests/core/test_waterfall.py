"""The delivered-compute waterfall (core/waterfall.py; issue 9 item 5): peak → utilization → SEU →
power throttle → heat throttle → GPU failures → deployment ramp, over the horizon."""

import numpy as np
import pytest

from orbitdesk.core import evaluate
from orbitdesk.core.constants import YEAR_S
from orbitdesk.core.results import ComputeStages
from orbitdesk.core.waterfall import compute_waterfall
from orbitdesk.model import with_value
from orbitdesk.model.catalog import entry

CLOSE = 1e-9  # relative: the stages integrate the same timelines evaluate does
# NVIDIA H100 SXM datasheet: 1,979 TFLOPS BF16 with sparsity, i.e. 989 (989.4) TFLOPS dense
H100_BF16_DENSE_FLOP_PER_S = 989.4e12
DATASHEET_ROUNDING = 1e-3


@pytest.fixture(scope="module")
def results(scenario):
    return evaluate(scenario)


def loss(wf, label: str) -> float:
    return next(s.lost_flop for s in wf.stages if s.label == label)


def test_stages_in_order_and_the_last_is_the_delivered_kpi(results):
    wf = compute_waterfall(results)
    assert wf.labels() == ComputeStages.STAGES
    assert wf.labels()[0] == "Peak" and wf.labels()[-1] == "Deployment ramp"
    assert wf.delivered_flop == pytest.approx(results.kpis["lifetime_flop"], rel=CLOSE)
    # each bar is what entered it less what it lost
    remaining, lost = wf.remaining(), wf.lost()
    np.testing.assert_allclose(remaining[:-1] - lost[1:], remaining[1:], rtol=CLOSE)
    assert lost[0] == 0.0
    assert np.all(lost >= -CLOSE * wf.peak_flop)  # the default loses at every stage (or nothing)


def test_peak_bar_from_catalog_figures(scenario, results):
    wf = compute_waterfall(results)
    d = scenario.designs[0]
    peak_per_gpu = float(entry("gpus", d.compute.gpu)[f"{d.compute.precision}_dense_tflops"]) * 1e12
    assert peak_per_gpu == pytest.approx(H100_BF16_DENSE_FLOP_PER_S, rel=DATASHEET_ROUNDING)
    gpus = scenario.satellite_count * d.compute.gpu_count
    assert gpus == results.kpis["gpus"] == 2660 * 96
    horizon_s = scenario.economics.analysis_years * YEAR_S
    assert wf.peak_flop == pytest.approx(gpus * peak_per_gpu * horizon_s, rel=CLOSE)


def test_utilization_and_seu_stages_are_their_factors(scenario, results):
    wf = compute_waterfall(results)
    c = scenario.designs[0].compute
    r = wf.stages
    assert r[1].remaining_flop == pytest.approx(r[0].remaining_flop * c.utilization, rel=CLOSE)
    seu = results.kpis["seu_downtime_fraction"]
    assert 0 < seu < 0.1
    assert r[2].remaining_flop == pytest.approx(r[1].remaining_flop * (1 - seu), rel=CLOSE)


def test_full_utilization_removes_its_loss(scenario, results):
    full = evaluate(with_value(scenario, "designs[0].compute.utilization", 1.0))
    wf, before = compute_waterfall(full), compute_waterfall(results)
    assert loss(before, "Utilization") > 0
    assert loss(wf, "Utilization") == 0.0
    assert wf.delivered_flop == pytest.approx(full.kpis["lifetime_flop"], rel=CLOSE)


def test_huge_radiator_removes_the_heat_throttle(scenario):
    small = evaluate(with_value(scenario, "designs[0].radiator.area_m2", 60.0))
    heat = next(s for s in compute_waterfall(small).stages if s.label == "Heat throttle")
    assert heat.lost_fraction > 0.05  # half the radiator the default needs: a tenth throttled
    huge = evaluate(with_value(scenario, "designs[0].radiator.area_m2", 5000.0))
    wf = compute_waterfall(huge)
    assert loss(wf, "Heat throttle") == pytest.approx(0.0, abs=CLOSE * wf.peak_flop)
    assert wf.delivered_flop == pytest.approx(huge.kpis["lifetime_flop"], rel=CLOSE)


def test_zero_failure_rate_removes_the_failures(scenario, results):
    assert loss(compute_waterfall(results), "GPU failures") > 0
    assert results.kpis["dose_life_years"] > scenario.economics.analysis_years  # no dose-life end either
    none = evaluate(with_value(scenario, "designs[0].compute.failure_rate_per_year", 0.0))
    wf = compute_waterfall(none)
    assert loss(wf, "GPU failures") == pytest.approx(0.0, abs=CLOSE * wf.peak_flop)
    assert wf.delivered_flop == pytest.approx(none.kpis["lifetime_flop"], rel=CLOSE)


def test_shells_sum_to_the_fleet(scenario):
    from orbitdesk.model import WalkerShell

    two = scenario.model_copy(update={"shells": (*scenario.shells, WalkerShell(
        name="Walker 550", design=scenario.designs[0].name, altitude_km=550.0, inclination_deg=53.0,
        total_satellites=40, planes=4, phasing=1))})
    r = evaluate(two)
    wf = compute_waterfall(r)
    assert set(wf.shells) == {s.name for s in two.shells}
    total = np.sum([[s.remaining_flop for s in stages] for stages in wf.shells.values()], axis=0)
    np.testing.assert_allclose(total, wf.remaining(), rtol=CLOSE)
    assert wf.delivered_flop == pytest.approx(r.kpis["lifetime_flop"], rel=CLOSE)


def test_results_without_stages():
    class Old:
        stages = None

    assert compute_waterfall(Old()) is None


def test_replacement_launches_are_named_in_the_last_stage(scenario):
    """With replenishment the replacements' FLOP (a gain over the planned ramp) is in the last bar,
    which says so, and that bar is still the delivered KPI."""
    from orbitdesk.core.waterfall import REPLENISHED_RAMP

    r = evaluate(with_value(scenario, "launch.replenishment", "keep_above"))
    w = compute_waterfall(r)
    assert w.stages[-1].label == REPLENISHED_RAMP
    assert w.stages[-1].remaining_flop == pytest.approx(r.kpis["lifetime_flop"], rel=1e-9)
