"""``orbitdesk study FILE`` and ``orbitdesk sweep SCENARIO --vary PATH=LO:HI:N``: trade studies from
the command line (orbitdesk.study).

Where the points run: ``--workers 0`` in this process; ``--scheduler ADDRESS`` (tcp://host:8786 or
a scheduler file), or DASK_SCHEDULER_ADDRESS, a running dask.distributed cluster; otherwise a local
cluster of ``--workers`` processes (default: one per core), as ``distributed.Client()`` would
start. Without dask installed the study runs in this process (and says so). The table goes to
``--out`` (.parquet needs pyarrow; .csv does not), with the study and package versions in it.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading
from pathlib import Path

import numpy as np

from orbitdesk.cli import EXIT_BAD_INPUT, EXIT_BROKEN_INSTALL, refuse

MAX_LOCAL_WORKERS_PER_CORE = 4  # a local cluster larger than this many processes per core is refused
FEW_DRAWS = 20  # fewer Monte Carlo draws: the percentiles are said to be rough
_VARY = re.compile(r"^(?P<path>[^=]+)=(?P<lo>[^:]+):(?P<hi>[^:]+):(?P<n>\d+)$")
_VALUES = re.compile(r"^(?P<path>[^=]+)=(?P<values>[^:]+(,[^:]+)+)$")
_PUBLISHED = re.compile(r"^(?P<path>[^=]+)=published:(?P<n>\d+)$")  # the catalogs' range for the field


class _Refused(Exception):  # noqa: N818 (a refusal, already printed: its exit status)
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def _client(args):
    """(client or None, a line saying where the points run); _Refused for what cannot be used."""
    from orbitdesk.study.engine import dask_available

    cores = os.cpu_count() or 1
    if args.workers is not None and not 0 <= args.workers <= MAX_LOCAL_WORKERS_PER_CORE * cores:
        raise _Refused(refuse(f"--workers {args.workers}: give 0 (run in this process) to "
                              f"{MAX_LOCAL_WORKERS_PER_CORE * cores} (local worker processes; this machine has "
                              f"{cores} cores)"))
    if args.workers == 0 and args.scheduler:
        raise _Refused(refuse("--workers 0 runs in this process and --scheduler on a cluster: give one of them"))
    address = None if args.workers == 0 else (args.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS"))
    if args.workers == 0:
        return None, "in this process"
    if not dask_available():
        if address:
            raise _Refused(refuse(f"--scheduler {address}: dask.distributed is not installed here "
                                  "(pip install 'orbitdesk[study]')", EXIT_BROKEN_INSTALL))
        return None, "in this process (dask.distributed is not installed)"
    from orbitdesk.study.engine import CONNECT_TIMEOUT_S, connect

    # the local cluster's processes ignore Ctrl+C (they inherit it ignored): this process cancels
    # the study and closes them, instead of each printing its own KeyboardInterrupt traceback
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if address is None else None
    try:
        client = connect(address, args.workers)
    except (OSError, TimeoutError, ValueError) as e:
        raise _Refused(refuse(f"cannot reach the Dask scheduler {address} within {CONNECT_TIMEOUT_S} s "
                              f"({type(e).__name__}); is it running, and is the address right?")) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    threads = sum(client.nthreads().values())
    return client, (f"on {address} ({threads} worker threads)" if address else
                    f"on a local cluster of {threads} worker processes")


def _check_out(out: str | None) -> str | None:
    """The problem with writing the table to ``out`` (checked before the study runs), or None."""
    from orbitdesk.study.table import parquet_available

    if out is None:
        return None
    if not out.strip():
        return "--out needs a file name (.parquet or .csv)"
    if not out.endswith((".parquet", ".csv")):
        return f"--out {out}: the table is written as .parquet or .csv"
    if out.endswith(".parquet") and not parquet_available():
        return f"--out {out}: Parquet needs pyarrow (pip install 'orbitdesk[study]'); write .csv"
    target = Path(out)
    folder = target.resolve().parent
    if not folder.is_dir():
        return f"--out {out}: the folder {target.parent} does not exist"
    if target.is_dir():
        return f"--out {out}: that is a folder; give a file name"
    if target.exists() and not os.access(target, os.W_OK):
        return f"--out {out}: the file is read-only"
    if not target.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return f"--out {out}: cannot write in the folder {target.parent} (read-only)"
    return None


class _Progress:
    """A progress line on stderr when it is a terminal (nothing otherwise)."""

    def __init__(self):
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            print(f"\r  {done:,}/{total:,} points ({done / max(total, 1):.0%})", end="", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def _fmt(v: float) -> str:
    return "n/a" if v != v else f"{v:,.6g}"


def summary(result) -> list[str]:
    """The study's answer as lines of text."""
    s, t = result.study, result.table
    lines = [f"{len(t):,} evaluation{'s' * (len(t) != 1)}, {result.failed:,} failed"
             + (" (cancelled)" if t.cancelled else "") + "; KPI units are in their names (usd: US dollars)"]
    if result.percentiles:
        lines.append("P10, P50, P90: the values 10 %, 50 % and 90 % of the draws stay below"
                     + (f" (only {len(t)} draws: rough)" if len(t) < FEW_DRAWS else ""))
        for key, p in result.percentiles.items():
            lines.append(f"{key}: P10 {_fmt(p['P10'])}  P50 {_fmt(p['P50'])}  P90 {_fmt(p['P90'])}  "
                         f"(mean {_fmt(p['mean'])}, {p['n']:,} draws)")
    for key, bars in result.tornado.items():
        lines.append(f"{key} (base {_fmt(bars[0].kpi_base) if bars else 'n/a'}):")
        lines += [f"  {b.path}: {_fmt(b.input_low)} -> {_fmt(b.kpi_low)}, {_fmt(b.input_high)} -> "
                  f"{_fmt(b.kpi_high)} (swing {_fmt(b.swing)})" for b in bars]
    if result.pareto is not None:
        a, b = s.objectives
        lines.append(f"Pareto front ({a.sense} {a.kpi}, {b.sense} {b.kpi}): {len(result.pareto):,} points")
        for row in result.pareto[:20]:
            i = int(row)
            point = ", ".join(f"{p} = {_fmt(v)}" for p, v in zip(t.paths, t.values[i], strict=True))
            lines.append(f"  {point}: {_fmt(t.column(a.kpi)[i])}, {_fmt(t.column(b.kpi)[i])}")
    if s.kind == "break_even":
        be = result.break_even
        if be is None:
            lines.append("break-even: cancelled")
        elif be.found:
            at = t.column(s.target_kpi)[int(np.argmin(np.abs(t.values[:, 0] - be.x)))] if len(t) else float("nan")
            lines.append(f"break-even: {s.inputs[0].name} = {_fmt(be.x)} (in the field's unit) gives {s.target_kpi} "
                         f"{_fmt(at)}, equal to {s.target_site}'s ({be.evaluations} evaluations"
                         + ("" if be.converged else ", not converged") + ")")
        else:
            lines.append(f"break-even: {be.message}: orbital minus {s.target_site} in {s.target_kpi} is "
                         f"{_fmt(be.residual_lo)} at {s.inputs[0].name} = {_fmt(be.lo)} and {_fmt(be.residual_hi)} "
                         f"at {_fmt(be.hi)}")
    if s.kind == "sweep" or (s.kind == "pareto" and result.pareto is None):
        head = [*t.paths, *t.kpis]
        rows = [[_fmt(v) for v in (*t.values[i], *t.kpi_values[i])] for i in range(min(len(t), 50))]
        widths = [max([len(h), *(len(r[j]) for r in rows)]) for j, h in enumerate(head)]  # columns aligned
        lines.append("  ".join(h.rjust(w) for h, w in zip(head, widths, strict=True)))
        for i, cells in enumerate(rows):
            lines.append("  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))
                         + ("" if t.ok[i] else f"  FAILED: {t.errors[i]}"))
        if len(t) > 50:
            lines.append(f"  … {len(t) - 50:,} more rows in the table")
    return lines


def _run_and_report(args, study, base, source: str = "") -> int:
    from orbitdesk.model.errors import escape_controls
    from orbitdesk.study import StudyError
    from orbitdesk.study.run import run
    from orbitdesk.study.table import write_csv, write_parquet

    out = args.out
    if problem := _check_out(out):
        return refuse(problem, EXIT_BROKEN_INSTALL if "pip install" in problem else EXIT_BAD_INPUT)
    try:
        from orbitdesk.study import validate_study

        validate_study(study, base)
    except StudyError as e:
        return refuse(f"{source}: {e}" if source else str(e))
    try:
        client, where = _client(args)
    except _Refused as e:
        return e.status
    print(escape_controls(f"Study {study.name or study.kind} on {base.name}: running {where}"))
    progress, cancel = _Progress(), threading.Event()

    first_at = []

    def interrupted(_signum, _frame):
        """Ctrl+C cancels (the rows done are kept); another one a second later stops at once (one
        within the second is the same keypress delivered twice: to the process and to its group)."""
        import time

        if first_at and time.monotonic() - first_at[0] > 1.0:
            raise KeyboardInterrupt
        first_at.append(time.monotonic())
        cancel.set()

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        result = run(study, base, client, progress=progress, cancel=cancel)
    except KeyboardInterrupt:
        progress.end()
        logging.getLogger("distributed").setLevel(logging.CRITICAL)  # its cancelled tasks' notes
        return refuse("stopped", 130)
    finally:
        signal.signal(signal.SIGINT, previous)
        if client is not None:
            logging.getLogger("distributed").setLevel(logging.CRITICAL)  # closing cancels what was left
            client.close()
    progress.end()
    for line in summary(result):
        print(escape_controls(line))
    if out:
        try:
            (write_parquet if out.endswith(".parquet") else write_csv)(result.table, out)
        except OSError as e:
            return refuse(f"--out {out}: {e.strerror or e}")
        print(escape_controls(f"written: {out}" + (" (the rows done before the cancel)" if cancel.is_set() else "")))
    return refuse("cancelled", 130) if cancel.is_set() else 0


def cmd_study(args) -> int:
    from orbitdesk.model import ScenarioFileError, default_scenario, load_scenario
    from orbitdesk.study import load_study

    try:
        study, embedded = load_study(args.file)
        base = load_scenario(args.scenario) if args.scenario else embedded
    except ScenarioFileError as e:
        return refuse(str(e))
    if base is None:
        print("orbitdesk: the study file holds no scenario and none was given (--scenario): running on the "
              "default scenario", file=sys.stderr)
        base = default_scenario()
    return _run_and_report(args, study, base, args.file)


def _published(base, path: str) -> tuple[float, float]:
    """The catalogs' published range of the field at ``path`` for ``base`` (its unit's values)."""
    from orbitdesk.model.defaults import path_provenance

    src = path_provenance(base, path)
    if src is None or not src.has_range:
        raise ValueError("the catalogs give no published range for this field: give LO:HI:N")
    return float(src.low), float(src.high)


def _inputs(varies: list[str], base):
    from orbitdesk.study import StudyInput

    inputs = []
    for text in varies:
        m, v, pub = _VARY.match(text), _VALUES.match(text), _PUBLISHED.match(text)
        try:
            if pub:
                lo, hi = _published(base, pub["path"])
                m = {"path": pub["path"], "n": pub["n"], "lo": lo, "hi": hi}
            if m:
                if not 2 <= int(m["n"]) <= 100_000:
                    raise ValueError(f"N (the number of points) must be 2 to 100,000, got {int(m['n']):,}")
                inputs.append(StudyInput(path=m["path"], lo=float(m["lo"]), hi=float(m["hi"]), n=int(m["n"])))
            elif v:
                inputs.append(StudyInput(path=v["path"], values=[float(x) for x in v["values"].split(",")]))
            else:
                raise ValueError("expected PATH=LO:HI:N, PATH=V1,V2,... or PATH=published:N")
        except ValueError as e:  # pydantic's ValidationError is one
            from pydantic import ValidationError

            why = e.errors()[0]["msg"].removeprefix("Value error, ") if isinstance(e, ValidationError) else str(e)
            raise _Refused(refuse(f"--vary {text}: {why}")) from None
    return inputs


def cmd_sweep(args) -> int:
    from pydantic import ValidationError

    from orbitdesk.model import ScenarioFileError, load_scenario
    from orbitdesk.model.errors import first_problem
    from orbitdesk.study import Study

    try:
        base = load_scenario(args.scenario)
    except ScenarioFileError as e:
        return refuse(str(e))
    try:
        study = Study(kind="sweep", inputs=tuple(_inputs(args.vary, base)),
                      **({"kpis": tuple(args.kpi)} if args.kpi else {}))
    except _Refused as e:
        return e.status
    except ValidationError as e:
        field, problem = first_problem(e, count_others=False)
        return refuse(f"{'--vary' if field == '(scenario)' else field}: {problem.removeprefix('Value error, ')}")
    return _run_and_report(args, study, base)


def _where_options(p) -> None:
    p.add_argument("--scheduler", help="a dask.distributed scheduler: tcp://host:8786 or a scheduler file "
                   "(default: DASK_SCHEDULER_ADDRESS, else a local cluster)")
    p.add_argument("--workers", type=int, default=None,
                   help="local cluster size (default: one process per core); 0: run in this process "
                   "(DASK_SCHEDULER_ADDRESS is then not used)")
    p.add_argument("--out", help="write the table here (.parquet or .csv), with the study and package versions")


def add_parsers(sub) -> None:
    st = sub.add_parser("study", help="run a trade study file (*.study.json): sweep, Monte Carlo, tornado, "
                        "break-even or Pareto")
    st.add_argument("file", help="study file (*.study.json)")
    st.add_argument("--scenario", help="the base scenario (default: the one in the study file)")
    _where_options(st)
    st.set_defaults(func=cmd_study)
    sw = sub.add_parser("sweep", help="sweep one or two scenario fields: --vary PATH=LO:HI:N")
    sw.add_argument("scenario", help="the base scenario file (*.orbitdesk.json)")
    sw.add_argument("--vary", action="append", required=True, metavar="PATH=LO:HI:N",
                    help="a scenario path and its grid of N ≥ 2 points from LO to HI in the field's unit (or "
                    "PATH=V1,V2,..., or PATH=published:N for the range the catalogs publish, e.g. "
                    "launch.cost_usd_per_kg=published:5); repeat once for a 2-D sweep")
    sw.add_argument("--kpi", action="append", help="a KPI to record, repeatable (default: cost per exaFLOP, "
                    "levelised cost, lifetime FLOP, total cost); site:<name>:<kpi> for a terrestrial site's")
    _where_options(sw)
    sw.set_defaults(func=cmd_sweep)


__all__ = ["EXIT_BAD_INPUT", "add_parsers", "cmd_study", "cmd_sweep", "summary"]
