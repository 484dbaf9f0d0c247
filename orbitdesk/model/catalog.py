"""Bundled catalogs (GPUs, solar cells, coatings, launchers, terrestrial sites).

Every catalog value carries its unit, a provenance tag (published / derived / assumed) and its
source, so the GUI can show where a default comes from. The files live in resources/catalogs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from orbitdesk.paths import resource

Tag = Literal["published", "derived", "assumed"]
CATALOG_NAMES = ("gpus", "solar_cells", "coatings", "launchers", "sites", "design_defaults")


@dataclass(frozen=True)
class Sourced:
    """A value with its unit and provenance."""

    value: Any
    unit: str
    tag: Tag
    source: str

    def describe(self) -> str:
        return f"{self.tag}: {self.source}"


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    fields: dict[str, Sourced]

    def __getitem__(self, field: str) -> Any:
        return self.fields[field].value

    def values(self) -> dict[str, Any]:
        return {name: f.value for name, f in self.fields.items()}


@cache
def catalog(name: str) -> dict[str, Entry]:
    """Entries of one bundled catalog, by key, in file order."""
    if name not in CATALOG_NAMES:
        raise KeyError(f"unknown catalog {name!r}; known: {', '.join(CATALOG_NAMES)}")
    raw = json.loads(resource("catalogs", f"{name}.json").read_text(encoding="utf-8"))
    entries: dict[str, Entry] = {}
    for item in raw["entries"]:
        fields = {k: Sourced(**f) for k, f in item["fields"].items()}
        entries[item["key"]] = Entry(item["key"], item["name"], fields)
    return entries


def entry(name: str, key: str) -> Entry:
    """One catalog entry; a KeyError names the catalog and lists the known keys."""
    entries = catalog(name)
    try:
        return entries[key]
    except KeyError:
        raise KeyError(
            f"{key!r} is not in the {name} catalog; known: {', '.join(entries)}"
        ) from None
