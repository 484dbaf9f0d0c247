"""The study engine: rows equal single evaluations, in process and on a 2-worker LocalCluster; a
refused point fails alone; cancel leaves no worker busy; tables round-trip through Parquet and CSV.

Every test keeps to a few evaluations (about 0.1-0.6 s each on a 2-core machine)."""

import json
import threading
import time

import numpy as np
import pytest

from orbitdesk.core import evaluate
from orbitdesk.model.edit import with_value
from orbitdesk.study.engine import connect, evaluate_points, kpi_value, plan_chunks
from orbitdesk.study.table import (
    StudyParquetWriter,
    StudyTable,
    read_csv,
    read_parquet,
    write_csv,
    write_parquet,
)

SITE = "New build, Northern Virginia"
KPIS = ("cost_per_exaflop_usd", "lifetime_flop", "total_cost_usd", f"site:{SITE}:cost_per_exaflop_usd",
        "replacement_cost_usd")
PATHS = ("launch.cost_usd_per_kg", "designs[0].radiator.area_m2")
# the second point's radiator area is refused (the field's minimum is 0.001 m²)
POINTS = np.array([[200.0, 120.0], [500.0, -5.0], [1000.0, 150.0]])


@pytest.fixture(scope="module")
def table(scenario):
    return evaluate_points(scenario, PATHS, POINTS, KPIS)


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("distributed")
    with connect(workers=2) as c:
        yield c


def test_rows_equal_single_evaluations(scenario, table):
    assert table.paths == PATHS and table.kpis == KPIS and len(table) == 3
    np.testing.assert_array_equal(table.index, [0, 1, 2])
    np.testing.assert_array_equal(table.values, POINTS)
    for i in (0, 2):
        variant = with_value(with_value(scenario, PATHS[0], POINTS[i, 0]), PATHS[1], POINTS[i, 1])
        results = evaluate(variant)
        assert table.ok[i] and table.errors[i] == ""
        expected = [results.kpis["cost_per_exaflop_usd"], results.kpis["lifetime_flop"],
                    results.kpis["total_cost_usd"], results.terrestrial_kpis[SITE]["cost_per_exaflop_usd"]]
        np.testing.assert_array_equal(table.kpi_values[i, :4], expected)
        assert np.isnan(table.kpi_values[i, 4]) == (results.kpis["replacement_cost_usd"] is None)
    # launch price changes the cost, not the compute
    assert table.kpi_values[2, 0] > table.kpi_values[0, 0]


def test_refused_point_fails_alone_naming_the_input(table):
    assert not table.ok[1]
    assert table.errors[1].startswith("designs[0].radiator.area_m2: the scenario refuses -5")
    assert np.isnan(table.kpi_values[1]).all()
    assert table.ok[[0, 2]].all()


def test_unknown_path_and_kpi(scenario):
    with pytest.raises(ValueError, match=r"designs\[0\]\.radiator\.no_such"):
        evaluate_points(scenario, ["designs[0].radiator.no_such"], [[1.0]], KPIS)
    with pytest.raises(KeyError, match="no_such_kpi"):
        kpi_value(evaluate(scenario), "no_such_kpi")


def test_whole_number_field_takes_whole_numbers_only(scenario):
    """A point is applied as sampling.apply_point does (design_points rounds a Monte Carlo draw for
    a whole-number field; a point given as 2.2 planes is refused, naming the input)."""
    path = "shells[0].planes"
    t = evaluate_points(scenario, [path], [[2.0], [2.2]], ["satellites"])
    direct = evaluate(with_value(scenario, path, 2))
    assert t.ok[0], t.errors
    assert t.kpi_values[0, 0] == direct.kpis["satellites"]
    assert not t.ok[1] and t.errors[1] == "shells[0].planes: takes whole numbers, got 2.2"


def test_chunks_group_geometry_and_keep_row_order():
    values = np.array([[650.0, 1.0], [600.0, 2.0], [650.0, 3.0], [600.0, 4.0]])
    chunks = plan_chunks(["shells[0].altitude_km", "launch.cost_usd_per_kg"], values, 2)
    assert [sorted(c.tolist()) for c in chunks] == [[1, 3], [0, 2]]
    assert [c.tolist() for c in plan_chunks(["launch.cost_usd_per_kg"], values[:, 1:], 3)] == [[0, 1, 2], [3]]


def test_same_table_whatever_the_chunking(scenario, table):
    again = evaluate_points(scenario, PATHS, POINTS, KPIS, chunk_size=2)
    np.testing.assert_array_equal(again.kpi_values, table.kpi_values)
    assert again.errors == table.errors and not again.cancelled


def test_cluster_table_equals_in_process(scenario, table, client):
    seen, done = [], []
    t = evaluate_points(scenario, PATHS, POINTS, KPIS, client=client, chunk_size=1, on_chunk=seen.append,
                        progress=lambda d, n: done.append((d, n)))
    np.testing.assert_array_equal(t.kpi_values, table.kpi_values)
    np.testing.assert_array_equal(t.index, table.index)
    assert t.errors == table.errors and t.ok.tolist() == table.ok.tolist() and not t.cancelled
    assert sorted(i for part in seen for i in part.index) == [0, 1, 2]
    assert done[-1] == (3, 3) and [d for d, _ in done] == sorted(d for d, _ in done)
    assert t.metadata["executor"].startswith("dask.distributed")


def test_cluster_with_geometry_inputs_equals_in_process(scenario, client):
    # two altitudes, one repeated: grouped in one chunk (the worker's geometry cache), same values
    paths, values = ["shells[0].altitude_km"], np.array([[650.0], [600.0], [650.0]])
    here = evaluate_points(scenario, paths, values, KPIS[:3], chunk_size=3)
    there = evaluate_points(scenario, paths, values, KPIS[:3], client=client, chunk_size=2)
    assert here.ok.all(), here.errors
    np.testing.assert_array_equal(there.kpi_values, here.kpi_values)
    np.testing.assert_array_equal(here.kpi_values[0], here.kpi_values[2])
    assert here.kpi_values[0, 0] != here.kpi_values[1, 0]


def _busy(client) -> int:
    """Tasks the scheduler sees processing plus those the workers are executing."""
    scheduled = sum(len(v) for v in client.processing().values())
    executing = sum(client.run(lambda dask_worker: dask_worker.state.executing_count).values())
    return scheduled + executing


def test_cancel_returns_partial_table_and_leaves_no_worker_busy(scenario, client):
    cancel = threading.Event()
    values = np.column_stack([np.linspace(100.0, 2000.0, 16), np.full(16, 120.0)])
    t = evaluate_points(scenario, PATHS, values, KPIS[:1], client=client, chunk_size=2,
                        on_chunk=lambda part: cancel.set(), cancel=cancel)
    assert t.cancelled and 1 <= len(t) < 16
    assert t.ok.all() and np.all(np.diff(t.index) > 0)
    deadline = time.monotonic() + 5.0
    while _busy(client) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _busy(client) == 0


def test_cancel_in_process(scenario):
    calls = []
    t = evaluate_points(scenario, PATHS, POINTS, KPIS[:1], chunk_size=1,
                        cancel=lambda: len(calls) >= 1, on_chunk=calls.append)
    assert t.cancelled and len(t) == 1 and t.index.tolist() == [0]


def _same(a: StudyTable, b: StudyTable) -> None:
    assert (a.paths, a.kpis, a.errors, a.cancelled) == (b.paths, b.kpis, b.errors, b.cancelled)
    np.testing.assert_array_equal(a.values, b.values)
    np.testing.assert_array_equal(a.kpi_values, b.kpi_values)
    np.testing.assert_array_equal(a.ok, b.ok)
    np.testing.assert_array_equal(a.index, b.index)


def test_parquet_and_csv_round_trip(tmp_path, table):
    table.metadata["study"] = '{"format": "orbitdesk.study"}'
    for write, read, name in ((write_parquet, read_parquet, "t.parquet"), (write_csv, read_csv, "t.csv")):
        write(table, tmp_path / name)
        back = read(tmp_path / name)
        _same(back, table)
        assert back.metadata == table.metadata, name
    assert set(table.metadata) >= {"base_scenario", "wall_s", "orbitdesk_version", "numpy_version", "dask_version",
                                   "pyarrow_version", "study"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.parquet"]  # no temporary files left
    header = [line for line in (tmp_path / "t.csv").read_text().splitlines() if not line.startswith("# ")][0]
    assert header.split(",")[:3] == ["row", *PATHS]


def test_streamed_parquet_equals_whole(tmp_path, scenario, table):
    target = tmp_path / "s.parquet"
    with StudyParquetWriter(target, PATHS, KPIS, {"study": "{}"}) as w:
        t = evaluate_points(scenario, PATHS, POINTS[::-1], KPIS, chunk_size=1, on_chunk=w.write)
        w.finish(cancelled=t.cancelled, wall_s=t.metadata["wall_s"])
        assert not target.exists()  # appears whole at the end
    back = read_parquet(target)
    np.testing.assert_array_equal(back.kpi_values, t.kpi_values)
    np.testing.assert_array_equal(back.kpi_values[::-1], table.kpi_values)
    assert back.metadata["wall_s"] == t.metadata["wall_s"] and back.metadata["study"] == "{}"
    assert not back.cancelled


def test_connect_by_address_scheduler_file_and_environment(client, monkeypatch, tmp_path):
    address = client.scheduler.address
    with connect(address) as c:
        assert c.scheduler.address == address and len(c.nthreads()) == 2
    scheduler_file = tmp_path / "scheduler.json"  # what `dask scheduler --scheduler-file` writes
    scheduler_file.write_text(json.dumps({"type": "Scheduler", "address": address}))
    with connect(str(scheduler_file)) as c:
        assert c.scheduler.address == address
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
    with connect() as c:
        assert c.scheduler.address == address
