"""``run(study, base, client=None)``: a whole study, its table and its answer.

The study is checked against its base first (``validate_study``: an unknown path, a value the
scenario refuses, an unknown KPI are refused naming the input, before anything runs). Then:

* sweep, Monte Carlo, tornado, Pareto: the design points (``sampling.design_points``) are
  evaluated (``engine.evaluate_points``: in this process, or on a dask.distributed client) and
  summarised: P10/P50/P90 per KPI (Monte Carlo), bars by swing (tornado), the non-dominated points
  (Pareto);
* break-even: the input's value at which the orbital ``target_kpi`` equals ``target_site``'s, by
  Brent's method (``analysis.break_even``) on single evaluations, each on the client if one is
  given; every evaluation is a row of the table.

Every row of the table is one full ``evaluate`` of the base with that row's values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from orbitdesk.model.scenario import Scenario
from orbitdesk.study.analysis import BreakEven, break_even, pareto_front, percentiles, tornado_bars
from orbitdesk.study.engine import evaluate_points
from orbitdesk.study.fast import affine_table
from orbitdesk.study.sampling import design_points
from orbitdesk.study.spec import SITE_PREFIX, Study, study_to_json, validate_study
from orbitdesk.study.table import StudyTable


@dataclass(frozen=True)
class StudyResult:
    """A study's table and its answer: ``percentiles`` (KPI -> P10/P50/P90/mean/n, Monte Carlo),
    ``tornado`` (per KPI, bars widest first), ``pareto`` (row indices of the front, best first by
    the first objective), ``break_even`` (analysis.BreakEven)."""

    study: Study
    table: StudyTable
    percentiles: dict = field(default_factory=dict)
    tornado: dict = field(default_factory=dict)
    pareto: np.ndarray | None = None
    break_even: BreakEven | None = None

    @property
    def failed(self) -> int:
        return int((~np.asarray(self.table.ok, bool)).sum())


def site_key(site: str, kpi: str) -> str:
    return f"{SITE_PREFIX}{site}:{kpi}"


def _kpis(study: Study) -> tuple[str, ...]:
    """The study's KPIs, and those its answer needs (break-even targets, objectives), once each."""
    keys = list(study.kpis)
    if study.kind == "break_even":
        keys += [study.target_kpi, site_key(study.target_site, study.target_kpi)]
    if study.kind == "pareto":
        keys += [o.kpi for o in study.objectives]
    return tuple(dict.fromkeys(keys))


def run(study: Study, base: Scenario, client=None, *, progress: Callable[[int, int], None] | None = None,
        cancel=None, on_chunk=None, fast: bool = True) -> StudyResult:
    """Run ``study`` on ``base``; ``client``: None (this process) or a distributed.Client.
    ``progress(done, total)``, ``cancel`` (a threading.Event or a callable) and ``on_chunk`` as in
    ``engine.evaluate_points`` (a break-even calls progress after each evaluation and stops
    between them). ``fast``: a study varying only prices takes its table from the KPIs' slopes in
    them (``study.fast``, checked against full evaluations; it falls back to evaluating every point
    where the check fails). StudyError before anything runs for a study its base refuses."""
    validate_study(study, base)
    kpis = _kpis(study)
    meta = {"study": study_to_json(study)}
    if study.kind == "break_even":
        return _break_even(study, base, client, kpis, meta, progress, cancel)
    paths, values = design_points(study, base)
    table = affine_table(base, paths, values, kpis, metadata=meta) if fast else None
    if table is not None:
        if on_chunk is not None:
            on_chunk(table)
        if progress is not None:
            progress(len(table), len(table))
    else:
        table = evaluate_points(base, paths, values, kpis, client=client, progress=progress, cancel=cancel,
                                on_chunk=on_chunk, metadata=meta)
    result = StudyResult(study, table)
    if study.kind == "monte_carlo":
        result = StudyResult(study, table, percentiles={k: percentiles(table.column(k)) for k in kpis})
    elif study.kind == "tornado" and not table.cancelled:
        result = StudyResult(study, table, tornado={k: tornado_bars(paths, table.values, table.column(k))
                                                    for k in kpis})
    elif study.kind == "pareto":
        a, b = study.objectives
        front = table.index[pareto_front(table.column(a.kpi), table.column(b.kpi), (a.sense, b.sense))]
        result = StudyResult(study, table, pareto=np.asarray(front))
    return result


class _Cancelled(Exception):
    pass


def _break_even(study, base, client, kpis, meta, progress, cancel) -> StudyResult:
    inp = study.inputs[0]
    lo, hi = design_points(study, base)[1][:, 0]
    orbital, site = kpis.index(study.target_kpi), kpis.index(site_key(study.target_site, study.target_kpi))
    parts: list[StudyTable] = []
    stop = cancel.is_set if hasattr(cancel, "is_set") else (cancel or (lambda: False))

    def residual(x: float) -> float:
        if stop():
            raise _Cancelled
        part = evaluate_points(base, (inp.path,), [[x]], kpis, client=client, metadata=meta)
        part = StudyTable(part.paths, part.values, part.kpis, part.kpi_values, part.ok, part.errors,
                          index=np.array([len(parts)]), metadata=part.metadata)
        parts.append(part)
        if progress is not None:
            progress(len(parts), study.max_evals)
        if not part.ok[0]:
            return float("nan")
        return float(part.kpi_values[0, orbital] - part.kpi_values[0, site])

    try:
        found = break_even(residual, float(lo), float(hi), xtol=study.xtol, max_evals=study.max_evals)
        cancelled = False
    except _Cancelled:
        found, cancelled = None, True
    table = (StudyTable.concat(parts, cancelled=cancelled, metadata=parts[-1].metadata) if parts else
             StudyTable((inp.path,), np.zeros((0, 1)), kpis, np.zeros((0, len(kpis))), [], [], cancelled=cancelled))
    return StudyResult(study, table, break_even=found)
