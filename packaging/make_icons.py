"""Render resources/icons/orbitdesk.svg to the PNG (Linux .desktop, window icon), ICO (Windows)
and ICNS (macOS) the installers need. Run once by a developer; the outputs are committed."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def icns(images: dict[int, QImage]) -> bytes:
    """Apple icon file: PNG entries 'ic07' (128), 'ic08' (256), 'ic09' (512), 'ic10' (1024)."""
    types = {128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}
    body = b"".join(types[s] + struct.pack(">I", 8 + len(p)) + p
                    for s, p in ((s, png_bytes(images[s])) for s in sorted(types)))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (painting needs an application)
    renderer = QSvgRenderer(str(ICONS / "orbitdesk.svg"))
    images = {s: render(renderer, s) for s in (16, 32, 48, 64, 128, 256, 512, 1024)}
    images[256].save(str(ICONS / "orbitdesk.png"), "PNG")
    images[256].save(str(ICONS / "orbitdesk.ico"), "ICO")
    (ICONS / "orbitdesk.icns").write_bytes(icns(images))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
