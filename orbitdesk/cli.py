"""Headless command line: ``orbitdesk example | evaluate FILE [--json] | size FILE --out OUT | schema | bench``,
and the trade studies ``study FILE`` and ``sweep SCENARIO --vary PATH=LO:HI:N`` (orbitdesk.cli_study).

Bad input exits with status 2 and one line naming the file, the field and the problem; a broken
installation (a missing data file) exits with status 3 and one line saying how to repair it.
Whatever comes from a file (names, paths, messages) is printed with its control characters escaped,
so it cannot drive the terminal or split a line.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from orbitdesk.__about__ import __version__

EXIT_BAD_INPUT = 2
EXIT_BROKEN_INSTALL = 3


def refuse(message: str, status: int = EXIT_BAD_INPUT) -> int:
    """One line on stderr, control characters escaped (a newline in a name cannot split it)."""
    from orbitdesk.model.errors import escape_controls

    print(f"orbitdesk: {escape_controls(message)}", file=sys.stderr)
    return status


def kpi_table(results) -> str:
    """A readable table: orbital design, then each terrestrial alternative, side by side."""
    from orbitdesk.report import kpi_cells

    head, rows = kpi_cells(results, groups=True)
    widths = [max(len(r[i]) for r in [*rows, head]) for i in range(len(head))]

    def line(cells):
        return "  ".join([cells[0].ljust(widths[0])]
                         + [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)])

    out = [f"Scenario: {results.scenario_name}", line(head), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out += [f"Warning: {w}" for w in results.warnings]
    from orbitdesk.model.errors import escape_controls

    return "\n".join(escape_controls(line) for line in out)


def _jsonable(obj):
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_jsonable(v) for v in obj]
    return obj


def cmd_example(args) -> int:
    from orbitdesk.model import default_scenario, scenario_to_json

    sys.stdout.write(scenario_to_json(default_scenario()))
    return 0


def cmd_schema(args) -> int:
    from orbitdesk.model import Scenario

    json.dump(Scenario.model_json_schema(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_evaluate(args) -> int:
    from orbitdesk.core import evaluate
    from orbitdesk.core.ephemeris import EphemerisMissing
    from orbitdesk.model import ScenarioFileError, load_scenario

    try:
        scenario = load_scenario(args.file)
    except ScenarioFileError as e:
        return refuse(str(e))
    try:
        results = evaluate(scenario)
    except EphemerisMissing as e:
        return refuse(str(e), EXIT_BROKEN_INSTALL)
    if args.json:
        json.dump(_jsonable(results.to_dict()), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(kpi_table(results))
    return 0


def cmd_size(args) -> int:
    """Size the battery, the solar array and/or the radiator of a design to close over the horizon;
    print what each closes and write the sized scenario to --out (the input file is left as it is)."""
    from orbitdesk.core import evaluate, sizing
    from orbitdesk.core.ephemeris import EphemerisMissing
    from orbitdesk.model import ScenarioFileError, load_scenario
    from orbitdesk.model.errors import escape_controls
    from orbitdesk.model.fileformat import save_scenario

    try:
        scenario = load_scenario(args.file)
    except ScenarioFileError as e:
        return refuse(str(e))
    if not 0 <= args.design < len(scenario.designs):
        return refuse(f"--design {args.design}: the scenario has designs 0 to {len(scenario.designs) - 1}")
    try:
        same = Path(args.out).resolve() == Path(args.file).resolve()
    except OSError:
        same = False
    if same:
        return refuse(f"--out {args.out}: that is the input file; write the sized scenario to another file")
    parts = [p for p in ("battery", "array", "radiator") if getattr(args, p)] or ["battery", "array", "radiator"]
    try:
        for part in parts:  # the battery first: the radiator rejects its charging loss
            change = (sizing.battery(scenario, args.design, evaluate(scenario), payload=not args.bus_only)
                      if part == "battery" else sizing.array(scenario, args.design) if part == "array"
                      else sizing.radiator(scenario, args.design))
            if change is None:
                why = ("an orbit collects no sunlight" if part == "array" else
                       "no radiator area closes at its temperature limit (raise the limit or the emissivity)")
                return refuse(f"{part}: no shell flies design {args.design}, or {why}")
            scenario = sizing.sized(scenario, [change])
            print(escape_controls(f"{change.path}: {change.before:,.6g} -> {change.value:,.6g} ({change.why})"))
    except EphemerisMissing as e:
        return refuse(str(e), EXIT_BROKEN_INSTALL)
    except ValueError as e:  # a sized value past a field's bound
        return refuse(f"the sized design is not valid: {e}")
    try:
        save_scenario(scenario, args.out)
    except (OSError, ScenarioFileError) as e:
        return refuse(f"{args.out}: {e}")
    print(escape_controls(f"written: {args.out}"))
    return 0


def cmd_import(args) -> int:
    """Add a TLE or OMM element file to a scenario as a shell; write the result to --out."""
    from orbitdesk.app.placing import add_tle_shell
    from orbitdesk.model import ScenarioFileError, load_scenario
    from orbitdesk.model.errors import escape_controls
    from orbitdesk.model.fileformat import read_text_bounded, save_scenario

    try:
        scenario = load_scenario(args.scenario)
        text = read_text_bounded(args.elements)
    except ScenarioFileError as e:
        return refuse(str(e))
    try:
        same = Path(args.out).resolve() in (Path(args.scenario).resolve(), Path(args.elements).resolve())
    except OSError:
        same = False
    if same:
        return refuse(f"--out {args.out}: that is an input file; write the new scenario to another file")
    try:
        new, index = add_tle_shell(scenario, text, Path(args.elements).name)
    except ValueError as e:  # the line or record named; pydantic's ValidationError too
        return refuse(escape_controls(f"{args.elements}: {str(e).splitlines()[0]}; nothing was added"))
    try:
        save_scenario(new, args.out)
    except (OSError, ScenarioFileError) as e:
        return refuse(f"{args.out}: {e}")
    shell = new.shells[index]
    print(escape_controls(f"added shell {shell.name!r}: {shell.satellite_count:,} satellites; written: {args.out}"))
    return 0


def cmd_bench(args) -> int:
    if args.study:
        from orbitdesk.study.bench import run_study_benchmarks

        return run_study_benchmarks(quick=args.quick)
    if args.gui:
        from orbitdesk.gui.bench_gui import run_gui_benchmarks

        return run_gui_benchmarks(quick=args.quick)
    from orbitdesk.bench import run_benchmarks

    run_benchmarks(quick=args.quick)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="orbitdesk", description="OrbitDesk: mission design for orbital data centers, compared "
        "with terrestrial sites.", epilog="Without a subcommand, `orbitdesk [FILE] [--smoke-test] "
        "[--screenshot PATH] [--settings INI]` opens the desktop application (see "
        "`orbitdesk --smoke-test --help`).")
    p.add_argument("--version", action="version", version=f"OrbitDesk {__version__}")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("example", help="print the default scenario as JSON").set_defaults(func=cmd_example)
    sub.add_parser("schema", help="print the scenario JSON Schema").set_defaults(func=cmd_schema)
    ev = sub.add_parser("evaluate", help="evaluate a scenario file and print its KPIs")
    ev.add_argument("file", help="scenario file (*.orbitdesk.json); '-' is not accepted")
    ev.add_argument("--json", action="store_true", help="print all KPIs as JSON (units in the keys)")
    ev.set_defaults(func=cmd_evaluate)
    sz = sub.add_parser("size", help="size a design's battery, solar array and radiator to close over the horizon")
    sz.add_argument("file", help="scenario file (*.orbitdesk.json)")
    sz.add_argument("--out", required=True, help="where to write the sized scenario (the input stays as it is)")
    sz.add_argument("--design", type=int, default=0, help="index of the design to size (default 0)")
    sz.add_argument("--battery", action="store_true", help="size the battery (default: all three)")
    sz.add_argument("--array", action="store_true",
                    help="size the solar array for end of life (default: all three)")
    sz.add_argument("--radiator", action="store_true", help="size the radiator (default: all three)")
    sz.add_argument("--bus-only", action="store_true",
                    help="the battery carries only the bus through eclipse (the payload stops)")
    sz.set_defaults(func=cmd_size)
    im = sub.add_parser("import", help="add a TLE or OMM (CCSDS XML, CelesTrak CSV or JSON) element file to a "
                        "scenario as a shell")
    im.add_argument("scenario", help="scenario file (*.orbitdesk.json)")
    im.add_argument("elements", help="element file: two-line elements, or an OMM in XML, CSV or JSON")
    im.add_argument("--out", required=True, help="where to write the scenario with the new shell")
    im.set_defaults(func=cmd_import)
    b = sub.add_parser("bench", help="print speed figures (default, 1,000,000 satellites, skyfield)")
    b.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    b.add_argument("--gui", action="store_true",
                   help="the desktop application's figures: edit to plots, globe frames (needs a display)")
    b.add_argument("--study", action="store_true",
                   help="the trade-study figures: Monte Carlo, sweeps, one and two local workers (minutes)")
    b.set_defaults(func=cmd_bench)
    from orbitdesk import cli_handover, cli_study

    cli_study.add_parsers(sub)
    cli_handover.add_parsers(sub)
    return p


SUBCOMMANDS = ("example", "schema", "evaluate", "size", "import", "bench", "study", "sweep", "export", "report",
               "handover")


def main(argv: list[str] | None = None) -> int:
    """A subcommand runs headless; anything else (no arguments, a file, GUI options) opens the
    desktop application."""
    argv = sys.argv[1:] if argv is None else argv
    from orbitdesk.core.allocator import keep_freed_memory

    keep_freed_memory()  # before the compute threads start (see its module)
    if argv and (argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help")):
        args = build_parser().parse_args(argv)
        try:
            status = args.func(args) if args.command else 0
            sys.stdout.flush()  # here, not at exit, where a closed pipe would be "ignored" with exit 120
            return status
        except BrokenPipeError:  # `orbitdesk evaluate FILE | head`: the reader has stopped
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    from orbitdesk.gui.launch import run

    return run(argv)
