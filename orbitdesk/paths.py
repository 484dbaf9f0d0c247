"""Where OrbitDesk's bundled resources live: one place for the dev tree, a wheel and a bundle.

Qt-free on purpose: the model layer reads catalogs through it. Order of search:
1. a PyInstaller bundle (``sys._MEIPASS/resources``);
2. an installed wheel (``orbitdesk/_resources``, see pyproject's force-include);
3. the source tree (``<repo>/resources``), which editable installs use.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resources_dir() -> Path:
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates += [_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"]
    for path in candidates:
        if (path / "catalogs").is_dir():
            return path
    raise FileNotFoundError(
        "OrbitDesk's resources folder is missing; looked in: " + ", ".join(map(str, candidates))
    )


def resource(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource("catalogs", "gpus.json")``."""
    return resources_dir().joinpath(*parts)
