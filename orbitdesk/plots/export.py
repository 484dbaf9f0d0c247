"""Plots to PNG or SVG and their data to CSV (File ▸ Export, and each plot's right-click menu).

PNG and SVG are drawn by the same code: the plots are laid out at a fixed logical size
(``EXPORT_LOGICAL_WIDTH``, ``EXPORT_ROW_HEIGHT`` a row), so an export reads the same whatever the
window's size, scaled to the export width (text stays legible: 1600 px wide gives ≥ 11 px text),
under a caption band (scenario, shell, epoch, OrbitDesk version). The paint device's resolution
is the one pyqtgraph's cached drawings (QPicture: axes, bars) were recorded at: replayed on
QSvgGenerator's default 72 dpi they were shrunk by 72/96, which shifted every axis and bar
against the curves in SVG exports.
"""

from __future__ import annotations

import os
from pathlib import Path

from orbitdesk.model.fileformat import atomic_write_text, replace_atomically, save_target, temp_path_beside
from orbitdesk.report import series_csv  # noqa: F401 (the plots' CSV exports import it from here)

EXPORT_WIDTH = 1600  # px
EXPORT_LOGICAL_WIDTH = 1000  # the plots are laid out this wide, then scaled to the export width
EXPORT_ROW_HEIGHT = 300  # a plot row, logical px
CAPTION_HEIGHT = 40  # logical px: two lines of caption
CAPTION_PX = 13  # caption font, logical px


def export_size(layout_widget, width: int = EXPORT_WIDTH) -> tuple[int, int, float]:
    """(width, height, scale) of an export: the logical layout scaled to ``width`` pixels."""
    rows = max(layout_widget.ci.layout.rowCount(), 1)
    scale = width / EXPORT_LOGICAL_WIDTH
    return width, round((rows * EXPORT_ROW_HEIGHT + CAPTION_HEIGHT) * scale), scale


def picture_dpi() -> int:
    """The resolution QPicture records at (the screen's logical dpi, 96 under Xvfb)."""
    from PySide6.QtGui import QPicture

    return QPicture().logicalDpiX()


def paint_export(layout_widget, painter, width: int, caption: str = "") -> None:
    """Draw the caption band and all plots of ``layout_widget`` into ``painter`` (a device
    ``export_size`` big). The plots are re-laid out at the logical export size for the drawing
    and put back before any event runs, so the screen never shows it."""
    import pyqtgraph.exporters as ex
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont
    from PySide6.QtWidgets import QGraphicsItem

    from orbitdesk.plots.style import cached_items

    w, h, scale = export_size(layout_widget, width)
    ci = layout_widget.ci
    logical = QRectF(0, 0, EXPORT_LOGICAL_WIDTH, (h / scale) - CAPTION_HEIGHT)
    old = QRectF(ci.geometry())
    exporter = ex.ImageExporter(ci)  # its setExportMode: antialiased curves, pens scaled
    painter.fillRect(QRectF(0, 0, w, h), QColor("white"))
    cached = cached_items(layout_widget.scene())
    try:
        for item in cached:  # vectors, not pixmaps, and drawn at the export's scale
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        ci.setGeometry(logical)
        ci.layout.activate()
        exporter.setExportMode(True, {"antialias": True, "background": QColor("white"), "painter": painter,
                                      "resolutionScale": scale})
        painter.save()
        painter.scale(scale, scale)
        font = QFont(painter.font())
        font.setPixelSize(CAPTION_PX)
        painter.setFont(font)
        painter.setPen(QColor("#212529"))
        painter.drawText(QRectF(8, 2, EXPORT_LOGICAL_WIDTH - 16, CAPTION_HEIGHT - 4),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
                         caption)
        painter.restore()
        target = QRectF(0, CAPTION_HEIGHT * scale, w, logical.height() * scale)
        layout_widget.scene().render(painter, target, ci.mapRectToScene(ci.boundingRect()))
    finally:
        exporter.setExportMode(False)
        ci.setGeometry(old)
        ci.layout.activate()
        for item in cached:
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def _paint_on(device, layout_widget, width: int, caption: str) -> None:
    """Paint the export onto an image or an SVG generator, ending the painter whatever happens."""
    from PySide6.QtGui import QPainter

    painter = QPainter(device)
    try:
        paint_export(layout_widget, painter, width, caption)
    finally:
        painter.end()


def export_image(layout_widget, path: str | Path, width: int = EXPORT_WIDTH, caption: str = "") -> None:
    """PNG or SVG (by suffix) of a pyqtgraph GraphicsLayoutWidget, all its plots, under
    ``caption``. Written beside the target and renamed, so it is never half-written."""
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgGenerator

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"{path.name}: choose a .png or .svg file name")
    target = save_target(path)
    w, h, _ = export_size(layout_widget, width)
    dpi = picture_dpi()
    fd, tmp = temp_path_beside(target)
    os.close(fd)
    try:
        if suffix == ".png":
            image = QImage(w, h, QImage.Format.Format_ARGB32)
            dpm = round(dpi / 0.0254)
            image.setDotsPerMeterX(dpm)
            image.setDotsPerMeterY(dpm)
            _paint_on(image, layout_widget, w, caption)
            if not image.save(tmp, "PNG"):
                raise OSError(f"{path}: the PNG could not be written")
        else:
            gen = QSvgGenerator()
            gen.setFileName(tmp)
            gen.setResolution(dpi)
            gen.setSize(QSize(w, h))
            gen.setViewBox(QRectF(0, 0, w, h))
            gen.setTitle("OrbitDesk plot")
            gen.setDescription(caption)
            _paint_on(gen, layout_widget, w, caption)
        replace_atomically(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_csv(path: str | Path, text: str) -> None:
    atomic_write_text(path, text)
