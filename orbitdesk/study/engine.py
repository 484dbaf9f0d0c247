"""Evaluate many variants of a scenario, in process or on a dask.distributed cluster.

A study is a base scenario, the scenario paths it varies (``launch.cost_usd_per_kg``,
``shells[0].altitude_km``, ...), an (N, n_inputs) array of points (each value in its field's own
unit) and the KPI keys to record (an orbital KPI's name, or ``site:<site name>:<key>``). Row i of
the result applies ``values[i]`` to the base path by path and evaluates it; a variant the
scenario refuses, or an evaluation that raises, is recorded as a failed row with its reason.

``evaluate_points(..., client=None)`` runs in this process (the reference); with a
``distributed.Client`` the base scenario goes to the workers once (scattered as its file text),
the points in chunks (one task each), and chunks come back as they complete. Points are ordered so
that those sharing their orbit-geometry inputs (paths under ``shells`` or ``epoch``) fall in the
same chunk, where ``evaluate``'s per-process geometry caches serve them. The table is the same
whatever the chunking or the cluster: rows are in input order, and every row is one ``evaluate``.
"""

from __future__ import annotations

import math
import os
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from orbitdesk.model.edit import get_value, parse_path
from orbitdesk.model.fileformat import scenario_from_json, scenario_to_json
from orbitdesk.model.scenario import Scenario
from orbitdesk.study.sampling import apply_point
from orbitdesk.study.spec import StudyError
from orbitdesk.study.table import StudyTable, check_names, package_versions

GEOMETRY_ROOTS = ("shells", "epoch")  # inputs under these change the orbit geometry evaluate caches
CHUNKS_PER_WORKER = 4  # default chunking: each worker thread gets about this many tasks
MAX_CHUNK = 256  # points per task at most (by default)
IN_PROCESS_UPDATES = 20  # in process, on_chunk and progress are called about this often
IN_FLIGHT_PER_WORKER = 3  # tasks submitted ahead per worker thread: bounds the client's memory
CANCEL_POLL_S = 0.25  # a running chunk checks for cancellation at most this often (between points)
POLL_S = 0.02  # the client's wait between looks at its futures and the cancel flag
CONNECT_TIMEOUT_S = 10  # reaching a scheduler: dask retries a refused connection until then
# dask settings for the workers connect() starts: no statistical profiler (a 10 ms stack sampler)
# and a 1 s event-loop tick (20 ms by default); each wakes a thread that takes the GIL from the
# evaluation. Measured here: an altitude variant took 0.41-0.47 s in a worker with the defaults,
# 0.29-0.38 s with these, 0.31-0.34 s in one plain process.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s"}


# --- one point --------------------------------------------------------------------------------


def kpi_value(results, key: str) -> float:
    """A KPI of ``results`` as float (NaN where it has no value): an orbital key as is, a site's as
    ``site:<site name>:<key>``. KeyError naming the key if there is no such KPI."""
    if key.startswith("site:"):
        site, _, name = key[len("site:"):].rpartition(":")
        sites = results.terrestrial_kpis
        if site not in sites or name not in sites[site]:
            raise KeyError(f"no KPI {key!r} (sites: {', '.join(sites)})")
        value = sites[site][name]
    else:
        if key not in results.kpis:
            raise KeyError(f"no orbital KPI {key!r}")
        value = results.kpis[key]
    return math.nan if value is None else float(value)


def dask_available() -> bool:
    """Whether dask.distributed is installed (the study extra; the installer's bundle leaves it out)."""
    import importlib.util

    return importlib.util.find_spec("distributed") is not None


def check_paths(base: Scenario, paths: Sequence[str]) -> None:
    """ValueError naming a path that does not lead to a field of ``base`` (before anything runs)."""
    for path in paths:
        try:
            get_value(base, path)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            raise ValueError(f"{path}: no such field in the scenario") from None


def evaluate_rows(base: Scenario, paths: Sequence[str], values: np.ndarray,
                  kpis: Sequence[str], stop: Callable[[], bool] | None = None):
    """Evaluate each row of ``values``; (kpi_values (n, n_kpi), ok (n,), errors) of the rows done
    (all of them, or those before ``stop()`` said to stop, checked between rows)."""
    from orbitdesk.core import evaluate

    out = np.full((len(values), len(kpis)), np.nan)
    ok = np.zeros(len(values), dtype=bool)
    errors: list[str] = []
    for i, row in enumerate(values):
        if stop is not None and stop():
            return out[:i], ok[:i], errors
        try:
            variant = apply_point(base, paths, row)
        except StudyError as e:
            errors.append(str(e))
            continue
        try:
            results = evaluate(variant)
            out[i] = [kpi_value(results, k) for k in kpis]
        except KeyError as e:
            errors.append(str(e.args[0]) if e.args else repr(e))
            continue
        except Exception as e:  # one bad point never stops a study
            errors.append(f"evaluate failed: {type(e).__name__}: {e}")
            continue
        ok[i] = True
        errors.append("")
    return out, ok, errors


# --- chunks -----------------------------------------------------------------------------------


def point_order(paths: Sequence[str], values: np.ndarray) -> np.ndarray:
    """Row indices with the rows that share their geometry inputs next to each other (stable)."""
    geometry = [j for j, p in enumerate(paths) if parse_path(p)[:1] and parse_path(p)[0] in GEOMETRY_ROOTS]
    if not geometry or len(values) == 0:
        return np.arange(len(values))
    return np.lexsort([values[:, j] for j in reversed(geometry)])


def default_chunk_size(n_points: int, n_workers: int) -> int:
    """Points per task so that each of ``n_workers`` threads gets about CHUNKS_PER_WORKER tasks."""
    return max(1, min(MAX_CHUNK, math.ceil(n_points / (CHUNKS_PER_WORKER * max(1, n_workers)))))


def plan_chunks(paths: Sequence[str], values: np.ndarray, chunk_size: int) -> list[np.ndarray]:
    """The row indices of each task: the geometry-grouped order cut every ``chunk_size`` points."""
    order = point_order(paths, values)
    return [order[i:i + chunk_size] for i in range(0, len(order), max(1, int(chunk_size)))]


def _failed_part(paths, kpis, rows, values, text: str) -> StudyTable:
    n = len(rows)
    return StudyTable(paths, values, kpis, np.full((n, len(kpis)), np.nan), np.zeros(n, bool), [text] * n, rows)


# --- on a worker ------------------------------------------------------------------------------

_prepared = False


def _prepare_process() -> None:
    """Once per worker process: keep freed memory for the next evaluation (about 2x on Linux)."""
    global _prepared
    if not _prepared:
        from orbitdesk.core.allocator import keep_freed_memory

        keep_freed_memory()
        _prepared = True


def worker_environment() -> dict[str, str]:
    """``keep_freed_memory``'s allocator settings as the environment variables glibc reads at
    process start, for worker processes. A worker's task thread gets its own malloc arena before
    any task could call mallopt, and the nanny sets an aggressive trim (MALLOC_TRIM_THRESHOLD_ =
    64 KiB), so only these make a worker evaluate as fast as one process: measured here 65 ms
    per economics-only evaluate with them, 113-157 ms without (58 ms in one process)."""
    from orbitdesk.core.allocator import KEEP_FREED_BYTES, MMAP_ABOVE_BYTES

    return {"MALLOC_ARENA_MAX": "1", "MALLOC_TRIM_THRESHOLD_": str(KEEP_FREED_BYTES),
            "MALLOC_MMAP_THRESHOLD_": str(MMAP_ABOVE_BYTES)}


@lru_cache(maxsize=4)
def _base_from_json(text: str) -> Scenario:
    return scenario_from_json(text, "<study base scenario>")


def _cancel_check(name: str | None) -> Callable[[], bool] | None:
    """A cheap 'was the study cancelled?' for a running chunk: the study's distributed Event,
    asked at most every CANCEL_POLL_S."""
    if name is None:
        return None
    from distributed import Event

    event, last = Event(name), [time.monotonic()]

    def stop() -> bool:
        now = time.monotonic()
        if now - last[0] < CANCEL_POLL_S:
            return False
        last[0] = now
        return bool(event.is_set())

    return stop


def run_chunk(base_json: str, paths, kpis, rows: np.ndarray, values: np.ndarray,
              cancel_event: str | None = None) -> StudyTable:
    """A task: evaluate the points ``values`` (rows ``rows`` of the study) of the base scenario
    given as its file text; the part of the table they make (fewer rows if cancelled)."""
    _prepare_process()
    kv, ok, errors = evaluate_rows(_base_from_json(base_json), paths, values, kpis, _cancel_check(cancel_event))
    n = len(errors)
    return StudyTable(paths, values[:n], kpis, kv, ok, errors, rows[:n])


# --- the study --------------------------------------------------------------------------------


def _stop_flag(cancel) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event) or hasattr(cancel, "is_set"):
        return cancel.is_set
    return cancel


def evaluate_points(base: Scenario, paths: Sequence[str], values, kpis: Sequence[str], *, client=None,
                    chunk_size: int | None = None, progress: Callable[[int, int], None] | None = None,
                    cancel=None, on_chunk: Callable[[StudyTable], None] | None = None,
                    metadata: dict[str, str] | None = None) -> StudyTable:
    """Evaluate ``base`` at each row of ``values`` ((N, len(paths)), each in its field's unit).

    client: None to run here, or a ``distributed.Client``. chunk_size: points per task (default:
    about CHUNKS_PER_WORKER tasks per worker thread). progress(done, total) and on_chunk(part)
    are called here as chunks complete (a part is a StudyTable of some rows, ``index`` giving
    their row numbers). cancel: a threading.Event or a callable; once set, pending tasks are
    cancelled, running ones stop between points (within a point and CANCEL_POLL_S), and the rows done so
    far come back as a table with ``cancelled`` True. metadata: extra entries for the table (e.g.
    ``{"study": spec_json}``). ValueError, before anything runs, for a path the base lacks.
    """
    paths, kpis = tuple(paths), tuple(kpis)
    check_names(paths, kpis)
    values = np.asarray(values, dtype=float).reshape(-1, len(paths))
    check_paths(base, paths)
    base_json = scenario_to_json(base)
    stop = _stop_flag(cancel)
    start = time.perf_counter()
    n_workers = 1 if client is None else max(1, sum(client.nthreads().values()))
    # in process, chunks only pace the callbacks: about IN_PROCESS_UPDATES of them
    size = chunk_size or (max(1, min(MAX_CHUNK, math.ceil(len(values) / IN_PROCESS_UPDATES))) if client is None
                          else default_chunk_size(len(values), n_workers))
    chunks = plan_chunks(paths, values, size)
    parts: list[StudyTable] = []

    def take(part: StudyTable) -> None:
        parts.append(part)
        if on_chunk is not None:
            on_chunk(part)
        if progress is not None:
            progress(sum(len(p) for p in parts), len(values))

    if client is None:
        cancelled, executor = _run_here(base, paths, kpis, values, chunks, stop, take), "in-process"
    else:
        cancelled = _run_on(client, base_json, paths, kpis, values, chunks, n_workers, stop, take)
        executor = f"dask.distributed {client.scheduler.address} ({n_workers} worker threads)"
    meta = {**(metadata or {}), **{f"{k}_version": v for k, v in package_versions().items()},
            "base_scenario": base_json, "executor": executor, "chunk_size": str(size),
            "wall_s": f"{time.perf_counter() - start:.3f}"}
    if not parts:
        return StudyTable(paths, np.zeros((0, len(paths))), kpis, np.zeros((0, len(kpis))), [], [],
                          cancelled=cancelled, metadata=meta)
    return StudyTable.concat(parts, cancelled=cancelled, metadata=meta)


def _run_here(base, paths, kpis, values, chunks, stop, take) -> bool:
    for rows in chunks:
        kv, ok, errors = evaluate_rows(base, paths, values[rows], kpis, stop)
        n = len(errors)
        if n:
            take(StudyTable(paths, values[rows[:n]], kpis, kv, ok, errors, rows[:n]))
        if n < len(rows) or stop():
            return True
    return False


def _run_on(client, base_json, paths, kpis, values, chunks, n_workers, stop, take) -> bool:
    """Run the chunks as tasks on ``client``, at most IN_FLIGHT_PER_WORKER per worker thread
    ahead; True if cancelled. Pending tasks are cancelled however this returns."""
    from distributed import Event, as_completed

    study = uuid.uuid4().hex[:12]
    event_name = f"orbitdesk-study-cancel-{study}"
    # a key of its own: a hashed key would be shared with the previous study on the same base, whose
    # release may reach the scheduler after this scatter and free the data under the new tasks
    base_future = client.scatter(base_json, broadcast=True, hash=False)
    queue = iter(enumerate(chunks))
    futures = as_completed()
    rows_of = {}

    def submit_next() -> None:
        for i, rows in queue:
            f = client.submit(run_chunk, base_future, paths, kpis, rows, values[rows], event_name,
                              key=f"orbitdesk-study-{study}-{i}", pure=False)
            rows_of[f.key] = rows
            futures.add(f)
            return

    for _ in range(IN_FLIGHT_PER_WORKER * n_workers):
        submit_next()
    cancelled = False
    try:
        while not futures.is_empty():
            if stop():
                cancelled = True
                break
            if not futures.has_ready():
                time.sleep(POLL_S)
                continue
            for f in futures.next_batch(block=False):
                rows = rows_of.pop(f.key)
                if f.status == "finished":
                    part = f.result()
                else:  # a task that raised or a lost worker: its points failed, the study goes on
                    exc = f.exception() if f.status == "error" else f"task {f.status}"
                    part = _failed_part(paths, kpis, rows, values[rows], f"task failed: {exc}")
                f.release()
                take(part)
                submit_next()
    finally:
        pending = list(futures.futures)
        if pending:
            if cancelled:
                Event(event_name, client=client).set()  # running chunks stop after their current point
            client.cancel(pending)
            futures.clear()
        base_future.release()
    return cancelled


# --- connecting -------------------------------------------------------------------------------


def connect(scheduler: str | None = None, workers: int | None = None):
    """A ``distributed.Client`` (use it as a context manager, or close it).

    scheduler: a scheduler address (``tcp://host:8786``) or the path of a scheduler file (the
    JSON ``dask scheduler --scheduler-file`` writes); None: the DASK_SCHEDULER_ADDRESS environment
    variable if set, else a LocalCluster on this machine (the embedded default) of ``workers``
    processes (default os.cpu_count()) with one thread each, ``worker_environment()`` and
    WORKER_CONFIG, which closing the client closes too. Workers of a cluster started elsewhere
    evaluate faster (up to 2x) with ``worker_environment()`` in their environment and WORKER_CONFIG
    in their dask configuration.
    """
    import dask
    from distributed import Client

    scheduler = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
    if scheduler is None:
        n = workers or os.cpu_count() or 1
        with dask.config.set(WORKER_CONFIG):  # the nannies hand their workers this configuration
            return Client(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                          env=worker_environment())
    if "://" not in scheduler and os.path.isfile(scheduler):
        return Client(scheduler_file=scheduler, timeout=CONNECT_TIMEOUT_S)
    return Client(scheduler, timeout=CONNECT_TIMEOUT_S)
