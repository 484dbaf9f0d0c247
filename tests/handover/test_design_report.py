"""The design report, the comparison rows and the handover archive: the PDF opens with its pages and
its text (pdftotext, poppler) holds the KPIs; the HTML's figures parse; the archive reads back."""

import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest

from orbitdesk.core import evaluate
from orbitdesk.handover.compare import changed, differences
from orbitdesk.handover.design_report import Figure, Side, Study, build_report, scientific, to_html, write_report
from orbitdesk.model import default_scenario
from orbitdesk.model.edit import with_value
from orbitdesk.report import fmt

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="pdftotext (Debian poppler-utils) reads the PDF's text; CI installs it")


@pytest.fixture(scope="module")
def pair():
    a = default_scenario()
    b = with_value(a, "designs[0].solar.area_m2", 500.0).model_copy(update={"name": "Variant 500 m2 array"})
    return Side(a, evaluate(a), "default.orbitdesk.json"), Side(b, evaluate(b), "variant.orbitdesk.json")


def _pdf_text(path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pages, text


@needs_poppler
def test_the_pdf_opens_with_its_pages_and_holds_the_kpis(pair, tmp_path):
    a, b = pair
    report = build_report(a, b)
    pdf, page = tmp_path / "r.pdf", tmp_path / "r.html"
    assert write_report(report, pdf, page) == [str(pdf), str(page)]
    assert pdf.read_bytes().startswith(b"%PDF-")
    pages, text = _pdf_text(pdf)
    assert 10 <= pages <= 40
    flat = " ".join(text.split())
    k = a.results.kpis
    for needle in ("Design report: Colossus-class orbital cluster", "Cost per exaFLOP [$]",
                   fmt(k["cost_per_exaflop_usd"]), f"{k['satellites']:,.0f} satellites", "Colossus 1",
                   "Comparison: B against A", "B − A", "Figures", "Assumptions (A)", "Assumptions (B)",
                   "Google Project Suncatcher", "Warnings of B", f"delivers {scientific(k['lifetime_flop'])} FLOP"):
        assert needle in flat, needle
    # every figure's caption names the scenario and the epoch
    assert flat.count("epoch 2027-01-01 00:00 UTC") >= sum(isinstance(x, Figure) for x in report.blocks)
    # B's cost per exaFLOP and the difference, as the comparison table prints them
    d = next(d for d in differences(a.results, b.results) if d.row.key == "cost_per_exaflop_usd")
    assert " ".join(d.cells()[1:3]) in flat


def test_the_html_holds_every_figure_as_svg(pair):
    a, b = pair
    report = build_report(a, b)
    text = to_html(report)
    figures = [x for x in report.blocks if isinstance(x, Figure)]
    assert len(figures) >= 10 and text.count("<figure>") == len(figures)
    for chunk in text.split("<svg")[1:]:
        ET.fromstring("<svg" + chunk.split("</svg>")[0] + "</svg>")  # well-formed SVG
    assert "Variant 500 m2 array" in text and "B dashed" in text


def test_changed_inputs_are_marked(pair):
    from orbitdesk.handover.assumptions import assumption_rows

    a, b = pair
    assert not any(r.changed for r in assumption_rows(a.scenario))  # the defaults are the defaults
    moved = [r for r in assumption_rows(b.scenario) if r.changed]
    assert [(r.path, r.value, r.unit, r.stored) for r in moved] == [("designs[0].solar.area_m2", "500", "m²", 500.0)]
    # the planner's value is not the catalog's: tagged input, the default and its source named beside it
    assert moved[0].tag == "input" and moved[0].source.startswith("set in the scenario; the default 400 m² (derived)")
    paths = {r.path for r in assumption_rows(a.scenario)}
    assert {"launch.cost_usd_per_kg", "designs[0].compute.gpu_unit_cost_usd", "shells[0].altitude_km",
            "ground_stations[0].dish_m", "terrestrial[0].pue", "economics.analysis_years"} <= paths


def test_the_difference_rows(pair):
    a, b = pair
    diffs = differences(a.results, b.results)
    moved = {d.row.key for d in changed(diffs)}
    assert "solar_array_area_m2" in moved and "gpus" not in moved and "satellites" not in moved
    area = next(d for d in diffs if d.row.key == "satellite_solar_array_area_m2")
    assert area.cells() == ["400.0", "500.0", "+100.0", "+25.0 %"]  # as the KPI table shows them
    same = differences(a.results, a.results)
    assert not changed(same) and all(d.cells()[2] in ("0", "–") for d in same)


def test_a_study_goes_into_the_report(pair):
    import numpy as np

    from orbitdesk.study.table import StudyTable

    a, _ = pair
    table = StudyTable(("launch.cost_usd_per_kg",), np.array([[100.0], [200.0]]), ("cost_per_exaflop_usd",),
                       np.array([[4.5], [4.8]]), np.array([True, True]), ["", ""])
    text = to_html(build_report(a, study=Study("Launch price sweep", ("2 points",), table)))
    assert "Trade study" in text and "Launch price sweep" in text and "launch.cost_usd_per_kg" in text


@needs_poppler
def test_cli_report_and_handover_archive(tmp_path, capsys):
    import json

    from czml3 import Document
    from oem import OrbitEphemerisMessage

    from orbitdesk.cli import main
    from orbitdesk.model import load_scenario
    from orbitdesk.model.fileformat import save_scenario, scenario_to_json

    a = default_scenario()
    b = with_value(a, "launch.cost_usd_per_kg", 500.0).model_copy(update={"name": "Dearer launch"})
    fa, fb = tmp_path / "a.orbitdesk.json", tmp_path / "b.orbitdesk.json"
    save_scenario(a, fa)
    save_scenario(b, fb)
    out = tmp_path / "report.pdf"
    assert main(["report", str(fa), "--compare", str(fb), "--out", str(out)]) == 0
    assert "report.pdf" in capsys.readouterr().out and (tmp_path / "report.html").exists()
    assert "Dearer launch" in " ".join(_pdf_text(out)[1].split())
    for bad, says in ((["--out", str(tmp_path / "r.txt")], ".pdf or .html"), (["--out", str(fa)], ".pdf or .html")):
        assert main(["report", str(fa), *bad]) == 2 and says in capsys.readouterr().err
    broken = tmp_path / "broken.orbitdesk.json"
    broken.write_text("{")
    assert main(["report", str(broken), "--out", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()

    zip_path = tmp_path / "handover.zip"
    assert main(["handover", str(fa), "--compare", str(fb), "--out", str(zip_path), "--satellites", "2",
                 "--span-h", "3"]) == 0
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
        root = names[0].split("/")[0]
        assert names[0].endswith("MANIFEST.txt")
        manifest = z.read(names[0]).decode()
        for member in ("scenario.orbitdesk.json", "scenario_B.orbitdesk.json", "report.pdf", "report.html",
                       "kpis.csv", "assumptions.csv", "mission_life.csv", "orbit_shell1.csv", "constellation.czml"):
            assert f"{root}/{member}" in names and member in manifest
        oems = [n for n in names if n.endswith(".oem")]
        assert len(oems) == 2
        z.extractall(tmp_path / "x")
    back = load_scenario(tmp_path / "x" / root / "scenario.orbitdesk.json")
    assert scenario_to_json(back) == scenario_to_json(a)  # the scenario travels unchanged
    assert len(list(OrbitEphemerisMessage.open(str(tmp_path / "x" / oems[0])).states)) == 181
    assert len(Document.load(tmp_path / "x" / root / "constellation.czml").packets) == 1 + 3 + 2
    kpis = (tmp_path / "x" / root / "kpis.csv").read_text().splitlines()
    assert kpis[0].startswith('kpi,Orbital,"Colossus 1') and any(r.startswith("cost_per_exaflop_usd,") for r in kpis)
    assert json.loads((tmp_path / "x" / root / "scenario_B.orbitdesk.json").read_text())["scenario"]["name"] == \
        "Dearer launch"


def test_the_handover_benchmark_runs_repeatedly(capsys):
    """`orbitdesk bench`'s handover rows, twice each (the second OEM run once hit the folder it had
    just filled): figures printed, nothing timed here."""
    from orbitdesk.handover.bench import bench_handover

    bench_handover(2, 1)
    out = capsys.readouterr().out
    assert "OEM, 1 files written and read back" in out and "handover zip with B" in out
