"""Headless command line: ``orbitdesk example | evaluate FILE [--json] | schema | bench``.

Bad input exits with status 2 and one line naming the file, the field and the problem.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from orbitdesk.__about__ import __version__

EXIT_BAD_INPUT = 2

# KPI key -> (label, divisor, unit shown); the key's own unit suffix is the source of truth
_ORBITAL_ROWS = [
    ("satellites", "Satellites", 1, ""),
    ("solar_array_area_m2", "Solar array area", 1e6, "km²"),
    ("radiator_area_m2", "Radiator area", 1e6, "km²"),
    ("battery_capacity_wh", "Battery capacity", 1e6, "MWh"),
    ("satellite_mass_kg", "Satellite mass", 1e3, "t"),
    ("solar_array_mass_kg", "Solar array mass", 1e3, "t"),
    ("radiator_mass_kg", "Radiator mass", 1e3, "t"),
    ("battery_mass_kg", "Battery mass", 1e3, "t"),
    ("launch_mass_kg", "Launch mass", 1e3, "t"),
    ("launches", "Launches", 1, ""),
    ("sunlit_fraction", "Sunlit fraction (epoch orbit)", 0.01, "%"),
    ("longest_eclipse_s", "Longest eclipse", 60, "min"),
    ("peak_radiator_temperature_k", "Peak radiator temperature", 1, "K"),
    ("orbit_average_throttle", "Payload throttle (epoch orbit)", 0.01, "%"),
    ("orbit_average_flop_per_s", "Full fleet FLOP/s (epoch orbit)", 1e18, "EFLOP/s"),
]
_SHARED_ROWS = [
    ("mean_delivered_flop_per_s", "Mean delivered FLOP/s (life)", 1e18, "EFLOP/s"),
    ("lifetime_flop", "FLOP over the horizon", 1e27, "×10²⁷ FLOP"),
    ("capex_usd", "Capex", 1e9, "$B"),
    ("total_cost_usd", "Cost over the horizon", 1e9, "$B"),
    ("cost_per_exaflop_usd", "Cost per exaFLOP", 1, "$"),
    ("cost_per_gpu_hour_usd", "Cost per GPU-hour", 1, "$"),
    ("time_to_first_flop_years", "Time to first FLOP", 1, "yr"),
    ("time_to_full_capacity_years", "Time to full capacity", 1, "yr"),
]
_GROUND_ROWS = [
    ("gpus", "GPUs", 1, ""),
    ("it_power_w", "IT power", 1e6, "MW"),
    ("facility_power_w", "Facility power", 1e6, "MW"),
    ("energy_kwh", "Energy over the horizon", 1e9, "TWh"),
    ("water_l", "Water over the horizon", 1e9, "GL"),
]


def _fmt(value, divisor) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    v = value / divisor
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:,.1f}"
    return f"{v:,.3g}" if v else "0"


def kpi_table(results) -> str:
    """A readable table: orbital design, then each terrestrial alternative, side by side."""
    sites = list(results.terrestrial_kpis)
    head = ["", "Orbital"] + sites
    rows = []
    for key, label, div, unit in _ORBITAL_ROWS:
        rows.append([f"{label} [{unit}]" if unit else label, _fmt(results.kpis[key], div)]
                    + ["" for _ in sites])
    for key, label, div, unit in _GROUND_ROWS:
        rows.append([f"{label} [{unit}]" if unit else label, "–" if key != "gpus" and key != "it_power_w"
                     else _fmt(results.kpis[key], div)]
                    + [_fmt(results.terrestrial_kpis[s][key], div) for s in sites])
    for key, label, div, unit in _SHARED_ROWS:
        rows.append([f"{label} [{unit}]" if unit else label, _fmt(results.kpis[key], div)]
                    + [_fmt(results.terrestrial_kpis[s][key], div) for s in sites])
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]

    def line(cells):
        return "  ".join([cells[0].ljust(widths[0])]
                         + [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)])

    out = [f"Scenario: {results.scenario_name}", line(head), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    for w in results.warnings:
        out.append(f"Warning: {w}")
    return "\n".join(out)


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
    from orbitdesk.model import ScenarioFileError, load_scenario

    try:
        scenario = load_scenario(args.file)
    except ScenarioFileError as e:
        print(f"orbitdesk: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    results = evaluate(scenario)
    if args.json:
        json.dump(_jsonable(results.to_dict()), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(kpi_table(results))
    return 0


def cmd_bench(args) -> int:
    from orbitdesk.bench import run_benchmarks

    run_benchmarks(quick=args.quick)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="orbitdesk", description="OrbitDesk: mission design for "
                                "orbital data centers, compared with terrestrial sites.")
    p.add_argument("--version", action="version", version=f"OrbitDesk {__version__}")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("example", help="print the default scenario as JSON").set_defaults(func=cmd_example)
    sub.add_parser("schema", help="print the scenario JSON Schema").set_defaults(func=cmd_schema)
    ev = sub.add_parser("evaluate", help="evaluate a scenario file and print its KPIs")
    ev.add_argument("file", help="scenario file (*.orbitdesk.json); '-' is not accepted")
    ev.add_argument("--json", action="store_true", help="print all KPIs as JSON (units in the keys)")
    ev.set_defaults(func=cmd_evaluate)
    b = sub.add_parser("bench", help="print speed figures (default, 1,000,000 satellites, skyfield)")
    b.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    b.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 0
    return args.func(args)
