"""orbitdesk.study.run and the `orbitdesk study` / `orbitdesk sweep` commands: a study's rows are
single evaluations, its answer is computed from them, seeds reproduce, a bad study is refused
naming the input before anything runs, and the example study files in resources/ run."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from orbitdesk.cli import main
from orbitdesk.core import evaluate
from orbitdesk.model import default_scenario
from orbitdesk.model.edit import with_value
from orbitdesk.model.fileformat import save_scenario
from orbitdesk.study import Study, StudyError, StudyInput, load_study
from orbitdesk.study.run import run, site_key

STUDIES = Path(__file__).resolve().parents[2] / "resources" / "studies"
NOVA = "New build, Northern Virginia"
COLOSSUS = "Colossus 1 (Memphis, TN; leased)"
PARITY_REL_TOL = 1e-4  # Brent's tolerance on the input (1e-6 of the bracket) moves the KPIs by far less


@pytest.fixture(scope="module")
def base():
    return default_scenario()


def _mc(seed: int, samples: int = 6) -> Study:
    return Study(kind="monte_carlo", samples=samples, seed=seed, kpis=("cost_per_exaflop_usd", "total_cost_usd"),
                 inputs=(StudyInput(path="launch.cost_usd_per_kg", distribution="triangular", lo=50.0, mode=200.0,
                                    hi=1500.0),
                         StudyInput(path="designs[0].solar.cost_usd_per_w", distribution="uniform", lo=10.0,
                                    hi=80.0)))


def test_monte_carlo_rows_are_single_evaluations_and_seeds_reproduce(base):
    result = run(_mc(seed=3), base)
    t = result.table
    assert len(t) == 6 and t.ok.all()
    for i in (0, 5):  # each row: the base with that row's values, evaluated alone
        variant = with_value(with_value(base, t.paths[0], t.values[i, 0]), t.paths[1], t.values[i, 1])
        assert t.column("cost_per_exaflop_usd")[i] == evaluate(variant).kpis["cost_per_exaflop_usd"]
    p = result.percentiles["cost_per_exaflop_usd"]
    assert p["P10"] <= p["P50"] <= p["P90"] and p["n"] == 6
    assert p["P50"] == pytest.approx(np.median(t.column("cost_per_exaflop_usd")))
    again = run(_mc(seed=3), base).table
    np.testing.assert_array_equal(again.values, t.values)
    np.testing.assert_array_equal(again.kpi_values, t.kpi_values)
    assert not np.array_equal(run(_mc(seed=4), base).table.values, t.values)


def test_break_even_finds_the_parity_it_reports(base):
    """GPU price at which the orbital cost per exaFLOP equals Colossus 1's (leased): at the value
    found, a single evaluation gives the two costs equal."""
    study = Study(kind="break_even", kpis=("cost_per_exaflop_usd",), target_kpi="cost_per_exaflop_usd",
                  target_site=COLOSSUS, max_evals=30,
                  inputs=(StudyInput(path="designs[0].compute.gpu_unit_cost_usd", lo=5000.0, hi=80000.0, n=2),))
    result = run(study, base)
    be = result.break_even
    assert be.found and be.converged and be.evaluations == len(result.table) <= 30
    r = evaluate(with_value(base, "designs[0].compute.gpu_unit_cost_usd", be.x))
    assert r.kpis["cost_per_exaflop_usd"] == pytest.approx(
        r.terrestrial_kpis[COLOSSUS]["cost_per_exaflop_usd"], rel=PARITY_REL_TOL)
    assert site_key(COLOSSUS, "cost_per_exaflop_usd") in result.table.kpis


def test_break_even_without_parity_says_so(base):
    study = load_study(STUDIES / "parity_northern_virginia.study.json")[0]
    result = run(study, base)
    assert not result.break_even.found and "no parity in [0, 2000]" in result.break_even.message
    assert result.break_even.evaluations == 2  # the bracket's ends, nothing more


def test_tornado_and_pareto_answers(base):
    inputs = (StudyInput(path="launch.cost_usd_per_kg", lo=100.0, hi=1000.0, n=2),
              StudyInput(path="designs[0].compute.gpu_unit_cost_usd", lo=20000.0, hi=40000.0, n=2))
    tornado = run(Study(kind="tornado", inputs=inputs, kpis=("cost_per_exaflop_usd",)), base)
    bars = tornado.tornado["cost_per_exaflop_usd"]
    assert len(tornado.table) == 5 and [b.swing for b in bars] == sorted((b.swing for b in bars), reverse=True)
    assert bars[0].kpi_base == evaluate(base).kpis["cost_per_exaflop_usd"]
    pareto = run(Study(kind="pareto", inputs=inputs, kpis=("total_cost_usd",),
                       objectives=({"kpi": "total_cost_usd", "sense": "min"},
                                   {"kpi": "lifetime_flop", "sense": "max"})), base)
    cheapest = int(np.argmin(pareto.table.column("total_cost_usd")))
    assert cheapest in pareto.pareto.tolist()


def test_a_bad_study_is_refused_naming_the_input_before_anything_runs(base):
    refused = Study(kind="sweep", inputs=(StudyInput(path="designs[0].radiator.area_m2", lo=-5.0, hi=100.0, n=3),))
    with pytest.raises(StudyError) as e:
        run(refused, base)
    assert e.value.field == "designs[0].radiator.area_m2"
    unknown = Study(kind="sweep", inputs=(StudyInput(path="designs[0].radiator.no_such", lo=1.0, hi=2.0, n=2),))
    with pytest.raises(StudyError, match=r"designs\[0\]\.radiator\.no_such"):
        run(unknown, base)


def test_sweep_command_writes_the_table(tmp_path, capsys, base):
    scenario = tmp_path / "s.orbitdesk.json"
    save_scenario(base, scenario)
    out = tmp_path / "sweep.csv"
    assert main(["sweep", str(scenario), "--vary", "launch.cost_usd_per_kg=100:400:2", "--kpi",
                 "cost_per_exaflop_usd", "--kpi", f"site:{NOVA}:cost_per_exaflop_usd", "--workers", "0",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "running in this process" in printed and "2 evaluations, 0 failed" in printed
    rows = [r for r in csv.reader(line for line in out.read_text().splitlines() if not line.startswith("#"))]
    assert rows[0] == ["row", "launch.cost_usd_per_kg", "cost_per_exaflop_usd",
                       f"site:{NOVA}:cost_per_exaflop_usd", "ok", "error"]
    assert [float(r[1]) for r in rows[1:]] == [100.0, 400.0]
    cheap = evaluate(with_value(base, "launch.cost_usd_per_kg", 100.0)).kpis["cost_per_exaflop_usd"]
    assert float(rows[1][2]) == pytest.approx(cheap, rel=1e-12)


def test_sweep_over_the_published_range(tmp_path, capsys, base):
    """``PATH=published:N``: the launcher catalog's range for Starship (Citi GPS 2022: $33-300/kg)."""
    scenario = tmp_path / "s.orbitdesk.json"
    save_scenario(base, scenario)
    out = tmp_path / "sweep.csv"
    assert main(["sweep", str(scenario), "--vary", "launch.cost_usd_per_kg=published:3", "--workers", "0",
                 "--out", str(out)]) == 0
    rows = [r for r in csv.reader(line for line in out.read_text().splitlines() if not line.startswith("#"))]
    assert [float(r[1]) for r in rows[1:]] == [33.0, 166.5, 300.0]


@pytest.mark.parametrize("argv, message", [
    (["--vary", "launch.cost_usd_per_kg=400:100:3"], "lo"),
    (["--vary", "launch.cost_usd_per_kg"], "expected PATH=LO:HI:N"),
    (["--vary", "designs[0].radiator.no_such=1:2:2"], "designs[0].radiator.no_such"),
    (["--vary", "launch.cost_usd_per_kg=1:2:2", "--kpi", "no_such_kpi"], "no_such_kpi"),
    (["--vary", "launch.cost_usd_per_kg=1:2:2", "--out", "x.txt"], ".parquet or .csv"),
    (["--vary", "launch.cost_usd_per_kg=1:2:1"], "N (the number of points) must be 2 to 100,000, got 1"),
    (["--vary", "a=1:2:2", "--vary", "b=1:2:2", "--vary", "c=1:2:2"], "--vary: a sweep varies 1 or 2 inputs"),
    (["--vary", "designs[0].solar=1:2:2"], "not a number: it holds a SolarArray"),
    (["--vary", "launch.cost_usd_per_kg=1:2:2", "--out", ""], "--out needs a file name"),
    (["--vary", "launch.cost_usd_per_kg=1:2:2", "--out", "no_such_folder/t.csv"],
     "the folder no_such_folder does not exist"),
    (["--vary", "launch.cost_usd_per_kg=1:2:2", "--scheduler", "tcp://127.0.0.1:1"],
     "--workers 0 runs in this process and --scheduler on a cluster: give one of them"),
    (["--vary", "designs[0].solar.cost_usd_per_w=published:3"], "no published range for this field: give LO:HI:N"),
])
def test_sweep_command_refuses_bad_input_with_one_line(tmp_path, capsys, base, argv, message):
    scenario = tmp_path / "s.orbitdesk.json"
    save_scenario(base, scenario)
    assert main(["sweep", str(scenario), "--workers", "0", *argv]) == 2
    out, err = capsys.readouterr()
    assert message in err and "\n" not in err.strip()
    assert "evaluation" not in out  # refused before anything ran


def test_local_worker_counts_are_bounded(tmp_path, capsys, base):
    scenario = tmp_path / "s.orbitdesk.json"
    save_scenario(base, scenario)
    for n in ("-3", "500"):
        assert main(["sweep", str(scenario), "--vary", "launch.cost_usd_per_kg=1:2:2", "--workers", n]) == 2
        assert f"--workers {n}: give 0 (run in this process) to" in capsys.readouterr().err


def test_study_command_runs_the_example_files(capsys):
    for name in ("gpu_price_parity_colossus.study.json", "parity_northern_virginia.study.json"):
        assert main(["study", str(STUDIES / name), "--workers", "0"]) == 0
    out = capsys.readouterr().out
    assert "equal to Colossus 1 (Memphis, TN; leased)'s" in out and "no parity in [0, 2000]" in out
    study, embedded = load_study(STUDIES / "launch_and_array_cost.study.json")
    assert study.kind == "monte_carlo" and embedded is None


def test_the_same_study_runs_unchanged_against_a_scheduler_address(tmp_path, capsys, base):
    """`--scheduler tcp://…`: a cluster started elsewhere (here a local one, reached only by its
    address) gives the table the calling process gives."""
    distributed = pytest.importorskip("distributed")
    from orbitdesk.study import save_study
    from orbitdesk.study.table import read_csv

    study_file = tmp_path / "mc.study.json"
    save_study(_mc(seed=5, samples=4), study_file, base)
    here, there = tmp_path / "here.csv", tmp_path / "there.csv"
    assert main(["study", str(study_file), "--workers", "0", "--out", str(here)]) == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        assert main(["study", str(study_file), "--scheduler", c.scheduler_address, "--out", str(there)]) == 0
    assert f"on {c.scheduler_address}" in capsys.readouterr().out
    a, b = read_csv(here), read_csv(there)
    np.testing.assert_array_equal(a.values, b.values)
    np.testing.assert_array_equal(a.kpi_values, b.kpi_values)


def test_a_bad_input_in_a_study_file_is_the_one_problem_named(tmp_path, capsys):
    """A refused input also fails the inputs list it is in: the message names the input only."""
    bad = tmp_path / "bad.study.json"
    bad.write_text('{"format": "orbitdesk.study", "version": 1, "study": {"kind": "sweep", "inputs": '
                   '[{"path": "launch.cost_usd_per_kg", "lo": 1, "hi": 2, "n": 2, "colour": 1}]}}')
    assert main(["study", str(bad), "--workers", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert "study.inputs[0].colour" in err and "also" not in err


def test_a_price_only_study_takes_the_affine_path_and_equals_full_evaluations(base):
    """Launch price, array cost and GPU price set no mass, launch or physics: the table comes from
    the KPIs' slopes (study.fast) and equals evaluating every point, site KPIs included."""
    from orbitdesk.study.fast import CHECK_REL_TOL

    inputs = (StudyInput(path="launch.cost_usd_per_kg", distribution="uniform", lo=50.0, hi=1500.0),
              StudyInput(path="designs[0].solar.cost_usd_per_w", distribution="uniform", lo=10.0, hi=80.0),
              StudyInput(path="designs[0].compute.gpu_unit_cost_usd", distribution="uniform", lo=15e3, hi=40e3))
    kpis = ("cost_per_exaflop_usd", "levelised_cost_per_exaflop_usd", "total_cost_usd", "lifetime_flop", "launches",
            f"site:{NOVA}:cost_per_exaflop_usd", "time_to_full_capacity_years")
    study = Study(kind="monte_carlo", samples=10, seed=2, inputs=inputs, kpis=kpis)
    fast = run(study, base).table
    assert fast.metadata["executor"].startswith("affine in prices")
    full = run(study, base, fast=False).table
    assert full.metadata["executor"] == "in-process"
    np.testing.assert_allclose(fast.kpi_values, full.kpi_values, rtol=10 * CHECK_REL_TOL, equal_nan=True)
    # a physics input (the radiator's mass per m² sets its heat capacity) is evaluated point by point
    mixed = Study(kind="monte_carlo", samples=10, seed=2, kpis=kpis[:1], inputs=(
        inputs[0], StudyInput(path="designs[0].radiator.areal_mass_kg_per_m2", distribution="uniform", lo=3.0, hi=8.0)))
    assert run(mixed, base).table.metadata["executor"] == "in-process"
