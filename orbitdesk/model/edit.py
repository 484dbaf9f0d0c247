"""Edits as new values: ``with_value(scenario, "designs[0].radiator.area_m2", 150.0)``.

The whole scenario is re-validated, so an edit either yields a valid new Scenario or raises
pydantic's ValidationError naming the field; the original is never touched.
"""

from __future__ import annotations

import re
from typing import Any

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
    node[keys[-1]] = value
    return Scenario.model_validate(data)
