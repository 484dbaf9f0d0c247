"""The Earth texture as an (H, W, 3) uint8 array, decoded by Qt from the bundled JPEG."""

from __future__ import annotations

from functools import cache

import numpy as np
from PySide6.QtGui import QImage

from orbitdesk.paths import resource

EARTH_TEXTURE = ("textures", "earth_blue_marble_2048.jpg")
CREDIT = "Earth: NASA Earth Observatory, Blue Marble Next Generation (public domain)"


@cache
def earth_image() -> np.ndarray:
    path = resource(*EARTH_TEXTURE)
    image = QImage(str(path))
    if image.isNull():
        raise FileNotFoundError(f"cannot read the Earth texture {path}")
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w = image.height(), image.width()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : w * 3].reshape(h, w, 3).copy()  # a copy: the QImage buffer dies with it
