"""Handing the work over from the command line (orbitdesk.handover): ``orbitdesk export SCENARIO
--czml OUT.czml --oem DIR`` writes ephemerides over a span, ``orbitdesk report SCENARIO --out
report.pdf`` the design report (PDF and HTML; ``--compare B`` adds a second scenario), and
``orbitdesk handover SCENARIO --out package.zip`` all of it in one archive.
"""

from __future__ import annotations

from pathlib import Path

from orbitdesk.cli import EXIT_BROKEN_INSTALL, refuse

MAX_SPAN_H = 24 * 31  # a month: longer spans are work for a propagator of record, not this export


def _load(path: str):
    from orbitdesk.model import load_scenario

    return load_scenario(path)


def _shell_indices(scenario, asked: list[int] | None) -> list[int]:
    n = len(scenario.shells)
    if not asked:
        return list(range(n))
    bad = [i for i in asked if not 1 <= i <= n]
    if bad:
        raise ValueError(f"--shell {bad[0]}: the scenario has shells 1 to {n}")
    return sorted({i - 1 for i in asked})


def trajectories_for(scenario, args) -> list:
    """The shells' trajectories the export options ask for; ValueError names a bad option."""
    from orbitdesk.core.trajectories import shell_trajectories

    if not 0 < args.span_h <= MAX_SPAN_H:
        raise ValueError(f"--span-h {args.span_h:g}: give a span above 0 and up to {MAX_SPAN_H} h")
    if not 1 <= args.satellites <= 10_000:
        raise ValueError(f"--satellites {args.satellites}: give 1 to 10,000 satellites per shell")
    try:
        return [shell_trajectories(scenario, i, args.span_h * 3600.0, args.step_s, args.satellites)
                for i in _shell_indices(scenario, args.shell)]
    except ValueError as e:
        text = str(e)
        if text.startswith("step ") and "longer than the span" in text:
            text = (f"--step-s {args.step_s:g} s is longer than --span-h {args.span_h:g} h: give a longer span or a "
                    "shorter step")
        elif text.startswith("step "):
            text = "--step-s " + text.removeprefix("step ")
        raise ValueError(text) from e


def _refusing(run) -> int:
    """``run()``, its failures as one line: a bad file or option (status 2), a broken install (3)."""
    from orbitdesk.core.ephemeris import EphemerisMissing
    from orbitdesk.model import ScenarioFileError
    from orbitdesk.study.spec import StudyError

    try:
        return run()
    except EphemerisMissing as e:
        return refuse(str(e), EXIT_BROKEN_INSTALL)
    except ImportError as e:  # a package of the installation is missing (a broken install or bundle)
        return refuse(f"{e}: a part of the installation is missing; reinstall OrbitDesk", EXIT_BROKEN_INSTALL)
    except (ScenarioFileError, StudyError, ValueError, OSError) as e:
        return refuse(str(e))


def _written(option: str, path: str, write):
    """``write()``, an OSError as a ValueError naming the option and the path (no errno, no temporary name)."""
    try:
        return write()
    except OSError as e:
        raise ValueError(f"{option} {path}: {e.strerror or e}") from e


def _export_problem(args) -> str | None:
    """What is wrong with --czml and --oem before anything is computed or written."""
    if not (args.czml or args.oem):
        return "export: give --czml OUT.czml, --oem DIR or both"
    if args.czml:
        czml = Path(args.czml)
        if czml.suffix.lower() != ".czml":
            return f"--czml {args.czml}: give a .czml name"
        if czml.is_dir():
            return f"--czml {args.czml}: that is a folder; give a .czml file name"
        if not czml.absolute().parent.is_dir():
            return f"--czml {args.czml}: the folder {czml.parent} does not exist"
    if args.czml and args.oem and Path(args.czml).absolute() == Path(args.oem).absolute():
        return f"--czml and --oem are both {args.czml}: give the OEM files a folder of their own"
    if args.oem and Path(args.oem).exists() and not Path(args.oem).is_dir():
        return f"--oem {args.oem}: that is a file; give a folder for the OEM files"
    if args.oem and not Path(args.oem).absolute().parent.is_dir():
        return f"--oem {args.oem}: the folder {Path(args.oem).parent} does not exist"
    return None


def cmd_export(args) -> int:
    from orbitdesk.handover.czml import write_czml
    from orbitdesk.handover.ephemerides import write_oem_files
    from orbitdesk.model.errors import escape_controls

    if (why := _export_problem(args)):
        return refuse(why)

    def run() -> int:
        scenario = _load(args.scenario)
        trajectories = trajectories_for(scenario, args)
        if args.oem:  # its folder checks first: a refused folder leaves no CZML behind either
            try:
                paths = _written("--oem", args.oem, lambda: write_oem_files(trajectories, args.oem))
            except ValueError as e:
                raise ValueError(str(e) if str(e).startswith("--oem") else f"--oem {e}") from e
        if args.czml:
            n = _written("--czml", args.czml, lambda: write_czml(scenario, trajectories, args.czml))
            print(escape_controls(f"CZML: {n} satellites, {trajectories[0].t_s.size} epochs each; read back "
                                  f"by czml3; written: {args.czml}"))
        if args.oem:
            print(escape_controls(f"OEM: {len(paths)} files (one per satellite), each read back by oem; "
                                  f"written in: {args.oem}"))
        return 0

    return _refusing(run)


def study_from_table(path: str):
    """A trade-study table written by `orbitdesk study` (.parquet or .csv) as the report prints it:
    its size and each KPI's P10, P50 and P90 over the points that ran."""
    from orbitdesk.handover.design_report import Study
    from orbitdesk.study.analysis import percentiles
    from orbitdesk.study.table import read_csv, read_parquet

    if not Path(path).is_file():
        raise ValueError(f"--study-table {path}: no such file")
    try:
        table = read_parquet(path) if path.endswith(".parquet") else read_csv(path)
    except (OSError, ValueError, KeyError) as e:
        raise ValueError(f"--study-table {path}: not a study table written by `orbitdesk study` ({e})") from e
    except Exception as e:  # pyarrow's own errors (ArrowInvalid is a ValueError; others are not)
        raise ValueError(f"--study-table {path}: not a study table written by `orbitdesk study` ({e})") from e
    failed = int((~table.ok).sum())
    lines = [f"{len(table):,} points, {failed:,} failed; inputs varied: {', '.join(table.paths)}."]
    for key in table.kpis:
        p = percentiles(table.column(key)[table.ok])
        lines.append(f"{key}: P10 {p['P10']:,.6g}, P50 {p['P50']:,.6g}, P90 {p['P90']:,.6g} ({p['n']:,} points)")
    return Study(f"Study table {Path(path).name}", tuple(lines), table)


def report_inputs(args):
    """(report, [(scenario, results)], study CSV text or None) for `report` and `handover`."""
    from orbitdesk.core import evaluate
    from orbitdesk.handover.design_report import Side, build_report

    a = _load(args.scenario)
    sides = [Side(a, evaluate(a), Path(args.scenario).name)]
    if args.compare:
        b = _load(args.compare)
        sides.append(Side(b, evaluate(b), Path(args.compare).name))
    study = study_from_table(args.study_table) if args.study_table else None
    report = build_report(sides[0], sides[1] if len(sides) > 1 else None, study)
    study_csv = None
    if study is not None:
        from orbitdesk.study.table import table_to_csv

        study_csv = table_to_csv(study.table)
    return report, [(s.scenario, s.results) for s in sides], study_csv


def _refuse_overwrite(out: str, *inputs: str | None) -> str | None:
    try:
        target = Path(out).resolve()
        if any(i and Path(i).resolve() == target for i in inputs):
            return f"{out}: that is an input file; write to another file"
    except OSError:
        pass
    return None


def cmd_report(args) -> int:
    from orbitdesk.handover.design_report import write_report
    from orbitdesk.model.errors import escape_controls

    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".html"):
        return refuse(f"--out {args.out}: give a .pdf or .html name (the other is written beside it)")
    if (why := _refuse_overwrite(args.out, args.scenario, args.compare, args.study_table)):
        return refuse(why)

    def run() -> int:
        report, _, _ = report_inputs(args)
        paths = _written("--out", args.out, lambda: write_report(report, out.with_suffix(".pdf"),
                                                                   out.with_suffix(".html")))
        print(escape_controls(f"written: {', '.join(paths)}"))
        return 0

    return _refusing(run)


def cmd_handover(args) -> int:
    from orbitdesk.handover.archive import build_archive, write_archive
    from orbitdesk.model.errors import escape_controls

    if not args.out.lower().endswith(".zip"):
        return refuse(f"--out {args.out}: give a .zip name")
    if (why := _refuse_overwrite(args.out, args.scenario, args.compare, args.study_table)):
        return refuse(why)

    def run() -> int:
        report, sides, study_csv = report_inputs(args)
        data = build_archive(report, sides, trajectories_for(sides[0][0], args), study_csv=study_csv)
        _written("--out", args.out, lambda: write_archive(args.out, data))
        print(escape_controls(f"written: {args.out} ({len(data) / 1e6:,.1f} MB)"))
        return 0

    return _refusing(run)


def _report_options(p) -> None:
    p.add_argument("scenario", help="scenario file (*.orbitdesk.json): scenario A")
    p.add_argument("--compare", metavar="B", help="a second scenario file to compare with (B)")
    p.add_argument("--study-table", metavar="TABLE", help="a trade-study table (.parquet or .csv, from "
                   "`orbitdesk study`) to include")


def _span_options(p) -> None:
    p.add_argument("--span-h", type=float, default=24.0,
                   help="span from the scenario epoch, hours, up to 744 (31 days; default 24)")
    p.add_argument("--step-s", type=float, default=60.0, help="time between states, seconds (default 60)")
    p.add_argument("--satellites", type=int, default=12,
                   help="satellites per shell, 1 to 10,000: as many planes as that allows, spread evenly, and in "
                   "each its share of the slots round the orbit (default 12; at most 500,000 satellites × epochs)")
    p.add_argument("--shell", type=int, action="append",
                   help="a shell to export, by its number from 1 (repeatable; default: every shell)")


def add_parsers(sub) -> None:
    ex = sub.add_parser("export", help="write ephemerides: CZML for Cesium and/or CCSDS OEM files, read back "
                        "before they are kept")
    ex.add_argument("scenario", help="scenario file (*.orbitdesk.json)")
    ex.add_argument("--czml", help="the CZML file to write (the constellation and the ground stations)")
    ex.add_argument("--oem", help="a new or empty folder for the OEM files (one per satellite, GCRF, UTC); made if "
                    "missing, refused if it already holds OEM files")
    _span_options(ex)
    ex.set_defaults(func=cmd_export)
    rp = sub.add_parser("report", help="write the design report as PDF and HTML (--compare B adds a comparison)")
    _report_options(rp)
    rp.add_argument("--out", required=True, help="a .pdf or .html path; the other format is written beside it")
    rp.set_defaults(func=cmd_report)
    ho = sub.add_parser("handover", help="one zip: the scenario, the report, the CSVs, CZML and OEM ephemerides")
    _report_options(ho)
    ho.add_argument("--out", required=True, help="the archive to write (.zip)")
    _span_options(ho)
    ho.set_defaults(func=cmd_handover)
