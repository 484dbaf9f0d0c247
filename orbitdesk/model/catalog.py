"""Bundled catalogs (GPUs, solar cells, coatings, launchers, terrestrial sites).

Every catalog value carries its unit, a provenance tag (published / derived / assumed) and its
source, so the GUI can show where a default comes from; where a source gives one, also the range
of published values (``low``, ``high``, ``range_source``), the span a trade study starts from. The
files live in resources/catalogs.
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
    """A value with its unit and provenance, and the range published values span where a source
    gives one (``low`` ≤ value ≤ ``high``, in the same unit, from ``range_source``)."""

    value: Any
    unit: str
    tag: Tag
    source: str
    low: float | None = None
    high: float | None = None
    range_source: str | None = None

    def __post_init__(self):
        if (self.low is None) != (self.high is None) or (self.low is not None and not (
                self.low <= self.value <= self.high and self.range_source)):
            raise ValueError(f"a catalog range needs low <= value <= high and its source: {self}")

    @property
    def has_range(self) -> bool:
        return self.low is not None

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


# ComputePayload fields a GPU's catalog entry fills, -> (entry field, scale to the payload's unit).
# The scenario stores them (filled when the GPU is chosen), so evaluation never reads the catalog
# and a catalog update never changes a saved scenario's results.
GPU_FIGURES = {
    "gpu_tdp_w": ("tdp_w", 1.0),  # W
    "gpu_bf16_peak_flop_per_s": ("bf16_dense_tflops", 1e12),  # TFLOP/s -> FLOP/s
    "gpu_fp8_peak_flop_per_s": ("fp8_dense_tflops", 1e12),  # TFLOP/s -> FLOP/s; None: not published
}
GPU_PRICE = {"gpu_unit_cost_usd": ("unit_cost_usd", 1.0)}  # USD


def _payload_values(key: str, fields: dict) -> dict:
    e = entry("gpus", key)
    return {name: None if e[src] is None else float(e[src]) * scale for name, (src, scale) in fields.items()}


def gpu_figures(key: str) -> dict:
    """The figures of GPU ``key`` as ComputePayload fields: ``gpu_tdp_w`` (W),
    ``gpu_bf16_peak_flop_per_s`` and ``gpu_fp8_peak_flop_per_s`` (dense peaks, FLOP/s; None where
    no figure is published)."""
    return _payload_values(key, GPU_FIGURES)


def gpu_payload_values(key: str) -> dict:
    """Everything choosing GPU ``key`` brings to a ComputePayload: its figures (gpu_figures) and
    its price ``gpu_unit_cost_usd`` (USD)."""
    return _payload_values(key, {**GPU_PRICE, **GPU_FIGURES})


def gpu_payload_source(key: str, field: str) -> Sourced | None:
    """Where the value of the GPU-backed ComputePayload field ``field`` (gpu_unit_cost_usd and
    the GPU_FIGURES) comes from for GPU ``key``, in the payload's unit (the peaks in FLOP/s); None
    for any other field or an unknown GPU."""
    src, scale = {**GPU_PRICE, **GPU_FIGURES}.get(field, (None, 1.0))
    e = catalog("gpus").get(key)
    if src is None or e is None or src not in e.fields:
        return None
    f = e.fields[src]
    if scale == 1.0 or f.value is None:
        return f
    return Sourced(float(f.value) * scale, "FLOP/s", f.tag, f.source)
