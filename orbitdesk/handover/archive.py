"""The handover archive: one zip with everything another team needs to pick the design up.

Inside, under one folder named after the scenario: the scenario file (and B's in a comparison),
the report as PDF and HTML, the CSVs (KPIs, assumptions, one orbit per shell, the mission life),
the ephemerides (CZML and one OEM per satellite) and a MANIFEST.txt saying what each file is and
which versions wrote it. Built in memory and written atomically: a failure leaves no half archive.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from orbitdesk.__about__ import __version__
from orbitdesk.handover.assumptions import assumption_rows
from orbitdesk.handover.design_report import Report, to_html, to_pdf
from orbitdesk.model.fileformat import atomic_write_bytes, scenario_to_json
from orbitdesk.report import kpi_csv, series_csv


def folder_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "_", name.replace("°", "deg")).strip("_")[:60] or "scenario"


def assumptions_csv(scenario) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["path", "stored_value", "part", "input", "shown_value", "shown_unit", "tag", "source", "changed"])
    for r in assumption_rows(scenario):  # stored_value: as the scenario file holds it, in the unit the path names
        w.writerow([r.path, "" if r.stored is None else r.stored, r.section, r.label, r.value, r.unit, r.tag, r.source,
                    "yes" if r.changed else ""])
    return out.getvalue()


def orbit_csv(timeline) -> str:
    fields = ("solar_power_w", "load_w", "battery_soc", "heat_demand_w", "heat_load_w", "rejectable_heat_w",
              "radiator_temperature_k", "throttle", "flop_per_s")
    return series_csv("time_s", timeline.time_s, {f"fleet_mean_{f}": timeline.series(f) for f in fields})


def life_csv(results) -> str:
    o = results.orbital
    cols = {"orbital_flop_per_s": o.flop_per_s, "orbital_cumulative_flop": o.cumulative_flop,
            "orbital_cumulative_cost_usd": o.cumulative_cost_usd}
    for tl in results.terrestrial:
        if len(tl.time_years) == len(o.time_years):
            cols[f"{tl.name} cumulative_flop"] = tl.cumulative_flop
            cols[f"{tl.name} cumulative_cost_usd"] = tl.cumulative_cost_usd
    return series_csv("years_since_epoch", o.time_years, cols)


def build_archive(report: Report, sides: list, trajectories: list | None = None, created: datetime | None = None,
                  study_csv: str | None = None, progress=None) -> bytes:
    """The zip's bytes. ``sides``: [(scenario, results)] for A (and B); ``trajectories``: the
    shells' trajectories for the CZML and OEM files (None: no ephemerides). ``progress(done,
    total)`` after each step may raise ``Cancelled`` (nothing has been written: the zip is bytes)."""
    satellites = sum(len(t.names) for t in trajectories or [])
    total = 2 + 2 * len(sides) + (1 + satellites if trajectories else 0)
    steps = [0]

    def step(n: int = 1) -> None:
        steps[0] += n
        if progress is not None:
            progress(min(steps[0], total), total)

    from orbitdesk.handover.czml import write_czml
    from orbitdesk.handover.ephemerides import write_oem_files

    created = created or datetime.now(timezone.utc)
    root = folder_name(sides[0][0].name)
    files: dict[str, bytes] = {}
    what: list[tuple[str, str]] = []

    def add(name: str, data: str | bytes, description: str) -> None:
        files[f"{root}/{name}"] = data.encode("utf-8") if isinstance(data, str) else data
        what.append((name, description))

    for tag, (scenario, results) in zip(("A", "B"), sides, strict=False):
        suffix = "" if tag == "A" else "_B"
        add(f"scenario{suffix}.orbitdesk.json", scenario_to_json(scenario),
            f"the scenario{' B' if suffix else ''} (open it with OrbitDesk, or `orbitdesk evaluate` it)")
        add(f"kpis{suffix}.csv", kpi_csv(results), "every KPI, raw values in the units of the keys")
        add(f"assumptions{suffix}.csv", assumptions_csv(scenario), "every input with unit, tag and source")
        add(f"mission_life{suffix}.csv", life_csv(results), "FLOP/s, cumulative FLOP and cost over the horizon")
        for s, tl in enumerate(results.orbits):
            add(f"orbit{suffix}_shell{s + 1}.csv", orbit_csv(tl), f"one orbit at the epoch of shell {tl.shell!r}")
        step(2)
    add("report.pdf", to_pdf(report), "the design report")
    step()
    add("report.html", to_html(report), "the design report as one HTML page (figures inline as SVG)")
    step()
    if study_csv is not None:
        add("study.csv", study_csv, "the trade study's table")
    if trajectories:
        with tempfile.TemporaryDirectory() as tmp:
            n = write_czml(sides[0][0], trajectories, Path(tmp) / "constellation.czml")
            add("constellation.czml", (Path(tmp) / "constellation.czml").read_bytes(),
                f"{n} satellites and the ground stations for Cesium (Earth-fixed, read back by czml3)")
            step()
            for path in write_oem_files(trajectories, Path(tmp) / "oem", progress=lambda _d, _t: step()):
                add(f"oem/{path.name}", path.read_bytes(), "CCSDS OEM 2.0, GCRF, UTC (read back by oem)")
    manifest = [f"OrbitDesk {__version__} handover archive, written {created.strftime('%Y-%m-%d %H:%M UTC')}",
                f"Scenario: {sides[0][0].name}" + (f"; compared with {sides[1][0].name}" if len(sides) > 1 else ""), ""]
    manifest += [f"{name}: {description}" for name, description in what]
    files[f"{root}/MANIFEST.txt"] = ("\n".join(manifest) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in [f"{root}/MANIFEST.txt", *(n for n in files if not n.endswith("MANIFEST.txt"))]:
            info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name])
    data = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # read back: every member whole
        bad = z.testzip()
        if bad is not None:
            raise ValueError(f"the archive does not read back: {bad}")
    return data


def write_archive(path, data: bytes) -> None:
    atomic_write_bytes(path, data)
