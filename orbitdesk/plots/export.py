"""Plots to PNG or SVG and their data to CSV (File ▸ Export, and each plot's right-click menu)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from orbitdesk.model.fileformat import atomic_write_text, replace_atomically


def export_image(layout_widget, path: str | Path, width: int = 1600) -> None:
    """PNG or SVG (by suffix) of a pyqtgraph GraphicsLayoutWidget, all its plots.

    SVG is drawn by Qt's QSvgGenerator (pyqtgraph's SVGExporter cannot parse the paths Qt 6.12
    writes); the file is written beside the target and renamed, so it is never half-written."""
    import os
    import tempfile

    import pyqtgraph.exporters as ex
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"{path.name}: choose a .png or .svg file name")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        if suffix == ".png":
            e = ex.ImageExporter(layout_widget.ci)
            e.parameters()["width"] = width
            e.export(tmp)
        else:
            scene = layout_widget.scene()
            rect = layout_widget.ci.sceneBoundingRect()  # the plots, not the whole scene
            gen = QSvgGenerator()
            gen.setFileName(tmp)
            gen.setSize(rect.size().toSize())
            gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
            gen.setTitle("OrbitDesk plot")
            painter = QPainter(gen)
            scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
            painter.end()
        replace_atomically(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


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
