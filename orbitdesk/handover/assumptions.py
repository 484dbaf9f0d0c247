"""The assumptions table: every input of a scenario with its value, unit, tag and source, the values
that differ from their recorded default marked. It reads the editor's own field tables
(model/field_specs.py) for labels, units and scales, and the catalogs' provenance for tags and
sources, so the report says what the window's tooltips say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from orbitdesk.model import field_specs as fs
from orbitdesk.model.defaults import provenance, site_key

NO_DEFAULT = "set in the scenario: the model's default, or the planner's value (no source recorded)"


@dataclass(frozen=True)
class Assumption:
    section: str  # "Design AI sat 112 kW: Solar array"
    label: str
    value: str  # as the editor shows it, in ``unit``
    unit: str
    tag: str  # published / derived / assumed, or "input" where no default is recorded
    source: str
    changed: bool  # differs from the recorded default (catalog entry or design default)
    path: str  # the scenario path ("designs[0].solar.area_m2")
    stored: object = None  # the value as the scenario file holds it (the unit of the path's name)


def _shown(spec, value, scenario) -> str:
    if value is None:
        return "–"
    if spec.choices is not None:
        choices = spec.choices(scenario) if callable(spec.choices) else spec.choices
        return next((label for v, label in choices if v == value), str(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if not isinstance(value, (int, float)):
        return str(value)
    v = value * spec.scale
    return f"{round(v):,}" if spec.integer else f"{v:,.6g}"


def _differs(value, default) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and isinstance(default, (int, float)):
        return not math.isclose(float(value), float(default), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ") != str(default)
    return value != default


def _rows(scenario, section_title: str, part, specs, section: str, key: str | None, path: str) -> list[Assumption]:
    out = []
    for spec in specs:
        if spec.text:
            continue  # names: the section title carries them
        value = getattr(part, spec.name)
        src = provenance(section, spec.name, key)
        tag, source = (src.tag, src.source) if src else ("input", NO_DEFAULT)
        changed = src is not None and _differs(value, src.value)
        if changed:  # the source is the planner's now; the default's stays named beside it
            tag, source = "input", f"set in the scenario; the default {_shown(spec, src.value, scenario)} " \
                                   f"{spec.unit} ({src.tag}): {src.source}".replace("  ", " ")
        stored = value.isoformat() if isinstance(value, datetime) else value
        out.append(Assumption(section_title, spec.label, _shown(spec, value, scenario), spec.unit, tag, source,
                              changed, f"{path}.{spec.name}" if path else spec.name, stored))
    return out


def assumption_rows(scenario) -> list[Assumption]:
    """Every editable input, in the editor's order: scenario, launch, economics, network, then each
    design's parts, each shell with its workload, each ground station and each terrestrial site."""
    rows: list[Assumption] = []
    rows += _rows(scenario, "Scenario", scenario, fs.SCENARIO[1], "scenario", None, "")
    rows += _rows(scenario, "Launch", scenario.launch, fs.LAUNCH[1], "launch", scenario.launch.vehicle, "launch")
    rows += _rows(scenario, "Economics", scenario.economics, fs.ECONOMICS[1], "economics", None, "economics")
    rows += _rows(scenario, "Network", scenario.network, fs.NETWORK[1], "network", None, "network")
    for u, users in enumerate(scenario.network.users):
        rows += _rows(scenario, f"Users: {users.name}", users, fs.USERS[1], "network", None, f"network.users[{u}]")
    for d, design in enumerate(scenario.designs):
        for tab, (attr, section, _model, key_field, specs) in fs.DESIGN_TABS.items():
            part = getattr(design, attr)
            key = getattr(part, key_field) if key_field else None
            rows += _rows(scenario, f"Design {design.name}: {tab}", part, specs, section, key, f"designs[{d}].{attr}")
        for attr, section, _model, _key, specs in (fs.BUS, fs.PROPULSION):
            rows += _rows(scenario, f"Design {design.name}: {attr}", getattr(design, attr), specs, section, None,
                          f"designs[{d}].{attr}")
    for s, shell in enumerate(scenario.shells):
        specs = fs.SHELLS[shell.kind][1]
        rows += _rows(scenario, f"Shell {shell.name}", shell, specs, "shell", None, f"shells[{s}]")
        rows += _rows(scenario, f"Shell {shell.name}: workload", shell.workload, fs.WORKLOAD[1], "workload", None,
                      f"shells[{s}].workload")
    for g, station in enumerate(scenario.ground_stations):
        rows += _rows(scenario, f"Ground station {station.name}", station, fs.STATION[1], "ground_stations", None,
                      f"ground_stations[{g}]")
    for t, site in enumerate(scenario.terrestrial):
        rows += _rows(scenario, f"Site {site.name}", site, fs.SITE[1], "terrestrial", site_key(site.name),
                      f"terrestrial[{t}]")
    return rows
