"""Handover figures for ``orbitdesk bench`` (printed, never asserted): the path the window and the
command line take, on the default scenario and a variant as B (results evaluated beforehand, as
the window has them; the window's report also evaluates A, 30-50 ms after an edit)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def _times(fn, repeats: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return min(samples), max(samples)


def bench_handover(repeats: int = 3, satellites: int = 12) -> None:
    from orbitdesk.core import evaluate
    from orbitdesk.core.trajectories import shell_trajectories
    from orbitdesk.handover.archive import build_archive
    from orbitdesk.handover.czml import write_czml
    from orbitdesk.handover.design_report import Side, build_report, to_html, to_pdf
    from orbitdesk.handover.ephemerides import write_oem_files
    from orbitdesk.model import default_scenario
    from orbitdesk.model.edit import with_value

    a = default_scenario()
    b = with_value(a, "designs[0].solar.area_m2", 500.0).model_copy(update={"name": "B"})
    sa, sb = Side(a, evaluate(a)), Side(b, evaluate(b))
    report = build_report(sa, sb)
    pages = {"pdf": len(to_pdf(report)), "html": len(to_html(report))}

    def trajectories():
        return [shell_trajectories(a, i, 86400.0, 60.0, satellites) for i in range(len(a.shells))]

    tr = trajectories()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            ("report, default alone: build + PDF + HTML", lambda: (to_pdf(r := build_report(sa)), to_html(r))),
            (f"report with B ({pages['pdf'] / 1e3:,.0f} kB PDF, {pages['html'] / 1e3:,.0f} kB HTML)",
             lambda: (to_pdf(r := build_report(sa, sb)), to_html(r))),
            (f"trajectories, {satellites} satellites × 1,441 epochs (1 day at 60 s)", trajectories),
            ("CZML written and read back", lambda: write_czml(a, tr, Path(tmp) / "c.czml")),
            (f"OEM, {satellites} files written and read back",  # a new folder each time (a used one is refused)
             lambda: write_oem_files(tr, Path(tempfile.mkdtemp(dir=tmp)) / "oem")),
            ("handover zip with B (report, CSVs, CZML, OEM)",
             lambda: build_archive(build_report(sa, sb), [(a, sa.results), (b, sb.results)], tr)),
        ]
        print(f"handover (orbitdesk.handover), min–max of {repeats}:")
        for label, fn in rows:
            lo, hi = _times(fn, repeats)
            print(f"  {label}: {lo * 1e3:,.0f}–{hi * 1e3:,.0f} ms")
