"""Edits as new values: ``with_value(scenario, "designs[0].radiator.area_m2", 150.0)``.

The whole scenario is re-validated, so an edit either yields a valid new Scenario or raises
pydantic's ValidationError naming the field; the original is never touched.

A compute payload stores its GPU's figures (TDP, dense peaks); setting its ``gpu`` to another
model brings that model's figures from the catalog (they are the chip's, not the planner's), and
leaves everything else, the price included, as it was. Choosing a catalog entry with all its
values (the price too) is ``defaults.with_catalog_choice``.
"""

from __future__ import annotations

import re
from typing import Any

from orbitdesk.model.catalog import catalog, gpu_figures
from orbitdesk.model.scenario import Scenario

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """'designs[0].radiator.area_m2' or 'designs.0.radiator.area_m2' -> ['designs', 0, ...]."""
    keys: list[str | int] = []
    for name, index in _TOKEN.findall(path):
        keys.append(int(index) if index else (int(name) if name.isdigit() else name))
    return keys


def get_value(scenario: Scenario, path: str) -> Any:
    node: Any = scenario
    for k in parse_path(path):
        node = node[k] if isinstance(k, int) else getattr(node, k)
    return node


def with_value(scenario: Scenario, path: str, value: Any) -> Scenario:
    data = scenario.model_dump(mode="json")
    node = data
    keys = parse_path(path)
    for k in keys[:-1]:
        node = node[k]
    if (keys[-1] == "gpu" and len(keys) > 1 and keys[-2] == "compute" and isinstance(value, str)
            and value != node.get("gpu") and value in catalog("gpus")):
        node.update(gpu_figures(value))  # another chip: its own figures
    node[keys[-1]] = value
    return Scenario.model_validate(data)
