"""The fast path for studies that vary only prices: the KPIs are affine in them.

A price (launch $/kg, a part's $/W, $/kWh, $/m² or $/kg, the GPU's price, the programme's fixed and
yearly costs) sets no mass, no launch and no physics: every cost the core adds up is a sum of
such prices times quantities that do not depend on them, so each KPI is ``K(p) = K(p₀) + Σᵢ (pᵢ −
p₀ᵢ)·gᵢ`` (ratios such as cost per exaFLOP divide a cost by compute that no price moves). The slopes
``gᵢ`` come from one evaluation per price beside the base's; the whole table then takes a matrix
product. Two points of the study are evaluated in full as a check (to ``CHECK_REL_TOL``); if they
disagree, or any input is not a price, ``affine_table`` returns None and the study evaluates every
point (``engine.evaluate_points``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

import numpy as np

from orbitdesk.model.edit import get_value, with_value
from orbitdesk.model.scenario import Scenario
from orbitdesk.study.sampling import apply_point
from orbitdesk.study.table import StudyTable

PRICE_PATHS = re.compile(
    r"^(launch\.cost_usd_per_kg"
    r"|designs\[\d+\]\.(solar\.cost_usd_per_w|battery\.cost_usd_per_kwh|radiator\.cost_usd_per_m2"
    r"|compute\.gpu_unit_cost_usd|bus\.cost_usd_per_kg)"
    r"|economics\.(nonrecurring_cost_usd|operations_usd_per_year))$")
CHECK_REL_TOL = 1e-9  # the affine table against full evaluations at the check points
MIN_POINTS = 8  # fewer points: evaluating each costs no more than the slopes and checks


def is_price(path: str) -> bool:
    return bool(PRICE_PATHS.match(path))


def _kpi_row(results, kpis: Sequence[str]) -> np.ndarray:
    from orbitdesk.study.engine import kpi_value

    return np.array([kpi_value(results, k) for k in kpis], dtype=float)


def affine_table(base: Scenario, paths: Sequence[str], values: np.ndarray, kpis: Sequence[str],
                 metadata: dict[str, str] | None = None) -> StudyTable | None:
    """The study's table from the slopes of its KPIs in its prices, or None where the fast path
    does not apply (an input that is not a price, few points) or its check fails. Every value is
    one the scenario accepts (validate_study checked each column's extremes; a price field has
    only bounds)."""
    from orbitdesk.core import evaluate
    from orbitdesk.model.fileformat import scenario_to_json
    from orbitdesk.study.table import package_versions

    values = np.asarray(values, dtype=float).reshape(-1, len(paths))
    if len(values) < MIN_POINTS or not paths or not all(is_price(p) for p in paths):
        return None
    start = time.perf_counter()
    p0 = np.array([float(get_value(base, p)) for p in paths])
    k0 = _kpi_row(evaluate(base), kpis)
    slopes = np.empty((len(paths), len(kpis)))
    for i, path in enumerate(paths):
        step = max(abs(p0[i]), 1.0)  # a whole unit at least: the slope of an affine KPI is exact
        slopes[i] = (_kpi_row(evaluate(with_value(base, path, p0[i] + step)), kpis) - k0) / step
    table = k0 + (values - p0) @ slopes
    # a KPI with no value at the base (n/a) has none anywhere: NaN, not an extrapolation
    table[:, np.isnan(k0)] = np.nan
    for row in (0, len(values) - 1):  # the check: two points in full
        full = _kpi_row(evaluate(apply_point(base, paths, values[row])), kpis)
        same = np.isclose(table[row], full, rtol=CHECK_REL_TOL, atol=0.0, equal_nan=True)
        if not same.all():
            return None
    meta = {**(metadata or {}), **{f"{k}_version": v for k, v in package_versions().items()},
            "base_scenario": scenario_to_json(base),
            "executor": f"affine in prices ({len(paths) + 3} evaluations; checked at 2 points to "
                        f"{CHECK_REL_TOL:g})", "wall_s": f"{time.perf_counter() - start:.3f}"}
    return StudyTable(tuple(paths), values, tuple(kpis), table, np.ones(len(values), bool),
                      [""] * len(values), metadata=meta)
