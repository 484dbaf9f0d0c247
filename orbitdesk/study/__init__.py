"""Qt-free trade studies on a base scenario: sweeps, Monte Carlo, tornado, break-even, Pareto.

* ``spec``: the study value (``Study``, ``StudyInput``), its versioned file and its checks
  against a base scenario (``validate_study``, ``StudyError``);
* ``sampling``: the design points of a study (grids, Latin hypercube draws through inverse
  CDFs, tornado rows, break-even brackets) and ``apply_point`` to make each scenario;
* ``analysis``: percentiles, tornado bars, the Pareto front and break-even root finding on
  result arrays;
* ``engine`` and ``table`` (imported on their own, not from here): running a study on
  dask.distributed and streaming its results to a table.
"""

from orbitdesk.study.analysis import BreakEven, TornadoBar, break_even, pareto_front, percentiles, tornado_bars
from orbitdesk.study.sampling import (
    apply_point,
    design_points,
    input_range,
    latin_hypercube,
    normal_cdf,
    normal_ppf,
    quantile,
)
from orbitdesk.study.spec import (
    Objective,
    Study,
    StudyError,
    StudyInput,
    known_kpi_keys,
    load_study,
    parse_kpi_key,
    save_study,
    study_from_json,
    study_to_json,
    validate_study,
)

__all__ = [
    "BreakEven", "Objective", "Study", "StudyError", "StudyInput", "TornadoBar", "apply_point", "break_even",
    "design_points", "input_range", "known_kpi_keys", "latin_hypercube", "load_study", "normal_cdf", "normal_ppf",
    "parse_kpi_key", "pareto_front", "percentiles", "quantile", "save_study", "study_from_json", "study_to_json",
    "tornado_bars", "validate_study",
]
