"""Plots to PNG or SVG and their data to CSV (File ▸ Export, and each plot's right-click menu)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from orbitdesk.model.fileformat import atomic_write_text


def export_image(graphics_item, path: str | Path, width: int = 1600) -> None:
    """PNG or SVG (by suffix) of a pyqtgraph item: a PlotItem or a whole layout."""
    import pyqtgraph.exporters as ex

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        ex.SVGExporter(graphics_item).export(str(path))
    elif suffix == ".png":
        e = ex.ImageExporter(graphics_item)
        e.parameters()["width"] = width
        e.export(str(path))
    else:
        raise ValueError(f"{path.name}: choose a .png or .svg file name")


def series_csv(x_name: str, x: np.ndarray, columns: dict[str, np.ndarray]) -> str:
    """One CSV: the x column, then one column per series (units in the column names)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([x_name, *columns])
    for i, xi in enumerate(np.asarray(x)):
        w.writerow([f"{xi:.9g}", *[f"{float(c[i]):.9g}" for c in columns.values()]])
    return out.getvalue()


def write_csv(path: str | Path, text: str) -> None:
    atomic_write_text(path, text)
