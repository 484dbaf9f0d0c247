"""The trade study: a validated, versioned value, and its file.

A study varies inputs of a base scenario, each named by its scenario path
(``launch.cost_usd_per_kg``, ``shells[0].altitude_km``, ``designs[0].radiator.area_m2``) and
given in that field's own unit, and records KPIs. An input is exactly one of

* a grid: ``lo``, ``hi``, ``n`` points (``log``: geometric spacing, both ends > 0);
* a list of ``values``;
* a ``distribution``: ``uniform`` (lo, hi), ``triangular`` (lo, mode, hi), ``normal`` (mean, sd;
  optional ``lo``/``hi`` truncate it) or ``lognormal`` (``median`` and ``sigma``, the standard
  deviation of the natural logarithm; optional ``lo``/``hi`` truncate it).

Kinds: ``sweep`` (1 or 2 grid/list inputs, full factorial), ``monte_carlo`` (distribution inputs,
Latin hypercube of ``samples`` draws from ``seed``), ``tornado`` (each input at its low and high,
the others at the base), ``break_even`` (the value of one input at which the orbital
``target_kpi`` equals that of terrestrial site ``target_site``), ``pareto`` (the non-dominated
points of two ``objectives``). A KPI key is an orbital KPI name (``cost_per_exaflop_usd``) or
``site:<site name>:<kpi>`` for a terrestrial site's.

File layout (the scenario is optional: the base the study was made on, a whole scenario
document, migrated like a scenario file)::

    {"format": "orbitdesk.study", "version": 1, "study": {...},
     "scenario": {"format": "orbitdesk.scenario", "version": 3, "scenario": {...}}}

Reading refuses a bad file whole, naming the field (``ScenarioFileError``). The structural checks
are the pydantic model's; ``validate_study`` checks a study against its base scenario (paths
exist and are numbers, every value the study will use is accepted, KPI keys are known).
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from orbitdesk.model.edit import get_value, parse_path, with_value
from orbitdesk.model.errors import ScenarioFileError, first_control, first_problem
from orbitdesk.model.fileformat import (
    MAX_NESTING,
    atomic_write_text,
    nesting_depth,
    read_text_bounded,
    scenario_from_json,
    scenario_to_json,
)
from orbitdesk.model.scenario import Scenario

FORMAT = "orbitdesk.study"
VERSION = 1
SUFFIX = ".study.json"

MAX_INPUTS = 20
MAX_GRID = 100_000  # points on one grid axis
MAX_VALUES = 10_000  # items of one values list
MAX_SAMPLES = 1_000_000  # Monte Carlo draws (and Pareto draws)
MAX_POINTS = 1_000_000  # design points of a sweep or a factorial Pareto study
MAX_KPIS = 100
MAX_EVALS = 200  # break-even evaluations (each a full evaluate)
MAX_SD_FROM_MEAN = 30.0  # a truncation range further out than this holds no float probability

Kind = Literal["sweep", "monte_carlo", "tornado", "break_even", "pareto"]
Distribution = Literal["uniform", "triangular", "normal", "lognormal"]
SITE_PREFIX = "site:"
DEFAULT_KPIS = ("cost_per_exaflop_usd", "levelised_cost_per_exaflop_usd", "lifetime_flop", "total_cost_usd")

_KPI_NAME = re.compile(r"[a-z][a-z0-9_]*")
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*)*")


class StudyError(ValueError):
    """A study that cannot run on its scenario; ``field`` is the input's path (or the KPI key)."""

    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


def parse_kpi_key(key: str) -> tuple[str | None, str]:
    """'cost_per_exaflop_usd' -> (None, 'cost_per_exaflop_usd');
    'site:New build, Northern Virginia:cost_per_exaflop_usd' -> ('New build, Northern Virginia', ...)."""
    if key.startswith(SITE_PREFIX):
        site, sep, kpi = key[len(SITE_PREFIX):].rpartition(":")
        if not sep or not site:
            raise ValueError(f"{key!r}: a site KPI is written site:<site name>:<kpi>")
        return site, kpi
    return None, key


def _check_kpi_key(key: str) -> str:
    if (i := first_control(key)) is not None:
        raise ValueError(f"contains the control character U+{ord(key[i]):04X}")
    _, kpi = parse_kpi_key(key)
    if not _KPI_NAME.fullmatch(kpi):
        raise ValueError(f"{key!r} is not a KPI key (a name such as cost_per_exaflop_usd, "
                         "or site:<site name>:<kpi>)")
    return key


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


KpiKey = Annotated[str, Field(min_length=1, max_length=200)]
Label = Annotated[str, Field(min_length=1, max_length=120)]


class Objective(_Part):
    """One axis of a Pareto study: a KPI key and whether less (``min``) or more (``max``) is better."""

    kpi: KpiKey
    sense: Literal["min", "max"] = "min"

    @field_validator("kpi")
    @classmethod
    def _kpi_ok(cls, v: str) -> str:
        return _check_kpi_key(v)


# parameters each way of giving an input may (and must) have
_NEEDS = {
    "grid": ({"lo", "hi", "n"}, {"log"}),
    "values": ({"values"}, set()),
    "uniform": ({"lo", "hi"}, set()),
    "triangular": ({"lo", "mode", "hi"}, set()),
    "normal": ({"mean", "sd"}, {"lo", "hi"}),
    "lognormal": ({"median", "sigma"}, {"lo", "hi"}),
}
_PARAMETERS = ("lo", "hi", "n", "log", "values", "mode", "mean", "sd", "median", "sigma")


class StudyInput(_Part):
    """One varied input: a scenario path (its value in the field's unit) and how it varies."""

    path: Annotated[str, Field(min_length=1, max_length=300)]
    label: Label | None = None
    lo: float | None = None
    hi: float | None = None
    n: Annotated[int, Field(ge=2, le=MAX_GRID)] | None = None
    log: bool = False
    values: Annotated[tuple[float, ...], Field(min_length=1, max_length=MAX_VALUES)] | None = None
    distribution: Distribution | None = None
    mode: float | None = None
    mean: float | None = None
    sd: Annotated[float, Field(gt=0.0)] | None = None
    median: Annotated[float, Field(gt=0.0)] | None = None
    sigma: Annotated[float, Field(gt=0.0)] | None = None

    @field_validator("path")
    @classmethod
    def _path_ok(cls, v: str) -> str:
        if not _PATH.fullmatch(v):
            raise ValueError(f"{v!r} is not a scenario path (e.g. designs[0].radiator.area_m2)")
        return v

    @property
    def way(self) -> str:
        """'grid', 'values' or the distribution's name."""
        if self.distribution is not None:
            return self.distribution
        return "values" if self.values is not None else "grid"

    @property
    def is_distribution(self) -> bool:
        return self.distribution is not None

    @property
    def name(self) -> str:
        return self.label or self.path

    @model_validator(mode="after")
    def _one_way(self) -> StudyInput:
        given = {p for p in _PARAMETERS if getattr(self, p) is not None and getattr(self, p) is not False}
        ways = [w for w, on in (("a grid (n)", self.n is not None), ("a values list", self.values is not None),
                                ("a distribution", self.distribution is not None)) if on]
        if len(ways) != 1:
            raise ValueError(f"input {self.path}: give exactly one of a grid (lo, hi, n), a values list or a "
                             f"distribution; got {' and '.join(ways) if ways else 'none'}")
        need, may = _NEEDS[self.way]
        if missing := sorted(need - given):
            raise ValueError(f"input {self.path}: {self.way} needs {', '.join(missing)}")
        if extra := sorted(given - need - may):
            raise ValueError(f"input {self.path}: {', '.join(extra)} {'is' if len(extra) == 1 else 'are'} not "
                             f"a parameter of {self.way}")
        if self.lo is not None and self.hi is not None and not self.lo < self.hi:
            raise ValueError(f"input {self.path}: lo ({self.lo:g}) must be below hi ({self.hi:g})")
        if self.log and self.lo <= 0.0:
            raise ValueError(f"input {self.path}: a log-spaced grid needs lo > 0 (got {self.lo:g})")
        if self.way == "triangular" and not self.lo <= self.mode <= self.hi:
            raise ValueError(f"input {self.path}: mode ({self.mode:g}) must lie in [lo, hi] = "
                             f"[{self.lo:g}, {self.hi:g}]")
        if self.way == "normal":
            a = -math.inf if self.lo is None else (self.lo - self.mean) / self.sd
            b = math.inf if self.hi is None else (self.hi - self.mean) / self.sd
            if a > MAX_SD_FROM_MEAN or b < -MAX_SD_FROM_MEAN:
                raise ValueError(f"input {self.path}: the bounds lie more than {MAX_SD_FROM_MEAN:g} sd from the "
                                 "mean; nothing of the distribution is left between them")
        if self.way == "lognormal":
            if self.hi is not None and self.hi <= 0.0:
                raise ValueError(f"input {self.path}: a lognormal takes positive values; hi must be > 0")
            logs = [math.log(x / self.median) / self.sigma for x in (self.lo, self.hi) if x is not None and x > 0]
            if any(abs(z) > MAX_SD_FROM_MEAN for z in logs) and (
                    (self.lo is not None and self.lo > self.median) or (self.hi is not None and self.hi < self.median)):
                raise ValueError(f"input {self.path}: the bounds lie more than {MAX_SD_FROM_MEAN:g} sigma from the "
                                 "median; nothing of the distribution is left between them")
        return self

    @property
    def count(self) -> int | None:
        """Points of a grid or list (None for a distribution)."""
        return self.n if self.n is not None else (len(self.values) if self.values is not None else None)


class Study(_Part):
    """A trade study on a base scenario (the scenario is not part of the value)."""

    kind: Kind
    name: Label | None = None
    inputs: Annotated[tuple[StudyInput, ...], Field(min_length=1, max_length=MAX_INPUTS)]
    samples: Annotated[int, Field(ge=1, le=MAX_SAMPLES)] = Field(
        default=1000, description="Monte Carlo (and drawn Pareto) sample count")
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    kpis: Annotated[tuple[KpiKey, ...], Field(min_length=1, max_length=MAX_KPIS)] = DEFAULT_KPIS
    target_kpi: KpiKey | None = Field(default=None, description="break-even: the orbital KPI compared")
    target_site: Label | None = Field(default=None, description="break-even: the terrestrial site it must equal")
    objectives: tuple[Objective, Objective] | None = Field(default=None, description="pareto: the two KPIs")
    xtol: Annotated[float, Field(gt=0.0)] | None = Field(
        default=None, description="break-even: tolerance on the input, in its unit (default 1e-6 of the bracket)")
    max_evals: Annotated[int, Field(ge=3, le=MAX_EVALS)] = Field(
        default=50, description="break-even: most evaluations (each a full evaluate)")

    @field_validator("kpis")
    @classmethod
    def _kpis_ok(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for key in v:
            _check_kpi_key(key)
        if len(set(v)) != len(v):
            raise ValueError("a KPI is listed twice")
        return v

    @model_validator(mode="after")
    def _fits_kind(self) -> Study:
        paths = [i.path for i in self.inputs]
        if len(set(paths)) != len(paths):
            raise ValueError(f"input {next(p for p in paths if paths.count(p) > 1)} is varied twice")
        drawn = [i.is_distribution for i in self.inputs]
        if self.kind == "sweep":
            if len(self.inputs) > 2:
                raise ValueError(f"a sweep varies 1 or 2 inputs, got {len(self.inputs)}")
            if any(drawn):
                raise ValueError(f"input {self.inputs[drawn.index(True)].path}: a sweep input is a grid or a "
                                 "values list, not a distribution (use monte_carlo)")
        if self.kind == "monte_carlo" and not all(drawn):
            raise ValueError(f"input {self.inputs[drawn.index(False)].path}: a Monte Carlo input needs a "
                             "distribution")
        if self.kind == "pareto":
            if self.objectives is None:
                raise ValueError("a Pareto study needs two objectives (kpi and sense)")
            if any(drawn) and not all(drawn):
                raise ValueError("a Pareto study's inputs are all grids/lists (factorial) or all distributions "
                                 "(drawn), not a mix")
        if self.kind in ("sweep", "pareto") and not any(drawn):
            points = math.prod(i.count for i in self.inputs)
            if points > MAX_POINTS:
                raise ValueError(f"{points:,} design points; a study holds at most {MAX_POINTS:,}")
        if self.kind == "break_even":
            if len(self.inputs) != 1:
                raise ValueError(f"a break-even varies exactly 1 input, got {len(self.inputs)}")
            if self.target_kpi is None or self.target_site is None:
                raise ValueError("a break-even needs target_kpi and target_site")
        if self.target_kpi is not None:
            _check_kpi_key(self.target_kpi)
            if parse_kpi_key(self.target_kpi)[0] is not None:
                raise ValueError("target_kpi is an orbital KPI name; the site is target_site")
        return self


# --- checks against the base scenario ----------------------------------------------------------


@functools.cache
def known_kpi_keys() -> tuple[frozenset[str], frozenset[str]]:
    """(orbital KPI names, terrestrial KPI names), from one evaluate of the default scenario
    (about 0.5 s, done once per process)."""
    from orbitdesk.core import evaluate
    from orbitdesk.model.defaults import default_scenario

    results = evaluate(default_scenario())
    site = next(iter(results.terrestrial_kpis.values()), {})
    return frozenset(results.kpis), frozenset(site)


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def field_is_integer(base: Scenario, path: str) -> bool:
    """Whether the field at ``path`` holds a whole number (planes, gpu_count, faces)."""
    return isinstance(get_value(base, path), int) and not isinstance(get_value(base, path), bool)


def _check_kpi_known(key: str, where: str, base: Scenario, known: tuple[frozenset[str], frozenset[str]]) -> None:
    site, kpi = parse_kpi_key(key)
    names = known[0] if site is None else known[1]
    if kpi not in names:
        raise StudyError(where, f"unknown {'orbital' if site is None else 'site'} KPI {kpi!r}")
    if site is not None and site not in {s.name for s in base.terrestrial}:
        raise StudyError(where, f"no terrestrial site {site!r} in the scenario; it has: "
                                f"{', '.join(s.name for s in base.terrestrial) or 'none'}")


def validate_study(study: Study, base: Scenario,
                   known: tuple[frozenset[str], frozenset[str]] | None = None) -> None:
    """Check ``study`` against ``base``; StudyError naming the input (or KPI) otherwise.

    Each input's path must exist and hold a number, and every value the study will set there
    (the grid or list, the stated bounds, the extremes of the draws or of the low/high range)
    must be accepted by the scenario with the other inputs at their base values; an integer
    field takes whole grid/list values. ``known`` is (orbital KPI names, site KPI names),
    default ``known_kpi_keys()``."""
    from orbitdesk.study.sampling import design_points, input_range

    known = known_kpi_keys() if known is None else known
    data = base.model_dump(mode="json")
    for inp in study.inputs:
        try:
            node = data
            for key in parse_path(inp.path):  # a stored field (not a property such as satellite_count)
                node = node[key]
            current = get_value(base, inp.path)
        except (AttributeError, IndexError, KeyError, TypeError):
            raise StudyError(inp.path, "no such field in the scenario") from None
        if not (_is_number(current) or current is None) or not parse_path(inp.path):
            raise StudyError(inp.path, f"not a number: it holds a {type(current).__name__} (vary one of its "
                                       "numeric fields, e.g. a path ending in .area_m2)")
    paths, points = design_points(study, base)
    for j, inp in enumerate(study.inputs):
        integer = field_is_integer(base, inp.path)
        used = points[:, j]
        if integer and not inp.is_distribution:
            frac = used[np.abs(used - np.round(used)) > 1e-9]
            if frac.size:
                raise StudyError(inp.path, f"takes whole numbers; the study would set {frac[0]:g}")
        checks = {float(used.min()), float(used.max()), *input_range(inp)}
        checks |= {x for x in (inp.lo, inp.hi) if x is not None}
        if inp.values is not None:
            checks |= set(inp.values)
        for x in sorted(checks):
            value = round(x) if integer else x
            try:
                changed = with_value(base, inp.path, value)
            except ValidationError as e:
                field, problem = first_problem(e, count_others=False)
                where = "" if field == inp.path else f" ({field})"
                raise StudyError(inp.path, f"the scenario refuses {x:g}{where}: {problem}") from None
            if current is None and not _is_number(get_value(changed, inp.path)):
                raise StudyError(inp.path, "not a number")
    for key in study.kpis:
        _check_kpi_known(key, key, base, known)
    if study.kind == "break_even":
        _check_kpi_known(study.target_kpi, "target_kpi", base, known)
        _check_kpi_known(f"{SITE_PREFIX}{study.target_site}:{study.target_kpi}", "target_site", base, known)
    if study.objectives is not None:
        for obj in study.objectives:
            _check_kpi_known(obj.kpi, obj.kpi, base, known)


# --- the file ------------------------------------------------------------------------------------


def study_to_json(study: Study, base: Scenario | None = None) -> str:
    """The study document; ``base`` embedded as a whole scenario document when given."""
    doc: dict = {"format": FORMAT, "version": VERSION, "study": study.model_dump(mode="json")}
    if base is not None:
        doc["scenario"] = json.loads(scenario_to_json(base))
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def study_from_json(text: str, source: str = "<text>") -> tuple[Study, Scenario | None]:
    """(study, embedded base scenario or None); ScenarioFileError naming the field on any problem."""
    if (depth := nesting_depth(text)) > MAX_NESTING:
        raise ScenarioFileError(source, f"nested {depth} levels deep; a study file nests at most {MAX_NESTING}")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ScenarioFileError(source, f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    except (ValueError, RecursionError) as e:
        raise ScenarioFileError(source, f"not a usable JSON file: {e}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ScenarioFileError(source, f"not an OrbitDesk study (expected \"format\": \"{FORMAT}\")", "format")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ScenarioFileError(source, "must be a whole number", "version")
    if version > VERSION:
        raise ScenarioFileError(source, f"file version {version} was written by a newer OrbitDesk; this one reads "
                                        f"study files up to version {VERSION}", "version")
    if version < 1:
        raise ScenarioFileError(source, f"no study file version {version} exists", "version")
    if extra := sorted(set(doc) - {"format", "version", "study", "scenario"}):
        raise ScenarioFileError(source, "not a field of a study file", extra[0])
    if not isinstance(doc.get("study"), dict):
        raise ScenarioFileError(source, "missing or not an object", "study")
    try:
        study = Study.model_validate(doc["study"])
    except ValidationError as e:
        # the first problem only: a refused input also fails the list it is in ("at least 1 item")
        field, problem = first_problem(e, count_others=False)
        raise ScenarioFileError(source, problem, "study." + field if field != "(scenario)" else "study") from None
    base = None
    if "scenario" in doc:
        try:
            base = scenario_from_json(json.dumps(doc["scenario"]), source)
        except ScenarioFileError as e:
            raise ScenarioFileError(source, e.problem, "scenario." + e.field if e.field else "scenario") from None
    return study, base


def load_study(path: str | os.PathLike) -> tuple[Study, Scenario | None]:
    """Read a study file (bounded like a scenario file): (study, embedded base or None)."""
    return study_from_json(read_text_bounded(path), str(path))


def save_study(study: Study, path: str | os.PathLike, base: Scenario | None = None) -> None:
    """Write atomically (the target is either old or new, never half)."""
    atomic_write_text(path, study_to_json(study, base))

